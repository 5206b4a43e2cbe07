//! contentlint: a linter and schema validator for folders of Markdown articles with YAML front
//! matter.
//!
//! Three layers, each using only the ones above it in this list:
//!
//! - [`core`]: checking articles with no file system, no current directory and no terminal:
//!   parsers, rules, the index, fixes, suppressions and baselines.
//! - [`workspace`]: everything that touches files: configuration, discovery, reading and
//!   atomic writing, the cache, and the engine that drives a check over a whole site.
//! - [`cli`]: the command line and the output formats, one client of the workspace.
//! - [`server`]: the language server, another client of the workspace.
//!
//! [`fuzz`] holds the fuzz targets' bodies, for `fuzz/` and the tests.

pub mod cli;
pub mod core;
pub mod fuzz;
pub mod server;
pub mod workspace;
