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
