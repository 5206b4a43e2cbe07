//! The text rules (mojibake, replacement and control characters, LaTeX collisions) and the fix
//! machinery, through the real binary.

use std::path::{Path, PathBuf};

use serde_json::Value;

mod common;
use common::{contentlint, copy_file, root};

fn check_json(args: &[&str]) -> Value {
    common::check_json(args).0
}

const SEED: &str = "fixtures/content/learn/health-studies/what-training-and-qualifications-are-required-for-case-managers.md";

/// (rule, line, column, the text at the span, the fix's replacement and safety)
type Found = (String, u64, u64, String, Option<(String, bool)>);

fn found(path: &str, rules: &[&str]) -> Vec<Found> {
    let source = std::fs::read(root().join(path)).unwrap();
    let json = check_json(&[path]);
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| rules.contains(&d["rule"].as_str().unwrap()))
        .map(|d| {
            let start = d["byte_start"].as_u64().unwrap() as usize;
            let end = d["byte_end"].as_u64().unwrap() as usize;
            let fix = d["fix"].as_object().map(|f| {
                (
                    f["edits"][0]["replacement"].as_str().unwrap().to_string(),
                    f["safe"].as_bool().unwrap(),
                )
            });
            (
                d["rule"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                String::from_utf8(source[start..end].to_vec()).unwrap(),
                fix,
            )
        })
        .collect()
}

fn moji(line: u64, column: u64, mangled: &str, repaired: &str) -> Found {
    (
        "mojibake".into(),
        line,
        column,
        mangled.into(),
        Some((repaired.into(), true)),
    )
}

/// Copies fixtures into a fresh directory, keeping their folder and name (which their urls
/// depend on).
fn scratch(files: &[&str]) -> (tempfile::TempDir, Vec<PathBuf>) {
    let dir = tempfile::tempdir().unwrap();
    let copies = files
        .iter()
        .map(|f| {
            let from = Path::new(f);
            let folder = from.parent().unwrap().file_name().unwrap();
            std::fs::create_dir_all(dir.path().join(folder)).unwrap();
            let to = dir.path().join(folder).join(from.file_name().unwrap());
            copy_file(&root().join(f), &to);
            to
        })
        .collect();
    (dir, copies)
}

#[test]
fn the_seed_article_has_exactly_one_mojibake() {
    assert_eq!(
        found(
            SEED,
            &["mojibake", "replacement-character", "control-character"]
        ),
        vec![moji(21, 1880, "â„¢", "™")]
    );
    let json = check_json(&[SEED]);
    let d = &json["diagnostics"][0];
    assert_eq!(d["message"], "\"â„¢\" is mojibake for \"™\"");
    assert_eq!(
        d["help"],
        "the UTF-8 bytes of \"™\" were read as Windows-1252"
    );
}

#[test]
fn the_real_fixture_articles_have_only_their_real_text_defects() {
    let json = check_json(&["fixtures/content"]);
    let text_rules = [
        "mojibake",
        "replacement-character",
        "control-character",
        "latex-newline-collision",
    ];
    let mut rules: Vec<(String, String)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| text_rules.contains(&d["rule"].as_str().unwrap()))
        .map(|d| {
            let path = d["path"].as_str().unwrap();
            (
                d["rule"].as_str().unwrap().to_string(),
                common::file_name(path),
            )
        })
        .collect();
    rules.sort();
    assert_eq!(
        rules,
        vec![
            // `\nabla` in the math of a physics article; `\nabla` and `\nu` in a mathematics one.
            (
                "latex-newline-collision".to_string(),
                "what-are-the-key-components-of-the-wave-equation.md".to_string()
            ),
            (
                "latex-newline-collision".to_string(),
                "what-are-the-key-components-of-the-wave-equation.md".to_string()
            ),
            (
                "latex-newline-collision".to_string(),
                "what-are-the-modern-advancements-in-mathematical-notation-that-aid-in-physics.md"
                    .to_string()
            ),
            // `CMGT-BCâ„¢` in the seed.
            (
                "mojibake".to_string(),
                "what-training-and-qualifications-are-required-for-case-managers.md".to_string()
            ),
        ]
    );
}

#[test]
fn fixing_the_seed_changes_exactly_the_mojibake() {
    let (_dir, files) = scratch(&[SEED]);
    let original = std::fs::read(&files[0]).unwrap();
    let out = contentlint()
        .args(["check", "--fix", "--color", "never"])
        .arg(&files[0])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("Fixed 1 problem in 1 file."), "{stdout}");
    // What remains are its related articles, which are not in this one-file root.
    let remaining = found_in(&files[0]);
    assert!(
        remaining.iter().all(|r| r == "related-unresolved"),
        "{remaining:?}"
    );
    let fixed = std::fs::read(&files[0]).unwrap();
    let original = String::from_utf8(original).unwrap();
    assert_eq!(original.matches("â„¢").count(), 1);
    assert_eq!(
        String::from_utf8(fixed.clone()).unwrap(),
        original.replace("CMGT-BCâ„¢", "CMGT-BC™")
    );

    // Idempotent: a second run changes nothing and says nothing was fixed.
    let out = contentlint()
        .args(["check", "--fix", "--color", "never"])
        .arg(&files[0])
        .output()
        .unwrap();
    assert!(!String::from_utf8(out.stdout).unwrap().contains("Fixed"));
    assert_eq!(std::fs::read(&files[0]).unwrap(), fixed);
}

#[test]
fn fix_repairs_every_scalar_style_and_keeps_other_bytes() {
    let (_dir, files) = scratch(&["fixtures/invalid/health-studies/mojibake.md"]);
    let original = std::fs::read_to_string(&files[0]).unwrap();
    fix(&files[0], &[]);
    let fixed = std::fs::read_to_string(&files[0]).unwrap();
    let expected = original
        .replace("â€™", "’")
        .replace("Â·", "·")
        .replace("Ã¢â‚¬â„¢", "’")
        .replace("â€”", "—")
        .replace("Ã‰", "É")
        .replace("Ã©", "é")
        .replace("ðŸ˜€", "😀")
        .replace("Â\u{a0}", "\u{a0}");
    assert_eq!(fixed, expected);
    assert!(found_in(&files[0]).iter().all(|r| r != "mojibake"));
}

/// Runs `check --fix ARGS` on one file.
fn fix(path: &Path, args: &[&str]) {
    contentlint()
        .args(["check", "--fix"])
        .args(args)
        .arg(path)
        .output()
        .unwrap();
}

fn found_in(path: &Path) -> Vec<String> {
    common::each(&check_json(&[path.to_str().unwrap()]), "rule")
}

#[test]
fn unsafe_fixes_only_when_asked() {
    let (_dir, files) = scratch(&["fixtures/invalid/health-studies/latex-newline-collision.md"]);
    let original = std::fs::read_to_string(&files[0]).unwrap();
    let only = ["--select", "latex-newline-collision"];
    fix(&files[0], &only);
    assert_eq!(std::fs::read_to_string(&files[0]).unwrap(), original);
    fix(&files[0], &[&only[..], &["--unsafe-fixes"]].concat());
    let fixed = std::fs::read_to_string(&files[0]).unwrap();
    assert_eq!(
        fixed,
        original
            .replace("$a \\neq b$", "$a ≠ b$")
            .replace("$$\\nabla", "$$∇")
    );
    // `\not` has no equivalent and stays reported (with the `$5 and $` money, now math).
    assert_eq!(
        found_in(&files[0]),
        vec!["latex-newline-collision", "currency-dollar-math"]
    );
}

#[test]
fn diff_shows_the_change_and_writes_nothing() {
    let (_dir, files) = scratch(&[SEED]);
    let before = std::fs::read(&files[0]).unwrap();
    let out = contentlint()
        .args(["check", "--diff"])
        .arg(&files[0])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let diff = String::from_utf8(out.stdout).unwrap();
    assert!(diff.contains("-    To become a case manager"), "{diff}");
    assert!(diff.contains("(CMGT-BC™) from the ANCC"), "{diff}");
    assert_eq!(diff.lines().filter(|l| l.starts_with('+')).count(), 2);
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("Would fix 1 problem in 1 file.")
    );
    assert_eq!(std::fs::read(&files[0]).unwrap(), before);

    let out = contentlint()
        .args([
            "check",
            "--diff",
            "fixtures/invalid/health-studies/valid-minimal.md",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
}

#[test]
fn read_only_files_are_reported_and_left_untouched() {
    let (_dir, files) = scratch(&[SEED]);
    let mut perms = std::fs::metadata(&files[0]).unwrap().permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(&files[0], perms).unwrap();
    let before = std::fs::read(&files[0]).unwrap();
    let json: Value = serde_json::from_slice(
        &contentlint()
            .args(["check", "--fix", "--format", "json"])
            .arg(&files[0])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert_eq!(std::fs::read(&files[0]).unwrap(), before);
    let messages = common::each(&json, "message");
    assert!(
        messages
            .iter()
            .any(|m| m == "cannot write fixes: the file is read-only"),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m == "\"â„¢\" is mojibake for \"™\""),
        "{messages:?}"
    );
}

#[test]
fn human_output_marks_fixes_and_counts_them() {
    let out = contentlint()
        .args([
            "check",
            "--color",
            "never",
            "--root",
            "fixtures/content",
            SEED,
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("fix (--fix): replace with \"™\""), "{text}");
    assert!(
        text.ends_with(
            "6 errors in 1 of 1 file\n1 fixable with --fix\nStart with related-unresolved (5 errors): no automatic fix; `contentlint rule related-unresolved` explains it.\n"
        ),
        "{text}"
    );
    assert!(text.contains("CMGT-BCâ„¢"));
    // The 3,000-character answer line is clipped around the span.
    assert!(text.lines().all(|l| l.chars().count() < 200), "{text}");
}

#[test]
fn json_fix_field() {
    let json = check_json(&[SEED]);
    let d = &json["diagnostics"][0];
    let start = d["byte_start"].as_u64().unwrap();
    assert_eq!(
        d["fix"],
        serde_json::json!({"safe": true, "applicability": "safe", "edits": [{"byte_start": start, "byte_end": start + 7, "replacement": "™"}]})
    );
    let json = check_json(&["fixtures/invalid/health-studies/schema-type.md"]);
    assert_eq!(json["diagnostics"][0]["fix"], Value::Null);
}
