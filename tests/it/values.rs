//! Config and front matter read as Hugo reads them (`tests/fixtures/values`,
//! `tests/fixtures/config-dir`): lenient values, Hugo's YAML forms, every error of a run at
//! its file, line and column, the config folder with environments, newcomer mistakes, and
//! the limits that refuse hostile input. Compared with Debian's Hugo and the newest one.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Output;
use std::time::{Duration, Instant};

use crate::common::*;

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).to_string()
}

/// The date each built page shows (`<time datetime>` in ours, `<time>` in Hugo's), by URL.
fn page_dates(public: &Path, ours: bool) -> BTreeMap<String, String> {
    let mut dates = BTreeMap::new();
    for f in list_files(&public.join("post")) {
        let Some(name) = f.strip_suffix("/index.html").filter(|n| !n.contains('/')) else {
            continue;
        };
        if name == "page" {
            continue;
        }
        let doc = html(&read(&public.join("post"), &f));
        let date = if ours {
            select_attr(&doc, "time[datetime]", "datetime")
        } else {
            select_text(&doc, "time")
        };
        dates.insert(name.to_string(), date.first().cloned().unwrap_or_default());
    }
    dates
}

const HUGO_LAYOUTS: &[(&str, &str)] = &[
    (
        "_default/single.html",
        r#"<h1>{{ .Title }}</h1><time>{{ .Date.Format "2006-01-02T15:04:05-07:00" }}</time>"#,
    ),
    (
        "_default/list.html",
        "{{ range .Pages }}{{ .Title }}{{ end }}",
    ),
];

#[test]
fn lenient_values_publish_the_same_pages_on_the_same_dates_as_hugo() {
    let dir = fixture("values");
    build_ok(dir.path(), &[]);
    let ours = page_dates(&dir.path().join("public"), true);
    assert_eq!(ours.len(), 17, "{ours:?}");
    assert!(!ours.contains_key("yes-draft"), "draft: yes is a draft");
    assert_eq!(ours["date-space"], "2024-05-05T10:30:00+08:00");
    assert_eq!(ours["toml-local"], "2024-05-08T10:30:00+00:00");
    for (name, hugo) in hugo_binaries() {
        let site = fixture("values");
        let hugo_out = hugo_build(&hugo, site.path(), HUGO_LAYOUTS);
        let mut theirs = page_dates(&hugo_out, false);
        if name == "newest" {
            // go-yaml v3 reads `yes` as text, which is not true: the newest Hugo publishes it.
            assert!(theirs.remove("yes-draft").is_some());
        }
        assert_eq!(ours, theirs, "pages and dates differ from {name} Hugo");
        let terms = list_files(&hugo_out.join("categories"));
        assert!(
            terms.contains(&"k8s-go/index.html".to_string()),
            "{terms:?}"
        );
    }
}

#[test]
fn lenient_values_reach_the_html() {
    let dir = fixture("values");
    let out = build_ok(dir.path(), &[]);
    let p = dir.path().join("public");
    let home = html(&read(&p, "index.html"));
    let menu = select_text(&home, "nav a");
    let posts = menu.iter().position(|m| m == "Posts");
    let about = menu.iter().position(|m| m == "About");
    // `weight = 0.0` is read as the whole number 0, which Hugo sorts after every weighted
    // entry; `weight = "2"` is 2.
    assert!(
        about < posts && about.is_some(),
        "\"2\" before weight 0.0: {menu:?}"
    );
    let page = html(&read(&p, "post/lenient/index.html"));
    assert_eq!(
        select_text(&page, "h1").first().map(String::as_str),
        Some("123")
    );
    assert!(
        !select_text(&page, "nav.toc a, .toc a").is_empty(),
        "toc: {{enable: true}} shows the TOC"
    );
    assert!(p.join("categories/k8s-go/index.html").exists());
    assert!(p.join("categories/ok/index.html").exists());
    assert!(
        p.join("post/page/4/index.html").exists(),
        "paginate = \"5\" over 17 posts"
    );
    assert!(p.join("post/flow-tabs/index.html").exists());
    let tags = list_files(&p.join("tags"));
    for tag in ["go", "k8s", "rust"] {
        assert!(tags.contains(&format!("{tag}/index.html")), "{tags:?}");
    }
    let err = stderr(&out);
    for warning in [
        "config.toml:22: `markup.highlight.style`: Chroma style `tango`",
        "content/post/flase.md:4: `draft`: \"flase\"",
        "content/post/tabs.md:3: YAML that only Hugo's YAML library accepts",
        "content/post/flow-col0.md:7: YAML",
        "content/post/flow-tabs.md:5: YAML",
        "content/post/nested.md:4: `categories`",
        "content/post/yes-draft.md:4: `draft`: \"yes\" is read as true",
    ] {
        assert!(
            err.contains(warning),
            "missing warning {warning:?} in\n{err}"
        );
    }
    assert!(!err.contains("enableRobotsTXT"), "{err}");
}

/// Builds the values fixture after `edit`, expects failure, and returns stderr.
fn fails_after(edit: impl FnOnce(&Path)) -> String {
    let dir = fixture("values");
    edit(dir.path());
    let out = run_in(dir.path(), &["build"]);
    assert!(!out.status.success(), "the build should fail");
    assert!(!dir.path().join("public").exists(), "nothing is written");
    stderr(&out)
}

fn append(path: &Path, text: &str) {
    let old = std::fs::read_to_string(path).unwrap_or_default();
    std::fs::write(path, old + text).unwrap();
}

#[test]
fn every_config_error_is_reported_at_its_key_inside_tables() {
    let err = fails_after(|site| {
        let config = site.join("config.toml");
        let text = std::fs::read_to_string(&config).unwrap();
        let text = text
            .replace("style = \"tango\"", "style = 42")
            .replace("weight = \"2\"", "weight = \"heavy\"");
        std::fs::write(&config, text + "\n[taxonomies]\ntag = [\"tags\"]\n").unwrap();
    });
    for expected in [
        "config.toml:14:1: `menu.main.0.weight`: expected a whole number, found \"heavy\"",
        "config.toml:22:1: `markup.highlight.style`: unknown theme `42`",
        "config.toml:25:1: `taxonomies.tag`: expected text, found a list",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in\n{err}");
    }
}

#[test]
fn config_and_front_matter_errors_come_in_one_run() {
    let err = fails_after(|site| {
        let config = site.join("config.toml");
        let text = std::fs::read_to_string(&config).unwrap();
        std::fs::write(
            &config,
            text.replace("paginate = \"5\"", "paginate = \"five\""),
        )
        .unwrap();
        std::fs::write(
            site.join("content/post/bad.md"),
            "---\ntitle: Bad\nweight: heavy\n---\n",
        )
        .unwrap();
    });
    assert!(err.contains("config.toml:7:1: `paginate`"), "{err}");
    assert!(
        err.contains("content/post/bad.md:3:1: front matter: `weight`"),
        "{err}"
    );
}

#[test]
fn unknown_style_is_an_error_at_its_line() {
    let err = fails_after(|site| {
        let config = site.join("config.toml");
        let text = std::fs::read_to_string(&config).unwrap();
        std::fs::write(&config, text.replace("\"tango\"", "\"no-such-style\"")).unwrap();
    });
    assert!(
        err.contains("config.toml:22:1: `markup.highlight.style`: unknown theme `no-such-style`"),
        "{err}"
    );
}

#[test]
fn every_front_matter_error_of_a_run_is_reported_together() {
    let err = fails_after(|site| {
        let post = site.join("content/post");
        std::fs::write(
            post.join("bad-a.md"),
            "---\ntitle: A\ndate: yesterday\nweight: heavy\ntoc:\n  depth: 2\n---\n",
        )
        .unwrap();
        std::fs::write(
            post.join("bad-b.md"),
            "+++\ntitle = \"B\"\n[source]\nrepo = 3\n+++\n",
        )
        .unwrap();
    });
    for expected in [
        "content/post/bad-a.md:3:1: front matter: `date`: cannot read \"yesterday\" as a date",
        "content/post/bad-a.md:4:1: front matter: `weight`: expected a whole number",
        "content/post/bad-a.md:5:1: front matter: `toc`: expected true or false",
        "content/post/bad-b.md:3:2: front matter: `source`",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in\n{err}");
    }
}

#[test]
fn unsupported_config_keys_get_one_warning_each() {
    let dir = fixture("values");
    append(
        &dir.path().join("config.toml"),
        "\n[services.googleAnalytics]\nid = \"G-1\"\n",
    );
    let config = dir.path().join("config.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        text.replace("url = \"/", "pre = \"<i></i>\"\nurl = \"/"),
    )
    .unwrap();
    let text = std::fs::read_to_string(dir.path().join("config.toml")).unwrap();
    let text = text.replace(
        "enableRobotsTXT = true",
        "enableRobotsTXT = true\nenableInlineShortcodes = true",
    );
    std::fs::write(dir.path().join("config.toml"), text).unwrap();
    let err = stderr(&build_ok(dir.path(), &[]));
    assert_eq!(
        err.matches("`enableInlineShortcodes`: blog does not support")
            .count(),
        1,
        "{err}"
    );
    assert_eq!(
        err.matches("`services.googleAnalytics`: blog does not support")
            .count(),
        1,
        "{err}"
    );
    assert!(
        err.contains("config.toml:10: `enableInlineShortcodes`"),
        "{err}"
    );
    assert_eq!(
        err.matches("`menu.main.0.pre`: blog does not support")
            .count(),
        1,
        "{err}"
    );
    assert!(
        !err.contains("`menu.main.1.pre`"),
        "one warning per key: {err}"
    );
}

// ----- the config folder and environments -----

fn site_title(public: &Path) -> String {
    select_text(&html(&read(public, "index.html")), "title")
        .first()
        .cloned()
        .unwrap_or_default()
}

#[test]
fn config_folder_merges_the_environment_over_default() {
    let dir = fixture("config-dir");
    build_ok(dir.path(), &[]);
    let p = dir.path().join("public");
    let home = read(&p, "index.html");
    assert!(site_title(&p).contains("Production title"), "{home}");
    assert!(home.contains("Default description"), "params.toml is read");
    assert!(home.contains("/post/"), "menus.toml is read");
    assert!(
        p.join("series/intro/index.html").exists(),
        "taxonomies kept"
    );

    let dev = fixture("config-dir");
    build_ok(dev.path(), &["-e", "development"]);
    let dp = dev.path().join("public");
    assert!(site_title(&dp).contains("Default title"));
    assert!(read(&dp, "index.html").contains("Development description"));

    let env = fixture("config-dir");
    let out = blog()
        .args(["build"])
        .env("HUGO_ENVIRONMENT", "development")
        .current_dir(env.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(read(&env.path().join("public"), "index.html").contains("Development description"));
}

#[test]
fn config_folder_errors_name_the_file_they_are_in() {
    let dir = fixture("config-dir");
    append(
        &dir.path().join("config/_default/menus.toml"),
        "\n[[main]]\nname = \"Bad\"\nweight = [1]\n",
    );
    let out = run_in(dir.path(), &["build"]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("config/_default/menus.toml:13:1: `menus.main.2.weight`"),
        "{err}"
    );
}

#[test]
fn config_folder_builds_as_hugo_builds_it() {
    let layouts: &[(&str, &str)] = &[(
        "index.html",
        "<title>{{ .Site.Title }}</title><p>{{ .Site.Params.description }}</p>\
         {{ range .Site.Menus.main }}<a href=\"{{ .URL }}\">{{ .Name }}</a>{{ end }}",
    )];
    for (name, hugo) in hugo_binaries() {
        for env in ["production", "development"] {
            let theirs = fixture("config-dir");
            let hugo_out = hugo_build_with(&hugo, theirs.path(), layouts, &["-e", env]);
            let ours = fixture("config-dir");
            build_ok(ours.path(), &["-e", env]);
            let t = html(&read(&hugo_out, "index.html"));
            let o = html(&read(&ours.path().join("public"), "index.html"));
            assert!(
                site_title(&ours.path().join("public")).contains(&select_text(&t, "title")[0]),
                "{name} {env}: title"
            );
            let description = &select_text(&t, "p")[0];
            assert!(
                read(&ours.path().join("public"), "index.html").contains(description),
                "{name} {env}: {description}"
            );
            for href in select_attr(&t, "a", "href") {
                assert!(
                    select_attr(&o, "nav a", "href").contains(&href),
                    "{name} {env}: menu {href}"
                );
            }
        }
    }
}

// ----- newcomer mistakes -----

#[test]
fn a_folder_without_config_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("content/post")).unwrap();
    std::fs::write(dir.path().join("content/post/a.md"), "# A\n").unwrap();
    let out = run_in(dir.path(), &["build"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("Unable to locate config file"),
        "{}",
        stderr(&out)
    );
    assert!(!dir.path().join("public").exists());
}

#[test]
fn a_missing_source_folder_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_in(dir.path(), &["build", "-s", "no-such-site"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("no-such-site does not exist; check -s/--source"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn building_from_inside_content_is_refused() {
    let dir = fixture("values");
    let inside = dir.path().join("content/post");
    let out = run_in(&inside, &["build"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("is inside the content/ folder"),
        "{}",
        stderr(&out)
    );
    assert!(!inside.join("public").exists());
    let content = dir.path().join("content");
    std::fs::write(content.join("config.toml"), "title = \"oops\"\n").unwrap();
    let out = run_in(&content, &["build"]);
    assert!(
        !out.status.success(),
        "a config copied into content/ is no way round"
    );
    assert!(!content.join("public").exists());
}

#[cfg(unix)]
#[test]
fn a_dangling_link_prints_its_cause_once() {
    let dir = fixture("values");
    std::os::unix::fs::symlink("/no/such/file.md", dir.path().join("content/post/gone.md"))
        .unwrap();
    let out = run_in(dir.path(), &["build"]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("content/post/gone.md: cannot read: it does not exist"),
        "{err}"
    );
    assert_eq!(err.matches("exist").count(), 1, "{err}");
    assert!(!err.contains("os error"), "{err}");
}

// ----- limits -----

/// Runs `blog build` in `dir` under GNU time, returning its output, wall time and peak
/// memory in bytes, or None without `/usr/bin/time` outside CI. (`wait4`'s figure cannot be
/// used: a child spawned from this big test process starts with the parent's peak.)
fn build_measured(dir: &Path) -> Option<(Output, Duration, u64)> {
    let time = Path::new("/usr/bin/time");
    if !time.exists() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have /usr/bin/time (.ci/run installs it)"
        );
        eprintln!("skipping the memory measurement: no /usr/bin/time");
        return None;
    }
    let report = dir.join(".peak-kb");
    let started = Instant::now();
    let out = std::process::Command::new(time)
        .arg("-f")
        .arg("%M")
        .arg("-o")
        .arg(&report)
        .arg(env!("CARGO_BIN_EXE_blog"))
        .arg("build")
        .env("XDG_CACHE_HOME", tests_cache_home())
        .current_dir(dir)
        .output()
        .unwrap();
    let elapsed = started.elapsed();
    let kb: u64 = std::fs::read_to_string(&report)
        .unwrap()
        .lines()
        .last()
        .and_then(|l| l.trim().parse().ok())
        .expect("GNU time's %M");
    Some((out, elapsed, kb * 1024))
}

fn billion_laughs() -> String {
    let mut lines = vec![
        "---".to_string(),
        "title: bomb".to_string(),
        "a: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]".to_string(),
    ];
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    for w in names.windows(2) {
        let refs = vec![format!("*{}", w[0]); 9].join(",");
        lines.push(format!("{}: &{} [{refs}]", w[1], w[1]));
    }
    lines.extend(["---".to_string(), "boom".to_string()]);
    lines.join("\n") + "\n"
}

#[test]
fn the_billion_laughs_is_refused_at_once_in_little_memory() {
    let dir = fixture("values");
    std::fs::write(dir.path().join("content/post/bomb.md"), billion_laughs()).unwrap();
    let Some((out, elapsed, peak)) = build_measured(dir.path()) else {
        return;
    };
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("content/post/bomb.md:")
            && err.contains("aliases expand to more than 10000 values"),
        "{err}"
    );
    assert!(elapsed < Duration::from_secs(1), "took {elapsed:?}");
    assert!(peak < 100 << 20, "peak memory {} MB", peak >> 20);
}

#[test]
fn aliases_of_aliases_too_deep_are_refused() {
    let mut yaml = String::from("---\ntitle: chain\na0: &a0 [x]\n");
    for i in 1..12 {
        yaml.push_str(&format!("a{i}: &a{i} [*a{}]\n", i - 1));
    }
    yaml.push_str("---\n");
    let err =
        fails_after(|site| std::fs::write(site.join("content/post/chain.md"), &yaml).unwrap());
    assert!(
        err.contains("content/post/chain.md:12:")
            && err.contains("aliases of aliases nested more than 8 deep"),
        "{err}"
    );
}

#[test]
fn nesting_too_deep_is_refused_in_yaml_and_toml() {
    let block: String = (0..100)
        .map(|i| format!("{}k{i}:\n", "  ".repeat(i)))
        .collect();
    let flow = format!("{}{}", "[".repeat(300), "]".repeat(300));
    let toml = format!("{}{}", "[".repeat(100), "]".repeat(100));
    let err = fails_after(|site| {
        let post = site.join("content/post");
        std::fs::write(post.join("deep-block.md"), format!("---\n{block}---\n")).unwrap();
        std::fs::write(post.join("deep-flow.md"), format!("---\na: {flow}\n---\n")).unwrap();
        std::fs::write(post.join("deep-toml.md"), format!("+++\na = {toml}\n+++\n")).unwrap();
    });
    for expected in [
        "content/post/deep-block.md:82:",
        "nested deeper than 80 levels, the limit for one document",
        "content/post/deep-flow.md:2:",
        "nested more than 255 deep, the limit for one document",
        "content/post/deep-toml.md:2:",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in\n{err}");
    }
    assert_eq!(
        err.matches("the limit for one document").count(),
        3,
        "{err}"
    );
}

#[test]
fn a_content_file_over_the_size_limit_is_refused() {
    let err = fails_after(|site| {
        append(
            &site.join("config.toml"),
            "\n[limits]\nmaxFileSize = \"1KB\"\n",
        );
        let big = format!("---\ntitle: big\n---\n{}\n", "word ".repeat(400));
        std::fs::write(site.join("content/post/big.md"), big).unwrap();
    });
    assert!(
        err.contains("content/post/big.md:1:1: the file is 2020 bytes, over the limit for one content file (1024 bytes)"),
        "{err}"
    );
}
