//! `--fix --unsafe-fixes` on a folder holding the fixtures' small site and the fuzzed article:
//! fixes change only what they report, settle, and leave nothing for a second run (see
//! `contentlint::fuzz::fix`).
#![no_main]

mod site;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    contentlint::fuzz::fix(site::site(), contentlint::fuzz::ARTICLE, data)
});
