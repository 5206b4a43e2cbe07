//! The exact reading: markdown-rs (micromark's tokenizer in Rust) with remark-gfm's and
//! remark-math's constructs, walked for math, code and escaped brackets.

use markdown::mdast::Node;
use markdown::{Constructs, ParseOptions};

use super::{Escape, Kind, Markdown, Options, Span, chunks, is_punctuation, strip_padding};

/// Parses `text` with markdown-rs; `None` if it panics (it does on a few odd list
/// structures).
pub fn parse(text: &str, options: Options) -> Option<Markdown> {
    let parse_options = ParseOptions {
        constructs: Constructs {
            math_flow: options.math,
            math_text: options.math,
            ..Constructs::gfm()
        },
        math_text_single_dollar: options.single_dollar,
        ..ParseOptions::gfm()
    };
    let tree = crate::core::guard::guarded(|| markdown::to_mdast(text, &parse_options))?;
    let mut out = Markdown::default();
    // Without MDX, markdown-rs reports no errors: every text is Markdown.
    if let Ok(tree) = tree {
        walk(text, &tree, 0, &mut out);
    }
    Some(out)
}

fn walk(text: &str, node: &Node, block: usize, out: &mut Markdown) {
    let Some(range) = node
        .position()
        .map(|p| p.start.offset..p.end.offset)
        .filter(|r| r.start <= r.end && r.end <= text.len())
    else {
        return visit_children(text, node, block, out);
    };
    let mut span = |kind: Kind, value: &str| {
        let value = if kind == Kind::InlineCode {
            let source = &text[range.clone()];
            let run = source.bytes().take_while(|&b| b == b'`').count();
            source
                .get(run..source.len().saturating_sub(run))
                .unwrap_or("")
                .to_string()
        } else {
            value.to_string()
        };
        let chunks = chunks(text, kind, &range, &value);
        let block = if matches!(kind, Kind::InlineMath | Kind::InlineCode) {
            block
        } else {
            range.start
        };
        out.spans.push(Span {
            kind,
            range: range.clone(),
            value,
            chunks,
            block,
        });
    };
    match node {
        Node::InlineMath(math) => {
            // micromark also drops a line break of padding, which markdown-rs keeps.
            let value = if math.value.starts_with('\n') || math.value.ends_with('\n') {
                strip_padding(math.value.clone())
            } else {
                math.value.clone()
            };
            span(Kind::InlineMath, &value);
        }
        Node::Math(math) => span(Kind::DisplayMath, &math.value),
        Node::InlineCode(code) => span(Kind::InlineCode, &code.value),
        Node::Code(code) => span(Kind::CodeBlock, &code.value),
        Node::Text(_) => escapes(text, range, block, out),
        Node::Paragraph(_) | Node::Heading(_) | Node::TableCell(_) => {
            visit_children(text, node, range.start, out);
        }
        _ => visit_children(text, node, block, out),
    }
}

fn visit_children(text: &str, node: &Node, block: usize, out: &mut Markdown) {
    for child in node.children().into_iter().flatten() {
        walk(text, child, block, out);
    }
}

/// Records the escaped brackets in the source of a text node.
fn escapes(text: &str, mut range: std::ops::Range<usize>, block: usize, out: &mut Markdown) {
    // markdown-rs starts a text node that opens with an escape after its backslash.
    let all = text.as_bytes();
    if range.start > 0
        && all[range.start - 1] == b'\\'
        && all.get(range.start).copied().is_some_and(is_punctuation)
    {
        range.start -= 1;
    }
    let bytes = &all[range.clone()];
    let mut i = 0;
    while i + 1 < bytes.len() {
        if bytes[i] == b'\\' && is_punctuation(bytes[i + 1]) {
            if matches!(bytes[i + 1], b'(' | b')' | b'[' | b']') {
                out.escapes.push(Escape {
                    at: range.start + i,
                    byte: bytes[i + 1],
                    block,
                });
            }
            i += 2;
        } else {
            i += 1;
        }
    }
}
