//! ## What it does
//! Reports the Unicode replacement character `�` (U+FFFD) anywhere in the file.
//!
//! ## Why is this bad?
//! A decoder writes `�` where it met bytes it could not read, so the original characters are
//! already lost: readers see a black diamond with a question mark, and no tool can tell what
//! stood there before.
//!
//! ## Example
//! ```yaml
//! title: The Caf� Culture of Vienna
//! ```
//!
//! ## Use instead
//! ```yaml
//! title: The Café Culture of Vienna
//! ```
//!
//! ## Fix
//! None: the lost text has to be restored by hand, from the source the article was made from.

use std::ops::Range;

use crate::core::diagnostic::Diagnostic;
use crate::core::rules::{FileContext, FileRule, RuleId};

crate::core::rules::rule!(
    ReplacementCharacter,
    "replacement-character",
    Error,
    None,
    "The replacement character `�` stands where text was lost"
);

impl FileRule for ReplacementCharacter {
    fn check(ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
        // One pass over the characters serves the three text rules.
        ctx.scanned(RuleId::ReplacementCharacter, out);
    }
}

/// The diagnostic for a run of replacement characters at `span`.
pub fn diagnostic(span: Range<usize>) -> Diagnostic {
    let count = span.len() / '\u{fffd}'.len_utf8();
    let what = if count == 1 {
        "a replacement character (U+FFFD)".to_string()
    } else {
        format!("{count} replacement characters (U+FFFD)")
    };
    Diagnostic::new(RuleId::ReplacementCharacter, span, format!("{what}: the original text was lost"))
        .with_label("text was lost here")
        .with_help(
            "the characters that stood here cannot be recovered from the file; retype them from the original source",
        )
}
