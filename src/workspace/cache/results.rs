//! Cached results of one set of settings, in shards by file key, so that a run that changes a
//! few files rewrites a few small files.
//!
//! Per checked file: its stamp, the dependency keys its cross-article rules looked up, and its
//! diagnostics in force, the last two kept encoded until used. Per indexed file: the summary
//! hash and provided keys the results were computed against (the snapshot). A result is
//! reused when its file is unchanged and no article whose summary changed since the snapshot
//! provides a key it looked up.

use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};

use super::{Buffer, FileWriter, Stamp};
use crate::core::diagnostic::Diagnostic;
use crate::core::index::Provides;

/// How many shards a table has.
const SHARDS: usize = 64;

fn shard_of(key: u64) -> usize {
    (key >> 58) as usize % SHARDS
}

/// Where an encoded piece lies: a source of the table and a range of it.
#[derive(Debug, Clone, Copy, Default)]
struct Piece {
    source: u32,
    start: u32,
    len: u32,
}

/// Bytes the table's pieces lie in: a mapped shard file, or a chunk written in this run
/// (filled once, never moved).
enum Source {
    Mapped(Buffer),
    Own(Vec<u8>),
}

impl std::fmt::Debug for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Source({} bytes)", self.bytes().len())
    }
}

impl Source {
    fn bytes(&self) -> &[u8] {
        match self {
            Source::Mapped(buffer) => (**buffer).as_ref(),
            Source::Own(bytes) => bytes,
        }
    }
}

/// How much a chunk of results written in this run holds.
const CHUNK: usize = 1 << 20;

/// What the results were computed against, per file: its summary hash and provided keys
/// (decoded only when the summary changed).
#[derive(Debug, Clone, Copy)]
struct SnapshotEntry {
    hash: u64,
    provides: Piece,
}

/// One checked file's cached result: its stamp, and where its looked-up keys and
/// diagnostics are encoded.
#[derive(Debug, Clone, Copy)]
pub struct Slot {
    /// What the file was.
    pub stamp: Stamp,
    reads: Piece,
    diagnostics: Piece,
}

/// A result of this run, before it enters a table.
#[derive(Debug, Clone)]
pub struct Fresh {
    stamp: Stamp,
    /// The looked-up keys, as little-endian u64s.
    reads: Vec<u8>,
    /// The diagnostics, in postcard's encoding.
    diagnostics: Vec<u8>,
}

impl Fresh {
    /// The result of a file checked now.
    pub fn new(stamp: Stamp, reads: &[u64], diagnostics: &[Diagnostic]) -> Self {
        Self {
            stamp,
            reads: reads.iter().flat_map(|k| k.to_le_bytes()).collect(),
            diagnostics: postcard::to_stdvec(diagnostics).unwrap_or_default(),
        }
    }
}

#[derive(Debug, Default)]
struct Shard {
    snapshot: FxHashMap<u64, SnapshotEntry>,
    slots: FxHashMap<u64, Slot>,
    dirty: bool,
}

/// A record of a shard file.
#[derive(Deserialize)]
enum Entry<'a> {
    Snapshot(u64, u64, &'a [u8]),
    Slot(u64, Stamp, &'a [u8], &'a [u8]),
}

/// A record of a shard file, to write.
#[derive(Serialize)]
enum EntryRef<'a> {
    Snapshot(u64, u64, #[serde(with = "bytes")] &'a [u8]),
    Slot(
        u64,
        &'a Stamp,
        #[serde(with = "bytes")] &'a [u8],
        #[serde(with = "bytes")] &'a [u8],
    ),
}

/// Writes a byte slice as a byte string, which is how `&[u8]` reads back borrowed.
mod bytes {
    pub fn serialize<S: serde::Serializer>(
        bytes: &&[u8],
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(bytes)
    }
}

/// The results of one set of settings. Results hold no allocation of their own: their
/// encoded parts lie in the mapped shard files or in large chunks, so that a site's worth of
/// results costs a few dozen bytes each and fragments nothing.
#[derive(Debug)]
pub struct ResultsTable {
    sources: Vec<Source>,
    shards: Vec<Shard>,
}

impl Default for ResultsTable {
    fn default() -> Self {
        Self {
            sources: Vec::new(),
            shards: (0..SHARDS).map(|_| Shard::default()).collect(),
        }
    }
}

/// The bytes of `piece` among `sources`.
fn bytes_of(sources: &[Source], piece: Piece) -> &[u8] {
    let start = piece.start as usize;
    sources
        .get(piece.source as usize)
        .and_then(|s| s.bytes().get(start..start + piece.len as usize))
        .unwrap_or_default()
}

/// Copies `bytes` into this run's chunks among `sources`.
fn keep(sources: &mut Vec<Source>, bytes: &[u8]) -> Piece {
    let fits =
        matches!(sources.last(), Some(Source::Own(c)) if c.capacity() - c.len() >= bytes.len());
    if !fits {
        sources.push(Source::Own(Vec::with_capacity(CHUNK.max(bytes.len()))));
    }
    let source = sources.len() - 1;
    let Some(Source::Own(chunk)) = sources.last_mut() else {
        return Piece::default();
    };
    let start = chunk.len();
    chunk.extend_from_slice(bytes);
    Piece {
        source: source as u32,
        start: start as u32,
        len: bytes.len() as u32,
    }
}

/// What a snapshot entry's file provided; `None` when it cannot be decoded, then everything
/// it could have provided counts as changed only through the new side.
fn decode_provides(sources: &[Source], piece: Piece) -> Option<Provides> {
    postcard::from_bytes(bytes_of(sources, piece)).ok()
}

/// The keys encoded in `bytes` (little-endian u64s).
fn keys_of(bytes: &[u8]) -> impl Iterator<Item = u64> + '_ {
    bytes
        .chunks_exact(8)
        .map(|k| u64::from_le_bytes(k.try_into().unwrap_or_default()))
}

impl ResultsTable {
    /// The cached result of the file `key`.
    pub fn slot(&self, key: u64) -> Option<&Slot> {
        self.shards[shard_of(key)].slots.get(&key)
    }

    /// The dependency keys `slot`'s cross-article rules looked up.
    pub fn reads(&self, slot: &Slot) -> Vec<u64> {
        keys_of(bytes_of(&self.sources, slot.reads)).collect()
    }

    /// `slot`'s diagnostics; `None` if they cannot be decoded (then the file is checked
    /// again).
    pub fn diagnostics(&self, slot: &Slot) -> Option<Vec<Diagnostic>> {
        postcard::from_bytes(bytes_of(&self.sources, slot.diagnostics)).ok()
    }

    /// Brings the snapshot up to date with `now` (each indexed file's key and summary hash),
    /// dropping the results that looked up a key an article changed, added or removed
    /// provides. `provides` gives the keys a file in `now` provides.
    pub fn rebase(
        &mut self,
        now: impl Iterator<Item = (u64, u64)>,
        provides: impl Fn(u64) -> Provides,
    ) {
        let mut changed: FxHashSet<u64> = FxHashSet::default();
        let mut present: FxHashSet<u64> = FxHashSet::default();
        let Self { sources, shards } = self;
        for (key, hash) in now {
            present.insert(key);
            let shard = &mut shards[shard_of(key)];
            let old = match shard.snapshot.get(&key) {
                Some(entry) if entry.hash == hash => continue,
                Some(entry) => decode_provides(sources, entry.provides),
                None => None,
            };
            let new = provides(key);
            changed.extend(Provides::changed(old.as_ref(), Some(&new)));
            let provides = keep(sources, &postcard::to_stdvec(&new).unwrap_or_default());
            shard.snapshot.insert(key, SnapshotEntry { hash, provides });
            shard.dirty = true;
        }
        let known: usize = shards.iter().map(|s| s.snapshot.len()).sum();
        if known != present.len() {
            for shard in shards.iter_mut() {
                let before = shard.snapshot.len();
                shard.snapshot.retain(|key, entry| {
                    let stays = present.contains(key);
                    if !stays {
                        let old = decode_provides(sources, entry.provides);
                        changed.extend(Provides::changed(old.as_ref(), None));
                    }
                    stays
                });
                // A file that is gone has no result to keep.
                shard.slots.retain(|key, _| present.contains(key));
                shard.dirty |= shard.snapshot.len() != before;
            }
        }
        if !changed.is_empty() {
            for shard in shards.iter_mut() {
                let before = shard.slots.len();
                shard.slots.retain(|_, slot| {
                    !keys_of(bytes_of(sources, slot.reads)).any(|k| changed.contains(&k))
                });
                shard.dirty |= shard.slots.len() != before;
            }
        }
    }

    /// Takes in the results of `other` (this run's, put into a table of their own while
    /// this one was being read), replacing any of the same files.
    pub fn absorb(&mut self, other: ResultsTable) {
        let offset = self.sources.len() as u32;
        self.sources.extend(other.sources);
        for (mine, theirs) in self.shards.iter_mut().zip(other.shards) {
            if theirs.slots.is_empty() {
                continue;
            }
            mine.dirty = true;
            if offset == 0 && mine.slots.is_empty() {
                mine.slots = theirs.slots;
                continue;
            }
            for (key, mut slot) in theirs.slots {
                slot.reads.source += offset;
                slot.diagnostics.source += offset;
                mine.slots.insert(key, slot);
            }
        }
    }

    /// Records a file's result.
    pub fn put(&mut self, key: u64, fresh: Fresh) {
        let slot = Slot {
            stamp: fresh.stamp,
            reads: keep(&mut self.sources, &fresh.reads),
            diagnostics: keep(&mut self.sources, &fresh.diagnostics),
        };
        let shard = &mut self.shards[shard_of(key)];
        shard.slots.insert(key, slot);
        shard.dirty = true;
    }

    /// Reads the shards in `dir` (missing ones are empty). The names of damaged ones come
    /// back, and those shards are empty.
    pub fn load(dir: &Path) -> (Self, Vec<String>) {
        let mut table = Self::default();
        let mut damaged = Vec::new();
        for i in 0..SHARDS {
            let path = dir.join(format!("{i:02}.bin"));
            let Some(buffer) = super::map_verified(&path, &mut damaged) else {
                continue;
            };
            let source = table.sources.len() as u32;
            let base = (*buffer).as_ref().as_ptr() as usize;
            let piece = |bytes: &[u8]| Piece {
                source,
                start: (bytes.as_ptr() as usize - base) as u32,
                len: bytes.len() as u32,
            };
            let shard = &mut table.shards[i];
            let ok = super::decode::<Entry<'_>>(&buffer, |entry| match entry {
                Entry::Snapshot(key, hash, provides) => {
                    let provides = piece(provides);
                    shard.snapshot.insert(key, SnapshotEntry { hash, provides });
                }
                Entry::Slot(key, stamp, reads, diagnostics) => {
                    let slot = Slot {
                        stamp,
                        reads: piece(reads),
                        diagnostics: piece(diagnostics),
                    };
                    shard.slots.insert(key, slot);
                }
            });
            if ok {
                table.sources.push(Source::Mapped(buffer));
            } else {
                *shard = Shard::default();
                damaged.push(path.display().to_string());
            }
        }
        (table, damaged)
    }

    /// Writes the shards that changed to `dir`.
    pub fn save(&mut self, dir: &Path) -> io::Result<()> {
        let Self { sources, shards } = self;
        for (i, shard) in shards.iter_mut().enumerate() {
            if !shard.dirty {
                continue;
            }
            shard.dirty = false;
            let snapshot = shard
                .snapshot
                .iter()
                .map(|(k, e)| EntryRef::Snapshot(*k, e.hash, bytes_of(sources, e.provides)));
            let slots = shard.slots.iter().map(|(k, s)| {
                EntryRef::Slot(
                    *k,
                    &s.stamp,
                    bytes_of(sources, s.reads),
                    bytes_of(sources, s.diagnostics),
                )
            });
            super::write_records(dir, &format!("{i:02}.bin"), snapshot.chain(slots))?;
        }
        Ok(())
    }

    /// Whether the table holds nothing: no result and no snapshot.
    pub fn is_empty(&self) -> bool {
        self.shards
            .iter()
            .all(|s| s.slots.is_empty() && s.snapshot.is_empty())
    }

    /// Whether any shard changed since it was loaded or saved.
    pub fn dirty(&self) -> bool {
        self.shards.iter().any(|s| s.dirty)
    }

    /// Every cached result's key (for tests).
    #[cfg(test)]
    pub fn keys(&self) -> Vec<u64> {
        let mut keys: Vec<u64> = self
            .shards
            .iter()
            .flat_map(|s| s.slots.keys().copied())
            .collect();
        keys.sort_unstable();
        keys
    }
}

/// A results table written as it is made, for a run that starts without results and keeps
/// none for later in the process (a cold `check`): each result goes to its shard file when
/// it arrives, instead of a site's worth of them waiting in memory for the end of the run.
/// The files are the ones [`ResultsTable::save`] writes, renamed into place by
/// [`Stream::finish`]; until then a concurrent run sees none of them.
pub struct Stream {
    dir: PathBuf,
    shards: Vec<FileWriter>,
    buffer: Vec<u8>,
    /// The first write that failed: the rest are skipped, and `finish` reports it.
    error: Option<io::Error>,
}

/// A temporary cache file older than this belongs to a run that was interrupted.
const ABANDONED: Duration = Duration::from_secs(60 * 60);

impl Stream {
    /// A stream to the results folder `dir`, created if needed. Temporary files that an
    /// interrupted run left there are removed.
    pub fn create(dir: &Path) -> io::Result<Self> {
        std::fs::create_dir_all(dir)?;
        remove_abandoned(dir);
        let shards = (0..SHARDS)
            .map(|_| FileWriter::create(dir))
            .collect::<io::Result<Vec<_>>>()?;
        Ok(Self {
            dir: dir.to_path_buf(),
            shards,
            buffer: Vec::new(),
            error: None,
        })
    }

    /// Records that the results are computed against the file `key` with summary hash
    /// `hash`, providing `provides`.
    pub fn snapshot(&mut self, key: u64, hash: u64, provides: &Provides) {
        let provides = postcard::to_stdvec(provides).unwrap_or_default();
        self.write(key, &EntryRef::Snapshot(key, hash, &provides));
    }

    /// Records a file's result.
    pub fn put(&mut self, key: u64, fresh: &Fresh) {
        let entry = EntryRef::Slot(key, &fresh.stamp, &fresh.reads, &fresh.diagnostics);
        self.write(key, &entry);
    }

    fn write(&mut self, key: u64, entry: &EntryRef<'_>) {
        if self.error.is_none()
            && let Err(e) =
                super::write_record(&mut self.shards[shard_of(key)], &mut self.buffer, entry)
        {
            self.error = Some(e);
        }
    }

    /// Completes the shard files and puts them in place.
    pub fn finish(self) -> io::Result<()> {
        if let Some(error) = self.error {
            return Err(error);
        }
        for (i, shard) in self.shards.into_iter().enumerate() {
            shard.finish(&self.dir, &format!("{i:02}.bin"))?;
        }
        Ok(())
    }
}

/// Removes the temporary cache files in `dir` that no run has written to for a long time.
fn remove_abandoned(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let now = SystemTime::now();
    for entry in entries.flatten() {
        let temporary = entry
            .file_name()
            .as_encoded_bytes()
            .starts_with(super::TEMP_PREFIX.as_bytes());
        let abandoned = || {
            entry
                .metadata()
                .and_then(|m| m.modified())
                .is_ok_and(|t| now.duration_since(t).is_ok_and(|age| age > ABANDONED))
        };
        if temporary && abandoned() {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}
