//! ## What it does
//! Reports an article whose `title`, `article_title` and `question` do not carry the same
//! text. The parsed values are compared, so a folded and a plain scalar with the same words
//! agree; the diagnostic is on each field that differs from `title`.
//!
//! ## Why is this bad?
//! The three fields are shown in different places (the heading, the listing, the question
//! block). When one was edited and the others were not, the page contradicts itself.
//!
//! ## Example
//! ```yaml
//! title: How do case managers assess client needs?
//! article_title: How do case managers assess needs?
//! question: How do case managers assess client needs?
//! ```
//!
//! ## Use instead
//! The same text in all three.

use crate::core::diagnostic::Diagnostic;
use crate::core::rules::{FileContext, FileRule, RuleId};
use crate::core::document::Document;
use crate::core::article::{Article, field_of};

crate::core::rules::rule!(
    TitleMismatch,
    "title-mismatch",
    Warning,
    None,
    "`title`, `article_title` and `question` differ"
);

impl FileRule for TitleMismatch {
    fn check(ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
        if let (Some(article), Some(doc)) = (ctx.article, ctx.doc) {
            check(article, doc, out);
        }
    }
}

/// Compares `article_title` and `question` with `title`.
pub fn check(article: &Article, doc: &Document, out: &mut Vec<Diagnostic>) {
    let Some(title) = &article.title else {
        return;
    };
    let Some(root) = &doc.root else {
        return;
    };
    for name in ["article_title", "question"] {
        let Some(field) = root.get(name).and_then(|node| field_of(doc, node)) else {
            continue;
        };
        if crate::core::index::same_words(&field.value, &title.value) {
            continue;
        }
        out.push(
            Diagnostic::new(
                RuleId::TitleMismatch,
                field.span.clone(),
                format!("`{name}` differs from `title`"),
            )
            .with_label("not the text of `title`")
            .with_help(format!(
                "give `title`, `article_title` and `question` the same text; `title` reads {:?}",
                title.value
            )),
        );
    }
}
