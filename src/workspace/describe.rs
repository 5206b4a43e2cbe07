//! What a workspace would do, without checking: the files it would check (`--show-files`) and
//! the settings that apply to one file, with where each comes from (`--show-settings`).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::{Workspace, cache, config};
use crate::core::rules::RuleId;

/// Where a setting's value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Origin {
    /// The built-in default.
    #[default]
    Default,
    /// The config file.
    Config,
    /// The command line.
    CommandLine,
}

impl Origin {
    fn describe(self, config: Option<&Path>) -> String {
        match (self, config) {
            (Origin::Default, _) => "default".to_string(),
            (Origin::Config, Some(file)) => file.display().to_string(),
            (Origin::Config, None) => "config".to_string(),
            (Origin::CommandLine, _) => "command line".to_string(),
        }
    }
}

/// Where the settings that can come from more than one place came from.
#[derive(Debug, Clone, Default)]
pub struct Origins {
    /// `--root` or the config's `root`.
    pub root: Origin,
    /// `--url-pattern` or the config's `url-pattern`.
    pub url_pattern: Origin,
    /// `--schema`.
    pub schema: Origin,
    /// `--force-exclude` or the config's `force-exclude`.
    pub force_exclude: Origin,
}

impl Workspace {
    /// The files a check of `paths` reports on, as shown (`--show-files`): after `include`
    /// and `exclude`, sorted, without repeats.
    pub fn files(&self, paths: &[PathBuf]) -> Vec<PathBuf> {
        self.paths
            .discover(paths, &self.config.filter)
            .into_iter()
            .map(|t| t.display().to_path_buf())
            .collect()
    }

    /// The settings that apply to the file at `path`, one per line, with where each value
    /// came from (`--show-settings`).
    pub fn describe(&self, path: &Path) -> String {
        let canonical = self.paths.canonical(path);
        let shown = self.paths.display(&canonical);
        let config_file = self.config.file.as_deref().map(|f| self.paths.display(f));
        let from = |origin: Origin| origin.describe(config_file.as_deref());
        let mut out = String::new();
        let mut line = |name: &str, value: String, origin: String| {
            let _ = writeln!(out, "{name:<16}{value}  ({origin})");
        };
        line(
            "file",
            shown.display().to_string(),
            if canonical.exists() {
                "exists".to_string()
            } else {
                "does not exist".to_string()
            },
        );
        line(
            "config",
            config_file
                .as_ref()
                .map_or_else(|| "none".to_string(), |f| f.display().to_string()),
            match &self.config.file {
                Some(_) => "the nearest contentlint.toml, or --config".to_string(),
                None => "no contentlint.toml found, or --isolated".to_string(),
            },
        );
        let root = self.content_root(std::slice::from_ref(&path.to_path_buf()));
        line(
            "content root",
            root.as_ref().map_or_else(
                || "none: references resolve against the checked files only".to_string(),
                |r| self.paths.display(r).display().to_string(),
            ),
            match (&self.root, &root) {
                (Some(_), _) => from(self.origins.root),
                (None, Some(_)) => "the current directory, which holds the file".to_string(),
                (None, None) => "default".to_string(),
            },
        );
        let (include, exclude) = &self.config.filter.written;
        let filter_origin = if self.config.file.is_some() {
            Origin::Config
        } else {
            Origin::Default
        };
        line(
            "include",
            include
                .as_ref()
                .map_or_else(|| "every *.md file".to_string(), |g| g.join(", ")),
            from(filter_origin),
        );
        line(
            "exclude",
            if exclude.is_empty() {
                "nothing".to_string()
            } else {
                exclude.join(", ")
            },
            from(filter_origin),
        );
        line(
            "force-exclude",
            self.config.filter.force.to_string(),
            from(self.origins.force_exclude),
        );
        let linted = self.config.filter.takes_named(&canonical);
        line(
            "linted",
            linted.to_string(),
            "whether the file is checked when named on the command line".to_string(),
        );
        let schema_key = std::fs::read_to_string(&canonical)
            .ok()
            .and_then(|text| schema_key(&text));
        let (schema, origin) = match self
            .config
            .schema_described(&canonical, schema_key.as_deref())
        {
            Some(described) => (described.to_string(), from(Origin::Config)),
            None if self.origins.schema == Origin::CommandLine => {
                ("the --schema file".to_string(), from(Origin::CommandLine))
            }
            None => (
                "the embedded article schema".to_string(),
                from(Origin::Default),
            ),
        };
        line(
            "schema",
            match &schema_key {
                Some(key) => format!("{schema} (`_schema: {key}`)"),
                None => schema,
            },
            origin,
        );
        line(
            "url-pattern",
            self.settings.url_pattern.clone(),
            from(self.origins.url_pattern),
        );
        let render = &self.settings.render;
        line(
            "markdown fields",
            render.markdown_fields.join(", "),
            "[render]".to_string(),
        );
        line(
            "cache",
            self.cache.dir().map_or_else(
                || "off".to_string(),
                |d| self.paths.display(d).display().to_string(),
            ),
            format!(
                "--no-cache, --cache-dir, or `{}` beside the config",
                cache::DIR_NAME
            ),
        );
        let _ = writeln!(out, "\n[rules]");
        for &rule in RuleId::ALL {
            let (severity, why) = self.config.explain_level(rule, &canonical);
            let level = severity.map_or("off", |s| s.as_str());
            let _ = writeln!(out, "{:<28}{:<10}({why})", rule.name(), level);
        }
        let _ = config::FILE_NAME;
        out
    }
}

/// The value of the front matter's top-level `_schema` field in `text`.
fn schema_key(text: &str) -> Option<String> {
    let doc = crate::core::document::Document::parse_fields(text, &["_schema"])?;
    doc.root?.get("_schema")?.as_str().map(str::to_string)
}
