//! A fast parser for the front matter nearly every article has: block mappings of
//! `key: value` lines, nested by indentation, whose values are one-line plain or quoted
//! scalars, or folded and literal block scalars. It builds the same tree as the full parser
//! (saphyr's), about ten times faster, and declines anything else (flow collections,
//! sequences, anchors, tags, multi-line plain scalars, escapes, tabs, comments after a value,
//! more-indented lines in a block scalar, ...), which the full parser then reads. Tests
//! compare the two trees on every fixture and on many altered articles.

use std::ops::Range;

use compact_str::CompactString;
use saphyr_parser::ScalarStyle;

use super::{DuplicateKey, Entry, Node, NodeKind, Parsed, resolve};

/// How deep mappings may nest here; deeper ones go to the full parser.
const MAX_DEPTH: usize = 16;

/// One line of the YAML: where it starts, where it ends (without the line break), its
/// indentation and whether it holds only spaces.
#[derive(Debug, Clone, Copy)]
struct Line {
    start: usize,
    end: usize,
    indent: usize,
    blank: bool,
}

impl Line {
    fn content(&self) -> usize {
        self.start + self.indent
    }
}

/// A mapping being read: its indentation, its entries, and the key whose value is the next
/// nested mapping.
struct Frame {
    indent: usize,
    entries: Vec<Entry>,
    pending: Option<(Node, CompactString)>,
}

/// Parses `yaml` (a slice of the file starting at byte `base`), or `None` when it is not of
/// the simple form this parser reads.
pub fn parse(yaml: &str, base: usize) -> Option<Parsed> {
    let bytes = yaml.as_bytes();
    if memchr::memchr2(b'\r', b'\t', bytes).is_some() {
        return None;
    }
    let lines = lines(yaml);
    let mut parser = Parser {
        yaml,
        base,
        lines: &lines,
        at: 0,
        duplicates: Vec::new(),
    };
    let root = parser.document()?;
    Some(Parsed {
        root: Some(root),
        duplicates: parser.duplicates,
        error: None,
    })
}

fn lines(yaml: &str) -> Vec<Line> {
    let bytes = yaml.as_bytes();
    let mut lines = Vec::with_capacity(bytes.len() / 32 + 1);
    let mut start = 0;
    while start < bytes.len() {
        let end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |i| start + i);
        let indent = bytes[start..end].iter().take_while(|&&b| b == b' ').count();
        lines.push(Line {
            start,
            end,
            indent,
            blank: start + indent == end,
        });
        start = end + 1;
    }
    lines
}

struct Parser<'a> {
    yaml: &'a str,
    base: usize,
    lines: &'a [Line],
    /// The next line to read.
    at: usize,
    duplicates: Vec<DuplicateKey>,
}

impl Parser<'_> {
    /// Whether line `i` is blank or a comment.
    fn skipped(&self, i: usize) -> bool {
        let line = self.lines[i];
        line.blank || self.yaml.as_bytes()[line.content()] == b'#'
    }

    /// The next line that is neither blank nor a comment, from `from`.
    fn next_content(&self, from: usize) -> Option<usize> {
        (from..self.lines.len()).find(|&i| !self.skipped(i))
    }

    fn span(&self, range: Range<usize>) -> Range<usize> {
        self.base + range.start..self.base + range.end
    }

    fn document(&mut self) -> Option<Node> {
        let first = self.next_content(0)?;
        if self.lines[first].indent != 0 {
            return None;
        }
        // Room for every top-level key up front: an entry is large, and a front matter has
        // dozens of them.
        let keys = self
            .lines
            .iter()
            .filter(|l| l.indent == 0 && !l.blank)
            .count();
        let mut stack = vec![Frame {
            indent: 0,
            entries: Vec::with_capacity(keys),
            pending: None,
        }];
        while let Some(i) = self.next_content(self.at) {
            let line = self.lines[i];
            // Close the mappings this line is less indented than.
            while stack.last().is_some_and(|f| f.indent > line.indent) {
                let frame = stack.pop()?;
                let node = mapping(frame.entries)?;
                let parent = stack.last_mut()?;
                let (key, name) = parent.pending.take()?;
                self.add(parent, key, name, node);
            }
            let frame = stack.last_mut()?;
            if frame.indent != line.indent || frame.pending.is_some() {
                return None;
            }
            self.at = i + 1;
            let (key, name, colon) = self.key(line)?;
            let after = colon + 1;
            let rest = &self.yaml[after..line.end];
            let value_start = after + rest.len() - rest.trim_start_matches(' ').len();
            if value_start == line.end {
                // `key:` then a nested mapping, or nothing.
                match self.next_content(self.at) {
                    Some(next) if self.lines[next].indent > line.indent => {
                        if stack.len() >= MAX_DEPTH {
                            return None;
                        }
                        let parent = stack.last_mut()?;
                        parent.pending = Some((key, name));
                        stack.push(Frame {
                            indent: self.lines[next].indent,
                            entries: Vec::new(),
                            pending: None,
                        });
                    }
                    _ => {
                        let node = scalar(
                            CompactString::default(),
                            ScalarStyle::Plain,
                            self.span(colon..colon),
                        );
                        self.add(stack.last_mut()?, key, name, node);
                    }
                }
                continue;
            }
            let node = self.value(line, value_start)?;
            self.add(stack.last_mut()?, key, name, node);
        }
        while stack.len() > 1 {
            let frame = stack.pop()?;
            let node = mapping(frame.entries)?;
            let parent = stack.last_mut()?;
            let (key, name) = parent.pending.take()?;
            self.add(parent, key, name, node);
        }
        let root = stack.pop()?;
        if root.pending.is_some() {
            return None;
        }
        mapping(root.entries)
    }

    /// The key starting `line`: its node, name and the offset of its colon.
    fn key(&self, line: Line) -> Option<(Node, CompactString, usize)> {
        let text = &self.yaml[line.content()..line.end];
        let len = text
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-'))
            .count();
        let after = text.as_bytes().get(len + 1);
        if len == 0
            || text.starts_with('-')
            || text.as_bytes().get(len) != Some(&b':')
            || !matches!(after, None | Some(b' '))
        {
            return None;
        }
        let name = CompactString::from(&text[..len]);
        let start = line.content();
        let key = scalar(
            name.clone(),
            ScalarStyle::Plain,
            self.span(start..start + len),
        );
        Some((key, name, start + len))
    }

    /// Adds an entry to `frame`, or records a duplicate key (the first one is kept).
    fn add(&mut self, frame: &mut Frame, key: Node, name: CompactString, value: Node) {
        if let Some(first) = frame.entries.iter().find(|e| e.name == name) {
            self.duplicates.push(DuplicateKey {
                name,
                first: first.key.span.clone(),
                second: key.span,
            });
            return;
        }
        frame.entries.push(Entry { key, name, value });
    }

    /// The value starting at `start` on `line` (not empty).
    fn value(&mut self, line: Line, start: usize) -> Option<Node> {
        let text = &self.yaml[start..line.end];
        let first = text.as_bytes()[0];
        match first {
            b'>' | b'|' => self.block(line, start),
            b'\'' => {
                let (inner, end) = quoted(text, b'\'')?;
                self.continuation_free(line)?;
                let text = if inner.contains("''") {
                    CompactString::from(inner.replace("''", "'"))
                } else {
                    CompactString::from(inner)
                };
                Some(scalar(
                    text,
                    ScalarStyle::SingleQuoted,
                    self.span(start..start + end),
                ))
            }
            b'"' => {
                let (inner, end) = quoted(text, b'"')?;
                if inner.contains('\\') {
                    return None;
                }
                self.continuation_free(line)?;
                Some(scalar(
                    CompactString::from(inner),
                    ScalarStyle::DoubleQuoted,
                    self.span(start..start + end),
                ))
            }
            b'-' | b'?' | b':' if text.as_bytes().get(1).is_none_or(|&b| b == b' ') => None,
            b'[' | b']' | b'{' | b'}' | b',' | b'#' | b'&' | b'*' | b'!' | b'%' | b'@' | b'`' => {
                None
            }
            _ => {
                let value = text.trim_end_matches(' ');
                if plain_needs_full_parser(value) {
                    return None;
                }
                self.continuation_free(line)?;
                let end = start + value.len();
                Some(scalar(
                    CompactString::from(value),
                    ScalarStyle::Plain,
                    self.span(start..end),
                ))
            }
        }
    }

    /// Checks that no line continues a one-line value: the next content line must not be
    /// more indented than the key's line.
    fn continuation_free(&self, line: Line) -> Option<()> {
        match self.next_content(self.at) {
            Some(next) if self.lines[next].indent > line.indent => None,
            _ => Some(()),
        }
    }

    /// A block scalar whose header (`>-`, `|`, ...) starts at `start` on `line`.
    fn block(&mut self, line: Line, start: usize) -> Option<Node> {
        let header = self.yaml[start..line.end].trim_end_matches(' ');
        let (style, chomp) = match header {
            ">" => (ScalarStyle::Folded, Chomp::Clip),
            ">-" => (ScalarStyle::Folded, Chomp::Strip),
            ">+" => (ScalarStyle::Folded, Chomp::Keep),
            "|" => (ScalarStyle::Literal, Chomp::Clip),
            "|-" => (ScalarStyle::Literal, Chomp::Strip),
            "|+" => (ScalarStyle::Literal, Chomp::Keep),
            _ => return None,
        };
        // The content: every following line up to the first less-indented content line.
        let first = self.next_nonblank(self.at)?;
        let indent = self.lines[first].indent;
        if indent <= line.indent {
            // An empty block scalar: rare enough to leave to the full parser.
            return None;
        }
        let mut end = self.at;
        while end < self.lines.len() {
            let l = self.lines[end];
            if !l.blank && l.indent < indent {
                break;
            }
            end += 1;
        }
        let content = &self.lines[self.at..end];
        // The next content line must belong to an enclosing mapping.
        if let Some(next) = self.next_nonblank(end)
            && self.lines[next].indent > line.indent
        {
            return None;
        }
        let mut parts: Vec<&str> = Vec::with_capacity(content.len());
        for l in content {
            if l.blank {
                // Spaces beyond the indentation would be content: leave those to the full
                // parser.
                if l.end - l.start > indent {
                    return None;
                }
                parts.push("");
            } else {
                if l.indent > indent {
                    return None;
                }
                parts.push(&self.yaml[l.start + indent..l.end]);
            }
        }
        let last = content.iter().rposition(|l| !l.blank)?;
        let text = fold(&parts, last, style, chomp);
        let span_start = self.lines[first].content();
        let last_line = content[last];
        let span_end = last_line.start
            + self.yaml[last_line.start..last_line.end]
                .trim_end_matches(' ')
                .len();
        self.at = end;
        Some(scalar(
            CompactString::from(text),
            style,
            self.span(span_start..span_end),
        ))
    }

    /// The next line that is not blank (comments included: inside a block scalar they are
    /// text), from `from`.
    fn next_nonblank(&self, from: usize) -> Option<usize> {
        (from..self.lines.len()).find(|&i| !self.lines[i].blank)
    }
}

/// How a block scalar ends (YAML's chomping).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Chomp {
    Strip,
    Clip,
    Keep,
}

/// A block scalar's text from its lines (without indentation; blank lines empty), `last`
/// being the last line with text.
fn fold(parts: &[&str], last: usize, style: ScalarStyle, chomp: Chomp) -> String {
    let mut text = String::with_capacity(parts.iter().map(|p| p.len() + 1).sum());
    let mut pending_breaks = 0;
    let mut started = false;
    for part in &parts[..=last] {
        if part.is_empty() {
            pending_breaks += 1;
            continue;
        }
        if started {
            match style {
                // Between two text lines one break folds into a space; each blank line
                // between them stays a break.
                ScalarStyle::Folded if pending_breaks == 0 => text.push(' '),
                ScalarStyle::Folded => text.extend(std::iter::repeat_n('\n', pending_breaks)),
                _ => text.extend(std::iter::repeat_n('\n', pending_breaks + 1)),
            }
        } else {
            // Blank lines before the first text line are breaks.
            text.extend(std::iter::repeat_n('\n', pending_breaks));
        }
        pending_breaks = 0;
        started = true;
        text.push_str(part);
    }
    match chomp {
        Chomp::Strip => {}
        Chomp::Clip => text.push('\n'),
        Chomp::Keep => text.extend(std::iter::repeat_n('\n', parts.len() - last)),
    }
    text
}

/// The inside of a quoted scalar at the start of `text` and the end of its closing quote;
/// `None` unless it ends the line. (Spaces after the closing quote are left to the full
/// parser, whose span then sometimes takes one of them in.)
fn quoted(text: &str, quote: u8) -> Option<(&str, usize)> {
    let bytes = text.as_bytes();
    let mut i = 1;
    while i < bytes.len() {
        if bytes[i] == quote {
            // A doubled single quote is an escaped one.
            if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') {
                i += 2;
                continue;
            }
            return (i + 1 == text.len()).then_some((&text[1..i], i + 1));
        }
        i += 1;
    }
    None
}

/// Whether a one-line plain value holds `: ` or ` #` (a mapping or a comment to the full
/// parser), or ends in `:`.
fn plain_needs_full_parser(value: &str) -> bool {
    let bytes = value.as_bytes();
    bytes.last() == Some(&b':')
        || memchr::memchr2_iter(b':', b'#', bytes).any(|i| match bytes[i] {
            b':' => bytes.get(i + 1) == Some(&b' '),
            _ => i > 0 && bytes[i - 1] == b' ',
        })
}

fn scalar(text: CompactString, style: ScalarStyle, span: Range<usize>) -> Node {
    let value = resolve(std::borrow::Cow::Borrowed(&text), style, None);
    Node {
        span,
        kind: NodeKind::Scalar { text, style, value },
    }
}

/// A mapping node spanning its first key to its last value.
fn mapping(entries: Vec<Entry>) -> Option<Node> {
    let start = entries.first()?.key.span.start;
    let end = entries.last()?.value.span.end.max(start);
    Some(Node {
        span: start..end,
        kind: NodeKind::Mapping(entries),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::yaml::parse_full;

    /// The fast parser either declines or builds exactly what the full parser builds.
    fn agrees(yaml: &str) -> bool {
        match parse(yaml, 7) {
            None => true,
            Some(fast) => {
                let full = parse_full(yaml, 7);
                let same = full.error.is_none()
                    && fast.root == full.root
                    && fast.duplicates == full.duplicates;
                assert!(
                    same,
                    "the parsers disagree on:\n{yaml}\nfast: {fast:#?}\nfull: {full:#?}"
                );
                same
            }
        }
    }

    #[test]
    fn the_forms_articles_use() {
        for yaml in [
            "a: x\nb:\nc: >-\n    one\n    two\n\n    three  \n\nd: |\n  l1\n  l2\n\ne: 'q'\nf:\n  g: 1\n  h:   spaced   \ni: >\n  x\n\n",
            "b:   \nc: x  \n# comment\nd: >-   \n\n    after blank\ne:\n    f: 2\n",
            "a: 2024-11-25\nb: -1.0\nc: True\nd: ~\ne: 0x1F\nf: 1_000\ng: .inf\nh: 007\n",
            "id: 1\ntitle: It''s\nq: 'It''s'\nd: \"say\"\nk: |+\n  kept\n\n\nz: 1\n",
            "seo:\n  title: QuickTakes | Health Studies\n  page_description: >-\n    text\nid: 1\nid: 2\n",
            "a:\n  b:\n    c: deep\n  d: 1\ne: 2\n",
        ] {
            assert!(parse(yaml, 7).is_some(), "declined:\n{yaml}");
            agrees(yaml);
        }
    }

    #[test]
    fn what_it_declines() {
        for yaml in [
            "a: [1, 2]\n",
            "- x\n",
            "a: &x 1\nb: *x\n",
            "a: !!str 1\n",
            "a: x\n  continued\n",
            "a: \"esc\\n\"\n",
            "a: x # comment\n",
            "a: >2\n   x\n",
            "a: >-\n    x\n      more\n    y\n",
            "a:\tx\n",
            "a: x\r\nb: y\r\n",
            "a: 'multi\n  line'\n",
            "? complex\n: key\n",
            "a: >-\nb: 1\n",
            "  a: 1\n",
        ] {
            assert!(parse(yaml, 0).is_none(), "accepted:\n{yaml}");
        }
    }

    /// A small deterministic generator of changes to real articles.
    struct Mutations(u64);

    impl Mutations {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n.max(1) as u64) as usize
        }

        fn mutate(&mut self, yaml: &str) -> String {
            let mut lines: Vec<String> = yaml.split('\n').map(str::to_string).collect();
            for _ in 0..=self.below(3) {
                let i = self.below(lines.len());
                let pieces = [
                    "", " ", "  ", "#", ":", ": ", "'", "\"", "-", "- ", ">", "|-", "x", "é", "\t",
                    "[", "&a", "*a", "  k: v", "k:", "''",
                ];
                let piece = pieces[self.below(pieces.len())];
                match self.below(6) {
                    0 => {
                        lines.remove(i);
                        if lines.is_empty() {
                            lines.push(String::new());
                        }
                    }
                    1 => {
                        let line = lines[i].clone();
                        lines.insert(i, line);
                    }
                    2 => lines[i].insert_str(0, piece),
                    3 => lines[i].push_str(piece),
                    4 => lines.insert(i, piece.to_string()),
                    _ => {
                        let line = &mut lines[i];
                        let at = self.below(line.len() + 1);
                        if line.is_char_boundary(at) {
                            line.insert_str(at, piece);
                        }
                    }
                }
            }
            lines.join("\n")
        }
    }

    fn fixture_front_matter() -> Vec<String> {
        let mut found = Vec::new();
        let mut stack = vec![std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else if let Ok(text) = std::fs::read_to_string(&path)
                    && let Ok(fm) = crate::core::frontmatter::split(&text)
                {
                    found.push(text[fm.yaml].to_string());
                }
            }
        }
        found
    }

    #[test]
    fn it_agrees_with_the_full_parser_on_every_fixture_and_many_changes_to_them() {
        let originals = fixture_front_matter();
        assert!(originals.len() > 50);
        let mut accepted = 0;
        for yaml in &originals {
            accepted += usize::from(parse(yaml, 7).is_some());
            agrees(yaml);
        }
        // Nearly every real article takes the fast path.
        assert!(
            accepted * 10 >= originals.len() * 9,
            "{accepted} of {}",
            originals.len()
        );
        let seed = std::env::var("MUTATION_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(0x9e37_79b9_7f4a_7c15);
        let mut mutations = Mutations(seed);
        let rounds: usize = std::env::var("MUTATION_ROUNDS")
            .ok()
            .and_then(|r| r.parse().ok())
            .unwrap_or(20_000);
        for round in 0..rounds {
            let yaml = mutations.mutate(&originals[round % originals.len()]);
            agrees(&yaml);
        }
    }
}
