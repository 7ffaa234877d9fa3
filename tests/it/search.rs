//! Site search: the index a build writes under `/search/` (notes only, published only, with
//! `search: false` and `[params.search] enable = false` honoured), and the default theme's
//! search box driven in headless Chromium on the example site and on a generated corpus.

use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::time::Duration;

use serde_json::Value;

use crate::browser::Browser;
use crate::common::{build_ok, copy_dir, fixture, list_files, read};
use crate::theme::{serve_dir, serve_dir_counting};

/// Every term of the built index, from all its chunks.
fn indexed_terms(public: &Path) -> Vec<String> {
    let index: Value = serde_json::from_str(&read(public, "search/index.json")).unwrap();
    index["names"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|name| {
            let path = format!("search/c/{}.json", name.as_str().unwrap());
            let chunk: Value = serde_json::from_str(&read(public, &path)).unwrap();
            chunk
                .as_object()
                .unwrap()
                .keys()
                .cloned()
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn the_index_holds_published_notes_only() {
    let site = fixture("search");
    build_ok(site.path(), &[]);
    let public = site.path().join("public");
    let terms = indexed_terms(&public);
    for word in [
        "informer",
        "resync",
        "同步",
        "handledeltas",
        "shared_informer.go",
    ] {
        assert!(terms.contains(&word.to_string()), "{word} is not indexed");
    }
    for word in ["zzdraftword", "zzquietword", "在这"] {
        assert!(
            !terms.contains(&word.to_string()),
            "{word} should not be indexed"
        );
    }
    // One fragment: the informer note. Not the draft, the opted-out note or the search page.
    let fragments: Vec<String> = list_files(&public)
        .into_iter()
        .filter(|f| f.starts_with("search/f/"))
        .collect();
    assert_eq!(fragments.len(), 1, "{fragments:?}");
    assert!(read(&public, &fragments[0]).contains("/post/informer/"));
    let manifest = read(&public, ".blog-manifest");
    assert!(manifest.contains("search/index.json") && manifest.contains(&fragments[0]));

    // The site's own /search/ page is kept, with the search form added by `layout: search`.
    let page = read(&public, "search/index.html");
    assert!(page.contains("在这里搜索全部笔记") && page.contains("class=\"search-page\""));
    assert!(
        page.contains("/archives/"),
        "no fallback link for readers without JavaScript"
    );

    // Drafts are indexed when the build publishes them.
    build_ok(site.path(), &["-D", "-d", "with-drafts"]);
    let with_drafts = indexed_terms(&site.path().join("with-drafts"));
    assert!(with_drafts.contains(&"zzdraftword".to_string()));
}

#[test]
fn two_builds_write_the_same_index() {
    let site = fixture("search");
    build_ok(site.path(), &["-d", "one"]);
    build_ok(site.path(), &["-d", "two"]);
    let files = |d: &str| -> Vec<(String, Vec<u8>)> {
        let root = site.path().join(d);
        list_files(&root)
            .into_iter()
            .filter(|f| f.starts_with("search/"))
            .map(|f| (f.clone(), std::fs::read(root.join(&f)).unwrap()))
            .collect()
    };
    assert!(!files("one").is_empty());
    assert_eq!(files("one"), files("two"));
}

#[test]
fn search_can_be_turned_off_for_the_site() {
    let site = fixture("search");
    let config = site.path().join("config.toml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str("\n[params.search]\nenable = false\n");
    std::fs::write(&config, text).unwrap();
    build_ok(site.path(), &[]);
    let public = site.path().join("public");
    assert!(!public.join("search/index.json").exists());
    assert!(!read(&public, "post/informer/index.html").contains("site-search"));
    assert!(
        !public.join("js/search.js").exists() || !read(&public, "index.html").contains("search.js")
    );
}

/// The example site (the repository's own `config.toml`, `content/` and theme), with a
/// draft added whose words must never be found.
fn example_site() -> tempfile::TempDir {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(root.join("config.toml"), dir.path().join("config.toml")).unwrap();
    for sub in ["content", "themes", "static"] {
        if root.join(sub).is_dir() {
            copy_dir(&root.join(sub), &dir.path().join(sub));
        }
    }
    std::fs::write(
        dir.path().join("content/post/unfinished.md"),
        "---\ntitle: 未完成\ndate: 2024-01-01\ndraft: true\n---\n这篇草稿提到 zzdraftword 和选主。\n",
    )
    .unwrap();
    dir
}

/// Types `query` into the header box like a reader (focusing it with `/`) and returns the
/// results shown: `[{href, title, heading}]`.
fn type_query(browser: &mut Browser, query: &str) -> Value {
    browser.eval(&format!(
        "(() => {{
           document.body.dispatchEvent(new KeyboardEvent('keydown', {{key: '/', bubbles: true}}));
           const i = document.activeElement;
           if (!i || i.name !== 'q') throw new Error('/ did not focus the search box');
           i.value = {q};
           i.dispatchEvent(new Event('input', {{bubbles: true}}));
           window.__asked = {q};
         }})()",
        q = serde_json::to_string(query).unwrap()
    ));
    let shown = "(() => { const b = document.querySelector('.search-results'); \
                 return b && !b.hidden && b.querySelector('li'); })()";
    assert!(
        browser.wait_for(shown, Duration::from_secs(10)),
        "{query}: no results appeared"
    );
    browser.eval(
        "[...document.querySelectorAll('.search-results li a')].map(a => ({
           href: a.getAttribute('href'),
           title: a.querySelector('.search-title').textContent,
           heading: (a.querySelector('.search-heading') || {}).textContent || '',
           marked: [...a.querySelectorAll('mark')].map(m => m.textContent),
         }))",
    )
}

/// Presses Enter on the selected result and returns where the browser landed: the path,
/// the fragment, and whether the element it names is in view.
fn follow_first(browser: &mut Browser, query: &str) -> Value {
    let before = browser.eval("location.href");
    browser.eval(
        "document.activeElement.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', bubbles: true}))",
    );
    assert!(
        browser.wait_for(
            &format!("location.href !== {before} && document.readyState === 'complete'"),
            Duration::from_secs(10)
        ),
        "{query}: Enter did not open the first result"
    );
    browser.eval(
        "(() => { const id = decodeURIComponent(location.hash.slice(1));
           const el = id && document.getElementById(id);
           const r = el && el.getBoundingClientRect();
           return {path: location.pathname, hash: id,
                   inView: !id || (!!r && r.top >= -2 && r.top < innerHeight)}; })()",
    )
}

/// Opens the home page afresh (through a blank page, so nothing of the last one lingers).
fn open_home(browser: &mut Browser, home: &str) {
    browser.navigate("about:blank");
    browser.navigate(home);
    assert!(browser.wait_for("window.blogSearch", Duration::from_secs(10)));
}

fn screenshot(browser: &mut Browser, name: &str) {
    if let Some(dir) = std::env::var_os("BLOG_SCREENSHOTS") {
        browser.screenshot(&PathBuf::from(dir).join(name));
    }
}

/// The queries: (query, the note it must rank first, the start of the fragment it
/// must land on: a heading id, or `code-` for a code line).
const CASES: [(&str, &str, &str); 7] = [
    ("选主", "/post/leader-election-lease/", ""),
    ("准入控制", "/post/apiserver-request-path/", ""),
    ("期望副本", "/post/replicaset-controller/", ""),
    ("ndots", "/post/coredns-nxdomain/", ""),
    ("syncReplicaSet", "/post/replicaset-controller/", ""),
    ("SatisfiedExpectations", "/post/replicaset-controller/", ""),
    ("replica_set.go", "/post/replicaset-controller/", "code-"),
];

/// Types each of [`CASES`] into the header box of `home` at a desktop and a phone width,
/// checks the first result and its marked words, presses Enter and checks where it lands.
fn assert_queries_land(browser: &mut Browser, home: &str, screenshots: bool) {
    for (width, height) in [(1280, 900), (390, 844)] {
        browser.set_viewport(width, height);
        for (query, note, anchor) in CASES {
            open_home(browser, home);
            let results = type_query(browser, query);
            let first = &results[0];
            let href = first["href"]
                .as_str()
                .unwrap_or_else(|| panic!("{query}: no results at {width}px"));
            assert!(
                href.starts_with(note),
                "{query}: first result {href}, want {note}; all: {results}"
            );
            assert!(
                href.contains(&format!("#{anchor}")),
                "{query}: {href} should point at #{anchor}…"
            );
            assert!(
                !first["marked"].as_array().unwrap().is_empty(),
                "{query}: nothing marked in {first}"
            );
            if screenshots && query == "syncReplicaSet" {
                screenshot(browser, &format!("search-{width}x{height}.png"));
                browser.set_dark(true);
                screenshot(browser, &format!("search-{width}x{height}-dark.png"));
                browser.set_dark(false);
            }
            let landed = follow_first(browser, query);
            assert_eq!(landed["path"], note, "{query}: {landed}");
            assert_eq!(
                landed["inView"], true,
                "{query}: target not in view: {landed}"
            );
        }
    }
}

#[test]
fn the_search_box_finds_chinese_and_code_on_the_example_site() {
    let Some(mut browser) = Browser::launch() else {
        return;
    };
    let site = example_site();
    let public = site.path().join("public");
    let port = serve_dir(public.clone());
    build_ok(site.path(), &["-b", &format!("http://127.0.0.1:{port}/")]);
    let home = format!("http://127.0.0.1:{port}/");
    assert_queries_land(&mut browser, &home, true);

    // A draft's words are not found, and the published notes that share a word are.
    browser.navigate(&home);
    assert!(browser.wait_for("window.blogSearch", Duration::from_secs(10)));
    let found = browser.eval("blogSearch('zzdraftword', 8).then(r => r.length)");
    assert_eq!(found, 0);

    // The /search/ page answers a ?q= link.
    browser.navigate(&format!("{home}search/?q=ndots"));
    assert!(browser.wait_for(
        "document.querySelector('.search-page-results a')",
        Duration::from_secs(10)
    ));
    let first =
        browser.eval("document.querySelector('.search-page-results a').getAttribute('href')");
    assert!(first
        .as_str()
        .unwrap()
        .starts_with("/post/coredns-nxdomain/"));
    screenshot(&mut browser, "search-page.png");
    assert!(
        browser.js_errors().is_empty(),
        "JS errors: {:?}",
        browser.js_errors()
    );
}

/// The example site's notes among 300 generated ones (`gen_corpus.py`), whose prose repeats
/// the same sentences about 选主, 准入控制, ndots and expectations in every note: the
/// queries still rank the note about them first and land on its heading or code line, and
/// neither a draft of the corpus nor the added draft is found.
#[test]
fn the_search_box_finds_the_right_note_among_a_generated_corpus() {
    let site = example_site();
    let corpus = tempfile::tempdir().unwrap();
    if !crate::common::gen_corpus(corpus.path(), 300, "blog") {
        return;
    }
    let Some(mut browser) = Browser::launch() else {
        return;
    };
    copy_dir(
        &corpus.path().join("content/post"),
        &site.path().join("content/post"),
    );
    let public = site.path().join("public");
    let port = serve_dir(public.clone());
    build_ok(site.path(), &["-b", &format!("http://127.0.0.1:{port}/")]);
    let home = format!("http://127.0.0.1:{port}/");
    assert_queries_land(&mut browser, &home, false);

    // A corpus draft, searched by its own title: never a result. The added draft's word
    // finds nothing.
    let draft = (0..300)
        .map(|n| site.path().join(format!("content/post/note-{n:05}.md")))
        .find(|p| {
            read(
                p.parent().unwrap(),
                p.file_name().unwrap().to_str().unwrap(),
            )
            .contains("draft: true")
        })
        .expect("the corpus has drafts");
    let text = std::fs::read_to_string(&draft).unwrap();
    let title = text
        .lines()
        .find_map(|l| l.strip_prefix("title: "))
        .unwrap()
        .trim_matches('"')
        .to_string();
    let url = format!("/post/{}/", draft.file_stem().unwrap().to_str().unwrap());
    open_home(&mut browser, &home);
    let found = browser.eval(&format!(
        "blogSearch({}, 30).then(r => r.map(x => x.url))",
        serde_json::to_string(&title).unwrap()
    ));
    assert!(
        !found
            .as_array()
            .unwrap()
            .iter()
            .any(|u| u.as_str().unwrap().starts_with(&url)),
        "the draft {url} was found by {title:?}: {found}"
    );
    let found = browser.eval("blogSearch('zzdraftword', 8).then(r => r.length)");
    assert_eq!(found, 0);
    assert!(
        browser.js_errors().is_empty(),
        "JS errors: {:?}",
        browser.js_errors()
    );
}

/// Not a check but a measurement for the README: the time from a query to its first 8
/// results with their snippets, and the bytes that query downloads, in headless Chromium,
/// for blog's index and for Pagefind's on the same notes. `bench/search_query.sh` makes
/// both sites and runs it as
/// `BLOG_BENCH_BLOG=DIR BLOG_BENCH_PAGEFIND=DIR cargo test --release --test it
///  search::bench_query_time -- --ignored --nocapture`
/// where the first DIR is a blog site (built here) and the second Hugo's output with
/// `pagefind/` in it.
#[test]
#[ignore]
fn bench_query_time() {
    let dir = |var: &str| {
        PathBuf::from(std::env::var_os(var).unwrap_or_else(|| panic!("set {var} (see the doc)")))
    };
    let mut browser = Browser::launch().expect("chromium");
    // blog's site is built here, for the port its pages will be served from.
    let out = tempfile::tempdir().unwrap();
    let (port, blog_sent) = serve_dir_counting(out.path().to_path_buf());
    let blog = format!("http://127.0.0.1:{port}/");
    let built = std::process::Command::new(env!("CARGO_BIN_EXE_blog"))
        .args(["build", "-b", &blog, "-s"])
        .arg(dir("BLOG_BENCH_BLOG"))
        .arg("-d")
        .arg(out.path())
        .output()
        .unwrap();
    assert!(built.status.success(), "{built:?}");
    let (port, pagefind_sent) = serve_dir_counting(dir("BLOG_BENCH_PAGEFIND"));
    let pagefind = format!("http://127.0.0.1:{port}/");
    // Each engine's API, asked for what a results list shows: 8 notes, title and snippet.
    let blog_query = "q => blogSearch(q, 8).then(r => r.map(x => x.url))";
    let pagefind_query = "q => import('/pagefind/pagefind.js').then(pf => pf.search(q))
        .then(s => Promise.all(s.results.slice(0, 8).map(r => r.data())))
        .then(r => r.map(x => x.url))";
    println!("engine    query                  first ms  first kB  next ms  top");
    for (engine, home, query_fn, ready, sent) in [
        ("blog", &blog, blog_query, "window.blogSearch", &blog_sent),
        (
            "pagefind",
            &pagefind,
            pagefind_query,
            "document.readyState === 'complete'",
            &pagefind_sent,
        ),
    ] {
        for query in ["replicaset", "选举", "准入控制", "ndots", "syncReplicaSet"] {
            browser.navigate("about:blank");
            browser.navigate(home);
            assert!(
                browser.wait_for(ready, Duration::from_secs(10)),
                "{engine}: not ready"
            );
            // A fresh page: the first query fetches what it needs (bytes counted by the
            // server, since Pagefind fetches from a worker); the same query again, as a
            // reader typing on, shows the cost of the search itself.
            let mut time = |q: &str| {
                browser.eval(&format!(
                    "(async () => {{ const t = performance.now(); const top = await ({query_fn})({q});
                       return {{ms: performance.now() - t, top: top[0] || ''}}; }})()"
                ))
            };
            let q = serde_json::to_string(query).unwrap();
            let before = sent.load(Ordering::SeqCst);
            let first = time(&q);
            let bytes = sent.load(Ordering::SeqCst) - before;
            let next = time(&format!("{q} + ' '"));
            println!(
                "{engine:<9} {query:<22} {:>8.0} {:>9.0} {:>8.0}  {}",
                first["ms"].as_f64().unwrap(),
                bytes as f64 / 1e3,
                next["ms"].as_f64().unwrap(),
                first["top"].as_str().unwrap()
            );
        }
    }
    assert!(
        browser.js_errors().is_empty(),
        "JS errors: {:?}",
        browser.js_errors()
    );
}

/// The `search/` files of a build, by path.
fn search_files(root: &Path) -> Vec<(String, Vec<u8>)> {
    list_files(root)
        .into_iter()
        .filter(|f| f.starts_with("search/") && f.ends_with(".json"))
        .map(|f| (f.clone(), std::fs::read(root.join(&f)).unwrap()))
        .collect()
}

/// A warm build after one note is edited, one added between others and one removed gives
/// the same `public/search/` as a cold build of the same notes, and an edit rewrites only
/// a few of the index files.
#[test]
fn a_warm_build_after_an_edit_writes_the_cold_builds_index() {
    let site = fixture("search");
    let post = |n: usize| site.path().join(format!("content/post/n{n:03}.md"));
    for n in (0..60).step_by(2) {
        std::fs::write(
            post(n),
            format!(
                "---\ntitle: 笔记 {n} syncReplicaSet\ndate: 2024-01-{:02}\n---\n## 同步 {n}\n\nword{n} informer resync 准入控制 pkg/ctl/f{n}.go\n",
                n % 28 + 1
            ),
        )
        .unwrap();
    }
    let cache = tempfile::tempdir().unwrap();
    let cache_arg = cache.path().to_str().unwrap();
    build_ok(site.path(), &["--cacheDir", cache_arg]);
    let edits: [(&str, &dyn Fn()); 3] = [
        ("edit", &|| {
            let text = std::fs::read_to_string(post(10)).unwrap();
            std::fs::write(post(10), format!("{text}\nzzsavedword\n")).unwrap();
        }),
        ("add", &|| {
            let text = std::fs::read_to_string(post(20)).unwrap();
            std::fs::write(post(21), text.replace("word20", "zzaddedword")).unwrap();
        }),
        ("remove", &|| std::fs::remove_file(post(30)).unwrap()),
    ];
    for (what, edit) in edits {
        let before = search_files(&site.path().join("public"));
        edit();
        build_ok(site.path(), &["--cacheDir", cache_arg]);
        let warm = search_files(&site.path().join("public"));
        let fresh = tempfile::tempdir().unwrap();
        build_ok(
            site.path(),
            &["-d", "cold", "--cacheDir", fresh.path().to_str().unwrap()],
        );
        assert!(
            warm == search_files(&site.path().join("cold")),
            "{what}: the warm build's index differs from the cold build's"
        );
        let changed = warm.iter().filter(|f| !before.contains(f)).count();
        assert!(
            changed > 0 && changed * 3 < warm.len(),
            "{what}: {changed} of {} files changed",
            warm.len()
        );
    }
    let terms = indexed_terms(&site.path().join("public"));
    assert!(terms.contains(&"zzsavedword".to_string()));
    assert!(terms.contains(&"zzaddedword".to_string()));
    assert!(!terms.contains(&"word30".to_string()));
}
