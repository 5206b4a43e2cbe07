//! Baselines: record the diagnostics a site has today, then report only new ones.
//!
//! A diagnostic is recorded by its rule, its file, the text at its span and which occurrence
//! of that text it is in the file, not by its line: editing elsewhere in the file, even adding
//! lines above it, leaves it recognised.

use std::collections::{HashMap, HashSet};
use std::io;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;
use crate::report::{FileReport, Report};

/// The longest span text kept in a fingerprint; longer texts keep their head and a count.
const MAX_TEXT: usize = 200;

/// What identifies a diagnostic across edits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Fingerprint {
    /// The rule.
    pub rule: String,
    /// The file, as shown.
    pub path: String,
    /// The text at the span (the message when the span is empty).
    pub text: String,
    /// Which occurrence of the same rule and text in the file it is, from 0.
    pub occurrence: usize,
}

#[derive(Debug, Serialize, Deserialize)]
struct BaselineFile {
    version: u32,
    diagnostics: Vec<Fingerprint>,
}

/// A recorded set of diagnostics.
#[derive(Debug, Default)]
pub struct Baseline {
    known: HashSet<Fingerprint>,
}

/// The fingerprints of a file's diagnostics, in order.
fn fingerprints(file: &FileReport) -> Vec<Fingerprint> {
    let mut seen: HashMap<(&str, String), usize> = HashMap::new();
    file.diagnostics
        .iter()
        .map(|d| {
            let text = span_text(file, d);
            let count = seen.entry((d.rule, text.clone())).or_default();
            let occurrence = *count;
            *count += 1;
            Fingerprint {
                rule: d.rule.to_string(),
                path: file.path.display().to_string(),
                text,
                occurrence,
            }
        })
        .collect()
}

fn span_text(file: &FileReport, d: &Diagnostic) -> String {
    let text = file
        .source
        .as_deref()
        .and_then(|s| s.get(d.span.clone()))
        .filter(|t| !t.is_empty())
        .unwrap_or(&d.message);
    if text.chars().count() <= MAX_TEXT {
        text.to_string()
    } else {
        let head: String = text.chars().take(MAX_TEXT).collect();
        format!("{head}… ({} characters)", text.chars().count())
    }
}

/// Writes every diagnostic of `report` to `path`.
pub fn write(report: &Report, path: &Path) -> io::Result<()> {
    let file = BaselineFile {
        version: 1,
        diagnostics: report.files.iter().flat_map(fingerprints).collect(),
    };
    let mut json = serde_json::to_string_pretty(&file)?;
    json.push('\n');
    std::fs::write(path, json)
}

impl Baseline {
    /// Reads a baseline written by [`write()`].
    pub fn load(path: &Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read the baseline `{}`: {e}", path.display()))?;
        let file: BaselineFile = serde_json::from_str(&text)
            .map_err(|e| format!("`{}` is not a contentlint baseline: {e}", path.display()))?;
        Ok(Self {
            known: file.diagnostics.into_iter().collect(),
        })
    }

    /// Removes the recorded diagnostics from `report`, counting them in `report.baselined`.
    pub fn filter(&self, report: &mut Report) {
        let mut left_out = 0;
        for file in &mut report.files {
            let prints = fingerprints(file);
            let mut keep = prints.iter().map(|p| !self.known.contains(p));
            let before = file.diagnostics.len();
            file.diagnostics.retain(|_| keep.next().unwrap_or(true));
            left_out += before - file.diagnostics.len();
        }
        report.baselined += left_out;
    }
}
