//! The corpus index: every article under the content root, with lookups by id, url, title and
//! subject, updated one article at a time.
//!
//! The index keeps only summaries (see [`Article::summary`]): what an article says about
//! itself, never its text or its related references, so that its memory is the summaries'.
//! It also answers "which articles depend on this one": the cross-article rules record every
//! lookup they make as a dependency [`Key`], and an article whose id, url, title or subject
//! changes invalidates the diagnostics of every article that looked one of them up.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::path::{Path, PathBuf};

use rustc_hash::{FxHashMap, FxHashSet, FxHasher};

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
                h.update(normalize_title(title).as_bytes());
            }
            Key::Subject { folder, subject } => {
                h.update(b"s");
                h.update(folder.as_bytes());
                h.update(b"\0");
                h.update(normalize_title(subject).as_bytes());
            }
        }
        h.digest()
    }
}

/// The articles a lookup found: most keys belong to one article.
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

type Lookup<K> = HashMap<K, Slots, BuildHasherDefault<FxHasher>>;

/// Every article under the content root, with lookups by id, url, title and subject.
#[derive(Debug, Default)]
pub struct Index {
    slots: Vec<Option<Article>>,
    free: Vec<u32>,
    by_path: FxHashMap<PathBuf, u32>,
    by_id: Lookup<i64>,
    by_url: Lookup<u64>,
    by_title: Lookup<u64>,
    /// Per folder, how often each spelling of a subject occurs.
    subjects: FxHashMap<String, HashMap<String, usize>>,
    /// What the articles registered with [`Index::set_reads`] looked up.
    reads: FxHashMap<PathBuf, Vec<u64>>,
}

impl Index {
    /// Indexes `articles` (their related references are dropped).
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
        let slot = *self.by_path.get(path)?;
        self.slots[slot as usize].as_ref()
    }

    /// Every article, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = &Article> {
        self.slots.iter().flatten()
    }

    /// Adds `article`, or replaces the article at its path; returns the one it replaced.
    pub fn upsert(&mut self, mut article: Article) -> Option<Article> {
        let old = self.remove(&article.path.clone());
        article.related = Vec::new();
        let slot = match self.free.pop() {
            Some(slot) => slot,
            None => {
                self.slots.push(None);
                (self.slots.len() - 1) as u32
            }
        };
        self.by_path.insert(article.path.clone(), slot);
        if let Some(id) = &article.id {
            let key = id.value;
            self.link(Table::Id, key as u64, key, slot, &article.path);
        }
        if let Some(url) = &article.url {
            let key = Key::Url(&url.value).hash();
            self.link(Table::Url, key, 0, slot, &article.path);
        }
        if let Some(title) = &article.title {
            let key = Key::Title(&title.value).hash();
            self.link(Table::Title, key, 0, slot, &article.path);
        }
        if let (Some(subject), Some(folder)) = (&article.subject, article.folder()) {
            *self
                .subjects
                .entry(folder.to_string())
                .or_default()
                .entry(subject.value.clone())
                .or_default() += 1;
        }
        self.slots[slot as usize] = Some(article);
        old
    }

    /// Removes the article at `path`, returning it.
    pub fn remove(&mut self, path: &Path) -> Option<Article> {
        let slot = self.by_path.remove(path)?;
        let article = self.slots[slot as usize].take()?;
        if let Some(id) = &article.id {
            unlink(&mut self.by_id, id.value, slot);
        }
        if let Some(url) = &article.url {
            unlink(&mut self.by_url, Key::Url(&url.value).hash(), slot);
        }
        if let Some(title) = &article.title {
            unlink(&mut self.by_title, Key::Title(&title.value).hash(), slot);
        }
        if let (Some(subject), Some(folder)) = (&article.subject, article.folder())
            && let Some(spellings) = self.subjects.get_mut(folder)
            && let Some(count) = spellings.get_mut(&subject.value)
        {
            *count -= 1;
            if *count == 0 {
                spellings.remove(&subject.value);
            }
        }
        self.reads.remove(path);
        self.free.push(slot);
        Some(article)
    }

    /// Adds `slot` to a lookup table, keeping each key's articles sorted by path so that
    /// lookups give them in a stable order.
    fn link(&mut self, table: Table, key: u64, id: i64, slot: u32, path: &Path) {
        let slots = &self.slots;
        let position = |list: &[u32]| {
            list.partition_point(|&other| {
                slots[other as usize]
                    .as_ref()
                    .is_some_and(|a| a.path.as_path() < path)
            })
        };
        let insert = |entry: Option<&mut Slots>| -> Option<Slots> {
            match entry {
                None => Some(Slots::One(slot)),
                Some(existing) => {
                    let mut list = existing.as_slice().to_vec();
                    let at = position(&list);
                    list.insert(at, slot);
                    *existing = Slots::Many(list);
                    None
                }
            }
        };
        match table {
            Table::Id => {
                if let Some(new) = insert(self.by_id.get_mut(&id)) {
                    self.by_id.insert(id, new);
                }
            }
            Table::Url => {
                if let Some(new) = insert(self.by_url.get_mut(&key)) {
                    self.by_url.insert(key, new);
                }
            }
            Table::Title => {
                if let Some(new) = insert(self.by_title.get_mut(&key)) {
                    self.by_title.insert(key, new);
                }
            }
        }
    }

    /// The articles with id `id`, in path order.
    pub fn with_id(&self, id: i64) -> impl Iterator<Item = &Article> + use<'_> {
        self.lookup(self.by_id.get(&id))
            .filter(move |a| a.id.as_ref().is_some_and(|i| i.value == id))
    }

    /// The articles whose `url` is `url`, in path order.
    pub fn with_url<'a>(&'a self, url: &str) -> impl Iterator<Item = &'a Article> + use<'a> {
        let url = url.to_string();
        self.lookup(self.by_url.get(&Key::Url(&url).hash()))
            .filter(move |a| a.url.as_ref().is_some_and(|u| u.value == url))
    }

    /// The articles whose title reads `title` (ignoring case and spacing), in path order.
    pub fn with_title<'a>(&'a self, title: &str) -> impl Iterator<Item = &'a Article> + use<'a> {
        let wanted = normalize_title(title);
        self.lookup(self.by_title.get(&Key::Title(title).hash()))
            .filter(move |a| {
                a.title
                    .as_ref()
                    .is_some_and(|t| normalize_title(&t.value) == wanted)
            })
    }

    /// The spellings of `subject` in `folder` that differ from it at most in case and spacing,
    /// with how many articles use each: most used first, then alphabetically.
    pub fn subject_spellings(&self, folder: &str, subject: &str) -> Vec<(&str, usize)> {
        let key = normalize_title(subject);
        let mut found: Vec<(&str, usize)> = self
            .subjects
            .get(folder)
            .into_iter()
            .flatten()
            .filter(|(spelling, _)| normalize_title(spelling) == key)
            .map(|(spelling, n)| (spelling.as_str(), *n))
            .collect();
        found.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        found
    }

    fn lookup<'a>(&'a self, found: Option<&'a Slots>) -> impl Iterator<Item = &'a Article> {
        found
            .map(Slots::as_slice)
            .unwrap_or_default()
            .iter()
            .filter_map(move |&slot| self.slots[slot as usize].as_ref())
    }

    /// Records what the article at `path` looked up when its cross-article rules last ran.
    pub fn set_reads(&mut self, path: &Path, reads: Vec<u64>) {
        if self.by_path.contains_key(path) {
            self.reads.insert(path.to_path_buf(), reads);
        }
    }

    /// The articles registered with [`Index::set_reads`] that looked up any of `keys` (the
    /// keys an article provided before and after a change, see [`Article::provides`]), in
    /// path order.
    pub fn dependents(&self, keys: &[u64]) -> Vec<&Path> {
        let keys: FxHashSet<u64> = keys.iter().copied().collect();
        let mut found: Vec<&Path> = self
            .reads
            .iter()
            .filter(|(_, reads)| reads.iter().any(|r| keys.contains(r)))
            .map(|(path, _)| path.as_path())
            .collect();
        found.sort();
        found
    }
}

#[derive(Clone, Copy)]
enum Table {
    Id,
    Url,
    Title,
}

fn unlink<K: std::hash::Hash + Eq>(table: &mut Lookup<K>, key: K, slot: u32) {
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
