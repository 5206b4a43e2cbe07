//! ## What it does
//! Reports an article whose `url` differs from the path the site serves it at. The site
//! serves `content/learn/<folder>/<stem>.md` at `/learn/<folder>/questions/<stem>` (the route
//! `/learn/[subject]/questions/[question]`); sites with another route set `url_pattern`
//! (`--url-pattern`), with `{folder}` and `{stem}` standing for the folder and the file name
//! without `.md`. The label is on the first segment that differs.
//!
//! ## Why is this bad?
//! The `url` is what other articles copy into their related-article links. When it differs
//! from where the page really is, every one of those links is broken.
//!
//! ## Example
//! In `content/learn/nursing/how-do-case-managers-assess-client-needs.md`:
//! ```yaml
//! url: /learn/health-studies/questions/how-do-case-managers-assess-client-needs
//! ```
//!
//! ## Use instead
//! ```yaml
//! url: /learn/nursing/questions/how-do-case-managers-assess-client-needs
//! ```
//!
//! ## Fix
//! Safe: the served path is written in place of the url.

use crate::core::settings::Settings;
use crate::core::diagnostic::{Applicability, Diagnostic};
use crate::core::rules::{FileContext, FileRule, RuleId};
use crate::core::article::Article;

crate::core::rules::rule!(
    UrlMismatch,
    "url-mismatch",
    Error,
    "The url differs from the path the article is served at"
);

impl FileRule for UrlMismatch {
    fn check(ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
        if let Some(article) = ctx.article {
            check(article, ctx.text, ctx.settings, out);
        }
    }
}

/// Compares `article`'s url with the path it is served at.
pub fn check(article: &Article, text: &str, settings: &Settings, out: &mut Vec<Diagnostic>) {
    let (Some(url), Some(folder), Some(stem)) = (&article.url, article.folder(), article.stem())
    else {
        return;
    };
    let served = settings.served_url(folder, stem);
    if url.value == served {
        return;
    }
    // Label the first segment that differs.
    let mut at = 0;
    let mut span = 0..url.value.len();
    let mut served_segments = served.split('/');
    for segment in url.value.split('/') {
        let expected = served_segments.next();
        if expected != Some(segment) {
            span = at..at + segment.len();
            break;
        }
        at += segment.len() + 1;
    }
    if span.is_empty() {
        span = 0..url.value.len();
    }
    let label = match served
        .split('/')
        .nth(url.value[..span.start].matches('/').count())
    {
        Some(expected) if !expected.is_empty() => {
            format!("the file is served at `{expected}` here")
        }
        _ => "differs from the served path".to_string(),
    };
    let diagnostic = Diagnostic::new(
        RuleId::UrlMismatch,
        url.sub_span(text, span),
        "the url differs from the path the article is served at",
    )
    .with_label(label)
    .with_help(format!(
        "{} is served at `{served}`",
        article.path.display()
    ))
    .with_fix(url.rewrite(&served, Applicability::Safe));
    out.push(diagnostic);
}
