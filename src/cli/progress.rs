//! The progress bar a long run shows a person watching it.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::workspace::Progress;

/// A progress bar on stderr, drawn only once a run turns out to be long.
#[derive(Debug, Clone)]
pub struct Bar {
    bar: ProgressBar,
}

impl Bar {
    /// Runs over fewer files than this finish before a bar would help.
    const MIN_FILES: u64 = 300;

    /// A bar drawn on stderr once a run turns out to be long.
    pub fn stderr() -> Self {
        let bar = ProgressBar::hidden();
        bar.set_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} files {elapsed}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        Self { bar }
    }
}

impl Progress for Bar {
    fn start(&self, files: usize) {
        let files = files as u64;
        if files >= Self::MIN_FILES {
            self.bar.set_length(files);
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }

    fn tick(&self) {
        self.bar.inc(1);
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
