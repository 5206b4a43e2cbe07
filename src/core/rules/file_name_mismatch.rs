//! ## What it does
//! Reports a `file_name` field that differs from the article's actual file name.
//!
//! ## Why is this bad?
//! Tools that build links or move articles trust `file_name`; when a file was renamed (or
//! copied) without updating it, they point at a file that does not exist.
//!
//! ## Example
//! In `how-do-case-managers-assess-client-needs.md`:
//! ```yaml
//! file_name: how-case-managers-assess-needs.md
//! ```
//!
//! ## Use instead
//! ```yaml
//! file_name: how-do-case-managers-assess-client-needs.md
//! ```
//!
//! ## Fix
//! Safe: the actual file name is written in place of the field's value.

use crate::core::diagnostic::{Applicability, Diagnostic};
use crate::core::rules::{FileContext, FileRule, RuleId};
use crate::core::article::Article;

crate::core::rules::rule!(
    FileNameMismatch,
    "file-name-mismatch",
    Error,
    Safe,
    "`file_name` differs from the file's actual name"
);

impl FileRule for FileNameMismatch {
    fn check(ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
        if let Some(article) = ctx.article {
            check(article, out);
        }
    }
}

/// Compares `article`'s `file_name` with its path.
pub fn check(article: &Article, out: &mut Vec<Diagnostic>) {
    let (Some(field), Some(actual)) = (
        &article.file_name,
        article.path.file_name().and_then(|n| n.to_str()),
    ) else {
        return;
    };
    if field.value == actual {
        return;
    }
    let diagnostic = Diagnostic::new(
        RuleId::FileNameMismatch,
        field.span.clone(),
        format!(
            "`file_name` is `{}`, but the file is named `{actual}`",
            field.value
        ),
    )
    .with_label(format!("the file is `{actual}`"))
    .with_help(format!("write `file_name: {actual}`"))
    .with_fix(field.rewrite(actual, Applicability::Safe));
    out.push(diagnostic);
}
