//! Throughput of the character rules (mojibake, replacement and control characters) on real
//! article text: the fixture articles as they are, and the same text with mojibake injected.

use std::hint::black_box;
use std::path::Path;

use contentlint::core::rules::RuleSet;
use contentlint::core::textscan;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

/// Every real fixture article, concatenated.
fn real_text() -> String {
    let mut paths = Vec::new();
    collect(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/content"),
        &mut paths,
    );
    paths.sort();
    paths
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("fixtures are UTF-8"))
        .collect()
}

fn collect(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("fixtures are readable") {
        let path = entry.expect("fixtures are readable").path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
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
