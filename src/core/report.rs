//! What a run found: a result per checked file, and the totals.
//!
//! A report holds the text of every file it shows an excerpt of (the checked files with
//! diagnostics, and the other files their notes point into), so that every output format
//! renders from the report and never reads a file again.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::diagnostic::{Applicability, Diagnostic, Severity};
use super::rules::RuleId;

/// The outcome for one checked file.
#[derive(Debug, Clone, Default)]
pub struct FileResult {
    /// The file, as shown to the user.
    pub path: PathBuf,
    /// The diagnostics in force, in order, with positions.
    pub diagnostics: Vec<Diagnostic>,
    /// The file's text, when the output shows excerpts (or a baseline needs span texts).
    pub source: Option<Arc<str>>,
}

/// How many diagnostics a run fixed (or, with `--diff`, would fix).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Fixed {
    /// Diagnostics of the original report whose fixes were applied.
    pub fixes: usize,
    /// Files changed.
    pub files: usize,
    /// Diagnostics that only appeared once other fixes were applied, and were fixed too.
    pub uncovered: usize,
}

/// One rule's counts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleCount {
    /// Its severity (the most severe among its diagnostics).
    pub severity: Option<Severity>,
    /// How many diagnostics.
    pub count: usize,
    /// How many of them are of `severity` (all, unless the rule's diagnostics differ: each
    /// phrase rule has its own).
    pub most_severe: usize,
    /// How many of them have a safe fix.
    pub safe_fixes: usize,
    /// How many of them have an unsafe fix.
    pub unsafe_fixes: usize,
}

/// What a run found, counted as the files go by (so that streamed formats can print it last).
#[derive(Debug, Clone, Default)]
pub struct Totals {
    /// How many files were checked.
    pub files_checked: usize,
    /// How many files have at least one diagnostic.
    pub files_with_diagnostics: usize,
    /// Diagnostics per severity: info, warning, error.
    pub by_severity: [usize; 3],
    /// Counts per rule.
    pub by_rule: BTreeMap<RuleId, RuleCount>,
    /// How many diagnostics the baseline left out.
    pub baselined: usize,
    /// What was fixed.
    pub fixed: Fixed,
}

impl Totals {
    /// Counts one file's diagnostics.
    pub fn add(&mut self, file: &FileResult) {
        if !file.diagnostics.is_empty() {
            self.files_with_diagnostics += 1;
        }
        for d in &file.diagnostics {
            self.by_severity[d.severity as usize] += 1;
            let count = self.by_rule.entry(d.rule).or_default();
            count.count += 1;
            match count.severity.cmp(&Some(d.severity)) {
                std::cmp::Ordering::Less => {
                    count.severity = Some(d.severity);
                    count.most_severe = 1;
                }
                std::cmp::Ordering::Equal => count.most_severe += 1,
                std::cmp::Ordering::Greater => {}
            }
            if d.fixable(Applicability::Safe) {
                count.safe_fixes += 1;
            } else if d.fixable(Applicability::Unsafe) {
                count.unsafe_fixes += 1;
            }
        }
    }

    /// The number of diagnostics of `severity`.
    pub fn count(&self, severity: Severity) -> usize {
        self.by_severity[severity as usize]
    }

    /// The number of diagnostics.
    pub fn diagnostics(&self) -> usize {
        self.by_severity.iter().sum()
    }

    /// How many diagnostics a run allowing `allowed` fixes would fix.
    pub fn fixable(&self, allowed: Applicability) -> usize {
        self.by_rule
            .values()
            .map(|c| match allowed {
                Applicability::Safe => c.safe_fixes,
                Applicability::Unsafe => c.safe_fixes + c.unsafe_fixes,
                Applicability::DisplayOnly => 0,
            })
            .sum()
    }
}

/// The outcome of a run.
#[derive(Debug, Default)]
pub struct Report {
    /// Every checked file, in output order (by path).
    pub files: Vec<FileResult>,
    /// The text of the files that notes point into.
    pub sources: HashMap<PathBuf, Arc<str>>,
    /// The totals.
    pub totals: Totals,
}

impl Report {
    /// A report of `files` (totals counted here).
    pub fn new(files: Vec<FileResult>) -> Self {
        let mut totals = Totals {
            files_checked: files.len(),
            ..Totals::default()
        };
        for file in &files {
            totals.add(file);
        }
        Self {
            files,
            sources: HashMap::new(),
            totals,
        }
    }

    /// Every diagnostic with its file, in output order.
    pub fn diagnostics(&self) -> impl Iterator<Item = (&FileResult, &Diagnostic)> {
        self.files
            .iter()
            .flat_map(|f| f.diagnostics.iter().map(move |d| (f, d)))
    }

    /// The text of `path`, a file a note points into.
    pub fn source(&self, path: &Path) -> Option<&Arc<str>> {
        self.sources.get(path)
    }
}
