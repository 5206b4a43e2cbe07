//! ## What it does
//! Reports an `seo.page_description` longer or shorter than search engines show (by default
//! more than 160 characters or fewer than 50; `[description-length]` in the configuration
//! sets `min` and `max`), and one that contains Markdown or math (`**`, `` ` ``, `[…](…)`,
//! an escaped `\n`, `$…$`, `\(…\)`), which search results show as written.
//!
//! This rule is off by default: on the real site 95% of the descriptions are longer than 160
//! characters, so it would report nearly every article. Turn it on (`[rules]
//! description-length = "info"`, or `--select description-length`) when the site decides to
//! write descriptions for search results.
//!
//! ## Why is this bad?
//! The description is the snippet under the page's title in search results. Search engines
//! cut it at about 160 characters (the rest is lost, often mid-word), a very short one says
//! too little to be chosen, and Markdown or TeX shows as literal `**` and `$` signs.
//!
//! ## Example
//! ```yaml
//! seo:
//!   page_description: >-
//!     This content explores how allusions in historical texts enrich understanding by connecting present themes to the past, deepening emotional impact, and serving as a rhetorical device.
//! ```
//! is 182 characters: search results end at "…emotional impact, and serving as a".
//!
//! ## Use instead
//! ```yaml
//! seo:
//!   page_description: >-
//!     How allusions in historical texts connect present themes to the past, deepen their emotional impact and persuade.
//! ```

use std::ops::Range;

use crate::core::diagnostic::Diagnostic;
use crate::core::render::Rendered;
use crate::core::rules::{FileContext, FileRule, RuleId};
use crate::core::yaml::{NodeKind, Resolved};

crate::core::rules::rule!(
    DescriptionLength,
    "description-length",
    Info,
    None,
    "`seo.page_description` is longer or shorter than search results show, or holds Markdown or math",
    off
);

impl FileRule for DescriptionLength {
    fn check(ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
        let Some(root) = ctx.doc.and_then(|d| d.root.as_ref()) else {
            return;
        };
        let Some((node, _)) = root.at(&["seo", "page_description"]) else {
            return;
        };
        let NodeKind::Scalar {
            text: value,
            style,
            value: Resolved::String,
        } = &node.kind
        else {
            return;
        };
        let field = Rendered::verbatim(
            "seo.page_description",
            value,
            ctx.text,
            node.span.clone(),
            *style,
        );
        let limits = &ctx.settings.description;
        let length = value.chars().count();
        if length > limits.max {
            let cut = value
                .char_indices()
                .nth(limits.max)
                .map_or(value.len(), |(i, _)| i);
            let over = length - limits.max;
            out.push(
                Diagnostic::new(
                    RuleId::DescriptionLength,
                    field.value_file_range(cut..value.len()),
                    format!(
                        "`seo.page_description` is {length} characters; search results show about {}",
                        limits.max
                    ),
                )
                .with_label(format!(
                    "search results leave out these {over} {}",
                    if over == 1 { "character" } else { "characters" }
                ))
                .with_help(format!(
                    "say what the page answers in at most {} characters",
                    limits.max
                )),
            );
        } else if length < limits.min {
            out.push(
                Diagnostic::new(
                    RuleId::DescriptionLength,
                    node.span.clone(),
                    format!(
                        "`seo.page_description` is {length} characters; fewer than {} say too little to be chosen in search results",
                        limits.min
                    ),
                )
                .with_label("too short")
                .with_help(format!(
                    "say what the page answers in {} to {} characters",
                    limits.min, limits.max
                )),
            );
        }
        if let Some((range, what)) = markup(value) {
            out.push(
                Diagnostic::new(
                    RuleId::DescriptionLength,
                    field.value_file_range(range),
                    format!("`seo.page_description` contains {what}, which search results show as written"),
                )
                .with_label(what)
                .with_help("write the description as plain text"),
            );
        }
    }
}

/// The first Markdown or math in a description, and what it is.
fn markup(value: &str) -> Option<(Range<usize>, &'static str)> {
    let bytes = value.as_bytes();
    let mut found: Option<(Range<usize>, &'static str)> = None;
    let mut keep = |range: Range<usize>, what: &'static str| {
        if found.as_ref().is_none_or(|(r, _)| range.start < r.start) {
            found = Some((range, what));
        }
    };
    for (marker, what) in [
        ("**", "Markdown emphasis"),
        ("__", "Markdown emphasis"),
        ("\\n", "an escaped line break"),
        ("\\(", "TeX math"),
        ("\\[", "TeX math"),
        ("](", "a Markdown link"),
    ] {
        if let Some(at) = value.find(marker) {
            keep(at..at + marker.len(), what);
        }
    }
    if let Some(at) = value.find('`')
        && value[at + 1..].contains('`')
    {
        keep(at..at + 1, "Markdown code");
    }
    // `$` math: a pair of dollars with no space just inside them (`$x^2$`), not prices
    // (`$5 and $10`).
    let dollars: Vec<usize> = memchr::memchr_iter(b'$', bytes).collect();
    for pair in dollars.windows(2) {
        let (open, close) = (pair[0], pair[1]);
        let inner = &value[open + 1..close];
        let tight = !inner.is_empty()
            && !inner.starts_with(char::is_whitespace)
            && !inner.ends_with(char::is_whitespace);
        let price = inner.starts_with(|c: char| c.is_ascii_digit())
            && !inner.contains(['^', '_', '\\', '=', '+']);
        if tight && !price {
            keep(open..close + 1, "math");
            break;
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_found_prices_are_not() {
        fn what(v: &str) -> Option<(&str, &str)> {
            markup(v).map(|(r, w)| (&v[r], w))
        }
        assert_eq!(what("Plain words about cells."), None);
        assert_eq!(what("Costs $5 and $10 a month."), None);
        assert_eq!(what("Solve $x^2 = 4$ fast."), Some(("$x^2 = 4$", "math")));
        assert_eq!(what("The **key** idea"), Some(("**", "Markdown emphasis")));
        assert_eq!(what("See [this](http://x)"), Some(("](", "a Markdown link")));
        assert_eq!(what("Call `f()` twice"), Some(("`", "Markdown code")));
        assert_eq!(what("Line one\\nline two"), Some(("\\n", "an escaped line break")));
    }
}
