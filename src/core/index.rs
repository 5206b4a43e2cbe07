//! The corpus index: every article under the content root, with lookups by id, url, title and
//! subject, updated one article at a time.
//!
//! The index keeps only summaries ([`super::summary`]): what an article says about itself,
//! never its text or its related references, encoded in a few hundred bytes that lookups read
//! in place. It has two layers: a [`Base`], an immutable index that a cache keeps on disk
//! and maps into memory, and the articles added, changed or removed since, whose summaries
//! sit in an arena of large chunks. Neither is ever decoded: a warm run over an unchanged
//! site builds nothing, and a cold one holds one compact record per article.
//!
//! Articles are identified by a file key (a hash of the canonical path, given by the caller)
//! and shown by their `path`. Every lookup is by a dependency [`Key`]: an article is filed
//! under the keys it provides (its id, url and title; its subject's spellings are counted).
//! That also answers "which articles depend on this one": the cross-article rules record the
//! keys they look up, and an article whose id, url, title or subject changes invalidates the
//! results of every article that looked one of them up.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};
use smallvec::SmallVec;

use super::article::Article;
use super::summary::{self, Summary};

/// What an article offers the others' lookups, as dependency keys.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provides {
    /// The keys it is found by (its id, url and title): an article that looked one up
    /// depends on its whole summary.
    pub keys: Box<[u64]>,
    /// Its subject's key (folder and subject) and a hash of the subject's exact spelling:
    /// an article that looked the key up depends only on how the subject is spelt.
    pub subject: Option<(u64, u64)>,
}

impl Provides {
    /// The keys whose lookups may now find something else, when an article whose summary
    /// changed provided `old` and now provides `new` (`None`: it was added, or removed).
    pub fn changed(old: Option<&Provides>, new: Option<&Provides>) -> Vec<u64> {
        let mut changed: Vec<u64> = old
            .into_iter()
            .chain(new)
            .flat_map(|p| p.keys.iter().copied())
            .collect();
        let (old_subject, new_subject) = (old.and_then(|p| p.subject), new.and_then(|p| p.subject));
        if old_subject != new_subject {
            changed.extend(old_subject.map(|(key, _)| key));
            changed.extend(new_subject.map(|(key, _)| key));
        }
        changed
    }
}

/// What a cross-article rule looked up; hashed into a dependency key.
#[derive(Debug, Clone, Copy)]
pub enum Key<'a> {
    /// Articles with this id.
    Id(i64),
    /// Articles with this url.
    Url(&'a str),
    /// Articles with this title (compared ignoring case and spacing).
    Title(&'a str),
    /// Articles asking this question (compared by its words: ignoring case, punctuation and
    /// spacing).
    Question(&'a str),
    /// The spellings of this subject in this folder.
    Subject {
        /// The folder.
        folder: &'a str,
        /// The subject (compared ignoring case and spacing).
        subject: &'a str,
    },
}

impl Key<'_> {
    /// The key as a 64-bit hash, stable across runs and platforms (caches store it).
    pub fn hash(&self) -> u64 {
        // The key's bytes are gathered and hashed at once: xxh3's one-shot hash of a short
        // input is several times cheaper than its streaming state, and gives the same value.
        let mut bytes = KeyBytes::default();
        match self {
            Key::Id(id) => {
                bytes.push(b"i");
                bytes.push(&id.to_le_bytes());
            }
            Key::Url(url) => {
                bytes.push(b"u");
                bytes.push(url.as_bytes());
            }
            Key::Title(title) => {
                bytes.push(b"t");
                push_normalized(&mut bytes, title);
            }
            Key::Question(question) => {
                bytes.push(b"q");
                push_question_words(&mut bytes, question);
            }
            Key::Subject { folder, subject } => {
                bytes.push(b"s");
                bytes.push(folder.as_bytes());
                bytes.push(b"\0");
                push_normalized(&mut bytes, subject);
            }
        }
        xxhash_rust::xxh3::xxh3_64(bytes.as_slice())
    }
}

/// A key's bytes: on the stack for the usual short key, on the heap past that.
struct KeyBytes {
    inline: [u8; 240],
    len: usize,
    spilled: Vec<u8>,
}

impl Default for KeyBytes {
    fn default() -> Self {
        Self {
            inline: [0; 240],
            len: 0,
            spilled: Vec::new(),
        }
    }
}

impl KeyBytes {
    fn push(&mut self, more: &[u8]) {
        let room = self.room(more.len());
        room[..more.len()].copy_from_slice(more);
        self.commit(more.len());
    }

    /// `len` writable bytes after the ones pushed so far; [`KeyBytes::commit`] says how many
    /// of them were written.
    fn room(&mut self, len: usize) -> &mut [u8] {
        if self.spilled.is_empty() && self.len + len <= self.inline.len() {
            return &mut self.inline[self.len..self.len + len];
        }
        if self.spilled.is_empty() {
            self.spilled.extend_from_slice(&self.inline[..self.len]);
        }
        self.spilled.resize(self.len + len, 0);
        &mut self.spilled[self.len..]
    }

    fn commit(&mut self, written: usize) {
        self.len += written;
        if !self.spilled.is_empty() {
            self.spilled.truncate(self.len);
        }
    }

    fn as_slice(&self) -> &[u8] {
        if self.spilled.is_empty() {
            &self.inline[..self.len]
        } else {
            &self.spilled[..self.len]
        }
    }
}

/// A question's words, lower-cased and joined by single spaces: what two copies of one
/// question keep when their case, punctuation and spacing differ.
pub fn question_words(question: &str) -> String {
    let mut bytes = KeyBytes::default();
    push_question_words(&mut bytes, question);
    String::from_utf8(bytes.as_slice().to_vec()).expect("words of a str are UTF-8")
}

/// Whether a question has any words to compare (see [`question_words`]).
pub fn has_words(question: &str) -> bool {
    question.chars().any(char::is_alphanumeric)
}

/// Appends the words of `question` as [`question_words`] gives them, without building the
/// string.
fn push_question_words(out: &mut KeyBytes, question: &str) {
    push_words(out, question, |c| !c.is_alphanumeric());
}

/// Appends `text` as [`normalize_title`] would write it, without building the string.
fn push_normalized(out: &mut KeyBytes, text: &str) {
    push_words(out, text, char::is_whitespace);
}

/// Appends the words of `text`, lower-cased and joined by single spaces, the characters
/// `parts` accepts separating them. The result is never longer than the text when it is ASCII,
/// which is done byte by byte.
fn push_words(out: &mut KeyBytes, text: &str, parts: impl Fn(char) -> bool) {
    if text.is_ascii() {
        let room = out.room(text.len());
        let mut written = 0;
        let mut pending_space = false;
        for &b in text.as_bytes() {
            if parts(char::from(b)) {
                pending_space = written > 0;
                continue;
            }
            if pending_space {
                room[written] = b' ';
                written += 1;
                pending_space = false;
            }
            room[written] = b.to_ascii_lowercase();
            written += 1;
        }
        out.commit(written);
        return;
    }
    let mut buffer = [0u8; 4];
    for (i, word) in text.split(&parts).filter(|w| !w.is_empty()).enumerate() {
        if i > 0 {
            out.push(b" ");
        }
        for lower in word.chars().flat_map(char::to_lowercase) {
            out.push(lower.encode_utf8(&mut buffer).as_bytes());
        }
    }
}

/// An immutable index of summaries, kept by a cache. Records are numbered from 0.
pub trait Base: Send + Sync + std::fmt::Debug {
    /// How many records it holds.
    fn len(&self) -> usize;
    /// Whether it holds none.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// The record of the file with key `file`.
    fn find(&self, file: u64) -> Option<u32>;
    /// The file key of `record`.
    fn file(&self, record: u32) -> u64;
    /// Calls `f` with each record filed under the dependency key `key` (ids, urls, titles).
    fn filed(&self, key: u64, f: &mut dyn FnMut(u32));
    /// The spellings counted under the subject key `key`, with their counts.
    fn spellings(&self, key: u64) -> Vec<(String, usize)>;
    /// The subject key and spelling of `record`.
    fn subject(&self, record: u32) -> Option<(u64, String)>;
    /// The encoded summary of `record` (see [`super::summary`]); `None` when its front
    /// matter could not be read.
    fn summary(&self, record: u32) -> Option<&[u8]>;
}

/// Where an added summary's bytes are: a chunk of the arena and an offset in it.
#[derive(Debug, Clone, Copy)]
struct Slot {
    chunk: u32,
    offset: u32,
    len: u32,
}

/// The bytes of the summaries added since the base, in chunks that never move: a growing
/// site never copies what it already holds.
#[derive(Debug, Default)]
struct Arena {
    chunks: Vec<Vec<u8>>,
    /// Bytes of summaries since replaced or removed.
    garbage: usize,
}

const CHUNK: usize = 1 << 20;

impl Arena {
    fn push(&mut self, bytes: &[u8]) -> (u32, u32) {
        let fits = self
            .chunks
            .last()
            .is_some_and(|c| c.capacity() - c.len() >= bytes.len());
        if !fits {
            self.chunks.push(Vec::with_capacity(CHUNK.max(bytes.len())));
        }
        let chunk = self.chunks.len() - 1;
        let last = &mut self.chunks[chunk];
        let offset = last.len();
        last.extend_from_slice(bytes);
        (chunk as u32, offset as u32)
    }

    fn get(&self, slot: &Slot) -> &[u8] {
        let start = slot.offset as usize;
        &self.chunks[slot.chunk as usize][start..start + slot.len as usize]
    }
}

/// Filed under a key: one slot, or (with [`MANY`] set) a list in [`Index::many`].
const MANY: u32 = 1 << 31;

/// Where a summary is held: a record of the base, or a slot of the articles added since.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Held {
    Base(u32),
    Slot(u32),
}

/// The articles that ask one question and are not marked `no_index`, worked out once for
/// every article of the group to ask about the others (see [`Index::asking`]).
#[derive(Debug, Default)]
pub struct Askers {
    /// Each one's id and where it is held, in path order.
    members: Vec<(Option<i64>, Held)>,
    /// Their ids, sorted: how many share an id is a binary search.
    ids: Vec<i64>,
}

/// The article that asks about the others: its id, path (as shown) and the url key of its
/// `canonical`.
#[derive(Debug, Clone, Copy)]
pub struct Asker<'p> {
    /// Its id.
    pub id: Option<i64>,
    /// Its path, as shown.
    pub path: &'p Path,
    /// The url key of its `canonical`, if any.
    pub canonical: Option<u64>,
}

/// Whether `summary` (held at `held`) has a `canonical` that names another of `asking`.
fn canonical_elsewhere(summary: &Summary<'_>, held: Held, asking: &[(Held, Summary<'_>)]) -> bool {
    let Some(canonical) = summary.canonical_key() else {
        return false;
    };
    asking.iter().any(|(other, s)| {
        *other != held
            && s.url()
                .is_some_and(|url| Key::Url(url.value).hash() == canonical)
    })
}

/// Groups smaller than this are worked out again on every lookup: cheaper than keeping the
/// group of every question of the site.
const KEEP_ASKERS: usize = 16;

/// Every article under the content root, with lookups by id, url, title and subject. Lookups
/// give [`Summary`] views of the stored bytes; nothing is decoded or copied.
#[derive(Debug, Default)]
pub struct Index {
    /// Summaries are shown relative to this folder (the canonical working directory).
    cwd: PathBuf,
    base: Option<Arc<dyn Base>>,
    /// Base records replaced or removed since.
    masked: FxHashSet<u32>,
    arena: Arena,
    slots: Vec<Slot>,
    free: Vec<u32>,
    /// Slots by file key.
    by_file: FxHashMap<u64, u32>,
    /// Slots by dependency key (ids, urls, titles): a slot, or an index into `many`.
    by_key: FxHashMap<u64, u32>,
    many: Vec<Vec<u32>>,
    many_free: Vec<u32>,
    /// Added subjects: by subject key (folder and subject), the count of each spelling.
    subjects: FxHashMap<u64, Vec<(Box<str>, usize)>>,
    /// What the articles registered with [`Index::set_reads`] looked up, by file key.
    reads: FxHashMap<u64, (PathBuf, Vec<u64>)>,
    /// The large groups of articles asking one question, by question key, as the index is
    /// now: a question copied many times is grouped once, not once per copy. Emptied by
    /// every change.
    askers: Mutex<FxHashMap<u64, Arc<Askers>>>,
}

impl Index {
    /// An empty index whose articles are shown relative to the canonical folder `cwd`.
    pub fn new(cwd: impl Into<PathBuf>) -> Self {
        Self {
            cwd: cwd.into(),
            ..Self::default()
        }
    }

    /// Indexes `articles` read from the canonical paths given with them, each under the key
    /// [`path_key`] gives its path.
    pub fn of<'a>(
        cwd: impl Into<PathBuf>,
        articles: impl IntoIterator<Item = (&'a Path, &'a Article)>,
    ) -> Self {
        let mut index = Self::new(cwd);
        let mut bytes = Vec::new();
        for (canonical, article) in articles {
            bytes.clear();
            summary::encode(article, canonical, &mut bytes);
            index.upsert(path_key(canonical), &bytes);
        }
        index
    }

    /// An index of `base`, to which articles can then be added and removed.
    pub fn with_base(cwd: impl Into<PathBuf>, base: Arc<dyn Base>) -> Self {
        Self {
            cwd: cwd.into(),
            base: Some(base),
            ..Self::default()
        }
    }

    /// How many articles the index holds.
    pub fn len(&self) -> usize {
        let base = self.base.as_ref().map_or(0, |b| b.len());
        base - self.masked.len() + self.by_file.len()
    }

    /// Whether the index is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether the index has the file `file` as its base has it (neither replaced nor
    /// removed since).
    pub fn in_base(&self, file: u64) -> bool {
        !self.by_file.contains_key(&file) && self.base_record(file).is_some()
    }

    /// How many of the base's articles were replaced or removed since.
    pub fn replaced_in_base(&self) -> usize {
        self.masked.len()
    }

    /// The base record of the file `file`, unless it was replaced or removed.
    fn base_record(&self, file: u64) -> Option<u32> {
        let record = self.base.as_ref()?.find(file)?;
        (!self.masked.contains(&record)).then_some(record)
    }

    /// A view of encoded summary bytes, shown relative to the working directory.
    fn view<'a>(&self, bytes: &'a [u8]) -> Option<Summary<'a>> {
        let summary = Summary::new(bytes, 0)?;
        let canonical = summary.canonical().as_os_str().as_encoded_bytes();
        let cwd = self.cwd.as_os_str().as_encoded_bytes();
        let shown_from = match canonical.strip_prefix(cwd) {
            Some([separator, rest @ ..])
                if !cwd.is_empty()
                    && std::path::is_separator(*separator as char)
                    && !rest.is_empty() =>
            {
                cwd.len() + 1
            }
            _ => 0,
        };
        Some(summary.shown_from(shown_from))
    }

    fn base_summary(&self, record: u32) -> Option<Summary<'_>> {
        self.view(self.base.as_ref()?.summary(record)?)
    }

    fn slot_summary(&self, slot: u32) -> Option<Summary<'_>> {
        let slot = self.slots.get(slot as usize)?;
        if slot.len == 0 {
            return None;
        }
        self.view(self.arena.get(slot))
    }

    /// The summary of the file `file`.
    pub fn get(&self, file: u64) -> Option<Summary<'_>> {
        match self.by_file.get(&file) {
            Some(&slot) => self.slot_summary(slot),
            None => self.base_summary(self.base_record(file)?),
        }
    }

    /// The encoded summary of the file `file`, as a cache keeps it.
    pub fn stored(&self, file: u64) -> Option<&[u8]> {
        self.get(file).map(|s| s.bytes())
    }

    /// Makes room for `more` articles.
    pub fn reserve(&mut self, more: usize) {
        self.slots.reserve(more);
        self.by_file.reserve(more);
        self.by_key.reserve(more * 3);
    }

    /// Every article, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = Summary<'_>> {
        let base = self.base.as_ref().map_or(0, |b| b.len() as u32);
        let from_base = (0..base)
            .filter(|r| !self.masked.contains(r))
            .filter_map(|r| self.base_summary(r));
        let added = (0..self.slots.len() as u32).filter_map(|s| self.slot_summary(s));
        from_base.chain(added)
    }

    /// Adds the summary encoded in `bytes` (see [`summary::encode`]) as the file `file`, or
    /// replaces what the index had for it. Bytes that hold no summary are ignored.
    pub fn upsert(&mut self, file: u64, bytes: &[u8]) {
        self.remove(file);
        self.forget_askers();
        let Some(summary) = Summary::new(bytes, 0) else {
            return;
        };
        let provides = summary.provides();
        let subject = provides
            .subject
            .zip(summary.subject())
            .map(|((key, _), s)| (key, s.value));
        let (chunk, offset) = self.arena.push(bytes);
        let record = Slot {
            chunk,
            offset,
            len: bytes.len() as u32,
        };
        let slot = match self.free.pop() {
            Some(slot) => {
                self.slots[slot as usize] = record;
                slot
            }
            None => {
                self.slots.push(record);
                (self.slots.len() - 1) as u32
            }
        };
        self.by_file.insert(file, slot);
        for &key in provides.keys.iter() {
            self.link(key, slot);
        }
        if let Some((key, spelling)) = subject {
            let spellings = self.subjects.entry(key).or_default();
            match spellings.iter_mut().find(|(s, _)| **s == *spelling) {
                Some((_, count)) => *count += 1,
                None => spellings.push((spelling.into(), 1)),
            }
        }
    }

    fn link(&mut self, key: u64, slot: u32) {
        match self.by_key.get(&key).copied() {
            None => {
                self.by_key.insert(key, slot);
            }
            Some(many) if many & MANY != 0 => self.many[(many & !MANY) as usize].push(slot),
            Some(one) => {
                let list = vec![one, slot];
                let at = match self.many_free.pop() {
                    Some(at) => {
                        self.many[at as usize] = list;
                        at
                    }
                    None => {
                        self.many.push(list);
                        (self.many.len() - 1) as u32
                    }
                };
                self.by_key.insert(key, at | MANY);
            }
        }
    }

    fn unlink(&mut self, key: u64, slot: u32) {
        let Some(value) = self.by_key.get(&key).copied() else {
            return;
        };
        if value & MANY == 0 {
            if value == slot {
                self.by_key.remove(&key);
            }
            return;
        }
        let at = (value & !MANY) as usize;
        let list = &mut self.many[at];
        list.retain(|&s| s != slot);
        match list.as_slice() {
            [] => {
                self.by_key.remove(&key);
                self.many_free.push(at as u32);
            }
            &[only] => {
                self.by_key.insert(key, only);
                self.many[at] = Vec::new();
                self.many_free.push(at as u32);
            }
            _ => {}
        }
    }

    /// Starts bringing what is filed under `keys` into the processor's cache, for lookups
    /// about to be made; changes nothing. In a large index nearly every lookup misses the
    /// cache: made one after another, each waits for its misses alone. Here the probes do
    /// not depend on each other, so the processor overlaps them, and the records and
    /// summaries they lead to are requested together.
    pub fn prefetch(&self, keys: &[u64]) {
        let mut slots: SmallVec<[u32; 16]> = SmallVec::new();
        for key in keys {
            match self.by_key.get(key) {
                Some(&many) if many & MANY != 0 => {
                    let list = &self.many[(many & !MANY) as usize];
                    slots.extend_from_slice(&list[..list.len().min(2)]);
                }
                Some(&one) => slots.push(one),
                None => {}
            }
        }
        for &slot in &slots {
            prefetch(self.slots.as_ptr().wrapping_add(slot as usize));
        }
        for &slot in &slots {
            if let Some(record) = self.slots.get(slot as usize).filter(|r| r.len > 0) {
                for line in self.arena.get(record).chunks(64) {
                    prefetch(line.as_ptr());
                }
            }
        }
    }

    /// The slots filed under `key`.
    fn slots_of(&self, key: u64) -> &[u32] {
        match self.by_key.get(&key) {
            None => &[],
            Some(many) if many & MANY != 0 => &self.many[(many & !MANY) as usize],
            Some(one) => std::slice::from_ref(one),
        }
    }

    /// Removes the file `file`; whether the index had it.
    pub fn remove(&mut self, file: u64) -> bool {
        self.reads.remove(&file);
        self.forget_askers();
        if let Some(record) = self.base_record(file) {
            self.masked.insert(record);
            return true;
        }
        let Some(slot) = self.by_file.remove(&file) else {
            return false;
        };
        let Some(summary) = self.slot_summary(slot) else {
            return false;
        };
        let provides = summary.provides();
        let subject = provides
            .subject
            .zip(summary.subject())
            .map(|((key, _), s)| (key, s.value.to_string()));
        for key in provides.keys.iter() {
            self.unlink(*key, slot);
        }
        if let Some((key, spelling)) = &subject
            && let Some(spellings) = self.subjects.get_mut(key)
        {
            if let Some(at) = spellings.iter().position(|(s, _)| **s == **spelling) {
                spellings[at].1 -= 1;
                if spellings[at].1 == 0 {
                    spellings.swap_remove(at);
                }
            }
            if spellings.is_empty() {
                self.subjects.remove(key);
            }
        }
        let freed = &mut self.slots[slot as usize];
        self.arena.garbage += freed.len as usize;
        freed.len = 0;
        self.free.push(slot);
        true
    }

    /// The articles filed under `key`, in path order (most keys file one article: no
    /// allocation then).
    fn lookup(&self, key: u64) -> SmallVec<[Summary<'_>; 2]> {
        let mut found = self.lookup_unsorted(key);
        if found.len() > 1 {
            found.sort_by(|a, b| path_order(a.path(), b.path()));
        }
        found
    }

    /// The articles filed under the dependency key `key`, in no particular order.
    fn lookup_unsorted(&self, key: u64) -> SmallVec<[Summary<'_>; 2]> {
        self.held_under(key)
            .into_iter()
            .filter_map(|held| self.summary_held(held))
            .collect()
    }

    /// Where the articles filed under the dependency key `key` are held.
    fn held_under(&self, key: u64) -> SmallVec<[Held; 2]> {
        let mut found: SmallVec<[Held; 2]> = self
            .slots_of(key)
            .iter()
            .map(|&slot| Held::Slot(slot))
            .collect();
        if let Some(base) = &self.base {
            base.filed(key, &mut |record| {
                if !self.masked.contains(&record) {
                    found.push(Held::Base(record));
                }
            });
        }
        found
    }

    fn summary_held(&self, held: Held) -> Option<Summary<'_>> {
        match held {
            Held::Base(record) => self.base_summary(record),
            Held::Slot(slot) => self.slot_summary(slot),
        }
    }

    fn forget_askers(&mut self) {
        let askers = self.askers.get_mut().unwrap_or_else(|e| e.into_inner());
        if !askers.is_empty() {
            askers.clear();
        }
    }

    /// The articles asking `question` (by its words; see [`question_words`]) that are not
    /// marked `no_index`, for [`Index::others_asking`].
    pub fn asking(&self, question: &str) -> Arc<Askers> {
        self.asking_key(Key::Question(question).hash())
    }

    /// [`Index::asking`] by the question's key.
    pub fn asking_key(&self, key: u64) -> Arc<Askers> {
        let lock = || self.askers.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(known) = lock().get(&key) {
            return known.clone();
        }
        let asking: Vec<(Held, Summary<'_>)> = self
            .held_under(key)
            .into_iter()
            .filter_map(|held| Some((held, self.summary_held(held)?)))
            .collect();
        let mut members: Vec<(Option<i64>, Held, Summary<'_>)> = asking
            .iter()
            .filter(|(held, summary)| {
                !summary.no_index() && !canonical_elsewhere(summary, *held, &asking)
            })
            .map(|&(held, summary)| (summary.id().map(|f| f.value), held, summary))
            .collect();
        members.sort_by(|a, b| path_order(a.2.path(), b.2.path()));
        let mut ids: Vec<i64> = members.iter().filter_map(|m| m.0).collect();
        ids.sort_unstable();
        let askers = Arc::new(Askers {
            members: members
                .into_iter()
                .map(|(id, held, _)| (id, held))
                .collect(),
            ids,
        });
        if askers.members.len() >= KEEP_ASKERS {
            lock().insert(key, askers.clone());
        }
        askers
    }

    /// [`Index::others_asking`] of the articles asking the question with key `key`, without
    /// grouping anything when only one article asks it (nearly every question of a site).
    pub fn others_asking_key(
        &self,
        key: u64,
        own: Asker<'_>,
        limit: usize,
    ) -> (usize, Vec<Summary<'_>>) {
        let Asker {
            id: own_id,
            path: own_path,
            canonical,
        } = own;
        let held = self.held_under(key);
        // Articles with its id are the article itself, or copies that `duplicate-id` reports.
        let is_self = |other: &Summary<'_>| match own_id {
            Some(own) => other.id().is_some_and(|id| id.value == own),
            None => other.path() == own_path,
        };
        // An article whose `canonical` names another article asking the question is settled.
        if let Some(canonical) = canonical {
            let names_another = held.iter().any(|&h| {
                self.summary_held(h).is_some_and(|other| {
                    !is_self(&other)
                        && other
                            .url()
                            .is_some_and(|url| Key::Url(url.value).hash() == canonical)
                })
            });
            if names_another {
                return (0, Vec::new());
            }
        }
        let alone = match held.as_slice() {
            [] => true,
            [only] => self
                .summary_held(*only)
                .is_none_or(|other| other.no_index() || is_self(&other)),
            _ => false,
        };
        if alone {
            return (0, Vec::new());
        }
        let askers = self.asking_key(key);
        self.others_asking(&askers, own_id, own_path, limit)
    }

    /// How many of `askers` are other articles than the one with id `own_id` at `own_path`
    /// (articles with its id are the article itself, or copies that `duplicate-id` reports),
    /// and the first `limit` of them in path order.
    pub fn others_asking(
        &self,
        askers: &Askers,
        own_id: Option<i64>,
        own_path: &Path,
        limit: usize,
    ) -> (usize, Vec<Summary<'_>>) {
        let mut first = Vec::new();
        match own_id {
            Some(own) => {
                let same = askers.ids.partition_point(|&id| id <= own)
                    - askers.ids.partition_point(|&id| id < own);
                for &(id, held) in &askers.members {
                    if first.len() == limit {
                        break;
                    }
                    if id != Some(own) {
                        first.extend(self.summary_held(held));
                    }
                }
                (askers.members.len() - same, first)
            }
            None => {
                let mut count = 0;
                for &(_, held) in &askers.members {
                    let Some(summary) = self.summary_held(held) else {
                        continue;
                    };
                    if summary.path() != own_path {
                        count += 1;
                        if first.len() < limit {
                            first.push(summary);
                        }
                    }
                }
                (count, first)
            }
        }
    }

    /// The articles with id `id`, in path order.
    pub fn with_id(&self, id: i64) -> impl Iterator<Item = Summary<'_>> + use<'_> {
        self.with_id_key(Key::Id(id).hash(), id).into_iter()
    }

    /// [`Index::with_id`], given the id's key.
    pub fn with_id_key(&self, key: u64, id: i64) -> SmallVec<[Summary<'_>; 2]> {
        let mut found = self.lookup(key);
        found.retain(|a| a.id().is_some_and(|i| i.value == id));
        found
    }

    /// The articles whose `url` is `url`, in path order.
    pub fn with_url<'a>(&'a self, url: &str) -> impl Iterator<Item = Summary<'a>> + use<'a> {
        self.with_url_key(Key::Url(url).hash(), url).into_iter()
    }

    /// [`Index::with_url`], given the url's key.
    pub fn with_url_key(&self, key: u64, url: &str) -> SmallVec<[Summary<'_>; 2]> {
        let mut found = self.lookup(key);
        found.retain(|a| a.url().is_some_and(|u| u.value == url));
        found
    }

    /// How many articles have the title `title` (ignoring case and spacing), and the article
    /// when there is exactly one. Titles repeat (copies of an article in two folders, or a
    /// generated site), so the others are counted, not looked at.
    pub fn titled(&self, title: &str) -> (usize, Option<Summary<'_>>) {
        let key = Key::Title(title).hash();
        let added = self.slots_of(key);
        let mut based = 0;
        let mut first_base = None;
        if let Some(base) = &self.base {
            base.filed(key, &mut |record| {
                if !self.masked.contains(&record) {
                    based += 1;
                    first_base.get_or_insert(record);
                }
            });
        }
        let count = added.len() + based;
        if count != 1 {
            return (count, None);
        }
        let only = match (added.first(), first_base) {
            (Some(&slot), _) => self.slot_summary(slot),
            (None, Some(record)) => self.base_summary(record),
            (None, None) => None,
        };
        (count, only)
    }
    /// The spellings of `subject` in `folder` that differ from it at most in case and spacing,
    /// with how many articles use each: most used first, then alphabetically.
    pub fn subject_spellings(&self, folder: &str, subject: &str) -> Vec<(String, usize)> {
        let key = Key::Subject { folder, subject }.hash();
        let mut counts: Vec<(String, usize)> = Vec::new();
        let mut add =
            |spelling: &str, n: isize| match counts.iter_mut().find(|(s, _)| s == spelling) {
                Some((_, count)) => *count = count.saturating_add_signed(n),
                None if n > 0 => counts.push((spelling.to_string(), n as usize)),
                None => {}
            };
        if let Some(base) = &self.base {
            for (spelling, n) in base.spellings(key) {
                add(&spelling, n as isize);
            }
            for &record in &self.masked {
                if let Some((k, spelling)) = base.subject(record)
                    && k == key
                {
                    add(&spelling, -1);
                }
            }
        }
        for (spelling, n) in self.subjects.get(&key).into_iter().flatten() {
            add(spelling, *n as isize);
        }
        let wanted = normalize_title(subject);
        let mut found: Vec<(String, usize)> = counts
            .into_iter()
            .filter(|(s, n)| *n > 0 && normalize_title(s) == wanted)
            .collect();
        found.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        found
    }

    /// Records what the article of the file `file` (shown as `path`) looked up when its
    /// cross-article rules last ran.
    pub fn set_reads(&mut self, file: u64, path: &Path, reads: Vec<u64>) {
        if self.get(file).is_some() {
            self.reads.insert(file, (path.to_path_buf(), reads));
        }
    }

    /// The articles registered with [`Index::set_reads`] that looked up any of `keys` (the
    /// keys an article provided before and after a change, see [`Article::provides`]), in
    /// path order.
    pub fn dependents(&self, keys: &[u64]) -> Vec<&Path> {
        let keys: FxHashSet<u64> = keys.iter().copied().collect();
        let mut found: Vec<&Path> = self
            .reads
            .values()
            .filter(|(_, reads)| reads.iter().any(|r| keys.contains(r)))
            .map(|(path, _)| path.as_path())
            .collect();
        found.sort_by(|a, b| path_order(a, b));
        found
    }
}

/// Asks the processor to start loading the cache line at `at` (a hint: nothing happens
/// where the architecture has no such instruction, and the address is never read).
#[inline(always)]
fn prefetch<T>(at: *const T) {
    // SAFETY: SSE is part of every x86-64 processor, and a prefetch never faults, whatever
    // the address.
    #[cfg(target_arch = "x86_64")]
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(at.cast());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = at;
}

/// The name of the folder holding the file at canonical `path` (its last two separators
/// bound it).
pub fn folder_of(path: &Path) -> Option<&str> {
    let path = path.as_os_str().as_encoded_bytes();
    let is_separator = |b: &u8| std::path::is_separator(*b as char);
    let dir = &path[..path.iter().rposition(is_separator)?];
    let name = &dir[dir.iter().rposition(is_separator)? + 1..];
    std::str::from_utf8(name).ok().filter(|n| !n.is_empty())
}

/// A key for a path: a hash of its bytes (hashing a `Path` parses its components, which is
/// slow over a whole site).
pub fn path_key(path: &Path) -> u64 {
    xxhash_rust::xxh3::xxh3_64(path.as_os_str().as_encoded_bytes())
}

/// Paths in the order reports list them: component by component (`a/b` before `a-b`), but
/// compared as bytes, which is much faster than comparing `Path`s.
pub fn path_order(a: &Path, b: &Path) -> std::cmp::Ordering {
    let (a, b) = (
        a.as_os_str().as_encoded_bytes(),
        b.as_os_str().as_encoded_bytes(),
    );
    // Only the first differing byte matters; a separator there sorts before anything.
    let same = common_prefix(a, b);
    let key = |c: Option<&u8>| {
        c.map(|&c| {
            if std::path::is_separator(c as char) {
                0
            } else {
                c
            }
        })
    };
    key(a.get(same)).cmp(&key(b.get(same)))
}

/// How many bytes `a` and `b` have in common at their start, found eight at a time (sorting
/// a site's paths compares long shared prefixes).
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let n = a.len().min(b.len());
    let mut at = 0;
    while at + 8 <= n {
        let x = u64::from_le_bytes(a[at..at + 8].try_into().unwrap_or_default());
        let y = u64::from_le_bytes(b[at..at + 8].try_into().unwrap_or_default());
        if x != y {
            return at + ((x ^ y).trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    at + a[at..n]
        .iter()
        .zip(&b[at..n])
        .take_while(|(x, y)| x == y)
        .count()
}

/// Whether two texts have the same words, however they are spaced.
pub fn same_words(a: &str, b: &str) -> bool {
    a == b || a.split_whitespace().eq(b.split_whitespace())
}

/// A title or subject as compared: words separated by single spaces, lower case.
pub fn normalize_title(title: &str) -> String {
    let mut out = String::with_capacity(title.len());
    for word in title.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in word.chars() {
            out.extend(c.to_lowercase());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::document::Document;

    fn article(path: &str, text: &str) -> Article {
        let doc = Document::parse(text, &mut Vec::new()).unwrap();
        Article::from_document(
            Path::new(path),
            folder_of(Path::new(path)).map(str::to_string),
            &doc,
            true,
        )
    }

    fn encoded(path: &str, text: &str) -> Vec<u8> {
        let mut bytes = Vec::new();
        summary::encode(&article(path, text), Path::new(path), &mut bytes);
        bytes
    }

    fn key(path: &str) -> u64 {
        path_key(Path::new(path))
    }

    fn index(files: &[(&str, &str)]) -> Index {
        let articles: Vec<(PathBuf, Article)> = files
            .iter()
            .map(|(path, text)| (PathBuf::from(path), article(path, text)))
            .collect();
        Index::of("/site", articles.iter().map(|(p, a)| (p.as_path(), a)))
    }

    #[test]
    fn lookups() {
        let index = index(&[
            (
                "/site/x/b.md",
                "---\nid: 1\ntitle: same title\nurl: /u/b\n---\n",
            ),
            (
                "/site/x/a.md",
                "---\nid: 1\ntitle: Same  Title\nurl: /u/a\n---\n",
            ),
        ]);
        assert_eq!(index.with_id(1).count(), 2);
        assert_eq!(index.with_id(1).next().unwrap().path(), Path::new("x/a.md"));
        assert_eq!(index.with_url("/u/b").count(), 1);
        assert_eq!(index.titled("SAME TITLE").0, 2);
        assert_eq!(index.titled("other").0, 0);
        assert_eq!(index.len(), 2);
        // Outside the working directory, a path is shown whole.
        let outside = Index::of(
            "/elsewhere",
            std::iter::once((
                Path::new("/site/x/a.md"),
                &article("/site/x/a.md", "---\nid: 5\n---\n"),
            )),
        );
        assert_eq!(
            outside.with_id(5).next().unwrap().path(),
            Path::new("/site/x/a.md")
        );
    }

    #[test]
    fn askers_of_a_question_small_and_large_groups() {
        // Groups below and above the size that is kept between lookups answer alike, and a
        // change to the index is seen by the next lookup.
        for copies in [5, KEEP_ASKERS + 4] {
            let texts: Vec<(String, String)> = (0..copies)
                .map(|i| {
                    let id = if i == 1 { 100 } else { 100 + i };
                    let no_index = if i == 2 { "no_index: true\n" } else { "" };
                    (
                        format!("/site/x/q{i:02}.md"),
                        format!("---\nid: {id}\nquestion: What is DNA?\n{no_index}---\n"),
                    )
                })
                .collect();
            let files: Vec<(&str, &str)> = texts
                .iter()
                .map(|(p, t)| (p.as_str(), t.as_str()))
                .collect();
            let mut index = index(&files);
            let askers = index.asking("what is dna");
            // q00 and q01 share id 100: neither counts the other; q02 is no_index.
            let (count, first) = index.others_asking(&askers, Some(100), Path::new("x/q00.md"), 2);
            assert_eq!(count, copies - 3, "{copies} copies");
            let shown: Vec<&Path> = first.iter().map(|s| s.path()).collect();
            assert_eq!(
                shown,
                [Path::new("x/q03.md"), Path::new("x/q04.md")][..(copies - 3).min(2)]
            );
            let (count, first) = index.others_asking(&askers, None, Path::new("x/q03.md"), 9);
            assert_eq!(count, copies - 2);
            assert_eq!(first[0].path(), Path::new("x/q00.md"));
            // Another article asks it too: the next lookup counts it.
            let extra = "/site/x/q99.md";
            index.upsert(
                key(extra),
                &encoded(extra, "---\nid: 7\nquestion: WHAT is  DNA\n---\n"),
            );
            let askers = index.asking("What is DNA?");
            assert_eq!(
                index
                    .others_asking(&askers, Some(100), Path::new("x/q00.md"), 0)
                    .0,
                copies - 2
            );
            // Without grouping: the same answers.
            let quick = index.others_asking_key(
                Key::Question("what is dna").hash(),
                asker(Some(100), "x/q00.md"),
                2,
            );
            assert_eq!(quick.0, copies - 2);
            assert_eq!(quick.1[0].path(), Path::new("x/q03.md"));
            index.remove(key(extra));
            index.remove(key("/site/x/q03.md"));
            let askers = index.asking("What is DNA?");
            assert_eq!(
                index
                    .others_asking(&askers, Some(100), Path::new("x/q00.md"), 0)
                    .0,
                copies - 4
            );
        }
    }

    fn asker(id: Option<i64>, path: &str) -> Asker<'_> {
        Asker {
            id,
            path: Path::new(path),
            canonical: None,
        }
    }

    #[test]
    fn a_copy_with_a_canonical_naming_another_asker_is_settled() {
        let index = index(&[
            (
                "/site/x/a.md",
                "---\nid: 1\nurl: /x/a\nquestion: Why?\n---\n",
            ),
            (
                "/site/y/a.md",
                "---\nid: 2\nurl: /y/a\nquestion: Why?\ncanonical: https://example.com/x/a\n---\n",
            ),
            (
                "/site/z/a.md",
                "---\nid: 3\nurl: /z/a\nquestion: why\n---\n",
            ),
        ]);
        let key = Key::Question("why").hash();
        // The copy that names /x/a is not counted by the others...
        let (count, first) = index.others_asking_key(key, asker(Some(1), "x/a.md"), 5);
        assert_eq!((count, first[0].path()), (1, Path::new("z/a.md")));
        // ...and is not reported itself.
        let own = Asker {
            canonical: crate::core::summary::canonical_key("https://example.com/x/a"),
            ..asker(Some(2), "y/a.md")
        };
        assert_eq!(index.others_asking_key(key, own, 5).0, 0);
        // A canonical naming the article itself settles nothing.
        let own = Asker {
            canonical: crate::core::summary::canonical_key("/z/a"),
            ..asker(Some(3), "z/a.md")
        };
        assert_eq!(index.others_asking_key(key, own, 5).0, 1);
        assert_eq!(crate::core::summary::canonical_key("example.com/x"), None);
        assert_eq!(
            crate::core::summary::canonical_key("http://example.com"),
            crate::core::summary::canonical_key("/")
        );
    }

    #[test]
    fn a_question_asked_once_has_no_other_askers() {
        let index = index(&[
            ("/site/x/a.md", "---\nid: 1\nquestion: Why?\n---\n"),
            ("/site/x/b.md", "---\nid: 2\nquestion: How so?\n---\n"),
        ]);
        let key = Key::Question("why").hash();
        assert_eq!(
            index.others_asking_key(key, asker(Some(1), "x/a.md"), 5).0,
            0
        );
        // Another article with that question asks it, even when it is the only one.
        let (count, first) = index.others_asking_key(key, asker(Some(2), "x/b.md"), 5);
        assert_eq!((count, first[0].path()), (1, Path::new("x/a.md")));
        assert_eq!(
            question_words("  Why, “oh” WHY?! Ça va"),
            "why oh why ça va"
        );
        assert!(has_words("Ça?") && !has_words("?!"));
    }

    #[test]
    fn updates_one_article_at_a_time() {
        let mut index = index(&[
            (
                "/site/x/a.md",
                "---\nid: 1\nurl: /a\nsubject: Nursing\n---\n",
            ),
            (
                "/site/x/b.md",
                "---\nid: 2\nurl: /b\nsubject: nursing\n---\n",
            ),
        ]);
        assert_eq!(index.subject_spellings("x", "NURSING").len(), 2);
        index.upsert(
            key("/site/x/a.md"),
            &encoded(
                "/site/x/a.md",
                "---\nid: 3\nurl: /b\nsubject: nursing\n---\n",
            ),
        );
        assert_eq!(index.with_id(1).count(), 0);
        assert_eq!(index.with_id(3).count(), 1);
        assert_eq!(index.with_url("/b").count(), 2);
        assert_eq!(index.with_url("/a").count(), 0);
        assert_eq!(
            index.subject_spellings("x", "nursing"),
            vec![("nursing".to_string(), 2)]
        );
        index.remove(key("/site/x/b.md"));
        assert_eq!(index.with_url("/b").count(), 1);
        assert_eq!(index.len(), 1);
        // The freed slot is reused.
        index.upsert(
            key("/site/x/c.md"),
            &encoded("/site/x/c.md", "---\nid: 3\n---\n"),
        );
        let ids: Vec<_> = index.with_id(3).map(|a| a.path().to_path_buf()).collect();
        assert_eq!(ids, vec![PathBuf::from("x/a.md"), PathBuf::from("x/c.md")]);
    }

    /// A base kept in memory, as a cache would keep it on disk.
    #[derive(Debug)]
    struct TestBase(Vec<(u64, Vec<u8>)>);

    impl TestBase {
        fn new(files: &[(&str, &str)]) -> Self {
            Self(files.iter().map(|(p, t)| (key(p), encoded(p, t))).collect())
        }

        fn summary_of(&self, record: u32) -> Summary<'_> {
            Summary::new(&self.0[record as usize].1, 0).unwrap()
        }
    }

    impl Base for TestBase {
        fn len(&self) -> usize {
            self.0.len()
        }
        fn find(&self, file: u64) -> Option<u32> {
            self.0
                .iter()
                .position(|(k, _)| *k == file)
                .map(|i| i as u32)
        }
        fn file(&self, record: u32) -> u64 {
            self.0[record as usize].0
        }
        fn filed(&self, key: u64, f: &mut dyn FnMut(u32)) {
            for r in 0..self.0.len() as u32 {
                if self.summary_of(r).provides().keys.contains(&key) {
                    f(r);
                }
            }
        }
        fn spellings(&self, key: u64) -> Vec<(String, usize)> {
            let mut out: Vec<(String, usize)> = Vec::new();
            for r in 0..self.0.len() as u32 {
                if let Some((k, s)) = self.subject(r)
                    && k == key
                {
                    match out.iter_mut().find(|(x, _)| *x == s) {
                        Some((_, n)) => *n += 1,
                        None => out.push((s, 1)),
                    }
                }
            }
            out
        }
        fn subject(&self, record: u32) -> Option<(u64, String)> {
            let summary = self.summary_of(record);
            Some((
                summary.provides().subject?.0,
                summary.subject()?.value.to_string(),
            ))
        }
        fn summary(&self, record: u32) -> Option<&[u8]> {
            Some(&self.0[record as usize].1)
        }
    }

    #[test]
    fn a_base_with_changes_on_top() {
        let base = TestBase::new(&[
            (
                "/site/x/a.md",
                "---\nid: 1\nurl: /a\nsubject: Nursing\n---\n",
            ),
            (
                "/site/x/b.md",
                "---\nid: 2\nurl: /b\nsubject: nursing\n---\n",
            ),
            (
                "/site/x/c.md",
                "---\nid: 3\nurl: /c\nsubject: Nursing\n---\n",
            ),
        ]);
        let mut index = Index::with_base("/site", Arc::new(base));
        assert_eq!(index.len(), 3);
        assert_eq!(index.with_id(2).count(), 1);
        assert_eq!(index.with_id(2).next().unwrap().path(), Path::new("x/b.md"));
        assert_eq!(
            index.subject_spellings("x", "nursing"),
            vec![("Nursing".to_string(), 2), ("nursing".to_string(), 1)]
        );
        // b changes its id and subject; c goes; d comes.
        index.upsert(
            key("/site/x/b.md"),
            &encoded(
                "/site/x/b.md",
                "---\nid: 4\nurl: /b\nsubject: Nursing\n---\n",
            ),
        );
        index.remove(key("/site/x/c.md"));
        index.upsert(
            key("/site/x/d.md"),
            &encoded("/site/x/d.md", "---\nid: 1\nurl: /d\n---\n"),
        );
        assert_eq!(index.len(), 3);
        assert_eq!(index.with_id(2).count(), 0);
        assert_eq!(index.with_id(4).count(), 1);
        assert_eq!(index.with_url("/c").count(), 0);
        let ones: Vec<_> = index.with_id(1).map(|a| a.path().to_path_buf()).collect();
        assert_eq!(ones, vec![PathBuf::from("x/a.md"), PathBuf::from("x/d.md")]);
        assert_eq!(
            index.subject_spellings("x", "nursing"),
            vec![("Nursing".to_string(), 2)]
        );
        assert!(index.get(key("/site/x/c.md")).is_none());
        assert_eq!(
            index.get(key("/site/x/b.md")).unwrap().id().unwrap().value,
            4
        );
        assert_eq!(index.titled("x").0, 0);
    }

    #[test]
    fn a_subject_counts_as_changed_only_when_its_spelling_does() {
        let provides = |text: &str| article("/site/x/a.md", text).provides();
        let a = provides("---\nid: 1\ntitle: T\nsubject: Nursing\n---\n");
        let retitled = provides("---\nid: 1\ntitle: U\nsubject: Nursing\n---\n");
        let respelt = provides("---\nid: 1\ntitle: T\nsubject: nursing\n---\n");
        let subject = a.subject.unwrap().0;
        assert!(!Provides::changed(Some(&a), Some(&retitled)).contains(&subject));
        assert!(Provides::changed(Some(&a), Some(&respelt)).contains(&subject));
        assert!(Provides::changed(Some(&a), None).contains(&subject));
    }

    #[test]
    fn keys_hash_titles_as_they_compare() {
        assert_eq!(
            Key::Title("  Héllo   WORLD ").hash(),
            Key::Title("héllo world").hash()
        );
        assert_ne!(Key::Title("hello").hash(), Key::Title("hello world").hash());
        let long = "Ω ".repeat(300);
        assert_eq!(
            Key::Title(&long).hash(),
            Key::Title(&long.to_lowercase()).hash()
        );
        // The hash is that of the normalized text, on the ASCII path and the Unicode one.
        for title in [
            "  Case\tManagers \x0b now ",
            "ÉTUDE  de CAS",
            "a\u{a0}b",
            &long,
        ] {
            let mut bytes = b"t".to_vec();
            bytes.extend_from_slice(normalize_title(title).as_bytes());
            assert_eq!(
                Key::Title(title).hash(),
                xxhash_rust::xxh3::xxh3_64(&bytes),
                "{title:?}"
            );
        }
    }

    #[test]
    fn common_prefixes_are_counted_to_the_byte() {
        let text = b"content/learn/biology/what-is-a-cell-and-how";
        for cut in 0..text.len() {
            let mut other = text.to_vec();
            other[cut] ^= 1;
            assert_eq!(common_prefix(text, &other), cut);
            assert_eq!(common_prefix(&text[..cut], text), cut);
        }
        assert_eq!(common_prefix(text, text), text.len());
    }

    #[test]
    fn paths_sort_component_by_component() {
        let mut paths = vec!["a-b/x", "a/y", "a/b/c", "a", "b"];
        paths.sort_by(|a, b| path_order(Path::new(a), Path::new(b)));
        assert_eq!(paths, vec!["a", "a/b/c", "a/y", "a-b/x", "b"]);
    }

    #[test]
    fn dependents_are_the_articles_that_looked_a_key_up() {
        let mut index = index(&[
            ("/site/x/a.md", "---\nid: 1\n---\n"),
            ("/site/x/b.md", "---\nid: 2\n---\n"),
        ]);
        index.set_reads(
            key("/site/x/b.md"),
            Path::new("b.md"),
            vec![Key::Id(1).hash()],
        );
        let a = index.get(key("/site/x/a.md")).unwrap().provides();
        let changed = Provides::changed(Some(&a), None);
        assert_eq!(index.dependents(&changed), vec![Path::new("b.md")]);
        assert!(index.dependents(&[Key::Id(9).hash()]).is_empty());
    }
}
