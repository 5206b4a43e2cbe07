//! The `contentlint` command; everything it does is in the library's `cli` module.

use std::process::ExitCode;

// Parsing thousands of files allocates many small nodes; mimalloc does that faster than the
// system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    contentlint::cli::main()
}
