//! ## What it does
//! Renders every formula of the article's Markdown fields (`answer` by default) the way the page
//! does, and reports each one KaTeX cannot parse, with KaTeX's own error, pointing at the bytes
//! KaTeX points at.
//!
//! ## Why is this bad?
//! The page turns each two-character `\n` of `answer` into a line break, then renders the
//! Markdown with react-markdown, remark-gfm, remark-math and rehype-katex. rehype-katex renders
//! with KaTeX's `throwOnError: false`: a formula KaTeX cannot parse is not typeset but shown to
//! readers as red LaTeX source. Common causes: a command KaTeX lacks (`\ce` without the mhchem
//! extension), a double subscript (`x_1_2`), an unbalanced brace, `%` (a LaTeX comment) in
//! `\text{95% CI}`, an environment KaTeX does not have, or a `\n` line break that cut a command
//! in two (see `latex-newline-collision`).
//!
//! Formulas are found by a real Markdown parser with remark-math's rules (not by searching for
//! `$`), and checked by a Rust port of KaTeX's parser whose verdicts equal real KaTeX's.
//!
//! ## Example
//! ```yaml
//! answer: >-
//!     Water is $\ce{H2O}$, and the interval is $\text{95% CI}$.
//! ```
//!
//! ## Use instead
//! ```yaml
//! answer: >-
//!     Water is $\text{H}_2\text{O}$, and the interval is $\text{95\% CI}$.
//! ```
//!
//! ## Configuration
//! A site that renders differently says so in `contentlint.toml`:
//! ```toml
//! [render]
//! markdown-fields = ["answer", "body"]  # the fields rendered as Markdown
//! escaped-newlines = false              # the page does not turn `\n` into line breaks
//! math-delimiters = ["dollars", "brackets"]  # \(…\) and \[…\] are typeset too
//! mhchem = true                         # KaTeX's mhchem extension is loaded
//! [render.macros]
//! "\\RR" = "\\mathbb{R}"                # KaTeX macros the page defines
//! ```

use crate::core::diagnostic::Diagnostic;
use crate::core::math::{self, MathError};
use crate::core::render::{Math, Rendered};
use crate::core::rules::{FileContext, FileRule, RuleId};

crate::core::rules::rule!(
    MathRenderError,
    "math-render-error",
    Error,
    None,
    "A formula KaTeX cannot render: readers see red LaTeX source"
);

impl FileRule for MathRenderError {
    fn check(ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
        let settings = &ctx.settings.render;
        for rendered in ctx.rendered() {
            for formula in rendered.math(settings) {
                if let Err(error) = math::check(formula.tex(), formula.display(), &settings.katex) {
                    out.push(diagnostic(rendered, &formula, &error));
                }
            }
        }
    }
}

fn diagnostic(rendered: &Rendered<'_>, formula: &Math<'_>, error: &MathError) -> Diagnostic {
    let whole = rendered.file_range(formula.range());
    let mut diagnostic = Diagnostic::new(
        RuleId::MathRenderError,
        whole.clone(),
        format!("KaTeX cannot render this formula: {}", error.message),
    )
    .with_label("shown to readers as red LaTeX source");
    // Where KaTeX stopped, when it says and it is not the whole formula.
    if let Some(range) = error.range.clone().filter(|r| !r.is_empty()) {
        let at = rendered.file_range(formula.tex_range(range));
        if at != whole {
            let token = formula.tex().get(error.range.clone().unwrap_or_default()).unwrap_or("");
            diagnostic = diagnostic.with_secondary(at, format!("KaTeX stops at `{token}`"));
        }
    }
    match help(formula.tex(), &error.message) {
        Some(help) => diagnostic.with_help(help),
        None => diagnostic,
    }
}

/// Advice for the errors content editors meet most.
fn help(tex: &str, message: &str) -> Option<String> {
    if let Some(name) = message.strip_prefix("Undefined control sequence: ") {
        return Some(match name {
            "\\ce" | "\\pu" => format!(
                "`{name}` comes from KaTeX's mhchem extension, which the page does not load: write \
                 the formula with `\\text{{}}` and subscripts (`\\text{{H}}_2\\text{{O}}`), or set \
                 `mhchem = true` under `[render]` if the site loads it"
            ),
            _ => format!(
                "KaTeX has no `{name}` (https://katex.org/docs/supported); rewrite it, or define \
                 it under `[render.macros]` if the page does"
            ),
        });
    }
    if message.starts_with("Double subscript") || message.starts_with("Double superscript") {
        return Some("group the scripts: `x_{12}` or `{x_1}_2`".to_string());
    }
    if has_unescaped_percent(tex) {
        return Some("`%` starts a comment in LaTeX and hides the rest of the line: write `\\%`".to_string());
    }
    if let Some(name) = message.strip_prefix("No such environment: ") {
        return Some(format!(
            "KaTeX has no `{name}` environment; `aligned`, `gathered`, `cases`, `array` and the \
             `matrix` family work inside `$$…$$`"
        ));
    }
    None
}

fn has_unescaped_percent(tex: &str) -> bool {
    let bytes = tex.as_bytes();
    (0..bytes.len()).any(|i| {
        bytes[i] == b'%' && bytes[..i].iter().rev().take_while(|&&b| b == b'\\').count() % 2 == 0
    })
}
