//! `--format concise`: one line per diagnostic, `path:line:col: severity[rule] message`, for
//! grep and editors' quickfix lists; then the summary.

use std::io::{self, Write};

use crate::report::Report;

/// Writes one line per diagnostic and the summary line.
pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    for (file, d) in report.diagnostics() {
        let (start, _) = file.positions(&d.span);
        let fixable = if d.fix.as_ref().is_some_and(|f| f.safe) {
            " [*]"
        } else {
            ""
        };
        writeln!(
            out,
            "{}:{}:{}: {}[{}]{fixable} {}",
            file.path.display(),
            start.line,
            start.column,
            d.severity,
            d.rule,
            d.message.replace('\n', " ")
        )?;
    }
    writeln!(out, "{}", super::human::summary(report))?;
    if let Some(line) = super::human::fixable_line(report) {
        writeln!(out, "{line} ([*] marks the safe fixes)")?;
    }
    Ok(())
}
