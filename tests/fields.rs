//! Urls, file names, subjects and titles: each rule on its fixture, with exact spans, helps and
//! fixes; and silence on the real articles.

use serde_json::Value;

mod common;
use common::{contentlint_in, root};

const DIR: &str = "fixtures/invalid/health-studies";

fn check_json(args: &[&str]) -> Value {
    common::check_json(args).0
}

/// (line, column, the text at the span, message, help, fix replacement and safety)
type Found = (u64, u64, String, String, String, Option<(String, bool)>);

fn found(file: &str, rule: &str) -> Vec<Found> {
    let path = format!("{DIR}/{file}");
    let source = std::fs::read_to_string(root().join(&path)).unwrap();
    check_json(&[&path])["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == rule)
        .map(|d| {
            let (start, end) = (
                d["byte_start"].as_u64().unwrap() as usize,
                d["byte_end"].as_u64().unwrap() as usize,
            );
            (
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                source[start..end].to_string(),
                d["message"].as_str().unwrap().to_string(),
                d["help"].as_str().unwrap_or("").to_string(),
                d["fix"].as_object().map(|f| {
                    (
                        f["edits"][0]["replacement"].as_str().unwrap().to_string(),
                        f["safe"].as_bool().unwrap(),
                    )
                }),
            )
        })
        .collect()
}

fn at(
    line: u64,
    column: u64,
    text: &str,
    message: &str,
    help: &str,
    fix: Option<(&str, bool)>,
) -> Found {
    (
        line,
        column,
        text.into(),
        message.into(),
        help.into(),
        fix.map(|(r, s)| (r.into(), s)),
    )
}

const CLEAN: &str = "write it as `/learn/health-studies/questions/valid-minimal`";
const SHAPE: &str = "a url is a path such as `/learn/<folder>/questions/<slug>`: lower-case words of letters and digits joined by hyphens";
const GOOD: &str = "/learn/health-studies/questions/valid-minimal";

#[test]
fn url_malformed_at_every_kind_of_malformation() {
    assert_eq!(
        found("url-malformed.md", "url-malformed"),
        vec![
            at(
                31,
                10,
                "https://quicktakes.io",
                "`related_article1.url` has a scheme or host",
                CLEAN,
                Some((GOOD, false))
            ),
            at(
                37,
                17,
                "H",
                "`related_article2.url` has upper-case letters",
                CLEAN,
                Some((GOOD, false))
            ),
            at(
                37,
                55,
                "/",
                "`related_article2.url` has a trailing `/`",
                CLEAN,
                Some((GOOD, false))
            ),
            at(
                43,
                48,
                " ",
                "`related_article3.url` has whitespace",
                CLEAN,
                Some((&format!("'{GOOD}'"), false))
            ),
            at(
                43,
                56,
                "?ref=home",
                "`related_article3.url` has a query string",
                CLEAN,
                Some((&format!("'{GOOD}'"), false))
            ),
            at(
                49,
                31,
                "//",
                "`related_article4.url` has an empty segment (`//`)",
                SHAPE,
                None
            ),
            at(
                49,
                43,
                "..",
                "`related_article4.url` has a `.` or `..` segment",
                SHAPE,
                None
            ),
            at(
                49,
                51,
                "--",
                "`related_article4.url` has a hyphen out of place",
                SHAPE,
                None
            ),
            at(
                55,
                10,
                "l",
                "`related_article5.url` has no leading `/`",
                SHAPE,
                None
            ),
            at(
                55,
                42,
                "å",
                "`related_article5.url` has non-ASCII characters",
                SHAPE,
                None
            ),
            at(
                55,
                54,
                "%20",
                "`related_article5.url` has percent-encoding",
                SHAPE,
                None
            ),
        ]
    );
}

#[test]
fn url_mismatch_labels_the_differing_segment() {
    let url = "/learn/health-studies/questions/url-mismatch";
    assert_eq!(
        found("url-mismatch.md", "url-mismatch"),
        vec![at(
            24,
            13,
            "nursing",
            "the url differs from the path the article is served at",
            &format!("{DIR}/url-mismatch.md is served at `{url}`"),
            Some((url, true)),
        )]
    );
    // Another route, set on the command line.
    let json = check_json(&[
        &format!("{DIR}/url-mismatch.md"),
        "--url-pattern",
        "/learn/nursing/questions/{stem}",
    ]);
    assert!(
        json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["rule"] != "url-mismatch")
    );
}

#[test]
fn file_name_mismatch() {
    assert_eq!(
        found("file-name-mismatch.md", "file-name-mismatch"),
        vec![at(
            23,
            12,
            "how-do-case-managers-assess-client-needs.md",
            "`file_name` is `how-do-case-managers-assess-client-needs.md`, but the file is named `file-name-mismatch.md`",
            "write `file_name: file-name-mismatch.md`",
            Some(("file-name-mismatch.md", true)),
        )]
    );
}

#[test]
fn subject_folder_mismatch() {
    assert_eq!(
        found("subject-folder-mismatch.md", "subject-folder-mismatch"),
        vec![at(
            22,
            10,
            "Nursing",
            "subject `Nursing` belongs in the folder `nursing`, but the article is in `health-studies`",
            "move the file to the `nursing` folder, or correct the subject",
            None,
        )]
    );
}

#[test]
fn seo_title_mismatch() {
    assert_eq!(
        found("seo-title-mismatch.md", "seo-title-mismatch"),
        vec![at(
            12,
            10,
            "QuickTakes | Nursing",
            "`seo.title` should read `QuickTakes | Health Studies`",
            "write `title: QuickTakes | Health Studies` under `seo`",
            Some(("QuickTakes | Health Studies", true)),
        )]
    );
}

#[test]
fn title_mismatch_compares_text_not_style() {
    // `question` is folded and `title` plain, with the same words: they agree.
    assert_eq!(
        found("title-mismatch.md", "title-mismatch"),
        vec![at(
            7,
            5,
            "What training is required for case managers?",
            "`article_title` differs from `title`",
            "give `title`, `article_title` and `question` the same text; `title` reads \"What training and qualifications are required for case managers?\"",
            None,
        )]
    );
}

#[test]
fn slug_style() {
    assert_eq!(
        found("what-was-life-like-in-atalhyk.md", "slug-style"),
        vec![at(
            24,
            38,
            "what-was-life-like-in-atalhyk",
            "the file name spells `catalhoyuk` as `atalhyk`: it drops letters of the title",
            "rename the file to `what-was-life-like-in-catalhoyuk.md` and update its url and file_name",
            None,
        )]
    );
    assert_eq!(
        found("stray--hyphens-.md", "slug-style"),
        vec![at(
            24,
            38,
            "stray--hyphens-",
            "the file name `stray--hyphens-` has stray hyphens",
            "rename the file to `stray-hyphens.md` and update its url and file_name",
            None,
        )]
    );
    // The url is the served path: the help says to rename, and offers no fix that would
    // break it.
    let malformed = found("stray--hyphens-.md", "url-malformed");
    assert_eq!(malformed.len(), 1);
    assert_eq!(malformed[0].5, None);
    assert!(
        malformed[0]
            .4
            .starts_with("this is the path the file is served at")
    );
}

#[test]
fn fixes_are_exact_and_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("health-studies");
    std::fs::create_dir(&folder).unwrap();
    let files = [
        "url-mismatch.md",
        "file-name-mismatch.md",
        "seo-title-mismatch.md",
        "valid-minimal.md",
    ];
    for f in files {
        std::fs::copy(root().join(DIR).join(f), folder.join(f)).unwrap();
    }
    let run = || {
        contentlint_in(dir.path())
            .args(["check", "--fix", "--color", "never", "."])
            .output()
            .unwrap()
    };
    let out = run();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let read = |f: &str| std::fs::read_to_string(folder.join(f)).unwrap();
    let original = |f: &str| std::fs::read_to_string(root().join(DIR).join(f)).unwrap();
    assert_eq!(
        read("url-mismatch.md"),
        original("url-mismatch.md").replace(
            "url: /learn/nursing/questions/url-mismatch",
            "url: /learn/health-studies/questions/url-mismatch"
        )
    );
    assert_eq!(
        read("file-name-mismatch.md"),
        original("file-name-mismatch.md").replace(
            "file_name: how-do-case-managers-assess-client-needs.md",
            "file_name: file-name-mismatch.md"
        )
    );
    assert_eq!(
        read("seo-title-mismatch.md"),
        original("seo-title-mismatch.md")
            .replace("QuickTakes | Nursing", "QuickTakes | Health Studies")
    );
    assert_eq!(read("valid-minimal.md"), original("valid-minimal.md"));
    let after: Vec<String> = files.iter().map(|f| read(f)).collect();
    let out = run();
    assert!(!String::from_utf8(out.stdout).unwrap().contains("Fixed"));
    assert_eq!(files.iter().map(|f| read(f)).collect::<Vec<_>>(), after);
}

#[test]
fn real_articles_have_none_of_these_problems() {
    let rules = [
        "url-malformed",
        "url-mismatch",
        "file-name-mismatch",
        "subject-folder-mismatch",
        "seo-title-mismatch",
        "title-mismatch",
        "slug-style",
        "subject-inconsistent",
    ];
    let json = check_json(&["fixtures/content", "--root", "fixtures/content"]);
    let found: Vec<(&str, &str)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| rules.contains(&d["rule"].as_str().unwrap()))
        .map(|d| (d["rule"].as_str().unwrap(), d["message"].as_str().unwrap()))
        .collect();
    // The one real problem: the site spells this folder's subject two ways (21 to 3 in the full
    // site); the fixtures hold one article of each, so neither is the majority here.
    assert_eq!(
        found,
        vec![
            (
                "subject-inconsistent",
                "subject `Education Studies` is spelt differently by other articles in `education-studies`"
            ),
            (
                "subject-inconsistent",
                "subject `Education studies` is spelt differently by other articles in `education-studies`"
            ),
        ]
    );
    assert_eq!(json["files_checked"], 30);
}

#[test]
fn the_folder_is_known_when_checking_from_inside_it() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("health-studies");
    std::fs::create_dir(&folder).unwrap();
    common::copy_file(
        &root().join(DIR).join("url-mismatch.md"),
        &folder.join("url-mismatch.md"),
    );
    let (json, _) = common::check_json_in(&folder, &["url-mismatch.md"]);
    let rules = common::each(&json, "rule");
    assert_eq!(rules, vec!["url-mismatch"]);
}
