//! End-to-end tests: scaffold (`blog new site`, `blog new [content] PATH`).

use std::path::Path;

use crate::common::{build_ok, list_files, read, run_in};

fn ok(dir: &Path, args: &[&str]) -> String {
    let out = run_in(dir, args);
    assert!(
        out.status.success(),
        "blog {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn fails(dir: &Path, args: &[&str]) -> String {
    let out = run_in(dir, args);
    assert!(!out.status.success(), "blog {args:?} should fail");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn new_site_creates_a_site() {
    let tmp = tempfile::tempdir().unwrap();
    ok(tmp.path(), &["new", "site", "myblog"]);
    let site = tmp.path().join("myblog");
    assert_eq!(
        list_files(&site),
        ["archetypes/default.md", "config.toml", "content/about.md"]
    );
    for dir in ["content/post", "static", "templates", "themes"] {
        assert!(site.join(dir).is_dir(), "{dir}");
    }
    let config = read(&site, "config.toml");
    assert!(config.contains("\n# "), "config.toml explains itself");
    let parsed: toml::Table = config.parse().expect("config.toml is valid TOML");
    assert!(parsed.contains_key("baseURL") && parsed.contains_key("title"));
    assert!(read(&site, "content/about.md").starts_with("---\ntitle: \"About\""));
}

#[test]
fn new_site_refuses_a_non_empty_folder_without_force() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("busy");
    std::fs::create_dir(&site).unwrap();
    std::fs::write(site.join("config.toml"), "title = \"mine\"\n").unwrap();

    let err = fails(tmp.path(), &["new", "site", "busy"]);
    assert!(
        err.contains("not empty") && err.contains("--force"),
        "{err}"
    );
    assert_eq!(list_files(&site), ["config.toml"]);

    ok(tmp.path(), &["new", "site", "busy", "--force"]);
    assert_eq!(
        read(&site, "config.toml"),
        "title = \"mine\"\n",
        "kept, not overwritten"
    );
    assert!(site.join("content/about.md").is_file());
    assert!(site.join("archetypes/default.md").is_file());
}

#[test]
fn new_content_uses_the_section_archetype_first() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path();
    ok(site, &["new", "site", "."]);
    std::fs::write(
        site.join("archetypes/post.md"),
        "---\ntitle: \"{{ title }}\"\nsection: {{ section }}\ndraft: {{ draft }}\n---\npost archetype\n",
    )
    .unwrap();

    let stdout = ok(site, &["new", "post/my-first-post.md"]);
    assert!(stdout.contains("my-first-post.md"), "{stdout}");
    assert_eq!(
        read(site, "content/post/my-first-post.md"),
        "---\ntitle: \"My First Post\"\nsection: post\ndraft: true\n---\npost archetype\n"
    );

    // Another section falls back to archetypes/default.md, with the date now.
    ok(site, &["new", "content", "notes/coredns-plugin-chain.md"]);
    let text = read(site, "content/notes/coredns-plugin-chain.md");
    assert!(text.contains("title: \"Coredns Plugin Chain\""), "{text}");
    assert!(text.contains("draft: true"), "{text}");
    let date = text
        .lines()
        .find_map(|l| l.strip_prefix("date: "))
        .expect("a date line");
    let date = chrono::DateTime::parse_from_rfc3339(date).expect("RFC 3339 date");
    let age = chrono::Utc::now().signed_duration_since(date);
    assert!(age.num_seconds().abs() < 60, "date is now: {date}");
}

#[test]
fn new_content_without_archetypes_uses_the_built_in_one() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path();
    ok(site, &["new", "post/kube-proxy-源码分析/index.md"]);
    let text = read(site, "content/post/kube-proxy-源码分析/index.md");
    assert!(
        text.starts_with("---\ntitle: \"Kube Proxy 源码分析\"\ndate: "),
        "{text}"
    );
    assert!(text.contains("\ndraft: true\n"), "{text}");
}

#[test]
fn new_content_refuses_to_overwrite_or_escape() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path();
    std::fs::create_dir_all(site.join("content/post")).unwrap();
    std::fs::write(site.join("content/post/x.md"), "mine\n").unwrap();

    let err = fails(site, &["new", "post/x.md"]);
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(read(site, "content/post/x.md"), "mine\n");

    fails(site, &["new", "../outside.md"]);
    assert!(!tmp.path().join("outside.md").exists());
    fails(site, &["new", "post/x.txt"]);
}

#[test]
fn a_broken_archetype_fails_with_its_file_name() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path();
    std::fs::create_dir_all(site.join("archetypes")).unwrap();
    std::fs::write(site.join("archetypes/default.md"), "{{ title \n").unwrap();
    let err = fails(site, &["new", "post/x.md"]);
    assert!(err.contains("archetypes/default.md"), "{err}");
    assert!(!site.join("content/post/x.md").exists());
}

#[test]
fn a_new_site_builds_into_a_blog() {
    let tmp = tempfile::tempdir().unwrap();
    ok(tmp.path(), &["new", "site", "b"]);
    let site = tmp.path().join("b");
    ok(&site, &["new", "post/hello-world.md"]);
    // The new post is a draft: it appears only with -D.
    build_ok(&site, &["-D"]);
    let files = list_files(&site.join("public"));
    for expected in [
        "index.html",
        "about/index.html",
        "post/hello-world/index.html",
    ] {
        assert!(
            files.iter().any(|f| f == expected),
            "{expected} in {files:?}"
        );
    }
    let page = read(&site.join("public"), "post/hello-world/index.html");
    assert!(page.contains("Hello World"), "{page}");
}

#[test]
fn new_site_with_force_never_writes_through_a_link() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let outside = tmp.path().join("outside");
    std::fs::create_dir_all(site.join("archetypes")).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    std::os::unix::fs::symlink(outside.join("pwned.md"), site.join("archetypes/default.md"))
        .unwrap();
    std::os::unix::fs::symlink(&outside, site.join("templates")).unwrap();

    let err = run_in(tmp.path(), &["new", "site", "site", "--force"]);
    assert!(
        err.status.success(),
        "{}",
        String::from_utf8_lossy(&err.stderr)
    );

    assert_eq!(
        std::fs::read_dir(&outside).unwrap().count(),
        0,
        "written through a link"
    );
    assert!(
        site.join("archetypes/default.md").is_symlink(),
        "the link is kept"
    );
    assert!(site.join("config.toml").is_file());
}
