//! Positions in a file's text: byte offsets turned into lines and columns.

use std::ops::Range;

use serde::{Deserialize, Serialize};

/// A 1-based line and column; columns count characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

impl Position {
    /// The start of a file.
    pub const START: Position = Position { line: 1, column: 1 };

    /// The position of byte `offset` of `text` (clamped to the text, and to a char
    /// boundary), found without a [`LineIndex`]: for a text asked one or two positions.
    pub fn of(text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &text.as_bytes()[..offset];
        let line_start = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
        Position {
            line: bytecount::count(before, b'\n') + 1,
            column: bytecount::num_chars(&before[line_start..]) + 1,
        }
    }
}

/// Turns byte offsets of one text into lines and columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes the line starts of `text`.
    pub fn new(text: &str) -> Self {
        let mut starts = Vec::with_capacity(text.len() / 40 + 2);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        Self { starts }
    }

    /// The position of byte `offset` of `text` (clamped to the text, and to a char boundary).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_of(offset);
        let column = text[self.starts[line]..offset].chars().count() + 1;
        Position {
            line: line + 1,
            column,
        }
    }

    /// The byte offset where the line holding `offset` starts.
    pub fn line_start(&self, offset: usize) -> usize {
        self.starts[self.line_of(offset)]
    }

    fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset) - 1
    }

    /// The byte ranges of the lines (with their line breaks) from the one before the line
    /// holding `low` to the one after the line holding `high`: the context a report shows.
    pub fn window(&self, text_len: usize, low: usize, high: usize) -> Range<usize> {
        let first = self.line_of(low).saturating_sub(1);
        let last = self.line_of(high) + 2;
        let end = self.starts.get(last).copied().unwrap_or(text_len);
        self.starts[first]..end.max(self.starts[first])
    }

    /// Where the line holding byte `offset` ends, after its line break.
    pub fn line_end(&self, text_len: usize, offset: usize) -> usize {
        let line = self.starts.partition_point(|&s| s <= offset);
        self.starts.get(line).copied().unwrap_or(text_len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_hold_a_line_of_context_on_each_side() {
        let text = "a\nbb\nccc\ndd\ne";
        let index = LineIndex::new(text);
        let window = |low, high| &text[index.window(text.len(), low, high)];
        assert_eq!(window(5, 6), "bb\nccc\ndd\n");
        assert_eq!(window(0, 0), "a\nbb\n");
        assert_eq!(window(12, 12), "dd\ne");
        assert_eq!(window(2, 9), "a\nbb\nccc\ndd\ne");
        assert_eq!(index.line_end(text.len(), 3), 5);
        assert_eq!(index.line_end(text.len(), 12), 13);
        assert_eq!(index.line_start(7), 5);
    }

    #[test]
    fn positions_count_characters() {
        let text = "ab\nÅé™x\n\nz";
        let index = LineIndex::new(text);
        let pos = |o| {
            let position = index.position(text, o);
            assert_eq!(Position::of(text, o), position, "offset {o}");
            position
        };
        assert_eq!(pos(0), Position { line: 1, column: 1 });
        assert_eq!(pos(2), Position { line: 1, column: 3 });
        assert_eq!(pos(3), Position { line: 2, column: 1 });
        // "Åé™" is 2 + 2 + 3 bytes, so `x` is byte 10 and column 4.
        assert_eq!(&text[10..11], "x");
        assert_eq!(pos(10), Position { line: 2, column: 4 });
        assert_eq!(pos(12), Position { line: 3, column: 1 });
        assert_eq!(pos(13), Position { line: 4, column: 1 });
        assert_eq!(pos(99), Position { line: 4, column: 2 });
    }
}
