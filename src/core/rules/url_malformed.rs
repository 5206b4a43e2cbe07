//! ## What it does
//! Checks the shape of `url` and of every `related_articleN.url` that is not an article's url.
//! A site-relative path must:
//! start with `/`; have no scheme or host; no whitespace; no `//`; no `.` or `..` segment; no
//! trailing `/`; no `?` or `#`; no upper-case letters; no percent-encoding or non-ASCII; and
//! be made of segments of `[a-z0-9]` words joined by single hyphens (no `--`, no leading or
//! trailing `-`). Each problem is reported on exactly the offending characters; the help gives
//! the corrected url when one follows unambiguously.
//!
//! ## Why is this bad?
//! These urls are copied into links on other pages. A url with a host breaks when the site
//! moves, a trailing slash or upper-case letter points at a different path on most hosts, and
//! whitespace, `?` or `#` silently cut the link short.
//!
//! ## Example
//! ```yaml
//! url: https://quicktakes.io/learn/Nursing/questions/how-do-case-managers-assess-client-needs/
//! ```
//!
//! ## Use instead
//! ```yaml
//! url: /learn/nursing/questions/how-do-case-managers-assess-client-needs
//! ```
//!
//! ## Fix
//! Unsafe, when a corrected url follows unambiguously: it is written in place of the url. For
//! a related url, only when the corrected url is an existing article's (a fix must not point a
//! card at a page that does not exist).

use std::ops::Range;

use crate::core::settings::Settings;
use crate::core::diagnostic::{Applicability, Diagnostic};
use crate::core::rules::{CorpusContext, CorpusRule, RuleId};
use crate::core::article::{Article, Field};

crate::core::rules::rule!(
    UrlMalformed,
    "url-malformed",
    Error,
    Unsafe,
    "A url is not a clean site-relative path"
);

/// How many further places of one problem a diagnostic labels.
const MAX_LABELS: usize = 8;

/// One kind of problem and where it is in the url (byte ranges of the value).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// What is wrong, as a noun phrase ("upper-case letters").
    pub what: &'static str,
    /// Where, in order.
    pub ranges: Vec<Range<usize>>,
}

impl CorpusRule for UrlMalformed {
    fn check(ctx: &CorpusContext<'_>, out: &mut Vec<Diagnostic>) {
        check(ctx.article, ctx.text, ctx.settings, |url| ctx.with_url(url).next().is_some(), out);
    }
}

/// Checks `url` and every related url of `article`; `exists` says whether a url is an
/// article's.
pub fn check(
    article: &Article,
    text: &str,
    settings: &Settings,
    exists: impl Fn(&str) -> bool,
    out: &mut Vec<Diagnostic>,
) {
    if let Some(url) = &article.url
        && !is_clean(&url.value)
    {
        // The article's own url must stay the path it is served at: a cleaner url is only
        // offered when it is that path (otherwise the file itself needs renaming).
        let served = article
            .folder()
            .zip(article.stem())
            .map(|(folder, stem)| settings.served_url(folder, stem));
        let corrected =
            corrected(&url.value).filter(|c| served.is_none() || served.as_ref() == Some(c));
        let corrected = match (corrected, &served) {
            (Some(c), _) => Suggestion::Fix(c),
            (None, Some(served)) if *served == url.value => Suggestion::Rename,
            (None, _) => Suggestion::None,
        };
        check_field("url", url, text, corrected, out);
    }
    for related in &article.related {
        if let Some(url) = &related.url
            && !is_clean(&url.value)
            && !exists(&url.value)
        {
            let corrected = corrected(&url.value)
                .filter(|c| exists(c))
                .map_or(Suggestion::None, Suggestion::Fix);
            check_field(&format!("{}.url", related.key), url, text, corrected, out);
        }
    }
}

/// Whether `url` is certainly clean: `/`, then lower-case words of letters and digits joined
/// by single hyphens, separated by single slashes (what nearly every url is, so the full
/// check runs only on the others).
fn is_clean(url: &str) -> bool {
    let bytes = url.as_bytes();
    let (Some(&b'/'), Some(&last)) = (bytes.first(), bytes.last()) else {
        return false;
    };
    let separator = |b: u8| (b == b'-') | (b == b'/');
    // Both passes look at every byte without stopping early, which lets the compiler test
    // many bytes at once: every url is read whole anyway, since nearly all are clean.
    let allowed = bytes.iter().fold(true, |ok, &b| {
        ok & (b.is_ascii_lowercase() | b.is_ascii_digit() | separator(b))
    });
    // A hyphen or a slash may follow neither a hyphen nor a slash.
    let doubled = bytes
        .windows(2)
        .fold(false, |found, pair| found | (separator(pair[0]) & separator(pair[1])));
    bytes.len() >= 2 && allowed && !doubled && !separator(last)
}

/// What the help offers.
enum Suggestion {
    /// This url instead.
    Fix(String),
    /// The url is the served path: the file name is what needs changing.
    Rename,
    /// Nothing definite.
    None,
}

fn check_field(
    name: &str,
    field: &Field<String>,
    text: &str,
    suggestion: Suggestion,
    out: &mut Vec<Diagnostic>,
) {
    let url = &field.value;
    let found = problems(url);
    if found.is_empty() {
        return;
    }
    for problem in found {
        let mut ranges = problem.ranges.iter();
        let Some(first) = ranges.next() else {
            continue;
        };
        let mut diagnostic = Diagnostic::new(
            RuleId::UrlMalformed,
            field.sub_span(text, first.clone()),
            format!("`{name}` has {}", problem.what),
        )
        .with_label(problem.what);
        // A few more places are labelled; a url with thousands of bad characters (a binary
        // pasted in) would otherwise draw thousands of underlines.
        let more = ranges.len().saturating_sub(MAX_LABELS);
        for range in ranges.by_ref().take(MAX_LABELS) {
            diagnostic = diagnostic.with_secondary(field.sub_span(text, range.clone()), "and here");
        }
        if more > 0 {
            let last = problem.ranges.last().expect("more than one range");
            diagnostic = diagnostic.with_secondary(
                field.sub_span(text, last.clone()),
                format!("and {more} more places up to here"),
            );
        }
        diagnostic = match &suggestion {
            Suggestion::Fix(good) => diagnostic
                .with_help(format!("write it as `{good}`"))
                .with_fix(field.rewrite(good, Applicability::Unsafe)),
            Suggestion::Rename => diagnostic.with_help(
                "this is the path the file is served at: rename the file to a clean slug, then update its url and the links to it",
            ),
            Suggestion::None => diagnostic.with_help(
                "a url is a path such as `/learn/<folder>/questions/<slug>`: lower-case words of letters and digits joined by hyphens",
            ),
        };
        out.push(diagnostic);
    }
}

/// Every problem with `url`, in the order the checks are listed in the rule's documentation.
pub fn problems(url: &str) -> Vec<Problem> {
    let mut found = Vec::new();
    let mut push = |what: &'static str, ranges: Vec<Range<usize>>| {
        if !ranges.is_empty() {
            found.push(Problem { what, ranges });
        }
    };
    if url.is_empty() {
        push("no path at all", one(0..0));
        return found;
    }
    let host_end = host_end(url);
    if let Some(end) = host_end {
        push("a scheme or host", one(0..end));
    }
    let path_start = host_end.unwrap_or(0);
    let path = &url[path_start..];
    if host_end.is_none() && !url.starts_with('/') && !url.starts_with(char::is_whitespace) {
        push("no leading `/`", one(0..first_char_len(url)));
    }
    push("whitespace", runs(url, |c| c.is_whitespace()));
    // The query or fragment is one problem; the checks after it look at the path before it.
    let query = path.find(['?', '#']).map(|i| path_start + i);
    let path_end = query.unwrap_or(url.len());
    let path = &url[path_start..path_end];
    push(
        "an empty segment (`//`)",
        find_all(path, "//")
            .map(|i| path_start + i..path_start + i + 2)
            .collect(),
    );
    let mut dots = Vec::new();
    let mut hyphens = Vec::new();
    let mut others = Vec::new();
    for (segment, at) in segments(path, path_start) {
        if segment == "." || segment == ".." {
            dots.push(at..at + segment.len());
            continue;
        }
        if segment.starts_with('-') {
            hyphens.push(at..at + 1);
        }
        hyphens.extend(find_all(segment, "--").map(|i| at + i..at + i + 2));
        if segment.len() > 1 && segment.ends_with('-') {
            hyphens.push(at + segment.len() - 1..at + segment.len());
        }
        others.extend(
            runs(segment, |c| {
                c.is_ascii()
                    && !c.is_ascii_lowercase()
                    && !c.is_ascii_digit()
                    && !c.is_ascii_uppercase()
                    && !c.is_whitespace()
                    && !matches!(c, '-' | '%')
            })
            .into_iter()
            .map(|r| at + r.start..at + r.end),
        );
    }
    push("a `.` or `..` segment", dots);
    if path.len() > 1 && path.ends_with('/') && !path.ends_with("//") {
        push("a trailing `/`", one(path_end - 1..path_end));
    }
    if let Some(q) = query {
        let what = if url[q..].starts_with('?') {
            "a query string"
        } else {
            "a fragment"
        };
        push(what, one(q..url.len()));
    }
    let escapes = percent_escapes(path);
    // The hex digits of `%C3` are part of the escape, not upper-case letters.
    let upper = runs(path, |c| c.is_uppercase())
        .into_iter()
        .filter(|r| !escapes.iter().any(|e| e.start < r.start && r.end <= e.end))
        .collect();
    push("upper-case letters", shift(upper, path_start));
    push("percent-encoding", shift(escapes, path_start));
    push(
        "non-ASCII characters",
        shift(runs(path, |c| !c.is_ascii()), path_start),
    );
    push("a hyphen out of place", hyphens);
    push("characters other than letters, digits and hyphens", others);
    found
}

/// The url rewritten as a clean path, when that is unambiguous: `None` when it has `.`
/// segments, percent-encoding or punctuation (is `what's` `whats` or `what-s`?), or nothing
/// is left.
pub fn corrected(url: &str) -> Option<String> {
    let trimmed = url.trim();
    let path = &trimmed[host_end(trimmed).unwrap_or(0)..];
    let path = &path[..path.find(['?', '#']).unwrap_or(path.len())];
    let mut segments = Vec::new();
    for segment in path.split('/') {
        let ambiguous = segment == "."
            || segment == ".."
            || segment.chars().any(|c| {
                c.is_ascii() && !c.is_ascii_alphanumeric() && c != '-' && !c.is_whitespace()
            });
        if ambiguous {
            return None;
        }
        let clean = slug::slugify(segment);
        if clean.is_empty() {
            if segment.is_empty() {
                continue;
            }
            return None;
        }
        segments.push(clean);
    }
    if segments.is_empty() {
        return None;
    }
    let good = format!("/{}", segments.join("/"));
    (good != url).then_some(good)
}

/// Where a leading `scheme://host` or `//host` ends.
fn host_end(url: &str) -> Option<usize> {
    let after_scheme = if let Some(rest) = url.strip_prefix("//") {
        url.len() - rest.len()
    } else {
        let colon = url.find("://")?;
        let scheme = &url[..colon];
        if scheme.is_empty()
            || !scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
        {
            return None;
        }
        colon + 3
    };
    Some(
        url[after_scheme..]
            .find('/')
            .map_or(url.len(), |i| after_scheme + i),
    )
}

/// A single range, as a list.
fn one(range: Range<usize>) -> Vec<Range<usize>> {
    std::iter::once(range).collect()
}

fn first_char_len(text: &str) -> usize {
    text.chars().next().map_or(0, char::len_utf8)
}

/// Maximal runs of characters matching `pred`.
fn runs(text: &str, pred: impl Fn(char) -> bool) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for (i, c) in text.char_indices() {
        if !pred(c) {
            continue;
        }
        match out.last_mut() {
            Some(last) if last.end == i => last.end = i + c.len_utf8(),
            _ => out.push(i..i + c.len_utf8()),
        }
    }
    out
}

fn shift(ranges: Vec<Range<usize>>, by: usize) -> Vec<Range<usize>> {
    ranges
        .into_iter()
        .map(|r| r.start + by..r.end + by)
        .collect()
}

/// Non-overlapping occurrences of `needle`.
fn find_all<'a>(text: &'a str, needle: &'a str) -> impl Iterator<Item = usize> + 'a {
    text.match_indices(needle).map(|(i, _)| i)
}

/// The path's segments and where each starts.
fn segments(path: &str, base: usize) -> impl Iterator<Item = (&str, usize)> {
    let mut at = base;
    path.split('/').map(move |segment| {
        let start = at;
        at += segment.len() + 1;
        (segment, start)
    })
}

/// `%XX` escapes.
fn percent_escapes(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    (0..bytes.len())
        .filter(|&i| {
            bytes[i] == b'%'
                && bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit)
        })
        .map(|i| i..i + 3)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_urls_are_told_apart_in_one_pass() {
        let plainly = |url: &str| {
            url.strip_prefix('/').is_some_and(|path| {
                !path.is_empty()
                    && path.split('/').all(|segment| {
                        !segment.is_empty()
                            && !segment.starts_with('-')
                            && !segment.ends_with('-')
                            && !segment.contains("--")
                            && segment
                                .bytes()
                                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                    })
            })
        };
        let pieces = ["/", "-", "a", "z", "0", "9", "A", "_", "é", "//", "--"];
        let mut state: u64 = 7;
        for _ in 0..20_000 {
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let len = (state >> 60) as usize;
            let url: String = (0..len)
                .map(|k| pieces[((state >> (4 * k % 56)) as usize) % pieces.len()])
                .collect();
            assert_eq!(is_clean(&url), plainly(&url), "{url:?}");
        }
        assert!(is_clean("/learn/biology/questions/what-is-dna-2"));
    }

    #[test]
    fn clean_urls_have_no_problems_and_the_others_have_some() {
        for url in [
            "/learn/nursing/questions/how-do-case-managers-assess-client-needs",
            "/a/b1/c-2",
        ] {
            assert!(is_clean(url), "{url}");
            assert!(problems(url).is_empty(), "{url}");
        }
        for url in [
            "", "learn/x", "/learn//x", "/learn/x/", "/learn/X", "/learn/a--b", "/learn/-a",
            "/learn/a-", "/learn/a b", "/learn/é", "/learn/a?b", "/./a", "https://x.org/a",
        ] {
            assert!(!is_clean(url), "{url}");
            assert!(!problems(url).is_empty(), "{url}");
        }
    }

    /// (problem, the offending text of each range)
    fn found(url: &str) -> Vec<(&'static str, Vec<&str>)> {
        problems(url)
            .into_iter()
            .map(|p| (p.what, p.ranges.iter().map(|r| &url[r.clone()]).collect()))
            .collect()
    }

    #[test]
    fn clean_urls_pass() {
        for url in [
            "/learn/nursing/questions/how-do-case-managers-assess-client-needs",
            "/learn/health-studies/questions/what-is-the-role-of-vitamin-b12",
            "/",
        ] {
            assert_eq!(found(url), vec![], "{url}");
            assert_eq!(corrected(url), None, "{url}");
        }
    }

    #[test]
    fn every_malformation_at_its_characters() {
        /// (url, its problems with their offending text, the corrected url)
        type Case<'a> = (&'a str, Vec<(&'a str, Vec<&'a str>)>, Option<&'a str>);
        let cases: &[Case] = &[
            (
                "https://quicktakes.io/learn/x",
                vec![("a scheme or host", vec!["https://quicktakes.io"])],
                Some("/learn/x"),
            ),
            (
                "//cdn.example.com/learn/x",
                vec![("a scheme or host", vec!["//cdn.example.com"])],
                Some("/learn/x"),
            ),
            (
                "learn/x",
                vec![("no leading `/`", vec!["l"])],
                Some("/learn/x"),
            ),
            (
                "/learn/x ",
                vec![("whitespace", vec![" "])],
                Some("/learn/x"),
            ),
            (
                "/learn/how do/x",
                vec![("whitespace", vec![" "])],
                Some("/learn/how-do/x"),
            ),
            (
                "/learn//x",
                vec![("an empty segment (`//`)", vec!["//"])],
                Some("/learn/x"),
            ),
            (
                "/learn/../x",
                vec![("a `.` or `..` segment", vec![".."])],
                None,
            ),
            (
                "/learn/x/",
                vec![("a trailing `/`", vec!["/"])],
                Some("/learn/x"),
            ),
            (
                "/learn/x?ref=home",
                vec![("a query string", vec!["?ref=home"])],
                Some("/learn/x"),
            ),
            (
                "/learn/x#top",
                vec![("a fragment", vec!["#top"])],
                Some("/learn/x"),
            ),
            (
                "/learn/Nursing/questions/How-To",
                vec![("upper-case letters", vec!["N", "H", "T"])],
                Some("/learn/nursing/questions/how-to"),
            ),
            (
                "/learn/x/caf%C3%A9",
                vec![("percent-encoding", vec!["%C3", "%A9"])],
                None,
            ),
            (
                "/learn/x/çatalhöyük",
                vec![("non-ASCII characters", vec!["ç", "ö", "ü"])],
                Some("/learn/x/catalhoyuk"),
            ),
            (
                "/learn/x/a--b-",
                vec![("a hyphen out of place", vec!["--", "-"])],
                Some("/learn/x/a-b"),
            ),
            (
                "/learn/x/-a",
                vec![("a hyphen out of place", vec!["-"])],
                Some("/learn/x/a"),
            ),
            (
                "/learn/x/what's_new",
                vec![(
                    "characters other than letters, digits and hyphens",
                    vec!["'", "_"],
                )],
                None,
            ),
        ];
        for (url, expected, fix) in cases {
            assert_eq!(&found(url), expected, "{url}");
            assert_eq!(corrected(url).as_deref(), *fix, "{url}");
        }
    }
}
