//! CloudCannon-native configuration: `contentlint init --from-cloudcannon` reads a site's
//! `cloudcannon.config.yml` and writes the `contentlint.toml` it implies, and schema templates
//! (CloudCannon's `schemas: {default: {path: schemas/post.md}}`) become JSON Schemas.
//!
//! A CloudCannon collection is a folder (`path`) with a url template and schemas keyed by the
//! `_schema` value of its files; `_schema: default` means a different schema in each
//! collection. So each collection schema becomes an association that needs both the folder
//! glob and the key, most specific folder first.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value, json};

use crate::core::document::Document;
use crate::core::yaml;

/// How many files of a collection are read to learn the url pattern its articles follow.
const URL_SAMPLE: usize = 500;

/// One collection of the CloudCannon configuration.
#[derive(Debug)]
struct Collection {
    name: String,
    /// The folder, relative to the site (the config's folder).
    path: String,
    /// CloudCannon's url template (`/blog/[slug]`).
    url: Option<String>,
    /// `_schema` value → the template's path, relative to the site.
    schemas: BTreeMap<String, String>,
}

/// Reads YAML text into JSON; `None` when it is not valid YAML.
fn yaml_json(text: &str) -> Option<Value> {
    let parsed = yaml::parse(text, 0);
    if parsed.error.is_some() {
        return None;
    }
    Some(parsed.root.map_or(Value::Null, |root| root.to_json()))
}

fn collections(config: &Value) -> Vec<Collection> {
    let Some(map) = config["collections_config"].as_object() else {
        return Vec::new();
    };
    let mut found: Vec<Collection> = map
        .iter()
        .filter_map(|(name, c)| {
            let path = c["path"].as_str()?.trim_matches('/').to_string();
            let schemas = c["schemas"]
                .as_object()
                .map(|s| {
                    s.iter()
                        .filter_map(|(key, schema)| {
                            let path = schema["path"].as_str()?.trim_start_matches('/');
                            Some((key.clone(), path.to_string()))
                        })
                        .collect()
                })
                .unwrap_or_default();
            Some(Collection {
                name: name.clone(),
                path,
                url: c["url"].as_str().map(str::to_string),
                schemas,
            })
        })
        .collect();
    // The most specific folder first: its associations must win over an enclosing one's.
    found.sort_by(|a, b| {
        b.path
            .matches('/')
            .count()
            .cmp(&a.path.matches('/').count())
            .then(b.path.len().cmp(&a.path.len()))
            .then(a.name.cmp(&b.name))
    });
    found
}

/// The url pattern (`/learn/{folder}/questions/{stem}`) most of the files under `dir` follow
/// in their `url` field, with how many follow it and how many have a url; `None` when no file
/// has one.
fn url_pattern_of(dir: &Path) -> Option<(String, usize, usize)> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut with_url = 0;
    let walker = ignore::WalkBuilder::new(dir).require_git(false).build();
    for entry in walker.flatten().filter(|e| {
        e.file_type().is_some_and(|t| t.is_file())
            && e.path().extension().is_some_and(|x| x == "md")
    }) {
        if with_url >= URL_SAMPLE {
            break;
        }
        let Ok(text) = std::fs::read_to_string(entry.path()) else {
            continue;
        };
        let Some(doc) = Document::parse_fields(&text, &["url"]) else {
            continue;
        };
        let Some(url) = doc
            .root
            .as_ref()
            .and_then(|r| r.get("url"))
            .and_then(|n| n.as_str())
        else {
            continue;
        };
        with_url += 1;
        let path = entry.path();
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        let folder = path
            .parent()
            .and_then(|p| p.file_name())
            .and_then(|s| s.to_str())
            .unwrap_or("");
        let pattern: Vec<String> = url
            .split('/')
            .map(|segment| {
                if !stem.is_empty() && segment == stem {
                    "{stem}".to_string()
                } else if !folder.is_empty() && segment == folder {
                    "{folder}".to_string()
                } else {
                    segment.to_string()
                }
            })
            .collect();
        *counts.entry(pattern.join("/")).or_default() += 1;
    }
    let (pattern, n) = counts.into_iter().max_by_key(|(_, n)| *n)?;
    Some((pattern, n, with_url))
}

/// CloudCannon's url template as a contentlint pattern, when its placeholders are known.
fn cloudcannon_url(url: &str) -> Option<String> {
    let pattern = url
        .replace("[slug]", "{stem}")
        .replace("[filename]", "{stem}.md");
    (!pattern.contains('[')).then_some(pattern)
}

fn toml_string(s: &str) -> String {
    toml::Value::from(s).to_string()
}

/// The `contentlint.toml` that `cloudcannon.config.yml` at `config_path` implies, for the
/// site in its folder.
pub fn starter(config_path: &Path) -> Result<String, String> {
    let shown = config_path.display();
    let text = std::fs::read_to_string(config_path)
        .map_err(|e| format!("cannot read `{shown}`: {}", super::fs::io_reason(&e)))?;
    let config = yaml_json(&text).ok_or_else(|| format!("`{shown}` is not valid YAML"))?;
    let site = config_path
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    let collections = collections(&config);
    if collections.is_empty() {
        return Err(format!(
            "`{shown}` declares no collections (`collections_config` with a `path` each)"
        ));
    }
    let name = config_path
        .file_name()
        .map_or_else(|| shown.to_string(), |n| n.to_string_lossy().into_owned());
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# contentlint configuration, written by `contentlint init --from-cloudcannon` from\n# {name}. Paths and globs are relative to this file.\n"
    );

    // Every collection's Markdown files are linted; the schema templates are not articles.
    let mut include: Vec<String> = collections
        .iter()
        .map(|c| match c.path.as_str() {
            "" => "**/*.md".to_string(),
            path => format!("{path}/**/*.md"),
        })
        .collect();
    include.sort();
    include.dedup();
    // A collection inside another's folder is already included.
    let folders: Vec<String> = collections.iter().map(|c| c.path.clone()).collect();
    include.retain(|glob| {
        let folder = glob.trim_end_matches("/**/*.md");
        !folders.iter().any(|other| {
            other != folder && (other.is_empty() || folder.starts_with(&format!("{other}/")))
        })
    });
    let mut templates: Vec<&str> = collections
        .iter()
        .flat_map(|c| c.schemas.values().map(String::as_str))
        .collect();
    templates.sort_unstable();
    templates.dedup();
    let _ = writeln!(out, "# The collections' files:");
    for c in collections.iter().rev() {
        let missing = if site.join(&c.path).is_dir() {
            ""
        } else {
            " (not there yet)"
        };
        let _ = writeln!(out, "#   {:<16} {}/{missing}", c.name, c.path);
    }
    let _ = writeln!(
        out,
        "include = [{}]",
        include
            .iter()
            .map(|g| toml_string(g))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let _ = writeln!(out, "# The schema templates are not articles.");
    let _ = writeln!(
        out,
        "exclude = [{}]",
        templates
            .iter()
            .map(|g| toml_string(g))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let _ = writeln!(
        out,
        "# Files named on the command line (a pre-commit hook) follow include and exclude too.\nforce-exclude = true\n"
    );

    // The url pattern the articles follow, learnt from their `url` fields; CloudCannon's
    // template where no file has one.
    let mut best: Option<(String, usize, usize, &str)> = None;
    let mut notes = Vec::new();
    for c in &collections {
        let dir = site.join(&c.path);
        match url_pattern_of(&dir) {
            Some((pattern, n, of)) => {
                notes.push(format!(
                    "#   {}: {n} of {of} files with a `url` follow {pattern}{}",
                    c.name,
                    c.url
                        .as_deref()
                        .map(|u| format!(" (CloudCannon's url: {u})"))
                        .unwrap_or_default()
                ));
                if best.as_ref().is_none_or(|b| of > b.2) {
                    best = Some((pattern, n, of, &c.name));
                }
            }
            None => notes.push(format!(
                "#   {}: no file has a `url` field{}",
                c.name,
                c.url
                    .as_deref()
                    .and_then(cloudcannon_url)
                    .map(|u| format!(" (CloudCannon serves it at {u})"))
                    .unwrap_or_default()
            )),
        }
    }
    let _ = writeln!(
        out,
        "# The path each article is served at, checked against its `url` field. Learnt from the\n# articles' own urls:"
    );
    for note in &notes {
        let _ = writeln!(out, "{note}");
    }
    match best {
        Some((pattern, n, of, _)) if n * 10 >= of * 9 => {
            let _ = writeln!(out, "url-pattern = {}\n", toml_string(&pattern));
        }
        _ => {
            let _ = writeln!(
                out,
                "# No pattern is followed by nine in ten urls: set one by hand.\n# url-pattern = \"/{{folder}}/{{stem}}\"\n"
            );
        }
    }

    // One association per collection schema: the folder and the `_schema` key together.
    let with_schemas: Vec<&Collection> = collections
        .iter()
        .filter(|c| !c.schemas.is_empty())
        .collect();
    if with_schemas.is_empty() {
        let _ = writeln!(
            out,
            "# No collection declares schemas: every article uses the embedded article schema."
        );
    } else {
        let _ = writeln!(
            out,
            "# Each collection's schemas, by folder and `_schema` key (the same key means a\n# different schema in each collection); most specific folder first. Other articles\n# use the embedded article schema."
        );
    }
    for c in with_schemas {
        for (key, template) in &c.schemas {
            let files = match c.path.as_str() {
                "" => "**".to_string(),
                path => format!("{path}/**"),
            };
            let exists = site.join(template).is_file();
            let _ = writeln!(
                out,
                "[[schemas]]  # collection `{}`{}\nfiles = {}\nschema-key = {}\nschema = {}",
                c.name,
                if exists {
                    ""
                } else {
                    " (the template is missing)"
                },
                toml_string(&files),
                toml_string(key),
                toml_string(template)
            );
        }
    }
    if let Some(timezone) = config["timezone"].as_str() {
        let _ = writeln!(
            out,
            "\n# CloudCannon's timezone is {timezone}: its date inputs save RFC 3339 date-times, which\n# the embedded schema accepts."
        );
    }
    Ok(out)
}

/// The JSON Schema a CloudCannon schema template (a Markdown file whose front matter lists
/// the fields a new file starts with) implies: the template's fields, nested as in the
/// template, and no others; none required, since CloudCannon leaves any of them empty.
pub fn template_schema(text: &str) -> Result<Value, String> {
    let front_matter = crate::core::frontmatter::split(text)
        .map_err(|_| "a schema template needs front matter between `---` lines".to_string())?;
    let fields = yaml_json(&text[front_matter.yaml.clone()])
        .ok_or_else(|| "the template's front matter is not valid YAML".to_string())?;
    let mut schema = shape(&fields);
    if let Some(properties) = schema["properties"].as_object_mut() {
        properties.insert(
            "_schema".into(),
            json!({"type": "string", "description": "CloudCannon's schema key."}),
        );
    }
    if let Some(object) = schema.as_object_mut() {
        object.insert(
            "$schema".into(),
            json!("https://json-schema.org/draft/2020-12/schema"),
        );
    }
    Ok(schema)
}

/// The schema of one template value: a mapping's keys and no others, a list of items like
/// its first, a scalar of the template's type when it has a value, anything when empty.
fn shape(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let properties: Map<String, Value> =
                map.iter().map(|(k, v)| (k.clone(), shape(v))).collect();
            json!({"type": "object", "properties": properties, "additionalProperties": false})
        }
        Value::Array(items) => match items.first() {
            Some(first) => json!({"type": "array", "items": shape(first)}),
            None => json!({"type": "array"}),
        },
        Value::Null => json!({}),
        Value::Bool(_) => json!({"type": ["boolean", "null"]}),
        Value::Number(_) => json!({"type": ["number", "null"]}),
        Value::String(_) => json!({"type": ["string", "null"]}),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_template_allows_its_fields_nested_and_no_others() {
        let schema = template_schema(
            "---\ndate:\ntitle:\ndate_format: MMM DD, YYYY\nseo:\n  title:\nfeaturedImg:\n  image:\n---\n",
        )
        .unwrap();
        assert_eq!(schema["additionalProperties"], false);
        assert_eq!(schema["properties"]["seo"]["additionalProperties"], false);
        assert_eq!(
            schema["properties"]["date_format"]["type"],
            json!(["string", "null"])
        );
        assert_eq!(schema["properties"]["date"], json!({}));
        assert!(schema["properties"]["_schema"].is_object());
        assert!(template_schema("no front matter").is_err());
    }

    #[test]
    fn cloudcannon_url_templates() {
        assert_eq!(
            cloudcannon_url("/blog/[slug]").as_deref(),
            Some("/blog/{stem}")
        );
        assert_eq!(cloudcannon_url("/[categories]/[slug]"), None);
    }
}
