//! Running the commands once their arguments are parsed: reading the configuration, linting,
//! writing the report, and the exit status (0 clean, 1 problems, 2 usage or internal error).

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use crate::baseline::{self, Baseline};
use crate::config::{self, Config, RuleChoices};
use crate::diagnostic::Severity;
use crate::discover::display_path;
use crate::lint::{FixMode, Options, lint};
use crate::output::{self, Format, human, statistics};
use crate::progress::Progress;
use crate::report::Report;
use crate::rules;
use crate::schema::Schema;

/// Which config file to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigSource {
    /// The nearest `contentlint.toml` above the current directory.
    Nearest,
    /// This file.
    File(PathBuf),
    /// None.
    Isolated,
}

/// When the human report uses colours (`--color`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// When stdout is a terminal and `NO_COLOR` is unset.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Everything `contentlint check` was asked to do.
#[derive(Debug)]
pub struct CheckRequest {
    /// Files and directories to check.
    pub paths: Vec<PathBuf>,
    /// `--root`.
    pub root: Option<PathBuf>,
    /// Which config file to read.
    pub config: ConfigSource,
    /// `--select`, `--ignore`, `--severity`.
    pub choices: RuleChoices,
    /// `--url-pattern`.
    pub url_pattern: Option<String>,
    /// `--schema`.
    pub schema: Option<PathBuf>,
    /// `--format`.
    pub format: Format,
    /// `--color`.
    pub color: ColorChoice,
    /// `--output-file`.
    pub output_file: Option<PathBuf>,
    /// `--statistics`.
    pub statistics: bool,
    /// `--exit-zero`.
    pub exit_zero: bool,
    /// `--deny-warnings`.
    pub deny_warnings: bool,
    /// `--fix`, `--diff`, `--unsafe-fixes`.
    pub fix: FixMode,
    /// `--baseline`.
    pub baseline: Option<PathBuf>,
    /// `--write-baseline`.
    pub write_baseline: Option<PathBuf>,
}

/// A run that stops with exit status 2; the message is already on stderr.
struct Stop;

/// Prints `message` as an error and stops.
fn stop(message: impl std::fmt::Display) -> Stop {
    eprintln!("error: {message}");
    Stop
}

type Outcome = Result<ExitCode, Stop>;

/// Turns an outcome into an exit status.
fn exit(result: io::Result<Outcome>) -> ExitCode {
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

/// `contentlint rules`.
pub fn list_rules() -> ExitCode {
    exit(print(&rules::table()).map(|()| Ok(ExitCode::SUCCESS)))
}

/// `contentlint rule NAME`.
pub fn explain_rule(name: &str) -> ExitCode {
    exit(match rules::lookup(name) {
        Some(rule) => print(&rule.doc()).map(|()| Ok(ExitCode::SUCCESS)),
        None => Ok(Err(stop(format!(
            "no rule named `{name}`; `contentlint rules` lists them"
        )))),
    })
}

/// `contentlint init`.
pub fn init() -> ExitCode {
    let path = PathBuf::from(config::FILE_NAME);
    if path.exists() {
        return exit(Ok(Err(stop(format!(
            "`{}` already exists",
            path.display()
        )))));
    }
    exit(std::fs::write(&path, config::STARTER).map(|()| {
        eprintln!("Wrote {}", path.display());
        Ok(ExitCode::SUCCESS)
    }))
}

/// `contentlint check`.
pub fn check(request: CheckRequest) -> ExitCode {
    exit(run_check(request))
}

fn run_check(request: CheckRequest) -> io::Result<Outcome> {
    let config = match load_config(&request) {
        Ok(config) => config,
        Err(stop) => return Ok(Err(stop)),
    };
    let root = request.root.clone().or_else(|| config.root.clone());
    if let Some(root) = &root
        && !root.exists()
    {
        let message = format!("the content root `{}` does not exist", root.display());
        return Ok(Err(stop(message)));
    }
    let schema = match &request.schema {
        Some(path) => match Schema::load(path) {
            Ok(schema) => schema,
            Err(e) => return Ok(Err(stop(e))),
        },
        None => Schema::embedded(),
    };
    let baseline = match &request.baseline {
        Some(path) => match Baseline::load(path) {
            Ok(baseline) => Some(baseline),
            Err(e) => return Ok(Err(stop(e))),
        },
        None => None,
    };
    // A progress bar, for a person watching a long human-readable run.
    let watched = matches!(request.format, Format::Human | Format::Concise)
        && !request.statistics
        && io::stderr().is_terminal();
    let progress = if watched {
        Progress::stderr()
    } else {
        Progress::default()
    };
    let mut report = lint(&Options {
        paths: request.paths.clone(),
        schema,
        fix: request.fix,
        root,
        config,
        progress,
    });
    if report.files_checked == 0 {
        eprintln!("warning: no Markdown files found under the given paths");
    }
    if let Some(path) = &request.write_baseline {
        baseline::write(&report, path)?;
        let n = report.diagnostics().count();
        eprintln!(
            "Recorded {} in {}.",
            output::plural(n, "diagnostic", "diagnostics"),
            path.display()
        );
        return Ok(Ok(ExitCode::SUCCESS));
    }
    if let Some(baseline) = &baseline {
        baseline.filter(&mut report);
    }
    if matches!(request.fix, FixMode::Diff(_)) {
        return print_diffs(&report).map(Ok);
    }
    write_report(&report, &request)?;
    let failing = report.count(Severity::Error) > 0
        || (request.deny_warnings && report.count(Severity::Warning) > 0);
    Ok(Ok(if failing && !request.exit_zero {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }))
}

/// Reads the config the request calls for; a broken one is reported on stderr.
fn load_config(request: &CheckRequest) -> Result<Config, Stop> {
    let file = match &request.config {
        ConfigSource::Isolated => None,
        ConfigSource::File(file) => Some(file.clone()),
        ConfigSource::Nearest => std::env::current_dir()
            .ok()
            .and_then(|cwd| Config::discover(&cwd).map(|found| display_path(&found, Some(&cwd)))),
    };
    let mut config = match file {
        Some(file) => Config::load(&file).map_err(|error| {
            let color = io::stderr().is_terminal() && no_color_unset();
            let _ = human::write_config_error(&error, color, &mut io::stderr().lock());
            Stop
        })?,
        None => Config::default(),
    };
    config.choices = request.choices.clone();
    if let Some(pattern) = &request.url_pattern {
        config.settings.url_pattern = pattern.clone();
    }
    Ok(config)
}

fn no_color_unset() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Writes the report in the requested format, to stdout or `--output-file`.
fn write_report(report: &Report, request: &CheckRequest) -> io::Result<()> {
    let to_terminal = request.output_file.is_none() && io::stdout().is_terminal();
    let style = human::Style {
        color: match request.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => to_terminal && no_color_unset(),
        },
        // Wrap messages to the terminal, or to a width that reads well in logs.
        width: terminal_size::terminal_size()
            .filter(|_| to_terminal)
            .map_or(100, |(terminal_size::Width(w), _)| usize::from(w).max(40)),
    };
    let mut out: Box<dyn Write> = match &request.output_file {
        Some(path) => Box::new(io::BufWriter::new(std::fs::File::create(path)?)),
        None => Box::new(io::BufWriter::new(io::stdout().lock())),
    };
    match (request.statistics, request.format) {
        (true, Format::Json | Format::JsonLines) => statistics::write_json(report, &mut out)?,
        (true, _) => statistics::write(report, &mut out)?,
        (false, format) => output::write(report, format, style, &mut out)?,
    }
    out.flush()
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
        "Would fix {} in {}.",
        output::plural(fixes, "problem", "problems"),
        output::plural(files, "file", "files")
    );
    Ok(ExitCode::FAILURE)
}

fn print(text: &str) -> io::Result<()> {
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()
}
