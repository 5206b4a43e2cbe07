//! The `contentlint` command line: argument definitions, and the calls into the library.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use contentlint::config::Settings;
use contentlint::diagnostic::Severity;
use contentlint::fix::Applicability;
use contentlint::lint::FixMode;
use contentlint::output::{human, json};
use contentlint::schema::Schema;
use contentlint::{Options, Report, lint, rules};

/// A fast linter and schema validator for Markdown articles with YAML front matter.
// Parsing thousands of files allocates many small nodes; mimalloc does that faster than the
// system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Debug, Parser)]
#[command(version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check articles: every `*.md` file under the given paths (default: the current directory).
    Check(CheckArgs),
    /// List every rule with its default severity and summary.
    Rules,
    /// Print a rule's documentation.
    Rule {
        /// The rule's name, as `contentlint rules` lists it.
        name: String,
    },
}

#[derive(Debug, clap::Args)]
struct CheckArgs {
    /// Files and directories to check; directories are searched for `*.md`, honouring .gitignore.
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    /// Resolve related articles and find duplicates against every article under DIR (default:
    /// the current directory when the checked paths lie under it, else the checked paths).
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
    /// The path each article is served at, with `{folder}` and `{stem}` (the file name without
    /// `.md`) filled in.
    #[arg(long, value_name = "PATTERN", default_value = contentlint::config::DEFAULT_URL_PATTERN)]
    url_pattern: String,
    /// Validate front matter against this JSON Schema (JSON or YAML) instead of the embedded one.
    #[arg(long, value_name = "FILE")]
    schema: Option<PathBuf>,
    /// How to report diagnostics.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Apply safe fixes, rewriting the files, then report what remains.
    #[arg(long)]
    fix: bool,
    /// With --fix or --diff, apply unsafe fixes too.
    #[arg(long)]
    unsafe_fixes: bool,
    /// Print a unified diff of what --fix would change, and write nothing.
    #[arg(long, conflicts_with = "fix")]
    diff: bool,
    /// When to use colours in human output (`auto` honours NO_COLOR and whether stdout is a terminal).
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    /// rustc-style reports with source excerpts, then a summary line.
    Human,
    /// One JSON document (see the README for its fields).
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check(args) => check(args),
        Command::Rules => print(&rules::table()).map(|()| ExitCode::SUCCESS),
        Command::Rule { name } => match rules::lookup(&name) {
            Some(rule) => print(&rule.doc()).map(|()| ExitCode::SUCCESS),
            None => {
                eprintln!("error: no rule named `{name}`; `contentlint rules` lists them");
                return ExitCode::from(2);
            }
        },
    };
    match result {
        Ok(code) => code,
        // The reader went away (`| head`): nothing more to say.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn check(args: CheckArgs) -> io::Result<ExitCode> {
    if let Some(root) = &args.root
        && !root.exists()
    {
        eprintln!(
            "error: the content root `{}` does not exist",
            root.display()
        );
        return Ok(ExitCode::from(2));
    }
    let schema = match &args.schema {
        Some(path) => match Schema::load(path) {
            Ok(schema) => schema,
            Err(e) => {
                eprintln!("error: {e}");
                return Ok(ExitCode::from(2));
            }
        },
        None => Schema::embedded(),
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
    let report = lint(&Options {
        paths: args.paths,
        schema,
        fix,
        root: args.root,
        settings: Settings {
            url_pattern: args.url_pattern,
        },
    });
    if args.diff {
        return print_diffs(&report);
    }
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    match args.format {
        Format::Human => {
            let color = match args.color {
                Color::Always => true,
                Color::Never => false,
                Color::Auto => {
                    io::stdout().is_terminal()
                        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                }
            };
            // Wrap messages to the terminal, or to a width that reads well in logs.
            let width = terminal_size::terminal_size()
                .map_or(100, |(terminal_size::Width(w), _)| usize::from(w).max(40));
            human::write(&report, human::Style { color, width }, &mut out)?;
        }
        Format::Json => json::write(&report, &mut out)?,
    }
    out.flush()?;
    Ok(if report.count(Severity::Error) > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
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
