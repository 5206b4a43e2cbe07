//! `--format json`: one JSON document for the whole run. This format is a stable interface:
//! fields are only ever added, never renamed or removed, and `version` changes if that rule is
//! ever broken.

use std::io::{self, Write};

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Severity};
use crate::report::{FileReport, Report};

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    files_checked: usize,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    rule: &'a str,
    severity: Severity,
    path: String,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    byte_start: usize,
    byte_end: usize,
    message: &'a str,
    help: Option<&'a str>,
    fix: Option<JsonFix<'a>>,
    labels: Vec<JsonLabel<'a>>,
    related: Vec<JsonNote<'a>>,
}

#[derive(Serialize)]
struct JsonLabel<'a> {
    line: usize,
    column: usize,
    byte_start: usize,
    byte_end: usize,
    message: &'a str,
}

#[derive(Serialize)]
struct JsonNote<'a> {
    path: String,
    line: usize,
    column: usize,
    message: &'a str,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    safe: bool,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    byte_start: usize,
    byte_end: usize,
    replacement: &'a str,
}

#[derive(Serialize)]
struct Summary {
    errors: usize,
    warnings: usize,
    infos: usize,
    fixed: usize,
    baselined: usize,
}

fn diagnostic<'a>(file: &'a FileReport, d: &'a Diagnostic) -> JsonDiagnostic<'a> {
    let (start, end) = file.positions(&d.span);
    JsonDiagnostic {
        rule: d.rule,
        severity: d.severity,
        path: file.path.display().to_string(),
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
        byte_start: d.span.start,
        byte_end: d.span.end,
        message: &d.message,
        help: d.help.as_deref(),
        fix: d.fix.as_ref().map(|f| JsonFix {
            safe: f.safe,
            edits: f
                .edits
                .iter()
                .map(|e| JsonEdit {
                    byte_start: e.range.start,
                    byte_end: e.range.end,
                    replacement: &e.replacement,
                })
                .collect(),
        }),
        labels: d
            .labels
            .iter()
            .map(|l| {
                let (start, _) = file.positions(&l.span);
                JsonLabel {
                    line: start.line,
                    column: start.column,
                    byte_start: l.span.start,
                    byte_end: l.span.end,
                    message: &l.message,
                }
            })
            .collect(),
        related: d
            .notes
            .iter()
            .map(|n| JsonNote {
                path: n.path.display().to_string(),
                line: n.line,
                column: n.column,
                message: &n.message,
            })
            .collect(),
    }
}

/// Writes the report as one JSON document followed by a newline.
pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let document = Document {
        version: 1,
        files_checked: report.files_checked,
        diagnostics: report
            .diagnostics()
            .map(|(file, d)| diagnostic(file, d))
            .collect(),
        summary: Summary {
            errors: report.count(Severity::Error),
            warnings: report.count(Severity::Warning),
            infos: report.count(Severity::Info),
            fixed: report.fixed().0,
            baselined: report.baselined,
        },
    };
    serde_json::to_writer_pretty(&mut *out, &document)?;
    writeln!(out)
}

/// `--format json-lines`: each diagnostic as one JSON object on a line of its own, with the
/// same fields as in `--format json`, for streaming into other tools.
pub fn write_lines(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    for (file, d) in report.diagnostics() {
        serde_json::to_writer(&mut *out, &diagnostic(file, d))?;
        writeln!(out)?;
    }
    Ok(())
}
