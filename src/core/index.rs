//! The corpus index: every article under the content root, with lookups by id, url, title and
//! subject, updated one article at a time.
//!
//! The index keeps only summaries (see [`Article::into_summary`]): what an article says about
//! itself, never its text or its related references. It has two layers: a [`Base`], an
//! immutable index that a cache can keep on disk and map into memory without decoding it
//! (its summaries are decoded the first time a lookup needs them), and the articles
//! added, changed or removed since, kept in memory. A warm run over an unchanged site thus
//! builds nothing: it looks up what it needs.
//!
//! Articles are identified by a file key (a hash of the canonical path, given by the caller)
//! and shown by their `path`. Every lookup is by a dependency [`Key`]: an article is filed
//! under the keys it provides (its id, url and title; its subject's spellings are counted).
//! That also answers "which articles depend on this one": the cross-article rules record the
//! keys they look up, and an article whose id, url, title or subject changes invalidates the
//! results of every article that looked one of them up.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};

use super::article::Article;

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

/// Appends `text` as [`normalize_title`] would write it, without building the string.
fn push_normalized(out: &mut KeyBytes, text: &str) {
    if text.is_ascii() {
        // Byte by byte: ASCII whitespace is exactly what `split_whitespace` splits ASCII at.
        // The result is never longer than the text.
        let room = out.room(text.len());
        let mut written = 0;
        let mut pending_space = false;
        for &b in text.as_bytes() {
            if b.is_ascii_whitespace() || b == 0x0b {
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
    for (i, word) in text.split_whitespace().enumerate() {
        if i > 0 {
            out.push(b" ");
        }
        for c in word.chars() {
            for lower in c.to_lowercase() {
                out.push(lower.encode_utf8(&mut buffer).as_bytes());
            }
        }
    }
}

/// The keys an article is filed under, and its subject's key and spelling.
fn filing(article: &Article) -> (Box<[u64]>, Subject) {
    let provides = article.provides();
    let subject = provides
        .subject
        .zip(article.subject.as_ref())
        .map(|((key, _), subject)| (key, subject.value.as_str().into()));
    (provides.keys, subject)
}

/// A subject's key (folder and subject) and its spelling.
type Subject = Option<(u64, Box<str>)>;

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
    /// The records filed under the dependency key `key` (ids, urls, titles).
    fn filed(&self, key: u64) -> Vec<u32>;
    /// The spellings counted under the subject key `key`, with their counts.
    fn spellings(&self, key: u64) -> Vec<(String, usize)>;
    /// The subject key and spelling of `record`.
    fn subject(&self, record: u32) -> Option<(u64, String)>;
    /// The summary of `record`, placed where it is shown; `None` when its front matter could
    /// not be read.
    fn article(&self, record: u32) -> Option<Article>;
    /// The summary of `record` in postcard's encoding (an `Option<Article>`).
    fn encoded(&self, record: u32) -> Option<&[u8]>;
}

/// A summary as [`Index::stored`] gives it.
#[derive(Debug, Clone, Copy)]
pub enum Stored<'a> {
    /// Already encoded (an `Option<Article>` in postcard).
    Encoded(&'a [u8]),
    /// To encode.
    Article(&'a Article),
}

impl Stored<'_> {
    /// Appends the encoded summary to `out`.
    pub fn encode_into(self, out: &mut Vec<u8>) {
        match self {
            Stored::Encoded(bytes) => out.extend_from_slice(bytes),
            Stored::Article(article) => {
                let _ = postcard::to_io(&Some(article), &mut *out);
            }
        }
    }
}

/// The articles filed under one key: most keys belong to one article.
#[derive(Debug, Clone)]
enum Slots {
    One(u32),
    Many(Vec<u32>),
}

impl Slots {
    fn as_slice(&self) -> &[u32] {
        match self {
            Slots::One(one) => std::slice::from_ref(one),
            Slots::Many(many) => many,
        }
    }
}

/// An article added or changed since the base.
#[derive(Debug)]
struct Entry {
    keys: Box<[u64]>,
    subject: Subject,
    article: Article,
}

/// Every article under the content root, with lookups by id, url, title and subject.
#[derive(Debug, Default)]
pub struct Index {
    base: Option<Arc<dyn Base>>,
    /// The base's summaries, decoded on first use.
    decoded: Vec<OnceLock<Option<Box<Article>>>>,
    /// Base records replaced or removed since.
    masked: FxHashSet<u32>,
    entries: Vec<Option<Entry>>,
    free: Vec<u32>,
    /// Entries by file key.
    by_file: FxHashMap<u64, u32>,
    /// Entries by dependency key (ids, urls, titles).
    by_key: FxHashMap<u64, Slots>,
    /// Entries' subjects: by subject key (folder and subject), the count of each spelling.
    subjects: FxHashMap<u64, Vec<(Box<str>, usize)>>,
    /// What the articles registered with [`Index::set_reads`] looked up, by file key.
    reads: FxHashMap<u64, (PathBuf, Vec<u64>)>,
}

impl Index {
    /// Indexes `articles`, each under the key [`path_key`] gives its path (see
    /// [`Article::into_summary`] for what is kept).
    pub fn new(articles: impl IntoIterator<Item = Article>) -> Self {
        let mut index = Self::default();
        for article in articles {
            index.upsert(path_key(&article.path), article);
        }
        index
    }

    /// An index of `base`, to which articles can then be added and removed.
    pub fn with_base(base: Arc<dyn Base>) -> Self {
        let decoded = (0..base.len()).map(|_| OnceLock::new()).collect();
        Self {
            base: Some(base),
            decoded,
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

    fn base_article(&self, record: u32) -> Option<&Article> {
        let base = self.base.as_ref()?;
        self.decoded
            .get(record as usize)?
            .get_or_init(|| base.article(record).map(Box::new))
            .as_deref()
    }

    /// The article of the file `file`.
    pub fn get(&self, file: u64) -> Option<&Article> {
        match self.by_file.get(&file) {
            Some(&slot) => self.entries[slot as usize].as_ref().map(|e| &e.article),
            None => self.base_article(self.base_record(file)?),
        }
    }

    /// The summary of the file `file` as a cache keeps it: the bytes the base holds
    /// (postcard's encoding of an `Option<Article>`), or the article to encode.
    pub fn stored(&self, file: u64) -> Option<Stored<'_>> {
        if let Some(&slot) = self.by_file.get(&file) {
            let entry = self.entries[slot as usize].as_ref()?;
            return Some(Stored::Article(&entry.article));
        }
        let record = self.base_record(file)?;
        self.base.as_ref()?.encoded(record).map(Stored::Encoded)
    }

    /// Makes room for `more` articles.
    pub fn reserve(&mut self, more: usize) {
        self.entries.reserve(more);
        self.by_file.reserve(more);
    }

    /// Every article, in no particular order (decoding the base's).
    pub fn iter(&self) -> impl Iterator<Item = &Article> {
        let base = self.base.as_ref().map_or(0, |b| b.len() as u32);
        let from_base = (0..base)
            .filter(|r| !self.masked.contains(r))
            .filter_map(|r| self.base_article(r));
        let added = self.entries.iter().flatten().map(|e| &e.article);
        from_base.chain(added)
    }

    /// Adds `article` as the file `file`, or replaces what the index had for it.
    pub fn upsert(&mut self, file: u64, article: Article) {
        self.remove(file);
        let (keys, subject) = filing(&article);
        let slot = match self.free.pop() {
            Some(slot) => slot,
            None => {
                self.entries.push(None);
                (self.entries.len() - 1) as u32
            }
        };
        self.by_file.insert(file, slot);
        for &key in keys.iter() {
            let slots = self.by_key.entry(key).or_insert(Slots::Many(Vec::new()));
            match slots {
                Slots::Many(list) if list.is_empty() => *slots = Slots::One(slot),
                Slots::Many(list) => list.push(slot),
                Slots::One(one) => *slots = Slots::Many(vec![*one, slot]),
            }
        }
        if let Some((key, spelling)) = &subject {
            let spellings = self.subjects.entry(*key).or_default();
            match spellings.iter_mut().find(|(s, _)| s == spelling) {
                Some((_, count)) => *count += 1,
                None => spellings.push((spelling.clone(), 1)),
            }
        }
        self.entries[slot as usize] = Some(Entry {
            keys,
            subject,
            article: article.into_summary(),
        });
    }

    /// Removes the file `file`; whether the index had it.
    pub fn remove(&mut self, file: u64) -> bool {
        self.reads.remove(&file);
        if let Some(record) = self.base_record(file) {
            self.masked.insert(record);
            return true;
        }
        let Some(slot) = self.by_file.remove(&file) else {
            return false;
        };
        let Some(entry) = self.entries[slot as usize].take() else {
            return false;
        };
        for key in entry.keys.iter() {
            unlink(&mut self.by_key, *key, slot);
        }
        if let Some((key, spelling)) = &entry.subject
            && let Some(spellings) = self.subjects.get_mut(key)
        {
            if let Some(at) = spellings.iter().position(|(s, _)| s == spelling) {
                spellings[at].1 -= 1;
                if spellings[at].1 == 0 {
                    spellings.swap_remove(at);
                }
            }
            if spellings.is_empty() {
                self.subjects.remove(key);
            }
        }
        self.free.push(slot);
        true
    }

    /// The articles filed under `key`, in path order.
    fn lookup(&self, key: u64) -> Vec<&Article> {
        let mut found: Vec<&Article> = self
            .by_key
            .get(&key)
            .map(Slots::as_slice)
            .unwrap_or_default()
            .iter()
            .filter_map(|&slot| self.entries[slot as usize].as_ref())
            .map(|e| &e.article)
            .collect();
        if let Some(base) = &self.base {
            found.extend(
                base.filed(key)
                    .into_iter()
                    .filter(|r| !self.masked.contains(r))
                    .filter_map(|r| self.base_article(r)),
            );
        }
        found.sort_by(|a, b| path_order(&a.path, &b.path));
        found
    }

    /// The articles with id `id`, in path order.
    pub fn with_id(&self, id: i64) -> impl Iterator<Item = &Article> + use<'_> {
        self.lookup(Key::Id(id).hash())
            .into_iter()
            .filter(move |a| a.id.as_ref().is_some_and(|i| i.value == id))
    }

    /// The articles whose `url` is `url`, in path order.
    pub fn with_url<'a>(&'a self, url: &str) -> impl Iterator<Item = &'a Article> + use<'a> {
        let url = url.to_string();
        self.lookup(Key::Url(&url).hash())
            .into_iter()
            .filter(move |a| a.url.as_ref().is_some_and(|u| u.value == url))
    }

    /// How many articles have the title `title` (ignoring case and spacing), and the article
    /// when there is exactly one. Titles repeat (copies of an article in two folders, or a
    /// generated site), so the others are counted, not decoded.
    pub fn titled(&self, title: &str) -> (usize, Option<&Article>) {
        let key = Key::Title(title).hash();
        let added = self.by_key.get(&key).map_or(&[][..], Slots::as_slice);
        let based: Vec<u32> = match &self.base {
            Some(base) => base
                .filed(key)
                .into_iter()
                .filter(|r| !self.masked.contains(r))
                .collect(),
            None => Vec::new(),
        };
        let count = added.len() + based.len();
        if count != 1 {
            return (count, None);
        }
        let only = match (added.first(), based.first()) {
            (Some(&slot), _) => self.entries[slot as usize].as_ref().map(|e| &e.article),
            (None, Some(&record)) => self.base_article(record),
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

fn unlink(table: &mut FxHashMap<u64, Slots>, key: u64, slot: u32) {
    let Some(entry) = table.get_mut(&key) else {
        return;
    };
    match entry {
        Slots::One(one) if *one == slot => {
            table.remove(&key);
        }
        Slots::One(_) => {}
        Slots::Many(list) => {
            list.retain(|&s| s != slot);
            match list.as_slice() {
                [] => {
                    table.remove(&key);
                }
                [only] => *entry = Slots::One(*only),
                _ => {}
            }
        }
    }
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
    let same = a.iter().zip(b).take_while(|(x, y)| x == y).count();
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
        Article::from_document(Path::new(path), Some("x".into()), &doc, true)
    }

    fn key(path: &str) -> u64 {
        path_key(Path::new(path))
    }

    #[test]
    fn lookups() {
        let a = article("a.md", "---\nid: 1\ntitle: Same  Title\nurl: /u/a\n---\n");
        let b = article("b.md", "---\nid: 1\ntitle: same title\nurl: /u/b\n---\n");
        let index = Index::new(vec![b, a]);
        assert_eq!(index.with_id(1).count(), 2);
        assert_eq!(index.with_id(1).next().unwrap().path, Path::new("a.md"));
        assert_eq!(index.with_url("/u/b").count(), 1);
        assert_eq!(index.titled("SAME TITLE").0, 2);
        assert_eq!(index.titled("other").0, 0);
        assert_eq!(index.len(), 2);
    }

    #[test]
    fn updates_one_article_at_a_time() {
        let mut index = Index::new(vec![
            article("a.md", "---\nid: 1\nurl: /a\nsubject: Nursing\n---\n"),
            article("b.md", "---\nid: 2\nurl: /b\nsubject: nursing\n---\n"),
        ]);
        assert_eq!(index.subject_spellings("x", "NURSING").len(), 2);
        index.upsert(
            key("a.md"),
            article("a.md", "---\nid: 3\nurl: /b\nsubject: nursing\n---\n"),
        );
        assert_eq!(index.with_id(1).count(), 0);
        assert_eq!(index.with_id(3).count(), 1);
        assert_eq!(index.with_url("/b").count(), 2);
        assert_eq!(index.with_url("/a").count(), 0);
        assert_eq!(
            index.subject_spellings("x", "nursing"),
            vec![("nursing".to_string(), 2)]
        );
        index.remove(key("b.md"));
        assert_eq!(index.with_url("/b").count(), 1);
        assert_eq!(index.len(), 1);
        // The freed slot is reused.
        index.upsert(key("c.md"), article("c.md", "---\nid: 3\n---\n"));
        let ids: Vec<_> = index.with_id(3).map(|a| a.path.clone()).collect();
        assert_eq!(ids, vec![PathBuf::from("a.md"), PathBuf::from("c.md")]);
    }

    /// A base kept in memory, as a cache would keep it on disk.
    #[derive(Debug)]
    struct TestBase(Vec<Article>);

    impl Base for TestBase {
        fn len(&self) -> usize {
            self.0.len()
        }
        fn find(&self, file: u64) -> Option<u32> {
            self.0
                .iter()
                .position(|a| path_key(&a.path) == file)
                .map(|i| i as u32)
        }
        fn file(&self, record: u32) -> u64 {
            path_key(&self.0[record as usize].path)
        }
        fn filed(&self, key: u64) -> Vec<u32> {
            (0..self.0.len() as u32)
                .filter(|&r| filing(&self.0[r as usize]).0.contains(&key))
                .collect()
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
            let (_, subject) = filing(&self.0[record as usize]);
            subject.map(|(k, s)| (k, s.into()))
        }
        fn article(&self, record: u32) -> Option<Article> {
            Some(self.0[record as usize].clone())
        }
        fn encoded(&self, _: u32) -> Option<&[u8]> {
            None
        }
    }

    #[test]
    fn a_base_with_changes_on_top() {
        let base = TestBase(vec![
            article("a.md", "---\nid: 1\nurl: /a\nsubject: Nursing\n---\n"),
            article("b.md", "---\nid: 2\nurl: /b\nsubject: nursing\n---\n"),
            article("c.md", "---\nid: 3\nurl: /c\nsubject: Nursing\n---\n"),
        ]);
        let mut index = Index::with_base(Arc::new(base));
        assert_eq!(index.len(), 3);
        assert_eq!(index.with_id(2).count(), 1);
        assert_eq!(
            index.subject_spellings("x", "nursing"),
            vec![("Nursing".to_string(), 2), ("nursing".to_string(), 1)]
        );
        // b changes its id and subject; c goes; d comes.
        index.upsert(
            key("b.md"),
            article("b.md", "---\nid: 4\nurl: /b\nsubject: Nursing\n---\n"),
        );
        index.remove(key("c.md"));
        index.upsert(key("d.md"), article("d.md", "---\nid: 1\nurl: /d\n---\n"));
        assert_eq!(index.len(), 3);
        assert_eq!(index.with_id(2).count(), 0);
        assert_eq!(index.with_id(4).count(), 1);
        assert_eq!(index.with_url("/c").count(), 0);
        let ones: Vec<_> = index.with_id(1).map(|a| a.path.clone()).collect();
        assert_eq!(ones, vec![PathBuf::from("a.md"), PathBuf::from("d.md")]);
        assert_eq!(
            index.subject_spellings("x", "nursing"),
            vec![("Nursing".to_string(), 2)]
        );
        assert!(index.get(key("c.md")).is_none());
        assert_eq!(
            index.get(key("b.md")).unwrap().id.as_ref().unwrap().value,
            4
        );
    }

    #[test]
    fn a_subject_counts_as_changed_only_when_its_spelling_does() {
        let provides = |text: &str| article("a.md", text).provides();
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
    fn paths_sort_component_by_component() {
        let mut paths = vec!["a-b/x", "a/y", "a/b/c", "a", "b"];
        paths.sort_by(|a, b| path_order(Path::new(a), Path::new(b)));
        assert_eq!(paths, vec!["a", "a/b/c", "a/y", "a-b/x", "b"]);
    }

    #[test]
    fn dependents_are_the_articles_that_looked_a_key_up() {
        let mut index = Index::new(vec![
            article("a.md", "---\nid: 1\n---\n"),
            article("b.md", "---\nid: 2\n---\n"),
        ]);
        index.set_reads(key("b.md"), Path::new("b.md"), vec![Key::Id(1).hash()]);
        let a = index.get(key("a.md")).unwrap().provides();
        let changed = Provides::changed(Some(&a), None);
        assert_eq!(index.dependents(&changed), vec![Path::new("b.md")]);
        assert!(index.dependents(&[Key::Id(9).hash()]).is_empty());
    }
}
