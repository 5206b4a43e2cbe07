//! The workspace: everything that touches the file system around the pure [`crate::core`]:
//! the configuration, which files to check, reading and writing them, the cache, and the
//! index of the whole site.
//!
//! One check goes: discover the checked files and the content root's files; build the index
//! from every file's summary (from the cache when the file is unchanged); then, in path
//! order and a chunk at a time on every core, check each file (or reuse its cached result
//! when neither it nor anything it looked up changed) and hand its result to a [`Sink`]. A
//! file's text is held only while it is checked, or while the sink needs it to show
//! excerpts, so memory grows with the index, not with the site.
//!
//! Fixing is checking in rounds: check, apply the fixes to the files (or, for a diff, to
//! in-memory copies), check again (only what changed and what depends on it is read again)
//! until nothing is left to fix, and report the last check. The report after fixing is
//! therefore always a fresh check of the fixed files.

pub mod cache;
pub mod cloudcannon;
pub mod config;
pub mod describe;
pub mod discover;
pub mod fs;
pub mod proposals;
mod read_files;
pub mod session;

use std::collections::{HashMap, HashSet};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use rayon::prelude::*;
use rustc_hash::FxHashSet;

use crate::core::baseline::{self, Baseline, Fingerprint};
use crate::core::check::{self, Checked, Input};
use crate::core::diagnostic::{Applicability, Diagnostic};
use crate::core::fix;
use crate::core::index::{Base, Index, Provides};
use crate::core::report::{FileResult, Fixed, Totals};
use crate::core::rules::{self, RuleId, io_error};
use crate::core::schema::Schema;
use crate::core::settings::{RuleTable, Settings};
use cache::{Cache, Fresh, ResultsTable, Stamp, Summaries};
use config::{Config, ConfigError, RuleChoices};
use discover::{Paths, Problem, Target};
use read_files::{Indexed, ReadFiles};

/// How many files are checked before their results are handed on: enough for every core to
/// be busy (each chunk ends with cores waiting for its slowest file: at 512 the cores were
/// idle 5-9% of a 1,000,000-article check, at 2,048 2-4%), few enough that memory stays small
/// (+8 MiB on 36,000 articles).
const CHUNK: usize = 2048;

/// How many rounds of fixing at most: fixes that only become possible after others (edits
/// that overlapped, cross-article copies of a fixed title) get their round.
const MAX_FIX_ROUNDS: usize = 10;

/// Which config file to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigSource {
    /// The nearest `contentlint.toml` above the working directory.
    Nearest,
    /// This file.
    File(PathBuf),
    /// None.
    Isolated,
}

/// Where the cache lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CacheLocation {
    /// In memory only (`--no-cache`).
    Off,
    /// The default: `.contentlint_cache` beside the config file, else in the content root,
    /// else in the working directory.
    Default,
    /// This folder (`--cache-dir`, `CONTENTLINT_CACHE_DIR`).
    Dir(PathBuf),
}

/// How to open a workspace.
#[derive(Debug, Clone)]
pub struct Options {
    /// The working directory relative paths are taken from.
    pub cwd: PathBuf,
    /// Which config file to read.
    pub config: ConfigSource,
    /// `--select`, `--ignore`, `--severity`.
    pub choices: RuleChoices,
    /// `--url-pattern`.
    pub url_pattern: Option<String>,
    /// `--schema`.
    pub schema: Option<PathBuf>,
    /// `--root`.
    pub root: Option<PathBuf>,
    /// Where the cache lives.
    pub cache: CacheLocation,
    /// `--force-exclude`: the config's `include` applies to files named directly too.
    pub force_exclude: bool,
}

/// Why a workspace could not be opened.
#[derive(Debug)]
pub enum OpenError {
    /// The config file is wrong (with where).
    Config(ConfigError),
    /// Anything else, said in a sentence.
    Other(String),
}

/// Receives a check's results, one file at a time, in path order.
pub trait Sink {
    /// Whether results should carry their file's text (to show excerpts).
    fn wants_sources(&self) -> bool;
    /// Called once, before the first file, with how many files will be checked.
    fn start(&mut self, files: usize) -> io::Result<()>;
    /// One checked file's result.
    fn file(&mut self, file: FileResult) -> io::Result<()>;
    /// Called once after the last file. `source` reads a file that a note points into.
    fn finish(
        &mut self,
        totals: &Totals,
        source: &dyn Fn(&Path) -> Option<Arc<str>>,
    ) -> io::Result<()>;
}

/// Told how a long check goes (for a progress bar).
pub trait Progress: Sync {
    /// The check will look at `files` files.
    fn start(&self, files: usize);
    /// One more file done.
    fn tick(&self);
    /// Done.
    fn finish(&self);
    /// The run waits for something (`why` says what), for as long as it takes.
    fn waiting(&self, why: &str) {
        let _ = why;
    }
}

/// No progress to show.
pub struct NoProgress;

impl Progress for NoProgress {
    fn start(&self, _: usize) {}
    fn tick(&self) {}
    fn finish(&self) {}
}

/// What to do with fixes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixMode {
    /// Apply them and rewrite the files.
    Write,
    /// Work out what they would change, writing nothing.
    Diff,
}

/// What a check did besides its results: cache and fix counts, diffs.
#[derive(Debug, Default)]
pub struct Outcome {
    /// The totals.
    pub totals: Totals,
    /// With `--diff`, the unified diff of every file fixing would change.
    pub diffs: Vec<String>,
    /// Files read and checked in the last round (the others came from the cache).
    pub rechecked: usize,
    /// Files whose summaries were read to build the index (the others came from the cache).
    pub summarized: usize,
    /// How long each step took, in order.
    pub timings: Vec<(&'static str, std::time::Duration)>,
}

/// Times the steps of a check.
#[derive(Debug)]
struct Clock {
    last: std::time::Instant,
    laps: Vec<(&'static str, std::time::Duration)>,
}

impl Clock {
    fn start() -> Self {
        Self {
            last: std::time::Instant::now(),
            laps: Vec::new(),
        }
    }

    fn lap(&mut self, name: &'static str) {
        let now = std::time::Instant::now();
        self.laps.push((name, now - self.last));
        self.last = now;
    }
}

/// A workspace: a configuration, the files it applies to, and what is known about them.
pub struct Workspace {
    paths: Paths,
    config: Config,
    /// Every file's rule table, when no override makes them differ (built once, not per file).
    uniform_table: Option<RuleTable>,
    settings: Settings,
    default_schema: Schema,
    root: Option<PathBuf>,
    cache: Cache,
    /// Settings fingerprint, for the results table (the content root is added per check).
    settings_key: u64,
    /// Texts that stand in for files (unsaved editor buffers, `--diff` rounds).
    overlays: HashMap<PathBuf, Arc<str>>,
    /// The summaries the cache had when the workspace opened: the index's base.
    base: Option<Arc<Summaries>>,
    /// Every article the last check looked at.
    index: Index,
    /// The files read since the workspace opened, by the key of their canonical path.
    files: ReadFiles,
    max_file_size: u64,
    baseline: Option<Baseline>,
    /// Whether results are kept for later checks in this process (fixing rounds, an editor),
    /// even when the cache is not kept on disk.
    remember: bool,
    /// Where settings came from, for `--show-settings`.
    origins: describe::Origins,
    /// One-line notices for stderr (see [`Workspace::take_notices`]).
    notices: Vec<String>,
}

impl Workspace {
    /// Opens the workspace `options` describe: finds and loads the configuration and the
    /// schemas, and the cache.
    pub fn open(options: Options) -> Result<Self, OpenError> {
        let paths = Paths::new(&options.cwd);
        let file = match &options.config {
            ConfigSource::Isolated => None,
            ConfigSource::File(file) => Some(paths.absolute(file)),
            ConfigSource::Nearest => Config::discover(paths.cwd()),
        };
        let mut config = match &file {
            Some(file) => {
                let canonical = std::fs::canonicalize(file).unwrap_or_else(|_| file.clone());
                Config::load(&canonical).map_err(|mut e| {
                    e.path = paths.display(&e.path);
                    OpenError::Config(e)
                })?
            }
            None => Config::default(),
        };
        config.choices = options.choices.clone();
        let origin = |cli: bool, file: bool| match (cli, file) {
            (true, _) => describe::Origin::CommandLine,
            (false, true) => describe::Origin::Config,
            (false, false) => describe::Origin::Default,
        };
        let origins = describe::Origins {
            root: origin(options.root.is_some(), config.root.is_some()),
            url_pattern: origin(options.url_pattern.is_some(), config.sets_url_pattern),
            schema: origin(options.schema.is_some(), false),
            force_exclude: origin(options.force_exclude, config.filter.force),
        };
        config.filter.force |= options.force_exclude;
        let mut settings = config.settings.clone();
        if let Some(pattern) = &options.url_pattern {
            settings.url_pattern = pattern.clone();
        }
        let default_schema = match &options.schema {
            Some(path) => config::load_schema(&paths.absolute(path)).map_err(OpenError::Other)?,
            None => Schema::embedded(),
        };
        let root = options
            .root
            .as_ref()
            .map(|r| paths.absolute(r))
            .or_else(|| config.root.clone());
        if let Some(root) = &root
            && !root.exists()
        {
            return Err(OpenError::Other(format!(
                "the content root `{}` does not exist",
                paths.display(root).display()
            )));
        }
        let root = root.map(|r| std::fs::canonicalize(&r).unwrap_or(r));
        let cache = match &options.cache {
            CacheLocation::Off => Cache::in_memory(),
            CacheLocation::Dir(dir) => Cache::open(paths.absolute(dir)),
            CacheLocation::Default => {
                let base = config
                    .file
                    .as_ref()
                    .and_then(|f| f.parent().map(Path::to_path_buf))
                    .or_else(|| root.clone())
                    .unwrap_or_else(|| paths.cwd().to_path_buf());
                Cache::open(base.join(cache::DIR_NAME))
            }
        };
        let base = cache.summaries().cloned();
        let index = match &base {
            Some(base) => Index::with_base(paths.cwd(), base.clone()),
            None => Index::new(paths.cwd()),
        };
        let settings_key = {
            use std::hash::{Hash, Hasher};
            let mut h = rustc_hash::FxHasher::default();
            config.file.hash(&mut h);
            config.text.hash(&mut h);
            config.choices.hash(&mut h);
            settings.hash(&mut h);
            default_schema.fingerprint.hash(&mut h);
            config.schema_fingerprints().hash(&mut h);
            paths.cwd().hash(&mut h);
            h.finish()
        };
        Ok(Self {
            paths,
            uniform_table: config.uniform_table(),
            config,
            settings,
            default_schema,
            root,
            cache,
            settings_key,
            overlays: HashMap::new(),
            base,
            index,
            files: ReadFiles::default(),
            max_file_size: fs::DEFAULT_MAX_FILE_SIZE,
            baseline: None,
            remember: false,
            origins,
            notices: Vec::new(),
        })
    }

    /// The configuration in force.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// How paths are shown.
    pub fn paths(&self) -> &Paths {
        &self.paths
    }

    /// Reports only diagnostics that `baseline` does not record.
    pub fn set_baseline(&mut self, baseline: Option<Baseline>) {
        self.baseline = baseline;
    }

    /// Notices about the cache and the files (temporaries removed), for stderr.
    pub fn take_notices(&mut self) -> Vec<String> {
        let mut notices = std::mem::take(&mut self.notices);
        notices.extend(self.cache.take_notices());
        notices
    }

    /// The folder whose lock a run fixing `paths` holds: the content root, else the working
    /// directory.
    fn lock_folder(&self, paths: &[PathBuf]) -> PathBuf {
        self.content_root(paths)
            .unwrap_or_else(|| self.paths.cwd().to_path_buf())
    }

    /// Removes the temporary files an interrupted `--fix` left where this run's walk went:
    /// only ours (by name), only those older than this run, and only while holding the lock
    /// (`held`, else taken here if no fixing run holds it).
    fn remove_stale_temporaries(&mut self, paths: &[PathBuf], started: SystemTime, held: bool) {
        let found = self.paths.take_temporaries();
        if found.is_empty() {
            return;
        }
        let _lock = if held {
            None
        } else {
            match fs::FixLock::try_take(&self.lock_folder(paths)) {
                Some(lock) => Some(lock),
                None => return,
            }
        };
        let removed = fs::remove_stale_temporaries(&found, started);
        if removed > 0 {
            self.notices.push(format!(
                "removed {removed} temporary {} left by an interrupted `--fix`",
                if removed == 1 { "file" } else { "files" }
            ));
        }
    }

    /// Uses `text` as the content of `path` instead of the file (an unsaved editor buffer).
    pub fn set_overlay(&mut self, path: &Path, text: Option<Arc<str>>) {
        let path = self.paths.canonical(path);
        match text {
            Some(text) => {
                self.overlays.insert(path, text);
            }
            None => {
                self.overlays.remove(&path);
            }
        }
    }

    /// Checks every file under `paths` and hands the results to `sink`.
    pub fn check(
        &mut self,
        paths: &[PathBuf],
        sink: &mut dyn Sink,
        progress: &dyn Progress,
    ) -> io::Result<Outcome> {
        let mut clock = Clock::start();
        let started = SystemTime::now();
        let plan = self.plan(paths);
        self.remove_stale_temporaries(paths, started, false);
        clock.lap("discover");
        let mut outcome = self.run(&plan, sink, progress, Fixed::default(), &mut clock)?;
        self.save(&plan);
        clock.lap("save the cache");
        outcome.timings = clock.laps;
        Ok(outcome)
    }

    /// Fixes every file under `paths` (writing them, or working out the diff), then checks
    /// them again and hands the results to `sink`.
    pub fn fix(
        &mut self,
        paths: &[PathBuf],
        allowed: Applicability,
        mode: FixMode,
        sink: &mut dyn Sink,
        progress: &dyn Progress,
    ) -> io::Result<Outcome> {
        // One fixing run at a time on a content root: each reads the files after the other
        // wrote its fixes, and none is lost.
        let started = SystemTime::now();
        let lock_folder = self.lock_folder(paths);
        let _lock = fs::FixLock::wait(&lock_folder, || {
            progress.waiting(&format!(
                "Waiting for another contentlint run that is fixing files in {}...",
                self.paths.display(&lock_folder).display()
            ));
        });
        // Every round checks the files again: what is read is kept (and the walk looks up the
        // stamps that tell an unchanged file).
        self.remember = true;
        let mut plan = self.plan(paths);
        self.remove_stale_temporaries(paths, started, true);
        // Texts that stood in for files before fixing (standard input, editor buffers).
        let given: HashMap<PathBuf, Arc<str>> = self.overlays.clone();
        let mut original: Option<HashSet<Fingerprint>> = None;
        let mut unwritable: HashMap<PathBuf, String> = HashMap::new();
        // Every round works on overlays; files are written once, at the end, and only those
        // whose fixes settled and whose bytes changed.
        let mut before: HashMap<PathBuf, Arc<str>> = HashMap::new();
        let mut counts: HashMap<PathBuf, (usize, usize)> = HashMap::new();
        let mut seen: HashMap<PathBuf, HashSet<u64>> = HashMap::new();
        let mut settled = false;
        for round in 0..MAX_FIX_ROUNDS {
            let mut collect = Collect::default();
            let silent = NoProgress;
            let progress = if round == 0 { progress } else { &silent };
            self.run(
                &plan,
                &mut collect,
                progress,
                Fixed::default(),
                &mut Clock::start(),
            )?;
            let files = collect.files;
            let prints = |file: &FileResult| -> Vec<Fingerprint> { baseline::fingerprints(file) };
            if original.is_none() {
                original = Some(files.iter().flat_map(prints).collect());
            }
            let original = original.as_ref().expect("set above");
            // Fix each file whose diagnostics have applicable fixes, from the text they were
            // found in.
            let edits: Vec<(PathBuf, Arc<str>, String, usize, usize)> = files
                .par_iter()
                .filter(|f| !unwritable.contains_key(&self.paths.canonical(&f.path)))
                .filter_map(|file| {
                    let source = file.source.clone()?;
                    let (text, applied) = fix::apply(&source, &file.diagnostics, allowed)?;
                    if *text == *source {
                        return None;
                    }
                    let all = prints(file);
                    let known = applied
                        .iter()
                        .filter(|&&i| original.contains(&all[i]))
                        .count();
                    Some((
                        self.paths.canonical(&file.path),
                        source,
                        text,
                        known,
                        applied.len() - known,
                    ))
                })
                .collect();
            if edits.is_empty() {
                settled = true;
                break;
            }
            for (path, source, text, known, more) in edits {
                before.entry(path.clone()).or_insert(source);
                // A text this file already had: its fixes undo each other.
                let hash = xxhash_rust::xxh3::xxh3_64(text.as_bytes());
                if !seen.entry(path.clone()).or_default().insert(hash) {
                    self.unsettled(&path, &mut unwritable);
                    continue;
                }
                let count = counts.entry(path.clone()).or_default();
                count.0 += known;
                count.1 += more;
                self.overlays.insert(path, Arc::from(text));
            }
        }
        if !settled {
            // Files still changing after the last round: their fixes never settle (a fix that
            // leaves its own diagnostic in place, say). None of them is written.
            let still: Vec<PathBuf> = self
                .overlays
                .keys()
                .filter(|p| before.contains_key(*p) && !unwritable.contains_key(*p))
                .cloned()
                .collect();
            let mut collect = Collect::default();
            self.run(
                &plan,
                &mut collect,
                &NoProgress,
                Fixed::default(),
                &mut Clock::start(),
            )?;
            for file in &collect.files {
                let path = self.paths.canonical(&file.path);
                let unfinished = file.source.as_ref().is_some_and(|source| {
                    fix::apply(source, &file.diagnostics, allowed)
                        .is_some_and(|(text, _)| *text != **source)
                });
                if unfinished && still.contains(&path) {
                    self.unsettled(&path, &mut unwritable);
                }
            }
        }
        // What changed, file by file: the final text against the text first read.
        let mut fixed = Fixed::default();
        let mut changed_files: Vec<(PathBuf, Arc<str>, Arc<str>)> = Vec::new();
        for (path, old) in &before {
            if unwritable.contains_key(path) {
                continue;
            }
            let Some(new) = self.overlays.get(path).cloned() else {
                continue;
            };
            if *new == **old {
                // Fixes that cancel out: nothing to write, nothing to count.
                continue;
            }
            let (known, more) = counts.get(path).copied().unwrap_or_default();
            fixed.fixes += known;
            fixed.uncovered += more;
            changed_files.push((path.clone(), old.clone(), new));
        }
        changed_files.sort_by_key(|(p, _, _)| self.paths.display(p));
        let mut diffs = Vec::new();
        let mut written = HashSet::new();
        for (path, old, new) in &changed_files {
            match mode {
                FixMode::Diff => {
                    let shown = self.paths.display(path).display().to_string();
                    diffs.push(fix::unified_diff(&shown, old, new));
                }
                FixMode::Write => match fs::write_fixed(path, old, new.as_bytes()) {
                    Ok(()) => {
                        written.insert(path.clone());
                    }
                    Err(e) => {
                        let (known, more) = counts.get(path).copied().unwrap_or_default();
                        fixed.fixes -= known;
                        fixed.uncovered -= more;
                        unwritable.insert(path.clone(), fs::io_reason(&e));
                        continue;
                    }
                },
            }
            fixed.files += 1;
        }
        // The report is that of the files as they are now (and of the texts given for them).
        for path in before.keys() {
            match given.get(path) {
                Some(text) => self.overlays.insert(path.clone(), text.clone()),
                None => self.overlays.remove(path),
            };
        }
        plan.refresh(&written);
        let mut final_sink = WithWriteErrors {
            inner: sink,
            unwritable: unwritable
                .into_iter()
                .map(|(p, r)| (self.paths.display(&p), r))
                .collect(),
            added: Vec::new(),
        };
        let mut outcome = self.run(
            &plan,
            &mut final_sink,
            &NoProgress,
            fixed,
            &mut Clock::start(),
        )?;
        final_sink.count_in(&mut outcome.totals);
        self.save(&plan);
        outcome.diffs = diffs;
        Ok(outcome)
    }

    /// Marks a file whose fixes do not settle: its first text comes back and it is not written.
    fn unsettled(&mut self, path: &Path, unwritable: &mut HashMap<PathBuf, String>) {
        self.overlays.remove(path);
        unwritable.insert(
            path.to_path_buf(),
            "its fixes do not settle (applying them again keeps changing it), so none was written; please report this".to_string(),
        );
    }

    /// What a check of `paths` looks at: the checked files, and the content root's files.
    /// The root is walked once; the checked files under it are picked out of that walk. When
    /// no cross-article rule can run, the other files of the root are not needed.
    fn plan(&self, paths: &[PathBuf]) -> Plan {
        fs::forget_folders();
        // A file's size and modification time are its stamp; nothing needs them when no
        // stamp is kept, and reading a file finds its size anyway.
        self.paths.look_at_files(self.keeps_what_it_reads());
        let filter = &self.config.filter;
        let corpus = RuleId::ALL
            .iter()
            .any(|r| r.kind() == rules::Kind::Corpus && self.config.may_enable(*r));
        let root = self.content_root(paths).filter(|_| corpus);
        let Some(root) = root else {
            return Plan {
                checked: self.paths.discover(paths, filter),
                indexed: Vec::new(),
                root: None,
                cross_article: corpus,
            };
        };
        let mut everything = self
            .paths
            .discover_unsorted(std::slice::from_ref(&root), filter);
        let mut outside = Vec::new();
        let mut wanted: Vec<PathBuf> = Vec::new();
        for given in paths {
            let absolute = self.paths.absolute(given);
            let is_dir = std::fs::metadata(&absolute).is_ok_and(|m| m.is_dir());
            let canonical = if is_dir {
                std::fs::canonicalize(&absolute).unwrap_or(absolute)
            } else {
                self.paths.canonical(given)
            };
            if is_dir && canonical.starts_with(&root) {
                wanted.push(canonical);
            } else {
                outside.push(given.clone());
            }
        }
        let under = |path: &Path, dir: &Path| {
            let (path, dir) = (
                path.as_os_str().as_encoded_bytes(),
                dir.as_os_str().as_encoded_bytes(),
            );
            path.strip_prefix(dir).is_some_and(|rest| {
                rest.first()
                    .is_some_and(|&b| std::path::is_separator(b as char))
            })
        };
        let is_wanted = |target: &Target| wanted.iter().any(|dir| under(&target.path, dir));
        // The larger share stays where the walk put it and the smaller is moved out: a site's
        // worth of targets is never copied.
        let wanted_count = everything.iter().filter(|t| is_wanted(t)).count();
        let (mut checked, mut indexed) = if 2 * wanted_count >= everything.len() {
            let mut others = Vec::with_capacity(everything.len() - wanted_count);
            others.extend(everything.extract_if(.., |t| !is_wanted(t)));
            (everything, others)
        } else {
            let mut checked = Vec::with_capacity(wanted_count);
            checked.extend(everything.extract_if(.., |t| is_wanted(t)));
            (checked, everything)
        };
        indexed.retain(|t| t.problem.is_none());
        discover::sort(&mut checked);
        if !outside.is_empty() {
            // Files named directly (and folders outside the root) are discovered on their own;
            // one the root walk found moves from the indexed files to the checked ones.
            let named = self.paths.discover(&outside, filter);
            let named_keys: FxHashSet<u64> = named.iter().map(|t| t.key).collect();
            indexed.retain(|t| !named_keys.contains(&t.key));
            checked.extend(named);
            discover::sort(&mut checked);
            checked.dedup_by(|a, b| a.key == b.key);
        }
        Plan {
            checked,
            indexed,
            root: Some(root),
            cross_article: true,
        }
    }

    /// The content root a check of `paths` resolves references against (see
    /// [`Workspace::content_root`]), for reports that say it.
    pub fn content_root_of(&self, paths: &[PathBuf]) -> Option<PathBuf> {
        self.content_root(paths)
    }

    /// The content root: `--root` or the config's `root`, else the working directory when
    /// every checked path lies under it, else (`None`) just the checked files.
    fn content_root(&self, paths: &[PathBuf]) -> Option<PathBuf> {
        if let Some(root) = &self.root {
            return Some(root.clone());
        }
        let cwd = self.paths.cwd();
        paths
            .iter()
            .all(|p| self.paths.canonical(p).starts_with(cwd))
            .then(|| cwd.to_path_buf())
    }

    /// One check of `plan`, its results handed to `sink`.
    fn run(
        &mut self,
        plan: &Plan,
        sink: &mut dyn Sink,
        progress: &dyn Progress,
        fixed: Fixed,
        clock: &mut Clock,
    ) -> io::Result<Outcome> {
        let indexed = if plan.cross_article {
            plan.checked.iter().filter(|t| t.problem.is_none()).count() + plan.indexed.len()
        } else {
            0
        };
        progress.start(indexed + plan.checked.len());
        let summarized = self.update_index(plan, progress);
        clock.lap("index");
        let results_key = {
            use std::hash::{Hash, Hasher};
            let mut h = rustc_hash::FxHasher::default();
            self.settings_key.hash(&mut h);
            plan.root.hash(&mut h);
            h.finish()
        };
        // Drop the cached results that depend on an article whose summary changed since they
        // were computed. A single check without a cache on disk keeps none.
        let keep = self.keeps_what_it_reads();
        let mut table = self.cache.take_results(results_key);
        // A run without results to reuse that keeps none for later in this process writes
        // its results as they are made, rather than holding a site's worth until the end.
        let mut stream = if self.cache.persistent() && !self.remember && table.is_empty() {
            self.cache.stream_results(results_key)
        } else {
            None
        };
        if let Some(stream) = &mut stream {
            for (key, hash) in self.summary_hashes() {
                stream.snapshot(key, hash, &self.provides(key));
            }
        } else if keep {
            table.rebase(self.summary_hashes().into_iter(), |key| self.provides(key));
        }
        clock.lap("compare with the cached results");

        let wants_sources = sink.wants_sources();
        let keep_sources = wants_sources || self.baseline.is_some();
        sink.start(plan.checked.len())?;
        let mut totals = Totals {
            files_checked: plan.checked.len(),
            fixed,
            ..Totals::default()
        };
        let mut rechecked = 0;
        let mut found = ResultsTable::default();
        // Chunks are checked on the pool while this thread hands the previous chunk's results
        // to the sink: writing a report never leaves the cores idle.
        let this: &Self = self;
        let handed = std::thread::scope(|scope| -> io::Result<()> {
            let (results, received) = crossbeam_channel::bounded(2);
            let table = &table;
            scope.spawn(move || {
                for chunk in plan.checked.chunks(CHUNK) {
                    let done: Vec<(FileResult, Option<Fresh>, bool)> = chunk
                        .par_iter()
                        .map(|target| {
                            let result = this.check_guarded(target, table, keep_sources, keep);
                            progress.tick();
                            result
                        })
                        .collect();
                    if results.send(done).is_err() {
                        // The sink failed: nothing more is wanted.
                        return;
                    }
                }
            });
            let mut hand = || -> io::Result<()> {
                for (done, chunk) in received.iter().zip(plan.checked.chunks(CHUNK)) {
                    for ((mut file, slot, read_now), target) in done.into_iter().zip(chunk) {
                        rechecked += usize::from(read_now);
                        match (slot.filter(|_| keep), &mut stream) {
                            (Some(slot), Some(stream)) => stream.put(target.key, &slot),
                            (Some(slot), None) => found.put(target.key, slot),
                            (None, _) => {}
                        }
                        if let Some(baseline) = &this.baseline {
                            totals.baselined += baseline.filter(&mut file);
                        }
                        if !wants_sources || file.diagnostics.is_empty() {
                            file.source = None;
                        }
                        totals.add(&file);
                        sink.file(file)?;
                    }
                }
                Ok(())
            };
            let handed = hand();
            drop(received);
            handed
        });
        handed?;
        table.absorb(found);
        progress.finish();
        clock.lap("check");
        self.cache.put_results(results_key, table);
        if let Some(stream) = stream {
            self.cache.finish_stream(stream);
        }
        let read_note_source = |path: &Path| -> Option<Arc<str>> {
            let path = self.paths.absolute(path);
            match self.overlays.get(&path) {
                Some(text) => Some(text.clone()),
                None => {
                    let bytes = fs::read(&path, self.max_file_size).ok()?;
                    Some(Arc::from(String::from_utf8(bytes).ok()?))
                }
            }
        };
        sink.finish(&totals, &read_note_source)?;
        clock.lap("report");
        Ok(Outcome {
            totals,
            diffs: Vec::new(),
            rechecked,
            summarized,
            timings: Vec::new(),
        })
    }

    /// Whether what a check reads (stamps, summaries, results) is kept: by a cache on disk,
    /// or for later checks in this process.
    fn keeps_what_it_reads(&self) -> bool {
        self.cache.persistent() || self.remember
    }

    /// Brings the index up to date with `plan`'s files: an unchanged file keeps what the
    /// index has (from the cache's summaries, or from an earlier check), a changed one is read
    /// again, and files that are no longer there leave. Returns how many files were read.
    fn update_index(&mut self, plan: &Plan, progress: &dyn Progress) -> usize {
        if !plan.cross_article {
            // Nothing looks at the index: it is left as it is (the cache keeps the summaries
            // it has; a later check reads the files that changed).
            return 0;
        }
        let targets: Vec<&Target> = plan
            .checked
            .iter()
            .filter(|t| t.problem.is_none())
            .chain(plan.indexed.iter())
            .collect();
        if self.base.is_none() {
            self.index.reserve(targets.len());
        }
        let base_len = self.base.as_ref().map_or(0, |b| b.len());
        let mut seen = vec![false; base_len];
        let mut summarized = 0;
        let keep = self.keeps_what_it_reads();
        // Room for every file up front: a site's worth is never copied to grow the vector.
        let mut read: Vec<(u64, Indexed)> =
            Vec::with_capacity(if keep { targets.len() } else { 0 });
        // A chunk at a time, so that only a chunk's new summaries wait to enter the index; the
        // pool reads the next chunk while this thread files the last one.
        let mut index = std::mem::take(&mut self.index);
        let this: &Self = self;
        std::thread::scope(|scope| {
            let (looked, received) = crossbeam_channel::bounded(2);
            let targets = &targets;
            scope.spawn(move || {
                for chunk in targets.chunks(CHUNK * 8) {
                    let found: Vec<Found> = chunk
                        .par_iter()
                        .map(|target| {
                            let found = this.look(target);
                            progress.tick();
                            found
                        })
                        .collect();
                    if looked.send(found).is_err() {
                        return;
                    }
                }
            });
            for (chunk, found) in targets.chunks(CHUNK * 8).zip(received.iter()) {
                for (target, found) in chunk.iter().zip(found) {
                    if let Some(record) = this.base.as_ref().and_then(|b| b.find(target.key)) {
                        seen[record as usize] = true;
                    }
                    let Found::Read(summary, stamp) = found else {
                        continue;
                    };
                    summarized += 1;
                    // Only a cache or a later check in this process needs to know what was
                    // read.
                    if keep {
                        let hash = cache::summary_hash(summary.as_deref());
                        read.push((target.key, Indexed { stamp, hash }));
                    }
                    match summary {
                        Some(summary) => index.upsert(target.key, &summary),
                        None => {
                            index.remove(target.key);
                        }
                    }
                }
            }
        });
        self.index = index;
        self.files.extend(read);
        // Files that are gone, or no longer part of what is checked, leave the index.
        if let Some(base) = &self.base {
            for record in (0..base_len).filter(|&r| !seen[r]) {
                let key = base.file(record as u32);
                if !self.files.contains(key) {
                    self.index.remove(key);
                }
            }
        }
        if self.files.len() > summarized {
            let present: FxHashSet<u64> = targets.iter().map(|t| t.key).collect();
            for key in self.files.retain(|key| present.contains(&key)) {
                self.index.remove(key);
            }
        }
        summarized
    }

    /// What the index needs to do about `target`.
    fn look(&self, target: &Target) -> Found {
        if let Some(text) = self.overlays.get(&target.path) {
            let summary = check::summarize(&target.path, text.as_bytes());
            return Found::Read(summary, None);
        }
        if let Some(meta) = &target.meta {
            let stamp = match self.files.get(target.key) {
                Some(known) => known.stamp,
                None => self
                    .base
                    .as_ref()
                    .and_then(|b| Some(b.stamp(b.find(target.key)?))),
            };
            if self.unchanged(target, stamp.as_ref(), meta) {
                return Found::Same;
            }
        }
        let Ok(bytes) = self.read(target) else {
            return Found::Read(None, None);
        };
        let summary = check::summarize(&target.path, &bytes);
        // A stamp hashes the whole text: only a cache or a later check keeps it.
        let stamp = target
            .meta
            .filter(|_| self.keeps_what_it_reads())
            .map(|meta| Stamp::new(&meta, &bytes));
        Found::Read(summary, stamp)
    }

    /// Reads `target`'s file: at the size the walk saw, when it looked, else finding out what
    /// the file is (see [`fs::read`]).
    fn read(&self, target: &Target) -> Result<Vec<u8>, String> {
        match &target.meta {
            Some(meta) => fs::read_known(&target.path, meta.size, self.max_file_size),
            None => fs::read(&target.path, self.max_file_size),
        }
    }

    /// Each indexed file's key and summary hash, as the index has them now.
    fn summary_hashes(&self) -> Vec<(u64, u64)> {
        let mut hashes: Vec<(u64, u64)> = self.files.iter().map(|(k, f)| (k, f.hash)).collect();
        if let Some(base) = &self.base {
            for record in 0..base.len() as u32 {
                let key = base.file(record);
                if self.index.in_base(key) {
                    hashes.push((key, base.hash(record)));
                }
            }
        }
        hashes
    }

    /// The keys the file `key` provides, as the index has it now.
    fn provides(&self, key: u64) -> Provides {
        self.index
            .get(key)
            .map(|summary| summary.provides())
            .unwrap_or_default()
    }

    /// Whether a file the walk saw as `meta` is still what `stamp` describes.
    fn unchanged(&self, target: &Target, stamp: Option<&Stamp>, meta: &discover::Meta) -> bool {
        let Some(stamp) = stamp else {
            return false;
        };
        match stamp.fresh(meta) {
            Some(fresh) => fresh,
            None => {
                fs::read(&target.path, self.max_file_size).is_ok_and(|bytes| stamp.matches(&bytes))
            }
        }
    }

    /// Writes what changed to the cache. The summaries are rewritten only when enough
    /// files changed: a few changed files are cheaper to read again next time than a whole
    /// site's summaries are to write (a pre-commit run changes one or two). `plan` names the
    /// files read in this run.
    fn save(&mut self, plan: &Plan) {
        if !self.cache.persistent() {
            return;
        }
        self.cache.save_results();
        if !plan.cross_article {
            // The index was left as it was: the summaries on disk stay as they are.
            return;
        }
        let base_len = self.base.as_ref().map_or(0, |b| b.len());
        let changed = self.files.len() + self.index.replaced_in_base();
        if self.base.is_some() && changed <= (base_len / 100).max(64) {
            return;
        }
        // Each file is named by a number: a record of the base below `base_len`, else the
        // target at that place in `checked` then `indexed`. Its entry is made only when it
        // is written.
        let (files, index, base) = (&self.files, &self.index, self.base.as_deref());
        let target = |i: usize| match plan.checked.get(i) {
            Some(target) => target,
            None => &plan.indexed[i - plan.checked.len()],
        };
        let mut order: Vec<(u64, u32)> = Vec::with_capacity(base_len + files.len());
        if let Some(base) = base {
            for record in 0..base_len as u32 {
                let key = base.file(record);
                if index.in_base(key) && base.path_bytes(record).is_some() {
                    order.push((key, record));
                }
            }
        }
        for i in 0..plan.checked.len() + plan.indexed.len() {
            let key = target(i).key;
            if files.contains(key) {
                order.push((key, (base_len + i) as u32));
            }
        }
        let entry = |number: u32| {
            let number = number as usize;
            let (path, key, stamp, hash) = match base.filter(|_| number < base_len) {
                Some(base) => {
                    let record = number as u32;
                    let key = base.file(record);
                    let path = base.path_bytes(record).unwrap_or_default();
                    (path, key, Some(base.stamp(record)), base.hash(record))
                }
                None => {
                    let target = target(number - base_len);
                    let file = files.get(target.key).copied();
                    let (stamp, hash) = file.map_or((None, 0), |f| (f.stamp, f.hash));
                    let path = target.path.as_os_str().as_encoded_bytes();
                    (path, target.key, stamp, hash)
                }
            };
            cache::summaries::Entry {
                path,
                stamp,
                hash,
                summary: index.stored(key),
            }
        };
        self.cache.save_summaries(order, entry);
    }

    /// [`Workspace::check_target`], where a bug that panics on one file costs only that file
    /// its result.
    fn check_guarded(
        &self,
        target: &Target,
        table: &ResultsTable,
        keep_source: bool,
        keep_result: bool,
    ) -> (FileResult, Option<Fresh>, bool) {
        crate::core::guard::guarded(|| self.check_target(target, table, keep_source, keep_result))
            .unwrap_or_else(|| {
                let file = FileResult {
                    path: target.display().to_path_buf(),
                    diagnostics: vec![io_error::diagnostic(
                        "contentlint failed on this file (an internal error); please report it with the file",
                    )],
                    source: None,
                };
                (file, None, true)
            })
    }

    /// Checks one file, or reuses its cached result. Returns the result, the slot to cache
    /// (when it was checked now) and whether it was read and checked now.
    fn check_target(
        &self,
        target: &Target,
        table: &ResultsTable,
        keep_source: bool,
        keep_result: bool,
    ) -> (FileResult, Option<Fresh>, bool) {
        let rules = match &self.uniform_table {
            Some(table) => std::borrow::Cow::Borrowed(table),
            None => std::borrow::Cow::Owned(self.config.table_for(&target.path)),
        };
        let mut file = FileResult {
            path: target.display().to_path_buf(),
            ..FileResult::default()
        };
        if let Some(problem) = &target.problem {
            let diagnostic = match &**problem {
                Problem::Directory => io_error::diagnostic(fs::DIRECTORY),
                Problem::UnreadableFolder(reason) => io_error::folder(reason),
            };
            file.diagnostics = policy(vec![diagnostic], &rules);
            return (file, None, false);
        }
        let overlay = self.overlays.get(&target.path);
        if overlay.is_none()
            && let Some((diagnostics, source)) = self.cached_result(target, table, keep_source)
        {
            file.diagnostics = diagnostics;
            file.source = source;
            return (file, None, false);
        }
        let bytes = match overlay {
            Some(text) => Ok(text.as_bytes().to_vec()),
            None => self.read(target),
        };
        let bytes = match bytes {
            Ok(bytes) => bytes,
            Err(reason) => {
                file.diagnostics = policy(vec![io_error::diagnostic(&reason)], &rules);
                return (file, None, true);
            }
        };
        let stamp = target
            .meta
            .filter(|_| overlay.is_none() && keep_result)
            .map(|meta| Stamp::new(&meta, &bytes));
        let schema_for = |key: Option<&str>| -> &Schema {
            self.config
                .schema_for(&target.path, key)
                .unwrap_or(&self.default_schema)
        };
        let input = Input {
            path: target.display(),
            folder: target.folder(),
            settings: &self.settings,
            table: &rules,
            schema_for: &schema_for,
        };
        let mut checked: Checked = check::check_file(&input, bytes);
        let finished = check::finish(&mut checked, &self.index, &self.settings, &rules);
        file.diagnostics = finished.diagnostics;
        let slot = stamp.map(|stamp| Fresh::new(stamp, &finished.reads, &file.diagnostics));
        if keep_source {
            file.source = checked.text.map(Arc::from);
        }
        (file, slot, true)
    }

    /// The cached result of `target`, if the file is unchanged (results that depend on a
    /// changed article were dropped before the check began), with its text when wanted.
    fn cached_result(
        &self,
        target: &Target,
        table: &ResultsTable,
        keep_source: bool,
    ) -> Option<(Vec<Diagnostic>, Option<Arc<str>>)> {
        let slot = table.slot(target.key)?;
        let meta = target.meta.as_ref()?;
        let mut bytes = None;
        match slot.stamp.fresh(meta) {
            Some(false) => return None,
            Some(true) => {}
            None => {
                let read = fs::read(&target.path, self.max_file_size).ok()?;
                if !slot.stamp.matches(&read) {
                    return None;
                }
                bytes = Some(read);
            }
        }
        let diagnostics = table.diagnostics(slot)?;
        if !keep_source || diagnostics.is_empty() {
            return Some((diagnostics, None));
        }
        let bytes = match bytes {
            Some(bytes) => bytes,
            None => fs::read(&target.path, self.max_file_size).ok()?,
        };
        // The text shown must be the text the diagnostics were found in.
        if !slot.stamp.matches(&bytes) {
            return None;
        }
        let text = String::from_utf8_lossy(&bytes).into_owned();
        Some((diagnostics, Some(Arc::from(text))))
    }
}

/// What the index needs to do about one file.
enum Found {
    /// The index has it, and it is unchanged.
    Same,
    /// It was read: its encoded summary (when the front matter could be read) and the stamp
    /// it was read with (none for a text that stands in for the file, or when nothing keeps
    /// it).
    Read(Option<Vec<u8>>, Option<Stamp>),
}

/// Applies a file's rule table to diagnostics the engine made on its own (no suppressions:
/// the file could not be read).
fn policy(mut diagnostics: Vec<Diagnostic>, table: &RuleTable) -> Vec<Diagnostic> {
    diagnostics.retain_mut(|d| match table.severity_of(d.rule, d.severity) {
        Some(severity) => {
            d.severity = severity;
            true
        }
        None => false,
    });
    diagnostics
}

/// What one check looks at.
struct Plan {
    /// The files checked, in output order.
    checked: Vec<Target>,
    /// The content root's other files, read only for the index.
    indexed: Vec<Target>,
    /// The content root.
    root: Option<PathBuf>,
    /// Whether a cross-article rule may run: without one, nothing reads the index.
    cross_article: bool,
}

impl Plan {
    /// Takes the size and time of the files fixing rewrote: the next round must read all of
    /// them.
    fn refresh(&mut self, written: &HashSet<PathBuf>) {
        for target in self.checked.iter_mut().chain(self.indexed.iter_mut()) {
            if written.contains(&target.path) {
                target.meta = discover::Meta::now(&target.path);
            }
        }
    }
}

/// A sink that keeps every result (for fixing rounds and for formats that need them all).
#[derive(Debug, Default)]
pub struct Collect {
    /// The results, in path order.
    pub files: Vec<FileResult>,
}

impl Sink for Collect {
    fn wants_sources(&self) -> bool {
        true
    }
    fn start(&mut self, _: usize) -> io::Result<()> {
        Ok(())
    }
    fn file(&mut self, file: FileResult) -> io::Result<()> {
        self.files.push(file);
        Ok(())
    }
    fn finish(&mut self, _: &Totals, _: &dyn Fn(&Path) -> Option<Arc<str>>) -> io::Result<()> {
        Ok(())
    }
}

/// Adds "cannot write fixes" to the files whose fixes could not be written.
struct WithWriteErrors<'a> {
    inner: &'a mut dyn Sink,
    unwritable: HashMap<PathBuf, String>,
    /// The diagnostics added, and whether their file had others: the totals count them too.
    added: Vec<(bool, Diagnostic)>,
}

impl Sink for WithWriteErrors<'_> {
    fn wants_sources(&self) -> bool {
        self.inner.wants_sources()
    }
    fn start(&mut self, files: usize) -> io::Result<()> {
        self.inner.start(files)
    }
    fn file(&mut self, mut file: FileResult) -> io::Result<()> {
        if let Some(reason) = self.unwritable.get(&file.path) {
            let diagnostic = io_error::cannot_write(reason);
            self.added
                .push((!file.diagnostics.is_empty(), diagnostic.clone()));
            file.diagnostics.insert(0, diagnostic);
        }
        self.inner.file(file)
    }
    fn finish(
        &mut self,
        totals: &Totals,
        source: &dyn Fn(&Path) -> Option<Arc<str>>,
    ) -> io::Result<()> {
        let mut totals = totals.clone();
        self.count_in(&mut totals);
        self.inner.finish(&totals, source)
    }
}

impl WithWriteErrors<'_> {
    /// Adds the diagnostics this sink added to `totals`.
    fn count_in(&self, totals: &mut Totals) {
        for (had_others, diagnostic) in &self.added {
            totals.add(&FileResult {
                path: PathBuf::new(),
                diagnostics: vec![diagnostic.clone()],
                source: None,
            });
            if *had_others {
                totals.files_with_diagnostics -= 1;
            }
        }
    }
}
