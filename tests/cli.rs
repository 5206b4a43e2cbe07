//! The command line as ruff and rumdl users know it: format names and the environment,
//! quiet and silent runs, a severity floor, standard input, listing files and settings,
//! completions, the man page, the report's order and its closing summary, and did-you-mean
//! for every place a rule is named.

use serde_json::Value;

mod common;
use common::{contentlint, contentlint_in, copy_file, root};

const INVALID: &str = "fixtures/invalid/health-studies";

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Runs `check ARGS` from the repository root.
/// Checks fixtures from the repository root. The fixtures are variants of one seed article
/// that all ask its question, so `duplicate-question` is left out.
fn check(args: &[&str]) -> std::process::Output {
    contentlint()
        .arg("check")
        .args(args)
        .args(["--no-cache", "--ignore", "duplicate-question"])
        .env_remove("CONTENTLINT_OUTPUT_FORMAT")
        .env("COLUMNS", "100")
        .output()
        .unwrap()
}

#[test]
fn output_format_its_alias_its_short_file_flag_and_the_environment() {
    let file = format!("{INVALID}/schema-type.md");
    let main = check(&[&file, "--output-format", "concise"]);
    let alias = check(&[&file, "--format", "concise"]);
    assert_eq!(stdout(&main), stdout(&alias));
    assert!(stdout(&main).contains("error[schema]"), "{}", stdout(&main));
    let from_env = contentlint()
        .args(["check", &file, "--no-cache"])
        .env("CONTENTLINT_OUTPUT_FORMAT", "json-lines")
        .output()
        .unwrap();
    let line: Value = serde_json::from_str(stdout(&from_env).lines().next().unwrap()).unwrap();
    assert_eq!(line["rule"], "schema");
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.json");
    let written = check(&[
        &file,
        "-o",
        report.to_str().unwrap(),
        "--output-format",
        "json",
    ]);
    assert!(stdout(&written).is_empty());
    let json: Value = serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!(json["summary"]["errors"], 1);
}

#[test]
fn quiet_prints_diagnostics_only_and_silent_prints_nothing() {
    let file = format!("{INVALID}/schema-type.md");
    let full = check(&[&file]);
    assert!(stdout(&full).contains("1 error in 1 of 1 file"));
    let quiet = check(&[&file, "-q"]);
    assert!(stdout(&quiet).contains("error[schema]"));
    assert!(!stdout(&quiet).contains("1 error in"), "{}", stdout(&quiet));
    assert!(!stdout(&quiet).contains("Start with"));
    assert_eq!(quiet.status.code(), Some(1));
    let concise = check(&[&file, "--quiet", "--output-format", "concise"]);
    assert_eq!(stdout(&concise).lines().count(), 1, "{}", stdout(&concise));
    let silent = check(&[&file, "-s"]);
    assert_eq!(
        (stdout(&silent).as_str(), stderr(&silent).as_str()),
        ("", "")
    );
    assert_eq!(silent.status.code(), Some(1));
    let nothing = check(&["fixtures/no-such-folder-at-all", "--silent"]);
    assert_eq!(stderr(&nothing), "");
    assert!(check(&[&file, "-q", "-s"]).status.code() == Some(2));
}

#[test]
fn min_severity_shows_errors_only_and_they_alone_count() {
    // title-mismatch is a warning: with an error floor the file passes.
    let file = format!("{INVALID}/title-mismatch.md");
    let all = check(&[&file, "--output-format", "json", "--deny-warnings"]);
    let json: Value = serde_json::from_slice(&all.stdout).unwrap();
    assert_eq!(json["summary"]["warnings"], 1);
    assert_eq!(all.status.code(), Some(1));
    let errors = check(&[
        &file,
        "--output-format",
        "json",
        "--deny-warnings",
        "--min-severity",
        "error",
    ]);
    let json: Value = serde_json::from_slice(&errors.stdout).unwrap();
    assert_eq!(json["summary"]["warnings"], 0);
    assert_eq!(errors.status.code(), Some(0));
    // A rule raised to an error shows.
    let raised = check(&[
        &file,
        "--output-format",
        "json",
        "--min-severity",
        "error",
        "--severity",
        "title-mismatch=error",
    ]);
    let json: Value = serde_json::from_slice(&raised.stdout).unwrap();
    assert_eq!(json["summary"]["errors"], 1);
}

#[test]
fn standard_input_is_checked_as_the_file_it_names() {
    let text = std::fs::read_to_string(root().join(INVALID).join("valid-minimal.md")).unwrap();
    let named = format!("{INVALID}/valid-minimal.md");
    let clean = contentlint()
        .args(["check", "-", "--stdin-filename", &named, "--no-cache"])
        .write_stdin(text.clone())
        .output()
        .unwrap();
    assert_eq!(clean.status.code(), Some(0), "{}", stdout(&clean));
    // The text on stdin is what is checked, not the file on disk; the path is the named one.
    let broken = text.replace("id: 900001", "id: 9x");
    let out = contentlint()
        .args([
            "check",
            "-",
            "--stdin-filename",
            &named,
            "--no-cache",
            "--output-format",
            "json",
        ])
        .write_stdin(broken)
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["diagnostics"][0]["rule"], "schema");
    assert_eq!(json["diagnostics"][0]["path"], named);
    // Path rules use the named path: under another name the file name disagrees.
    let elsewhere = format!("{INVALID}/another-name.md");
    let out = contentlint()
        .args([
            "check",
            "-",
            "--stdin-filename",
            &elsewhere,
            "--no-cache",
            "--output-format",
            "json",
        ])
        .write_stdin(text)
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let rules: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    assert!(rules.contains(&"file-name-mismatch"), "{rules:?}");
    // Without the name, the run says why it needs one.
    let out = contentlint()
        .args(["check", "-"])
        .write_stdin("x")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--stdin-filename"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn show_files_lists_what_include_and_exclude_leave() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("content/health-studies");
    std::fs::create_dir_all(&folder).unwrap();
    for name in ["valid-minimal.md", "schema-type.md", "title-mismatch.md"] {
        copy_file(&root().join(INVALID).join(name), &folder.join(name));
    }
    std::fs::write(dir.path().join("README.md"), "# readme\n").unwrap();
    std::fs::write(
        dir.path().join("contentlint.toml"),
        "include = [\"content/**/*.md\"]\nexclude = [\"**/schema-*.md\"]\n",
    )
    .unwrap();
    let out = contentlint_in(dir.path())
        .args(["check", "--show-files"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        stdout(&out),
        "content/health-studies/title-mismatch.md\ncontent/health-studies/valid-minimal.md\n"
    );
}

#[test]
fn show_settings_says_where_each_value_comes_from() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("health-studies");
    std::fs::create_dir_all(&folder).unwrap();
    copy_file(
        &root().join(INVALID).join("valid-minimal.md"),
        &folder.join("valid-minimal.md"),
    );
    std::fs::write(
        dir.path().join("contentlint.toml"),
        "url-pattern = \"/q/{stem}\"\n[rules]\nslug-style = \"off\"\n[[overrides]]\nfiles = [\"health-studies/**\"]\n[overrides.rules]\ntitle-mismatch = \"error\"\n",
    )
    .unwrap();
    let out = contentlint_in(dir.path())
        .args([
            "check",
            "--show-settings",
            "health-studies/valid-minimal.md",
            "--severity",
            "mojibake=warning",
        ])
        .output()
        .unwrap();
    let text = stdout(&out);
    let (settings, rules) = text.split_once("[rules]").unwrap();
    let line = |start: &str| {
        let text = if start.ends_with(' ') {
            rules
        } else {
            settings
        };
        text.lines()
            .find(|l| l.starts_with(start))
            .unwrap_or_else(|| panic!("no `{start}` line in\n{text}"))
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_eq!(
        line("url-pattern"),
        "url-pattern /q/{stem} (contentlint.toml)"
    );
    assert_eq!(line("slug-style "), "slug-style off ([rules])");
    assert_eq!(
        line("title-mismatch "),
        "title-mismatch error ([[overrides]] number 1)"
    );
    assert_eq!(line("mojibake "), "mojibake warning (--severity)");
    assert_eq!(line("schema "), "schema error (default)");
    assert!(line("schema").contains("the embedded article schema (`_schema: default`)"));
}

#[test]
fn completions_and_the_man_page_come_from_the_definitions() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = contentlint().args(["completions", shell]).output().unwrap();
        assert!(out.status.success(), "{shell}");
        assert!(stdout(&out).contains("output-format"), "{shell}");
    }
    let out = contentlint().arg("man").output().unwrap();
    assert!(out.status.success());
    let page = stdout(&out);
    assert!(page.starts_with(".ie"), "{}", &page[..40.min(page.len())]);
    assert!(page.contains(".TH contentlint"));
    assert!(page.contains("check"));
}

#[test]
fn every_place_a_rule_is_named_suggests_the_closest() {
    let file = format!("{INVALID}/valid-minimal.md");
    for args in [
        vec!["check", &file, "--select", "mojibak"],
        vec!["check", &file, "--ignore", "mojibak"],
        vec!["check", &file, "--severity", "mojibak=off"],
        vec!["rule", "mojibak"],
    ] {
        let out = contentlint().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&out).contains("no rule named `mojibak`; did you mean `mojibake`?"),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("contentlint.toml"),
        "[rules]\nmojibak = \"off\"\n",
    )
    .unwrap();
    let out = contentlint_in(dir.path()).arg("check").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("did you mean `mojibake`?"),
        "{}",
        stderr(&out)
    );
}

/// A scratch site with an error and a warning in files sorted the other way round.
fn errors_after_warnings() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("health-studies");
    std::fs::create_dir_all(&folder).unwrap();
    // `a-warning.md` sorts first and has only a warning (its titles differ); `schema-type.md`
    // has an error.
    let valid = std::fs::read_to_string(root().join(INVALID).join("valid-minimal.md")).unwrap();
    let warning = valid.replace("valid-minimal", "a-warning").replacen(
        "article_title: >-\n    What training",
        "article_title: >-\n    Which training",
        1,
    );
    assert_ne!(warning, valid.replace("valid-minimal", "a-warning"));
    std::fs::write(folder.join("a-warning.md"), warning).unwrap();
    copy_file(
        &root().join(INVALID).join("schema-type.md"),
        &folder.join("schema-type.md"),
    );
    dir
}

fn headers(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| l.contains("error[") || l.contains("warning["))
        .map(|l| {
            let start = l.find(|c: char| c.is_ascii_alphabetic()).unwrap();
            l[start..].split(':').next().unwrap().to_string()
        })
        .collect()
}

#[test]
fn the_human_report_puts_errors_first_and_ends_with_what_to_do() {
    let dir = errors_after_warnings();
    let run = |sort: Option<&str>| {
        let mut cmd = contentlint_in(dir.path());
        cmd.args(["check", "--no-cache", "--isolated"])
            .env("COLUMNS", "100");
        if let Some(sort) = sort {
            cmd.args(["--sort", sort]);
        }
        stdout(&cmd.output().unwrap())
    };
    let default = run(None);
    let found = headers(&default);
    assert_eq!(
        found.first().map(String::as_str),
        Some("error[schema]"),
        "{found:?}"
    );
    assert!(found.iter().any(|h| h.starts_with("warning[")));
    let by_path = headers(&run(Some("path")));
    assert!(by_path[0].starts_with("warning["), "{by_path:?}");
    let by_rule = headers(&run(Some("rule")));
    assert_eq!(by_rule.len(), found.len());
    // The end: counts per rule with fixability, the totals, and what to do first.
    let tail: Vec<&str> = default.lines().rev().take(8).collect();
    assert!(
        default.contains("  count   safe  unsafe  rule"),
        "{default}"
    );
    assert!(
        tail.iter()
            .any(|l| l.starts_with("Start with schema (1 error): no automatic fix")),
        "{tail:?}"
    );
}

#[test]
fn excerpts_of_other_files_keep_their_gutter_on_narrow_output() {
    let site = root().join("fixtures/site");
    for columns in ["50", "100"] {
        let out = contentlint_in(&site)
            .args(["check", ".", "--select", "duplicate-url", "--no-cache"])
            .env("COLUMNS", columns)
            .output()
            .unwrap();
        let text = stdout(&out);
        let note = text
            .split("☞ also has url")
            .nth(1)
            .unwrap_or_else(|| panic!("no note in\n{text}"));
        // The other file's excerpt: its header, a numbered line with the url, an underline.
        let excerpt: Vec<&str> = note.lines().take(7).collect();
        assert!(
            excerpt
                .iter()
                .any(|l| l.trim_start().starts_with("╭─[content/")),
            "{excerpt:?}"
        );
        assert!(
            excerpt
                .iter()
                .any(|l| l.trim_start().starts_with("24 │ url: /learn/")),
            "{columns}: {excerpt:?}"
        );
        assert!(
            excerpt.iter().any(|l| l.contains("·      ────")),
            "{excerpt:?}"
        );
    }
}

#[test]
fn schema_infer_learns_a_schema_that_fits_the_articles_and_catches_the_broken_ones() {
    let out = contentlint()
        .args(["schema", "infer", "fixtures/content"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).starts_with("Inferred from 30 articles"),
        "{}",
        stderr(&out)
    );
    let dir = tempfile::tempdir().unwrap();
    let schema = dir.path().join("inferred.json");
    std::fs::write(&schema, &out.stdout).unwrap();
    let inferred: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        inferred["properties"]["date_format"]["enum"],
        serde_json::json!(["MMM DD, YYYY"])
    );
    assert_eq!(inferred["properties"]["id"]["type"], "integer");
    let schema_errors = |path: &str| -> usize {
        let out = contentlint()
            .args([
                "check",
                path,
                "--no-cache",
                "--isolated",
                "--select",
                "schema",
            ])
            .args([
                "--schema",
                schema.to_str().unwrap(),
                "--output-format",
                "json",
            ])
            .output()
            .unwrap();
        let json: Value = serde_json::from_slice(&out.stdout).unwrap();
        json["summary"]["errors"].as_u64().unwrap() as usize
    };
    assert_eq!(
        schema_errors("fixtures/content"),
        0,
        "the articles it was learnt from fit"
    );
    for fixture in std::fs::read_dir(root().join(INVALID)).unwrap() {
        let name = fixture.unwrap().file_name().to_string_lossy().into_owned();
        if name.starts_with("schema-") {
            let path = format!("{INVALID}/{name}");
            assert!(
                schema_errors(&path) > 0,
                "{path} passes the inferred schema"
            );
        }
    }
    let none = contentlint()
        .args(["schema", "infer", "fixtures/no-such-folder"])
        .output()
        .unwrap();
    assert_eq!(none.status.code(), Some(2));
}

#[test]
fn watch_mode_reports_again_when_a_file_changes() {
    use std::io::BufRead;
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("health-studies");
    std::fs::create_dir_all(&folder).unwrap();
    let article = folder.join("valid-minimal.md");
    copy_file(&root().join(INVALID).join("valid-minimal.md"), &article);
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_contentlint"))
        .args([
            "check",
            "--watch",
            "--output-format",
            "concise",
            "--isolated",
        ])
        .current_dir(dir.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let (send, lines) = std::sync::mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout).lines() {
            if send.send(line.unwrap()).is_err() {
                break;
            }
        }
    });
    let wait_for = |wanted: &str| loop {
        let line = lines
            .recv_timeout(std::time::Duration::from_secs(20))
            .unwrap_or_else(|_| panic!("no `{wanted}` line"));
        if line.contains(wanted) {
            return line;
        }
    };
    wait_for("All checks passed");
    let text = std::fs::read_to_string(&article).unwrap();
    std::fs::write(&article, text.replace("id: 900001", "id: 9x")).unwrap();
    let line = wait_for("error[schema]");
    assert!(
        line.starts_with("health-studies/valid-minimal.md:3:5:"),
        "{line}"
    );
    // Ctrl-C ends it cleanly.
    let interrupted = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(interrupted.success());
    let status = child.wait().unwrap();
    assert!(status.success(), "{status:?}");
}
