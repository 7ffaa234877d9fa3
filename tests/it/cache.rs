//! End-to-end tests: the highlighted-code cache gives the same bytes as no cache, and a
//! corrupted entry is ignored and rewritten.

use std::path::Path;

use crate::common::*;

fn all_files(root: &Path) -> Vec<(String, Vec<u8>)> {
    list_files(root)
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(root.join(&f)).unwrap();
            (f, bytes)
        })
        .collect()
}

fn cache_entries(dir: &Path) -> Vec<std::path::PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().to_path_buf())
        .collect()
}

#[test]
fn a_hit_gives_the_same_bytes_as_a_miss() {
    let site = fixture("highlight");
    let cache = tempfile::tempdir().unwrap();
    let cache_arg = cache.path().to_str().unwrap();
    build_ok(site.path(), &["-d", "cold", "--cacheDir", cache_arg]);
    let entries = cache_entries(cache.path());
    assert!(
        entries.len() >= 5,
        "cold build fills the cache: {}",
        entries.len()
    );
    build_ok(site.path(), &["-d", "warm", "--cacheDir", cache_arg]);
    build_ok(site.path(), &["-d", "nocache", "--ignoreCache"]);
    let cold = all_files(&site.path().join("cold"));
    assert_eq!(
        cold,
        all_files(&site.path().join("warm")),
        "warm (cache hits) differs from cold"
    );
    assert_eq!(
        cold,
        all_files(&site.path().join("nocache")),
        "--ignoreCache differs"
    );
    assert_eq!(
        entries.len(),
        cache_entries(cache.path()).len(),
        "a warm build adds nothing"
    );
}

#[test]
fn corrupted_entries_are_ignored_and_rewritten() {
    let site = fixture("highlight");
    let cache = tempfile::tempdir().unwrap();
    let cache_arg = cache.path().to_str().unwrap();
    build_ok(site.path(), &["-d", "good", "--cacheDir", cache_arg]);
    let entries = cache_entries(cache.path());
    for (i, entry) in entries.iter().enumerate() {
        let text = std::fs::read_to_string(entry).unwrap();
        let broken = match i % 3 {
            0 => text.replace("<span", "<evil"), // checksum no longer matches
            1 => text[..text.len() / 2].to_string(), // torn write
            _ => "<script>alert(1)</script>".into(), // a foreign file
        };
        std::fs::write(entry, broken).unwrap();
    }
    let out = build_ok(site.path(), &["-d", "again", "--cacheDir", cache_arg]);
    assert_eq!(
        all_files(&site.path().join("good")),
        all_files(&site.path().join("again")),
        "a corrupted cache changed the output"
    );
    assert!(!String::from_utf8_lossy(&out.stdout).contains("evil"));
    for entry in entries {
        let text = std::fs::read_to_string(&entry).unwrap();
        assert!(
            text.starts_with("blog-code-cache v1\n") && !text.contains("<evil"),
            "{} not rewritten",
            entry.display()
        );
    }
}
