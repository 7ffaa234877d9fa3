//! What the markdown and shortcode targets share: one highlighter for the whole run (loading
//! its themes per input would drown the fuzzing), and markdown switches picked by the input.
#![allow(dead_code)] // each target uses its own part

use std::path::Path;
use std::sync::OnceLock;

use blog::markdown::cache::CodeCache;
use blog::markdown::highlight::{HighlightConfig, Highlighter};
use blog::markdown::markup::MarkupConfig;
use blog::markdown::MarkdownOptions;

pub fn highlighter() -> &'static Highlighter {
    static HIGHLIGHTER: OnceLock<Highlighter> = OnceLock::new();
    HIGHLIGHTER.get_or_init(|| Highlighter::new(&HighlightConfig::default()).expect("default themes"))
}

/// The site's markdown switches, each bit of `flags` turning one on, so every combination
/// (math with attribute blocks, raw HTML omitted, CJK summaries...) gets fuzzed.
pub fn markup(flags: u8) -> MarkupConfig {
    let on = |bit: u8| flags & (1 << bit) != 0;
    MarkupConfig {
        unsafe_html: !on(0),
        typographer: !on(1),
        attribute_blocks: on(2),
        emoji: on(3),
        math: on(4),
        cjk: on(5),
        chinese: on(6),
        ..MarkupConfig::default()
    }
}

/// Options as a page of a real build gets them.
pub fn options<'a>(markup: &'a MarkupConfig, cache: &'a CodeCache) -> MarkdownOptions<'a> {
    MarkdownOptions {
        path: Path::new("content/post/fuzz.md"),
        first_line: 5,
        summary_length: 70,
        highlighter: highlighter(),
        cache,
        source: None,
        toc_levels: (markup.toc_start, markup.toc_end),
        markup,
        math: markup.math,
        id_prefix: "h1a2b",
        site_root: None,
    }
}

/// Splits the input into its first byte (the switches) and the text; `None` when the text
/// is not UTF-8 (a content file that is not is refused before markdown).
pub fn flags_and_text(data: &[u8]) -> Option<(u8, &str)> {
    let (&flags, rest) = data.split_first()?;
    Some((flags, std::str::from_utf8(rest).ok()?))
}
