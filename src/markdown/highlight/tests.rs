//! Rendering tests on inline snippets: the HTML contract, languages, attributes, titles and
//! the stylesheet's coverage of every class emitted.

use std::collections::BTreeSet;
use std::path::Path;

use scraper::{Html, Selector};

use super::*;

const K8S: &str = "https://github.com/kubernetes/kubernetes/blob/v1.16.0/cmd/kube-controller-manager/app/apps.go#L69";

fn pin() -> SourcePin {
    SourcePin {
        repo: "https://github.com/kubernetes/kubernetes".into(),
        git_ref: "v1.16.0".into(),
    }
}

fn ctx<'a>(source: Option<&'a SourcePin>) -> CodeContext<'a> {
    CodeContext {
        path: Path::new("content/post/note.md"),
        line: 12,
        source,
        index: 3,
    }
}

fn render_with(config: &HighlightConfig, info: &str, code: &str) -> RenderedBlock {
    Highlighter::new(config)
        .unwrap()
        .render_block(info, code, &ctx(None))
}

fn render(info: &str, code: &str) -> RenderedBlock {
    render_with(&HighlightConfig::default(), info, code)
}

fn fragment(html: &str) -> Html {
    Html::parse_fragment(html)
}

fn select<'a>(doc: &'a Html, selector: &str) -> Vec<scraper::ElementRef<'a>> {
    doc.select(&Selector::parse(selector).unwrap()).collect()
}

/// The classes of the innermost span whose whole text is `word`.
fn class_of_word(html: &str, word: &str) -> Option<String> {
    let doc = fragment(html);
    select(&doc, ".cl span")
        .into_iter()
        .find(|e| e.text().collect::<String>() == word)
        .and_then(|e| e.value().attr("class").map(str::to_string))
}

fn code_text(html: &str) -> String {
    let doc = fragment(html);
    select(&doc, "code")[0].text().collect()
}

fn data_lines(html: &str) -> Vec<String> {
    let doc = fragment(html);
    select(&doc, ".ln")
        .iter()
        .filter_map(|e| e.value().attr("data-line").map(str::to_string))
        .collect()
}

const GO: &str = "package main\n\nfunc main() {\n\tfor i := 0; i < 3; i++ {\n\t\tgo work(i) // start\n\t}\n\treturn\n}\n";

const RUST: &str = r#"async fn fetch(url: &str) -> Result<String, Error> {
    let Some(host) = parse(url) else { return Err(Error::Bad) };
    let body = client.get(host).send().await?;
    Ok(body)
}
"#;

#[test]
fn follows_the_html_contract() {
    let out = render("go", GO);
    let doc = fragment(&out.html);
    assert_eq!(select(&doc, "figure.code[data-lang=go]").len(), 1);
    assert_eq!(
        select(&doc, "figure.code > pre.code-pre > code.language-go").len(),
        1
    );
    let lines = select(&doc, "code > span.line > span.cl");
    assert_eq!(lines.len(), GO.lines().count());
    assert!(
        select(&doc, "span.ln").is_empty(),
        "no numbers unless asked"
    );
    assert_eq!(
        code_text(&out.html),
        GO,
        "the code element's text is the code"
    );
    assert!(out.warnings.is_empty());
}

#[test]
fn go_keywords_get_classes() {
    let html = render("go", GO).html;
    for word in ["package", "func", "for", "go", "return"] {
        let class =
            class_of_word(&html, word).unwrap_or_else(|| panic!("`{word}` unclassed:\n{html}"));
        assert!(class.starts_with(CLASS_PREFIX), "{word}: {class}");
    }
    assert!(class_of_word(&html, "// start")
        .unwrap()
        .contains("sy-comment"));
}

#[test]
fn modern_rust_is_highlighted() {
    let html = render("rust", RUST).html;
    for word in ["async", "fn", "let", "else", "await", "return"] {
        let class =
            class_of_word(&html, word).unwrap_or_else(|| panic!("`{word}` unclassed:\n{html}"));
        assert!(class.starts_with(CLASS_PREFIX), "{word}: {class}");
    }
}

#[test]
fn rust_keywords_the_grammar_lacks_are_classed_only_as_words() {
    let html = render(
        "rust",
        "let async_io = r#async; let s = \"async\"; x.await\n",
    )
    .html;
    assert_eq!(class_of_word(&html, "await").as_deref(), Some("sy-control"));
    assert!(html.contains("let</span> async_io"), "{html}");
    assert!(
        html.contains("</span>async;"),
        "r#async is an identifier: {html}"
    );
    assert!(
        class_of_word(&html, "\"async\"")
            .unwrap()
            .contains("sy-string"),
        "{html}"
    );
}

#[test]
fn console_sessions_highlight_commands_not_output() {
    let code = "$ kubectl get pods -n \"kube-system\"\nNAME   READY   \"quoted\" output\nroot@node:~# echo \\\n  \"more\"\n";
    let out = render("console", code);
    assert!(out.warnings.is_empty());
    let doc = fragment(&out.html);
    let lines = select(&doc, ".cl");
    let prompts: Vec<String> = select(&doc, ".sy-prompt")
        .iter()
        .map(|e| e.text().collect())
        .collect();
    assert_eq!(prompts, ["$ ", "root@node:~# "]);
    assert!(
        lines[0].inner_html().contains("sy-string"),
        "command highlighted"
    );
    assert!(
        !lines[1].inner_html().contains("<span"),
        "output left plain"
    );
    assert!(
        lines[3].inner_html().contains("sy-string"),
        "continuation highlighted"
    );
    assert_eq!(code_text(&out.html), code);
}

#[test]
fn the_languages_of_source_notes_are_known() {
    let samples = [
        ("go", "func f() {}\n"),
        ("rust", "fn f() {}\n"),
        ("yaml", "key: value # c\n"),
        ("toml", "[table]\nkey = \"v\"\n"),
        ("json", "{\"a\": 1}\n"),
        ("bash", "if true; then echo \"hi\"; fi\n"),
        ("dockerfile", "FROM debian:12\nRUN echo hi\n"),
        (
            "proto",
            "syntax = \"proto3\";\nmessage M { string a = 1; }\n",
        ),
        ("sql", "SELECT a FROM t WHERE b = 1;\n"),
        ("c", "int main(void) { return 0; }\n"),
        ("python", "def f():\n    return 'x'\n"),
        ("diff", "--- a\n+++ b\n@@ -1 +1 @@\n-old\n+new\n"),
        ("golang", "func f() {}\n"),
        ("rs", "fn f() {}\n"),
        ("sh", "echo \"hi\"\n"),
        ("shell", "echo \"hi\"\n"),
        ("zsh", "echo \"hi\"\n"),
        ("yml", "a: 'b'\n"),
        ("console", "$ echo \"hi\"\nhi\n"),
        ("Dockerfile", "FROM x\n"),
        ("py", "def f(): pass\n"),
        ("js", "const a = 'b';\n"),
        ("ts", "const a: string = 'b';\n"),
    ];
    for (lang, code) in samples {
        let out = render(lang, code);
        assert!(out.warnings.is_empty(), "{lang}: {:?}", out.warnings);
        assert!(
            out.html.contains("class=\"sy-"),
            "{lang} not highlighted:\n{}",
            out.html
        );
    }
}

#[test]
fn unknown_language_is_escaped_with_a_warning() {
    let out = render("brainfudge", "<b>&\"x\"</b>\n");
    assert!(
        out.html.contains("&lt;b&gt;&amp;&quot;x&quot;&lt;/b&gt;"),
        "{}",
        out.html
    );
    assert!(!out.html.contains("sy-"));
    assert_eq!(out.warnings.len(), 1);
    let w = &out.warnings[0];
    assert_eq!(w.path, Path::new("content/post/note.md"));
    assert_eq!(w.line, Some(12));
    assert!(w.message.contains("brainfudge"), "{}", w.message);
}

#[test]
fn absent_or_plain_language_is_escaped_silently() {
    for info in ["", "text", "plaintext", "TXT"] {
        let out = render(info, "a < b\n");
        assert!(out.warnings.is_empty(), "{info}");
        assert!(out.html.contains("a &lt; b"), "{info}");
        assert!(!out.html.contains("sy-"), "{info}");
    }
    assert!(render("", "x\n").html.contains("class=\"language-text\""));
}

#[test]
fn hugo_attributes_mark_lines_and_number_them() {
    let code = "a\nb\nc\nd\ne\nf\n";
    let info = r#"go {linenos=table,hl_lines=[2,"4-5"],linenostart=10,title="main.go"}"#;
    let html = render(info, code).html;
    let doc = fragment(&html);
    let hl: Vec<String> = select(&doc, "span.line.hl .ln")
        .iter()
        .map(|e| e.value().attr("data-line").unwrap().to_string())
        .collect();
    assert_eq!(hl, ["11", "13", "14"]);
    assert_eq!(data_lines(&html), ["10", "11", "12", "13", "14", "15"]);
    let ids: Vec<&str> = select(&doc, "span.line")
        .iter()
        .filter_map(|e| e.value().attr("id"))
        .collect();
    assert_eq!(ids[0], "code-3-L10");
    assert_eq!(
        select(&doc, "figcaption.code-title")[0]
            .text()
            .collect::<String>(),
        "main.go"
    );
    assert!(select(&doc, ".ln")
        .iter()
        .all(|e| e.value().attr("aria-hidden") == Some("true") && e.text().next().is_none()));
    assert_eq!(code_text(&html), code, "numbers are not in the code's text");
}

#[test]
fn zola_attributes_work_too() {
    let html = render(
        "rust,linenos,hl_lines=3-5,linenostart=10,name=mod.rs",
        "a\nb\nc\nd\ne\nf\n",
    )
    .html;
    let doc = fragment(&html);
    assert_eq!(select(&doc, "span.line.hl").len(), 3);
    assert_eq!(data_lines(&html)[0], "10");
    assert_eq!(
        select(&doc, "figcaption")[0].text().collect::<String>(),
        "mod.rs"
    );
}

#[test]
fn config_defaults_apply_and_fences_override_them() {
    let config = HighlightConfig {
        line_nos: true,
        line_no_start: 5,
        ..HighlightConfig::default()
    };
    assert_eq!(
        data_lines(&render_with(&config, "go", "a\nb\n").html),
        ["5", "6"]
    );
    assert!(data_lines(&render_with(&config, "go {linenos=false}", "a\n").html).is_empty());
}

#[test]
fn code_fences_off_means_plain_code() {
    let config = HighlightConfig {
        code_fences: false,
        ..HighlightConfig::default()
    };
    let out = render_with(&config, "go", GO);
    assert!(!out.html.contains("sy-"));
    assert_eq!(code_text(&out.html), GO);
    assert!(render_with(&config, "nosuchlang", "x\n")
        .warnings
        .is_empty());
}

const APPS_GO: &str = "cmd/kube-controller-manager/app/apps.go:69\n\nfunc startReplicaSetController(ctx ControllerContext) (http.Handler, bool, error) {\n\treturn nil, true, nil\n}\n";

#[test]
fn source_title_links_to_the_pinned_upstream_line() {
    let pin = pin();
    let html = Highlighter::new(&HighlightConfig::default())
        .unwrap()
        .render_block("go", APPS_GO, &ctx(Some(&pin)))
        .html;
    let doc = fragment(&html);
    let links = select(&doc, "figure.code > figcaption.code-title > a");
    assert_eq!(links[0].value().attr("href"), Some(K8S));
    assert_eq!(
        links[0].text().collect::<String>(),
        "cmd/kube-controller-manager/app/apps.go:69"
    );
    assert_eq!(data_lines(&html), ["69", "70", "71"]);
    assert!(code_text(&html).starts_with("func startReplicaSetController"));
}

#[test]
fn source_title_without_pin_is_plain_text() {
    let html = render("go", APPS_GO).html;
    let doc = fragment(&html);
    assert!(select(&doc, "figcaption a").is_empty());
    assert_eq!(
        select(&doc, "figcaption.code-title")[0]
            .text()
            .collect::<String>(),
        "cmd/kube-controller-manager/app/apps.go:69"
    );
    assert_eq!(data_lines(&html)[0], "69");
}

#[test]
fn title_attribute_with_a_line_is_a_source_title() {
    let pin = pin();
    let info = r#"go {title="cmd/kube-controller-manager/app/apps.go:69"}"#;
    let html = Highlighter::new(&HighlightConfig::default())
        .unwrap()
        .render_block(info, "func f() {}\n", &ctx(Some(&pin)))
        .html;
    let doc = fragment(&html);
    assert_eq!(
        select(&doc, "figcaption a")[0].value().attr("href"),
        Some(K8S)
    );
    assert_eq!(data_lines(&html), ["69"]);
}

#[test]
fn a_comment_that_mentions_a_path_stays_code() {
    let code = "// see foo.go:12 for details\nfunc f() {}\n";
    let html = render("go", code).html;
    assert!(!html.contains("figcaption"));
    assert_eq!(code_text(&html), code);
    assert!(data_lines(&html).is_empty());
}

#[test]
fn source_titles_can_be_turned_off() {
    let config = HighlightConfig {
        source_titles: false,
        ..HighlightConfig::default()
    };
    let html = render_with(&config, "go", APPS_GO).html;
    assert!(!html.contains("figcaption"));
    assert_eq!(code_text(&html), APPS_GO);
}

#[test]
fn fence_linenos_false_beats_a_source_title() {
    let html = render("go {linenos=false}", APPS_GO).html;
    assert!(html.contains("figcaption"));
    assert!(data_lines(&html).is_empty());
}

#[test]
fn bad_theme_name_lists_the_choices() {
    let config = HighlightConfig {
        dark_style: "no-such-theme".into(),
        ..HighlightConfig::default()
    };
    let err = Highlighter::new(&config).err().expect("an error");
    assert!(matches!(err, Error::Other(_)));
    let message = err.to_string();
    assert!(
        message.contains("darkStyle") && message.contains("no-such-theme"),
        "{message}"
    );
    assert!(
        message.contains("InspiredGitHub") && message.contains("Nord"),
        "{message}"
    );
}

#[test]
fn hugo_style_names_are_accepted() {
    for (name, found) in [
        ("monokai", "Monokai Extended"),
        ("github", "GitHub"),
        ("solarized-dark", "Solarized (dark)"),
        ("dracula", "Dracula"),
        ("base16-ocean.dark", "base16-ocean.dark"),
    ] {
        assert_eq!(find_theme(name).map(|(n, _)| n), Some(found), "{name}");
    }
}

/// Every class a page can carry must be styled for light and for dark.
#[test]
fn stylesheet_styles_every_class_emitted_in_light_and_dark() {
    let highlighter = Highlighter::new(&HighlightConfig::default()).unwrap();
    let css = highlighter.stylesheet();
    let (light, dark) = css
        .split_once("@media (prefers-color-scheme: dark)")
        .expect("a dark section");
    let pin = pin();
    let snippets = [
        ("go {linenos=true,hl_lines=[1]}", GO),
        ("rust", RUST),
        ("go", APPS_GO),
        ("diff", "--- a\n+++ b\n@@ -1 +1 @@\n-old\n+new\n"),
        ("yaml", "a: 1 # c\nb: [\"x\", true]\n"),
        (
            "python",
            "@decorator\ndef f(self, x=r'\\d+'):\n    return None\n",
        ),
        ("sql", "SELECT count(*) FROM t;\n"),
        ("dockerfile", "FROM x AS y\nENV A=1\n"),
    ];
    let mut classes = BTreeSet::new();
    for (info, code) in snippets {
        let html = highlighter.render_block(info, code, &ctx(Some(&pin))).html;
        let doc = fragment(&html);
        for e in select(&doc, "*") {
            classes.extend(e.value().classes().map(str::to_string));
        }
    }
    classes.retain(|c| !c.starts_with("language-"));
    assert!(
        classes.len() > 12,
        "too few classes to prove anything: {classes:?}"
    );
    for class in &classes {
        let selector = format!(".{class}");
        let styled = |part: &str| {
            part.match_indices(&selector).any(|(i, _)| {
                let next = part[i + selector.len()..].chars().next();
                !matches!(next, Some(c) if c.is_ascii_alphanumeric() || c == '-' || c == '_')
            })
        };
        assert!(styled(light), "`{class}` not styled in the light theme");
        // Layout rules are theme-independent; colours must be set again for dark.
        if class.starts_with(CLASS_PREFIX)
            || ["hl", "ln", "code-pre", "code-title"].contains(&class.as_str())
        {
            assert!(styled(dark), "`{class}` not styled in the dark theme");
        }
    }
}

#[test]
fn every_vocabulary_class_has_a_rule_in_both_themes() {
    let css = Highlighter::new(&HighlightConfig::default())
        .unwrap()
        .stylesheet();
    let (light, dark) = css.split_once("@media").unwrap();
    for (class, _) in classes::CLASSES {
        let rule = format!(".{CLASS_PREFIX}{class}{{color:#");
        assert!(light.contains(&rule) && dark.contains(&rule), "{class}");
    }
}

#[test]
fn highlighter_is_shared_across_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Highlighter>();
}

#[test]
fn code_without_a_final_newline_and_empty_code() {
    assert_eq!(code_text(&render("go", "x := 1").html), "x := 1\n");
    let empty = render("go", "").html;
    assert!(
        empty.contains("<code class=\"language-go\"></code>"),
        "{empty}"
    );
}

#[test]
fn every_chroma_style_maps_to_a_bundled_theme() {
    for (chroma, ours) in super::CHROMA_STYLES {
        assert!(super::find_theme(ours).is_some(), "{chroma} -> {ours}");
    }
    assert_eq!(
        super::resolve_style("tango"),
        super::StyleName::Closest("InspiredGitHub")
    );
    assert_eq!(
        super::resolve_style("dracula"),
        super::StyleName::Ours("Dracula")
    );
    assert_eq!(super::resolve_style("nope"), super::StyleName::Unknown);
}
