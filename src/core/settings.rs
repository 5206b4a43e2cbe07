//! What the rules are told: rule settings, and each rule's level for one file.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::diagnostic::Severity;
use super::math::KatexOptions;
use super::phrases::Phrases;
use super::rules::{RuleId, RuleSet};

/// The url an article is served at, with `{folder}` (the folder holding the file) and `{stem}`
/// (the file name without `.md`) filled in.
pub const DEFAULT_URL_PATTERN: &str = "/learn/{folder}/questions/{stem}";

/// Rule settings.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Settings {
    /// See [`DEFAULT_URL_PATTERN`].
    pub url_pattern: String,
    /// How the site renders its Markdown fields.
    pub render: RenderSettings,
    /// The `_schema` values the config's schema associations declare (empty: any value).
    pub schema_keys: Vec<String>,
    /// The `[[phrases]]` the `phrase` rule looks for.
    pub phrases: Arc<Phrases>,
    /// The lengths `description-length` accepts.
    pub description: DescriptionLimits,
}

/// The lengths of `seo.page_description` that `description-length` accepts, in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DescriptionLimits {
    /// Fewer says too little.
    pub min: usize,
    /// More is cut in search results (about 160 characters).
    pub max: usize,
}

impl Default for DescriptionLimits {
    fn default() -> Self {
        Self { min: 50, max: 160 }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            url_pattern: DEFAULT_URL_PATTERN.to_string(),
            render: RenderSettings::default(),
            schema_keys: Vec::new(),
            phrases: Arc::default(),
            description: DescriptionLimits::default(),
        }
    }
}

/// How the site turns a Markdown field into a page. The defaults are QuickTakes': the article
/// page takes `answer`, replaces every two-character `\n` with a line break, and renders it
/// with react-markdown, remark-gfm, remark-math and rehype-katex (no mhchem, no macros).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RenderSettings {
    /// The front-matter fields rendered as Markdown.
    pub markdown_fields: Vec<String>,
    /// Whether the page turns each two-character `\n` into a line break before rendering.
    pub escaped_newlines: bool,
    /// Whether `$…$` and `$$…$$` are math (remark-math).
    pub dollar_math: bool,
    /// Whether `\(…\)` and `\[…\]` are math (they are not to remark-math).
    pub bracket_math: bool,
    /// Whether a single `$` delimits inline math (remark-math's `singleDollarTextMath`).
    pub single_dollar: bool,
    /// KaTeX's configuration.
    pub katex: KatexOptions,
}

impl Default for RenderSettings {
    fn default() -> Self {
        Self {
            markdown_fields: vec!["answer".to_string()],
            escaped_newlines: true,
            dollar_math: true,
            bracket_math: false,
            single_dollar: true,
            katex: KatexOptions::default(),
        }
    }
}

impl Settings {
    /// The url the article at `folder`/`stem`.md is served at.
    pub fn served_url(&self, folder: &str, stem: &str) -> String {
        self.url_pattern
            .replace("{folder}", folder)
            .replace("{stem}", stem)
    }

    /// The folder and stem of the file that would be served at `url`, when the url fits the
    /// pattern.
    pub fn route<'u>(&self, url: &'u str) -> Option<(&'u str, &'u str)> {
        let pattern: Vec<&str> = self.url_pattern.split('/').collect();
        let segments: Vec<&str> = url.split('/').collect();
        if pattern.len() != segments.len() {
            return None;
        }
        let (mut folder, mut stem) = (None, None);
        for (p, s) in pattern.iter().zip(&segments) {
            match *p {
                "{folder}" if !s.is_empty() => folder = Some(*s),
                "{stem}" if !s.is_empty() => stem = Some(*s),
                literal if literal == *s => {}
                _ => return None,
            }
        }
        folder.zip(stem)
    }
}

/// A rule's level in the config: a severity, or off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Reported as an error.
    Error,
    /// Reported as a warning.
    Warning,
    /// Reported as information.
    Info,
    /// Not reported.
    Off,
}

impl Level {
    /// The severity, or `None` for off.
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Error => Some(Severity::Error),
            Level::Warning => Some(Severity::Warning),
            Level::Info => Some(Severity::Info),
            Level::Off => None,
        }
    }

    /// Parses `error`, `warning`, `info` or `off`.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "error" => Some(Level::Error),
            "warning" => Some(Level::Warning),
            "info" => Some(Level::Info),
            "off" => Some(Level::Off),
            _ => None,
        }
    }
}

/// Each rule's severity for one file, or `None` where the rule is off: the per-file rule table
/// the engine consults before running any rule.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RuleTable {
    levels: Vec<Option<Severity>>,
    /// Rules whose diagnostics keep the severity they were made with (each `[[phrases]]`
    /// entry has its own) unless a level is set for the rule.
    own: RuleSet,
    /// Diagnostics of those rules below this severity are not reported (`--min-severity`).
    floor: Option<Severity>,
}

impl Default for RuleTable {
    /// Every rule at its default level.
    fn default() -> Self {
        Self {
            levels: RuleId::ALL.iter().map(|r| r.default_level()).collect(),
            own: RuleSet::default(),
            floor: None,
        }
    }
}

impl RuleTable {
    /// The severity of `rule`, or `None` when it is off.
    pub fn severity(&self, rule: RuleId) -> Option<Severity> {
        self.levels[rule.index()]
    }

    /// Sets `rule`'s severity (`None`: off).
    pub fn set(&mut self, rule: RuleId, severity: Option<Severity>) {
        self.levels[rule.index()] = severity;
    }

    /// Lets `rule`'s diagnostics keep the severity they were made with, those below `floor`
    /// left out.
    pub fn keep_own(&mut self, rule: RuleId, floor: Option<Severity>) {
        self.own.insert(rule);
        self.floor = floor;
    }

    /// The severity a diagnostic of `rule` made with `made` is reported at, or `None` when
    /// it is not reported.
    pub fn severity_of(&self, rule: RuleId, made: Severity) -> Option<Severity> {
        let level = self.severity(rule)?;
        if !self.own.contains(rule) {
            return Some(level);
        }
        self.floor.is_none_or(|floor| made >= floor).then_some(made)
    }

    /// The rules that are on.
    pub fn enabled(&self) -> RuleSet {
        RuleId::ALL
            .iter()
            .copied()
            .filter(|r| self.levels[r.index()].is_some())
            .collect()
    }
}
