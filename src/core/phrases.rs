//! Phrase rules from the configuration (`[[phrases]]`): words or patterns a site does not want
//! in some fields, found in one pass per field.
//!
//! Every literal phrase of every rule goes into one Aho-Corasick automaton (one for the phrases
//! matched ignoring ASCII case, searched for in lower case in an ASCII-lower-cased copy of the
//! text, which keeps every offset and lets the automaton's vectorised prefilter skip ahead;
//! one for those matched exactly), and every pattern into one multi-pattern regex: a field is scanned once by each, and each match says which phrase or
//! pattern it is. Searches are leftmost-longest (phrases) and leftmost-first (patterns) and
//! never report two matches over the same bytes, so that the automata can skip ahead with
//! their prefilters: where two entries' phrases overlap, the longer one is reported. Phrases
//! with non-ASCII letters matched ignoring case become patterns, because the automaton folds
//! ASCII case only.

use std::hash::{Hash, Hasher};
use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex_automata::meta::Regex;
use regex_automata::{Anchored, Input};
use regex_syntax::hir::Look;

use super::diagnostic::{Applicability, Severity};

/// The fields a phrase rule applies to when it names none.
pub const DEFAULT_FIELDS: &[&str] = &["question", "answer", "title", "article_title"];

/// One `[[phrases]]` entry, as the configuration gives it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PhraseRule {
    /// Its name (kebab-case), shown with every match.
    pub name: String,
    /// What it looks for.
    pub find: Find,
    /// The fields it applies to (dotted paths into the front matter: `seo.page_description`).
    pub fields: Vec<String>,
    /// What a match means, in the reader's words.
    pub message: String,
    /// Its severity.
    pub severity: Severity,
    /// What to write instead of each match, if anything.
    pub replacement: Option<String>,
    /// How `--fix` treats the replacement.
    pub applicability: Applicability,
    /// Whether case matters.
    pub case_sensitive: bool,
    /// Whether a match must not begin or end inside a word.
    pub word_bounded: bool,
}

/// What a phrase rule looks for.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Find {
    /// Any of these phrases, literally.
    Words(Vec<String>),
    /// This regular expression (Rust `regex` syntax).
    Pattern(String),
}

/// One place a phrase rule matched, in the text it was given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    /// The rule's position in [`Phrases::rules`].
    pub rule: usize,
    /// The bytes matched.
    pub range: Range<usize>,
}

/// Every phrase rule, compiled.
#[derive(Debug, Default)]
pub struct Phrases {
    rules: Vec<PhraseRule>,
    /// Literal phrases matched ignoring ASCII case (written in lower case, searched for in
    /// lower-cased text), and the rule of each.
    folded: Option<(AhoCorasick, Vec<usize>)>,
    /// Literal phrases matched exactly, and the rule of each.
    exact: Option<(AhoCorasick, Vec<usize>)>,
    /// Patterns (and the phrases that became patterns), and the rule of each.
    patterns: Option<(Regex, Vec<usize>)>,
    /// Patterns every match of which starts a line (`(?m)^…`, `\A…`), and the rule of
    /// each: tried only where lines start, instead of at every byte.
    line_patterns: Option<(Regex, Vec<usize>)>,
}

impl PartialEq for Phrases {
    fn eq(&self, other: &Self) -> bool {
        self.rules == other.rules
    }
}

impl Eq for Phrases {}

impl Hash for Phrases {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.rules.hash(state);
    }
}

/// Why a pattern cannot be compiled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternError {
    /// Which rule.
    pub rule: usize,
    /// What the regex parser says.
    pub message: String,
    /// The bytes of the pattern it is about, when the parser says.
    pub span: Option<Range<usize>>,
}

impl Phrases {
    /// Compiles `rules`; the first rule whose pattern does not compile is an error.
    pub fn new(rules: Vec<PhraseRule>) -> Result<Self, PatternError> {
        let mut folded: (Vec<String>, Vec<usize>) = Default::default();
        let mut exact: (Vec<String>, Vec<usize>) = Default::default();
        let mut patterns: Vec<(String, usize)> = Vec::new();
        let mut line_patterns: Vec<(String, usize)> = Vec::new();
        for (at, rule) in rules.iter().enumerate() {
            let flags = if rule.case_sensitive { "" } else { "(?i)" };
            match &rule.find {
                Find::Words(words) => {
                    for word in words.iter().filter(|w| !w.is_empty()) {
                        if rule.case_sensitive {
                            exact.0.push(word.clone());
                            exact.1.push(at);
                        } else if word.is_ascii() {
                            folded.0.push(word.to_ascii_lowercase());
                            folded.1.push(at);
                        } else {
                            patterns.push((format!("{flags}{}", regex_syntax::escape(word)), at));
                        }
                    }
                }
                Find::Pattern(pattern) => {
                    // Parsed alone first, so that the error names its rule and its bytes.
                    let parsed = regex_syntax::Parser::new().parse(pattern);
                    if let Ok(hir) = &parsed {
                        let prefix = hir.properties().look_set_prefix();
                        if prefix.contains(Look::StartLF) || prefix.contains(Look::Start) {
                            line_patterns.push((format!("{flags}(?:{pattern})"), at));
                            continue;
                        }
                    }
                    if let Err(e) = parsed {
                        let (message, span) = match &e {
                            regex_syntax::Error::Parse(e) => (e.kind().to_string(), *e.span()),
                            regex_syntax::Error::Translate(e) => (e.kind().to_string(), *e.span()),
                            other => (
                                other.to_string(),
                                regex_syntax::ast::Span::splat(regex_syntax::ast::Position::new(
                                    0, 1, 1,
                                )),
                            ),
                        };
                        return Err(PatternError {
                            rule: at,
                            message,
                            span: Some(span.start.offset..span.end.offset),
                        });
                    }
                    patterns.push((format!("{flags}(?:{pattern})"), at));
                }
            }
        }
        let automaton = |(words, owners): (Vec<String>, Vec<usize>)| {
            (!words.is_empty()).then(|| {
                let automaton = AhoCorasickBuilder::new()
                    .match_kind(MatchKind::LeftmostLongest)
                    .build(&words)
                    .expect("literal phrases always compile");
                (automaton, owners)
            })
        };
        let compile = |patterns: Vec<(String, usize)>| -> Result<_, PatternError> {
            if patterns.is_empty() {
                return Ok(None);
            }
            let regex = Regex::new_many(&patterns.iter().map(|(p, _)| p).collect::<Vec<_>>())
                .map_err(|e| PatternError {
                    rule: e
                        .pattern()
                        .map_or(patterns[0].1, |p| patterns[p.as_usize()].1),
                    message: e.to_string(),
                    span: None,
                })?;
            Ok(Some((
                regex,
                patterns.into_iter().map(|(_, at)| at).collect(),
            )))
        };
        Ok(Self {
            folded: automaton(folded),
            exact: automaton(exact),
            patterns: compile(patterns)?,
            line_patterns: compile(line_patterns)?,
            rules,
        })
    }

    /// The rules, in the order the configuration gives them.
    pub fn rules(&self) -> &[PhraseRule] {
        &self.rules
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// Every field some rule applies to, each once.
    pub fn fields(&self) -> Vec<&str> {
        let mut fields: Vec<&str> = Vec::new();
        for field in self.rules.iter().flat_map(|r| &r.fields) {
            if !fields.contains(&field.as_str()) {
                fields.push(field);
            }
        }
        fields
    }

    /// The most serious severity of any rule (`None` when there are none).
    pub fn max_severity(&self) -> Option<Severity> {
        self.rules.iter().map(|r| r.severity).max()
    }

    /// Every match in `text`, the value of the field `field`, of the rules that apply to it,
    /// in order of position.
    pub fn find(&self, field: &str, text: &str) -> Vec<Match> {
        let applies = |rule: usize| self.rules[rule].fields.iter().any(|f| f == field);
        let mut found: Vec<Match> = Vec::new();
        let mut keep = |rule: usize, range: Range<usize>| {
            if applies(rule) && (!self.rules[rule].word_bounded || word_bounded(text, &range)) {
                found.push(Match { rule, range });
            }
        };
        if let Some((automaton, owners)) = &self.folded {
            let lower = text.to_ascii_lowercase();
            for m in automaton.find_iter(&lower) {
                keep(owners[m.pattern().as_usize()], m.range());
            }
        }
        if let Some((automaton, owners)) = &self.exact {
            for m in automaton.find_iter(text) {
                keep(owners[m.pattern().as_usize()], m.range());
            }
        }
        if let Some((regex, owners)) = &self.patterns {
            for m in regex.find_iter(text).filter(|m| !m.is_empty()) {
                keep(owners[m.pattern().as_usize()], m.range());
            }
        }
        if let Some((regex, owners)) = &self.line_patterns {
            // An anchored search at each line start: most lines fail in a few bytes.
            let mut start = 0;
            loop {
                let input = Input::new(text).range(start..).anchored(Anchored::Yes);
                let mut next =
                    memchr::memchr(b'\n', &text.as_bytes()[start..]).map(|i| start + i + 1);
                if let Some(m) = regex.search(&input).filter(|m| !m.is_empty()) {
                    keep(owners[m.pattern().as_usize()], m.range());
                    // A match that runs over line starts: the next try is after it.
                    while let Some(at) = next.filter(|&at| at < m.end()) {
                        next = memchr::memchr(b'\n', &text.as_bytes()[at..]).map(|i| at + i + 1);
                    }
                }
                match next {
                    Some(at) if at <= text.len() => start = at,
                    _ => break,
                }
            }
        }
        found.sort_by_key(|m| (m.range.start, std::cmp::Reverse(m.range.end), m.rule));
        // One rule's phrases that overlap ("the gathered information" and "gathered
        // information") are one finding: the first and longest.
        let mut last_end: Vec<usize> = vec![0; self.rules.len()];
        found.retain(|m| {
            let fresh = m.range.start >= last_end[m.rule];
            if fresh {
                last_end[m.rule] = m.range.end;
            }
            fresh
        });
        found
    }
}

/// Whether `range` of `text` neither begins nor ends inside a word: a letter, digit or `_`
/// at an edge of the match must not have another beside it.
fn word_bounded(text: &str, range: &Range<usize>) -> bool {
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    let inside = &text[range.clone()];
    let starts_word = inside.chars().next().is_some_and(is_word);
    let ends_word = inside.chars().next_back().is_some_and(is_word);
    let before = text[..range.start].chars().next_back().is_some_and(is_word);
    let after = text[range.end..].chars().next().is_some_and(is_word);
    !((starts_word && before) || (ends_word && after))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(name: &str, find: Find) -> PhraseRule {
        PhraseRule {
            name: name.to_string(),
            find,
            fields: DEFAULT_FIELDS.iter().map(|f| f.to_string()).collect(),
            message: String::new(),
            severity: Severity::Warning,
            replacement: None,
            applicability: Applicability::Unsafe,
            case_sensitive: false,
            word_bounded: true,
        }
    }

    fn words(list: &[&str]) -> Find {
        Find::Words(list.iter().map(|w| w.to_string()).collect())
    }

    fn found(phrases: &Phrases, field: &str, text: &str) -> Vec<(usize, String)> {
        phrases
            .find(field, text)
            .into_iter()
            .map(|m| (m.rule, text[m.range].to_string()))
            .collect()
    }

    #[test]
    fn every_occurrence_ignoring_case_and_within_word_bounds() {
        let phrases = Phrases::new(vec![
            rule(
                "gathered",
                words(&["the gathered information", "gathered information"]),
            ),
            rule("certainly", words(&["Certainly!"])),
        ])
        .unwrap();
        let text = "Certainly! Based on THE gathered information, and the gathered informationally, \
                    regathered information: gathered information.";
        assert_eq!(
            found(&phrases, "answer", text),
            vec![
                (1, "Certainly!".to_string()),
                (0, "THE gathered information".to_string()),
                (0, "gathered information".to_string()),
            ]
        );
        // A field no rule names.
        assert!(found(&phrases, "subject", text).is_empty());
        // "Certainly!" ends with punctuation: a letter right after it is no word boundary
        // problem.
        assert_eq!(found(&phrases, "answer", "Certainly!Yes").len(), 1);
    }

    #[test]
    fn patterns_case_and_non_ascii_words() {
        let mut exact = rule("exact", words(&["DNA"]));
        exact.case_sensitive = true;
        let phrases = Phrases::new(vec![
            rule("tag", Find::Pattern(r"(?m)^[A-Z]{2,}$".to_string())),
            exact,
            rule("accent", words(&["Déjà vu"])),
        ])
        .unwrap();
        assert_eq!(
            found(&phrases, "answer", "dna and DNA\nOSCARS\nDÉJÀ VU, déjà vu"),
            vec![
                (1, "DNA".to_string()),
                (0, "OSCARS".to_string()),
                (2, "DÉJÀ VU".to_string()),
                (2, "déjà vu".to_string()),
            ]
        );
    }

    #[test]
    fn line_anchored_patterns_are_tried_where_lines_start() {
        let mut tag = rule("tag", Find::Pattern(r"(?m)^[A-Z]{3,}$".to_string()));
        tag.case_sensitive = true;
        let phrases = Phrases::new(vec![
            rule(
                "block",
                Find::Pattern(r"(?m)^BEGIN\n[^\n]*\nEND$".to_string()),
            ),
            tag,
            rule("opener", Find::Pattern(r"\A\s*certainly!".to_string())),
            rule("anywhere", Find::Pattern(r"x{3}".to_string())),
        ])
        .unwrap();
        assert!(phrases.line_patterns.is_some() && phrases.patterns.is_some());
        // A match over several lines is not tried again inside; the other patterns are.
        let text = "OSCARS\nnot OSCARS\nCertainly! no\nBEGIN\nxxx\nEND\nTAG\n";
        assert_eq!(
            found(&phrases, "answer", text),
            vec![
                (1, "OSCARS".to_string()),
                (0, "BEGIN\nxxx\nEND".to_string()),
                (3, "xxx".to_string()),
                (1, "TAG".to_string()),
            ]
        );
        assert_eq!(
            found(&phrases, "answer", "  Certainly! Yes."),
            vec![(2, "  Certainly!".to_string())]
        );
    }

    #[test]
    fn a_bad_pattern_names_its_rule() {
        let error = Phrases::new(vec![
            rule("fine", words(&["x"])),
            rule("broken", Find::Pattern("(unclosed".to_string())),
        ])
        .unwrap_err();
        assert_eq!(error.rule, 1);
        assert_eq!(error.message, "unclosed group");
        assert_eq!(error.span, Some(0..1));
    }
}
