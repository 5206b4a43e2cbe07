//! The single-byte code pages UTF-8 text is mistaken for, as tables from byte to character
//! and back.

use std::sync::OnceLock;

use encoding_rs::{Encoding, MACINTOSH, WINDOWS_1250, WINDOWS_1251, WINDOWS_1252};
use rustc_hash::FxHashMap;

/// A code page UTF-8 bytes were decoded with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CodePage {
    /// Windows-1252 (Western European); C1 controls stand for the bytes it leaves undefined,
    /// and every byte from 0x80 to 0x9F when the text went through Latin-1.
    Windows1252,
    /// Mac OS Roman.
    MacRoman,
    /// Windows-1251 (Cyrillic).
    Windows1251,
    /// Windows-1250 (Central European).
    Windows1250,
    /// IBM code page 437 (the DOS console's).
    Ibm437,
}

impl CodePage {
    /// Every code page, most common mix-up first.
    pub const ALL: [CodePage; 5] = [
        CodePage::Windows1252,
        CodePage::MacRoman,
        CodePage::Windows1251,
        CodePage::Windows1250,
        CodePage::Ibm437,
    ];

    /// Its name in messages.
    pub fn name(self) -> &'static str {
        match self {
            CodePage::Windows1252 => "Windows-1252",
            CodePage::MacRoman => "Mac Roman",
            CodePage::Windows1251 => "Windows-1251",
            CodePage::Windows1250 => "Windows-1250",
            CodePage::Ibm437 => "IBM code page 437",
        }
    }

    fn index(self) -> usize {
        self as usize
    }

    /// What the code page decodes bytes 0x80 to 0xFF to.
    pub fn high(self) -> &'static [char; 128] {
        &tables().high[self.index()]
    }

    /// The character byte `b` decodes to.
    pub fn char_of(self, b: u8) -> char {
        if b < 0x80 {
            b as char
        } else {
            self.high()[(b - 0x80) as usize]
        }
    }
}

/// IBM code page 437's bytes 0x80 to 0xFF, from the Unicode Consortium's mapping file
/// (VENDORS/MICSFT/PC/CP437.TXT). encoding_rs has only the code pages of the web.
const IBM437: [char; 128] = [
    'Ç', 'ü', 'é', 'â', 'ä', 'à', 'å', 'ç', 'ê', 'ë', 'è', 'ï', 'î', 'ì', 'Ä', 'Å', //
    'É', 'æ', 'Æ', 'ô', 'ö', 'ò', 'û', 'ù', 'ÿ', 'Ö', 'Ü', '¢', '£', '¥', '₧', 'ƒ', //
    'á', 'í', 'ó', 'ú', 'ñ', 'Ñ', 'ª', 'º', '¿', '⌐', '¬', '½', '¼', '¡', '«', '»', //
    '░', '▒', '▓', '│', '┤', '╡', '╢', '╖', '╕', '╣', '║', '╗', '╝', '╜', '╛', '┐', //
    '└', '┴', '┬', '├', '─', '┼', '╞', '╟', '╚', '╔', '╩', '╦', '╠', '═', '╬', '╧', //
    '╨', '╤', '╥', '╙', '╘', '╒', '╓', '╫', '╪', '┘', '┌', '█', '▄', '▌', '▐', '▀', //
    'α', 'ß', 'Γ', 'π', 'Σ', 'σ', 'µ', 'τ', 'Φ', 'Θ', 'Ω', 'δ', '∞', 'φ', 'ε', '∩', //
    '≡', '±', '≥', '≤', '⌠', '⌡', '÷', '≈', '°', '∙', '·', '√', 'ⁿ', '²', '■', '\u{a0}',
];

struct Tables {
    high: [[char; 128]; 5],
    /// For each character some code page has above 0x7F: its byte in each code page (0 for
    /// none), and whether Windows-1252 has it only through Latin-1.
    bytes: FxHashMap<char, ([u8; 5], bool)>,
}

fn decode_high(encoding: &'static Encoding) -> [char; 128] {
    let bytes: Vec<u8> = (0x80..=0xff).collect();
    let (text, _) = encoding.decode_without_bom_handling(&bytes);
    let mut table = ['\0'; 128];
    for (slot, c) in table.iter_mut().zip(text.chars()) {
        *slot = c;
    }
    table
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let high = [
            decode_high(WINDOWS_1252),
            decode_high(MACINTOSH),
            decode_high(WINDOWS_1251),
            decode_high(WINDOWS_1250),
            IBM437,
        ];
        let mut bytes: FxHashMap<char, ([u8; 5], bool)> = FxHashMap::default();
        for (page, table) in high.iter().enumerate() {
            for (i, &c) in table.iter().enumerate() {
                bytes.entry(c).or_default().0[page] = 0x80 + i as u8;
            }
        }
        // Latin-1 decodes 0x80..0x9F to the C1 controls: text that went through Latin-1
        // holds them where Windows-1252 would show a sign.
        for b in 0x80u8..=0x9f {
            let entry = bytes.entry(char::from(b)).or_default();
            if entry.0[0] == 0 {
                entry.0[0] = b;
                entry.1 = true;
            }
        }
        Tables { high, bytes }
    })
}

/// The byte `c` stands for in `page` (ASCII for itself), and whether it came through Latin-1.
#[inline]
pub fn byte_of(page: CodePage, c: char) -> Option<(u8, bool)> {
    if c.is_ascii() {
        return Some((c as u8, false));
    }
    let &(bytes, latin1) = tables().bytes.get(&c)?;
    let b = bytes[page.index()];
    (b != 0).then_some((b, latin1 && page == CodePage::Windows1252))
}

/// Whether `c` stands for a byte above 0x7F in some code page (the only characters a
/// mis-decoded UTF-8 sequence can start with or hold).
#[inline]
pub fn is_high(c: char) -> bool {
    !c.is_ascii() && tables().bytes.contains_key(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_match_the_code_pages() {
        assert_eq!(byte_of(CodePage::Windows1252, '€'), Some((0x80, false)));
        assert_eq!(byte_of(CodePage::Windows1252, '™'), Some((0x99, false)));
        assert_eq!(
            byte_of(CodePage::Windows1252, '\u{81}'),
            Some((0x81, false))
        );
        assert_eq!(byte_of(CodePage::Windows1252, '\u{80}'), Some((0x80, true)));
        assert_eq!(byte_of(CodePage::MacRoman, '√'), Some((0xc3, false)));
        assert_eq!(byte_of(CodePage::Windows1251, 'Р'), Some((0xd0, false)));
        assert_eq!(byte_of(CodePage::Windows1250, 'Ă'), Some((0xc3, false)));
        assert_eq!(byte_of(CodePage::Ibm437, '╨'), Some((0xd0, false)));
        assert_eq!(byte_of(CodePage::Ibm437, 'α'), Some((0xe0, false)));
        assert_eq!(byte_of(CodePage::Windows1252, 'α'), None);
        assert_eq!(CodePage::Ibm437.char_of(0xff), '\u{a0}');
    }
}
