//! The bodies of the fuzz targets, shared by the cargo-fuzz targets in `fuzz/` and by the
//! stable harness in `tests/fuzz.rs` (the seed corpus and property-test cases through
//! `cargo test`), so that both run the same code and neither can rot.
//!
//! Each function takes arbitrary bytes and returns normally unless an invariant breaks, in
//! which case it panics with what broke; a crash, an abort or a hang is a finding too.
//!
//! - [`split`]: the front-matter splitter's ranges are ordered, in bounds and on character
//!   boundaries.
//! - [`yaml_tree`]: every span of the YAML tree and of its errors lies in the text.
//! - [`check`]: the whole per-file check of one article against a fixed small site, with
//!   every rule on, and its human report: every span, label and edit lies in the text.
//! - [`fix`]: `--fix --unsafe-fixes` on a real folder holding the site and the article (see
//!   [`fix`] for what it checks).

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::core::check::{self, Input};
use crate::core::diagnostic::{Applicability, Diagnostic};
use crate::core::document::Document;
use crate::core::frontmatter;
use crate::core::index::{Index, path_key};
use crate::core::report::{FileResult, Report};
use crate::core::rules::RuleId;
use crate::core::schema::Schema;
use crate::core::settings::{RuleTable, Settings};
use crate::core::yaml::{self, Node, NodeKind};
use crate::workspace::config::RuleChoices;
use crate::workspace::{
    CacheLocation, Collect, ConfigSource, FixMode, NoProgress, Options, Workspace,
};

/// Where the fuzz targets put the fuzzed article, relative to the site's content folder.
pub const ARTICLE: &str = "learn/health-studies/fuzzed-article.md";

/// A small fixed site the fuzzed article is checked against: Markdown files by their path
/// relative to the content folder.
#[derive(Debug, Clone, Default)]
pub struct Site {
    files: Vec<(PathBuf, Vec<u8>)>,
}

impl Site {
    /// Reads every `*.md` file under `dir`, in path order.
    pub fn load(dir: &Path) -> std::io::Result<Self> {
        let mut files = Vec::new();
        for path in files_under(dir)? {
            if path.extension().is_some_and(|e| e == "md") {
                let relative = path.strip_prefix(dir).expect("under dir").to_path_buf();
                files.push((relative, std::fs::read(&path)?));
            }
        }
        Ok(Self { files })
    }

    /// The site with the file at `relative` replaced by (or set to) `bytes`.
    pub fn with(&self, relative: &str, bytes: &[u8]) -> Self {
        let mut site = self.clone();
        site.files.retain(|(p, _)| p != Path::new(relative));
        site.files.push((PathBuf::from(relative), bytes.to_vec()));
        site.files.sort();
        site
    }

    /// The files, by path relative to the content folder.
    pub fn files(&self) -> &[(PathBuf, Vec<u8>)] {
        &self.files
    }

    fn index(&self, root: &Path) -> Index {
        let mut index = Index::new(root);
        for (relative, bytes) in &self.files {
            let canonical = root.join(relative);
            if let Some(summary) = check::summarize(&canonical, bytes) {
                index.upsert(path_key(&canonical), &summary);
            }
        }
        index
    }
}

/// Splits `data` into front matter and body.
pub fn split(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let Ok(fm) = frontmatter::split(&text) else {
        return;
    };
    let order = [
        fm.open.start,
        fm.open.end,
        fm.yaml.start,
        fm.yaml.end,
        fm.close.start,
        fm.close.end,
        fm.body,
    ];
    assert!(
        order.windows(2).all(|w| w[0] <= w[1]) && fm.body <= text.len(),
        "front matter ranges out of order: {fm:?} in {} bytes",
        text.len()
    );
    assert!(order.iter().all(|&at| text.is_char_boundary(at)));
    assert_eq!(&text[fm.open.clone()], "---");
    assert!(matches!(&text[fm.close.clone()], "---" | "..."));
}

/// Parses `data` as YAML, and as a Markdown file's front matter.
pub fn yaml_tree(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let parsed = yaml::parse(&text, 0);
    if let Some(error) = &parsed.error {
        in_text(&text, &(error.offset..error.offset), "syntax error");
        if let Some(open) = error.unclosed {
            in_text(&text, &(open..open), "unclosed collection");
        }
    }
    for duplicate in &parsed.duplicates {
        in_text(&text, &duplicate.first, "duplicate key");
        in_text(&text, &duplicate.second, "duplicate key");
    }
    if let Some(root) = &parsed.root {
        walk(&text, root);
        let _ = root.to_json();
    }
    let mut out = Vec::new();
    if let Some(doc) = Document::parse(&text, &mut out)
        && let Some(root) = &doc.root
    {
        walk(&text, root);
    }
    for d in &out {
        diagnostic_in_text(&text, d);
    }
}

/// Every node's span lies in `text` (an explicit stack: the depth is the input's).
fn walk(text: &str, root: &Node) {
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        in_text(text, &node.span, "node");
        match &node.kind {
            NodeKind::Scalar { .. } => {}
            NodeKind::Mapping(entries) => {
                for entry in entries {
                    stack.push(&entry.key);
                    stack.push(&entry.value);
                }
            }
            NodeKind::Sequence(items) => stack.extend(items),
        }
    }
}

/// Checks `data` as the article at `at` (relative to the content folder) of `site` with
/// every rule on, and writes its human report.
pub fn check(site: &Site, at: &str, data: &[u8]) {
    let root = Path::new("/site/content");
    let path = root.join(at);
    let folder = path
        .parent()
        .and_then(Path::file_name)
        .and_then(|f| f.to_str());
    let index = site.with(at, data).index(root);
    let settings = Settings::default();
    let table = RuleTable::default();
    let schema = Schema::embedded();
    let schema_for = |_: Option<&str>| &schema;
    let input = Input {
        path: &path,
        folder,
        settings: &settings,
        table: &table,
        schema_for: &schema_for,
    };
    let mut checked = check::check_file(&input, data.to_vec());
    let finished = check::finish(&mut checked, &index, &settings, &table);
    if let Some(text) = &checked.text {
        for d in &finished.diagnostics {
            diagnostic_in_text(text, d);
        }
    }
    let report = Report::new(vec![FileResult {
        path,
        diagnostics: finished.diagnostics,
        source: checked.text.map(Into::into),
    }]);
    let style = crate::cli::output::human::Style {
        color: true,
        width: 100,
        summary: true,
        sort: crate::cli::output::SortOrder::Path,
    };
    crate::cli::output::human::write(&report, style, &mut std::io::sink())
        .expect("writing to a sink");
}

fn diagnostic_in_text(text: &str, d: &Diagnostic) {
    in_text(text, &d.span, d.rule.name());
    for label in &d.labels {
        in_text(text, &label.span, d.rule.name());
    }
    for edit in d.fix.iter().flat_map(|f| &f.edits) {
        in_text(text, &edit.range, d.rule.name());
    }
}

fn in_text(text: &str, span: &Range<usize>, what: &str) {
    assert!(
        span.start <= span.end
            && span.end <= text.len()
            && text.is_char_boundary(span.start)
            && text.is_char_boundary(span.end),
        "{what}: span {span:?} is not in the text ({} bytes)",
        text.len()
    );
}

/// What one file looked like to a check: its bytes and what was reported.
#[derive(Debug, Clone, PartialEq)]
struct Seen {
    bytes: Vec<u8>,
    diagnostics: Vec<Reported>,
}

/// A diagnostic as a report shows it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Reported {
    rule: &'static str,
    span: (usize, usize),
    message: String,
    edits: Vec<(usize, usize, String)>,
}

/// The rules whose diagnostics mean the front matter could not be read.
const UNREADABLE: [RuleId; 4] = [
    RuleId::YamlSyntax,
    RuleId::FrontMatterMissing,
    RuleId::FrontMatterUnclosed,
    RuleId::Encoding,
];

/// Runs `--fix --unsafe-fixes` on a folder holding `site` with `data` as the article at `at`
/// (relative to the content folder), in a fresh temporary directory, and panics unless:
/// - the files end as rounds of "check, then apply the reported fixes" make them, each round
///   changing only lines its check reported a problem on, and the rounds settle;
/// - a file whose front matter could be read still can;
/// - the count of fixed files is the count of files whose bytes changed;
/// - the report after fixing equals a fresh check of the fixed folder;
/// - a second `--fix` changes nothing.
pub fn fix(site: &Site, at: &str, data: &[u8]) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let content = dir.path().join("content");
    for (relative, bytes) in site.with(at, data).files() {
        let path = content.join(relative);
        std::fs::create_dir_all(path.parent().expect("in a folder")).expect("create folder");
        std::fs::write(&path, bytes).expect("write the site");
    }
    let root = std::fs::canonicalize(&content).expect("canonical content folder");
    let before = seen(&root, &check_site(&root));
    let replayed = replay(&root);
    let (after_fix, fixed_files) = fix_site(&root);
    let after = read_all(&root);
    let mut changed = 0;
    for (path, old) in &before {
        let new = &after[path];
        let expected: &[u8] = replayed
            .get(path)
            .map_or(&old.bytes, |text| text.as_bytes());
        assert!(
            new[..] == *expected,
            "{}: --fix wrote other bytes than its rounds of reported fixes make:\n{}",
            path.display(),
            similar::TextDiff::from_lines(
                &*String::from_utf8_lossy(expected),
                &*String::from_utf8_lossy(new)
            )
            .unified_diff()
        );
        changed += usize::from(*new != old.bytes);
    }
    assert_eq!(
        fixed_files, changed,
        "the run says it fixed {fixed_files} files; {changed} changed"
    );
    let fresh = seen(&root, &check_site(&root));
    for (path, old) in &before {
        let readable = |s: &Seen| !s.diagnostics.iter().any(|d| unreadable(d.rule));
        assert!(
            !readable(old) || readable(&fresh[path]),
            "{}: fixing made the front matter unreadable: {:?}",
            path.display(),
            fresh[path].diagnostics
        );
    }
    let reported = seen(&root, &after_fix);
    assert_eq!(
        reported, fresh,
        "the report after fixing differs from a fresh check"
    );
    let (_, again) = fix_site(&root);
    assert_eq!(again, 0, "a second --fix fixed {again} more files");
    assert_eq!(read_all(&root), after, "a second --fix changed files");
}

/// What rounds of "check the site, apply every reported fix" make of the files under
/// `root`, with the files untouched (the texts stand in for them): the final text of every
/// file a fix changed. Each round may change only lines its check reported a problem on, and
/// the rounds must settle.
fn replay(root: &Path) -> HashMap<PathBuf, String> {
    let mut workspace = open(root);
    let mut texts: HashMap<PathBuf, String> = HashMap::new();
    for _ in 0..MAX_ROUNDS {
        for (path, text) in &texts {
            workspace.set_overlay(path, Some(text.as_str().into()));
        }
        let mut collect = Collect::default();
        workspace
            .check(&[root.to_path_buf()], &mut collect, &NoProgress)
            .expect("check");
        let mut changed = false;
        for file in &collect.files {
            let Some(source) = &file.source else { continue };
            let Some((new, applied)) =
                crate::core::fix::apply(source, &file.diagnostics, Applicability::Unsafe)
            else {
                continue;
            };
            if *new == **source {
                continue;
            }
            let path = root.join(&file.path);
            let applied: Vec<Reported> = applied
                .iter()
                .map(|&i| reported(&file.diagnostics[i]))
                .collect();
            only_reported_lines_changed(&path, source, &new, &applied);
            texts.insert(path, new);
            changed = true;
        }
        if !changed {
            return texts;
        }
    }
    panic!("the fixes do not settle after {MAX_ROUNDS} rounds: {texts:#?}");
}

/// As many rounds as `--fix` runs at most.
const MAX_ROUNDS: usize = 10;

fn reported(d: &Diagnostic) -> Reported {
    Reported {
        rule: d.rule.name(),
        span: (d.span.start, d.span.end),
        message: d.message.clone(),
        edits: d
            .fix
            .iter()
            .flat_map(|f| &f.edits)
            .map(|e| (e.range.start, e.range.end, e.replacement.clone()))
            .collect(),
    }
}

fn unreadable(rule: &str) -> bool {
    UNREADABLE.iter().any(|r| r.name() == rule)
}

fn open(root: &Path) -> Workspace {
    Workspace::open(Options {
        cwd: root.to_path_buf(),
        config: ConfigSource::Isolated,
        choices: RuleChoices::default(),
        url_pattern: None,
        schema: None,
        root: Some(root.to_path_buf()),
        cache: CacheLocation::Off,
        force_exclude: false,
    })
    .unwrap_or_else(|_| panic!("the workspace at {} opens", root.display()))
}

fn check_site(root: &Path) -> Vec<FileResult> {
    let mut collect = Collect::default();
    open(root)
        .check(&[root.to_path_buf()], &mut collect, &NoProgress)
        .expect("check");
    collect.files
}

/// Fixes the site; returns the report after fixing and how many files it says it fixed.
fn fix_site(root: &Path) -> (Vec<FileResult>, usize) {
    let mut collect = Collect::default();
    let outcome = open(root)
        .fix(
            &[root.to_path_buf()],
            Applicability::Unsafe,
            FixMode::Write,
            &mut collect,
            &NoProgress,
        )
        .expect("fix");
    (collect.files, outcome.totals.fixed.files)
}

fn read_all(root: &Path) -> HashMap<PathBuf, Vec<u8>> {
    files_under(root)
        .expect("read the site")
        .into_iter()
        .map(|path| {
            let bytes = std::fs::read(&path).expect("read a file");
            (path, bytes)
        })
        .collect()
}

/// Every file under `dir`, in path order.
pub fn files_under(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder)? {
            let path = entry?.path();
            if path.is_dir() {
                folders.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

fn seen(root: &Path, results: &[FileResult]) -> HashMap<PathBuf, Seen> {
    let bytes = read_all(root);
    let mut by_path = HashMap::new();
    for file in results {
        let path = if file.path.is_absolute() {
            file.path.clone()
        } else {
            root.join(&file.path)
        };
        let mut diagnostics: Vec<Reported> = file.diagnostics.iter().map(reported).collect();
        diagnostics.sort();
        let own = bytes.get(&path).cloned().unwrap_or_default();
        by_path.insert(
            path,
            Seen {
                bytes: own,
                diagnostics,
            },
        );
    }
    for (path, own) in bytes {
        by_path.entry(path).or_insert(Seen {
            bytes: own,
            diagnostics: Vec::new(),
        });
    }
    by_path
}

/// `new` is `old` with only lines that carry a reported diagnostic (its span, or one of its
/// fix's edits, touches the line) replaced: every other line of `old` is in `new`, in order and
/// byte for byte. (A line diff cannot tell: between two equal lines it may pick either.)
fn only_reported_lines_changed(path: &Path, old: &str, new: &str, reported: &[Reported]) {
    let lines: Vec<&str> = old.split_inclusive('\n').collect();
    let mut starts = Vec::with_capacity(lines.len());
    let mut at = 0;
    for line in &lines {
        starts.push(at);
        at += line.len();
    }
    let line_of = |offset: usize| starts.partition_point(|&s| s <= offset).saturating_sub(1);
    let mut marked = vec![false; lines.len()];
    let spans = reported
        .iter()
        .flat_map(|d| std::iter::once(d.span).chain(d.edits.iter().map(|e| (e.0, e.1))));
    for (start, end) in spans {
        let last = line_of(end.saturating_sub(1).max(start));
        for line in marked.iter_mut().take(last + 1).skip(line_of(start)) {
            *line = true;
        }
    }
    // `old` as a pattern: the unmarked runs of lines are literals, each marked run a wildcard.
    let mut pattern: Vec<Option<String>> = Vec::new();
    for (line, &mark) in lines.iter().zip(&marked) {
        match (pattern.last_mut(), mark) {
            (Some(None), true) => {}
            (_, true) => pattern.push(None),
            (Some(Some(literal)), false) => literal.push_str(line),
            (_, false) => pattern.push(Some(line.to_string())),
        }
    }
    if !matches(&pattern, new) {
        panic!(
            "{}: fixing changed lines where nothing was reported:\n{}\nreported: {reported:#?}",
            path.display(),
            similar::TextDiff::from_lines(old, new).unified_diff()
        );
    }
}

/// Whether `text` matches `pattern` (literals, and `None` for any text), anchored at both
/// ends: the greedy leftmost match is right for patterns with no other wildcard.
fn matches(pattern: &[Option<String>], text: &str) -> bool {
    let (mut start, mut end) = (0, text.len());
    let mut middle = pattern;
    if let [Some(first), rest @ ..] = middle {
        if !text.starts_with(first.as_str()) {
            return false;
        }
        start = first.len();
        middle = rest;
    }
    if let [rest @ .., Some(last)] = middle {
        if !text[start..].ends_with(last.as_str()) {
            return false;
        }
        end = text.len() - last.len();
        middle = rest;
    }
    if middle.is_empty() {
        return start == end || pattern.iter().any(Option::is_none);
    }
    for literal in middle.iter().flatten() {
        match text[start..end].find(literal.as_str()) {
            Some(found) => start += found + literal.len(),
            None => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::matches;

    fn pattern(parts: &[Option<&str>]) -> Vec<Option<String>> {
        parts.iter().map(|p| p.map(str::to_string)).collect()
    }

    #[test]
    fn literals_must_stay_in_order_and_wildcards_take_anything() {
        let p = pattern(&[Some("a\n"), None, Some("c\n")]);
        assert!(matches(&p, "a\nc\n"));
        assert!(matches(&p, "a\nB\nB\nc\n"));
        assert!(!matches(&p, "a\nb\n"));
        assert!(!matches(&p, "x\nb\nc\n"));
        let exact = pattern(&[Some("a\nb\n")]);
        assert!(matches(&exact, "a\nb\n"));
        assert!(!matches(&exact, "a\nb\nc\n"));
        let inner = pattern(&[None, Some("k\n"), None]);
        assert!(matches(&inner, "x\nk\ny\n"));
        assert!(!matches(&inner, "x\ny\n"));
    }
}
