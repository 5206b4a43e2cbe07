//! The pipeline: discover files, read and parse each one in parallel, run the rules, and
//! collect a report in a stable order.

use std::ops::Range;
use std::path::PathBuf;
use std::sync::OnceLock;

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, LineIndex, Position, Severity};
use crate::discover::{Target, discover};
use crate::document::Document;
use crate::rules;
use crate::schema::Schema;

/// What to lint and how.
#[derive(Debug)]
pub struct Options {
    /// Files and directories to lint.
    pub paths: Vec<PathBuf>,
    /// The schema every article is validated against.
    pub schema: Schema,
}

/// The outcome for one file.
#[derive(Debug)]
pub struct FileReport {
    /// The path as shown to the user.
    pub path: PathBuf,
    /// The file's text, kept only when there are diagnostics to show in it. Invalid UTF-8 is
    /// replaced, which leaves every offset before the first bad byte unchanged.
    pub source: Option<String>,
    /// The diagnostics, sorted by position.
    pub diagnostics: Vec<Diagnostic>,
    lines: OnceLock<LineIndex>,
}

impl FileReport {
    /// A report for `path`.
    pub fn new(path: PathBuf, source: Option<String>, diagnostics: Vec<Diagnostic>) -> Self {
        Self {
            path,
            source,
            diagnostics,
            lines: OnceLock::new(),
        }
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
}

/// Lints every file the options name.
pub fn lint(options: &Options) -> Report {
    let targets = discover(&options.paths);
    let files: Vec<FileReport> = targets
        .par_iter()
        .map(|target| check_target(target, &options.schema))
        .collect();
    Report {
        files_checked: files.len(),
        files,
    }
}

fn check_target(target: &Target, schema: &Schema) -> FileReport {
    let (source, mut diagnostics) = match &target.problem {
        Some(problem) => (None, vec![rules::io_error::diagnostic(problem)]),
        None => match std::fs::read(&target.path) {
            Err(error) => (None, vec![rules::io_error::diagnostic(&io_reason(&error))]),
            Ok(bytes) => check_bytes(bytes, schema),
        },
    };
    diagnostics.sort_by(|a, b| {
        (a.span.start, a.span.end, a.rule).cmp(&(b.span.start, b.span.end, b.rule))
    });
    let source = if diagnostics.is_empty() { None } else { source };
    FileReport::new(target.path.clone(), source, diagnostics)
}

/// Checks one file's bytes; returns the text to show diagnostics in, and the diagnostics.
pub fn check_bytes(bytes: Vec<u8>, schema: &Schema) -> (Option<String>, Vec<Diagnostic>) {
    if let Some(nul) = bytes.iter().position(|&b| b == 0) {
        return (None, vec![rules::encoding::binary(nul)]);
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            let bytes = error.as_bytes();
            let start = error.utf8_error().valid_up_to();
            let len = error
                .utf8_error()
                .error_len()
                .unwrap_or(bytes.len() - start);
            let diagnostic = rules::encoding::invalid_utf8(start, &bytes[start..start + len]);
            let text = String::from_utf8_lossy(bytes).into_owned();
            return (Some(text), vec![diagnostic]);
        }
    };
    let diagnostics = check_text(&text, schema);
    (Some(text), diagnostics)
}

/// Runs every per-file rule on one article's text.
pub fn check_text(text: &str, schema: &Schema) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if let Some(doc) = Document::parse(text, &mut out) {
        rules::schema::check(
            doc.root.as_ref(),
            doc.front_matter.open.clone(),
            schema,
            &mut out,
        );
    }
    out
}

/// An I/O error as a short reason, without the `(os error N)` suffix.
fn io_reason(error: &std::io::Error) -> String {
    let text = error.to_string();
    match text.find(" (os error") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}
