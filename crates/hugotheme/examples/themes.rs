//! Loads the layouts of Hugo sites and their themes and reports what does not parse and which
//! functions are unknown: `cargo run --release -p hugotheme --example themes -- SITE...`.

use std::collections::BTreeMap;
use std::path::Path;

use hugotheme::{site_layouts, NoSite, Options, PageQuery, Store};

/// What the store picks for the usual pages, to compare with what Hugo builds.
fn show_lookups(store: &Store) {
    let ask = |kind: &str, path: &str, section: &str, layout: &str, of: &str| {
        let q = PageQuery {
            kind: kind.into(),
            path: path.into(),
            section: section.into(),
            layout: layout.into(),
            output_format: of.into(),
            lang: "en".into(),
            ..PageQuery::default()
        };
        let got = match store.lookup_page(&q) {
            None => "none".to_string(),
            Some(r) => {
                let base = r.base.map(|b| format!(" + {}", store.file(b).display));
                format!(
                    "{}{}",
                    store.file(r.template).display,
                    base.unwrap_or_default()
                )
            }
        };
        println!("  {kind} {path} {layout} {of} => {got}");
    };
    ask("home", "/", "", "", "html");
    ask("home", "/", "", "", "rss");
    ask("home", "/", "", "", "json");
    ask("section", "/posts", "posts", "", "html");
    ask("page", "/posts/a", "posts", "", "html");
    ask("page", "/archives", "", "archives", "html");
    ask("page", "/search", "", "search", "html");
    ask("taxonomy", "/tags", "tags", "", "html");
    ask("term", "/tags/x", "tags", "", "html");
    ask("404", "/404", "", "", "html");
    ask("sitemap", "/", "", "", "sitemap");
}

/// The `theme` setting of a site's config file (TOML or YAML), as a list.
fn themes_of(site: &Path) -> Vec<String> {
    for name in [
        "hugo.toml",
        "config.toml",
        "hugo.yaml",
        "config.yml",
        "config.yaml",
    ] {
        let Ok(text) = std::fs::read_to_string(site.join(name)) else {
            continue;
        };
        for line in text.lines() {
            let line = line.trim();
            let Some(rest) = line.strip_prefix("theme") else {
                continue;
            };
            let rest = rest.trim_start().trim_start_matches(['=', ':']).trim();
            let names: Vec<String> = rest
                .trim_matches(['[', ']'])
                .split(',')
                .map(|s| s.trim().trim_matches(['"', '\'']).to_string())
                .filter(|s| !s.is_empty())
                .collect();
            if !names.is_empty() {
                return names;
            }
        }
    }
    Vec::new()
}

fn main() {
    for arg in std::env::args().skip(1) {
        let site = Path::new(&arg);
        let themes = themes_of(site);
        let dirs = site_layouts(site, "themes", &themes);
        let store = Store::load(&dirs, Options::default(), &NoSite);
        let files = store
            .files()
            .iter()
            .filter(|f| !f.embedded && !f.inline)
            .count();
        println!(
            "{arg}: themes {themes:?}, {files} templates, {} parse failures",
            store.errors().len()
        );
        show_lookups(&store);
        for e in store.errors() {
            println!("  error: {e}");
        }
        let mut unknown: BTreeMap<String, (usize, String)> = BTreeMap::new();
        for w in store.warnings() {
            let e = unknown
                .entry(w.message.clone())
                .or_insert((0, w.to_string()));
            e.0 += 1;
        }
        for (_, (n, first)) in unknown {
            println!("  warning ({n} files), first: {first}");
        }
    }
}
