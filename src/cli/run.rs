//! Running the commands once their arguments are parsed: opening the workspace, checking,
//! writing the report, and the exit status (0 clean, 1 problems, 2 usage or internal error).

use std::io::{self, IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

pub use super::output::SortOrder;
use super::output::{self, Format, human};
use super::progress::Bar;
use crate::core::baseline::{self, Baseline};
use crate::core::diagnostic::{Applicability, Severity};
use crate::core::rules::{self, RuleId};
use crate::workspace::config::{self, RuleChoices};
use crate::workspace::{
    CacheLocation, ConfigSource, FixMode, NoProgress, OpenError, Options, Outcome, Progress,
    Workspace, cache, cloudcannon,
};

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

/// What to do with fixes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixRequest {
    /// `--fix`.
    Write,
    /// `--diff`.
    Diff,
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
    /// `--fix` or `--diff`.
    pub fix: Option<FixRequest>,
    /// `--unsafe-fixes`.
    pub unsafe_fixes: bool,
    /// `--baseline`.
    pub baseline: Option<PathBuf>,
    /// `--write-baseline`.
    pub write_baseline: Option<PathBuf>,
    /// `--no-cache`, `--cache-dir`.
    pub cache: CacheLocation,
    /// `--verbose`.
    pub verbose: bool,
    /// `--force-exclude`.
    pub force_exclude: bool,
    /// `--quiet`: diagnostics only.
    pub quiet: bool,
    /// `--silent`: nothing but the exit status.
    pub silent: bool,
    /// `--sort`.
    pub sort: SortOrder,
    /// `--show-files`.
    pub show_files: bool,
    /// `--show-settings`.
    pub show_settings: bool,
    /// `--stdin-filename`.
    pub stdin_filename: Option<PathBuf>,
    /// `--watch`.
    pub watch: bool,
}

/// A run that stops with exit status 2; the message is already on stderr.
pub(super) struct Stop;

/// Prints `message` as an error and stops.
fn stop(message: impl std::fmt::Display) -> Stop {
    eprintln!("error: {message}");
    Stop
}

pub(super) type Status = Result<ExitCode, Stop>;

/// Turns an outcome into an exit status.
fn exit(result: io::Result<Status>) -> ExitCode {
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
pub fn explain_rule(rule: RuleId) -> ExitCode {
    exit(print(&rule.doc()).map(|()| Ok(ExitCode::SUCCESS)))
}

/// `contentlint init`, or `init --from-cloudcannon FILE` (the config is written beside it).
pub fn init(from_cloudcannon: Option<PathBuf>) -> ExitCode {
    let (path, text) = match &from_cloudcannon {
        None => (
            PathBuf::from(config::FILE_NAME),
            config::STARTER.to_string(),
        ),
        Some(file) => match cloudcannon::starter(file) {
            Ok(text) => (
                file.parent()
                    .map_or_else(PathBuf::new, PathBuf::from)
                    .join(config::FILE_NAME),
                text,
            ),
            Err(message) => return exit(Ok(Err(stop(message)))),
        },
    };
    if path.exists() {
        return exit(Ok(Err(stop(format!(
            "`{}` already exists",
            path.display()
        )))));
    }
    // Phrase rules proposed from the articles beside the config.
    let site = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => std::env::current_dir().unwrap_or_default(),
    };
    let text = text + &crate::workspace::proposals::phrases_section(&site);
    exit(std::fs::write(&path, text).map(|()| {
        eprintln!("Wrote {}", path.display());
        Ok(ExitCode::SUCCESS)
    }))
}

/// `contentlint schema infer PATH...`: the schema on stdout, what it rests on on stderr.
pub fn infer_schema(paths: &[PathBuf]) -> ExitCode {
    let cwd = std::env::current_dir().unwrap_or_default();
    let finder = crate::workspace::discover::Paths::new(&cwd);
    let targets = finder.discover(paths, &config::FileFilter::default());
    let mut articles = Vec::new();
    let mut unread = 0;
    for target in &targets {
        let front_matter = std::fs::read_to_string(&target.path).ok().and_then(|text| {
            crate::core::document::Document::parse(&text, &mut Vec::new())
                .and_then(|doc| doc.root.map(|root| root.to_json()))
        });
        match front_matter {
            Some(json) if json.is_object() => articles.push(json),
            _ => unread += 1,
        }
    }
    if articles.is_empty() {
        return exit(Ok(Err(stop(
            "no article with front matter under the given paths: nothing to infer from",
        ))));
    }
    let schema = crate::core::infer::infer(&articles);
    eprintln!(
        "Inferred from {}{}.",
        output::plural(articles.len(), "article", "articles"),
        if unread > 0 {
            format!(
                " ({} without readable front matter left out)",
                output::plural(unread, "file", "files")
            )
        } else {
            String::new()
        }
    );
    let text = serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n";
    exit(print(&text).map(|()| Ok(ExitCode::SUCCESS)))
}

/// `contentlint config-schema`.
pub fn config_schema() -> ExitCode {
    exit(print(&config::json_schema()).map(|()| Ok(ExitCode::SUCCESS)))
}

/// `contentlint man`: the man page, in roff.
pub fn man(command: clap::Command) -> ExitCode {
    let mut page = Vec::new();
    let rendered = clap_mangen::Man::new(command).render(&mut page);
    exit(
        rendered
            .and_then(|()| {
                let mut out = io::stdout().lock();
                out.write_all(&page)?;
                out.flush()
            })
            .map(|()| Ok(ExitCode::SUCCESS)),
    )
}

/// `contentlint clean`.
pub fn clean(cache_dir: Option<PathBuf>) -> ExitCode {
    let cwd = std::env::current_dir().unwrap_or_default();
    let dir = match cache_dir {
        Some(dir) => cwd.join(dir),
        None => config::Config::discover(&cwd)
            .and_then(|f| f.parent().map(|p| p.to_path_buf()))
            .unwrap_or(cwd)
            .join(cache::DIR_NAME),
    };
    exit(match cache::clean(&dir) {
        Ok(true) => {
            eprintln!("Removed {}", dir.display());
            Ok(Ok(ExitCode::SUCCESS))
        }
        Ok(false) => {
            eprintln!("No cache at {}", dir.display());
            Ok(Ok(ExitCode::SUCCESS))
        }
        Err(e) => Ok(Err(stop(format!("cannot remove {}: {e}", dir.display())))),
    })
}

/// `contentlint check`.
pub fn check(request: CheckRequest) -> ExitCode {
    exit(run_check(request))
}

/// Options that cannot go together, or that would be silently ignored.
fn usage_error(request: &CheckRequest) -> Option<String> {
    if request.statistics && !matches!(request.format, Format::Human | Format::Json) {
        return Some(format!(
            "`--statistics` prints a table (or JSON with `--output-format json`), not `--output-format {}`",
            request.format.name()
        ));
    }
    if request.fix == Some(FixRequest::Diff) && request.format != Format::Human {
        return Some(format!(
            "`--diff` prints a unified diff; it cannot be combined with `--output-format {}`",
            request.format.name()
        ));
    }
    if request.unsafe_fixes && request.fix.is_none() {
        return Some("`--unsafe-fixes` needs `--fix` or `--diff`".to_string());
    }
    let stdin = request.paths.iter().any(|p| p.as_os_str() == "-");
    if stdin && request.paths.len() > 1 {
        return Some("`-` (standard input) cannot be combined with other paths".to_string());
    }
    if stdin && request.stdin_filename.is_none() {
        return Some(
            "reading an article from standard input (`-`) needs `--stdin-filename PATH`: rules check its path, folder and url against where it lives"
                .to_string(),
        );
    }
    if !stdin && request.stdin_filename.is_some() {
        return Some(
            "`--stdin-filename` names the article read from `-`; no `-` was given".to_string(),
        );
    }
    if request.watch && (stdin || request.fix.is_some() || request.write_baseline.is_some()) {
        return Some(
            "`--watch` re-checks files as they change; it cannot be combined with `-`, `--fix`, `--diff` or `--write-baseline`"
                .to_string(),
        );
    }
    if stdin && request.fix == Some(FixRequest::Write) {
        return Some(
            "`--fix` cannot rewrite standard input; `--diff` shows what it would change"
                .to_string(),
        );
    }
    None
}

fn run_check(mut request: CheckRequest) -> io::Result<Status> {
    let started = Instant::now();
    if let Some(message) = usage_error(&request) {
        return Ok(Err(stop(message)));
    }
    let mut workspace = match open(&request) {
        Ok(workspace) => workspace,
        Err(stop) => return Ok(Err(stop)),
    };
    if let Some(path) = request.stdin_filename.clone() {
        // The text stands in for the file at that path, in the check and in the index.
        let mut text = String::new();
        if let Err(e) = io::stdin().read_to_string(&mut text) {
            return Ok(Err(stop(format!(
                "cannot read standard input as UTF-8 text: {e}"
            ))));
        }
        let canonical = workspace.paths().canonical(&path);
        workspace.set_overlay(&canonical, Some(Arc::from(text)));
        request.paths = vec![path];
    }
    if request.show_files {
        let mut out = io::BufWriter::new(io::stdout().lock());
        for file in workspace.files(&request.paths) {
            writeln!(out, "{}", file.display())?;
        }
        out.flush()?;
        return Ok(Ok(ExitCode::SUCCESS));
    }
    if request.show_settings {
        let path = request.paths.first().cloned().unwrap_or_default();
        print(&workspace.describe(&path))?;
        return Ok(Ok(ExitCode::SUCCESS));
    }
    if request.verbose {
        eprintln!(
            "Opened the workspace and the cache in {:.0?}.",
            started.elapsed()
        );
    }
    if let Some(path) = &request.baseline {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) => {
                return Ok(Err(stop(format!(
                    "cannot read the baseline `{}`: {e}",
                    path.display()
                ))));
            }
        };
        match Baseline::from_json(&text) {
            Ok(baseline) => workspace.set_baseline(Some(baseline)),
            Err(e) => {
                return Ok(Err(stop(format!(
                    "`{}` is not a contentlint baseline: {e}",
                    path.display()
                ))));
            }
        }
    }
    // A progress bar, for a person watching a long human-readable run.
    let watched = matches!(request.format, Format::Human | Format::Concise)
        && !request.statistics
        && request.fix != Some(FixRequest::Diff)
        && io::stderr().is_terminal();
    let bar = Bar::stderr(watched, !(request.quiet || request.silent));
    let progress: &dyn Progress = &bar;
    let allowed = if request.unsafe_fixes {
        Applicability::Unsafe
    } else {
        Applicability::Safe
    };

    if let Some(path) = &request.write_baseline {
        let mut recorder = output::BaselineRecorder::default();
        let outcome = workspace.check(&request.paths, &mut recorder, progress)?;
        notices(&mut workspace, &request);
        std::fs::write(path, baseline::to_json(recorder.fingerprints))?;
        no_files_warning(&outcome, &request);
        eprintln!(
            "Recorded {} in {}.",
            output::plural(outcome.totals.diagnostics(), "diagnostic", "diagnostics"),
            path.display()
        );
        return Ok(Ok(ExitCode::SUCCESS));
    }

    let outcome = if request.fix == Some(FixRequest::Diff) {
        let mut nothing = output::Discard;
        let outcome = workspace.fix(
            &request.paths,
            allowed,
            FixMode::Diff,
            &mut nothing,
            progress,
        )?;
        notices(&mut workspace, &request);
        let code = print_diffs(&outcome)?;
        verbose(&request, &outcome, started);
        return Ok(Ok(code));
    } else if request.watch {
        return super::watch::run(&request, workspace, |workspace| {
            report(&request, workspace, allowed, &NoProgress)
        });
    } else {
        report(&request, &mut workspace, allowed, progress)?
    };
    notices(&mut workspace, &request);
    no_files_warning(&outcome, &request);
    verbose(&request, &outcome, started);
    let totals = &outcome.totals;
    let failing = totals.count(Severity::Error) > 0
        || (request.deny_warnings && totals.count(Severity::Warning) > 0);
    Ok(Ok(if failing && !request.exit_zero {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }))
}

/// Checks (or fixes) the request's paths and writes the report where the request says.
fn report(
    request: &CheckRequest,
    workspace: &mut Workspace,
    allowed: Applicability,
    progress: &dyn Progress,
) -> io::Result<Outcome> {
    let to_terminal = request.output_file.is_none() && io::stdout().is_terminal();
    let style = human::Style {
        color: match request.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => to_terminal && no_color_unset(),
        },
        width: report_width(to_terminal),
        summary: !request.quiet,
        sort: request.sort,
    };
    let out: Box<dyn Write> = match &request.output_file {
        _ if request.silent => Box::new(io::sink()),
        Some(path) => Box::new(io::BufWriter::new(std::fs::File::create(path)?)),
        None => Box::new(io::BufWriter::new(io::stdout().lock())),
    };
    let context = || audit_context(request, workspace);
    let mut sink = output::sink(request.format, request.statistics, style, context, out);
    match request.fix {
        Some(_) => workspace.fix(
            &request.paths,
            allowed,
            FixMode::Write,
            &mut *sink,
            progress,
        ),
        None => workspace.check(&request.paths, &mut *sink, progress),
    }
}

/// What the HTML audit page says about the run.
fn audit_context(request: &CheckRequest, workspace: &Workspace) -> output::html::Context {
    let paths = workspace.paths();
    let config = workspace.config();
    let schema = match &request.schema {
        Some(path) => format!("{} (--schema)", path.display()),
        None => "the embedded article schema (schemas/article.schema.json)".to_string(),
    };
    let associations = config.schema_fingerprints().len();
    let schema = if associations > 0 {
        format!(
            "{schema}, and {} from the configuration",
            output::plural(associations, "schema association", "schema associations")
        )
    } else {
        schema
    };
    output::html::Context {
        command: std::env::args()
            .map(|a| {
                if a.contains(char::is_whitespace) {
                    format!("{a:?}")
                } else {
                    a
                }
            })
            .collect::<Vec<_>>()
            .join(" "),
        config: config
            .file
            .as_ref()
            .map(|f| paths.display(f).display().to_string()),
        schema,
        root: workspace
            .content_root_of(&request.paths)
            .map(|r| paths.display(&r).display().to_string()),
        date: output::html::utc_now(),
    }
}

/// Opens the workspace the request describes; a broken config is reported on stderr.
pub(super) fn open(request: &CheckRequest) -> Result<Workspace, Stop> {
    let options = Options {
        cwd: std::env::current_dir().map_err(|e| stop(format!("no current directory: {e}")))?,
        config: request.config.clone(),
        choices: request.choices.clone(),
        url_pattern: request.url_pattern.clone(),
        schema: request.schema.clone(),
        root: request.root.clone(),
        cache: request.cache.clone(),
        force_exclude: request.force_exclude,
    };
    Workspace::open(options).map_err(|error| match error {
        OpenError::Config(error) => {
            let color = io::stderr().is_terminal() && no_color_unset();
            let _ = human::write_config_error(&error, color, &mut io::stderr().lock());
            Stop
        }
        OpenError::Other(message) => stop(message),
    })
}

fn notices(workspace: &mut Workspace, request: &CheckRequest) {
    let notices = workspace.take_notices();
    if request.quiet || request.silent {
        return;
    }
    for notice in notices {
        eprintln!("notice: {notice}");
    }
}

fn no_files_warning(outcome: &Outcome, request: &CheckRequest) {
    if outcome.totals.files_checked == 0 && !request.quiet && !request.silent {
        eprintln!(
            "warning: no files to check under the given paths (Markdown files, after the config's include and exclude)"
        );
    }
}

/// `--verbose`: how long the run took and what came from the cache.
fn verbose(request: &CheckRequest, outcome: &Outcome, started: Instant) {
    if !request.verbose {
        return;
    }
    eprintln!(
        "Checked {} in {:.0?}: {} read and checked, {} from the cache; {} summaries read for the index.",
        output::plural(outcome.totals.files_checked, "file", "files"),
        started.elapsed(),
        outcome.rechecked,
        outcome
            .totals
            .files_checked
            .saturating_sub(outcome.rechecked),
        outcome.summarized,
    );
    let steps: Vec<String> = outcome
        .timings
        .iter()
        .map(|(step, time)| format!("{step} {time:.0?}"))
        .collect();
    if !steps.is_empty() {
        eprintln!("Steps: {}.", steps.join(", "));
    }
}

/// The width human reports wrap at: the terminal's, else `COLUMNS`, else 100 (reads well
/// in logs).
fn report_width(to_terminal: bool) -> usize {
    let terminal = terminal_size::terminal_size()
        .filter(|_| to_terminal)
        .map(|(terminal_size::Width(w), _)| usize::from(w));
    let columns = || {
        std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.trim().parse::<usize>().ok())
            .filter(|&c| c > 0)
    };
    terminal.or_else(columns).unwrap_or(100).max(40)
}

fn no_color_unset() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// `--diff`: the diffs on stdout, a count on stderr; exit 1 when anything would change.
fn print_diffs(outcome: &Outcome) -> io::Result<ExitCode> {
    let mut out = io::BufWriter::new(io::stdout().lock());
    for diff in &outcome.diffs {
        out.write_all(diff.as_bytes())?;
    }
    out.flush()?;
    let fixed = outcome.totals.fixed;
    if fixed.files == 0 {
        eprintln!("No fixes available.");
        return Ok(ExitCode::SUCCESS);
    }
    eprintln!("{}", output::fixed_sentence(&fixed, true));
    Ok(ExitCode::FAILURE)
}

fn print(text: &str) -> io::Result<()> {
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()
}
