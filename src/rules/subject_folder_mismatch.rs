//! ## What it does
//! Reports an article whose `subject`, made into a slug, is not the name of the folder that
//! holds it: `Health Studies` belongs in `content/learn/health-studies/`.
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

use crate::diagnostic::Diagnostic;
use crate::index::Article;

crate::rules::declare_rule!(
    "subject-folder-mismatch",
    Warning,
    "The subject's slug is not the name of the article's folder"
);

/// Compares `article`'s subject with its folder.
pub fn check(article: &Article, out: &mut Vec<Diagnostic>) {
    let (Some(subject), Some(folder)) = (&article.subject, article.folder()) else {
        return;
    };
    let slug = slug::slugify(&subject.value);
    if slug == folder || site_slug(&subject.value) == folder {
        return;
    }
    out.push(
        Diagnostic::new(
            &RULE,
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

/// The slug as the site writes them: punctuation dropped rather than turned into a hyphen
/// (`Women's Studies` is `womens-studies`).
fn site_slug(text: &str) -> String {
    let kept: String = text
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || c.is_whitespace() || *c == '-')
        .collect();
    slug::slugify(kept)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_slug_styles_name_the_folder() {
        assert_eq!(slug::slugify("Women's Studies"), "women-s-studies");
        assert_eq!(site_slug("Women's Studies"), "womens-studies");
        assert_eq!(site_slug("Arts & Crafts"), "arts-crafts");
        assert_eq!(site_slug("Health Studies"), "health-studies");
    }
}
