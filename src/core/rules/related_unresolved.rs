//! ## What it does
//! Reports a `related_articleN.id` that matches no article under the content root. When the
//! reference's url (or, failing that, its title) names an existing article, the help says which
//! one and what its id is.
//!
//! ## Why is this bad?
//! The related-articles list on the page is built from these ids: an id that points at nothing
//! shows a broken card or none at all. It usually means the target was deleted or renumbered,
//! or the id was mistyped.
//!
//! ## Example
//! ```yaml
//! related_article1:
//!     id: 39498
//!     title: How do case managers assess client needs?
//!     url: /learn/nursing/questions/how-do-case-managers-assess-client-needs
//! ```
//!
//! ## Use instead
//! ```yaml
//! related_article1:
//!     id: 39499
//!     title: How do case managers assess client needs?
//!     url: /learn/nursing/questions/how-do-case-managers-assess-client-needs
//! ```
//!
//! ## Fix
//! Unsafe, and only when the url or title names exactly one article: set the id to that
//! article's id. It is unsafe because the copied url or title may be the stale part.

use crate::core::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::core::rules::{CorpusContext, CorpusRule, RuleId};

crate::core::rules::rule!(
    RelatedUnresolved,
    "related-unresolved",
    Error,
    "A related article's id matches no article"
);

impl CorpusRule for RelatedUnresolved {
    /// Checks every related reference of `article`.
    fn check(ctx: &CorpusContext<'_>, out: &mut Vec<Diagnostic>) {
        let article = ctx.article;
        for related in &article.related {
            let Some(id) = &related.id else {
                continue;
            };
            if ctx.with_id(id.value).next().is_some() {
                continue;
            }
            let mut diagnostic = Diagnostic::new(
                RuleId::RelatedUnresolved,
                id.span.clone(),
                format!(
                    "`{}.id` {} does not match any article",
                    related.key, id.value
                ),
            )
            .with_label("no article has this id");
            let by_url = related
                .url
                .as_ref()
                .map(|url| ctx.with_url(&url.value).collect::<Vec<_>>())
                .filter(|found| !found.is_empty());
            let (what, found) = match by_url {
                Some(found) => ("url", found),
                None => match related.title.as_ref().map(|t| ctx.titled(&t.value)) {
                    Some((1, Some(only))) => ("title", vec![only]),
                    Some((n, _)) if n > 1 => {
                        out.push(diagnostic.with_help(format!(
                            "its title is that of {n} articles: check which one it means, and give its id"
                        )));
                        continue;
                    }
                    _ => {
                        out.push(diagnostic.with_help(
                            "check the id; if the related article was deleted, remove this block or point it at another article",
                        ));
                        continue;
                    }
                },
            };
            let candidates: Vec<String> = found
                .iter()
                .filter_map(|a| {
                    let target_id = a.id.as_ref()?.value;
                    Some(format!("{}, whose id is {target_id}", a.path.display()))
                })
                .collect();
            if candidates.is_empty() {
                out.push(diagnostic.with_help(format!(
                    "its {what} points to {}, which has no integer id",
                    found[0].path.display()
                )));
                continue;
            }
            diagnostic = diagnostic.with_help(format!(
                "its {what} points to {}",
                candidates.join(", and to ")
            ));
            if let [target] = found.as_slice()
                && let Some(target_id) = &target.id
            {
                diagnostic = diagnostic.with_fix(Fix {
                    applicability: Applicability::Unsafe,
                    edits: vec![Edit::new(id.span.clone(), target_id.value.to_string())],
                    title: format!("set the id to {}", target_id.value),
                });
            }
            out.push(diagnostic);
        }
    }
}
