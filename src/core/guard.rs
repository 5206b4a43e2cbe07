//! Running third-party parsers that may panic on odd input.
//!
//! markdown-rs and the KaTeX port are large; a panic in either on one strange answer must not
//! stop the run or print a backtrace. [`guarded`] runs a closure, turns a panic into `None`
//! and keeps the panic message off the terminal; panics elsewhere are reported as usual. The
//! engine also checks each file under it, so that a bug that panics on one file becomes that
//! file's `io-error` and the others are still checked.

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

static HOOK: Once = Once::new();

/// Runs `f`; `None` if it panics.
pub fn guarded<T>(f: impl FnOnce() -> T) -> Option<T> {
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                previous(info);
            }
        }));
    });
    let was = QUIET.with(|q| q.replace(true));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    QUIET.with(|q| q.set(was));
    result.ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_none() {
        assert_eq!(guarded(|| 1), Some(1));
        assert_eq!(guarded(|| -> i32 { panic!("odd input") }), None);
    }
}
