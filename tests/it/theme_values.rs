//! What the theme shows of a Hugo blog as it is found (`tests/fixtures/hugo-theme`): a Hugo
//! theme is run (its Go templates, its static files); an empty theme folder falls back to
//! the built-in theme with a warning; with the built-in theme, the author table, the
//! copyright's entities, code titles and paginated canonical links show as Hugo themes show
//! them; no page of any fixture prints `[object]`.

use crate::common::*;

/// The fixture without its `theme` line: the built-in theme, on a Hugo blog's config.
fn without_theme(dir: &std::path::Path) {
    let config = dir.join("config.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    let kept: Vec<&str> = text.lines().filter(|l| !l.starts_with("theme")).collect();
    std::fs::write(&config, kept.join("\n")).unwrap();
}

#[test]
fn a_hugo_theme_is_run_with_its_static_files() {
    // Until the Hugo binding, a Hugo theme fell back to the built-in theme; now its Go
    // templates render the pages and its static files are copied.
    let dir = fixture("hugo-theme");
    let out = build_ok(dir.path(), &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("the built-in theme is used instead"),
        "{stderr}"
    );
    assert!(
        stderr.contains("content/post/first.md:16: shortcode fancy: themes/whiteplain/layouts/shortcodes/fancy.html is a Hugo (Go template) shortcode"),
        "{stderr}"
    );
    let public = dir.path().join("public");
    let files = list_files(&public);
    assert!(files.contains(&"css/style.css".to_string()), "{files:?}");
    assert!(
        files.contains(&"fonts/whiteplain.woff2".to_string()),
        "{files:?}"
    );
    assert!(!files.contains(&"css/main.css".to_string()), "{files:?}");
    let page = read(&public, "post/first/index.html");
    assert!(
        page.starts_with("<!DOCTYPE html>\n<html><body><article>"),
        "{page}"
    );
    let doc = html(&page);
    assert_eq!(select_text(&doc, "article strong"), ["as is"]);
}

#[test]
fn an_empty_theme_folder_falls_back_to_the_built_in_css_and_js() {
    let dir = fixture("hugo-theme");
    let theme = dir.path().join("themes/whiteplain");
    std::fs::remove_dir_all(&theme).unwrap();
    std::fs::create_dir_all(&theme).unwrap();
    let out = build_ok(dir.path(), &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("theme `whiteplain` is an empty folder (a git submodule that was not cloned? run `git submodule update --init`); the built-in theme is used instead"),
        "{stderr}"
    );
    let public = dir.path().join("public");
    let css = read(&public, "css/main.css");
    assert!(css.contains("figure.code"), "the built-in stylesheet");
    let doc = html(&read(&public, "index.html"));
    assert_eq!(
        select_attr(&doc, "link[rel=stylesheet]", "href")[0],
        "https://example.org/css/main.css"
    );
}

#[test]
fn author_copyright_code_titles_and_canonical_links_show_as_in_hugo_themes() {
    let dir = fixture("hugo-theme");
    without_theme(dir.path());
    build_ok(dir.path(), &[]);
    let public = dir.path().join("public");
    let home = read(&public, "index.html");
    let doc = html(&home);
    assert_eq!(
        select_attr(&doc, "meta[name=author]", "content"),
        ["Jane Doe"]
    );
    assert!(home.contains("<p class=\"copyright\">&copy; 2024 Jane Doe</p>"));
    assert_eq!(select_text(&doc, ".copyright"), ["© 2024 Jane Doe"]);
    assert_eq!(
        select_attr(&doc, ".footer-links a[rel=me]", "href"),
        ["https://github.com/janedoe", "mailto:jane@example.org"]
    );
    let page2 = html(&read(&public, "page/2/index.html"));
    assert_eq!(
        select_attr(&page2, "link[rel=canonical]", "href"),
        ["https://example.org/page/2/"]
    );
    let section2 = html(&read(&public, "post/page/2/index.html"));
    assert_eq!(
        select_attr(&section2, "link[rel=canonical]", "href"),
        ["https://example.org/post/page/2/"]
    );
    // Titles with no source pin are styled like linked ones: each sits in an element.
    let post = html(&read(&public, "post/first/index.html"));
    assert_eq!(
        select_text(&post, "figure.code > figcaption.code-title > span"),
        ["pkg/controller/replicaset/replica_set.go:120", "main.go"]
    );
    let css = read(&public, "css/main.css");
    assert!(css.contains("figcaption.code-title > span"));
}

#[test]
fn no_page_of_any_fixture_prints_object() {
    let fixtures = fixture_path("");
    let mut checked = 0;
    for entry in std::fs::read_dir(&fixtures).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if !fixtures.join(&name).join("config.toml").exists() {
            continue;
        }
        let dir = fixture(&name);
        if !run_in(dir.path(), &["build", "-D"]).status.success() {
            continue;
        }
        for file in list_files(&dir.path().join("public")) {
            if file.ends_with(".html") || file.ends_with(".xml") {
                let text = read(&dir.path().join("public"), &file);
                assert!(!text.contains("[object]"), "{name}: {file} prints [object]");
                checked += 1;
            }
        }
    }
    assert!(checked > 50, "{checked} pages checked");
}

#[test]
fn a_template_that_includes_itself_is_an_error_naming_it() {
    let dir = fixture("hugo-theme");
    without_theme(dir.path());
    let partials = dir.path().join("templates/partials");
    std::fs::create_dir_all(&partials).unwrap();
    std::fs::write(
        partials.join("footer.html"),
        "<footer>\n{% include \"partials/loop.html\" %}</footer>",
    )
    .unwrap();
    std::fs::write(
        partials.join("loop.html"),
        "<div>\n  {% include \"partials/footer.html\" %}\n</div>",
    )
    .unwrap();
    let out = run_in(dir.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1), "an error, not a crash");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("templates/partials/footer.html:2:12: template: template `partials/footer.html` includes itself (partials/footer.html -> partials/loop.html -> partials/footer.html)"),
        "{stderr}"
    );
    assert!(!dir.path().join("public").exists());

    std::fs::write(
        partials.join("loop.html"),
        "{% macro again(n) %}\n{{ self::again(n=n) }}\n{% endmacro again %}",
    )
    .unwrap();
    std::fs::write(partials.join("footer.html"), "<footer></footer>").unwrap();
    let out = run_in(dir.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("templates/partials/loop.html:2:4: template: macro `again` calls itself outside any `if` or `for`"),
        "{stderr}"
    );
}
