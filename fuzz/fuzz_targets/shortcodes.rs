//! Any text as a note body with shortcodes, through the real expansion: the parser (paired,
//! nested, unclosed and literal calls, quoted and raw arguments), the built-ins (`figure`,
//! `highlight`, `ref`, `param`, `details`, embeds...), a writer's tera shortcode that renders
//! its inner markdown, Hugo-only and unknown names, then the page's markdown and the swap of
//! placeholders back into HTML, summary and TOC. Errors are fine (a call too long or nested
//! too deep is one); a panic, a hang, runaway memory or output out of proportion is a bug.
#![no_main]
#[path = "common.rs"]
mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use blog::markdown::cache::CodeCache;
use blog::shortcodes::parse::{self, Node};
use blog::shortcodes::{self, Env, RefIndex};
use blog::templates::{Templates, Theme};
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Value};

/// What the shortcode fixture site gives a page: its `note` template, a Hugo-only shortcode,
/// pages to `ref`, and params for `param`.
struct Site {
    templates: Templates,
    hugo: BTreeMap<String, PathBuf>,
    refs: RefIndex,
    site: Value,
}

fn site() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| {
        let root = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/shortcodes"));
        let templates = Templates::load(root, &Theme::Embedded).expect("the fixture's templates");
        let mut hugo = BTreeMap::new();
        hugo.insert("hugoonly".to_string(), PathBuf::from("layouts/shortcodes/hugoonly.html"));
        let mut refs = RefIndex::default();
        for (rel, url) in [
            ("post/fuzz.md", "/post/fuzz/"),
            ("post/other.md", "/post/other/"),
            ("post/bundle/index.md", "/post/bundle/"),
            ("_index.md", "/"),
        ] {
            refs.add(rel, url.to_string(), format!("https://example.org{url}"));
        }
        let site = json!({
            "title": "Shortcodes",
            "base_url": "https://example.org/",
            "params": {"motto": "Read the source", "nested": {"Key": [1, 2, {"x": true}]}},
        });
        Site { templates, hugo, refs, site }
    })
}

/// Every call of the tree, at any depth, lies inside the text, ends after it starts, and
/// holds its inner range; otherwise slicing the body later would panic or read the wrong part.
fn check_ranges(nodes: &[Node], text: &str) {
    for node in nodes {
        match node {
            Node::Text(r) => assert!(r.start <= r.end && text.get(r.clone()).is_some()),
            Node::Literal(_) => {}
            Node::Call(call) => {
                assert!(text.get(call.range.clone()).is_some());
                if let Some((inner, nodes)) = &call.inner {
                    assert!(call.range.start <= inner.start && inner.end <= call.range.end);
                    check_ranges(nodes, text);
                }
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((flags, text)) = common::flags_and_text(data) else {
        return;
    };
    let parsed = parse::parse(text);
    if let Ok(nodes) = &parsed {
        check_ranges(nodes, text);
        // A body `has_calls` passes over is rendered as plain markdown: it must hold no call.
        if !shortcodes::has_calls(text) {
            assert!(nodes.iter().all(|n| matches!(n, Node::Text(_))));
        }
    }
    let site = site();
    let env = Env {
        templates: &site.templates,
        hugo_shortcodes: &site.hugo,
        refs: &site.refs,
        site: &site.site,
        page: json!({
            "title": "Fuzz",
            "params": {"project": "kubelet", "motto": "Hello", "list": ["a", "b"]},
        }),
        rel: "post/fuzz.md",
    };
    let cache = CodeCache::disabled();
    let markup = common::markup(flags);
    let options = common::options(&markup, &cache);
    let rendered = shortcodes::render(text, &options, &env);
    // The page is parsed once more inside `render`: a body refused here is refused there.
    assert!(parsed.is_ok() || rendered.is_err());
    if let Ok(rendered) = rendered {
        // Each call's output is its own markup plus its inner text once: the page grows by a
        // bounded factor, never by a power of the nesting.
        let (diagrams, rest) = split_diagrams(&rendered.html);
        let bound = 64 * text.len() + 64 * 1024;
        assert!(rest <= bound, "{rest} bytes of HTML besides diagrams from {} bytes", text.len());
        // A diagram is drawn from a fence in the text, never once per enclosing call. Its SVG
        // is Mermaid's: a fixed ~20 KB of styles and icons however small the source, and edges
        // capped at Mermaid's `maxEdges`; so it is bounded by count and size, not by a factor.
        let fences = text.matches("```").count() + text.matches("~~~").count();
        assert!(diagrams.len() <= fences, "{} diagrams from {fences} fences", diagrams.len());
        for size in diagrams {
            let bound = (8 << 20) + 256 * text.len();
            assert!(size <= bound, "a diagram of {size} bytes from {} bytes", text.len());
        }
    }
});

/// The sizes of the page's drawn diagrams, and the bytes of everything else.
fn split_diagrams(html: &str) -> (Vec<usize>, usize) {
    const OPEN: &str = "<figure class=\"diagram ";
    let mut sizes = Vec::new();
    let mut rest = 0;
    let mut tail = html;
    while let Some(start) = tail.find(OPEN) {
        let Some(len) = tail[start..].find("</figure>") else {
            break;
        };
        rest += start;
        sizes.push(len);
        tail = &tail[start + len..];
    }
    (sizes, rest + tail.len())
}
