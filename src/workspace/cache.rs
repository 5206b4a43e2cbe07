//! The cache: what earlier runs learnt about each file, so that a run reads and checks only
//! what changed.
//!
//! Two tables, kept in memory for the life of a workspace and on disk between runs:
//!
//! - **summaries**: per file (by canonical path), the stamp it was read with and the article
//!   summary the index needs. A file whose stamp still matches is not read to build the index.
//! - **results**, one per set of settings (configuration, schemas, rule choices, content root,
//!   working directory): per checked file, its stamp, its diagnostics in force and the
//!   dependency keys its cross-article rules looked up; plus a snapshot of the index the
//!   results were computed against (each article's summary hash and provided keys). A result
//!   is reused when its file is unchanged and no article whose summary changed since the
//!   snapshot provides a key it looked up. Diagnostics stay encoded until a result is used.
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
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rustc_hash::{FxHashMap, FxHashSet};
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
const FORMAT: u32 = 2;

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

/// What the index needs to know of a file's summary without reading it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SummaryMeta {
    /// What the file was; `None` for a text that stands in for a file (an editor buffer).
    pub stamp: Option<Stamp>,
    /// A hash of the summary (see [`summary_hash`]).
    pub hash: u64,
    /// The dependency keys the summary provides (see [`Article::provides`]).
    pub provides: Box<[u64]>,
    /// Its subject: the index counts spellings without decoding the summary.
    pub subject: Option<Box<str>>,
}

impl SummaryMeta {
    /// The meta of `article`, read with `stamp`.
    pub fn new(stamp: Option<Stamp>, article: Option<&Article>) -> Self {
        Self {
            stamp,
            hash: summary_hash(article),
            provides: article.map(|a| a.provides().into()).unwrap_or_default(),
            subject: article
                .and_then(|a| a.subject.as_ref())
                .map(|s| s.value.as_str().into()),
        }
    }
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

/// A summary found in the cache file, waiting to be used; the article stays encoded until
/// the index takes it.
#[derive(Debug)]
pub struct Seed {
    /// Its meta.
    pub meta: SummaryMeta,
    article: Encoded,
}

impl Seed {
    /// The summary, still encoded, for [`crate::core::index::Index::upsert_encoded`].
    pub fn encoded(&self) -> crate::core::index::Encoded {
        match &self.article {
            Encoded::Loaded(file, range) => {
                crate::core::index::Encoded::new(Arc::clone(file), range.clone())
            }
            Encoded::Owned(bytes) => {
                let len = bytes.len();
                crate::core::index::Encoded::new(Arc::new(bytes.to_vec()), 0..len)
            }
        }
    }
}

/// What one run's results were computed against, per file: its summary hash and provided
/// keys (decoded only when the summary changed).
#[derive(Debug, Clone)]
pub struct SnapshotEntry {
    /// See [`summary_hash`].
    pub hash: u64,
    provides: Encoded,
}

impl SnapshotEntry {
    fn new(meta: &SummaryMeta) -> Self {
        Self {
            hash: meta.hash,
            provides: Encoded::encode(&meta.provides),
        }
    }

    /// See [`Article::provides`].
    pub fn provides(&self) -> Vec<u64> {
        postcard::from_bytes(self.provides.bytes()).unwrap_or_default()
    }
}

/// One checked file's result, with its looked-up keys and diagnostics still encoded.
#[derive(Debug, Clone)]
pub struct Slot {
    /// What the file was.
    pub stamp: Stamp,
    reads: Encoded,
    diagnostics: Encoded,
}

/// A loaded cache file: mapped into memory, or read when it cannot be mapped.
type Buffer = Arc<dyn AsRef<[u8]> + Send + Sync>;

/// Bytes in postcard's encoding: a range of a loaded cache file, or encoded in this run.
#[derive(Clone)]
enum Encoded {
    Loaded(Buffer, Range<usize>),
    Owned(Box<[u8]>),
}

impl std::fmt::Debug for Encoded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Encoded({} bytes)", self.bytes().len())
    }
}

impl Encoded {
    fn encode<T: Serialize + ?Sized>(value: &T) -> Self {
        Encoded::Owned(postcard::to_stdvec(value).unwrap_or_default().into())
    }

    /// `slice`, which lies in `file`, as a range of it.
    fn within(file: &Buffer, slice: &[u8]) -> Self {
        let start = slice.as_ptr() as usize - (**file).as_ref().as_ptr() as usize;
        Encoded::Loaded(Arc::clone(file), start..start + slice.len())
    }

    fn bytes(&self) -> &[u8] {
        match self {
            Encoded::Loaded(file, range) => &(**file).as_ref()[range.clone()],
            Encoded::Owned(bytes) => bytes,
        }
    }
}

impl Slot {
    /// A slot for a file checked now.
    pub fn new(stamp: Stamp, reads: Vec<u64>, diagnostics: &[Diagnostic]) -> Self {
        Self {
            stamp,
            reads: Encoded::encode(&reads),
            diagnostics: Encoded::encode(diagnostics),
        }
    }

    /// The dependency keys its cross-article rules looked up (empty if they cannot be
    /// decoded, which the caller treats as a dependency on everything, see
    /// [`ResultsTable::rebase`]).
    pub fn reads(&self) -> Option<Vec<u64>> {
        postcard::from_bytes(self.reads.bytes()).ok()
    }

    /// The diagnostics; `None` if they cannot be decoded (then the file is checked again).
    pub fn diagnostics(&self) -> Option<Vec<Diagnostic>> {
        postcard::from_bytes(self.diagnostics.bytes()).ok()
    }
}

/// The results of one set of settings.
#[derive(Debug, Default)]
pub struct ResultsTable {
    /// What the slots were computed against, by [`path_key`].
    pub snapshot: FxHashMap<u64, SnapshotEntry>,
    /// Per checked file, by [`path_key`].
    pub slots: FxHashMap<u64, Slot>,
    dirty: bool,
}

impl ResultsTable {
    /// Brings the snapshot up to date with `now` (each indexed file's summary), dropping the
    /// slots that looked up a key an article changed, added or removed provides.
    pub fn rebase<'a>(&mut self, now: impl Iterator<Item = (u64, &'a SummaryMeta)>) {
        let mut changed: FxHashSet<u64> = FxHashSet::default();
        let mut present: FxHashSet<u64> = FxHashSet::default();
        for (key, meta) in now {
            present.insert(key);
            match self.snapshot.get_mut(&key) {
                Some(entry) if entry.hash == meta.hash => {}
                Some(entry) => {
                    changed.extend(entry.provides());
                    changed.extend(meta.provides.iter().copied());
                    *entry = SnapshotEntry::new(meta);
                }
                None => {
                    changed.extend(meta.provides.iter().copied());
                    self.snapshot.insert(key, SnapshotEntry::new(meta));
                }
            }
        }
        if present.len() != self.snapshot.len() {
            self.snapshot.retain(|key, entry| {
                let keep = present.contains(key);
                if !keep {
                    changed.extend(entry.provides());
                }
                keep
            });
            // A file that is gone has no result to keep.
            self.slots.retain(|key, _| present.contains(key));
            self.dirty = true;
        }
        if !changed.is_empty() {
            self.slots.retain(|_, slot| {
                slot.reads()
                    .is_some_and(|reads| !reads.iter().any(|k| changed.contains(k)))
            });
            self.dirty = true;
        }
    }

    /// Records a file's result.
    pub fn put(&mut self, key: u64, slot: Slot) {
        self.slots.insert(key, slot);
        self.dirty = true;
    }

    /// Forgets a file's result (it changed while a fix was applied).
    pub fn forget(&mut self, key: u64) {
        self.dirty |= self.slots.remove(&key).is_some();
    }
}

/// The cache of a workspace.
#[derive(Debug, Default)]
pub struct Cache {
    /// Where it lives on disk; `None` keeps it in memory only.
    dir: Option<PathBuf>,
    /// The summaries read from disk, by the key of the canonical path, until the index takes
    /// them.
    pub seeds: FxHashMap<u64, Seed>,
    results: HashMap<u64, ResultsTable>,
    notices: Vec<String>,
}

impl Cache {
    /// A cache kept in memory only.
    pub fn in_memory() -> Self {
        Self::default()
    }

    /// The cache in `dir`, loading the summaries an earlier run left there.
    pub fn open(dir: PathBuf) -> Self {
        let mut cache = Self {
            dir: Some(dir),
            ..Self::default()
        };
        if let Some(path) = cache.file("summaries.bin")
            && let Some(bytes) = cache.read(&path)
        {
            let mut seeds = FxHashMap::default();
            let decoded = decode::<SeedEntry, ()>(&bytes, |_, (key, meta, article)| {
                let article = Encoded::within(&bytes, article);
                seeds.insert(key, Seed { meta, article });
                None
            });
            match decoded {
                Some(_) => cache.seeds = seeds,
                None => cache.damaged(&path),
            }
        }
        cache
    }

    /// Whether the cache is kept on disk.
    pub fn persistent(&self) -> bool {
        self.dir.is_some()
    }

    /// One-line notices about the cache (a damaged file that was ignored), for stderr.
    pub fn take_notices(&mut self) -> Vec<String> {
        std::mem::take(&mut self.notices)
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
        let path = self.file(&results_name(key))?;
        let bytes = self.read(&path)?;
        let mut table = ResultsTable::default();
        let decoded = decode::<ResultEntry, ()>(&bytes, |_, entry| {
            match entry {
                ResultEntry::Snapshot(key, hash, provides) => {
                    let provides = Encoded::within(&bytes, provides);
                    table.snapshot.insert(key, SnapshotEntry { hash, provides });
                }
                ResultEntry::Slot(key, stamp, reads, diagnostics) => {
                    let slot = Slot {
                        stamp,
                        reads: Encoded::within(&bytes, reads),
                        diagnostics: Encoded::within(&bytes, diagnostics),
                    };
                    table.slots.insert(key, slot);
                }
            }
            None
        });
        if decoded.is_none() {
            self.damaged(&path);
            return None;
        }
        Some(table)
    }

    /// Writes the summaries of the index (what `entries` gives) if `changed`, and every
    /// results table that changed; errors become notices, never failures.
    pub fn save<'a>(
        &mut self,
        changed: bool,
        entries: impl Iterator<Item = (u64, &'a SummaryMeta, Option<std::borrow::Cow<'a, [u8]>>)>,
    ) {
        if self.dir.is_none() {
            return;
        }
        if changed {
            let entries =
                entries
                    .filter(|(_, meta, _)| meta.stamp.is_some())
                    .map(|(key, meta, article)| {
                        // A file without a summary is recorded as `None`.
                        let article = article.unwrap_or(std::borrow::Cow::Borrowed(&[0]));
                        (key, meta, Bytes(article))
                    });
            if let Err(e) = self.write("summaries.bin", entries) {
                self.notices.push(format!("could not write the cache: {e}"));
            }
        }
        let mut errors = Vec::new();
        for (key, table) in &mut self.results {
            if !table.dirty {
                continue;
            }
            table.dirty = false;
            let snapshot = table
                .snapshot
                .iter()
                .map(|(k, e)| ResultEntryRef::Snapshot(*k, e.hash, e.provides.bytes()));
            let slots = table.slots.iter().map(|(k, s)| {
                ResultEntryRef::Slot(*k, &s.stamp, s.reads.bytes(), s.diagnostics.bytes())
            });
            let written = write_file(
                self.dir.as_deref(),
                &results_name(*key),
                snapshot.chain(slots),
            );
            if let Err(e) = written {
                errors.push(format!("could not write the cache: {e}"));
            }
        }
        self.notices.extend(errors);
    }

    fn file(&self, name: &str) -> Option<PathBuf> {
        Some(self.dir.as_ref()?.join(build_id()).join(name))
    }

    /// Maps (or reads) a cache file, and checks its checksum: a damaged file is `None`,
    /// with a notice.
    fn read(&mut self, path: &Path) -> Option<Buffer> {
        let buffer = match map(path) {
            Ok(buffer) => buffer,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return None,
            Err(e) => {
                self.notices.push(format!(
                    "ignoring the unreadable cache file {}: {e}",
                    path.display()
                ));
                return None;
            }
        };
        if verified(buffer.as_ref().as_ref()).is_none() {
            self.damaged(path);
            return None;
        }
        Some(buffer)
    }

    fn damaged(&mut self, path: &Path) {
        self.notices.push(format!(
            "ignoring the damaged cache file {}; it will be rebuilt",
            path.display()
        ));
    }

    fn write<T: Serialize>(&self, name: &str, entries: impl Iterator<Item = T>) -> io::Result<()> {
        write_file(self.dir.as_deref(), name, entries)
    }
}

fn results_name(key: u64) -> String {
    format!("results-{key:016x}.bin")
}

/// A record of `summaries.bin`: the file's key, its meta, and its encoded summary.
type SeedEntry<'a> = (u64, SummaryMeta, &'a [u8]);

/// Encoded bytes, written as a byte string.
struct Bytes<'a>(std::borrow::Cow<'a, [u8]>);

impl Serialize for Bytes<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(&self.0)
    }
}

/// A record of a results file.
#[derive(Deserialize)]
enum ResultEntry<'a> {
    Snapshot(u64, u64, &'a [u8]),
    Slot(u64, Stamp, &'a [u8], &'a [u8]),
}

/// A record of a results file, to write.
#[derive(Serialize)]
enum ResultEntryRef<'a> {
    Snapshot(u64, u64, #[serde(with = "serde_bytes_ref")] &'a [u8]),
    Slot(
        u64,
        &'a Stamp,
        #[serde(with = "serde_bytes_ref")] &'a [u8],
        #[serde(with = "serde_bytes_ref")] &'a [u8],
    ),
}

/// Writes a byte slice as a byte string, which is how `&[u8]` reads back borrowed.
mod serde_bytes_ref {
    pub fn serialize<S: serde::Serializer>(
        bytes: &&[u8],
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(bytes)
    }
}

/// The first bytes of every cache file.
const MAGIC: &[u8] = b"contentlint-cache\x00";

/// Maps a file into memory (it is never changed in place: a new version is renamed over
/// it), or reads it where mapping is not possible.
fn map(path: &Path) -> io::Result<Buffer> {
    let file = std::fs::File::open(path)?;
    // SAFETY: cache files are written once, to a temporary name, and renamed into place; no
    // process writes to a file that has its final name, so the mapping never changes.
    match unsafe { memmap2::Mmap::map(&file) } {
        Ok(map) => Ok(Arc::new(map)),
        Err(_) => Ok(Arc::new(std::fs::read(path)?)),
    }
}

/// The records of a file whose checksum (its last 8 bytes, an xxh3 of the rest) holds.
fn verified(bytes: &[u8]) -> Option<&[u8]> {
    let (body, sum) = bytes.split_last_chunk::<8>()?;
    (xxhash_rust::xxh3::xxh3_64(body) == u64::from_le_bytes(*sum)).then_some(body)
}

/// Decodes a file written by [`write_file`], handing each record to `each` (which may keep
/// it). `None` when the file is damaged or truncated.
fn decode<'a, T: Deserialize<'a>, U>(
    bytes: &'a Buffer,
    mut each: impl FnMut(&'a [u8], T) -> Option<U>,
) -> Option<Vec<U>> {
    // The checksum was verified when the file was read.
    let (bytes, _) = (**bytes).as_ref().split_last_chunk::<8>()?;
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
        out.extend(each(record, postcard::from_bytes(record).ok()?));
        rest = tail;
    }
}

/// Writes records to `name` in this build's folder under `dir`, atomically: a temporary file,
/// then a rename.
fn write_file<T: Serialize>(
    dir: Option<&Path>,
    name: &str,
    entries: impl Iterator<Item = T>,
) -> io::Result<()> {
    let Some(root) = dir else {
        return Ok(());
    };
    let dir = root.join(build_id());
    if !dir.exists() {
        std::fs::create_dir_all(&dir)?;
        mark(root)?;
        forget_other_builds(root);
    }
    let mut temp = tempfile::Builder::new().prefix(".tmp-").tempfile_in(&dir)?;
    {
        let mut out = Checksummed {
            out: io::BufWriter::new(temp.as_file_mut()),
            hash: xxhash_rust::xxh3::Xxh3::new(),
        };
        out.write_all(MAGIC)?;
        let mut buffer = Vec::new();
        for entry in entries {
            buffer.clear();
            let bytes = postcard::to_io(&entry, &mut buffer).map_err(io::Error::other)?;
            out.write_all(&(bytes.len() as u64).to_le_bytes())?;
            out.write_all(bytes)?;
        }
        out.write_all(&u64::MAX.to_le_bytes())?;
        let sum = out.hash.digest();
        out.out.write_all(&sum.to_le_bytes())?;
        out.out.flush()?;
    }
    temp.persist(dir.join(name)).map_err(|e| e.error)?;
    Ok(())
}

/// A writer that hashes what goes through it.
struct Checksummed<W: Write> {
    out: W,
    hash: xxhash_rust::xxh3::Xxh3,
}

impl<W: Write> Write for Checksummed<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let n = self.out.write(bytes)?;
        self.hash.update(&bytes[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// Names this build of contentlint: its version and cache format, and the executable's size
/// and modification time, so that a rebuilt binary never trusts results of another build.
fn build_id() -> String {
    static ID: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    ID.get_or_init(|| {
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
    })
    .clone()
}

/// Removes the folders of other builds of this version (a rebuilt binary never reads them);
/// other versions keep theirs, for projects that use two versions side by side.
fn forget_other_builds(root: &Path) {
    let own = build_id();
    let prefix = format!("{}-", env!("CARGO_PKG_VERSION"));
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
    fn files_round_trip_and_damage_is_detected() {
        let dir = tempfile::tempdir().unwrap();
        let mut cache = Cache::open(dir.path().to_path_buf());
        let meta = Meta {
            size: 1,
            modified: Some(SystemTime::now()),
        };
        let summary = SummaryMeta::new(Some(Stamp::new(&meta, b"x")), None);
        cache.save(true, std::iter::once((5, &summary, None)));
        assert!(cache.take_notices().is_empty());
        let mut table = cache.take_results(7);
        table.put(3, Slot::new(summary.stamp.unwrap(), vec![1, 2], &[]));
        cache.put_results(7, table);
        cache.save(false, std::iter::empty());

        let mut again = Cache::open(dir.path().to_path_buf());
        assert_eq!(again.seeds.len(), 1);
        assert_eq!(again.seeds[&5].meta, summary);
        let table = again.take_results(7);
        assert_eq!(table.slots[&3].reads(), Some(vec![1, 2]));
        assert_eq!(table.slots[&3].diagnostics(), Some(Vec::new()));

        // A changed byte or a truncated file: it is ignored, with a notice.
        let file = again.file("summaries.bin").unwrap();
        let bytes = std::fs::read(&file).unwrap();
        let mut flipped = bytes.clone();
        flipped[MAGIC.len() + 10] ^= 1;
        for damage in [flipped, bytes[..bytes.len() - 3].to_vec()] {
            std::fs::write(&file, &damage).unwrap();
            let mut damaged = Cache::open(dir.path().to_path_buf());
            assert!(damaged.seeds.is_empty());
            assert_eq!(damaged.take_notices().len(), 1);
        }
        assert!(dir.path().join(".gitignore").exists());
        assert!(clean(dir.path()).unwrap());
        assert!(!dir.path().exists());
    }

    #[test]
    fn a_changed_summary_drops_the_results_that_looked_it_up() {
        let meta = |hash, provides: &[u64]| SummaryMeta {
            stamp: None,
            hash,
            provides: provides.into(),
            subject: None,
        };
        let stamp = Stamp::new(
            &Meta {
                size: 0,
                modified: None,
            },
            b"",
        );
        let mut table = ResultsTable::default();
        let (a, b) = (meta(1, &[10]), meta(2, &[20]));
        table.rebase([(1, &a), (2, &b)].into_iter());
        table.put(1, Slot::new(stamp, vec![20], &[]));
        table.put(2, Slot::new(stamp, vec![99], &[]));
        // b's summary changes: a looked up one of its keys, so a's slot goes.
        let b2 = meta(3, &[21]);
        table.rebase([(1, &a), (2, &b2)].into_iter());
        assert!(!table.slots.contains_key(&1));
        assert!(table.slots.contains_key(&2));
        // A removed article's keys count as changed too, and its own result goes.
        table.put(1, Slot::new(stamp, vec![21], &[]));
        table.rebase([(1, &a)].into_iter());
        assert!(!table.slots.contains_key(&1));
        assert!(!table.slots.contains_key(&2));
    }
}
