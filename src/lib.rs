//! contentlint: a linter and schema validator for folders of Markdown articles with YAML front
//! matter.
//!
//! The data flows top to bottom: [`discover`] finds the files, [`frontmatter`] and [`yaml`]
//! read each one into a [`document::Document`] with byte spans, [`rules`] turn problems into
//! [`diagnostic::Diagnostic`]s, and [`output`] writes the [`report::Report`].

pub mod baseline;
pub mod config;
pub mod diagnostic;
pub mod discover;
pub mod document;
pub mod fix;
pub mod frontmatter;
pub mod index;
pub mod lint;
pub mod output;
pub mod progress;
pub mod report;
pub mod rules;
pub mod run;
pub mod schema;
pub mod suppression;
pub mod textscan;
pub mod yaml;

pub use lint::{Options, lint};
pub use report::Report;
