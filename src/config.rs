//! Settings that change what the rules expect.

/// The url an article is served at, with `{folder}` (the folder holding the file) and `{stem}`
/// (the file name without `.md`) filled in.
pub const DEFAULT_URL_PATTERN: &str = "/learn/{folder}/questions/{stem}";

/// Rule settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// See [`DEFAULT_URL_PATTERN`].
    pub url_pattern: String,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            url_pattern: DEFAULT_URL_PATTERN.to_string(),
        }
    }
}

impl Settings {
    /// The url the article at `folder`/`stem`.md is served at.
    pub fn served_url(&self, folder: &str, stem: &str) -> String {
        self.url_pattern
            .replace("{folder}", folder)
            .replace("{stem}", stem)
    }
}
