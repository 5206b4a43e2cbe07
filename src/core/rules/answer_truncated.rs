//! ## What it does
//! Reports an `answer` that stops mid-sentence: its last sentence has no final punctuation
//! (`.`, `!`, `?`, `…`, before any closing quote, bracket or emphasis), or ends on a comma, a
//! dash or a colon that announces something that never comes. The answer is read as the page
//! shows it (with the site's `\n` line breaks), and an answer that ends with a list, a table,
//! a code block, display math, inline math, a quotation or an HTML tag is left alone, as is a
//! last line of one to four capitalised words (a source tag such as `OSCARS`, which the
//! `[[phrases]]` rules are for). The diagnostic is on the unfinished last sentence.
//!
//! ## Why is this bad?
//! Readers get half an explanation ("In summary, DNA primarily serves"): the text was cut when
//! it was generated, imported or pasted, and nothing on the page says so.
//!
//! ## Example
//! ```yaml
//! answer: >-
//!     DNA stores genetic information.\n\nIn summary, DNA primarily serves
//! ```
//!
//! ## Use instead
//! ```yaml
//! answer: >-
//!     DNA stores genetic information.\n\nIn summary, DNA primarily serves as the blueprint of
//!     the cell.
//! ```

use std::ops::Range;

use crate::core::diagnostic::Diagnostic;
use crate::core::rules::{FileContext, FileRule, RuleId};

crate::core::rules::rule!(
    AnswerTruncated,
    "answer-truncated",
    Warning,
    None,
    "`answer` ends mid-sentence, with no final punctuation"
);

impl FileRule for AnswerTruncated {
    fn check(ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
        for field in ctx.rendered().iter().filter(|f| f.field == "answer") {
            let Some((range, ending)) = unfinished(&field.shown) else {
                continue;
            };
            let message = match ending {
                Ending::Open => "the answer ends mid-sentence".to_string(),
                Ending::Announces => {
                    "the answer ends on a colon, before what it announces".to_string()
                }
            };
            out.push(
                Diagnostic::new(RuleId::AnswerTruncated, field.file_range(range), message)
                    .with_label("the answer stops here")
                    .with_help(
                        "finish the sentence or remove it: the text was probably cut off when it was generated or imported",
                    ),
            );
        }
    }
}

/// How an unfinished answer ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// On a word, a number, a comma or a dash.
    Open,
    /// On a colon.
    Announces,
}

/// Characters that may follow a sentence's final punctuation.
const CLOSERS: &[char] = &['"', '\'', '”', '’', '»', ')', ']', '*', '_', '`'];

/// Where the unfinished last sentence of `shown` lies, or `None` when the text ends as a
/// finished text or a block (list, table, code, math, quotation) ends.
pub fn unfinished(shown: &str) -> Option<(Range<usize>, Ending)> {
    let text = shown.trim_end();
    if text.is_empty() {
        return None;
    }
    let last_line = &text[text.rfind('\n').map_or(0, |i| i + 1)..];
    let line = last_line.trim_start();
    if ends_a_block(text, line) || is_tag(line) {
        return None;
    }
    let body = text.trim_end_matches(CLOSERS);
    let last = body.chars().next_back()?;
    let ending = match last {
        ':' => Ending::Announces,
        c if c.is_alphanumeric() || matches!(c, ',' | '-' | '–' | '—' | '%') => Ending::Open,
        _ => return None,
    };
    let start = sentence_start(text);
    Some((start..text.len(), ending))
}

/// Whether the text ends with a block that needs no final punctuation.
fn ends_a_block(text: &str, line: &str) -> bool {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let numbered = digits > 0
        && matches!(line.as_bytes().get(digits), Some(b'.' | b')'))
        && line.as_bytes().get(digits + 1) == Some(&b' ');
    let list_item = line.starts_with(['-', '*', '+']) && line[1..].starts_with(' ') || numbered;
    list_item
        || line.starts_with('|')
        || line.starts_with('>')
        || line.starts_with('#')
        || text.ends_with("```")
        || text.ends_with("~~~")
        || text.ends_with('$')
        || text.ends_with("\\]")
        || text.ends_with("\\)")
        || text.ends_with('>')
}

/// A last line of one to four words in capitals (a scraped source tag).
fn is_tag(line: &str) -> bool {
    // Counted without collecting: the last line is usually a whole paragraph.
    (1..=4).contains(&line.split_whitespace().take(5).count())
        && line.split_whitespace().all(|w| {
            w.chars().any(char::is_alphabetic) && !w.chars().any(char::is_lowercase)
        })
        && line.chars().filter(|c| c.is_alphabetic()).count() >= 2
}

/// Where the last sentence of `text` starts: after the last sentence end or line break.
fn sentence_start(text: &str) -> usize {
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        let ends = match c {
            '\n' => true,
            '.' | '!' | '?' | '…' => next.is_some_and(char::is_whitespace),
            _ => false,
        };
        if ends {
            start = i + c.len_utf8();
        }
    }
    start + (text[start..].len() - text[start..].trim_start().len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(text: &str) -> Option<&str> {
        unfinished(text).map(|(range, _)| &text[range])
    }

    #[test]
    fn a_sentence_cut_off_is_reported_from_its_start() {
        assert_eq!(
            cut("DNA stores information.\n\nIn summary, DNA primarily serves"),
            Some("In summary, DNA primarily serves")
        );
        assert_eq!(
            cut("It works. Mostly because the enzym"),
            Some("Mostly because the enzym")
        );
        assert_eq!(
            unfinished("Consider the following:").map(|(_, e)| e),
            Some(Ending::Announces)
        );
        assert_eq!(cut("The rate rose by 5%"), Some("The rate rose by 5%"));
    }

    #[test]
    fn finished_answers_and_blocks_are_not() {
        for text in [
            "It is done.",
            "Is it?",
            "Yes!",
            "as in King's 'Letter from Birmingham Jail.'",
            "since its inception.\"",
            "It is *very* important.*",
            "Steps:\n\n- one\n- two",
            "Steps:\n\n1. one\n2. two",
            "| a | b |\n|---|---|\n| 1 | 2 |",
            "Code:\n```\nx = 1\n```",
            "The formula:\n$$\nE = mc^2\n$$",
            "The value is $x^2$",
            "> quoted wisdom",
            "Nominees brought the tale to the screen.\nOSCARS",
            "",
        ] {
            assert_eq!(cut(text), None, "{text:?}");
        }
    }
}
