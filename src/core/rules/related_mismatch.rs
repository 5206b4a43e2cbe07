//! ## What it does
//! Reports a related article whose id resolves but whose copied `title`, `subject` or `url`
//! differs from the target article's own. One diagnostic per differing field, on the copied
//! value, with the target's value in the help. Titles are compared as text, so a folded and a
//! plain title with the same words agree.
//!
//! ## Why is this bad?
//! The related-articles card shows the copied title and links to the copied url: when the
//! target was renamed or moved, the card shows an old title or links to a page that no longer
//! exists.
//!
//! ## Example
//! ```yaml
//! related_article2:
//!     id: 39486
//!     title: >-
//!         What is the intensive case management model?
//!     subject: Health Studies
//!     url: /learn/health-studies/questions/intensive-case-management
//! ```
//!
//! ## Use instead
//! The title and url that article 39486 has now:
//! ```yaml
//! related_article2:
//!     id: 39486
//!     title: >-
//!         What are the key characteristics of the intensive case management model?
//!     subject: Health Studies
//!     url: /learn/health-studies/questions/what-are-the-key-characteristics-of-the-intensive-case-management-model
//! ```
//!
//! ## Fix
//! Safe: copy the target's value in, keeping the scalar style (a folded `>-` title stays
//! folded). No fix is offered when several articles share the id, or when the copied url is
//! that of another article (then the id may be the stale part).

use crate::core::diagnostic::{Applicability, Diagnostic, Fix};
use crate::core::article::Field;
use crate::core::rules::{CorpusContext, CorpusRule, RuleId, Summary};

crate::core::rules::rule!(
    RelatedMismatch,
    "related-mismatch",
    Warning,
    Safe,
    "A related article's copied title, subject or url differs from the article's own"
);

impl CorpusRule for RelatedMismatch {
    /// Checks every related reference of `article` whose id resolves.
    fn check(ctx: &CorpusContext<'_>, out: &mut Vec<Diagnostic>) {
        let article = ctx.article;
        for related in &article.related {
            let Some(id) = &related.id else {
                continue;
            };
            let targets: Vec<Summary<'_>> = ctx.with_id(id.value).collect();
            let Some(target) = pick_target(&targets, related.url.as_ref()) else {
                continue;
            };
            // When the copied url names another article, it is unclear whether the id or the copy
            // is stale: say so, and offer no fix.
            let url_names: Option<Summary<'_>> = related.url.as_ref().and_then(|url| {
                ctx
                    .with_url(&url.value)
                    .find(|a| a.id().is_none_or(|own| own.value != id.value))
            });
            let fixable = targets.len() == 1 && url_names.is_none();
            let fields = [
                ("title", &related.title, target.title()),
                ("subject", &related.subject, target.subject()),
                ("url", &related.url, target.url()),
            ];
            for (name, copied, own) in fields {
                let (Some(copied), Some(own)) = (copied, own) else {
                    continue;
                };
                if same(name, &copied.value, own.value) {
                    continue;
                }
                let mut diagnostic = Diagnostic::new(
                    RuleId::RelatedMismatch,
                    copied.span.clone(),
                    format!(
                        "`{}.{name}` differs from the {name} of article {}",
                        related.key, id.value
                    ),
                )
                .with_label(format!("article {} has another {name}", id.value))
                .with_help(match url_names {
                    None => format!("{} has {name} {:?}", target.path().display(), own.value),
                    Some(other) => format!(
                        "{} (article {}) has {name} {:?}, but the copied url is that of {}{}: check which of the id and the copy is stale",
                        target.path().display(),
                        id.value,
                        own.value,
                        other.path().display(),
                        other
                            .id()
                            .map_or(String::new(), |i| format!(" (article {})", i.value)),
                    ),
                });
                if fixable {
                    diagnostic = diagnostic.with_fix(copied.rewrite(own.value, Applicability::Safe).map(|fix| Fix {
                        title: format!("copy the {name} of article {}", id.value),
                        ..fix
                    }));
                }
                out.push(diagnostic);
            }
        }
    }
}

/// Among articles sharing an id, the one the reference most likely means: the one whose url
/// it copies, else the first.
pub fn pick_target<'a>(targets: &[Summary<'a>], url: Option<&Field<String>>) -> Option<Summary<'a>> {
    let by_url = url.and_then(|url| {
        targets
            .iter()
            .find(|t| t.url().is_some_and(|u| u.value == url.value))
    });
    by_url.or(targets.first()).copied()
}

fn same(field: &str, copied: &str, own: &str) -> bool {
    if field == "title" {
        crate::core::index::same_words(copied, own)
    } else {
        copied == own
    }
}
