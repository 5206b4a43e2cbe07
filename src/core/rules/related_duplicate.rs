//! ## What it does
//! Reports an article whose related list names the same id twice, labelling both places.
//!
//! ## Why is this bad?
//! The page shows the same related article twice, and one of the five slots is lost.
//!
//! ## Example
//! ```yaml
//! related_article1:
//!     id: 39499
//! related_article4:
//!     id: 39499
//! ```
//!
//! ## Use instead
//! Point `related_article4` at another article, or remove it.

use crate::core::diagnostic::Diagnostic;
use crate::core::rules::{FileContext, FileRule, RuleId};
use crate::core::article::Article;

crate::core::rules::rule!(
    RelatedDuplicate,
    "related-duplicate",
    Warning,
    None,
    "The same related article is listed twice"
);

impl FileRule for RelatedDuplicate {
    fn check(ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
        if let Some(article) = ctx.article {
            check(article, out);
        }
    }
}

/// Checks `article`'s related list for repeated ids.
pub fn check(article: &Article, out: &mut Vec<Diagnostic>) {
    for (i, later) in article.related.iter().enumerate() {
        let Some(id) = &later.id else {
            continue;
        };
        let first = article.related[..i]
            .iter()
            .find(|earlier| earlier.id.as_ref().is_some_and(|e| e.value == id.value));
        let Some(first) = first else {
            continue;
        };
        let first_span = first
            .id
            .as_ref()
            .map_or(first.key_span.clone(), |f| f.span.clone());
        // Copies of one article in two folders share its id: listing both shows one question
        // twice, under two urls.
        let other_url = match (&first.url, &later.url) {
            (Some(a), Some(b)) if a.value != b.value => Some(&b.value),
            _ => None,
        };
        let (message, help) = match other_url {
            None => (
                format!(
                    "`{}` repeats article {}, already listed as `{}`",
                    later.key, id.value, first.key
                ),
                format!("point `{}` at another article, or remove it", later.key),
            ),
            Some(url) => (
                format!(
                    "`{}` repeats article {} (as `{url}`), already listed as `{}`",
                    later.key, id.value, first.key
                ),
                format!(
                    "the two urls are copies of article {} in two folders; keep one in the list, and give the other copy an id of its own",
                    id.value
                ),
            ),
        };
        out.push(
            Diagnostic::new(RuleId::RelatedDuplicate, id.span.clone(), message)
                .with_label("listed again here")
                .with_secondary(first_span, "first listed here")
                .with_help(help),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::document::Document;

    fn messages(text: &str) -> Vec<String> {
        let doc = Document::parse(text, &mut Vec::new()).unwrap();
        let article = Article::from_document(std::path::Path::new("a.md"), None, &doc, true);
        let mut out = Vec::new();
        check(&article, &mut out);
        out.into_iter().map(|d| d.message).collect()
    }

    #[test]
    fn a_repeat_and_a_copy_under_another_url() {
        let block = |n: u8, url: &str| format!("related_article{n}:\n    id: 7\n    url: {url}\n");
        let same = format!("---\n{}{}---\n", block(1, "/a"), block(2, "/a"));
        assert_eq!(
            messages(&same),
            vec!["`related_article2` repeats article 7, already listed as `related_article1`"]
        );
        let copy = format!("---\n{}{}---\n", block(1, "/a"), block(3, "/b"));
        assert_eq!(
            messages(&copy),
            vec![
                "`related_article3` repeats article 7 (as `/b`), already listed as `related_article1`"
            ]
        );
    }
}
