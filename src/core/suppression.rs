//! Suppression comments: `# contentlint-disable-next-line RULE, RULE` and
//! `# contentlint-disable-file RULE` in the front matter (YAML comments), and the same as HTML
//! comments in the Markdown body (`<!-- contentlint-disable-next-line RULE -->`). Without a rule
//! name a comment suppresses every rule.
//!
//! A next-line comment covers the line after it; when that line starts a front-matter field,
//! it covers the field's whole value (a folded `answer` runs over several lines, and a comment
//! cannot stand inside it).

use std::ops::Range;

use super::diagnostic::{Diagnostic, Edit, Fix};
use super::document::Document;
use super::rules::{RuleId, RuleSet, unused_suppression};
use super::yaml::{Node, NodeKind};

const NEXT_LINE: &str = "contentlint-disable-next-line";
const FILE: &str = "contentlint-disable-file";

/// What a suppression covers.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Scope {
    /// Diagnostics that start in this byte range.
    Range(Range<usize>),
    /// The whole file.
    File,
}

/// A rule named in a suppression comment.
#[derive(Debug, Clone)]
struct Named {
    name: String,
    span: Range<usize>,
    rule: Option<RuleId>,
}

/// One suppression comment.
#[derive(Debug, Clone)]
struct Suppression {
    scope: Scope,
    /// The comment's whole line, for the fix that removes it.
    line: Range<usize>,
    /// The comment itself.
    comment: Range<usize>,
    /// The rules it names; empty for every rule.
    rules: Vec<Named>,
}

/// The suppression comments of one file.
#[derive(Debug, Clone, Default)]
pub struct Suppressions {
    list: Vec<Suppression>,
}

impl Suppressions {
    /// Finds the suppression comments of a file whose front matter was parsed as `doc`.
    pub fn parse(doc: &Document) -> Self {
        let text = doc.text;
        // Every directive names itself: a file without the word has none (nearly all files).
        static WORD: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
            std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"contentlint-disable"));
        if WORD.find(text.as_bytes()).is_none() {
            return Self::default();
        }
        let mut list = Vec::new();
        let fm = &doc.front_matter;
        for line in lines(text, fm.yaml.clone()) {
            let content = &text[line.clone()];
            let trimmed = content.trim_start();
            let Some(comment) = trimmed.strip_prefix('#') else {
                continue;
            };
            let comment_start = line.start + (content.len() - trimmed.len());
            if inside_scalar(doc.root.as_ref(), comment_start) {
                continue;
            }
            let body_start = comment_start + 1;
            if let Some(s) = directive(text, comment, body_start, comment_start..line.end, &line) {
                let scope = match s.scope {
                    Scope::Range(_) => Scope::Range(next_line_scope(doc, line.end, fm.yaml.end)),
                    Scope::File => Scope::File,
                };
                list.push(Suppression { scope, ..s });
            }
        }
        let mut at = fm.body;
        while let Some(open) = text[at..].find("<!--").map(|i| at + i) {
            let Some(close) = text[open..].find("-->").map(|i| open + i) else {
                break;
            };
            let inner_start = open + 4;
            let line = line_around(text, open);
            if let Some(s) = directive(
                text,
                &text[inner_start..close],
                inner_start,
                open..close + 3,
                &line,
            ) {
                let scope = match s.scope {
                    Scope::Range(_) => {
                        let next = text[close..]
                            .find('\n')
                            .map_or(text.len(), |i| close + i + 1);
                        let end = text[next..].find('\n').map_or(text.len(), |i| next + i);
                        Scope::Range(next..end)
                    }
                    Scope::File => Scope::File,
                };
                list.push(Suppression { scope, ..s });
            }
            at = close + 3;
        }
        Self { list }
    }

    /// Removes the diagnostics a suppression covers, then adds `unused-suppression` (when it
    /// is `enabled`) for each named rule (or rule-less comment) that covered nothing, and for
    /// unknown rule names. Those diagnostics can be suppressed in turn, by a comment that
    /// names `unused-suppression`. A rule that is not enabled for the file is never reported
    /// as unused: whether it would have found something is unknown.
    pub fn apply(&self, diagnostics: &mut Vec<Diagnostic>, enabled: RuleSet) {
        if self.list.is_empty() {
            return;
        }
        let mut used: Vec<Vec<bool>> = self
            .list
            .iter()
            .map(|s| vec![false; s.rules.len().max(1)])
            .collect();
        self.suppress(diagnostics, &mut used, false);
        if !enabled.contains(RuleId::UnusedSuppression) {
            return;
        }
        let mut unused = self.unused(&used, enabled, false);
        // Only a comment that names `unused-suppression` hides those reports.
        self.suppress(&mut unused, &mut used, true);
        // A comment that exists to hide unused-suppression reports is judged last.
        unused.extend(self.unused(&used, enabled, true));
        diagnostics.extend(unused);
    }

    /// Removes the diagnostics a suppression covers, marking what each suppression used.
    /// With `only_named`, only comments that name the diagnostic's rule count (a rule-less
    /// comment does not hide reports about other comments).
    fn suppress(
        &self,
        diagnostics: &mut Vec<Diagnostic>,
        used: &mut [Vec<bool>],
        only_named: bool,
    ) {
        diagnostics.retain(|d| {
            let mut suppressed = false;
            for (s, used) in self.list.iter().zip(used.iter_mut()) {
                let covers = match &s.scope {
                    Scope::File => true,
                    Scope::Range(r) => r.contains(&d.span.start) || r.start == d.span.start,
                };
                if !covers {
                    continue;
                }
                if s.rules.is_empty() && !only_named {
                    used[0] = true;
                    suppressed = true;
                }
                for (i, named) in s.rules.iter().enumerate() {
                    if named.rule == Some(d.rule) {
                        used[i] = true;
                        suppressed = true;
                    }
                }
            }
            !suppressed
        });
    }

    /// The `unused-suppression` diagnostics of the comments that name `unused-suppression`
    /// (`about_unused`) or of the others.
    fn unused(&self, used: &[Vec<bool>], enabled: RuleSet, about_unused: bool) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for (s, used) in self.list.iter().zip(used) {
            let names_unused = s
                .rules
                .iter()
                .any(|n| n.rule == Some(RuleId::UnusedSuppression));
            if names_unused != about_unused {
                continue;
            }
            // The comment goes only when nothing in it is needed: no name is used, and none
            // names a rule that is off here (it may be needed where the rule is on).
            let all_unused = s
                .rules
                .iter()
                .zip(used)
                .all(|(named, used)| !used && named.rule.is_none_or(|r| enabled.contains(r)))
                && !(s.rules.is_empty() && used[0]);
            let remove_line = Fix::safe("remove the comment", vec![Edit::new(s.line.clone(), "")]);
            if s.rules.is_empty() {
                if !used[0] {
                    out.push(
                        unused_suppression::unused(s.comment.clone(), None).with_fix(remove_line),
                    );
                }
                continue;
            }
            for (named, used) in s.rules.iter().zip(used) {
                let diagnostic = match named.rule {
                    None => unused_suppression::unknown(named.span.clone(), &named.name),
                    Some(_) if *used => continue,
                    Some(rule) if !enabled.contains(rule) => continue,
                    Some(rule) => unused_suppression::unused(named.span.clone(), Some(rule.name())),
                };
                out.push(if all_unused {
                    diagnostic.with_fix(remove_line.clone())
                } else {
                    diagnostic
                });
            }
        }
        out
    }
}

/// Reads `contentlint-disable-…` directives: `comment` is the comment's text, starting at
/// byte `at` of `text`.
fn directive(
    text: &str,
    comment: &str,
    at: usize,
    span: Range<usize>,
    line: &Range<usize>,
) -> Option<Suppression> {
    let lead = comment.len() - comment.trim_start().len();
    let rest = comment.trim_start();
    let (scope, word) = if rest.starts_with(NEXT_LINE) {
        (Scope::Range(0..0), NEXT_LINE)
    } else if rest.starts_with(FILE) {
        (Scope::File, FILE)
    } else {
        return None;
    };
    let after = &rest[word.len()..];
    if !(after.is_empty() || after.starts_with(char::is_whitespace)) {
        return None;
    }
    let names_at = at + lead + word.len();
    let mut rules = Vec::new();
    let mut offset = 0;
    for part in after.split(|c: char| c == ',' || c.is_whitespace()) {
        if !part.is_empty() {
            let start = names_at + offset;
            rules.push(Named {
                name: part.to_string(),
                span: start..start + part.len(),
                rule: RuleId::from_name(part),
            });
        }
        offset += part.len() + 1;
    }
    debug_assert!(text.is_char_boundary(span.start));
    Some(Suppression {
        scope,
        line: full_line(text, line),
        comment: span,
        rules,
    })
}

/// A line with its line break, for removing it whole.
fn full_line(text: &str, line: &Range<usize>) -> Range<usize> {
    let end = text[line.end..]
        .find('\n')
        .map_or(text.len(), |i| line.end + i + 1);
    line.start..end
}

/// The line (without its break) that holds byte `at`.
fn line_around(text: &str, at: usize) -> Range<usize> {
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    start..end
}

/// The lines of `range` of `text`, without their line breaks (or a trailing `\r`).
fn lines(text: &str, range: Range<usize>) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut at = range.start;
    std::iter::from_fn(move || {
        if at >= range.end {
            return None;
        }
        let end = text[at..range.end].find('\n').map_or(range.end, |i| at + i);
        let line = at..end - usize::from(text[at..end].ends_with('\r'));
        at = end + 1;
        Some(line)
    })
}

/// What a next-line comment ending at `line_end` covers: the next line, or the whole entry
/// that starts on it.
fn next_line_scope(doc: &Document, line_end: usize, yaml_end: usize) -> Range<usize> {
    let text = doc.text;
    let start = (line_end + 1).min(text.len());
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let entry_end = doc
        .root
        .as_ref()
        .and_then(|root| entry_starting_in(root, start..end))
        .unwrap_or(end);
    start..entry_end.max(end).min(yaml_end.max(end))
}

/// The end of the value of the mapping entry whose key starts in `line`.
fn entry_starting_in(node: &Node, line: Range<usize>) -> Option<usize> {
    match &node.kind {
        NodeKind::Mapping(entries) => entries.iter().find_map(|e| {
            if line.contains(&e.key.span.start) {
                Some(e.value.span.end.max(e.key.span.end))
            } else {
                entry_starting_in(&e.value, line.clone())
            }
        }),
        NodeKind::Sequence(items) => items
            .iter()
            .find_map(|n| entry_starting_in(n, line.clone())),
        NodeKind::Scalar { .. } => None,
    }
}

/// Whether byte `at` lies inside a scalar's text (a `#` line inside a literal block is text).
fn inside_scalar(node: Option<&Node>, at: usize) -> bool {
    let Some(node) = node else {
        return false;
    };
    match &node.kind {
        NodeKind::Scalar { .. } => node.span.start <= at && at < node.span.end,
        NodeKind::Mapping(entries) => entries
            .iter()
            .any(|e| inside_scalar(Some(&e.key), at) || inside_scalar(Some(&e.value), at)),
        NodeKind::Sequence(items) => items.iter().any(|n| inside_scalar(Some(n), at)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diagnostic(rule: &'static str, span: Range<usize>) -> Diagnostic {
        Diagnostic::new(RuleId::from_name(rule).unwrap(), span, "x")
    }

    fn run(text: &str, found: Vec<(&'static str, &str)>) -> Vec<(&'static str, String)> {
        let doc = Document::parse(text, &mut Vec::new()).unwrap();
        let mut diagnostics: Vec<Diagnostic> = found
            .into_iter()
            .map(|(rule, at)| {
                let start = text.find(at).unwrap();
                diagnostic(rule, start..start + at.len())
            })
            .collect();
        Suppressions::parse(&doc).apply(&mut diagnostics, RuleSet::all());
        diagnostics
            .into_iter()
            .map(|d| (d.rule.name(), text[d.span].to_string()))
            .collect()
    }

    #[test]
    fn next_line_in_front_matter_covers_the_whole_field() {
        let text = "---\n# contentlint-disable-next-line mojibake\nanswer: >-\n    CMGT-BCâ„¢\ntitle: Ã©\n---\n";
        assert_eq!(
            run(text, vec![("mojibake", "â„¢"), ("mojibake", "Ã©")]),
            vec![("mojibake", "Ã©".to_string())]
        );
    }

    #[test]
    fn file_wide_and_body_comments() {
        let text = "---\n# contentlint-disable-file url-mismatch, slug-style\nurl: /x\n---\n<!-- contentlint-disable-next-line mojibake -->\nCafÃ©\nNaÃ¯ve\n";
        assert_eq!(
            run(
                text,
                vec![
                    ("url-mismatch", "/x"),
                    ("mojibake", "Ã©"),
                    ("mojibake", "Ã¯")
                ]
            ),
            vec![
                ("mojibake", "Ã¯".to_string()),
                ("unused-suppression", "slug-style".to_string())
            ]
        );
        let text = "---\nid: 1\n---\n<!-- contentlint-disable-file mojibake -->\nCafÃ©\n";
        assert_eq!(run(text, vec![("mojibake", "Ã©")]), vec![]);
    }

    #[test]
    fn unused_and_unknown_names_are_reported() {
        let text = "---\n# contentlint-disable-next-line mojibake, no-such-rule\nid: 1\n---\n";
        assert_eq!(
            run(text, vec![]),
            vec![
                ("unused-suppression", "mojibake".to_string()),
                ("unused-suppression", "no-such-rule".to_string())
            ]
        );
        let text = "---\n# contentlint-disable-next-line\nid: 1\n---\n";
        assert_eq!(
            run(text, vec![]),
            vec![(
                "unused-suppression",
                "# contentlint-disable-next-line".to_string()
            )]
        );
    }

    #[test]
    fn comment_text_inside_a_literal_block_is_not_a_directive() {
        let text = "---\nanswer: |\n  # contentlint-disable-file\n  text\n---\n";
        assert_eq!(run(text, vec![]), vec![]);
    }
}
