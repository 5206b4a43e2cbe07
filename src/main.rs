//! The `contentlint` command line: argument definitions, and the calls into the library.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use contentlint::baseline::{self, Baseline};
use contentlint::config::{self, Config, Level, RuleChoices};
use contentlint::diagnostic::Severity;
use contentlint::discover::display_path;
use contentlint::fix::Applicability;
use contentlint::lint::{FixMode, Progress};
use contentlint::output::{self, human, statistics};
use contentlint::schema::Schema;
use contentlint::{Options, Report, lint, rules};

// Parsing thousands of files allocates many small nodes; mimalloc does that faster than the
// system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A fast linter and schema validator for Markdown articles with YAML front matter.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Cli {
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
        name: String,
    },
    /// Write a commented starter `contentlint.toml` in the current directory.
    Init,
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
    /// Run only these rules (comma-separated).
    #[arg(long, value_name = "RULES", value_delimiter = ',', value_parser = parse_rule)]
    select: Vec<&'static rules::Rule>,
    /// Do not run these rules (comma-separated).
    #[arg(long, value_name = "RULES", value_delimiter = ',', value_parser = parse_rule)]
    ignore: Vec<&'static rules::Rule>,
    /// Set a rule's level: `RULE=error|warning|info|off` (repeatable).
    #[arg(long, value_name = "RULE=LEVEL", value_parser = parse_severity)]
    severity: Vec<(&'static rules::Rule, Level)>,
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
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,
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
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    /// rustc-style reports with source excerpts, then a summary line.
    Human,
    /// One line per diagnostic: `path:line:col: severity[rule] message`.
    Concise,
    /// One JSON document (see the README for its fields).
    Json,
    /// One JSON object per diagnostic, one per line.
    JsonLines,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// SARIF 2.1.0, for code-scanning services.
    Sarif,
    /// JUnit XML: a test case per checked file.
    Junit,
    /// A Markdown summary (for `$GITHUB_STEP_SUMMARY` or a pull request comment).
    Markdown,
}

impl From<Format> for output::Format {
    fn from(format: Format) -> Self {
        match format {
            Format::Human => output::Format::Human,
            Format::Concise => output::Format::Concise,
            Format::Json => output::Format::Json,
            Format::JsonLines => output::Format::JsonLines,
            Format::Github => output::Format::Github,
            Format::Sarif => output::Format::Sarif,
            Format::Junit => output::Format::Junit,
            Format::Markdown => output::Format::Markdown,
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

fn parse_rule(name: &str) -> Result<&'static rules::Rule, String> {
    rules::lookup(name.trim())
        .ok_or_else(|| format!("no rule named `{name}`; `contentlint rules` lists them"))
}

fn parse_severity(text: &str) -> Result<(&'static rules::Rule, Level), String> {
    let (name, level) = text
        .split_once('=')
        .ok_or_else(|| format!("expected RULE=LEVEL, found `{text}`"))?;
    let level = Level::parse(level.trim())
        .ok_or_else(|| format!("`{level}` is not one of error, warning, info, off"))?;
    Ok((parse_rule(name)?, level))
}

/// Why a run stopped before it could report: exit status 2, with a message already printed.
struct Stop;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check(args) => check(*args),
        Command::Rules => print(&rules::table()).map(|()| Ok(ExitCode::SUCCESS)),
        Command::Rule { name } => match rules::lookup(&name) {
            Some(rule) => print(&rule.doc()).map(|()| Ok(ExitCode::SUCCESS)),
            None => {
                eprintln!("error: no rule named `{name}`; `contentlint rules` lists them");
                Ok(Err(Stop))
            }
        },
        Command::Init => init(),
    };
    match result {
        Ok(Ok(code)) => code,
        Ok(Err(Stop)) => ExitCode::from(2),
        // The reader went away (`| head`): nothing more to say.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn init() -> io::Result<Result<ExitCode, Stop>> {
    let path = PathBuf::from(config::FILE_NAME);
    if path.exists() {
        eprintln!("error: `{}` already exists", path.display());
        return Ok(Err(Stop));
    }
    std::fs::write(&path, config::STARTER)?;
    eprintln!("Wrote {}", path.display());
    Ok(Ok(ExitCode::SUCCESS))
}

/// Reads the config the arguments call for; a broken one is reported on stderr.
fn load_config(args: &CheckArgs) -> Result<Config, Stop> {
    let file = if args.isolated {
        None
    } else if let Some(file) = &args.config {
        Some(file.clone())
    } else {
        std::env::current_dir()
            .ok()
            .and_then(|cwd| Config::discover(&cwd).map(|found| display_path(&found, Some(&cwd))))
    };
    let mut config = match file {
        Some(file) => Config::load(&file).map_err(|error| {
            let mut err = io::stderr().lock();
            let _ = output::human::write_config_error(&error, stderr_color(), &mut err);
            Stop
        })?,
        None => Config::default(),
    };
    config.choices = RuleChoices {
        select: args.select.clone(),
        ignore: args.ignore.clone(),
        severity: args.severity.clone(),
    };
    if let Some(pattern) = &args.url_pattern {
        config.settings.url_pattern = pattern.clone();
    }
    Ok(config)
}

fn stderr_color() -> bool {
    io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

fn check(args: CheckArgs) -> io::Result<Result<ExitCode, Stop>> {
    let config = match load_config(&args) {
        Ok(config) => config,
        Err(stop) => return Ok(Err(stop)),
    };
    let root = args.root.clone().or_else(|| config.root.clone());
    if let Some(root) = &root
        && !root.exists()
    {
        eprintln!(
            "error: the content root `{}` does not exist",
            root.display()
        );
        return Ok(Err(Stop));
    }
    let schema = match &args.schema {
        Some(path) => match Schema::load(path) {
            Ok(schema) => schema,
            Err(e) => {
                eprintln!("error: {e}");
                return Ok(Err(Stop));
            }
        },
        None => Schema::embedded(),
    };
    let baseline = match &args.baseline {
        Some(path) => match Baseline::load(path) {
            Ok(baseline) => Some(baseline),
            Err(e) => {
                eprintln!("error: {e}");
                return Ok(Err(Stop));
            }
        },
        None => None,
    };
    let applicability = if args.unsafe_fixes {
        Applicability::Unsafe
    } else {
        Applicability::Safe
    };
    let fix = if args.diff {
        FixMode::Diff(applicability)
    } else if args.fix {
        FixMode::Apply(applicability)
    } else {
        FixMode::Off
    };
    // A progress bar, for a person watching a long human-readable run.
    let progress = (matches!(args.format, Format::Human | Format::Concise)
        && !args.statistics
        && io::stderr().is_terminal())
    .then(Progress::stderr);
    let mut report = lint(&Options {
        paths: args.paths,
        schema,
        fix,
        root,
        config,
        progress,
    });
    if let Some(path) = &args.write_baseline {
        baseline::write(&report, path)?;
        let n = report.diagnostics().count();
        eprintln!(
            "Recorded {n} diagnostic{} in {}.",
            if n == 1 { "" } else { "s" },
            path.display()
        );
        return Ok(Ok(ExitCode::SUCCESS));
    }
    if let Some(baseline) = &baseline {
        baseline.filter(&mut report);
    }
    if args.diff {
        return print_diffs(&report).map(Ok);
    }
    let to_terminal = args.output_file.is_none() && io::stdout().is_terminal();
    let style = human::Style {
        color: match args.color {
            Color::Always => true,
            Color::Never => false,
            Color::Auto => to_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        },
        // Wrap messages to the terminal, or to a width that reads well in logs.
        width: terminal_size::terminal_size()
            .filter(|_| to_terminal)
            .map_or(100, |(terminal_size::Width(w), _)| usize::from(w).max(40)),
    };
    let mut out: Box<dyn Write> = match &args.output_file {
        Some(path) => Box::new(io::BufWriter::new(std::fs::File::create(path)?)),
        None => Box::new(io::BufWriter::new(io::stdout().lock())),
    };
    match (args.statistics, args.format) {
        (true, Format::Json | Format::JsonLines) => statistics::write_json(&report, &mut out)?,
        (true, _) => statistics::write(&report, &mut out)?,
        (false, format) => output::write(&report, format.into(), style, &mut out)?,
    }
    out.flush()?;
    let failing = report.count(Severity::Error) > 0
        || (args.deny_warnings && report.count(Severity::Warning) > 0);
    Ok(Ok(if failing && !args.exit_zero {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }))
}

/// `--diff`: the diffs on stdout, a count on stderr; exit 1 when anything would change.
fn print_diffs(report: &Report) -> io::Result<ExitCode> {
    let mut out = io::BufWriter::new(io::stdout().lock());
    for diff in report.files.iter().filter_map(|f| f.diff.as_deref()) {
        out.write_all(diff.as_bytes())?;
    }
    out.flush()?;
    let (fixes, files) = report.fixed();
    if fixes == 0 {
        eprintln!("No fixes available.");
        return Ok(ExitCode::SUCCESS);
    }
    eprintln!(
        "Would fix {fixes} problem{} in {files} file{}.",
        if fixes == 1 { "" } else { "s" },
        if files == 1 { "" } else { "s" }
    );
    Ok(ExitCode::FAILURE)
}

fn print(text: &str) -> io::Result<()> {
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()
}
