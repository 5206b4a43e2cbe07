//! Report formats. Line-oriented formats (json, json-lines, concise, github) are written as the
//! results arrive, so a run over a huge site holds no report in memory; the others collect the
//! [`Report`] and write it at the end.

pub mod chart;
pub mod concise;
pub mod excerpt;
pub mod github;
pub mod html;
pub mod human;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod sarif;
pub mod statistics;

use std::io::{self, Write};
use std::path::Path;
use std::sync::Arc;

use crate::core::baseline::{self, Fingerprint};
use crate::core::report::{FileResult, Fixed, Report, Totals};
use crate::workspace::Sink;

/// The order of the human report (`--sort`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SortOrder {
    /// Errors first, then warnings, then information; each by path, then position.
    Severity,
    /// By path, then position.
    Path,
    /// By rule (in the order `contentlint rules` lists them), then path.
    Rule,
}

/// The report formats (`--output-format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Reports with the source excerpt underlined, as rustc writes them, then a summary.
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
    /// One self-contained HTML page for auditing a whole site: overview, charts, and every
    /// diagnostic in a table to filter (write it with `-o audit.html`).
    Html,
}

impl Format {
    /// The name `--format` takes.
    pub fn name(self) -> &'static str {
        match self {
            Format::Human => "human",
            Format::Concise => "concise",
            Format::Json => "json",
            Format::JsonLines => "json-lines",
            Format::Github => "github",
            Format::Sarif => "sarif",
            Format::Junit => "junit",
            Format::Markdown => "markdown",
            Format::Html => "html",
        }
    }
}

/// The sink that writes `format` (or the statistics) to `out`; `context` describes the run
/// (for the HTML page).
pub fn sink<'a>(
    format: Format,
    statistics: bool,
    style: human::Style,
    context: impl FnOnce() -> html::Context,
    out: Box<dyn Write + 'a>,
) -> Box<dyn Sink + 'a> {
    if statistics {
        return Box::new(Collected::new(out, move |report, out| {
            if format == Format::Json {
                statistics::write_json(report, out)
            } else {
                statistics::write(report, out)
            }
        }));
    }
    match format {
        Format::Json => Box::new(json::JsonSink::new(out)),
        Format::JsonLines => Box::new(Lines::new(out, json::write_lines, |_, _| Ok(()))),
        Format::Concise if !style.summary => {
            Box::new(Lines::new(out, concise::write, |_, _| Ok(())))
        }
        Format::Concise => Box::new(Lines::new(out, concise::write, concise::write_summary)),
        Format::Github => Box::new(Lines::new(out, github::write, |_, _| Ok(()))),
        Format::Human => Box::new(
            Collected::new(out, move |report, out| human::write(report, style, out)).with_sources(),
        ),
        Format::Sarif => Box::new(Collected::new(out, sarif::write)),
        Format::Junit => Box::new(Collected::new(out, junit::write)),
        Format::Markdown => Box::new(Collected::new(out, markdown::write)),
        Format::Html => Box::new(html::HtmlSink::new(out, context())),
    }
}

type Writer<'a> = Box<dyn Fn(&Report, &mut dyn Write) -> io::Result<()> + 'a>;

/// Collects every result into a [`Report`], then writes it.
struct Collected<'a> {
    out: Box<dyn Write + 'a>,
    write: Writer<'a>,
    sources: bool,
    files: Vec<FileResult>,
}

impl<'a> Collected<'a> {
    fn new(
        out: Box<dyn Write + 'a>,
        write: impl Fn(&Report, &mut dyn Write) -> io::Result<()> + 'a,
    ) -> Self {
        Self {
            out,
            write: Box::new(write),
            sources: false,
            files: Vec::new(),
        }
    }

    /// Keeps the text of files with diagnostics, and of the files their notes point into.
    fn with_sources(mut self) -> Self {
        self.sources = true;
        self
    }
}

impl Sink for Collected<'_> {
    fn wants_sources(&self) -> bool {
        self.sources
    }

    fn start(&mut self, _: usize) -> io::Result<()> {
        Ok(())
    }

    fn file(&mut self, file: FileResult) -> io::Result<()> {
        self.files.push(file);
        Ok(())
    }

    fn finish(
        &mut self,
        totals: &Totals,
        source: &dyn Fn(&Path) -> Option<Arc<str>>,
    ) -> io::Result<()> {
        let mut report = Report {
            files: std::mem::take(&mut self.files),
            totals: totals.clone(),
            ..Report::default()
        };
        if self.sources {
            let shown: std::collections::HashMap<&Path, &Arc<str>> = report
                .files
                .iter()
                .filter_map(|f| Some((f.path.as_path(), f.source.as_ref()?)))
                .collect();
            let mut sources = std::collections::HashMap::new();
            for (_, d) in report.diagnostics() {
                for note in &d.notes {
                    if sources.contains_key(&note.path) {
                        continue;
                    }
                    let text = match shown.get(note.path.as_path()) {
                        Some(text) => Some(Arc::clone(text)),
                        None => source(&note.path),
                    };
                    if let Some(text) = text {
                        sources.insert(note.path.clone(), text);
                    }
                }
            }
            report.sources = sources;
        }
        (self.write)(&report, &mut *self.out)?;
        self.out.flush()
    }
}

/// Writes each file's lines as its result arrives, and a summary at the end.
struct Lines<'a> {
    out: Box<dyn Write + 'a>,
    file: fn(&FileResult, &mut dyn Write) -> io::Result<()>,
    end: fn(&Totals, &mut dyn Write) -> io::Result<()>,
}

impl<'a> Lines<'a> {
    fn new(
        out: Box<dyn Write + 'a>,
        file: fn(&FileResult, &mut dyn Write) -> io::Result<()>,
        end: fn(&Totals, &mut dyn Write) -> io::Result<()>,
    ) -> Self {
        Self { out, file, end }
    }
}

impl Sink for Lines<'_> {
    fn wants_sources(&self) -> bool {
        false
    }

    fn start(&mut self, _: usize) -> io::Result<()> {
        Ok(())
    }

    fn file(&mut self, file: FileResult) -> io::Result<()> {
        (self.file)(&file, &mut *self.out)
    }

    fn finish(&mut self, totals: &Totals, _: &dyn Fn(&Path) -> Option<Arc<str>>) -> io::Result<()> {
        (self.end)(totals, &mut *self.out)?;
        self.out.flush()
    }
}

/// Discards every result (for `--diff`, which prints diffs instead).
pub struct Discard;

impl Sink for Discard {
    fn wants_sources(&self) -> bool {
        false
    }
    fn start(&mut self, _: usize) -> io::Result<()> {
        Ok(())
    }
    fn file(&mut self, _: FileResult) -> io::Result<()> {
        Ok(())
    }
    fn finish(&mut self, _: &Totals, _: &dyn Fn(&Path) -> Option<Arc<str>>) -> io::Result<()> {
        Ok(())
    }
}

/// Records every diagnostic's fingerprint, for `--write-baseline`.
#[derive(Debug, Default)]
pub struct BaselineRecorder {
    /// The fingerprints, in output order.
    pub fingerprints: Vec<Fingerprint>,
}

impl Sink for BaselineRecorder {
    fn wants_sources(&self) -> bool {
        true
    }
    fn start(&mut self, _: usize) -> io::Result<()> {
        Ok(())
    }
    fn file(&mut self, file: FileResult) -> io::Result<()> {
        self.fingerprints.extend(baseline::fingerprints(&file));
        Ok(())
    }
    fn finish(&mut self, _: &Totals, _: &dyn Fn(&Path) -> Option<Arc<str>>) -> io::Result<()> {
        Ok(())
    }
}

/// `n thing` or `n things`.
pub(crate) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `Fixed 3 problems in 2 files.` (or `Would fix ...`), and what fixing uncovered.
pub(crate) fn fixed_sentence(fixed: &Fixed, would: bool) -> String {
    let verb = if would { "Would fix" } else { "Fixed" };
    let mut sentence = format!(
        "{verb} {} in {}.",
        plural(fixed.fixes, "problem", "problems"),
        plural(fixed.files, "file", "files")
    );
    if fixed.uncovered > 0 {
        let (uncover, be) = match (would, fixed.uncovered) {
            (true, _) => ("would uncover", "would be"),
            (false, 1) => ("uncovered", "was"),
            (false, _) => ("uncovered", "were"),
        };
        sentence.push_str(&format!(
            " Fixing {uncover} {} more {}, which {be} fixed too.",
            fixed.uncovered,
            if fixed.uncovered == 1 {
                "problem"
            } else {
                "problems"
            }
        ));
    }
    sentence
}
