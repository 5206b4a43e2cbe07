//! ## What it does
//! Finds LaTeX commands that begin with `n` (`\neq`, `\nabla`, `\nu`, `\neg`, `\not`,
//! `\newline`, ...) inside the math of an article's `answer`: `$...$`, `$$...$$`, `\(...\)` and
//! `\[...\]`.
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
//! ## Fix
//! Unsafe: where a Unicode character means the same to KaTeX (`≠`, `∇`, `ν`, `¬`, `∉`, ...),
//! `--fix --unsafe-fixes` writes it in place of the command. Commands without such a character
//! (`\not`, `\newline`, `\nolimits`, ...) have to be rewritten by hand.

use std::ops::Range;

use crate::core::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::core::rules::{FileContext, FileRule, RuleId};
use crate::core::document::Document;
use crate::core::yaml::NodeKind;

crate::core::rules::rule!(
    LatexNewlineCollision,
    "latex-newline-collision",
    Warning,
    "A LaTeX command starting with `n` in `answer` math, broken by the site's `\\n` line breaks"
);

/// The front-matter field whose `\n` sequences the site turns into line breaks.
const FIELD: &str = "answer";

/// KaTeX commands that begin with `n`, and the Unicode character KaTeX reads the same way.
const COMMANDS: &[(&str, Option<&str>)] = &[
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
    ("nLeftarrow", Some("⇍")),
    ("nleftarrow", Some("↚")),
    ("nLeftrightarrow", Some("⇎")),
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
    ("nRightarrow", Some("⇏")),
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
    ("nVDash", Some("⊯")),
    ("nVdash", Some("⊮")),
    ("nvDash", Some("⊭")),
    ("nvdash", Some("⊬")),
    ("nwarrow", Some("↖")),
];

impl FileRule for LatexNewlineCollision {
    fn check(ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
        if let Some(doc) = ctx.doc {
            check(doc, out);
        }
    }
}

/// Checks the `answer` field of `doc`.
pub fn check(doc: &Document, out: &mut Vec<Diagnostic>) {
    let Some(answer) = doc.root.as_ref().and_then(|root| root.get(FIELD)) else {
        return;
    };
    // In a double-quoted scalar `\n` is YAML's own escape, not the site's two characters.
    if !matches!(&answer.kind, NodeKind::Scalar { style, .. }
        if *style != saphyr_parser::ScalarStyle::DoubleQuoted)
    {
        return;
    }
    let raw = &doc.text[answer.span.clone()];
    for region in math_regions(raw) {
        for (range, name, unicode) in collisions(raw, region) {
            let span = answer.span.start + range.start..answer.span.start + range.end;
            out.push(diagnostic(span, name, unicode));
        }
    }
}

fn diagnostic(span: Range<usize>, name: &str, unicode: Option<&str>) -> Diagnostic {
    let rest = &name[1..];
    let diagnostic = Diagnostic::new(
        RuleId::LatexNewlineCollision,
        span.clone(),
        format!("`\\{name}` in math is broken by the site's `\\n` line breaks"),
    )
    .with_label(format!("renders as a line break followed by \"{rest}\""));
    match unicode {
        Some(symbol) => diagnostic
            .with_help(format!(
                "KaTeX reads \"{symbol}\" the same as `\\{name}`; write that instead"
            ))
            .with_fix(Fix {
                applicability: Applicability::Unsafe,
                edits: vec![Edit::new(span, symbol)],
                title: format!("replace `\\{name}` with \"{symbol}\""),
            }),
        None => diagnostic.with_help(format!(
            "rewrite the formula without `\\{name}`: the page turns its `\\n` into a line break before KaTeX sees it"
        )),
    }
}

/// Byte ranges of math in `text`, delimiters excluded.
fn math_regions(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut regions = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        // Math starts at a `$` or a backslash: jump to the next one.
        let Some(next) = bytes[i..].iter().position(|&b| b == b'$' || b == b'\\') else {
            break;
        };
        i += next;
        let rest = &text[i..];
        let found = if rest.starts_with("\\$") {
            i += 2;
            continue;
        } else if rest.starts_with("$$") {
            find_from(text, i + 2, "$$").map(|end| (i + 2..end, end + 2))
        } else if rest.starts_with('$') {
            inline_dollar_end(text, i + 1).map(|end| (i + 1..end, end + 1))
        } else if rest.starts_with("\\(") {
            find_from(text, i + 2, "\\)").map(|end| (i + 2..end, end + 2))
        } else if rest.starts_with("\\[") {
            find_from(text, i + 2, "\\]").map(|end| (i + 2..end, end + 2))
        } else {
            None
        };
        match found {
            Some((region, next)) => {
                regions.push(region);
                i = next;
            }
            None => i += 1,
        }
    }
    regions
}

fn find_from(text: &str, from: usize, needle: &str) -> Option<usize> {
    text[from..].find(needle).map(|i| from + i)
}

/// The closing `$` of inline math opened just before `from`: not escaped, not followed by a
/// digit (`$5 and $10` is money), and within the paragraph (no `\n\n` in between).
fn inline_dollar_end(text: &str, from: usize) -> Option<usize> {
    let paragraph_end = find_from(text, from, "\\n\\n").unwrap_or(text.len());
    let bytes = text.as_bytes();
    let mut i = from;
    while i < paragraph_end {
        match bytes[i] {
            b'\\' => i += 2,
            b'$' if i > from && !bytes.get(i + 1).is_some_and(u8::is_ascii_digit) => {
                return Some(i);
            }
            _ => i += 1,
        }
    }
    None
}

/// Every `\n`-command in `region` of `text`: its range, name and Unicode equivalent.
fn collisions(
    text: &str,
    region: Range<usize>,
) -> Vec<(Range<usize>, &'static str, Option<&'static str>)> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = region.start;
    while i + 1 < region.end {
        if bytes[i] != b'\\' {
            i += 1;
            continue;
        }
        if bytes[i + 1] == b'\\' {
            // `\\` is LaTeX's own line break; what follows it is text.
            i += 2;
            continue;
        }
        let name_end = (i + 1..region.end)
            .find(|&j| !bytes[j].is_ascii_alphabetic())
            .unwrap_or(region.end);
        let name = &text[i + 1..name_end];
        if name.starts_with('n')
            && let Some(&(known, unicode)) = COMMANDS.iter().find(|(c, _)| *c == name)
        {
            found.push((i..name_end, known, unicode));
        }
        i = name_end.max(i + 1);
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(String, Option<&'static str>)> {
        math_regions(text)
            .into_iter()
            .flat_map(|r| collisions(text, r))
            .map(|(range, _, unicode)| (text[range].to_string(), unicode))
            .collect()
    }

    #[test]
    fn commands_in_every_kind_of_math() {
        assert_eq!(found(r"$a \neq b$"), vec![(r"\neq".into(), Some("≠"))]);
        assert_eq!(
            found(r"$$c^2 \nabla^2 u$$"),
            vec![(r"\nabla".into(), Some("∇"))]
        );
        assert_eq!(found(r"\(T^{\mu\nu}\)"), vec![(r"\nu".into(), Some("ν"))]);
        assert_eq!(found(r"\[\neg p\]"), vec![(r"\neg".into(), Some("¬"))]);
        assert_eq!(found(r"$\not\in$"), vec![(r"\not".into(), None)]);
        assert_eq!(found(r"$a \ne b$"), vec![(r"\ne".into(), Some("≠"))]);
    }

    #[test]
    fn line_breaks_and_text_outside_math_are_left_alone() {
        // The site's real line breaks, in and out of math.
        assert_eq!(found(r"One.\n\nIn summary $x$.\nThe end"), vec![]);
        assert_eq!(found(r"$$\n   x = 1\n   $$"), vec![]);
        assert_eq!(found(r"outside \neq math"), vec![]);
        // Money is not math.
        assert_eq!(found(r"costs $5.\ni.e. $10 more"), vec![]);
        // `\\` then `neq` is a LaTeX line break followed by text.
        assert_eq!(found(r"$a \\neq$"), vec![]);
        assert_eq!(found(r"$\$5 \ni$"), vec![(r"\ni".into(), Some("∋"))]);
    }

    #[test]
    fn real_article_text() {
        let text = r"expressed as:\n   $$\n   \frac{\partial^2 u}{\partial t^2} = c^2 \nabla^2 u\n   $$\n   where $ \nabla^2 $ is the Laplacian";
        assert_eq!(
            found(text),
            vec![(r"\nabla".into(), Some("∇")), (r"\nabla".into(), Some("∇"))]
        );
    }
}
