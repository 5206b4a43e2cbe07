//! What `contentlint init` proposes from a site's own articles: phrase rules for the
//! problems found on the real QuickTakes site, on when the site's articles have them.
//!
//! Each candidate is matched against every article under the folder `init` runs in (one
//! pass, on every core); the config it writes turns on the candidates that were found, with
//! how many articles have them, and leaves the others as commented examples.

use std::path::Path;

use rayon::prelude::*;

use super::config::FileFilter;
use super::discover::Paths;
use crate::core::diagnostic::{Applicability, Severity};
use crate::core::document::Document;
use crate::core::phrases::{DEFAULT_FIELDS, Find, PhraseRule, Phrases};
use crate::core::render;
use crate::core::rules::phrase;
use crate::core::settings::RenderSettings;

/// A phrase rule `init` may propose, and why.
struct Candidate {
    /// What it catches and where it was seen, for the comment above it.
    why: &'static str,
    name: &'static str,
    words: &'static [&'static str],
    pattern: Option<&'static str>,
    fields: Option<&'static [&'static str]>,
    message: &'static str,
    case_sensitive: bool,
}

/// The candidates, from what reading the real site found (counts are of its 35,915 articles).
const CANDIDATES: &[Candidate] = &[
    Candidate {
        why: "A phrase of the pipeline that wrote the answers (817 articles of the real site).",
        name: "pipeline-leftover",
        words: &[
            "based on the gathered information",
            "the gathered information",
        ],
        pattern: None,
        fields: None,
        message: "a phrase left by the writing pipeline",
        case_sensitive: false,
    },
    Candidate {
        why: "A chatbot's sign-off at the end of an answer (17 articles of the real site).",
        name: "chatbot-sign-off",
        words: &[
            "feel free to ask",
            "let me know if you have any other questions",
            "I hope this helps",
        ],
        pattern: None,
        fields: Some(&["answer"]),
        message: "a chatbot's sign-off, not part of an article",
        case_sensitive: false,
    },
    Candidate {
        why: "A chatbot's opener at the start of an answer (3 articles of the real site).",
        name: "chatbot-opener",
        words: &[],
        pattern: Some(r"\A\s*(?:Certainly|Sure|Absolutely|Of course|Great question)!"),
        fields: Some(&["answer"]),
        message: "a chatbot's opener, not part of an article",
        case_sensitive: false,
    },
    Candidate {
        why: "A source tag scraped onto a line of its own, such as OSCARS (15 articles of the \
              real site).",
        name: "source-tag",
        words: &[],
        pattern: Some(r"(?m)^[ \t]*[A-Z][A-Z0-9&.' -]{2,40}[ \t]*$"),
        fields: Some(&["answer"]),
        message: "a source tag scraped onto a line of its own",
        case_sensitive: true,
    },
];

impl Candidate {
    fn rule(&self) -> PhraseRule {
        PhraseRule {
            name: self.name.to_string(),
            find: match self.pattern {
                Some(pattern) => Find::Pattern(pattern.to_string()),
                None => Find::Words(self.words.iter().map(|w| w.to_string()).collect()),
            },
            fields: self
                .fields
                .unwrap_or(DEFAULT_FIELDS)
                .iter()
                .map(|f| f.to_string())
                .collect(),
            message: self.message.to_string(),
            severity: Severity::Warning,
            replacement: None,
            applicability: Applicability::Unsafe,
            case_sensitive: self.case_sensitive,
            word_bounded: true,
        }
    }

    /// The `[[phrases]]` entry, each line prefixed with `prefix` (`# ` to leave it off).
    fn toml(&self, prefix: &str) -> String {
        let quote = |s: &str| toml::Value::String(s.to_string()).to_string();
        let list = |items: &[&str]| {
            let items: Vec<String> = items.iter().map(|s| quote(s)).collect();
            format!("[{}]", items.join(", "))
        };
        let mut lines = vec![
            "[[phrases]]".to_string(),
            format!("name = {}", quote(self.name)),
        ];
        match self.pattern {
            Some(pattern) => lines.push(format!("pattern = {}", quote(pattern))),
            None => lines.push(format!("words = {}", list(self.words))),
        }
        if let Some(fields) = self.fields {
            lines.push(format!("fields = {}", list(fields)));
        }
        lines.push(format!("message = {}", quote(self.message)));
        if self.case_sensitive {
            lines.push("case-sensitive = true".to_string());
        }
        lines
            .iter()
            .map(|l| format!("{prefix}{l}\n"))
            .collect::<String>()
    }
}

/// The `[[phrases]]` part of the config `init` writes for the articles under `dir`.
pub fn phrases_section(dir: &Path) -> String {
    let phrases = Phrases::new(CANDIDATES.iter().map(Candidate::rule).collect())
        .expect("the candidates' patterns compile");
    let (articles, found) = count(dir, &phrases);
    let mut out = String::from(
        "\n# Words and patterns the `phrase` rule reports (`contentlint rule phrase`). Proposed from\n\
         # this site's articles when this file was written: the entries found in them are on, the\n\
         # others are examples. Each can also set `severity`, `replacement` (a fix), `fix = \"safe\"`,\n\
         # `case-sensitive` and `word-boundary`.\n",
    );
    for (candidate, &count) in CANDIDATES.iter().zip(&found) {
        out.push('\n');
        out.push_str(&format!("# {}\n", candidate.why));
        if count > 0 {
            out.push_str(&format!(
                "# Found in {count} of the {articles} articles here.\n"
            ));
            out.push_str(&candidate.toml(""));
        } else {
            out.push_str(&format!(
                "# Not found in the {articles} articles here; remove the `# ` to use it.\n"
            ));
            out.push_str(&candidate.toml("# "));
        }
    }
    out
}

/// How many articles under `dir` there are, and how many have a match of each rule.
fn count(dir: &Path, phrases: &Phrases) -> (usize, Vec<usize>) {
    let paths = Paths::new(dir);
    let targets = paths.discover(&[dir.to_path_buf()], &FileFilter::default());
    let settings = RenderSettings::default();
    let rules = phrases.rules().len();
    let found = targets
        .par_iter()
        .filter_map(|target| {
            let text = std::fs::read_to_string(&target.path).ok()?;
            let doc = Document::parse(&text, &mut Vec::new())?;
            let rendered = render::render(&doc, &settings);
            let mut hit = vec![false; rules];
            phrase::each_match(&doc, &rendered, phrases, |_, m| hit[m.rule] = true);
            Some(hit)
        })
        .fold(
            || vec![0usize; rules],
            |mut counts, hit| {
                for (count, hit) in counts.iter_mut().zip(hit) {
                    *count += usize::from(hit);
                }
                counts
            },
        )
        .reduce(
            || vec![0usize; rules],
            |mut a, b| {
                for (a, b) in a.iter_mut().zip(b) {
                    *a += b;
                }
                a
            },
        );
    (targets.len(), found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_proposal_turns_on_what_the_articles_have_and_loads() {
        let dir = tempfile::tempdir().unwrap();
        let article = |name: &str, answer: &str| {
            let folder = dir.path().join("content/learn/biology");
            std::fs::create_dir_all(&folder).unwrap();
            std::fs::write(
                folder.join(name),
                format!("---\nid: 1\ntitle: T\nanswer: >-\n    {answer}\n---\n"),
            )
            .unwrap();
        };
        article(
            "a.md",
            "Certainly! Here is what the gathered information says.",
        );
        article("b.md", "Cells divide. \\nOSCARS\\n\\nMore.");
        article("c.md", "Nothing to see.");
        let section = phrases_section(dir.path());
        assert!(
            section.contains(
                "# Found in 1 of the 3 articles here.\n[[phrases]]\nname = \"pipeline-leftover\""
            ),
            "{section}"
        );
        assert!(
            section.contains(
                "# Found in 1 of the 3 articles here.\n[[phrases]]\nname = \"chatbot-opener\""
            ),
            "{section}"
        );
        assert!(
            section.contains(
                "# Found in 1 of the 3 articles here.\n[[phrases]]\nname = \"source-tag\""
            ),
            "{section}"
        );
        assert!(
            section.contains("# [[phrases]]\n# name = \"chatbot-sign-off\""),
            "{section}"
        );
        // Written after the starter config, the section is valid and turns on what was
        // found; uncommented, every other candidate is valid too.
        let config = dir.path().join("contentlint.toml");
        let load = |extra: &str| {
            std::fs::write(&config, format!("{}{extra}", super::super::config::STARTER)).unwrap();
            let loaded = super::super::config::Config::load(&config).unwrap();
            let names: Vec<String> = loaded
                .settings
                .phrases
                .rules()
                .iter()
                .map(|r| r.name.clone())
                .collect();
            names
        };
        assert_eq!(
            load(&section),
            ["pipeline-leftover", "chatbot-opener", "source-tag"]
        );
        let all: String = CANDIDATES.iter().map(|c| c.toml("")).collect();
        assert_eq!(load(&all).len(), CANDIDATES.len());
    }
}
