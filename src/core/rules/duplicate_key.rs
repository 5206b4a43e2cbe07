//! ## What it does
//! Reports a key that appears twice in the same front-matter mapping, labelling both places.
//!
//! ## Why is this bad?
//! YAML forbids duplicate keys, and tools that accept them disagree on which value wins: some
//! keep the first, most keep the last, so the article shows one value in the CMS and another on
//! the site. contentlint checks the first value and reports the second.
//!
//! ## Example
//! ```yaml
//! id: 39504
//! title: Case managers
//! id: 39505
//! ```
//!
//! ## Use instead
//! ```yaml
//! id: 39504
//! title: Case managers
//! ```

use crate::core::diagnostic::Diagnostic;
use crate::core::rules::RuleId;
use crate::core::yaml::DuplicateKey as Duplicate;

crate::core::rules::rule!(
    DuplicateKey,
    "duplicate-key",
    Error,
    None,
    "A key appears twice in the same front-matter mapping"
);

/// The diagnostic for one duplicated key.
pub fn diagnostic(duplicate: &Duplicate) -> Diagnostic {
    Diagnostic::new(
        RuleId::DuplicateKey,
        duplicate.second.clone(),
        format!("duplicate key `{}`", duplicate.name),
    )
    .with_label("defined again here")
    .with_secondary(duplicate.first.clone(), "first defined here")
    .with_help(format!(
        "keep one `{}` and delete the other; contentlint checks the first",
        duplicate.name
    ))
}
