//! End-to-end tests: the default theme, on the `theme` fixture (a Chinese site whose post
//! has long CJK paragraphs, a TOC and a Go line far wider than a phone).
//!
//! The HTML tests read the built files; the layout test loads them over HTTP in headless
//! Chromium, because "the page never scrolls sideways while the code block does" is a fact
//! about layout that only a browser can measure.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;

use crate::browser::Browser;
use crate::common::{build_ok, fixture, html, read, select_attr, select_text};

/// Builds the fixture with `base_url` and returns (temp dir, public dir).
fn build_theme_site(base_url: &str) -> (tempfile::TempDir, PathBuf) {
    let site = fixture("theme");
    build_ok(site.path(), &["-b", base_url]);
    let public = site.path().join("public");
    (site, public)
}

#[test]
fn post_page_has_meta_toc_code_and_navigation() {
    let (_site, public) = build_theme_site("https://example.org/notes/");
    let text = read(&public, "posts/kubelet-syncpod/index.html");
    let doc = html(&text);

    assert_eq!(
        select_text(&doc, "h1.post-title"),
        ["kubelet 源码分析：syncPod 与 Pod 的一生"]
    );
    assert_eq!(select_text(&doc, ".post-meta time"), ["2024-03-05"]);
    let reading = select_text(&doc, ".post-meta .reading-time");
    assert!(reading[0].ends_with("分钟"), "{reading:?}");
    assert_eq!(
        select_attr(&doc, ".post-meta .tags a", "href"),
        [
            "/notes/tags/kubernetes/",
            "/notes/tags/kubelet/",
            "/notes/tags/go/"
        ]
    );
    // toc: true and three headings: the TOC box links to each of them.
    let toc = select_attr(&doc, ".toc a", "href");
    assert_eq!(toc.len(), 3, "{toc:?}");
    for href in &toc {
        let id = href.trim_start_matches('#');
        assert!(
            text.contains(&format!("id=\"{id}\"")),
            "TOC link {href} has no heading"
        );
    }
    assert_eq!(select_text(&doc, ".post-content pre").len(), 1);
    // The older post links here as "next"; this one links back to it as "prev".
    assert_eq!(
        select_attr(&doc, ".post-nav a.prev", "href"),
        ["/notes/posts/coredns-plugin/"]
    );
    // Theme assets are linked under the base path.
    let css = select_attr(&doc, "link[rel=stylesheet]", "href");
    assert!(
        css.contains(&"https://example.org/notes/css/main.css".to_string()),
        "{css:?}"
    );
    // The base path is in URLs only; files land at the output root, as with Hugo.
    assert!(public.join("css/main.css").is_file());
}

#[test]
fn home_shows_summaries_with_read_more() {
    let (_site, public) = build_theme_site("https://example.org/");
    let doc = html(&read(&public, "index.html"));
    let titles = select_text(&doc, ".card-title");
    assert_eq!(
        titles,
        [
            "kubelet 源码分析：syncPod 与 Pod 的一生",
            "CoreDNS 插件链是怎样串起来的"
        ]
    );
    // The post with a <!--more--> split shows its summary and a link to the rest.
    let more = select_attr(&doc, ".read-more a", "href");
    assert!(
        more.contains(&"/posts/kubelet-syncpod/".to_string()),
        "{more:?}"
    );
    assert_eq!(select_text(&doc, ".read-more a")[0], "阅读全文 →");
    let summaries = select_text(&doc, ".card-summary");
    assert!(
        summaries[0].starts_with("kubelet 的主循环"),
        "{summaries:?}"
    );
    assert!(!summaries[0].contains("syncLoop 的入口"), "{summaries:?}");
    assert_eq!(select_text(&doc, ".site-nav a"), ["归档", "标签"]);
}

#[test]
fn tags_and_archive_list_counts_and_years() {
    let (_site, public) = build_theme_site("https://example.org/");
    let tags = html(&read(&public, "tags/index.html"));
    let go = tags
        .select(&scraper::Selector::parse(".term-cloud a[href='/tags/go/'] .count").unwrap())
        .map(|e| e.text().collect::<String>())
        .collect::<Vec<_>>();
    assert_eq!(go, ["2"]);

    let archive = html(&read(&public, "archives/index.html"));
    assert_eq!(
        select_attr(&archive, ".archive-year h2", "id"),
        ["y2024", "y2023"]
    );
    assert_eq!(
        select_text(&archive, ".archive-list time"),
        ["03-05", "11-02"]
    );
}

#[test]
fn feed_is_rss_with_rfc2822_dates_and_escaped_html() {
    let (_site, public) = build_theme_site("https://example.org/");
    let xml = read(&public, "index.xml");
    let doc = roxmltree::Document::parse(&xml).expect("index.xml is well-formed XML");
    let channel = doc
        .descendants()
        .find(|n| n.has_tag_name("channel"))
        .unwrap();
    let atom_self = channel
        .children()
        .find(|n| n.has_tag_name(("http://www.w3.org/2005/Atom", "link")))
        .expect("atom:link");
    assert_eq!(atom_self.attribute("rel"), Some("self"));
    assert_eq!(
        atom_self.attribute("href"),
        Some("https://example.org/index.xml")
    );
    let items: Vec<_> = channel
        .children()
        .filter(|n| n.has_tag_name("item"))
        .collect();
    assert_eq!(items.len(), 2);
    let child = |n: roxmltree::Node, tag: &str| {
        n.children()
            .find(|c| c.has_tag_name(tag))
            .and_then(|c| c.text())
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(
        child(items[0], "pubDate"),
        "Tue, 05 Mar 2024 10:20:30 +0800"
    );
    assert_eq!(
        child(items[0], "link"),
        "https://example.org/posts/kubelet-syncpod/"
    );
    assert_eq!(child(items[0], "guid"), child(items[0], "link"));
    // The description is HTML carried as text: once parsed it is markup again.
    let description = child(items[0], "description");
    assert!(description.contains("<code>"), "{description}");

    let sitemap = read(&public, "sitemap.xml");
    roxmltree::Document::parse(&sitemap).expect("sitemap.xml is well-formed XML");
    assert!(read(&public, "robots.txt").contains("Sitemap: https://example.org/sitemap.xml"));
}

/// A feed template of the older kind, which walks `feed.pages` itself instead of printing the
/// entries `rss_item.xml` rendered once per page.
const FEED_OVER_PAGES: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
{%- if feed.permalink is ending_with(".xml") %}{% set self_url = feed.permalink %}{% set home_url = feed.permalink | replace(from="index.xml", to="") %}
{%- else %}{% set self_url = feed.permalink ~ "index.xml" %}{% set home_url = feed.permalink %}{% endif %}
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>{{ feed.title | default(value=site.title) }}</title>
    <link>{{ home_url }}</link>
    <description>{{ site.params.description | default(value=feed.title | default(value=site.title)) }}</description>
    {%- if site.language_code %}
    <language>{{ site.language_code }}</language>
    {%- endif %}
    {%- if site.generator %}
    <generator>{{ site.generator }}</generator>
    {%- endif %}
    {%- if site.copyright %}
    <copyright>{{ site.copyright }}</copyright>
    {%- endif %}
    {%- if feed.pages and feed.pages[0].date %}
    <lastBuildDate>{{ feed.pages[0].date | date(format="%a, %d %b %Y %H:%M:%S %z") }}</lastBuildDate>
    {%- endif %}
    <atom:link href="{{ self_url }}" rel="self" type="application/rss+xml"/>
    {%- for p in feed.pages %}
    <item>
      <title>{{ p.title }}</title>
      <link>{{ p.permalink }}</link>
      <guid>{{ p.permalink }}</guid>
      {%- if p.date %}
      <pubDate>{{ p.date | date(format="%a, %d %b %Y %H:%M:%S %z") }}</pubDate>
      {%- endif %}
      {%- if p.summary %}
      <description>{{ p.summary }}</description>
      {%- elif p.description %}
      <description>{{ p.description }}</description>
      {%- endif %}
    </item>
    {%- endfor %}
  </channel>
</rss>
"#;

#[test]
fn a_feed_template_over_feed_pages_gives_the_same_feeds_as_the_built_in_one() {
    let (site, public) = build_theme_site("https://example.org/");
    let feeds = ["index.xml", "posts/index.xml", "tags/index.xml"];
    let built_in: Vec<String> = feeds.iter().map(|f| read(&public, f)).collect();
    assert!(built_in[0].contains("<item>") && built_in[0].contains("<lastBuildDate>"));
    std::fs::create_dir_all(site.path().join("templates")).unwrap();
    std::fs::write(site.path().join("templates/rss.xml"), FEED_OVER_PAGES).unwrap();
    build_ok(site.path(), &["-b", "https://example.org/"]);
    for (feed, expected) in feeds.iter().zip(&built_in) {
        assert_eq!(&read(&public, feed), expected, "{feed}");
    }
}

/// A static file server for `root` on a free port; its threads end with the test binary.
///
/// Each connection gets its own thread and one answer, with `Content-Length` and
/// `Connection: close`. It was tiny_http 0.12, which serves each connection on a thread of a
/// pool that starts with four and keeps a thread for the connection's whole keep-alive
/// life; `TaskPool::spawn` adds a thread only when it counts no waiting one, and a thread
/// just woken for the previous connection still counts as waiting, so a connection
/// accepted in that window is queued until some connection closes. Chromium opens up to
/// six connections at once for a page's files and keeps them open: once the theme's pages
/// linked six files (the search stylesheet and script were the fifth and sixth), the
/// requests on the queued connections were never read and the page never finished loading.
pub(crate) fn serve_dir(root: PathBuf) -> u16 {
    serve_dir_counting(root).0
}

/// [`serve_dir`], with the count of body bytes it has sent: what a page downloaded, even
/// from a web worker, which the page's resource timings do not see.
pub(crate) fn serve_dir_counting(root: PathBuf) -> (u16, Arc<AtomicU64>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    let port = listener.local_addr().expect("local address").port();
    let sent = Arc::new(AtomicU64::new(0));
    let counter = sent.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let (root, counter) = (root.clone(), counter.clone());
            std::thread::spawn(move || {
                let bytes = answer_one(&root, stream);
                counter.fetch_add(bytes, Ordering::SeqCst);
            });
        }
    });
    (port, sent)
}

/// Reads one request head from `stream` and answers it with the file it names under `root`
/// (a folder's `index.html`), or 404.
fn answer_one(root: &Path, mut stream: std::net::TcpStream) -> u64 {
    use std::io::{Read, Write};
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return 0,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    let head = String::from_utf8_lossy(&head);
    let target = head.split(' ').nth(1).unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let mut file = root.join(path.trim_start_matches('/'));
    if file.is_dir() {
        file = file.join("index.html");
    }
    let (status, body) = match std::fs::read(&file) {
        Ok(body) => ("200 OK", body),
        Err(_) => ("404 Not Found", Vec::new()),
    };
    let header = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        content_type(&file),
        body.len()
    );
    let _ = stream.write_all(&[header.as_bytes(), &body[..]].concat());
    body.len() as u64
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("xml") => "application/xml",
        Some("json") => "application/json",
        Some("svg") => "image/svg+xml",
        _ => "application/octet-stream",
    }
}

/// Layout measurements of the loaded page, taken in the browser.
const MEASURE: &str = r#"(() => {
  // A code block is `figure.code` around its `pre`, or a bare `pre` that main.js wrapped.
  const pres = document.querySelectorAll('.post-content pre');
  const pre = pres[0];
  const block = pre && (pre.closest('figure.code') || pre.closest('.code-wrap') || pre);
  const ln = document.querySelector('.ln');
  return {
    cssLoaded: getComputedStyle(document.body).lineHeight !== 'normal',
    docWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    blocks: pres.length,
    copyButtons: document.querySelectorAll('.post-content .copy-btn').length,
    preScroll: pre ? pre.scrollWidth : -1,
    preClient: pre ? pre.clientWidth : -1,
    preOverflow: pre ? getComputedStyle(pre).overflowX : null,
    blockRight: block ? block.getBoundingClientRect().right : -1,
    lineNumberSelectable: ln ? getComputedStyle(ln).userSelect !== 'none' : null,
  };
})()"#;

fn measure(browser: &mut Browser, url: &str, width: u32, height: u32) -> Value {
    browser.set_viewport(width, height);
    browser.navigate(url);
    assert!(
        browser.wait_for(
            "document.querySelector('.copy-btn') && document.fonts.status === 'loaded'",
            Duration::from_secs(10)
        ),
        "{url}: main.js did not add copy buttons"
    );
    if let Some(dir) = std::env::var_os("BLOG_SCREENSHOTS") {
        let name = format!("theme-{width}x{height}.png");
        browser.screenshot(&Path::new(&dir).join(name));
    }
    browser.eval(MEASURE)
}

#[test]
fn phone_width_never_scrolls_sideways_but_code_does() {
    let Some(mut browser) = Browser::launch() else {
        return;
    };
    let site = fixture("theme");
    let public = site.path().join("public");
    let port = serve_dir(public.clone());
    build_ok(site.path(), &["-b", &format!("http://127.0.0.1:{port}/")]);
    let url = format!("http://127.0.0.1:{port}/posts/kubelet-syncpod/");

    for (width, height) in [(390, 844), (1280, 900)] {
        let m = measure(&mut browser, &url, width, height);
        let at = format!("at {width}px: {m}");
        assert_eq!(m["cssLoaded"], true, "main.css not applied {at}");
        assert_eq!(m["blocks"].as_u64(), Some(1), "{at}");
        assert_eq!(
            m["copyButtons"], m["blocks"],
            "one copy button per block {at}"
        );
        assert!(
            m["docWidth"].as_f64().unwrap() <= m["innerWidth"].as_f64().unwrap(),
            "the page scrolls sideways {at}"
        );
        assert!(
            m["blockRight"].as_f64().unwrap() <= width as f64,
            "the code block sticks out {at}"
        );
        assert!(
            m["preScroll"].as_f64().unwrap() > m["preClient"].as_f64().unwrap(),
            "the long line should be wider than its block {at}"
        );
        assert!(
            matches!(m["preOverflow"].as_str(), Some("auto" | "scroll")),
            "the block should scroll its long line {at}"
        );
        assert_ne!(
            m["lineNumberSelectable"], true,
            "line numbers must not be selectable {at}"
        );
    }
    copy_button_copies_the_code_alone(&mut browser);
    assert!(
        browser.js_errors().is_empty(),
        "JS errors: {:?}",
        browser.js_errors()
    );
}

/// The fixture's Go block, exactly as written between its fences.
const FIXTURE_CODE: &str = "func (kl *Kubelet) syncPod(ctx context.Context, updateType kubetypes.SyncPodType, pod, mirrorPod *v1.Pod, podStatus *kubecontainer.PodStatus) (isTerminal bool, err error) {
\tklog.V(4).InfoS(\"syncPod enter\", \"pod\", klog.KObj(pod), \"podUID\", pod.UID)
\treturn false, nil
}";

/// Clicks the copy button of the loaded post's code block with the clipboard stubbed, and
/// checks what was copied: the code, without line numbers or doubled newlines.
fn copy_button_copies_the_code_alone(browser: &mut Browser) {
    browser.eval(
        "window.__copied = null; \
         navigator.clipboard.writeText = t => { window.__copied = t; return Promise.resolve(); }; \
         document.querySelector('.post-content .copy-btn').click()",
    );
    assert!(
        browser.wait_for("window.__copied !== null", Duration::from_secs(5)),
        "the copy button copied nothing"
    );
    assert_eq!(browser.eval("window.__copied"), Value::from(FIXTURE_CODE));
    assert_eq!(
        browser.eval("document.querySelector('.post-content .copy-btn').textContent"),
        Value::from("已复制")
    );
}
