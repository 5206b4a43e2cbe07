//! What readers see: a Markdown field as the page renders it, mapped back to the file.
//!
//! The page takes the field's value, turns each two-character `\n` into a line break (when the
//! site does so), and parses the result as Markdown with math. A [`Rendered`] field holds that
//! text (the *shown* text), its Markdown structure, and the maps that take a byte of the shown
//! text back to the value and to the file: shown → value undoes the `\n` replacement, value →
//! file undoes YAML's folding and escaping ([`SourceMap`]).

use std::borrow::Cow;
use std::cell::OnceCell;
use std::ops::Range;
use std::sync::LazyLock;

use saphyr_parser::ScalarStyle;

use super::diagnostic::Edit;
use super::document::Document;
use super::markdown::{self, Kind, Markdown, Span};
use super::settings::RenderSettings;
use super::yaml::{NodeKind, SourceMap};

/// The two characters `\n`, which the site turns into a line break.
static ESCAPED_NEWLINE: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new(b"\\n"));

/// One Markdown field of an article, as the page renders it.
#[derive(Debug)]
pub struct Rendered<'a> {
    /// The field's name.
    pub field: &'a str,
    /// The field's value.
    pub value: &'a str,
    /// The text the Markdown renderer is given.
    pub shown: Cow<'a, str>,
    /// Its math and code.
    pub markdown: Markdown,
    /// `\(…\)` and `\[…\]` in text, in order.
    pub brackets: Vec<Bracket>,
    /// Offsets in `shown` of the line breaks made from a two-character `\n`.
    breaks: Vec<usize>,
    /// The scalar's bytes in the file.
    span: Range<usize>,
    style: ScalarStyle,
    /// The whole file.
    text: &'a str,
    /// Built the first time a diagnostic needs file bytes: most fields have nothing to report.
    map: OnceCell<Option<SourceMap>>,
}

/// Math written between escaped brackets: `\(…\)` (inline) or `\[…\]` (display).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bracket {
    /// From the opening backslash to just past the closing bracket, in the shown text.
    pub range: Range<usize>,
    /// Between the delimiters.
    pub inner: Range<usize>,
    /// `\[…\]`.
    pub display: bool,
}

/// The Markdown fields of `doc` named in `settings`, rendered. A field that is not a string
/// is skipped (the schema reports it).
pub fn render<'a>(doc: &'a Document<'a>, settings: &RenderSettings) -> Vec<Rendered<'a>> {
    let Some(root) = doc.root.as_ref() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for name in &settings.markdown_fields {
        let Some(entry) = root.entry(name) else {
            continue;
        };
        let NodeKind::Scalar { text, style, .. } = &entry.value.kind else {
            continue;
        };
        out.push(Rendered::new(
            &entry.name,
            text,
            doc.text,
            entry.value.span.clone(),
            *style,
            settings,
        ));
    }
    out
}

impl<'a> Rendered<'a> {
    /// Renders `value`, the scalar at `span` of the file `text`.
    pub fn new(
        field: &'a str,
        value: &'a str,
        text: &'a str,
        span: Range<usize>,
        style: ScalarStyle,
        settings: &RenderSettings,
    ) -> Self {
        let (shown, breaks) =
            if settings.escaped_newlines && ESCAPED_NEWLINE.find(value.as_bytes()).is_some() {
                unescape_newlines(value)
            } else {
                (Cow::Borrowed(value), Vec::new())
            };
        let markdown = if might_hold_math_or_code(&shown) {
            markdown::parse(&shown, markdown_options(settings))
        } else {
            Markdown::default()
        };
        let brackets = brackets(&shown, &markdown);
        Self {
            field,
            value,
            shown,
            markdown,
            brackets,
            breaks,
            span,
            style,
            text,
            map: OnceCell::new(),
        }
    }

    /// A field the page does not render as Markdown: its value as written, with the maps
    /// and edits of a rendered one.
    pub fn verbatim(
        field: &'a str,
        value: &'a str,
        text: &'a str,
        span: Range<usize>,
        style: ScalarStyle,
    ) -> Self {
        Self {
            field,
            value,
            shown: Cow::Borrowed(value),
            markdown: Markdown::default(),
            brackets: Vec::new(),
            breaks: Vec::new(),
            span,
            style,
            text,
            map: OnceCell::new(),
        }
    }

    /// The map from the value to the file, when the value's source can be mapped byte by byte.
    fn map(&self) -> Option<&SourceMap> {
        self.map
            .get_or_init(|| SourceMap::new(self.text, self.span.clone(), self.style, self.value))
            .as_ref()
    }

    /// The value offset of shown offset `offset`.
    pub fn value_offset(&self, offset: usize) -> usize {
        offset + self.breaks.partition_point(|&b| b < offset)
    }

    /// The value range of a shown range.
    pub fn value_range(&self, range: Range<usize>) -> Range<usize> {
        self.value_offset(range.start)..self.value_offset(range.end)
    }

    /// The file bytes that hold a shown range; the whole scalar when its source cannot be
    /// mapped byte by byte.
    pub fn file_range(&self, range: Range<usize>) -> Range<usize> {
        self.value_file_range(self.value_range(range))
    }

    /// The file bytes that hold a range of the value.
    pub fn value_file_range(&self, range: Range<usize>) -> Range<usize> {
        match self.map() {
            Some(map) => map.range(range),
            None => self.span.clone(),
        }
    }

    /// Whether the shown line break at `offset` was a two-character `\n` in the value.
    pub fn is_escaped_break(&self, offset: usize) -> bool {
        self.breaks.binary_search(&offset).is_ok()
    }

    /// The math spans readers see typeset: Markdown math, and bracketed math when the site
    /// renders it.
    pub fn math(&self, settings: &RenderSettings) -> impl Iterator<Item = Math<'_>> {
        let bracket_math = settings.bracket_math;
        let markdown = self
            .markdown
            .spans
            .iter()
            .filter(|s| s.kind.is_math())
            .map(Math::Markdown);
        let brackets = self
            .brackets
            .iter()
            .filter(move |_| bracket_math)
            .map(|b| Math::Bracket(b, &self.shown[b.inner.clone()]));
        markdown.chain(brackets)
    }

    /// An edit that replaces the shown bytes `range` with `replacement`, written in the
    /// scalar's style; `None` when those bytes are not written as they read (a YAML escape
    /// or fold inside them) or `replacement` cannot be written there.
    pub fn edit(&self, text: &str, range: Range<usize>, replacement: &str) -> Option<Edit> {
        self.value_edit(text, self.value_range(range), replacement)
    }

    /// Like [`Rendered::edit`], for a range of the value.
    pub fn value_edit(
        &self,
        text: &str,
        value_range: Range<usize>,
        replacement: &str,
    ) -> Option<Edit> {
        let map = self.map()?;
        let value = self.value.get(value_range.clone())?;
        let file_range = map.range(value_range);
        let source = text.get(file_range.clone())?;
        let written = match self.style {
            ScalarStyle::DoubleQuoted => {
                let escape = |s: &str| s.replace('\\', "\\\\").replace('"', "\\\"");
                (source == escape(value) && !replacement.contains('\n'))
                    .then(|| escape(replacement))?
            }
            ScalarStyle::SingleQuoted => (source == value && !replacement.contains('\n'))
                .then(|| replacement.replace('\'', "''"))?,
            _ => (source == value && !replacement.contains(['\n', '#']))
                .then(|| replacement.to_string())?,
        };
        Some(Edit::new(file_range, written))
    }
}

/// A formula readers see typeset.
#[derive(Debug, Clone, Copy)]
pub enum Math<'s> {
    /// `$…$`, `$$…$$` or a `$$` block.
    Markdown(&'s Span),
    /// `\(…\)` or `\[…\]`, with its content.
    Bracket(&'s Bracket, &'s str),
}

impl Math<'_> {
    /// The formula.
    pub fn tex(&self) -> &str {
        match self {
            Math::Markdown(span) => &span.value,
            Math::Bracket(_, inner) => inner,
        }
    }

    /// Whether KaTeX renders it in display mode.
    pub fn display(&self) -> bool {
        match self {
            Math::Markdown(span) => span.kind == Kind::DisplayMath,
            Math::Bracket(bracket, _) => bracket.display,
        }
    }

    /// The whole span, delimiters included, in the shown text.
    pub fn range(&self) -> Range<usize> {
        match self {
            Math::Markdown(span) => span.range.clone(),
            Math::Bracket(bracket, _) => bracket.range.clone(),
        }
    }

    /// The shown range of `range` of the formula.
    pub fn tex_range(&self, range: Range<usize>) -> Range<usize> {
        match self {
            Math::Markdown(span) => span.value_range(range),
            Math::Bracket(bracket, _) => {
                bracket.inner.start + range.start..bracket.inner.start + range.end
            }
        }
    }
}

/// The Markdown parser's options for a site rendered as `settings` say.
pub fn markdown_options(settings: &RenderSettings) -> markdown::Options {
    markdown::Options {
        math: settings.dollar_math,
        single_dollar: settings.single_dollar,
    }
}

/// `value` with each two-character `\n` replaced by a line break, and where those breaks are.
fn unescape_newlines(value: &str) -> (Cow<'_, str>, Vec<usize>) {
    unescape_newlines_except(value, |_| false)
}

/// Like [`unescape_newlines`], keeping the `\n` at the value offsets `keep` accepts.
pub fn unescape_newlines_except(
    value: &str,
    keep: impl Fn(usize) -> bool,
) -> (Cow<'_, str>, Vec<usize>) {
    let mut shown = String::with_capacity(value.len());
    let mut breaks = Vec::new();
    let mut done = 0;
    let mut from = 0;
    while let Some(i) = ESCAPED_NEWLINE
        .find(&value.as_bytes()[from..])
        .map(|i| from + i)
    {
        from = i + 2;
        if keep(i) {
            continue;
        }
        shown.push_str(&value[done..i]);
        breaks.push(shown.len());
        shown.push('\n');
        done = i + 2;
    }
    shown.push_str(&value[done..]);
    (Cow::Owned(shown), breaks)
}

/// Whether Markdown parsing can find anything the rules look at: math needs `$`, bracketed
/// math `\(` or `\[`, code a backtick, a `~~~` fence or indentation.
fn might_hold_math_or_code(text: &str) -> bool {
    static TILDES: LazyLock<memchr::memmem::Finder<'static>> =
        LazyLock::new(|| memchr::memmem::Finder::new(b"~~~"));
    let bytes = text.as_bytes();
    // Backslashes are rare in the shown text (its `\n` are line breaks by now).
    memchr::memchr3(b'$', b'`', b'\t', bytes).is_some()
        || memchr::memchr_iter(b'\\', bytes).any(|i| matches!(bytes.get(i + 1), Some(b'(' | b'[')))
        || TILDES.find(bytes).is_some()
        || has_four_spaces(bytes)
}

/// Whether `bytes` hold four spaces in a row. Any four consecutive positions include one that
/// is a multiple of four, so only those are looked at first: a quarter of the bytes, instead
/// of a search that stops at every space of a sentence.
fn has_four_spaces(bytes: &[u8]) -> bool {
    let space = |i: usize| bytes.get(i) == Some(&b' ');
    (0..bytes.len()).step_by(4).any(|i| {
        if !space(i) {
            return false;
        }
        let before = (1..=3).take_while(|&k| i >= k && space(i - k)).count();
        let after = (1..=3).take_while(|&k| space(i + k)).count();
        before + 1 + after >= 4
    })
}

/// Pairs the escaped brackets of each paragraph into `\(…\)` and `\[…\]` math. `\[1\]` with
/// nothing LaTeX-like inside is a literal bracket, not math.
pub fn brackets(shown: &str, markdown: &Markdown) -> Vec<Bracket> {
    let mut out = Vec::new();
    let mut open: Option<&markdown::Escape> = None;
    for escape in &markdown.escapes {
        match (open, escape.byte) {
            (Some(o), _) if o.block != escape.block => {
                open = matches!(escape.byte, b'(' | b'[').then_some(escape);
            }
            (Some(o), close @ (b')' | b']')) if (o.byte == b'(') == (close == b')') => {
                let inner = o.at + 2..escape.at;
                let display = o.byte == b'[';
                if !display || looks_like_tex(&shown[inner.clone()]) {
                    out.push(Bracket {
                        range: o.at..escape.at + 2,
                        inner,
                        display,
                    });
                }
                open = None;
            }
            (None, b'(' | b'[') => open = Some(escape),
            _ => {}
        }
    }
    out
}

/// Whether `text` reads as a formula rather than words or a number in brackets.
fn looks_like_tex(text: &str) -> bool {
    let text = text.trim();
    text.contains(['\\', '^', '_', '=', '{', '+'])
        || (text.len() == 1 && text.as_bytes()[0].is_ascii_alphabetic())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rendered(yaml_value: &str) -> (String, Rendered<'static>) {
        let text: &'static str = Box::leak(format!("answer: {yaml_value}\n").into_boxed_str());
        let root = super::super::yaml::parse(text, 0).root.unwrap();
        let root: &'static _ = Box::leak(Box::new(root));
        let entry = root.entry("answer").unwrap();
        let NodeKind::Scalar {
            text: value, style, ..
        } = &entry.value.kind
        else {
            panic!()
        };
        let r = Rendered::new(
            "answer",
            value,
            text,
            entry.value.span.clone(),
            *style,
            &RenderSettings::default(),
        );
        (text.to_string(), r)
    }

    #[test]
    fn four_spaces_are_found_wherever_they_stand() {
        for len in 0..12 {
            for at in 0..len {
                let mut text = "x".repeat(len);
                let run = (len - at).min(4);
                text.replace_range(at..at + run, &" ".repeat(run));
                assert_eq!(has_four_spaces(text.as_bytes()), run == 4, "{text:?}");
            }
        }
        assert!(!has_four_spaces(b"a   b   c   d"));
    }

    #[test]
    fn shown_text_maps_back_to_the_file() {
        let (text, r) = rendered(r"'One.\n\nIt costs $x^2$ \(y\)'");
        assert_eq!(r.shown, "One.\n\nIt costs $x^2$ \\(y\\)");
        let span = &r.markdown.spans[0];
        assert_eq!(&text[r.file_range(span.range.clone())], "$x^2$");
        assert_eq!(&text[r.file_range(4..5)], "\\n");
        assert!(r.is_escaped_break(4));
        assert_eq!(r.brackets.len(), 1);
        assert_eq!(&text[r.file_range(r.brackets[0].range.clone())], r"\(y\)");
    }

    #[test]
    fn edits_respect_the_scalar_style() {
        let (text, r) = rendered(r#""a \\(y\\) b""#);
        assert_eq!(r.shown, r"a \(y\) b");
        let edit = r.edit(&text, 2..4, "$").unwrap();
        assert_eq!(&text[edit.range.clone()], r"\\(");
        assert_eq!(edit.replacement, "$");
        let (text, r) = rendered("'it''s \\(y\\)'");
        let edit = r.edit(&text, 5..7, "$").unwrap();
        assert_eq!(&text[edit.range.clone()], r"\(");
    }

    #[test]
    fn bracketed_numbers_are_not_math() {
        let (_, r) = rendered(r"see \[1\] and \[x^2\]");
        assert_eq!(r.brackets.len(), 1);
        assert!(r.brackets[0].display);
    }
}
