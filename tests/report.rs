//! The HTML audit report (`--output-format html`): self-contained, its numbers those of the
//! JSON report, article text shown as text; and, in headless Chromium, a table that filters,
//! expands and follows cross-article notes (tests/browser/report.mjs).
//!
//! The browser part needs Node.js, the npm package playwright-core (`PLAYWRIGHT_CORE` names its
//! folder) and Chromium (`CHROMIUM`, default /usr/bin/chromium); `.ci/run` installs them. Without
//! them it says it was skipped; everything else runs everywhere.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

mod common;
use common::{contentlint, root};

/// Writes the HTML and the JSON report of `path` (from the repository root).
fn reports(path: &str) -> (tempfile::TempDir, PathBuf, Value) {
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("audit.html");
    let out = contentlint()
        .args(["check", path, "--no-cache", "--format", "html", "-o"])
        .arg(&html)
        .env("SOURCE_DATE_EPOCH", "1796256000")
        .output()
        .unwrap();
    assert!(out.status.code().is_some_and(|c| c < 2), "{out:?}");
    let out = contentlint()
        .args(["check", path, "--no-cache", "--format", "json"])
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    (dir, html, json)
}

/// The JSON embedded in the page for its script.
fn embedded(page: &str) -> Value {
    let start = page
        .find(r#"<script type="application/json" id="data">"#)
        .unwrap();
    let rest = &page[start..];
    let body = &rest[rest.find('>').unwrap() + 1..rest.find("</script>").unwrap()];
    serde_json::from_str(body).unwrap()
}

/// The overview's numbers: `data-count` name and value.
fn overview(page: &str) -> Vec<(String, u64)> {
    let mut found = Vec::new();
    let mut rest = page;
    while let Some(at) = rest.find("data-count=\"") {
        rest = &rest[at + 12..];
        let name = &rest[..rest.find('"').unwrap()];
        let value = &rest[rest.find('>').unwrap() + 1..rest.find('<').unwrap()];
        found.push((name.to_string(), value.replace(',', "").parse().unwrap()));
    }
    found
}

fn expected_overview(json: &Value) -> Vec<(String, u64)> {
    let diagnostics = json["diagnostics"].as_array().unwrap();
    let fixable = |safe: bool| {
        diagnostics
            .iter()
            .filter(|d| {
                d["fix"]["applicability"].as_str() == Some(if safe { "safe" } else { "unsafe" })
            })
            .count() as u64
    };
    let mut files: Vec<&str> = diagnostics
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    files.dedup();
    let summary = &json["summary"];
    [
        ("files", json["files_checked"].as_u64().unwrap()),
        ("files-with-diagnostics", files.len() as u64),
        ("errors", summary["errors"].as_u64().unwrap()),
        ("warnings", summary["warnings"].as_u64().unwrap()),
        ("infos", summary["infos"].as_u64().unwrap()),
        ("safe-fixes", fixable(true)),
        ("unsafe-fixes", fixable(false)),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

#[test]
fn the_page_is_self_contained_and_counts_what_the_json_report_counts() {
    let (_dir, html, json) = reports("fixtures");
    let page = std::fs::read_to_string(&html).unwrap();
    // Nothing to fetch: no external script, style, font or image.
    for outside in [
        "<script src",
        "<link",
        "@import",
        "url(",
        "src=\"http",
        "href=\"http",
    ] {
        assert!(
            !page.contains(outside),
            "the page fetches something: {outside}"
        );
    }
    assert_eq!(page.matches("<script").count(), 2);
    assert!(page.contains("<svg") && page.contains("Diagnostics per rule"));
    assert!(
        page.contains("2026-12-03 00:00 UTC"),
        "SOURCE_DATE_EPOCH is the date shown"
    );
    assert_eq!(overview(&page), expected_overview(&json));
    // One row per diagnostic, in the order of the other formats, with the same rules.
    let data = embedded(&page);
    let rows = data["rows"].as_array().unwrap();
    let diagnostics = json["diagnostics"].as_array().unwrap();
    assert_eq!(rows.len(), diagnostics.len());
    let rules = data["rules"].as_array().unwrap();
    let files = data["files"].as_array().unwrap();
    for (row, d) in rows.iter().zip(diagnostics) {
        let rule = rules[row[4].as_u64().unwrap() as usize][0]
            .as_str()
            .unwrap();
        let path = files[row[0].as_u64().unwrap() as usize][0]
            .as_str()
            .unwrap();
        assert_eq!(
            (rule, path),
            (d["rule"].as_str().unwrap(), d["path"].as_str().unwrap())
        );
        assert_eq!(row[1], d["line"]);
        assert_eq!(row[5], d["message"]);
    }
}

#[test]
fn article_text_is_shown_as_text() {
    let (_dir, html, _) = reports("tests/data/report");
    let page = std::fs::read_to_string(&html).unwrap();
    // The article's markup only exists in the page as JSON-escaped text.
    for raw in [
        "<script>window",
        "</textarea>",
        "<img",
        "<b>bold",
        "</script><script>",
    ] {
        assert!(!page.contains(raw), "{raw} is in the page as markup");
    }
    assert_eq!(page.matches("<script").count(), 2);
    let data = embedded(&page);
    let text = data.to_string();
    assert!(text.contains("<script>window.__pwned = 1</script> "));
    assert!(text.contains(r#" </textarea> \"quoted\" 'single' {{ site.title }} safe?"#));
    match browser() {
        Some(browser) => {
            let seen = browser.run(&["hostile", html.to_str().unwrap()]);
            assert_eq!(seen["pwned"], Value::Null, "a script of the article ran");
            assert_eq!(seen["injected"], 0, "the article's markup became elements");
            assert_eq!(seen["scripts"], 2);
            let shown = seen["text"].as_str().unwrap();
            assert!(shown.contains("<script>window.__pwned = 1</script> â€™ </textarea> \"quoted\" 'single' {{ site.title }}"));
            assert!(shown.contains("<img src=x onerror=\"window.__pwned = 2\">"));
            assert_eq!(seen["errors"], serde_json::json!([]));
            assert_eq!(seen["requests"], serde_json::json!([]));
        }
        None => eprintln!("{}", Browser::SKIPPED),
    }
}

#[test]
fn in_a_browser_the_table_filters_expands_and_follows_notes() {
    let Some(browser) = browser() else {
        eprintln!("{}", Browser::SKIPPED);
        return;
    };
    let (_dir, html, json) = reports("fixtures");
    let diagnostics = json["diagnostics"].as_array().unwrap();
    let rule = "mojibake";
    let screenshot = Path::new(env!("CARGO_TARGET_TMPDIR")).join("report-overview.png");
    let seen = browser.run(&[
        "check",
        html.to_str().unwrap(),
        rule,
        screenshot.to_str().unwrap(),
    ]);
    assert_eq!(seen["errors"], serde_json::json!([]), "console errors");
    assert_eq!(
        seen["requests"],
        serde_json::json!([]),
        "the page fetched something"
    );
    let overview: Vec<(String, u64)> = seen["overview"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_u64().unwrap()))
        .collect();
    let mut expected = expected_overview(&json);
    expected.sort();
    let mut overview = overview;
    overview.sort();
    assert_eq!(overview, expected);
    assert_eq!(seen["total"], diagnostics.len());
    // Filtering by a rule shows exactly its rows, all of them.
    let of_rule: Vec<&Value> = diagnostics.iter().filter(|d| d["rule"] == rule).collect();
    assert_eq!(seen["filtered"], of_rule.len());
    assert_eq!(seen["filteredRules"], serde_json::json!([rule]));
    // The first row (errors first, then by path) expands to its excerpt, the span marked.
    let first = of_rule
        .iter()
        .min_by_key(|d| {
            (
                d["path"].as_str().unwrap(),
                d["line"].as_u64(),
                d["column"].as_u64(),
            )
        })
        .unwrap();
    assert_eq!(seen["firstPath"], first["path"]);
    let source = std::fs::read_to_string(root().join(first["path"].as_str().unwrap())).unwrap();
    let marked = &source[first["byte_start"].as_u64().unwrap() as usize
        ..first["byte_end"].as_u64().unwrap() as usize];
    assert_eq!(seen["expanded"]["mark"], marked);
    assert_eq!(seen["expanded"]["expandedAttr"], "true");
    assert_eq!(seen["expanded"]["hasHelp"], true);
    // Typing in the text filter, then a note's link to the other article's row.
    let duplicate_ids = diagnostics.iter().filter(|d| {
        let text = format!(
            "{}\n{}\n{}",
            d["path"].as_str().unwrap(),
            d["message"].as_str().unwrap(),
            d["rule"].as_str().unwrap()
        )
        .to_lowercase();
        text.contains("duplicate-id")
    });
    assert_eq!(seen["typed"], duplicate_ids.count());
    let note = &seen["note"];
    assert_ne!(note["from"], note["target"]);
    assert_eq!(note["shown"], serde_json::json!([note["target"]]));
    assert_eq!(note["opened"], 1);
    assert_eq!(seen["chartFilter"], rule);
    assert!(std::fs::metadata(&screenshot).is_ok_and(|m| m.len() > 10_000));
    eprintln!("screenshot of the overview: {}", screenshot.display());
}

/// Node.js with playwright-core and Chromium, when all are there.
struct Browser {
    script: PathBuf,
}

impl Browser {
    const SKIPPED: &'static str = "no browser: Node.js, PLAYWRIGHT_CORE and Chromium (CHROMIUM) are needed (.ci/run installs them); the browser part was skipped";

    fn run(&self, args: &[&str]) -> Value {
        let out = Command::new("node")
            .arg(&self.script)
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    }
}

fn browser() -> Option<Browser> {
    let chromium = std::env::var_os("CHROMIUM")
        .map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from);
    let playwright = std::env::var_os("PLAYWRIGHT_CORE").map(PathBuf::from)?;
    let node = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    (node && chromium.is_file() && playwright.join("package.json").is_file()).then(|| Browser {
        script: root().join("tests/browser/report.mjs"),
    })
}
