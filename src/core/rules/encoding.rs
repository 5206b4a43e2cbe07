//! ## What it does
//! Reports a file that is not UTF-8 text: a byte sequence that is not valid UTF-8 (pointing at
//! the first bad byte), or a binary file (one with NUL bytes).
//!
//! ## Why is this bad?
//! Static site generators and the YAML parser read articles as UTF-8. A file saved in another
//! encoding (Windows-1252, Latin-1, UTF-16) shows garbage or fails to build, and its front
//! matter cannot be checked at all.
//!
//! ## Example
//! A title saved as Windows-1252: `café` stored as the bytes `63 61 66 E9`.
//!
//! ## Use instead
//! Re-save the file as UTF-8 (`iconv -f windows-1252 -t utf-8`), then check it again.

use crate::core::diagnostic::Diagnostic;
use crate::core::rules::RuleId;

crate::core::rules::rule!(
    Encoding,
    "encoding", Error, "The file is not valid UTF-8 text");

/// The diagnostic for invalid UTF-8 at byte `offset`.
pub fn invalid_utf8(offset: usize, bytes: &[u8]) -> Diagnostic {
    let shown: Vec<String> = bytes.iter().map(|b| format!("{b:02X}")).collect();
    Diagnostic::new(
        RuleId::Encoding,
        offset..offset,
        format!("the file is not valid UTF-8: byte {offset} starts an invalid sequence"),
    )
    .with_label(format!(
        "invalid UTF-8 byte{} {}",
        plural(shown.len()),
        shown.join(" ")
    ))
    .with_help("re-save the file as UTF-8 (for example `iconv -f windows-1252 -t utf-8`)")
}

/// The diagnostic for a file that holds a NUL byte at `offset`. Binary files are not shown, so
/// the diagnostic points at the start of the file.
pub fn binary(offset: usize) -> Diagnostic {
    Diagnostic::new(
        RuleId::Encoding,
        0..0,
        format!("the file looks binary: it holds a NUL byte at byte {offset}"),
    )
    .with_help("articles must be UTF-8 text; remove the file or give it another extension")
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
