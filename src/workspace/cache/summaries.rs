//! `summaries.bin`: the index of a whole site as one file that is mapped into memory and used
//! as it is, without being decoded: the [`Base`] of the workspace's index.
//!
//! The file holds one record per article (its encoded summary, see
//! [`crate::core::summary`], which the index reads in place; or, for a file whose front
//! matter could not be read, its canonical path) and three sorted tables of fixed-size rows,
//! found by binary search:
//!
//! - files: by file key, the record's place and the file's stamp and summary hash, so that a
//!   run tells unchanged files without decoding anything;
//! - keys: by dependency key (id, url, title), the records filed under it;
//! - subjects: by subject key (folder and subject), each spelling's count and a record that
//!   spells it so.
//!
//! A trailer gives where each table starts, and a checksum covers the whole file.

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};

use super::{Buffer, Stamp};
use crate::core::index::{Base, Provides};
use crate::core::summary::{MAX_KEYS, Summary};

const FILE_ROW: usize = 56;
const KEY_ROW: usize = 16;
const TRAILER: usize = 6 * 8;

/// A record is a kind byte and then a summary, or the path of a file without one.
const NO_SUMMARY: u8 = 0;
const SUMMARY: u8 = 1;

/// What is written of one file (its key goes beside it, see [`Summaries::write`]).
pub struct Entry<'a> {
    /// The file's canonical path, as encoded bytes.
    pub path: &'a [u8],
    /// What the file was when it was read.
    pub stamp: Option<Stamp>,
    /// A hash of its summary (see [`super::summary_hash`]).
    pub hash: u64,
    /// The encoded summary (none when the front matter could not be read).
    pub summary: Option<&'a [u8]>,
}

/// A mapped `summaries.bin`.
pub struct Summaries {
    buffer: Buffer,
    files: (usize, usize),
    keys: (usize, usize),
    subjects: (usize, usize),
}

impl std::fmt::Debug for Summaries {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Summaries({} files)", self.files.1)
    }
}

fn u64_at(bytes: &[u8], at: usize) -> u64 {
    bytes
        .get(at..at + 8)
        .and_then(|b| b.try_into().ok())
        .map_or(0, u64::from_le_bytes)
}

impl Summaries {
    /// The summaries in `buffer` (a whole file whose checksum holds); `None` when the tables
    /// do not fit the file.
    pub fn new(buffer: Buffer) -> Option<Self> {
        let bytes = (*buffer).as_ref();
        let body = bytes.len().checked_sub(8)?;
        let trailer = body.checked_sub(TRAILER)?;
        let field = |i: usize| usize::try_from(u64_at(bytes, trailer + i * 8)).ok();
        let files = (field(0)?, field(1)?);
        let keys = (field(2)?, field(3)?);
        let subjects = (field(4)?, field(5)?);
        let fits = |(start, n): (usize, usize), row: usize| {
            n.checked_mul(row)
                .and_then(|len| start.checked_add(len))
                .is_some_and(|end| end <= trailer)
        };
        if !(fits(files, FILE_ROW) && fits(keys, KEY_ROW) && fits(subjects, KEY_ROW)) {
            return None;
        }
        Some(Self {
            buffer,
            files,
            keys,
            subjects,
        })
    }

    fn bytes(&self) -> &[u8] {
        (*self.buffer).as_ref()
    }

    fn file_row(&self, record: u32) -> usize {
        self.files.0 + record as usize * FILE_ROW
    }

    /// The stamp the file of `record` was read with.
    pub fn stamp(&self, record: u32) -> Stamp {
        let (bytes, row) = (self.bytes(), self.file_row(record));
        let modified = u64_at(bytes, row + 24);
        Stamp {
            size: u64_at(bytes, row + 16),
            modified: (modified != 0).then_some(modified),
            seen: u64_at(bytes, row + 32),
            hash: u64_at(bytes, row + 40),
        }
    }

    /// The summary hash of `record`.
    pub fn hash(&self, record: u32) -> u64 {
        u64_at(self.bytes(), self.file_row(record) + 48)
    }

    /// The record's bytes: its kind, then a summary or a path.
    fn record(&self, record: u32) -> Option<(u8, &[u8])> {
        let (bytes, row) = (self.bytes(), self.file_row(record));
        let packed = u64_at(bytes, row + 8);
        let (start, len) = ((packed & 0xffff_ffff) as usize, (packed >> 32) as usize);
        let (&kind, rest) = bytes.get(start..start + len)?.split_first()?;
        Some((kind, rest))
    }

    /// The summary of `record`, read in place (its path shown whole).
    fn view(&self, record: u32) -> Option<Summary<'_>> {
        match self.record(record)? {
            (SUMMARY, bytes) => Summary::new(bytes, 0),
            _ => None,
        }
    }

    /// The canonical path of `record`, as encoded bytes.
    pub fn path_bytes(&self, record: u32) -> Option<&[u8]> {
        match self.record(record)? {
            (SUMMARY, _) => Some(
                self.view(record)?
                    .canonical()
                    .as_os_str()
                    .as_encoded_bytes(),
            ),
            (_, path) => Some(path),
        }
    }

    /// The canonical path of `record`.
    pub fn path(&self, record: u32) -> Option<PathBuf> {
        // SAFETY: the bytes were written from a path's encoded bytes by this program, and the
        // file's checksum holds.
        Some(PathBuf::from(unsafe {
            std::ffi::OsStr::from_encoded_bytes_unchecked(self.path_bytes(record)?)
        }))
    }

    /// What `record` provides.
    pub fn provides(&self, record: u32) -> Provides {
        self.view(record).map(|s| s.provides()).unwrap_or_default()
    }

    /// Rows `[start, start + n)` of a table with `key` at their start, equal to `key`.
    fn equal_range(&self, (start, n): (usize, usize), row: usize, key: u64) -> (usize, usize) {
        let bytes = self.bytes();
        let at = |i: usize| u64_at(bytes, start + i * row);
        let (mut lo, mut hi) = (0, n);
        while lo < hi {
            let mid = (lo + hi) / 2;
            if at(mid) < key {
                lo = mid + 1
            } else {
                hi = mid
            }
        }
        let first = lo;
        let mut last = first;
        while last < n && at(last) == key {
            last += 1;
        }
        (first, last)
    }

    /// Writes a new `summaries.bin` named `name` in `dir` (through a temporary file), a
    /// record at a time: one record per file key in `files`, each paired with a number that
    /// `entry` turns into what is written for it. Entries are made when they are written (twice
    /// each), never held all at once: on a large site they would outweigh the tables.
    pub fn write<'a>(
        dir: &Path,
        name: &str,
        mut files: Vec<(u64, u32)>,
        entry: impl Fn(u32) -> Entry<'a>,
    ) -> io::Result<()> {
        use std::io::Write;
        files.sort_unstable();
        files.dedup_by_key(|(key, _)| *key);
        let mut out = super::FileWriter::create(dir)?;
        // Each record's place: its start, and its length above bit 32.
        let mut rows: Vec<u64> = Vec::with_capacity(files.len());
        // Room for every key an article can provide: the pages a smaller site leaves unused
        // are never touched, and a large one never copies the table to grow it. A key is kept
        // as two halves beside its record, twelve bytes where a `(u64, u32)` takes sixteen.
        let mut keys: Vec<(u32, u32, u32)> = Vec::with_capacity(files.len() * MAX_KEYS);
        let mut subjects: HashMap<(u64, Box<str>), (u32, u32)> = HashMap::new();
        for (i, &(_, source)) in files.iter().enumerate() {
            let i = i as u32;
            let entry = entry(source);
            let (kind, bytes) = match entry.summary {
                Some(summary) => (SUMMARY, summary),
                None => (NO_SUMMARY, entry.path),
            };
            rows.push(out.position() as u64 | ((bytes.len() as u64 + 1) << 32));
            out.write_all(&[kind])?;
            out.write_all(bytes)?;
            let Some(summary) = entry.summary.and_then(|s| Summary::new(s, 0)) else {
                continue;
            };
            let provides = summary.provides();
            for &key in provides.keys.iter() {
                keys.push(((key >> 32) as u32, key as u32, i));
            }
            if let (Some((key, _)), Some(subject)) = (provides.subject, summary.subject()) {
                subjects
                    .entry((key, subject.value.into()))
                    .or_insert((i, 0))
                    .1 += 1;
            }
        }
        if out.position() > u32::MAX as usize {
            return Err(io::Error::other("the summaries exceed 4 GiB"));
        }
        let files_start = out.position();
        for (&(key, source), place) in files.iter().zip(&rows) {
            let entry = entry(source);
            let stamp = entry.stamp.unwrap_or(Stamp {
                size: 0,
                modified: None,
                hash: 0,
                seen: 0,
            });
            out.write_all(&key.to_le_bytes())?;
            out.write_all(&place.to_le_bytes())?;
            out.write_all(&stamp.size.to_le_bytes())?;
            out.write_all(&stamp.modified.unwrap_or(0).to_le_bytes())?;
            out.write_all(&stamp.seen.to_le_bytes())?;
            out.write_all(&stamp.hash.to_le_bytes())?;
            out.write_all(&entry.hash.to_le_bytes())?;
        }
        drop(rows);
        keys.sort_unstable();
        let keys_start = out.position();
        for &(high, low, record) in &keys {
            let key = (u64::from(high) << 32) | u64::from(low);
            out.write_all(&key.to_le_bytes())?;
            out.write_all(&u64::from(record).to_le_bytes())?;
        }
        let mut subjects: Vec<(u64, u32, u32)> = subjects
            .into_iter()
            .map(|((key, _), (record, count))| (key, record, count))
            .collect();
        subjects.sort_unstable();
        let subjects_start = out.position();
        for (key, record, count) in &subjects {
            out.write_all(&key.to_le_bytes())?;
            out.write_all(&(u64::from(*record) | (u64::from(*count) << 32)).to_le_bytes())?;
        }
        for value in [
            files_start,
            files.len(),
            keys_start,
            keys.len(),
            subjects_start,
            subjects.len(),
        ] {
            out.write_all(&(value as u64).to_le_bytes())?;
        }
        out.finish(dir, name)
    }
}

impl Base for Summaries {
    fn len(&self) -> usize {
        self.files.1
    }

    fn find(&self, file: u64) -> Option<u32> {
        let (first, last) = self.equal_range(self.files, FILE_ROW, file);
        (first < last).then_some(first as u32)
    }

    fn file(&self, record: u32) -> u64 {
        u64_at(self.bytes(), self.file_row(record))
    }

    fn filed(&self, key: u64, f: &mut dyn FnMut(u32)) {
        let (first, last) = self.equal_range(self.keys, KEY_ROW, key);
        for i in first..last {
            f(u64_at(self.bytes(), self.keys.0 + i * KEY_ROW + 8) as u32);
        }
    }

    fn spellings(&self, key: u64) -> Vec<(String, usize)> {
        let (first, last) = self.equal_range(self.subjects, KEY_ROW, key);
        (first..last)
            .filter_map(|i| {
                let value = u64_at(self.bytes(), self.subjects.0 + i * KEY_ROW + 8);
                let (record, count) = (value as u32, (value >> 32) as usize);
                let spelling = self.view(record)?.subject()?.value.to_string();
                Some((spelling, count))
            })
            .collect()
    }

    fn subject(&self, record: u32) -> Option<(u64, String)> {
        let summary = self.view(record)?;
        Some((
            summary.provides().subject?.0,
            summary.subject()?.value.to_string(),
        ))
    }

    fn summary(&self, record: u32) -> Option<&[u8]> {
        match self.record(record)? {
            (SUMMARY, bytes) => Some(bytes),
            _ => None,
        }
    }
}
