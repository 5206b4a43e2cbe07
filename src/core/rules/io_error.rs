//! ## What it does
//! Reports a path that was meant to be checked but could not be read: a file that does not
//! exist, one without read permission, a broken symbolic link, or a directory whose name ends
//! in `.md`. With `--fix`, it also reports a file whose fixes could not be written (a read-only
//! file is never rewritten).
//!
//! ## Why is this bad?
//! An article that cannot be read cannot be checked, and probably cannot be published either.
//! The rest of the files are still checked.
//!
//! ## Example
//! ```text
//! $ contentlint check content/learn/nursing/missing.md
//! × error[io-error]: content/learn/nursing/missing.md: cannot read the file: No such file or directory
//! ```
//!
//! ## Use instead
//! Fix the path or the file's permissions, or rename the directory.

use crate::core::diagnostic::Diagnostic;
use crate::core::rules::RuleId;

crate::core::rules::rule!(
    IoError,
    "io-error",
    Error,
    None,
    "A path could not be read, or its fixes could not be written"
);

/// The diagnostic for a path that could not be read.
pub fn diagnostic(reason: &str) -> Diagnostic {
    Diagnostic::new(RuleId::IoError, 0..0, format!("cannot read the file: {reason}"))
}

/// The diagnostic for a folder under the checked paths that could not be read: its files
/// were not checked.
pub fn folder(reason: &str) -> Diagnostic {
    Diagnostic::new(
        RuleId::IoError,
        0..0,
        format!("cannot read the folder: {reason}"),
    )
    .with_help("the Markdown files in it were not checked; fix its permissions")
}

/// The diagnostic for fixes that could not be written; the file is left as it was.
pub fn cannot_write(reason: &str) -> Diagnostic {
    Diagnostic::new(RuleId::IoError, 0..0, format!("cannot write fixes: {reason}"))
        .with_help("the file was left unchanged; make it writable and run `--fix` again")
}
