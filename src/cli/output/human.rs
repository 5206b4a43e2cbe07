//! `--format human`: rustc-style reports rendered by miette, then a one-line summary.

use std::borrow::Cow;
use std::fmt;
use std::io::{self, Write};

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan};
use rayon::prelude::*;

use super::excerpt::Excerpt;
use super::{SortOrder, plural};
use crate::core::diagnostic::{Applicability, Diagnostic, Label, Note, Severity};
use crate::core::report::{FileResult, Report, Totals};
use crate::core::rules::RuleId;
use crate::core::source::LineIndex;
use crate::workspace::config::ConfigError;

/// How the report looks.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// Use colours.
    pub color: bool,
    /// Wrap messages at this width.
    pub width: usize,
    /// End with the summary (not with `--quiet`).
    pub summary: bool,
    /// The order of the reports.
    pub sort: super::SortOrder,
}

fn handler(style: Style) -> GraphicalReportHandler {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false)
        .with_show_related_as_nested(true)
        // Paths and urls are long hyphenated words: wrap between words, never inside one.
        .with_break_words(false)
        .with_word_separator(textwrap::WordSeparator::AsciiSpace)
        .with_word_splitter(textwrap::WordSplitter::NoHyphenation)
}

/// Writes a config-file error as a miette report pointing into the TOML.
pub fn write_config_error(error: &ConfigError, color: bool, out: &mut dyn Write) -> io::Result<()> {
    let view = ConfigView {
        error,
        excerpt: (!error.source.is_empty()).then(|| {
            Excerpt::new(
                error.path.display().to_string(),
                error.source.as_str(),
                Cow::Owned(LineIndex::new(&error.source)),
                std::slice::from_ref(&error.span),
            )
        }),
    };
    let mut rendered = String::new();
    if handler(Style {
        color,
        width: 100,
        summary: true,
        sort: super::SortOrder::Path,
    })
    .render_report(&mut rendered, &view)
    .is_err()
    {
        rendered = format!("error: {error}\n");
    }
    out.write_all(rendered.as_bytes())
}

/// A config error as miette sees it.
#[derive(Debug)]
struct ConfigView<'a> {
    error: &'a ConfigError,
    excerpt: Option<Excerpt<'a>>,
}

impl fmt::Display for ConfigView<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid config: {}", self.error.message)?;
        if self.excerpt.is_none() {
            write!(f, " ({})", self.error.path.display())?;
        }
        Ok(())
    }
}

impl std::error::Error for ConfigView<'_> {}

impl miette::Diagnostic for ConfigView<'_> {
    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.error
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.excerpt.as_ref().map(|e| e as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let excerpt = self.excerpt.as_ref()?;
        Some(Box::new(std::iter::once(
            LabeledSpan::new_primary_with_span(None, excerpt.map(&self.error.span)),
        )))
    }
}

/// Writes every diagnostic as a miette report in the order `style` asks for, then (unless
/// quiet) the counts per rule, the totals and what to do first.
pub fn write(report: &Report, style: Style, out: &mut dyn Write) -> io::Result<()> {
    let handler = handler(style);
    let lines: Vec<Option<LineIndex>> = report
        .files
        .par_iter()
        .map(|f| {
            f.source
                .as_deref()
                .filter(|_| !f.diagnostics.is_empty())
                .map(LineIndex::new)
        })
        .collect();
    let render = |(file, lines, diagnostic): (&FileResult, Option<&LineIndex>, &Diagnostic)| {
        let mut rendered = String::new();
        let view = View::new(file, lines, diagnostic, report);
        if handler.render_report(&mut rendered, &view).is_err() {
            rendered = format!("{}: {}\n", file.path.display(), diagnostic.message);
        }
        // Places in other files follow as reports of their own, not as miette's nested
        // `related` reports: those are re-wrapped as text, which breaks their excerpts'
        // gutter and underline whenever a line is wider than the terminal.
        for note in &view.notes {
            let mut text = String::new();
            if handler.render_report(&mut text, note).is_ok() {
                rendered.push_str(&text);
            }
        }
        rendered
    };
    // Rendering is most of the work of a long report: do it on every core, in chunks so that
    // the first reports appear before the last are rendered.
    let mut diagnostics: Vec<_> = report
        .files
        .iter()
        .zip(&lines)
        .flat_map(|(f, l)| f.diagnostics.iter().map(move |d| (f, l.as_ref(), d)))
        .collect();
    // Files come by path and each file's diagnostics by position: a stable sort keeps that
    // order within each severity or rule.
    match style.sort {
        SortOrder::Path => {}
        SortOrder::Severity => diagnostics.sort_by_key(|(_, _, d)| std::cmp::Reverse(d.severity)),
        SortOrder::Rule => diagnostics.sort_by_key(|(_, _, d)| d.rule),
    }
    for chunk in diagnostics.chunks(RENDER_CHUNK) {
        let rendered: Vec<String> = chunk.par_iter().copied().map(render).collect();
        for text in rendered {
            out.write_all(text.as_bytes())?;
            writeln!(out)?;
        }
    }
    if !style.summary {
        return Ok(());
    }
    let totals = &report.totals;
    // The counts per rule, when there is more than one rule to tell apart.
    if totals.by_rule.len() > 1 {
        super::statistics::write_table(totals, out)?;
        writeln!(out)?;
    }
    if totals.fixed.files > 0 {
        writeln!(out, "{}", super::fixed_sentence(&totals.fixed, false))?;
    }
    writeln!(out, "{}", summary(totals))?;
    if totals.baselined > 0 {
        writeln!(
            out,
            "{} left out by the baseline",
            plural(totals.baselined, "diagnostic", "diagnostics")
        )?;
    }
    if let Some(line) = fixable_line(totals) {
        writeln!(out, "{line}")?;
    }
    if let Some(line) = first_step(totals).filter(|_| totals.diagnostics() > 1) {
        writeln!(out, "{line}")?;
    }
    Ok(())
}

/// What to do first: the rule of the worst severity with the most diagnostics, and whether
/// `--fix` handles it.
pub fn first_step(totals: &Totals) -> Option<String> {
    let counts = super::statistics::counts(totals);
    let first = counts.iter().max_by(|a, b| {
        a.severity
            .cmp(&b.severity)
            .then(a.count.cmp(&b.count))
            .then(b.rule.cmp(a.rule))
    })?;
    let (one, many) = match first.severity {
        Severity::Error => ("error", "errors"),
        Severity::Warning => ("warning", "warnings"),
        Severity::Info => ("info", "infos"),
    };
    let fixes = match (first.fixable, first.unsafe_fixable) {
        (safe, _) if safe == first.count => "`--fix` fixes them all".to_string(),
        (0, 0) => "no automatic fix".to_string(),
        (0, unsafe_fixable) => {
            format!("`--fix --unsafe-fixes` fixes {unsafe_fixable} (review them)")
        }
        (safe, _) => format!("`--fix` fixes {safe}"),
    };
    // A rule whose diagnostics differ in severity (each phrase has its own) says both.
    let most_severe = RuleId::from_name(first.rule)
        .and_then(|rule| totals.by_rule.get(&rule))
        .map_or(first.count, |c| c.most_severe);
    let counted = if most_severe == first.count {
        plural(first.count, one, many)
    } else {
        format!(
            "{} of {} diagnostics",
            plural(most_severe, one, many),
            first.count
        )
    };
    Some(format!(
        "Start with {} ({counted}): {fixes}; `contentlint rule {}` explains it.",
        first.rule, first.rule
    ))
}

/// How many reports are rendered in parallel before they are written.
const RENDER_CHUNK: usize = 256;

/// `3 fixable with --fix (2 more with --fix --unsafe-fixes)`, when anything is.
pub fn fixable_line(totals: &Totals) -> Option<String> {
    let safe = totals.fixable(Applicability::Safe);
    let more = totals.fixable(Applicability::Unsafe) - safe;
    match (safe, more) {
        (0, 0) => None,
        (0, more) => Some(format!("{more} fixable with --fix --unsafe-fixes")),
        (safe, 0) => Some(format!("{safe} fixable with --fix")),
        (safe, more) => Some(format!(
            "{safe} fixable with --fix ({more} more with --fix --unsafe-fixes)"
        )),
    }
}

/// `12 errors, 3 warnings in 7 of 515 files`, or that nothing was found.
pub fn summary(totals: &Totals) -> String {
    let files = plural(totals.files_checked, "file", "files");
    let counts: Vec<String> = [
        (Severity::Error, "error", "errors"),
        (Severity::Warning, "warning", "warnings"),
        (Severity::Info, "info", "infos"),
    ]
    .into_iter()
    .filter_map(|(severity, one, many)| {
        let n = totals.count(severity);
        (n > 0).then(|| plural(n, one, many))
    })
    .collect();
    if counts.is_empty() {
        format!("All checks passed: no problems in {files}.")
    } else {
        format!(
            "{} in {} of {files}",
            counts.join(", "),
            totals.files_with_diagnostics
        )
    }
}

/// A diagnostic as miette sees it.
struct View<'a> {
    diagnostic: &'a Diagnostic,
    path: String,
    excerpt: Option<Excerpt<'a>>,
    notes: Vec<NoteView>,
}

/// A place in another file, shown under the diagnostic it belongs to, with its own excerpt
/// when the file can be read.
#[derive(Debug)]
struct NoteView {
    message: String,
    span: std::ops::Range<usize>,
    excerpt: Option<Excerpt<'static>>,
}

impl NoteView {
    fn new(note: &Note, report: &Report) -> Self {
        let path = note.path.display().to_string();
        let text = report
            .source(&note.path)
            .filter(|t| note.span.end <= t.len() && t.is_char_boundary(note.span.start))
            .map(|t| t.to_string());
        match text {
            Some(text) => {
                let lines = LineIndex::new(&text);
                Self {
                    message: note.message.clone(),
                    span: note.span.clone(),
                    excerpt: Some(Excerpt::new(
                        path,
                        text,
                        Cow::Owned(lines),
                        std::slice::from_ref(&note.span),
                    )),
                }
            }
            None => Self {
                message: format!("{path}:{}:{}: {}", note.line, note.column, note.message),
                span: 0..0,
                excerpt: None,
            },
        }
    }
}

impl fmt::Display for NoteView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for NoteView {}

impl miette::Diagnostic for NoteView {
    fn severity(&self) -> Option<miette::Severity> {
        Some(miette::Severity::Advice)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.excerpt.as_ref().map(|e| e as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let excerpt = self.excerpt.as_ref()?;
        Some(Box::new(std::iter::once(
            LabeledSpan::new_primary_with_span(None, excerpt.map(&self.span)),
        )))
    }
}

impl<'a> View<'a> {
    fn new(
        file: &'a FileResult,
        lines: Option<&'a LineIndex>,
        diagnostic: &'a Diagnostic,
        report: &Report,
    ) -> Self {
        let path = file.path.display().to_string();
        let excerpt = file
            .source
            .as_deref()
            .filter(|s| !s.is_empty())
            .zip(lines)
            .map(|(source, lines)| {
                let mut spans = vec![diagnostic.span.clone()];
                spans.extend(diagnostic.labels.iter().map(|l| l.span.clone()));
                Excerpt::new(path.clone(), source, Cow::Borrowed(lines), &spans)
            });
        let notes = diagnostic
            .notes
            .iter()
            .map(|n| NoteView::new(n, report))
            .collect();
        Self {
            diagnostic,
            path,
            excerpt,
            notes,
        }
    }
}

impl fmt::Debug for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("View")
            .field("rule", &self.diagnostic.rule)
            .finish()
    }
}

impl fmt::Display for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.diagnostic;
        write!(f, "{}[{}]: ", d.severity, d.rule)?;
        if self.excerpt.is_none() {
            // Without a snippet there is no header naming the file, so the message does.
            write!(f, "{}: ", self.path)?;
        }
        f.write_str(&d.message)
    }
}

impl std::error::Error for View<'_> {}

impl miette::Diagnostic for View<'_> {
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        let d = self.diagnostic;
        let fix = d.fix.as_ref().map(|f| {
            let how = if f.is_safe() {
                "--fix"
            } else {
                "--fix --unsafe-fixes"
            };
            format!("fix ({how}): {}", f.title)
        });
        let help = match (&d.help, fix) {
            (Some(help), Some(fix)) => format!("{help}\n{fix}"),
            (Some(help), None) => help.clone(),
            (None, Some(fix)) => fix,
            (None, None) => return None,
        };
        Some(Box::new(help))
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.excerpt.as_ref().map(|e| e as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let excerpt = self.excerpt.as_ref()?;
        // miette cannot draw a label inside another one (zkat/miette#268): a secondary label
        // that overlaps the primary span is told in the primary label's text instead.
        let span = &self.diagnostic.span;
        let overlaps = |l: &&Label| l.span.start < span.end && span.start < l.span.end;
        let mut label = self.diagnostic.label.clone();
        for inner in self.diagnostic.labels.iter().filter(overlaps) {
            let text = label.get_or_insert_with(String::new);
            if !text.is_empty() {
                text.push_str("; ");
            }
            text.push_str(&inner.message);
        }
        let primary = LabeledSpan::new_primary_with_span(label, excerpt.map(span));
        let secondary = self
            .diagnostic
            .labels
            .iter()
            .filter(move |l| !overlaps(l))
            .map(|l| LabeledSpan::new_with_span(Some(l.message.clone()), excerpt.map(&l.span)));
        Some(Box::new(std::iter::once(primary).chain(secondary)))
    }
}
