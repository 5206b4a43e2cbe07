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

/// Every case of the YAML test suite (tests/data/yaml-test-suite), checked as an article's
/// front matter: no case crashes the run or is lost, and every case the suite marks invalid
/// is a `yaml-syntax` diagnostic. (A case's own first `---` is the front matter's opening
/// line.) Valid YAML that front matter cannot hold, such as a key that is a mapping or a
/// second document, may be reported too.
#[test]
fn every_invalid_case_of_the_yaml_test_suite_is_a_syntax_error() {
    let suite = root().join("tests/data/yaml-test-suite");
    let dir = tempfile::tempdir().unwrap();
    let mut invalid = std::collections::BTreeSet::new();
    let mut cases = 0;
    let mut folders: Vec<_> = std::fs::read_dir(&suite)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    folders.sort();
    for folder in folders {
        let name = folder.file_name().unwrap().to_str().unwrap().to_string();
        let mut inner: Vec<(String, std::path::PathBuf)> = if folder.join("in.yaml").exists() {
            vec![(name.clone(), folder.clone())]
        } else {
            std::fs::read_dir(&folder)
                .unwrap()
                .map(|e| e.unwrap().path())
                .map(|p| {
                    (
                        format!("{name}-{}", p.file_name().unwrap().to_str().unwrap()),
                        p,
                    )
                })
                .collect()
        };
        inner.sort();
        for (case, path) in inner {
            let mut yaml = std::fs::read(path.join("in.yaml")).unwrap();
            if yaml.starts_with(b"---\n") {
                yaml.drain(..4);
            }
            if !yaml.is_empty() && !yaml.ends_with(b"\n") {
                yaml.push(b'\n');
            }
            let article = [b"---\n".as_slice(), &yaml, b"---\n"].concat();
            std::fs::write(dir.path().join(format!("{case}.md")), article).unwrap();
            cases += 1;
            if path.join("error").exists() {
                invalid.insert(case);
            }
        }
    }
    assert_eq!((cases, invalid.len()), (402, 94));
    let out = contentlint_in(dir.path())
        .args(["check", ".", "--no-cache", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["files_checked"], 402);
    let syntax: std::collections::BTreeSet<String> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "yaml-syntax")
        .map(|d| {
            d["path"]
                .as_str()
                .unwrap()
                .trim_end_matches(".md")
                .to_string()
        })
        .collect();
    let missed: Vec<_> = invalid.difference(&syntax).collect();
    assert!(missed.is_empty(), "invalid YAML not reported: {missed:?}");
}
