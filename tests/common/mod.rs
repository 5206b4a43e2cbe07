//! Helpers shared by the integration tests: running the real binary on the fixtures.

// Each test crate uses its own subset of these.
#![allow(dead_code)]

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

/// The repository root, where the fixtures are.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The binary, run from the repository root.
pub fn contentlint() -> Command {
    contentlint_in(root())
}

/// The binary, run from `dir`.
pub fn contentlint_in(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("contentlint").unwrap();
    cmd.current_dir(dir);
    cmd.env_remove("NO_COLOR");
    cmd
}

/// An optimised build of the binary for the tests that check whole generated sites, when
/// `CONTENTLINT_BIN` names one (`.ci/run` builds the release binary first and sets it).
pub fn release_binary() -> Option<std::path::PathBuf> {
    std::env::var_os("CONTENTLINT_BIN").map(std::path::PathBuf::from)
}

/// The release binary when there is one (see [`release_binary`]), else the test build, run
/// from `dir`.
pub fn fastest_in(dir: &Path) -> Command {
    let mut cmd = match release_binary() {
        Some(path) => Command::new(path),
        None => Command::cargo_bin("contentlint").unwrap(),
    };
    cmd.current_dir(dir);
    cmd.env_remove("NO_COLOR");
    cmd
}

/// Runs `check --format json ARGS` from the repository root: the document and the exit code.
pub fn check_json(args: &[&str]) -> (Value, i32) {
    check_json_in(root(), args)
}

/// Runs `check --format json ARGS` from `dir`: the document and the exit code. The fixtures
/// are variants of one seed article that all ask its question, and the tests' sites are made
/// of them, so `duplicate-question` (tested in tests/rules) is left out.
pub fn check_json_in(dir: &Path, args: &[&str]) -> (Value, i32) {
    let output = contentlint_in(dir)
        .arg("check")
        .args(args)
        .args(["--format", "json", "--ignore", "duplicate-question"])
        .output()
        .unwrap();
    let json = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (json, output.status.code().unwrap())
}

/// One field of every diagnostic of a `--format json` document, as text.
pub fn each(json: &Value, field: &str) -> Vec<String> {
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d[field].as_str().unwrap_or_default().to_string())
        .collect()
}

/// The last component of a path, as text.
pub fn file_name(path: &str) -> String {
    Path::new(path)
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

/// Copies the tree `from` into `to`, making every file writable. A cache folder is left
/// out: a check of the fixtures in place (another test, or the README's first command)
/// writes one there, possibly while the tree is being copied.
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_name() == ".contentlint_cache" {
            continue;
        }
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            copy_file(&entry.path(), &target);
        }
    }
}

/// Copies one file, making the copy writable whatever the checkout's modes.
pub fn copy_file(from: &Path, to: &Path) {
    std::fs::copy(from, to).unwrap();
    let mut perms = std::fs::metadata(to).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    std::fs::set_permissions(to, perms).unwrap();
}
