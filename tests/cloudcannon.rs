//! CloudCannon-native configuration on the site's own layout (fixtures/cloudcannon: its
//! `cloudcannon.config.yml`, its `schemas/post.md` template, three of its blog posts with
//! their own `_schema: default`, and articles of the `pages` collection, some broken).

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;

mod common;
use common::{contentlint_in, copy_tree, root};

/// (path, rule) of every diagnostic of a check of `dir` (with `args`).
/// The (path, rule) of every diagnostic. The site's articles are variants of one seed article
/// that all ask its question, so `duplicate-question` is left out.
fn found(dir: &Path, args: &[&str]) -> BTreeSet<(String, String)> {
    let out = contentlint_in(dir)
        .args(["check", "--no-cache", "--output-format", "json"])
        .args(["--ignore", "duplicate-question"])
        .args(args)
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_string(),
                d["rule"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn init_from_cloudcannon_gives_each_collection_its_schema() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&root().join("fixtures/cloudcannon"), dir.path());

    // Without a config, the blog posts and the template get the article schema.
    let before = found(dir.path(), &["--isolated"]);
    assert!(before.contains(&(
        "content/posts/a-guide-to-your-first-year-of-college.md".into(),
        "schema".into()
    )));
    assert!(before.iter().any(|(path, _)| path == "schemas/post.md"));

    let out = contentlint_in(dir.path())
        .args(["init", "--from-cloudcannon"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let config = std::fs::read_to_string(dir.path().join("contentlint.toml")).unwrap();
    for line in [
        "include = [\"content/**/*.md\"]",
        "exclude = [\"schemas/post.md\"]",
        "force-exclude = true",
        "url-pattern = \"/learn/{folder}/questions/{stem}\"",
        "files = \"content/posts/**\"\nschema-key = \"default\"\nschema = \"schemas/post.md\"",
    ] {
        assert!(config.contains(line), "no `{line}` in\n{config}");
    }
    // It is a valid config by the shipped schema, too.
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("contentlint.schema.json")).unwrap(),
    )
    .unwrap();
    let as_json = serde_json::to_value(config.parse::<toml::Table>().unwrap()).unwrap();
    assert!(
        jsonschema::validator_for(&schema)
            .unwrap()
            .is_valid(&as_json)
    );

    // Now nothing on the blog posts or the template, and everything still on the articles.
    let after = found(dir.path(), &[]);
    let articles = |set: &BTreeSet<(String, String)>| -> BTreeSet<(String, String)> {
        set.iter()
            .filter(|(path, _)| path.starts_with("content/learn/"))
            .cloned()
            .collect()
    };
    assert!(
        after
            .iter()
            .all(|(path, _)| path.starts_with("content/learn/")),
        "{after:?}"
    );
    assert_eq!(articles(&after), articles(&before));
    let broken: BTreeSet<&str> = after.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        broken,
        BTreeSet::from([
            "content/learn/health-studies/site-mojibake.md",
            "content/learn/health-studies/site-schema-type.md",
            "content/learn/health-studies/site-schema-unknown-key.md",
            "content/learn/health-studies/site-title-mismatch.md",
        ])
    );

    // A blog post that drifts from its template is caught by the template's schema.
    let post = dir
        .path()
        .join("content/posts/a-guide-to-your-first-year-of-college.md");
    let text = std::fs::read_to_string(&post).unwrap();
    std::fs::write(&post, text.replacen("author:", "auther:", 1)).unwrap();
    let drifted = found(dir.path(), &[]);
    assert!(drifted.contains(&(
        "content/posts/a-guide-to-your-first-year-of-college.md".into(),
        "schema".into()
    )));

    // A second init refuses to overwrite.
    let again = contentlint_in(dir.path())
        .args(["init", "--from-cloudcannon"])
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2));
}
