//! The YAML tree builder on arbitrary bytes (see `contentlint::fuzz::yaml_tree`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| contentlint::fuzz::yaml_tree(data));
