//! `--format concise`: one line per diagnostic, `path:line:col: severity[rule] message`, for
//! grep and editors' quickfix lists; then the summary. Written as the results arrive.

use std::io::{self, Write};
use std::path::Path;
use std::sync::Arc;

use crate::core::diagnostic::Applicability;
use crate::core::report::{FileResult, Totals};
use crate::workspace::Sink;

/// Writes one line per diagnostic and, at the end, the summary.
pub struct ConciseSink<'a> {
    out: Box<dyn Write + 'a>,
}

impl<'a> ConciseSink<'a> {
    /// A sink writing to `out`.
    pub fn new(out: Box<dyn Write + 'a>) -> Self {
        Self { out }
    }
}

impl Sink for ConciseSink<'_> {
    fn wants_sources(&self) -> bool {
        false
    }

    fn start(&mut self, _: usize) -> io::Result<()> {
        Ok(())
    }

    fn file(&mut self, file: FileResult) -> io::Result<()> {
        for d in &file.diagnostics {
            let fixable = if d.fixable(Applicability::Safe) {
                " [*]"
            } else {
                ""
            };
            writeln!(
                self.out,
                "{}:{}:{}: {}[{}]{fixable} {}",
                file.path.display(),
                d.start.line,
                d.start.column,
                d.severity,
                d.rule,
                d.message.replace('\n', " ")
            )?;
        }
        Ok(())
    }

    fn finish(&mut self, totals: &Totals, _: &dyn Fn(&Path) -> Option<Arc<str>>) -> io::Result<()> {
        writeln!(self.out, "{}", super::human::summary(totals))?;
        if let Some(line) = super::human::fixable_line(totals) {
            writeln!(self.out, "{line} ([*] marks the safe fixes)")?;
        }
        self.out.flush()
    }
}
