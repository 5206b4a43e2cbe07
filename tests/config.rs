//! Configuration files, command-line rule choices, suppression comments and baselines.

use std::path::{Path, PathBuf};

use serde_json::Value;

mod common;
use common::{check_json_in, contentlint_in, copy_file, root};

const INVALID: &str = "fixtures/invalid/health-studies";
const TITLE: &str = "What training and qualifications are required for case managers?";

/// A scratch site: `health-studies/` holding copies of the named invalid fixtures.
fn site(files: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("health-studies");
    std::fs::create_dir(&folder).unwrap();
    for f in files {
        copy_file(&root().join(INVALID).join(f), &folder.join(f));
    }
    (dir, folder)
}

/// (rule, severity, file name) of every diagnostic.
fn rules_in(json: &Value) -> Vec<(String, String, String)> {
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let path = d["path"].as_str().unwrap();
            (
                d["rule"].as_str().unwrap().to_string(),
                d["severity"].as_str().unwrap().to_string(),
                common::file_name(path),
            )
        })
        .collect()
}

fn r(rule: &str, severity: &str, file: &str) -> (String, String, String) {
    (rule.into(), severity.into(), file.into())
}

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap();
}

#[test]
fn the_nearest_config_wins_and_flags_choose_another_or_none() {
    let (dir, _) = site(&["seo-title-mismatch.md"]);
    write(
        &dir.path().join("contentlint.toml"),
        "[rules]\nseo-title-mismatch = \"error\"\n",
    );
    let nested = dir.path().join("health-studies");
    write(
        &nested.join("contentlint.toml"),
        "[rules]\nseo-title-mismatch = \"info\"\n",
    );
    let (json, code) = check_json_in(&nested, &["."]);
    assert_eq!(
        rules_in(&json),
        vec![r("seo-title-mismatch", "info", "seo-title-mismatch.md")]
    );
    assert_eq!(code, 0);
    let (json, code) = check_json_in(dir.path(), &["."]);
    assert_eq!(
        rules_in(&json),
        vec![r("seo-title-mismatch", "error", "seo-title-mismatch.md")]
    );
    assert_eq!(code, 1);
    let (json, _) = check_json_in(&nested, &[".", "--config", "../contentlint.toml"]);
    assert_eq!(json["diagnostics"][0]["severity"], "error");
    let (json, _) = check_json_in(&nested, &[".", "--isolated"]);
    assert_eq!(json["diagnostics"][0]["severity"], "warning");
}

#[test]
fn rules_overrides_and_command_line_choices() {
    let (dir, _) = site(&[
        "seo-title-mismatch.md",
        "title-mismatch.md",
        "valid-minimal.md",
    ]);
    std::fs::create_dir(dir.path().join("archive")).unwrap();
    write(
        &dir.path().join("contentlint.toml"),
        "[rules]\ntitle-mismatch = \"off\"\n\n[[overrides]]\nfiles = [\"archive/**\"]\n[overrides.rules]\nseo-title-mismatch = \"off\"\n",
    );
    let (json, _) = check_json_in(dir.path(), &["."]);
    assert_eq!(
        rules_in(&json),
        vec![r("seo-title-mismatch", "warning", "seo-title-mismatch.md")]
    );
    // The override applies to the archive only.
    let archived = std::fs::read_to_string(dir.path().join("health-studies/seo-title-mismatch.md"))
        .unwrap()
        .replace("id: 900024", "id: 990024")
        .replace("/learn/health-studies/", "/learn/archive/");
    write(&dir.path().join("archive/seo-title-mismatch.md"), &archived);
    let (json, _) = check_json_in(
        dir.path(),
        &[
            "archive",
            "--url-pattern",
            "/learn/{folder}/questions/{stem}",
        ],
    );
    let found: Vec<String> = rules_in(&json).into_iter().map(|r| r.0).collect();
    assert!(
        !found.contains(&"seo-title-mismatch".to_string()),
        "{found:?}"
    );
    // The command line wins over the file.
    let dot = ["health-studies"];
    let run = |extra: &[&str]| {
        let args: Vec<&str> = dot.iter().chain(extra).copied().collect();
        rules_in(&check_json_in(dir.path(), &args).0)
    };
    assert_eq!(
        run(&["--select", "title-mismatch"]),
        vec![r("title-mismatch", "warning", "title-mismatch.md")]
    );
    assert_eq!(run(&["--ignore", "seo-title-mismatch"]), vec![]);
    assert_eq!(
        run(&["--severity", "seo-title-mismatch=error"]),
        vec![r("seo-title-mismatch", "error", "seo-title-mismatch.md")]
    );
    assert_eq!(
        contentlint_in(dir.path())
            .args(["check", "--select", "no-such-rule"])
            .output()
            .unwrap()
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn include_exclude_root_and_url_pattern() {
    let (dir, folder) = site(&[
        "valid-minimal.md",
        "seo-title-mismatch.md",
        "schema-type.md",
    ]);
    write(
        &dir.path().join("contentlint.toml"),
        "exclude = [\"**/schema-*.md\"]\ninclude = [\"health-studies/*.md\"]\nurl-pattern = \"/articles/{stem}\"\n",
    );
    std::fs::create_dir(dir.path().join("elsewhere")).unwrap();
    copy_file(
        &folder.join("valid-minimal.md"),
        &dir.path().join("elsewhere/copy.md"),
    );
    let (json, _) = check_json_in(dir.path(), &["."]);
    assert_eq!(
        json["files_checked"], 2,
        "include keeps elsewhere/ out, exclude schema-type.md"
    );
    let found: Vec<String> = rules_in(&json).into_iter().map(|r| r.0).collect();
    // Every url now differs from the configured route.
    assert_eq!(
        found,
        vec!["seo-title-mismatch", "url-mismatch", "url-mismatch"]
    );
    // An excluded file named directly is skipped too (as a pre-commit hook passes it).
    let (json, _) = check_json_in(dir.path(), &["health-studies/schema-type.md"]);
    assert_eq!(json["files_checked"], 0);
    // A file outside `include` named directly is checked, unless `--force-exclude` (or the
    // config's `force-exclude`) says include applies to named files too, as for a hook.
    let named = ["elsewhere/copy.md", "health-studies/valid-minimal.md"];
    let (json, _) = check_json_in(dir.path(), &named);
    assert_eq!(json["files_checked"], 2);
    let forced: Vec<&str> = named.iter().copied().chain(["--force-exclude"]).collect();
    let (json, _) = check_json_in(dir.path(), &forced);
    assert_eq!(json["files_checked"], 1);
    let config = std::fs::read_to_string(dir.path().join("contentlint.toml")).unwrap();
    write(
        &dir.path().join("contentlint.toml"),
        &format!("force-exclude = true\n{config}"),
    );
    let (json, code) = check_json_in(dir.path(), &["elsewhere/copy.md"]);
    assert_eq!((json["files_checked"].as_u64(), code), (Some(0), 0));
    write(&dir.path().join("contentlint.toml"), &config);

    // `root` sets what references resolve against.
    let (dir, folder) = site(&["schema-related-required.md"]);
    let (json, _) = check_json_in(dir.path(), &["--isolated", "."]);
    assert!(rules_in(&json).iter().any(|r| r.0 == "related-unresolved"));
    std::fs::create_dir(dir.path().join("site")).unwrap();
    std::fs::create_dir(dir.path().join("site/health-studies")).unwrap();
    copy_file(
        &root().join(INVALID).join("valid-minimal.md"),
        &dir.path().join("site/health-studies/valid-minimal.md"),
    );
    write(&dir.path().join("contentlint.toml"), "root = \"site\"\n");
    let (json, _) = check_json_in(dir.path(), &[folder.to_str().unwrap()]);
    assert!(!rules_in(&json).iter().any(|r| r.0 == "related-unresolved"));
}

#[test]
fn schema_associations_by_glob_and_by_schema_key() {
    let (dir, folder) = site(&["valid-minimal.md"]);
    copy_file(&folder.join("valid-minimal.md"), &folder.join("guide.md"));
    let guide = std::fs::read_to_string(folder.join("guide.md"))
        .unwrap()
        .replace("_schema: default", "_schema: guide")
        .replace("file_name: valid-minimal.md", "file_name: guide.md")
        .replace("questions/valid-minimal", "questions/guide")
        .replace("id: 900001", "id: 900002");
    write(&folder.join("guide.md"), &guide);
    write(
        &dir.path().join("needs-summary.yaml"),
        "type: object\nrequired: [summary]\n",
    );
    write(
        &dir.path().join("needs-level.json"),
        r#"{"type": "object", "required": ["level"]}"#,
    );
    write(
        &dir.path().join("contentlint.toml"),
        "[[schemas]]\nschema-key = \"guide\"\nschema = \"needs-level.json\"\n\n[[schemas]]\nfiles = \"health-studies/valid-*.md\"\nschema = \"needs-summary.yaml\"\n",
    );
    let (json, _) = check_json_in(dir.path(), &["."]);
    let messages: Vec<(&str, &str)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["path"].as_str().unwrap(), d["message"].as_str().unwrap()))
        .collect();
    assert_eq!(
        messages,
        vec![
            ("health-studies/guide.md", "missing required field `level`"),
            (
                "health-studies/valid-minimal.md",
                "missing required field `summary`"
            ),
        ]
    );
}

#[test]
fn config_mistakes_exit_2_pointing_into_the_toml() {
    let (dir, _) = site(&["valid-minimal.md"]);
    let cases = [
        (
            "roots = \".\"\n",
            "contentlint.toml:1:1",
            "unknown field `roots`",
        ),
        (
            "exclude = \"drafts\"\n",
            "contentlint.toml:1:11",
            "invalid type: string \"drafts\", expected a sequence",
        ),
        (
            "include = [\"ok/**\", \"bad/[x\"]\n",
            "contentlint.toml:1:21",
            "invalid glob",
        ),
        (
            "\n[rules]\nslug-styles = \"off\"\n",
            "contentlint.toml:3:1",
            "unknown rule `slug-styles`",
        ),
        (
            "[[schemas]]\nfiles = \"**\"\nschema = \"nowhere.json\"\n",
            "contentlint.toml:3:10",
            "cannot read schema",
        ),
        // Phrase rules: the bad pattern's bytes, the entry's clash, the missing part.
        (
            "[[phrases]]\nname = \"tags\"\npattern = '(?m)^[A-Z+$'\n",
            "contentlint.toml:3:17",
            "invalid pattern: unclosed character class",
        ),
        (
            "[[phrases]]\nname = \"a\"\nwords = [\"x\"]\n[[phrases]]\nname = \"a\"\nwords = [\"y\"]\n",
            "contentlint.toml:5:8",
            "two phrases are named `a`",
        ),
        (
            "[[phrases]]\nname = \"both\"\nwords = [\"x\"]\npattern = \"y\"\n",
            "contentlint.toml:3:9",
            "needs `words` or `pattern`, not both",
        ),
        (
            "[[phrases]]\nname = \"Not Kebab\"\nwords = [\"x\"]\n",
            "contentlint.toml:2:8",
            "is not kebab-case",
        ),
        (
            "[[phrases]]\nname = \"f\"\nwords = [\"x\"]\nfix = \"safe\"\n",
            "contentlint.toml:4:7",
            "`fix` needs a `replacement`",
        ),
        (
            "[[phrases]]\nname = \"f\"\nwords = [\"x\"]\nseverity = \"loud\"\n",
            "contentlint.toml:4:12",
            "unknown variant `loud`",
        ),
        (
            "[description-length]\nmin = 200\nmax = 160\n",
            "contentlint.toml:2:7",
            "`min` (200) is more than `max` (160)",
        ),
    ];
    for (toml, location, message) in cases {
        write(&dir.path().join("contentlint.toml"), toml);
        let out = contentlint_in(dir.path())
            .args(["check", "."])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{toml}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stderr.contains(location), "{toml}: {stderr}");
        assert!(stderr.contains(message), "{toml}: {stderr}");
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn init_writes_a_starter_config_that_loads() {
    let (dir, _) = site(&["valid-minimal.md"]);
    let out = contentlint_in(dir.path()).arg("init").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let written = std::fs::read_to_string(dir.path().join("contentlint.toml")).unwrap();
    assert!(written.contains("[rules]") && written.contains("# root = \".\""));
    let (json, code) = check_json_in(dir.path(), &["."]);
    assert_eq!(
        (json["diagnostics"].as_array().unwrap().len(), code),
        (0, 0)
    );
    let again = contentlint_in(dir.path()).arg("init").output().unwrap();
    assert_eq!(again.status.code(), Some(2));
}

#[test]
fn every_suppression_form_and_unused_ones() {
    let (dir, folder) = site(&["mojibake.md"]);
    let path = folder.join("mojibake.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let text = text
        // Front matter, next line: the folded title's mojibake on the line after its key.
        .replacen(
            "title: >-\n    Whatâ€™s",
            "# contentlint-disable-next-line mojibake\ntitle: >-\n    Whatâ€™s",
            1,
        )
        // Front matter, whole file, with one rule that is not used and one that does not exist.
        .replacen(
            "seo:\n",
            "# contentlint-disable-file seo-title-mismatch, no-such-rule\nseo:\n",
            1,
        )
        // Body, next line.
        .replacen(
            "The body says",
            "<!-- contentlint-disable-next-line mojibake -->\nThe body says",
            1,
        );
    write(&path, &text);
    let (json, _) = check_json_in(dir.path(), &["."]);
    let found: Vec<(String, String)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let start = d["byte_start"].as_u64().unwrap() as usize;
            let end = d["byte_end"].as_u64().unwrap() as usize;
            (
                d["rule"].as_str().unwrap().to_string(),
                text[start..end].to_string(),
            )
        })
        .collect();
    let expect = |rule: &str, at: &str| (rule.to_string(), at.to_string());
    assert_eq!(
        found,
        vec![
            // The mangled title no longer reads like `article_title` and `question`.
            expect("title-mismatch", TITLE),
            expect("mojibake", "Â·"),
            expect("mojibake", "Ã©"),
            expect("mojibake", "â€”"),
            expect("unused-suppression", "seo-title-mismatch"),
            expect("unused-suppression", "no-such-rule"),
            expect("mojibake", "Ã‰"),
            expect("title-mismatch", TITLE),
            expect("mojibake", "Ã©"),
            expect("mojibake", "ðŸ˜€"),
            expect("mojibake", "Ã©"),
            expect("schema", "Ã©tiquette"),
        ]
    );
    let messages: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "unused-suppression")
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        messages,
        vec![
            "unused suppression of `seo-title-mismatch`",
            "unknown rule `no-such-rule` in a suppression"
        ]
    );

    // A body comment for the whole file hides every remaining mojibake.
    write(
        &path,
        &format!("{text}\n<!-- contentlint-disable-file mojibake, schema, title-mismatch -->\n"),
    );
    let (json, _) = check_json_in(dir.path(), &["."]);
    let rules: Vec<String> = rules_in(&json).into_iter().map(|r| r.0).collect();
    assert_eq!(rules, vec!["unused-suppression", "unused-suppression"]);
}

#[test]
fn a_baseline_survives_edits_and_still_reports_new_problems() {
    let (dir, folder) = site(&["mojibake.md", "seo-title-mismatch.md"]);
    let baseline = dir.path().join("baseline.json");
    let out = contentlint_in(dir.path())
        .args([
            "check",
            ".",
            "--ignore",
            "duplicate-question",
            "--write-baseline",
        ])
        .arg(&baseline)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("Recorded 14 diagnostics")
    );

    // Lines inserted above every recorded diagnostic move them all.
    let path = folder.join("mojibake.md");
    let text =
        std::fs::read_to_string(&path)
            .unwrap()
            .replacen("---\n", "---\n# edited\n# twice\n", 1);
    write(&path, &text);
    let (json, code) = check_json_in(dir.path(), &[".", "--baseline", baseline.to_str().unwrap()]);
    assert_eq!(rules_in(&json), vec![]);
    assert_eq!(json["summary"]["baselined"], 14);
    assert_eq!(code, 0);

    // New problems are still reported, even ones like a recorded one: the author line had one
    // `Ã‰` and now has three.
    let edited = text.replacen("author: QuickTakes", "author: QuickTakes Ã‰quipe Ã‰", 1);
    assert!(edited.contains("author: QuickTakes Ã‰quipe Ã‰ Ã‰quipe"));
    write(&path, &edited);
    let (json, code) = check_json_in(dir.path(), &[".", "--baseline", baseline.to_str().unwrap()]);
    assert_eq!(
        rules_in(&json),
        vec![
            r("mojibake", "error", "mojibake.md"),
            r("mojibake", "error", "mojibake.md")
        ]
    );
    assert_eq!(code, 1);
    let out = contentlint_in(dir.path())
        .args([
            "check",
            ".",
            "--color",
            "never",
            "--ignore",
            "duplicate-question",
        ])
        .arg("--baseline")
        .arg(&baseline)
        .output()
        .unwrap();
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("14 diagnostics left out by the baseline")
    );
}

/// The JSON Schema of `contentlint.toml` (for Taplo / Even Better TOML): the shipped file is
/// what `contentlint config-schema` prints, and it accepts the README's example and rejects a
/// misspelt key, an unknown rule and a wrong level.
#[test]
fn the_config_schema_is_shipped_and_describes_real_configs() {
    let out = contentlint_in(root())
        .arg("config-schema")
        .output()
        .unwrap();
    assert!(out.status.success());
    let printed = String::from_utf8(out.stdout).unwrap();
    let shipped = std::fs::read_to_string(root().join("contentlint.schema.json")).unwrap();
    assert_eq!(
        printed, shipped,
        "contentlint.schema.json is stale: regenerate it with `contentlint config-schema`"
    );
    let schema: Value = serde_json::from_str(&shipped).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let toml_json = |text: &str| -> Value {
        serde_json::to_value(text.parse::<toml::Table>().unwrap()).unwrap()
    };
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let example = readme
        .split("writes a commented starter:\n\n```toml\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&toml_json(example))
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    for wrong in [
        "rooot = \".\"\n",
        "[rules]\nmojibak = \"error\"\n",
        "[rules]\nmojibake = \"fatal\"\n",
        "[[overrides]]\nfiles = [\"x\"]\n[overrides.rules]\nslug-styl = \"off\"\n",
    ] {
        assert!(!validator.is_valid(&toml_json(wrong)), "{wrong}");
    }
}

#[test]
fn a_config_root_outside_its_folder_is_refused() {
    let (dir, _) = site(&["valid-minimal.md"]);
    let inner = dir.path().join("site");
    std::fs::create_dir(&inner).unwrap();
    for root in ["/", "..", "../.."] {
        write(
            &inner.join("contentlint.toml"),
            &format!("root = {root:?}\n"),
        );
        let out = contentlint_in(&inner)
            .args(["check", "."])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{root}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("`root` must be inside the folder"),
            "{stderr}"
        );
    }
    // The command line may name any folder.
    write(&inner.join("contentlint.toml"), "");
    let out = contentlint_in(&inner)
        .args(["check", ".", "--root", ".."])
        .output()
        .unwrap();
    assert_ne!(out.status.code(), Some(2));
}
