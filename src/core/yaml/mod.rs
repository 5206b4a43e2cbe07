//! YAML front matter as a tree whose every key and value knows its byte span in the file.
//!
//! The tree is built from saphyr's event stream rather than saphyr's own loader, for two reasons
//! the linter cannot do without: saphyr's loader stops at the first duplicate key (we must label
//! both occurrences and keep checking), and it drops the scalar style (fixes must keep a folded
//! `>-` title folded). Scalars are resolved with saphyr's YAML 1.2 core-schema rules, so a date
//! stays a string and `True` is a boolean.

mod block;
mod source_map;

pub use source_map::SourceMap;

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

use compact_str::CompactString;
use saphyr::Scalar;
use saphyr_parser::{Event, Parser, ScalarStyle, Span, Tag};
use serde_json::{Map, Number, Value};

/// How many nodes alias expansion may produce before the document is rejected ("billion laughs").
const ALIAS_BUDGET: usize = 100_000;

/// How many bytes of text alias expansion may copy: a 1 MB string aliased a thousand times
/// is a gigabyte.
const ALIAS_TEXT_BUDGET: usize = 16 * 1024 * 1024;

/// One node of the front matter, with the byte span of its text in the whole file.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Byte range in the file. For block scalars (`>-`, `|`) it covers the content lines
    /// without the trailing line break.
    pub span: Range<usize>,
    /// What the node holds.
    pub kind: NodeKind,
}

/// The content of a [`Node`].
#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind {
    /// A scalar: its text after YAML unescaping and folding, its style, and what it resolves
    /// to.
    Scalar {
        text: CompactString,
        style: ScalarStyle,
        value: Resolved,
    },
    /// A mapping in source order; keys are nodes so that their spans are kept.
    Mapping(Vec<Entry>),
    /// A sequence in source order.
    Sequence(Vec<Node>),
}

/// What a scalar resolves to under YAML 1.2's core schema. A string is the scalar's text,
/// which is not kept twice.
#[derive(Debug, Clone, PartialEq)]
pub enum Resolved {
    /// The text.
    String,
    /// `null`, `~` or nothing.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number.
    Number(Number),
}

/// One `key: value` pair of a mapping.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The key node.
    pub key: Node,
    /// The key as text (how it is addressed in JSON pointers and messages).
    pub name: CompactString,
    /// The value node.
    pub value: Node,
}

/// A key that appears twice in one mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateKey {
    /// The key's text.
    pub name: CompactString,
    /// Span of the first occurrence (the one that is kept).
    pub first: Range<usize>,
    /// Span of the later occurrence.
    pub second: Range<usize>,
}

/// A YAML syntax error at a byte offset of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// Byte offset in the file.
    pub offset: usize,
    /// The parser's message.
    pub message: String,
    /// The `[` or `{` of a flow collection that was still open when the parser stopped: the
    /// usual cause of an error reported further on.
    pub unclosed: Option<usize>,
}

/// The result of parsing a front-matter block.
#[derive(Debug, Default)]
pub struct Parsed {
    /// The document's root node; `None` for an empty document or on a syntax error.
    pub root: Option<Node>,
    /// Every duplicated key, in source order.
    pub duplicates: Vec<DuplicateKey>,
    /// The first syntax error, if any.
    pub error: Option<SyntaxError>,
}

/// Parses `yaml`, a slice of the file starting at byte `base`, into a span-carrying tree.
/// The simple block-style front matter of nearly every article is read by a fast parser
/// ([`block`]); anything else by saphyr's.
pub fn parse(yaml: &str, base: usize) -> Parsed {
    if let Some(parsed) = block::parse(yaml, base) {
        return parsed;
    }
    parse_full(yaml, base)
}

/// Whether the fast parser reads `yaml` (for tests and benchmarks).
pub fn fast_accepts(yaml: &str) -> bool {
    block::parse(yaml, 0).is_some()
}

/// Parses `yaml` with saphyr's parser, whatever its form.
pub fn parse_full(yaml: &str, base: usize) -> Parsed {
    let map = CharToByte::new(yaml, base);
    let mut builder = Builder {
        map: &map,
        stack: Vec::new(),
        anchors: HashMap::new(),
        budget: ALIAS_BUDGET,
        text_budget: ALIAS_TEXT_BUDGET,
        parsed: Parsed::default(),
    };
    for event in Parser::new_from_str(yaml) {
        match event {
            Ok((event, span)) => {
                if let Err(error) = builder.event(event, span, yaml) {
                    builder.parsed.error = Some(error);
                    break;
                }
            }
            Err(error) => {
                let offset = map.byte(error.marker().index());
                // A bracket still open on an earlier line is the likely cause.
                let unclosed = builder.stack.iter().rev().find_map(|frame| {
                    let start = match frame {
                        Frame::Mapping { start, .. } | Frame::Sequence { start, .. } => *start,
                    };
                    let earlier_line = yaml
                        .get(start - base..offset - base)
                        .is_some_and(|between| between.contains('\n'));
                    (earlier_line && matches!(yaml_at(yaml, base, start), Some(b'[' | b'{')))
                        .then_some(start)
                });
                builder.parsed.error = Some(SyntaxError {
                    offset,
                    message: error.info().to_string(),
                    unclosed,
                });
                break;
            }
        }
    }
    let mut parsed = builder.parsed;
    if parsed.error.is_some() {
        parsed.root = None;
    }
    parsed
}

/// Maps saphyr's character indices to byte offsets in the file. The parser reports positions
/// almost always in increasing order, so a cursor that walks from the last position costs
/// about one step per character in all, with no table.
struct CharToByte<'a> {
    text: &'a str,
    base: usize,
    ascii: bool,
    /// The last position mapped: (character index, byte offset).
    cursor: std::cell::Cell<(usize, usize)>,
}

impl<'a> CharToByte<'a> {
    fn new(text: &'a str, base: usize) -> Self {
        Self {
            text,
            base,
            ascii: text.is_ascii(),
            cursor: std::cell::Cell::new((0, 0)),
        }
    }

    fn byte(&self, char_index: usize) -> usize {
        if self.ascii {
            return self.base + char_index.min(self.text.len());
        }
        let bytes = self.text.as_bytes();
        let (mut chars, mut at) = self.cursor.get();
        while chars < char_index && at < bytes.len() {
            at += utf8_len(bytes[at]);
            chars += 1;
        }
        while chars > char_index {
            at -= 1;
            while !self.text.is_char_boundary(at) {
                at -= 1;
            }
            chars -= 1;
        }
        let at = at.min(bytes.len());
        self.cursor.set((chars, at));
        self.base + at
    }
}

/// The length of the UTF-8 sequence that `lead` starts.
fn utf8_len(lead: u8) -> usize {
    match lead {
        0x00..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        _ => 4,
    }
}

enum Frame {
    Mapping {
        start: usize,
        anchor: usize,
        entries: Vec<Entry>,
        pending_key: Option<Node>,
    },
    Sequence {
        start: usize,
        anchor: usize,
        items: Vec<Node>,
    },
}

struct Builder<'m> {
    map: &'m CharToByte<'m>,
    stack: Vec<Frame>,
    anchors: HashMap<usize, Node>,
    budget: usize,
    text_budget: usize,
    parsed: Parsed,
}

/// How deep mappings and lists may nest in front matter.
const MAX_DEPTH: usize = 64;

impl Builder<'_> {
    /// Whether the next node is a mapping's key.
    fn in_key_position(&self) -> bool {
        matches!(
            self.stack.last(),
            Some(Frame::Mapping {
                pending_key: None,
                ..
            })
        )
    }

    fn event(&mut self, event: Event<'_>, span: Span, yaml: &str) -> Result<(), SyntaxError> {
        let start = self.map.byte(span.start.index());
        let end = self.map.byte(span.end.index());
        match event {
            Event::Scalar(text, style, anchor, tag) => {
                let end = if matches!(style, ScalarStyle::Literal | ScalarStyle::Folded) {
                    trim_end_offset(yaml, self.map.base, start, end)
                } else {
                    end
                };
                let value = resolve(text.clone(), style, tag.as_ref());
                let node = Node {
                    span: start..end,
                    kind: NodeKind::Scalar {
                        text: CompactString::from(text),
                        style,
                        value,
                    },
                };
                self.finish(node, anchor)?;
            }
            Event::MappingStart(..) | Event::SequenceStart(..) if self.stack.len() >= MAX_DEPTH => {
                // Deeper trees cost stack in every walk over them (and real front matter
                // nests three or four levels): stop here with a diagnostic, not a crash.
                return Err(SyntaxError {
                    offset: start,
                    message: format!("mappings and lists nested more than {MAX_DEPTH} levels deep"),
                    unclosed: None,
                });
            }
            Event::MappingStart(..) | Event::SequenceStart(..) if self.in_key_position() => {
                // `? ? ? x` and `{{a: 1}: 1}` build keys that are themselves trees; every
                // level doubles the work of reading them, and no front matter needs one.
                return Err(SyntaxError {
                    offset: start,
                    message: "a key that is itself a mapping or a list".to_string(),
                    unclosed: None,
                });
            }
            Event::MappingStart(anchor, _) => self.stack.push(Frame::Mapping {
                start,
                anchor,
                entries: Vec::new(),
                pending_key: None,
            }),
            Event::SequenceStart(anchor, _) => self.stack.push(Frame::Sequence {
                start,
                anchor,
                items: Vec::new(),
            }),
            Event::MappingEnd | Event::SequenceEnd => {
                let node_end = self.last_child_end().unwrap_or(end);
                let (node, anchor) = match self.stack.pop() {
                    Some(Frame::Mapping {
                        start,
                        anchor,
                        entries,
                        ..
                    }) => (
                        Node {
                            span: start..node_end.max(start),
                            kind: NodeKind::Mapping(entries),
                        },
                        anchor,
                    ),
                    Some(Frame::Sequence {
                        start,
                        anchor,
                        items,
                    }) => {
                        // A flow sequence's end event covers its `]`.
                        let node_end = if yaml_at(yaml, self.map.base, start) == Some(b'[') {
                            end
                        } else {
                            node_end
                        };
                        (
                            Node {
                                span: start..node_end.max(start),
                                kind: NodeKind::Sequence(items),
                            },
                            anchor,
                        )
                    }
                    None => return Ok(()),
                };
                self.finish(node, anchor)?;
            }
            Event::Alias(id) => {
                let Some(target) = self.anchors.get(&id) else {
                    return Err(SyntaxError {
                        offset: start,
                        message: "alias refers to an unknown anchor".into(),
                        unclosed: None,
                    });
                };
                let (size, text) = (target.size(), target.text_len());
                if size > self.budget || text > self.text_budget {
                    return Err(SyntaxError {
                        offset: start,
                        message: "aliases expand to too many nodes or too much text".into(),
                        unclosed: None,
                    });
                }
                self.budget -= size;
                self.text_budget -= text;
                let mut node = target.clone();
                node.span = start..end;
                self.finish(node, 0)?;
            }
            Event::StreamStart
            | Event::StreamEnd
            | Event::DocumentStart(_)
            | Event::DocumentEnd
            | Event::Nothing => {}
        }
        Ok(())
    }

    fn last_child_end(&self) -> Option<usize> {
        match self.stack.last()? {
            Frame::Mapping { entries, .. } => entries.last().map(|e| e.value.span.end),
            Frame::Sequence { items, .. } => items.last().map(|n| n.span.end),
        }
    }

    /// Attaches a completed node to its parent, or makes it the root.
    fn finish(&mut self, node: Node, anchor: usize) -> Result<(), SyntaxError> {
        if anchor != 0 {
            self.anchors.insert(anchor, node.clone());
        }
        match self.stack.last_mut() {
            None => {
                if self.parsed.root.is_some() {
                    return Err(SyntaxError {
                        offset: node.span.start,
                        message: "front matter must hold a single YAML document".into(),
                        unclosed: None,
                    });
                }
                self.parsed.root = Some(node);
            }
            Some(Frame::Sequence { items, .. }) => items.push(node),
            Some(Frame::Mapping {
                entries,
                pending_key,
                ..
            }) => match pending_key.take() {
                None => *pending_key = Some(node),
                Some(key) => {
                    let name = key.key_text();
                    if let Some(first) = entries.iter().find(|e| e.name == name) {
                        self.parsed.duplicates.push(DuplicateKey {
                            name,
                            first: first.key.span.clone(),
                            second: key.span.clone(),
                        });
                    } else {
                        entries.push(Entry {
                            key,
                            name,
                            value: node,
                        });
                    }
                }
            },
        }
        Ok(())
    }
}

fn yaml_at(yaml: &str, base: usize, offset: usize) -> Option<u8> {
    yaml.as_bytes().get(offset.checked_sub(base)?).copied()
}

/// Moves a block scalar's end back over its trailing line breaks and spaces.
fn trim_end_offset(yaml: &str, base: usize, start: usize, end: usize) -> usize {
    let (Some(s), Some(e)) = (start.checked_sub(base), end.checked_sub(base)) else {
        return end;
    };
    let Some(slice) = yaml.get(s..e.min(yaml.len())) else {
        return end;
    };
    start + slice.trim_end_matches([' ', '\t', '\r', '\n']).len()
}

fn resolve(text: Cow<'_, str>, style: ScalarStyle, tag: Option<&Cow<'_, Tag>>) -> Resolved {
    // Only plain or tagged scalars can be anything but strings.
    if style != ScalarStyle::Plain && tag.is_none() {
        return Resolved::String;
    }
    if tag.is_none() && surely_a_string(&text) {
        return Resolved::String;
    }
    match Scalar::parse_from_cow_and_metadata(text, style, tag) {
        Some(Scalar::Null) => Resolved::Null,
        Some(Scalar::Boolean(b)) => Resolved::Bool(b),
        Some(Scalar::Integer(i)) => Resolved::Number(i.into()),
        // Infinities and NaN have no JSON number: they stay text.
        Some(Scalar::FloatingPoint(f)) => {
            Number::from_f64(f.into_inner()).map_or(Resolved::String, Resolved::Number)
        }
        // A string, or a core-schema tag the text does not satisfy (`!!int abc`): the text.
        Some(Scalar::String(_)) | None => Resolved::String,
    }
}

/// Whether a plain, untagged scalar can only be a string under the core schema: a null,
/// boolean or number starts with a digit, a sign, a dot, `~`, or one of `nNtTfF` and is then
/// at most five characters long (`false`). Most values are sentences and need no more look.
fn surely_a_string(text: &str) -> bool {
    match text.as_bytes().first() {
        None => false,
        Some(b'0'..=b'9' | b'+' | b'-' | b'.' | b'~') => false,
        Some(b'n' | b'N' | b't' | b'T' | b'f' | b'F') => text.len() > 5,
        Some(_) => true,
    }
}

impl Resolved {
    /// The value as JSON, `text` being the scalar's text.
    pub fn json(&self, text: &str) -> Value {
        match self {
            Resolved::String => Value::String(text.to_string()),
            Resolved::Null => Value::Null,
            Resolved::Bool(b) => Value::Bool(*b),
            Resolved::Number(n) => Value::Number(n.clone()),
        }
    }
}

impl Node {
    /// A `null` scalar with no place in a file (an empty front matter validates as it).
    pub fn null() -> Self {
        Node {
            span: 0..0,
            kind: NodeKind::Scalar {
                text: CompactString::default(),
                style: ScalarStyle::Plain,
                value: Resolved::Null,
            },
        }
    }

    /// The text that names this node when it is used as a mapping key.
    pub fn key_text(&self) -> CompactString {
        match &self.kind {
            NodeKind::Scalar { text, .. } => text.clone(),
            _ => CompactString::from(self.to_json().to_string()),
        }
    }

    /// The node's string text, if it is a scalar.
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }

    /// The resolved scalar value, if it is a scalar.
    pub fn scalar_value(&self) -> Option<Value> {
        match &self.kind {
            NodeKind::Scalar { text, value, .. } => Some(value.json(text)),
            _ => None,
        }
    }

    /// The scalar's integer value, if it is an integer.
    pub fn as_i64(&self) -> Option<i64> {
        match &self.kind {
            NodeKind::Scalar {
                value: Resolved::Number(n),
                ..
            } => n.as_i64(),
            _ => None,
        }
    }

    /// The scalar as text (numbers and booleans written out); `None` for null or a
    /// collection.
    pub fn scalar_text(&self) -> Option<Cow<'_, str>> {
        match &self.kind {
            NodeKind::Scalar { text, value, .. } => match value {
                Resolved::String => Some(Cow::Borrowed(text)),
                Resolved::Null => None,
                other => Some(Cow::Owned(other.json(text).to_string())),
            },
            _ => None,
        }
    }

    /// The entries, if it is a mapping.
    pub fn entries(&self) -> Option<&[Entry]> {
        match &self.kind {
            NodeKind::Mapping(entries) => Some(entries),
            _ => None,
        }
    }

    /// The entry for `key`, if this is a mapping that has it.
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.entries()?.iter().find(|e| e.name == key)
    }

    /// The value at `key`, if this is a mapping that has it.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|e| &e.value)
    }

    /// Follows a path of mapping keys and sequence indices (a parsed JSON pointer).
    /// Returns the node and, when the last step was a mapping key, that key's entry.
    pub fn at<'a, S: AsRef<str>>(&'a self, path: &[S]) -> Option<(&'a Node, Option<&'a Entry>)> {
        let mut node = self;
        let mut entry = None;
        for step in path {
            let step = step.as_ref();
            match &node.kind {
                NodeKind::Mapping(entries) => {
                    let e = entries.iter().find(|e| e.name == step)?;
                    entry = Some(e);
                    node = &e.value;
                }
                NodeKind::Sequence(items) => {
                    node = items.get(step.parse::<usize>().ok()?)?;
                    entry = None;
                }
                NodeKind::Scalar { .. } => return None,
            }
        }
        Some((node, entry))
    }

    /// Number of nodes in this subtree.
    fn size(&self) -> usize {
        match &self.kind {
            NodeKind::Scalar { .. } => 1,
            NodeKind::Mapping(entries) => {
                1 + entries
                    .iter()
                    .map(|e| e.key.size() + e.value.size())
                    .sum::<usize>()
            }
            NodeKind::Sequence(items) => 1 + items.iter().map(Node::size).sum::<usize>(),
        }
    }

    /// The bytes of scalar text in the node and under it.
    pub fn text_len(&self) -> usize {
        match &self.kind {
            NodeKind::Scalar { text, .. } => text.len(),
            NodeKind::Mapping(entries) => entries
                .iter()
                .map(|e| e.key.text_len() + e.value.text_len())
                .sum(),
            NodeKind::Sequence(items) => items.iter().map(Node::text_len).sum(),
        }
    }

    /// The node as JSON, for schema validation.
    pub fn to_json(&self) -> Value {
        match &self.kind {
            NodeKind::Scalar { text, value, .. } => value.json(text),
            NodeKind::Mapping(entries) => Value::Object(
                entries
                    .iter()
                    .map(|e| (e.name.to_string(), e.value.to_json()))
                    .collect::<Map<_, _>>(),
            ),
            NodeKind::Sequence(items) => Value::Array(items.iter().map(Node::to_json).collect()),
        }
    }
}

/// The text that writes `value` in place of an existing scalar of `style`, keeping the style
/// when it can hold the value: block scalars keep their header and indentation, quoted scalars
/// their quotes. A plain scalar that cannot hold the value as a string becomes double-quoted.
/// `None` when a block scalar would need more than one line.
pub fn render_scalar(style: ScalarStyle, value: &str) -> Option<String> {
    match style {
        ScalarStyle::Folded | ScalarStyle::Literal => {
            let fits =
                !value.is_empty() && !value.contains('\n') && !value.starts_with([' ', '\t']);
            fits.then(|| value.to_string())
        }
        ScalarStyle::SingleQuoted if !value.contains('\n') => {
            Some(format!("'{}'", value.replace('\'', "''")))
        }
        ScalarStyle::Plain if is_plain_safe(value) => Some(value.to_string()),
        _ => serde_json::to_string(value).ok(),
    }
}

/// Whether `value` can be written as a plain scalar and read back as the same string.
fn is_plain_safe(value: &str) -> bool {
    let Some(first) = value.chars().next() else {
        return false;
    };
    !"-?:,[]{}#&*!|>'\"%@`".contains(first)
        && value.trim() == value
        && !value.contains(": ")
        && !value.contains(" #")
        && !value.ends_with(':')
        && !value.chars().any(char::is_control)
        && matches!(
            Scalar::parse_from_cow(Cow::Borrowed(value)),
            Scalar::String(_)
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slice(src: &str, node: &Node) -> String {
        src[node.span.clone()].to_string()
    }

    #[test]
    fn plain_scalars_taken_for_strings_at_a_glance_are_strings() {
        // The shortcut must agree with the core schema's full resolution on every text it
        // answers for, including the near misses of nulls, booleans and numbers.
        let texts = [
            "null",
            "Null",
            "NULL",
            "nULL",
            "nulls",
            "~",
            "true",
            "True",
            "TRUE",
            "tRUE",
            "false",
            "False",
            "FALSE",
            "falsey",
            "no",
            "yes",
            "on",
            "off",
            "y",
            "n",
            "Normal",
            "title",
            "Truth is",
            "What are case managers?",
            "_x",
            "@home",
            "é",
            "0x1F",
            "0o17",
            "-.inf",
            "+.5",
            "1e3",
            ".nan",
            ".NaN",
            "NaN",
            "nan",
            "Infinity",
            "inf",
            "2024-11-25",
            "-1",
        ];
        for text in texts {
            let full = match Scalar::parse_from_cow_and_metadata(
                Cow::Borrowed(text),
                ScalarStyle::Plain,
                None,
            ) {
                Some(Scalar::Null) => Resolved::Null,
                Some(Scalar::Boolean(b)) => Resolved::Bool(b),
                Some(Scalar::Integer(i)) => Resolved::Number(i.into()),
                Some(Scalar::FloatingPoint(f)) => {
                    Number::from_f64(f.into_inner()).map_or(Resolved::String, Resolved::Number)
                }
                Some(Scalar::String(_)) | None => Resolved::String,
            };
            assert_eq!(
                resolve(Cow::Borrowed(text), ScalarStyle::Plain, None),
                full,
                "{text}"
            );
            if surely_a_string(text) {
                assert_eq!(full, Resolved::String, "{text}");
            }
        }
    }

    #[test]
    fn spans_are_bytes_after_multibyte_characters() {
        let src = "title: Ångström ™ é\nid: 39504x\n";
        let parsed = parse(src, 0);
        let root = parsed.root.unwrap();
        let id = root.entry("id").unwrap();
        assert_eq!(slice(src, &id.key), "id");
        assert_eq!(slice(src, &id.value), "39504x");
        assert_eq!(
            id.value.scalar_value(),
            Some(Value::String("39504x".into()))
        );
        assert_eq!(slice(src, root.get("title").unwrap()), "Ångström ™ é");
    }

    #[test]
    fn spans_are_offset_by_the_base() {
        let file = "---\nid: 1\n---\n";
        let parsed = parse(&file[4..10], 4);
        let id = parsed.root.unwrap().get("id").unwrap().clone();
        assert_eq!(&file[id.span], "1");
    }

    #[test]
    fn block_scalars_span_their_content_without_the_final_break() {
        let src = "title: >-\n    What is\n    this?\nnext: 1\n";
        let root = parse(src, 0).root.unwrap();
        let title = root.get("title").unwrap();
        assert_eq!(slice(src, title), "What is\n    this?");
        assert_eq!(title.as_str(), Some("What is this?"));
    }

    #[test]
    fn core_schema_resolution() {
        let src = "a: 1\nb: -1.0\nc: True\nd: 2024-11-25\ne:\nf: '7'\ng: null\n";
        let json = parse(src, 0).root.unwrap().to_json();
        assert_eq!(
            json,
            serde_json::json!({"a":1,"b":-1.0,"c":true,"d":"2024-11-25","e":null,"f":"7","g":null})
        );
    }

    #[test]
    fn duplicate_keys_keep_the_first_and_report_both() {
        let src = "id: 1\ntitle: x\nid: 2\n";
        let parsed = parse(src, 0);
        assert_eq!(
            parsed.duplicates,
            vec![DuplicateKey {
                name: "id".into(),
                first: 0..2,
                second: 15..17
            }]
        );
        assert_eq!(parsed.root.unwrap().to_json()["id"], 1);
    }

    #[test]
    fn nested_mapping_spans() {
        let src = "seo:\n  title: QuickTakes | X\nrelated:\n  - 1\n  - 2\nflow: [a, b]\n";
        let root = parse(src, 0).root.unwrap();
        let (node, entry) = root.at(&["seo", "title"]).unwrap();
        assert_eq!(slice(src, node), "QuickTakes | X");
        assert_eq!(slice(src, &entry.unwrap().key), "title");
        let (item, _) = root.at(&["related", "1"]).unwrap();
        assert_eq!(slice(src, item), "2");
        assert_eq!(slice(src, root.get("flow").unwrap()), "[a, b]");
        assert_eq!(
            slice(src, root.get("seo").unwrap()),
            "title: QuickTakes | X"
        );
    }

    #[test]
    fn syntax_error_offset_is_in_bytes() {
        let src = "title: é\nbad: [unclosed\n";
        let err = parse(src, 10).error.unwrap();
        assert!(err.offset >= 10 + "title: é\n".len(), "{err:?}");
    }

    #[test]
    fn rendered_scalars_read_back_as_the_same_string() {
        for value in [
            "Plain title",
            "What: a primer",
            "#1 pick",
            "true",
            "It's",
            "- dash",
            "12",
        ] {
            for style in [
                ScalarStyle::Plain,
                ScalarStyle::SingleQuoted,
                ScalarStyle::DoubleQuoted,
                ScalarStyle::Folded,
            ] {
                let rendered = render_scalar(style, value).unwrap();
                let doc = match style {
                    ScalarStyle::Folded => format!("k: >-\n    {rendered}\n"),
                    _ => format!("k: {rendered}\n"),
                };
                let root = parse(&doc, 0).root.unwrap();
                assert_eq!(
                    root.get("k").unwrap().scalar_value(),
                    Some(Value::String(value.into())),
                    "{style:?} {doc:?}"
                );
            }
        }
        assert_eq!(render_scalar(ScalarStyle::Plain, "a b").unwrap(), "a b");
        assert_eq!(
            render_scalar(ScalarStyle::Plain, "a: b").unwrap(),
            "\"a: b\""
        );
        assert_eq!(render_scalar(ScalarStyle::Folded, "two\nlines"), None);
    }

    #[test]
    fn character_positions_map_to_bytes_in_any_order() {
        let text = "aé™😀b\nÅ x ñ";
        let table: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .chain(std::iter::once(text.len()))
            .collect();
        let map = CharToByte::new(text, 100);
        for &i in &[0, 3, 1, 5, 9, 2, 11, 11, 4, 0, 7] {
            assert_eq!(map.byte(i), 100 + table[i.min(table.len() - 1)], "{i}");
        }
    }

    #[test]
    fn alias_bombs_are_rejected() {
        let mut src = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..8 {
            src.push_str(&format!(
                "{}: &{} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n",
                (b'a' + i) as char,
                (b'a' + i) as char,
                p = (b'a' + i - 1) as char
            ));
        }
        let parsed = parse(&src, 0);
        assert!(parsed.error.unwrap().message.contains("too many"));
    }
}
