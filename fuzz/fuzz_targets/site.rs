//! The fixed small site the targets check the fuzzed article against: the fixtures' site.

use std::sync::OnceLock;

use contentlint::fuzz::Site;

pub fn site() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/site/content");
        Site::load(std::path::Path::new(dir)).expect("the fixtures' site")
    })
}
