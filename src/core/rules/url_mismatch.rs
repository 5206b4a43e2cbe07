//! ## What it does
//! Reports an article whose `url` differs from the path the site serves it at. The site
//! serves `content/learn/<folder>/<stem>.md` at `/learn/<folder>/questions/<stem>` (the route
//! `/learn/[subject]/questions/[question]`); sites with another route set `url_pattern`
//! (`--url-pattern`), with `{folder}` and `{stem}` standing for the folder and the file name
//! without `.md`. The label is on the first segment that differs.
//!
//! ## Why is this bad?
//! The `url` is what other articles copy into their related-article links, and the page
//! renders those cards from the copied url. When it differs from where the page really is,
//! every one of those links is broken.
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
//! Unsafe: the served path is written in place of the url. The url may be the published one,
//! which other articles and outside links point at; the safe direction is to move the file to
//! the path that serves its url, which the help names.

use crate::core::settings::Settings;
use crate::core::diagnostic::{Applicability, Diagnostic};
use crate::core::rules::{CorpusContext, CorpusRule, RuleId};
use crate::core::article::Article;

crate::core::rules::rule!(
    UrlMismatch,
    "url-mismatch",
    Error,
    Unsafe,
    "The url differs from the path the article is served at"
);

impl CorpusRule for UrlMismatch {
    fn check(ctx: &CorpusContext<'_>, out: &mut Vec<Diagnostic>) {
        let article = ctx.article;
        let taken = |url: &str| {
            ctx.with_url(url)
                .find(|other| other.path() != article.path)
                .map(|other| other.path().display().to_string())
        };
        check(article, ctx.text, ctx.settings, taken, out);
    }
}

/// Compares `article`'s url with the path it is served at; `taken` names another article
/// that has a url, if one does.
pub fn check(
    article: &Article,
    text: &str,
    settings: &Settings,
    taken: impl Fn(&str) -> Option<String>,
    out: &mut Vec<Diagnostic>,
) {
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
    .with_help(match (taken(&url.value), moved(article, settings, &url.value)) {
        (Some(other), _) => format!(
            "{} is served at `{served}`; the url is {other}'s",
            article.path.display()
        ),
        (None, Some(path)) => format!(
            "{} is served at `{served}`; to keep the url, move the file to {path}",
            article.path.display()
        ),
        (None, None) => format!("{} is served at `{served}`", article.path.display()),
    })
    .with_fix(url.rewrite(&served, Applicability::Unsafe));
    out.push(diagnostic);
}

/// Where the article's file would have to be for it to be served at `url`.
fn moved(article: &Article, settings: &Settings, url: &str) -> Option<String> {
    let (folder, stem) = settings.route(url)?;
    let learn = article.path.parent()?.parent()?;
    Some(learn.join(folder).join(format!("{stem}.md")).display().to_string())
}
