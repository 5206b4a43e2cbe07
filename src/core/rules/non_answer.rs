//! ## What it does
//! Reports an `answer` whose first sentence declines to answer ("I cannot answer this question
//! based on the available information.", "I'm sorry, but …", "Unfortunately, I don't have …")
//! on an article that search engines index (no `no_index: true`). The diagnostic is on that
//! sentence.
//!
//! ## Why is this bad?
//! The page promises an answer to its question and gives a refusal: readers leave, and search
//! engines rank the site's other pages lower for it. On the real site every article marked
//! `no_index` is such a non-answer; an indexed one was missed.
//!
//! ## Example
//! ```yaml
//! question: Did the individual face any backlash from their family?
//! answer: >-
//!     I cannot answer this question based on the available information.
//! ```
//!
//! ## Use instead
//! Write the answer, or keep the article out of search and of related cards:
//! ```yaml
//! no_index: true
//! ```

use crate::core::diagnostic::Diagnostic;
use crate::core::rules::{FileContext, FileRule, RuleId};

crate::core::rules::rule!(
    NonAnswer,
    "non-answer",
    Warning,
    None,
    "An indexed article's `answer` declines to answer (\"I cannot answer …\")"
);

impl FileRule for NonAnswer {
    fn check(ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
        if ctx.article.is_none_or(|article| article.no_index) {
            return;
        }
        for field in ctx.rendered().iter().filter(|f| f.field == "answer") {
            let Some(range) = declining(&field.shown) else {
                continue;
            };
            out.push(
                Diagnostic::new(
                    RuleId::NonAnswer,
                    field.file_range(range.clone()),
                    format!(
                        "the answer declines to answer: {:?}",
                        field.shown[range].trim()
                    ),
                )
                .with_label("not an answer")
                .with_help(
                    "write the answer, or set `no_index: true` (and drop the related cards that point here) so that readers and search engines are not sent to a refusal",
                ),
            );
        }
    }
}

/// How a refusal starts, in lower case (with `’` read as `'`).
const OPENERS: &[&str] = &[
    "i cannot answer",
    "i can't answer",
    "i can not answer",
    "i am unable to answer",
    "i'm unable to answer",
    "i am unable to provide",
    "i'm unable to provide",
    "i cannot provide",
    "i can't provide",
    "i'm sorry, but",
    "i am sorry, but",
    "i apologize, but",
    "i apologise, but",
    "sorry, but i",
    "unfortunately, i cannot",
    "unfortunately, i can't",
    "unfortunately, i don't have",
    "unfortunately, i do not have",
    "unfortunately, i am unable",
    "unfortunately, i'm unable",
    "i don't have enough information",
    "i do not have enough information",
    "i don't have access to",
    "i do not have access to",
    "as an ai",
];

/// The first sentence of `shown` when it is a refusal.
pub fn declining(shown: &str) -> Option<std::ops::Range<usize>> {
    let start = shown.len() - shown.trim_start().len();
    let rest = &shown[start..];
    let lower = rest
        .chars()
        .take(48)
        .collect::<String>()
        .to_lowercase()
        .replace('’', "'");
    if !OPENERS.iter().any(|o| lower.starts_with(o)) {
        return None;
    }
    let end = rest
        .char_indices()
        .find(|&(i, c)| {
            c == '\n'
                || (matches!(c, '.' | '!' | '?')
                    && rest[i + 1..].chars().next().is_none_or(char::is_whitespace))
        })
        .map_or(rest.len(), |(i, c)| i + if c == '\n' { 0 } else { 1 });
    Some(start..start + end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_are_found_by_their_first_sentence() {
        let text = "I cannot answer this question based on the available information. More.";
        assert_eq!(
            declining(text).map(|r| &text[r]),
            Some("I cannot answer this question based on the available information.")
        );
        assert!(declining("I’m sorry, but the text does not say.").is_some());
        assert!(declining("  Unfortunately, I don't have details.").is_some());
    }

    #[test]
    fn answers_are_not_refusals() {
        for text in [
            "I cannot stress enough how important sleep is.",
            "Case managers cannot answer every question alone.",
            "Sorry is a word that carries weight in apologies.",
            "Unfortunately, the policy failed.",
        ] {
            assert_eq!(declining(text), None, "{text}");
        }
    }
}
