//! The stable harness of the fuzz targets (`fuzz/`): the same target bodies
//! ([`contentlint::fuzz`]) run through `cargo test` on the seed corpus (every fixture, every
//! case of the YAML test suite, the hostile reproductions) and on property-test cases made by
//! random edits of real articles, so that they run on the stable toolchain in CI and never
//! rot. `PROPTEST_CASES` sets how many random cases each property runs.

mod common;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::root;
use contentlint::fuzz::{self, ARTICLE, Site};
use proptest::prelude::*;
use proptest::test_runner::Config;

/// The fixed small site the targets check against (as `fuzz/` uses it).
fn small_site() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| Site::load(&root().join("fixtures/site/content")).unwrap())
}

/// The real sample articles, as a site of their own.
fn articles() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| Site::load(&root().join("fixtures/content")).unwrap())
}

/// Every file of the seed corpus: the fixtures and the YAML test suite's inputs.
fn seeds() -> Vec<PathBuf> {
    ["fixtures", "tests/data/yaml-test-suite"]
        .iter()
        .flat_map(|dir| fuzz::files_under(&root().join(dir)).unwrap())
        .collect()
}

/// The inputs the fuzzers once failed on, kept in tests/data/fuzz/<target>.
fn found(target: &str) -> Vec<PathBuf> {
    fuzz::files_under(&root().join("tests/data/fuzz").join(target)).unwrap_or_default()
}

/// The hostile reproductions of the limits (see tests/hostile.rs), small enough to run in
/// every target.
fn hostile() -> Vec<Vec<u8>> {
    let wrap = |yaml: String| format!("---\n{yaml}\n---\nbody\n").into_bytes();
    vec![
        wrap(": ".repeat(2_000) + "x"),
        wrap("- ".repeat(2_000) + "x"),
        wrap("? ".repeat(30) + "x"),
        wrap(format!("{}a: 1{}", "{".repeat(32), "}: 1".repeat(31))),
        wrap(format!(
            "a: &a {}\nb: [{}]",
            "x".repeat(10_000),
            vec!["*a"; 200].join(", ")
        )),
        wrap(format!("title: \"{}\"", "a\u{1}".repeat(5_000))),
        wrap(format!("url: /learn/{}", "\u{a0}x".repeat(2_000))),
        b"---\n\xef\xbb\xbf---\n".to_vec(),
        // Found by the property test: repairing this mojibake once put a byte-order mark
        // inside the front matter, which YAML refuses.
        wrap("title: What\u{ef}\u{bb}\u{bf} is it?".to_string()),
        b"\xc3\xaf\xc2\xbb\xc2\xbf---\ntitle: x\n---\n".to_vec(),
    ]
}

#[test]
fn every_seed_passes_the_parser_and_check_targets() {
    let seeds = seeds();
    assert!(seeds.len() > 400, "{} seeds", seeds.len());
    for path in &seeds {
        let data = std::fs::read(path).unwrap();
        fuzz::split(&data);
        fuzz::yaml_tree(&data);
        fuzz::check(small_site(), ARTICLE, &data);
    }
    for data in hostile() {
        fuzz::split(&data);
        fuzz::yaml_tree(&data);
        fuzz::check(small_site(), ARTICLE, &data);
    }
}

#[test]
fn every_fixture_article_passes_the_fix_target() {
    let mut fixed = 0;
    for path in seeds() {
        let in_fixtures = path.starts_with(root().join("fixtures"));
        if in_fixtures && path.extension().is_some_and(|e| e == "md") {
            fuzz::fix(small_site(), ARTICLE, &std::fs::read(&path).unwrap());
            fixed += 1;
        }
    }
    for data in hostile() {
        fuzz::fix(small_site(), ARTICLE, &data);
    }
    for path in found("fix") {
        fuzz::fix(small_site(), ARTICLE, &std::fs::read(&path).unwrap());
    }
    assert!(fixed > 50, "{fixed} articles");
}

/// Text that edits splice into articles: the characters and fragments that break front
/// matter, make mojibake, or change what the rules compare.
const FRAGMENTS: &[&str] = &[
    "\n",
    "\r\n",
    "---\n",
    "...",
    ": ",
    ":",
    "- ",
    "  ",
    "\t",
    "#",
    "\"",
    "'",
    "''",
    "\\",
    ">-\n",
    "|\n",
    "|-\n",
    ">-",
    "&a ",
    "*a",
    "? ",
    "[",
    "]",
    "{",
    "}",
    ",",
    "%",
    "@",
    "`",
    "$",
    "$$",
    "\\(",
    "\\[",
    "\\\\",
    "â„¢",
    "Ã©",
    "Ã",
    "â€™",
    "â€œ",
    "Â ",
    "ï»¿",
    "\u{feff}",
    "\u{fffd}",
    "\u{1}",
    "\u{a0}",
    "é",
    "™",
    "—",
    "🙂",
    "%20",
    "/learn/",
    ".md",
    "id: 1\n",
    "title: ",
    "url: ",
    "subject: ",
    "file_name: ",
    "related_article1:\n",
    "  id: ",
    "seo:\n",
    "  title: ",
    "no_index: true\n",
    "answer: ",
    "null",
    "~",
    "true",
    "0x1F",
    "1e3",
    "<!-- contentlint-disable -->",
    "<!-- contentlint-disable-next-line mojibake -->",
];

/// One random edit: at a fraction of the text, delete some bytes and insert a fragment (or
/// a copy of other bytes of the same text).
#[derive(Debug, Clone)]
enum Edit {
    Splice {
        at: f64,
        delete: usize,
        insert: String,
    },
    Copy {
        from: f64,
        len: usize,
        to: f64,
    },
}

fn edit() -> impl Strategy<Value = Edit> {
    let fragment = prop_oneof![
        4 => proptest::sample::select(FRAGMENTS).prop_map(str::to_string),
        1 => "\\PC{0,6}",
    ];
    prop_oneof![
        4 => (0.0..1.0f64, 0..12usize, fragment).prop_map(|(at, delete, insert)| Edit::Splice {
            at,
            delete,
            insert
        }),
        1 => (0.0..1.0f64, 1..80usize, 0.0..1.0f64).prop_map(|(from, len, to)| Edit::Copy {
            from,
            len,
            to
        }),
    ]
}

/// Applies `edits` to `text`, on character boundaries.
fn edited(text: &str, edits: &[Edit]) -> String {
    let mut text = text.to_string();
    let boundary = |text: &str, at: f64| {
        let mut i = ((text.len() as f64) * at) as usize;
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    for e in edits {
        match e {
            Edit::Splice { at, delete, insert } => {
                let start = boundary(&text, *at);
                let mut end = (start + delete).min(text.len());
                while !text.is_char_boundary(end) {
                    end += 1;
                }
                text.replace_range(start..end, insert);
            }
            Edit::Copy { from, len, to } => {
                let start = boundary(&text, *from);
                let mut end = (start + len).min(text.len());
                while !text.is_char_boundary(end) {
                    end += 1;
                }
                let piece = text[start..end].to_string();
                let at = boundary(&text, *to);
                text.insert_str(at, &piece);
            }
        }
    }
    text
}

fn article() -> impl Strategy<Value = (PathBuf, String)> {
    let files: Vec<(PathBuf, String)> = articles()
        .files()
        .iter()
        .map(|(p, b)| (p.clone(), String::from_utf8(b.clone()).unwrap()))
        .collect();
    proptest::sample::select(files)
}

/// `PROPTEST_CASES`, else `default`.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

fn relative(path: &Path) -> String {
    path.to_str().unwrap().to_string()
}

proptest! {
    #![proptest_config(Config { cases: cases(512), ..Config::default() })]

    /// The parsers and the whole per-file check hold their invariants on edited real
    /// articles.
    #[test]
    fn edited_real_articles_pass_the_check_targets(
        (path, text) in article(),
        edits in proptest::collection::vec(edit(), 1..6),
    ) {
        let data = edited(&text, &edits);
        fuzz::split(data.as_bytes());
        fuzz::yaml_tree(data.as_bytes());
        fuzz::check(articles(), &relative(&path), data.as_bytes());
    }
}

proptest! {
    #![proptest_config(Config { cases: cases(128), ..Config::default() })]

    /// `--fix --unsafe-fixes` on the real articles with one of them edited: only reported
    /// lines change, the report equals a fresh check, and a second run changes nothing.
    #[test]
    fn fixing_edited_real_articles_is_safe(
        (path, text) in article(),
        edits in proptest::collection::vec(edit(), 1..6),
    ) {
        let data = edited(&text, &edits);
        fuzz::fix(articles(), &relative(&path), data.as_bytes());
    }
}
