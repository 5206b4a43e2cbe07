//! One pass over a file's text for the rules that look at characters: mojibake, replacement
//! characters and control characters. Plain ASCII is skipped eight bytes at a time; only
//! non-ASCII characters and control characters are looked at one by one.

use super::diagnostic::Diagnostic;
use super::mojibake;
use super::rules::{MAX_EACH, RuleId, RuleSet, control_character, replacement_character};

/// Runs the character rules of `enabled` over the whole file. A mojibake run is recognised
/// even when `mojibake` is off, so that the characters inside it are never reported as
/// something else: what one rule finds does not depend on which others are on.
pub fn check(text: &str, enabled: RuleSet) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut replacements = Tally::default();
    let mut controls = Tally::default();
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut previous: Option<char> = None;
    while i < bytes.len() {
        // Skip plain ASCII quickly; stop at a control character or a non-ASCII byte.
        let Some(skip) = next_notable(&bytes[i..]) else {
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
            if enabled.contains(RuleId::Mojibake) {
                out.push(super::rules::mojibake::diagnostic(&run, text));
            }
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
            if enabled.contains(RuleId::ReplacementCharacter) && replacements.counts(i..end) {
                out.push(replacement_character::diagnostic(i..end));
            }
            previous = Some(c);
            i = end;
            continue;
        }
        if c.is_control()
            && !matches!(c, '\t' | '\n' | '\r')
            && enabled.contains(RuleId::ControlCharacter)
            && controls.counts(i..i + len)
        {
            out.push(control_character::diagnostic(i..i + len, c));
        }
        previous = Some(c);
        i += len;
    }
    if let Some(more) = replacements.more(RuleId::ReplacementCharacter) {
        out.push(more);
    }
    if let Some(more) = controls.more(RuleId::ControlCharacter) {
        out.push(more);
    }
    out
}

/// Counts one rule's occurrences past the first [`MAX_EACH`], which are told in one
/// diagnostic instead of one each.
#[derive(Default)]
struct Tally {
    shown: usize,
    more: usize,
    first_more: std::ops::Range<usize>,
    last_end: usize,
}

impl Tally {
    /// Takes note of an occurrence at `span`: whether it gets a diagnostic of its own.
    fn counts(&mut self, span: std::ops::Range<usize>) -> bool {
        if self.shown < MAX_EACH {
            self.shown += 1;
            return true;
        }
        if self.more == 0 {
            self.first_more = span.clone();
        }
        self.more += 1;
        self.last_end = span.end;
        false
    }

    fn more(&self, rule: RuleId) -> Option<Diagnostic> {
        (self.more > 0).then(|| {
            let help = match rule {
                RuleId::ControlCharacter => {
                    "delete them: the file may hold binary data or text in a wrong encoding"
                }
                _ => "each marks bytes that were lost: restore the text from its source",
            };
            super::rules::more_like_this(
                rule,
                self.first_more.clone(),
                self.more,
                self.last_end,
                help,
            )
        })
    }
}

#[inline]
fn is_c0(b: u8) -> bool {
    b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')
}

/// Whether a byte needs a closer look: a control character or the start of a non-ASCII one.
#[inline]
fn is_notable(b: u8) -> bool {
    b >= 0x7f || is_c0(b)
}

/// Where the first notable byte of `bytes` is, sixteen bytes at a time: line breaks and tabs
/// are told apart from the other control characters in the same step, so text with many
/// lines is never looked at byte by byte.
#[cfg(target_arch = "x86_64")]
fn next_notable(bytes: &[u8]) -> Option<usize> {
    use std::arch::x86_64::{
        _mm_andnot_si128, _mm_cmpeq_epi8, _mm_cmplt_epi8, _mm_loadu_si128, _mm_movemask_epi8,
        _mm_or_si128, _mm_set1_epi8,
    };
    let mut at = 0;
    while at + 16 <= bytes.len() {
        // SAFETY: SSE2 is part of every x86_64 processor, and the load reads the 16 bytes
        // `at..at + 16`, inside `bytes` (checked above); `loadu` needs no alignment.
        let mask = unsafe {
            let v = _mm_loadu_si128(bytes.as_ptr().add(at).cast());
            // A signed compare: bytes at or above 0x80 are negative, so "below 0x20" holds
            // for them too, which is what is wanted.
            let low = _mm_cmplt_epi8(v, _mm_set1_epi8(0x20));
            let breaks = _mm_or_si128(
                _mm_or_si128(
                    _mm_cmpeq_epi8(v, _mm_set1_epi8(b'\t' as i8)),
                    _mm_cmpeq_epi8(v, _mm_set1_epi8(b'\n' as i8)),
                ),
                _mm_cmpeq_epi8(v, _mm_set1_epi8(b'\r' as i8)),
            );
            let delete = _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7f));
            _mm_movemask_epi8(_mm_or_si128(_mm_andnot_si128(breaks, low), delete))
        };
        if mask != 0 {
            return Some(at + mask.trailing_zeros() as usize);
        }
        at += 16;
    }
    bytes[at..]
        .iter()
        .position(|&b| is_notable(b))
        .map(|i| at + i)
}

#[cfg(not(target_arch = "x86_64"))]
use next_notable_words as next_notable;

/// Where the first notable byte of `bytes` is, on any processor. Eight bytes are tested at a
/// time: a word with no byte below 0x20, none at or above 0x7F, is skipped whole (line breaks
/// and tabs make a word be looked at byte by byte, which is still cheap).
#[cfg(any(test, not(target_arch = "x86_64")))]
fn next_notable_words(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    let mut words = bytes.chunks_exact(8);
    let mut at = 0;
    for word in words.by_ref() {
        let w = u64::from_ne_bytes([
            word[0], word[1], word[2], word[3], word[4], word[5], word[6], word[7],
        ]);
        // Bytes with the high bit set, bytes below 0x20, and bytes equal to 0x7F.
        let below_space = w.wrapping_sub(ONES * 0x20) & !w & HIGH;
        let delete = {
            let x = w ^ (ONES * 0x7f);
            x.wrapping_sub(ONES) & !x & HIGH
        };
        if (w & HIGH) | below_space | delete != 0
            && let Some(i) = word.iter().position(|&b| is_notable(b))
        {
            return Some(at + i);
        }
        at += 8;
    }
    words
        .remainder()
        .iter()
        .position(|&b| is_notable(b))
        .map(|i| at + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(text: &str) -> Vec<(&'static str, std::ops::Range<usize>)> {
        check(text, RuleSet::all())
            .into_iter()
            .map(|d| (d.rule.name(), d.span))
            .collect()
    }

    #[test]
    fn the_word_scans_find_what_the_byte_scan_finds() {
        type Scan = fn(&[u8]) -> Option<usize>;
        let scans: [(&str, Scan); 2] = [
            ("next_notable", next_notable),
            ("words", next_notable_words),
        ];
        for (name, scan) in scans {
            let mut bytes: Vec<u8> = b"plain text\twith\r\nbreaks, ".repeat(5);
            for (at, byte) in [
                (3usize, 0x0cu8),
                (17, 0x7f),
                (40, 0xc3),
                (63, 0x1b),
                (99, 0x80),
                (100, 0x1f),
            ] {
                let mut probe = bytes.clone();
                probe[at] = byte;
                let expected = probe.iter().position(|&b| is_notable(b));
                for start in 0..40 {
                    assert_eq!(
                        scan(&probe[start..]).map(|i| i + start),
                        expected.filter(|&e| e >= start),
                        "{name}: byte {byte:#x} at {at}, from {start}"
                    );
                }
            }
            assert_eq!(scan(&bytes), None, "{name}");
            bytes.truncate(13);
            assert_eq!(scan(&bytes), None, "{name}");
            assert_eq!(scan(b""), None, "{name}");

            // And on many pseudo-random buffers of mostly printable ASCII.
            let mut state = 0x2545_f491_4f6c_dd1d_u64;
            let mut next = || {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state
            };
            for _ in 0..4000 {
                let len = (next() % 90) as usize;
                let buffer: Vec<u8> = (0..len)
                    .map(|_| match next() % 60 {
                        0 => (next() % 256) as u8,
                        1 => b'\n',
                        2 => b'\t',
                        3 => b'\r',
                        _ => b' ' + (next() % 95) as u8,
                    })
                    .collect();
                assert_eq!(
                    scan(&buffer),
                    buffer.iter().position(|&b| is_notable(b)),
                    "{name}: {buffer:?}"
                );
            }
        }
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
        // A C1 control Windows-1252 leaves undefined is a control character; one that stands
        // for a Windows-1252 sign (`…`) is mojibake.
        assert_eq!(rules("é\u{81}"), vec![("control-character", 2..4)]);
        assert_eq!(rules("é\u{85}"), vec![("mojibake", 2..4)]);
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
        let out = check(text, RuleSet::all());
        let spans: Vec<_> = out.iter().map(|d| d.span.clone()).collect();
        let expected: Vec<_> = mojibake::find(text).into_iter().map(|m| m.span).collect();
        assert_eq!(spans, expected);
    }
}
