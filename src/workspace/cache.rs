//! The cache: what earlier runs learnt about each file, so that a run reads and checks only
//! what changed.
//!
//! Two tables, each kept in memory for the life of a workspace and on disk between runs:
//!
//! - **summaries**: per file (by canonical path), the stamp it was read with and the article
//!   summary the index needs. A file whose stamp still matches is not read to build the index.
//! - **results**, one per set of settings (configuration, schemas, rule choices, content root,
//!   working directory): per checked file, its stamp, its diagnostics in force and the
//!   dependency keys its cross-article rules looked up; plus a snapshot of the index the
//!   results were computed against (each article's summary hash and provided keys). A result
//!   is reused when its file is unchanged and no article whose summary changed since the
//!   snapshot provides a key it looked up.
//!
//! A stamp is a file's size and modification time, and a hash of its content. When the
//! modification time is too close to the moment the file was read to be trusted (the file
//! could be edited again within the file system's timestamp granularity, keeping size and
//! time: "racily clean", as git calls it), the content is hashed again to decide.
//!
//! On disk, under the cache directory: a `.gitignore` that ignores it all, a `CACHEDIR.TAG`,
//! and one folder per build of contentlint holding `summaries.bin` and `results-<key>.bin`.
//! Every file is written to a temporary file and renamed into place, so two runs at once
//! never leave a torn file (the last one wins). A file that cannot be read or decoded is
//! ignored with a one-line notice and rebuilt; the cache never changes what a run reports.

use std::collections::HashMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rustc_hash::FxHashSet;
use serde::{Deserialize, Serialize};

use super::discover::Meta;
use crate::core::article::Article;
use crate::core::diagnostic::Diagnostic;

/// How close a modification time may be to the moment of reading before the content must be
/// hashed again to tell whether it changed (coarse file systems keep times to the second or
/// two).
const RACY_WINDOW: Duration = Duration::from_secs(3);

/// The cache folder's default name.
pub const DIR_NAME: &str = ".contentlint_cache";

/// Bumped when the layout of the cached records changes.
const FORMAT: u32 = 1;

/// What a file was when it was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    /// Size in bytes.
    pub size: u64,
    /// Modification time, in nanoseconds since the epoch.
    pub modified: Option<u128>,
    /// xxh3 of the content.
    pub hash: u64,
    /// When the file was read, in nanoseconds since the epoch.
    pub seen: u128,
}

impl Stamp {
    /// The stamp of `bytes`, read now from a file the walk saw as `meta`.
    pub fn new(meta: &Meta, bytes: &[u8]) -> Self {
        Self {
            size: bytes.len() as u64,
            modified: meta.modified.map(nanos),
            hash: content_hash(bytes),
            seen: nanos(SystemTime::now()),
        }
    }

    /// Whether a file the walk sees as `meta` is still what this stamp describes: `Some` when
    /// size and time tell, `None` when the time is too close to the read to trust (then the
    /// content's hash decides, see [`Stamp::matches`]).
    pub fn fresh(&self, meta: &Meta) -> Option<bool> {
        let modified = meta.modified.map(nanos);
        if modified.is_none() || modified != self.modified || meta.size != self.size {
            return Some(false);
        }
        let modified = modified.unwrap_or_default();
        let racy = self.seen < modified + RACY_WINDOW.as_nanos();
        (!racy).then_some(true)
    }

    /// Whether `bytes` are the content this stamp describes.
    pub fn matches(&self, bytes: &[u8]) -> bool {
        bytes.len() as u64 == self.size && content_hash(bytes) == self.hash
    }
}

/// The hash stamps keep of a file's content.
pub fn content_hash(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

fn nanos(time: SystemTime) -> u128 {
    time.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos())
}

/// One file's summary.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SummaryEntry {
    /// What the file was.
    pub stamp: Stamp,
    /// Its summary, when its front matter could be read.
    pub article: Option<Article>,
    /// A hash of the summary (see [`summary_hash`]).
    pub hash: u64,
}

/// A hash of what the index knows of an article: two summaries with one hash are the same
/// to every cross-article rule.
pub fn summary_hash(article: Option<&Article>) -> u64 {
    match article.map(postcard::to_stdvec) {
        Some(Ok(bytes)) => xxhash_rust::xxh3::xxh3_64(&bytes),
        Some(Err(_)) => u64::MAX,
        None => 0,
    }
}

/// What the results of one run were computed against: each indexed article's summary hash
/// and the keys it provides.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct SnapshotEntry {
    /// See [`summary_hash`].
    pub hash: u64,
    /// See [`Article::provides`].
    pub provides: Vec<u64>,
}

/// One checked file's result.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Record {
    /// What the file was.
    pub stamp: Stamp,
    /// The dependency keys its cross-article rules looked up.
    pub reads: Vec<u64>,
    /// Its diagnostics in force, with positions.
    pub diagnostics: Vec<Diagnostic>,
}

/// The results of one set of settings.
#[derive(Debug, Default)]
pub struct ResultsTable {
    /// What the records were computed against.
    pub snapshot: HashMap<PathBuf, SnapshotEntry>,
    /// Per checked file.
    pub records: HashMap<PathBuf, Record>,
    dirty: bool,
}

impl ResultsTable {
    /// The record of `path`, if it is still valid: the file is what `fresh` says, and it
    /// looked up none of the `changed` keys.
    pub fn valid(&self, path: &Path, changed: &FxHashSet<u64>) -> Option<&Record> {
        let record = self.records.get(path)?;
        (!record.reads.iter().any(|k| changed.contains(k))).then_some(record)
    }

    /// Records `path`'s result.
    pub fn put(&mut self, path: PathBuf, record: Record) {
        self.records.insert(path, record);
        self.dirty = true;
    }

    /// Drops the records that depend on a changed key, and replaces the snapshot: what is
    /// left is valid against the new one.
    pub fn rebase(&mut self, snapshot: HashMap<PathBuf, SnapshotEntry>, changed: &FxHashSet<u64>) {
        if !changed.is_empty() {
            self.records
                .retain(|_, r| !r.reads.iter().any(|k| changed.contains(k)));
        }
        self.dirty |= !changed.is_empty() || snapshot.len() != self.snapshot.len();
        self.snapshot = snapshot;
    }
}

/// The cache of a workspace.
#[derive(Debug, Default)]
pub struct Cache {
    /// Where it lives on disk; `None` keeps it in memory only.
    dir: Option<PathBuf>,
    /// Per canonical path.
    pub summaries: HashMap<PathBuf, SummaryEntry>,
    summaries_dirty: bool,
    results: HashMap<u64, ResultsTable>,
    notices: Vec<String>,
}

impl Cache {
    /// A cache kept in memory only.
    pub fn in_memory() -> Self {
        Self::default()
    }

    /// The cache in `dir`, loading what an earlier run left there.
    pub fn open(dir: PathBuf) -> Self {
        let mut cache = Self {
            dir: Some(dir),
            ..Self::default()
        };
        if let Some(path) = cache.file("summaries.bin")
            && let Some(entries) = cache.load::<(PathBuf, SummaryEntry)>(&path)
        {
            cache.summaries = entries.into_iter().collect();
        }
        cache
    }

    /// One-line notices about the cache (a damaged file that was ignored), for stderr.
    pub fn take_notices(&mut self) -> Vec<String> {
        std::mem::take(&mut self.notices)
    }

    /// Records a file's summary.
    pub fn put_summary(&mut self, path: PathBuf, entry: SummaryEntry) {
        self.summaries.insert(path, entry);
        self.summaries_dirty = true;
    }

    /// Forgets the summaries of files under `root` that the walk did not find.
    pub fn prune(&mut self, root: &Path, seen: &FxHashSet<&Path>) {
        let before = self.summaries.len();
        self.summaries
            .retain(|path, _| !path.starts_with(root) || seen.contains(path.as_path()));
        self.summaries_dirty |= self.summaries.len() != before;
    }

    /// Takes the results table of the settings `key` out of the cache (loading it from disk
    /// the first time); give it back with [`Cache::put_results`].
    pub fn take_results(&mut self, key: u64) -> ResultsTable {
        match self.results.remove(&key) {
            Some(table) => table,
            None => self.load_results(key).unwrap_or_default(),
        }
    }

    /// Puts a results table back.
    pub fn put_results(&mut self, key: u64, table: ResultsTable) {
        self.results.insert(key, table);
    }

    fn load_results(&mut self, key: u64) -> Option<ResultsTable> {
        let path = self.file(&format!("results-{key:016x}.bin"))?;
        let entries = self.load::<ResultEntry>(&path)?;
        let mut table = ResultsTable::default();
        for entry in entries {
            match entry {
                ResultEntry::Snapshot(path, entry) => {
                    table.snapshot.insert(path, entry);
                }
                ResultEntry::Record(path, record) => {
                    table.records.insert(path, record);
                }
            }
        }
        Some(table)
    }

    /// Writes what changed to disk; errors are notices, never failures.
    pub fn save(&mut self) {
        if self.dir.is_none() {
            return;
        }
        if self.summaries_dirty {
            self.summaries_dirty = false;
            let entries = self.summaries.iter();
            if let Err(e) = self.write("summaries.bin", entries) {
                self.notice(format!("could not write the cache: {e}"));
            }
        }
        let keys: Vec<u64> = self
            .results
            .iter()
            .filter(|(_, t)| t.dirty)
            .map(|(k, _)| *k)
            .collect();
        for key in keys {
            let Some(table) = self.results.get_mut(&key) else {
                continue;
            };
            table.dirty = false;
            let table = &self.results[&key];
            let entries = table
                .snapshot
                .iter()
                .map(|(p, e)| ResultEntryRef::Snapshot(p, e))
                .chain(
                    table
                        .records
                        .iter()
                        .map(|(p, r)| ResultEntryRef::Record(p, r)),
                );
            if let Err(e) = self.write(&format!("results-{key:016x}.bin"), entries) {
                self.notice(format!("could not write the cache: {e}"));
            }
        }
    }

    /// The folder of this build's files.
    fn build_dir(&self) -> Option<PathBuf> {
        Some(self.dir.as_ref()?.join(build_id()))
    }

    fn file(&self, name: &str) -> Option<PathBuf> {
        Some(self.build_dir()?.join(name))
    }

    fn notice(&mut self, message: String) {
        self.notices.push(message);
    }

    /// Reads a file of records: a header, then length-prefixed postcard records.
    fn load<T: for<'de> Deserialize<'de>>(&mut self, path: &Path) -> Option<Vec<T>> {
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return None,
            Err(e) => {
                self.notice(format!(
                    "ignoring the unreadable cache file {}: {e}",
                    path.display()
                ));
                return None;
            }
        };
        match decode(&bytes) {
            Some(entries) => Some(entries),
            None => {
                self.notice(format!(
                    "ignoring the damaged cache file {}; it will be rebuilt",
                    path.display()
                ));
                None
            }
        }
    }

    /// Writes records to `name` in this build's folder, atomically.
    fn write<T: Serialize>(&self, name: &str, entries: impl Iterator<Item = T>) -> io::Result<()> {
        let Some(dir) = self.build_dir() else {
            return Ok(());
        };
        let root = self.dir.as_ref().map_or(dir.as_path(), PathBuf::as_path);
        if !dir.exists() {
            std::fs::create_dir_all(&dir)?;
            mark(root)?;
            forget_other_builds(root);
        }
        let mut temp = tempfile::Builder::new().prefix(".tmp-").tempfile_in(&dir)?;
        {
            let mut out = io::BufWriter::new(temp.as_file_mut());
            out.write_all(MAGIC)?;
            for entry in entries {
                let bytes = postcard::to_stdvec(&entry).map_err(io::Error::other)?;
                out.write_all(&(bytes.len() as u64).to_le_bytes())?;
                out.write_all(&bytes)?;
            }
            out.write_all(&u64::MAX.to_le_bytes())?;
            out.flush()?;
        }
        temp.persist(dir.join(name)).map_err(|e| e.error)?;
        Ok(())
    }
}

#[derive(Deserialize)]
enum ResultEntry {
    Snapshot(PathBuf, SnapshotEntry),
    Record(PathBuf, Record),
}

#[derive(Serialize)]
enum ResultEntryRef<'a> {
    Snapshot(&'a PathBuf, &'a SnapshotEntry),
    Record(&'a PathBuf, &'a Record),
}

/// The first bytes of every cache file, with the record format.
const MAGIC: &[u8] = b"contentlint-cache\x00\x01\x00\x00\x00";

/// Decodes a whole file written by [`Cache::write`]; `None` when it is damaged or truncated.
fn decode<T: for<'de> Deserialize<'de>>(bytes: &[u8]) -> Option<Vec<T>> {
    let mut rest = bytes.strip_prefix(MAGIC)?;
    let mut out = Vec::new();
    loop {
        let (len, tail) = rest.split_first_chunk::<8>()?;
        let len = u64::from_le_bytes(*len);
        if len == u64::MAX {
            return tail.is_empty().then_some(out);
        }
        let len = usize::try_from(len).ok()?;
        if len > tail.len() {
            return None;
        }
        let (record, tail) = tail.split_at(len);
        out.push(postcard::from_bytes(record).ok()?);
        rest = tail;
    }
}

/// Names this build of contentlint: its version and cache format, and the executable's size
/// and modification time, so that a rebuilt binary never trusts results of another build.
fn build_id() -> String {
    let exe = std::env::current_exe()
        .ok()
        .and_then(|p| std::fs::metadata(p).ok())
        .map(|m| {
            let mut h = xxhash_rust::xxh3::Xxh3::new();
            h.update(&m.len().to_le_bytes());
            h.update(&m.modified().map(nanos).unwrap_or_default().to_le_bytes());
            h.digest()
        })
        .unwrap_or_default();
    format!("{}-{FORMAT}-{:08x}", env!("CARGO_PKG_VERSION"), exe as u32)
}

/// Removes the folders of other builds of this version (a rebuilt binary never reads them);
/// other versions keep theirs, for projects that use two versions side by side.
fn forget_other_builds(root: &Path) {
    let own = build_id();
    let prefix = format!("{}-{FORMAT}-", env!("CARGO_PKG_VERSION"));
    let Ok(entries) = std::fs::read_dir(root) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(&prefix) && name != own {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Makes `dir` recognisable as a cache: git ignores it and backup tools skip it.
fn mark(dir: &Path) -> io::Result<()> {
    let gitignore = dir.join(".gitignore");
    if !gitignore.exists() {
        std::fs::write(gitignore, "# Automatically created by contentlint.\n*\n")?;
    }
    let tag = dir.join("CACHEDIR.TAG");
    if !tag.exists() {
        std::fs::write(
            tag,
            "Signature: 8a477f597d28d172789f06886806bc55\n# This file is a cache directory tag created by contentlint.\n",
        )?;
    }
    Ok(())
}

/// Removes the cache directory `dir` (what `contentlint clean` does); `false` when there was
/// none.
pub fn clean(dir: &Path) -> io::Result<bool> {
    if !dir.join("CACHEDIR.TAG").exists() && !dir.join(".gitignore").exists() {
        return Ok(false);
    }
    std::fs::remove_dir_all(dir)?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_tell_unchanged_files_and_distrust_racy_ones() {
        let then = SystemTime::now() - Duration::from_secs(60);
        let meta = Meta {
            size: 3,
            modified: Some(then),
        };
        let stamp = Stamp::new(&meta, b"abc");
        assert_eq!(stamp.fresh(&meta), Some(true));
        assert_eq!(stamp.fresh(&Meta { size: 4, ..meta }), Some(false));
        let now = Meta {
            size: 3,
            modified: Some(SystemTime::now()),
        };
        let racy = Stamp::new(&now, b"abc");
        assert_eq!(racy.fresh(&now), None);
        assert!(racy.matches(b"abc"));
        assert!(!racy.matches(b"abd"));
    }

    #[test]
    fn records_round_trip_and_damage_is_detected() {
        let dir = tempfile::tempdir().unwrap();
        let mut cache = Cache::open(dir.path().to_path_buf());
        let meta = Meta {
            size: 1,
            modified: Some(SystemTime::now()),
        };
        cache.put_summary(
            PathBuf::from("/a.md"),
            SummaryEntry {
                stamp: Stamp::new(&meta, b"x"),
                article: None,
                hash: 0,
            },
        );
        cache.save();
        let again = Cache::open(dir.path().to_path_buf());
        assert_eq!(again.summaries.len(), 1);
        // Truncate the file: it is ignored, with a notice.
        let file = again.file("summaries.bin").unwrap();
        let bytes = std::fs::read(&file).unwrap();
        std::fs::write(&file, &bytes[..bytes.len() - 3]).unwrap();
        let mut damaged = Cache::open(dir.path().to_path_buf());
        assert!(damaged.summaries.is_empty());
        assert_eq!(damaged.take_notices().len(), 1);
        assert!(dir.path().join(".gitignore").exists());
        assert!(clean(dir.path()).unwrap());
        assert!(!dir.path().exists());
    }
}
