//! One snapshot directory per rule, in `tests/rules/<rule>/`: the rule's fixture articles, the
//! diagnostics as the human report renders them (`expected.txt`) with only that rule enabled,
//! and, for rules with fixes, the fixed text of every file `--fix --unsafe-fixes` changes
//! (`fixed/`, same layout). `UPDATE_SNAPSHOTS=1 cargo test --test rules` rewrites them; review
//! the diff before committing it.

use std::path::{Path, PathBuf};

mod common;
use common::{contentlint_in, copy_tree, root};

/// Files of a snapshot directory that are not input.
const NOT_INPUT: [&str; 2] = ["expected.txt", "fixed"];

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if folder == dir && NOT_INPUT.contains(&name.as_str()) {
                continue;
            }
            if path.is_dir() && path.extension().is_none_or(|e| e != "md") {
                stack.push(path);
            } else if path.is_file() {
                found.push(path.strip_prefix(dir).unwrap().to_path_buf());
            }
        }
    }
    found.sort();
    found
}

/// The rule's input copied to a scratch folder (folders named `*.md` included).
fn scratch(snapshot: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(snapshot).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap();
        if NOT_INPUT.contains(&name.to_string_lossy().as_ref()) {
            continue;
        }
        if path.is_dir() {
            copy_tree(&path, &dir.path().join(name));
        } else {
            common::copy_file(&path, &dir.path().join(name));
        }
    }
    dir
}

fn compare(path: &Path, actual: &[u8], update: bool) {
    if update {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, actual).unwrap();
        return;
    }
    let expected = std::fs::read(path)
        .unwrap_or_else(|_| panic!("{} is missing: run with UPDATE_SNAPSHOTS=1", path.display()));
    assert!(
        expected == actual,
        "{} differs:\n--- expected\n{}\n--- actual\n{}",
        path.display(),
        String::from_utf8_lossy(&expected),
        String::from_utf8_lossy(actual)
    );
}

fn snapshot(rule: &str) {
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    let snapshot = root().join("tests/rules").join(rule);
    assert!(snapshot.is_dir(), "{rule} has no snapshot directory");
    let dir = scratch(&snapshot);
    // A rule that needs settings (the phrase rules) has its own contentlint.toml.
    let config: &[&str] = if snapshot.join("contentlint.toml").is_file() {
        &["--config", "contentlint.toml"]
    } else {
        &["--isolated"]
    };
    let check = |extra: &[&str]| {
        contentlint_in(dir.path())
            .args(["check", ".", "--no-cache", "--color", "never"])
            .args(config)
            .args(["--select", rule])
            .args(extra)
            .output()
            .unwrap()
    };
    let out = check(&[]);
    assert!(out.status.code().is_some_and(|c| c < 2), "{rule}: {out:?}");
    let report = String::from_utf8(out.stdout).unwrap();
    assert!(
        report.contains(&format!("[{rule}]")),
        "{rule} reports nothing:\n{report}"
    );
    compare(&snapshot.join("expected.txt"), report.as_bytes(), update);

    // Fixing changes only what the fixed texts show, and nothing else.
    let before: Vec<(PathBuf, Vec<u8>)> = files(dir.path())
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(dir.path().join(&p)).unwrap();
            (p, bytes)
        })
        .collect();
    let out = check(&["--fix", "--unsafe-fixes"]);
    assert!(out.status.code().is_some_and(|c| c < 2), "{rule}: {out:?}");
    let fixed_dir = snapshot.join("fixed");
    if update && fixed_dir.exists() {
        std::fs::remove_dir_all(&fixed_dir).unwrap();
    }
    let mut changed = Vec::new();
    for (path, old) in before {
        let new = std::fs::read(dir.path().join(&path)).unwrap();
        let fixed = fixed_dir.join(&path);
        if new != old {
            changed.push(path.clone());
            compare(&fixed, &new, update);
        } else {
            assert!(
                !fixed.exists(),
                "{rule}: {} was expected to change",
                path.display()
            );
        }
    }
    if !update && fixed_dir.exists() {
        assert_eq!(
            files(&fixed_dir),
            changed,
            "{rule}: the files fixing changes"
        );
    }
}

#[test]
fn every_rule_has_a_snapshot_directory() {
    let out = contentlint_in(root()).arg("rules").output().unwrap();
    let listed: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| l.split_whitespace().next().unwrap().to_string())
        .collect();
    let mut dirs: Vec<String> = std::fs::read_dir(root().join("tests/rules"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    dirs.sort();
    let mut listed_sorted = listed.clone();
    listed_sorted.sort();
    assert_eq!(dirs, listed_sorted);
}

macro_rules! snapshots {
    ($($test:ident => $rule:literal,)*) => {
        $(
            #[test]
            fn $test() {
                snapshot($rule);
            }
        )*
    };
}

snapshots! {
    io_error => "io-error",
    encoding => "encoding",
    front_matter_missing => "front-matter-missing",
    front_matter_unclosed => "front-matter-unclosed",
    yaml_syntax => "yaml-syntax",
    duplicate_key => "duplicate-key",
    schema => "schema",
    mojibake => "mojibake",
    replacement_character => "replacement-character",
    control_character => "control-character",
    latex_newline_collision => "latex-newline-collision",
    math_render_error => "math-render-error",
    math_delimiter_unsupported => "math-delimiter-unsupported",
    currency_dollar_math => "currency-dollar-math",
    newline_in_code => "newline-in-code",
    answer_truncated => "answer-truncated",
    non_answer => "non-answer",
    quoted_answer_leftover => "quoted-answer-leftover",
    phrase => "phrase",
    description_length => "description-length",
    related_unresolved => "related-unresolved",
    related_stale_id => "related-stale-id",
    related_mismatch => "related-mismatch",
    related_noindex => "related-noindex",
    related_self => "related-self",
    related_duplicate => "related-duplicate",
    duplicate_id => "duplicate-id",
    duplicate_url => "duplicate-url",
    duplicate_question => "duplicate-question",
    url_malformed => "url-malformed",
    url_mismatch => "url-mismatch",
    file_name_mismatch => "file-name-mismatch",
    subject_folder_mismatch => "subject-folder-mismatch",
    subject_inconsistent => "subject-inconsistent",
    seo_title_mismatch => "seo-title-mismatch",
    title_mismatch => "title-mismatch",
    slug_style => "slug-style",
    unused_suppression => "unused-suppression",
}
