//! Baselines: record the diagnostics a site has today, then report only new ones.
//!
//! A diagnostic is recorded by its rule, its file, the text at its span and which occurrence
//! of that text it is in the file, not by its line: editing elsewhere in the file, even adding
//! lines above it, leaves it recognised.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::diagnostic::Diagnostic;
use super::report::FileResult;

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

/// The fingerprints of a file's diagnostics, in order. The file's source must be held.
pub fn fingerprints(file: &FileResult) -> Vec<Fingerprint> {
    let mut seen: HashMap<(&str, String), usize> = HashMap::new();
    file.diagnostics
        .iter()
        .map(|d| {
            let text = span_text(file, d);
            let count = seen.entry((d.rule.name(), text.clone())).or_default();
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

fn span_text(file: &FileResult, d: &Diagnostic) -> String {
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

/// A baseline file recording `fingerprints`, as JSON.
pub fn to_json(fingerprints: impl IntoIterator<Item = Fingerprint>) -> String {
    let file = BaselineFile {
        version: 1,
        diagnostics: fingerprints.into_iter().collect(),
    };
    let mut json = serde_json::to_string_pretty(&file).unwrap_or_default();
    json.push('\n');
    json
}

impl Baseline {
    /// Reads a baseline written by [`to_json`]; the error says what is wrong.
    pub fn from_json(text: &str) -> Result<Self, String> {
        let file: BaselineFile = serde_json::from_str(text).map_err(|e| e.to_string())?;
        Ok(Self {
            known: file.diagnostics.into_iter().collect(),
        })
    }

    /// Removes the recorded diagnostics from `file` (whose source must be held), returning
    /// how many were left out.
    pub fn filter(&self, file: &mut FileResult) -> usize {
        if file.diagnostics.is_empty() {
            return 0;
        }
        let prints = fingerprints(file);
        let mut keep = prints.iter().map(|p| !self.known.contains(p));
        let before = file.diagnostics.len();
        file.diagnostics.retain(|_| keep.next().unwrap_or(true));
        before - file.diagnostics.len()
    }
}
