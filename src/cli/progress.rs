//! The progress bar a long run shows a person watching it.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::workspace::Progress;

/// A progress bar on stderr, drawn only once a run turns out to be long, and the notices of
/// a run that has to wait.
#[derive(Debug, Clone)]
pub struct Bar {
    bar: ProgressBar,
    /// Whether a bar is drawn (a person is watching a human-readable run).
    draw: bool,
    /// Whether this run's bar is drawn: a hidden bar is not counted, since counting costs
    /// a clock read and shared atomics per file.
    drawing: Arc<AtomicBool>,
    /// Whether notices are printed (not with `--quiet` or `--silent`).
    notices: bool,
}

impl Bar {
    /// Runs over fewer files than this finish before a bar would help.
    const MIN_FILES: u64 = 300;

    /// A bar drawn on stderr once a run turns out to be long, when `draw`; notices on stderr
    /// when `notices`.
    pub fn stderr(draw: bool, notices: bool) -> Self {
        let bar = ProgressBar::hidden();
        bar.set_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} files {elapsed}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        Self {
            bar,
            draw,
            drawing: Arc::new(AtomicBool::new(false)),
            notices,
        }
    }
}

impl Progress for Bar {
    fn start(&self, files: usize) {
        let files = files as u64;
        if self.draw && files >= Self::MIN_FILES {
            self.bar.set_length(files);
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
            self.drawing.store(true, Ordering::Relaxed);
        }
    }

    fn tick(&self) {
        if self.drawing.load(Ordering::Relaxed) {
            self.bar.inc(1);
        }
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }

    fn waiting(&self, why: &str) {
        if self.notices {
            self.bar.suspend(|| eprintln!("{why}"));
        }
    }
}
