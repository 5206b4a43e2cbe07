//! Fixes never make things worse, and every count of them agrees.
//!
//! The invariant: after `--fix` (and after `--fix --unsafe-fixes`), no file has a diagnostic
//! of a rule it did not have before, the report of the fixing run is what a fresh check
//! reports, and a second run fixes nothing. It is checked on the real fixture articles, on the
//! fixture site, and on a site of 36,000 articles generated from them.

use std::collections::BTreeMap;
use std::path::Path;

use regex::Regex;
use serde_json::Value;

mod common;
use common::{contentlint_in, copy_tree, fastest_in, release_binary, root};

/// (file, rule) → how many diagnostics.
type Counts = BTreeMap<(String, String), usize>;

fn counts(json: &Value) -> Counts {
    let mut counts = Counts::new();
    for d in json["diagnostics"].as_array().unwrap() {
        let key = (
            d["path"].as_str().unwrap().to_string(),
            d["rule"].as_str().unwrap().to_string(),
        );
        *counts.entry(key).or_default() += 1;
    }
    counts
}

fn check(dir: &Path) -> Value {
    let out = fastest_in(dir)
        .args(["check", ".", "--no-cache", "--format", "json"])
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Runs `--fix` (with `extra`) and returns its JSON report and what it said on stderr.
fn fix(dir: &Path, extra: &[&str]) -> (Value, String) {
    let out = fastest_in(dir)
        .args(["check", ".", "--no-cache", "--fix", "--format", "json"])
        .args(extra)
        .output()
        .unwrap();
    (
        serde_json::from_slice(&out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// The number a sentence such as "Fixed 5 problems in 3 files" gives after `lead`.
fn number_after(text: &str, lead: &str) -> Option<(usize, usize)> {
    let re = Regex::new(&format!(r"{lead} (\d+) problems? in (\d+) files?")).unwrap();
    let c = re.captures(text)?;
    Some((c[1].parse().unwrap(), c[2].parse().unwrap()))
}

/// Asserts the invariant on a copy of `site` for safe fixes, then for unsafe ones too.
fn invariant(site: &Path) {
    for extra in [&[][..], &["--unsafe-fixes"][..]] {
        let dir = tempfile::tempdir().unwrap();
        copy_tree(site, dir.path());
        let before = counts(&check(dir.path()));
        let (report, said) = fix(dir.path(), extra);
        let after = check(dir.path());
        assert_eq!(
            counts(&report),
            counts(&after),
            "{extra:?}: the fixing run's report is not what a fresh check finds"
        );
        let gained: Vec<_> = counts(&after)
            .into_iter()
            .filter(|(key, n)| before.get(key).is_none_or(|b| n > b))
            .collect();
        assert!(
            gained.is_empty(),
            "{extra:?}: fixing added {gained:?}\n{said}"
        );
        assert!(report["summary"]["fixed"].as_u64() > Some(0) || extra.is_empty());
        let (again, _) = fix(dir.path(), extra);
        for count in ["fixed", "fixed_uncovered"] {
            assert_eq!(
                again["summary"][count], 0,
                "{extra:?}: a second run fixed more ({count})"
            );
        }
    }
}

#[test]
fn fixes_never_add_a_diagnostic_on_the_fixture_site_and_articles() {
    invariant(&root().join("fixtures/site"));
    invariant(&root().join("fixtures/content"));
}

/// A site of `count` articles made from the real fixture articles, as scripts/gen-corpus.py
/// makes one: each round copies every article with a fresh slug, id, file name and url, and
/// related references point at the copies of the same round.
fn generate(count: usize, out: &Path) {
    let source = root().join("fixtures/content/learn");
    let mut articles = Vec::new();
    for folder in std::fs::read_dir(&source).unwrap() {
        let folder = folder.unwrap().path();
        for file in std::fs::read_dir(&folder).unwrap() {
            let file = file.unwrap().path();
            if file.extension().is_some_and(|e| e == "md") {
                let name = folder.file_name().unwrap().to_string_lossy().into_owned();
                let stem = file.file_stem().unwrap().to_string_lossy().into_owned();
                articles.push((name, stem, std::fs::read_to_string(&file).unwrap()));
            }
        }
    }
    articles.sort();
    let id = Regex::new(r"(?m)^(\s*id: )(-?)(\d+)$").unwrap();
    let stems: Vec<&str> = articles.iter().map(|a| a.1.as_str()).collect();
    let mut made = 0;
    let mut round = 0;
    while made < count {
        for (folder, stem, text) in &articles {
            if made == count {
                break;
            }
            let mut text = id
                .replace_all(text, |c: &regex::Captures| {
                    format!("{}{}{}{}", &c[1], &c[2], round, &c[3])
                })
                .into_owned();
            for other in &stems {
                text = text.replace(&format!("/{other}\n"), &format!("/{other}-{round}\n"));
                text = text.replace(
                    &format!(": {other}.md\n"),
                    &format!(": {other}-{round}.md\n"),
                );
            }
            let dir = out.join("content/learn").join(folder);
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(dir.join(format!("{stem}-{round}.md")), text).unwrap();
            made += 1;
        }
        round += 1;
    }
}

/// 36,000 articles, the size of the real site, with the release binary (`.ci/run`); a tenth
/// of that with the test build, which is ten times slower.
#[test]
fn fixes_never_add_a_diagnostic_on_a_generated_site() {
    let site = tempfile::tempdir().unwrap();
    let count = if release_binary().is_some() {
        36_000
    } else {
        3_600
    };
    generate(count, site.path());
    invariant(site.path());
}

#[test]
fn every_count_of_fixes_agrees() {
    let site = root().join("fixtures/site");
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&site, dir.path());
    let run = |args: &[&str]| {
        let out = contentlint_in(dir.path())
            .args(["check", ".", "--no-cache", "--color", "never"])
            .args(args)
            .output()
            .unwrap();
        (
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    let (summary, _) = run(&[]);
    let fixable: usize = Regex::new(r"(\d+) fixable with --fix")
        .unwrap()
        .captures(&summary)
        .unwrap()[1]
        .parse()
        .unwrap();
    let (diff, said) = run(&["--diff"]);
    let would = number_after(&said, "Would fix").unwrap();
    let files_in_diff = diff.lines().filter(|l| l.starts_with("+++ ")).count();
    assert!(diff.ends_with('\n'), "{diff}");
    let (said, _) = run(&["--fix"]);
    let fixed = number_after(&said, "Fixed").unwrap();
    assert_eq!((would.0, fixable), (fixable, would.0));
    assert_eq!(would, fixed);
    assert_eq!(would.1, files_in_diff);
    // Fixing the subject's spelling uncovers the SEO title that follows it, said apart.
    assert!(
        said.contains("Fixing uncovered 1 more problem, which was fixed too."),
        "{said}"
    );
}

#[test]
fn a_diff_marks_a_last_line_without_a_line_break() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("health-studies");
    std::fs::create_dir(&folder).unwrap();
    let text =
        std::fs::read_to_string(root().join("fixtures/invalid/health-studies/valid-minimal.md"))
            .unwrap()
            .replace("&nbsp;", "CMGT-BCâ„¢");
    assert!(!text.ends_with('\n'));
    std::fs::write(folder.join("valid-minimal.md"), text).unwrap();
    let out = contentlint_in(dir.path())
        .args([
            "check",
            ".",
            "--diff",
            "--isolated",
            "--no-cache",
            "--select",
            "mojibake",
        ])
        .output()
        .unwrap();
    let diff = String::from_utf8(out.stdout).unwrap();
    assert!(
        diff.ends_with(
            "-CMGT-BCâ„¢\n\\ No newline at end of file\n+CMGT-BC™\n\\ No newline at end of file\n"
        ),
        "{diff}"
    );
}

#[test]
fn rules_and_statistics_tell_safe_from_unsafe_fixes() {
    let out = contentlint_in(root()).arg("rules").output().unwrap();
    let table = String::from_utf8(out.stdout).unwrap();
    let fix_of = |rule: &str| {
        table
            .lines()
            .find(|l| l.split_whitespace().next() == Some(rule))
            .and_then(|l| l.split_whitespace().nth(2))
            .map(str::to_string)
    };
    assert_eq!(fix_of("mojibake").as_deref(), Some("safe/unsafe"));
    assert_eq!(fix_of("related-mismatch").as_deref(), Some("safe"));
    assert_eq!(fix_of("related-stale-id").as_deref(), Some("unsafe"));
    assert_eq!(fix_of("url-mismatch").as_deref(), Some("unsafe"));
    assert_eq!(fix_of("duplicate-id").as_deref(), Some("-"));

    let out = contentlint_in(&root().join("fixtures/site"))
        .args([
            "check",
            ".",
            "--no-cache",
            "--statistics",
            "--color",
            "never",
        ])
        .output()
        .unwrap();
    let stats = String::from_utf8(out.stdout).unwrap();
    assert!(stats.starts_with("  count   safe  unsafe  rule"), "{stats}");
    let row = stats.lines().find(|l| l.contains("url-mismatch")).unwrap();
    let cells: Vec<&str> = row.split_whitespace().collect();
    assert_eq!(&cells[..3], &["1", "0", "1"], "{row}");
}

/// An article made from the valid fixture, with another name and id and extra front matter.
fn variant(stem: &str, id: u32, title: &str, extra: &str) -> String {
    let valid =
        std::fs::read_to_string(root().join("fixtures/invalid/health-studies/valid-minimal.md"))
            .unwrap();
    let text = valid
        .replace("valid-minimal", stem)
        .replace("id: 900001", &format!("id: {id}"))
        .replace(
            "What training and qualifications are required for case managers?",
            title,
        );
    let end = text.rfind("\n---\n").unwrap();
    format!("{}\n{}{}", &text[..end], extra, &text[end + 1..])
}

#[test]
fn an_empty_block_scalar_gets_no_fix_and_is_never_corrupted() {
    // `title: >-` with no content line: the related-mismatch fix once put the target's title
    // at the start of the next line, once per fixing round.
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("health-studies");
    std::fs::create_dir_all(&folder).unwrap();
    let a = variant(
        "article-a",
        900101,
        "What is A?",
        "related_article1:\n    id: 900102\n    title: >-\n    subject: Health Studies\n    url: /learn/health-studies/questions/article-b\n",
    );
    std::fs::write(folder.join("article-a.md"), &a).unwrap();
    std::fs::write(
        folder.join("article-b.md"),
        variant("article-b", 900102, "Bee", ""),
    )
    .unwrap();
    let (report, said) = fix(dir.path(), &[]);
    assert_eq!(
        std::fs::read_to_string(folder.join("article-a.md")).unwrap(),
        a
    );
    assert_eq!(report["summary"]["fixed"], 0, "{said}");
    let mismatch = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "related-mismatch")
        .expect("still reported");
    assert!(mismatch["fix"].is_null());
}

#[test]
fn a_read_only_file_is_reported_and_counted_while_others_are_fixed() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("health-studies");
    std::fs::create_dir_all(&folder).unwrap();
    // Two articles whose related title is stale (a safe fix each), one of them read-only.
    let b = variant("article-b", 900102, "What is B?", "");
    let stale = |stem: &str, id: u32| {
        variant(
            stem,
            id,
            &format!("What is {stem}?"),
            "related_article1:\n    id: 900102\n    title: >-\n        What was B?\n    subject: Health Studies\n    url: /learn/health-studies/questions/article-b\n",
        )
    };
    std::fs::write(folder.join("article-b.md"), b).unwrap();
    std::fs::write(folder.join("article-a.md"), stale("article-a", 900101)).unwrap();
    let locked = folder.join("article-c.md");
    std::fs::write(&locked, stale("article-c", 900103)).unwrap();
    let mut permissions = std::fs::metadata(&locked).unwrap().permissions();
    permissions.set_readonly(true);
    std::fs::set_permissions(&locked, permissions).unwrap();
    let out = fastest_in(dir.path())
        .args(["check", ".", "--no-cache", "--fix", "--format", "json"])
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["summary"]["fixed"], 1);
    let io: Vec<&Value> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "io-error")
        .collect();
    assert_eq!(io.len(), 1, "{report:#}");
    assert_eq!(io[0]["path"], "health-studies/article-c.md");
    // It counts: the run fails, and the summary says so.
    assert_eq!(out.status.code(), Some(1));
    assert!(report["summary"]["errors"].as_u64().unwrap() >= 1);
}

/// An article with two independent safe fixes from two rules: mojibake in its answer, and a
/// stale copy of article B's title.
fn doubly_fixable(stem: &str, id: u32) -> String {
    variant(
        stem,
        id,
        &format!("What is {stem}?"),
        "related_article1:\n    id: 900102\n    title: >-\n        What was B?\n    subject: Health Studies\n    url: /learn/health-studies/questions/article-b\n",
    )
    .replace("a relevant degree", "a CMGT-BCâ„¢ degree")
}

/// A site whose `health-studies` folder holds article B (which [`doubly_fixable`] articles
/// point at): the site and the folder.
fn site_with_article_b() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("health-studies");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(
        folder.join("article-b.md"),
        variant("article-b", 900102, "What is B?", ""),
    )
    .unwrap();
    (dir, folder)
}

#[test]
fn two_fixing_runs_at_once_lose_neither_one_s_fixes() {
    let (dir, folder) = site_with_article_b();
    let count = 300;
    for i in 0..count {
        let stem = format!("article-{i:03}");
        std::fs::write(
            folder.join(format!("{stem}.md")),
            doubly_fixable(&stem, 910000 + i),
        )
        .unwrap();
    }
    let before = counts(&check(dir.path()));
    let rules: BTreeMap<&str, usize> = before.iter().fold(BTreeMap::new(), |mut m, (k, n)| {
        *m.entry(k.1.as_str()).or_default() += n;
        m
    });
    assert_eq!(rules.get("mojibake"), Some(&(count as usize)), "{rules:?}");
    assert_eq!(rules.get("related-mismatch"), Some(&(count as usize)));
    // Each run reads every file, fixes its own rule and writes: without turns, the later
    // rename of each file throws away the other run's fix.
    let runs: Vec<_> = ["mojibake", "related-mismatch"]
        .into_iter()
        .map(|rule| {
            let binary =
                release_binary().unwrap_or_else(|| assert_cmd::cargo::cargo_bin("contentlint"));
            std::process::Command::new(binary)
                .current_dir(dir.path())
                .args(["check", ".", "--no-cache", "--fix", "--format", "json"])
                .args(["--select", rule])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for run in runs {
        let out = run.wait_with_output().unwrap();
        let report: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(
            report["summary"]["fixed"],
            count,
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let after = counts(&check(dir.path()));
    let left: Vec<_> = after
        .keys()
        .filter(|(_, rule)| rule == "mojibake" || rule == "related-mismatch")
        .collect();
    assert!(left.is_empty(), "fixes were lost: {left:?}");
}

#[cfg(unix)]
#[test]
fn a_fix_reaches_every_name_of_a_hard_linked_article() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("site/health-studies");
    std::fs::create_dir_all(&folder).unwrap();
    let article = folder.join("article-a.md");
    std::fs::write(&article, doubly_fixable("article-a", 900101)).unwrap();
    let other = dir.path().join("elsewhere.md");
    std::fs::hard_link(&article, &other).unwrap();
    let out = fastest_in(&dir.path().join("site"))
        .args(["check", ".", "--no-cache", "--fix", "--select", "mojibake"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let fixed = std::fs::read_to_string(&article).unwrap();
    assert!(fixed.contains("CMGT-BC™") && !fixed.contains("â„¢"));
    assert_eq!(std::fs::read_to_string(&other).unwrap(), fixed);
}

#[test]
fn a_run_removes_the_temporaries_an_interrupted_fix_left() {
    let (dir, folder) = site_with_article_b();
    let an_hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    let make = |name: &str, modified: std::time::SystemTime| {
        let path = folder.join(name);
        let file = std::fs::File::create(&path).unwrap();
        std::io::Write::write_all(&mut &file, b"half a fix").unwrap();
        file.set_modified(modified).unwrap();
        path
    };
    let stale = make(".contentlint-Ab12Cd", an_hour_ago);
    // Not ours, or not stale: left alone.
    let someone_elses = make(".contentlint-notes", an_hour_ago);
    let in_the_future = make(
        ".contentlint-Zz99Yy",
        std::time::SystemTime::now() + std::time::Duration::from_secs(3600),
    );
    let out = fastest_in(dir.path())
        .args(["check", ".", "--no-cache"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let said = String::from_utf8(out.stderr).unwrap();
    assert!(
        said.contains("removed 1 temporary file left by an interrupted `--fix`"),
        "{said}"
    );
    assert!(!stale.exists());
    assert!(someone_elses.exists() && in_the_future.exists());
}
