//! `--format sarif`: SARIF 2.1.0, the format code-scanning services read. One run, with every
//! rule (id, summary, documentation, default level) and every result with its location, its
//! region (lines, columns in Unicode code points, byte offset and length), related locations
//! and fixes.

use std::io::{self, Write};

use serde_json::Value;
use serde_sarif::sarif::{
    ArtifactChange, ArtifactContent, ArtifactLocation, Fix, Location, Message,
    MultiformatMessageString, PhysicalLocation, Region, Replacement, ReportingConfiguration,
    ReportingDescriptor, Result as SarifResult, ResultLevel, Run, Sarif, Tool, ToolComponent,
};

use crate::core::diagnostic::{Diagnostic, Severity};
use crate::core::report::{FileResult, Report};
use crate::core::rules::RuleId;

/// The SARIF 2.1.0 schema's address, as SARIF files name it.
const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// Writes the report as one SARIF log.
pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let descriptors: Vec<ReportingDescriptor> = RuleId::ALL
        .iter()
        .map(|rule| {
            let doc = rule.doc();
            ReportingDescriptor::builder()
                .id(rule.name())
                .name(rule.name())
                .short_description(
                    MultiformatMessageString::builder()
                        .text(rule.summary())
                        .build(),
                )
                .help(
                    MultiformatMessageString::builder()
                        .text(doc.clone())
                        .markdown(doc)
                        .build(),
                )
                .default_configuration(
                    ReportingConfiguration::builder()
                        .level(Value::from(level(rule.default_severity())))
                        .build(),
                )
                .build()
        })
        .collect();
    let results: Vec<SarifResult> = report
        .diagnostics()
        .map(|(file, d)| result(file, d))
        .collect();
    let driver = ToolComponent::builder()
        .name("contentlint")
        .version(env!("CARGO_PKG_VERSION"))
        .semantic_version(env!("CARGO_PKG_VERSION"))
        .rules(descriptors)
        .build();
    let run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .column_kind(Value::from("unicodeCodePoints"))
        .results(results)
        .build();
    let log = Sarif::builder()
        .schema(SCHEMA)
        .version(Value::from("2.1.0"))
        .runs(vec![run])
        .build();
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A file's address in SARIF: a relative URI with `/` separators.
fn artifact(path: &std::path::Path) -> ArtifactLocation {
    let uri = path
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/");
    ArtifactLocation::builder().uri(uri).build()
}

fn region(d: &Diagnostic) -> Region {
    let (start, end, span) = (d.start, d.end, &d.span);
    Region::builder()
        .start_line(start.line as i64)
        .start_column(start.column as i64)
        .end_line(end.line as i64)
        .end_column(end.column as i64)
        .byte_offset(span.start as i64)
        .byte_length(span.len() as i64)
        .build()
}

fn result(file: &FileResult, d: &Diagnostic) -> SarifResult {
    let mut text = d.message.clone();
    if let Some(help) = &d.help {
        text.push_str("\nhelp: ");
        text.push_str(help);
    }
    let location = Location::builder()
        .physical_location(
            PhysicalLocation::builder()
                .artifact_location(artifact(&file.path))
                .region(region(d))
                .build(),
        )
        .build();
    let rule_index = d.rule.index();
    let level = match d.severity {
        Severity::Error => ResultLevel::Error,
        Severity::Warning => ResultLevel::Warning,
        Severity::Info => ResultLevel::Note,
    };
    let fixes: Vec<Fix> = d
        .fix
        .iter()
        .map(|fix| {
            let replacements: Vec<Replacement> = fix
                .edits
                .iter()
                .map(|edit| {
                    Replacement::builder()
                        .deleted_region(
                            Region::builder()
                                .byte_offset(edit.range.start as i64)
                                .byte_length(edit.range.len() as i64)
                                .build(),
                        )
                        .inserted_content(
                            ArtifactContent::builder()
                                .text(edit.replacement.clone())
                                .build(),
                        )
                        .build()
                })
                .collect();
            Fix::builder()
                .description(
                    Message::builder()
                        .text(format!(
                            "{} ({})",
                            fix.title,
                            if fix.is_safe() { "safe" } else { "unsafe" }
                        ))
                        .build(),
                )
                .artifact_changes(vec![
                    ArtifactChange::builder()
                        .artifact_location(artifact(&file.path))
                        .replacements(replacements)
                        .build(),
                ])
                .build()
        })
        .collect();
    let related: Vec<Location> = d
        .notes
        .iter()
        .map(|note| {
            Location::builder()
                .physical_location(
                    PhysicalLocation::builder()
                        .artifact_location(artifact(&note.path))
                        .region(
                            Region::builder()
                                .start_line(note.line as i64)
                                .start_column(note.column as i64)
                                .build(),
                        )
                        .build(),
                )
                .message(Message::builder().text(note.message.clone()).build())
                .build()
        })
        .collect();
    let mut result = SarifResult::builder()
        .rule_id(d.rule.name())
        .rule_index(rule_index as i64)
        .level(level)
        .message(Message::builder().text(text).build())
        .locations(vec![location])
        .build();
    if !fixes.is_empty() {
        result.fixes = Some(fixes);
    }
    if !related.is_empty() {
        result.related_locations = Some(related);
    }
    result
}
