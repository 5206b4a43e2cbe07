//! ## What it does
//! Reports a file name (the url's last segment) that has `--` or a leading or trailing
//! hyphen, or that drops Latin letters which have an ASCII spelling: the title says
//! `Çatalhöyük` and the file is named `atalhyk`. The help gives the better slug. Greek letters,
//! subscripts and symbols are not counted: slugs drop them.
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

use crate::core::diagnostic::Diagnostic;
use crate::core::rules::{FileContext, FileRule, RuleId};
use crate::core::article::Article;

crate::core::rules::rule!(
    SlugStyle,
    "slug-style",
    Warning,
    None,
    "The file name has stray hyphens or drops letters"
);

impl FileRule for SlugStyle {
    fn check(ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
        if let Some(article) = ctx.article {
            check(article, ctx.text, out);
        }
    }
}

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
                RuleId::SlugStyle,
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
        // An ASCII word is spelt the same both ways.
        if word.is_ascii() {
            continue;
        }
        let kept = ascii_only(word);
        let spelled = latin_spelling(word);
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
                RuleId::SlugStyle,
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

/// The word as the slug should spell it: ASCII letters and digits, and Latin letters with
/// diacritics written without them (`ö` as `o`, `ß` as `ss`). Other characters (Greek
/// letters, `₂`, punctuation) are dropped, as the site's slugs drop them: only letters that
/// have a plain Latin spelling count as dropped letters.
fn latin_spelling(word: &str) -> String {
    let mut out = String::new();
    for c in word.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if c.is_alphabetic() && matches!(c as u32, 0x00c0..=0x024f | 0x1e00..=0x1eff) {
            out.extend(
                deunicode::deunicode_char(c)
                    .unwrap_or("")
                    .chars()
                    .filter(char::is_ascii_alphanumeric)
                    .map(|c| c.to_ascii_lowercase()),
            );
        }
    }
    out
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
        assert_eq!(latin_spelling("Çatalhöyük?"), "catalhoyuk");
        assert_eq!(latin_spelling("Straße"), "strasse");
        // Greek letters and subscripts have no spelling the slug should carry.
        assert_eq!(latin_spelling("Δx"), ascii_only("Δx"));
        assert_eq!(latin_spelling("H₂O"), ascii_only("H₂O"));
        assert_eq!(find_token("life-in-atalhyk", "atalhyk"), Some(8));
        assert_eq!(find_token("life-in-atalhyks", "atalhyk"), None);
    }
}
