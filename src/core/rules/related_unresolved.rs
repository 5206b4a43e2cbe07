//! ## What it does
//! Reports a related-article card that leads nowhere: a `related_articleN` whose `id` matches
//! no article under the content root and whose `url` is no article's url either. When the
//! copied title names exactly one article, the help says which one.
//!
//! ## Why is this bad?
//! The page renders each related-article card from the block's copied `url` and `title` (it
//! never reads the id). When the url is no article's, the card is a dead link: readers who
//! follow it get a 404. The target was usually deleted or renamed.
//!
//! A block whose id is wrong but whose url still names an article is a working card with a
//! stale id: `related-stale-id` reports it.
//!
//! ## Example
//! ```yaml
//! related_article2:
//!     id: 39486
//!     title: How is case management funded?
//!     url: /learn/nursing/questions/how-is-case-management-funded
//! ```
//!
//! ## Use instead
//! Point the block at an existing article (its id, title, subject and url), or remove it.
//!
//! ## Fix
//! Unsafe, and only when the copied title names exactly one article that the article does not
//! already list and that is not the article itself: point the block's id and url at it. It is
//! unsafe because the title may be the stale part.

use crate::core::article::{Article, RelatedRef};
use crate::core::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::core::rules::{CorpusContext, CorpusRule, RuleId};

crate::core::rules::rule!(
    RelatedUnresolved,
    "related-unresolved",
    Error,
    Unsafe,
    "A related-article card leads nowhere: neither its id nor its url is an article's"
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
            let url_resolves = related
                .url
                .as_ref()
                .is_some_and(|url| ctx.with_url(&url.value).next().is_some());
            if url_resolves {
                continue;
            }
            let diagnostic = Diagnostic::new(
                RuleId::RelatedUnresolved,
                id.span.clone(),
                format!(
                    "`{}` leads nowhere: no article has id {}{}",
                    related.key,
                    id.value,
                    if related.url.is_some() {
                        " or its url"
                    } else {
                        ""
                    }
                ),
            )
            .with_label("no article has this id");
            let diagnostic = match &related.url {
                Some(url) => diagnostic.with_secondary(url.span.clone(), "and no article has this url"),
                None => diagnostic,
            };
            out.push(by_title(ctx, article, related, diagnostic));
        }
    }
}

/// Adds what the copied title says: the one article it names (with a fix), or how many.
fn by_title(
    ctx: &CorpusContext<'_>,
    article: &Article,
    related: &RelatedRef,
    diagnostic: Diagnostic,
) -> Diagnostic {
    let deleted =
        "the card is a dead link: if the related article was deleted, remove this block or point it at another article";
    let Some(title) = &related.title else {
        return diagnostic.with_help(deleted);
    };
    let (target, target_id) = match ctx.titled(&title.value) {
        (1, Some(only)) => match only.id() {
            Some(target_id) => (only, target_id.value),
            None => return diagnostic.with_help(deleted),
        },
        (n, _) if n > 1 => {
            return diagnostic.with_help(format!(
                "the card is a dead link; its title is that of {n} articles: point it at the one it means"
            ));
        }
        _ => return diagnostic.with_help(deleted),
    };
    let diagnostic = diagnostic.with_help(format!(
        "the card is a dead link; its title is that of {}, whose id is {target_id}",
        target.path().display()
    ));
    // Never a fix that makes the article list itself or the same article twice.
    let own = article.id.as_ref().is_some_and(|own| own.value == target_id);
    let listed = article
        .related
        .iter()
        .any(|r| r.id.as_ref().is_some_and(|i| i.value == target_id));
    let (Some(id), Some(url), Some(target_url)) = (&related.id, &related.url, target.url()) else {
        return diagnostic;
    };
    if own || listed {
        return diagnostic;
    }
    let Some(url_fix) = url.rewrite(target_url.value, Applicability::Unsafe) else {
        return diagnostic;
    };
    let mut edits = vec![Edit::new(id.span.clone(), target_id.to_string())];
    edits.extend(url_fix.edits);
    diagnostic.with_fix(Fix {
        applicability: Applicability::Unsafe,
        edits,
        title: format!("point the block at article {target_id}"),
    })
}
