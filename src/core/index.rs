//! The corpus index: every article under the content root, with lookups by id, url, title and
//! subject, updated one article at a time.
//!
//! The index keeps only summaries (see [`Article::into_summary`]): what an article says about
//! itself, never its text or its related references. A summary may also come encoded (from a
//! cache): it is decoded the first time a lookup needs it, so that an index of a whole site
//! costs little until it is used.
//!
//! Every lookup is by a dependency [`Key`]: the index files each article under the keys it
//! provides (its id, url, title and subject). That also answers "which articles depend on
//! this one": the cross-article rules record the keys they look up, and an article whose id,
//! url, title or subject changes invalidates the results of every article that looked one of
//! them up.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use rustc_hash::{FxHashMap, FxHashSet};

use super::article::Article;

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
    /// The key as a 64-bit hash, stable across runs and platforms (the cache stores it).
    pub fn hash(&self) -> u64 {
        use xxhash_rust::xxh3::Xxh3;
        let mut h = Xxh3::new();
        match self {
            Key::Id(id) => {
                h.update(b"i");
                h.update(&id.to_le_bytes());
            }
            Key::Url(url) => {
                h.update(b"u");
                h.update(url.as_bytes());
            }
            Key::Title(title) => {
                h.update(b"t");
                hash_normalized(&mut h, title);
            }
            Key::Subject { folder, subject } => {
                h.update(b"s");
                h.update(folder.as_bytes());
                h.update(b"\0");
                hash_normalized(&mut h, subject);
            }
        }
        h.digest()
    }
}

/// Feeds `text` as [`normalize_title`] would write it to `h`, without building the string.
fn hash_normalized(h: &mut xxhash_rust::xxh3::Xxh3, text: &str) {
    let mut buffer = [0u8; 256];
    let mut len = 0;
    let mut first = true;
    for word in text.split_whitespace() {
        let mut push = |c: char, len: &mut usize| {
            if *len + 4 > buffer.len() {
                h.update(&buffer[..*len]);
                *len = 0;
            }
            *len += c.encode_utf8(&mut buffer[*len..]).len();
        };
        if !first {
            push(' ', &mut len);
        }
        first = false;
        for c in word.chars() {
            if c.is_ascii() {
                push(c.to_ascii_lowercase(), &mut len);
            } else {
                for lower in c.to_lowercase() {
                    push(lower, &mut len);
                }
            }
        }
    }
    h.update(&buffer[..len]);
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

/// A summary in postcard's encoding: a range of shared bytes (a cache file).
#[derive(Clone)]
pub struct Encoded {
    bytes: Arc<dyn AsRef<[u8]> + Send + Sync>,
    range: std::ops::Range<usize>,
}

impl Encoded {
    /// The summary encoded at `range` of `bytes` (an `Option<Article>` in postcard).
    pub fn new(bytes: Arc<dyn AsRef<[u8]> + Send + Sync>, range: std::ops::Range<usize>) -> Self {
        Self { bytes, range }
    }

    fn decode(&self) -> Option<Article> {
        let bytes = (*self.bytes).as_ref().get(self.range.clone())?;
        postcard::from_bytes::<Option<Article>>(bytes)
            .ok()
            .flatten()
    }
}

impl std::fmt::Debug for Encoded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Encoded({} bytes)", self.range.len())
    }
}

/// One indexed article.
#[derive(Debug)]
struct Entry {
    /// The file, as shown.
    path: PathBuf,
    /// The keys it is filed under.
    keys: Box<[u64]>,
    /// Its subject's key (folder and subject) and spelling, counted apart.
    subject: Option<(u64, Box<str>)>,
    /// The summary, decoded on first use when it came encoded.
    article: OnceLock<Option<Article>>,
    encoded: Option<(Encoded, Option<String>)>,
}

impl Entry {
    fn article(&self) -> Option<&Article> {
        self.article
            .get_or_init(|| {
                let (encoded, folder) = self.encoded.as_ref()?;
                let article = encoded.decode()?;
                Some(article.located(self.path.clone(), folder.clone()))
            })
            .as_ref()
    }
}

/// Every article under the content root, with lookups by id, url, title and subject.
#[derive(Debug, Default)]
pub struct Index {
    entries: Vec<Option<Entry>>,
    free: Vec<u32>,
    /// By [`path_key`] of the shown path.
    by_path: FxHashMap<u64, u32>,
    /// By dependency key (ids, urls, titles).
    by_key: FxHashMap<u64, Slots>,
    /// By subject key (folder and subject), how many articles spell it each way.
    subjects: FxHashMap<u64, Vec<(Box<str>, usize)>>,
    /// What the articles registered with [`Index::set_reads`] looked up, by [`path_key`].
    reads: FxHashMap<u64, (PathBuf, Vec<u64>)>,
}

impl Index {
    /// Indexes `articles` (see [`Article::into_summary`] for what is kept).
    pub fn new(articles: impl IntoIterator<Item = Article>) -> Self {
        let mut index = Self::default();
        for article in articles {
            index.upsert(article);
        }
        index
    }

    /// How many articles the index holds.
    pub fn len(&self) -> usize {
        self.by_path.len()
    }

    /// Whether the index is empty.
    pub fn is_empty(&self) -> bool {
        self.by_path.is_empty()
    }

    /// The article at `path`.
    pub fn get(&self, path: &Path) -> Option<&Article> {
        let slot = *self.by_path.get(&path_key(path))?;
        let entry = self.entries[slot as usize].as_ref()?;
        (entry.path == path).then(|| entry.article()).flatten()
    }

    /// The summary at `path` in postcard's encoding (an `Option<Article>`), as the cache
    /// keeps it: the bytes it came with, or freshly encoded.
    pub fn encoded(&self, path: &Path) -> Option<std::borrow::Cow<'_, [u8]>> {
        let slot = *self.by_path.get(&path_key(path))?;
        let entry = self.entries[slot as usize].as_ref()?;
        if entry.path != path {
            return None;
        }
        match (&entry.encoded, entry.article.get()) {
            (Some((encoded, _)), _) => {
                let bytes = (*encoded.bytes).as_ref().get(encoded.range.clone())?;
                Some(std::borrow::Cow::Borrowed(bytes))
            }
            (None, Some(article)) => postcard::to_stdvec(article)
                .ok()
                .map(std::borrow::Cow::Owned),
            (None, None) => None,
        }
    }

    /// Every article, in no particular order (decoding those that came encoded).
    pub fn iter(&self) -> impl Iterator<Item = &Article> {
        self.entries.iter().flatten().filter_map(Entry::article)
    }

    /// Adds `article`, or replaces the article at its path.
    pub fn upsert(&mut self, article: Article) {
        let path = article.path.clone();
        let keys = article.provides().into();
        let subject = article.subject.as_ref().map(|s| s.value.as_str());
        let subject = subject_key(article.folder(), subject);
        let article = article.into_summary();
        self.insert(Entry {
            path,
            keys,
            subject,
            article: OnceLock::from(Some(article)),
            encoded: None,
        });
    }

    /// Adds an article that is still encoded (an `Option<Article>` in postcard, as the cache
    /// keeps it), filed under `keys` (what [`Article::provides`] gave for it) and with the
    /// subject spelt `subject`, or replaces the article at `path`. It is decoded, and placed
    /// at `path` in `folder`, when first looked up.
    pub fn upsert_encoded(
        &mut self,
        path: PathBuf,
        folder: Option<String>,
        keys: Box<[u64]>,
        subject: Option<&str>,
        encoded: Encoded,
    ) {
        let subject = subject_key(folder.as_deref(), subject);
        self.insert(Entry {
            path,
            keys,
            subject,
            article: OnceLock::new(),
            encoded: Some((encoded, folder)),
        });
    }

    fn insert(&mut self, entry: Entry) {
        self.remove(&entry.path);
        let slot = match self.free.pop() {
            Some(slot) => slot,
            None => {
                self.entries.push(None);
                (self.entries.len() - 1) as u32
            }
        };
        self.by_path.insert(path_key(&entry.path), slot);
        for &key in entry.keys.iter() {
            if entry
                .subject
                .as_ref()
                .is_none_or(|(subject, _)| *subject != key)
            {
                self.link(key, slot, &entry.path);
            }
        }
        if let Some((key, spelling)) = &entry.subject {
            let spellings = self.subjects.entry(*key).or_default();
            match spellings.iter_mut().find(|(s, _)| s == spelling) {
                Some((_, count)) => *count += 1,
                None => spellings.push((spelling.clone(), 1)),
            }
        }
        self.entries[slot as usize] = Some(entry);
    }

    /// Removes the article at `path`; whether there was one.
    pub fn remove(&mut self, path: &Path) -> bool {
        let Some(slot) = self.by_path.remove(&path_key(path)) else {
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
        self.reads.remove(&path_key(path));
        self.free.push(slot);
        true
    }

    /// Files `slot` under `key`, keeping each key's articles in path order so that lookups
    /// give them in a stable order.
    fn link(&mut self, key: u64, slot: u32, path: &Path) {
        let entries = &self.entries;
        let before = |other: &u32| {
            entries[*other as usize]
                .as_ref()
                .is_some_and(|e| path_order(&e.path, path).is_lt())
        };
        match self.by_key.get_mut(&key) {
            None => {
                self.by_key.insert(key, Slots::One(slot));
            }
            Some(Slots::Many(list)) => {
                // Articles mostly come in path order: try the end first.
                let at = match list.last() {
                    Some(last) if before(last) => list.len(),
                    _ => list.partition_point(before),
                };
                list.insert(at, slot);
            }
            Some(existing) => {
                let mut list = existing.as_slice().to_vec();
                let at = list.partition_point(before);
                list.insert(at, slot);
                *existing = Slots::Many(list);
            }
        }
    }

    /// The articles filed under `key`, in path order.
    fn lookup(&self, key: u64) -> impl Iterator<Item = &Article> {
        self.by_key
            .get(&key)
            .map(Slots::as_slice)
            .unwrap_or_default()
            .iter()
            .filter_map(move |&slot| self.entries[slot as usize].as_ref()?.article())
    }

    /// The articles with id `id`, in path order.
    pub fn with_id(&self, id: i64) -> impl Iterator<Item = &Article> + use<'_> {
        self.lookup(Key::Id(id).hash())
            .filter(move |a| a.id.as_ref().is_some_and(|i| i.value == id))
    }

    /// The articles whose `url` is `url`, in path order.
    pub fn with_url<'a>(&'a self, url: &str) -> impl Iterator<Item = &'a Article> + use<'a> {
        let url = url.to_string();
        self.lookup(Key::Url(&url).hash())
            .filter(move |a| a.url.as_ref().is_some_and(|u| u.value == url))
    }

    /// The articles whose title reads `title` (ignoring case and spacing), in path order.
    pub fn with_title<'a>(&'a self, title: &str) -> impl Iterator<Item = &'a Article> + use<'a> {
        let wanted = normalize_title(title);
        self.lookup(Key::Title(title).hash()).filter(move |a| {
            a.title
                .as_ref()
                .is_some_and(|t| normalize_title(&t.value) == wanted)
        })
    }

    /// The spellings of `subject` in `folder` that differ from it at most in case and spacing,
    /// with how many articles use each: most used first, then alphabetically.
    pub fn subject_spellings(&self, folder: &str, subject: &str) -> Vec<(&str, usize)> {
        let wanted = normalize_title(subject);
        let mut found: Vec<(&str, usize)> = self
            .subjects
            .get(&Key::Subject { folder, subject }.hash())
            .into_iter()
            .flatten()
            .filter(|(spelling, _)| normalize_title(spelling) == wanted)
            .map(|(spelling, n)| (&**spelling, *n))
            .collect();
        found.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        found
    }

    /// Records what the article at `path` looked up when its cross-article rules last ran.
    pub fn set_reads(&mut self, path: &Path, reads: Vec<u64>) {
        let key = path_key(path);
        if self.by_path.contains_key(&key) {
            self.reads.insert(key, (path.to_path_buf(), reads));
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

/// The key an article's subject is counted under, with its spelling.
fn subject_key(folder: Option<&str>, subject: Option<&str>) -> Option<(u64, Box<str>)> {
    let (folder, subject) = (folder?, subject?);
    Some((Key::Subject { folder, subject }.hash(), subject.into()))
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
            if let [only] = list.as_slice() {
                *entry = Slots::One(*only);
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

    #[test]
    fn lookups() {
        let a = article("a.md", "---\nid: 1\ntitle: Same  Title\nurl: /u/a\n---\n");
        let b = article("b.md", "---\nid: 1\ntitle: same title\nurl: /u/b\n---\n");
        let index = Index::new(vec![b, a]);
        assert_eq!(index.with_id(1).count(), 2);
        assert_eq!(index.with_id(1).next().unwrap().path, Path::new("a.md"));
        assert_eq!(index.with_url("/u/b").count(), 1);
        assert_eq!(index.with_title("SAME TITLE").count(), 2);
        assert_eq!(index.len(), 2);
    }

    #[test]
    fn updates_one_article_at_a_time() {
        let mut index = Index::new(vec![
            article("a.md", "---\nid: 1\nurl: /a\nsubject: Nursing\n---\n"),
            article("b.md", "---\nid: 2\nurl: /b\nsubject: nursing\n---\n"),
        ]);
        assert_eq!(index.subject_spellings("x", "NURSING").len(), 2);
        let old = index
            .upsert(article(
                "a.md",
                "---\nid: 3\nurl: /b\nsubject: nursing\n---\n",
            ))
            .unwrap();
        assert_eq!(old.id.unwrap().value, 1);
        assert_eq!(index.with_id(1).count(), 0);
        assert_eq!(index.with_id(3).count(), 1);
        assert_eq!(index.with_url("/b").count(), 2);
        assert_eq!(index.with_url("/a").count(), 0);
        assert_eq!(
            index.subject_spellings("x", "nursing"),
            vec![("nursing", 2)]
        );
        index.remove(Path::new("b.md"));
        assert_eq!(index.with_url("/b").count(), 1);
        assert_eq!(index.len(), 1);
        // The freed slot is reused.
        index.upsert(article("c.md", "---\nid: 3\n---\n"));
        let ids: Vec<_> = index.with_id(3).map(|a| a.path.clone()).collect();
        assert_eq!(ids, vec![PathBuf::from("a.md"), PathBuf::from("c.md")]);
    }

    #[test]
    fn encoded_summaries_are_decoded_when_looked_up() {
        let a = article("a.md", "---\nid: 1\nurl: /a\ntitle: T\n---\n");
        let keys: Box<[u64]> = a.provides().into();
        let bytes = postcard::to_stdvec(&Some(a.clone().into_summary())).unwrap();
        let len = bytes.len();
        let mut index = Index::default();
        index.upsert_encoded(
            PathBuf::from("a.md"),
            Some("x".into()),
            keys,
            None,
            Encoded::new(Arc::new(bytes), 0..len),
        );
        let found: Vec<&Article> = index.with_url("/a").collect();
        assert_eq!(found, vec![&a.clone().into_summary()]);
        assert_eq!(index.with_title("t").count(), 1);
        assert_eq!(index.subject_spellings("x", "nothing"), vec![]);
        assert!(index.remove(Path::new("a.md")));
        assert_eq!(index.with_id(1).count(), 0);
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
        index.set_reads(Path::new("b.md"), vec![Key::Id(1).hash()]);
        let a = index.get(Path::new("a.md")).unwrap().provides();
        assert_eq!(index.dependents(&a), vec![Path::new("b.md")]);
        assert!(index.dependents(&[Key::Id(9).hash()]).is_empty());
    }
}
