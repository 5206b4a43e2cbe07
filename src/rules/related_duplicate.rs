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

use crate::diagnostic::Diagnostic;
use crate::index::Article;

crate::rules::declare_rule!(
    "related-duplicate",
    Warning,
    "The same related article is listed twice"
);

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
        out.push(
            Diagnostic::new(
                &RULE,
                id.span.clone(),
                format!(
                    "`{}` repeats article {}, already listed as `{}`",
                    later.key, id.value, first.key
                ),
            )
            .with_label("listed again here")
            .with_secondary(first_span, "first listed here")
            .with_help(format!(
                "point `{}` at another article, or remove it",
                later.key
            )),
        );
    }
}
