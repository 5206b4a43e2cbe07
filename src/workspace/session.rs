//! Checks for an editor or a watcher: the content root is walked once into a [`Session`], then
//! a few files at a time are checked against it. Files that changed on disk are re-read
//! because the session re-stats them ([`Workspace::refresh`]); unsaved buffers are overlays.

use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};

use super::discover::Meta;
use super::{Clock, Fixed, NoProgress, Outcome, Plan, Sink, Workspace};

/// The content root's files, walked once.
pub struct Session {
    plan: Plan,
}

impl Session {
    /// How many files the session knows.
    pub fn len(&self) -> usize {
        self.plan.checked.len() + self.plan.indexed.len()
    }

    /// Whether the session knows no file.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Workspace {
    /// Walks the content root of `paths` (all of it, as a check of those paths would) and
    /// reads every summary into the index. Results are kept in memory for later checks.
    pub fn session(&mut self, paths: &[PathBuf]) -> io::Result<Session> {
        self.remember = true;
        let mut plan = self.plan(paths);
        plan.indexed.append(&mut plan.checked);
        let session = Session { plan };
        self.update_index(&session.plan, &NoProgress);
        self.save(&session.plan);
        Ok(session)
    }

    /// Checks `files` (canonical or as given) against the session's index; the rest of the
    /// root is looked at only for what changed.
    pub fn check_in(
        &mut self,
        session: &Session,
        files: &[PathBuf],
        sink: &mut dyn Sink,
    ) -> io::Result<Outcome> {
        let wanted: HashSet<PathBuf> = files.iter().map(|f| self.paths.canonical(f)).collect();
        let mut checked = Vec::new();
        let mut indexed = Vec::with_capacity(session.plan.indexed.len());
        for target in &session.plan.indexed {
            if wanted.contains(&target.path) {
                checked.push(target.clone());
            } else {
                indexed.push(target.clone());
            }
        }
        // Files the walk did not find (new, or outside the root, or only a buffer) are
        // discovered on their own.
        let known: HashSet<&Path> = checked.iter().map(|t| t.path.as_path()).collect();
        let missing: Vec<PathBuf> = wanted
            .iter()
            .filter(|p| !known.contains(p.as_path()))
            .cloned()
            .collect();
        if !missing.is_empty() {
            checked.extend(self.paths.discover(&missing, &self.config.filter));
        }
        checked.sort_by(|a, b| a.display().cmp(b.display()));
        let plan = Plan {
            checked,
            indexed,
            root: session.plan.root.clone(),
            cross_article: session.plan.cross_article,
        };
        self.run(
            &plan,
            sink,
            &NoProgress,
            Fixed::default(),
            &mut Clock::start(),
        )
    }

    /// Takes note of files that changed on disk: their size and time are taken again (so the
    /// next check reads them), new files join the session and deleted ones leave it.
    pub fn refresh(&mut self, session: &mut Session, changed: &[PathBuf]) {
        let changed: HashSet<PathBuf> = changed.iter().map(|p| self.paths.canonical(p)).collect();
        session
            .plan
            .indexed
            .retain(|t| !changed.contains(&t.path) || t.path.exists());
        let mut known: HashSet<PathBuf> = HashSet::new();
        for target in &mut session.plan.indexed {
            if changed.contains(&target.path) {
                target.meta = Meta::now(&target.path);
                known.insert(target.path.clone());
            }
        }
        let new: Vec<PathBuf> = changed
            .into_iter()
            .filter(|p| !known.contains(p) && p.is_file())
            .collect();
        if !new.is_empty() {
            let root = session.plan.root.clone();
            let found = self.paths.discover(&new, &self.config.filter);
            session.plan.indexed.extend(
                found
                    .into_iter()
                    .filter(|t| root.as_ref().is_none_or(|r| t.path.starts_with(r))),
            );
        }
        // Deleted files leave the index too.
        self.update_index(&session.plan, &NoProgress);
    }

    /// The folders whose changes can change a check of `paths`: the content root (or the
    /// checked folders), and the config file's folder.
    pub fn watched_folders(&self, paths: &[PathBuf]) -> Vec<PathBuf> {
        let mut folders = Vec::new();
        match self.content_root(paths) {
            Some(root) => folders.push(root),
            None => {
                for path in paths {
                    let absolute = self.paths.absolute(path);
                    if absolute.is_dir() {
                        folders.push(absolute);
                    } else if let Some(parent) = absolute.parent() {
                        folders.push(parent.to_path_buf());
                    }
                }
            }
        }
        if let Some(dir) = self.config.file.as_ref().and_then(|f| f.parent())
            && !folders.iter().any(|f| dir.starts_with(f))
        {
            folders.push(dir.to_path_buf());
        }
        folders
    }

    /// The text a check would read for `path`: its overlay, else the file.
    pub fn text_of(&self, path: &Path) -> Option<String> {
        let canonical = self.paths.canonical(path);
        match self.overlays.get(&canonical) {
            Some(text) => Some(text.to_string()),
            None => std::fs::read_to_string(&canonical).ok(),
        }
    }
}
