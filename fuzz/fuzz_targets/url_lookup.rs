//! Any request path through the dev server's URL-to-file mapping. Whatever the input, the
//! answer is a key the site has, a redirect, not found or refused: never a path outside it.
#![no_main]
use std::path::{Component, PathBuf};
use std::sync::OnceLock;

use blog::serve::http::{decode_path, lookup, Lookup};
use blog::RenderedSite;
use libfuzzer_sys::fuzz_target;

fn site() -> &'static RenderedSite {
    static SITE: OnceLock<RenderedSite> = OnceLock::new();
    SITE.get_or_init(|| {
        let mut site = RenderedSite::default();
        for key in ["index.html", "post/a/index.html", "css/main.css", "tags/index.html"] {
            site.files.insert(PathBuf::from(key), Vec::new().into());
        }
        site
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(url) = std::str::from_utf8(data) else {
        return;
    };
    if let Some(segments) = decode_path(url) {
        for segment in &segments {
            assert!(segment != "." && segment != ".." && !segment.contains(['/', '\\', '\0']));
        }
    }
    if let Lookup::Found(key) = lookup(site(), url) {
        assert!(key.components().all(|c| matches!(c, Component::Normal(_))));
        assert!(site().files.contains_key(&key) || site().copies.contains_key(&key));
    }
});
