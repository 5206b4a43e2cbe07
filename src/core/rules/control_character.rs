//! ## What it does
//! Reports C0 and C1 control characters (U+0000 to U+001F, U+007F to U+009F) other than tab,
//! line feed and carriage return, naming the code point.
//!
//! ## Why is this bad?
//! Control characters are invisible in most editors, are not allowed in YAML, break JSON and
//! XML feeds built from the article, and usually come from a bad copy and paste (a form feed,
//! a backspace) or from text that passed through a wrong encoding (the C1 range).
//!
//! ## Example
//! A title pasted from a PDF with a form feed (U+000C) between two words.
//!
//! ## Use instead
//! The same title with an ordinary space.
//!
//! ## Fix
//! None: whether the character should become a space or nothing depends on the text.

use std::ops::Range;

use crate::core::diagnostic::Diagnostic;
use crate::core::rules::{FileContext, FileRule, RuleId};

crate::core::rules::rule!(
    ControlCharacter,
    "control-character",
    Error,
    None,
    "An invisible control character other than tab or a line break"
);

impl FileRule for ControlCharacter {
    fn check(ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
        // One pass over the characters serves the three text rules.
        ctx.scanned(RuleId::ControlCharacter, out);
    }
}

/// The diagnostic for control character `c` at `span`.
pub fn diagnostic(span: Range<usize>, c: char) -> Diagnostic {
    let code = c as u32;
    let name = match code {
        0x00 => " (NUL)",
        0x08 => " (BACKSPACE)",
        0x0b => " (VERTICAL TAB)",
        0x0c => " (FORM FEED)",
        0x1b => " (ESCAPE)",
        0x7f => " (DELETE)",
        0x85 => " (NEXT LINE)",
        0x80..=0x9f => " (a C1 control)",
        _ => "",
    };
    Diagnostic::new(RuleId::ControlCharacter, span, format!("control character U+{code:04X}{name}"))
        .with_label(format!("U+{code:04X}"))
        .with_help("delete it, or replace it with a space if it separates two words")
}
