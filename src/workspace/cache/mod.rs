//! The cache: what earlier runs learnt about each file, so that a run reads and checks only
//! what changed.
//!
//! Two parts, kept in memory for the life of a workspace and on disk between runs:
//!
//! - [`summaries`]: the index of the whole site, as one file mapped into memory and used
//!   without being decoded; per file, the stamp it was read with and its summary.
//! - [`results`], one table per set of settings (configuration, schemas, rule choices,
//!   content root, working directory): per checked file, its diagnostics in force and what
//!   its cross-article rules looked up, in shards so that a small change rewrites little.
//!
//! A stamp is a file's size and modification time, and a hash of its content. When the
//! modification time is too close to the moment the file was read to be trusted (the file
//! could be edited again within the file system's timestamp granularity, keeping size and
//! time: "racily clean", as git calls it), the content is hashed again to decide.
//!
//! On disk, under the cache directory: a `.gitignore` that ignores it all, a `CACHEDIR.TAG`,
//! and one folder per build of contentlint. Every file is written to a temporary file and
//! renamed into place, so two runs at once never leave a torn file (the last one wins), and
//! ends in a checksum: a file that cannot be read or whose checksum fails is ignored with a
//! one-line notice and rebuilt. The cache never changes what a run reports.

pub mod results;
pub mod summaries;

use std::collections::HashMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::discover::Meta;
pub use results::{Fresh, ResultsTable, Slot};
pub use summaries::Summaries;

/// How close a modification time may be to the moment of reading before the content must be
/// hashed again to tell whether it changed (coarse file systems keep times to the second or
/// two).
const RACY_WINDOW: Duration = Duration::from_secs(3);

/// The cache folder's default name.
pub const DIR_NAME: &str = ".contentlint_cache";

/// Bumped when the layout of the cached records changes.
const FORMAT: u32 = 6;

/// What a file was when it was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    /// Size in bytes.
    pub size: u64,
    /// Modification time, in nanoseconds since the epoch.
    pub modified: Option<u64>,
    /// xxh3 of the content.
    pub hash: u64,
    /// When the file was read, in nanoseconds since the epoch.
    pub seen: u64,
}

impl Stamp {
    /// The stamp of `bytes`, read now from a file the walk saw as `meta`.
    pub fn new(meta: &Meta, bytes: &[u8]) -> Self {
        Self {
            size: bytes.len() as u64,
            modified: meta.modified.map(nanos64),
            hash: content_hash(bytes),
            seen: nanos64(SystemTime::now()),
        }
    }

    /// Whether a file the walk sees as `meta` is still what this stamp describes: `Some` when
    /// size and time tell, `None` when the time is too close to the read to trust (then the
    /// content's hash decides, see [`Stamp::matches`]).
    pub fn fresh(&self, meta: &Meta) -> Option<bool> {
        let modified = meta.modified.map(nanos64);
        if modified.is_none() || modified != self.modified || meta.size != self.size {
            return Some(false);
        }
        let modified = modified.unwrap_or_default();
        let racy = self.seen < modified.saturating_add(RACY_WINDOW.as_nanos() as u64);
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

/// Nanoseconds since the epoch, as stamps keep them (enough until the year 2554).
fn nanos64(time: SystemTime) -> u64 {
    u64::try_from(nanos(time)).unwrap_or(u64::MAX)
}

/// A hash of what the index knows of an article: two summaries with one hash are the same
/// to every cross-article rule.
pub fn summary_hash(summary: Option<&[u8]>) -> u64 {
    summary.map_or(0, xxhash_rust::xxh3::xxh3_64)
}

/// A loaded cache file: mapped into memory, or read when it cannot be mapped.
type Buffer = Arc<dyn AsRef<[u8]> + Send + Sync>;

/// The cache of a workspace.
#[derive(Debug, Default)]
pub struct Cache {
    /// Where it lives on disk; `None` keeps it in memory only.
    dir: Option<PathBuf>,
    summaries: Option<Arc<Summaries>>,
    results: HashMap<u64, ResultsTable>,
    notices: Vec<String>,
}

impl Cache {
    /// A cache kept in memory only.
    pub fn in_memory() -> Self {
        Self::default()
    }

    /// The cache in `dir`, with the summaries an earlier run left there.
    pub fn open(dir: PathBuf) -> Self {
        let mut cache = Self {
            dir: Some(dir),
            ..Self::default()
        };
        if let Some(path) = cache.file("summaries.bin") {
            let mut damaged = Vec::new();
            if let Some(buffer) = map_verified(&path, &mut damaged) {
                match Summaries::new(buffer) {
                    Some(summaries) => cache.summaries = Some(Arc::new(summaries)),
                    None => damaged.push(path.display().to_string()),
                }
            }
            cache.damaged(damaged);
        }
        cache
    }

    /// The summaries an earlier run left, if any.
    pub fn summaries(&self) -> Option<&Arc<Summaries>> {
        self.summaries.as_ref()
    }

    /// The folder it lives in, when it lives on disk.
    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
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
        if let Some(table) = self.results.remove(&key) {
            return table;
        }
        let Some(dir) = self.file(&results_name(key)) else {
            return ResultsTable::default();
        };
        let (table, damaged) = ResultsTable::load(&dir);
        self.damaged(damaged);
        table
    }

    /// A stream for the results of the settings `key` (see [`results::Stream`]); `None`
    /// for a cache kept in memory, or when the folder cannot be written (with a notice).
    pub fn stream_results(&mut self, key: u64) -> Option<results::Stream> {
        let dir = self.prepare().map(|dir| dir.join(results_name(key)));
        match dir.and_then(|dir| results::Stream::create(&dir)) {
            Ok(stream) => Some(stream),
            Err(e) => {
                if self.persistent() {
                    self.unwritable(&e);
                }
                None
            }
        }
    }

    /// Puts the streamed results in place; an error becomes a notice.
    pub fn finish_stream(&mut self, stream: results::Stream) {
        if let Err(e) = stream.finish() {
            self.unwritable(&e);
        }
    }

    /// Puts a results table back.
    pub fn put_results(&mut self, key: u64, table: ResultsTable) {
        self.results.insert(key, table);
    }

    /// Writes the new summaries (they become the base of the next run): one for each file
    /// key in `files`, what `entry` makes of the number beside it (see [`Summaries::write`]).
    pub fn save_summaries<'a>(
        &mut self,
        files: Vec<(u64, u32)>,
        entry: impl Fn(u32) -> summaries::Entry<'a>,
    ) {
        let written = self
            .prepare()
            .and_then(|dir| Summaries::write(&dir, "summaries.bin", files, entry));
        if let Err(e) = written {
            self.unwritable(&e);
        }
    }

    /// Writes every results table that changed; errors become notices, never failures.
    pub fn save_results(&mut self) {
        if !self.results.values().any(ResultsTable::dirty) {
            return;
        }
        let dir = match self.prepare() {
            Ok(dir) => dir,
            Err(e) => {
                self.unwritable(&e);
                return;
            }
        };
        let mut errors = Vec::new();
        for (key, table) in &mut self.results {
            if !table.dirty() {
                continue;
            }
            let dir = dir.join(results_name(*key));
            if let Err(e) = std::fs::create_dir_all(&dir).and_then(|()| table.save(&dir)) {
                errors.push(e);
            }
        }
        for e in errors {
            self.unwritable(&e);
        }
    }

    /// This build's folder, created (and the cache root marked) if needed.
    fn prepare(&self) -> io::Result<PathBuf> {
        let (Some(root), Some(dir)) = (&self.dir, self.build_dir()) else {
            return Err(io::Error::other("the cache is kept in memory only"));
        };
        if !dir.exists() {
            std::fs::create_dir_all(&dir)?;
            mark(root)?;
            forget_other_builds(root);
        }
        Ok(dir)
    }

    fn build_dir(&self) -> Option<PathBuf> {
        Some(self.dir.as_ref()?.join(build_id()))
    }

    fn file(&self, name: &str) -> Option<PathBuf> {
        Some(self.build_dir()?.join(name))
    }

    /// A notice that the cache could not be written, once per run however many files failed
    /// the same way.
    fn unwritable(&mut self, error: &io::Error) {
        let where_ = self
            .dir
            .as_ref()
            .map(|d| format!(" in {}", d.display()))
            .unwrap_or_default();
        let notice = format!("could not write the cache{where_}: {error}");
        if !self.notices.contains(&notice) {
            self.notices.push(notice);
        }
    }

    fn damaged(&mut self, files: Vec<String>) {
        for file in files {
            self.notices.push(format!(
                "ignoring the damaged cache file {file}; it will be rebuilt"
            ));
        }
    }
}

fn results_name(key: u64) -> String {
    format!("results-{key:016x}")
}

/// The first bytes of every cache file.
const MAGIC: &[u8] = b"contentlint-cache\x00";

/// How cache files being written are named until they are complete.
const TEMP_PREFIX: &str = ".tmp-";

/// Maps a cache file into memory and checks its checksum (its last 8 bytes, an xxh3 of the
/// rest). A missing file is `None`; a damaged or unreadable one is `None` and named in
/// `damaged`.
fn map_verified(path: &Path, damaged: &mut Vec<String>) -> Option<Buffer> {
    let file = match std::fs::File::open(path) {
        Ok(file) => file,
        // Not there: never written, or the cache folder cannot exist (a file is in its way,
        // which writing reports).
        Err(e)
            if matches!(
                e.kind(),
                io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
            ) =>
        {
            return None;
        }
        Err(_) => {
            damaged.push(path.display().to_string());
            return None;
        }
    };
    // SAFETY: cache files are written once, to a temporary name, and renamed into place; no
    // process writes to a file that has its final name, so the mapping never changes.
    let buffer: Buffer = match unsafe { memmap2::Mmap::map(&file) } {
        Ok(map) => Arc::new(map),
        Err(_) => match std::fs::read(path) {
            Ok(bytes) => Arc::new(bytes),
            Err(_) => {
                damaged.push(path.display().to_string());
                return None;
            }
        },
    };
    let bytes = (*buffer).as_ref();
    let intact = bytes.starts_with(MAGIC)
        && bytes.split_last_chunk::<8>().is_some_and(|(body, sum)| {
            xxhash_rust::xxh3::xxh3_64(body) == u64::from_le_bytes(*sum)
        });
    if !intact {
        damaged.push(path.display().to_string());
        return None;
    }
    Some(buffer)
}

/// Decodes a file of length-prefixed postcard records written by [`write_records`] (whose
/// checksum was verified), handing each to `each`; `false` when a record does not decode.
fn decode<'a, T: Deserialize<'a>>(buffer: &'a Buffer, mut each: impl FnMut(T)) -> bool {
    let bytes = (**buffer).as_ref();
    let Some((body, _)) = bytes.split_last_chunk::<8>() else {
        return false;
    };
    let Some(mut rest) = body.strip_prefix(MAGIC) else {
        return false;
    };
    while !rest.is_empty() {
        let Some((len, tail)) = rest.split_first_chunk::<8>() else {
            return false;
        };
        let Ok(len) = usize::try_from(u64::from_le_bytes(*len)) else {
            return false;
        };
        if len > tail.len() {
            return false;
        }
        let (record, tail) = tail.split_at(len);
        match postcard::from_bytes(record) {
            Ok(value) => each(value),
            Err(_) => return false,
        }
        rest = tail;
    }
    true
}

/// Writes length-prefixed postcard records to `name` in `dir`.
fn write_records<T: Serialize>(
    dir: &Path,
    name: &str,
    entries: impl Iterator<Item = T>,
) -> io::Result<()> {
    let mut out = FileWriter::create(dir)?;
    let mut buffer = Vec::new();
    for entry in entries {
        write_record(&mut out, &mut buffer, &entry)?;
    }
    out.finish(dir, name)
}

/// Writes one length-prefixed postcard record to `out`, through `buffer`.
fn write_record<T: Serialize>(
    out: &mut FileWriter,
    buffer: &mut Vec<u8>,
    entry: &T,
) -> io::Result<()> {
    buffer.clear();
    let bytes = postcard::to_io(entry, &mut *buffer).map_err(io::Error::other)?;
    out.write_all(&(bytes.len() as u64).to_le_bytes())?;
    out.write_all(bytes)
}

/// A cache file being written: to a temporary file, counting and hashing what goes in; the
/// checksum is added and the file renamed into place by [`FileWriter::finish`].
struct FileWriter {
    out: io::BufWriter<tempfile::NamedTempFile>,
    hash: xxhash_rust::xxh3::Xxh3,
    written: usize,
}

impl FileWriter {
    /// A new cache file in `dir`, its [`MAGIC`] written.
    fn create(dir: &Path) -> io::Result<Self> {
        let temp = tempfile::Builder::new()
            .prefix(TEMP_PREFIX)
            .tempfile_in(dir)?;
        let mut file = Self {
            out: io::BufWriter::with_capacity(1 << 16, temp),
            hash: xxhash_rust::xxh3::Xxh3::new(),
            written: 0,
        };
        file.write_all(MAGIC)?;
        Ok(file)
    }

    /// How many bytes were written.
    fn position(&self) -> usize {
        self.written
    }

    fn finish(mut self, dir: &Path, name: &str) -> io::Result<()> {
        let sum = self.hash.digest();
        self.out.write_all(&sum.to_le_bytes())?;
        let temp = self.out.into_inner().map_err(|e| e.into_error())?;
        temp.persist(dir.join(name)).map_err(|e| e.error)?;
        Ok(())
    }
}

impl Write for FileWriter {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let n = self.out.write(bytes)?;
        self.hash.update(&bytes[..n]);
        self.written += n;
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
    use crate::core::index::Provides;

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
        use crate::core::index::Base;
        let dir = tempfile::tempdir().unwrap();
        let mut cache = Cache::open(dir.path().to_path_buf());
        assert!(cache.summaries().is_none());
        let meta = Meta {
            size: 1,
            modified: Some(SystemTime::now()),
        };
        let stamp = Stamp::new(&meta, b"x");
        let path = PathBuf::from("/site/a.md");
        cache.save_summaries(vec![(5, 0)], |_| summaries::Entry {
            path: path.as_os_str().as_encoded_bytes(),
            stamp: Some(stamp),
            hash: 0,
            summary: None,
        });
        let mut table = cache.take_results(7);
        table.put(3, Fresh::new(stamp, &[1, 2], &[]));
        cache.put_results(7, table);
        cache.save_results();
        assert!(cache.take_notices().is_empty());

        let mut again = Cache::open(dir.path().to_path_buf());
        let summaries = again.summaries().unwrap().clone();
        assert_eq!(summaries.len(), 1);
        assert_eq!(summaries.find(5), Some(0));
        assert_eq!(summaries.stamp(0), stamp);
        assert_eq!(summaries.hash(0), 0);
        assert_eq!(summaries.path(0).unwrap(), path);
        let table = again.take_results(7);
        let slot = table.slot(3).unwrap();
        assert_eq!(table.reads(slot), vec![1, 2]);
        assert_eq!(table.diagnostics(slot), Some(Vec::new()));

        // A changed byte or a truncated file: it is ignored, with a notice.
        let file = again.file("summaries.bin").unwrap();
        let bytes = std::fs::read(&file).unwrap();
        let mut flipped = bytes.clone();
        flipped[MAGIC.len() + 10] ^= 1;
        for damage in [flipped, bytes[..bytes.len() - 3].to_vec()] {
            std::fs::write(&file, &damage).unwrap();
            let mut damaged = Cache::open(dir.path().to_path_buf());
            assert!(damaged.summaries().is_none());
            assert_eq!(damaged.take_notices().len(), 1);
        }
        assert!(dir.path().join(".gitignore").exists());
        assert!(clean(dir.path()).unwrap());
        assert!(!dir.path().exists());
    }

    #[test]
    fn streamed_results_read_back_as_a_table_and_abandoned_files_go() {
        let dir = tempfile::tempdir().unwrap();
        let mut cache = Cache::open(dir.path().to_path_buf());
        let stamp = Stamp::new(
            &Meta {
                size: 1,
                modified: Some(SystemTime::now()),
            },
            b"x",
        );
        let provides = |key: u64| Provides {
            keys: vec![key * 10].into(),
            subject: None,
        };
        // An interrupted run's temporary file, and one a concurrent run is writing.
        let results = cache.file(&results_name(7)).unwrap();
        std::fs::create_dir_all(&results).unwrap();
        let abandoned = results.join(format!("{TEMP_PREFIX}abandoned"));
        let writing = results.join(format!("{TEMP_PREFIX}writing"));
        std::fs::write(&writing, b"").unwrap();
        let old = std::fs::File::create(&abandoned).unwrap();
        old.set_modified(SystemTime::now() - Duration::from_secs(2 * 60 * 60))
            .unwrap();
        drop(old);

        let mut stream = cache.stream_results(7).unwrap();
        assert!(!abandoned.exists());
        assert!(writing.exists());
        for (key, hash) in [(1, 100), (2, 200)] {
            stream.snapshot(key, hash, &provides(key));
        }
        stream.put(1, &Fresh::new(stamp, &[20], &[]));
        stream.put(2, &Fresh::new(stamp, &[99], &[]));
        // Nothing is in place until the stream is finished.
        assert!(!results.join("00.bin").exists());
        cache.finish_stream(stream);
        assert!(cache.take_notices().is_empty());

        let mut table = Cache::open(dir.path().to_path_buf()).take_results(7);
        assert!(!table.is_empty());
        assert_eq!(table.keys(), vec![1, 2]);
        assert_eq!(table.reads(table.slot(1).unwrap()), vec![20]);
        assert_eq!(table.slot(2).unwrap().stamp, stamp);
        // The snapshot came along: 2's summary changes, and 1, which looked it up, goes.
        table.rebase([(1, 100), (2, 201)].into_iter(), provides);
        assert_eq!(table.keys(), vec![2]);
    }

    #[test]
    fn a_changed_summary_drops_the_results_that_looked_it_up() {
        let stamp = Stamp::new(
            &Meta {
                size: 0,
                modified: None,
            },
            b"",
        );
        let provides = |key: u64| Provides {
            keys: vec![key * 10].into(),
            subject: None,
        };
        let mut table = ResultsTable::default();
        table.rebase([(1, 100), (2, 200)].into_iter(), provides);
        table.put(1, Fresh::new(stamp, &[20], &[]));
        table.put(2, Fresh::new(stamp, &[99], &[]));
        // 2's summary changes: 1 looked up one of its keys, so 1's result goes.
        table.rebase([(1, 100), (2, 201)].into_iter(), provides);
        assert_eq!(table.keys(), vec![2]);
        // A removed article's keys count as changed too, and its own result goes.
        table.put(1, Fresh::new(stamp, &[20], &[]));
        table.rebase([(1, 100)].into_iter(), provides);
        assert_eq!(table.keys(), Vec::<u64>::new());
    }
}
