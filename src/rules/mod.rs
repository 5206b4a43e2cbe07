//! The rule registry: every rule's name, default severity, summary and documentation.
//!
//! Each rule lives in a file of its own whose `//!` doc comment is its documentation, in the
//! shape ruff uses (What it does / Why is this bad? / Example / Use instead). `contentlint rule
//! NAME` prints that comment, read from the file itself at compile time, so the two never drift.

use crate::config::Settings;
use crate::diagnostic::{Diagnostic, Note, Severity};
use crate::document::Document;
use crate::index::{Article, Field, Index};

pub mod control_character;
pub mod duplicate_id;
pub mod duplicate_key;
pub mod duplicate_url;
pub mod encoding;
pub mod file_name_mismatch;
pub mod front_matter_missing;
pub mod front_matter_unclosed;
pub mod io_error;
pub mod latex_newline_collision;
pub mod mojibake;
pub mod related_duplicate;
pub mod related_mismatch;
pub mod related_self;
pub mod related_unresolved;
pub mod replacement_character;
pub mod schema;
pub mod seo_title_mismatch;
pub mod slug_style;
pub mod subject_folder_mismatch;
pub mod subject_inconsistent;
pub mod title_mismatch;
pub mod unused_suppression;
pub mod url_malformed;
pub mod url_mismatch;
pub mod yaml_syntax;

/// A rule's identity and documentation.
#[derive(Debug)]
pub struct Rule {
    /// Kebab-case name, stable forever.
    pub name: &'static str,
    /// Severity unless configured otherwise.
    pub severity: Severity,
    /// One line saying what it reports.
    pub summary: &'static str,
    /// The source file of the rule, whose leading `//!` comment is its documentation.
    source: &'static str,
}

impl Rule {
    /// The rule's documentation, as Markdown.
    pub fn doc(&self) -> String {
        let mut doc = String::new();
        for line in self.source.lines() {
            let Some(rest) = line.strip_prefix("//!") else {
                break;
            };
            doc.push_str(rest.strip_prefix(' ').unwrap_or(rest));
            doc.push('\n');
        }
        doc
    }
}

/// Declares a rule file's `RULE` constant, with its documentation taken from the file.
macro_rules! declare_rule {
    ($name:literal, $severity:ident, $summary:literal) => {
        /// This rule's registry entry.
        pub static RULE: $crate::rules::Rule = $crate::rules::Rule::__new(
            $name,
            $crate::diagnostic::Severity::$severity,
            $summary,
            include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/", file!())),
        );
    };
}
pub(crate) use declare_rule;

impl Rule {
    #[doc(hidden)]
    pub const fn __new(
        name: &'static str,
        severity: Severity,
        summary: &'static str,
        source: &'static str,
    ) -> Self {
        Self {
            name,
            severity,
            summary,
            source,
        }
    }
}

/// Every rule, in the order `contentlint rules` lists them.
pub static ALL: &[&Rule] = &[
    &io_error::RULE,
    &encoding::RULE,
    &front_matter_missing::RULE,
    &front_matter_unclosed::RULE,
    &yaml_syntax::RULE,
    &duplicate_key::RULE,
    &schema::RULE,
    &mojibake::RULE,
    &replacement_character::RULE,
    &control_character::RULE,
    &latex_newline_collision::RULE,
    &related_unresolved::RULE,
    &related_mismatch::RULE,
    &related_self::RULE,
    &related_duplicate::RULE,
    &duplicate_id::RULE,
    &duplicate_url::RULE,
    &url_malformed::RULE,
    &url_mismatch::RULE,
    &file_name_mismatch::RULE,
    &subject_folder_mismatch::RULE,
    &subject_inconsistent::RULE,
    &seo_title_mismatch::RULE,
    &title_mismatch::RULE,
    &slug_style::RULE,
    &unused_suppression::RULE,
];

/// Runs the per-file rules that read an article's fields and path.
pub fn check_article(
    article: &Article,
    doc: &Document,
    settings: &Settings,
    out: &mut Vec<Diagnostic>,
) {
    url_malformed::check(article, doc.text, settings, out);
    url_mismatch::check(article, doc.text, settings, out);
    file_name_mismatch::check(article, out);
    subject_folder_mismatch::check(article, out);
    seo_title_mismatch::check(article, doc, out);
    title_mismatch::check(article, doc, out);
    slug_style::check(article, doc.text, out);
}

/// The rules [`check_corpus`] runs.
pub const CORPUS_RULES: &[&str] = &[
    "related-unresolved",
    "related-mismatch",
    "related-self",
    "related-duplicate",
    "duplicate-id",
    "duplicate-url",
    "subject-inconsistent",
];

/// Runs the rules that look across files on one checked article.
pub fn check_corpus(article: &Article, index: &Index, out: &mut Vec<Diagnostic>) {
    related_unresolved::check(article, index, out);
    related_mismatch::check(article, index, out);
    related_self::check(article, out);
    related_duplicate::check(article, out);
    duplicate_id::check(article, index, out);
    duplicate_url::check(article, index, out);
    subject_inconsistent::check(article, index, out);
}

/// The diagnostic for a field value (`name`, shown as `value`, at `own`) that other articles
/// share, with a note for each of them; `None` when no other article has it.
fn shared_value<'a, T: 'a>(
    rule: &Rule,
    (name, value, own): (&str, &str, &Field<T>),
    others: impl Iterator<Item = (&'a Article, Option<&'a Field<T>>)>,
    help: &str,
) -> Option<Diagnostic> {
    let notes: Vec<Note> = others
        .map(|(article, field)| Note {
            path: article.path.clone(),
            line: field.map_or(1, |f| f.line),
            column: field.map_or(1, |f| f.column),
            span: field.map_or(0..0, |f| f.span.clone()),
            message: format!("also has {name} {value}"),
        })
        .collect();
    let first = notes.first()?;
    let message = match notes.len() {
        1 => format!("{name} {value} is also used by {}", first.path.display()),
        n => format!("{name} {value} is also used by {n} other articles"),
    };
    let mut diagnostic = Diagnostic::new(rule, own.span.clone(), message)
        .with_label(format!("this {name} is not unique"))
        .with_help(help);
    for note in notes {
        diagnostic = diagnostic.with_note(note);
    }
    Some(diagnostic)
}

/// A table of every rule: name, default severity and summary.
pub fn table() -> String {
    let width = ALL.iter().map(|r| r.name.len()).max().unwrap_or(0);
    let mut out = String::new();
    for rule in ALL {
        out.push_str(&format!(
            "{:width$}  {:7}  {}\n",
            rule.name,
            rule.severity.as_str(),
            rule.summary
        ));
    }
    out
}

/// The candidate closest to `name`, when one is close enough to be a likely misspelling.
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|candidate| (strsim::jaro_winkler(name, candidate), candidate))
        .filter(|(score, _)| *score >= 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| candidate)
}

/// The rule called `name`.
pub fn lookup(name: &str) -> Option<&'static Rule> {
    ALL.iter().copied().find(|r| r.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_is_documented_in_the_house_style() {
        let mut names = std::collections::HashSet::new();
        for rule in ALL {
            assert!(names.insert(rule.name), "{} twice", rule.name);
            let doc = rule.doc();
            for heading in ["## What it does", "## Why is this bad?", "## Example"] {
                assert!(doc.contains(heading), "{} lacks {heading}", rule.name);
            }
            assert!(!rule.summary.ends_with('.'), "{}", rule.name);
        }
    }
}
