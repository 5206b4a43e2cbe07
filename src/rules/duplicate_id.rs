//! ## What it does
//! Reports an `id` that several articles under the content root share. Each checked copy gets
//! a diagnostic that names the other files and lines.
//!
//! ## Why is this bad?
//! Related-article lists, redirects and the CMS address an article by its id: with two
//! articles behind one id, links land on the wrong one. A shared id usually means a file was
//! copied (often into a second subject folder) without being given an id of its own.
//!
//! ## Example
//! `content/learn/accounting-and-finance/x.md` and `content/learn/business-and-management/x.md`
//! both with `id: 127363`.
//!
//! ## Use instead
//! Give the copy a new id, or delete it if it is a stray duplicate.

use crate::diagnostic::Diagnostic;
use crate::index::{Article, Index};

crate::rules::declare_rule!("duplicate-id", Error, "Several articles share one id");

/// Checks whether `article`'s id is used by other articles.
pub fn check(article: &Article, index: &Index, out: &mut Vec<Diagnostic>) {
    let Some(id) = &article.id else {
        return;
    };
    let others = index.with_id(id.value).filter(|a| a.path != article.path);
    if let Some(diagnostic) = super::shared_value(
        &RULE,
        ("id", &id.value.to_string(), id),
        others.map(|a| (a, a.id.as_ref())),
        "every article needs an id of its own: give this one a new id, or delete it if it is a stray copy",
    ) {
        out.push(diagnostic);
    }
}
