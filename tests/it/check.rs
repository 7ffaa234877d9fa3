//! End-to-end tests: `blog check`. Links, anchors and images on the `check` fixture;
//! snippets of the `check-snippets` fixture against a throwaway upstream repository with
//! two tags between which the quoted file's lines moved; external links against a server
//! the test runs on 127.0.0.1; and the example site (this repository) kept clean.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tempfile::TempDir;

use crate::common::{blog, build_ok, fixture, read};

/// Runs `blog check ARGS` on `site`: exit code and stdout.
fn check(site: &Path, args: &[&str]) -> (i32, String) {
    let out = blog()
        .arg("check")
        .arg("-s")
        .arg(site)
        .args(args)
        .output()
        .expect("run blog check");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.is_empty() || out.status.code() == Some(2),
        "stderr: {stderr}"
    );
    (out.status.code().unwrap_or(-1), stdout)
}

/// The problem lines of a report (`file:line:col: kind: message`; the summary left out).
fn problems(out: &str) -> Vec<&str> {
    let line = regex::Regex::new(r"^\S+:\d+:\d+: [a-z]+: ").unwrap();
    out.lines().filter(|l| line.is_match(l)).collect()
}

/// A problem line without its column (which depends on the test server's port).
fn without_column(line: &str) -> String {
    let parts: Vec<&str> = line.splitn(4, ':').collect();
    format!("{}:{}:{}", parts[0], parts[1], parts[3])
}

#[test]
fn broken_links_anchors_and_images_are_reported_where_they_were_written() {
    let site = fixture("check");
    let (code, out) = check(site.path(), &[]);
    assert_eq!(code, 1, "{out}");
    assert_eq!(
        problems(&out),
        [
            "content/post/good.md:14:45: anchor: https://example.org/post/links/#nowhere: no id \"nowhere\" on /post/links/",
            "content/post/links.md:12:17: link: /post/god/: no page or file at /post/god/ (did you mean /post/good/?)",
            "content/post/links.md:14:19: anchor: /post/good/#续约流程: no id \"续约流程\" on /post/good/ (did you mean /post/good/#续约-流程?)",
            "content/post/links.md:16:12: image: /img/missing.png: no page or file at /img/missing.png (did you mean /img/logo.svg?)",
        ],
        "{out}"
    );
    assert!(out.ends_with(": 4 problems\n"), "{out}");
    assert!(!site.path().join("public").exists(), "check wrote public/");
}

#[test]
fn a_broken_menu_url_is_reported_in_the_config_and_json_is_structured() {
    let site = fixture("check");
    let config = site.path().join("config.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        text.replace("url = \"/post/good/\"", "url = \"/post/gone/\""),
    )
    .unwrap();
    let (code, out) = check(site.path(), &["--format", "json"]);
    assert_eq!(code, 1, "{out}");
    let report: serde_json::Value = serde_json::from_str(&out).expect("json report");
    let problems = report["problems"].as_array().unwrap();
    let menu = problems
        .iter()
        .find(|p| p["file"] == "config.toml")
        .unwrap_or_else(|| panic!("no config.toml problem: {out}"));
    assert_eq!(
        (menu["line"].as_u64(), menu["column"].as_u64()),
        (Some(12), Some(8))
    );
    assert_eq!(menu["kind"], "link");
    assert!(menu["message"].as_str().unwrap().contains("/post/gone/"));
    assert_eq!(problems.len(), 5, "{out}");
}

/// The upstream's state that a check must leave alone: HEAD, the index and the work tree.
fn snapshot(repo: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(repo)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| {
            let rel = e.path().strip_prefix(repo).unwrap();
            !rel.starts_with(".git")
                || rel == Path::new(".git/index")
                || rel == Path::new(".git/HEAD")
        })
        .map(|e| (e.path().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect()
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("HOME", dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Upstream")
        .env("GIT_AUTHOR_EMAIL", "up@example.com")
        .env("GIT_COMMITTER_NAME", "Upstream")
        .env("GIT_COMMITTER_EMAIL", "up@example.com")
        .output()
        .expect("run git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Commits `files` (path, text) and tags the commit.
fn commit_tag(repo: &Path, files: &[(&str, &str)], tag: &str) {
    for (path, text) in files {
        let file = repo.join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, text).unwrap();
    }
    git(repo, &["add", "-A"]);
    git(repo, &["commit", "-q", "-m", tag]);
    git(repo, &["tag", tag]);
}

const SYNC_V1: &str = "package pkg\n\nfunc Sync() error {\n\treturn nil\n}\n";
const SYNC_V2: &str = "package pkg\n\nimport (\n\t\"fmt\"\n)\n\nfunc Sync() error {\n\tfmt.Println(\"sync\")\n\treturn nil\n}\n\nfunc Other() {}\n";

/// An upstream with tags v1 and v2 (Sync moves from line 3 to 7, Other appears at 12),
/// left with a dirty work tree on v1 so reading it instead of the ref would show.
fn upstream(dir: &Path) -> PathBuf {
    let repo = dir.join("upstream");
    std::fs::create_dir_all(&repo).unwrap();
    git(&repo, &["init", "-q"]);
    commit_tag(&repo, &[("pkg/sync.go", SYNC_V1)], "v1");
    commit_tag(
        &repo,
        &[("pkg/sync.go", SYNC_V2), ("pkg/gone.go", "package gone\n")],
        "v2",
    );
    git(&repo, &["checkout", "-q", "v1"]);
    std::fs::write(repo.join("pkg/sync.go"), "// being edited\n").unwrap();
    std::fs::write(repo.join("notes.txt"), "untracked\n").unwrap();
    repo
}

#[test]
fn snippets_are_checked_against_the_upstream_at_its_ref_then_fixed() {
    let site = fixture("check-snippets");
    let repo = upstream(site.path());
    // gone.go exists at v2, not at v1: make the bad block ask v1 for it.
    let bad = site.path().join("content/post/bad-code.md");
    std::fs::write(
        &bad,
        std::fs::read_to_string(&bad).unwrap().replace(
            "date: 2025-01-05\n",
            "date: 2025-01-05\nsource: {repo: \"https://example.com/up/proj\", ref: v1}\n",
        ),
    )
    .unwrap();
    let before = snapshot(&repo);
    let upstream_arg = format!("--upstream=https://example.com/up/proj={}", repo.display());
    let (code, out) = check(site.path(), &[&upstream_arg]);
    assert_eq!(code, 1, "{out}");
    assert_eq!(
        problems(&out),
        [
            "content/post/bad-code.md:8:1: snippet: snippet of pkg/sync.go:1 matches nowhere in pkg/sync.go at v1",
            "content/post/bad-code.md:13:1: snippet: snippet of pkg/gone.go:1: pkg/gone.go does not exist at v1",
            "content/post/code.md:20:4: snippet: snippet of pkg/sync.go:3 matches v2 at line 12",
        ],
        "{out}"
    );
    assert!(out.contains("4 snippets: 3 problems"), "{out}");

    let code_md = site.path().join("content/post/code.md");
    let original = std::fs::read_to_string(&code_md).unwrap();
    let (_, out) = check(site.path(), &[&upstream_arg, "--fix"]);
    assert!(out.contains("fixed 1 snippet title"), "{out}");
    assert_eq!(
        std::fs::read_to_string(&code_md).unwrap(),
        original.replacen("// pkg/sync.go:3\n", "// pkg/sync.go:12\n", 1),
        "--fix changed more than the title"
    );
    std::fs::remove_file(&bad).unwrap();
    let (code, out) = check(site.path(), &[&upstream_arg]);
    assert_eq!((code, problems(&out)), (0, vec![]), "{out}");
    assert!(out.contains("3 snippets: 0 problems"), "{out}");
    assert_eq!(
        snapshot(&repo),
        before,
        "the upstream's work tree, index or HEAD changed"
    );

    build_ok(site.path(), &[]);
    let html = read(site.path(), "public/post/code/index.html");
    assert!(
        html.contains(">pkg/sync.go:12<") && html.contains("data-line=\"12\""),
        "{html}"
    );
}

#[test]
fn params_source_path_names_the_local_clone() {
    let site = fixture("check-snippets");
    let repo = upstream(site.path());
    let config = site.path().join("config.toml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str(&format!("path = \"{}\"\n", repo.display()));
    std::fs::write(&config, text).unwrap();
    let (code, out) = check(site.path(), &[]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(
            "content/post/code.md:20:4: snippet: snippet of pkg/sync.go:3 matches v2 at line 12"
        ),
        "{out}"
    );
    assert!(!out.contains("not checked"), "{out}");
}

#[test]
fn a_missing_upstream_clone_is_reported_and_a_bad_flag_exits_2() {
    let site = fixture("check-snippets");
    let (code, out) = check(
        site.path(),
        &["--upstream=https://example.com/up/proj=/nonexistent/clone"],
    );
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("cannot read the upstream clone /nonexistent/clone"),
        "{out}"
    );
    let out = blog()
        .args(["check", "--upstream", "no-equals-sign"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = blog()
        .args(["check", "-s", "/nonexistent/site"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A server on 127.0.0.1 with the answers external links meet, counting requests by path.
fn start_server() -> (String, Arc<Mutex<BTreeMap<String, usize>>>) {
    let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").unwrap());
    let base = format!("http://{}", server.server_addr().to_ip().unwrap());
    let hits: Arc<Mutex<BTreeMap<String, usize>>> = Arc::default();
    let busy = Arc::new(AtomicUsize::new(0));
    let (hits2, base2) = (hits.clone(), base.clone());
    std::thread::spawn(move || {
        for request in server.incoming_requests() {
            let (hits, busy, base) = (hits2.clone(), busy.clone(), base2.clone());
            std::thread::spawn(move || {
                let path = request.url().to_string();
                *hits.lock().unwrap().entry(path.clone()).or_default() += 1;
                let response = tiny_http::Response::empty(200);
                let response = match path.as_str() {
                    "/ok" => response,
                    "/moved" => response.with_status_code(301).with_header(
                        tiny_http::Header::from_bytes("Location", format!("{base}/ok")).unwrap(),
                    ),
                    "/missing" => response.with_status_code(404),
                    // Too many requests for the first three, then fine.
                    "/busy" if busy.fetch_add(1, Ordering::SeqCst) < 3 => response
                        .with_status_code(429)
                        .with_header(tiny_http::Header::from_bytes("Retry-After", "0").unwrap()),
                    "/busy" => response,
                    "/slow" => {
                        std::thread::sleep(Duration::from_secs(3));
                        response
                    }
                    _ => response.with_status_code(500),
                };
                let _ = request.respond(response);
            });
        }
    });
    (base, hits)
}

#[test]
fn external_links_are_visited_once_retried_followed_and_cached() {
    let site = fixture("check");
    let (base, hits) = start_server();
    std::fs::write(
        site.path().join("content/post/external.md"),
        format!(
            "---\ntitle: External\ndate: 2025-02-01\n---\n\n[ok]({base}/ok) [ok again]({base}/ok#frag) \
             [moved]({base}/moved)\n[missing]({base}/missing) [busy]({base}/busy)\n\n[slow]({base}/slow) \
             [skipped]({base}/skip-me)\n"
        ),
    )
    .unwrap();
    let config = site.path().join("config.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        format!("{text}\n[params.check]\ntimeout = 1\nskip = [\"skip-me\"]\n"),
    )
    .unwrap();
    let cache = site.path().join("cache");
    let cache_arg = format!("--cacheDir={}", cache.display());
    let started = std::time::Instant::now();
    let (code, out) = check(site.path(), &["--external", &cache_arg]);
    assert_eq!(code, 1, "{out}");
    let external: Vec<String> = problems(&out)
        .into_iter()
        .filter(|l| l.starts_with("content/post/external.md"))
        .map(without_column)
        .collect();
    assert_eq!(
        external,
        [
            format!(
                "content/post/external.md:6: redirect: {base}/moved moved permanently to {base}/ok"
            ),
            format!("content/post/external.md:7: external: {base}/missing: HTTP 404"),
            format!("content/post/external.md:9: external: {base}/slow: timed out"),
        ],
        "{out}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "took {:?}",
        started.elapsed()
    );
    {
        let hits = hits.lock().unwrap();
        assert_eq!(
            hits.get("/ok"),
            Some(&2),
            "HEAD once for two links, then once via /moved: {hits:?}"
        );
        assert!(
            hits.get("/busy").copied().unwrap_or(0) >= 4,
            "429 retried: {hits:?}"
        );
        assert_eq!(hits.get("/skip-me"), None, "{hits:?}");
    }
    // Good answers are remembered: a second run asks again only for what failed.
    let (_, again) = check(site.path(), &["--external", &cache_arg]);
    assert_eq!(problems(&again), problems(&out));
    let hits = hits.lock().unwrap();
    assert_eq!((hits["/ok"], hits["/missing"] > 1), (2, true), "{hits:?}");
}

#[test]
fn the_example_site_is_clean_and_its_snippets_match_an_upstream_made_of_them() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (code, out) = check(root, &["-D"]);
    assert_eq!((code, problems(&out)), (0, vec![]), "{out}");

    // The upstream: each titled snippet's lines written at its line of its file at its ref.
    let tmp = TempDir::new().unwrap();
    let repo = tmp.path().join("kubernetes");
    std::fs::create_dir_all(&repo).unwrap();
    git(&repo, &["init", "-q"]);
    let mut by_ref: BTreeMap<String, BTreeMap<String, Vec<String>>> = BTreeMap::new();
    let mut titled = 0;
    for entry in walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.path().extension().is_none_or(|e| e != "md") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        // `ref: v1.16.0` (YAML) or `ref = "v1.16.0"` (TOML) in the front matter's pin.
        let Some(git_ref) = text.lines().find_map(|l| {
            let l = l.trim();
            let value = l
                .strip_prefix("ref: ")
                .or_else(|| l.strip_prefix("ref = "))?;
            Some(value.trim_matches('"'))
        }) else {
            continue;
        };
        for (path, line, code) in titled_snippets(&text) {
            titled += 1;
            let file = by_ref
                .entry(git_ref.to_string())
                .or_default()
                .entry(path)
                .or_default();
            for (i, code_line) in code.iter().enumerate() {
                let at = line - 1 + i;
                if file.len() <= at {
                    file.resize(at + 1, String::new());
                }
                assert!(
                    file[at].is_empty() || file[at].trim() == code_line.trim(),
                    "two snippets disagree about line {} of a file",
                    at + 1
                );
                file[at] = if is_ellipsis(code_line) {
                    "// elided".into()
                } else {
                    code_line.clone()
                };
            }
        }
    }
    assert!(titled >= 9, "found only {titled} titled snippets");
    for (git_ref, files) in &by_ref {
        let files: Vec<(String, String)> = files
            .iter()
            .map(|(p, lines)| (p.clone(), lines.join("\n") + "\n"))
            .collect();
        let files: Vec<(&str, &str)> = files
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .collect();
        commit_tag(&repo, &files, git_ref);
    }
    let upstream_arg = format!(
        "--upstream=https://github.com/kubernetes/kubernetes={}",
        repo.display()
    );
    let (code, out) = check(root, &["-D", &upstream_arg]);
    assert_eq!((code, problems(&out)), (0, vec![]), "{out}");
    assert!(
        out.contains(&format!("{titled} snippets: 0 problems")),
        "{out}"
    );
}

fn is_ellipsis(line: &str) -> bool {
    matches!(line.trim(), "..." | "// ...")
}

/// `(path, line, code lines)` of each fenced block whose first line is `path:LINE`.
fn titled_snippets(text: &str) -> Vec<(String, usize, Vec<String>)> {
    let title = regex::Regex::new(r"^(?://\s*)?([\w./-]+\.[a-z]+):(\d+)$").unwrap();
    let mut out = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if !line.starts_with("```") {
            continue;
        }
        let block: Vec<&str> = lines
            .by_ref()
            .take_while(|l| !l.starts_with("```"))
            .collect();
        let Some(caps) = block.first().and_then(|first| title.captures(first.trim())) else {
            continue;
        };
        let code = block[1..]
            .iter()
            .skip_while(|l| l.trim().is_empty())
            .map(|l| l.to_string());
        out.push((
            caps[1].to_string(),
            caps[2].parse().unwrap(),
            code.collect(),
        ));
    }
    out
}
