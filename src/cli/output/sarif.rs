//! `--output-format sarif`: SARIF 2.1.0, the format code-scanning services read. One run, with
//! every rule (id, name, summary, full description, documentation and its address, default
//! level) and every result with its location (a percent-encoded URI reference), its region
//! (lines, columns in Unicode code points, byte offset and length), related locations and fixes.

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

/// Where contentlint lives.
pub const REPOSITORY: &str = "https://github.com/contentlint/contentlint";

/// The address of a rule's documentation (docs/rules/NAME.md, made from its doc comment).
pub fn rule_url(rule: RuleId) -> String {
    format!("{REPOSITORY}/blob/main/docs/rules/{}.md", rule.name())
}

/// `related-unresolved` as `RelatedUnresolved`, the form SARIF's `name` takes.
fn title_case(name: &str) -> String {
    name.split('-')
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_uppercase().chain(chars).collect()
            })
        })
        .collect()
}

/// The first paragraph of a rule's "What it does" section.
fn full_description(doc: &str) -> String {
    doc.split("## What it does")
        .nth(1)
        .and_then(|rest| rest.trim_start().split("\n\n").next())
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

/// Writes the report as one SARIF log.
pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let descriptors: Vec<ReportingDescriptor> = RuleId::ALL
        .iter()
        .map(|rule| {
            let doc = rule.doc();
            ReportingDescriptor::builder()
                .id(rule.name())
                .name(title_case(rule.name()))
                .short_description(
                    MultiformatMessageString::builder()
                        .text(rule.summary())
                        .build(),
                )
                .full_description(
                    MultiformatMessageString::builder()
                        .text(full_description(&doc))
                        .build(),
                )
                .help_uri(rule_url(*rule))
                .help(
                    MultiformatMessageString::builder()
                        .text(doc.clone())
                        .markdown(doc)
                        .build(),
                )
                .default_configuration(
                    ReportingConfiguration::builder()
                        .level(Value::from(level(rule.default_severity())))
                        .enabled(rule.on_by_default())
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
        .information_uri(REPOSITORY)
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

/// What a path segment keeps unescaped: the URI's unreserved characters only, so that `:`
/// (which would read as a scheme), `%`, `,`, spaces and non-ASCII letters are all escaped.
const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A file's address in SARIF.
fn artifact(path: &std::path::Path) -> ArtifactLocation {
    ArtifactLocation::builder().uri(uri_reference(path)).build()
}

/// A path as a URI reference: relative, with `/` separators and each segment
/// percent-encoded (UTF-8); an absolute path becomes a `file://` URI. The language server
/// names files the same way.
pub fn uri_reference(path: &std::path::Path) -> String {
    use std::path::Component;
    let segments: Vec<String> = path
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(
                percent_encoding::utf8_percent_encode(&s.to_string_lossy(), SEGMENT).to_string(),
            ),
            Component::ParentDir => Some("..".to_string()),
            Component::Prefix(p) => Some(p.as_os_str().to_string_lossy().into_owned()),
            Component::CurDir | Component::RootDir => None,
        })
        .collect();
    if path.has_root() {
        format!("file:///{}", segments.join("/"))
    } else {
        segments.join("/")
    }
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
