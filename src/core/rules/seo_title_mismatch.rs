//! ## What it does
//! Reports an `seo.title` that does not read `QuickTakes | <subject>`.
//!
//! ## Why is this bad?
//! The page title search engines show comes from `seo.title`. A stale subject (after an
//! article moved) or a typo shows the wrong subject in every search result for the page.
//!
//! ## Example
//! ```yaml
//! seo:
//!   title: QuickTakes | Nursing
//! subject: Health Studies
//! ```
//!
//! ## Use instead
//! ```yaml
//! seo:
//!   title: QuickTakes | Health Studies
//! subject: Health Studies
//! ```
//!
//! ## Fix
//! Safe: the expected title is written in place of the value.

use crate::core::diagnostic::{Applicability, Diagnostic};
use crate::core::rules::{FileContext, FileRule, RuleId};
use crate::core::document::Document;
use crate::core::article::{Article, field_of};

crate::core::rules::rule!(
    SeoTitleMismatch,
    "seo-title-mismatch",
    Warning,
    Safe,
    "`seo.title` does not read `QuickTakes | <subject>`"
);

/// The site name that starts every SEO title.
const SITE_NAME: &str = "QuickTakes";

impl FileRule for SeoTitleMismatch {
    fn check(ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
        if let (Some(article), Some(doc)) = (ctx.article, ctx.doc) {
            check(article, doc, out);
        }
    }
}

/// Compares `seo.title` with the subject.
pub fn check(article: &Article, doc: &Document, out: &mut Vec<Diagnostic>) {
    let Some(subject) = &article.subject else {
        return;
    };
    let Some(seo_title) = doc
        .root
        .as_ref()
        .and_then(|root| root.at(&["seo", "title"]))
        .and_then(|(node, _)| field_of(doc, node))
    else {
        return;
    };
    let expected = format!("{SITE_NAME} | {}", subject.value);
    if seo_title.value == expected {
        return;
    }
    let diagnostic = Diagnostic::new(
        RuleId::SeoTitleMismatch,
        seo_title.span.clone(),
        format!("`seo.title` should read `{expected}`"),
    )
    .with_label("does not match the subject")
    .with_help(format!("write `title: {expected}` under `seo`"))
    .with_fix(seo_title.rewrite(&expected, Applicability::Safe));
    out.push(diagnostic);
}
