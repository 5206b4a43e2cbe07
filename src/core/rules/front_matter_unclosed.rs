//! ## What it does
//! Reports a front-matter block whose opening `---` line is never followed by a closing line
//! that is exactly `---` or `...`.
//!
//! ## Why is this bad?
//! Without the closing fence the whole file, body included, is read as YAML: the article's
//! fields cannot be told from its text, and site generators fail or publish the YAML as prose.
//!
//! ## Example
//! ```markdown
//! ---
//! id: 39504
//! title: Case managers
//!
//! &nbsp;
//! ```
//!
//! ## Use instead
//! ```markdown
//! ---
//! id: 39504
//! title: Case managers
//! ---
//!
//! &nbsp;
//! ```

use std::ops::Range;

use crate::core::diagnostic::Diagnostic;
use crate::core::rules::RuleId;

crate::core::rules::rule!(
    FrontMatterUnclosed,
    "front-matter-unclosed",
    Error,
    None,
    "The front-matter block has no closing `---` line"
);

/// The diagnostic for an unclosed block opened at `open`.
pub fn diagnostic(open: Range<usize>) -> Diagnostic {
    Diagnostic::new(RuleId::FrontMatterUnclosed, open, "the front matter is never closed")
        .with_label("this `---` opens the front matter")
        .with_help("add a line that is exactly `---` after the last front-matter field")
}
