//! ## What it does
//! Reports a `url` that several articles under the content root share. Each checked copy gets
//! a diagnostic that names the other files and lines.
//!
//! ## Why is this bad?
//! Only one page can be served at a url: the other article is unreachable, and every related
//! link to that url lands on whichever page the build happened to write last.
//!
//! ## Example
//! Two files with `url: /learn/economics/questions/what-is-inflation`.
//!
//! ## Use instead
//! Give each article the url of its own file: `/learn/<folder>/questions/<file name>`.

use crate::core::diagnostic::Diagnostic;
use crate::core::rules::{CorpusContext, CorpusRule, RuleId};

crate::core::rules::rule!(
    DuplicateUrl,
    "duplicate-url",
    Error,
    None,
    "Several articles share one url"
);

impl CorpusRule for DuplicateUrl {
    /// Checks whether `article`'s url is used by other articles.
    fn check(ctx: &CorpusContext<'_>, out: &mut Vec<Diagnostic>) {
        let article = ctx.article;
        let Some(url) = &article.url else {
            return;
        };
        let others = ctx
            .with_url(&url.value)
            .filter(|a| a.path() != article.path);
        if let Some(diagnostic) = super::shared_value(
            RuleId::DuplicateUrl,
            ("url", &url.value, url),
            others.map(|a| (a, a.url())),
            "every article needs a url of its own: the path it is served at, `/learn/<folder>/questions/<file name>`",
        ) {
            out.push(diagnostic);
        }
    }
}
