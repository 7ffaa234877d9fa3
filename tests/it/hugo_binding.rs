//! A site on a Hugo theme (`tests/fixtures/hugo-binding`, a tiny theme of our own) is built
//! with the theme's Go templates: baseof and blocks, partials, the paginator, menus,
//! taxonomies, i18n, aliases and the 404 page. The expected values are what Hugo 0.168
//! (`hugo-new`) writes for the same fixture; a template error names the theme file, line
//! and column and leaves `public/` as it was.

use crate::common::*;

/// Every file Hugo 0.168 writes for the fixture (blog adds its manifest).
const HUGO_FILES: &[&str] = &[
    "404.html",
    "about/index.html",
    "categories/index.html",
    "categories/index.xml",
    "css/tiny.css",
    "index.html",
    "index.json",
    "index.xml",
    "old/first/index.html",
    "page/1/index.html",
    "page/2/index.html",
    "posts/index.html",
    "posts/index.xml",
    "posts/note-1/index.html",
    "posts/note-2/index.html",
    "posts/note-3/index.html",
    "sitemap.xml",
    "tags/go/index.html",
    "tags/go/index.xml",
    "tags/index.html",
    "tags/index.xml",
    "tags/rust/index.html",
    "tags/rust/index.xml",
];

#[test]
fn a_tiny_hugo_theme_makes_the_files_and_pages_hugo_makes() {
    let dir = fixture("hugo-binding");
    build_ok(dir.path(), &[]);
    let public = dir.path().join("public");
    let files: Vec<String> = list_files(&public)
        .into_iter()
        .filter(|f| f != ".blog-manifest")
        .collect();
    assert_eq!(files, HUGO_FILES);

    // The home page: the paginator over `where site.RegularPages`, summaries, i18n, the
    // menu (entries with a URL alone are never current), Hugo's generator tag.
    let home = read(&public, "index.html");
    assert!(home.contains("<html lang=\"en-us\">"), "{home}");
    assert!(home.contains("<title>Home | Tiny Notes</title>"), "{home}");
    assert!(home.contains("<nav><a class=\"\" href=\"/posts/\">Posts</a><a class=\"\" href=\"/tags/\"><i>#</i>Tags</a><a class=\"\" href=\"/about/\">About</a></nav>"), "{home}");
    assert!(home.contains("\t<meta name=\"generator\" content=\"Hugo 0.168.0\">\n</head>"));
    let doc = html(&home);
    assert_eq!(select_text(&doc, ".summary h2"), ["Note 3", "Note 2"]);
    assert_eq!(
        select_text(&doc, ".summary p"),
        ["First paragraph of note 3.", "First paragraph of note 2."]
    );
    assert_eq!(
        select_text(&doc, ".summary a.more"),
        ["Read more", "Read more"]
    );
    assert_eq!(select_text(&doc, "nav.pager"), ["page 1 of 2 next"]);
    assert_eq!(select_attr(&doc, "nav.pager a.next", "href"), ["/page/2/"]);
    let page2 = html(&read(&public, "page/2/index.html"));
    assert_eq!(select_text(&page2, ".summary h2"), ["Note 1"]);
    assert_eq!(select_attr(&page2, "nav.pager a.prev", "href"), ["/"]);
    let first = read(&public, "page/1/index.html");
    assert!(
        first.contains("<meta http-equiv=\"refresh\" content=\"0; url=https://example.org/\">"),
        "{first}"
    );

    // A post: dates in Go layouts, terms in front matter order and titled, body, word count,
    // neighbours in the section.
    let post = html(&read(&public, "posts/note-2/index.html"));
    assert_eq!(select_text(&post, "time"), ["February 10, 2024"]);
    assert_eq!(select_attr(&post, "time", "datetime"), ["2024-02-10"]);
    assert_eq!(select_text(&post, ".tags a"), ["Rust", "Go"]);
    assert_eq!(
        select_attr(&post, ".tags a", "href"),
        ["/tags/rust/", "/tags/go/"]
    );
    assert_eq!(select_text(&post, ".content h2"), ["Details"]);
    assert_eq!(select_text(&post, ".words"), ["11 words, 1 min"]);
    assert_eq!(select_attr(&post, "a.prev", "href"), ["/posts/note-1/"]);
    assert_eq!(select_attr(&post, "a.next", "href"), ["/posts/note-3/"]);

    // Lists: a section with i18n plurals, the taxonomy's terms by count, a term.
    let posts = html(&read(&public, "posts/index.html"));
    assert_eq!(select_text(&posts, ".count"), ["3 posts"]);
    assert_eq!(
        select_text(&posts, ".list a"),
        ["Note 1", "Note 2", "Note 3"]
    );
    let tags = html(&read(&public, "tags/index.html"));
    assert_eq!(select_text(&tags, ".terms li"), ["rust 3", "go 1"]);
    assert_eq!(
        select_attr(&tags, ".terms a", "href"),
        ["/tags/rust/", "/tags/go/"]
    );
    let go = html(&read(&public, "tags/go/index.html"));
    assert_eq!(select_text(&go, "h1"), ["Go"]);
    assert_eq!(select_text(&go, ".count"), ["1 post"]);

    // The 404 page, the alias, the theme's static file, the feed (Hugo's items).
    let missing = html(&read(&public, "404.html"));
    assert_eq!(
        select_text(&missing, "h1.missing"),
        ["Nothing at this address"]
    );
    let alias = read(&public, "old/first/index.html");
    assert!(
        alias.contains("url=https://example.org/posts/note-1/"),
        "{alias}"
    );
    assert_eq!(read(&public, "css/tiny.css"), "body { margin: 0 }\n");
    let feed = read(&public, "index.xml");
    assert_eq!(feed.matches("<item>").count(), 4, "{feed}");
    assert!(feed.contains("<link>https://example.org/</link>"), "{feed}");

    // A plain-text format runs as text/template: the JSON is Hugo's, byte for byte, not
    // HTML-escaped.
    assert_eq!(read(&public, "index.json"), HUGO_INDEX_JSON);
}

/// `index.json` as Hugo 0.168 writes it from `themes/tiny/layouts/index.json`.
const HUGO_INDEX_JSON: &str = concat!(
    r#"[{"permalink":"https://example.org/about/","summary":"Who writes these notes.\n","title":"About"},"#,
    r#"{"permalink":"https://example.org/posts/note-3/","summary":"First paragraph of note 3.\n","title":"Note 3"},"#,
    r#"{"permalink":"https://example.org/posts/note-2/","summary":"First paragraph of note 2.\n","title":"Note 2"},"#,
    r#"{"permalink":"https://example.org/posts/note-1/","summary":"First paragraph of note 1.\n","title":"Note 1"}]"#
);

#[test]
fn a_template_error_names_the_theme_file_line_and_column_and_writes_nothing() {
    let dir = fixture("hugo-binding");
    build_ok(dir.path(), &[]);
    let public = dir.path().join("public");
    let before = list_files(&public);
    let home_before = read(&public, "index.html");
    let single = dir.path().join("themes/tiny/layouts/_default/single.html");
    let text = std::fs::read_to_string(&single).unwrap();
    let broken = text.replacen("<h1>{{ .Title }}</h1>", "<h1>{{ .Title.Nope }}</h1>", 1);
    assert_ne!(text, broken);
    std::fs::write(&single, broken).unwrap();
    // A change the failed build would have written.
    std::fs::write(
        dir.path().join("content/posts/note-3.md"),
        "---\ntitle: Changed\ndate: 2024-03-10T08:00:00Z\n---\nNew.\n",
    )
    .unwrap();
    let out = run_in(dir.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1), "an error, not a crash");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("themes/tiny/layouts/_default/single.html:3:13: template: can't evaluate field Nope in type string"),
        "{stderr}"
    );
    assert_eq!(list_files(&public), before);
    assert_eq!(read(&public, "index.html"), home_before);
}

#[test]
fn a_template_that_does_not_parse_is_an_error_at_its_line() {
    let dir = fixture("hugo-binding");
    let list = dir.path().join("themes/tiny/layouts/_default/list.html");
    std::fs::write(
        &list,
        "{{ define \"main\" }}\n<h1>{{ .Title </h1>\n{{ end }}\n",
    )
    .unwrap();
    let out = run_in(dir.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1), "an error, not a crash");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("themes/tiny/layouts/_default/list.html:2:"),
        "{stderr}"
    );
    assert!(!dir.path().join("public").exists());
}
