//! What readers see, checked against the site's real renderer.
//!
//! `tests/data/render/articles/` holds the sample articles whose `answer` has math, code or
//! escaped brackets, byte for byte. `remark.json` is what remark (remark-parse + remark-gfm +
//! remark-math, as the page uses them) found in each answer and real KaTeX's verdict on each
//! formula; `katex-variants.jsonl` is KaTeX's verdict on twelve thousand variants of those
//! formulas and on every command KaTeX's source names. Both were recorded by
//! `scripts/katex/record.mjs` and `scripts/katex/variants.mjs`.

use std::path::{Path, PathBuf};

use contentlint::core::document::Document;
use contentlint::core::markdown::{self, Kind, Options};
use contentlint::core::math::{self, KatexOptions};
use contentlint::core::render::render;
use contentlint::core::settings::RenderSettings;
use serde_json::Value;

mod common;

fn data() -> PathBuf {
    common::root().join("tests/data/render")
}

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::InlineMath => "inlineMath",
        Kind::DisplayMath => "math",
        Kind::InlineCode => "inlineCode",
        Kind::CodeBlock => "code",
    }
}

/// Every answer of the stored articles, as (file, text of the article).
fn articles() -> Vec<(String, String)> {
    let recorded: Value =
        serde_json::from_str(&std::fs::read_to_string(data().join("remark.json")).unwrap())
            .unwrap();
    recorded["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            let file = a["file"].as_str().unwrap().to_string();
            let text = std::fs::read_to_string(data().join("articles").join(&file)).unwrap();
            (file, text)
        })
        .collect()
}

#[test]
fn spans_and_verdicts_equal_remark_and_katex_on_the_sample() {
    let recorded: Value =
        serde_json::from_str(&std::fs::read_to_string(data().join("remark.json")).unwrap())
            .unwrap();
    let settings = RenderSettings::default();
    let (mut formulas, mut failing) = (0, 0);
    for article in recorded["articles"].as_array().unwrap() {
        let file = article["file"].as_str().unwrap();
        let text = std::fs::read_to_string(data().join("articles").join(file)).unwrap();
        let doc = Document::parse(&text, &mut Vec::new()).unwrap();
        let rendered = render(&doc, &settings);
        let answer = &rendered[0];
        let ours: Vec<(&str, usize, usize)> = answer
            .markdown
            .spans
            .iter()
            .map(|s| (kind_name(s.kind), s.range.start, s.range.end))
            .collect();
        let expected: Vec<(&str, usize, usize)> = article["spans"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                (
                    s["kind"].as_str().unwrap(),
                    s["start"].as_u64().unwrap() as usize,
                    s["end"].as_u64().unwrap() as usize,
                )
            })
            .collect();
        assert_eq!(ours, expected, "{file}: spans differ from remark's");
        for (span, recorded) in answer
            .markdown
            .spans
            .iter()
            .zip(article["spans"].as_array().unwrap())
        {
            // The span is exact bytes of the file: the value's bytes, written as they read.
            let bytes = &text[answer.file_range(span.range.clone())];
            assert_eq!(
                bytes,
                &answer.value[answer.value_range(span.range.clone())],
                "{file}: span {:?} is not the file's bytes",
                span.range
            );
            if !span.kind.is_math() {
                continue;
            }
            assert_eq!(span.value, recorded["value"].as_str().unwrap(), "{file}");
            let ok = recorded["ok"].as_bool().unwrap();
            let verdict = math::check(
                &span.value,
                span.kind == Kind::DisplayMath,
                &KatexOptions::default(),
            );
            assert_eq!(
                verdict.is_ok(),
                ok,
                "{file}: KaTeX says {ok} for {:?}",
                span.value
            );
            assert_ne!(
                verdict,
                Ok(false),
                "{file}: {:?} was not checked",
                span.value
            );
            formulas += 1;
            failing += usize::from(!ok);
        }
    }
    // The sample's formulas, two of which KaTeX rejects.
    assert_eq!((formulas, failing), (404, 2));
}

#[test]
fn verdicts_equal_katex_on_variants_and_every_command() {
    let text = std::fs::read_to_string(data().join("katex-variants.jsonl")).unwrap();
    let mut lines = text.lines();
    let header: Value = serde_json::from_str(lines.next().unwrap()).unwrap();
    assert_eq!(header["katex"], "0.16.47");
    let (mut total, mut rejected, mut wrong) = (0, 0, Vec::new());
    for line in lines {
        let case: (String, u8, u8) = serde_json::from_str(line).unwrap();
        let (tex, display, ok) = (case.0, case.1 == 1, case.2 == 1);
        let verdict = math::check(&tex, display, &KatexOptions::default());
        if verdict.is_ok() != ok || verdict == Ok(false) {
            wrong.push((tex, display, ok));
        }
        total += 1;
        rejected += usize::from(!ok);
    }
    assert!(
        total > 12_000 && rejected > 4_000,
        "{total} cases, {rejected} rejected"
    );
    assert!(
        wrong.is_empty(),
        "{} verdicts differ from KaTeX's: {:?}",
        wrong.len(),
        &wrong[..wrong.len().min(10)]
    );
}

/// Compares the fast parser with markdown-rs on `text`, counting the texts it reads.
fn differential(text: &str, options: Options, accepted: &mut usize) {
    let fast = markdown::parse_fast(text, options);
    let Some(reference) = markdown::parse_reference(text, options) else {
        return;
    };
    if let Some(fast) = fast {
        *accepted += 1;
        assert_eq!(
            fast, reference,
            "the fast parser differs from markdown-rs on {text:?}"
        );
    }
}

/// `mutate` of `scripts/katex/mutations.mjs`, byte for byte.
fn mutate(bytes: &[u8], seed: u32, pieces: &[String]) -> Vec<u8> {
    let mut state = seed;
    let mut below = |n: usize| {
        state = state.wrapping_mul(1664525).wrapping_add(1013904223);
        (state >> 8) as usize % n
    };
    let mut out = bytes.to_vec();
    let boundary = |out: &[u8], mut at: usize, forward: bool| {
        while at > 0 && at < out.len() && out[at] & 0xc0 == 0x80 {
            if forward { at += 1 } else { at -= 1 }
        }
        at
    };
    for _ in 0..1 + below(4) {
        let at = boundary(&out, below(out.len() + 1), false);
        let kind = below(3);
        let piece = pieces[below(pieces.len())].as_bytes().to_vec();
        if kind == 0 {
            out.splice(at..at, piece);
        } else {
            let extra = if kind == 1 { below(3) } else { 0 };
            let end = boundary(&out, (at + 1 + extra).min(out.len()), true);
            let replacement = if kind == 1 { Vec::new() } else { piece };
            out.splice(at..end, replacement);
        }
    }
    out
}

/// `signature` of `scripts/katex/mutations.mjs`: what a reading found, as one string.
fn signature(found: &markdown::Markdown) -> String {
    let mut parts: Vec<(usize, String)> = Vec::new();
    for span in &found.spans {
        let (start, end) = (span.range.start, span.range.end);
        let part = if span.kind.is_math() {
            format!("{}:{start}-{end}:{}", kind_name(span.kind), span.value)
        } else {
            format!("{}:{start}-{end}", kind_name(span.kind))
        };
        parts.push((start, part));
    }
    for escape in &found.escapes {
        parts.push((
            escape.at,
            format!("escape:{}{}", escape.at, escape.byte as char),
        ));
    }
    parts.sort_by_key(|p| p.0);
    parts
        .into_iter()
        .map(|p| p.1)
        .collect::<Vec<_>>()
        .join("\n")
}

fn fnv1a(text: &str) -> u32 {
    text.bytes().fold(0x811c_9dc5, |hash, byte| {
        (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193)
    })
}

#[test]
fn readings_equal_remark_on_mutated_answers() {
    let text = std::fs::read_to_string(data().join("remark-mutations.jsonl")).unwrap();
    let mut lines = text.lines();
    let header: Value = serde_json::from_str(lines.next().unwrap()).unwrap();
    let pieces: Vec<String> = serde_json::from_value(header["pieces"].clone()).unwrap();
    let settings = RenderSettings::default();
    let answers: Vec<Vec<u8>> = articles()
        .iter()
        .map(|(_, text)| {
            let doc = Document::parse(text, &mut Vec::new()).unwrap();
            render(&doc, &settings)[0].shown.as_bytes().to_vec()
        })
        .collect();
    let (mut cases, mut fast_read, mut fast_wrong, mut reference_wrong, mut combined_wrong) =
        (0, 0, Vec::new(), 0, 0);
    for line in lines {
        let (article, seed, expected): (usize, u32, u32) = serde_json::from_str(line).unwrap();
        let mutated = String::from_utf8(mutate(&answers[article], seed, &pieces)).unwrap();
        let options = Options::default();
        cases += 1;
        let fast = markdown::parse_fast(&mutated, options);
        if let Some(fast) = &fast {
            fast_read += 1;
            if fnv1a(&signature(fast)) != expected {
                if std::env::var_os("DUMP_MISMATCHES").is_some() {
                    std::fs::write(format!("/tmp/mismatch-{}.md", fast_wrong.len()), &mutated)
                        .unwrap();
                }
                fast_wrong.push(mutated.clone());
            }
        }
        let reference = markdown::parse_reference(&mutated, options);
        let reference_right = reference
            .as_ref()
            .is_some_and(|r| fnv1a(&signature(r)) == expected);
        reference_wrong += usize::from(!reference_right);
        // What `markdown::parse` returns: the fast reading, else markdown-rs's.
        let combined = fast.or(reference).unwrap_or_default();
        combined_wrong += usize::from(fnv1a(&signature(&combined)) != expected);
    }
    eprintln!(
        "{cases} mutated answers: the fast parser read {fast_read}, markdown-rs differs from remark on {reference_wrong}, the two together on {combined_wrong}"
    );
    // The fast parser is exact where it reads, and reads most texts.
    assert!(
        fast_wrong.is_empty(),
        "the fast parser differs from remark on {} texts, first: {:?}",
        fast_wrong.len(),
        fast_wrong.first()
    );
    assert!(
        fast_read * 2 > cases,
        "the fast parser read {fast_read} of {cases}"
    );
    // markdown-rs has a few known differences from micromark (an indented line after a
    // paragraph that follows a list is code to it); they stay rare.
    assert!(
        combined_wrong * 100 < cases,
        "{combined_wrong} of {cases} texts read differently from remark"
    );
}

#[test]
fn the_fast_parser_reads_the_sample_as_markdown_rs_does() {
    let settings = RenderSettings::default();
    let (mut cases, mut accepted) = (0, 0);
    for (_, text) in articles() {
        let doc = Document::parse(&text, &mut Vec::new()).unwrap();
        let shown = render(&doc, &settings)[0].shown.to_string();
        for options in [
            Options::default(),
            Options {
                math: true,
                single_dollar: false,
            },
            Options {
                math: false,
                single_dollar: true,
            },
        ] {
            differential(&shown, options, &mut accepted);
            cases += 1;
        }
    }
    assert!(
        accepted * 10 > cases * 9,
        "the fast parser read {accepted} of {cases} answers"
    );
}

#[test]
fn every_stored_article_is_a_sample_article() {
    // The data is copied, not made up: the files keep the sample's layout.
    for (file, text) in articles() {
        assert!(Path::new(&file).starts_with("content/learn"), "{file}");
        assert!(text.starts_with("---\n"), "{file}");
    }
}
