//! The whole per-file check of one article, every rule on, against the fixtures' small site
//! (see `contentlint::fuzz::check`).
#![no_main]

mod site;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    contentlint::fuzz::check(site::site(), contentlint::fuzz::ARTICLE, data)
});
