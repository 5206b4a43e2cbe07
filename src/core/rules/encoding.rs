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
//! When the whole file is Windows-1252, re-save it as UTF-8 (`iconv -f windows-1252 -t
//! utf-8`), then check it again. When it is UTF-8 with a stray byte (a character pasted from
//! another encoding), replace that byte with the character meant: the help shows it and how
//! Windows-1252 would read it.

use crate::core::diagnostic::Diagnostic;
use crate::core::rules::RuleId;

crate::core::rules::rule!(
    Encoding,
    "encoding",
    Error,
    None,
    "The file is not valid UTF-8 text"
);

/// The diagnostic for invalid UTF-8 at byte `offset` of the file `whole`: the bytes there are
/// `bytes`.
pub fn invalid_utf8(offset: usize, bytes: &[u8], whole: &[u8]) -> Diagnostic {
    let shown: Vec<String> = bytes.iter().map(|b| format!("{b:02X}")).collect();
    let help = if is_windows_1252(whole) {
        "the whole file reads as Windows-1252: re-save it as UTF-8 (for example `iconv -f windows-1252 -t utf-8`)".to_string()
    } else {
        let (read, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
        format!(
            "the rest of the file is UTF-8: replace the stray byte{} {} with the character meant (Windows-1252 reads {} as \"{read}\")",
            plural(shown.len()),
            shown.join(" "),
            if shown.len() == 1 { "it" } else { "them" },
        )
    };
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
    .with_help(help)
}

/// Whether `bytes` are Windows-1252 text rather than UTF-8 with a stray byte: no valid
/// multi-byte UTF-8 sequence, and no byte Windows-1252 leaves undefined or that is a control.
fn is_windows_1252(bytes: &[u8]) -> bool {
    let mut rest = bytes;
    while !rest.is_empty() {
        match std::str::from_utf8(rest) {
            Ok(valid) => return valid.is_ascii(),
            Err(error) => {
                let (valid, after) = rest.split_at(error.valid_up_to());
                if !valid.is_ascii() {
                    return false;
                }
                let bad = error.error_len().unwrap_or(after.len()).max(1);
                rest = &after[bad..];
            }
        }
    }
    !bytes
        .iter()
        .any(|&b| matches!(b, 0x81 | 0x8d | 0x8f | 0x90 | 0x9d) || (b < 0x20 && !b"\t\n\r".contains(&b)))
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
