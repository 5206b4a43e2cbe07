//! The front-matter splitter on arbitrary bytes (see `contentlint::fuzz::split`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| contentlint::fuzz::split(data));
