//! ## What it does
//! Reports an `answer` wrapped in double quotes with doubled quotes inside
//! (`"The ""Delicious Dish"" parody …"`): a value copied out of a CSV export, where a field is
//! quoted and its own quotes are doubled, and pasted in without being unquoted.
//!
//! ## Why is this bad?
//! Readers see the stray quotes around the whole answer and every quotation doubled.
//!
//! ## Example
//! ```yaml
//! answer: >-
//!     "The 'Delicious Dish' parody, exemplified by the ""Schweddy Balls"" sketch, ..."
//! ```
//!
//! ## Use instead
//! ```yaml
//! answer: >-
//!     The 'Delicious Dish' parody, exemplified by the "Schweddy Balls" sketch, ...
//! ```
//!
//! ## Fix
//! Safe: removes the outer quotes and un-doubles the inner ones, touching only those quote
//! characters. There is no fix when a quote is written with a YAML escape or the text after
//! the opening quote starts with a space (removing the quote would change the scalar's
//! folding).

use crate::core::diagnostic::{Diagnostic, Fix};
use crate::core::rules::{FileContext, FileRule, RuleId};

crate::core::rules::rule!(
    QuotedAnswerLeftover,
    "quoted-answer-leftover",
    Warning,
    Safe,
    "`answer` wrapped in `\"…\"` with doubled `\"\"` inside, as a CSV export writes it"
);

impl FileRule for QuotedAnswerLeftover {
    fn check(ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
        for field in ctx.rendered().iter().filter(|f| f.field == "answer") {
            let Some(quotes) = csv_quotes(field.value) else {
                continue;
            };
            let whole = quotes[0]..quotes[quotes.len() - 1] + 1;
            let doubled = quotes.len() - 2;
            let mut diagnostic = Diagnostic::new(
                RuleId::QuotedAnswerLeftover,
                field.value_file_range(whole),
                format!(
                    "the answer is wrapped in quotes, with {doubled} doubled `\"\"` inside, as a CSV export writes it",
                ),
            )
            .with_label("quoted as a CSV field")
            .with_help("remove the outer quotes and write each doubled `\"\"` as one `\"`");
            let edits: Option<Vec<_>> = quotes
                .iter()
                .map(|&at| field.value_edit(ctx.text, at..at + 1, ""))
                .collect();
            let folds = field.value[quotes[0] + 1..].starts_with(char::is_whitespace);
            if let Some(edits) = edits.filter(|_| !folds) {
                diagnostic = diagnostic.with_fix(Fix::safe("unquote the answer", edits));
            }
            out.push(diagnostic);
        }
    }
}

/// The value offsets of the quotes to remove when `value` is a CSV-quoted field: the opening
/// and closing quote and the first of each doubled pair inside; `None` when it is not one.
pub fn csv_quotes(value: &str) -> Option<Vec<usize>> {
    let start = value.len() - value.trim_start().len();
    let trimmed = value.trim();
    if trimmed.len() < 4 || !trimmed.starts_with('"') || !trimmed.ends_with('"') {
        return None;
    }
    let inner = &trimmed[1..trimmed.len() - 1];
    let mut quotes = vec![start];
    let mut i = 0;
    while let Some(found) = inner[i..].find('"') {
        let at = i + found;
        if !inner[at + 1..].starts_with('"') {
            // A lone quote inside: not a CSV field.
            return None;
        }
        quotes.push(start + 1 + at);
        i = at + 2;
    }
    if quotes.len() == 1 {
        return None;
    }
    quotes.push(start + trimmed.len() - 1);
    Some(quotes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_csv_field_gives_its_outer_and_doubled_quotes() {
        let value = r#""The ""Schweddy Balls"" sketch.""#;
        let quotes = csv_quotes(value).unwrap();
        let mut kept = String::new();
        for (i, c) in value.char_indices() {
            if !quotes.contains(&i) {
                kept.push(c);
            }
        }
        assert_eq!(kept, r#"The "Schweddy Balls" sketch."#);
    }

    #[test]
    fn quoted_text_that_is_no_csv_field_is_left_alone() {
        for value in [
            r#""Just a quotation.""#,
            r#""One" and "two""#,
            r#"The ""odd"" text."#,
            r#""#,
        ] {
            assert_eq!(csv_quotes(value), None, "{value}");
        }
    }
}
