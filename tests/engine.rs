//! The engine: the cache never changes what a run reports, an edited file is always checked
//! again, a changed article re-checks exactly the articles that depend on it, and a file is
//! one file however its path is spelt.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use serde_json::Value;

mod common;
use common::{contentlint_in, copy_tree, root};

/// Runs `check --format json ARGS` in `dir` with `env`; stdout, stderr and the exit code.
fn run(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> (String, String, i32) {
    let mut cmd = contentlint_in(dir);
    cmd.arg("check").args(args).args(["--format", "json"]);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code().unwrap(),
    )
}

/// A site generated from the real fixture articles: each copied `rounds` times with its own
/// ids, file name and url, the related articles pointing at copies of the same round (as
/// `scripts/gen-corpus.py` does).
fn generated_site(rounds: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let source = root().join("fixtures/content/learn");
    for folder in std::fs::read_dir(&source).unwrap() {
        let folder = folder.unwrap().path();
        let name = folder.file_name().unwrap().to_owned();
        let target = dir.path().join("content/learn").join(&name);
        std::fs::create_dir_all(&target).unwrap();
        for file in std::fs::read_dir(&folder).unwrap() {
            let file = file.unwrap().path();
            let stem = file.file_stem().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&file).unwrap();
            for round in 0..rounds {
                let mut out = String::new();
                for line in text.split_inclusive('\n') {
                    let trimmed = line.trim_start();
                    let indent = &line[..line.len() - trimmed.len()];
                    if let Some(id) = trimmed.strip_prefix("id: ")
                        && let Ok(id) = id.trim_end().parse::<i64>()
                    {
                        out.push_str(&format!("{indent}id: {}\n", id + round as i64 * 1_000_000));
                    } else if round > 0 && trimmed.starts_with("file_name: ") {
                        out.push_str(&line.replace(".md", &format!("-{round}.md")));
                    } else if round > 0 && trimmed.contains("/questions/") {
                        let end = line.trim_end_matches(['\n', '\r']).len();
                        out.push_str(&format!("{}-{round}{}", &line[..end], &line[end..]));
                    } else {
                        out.push_str(line);
                    }
                }
                let name = if round == 0 {
                    format!("{stem}.md")
                } else {
                    format!("{stem}-{round}.md")
                };
                std::fs::write(target.join(name), out).unwrap();
            }
        }
    }
    dir
}

fn cache_dir(dir: &tempfile::TempDir) -> String {
    dir.path().join("cache").to_string_lossy().into_owned()
}

#[test]
fn the_cache_and_the_threads_never_change_the_report() {
    let generated = generated_site(4);
    let sites: Vec<(PathBuf, &str)> = vec![
        (root().to_path_buf(), "fixtures/invalid"),
        (root().to_path_buf(), "fixtures/content"),
        (root().join("fixtures/site"), "."),
        (generated.path().to_path_buf(), "."),
    ];
    for (dir, path) in sites {
        let (reference, _, code) = run(&dir, &[path, "--no-cache"], &[]);
        let cache = tempfile::tempdir().unwrap();
        let cache = cache_dir(&cache);
        for (what, env) in [
            ("cold", vec![]),
            ("warm", vec![]),
            ("warm, one thread", vec![("RAYON_NUM_THREADS", "1")]),
        ] {
            let (json, _, again) = run(&dir, &[path, "--cache-dir", &cache], &env);
            assert_eq!(again, code, "{path}: {what}");
            assert_eq!(json, reference, "{path}: {what}");
        }
        let (json, _, _) = run(&dir, &[path, "--no-cache"], &[("RAYON_NUM_THREADS", "1")]);
        assert_eq!(json, reference, "{path}: no cache, one thread");
        let (json, _, _) = run(&dir, &[path, "--no-cache"], &[("RAYON_NUM_THREADS", "4")]);
        assert_eq!(json, reference, "{path}: no cache, four threads");
    }
    let json: Value =
        serde_json::from_str(&run(generated.path(), &[".", "--no-cache"], &[]).0).unwrap();
    assert_eq!(json["files_checked"], 120);
}

/// How many files a `--verbose` run read and checked, and how many came from the cache.
fn rechecked(stderr: &str) -> (usize, usize) {
    let line = stderr
        .lines()
        .find(|l| l.starts_with("Checked "))
        .unwrap_or_else(|| panic!("no summary line in {stderr}"));
    let number = |after: &str| -> usize {
        let at = line.find(after).unwrap() + after.len();
        line[at..]
            .split_whitespace()
            .next()
            .unwrap()
            .parse()
            .unwrap()
    };
    let read = number(": ");
    let cached = line
        .split(", ")
        .nth(1)
        .and_then(|part| part.split_whitespace().next())
        .unwrap()
        .parse()
        .unwrap();
    (read, cached)
}

fn set_mtime(path: &Path, time: SystemTime) {
    std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(time)
        .unwrap();
}

#[test]
fn an_edited_file_is_checked_again_even_within_the_same_second() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.md");
    let cache = cache_dir(&dir);
    let check = || {
        let (json, stderr, _) = run(dir.path(), &["a.md", "--cache-dir", &cache, "-v"], &[]);
        let json: Value = serde_json::from_str(&json).unwrap();
        let rules: Vec<String> = json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["rule"].as_str().unwrap().to_string())
            .collect();
        (rules, rechecked(&stderr))
    };
    let mangled = "---\ntitle: CafÃ©\n---\nbody\n";
    let same_size = "---\ntitle: Café!!\n---\nbody\n";
    assert_eq!(same_size.len(), mangled.len());

    // An old file: size and time tell.
    let old = SystemTime::now() - Duration::from_secs(3600);
    std::fs::write(&file, mangled).unwrap();
    set_mtime(&file, old);
    assert!(check().0.contains(&"mojibake".to_string()));
    assert_eq!(check().1, (0, 1), "unchanged: from the cache");
    // Edited to the same size with a new time.
    std::fs::write(&file, same_size).unwrap();
    set_mtime(&file, old + Duration::from_secs(60));
    assert!(!check().0.contains(&"mojibake".to_string()));

    // Racily clean: written, checked and edited again within the same second, so that size
    // and time are what the cache recorded.
    let now = SystemTime::now();
    std::fs::write(&file, mangled).unwrap();
    set_mtime(&file, now);
    let (rules, _) = check();
    assert!(rules.contains(&"mojibake".to_string()));
    std::fs::write(&file, same_size).unwrap();
    set_mtime(&file, now);
    let (rules, counts) = check();
    assert!(!rules.contains(&"mojibake".to_string()), "{rules:?}");
    assert_eq!(counts, (1, 0), "the content was hashed and found changed");
}

#[test]
fn a_changed_article_rechecks_only_itself_and_the_articles_that_point_at_it() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&root().join("fixtures/site"), dir.path());
    let cache = cache_dir(&dir);
    let check = || {
        let (json, stderr, _) = run(dir.path(), &[".", "--cache-dir", &cache, "-v"], &[]);
        (
            serde_json::from_str::<Value>(&json).unwrap(),
            rechecked(&stderr),
        )
    };
    let mismatches = |json: &Value| -> Vec<(String, String)> {
        json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["rule"] == "related-mismatch")
            .map(|d| {
                let path = d["path"].as_str().unwrap();
                let file = Path::new(path).file_name().unwrap().to_string_lossy();
                (
                    file.into_owned(),
                    d["message"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let (before, counts) = check();
    assert_eq!(counts, (8, 0));
    assert_eq!(check().1, (0, 8));

    // Give the assessment article the title its related copies use: the two articles that
    // point at it lose a mismatch (one by id, one by url).
    let assess = dir
        .path()
        .join("content/learn/nursing/how-do-case-managers-assess-client-needs.md");
    let text = std::fs::read_to_string(&assess).unwrap();
    let edited = text.replacen(
        "title: >-\n    How do case managers assess client needs?",
        "title: >-\n    How do case managers assess needs?",
        1,
    );
    assert_ne!(edited, text);
    std::fs::write(&assess, edited).unwrap();
    let (after, counts) = check();
    let evolved = (
        "how-has-case-management-evolved-over-time.md".to_string(),
        "`related_article1.title` differs from the title of article 1039499".to_string(),
    );
    assert!(mismatches(&before).contains(&evolved));
    assert!(!mismatches(&after).contains(&evolved));
    // Read again: the changed article and the articles that point at it (by id or by url);
    // the others come from the cache.
    let mut pointing = 0;
    for folder in ["health-studies", "nursing"] {
        for entry in std::fs::read_dir(dir.path().join("content/learn").join(folder)).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            if text.contains("id: 1039499")
                || text.contains("/questions/how-do-case-managers-assess-client-needs")
            {
                pointing += 1;
            }
        }
    }
    assert!(pointing < 8, "{pointing}");
    assert_eq!(counts, (pointing, 8 - pointing));
    // And the result is what a check without the cache says.
    let (reference, _, _) = run(dir.path(), &[".", "--no-cache"], &[]);
    assert_eq!(after, serde_json::from_str::<Value>(&reference).unwrap());
}

/// How many summaries a `--verbose` run read for the index.
fn summarized(stderr: &str) -> usize {
    let line = stderr
        .lines()
        .find(|l| l.starts_with("Checked "))
        .unwrap_or_else(|| panic!("no summary line in {stderr}"));
    let before = line.split(" summaries read").next().unwrap();
    before.rsplit(' ').next().unwrap().parse().unwrap()
}

#[test]
fn without_a_cross_article_rule_no_article_is_read_for_the_index() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&root().join("fixtures/site"), dir.path());
    // Files written long before the cache, so that no stamp is too recent to trust.
    let long_ago = SystemTime::now() - Duration::from_secs(3600);
    for folder in std::fs::read_dir(dir.path().join("content/learn")).unwrap() {
        for file in std::fs::read_dir(folder.unwrap().path()).unwrap() {
            set_mtime(&file.unwrap().path(), long_ago);
        }
    }
    let cache = cache_dir(&dir);
    let (all, stderr, _) = run(dir.path(), &[".", "--no-cache", "-v"], &[]);
    assert_eq!(summarized(&stderr), 8);
    let (reference, _, _) = run(
        dir.path(),
        &[".", "--no-cache", "--select", "mojibake"],
        &[],
    );
    // Each file is read once: to be checked.
    let (json, stderr, _) = run(
        dir.path(),
        &[".", "--cache-dir", &cache, "-v", "--select", "mojibake"],
        &[],
    );
    assert_eq!(summarized(&stderr), 0);
    assert_eq!(rechecked(&stderr), (8, 0));
    assert_eq!(json, reference);
    // The cache that run left still serves a check with every rule: the index is read then.
    let (json, stderr, _) = run(dir.path(), &[".", "--cache-dir", &cache, "-v"], &[]);
    assert_eq!(summarized(&stderr), 8);
    assert_eq!(json, all);
    let (json, stderr, _) = run(dir.path(), &[".", "--cache-dir", &cache, "-v"], &[]);
    assert_eq!((summarized(&stderr), rechecked(&stderr)), (0, (0, 8)));
    assert_eq!(json, all);
}

/// Every diagnostic as (rule, canonical path, line, column).
fn located(json: &Value, dir: &Path) -> Vec<(String, PathBuf, u64, u64)> {
    let mut found: Vec<_> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let path = dir.join(d["path"].as_str().unwrap());
            (
                d["rule"].as_str().unwrap().to_string(),
                std::fs::canonicalize(path).unwrap(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect();
    found.sort();
    found
}

#[test]
fn a_file_is_one_file_however_the_root_is_spelt() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&root().join("fixtures/site"), dir.path());
    let site = std::fs::canonicalize(dir.path()).unwrap();
    let nursing = site.join("content/learn/nursing");
    let absolute = site.to_string_lossy().into_owned();
    let run_in = |cwd: &Path, args: &[&str]| {
        let (json, _, _) = run(cwd, args, &[]);
        located(&serde_json::from_str(&json).unwrap(), cwd)
    };
    let reference = run_in(&site, &["content/learn/nursing", "--no-cache"]);
    assert!(!reference.is_empty());
    assert!(
        reference
            .iter()
            .all(|(rule, ..)| rule != "duplicate-id" || !reference.is_empty())
    );
    for (cwd, args) in [
        (&site, vec!["content/learn/nursing", "--root", "."]),
        (&site, vec!["content/learn/nursing", "--root", &absolute]),
        (
            &site,
            vec!["./content/learn/../learn/nursing", "--root", &absolute],
        ),
        (&nursing, vec![".", "--root", "../../.."]),
        (
            &nursing,
            vec![&*nursing.to_string_lossy(), "--root", "../../.."],
        ),
    ] {
        let mut args = args.clone();
        args.push("--no-cache");
        assert_eq!(run_in(cwd, &args), reference, "{args:?} from {cwd:?}");
    }
    // A config with `root = "."`, found from a subfolder.
    std::fs::write(site.join("contentlint.toml"), "root = \".\"\n").unwrap();
    assert_eq!(run_in(&nursing, &[".", "--no-cache"]), reference);
    // No article is its own duplicate: every duplicate-id names another file.
    let (json, _, _) = run(&site, &["content/learn/nursing", "--root", &absolute], &[]);
    let json: Value = serde_json::from_str(&json).unwrap();
    for d in json["diagnostics"].as_array().unwrap() {
        for note in d["related"].as_array().unwrap() {
            assert_ne!(note["path"], d["path"], "{d}");
        }
    }
}

#[test]
fn a_damaged_cache_is_rebuilt_with_a_notice_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&root().join("fixtures/site"), dir.path());
    let cache = cache_dir(&dir);
    let (reference, _, _) = run(dir.path(), &[".", "--cache-dir", &cache], &[]);
    // Damage every cache file.
    let mut damaged = 0;
    let mut stack = vec![PathBuf::from(&cache)];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "bin") {
                let mut bytes = std::fs::read(&path).unwrap();
                let middle = bytes.len() / 2;
                bytes[middle] ^= 0xff;
                std::fs::write(&path, bytes).unwrap();
                damaged += 1;
            }
        }
    }
    assert!(damaged > 1, "{damaged}");
    let (json, stderr, _) = run(dir.path(), &[".", "--cache-dir", &cache], &[]);
    assert_eq!(json, reference);
    assert!(
        stderr.contains("notice: ignoring the damaged cache file"),
        "{stderr}"
    );
    // Rebuilt: no notice the next time.
    let (json, stderr, _) = run(dir.path(), &[".", "--cache-dir", &cache], &[]);
    assert_eq!(json, reference);
    assert!(!stderr.contains("notice"), "{stderr}");
}

#[test]
fn a_cache_that_cannot_be_written_is_one_notice_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&root().join("fixtures/site"), dir.path());
    let (reference, _, code) = run(dir.path(), &[".", "--no-cache"], &[]);
    // A file stands where the cache folder would be: nothing can be read or written there.
    let blocked = dir.path().join("blocked");
    std::fs::write(&blocked, "").unwrap();
    let cache = blocked.join("cache");
    let (json, stderr, again) = run(
        dir.path(),
        &[".", "--cache-dir", cache.to_str().unwrap()],
        &[],
    );
    assert_eq!((json, again), (reference, code));
    let notices: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("notice:"))
        .collect();
    assert_eq!(notices.len(), 1, "{stderr}");
    assert!(
        notices[0].starts_with("notice: could not write the cache in "),
        "{stderr}"
    );
}

#[test]
fn the_default_cache_is_git_ignored_and_clean_removes_it() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&root().join("fixtures/site"), dir.path());
    run(dir.path(), &["."], &[]);
    let cache = dir.path().join(".contentlint_cache");
    assert_eq!(
        std::fs::read_to_string(cache.join(".gitignore")).unwrap(),
        "# Automatically created by contentlint.\n*\n"
    );
    assert!(cache.join("CACHEDIR.TAG").exists());
    // The environment names another place.
    let elsewhere = dir.path().join("elsewhere");
    run(
        dir.path(),
        &["."],
        &[("CONTENTLINT_CACHE_DIR", elsewhere.to_str().unwrap())],
    );
    assert!(elsewhere.join("CACHEDIR.TAG").exists());
    let out = contentlint_in(dir.path()).arg("clean").output().unwrap();
    assert!(out.status.success());
    assert!(!cache.exists());
    assert!(String::from_utf8_lossy(&out.stderr).contains("Removed"));
}

#[test]
fn options_that_would_be_ignored_are_refused() {
    for (args, message) in [
        (
            vec!["--statistics", "--format", "sarif"],
            "`--statistics` prints a table (or JSON with `--output-format json`), not `--output-format sarif`",
        ),
        (
            vec!["--diff", "--format", "json"],
            "`--diff` prints a unified diff; it cannot be combined with `--output-format json`",
        ),
        (
            vec!["--unsafe-fixes"],
            "`--unsafe-fixes` needs `--fix` or `--diff`",
        ),
    ] {
        let out = contentlint_in(root())
            .args(["check", "fixtures/site"])
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr.trim(), format!("error: {message}"), "{args:?}");
    }
}

#[test]
fn unused_suppression_can_be_suppressed() {
    let dir = tempfile::tempdir().unwrap();
    let text = "---\n# contentlint-disable-next-line unused-suppression\n# contentlint-disable-next-line mojibake\ntitle: fine\n---\n";
    std::fs::write(dir.path().join("a.md"), text).unwrap();
    let (json, _, _) = run(
        dir.path(),
        &["a.md", "--select", "mojibake,unused-suppression"],
        &[],
    );
    let json: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["diagnostics"], serde_json::json!([]));
    // Without the first comment, the second is reported.
    std::fs::write(
        dir.path().join("a.md"),
        text.replacen(
            "# contentlint-disable-next-line unused-suppression\n",
            "",
            1,
        ),
    )
    .unwrap();
    let (json, _, _) = run(
        dir.path(),
        &["a.md", "--select", "mojibake,unused-suppression"],
        &[],
    );
    let json: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["diagnostics"][0]["rule"], "unused-suppression");
    // File-wide.
    let text = "---\n# contentlint-disable-file unused-suppression\n# contentlint-disable-next-line mojibake\ntitle: fine\n---\n";
    std::fs::write(dir.path().join("a.md"), text).unwrap();
    let (json, _, _) = run(
        dir.path(),
        &["a.md", "--select", "mojibake,unused-suppression"],
        &[],
    );
    let json: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["diagnostics"], serde_json::json!([]));
}
