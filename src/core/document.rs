//! One article: its text, where its front matter lies, and the parsed YAML with byte spans.

use std::ops::Range;
use std::sync::OnceLock;

use super::diagnostic::Diagnostic;
use super::frontmatter::{self, FrontMatter, SplitError};
use super::rules;
use super::source::{LineIndex, Position};
use super::yaml::{self, Node, NodeKind};

/// An article whose front matter was found and parsed.
#[derive(Debug)]
pub struct Document<'a> {
    /// The whole file.
    pub text: &'a str,
    /// Where the front matter lies.
    pub front_matter: FrontMatter,
    /// The front matter's YAML tree; `None` when the block is empty.
    pub root: Option<Node>,
    lines: OnceLock<LineIndex>,
    /// Read for a few of its fields ([`Document::parse_fields`]).
    few_fields: bool,
}

impl<'a> Document<'a> {
    /// Splits and parses `text`. Problems that stop the front matter from being read
    /// (no block, unclosed block, YAML syntax) come back as the error; duplicate keys are pushed
    /// to `out` and the document is still returned.
    pub fn parse(text: &'a str, out: &mut Vec<Diagnostic>) -> Option<Self> {
        let front_matter = match frontmatter::split(text) {
            Ok(fm) => fm,
            Err(SplitError::Missing) => {
                out.push(rules::front_matter_missing::diagnostic(text));
                return None;
            }
            Err(SplitError::Unclosed { open }) => {
                out.push(rules::front_matter_unclosed::diagnostic(open));
                return None;
            }
        };
        let parsed = yaml::parse(&text[front_matter.yaml.clone()], front_matter.yaml.start);
        if let Some(error) = parsed.error {
            out.push(rules::yaml_syntax::diagnostic(&error));
            return None;
        }
        out.extend(
            parsed
                .duplicates
                .iter()
                .map(rules::duplicate_key::diagnostic),
        );
        Some(Self {
            text,
            front_matter,
            root: parsed.root,
            lines: OnceLock::new(),
            few_fields: false,
        })
    }

    /// Like [`Document::parse`], but reads only the top-level fields named in `keys`: the
    /// other fields (a long `answer`, the related articles) are skipped without being parsed.
    /// The spans stay those of the whole file. A front matter that is not a plain block
    /// mapping of `key: value` lines is parsed whole. Diagnostics are not reported.
    pub fn parse_fields(text: &'a str, keys: &[&str]) -> Option<Self> {
        let front_matter = frontmatter::split(text).ok()?;
        let yaml = front_matter.yaml.clone();
        let Some(entries) = top_level_entries(text, yaml) else {
            return Self::parse(text, &mut Vec::new());
        };
        let mut fields = Vec::new();
        for (name, range) in entries {
            if !keys.contains(&name) || fields.iter().any(|e: &yaml::Entry| e.name == name) {
                continue;
            }
            let parsed = yaml::parse(&text[range.clone()], range.start);
            let entry = match parsed.root {
                Some(Node {
                    kind: NodeKind::Mapping(mut entries),
                    ..
                }) if parsed.error.is_none() && entries.len() == 1 => entries.remove(0),
                // Anything unexpected (an alias to an anchor elsewhere, say): read it all.
                _ => return Self::parse(text, &mut Vec::new()),
            };
            fields.push(entry);
        }
        let span = front_matter.yaml.clone();
        Some(Self {
            text,
            front_matter,
            root: Some(Node {
                span,
                kind: NodeKind::Mapping(fields),
            }),
            lines: OnceLock::new(),
            few_fields: true,
        })
    }

    /// The line and column of byte `offset`.
    pub fn position(&self, offset: usize) -> Position {
        match self.lines.get() {
            Some(lines) => lines.position(self.text, offset),
            // A document read for a few fields is asked a few positions: count the line
            // breaks before each instead of indexing every line of the file.
            None if self.few_fields => Position::of(self.text, offset),
            None => self.lines().position(self.text, offset),
        }
    }

    /// The line index of the whole file.
    pub fn lines(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(self.text))
    }
}

/// The top-level `key: value` entries of a block mapping in `range` of `text`, as (key, byte
/// range of the entry with its continuation lines); `None` when a line at the margin is not a
/// plain `key:` (flow style, quoted keys, sequences, ...).
fn top_level_entries(text: &str, range: Range<usize>) -> Option<Vec<(&str, Range<usize>)>> {
    let bytes = &text.as_bytes()[..range.end];
    let mut entries: Vec<(&str, Range<usize>)> = Vec::with_capacity(64);
    // Only the first byte of each line matters unless it starts a key: the line breaks are
    // found in one pass.
    let starts = std::iter::once(range.start)
        .chain(memchr::memchr_iter(b'\n', &bytes[range.start..]).map(|i| range.start + i + 1));
    for at in starts.take_while(|&at| at < range.end) {
        match bytes[at] {
            // Indented or blank: the entry goes on (a block scalar, a nested mapping).
            b' ' | b'\t' | b'\r' | b'\n' | b'#' => continue,
            _ => {}
        }
        let rest = &bytes[at..];
        let key_len = rest
            .iter()
            .position(|&b| !(b.is_ascii_alphanumeric() || b == b'_' || b == b'-'))
            .unwrap_or(rest.len());
        // `key:` then a space, a line break or the end of the front matter.
        let is_key = key_len > 0
            && matches!(
                rest[key_len..],
                [b':'] | [b':', b' ' | b'\t' | b'\r' | b'\n', ..]
            );
        if !is_key {
            return None;
        }
        if let Some(last) = entries.last_mut() {
            last.1.end = at;
        }
        entries.push((&text[at..at + key_len], at..range.end));
    }
    Some(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The entries as a line-by-line reading finds them, for comparison.
    fn entries_by_lines(text: &str, range: Range<usize>) -> Option<Vec<(&str, Range<usize>)>> {
        let mut entries: Vec<(&str, Range<usize>)> = Vec::new();
        let mut at = range.start;
        while at < range.end {
            let end = memchr::memchr(b'\n', &text.as_bytes()[at..range.end])
                .map_or(range.end, |i| at + i + 1);
            let line = &text[at..end];
            match line.as_bytes().first() {
                // Indented or blank: the entry goes on (a block scalar, a nested mapping).
                Some(b' ' | b'\t' | b'\r' | b'\n') | None => {}
                Some(b'#') => {}
                Some(_) => {
                    let key_len = line
                        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
                        .unwrap_or(line.len());
                    // `key:` then a space, a line break or the end of the front matter.
                    let is_key = key_len > 0
                        && line[key_len..].strip_prefix(':').is_some_and(|after| {
                            after.is_empty() || after.starts_with([' ', '\t', '\r', '\n'])
                        });
                    if !is_key {
                        return None;
                    }
                    entries.push((&line[..key_len], at..end));
                }
            }
            if let Some(last) = entries.last_mut() {
                last.1.end = end;
            }
            at = end;
        }
        Some(entries)
    }

    proptest::proptest! {
        #[test]
        fn finding_line_starts_at_once_finds_what_reading_lines_finds(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "id", ":", " ", "\n", "\r\n", "\t", "#", "-", "_", "x", "é", "  a: b\n",
                ]),
                0..24,
            )
        ) {
            let text: String = parts.concat();
            let range = 0..text.len();
            proptest::prop_assert_eq!(
                top_level_entries(&text, range.clone()),
                entries_by_lines(&text, range)
            );
        }
    }

    #[test]
    fn reading_some_fields_gives_what_reading_all_gives() {
        let text = "---\nid: 7\ntitle: >-\n    Two\n    lines\n# a comment\nanswer: >-\n    long: text\nrelated_article1:\n    id: 9\nurl: /x\n---\nbody";
        let keys = ["id", "title", "url"];
        let some = Document::parse_fields(text, &keys).unwrap();
        let all = Document::parse(text, &mut Vec::new()).unwrap();
        let root = some.root.as_ref().unwrap();
        let names: Vec<&str> = root
            .entries()
            .unwrap()
            .iter()
            .map(|e| e.name.as_str())
            .collect();
        assert_eq!(names, keys);
        for key in keys {
            let (a, b) = (
                root.get(key).unwrap(),
                all.root.as_ref().unwrap().get(key).unwrap(),
            );
            assert_eq!((&a.span, a.to_json()), (&b.span, b.to_json()), "{key}");
        }
    }

    #[test]
    fn other_layouts_are_read_whole() {
        for text in [
            "---\n{id: 7, url: /x}\n---\n",
            "---\n\"id\": 7\n---\n",
            "---\nid: &a 7\nurl: *a\n---\n",
        ] {
            let some = Document::parse_fields(text, &["id", "url"]).unwrap();
            let all = Document::parse(text, &mut Vec::new()).unwrap();
            assert_eq!(
                some.root.as_ref().map(Node::to_json),
                all.root.as_ref().map(Node::to_json),
                "{text}"
            );
        }
    }
}
