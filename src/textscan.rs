//! One pass over a file's text for the rules that look at characters: mojibake, replacement
//! characters and control characters. All-ASCII text without control characters costs one
//! byte scan.

use crate::diagnostic::Diagnostic;
use crate::rules::{control_character, mojibake, replacement_character};

/// Runs the character rules over the whole file.
pub fn check(text: &str, out: &mut Vec<Diagnostic>) {
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut previous: Option<char> = None;
    while i < bytes.len() {
        // Skip plain ASCII quickly; stop at a control character or a non-ASCII byte.
        let Some(skip) = bytes[i..].iter().position(|&b| b >= 0x7f || is_c0(b)) else {
            break;
        };
        if skip > 0 {
            i += skip;
            previous = Some(bytes[i - 1] as char);
        }
        let c = text[i..].chars().next().unwrap_or_default();
        if !c.is_ascii()
            && let Some(run) = mojibake::run_at(text, i, previous)
        {
            out.push(run.diagnostic(text));
            previous = text[..run.span.end].chars().next_back();
            i = run.span.end;
            continue;
        }
        let len = c.len_utf8();
        if c == '\u{fffd}' {
            // One diagnostic for a run of them.
            let mut end = i + len;
            while text[end..].starts_with('\u{fffd}') {
                end += len;
            }
            out.push(replacement_character::diagnostic(i..end));
            previous = Some(c);
            i = end;
            continue;
        }
        if c.is_control() && !matches!(c, '\t' | '\n' | '\r') {
            out.push(control_character::diagnostic(i..i + len, c));
        }
        previous = Some(c);
        i += len;
    }
}

fn is_c0(b: u8) -> bool {
    b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(text: &str) -> Vec<(&'static str, std::ops::Range<usize>)> {
        let mut out = Vec::new();
        check(text, &mut out);
        out.into_iter().map(|d| (d.rule, d.span)).collect()
    }

    #[test]
    fn clean_text_is_silent() {
        assert_eq!(rules("plain ASCII\twith tabs\r\nand lines\n"), vec![]);
        assert_eq!(rules("pâté naïve Ångström £5 € ™ Â"), vec![]);
    }

    #[test]
    fn each_rule_at_its_span() {
        assert_eq!(rules("a\u{c}b"), vec![("control-character", 1..2)]);
        assert_eq!(rules("a\u{7f}"), vec![("control-character", 1..2)]);
        assert_eq!(rules("é\u{85}"), vec![("control-character", 2..4)]);
        assert_eq!(
            rules("x \u{fffd}\u{fffd} y"),
            vec![("replacement-character", 2..8)]
        );
        assert_eq!(rules("donâ€™t"), vec![("mojibake", 3..11)]);
        // A C1 control that belongs to Latin-1 mojibake is reported once, as mojibake.
        assert_eq!(rules("â\u{80}\u{99}"), vec![("mojibake", 0..6)]);
    }

    #[test]
    fn the_scan_agrees_with_the_string_scan() {
        let text = "“ok” donâ€™t Ã©tÃ© 10Â\u{a0}km and CMGT-BCâ„¢ — fine";
        let mut out = Vec::new();
        check(text, &mut out);
        let spans: Vec<_> = out.iter().map(|d| d.span.clone()).collect();
        let expected: Vec<_> = mojibake::find(text).into_iter().map(|m| m.span).collect();
        assert_eq!(spans, expected);
    }
}
