//! Cached results of one set of settings, in shards by file key, so that a run that changes a
//! few files rewrites a few small files.
//!
//! Per checked file: its stamp, the dependency keys its cross-article rules looked up, and its
//! diagnostics in force, the last two kept encoded until used. Per indexed file: the summary
//! hash and provided keys the results were computed against (the snapshot). A result is
//! reused when its file is unchanged and no article whose summary changed since the snapshot
//! provides a key it looked up.

use std::io;
use std::path::Path;

use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};

use super::{Encoded, Stamp};
use crate::core::diagnostic::Diagnostic;
use crate::core::index::Provides;

/// How many shards a table has.
const SHARDS: usize = 64;

fn shard_of(key: u64) -> usize {
    (key >> 58) as usize % SHARDS
}

/// What the results were computed against, per file: its summary hash and provided keys
/// (decoded only when the summary changed).
#[derive(Debug, Clone)]
pub struct SnapshotEntry {
    hash: u64,
    provides: Encoded,
}

impl SnapshotEntry {
    /// What the file provided; `None` when it cannot be decoded, then everything it could
    /// have provided counts as changed only through the new side.
    fn provides(&self) -> Option<Provides> {
        postcard::from_bytes(self.provides.bytes()).ok()
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

impl Slot {
    /// A slot for a file checked now.
    pub fn new(stamp: Stamp, reads: Vec<u64>, diagnostics: &[Diagnostic]) -> Self {
        Self {
            stamp,
            reads: Encoded::encode(&reads),
            diagnostics: Encoded::encode(diagnostics),
        }
    }

    /// The dependency keys its cross-article rules looked up; `None` when they cannot be
    /// decoded.
    pub fn reads(&self) -> Option<Vec<u64>> {
        postcard::from_bytes(self.reads.bytes()).ok()
    }

    /// The diagnostics; `None` if they cannot be decoded (then the file is checked again).
    pub fn diagnostics(&self) -> Option<Vec<Diagnostic>> {
        postcard::from_bytes(self.diagnostics.bytes()).ok()
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

/// The results of one set of settings.
#[derive(Debug)]
pub struct ResultsTable {
    shards: Vec<Shard>,
}

impl Default for ResultsTable {
    fn default() -> Self {
        Self {
            shards: (0..SHARDS).map(|_| Shard::default()).collect(),
        }
    }
}

impl ResultsTable {
    /// The cached result of the file `key`.
    pub fn slot(&self, key: u64) -> Option<&Slot> {
        self.shards[shard_of(key)].slots.get(&key)
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
        for (key, hash) in now {
            present.insert(key);
            let shard = &mut self.shards[shard_of(key)];
            match shard.snapshot.get_mut(&key) {
                Some(entry) if entry.hash == hash => {}
                Some(entry) => {
                    let new = provides(key);
                    changed.extend(Provides::changed(entry.provides().as_ref(), Some(&new)));
                    *entry = SnapshotEntry {
                        hash,
                        provides: Encoded::encode(&new),
                    };
                    shard.dirty = true;
                }
                None => {
                    let new = provides(key);
                    changed.extend(Provides::changed(None, Some(&new)));
                    shard.snapshot.insert(
                        key,
                        SnapshotEntry {
                            hash,
                            provides: Encoded::encode(&new),
                        },
                    );
                    shard.dirty = true;
                }
            }
        }
        let known: usize = self.shards.iter().map(|s| s.snapshot.len()).sum();
        if known != present.len() {
            for shard in &mut self.shards {
                let before = shard.snapshot.len();
                shard.snapshot.retain(|key, entry| {
                    let keep = present.contains(key);
                    if !keep {
                        changed.extend(Provides::changed(entry.provides().as_ref(), None));
                    }
                    keep
                });
                // A file that is gone has no result to keep.
                shard.slots.retain(|key, _| present.contains(key));
                shard.dirty |= shard.snapshot.len() != before;
            }
        }
        if !changed.is_empty() {
            for shard in &mut self.shards {
                let before = shard.slots.len();
                shard.slots.retain(|_, slot| {
                    slot.reads()
                        .is_some_and(|reads| !reads.iter().any(|k| changed.contains(k)))
                });
                shard.dirty |= shard.slots.len() != before;
            }
        }
    }

    /// Records a file's result.
    pub fn put(&mut self, key: u64, slot: Slot) {
        let shard = &mut self.shards[shard_of(key)];
        shard.slots.insert(key, slot);
        shard.dirty = true;
    }

    /// Reads the shards in `dir` (missing ones are empty). The names of damaged ones come
    /// back, and those shards are empty.
    pub fn load(dir: &Path) -> (Self, Vec<String>) {
        let mut table = Self::default();
        let mut damaged = Vec::new();
        for (i, shard) in table.shards.iter_mut().enumerate() {
            let path = dir.join(format!("{i:02}.bin"));
            let Some(buffer) = super::map_verified(&path, &mut damaged) else {
                continue;
            };
            let ok = super::decode::<Entry<'_>>(&buffer, |entry| match entry {
                Entry::Snapshot(key, hash, provides) => {
                    let provides = Encoded::within(&buffer, provides);
                    shard.snapshot.insert(key, SnapshotEntry { hash, provides });
                }
                Entry::Slot(key, stamp, reads, diagnostics) => {
                    let slot = Slot {
                        stamp,
                        reads: Encoded::within(&buffer, reads),
                        diagnostics: Encoded::within(&buffer, diagnostics),
                    };
                    shard.slots.insert(key, slot);
                }
            });
            if !ok {
                *shard = Shard::default();
                damaged.push(path.display().to_string());
            }
        }
        (table, damaged)
    }

    /// Writes the shards that changed to `dir`.
    pub fn save(&mut self, dir: &Path) -> io::Result<()> {
        for (i, shard) in self.shards.iter_mut().enumerate() {
            if !shard.dirty {
                continue;
            }
            shard.dirty = false;
            let snapshot = shard
                .snapshot
                .iter()
                .map(|(k, e)| EntryRef::Snapshot(*k, e.hash, e.provides.bytes()));
            let slots = shard
                .slots
                .iter()
                .map(|(k, s)| EntryRef::Slot(*k, &s.stamp, s.reads.bytes(), s.diagnostics.bytes()));
            super::write_records(dir, &format!("{i:02}.bin"), snapshot.chain(slots))?;
        }
        Ok(())
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
