//! Report formats. Each writes a whole [`Report`](crate::lint::Report) to a writer.

pub mod excerpt;
pub mod human;
pub mod json;
