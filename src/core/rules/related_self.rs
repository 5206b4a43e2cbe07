//! ## What it does
//! Reports an article that lists itself (its own id) among its related articles.
//!
//! ## Why is this bad?
//! A "related" card that links to the page the reader is already on wastes one of the five
//! slots and looks broken.
//!
//! ## Example
//! ```yaml
//! id: 39504
//! related_article3:
//!     id: 39504
//! ```
//!
//! ## Use instead
//! Point `related_article3` at another article, or remove it.

use crate::core::diagnostic::Diagnostic;
use crate::core::rules::{FileContext, FileRule, RuleId};
use crate::core::article::Article;

crate::core::rules::rule!(
    RelatedSelf,
    "related-self", Error, "An article lists itself as related");

impl FileRule for RelatedSelf {
    fn check(ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
        if let Some(article) = ctx.article {
            check(article, out);
        }
    }
}

/// Checks `article`'s related references against its own id.
pub fn check(article: &Article, out: &mut Vec<Diagnostic>) {
    let Some(own) = &article.id else {
        return;
    };
    for related in &article.related {
        let Some(id) = &related.id else {
            continue;
        };
        if id.value == own.value {
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
        }
    }
}
