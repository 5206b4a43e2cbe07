//! `--output-format html`: one self-contained page for a person auditing a whole site. The
//! overview and the charts are plain HTML and SVG (they print, and need no script); the table
//! of every diagnostic is drawn by a small inline script from data embedded in the page, so
//! that 20,000 rows filter, sort and page at once. Nothing is fetched: no font, no script, no
//! style from anywhere else, so the file works opened from disk or attached to a CI run.
//!
//! Results are turned into table rows as they arrive (their excerpts cut from the file's text
//! then, as the human format cuts them), so the page holds what it shows, never a site's text.
//! Article text only ever reaches the page as JSON strings, read by the script into text
//! nodes: `<script>` or `{{` in an article is shown, never run.

use std::collections::{BTreeMap, HashMap};
use std::io::{self, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

use super::chart::{self, Bar, escape, thousands};
use rayon::prelude::*;

use super::excerpt::{Excerpt, ExcerptLine};
use crate::core::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::core::report::{FileResult, Totals};
use crate::core::rules::RuleId;
use crate::core::source::LineIndex;
use crate::workspace::Sink;

/// The page's style and script, kept beside this file.
const STYLE: &str = include_str!("html/report.css");
const SCRIPT: &str = include_str!("html/report.js");

/// How many folders the per-folder chart shows (the rest are counted below it).
const FOLDERS_CHARTED: usize = 25;
/// Characters of context on each side of a fix's edits in its before/after preview.
const FIX_MARGIN: usize = 40;

/// What the run was, for the page's header and overview.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// The command line.
    pub command: String,
    /// The config file read, if any.
    pub config: Option<String>,
    /// The schema articles are validated against, as said to a person.
    pub schema: String,
    /// The content root references resolve against, if any.
    pub root: Option<String>,
    /// When the run was (UTC).
    pub date: String,
}

/// The sink that writes the page.
pub struct HtmlSink<'a> {
    out: Box<dyn Write + 'a>,
    context: Context,
    /// Every file a row or a note names, shown path first; whether it has rows.
    files: Vec<(String, bool)>,
    file_index: HashMap<PathBuf, usize>,
    /// Labels, helps and fix titles repeat: each is written once.
    strings: Vec<String>,
    string_index: HashMap<String, usize>,
    /// The rows, as JSON made safe for a script element, comma-separated.
    rows: Vec<u8>,
    /// Files with diagnostics waiting to be made rows.
    pending: Vec<FileResult>,
    /// Diagnostics per folder and per rule, by severity (info, warning, error).
    folders: BTreeMap<String, [usize; 3]>,
    rules: BTreeMap<RuleId, [usize; 3]>,
}

impl<'a> HtmlSink<'a> {
    /// A sink writing the page for a run described by `context` to `out`.
    pub fn new(out: Box<dyn Write + 'a>, context: Context) -> Self {
        Self {
            out,
            context,
            files: Vec::new(),
            file_index: HashMap::new(),
            strings: Vec::new(),
            string_index: HashMap::new(),
            rows: Vec::new(),
            pending: Vec::new(),
            folders: BTreeMap::new(),
            rules: BTreeMap::new(),
        }
    }

    fn file(&mut self, path: &Path, has_rows: bool) -> usize {
        if let Some(&i) = self.file_index.get(path) {
            self.files[i].1 |= has_rows;
            return i;
        }
        self.files.push((path.display().to_string(), has_rows));
        self.file_index
            .insert(path.to_path_buf(), self.files.len() - 1);
        self.files.len() - 1
    }

    fn string(&mut self, text: Option<&str>) -> Option<usize> {
        let text = text?;
        if let Some(&i) = self.string_index.get(text) {
            return Some(i);
        }
        self.strings.push(text.to_string());
        self.string_index
            .insert(text.to_string(), self.strings.len() - 1);
        Some(self.strings.len() - 1)
    }

    /// Turns the files waiting into rows: their excerpts and fix previews on every core, then
    /// the rows in order.
    fn flush(&mut self) -> io::Result<()> {
        let pending = std::mem::take(&mut self.pending);
        let prepared: Vec<Vec<Prepared>> = pending
            .par_iter()
            .map(|file| {
                let text = file.source.as_deref();
                let lines = text.map(LineIndex::new);
                let source = text.zip(lines.as_ref());
                file.diagnostics
                    .iter()
                    .map(|d| Prepared {
                        excerpt: source.map(|(text, lines)| excerpt(text, lines, d)),
                        preview: d
                            .fix
                            .as_ref()
                            .zip(source)
                            .and_then(|(fix, (text, _))| preview(text, fix)),
                    })
                    .collect()
            })
            .collect();
        let mut json = Vec::new();
        for (file, prepared) in pending.iter().zip(&prepared) {
            let index = self.file(&file.path, true);
            let folder = self.folders.entry(folder_of(&file.path)).or_default();
            for d in &file.diagnostics {
                folder[d.severity as usize] += 1;
                self.rules.entry(d.rule).or_default()[d.severity as usize] += 1;
            }
            for (d, prepared) in file.diagnostics.iter().zip(prepared) {
                let fix = d.fix.as_ref().map(|fix| {
                    let (before, after) = prepared
                        .preview
                        .as_ref()
                        .map_or(("", ""), |(b, a)| (b.as_str(), a.as_str()));
                    (
                        applicability(fix.applicability),
                        self.string(Some(&fix.title)),
                        before,
                        after,
                    )
                });
                let notes: Vec<(usize, usize, usize, &str)> = d
                    .notes
                    .iter()
                    .map(|n| {
                        (
                            self.file(&n.path, false),
                            n.line,
                            n.column,
                            n.message.as_str(),
                        )
                    })
                    .collect();
                let row = Row(
                    index,
                    d.start.line,
                    d.start.column,
                    d.severity as u8,
                    d.rule.index(),
                    &d.message,
                    self.string(d.label.as_deref()),
                    self.string(d.help.as_deref()),
                    prepared
                        .excerpt
                        .as_ref()
                        .map(|lines| lines.iter().map(Line).collect()),
                    fix,
                    (!notes.is_empty()).then_some(notes),
                );
                json.clear();
                serde_json::to_writer(&mut json, &row).map_err(io::Error::other)?;
                if !self.rows.is_empty() {
                    self.rows.push(b',');
                }
                script_safe_into(&json, &mut self.rows);
            }
        }
        Ok(())
    }
}

/// One table row: file, line, column, severity, rule, message, label, help, excerpt, fix
/// (applicability, title, before, after) and notes (file, line, column, message). An array,
/// not an object: a site's worth of rows stays small.
#[derive(Serialize)]
struct Row<'a>(
    usize,
    usize,
    usize,
    u8,
    usize,
    &'a str,
    Option<usize>,
    Option<usize>,
    Option<Vec<Line<'a>>>,
    Option<(u8, Option<usize>, &'a str, &'a str)>,
    Option<Vec<(usize, usize, usize, &'a str)>>,
);

/// What a diagnostic's row needs from its file's text, worked out on every core.
struct Prepared {
    excerpt: Option<Vec<ExcerptLine>>,
    preview: Option<(String, String)>,
}

/// How many files with diagnostics are prepared together.
const BATCH: usize = 128;

fn applicability(a: Applicability) -> u8 {
    match a {
        Applicability::DisplayOnly => 0,
        Applicability::Unsafe => 1,
        Applicability::Safe => 2,
    }
}

/// The excerpt the human format shows, as lines of runs: `[number, run, ...]` where a run is
/// its text, or `[text, span]` inside a span (0: the diagnostic's, then its labels').
fn excerpt(text: &str, lines: &LineIndex, diagnostic: &Diagnostic) -> Vec<ExcerptLine> {
    let mut spans: Vec<Range<usize>> = vec![diagnostic.span.clone()];
    spans.extend(diagnostic.labels.iter().map(|l| l.span.clone()));
    let valid = |s: &Range<usize>| {
        s.start <= s.end
            && s.end <= text.len()
            && text.is_char_boundary(s.start)
            && text.is_char_boundary(s.end)
    };
    if !spans.iter().all(valid) {
        return Vec::new();
    }
    Excerpt::new(
        String::new(),
        text,
        std::borrow::Cow::Borrowed(lines),
        &spans,
    )
    .lines(&spans)
}

/// Writes an excerpt line as the script reads it: `[number, "text", ["marked", span], ...]`.
struct Line<'a>(&'a ExcerptLine);

impl Serialize for Line<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = serializer.serialize_seq(Some(1 + self.0.runs.len()))?;
        seq.serialize_element(&self.0.number)?;
        for (run, mark) in &self.0.runs {
            match mark {
                Some(span) => seq.serialize_element(&(run, span))?,
                None => seq.serialize_element(run)?,
            }
        }
        seq.end()
    }
}

/// The text around a fix's edits before and after it, each edit with [`FIX_MARGIN`]
/// characters on either side and `…` where text is left out; `None` when the edits do not
/// fit the text.
fn preview(text: &str, fix: &Fix) -> Option<(String, String)> {
    let mut edits: Vec<_> = fix.edits.iter().collect();
    edits.sort_by_key(|e| e.range.start);
    let fits = |r: &Range<usize>| {
        r.start <= r.end
            && r.end <= text.len()
            && text.is_char_boundary(r.start)
            && text.is_char_boundary(r.end)
    };
    if edits.is_empty() || !edits.iter().all(|e| fits(&e.range)) {
        return None;
    }
    // Edits close together share one window.
    let mut windows: Vec<(Range<usize>, Vec<usize>)> = Vec::new();
    for (i, edit) in edits.iter().enumerate() {
        let start = back(text, edit.range.start, FIX_MARGIN);
        let end = forward(text, edit.range.end, FIX_MARGIN);
        match windows.last_mut() {
            Some((window, members)) if start <= window.end => {
                window.end = window.end.max(end);
                members.push(i);
            }
            _ => windows.push((start..end, vec![i])),
        }
    }
    let (mut before, mut after) = (String::new(), String::new());
    for (n, (window, members)) in windows.iter().enumerate() {
        // `…` where text is left out: inside a line, or between two windows.
        let mid_line = window.start > 0 && !text[..window.start].ends_with('\n');
        let lead = match (n, mid_line) {
            (0, false) => "",
            (0, true) => "…",
            (_, false) => "…\n",
            (_, true) => " … ",
        };
        before.push_str(lead);
        after.push_str(lead);
        before.push_str(&text[window.clone()]);
        let mut at = window.start;
        for &i in members {
            let edit = edits[i];
            after.push_str(&text[at..edit.range.start.max(at)]);
            after.push_str(&edit.replacement);
            at = at.max(edit.range.end);
        }
        after.push_str(&text[at.min(window.end)..window.end]);
    }
    if windows
        .last()
        .is_some_and(|(w, _)| w.end < text.len() && !text[w.end..].starts_with('\n'))
    {
        before.push('…');
        after.push('…');
    }
    Some((before, after))
}

/// The offset `n` characters before `at`, stopping at a line start.
fn back(text: &str, at: usize, n: usize) -> usize {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    text[line_start..at]
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(line_start, |(i, _)| line_start + i)
}

/// The offset `n` characters after `at`, stopping at a line end.
fn forward(text: &str, at: usize, n: usize) -> usize {
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    text[at..line_end]
        .char_indices()
        .nth(n)
        .map_or(line_end, |(i, _)| at + i)
}

/// The folder a file is in, as shown (its parent path).
fn folder_of(path: &Path) -> String {
    path.parent()
        .map(|p| p.display().to_string())
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| ".".to_string())
}

impl Sink for HtmlSink<'_> {
    fn wants_sources(&self) -> bool {
        true
    }

    fn start(&mut self, _: usize) -> io::Result<()> {
        Ok(())
    }

    fn file(&mut self, file: FileResult) -> io::Result<()> {
        if file.diagnostics.is_empty() {
            return Ok(());
        }
        self.pending.push(file);
        if self.pending.len() >= BATCH {
            self.flush()?;
        }
        Ok(())
    }

    fn finish(&mut self, totals: &Totals, _: &dyn Fn(&Path) -> Option<Arc<str>>) -> io::Result<()> {
        self.flush()?;
        self.write_page(totals)?;
        self.rows = Vec::new();
        self.out.flush()
    }
}

impl HtmlSink<'_> {
    /// Writes the whole page: the overview and the charts, then the data and the script.
    fn write_page(&mut self, totals: &Totals) -> io::Result<()> {
        let mut html = String::with_capacity(64 * 1024);
        let total = totals.diagnostics();
        html.push_str("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        html.push_str(&format!(
            "<title>contentlint audit: {} in {} of {} files</title>\n",
            plural(total, "diagnostic", "diagnostics"),
            thousands(totals.files_with_diagnostics),
            thousands(totals.files_checked)
        ));
        html.push_str("<style>\n");
        html.push_str(STYLE);
        html.push_str("</style>\n</head>\n<body>\n");
        html.push_str("<a class=\"skip\" href=\"#diagnostics\">Skip to the diagnostics</a>\n");
        html.push_str(&format!(
            "<header>\n<h1>contentlint audit</h1>\n<p class=\"meta\">{} · contentlint {} · <code>{}</code></p>\n</header>\n<main>\n",
            escape(&self.context.date),
            env!("CARGO_PKG_VERSION"),
            escape(&self.context.command)
        ));
        self.overview(totals, &mut html);
        self.charts(totals, &mut html);
        html.push_str(TABLE);
        html.push_str("</main>\n<script type=\"application/json\" id=\"data\">");
        let rules: Vec<(&str, &str)> = RuleId::ALL
            .iter()
            .map(|r| (r.name(), r.summary()))
            .collect();
        let head = serde_json::json!({
            "rules": rules,
            "files": self.files,
            "strings": self.strings,
        });
        let mut json = serde_json::to_vec(&head).map_err(io::Error::other)?;
        json.pop();
        json.extend_from_slice(b",\"rows\":[");
        let mut safe = Vec::with_capacity(json.len());
        script_safe_into(&json, &mut safe);
        self.out.write_all(html.as_bytes())?;
        self.out.write_all(&safe)?;
        self.out.write_all(&self.rows)?;
        self.out.write_all(b"]}</script>\n<script>\n")?;
        self.out.write_all(SCRIPT.as_bytes())?;
        self.out.write_all(b"</script>\n</body>\n</html>\n")
    }

    fn overview(&self, totals: &Totals, html: &mut String) {
        let safe = totals.fixable(Applicability::Safe);
        let unsafe_only = totals.fixable(Applicability::Unsafe) - safe;
        let card = |key: &str, label: &str, value: usize, class: &str| {
            format!(
                "<div class=\"card {class}\"><dt>{label}</dt><dd data-count=\"{key}\">{}</dd></div>\n",
                thousands(value)
            )
        };
        html.push_str("<section id=\"overview\" aria-labelledby=\"overview-title\">\n<h2 id=\"overview-title\">Overview</h2>\n<dl class=\"cards\">\n");
        html.push_str(&card("files", "files checked", totals.files_checked, ""));
        html.push_str(&card(
            "files-with-diagnostics",
            "files with problems",
            totals.files_with_diagnostics,
            "",
        ));
        html.push_str(&card(
            "errors",
            "errors",
            totals.count(Severity::Error),
            "error",
        ));
        html.push_str(&card(
            "warnings",
            "warnings",
            totals.count(Severity::Warning),
            "warning",
        ));
        html.push_str(&card(
            "infos",
            "infos",
            totals.count(Severity::Info),
            "info",
        ));
        html.push_str(&card(
            "safe-fixes",
            "fixed by <code>--fix</code>",
            safe,
            "safe",
        ));
        html.push_str(&card(
            "unsafe-fixes",
            "fixed with <code>--unsafe-fixes</code> too",
            unsafe_only,
            "unsafe",
        ));
        html.push_str("</dl>\n<dl class=\"settings\">\n");
        let setting =
            |name: &str, value: &str| format!("<dt>{name}</dt><dd>{}</dd>\n", escape(value));
        html.push_str(&setting(
            "Configuration",
            self.context
                .config
                .as_deref()
                .unwrap_or("none (the defaults)"),
        ));
        html.push_str(&setting("Schema", &self.context.schema));
        if let Some(root) = &self.context.root {
            html.push_str(&setting("Content root", root));
        }
        if totals.baselined > 0 {
            html.push_str(&setting(
                "Baseline",
                &format!("{} known diagnostics left out", thousands(totals.baselined)),
            ));
        }
        html.push_str("</dl>\n</section>\n");
    }

    fn charts(&self, totals: &Totals, html: &mut String) {
        html.push_str("<section id=\"charts\" aria-labelledby=\"charts-title\">\n<h2 id=\"charts-title\">Where the problems are</h2>\n");
        if totals.diagnostics() == 0 {
            html.push_str("<p>No problems found.</p>\n</section>\n");
            return;
        }
        let by_severity = |counts: [usize; 3]| {
            vec![
                (counts[2], "error", "error", "errors"),
                (counts[1], "warning", "warning", "warnings"),
                (counts[0], "info", "info", "infos"),
            ]
        };
        // Per rule, most first.
        let mut rules: Vec<(&RuleId, &[usize; 3])> = self.rules.iter().collect();
        rules.sort_by(|a, b| {
            let (x, y): (usize, usize) = (a.1.iter().sum(), b.1.iter().sum());
            y.cmp(&x).then(a.0.name().cmp(b.0.name()))
        });
        let bars: Vec<Bar> = rules
            .iter()
            .map(|(rule, counts)| Bar {
                label: rule.name().to_string(),
                segments: by_severity(**counts),
                filter: Some(("rule", rule.name().to_string())),
            })
            .collect();
        figure(
            html,
            "Diagnostics per rule",
            &chart::bars("Diagnostics per rule", &bars),
            "Select a bar to show that rule's diagnostics in the table.",
        );
        // Per folder, most first; the common start of the folders' paths is left out.
        let mut folders: Vec<(&String, &[usize; 3])> = self.folders.iter().collect();
        folders.sort_by(|a, b| {
            let (x, y): (usize, usize) = (a.1.iter().sum(), b.1.iter().sum());
            y.cmp(&x).then(a.0.cmp(b.0))
        });
        let prefix = common_folder_prefix(self.folders.keys());
        let bars: Vec<Bar> = folders
            .iter()
            .take(FOLDERS_CHARTED)
            .map(|(folder, counts)| Bar {
                label: folder[prefix.min(folder.len())..].to_string(),
                segments: by_severity(**counts),
                filter: Some(("folder", (*folder).clone())),
            })
            .collect();
        let caption = if prefix > 0 {
            format!(
                "Diagnostics per folder (under <code>{}</code>)",
                escape(folders[0].0[..prefix].trim_end_matches('/'))
            )
        } else {
            "Diagnostics per folder".to_string()
        };
        let note = if folders.len() > FOLDERS_CHARTED {
            format!(
                "The {FOLDERS_CHARTED} folders with the most of {} folders. Select a bar to show its diagnostics.",
                folders.len()
            )
        } else {
            "Select a bar to show that folder's diagnostics.".to_string()
        };
        figure(
            html,
            &caption,
            &chart::bars("Diagnostics per folder", &bars),
            &note,
        );
        // What fixing would do.
        let safe = totals.fixable(Applicability::Safe);
        let unsafe_only = totals.fixable(Applicability::Unsafe) - safe;
        let none = totals.diagnostics() - safe - unsafe_only;
        let fixable = [Bar {
            label: "all diagnostics".to_string(),
            segments: vec![
                (safe, "safe", "fixed by --fix", "fixed by --fix"),
                (
                    unsafe_only,
                    "unsafe",
                    "fixed with --unsafe-fixes",
                    "fixed with --unsafe-fixes",
                ),
                (none, "none", "without a fix", "without a fix"),
            ],
            filter: None,
        }];
        figure(
            html,
            "What <code>--fix</code> would repair",
            &chart::bars("What --fix would repair", &fixable),
            &format!(
                "<span class=\"key safe\"></span>{} fixed by <code>--fix</code> · <span class=\"key unsafe\"></span>{} more with <code>--fix --unsafe-fixes</code> · <span class=\"key none\"></span>{} without a fix",
                thousands(safe),
                thousands(unsafe_only),
                thousands(none)
            ),
        );
        html.push_str("<p class=\"legend\"><span class=\"key error\"></span>error <span class=\"key warning\"></span>warning <span class=\"key info\"></span>info</p>\n</section>\n");
    }
}

/// Appends `json` to `out` so that it may sit inside a `<script>` element: no `<` at all (so
/// neither `</script>` nor `<!--` can end or change it), and no `>` or `&` either. Inside
/// JSON strings these are written `\u003c`, which parses back to the same text.
fn script_safe_into(json: &[u8], out: &mut Vec<u8>) {
    let mut done = 0;
    for (i, &b) in json.iter().enumerate() {
        let escaped: &[u8] = match b {
            b'<' => b"\\u003c",
            b'>' => b"\\u003e",
            b'&' => b"\\u0026",
            _ => continue,
        };
        out.extend_from_slice(&json[done..i]);
        out.extend_from_slice(escaped);
        done = i + 1;
    }
    out.extend_from_slice(&json[done..]);
}

fn figure(html: &mut String, caption: &str, svg: &str, note: &str) {
    html.push_str(&format!(
        "<figure>\n<figcaption>{caption}</figcaption>\n<div class=\"scroll\">{svg}</div>\n<p class=\"note\">{note}</p>\n</figure>\n"
    ));
}

/// The length of the folder path all `folders` start with, up to a `/`.
fn common_folder_prefix<'a>(folders: impl Iterator<Item = &'a String>) -> usize {
    let folders: Vec<&String> = folders.collect();
    if folders.len() < 2 {
        return 0;
    }
    let first = folders[0].as_bytes();
    let mut common = first.len();
    for f in &folders[1..] {
        common = common.min(
            first
                .iter()
                .zip(f.as_bytes())
                .take_while(|(a, b)| a == b)
                .count(),
        );
    }
    first[..common]
        .iter()
        .rposition(|&b| b == b'/')
        .map_or(0, |i| i + 1)
}

/// The time now in UTC (`2026-12-03 07:45 UTC`), or the time `SOURCE_DATE_EPOCH` gives (for
/// reproducible reports).
pub fn utc_now() -> String {
    let seconds = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        });
    let (days, rest) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02} UTC",
        rest / 3600,
        rest % 3600 / 60
    )
}

/// The proleptic Gregorian date of a count of days since 1970-01-01 (Howard Hinnant's
/// `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", thousands(n), if n == 1 { one } else { many })
}

/// The table's frame; the script fills it.
const TABLE: &str = r#"<section id="diagnostics" aria-labelledby="diagnostics-title">
<h2 id="diagnostics-title">Diagnostics</h2>
<form class="filters" role="search" onsubmit="return false">
<label>Rule <select id="f-rule"><option value="">all rules</option></select></label>
<label>Severity <select id="f-severity"><option value="">all</option><option value="2">errors</option><option value="1">warnings</option><option value="0">infos</option></select></label>
<label>Folder <select id="f-folder"><option value="">all folders</option></select></label>
<label>Fix <select id="f-fix"><option value="">any</option><option value="2">safe fix</option><option value="1">unsafe fix</option><option value="none">no fix</option></select></label>
<label class="grow">Text <input id="f-text" type="search" placeholder="path, message or rule" autocomplete="off"></label>
<button type="button" id="f-clear">Clear filters</button>
</form>
<p id="shown" aria-live="polite"></p>
<div class="scroll">
<table id="table">
<thead><tr>
<th scope="col"><span class="visually-hidden">Details</span></th>
<th scope="col" aria-sort="none"><button type="button" data-sort="severity">Severity</button></th>
<th scope="col" aria-sort="none"><button type="button" data-sort="path">File</button></th>
<th scope="col" aria-sort="none"><button type="button" data-sort="line">Line</button></th>
<th scope="col" aria-sort="none"><button type="button" data-sort="rule">Rule</button></th>
<th scope="col" aria-sort="none"><button type="button" data-sort="message">Message</button></th>
</tr></thead>
<tbody id="rows"></tbody>
</table>
</div>
<nav class="pages" aria-label="Pages of diagnostics">
<button type="button" id="p-first">First</button>
<button type="button" id="p-prev">Previous</button>
<span id="p-at"></span>
<button type="button" id="p-next">Next</button>
<button type="button" id="p-last">Last</button>
</nav>
<noscript><p>The table needs JavaScript; the overview and the charts above do not.</p></noscript>
</section>
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::diagnostic::Edit;

    #[test]
    fn script_data_cannot_end_its_script() {
        let mut safe = Vec::new();
        script_safe_into(
            br#"{"m":"</script><script>alert(1)</script> & <!-- x"}"#,
            &mut safe,
        );
        let safe = String::from_utf8(safe).unwrap();
        assert!(!safe.contains('<') && !safe.contains('>') && !safe.contains('&'));
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back["m"], "</script><script>alert(1)</script> & <!-- x");
    }

    #[test]
    fn a_fix_preview_shows_each_edit_in_context() {
        let text = "title: Caf\u{e9} â„¢ here\nanswer: far away\n";
        let at = text.find("â„¢").unwrap();
        let fix = Fix::safe("repair", vec![Edit::new(at..at + "â„¢".len(), "™")]);
        let (before, after) = preview(text, &fix).unwrap();
        assert_eq!(before, "title: Caf\u{e9} â„¢ here");
        assert_eq!(after, "title: Caf\u{e9} ™ here");
        // Two edits far apart on one long line are two windows.
        let long = format!("a{}b{}c", "x".repeat(200), "y".repeat(200));
        let fix = Fix::safe("two", vec![Edit::new(0..1, "A"), Edit::new(402..403, "C")]);
        let (before, after) = preview(&long, &fix).unwrap();
        assert_eq!(before, format!("a{} … {}c", "x".repeat(40), "y".repeat(40)));
        assert_eq!(after, format!("A{} … {}C", "x".repeat(40), "y".repeat(40)));
    }

    /// WCAG 2 contrast of two `#rrggbb` colours.
    fn contrast(a: &str, b: &str) -> f64 {
        let luminance = |hex: &str| {
            let channel = |i: usize| {
                let c =
                    f64::from(u8::from_str_radix(&hex[1 + 2 * i..3 + 2 * i], 16).unwrap()) / 255.0;
                if c <= 0.04045 {
                    c / 12.92
                } else {
                    ((c + 0.055) / 1.055).powf(2.4)
                }
            };
            0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2)
        };
        let (x, y) = (luminance(a), luminance(b));
        (x.max(y) + 0.05) / (x.min(y) + 0.05)
    }

    #[test]
    fn colours_meet_wcag_aa() {
        let colour = |name: &str| {
            let at = STYLE.find(&format!("--{name}: #")).unwrap() + name.len() + 4;
            &STYLE[at..at + 7]
        };
        // Text, on the page and on the panels it sits on.
        for text in ["text", "muted", "error", "warning", "info", "focus", "safe"] {
            for background in ["page", "panel"] {
                let ratio = contrast(colour(text), colour(background));
                assert!(ratio >= 4.5, "{text} on {background}: {ratio:.2}");
            }
        }
        // Text on highlights.
        for background in ["mark", "mark2", "del", "ins"] {
            let ratio = contrast(colour("text"), colour(background));
            assert!(ratio >= 4.5, "text on {background}: {ratio:.2}");
        }
        // Bars and keys against the page (non-text contrast).
        for bar in ["error", "warning", "info", "safe", "unsafe", "none"] {
            let ratio = contrast(colour(bar), colour("page"));
            assert!(ratio >= 3.0, "{bar} bars: {ratio:.2}");
        }
    }

    #[test]
    fn dates_from_days() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_790), (2026, 12, 3));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
    }

    #[test]
    fn folders_lose_their_common_start() {
        let folders = [
            "content/learn/biology".to_string(),
            "content/learn/art".to_string(),
        ];
        assert_eq!(common_folder_prefix(folders.iter()), "content/learn/".len());
        assert_eq!(common_folder_prefix(folders[..1].iter()), 0);
    }
}
