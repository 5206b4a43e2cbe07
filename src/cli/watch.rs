//! `contentlint check --watch`: check, then check again whenever an article, the config or a
//! schema changes under the watched folders (notify's events, debounced here), clearing
//! the screen between reports on a terminal, as `ruff check --watch` does. The workspace stays
//! open between runs, so a re-check reads only what changed and re-checks only the files whose
//! diagnostics depend on it (the engine's result cache); a config change reopens it.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use notify::{EventKind, RecursiveMode, Watcher};

use super::run::{CheckRequest, Status, open};
use crate::workspace::{Outcome, Workspace, cache, config};

/// How long the files must be quiet before a re-check (an editor's save is several events).
const DEBOUNCE: Duration = Duration::from_millis(200);

/// Whether a change to `path` can change a report: an article, the config or a schema, and
/// not the cache's own files.
fn relevant(path: &Path) -> bool {
    if path
        .components()
        .any(|c| c.as_os_str() == cache::DIR_NAME || c.as_os_str() == ".git")
    {
        return false;
    }
    config::is_settings_file(path) || path.extension().is_some_and(|e| e == "md")
}

/// The paths of the next change: waits for an event that writes, creates, removes or renames
/// a relevant file (reading one, as every check does, is an event too, and is ignored), then
/// gathers what follows until the files are quiet for [`DEBOUNCE`].
fn next_change(events: &Receiver<notify::Result<notify::Event>>) -> Option<Vec<PathBuf>> {
    let changes = |event: notify::Result<notify::Event>| -> Vec<PathBuf> {
        match event {
            Ok(event) if !matches!(event.kind, EventKind::Access(_)) => {
                event.paths.into_iter().filter(|p| relevant(p)).collect()
            }
            _ => Vec::new(),
        }
    };
    let mut paths = Vec::new();
    while paths.is_empty() {
        paths = changes(events.recv().ok()?);
    }
    while let Ok(event) = events.recv_timeout(DEBOUNCE) {
        paths.extend(changes(event));
    }
    Some(paths)
}

/// Runs `check` now and after every relevant change, until Ctrl-C.
pub(super) fn run(
    request: &CheckRequest,
    mut workspace: Workspace,
    check: impl Fn(&mut Workspace) -> io::Result<Outcome>,
) -> io::Result<Status> {
    // Ctrl-C ends the watch cleanly: every report was written whole, and the cache is
    // written atomically.
    let _ = ctrlc::set_handler(|| std::process::exit(0));
    let (send, receive) = channel();
    let mut watcher = notify::recommended_watcher(send).map_err(io::Error::other)?;
    let mut folders: Vec<PathBuf> = workspace.watched_folders(&request.paths);
    folders.sort();
    folders.dedup();
    for folder in &folders {
        watcher
            .watch(folder, RecursiveMode::Recursive)
            .map_err(io::Error::other)?;
    }
    let terminal = io::stdout().is_terminal() && request.output_file.is_none();
    loop {
        if terminal {
            // Clear the screen and the scrollback, and go home.
            print!("\x1b[2J\x1b[3J\x1b[H");
            io::stdout().flush()?;
        }
        check(&mut workspace)?;
        if !request.silent {
            eprintln!("Watching for changes (Ctrl-C stops)...");
        }
        let Some(changed) = next_change(&receive) else {
            return Ok(Ok(ExitCode::SUCCESS));
        };
        if changed.iter().any(|p| config::is_settings_file(p)) {
            match open(request) {
                Ok(reopened) => workspace = reopened,
                // The broken config was reported; keep watching for its repair.
                Err(_) => continue,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_articles_configs_and_schemas_count() {
        assert!(relevant(Path::new("/s/content/a.md")));
        assert!(relevant(Path::new("/s/contentlint.toml")));
        assert!(relevant(Path::new("/s/schemas/x.json")));
        assert!(!relevant(Path::new("/s/.contentlint_cache/summaries.md")));
        assert!(!relevant(Path::new("/s/.git/index")));
        assert!(!relevant(Path::new("/s/notes.txt")));
    }
}
