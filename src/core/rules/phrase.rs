//! ## What it does
//! Reports the words and patterns a site lists in `[[phrases]]` in its `contentlint.toml`,
//! in the fields each entry names (by default `question`, `answer`, `title` and
//! `article_title`), at every occurrence. In the spirit of Vale's `existence` and
//! `substitution` rules: each entry has a name, literal `words` or a regular expression
//! (`pattern`), a `message`, a `severity` and, optionally, a `replacement`.
//!
//! Matching ignores case unless `case-sensitive = true`, and a match may not begin or end
//! inside a word unless `word-boundary = false` (so `informationally` does not match
//! `information`). The `answer` is matched as the page shows it, each two-character `\n` a
//! line break, so a pattern can use `(?m)^…$` for a whole line. Nothing is reported until the
//! configuration lists a phrase; `[rules] phrase = "off"` turns every entry off, and a level
//! set there or with `--severity phrase=LEVEL` replaces the entries' own severities.
//!
//! ## Why is this bad?
//! Some text is wrong wherever it appears, and no schema can say so: the trace of a writing
//! pipeline ("based on the gathered information", in 817 articles of the real site), a
//! chatbot's sign-off ("feel free to ask") or opener ("Certainly!"), a source tag scraped
//! onto a line of its own, a banned or misspelt term. Readers see all of them.
//!
//! ## Example
//! ```toml
//! [[phrases]]
//! name = "pipeline-leftover"
//! words = ["based on the gathered information", "the gathered information"]
//! message = "a phrase left by the writing pipeline"
//!
//! [[phrases]]
//! name = "utilize"
//! words = ["utilize"]
//! message = "plain English says `use`"
//! replacement = "use"
//! ```
//! reports, in an answer,
//! ```yaml
//! answer: >-
//!     Here are the key strategies based on the gathered information: utilize ...
//! ```
//!
//! ## Use instead
//! Rewrite the sentence, or apply the entry's replacement with `--fix`.
//!
//! ## Fix
//! Safe or unsafe, as the entry says (`fix = "safe"`; unsafe by default, since a replacement
//! changes what readers read): each match is replaced with the entry's `replacement` as it
//! is written there. There is no fix where the match is written with a YAML escape or across
//! a folded line.

use std::borrow::Cow;

use crate::core::diagnostic::{Diagnostic, Fix};
use crate::core::document::Document;
use crate::core::phrases::{Match, PhraseRule, Phrases};
use crate::core::render::Rendered;
use crate::core::rules::{FileContext, FileRule, RuleId};
use crate::core::yaml::{NodeKind, Resolved};

crate::core::rules::rule!(
    Phrase,
    "phrase",
    Warning,
    SafeOrUnsafe,
    "A word or pattern listed in `[[phrases]]` in the configuration"
);

/// How much of a long match the message quotes.
const QUOTED: usize = 60;

impl FileRule for Phrase {
    fn check(ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
        let phrases = &ctx.settings.phrases;
        let Some(doc) = ctx.doc.filter(|_| !phrases.is_empty()) else {
            return;
        };
        each_match(doc, ctx.rendered(), phrases, |field, found| {
            let rule = &phrases.rules()[found.rule];
            out.push(diagnostic(ctx.text, field, rule, found.range));
        });
    }
}

/// Calls `f` with every match of `phrases` in the front matter of `doc`, whose Markdown
/// fields are `rendered`: field by field, in order of position.
pub fn each_match<'a>(
    doc: &'a Document<'a>,
    rendered: &[Rendered<'a>],
    phrases: &Phrases,
    mut f: impl FnMut(&Rendered<'_>, Match),
) {
    let Some(root) = doc.root.as_ref() else {
        return;
    };
    for field in phrases.fields() {
        let own;
        let shown: &Rendered<'_> = match rendered.iter().find(|r| r.field == field) {
            Some(rendered) => rendered,
            None => {
                let path: Vec<&str> = field.split('.').collect();
                let Some((node, _)) = root.at(&path) else {
                    continue;
                };
                let NodeKind::Scalar {
                    text,
                    style,
                    value: Resolved::String,
                } = &node.kind
                else {
                    continue;
                };
                own = Rendered::verbatim(field, text, doc.text, node.span.clone(), *style);
                &own
            }
        };
        for found in phrases.find(field, &shown.shown) {
            f(shown, found);
        }
    }
}

/// The diagnostic for `rule`'s match at `range` of the shown text of `field`.
fn diagnostic(
    text: &str,
    field: &Rendered<'_>,
    rule: &PhraseRule,
    range: std::ops::Range<usize>,
) -> Diagnostic {
    let matched = &field.shown[range.clone()];
    let quoted: Cow<'_, str> = if matched.chars().count() > QUOTED {
        let end = matched
            .char_indices()
            .nth(QUOTED)
            .map_or(matched.len(), |(i, _)| i);
        Cow::Owned(format!("{}…", &matched[..end]))
    } else {
        Cow::Borrowed(matched)
    };
    let quoted = quoted.replace('\n', "\\n");
    let message = if rule.message.is_empty() {
        format!("`{}` in `{}`", quoted, field.field)
    } else {
        format!("{}: `{}`", rule.message, quoted)
    };
    let mut diagnostic = Diagnostic::new(RuleId::Phrase, field.file_range(range.clone()), message)
        .with_label(format!("phrase `{}`", rule.name));
    diagnostic.severity = rule.severity;
    let listed = format!(
        "the `{}` entry of `[[phrases]]` in the configuration lists it",
        rule.name
    );
    if rule.replacement.is_none() {
        diagnostic = diagnostic.with_help(format!("rewrite the text without it ({listed})"));
    }
    if let Some(replacement) = &rule.replacement {
        let help = if replacement.is_empty() {
            format!("remove it ({listed})")
        } else {
            format!("write `{replacement}` instead ({listed})")
        };
        diagnostic = diagnostic.with_help(help);
        if let Some(edit) = field.edit(text, range, replacement) {
            let title = if replacement.is_empty() {
                "remove it".to_string()
            } else {
                format!("replace with `{replacement}`")
            };
            diagnostic = diagnostic.with_fix(Fix {
                applicability: rule.applicability,
                edits: vec![edit],
                title,
            });
        }
    }
    diagnostic
}
