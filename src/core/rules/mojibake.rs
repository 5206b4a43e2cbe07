//! ## What it does
//! Finds mojibake: text whose UTF-8 bytes were once decoded as Windows-1252 or Latin-1 (or
//! several times over) and saved again, so that `’` reads `â€™`, `é` reads `Ã©` and `™` reads
//! `â„¢`. It looks everywhere in the file: front-matter keys and values in every scalar style,
//! and the Markdown body. The label shows the repaired text and the help says what happened.
//!
//! A run is reported only when it is unambiguous: every character maps to one Windows-1252 or
//! Latin-1 byte, the bytes form valid UTF-8, the repaired character is one that real text uses,
//! and the run could not be ordinary text (`pâté`, `naïve`, `Ångström`, `£5`, a lone `™` or
//! `Â`, or an accented capital before a closing quote such as `CAFÉ”`, are left alone).
//!
//! It also reports `â€` left alone: the first two bytes of a quotation mark or dash whose
//! last byte was lost (Windows-1252 cannot show the last byte of `”`, so it is often dropped).
//!
//! ## Why is this bad?
//! Readers see garbage where a quotation mark, an accent or a trademark sign should be, search
//! engines index it, and every copy of the text (related-article titles, SEO descriptions)
//! spreads it further. The damage is mechanical, so the repair is exact: encode the run as
//! Windows-1252 again and decode the bytes as UTF-8.
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
//! Safe: `--fix` replaces the run with the repaired text. When the repaired text holds a
//! replacement character or a control character the fix is unsafe (`--unsafe-fixes`). A mark
//! that lost a byte has no fix: which mark it was must be read from the sentence.

use std::ops::Range;
use std::sync::OnceLock;

use encoding_rs::{UTF_8, WINDOWS_1252};

use crate::core::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::core::rules::{FileContext, FileRule, RuleId};

crate::core::rules::rule!(
    Mojibake,
    "mojibake",
    Error,
    "Text whose UTF-8 bytes were decoded as Windows-1252 or Latin-1"
);

impl FileRule for Mojibake {
    fn check(ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
        // One pass over the characters serves the three text rules.
        ctx.scanned(RuleId::Mojibake, out);
    }
}

/// How many rounds of mis-decoding are undone at most.
const MAX_ROUNDS: usize = 4;

/// A mangled run of text and its repair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    /// Byte range of the mangled run.
    pub span: Range<usize>,
    /// The repaired text; `None` when a byte was lost and the text cannot be restored.
    pub repaired: Option<String>,
    /// How many times the text was mis-decoded.
    pub rounds: usize,
    /// Whether any byte came through as a Latin-1 C1 control rather than a Windows-1252 sign.
    pub latin1: bool,
}

impl Run {
    /// The diagnostic for this run.
    pub fn diagnostic(&self, text: &str) -> Diagnostic {
        let mangled = &text[self.span.clone()];
        let Some(repaired_text) = &self.repaired else {
            return Diagnostic::new(
                RuleId::Mojibake,
                self.span.clone(),
                format!("{} is a mangled punctuation mark", show(mangled)),
            )
            .with_label("a quotation mark, dash or similar whose last byte was lost")
            .with_help(
                "these are the first two UTF-8 bytes of a punctuation mark (‘ ’ “ ” – — … and the like) read as Windows-1252; its last byte was lost (often that of ”, which Windows-1252 cannot show), so retype the mark",
            );
        };
        let codec = if self.latin1 {
            "Latin-1"
        } else {
            "Windows-1252"
        };
        let times = match self.rounds {
            1 => String::new(),
            2 => " twice".to_string(),
            n => format!(" {n} times"),
        };
        let repaired = show(repaired_text);
        let unsafe_repair = repaired_text
            .chars()
            .any(|c| c == '\u{fffd}' || c.is_control());
        let fix = Fix {
            applicability: if unsafe_repair {
                Applicability::Unsafe
            } else {
                Applicability::Safe
            },
            edits: vec![Edit::new(self.span.clone(), repaired_text.clone())],
            title: format!("replace with {repaired}"),
        };
        Diagnostic::new(
            RuleId::Mojibake,
            self.span.clone(),
            format!("{} is mojibake for {repaired}", show(mangled)),
        )
        .with_label(format!("should be {repaired}"))
        .with_help(format!(
            "the UTF-8 bytes of {repaired} were read as {codec}{times}"
        ))
        .with_fix(fix)
    }
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

/// The single byte a character stands for when UTF-8 was read as Windows-1252 or Latin-1, and
/// whether it came through Latin-1's C1 controls.
fn byte_of(c: char) -> Option<(u8, bool)> {
    let code = c as u32;
    if code < 0x80 {
        return Some((code as u8, false));
    }
    if (0xa0..=0xff).contains(&code) {
        return Some((code as u8, false));
    }
    if (0x80..=0x9f).contains(&code) {
        // Windows-1252 leaves five bytes undefined and maps them to these C1 controls; every
        // other C1 control can only have come from Latin-1.
        let undefined = windows_1252_high()[(code - 0x80) as usize] == c;
        return Some((code as u8, !undefined));
    }
    windows_1252_high()
        .iter()
        .position(|&h| h == c)
        .map(|i| (0x80 + i as u8, false))
}

/// What Windows-1252 decodes the bytes 0x80 to 0x9F to, taken from encoding_rs.
fn windows_1252_high() -> &'static [char; 32] {
    static TABLE: OnceLock<[char; 32]> = OnceLock::new();
    TABLE.get_or_init(|| {
        let bytes: Vec<u8> = (0x80..=0x9f).collect();
        let (text, _) = WINDOWS_1252.decode_without_bom_handling(&bytes);
        let mut table = ['\0'; 32];
        for (slot, c) in table.iter_mut().zip(text.chars()) {
            *slot = c;
        }
        table
    })
}

fn is_continuation(byte: u8) -> bool {
    (0x80..=0xbf).contains(&byte)
}

fn sequence_len(lead: u8) -> Option<usize> {
    match lead {
        0xc2..=0xdf => Some(2),
        0xe0..=0xef => Some(3),
        0xf0..=0xf4 => Some(4),
        _ => None,
    }
}

/// Punctuation that ordinary text puts right after a letter; a lone group made of a letter and
/// these is more likely text (`CAFÉ”`) than mojibake.
fn is_common_punctuation(c: char) -> bool {
    matches!(
        c,
        '’' | '‘'
            | '“'
            | '”'
            | '«'
            | '»'
            | '‹'
            | '›'
            | '…'
            | '–'
            | '—'
            | '•'
            | '\u{a0}'
            | '°'
    )
}

/// Whether `decoded`, read from a sequence led by `lead`, is a character real text uses.
fn is_plausible(lead: u8, decoded: char) -> bool {
    let c = decoded as u32;
    match lead {
        0xc2 => (0xa0..=0xbf).contains(&c),
        0xc3 => (0xc0..=0xff).contains(&c),
        0xc4..=0xdf => matches!(c,
            0x0100..=0x024f     // Latin Extended-A and -B
            | 0x0300..=0x036f   // combining diacritical marks
            | 0x0370..=0x03ff   // Greek
            | 0x0400..=0x04ff   // Cyrillic
            | 0x05d0..=0x05ea   // Hebrew letters
            | 0x0600..=0x06ff), // Arabic
        _ => {
            !matches!(c,
            0xe000..=0xf8ff         // private use
            | 0xfdd0..=0xfdef       // noncharacters
            | 0xfff0..=0xfffc
            | 0xfffe..=0xffff
            | 0xf0000..=0x10ffff)   // private use planes
            && c & 0xfffe != 0xfffe
        }
    }
}

/// One mis-decoded UTF-8 sequence found at a position of the text.
struct Group {
    /// Byte length of the mangled characters in the text.
    len: usize,
    decoded: char,
    latin1: bool,
    lead: char,
    continuation_all_punctuation: bool,
}

/// Reads one mis-decoded sequence at byte `at` of `text`.
fn group_at(text: &str, at: usize) -> Option<Group> {
    let mut chars = text[at..].chars();
    let lead = chars.next()?;
    let (lead_byte, lead_latin1) = byte_of(lead)?;
    let n = sequence_len(lead_byte)?;
    let mut bytes = [lead_byte, 0, 0, 0];
    let mut len = lead.len_utf8();
    let mut latin1 = lead_latin1;
    let mut all_punctuation = true;
    for slot in bytes.iter_mut().take(n).skip(1) {
        let c = chars.next()?;
        let (b, l) = byte_of(c)?;
        if !is_continuation(b) {
            return None;
        }
        *slot = b;
        len += c.len_utf8();
        latin1 |= l;
        all_punctuation &= is_common_punctuation(c);
    }
    let decoded = UTF_8
        .decode_without_bom_handling_and_without_replacement(&bytes[..n])?
        .chars()
        .next()?;
    if !is_plausible(lead_byte, decoded) {
        return None;
    }
    Some(Group {
        len,
        decoded,
        latin1,
        lead,
        continuation_all_punctuation: all_punctuation,
    })
}

/// Reads the mangled run starting at byte `at` of `text`: one or more adjacent groups.
/// `previous` is the character before it, if any.
pub fn run_at(text: &str, at: usize, previous: Option<char>) -> Option<Run> {
    let Some(first) = group_at(text, at) else {
        return lost_byte_at(text, at);
    };
    let single_is_ambiguous = !matches!(first.lead, 'Â' | 'Ã')
        && first.continuation_all_punctuation
        && previous.is_some_and(char::is_alphabetic);
    let mut end = at + first.len;
    let mut repaired = String::new();
    repaired.push(first.decoded);
    let mut latin1 = first.latin1;
    let mut groups = 1;
    while let Some(group) = group_at(text, end) {
        end += group.len;
        repaired.push(group.decoded);
        latin1 |= group.latin1;
        groups += 1;
    }
    if groups == 1 && single_is_ambiguous {
        return None;
    }
    // Undo further rounds while the repaired text is itself wholly mojibake.
    let mut rounds = 1;
    while rounds < MAX_ROUNDS {
        match run_at(&repaired, 0, previous) {
            Some(Run {
                span,
                repaired: Some(inner),
                rounds: inner_rounds,
                latin1: inner_latin1,
            }) if span == (0..repaired.len()) => {
                repaired = inner;
                latin1 |= inner_latin1;
                rounds += inner_rounds;
            }
            _ => break,
        }
    }
    Some(Run {
        span: at..end,
        repaired: Some(repaired),
        rounds,
        latin1,
    })
}

/// Reads `â€` whose third byte was lost: the start of a punctuation mark from U+2000 to U+203F
/// followed by something that cannot complete it (Windows-1252 has no character for the last
/// byte of `”`, so that byte is often dropped).
fn lost_byte_at(text: &str, at: usize) -> Option<Run> {
    let mut chars = text[at..].chars();
    let (first, second) = (chars.next()?, chars.next()?);
    if first != 'â' || !matches!(second, '€' | '\u{80}') {
        return None;
    }
    let completes = chars
        .next()
        .and_then(byte_of)
        .is_some_and(|(b, _)| is_continuation(b));
    (!completes).then(|| Run {
        span: at..at + first.len_utf8() + second.len_utf8(),
        repaired: None,
        rounds: 1,
        latin1: second == '\u{80}',
    })
}

/// Every mangled run in `text`, in order, for tests. (Files are scanned by `textscan`, which
/// runs this rule together with the other character rules in one pass.)
#[cfg(test)]
pub(crate) fn find(text: &str) -> Vec<Run> {
    let mut found = Vec::new();
    let mut previous = None;
    let mut i = 0;
    while i < text.len() {
        let c = text[i..].chars().next().unwrap_or_default();
        if !c.is_ascii()
            && let Some(run) = run_at(text, i, previous)
        {
            previous = text[..run.span.end].chars().next_back();
            i = run.span.end;
            found.push(run);
            continue;
        }
        previous = Some(c);
        i += c.len_utf8();
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (mangled text, the exact mangled run, the repair)
    const MANGLED: &[(&str, &str, &str)] = &[
        // The seed article, verbatim.
        (
            "Nursing Case Management Certification (CMGT-BCâ„¢) from the ANCC",
            "â„¢",
            "™",
        ),
        ("CMGT-BCâ„¢", "â„¢", "™"),
        ("donâ€™t", "â€™", "’"),
        ("â€œquotedâ€\u{9d}", "â€œ", "“"),
        ("a â€” b", "â€”", "—"),
        ("1â€“2", "â€“", "–"),
        ("wait â€¦", "â€¦", "…"),
        ("â€˜singleâ€™", "â€˜", "‘"),
        ("cafÃ©", "Ã©", "é"),
        ("naÃ¯ve", "Ã¯", "ï"),
        ("EspaÃ±a", "Ã±", "ñ"),
        ("MÃ¼nchen", "Ã¼", "ü"),
        ("Ã…ngstrÃ¶m", "Ã…", "Å"),
        ("Ã‰cole", "Ã‰", "É"),
        ("10Â\u{a0}km", "Â\u{a0}", "\u{a0}"),
        ("25Â°C", "Â°", "°"),
        ("Â£5", "Â£", "£"),
        ("Â©2024", "Â©", "©"),
        ("Â±0.5", "Â±", "±"),
        ("5 Âµm", "Âµ", "µ"),
        ("xÂ²", "Â²", "²"),
        ("Î± decay", "Î±", "α"),
        ("Î”G", "Î”", "Δ"),
        ("Ï€r²", "Ï€", "π"),
        ("COâ‚‚ emissions", "â‚‚", "₂"),
        ("price â‚¬5", "â‚¬", "€"),
        ("a â†’ b", "â†’", "→"),
        ("x â‰¤ y", "â‰¤", "≤"),
        ("ÐŸÑ€Ð¸Ð²ÐµÑ‚", "ÐŸÑ€Ð¸Ð²ÐµÑ‚", "Привет"),
        ("smile ðŸ˜€", "ðŸ˜€", "😀"),
        ("Ã¢â‚¬â„¢", "Ã¢â‚¬â„¢", "’"),
        ("itÃ¢â‚¬â„¢s", "Ã¢â‚¬â„¢", "’"),
        ("ï»¿title", "ï»¿", "\u{feff}"),
        ("Tiáº¿ng Viá»‡t", "áº¿", "ế"),
        ("soft\u{c2}\u{ad}hyphen", "Â\u{ad}", "\u{ad}"),
        ("Latin-1 â\u{80}\u{99}s", "â\u{80}\u{99}", "’"),
        ("PokÃ©mon", "Ã©", "é"),
        ("rÃ©sumÃ©", "Ã©", "é"),
    ];

    const CORRECT: &[&str] = &[
        "pâté",
        "naïve",
        "Ångström",
        "£5",
        "€",
        "™",
        "Â",
        "a lone Â here",
        "CMGT-BC™",
        "Le café était très chaud, n’est-ce pas ?",
        "«Où est la bibliothèque?»",
        "El niño comió piña y jalapeños en España.",
        "Über die Brücke gehen wir, sagte er: „Ich weiß“.",
        "Die Straße ist groß’",
        "A educação e a saúde são direitos, não?",
        "Tiếng Việt có dấu, người Việt.",
        "α, β, γ, Δ, π, Φ, θ, µ, Ω",
        "H₂O, CO₂, x², 10⁻³, Ca²⁺",
        "±5 °C · 3 µm · ¬p ∧ q",
        "Émilie Du Châtelet and Immanuel Kant",
        "(Åkesson et al., 2021)",
        "a one-time cash gift of ₱100,000",
        "CAFÉ” she wrote",
        "“Quoted” — with dashes – and … ellipsis",
        "Ça va? Ça marche.",
        "Øresund — Ærø",
        "ĀĒĪŌŪ and ąęłńśźż",
        "Привет, мир",
        "日本語のテキスト",
        "emoji 😀 and ™ and ©",
        "Ã",
        "Ï is a letter",
        "x × y ÷ z",
        "â ñ ö",
        "1 ¢ 2",
    ];

    #[test]
    fn mangled_text_is_found_exactly_and_repaired() {
        assert!(MANGLED.len() >= 30 && CORRECT.len() >= 30);
        for (text, run, repaired) in MANGLED {
            let found = find(text);
            assert!(!found.is_empty(), "missed {text:?}");
            let first = &found[0];
            let start = text.find(run).unwrap();
            assert_eq!(
                first.span,
                start..start + run.len(),
                "span of {text:?}: {:?}",
                &text[first.span.clone()]
            );
            assert_eq!(
                first.repaired.as_deref(),
                Some(*repaired),
                "repair of {text:?}"
            );
        }
    }

    #[test]
    fn correct_text_is_left_alone() {
        for text in CORRECT {
            assert_eq!(find(text), vec![], "false alarm on {text:?}");
        }
    }

    #[test]
    fn a_punctuation_mark_that_lost_its_last_byte() {
        let text = "He said â€œhelloâ€ and left";
        let found = find(text);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].repaired.as_deref(), Some("“"));
        let lost = &found[1];
        assert_eq!(&text[lost.span.clone()], "â€");
        assert_eq!(lost.repaired, None);
        let d = lost.diagnostic(text);
        assert_eq!(d.message, "\"â€\" is a mangled punctuation mark");
        assert!(d.fix.is_none());
        // At the end of the text too; but `â` and `€` apart are text.
        assert_eq!(find("the end.â€").len(), 1);
        assert_eq!(find("â €"), vec![]);
    }

    #[test]
    fn rounds_and_codecs_are_reported() {
        let twice = &find("Ã¢â‚¬â„¢")[0];
        assert_eq!((twice.rounds, twice.latin1), (2, false));
        let latin1 = &find("â\u{80}\u{99}")[0];
        assert_eq!((latin1.rounds, latin1.latin1), (1, true));
        let text = "CMGT-BCâ„¢";
        let d = find(text)[0].diagnostic(text);
        assert_eq!(
            d.help.as_deref(),
            Some("the UTF-8 bytes of \"™\" were read as Windows-1252")
        );
        assert_eq!(d.label.as_deref(), Some("should be \"™\""));
        assert!(d.fix.as_ref().unwrap().is_safe());
    }

    #[test]
    fn the_byte_table_comes_from_encoding_rs() {
        assert_eq!(byte_of('€'), Some((0x80, false)));
        assert_eq!(byte_of('™'), Some((0x99, false)));
        assert_eq!(byte_of('\u{81}'), Some((0x81, false)));
        assert_eq!(byte_of('\u{80}'), Some((0x80, true)));
        assert_eq!(byte_of('é'), Some((0xe9, false)));
        assert_eq!(byte_of('α'), None);
    }
}
