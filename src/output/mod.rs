//! Report formats. Each writes a whole [`Report`] to a writer.

pub mod concise;
pub mod excerpt;
pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod sarif;
pub mod statistics;

use std::io::{self, Write};

use crate::report::Report;

/// The report formats (`--format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Reports with the source excerpt underlined, as rustc writes them, then a summary.
    Human,
    /// One line per diagnostic: `path:line:col: severity[rule] message`.
    Concise,
    /// One JSON document (see the README for its fields).
    Json,
    /// One JSON object per diagnostic, one per line.
    JsonLines,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// SARIF 2.1.0, for code-scanning services.
    Sarif,
    /// JUnit XML: a test case per checked file.
    Junit,
    /// A Markdown summary (for `$GITHUB_STEP_SUMMARY` or a pull request comment).
    Markdown,
}

/// Writes `report` in `format`; `style` is for the human format.
pub fn write(
    report: &Report,
    format: Format,
    style: human::Style,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Human => human::write(report, style, out),
        Format::Concise => concise::write(report, out),
        Format::Json => json::write(report, out),
        Format::JsonLines => json::write_lines(report, out),
        Format::Github => github::write(report, out),
        Format::Sarif => sarif::write(report, out),
        Format::Junit => junit::write(report, out),
        Format::Markdown => markdown::write(report, out),
    }
}

/// `n thing` or `n things`.
pub(crate) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
