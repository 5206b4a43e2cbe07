//! ## What it does
//! Reports an article that lists itself among its related articles: a `related_articleN`
//! whose `id` is the article's own id, or whose `url` is the article's own url.
//!
//! ## Why is this bad?
//! The page renders each related card from the block's copied `url`: a card with the
//! article's own url sends readers back to the page they are on, and one with its own id
//! wastes one of the five slots on a link that looks broken.
//!
//! ## Example
//! ```yaml
//! id: 39504
//! url: /learn/nursing/questions/what-is-a-care-plan
//! related_article3:
//!     id: 39504
//!     url: /learn/nursing/questions/what-is-a-care-plan
//! ```
//!
//! ## Use instead
//! Point `related_article3` at another article, or remove it.

use crate::core::article::Article;
use crate::core::diagnostic::Diagnostic;
use crate::core::rules::{FileContext, FileRule, RuleId};

crate::core::rules::rule!(
    RelatedSelf,
    "related-self",
    Error,
    None,
    "An article lists itself as related (its own id or url)"
);

impl FileRule for RelatedSelf {
    fn check(ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
        if let Some(article) = ctx.article {
            check(article, out);
        }
    }
}

/// Checks `article`'s related references against its own id and url.
pub fn check(article: &Article, out: &mut Vec<Diagnostic>) {
    for related in &article.related {
        let own_id = related
            .id
            .as_ref()
            .zip(article.id.as_ref())
            .filter(|(id, own)| id.value == own.value);
        if let Some((id, own)) = own_id {
            out.push(
                Diagnostic::new(
                    RuleId::RelatedSelf,
                    id.span.clone(),
                    format!("`{}` points to the article itself", related.key),
                )
                .with_label(format!("this is the article's own id, {}", own.value))
                .with_secondary(own.span.clone(), "the article's id")
                .with_help("point it at another article, or remove the block"),
            );
            continue;
        }
        let own_url = related
            .url
            .as_ref()
            .zip(article.url.as_ref())
            .filter(|(url, own)| url.value == own.value);
        if let Some((url, own)) = own_url {
            out.push(
                Diagnostic::new(
                    RuleId::RelatedSelf,
                    url.span.clone(),
                    format!("`{}` links to the article itself", related.key),
                )
                .with_label("this is the article's own url")
                .with_secondary(own.span.clone(), "the article's url")
                .with_help(
                    "the card sends readers back to the page they are on: point it at another article, or remove the block",
                ),
            );
        }
    }
}
