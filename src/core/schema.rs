//! JSON Schemas for front matter: the embedded default, or one loaded from a file.
//!
//! A schema is compiled once and shared by every thread that checks files.

use std::fmt;

use jsonschema::Validator;
use serde_json::Value;

/// The default schema, describing a QuickTakes article.
pub const DEFAULT_SCHEMA: &str = include_str!("../../schemas/article.schema.json");

/// A compiled schema and the JSON it was compiled from.
pub struct Schema {
    /// Where the schema came from, for messages.
    pub name: String,
    /// A hash of the schema's text: results checked against it are cached under it.
    pub fingerprint: u64,
    json: Value,
    validator: Validator,
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
        let validator = jsonschema::validator_for(&json).map_err(|e| SchemaError {
            message: format!("schema `{name}` is not a valid JSON Schema: {e}"),
        })?;
        Ok(Self {
            name: name.to_string(),
            fingerprint: 0,
            json,
            validator,
        })
    }

    /// The compiled validator.
    pub fn validator(&self) -> &Validator {
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
