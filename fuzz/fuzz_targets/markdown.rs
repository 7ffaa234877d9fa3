//! Any text as a note body through the whole markdown stage: headings, TOC, summary, word
//! counts and highlighted code blocks (fence attributes, source titles, unknown languages).
#![no_main]
use std::path::Path;
use std::sync::OnceLock;

use blog::markdown::cache::CodeCache;
use blog::markdown::highlight::{HighlightConfig, Highlighter};
use blog::markdown::{self, MarkdownOptions};
use libfuzzer_sys::fuzz_target;

fn highlighter() -> &'static Highlighter {
    static HIGHLIGHTER: OnceLock<Highlighter> = OnceLock::new();
    HIGHLIGHTER.get_or_init(|| Highlighter::new(&HighlightConfig::default()).expect("default themes"))
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let cache = CodeCache::disabled();
    let options = MarkdownOptions {
        path: Path::new("content/post/fuzz.md"),
        first_line: 1,
        summary_length: 70,
        highlighter: highlighter(),
        cache: &cache,
        source: None,
        toc_levels: (2, 4),
    };
    let _ = markdown::render(text, &options);
});
