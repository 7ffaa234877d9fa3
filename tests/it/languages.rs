//! Multilingual sites (issue 14): `[languages]` with file-name (`about.zh.md`) and folder
//! (`contentDir`) translations, per-language titles, params and menus, URLs under `/zh/`,
//! hreflang links, and `defaultContentLanguageInSubdir`, on the fixture `languages`,
//! compared with Hugo (Debian's and the newest).

use std::collections::BTreeMap;
use std::path::Path;

use crate::common::*;

/// Builds the fixture (after `edit`) and returns the temp dir holding it and stderr.
fn built(edit: impl FnOnce(&Path)) -> (tempfile::TempDir, String) {
    let dir = fixture("languages");
    edit(dir.path());
    let out = build_ok(dir.path(), &[]);
    (dir, String::from_utf8_lossy(&out.stderr).to_string())
}

fn in_subdir(root: &Path) {
    let config = std::fs::read_to_string(root.join("config.toml")).unwrap();
    let config = format!("defaultContentLanguageInSubdir = true\n{config}");
    std::fs::write(root.join("config.toml"), config).unwrap();
}

/// Minimal layouts: lists paginate (as the theme does), taxonomy lists do not; every page
/// prints its translations as `lang permalink` lines, as Hugo's `.AllTranslations` gives them.
const LAYOUTS: &[(&str, &str)] = &[
    ("_default/single.html", TRANSLATIONS),
    (
        "_default/list.html",
        "{{ range .Paginator.Pages }}{{ .Title }}{{ end }}|{{ if .Translations }}{{ range .AllTranslations }}{{ .Lang }} {{ .Permalink }}\n{{ end }}{{ end }}",
    ),
    (
        "_default/term.html",
        "{{ range .Paginator.Pages }}{{ .Title }}{{ end }}|{{ if .Translations }}{{ range .AllTranslations }}{{ .Lang }} {{ .Permalink }}\n{{ end }}{{ end }}",
    ),
    (
        "_default/taxonomy.html",
        "{{ .Title }}|{{ if .Translations }}{{ range .AllTranslations }}{{ .Lang }} {{ .Permalink }}\n{{ end }}{{ end }}",
    ),
];

const TRANSLATIONS: &str =
    "|{{ if .Translations }}{{ range .AllTranslations }}{{ .Lang }} {{ .Permalink }}\n{{ end }}{{ end }}";

/// Pages and feeds, without what minimal layouts do not make (the archive, 404) and the
/// `page/1/` redirects, which Hugo versions write for different kinds.
fn comparable(pages: Vec<String>) -> Vec<String> {
    pages
        .into_iter()
        .filter(|f| {
            // Our own pages, which Hugo's minimal layouts do not make: 404, the archive and
            // each language's search page.
            !f.ends_with("404.html")
                && !f.contains("archives/")
                && !f.contains("page/1/")
                && !f.ends_with("search/index.html")
        })
        .collect()
}

fn hugos() -> Vec<std::path::PathBuf> {
    [hugo_debian(), hugo_newest()]
        .into_iter()
        .flatten()
        .collect()
}

#[test]
fn urls_equal_hugos_with_the_default_language_at_the_root_and_in_its_subdir() {
    for subdir in [false, true] {
        for hugo in hugos() {
            let (dir, _) = built(|root| {
                if subdir {
                    in_subdir(root)
                }
            });
            let ours = comparable(pages_of(&dir.path().join("public")));
            let theirs = comparable(pages_of(&hugo_build(&hugo, dir.path(), LAYOUTS)));
            assert_eq!(ours, theirs, "{} (in subdir: {subdir})", hugo.display());
        }
    }
}

/// Each page's hreflang links (`lang permalink`, ours from the default theme's head),
/// for the pages that have translations.
fn our_hreflangs(public: &Path) -> BTreeMap<String, Vec<String>> {
    let mut out = BTreeMap::new();
    for page in pages_of(public)
        .into_iter()
        .filter(|p| p.ends_with(".html"))
    {
        let doc = html(&read(public, &page));
        let langs = select_attr(&doc, "link[rel=alternate][hreflang]", "hreflang");
        let hrefs = select_attr(&doc, "link[rel=alternate][hreflang]", "href");
        if !langs.is_empty() {
            let lines = langs
                .iter()
                .zip(&hrefs)
                .map(|(l, h)| format!("{l} {h}"))
                .collect();
            out.insert(page, lines);
        }
    }
    out
}

fn hugos_translations(public: &Path) -> BTreeMap<String, Vec<String>> {
    let mut out = BTreeMap::new();
    for page in pages_of(public)
        .into_iter()
        .filter(|p| p.ends_with(".html"))
    {
        let text = read(public, &page);
        let Some((_, lines)) = text.split_once('|') else {
            continue;
        };
        let lines: Vec<String> = lines.lines().map(str::to_string).collect();
        if !lines.is_empty() {
            out.insert(page, lines);
        }
    }
    out
}

#[test]
fn hreflang_links_are_hugos_translations() {
    for hugo in hugos() {
        let (dir, _) = built(|_| {});
        let ours = our_hreflangs(&dir.path().join("public"));
        let theirs = hugos_translations(&hugo_build(&hugo, dir.path(), LAYOUTS));
        assert_eq!(ours, theirs, "{}", hugo.display());
    }
    // What the comparison covers: translations by file name, by folder, by
    // translationKey, the home pages, taxonomy lists and terms.
    let (dir, _) = built(|_| {});
    let ours = our_hreflangs(&dir.path().join("public"));
    assert_eq!(
        ours["post/scheduler/index.html"],
        [
            "en https://example.org/post/scheduler/",
            "zh https://example.org/zh/post/diaodu/"
        ]
    );
    assert_eq!(
        ours["zh/about/index.html"],
        [
            "en https://example.org/about/",
            "zh https://example.org/zh/about/"
        ]
    );
    assert!(ours.contains_key("zh/post/informer/index.html"));
    assert_eq!(
        ours["zh/tags/go/index.html"],
        [
            "en https://example.org/tags/go/",
            "zh https://example.org/zh/tags/go/"
        ]
    );
    assert_eq!(
        ours["tags/index.html"],
        [
            "en https://example.org/tags/",
            "zh https://example.org/zh/tags/"
        ]
    );
    assert!(
        !ours.contains_key("tags/k8s/index.html"),
        "a term of one language"
    );
    assert!(ours.contains_key("index.html"));
    assert!(!ours.contains_key("zh/post/only-zh/index.html"));
    assert!(!ours.contains_key("post/only-en.fr/index.html"));
}

#[test]
fn each_language_has_its_title_params_menu_lists_and_feeds() {
    let (dir, _) = built(|_| {});
    let public = dir.path().join("public");
    let zh = html(&read(&public, "zh/index.html"));
    assert_eq!(select_attr(&zh, "html", "lang"), ["zh-CN"]);
    assert_eq!(select_text(&zh, ".site-title"), ["笔记"]);
    assert_eq!(select_attr(&zh, ".site-title", "href"), ["/zh/"]);
    assert_eq!(select_text(&zh, "p.intro"), ["源码笔记"]);
    assert!(select_text(&zh, ".site-nav a").contains(&"关于".to_string()));
    let en = html(&read(&public, "index.html"));
    assert_eq!(select_attr(&en, "html", "lang"), ["en-US"]);
    assert_eq!(select_text(&en, "p.intro"), ["Notes on code"]);
    // The language switcher links a page to its translation, named in its language.
    let about = html(&read(&public, "about/index.html"));
    assert_eq!(
        select_attr(&about, ".site-nav a[hreflang]", "href"),
        ["/zh/about/"]
    );
    assert_eq!(select_text(&about, ".site-nav a[hreflang]"), ["中文"]);
    let term = html(&read(&public, "zh/tags/go/index.html"));
    assert_eq!(
        select_attr(&term, ".site-nav a[hreflang]", "href"),
        ["/tags/go/"]
    );
    // Lists and feeds hold their language's pages only, under its prefix.
    let feed = read(&public, "zh/index.xml");
    assert!(
        feed.contains("https://example.org/zh/post/diaodu/"),
        "{feed}"
    );
    assert!(!feed.contains("https://example.org/post/"), "{feed}");
    assert!(read(&public, "zh/page/2/index.html").contains("/zh/post/only-zh/"));
    assert!(read(&public, "zh/tags/go/index.html").contains("/zh/post/informer/"));
    // A suffix that is not a configured language is part of the name.
    assert!(public.join("post/only-en.fr/index.html").is_file());
    // Hugo's sitemap index, each language's sitemap, and `/en/` back to the root.
    let index = read(&public, "sitemap.xml");
    assert!(index.contains("<sitemapindex"), "{index}");
    assert!(index.contains("<loc>https://example.org/en/sitemap.xml</loc>"));
    assert!(index.contains("<loc>https://example.org/zh/sitemap.xml</loc>"));
    let zh_map = read(&public, "zh/sitemap.xml");
    assert!(
        zh_map.contains("<loc>https://example.org/zh/about/</loc>")
            && !zh_map.contains("<loc>https://example.org/about/</loc>")
    );
    assert!(read(&public, "en/sitemap.xml").contains("https://example.org/about/"));
    assert!(read(&public, "en/index.html").contains("url=https://example.org/\""));
    // Static files are written once, at the root.
    assert!(public.join("css/main.css").is_file() && !public.join("zh/css").exists());
}

#[test]
fn in_its_subdir_the_default_language_moves_under_en_and_the_root_redirects() {
    let (dir, _) = built(in_subdir);
    let public = dir.path().join("public");
    assert!(read(&public, "index.html").contains("url=https://example.org/en/\""));
    assert!(public.join("en/about/index.html").is_file());
    assert!(!public.join("about").exists());
    let about = html(&read(&public, "zh/about/index.html"));
    assert_eq!(
        select_attr(&about, "link[hreflang=en]", "href"),
        ["https://example.org/en/about/"]
    );
}

/// A warm build of several languages compares each language's files under its own folder:
/// nothing is written when nothing changed, and generated files changed by hand are
/// written back, among them the sitemap index and the root redirect that only exist with
/// several languages.
#[test]
fn a_rebuild_of_every_language_writes_back_only_what_changed() {
    let no_change: fn(&Path) = |_| {};
    for (edit, changed) in [
        (
            no_change,
            ["zh/about/index.html", "sitemap.xml", "zh/index.xml"],
        ),
        (
            in_subdir,
            ["en/about/index.html", "index.html", "en/sitemap.xml"],
        ),
    ] {
        let (dir, _) = built(edit);
        let public = dir.path().join("public");
        let snapshot = |public: &Path| -> Vec<(String, Vec<u8>)> {
            list_files(public)
                .into_iter()
                .map(|f| (f.clone(), std::fs::read(public.join(&f)).unwrap()))
                .collect()
        };
        let before = snapshot(&public);
        let out = build_ok(dir.path(), &[]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(stdout.contains("Files written    |    0 ("), "{stdout}");
        for rel in changed {
            let bytes = std::fs::read(public.join(rel)).unwrap();
            std::fs::write(
                public.join(rel),
                crate::build::with_one_byte_changed(&bytes),
            )
            .unwrap();
        }
        let out = build_ok(dir.path(), &[]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(stdout.contains("Files written    |    3 ("), "{stdout}");
        assert!(
            snapshot(&public) == before,
            "the rebuild restored every file"
        );
    }
}

/// Translation tables as Hugo reads them: `[key] other = ".."` and `key = ".."`, plural
/// forms by count, the default language's table as the fallback, nothing for a key no
/// table has.
fn with_i18n(root: &Path) {
    std::fs::create_dir_all(root.join("i18n")).unwrap();
    std::fs::write(
        root.join("i18n/en.toml"),
        "[readMore]\nother = \"Read more\"\n\n[wordCount]\none = \"{{ .Count }} word\"\nother = \"{{ .Count }} words\"\n\n[onlyEn]\nother = \"only in English\"\n\n[mainMenu]\nother = \"Site menu\"\n",
    )
    .unwrap();
    std::fs::write(
        root.join("i18n/zh.toml"),
        "readMore = \"阅读全文\"\nwordCount = \"{{ .Count }} 字\"\nmainMenu = \"主导航\"\n",
    )
    .unwrap();
    for dir in ["content", "content-zh"] {
        std::fs::write(
            root.join(dir).join("strings.md"),
            "---\ntitle: Strings\nlayout: strings\n---\n",
        )
        .unwrap();
    }
    std::fs::create_dir_all(root.join("templates")).unwrap();
    std::fs::write(
        root.join("templates/strings.html"),
        "{{ i18n(key=\"readMore\") }}|{{ T(key=\"wordCount\", count=1) }}|{{ T(key=\"wordCount\", count=5) }}|{{ i18n(key=\"onlyEn\") }}|{{ i18n(key=\"missing\") }}\n",
    )
    .unwrap();
}

#[test]
fn i18n_strings_are_hugos() {
    let (dir, stderr) = built(with_i18n);
    assert!(!stderr.contains("i18n"), "{stderr}");
    let public = dir.path().join("public");
    let ours = ["strings/index.html", "zh/strings/index.html"].map(|p| read(&public, p));
    assert_eq!(
        ours,
        [
            "Read more|1 word|5 words|only in English|\n",
            "阅读全文|1 字|5 字|only in English|\n"
        ]
    );
    let layout = [(
        "_default/strings.html",
        "{{ i18n \"readMore\" }}|{{ T \"wordCount\" 1 }}|{{ T \"wordCount\" 5 }}|{{ i18n \"onlyEn\" }}|{{ i18n \"missing\" }}\n",
    )];
    for hugo in hugos() {
        let out = hugo_build(&hugo, dir.path(), &layout);
        let theirs = ["strings/index.html", "zh/strings/index.html"].map(|p| read(&out, p));
        assert_eq!(ours, theirs, "{}", hugo.display());
    }
}

/// The default theme's fixed strings come from the tables where they have the key, and
/// are the theme's own otherwise.
#[test]
fn the_theme_takes_its_strings_from_i18n() {
    let menu = |public: &Path, page: &str| {
        select_attr(&html(&read(public, page)), "nav.site-nav", "aria-label")
    };
    let (dir, _) = built(with_i18n);
    let public = dir.path().join("public");
    assert_eq!(menu(&public, "index.html"), ["Site menu"]);
    assert_eq!(menu(&public, "zh/index.html"), ["主导航"]);
    let (dir, _) = built(|_| {});
    let public = dir.path().join("public");
    assert_eq!(menu(&public, "index.html"), ["Main menu"]);
    assert_eq!(menu(&public, "zh/index.html"), ["主菜单"]);
}

#[test]
fn a_broken_i18n_file_is_an_error_at_its_line() {
    let dir = fixture("languages");
    std::fs::create_dir_all(dir.path().join("i18n")).unwrap();
    std::fs::write(
        dir.path().join("i18n/zh.yaml"),
        "readMore: 阅读全文\nwordCount: [\n",
    )
    .unwrap();
    let out = run_in(dir.path(), &["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(stderr.contains("i18n/zh.yaml:"), "{stderr}");
    assert!(!dir.path().join("public").exists(), "nothing written");
}

/// An edit to a translated page is not applied incrementally (its title shows in the
/// other language's switcher and hreflang links): the site renders again, and the other
/// language sees the edit.
#[test]
fn editing_a_translation_renders_every_language_again() {
    let rendered = update_matches_full_render("languages", "about.zh.md", |t| {
        t.replace("title: 关于", "title: 关于我们")
    });
    assert_eq!(rendered, None);
    let dir = fixture("languages");
    let path = dir.path().join("content/about.zh.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("title: 关于", "title: 关于我们")).unwrap();
    let files = full_render(dir.path());
    let about = String::from_utf8_lossy(&files[Path::new("about/index.html")]).to_string();
    assert!(about.contains("title=\"关于我们\""), "{about}");
}

/// An edit to a page's text in one language renders that language's outputs only (and
/// the root sitemap index), and equals a full render, wherever the default language is.
#[test]
fn editing_the_text_of_a_page_renders_its_language_only() {
    for subdir in [false, true] {
        let prepare = |root: &Path| {
            if subdir {
                in_subdir(root)
            }
        };
        let rendered = update_of_file_matches_full_render(
            "languages",
            prepare,
            "content-zh/post/informer.md",
            |t| t.replace("是怎样工作的", "如何工作"),
        )
        .expect("an incremental update");
        assert!(
            rendered.contains(&"zh/post/informer/index.html".into()),
            "{rendered:?}"
        );
        assert!(
            rendered
                .iter()
                .all(|p| p.starts_with("zh") || p == Path::new("sitemap.xml")),
            "{rendered:?}"
        );
        let rendered = update_of_file_matches_full_render(
            "languages",
            prepare,
            "content/post/scheduler.md",
            |t| t.replace("How the scheduler works.", "How it schedules."),
        )
        .expect("an incremental update");
        let home = if subdir { "en/" } else { "" };
        assert!(
            rendered.contains(&format!("{home}post/scheduler/index.html").into()),
            "{rendered:?}"
        );
        assert!(
            rendered.contains(&"en/sitemap.xml".into()),
            "the default language's own sitemap: {rendered:?}"
        );
        assert!(
            !rendered.iter().any(|p| p.starts_with("zh")),
            "{rendered:?}"
        );
    }
}

/// Each sitemap URL with translations and its `xhtml:link rel="alternate"` links, as
/// `hreflang href` lines.
fn sitemap_alternates(xml: &str) -> BTreeMap<String, Vec<String>> {
    let attr = |tag: &str, name: &str| {
        let start = tag.find(&format!("{name}=\""))? + name.len() + 2;
        Some(tag[start..].split('"').next()?.to_string())
    };
    let mut out = BTreeMap::new();
    for url in xml.split("<url>").skip(1) {
        let loc = url
            .split("<loc>")
            .nth(1)
            .and_then(|l| l.split("</loc>").next());
        let links: Vec<String> = url
            .split("<xhtml:link")
            .skip(1)
            .filter_map(|tag| Some(format!("{} {}", attr(tag, "hreflang")?, attr(tag, "href")?)))
            .collect();
        if let (Some(loc), false) = (loc, links.is_empty()) {
            out.insert(loc.to_string(), links);
        }
    }
    out
}

/// Each language's sitemap names the translations of every URL as the newest Hugo does
/// (hreflang from `languageCode`, in language order); Debian's Hugo links the same pages.
#[test]
fn sitemaps_name_each_url_translations_as_hugo() {
    let (dir, _) = built(|_| {});
    let public = dir.path().join("public");
    for map in ["en/sitemap.xml", "zh/sitemap.xml"] {
        let ours = read(&public, map);
        assert!(
            ours.contains("xmlns:xhtml=\"http://www.w3.org/1999/xhtml\""),
            "{ours}"
        );
        let ours = sitemap_alternates(&ours);
        assert!(ours.len() >= 7, "{map}: {ours:?}");
        for hugo in hugos() {
            let theirs = sitemap_alternates(&read(&hugo_build(&hugo, dir.path(), LAYOUTS), map));
            if Some(&hugo) == hugo_newest().as_ref() {
                assert_eq!(ours, theirs, "{map} by {}", hugo.display());
            }
            let hrefs = |m: &BTreeMap<String, Vec<String>>| -> BTreeMap<String, Vec<String>> {
                m.iter()
                    .map(|(loc, links)| {
                        let mut hrefs: Vec<String> = links
                            .iter()
                            .map(|l| l.split(' ').nth(1).unwrap().to_string())
                            .collect();
                        hrefs.sort();
                        (loc.clone(), hrefs)
                    })
                    .collect()
            };
            assert_eq!(hrefs(&ours), hrefs(&theirs), "{map} by {}", hugo.display());
        }
    }
    let en = sitemap_alternates(&read(&public, "en/sitemap.xml"));
    assert_eq!(
        en["https://example.org/post/scheduler/"],
        [
            "en-US https://example.org/post/scheduler/",
            "zh-CN https://example.org/zh/post/diaodu/"
        ]
    );
    assert!(!en.contains_key("https://example.org/tags/k8s/"));
}

/// Config menu entries with a `pageRef` link to that page in the menu's language, as both
/// Hugos resolve them; one naming no page keeps its `url`, with a warning.
#[test]
fn menu_page_refs_link_each_language_page_as_hugo() {
    let (dir, stderr) = built(|_| {});
    let public = dir.path().join("public");
    let menu = |page: &str| -> Vec<String> {
        let doc = html(&read(&public, page));
        let names = select_text(&doc, ".site-nav a:not([hreflang])");
        let urls = select_attr(&doc, ".site-nav a:not([hreflang])", "href");
        names
            .iter()
            .zip(&urls)
            .map(|(n, u)| format!("{n}={u}"))
            .collect()
    };
    let ours = [menu("index.html"), menu("zh/index.html")];
    assert_eq!(
        ours[1],
        [
            "关于=/zh/about/",
            "文章=/zh/post/",
            "调度=/zh/post/diaodu/",
            "别处=/elsewhere/"
        ]
    );
    assert_eq!(ours[0], ["About=/about/", "Scheduler=/post/scheduler/"]);
    assert!(
        stderr.contains("pageRef \"/nope\" names no page in language `zh`"),
        "{stderr}"
    );
    let layout = [(
        "index.html",
        "{{ range .Site.Menus.main }}{{ .Name }}={{ .URL }}\n{{ end }}",
    )];
    for hugo in hugos() {
        let (dir, _) = built(|_| {});
        let out = hugo_build(&hugo, dir.path(), &layout);
        let theirs = ["index.html", "zh/index.html"].map(|p| {
            read(&out, p)
                .lines()
                .map(str::to_string)
                .collect::<Vec<_>>()
        });
        assert_eq!(ours, theirs, "{}", hugo.display());
    }
}
