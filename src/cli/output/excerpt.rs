//! The source text a human report shows: the file with very long lines clipped around the spans
//! that matter, so a label inside a 5,000-character `answer` line stays readable.
//!
//! An excerpt holds only the lines from the one before the first span to the one after the
//! last, so building one costs the size of that window, not of the file (a file with thousands
//! of diagnostics stays fast to report). Clipping replaces the cut parts of a long line with
//! `…`. Spans are mapped into the clipped text; the line numbers and the location miette
//! prints in a report's header come from the original text, with columns counted in
//! characters.

use std::borrow::Cow;
use std::ops::Range;

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

use crate::core::source::LineIndex;

/// Lines longer than this many characters are clipped.
const MAX_LINE: usize = 160;
/// Characters kept on each side of a span inside a clipped line.
const MARGIN: usize = 50;
/// A span longer than this many characters keeps only its head and tail.
const MAX_SPAN: usize = 100;
const ELLIPSIS: &str = "…";

/// One line of an excerpt, for formats that draw it themselves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExcerptLine {
    /// Its number in the file (from 1).
    pub number: usize,
    /// Its text in runs, each with the index of the span it lies in, if any.
    pub runs: Vec<(String, Option<usize>)>,
}

/// A kept run of the original text and where it starts in the clipped text.
#[derive(Debug, Clone)]
struct Piece {
    original: Range<usize>,
    clipped_start: usize,
}

/// The text to render, with a map back to the original.
#[derive(Debug)]
pub struct Excerpt<'a> {
    name: String,
    text: String,
    pieces: Vec<Piece>,
    original_lines: Cow<'a, LineIndex>,
    original: Cow<'a, str>,
}

impl<'a> Excerpt<'a> {
    /// Builds the excerpt of `original`, whose lines `lines` indexes, that shows `spans`.
    pub fn new(
        name: String,
        original: impl Into<Cow<'a, str>>,
        lines: Cow<'a, LineIndex>,
        spans: &[Range<usize>],
    ) -> Self {
        let original = original.into();
        let text = Self::clip(&original, &lines, spans);
        Self {
            name,
            text: text.0,
            pieces: text.1,
            original_lines: lines,
            original,
        }
    }

    /// The clipped window of `original` around `spans`, and its pieces. Line boundaries come
    /// from `lines`, so the cost is that of the window's clipped lines, however long the lines
    /// of the file are.
    fn clip(original: &str, lines: &LineIndex, spans: &[Range<usize>]) -> (String, Vec<Piece>) {
        let clamp = |at: usize| {
            let mut at = at.min(original.len());
            while !original.is_char_boundary(at) {
                at -= 1;
            }
            at
        };
        let low = clamp(spans.iter().map(|s| s.start).min().unwrap_or(0));
        let high = clamp(spans.iter().map(|s| s.end).max().unwrap_or(0).max(low));
        // One line of context on each side, as miette shows.
        let Range {
            start: window_start,
            end: window_end,
        } = lines.window(original.len(), low, high);
        let mut text = String::with_capacity((window_end - window_start).min(1 << 16));
        let mut pieces = Vec::new();
        let mut line_start = window_start;
        while line_start < window_end {
            let line_end = lines.line_end(original.len(), line_start);
            let line = line_start..line_end;
            if !longer_than(&original[line.clone()], MAX_LINE) {
                push_piece(&mut text, &mut pieces, original, line);
            } else {
                let content_end = line.end - line_break_len(&original[line.clone()]);
                let mut cursor = line.start;
                for keep in keep_ranges(original, line.start..content_end, spans) {
                    if keep.start > cursor {
                        text.push_str(ELLIPSIS);
                    }
                    cursor = keep.end;
                    push_piece(&mut text, &mut pieces, original, keep);
                }
                if cursor < content_end {
                    text.push_str(ELLIPSIS);
                }
                push_piece(
                    &mut text,
                    &mut pieces,
                    original,
                    content_end.max(cursor)..line.end,
                );
            }
            line_start = line_end;
        }
        (text, pieces)
    }

    /// Maps an original byte span into the clipped text.
    pub fn map(&self, span: &Range<usize>) -> SourceSpan {
        let start = self.to_clipped(span.start, false);
        let end = self.to_clipped(span.end, true).max(start);
        (start, end - start).into()
    }

    /// The excerpt as numbered lines of runs, for formats that draw it themselves (HTML):
    /// each run is marked with the first of `spans` it lies in (the primary span first), and
    /// an empty span is an empty marked run where it points.
    pub fn lines(&self, spans: &[Range<usize>]) -> Vec<ExcerptLine> {
        let clipped: Vec<Range<usize>> = spans
            .iter()
            .map(|span| {
                let mapped = self.map(span);
                mapped.offset()..mapped.offset() + mapped.len()
            })
            .collect();
        let first = self.pieces.first().map_or(0, |p| {
            self.original_lines
                .position(&self.original, p.original.start)
                .line
        });
        let mut out = Vec::new();
        let mut start = 0;
        for (number, line) in self.text.split_inclusive('\n').enumerate() {
            let end = start + line.len();
            let content_end = end - line_break_len(line);
            // Cut at every span edge inside the line, then mark each run.
            let mut cuts: Vec<usize> = vec![start, content_end];
            for span in &clipped {
                for edge in [span.start, span.end] {
                    if edge > start && edge < content_end {
                        cuts.push(edge);
                    }
                }
            }
            cuts.sort_unstable();
            cuts.dedup();
            let empties = |at: usize| {
                clipped
                    .iter()
                    .enumerate()
                    .filter(move |(_, s)| s.is_empty() && s.start == at)
                    .map(|(i, _)| (String::new(), Some(i)))
            };
            let mut runs = Vec::new();
            for pair in cuts.windows(2) {
                runs.extend(empties(pair[0]));
                let run = pair[0]..pair[1];
                let mark = clipped
                    .iter()
                    .position(|s| s.start <= run.start && run.end <= s.end && !s.is_empty());
                runs.push((self.text[run].to_string(), mark));
            }
            runs.extend(empties(content_end));
            out.push(ExcerptLine {
                number: first + number,
                runs,
            });
            start = end;
        }
        out
    }

    fn to_clipped(&self, offset: usize, is_end: bool) -> usize {
        let i = self.pieces.partition_point(|p| p.original.end < offset);
        match self.pieces.get(i) {
            Some(p) if p.original.start <= offset => p.clipped_start + (offset - p.original.start),
            // In a cut part: the start goes to the following piece, the end to the previous one.
            Some(p) if !is_end => p.clipped_start,
            _ => match i.checked_sub(1).and_then(|j| self.pieces.get(j)) {
                Some(prev) => prev.clipped_start + prev.original.len(),
                None => 0,
            },
        }
    }

    fn to_original(&self, clipped: usize) -> usize {
        let i = self
            .pieces
            .partition_point(|p| p.clipped_start + p.original.len() < clipped);
        match self.pieces.get(i) {
            Some(p) if p.clipped_start <= clipped => p.original.start + (clipped - p.clipped_start),
            Some(p) => p.original.start,
            None => self.original.len(),
        }
    }
}

fn line_break_len(line: &str) -> usize {
    if line.ends_with("\r\n") {
        2
    } else {
        usize::from(line.ends_with('\n'))
    }
}

fn push_piece(text: &mut String, pieces: &mut Vec<Piece>, original: &str, range: Range<usize>) {
    if range.is_empty() {
        return;
    }
    pieces.push(Piece {
        clipped_start: text.len(),
        original: range.clone(),
    });
    text.push_str(&original[range]);
}

/// The parts of a long line to keep: a margin around every span that touches it (long spans
/// keep their head and tail), or the line's head when no span does.
fn keep_ranges(original: &str, line: Range<usize>, spans: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut keep: Vec<Range<usize>> = Vec::new();
    for span in spans {
        let start = span.start.max(line.start);
        let end = span.end.min(line.end);
        if span.start > line.end || span.end < line.start || start > end {
            continue;
        }
        let left = back_chars(original, start, MARGIN).max(line.start);
        let right = forward_chars(original, end, MARGIN).min(line.end);
        if longer_than(&original[start..end], MAX_SPAN) {
            keep.push(left..forward_chars(original, start, MAX_SPAN * 2 / 3));
            keep.push(back_chars(original, end, MAX_SPAN / 3)..right);
        } else {
            keep.push(left..right);
        }
    }
    if keep.is_empty() {
        keep.push(line.start..forward_chars(original, line.start, MAX_LINE / 2));
    }
    keep.sort_by_key(|r| r.start);
    let mut merged: Vec<Range<usize>> = Vec::new();
    for range in keep {
        match merged.last_mut() {
            Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
            _ => merged.push(range),
        }
    }
    merged
}

/// Whether `text` has more than `n` characters, without counting past them.
fn longer_than(text: &str, n: usize) -> bool {
    text.len() > n && text.chars().nth(n).is_some()
}

fn back_chars(text: &str, from: usize, n: usize) -> usize {
    text[..from]
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i)
}

fn forward_chars(text: &str, from: usize, n: usize) -> usize {
    text[from..]
        .char_indices()
        .nth(n)
        .map_or(text.len(), |(i, _)| from + i)
}

impl SourceCode for Excerpt<'_> {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self
            .text
            .read_span(span, context_lines_before, context_lines_after)?;
        // miette counts columns in bytes of the text it is given; report the original
        // position, in characters, as every other output format does.
        let position = self
            .original_lines
            .position(&self.original, self.to_original(inner.span().offset()));
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            position.line - 1,
            position.column - 1,
            inner.line_count(),
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(excerpt: &Excerpt, span: &Range<usize>) -> String {
        let s = excerpt.map(span);
        excerpt.text[s.offset()..s.offset() + s.len()].to_string()
    }

    #[test]
    fn lines_are_numbered_runs_marked_by_span() {
        let text = "---\nid: 39504x\ntitle: Hi\n---\nbody\n";
        let spans = [8..14, 15..15, 22..24];
        let excerpt = Excerpt::new(
            "a.md".into(),
            text,
            Cow::Owned(LineIndex::new(text)),
            &spans,
        );
        let lines = excerpt.lines(&spans);
        let run = |t: &str, m: Option<usize>| (t.to_string(), m);
        assert_eq!(lines[0].number, 1);
        assert_eq!(lines[0].runs, vec![run("---", None)]);
        assert_eq!(
            lines[1].runs,
            vec![run("id: ", None), run("39504x", Some(0))]
        );
        // An empty span is an empty marked run where it points; a label is marked apart.
        assert_eq!(
            lines[2].runs,
            vec![run("", Some(1)), run("title: ", None), run("Hi", Some(2))]
        );
        assert_eq!(lines.last().unwrap().number, 4);
    }

    #[test]
    fn short_lines_are_kept_whole() {
        let text = "---\nid: 39504x\n---\n";
        let span = 8..14;
        let excerpt = Excerpt::new(
            "a.md".into(),
            text,
            Cow::Owned(LineIndex::new(text)),
            std::slice::from_ref(&span),
        );
        assert_eq!(excerpt.text, text);
        assert_eq!(shown(&excerpt, &(8..14)), "39504x");
    }

    #[test]
    fn long_lines_are_clipped_around_the_span() {
        let long = format!("answer: {}CMGT-BCâ„¢{}\n", "a".repeat(500), "b".repeat(500));
        let text = format!("---\n{long}id: 1\n---\n");
        let start = text.find("â„¢").unwrap();
        let span = start..start + "â„¢".len();
        let excerpt = Excerpt::new(
            "a.md".into(),
            &text,
            Cow::Owned(LineIndex::new(&text)),
            std::slice::from_ref(&span),
        );
        assert_eq!(shown(&excerpt, &span), "â„¢");
        assert!(
            excerpt.text.lines().all(|l| l.chars().count() < 120),
            "{}",
            excerpt.text
        );
        // The window: the line before, the line, the line after.
        assert_eq!(excerpt.text.lines().count(), 3);
        assert!(excerpt.text.contains("…aaaa"));
        assert!(excerpt.text.contains("bbbb…\nid: 1\n"));
        assert_eq!(excerpt.to_original(excerpt.map(&span).offset()), span.start);
    }

    #[test]
    fn only_the_lines_around_the_spans_are_kept_and_numbered_as_in_the_file() {
        let text: String = (1..=100).map(|n| format!("line {n}\n")).collect();
        let start = text.find("line 50\n").unwrap();
        let span = start..start + 7;
        let lines = LineIndex::new(&text);
        let excerpt = Excerpt::new(
            "a.md".into(),
            text.as_str(),
            Cow::Borrowed(&lines),
            std::slice::from_ref(&span),
        );
        assert_eq!(excerpt.text, "line 49\nline 50\nline 51\n");
        let contents = excerpt.read_span(&excerpt.map(&span), 1, 1).unwrap();
        assert_eq!((contents.line(), contents.column()), (48, 0));
        let header = excerpt.read_span(&excerpt.map(&span), 0, 0).unwrap();
        assert_eq!((header.line(), header.column()), (49, 0));
    }

    #[test]
    fn a_long_span_keeps_its_head_and_tail() {
        let value = "x".repeat(400);
        let text = format!("answer: {value}\n");
        let span = 8..8 + value.len();
        let excerpt = Excerpt::new(
            "a.md".into(),
            &text,
            Cow::Owned(LineIndex::new(&text)),
            std::slice::from_ref(&span),
        );
        let shown = shown(&excerpt, &span);
        assert!(shown.contains('…') && shown.len() < 200, "{shown}");
    }
}
