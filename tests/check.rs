//! Runs the real binary on the fixtures and asserts exact diagnostics and exit codes.

use std::path::Path;

use serde_json::Value;

mod common;
use common::{check_json, contentlint};

/// The fixtures are variants of one seed article: they all ask its question, so the tests
/// that check one against the whole repository leave that rule out (as `check_json` does).
const SAME_QUESTION: [&str; 2] = ["--ignore", "duplicate-question"];

/// (rule, line, column, message) of every diagnostic of one file.
fn diagnostics_of(path: &str) -> Vec<(String, u64, u64, String)> {
    let (json, _) = check_json(&[path]);
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            assert_eq!(d["path"], path);
            (
                d["rule"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn valid_articles_pass() {
    for path in [
        "fixtures/invalid/health-studies/valid-minimal.md",
        "fixtures/invalid/health-studies/valid-bom-crlf.md",
    ] {
        assert_eq!(diagnostics_of(path), vec![], "{path}");
    }
}

#[test]
fn real_articles_match_the_default_schema() {
    let (json, _) = check_json(&["fixtures/content"]);
    assert_eq!(json["files_checked"], 30);
    let schema: Vec<&Value> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "schema")
        .collect();
    assert!(schema.is_empty(), "{schema:#?}");
}

#[test]
fn unreadable_paths_do_not_stop_the_run() {
    let dir = tempfile::tempdir().unwrap();
    // A real article keeps its folder and name, so only the unreadable paths are reported.
    std::fs::create_dir(dir.path().join("health-studies")).unwrap();
    let good = dir.path().join("health-studies/valid-minimal.md");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/invalid/health-studies/valid-minimal.md"),
        &good,
    )
    .unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.path().join("nowhere.md"), dir.path().join("broken.md"))
        .unwrap();
    let missing = dir.path().join("missing.md");
    let (json, code) = check_json(&[
        dir.path().to_str().unwrap(),
        missing.to_str().unwrap(),
        "fixtures/invalid/health-studies/valid-bom-crlf.md",
    ]);
    assert_eq!(code, 1);
    let rules: Vec<(String, String)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let path = d["path"].as_str().unwrap();
            let name = Path::new(path).file_name().unwrap().to_str().unwrap();
            (name.to_string(), d["message"].as_str().unwrap().to_string())
        })
        .collect();
    let mut expected = vec![(
        "missing.md".to_string(),
        "cannot read the file: No such file or directory".to_string(),
    )];
    if cfg!(unix) {
        expected.insert(
            0,
            (
                "broken.md".to_string(),
                "cannot read the file: No such file or directory".to_string(),
            ),
        );
    }
    assert_eq!(rules, expected);
    assert_eq!(
        json["files_checked"],
        if cfg!(unix) { 4 } else { 3 },
        "{json:#}"
    );
}

#[test]
fn output_is_sorted_by_path_then_position() {
    let (json, _) = check_json(&["fixtures/invalid"]);
    let keys: Vec<(String, u64)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_string(),
                d["byte_start"].as_u64().unwrap(),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    assert_eq!(json["files_checked"], 28);
    let summary = &json["summary"];
    let counted = ["errors", "warnings", "infos"]
        .iter()
        .map(|k| summary[k].as_u64().unwrap())
        .sum::<u64>();
    assert_eq!(counted as usize, keys.len());
}

#[test]
fn paths_are_shown_as_given_and_relative_to_the_current_directory() {
    let abs = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/invalid/health-studies/schema-type.md");
    let (json, _) = check_json(&[abs.to_str().unwrap()]);
    assert_eq!(
        json["diagnostics"][0]["path"],
        "fixtures/invalid/health-studies/schema-type.md"
    );
    let (json, _) = check_json(&["./fixtures/invalid/health-studies/schema-type.md"]);
    assert_eq!(
        json["diagnostics"][0]["path"],
        "fixtures/invalid/health-studies/schema-type.md"
    );
}

#[test]
fn human_output_has_excerpt_label_help_and_summary() {
    let out = contentlint()
        .args(["check", "fixtures/invalid/health-studies/schema-type.md"])
        .args(SAME_QUESTION)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    let expected = "  × error[schema]: `id` must be an integer, found the string \"39504x\"
   ╭─[fixtures/invalid/health-studies/schema-type.md:3:5]
 2 │ _schema: default
 3 │ id: 39504x
   ·     ───┬──
   ·        ╰── expected an integer
 4 │ date: 2024-11-25
   ╰────
  help: The article's id: a whole number (negative ids exist), unique across the site.

1 error in 1 of 1 file
";
    assert_eq!(text, expected);
    assert!(
        !text.contains('\x1b'),
        "no colour when stdout is not a terminal"
    );

    let out = contentlint()
        .args([
            "check",
            "fixtures/invalid/health-studies/schema-type.md",
            "--color",
            "always",
        ])
        .output()
        .unwrap();
    assert!(String::from_utf8(out.stdout).unwrap().contains('\x1b'));
}

#[test]
fn clean_run_says_so_and_exits_zero() {
    let out = contentlint()
        .args(["check", "fixtures/invalid/health-studies/valid-minimal.md"])
        .args(SAME_QUESTION)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "All checks passed: no problems in 1 file.\n"
    );
}

#[test]
fn custom_schemas_in_json_and_yaml() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = dir.path().join("schema.yaml");
    std::fs::write(
        &yaml,
        "type: object\nrequired: [id, summary]\nproperties:\n  id: {type: string}\n",
    )
    .unwrap();
    let (json, code) = check_json(&[
        "fixtures/invalid/health-studies/valid-minimal.md",
        "--schema",
        yaml.to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    let messages = common::each(&json, "message");
    assert_eq!(
        messages,
        vec![
            "missing required field `summary`",
            "`id` must be a string, found the integer 900001"
        ]
    );

    let json_schema = dir.path().join("schema.json");
    std::fs::write(&json_schema, r#"{"type": "object"}"#).unwrap();
    let (_, code) = check_json(&[
        "fixtures/invalid/health-studies/valid-minimal.md",
        "--schema",
        json_schema.to_str().unwrap(),
    ]);
    assert_eq!(code, 0);
}

#[test]
fn bad_schemas_exit_2_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let invalid = dir.path().join("bad.json");
    std::fs::write(&invalid, r#"{"type": "strng"}"#).unwrap();
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, r#"{"type": "#).unwrap();
    let missing = dir.path().join("missing.json");
    for (schema, says) in [
        (&invalid, "is not a valid JSON Schema"),
        (&broken, "is not valid JSON"),
        (&missing, "cannot read schema"),
    ] {
        let out = contentlint()
            .args([
                "check",
                "fixtures/invalid/health-studies/valid-minimal.md",
                "--schema",
            ])
            .arg(schema)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{schema:?}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stderr.contains(says), "{stderr}");
    }
}

#[test]
fn usage_errors_exit_2() {
    contentlint()
        .args(["check", "--format", "yaml"])
        .assert()
        .code(2);
    contentlint().args(["frobnicate"]).assert().code(2);
    contentlint()
        .args(["rule", "no-such-rule"])
        .assert()
        .code(2);
}

#[test]
fn rules_are_listed_and_documented() {
    let out = contentlint().arg("rules").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for name in [
        "io-error",
        "encoding",
        "front-matter-missing",
        "front-matter-unclosed",
        "yaml-syntax",
        "duplicate-key",
        "schema",
    ] {
        assert!(
            text.lines()
                .any(|l| l.starts_with(name) && l.contains("error")),
            "{name} missing from\n{text}"
        );
    }
    let out = contentlint()
        .args(["rule", "duplicate-key"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let doc = String::from_utf8(out.stdout).unwrap();
    assert!(doc.starts_with("## What it does\nReports a key that appears twice"));
    assert!(doc.contains("## Use instead"));
}

#[test]
fn gitignored_files_are_skipped_unless_named() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(".gitignore"), "drafts/\n").unwrap();
    std::fs::create_dir(dir.path().join("drafts")).unwrap();
    let draft = dir.path().join("drafts/draft.md");
    std::fs::write(&draft, "no front matter").unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not markdown").unwrap();
    let (json, code) = check_json(&[dir.path().to_str().unwrap()]);
    assert_eq!((json["files_checked"].as_u64(), code), (Some(0), 0));
    let (json, code) = check_json(&[draft.to_str().unwrap()]);
    assert_eq!((json["files_checked"].as_u64(), code), (Some(1), 1));
}

#[test]
fn the_readme_documents_every_rule() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    for rule in contentlint::core::rules::RuleId::ALL {
        let row = format!("| `{}` | {} |", rule.name(), rule.default_severity());
        assert!(readme.contains(&row), "README lacks the row {row}");
    }
}

/// docs/rules/NAME.md: each rule's documentation, as `contentlint rule NAME` prints it, under
/// a heading; the address SARIF gives as the rule's `helpUri`. `UPDATE_GOLDEN=1` rewrites them.
#[test]
fn every_rule_has_its_documentation_page() {
    use contentlint::core::rules::RuleId;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules");
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    for &rule in RuleId::ALL {
        let page = format!(
            "# `{}`\n\n{}. Default severity: {}{}.\n\n{}",
            rule.name(),
            rule.summary(),
            rule.default_severity(),
            if rule.on_by_default() {
                ""
            } else {
                " (off by default)"
            },
            rule.doc().replace("## ", "### ")
        );
        let path = dir.join(format!("{}.md", rule.name()));
        if update {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &page).unwrap();
        }
        let written = std::fs::read_to_string(&path).unwrap_or_default();
        assert_eq!(
            written,
            page,
            "{} is out of date (UPDATE_GOLDEN=1)",
            path.display()
        );
    }
    let pages = std::fs::read_dir(&dir).unwrap().count();
    assert_eq!(pages, RuleId::ALL.len(), "a page for a rule that is gone");
}

/// A folder of the content root that cannot be listed is an `io-error`, not a silent skip.
/// As root (who may read any folder), the check runs as the `nobody` user through `setpriv`.
#[cfg(unix)]
#[test]
fn an_unreadable_folder_is_an_error_not_a_silent_pass() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let folder = dir.path().join("health-studies");
    std::fs::create_dir(&folder).unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/invalid/health-studies/valid-minimal.md"),
        folder.join("valid-minimal.md"),
    )
    .unwrap();
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o000)).unwrap();
    let binary = assert_cmd::cargo::cargo_bin("contentlint");
    let as_root = std::fs::metadata(dir.path()).unwrap().uid() == 0;
    let mut command = if as_root {
        let mut command = std::process::Command::new("setpriv");
        command.args(["--reuid=65534", "--regid=65534", "--clear-groups"]);
        command.arg(&binary);
        command
    } else {
        std::process::Command::new(&binary)
    };
    let out = command
        .current_dir(dir.path())
        .args(["check", ".", "--no-cache", "--format", "json"])
        .output();
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755)).unwrap();
    let Ok(out) = out else {
        eprintln!("skipped: running as root without setpriv (util-linux)");
        return;
    };
    if as_root && String::from_utf8_lossy(&out.stderr).contains("setpriv:") {
        // `nobody` cannot reach the test binary (a checkout under a private home folder).
        eprintln!("skipped: {}", String::from_utf8_lossy(&out.stderr));
        return;
    }
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let diagnostics = json["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1, "{json:#}");
    assert_eq!(diagnostics[0]["rule"], "io-error");
    assert_eq!(diagnostics[0]["path"], "health-studies");
    assert!(
        diagnostics[0]["message"]
            .as_str()
            .unwrap()
            .contains("Permission denied"),
        "{json:#}"
    );
}
