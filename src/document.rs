//! One article: its text, where its front matter lies, and the parsed YAML with byte spans.

use std::sync::OnceLock;

use crate::diagnostic::{Diagnostic, LineIndex, Position};
use crate::frontmatter::{self, FrontMatter, SplitError};
use crate::rules;
use crate::yaml::{self, Node};

/// An article whose front matter was found and parsed.
#[derive(Debug)]
pub struct Document<'a> {
    /// The whole file.
    pub text: &'a str,
    /// Where the front matter lies.
    pub front_matter: FrontMatter,
    /// The front matter's YAML tree; `None` when the block is empty.
    pub root: Option<Node>,
    lines: OnceLock<LineIndex>,
}

impl<'a> Document<'a> {
    /// Splits and parses `text`. Problems that stop the front matter from being read
    /// (no block, unclosed block, YAML syntax) come back as the error; duplicate keys are pushed
    /// to `out` and the document is still returned.
    pub fn parse(text: &'a str, out: &mut Vec<Diagnostic>) -> Option<Self> {
        let front_matter = match frontmatter::split(text) {
            Ok(fm) => fm,
            Err(SplitError::Missing) => {
                out.push(rules::front_matter_missing::diagnostic(text));
                return None;
            }
            Err(SplitError::Unclosed { open }) => {
                out.push(rules::front_matter_unclosed::diagnostic(open));
                return None;
            }
        };
        let parsed = yaml::parse(&text[front_matter.yaml.clone()], front_matter.yaml.start);
        if let Some(error) = parsed.error {
            out.push(rules::yaml_syntax::diagnostic(error.offset, &error.message));
            return None;
        }
        out.extend(
            parsed
                .duplicates
                .iter()
                .map(rules::duplicate_key::diagnostic),
        );
        Some(Self {
            text,
            front_matter,
            root: parsed.root,
            lines: OnceLock::new(),
        })
    }

    /// The line and column of byte `offset`.
    pub fn position(&self, offset: usize) -> Position {
        self.lines
            .get_or_init(|| LineIndex::new(self.text))
            .position(self.text, offset)
    }
}
