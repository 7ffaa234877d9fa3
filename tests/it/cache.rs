//! End-to-end tests: the highlighted-code cache gives the same bytes as no cache, a
//! corrupted entry is ignored and rewritten, and the languages of a site share one pack.

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
        // The code pack; the search index keeps its own file beside it.
        .filter(|e| e.file_name().to_string_lossy().starts_with("code-"))
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
    assert_eq!(entries.len(), 1, "one pack per site");
    assert!(
        std::fs::metadata(&entries[0]).unwrap().len() > 1000,
        "cold build fills the pack"
    );
    let pack_before = std::fs::read(&entries[0]).unwrap();
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
        pack_before,
        std::fs::read(&entries[0]).unwrap(),
        "a warm build leaves the pack alone"
    );
}

#[test]
fn corrupted_entries_are_ignored_and_rewritten() {
    let site = fixture("highlight");
    let cache = tempfile::tempdir().unwrap();
    let cache_arg = cache.path().to_str().unwrap();
    build_ok(site.path(), &["-d", "good", "--cacheDir", cache_arg]);
    let good = all_files(&site.path().join("good"));
    let [pack] = cache_entries(cache.path())
        .try_into()
        .expect("one pack per site");
    let bytes = std::fs::read(&pack).unwrap();
    let spans_to_evil = |b: &[u8]| {
        String::from_utf8_lossy(b)
            .replace("<span", "<evil")
            .into_bytes()
    };
    let corruptions: [(&str, Vec<u8>); 3] = [
        ("checksums no longer match", spans_to_evil(&bytes)),
        ("a torn write", bytes[..bytes.len() / 2].to_vec()),
        ("a foreign file", b"<script>alert(1)</script>".to_vec()),
    ];
    for (what, broken) in corruptions {
        std::fs::write(&pack, broken).unwrap();
        build_ok(site.path(), &["-d", "again", "--cacheDir", cache_arg]);
        assert!(
            good == all_files(&site.path().join("again")),
            "{what} changed the output"
        );
        assert_eq!(
            std::fs::read(&pack).unwrap(),
            bytes,
            "{what}: the pack was not rewritten whole"
        );
    }
}

/// Every language's blocks go into the one pack, so a warm build of a two-language site
/// highlights nothing again: it finds every block and leaves the pack as it was.
#[test]
fn the_languages_of_a_site_share_one_pack() {
    let site = fixture("languages");
    let cache = tempfile::tempdir().unwrap();
    let cache_arg = cache.path().to_str().unwrap();
    build_ok(site.path(), &["-d", "cold", "--cacheDir", cache_arg]);
    let [pack] = cache_entries(cache.path())
        .try_into()
        .expect("one pack per site");
    let cold_pack = std::fs::read(&pack).unwrap();
    let text = String::from_utf8_lossy(&cold_pack);
    assert!(
        text.contains("informerCountsEvents") && text.contains("统计事件的数量"),
        "the pack holds both languages' blocks"
    );
    build_ok(site.path(), &["-d", "warm", "--cacheDir", cache_arg]);
    assert_eq!(
        cold_pack,
        std::fs::read(&pack).unwrap(),
        "a warm build found every block and left the pack alone"
    );
    build_ok(site.path(), &["-d", "nocache", "--ignoreCache"]);
    let warm = all_files(&site.path().join("warm"));
    assert_eq!(warm, all_files(&site.path().join("cold")));
    assert_eq!(warm, all_files(&site.path().join("nocache")));
}
