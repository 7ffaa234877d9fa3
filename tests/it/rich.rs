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
    assert!(page.contains("Prices like $5 are escaped."), "{page}");
    // Hugo's `\(...\)` and `\[...\]` are math on a math page too, markdown kept out.
    assert!(
        annotations.contains(&"a^*=x-b^*".to_string())
            && annotations.contains(&r"\sum_{i=1}^{n} i".to_string()),
        "{annotations:?}"
    );
    assert_eq!(
        select_attr(&doc, "math", "display"),
        ["inline", "block", "inline", "block"]
    );
    assert_eq!(
        select_text(&doc, "code.math-error"),
        [r"\notacommand{x}", r"\alsonotacommand"]
    );
    assert!(
        b.stderr.contains("content/post/math.md:23:"),
        "the line counts the lines of the formulas before it: {}",
        b.stderr
    );
}

/// A formula's plain form is its LaTeX, once: the description made from the summary, the
/// search index and the feeds read `E=mc2E=mc^2` (the MathML's leaves, then the annotation).
#[test]
fn plain_text_holds_each_formula_once() {
    let b = build();
    let page = b.page("post/math/index.html");
    let doc = html(&page);
    let description = select_attr(&doc, "meta[name=description]", "content");
    assert!(
        description[0].starts_with("Inline E=mc^2 and a display formula:"),
        "{description:?}"
    );
    let feed = b.page("index.xml");
    assert!(
        feed.contains("&lt;msup&gt;") && !feed.contains("&lt;annotation"),
        "{feed}"
    );
    let search = std::fs::read_dir(b.dir.path().join("public/search/f"))
        .unwrap()
        .map(|f| std::fs::read_to_string(f.unwrap().path()).unwrap())
        .find(|f| f.contains("\"Formulas\""))
        .expect("the math note is indexed");
    assert!(
        search.contains("Inline E=mc^2 and a display formula:"),
        "{search}"
    );
    assert!(!search.contains("mc2"), "{search}");
}

#[test]
fn dollars_in_a_page_without_math_stay_text() {
    let b = build();
    let page = b.page("post/nomath/index.html");
    assert!(!page.contains("<math"), "{page}");
    assert!(page.contains("It costs $5 and $10 here"), "{page}");
    assert!(
        page.contains("Without math (x) is an escaped (."),
        "`\\(` is a markdown escape, as in Hugo without passthrough: {page}"
    );
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
        select_attr(&doc, ".alert", "class"),
        [
            "alert alert-note",
            "alert alert-tip",
            "alert alert-important",
            "alert alert-warning",
            "alert alert-caution",
            "alert alert-warning",
            "alert alert-note",
            "alert alert-tip",
            "alert alert-caution"
        ]
    );
    assert_eq!(
        select_text(&doc, ".alert .alert-heading"),
        [
            "注意",
            "自定义标题",
            "重要",
            "警告",
            "小心",
            "警告",
            "展开的说明",
            "提示",
            "小心"
        ],
        "Chinese titles for a zh site, and the custom title kept"
    );
    let bodies = select_text(&doc, "blockquote.alert-tip p");
    assert_eq!(
        bodies,
        ["自定义标题", "提示正文。", "提示", "列表里的提示。"]
    );
    assert!(!b.page("post/alerts/index.html").contains("[!"));
}

#[test]
fn foldable_and_nested_alerts() {
    let b = build();
    let doc = html(&b.page("post/alerts/index.html"));
    // `-` folds the alert closed, `+` open; the heading is the summary that toggles it.
    assert_eq!(
        select_attr(&doc, "details.alert", "class"),
        ["alert alert-warning", "alert alert-note"]
    );
    assert_eq!(
        select_attr(&doc, "details.alert[open]", "class"),
        ["alert alert-note"]
    );
    assert_eq!(
        select_text(&doc, "details.alert > summary.alert-heading"),
        ["警告", "展开的说明"]
    );
    assert_eq!(
        select_text(&doc, "details.alert-warning > p"),
        ["折叠的警告。"]
    );
    // In a list item and inside another quote.
    assert_eq!(
        select_text(&doc, "li > blockquote.alert-tip > p:not(.alert-heading)"),
        ["列表里的提示。"]
    );
    assert_eq!(
        select_text(
            &doc,
            "blockquote:not(.alert) > blockquote.alert-caution > p:not(.alert-heading)"
        ),
        ["嵌套的小心。"]
    );
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
    assert_eq!(
        back.len(),
        2,
        "a back-link per reference, as Goldmark: {back:?}"
    );
    assert!(
        back[0].ends_with("fnref:1") && back[1].ends_with("fnref1:1"),
        "{back:?}"
    );
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
                    browser.screenshot_full_page(&Path::new(dir).join(name));
                }
            }
        }
    }
    assert!(browser.js_errors().is_empty(), "{:?}", browser.js_errors());
}

/// Hugo's passthrough delimiters, configured as Hugo's math documentation does
/// (`\[..\]` and `$$..$$` block, `\(..\)` inline): exactly those are math, on every page.
#[test]
fn passthrough_delimiters_are_math_exactly_as_configured() {
    let dir = fixture("rich-hugo");
    let out = build_ok(dir.path(), &["--ignoreCache"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let page = read(&dir.path().join("public"), "post/math/index.html");
    let doc = html(&page);
    assert_eq!(
        our_formulas(&doc),
        [
            ("a^*=x-b^*", false),
            (r"\frac12", true),
            (r"\int_0^1 x\,dx = \frac12", true),
            (r"\sum_{i=1}^{n} i = \frac{n(n+1)}{2}", true),
            (r"\notacommand", false),
            ("r", false),
            ("q_i", false),
        ]
        .map(|(l, d)| (l.to_string(), d))
    );
    // `$` is not a delimiter there; code, an escaped opener and an unclosed one are text.
    assert!(
        page.contains("$5 and $10, and \\(escaped\\) is text."),
        "{page}"
    );
    assert!(page.contains("An unclosed ( opener is text."), "{page}");
    assert!(select_text(&doc, "p code").contains(&r"\(code\)".to_string()));
    // Formulas in a heading are left out of its id, as Hugo leaves them.
    assert_eq!(
        select_attr(&doc, ".post-content h2", "id"),
        ["rate--limits"]
    );
    assert!(
        stderr.contains("content/post/math.md:22:") && stderr.contains("math:"),
        "the warning is at the broken formula's line: {stderr}"
    );
}

/// The formulas of one of our pages in order: the LaTeX of each `<math>` (or of a formula
/// shown as code) and whether it is displayed.
fn our_formulas(doc: &scraper::Html) -> Vec<(String, bool)> {
    let sel = scraper::Selector::parse("math, code.math-error").unwrap();
    let annotation = scraper::Selector::parse("annotation").unwrap();
    doc.select(&sel)
        .map(|e| match e.value().name() {
            "math" => (
                e.select(&annotation)
                    .next()
                    .map(|a| a.text().collect::<String>())
                    .unwrap_or_default(),
                e.value().attr("display") == Some("block"),
            ),
            _ => (e.text().collect(), false),
        })
        .collect()
}

/// Hugo's minimal layouts for the comparison: the content alone, a list of summaries, and
/// the documented alert and passthrough hooks (newer Hugo only; 0.111 ignores them), which
/// mark what Hugo found so it can be compared with our HTML.
const HUGO_LAYOUTS: &[(&str, &str)] = &[
    ("_default/single.html", "<main>{{ .Content }}</main>\n"),
    (
        "_default/list.html",
        "<main>{{ range .Pages }}<article>{{ .Summary }}</article>\n{{ end }}</main>\n",
    ),
    (
        "_default/_markup/render-blockquote.html",
        "{{ if eq .Type \"alert\" }}<blockquote class=\"alert alert-{{ .AlertType }}\" \
         data-sign=\"{{ .AlertSign }}\"><p class=\"alert-heading\">{{ with .AlertTitle }}{{ . }}\
         {{ else }}{{ .AlertType | title }}{{ end }}</p>{{ .Text }}</blockquote>\
         {{ else }}<blockquote>{{ .Text }}</blockquote>{{ end }}\n",
    ),
    (
        "_default/_markup/render-passthrough.html",
        "<span class=\"hugo-math\" data-type=\"{{ .Type }}\">{{ .Inner }}</span>",
    ),
];

/// What the comparison reads from one build's page.
#[derive(Debug, PartialEq)]
struct KeyElements {
    /// (type, title, sign: "", "-" or "+").
    alerts: Vec<(String, String, String)>,
    /// Footnote reference ids, list ids and back-link targets, without the page's prefix.
    footnotes: Vec<String>,
    definitions: Vec<String>,
    typography: Vec<String>,
    /// `tag#id.class` of what carries an attribute block.
    attributes: Vec<String>,
}

fn key_elements(root: &Path, scope: &str) -> KeyElements {
    let doc = |rel: &str| html(&read(root, rel));
    fn within<'d>(doc: &'d scraper::Html, scope: &str, sel: &str) -> Vec<scraper::ElementRef<'d>> {
        let sel = scraper::Selector::parse(&format!("{scope} {sel}")).unwrap();
        doc.select(&sel).collect()
    }
    let text = |e: &scraper::ElementRef| e.text().collect::<String>().trim().to_string();
    let alerts_doc = doc("post/alerts/index.html");
    let heading = scraper::Selector::parse(".alert-heading").unwrap();
    let alerts = within(&alerts_doc, scope, ".alert")
        .iter()
        .map(|e| {
            let v = e.value();
            let kind = v
                .classes()
                .find_map(|c| c.strip_prefix("alert-"))
                .unwrap_or("");
            let sign = match (v.name(), v.attr("open"), v.attr("data-sign")) {
                ("details", Some(_), _) => "+",
                ("details", None, _) => "-",
                (_, _, Some(sign)) => sign,
                _ => "",
            };
            let title = e
                .select(&heading)
                .next()
                .map(|h| text(&h))
                .unwrap_or_default();
            (kind.to_string(), title, sign.to_string())
        })
        .collect();
    let notes_doc = doc("post/notes-b/index.html");
    let unprefixed = |id: &str| {
        let id = id.trim_start_matches('#');
        match id.find("fn") {
            Some(at) => id[at..].to_string(),
            None => id.to_string(),
        }
    };
    let mut footnotes = Vec::new();
    for (sel, attr) in [
        ("sup[id]", "id"),
        ("a.footnote-ref", "href"),
        (".footnotes li", "id"),
        ("a.footnote-backref", "href"),
    ] {
        footnotes.extend(
            within(&notes_doc, scope, sel)
                .iter()
                .filter_map(|e| e.value().attr(attr).map(unprefixed)),
        );
    }
    let markdown_doc = doc("post/markdown/index.html");
    let definitions = within(&markdown_doc, scope, "dl > *")
        .iter()
        .map(|e| format!("{}: {}", e.value().name(), text(e)))
        .collect();
    let typography = within(&markdown_doc, scope, "p")
        .iter()
        .map(text)
        .filter(|t| t.starts_with("Say"))
        .collect();
    let attributes = within(&markdown_doc, scope, "h2.sec, p.lead, table.wide")
        .iter()
        .map(|e| {
            let v = e.value();
            let classes: Vec<_> = v.classes().collect();
            format!(
                "{}#{}.{}",
                v.name(),
                v.attr("id").unwrap_or(""),
                classes.join(".")
            )
        })
        .collect();
    KeyElements {
        alerts,
        footnotes,
        definitions,
        typography,
        attributes,
    }
}

/// Every id on a list page that shows both footnoted notes' summaries, and how often each
/// footnote reference id appears.
fn list_page_ids(root: &Path) -> (Vec<String>, Vec<String>) {
    let doc = html(&read(root, "post/index.html"));
    let ids = select_attr(&doc, "[id]", "id");
    let refs = ids
        .iter()
        .filter(|id| id.contains("fnref"))
        .cloned()
        .collect();
    (ids, refs)
}

/// Builds the `rich-hugo` fixture with Hugo `bin` and returns the output folder (in `dir`).
fn hugo_rich(bin: &Path, dir: &Path, old: bool) -> std::path::PathBuf {
    if old {
        // 0.111 knows neither the footnote table nor its `enableAutoIDPrefix`.
        let config = dir.join("config.toml");
        let text = std::fs::read_to_string(&config).unwrap().replace(
            "[markup.goldmark.extensions.footnote]\nenableAutoIDPrefix = true\n",
            "",
        );
        std::fs::write(&config, text).unwrap();
    }
    crate::common::hugo_build(bin, dir, HUGO_LAYOUTS)
}

/// The same content built by us and by the newest Hugo: the same formulas found (Hugo keeps
/// the LaTeX for a script, we render MathML), the same alerts, footnotes, definition lists,
/// typography and attributes, and no id twice on a list of two footnoted summaries.
#[test]
fn key_elements_match_the_newest_hugo() {
    let Some(hugo) = crate::common::hugo_newest() else {
        return;
    };
    let ours = fixture("rich-hugo");
    build_ok(ours.path(), &["--ignoreCache"]);
    let ours_out = ours.path().join("public");
    let theirs = fixture("rich-hugo");
    let hugo_out = hugo_rich(&hugo, theirs.path(), false);

    let hugo_math = html(&read(&hugo_out, "post/math/index.html"));
    let sel = scraper::Selector::parse(".hugo-math").unwrap();
    let hugo_formulas: Vec<(String, bool)> = hugo_math
        .select(&sel)
        .map(|e| {
            let latex = e.text().collect::<String>().trim().to_string();
            (latex, e.value().attr("data-type") == Some("block"))
        })
        .collect();
    let our_math = html(&read(&ours_out, "post/math/index.html"));
    assert_eq!(our_formulas(&our_math), hugo_formulas);

    let mine = key_elements(&ours_out, ".post-content");
    let hugo_keys = key_elements(&hugo_out, "main");
    assert_eq!(mine, hugo_keys);
    assert_eq!(mine.alerts.len(), 6, "{:?}", mine.alerts);

    for out in [&ours_out, &hugo_out] {
        let (ids, refs) = list_page_ids(out);
        assert_eq!(refs.len(), 4, "both notes' references: {refs:?}");
        let mut unique = ids.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(
            unique.len(),
            ids.len(),
            "an id twice in {}: {ids:?}",
            out.display()
        );
    }
}

/// Debian's Hugo 0.111 has neither passthrough nor alert hooks, nor footnote id prefixes:
/// what it shares with us is compared (footnotes on a page, definition lists, typography,
/// attributes).
#[test]
fn key_elements_match_debians_hugo() {
    let Some(hugo) = crate::common::hugo_debian() else {
        return;
    };
    let ours = fixture("rich-hugo");
    build_ok(ours.path(), &["--ignoreCache"]);
    let theirs = fixture("rich-hugo");
    let hugo_out = hugo_rich(&hugo, theirs.path(), true);
    let mine = key_elements(&ours.path().join("public"), ".post-content");
    let hugo_keys = key_elements(&hugo_out, "main");
    assert!(hugo_keys.alerts.is_empty(), "0.111 has no alerts");
    assert_eq!(
        KeyElements {
            alerts: Vec::new(),
            ..mine
        },
        hugo_keys
    );
}
