//! The fast reading: micromark's rules for the Markdown most answers are written in.
//!
//! Paragraphs, ATX headings, list items (nested, lazy lines, blank lines), `$$` math blocks,
//! inline `$` math and backslash escapes are read exactly as micromark reads them (the state
//! names below follow markdown-rs's `document`, `list_item`, `raw_flow` and `raw_text`). The
//! parser declines (returns `None`) as soon as the text holds anything else that could change
//! where math or code is: code (`` ` ``, `~~~`, indented code), HTML and autolinks (`<`),
//! links and definitions (`](`, `]:`), footnotes, autolink literals, tables, block quotes,
//! thematic breaks and setext underlines, tabs, carriage returns. What it declines is read by
//! markdown-rs.

use std::ops::Range;

use super::{Escape, Kind, Markdown, Options, Span, chunks, is_punctuation};

/// Reads `text`, or declines.
pub fn parse(text: &str, options: Options) -> Option<Markdown> {
    if declines(text) {
        return None;
    }
    let mut parser = Parser {
        text,
        options,
        items: Vec::new(),
        flow: Flow::None,
        interrupt: false,
        closing: false,
        unclosed: false,
        out: Markdown::default(),
    };
    let mut start = 0;
    loop {
        let end =
            memchr::memchr(b'\n', &text.as_bytes()[start..]).map_or(text.len(), |i| start + i);
        // After a final line break there is no line.
        if start < end || end < text.len() || start == 0 {
            parser.line(start, end)?;
        }
        if end == text.len() {
            break;
        }
        start = end + 1;
    }
    parser.close_flow();
    (!parser.unclosed).then_some(parser.out)
}

/// Whether `text` holds a construct this parser does not read. Each mark is looked for with
/// memchr on its rarest byte: this runs on every rendered answer.
fn declines(text: &str) -> bool {
    use std::sync::LazyLock;
    static SCHEME: LazyLock<memchr::memmem::Finder<'static>> =
        LazyLock::new(|| memchr::memmem::Finder::new(b"://"));
    static TILDES: LazyLock<memchr::memmem::Finder<'static>> =
        LazyLock::new(|| memchr::memmem::Finder::new(b"~~~"));
    let bytes = text.as_bytes();
    let at = |i: usize| bytes.get(i).copied();
    if memchr::memchr2(b'`', b'\t', bytes).is_some()
        || memchr::memchr2(b'\r', b'\0', bytes).is_some()
    {
        return true;
    }
    // HTML and autolinks begin with `<` and something else than a space (`$x < 1$` and
    // `a <= b` are text).
    if memchr::memchr_iter(b'<', bytes)
        .any(|i| !matches!(at(i + 1), None | Some(b' ' | b'\n' | b'=')))
    {
        return true;
    }
    // Links, definitions and footnotes: `](`, `]:`, `[^`.
    if memchr::memchr_iter(b']', bytes).any(|i| matches!(at(i + 1), Some(b'(' | b':')))
        || memchr::memchr_iter(b'[', bytes).any(|i| at(i + 1) == Some(b'^'))
        || SCHEME.find(bytes).is_some()
        || TILDES.find(bytes).is_some()
    {
        return true;
    }
    // Autolink literals (`www.`, `mailto:`, `xmpp:`) are found whatever their case.
    let ends_with = |end: usize, word: &[u8]| {
        end >= word.len()
            && end <= bytes.len()
            && bytes[end - word.len()..end].eq_ignore_ascii_case(word)
    };
    if memchr::memchr2_iter(b'w', b'W', bytes).any(|i| ends_with(i + 4, b"www."))
        || memchr::memchr_iter(b':', bytes)
            .any(|i| ends_with(i, b"mailto") || ends_with(i, b"xmpp"))
    {
        return true;
    }
    // A line of only `-`, `=`, `*`, `_`, `:`, `|` and spaces: a thematic break, a setext
    // underline or a table's delimiter row. Its first byte that is not a space tells most
    // lines apart.
    let mark = |b: u8| matches!(b, b'-' | b'=' | b'*' | b'_' | b':' | b'|');
    text.split('\n').any(|line| {
        let line = line.as_bytes();
        line.iter().find(|&&b| b != b' ').is_some_and(|&b| mark(b))
            && line.iter().any(|b| matches!(b, b'-' | b'=' | b'*' | b'_'))
            && line.iter().all(|&b| mark(b) || b == b' ')
    })
}

/// An open list item (markdown-rs's list item container).
struct Item {
    /// Columns its content is indented by, from the start of its own indentation.
    size: usize,
    /// Whether it began with a blank line.
    blank_initial: bool,
}

/// The open leaf block.
enum Flow {
    None,
    Paragraph {
        /// Where the paragraph starts: its first line, after the containers' prefix
        /// (indentation included, as in remark's positions).
        start: usize,
        /// Content of each line: the first from its first non-space byte, the others from
        /// the end of their containers' prefix.
        lines: Vec<Range<usize>>,
    },
    Math {
        /// Offset of the opening fence's first `$`.
        start: usize,
        /// Length of the opening run.
        size: usize,
        /// Spaces before the opening fence, stripped from each content line.
        indent: usize,
        /// Content lines, after that indentation.
        lines: Vec<Range<usize>>,
        /// End of the last line of the block so far.
        end: usize,
    },
}

struct Parser<'a> {
    text: &'a str,
    options: Options,
    items: Vec<Item>,
    flow: Flow,
    /// The document's `interrupt` flag for this line: whether a new list item would interrupt
    /// a paragraph (then only `1.`/`1)` and non-empty items may start).
    interrupt: bool,
    /// Set while a math block's closing fence closes it.
    closing: bool,
    /// Whether a math block ended without its closing fence (a lazy line, the end of its
    /// list item or of the text): where micromark ends such a block depends on subtleties
    /// left to markdown-rs.
    unclosed: bool,
    out: Markdown,
}

impl Parser<'_> {
    fn spaces(&self, from: usize, end: usize) -> usize {
        self.text.as_bytes()[from..end]
            .iter()
            .take_while(|&&b| b == b' ')
            .count()
    }

    /// Reads the line `start..end`; `None` to decline.
    fn line(&mut self, start: usize, end: usize) -> Option<()> {
        let bytes = self.text.as_bytes();
        let blank = bytes[start..end].iter().all(|&b| b == b' ');
        let mut pos = start;

        // Existing containers (`document::container_existing_before`).
        let mut continued = 0;
        for item in &mut self.items {
            let spaces = bytes[pos..end].iter().take_while(|&&b| b == b' ').count();
            if blank {
                if item.blank_initial {
                    break;
                }
                pos += spaces.min(item.size);
            } else {
                item.blank_initial = false;
                if spaces < item.size {
                    break;
                }
                pos += item.size;
            }
            continued += 1;
        }

        // New containers (`document::container_new_before`). They would only interrupt a
        // paragraph if every existing container continued.
        self.interrupt = false;
        loop {
            if continued == self.items.len() {
                self.interrupt = matches!(self.flow, Flow::Paragraph { .. });
                if matches!(self.flow, Flow::Math { .. }) {
                    break;
                }
            }
            let spaces = self.spaces(pos, end);
            if spaces <= 3 && bytes.get(pos + spaces) == Some(&b'>') {
                return None;
            }
            let Some((size, blank_item)) = self.list_item(pos, end) else {
                break;
            };
            if blank_item {
                // Items that start blank are rare and have their own rules: decline.
                return None;
            }
            // A new container ends the open block, and the containers not continued.
            self.close_flow();
            self.items.truncate(continued);
            self.items.push(Item {
                size,
                blank_initial: false,
            });
            continued += 1;
            self.interrupt = false;
            pos += size;
        }
        let lazy = continued != self.items.len();

        // Flow: inside a math block, a closing fence or a content line.
        if let Flow::Math { size, indent, .. } = self.flow {
            if !lazy {
                let spaces = self.spaces(pos, end);
                let at = pos + spaces;
                let run = bytes[at..end].iter().take_while(|&&b| b == b'$').count();
                let closes =
                    spaces <= 3 && run >= size && bytes[at + run..end].iter().all(|&b| b == b' ');
                if let Flow::Math {
                    lines, end: last, ..
                } = &mut self.flow
                {
                    *last = end;
                    if !closes {
                        lines.push(pos + spaces.min(indent)..end);
                    }
                }
                if closes {
                    self.closing = true;
                    self.close_flow();
                    self.closing = false;
                }
                return Some(());
            }
            // A lazy line ends the block before it.
            self.close_flow();
        }

        let spaces = self.spaces(pos, end);
        let at = pos + spaces;
        if blank {
            self.close_flow();
            if lazy {
                self.items.truncate(continued);
            }
            return Some(());
        }
        let paragraph = matches!(self.flow, Flow::Paragraph { .. });
        if spaces >= 4 {
            if !paragraph {
                // Indented code.
                return None;
            }
            self.continue_paragraph(pos, end);
            return Some(());
        }
        if let Some(heading) = self.heading(at, end) {
            self.close_flow();
            if lazy {
                self.items.truncate(continued);
            }
            self.inline(&[heading], pos);
            return Some(());
        }
        if let Some(size) = self.math_fence(at, end) {
            self.close_flow();
            if lazy {
                self.items.truncate(continued);
            }
            self.flow = Flow::Math {
                start: at,
                size,
                indent: spaces,
                lines: Vec::new(),
                end,
            };
            return Some(());
        }
        if paragraph {
            // Continuation lines keep their indentation in the text (after the containers').
            self.continue_paragraph(pos, end);
        } else {
            if lazy {
                self.items.truncate(continued);
            }
            self.flow = Flow::Paragraph {
                start: pos,
                lines: std::iter::once(at..end).collect(),
            };
        }
        Some(())
    }

    fn continue_paragraph(&mut self, at: usize, end: usize) {
        if let Flow::Paragraph { lines, .. } = &mut self.flow {
            lines.push(at..end);
        }
    }

    /// A list item starting at `pos` (`list_item::start`): the columns of its prefix and
    /// whether its first line is blank.
    fn list_item(&self, pos: usize, end: usize) -> Option<(usize, bool)> {
        let bytes = self.text.as_bytes();
        let indent = self.spaces(pos, end);
        if indent > 3 {
            return None;
        }
        let mut i = pos + indent;
        match bytes.get(i)? {
            b'*' | b'-' | b'+' => i += 1,
            b'0'..=b'9' => {
                if self.interrupt && bytes[i] != b'1' {
                    return None;
                }
                let digits = bytes[i..end]
                    .iter()
                    .take_while(|b| b.is_ascii_digit())
                    .count();
                // `LIST_ITEM_VALUE_SIZE_MAX`; when interrupting, one digit.
                if digits >= 10 || (self.interrupt && digits >= 2) {
                    return None;
                }
                i += digits;
                if !matches!(bytes.get(i), Some(b'.' | b')')) {
                    return None;
                }
                i += 1;
            }
            _ => return None,
        }
        let rest = &bytes[i..end];
        if rest.iter().all(|&b| b == b' ') {
            return (!self.interrupt).then_some((i - pos + 1, true));
        }
        let spaces = rest.iter().take_while(|&&b| b == b' ').count();
        match spaces {
            0 => None,
            1..=4 => Some((i - pos + spaces, false)),
            // Five spaces or more: the content is indented code after one space.
            _ => Some((i - pos + 1, false)),
        }
    }

    /// An ATX heading at `at`: the range of its content.
    fn heading(&self, at: usize, end: usize) -> Option<Range<usize>> {
        let bytes = self.text.as_bytes();
        let hashes = bytes[at..end].iter().take_while(|&&b| b == b'#').count();
        if hashes == 0 || hashes > 6 || !matches!(bytes.get(at + hashes), None | Some(b' ' | b'\n'))
        {
            return None;
        }
        let mut start = at + hashes;
        while start < end && bytes[start] == b' ' {
            start += 1;
        }
        let mut stop = end;
        while stop > start && bytes[stop - 1] == b' ' {
            stop -= 1;
        }
        // A closing sequence of `#` after a space.
        let mut close = stop;
        while close > start && bytes[close - 1] == b'#' {
            close -= 1;
        }
        if close < stop && (close == start || bytes[close - 1] == b' ') {
            stop = close;
            while stop > start && bytes[stop - 1] == b' ' {
                stop -= 1;
            }
        }
        Some(start..stop)
    }

    /// A `$$` fence opening a math block at `at` (`raw_flow::start`): the length of its run.
    fn math_fence(&self, at: usize, end: usize) -> Option<usize> {
        if !self.options.math {
            return None;
        }
        let bytes = self.text.as_bytes();
        let run = bytes[at..end].iter().take_while(|&&b| b == b'$').count();
        // Everything after the run is `meta`, which cannot hold a `$`.
        (run >= 2 && !bytes[at + run..end].contains(&b'$')).then_some(run)
    }

    /// Ends the open paragraph or math block.
    fn close_flow(&mut self) {
        match std::mem::replace(&mut self.flow, Flow::None) {
            Flow::None => {}
            Flow::Paragraph { start, lines } => self.inline(&lines, start),
            Flow::Math {
                start, lines, end, ..
            } => {
                self.unclosed |= !self.closing;
                let value = lines
                    .iter()
                    .map(|l| &self.text[l.clone()])
                    .collect::<Vec<_>>()
                    .join("\n");
                let range = start..end;
                let chunks = chunks(self.text, Kind::DisplayMath, &range, &value);
                self.out.spans.push(Span {
                    kind: Kind::DisplayMath,
                    range,
                    value,
                    chunks,
                    block: start,
                });
            }
        }
    }

    /// Reads the inline content of a paragraph or heading (`text`): math and escapes.
    fn inline(&mut self, lines: &[Range<usize>], block: usize) {
        let text = self.text;
        if !lines.iter().any(|l| {
            text.as_bytes()[l.clone()]
                .iter()
                .any(|&b| b == b'$' || b == b'\\')
        }) {
            return;
        }
        // The content as micromark's text tokenizer sees it: lines joined by line breaks,
        // with the offset of each byte in the text.
        let mut stream = Vec::new();
        let mut offsets = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            if i > 0 {
                stream.push(b'\n');
                offsets.push(lines[i - 1].end);
            }
            stream.extend_from_slice(&text.as_bytes()[line.clone()]);
            offsets.extend(line.clone());
        }
        let run_at = |i: usize| stream[i..].iter().take_while(|&&b| b == b'$').count();
        let mut escape_end = usize::MAX;
        let mut i = 0;
        while i < stream.len() {
            match stream[i] {
                b'\\' if stream.get(i + 1).copied().is_some_and(is_punctuation) => {
                    let byte = stream[i + 1];
                    if matches!(byte, b'(' | b')' | b'[' | b']') {
                        self.out.escapes.push(Escape {
                            at: offsets[i],
                            byte,
                            block,
                        });
                    }
                    i += 2;
                    escape_end = i;
                }
                b'$' if self.options.math
                    && (i == 0 || stream[i - 1] != b'$' || escape_end == i) =>
                {
                    let size = run_at(i);
                    if size == 1 && !self.options.single_dollar {
                        i += 1;
                        continue;
                    }
                    let mut j = i + size;
                    let mut close = None;
                    while j < stream.len() {
                        if stream[j] == b'$' {
                            let run = run_at(j);
                            if run == size {
                                close = Some(j);
                                break;
                            }
                            j += run;
                        } else {
                            j += 1;
                        }
                    }
                    let Some(close) = close else {
                        i += size;
                        continue;
                    };
                    let range = offsets[i]..offsets[close + size - 1] + 1;
                    let value = super::strip_padding(
                        String::from_utf8_lossy(&stream[i + size..close]).into_owned(),
                    );
                    let chunks = chunks(text, Kind::InlineMath, &range, &value);
                    self.out.spans.push(Span {
                        kind: Kind::InlineMath,
                        range,
                        value,
                        chunks,
                        block,
                    });
                    i = close + size;
                }
                _ => i += 1,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::declines;

    /// The first, plain version of [`declines`]: the fast one must agree with it.
    fn declines_plainly(text: &str) -> bool {
        if text.bytes().any(|b| b"`\t\r\0".contains(&b)) {
            return true;
        }
        let bytes = text.as_bytes();
        if (0..bytes.len()).any(|i| {
            bytes[i] == b'<' && !matches!(bytes.get(i + 1), None | Some(b' ' | b'\n' | b'='))
        }) {
            return true;
        }
        if ["](", "]:", "[^", "://", "~~~"]
            .iter()
            .any(|m| text.contains(m))
        {
            return true;
        }
        let lower = text.to_ascii_lowercase();
        if ["www.", "mailto:", "xmpp:"]
            .iter()
            .any(|m| lower.contains(m))
        {
            return true;
        }
        text.split('\n').any(|line| {
            line.bytes().any(|b| matches!(b, b'-' | b'=' | b'*' | b'_'))
                && line
                    .bytes()
                    .all(|b| matches!(b, b'-' | b'=' | b'*' | b'_' | b':' | b'|' | b' '))
        })
    }

    #[test]
    fn declines_as_the_plain_version_does() {
        let pieces = [
            "`", "<", "\t", "\r", "\0", "]", "[", "(", ":", "^", "/", "~", "w", "W", ".", "mailto",
            "MailTo", "xmpp", "XMPP", "www", "Www.", "-", "=", "*", "_", "|", " ", "\n", "a", "é",
        ];
        // A small linear congruential generator: the same strings on every run.
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            (state >> 33) as usize
        };
        for _ in 0..50_000 {
            let len = next() % 12;
            let text: String = (0..len).map(|_| pieces[next() % pieces.len()]).collect();
            assert_eq!(declines(&text), declines_plainly(&text), "{text:?}");
        }
    }
}
