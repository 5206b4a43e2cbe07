//! The progress bar a long run shows a person watching it.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A progress bar on stderr for runs long enough to need one, or none at all.
#[derive(Debug, Clone)]
pub struct Progress {
    bar: ProgressBar,
    shown: bool,
}

impl Default for Progress {
    /// No bar.
    fn default() -> Self {
        Self {
            bar: ProgressBar::hidden(),
            shown: false,
        }
    }
}

impl Progress {
    /// Runs over fewer files than this finish before a bar would help.
    const MIN_FILES: u64 = 300;

    /// A bar drawn on stderr once a run turns out to be long.
    pub fn stderr() -> Self {
        let bar = ProgressBar::hidden();
        bar.set_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} files {elapsed}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        Self { bar, shown: true }
    }

    /// Starts counting `files`.
    pub(crate) fn start(&self, files: usize) {
        let files = files as u64;
        if self.shown && files >= Self::MIN_FILES {
            self.bar.set_length(files);
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }

    /// One more file done.
    pub(crate) fn tick(&self) {
        self.bar.inc(1);
    }

    /// Removes the bar.
    pub(crate) fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
