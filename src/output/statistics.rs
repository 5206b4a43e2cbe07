//! `--statistics`: how many diagnostics each rule found and how many `--fix` would repair,
//! most frequent first, instead of the diagnostics themselves.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use crate::diagnostic::Severity;
use crate::report::Report;

/// One rule's counts.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct RuleCount {
    /// The rule.
    pub rule: &'static str,
    /// Its severity (the most severe among its diagnostics).
    pub severity: Severity,
    /// How many diagnostics.
    pub count: usize,
    /// How many of them have a safe fix.
    pub fixable: usize,
}

/// The counts per rule, most frequent first (then by name).
pub fn counts(report: &Report) -> Vec<RuleCount> {
    let mut by_rule: BTreeMap<&'static str, RuleCount> = BTreeMap::new();
    for (_, d) in report.diagnostics() {
        let entry = by_rule.entry(d.rule).or_insert(RuleCount {
            rule: d.rule,
            severity: d.severity,
            count: 0,
            fixable: 0,
        });
        entry.count += 1;
        entry.severity = entry.severity.max(d.severity);
        entry.fixable += usize::from(d.fix.as_ref().is_some_and(|f| f.safe));
    }
    let mut counts: Vec<RuleCount> = by_rule.into_values().collect();
    counts.sort_by(|a, b| b.count.cmp(&a.count).then(a.rule.cmp(b.rule)));
    counts
}

/// Writes the table for people.
pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let counts = counts(report);
    let width = counts
        .iter()
        .map(|c| c.rule.len())
        .max()
        .unwrap_or(4)
        .max(4);
    writeln!(
        out,
        "{:>7}  {:>7}  {:<width$}  severity",
        "count", "fixable", "rule"
    )?;
    for c in &counts {
        writeln!(
            out,
            "{:>7}  {:>7}  {:<width$}  {}",
            c.count, c.fixable, c.rule, c.severity
        )?;
    }
    writeln!(out, "{}", super::human::summary(report))
}

/// Writes the table as JSON.
pub fn write_json(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &counts(report))?;
    writeln!(out)
}
