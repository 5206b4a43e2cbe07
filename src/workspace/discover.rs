//! Which files to lint: every `*.md` file under the given paths, honouring `.gitignore` and the
//! config's `include` and `exclude`; a path named directly is linted unless `exclude` matches it.
//!
//! A file is identified by its canonical path (the canonical form of its folder, joined with
//! its name), never by how a path was spelt: `content/x.md`, `./content/x.md`,
//! `$PWD/content/x.md` and `../../content/x.md` from a subfolder are one file. It is shown
//! relative to the current directory when it lies under it, else as an absolute path.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

use ignore::{WalkBuilder, WalkState};

use super::config::FileFilter;

/// A file's size and modification time, as the walk saw them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Meta {
    /// Size in bytes.
    pub size: u64,
    /// Modification time.
    pub modified: Option<SystemTime>,
}

impl Meta {
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
    /// The path as shown.
    pub display: PathBuf,
    /// Size and modification time, when the path is a regular file.
    pub meta: Option<Meta>,
    /// Why it cannot be read as a file, when that is known before reading.
    pub problem: Option<Problem>,
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
    /// The name of the folder holding the file.
    pub fn folder(&self) -> Option<&str> {
        self.path.parent()?.file_name()?.to_str()
    }
}

/// Turns paths into canonical identities and shown paths, relative to one working directory.
#[derive(Debug)]
pub struct Paths {
    cwd: PathBuf,
    canonical_dirs: Mutex<HashMap<PathBuf, Option<PathBuf>>>,
}

impl Paths {
    /// Paths seen from `cwd` (made canonical here).
    pub fn new(cwd: &Path) -> Self {
        let cwd = std::fs::canonicalize(cwd).unwrap_or_else(|_| normalize(cwd));
        Self {
            cwd,
            canonical_dirs: Mutex::new(HashMap::new()),
        }
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
        match canonical.strip_prefix(&self.cwd) {
            Ok(rel) if !rel.as_os_str().is_empty() => rel.to_path_buf(),
            _ => canonical.to_path_buf(),
        }
    }

    /// Finds the files to lint under `paths`, sorted by shown path and without repeats. A
    /// directory that cannot be read is a target with its problem.
    pub fn discover(&self, paths: &[PathBuf], filter: &FileFilter) -> Vec<Target> {
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
                    if filter.excludes(&path) {
                        continue;
                    }
                    // Reading it will say why, if it cannot be read (missing, permission,
                    // broken link).
                    targets.push(Target {
                        display: self.display(&path),
                        meta: result.ok().filter(|m| m.is_file()).map(|m| Meta::of(&m)),
                        path,
                        problem: None,
                    });
                }
            }
        }
        targets.sort_by(|a, b| a.display.cmp(&b.display));
        targets.dedup_by(|a, b| a.path == b.path);
        targets
    }

    /// Walks a canonical directory on every core. Folders under it are real folders (links
    /// are not followed), so a file's canonical path is the directory joined with its
    /// relative path.
    fn walk(&self, root: &Path, filter: &FileFilter, targets: &mut Vec<Target>) {
        let found = Mutex::new(Vec::new());
        // .gitignore files apply even outside a git repository, as users expect of a linter.
        let walker = WalkBuilder::new(root)
            .require_git(false)
            .filter_entry({
                let filter = filter.clone();
                move |entry| entry.depth() == 0 || !filter.excludes(entry.path())
            })
            .threads(rayon::current_num_threads().min(8))
            .build_parallel();
        walker.run(|| {
            let found = &found;
            Box::new(move |entry| {
                let entry = match entry {
                    Ok(entry) => entry,
                    Err(error) => {
                        if let Some(target) = unreadable(&error) {
                            lock(found).push(target);
                        }
                        return WalkState::Continue;
                    }
                };
                let path = entry.path();
                if !is_markdown(path) || !filter.includes(path) {
                    return WalkState::Continue;
                }
                let file_type = entry.file_type();
                let is_dir = file_type.is_some_and(|t| t.is_dir());
                // A link is followed to see what it names; anything else is read as it is.
                let meta = if file_type.is_some_and(|t| t.is_symlink()) {
                    std::fs::metadata(path).ok()
                } else {
                    entry.metadata().ok()
                };
                let problem = is_dir.then_some(Problem::Directory);
                lock(found).push(Target {
                    path: path.to_path_buf(),
                    display: PathBuf::new(),
                    meta: meta.filter(|m| m.is_file()).map(|m| Meta::of(&m)),
                    problem,
                });
                WalkState::Continue
            })
        });
        let mut found = found.into_inner().unwrap_or_else(|p| p.into_inner());
        for target in &mut found {
            target.display = self.display(&target.path);
        }
        targets.extend(found);
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A folder the walk could not read, as a target that says so.
fn unreadable(error: &ignore::Error) -> Option<Target> {
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
                return path.map(|path| Target {
                    path: path.clone(),
                    display: PathBuf::new(),
                    meta: None,
                    problem: Some(Problem::UnreadableFolder(super::fs::io_reason(io))),
                });
            }
            _ => return None,
        }
    }
}

fn is_markdown(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md"))
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
