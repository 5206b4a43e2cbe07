//! Where each byte of a scalar's value comes from in the file.
//!
//! A scalar's value is not its source text: YAML removes block indentation, folds line breaks
//! into spaces, unescapes `\"` and `''`. Rules that find something inside a value (a formula in
//! `answer`, a mojibake run in a title) use a [`SourceMap`] to point at the exact bytes of the
//! file. The map is built by decoding the scalar's source again while recording offsets, and is
//! only returned when that decoding gives exactly the value the parser read: a map is exact or
//! absent, never approximate.

use std::ops::Range;

use saphyr_parser::ScalarStyle;

/// Maps byte offsets in a scalar's value to byte offsets in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceMap {
    /// `(value offset, file offset)` at the start of each run in which value and file advance
    /// together, in increasing order; the first is `(0, _)`.
    anchors: Vec<(usize, usize)>,
    /// Length of the value.
    len: usize,
    /// File offset just past the last source byte of the value.
    end: usize,
}

impl SourceMap {
    /// Builds the map of the scalar at `span` of the file `text`, written in `style`, whose
    /// parsed value is `value`. `None` when decoding the source does not give `value` (an
    /// explicit indentation indicator, say): callers then point at the whole scalar.
    pub fn new(text: &str, span: Range<usize>, style: ScalarStyle, value: &str) -> Option<Self> {
        // A block scalar's span starts after the first line's indentation: take it in.
        let line_start =
            memchr::memrchr(b'\n', &text.as_bytes()[..span.start]).map_or(0, |i| i + 1);
        let base = match style {
            ScalarStyle::Literal | ScalarStyle::Folded
                if text[line_start..span.start].bytes().all(|b| b == b' ') =>
            {
                line_start
            }
            _ => span.start,
        };
        let raw = text.get(base..span.end)?;
        let mut decoder = Decoder::new(base);
        match style {
            ScalarStyle::Plain => decoder.flow(raw, 0, raw.len(), Quotes::None),
            ScalarStyle::SingleQuoted => {
                decoder.flow(raw, 1, raw.len().checked_sub(1)?, Quotes::Single)
            }
            ScalarStyle::DoubleQuoted => {
                decoder.flow(raw, 1, raw.len().checked_sub(1)?, Quotes::Double)
            }
            ScalarStyle::Literal => decoder.block(raw, false),
            ScalarStyle::Folded => decoder.block(raw, true),
        }?;
        // Chomping: a clipped or kept block scalar ends in line breaks the span leaves out.
        let end = base + raw.len();
        while decoder.value.len() < value.len() && value[decoder.value.len()..].starts_with('\n') {
            decoder.push_at("\n", end, 0);
        }
        (decoder.value == value).then_some(Self {
            anchors: decoder.anchors,
            len: decoder.value.len(),
            end: decoder.consumed,
        })
    }

    /// The file offset of value offset `offset` (the end of the scalar for the value's end).
    pub fn offset(&self, offset: usize) -> usize {
        if offset >= self.len {
            return self.end;
        }
        let i = self.anchors.partition_point(|&(v, _)| v <= offset) - 1;
        let (value, file) = self.anchors[i];
        let limit = self.anchors.get(i + 1).map_or(self.end, |&(_, f)| f);
        (file + (offset - value)).min(limit)
    }

    /// The file bytes that hold `range` of the value.
    pub fn range(&self, range: Range<usize>) -> Range<usize> {
        if range.is_empty() {
            let at = self.offset(range.start);
            return at..at;
        }
        let start = self.offset(range.start);
        // The end is just past the file byte of the range's last value byte.
        let last = range.end - 1;
        let i = self.anchors.partition_point(|&(v, _)| v <= last) - 1;
        let (value, file) = self.anchors[i];
        let next = self.anchors.get(i + 1).copied();
        let end = match next {
            // A run that copies bytes one for one: the byte after the last one.
            Some((v, f)) if f - file == v - value => file + (last - value) + 1,
            None if self.end - file == self.len - value => file + (last - value) + 1,
            // An escape or a fold: all of its source.
            Some((_, f)) => f,
            None => self.end,
        };
        start..end.max(start)
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Quotes {
    None,
    Single,
    Double,
}

struct Decoder {
    base: usize,
    value: String,
    anchors: Vec<(usize, usize)>,
    /// File offset just past the source of the last value byte.
    consumed: usize,
}

impl Decoder {
    fn new(base: usize) -> Self {
        Self {
            base,
            value: String::new(),
            anchors: Vec::new(),
            consumed: base,
        }
    }

    /// Appends `text`, which starts at file offset `file` and is copied byte for byte.
    fn copy(&mut self, text: &str, file: usize) {
        if text.is_empty() {
            return;
        }
        let continues = self
            .anchors
            .last()
            .is_some_and(|&(v, f)| f + (self.value.len() - v) == file);
        if !continues {
            self.anchors.push((self.value.len(), file));
        }
        self.value.push_str(text);
        self.consumed = file + text.len();
    }

    /// Appends `text`, produced by the `len` bytes of source at file offset `file` (a fold or
    /// an escape): a run of its own.
    fn push_at(&mut self, text: &str, file: usize, len: usize) {
        self.anchors.push((self.value.len(), file));
        self.value.push_str(text);
        self.consumed = file + len;
    }

    /// Decodes a plain or quoted scalar: `raw[start..end]` is its text inside the quotes.
    fn flow(&mut self, raw: &str, start: usize, end: usize, quotes: Quotes) -> Option<()> {
        let body = raw.get(start..end)?;
        let lines = split_lines(body);
        let last = lines.len() - 1;
        let mut pending_breaks = 0usize;
        let mut break_at = 0usize;
        let mut escaped_break = false;
        for (i, &(offset, line)) in lines.iter().enumerate() {
            let offset = start + offset;
            // Continuation lines lose their leading white space, every line but the last its
            // trailing white space.
            let lead = if i == 0 {
                0
            } else {
                line.len() - line.trim_start_matches([' ', '\t']).len()
            };
            let mut content = &line[lead..];
            if i != last {
                content = content.trim_end_matches([' ', '\t']);
            }
            if i > 0 && content.is_empty() && i != last {
                pending_breaks += 1;
                continue;
            }
            if i > 0 && !escaped_break {
                if pending_breaks == 0 {
                    self.push_at(" ", self.base + break_at, 1);
                } else {
                    for _ in 0..pending_breaks {
                        self.push_at("\n", self.base + break_at, 1);
                    }
                }
            }
            pending_breaks = 0;
            escaped_break = false;
            let content_at = offset + lead;
            match quotes {
                Quotes::None => self.copy(content, self.base + content_at),
                Quotes::Single => self.single(content, content_at),
                Quotes::Double => {
                    escaped_break = self.double(content, content_at, i != last)?;
                }
            }
            break_at = content_at + content.len();
        }
        Some(())
    }

    fn single(&mut self, content: &str, at: usize) {
        let mut rest = content;
        let mut offset = at;
        while let Some(i) = rest.find("''") {
            self.copy(&rest[..i], self.base + offset);
            self.push_at("'", self.base + offset + i, 2);
            rest = &rest[i + 2..];
            offset += i + 2;
        }
        self.copy(rest, self.base + offset);
    }

    /// Decodes one line of a double-quoted scalar; `Some(true)` when it ends in an escaped
    /// line break.
    fn double(&mut self, content: &str, at: usize, more: bool) -> Option<bool> {
        let bytes = content.as_bytes();
        let mut i = 0;
        let mut run = 0;
        while i < bytes.len() {
            if bytes[i] != b'\\' {
                i += 1;
                continue;
            }
            self.copy(&content[run..i], self.base + at + run);
            let Some(&code) = bytes.get(i + 1) else {
                // A backslash at the end of a line escapes the line break.
                return more.then_some(true);
            };
            let (text, len) = match code {
                b'0' => ("\0".to_string(), 2),
                b'a' => ("\u{7}".to_string(), 2),
                b'b' => ("\u{8}".to_string(), 2),
                b't' | b'\t' => ("\t".to_string(), 2),
                b'n' => ("\n".to_string(), 2),
                b'v' => ("\u{b}".to_string(), 2),
                b'f' => ("\u{c}".to_string(), 2),
                b'r' => ("\r".to_string(), 2),
                b'e' => ("\u{1b}".to_string(), 2),
                b' ' => (" ".to_string(), 2),
                b'"' => ("\"".to_string(), 2),
                b'/' => ("/".to_string(), 2),
                b'\\' => ("\\".to_string(), 2),
                b'N' => ("\u{85}".to_string(), 2),
                b'_' => ("\u{a0}".to_string(), 2),
                b'L' => ("\u{2028}".to_string(), 2),
                b'P' => ("\u{2029}".to_string(), 2),
                b'x' | b'u' | b'U' => {
                    let digits = match code {
                        b'x' => 2,
                        b'u' => 4,
                        _ => 8,
                    };
                    let hex = content.get(i + 2..i + 2 + digits)?;
                    let c = char::from_u32(u32::from_str_radix(hex, 16).ok()?)?;
                    (c.to_string(), 2 + digits)
                }
                _ => return None,
            };
            self.push_at(&text, self.base + at + i, len);
            i += len;
            run = i;
        }
        self.copy(&content[run..], self.base + at + run);
        Some(false)
    }

    /// Decodes the content lines of a literal (`|`) or folded (`>`) block scalar.
    fn block(&mut self, raw: &str, folded: bool) -> Option<()> {
        let lines = split_lines(raw);
        let indent = lines
            .iter()
            .find(|(_, l)| !l.trim().is_empty())
            .map_or(0, |(_, l)| l.len() - l.trim_start_matches(' ').len());
        // Whether the previous content line was a "normal" one (folds with the next).
        let mut previous: Option<bool> = None;
        let mut empty = 0usize;
        let mut break_at = 0usize;
        for &(offset, line) in &lines {
            let content = line.get(indent..).unwrap_or("");
            if line.len() <= indent && line.trim().is_empty() {
                empty += 1;
                if previous.is_none() {
                    self.push_at("\n", self.base + offset, 1);
                    empty = 0;
                }
                continue;
            }
            if line.len() - line.trim_start_matches(' ').len() < indent {
                return None;
            }
            let normal = !content.starts_with([' ', '\t']);
            if let Some(previous_normal) = previous {
                if folded && previous_normal && normal {
                    if empty == 0 {
                        self.push_at(" ", self.base + break_at, 1);
                    }
                } else {
                    self.push_at("\n", self.base + break_at, 1);
                }
                for _ in 0..empty {
                    self.push_at("\n", self.base + break_at, 1);
                }
            }
            empty = 0;
            self.copy(content, self.base + offset + indent);
            break_at = offset + indent + content.len();
            previous = Some(normal);
        }
        Some(())
    }
}

/// The lines of `text` with their offsets, without their line breaks (`\n` or `\r\n`).
fn split_lines(text: &str) -> Vec<(usize, &str)> {
    let mut lines = Vec::new();
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        if b == b'\n' {
            let line = &text[start..i];
            lines.push((start, line.strip_suffix('\r').unwrap_or(line)));
            start = i + 1;
        }
    }
    let line = &text[start..];
    lines.push((start, line.strip_suffix('\r').unwrap_or(line)));
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::yaml::{NodeKind, parse};

    /// Parses `key: ...` and returns the value, its map and the source.
    fn mapped(src: &str) -> (String, SourceMap) {
        let root = parse(src, 0).root.unwrap();
        let node = root.get("key").unwrap();
        let NodeKind::Scalar { text, style, .. } = &node.kind else {
            panic!("not a scalar");
        };
        let map = SourceMap::new(src, node.span.clone(), *style, text)
            .unwrap_or_else(|| panic!("no map for {src:?} (value {text:?})"));
        (text.to_string(), map)
    }

    /// Asserts that the file bytes of `needle` in the value are `expected`.
    fn points(src: &str, needle: &str, expected: &str) {
        let (value, map) = mapped(src);
        let at = value.find(needle).unwrap();
        let range = map.range(at..at + needle.len());
        assert_eq!(&src[range], expected, "in {src:?}");
    }

    #[test]
    fn folded_single_line_is_one_run() {
        let src = "key: >-\n    The price is $5 and $x^2$.\nnext: 1\n";
        points(src, "$x^2$", "$x^2$");
        points(src, "The", "The");
    }

    #[test]
    fn folded_lines_fold_into_spaces() {
        let src = "key: >-\n  first line\n  second $x$\n\n  third\n";
        let (value, _) = mapped(src);
        assert_eq!(value, "first line second $x$\nthird");
        points(src, "$x$", "$x$");
        points(src, "line second", "line\n  second");
        points(src, "third", "third");
    }

    #[test]
    fn literal_keeps_lines_and_clips() {
        let src = "key: |\n  a $b$\n    c\n";
        let (value, map) = mapped(src);
        assert_eq!(value, "a $b$\n  c\n");
        points(src, "c", "c");
        assert_eq!(map.offset(value.len() - 1), src.len() - 1);
    }

    #[test]
    fn plain_and_quoted_scalars() {
        points("key: plain $x$ text\n", "$x$", "$x$");
        points("key: plain\n  continued $y$\n", "$y$", "$y$");
        points("key: 'it''s $z$'\n", "$z$", "$z$");
        points("key: 'it''s'\n", "'", "''");
        points("key: \"tab\\there $w$\"\n", "$w$", "$w$");
        points("key: \"tab\\there\"\n", "\t", "\\t");
        points("key: \"\\u2122 mark\"\n", "™", "\\u2122");
        points("key: \"a\\\n  b\"\n", "ab", "a\\\n  b");
    }

    #[test]
    fn crlf_lines() {
        let src = "key: >-\r\n  one\r\n  two $x$\r\n";
        let (value, _) = mapped(src);
        assert_eq!(value, "one two $x$");
        points(src, "$x$", "$x$");
    }
}
