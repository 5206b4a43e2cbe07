//! The command line: argument definitions, running the commands, and the output formats.

pub mod output;
pub mod progress;
pub mod run;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::core::rules::{self, RuleId};
use crate::core::settings::Level;
use crate::workspace::config::RuleChoices;
use crate::workspace::{CacheLocation, ConfigSource};
use output::Format;
use run::{CheckRequest, ColorChoice, FixRequest};

/// A fast linter and schema validator for Markdown articles with YAML front matter.
#[derive(Debug, Parser)]
#[command(version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check articles: every `*.md` file under the given paths (default: the current directory).
    Check(Box<CheckArgs>),
    /// List every rule with its default severity and summary.
    Rules,
    /// Print a rule's documentation.
    Rule {
        /// The rule's name, as `contentlint rules` lists it.
        #[arg(value_parser = parse_rule)]
        name: RuleId,
    },
    /// Write a commented starter `contentlint.toml` in the current directory.
    Init,
    /// Remove the cache (`.contentlint_cache`) of the project in the current directory.
    Clean {
        /// The cache folder to remove [default: the one `check` would use from here].
        #[arg(long, value_name = "DIR", env = "CONTENTLINT_CACHE_DIR")]
        cache_dir: Option<PathBuf>,
    },
}

#[derive(Debug, clap::Args)]
struct CheckArgs {
    /// Files and directories to check; directories are searched for `*.md`, honouring .gitignore.
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    /// Resolve related articles and find duplicates against every article under DIR (default:
    /// the config's `root`, else the current directory when the checked paths lie under it,
    /// else the checked paths).
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
    /// Use this config file instead of the nearest `contentlint.toml`.
    #[arg(long, value_name = "FILE", conflicts_with = "isolated")]
    config: Option<PathBuf>,
    /// Ignore every config file.
    #[arg(long)]
    isolated: bool,
    /// Apply the config's `include` to files named on the command line too (`exclude` always
    /// applies), as a pre-commit hook that passes every changed file wants.
    #[arg(long)]
    force_exclude: bool,
    /// Run only these rules (comma-separated).
    #[arg(long, value_name = "RULES", value_delimiter = ',', value_parser = parse_rule)]
    select: Vec<RuleId>,
    /// Do not run these rules (comma-separated).
    #[arg(long, value_name = "RULES", value_delimiter = ',', value_parser = parse_rule)]
    ignore: Vec<RuleId>,
    /// Set a rule's level: `RULE=error|warning|info|off` (repeatable).
    #[arg(long, value_name = "RULE=LEVEL", value_parser = parse_severity)]
    severity: Vec<(RuleId, Level)>,
    /// The path each article is served at, with `{folder}` and `{stem}` (the file name without
    /// `.md`) filled in [default: the config's `url-pattern`, else
    /// `/learn/{folder}/questions/{stem}`].
    #[arg(long, value_name = "PATTERN")]
    url_pattern: Option<String>,
    /// Validate front matter against this JSON Schema (JSON or YAML) instead of the embedded one.
    #[arg(long, value_name = "FILE")]
    schema: Option<PathBuf>,
    /// How to report diagnostics.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// When to use colours in human output (`auto` honours NO_COLOR and whether stdout is a terminal).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    /// Write the report to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    output_file: Option<PathBuf>,
    /// Print how many diagnostics each rule found (and how many are fixable) instead of them.
    #[arg(long)]
    statistics: bool,
    /// Exit 0 even when there are errors (for audits); wins over --deny-warnings.
    #[arg(long)]
    exit_zero: bool,
    /// Exit 1 on warnings too.
    #[arg(long)]
    deny_warnings: bool,
    /// Apply safe fixes, rewriting the files, then report what remains.
    #[arg(long)]
    fix: bool,
    /// With --fix or --diff, apply unsafe fixes too.
    #[arg(long)]
    unsafe_fixes: bool,
    /// Print a unified diff of what --fix would change, and write nothing.
    #[arg(long, conflicts_with = "fix")]
    diff: bool,
    /// Report only diagnostics that are not recorded in this baseline file.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Record the diagnostics found in this baseline file (and exit 0).
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    write_baseline: Option<PathBuf>,
    /// Read and check every file, ignoring and not writing the cache.
    #[arg(long)]
    no_cache: bool,
    /// Keep the cache in DIR [default: `.contentlint_cache` beside the config file, else in
    /// the content root, else in the current directory].
    #[arg(
        long,
        value_name = "DIR",
        env = "CONTENTLINT_CACHE_DIR",
        conflicts_with = "no_cache"
    )]
    cache_dir: Option<PathBuf>,
    /// Say on stderr how long the run took and how much came from the cache.
    #[arg(short, long)]
    verbose: bool,
}

fn parse_rule(name: &str) -> Result<RuleId, String> {
    rules::parse_name(name.trim())
}

fn parse_severity(text: &str) -> Result<(RuleId, Level), String> {
    let (name, level) = text
        .split_once('=')
        .ok_or_else(|| format!("expected RULE=LEVEL, found `{text}`"))?;
    let level = Level::parse(level.trim())
        .ok_or_else(|| format!("`{level}` is not one of error, warning, info, off"))?;
    Ok((parse_rule(name)?, level))
}

/// Parses the command line and runs the command.
pub fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Check(args) => run::check((*args).into()),
        Command::Rules => run::list_rules(),
        Command::Rule { name } => run::explain_rule(name),
        Command::Init => run::init(),
        Command::Clean { cache_dir } => run::clean(cache_dir),
    }
}

impl From<CheckArgs> for CheckRequest {
    fn from(args: CheckArgs) -> Self {
        let fix = match (args.fix, args.diff) {
            (true, _) => Some(FixRequest::Write),
            (_, true) => Some(FixRequest::Diff),
            _ => None,
        };
        let config = match (args.isolated, args.config) {
            (true, _) => ConfigSource::Isolated,
            (false, Some(file)) => ConfigSource::File(file),
            (false, None) => ConfigSource::Nearest,
        };
        let cache = match (args.no_cache, args.cache_dir) {
            (true, _) => CacheLocation::Off,
            (false, Some(dir)) => CacheLocation::Dir(dir),
            (false, None) => CacheLocation::Default,
        };
        Self {
            paths: args.paths,
            root: args.root,
            config,
            choices: RuleChoices {
                select: args.select,
                ignore: args.ignore,
                severity: args.severity,
            },
            url_pattern: args.url_pattern,
            schema: args.schema,
            format: args.format,
            color: args.color,
            output_file: args.output_file,
            statistics: args.statistics,
            exit_zero: args.exit_zero,
            deny_warnings: args.deny_warnings,
            fix,
            unsafe_fixes: args.unsafe_fixes,
            baseline: args.baseline,
            write_baseline: args.write_baseline,
            cache,
            verbose: args.verbose,
            force_exclude: args.force_exclude,
        }
    }
}
