//! Finding and repairing mojibake: text whose UTF-8 bytes were decoded with a single-byte code
//! page (`â€™` for `’`, `g√¢teaux` for `gâteaux`, `РґРѕ` for `до`), once or several times.
//!
//! At each character that some code page maps to a byte above 0x7F, every code page is tried:
//! the characters are turned back into bytes for as long as the bytes form UTF-8 sequences, and
//! each candidate repair gets a score ([`score`]): evidence that the run is damage (sequences
//! of three or four bytes, a lead that real text rarely has, a symbol where no symbol goes) less
//! evidence that it is text (a common letter followed by ordinary punctuation, a repaired
//! lowercase letter inside a word in capitals, a repair in a script the run could not be
//! written in). The best candidate above the threshold is the run; its fix is safe only when the
//! evidence is strong and the repair plausible in every character.
//!
//! Besides mis-decoded sequences it finds Windows-1252 bytes read as Latin-1 (C1 controls
//! standing for `“”’…`), `à` whose no-break-space byte became a space or was lost, and
//! sequences that lost a byte (`SlovenÄ�ina`), which it reports without a fix.

mod codepage;
mod score;

use std::ops::Range;

pub use codepage::CodePage;
use codepage::{byte_of, is_high};

/// How many rounds of mis-decoding are undone at most.
const MAX_ROUNDS: usize = 4;

/// What happened to the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Damage {
    /// UTF-8 decoded with a single-byte code page, `rounds` times; `latin1` when some byte
    /// came through Latin-1's C1 controls rather than Windows-1252's signs.
    Decoded {
        /// The code page.
        page: CodePage,
        /// How many times.
        rounds: usize,
        /// Whether Latin-1 was involved.
        latin1: bool,
    },
    /// Windows-1252 bytes read as Latin-1: C1 controls where `“`, `’`, `…` should be.
    C1Controls,
    /// `à` (UTF-8 `C3 A0`) or a no-break space (`C2 A0`) whose byte A0, a no-break space in
    /// Windows-1252, became a plain space or was lost.
    LostNoBreakSpace,
    /// A mis-decoded sequence that lost a byte: the character cannot be restored.
    LostByte,
}

/// A mangled run of text and its repair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    /// Byte range of the mangled run.
    pub span: Range<usize>,
    /// The repaired text; `None` when it cannot be restored.
    pub repaired: Option<String>,
    /// What happened.
    pub damage: Damage,
    /// Why the repair is not certain, when it is not (the fix is then unsafe).
    pub doubt: Option<&'static str>,
}

/// One mis-decoded UTF-8 sequence.
#[derive(Debug, Clone, Copy)]
struct Group {
    /// Byte length of its characters in the text.
    len: usize,
    /// The bytes of the sequence and how many there are.
    bytes: [u8; 4],
    count: usize,
    /// The characters that stood for them.
    chars: [char; 4],
    /// What the bytes decode to (a C1 control is kept: a later round may need it).
    decoded: char,
    latin1: bool,
}

/// The length of the UTF-8 sequence a lead byte starts.
fn sequence_len(lead: u8) -> Option<usize> {
    match lead {
        0xc2..=0xdf => Some(2),
        0xe0..=0xef => Some(3),
        0xf0..=0xf4 => Some(4),
        _ => None,
    }
}

/// Reads one mis-decoded sequence at byte `at` of `text`, as code page `page`.
fn group_at(text: &str, at: usize, page: CodePage) -> Option<Group> {
    let mut chars = text[at..].chars();
    let lead = chars.next()?;
    let (lead_byte, lead_latin1) = byte_of(page, lead)?;
    let count = sequence_len(lead_byte)?;
    let mut group = Group {
        len: lead.len_utf8(),
        bytes: [lead_byte, 0, 0, 0],
        count,
        chars: [lead, '\0', '\0', '\0'],
        decoded: '\0',
        latin1: lead_latin1,
    };
    for k in 1..count {
        let c = chars.next()?;
        let (b, latin1) = byte_of(page, c)?;
        if !(0x80..=0xbf).contains(&b) {
            return None;
        }
        group.bytes[k] = b;
        group.chars[k] = c;
        group.len += c.len_utf8();
        group.latin1 |= latin1;
    }
    group.decoded = std::str::from_utf8(&group.bytes[..count])
        .ok()?
        .chars()
        .next()?;
    Some(group)
}

/// A candidate repair of the run at some offset, as one code page.
#[derive(Debug, Clone)]
struct Candidate {
    page: CodePage,
    groups: Vec<Group>,
    end: usize,
}

impl Candidate {
    fn decoded(&self) -> String {
        self.groups.iter().map(|g| g.decoded).collect()
    }
}

/// The longest run of sequences at `at` as `page`.
fn candidate(text: &str, at: usize, page: CodePage) -> Option<Candidate> {
    let mut groups = Vec::new();
    let mut end = at;
    while let Some(group) = group_at(text, end, page) {
        end += group.len;
        groups.push(group);
    }
    (!groups.is_empty()).then_some(Candidate { page, groups, end })
}

/// Where a candidate sits in the text.
#[derive(Debug, Clone, Copy)]
struct Context {
    previous: Option<char>,
    next: Option<char>,
    /// The character after `next`.
    after_next: Option<char>,
}

fn context(text: &str, end: usize, previous: Option<char>) -> Context {
    let mut rest = text[end..].chars();
    Context {
        previous,
        next: rest.next(),
        after_next: rest.next(),
    }
}

/// The best mis-decoding of the run at `at` and its score.
fn best(text: &str, at: usize, previous: Option<char>) -> Option<(Candidate, i32)> {
    let mut best: Option<(Candidate, i32)> = None;
    for page in CodePage::ALL {
        let Some(candidate) = candidate(text, at, page) else {
            continue;
        };
        let ctx = context(text, candidate.end, previous);
        let Some(score) = score::score(&candidate, &ctx) else {
            continue;
        };
        if best.as_ref().is_none_or(|(_, s)| score > *s) {
            best = Some((candidate, score));
        }
    }
    best
}

/// Undoes further rounds while the repaired text is itself wholly mojibake; the number of
/// rounds and whether Latin-1 was involved.
fn more_rounds(repaired: &mut String, page: CodePage) -> (usize, bool) {
    let (mut rounds, mut latin1) = (1, false);
    while rounds < MAX_ROUNDS {
        let whole = [page]
            .into_iter()
            .chain(CodePage::ALL)
            .find_map(|p| candidate(repaired, 0, p).filter(|c| c.end == repaired.len()));
        let Some(again) = whole else { break };
        let decoded = again.decoded();
        // A further round must make the text better, not just different.
        if !score::plausible_text(&decoded) && score::plausible_text(repaired) {
            break;
        }
        latin1 |= again.groups.iter().any(|g| g.latin1);
        *repaired = decoded;
        rounds += 1;
    }
    (rounds, latin1)
}

/// Reads the mangled run starting at byte `at` of `text`, if there is one. `previous` is the
/// character before it.
pub fn run_at(text: &str, at: usize, previous: Option<char>) -> Option<Run> {
    let first = text[at..].chars().next()?;
    if !is_high(first) {
        return None;
    }
    if let Some((candidate, score)) = best(text, at, previous) {
        let mut repaired = candidate.decoded();
        let (rounds, more_latin1) = more_rounds(&mut repaired, candidate.page);
        let latin1 = more_latin1 || candidate.groups.iter().any(|g| g.latin1);
        let doubt = if score::plausible_text(&repaired) {
            // A lone pair in a line whose other punctuation is correctly encoded is as likely
            // text as damage (`Bremer/Mccoy – DrÃ¥ber`); a pair of box-drawing characters in
            // line art reads as a letter by chance.
            if score::is_lone_pair(&candidate) {
                let line = line_around(text, at, candidate.end);
                let alone = rounds == 1 && line.correct_punctuation && !line.damage;
                if alone || candidate.page == CodePage::Ibm437 && line.box_art {
                    return None;
                }
            }
            Some(score::doubt(&candidate, score))
        } else if repaired.chars().any(char::is_control) && score > score::THRESHOLD {
            Some(Some("the repaired text holds a control character"))
        } else {
            None
        };
        if let Some(doubt) = doubt {
            return Some(Run {
                span: at..candidate.end,
                repaired: Some(repaired),
                damage: Damage::Decoded {
                    page: candidate.page,
                    rounds,
                    latin1,
                },
                doubt,
            });
        }
    }
    lost_byte_at(text, at, previous)
        .or_else(|| lost_no_break_space_at(text, at, previous))
        .or_else(|| c1_at(text, at))
}

/// What the rest of the line around a run holds.
#[derive(Debug, Default)]
struct Line {
    /// Other mojibake.
    damage: bool,
    /// Correctly encoded punctuation that only UTF-8 or Windows-1252 carries.
    correct_punctuation: bool,
    /// Box-drawing characters that do not read as mojibake: line art.
    box_art: bool,
}

/// Looks at the line around `at..end`, outside that range.
fn line_around(text: &str, at: usize, end: usize) -> Line {
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let stop = text[end..].find('\n').map_or(text.len(), |i| end + i);
    let mut line = Line::default();
    let mut previous = None;
    let mut i = start;
    while i < stop {
        if i == at {
            i = end;
            previous = text[..i].chars().next_back();
            continue;
        }
        let c = text[i..].chars().next().unwrap_or_default();
        if is_high(c) {
            match best(text, i, previous) {
                Some((candidate, _)) => {
                    line.damage = true;
                    i = candidate.end;
                    previous = text[..i].chars().next_back();
                    continue;
                }
                None => {
                    line.correct_punctuation |= score::is_windows_punctuation(c);
                    line.box_art |= ('\u{2500}'..='\u{259f}').contains(&c);
                }
            }
        }
        previous = Some(c);
        i += c.len_utf8();
    }
    line
}

/// Whether the line around `at..end` holds other mojibake.
fn other_damage_in_line(text: &str, at: usize, end: usize) -> bool {
    line_around(text, at, end).damage
}

/// A sequence whose last byte was lost: a lead followed by `�`, or `â€` followed by something
/// that cannot complete it (Windows-1252 cannot show the last byte of `”`, so it is often
/// dropped or turned into `?`).
fn lost_byte_at(text: &str, at: usize, previous: Option<char>) -> Option<Run> {
    let mut chars = text[at..].chars();
    let first = chars.next()?;
    let second = chars.next()?;
    let lost = |end: usize| Run {
        span: at..end,
        repaired: None,
        damage: Damage::LostByte,
        doubt: Some("a byte of the character was lost"),
    };
    if first == 'â' && matches!(second, '€' | '\u{80}') {
        let third = chars.next();
        let completes = third
            .and_then(|c| byte_of(CodePage::Windows1252, c))
            .is_some_and(|(b, _)| (0x80..=0xbf).contains(&b));
        if completes {
            return None;
        }
        let mut end = at + first.len_utf8() + second.len_utf8();
        if matches!(third, Some('\u{fffd}' | '?')) {
            end += third.map_or(0, char::len_utf8);
        }
        return Some(lost(end));
    }
    // A lead byte, then the replacement character where its continuation was.
    if second == '\u{fffd}' && score::is_lost_byte_lead(first, previous, chars.next()) {
        return Some(lost(at + first.len_utf8() + second.len_utf8()));
    }
    // A longer sequence whose last byte was lost.
    for page in [CodePage::Windows1252, CodePage::Windows1250] {
        if let Some(group) = partial_group(text, at, page)
            && group.1 >= 2
        {
            let end = at + group.0;
            if text[end..].starts_with('\u{fffd}') {
                return Some(lost(end + '\u{fffd}'.len_utf8()));
            }
        }
    }
    None
}

/// The bytes and number of characters of a sequence at `at` that starts well but stops short
/// (a three- or four-byte lead and at least one continuation).
fn partial_group(text: &str, at: usize, page: CodePage) -> Option<(usize, usize)> {
    let mut chars = text[at..].chars();
    let lead = chars.next()?;
    let (b, _) = byte_of(page, lead)?;
    let count = sequence_len(b)?;
    if count < 3 {
        return None;
    }
    let mut len = lead.len_utf8();
    let mut n = 1;
    for c in chars.take(count - 1) {
        match byte_of(page, c) {
            Some((b, _)) if (0x80..=0xbf).contains(&b) => {
                len += c.len_utf8();
                n += 1;
            }
            _ => break,
        }
    }
    (n < count).then_some((len, n))
}

/// `à` whose no-break space became a plain space (`voilÃ  le`) or was lost (`voilÃ le`); and
/// a no-break space (`Â` and the byte A0) whose second byte became a plain space, right after
/// a word (`namedÂ “scars”`).
fn lost_no_break_space_at(text: &str, at: usize, previous: Option<char>) -> Option<Run> {
    if text[at..].starts_with("Â ") && previous.is_some_and(char::is_lowercase) {
        return Some(Run {
            span: at..at + "Â ".len(),
            repaired: Some("\u{a0}".to_string()),
            damage: Damage::LostNoBreakSpace,
            doubt: None,
        });
    }
    let after = text[at..].strip_prefix("Ã ")?;
    let rest = after.trim_start_matches(' ');
    let next_word = rest.chars().next();
    let lower = |c: Option<char>| c.is_some_and(|c| c.is_lowercase() || c == '\'' || c == '’');
    let joined = lower(previous);
    let ends =
        next_word.is_none_or(|c| matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | ')' | '\n'));
    if !(lower(next_word) || joined && ends) {
        return None;
    }
    let spaced = previous.is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '"' | '“'));
    let doubled = after.starts_with(' ');
    // The space stands for the no-break space when another follows, or when it joins `à`
    // to a lone `s` (Portuguese `às`); otherwise the no-break space was lost.
    let takes_space = doubled
        || (after.starts_with('s') && !after[1..].starts_with(|c: char| c.is_alphabetic()))
        || ends && joined;
    let end = at + 'Ã'.len_utf8() + usize::from(takes_space);
    // Joined to a lowercase word, followed by a doubled space, or among other damage, `Ã`
    // is `à`; a lone `Ã` between single spaces could be a letter of its own.
    if !(joined || spaced && doubled || other_damage_in_line(text, at, end)) {
        return None;
    }
    Some(Run {
        span: at..end,
        repaired: Some("à".to_string()),
        damage: Damage::LostNoBreakSpace,
        doubt: None,
    })
}

/// A C1 control that stands for the Windows-1252 character of the same byte.
fn c1_at(text: &str, at: usize) -> Option<Run> {
    let c = text[at..].chars().next()?;
    if !('\u{80}'..='\u{9f}').contains(&c) {
        return None;
    }
    let sign = CodePage::Windows1252.char_of(c as u8);
    (sign != c).then(|| Run {
        span: at..at + c.len_utf8(),
        repaired: Some(sign.to_string()),
        damage: Damage::C1Controls,
        doubt: None,
    })
}

/// Every mangled run in `text`, in order.
pub fn find(text: &str) -> Vec<Run> {
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

/// `text` with every run's repair applied, safe ones only unless `unsafe_too`.
pub fn repair(text: &str, unsafe_too: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut done = 0;
    for run in find(text) {
        let Some(repaired) = &run.repaired else {
            continue;
        };
        if run.doubt.is_some() && !unsafe_too {
            continue;
        }
        out.push_str(&text[done..run.span.start]);
        out.push_str(repaired);
        done = run.span.end;
    }
    out.push_str(&text[done..]);
    out
}

#[cfg(test)]
mod tests;
