//! `--format markdown`: a summary for people, as GitHub renders it in a job summary or a pull
//! request comment: the totals, a table of counts per rule, and the first diagnostics.

use std::io::{self, Write};

use super::statistics;
use crate::core::report::Report;

/// How many diagnostics are listed at most.
const LISTED: usize = 50;

/// Writes the summary.
pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "## contentlint\n")?;
    let totals = &report.totals;
    let total = totals.diagnostics();
    if total == 0 {
        writeln!(out, "{}", super::human::summary(totals))?;
        return Ok(());
    }
    write!(out, "**{}**", super::human::summary(totals))?;
    if let Some(line) = super::human::fixable_line(totals) {
        write!(
            out,
            " · {}",
            line.replace("--fix", "`--fix`")
                .replace("`--fix` --unsafe-fixes", "`--fix --unsafe-fixes`")
        )?;
    }
    if totals.baselined > 0 {
        write!(out, " · {} left out by the baseline", totals.baselined)?;
    }
    writeln!(out, "\n")?;
    writeln!(out, "| rule | severity | count | safe fix | unsafe fix |")?;
    writeln!(out, "| --- | --- | ---: | ---: | ---: |")?;
    for c in statistics::counts(totals) {
        writeln!(
            out,
            "| `{}` | {} | {} | {} | {} |",
            c.rule, c.severity, c.count, c.fixable, c.unsafe_fixable
        )?;
    }
    let shown = total.min(LISTED);
    let heading = if shown < total {
        format!("The first {shown} of {total} diagnostics")
    } else {
        "Diagnostics".to_string()
    };
    writeln!(out, "\n<details><summary>{heading}</summary>\n")?;
    writeln!(out, "| file | line | rule | message |")?;
    writeln!(out, "| --- | ---: | --- | --- |")?;
    for (file, d) in report.diagnostics().take(LISTED) {
        writeln!(
            out,
            "| {} | {} | `{}` | {} |",
            cell(&file.path.display().to_string()),
            d.start.line,
            d.rule,
            cell(&d.message)
        )?;
    }
    writeln!(out, "\n</details>")
}

/// Text that is safe in a table cell: no line breaks, `|` escaped, HTML left inert.
fn cell(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('<', "&lt;")
        .replace(['\n', '\r'], " ")
}
