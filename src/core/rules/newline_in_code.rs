//! ## What it does
//! Finds `\n` meant as code inside the code of the article's Markdown fields (`answer` by
//! default): any `\n` in inline code, and a `\n` inside a string or character literal in a code
//! block (`printf("Hello\n")`, `'\n'`).
//!
//! ## Why is this bad?
//! The site stores the line breaks of `answer` as the two characters `\n`, and the page turns
//! every one of them into a real line break before rendering, code included. So
//! `printf("Hello\n");` reaches readers as `printf("Hello` and `");` on two lines, and inline
//! `` `\n` `` as an empty-looking code span. The code shown is no longer the code meant.
//!
//! In a code block the `\n` between lines are the block's real line breaks; only those inside a
//! string or character literal are reported.
//!
//! ## Example
//! ```yaml
//! answer: >-
//!     Print a line with `puts("Hi\n")`:\n```c\nprintf("Hello\n");\n```
//! ```
//!
//! ## Use instead
//! The page cannot show the two characters `\n` in code. Write code that does not need them
//! (`puts("Hi")` adds the line break itself), or describe the escape in prose.
//!
//! ## Configuration
//! A site whose page keeps `\n` as it is says so, and this rule has nothing to report:
//! ```toml
//! [render]
//! escaped-newlines = false
//! ```

use std::ops::Range;

use crate::core::diagnostic::Diagnostic;
use crate::core::markdown::Kind;
use crate::core::render::Rendered;
use crate::core::rules::{FileContext, FileRule, RuleId};

crate::core::rules::rule!(
    NewlineInCode,
    "newline-in-code",
    Warning,
    None,
    "A `\\n` in code that the page turns into a line break"
);

impl FileRule for NewlineInCode {
    fn check(ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
        for rendered in ctx.rendered() {
            for span in &rendered.markdown.spans {
                let Some(content) = span.chunks.first().map(|c| c.start).zip(span.chunks.last().map(|c| c.end)) else {
                    continue;
                };
                let content = content.0..content.1;
                match span.kind {
                    Kind::InlineCode => {
                        for at in breaks(rendered, content) {
                            out.push(diagnostic(rendered, at, "inline code"));
                        }
                    }
                    Kind::CodeBlock => {
                        for at in literal_breaks(rendered, content) {
                            out.push(diagnostic(rendered, at, "a string literal"));
                        }
                    }
                    _ => {}
                }
            }
        }
    }
}

/// The shown offsets of the line breaks made from `\n` in `range`.
fn breaks(rendered: &Rendered<'_>, range: Range<usize>) -> Vec<usize> {
    range
        .filter(|&i| rendered.shown.as_bytes()[i] == b'\n' && rendered.is_escaped_break(i))
        .collect()
}

/// The line breaks made from `\n` inside a string or character literal of the code in `range`.
fn literal_breaks(rendered: &Rendered<'_>, range: Range<usize>) -> Vec<usize> {
    let code = rendered.shown.as_bytes();
    let mut found = Vec::new();
    let mut quote: Option<u8> = None;
    let mut i = range.start;
    while i < range.end {
        let b = code[i];
        match (quote, b) {
            (_, b'\n') => {
                if quote.is_some() && rendered.is_escaped_break(i) {
                    found.push(i);
                } else {
                    quote = None;
                }
            }
            (Some(_), b'\\') => i += 1,
            (Some(q), _) if b == q => quote = None,
            (None, b'"') => quote = Some(b'"'),
            // An apostrophe inside a word is not a character literal.
            (None, b'\'') if i == range.start || !code[i - 1].is_ascii_alphanumeric() => {
                quote = Some(b'\'');
            }
            // A comment runs to the end of the line.
            (None, b'#') => skip_line(code, &mut i, range.end),
            (None, b'/') if code.get(i + 1) == Some(&b'/') => skip_line(code, &mut i, range.end),
            _ => {}
        }
        i += 1;
    }
    found
}

fn skip_line(code: &[u8], i: &mut usize, end: usize) {
    while *i + 1 < end && code[*i + 1] != b'\n' {
        *i += 1;
    }
}

fn diagnostic(rendered: &Rendered<'_>, at: usize, place: &str) -> Diagnostic {
    Diagnostic::new(
        RuleId::NewlineInCode,
        rendered.file_range(at..at + 1),
        format!("`\\n` in {place} becomes a line break on the page, breaking the code"),
    )
    .with_label("the page turns this `\\n` into a line break")
    .with_help("the page cannot show `\\n` in code: write the code without it, or describe the escape in prose")
}
