//! ## What it does
//! Reports a `related_articleN.id` that matches no article while the block's `url` is an
//! article's url: the card works, but its id is stale. The help names the article the url
//! points to and its id.
//!
//! ## Why is this bad?
//! The page renders the card from the copied `url` and `title`, so readers are not affected
//! today. But everything that follows ids (this linter's checks of the copied title and
//! subject, tools that rebuild related lists, search) sees a link to nothing, and the copied
//! title and subject are no longer kept in step with the article they describe.
//!
//! ## Example
//! ```yaml
//! related_article1:
//!     id: 39498
//!     url: /learn/nursing/questions/how-do-case-managers-assess-client-needs
//! ```
//!
//! ## Use instead
//! ```yaml
//! related_article1:
//!     id: 39499
//!     url: /learn/nursing/questions/how-do-case-managers-assess-client-needs
//! ```
//!
//! ## Fix
//! Unsafe, and only when the url names exactly one article, which the article does not already
//! list and which is not the article itself: set the id to that article's id. It is unsafe
//! because the url may be the stale part.

use crate::core::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::core::rules::{CorpusContext, CorpusRule, RuleId};

crate::core::rules::rule!(
    RelatedStaleId,
    "related-stale-id",
    Warning,
    Unsafe,
    "A related article's id matches no article, though its url still does"
);

impl CorpusRule for RelatedStaleId {
    fn check(ctx: &CorpusContext<'_>, out: &mut Vec<Diagnostic>) {
        let article = ctx.article;
        for related in &article.related {
            let (Some(id), Some(url)) = (&related.id, &related.url) else {
                continue;
            };
            if ctx.with_id(id.value).next().is_some() {
                continue;
            }
            let targets: Vec<_> = ctx.with_url(&url.value).collect();
            if targets.is_empty() {
                continue;
            }
            // A url that is the article's own is `related-self`'s.
            if article.url.as_ref().is_some_and(|own| own.value == url.value) {
                continue;
            }
            let named: Vec<String> = targets
                .iter()
                .map(|t| match t.id() {
                    Some(target_id) => format!("{}, whose id is {}", t.path().display(), target_id.value),
                    None => format!("{}, which has no integer id", t.path().display()),
                })
                .collect();
            let diagnostic = Diagnostic::new(
                RuleId::RelatedStaleId,
                id.span.clone(),
                format!("`{}.id` {} matches no article", related.key, id.value),
            )
            .with_label("no article has this id")
            .with_secondary(url.span.clone(), "the card links here, which works")
            .with_help(format!("its url points to {}", named.join(", and to ")));
            let (diagnostic, fix) = match targets.as_slice() {
                [target] => match target.id() {
                    Some(target_id) => {
                        let target_id = target_id.value;
                        let listed = article
                            .related
                            .iter()
                            .find(|r| r.id.as_ref().is_some_and(|i| i.value == target_id));
                        let own = article.id.as_ref().is_some_and(|own| own.value == target_id);
                        match listed {
                            // Never a fix that makes the article list itself.
                            _ if own => (
                                diagnostic.with_help(format!(
                                    "its url points to {}, which has this article's own id: fix the duplicated id first",
                                    named[0]
                                )),
                                None,
                            ),
                            // Never a fix that lists the same article twice.
                            Some(other) => (
                                diagnostic.with_help(format!(
                                    "its url points to {}; `{}` already lists that article, so one of the two blocks is stale",
                                    named[0], other.key
                                )),
                                None,
                            ),
                            None => (
                                diagnostic,
                                Some(Fix {
                                    applicability: Applicability::Unsafe,
                                    edits: vec![Edit::new(id.span.clone(), target_id.to_string())],
                                    title: format!("set the id to {target_id}"),
                                }),
                            ),
                        }
                    }
                    None => (diagnostic, None),
                },
                _ => (diagnostic, None),
            };
            out.push(diagnostic.with_fix(fix));
        }
    }
}
