//! Checking one file, without touching the file system: bytes in, diagnostics out.
//!
//! A file flows through three steps. [`check_file`] decodes it, splits and parses its front
//! matter and runs the enabled per-file rules; what it returns depends on the file alone, so
//! it can be cached. [`finish`] runs the enabled cross-article rules against the index and
//! applies the policy, in this order: suppressions, unused suppressions (which can themselves
//! be suppressed), severities; then it fills in the positions. The baseline comes last, in the
//! workspace, because it is not part of a file's result.

use std::path::Path;

use super::article::{Article, SUMMARY_FIELDS};
use super::diagnostic::Diagnostic;
use super::document::Document;
use super::index::Index;
use super::rules::{self, CorpusContext, FileContext};
use super::schema::Schema;
use super::settings::{RuleTable, Settings};
use super::source::LineIndex;
use super::suppression::Suppressions;

/// Everything a file is checked with, apart from its bytes.
pub struct Input<'a> {
    /// The file, as shown to the user.
    pub path: &'a Path,
    /// The name of the folder holding the file.
    pub folder: Option<&'a str>,
    /// Rule settings.
    pub settings: &'a Settings,
    /// Each rule's level for this file.
    pub table: &'a RuleTable,
    /// The schema for an article whose `_schema` field has the given value.
    pub schema_for: &'a (dyn Fn(Option<&str>) -> &'a Schema + Sync),
}

/// What the per-file rules found in one file.
#[derive(Debug, Default)]
pub struct Checked {
    /// The text to show diagnostics in: the file's text, or with invalid UTF-8 replaced
    /// (which leaves every offset before the first bad byte unchanged); `None` for a binary
    /// file.
    pub text: Option<String>,
    /// The per-file diagnostics, before suppressions and severities.
    pub local: Vec<Diagnostic>,
    /// The article's summary with its related references, when the front matter was read.
    pub article: Option<Article>,
    /// The file's suppression comments.
    pub suppressions: Suppressions,
    /// The line index of `text`.
    pub lines: Option<LineIndex>,
}

/// Decodes `bytes` and runs the per-file rules on them.
pub fn check_file(input: &Input<'_>, bytes: Vec<u8>) -> Checked {
    if let Some(nul) = memchr_nul(&bytes) {
        return Checked {
            local: vec![rules::encoding::binary(nul)],
            ..Checked::default()
        };
    }
    // Nearly every file is valid: a SIMD check says so quickly, and the standard one, which
    // says where a file is not, runs only on the others.
    let valid = simdutf8::basic::from_utf8(&bytes).is_ok();
    let decoded = if valid {
        // SAFETY: `bytes` was just checked to be UTF-8.
        Ok(unsafe { String::from_utf8_unchecked(bytes) })
    } else {
        String::from_utf8(bytes)
    };
    match decoded {
        Ok(text) => {
            let mut checked = check_text(input, &text);
            if checked.lines.is_none() {
                checked.lines = Some(LineIndex::new(&text));
            }
            checked.text = Some(text);
            checked
        }
        Err(error) => {
            let bytes = error.as_bytes();
            let start = error.utf8_error().valid_up_to();
            let len = error
                .utf8_error()
                .error_len()
                .unwrap_or(bytes.len() - start);
            let text = String::from_utf8_lossy(bytes).into_owned();
            Checked {
                lines: Some(LineIndex::new(&text)),
                text: Some(text),
                local: vec![rules::encoding::invalid_utf8(
                    start,
                    &bytes[start..start + len],
                    bytes,
                )],
                ..Checked::default()
            }
        }
    }
}

fn memchr_nul(bytes: &[u8]) -> Option<usize> {
    memchr::memchr(0, bytes)
}

/// Runs the per-file rules on one article's text (the returned `text` is left empty: the
/// caller owns the text).
pub fn check_text(input: &Input<'_>, text: &str) -> Checked {
    let enabled = input.table.enabled();
    let mut local = Vec::new();
    let doc = Document::parse(text, &mut local);
    let article = doc
        .as_ref()
        .map(|doc| Article::from_document(input.path, input.folder.map(str::to_string), doc, true));
    let schema_key = doc
        .as_ref()
        .and_then(|d| d.root.as_ref())
        .and_then(|r| r.get("_schema"))
        .and_then(|n| n.as_str());
    let schema = (input.schema_for)(schema_key);
    let ctx = FileContext::new(
        input.path,
        text,
        doc.as_ref(),
        article.as_ref(),
        input.settings,
        schema,
        enabled,
    );
    rules::run_file_rules(&ctx, enabled, &mut local);
    let suppressions = doc.as_ref().map(Suppressions::parse).unwrap_or_default();
    let lines = doc.as_ref().map(|d| d.lines().clone());
    Checked {
        text: None,
        local,
        article,
        suppressions,
        lines,
    }
}

/// The summary the index keeps of the article at canonical path `canonical`, read from only
/// the fields it needs and encoded (see [`super::summary`]); `None` when the front matter
/// cannot be read (the file is reported when it is checked itself).
pub fn summarize(canonical: &Path, bytes: &[u8]) -> Option<Vec<u8>> {
    let text = simdutf8::basic::from_utf8(bytes).ok()?;
    let doc = Document::parse_fields(text, SUMMARY_FIELDS)?;
    let article = Article::from_document(canonical, None, &doc, false);
    let mut encoded = Vec::new();
    super::summary::encode(&article, canonical, &mut encoded);
    Some(encoded)
}

/// A file's result: its diagnostics in force and what its cross-article rules looked up.
#[derive(Debug, Default)]
pub struct Finished {
    /// The diagnostics in force, in order, with positions.
    pub diagnostics: Vec<Diagnostic>,
    /// The dependency keys the cross-article rules looked up (see [`super::index::Key`]).
    pub reads: Vec<u64>,
}

/// Runs the enabled cross-article rules on `checked`, then applies suppressions, unused
/// suppressions and severities, and fills in positions from `text`. The per-file
/// diagnostics are moved out of `checked` into the result.
pub fn finish(
    checked: &mut Checked,
    index: &Index,
    settings: &Settings,
    table: &RuleTable,
) -> Finished {
    let enabled = table.enabled();
    let mut all = std::mem::take(&mut checked.local);
    let mut reads = Vec::new();
    if let Some(article) = &checked.article {
        let text = checked.text.as_deref().unwrap_or("");
        let ctx = CorpusContext::new(article, text, index, settings, enabled);
        rules::run_corpus_rules(&ctx, enabled, &mut all);
        reads = ctx.into_reads();
    }
    apply_policy(&mut all, &checked.suppressions, table);
    if let (Some(text), Some(lines)) = (&checked.text, &checked.lines) {
        for d in &mut all {
            d.locate(text, lines);
        }
    }
    Finished {
        diagnostics: all,
        reads,
    }
}

/// Suppressions, unused suppressions, then severities; sorts the result.
pub fn apply_policy(all: &mut Vec<Diagnostic>, suppressions: &Suppressions, table: &RuleTable) {
    suppressions.apply(all, table.enabled());
    all.retain_mut(|d| match table.severity_of(d.rule, d.severity) {
        Some(severity) => {
            d.severity = severity;
            true
        }
        None => false,
    });
    all.sort_by(|a, b| a.order_key().cmp(&b.order_key()));
}
