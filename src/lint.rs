//! The pipeline: discover files, read and parse each one in parallel, run the rules, apply
//! fixes when asked, and collect a report in a stable order.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::discover::{Target, discover};
use crate::document::Document;
use crate::fix::{self, Applicability};
use crate::index::{Article, Index};
use crate::progress::Progress;
use crate::report::{FileReport, Report};
use crate::rules;
use crate::schema::Schema;
use crate::suppression::Suppressions;
use crate::textscan;

/// How many times a file is fixed and checked again at most, so that fixes which only become
/// possible after others (overlapping edits) are applied too.
const MAX_FIX_PASSES: usize = 10;

/// What to do with fixes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FixMode {
    /// Report only.
    #[default]
    Off,
    /// Apply fixes and rewrite the files.
    Apply(Applicability),
    /// Compute what fixing would change, as diffs; write nothing.
    Diff(Applicability),
}

/// What to lint and how.
#[derive(Debug)]
pub struct Options {
    /// Files and directories to lint.
    pub paths: Vec<PathBuf>,
    /// The schema every article is validated against.
    pub schema: Schema,
    /// Whether to fix.
    pub fix: FixMode,
    /// The content root that references resolve against (see [`lint`]).
    pub root: Option<PathBuf>,
    /// The configuration.
    pub config: Config,
    /// The progress bar, for a person watching (see [`Progress`]).
    pub progress: Progress,
}

/// Lints every file the options name, resolving references against the content root.
pub fn lint(options: &Options) -> Report {
    let config = &options.config;
    let checked = discover(&options.paths, &config.filter);
    let index_only: Vec<Target> = match content_root(options) {
        Some(root) => {
            let checked_paths: HashSet<&PathBuf> = checked.iter().map(|t| &t.path).collect();
            discover(&root, &config.filter)
                .into_iter()
                .filter(|t| t.problem.is_none() && !checked_paths.contains(&t.path))
                .collect()
        }
        None => Vec::new(),
    };
    let progress = &options.progress;
    progress.start(checked.len() + index_only.len());
    let (first_pass, others): (Vec<FileReport>, Vec<Article>) = rayon::join(
        || {
            checked
                .par_iter()
                .map(|target| check_target(target, options))
                .inspect(|_| progress.tick())
                .collect()
        },
        || {
            index_only
                .par_iter()
                .filter_map(|target| {
                    progress.tick();
                    summarize(target)
                })
                .collect()
        },
    );
    progress.finish();
    let mut articles = others;
    articles.extend(first_pass.iter().filter_map(|f| f.article.clone()));
    let index = Index::new(articles);
    let mut files: Vec<FileReport> = first_pass
        .into_par_iter()
        .map(|report| finish(report, &index, options))
        .collect();
    if files.iter().any(|f| f.fixed > 0) {
        recheck_corpus(&mut files, index, config);
    }
    for file in &mut files {
        file.local = Vec::new();
        if file.diagnostics.is_empty() {
            file.source = None;
        }
    }
    Report {
        files_checked: files.len(),
        files,
        baselined: 0,
    }
}

/// The paths whose articles references resolve against: `--root` or the config's `root`, else
/// the current directory when every checked path lies under it, else (`None`) just the
/// checked files.
fn content_root(options: &Options) -> Option<Vec<PathBuf>> {
    if let Some(root) = &options.root {
        return Some(vec![root.clone()]);
    }
    let cwd = crate::discover::absolute(Path::new("."));
    let all_under = options
        .paths
        .iter()
        .all(|p| crate::discover::absolute(p).starts_with(&cwd));
    all_under.then(|| vec![PathBuf::from(".")])
}

/// After fixes changed some articles, checks the cross-article rules again against an index
/// of the fixed articles, so the report says what really remains.
fn recheck_corpus(files: &mut [FileReport], index: Index, config: &Config) {
    let mut fixed: HashMap<&PathBuf, &Article> = files
        .iter()
        .filter(|f| f.fixed > 0)
        .filter_map(|f| Some((&f.path, f.article.as_ref()?)))
        .collect();
    let articles: Vec<Article> = index
        .articles
        .into_iter()
        .map(|a| match fixed.remove(&a.path) {
            Some(new) => new.clone(),
            None => a,
        })
        .collect();
    let index = Index::new(articles);
    files.par_iter_mut().for_each(|file| {
        if file.article.is_some() {
            file.diagnostics = evaluate(file, file.local.clone(), &index, config);
        }
    });
}

/// The diagnostics of a file in force: its own rules' `local` ones and the cross-article ones,
/// less what its suppression comments hide, at the severities the configuration gives, in
/// order.
fn evaluate(
    file: &FileReport,
    local: Vec<Diagnostic>,
    index: &Index,
    config: &Config,
) -> Vec<Diagnostic> {
    let mut all = local;
    if let Some(article) = &file.article {
        rules::check_corpus(article, index, &mut all);
    }
    file.suppressions.apply(&mut all);
    all.retain_mut(|d| {
        let severity = rules::lookup(d.rule).and_then(|rule| config.severity(&file.path, rule));
        if let Some(severity) = severity {
            d.severity = severity;
        }
        severity.is_some()
    });
    all.sort_by(|a, b| (a.span.start, a.span.end, a.rule).cmp(&(b.span.start, b.span.end, b.rule)));
    all
}

/// Reads one index-only file's summary; files that cannot be read or parsed are left out (they
/// are reported when they are checked themselves).
fn summarize(target: &Target) -> Option<Article> {
    let bytes = std::fs::read(&target.path).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let doc = Document::parse_fields(&text, crate::index::SUMMARY_FIELDS)?;
    Some(Article::from_document(&target.path, &doc, false))
}

/// Reads and checks one file with the per-file rules.
fn check_target(target: &Target, options: &Options) -> FileReport {
    let bytes = match &target.problem {
        Some(problem) => Err(problem.clone()),
        None => std::fs::read(&target.path).map_err(|e| io_reason(&e)),
    };
    let mut report = FileReport::new(target.path.clone(), None, Vec::new());
    match bytes {
        Err(reason) => report.local = vec![rules::io_error::diagnostic(&reason)],
        Ok(bytes) => {
            let checked = check_bytes(&target.path, bytes, options);
            report.source = checked.source;
            report.local = checked.diagnostics;
            report.article = checked.article;
            report.suppressions = checked.suppressions;
        }
    }
    report
}

/// Adds the cross-file diagnostics, applies suppressions and severities, and fixes when asked.
fn finish(mut report: FileReport, index: &Index, options: &Options) -> FileReport {
    // The per-file diagnostics are kept only when fixes may make the cross-article ones change.
    let local = if options.fix == FixMode::Off {
        std::mem::take(&mut report.local)
    } else {
        report.local.clone()
    };
    report.diagnostics = evaluate(&report, local, index, &options.config);
    if options.fix != FixMode::Off {
        fix_file(&mut report, index, options);
    } else if report.diagnostics.is_empty() {
        // The source is kept only to show diagnostics in. After fixes the cross-article rules
        // run again (see `recheck_corpus`) and may find something in any file.
        report.source = None;
    }
    report
}

/// Applies fixes to a checked file until none applies, then writes it (or records the diff).
fn fix_file(report: &mut FileReport, index: &Index, options: &Options) {
    let (FixMode::Apply(applicability) | FixMode::Diff(applicability)) = options.fix else {
        return;
    };
    let Some(original) = report.source.clone() else {
        return;
    };
    let mut text = original.clone();
    let mut fixed = 0;
    for _ in 0..MAX_FIX_PASSES {
        let Some((next, count)) = fix::apply(&text, &report.diagnostics, applicability) else {
            break;
        };
        fixed += count;
        recheck(report, &next, index, options);
        text = next;
    }
    if fixed == 0 {
        return;
    }
    if options.fix == FixMode::Diff(applicability) {
        let path = report.path.display().to_string();
        report.diff = Some(fix::unified_diff(&path, &original, &text));
    } else if let Err(error) = fix::write_atomic(&report.path, text.as_bytes()) {
        // Nothing was written: report the file as it is, and why it was not fixed.
        recheck(report, &original, index, options);
        report
            .diagnostics
            .push(rules::io_error::cannot_write(&io_reason(&error)));
        report.source = Some(original);
        return;
    }
    report.fixed = fixed;
    report.source = Some(text);
}

/// Checks `text` as the new content of `report`'s file.
fn recheck(report: &mut FileReport, text: &str, index: &Index, options: &Options) {
    let checked = check_text(&report.path, text, options);
    report.article = checked.article;
    report.suppressions = checked.suppressions;
    report.diagnostics = evaluate(report, checked.diagnostics.clone(), index, &options.config);
    report.local = checked.diagnostics;
}

/// What the per-file rules found in one file.
#[derive(Debug)]
pub struct Checked {
    /// The text to show diagnostics in (invalid UTF-8 replaced), if the file is text.
    pub source: Option<String>,
    /// The diagnostics, before suppressions and severities.
    pub diagnostics: Vec<Diagnostic>,
    /// The article's summary, when its front matter could be read.
    pub article: Option<Article>,
    /// The file's suppression comments.
    pub suppressions: Suppressions,
}

/// Checks one file's bytes with the per-file rules.
pub fn check_bytes(path: &Path, bytes: Vec<u8>, options: &Options) -> Checked {
    let unreadable = |diagnostic, source| Checked {
        source,
        diagnostics: vec![diagnostic],
        article: None,
        suppressions: Suppressions::default(),
    };
    if let Some(nul) = bytes.iter().position(|&b| b == 0) {
        return unreadable(rules::encoding::binary(nul), None);
    }
    match String::from_utf8(bytes) {
        Ok(text) => {
            let checked = check_text(path, &text, options);
            Checked {
                source: Some(text),
                ..checked
            }
        }
        Err(error) => {
            let bytes = error.as_bytes();
            let start = error.utf8_error().valid_up_to();
            let len = error
                .utf8_error()
                .error_len()
                .unwrap_or(bytes.len() - start);
            unreadable(
                rules::encoding::invalid_utf8(start, &bytes[start..start + len]),
                Some(String::from_utf8_lossy(bytes).into_owned()),
            )
        }
    }
}

/// Runs every per-file rule on one article's text (`source` is left empty: the caller owns
/// the text).
pub fn check_text(path: &Path, text: &str, options: &Options) -> Checked {
    let mut diagnostics = Vec::new();
    textscan::check(text, &mut diagnostics);
    let mut suppressions = Suppressions::default();
    let article = Document::parse(text, &mut diagnostics).map(|doc| {
        let schema_key = doc
            .root
            .as_ref()
            .and_then(|r| r.get("_schema"))
            .and_then(|n| n.as_str());
        let schema = options
            .config
            .schema_for(path, schema_key)
            .unwrap_or(&options.schema);
        rules::schema::check(
            doc.root.as_ref(),
            doc.front_matter.open.clone(),
            schema,
            &mut diagnostics,
        );
        rules::latex_newline_collision::check(&doc, &mut diagnostics);
        let article = Article::from_document(path, &doc, true);
        rules::check_article(&article, &doc, &options.config.settings, &mut diagnostics);
        suppressions = Suppressions::parse(&doc);
        article
    });
    Checked {
        source: None,
        diagnostics,
        article,
        suppressions,
    }
}

/// An I/O error as a short reason, without the `(os error N)` suffix.
fn io_reason(error: &std::io::Error) -> String {
    let text = error.to_string();
    match text.find(" (os error") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}
