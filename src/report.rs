//! What a run found: a report per checked file, and the totals.

use std::ops::Range;
use std::path::PathBuf;
use std::sync::OnceLock;

use crate::diagnostic::{Diagnostic, LineIndex, Position, Severity};
use crate::fix::Applicability;
use crate::index::Article;
use crate::suppression::Suppressions;

/// The outcome for one file.
#[derive(Debug)]
pub struct FileReport {
    /// The path as shown to the user.
    pub path: PathBuf,
    /// The file's text (after fixes), kept only when there are diagnostics to show in it.
    /// Invalid UTF-8 is replaced, which leaves every offset before the first bad byte unchanged.
    pub source: Option<String>,
    /// The diagnostics that remain, sorted by position.
    pub diagnostics: Vec<Diagnostic>,
    /// How many fixes were applied (or, with `--diff`, would be).
    pub fixed: usize,
    /// With `--diff`, the unified diff of the fixes.
    pub diff: Option<String>,
    /// The article's summary (after fixes), for the cross-article rules.
    pub(crate) article: Option<Article>,
    /// The per-file rules' diagnostics before suppressions and severities.
    pub(crate) local: Vec<Diagnostic>,
    /// The file's suppression comments.
    pub(crate) suppressions: Suppressions,
    lines: OnceLock<LineIndex>,
}

impl FileReport {
    /// A report for `path`.
    pub fn new(path: PathBuf, source: Option<String>, diagnostics: Vec<Diagnostic>) -> Self {
        Self {
            path,
            source,
            diagnostics,
            fixed: 0,
            diff: None,
            article: None,
            local: Vec::new(),
            suppressions: Suppressions::default(),
            lines: OnceLock::new(),
        }
    }

    /// The line index of the file's text, if it is kept.
    pub fn line_index(&self) -> Option<&LineIndex> {
        let source = self.source.as_ref()?;
        Some(self.lines.get_or_init(|| LineIndex::new(source)))
    }

    /// Line and column of a span's start and end (1-based; columns count characters).
    pub fn positions(&self, span: &Range<usize>) -> (Position, Position) {
        match &self.source {
            Some(source) => {
                let index = self.lines.get_or_init(|| LineIndex::new(source));
                (
                    index.position(source, span.start),
                    index.position(source, span.end),
                )
            }
            None => {
                let start = Position { line: 1, column: 1 };
                (start, start)
            }
        }
    }
}

/// The outcome of a run.
#[derive(Debug, Default)]
pub struct Report {
    /// How many files were checked.
    pub files_checked: usize,
    /// Every checked file, sorted by path.
    pub files: Vec<FileReport>,
    /// How many diagnostics the baseline left out.
    pub baselined: usize,
}

impl Report {
    /// The number of diagnostics of `severity`.
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics()
            .filter(|(_, d)| d.severity == severity)
            .count()
    }

    /// How many files have at least one diagnostic.
    pub fn files_with_diagnostics(&self) -> usize {
        self.files
            .iter()
            .filter(|f| !f.diagnostics.is_empty())
            .count()
    }

    /// Every diagnostic with its file, in output order.
    pub fn diagnostics(&self) -> impl Iterator<Item = (&FileReport, &Diagnostic)> {
        self.files
            .iter()
            .flat_map(|f| f.diagnostics.iter().map(move |d| (f, d)))
    }

    /// How many remaining diagnostics have a fix that `applicability` allows.
    pub fn fixable(&self, applicability: Applicability) -> usize {
        self.diagnostics()
            .filter(|(_, d)| d.fix.as_ref().is_some_and(|f| applicability.allows(f.safe)))
            .count()
    }

    /// How many fixes were applied (or would be), and in how many files.
    pub fn fixed(&self) -> (usize, usize) {
        let files = self.files.iter().filter(|f| f.fixed > 0).count();
        (self.files.iter().map(|f| f.fixed).sum(), files)
    }
}
