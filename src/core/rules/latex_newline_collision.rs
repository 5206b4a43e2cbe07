//! ## What it does
//! Finds LaTeX commands that begin with `n` (`\neq`, `\nabla`, `\nu`, `\neg`, `\not`,
//! `\newline`, ...) inside the math of an article's Markdown fields (`answer` by default):
//! `$...$`, `$$...$$`, `\(...\)` and `\[...\]`, as the page's Markdown parser finds them (never
//! in code).
//!
//! ## Why is this bad?
//! The site stores the line breaks of `answer` as the two characters `\n`, and its page code
//! turns every `\n` into a line break before KaTeX renders the math. So `\neq` reaches KaTeX as
//! a line break followed by `eq`, `\nabla^2 u` as a line break followed by `abla^2 u`: the
//! formula is silently destroyed.
//!
//! ## Example
//! ```yaml
//! answer: >-
//!     The wave equation is $\frac{\partial^2 u}{\partial t^2} = c^2 \nabla^2 u$.
//! ```
//!
//! ## Use instead
//! ```yaml
//! answer: >-
//!     The wave equation is $\frac{\partial^2 u}{\partial t^2} = c^2 ∇^2 u$.
//! ```
//!
//! Right after an opening `$$` or `\[`, `\n` followed by one letter (`$$\nu(t) = …`) is a line
//! break before a one-letter variable, as the author meant, and is not reported.
//!
//! ## Fix
//! Unsafe: where a Unicode character means the same to KaTeX (`≠`, `∇`, `ν`, `¬`, `∉`, ...),
//! `--fix --unsafe-fixes` writes it in place of the command. Commands without such a character
//! (`\not`, `\newline`, `\nolimits`, ...) have to be rewritten by hand.
//!
//! ## Configuration
//! A site whose page keeps `\n` as it is has nothing to report here:
//! ```toml
//! [render]
//! escaped-newlines = false
//! ```

use std::ops::Range;

use crate::core::diagnostic::{Applicability, Diagnostic, Fix};
use crate::core::markdown;
use crate::core::render::{self, Rendered};
use crate::core::rules::{FileContext, FileRule, RuleId};

crate::core::rules::rule!(
    LatexNewlineCollision,
    "latex-newline-collision",
    Warning,
    Unsafe,
    "A LaTeX command starting with `n` in math, broken by the site's `\\n` line breaks"
);

/// KaTeX commands that begin with `n`, and the Unicode character KaTeX reads the same way;
/// sorted by bytes, for a binary search.
const COMMANDS: &[(&str, Option<&str>)] = &[
    ("nLeftarrow", Some("⇍")),
    ("nLeftrightarrow", Some("⇎")),
    ("nRightarrow", Some("⇏")),
    ("nVDash", Some("⊯")),
    ("nVdash", Some("⊮")),
    ("nabla", Some("∇")),
    ("natural", Some("♮")),
    ("ncong", Some("≇")),
    ("ne", Some("≠")),
    ("nearrow", Some("↗")),
    ("neg", Some("¬")),
    ("negmedspace", None),
    ("negthickspace", None),
    ("negthinspace", None),
    ("neq", Some("≠")),
    ("newline", None),
    ("nexists", Some("∄")),
    ("ngeq", Some("≱")),
    ("ngeqq", None),
    ("ngeqslant", None),
    ("ngtr", Some("≯")),
    ("ni", Some("∋")),
    ("nleftarrow", Some("↚")),
    ("nleftrightarrow", Some("↮")),
    ("nleq", Some("≰")),
    ("nleqq", None),
    ("nleqslant", None),
    ("nless", Some("≮")),
    ("nmid", Some("∤")),
    ("nobreak", None),
    ("nolimits", None),
    ("nonumber", None),
    ("normalfont", None),
    ("normalsize", None),
    ("not", None),
    ("notag", None),
    ("notin", Some("∉")),
    ("notni", Some("∌")),
    ("nparallel", Some("∦")),
    ("nprec", Some("⊀")),
    ("npreceq", Some("⋠")),
    ("nrightarrow", Some("↛")),
    ("nshortmid", None),
    ("nshortparallel", None),
    ("nsim", Some("≁")),
    ("nsubseteq", Some("⊈")),
    ("nsubseteqq", None),
    ("nsucc", Some("⊁")),
    ("nsucceq", Some("⋡")),
    ("nsupseteq", Some("⊉")),
    ("nsupseteqq", None),
    ("ntriangleleft", Some("⋪")),
    ("ntrianglelefteq", Some("⋬")),
    ("ntriangleright", Some("⋫")),
    ("ntrianglerighteq", Some("⋭")),
    ("nu", Some("ν")),
    ("nvDash", Some("⊭")),
    ("nvdash", Some("⊬")),
    ("nwarrow", Some("↖")),
];

impl FileRule for LatexNewlineCollision {
    fn check(ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
        let settings = &ctx.settings.render;
        if !settings.escaped_newlines {
            return;
        }
        for rendered in ctx.rendered() {
            let value = rendered.value;
            let commands: Vec<usize> = memchr::memmem::find_iter(value.as_bytes(), b"\\n")
                .filter(|&i| command_at(value, i).is_some())
                .collect();
            if commands.is_empty() {
                continue;
            }
            // Where the math is in the text the author meant: every `\n` a line break but
            // those that start a command. The site breaks those commands, and the formula
            // with them, so the page's own reading cannot tell where the math was.
            let keep = |i: usize| commands.binary_search(&i).is_ok();
            let (meant, breaks) = render::unescape_newlines_except(value, keep);
            let markdown = markdown::parse(&meant, render::markdown_options(settings));
            let math = markdown.spans.iter().filter(|s| s.kind.is_math());
            let regions = math
                .map(|s| s.range.clone())
                .chain(render::brackets(&meant, &markdown).into_iter().map(|b| b.range));
            for region in regions {
                for at in memchr::memmem::find_iter(&meant.as_bytes()[region.clone()], b"\\n") {
                    let offset = region.start + at;
                    let value_at = offset + breaks.partition_point(|&b| b < offset);
                    if let Some((name, unicode)) = command_at(value, value_at) {
                        let range = value_at..value_at + 1 + name.len();
                        out.push(diagnostic(ctx.text, rendered, range, name, unicode));
                    }
                }
            }
        }
    }
}

/// The `\n`-command at value offset `at`, if the `\n` there starts one the author meant: not
/// after another backslash (`\\neq` is LaTeX's line break, then text), and not a one-letter
/// variable on the line after an opening `$$` (`$$\nu(t)`).
fn command_at(value: &str, at: usize) -> Option<(&'static str, Option<&'static str>)> {
    let bytes = value.as_bytes();
    if at > 0 && bytes[at - 1] == b'\\' {
        return None;
    }
    let end = (at + 1..bytes.len())
        .find(|&j| !bytes[j].is_ascii_alphabetic())
        .unwrap_or(bytes.len());
    let name = &value[at + 1..end];
    let at_name = COMMANDS.binary_search_by(|(c, _)| c.cmp(&name)).ok()?;
    let (known, unicode) = COMMANDS[at_name];
    if known.len() == 2 && (value[..at].ends_with("$$") || value[..at].ends_with("\\[")) {
        return None;
    }
    Some((known, unicode))
}

/// A diagnostic for the command at `range` of the value.
fn diagnostic(
    text: &str,
    rendered: &Rendered<'_>,
    range: Range<usize>,
    name: &str,
    unicode: Option<&str>,
) -> Diagnostic {
    let rest = &name[1..];
    let diagnostic = Diagnostic::new(
        RuleId::LatexNewlineCollision,
        rendered.value_file_range(range.clone()),
        format!("`\\{name}` in math is broken by the site's `\\n` line breaks"),
    )
    .with_label(format!("renders as a line break followed by \"{rest}\""));
    match unicode {
        Some(symbol) => {
            let diagnostic = diagnostic.with_help(format!(
                "KaTeX reads \"{symbol}\" the same as `\\{name}`; write that instead"
            ));
            match rendered.value_edit(text, range, symbol) {
                Some(edit) => diagnostic.with_fix(Fix {
                    applicability: Applicability::Unsafe,
                    edits: vec![edit],
                    title: format!("replace `\\{name}` with \"{symbol}\""),
                }),
                None => diagnostic,
            }
        }
        None => diagnostic.with_help(format!(
            "rewrite the formula without `\\{name}`: the page turns its `\\n` into a line break before KaTeX sees it"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_are_sorted_for_the_binary_search() {
        assert!(COMMANDS.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(command_at("x \\nabla y", 2), Some(("nabla", Some("∇"))));
        assert_eq!(command_at("x \\nLeftarrow y", 2), Some(("nLeftarrow", Some("⇍"))));
        assert_eq!(command_at("x \\nothing", 2), None);
    }
}
