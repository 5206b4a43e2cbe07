//! Which files to lint: every `*.md` file under the given paths, honouring `.gitignore` and the
//! config's `include` and `exclude`; a path named directly is linted unless `exclude` matches it.

use std::path::{Component, Path, PathBuf};
use std::sync::OnceLock;

use ignore::WalkBuilder;

use crate::config::FileFilter;

/// A path to lint, or a path that cannot be linted and why.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Target {
    /// The path as it will be shown.
    pub path: PathBuf,
    /// Why it cannot be read as a file, when that is known before reading.
    pub problem: Option<String>,
}

/// Finds the files to lint under `paths`, sorted by path and without repeats.
pub fn discover(paths: &[PathBuf], filter: &FileFilter) -> Vec<Target> {
    let cwd = std::env::current_dir().ok();
    let mut targets = Vec::new();
    for given in paths {
        let given = display_path(given, cwd.as_deref());
        if std::fs::metadata(&given).is_ok_and(|m| m.is_dir()) {
            walk(&given, filter, &mut targets);
        } else if !filter.excludes(&given) {
            // Reading it will say why, if it cannot be read (missing, permission, broken link).
            targets.push(Target {
                path: given,
                problem: None,
            });
        }
    }
    targets.sort();
    targets.dedup_by(|a, b| a.path == b.path);
    targets
}

fn walk(dir: &Path, filter: &FileFilter, targets: &mut Vec<Target>) {
    // .gitignore files apply even outside a git repository, as users expect of a linter.
    let walker = WalkBuilder::new(dir)
        .require_git(false)
        .filter_entry({
            let filter = filter.clone();
            move |entry| entry.depth() == 0 || !filter.excludes(&clean(entry.path()))
        })
        .build();
    for entry in walker {
        let Ok(entry) = entry else {
            continue;
        };
        let path = entry.path();
        if !is_markdown(path) || !filter.includes(&clean(path)) {
            continue;
        }
        let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
        targets.push(Target {
            path: clean(path),
            problem: is_dir.then(|| "it is a directory, not a Markdown file".to_string()),
        });
    }
}

fn is_markdown(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md"))
}

/// The path relative to the current directory when it lies under it, without a leading `./`.
pub fn display_path(path: &Path, cwd: Option<&Path>) -> PathBuf {
    if path.is_absolute()
        && let Some(rel) = cwd.and_then(|cwd| path.strip_prefix(cwd).ok())
        && !rel.as_os_str().is_empty()
    {
        return clean(rel);
    }
    clean(path)
}

fn clean(path: &Path) -> PathBuf {
    let stripped: PathBuf = path
        .components()
        .skip_while(|c| matches!(c, std::path::Component::CurDir))
        .collect();
    if stripped.as_os_str().is_empty() {
        path.to_path_buf()
    } else {
        stripped
    }
}

/// Removes `.` and `..` components of an absolute path without touching the file system.
fn normalize(path: &Path) -> PathBuf {
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

/// The absolute form of `path` (relative paths are taken from the current directory), without
/// `.` and `..`.
pub fn absolute(path: &Path) -> PathBuf {
    static CWD: OnceLock<PathBuf> = OnceLock::new();
    if path.is_absolute() {
        return normalize(path);
    }
    let cwd = CWD.get_or_init(|| std::env::current_dir().unwrap_or_default());
    normalize(&cwd.join(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_shown_relative_and_without_dot_slash() {
        let cwd = Path::new("/work/site");
        assert_eq!(
            display_path(Path::new("/work/site/content/a.md"), Some(cwd)),
            PathBuf::from("content/a.md")
        );
        assert_eq!(
            display_path(Path::new("/elsewhere/a.md"), Some(cwd)),
            PathBuf::from("/elsewhere/a.md")
        );
        assert_eq!(
            display_path(Path::new("./content/a.md"), Some(cwd)),
            PathBuf::from("content/a.md")
        );
        assert_eq!(display_path(Path::new("."), Some(cwd)), PathBuf::from("."));
    }
}
