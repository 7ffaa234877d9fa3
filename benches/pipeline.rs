//! Benchmarks of the build's hot paths besides highlighting (see `benches/highlight.rs`):
//! markdown rendering of a real note, and template rendering of a whole site.
//!
//! ```sh
//! cargo bench --bench pipeline
//! ```

use std::path::Path;

use blog::markdown::cache::CodeCache;
use blog::markdown::highlight::{HighlightConfig, Highlighter};
use blog::markdown::{render, MarkdownOptions};
use blog::site::Site;
use blog::BuildOptions;

fn main() {
    divan::main();
}

fn note() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("content/post/replicaset-controller.md");
    let text = std::fs::read_to_string(path).expect("the example note");
    // The body only: front matter is not markdown.
    text.split("\n---\n").nth(1).unwrap_or(&text).to_string()
}

/// Markdown to HTML with heading ids, TOC, word count and summary; code blocks left plain
/// (`codeFences = false`) so that highlighting does not drown the markdown work.
#[divan::bench]
fn markdown_render_note(bencher: divan::Bencher) {
    let markdown = note();
    let config = HighlightConfig {
        code_fences: false,
        ..HighlightConfig::default()
    };
    let highlighter = Highlighter::new(&config).unwrap();
    let cache = CodeCache::disabled();
    bencher
        .counter(divan::counter::BytesCount::new(markdown.len()))
        .bench(|| {
            let options = MarkdownOptions {
                summary_length: 70,
                ..MarkdownOptions::new(Path::new("content/post/note.md"), &highlighter, &cache)
            };
            render(divan::black_box(&markdown), &options)
        });
}

/// Every template of the fixture site rendered in memory (pages, lists, taxonomies, feeds,
/// sitemap), the site already loaded.
#[divan::bench]
fn templates_render_site(bencher: divan::Bencher) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/site");
    let mut options = BuildOptions::new(&root);
    options.ignore_cache = true;
    let site = Site::load(&options).unwrap();
    bencher.bench(|| site.render().unwrap());
}
