//! Which files to lint: every `*.md` file under the given paths, honouring `.gitignore` and the
//! config's `include` and `exclude`; a path named directly is linted unless `exclude` matches it
//! (or, with `force-exclude`, unless it falls outside `include` too).
//!
//! A file is identified by its canonical path (the canonical form of its folder, joined with
//! its name), never by how a path was spelt: `content/x.md`, `./content/x.md`,
//! `$PWD/content/x.md` and `../../content/x.md` from a subfolder are one file. It is shown
//! relative to the current directory when it lies under it, else as an absolute path.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::SystemTime;

use ignore::{WalkBuilder, WalkState};

use super::config::FileFilter;
use crate::core::index::{path_key, path_order};

/// A file's size and modification time, as the walk saw them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Meta {
    /// Size in bytes.
    pub size: u64,
    /// Modification time.
    pub modified: Option<SystemTime>,
}

impl Meta {
    /// The size and modification time of the file at `path` now, when it is a regular file.
    pub fn now(path: &Path) -> Option<Self> {
        std::fs::metadata(path)
            .ok()
            .filter(|m| m.is_file())
            .map(|m| Meta::of(&m))
    }

    /// A modification time given as seconds and nanoseconds since the Unix epoch.
    pub fn modified_at(seconds: i64, nanos: u32) -> Option<SystemTime> {
        let since = std::time::Duration::new(u64::try_from(seconds).ok()?, nanos);
        SystemTime::UNIX_EPOCH.checked_add(since)
    }

    fn of(metadata: &std::fs::Metadata) -> Self {
        Self {
            size: metadata.len(),
            modified: metadata.modified().ok(),
        }
    }
}

/// A file to lint or index, or a path that cannot be read and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The canonical path: the file's identity.
    pub path: PathBuf,
    /// A hash of the canonical path, what maps are keyed by (see [`path_key`]).
    pub key: u64,
    /// Where the shown path starts in the canonical one (it is a suffix of it).
    shown_from: usize,
    /// Size and modification time, when the path is a regular file and they were looked up
    /// (see [`Paths::look_at_files`]).
    pub meta: Option<Meta>,
    /// Why it cannot be read as a file, when that is known before reading (rare: boxed, so
    /// that a site's worth of targets stays small).
    pub problem: Option<Box<Problem>>,
}

/// Why a path found by the walk cannot be checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A directory whose name ends in `.md`.
    Directory,
    /// A folder the walk could not read (the reason).
    UnreadableFolder(String),
}

impl Target {
    /// The path as shown: relative to the working directory when under it, else absolute.
    pub fn display(&self) -> &Path {
        let bytes = self.path.as_os_str().as_encoded_bytes();
        // SAFETY: `shown_from` is 0 or follows a separator of the encoded bytes (see
        // `shown_from`), so the rest is a whole suffix of them.
        Path::new(unsafe {
            std::ffi::OsStr::from_encoded_bytes_unchecked(&bytes[self.shown_from..])
        })
    }

    /// The name of the folder holding the file.
    pub fn folder(&self) -> Option<&str> {
        folder_name(&self.path)
    }
}

/// The name of the folder holding the file at canonical `path`.
pub fn folder_name(path: &Path) -> Option<&str> {
    // The canonical path has no `.` or `..`: its last two separators bound the folder.
    crate::core::index::folder_of(path)
}

/// How canonical `path` is shown from the canonical working directory `cwd`: relative when
/// under it, else absolute.
pub fn shown(cwd: &Path, path: &Path) -> PathBuf {
    let bytes = path.as_os_str().as_encoded_bytes();
    // SAFETY: `shown_from` is 0 or follows an ASCII separator of the encoded bytes, so the
    // rest is a whole suffix of them and itself valid encoded bytes.
    let rest =
        unsafe { std::ffi::OsStr::from_encoded_bytes_unchecked(&bytes[shown_from(cwd, path)..]) };
    PathBuf::from(rest)
}

/// Where the shown form of canonical `path` starts in it: just past `cwd` and a separator
/// when the path lies under `cwd`, else 0.
pub fn shown_from(cwd: &Path, path: &Path) -> usize {
    // Compared as bytes: both paths are canonical, and this runs once per file.
    let prefix = cwd.as_os_str().as_encoded_bytes();
    let bytes = path.as_os_str().as_encoded_bytes();
    match bytes.strip_prefix(prefix) {
        Some([separator, rest @ ..])
            if std::path::is_separator(*separator as char) && !rest.is_empty() =>
        {
            prefix.len() + 1
        }
        _ => 0,
    }
}

/// Turns paths into canonical identities and shown paths, relative to one working directory.
#[derive(Debug)]
pub struct Paths {
    cwd: PathBuf,
    canonical_dirs: Mutex<HashMap<PathBuf, Option<PathBuf>>>,
    /// Temporary files of an earlier `--fix` the walks came across (see
    /// [`Paths::take_temporaries`]).
    temporaries: Mutex<Vec<PathBuf>>,
    /// Whether the walks look up each file's size and modification time (see
    /// [`Paths::look_at_files`]).
    look: AtomicBool,
}

impl Paths {
    /// Paths seen from `cwd` (made canonical here).
    pub fn new(cwd: &Path) -> Self {
        let cwd = std::fs::canonicalize(cwd).unwrap_or_else(|_| normalize(cwd));
        Self {
            cwd,
            canonical_dirs: Mutex::new(HashMap::new()),
            temporaries: Mutex::new(Vec::new()),
            look: AtomicBool::new(true),
        }
    }

    /// Whether the walks that follow look up each file's size and modification time (its
    /// [`Target::meta`]), as a cache needs; without, a file's `meta` is `None` and reading it
    /// finds out what it is. Looking costs a path lookup per file.
    pub fn look_at_files(&self, look: bool) {
        self.look.store(look, Ordering::Relaxed);
    }

    /// The temporary files of `--fix` (named as [`super::fs::is_temporary`] says) that the
    /// walks since the last call found: an interrupted run may have left them.
    pub fn take_temporaries(&self) -> Vec<PathBuf> {
        std::mem::take(&mut *lock(&self.temporaries))
    }

    /// The canonical working directory.
    pub fn cwd(&self) -> &Path {
        &self.cwd
    }

    /// `path` made absolute from the working directory, without `.` and `..`, and without
    /// touching the file system.
    pub fn absolute(&self, path: &Path) -> PathBuf {
        if path.is_absolute() {
            normalize(path)
        } else {
            normalize(&self.cwd.join(path))
        }
    }

    /// The canonical path of a file: its folder made canonical (each folder once), joined
    /// with its name. A file whose folder does not exist gets its absolute path.
    pub fn canonical(&self, path: &Path) -> PathBuf {
        let absolute = self.absolute(path);
        let (Some(parent), Some(name)) = (absolute.parent(), absolute.file_name()) else {
            return absolute;
        };
        let mut dirs = self
            .canonical_dirs
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let dir = dirs
            .entry(parent.to_path_buf())
            .or_insert_with(|| std::fs::canonicalize(parent).ok());
        match dir {
            Some(dir) => dir.join(name),
            None => absolute,
        }
    }

    /// How `canonical` is shown: relative to the working directory when under it, else
    /// absolute.
    pub fn display(&self, canonical: &Path) -> PathBuf {
        shown(&self.cwd, canonical)
    }

    /// A target for the file at canonical `path`.
    fn target(&self, path: PathBuf, meta: Option<Meta>, problem: Option<Problem>) -> Target {
        // The walk's paths (and joined ones) have room to spare, about as much again as their
        // length, which a site's worth of targets would hold to the end: keep a copy at its
        // own length instead.
        let path = if path.capacity() > path.as_os_str().len() {
            path.as_path().to_path_buf()
        } else {
            path
        };
        Target {
            key: path_key(&path),
            shown_from: shown_from(&self.cwd, &path),
            path,
            meta,
            problem: problem.map(Box::new),
        }
    }

    /// Finds the files to lint under `paths`, sorted by shown path and without repeats. A
    /// directory that cannot be read is a target with its problem.
    pub fn discover(&self, paths: &[PathBuf], filter: &FileFilter) -> Vec<Target> {
        let mut targets = self.discover_unsorted(paths, filter);
        sort(&mut targets);
        targets.dedup_by(|a, b| a.key == b.key);
        targets
    }

    /// Like [`Paths::discover`], in no particular order and possibly with repeats.
    pub fn discover_unsorted(&self, paths: &[PathBuf], filter: &FileFilter) -> Vec<Target> {
        let mut targets = Vec::new();
        for given in paths {
            let absolute = self.absolute(given);
            match std::fs::metadata(&absolute) {
                Ok(meta) if meta.is_dir() => {
                    let root = std::fs::canonicalize(&absolute).unwrap_or(absolute);
                    self.walk(&root, filter, &mut targets);
                }
                result => {
                    let path = self.canonical(given);
                    if !filter.takes_named(&path) {
                        continue;
                    }
                    // Reading it will say why, if it cannot be read (missing, permission,
                    // broken link).
                    let meta = result.ok().filter(|m| m.is_file()).map(|m| Meta::of(&m));
                    targets.push(self.target(path, meta, None));
                }
            }
        }
        targets
    }

    /// Walks a canonical directory on every core. Folders under it are real folders (links
    /// are not followed), so a file's canonical path is the directory joined with its
    /// relative path.
    fn walk(&self, root: &Path, filter: &FileFilter, targets: &mut Vec<Target>) {
        let look = self.look.load(Ordering::Relaxed);
        let found: Mutex<Vec<Vec<Target>>> = Mutex::new(Vec::new());
        // .gitignore files apply even outside a git repository, as users expect of a linter.
        // Hidden files and folders are skipped, except the temporaries of `--fix`, which the
        // walk reports so that a run can remove those an interrupted one left.
        let walker = WalkBuilder::new(root)
            .require_git(false)
            .hidden(false)
            .filter_entry({
                let filter = filter.clone();
                move |entry| {
                    if entry.depth() == 0 {
                        return true;
                    }
                    let name = entry.file_name();
                    let hidden = name.as_encoded_bytes().first() == Some(&b'.');
                    (!hidden || super::fs::is_temporary(name)) && !filter.excludes(entry.path())
                }
            })
            .threads(rayon::current_num_threads().min(8))
            .build_parallel();
        walker.run(|| {
            // Each thread collects on its own and hands its files over when it is done.
            let mut collector = Collector {
                local: Vec::new(),
                shared: &found,
                temporaries: Vec::new(),
                shared_temporaries: &self.temporaries,
            };
            Box::new(move |entry| {
                let entry = match entry {
                    Ok(entry) => entry,
                    Err(error) => {
                        if let Some((path, reason)) = unreadable(&error) {
                            let problem = Some(Problem::UnreadableFolder(reason));
                            collector.local.push(self.target(path, None, problem));
                        }
                        return WalkState::Continue;
                    }
                };
                let path = entry.path();
                if !is_markdown(path) || !filter.includes(path) {
                    if entry.depth() > 0 && super::fs::is_temporary(entry.file_name()) {
                        collector.temporaries.push(entry.into_path());
                    }
                    return WalkState::Continue;
                }
                let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
                let problem = is_dir.then_some(Problem::Directory);
                let meta = if is_dir || !look {
                    None
                } else {
                    super::fs::stat(path)
                };
                collector
                    .local
                    .push(self.target(entry.into_path(), meta, problem));
                WalkState::Continue
            })
        });
        // One move into a vector of the right size: a site's worth of targets is not copied
        // again and again as a vector grows.
        let found = found.into_inner().unwrap_or_else(|p| p.into_inner());
        targets.reserve_exact(found.iter().map(Vec::len).sum());
        for mut part in found {
            targets.append(&mut part);
        }
    }
}

/// Sorts targets by shown path, on every core. Two targets with one shown path have one
/// canonical path (the shown path is a suffix of it, or all of it), so an unstable sort
/// leaves them side by side for `dedup`, and a site's worth of them is not moved twice.
pub fn sort(targets: &mut [Target]) {
    use rayon::slice::ParallelSliceMut;
    targets.par_sort_unstable_by(|a, b| path_order(a.display(), b.display()));
}

/// One walking thread's files, handed over when the thread is done.
struct Collector<'a> {
    local: Vec<Target>,
    shared: &'a Mutex<Vec<Vec<Target>>>,
    temporaries: Vec<PathBuf>,
    shared_temporaries: &'a Mutex<Vec<PathBuf>>,
}

impl Drop for Collector<'_> {
    fn drop(&mut self) {
        lock(self.shared).push(std::mem::take(&mut self.local));
        lock(self.shared_temporaries).append(&mut self.temporaries);
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The folder the walk could not read and why, when an error is that.
fn unreadable(error: &ignore::Error) -> Option<(PathBuf, String)> {
    let mut path = None;
    let mut error = error;
    loop {
        match error {
            ignore::Error::WithPath { path: p, err } => {
                path = Some(p);
                error = err;
            }
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                error = err;
            }
            ignore::Error::Io(io) => {
                return path.map(|path| (path.clone(), super::fs::io_reason(io)));
            }
            _ => return None,
        }
    }
}

fn is_markdown(path: &Path) -> bool {
    // As bytes: this runs for every entry of the walk.
    let bytes = path.as_os_str().as_encoded_bytes();
    bytes.len() > 3
        && bytes[bytes.len() - 3..].eq_ignore_ascii_case(b".md")
        && !std::path::is_separator(bytes[bytes.len() - 4] as char)
}

/// Removes `.` and `..` components of a path without touching the file system.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_shown_relative_when_under_the_working_directory() {
        let dir = tempfile::tempdir().unwrap();
        let cwd = std::fs::canonicalize(dir.path()).unwrap();
        std::fs::create_dir_all(cwd.join("content/a")).unwrap();
        let paths = Paths::new(&cwd);
        let file = cwd.join("content/a/x.md");
        assert_eq!(paths.canonical(Path::new("content/a/x.md")), file);
        assert_eq!(paths.canonical(Path::new("./content/a/../a/x.md")), file);
        assert_eq!(paths.canonical(&file), file);
        assert_eq!(paths.display(&file), PathBuf::from("content/a/x.md"));
        assert_eq!(
            paths.display(Path::new("/elsewhere/a.md")),
            PathBuf::from("/elsewhere/a.md")
        );
        let sub = Paths::new(&cwd.join("content/a"));
        assert_eq!(sub.canonical(Path::new("../../content/a/x.md")), file);
        assert_eq!(sub.display(&file), PathBuf::from("x.md"));
    }
}
