//! What the benchmarks share: the real fixture articles.

use std::path::{Path, PathBuf};

/// Every fixture article (`fixtures/content/**/*.md`), sorted by path.
pub fn fixture_articles() -> Vec<PathBuf> {
    let mut paths = Vec::new();
    collect(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/content"),
        &mut paths,
    );
    paths.sort();
    paths
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("fixtures are readable") {
        let path = entry.expect("fixtures are readable").path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
}
