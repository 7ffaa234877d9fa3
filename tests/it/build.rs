//! End-to-end tests: `blog build` on the `site` fixture, checked on its output files,
//! HTML and XML.

use std::path::Path;

use crate::common::*;

const SITE_FILES: &[&str] = &[
    ".blog-manifest",
    "2022/07/permalink-pattern/index.html",
    "404.html",
    "about/index.html",
    "archives/index.html",
    "categories/index.html",
    "categories/index.xml",
    "categories/源码/index.html",
    "categories/源码/index.xml",
    "categories/源码/page/1/index.html",
    "css/main.css",
    "custom/place/index.html",
    "files/doc.txt",
    "img/logo.png",
    "index.html",
    "index.xml",
    "js/main.js",
    "notes/index.html",
    "notes/index.xml",
    "notes/page/1/index.html",
    "old/beta/index.html",
    "page/1/index.html",
    "page/2/index.html",
    "page/3/index.html",
    "post/alpha/index.html",
    "post/beta/index.html",
    "post/bundle/diagram.svg",
    "post/bundle/index.html",
    "post/custom-slug/index.html",
    "post/dup-key/index.html",
    "post/gamma-cjk/index.html",
    "post/index.html",
    "post/index.xml",
    "post/nested/deep/index.html",
    "post/nested/index.html",
    "post/nested/index.xml",
    "post/nested/page/1/index.html",
    "post/page/1/index.html",
    "post/page/2/index.html",
    "post/page/3/index.html",
    "robots.txt",
    "sitemap.xml",
    "tags/go/index.html",
    "tags/go/index.xml",
    "tags/go/page/1/index.html",
    "tags/index.html",
    "tags/index.xml",
    "tags/kubernetes/index.html",
    "tags/kubernetes/index.xml",
    "tags/kubernetes/page/1/index.html",
    "tags/源码分析/index.html",
    "tags/源码分析/index.xml",
    "tags/源码分析/page/1/index.html",
];

fn built_site(args: &[&str]) -> tempfile::TempDir {
    let dir = fixture("site");
    build_ok(dir.path(), args);
    dir
}

fn public(dir: &tempfile::TempDir) -> std::path::PathBuf {
    dir.path().join("public")
}

#[test]
fn builds_exactly_the_expected_files() {
    let dir = built_site(&[]);
    let files = list_files(&public(&dir));
    let extra: Vec<_> = files
        .iter()
        .filter(|f| !SITE_FILES.contains(&f.as_str()))
        .collect();
    let missing: Vec<_> = SITE_FILES
        .iter()
        .filter(|f| !files.contains(&f.to_string()))
        .collect();
    // The code stylesheet comes with the highlighter; it is checked in the highlight module.
    // The search index and its assets are checked in the search module.
    let extra: Vec<_> = extra
        .into_iter()
        .filter(|f| *f != "css/syntax.css")
        .filter(|f| !f.starts_with("search/") && !f.contains("/search."))
        .collect();
    assert!(
        extra.is_empty() && missing.is_empty(),
        "extra: {extra:?}\nmissing: {missing:?}"
    );
}

#[test]
fn prints_a_summary_and_warns_about_duplicated_yaml_keys() {
    let dir = fixture("site");
    let out = build_ok(dir.path(), &[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("Pages") && stdout.contains("| ") && stdout.contains(" ms"),
        "{stdout}"
    );
    assert!(
        stdout
            .lines()
            .any(|l| l.contains("Pages") && l.trim_end().ends_with("10")),
        "{stdout}"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("content/post/dup-key.md:4: duplicated key `title`"),
        "{stderr}"
    );
    let doc = html(&read(&public(&dir), "post/dup-key/index.html"));
    assert!(select_text(&doc, "h1")
        .iter()
        .any(|t| t == "Duplicated title wins"));
}

#[test]
fn drafts_future_and_expired_need_their_flags() {
    let dir = built_site(&[]);
    for p in ["post/draft", "post/future", "post/expired"] {
        assert!(!public(&dir).join(p).exists(), "{p} must not be built");
    }
    let dir = built_site(&["-D", "-F", "-E"]);
    for p in ["post/draft", "post/future", "post/expired"] {
        assert!(
            public(&dir).join(p).join("index.html").exists(),
            "{p} must be built with -D -F -E"
        );
    }
    let dir = built_site(&["--buildDrafts"]);
    assert!(public(&dir).join("post/draft/index.html").exists());
    assert!(!public(&dir).join("post/future").exists());
}

#[test]
fn urls_follow_slug_url_permalinks_bundles_and_nesting() {
    let dir = built_site(&[]);
    let p = public(&dir);
    assert!(p.join("post/custom-slug/index.html").exists());
    assert!(p.join("custom/place/index.html").exists());
    assert!(p.join("2022/07/permalink-pattern/index.html").exists());
    assert_eq!(
        read(&p, "post/bundle/diagram.svg"),
        read(dir.path(), "content/post/bundle/diagram.svg")
    );
    let bundle = html(&read(&p, "post/bundle/index.html"));
    assert_eq!(select_attr(&bundle, "article img", "src"), ["diagram.svg"]);
    let nested = html(&read(&p, "post/nested/index.html"));
    assert!(select_text(&nested, "a").iter().any(|t| t == "Deep page"));
    assert_eq!(read(&p, "files/doc.txt"), "plain file\n");
    let page = html(&read(&p, "post/alpha/index.html"));
    assert!(select_attr(&page, "link[rel=canonical]", "href")
        .contains(&"https://example.org/post/alpha/".to_string()));
}

#[test]
fn summaries_more_marker_front_matter_and_cjk_auto() {
    let dir = built_site(&[]);
    let doc = html(&read(&public(&dir), "post/index.html"));
    let all = doc.root_element().html();
    // <!--more--> wins: the intro only.
    assert!(all.contains("Alpha intro paragraph."));
    assert!(!all.contains("Alpha body after the marker."));
    // Front matter summary, rendered as markdown.
    assert!(
        all.contains("Beta\u{2019}s <em>own</em> summary."),
        "front matter summary missing"
    );
    assert!(!all.contains("Beta body text"));
    // Automatic, as Hugo 0.134+: 12 words where each CJK character is one
    // (hasCJKLanguage), to the end of the paragraph in which the 12th falls.
    let list = read(&public(&dir), "post/index.html");
    assert!(
        list.contains("控制器通过监听资源变化来工作。它把对象放入队列，然后逐个处理。这一句不应出现在摘要里。</p>"),
        "CJK summary missing"
    );
    assert!(
        !list.contains("更多内容"),
        "CJK summary went past the paragraph"
    );
    // The page itself has it all.
    let gamma = read(&public(&dir), "post/gamma-cjk/index.html");
    assert!(gamma.contains("这一句不应出现在摘要里"));
}

#[test]
fn read_more_only_when_truncated() {
    let dir = built_site(&[]);
    let doc = html(&read(&public(&dir), "post/page/2/index.html"));
    let text = doc.root_element().html();
    assert!(
        text.contains("Slug body."),
        "short page listed with its whole text"
    );
}

#[test]
fn pagination_of_home_and_sections() {
    let dir = built_site(&[]);
    let p = public(&dir);
    let first = html(&read(&p, "post/index.html"));
    assert!(select_attr(&first, "a", "href").contains(&"/post/page/2/".to_string()));
    let second = html(&read(&p, "post/page/2/index.html"));
    let hrefs = select_attr(&second, "a", "href");
    assert!(
        hrefs.contains(&"/post/".to_string()) && hrefs.contains(&"/post/page/3/".to_string()),
        "{hrefs:?}"
    );
    // Hugo writes /page/1/ as a redirect to the list itself.
    assert!(read(&p, "post/page/1/index.html").contains("https://example.org/post/"));
    // Newest first: beta (2024-02) before alpha (2024-01) on the first pager.
    let titles = read(&p, "post/index.html");
    assert!(
        titles.find("Beta with TOML").unwrap() < titles.find("Alpha: the manual summary").unwrap()
    );
}

#[test]
fn taxonomies_group_terms_as_hugo_does() {
    let dir = built_site(&[]);
    let p = public(&dir);
    // "Go" and "go" are one term.
    let go = html(&read(&p, "tags/go/index.html"));
    let links = select_attr(&go, "a", "href");
    assert!(
        links.contains(&"/post/alpha/".to_string()) && links.contains(&"/post/beta/".to_string()),
        "{links:?}"
    );
    let tags = read(&p, "tags/index.html");
    for t in [
        "/tags/go/",
        "/tags/kubernetes/",
        "/tags/%E6%BA%90%E7%A0%81%E5%88%86%E6%9E%90/",
    ] {
        assert!(tags.contains(t), "{t} not on the tags page");
    }
    let post = html(&read(&p, "post/alpha/index.html"));
    assert!(
        select_attr(&post, "a", "href").contains(&"/categories/%E6%BA%90%E7%A0%81/".to_string())
    );
}

#[test]
fn feeds_and_sitemap_are_valid_xml_with_absolute_urls() {
    let dir = built_site(&[]);
    let p = public(&dir);
    for feed in [
        "index.xml",
        "post/index.xml",
        "tags/go/index.xml",
        "categories/源码/index.xml",
    ] {
        let text = read(&p, feed);
        let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{feed}: {e}"));
        let items: Vec<_> = doc
            .descendants()
            .filter(|n| n.has_tag_name("item"))
            .collect();
        assert!(!items.is_empty(), "{feed} has no items");
        for item in items {
            let link = item
                .children()
                .find(|n| n.has_tag_name("link"))
                .and_then(|n| n.text())
                .unwrap();
            assert!(link.starts_with("https://example.org/"), "{feed}: {link}");
        }
    }
    let go = read(&p, "tags/go/index.xml");
    assert!(go.contains("<link>https://example.org/post/beta/</link>"));
    let sitemap = read(&p, "sitemap.xml");
    let doc = roxmltree::Document::parse(&sitemap).unwrap();
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    assert!(locs.len() >= 10);
    assert!(
        locs.iter().all(|l| l.starts_with("https://example.org/")),
        "{locs:?}"
    );
    assert!(locs.contains(&"https://example.org/post/alpha/"));
    assert!(!locs.iter().any(|l| l.contains("draft")));
    assert!(read(&p, "robots.txt").contains("Sitemap: https://example.org/sitemap.xml"));
}

#[test]
fn aliases_redirect_to_the_page() {
    let dir = built_site(&[]);
    let alias = read(&public(&dir), "old/beta/index.html");
    assert!(alias.contains("http-equiv=\"refresh\""), "{alias}");
    assert!(alias.contains("https://example.org/post/beta/"), "{alias}");
}

#[test]
fn archive_toc_and_neighbours() {
    let dir = built_site(&[]);
    let p = public(&dir);
    let archive = read(&p, "archives/index.html");
    let (y24, y23) = (archive.find("2024").unwrap(), archive.find("2023").unwrap());
    assert!(y24 < y23, "newest year first");
    let gamma = html(&read(&p, "post/gamma-cjk/index.html"));
    let toc = select_attr(&gamma, "nav a[href^='#']", "href");
    assert!(
        toc.contains(&"#第一节-概览".to_string()) && toc.contains(&"#细节".to_string()),
        "{toc:?}"
    );
    assert!(!select_text(&gamma, "h2#第一节-概览").is_empty());
    // Neighbours within the section by date: alpha (2024-01) sits between gamma and beta.
    let alpha = html(&read(&p, "post/alpha/index.html"));
    let hrefs = select_attr(&alpha, "a", "href");
    assert!(
        hrefs.contains(&"/post/beta/".to_string())
            && hrefs.contains(&"/post/gamma-cjk/".to_string()),
        "{hrefs:?}"
    );
}

#[test]
fn menu_and_site_params_reach_templates() {
    let dir = built_site(&[]);
    let doc = html(&read(&public(&dir), "index.html"));
    let menu = select_text(&doc, "nav a");
    let (home, posts) = (
        menu.iter().position(|t| t == "Home"),
        menu.iter().position(|t| t == "Posts"),
    );
    assert!(
        home.is_some() && home < posts,
        "menu sorted by weight: {menu:?}"
    );
}

#[test]
fn base_url_flag_and_subpath() {
    let dir = built_site(&["-b", "https://me.github.io/notes/"]);
    let p = public(&dir);
    let doc = html(&read(&p, "post/index.html"));
    assert!(select_attr(&doc, "a", "href").contains(&"/notes/post/alpha/".to_string()));
    assert!(read(&p, "index.xml").contains("<link>https://me.github.io/notes/post/alpha/</link>"));
    // Every kind of list names itself once under the sub-path, never with the path twice.
    for path in ["", "post/", "tags/", "tags/go/"] {
        let canonical = select_attr(
            &html(&read(&p, &format!("{path}index.html"))),
            "link[rel=canonical]",
            "href",
        );
        assert_eq!(
            canonical,
            vec![format!("https://me.github.io/notes/{path}")]
        );
    }
}

#[test]
fn home_description_falls_back_to_the_site_params() {
    // The fixture's `_index.md` has no description, `[params] description` has one: a home
    // page with an empty meta description would be a page search engines describe themselves.
    let dir = built_site(&[]);
    let home = html(&read(&public(&dir), "index.html"));
    assert_eq!(
        select_attr(&home, "meta[name=description]", "content"),
        vec!["A fixture".to_string()]
    );
}

#[test]
fn two_builds_are_byte_identical() {
    let a = built_site(&[]);
    let b = built_site(&[]);
    let files = list_files(&public(&a));
    assert_eq!(files, list_files(&public(&b)));
    for f in files {
        let (x, y) = (
            std::fs::read(public(&a).join(&f)).unwrap(),
            std::fs::read(public(&b).join(&f)).unwrap(),
        );
        assert!(x == y, "{f} differs between two builds");
    }
}

#[test]
fn rebuild_keeps_what_it_did_not_write_and_removes_stale_pages() {
    let dir = built_site(&[]);
    let p = public(&dir);
    std::fs::create_dir_all(p.join(".git")).unwrap();
    std::fs::write(p.join(".git/HEAD"), "ref: refs/heads/master\n").unwrap();
    std::fs::write(p.join("CNAME"), "notes.example.org\n").unwrap();
    std::fs::write(p.join(".nojekyll"), "").unwrap();
    std::fs::write(p.join("README.md"), "pages repo\n").unwrap();
    std::fs::remove_file(dir.path().join("content/post/slugged.md")).unwrap();
    let out = build_ok(dir.path(), &[]);
    assert!(!p.join("post/custom-slug").exists(), "stale page removed");
    assert_eq!(read(&p, ".git/HEAD"), "ref: refs/heads/master\n");
    assert_eq!(read(&p, "CNAME"), "notes.example.org\n");
    assert!(p.join(".nojekyll").exists() && p.join("README.md").exists());
    // A submodule's .git is a file: kept too.
    std::fs::remove_dir_all(p.join(".git")).unwrap();
    std::fs::write(p.join(".git"), "gitdir: ../.git/modules/public\n").unwrap();
    build_ok(dir.path(), &[]);
    assert_eq!(read(&p, ".git"), "gitdir: ../.git/modules/public\n");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("removed"), "{stdout}");
}

#[test]
fn rebuild_with_no_change_rewrites_nothing() {
    let dir = built_site(&[]);
    let before = std::fs::metadata(public(&dir).join("post/alpha/index.html"))
        .unwrap()
        .modified()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let out = build_ok(dir.path(), &[]);
    let after = std::fs::metadata(public(&dir).join("post/alpha/index.html"))
        .unwrap()
        .modified()
        .unwrap();
    assert_eq!(before, after, "an unchanged page is not rewritten");
    assert!(String::from_utf8_lossy(&out.stdout).contains("Files written    |    0"));
}

/// The same bytes with one changed in the middle: only a comparison of the contents, not
/// of the sizes, tells the two apart.
pub fn with_one_byte_changed(bytes: &[u8]) -> Vec<u8> {
    let mut changed = bytes.to_vec();
    let i = changed.len() / 2;
    changed[i] = if changed[i] == b'x' { b'y' } else { b'x' };
    changed
}

/// A warm build compares each file with the one already there as soon as it renders it and
/// keeps only what differs: generated files changed by hand (a page, a list, the feed, the
/// search index) are written back; everything else is left alone.
#[test]
fn a_rebuild_writes_back_generated_files_changed_by_hand() {
    let dir = built_site(&[]);
    let p = public(&dir);
    // The search files come from the stored index on a warm build, not from rendering.
    let chunk = list_files(&p)
        .into_iter()
        .find(|f| f.starts_with("search/c/"))
        .expect("a term chunk");
    let changed = [
        "post/alpha/index.html",
        "index.xml",
        "tags/index.html",
        "search/index.json",
        chunk.as_str(),
    ];
    let originals: Vec<Vec<u8>> = changed
        .iter()
        .map(|rel| std::fs::read(p.join(rel)).unwrap())
        .collect();
    for (rel, original) in changed.iter().zip(&originals) {
        std::fs::write(p.join(rel), with_one_byte_changed(original)).unwrap();
    }
    let out = build_ok(dir.path(), &[]);
    for (rel, original) in changed.iter().zip(&originals) {
        assert_eq!(&std::fs::read(p.join(rel)).unwrap(), original, "{rel}");
    }
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("Files written    |    5 ("), "{stdout}");
}

#[test]
fn a_site_with_an_empty_config_and_no_theme_builds_with_the_built_in_theme() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("content/post")).unwrap();
    std::fs::write(dir.path().join("config.toml"), "").unwrap();
    std::fs::write(
        dir.path().join("content/post/hello.md"),
        "---\ntitle: Hello\ndate: 2024-01-01\n---\nHi.\n",
    )
    .unwrap();
    build_ok(dir.path(), &[]);
    let p = dir.path().join("public");
    assert!(read(&p, "post/hello/index.html").contains("Hello"));
    assert!(
        p.join("css/main.css").exists(),
        "the built-in theme's stylesheet is copied"
    );
    assert!(read(&p, "index.html").contains("/post/hello/"));
}

// ----- bad input: file, line, column, a non-zero exit, and nothing written -----

/// Builds a good site, breaks it with `edit`, and checks that the build fails with every
/// `expected` text on stderr and leaves public/ exactly as it was.
fn assert_fails_cleanly(edit: impl FnOnce(&Path), expected: &[&str]) -> String {
    let dir = built_site(&[]);
    let p = public(&dir);
    let snapshot: Vec<(String, Vec<u8>)> = list_files(&p)
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(p.join(&f)).unwrap();
            (f, bytes)
        })
        .collect();
    edit(dir.path());
    let out = run_in(dir.path(), &["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(!out.status.success(), "build must fail; stderr:\n{stderr}");
    for e in expected {
        assert!(stderr.contains(e), "stderr lacks {e:?}:\n{stderr}");
    }
    let after: Vec<(String, Vec<u8>)> = list_files(&p)
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(p.join(&f)).unwrap();
            (f, bytes)
        })
        .collect();
    assert!(snapshot == after, "a failed build changed public/");
    stderr
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

#[test]
fn broken_yaml_front_matter_names_file_line_and_column() {
    assert_fails_cleanly(
        |root| {
            write(
                root,
                "content/post/alpha.md",
                "---\ntitle: ok\ntags: [a, b\ndate: 2024-01-01\n---\nbody\n",
            )
        },
        &["content/post/alpha.md:", "front matter", "YAML"],
    );
}

#[test]
fn broken_toml_front_matter_names_file_line_and_column() {
    assert_fails_cleanly(
        |root| {
            write(
                root,
                "content/post/beta.md",
                "+++\ntitle = \"x\"\ndraft = yes\n+++\nbody\n",
            )
        },
        &["content/post/beta.md:3:", "TOML"],
    );
}

#[test]
fn bad_date_names_its_line_and_the_accepted_forms() {
    assert_fails_cleanly(
        |root| {
            write(
                root,
                "content/post/alpha.md",
                "---\ntitle: x\ndate: 2024-13-45\n---\nbody\n",
            )
        },
        &[
            "content/post/alpha.md:3:1",
            "`date`",
            "2024-05-01T10:30:00+08:00",
        ],
    );
}

#[test]
fn several_bad_pages_are_all_reported_in_one_run() {
    assert_fails_cleanly(
        |root| {
            write(
                root,
                "content/post/alpha.md",
                "---\ntitle: x\ndate: never\n---\n",
            );
            write(root, "content/post/beta.md", "+++\ntitle = \n+++\n");
        },
        &[
            "content/post/alpha.md:3",
            "content/post/beta.md:2",
            "2 errors",
        ],
    );
}

#[test]
fn unknown_template_variable_names_template_line_and_column() {
    let stderr = assert_fails_cleanly(
        |root| {
            write(
                root,
                "templates/page.html",
                "<html>\n<body>\n  <h1>{{ page.titel }}</h1>\n</body></html>\n",
            )
        },
        &["templates/page.html:3:10", "page.titel"],
    );
    assert!(stderr.contains("while rendering content/post/"), "{stderr}");
}

#[test]
fn template_syntax_error_names_template_line() {
    assert_fails_cleanly(
        |root| {
            write(
                root,
                "templates/page.html",
                "<html>\n{% if page.title %}\n<h1>x</h1>\n</html>\n",
            )
        },
        &["templates/page.html"],
    );
}

#[test]
fn missing_theme_names_the_theme_and_where_it_looked() {
    assert_fails_cleanly(
        |root| {
            let config = std::fs::read_to_string(root.join("config.toml")).unwrap();
            std::fs::write(
                root.join("config.toml"),
                format!("theme = \"paper\"\n{config}"),
            )
            .unwrap();
        },
        &["theme `paper` not found", "themes/paper"],
    );
}

#[test]
fn broken_config_names_its_line() {
    assert_fails_cleanly(
        |root| {
            let config = std::fs::read_to_string(root.join("config.toml")).unwrap();
            let broken = config.replace("paginate = 3", "paginate = \"ten\"");
            std::fs::write(root.join("config.toml"), broken).unwrap();
        },
        &["config.toml:7:1", "`paginate`", "whole number"],
    );
}

#[test]
fn unreadable_content_file_is_named() {
    assert_fails_cleanly(
        |root| {
            #[cfg(unix)]
            std::os::unix::fs::symlink(
                root.join("nowhere.md"),
                root.join("content/post/dangling.md"),
            )
            .unwrap();
        },
        &["dangling.md"],
    );
}

// ----- the benchmark corpus, and Hugo's page set for it -----

#[test]
fn corpus_builds_every_non_draft_post_at_its_hugo_url() {
    let dir = tempfile::tempdir().unwrap();
    if !gen_corpus(dir.path(), 200, "blog") {
        return;
    }
    build_ok(dir.path(), &[]);
    let mut expected = 0;
    for entry in std::fs::read_dir(dir.path().join("content/post")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let stem = path.file_stem().unwrap().to_string_lossy().to_string();
        let built = dir
            .path()
            .join("public/post")
            .join(&stem)
            .join("index.html")
            .exists();
        if text.contains("\ndraft: true\n") {
            assert!(!built, "draft {stem} was built");
        } else {
            expected += 1;
            assert!(built, "{stem} was not built");
        }
    }
    assert!(expected > 150);
}

#[test]
fn hugo_pages_for_the_corpus_are_a_subset_of_ours() {
    let Ok(version) = std::process::Command::new("hugo").arg("version").output() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have hugo (.ci/run installs it)"
        );
        eprintln!("skipping: no hugo");
        return;
    };
    assert!(version.status.success());
    let hugo_dir = tempfile::tempdir().unwrap();
    let blog_dir = tempfile::tempdir().unwrap();
    if !gen_corpus(hugo_dir.path(), 200, "hugo") || !gen_corpus(blog_dir.path(), 200, "blog") {
        return;
    }
    let out = std::process::Command::new("hugo")
        .args(["--quiet", "-d", "public", "--cacheDir"])
        .arg(hugo_dir.path().join(".hugo-cache"))
        .current_dir(hugo_dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "hugo failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    build_ok(blog_dir.path(), &[]);
    let ours = list_files(&blog_dir.path().join("public"));
    let missing: Vec<String> = list_files(&hugo_dir.path().join("public"))
        .into_iter()
        .filter(|f| !ours.contains(f))
        .collect();
    assert!(
        missing.is_empty(),
        "Hugo makes pages we do not: {missing:?}"
    );
}

// ----- incremental updates (what serve uses): the same bytes as a full build -----

/// The `site` fixture, edited at `rel`, updated incrementally and compared with a full render.
fn assert_update_matches_full_render(rel: &str, edit: impl Fn(&str) -> String) -> Option<usize> {
    update_matches_full_render("site", rel, edit)
}

#[test]
fn updating_a_body_renders_few_files_and_matches_a_full_render() {
    let rendered = assert_update_matches_full_render("post/alpha.md", |t| {
        t.replace("Alpha intro paragraph.", "Alpha intro, edited.")
    })
    .expect("a body edit is incremental");
    assert!(rendered < 30, "rendered {rendered} files for one edit");
}

#[test]
fn updating_a_title_or_date_matches_a_full_render() {
    assert_update_matches_full_render("post/beta.md", |t| {
        t.replace("Beta with TOML", "Beta, renamed")
    })
    .expect("incremental");
    // Moving alpha to the oldest date reorders every list it is in.
    assert_update_matches_full_render("post/alpha.md", |t| t.replace("2024-01-10", "2001-01-01"))
        .expect("incremental");
}

/// A draft edited while drafts are hidden shows nowhere: the update renders nothing, and
/// the site still equals a full render. Publishing it is a full render.
#[test]
fn editing_a_hidden_draft_renders_nothing() {
    assert_eq!(
        assert_update_matches_full_render("post/draft.md", |t| t.replace("Not yet.", "Soon.")),
        Some(0)
    );
    assert_eq!(
        assert_update_matches_full_render("post/draft.md", |t| t
            .replace("draft: true", "draft: false")),
        None
    );
    // A front matter warning on the draft is shown, so it takes the full render.
    assert_eq!(
        assert_update_matches_full_render("post/draft.md", |t| t
            .replace("draft: true", "draft: yes")),
        None
    );
}

#[test]
fn updates_that_change_what_exists_ask_for_a_full_render() {
    assert_eq!(
        assert_update_matches_full_render("post/alpha.md", |t| t
            .replace("[Go, Kubernetes]", "[Go, Rust]")),
        None
    );
    assert_eq!(
        assert_update_matches_full_render("post/alpha.md", |t| t
            .replace("---\ntitle", "---\ndraft: true\ntitle")),
        None
    );
    assert_eq!(
        assert_update_matches_full_render("post/_index.md", |t| t.replace("All Posts", "Posts")),
        None
    );
}
