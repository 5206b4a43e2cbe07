//! The corpus index: what every article under the content root says about itself (id, title,
//! subject, url, file name) and which articles it points at, for the rules that look across
//! files.
//!
//! An [`Article`] is plain data, serialisable, so that an index can be cached between runs.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use saphyr_parser::ScalarStyle;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::diagnostic::{Edit, Fix};
use crate::document::Document;
use crate::yaml::{Node, NodeKind};

/// The top-level fields a summary without related references is made of (what
/// [`Article::from_document`] reads when `with_related` is false).
pub const SUMMARY_FIELDS: &[&str] = &["id", "title", "subject", "url", "file_name"];

/// How many `related_articleN` blocks an article may carry.
pub const RELATED_SLOTS: usize = 5;

/// How a scalar is written in YAML; fixes keep it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Style {
    /// `key: text`
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

/// What one article says about itself and what it points at.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// The file, as shown to the user.
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
    /// The name of the folder holding the file.
    folder: Option<String>,
}

impl Article {
    /// Reads the summary of a parsed document. The related references are read only when
    /// `with_related` is set: the cross-article rules need them for the checked files alone.
    pub fn from_document(path: &Path, doc: &Document, with_related: bool) -> Self {
        let root = doc.root.as_ref();
        let text = doc;
        let get = |key: &str| root.and_then(|r| r.get(key));
        let slots = if with_related { RELATED_SLOTS } else { 0 };
        let related = (1..=slots)
            .filter_map(|n| {
                let key = format!("related_article{n}");
                let entry = root?.entry(&key)?;
                let block = &entry.value;
                Some(RelatedRef {
                    key,
                    key_span: entry.key.span.clone(),
                    id: block.get("id").and_then(|n| int_field(text, n)),
                    title: block.get("title").and_then(|n| str_field(text, n)),
                    subject: block.get("subject").and_then(|n| str_field(text, n)),
                    url: block.get("url").and_then(|n| str_field(text, n)),
                })
            })
            .collect();
        Self {
            path: path.to_path_buf(),
            id: get("id").and_then(|n| int_field(text, n)),
            title: get("title").and_then(|n| str_field(text, n)),
            subject: get("subject").and_then(|n| str_field(text, n)),
            url: get("url").and_then(|n| str_field(text, n)),
            file_name: get("file_name").and_then(|n| str_field(text, n)),
            related,
            folder: folder_of(path),
        }
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
    pub fn rewrite(&self, value: &str, safe: bool) -> Option<Fix> {
        let text = crate::yaml::render_scalar(self.style.into(), value)?;
        Some(Fix {
            safe,
            edits: vec![Edit::new(self.span.clone(), text)],
            title: format!("write `{value}`"),
        })
    }
}

fn folder_of(path: &Path) -> Option<String> {
    let parent = match path.parent() {
        Some(parent) if parent.file_name().is_some() => parent.to_path_buf(),
        _ => crate::discover::absolute(path).parent()?.to_path_buf(),
    };
    Some(parent.file_name()?.to_str()?.to_string())
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
    let id = node.scalar_value()?.as_i64()?;
    field(text, node, id)
}

fn str_field(text: &Document, node: &Node) -> Option<Field<String>> {
    let value = match node.scalar_value()? {
        Value::String(s) => s.clone(),
        Value::Null => return None,
        other => other.to_string(),
    };
    field(text, node, value)
}

/// Every article under the content root, with lookups by id, url and title. Built from
/// [`Article`]s, which are what a cache would store.
#[derive(Debug, Default)]
pub struct Index {
    /// The articles, sorted by path.
    pub articles: Vec<Article>,
    by_id: HashMap<i64, Vec<usize>>,
    by_url: HashMap<String, Vec<usize>>,
    by_title: HashMap<String, Vec<usize>>,
    /// Per folder, how often each spelling of a subject occurs.
    subjects: HashMap<String, HashMap<String, usize>>,
}

impl Index {
    /// Indexes `articles`.
    pub fn new(mut articles: Vec<Article>) -> Self {
        articles.sort_by(|a, b| a.path.cmp(&b.path));
        let mut index = Self {
            articles,
            ..Self::default()
        };
        for (i, article) in index.articles.iter().enumerate() {
            if let Some(id) = &article.id {
                index.by_id.entry(id.value).or_default().push(i);
            }
            if let Some(url) = &article.url {
                index.by_url.entry(url.value.clone()).or_default().push(i);
            }
            if let (Some(subject), Some(folder)) = (&article.subject, article.folder()) {
                *index
                    .subjects
                    .entry(folder.to_string())
                    .or_default()
                    .entry(subject.value.clone())
                    .or_default() += 1;
            }
            if let Some(title) = &article.title {
                index
                    .by_title
                    .entry(normalize_title(&title.value))
                    .or_default()
                    .push(i);
            }
        }
        index
    }

    /// The articles with id `id`.
    pub fn with_id(&self, id: i64) -> impl Iterator<Item = &Article> {
        self.lookup(self.by_id.get(&id))
    }

    /// The articles whose `url` is `url`.
    pub fn with_url<'a>(&'a self, url: &str) -> impl Iterator<Item = &'a Article> + use<'a> {
        self.lookup(self.by_url.get(url))
    }

    /// The articles whose title reads `title` (ignoring case and spacing).
    pub fn with_title<'a>(&'a self, title: &str) -> impl Iterator<Item = &'a Article> + use<'a> {
        self.lookup(self.by_title.get(&normalize_title(title)))
    }

    /// The spellings of `subject` in `folder` that differ from it at most in case and spacing,
    /// with how many articles use each: most used first, then alphabetically.
    pub fn subject_spellings(&self, folder: &str, subject: &str) -> Vec<(&str, usize)> {
        let key = normalize_title(subject);
        let mut found: Vec<(&str, usize)> = self
            .subjects
            .get(folder)
            .into_iter()
            .flatten()
            .filter(|(spelling, _)| normalize_title(spelling) == key)
            .map(|(spelling, n)| (spelling.as_str(), *n))
            .collect();
        found.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        found
    }

    fn lookup<'a>(&'a self, found: Option<&'a Vec<usize>>) -> impl Iterator<Item = &'a Article> {
        found.into_iter().flatten().map(move |&i| &self.articles[i])
    }
}

fn normalize_title(title: &str) -> String {
    title
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(path: &str, text: &str) -> Article {
        let mut out = Vec::new();
        let doc = Document::parse(text, &mut out).unwrap();
        Article::from_document(Path::new(path), &doc, true)
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
                    Article::from_document(&path, &some, false),
                    Article::from_document(&path, &full, false),
                    "{}",
                    path.display()
                );
                checked += 1;
            }
        }
        assert!(checked > 50, "{checked}");
    }

    #[test]
    fn lookups() {
        let a = article("a.md", "---\nid: 1\ntitle: Same  Title\nurl: /u/a\n---\n");
        let b = article("b.md", "---\nid: 1\ntitle: same title\nurl: /u/b\n---\n");
        let index = Index::new(vec![b, a]);
        assert_eq!(index.with_id(1).count(), 2);
        assert_eq!(index.with_id(1).next().unwrap().path, Path::new("a.md"));
        assert_eq!(index.with_url("/u/b").count(), 1);
        assert_eq!(index.with_title("SAME TITLE").count(), 2);
        let json = serde_json::to_string(&index.articles).unwrap();
        let back: Vec<Article> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, index.articles);
    }
}
