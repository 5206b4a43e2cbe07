//! JSON Schemas for front matter: the embedded default, or one loaded from a file.
//!
//! A schema is compiled once and shared by every thread that checks files.

use std::fmt;
use std::path::Path;

use jsonschema::Validator;
use serde_json::Value;

/// The default schema, describing a QuickTakes article.
pub const DEFAULT_SCHEMA: &str = include_str!("../schemas/article.schema.json");

/// A compiled schema and the JSON it was compiled from.
pub struct Schema {
    /// Where the schema came from, for messages.
    pub name: String,
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
        let json: Value =
            serde_json::from_str(DEFAULT_SCHEMA).expect("the embedded schema is valid JSON");
        Self::compile("the embedded article schema", json).expect("the embedded schema compiles")
    }

    /// Loads a schema file, JSON or YAML (chosen by extension; YAML is a superset of JSON, so
    /// any other extension is read as YAML).
    pub fn load(path: &Path) -> Result<Self, SchemaError> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| SchemaError {
            message: format!("cannot read schema `{name}`: {e}"),
        })?;
        let is_json = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"));
        let json = if is_json {
            serde_json::from_str(&text).map_err(|e| SchemaError {
                message: format!("schema `{name}` is not valid JSON: {e}"),
            })?
        } else {
            let parsed = crate::yaml::parse(&text, 0);
            if let Some(error) = parsed.error {
                let pos = crate::diagnostic::LineIndex::new(&text).position(&text, error.offset);
                return Err(SchemaError {
                    message: format!(
                        "schema `{name}` is not valid YAML: {} at line {}, column {}",
                        error.message, pos.line, pos.column
                    ),
                });
            }
            parsed.root.map_or(Value::Null, |root| root.to_json())
        };
        Self::compile(&name, json)
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
