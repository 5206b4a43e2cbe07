//! An article's summary as the index keeps it: a few dozen bytes of fixed layout and the
//! strings it needs, read in place through a [`Summary`] view without being decoded.
//!
//! The same bytes live in the index's memory and in the cache's `summaries.bin`, which is
//! mapped and used as it is: a lookup never allocates, whether the article was read in this
//! run or in an earlier one.
//!
//! Layout (integers little-endian):
//!
//! | offset | size | what |
//! | ---: | ---: | --- |
//! | 0 | 1 | which of `id`, `title`, `subject`, `url` are present (bits 0 to 3); `no_index: true` (bit 4) |
//! | 1 | 4 | their scalar styles |
//! | 5 | 8 | the id |
//! | 13 | 4 × 16 | for each field: span start, span end, line, column (u32 each) |
//! | 77 | 12 | lengths of the canonical path, the title and the subject (u32 each) |
//! | 89 | 50 | what it provides (see [`Provides`]): how many keys, whether a subject, four keys (id, url, title, question), the subject's key and spelling hash |
//! | 139 | 8 | the url key of its `canonical` (see [`canonical_key`]), 0 without one |
//! | 147 | | the canonical path, the title, the subject, then the url |
//!
//! The dependency keys are hashed once, when the summary is written (on the worker that
//! read the file): filing, saving and comparing summaries then only copy them.
//!
//! Offsets are u32: a file above 4 GiB (far above any size limit) would have its far
//! positions clamped.

use std::ops::Range;
use std::path::Path;

use super::article::{Article, Field, Style};
use super::index::{Key, Provides};

const FIELDS: usize = 4;
/// The flag bit of `no_index: true`.
const NO_INDEX: usize = 4;
const STYLES: usize = 1;
const ID: usize = 5;
const POSITIONS: usize = 13;
const LENGTHS: usize = POSITIONS + FIELDS * 16;
const KEYS: usize = LENGTHS + 12;
/// At most this many keys: the id, the url, the title and the question.
pub const MAX_KEYS: usize = 4;
const CANONICAL: usize = KEYS + 2 + (MAX_KEYS + 2) * 8;
const STRINGS: usize = CANONICAL + 8;

/// Appends the summary of `article`, read from the file at canonical path `canonical`, to
/// `out`.
pub fn encode(article: &Article, canonical: &Path, out: &mut Vec<u8>) {
    let start = out.len();
    let path = canonical.as_os_str().as_encoded_bytes();
    let strings = [
        article.title.as_ref().map(|f| f.value.as_str()),
        article.subject.as_ref().map(|f| f.value.as_str()),
        article.url.as_ref().map(|f| f.value.as_str()),
    ];
    out.reserve(STRINGS + path.len() + strings.iter().flatten().map(|s| s.len()).sum::<usize>());
    let places = [
        article.id.as_ref().map(Place::of),
        article.title.as_ref().map(Place::of),
        article.subject.as_ref().map(Place::of),
        article.url.as_ref().map(Place::of),
    ];
    let flags = places
        .iter()
        .enumerate()
        .fold(0u8, |flags, (i, p)| flags | (u8::from(p.is_some()) << i));
    out.push(flags | (u8::from(article.no_index) << NO_INDEX));
    for place in &places {
        out.push(place.as_ref().map_or(0, |p| style_byte(p.style)));
    }
    out.extend_from_slice(&article.id.as_ref().map_or(0, |f| f.value).to_le_bytes());
    for place in &places {
        let place = place.unwrap_or_default();
        for value in [place.span.start, place.span.end, place.line, place.column] {
            out.extend_from_slice(&clamp(value).to_le_bytes());
        }
    }
    for len in [
        path.len(),
        strings[0].map_or(0, str::len),
        strings[1].map_or(0, str::len),
    ] {
        out.extend_from_slice(&clamp(len).to_le_bytes());
    }
    let provided = provides(
        article.id.as_ref().map(|f| f.value),
        strings[2],
        strings[0],
        strings[1],
        article.question.as_ref().map(|f| f.value.as_str()),
        crate::core::index::folder_of(canonical),
    );
    out.push(provided.keys.len() as u8);
    out.push(u8::from(provided.subject.is_some()));
    for i in 0..MAX_KEYS {
        out.extend_from_slice(&provided.keys.get(i).copied().unwrap_or(0).to_le_bytes());
    }
    let (subject_key, spelling) = provided.subject.unwrap_or_default();
    out.extend_from_slice(&subject_key.to_le_bytes());
    out.extend_from_slice(&spelling.to_le_bytes());
    let canonical_url = article.canonical.as_deref().and_then(canonical_key);
    out.extend_from_slice(&canonical_url.unwrap_or(0).to_le_bytes());
    out.extend_from_slice(path);
    for string in strings.iter().flatten() {
        out.extend_from_slice(string.as_bytes());
    }
    debug_assert!(Summary::new(&out[start..], 0).is_some());
}

fn clamp(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

/// Where a field is written.
#[derive(Debug, Clone, Copy, Default)]
struct Place {
    span: Span,
    style: Style,
    line: usize,
    column: usize,
}

#[derive(Debug, Clone, Copy, Default)]
struct Span {
    start: usize,
    end: usize,
}

impl Place {
    fn of<T>(field: &Field<T>) -> Self {
        Self {
            span: Span {
                start: field.span.start,
                end: field.span.end,
            },
            style: field.style,
            line: field.line,
            column: field.column,
        }
    }
}

fn style_byte(style: Style) -> u8 {
    match style {
        Style::Plain => 0,
        Style::SingleQuoted => 1,
        Style::DoubleQuoted => 2,
        Style::Folded => 3,
        Style::Literal => 4,
    }
}

fn style_of(byte: u8) -> Style {
    match byte {
        1 => Style::SingleQuoted,
        2 => Style::DoubleQuoted,
        3 => Style::Folded,
        4 => Style::Literal,
        _ => Style::Plain,
    }
}

/// One article's summary, read in place. Cheap to copy.
#[derive(Clone, Copy)]
pub struct Summary<'a> {
    bytes: &'a [u8],
    /// Where the shown path starts in the canonical path.
    shown_from: usize,
    path_end: usize,
    title_end: usize,
    subject_end: usize,
}

impl std::fmt::Debug for Summary<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Summary")
            .field("path", &self.path())
            .field("id", &self.id().map(|f| f.value))
            .field("title", &self.title().map(|f| f.value))
            .field("subject", &self.subject().map(|f| f.value))
            .field("url", &self.url().map(|f| f.value))
            .finish()
    }
}

fn u64_at(bytes: &[u8], at: usize) -> u64 {
    bytes
        .get(at..at + 8)
        .and_then(|b| b.try_into().ok())
        .map_or(0, u64::from_le_bytes)
}

fn u32_at(bytes: &[u8], at: usize) -> usize {
    bytes
        .get(at..at + 4)
        .and_then(|b| b.try_into().ok())
        .map_or(0, u32::from_le_bytes) as usize
}

impl<'a> Summary<'a> {
    /// The summary encoded in `bytes`, its path shown from byte `shown_from` of the canonical
    /// path; `None` when the bytes do not hold one.
    pub fn new(bytes: &'a [u8], shown_from: usize) -> Option<Self> {
        if bytes.len() < STRINGS {
            return None;
        }
        let path_end = STRINGS.checked_add(u32_at(bytes, LENGTHS))?;
        let title_end = path_end.checked_add(u32_at(bytes, LENGTHS + 4))?;
        let subject_end = title_end.checked_add(u32_at(bytes, LENGTHS + 8))?;
        if subject_end > bytes.len() || shown_from > path_end - STRINGS {
            return None;
        }
        Some(Self {
            bytes,
            shown_from,
            path_end,
            title_end,
            subject_end,
        })
    }

    /// The same summary, its path shown from byte `shown_from` of the canonical path.
    pub fn shown_from(self, shown_from: usize) -> Self {
        Self {
            shown_from: shown_from.min(self.path_end - STRINGS),
            ..self
        }
    }

    /// The encoded bytes.
    pub fn bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// The file's canonical path.
    pub fn canonical(&self) -> &'a Path {
        // SAFETY: written from a path's encoded bytes by `encode`.
        Path::new(unsafe {
            std::ffi::OsStr::from_encoded_bytes_unchecked(&self.bytes[STRINGS..self.path_end])
        })
    }

    /// The file as shown to the user.
    pub fn path(&self) -> &'a Path {
        let path = &self.bytes[STRINGS..self.path_end];
        // SAFETY: `shown_from` is 0 or follows a separator of the encoded bytes (see
        // `Index`), so the rest is a whole suffix of them.
        Path::new(unsafe {
            std::ffi::OsStr::from_encoded_bytes_unchecked(&path[self.shown_from..])
        })
    }

    /// The name of the folder holding the file.
    pub fn folder(&self) -> Option<&'a str> {
        crate::core::index::folder_of(self.canonical())
    }

    /// The file name without `.md`.
    pub fn stem(&self) -> Option<&'a str> {
        self.canonical().file_stem()?.to_str()
    }

    /// Whether the article is marked `no_index: true`.
    pub fn no_index(&self) -> bool {
        self.bytes[0] & (1 << NO_INDEX) != 0
    }

    fn present(&self, field: usize) -> bool {
        self.bytes[0] & (1 << field) != 0
    }

    fn field<T>(&self, field: usize, value: T) -> Option<Field<T>> {
        if !self.present(field) {
            return None;
        }
        let at = POSITIONS + field * 16;
        Some(Field {
            value,
            span: u32_at(self.bytes, at)..u32_at(self.bytes, at + 4),
            style: style_of(self.bytes[STYLES + field]),
            line: u32_at(self.bytes, at + 8),
            column: u32_at(self.bytes, at + 12),
        })
    }

    fn text(&self, range: Range<usize>) -> &'a str {
        // Written from a `str`; bytes from a file on disk are checked all the same (short
        // strings: a few nanoseconds), so that damage can never become a wrong `str`.
        std::str::from_utf8(&self.bytes[range]).unwrap_or_default()
    }

    /// The article's `id`, when it is an integer.
    pub fn id(&self) -> Option<Field<i64>> {
        let id = i64::from_le_bytes(self.bytes[ID..ID + 8].try_into().ok()?);
        self.field(0, id)
    }

    /// `title`.
    pub fn title(&self) -> Option<Field<&'a str>> {
        self.field(1, self.text(self.path_end..self.title_end))
    }

    /// `subject`.
    pub fn subject(&self) -> Option<Field<&'a str>> {
        self.field(2, self.text(self.title_end..self.subject_end))
    }

    /// `url`.
    pub fn url(&self) -> Option<Field<&'a str>> {
        self.field(3, self.text(self.subject_end..self.bytes.len()))
    }

    /// The url key of the article its `canonical` names (see [`canonical_key`]).
    pub fn canonical_key(&self) -> Option<u64> {
        Some(u64_at(self.bytes, CANONICAL)).filter(|&k| k != 0)
    }

    /// What this article offers the others' lookups (see [`Provides`]), as written.
    pub fn provides(&self) -> Provides {
        let count = usize::from(self.bytes[KEYS]).min(MAX_KEYS);
        let at = |i: usize| u64_at(self.bytes, KEYS + 2 + i * 8);
        Provides {
            keys: (0..count).map(at).collect(),
            subject: (self.bytes[KEYS + 1] != 0).then(|| (at(MAX_KEYS), at(MAX_KEYS + 1))),
        }
    }
}

/// The url key ([`Key::Url`]) of the article a `canonical` value names: a site path as it
/// is, an absolute http(s) url by its path; `None` for anything else.
pub fn canonical_key(canonical: &str) -> Option<u64> {
    let canonical = canonical.trim();
    let path = match canonical
        .strip_prefix("https://")
        .or_else(|| canonical.strip_prefix("http://"))
    {
        Some(rest) => rest.find('/').map_or("/", |at| &rest[at..]),
        None if canonical.starts_with('/') => canonical,
        None => return None,
    };
    Some(Key::Url(path).hash())
}

/// The dependency keys of an article with these fields (see [`Provides`]).
pub fn provides(
    id: Option<i64>,
    url: Option<&str>,
    title: Option<&str>,
    subject: Option<&str>,
    question: Option<&str>,
    folder: Option<&str>,
) -> Provides {
    let mut keys = Vec::with_capacity(MAX_KEYS);
    keys.extend(id.map(|id| Key::Id(id).hash()));
    keys.extend(url.map(|url| Key::Url(url).hash()));
    keys.extend(title.map(|title| Key::Title(title).hash()));
    keys.extend(question.map(|question| Key::Question(question).hash()));
    let subject = subject.zip(folder).map(|(subject, folder)| {
        (
            Key::Subject { folder, subject }.hash(),
            xxhash_rust::xxh3::xxh3_64(subject.as_bytes()),
        )
    });
    Provides {
        keys: keys.into(),
        subject,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::document::Document;

    #[test]
    fn a_summary_reads_back_what_was_written() {
        let text = "---\nid: -7\ntitle: >-\n    Héllo\n    world\nsubject: 'Nursing'\nurl: /learn/x/questions/y\n---\n";
        let doc = Document::parse(text, &mut Vec::new()).unwrap();
        let article = Article::from_document(Path::new("x/y.md"), Some("x".into()), &doc, false);
        let mut bytes = vec![1, 2, 3];
        encode(&article, Path::new("/site/x/y.md"), &mut bytes);
        let summary = Summary::new(&bytes[3..], "/site/".len()).unwrap();
        assert_eq!(summary.path(), Path::new("x/y.md"));
        assert_eq!(summary.canonical(), Path::new("/site/x/y.md"));
        assert_eq!(summary.folder(), Some("x"));
        assert_eq!(summary.stem(), Some("y"));
        let same = |a: &Option<Field<String>>, b: Option<Field<&str>>| {
            let (a, b) = (a.as_ref().unwrap(), b.unwrap());
            assert_eq!(
                (a.value.as_str(), &a.span, a.style, a.line, a.column),
                (b.value, &b.span, b.style, b.line, b.column)
            );
        };
        same(&article.title, summary.title());
        same(&article.subject, summary.subject());
        same(&article.url, summary.url());
        assert_eq!(summary.id().unwrap().value, -7);
        assert_eq!(
            summary.id().unwrap().span,
            article.id.as_ref().unwrap().span
        );
        assert_eq!(summary.provides(), article.provides());
        assert_eq!(
            summary.provides(),
            provides(
                Some(-7),
                summary.url().map(|f| f.value),
                summary.title().map(|f| f.value),
                summary.subject().map(|f| f.value),
                article.question.as_ref().map(|f| f.value.as_str()),
                summary.folder()
            )
        );
    }

    #[test]
    fn missing_fields_and_bad_bytes() {
        let doc = Document::parse("---\nurl: /a\n---\n", &mut Vec::new()).unwrap();
        let article = Article::from_document(Path::new("a.md"), None, &doc, false);
        let mut bytes = Vec::new();
        encode(&article, Path::new("a.md"), &mut bytes);
        let summary = Summary::new(&bytes, 0).unwrap();
        assert!(summary.id().is_none() && summary.title().is_none() && summary.subject().is_none());
        assert_eq!(summary.url().unwrap().value, "/a");
        assert_eq!(
            Summary::new(&bytes[..bytes.len() - 1], 0)
                .unwrap()
                .url()
                .unwrap()
                .value,
            "/"
        );
        assert!(Summary::new(&bytes[..20], 0).is_none());
        let mut long = bytes.clone();
        long[LENGTHS..LENGTHS + 4].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(Summary::new(&long, 0).is_none());
    }
}
