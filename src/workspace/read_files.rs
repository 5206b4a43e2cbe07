//! What a workspace knows of the files it read itself (the others' summaries come from the
//! cache): per file key, the stamp it was read with and its summary's hash.
//!
//! One row per file, in a vector sorted by key: a site's worth takes half the memory of a
//! hash map of the same rows, or less (a map's buckets come in powers of two, each with room
//! for a row: 120 MB for 1,000,000 files, against 56 MB), and a cold run builds it by
//! sorting what it read, with no copy.

use super::cache::Stamp;

/// A file the workspace read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Indexed {
    /// What the file was; `None` for a text that stands in for a file (an editor buffer).
    pub stamp: Option<Stamp>,
    /// A hash of its summary (see [`super::cache::summary_hash`]).
    pub hash: u64,
}

/// The files read, by key.
#[derive(Debug, Default)]
pub struct ReadFiles {
    rows: Vec<(u64, Indexed)>,
}

impl ReadFiles {
    /// How many files.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// What was read of the file `key`.
    pub fn get(&self, key: u64) -> Option<&Indexed> {
        let at = self.rows.binary_search_by_key(&key, |(k, _)| *k).ok()?;
        Some(&self.rows[at].1)
    }

    /// Whether the file `key` was read.
    pub fn contains(&self, key: u64) -> bool {
        self.get(key).is_some()
    }

    /// Each file's key and what was read of it, in key order.
    pub fn iter(&self) -> impl Iterator<Item = (u64, &Indexed)> {
        self.rows.iter().map(|(k, f)| (*k, f))
    }

    /// Adds what was just read; a file read again replaces what was known of it (the last
    /// reading of a key in `read` wins too).
    pub fn extend(&mut self, mut read: Vec<(u64, Indexed)>) {
        if self.rows.is_empty() {
            self.rows = read;
        } else {
            self.rows.append(&mut read);
        }
        // Stable: of one key's rows, the one read last stays last (rows known before come
        // first), and is the one kept.
        self.rows.sort_by_key(|(k, _)| *k);
        self.rows.dedup_by(|later, kept| {
            let same = later.0 == kept.0;
            if same {
                *kept = *later;
            }
            same
        });
    }

    /// Forgets every file `keep` says no to, and gives their keys.
    pub fn retain(&mut self, mut keep: impl FnMut(u64) -> bool) -> Vec<u64> {
        let mut gone = Vec::new();
        self.rows.retain(|(k, _)| {
            let kept = keep(*k);
            if !kept {
                gone.push(*k);
            }
            kept
        });
        gone
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(key: u64, hash: u64) -> (u64, Indexed) {
        (key, Indexed { stamp: None, hash })
    }

    #[test]
    fn later_readings_replace_earlier_ones_and_rows_stay_sorted() {
        let mut files = ReadFiles::default();
        files.extend(vec![row(5, 1), row(2, 1), row(5, 2), row(9, 1)]);
        assert_eq!(files.len(), 3);
        assert_eq!(files.get(5).map(|f| f.hash), Some(2));
        files.extend(vec![row(9, 3), row(1, 3), row(7, 3), row(9, 4)]);
        let rows: Vec<(u64, u64)> = files.iter().map(|(k, f)| (k, f.hash)).collect();
        assert_eq!(rows, [(1, 3), (2, 1), (5, 2), (7, 3), (9, 4)]);
        assert!(files.contains(7) && !files.contains(3));
        let gone = files.retain(|k| k % 2 == 1);
        assert_eq!(gone, [2]);
        assert_eq!(files.len(), 4);
        assert_eq!(files.get(2), None);
    }

    proptest::proptest! {
        /// Whatever is read in whatever order, the rows are what a map given the same
        /// readings one at a time would hold.
        #[test]
        fn rows_match_a_map_fed_the_same_readings(
            batches in proptest::collection::vec(
                proptest::collection::vec((0u64..40, 0u64..1000), 0..30),
                0..5,
            )
        ) {
            let mut files = ReadFiles::default();
            let mut map = std::collections::BTreeMap::new();
            for batch in batches {
                for &(key, hash) in &batch {
                    map.insert(key, hash);
                }
                files.extend(batch.into_iter().map(|(k, h)| row(k, h)).collect());
            }
            let rows: Vec<(u64, u64)> = files.iter().map(|(k, f)| (k, f.hash)).collect();
            let expected: Vec<(u64, u64)> = map.into_iter().collect();
            proptest::prop_assert_eq!(rows, expected);
        }
    }
}
