//! ## What it does
//! Looks at all the articles in one folder and reports the ones whose `subject` is spelt
//! differently from the others only in case or spacing (`Computer science` beside
//! `Computer Science`). The help names the spelling most of the folder uses.
//!
//! ## Why is this bad?
//! Subject labels, filters and listings treat the two spellings as two subjects: the folder's
//! articles are split between them, and readers see both.
//!
//! ## Example
//! 21 articles in `content/learn/education-studies/` with `subject: Education Studies` and 3
//! with `subject: Education studies`.
//!
//! ## Use instead
//! `subject: Education Studies` in all 24.
//!
//! ## Fix
//! Safe: the majority spelling is written in place of the minority one. When two spellings
//! are equally common there is no majority, and no fix.

use crate::core::diagnostic::{Applicability, Diagnostic};
use crate::core::rules::{CorpusContext, CorpusRule, RuleId};

crate::core::rules::rule!(
    SubjectInconsistent,
    "subject-inconsistent",
    Warning,
    Safe,
    "Articles in one folder spell the subject differently"
);

impl CorpusRule for SubjectInconsistent {
    /// Compares `article`'s subject with the other articles in its folder.
    fn check(ctx: &CorpusContext<'_>, out: &mut Vec<Diagnostic>) {
        let article = ctx.article;
        let (Some(subject), Some(folder)) = (&article.subject, article.folder()) else {
            return;
        };
        let spellings = ctx.subject_spellings(folder, &subject.value);
        let Some((top, top_count)) = spellings.first() else {
            return;
        };
        if spellings.len() < 2 || (*top == subject.value && spellings[1].1 < *top_count) {
            return;
        }
        let own_count = spellings
            .iter()
            .find(|(s, _)| *s == subject.value)
            .map_or(0, |(_, n)| *n);
        let tie = own_count == *top_count;
        let top = top.as_str();
        let others: Vec<String> = spellings
            .iter()
            .filter(|(s, _)| *s != subject.value)
            .map(|(s, n)| {
                format!(
                    "{n} {} `{s}`",
                    if *n == 1 {
                        "article spells it"
                    } else {
                        "articles spell it"
                    }
                )
            })
            .collect();
        let mut diagnostic = Diagnostic::new(
            RuleId::SubjectInconsistent,
            subject.span.clone(),
            format!(
                "subject `{}` is spelt differently by other articles in `{folder}`",
                subject.value
            ),
        )
        .with_label("another spelling of the folder's subject");
        if tie {
            diagnostic = diagnostic.with_help(format!(
                "{} in `{folder}`; choose one spelling for the folder",
                others.join(", ")
            ));
        } else {
            diagnostic = diagnostic
                .with_help(format!("{} in `{folder}`", others.join(", ")))
                .with_fix(subject.rewrite(top, Applicability::Safe));
        }
        out.push(diagnostic);
    }
}
