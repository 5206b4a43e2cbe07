//! Finding the YAML front matter at the top of a Markdown file.
//!
//! The block opens with a `---` line at the very start of the file (after an optional UTF-8
//! byte-order mark) and closes at the next line that is exactly `---` or `...`. Lines may end
//! in LF or CRLF.

use std::ops::Range;

/// Where the front matter lies in a file, as byte ranges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontMatter {
    /// The opening `---` line, without its line break.
    pub open: Range<usize>,
    /// The YAML text between the fences (may be empty).
    pub yaml: Range<usize>,
    /// The closing `---` or `...` line, without its line break.
    pub close: Range<usize>,
    /// Where the Markdown body starts.
    pub body: usize,
}

/// Why a file has no usable front matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SplitError {
    /// The file does not start with a `---` line.
    Missing,
    /// The opening `---` line (given) is never closed.
    Unclosed { open: Range<usize> },
}

const BOM: &str = "\u{feff}";

/// Splits `text` into front matter and body.
pub fn split(text: &str) -> Result<FrontMatter, SplitError> {
    let (open, yaml_start) = opening(text)?;
    let bytes = text.as_bytes();
    if yaml_start >= bytes.len() {
        return Err(SplitError::Unclosed { open });
    }
    // The closing line starts with a fence after a line break: the line breaks are found
    // in one pass, and only a line that starts with a fence is looked at.
    for found in memchr::memchr_iter(b'\n', &bytes[yaml_start - 1..]) {
        let line = yaml_start + found;
        let end = line + 3;
        let fence = bytes.get(line..end);
        if fence != Some(b"---") && fence != Some(b"...") {
            continue;
        }
        // The line is the fence alone: it ends there (with LF, CRLF, or a lone CR at the
        // end of the file, as `Lines` reads lines).
        let body = match &bytes[end..] {
            [] | [b'\r'] => bytes.len(),
            [b'\n', ..] => end + 1,
            [b'\r', b'\n', ..] => end + 2,
            _ => continue,
        };
        return Ok(FrontMatter {
            open,
            yaml: yaml_start..line,
            close: line..end,
            body,
        });
    }
    Err(SplitError::Unclosed { open })
}

/// The opening `---` line (after an optional byte-order mark), without its line break, and
/// where the next line starts.
fn opening(text: &str) -> Result<(Range<usize>, usize), SplitError> {
    let start = if text.starts_with(BOM) { BOM.len() } else { 0 };
    match Lines::new(text, start).next() {
        Some((content, next)) if &text[content.clone()] == "---" => Ok((content, next)),
        _ => Err(SplitError::Missing),
    }
}

/// Iterates over lines as (content range without the line break, start of the next line).
struct Lines<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str, pos: usize) -> Self {
        Self { text, pos }
    }
}

impl Iterator for Lines<'_> {
    type Item = (Range<usize>, usize);

    fn next(&mut self) -> Option<Self::Item> {
        if self.pos >= self.text.len() {
            return None;
        }
        let rest = &self.text[self.pos..];
        let (len, next) = match memchr::memchr(b'\n', rest.as_bytes()) {
            Some(i) => (i, self.pos + i + 1),
            None => (rest.len(), self.text.len()),
        };
        let mut end = self.pos + len;
        if self.text[..end].ends_with('\r') && end > self.pos {
            end -= 1;
        }
        let item = (self.pos..end, next);
        self.pos = next;
        Some(item)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lf() {
        let text = "---\nid: 1\n---\nbody";
        let fm = split(text).unwrap();
        assert_eq!(&text[fm.open.clone()], "---");
        assert_eq!(&text[fm.yaml.clone()], "id: 1\n");
        assert_eq!(&text[fm.close.clone()], "---");
        assert_eq!(&text[fm.body..], "body");
    }

    #[test]
    fn crlf() {
        let text = "---\r\nid: 1\r\n---\r\nbody\r\n";
        let fm = split(text).unwrap();
        assert_eq!(&text[fm.yaml.clone()], "id: 1\r\n");
        assert_eq!(&text[fm.close.clone()], "---");
        assert_eq!(&text[fm.body..], "body\r\n");
    }

    #[test]
    fn bom() {
        let text = "\u{feff}---\nid: 1\n---\n";
        let fm = split(text).unwrap();
        assert_eq!(fm.open, 3..6);
        assert_eq!(&text[fm.yaml.clone()], "id: 1\n");
        assert_eq!(fm.body, text.len());
    }

    #[test]
    fn dots_close_the_block() {
        let text = "---\nid: 1\n...\nrest";
        let fm = split(text).unwrap();
        assert_eq!(&text[fm.close.clone()], "...");
        assert_eq!(&text[fm.body..], "rest");
    }

    #[test]
    fn closing_fence_at_end_of_file_without_newline() {
        let text = "---\nid: 1\n---";
        let fm = split(text).unwrap();
        assert_eq!(fm.close, 10..13);
        assert_eq!(fm.body, 13);
    }

    #[test]
    fn empty_block() {
        let fm = split("---\n---\n").unwrap();
        assert_eq!(fm.yaml, 4..4);
    }

    #[test]
    fn a_fence_must_be_exact() {
        // `----` and `--- x` do not close the block; an indented `---` neither.
        let text = "---\na: ----\n--- x\n ---\n";
        assert_eq!(split(text), Err(SplitError::Unclosed { open: 0..3 }));
    }

    #[test]
    fn unterminated() {
        assert_eq!(
            split("---\nid: 1\n"),
            Err(SplitError::Unclosed { open: 0..3 })
        );
        assert_eq!(split("---"), Err(SplitError::Unclosed { open: 0..3 }));
    }

    /// The fences as a line-by-line reading finds them, for comparison.
    fn split_by_lines(text: &str) -> Result<FrontMatter, SplitError> {
        let (open, yaml_start) = opening(text)?;
        for (content, next) in Lines::new(text, yaml_start) {
            let line = &text[content.clone()];
            if line == "---" || line == "..." {
                return Ok(FrontMatter {
                    open,
                    yaml: yaml_start..content.start,
                    close: content,
                    body: next,
                });
            }
        }
        Err(SplitError::Unclosed { open })
    }

    proptest::proptest! {
        #[test]
        fn searching_for_fences_finds_what_reading_lines_finds(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "---", "...", "--", "-", ".", "\n", "\r\n", "\r", "a: 1", " ", "x", "\u{feff}",
                ]),
                0..24,
            )
        ) {
            let text: String = parts.concat();
            proptest::prop_assert_eq!(split(&text), split_by_lines(&text));
        }
    }

    #[test]
    fn missing() {
        assert_eq!(split(""), Err(SplitError::Missing));
        assert_eq!(split("# Title\n---\n"), Err(SplitError::Missing));
        assert_eq!(split("\n---\nid: 1\n---\n"), Err(SplitError::Missing));
        assert_eq!(split("----\n"), Err(SplitError::Missing));
    }
}
