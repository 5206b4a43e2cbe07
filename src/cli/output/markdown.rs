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
    // Errors first, then warnings, each by path: what a reader should see first.
    let mut listed: Vec<_> = report.diagnostics().collect();
    listed.sort_by_key(|(_, d)| std::cmp::Reverse(d.severity));
    for (file, d) in listed.into_iter().take(LISTED) {
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

/// Text that is safe in a table cell: no line breaks and `|` escaped everywhere; outside code
/// spans, backslashes kept and HTML left inert. Inside a code span the text is shown as it is
/// (GitHub would print a doubled backslash or `&lt;` there literally).
fn cell(text: &str) -> String {
    let text = text.replace(['\n', '\r'], " ");
    let ticks = text.matches('`').count();
    let mut out = String::with_capacity(text.len());
    for (i, part) in text.split('`').enumerate() {
        if i > 0 {
            out.push('`');
        }
        // Parts alternate: outside, inside a code span, outside, ...; a last odd part has no
        // closing backtick, so it is outside.
        let inside = i % 2 == 1 && i < ticks;
        if inside {
            out.push_str(&part.replace('|', "\\|"));
        } else {
            out.push_str(
                &part
                    .replace('\\', "\\\\")
                    .replace('|', "\\|")
                    .replace('<', "&lt;"),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn code_spans_are_shown_as_they_are() {
        assert_eq!(cell(r"uses `\neq` and `a<b`"), r"uses `\neq` and `a<b`");
        assert_eq!(cell(r"a \ b <c> | d"), r"a \\ b &lt;c> \| d");
        assert_eq!(cell("`x|y`"), r"`x\|y`");
        // An unclosed backtick opens no span.
        assert_eq!(cell(r"a ` \ <"), r"a ` \\ &lt;");
    }
}
