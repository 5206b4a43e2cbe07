//! `--format concise`: one line per diagnostic, `path:line:col: severity[rule] message`, for
//! grep and editors' quickfix lists; then the summary. Written as the results arrive.

use std::io::{self, Write};

use crate::core::diagnostic::Applicability;
use crate::core::report::{FileResult, Totals};

/// Writes one line per diagnostic of `file`.
pub fn write(file: &FileResult, out: &mut dyn Write) -> io::Result<()> {
    for d in &file.diagnostics {
        let fixable = if d.fixable(Applicability::Safe) {
            " [*]"
        } else {
            ""
        };
        writeln!(
            out,
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

/// Writes the summary lines that end the report.
pub fn write_summary(totals: &Totals, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "{}", super::human::summary(totals))?;
    if let Some(line) = super::human::fixable_line(totals) {
        writeln!(out, "{line} ([*] marks the safe fixes)")?;
    }
    Ok(())
}
