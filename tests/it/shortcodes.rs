//! Shortcodes: Hugo's built-ins, the writer's tera shortcodes and the ones that cannot run,
//! built end to end from `tests/fixtures/shortcodes`; the built-ins compared with what both
//! Hugos make of `tests/fixtures/shortcodes-hugo`; the limits on calls and nesting.

use std::path::Path;

use crate::common::*;

fn built() -> (tempfile::TempDir, String) {
    let dir = fixture("shortcodes");
    let out = build_ok(dir.path(), &[]);
    (dir, String::from_utf8_lossy(&out.stderr).into_owned())
}

fn page(dir: &Path, rel: &str) -> scraper::Html {
    html(&read(&dir.join("public"), rel))
}

#[test]
fn built_ins_render_as_hugo_writes_them() {
    let (dir, _) = built();
    let doc = page(dir.path(), "post/figures/index.html");
    assert_eq!(
        select_attr(&doc, ".post-content figure > a > img", "src"),
        ["/img/a.png"]
    );
    assert_eq!(select_attr(&doc, "figure img", "alt"), ["loop"]);
    assert_eq!(select_attr(&doc, "figure img", "width"), ["640"]);
    assert_eq!(select_text(&doc, "figure figcaption h4"), ["A figure"]);
    assert_eq!(select_text(&doc, "figcaption p em"), ["scheduler"]);
    let links = select_attr(&doc, ".post-content p a", "href");
    assert!(links.contains(&"https://example.org/post/other/".to_string()));
    assert!(links.contains(&"/post/other/#setup".to_string()));
    let prose = select_text(&doc, ".post-content p").join("\n");
    assert!(prose.contains("The project is kubelet and the motto is Read the source."));
    // highlight: our highlighter, Hugo's options.
    assert_eq!(
        select_attr(&doc, "code.language-go .line.hl .ln", "data-line"),
        ["11"]
    );
    assert_eq!(
        select_text(&doc, ".post-content code:not([class])"),
        ["{{< figure src=\"x.png\" >}}"]
    );
    // Inside a list item, the block stays in the item, its code without the item's indent.
    assert_eq!(select_text(&doc, "ol > li > figure.code code"), ["step()"]);
    assert_eq!(select_text(&doc, "ol > li").len(), 2);

    let other = page(dir.path(), "post/other/index.html");
    assert_eq!(
        select_text(&other, "details[open] > summary strong"),
        ["detail"]
    );
    assert_eq!(select_text(&other, "details h3"), ["Hidden heading"]);
    assert_eq!(select_text(&other, "details code.language-go").len(), 1);
    assert_eq!(
        select_attr(&other, "iframe", "src"),
        [
            "https://www.youtube-nocookie.com/embed/w7Ft2ymGmfc",
            "https://player.vimeo.com/video/146022717?dnt=1"
        ]
    );
    assert_eq!(
        select_attr(&other, "p.embed a", "href"),
        [
            "https://gist.github.com/spf13/7896402",
            "https://x.com/SanDiegoZoo/status/1453110110599868418",
            "https://www.instagram.com/p/CxOWiQNP2MO/"
        ]
    );
    // A block shortcode on its own line is not wrapped in a paragraph.
    assert!(select_text(&other, "p > div.video").is_empty());
}

#[test]
fn custom_shortcodes_see_args_inner_page_site_and_ordinal() {
    let (dir, _) = built();
    let doc = page(dir.path(), "post/other/index.html");
    let sel = scraper::Selector::parse("aside.note").unwrap();
    let notes: Vec<_> = doc.select(&sel).collect();
    assert_eq!(notes.len(), 2);
    let first = notes[0].value();
    assert_eq!(first.attr("class"), Some("note note-warn"));
    assert_eq!(first.attr("data-page"), Some("Other"));
    assert_eq!(first.attr("data-site"), Some("Shortcodes"));
    assert_eq!(notes[1].value().attr("class"), Some("note note-info"));
    assert_ne!(
        first.attr("data-ordinal"),
        notes[1].value().attr("data-ordinal")
    );
    // `inner_html` is the inner markdown rendered, nested shortcodes expanded.
    assert_eq!(select_text(&doc, "aside.note-warn strong"), ["custom"]);
    assert!(select_text(&doc, "aside.note-warn p")[0].contains("https://example.org/post/figures/"));
}

#[test]
fn shortcodes_that_cannot_run_warn_and_show_their_inner_text() {
    let (dir, stderr) = built();
    assert!(
        stderr.contains("content/post/figures.md:23: shortcode unknownthing: unknown shortcode; write templates/shortcodes/unknownthing.html"),
        "{stderr}"
    );
    assert!(
        stderr.contains("content/post/figures.md:25: shortcode hugoonly: layouts/shortcodes/hugoonly.html is a Hugo (Go template) shortcode"),
        "{stderr}"
    );
    // Lines after a multi-line shortcode stay right: the fence is on line 32.
    assert!(
        stderr.contains("content/post/other.md:32: unknown code language `nolang`"),
        "{stderr}"
    );
    let doc = page(dir.path(), "post/figures/index.html");
    assert_eq!(select_text(&doc, ".post-content p strong"), ["unknown"]);
    for file in list_files(&dir.path().join("public")) {
        if file.ends_with(".html") || file.ends_with(".xml") {
            let text = read(&dir.path().join("public"), &file);
            for needle in ["{{< unknownthing", "{{< hugoonly", "{{<", "BLOGSHORTCODE"] {
                let allowed = needle == "{{<" && file == "post/figures/index.html";
                assert!(allowed || !text.contains(needle), "{file} shows {needle}");
            }
        }
    }
}

#[test]
fn summaries_feeds_toc_and_word_counts_see_the_expanded_content() {
    let (dir, _) = built();
    let public = dir.path().join("public");
    let home = html(&read(&public, "index.html"));
    // The bundle's summary shows its figure; the image is found from any list page.
    let srcs = select_attr(&home, "figure img", "src");
    assert!(
        srcs.contains(&"https://example.org/post/bundle/diagram.png".to_string()),
        "{srcs:?}"
    );
    let feed = read(&public, "index.xml");
    assert!(
        feed.contains("https://example.org/post/bundle/diagram.png"),
        "{feed}"
    );
    assert!(!feed.contains("BLOGSHORTCODE"));
    // The figure's caption counts ("Bundle image" and "Summary text here."), its
    // placeholder does not.
    let bundle = page(dir.path(), "post/bundle/index.html");
    assert_eq!(select_text(&bundle, ".word-count"), ["5 words"]);
    // The TOC lists the heading inside `details`.
    let other = page(dir.path(), "post/other/index.html");
    assert_eq!(
        select_text(&other, "nav.toc-body a"),
        ["Setup", "Hidden heading"]
    );
    // Words inside `details` are counted.
    let words: usize = select_text(&other, ".word-count")[0]
        .split_whitespace()
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(words >= 20, "{words}");
}

#[test]
fn a_ref_to_a_missing_page_stops_the_build_at_its_line() {
    let dir = fixture("shortcodes");
    std::fs::write(
        dir.path().join("content/post/broken.md"),
        "---\ntitle: Broken\n---\nfirst\n\nsee [x]({{< ref \"nowhere.md\" >}})\n",
    )
    .unwrap();
    let out = run_in(dir.path(), &["build"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("content/post/broken.md:6: shortcode ref: page \"nowhere.md\" not found"),
        "{stderr}"
    );
    assert!(!dir.path().join("public").exists(), "nothing is written");
}

#[test]
fn limits_on_calls_and_nesting_are_errors_naming_the_line() {
    let dir = fixture("shortcodes");
    let deep = "{{< note >}}\n".repeat(40);
    std::fs::write(
        dir.path().join("content/post/deep.md"),
        format!("---\ntitle: Deep\n---\n{deep}"),
    )
    .unwrap();
    let out = run_in(dir.path(), &["build"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("content/post/deep.md:36: shortcode note: nested deeper than 32 shortcodes (the nesting limit)"),
        "{stderr}"
    );
    std::fs::remove_file(dir.path().join("content/post/deep.md")).unwrap();
    let long = format!(
        "---\ntitle: Long\n---\ntext\n{{{{< figure caption=\"{}",
        "x".repeat(200_000)
    );
    std::fs::write(dir.path().join("content/post/long.md"), long).unwrap();
    let started = std::time::Instant::now();
    let out = run_in(dir.path(), &["build"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("content/post/long.md:5: shortcode figure: no `>}}` within 65536 bytes (the longest call read)"),
        "{stderr}"
    );
    assert!(started.elapsed().as_secs() < 10);
}

// ----- the same content built by Hugo -----

/// Builds the fixture with `hugo` and layouts that print only `.Content`.
fn hugo_build(hugo: &Path) -> tempfile::TempDir {
    let dir = fixture("shortcodes-hugo");
    let layouts = dir.path().join("layouts/_default");
    std::fs::create_dir_all(&layouts).unwrap();
    std::fs::write(layouts.join("single.html"), "{{ .Content }}").unwrap();
    std::fs::write(
        layouts.join("list.html"),
        "{{ range .Pages }}{{ .Title }}{{ end }}",
    )
    .unwrap();
    let out = std::process::Command::new(hugo)
        .args(["--quiet", "-d", "public", "--cacheDir"])
        .arg(dir.path().join(".hugo-cache"))
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{} failed: {}",
        hugo.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    dir
}

/// The key elements of a built-in's output, scoped to the page's content.
fn key_elements(doc: &scraper::Html, scope: &str) -> Vec<Vec<String>> {
    let s = |sel: &str| format!("{scope} {sel}");
    vec![
        select_attr(doc, &s("figure img"), "src"),
        select_attr(doc, &s("figure img"), "alt"),
        select_attr(doc, &s("figure > a"), "href"),
        select_text(doc, &s("figure figcaption h4")),
        select_text(doc, &s("figure figcaption p")),
        select_attr(doc, &s("p a"), "href"),
        select_text(doc, &s(".line.hl"))
            .into_iter()
            .map(|t| t.trim().to_string())
            .collect(),
        select_text(doc, &s("p code")),
    ]
}

#[test]
fn built_ins_match_hugo() {
    let ours = fixture("shortcodes-hugo");
    build_ok(ours.path(), &[]);
    for hugo in [hugo_debian(), hugo_newest()].into_iter().flatten() {
        let theirs = hugo_build(&hugo);
        for rel in [
            "post/a/index.html",
            "post/b/index.html",
            "post/bundle/index.html",
        ] {
            let mine = html(&read(&ours.path().join("public"), rel));
            let hugo_doc = html(&read(&theirs.path().join("public"), rel));
            if rel == "post/a/index.html" {
                let keys = key_elements(&hugo_doc, ":root");
                assert!(keys.iter().all(|k| !k.is_empty()), "{keys:?}");
            }
            assert_eq!(
                key_elements(&mine, ".post-content"),
                key_elements(&hugo_doc, ":root"),
                "{rel} differs from {}",
                hugo.display()
            );
        }
    }
}
