//! ## What it does
//! Reports front matter that is not valid YAML, at the position where the parser stopped, with
//! the parser's message.
//!
//! ## Why is this bad?
//! Front matter that does not parse cannot be read by the site generator or by the CMS: the
//! article fails to build or loses all its fields. No other front-matter check can run on it.
//!
//! ## Example
//! ```yaml
//! title: What is "case management": a primer
//! subject: [Nursing
//! ```
//!
//! ## Use instead
//! ```yaml
//! title: 'What is "case management": a primer'
//! subject: Nursing
//! ```

use crate::core::diagnostic::Diagnostic;
use crate::core::rules::RuleId;
use crate::core::yaml::SyntaxError;

crate::core::rules::rule!(
    YamlSyntax,
    "yaml-syntax",
    Error,
    None,
    "The front matter is not valid YAML"
);

/// The diagnostic for a parser error.
pub fn diagnostic(error: &SyntaxError) -> Diagnostic {
    let offset = error.offset;
    let diagnostic = Diagnostic::new(
        RuleId::YamlSyntax,
        offset..offset,
        format!("invalid YAML: {}", error.message),
    )
    .with_label("the parser stopped here");
    match error.unclosed {
        Some(open) => diagnostic
            .with_secondary(open..open + 1, "this bracket is never closed")
            .with_help(
                "close the bracket, or quote the value if the bracket is part of the text (`subject: \"[Draft] Nursing\"`)",
            ),
        None => diagnostic.with_help(
            "quote values that contain `: `, ` #`, or start with a special character such as `[`, `{`, `*`, `&`, `!`, `%`, `@` or a backtick",
        ),
    }
}
