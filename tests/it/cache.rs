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

/// The search store beside the code pack (`search-*.pack`).
fn search_store(dir: &Path) -> std::path::PathBuf {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        // The file: each note's record is in a folder beside it.
        .find(|e| e.file_type().is_file() && e.file_name().to_string_lossy().starts_with("search-"))
        .expect("a search store")
        .path()
        .to_path_buf()
}

fn search_files(root: &Path) -> Vec<(String, Vec<u8>)> {
    all_files(root)
        .into_iter()
        .filter(|(f, _)| f.starts_with("search/") && f.ends_with(".json"))
        .collect()
}

#[test]
fn a_damaged_search_store_is_never_published_and_is_made_again() {
    let site = fixture("search");
    let cache = tempfile::tempdir().unwrap();
    let cache_arg = cache.path().to_str().unwrap();
    build_ok(site.path(), &["--cacheDir", cache_arg]);
    let good = search_files(&site.path().join("public"));
    assert!(!good.is_empty());
    // Five bytes flipped after a title, as a failing disk or a stray write would.
    let store = search_store(cache.path());
    let mut bytes = std::fs::read(&store).unwrap();
    let at = bytes
        .windows(9)
        .position(|w| w == b"\"title\":\"")
        .expect("a title in the store")
        + 9;
    for b in &mut bytes[at..at + 5] {
        *b ^= 0x5a;
    }
    std::fs::write(&store, &bytes).unwrap();

    // Into the same folder, into a new one, and once more: always the good index.
    for dest in ["public", "fresh", "fresh-again"] {
        build_ok(site.path(), &["-d", dest, "--cacheDir", cache_arg]);
        assert!(
            search_files(&site.path().join(dest)) == good,
            "{dest}: the damaged store reached the output"
        );
    }
    assert_ne!(
        std::fs::read(&store).unwrap(),
        bytes,
        "the store was made again"
    );
}

#[test]
fn a_pack_cut_short_under_running_builds_is_a_miss_not_a_crash() {
    let site = fixture("highlight");
    let cache = tempfile::tempdir().unwrap();
    let cache_arg = cache.path().to_str().unwrap().to_string();
    build_ok(site.path(), &["--cacheDir", &cache_arg]);
    let pack = cache_entries(cache.path()).remove(0);
    let full = std::fs::read(&pack).unwrap();
    let mut trial = 0;
    for delay_ms in [0u64, 1, 2, 4, 8, 12, 16, 24, 32, 48] {
        for _ in 0..2 {
            trial += 1;
            std::fs::write(&pack, &full).unwrap();
            let child = blog()
                .args([
                    "build",
                    "-d",
                    &format!("out-{trial}"),
                    "--cacheDir",
                    &cache_arg,
                ])
                .current_dir(site.path())
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap();
            std::thread::sleep(std::time::Duration::from_millis(delay_ms));
            // Cut short in place, as another program rewriting it would.
            let file = std::fs::OpenOptions::new().write(true).open(&pack).unwrap();
            file.set_len(full.len() as u64 / 3).unwrap();
            let out = child.wait_with_output().unwrap();
            use std::os::unix::process::ExitStatusExt;
            assert_eq!(
                out.status.signal(),
                None,
                "trial {trial}: the build died of a signal:\n{}",
                String::from_utf8_lossy(&out.stderr)
            );
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
    let reference = all_files(&site.path().join("public"));
    assert_eq!(
        all_files(&site.path().join(format!("out-{trial}"))),
        reference
    );
}
