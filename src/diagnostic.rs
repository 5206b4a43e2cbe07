//! What a rule reports: a message about a byte span of one file.

use std::fmt;
use std::ops::Range;

use serde::Serialize;

/// How serious a diagnostic is. Only errors fail a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; never fails a run.
    Info,
    /// Probably wrong; fails a run only when warnings are denied.
    Warning,
    /// Wrong; fails the run.
    Error,
}

impl Severity {
    /// The lower-case name used in every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A further span of the same file that explains a diagnostic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// Byte range in the file.
    pub span: Range<usize>,
    /// What to say there.
    pub message: String,
}

/// One replacement of a byte range of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// The bytes to replace (empty to insert).
    pub range: Range<usize>,
    /// What to put there.
    pub replacement: String,
}

impl Edit {
    /// Replaces `range` with `replacement`.
    pub fn new(range: Range<usize>, replacement: impl Into<String>) -> Self {
        Self {
            range,
            replacement: replacement.into(),
        }
    }
}

/// A repair: edits applied together or not at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// Whether `--fix` applies it (otherwise only `--unsafe-fixes` does).
    pub safe: bool,
    /// The edits, which never overlap each other.
    pub edits: Vec<Edit>,
    /// What the fix does, for people ("replace with \"™\"").
    pub title: String,
}

/// A place in another file that belongs to a diagnostic ("also used by ...").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// The other file, as shown to the user.
    pub path: std::path::PathBuf,
    /// 1-based line there.
    pub line: usize,
    /// 1-based column there, in characters.
    pub column: usize,
    /// Byte range there.
    pub span: Range<usize>,
    /// What is there.
    pub message: String,
}

/// One problem found in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The rule's kebab-case name.
    pub rule: &'static str,
    /// The severity in force for this diagnostic.
    pub severity: Severity,
    /// The smallest byte range of the file that shows the problem.
    pub span: Range<usize>,
    /// What is wrong, in the reader's words.
    pub message: String,
    /// What to say at the span (defaults to nothing beyond the underline).
    pub label: Option<String>,
    /// What to do about it.
    pub help: Option<String>,
    /// Other places in the same file that belong to this diagnostic.
    pub labels: Vec<Label>,
    /// How to repair it, when that is known.
    pub fix: Option<Fix>,
    /// Places in other files that belong to this diagnostic.
    pub notes: Vec<Note>,
}

impl Diagnostic {
    /// A diagnostic of `rule` at `span`, with the rule's default severity.
    pub fn new(rule: &crate::rules::Rule, span: Range<usize>, message: impl Into<String>) -> Self {
        Self {
            rule: rule.name,
            severity: rule.severity,
            span,
            message: message.into(),
            label: None,
            help: None,
            labels: Vec::new(),
            fix: None,
            notes: Vec::new(),
        }
    }

    /// Adds a note about a place in another file.
    pub fn with_note(mut self, note: Note) -> Self {
        self.notes.push(note);
        self
    }

    /// Attaches a fix, if there is one.
    pub fn with_fix(mut self, fix: impl Into<Option<Fix>>) -> Self {
        self.fix = fix.into();
        self
    }

    /// Sets the label shown at the primary span.
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Sets the help line.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a secondary label.
    pub fn with_secondary(mut self, span: Range<usize>, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }
}

/// A 1-based line and column; columns count characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

/// Turns byte offsets of one text into lines and columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes the line starts of `text`.
    pub fn new(text: &str) -> Self {
        let starts = std::iter::once(0)
            .chain(newlines(text).map(|i| i + 1))
            .collect();
        Self { starts }
    }

    /// The position of byte `offset` of `text` (clamped to the text, and to a char boundary).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let column = text[self.starts[line]..offset].chars().count() + 1;
        Position {
            line: line + 1,
            column,
        }
    }

    /// The byte ranges of the lines (with their line breaks) from the one before the line
    /// holding `low` to the one after the line holding `high`: the context a report shows.
    pub fn window(&self, text_len: usize, low: usize, high: usize) -> Range<usize> {
        let line_of = |offset: usize| self.starts.partition_point(|&s| s <= offset) - 1;
        let first = line_of(low).saturating_sub(1);
        let last = line_of(high) + 2;
        let end = self.starts.get(last).copied().unwrap_or(text_len);
        self.starts[first]..end.max(self.starts[first])
    }

    /// Where the line holding byte `offset` ends, after its line break.
    pub fn line_end(&self, text_len: usize, offset: usize) -> usize {
        let line = self.starts.partition_point(|&s| s <= offset);
        self.starts.get(line).copied().unwrap_or(text_len)
    }
}

fn newlines(text: &str) -> impl Iterator<Item = usize> + '_ {
    text.bytes()
        .enumerate()
        .filter_map(|(i, b)| (b == b'\n').then_some(i))
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
    }

    #[test]
    fn positions_count_characters() {
        let text = "ab\nÅé™x\n\nz";
        let index = LineIndex::new(text);
        let pos = |o| index.position(text, o);
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
