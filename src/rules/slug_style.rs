//! ## What it does
//! Reports a file name (the url's last segment) that has `--` or a leading or trailing
//! hyphen, or that drops letters which have an ASCII spelling: the title says `Çatalhöyük`
//! and the file is named `atalhyk`. The help gives the better slug.
//!
//! ## Why is this bad?
//! The file name is the article's url. A mangled word in it reads badly in search results and
//! in shared links, and is not found by anyone searching for the real word.
//!
//! ## Example
//! `what-was-life-like-in-atalhyk.md` for the title "What was life like in Çatalhöyük?"
//!
//! ## Use instead
//! `what-was-life-like-in-catalhoyuk.md`
//!
//! ## Fix
//! None: renaming the file changes its url, which other articles link to. Rename it, update
//! its `url` and `file_name`, and the related links that point at it.

use crate::diagnostic::Diagnostic;
use crate::index::Article;

crate::rules::declare_rule!(
    "slug-style",
    Warning,
    "The file name has stray hyphens or drops letters"
);

/// Checks `article`'s file stem.
pub fn check(article: &Article, text: &str, out: &mut Vec<Diagnostic>) {
    let Some(stem) = article.stem() else {
        return;
    };
    // The diagnostic belongs on the stem at the end of the url, where readers see it.
    let span = article.url.as_ref().map_or(0..0, |url| {
        let len = url.value.len();
        if url.value.ends_with(stem) {
            url.sub_span(text, len - stem.len()..len)
        } else {
            url.span.clone()
        }
    });
    if stem.contains("--") || stem.starts_with('-') || stem.ends_with('-') {
        let better = slug::slugify(stem);
        out.push(
            Diagnostic::new(
                &RULE,
                span.clone(),
                format!("the file name `{stem}` has stray hyphens"),
            )
            .with_label("the file name is the url's last segment")
            .with_help(format!(
                "rename the file to `{better}.md` and update its url and file_name"
            )),
        );
    }
    let Some(title) = &article.title else {
        return;
    };
    let mut better = stem.to_string();
    let mut dropped = Vec::new();
    for word in title.value.split_whitespace() {
        let kept = ascii_only(word);
        let spelled = slug::slugify(word).replace('-', "");
        if kept.is_empty() || kept == spelled || spelled.is_empty() {
            continue;
        }
        if let Some(at) = find_token(&better, &kept) {
            better.replace_range(at..at + kept.len(), &spelled);
            dropped.push((kept, spelled));
        }
    }
    if let Some((kept, spelled)) = dropped.first() {
        out.push(
            Diagnostic::new(
                &RULE,
                span,
                format!(
                    "the file name spells `{spelled}` as `{kept}`: it drops letters of the title"
                ),
            )
            .with_label("the file name is the url's last segment")
            .with_help(format!(
                "rename the file to `{better}.md` and update its url and file_name"
            )),
        );
    }
}

/// The word's ASCII letters and digits, lower-cased, as the site's slugs keep them.
fn ascii_only(word: &str) -> String {
    word.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Where `token` stands as a whole hyphen-separated part of `stem`.
fn find_token(stem: &str, token: &str) -> Option<usize> {
    let mut at = 0;
    for part in stem.split('-') {
        if part == token {
            return Some(at);
        }
        at += part.len() + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_spellings() {
        assert_eq!(ascii_only("Çatalhöyük?"), "atalhyk");
        assert_eq!(slug::slugify("Çatalhöyük?").replace('-', ""), "catalhoyuk");
        assert_eq!(find_token("life-in-atalhyk", "atalhyk"), Some(8));
        assert_eq!(find_token("life-in-atalhyks", "atalhyk"), None);
    }
}
