//! The rule registry: every rule declared once, with its typed id, metadata, documentation and
//! dispatch.
//!
//! A rule is one file in this folder. Its `//!` doc comment is its documentation, in the shape
//! ruff uses (What it does / Why is this bad? / Example / Use instead), and `contentlint rule
//! NAME` prints it. The file declares the rule with [`rule!`] (name, default severity, summary)
//! and implements one of two traits: [`FileRule`] (sees one parsed article) or [`CorpusRule`]
//! (sees one article and the index of every article). A few rules are reported by the engine
//! itself while it reads and parses a file (`io-error`, `yaml-syntax`, ...); their files only
//! build the diagnostic. Adding a rule is one file and one line in [`registry!`] below.

use std::cell::{OnceCell, RefCell};
use std::fmt;
use std::path::Path;

use serde::{Deserialize, Serialize};
use smallvec::SmallVec;

use super::article::{Article, Field};
use super::diagnostic::{Diagnostic, Note, Severity};
use super::document::Document;
use super::index::{self, Index, Key};
use super::render::Rendered;
use super::schema::Schema;
use super::settings::Settings;
pub use super::summary::Summary;

/// A rule's identity and metadata, implemented by [`rule!`].
pub trait Rule {
    /// The typed id.
    const ID: RuleId;
    /// Kebab-case name, stable forever.
    const NAME: &'static str;
    /// Severity unless configured otherwise.
    const SEVERITY: Severity;
    /// Which fixes it offers.
    const FIX: Fixability;
    /// One line saying what it reports.
    const SUMMARY: &'static str;
    /// Whether it runs unless configured otherwise.
    const ON_BY_DEFAULT: bool;
}

/// Which fixes a rule offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fixability {
    /// None.
    None,
    /// Safe fixes (`--fix`).
    Safe,
    /// Unsafe fixes (`--fix --unsafe-fixes`).
    Unsafe,
    /// A safe fix when it is certain, an unsafe one otherwise.
    SafeOrUnsafe,
}

impl Fixability {
    /// How `contentlint rules` shows it.
    pub fn label(self) -> &'static str {
        match self {
            Fixability::None => "-",
            Fixability::Safe => "safe",
            Fixability::Unsafe => "unsafe",
            Fixability::SafeOrUnsafe => "safe/unsafe",
        }
    }
}

/// A rule that looks at one article on its own.
pub trait FileRule: Rule {
    /// Reports what is wrong with the file in `ctx`.
    fn check(ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>);
}

/// A rule that compares one article with the others.
pub trait CorpusRule: Rule {
    /// Reports what is wrong with `ctx.article` given the index.
    fn check(ctx: &CorpusContext<'_>, out: &mut Vec<Diagnostic>);
}

/// How a rule runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Reported by the engine while it reads, parses and applies suppressions.
    Engine,
    /// A [`FileRule`].
    File,
    /// A [`CorpusRule`].
    Corpus,
}

/// Declares a rule in its file: the unit type that names it and its metadata. A last `off`
/// makes a rule that runs only when the configuration or the command line turns it on.
macro_rules! rule {
    ($Type:ident, $name:literal, $severity:ident, $fix:ident, $summary:literal) => {
        $crate::core::rules::rule!(@ $Type, $name, $severity, $fix, $summary, true);
    };
    ($Type:ident, $name:literal, $severity:ident, $fix:ident, $summary:literal, off) => {
        $crate::core::rules::rule!(@ $Type, $name, $severity, $fix, $summary, false);
    };
    (@ $Type:ident, $name:literal, $severity:ident, $fix:ident, $summary:literal, $on:literal) => {
        #[doc = concat!("The `", $name, "` rule: ", $summary, ".")]
        #[derive(Debug, Clone, Copy)]
        pub struct $Type;

        impl $crate::core::rules::Rule for $Type {
            const ID: $crate::core::rules::RuleId = $crate::core::rules::RuleId::$Type;
            const NAME: &'static str = $name;
            const SEVERITY: $crate::core::diagnostic::Severity =
                $crate::core::diagnostic::Severity::$severity;
            const FIX: $crate::core::rules::Fixability = $crate::core::rules::Fixability::$fix;
            const SUMMARY: &'static str = $summary;
            const ON_BY_DEFAULT: bool = $on;
        }
    };
}
pub(crate) use rule;

macro_rules! kind {
    (engine) => {
        Kind::Engine
    };
    (file) => {
        Kind::File
    };
    (corpus) => {
        Kind::Corpus
    };
}

macro_rules! run_file_rule {
    (file, $rule:ty, $ctx:expr, $enabled:expr, $out:expr) => {
        if $enabled.contains(<$rule as Rule>::ID) {
            <$rule as FileRule>::check($ctx, $out);
        }
    };
    ($other:ident, $rule:ty, $ctx:expr, $enabled:expr, $out:expr) => {};
}

macro_rules! run_corpus_rule {
    (corpus, $rule:ty, $ctx:expr, $enabled:expr, $out:expr) => {
        if $enabled.contains(<$rule as Rule>::ID) {
            <$rule as CorpusRule>::check($ctx, $out);
        }
    };
    ($other:ident, $rule:ty, $ctx:expr, $enabled:expr, $out:expr) => {};
}

/// Generates [`RuleId`], its metadata and the dispatch from one list of rules.
macro_rules! registry {
    ($($kind:ident $module:ident :: $Type:ident;)*) => {
        $(pub mod $module;)*
        $(pub use $module::$Type;)*

        /// Every rule, in the order `contentlint rules` lists them.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[repr(u8)]
        pub enum RuleId {
            $(
                #[doc = concat!("`", stringify!($module), "`")]
                $Type,
            )*
        }

        impl RuleId {
            /// Every rule, in registry order.
            pub const ALL: &'static [RuleId] = &[$(RuleId::$Type,)*];

            /// The rule's kebab-case name.
            pub const fn name(self) -> &'static str {
                match self { $(RuleId::$Type => <$Type as Rule>::NAME,)* }
            }

            /// Severity unless configured otherwise.
            pub const fn default_severity(self) -> Severity {
                match self { $(RuleId::$Type => <$Type as Rule>::SEVERITY,)* }
            }

            /// One line saying what it reports.
            pub const fn summary(self) -> &'static str {
                match self { $(RuleId::$Type => <$Type as Rule>::SUMMARY,)* }
            }

            /// Whether it runs unless configured otherwise.
            pub const fn on_by_default(self) -> bool {
                match self { $(RuleId::$Type => <$Type as Rule>::ON_BY_DEFAULT,)* }
            }

            /// Which fixes it offers.
            pub const fn fixability(self) -> Fixability {
                match self { $(RuleId::$Type => <$Type as Rule>::FIX,)* }
            }

            /// How it runs.
            pub const fn kind(self) -> Kind {
                match self { $(RuleId::$Type => kind!($kind),)* }
            }

            /// The rule's source file, whose leading `//!` comment is its documentation.
            const fn source(self) -> &'static str {
                match self {
                    $(RuleId::$Type => include_str!(concat!(stringify!($module), ".rs")),)*
                }
            }
        }

        /// Runs the enabled per-file rules.
        pub(crate) fn run_file_rules(
            ctx: &FileContext<'_>,
            enabled: RuleSet,
            out: &mut Vec<Diagnostic>,
        ) {
            $(run_file_rule!($kind, $Type, ctx, enabled, out);)*
        }

        /// Runs the enabled cross-article rules.
        pub(crate) fn run_corpus_rules(
            ctx: &CorpusContext<'_>,
            enabled: RuleSet,
            out: &mut Vec<Diagnostic>,
        ) {
            $(run_corpus_rule!($kind, $Type, ctx, enabled, out);)*
        }
    };
}

registry! {
    engine io_error::IoError;
    engine encoding::Encoding;
    engine front_matter_missing::FrontMatterMissing;
    engine front_matter_unclosed::FrontMatterUnclosed;
    engine yaml_syntax::YamlSyntax;
    engine duplicate_key::DuplicateKey;
    file schema::SchemaRule;
    file mojibake::Mojibake;
    file replacement_character::ReplacementCharacter;
    file control_character::ControlCharacter;
    file latex_newline_collision::LatexNewlineCollision;
    file math_render_error::MathRenderError;
    file math_delimiter_unsupported::MathDelimiterUnsupported;
    file currency_dollar_math::CurrencyDollarMath;
    file newline_in_code::NewlineInCode;
    file answer_truncated::AnswerTruncated;
    file non_answer::NonAnswer;
    file quoted_answer_leftover::QuotedAnswerLeftover;
    file phrase::Phrase;
    corpus related_unresolved::RelatedUnresolved;
    corpus related_stale_id::RelatedStaleId;
    corpus related_mismatch::RelatedMismatch;
    corpus related_noindex::RelatedNoindex;
    file related_self::RelatedSelf;
    file related_duplicate::RelatedDuplicate;
    corpus duplicate_id::DuplicateId;
    corpus duplicate_url::DuplicateUrl;
    corpus duplicate_question::DuplicateQuestion;
    corpus url_malformed::UrlMalformed;
    corpus url_mismatch::UrlMismatch;
    file file_name_mismatch::FileNameMismatch;
    file subject_folder_mismatch::SubjectFolderMismatch;
    corpus subject_inconsistent::SubjectInconsistent;
    file seo_title_mismatch::SeoTitleMismatch;
    file description_length::DescriptionLength;
    file title_mismatch::TitleMismatch;
    file slug_style::SlugStyle;
    engine unused_suppression::UnusedSuppression;
}

const _: () = assert!(RuleId::ALL.len() <= 64, "RuleSet holds at most 64 rules");

#[cfg(test)]
mod fixability_tests {
    use super::*;

    /// A rule's `## Fix` section says what its declared fixability says.
    #[test]
    fn the_docs_say_which_fixes_a_rule_offers() {
        for rule in RuleId::ALL {
            let doc = rule.doc();
            let first = doc.split("## Fix\n").nth(1).map(|s| {
                s.split_whitespace()
                    .next()
                    .unwrap_or("")
                    .trim_end_matches([',', ':'])
            });
            let expected = match rule.fixability() {
                Fixability::None => vec![None, Some("None")],
                Fixability::Safe => vec![Some("Safe")],
                Fixability::Unsafe => vec![Some("Unsafe")],
                Fixability::SafeOrUnsafe => vec![Some("Safe")],
            };
            assert!(
                expected.contains(&first),
                "{rule}: `## Fix` starts with {first:?}"
            );
        }
    }
}

impl RuleId {
    /// The rule called `name`.
    pub fn from_name(name: &str) -> Option<RuleId> {
        RuleId::ALL.iter().copied().find(|r| r.name() == name)
    }

    /// The rule's documentation, as Markdown.
    pub fn doc(self) -> String {
        let mut doc = String::new();
        for line in self.source().lines() {
            let Some(rest) = line.strip_prefix("//!") else {
                break;
            };
            doc.push_str(rest.strip_prefix(' ').unwrap_or(rest));
            doc.push('\n');
        }
        doc
    }

    /// Its level unless configured otherwise: its severity, or `None` for a rule that is off
    /// by default.
    pub fn default_level(self) -> Option<Severity> {
        self.on_by_default().then(|| self.default_severity())
    }

    /// The rule's position in [`RuleId::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

// Rules are written by name in every format, the cache included, so that a cache or a
// baseline never depends on the order of the registry.
impl Serialize for RuleId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for RuleId {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        RuleId::from_name(&name)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown rule `{name}`")))
    }
}

/// A set of rules.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct RuleSet(u64);

impl RuleSet {
    /// Every rule.
    pub fn all() -> Self {
        RuleId::ALL.iter().copied().collect()
    }

    /// Whether `rule` is in the set.
    pub fn contains(self, rule: RuleId) -> bool {
        self.0 & (1 << rule.index()) != 0
    }

    /// Adds `rule`.
    pub fn insert(&mut self, rule: RuleId) {
        self.0 |= 1 << rule.index();
    }

    /// Whether any rule of `rules` is in the set.
    pub fn any(self, rules: &[RuleId]) -> bool {
        rules.iter().any(|&r| self.contains(r))
    }

    /// The rules of the set, in registry order.
    pub fn iter(self) -> impl Iterator<Item = RuleId> {
        RuleId::ALL
            .iter()
            .copied()
            .filter(move |&r| self.contains(r))
    }
}

impl FromIterator<RuleId> for RuleSet {
    fn from_iter<I: IntoIterator<Item = RuleId>>(iter: I) -> Self {
        let mut set = RuleSet::default();
        for rule in iter {
            set.insert(rule);
        }
        set
    }
}

/// What a per-file rule sees: one article, parsed as far as it could be.
pub struct FileContext<'a> {
    /// The file, as shown to the user.
    pub path: &'a Path,
    /// The file's text.
    pub text: &'a str,
    /// The parsed front matter, when it could be read.
    pub doc: Option<&'a Document<'a>>,
    /// The article's summary (with its related references), when the front matter was read.
    pub article: Option<&'a Article>,
    /// Rule settings.
    pub settings: &'a Settings,
    /// The schema this article is validated against.
    pub schema: &'a Schema,
    /// The rules that run on this file.
    pub enabled: RuleSet,
    scan: OnceCell<Vec<Diagnostic>>,
    rendered: OnceCell<Vec<Rendered<'a>>>,
}

impl<'a> FileContext<'a> {
    /// A context for one file.
    pub fn new(
        path: &'a Path,
        text: &'a str,
        doc: Option<&'a Document<'a>>,
        article: Option<&'a Article>,
        settings: &'a Settings,
        schema: &'a Schema,
        enabled: RuleSet,
    ) -> Self {
        Self {
            path,
            text,
            doc,
            article,
            settings,
            schema,
            enabled,
            scan: OnceCell::new(),
            rendered: OnceCell::new(),
        }
    }

    /// What the one pass over the file's characters found (see [`super::textscan`]), for the
    /// rules that share it; it runs at most once per file.
    pub fn text_scan(&self) -> &[Diagnostic] {
        self.scan
            .get_or_init(|| super::textscan::check(self.text, self.enabled))
    }

    /// The article's Markdown fields as the page renders them, for the rules that check what
    /// readers see; rendered at most once per file.
    pub fn rendered(&self) -> &[Rendered<'a>] {
        self.rendered.get_or_init(|| match self.doc {
            Some(doc) => super::render::render(doc, &self.settings.render),
            None => Vec::new(),
        })
    }

    /// The text scan's diagnostics of rule `rule`.
    pub fn scanned(&self, rule: RuleId, out: &mut Vec<Diagnostic>) {
        out.extend(self.text_scan().iter().filter(|d| d.rule == rule).cloned());
    }
}

/// How many diagnostics of one character rule a file reports one by one: a file with
/// thousands of stray characters (a binary pasted in, a wrong encoding) gets these and one
/// more that counts the rest, so that no report grows without bound.
pub const MAX_EACH: usize = 100;

/// The diagnostic that stands for the `count` occurrences of `rule` after the first
/// [`MAX_EACH`]: on the first of them, saying where the last one ends.
pub fn more_like_this(
    rule: RuleId,
    first: std::ops::Range<usize>,
    count: usize,
    last_end: usize,
    help: &str,
) -> Diagnostic {
    Diagnostic::new(
        rule,
        first,
        format!(
            "{count} more like this in the file, up to byte {last_end} (only the first {MAX_EACH} are reported one by one)"
        ),
    )
    .with_label("the next one".to_string())
    .with_help(help.to_string())
}

/// What a cross-article rule sees: one article and the index. Every lookup is recorded, so
/// that the engine knows which other articles this one's diagnostics depend on.
pub struct CorpusContext<'a> {
    /// The article being checked.
    pub article: &'a Article,
    /// The article's text (empty when it was not kept).
    pub text: &'a str,
    /// Rule settings.
    pub settings: &'a Settings,
    index: &'a Index,
    reads: RefCell<Vec<u64>>,
    /// What was found by id and url so far: several rules look up the same related ids.
    found: RefCell<Vec<(u64, SmallVec<[Summary<'a>; 2]>)>>,
    /// The keys of the ids the article names (its own and its related articles'), of its
    /// url and of its question, hashed once for every rule that looks them up.
    ids: SmallVec<[(i64, u64); 8]>,
    url: Option<u64>,
    question: Option<u64>,
}

impl<'a> CorpusContext<'a> {
    /// A context for `article`, whose text is `text`, for the rules `enabled`. What the
    /// rules will look up by the article's own fields is requested from the index at once
    /// (see [`Index::prefetch`]).
    pub fn new(
        article: &'a Article,
        text: &'a str,
        index: &'a Index,
        settings: &'a Settings,
        enabled: RuleSet,
    ) -> Self {
        let wanted = |rules: &[RuleId]| rules.iter().any(|r| enabled.contains(*r));
        let mut ids = SmallVec::new();
        if wanted(&[RuleId::DuplicateId]) {
            ids.extend(
                article
                    .id
                    .as_ref()
                    .map(|f| (f.value, Key::Id(f.value).hash())),
            );
        }
        if wanted(&[
            RuleId::RelatedMismatch,
            RuleId::RelatedNoindex,
            RuleId::RelatedStaleId,
            RuleId::RelatedUnresolved,
        ]) {
            for id in article.related.iter().filter_map(|r| r.id.as_ref()) {
                if !ids.iter().any(|&(known, _)| known == id.value) {
                    ids.push((id.value, Key::Id(id.value).hash()));
                }
            }
        }
        let url = article
            .url
            .as_ref()
            .filter(|_| wanted(&[RuleId::DuplicateUrl]))
            .map(|url| Key::Url(&url.value).hash());
        let question = article
            .question
            .as_ref()
            .filter(|_| wanted(&[RuleId::DuplicateQuestion]))
            .map(|question| Key::Question(&question.value).hash());
        let keys: SmallVec<[u64; 10]> = ids
            .iter()
            .map(|&(_, key)| key)
            .chain(url)
            .chain(question)
            .collect();
        index.prefetch(&keys);
        Self {
            article,
            text,
            settings,
            index,
            reads: RefCell::new(Vec::new()),
            found: RefCell::new(Vec::new()),
            ids,
            url,
            question,
        }
    }

    /// The dependency keys of every lookup made so far (see [`index::Key`]).
    pub fn into_reads(self) -> Vec<u64> {
        let mut reads = self.reads.into_inner();
        reads.sort_unstable();
        reads.dedup();
        reads
    }

    fn read(&self, key: u64) {
        self.reads.borrow_mut().push(key);
    }

    /// What the lookup `look` finds under `key`, looked up once per article.
    fn found(
        &self,
        key: u64,
        look: impl FnOnce() -> SmallVec<[Summary<'a>; 2]>,
    ) -> SmallVec<[Summary<'a>; 2]> {
        if let Some((_, found)) = self.found.borrow().iter().find(|(k, _)| *k == key) {
            return found.clone();
        }
        self.read(key);
        let found = look();
        self.found.borrow_mut().push((key, found.clone()));
        found
    }

    /// The articles with id `id`.
    pub fn with_id(&self, id: i64) -> impl Iterator<Item = Summary<'a>> + use<'a> {
        let key = match self.ids.iter().find(|&&(known, _)| known == id) {
            Some(&(_, key)) => key,
            None => Key::Id(id).hash(),
        };
        self.found(key, || self.index.with_id_key(key, id))
            .into_iter()
    }

    /// The articles whose url is `url`.
    pub fn with_url(&self, url: &str) -> impl Iterator<Item = Summary<'a>> + use<'a> {
        let key = match (self.url, &self.article.url) {
            (Some(key), Some(own)) if own.value == url => key,
            _ => Key::Url(url).hash(),
        };
        self.found(key, || self.index.with_url_key(key, url))
            .into_iter()
    }

    /// How many other articles than this one (by id, else by path) ask `question` and are
    /// not marked `no_index`, and the first `limit` of them in path order; see
    /// [`Index::asking`].
    pub fn others_asking(&self, question: &str, limit: usize) -> (usize, Vec<Summary<'a>>) {
        let key = match (self.question, &self.article.question) {
            (Some(key), Some(own)) if own.value == question => key,
            _ => Key::Question(question).hash(),
        };
        self.read(key);
        let own = index::Asker {
            id: self.article.id.as_ref().map(|f| f.value),
            path: &self.article.path,
            canonical: self
                .article
                .canonical
                .as_deref()
                .and_then(super::summary::canonical_key),
        };
        self.index.others_asking_key(key, own, limit)
    }

    /// How many articles have the title `title` (ignoring case and spacing), and the article
    /// when there is exactly one.
    pub fn titled(&self, title: &str) -> (usize, Option<Summary<'a>>) {
        self.read(index::Key::Title(title).hash());
        self.index.titled(title)
    }

    /// The spellings of `subject` in `folder`; see [`Index::subject_spellings`].
    pub fn subject_spellings(&self, folder: &str, subject: &str) -> Vec<(String, usize)> {
        self.read(index::Key::Subject { folder, subject }.hash());
        self.index.subject_spellings(folder, subject)
    }
}

/// The diagnostic for a field value (`name`, shown as `value`, at `own`) that other articles
/// share, with a note for each of them; `None` when no other article has it.
fn shared_value<'a, T, U>(
    rule: RuleId,
    (name, value, own): (&str, &str, &Field<T>),
    others: impl Iterator<Item = (Summary<'a>, Option<Field<U>>)>,
    help: &str,
) -> Option<Diagnostic> {
    let notes: Vec<Note> = others
        .map(|(article, field)| Note {
            path: article.path().to_path_buf(),
            line: field.as_ref().map_or(1, |f| f.line),
            column: field.as_ref().map_or(1, |f| f.column),
            span: field.map_or(0..0, |f| f.span),
            message: format!("also has {name} {value}"),
        })
        .collect();
    let first = notes.first()?;
    let message = match notes.len() {
        1 => format!("{name} {value} is also used by {}", first.path.display()),
        n => format!("{name} {value} is also used by {n} other articles"),
    };
    let mut diagnostic = Diagnostic::new(rule, own.span.clone(), message)
        .with_label(format!("this {name} is not unique"))
        .with_help(help);
    for note in notes {
        diagnostic = diagnostic.with_note(note);
    }
    Some(diagnostic)
}

/// A table of every rule: name, default severity, the fixes it offers and summary.
pub fn table() -> String {
    let width = RuleId::ALL
        .iter()
        .map(|r| r.name().len())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for rule in RuleId::ALL {
        out.push_str(&format!(
            "{:width$}  {:7}  {:11}  {}{}\n",
            rule.name(),
            rule.default_severity().as_str(),
            rule.fixability().label(),
            rule.summary(),
            if rule.on_by_default() {
                ""
            } else {
                " (off by default)"
            }
        ));
    }
    out
}

/// The candidate closest to `name`, when one is close enough to be a likely misspelling.
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|candidate| (strsim::jaro_winkler(name, candidate), candidate))
        .filter(|(score, _)| *score >= 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| candidate)
}

/// The rule called `name`, or a message that says so and suggests the closest rule.
pub fn parse_name(name: &str) -> Result<RuleId, String> {
    RuleId::from_name(name).ok_or_else(|| unknown_rule_message(name))
}

/// "no rule named `x`", with a "did you mean" when a rule is close.
pub fn unknown_rule_message(name: &str) -> String {
    match closest(name, RuleId::ALL.iter().map(|r| r.name())) {
        Some(rule) => format!("no rule named `{name}`; did you mean `{rule}`?"),
        None => format!("no rule named `{name}`; `contentlint rules` lists them"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_is_documented_in_the_house_style() {
        let mut names = std::collections::HashSet::new();
        for &rule in RuleId::ALL {
            assert!(names.insert(rule.name()), "{} twice", rule.name());
            let doc = rule.doc();
            for heading in ["## What it does", "## Why is this bad?", "## Example"] {
                assert!(doc.contains(heading), "{} lacks {heading}", rule.name());
            }
            assert!(!rule.summary().ends_with('.'), "{}", rule.name());
            assert_eq!(RuleId::from_name(rule.name()), Some(rule));
        }
    }

    #[test]
    fn rule_sets() {
        let set: RuleSet = [RuleId::Mojibake, RuleId::SchemaRule].into_iter().collect();
        assert!(set.contains(RuleId::Mojibake));
        assert!(!set.contains(RuleId::IoError));
        assert_eq!(
            set.iter().collect::<Vec<_>>(),
            vec![RuleId::SchemaRule, RuleId::Mojibake]
        );
        assert_eq!(RuleSet::all().iter().count(), RuleId::ALL.len());
    }

    #[test]
    fn unknown_names_get_a_suggestion() {
        assert_eq!(
            parse_name("mojibak"),
            Err("no rule named `mojibak`; did you mean `mojibake`?".to_string())
        );
        assert_eq!(parse_name("mojibake"), Ok(RuleId::Mojibake));
    }
}
