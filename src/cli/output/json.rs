//! `--format json`: one JSON document for the whole run; `--format json-lines`: one object per
//! diagnostic per line. The JSON format is a stable interface: fields are only ever added,
//! never renamed or removed, and `version` changes if that rule is ever broken. Both are
//! written as the results arrive.

use std::borrow::Cow;
use std::io::{self, Write};
use std::path::Path;
use std::sync::Arc;

use serde::Serialize;

use crate::core::diagnostic::{Diagnostic, Severity};
use crate::core::report::{FileResult, Totals};
use crate::workspace::Sink;

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    rule: &'a str,
    severity: Severity,
    path: Cow<'a, str>,
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
    path: Cow<'a, str>,
    line: usize,
    column: usize,
    message: &'a str,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    safe: bool,
    applicability: &'static str,
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
    /// Diagnostics of the report that `--fix` fixed.
    fixed: usize,
    /// Problems that fixing uncovered (one fix making another) and fixed too.
    fixed_uncovered: usize,
    baselined: usize,
}

fn diagnostic<'a>(file: &'a FileResult, d: &'a Diagnostic) -> JsonDiagnostic<'a> {
    JsonDiagnostic {
        rule: d.rule.name(),
        severity: d.severity,
        path: file.path.to_string_lossy(),
        line: d.start.line,
        column: d.start.column,
        end_line: d.end.line,
        end_column: d.end.column,
        byte_start: d.span.start,
        byte_end: d.span.end,
        message: &d.message,
        help: d.help.as_deref(),
        fix: d.fix.as_ref().map(|f| JsonFix {
            safe: f.is_safe(),
            applicability: match f.applicability {
                crate::core::diagnostic::Applicability::Safe => "safe",
                crate::core::diagnostic::Applicability::Unsafe => "unsafe",
                crate::core::diagnostic::Applicability::DisplayOnly => "display-only",
            },
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
            .map(|l| JsonLabel {
                line: l.start.line,
                column: l.start.column,
                byte_start: l.span.start,
                byte_end: l.span.end,
                message: &l.message,
            })
            .collect(),
        related: d
            .notes
            .iter()
            .map(|n| JsonNote {
                path: n.path.to_string_lossy(),
                line: n.line,
                column: n.column,
                message: &n.message,
            })
            .collect(),
    }
}

/// Writes one JSON document, a diagnostic at a time: the same bytes `serde_json`'s pretty
/// printer writes for the whole document.
pub struct JsonSink<'a> {
    out: Box<dyn Write + 'a>,
    written: usize,
    /// Reused for each diagnostic's text, and for it indented.
    buffer: Vec<u8>,
    indented: Vec<u8>,
}

impl<'a> JsonSink<'a> {
    /// A sink writing to `out`.
    pub fn new(out: Box<dyn Write + 'a>) -> Self {
        Self {
            out,
            written: 0,
            buffer: Vec::new(),
            indented: Vec::new(),
        }
    }
}

/// Writes `value` pretty-printed to `out`, every line after the first indented by `indent`
/// spaces (at most 8), through `buffer` and `indented`: one write for the whole value.
fn write_indented(
    out: &mut dyn Write,
    (buffer, indented): (&mut Vec<u8>, &mut Vec<u8>),
    value: &impl Serialize,
    indent: usize,
) -> io::Result<()> {
    buffer.clear();
    serde_json::to_writer_pretty(&mut *buffer, value)?;
    let pad = &b"        "[..indent.min(8)];
    indented.clear();
    let mut start = 0;
    for newline in memchr::memchr_iter(b'\n', buffer) {
        indented.extend_from_slice(&buffer[start..=newline]);
        indented.extend_from_slice(pad);
        start = newline + 1;
    }
    indented.extend_from_slice(&buffer[start..]);
    out.write_all(indented)
}

impl Sink for JsonSink<'_> {
    fn wants_sources(&self) -> bool {
        false
    }

    fn start(&mut self, files: usize) -> io::Result<()> {
        write!(
            self.out,
            "{{\n  \"version\": 1,\n  \"files_checked\": {files},\n  \"diagnostics\": ["
        )
    }

    fn file(&mut self, file: FileResult) -> io::Result<()> {
        for d in &file.diagnostics {
            let separator = if self.written == 0 { "" } else { "," };
            write!(self.out, "{separator}\n    ")?;
            let buffers = (&mut self.buffer, &mut self.indented);
            write_indented(&mut self.out, buffers, &diagnostic(&file, d), 4)?;
            self.written += 1;
        }
        Ok(())
    }

    fn finish(&mut self, totals: &Totals, _: &dyn Fn(&Path) -> Option<Arc<str>>) -> io::Result<()> {
        let summary = Summary {
            errors: totals.count(Severity::Error),
            warnings: totals.count(Severity::Warning),
            infos: totals.count(Severity::Info),
            fixed: totals.fixed.fixes,
            fixed_uncovered: totals.fixed.uncovered,
            baselined: totals.baselined,
        };
        if self.written > 0 {
            write!(self.out, "\n  ")?;
        }
        write!(self.out, "],\n  \"summary\": ")?;
        let buffers = (&mut self.buffer, &mut self.indented);
        write_indented(&mut self.out, buffers, &summary, 2)?;
        writeln!(self.out, "\n}}")?;
        self.out.flush()
    }
}

/// `--format json-lines`: each diagnostic of `file` as one JSON object on a line of its own,
/// with the same fields as in `--format json`, for streaming into other tools.
pub fn write_lines(file: &FileResult, out: &mut dyn Write) -> io::Result<()> {
    for d in &file.diagnostics {
        serde_json::to_writer(&mut *out, &diagnostic(file, d))?;
        writeln!(out)?;
    }
    Ok(())
}
