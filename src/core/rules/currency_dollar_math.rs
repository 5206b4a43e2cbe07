//! ## What it does
//! Finds inline formulas in the article's Markdown fields (`answer` by default) that are really
//! two money amounts: a `$` before a number opened math, and the next `$` closed it.
//!
//! ## Why is this bad?
//! The page renders `answer` with remark-math, for which any two `$` on a line delimit inline
//! math. In `costs $10 and lowers the price to $8`, the words `10 and lowers the price to ` are
//! typeset as a formula (italic letters, no spaces) and both dollar signs disappear. When real
//! math follows, it is paired with the wrong `$` and shown as raw LaTeX.
//!
//! A formula is taken for money when it starts with an amount and reads as prose: it ends in a
//! space, the closing `$` is followed by a digit (the next amount), or it holds words outside
//! LaTeX commands and braces. `$6.022 \times 10^{23}$` and `$15 \rightarrow 15,000$` are math.
//!
//! ## Example
//! ```yaml
//! answer: >-
//!     A cupcake costs $2 to make and sells for $5.
//! ```
//!
//! ## Use instead
//! ```yaml
//! answer: >-
//!     A cupcake costs \$2 to make and sells for \$5.
//! ```
//!
//! ## Fix
//! Safe when the formula holds no LaTeX command: `--fix` escapes the dollar sign of each amount
//! (`\$2`). Unsafe otherwise, since the author may have meant part of it as math.
//!
//! ## Configuration
//! A site where a single `$` is not math (remark-math's `singleDollarTextMath: false`) says so,
//! and only `$$…$$` is math:
//! ```toml
//! [render]
//! single-dollar = false
//! ```

use crate::core::diagnostic::{Applicability, Diagnostic, Fix};
use crate::core::markdown::{Kind, Span};
use crate::core::render::Rendered;
use crate::core::rules::{FileContext, FileRule, RuleId};

crate::core::rules::rule!(
    CurrencyDollarMath,
    "currency-dollar-math",
    Warning,
    SafeOrUnsafe,
    "Two money amounts whose `$` signs pair up as inline math"
);

impl FileRule for CurrencyDollarMath {
    fn check(ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
        for rendered in ctx.rendered() {
            for span in &rendered.markdown.spans {
                if let Some(next_amount) = is_money(rendered, span) {
                    out.push(diagnostic(ctx.text, rendered, span, next_amount));
                }
            }
        }
    }
}

/// Whether `span` is money typeset as math; `Some(true)` when the closing `$` starts the next
/// amount.
fn is_money(rendered: &Rendered<'_>, span: &Span) -> Option<bool> {
    let shown = rendered.shown.as_bytes();
    if span.kind != Kind::InlineMath
        || shown.get(span.range.start + 1) == Some(&b'$')
        || !starts_with_amount(&span.value)
    {
        return None;
    }
    let next_amount = shown.get(span.range.end).is_some_and(u8::is_ascii_digit);
    let prose = span.value.ends_with([' ', '\n']) || next_amount || words(&span.value) >= 2;
    prose.then_some(next_amount)
}

/// Whether `value` starts with a number such as `5`, `1,000` or `0.50`.
fn starts_with_amount(value: &str) -> bool {
    value.as_bytes().first().is_some_and(u8::is_ascii_digit)
}

/// The words of two letters or more in `value`, outside LaTeX commands and braces.
fn words(value: &str) -> usize {
    let bytes = value.as_bytes();
    let (mut count, mut depth, mut i) = (0, 0usize, 0);
    while i < bytes.len() {
        match bytes[i] {
            b'{' => depth += 1,
            b'}' => depth = depth.saturating_sub(1),
            b'\\' => {
                i += 1;
                while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
                    i += 1;
                }
                continue;
            }
            b if b.is_ascii_alphabetic() => {
                let start = i;
                while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
                    i += 1;
                }
                if depth == 0 && i - start >= 2 {
                    count += 1;
                }
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    count
}

fn diagnostic(text: &str, rendered: &Rendered<'_>, span: &Span, next_amount: bool) -> Diagnostic {
    let shown = &rendered.shown;
    let range = span.range.clone();
    let quoted = shown[range.clone()].replace('\n', " ");
    let diagnostic = Diagnostic::new(
        RuleId::CurrencyDollarMath,
        rendered.file_range(range.clone()),
        format!("`{quoted}` is typeset as a formula: the `$` of two amounts pair up as math delimiters"),
    )
    .with_label("typeset as math, dollar signs hidden")
    .with_help("escape the dollar sign of an amount: `\\$5`");
    let mut edits = vec![rendered.edit(text, range.start..range.start + 1, "\\$")];
    if next_amount {
        edits.push(rendered.edit(text, range.end - 1..range.end, "\\$"));
    }
    let Some(edits) = edits.into_iter().collect::<Option<Vec<_>>>() else {
        return diagnostic;
    };
    let command = span
        .value
        .as_bytes()
        .windows(2)
        .any(|w| w[0] == b'\\' && w[1].is_ascii_alphabetic());
    diagnostic.with_fix(Fix {
        applicability: if command {
            Applicability::Unsafe
        } else {
            Applicability::Safe
        },
        edits,
        title: "escape the dollar signs of the amounts".to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_words_are_counted_outside_commands_and_braces() {
        assert_eq!(words("10 and lowers the price to "), 5);
        assert_eq!(words(r"15 \text{ liters} = 15,000 \text{ milliliters}"), 0);
        assert_eq!(words(r"6.022 \times 10^{23}"), 0);
        assert_eq!(words(r"2\pi n"), 0);
    }
}
