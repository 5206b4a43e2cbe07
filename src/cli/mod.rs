//! The command line: argument definitions, running the commands, and the output formats.

pub mod output;
pub mod progress;
pub mod run;
mod watch;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};

use crate::core::rules::{self, RuleId};
use crate::core::settings::Level;
use crate::workspace::config::RuleChoices;
use crate::workspace::{CacheLocation, ConfigSource};
use output::Format;
use run::{CheckRequest, ColorChoice, FixRequest, SortOrder};

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
    Init {
        /// Write it from a CloudCannon configuration instead: one schema association per
        /// collection, schema templates excluded, the url pattern the articles follow.
        #[arg(long, value_name = "FILE", num_args = 0..=1, default_missing_value = "cloudcannon.config.yml")]
        from_cloudcannon: Option<PathBuf>,
    },
    /// JSON Schemas for articles.
    #[command(subcommand)]
    Schema(SchemaCommand),
    /// Print the JSON Schema of `contentlint.toml` (for editors: Taplo, Even Better TOML).
    ConfigSchema,
    /// Print a shell completion script: `contentlint completions bash > ...`.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), made from these definitions.
    Man,
    /// Run the language server (LSP over stdin and stdout), for editors.
    Server,
    /// Remove the cache (`.contentlint_cache`) of the project in the current directory.
    Clean {
        /// The cache folder to remove [default: the one `check` would use from here].
        #[arg(long, value_name = "DIR", env = "CONTENTLINT_CACHE_DIR")]
        cache_dir: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
enum SchemaCommand {
    /// Print a JSON Schema inferred from existing articles: the keys every file has are
    /// required, with their types, formats and small sets of values.
    Infer {
        /// Files and directories to learn from (`*.md` under directories).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
}

#[derive(Debug, clap::Args)]
struct CheckArgs {
    /// Files and directories to check; directories are searched for `*.md`, honouring
    /// .gitignore. `-` reads one article from standard input (see --stdin-filename).
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    /// Where the article read from standard input lives: rules that look at the path use it,
    /// and it stands in for that file in the index.
    #[arg(long, value_name = "PATH")]
    stdin_filename: Option<PathBuf>,
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
    #[arg(
        long = "output-format",
        visible_alias = "format",
        value_name = "FORMAT",
        value_enum,
        env = "CONTENTLINT_OUTPUT_FORMAT",
        default_value_t = Format::Human
    )]
    format: Format,
    /// Print diagnostics only: no summary, no notices.
    #[arg(short, long, conflicts_with = "silent")]
    quiet: bool,
    /// Print nothing: the exit status alone says whether the check passed.
    #[arg(short, long)]
    silent: bool,
    /// Report only diagnostics this severe or worse (`error` shows errors only); the others
    /// are not checked and do not count.
    #[arg(long, value_name = "LEVEL", value_enum)]
    min_severity: Option<MinSeverity>,
    /// The order of the human report: `severity` (errors first, then warnings, each by
    /// path), `path`, or `rule`.
    #[arg(long, value_enum, default_value_t = SortOrder::Severity)]
    sort: SortOrder,
    /// When to use colours in human output (`auto` honours NO_COLOR and whether stdout is a terminal).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    /// Write the report to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output_file: Option<PathBuf>,
    /// Print the files that would be checked (after include and exclude), and check nothing.
    #[arg(long, conflicts_with = "show_settings")]
    show_files: bool,
    /// Print the settings that apply to the first path given, with where each comes from,
    /// and check nothing.
    #[arg(long)]
    show_settings: bool,
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
    /// Check again whenever an article, the config or a schema under the content root
    /// changes, clearing the screen between reports; Ctrl-C stops.
    #[arg(short, long)]
    watch: bool,
}

/// `--min-severity`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum MinSeverity {
    Error,
    Warning,
    Info,
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
        Command::Init { from_cloudcannon } => run::init(from_cloudcannon),
        Command::Schema(SchemaCommand::Infer { paths }) => run::infer_schema(&paths),
        Command::ConfigSchema => run::config_schema(),
        Command::Completions { shell } => {
            clap_complete::generate(
                shell,
                &mut Cli::command(),
                "contentlint",
                &mut std::io::stdout(),
            );
            ExitCode::SUCCESS
        }
        Command::Man => run::man(Cli::command()),
        Command::Server => crate::server::run(),
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
                min_severity: args.min_severity.map(|m| match m {
                    MinSeverity::Error => crate::core::diagnostic::Severity::Error,
                    MinSeverity::Warning => crate::core::diagnostic::Severity::Warning,
                    MinSeverity::Info => crate::core::diagnostic::Severity::Info,
                }),
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
            quiet: args.quiet,
            silent: args.silent,
            sort: args.sort,
            show_files: args.show_files,
            show_settings: args.show_settings,
            stdin_filename: args.stdin_filename,
            watch: args.watch,
        }
    }
}
