//! ## What it does
//! Reports a related-article card that points at an article marked `no_index: true`. The
//! target is found as the other related rules find it: by the card's id (among several
//! articles with that id, the one whose url the card copies).
//!
//! ## Why is this bad?
//! An article is kept out of search because it should not be read (on the real site, every
//! `no_index` article is a non-answer such as "I cannot answer this question based on the
//! available information."); a card sends readers straight to it.
//!
//! ## Example
//! ```yaml
//! related_article2:
//!     id: 1039486
//!     title: Are there any specific instructions for students with special needs?
//! ```
//! where article 1039486 has `no_index: true`.
//!
//! ## Use instead
//! Point the card at an indexed article, or remove it.

use crate::core::diagnostic::Diagnostic;
use crate::core::rules::{CorpusContext, CorpusRule, RuleId, Summary};

crate::core::rules::rule!(
    RelatedNoindex,
    "related-noindex",
    Warning,
    None,
    "A related-article card points at an article marked `no_index`"
);

impl CorpusRule for RelatedNoindex {
    fn check(ctx: &CorpusContext<'_>, out: &mut Vec<Diagnostic>) {
        for related in &ctx.article.related {
            let Some(id) = &related.id else {
                continue;
            };
            let targets: Vec<Summary<'_>> = ctx.with_id(id.value).collect();
            let target = super::related_mismatch::pick_target(&targets, related.url.as_ref());
            let Some(target) = target.filter(|t| t.no_index()) else {
                continue;
            };
            out.push(
                Diagnostic::new(
                    RuleId::RelatedNoindex,
                    related.key_span.clone(),
                    format!(
                        "`{}` points at article {}, which is marked `no_index`",
                        related.key, id.value
                    ),
                )
                .with_label("a card to an article kept out of search")
                .with_help(format!(
                    "{} is kept out of search: point the card at an indexed article, or remove it",
                    target.path().display()
                )),
            );
        }
    }
}
