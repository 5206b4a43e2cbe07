//! A JSON Schema inferred from existing articles (`contentlint schema infer`): a starting
//! schema for a site that is not QuickTakes. Every fact rests on what all the files agree on,
//! and each property's description says how many files that is:
//!
//! - a key present in every object at its place is required; keys never seen are refused
//!   (`additionalProperties: false`), so a misspelt or drifted field is caught;
//! - types are the JSON types seen (`integer` when every number is whole);
//! - strings that are all dates (`2024-11-25`), date-times (RFC 3339), site paths (`/a/b`) or
//!   web addresses get a pattern that says so;
//! - a string field with few distinct values, each seen several times (`date_format`,
//!   `author`), gets them as an `enum`;
//! - a field never empty gets `minLength: 1`.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

/// What was seen of one place in the front matter across the files.
#[derive(Debug, Default)]
struct Seen {
    /// How many values were seen here.
    count: usize,
    nulls: usize,
    booleans: usize,
    integers: usize,
    numbers: usize,
    /// Every string value, with how often it was seen.
    strings: BTreeMap<String, usize>,
    string_count: usize,
    /// The objects' keys: how many objects had each, and what their values were.
    objects: usize,
    keys: BTreeMap<String, Seen>,
    /// Every array item.
    arrays: usize,
    items: Option<Box<Seen>>,
}

/// Strings kept for enums and patterns; beyond this many distinct values a field is free text.
const MAX_DISTINCT_KEPT: usize = 64;

impl Seen {
    fn add(&mut self, value: &Value) {
        self.count += 1;
        match value {
            Value::Null => self.nulls += 1,
            Value::Bool(_) => self.booleans += 1,
            Value::Number(n) if n.is_i64() || n.is_u64() => self.integers += 1,
            Value::Number(_) => self.numbers += 1,
            Value::String(s) => {
                self.string_count += 1;
                if self.strings.len() <= MAX_DISTINCT_KEPT || self.strings.contains_key(s) {
                    *self.strings.entry(s.clone()).or_default() += 1;
                }
            }
            Value::Array(items) => {
                self.arrays += 1;
                let seen = self.items.get_or_insert_with(Box::default);
                for item in items {
                    seen.add(item);
                }
            }
            Value::Object(map) => {
                self.objects += 1;
                for (key, value) in map {
                    self.keys.entry(key.clone()).or_default().add(value);
                }
            }
        }
    }

    /// Whether the string values seen were all kept (so patterns and enums are certain).
    fn all_strings_kept(&self) -> bool {
        self.strings.values().sum::<usize>() == self.string_count
    }

    fn schema(&self, files: usize) -> Value {
        let mut schema = Map::new();
        let mut types = Vec::new();
        for (n, name) in [
            (self.nulls, "null"),
            (self.booleans, "boolean"),
            (self.string_count, "string"),
            (self.objects, "object"),
            (self.arrays, "array"),
        ] {
            if n > 0 {
                types.push(name);
            }
        }
        if self.numbers > 0 {
            types.push("number");
        } else if self.integers > 0 {
            types.push("integer");
        }
        types.sort_unstable();
        match types.as_slice() {
            [] => {}
            [one] => {
                schema.insert("type".into(), json!(one));
            }
            many => {
                schema.insert("type".into(), json!(many));
            }
        }
        if self.string_count > 0 {
            self.string_facts(&mut schema);
        }
        if self.objects > 0 {
            let mut properties = Map::new();
            let mut required = Vec::new();
            for (key, seen) in &self.keys {
                let mut property = seen.schema(files);
                if let Some(object) = property.as_object_mut() {
                    object.insert(
                        "description".into(),
                        json!(describe(seen, self.objects, files)),
                    );
                }
                properties.insert(key.clone(), property);
                if seen.count == self.objects {
                    required.push(json!(key));
                }
            }
            schema.insert("properties".into(), Value::Object(properties));
            if !required.is_empty() {
                schema.insert("required".into(), Value::Array(required));
            }
            schema.insert("additionalProperties".into(), json!(false));
        }
        if let Some(items) = &self.items {
            schema.insert("items".into(), items.schema(files));
        }
        Value::Object(schema)
    }

    /// Patterns, enums and lengths that every string seen here agrees on.
    fn string_facts(&self, schema: &mut Map<String, Value>) {
        if !self.all_strings_kept() {
            // Free text with many values: only whether it may be empty.
            if !self.strings.contains_key("") {
                schema.insert("minLength".into(), json!(1));
            }
            return;
        }
        let values: Vec<&str> = self.strings.keys().map(String::as_str).collect();
        let all = |test: fn(&str) -> bool| values.iter().all(|v| test(v));
        if !values.contains(&"") {
            schema.insert("minLength".into(), json!(1));
        }
        let pattern = if all(is_date) {
            Some(DATE)
        } else if all(|v| is_date(v) || is_date_time(v)) {
            Some(DATE_OR_DATE_TIME)
        } else if all(is_site_path) {
            Some(SITE_PATH)
        } else if all(is_web_address) {
            Some(WEB_ADDRESS)
        } else {
            None
        };
        // A small set of values, each seen several times, is a choice (date_format, author);
        // a few values seen once each are just examples.
        let repeated = self.strings.values().all(|&n| n >= 3);
        let small = values.len() <= 8 && values.len() * 10 <= self.string_count.max(1);
        if repeated && small && pattern.is_none() {
            schema.insert("enum".into(), json!(values));
        } else if let Some(pattern) = pattern {
            schema.insert("pattern".into(), json!(pattern));
        }
    }
}

const DATE: &str = r"^\d{4}-\d{2}-\d{2}$";
const DATE_OR_DATE_TIME: &str =
    r"^\d{4}-\d{2}-\d{2}([Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:\d{2})?)?$";
const SITE_PATH: &str = r"^/[^\s]*$";
const WEB_ADDRESS: &str = r"^https?://[^\s]+$";

fn is_date(v: &str) -> bool {
    let b = v.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            _ => c.is_ascii_digit(),
        })
}

fn is_date_time(v: &str) -> bool {
    v.len() > 10
        && is_date(&v[..10])
        && matches!(v.as_bytes()[10], b'T' | b't' | b' ')
        && v[11..]
            .bytes()
            .all(|c| c.is_ascii_digit() || matches!(c, b':' | b'.' | b'+' | b'-' | b'Z' | b'z'))
}

fn is_site_path(v: &str) -> bool {
    v.starts_with('/') && !v.starts_with("//") && !v.contains(char::is_whitespace)
}

fn is_web_address(v: &str) -> bool {
    (v.starts_with("https://") || v.starts_with("http://")) && !v.contains(char::is_whitespace)
}

/// `In 515 of 515 files.` (or `of the 300 objects here`, for nested keys), and the number
/// of distinct values for strings.
fn describe(seen: &Seen, parents: usize, files: usize) -> String {
    let place = if parents == files {
        format!("In {} of {files} files", seen.count)
    } else {
        format!("In {} of the {parents} places it can be", seen.count)
    };
    let mut text = place;
    if seen.string_count > 0 && seen.all_strings_kept() {
        text.push_str(&format!(
            "; {} distinct {}",
            seen.strings.len(),
            if seen.strings.len() == 1 {
                "value"
            } else {
                "values"
            }
        ));
    }
    if seen.count == parents {
        text.push_str(" (required)");
    }
    text.push('.');
    text
}

/// The schema inferred from `articles`: each article's front matter as JSON. Articles whose
/// front matter could not be read are left out by the caller.
pub fn infer(articles: &[Value]) -> Value {
    let mut root = Seen::default();
    for article in articles {
        root.add(article);
    }
    let mut schema = root.schema(articles.len());
    if let Some(object) = schema.as_object_mut() {
        let mut head = Map::new();
        head.insert(
            "$schema".into(),
            json!("https://json-schema.org/draft/2020-12/schema"),
        );
        head.insert(
            "title".into(),
            json!("Article front matter (inferred by contentlint)"),
        );
        head.insert(
            "description".into(),
            json!(format!(
                "Inferred from {} articles by `contentlint schema infer`: review it, then name it in contentlint.toml.",
                articles.len()
            )),
        );
        head.extend(std::mem::take(object));
        *object = head;
    }
    schema
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_types_patterns_and_enums_rest_on_every_file() {
        let articles: Vec<Value> = (0..30)
            .map(|i| {
                let mut a = json!({
                    "id": i,
                    "date": format!("2024-01-{:02}", i % 28 + 1),
                    "url": format!("/learn/x/questions/a{i}"),
                    "date_format": "MMM DD, YYYY",
                    "title": format!("Title {i}"),
                    "score": -1.0,
                });
                if i % 2 == 0 {
                    a["seo"] = json!({"title": "QuickTakes | X"});
                }
                a
            })
            .collect();
        let schema = infer(&articles);
        assert_eq!(
            schema["required"],
            json!(["date", "date_format", "id", "score", "title", "url"])
        );
        let p = &schema["properties"];
        assert_eq!(p["id"]["type"], "integer");
        assert_eq!(p["score"]["type"], "number");
        assert_eq!(p["date"]["pattern"], DATE);
        assert_eq!(p["url"]["pattern"], SITE_PATH);
        assert_eq!(p["date_format"]["enum"], json!(["MMM DD, YYYY"]));
        assert!(p["title"].get("enum").is_none());
        assert_eq!(p["seo"]["required"], json!(["title"]));
        assert_eq!(p["seo"]["description"], "In 15 of 30 files.");
        assert_eq!(
            p["seo"]["properties"]["title"]["description"],
            "In 15 of the 15 places it can be; 1 distinct value (required)."
        );
        assert_eq!(schema["additionalProperties"], false);
    }
}
