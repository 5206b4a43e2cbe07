//! ## What it does
//! Reports an article whose `subject`, made into a slug, is not the name of the folder that
//! holds it: `Health Studies` belongs in `content/learn/health-studies/`. Letter case and the
//! ways slugs spell punctuation do not count (`Women's Studies` may live in `womens-studies`
//! or `women-s-studies`, `Arts & Crafts` in `arts-and-crafts` or `arts-crafts`).
//!
//! ## Why is this bad?
//! The site takes an article's subject page and url from its folder, and its labels from
//! `subject`: an article in the wrong folder is listed under one subject and labelled with
//! another.
//!
//! ## Example
//! `content/learn/nursing/x.md` with `subject: Health Studies`.
//!
//! ## Use instead
//! Move the file to `content/learn/health-studies/`, or correct `subject`.

use crate::core::diagnostic::Diagnostic;
use crate::core::rules::{FileContext, FileRule, RuleId};
use crate::core::article::Article;

crate::core::rules::rule!(
    SubjectFolderMismatch,
    "subject-folder-mismatch",
    Warning,
    None,
    "The subject's slug is not the name of the article's folder"
);

impl FileRule for SubjectFolderMismatch {
    fn check(ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
        if let Some(article) = ctx.article {
            check(article, out);
        }
    }
}

/// Compares `article`'s subject with its folder.
pub fn check(article: &Article, out: &mut Vec<Diagnostic>) {
    let (Some(subject), Some(folder)) = (&article.subject, article.folder()) else {
        return;
    };
    if names_folder(&subject.value, folder) {
        return;
    }
    let slug = slug::slugify(&subject.value);
    out.push(
        Diagnostic::new(
            RuleId::SubjectFolderMismatch,
            subject.span.clone(),
            format!(
                "subject `{}` belongs in the folder `{slug}`, but the article is in `{folder}`",
                subject.value
            ),
        )
        .with_label(format!("this subject's folder is `{slug}`"))
        .with_help(format!(
            "move the file to the `{slug}` folder, or correct the subject"
        )),
    );
}

/// Whether `subject` names `folder`: the same words, however slugs spell punctuation
/// (`Women's Studies` may be `womens-studies` or `women-s-studies`, `Arts & Crafts` may be
/// `arts-and-crafts`) and letter case.
fn names_folder(subject: &str, folder: &str) -> bool {
    let compact = |text: &str| -> String {
        slug::slugify(text)
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect()
    };
    let folder = compact(folder);
    [subject.replace('&', " and "), subject.replace('&', " ")]
        .iter()
        .any(|spelling| compact(spelling) == folder)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slug_spellings_of_punctuation_name_the_same_folder() {
        assert!(names_folder("Health Studies", "health-studies"));
        assert!(names_folder("Computer science", "computer-science"));
        assert!(names_folder("Women's Studies", "womens-studies"));
        assert!(names_folder("Women's Studies", "women-s-studies"));
        assert!(names_folder("Arts & Crafts", "arts-and-crafts"));
        assert!(names_folder("Arts & Crafts", "arts-crafts"));
        assert!(!names_folder("Nursing", "health-studies"));
        assert!(!names_folder("Health", "health-studies"));
    }
}
