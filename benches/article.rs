//! What one article costs the engine, without the file system: its summary for the index,
//! its per-file rules, and its cross-article rules against an index of the site. The
//! articles are the real fixture articles (`fixtures/content`), checked with every rule on
//! the default settings, as the workspace checks them.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use contentlint::core::check::{self, Input};
use contentlint::core::index::{Index, path_key};
use contentlint::core::schema::Schema;
use contentlint::core::settings::{RuleTable, Settings};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

mod common;

// The allocator the command uses: parsing allocates many small nodes.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Every fixture article, as (path, bytes).
fn articles() -> Vec<(PathBuf, Vec<u8>)> {
    common::fixture_articles()
        .into_iter()
        .map(|path| {
            let bytes = std::fs::read(&path).expect("fixtures are readable");
            (path, bytes)
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let articles = articles();
    let bytes: usize = articles.iter().map(|(_, b)| b.len()).sum();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut index = Index::new(&root);
    for (path, bytes) in &articles {
        if let Some(summary) = check::summarize(path, bytes) {
            index.upsert(path_key(path), &summary);
        }
    }
    let settings = Settings::default();
    let table = RuleTable::default();
    let schema = Schema::embedded();
    let schema_for = |_: Option<&str>| &schema;

    let mut group = c.benchmark_group("articles");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("summary for the index", |b| {
        b.iter(|| {
            for (path, bytes) in &articles {
                black_box(check::summarize(path, black_box(bytes)));
            }
        })
    });
    group.bench_function("per-file and cross-article rules", |b| {
        b.iter(|| {
            for (path, bytes) in &articles {
                let input = Input {
                    path,
                    folder: path
                        .parent()
                        .and_then(Path::file_name)
                        .and_then(|f| f.to_str()),
                    settings: &settings,
                    table: &table,
                    schema_for: &schema_for,
                };
                let mut checked = check::check_file(&input, bytes.clone());
                black_box(check::finish(&mut checked, &index, &settings, &table));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
