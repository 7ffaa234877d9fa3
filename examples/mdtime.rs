// scratch: time markdown::render on a file (not committed)
use std::path::Path;
use blog::markdown::cache::CodeCache;
use blog::markdown::highlight::{HighlightConfig, Highlighter};
use blog::markdown::{render, MarkdownOptions};
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let highlighter = Highlighter::new(&HighlightConfig::default()).unwrap();
    let cache = CodeCache::disabled();
    let mut o = MarkdownOptions::new(Path::new("x.md"), &highlighter, &cache);
    o.summary_length = 70;
    for _ in 0..2 {
        let t = std::time::Instant::now();
        let r = render(&text, &o);
        eprintln!("render {} bytes -> html {} summary {}: {:?}", text.len(), r.html.len(), r.summary.len(), t.elapsed());
    }
}
