//! Any text as an archetype: Hugo expressions translated, then rendered by tera.
#![no_main]
use std::path::Path;

use blog::scaffold::{render_archetype, Archetype, ArchetypeContext};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let archetype = Archetype { text: text.to_string(), path: None };
    let context = ArchetypeContext::for_path(Path::new("post/my-first-post.md"));
    let _ = render_archetype(&archetype, &context);
});
