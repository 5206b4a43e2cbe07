//! ## What it does
//! Finds mojibake: text whose UTF-8 bytes were once decoded with a single-byte code page (or
//! several times over) and saved again, so that `’` reads `â€™`, `é` reads `Ã©` and `™` reads
//! `â„¢`. It looks everywhere in the file: front-matter keys and values in every scalar style
//! (inside double-quoted strings, through YAML's `\u00c3` escapes too), and the Markdown body.
//! The label shows the repaired text and the help says what happened.
//!
//! It knows these code pages and kinds of damage:
//! - UTF-8 read as Windows-1252 or Latin-1 (`CMGT-BCâ„¢`, `cafÃ©`, `â\u0080\u0099`), as Mac
//!   Roman (`g√¢teaux`, `wei√ü`), Windows-1251 (`РґРѕ`, `вЂ“`), Windows-1250 (`LiĂ¨ge`) or
//!   IBM code page 437 (`╨┐╤Ç`, `┬┐`), once or up to four times over (`Ã¢â‚¬â„¢`);
//! - Windows-1252 bytes the code page leaves undefined, kept as C1 controls (`â€\u009d` for
//!   `”`);
//! - Windows-1252 text read as Latin-1: C1 controls where `“`, `’` or `…` should be
//!   (`\u0093quoted\u0094`);
//! - `à` whose second byte, a no-break space in Windows-1252, became a plain space or was lost
//!   (`voilÃ  le`, `voilÃ le`);
//! - a sequence that lost a byte (`SlovenÄ�ina`, `â€` before a space), reported without a fix.
//!
//! Each candidate is scored, as ftfy's badness heuristic does, but on the run and its
//! neighbours: three or four characters that form a UTF-8 sequence are strong evidence; a pair
//! counts only when its lead is one real text rarely has (`Ã`, `Â`, `√` inside a word) or its
//! second character does not belong there (a symbol after a letter, a C1 control). Ordinary
//! text stays silent: `Ångström` next to a dash or a quote (`1.54 Å—about`), `3×£12`, `“×”`,
//! `NESTLÉ®`, `JOÃ’s`, words in capitals (`MÄ£ÄM`, `MISUTÂ AJIKKO`), mathematics (`√π`,
//! `∆°`), line art (`├┤a┼┐`), and a lone pair in a line whose other punctuation is correctly
//! encoded (`Bremer/Mccoy – DrÃ¥ber`).
//!
//! ## Why is this bad?
//! Readers see garbage where a quotation mark, an accent or a trademark sign should be, search
//! engines index it, and every copy of the text (related-article titles, SEO descriptions)
//! spreads it further. The damage is mechanical, so the repair is exact: encode the run with
//! the code page again and decode the bytes as UTF-8.
//!
//! ## Example
//! ```yaml
//! answer: >-
//!     the Nursing Case Management Certification (CMGT-BCâ„¢) from the ANCC
//! ```
//!
//! ## Use instead
//! ```yaml
//! answer: >-
//!     the Nursing Case Management Certification (CMGT-BC™) from the ANCC
//! ```
//!
//! ## Fix
//! Safe when the evidence is strong and every repaired character is one real text uses there:
//! `--fix` replaces the run with the repair. Unsafe (`--unsafe-fixes`) when the run is a lone
//! pair of characters that could also be ordinary text (`Ä°` could be a name and a degree
//! sign), or when the repair would hold a control character; the help says why. A sequence
//! that lost a byte has no fix: which character it was must be read from the sentence.

use crate::core::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::core::document::Document;
use crate::core::mojibake::{self, Damage, Run};
use crate::core::rules::{FileContext, FileRule, RuleId};
use crate::core::yaml::{Node, NodeKind, SourceMap};

crate::core::rules::rule!(
    Mojibake,
    "mojibake",
    Error,
    SafeOrUnsafe,
    "Text whose UTF-8 bytes were decoded with the wrong code page"
);

impl FileRule for Mojibake {
    fn check(ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
        // One pass over the characters serves the three text rules.
        ctx.scanned(RuleId::Mojibake, out);
        // Mojibake written as YAML escapes is only seen in the decoded values.
        if let Some(root) = ctx.doc.and_then(|doc| doc.root.as_ref().map(|root| (doc, root))) {
            escaped(root.0, root.1, out);
        }
    }
}

/// The diagnostic for a run found in the file's text.
pub fn diagnostic(run: &Run, text: &str) -> Diagnostic {
    build(run, &text[run.span.clone()], run.span.clone(), |repaired| {
        repaired.to_string()
    })
}

/// Builds the diagnostic of `run`, whose mangled text is `mangled`, at file bytes `span`;
/// `write` turns the repair into the file's text.
fn build(
    run: &Run,
    mangled: &str,
    span: std::ops::Range<usize>,
    write: impl Fn(&str) -> String,
) -> Diagnostic {
    let Some(repaired_text) = &run.repaired else {
        return Diagnostic::new(
            RuleId::Mojibake,
            span,
            format!("{} is mangled text that lost a byte", show(mangled)),
        )
        .with_label("a character whose UTF-8 bytes were read with the wrong code page, one of them lost")
        .with_help(
            "retype the character: which one it was cannot be recovered from the text (`â€` is often a quotation mark or dash whose last byte Windows-1252 cannot show)",
        );
    };
    let repaired = show(repaired_text);
    let what = match run.damage {
        Damage::Decoded {
            page,
            rounds,
            latin1,
        } => {
            let page = if latin1 && page == mojibake::CodePage::Windows1252 {
                "Latin-1"
            } else {
                page.name()
            };
            let times = match rounds {
                1 => String::new(),
                2 => " twice".to_string(),
                n => format!(" {n} times"),
            };
            format!("the UTF-8 bytes of {repaired} were read as {page}{times}")
        }
        Damage::C1Controls => format!(
            "the Windows-1252 byte of {repaired} was read as Latin-1, which shows it as an invisible control character"
        ),
        Damage::LostNoBreakSpace => format!(
            "the UTF-8 bytes of {repaired} were read as Windows-1252, and the last one, a no-break space there, became a plain space or was lost"
        ),
        Damage::LostByte => String::new(),
    };
    // A byte-order mark inside a file is an invisible character that breaks YAML (and marks
    // nothing at the start either, in UTF-8): the repair drops it rather than restore it.
    let kept = repaired_text.replace('\u{feff}', "");
    let what = if kept.len() == repaired_text.len() {
        what
    } else {
        format!(
            "{what}; a byte-order mark is invisible and breaks YAML inside a file, so the fix removes it"
        )
    };
    let help = match run.doubt {
        Some(doubt) => format!("{what}; the fix is unsafe: {doubt}"),
        None => what,
    };
    let fix = Fix {
        applicability: if run.doubt.is_some() {
            Applicability::Unsafe
        } else {
            Applicability::Safe
        },
        title: if kept.is_empty() {
            "remove it".to_string()
        } else {
            format!("replace with {}", show(&kept))
        },
        edits: vec![Edit::new(span.clone(), write(&kept))],
    };
    Diagnostic::new(
        RuleId::Mojibake,
        span,
        format!("{} is mojibake for {repaired}", show(mangled)),
    )
    .with_label(if kept.is_empty() {
        "a byte-order mark read as text: remove it".to_string()
    } else {
        format!("should be {}", show(&kept))
    })
    .with_help(help)
    .with_fix(fix)
}

/// Mojibake in double-quoted scalars written with escapes (`"caf\u00c3\u00a9"`): found in the
/// decoded value and pointed at the escapes in the file.
fn escaped(doc: &Document<'_>, node: &Node, out: &mut Vec<Diagnostic>) {
    match &node.kind {
        NodeKind::Mapping(entries) => {
            for entry in entries {
                escaped(doc, &entry.key, out);
                escaped(doc, &entry.value, out);
            }
        }
        NodeKind::Sequence(items) => {
            for item in items {
                escaped(doc, item, out);
            }
        }
        NodeKind::Scalar { text, style, .. } => {
            let raw = &doc.text[node.span.clone()];
            if *style != saphyr_parser::ScalarStyle::DoubleQuoted
                || !(raw.contains("\\x") || raw.contains("\\u") || raw.contains("\\U"))
            {
                return;
            }
            let Some(map) = SourceMap::new(doc.text, node.span.clone(), *style, text) else {
                return;
            };
            for run in mojibake::find(text) {
                let span = map.range(run.span.clone());
                // Runs written as plain characters are found in the file's own text.
                if doc.text.get(span.clone()) == Some(&text[run.span.clone()]) {
                    continue;
                }
                let mangled = &text[run.span.clone()];
                out.push(build(&run, mangled, span, escape_double_quoted));
            }
        }
    }
}

/// `text` as the inside of a double-quoted YAML scalar.
fn escape_double_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() || c == '\u{a0}' || c == '\u{feff}' => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out
}

/// Shows text in a message: quoted, with invisible characters named.
fn show(text: &str) -> String {
    if text.chars().count() == 1 {
        let c = text.chars().next().unwrap_or_default();
        let name = match c {
            '\u{a0}' => Some("a non-breaking space"),
            '\u{ad}' => Some("a soft hyphen"),
            '\u{200b}' => Some("a zero-width space"),
            '\u{200c}' => Some("a zero-width non-joiner"),
            '\u{200d}' => Some("a zero-width joiner"),
            '\u{2009}' => Some("a thin space"),
            '\u{202f}' => Some("a narrow non-breaking space"),
            '\u{feff}' => Some("a byte-order mark"),
            _ => None,
        };
        if let Some(name) = name {
            return format!("{name} (U+{:04X})", c as u32);
        }
    }
    let mut shown = String::from("\"");
    for c in text.chars() {
        if c.is_control() || c == '\u{feff}' {
            shown.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            shown.push(c);
        }
    }
    shown.push('"');
    shown
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first(text: &str) -> Diagnostic {
        diagnostic(&mojibake::find(text)[0], text)
    }

    #[test]
    fn a_mangled_byte_order_mark_is_removed_not_restored() {
        let d = first("title: Whatï»¿ is it?");
        assert_eq!(d.message, "\"ï»¿\" is mojibake for a byte-order mark (U+FEFF)");
        let fix = d.fix.as_ref().unwrap();
        assert_eq!(fix.title, "remove it");
        assert_eq!(
            d.label.as_deref(),
            Some("a byte-order mark read as text: remove it")
        );
        assert_eq!(fix.edits[0].replacement, "");
        assert!(d.help.as_deref().unwrap().contains("the fix removes it"));
    }

    #[test]
    fn messages_say_what_happened() {
        let d = first("CMGT-BCâ„¢");
        assert_eq!(d.message, "\"â„¢\" is mojibake for \"™\"");
        assert_eq!(d.label.as_deref(), Some("should be \"™\""));
        assert_eq!(
            d.help.as_deref(),
            Some("the UTF-8 bytes of \"™\" were read as Windows-1252")
        );
        assert!(d.fix.as_ref().unwrap().is_safe());
        assert_eq!(
            first("Ã¢â‚¬â„¢").help.as_deref(),
            Some("the UTF-8 bytes of \"’\" were read as Windows-1252 twice")
        );
        assert_eq!(
            first("â\u{80}\u{99}s").help.as_deref(),
            Some("the UTF-8 bytes of \"’\" were read as Latin-1")
        );
        assert_eq!(
            first("g√¢teaux").help.as_deref(),
            Some("the UTF-8 bytes of \"â\" were read as Mac Roman")
        );
        let lost = first("He said â€ hello");
        assert_eq!(lost.message, "\"â€\" is mangled text that lost a byte");
        assert!(lost.fix.is_none());
        let doubtful = first("Ä°zmir");
        assert!(!doubtful.fix.as_ref().unwrap().is_safe());
        assert!(doubtful.help.unwrap().contains("the fix is unsafe"));
    }

    #[test]
    fn escaped_mojibake_is_found_in_double_quoted_values() {
        let text = "---\ntitle: \"caf\\u00c3\\u00a9 au lait\"\n---\n";
        let mut out = Vec::new();
        let doc = Document::parse(text, &mut out).unwrap();
        escaped(&doc, doc.root.as_ref().unwrap(), &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(&text[out[0].span.clone()], "\\u00c3\\u00a9");
        let fix = out[0].fix.as_ref().unwrap();
        assert_eq!(fix.edits[0].replacement, "é");
    }
}
