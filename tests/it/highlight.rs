//! End-to-end tests: highlight. The `highlight` fixture site is built with the real binary
//! and its pages are checked for the code-block HTML contract, the source-title link, the
//! unknown-language warning and the stylesheet's coverage of every class used.

use std::collections::BTreeSet;
use std::path::Path;

use crate::common::{build_ok, fixture, html, read, select_attr, select_text};

const APPS_GO: &str = "https://github.com/kubernetes/kubernetes/blob/v1.16.0/cmd/kube-controller-manager/app/apps.go#L69";

struct Built {
    _dir: tempfile::TempDir,
    stderr: String,
    page: String,
    css: String,
}

fn build() -> Built {
    let dir = fixture("highlight");
    let out = build_ok(dir.path(), &[]);
    let public = dir.path().join("public");
    Built {
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        page: read(&public, "post/code/index.html"),
        css: read(&public, "css/syntax.css"),
        _dir: dir,
    }
}

/// The classes of the first span whose text is exactly `word`, inside figure number `n`.
fn word_class(doc: &scraper::Html, n: usize, word: &str) -> Option<String> {
    let figures = scraper::Selector::parse("figure.code").unwrap();
    let spans = scraper::Selector::parse(".cl span").unwrap();
    let figure = doc.select(&figures).nth(n)?;
    figure
        .select(&spans)
        .find(|e| e.text().collect::<String>() == word)
        .and_then(|e| e.value().attr("class").map(str::to_string))
}

#[test]
fn go_and_rust_keywords_are_classed() {
    let b = build();
    let doc = html(&b.page);
    for word in ["func", "return", "go", "if"] {
        let class = word_class(&doc, 0, word).unwrap_or_else(|| panic!("Go `{word}` unclassed"));
        assert!(class.starts_with("sy-"), "{word}: {class}");
    }
    for word in ["async", "await", "fn", "let", "else"] {
        let class = word_class(&doc, 1, word).unwrap_or_else(|| panic!("Rust `{word}` unclassed"));
        assert!(class.starts_with("sy-"), "{word}: {class}");
    }
}

#[test]
fn source_title_links_to_the_upstream_line() {
    let b = build();
    let doc = html(&b.page);
    assert_eq!(
        select_attr(&doc, "figure.code figcaption.code-title a", "href"),
        [APPS_GO]
    );
    assert_eq!(
        select_text(&doc, "figure.code figcaption.code-title a"),
        ["cmd/kube-controller-manager/app/apps.go:69"]
    );
    let first = select_attr(&doc, "figure.code:nth-of-type(1) .ln", "data-line");
    assert_eq!(first.first().map(String::as_str), Some("69"));
    let code = select_text(&doc, "figure.code code");
    assert!(
        code[0].starts_with("func startReplicaSetController"),
        "{}",
        code[0]
    );
}

#[test]
fn hugo_and_zola_attributes_number_and_mark_lines() {
    let b = build();
    let doc = html(&b.page);
    let hugo = select_attr(&doc, "code.language-go .line.hl .ln", "data-line");
    assert!(
        hugo.starts_with(&["11".to_string(), "13".into(), "14".into()]),
        "{hugo:?}"
    );
    let ids = select_attr(&doc, "span.line", "id");
    let unique: BTreeSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "line ids are unique in the page");
    assert!(ids.contains(&"code-2-L10".to_string()), "{ids:?}");
    assert_eq!(select_text(&doc, "figcaption.code-title")[1], "lib.rs");
    assert!(ids.contains(&"code-3-L3".to_string()), "{ids:?}");
}

#[test]
fn a_comment_that_mentions_a_file_stays_in_the_code() {
    let b = build();
    let doc = html(&b.page);
    let code = select_text(&doc, "figure.code code");
    assert!(
        code.iter()
            .any(|c| c.starts_with("// see foo.go:12 for details")),
        "{code:?}"
    );
}

#[test]
fn unknown_language_is_escaped_and_warned_about() {
    let b = build();
    assert!(
        b.page
            .contains("if a &lt; b &amp;&amp; c &gt; d { print(&quot;&lt;tag&gt;&quot;) }"),
        "unknown language not escaped"
    );
    let doc = html(&b.page);
    assert_eq!(
        select_attr(&doc, "code.language-frobnicate", "class").len(),
        1
    );
    let warning = b
        .stderr
        .lines()
        .find(|l| l.contains("frobnicate"))
        .unwrap_or_else(|| panic!("no warning on stderr:\n{}", b.stderr));
    assert!(warning.contains("code.md:63"), "{warning}");
    assert_eq!(
        b.stderr.lines().filter(|l| l.contains("language")).count(),
        1,
        "aliases, text and indented blocks must not warn:\n{}",
        b.stderr
    );
}

#[test]
fn aliases_are_highlighted() {
    let b = build();
    let doc = html(&b.page);
    for lang in ["golang", "rs", "yml", "console", "sh"] {
        let spans = select_attr(
            &doc,
            &format!("code.language-{lang} span[class^=sy-]"),
            "class",
        );
        assert!(!spans.is_empty(), "{lang} not highlighted");
    }
    assert!(select_attr(&doc, "code.language-text span[class^=sy-]", "class").is_empty());
}

#[test]
fn stylesheet_styles_every_class_in_the_page() {
    let b = build();
    let doc = html(&b.page);
    let all = scraper::Selector::parse("figure.code, figure.code *").unwrap();
    let mut classes = BTreeSet::new();
    for e in doc.select(&all) {
        classes.extend(e.value().classes().map(str::to_string));
    }
    classes.retain(|c| !c.starts_with("language-"));
    assert!(classes.len() > 10, "{classes:?}");
    let (light, dark) = b
        .css
        .split_once("@media (prefers-color-scheme: dark)")
        .expect("a dark section");
    for class in &classes {
        assert!(has_rule(light, class), "`{class}` unstyled in light");
        if class.starts_with("sy-") {
            assert!(has_rule(dark, class), "`{class}` unstyled in dark");
        }
    }
    let doc_head = select_attr(&doc, "link[rel=stylesheet]", "href");
    assert!(
        doc_head.iter().any(|h| h.ends_with("/css/syntax.css")),
        "page links the stylesheet: {doc_head:?}"
    );
}

/// Whether `css` has a selector naming exactly `.class`.
fn has_rule(css: &str, class: &str) -> bool {
    let needle = format!(".{class}");
    css.match_indices(&needle).any(|(i, _)| {
        let next = css[i + needle.len()..].chars().next();
        !matches!(next, Some(c) if c.is_ascii_alphanumeric() || c == '-' || c == '_')
    })
}

#[test]
fn wide_code_scrolls_in_its_block() {
    let b = build();
    assert!(b.css.contains(".code-pre{") && b.css.contains("overflow-x:auto"));
    let long = {
        let dir = Path::new(b._dir.path()).join("public");
        read(&dir, "post/long/index.html")
    };
    let doc = html(&long);
    assert_eq!(select_text(&doc, "figcaption.code-title a").len(), 1);
}
