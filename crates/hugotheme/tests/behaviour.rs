//! Partials, base templates, `return`, `partialCached`, inline partials, `templates.Exists`,
//! errors and warnings, on small layouts written to a temp dir.

use std::fs;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use gotemplate::Value;
use hugotheme::{
    Error, Generation, HostFunction, LayoutsDir, NoSite, Options, PageQuery, SiteHost, Store,
};

fn store_with(files: &[(&str, &str)], generation: Generation, host: &dyn SiteHost) -> Store {
    let tmp = tempfile::tempdir().unwrap();
    for (p, text) in files {
        let full = tmp.path().join(p);
        fs::create_dir_all(full.parent().unwrap()).unwrap();
        fs::write(full, text).unwrap();
    }
    let dirs = vec![
        LayoutsDir {
            dir: tmp.path().join("layouts"),
            label: "layouts".into(),
        },
        LayoutsDir {
            dir: tmp.path().join("themes/t/layouts"),
            label: "themes/t/layouts".into(),
        },
    ];
    let opts = Options {
        generation,
        languages: vec!["en".into(), "fr".into()],
        ..Options::default()
    };
    Store::load(&dirs, opts, host)
}

fn store(files: &[(&str, &str)]) -> Store {
    store_with(files, Generation::Current, &NoSite)
}

fn page(kind: &str, path: &str) -> PageQuery {
    PageQuery {
        kind: kind.into(),
        path: path.into(),
        section: path
            .trim_start_matches('/')
            .split('/')
            .next()
            .unwrap()
            .into(),
        output_format: "html".into(),
        lang: "en".into(),
        ..PageQuery::default()
    }
}

fn render(s: &Store, kind: &str, path: &str, data: &Value) -> String {
    let r = s.lookup_page(&page(kind, path)).expect("a template");
    s.execute(r, data).unwrap()
}

#[test]
fn baseof_blocks_are_filled_by_the_layout_and_default_otherwise() {
    let s = store(&[
        (
            "themes/t/layouts/_default/baseof.html",
            r#"<{{ block "title" . }}T{{ end }}|{{ block "main" . }}M{{ end }}>"#,
        ),
        (
            "themes/t/layouts/_default/single.html",
            r#"{{ define "main" }}single {{ . }}{{ end }}"#,
        ),
        (
            "layouts/_default/list.html",
            r#"{{ define "title" }}L{{ end }}"#,
        ),
    ]);
    assert_eq!(
        render(&s, "page", "/posts/a", &Value::str("x")),
        "<T|single x>"
    );
    assert_eq!(render(&s, "section", "/posts", &Value::Nil), "<L|M>");
}

#[test]
fn the_project_overrides_a_theme_file_of_the_same_path() {
    let s = store(&[
        ("themes/t/layouts/partials/head.html", "theme head"),
        ("layouts/partials/head.html", "site head"),
        (
            "themes/t/layouts/_default/single.html",
            r#"[{{ partial "head.html" . }}]"#,
        ),
    ]);
    assert_eq!(render(&s, "page", "/a", &Value::Nil), "[site head]");
}

#[test]
fn partials_return_values_and_nest() {
    let s = store(&[
        (
            "layouts/partials/double.html",
            "ignored {{ return (mul . 2) }}",
        ),
        (
            "layouts/_partials/wrap.html",
            r#"<{{ partial "double" . }}>"#,
        ),
        (
            "layouts/page.html",
            r#"{{ $x := partial "double.html" 21 }}{{ printf "%T %v" $x $x }} {{ partial "wrap" 4 }} {{ partials.Include "partials/wrap.html" 1 }}"#,
        ),
    ]);
    assert_eq!(render(&s, "page", "/a", &Value::Nil), "int 42 <8> <2>");
}

/// Hugo's `return` takes the rest of the action as its value: the documented
/// `{{ return math.ModBool . 2 }}` and hugo-book's `{{ return or (i18n .) . }}` call a function
/// there, which Go's parse alone would call with no arguments.
#[test]
fn return_takes_the_rest_of_the_action_as_its_value() {
    let s = store(&[
        (
            "layouts/_partials/is-even.html",
            "{{ return math.ModBool . 2 }}",
        ),
        // hugo-book's partial whose name is also a page kind.
        ("layouts/_partials/links/home.html", r#"{{ return "/" }}"#),
        (
            "layouts/_partials/or.html",
            r#"{{- return or .missing "fallback" -}}"#,
        ),
        (
            "layouts/_partials/piped.html",
            r#"{{ if . }}{{ return printf "%d!" . | upper }}{{ end }}{{ return "none" }}"#,
        ),
        (
            "layouts/page.html",
            r#"{{ if partial "is-even.html" 42 }}42 is even{{ else }}42 is odd{{ end }} {{ partial "is-even.html" 7 }} {{ partial "or.html" dict }} {{ partial "piped.html" 3 }} {{ partial "piped.html" 0 }} {{ partial "links/home" . }}"#,
        ),
    ]);
    assert_eq!(
        render(&s, "page", "/a", &Value::Nil),
        "42 is even false fallback 3! none /"
    );
}

#[test]
fn partial_cached_runs_once_per_variant() {
    let calls = Arc::new(AtomicUsize::new(0));
    struct Counting(Arc<AtomicUsize>);
    impl SiteHost for Counting {
        fn env(&self) -> Arc<hugofuncs::Env> {
            Arc::new(hugofuncs::Env::default())
        }
        fn functions(&self) -> Vec<(String, HostFunction)> {
            let c = self.0.clone();
            let f: HostFunction = Arc::new(move |_: &[Value]| {
                Ok(Value::Int(c.fetch_add(1, Ordering::SeqCst) as i64))
            });
            vec![("count".into(), f)]
        }
    }
    let host = Counting(calls.clone());
    let s = store_with(
        &[
            ("layouts/partials/n.html", "{{ count }}"),
            (
                "layouts/page.html",
                r#"{{ partialCached "n.html" . }}{{ partialCached "n.html" . }}{{ partialCached "n.html" . "v" }}{{ partialCached "n.html" . "v" }}{{ partial "n.html" . }}"#,
            ),
        ],
        Generation::Current,
        &host,
    );
    assert_eq!(render(&s, "page", "/a", &Value::Nil), "00112");
    assert_eq!(calls.load(Ordering::SeqCst), 3);
}

#[test]
fn inline_partials_and_templates_exists() {
    let s = store(&[
        (
            "layouts/_default/baseof.html",
            r#"{{ block "main" . }}{{ end }}{{ define "partials/inline.html" }}inline {{ . }}{{ end }}"#,
        ),
        (
            "layouts/_default/single.html",
            r#"{{ define "main" }}{{ partial "inline.html" 1 }} {{ partial "local" 2 }} {{ templates.Exists "partials/inline.html" }} {{ templates.Exists "partials/nope.html" }} {{ templates.Exists "_default/single.html" }}{{ end }}{{ define "_partials/local" }}local {{ . }}{{ end }}"#,
        ),
    ]);
    assert_eq!(
        render(&s, "page", "/a", &Value::Nil),
        "inline 1 local 2 true false true"
    );
}

#[test]
fn classic_generation_names_and_partials() {
    let s = store_with(
        &[
            ("layouts/partials/p.html", "P"),
            (
                "layouts/_default/single.html",
                r#"{{ partial "p.html" . }}{{ partial "p" . }}"#,
            ),
            ("layouts/page.html", "new-style page, unknown to 0.111"),
        ],
        Generation::Classic,
        &NoSite,
    );
    assert_eq!(render(&s, "page", "/a", &Value::Nil), "PP");
    let r = s.lookup_page(&page("page", "/a")).unwrap();
    assert_eq!(s.file(r.template).display, "layouts/_default/single.html");
}

#[test]
fn embedded_templates_are_there_and_overridable() {
    let s = store(&[(
        "layouts/page.html",
        r#"{{ templates.Exists "_internal/opengraph.html" }} {{ templates.Exists "partials/pagination.html" }}"#,
    )]);
    assert_eq!(render(&s, "page", "/a", &Value::Nil), "true true");
    let rss = s
        .lookup_page(&PageQuery {
            output_format: "rss".into(),
            ..page("home", "/")
        })
        .unwrap();
    assert!(s.file(rss.template).embedded);
    let s = store(&[("layouts/partials/opengraph.html", "mine")]);
    let i = s.lookup_partial("opengraph.html").unwrap();
    assert_eq!(s.file(i).display, "layouts/partials/opengraph.html");
}

#[test]
fn parse_errors_name_the_theme_file_line_and_column() {
    let s = store(&[
        ("themes/t/layouts/_default/single.html", "ok\n{{ if }}"),
        ("layouts/_default/list.html", "fine"),
    ]);
    assert_eq!(s.errors().len(), 1);
    assert!(
        matches!(&s.errors()[0], Error::Parse { file, line: 2, .. } if file == "themes/t/layouts/_default/single.html"),
        "{:?}",
        s.errors()
    );
    assert_eq!(render(&s, "section", "/x", &Value::Nil), "fine");
}

#[test]
fn execute_errors_name_the_file_line_and_column() {
    let s = store(&[
        (
            "themes/t/layouts/partials/bad.html",
            "line one\n  {{ index 1 2 }}",
        ),
        ("layouts/page.html", r#"{{ partial "bad.html" . }}"#),
    ]);
    let r = s.lookup_page(&page("page", "/a")).unwrap();
    let e = s.execute(r, &Value::Nil).unwrap_err();
    assert!(matches!(e, Error::Execute { .. }), "{e:?}");
    assert!(
        e.to_string()
            .contains("themes/t/layouts/partials/bad.html:2:5"),
        "{e}"
    );
}

#[test]
fn unknown_functions_warn_and_yield_nothing() {
    let s = store(&[(
        "layouts/page.html",
        "a nosuchfunc\n[{{ nosuchfunc 1 }}]{{ if nosuchfunc }}x{{ end }}[{{ strings.NoSuch 1 }}]",
    )]);
    assert!(s.errors().is_empty(), "{:?}", s.errors());
    assert_eq!(render(&s, "page", "/a", &Value::Nil), "a nosuchfunc\n[][]");
    let w = s.warnings();
    assert!(
        w.iter().any(|w| w.file == "layouts/page.html"
            && w.line == 2
            && w.message.contains("nosuchfunc")),
        "{w:?}"
    );
    assert!(
        w.iter().any(|w| w.message.contains("strings.NoSuch")),
        "{w:?}"
    );
}

#[test]
fn runaway_partial_recursion_is_an_error() {
    let s = store(&[
        (
            "layouts/partials/loop.html",
            r#"{{ partial "loop.html" . }}"#,
        ),
        ("layouts/page.html", r#"{{ partial "loop.html" . }}"#),
    ]);
    let r = s.lookup_page(&page("page", "/a")).unwrap();
    let handle = std::thread::Builder::new()
        .stack_size(8 << 20)
        .spawn(move || s.execute(r, &Value::Nil))
        .unwrap();
    assert!(handle.join().unwrap().is_err());
}

#[test]
fn shortcodes_and_hooks_execute() {
    let s = store(&[
        ("layouts/shortcodes/hi.html", "hi {{ . }}"),
        ("layouts/_markup/render-link.html", "L{{ . }}"),
    ]);
    let q = page("page", "/posts/a");
    let sc = s.lookup_shortcode("hi", &q, false).unwrap();
    assert_eq!(s.execute_template(sc, &Value::str("x")).unwrap(), "hi x");
    assert!(matches!(
        s.lookup_shortcode("nope", &q, false),
        Err(Error::NotFound { .. })
    ));
    let h = s.lookup_hook("link", "", &q).unwrap();
    assert_eq!(s.execute_template(h, &Value::Int(1)).unwrap(), "L1");
    assert!(s.lookup_hook("image", "", &q).is_none());
}

#[test]
fn long_else_if_chains_parse_and_run_on_a_small_stack() {
    // PaperMod's svg.html chains 147 `else if`s, with the engine's default limits.
    let mut text = String::from("{{ if eq . 0 }}zero");
    for i in 1..250 {
        text.push_str(&format!("{{{{ else if eq . {i} }}}}n{i}"));
    }
    text.push_str("{{ end }}");
    let handle = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || {
            let s = store(&[("layouts/page.html", &text)]);
            assert!(s.errors().is_empty(), "{:?}", s.errors());
            render(&s, "page", "/a", &Value::Int(249))
        })
        .unwrap();
    assert_eq!(handle.join().unwrap(), "n249");
}

#[test]
fn content_views_and_alias_templates() {
    for generation in [Generation::Current, Generation::Classic] {
        let s = store_with(
            &[
                ("themes/t/layouts/_default/summary.html", "default summary"),
                ("themes/t/layouts/posts/summary.html", "posts summary"),
                ("themes/t/layouts/_default/single.html", "single"),
            ],
            generation,
            &NoSite,
        );
        let view = |path: &str, name: &str| {
            s.lookup_view(&page("page", path), name)
                .map(|i| s.file(i).display.clone())
        };
        assert_eq!(
            view("/posts/a", "summary").as_deref(),
            Some("themes/t/layouts/posts/summary.html"),
            "{generation:?}"
        );
        assert_eq!(
            view("/notes/a", "summary").as_deref(),
            Some("themes/t/layouts/_default/summary.html"),
            "{generation:?}"
        );
        assert_eq!(view("/notes/a", "li"), None, "{generation:?}");
        assert!(s.file(s.lookup_alias().unwrap()).embedded, "{generation:?}");
    }
    let s = store(&[("layouts/alias.html", "mine")]);
    assert_eq!(
        s.file(s.lookup_alias().unwrap()).display,
        "layouts/alias.html"
    );
}

#[test]
fn host_functions_see_the_page_being_rendered() {
    struct PageLang;
    impl SiteHost for PageLang {
        fn env(&self) -> Arc<hugofuncs::Env> {
            Arc::new(hugofuncs::Env::default())
        }
        fn functions(&self) -> Vec<(String, HostFunction)> {
            let f: HostFunction = Arc::new(|_: &[Value]| {
                let user = hugotheme::current_user();
                let lang = user
                    .as_ref()
                    .and_then(|u| u.downcast_ref::<String>())
                    .cloned();
                Ok(Value::from(lang.unwrap_or_else(|| "none".into()).as_str()))
            });
            vec![("site.Lang".into(), f)]
        }
    }
    let s = store_with(
        &[
            ("layouts/partials/l.html", "{{ site.Lang }}"),
            (
                "layouts/page.html",
                r#"{{ site.Lang }}/{{ partial "l.html" . }}"#,
            ),
        ],
        Generation::Current,
        &PageLang,
    );
    let r = s.lookup_page(&page("page", "/a")).unwrap();
    let fr: Arc<dyn std::any::Any + Send + Sync> = Arc::new(String::from("fr"));
    assert_eq!(s.execute_with_user(r, &Value::Nil, fr).unwrap(), "fr/fr");
    assert_eq!(s.execute(r, &Value::Nil).unwrap(), "none/none");
}

#[test]
fn inline_shortcodes_are_defined_then_reused() {
    let s = store(&[("layouts/partials/p.html", "[p {{ . }}]")]);
    let key = "_inline_shortcode/posts/a/time.inline";
    let out = s
        .execute_inline_shortcode(
            key,
            Some(r#"{{ upper . }}{{ partial "p.html" 1 }}"#),
            &Value::str("x"),
        )
        .unwrap();
    assert_eq!(out, "X[p 1]");
    let again = s
        .execute_inline_shortcode(key, None, &Value::str("y"))
        .unwrap();
    assert_eq!(again, "Y[p 1]");
    assert!(matches!(
        s.execute_inline_shortcode("_inline_shortcode/posts/b/time.inline", None, &Value::Nil),
        Err(Error::NotFound { .. })
    ));
    assert!(matches!(
        s.execute_inline_shortcode(key, Some("{{ if }}"), &Value::Nil),
        Err(Error::Parse { line: 1, .. })
    ));
}

#[test]
fn sitemap_robots_and_404_outputs() {
    for generation in [Generation::Current, Generation::Classic] {
        let ask = |s: &Store, kind: &str, of: &str| {
            let q = PageQuery {
                output_format: of.into(),
                ..page(kind, "/")
            };
            s.lookup_page(&q).map(|r| {
                let f = s.file(r.template);
                if f.embedded {
                    "<embedded>".to_string()
                } else {
                    f.display.clone()
                }
            })
        };
        let s = store_with(
            &[("layouts/_default/list.html", "list")],
            generation,
            &NoSite,
        );
        assert_eq!(
            ask(&s, "sitemap", "sitemap").as_deref(),
            Some("<embedded>"),
            "{generation:?}"
        );
        assert_eq!(
            ask(&s, "robotstxt", "robots").as_deref(),
            Some("<embedded>"),
            "{generation:?}"
        );
        assert_eq!(ask(&s, "404", "html"), None, "{generation:?}");
        let s = store_with(
            &[
                ("themes/t/layouts/robots.txt", "theme robots"),
                ("layouts/sitemap.xml", "my sitemap"),
                ("themes/t/layouts/404.html", "not found"),
            ],
            generation,
            &NoSite,
        );
        assert_eq!(
            ask(&s, "sitemap", "sitemap").as_deref(),
            Some("layouts/sitemap.xml"),
            "{generation:?}"
        );
        assert_eq!(
            ask(&s, "robotstxt", "robots").as_deref(),
            Some("themes/t/layouts/robots.txt"),
            "{generation:?}"
        );
        assert_eq!(
            ask(&s, "404", "html").as_deref(),
            Some("themes/t/layouts/404.html"),
            "{generation:?}"
        );
    }
}

#[test]
fn a_shortcode_of_another_language_only() {
    // Hugo 0.168 (probed with hugo-new) ignores `x.fr.html` on an English page and runs its
    // own `x`; Hugo 0.111 runs `x.fr.html`.
    for (generation, want) in [
        (Generation::Current, None),
        (Generation::Classic, Some("layouts/shortcodes/x.fr.html")),
    ] {
        let s = store_with(
            &[("layouts/shortcodes/x.fr.html", "fr")],
            generation,
            &NoSite,
        );
        let mut opts_langs = page("page", "/p/a");
        opts_langs.lang = "en".into();
        let got = s
            .lookup_shortcode("x", &opts_langs, false)
            .ok()
            .map(|i| s.file(i).display.clone());
        assert_eq!(got.as_deref(), want, "{generation:?}");
    }
}
