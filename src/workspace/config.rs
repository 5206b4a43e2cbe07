//! `contentlint.toml`: where it is found, what it may say, and what it means for each file.
//!
//! The file is found by walking up from the current directory (or named with `--config`;
//! `--isolated` ignores every config file). Paths and globs in it are relative to the directory
//! that holds it. Every mistake in it (an unknown key, a wrong type, a bad glob, an unknown
//! rule, a schema that does not load) is an error with the exact span in the TOML.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use globset::{Glob, GlobSet, GlobSetBuilder};
use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;

use crate::core::diagnostic::{Applicability, Severity};
use crate::core::phrases::{DEFAULT_FIELDS, Find, PhraseRule, Phrases};
use crate::core::rules::{self, RuleId};
use crate::core::schema::Schema;
use crate::core::settings::{
    DEFAULT_URL_PATTERN, DescriptionLimits, Level, RenderSettings, RuleTable, Settings,
};

/// The config file's name.
pub const FILE_NAME: &str = "contentlint.toml";

/// Whether a change to `path` can change the settings: a config file or a schema (JSON or
/// YAML), for the watcher and the language server.
pub fn is_settings_file(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n == FILE_NAME)
        || path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| matches!(e, "json" | "yaml" | "yml"))
}

/// contentlint's configuration (`contentlint.toml`). Paths and globs are relative to the
/// file's directory.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(title = "contentlint.toml")]
struct RawConfig {
    /// The content root: related articles, duplicate ids and urls are checked against every
    /// article under it, even when only a few files are checked.
    #[schemars(with = "Option<String>")]
    root: Option<Spanned<String>>,
    /// Globs of the Markdown files to lint when walking directories (default: every `*.md`).
    #[schemars(with = "Option<Vec<String>>")]
    include: Option<Vec<Spanned<String>>>,
    /// Globs of files never linted, even when named on the command line.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    exclude: Vec<Spanned<String>>,
    /// Apply `include` to files named on the command line too (as `--force-exclude`).
    #[serde(default)]
    force_exclude: bool,
    /// The path each article is served at: `{folder}` is the folder holding the file and
    /// `{stem}` its name without `.md` (default `/learn/{folder}/questions/{stem}`).
    #[schemars(with = "Option<String>")]
    url_pattern: Option<Spanned<String>>,
    /// JSON Schemas (or CloudCannon schema templates) for some articles; the first
    /// association that matches wins, the rest use the embedded article schema.
    #[serde(default)]
    schemas: Vec<RawAssociation>,
    /// Each rule's level: `error`, `warning`, `info` or `off`.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, Level>")]
    rules: BTreeMap<Spanned<String>, Spanned<Level>>,
    /// Rule levels for the files matching some globs; later overrides win.
    #[serde(default)]
    overrides: Vec<RawOverride>,
    /// How the site renders its Markdown fields.
    render: Option<RawRender>,
    /// Words and patterns the `phrase` rule reports, each entry a rule of its own.
    #[serde(default)]
    phrases: Vec<RawPhrase>,
    /// The lengths of `seo.page_description` the `description-length` rule accepts.
    description_length: Option<RawDescriptionLength>,
}

/// The `[description-length]` table.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawDescriptionLength {
    /// The fewest characters (default 50).
    #[schemars(with = "Option<usize>")]
    min: Option<Spanned<usize>>,
    /// The most characters (default 160, about what search results show).
    #[schemars(with = "Option<usize>")]
    max: Option<Spanned<usize>>,
}

/// A `[[phrases]]` entry: words or a pattern the `phrase` rule reports in some fields.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawPhrase {
    /// Its name (lower-case letters, digits and `-`), shown with every match.
    #[schemars(with = "String")]
    name: Spanned<String>,
    /// The phrases to look for, literally (give `words` or `pattern`).
    #[schemars(with = "Option<Vec<String>>")]
    words: Option<Spanned<Vec<String>>>,
    /// A regular expression to look for, in Rust's `regex` syntax (give `words` or
    /// `pattern`). The `answer` is matched with each two-character `\n` as a line break.
    #[schemars(with = "Option<String>")]
    pattern: Option<Spanned<String>>,
    /// The fields it looks in: names, or dotted paths such as `seo.page_description`
    /// (default: `question`, `answer`, `title`, `article_title`).
    #[schemars(with = "Option<Vec<String>>")]
    fields: Option<Spanned<Vec<String>>>,
    /// What a match means, in the reader's words; shown with the matched text.
    message: Option<String>,
    /// `error`, `warning` (the default), `info`, or `off` to keep the entry but not use it.
    #[schemars(with = "Option<Level>")]
    severity: Option<Spanned<Level>>,
    /// What to write instead of each match (`""` removes it): a fix.
    replacement: Option<String>,
    /// Whether `--fix` applies the replacement (`safe`) or only `--fix --unsafe-fixes`
    /// (`unsafe`, the default: a replacement changes what readers read).
    #[schemars(with = "Option<FixKind>")]
    fix: Option<Spanned<FixKind>>,
    /// Whether case matters (default false).
    case_sensitive: Option<bool>,
    /// Whether a match may not begin or end inside a word (default true).
    word_boundary: Option<bool>,
}

/// How `--fix` treats a phrase's replacement.
#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
enum FixKind {
    /// `--fix` applies it.
    Safe,
    /// Only `--fix --unsafe-fixes` applies it.
    Unsafe,
}

/// The `[render]` table: how the site renders its Markdown fields.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawRender {
    /// The front-matter fields rendered as Markdown (default `["answer"]`).
    markdown_fields: Option<Vec<String>>,
    /// Whether the page turns each two-character `\n` into a line break (default true).
    escaped_newlines: Option<bool>,
    /// The math delimiters the renderer knows: `dollars` (`$…$`, `$$…$$`) and `brackets`
    /// (`\(…\)`, `\[…\]`); default `["dollars"]`, as remark-math.
    #[schemars(with = "Option<Vec<String>>")]
    math_delimiters: Option<Spanned<Vec<Spanned<String>>>>,
    /// Whether a single `$` delimits inline math (default true).
    single_dollar: Option<bool>,
    /// Whether KaTeX has the mhchem extension (`\ce`, `\pu`; default false).
    mhchem: Option<bool>,
    /// KaTeX macros, as `"\\RR" = "\\mathbb{R}"`.
    #[serde(default)]
    macros: BTreeMap<String, String>,
}

/// A schema association: which articles a schema applies to.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawAssociation {
    /// A glob of the articles it applies to.
    #[schemars(with = "Option<String>")]
    files: Option<Spanned<String>>,
    /// The value of the articles' `_schema` field it applies to (CloudCannon's schema key).
    /// With `files` too, both must match (a collection's schema).
    #[schemars(with = "Option<String>")]
    schema_key: Option<Spanned<String>>,
    /// The schema: a JSON Schema (`.json`, or YAML), or a CloudCannon schema template (`.md`).
    #[schemars(with = "String")]
    schema: Spanned<String>,
}

/// Rule levels for the files matching some globs.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawOverride {
    /// Globs of the files it applies to.
    #[schemars(with = "Vec<String>")]
    files: Spanned<Vec<Spanned<String>>>,
    /// Each rule's level for those files.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, Level>")]
    rules: BTreeMap<Spanned<String>, Spanned<Level>>,
}

/// The JSON Schema of `contentlint.toml`, generated from the types above, with every rule
/// name listed (`contentlint config-schema`, and `contentlint.schema.json` in the repository).
pub fn json_schema() -> String {
    let mut schema =
        serde_json::to_value(schemars::schema_for!(RawConfig)).expect("a generated schema is JSON");
    let rules = serde_json::json!({
        "description": "Each rule's level: `error`, `warning`, `info` or `off`.",
        "type": "object",
        "properties": RuleId::ALL
            .iter()
            .map(|r| (r.name().to_string(), serde_json::json!({
                "$ref": "#/$defs/Level",
                "description": r.summary(),
            })))
            .collect::<serde_json::Map<_, _>>(),
        "additionalProperties": false,
    });
    schema["properties"]["rules"] = rules.clone();
    if let Some(defs) = schema["$defs"].as_object_mut()
        && let Some(over) = defs.get_mut("RawOverride")
    {
        over["properties"]["rules"] = rules;
    }
    let mut text = serde_json::to_string_pretty(&schema).expect("JSON");
    text.push('\n');
    text
}

/// A mistake in a config file, with where it is.
#[derive(Debug)]
pub struct ConfigError {
    /// The config file.
    pub path: PathBuf,
    /// Its text.
    pub source: String,
    /// The bytes that are wrong.
    pub span: Range<usize>,
    /// What is wrong.
    pub message: String,
    /// What to do, when there is something to say.
    pub help: Option<String>,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

impl std::error::Error for ConfigError {}

#[derive(Debug)]
/// Which articles an association applies to: those matching the glob and, when a key is
/// set, whose `_schema` field has that value (a CloudCannon collection's schema: the same key
/// means different schemas in different collections). At least one of the two is set.
struct Applies {
    files: Option<GlobSet>,
    schema_key: Option<String>,
}

/// A schema and the files it applies to.
#[derive(Debug)]
struct Association {
    applies: Applies,
    schema: Arc<Schema>,
    /// How the association was written, for `--show-settings`.
    described: String,
}

/// Rule levels for the files matching a glob.
#[derive(Debug)]
struct Override {
    files: GlobSet,
    rules: BTreeMap<RuleId, Level>,
}

/// Rule choices made on the command line; they win over the config file.
#[derive(Debug, Default, Clone, Hash)]
pub struct RuleChoices {
    /// When not empty, only these rules run.
    pub select: Vec<RuleId>,
    /// These rules do not run.
    pub ignore: Vec<RuleId>,
    /// These rules run at this level.
    pub severity: Vec<(RuleId, Level)>,
    /// Rules whose level is below this are off (`--min-severity`).
    pub min_severity: Option<Severity>,
}

/// Which files are linted: `include` and `exclude` globs, relative to the config's directory.
#[derive(Debug, Clone, Default)]
pub struct FileFilter {
    /// The directory the globs are relative to.
    base: PathBuf,
    include: Option<GlobSet>,
    exclude: Option<GlobSet>,
    /// The globs as written, for `--show-settings`.
    pub written: (Option<Vec<String>>, Vec<String>),
    /// Whether `include` applies to files named directly too (`force-exclude`,
    /// `--force-exclude`), as a pre-commit hook wants: it names every changed file.
    pub force: bool,
}

impl FileFilter {
    /// `path` (canonical) relative to the base directory, which globs are written against.
    fn relative<'a>(&self, path: &'a Path) -> &'a Path {
        path.strip_prefix(&self.base).unwrap_or(path)
    }

    /// Whether a file found by walking a directory is linted: it matches `include` (when set)
    /// and not `exclude`.
    pub fn includes(&self, path: &Path) -> bool {
        if self.include.is_none() && self.exclude.is_none() {
            return true;
        }
        let rel = self.relative(path);
        self.include.as_ref().is_none_or(|g| g.is_match(rel))
            && !self.exclude.as_ref().is_some_and(|g| g.is_match(rel))
    }

    /// Whether a file named directly is linted: it does not match `exclude`, and with
    /// [`FileFilter::force`] it matches `include` too.
    pub fn takes_named(&self, path: &Path) -> bool {
        if self.force {
            self.includes(path)
        } else {
            !self.excludes(path)
        }
    }

    /// Whether `path` matches `exclude` (which applies to files named directly too).
    pub fn excludes(&self, path: &Path) -> bool {
        self.exclude
            .as_ref()
            .is_some_and(|g| g.is_match(self.relative(path)))
    }
}

/// The configuration in force: the file's settings, resolved, and the command line's.
#[derive(Debug, Default)]
pub struct Config {
    /// The config file, if one was read.
    pub file: Option<PathBuf>,
    /// The config file's text (part of what cached results are keyed by).
    pub text: String,
    /// The content root, if the file sets one.
    pub root: Option<PathBuf>,
    /// Whether the file sets `url-pattern`.
    pub sets_url_pattern: bool,
    /// Rule settings.
    pub settings: Settings,
    /// Which files are linted.
    pub filter: FileFilter,
    schemas: Vec<Association>,
    rules: Levels,
    overrides: Vec<Override>,
    /// The command line's rule choices.
    pub choices: RuleChoices,
}

/// A rule's level in a `[rules]` table, checked against the registry.
type Levels = BTreeMap<RuleId, Level>;

impl Config {
    /// Finds the nearest `contentlint.toml` from `start` upwards.
    pub fn discover(start: &Path) -> Option<PathBuf> {
        start
            .ancestors()
            .map(|dir| dir.join(FILE_NAME))
            .find(|candidate| candidate.is_file())
    }

    /// Reads and resolves the config file at `path` (canonical, so that globs and the root
    /// resolve against a canonical base).
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        let source = std::fs::read_to_string(path).map_err(|e| ConfigError {
            path: path.to_path_buf(),
            source: String::new(),
            span: 0..0,
            message: format!("cannot read the config file: {e}"),
            help: None,
        })?;
        let base = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        let error = |span: Range<usize>, message: String, help: Option<String>| ConfigError {
            path: path.to_path_buf(),
            source: source.clone(),
            span,
            message,
            help,
        };
        let raw: RawConfig = toml::from_str(&source).map_err(|e| {
            error(
                e.span().unwrap_or(0..0),
                e.message().to_string(),
                Some("see `contentlint init` for every setting, with comments".to_string()),
            )
        })?;
        let globs = |patterns: &[Spanned<String>]| -> Result<GlobSet, ConfigError> {
            let mut builder = GlobSetBuilder::new();
            for pattern in patterns {
                let glob = Glob::new(pattern.get_ref()).map_err(|e| {
                    error(
                        pattern.span(),
                        format!("invalid glob: {}", e.kind()),
                        Some("globs use `*`, `**`, `?`, `[abc]` and `{a,b}`".to_string()),
                    )
                })?;
                builder.add(glob);
            }
            builder
                .build()
                .map_err(|e| error(0..0, format!("invalid globs: {e}"), None))
        };
        let levels = |table: &BTreeMap<Spanned<String>, Spanned<Level>>| {
            table
                .iter()
                .map(|(name, level)| match RuleId::from_name(name.get_ref()) {
                    Some(rule) => Ok((rule, *level.get_ref())),
                    None => Err(error(
                        name.span(),
                        format!("unknown rule `{}`", name.get_ref()),
                        Some(
                            match rules::closest(
                                name.get_ref(),
                                RuleId::ALL.iter().map(|r| r.name()),
                            ) {
                                Some(rule) => format!("did you mean `{rule}`?"),
                                None => "`contentlint rules` lists the rules".to_string(),
                            },
                        ),
                    )),
                })
                .collect::<Result<Levels, _>>()
        };
        let mut schemas = Vec::new();
        for association in &raw.schemas {
            if association.files.is_none() && association.schema_key.is_none() {
                return Err(error(
                    association.schema.span(),
                    "a schema association needs `files`, `schema-key` or both".to_string(),
                    None,
                ));
            }
            let applies = Applies {
                files: association
                    .files
                    .as_ref()
                    .map(|files| globs(std::slice::from_ref(files)))
                    .transpose()?,
                schema_key: association.schema_key.as_ref().map(|k| k.get_ref().clone()),
            };
            let mut described = Vec::new();
            if let Some(files) = &association.files {
                described.push(format!("files = {:?}", files.get_ref()));
            }
            if let Some(key) = &association.schema_key {
                described.push(format!("schema-key = {:?}", key.get_ref()));
            }
            let schema_path = base.join(association.schema.get_ref());
            let schema = load_schema(&schema_path)
                .map_err(|message| error(association.schema.span(), message, None))?;
            described.push(format!("schema = {:?}", association.schema.get_ref()));
            schemas.push(Association {
                applies,
                schema: Arc::new(schema),
                described: format!("[[schemas]] {}", described.join(", ")),
            });
        }
        let overrides = raw
            .overrides
            .iter()
            .map(|o| {
                Ok(Override {
                    files: globs(o.files.get_ref())?,
                    rules: levels(&o.rules)?,
                })
            })
            .collect::<Result<Vec<_>, ConfigError>>()?;
        // A root outside the config's folder would index whatever lies there (`root = "/"`
        // read every Markdown file on the machine): only the command line may ask for that.
        if let Some(root) = &raw.root {
            let resolved = base.join(root.get_ref());
            let canonical = std::fs::canonicalize(&resolved).unwrap_or(resolved);
            let home = std::fs::canonicalize(&base).unwrap_or_else(|_| base.clone());
            if !canonical.starts_with(&home) {
                return Err(error(
                    root.span(),
                    format!(
                        "`root` must be inside the folder that holds {FILE_NAME}; `{}` is not",
                        root.get_ref()
                    ),
                    Some(
                        "to check against a folder elsewhere, pass `--root DIR` on the command line"
                            .to_string(),
                    ),
                ));
            }
        }
        Ok(Self {
            file: Some(path.to_path_buf()),
            text: source.clone(),
            root: raw.root.as_ref().map(|r| base.join(r.get_ref())),
            sets_url_pattern: raw.url_pattern.is_some(),
            settings: Settings {
                url_pattern: raw
                    .url_pattern
                    .map_or_else(|| DEFAULT_URL_PATTERN.to_string(), Spanned::into_inner),
                render: render_settings(raw.render, &error)?,
                phrases: Arc::new(phrases(raw.phrases, &source, &error)?),
                description: description_limits(raw.description_length, &error)?,
                schema_keys: schemas
                    .iter()
                    .filter_map(|a| a.applies.schema_key.clone())
                    .collect(),
            },
            filter: FileFilter {
                include: raw.include.as_deref().map(globs).transpose()?,
                exclude: (!raw.exclude.is_empty())
                    .then(|| globs(&raw.exclude))
                    .transpose()?,
                force: raw.force_exclude,
                written: (
                    raw.include
                        .as_ref()
                        .map(|globs| globs.iter().map(|g| g.get_ref().clone()).collect()),
                    raw.exclude.iter().map(|g| g.get_ref().clone()).collect(),
                ),
                base,
            },
            schemas,
            rules: levels(&raw.rules)?,
            overrides,
            choices: RuleChoices::default(),
        })
    }

    /// The fingerprints of the schemas the associations name (part of what cached results
    /// are keyed by).
    pub fn schema_fingerprints(&self) -> Vec<u64> {
        self.schemas.iter().map(|a| a.schema.fingerprint).collect()
    }

    /// The schema an article at `path` whose `_schema` field reads `schema_key` is validated
    /// against, when an association names one.
    pub fn schema_for(&self, path: &Path, schema_key: Option<&str>) -> Option<&Schema> {
        self.association_for(path, schema_key)
            .map(|a| a.schema.as_ref())
    }

    /// How the association that applies to `path` was written, for `--show-settings`.
    pub fn schema_described(&self, path: &Path, schema_key: Option<&str>) -> Option<&str> {
        self.association_for(path, schema_key)
            .map(|a| a.described.as_str())
    }

    fn association_for(&self, path: &Path, schema_key: Option<&str>) -> Option<&Association> {
        let rel = self.filter.relative(path);
        self.schemas.iter().find(|a| {
            a.applies.files.as_ref().is_none_or(|g| g.is_match(rel))
                && a.applies
                    .schema_key
                    .as_deref()
                    .is_none_or(|key| schema_key == Some(key))
        })
    }

    /// `rule`'s severity for the file at `path` (canonical), or `None` when it is off, and
    /// what decided it, for `--show-settings`.
    pub fn explain_level(&self, rule: RuleId, path: &Path) -> (Option<Severity>, String) {
        let choices = &self.choices;
        let severity = self.table_for(path).severity(rule);
        let why = if choices.ignore.contains(&rule) {
            "--ignore".to_string()
        } else if !choices.select.is_empty() && !choices.select.contains(&rule) {
            "not in --select".to_string()
        } else if choices.severity.iter().any(|(r, _)| *r == rule) {
            "--severity".to_string()
        } else {
            let rel = self.filter.relative(path);
            let overridden = self
                .overrides
                .iter()
                .enumerate()
                .rfind(|(_, o)| o.files.is_match(rel) && o.rules.contains_key(&rule));
            match (overridden, self.rules.contains_key(&rule)) {
                (Some((i, _)), _) => format!("[[overrides]] number {}", i + 1),
                (None, true) => "[rules]".to_string(),
                (None, false) if self.default_level(rule).is_none() => "off by default".to_string(),
                (None, false) => "default".to_string(),
            }
        };
        let below = severity.is_none()
            && choices
                .min_severity
                .is_some_and(|floor| self.level(rule, &[]).is_some_and(|s| s < floor));
        if below {
            return (None, format!("{why}, below --min-severity"));
        }
        (severity, why)
    }

    /// Whether `rule` may be on for some file: on by default, in `[rules]` or in an override.
    pub fn may_enable(&self, rule: RuleId) -> bool {
        if self.overrides.is_empty() {
            return self.severity(rule, &[]).is_some();
        }
        let all: Vec<&Override> = self.overrides.iter().collect();
        self.severity(rule, &[]).is_some()
            || all
                .iter()
                .any(|o| self.severity(rule, std::slice::from_ref(o)).is_some())
    }

    /// Each rule's level for the file at `path` (canonical). The command line wins over
    /// overrides, which win over `[rules]`, which wins over the rule's default.
    pub fn table_for(&self, path: &Path) -> RuleTable {
        let mut table = RuleTable::default();
        let matching: Vec<&Override> = if self.overrides.is_empty() {
            Vec::new()
        } else {
            let rel = self.filter.relative(path);
            self.overrides
                .iter()
                .filter(|o| o.files.is_match(rel))
                .collect()
        };
        for &rule in RuleId::ALL {
            table.set(rule, self.severity(rule, &matching));
        }
        // Each phrase has its own severity, unless a level is set for the rule.
        if !self.level_is_set(RuleId::Phrase, &matching) {
            table.keep_own(RuleId::Phrase, self.choices.min_severity);
        }
        table
    }

    /// The rule table of every file, when no override applies to some files and not others.
    pub fn uniform_table(&self) -> Option<RuleTable> {
        self.overrides
            .is_empty()
            .then(|| self.table_for(&self.filter.base))
    }

    /// Whether the command line, `[rules]` or an override sets `rule`'s level.
    fn level_is_set(&self, rule: RuleId, overrides: &[&Override]) -> bool {
        self.choices.severity.iter().any(|(r, _)| *r == rule)
            || self.rules.contains_key(&rule)
            || overrides.iter().any(|o| o.rules.contains_key(&rule))
    }

    /// The level of `rule` when nothing sets it: its default, except that the `phrase` rule
    /// runs at the most serious severity of the phrases, and not at all without any.
    fn default_level(&self, rule: RuleId) -> Option<Severity> {
        match rule {
            RuleId::Phrase => self.settings.phrases.max_severity(),
            _ => rule.default_level(),
        }
    }

    /// The severity of `rule` given the overrides that match a file, or `None` when it is off
    /// (or below `--min-severity`).
    fn severity(&self, rule: RuleId, overrides: &[&Override]) -> Option<Severity> {
        let floor = self.choices.min_severity;
        self.level(rule, overrides)
            .filter(|severity| floor.is_none_or(|floor| *severity >= floor))
    }

    /// The level `rule` runs at given the overrides that match a file, or `None` when it is off.
    fn level(&self, rule: RuleId, overrides: &[&Override]) -> Option<Severity> {
        let choices = &self.choices;
        let selected = choices.select.contains(&rule);
        if choices.ignore.contains(&rule) || (!choices.select.is_empty() && !selected) {
            return None;
        }
        if let Some((_, level)) = choices.severity.iter().rev().find(|(r, _)| *r == rule) {
            return level.severity();
        }
        let mut level = self.rules.get(&rule).copied();
        for o in overrides {
            if let Some(l) = o.rules.get(&rule) {
                level = Some(*l);
            }
        }
        match level {
            // Selecting a rule on the command line runs it even where the config turned it
            // off, or where it is off by default.
            Some(Level::Off) if selected => Some(rule.default_severity()),
            Some(level) => level.severity(),
            None if selected => self.default_level(rule).or(Some(rule.default_severity())),
            None => self.default_level(rule),
        }
    }
}

/// Reads a schema file: JSON when its extension says so, a CloudCannon schema template when
/// it is Markdown, else YAML (a superset of JSON).
pub fn load_schema(path: &Path) -> Result<Schema, String> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read schema `{name}`: {}", super::fs::io_reason(&e)))?;
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md"))
    {
        let json = super::cloudcannon::template_schema(&text)
            .map_err(|e| format!("schema template `{name}`: {e}"))?;
        return Schema::from_json(&name, json, &text).map_err(|e| e.message);
    }
    let json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    Schema::parse(&name, &text, json).map_err(|e| e.message)
}

/// The phrase rules of the `[[phrases]]` entries, checked and compiled. Entries set to `off`
/// are left out.
fn phrases(
    raw: Vec<RawPhrase>,
    source: &str,
    error: &impl Fn(Range<usize>, String, Option<String>) -> ConfigError,
) -> Result<Phrases, ConfigError> {
    let mut rules = Vec::new();
    let mut spans = Vec::new();
    let mut raw_patterns: Vec<Option<String>> = Vec::new();
    let mut names: Vec<&str> = Vec::new();
    for entry in &raw {
        let name = entry.name.get_ref();
        let kebab = !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !kebab {
            return Err(error(
                entry.name.span(),
                format!("the phrase name `{name}` is not kebab-case"),
                Some("use lower-case letters, digits and `-`, as rule names do".to_string()),
            ));
        }
        if names.contains(&name.as_str()) {
            return Err(error(
                entry.name.span(),
                format!("two phrases are named `{name}`"),
                Some("give each `[[phrases]]` entry its own name".to_string()),
            ));
        }
        names.push(name);
        let find = match (&entry.words, &entry.pattern) {
            (Some(words), None) => {
                if words.get_ref().iter().all(|w| w.trim().is_empty()) {
                    return Err(error(
                        words.span(),
                        "`words` lists no phrase".to_string(),
                        None,
                    ));
                }
                Find::Words(words.get_ref().clone())
            }
            (None, Some(pattern)) => Find::Pattern(pattern.get_ref().clone()),
            (words, pattern) => {
                let span = words
                    .as_ref()
                    .map(Spanned::span)
                    .or_else(|| pattern.as_ref().map(Spanned::span))
                    .unwrap_or_else(|| entry.name.span());
                return Err(error(
                    span,
                    format!("the phrase `{name}` needs `words` or `pattern`, not both"),
                    Some(
                        "`words` lists literal phrases; `pattern` is one regular expression"
                            .to_string(),
                    ),
                ));
            }
        };
        let fields = match &entry.fields {
            Some(fields) if fields.get_ref().is_empty() => {
                return Err(error(
                    fields.span(),
                    "`fields` names no field".to_string(),
                    Some(format!(
                        "leave it out to look in {}",
                        DEFAULT_FIELDS.join(", ")
                    )),
                ));
            }
            Some(fields) => fields.get_ref().clone(),
            None => DEFAULT_FIELDS.iter().map(|f| f.to_string()).collect(),
        };
        if let (Some(fix), None) = (&entry.fix, &entry.replacement) {
            return Err(error(
                fix.span(),
                "`fix` needs a `replacement`".to_string(),
                Some("say what to write instead of each match with `replacement`".to_string()),
            ));
        }
        let severity = match entry.severity.as_ref().map(|s| *s.get_ref()) {
            None => Severity::Warning,
            Some(level) => match level.severity() {
                Some(severity) => severity,
                None => continue,
            },
        };
        spans.push(entry.pattern.as_ref().map(Spanned::span));
        raw_patterns.push(entry.pattern.as_ref().map(|p| p.get_ref().clone()));
        rules.push(PhraseRule {
            name: name.clone(),
            find,
            fields,
            message: entry.message.clone().unwrap_or_default(),
            severity,
            replacement: entry.replacement.clone(),
            applicability: match entry.fix.as_ref().map(|f| *f.get_ref()) {
                Some(FixKind::Safe) => Applicability::Safe,
                _ => Applicability::Unsafe,
            },
            case_sensitive: entry.case_sensitive.unwrap_or(false),
            word_bounded: entry.word_boundary.unwrap_or(true),
        });
    }
    Phrases::new(rules).map_err(|e| {
        // The error's own bytes when the pattern is written as it reads (a literal string,
        // or a basic one without escapes), else the whole string.
        let whole = spans[e.rule].clone().unwrap_or(0..0);
        let written = source.get(whole.start + 1..whole.end.saturating_sub(1));
        let pattern = match &raw_patterns[e.rule] {
            Some(p) => p.as_str(),
            None => "",
        };
        let span = match (e.span, written) {
            (Some(span), Some(written)) if written == pattern => {
                whole.start + 1 + span.start..whole.start + 1 + span.end.max(span.start + 1)
            }
            _ => whole,
        };
        error(
            span,
            format!("invalid pattern: {}", e.message),
            Some(
                "patterns use Rust's regex syntax: https://docs.rs/regex/latest/regex/#syntax"
                    .to_string(),
            ),
        )
    })
}

/// The limits a `[description-length]` table gives; the defaults where it is silent.
fn description_limits(
    raw: Option<RawDescriptionLength>,
    error: &impl Fn(Range<usize>, String, Option<String>) -> ConfigError,
) -> Result<DescriptionLimits, ConfigError> {
    let mut limits = DescriptionLimits::default();
    let Some(raw) = raw else {
        return Ok(limits);
    };
    if let Some(min) = &raw.min {
        limits.min = *min.get_ref();
    }
    if let Some(max) = &raw.max {
        limits.max = *max.get_ref();
    }
    if limits.min > limits.max {
        let span = raw
            .min
            .as_ref()
            .or(raw.max.as_ref())
            .map_or(0..0, Spanned::span);
        return Err(error(
            span,
            format!("`min` ({}) is more than `max` ({})", limits.min, limits.max),
            None,
        ));
    }
    Ok(limits)
}

/// The render settings a `[render]` table gives; the defaults (QuickTakes') where it is silent.
fn render_settings(
    raw: Option<RawRender>,
    error: &impl Fn(Range<usize>, String, Option<String>) -> ConfigError,
) -> Result<RenderSettings, ConfigError> {
    let mut settings = RenderSettings::default();
    let Some(raw) = raw else {
        return Ok(settings);
    };
    if let Some(fields) = raw.markdown_fields {
        settings.markdown_fields = fields;
    }
    if let Some(escaped) = raw.escaped_newlines {
        settings.escaped_newlines = escaped;
    }
    if let Some(delimiters) = raw.math_delimiters {
        settings.dollar_math = false;
        settings.bracket_math = false;
        for delimiter in delimiters.get_ref() {
            match delimiter.get_ref().as_str() {
                "dollars" => settings.dollar_math = true,
                "brackets" => settings.bracket_math = true,
                other => {
                    return Err(error(
                        delimiter.span(),
                        format!("unknown math delimiter `{other}`"),
                        Some(
                            "expected \"dollars\" ($…$, $$…$$) or \"brackets\" (\\(…\\), \\[…\\])"
                                .into(),
                        ),
                    ));
                }
            }
        }
    }
    if let Some(single) = raw.single_dollar {
        settings.single_dollar = single;
    }
    if let Some(mhchem) = raw.mhchem {
        settings.katex.mhchem = mhchem;
    }
    settings.katex.macros = raw.macros;
    Ok(settings)
}

/// The starter config that `contentlint init` writes.
pub const STARTER: &str = r#"# contentlint configuration. Paths and globs are relative to this file.

# The content root: related articles, duplicate ids and urls are checked against every
# article under it, even when only a few files are checked (as in a pre-commit hook).
# root = "."

# Which Markdown files to lint when walking directories, and which never to lint.
# include = ["content/**/*.md"]
# exclude = ["content/drafts/**"]
# Apply `include` to files named on the command line too (as --force-exclude does), so a
# hook that passes every changed file never lints a README or a schema template.
# force-exclude = true

# The path each article is served at; {folder} is the folder holding the file and {stem}
# its name without `.md`.
# url-pattern = "/learn/{folder}/questions/{stem}"

# JSON Schemas (JSON or YAML) for some files; the others use the embedded article schema.
# The first association that matches wins: by glob...
# [[schemas]]
# files = "content/guides/**"
# schema = "schemas/guide.schema.json"
# ...or by the value of the front matter's `_schema` field (CloudCannon's schema key).
# [[schemas]]
# schema-key = "default"
# schema = "schemas/article.schema.json"

# How the site renders its Markdown fields, for the rules that check what readers see
# (math-render-error, math-delimiter-unsupported, currency-dollar-math, newline-in-code,
# latex-newline-collision). The defaults are react-markdown + remark-gfm + remark-math +
# rehype-katex, on `answer`, after turning each two-character `\n` into a line break.
# [render]
# markdown-fields = ["answer"]
# escaped-newlines = true
# math-delimiters = ["dollars"]   # add "brackets" if \(…\) and \[…\] are rendered too
# single-dollar = true            # remark-math's singleDollarTextMath
# mhchem = false                  # KaTeX's mhchem extension (\ce, \pu)
# [render.macros]                 # KaTeX macros the page defines
# "\\RR" = "\\mathbb{R}"

# Each rule's level: "error", "warning", "info" or "off". `contentlint rules` lists them.
[rules]
# slug-style = "off"
# related-duplicate = "error"

# Levels for some paths only; later overrides win.
# [[overrides]]
# files = ["content/learn/archive/**"]
# [overrides.rules]
# related-unresolved = "warning"
"#;

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<Config, ConfigError> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        std::fs::write(&path, text).unwrap();
        Config::load(&path)
    }

    fn error_at(text: &str) -> (String, String) {
        let e = load(text).unwrap_err();
        (text[e.span.clone()].to_string(), e.message)
    }

    #[test]
    fn the_starter_config_loads() {
        let config = load(STARTER).unwrap();
        assert_eq!(config.settings, Settings::default());
    }

    #[test]
    fn the_render_table_configures_rendering() {
        let config = load(
            "[render]\nmarkdown-fields = [\"body\"]\nescaped-newlines = false\nmath-delimiters = [\"brackets\"]\nmhchem = true\n[render.macros]\n\"\\\\RR\" = \"\\\\mathbb{R}\"\n",
        )
        .unwrap();
        let render = &config.settings.render;
        assert_eq!(render.markdown_fields, vec!["body".to_string()]);
        assert!(!render.escaped_newlines && !render.dollar_math && render.bracket_math);
        assert!(render.katex.mhchem);
        assert_eq!(
            render.katex.macros.get("\\RR").map(String::as_str),
            Some("\\mathbb{R}")
        );
        assert_eq!(
            error_at("[render]\nmath-delimiters = [\"parens\"]\n").1,
            "unknown math delimiter `parens`"
        );
    }

    #[test]
    fn mistakes_point_at_their_bytes() {
        assert_eq!(
            error_at("rooot = \"x\"\n"),
            (
                "rooot".into(),
                "unknown field `rooot`, expected one of `root`, `include`, `exclude`, `force-exclude`, `url-pattern`, `schemas`, `rules`, `overrides`, `render`, `phrases`, `description-length`".into()
            )
        );
        assert_eq!(
            error_at("include = \"content\"\n"),
            (
                "\"content\"".into(),
                "invalid type: string \"content\", expected a sequence".into()
            )
        );
        assert_eq!(
            error_at("exclude = [\"content/[draft\"]\n"),
            (
                "\"content/[draft\"".into(),
                "invalid glob: unclosed character class; missing ']'".into()
            )
        );
        assert_eq!(
            error_at("[rules]\nmojibak = \"off\"\n"),
            ("mojibak".into(), "unknown rule `mojibak`".into())
        );
        assert_eq!(
            error_at("[rules]\nmojibake = \"of\"\n"),
            (
                "\"of\"".into(),
                "unknown variant `of`, expected one of `error`, `warning`, `info`, `off`".into()
            )
        );
        let (text, message) =
            error_at("[[schemas]]\nschema-key = \"default\"\nschema = \"missing.json\"\n");
        assert_eq!(text, "\"missing.json\"");
        assert!(message.starts_with("cannot read schema"), "{message}");
    }

    #[test]
    fn levels_resolve_from_config_overrides_and_command_line() {
        let mut config = load(
            "[rules]\nslug-style = \"off\"\nmojibake = \"warning\"\n[[overrides]]\nfiles = [\"archive/**\"]\n[overrides.rules]\nmojibake = \"off\"\n",
        )
        .unwrap();
        config.filter.base = PathBuf::from("/site");
        let slug = RuleId::SlugStyle;
        let moji = RuleId::Mojibake;
        let schema = RuleId::SchemaRule;
        let severity =
            |config: &Config, path: &Path, rule: RuleId| config.table_for(path).severity(rule);
        let here = Path::new("/site/learn/a.md");
        let archived = Path::new("/site/archive/a.md");
        assert_eq!(severity(&config, here, slug), None);
        assert_eq!(severity(&config, here, moji), Some(Severity::Warning));
        assert_eq!(severity(&config, archived, moji), None);
        assert_eq!(severity(&config, here, schema), Some(Severity::Error));
        config.choices.severity.push((schema, Level::Info));
        config.choices.ignore.push(moji);
        assert_eq!(severity(&config, here, schema), Some(Severity::Info));
        assert_eq!(severity(&config, here, moji), None);
        config.choices.select.push(slug);
        assert_eq!(severity(&config, here, slug), Some(Severity::Warning));
        assert_eq!(severity(&config, here, schema), None);
    }
}
