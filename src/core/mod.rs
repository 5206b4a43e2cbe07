//! The core: everything about checking articles that needs no file system, no current
//! directory and no terminal. Source text goes in; diagnostics, fixes and summaries come out.
//!
//! A file flows through [`check`]: [`frontmatter`] finds the block, [`yaml`] parses it into a
//! tree with byte spans ([`document`]), the per-file [`rules`] run on it and produce
//! [`diagnostic::Diagnostic`]s, its [`article`] summary goes into the [`index`], the
//! cross-article rules run against the index, and [`suppression`]s and the per-file
//! [`settings::RuleTable`] decide what is reported. [`fix`] applies fixes to text, and
//! [`baseline`] recognises known diagnostics. The [`report`] is what a run hands to outputs.

pub mod article;
pub mod baseline;
pub mod check;
pub mod diagnostic;
pub mod document;
pub mod fix;
pub mod frontmatter;
pub mod guard;
pub mod index;
pub mod infer;
pub mod markdown;
pub mod math;
pub mod mojibake;
pub mod phrases;
pub mod render;
pub mod report;
pub mod rules;
pub mod schema;
pub mod settings;
pub mod source;
pub mod summary;
pub mod suppression;
pub mod textscan;
pub mod yaml;
