//! Any text as a note body through the whole markdown stage: headings, TOC, summary, word
//! counts, math, alerts, attribute blocks and highlighted code blocks (fence attributes,
//! source titles, unknown languages), under every combination of the site's switches.
#![no_main]
#[path = "common.rs"]
mod common;

use blog::markdown::{self, cache::CodeCache};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((flags, text)) = common::flags_and_text(data) else {
        return;
    };
    let cache = CodeCache::disabled();
    let markup = common::markup(flags);
    let _ = markdown::render(text, &common::options(&markup, &cache));
});
