//! ## What it does
//! Validates an article's front matter against a JSON Schema: the embedded QuickTakes article
//! schema by default, or the one given with `--schema`. Each violation is reported on the
//! smallest piece of YAML that shows it: the wrong value for a type, pattern, enum, const,
//! length or range error; the unknown key itself for a field the schema does not allow; the
//! key of the mapping that lacks a required field (the opening `---` for the top level).
//!
//! ## Why is this bad?
//! Templates and the CMS expect every article to carry the same fields with the same types. A
//! missing `url`, an id typed as text or a misspelt key breaks a page, a link or a listing, and
//! usually silently.
//!
//! ## Example
//! ```yaml
//! id: 39504x
//! titel: Case managers
//! date: 25/11/2024
//! ```
//!
//! ## Use instead
//! ```yaml
//! id: 39504
//! title: Case managers
//! date: 2024-11-25
//! ```

use std::fmt::Write as _;
use std::ops::Range;

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::paths::LocationSegment;
use serde_json::Value;

use crate::core::diagnostic::Diagnostic;
use crate::core::rules::{FileContext, FileRule, RuleId};
use crate::core::schema::Schema;
use crate::core::yaml::Node;

crate::core::rules::rule!(
    SchemaRule,
    "schema",
    Error,
    None,
    "The front matter does not match the JSON Schema"
);

impl FileRule for SchemaRule {
    fn check(ctx: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
        if let Some(doc) = ctx.doc {
            check(
                doc.root.as_ref(),
                doc.front_matter.open.clone(),
                ctx.schema,
                out,
            );
            schema_key(doc.root.as_ref(), &ctx.settings.schema_keys, out);
        }
    }
}

/// Reports a `_schema` value that none of the config's schema associations declares (when the
/// config declares any) and that is not CloudCannon's `default`: a misspelt key, so the
/// article is validated against another schema than meant.
fn schema_key(root: Option<&Node>, keys: &[String], out: &mut Vec<Diagnostic>) {
    let Some(node) = root.and_then(|r| r.get("_schema")) else {
        return;
    };
    let Some(value) = node.as_str() else {
        return;
    };
    if keys.is_empty() || value == "default" || keys.iter().any(|k| k == value) {
        return;
    }
    let known: Vec<String> = keys.iter().map(|k| format!("`{k}`")).collect();
    out.push(
        Diagnostic::new(
            RuleId::SchemaRule,
            node.span.clone(),
            format!("`_schema` is `{value}`, which no schema association in the config declares"),
        )
        .with_label("unknown schema key")
        .with_help(format!(
            "the config declares {} (and `default` is the default schema); this article is checked against another schema than its key says",
            known.join(", ")
        )),
    );
}

/// Validates `root` (the front matter) against `schema`. `open` is the opening `---` line, where
/// problems of the document as a whole are reported.
pub fn check(root: Option<&Node>, open: Range<usize>, schema: &Schema, out: &mut Vec<Diagnostic>) {
    let null = Node::null();
    let instance = root.unwrap_or(&null);
    // Nearly every article is valid, and asking is much cheaper than collecting errors.
    if schema.validator().is_valid(instance) {
        return;
    }
    for error in schema.validator().iter_errors(instance) {
        let path: Vec<String> = error
            .instance_path()
            .iter()
            .map(|segment| match segment {
                LocationSegment::Property(p) => p.into_owned(),
                LocationSegment::Index(i) => i.to_string(),
            })
            .collect();
        let keyword_at = error.schema_path().as_str().to_string();
        let ctx = Context {
            root,
            open: open.clone(),
            path: &path,
            schema,
            subschema: subschema_pointer(schema, &keyword_at),
        };
        ctx.report(error.kind(), error.instance(), out);
    }
}

struct Context<'a> {
    root: Option<&'a Node>,
    open: Range<usize>,
    path: &'a [String],
    schema: &'a Schema,
    /// JSON pointer (into the schema document) of the subschema holding the failed keyword.
    subschema: Option<String>,
}

impl Context<'_> {
    fn report(&self, kind: &ValidationErrorKind, instance: &Value, out: &mut Vec<Diagnostic>) {
        let field = field_name(self.path);
        let diagnostic = match kind {
            ValidationErrorKind::AdditionalProperties { unexpected }
            | ValidationErrorKind::UnevaluatedProperties { unexpected } => {
                for key in unexpected {
                    out.push(self.unknown_key(key));
                }
                return;
            }
            ValidationErrorKind::Required { property } => {
                let name = property
                    .as_str()
                    .map_or_else(|| property.to_string(), str::to_string);
                let (span, message, label) = if self.path.is_empty() {
                    (
                        self.open.clone(),
                        format!("missing required field `{name}`"),
                        format!("the front matter has no `{name}`"),
                    )
                } else {
                    (
                        self.key_span(),
                        format!("`{field}` is missing required field `{name}`"),
                        format!("no `{name}` in this mapping"),
                    )
                };
                let help = self.property_description(&name).map_or_else(
                    || format!("add `{name}`"),
                    |d| format!("add `{name}` ({})", lower_first(d.trim_end_matches('.'))),
                );
                Diagnostic::new(RuleId::SchemaRule, span, message)
                    .with_label(label)
                    .with_help(help)
            }
            ValidationErrorKind::Type { kind } => {
                let expected = match kind {
                    TypeKind::Single(t) => type_phrase(&t.to_string()).to_string(),
                    TypeKind::Multiple(set) => set
                        .iter()
                        .map(|t| type_phrase(&t.to_string()))
                        .collect::<Vec<_>>()
                        .join(" or "),
                };
                self.value_diagnostic(
                    format!(
                        "{} must be {expected}, found {}",
                        self.subject(&field),
                        describe(instance)
                    ),
                    format!("expected {expected}"),
                )
            }
            // A long pattern says less than the field's description, which the help shows.
            ValidationErrorKind::Pattern { pattern } if pattern.len() > 60 => self.value_diagnostic(
                format!(
                    "{} is not in the expected format, found {}",
                    self.subject(&field),
                    describe(instance)
                ),
                "not in the expected format".to_string(),
            ),
            ValidationErrorKind::Pattern { pattern } => self.value_diagnostic(
                format!(
                    "{} does not match the pattern `{pattern}`, found {}",
                    self.subject(&field),
                    describe(instance)
                ),
                "does not match the pattern".to_string(),
            ),
            ValidationErrorKind::Enum { options } => {
                let allowed = match options.as_ref() {
                    Value::Array(items) => items.iter().map(short).collect::<Vec<_>>().join(", "),
                    other => short(other),
                };
                self.value_diagnostic(
                    format!(
                        "{} must be one of {allowed}, found {}",
                        self.subject(&field),
                        describe(instance)
                    ),
                    "not one of the allowed values".to_string(),
                )
            }
            ValidationErrorKind::Constant { expected_value } => self.value_diagnostic(
                format!(
                    "{} must be {}, found {}",
                    self.subject(&field),
                    short(expected_value),
                    describe(instance)
                ),
                format!("expected {}", short(expected_value)),
            ),
            ValidationErrorKind::MinLength { limit } => {
                let message = if *limit == 1 {
                    format!("{} must not be empty", self.subject(&field))
                } else {
                    format!(
                        "{} must be at least {limit} characters long, found {}",
                        self.subject(&field),
                        char_count(instance)
                    )
                };
                self.value_diagnostic(message, format!("at least {limit} characters expected"))
            }
            ValidationErrorKind::MaxLength { limit } => self.value_diagnostic(
                format!(
                    "{} must be at most {limit} characters long, found {}",
                    self.subject(&field),
                    char_count(instance)
                ),
                format!("at most {limit} characters expected"),
            ),
            ValidationErrorKind::Minimum { limit } => self.value_diagnostic(
                format!(
                    "{} must be at least {limit}, found {instance}",
                    self.subject(&field)
                ),
                format!("smaller than {limit}"),
            ),
            ValidationErrorKind::Maximum { limit } => self.value_diagnostic(
                format!(
                    "{} must be at most {limit}, found {instance}",
                    self.subject(&field)
                ),
                format!("larger than {limit}"),
            ),
            ValidationErrorKind::ExclusiveMinimum { limit } => self.value_diagnostic(
                format!(
                    "{} must be greater than {limit}, found {instance}",
                    self.subject(&field)
                ),
                format!("not greater than {limit}"),
            ),
            ValidationErrorKind::ExclusiveMaximum { limit } => self.value_diagnostic(
                format!(
                    "{} must be less than {limit}, found {instance}",
                    self.subject(&field)
                ),
                format!("not less than {limit}"),
            ),
            ValidationErrorKind::MinItems { limit } => self.value_diagnostic(
                format!("{} must have at least {limit} items", self.subject(&field)),
                format!("at least {limit} items expected"),
            ),
            ValidationErrorKind::MaxItems { limit } => self.value_diagnostic(
                format!("{} must have at most {limit} items", self.subject(&field)),
                format!("at most {limit} items expected"),
            ),
            _ => {
                // Combinators and rarer keywords: the validator's own sentence, placed on the
                // value it is about.
                let mut message = String::new();
                let _ = write!(message, "{}: ", self.subject(&field));
                let _ = write!(message, "{}", jsonschema_message(kind, instance));
                self.value_diagnostic(message, format!("fails `{}`", kind.keyword()))
            }
        };
        out.push(diagnostic);
    }

    /// The subject of a message: `` `id` `` or "the front matter".
    fn subject(&self, field: &str) -> String {
        if self.path.is_empty() {
            "the front matter".to_string()
        } else {
            format!("`{field}`")
        }
    }

    fn node(&self) -> Option<(&Node, Option<&crate::core::yaml::Entry>)> {
        self.root?.at(self.path)
    }

    /// The key naming the current node, or the node itself, or the opening fence.
    fn key_span(&self) -> Range<usize> {
        match self.node() {
            Some((_, Some(entry))) => entry.key.span.clone(),
            Some((node, None)) if !self.path.is_empty() => node.span.clone(),
            _ => self.open.clone(),
        }
    }

    /// The value's own span; an empty value (`title:`) is shown at its key.
    fn value_span(&self) -> Range<usize> {
        match self.node() {
            Some((node, entry)) if !node.span.is_empty() || entry.is_none() => {
                if self.path.is_empty() {
                    self.open.clone()
                } else {
                    node.span.clone()
                }
            }
            _ => self.key_span(),
        }
    }

    fn value_diagnostic(&self, message: String, label: String) -> Diagnostic {
        let diagnostic = Diagnostic::new(RuleId::SchemaRule, self.value_span(), message).with_label(label);
        match self.description() {
            Some(description) => diagnostic.with_help(description),
            None => diagnostic,
        }
    }

    fn unknown_key(&self, key: &str) -> Diagnostic {
        let span = self
            .node()
            .and_then(|(node, _)| node.entry(key))
            .map_or_else(|| self.key_span(), |e| e.key.span.clone());
        let message = if self.path.is_empty() {
            format!("unknown field `{key}`")
        } else {
            format!("unknown field `{key}` in `{}`", field_name(self.path))
        };
        let known = self.known_properties();
        let help = match super::closest(key, known.iter().map(String::as_str)) {
            Some(k) => format!("did you mean `{k}`?"),
            None if known.is_empty() || known.len() > 8 => {
                "remove it, or allow it in the schema".to_string()
            }
            None => format!(
                "remove it, or allow it in the schema; the allowed fields here are {}",
                known
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        Diagnostic::new(RuleId::SchemaRule, span, message)
            .with_label("not allowed by the schema")
            .with_help(help)
    }

    /// The `description` of the subschema that failed, used as advice.
    fn description(&self) -> Option<String> {
        let pointer = self.subschema.as_ref()?;
        let text = self.schema.at(pointer)?.get("description")?.as_str()?;
        Some(text.to_string())
    }

    /// The description of property `name` in the failed subschema.
    fn property_description(&self, name: &str) -> Option<String> {
        let pointer = self.subschema.as_ref()?;
        let properties = self.schema.at(pointer)?.get("properties")?;
        let property = properties.get(name)?;
        let property = follow_ref(self.schema, property);
        Some(property.get("description")?.as_str()?.to_string())
    }

    fn known_properties(&self) -> Vec<String> {
        self.subschema
            .as_ref()
            .and_then(|p| self.schema.at(p))
            .and_then(|s| s.get("properties"))
            .and_then(Value::as_object)
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default()
    }
}

/// The JSON pointer, in the schema document, of the subschema that holds the failed keyword.
/// The validator's keyword location runs through `$ref`s; local ones are followed here.
fn subschema_pointer(schema: &Schema, keyword_location: &str) -> Option<String> {
    let mut segments: Vec<String> = keyword_location
        .split('/')
        .skip(1)
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect();
    segments.pop(); // the keyword itself
    let mut pointer = String::new();
    for segment in segments {
        if segment == "$ref" {
            let target = schema.at(&pointer)?.get("$ref")?.as_str()?;
            pointer = target.strip_prefix('#')?.to_string();
        } else {
            pointer.push('/');
            pointer.push_str(&segment.replace('~', "~0").replace('/', "~1"));
        }
    }
    Some(pointer)
}

fn follow_ref<'a>(schema: &'a Schema, value: &'a Value) -> &'a Value {
    value
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix('#'))
        .and_then(|p| schema.at(p))
        .unwrap_or(value)
}

/// `related_article1.id`, `tags[2]`.
fn field_name(path: &[String]) -> String {
    let mut name = String::new();
    for (i, step) in path.iter().enumerate() {
        if step.parse::<usize>().is_ok() && i > 0 {
            let _ = write!(name, "[{step}]");
        } else {
            if i > 0 {
                name.push('.');
            }
            name.push_str(step);
        }
    }
    name
}

fn type_phrase(json_type: &str) -> &'static str {
    match json_type {
        "integer" => "an integer",
        "number" => "a number",
        "string" => "a string",
        "boolean" => "true or false",
        "object" => "a mapping of fields",
        "array" => "a list",
        "null" => "empty",
        _ => "another type",
    }
}

/// How a value is named in a message: `the string "39504x"`, `the integer 5`.
fn describe(value: &Value) -> String {
    match value {
        Value::Null => "an empty value".to_string(),
        Value::Bool(b) => format!("the boolean {b}"),
        Value::Number(n) if n.is_f64() => format!("the number {n}"),
        Value::Number(n) => format!("the integer {n}"),
        Value::String(_) => format!("the string {}", short(value)),
        Value::Array(_) => "a list".to_string(),
        Value::Object(_) => "a mapping".to_string(),
    }
}

/// A value as JSON, shortened to keep messages on one line.
fn short(value: &Value) -> String {
    const MAX: usize = 60;
    let text = value.to_string();
    if text.chars().count() <= MAX {
        return text;
    }
    let cut: String = text.chars().take(MAX - 1).collect();
    if value.is_string() {
        format!("{cut}…\"")
    } else {
        format!("{cut}…")
    }
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn char_count(value: &Value) -> usize {
    value.as_str().map_or(0, |s| s.chars().count())
}

fn jsonschema_message(kind: &ValidationErrorKind, instance: &Value) -> String {
    match kind {
        ValidationErrorKind::Format { format } => {
            format!("{} is not a valid {format}", short(instance))
        }
        ValidationErrorKind::MultipleOf { multiple_of } => {
            format!("{instance} is not a multiple of {multiple_of}")
        }
        ValidationErrorKind::UniqueItems => "the list has repeated items".to_string(),
        ValidationErrorKind::OneOfNotValid { .. } | ValidationErrorKind::AnyOf { .. } => {
            format!("{} matches none of the allowed shapes", describe(instance))
        }
        ValidationErrorKind::OneOfMultipleValid { .. } => {
            format!(
                "{} matches more than one of the allowed shapes",
                describe(instance)
            )
        }
        ValidationErrorKind::Not { .. } => {
            format!("{} is a value the schema forbids", describe(instance))
        }
        ValidationErrorKind::FalseSchema => "no value is allowed here".to_string(),
        _ => format!("fails the schema keyword `{}`", kind.keyword()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names_read_like_yaml_paths() {
        let path = |p: &[&str]| field_name(&p.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(path(&["related_article1", "id"]), "related_article1.id");
        assert_eq!(path(&["tags", "2"]), "tags[2]");
        assert_eq!(path(&["id"]), "id");
    }

    #[test]
    fn values_are_described_for_people() {
        assert_eq!(describe(&Value::from("39504x")), "the string \"39504x\"");
        assert_eq!(describe(&Value::from(5)), "the integer 5");
        assert_eq!(describe(&Value::from(1.5)), "the number 1.5");
        assert_eq!(describe(&Value::Null), "an empty value");
        let long = Value::from("x".repeat(100));
        assert_eq!(short(&long).chars().count(), 61);
    }

    #[test]
    fn keyword_locations_follow_local_refs() {
        let schema = Schema::embedded();
        assert_eq!(
            subschema_pointer(
                &schema,
                "/properties/related_article1/$ref/properties/id/type"
            ),
            Some("/$defs/related_article/properties/id".to_string())
        );
        assert_eq!(subschema_pointer(&schema, "/required"), Some(String::new()));
    }
}
