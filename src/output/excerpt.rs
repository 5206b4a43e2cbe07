//! The source text a human report shows: the file with very long lines clipped around the spans
//! that matter, so a label inside a 5,000-character `answer` line stays readable.
//!
//! Clipping keeps every line (line numbers stay true) and replaces the cut parts of a long line
//! with `…`. Spans are mapped into the clipped text; the location miette prints in a report's
//! header is computed from the original text, with columns counted in characters.

use std::ops::Range;

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

use crate::diagnostic::LineIndex;

/// Lines longer than this many characters are clipped.
const MAX_LINE: usize = 160;
/// Characters kept on each side of a span inside a clipped line.
const MARGIN: usize = 50;
/// A span longer than this many characters keeps only its head and tail.
const MAX_SPAN: usize = 100;
const ELLIPSIS: &str = "…";

/// A kept run of the original text and where it starts in the clipped text.
#[derive(Debug, Clone)]
struct Piece {
    original: Range<usize>,
    clipped_start: usize,
}

/// The text to render, with a map back to the original.
#[derive(Debug)]
pub struct Excerpt {
    name: String,
    text: String,
    pieces: Vec<Piece>,
    original_lines: LineIndex,
    original: String,
}

impl Excerpt {
    /// Builds the excerpt of `original` that shows `spans`.
    pub fn new(name: String, original: &str, spans: &[Range<usize>]) -> Self {
        let mut text = String::with_capacity(original.len().min(1 << 16));
        let mut pieces = Vec::new();
        let mut line_start = 0;
        while line_start < original.len() {
            let line_end = original[line_start..]
                .find('\n')
                .map_or(original.len(), |i| line_start + i + 1);
            let line = line_start..line_end;
            if original[line.clone()].chars().count() <= MAX_LINE {
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
        Self {
            name,
            text,
            pieces,
            original_lines: LineIndex::new(original),
            original: original.to_string(),
        }
    }

    /// Maps an original byte span into the clipped text.
    pub fn map(&self, span: &Range<usize>) -> SourceSpan {
        let start = self.to_clipped(span.start, false);
        let end = self.to_clipped(span.end, true).max(start);
        (start, end - start).into()
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
        if original[start..end].chars().count() > MAX_SPAN {
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

impl SourceCode for Excerpt {
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
    fn short_lines_are_kept_whole() {
        let text = "---\nid: 39504x\n---\n";
        let span = 8..14;
        let excerpt = Excerpt::new("a.md".into(), text, std::slice::from_ref(&span));
        assert_eq!(excerpt.text, text);
        assert_eq!(shown(&excerpt, &(8..14)), "39504x");
    }

    #[test]
    fn long_lines_are_clipped_around_the_span() {
        let long = format!("answer: {}CMGT-BCâ„¢{}\n", "a".repeat(500), "b".repeat(500));
        let text = format!("---\n{long}id: 1\n---\n");
        let start = text.find("â„¢").unwrap();
        let span = start..start + "â„¢".len();
        let excerpt = Excerpt::new("a.md".into(), &text, std::slice::from_ref(&span));
        assert_eq!(shown(&excerpt, &span), "â„¢");
        assert!(
            excerpt.text.lines().all(|l| l.chars().count() < 120),
            "{}",
            excerpt.text
        );
        assert_eq!(excerpt.text.lines().count(), text.lines().count());
        assert!(excerpt.text.contains("…aaaa"));
        assert!(excerpt.text.contains("bbbb…\nid: 1\n"));
        assert_eq!(excerpt.to_original(excerpt.map(&span).offset()), span.start);
    }

    #[test]
    fn a_long_span_keeps_its_head_and_tail() {
        let value = "x".repeat(400);
        let text = format!("answer: {value}\n");
        let span = 8..8 + value.len();
        let excerpt = Excerpt::new("a.md".into(), &text, std::slice::from_ref(&span));
        let shown = shown(&excerpt, &span);
        assert!(shown.contains('…') && shown.len() < 200, "{shown}");
    }
}
