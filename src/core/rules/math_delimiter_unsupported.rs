//! ## What it does
//! Finds math written between `\(` and `\)` or `\[` and `\]` in the article's Markdown fields
//! (`answer` by default), outside code.
//!
//! ## Why is this bad?
//! The page renders `answer` with remark-math, which knows only `$…$` (inline) and `$$…$$`
//! (display) math. To Markdown, `\(` is an escaped parenthesis: readers see `(\frac{a}{b})`, raw
//! LaTeX in brackets, instead of a typeset fraction.
//!
//! `\[1\]` and other brackets around something that does not read as a formula are left alone.
//!
//! ## Example
//! ```yaml
//! answer: >-
//!     The slope is \(\frac{\Delta y}{\Delta x}\).
//! ```
//!
//! ## Use instead
//! ```yaml
//! answer: >-
//!     The slope is $\frac{\Delta y}{\Delta x}$.
//! ```
//!
//! ## Fix
//! Unsafe: `--fix --unsafe-fixes` rewrites `\(…\)` to `$…$` and `\[…\]` to `$$…$$`. It is
//! unsafe because the text around the formula may need care: a `$` amount nearby now pairs with
//! the new delimiters, and `$$…$$` inside a line is typeset inline (a display formula needs
//! `$$` on lines of its own).
//!
//! ## Configuration
//! A site whose page renders `\(…\)` and `\[…\]` (a MathJax or KaTeX auto-render script, say)
//! says so, and this rule stays silent while `math-render-error` checks those formulas:
//! ```toml
//! [render]
//! math-delimiters = ["dollars", "brackets"]
//! ```

use crate::core::diagnostic::{Applicability, Diagnostic, Fix};
use crate::core::render::{Bracket, Rendered};
use crate::core::rules::{FileContext, FileRule, RuleId};

crate::core::rules::rule!(
    MathDelimiterUnsupported,
    "math-delimiter-unsupported",
    Warning,
    Unsafe,
    "`\\(…\\)` or `\\[…\\]` math, which the page's Markdown does not typeset"
);

/// At most this many characters of the formula are quoted in the label.
const QUOTE: usize = 40;

impl FileRule for MathDelimiterUnsupported {
    fn check(ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
        if ctx.settings.render.bracket_math {
            return;
        }
        for rendered in ctx.rendered() {
            for bracket in &rendered.brackets {
                out.push(diagnostic(ctx.text, rendered, bracket));
            }
        }
    }
}

fn diagnostic(text: &str, rendered: &Rendered<'_>, bracket: &Bracket) -> Diagnostic {
    let (open, close, dollars) = if bracket.display {
        ("\\[", "\\]", "$$")
    } else {
        ("\\(", "\\)", "$")
    };
    let inner = &rendered.shown[bracket.inner.clone()];
    let mut quoted: String = inner.chars().take(QUOTE).collect();
    if quoted.len() < inner.len() {
        quoted.push('…');
    }
    let quoted = quoted.replace('\n', " ");
    let left = if bracket.display { '[' } else { '(' };
    let right = if bracket.display { ']' } else { ')' };
    let diagnostic = Diagnostic::new(
        RuleId::MathDelimiterUnsupported,
        rendered.file_range(bracket.range.clone()),
        format!("`{open}…{close}` math is not typeset: the page's Markdown reads only `$…$` and `$$…$$`"),
    )
    .with_label(format!("readers see \"{left}{quoted}{right}\""))
    .with_help(format!("write `{dollars}…{dollars}`"));
    let edits = [
        rendered.edit(text, bracket.range.start..bracket.inner.start, dollars),
        rendered.edit(text, bracket.inner.end..bracket.range.end, dollars),
    ];
    match edits {
        [Some(a), Some(b)] => diagnostic.with_fix(Fix {
            applicability: Applicability::Unsafe,
            edits: vec![a, b],
            title: format!("rewrite `{open}…{close}` as `{dollars}…{dollars}`"),
        }),
        _ => diagnostic,
    }
}
