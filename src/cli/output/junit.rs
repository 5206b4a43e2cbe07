//! `--format junit`: JUnit XML for CI systems that show test results. Each checked file is a
//! test case; a file with errors fails, with one line per error in the failure's text, and its
//! warnings go to the test case's output.

use std::io::{self, Write};

use quick_junit::{NonSuccessKind, Report as JunitReport, TestCase, TestCaseStatus, TestSuite};

use crate::core::diagnostic::{Diagnostic, Severity};
use crate::core::report::Report;

/// Writes the report as one JUnit XML document.
pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let mut suite = TestSuite::new("contentlint");
    for file in &report.files {
        let path = file.path.display().to_string();
        let line = |d: &Diagnostic| {
            format!(
                "{path}:{}:{}: {}[{}] {}",
                d.start.line, d.start.column, d.severity, d.rule, d.message
            )
        };
        let errors: Vec<_> = file
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        let status = if errors.is_empty() {
            TestCaseStatus::success()
        } else {
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
            let mut rules: Vec<&str> = errors.iter().map(|d| d.rule.name()).collect();
            rules.dedup();
            status
                .set_message(format!(
                    "{}: {}",
                    super::plural(errors.len(), "error", "errors"),
                    rules.join(", ")
                ))
                .set_type("contentlint")
                .set_description(
                    errors
                        .iter()
                        .map(|d| line(d))
                        .collect::<Vec<_>>()
                        .join("\n"),
                );
            status
        };
        let mut case = TestCase::new(path.clone(), status);
        case.set_classname(
            file.path
                .parent()
                .map(|p| p.display().to_string())
                .unwrap_or_default(),
        );
        let others: Vec<String> = file
            .diagnostics
            .iter()
            .filter(|d| d.severity != Severity::Error)
            .map(line)
            .collect();
        if !others.is_empty() {
            case.set_system_out(others.join("\n"));
        }
        suite.add_test_case(case);
    }
    let mut junit = JunitReport::new("contentlint");
    junit.add_test_suite(suite);
    let xml = junit.to_string().map_err(io::Error::other)?;
    out.write_all(xml.as_bytes())?;
    writeln!(out)
}
