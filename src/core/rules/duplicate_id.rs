//! ## What it does
//! Reports an `id` that several articles under the content root share. Each checked copy gets
//! a diagnostic that names the other files and lines.
//!
//! ## Why is this bad?
//! The page never reads an id (related cards are drawn from the copied `url` and `title`), so
//! readers see nothing until the id is used: it is the article's identity for the CMS and for
//! every `related_articleN.id` that points at it, and a shared id cannot say which article it
//! means, so checks of those references and the editors who follow them land on either copy.
//! A shared id usually means a file was copied (often into a second subject folder) without
//! being given an id of its own; when the copies also share a url (`duplicate-url`), readers
//! see only one of them.
//!
//! ## Example
//! `content/learn/accounting-and-finance/x.md` and `content/learn/business-and-management/x.md`
//! both with `id: 127363`.
//!
//! ## Use instead
//! Give the copy a new id, or delete it if it is a stray duplicate.

use crate::core::diagnostic::Diagnostic;
use crate::core::rules::{CorpusContext, CorpusRule, RuleId};

crate::core::rules::rule!(
    DuplicateId,
    "duplicate-id",
    Error,
    None,
    "Several articles share one id"
);

impl CorpusRule for DuplicateId {
    /// Checks whether `article`'s id is used by other articles.
    fn check(ctx: &CorpusContext<'_>, out: &mut Vec<Diagnostic>) {
        let article = ctx.article;
        let Some(id) = &article.id else {
            return;
        };
        let others = ctx.with_id(id.value).filter(|a| a.path() != article.path);
        if let Some(diagnostic) = super::shared_value(
            RuleId::DuplicateId,
            ("id", &id.value.to_string(), id),
            others.map(|a| (a, a.id())),
            "every article needs an id of its own: give this one a new id, or delete it if it is a stray copy",
        ) {
            out.push(diagnostic);
        }
    }
}
