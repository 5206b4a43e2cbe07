//! The progress bar a long run shows a person watching it.

/// A progress bar on stderr, for runs long enough to need one.
#[derive(Debug, Clone)]
pub struct Progress(indicatif::ProgressBar);

impl Progress {
    /// Runs over fewer files than this finish before a bar would help.
    const MIN_FILES: u64 = 300;

    /// A bar drawn on stderr.
    pub fn stderr() -> Self {
        let bar = indicatif::ProgressBar::hidden();
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} files {elapsed}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        Self(bar)
    }

    pub(crate) fn start(&self, files: usize) {
        let files = files as u64;
        if files >= Self::MIN_FILES {
            self.0.set_length(files);
            self.0
                .set_draw_target(indicatif::ProgressDrawTarget::stderr());
        }
    }

    pub(crate) fn tick(&self) {
        self.0.inc(1);
    }

    pub(crate) fn finish(&self) {
        self.0.finish_and_clear();
    }
}
