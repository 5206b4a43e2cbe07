//! ## What it does
//! Reports a suppression comment (`# contentlint-disable-next-line RULE`,
//! `<!-- contentlint-disable-file RULE -->`, ...) that suppresses nothing, and a rule name in
//! one that is not a rule.
//!
//! ## Why is this bad?
//! Suppressions outlive the problems they hid: once the text is fixed, a stale comment would
//! silently hide the next real problem of that rule on that line. A misspelt rule name hides
//! nothing at all.
//!
//! ## Example
//! ```yaml
//! # contentlint-disable-next-line mojibake
//! title: Case managers
//! ```
//!
//! ## Use instead
//! ```yaml
//! title: Case managers
//! ```
//!
//! ## Fix
//! Safe, when nothing in the comment is used: the comment's line is removed.

use std::ops::Range;

use crate::core::diagnostic::Diagnostic;
use crate::core::rules::RuleId;

crate::core::rules::rule!(
    UnusedSuppression,
    "unused-suppression",
    Warning,
    Safe,
    "A suppression comment suppresses nothing, or names an unknown rule"
);

/// The diagnostic for a suppression of `rule` (or of every rule) that covered nothing.
pub fn unused(span: Range<usize>, rule: Option<&str>) -> Diagnostic {
    let (message, help) = match rule {
        Some(rule) => (
            format!("unused suppression of `{rule}`"),
            format!("`{rule}` reports nothing here any more; remove it from the comment"),
        ),
        None => (
            "unused suppression".to_string(),
            "nothing is reported here any more; remove the comment".to_string(),
        ),
    };
    Diagnostic::new(RuleId::UnusedSuppression, span, message)
        .with_label("suppresses nothing")
        .with_help(help)
}

/// The diagnostic for a name in a suppression that is not a rule.
pub fn unknown(span: Range<usize>, name: &str) -> Diagnostic {
    let help = match crate::core::rules::closest(name, RuleId::ALL.iter().map(|r| r.name())) {
        Some(rule) => format!("did you mean `{rule}`?"),
        None => "`contentlint rules` lists the rules".to_string(),
    };
    Diagnostic::new(
        RuleId::UnusedSuppression,
        span,
        format!("unknown rule `{name}` in a suppression"),
    )
    .with_label("not a rule")
    .with_help(help)
}
