//! How long lookups take on a real theme: `cargo run --release -p hugotheme --example
//! lookup_speed -- SITE THEME`.

use std::path::Path;
use std::time::Instant;

use hugotheme::{site_layouts, NoSite, Options, PageQuery, Store};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let site = Path::new(&args[0]);
    let store = Store::load(
        &site_layouts(site, "themes", &args[1..]),
        Options::default(),
        &NoSite,
    );
    let q = PageQuery {
        kind: "page".into(),
        path: "/posts/deep/a".into(),
        section: "posts".into(),
        output_format: "html".into(),
        lang: "en".into(),
        ..PageQuery::default()
    };
    let n = 100_000;
    let t = Instant::now();
    for _ in 0..n {
        std::hint::black_box(store.lookup_page(&q));
    }
    println!("page: {:?} each", t.elapsed() / n);
    let t = Instant::now();
    for _ in 0..n {
        std::hint::black_box(store.lookup_hook("codeblock", "go", &q));
    }
    println!("hook: {:?} each", t.elapsed() / n);
    let t = Instant::now();
    for _ in 0..n {
        std::hint::black_box(store.lookup_partial("head.html"));
    }
    println!("partial: {:?} each", t.elapsed() / n);
    let t = Instant::now();
    for _ in 0..10 {
        std::hint::black_box(Store::load(
            &site_layouts(site, "themes", &args[1..]),
            Options::default(),
            &NoSite,
        ));
    }
    println!("load: {:?} each", t.elapsed() / 10);
}
