//! ## What it does
//! Reports an article whose `question` another article with a different id asks too,
//! compared by its words (ignoring case, punctuation and spacing). Articles marked
//! `no_index: true`, and articles whose `canonical` names another article asking the
//! question, are neither reported nor counted: keeping a copy out of search, or telling search
//! engines which copy to index, is how a site resolves this. The diagnostic is on the
//! question; each other article is a note (the first five, in path order).
//!
//! ## Why is this bad?
//! Two pages answer one question: search engines treat them as duplicate content and rank
//! both lower, readers find two answers that may disagree, and an edit to one misses the
//! other. On the real site these are mostly copies of an article in two subject folders.
//!
//! ## Example
//! `content/learn/health-studies/what-strategies-can-be-used-to-balance-hard-work-and-efficiency-to-avoid-burnout.md`
//! and `content/learn/psychology/what-strategies-can-be-used-to-balance-hard-work-and-efficiency-to-avoid-burnout.md`,
//! with different ids, both ask "What strategies can be used to balance hard work and
//! efficiency to avoid burnout?".
//!
//! ## Use instead
//! Keep one article; delete the other, merge what it adds, mark it `no_index: true`, or give
//! it a `canonical` naming the one to index (`canonical: /learn/psychology/questions/...`).

use crate::core::diagnostic::{Diagnostic, Note};
use crate::core::rules::{CorpusContext, CorpusRule, RuleId};

crate::core::rules::rule!(
    DuplicateQuestion,
    "duplicate-question",
    Warning,
    None,
    "Articles with different ids ask the same question"
);

/// How many of the other articles a diagnostic lists: a question copied a thousand times must
/// not make each copy's report a thousand notes long.
const MAX_NOTES: usize = 5;

impl CorpusRule for DuplicateQuestion {
    fn check(ctx: &CorpusContext<'_>, out: &mut Vec<Diagnostic>) {
        let article = ctx.article;
        let Some(question) = &article.question else {
            return;
        };
        if article.no_index || !crate::core::index::has_words(&question.value) {
            return;
        }
        let (count, others) = ctx.others_asking(&question.value, MAX_NOTES);
        let others: Vec<Note> = others
            .into_iter()
            .map(|other| {
                // The summary keeps where the id is, not the question: the note points there.
                let id = other.id();
                Note {
                    path: other.path().to_path_buf(),
                    line: id.as_ref().map_or(1, |f| f.line),
                    column: id.as_ref().map_or(1, |f| f.column),
                    message: match &id {
                        Some(id) => format!("article {} asks it too", id.value),
                        None => "asks it too".to_string(),
                    },
                    span: id.map_or(0..0, |f| f.span),
                }
            })
            .collect();
        let Some(first) = others.first() else {
            return;
        };
        let message = match count {
            1 => format!("the same question is asked by {}", first.path.display()),
            n => format!("the same question is asked by {n} other articles"),
        };
        let mut help = "keep one article for the question: delete or merge the copy, mark it `no_index: true`, or give it a `canonical` naming the article to index".to_string();
        if count > MAX_NOTES {
            help.push_str(&format!(" (the first {MAX_NOTES} of the {count} are listed)"));
        }
        let mut diagnostic =
            Diagnostic::new(RuleId::DuplicateQuestion, question.span.clone(), message)
                .with_label("asked by another article too")
                .with_help(help);
        for note in others {
            diagnostic = diagnostic.with_note(note);
        }
        out.push(diagnostic);
    }
}
