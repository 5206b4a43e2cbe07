//! An article's summary: what it says about itself (id, title, subject, url, file name) and
//! which articles it points at, with where each value is written. Plain data, serialisable, so
//! that the cache can keep it between runs.

use std::ops::Range;
use std::path::{Path, PathBuf};

use saphyr_parser::ScalarStyle;
use serde::{Deserialize, Serialize};

use super::diagnostic::{Applicability, Edit, Fix};
use super::document::Document;
use super::index::Provides;
use super::yaml::{Entry, Node, NodeKind};

/// The top-level fields the index keeps of every article (what [`Article::from_document`]
/// reads when `full` is false).
pub const SUMMARY_FIELDS: &[&str] = &[
    "id",
    "title",
    "subject",
    "url",
    "question",
    "no_index",
    "canonical",
];

/// How many `related_articleN` blocks an article may carry.
pub const RELATED_SLOTS: usize = 5;

/// How a scalar is written in YAML; fixes keep it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Style {
    /// `key: text`
    #[default]
    Plain,
    /// `key: 'text'`
    SingleQuoted,
    /// `key: "text"`
    DoubleQuoted,
    /// `key: >-` then indented text
    Folded,
    /// `key: |` then indented text
    Literal,
}

impl From<ScalarStyle> for Style {
    fn from(style: ScalarStyle) -> Self {
        match style {
            ScalarStyle::Plain => Style::Plain,
            ScalarStyle::SingleQuoted => Style::SingleQuoted,
            ScalarStyle::DoubleQuoted => Style::DoubleQuoted,
            ScalarStyle::Literal => Style::Literal,
            ScalarStyle::Folded => Style::Folded,
        }
    }
}

impl From<Style> for ScalarStyle {
    fn from(style: Style) -> Self {
        match style {
            Style::Plain => ScalarStyle::Plain,
            Style::SingleQuoted => ScalarStyle::SingleQuoted,
            Style::DoubleQuoted => ScalarStyle::DoubleQuoted,
            Style::Literal => ScalarStyle::Literal,
            Style::Folded => ScalarStyle::Folded,
        }
    }
}

/// A scalar field: its value, where it is written, and how.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Field<T> {
    /// The parsed value.
    pub value: T,
    /// Byte range of the value in the file.
    pub span: Range<usize>,
    /// The scalar style.
    pub style: Style,
    /// 1-based line of the value.
    pub line: usize,
    /// 1-based column of the value, in characters.
    pub column: usize,
}

/// One `related_articleN` block.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RelatedRef {
    /// `related_article1` to `related_article5`.
    pub key: String,
    /// Byte range of the key.
    pub key_span: Range<usize>,
    /// The referenced id, when it is an integer.
    pub id: Option<Field<i64>>,
    /// The copied title.
    pub title: Option<Field<String>>,
    /// The copied subject.
    pub subject: Option<Field<String>>,
    /// The copied url.
    pub url: Option<Field<String>>,
}

/// What one article says about itself and what it points at. The path and folder are not
/// serialised: the cache keeps summaries by canonical path and derives them from it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// The file, as shown to the user.
    #[serde(skip)]
    pub path: PathBuf,
    /// The article's `id`, when it is an integer.
    pub id: Option<Field<i64>>,
    /// `title`.
    pub title: Option<Field<String>>,
    /// `subject`.
    pub subject: Option<Field<String>>,
    /// `url`.
    pub url: Option<Field<String>>,
    /// `file_name`.
    pub file_name: Option<Field<String>>,
    /// The `related_articleN` blocks, in order.
    pub related: Vec<RelatedRef>,
    /// `question`.
    #[serde(default)]
    pub question: Option<Field<String>>,
    /// `no_index: true`: the article is kept out of search engines.
    #[serde(default)]
    pub no_index: bool,
    /// `canonical`: the url search engines are told to index instead.
    #[serde(default)]
    pub canonical: Option<String>,
    /// The name of the folder holding the file.
    #[serde(skip)]
    folder: Option<String>,
}

impl Article {
    /// Reads the summary of a parsed document at `path` (as shown), in the folder named
    /// `folder`. The file name and related references are read only when `full` is set: the
    /// rules need them for the checked files alone; the index keeps the rest.
    pub fn from_document(path: &Path, folder: Option<String>, doc: &Document, full: bool) -> Self {
        let mut article = Self {
            path: path.to_path_buf(),
            id: None,
            title: None,
            subject: None,
            url: None,
            file_name: None,
            related: Vec::new(),
            question: None,
            no_index: false,
            canonical: None,
            folder,
        };
        let entries = doc
            .root
            .as_ref()
            .and_then(Node::entries)
            .unwrap_or_default();
        // One pass over the top-level keys (each appears once: the parser keeps the first).
        let mut slots: [Option<&Entry>; RELATED_SLOTS] = [None; RELATED_SLOTS];
        for entry in entries {
            let value = &entry.value;
            match entry.name.as_str() {
                "id" => article.id = int_field(doc, value),
                "title" => article.title = str_field(doc, value),
                "subject" => article.subject = str_field(doc, value),
                "url" => article.url = str_field(doc, value),
                "question" => article.question = str_field(doc, value),
                "no_index" => {
                    article.no_index = value.scalar_value() == Some(serde_json::Value::Bool(true));
                }
                "canonical" => article.canonical = value.as_str().map(str::to_string),
                "file_name" if full => article.file_name = str_field(doc, value),
                name if full => {
                    if let Some(n) = related_slot(name) {
                        slots[n - 1] = Some(entry);
                    }
                }
                _ => {}
            }
        }
        article.related = slots
            .iter()
            .flatten()
            .map(|entry| {
                let block = &entry.value;
                let mut related = RelatedRef {
                    key: entry.name.to_string(),
                    key_span: entry.key.span.clone(),
                    id: None,
                    title: None,
                    subject: None,
                    url: None,
                };
                for field in block.entries().unwrap_or_default() {
                    let value = &field.value;
                    match field.name.as_str() {
                        "id" if related.id.is_none() => related.id = int_field(doc, value),
                        "title" if related.title.is_none() => related.title = str_field(doc, value),
                        "subject" if related.subject.is_none() => {
                            related.subject = str_field(doc, value)
                        }
                        "url" if related.url.is_none() => related.url = str_field(doc, value),
                        _ => {}
                    }
                }
                related
            })
            .collect();
        article
    }

    /// Places a summary read from the cache: the path it is shown as, and its folder.
    pub fn located(mut self, path: PathBuf, folder: Option<String>) -> Self {
        self.path = path;
        self.folder = folder;
        self
    }

    /// The name of the folder holding the file (`nursing` for `content/learn/nursing/x.md`),
    /// also when the path names no folder (`x.md`, checked from inside `nursing`).
    pub fn folder(&self) -> Option<&str> {
        self.folder.as_deref()
    }

    /// The file name without `.md`.
    pub fn stem(&self) -> Option<&str> {
        self.path.file_stem()?.to_str()
    }

    /// What this article offers the others' lookups (see [`Provides`]).
    pub fn provides(&self) -> Provides {
        super::summary::provides(
            self.id.as_ref().map(|f| f.value),
            self.url.as_ref().map(|f| f.value.as_str()),
            self.title.as_ref().map(|f| f.value.as_str()),
            self.subject.as_ref().map(|f| f.value.as_str()),
            self.question.as_ref().map(|f| f.value.as_str()),
            self.folder(),
        )
    }

    /// What the index keeps of an article: everything but its file name and related
    /// references.
    pub fn into_summary(mut self) -> Article {
        self.related = Vec::new();
        self.file_name = None;
        self
    }
}

impl Field<String> {
    /// The bytes of the file that hold `range` of the value: exact when the value is written
    /// as it reads (plain, or quoted without escapes), else the whole value.
    pub fn sub_span(&self, text: &str, range: Range<usize>) -> Range<usize> {
        let raw = text.get(self.span.clone()).unwrap_or("");
        let inner = match self.style {
            Style::SingleQuoted | Style::DoubleQuoted if raw.len() >= 2 => {
                (&raw[1..raw.len() - 1], self.span.start + 1)
            }
            _ => (raw, self.span.start),
        };
        if inner.0 == self.value && range.end <= self.value.len() {
            inner.1 + range.start..inner.1 + range.end
        } else {
            self.span.clone()
        }
    }

    /// A fix that writes `value` here, in this field's style; `None` when the style cannot
    /// hold it.
    pub fn rewrite(&self, value: &str, applicability: Applicability) -> Option<Fix> {
        // An empty block scalar (`title: >-` with no content line) has no bytes to replace:
        // its span is a point at the start of the next line, and text put there would land
        // in the next key. No fix, rather than a wrong one.
        if self.span.is_empty() {
            return None;
        }
        let text = super::yaml::render_scalar(self.style.into(), value)?;
        Some(Fix {
            applicability,
            edits: vec![Edit::new(self.span.clone(), text)],
            title: format!("write `{value}`"),
        })
    }
}

/// N of a `related_articleN` key, for N from 1 to [`RELATED_SLOTS`].
fn related_slot(name: &str) -> Option<usize> {
    let n = name.strip_prefix("related_article")?;
    let n: usize = match n.as_bytes() {
        [digit @ b'1'..=b'9'] => usize::from(digit - b'0'),
        _ => return None,
    };
    (n <= RELATED_SLOTS).then_some(n)
}

/// The string field at `node` of `doc`, if it is a non-null scalar.
pub fn field_of(doc: &Document, node: &Node) -> Option<Field<String>> {
    str_field(doc, node)
}

fn field<T>(doc: &Document, node: &Node, value: T) -> Option<Field<T>> {
    let NodeKind::Scalar { style, .. } = &node.kind else {
        return None;
    };
    let position = doc.position(node.span.start);
    Some(Field {
        value,
        span: node.span.clone(),
        style: (*style).into(),
        line: position.line,
        column: position.column,
    })
}

fn int_field(text: &Document, node: &Node) -> Option<Field<i64>> {
    let id = node.as_i64()?;
    field(text, node, id)
}

fn str_field(text: &Document, node: &Node) -> Option<Field<String>> {
    let value = node.scalar_text()?.into_owned();
    field(text, node, value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(path: &str, text: &str) -> Article {
        let mut out = Vec::new();
        let doc = Document::parse(text, &mut out).unwrap();
        Article::from_document(Path::new(path), Some("x".into()), &doc, true)
    }

    #[test]
    fn summaries_carry_values_spans_and_styles() {
        let text = "---\nid: 7\ntitle: >-\n    Héllo\n    world\nurl: /learn/x/questions/y\nrelated_article2:\n    id: 9\n    title: 'Other'\n---\n";
        let a = article("content/learn/x/y.md", text);
        assert_eq!(a.id.as_ref().unwrap().value, 7);
        let title = a.title.as_ref().unwrap();
        assert_eq!(title.value, "Héllo world");
        assert_eq!(title.style, Style::Folded);
        assert_eq!((title.line, title.column), (4, 5));
        assert_eq!(a.related.len(), 1);
        let r = &a.related[0];
        assert_eq!(r.key, "related_article2");
        assert_eq!(r.id.as_ref().unwrap().value, 9);
        assert_eq!(r.title.as_ref().unwrap().style, Style::SingleQuoted);
        assert_eq!(&text[r.title.as_ref().unwrap().span.clone()], "'Other'");
        assert_eq!(a.folder(), Some("x"));
        assert_eq!(a.stem(), Some("y"));
    }

    #[test]
    fn summaries_from_some_fields_equal_summaries_from_all() {
        let mut dirs = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")];
        let mut checked = 0;
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                    continue;
                }
                let Ok(text) = std::fs::read_to_string(&path) else {
                    continue;
                };
                let Some(full) = Document::parse(&text, &mut Vec::new()) else {
                    continue;
                };
                let some = Document::parse_fields(&text, SUMMARY_FIELDS).unwrap();
                assert_eq!(
                    Article::from_document(&path, None, &some, false),
                    Article::from_document(&path, None, &full, false),
                    "{}",
                    path.display()
                );
                checked += 1;
            }
        }
        assert!(checked > 50, "{checked}");
    }
}
