//! How likely a candidate run is damage rather than text, and how sure its repair is.
//!
//! The score adds up evidence. For each mis-decoded sequence: three or four characters that
//! form valid UTF-8 are strong evidence (+4; ordinary text almost never does that); for a
//! two-character sequence, a lead that real text rarely holds (`Ã`, `Â`, Mac Roman's `√` inside
//! a word, Windows-1251's `Р`/`С`, box drawing) and a second character that does not belong
//! there (a symbol after a letter, a quotation mark inside a word, a C1 control) each count.
//! Ordinary punctuation after a common letter (`Å—`, `É’s`, `Ó…`, `×£`) counts for nothing. For a
//! lone sequence, the context counts too: a repaired letter inside a word (+1), a repaired
//! lowercase letter inside a word in capitals (−3, `MÄ£ÄM`), `’` opening a contraction (−3,
//! `JOÃ’s`), `Â`/`Ã` closing a word in capitals (−3, `MISUTÂ AJIKKO`). A repair in a script
//! the run could not be in (a lone Hebrew, Arabic or IPA letter, a private-use character) is
//! no candidate at all.

use super::{Candidate, CodePage, Context, Group};

/// The score from which a run is reported.
pub const THRESHOLD: i32 = 3;

/// The score from which a lone two-character sequence's repair is certain enough to be safe.
const SAFE: i32 = 4;

/// The candidate's score, if it is a candidate at all.
pub(super) fn score(candidate: &Candidate, ctx: &Context) -> Option<i32> {
    let groups = &candidate.groups;
    let multi = groups.len() > 1;
    for group in groups {
        let c1 = ('\u{80}'..='\u{9f}').contains(&group.decoded);
        if !c1 && !plausible(group.decoded, multi, candidate.page, group) {
            return None;
        }
    }
    let mut total = 0;
    for (i, group) in groups.iter().enumerate() {
        let previous = if i == 0 {
            ctx.previous
        } else {
            Some(groups[i - 1].chars[groups[i - 1].count - 1])
        };
        let next = groups.get(i + 1).map_or(ctx.next, |g| Some(g.chars[0]));
        total += group_score(candidate.page, group, previous, next);
    }
    if !multi && groups[0].count == 2 {
        total += context(&groups[0], ctx);
    }
    (total >= THRESHOLD).then_some(total)
}

fn group_score(page: CodePage, group: &Group, previous: Option<char>, next: Option<char>) -> i32 {
    if group.count >= 3 {
        return 4;
    }
    let (lead, follower) = (group.chars[0], group.chars[1]);
    lead_strength(page, lead, follower, previous, next) + follower_strength(lead, follower, next)
}

/// How rarely real text holds this lead character where the code page's mojibake does.
fn lead_strength(
    page: CodePage,
    lead: char,
    follower: char,
    previous: Option<char>,
    next: Option<char>,
) -> i32 {
    let after_letter = previous.is_some_and(char::is_alphabetic);
    let in_word = after_letter && next.is_some_and(char::is_alphabetic);
    match (page, lead) {
        (CodePage::Windows1252 | CodePage::Windows1250, 'Â' | 'Ã') => 3,
        (CodePage::Windows1250, 'Ă' | 'Ĺ') => 3,
        // The leads of Greek letters (`Î±` for `α`, `Ï€` for `π`).
        (CodePage::Windows1252, 'Î' | 'Ï') => 2,
        (CodePage::Windows1252, 'Ð' | 'Ñ') => 1,
        // `√` before a mathematical sign is mathematics (`√π`) unless inside a word.
        (CodePage::MacRoman, '√') if after_letter || !is_math_sign(follower) => 3,
        (CodePage::MacRoman, 'ƒ' | '≈') if in_word => 3,
        (CodePage::Windows1251, 'Р' | 'С') => 2,
        (CodePage::Ibm437, '\u{2500}'..='\u{257f}') => {
            if after_letter {
                2
            } else {
                1
            }
        }
        _ => 0,
    }
}

/// Mathematical signs Mac Roman has above 0x7F.
fn is_math_sign(c: char) -> bool {
    matches!(
        c,
        'π' | '∞'
            | '∑'
            | '∏'
            | '∂'
            | '∫'
            | 'Ω'
            | 'µ'
            | '≤'
            | '≥'
            | '≠'
            | '±'
            | '∆'
            | '◊'
            | '≈'
            | '¬'
            | 'ƒ'
            | '°'
            | '÷'
    )
}

/// How out of place the second character of a two-character sequence is.
fn follower_strength(lead: char, c: char, next: Option<char>) -> i32 {
    // A C1 control in text is always damage.
    if ('\u{80}'..='\u{9f}').contains(&c) {
        return 3;
    }
    // A currency or similar sign right after a letter (`Ï€`, `Ä°`); trade marks follow names.
    if lead.is_alphabetic() && matches!(c, '€' | '£' | '¥' | '¢' | '°' | '§' | '†' | '‡' | '©')
    {
        return 2;
    }
    if is_text_punctuation(c) {
        // Punctuation that joins words is at home between letters; the rest is not.
        let joins = matches!(c, '’' | '—' | '–' | '\u{a0}');
        return if !joins && next.is_some_and(char::is_alphabetic) {
            2
        } else {
            0
        };
    }
    2
}

/// Punctuation and signs that ordinary text puts next to words.
fn is_text_punctuation(c: char) -> bool {
    matches!(
        c,
        '’' | '‘'
            | '“'
            | '”'
            | '«'
            | '»'
            | '‹'
            | '›'
            | '„'
            | '‚'
            | '—'
            | '–'
            | '…'
            | '•'
            | '·'
            | '°'
            | '\u{a0}'
            | '™'
            | '©'
            | '®'
            | '¡'
            | '¿'
            | '¢'
            | '£'
            | '¥'
            | '€'
            | '§'
            | '†'
            | '‡'
    )
}

/// What the context of a lone two-character sequence adds.
fn context(group: &Group, ctx: &Context) -> i32 {
    let decoded = group.decoded;
    let (lead, follower) = (group.chars[0], group.chars[1]);
    let mut total = 0;
    let letter = |c: Option<char>| c.is_some_and(char::is_alphabetic);
    if decoded.is_alphabetic() && (letter(ctx.previous) || letter(ctx.next)) {
        total += 1;
    }
    // Opening punctuation before a word: `¿Qué`, `«ok`.
    if matches!(decoded, '¿' | '¡' | '«') && letter(ctx.next) {
        total += 1;
    }
    // A lowercase letter inside a word in capitals: `MÄ£ÄM`, `AHÅ™`.
    if decoded.is_lowercase()
        && ctx.previous.is_some_and(char::is_uppercase)
        && !ctx.next.is_some_and(char::is_lowercase)
    {
        total -= 3;
    }
    // `’` opening a contraction: `JOÃ’s`, `ZZAJÉ’s`.
    if matches!(follower, '’' | '\'') && is_contraction(ctx.next, ctx.after_next) {
        total -= 3;
    }
    // `Â` or `Ã` closing a word in capitals: `MISUTÂ AJIKKO`, `IRMÃ—`.
    if matches!(lead, 'Â' | 'Ã')
        && ctx.previous.is_some_and(char::is_uppercase)
        && matches!(follower, '\u{a0}' | '’' | '—' | '–')
    {
        total -= 3;
    }
    total
}

fn is_contraction(next: Option<char>, after: Option<char>) -> bool {
    let ends = after.is_none_or(|c| !c.is_alphabetic());
    match next {
        Some('s' | 't' | 'd' | 'm') => ends,
        Some('l') => after == Some('l'),
        Some('r' | 'v') => after == Some('e'),
        _ => false,
    }
}

/// Whether `c`, repaired from a run of `multi` sequences as `page`, is a character real text
/// uses there.
fn plausible(c: char, multi: bool, page: CodePage, group: &Group) -> bool {
    let code = c as u32;
    match code {
        0x00a0..=0x00ff => true,
        0x0100..=0x017e => true,
        0x017f => multi,
        0x0180..=0x024f => multi || matches!(code, 0x0192 | 0x01cd..=0x01dc | 0x0218..=0x021b),
        0x0250..=0x02af => false,
        0x02b0..=0x02ff => matches!(code, 0x02bc | 0x02c6 | 0x02c7 | 0x02d8..=0x02dd) || multi,
        0x0300..=0x036f => multi,
        0x0370..=0x03ff => true,
        0x0400..=0x04ff => {
            multi
                || matches!(page, CodePage::Windows1251 | CodePage::Ibm437)
                || matches!(group.chars[0], 'Ð' | 'Ñ')
        }
        0x0500..=0x1cff => multi && c.is_alphabetic(),
        0x1d00..=0x1dbf => false,
        0x1e00..=0x1eff => true,
        0x1f00..=0x1fff => multi,
        0x2000..=0x2bff => true,
        0x2c00..=0x2dff => multi,
        0x2e00..=0x2e7f => true,
        0x3000..=0x9fff | 0xac00..=0xd7a3 => multi,
        0xe000..=0xf8ff => false,
        0xfb00..=0xfb06 => true,
        0xfe00..=0xfe0f | 0xfeff | 0xfffd => true,
        0xf900..=0xfffc => multi,
        0x1f000..=0x1faff => true,
        0x10000.. => multi && !(0xf0000..=0x10ffff).contains(&code),
        _ => false,
    }
}

/// Whether a repaired text is one to write: no control characters, no private use.
pub fn plausible_text(text: &str) -> bool {
    text.chars().all(|c| {
        !c.is_control()
            && !('\u{e000}'..='\u{f8ff}').contains(&c)
            && !('\u{f0000}'..='\u{10ffff}').contains(&c)
            && (c as u32) & 0xfffe != 0xfffe
    })
}

/// Whether the candidate is one two-character sequence.
pub(super) fn is_lone_pair(candidate: &Candidate) -> bool {
    candidate.groups.len() == 1 && candidate.groups[0].count == 2
}

/// Why the repair of a reported candidate is not certain, if it is not: a lone pair with weak
/// evidence whose second character is a mark that can end a word (`Ä°`: `°` after a name),
/// unless its lead is one real text rarely holds.
pub(super) fn doubt(candidate: &Candidate, score: i32) -> Option<&'static str> {
    if !is_lone_pair(candidate) || score >= SAFE {
        return None;
    }
    let group = &candidate.groups[0];
    let strong = lead_strength(
        candidate.page,
        group.chars[0],
        group.chars[1],
        Some('a'),
        None,
    ) >= 3;
    let trailing = matches!(
        group.chars[1],
        '’' | '”'
            | '—'
            | '–'
            | '…'
            | '°'
            | '™'
            | '®'
            | '©'
            | '»'
            | '\u{a0}'
            | '·'
            | '¡'
            | '¿'
    );
    (!strong && trailing).then_some("two characters that could also be ordinary text")
}

/// Correctly encoded punctuation that only UTF-8 or Windows-1252 can carry: a line that has
/// it was decoded right at least there.
pub fn is_windows_punctuation(c: char) -> bool {
    matches!(
        c,
        '–' | '—'
            | '‘'
            | '’'
            | '“'
            | '”'
            | '…'
            | '•'
            | '€'
            | '™'
            | '„'
            | '‚'
            | '‹'
            | '›'
    )
}

/// Whether `c`, followed by `�`, is the lead of a sequence whose next byte was lost.
pub fn is_lost_byte_lead(c: char, previous: Option<char>, next: Option<char>) -> bool {
    let lead = [CodePage::Windows1252, CodePage::Windows1250]
        .into_iter()
        .any(|page| super::byte_of(page, c).is_some_and(|(b, _)| super::sequence_len(b).is_some()));
    let attached = previous.is_some_and(|p| p.is_alphabetic() || super::is_high(p))
        || next.is_some_and(char::is_alphabetic);
    lead && attached
        && matches!(
            c,
            'Ã' | 'Â' | 'Ă' | 'Ä' | 'Å' | 'Ĺ' | 'Ð' | 'Ñ' | 'Ø' | 'Ù' | 'â'..='ï' | 'ð'
        )
}
