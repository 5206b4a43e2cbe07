//! `--statistics`: how many diagnostics each rule found and how many have a safe fix (`--fix`)
//! or an unsafe one (`--fix --unsafe-fixes`), most frequent first, instead of the diagnostics
//! themselves.

use std::io::{self, Write};

use serde::Serialize;

use crate::core::diagnostic::Severity;
use crate::core::report::{Report, Totals};

/// One rule's counts.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct RuleCount {
    /// The rule.
    pub rule: &'static str,
    /// Its severity (the most severe among its diagnostics).
    pub severity: Severity,
    /// How many diagnostics.
    pub count: usize,
    /// How many of them have a safe fix (`--fix`).
    pub fixable: usize,
    /// How many of them have an unsafe fix (`--fix --unsafe-fixes`).
    pub unsafe_fixable: usize,
}

/// The counts per rule, most frequent first (then by name).
pub fn counts(totals: &Totals) -> Vec<RuleCount> {
    let mut counts: Vec<RuleCount> = totals
        .by_rule
        .iter()
        .map(|(rule, c)| RuleCount {
            rule: rule.name(),
            severity: c.severity.unwrap_or(rule.default_severity()),
            count: c.count,
            fixable: c.safe_fixes,
            unsafe_fixable: c.unsafe_fixes,
        })
        .collect();
    counts.sort_by(|a, b| b.count.cmp(&a.count).then(a.rule.cmp(b.rule)));
    counts
}

/// Writes the table for people, then the totals.
pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    write_table(&report.totals, out)?;
    writeln!(out, "{}", super::human::summary(&report.totals))
}

/// Writes the counts per rule as a table for people.
pub fn write_table(totals: &Totals, out: &mut dyn Write) -> io::Result<()> {
    let counts = counts(totals);
    let width = counts
        .iter()
        .map(|c| c.rule.len())
        .max()
        .unwrap_or(4)
        .max(4);
    writeln!(
        out,
        "{:>7}  {:>5}  {:>6}  {:<width$}  severity",
        "count", "safe", "unsafe", "rule"
    )?;
    for c in &counts {
        writeln!(
            out,
            "{:>7}  {:>5}  {:>6}  {:<width$}  {}",
            c.count, c.fixable, c.unsafe_fixable, c.rule, c.severity
        )?;
    }
    Ok(())
}

/// Writes the table as JSON.
pub fn write_json(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &counts(&report.totals))?;
    writeln!(out)
}
