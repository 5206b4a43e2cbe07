//! JSON Schemas for front matter: the embedded default, or one loaded from a file.
//!
//! A schema is compiled once and shared by every thread that checks files. It validates the
//! YAML tree itself ([`Yaml`], jsonschema's extension point for other representations), so
//! an article is never copied into a `serde_json::Value` unless it has errors to report.

use std::borrow::Cow;
use std::fmt;

use compact_str::CompactString;
use jsonschema::json::{Array, Json, Node as JsonNode, NodeIdentity, Object};
use jsonschema::{JsonType, Validator};
use serde_json::Value;

use super::yaml::{Entry, Node, NodeKind, Resolved};

/// The default schema, describing a QuickTakes article.
pub const DEFAULT_SCHEMA: &str = include_str!("../../schemas/article.schema.json");

/// A compiled schema and the JSON it was compiled from.
pub struct Schema {
    /// Where the schema came from, for messages.
    pub name: String,
    /// A hash of the schema's text: results checked against it are cached under it.
    pub fingerprint: u64,
    json: Value,
    validator: Validator<Yaml>,
}

/// A schema that could not be read or compiled.
#[derive(Debug)]
pub struct SchemaError {
    /// What went wrong, for people.
    pub message: String,
}

impl fmt::Display for SchemaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for SchemaError {}

impl Schema {
    /// The embedded default schema.
    pub fn embedded() -> Self {
        Self::parse("the embedded article schema", DEFAULT_SCHEMA, true)
            .expect("the embedded schema compiles")
    }

    /// Reads a schema from its text: JSON when `json` is set, else YAML (a superset of JSON).
    /// `name` says where it came from, in messages.
    pub fn parse(name: &str, text: &str, json: bool) -> Result<Self, SchemaError> {
        let value = if json {
            serde_json::from_str(text).map_err(|e| SchemaError {
                message: format!("schema `{name}` is not valid JSON: {e}"),
            })?
        } else {
            let parsed = super::yaml::parse(text, 0);
            if let Some(error) = parsed.error {
                let pos = super::source::LineIndex::new(text).position(text, error.offset);
                return Err(SchemaError {
                    message: format!(
                        "schema `{name}` is not valid YAML: {} at line {}, column {}",
                        error.message, pos.line, pos.column
                    ),
                });
            }
            parsed.root.map_or(Value::Null, |root| root.to_json())
        };
        let mut schema = Self::compile(name, value)?;
        schema.fingerprint = xxhash_rust::xxh3::xxh3_64(text.as_bytes());
        Ok(schema)
    }

    /// A schema already read into JSON (one made from a CloudCannon template, say); `text`
    /// is what it was made from, for the fingerprint.
    pub fn from_json(name: &str, json: Value, text: &str) -> Result<Self, SchemaError> {
        let mut schema = Self::compile(name, json)?;
        schema.fingerprint = xxhash_rust::xxh3::xxh3_64(text.as_bytes());
        Ok(schema)
    }

    fn compile(name: &str, json: Value) -> Result<Self, SchemaError> {
        if !json.is_object() && !json.is_boolean() {
            return Err(SchemaError {
                message: format!("schema `{name}` must be a JSON object"),
            });
        }
        // As `validator_for`: the draft is the one the schema's `$schema` names.
        let validator = jsonschema::options_for::<Yaml>()
            .build(&json)
            .map_err(|e| SchemaError {
                message: format!("schema `{name}` is not a valid JSON Schema: {e}"),
            })?;
        Ok(Self {
            name: name.to_string(),
            fingerprint: 0,
            json,
            validator,
        })
    }

    /// The compiled validator, which validates YAML trees.
    pub fn validator(&self) -> &Validator<Yaml> {
        &self.validator
    }

    /// The schema JSON at a JSON pointer (for descriptions and property lists).
    pub fn at(&self, pointer: &str) -> Option<&Value> {
        self.json.pointer(pointer)
    }
}

impl fmt::Debug for Schema {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Schema").field("name", &self.name).finish()
    }
}

/// The YAML tree as jsonschema reads an instance: the nodes themselves, borrowed.
pub struct Yaml;

/// A node that names a property, for `propertyNames`.
pub struct NameBuffer(Node);

impl Default for NameBuffer {
    fn default() -> Self {
        NameBuffer(Node {
            span: 0..0,
            kind: NodeKind::Scalar {
                text: CompactString::default(),
                style: saphyr_parser::ScalarStyle::Plain,
                value: Resolved::String,
            },
        })
    }
}

impl Json for Yaml {
    type Node<'a> = &'a Node;
    type PreparedKey = String;
    type StringBuffer = NameBuffer;

    // A mapping is a list of entries: one pass over its members costs no more than a lookup.
    const KEYS_PER_LOOKUP: usize = 1 << 16;
    const ACYCLIC: bool = true;

    fn prepare_key(key: &str) -> String {
        key.to_owned()
    }

    fn with_string_node<T>(buffer: &mut NameBuffer, string: &str, f: impl FnOnce(&Node) -> T) -> T {
        if let NodeKind::Scalar { text, .. } = &mut buffer.0.kind {
            text.clear();
            text.push_str(string);
        }
        f(&buffer.0)
    }
}

/// A mapping's entries, as a JSON object.
#[derive(Clone, Copy)]
pub struct Members<'a>(&'a [Entry]);

impl<'a> JsonNode<'a, Yaml> for &'a Node {
    type Object = Members<'a>;
    type Array = &'a [Node];
    type Number = &'a serde_json::Number;

    fn as_object(&self) -> Option<Members<'a>> {
        match &self.kind {
            NodeKind::Mapping(entries) => Some(Members(entries)),
            _ => None,
        }
    }

    fn as_array(&self) -> Option<&'a [Node]> {
        match &self.kind {
            NodeKind::Sequence(items) => Some(items),
            _ => None,
        }
    }

    fn as_string(&self) -> Option<Cow<'a, str>> {
        match &self.kind {
            NodeKind::Scalar {
                text,
                value: Resolved::String,
                ..
            } => Some(Cow::Borrowed(text)),
            _ => None,
        }
    }

    fn as_number(&self) -> Option<&'a serde_json::Number> {
        match &self.kind {
            NodeKind::Scalar {
                value: Resolved::Number(number),
                ..
            } => Some(number),
            _ => None,
        }
    }

    fn as_boolean(&self) -> Option<bool> {
        match &self.kind {
            NodeKind::Scalar {
                value: Resolved::Bool(b),
                ..
            } => Some(*b),
            _ => None,
        }
    }

    fn is_null(&self) -> bool {
        matches!(
            self.kind,
            NodeKind::Scalar {
                value: Resolved::Null,
                ..
            }
        )
    }

    fn json_type(&self) -> JsonType {
        match &self.kind {
            NodeKind::Mapping(_) => JsonType::Object,
            NodeKind::Sequence(_) => JsonType::Array,
            NodeKind::Scalar { value, .. } => match value {
                Resolved::String => JsonType::String,
                Resolved::Null => JsonType::Null,
                Resolved::Bool(_) => JsonType::Boolean,
                Resolved::Number(_) => JsonType::Number,
            },
        }
    }

    fn to_value(&self) -> Cow<'a, Value> {
        Cow::Owned(self.to_json())
    }

    fn identity(&self) -> Option<NodeIdentity> {
        Some(NodeIdentity::new(std::ptr::from_ref::<Node>(*self) as usize))
    }
}

/// The members of a mapping, in order.
pub struct MembersIter<'a>(std::slice::Iter<'a, Entry>);

impl<'a> Iterator for MembersIter<'a> {
    type Item = (&'a str, &'a Node);

    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|e| (e.name.as_str(), &e.value))
    }
}

impl<'a> Object<'a, Yaml> for Members<'a> {
    type Node = &'a Node;
    type MemberName = &'a str;
    type MembersIter = MembersIter<'a>;

    fn len(&self) -> usize {
        self.0.len()
    }

    fn get(&self, key: &String) -> Option<&'a Node> {
        self.0.iter().find(|e| e.name == *key).map(|e| &e.value)
    }

    fn members(&self) -> MembersIter<'a> {
        MembersIter(self.0.iter())
    }
}

impl<'a> Array<'a, Yaml> for &'a [Node] {
    type Node = &'a Node;
    type ElementsIter = std::slice::Iter<'a, Node>;

    fn len(&self) -> usize {
        <[Node]>::len(self)
    }

    fn elements(&self) -> std::slice::Iter<'a, Node> {
        self.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// jsonschema's own checks of a representation's contract, on its document written as
    /// YAML (JSON is YAML's flow style).
    #[test]
    fn the_yaml_representation_keeps_jsonschemas_contract() {
        let document = jsonschema::json::conformance::document().to_string();
        let root = super::super::yaml::parse(&document, 0).root.unwrap();
        jsonschema::json::conformance::assert_conformance::<Yaml>(&&root);
    }

    /// The YAML tree answers jsonschema as its `serde_json::Value` would: valid or not, and
    /// with the same errors at the same places.
    #[test]
    fn yaml_trees_validate_as_their_json_would() {
        let schema = Schema::embedded();
        let serde = jsonschema::validator_for(&schema.json).unwrap();
        let documents = [
            "id: 1\ntitle: T\n",
            "id: x\n",
            "id: -3\ndate: 2024-11-25\nno_index: true\nscore: 0.5\n",
            "seo:\n  title: a\n  page_description: b\n  page_keywords: c\nrelated_article1:\n  id: 2\n  title: t\n  subject: s\n  url: /u\n",
            "list:\n  - 1\n  - b\n  - ~\nnested: {a: [1, {b: null}]}\n",
            "_schema: default\nid: 1.5\ndate: 25/11/2024\nextra: 1\n",
        ];
        for yaml in documents {
            let root = super::super::yaml::parse(yaml, 0).root.unwrap();
            let json = root.to_json();
            assert_eq!(
                schema.validator().is_valid(&root),
                serde.is_valid(&json),
                "{yaml}"
            );
            // The same errors; in the file's order of keys here, not a map's sorted order.
            let errors =
                |e: jsonschema::ValidationError<'_>| format!("{} at {}", e, e.instance_path());
            let mut ours: Vec<String> = schema.validator().iter_errors(&root).map(errors).collect();
            let mut theirs: Vec<String> = serde.iter_errors(&json).map(errors).collect();
            ours.sort();
            theirs.sort();
            assert_eq!(ours, theirs, "{yaml}");
        }
    }
}
