//! Hostile front matter: tiny files that once crashed the process (stack overflow) or took
//! exponential time and memory now get a diagnostic with a location, and the other files of
//! the run are still checked.

mod common;
use common::{contentlint_in, copy_file, root};

#[test]
fn deep_nesting_and_tree_keys_are_diagnostics_not_crashes() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("health-studies");
    std::fs::create_dir_all(&folder).unwrap();
    let indented: String = (0..2000)
        .map(|i| format!("{}k:\n", " ".repeat(i)))
        .collect();
    let cases = [
        (
            "colons",
            format!("---\n{}x\n---\n", ": ".repeat(10_000)),
            "nested more than 64 levels",
        ),
        (
            "dashes",
            format!("---\n{}x\n---\n", "- ".repeat(16_000)),
            "nested more than 64 levels",
        ),
        (
            "indented",
            format!("---\n{indented}{}k: x\n---\n", " ".repeat(2000)),
            "nested more than 64 levels",
        ),
        (
            "question-keys",
            format!("---\n{}x\n---\n", "? ".repeat(30)),
            "a key that is itself",
        ),
        (
            "flow-keys",
            format!("---\n{}a: 1{}}}\n---\n", "{".repeat(32), "}: 1".repeat(31)),
            "a key that is itself",
        ),
    ];
    for (name, text, _) in &cases {
        std::fs::write(folder.join(format!("{name}.md")), text).unwrap();
    }
    copy_file(
        &root().join("fixtures/invalid/health-studies/valid-minimal.md"),
        &folder.join("valid-minimal.md"),
    );
    let out = contentlint_in(dir.path())
        .args(["check", ".", "--no-cache", "--isolated", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["files_checked"], cases.len() + 1);
    for (name, _, message) in &cases {
        let path = format!("health-studies/{name}.md");
        let found: Vec<&serde_json::Value> = json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["path"] == path.as_str())
            .collect();
        assert_eq!(found.len(), 1, "{name}: {found:#?}");
        assert_eq!(found[0]["rule"], "yaml-syntax", "{name}");
        assert!(
            found[0]["message"].as_str().unwrap().contains(message),
            "{name}: {}",
            found[0]["message"]
        );
    }
}

/// Runs `check --format json` on one file written to a scratch folder.
fn check_one(text: &str) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("x.md"), text).unwrap();
    let out = contentlint_in(dir.path())
        .args([
            "check",
            "x.md",
            "--no-cache",
            "--isolated",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn thousands_of_stray_characters_make_a_bounded_report() {
    // 50,000 control characters: the first 100 one by one, then one that counts the rest.
    let json = check_one(&format!("---\ntitle: x\n---\n{}", "a\u{1}".repeat(50_000)));
    let controls: Vec<&serde_json::Value> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "control-character")
        .collect();
    assert_eq!(controls.len(), 101);
    assert!(
        controls[100]["message"]
            .as_str()
            .unwrap()
            .starts_with("49900 more like this in the file"),
        "{}",
        controls[100]["message"]
    );
    // A url with 5,000 bad characters labels a few of them, not all.
    let json = check_one(&format!(
        "---\nurl: /learn/{}\n---\n",
        "a\u{7f}".repeat(5_000)
    ));
    let malformed = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "url-malformed")
        .expect("url-malformed");
    let labels = malformed["labels"].as_array().unwrap();
    assert!(labels.len() <= 10, "{} labels", labels.len());
    assert!(
        labels.last().unwrap()["message"]
            .as_str()
            .unwrap()
            .contains("more places"),
    );
}

#[test]
fn aliases_may_not_copy_megabytes_of_text() {
    let big = "x".repeat(1_000_000);
    let aliases = vec!["*a"; 100].join(", ");
    let json = check_one(&format!("---\na: &a {big}\nb: [{aliases}]\n---\n"));
    let d = &json["diagnostics"][0];
    assert_eq!(d["rule"], "yaml-syntax");
    assert!(
        d["message"].as_str().unwrap().contains("too much text"),
        "{}",
        d["message"]
    );
}
