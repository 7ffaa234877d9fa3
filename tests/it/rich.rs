//! End-to-end tests: rich markdown. The `rich` fixture site has math, mermaid and goat
//! diagrams, the five alerts, footnotes on two notes listed together, definition lists,
//! attribute lines, typographer, emoji and images; its built HTML is checked for each, and
//! in Chromium for the formula's and the diagram's rendered size.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use crate::browser::Browser;
use crate::common::{build_ok, fixture, html, read, select_attr, select_text};
use crate::theme::serve_dir;

struct Built {
    dir: tempfile::TempDir,
    stderr: String,
}

impl Built {
    fn page(&self, rel: &str) -> String {
        read(&self.dir.path().join("public"), rel)
    }
}

fn build() -> Built {
    let dir = fixture("rich");
    let out = build_ok(dir.path(), &["--ignoreCache"]);
    Built {
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        dir,
    }
}

#[test]
fn math_becomes_mathml_with_the_latex_intact() {
    let b = build();
    let page = b.page("post/math/index.html");
    let doc = html(&page);
    let maths = select_attr(&doc, "math", "display");
    assert_eq!(maths, ["inline", "block"], "{page}");
    assert!(page.contains("<mfrac>"), "\\frac12 is a fraction: {page}");
    let annotations = select_text(&doc, "math annotation");
    assert!(
        annotations.contains(&r"\int_0^1 x\,dx = \frac12".to_string()),
        "the LaTeX is kept, backslashes and all: {annotations:?}"
    );
    // The broken formula: a warning at its line, and the source as code.
    assert!(
        b.stderr.contains("content/post/math.md:13:") && b.stderr.contains("math:"),
        "{}",
        b.stderr
    );
    assert_eq!(select_text(&doc, "code.math-error"), [r"\notacommand{x}"]);
    assert!(page.contains("Prices like $5 are escaped."), "{page}");
}

#[test]
fn dollars_in_a_page_without_math_stay_text() {
    let b = build();
    let page = b.page("post/nomath/index.html");
    assert!(!page.contains("<math"), "{page}");
    assert!(page.contains("It costs $5 and $10 here"), "{page}");
}

#[test]
fn diagrams_are_svg_with_their_labels_as_text() {
    let b = build();
    let page = b.page("post/diagrams/index.html");
    let doc = html(&page);
    let figures = select_attr(&doc, "figure.diagram", "class");
    assert_eq!(
        figures.len(),
        5,
        "four mermaid diagrams and one goat: {figures:?}"
    );
    let svgs = scraper::Selector::parse("figure.diagram > svg").unwrap();
    assert_eq!(doc.select(&svgs).count(), 5, "one <svg> per diagram");
    let text: String = select_text(&doc, "figure.diagram svg").concat();
    for label in [
        "Informer",
        "enqueue key",
        "Reconcile",
        "syncReplicaSet",
        "Controller",
        "Pending",
        "scheduled",
        "Cache",
        "Worker",
    ] {
        assert!(text.contains(label), "`{label}` is not SVG text: {text}");
    }
    // The one that is not a diagram: a warning with its line, and the source as code.
    assert!(
        b.stderr.contains("content/post/diagrams.md:41:") && b.stderr.contains("mermaid"),
        "{}",
        b.stderr
    );
    assert_eq!(
        select_text(&doc, "pre.diagram-error code"),
        ["this is not a diagram -->"]
    );
}

#[test]
fn alerts_have_their_class_and_title() {
    let b = build();
    let doc = html(&b.page("post/alerts/index.html"));
    assert_eq!(
        select_attr(&doc, "blockquote", "class"),
        [
            "alert alert-note",
            "alert alert-tip",
            "alert alert-important",
            "alert alert-warning",
            "alert alert-caution"
        ]
    );
    assert_eq!(
        select_text(&doc, "blockquote .alert-heading"),
        ["注意", "自定义标题", "重要", "警告", "小心"],
        "Chinese titles for a zh site, and the custom title kept"
    );
    let bodies = select_text(&doc, "blockquote.alert-tip p");
    assert_eq!(bodies, ["自定义标题", "提示正文。"]);
    assert!(!b.page("post/alerts/index.html").contains("[!"));
}

#[test]
fn footnotes_are_unique_on_a_list_page() {
    let b = build();
    let note = html(&b.page("post/notes-b/index.html"));
    let refs = select_attr(&note, "sup[id]", "id");
    assert_eq!(refs.len(), 2, "{refs:?}");
    assert!(
        refs[0].ends_with("fnref:1") && refs[1].ends_with("fnref1:1"),
        "{refs:?}"
    );
    let back = select_attr(&note, ".footnotes a.footnote-backref", "href");
    assert_eq!(back.len(), 1);
    assert!(back[0].ends_with("fnref:1"), "{back:?}");
    let notes_a = html(&b.page("post/notes-a/index.html"));
    assert_eq!(
        select_text(&notes_a, "sup a.footnote-ref"),
        ["1", "2"],
        "numbered across paragraphs, in order"
    );
    assert_eq!(select_attr(&notes_a, ".footnotes li", "id").len(), 2);

    let list = b.page("post/index.html");
    let doc = html(&list);
    let mut seen = BTreeMap::new();
    for id in select_attr(&doc, "[id]", "id") {
        *seen.entry(id).or_insert(0) += 1;
    }
    let fnrefs: Vec<_> = seen.keys().filter(|id| id.contains("fnref")).collect();
    assert!(
        fnrefs.len() >= 3,
        "both notes' references are listed: {fnrefs:?}"
    );
    let dups: Vec<_> = seen.iter().filter(|(_, n)| **n > 1).collect();
    assert!(dups.is_empty(), "duplicate ids on the list page: {dups:?}");
}

#[test]
fn goldmark_extensions() {
    let b = build();
    let page = b.page("post/markdown/index.html");
    let doc = html(&page);
    assert_eq!(select_text(&doc, "dl dt"), ["Term"]);
    assert_eq!(select_text(&doc, "dl dd"), ["Its definition."]);
    // Attribute lines after a heading, a paragraph and a table.
    assert_eq!(select_attr(&doc, "h2.sec", "id"), ["first"]);
    assert_eq!(select_text(&doc, "p.lead#intro"), ["A lead paragraph."]);
    assert_eq!(select_attr(&doc, "table", "class"), ["wide"]);
    assert_eq!(select_text(&doc, "table td"), ["1", "2"]);
    // Typographer, never inside code, and a flag stays a flag; emoji.
    let prose = select_text(&doc, "p").concat();
    assert!(
        prose.contains("Say \u{201c}hello\u{201d} \u{2013} it\u{2019}s \u{2014} fine\u{2026}"),
        "{prose}"
    );
    assert!(prose.contains("--leader-elect=false \u{1f604}"), "{prose}");
    assert_eq!(select_text(&doc, "p code"), ["\"code\" -- stays"]);
    // Images: lazy, with the size of local files.
    let imgs = scraper::Selector::parse("img").unwrap();
    let attrs: Vec<_> = doc
        .select(&imgs)
        .map(|i| {
            let a = i.value();
            (a.attr("loading"), a.attr("width"), a.attr("height"))
        })
        .collect();
    assert_eq!(
        attrs,
        [
            (Some("lazy"), Some("3"), Some("2")),
            (Some("lazy"), None, None)
        ]
    );
    let bundle = html(&b.page("post/bundle/index.html"));
    assert_eq!(select_attr(&bundle, "img", "width"), ["40"]);
    // Table of contents levels 2 to 4, ordered.
    assert_eq!(
        select_text(&doc, ".toc-body a"),
        ["First", "Second", "Third"]
    );
    assert_eq!(select_text(&doc, ".toc-body > ol > li > a"), ["First"]);
    // Raw HTML passes by default.
    assert_eq!(select_text(&doc, "span.raw"), ["raw"]);
}

#[test]
fn unsafe_false_omits_raw_html_and_typographer_can_be_disabled() {
    let dir = fixture("rich");
    let config = dir.path().join("config.toml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str(
        "\n[markup.goldmark.renderer]\nunsafe = false\n\
         [markup.goldmark.extensions.typographer]\ndisable = true\n",
    );
    std::fs::write(&config, text).unwrap();
    build_ok(dir.path(), &["--ignoreCache"]);
    let page = read(&dir.path().join("public"), "post/markdown/index.html");
    assert!(!page.contains("<span class=\"raw\">"), "{page}");
    assert!(page.contains("<!-- raw HTML omitted -->"), "{page}");
    assert!(page.contains("Say &quot;hello&quot; -- it"), "{page}");
}

/// The formula and the sequence diagram take up space in a real browser, light and dark,
/// at desktop and phone widths. With `BLOG_SCREENSHOTS=dir` it also saves the screenshots.
#[test]
fn formula_and_diagram_render_with_a_size() {
    let Some(mut browser) = Browser::launch() else {
        return;
    };
    let site = fixture("rich");
    let public = site.path().join("public");
    let port = serve_dir(public.clone());
    build_ok(
        site.path(),
        &["--ignoreCache", "-b", &format!("http://127.0.0.1:{port}/")],
    );
    let shots = std::env::var_os("BLOG_SCREENSHOTS");
    for (page, selector) in [
        ("math", "math[display=block]"),
        ("diagrams", "figure.diagram-mermaid svg"),
        ("alerts", "blockquote.alert-caution"),
    ] {
        let url = format!("http://127.0.0.1:{port}/post/{page}/");
        for (width, height) in [(1280, 900), (390, 844)] {
            for dark in [false, true] {
                browser.set_viewport(width, height);
                browser.set_dark(dark);
                browser.navigate(&url);
                assert!(
                    browser.wait_for(
                        "document.readyState === 'complete'",
                        Duration::from_secs(10)
                    ),
                    "{url} did not load"
                );
                let size = browser.eval(&format!(
                    "(() => {{ const r = document.querySelector('{selector}').getBoundingClientRect(); \
                     return [r.width, r.height, document.documentElement.scrollWidth]; }})()"
                ));
                let at = format!("{page} at {width}px dark={dark}: {size}");
                assert!(size[0].as_f64().unwrap() > 10.0, "{at}");
                assert!(size[1].as_f64().unwrap() > 10.0, "{at}");
                assert!(
                    size[2].as_f64().unwrap() <= width as f64,
                    "the page scrolls sideways: {at}"
                );
                if let Some(dir) = &shots {
                    let scheme = if dark { "dark" } else { "light" };
                    let name = format!("rich-{page}-{width}-{scheme}.png");
                    browser.screenshot(&Path::new(dir).join(name));
                }
            }
        }
    }
    assert!(browser.js_errors().is_empty(), "{:?}", browser.js_errors());
}
