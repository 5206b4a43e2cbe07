//! Markdown as the site parses it: where its math and code are.
//!
//! The site renders a field with remark (micromark's CommonMark tokenizer) plus remark-gfm and
//! remark-math. The rules that check what readers see need the same structure: which `$` opens
//! a formula, which `\(` is text, where a code block starts. [`parse`] finds it with
//! markdown-rs, a port of micromark with the same GFM and math extensions ([`reference`]).
//! markdown-rs is exact but slow (about 9 MB/s), so the plain Markdown most answers are
//! written in (paragraphs, headings, lists, `$` and `$$` math) is read by a small parser that
//! follows micromark's rules for those constructs only ([`fast`]) and declines anything else.
//! Differential tests hold the two to the same result.

mod fast;
mod reference;

use std::ops::Range;

/// What a span of Markdown is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// `$…$` or `$$…$$` inside a paragraph or heading (remark-math's `inlineMath`).
    InlineMath,
    /// A `$$` fenced block (remark-math's `math`), rendered in display mode.
    DisplayMath,
    /// `` `…` `` code.
    InlineCode,
    /// A fenced or indented code block.
    CodeBlock,
}

impl Kind {
    /// Whether it is math.
    pub fn is_math(self) -> bool {
        matches!(self, Kind::InlineMath | Kind::DisplayMath)
    }
}

/// One math or code span of the rendered text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// What it is.
    pub kind: Kind,
    /// The whole construct, delimiters and fences included, as byte offsets of the text.
    pub range: Range<usize>,
    /// Its content: the formula KaTeX is given, or the code, exactly as remark's value;
    /// for inline code, the raw text between the runs.
    pub value: String,
    /// The ranges of the text whose bytes, joined by line breaks, make `value`.
    pub chunks: Vec<Range<usize>>,
    /// Start of the paragraph, heading or table cell it is in (inline spans), or of the span
    /// itself (blocks).
    pub block: usize,
}

impl Span {
    /// The text offset of byte `offset` of the value.
    pub fn offset(&self, mut offset: usize) -> usize {
        for chunk in &self.chunks {
            if offset <= chunk.len() {
                return chunk.start + offset;
            }
            // The line break between two chunks.
            offset -= chunk.len() + 1;
        }
        self.chunks.last().map_or(self.range.start, |c| c.end)
    }

    /// The text range that holds `range` of the value.
    pub fn value_range(&self, range: Range<usize>) -> Range<usize> {
        self.offset(range.start)..self.offset(range.end)
    }
}

/// A backslash escape of `(`, `)`, `[` or `]` in text: the delimiters of `\(…\)` and `\[…\]`
/// math, which Markdown reads as escaped brackets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Escape {
    /// Offset of the backslash.
    pub at: usize,
    /// The escaped byte.
    pub byte: u8,
    /// Start of the paragraph, heading or table cell it is in.
    pub block: usize,
}

/// The math and code of a Markdown text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Markdown {
    /// Math and code spans, in text order.
    pub spans: Vec<Span>,
    /// Escaped brackets in text, in text order.
    pub escapes: Vec<Escape>,
}

/// How the site's Markdown is configured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Options {
    /// Whether `$` delimits math (remark-math is loaded).
    pub math: bool,
    /// Whether a single `$` opens inline math (remark-math's `singleDollarTextMath`).
    pub single_dollar: bool,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            math: true,
            single_dollar: true,
        }
    }
}

/// Finds the math, code and escaped brackets of `text` the way remark does. In the rare text
/// markdown-rs cannot read (it panics), nothing is found.
pub fn parse(text: &str, options: Options) -> Markdown {
    fast::parse(text, options)
        .or_else(|| reference::parse(text, options))
        .unwrap_or_default()
}

/// Parses with markdown-rs only (for tests and benchmarks); `None` where it panics.
pub fn parse_reference(text: &str, options: Options) -> Option<Markdown> {
    reference::parse(text, options)
}

/// Parses with the fast parser only; `None` where it declines (for tests and benchmarks).
pub fn parse_fast(text: &str, options: Options) -> Option<Markdown> {
    fast::parse(text, options)
}

/// Whether `byte` is ASCII punctuation, which a backslash escapes in CommonMark.
fn is_punctuation(byte: u8) -> bool {
    byte.is_ascii_punctuation()
}

/// The chunks of `text` that make `value`, for a span of `kind` over `range`: inline math
/// begins after its opening run and ends before the closing one, and its later lines lose the
/// indentation Markdown strips; a fenced block's lines begin after its opening fence. Inline
/// code has one chunk, the raw text between its runs. When the value cannot be found line by
/// line (it never happens with the two parsers here), the whole range.
fn chunks(text: &str, kind: Kind, range: &Range<usize>, value: &str) -> Vec<Range<usize>> {
    let source = &text[range.clone()];
    let inline = matches!(kind, Kind::InlineMath | Kind::InlineCode);
    let (start, stop) = if inline {
        let marker = source.as_bytes()[0];
        let run = source.bytes().take_while(|&b| b == marker).count();
        let (start, stop) = (
            range.start + run,
            range.end.saturating_sub(run).max(range.start + run),
        );
        if kind == Kind::InlineMath && padded(&text.as_bytes()[start..stop]) {
            (start + 1, stop - 1)
        } else {
            (start, stop)
        }
    } else if kind == Kind::DisplayMath || is_fence(source) {
        match source.find('\n') {
            Some(eol) => (range.start + eol + 1, range.end),
            None => return Vec::new(),
        }
    } else {
        (range.start, range.end)
    };
    if kind == Kind::InlineCode {
        return std::iter::once(start..stop).collect();
    }
    if value.is_empty() {
        return Vec::new();
    }
    let lines: Vec<&str> = value.split('\n').collect();
    let mut out = Vec::with_capacity(lines.len());
    let mut at = start;
    for (i, line) in lines.iter().enumerate() {
        let last = i + 1 == lines.len();
        let eol = text[at..].find('\n').map_or(text.len(), |e| at + e);
        let chunk = if inline && i == 0 {
            at..at + line.len()
        } else if inline && last {
            stop.saturating_sub(line.len())..stop
        } else {
            eol.saturating_sub(line.len())..eol
        };
        if chunk.start < at || text.get(chunk.clone()) != Some(*line) {
            return vec![range.clone()];
        }
        out.push(chunk);
        at = (eol + 1).min(text.len());
    }
    out
}

/// Whether inline math or code has padding on each side, a space or a line break, which
/// micromark drops (markdown-rs only drops spaces).
fn padded(value: &[u8]) -> bool {
    let pad = |b: &u8| matches!(b, b' ' | b'\n');
    value.len() > 2
        && value.first().is_some_and(pad)
        && value.last().is_some_and(pad)
        && !value.iter().all(pad)
}

/// `value` without its padding (see [`padded`]).
fn strip_padding(mut value: String) -> String {
    if padded(value.as_bytes()) {
        value.pop();
        value.remove(0);
    }
    value
}

/// Whether a block's source opens with a code fence.
fn is_fence(source: &str) -> bool {
    let rest = source.trim_start_matches(' ');
    rest.starts_with("```") || rest.starts_with("~~~")
}

#[cfg(test)]
mod tests;
