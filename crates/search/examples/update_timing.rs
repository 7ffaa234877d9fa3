//! Times the search index for one edited note, made in full and updated in place, over
//! the notes of a built site: `cargo run --release -p search --example update_timing --
//! PUBLIC` (each `post/*/index.html` stands for a note's body). A measurement for the
//! README, not a test.

use std::path::{Path, PathBuf};
use std::time::Instant;

use search::{index_files, read_all, update_files, NoteCache, NoteSource};

fn main() {
    let public = PathBuf::from(std::env::args().nth(1).expect("a built site's folder"));
    let mut notes: Vec<(String, String)> = std::fs::read_dir(public.join("post"))
        .expect("post/")
        .flatten()
        .filter_map(|e| {
            let html = std::fs::read_to_string(e.path().join("index.html")).ok()?;
            Some((format!("/post/{}/", e.file_name().to_string_lossy()), html))
        })
        .collect();
    notes.sort();
    let cache = NoteCache::default();
    let started = Instant::now();
    let cold = index_files(&as_notes(&notes), &NoteCache::default(), None);
    println!(
        "{} notes, {} files: full index, nothing cached: {:.0} ms",
        notes.len(),
        cold.files.len(),
        ms(started)
    );
    let built = index_files(&as_notes(&notes), &cache, None);
    // A second cache for the full index: a full build forgets the edited note's old part,
    // which the update needs.
    let full_cache = NoteCache::default();
    index_files(&as_notes(&notes), &full_cache, None);
    let files = read_all(built.files).unwrap();
    let state = built.state.unwrap();
    // One note in the middle gains a paragraph.
    let mut edited = notes.clone();
    let at = edited.len() / 3;
    edited[at].1.push_str("<p>zzsavedword</p>");
    let started = Instant::now();
    let full = index_files(&as_notes(&edited), &full_cache, None);
    let full_ms = ms(started);
    let started = Instant::now();
    let read = |p: &Path| files.get(p).cloned();
    let (next, delta) =
        update_files(&state, &read, &as_notes(&edited), &cache, None).expect("an update");
    println!(
        "one note edited: full index, parts cached {full_ms:.0} ms; update {:.1} ms \
         ({} files changed, {} removed)",
        ms(started),
        delta.changed.len(),
        delta.removed.len()
    );
    assert_eq!(Some(&next), full.state.as_ref());
}

fn as_notes(notes: &[(String, String)]) -> Vec<NoteSource<'_>> {
    notes
        .iter()
        .map(|(url, html)| NoteSource {
            url,
            title: url,
            html,
        })
        .collect()
}

fn ms(since: Instant) -> f64 {
    since.elapsed().as_secs_f64() * 1000.0
}
