//! Throughput of the character rules (mojibake, replacement and control characters) on real
//! article text: the fixture articles as they are, and the same text with mojibake injected.

use std::hint::black_box;

use contentlint::core::rules::RuleSet;
use contentlint::core::textscan;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

mod common;

/// Every real fixture article, concatenated.
fn real_text() -> String {
    common::fixture_articles()
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("fixtures are UTF-8"))
        .collect()
}

/// The text with its punctuation and accents mangled the usual way, plus some emoji.
fn mangle(text: &str) -> String {
    text.replace('’', "â€™")
        .replace('—', "â€”")
        .replace('é', "Ã©")
        .replace(", and ", ", ðŸ˜€ and ")
}

fn bench(c: &mut Criterion) {
    let clean = real_text();
    let ascii: String = clean.chars().filter(char::is_ascii).collect();
    let mangled = mangle(&clean);
    let mut group = c.benchmark_group("text rules");
    for (name, text) in [
        ("ascii", &ascii),
        ("real articles", &clean),
        ("mojibake injected", &mangled),
    ] {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| textscan::check(black_box(text), RuleSet::all()))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
