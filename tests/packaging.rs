//! What users install: the hook package kept in step with the crate, the hook manifests, and
//! the wheel-based pre-commit hook run for real on a small git repository.
//!
//! The pre-commit test needs the built wheel and pre-commit, which `.ci/run` provides:
//! `CONTENTLINT_WHEELS` names a folder holding the contentlint wheel (and a setuptools wheel,
//! so that pip needs no index), `PRE_COMMIT` the pre-commit executable. Without them it says
//! so and checks nothing else.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

use common::{copy_file, copy_tree, root};

const VERSION: &str = env!("CARGO_PKG_VERSION");

fn read(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).unwrap()
}

#[test]
fn the_hook_package_pins_this_version() {
    let pyproject: toml::Table = read("pre-commit-mirror/pyproject.toml").parse().unwrap();
    let project = pyproject["project"].as_table().unwrap();
    assert_eq!(project["version"].as_str(), Some(VERSION));
    let pin = format!("contentlint=={VERSION}");
    assert_eq!(
        project["dependencies"].as_array().unwrap(),
        &vec![toml::Value::from(pin.as_str())],
        "the hook package's only dependency is the wheel of this version"
    );
    let rev = format!("rev: v{VERSION}");
    for doc in ["README.md", "pre-commit-mirror/README.md"] {
        assert!(read(doc).contains(&rev), "{doc} shows `{rev}`");
    }
}

#[test]
fn both_hooks_pass_only_articles_and_apply_the_config_to_them() {
    for manifest in [
        ".pre-commit-hooks.yaml",
        "pre-commit-mirror/.pre-commit-hooks.yaml",
    ] {
        let text = read(manifest);
        assert!(
            text.contains("entry: contentlint check --force-exclude"),
            "{manifest}"
        );
        assert!(text.contains("files: ^content/"), "{manifest}");
        assert!(text.contains("require_serial: true"), "{manifest}");
    }
    assert!(read(".pre-commit-hooks.yaml").contains("language: rust"));
    assert!(read("pre-commit-mirror/.pre-commit-hooks.yaml").contains("language: python"));
}

/// Runs `program args` in `dir` with `env`, as a user's shell would without a Rust toolchain.
fn run(dir: &Path, program: &Path, args: &[&str], env: &[(&str, &Path)]) -> Output {
    let mut command = Command::new(program);
    command.args(args).current_dir(dir);
    // No cargo or rustc on the PATH and no usable toolchain home: installing the hook must
    // not compile anything, and would fail here if it tried.
    command.env("PATH", "/usr/local/bin:/usr/bin:/bin");
    command.env("CARGO_HOME", dir.join("no-cargo"));
    command.env("RUSTUP_HOME", dir.join("no-rustup"));
    for (name, value) in [
        ("GIT_AUTHOR_NAME", "Editor"),
        ("GIT_AUTHOR_EMAIL", "editor@example.org"),
        ("GIT_COMMITTER_NAME", "Editor"),
        ("GIT_COMMITTER_EMAIL", "editor@example.org"),
        ("PIP_NO_INDEX", "1"),
        ("PIP_DISABLE_PIP_VERSION_CHECK", "1"),
        ("NO_COLOR", "1"),
    ] {
        command.env(name, value);
    }
    for (name, value) in env {
        command.env(name, value);
    }
    command.output().unwrap()
}

fn git(dir: &Path, args: &[&str]) -> Output {
    let output = run(dir, Path::new("git"), args, &[]);
    assert!(output.status.success(), "git {args:?}: {output:?}");
    output
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[test]
fn the_wheel_based_hook_blocks_mojibake_and_lets_a_readme_through() {
    let (Some(wheels), Some(pre_commit)) = (
        std::env::var_os("CONTENTLINT_WHEELS").map(PathBuf::from),
        std::env::var_os("PRE_COMMIT").map(PathBuf::from),
    ) else {
        eprintln!("CONTENTLINT_WHEELS and PRE_COMMIT are not set (.ci/run sets them): skipped");
        return;
    };
    let tmp = tempfile::tempdir().unwrap();

    // The hook package as its own repository, as it is published.
    let hook = tmp.path().join("contentlint-pre-commit");
    copy_tree(&root().join("pre-commit-mirror"), &hook);
    git(&hook, &["init", "-q", "-b", "main"]);
    git(&hook, &["add", "."]);
    git(&hook, &["commit", "-q", "-m", "contentlint-pre-commit"]);
    let rev = String::from_utf8(git(&hook, &["rev-parse", "HEAD"]).stdout).unwrap();

    // A site with one good article, the hook configured as the README shows.
    let site = tmp.path().join("site");
    let folder = site.join("content/learn/health-studies");
    std::fs::create_dir_all(&folder).unwrap();
    let article = folder.join("valid-minimal.md");
    copy_file(
        &root().join("fixtures/invalid/health-studies/valid-minimal.md"),
        &article,
    );
    std::fs::write(
        site.join(".pre-commit-config.yaml"),
        format!(
            "repos:\n  - repo: {}\n    rev: {}\n    hooks:\n      - id: contentlint\n",
            hook.display(),
            rev.trim()
        ),
    )
    .unwrap();
    git(&site, &["init", "-q", "-b", "main"]);

    let home = tmp.path().join("pre-commit-home");
    let env: [(&str, &Path); 2] = [("PRE_COMMIT_HOME", &home), ("PIP_FIND_LINKS", &wheels)];
    let started = Instant::now();
    let installed = run(&site, &pre_commit, &["install", "--install-hooks"], &env);
    assert!(installed.status.success(), "{}", text(&installed));
    eprintln!(
        "pre-commit installed the wheel-based hook in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    // The good article is committed through the hook.
    git(&site, &["add", "."]);
    let started = Instant::now();
    let commit = run(&site, Path::new("git"), &["commit", "-m", "article"], &env);
    assert!(commit.status.success(), "{}", text(&commit));
    eprintln!(
        "the first commit through the hook took {:.2} s",
        started.elapsed().as_secs_f64()
    );
    assert!(text(&commit).contains("contentlint"), "the hook ran");

    // The same article with mojibake in its title is blocked, and the report says why.
    let good = std::fs::read_to_string(&article).unwrap();
    let mangled = good.replacen("required for case managers?", "required for CMGT-BCâ„¢?", 1);
    assert_ne!(good, mangled);
    std::fs::write(&article, mangled).unwrap();
    git(&site, &["add", "."]);
    let blocked = run(&site, Path::new("git"), &["commit", "-m", "mojibake"], &env);
    assert!(!blocked.status.success(), "{}", text(&blocked));
    assert!(text(&blocked).contains("mojibake"), "{}", text(&blocked));
    git(&site, &["reset", "-q", "--hard"]);

    // A README is not an article: the commit passes.
    std::fs::write(site.join("README.md"), "# The site\n").unwrap();
    git(&site, &["add", "README.md"]);
    let readme = run(&site, Path::new("git"), &["commit", "-m", "readme"], &env);
    assert!(readme.status.success(), "{}", text(&readme));

    // The hook's environment holds the wheel's binary, and nothing was built.
    let binaries: Vec<PathBuf> = walk(&home)
        .into_iter()
        .filter(|p| p.file_name().is_some_and(|n| n == "contentlint") && p.is_file())
        .collect();
    assert_eq!(binaries.len(), 1, "{binaries:?}");
    let version = Command::new(&binaries[0])
        .arg("--version")
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&version.stdout).trim(),
        format!("contentlint {VERSION}")
    );
}

/// Every file under `dir`.
fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(next) = stack.pop() {
        for entry in std::fs::read_dir(&next).into_iter().flatten().flatten() {
            let path = entry.path();
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                stack.push(path);
            } else {
                found.push(path);
            }
        }
    }
    found
}
