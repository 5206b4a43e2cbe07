//! What a rule reports: a message about a byte span of one file, with the fix that repairs it.

use std::fmt;
use std::ops::Range;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::rules::RuleId;
use super::source::{LineIndex, Position};

/// How serious a diagnostic is. Only errors fail a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; never fails a run.
    Info,
    /// Probably wrong; fails a run only when warnings are denied.
    Warning,
    /// Wrong; fails the run.
    Error,
}

impl Severity {
    /// The lower-case name used in every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a fix may be applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// Shown to people, never applied by `--fix` (the repair needs a human decision).
    DisplayOnly,
    /// Applied with `--fix --unsafe-fixes`: it may change meaning, so a person should look.
    Unsafe,
    /// Applied with `--fix`: the repaired text is unambiguously right.
    Safe,
}

impl Applicability {
    /// Whether a run that applies fixes up to `allowed` applies a fix of this applicability.
    pub fn allowed_by(self, allowed: Applicability) -> bool {
        self != Applicability::DisplayOnly && self >= allowed
    }
}

/// A further span of the same file that explains a diagnostic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Label {
    /// Byte range in the file.
    pub span: Range<usize>,
    /// Where the span starts (filled in by the engine).
    pub start: Position,
    /// What to say there.
    pub message: String,
}

/// One replacement of a byte range of a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edit {
    /// The bytes to replace (empty to insert).
    pub range: Range<usize>,
    /// What to put there.
    pub replacement: String,
}

impl Edit {
    /// Replaces `range` with `replacement`.
    pub fn new(range: Range<usize>, replacement: impl Into<String>) -> Self {
        Self {
            range,
            replacement: replacement.into(),
        }
    }
}

/// A repair: edits applied together or not at all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fix {
    /// Whether `--fix` applies it, only `--unsafe-fixes`, or neither.
    pub applicability: Applicability,
    /// The edits, which never overlap each other.
    pub edits: Vec<Edit>,
    /// What the fix does, for people ("replace with \"™\"").
    pub title: String,
}

impl Fix {
    /// A fix `--fix` applies.
    pub fn safe(title: impl Into<String>, edits: Vec<Edit>) -> Self {
        Self {
            applicability: Applicability::Safe,
            edits,
            title: title.into(),
        }
    }

    /// A fix only `--fix --unsafe-fixes` applies.
    pub fn unsafe_(title: impl Into<String>, edits: Vec<Edit>) -> Self {
        Self {
            applicability: Applicability::Unsafe,
            edits,
            title: title.into(),
        }
    }

    /// Whether `--fix` applies it.
    pub fn is_safe(&self) -> bool {
        self.applicability == Applicability::Safe
    }
}

/// A place in another file that belongs to a diagnostic ("also used by ...").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    /// The other file, as shown to the user.
    pub path: PathBuf,
    /// 1-based line there.
    pub line: usize,
    /// 1-based column there, in characters.
    pub column: usize,
    /// Byte range there.
    pub span: Range<usize>,
    /// What is there.
    pub message: String,
}

/// One problem found in one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// The rule that found it.
    pub rule: RuleId,
    /// The severity in force for this diagnostic.
    pub severity: Severity,
    /// The smallest byte range of the file that shows the problem.
    pub span: Range<usize>,
    /// Where the span starts and ends (filled in by the engine from the file's text, so that
    /// reports need no text to print positions).
    pub start: Position,
    /// See `start`; exclusive.
    pub end: Position,
    /// What is wrong, in the reader's words.
    pub message: String,
    /// What to say at the span (defaults to nothing beyond the underline).
    pub label: Option<String>,
    /// What to do about it.
    pub help: Option<String>,
    /// Other places in the same file that belong to this diagnostic.
    pub labels: Vec<Label>,
    /// How to repair it, when that is known.
    pub fix: Option<Fix>,
    /// Places in other files that belong to this diagnostic.
    pub notes: Vec<Note>,
}

impl Diagnostic {
    /// A diagnostic of `rule` at `span`, with the rule's default severity.
    pub fn new(rule: RuleId, span: Range<usize>, message: impl Into<String>) -> Self {
        Self {
            rule,
            severity: rule.default_severity(),
            span,
            start: Position::START,
            end: Position::START,
            message: message.into(),
            label: None,
            help: None,
            labels: Vec::new(),
            fix: None,
            notes: Vec::new(),
        }
    }

    /// Adds a note about a place in another file.
    pub fn with_note(mut self, note: Note) -> Self {
        self.notes.push(note);
        self
    }

    /// Attaches a fix, if there is one.
    pub fn with_fix(mut self, fix: impl Into<Option<Fix>>) -> Self {
        self.fix = fix.into();
        self
    }

    /// Sets the label shown at the primary span.
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Sets the help line.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a secondary label.
    pub fn with_secondary(mut self, span: Range<usize>, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            start: Position::START,
            message: message.into(),
        });
        self
    }

    /// Whether a run applying fixes up to `allowed` would apply this diagnostic's fix.
    pub fn fixable(&self, allowed: Applicability) -> bool {
        self.fix
            .as_ref()
            .is_some_and(|f| !f.edits.is_empty() && f.applicability.allowed_by(allowed))
    }

    /// Fills in the line and column of the span and of every label.
    pub fn locate(&mut self, text: &str, lines: &LineIndex) {
        self.start = lines.position(text, self.span.start);
        self.end = lines.position(text, self.span.end);
        for label in &mut self.labels {
            label.start = lines.position(text, label.span.start);
        }
    }

    /// The order diagnostics of one file are reported in: by position, then by rule name.
    pub fn order_key(&self) -> (usize, usize, &'static str) {
        (self.span.start, self.span.end, self.rule.name())
    }
}
