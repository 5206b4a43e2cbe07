//! ## What it does
//! Reports a Markdown file that does not start with a YAML front-matter block (a `---` line).
//!
//! ## Why is this bad?
//! Every article carries its id, title, url and the rest in its front matter. A file without
//! it is either not an article (and should not be in the content folder) or an article whose
//! front matter was lost, for example by a blank line or text inserted above the opening
//! `---`.
//!
//! ## Example
//! ```markdown
//!
//! ---
//! id: 39504
//! ---
//! ```
//!
//! ## Use instead
//! ```markdown
//! ---
//! id: 39504
//! ---
//! ```

use crate::core::diagnostic::Diagnostic;
use crate::core::rules::RuleId;

crate::core::rules::rule!(
    FrontMatterMissing,
    "front-matter-missing",
    Error,
    None,
    "A Markdown file does not start with a `---` front-matter block"
);

/// The diagnostic for a file without front matter.
pub fn diagnostic(text: &str) -> Diagnostic {
    let first_line = text.find(['\r', '\n']).unwrap_or(text.len());
    let message = if text.trim().is_empty() {
        "the file is empty: it has no front matter"
    } else {
        "the file has no front matter"
    };
    Diagnostic::new(RuleId::FrontMatterMissing, 0..first_line, message)
        .with_label("expected `---` on the first line")
        .with_help("start the file with a `---` line, the YAML fields, and a closing `---` line")
}
