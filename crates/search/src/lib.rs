//! Static full-text search: an index of the site's notes, written as plain JSON files under
//! `/search/` that the theme's `search.js` fetches a few at a time.
//!
//! Why our own index rather than Pagefind (measured in `bench/compare.sh`): Pagefind indexes
//! a finished site from disk in a separate process and cannot update an index in place; here
//! each note's part of the index is made from the HTML already in memory, kept per note
//! (keyed by a hash of what it depends on), and only the merge runs when one note changes.
//!
//! Layout of the published files (all deterministic, all through `output.rs`):
//! - `search/index.json`: the number of notes, a version hash, and the first term of each
//!   term chunk. A query reads it once.
//! - `search/c/N.json`: the sorted terms, cut into chunks of about [`CHUNK_BYTES`]; each term
//!   maps to flat postings, one per (note, section) in note order: the note as the step from
//!   the previous posting's note, then the section when the weight is 1 (most are), else
//!   `-1 - section` and the weight (`[3,2, 0,-5,20]`: note 3 section 2 weight 1, note 3
//!   section 4 weight 20). Small numbers: a third less to download than plain triples, and
//!   three times less once gzipped. A query reads the chunk of each of its terms (binary
//!   search over the first terms), so it downloads a few chunks, not the index.
//! - `search/f/N.json`: one note's URL, title and sections (heading, anchor, text), read only
//!   for the results shown, to draw their headings and snippets.

mod extract;
mod store;
pub mod tokens;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use serde_json::{json, Value};

pub use extract::decode_entities;
use extract::Section;

/// A term chunk is cut after it passes this many bytes: small enough that a query's few
/// chunks download fast, large enough that a 1,000-note index is a few hundred files.
const CHUNK_BYTES: usize = 48 * 1024;

/// How much a term counts where it appears: the title most (a note named for a word is the
/// note about it, however often others mention it), a heading or source title next. The
/// ranking takes the log of the summed weights, so these are far apart: on a 1,000-note
/// corpus where hundreds of notes say `准入控制` several times in passing, the one note with
/// it in a heading must still come first.
const TITLE_WEIGHT: u32 = 200;
const HEADING_WEIGHT: u32 = 20;
const BODY_WEIGHT: u32 = 1;

/// Term maps see every word of every note: a fast hash, not a DoS-resistant one, since the
/// text is the site's own.
type TermMap<V, K = String> = HashMap<K, V, foldhash::fast::FixedState>;

/// Where the index lives in the output, and the page that searches it.
pub const INDEX_DIR: &str = "search";

/// Whether the site is searchable: yes unless `[params.search] enable = false`.
pub fn enabled(params: &serde_json::Map<String, Value>) -> bool {
    params
        .get("search")
        .and_then(|s| s.get("enable"))
        .and_then(Value::as_bool)
        != Some(false)
}

/// True for the files [`index_files`] writes (not the `/search/` page beside them).
pub fn is_index_file(path: &std::path::Path) -> bool {
    let dir = std::path::Path::new(INDEX_DIR);
    path == dir.join("index.json")
        || path.starts_with(dir.join("c"))
        || path.starts_with(dir.join("f"))
}

/// What the index needs of one note.
pub struct NoteSource<'a> {
    /// Root-relative URL with the base path, as links use it.
    pub url: &'a str,
    pub title: &'a str,
    /// The rendered body.
    pub html: &'a str,
}

/// One note's part of the index: what it shows in results and the terms it holds, packed
/// into a few flat buffers. A 1,000-note site has about 400,000 (note, term) pairs; as a
/// `String` and a `Vec` each they were most of a cold build's search memory.
#[derive(Debug)]
pub struct NoteIndex {
    /// The note's `f/N.json`: URL, title and sections, made once while the text is at hand.
    fragment: Vec<u8>,
    /// The terms in sorted order, run together; term `i` ends at `term_ends[i]`.
    words: String,
    term_ends: Vec<u32>,
    /// Each term's (section, weight) pairs, flat; term `i`'s end at `pair_ends[i]`.
    pairs: Vec<u32>,
    pair_ends: Vec<u32>,
}

impl NoteIndex {
    fn len(&self) -> usize {
        self.term_ends.len()
    }

    /// Term `i` and its flat `[section, weight, ...]` pairs.
    fn term(&self, i: usize) -> (&str, &[u32]) {
        let start = |ends: &[u32]| if i == 0 { 0 } else { ends[i - 1] as usize };
        (
            &self.words[start(&self.term_ends)..self.term_ends[i] as usize],
            &self.pairs[start(&self.pair_ends)..self.pair_ends[i] as usize],
        )
    }
}

/// Notes already indexed, by a hash of their URL, title and HTML: a build indexes only the
/// notes that changed since the last one this process made (`serve`'s rebuilds).
#[derive(Debug, Default)]
pub struct NoteCache {
    by_key: Mutex<HashMap<blake3::Hash, Arc<NoteIndex>>>,
}

impl NoteCache {
    /// The index part of `note`, made now or found from an earlier build.
    fn get(&self, note: &NoteSource, key: blake3::Hash) -> Arc<NoteIndex> {
        if let Some(found) = self.by_key.lock().unwrap().get(&key) {
            return found.clone();
        }
        let made = Arc::new(index_note(note));
        self.by_key.lock().unwrap().insert(key, made.clone());
        made
    }

    /// Forgets notes not in `keep`, so an edited note's old part does not stay forever.
    fn retain(&self, keep: &[blake3::Hash]) {
        let keep: std::collections::HashSet<&blake3::Hash> = keep.iter().collect();
        self.by_key.lock().unwrap().retain(|k, _| keep.contains(k));
    }
}

fn note_key(note: &NoteSource) -> blake3::Hash {
    let mut h = blake3::Hasher::new();
    for part in [note.url, note.title, note.html] {
        h.update(&(part.len() as u64).to_le_bytes());
        h.update(part.as_bytes());
    }
    h.finalize()
}

/// Indexes one note: its sections and every term in them, weighted by where it appears.
/// Section 0 is the title alone, so a result can tell a title match from one in the text.
pub fn index_note(note: &NoteSource) -> NoteIndex {
    let mut sections = vec![Section {
        heading: note.title.to_string(),
        anchor: String::new(),
        text: String::new(),
    }];
    sections.extend(extract::sections(note.html));
    let mut slot: TermMap<usize> = TermMap::default();
    let mut terms: Vec<(String, Vec<(u32, u32)>)> = Vec::new();
    let mut add = |text: &str, sec: u32, weight: u32| {
        tokens::terms(text, &mut |t| {
            let i = match slot.get(t) {
                Some(&i) => i,
                None => {
                    slot.insert(t.to_string(), terms.len());
                    terms.push((t.to_string(), Vec::new()));
                    terms.len() - 1
                }
            };
            // Sections come in order, so a term's entry for this section is its last.
            let secs = &mut terms[i].1;
            match secs.last_mut() {
                Some((s, w)) if *s == sec => *w += weight,
                _ => secs.push((sec, weight)),
            }
        })
    };
    add(note.title, 0, TITLE_WEIGHT);
    for (i, s) in sections.iter().enumerate().skip(1) {
        add(&s.heading, i as u32, HEADING_WEIGHT);
        add(&s.text, i as u32, BODY_WEIGHT);
    }
    terms.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut part = NoteIndex {
        fragment: fragment(note, &sections).into_bytes(),
        words: String::with_capacity(terms.iter().map(|t| t.0.len()).sum()),
        term_ends: Vec::with_capacity(terms.len()),
        pairs: Vec::with_capacity(terms.iter().map(|t| 2 * t.1.len()).sum()),
        pair_ends: Vec::with_capacity(terms.len()),
    };
    for (term, secs) in terms {
        part.words.push_str(&term);
        part.term_ends.push(part.words.len() as u32);
        part.pairs
            .extend(secs.into_iter().flat_map(|(s, w)| [s, w]));
        part.pair_ends.push(part.pairs.len() as u32);
    }
    part
}

/// The bytes of an index file: made by this build, or still in the stored index, read
/// (and checked) only when needed: a warm build compares the stored files with the output
/// folder by their hashes, so a large site's index costs no new memory.
#[derive(Debug, Clone)]
pub enum FileBytes {
    Made(Vec<u8>),
    Stored(store::StoredFile),
}

impl FileBytes {
    /// The bytes; `None` for a stored file the store no longer holds as saved.
    pub fn read(&self) -> Option<std::borrow::Cow<'_, [u8]>> {
        match self {
            FileBytes::Made(bytes) => Some(bytes.as_slice().into()),
            FileBytes::Stored(stored) => stored.read().map(Into::into),
        }
    }

    /// The bytes, owned; `None` as for [`FileBytes::read`].
    pub fn into_vec(self) -> Option<Vec<u8>> {
        match self {
            FileBytes::Made(bytes) => Some(bytes),
            FileBytes::Stored(stored) => stored.read(),
        }
    }
}

impl PartialEq for FileBytes {
    fn eq(&self, other: &FileBytes) -> bool {
        self.read() == other.read()
    }
}

/// Every file's bytes, or `None` when a stored one no longer reads back as saved (the
/// caller indexes again with [`index_files_again`]).
pub fn read_all(files: IndexFiles) -> Option<BTreeMap<PathBuf, Vec<u8>>> {
    files
        .into_iter()
        .map(|(path, bytes)| Some((path, bytes.into_vec()?)))
        .collect()
}

/// The index files by output path.
pub type IndexFiles = BTreeMap<PathBuf, FileBytes>;

/// The index files for these notes, by output path. Notes are numbered in URL order, so
/// the same notes always give the same bytes. `store` (beside the code cache) keeps the
/// last index made, so a build whose notes are all unchanged only hashes them.
pub fn index_files(notes: &[NoteSource], cache: &NoteCache, store: Option<&Path>) -> IndexFiles {
    let mut order: Vec<usize> = (0..notes.len()).collect();
    order.sort_by(|&a, &b| notes[a].url.cmp(notes[b].url));
    let keys: Vec<blake3::Hash> = order.par_iter().map(|&i| note_key(&notes[i])).collect();
    let digest = store::digest(&keys);
    if let Some(files) = store.and_then(|s| store::load(s, &digest)) {
        return files;
    }
    make_and_save(notes, &order, &keys, cache, store.map(|s| (s, digest)))
}

/// The index files made from the notes, never read from the store, which they replace: for
/// when a stored file turned out damaged.
pub fn index_files_again(
    notes: &[NoteSource],
    cache: &NoteCache,
    store: Option<&Path>,
) -> IndexFiles {
    let mut order: Vec<usize> = (0..notes.len()).collect();
    order.sort_by(|&a, &b| notes[a].url.cmp(notes[b].url));
    let keys: Vec<blake3::Hash> = order.par_iter().map(|&i| note_key(&notes[i])).collect();
    let digest = store::digest(&keys);
    make_and_save(notes, &order, &keys, cache, store.map(|s| (s, digest)))
}

fn make_and_save(
    notes: &[NoteSource],
    order: &[usize],
    keys: &[blake3::Hash],
    cache: &NoteCache,
    store: Option<(&Path, blake3::Hash)>,
) -> IndexFiles {
    let parts: Vec<Arc<NoteIndex>> = order
        .par_iter()
        .zip(keys)
        .map(|(&i, key)| cache.get(&notes[i], *key))
        .collect();
    cache.retain(keys);
    let files: IndexFiles = make_files(&parts)
        .into_iter()
        .map(|(path, bytes)| (path, FileBytes::Made(bytes)))
        .collect();
    if let Some((store, digest)) = store {
        store::save(store, &digest, &files);
    }
    files
}

fn make_files(parts: &[Arc<NoteIndex>]) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files: BTreeMap<PathBuf, Vec<u8>> = parts
        .iter()
        .enumerate()
        .map(|(id, note)| {
            (
                PathBuf::from(format!("{INDEX_DIR}/f/{id}.json")),
                note.fragment.clone(),
            )
        })
        .collect();
    let chunks = chunks(parts);
    let mut firsts = Vec::with_capacity(chunks.len());
    for (n, (first, body)) in chunks.into_iter().enumerate() {
        firsts.push(first);
        files.insert(
            PathBuf::from(format!("{INDEX_DIR}/c/{n}.json")),
            body.into_bytes(),
        );
    }
    let mut version = blake3::Hasher::new();
    for bytes in files.values() {
        version.update(blake3::hash(bytes).as_bytes());
    }
    let index = json!({
        "version": &version.finalize().to_hex()[..16],
        "notes": parts.len(),
        "chunks": firsts,
    });
    files.insert(
        PathBuf::from(format!("{INDEX_DIR}/index.json")),
        index.to_string().into_bytes(),
    );
    files
}

/// Every term with its postings, notes in order, cut into
/// chunks in sorted term order: each chunk's first term and its JSON. The notes' sorted term
/// lists are merged as they are (a heap of each note's next term), so no map of every term
/// is built: the chunks' text is the only new memory.
fn chunks(parts: &[Arc<NoteIndex>]) -> Vec<(String, String)> {
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;
    use std::fmt::Write;
    // (next term, note id, its index in the note): popped by term, then note.
    let mut next: BinaryHeap<Reverse<(&str, usize, usize)>> = parts
        .iter()
        .enumerate()
        .filter(|(_, p)| p.len() > 0)
        .map(|(id, p)| Reverse((p.term(0).0, id, 0)))
        .collect();
    let mut out = Vec::new();
    let mut body = String::new();
    let mut first = String::new();
    let mut current: Option<&str> = None;
    let mut prev = 0;
    while let Some(Reverse((term, id, i))) = next.pop() {
        if i + 1 < parts[id].len() {
            next.push(Reverse((parts[id].term(i + 1).0, id, i + 1)));
        }
        if current == Some(term) {
            body.push(',');
        } else {
            if current.is_some() {
                body.push(']');
                if body.len() >= CHUNK_BYTES {
                    body.push('}');
                    out.push((std::mem::take(&mut first), std::mem::take(&mut body)));
                }
            }
            if body.is_empty() {
                first = term.to_string();
                body.push('{');
            } else {
                body.push(',');
            }
            body.push_str(&Value::from(term).to_string());
            body.push_str(":[");
            current = Some(term);
            prev = 0;
        }
        for (k, pair) in parts[id].term(i).1.chunks(2).enumerate() {
            let sep = if k > 0 { "," } else { "" };
            let _ = match (pair[0], pair[1]) {
                (section, 1) => write!(body, "{sep}{},{section}", id - prev),
                (section, weight) => {
                    write!(body, "{sep}{},{},{weight}", id - prev, -1 - section as i64)
                }
            };
            prev = id;
        }
    }
    if current.is_some() {
        body.push_str("]}");
        out.push((first, body));
    }
    out
}

/// What a result shows of a note: its URL, title and sections.
fn fragment(note: &NoteSource, sections: &[Section]) -> String {
    let sections: Vec<Value> = sections
        .iter()
        .map(|s| json!([s.heading, s.anchor, s.text]))
        .collect();
    json!({"url": note.url, "title": note.title, "sections": sections}).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note<'a>(url: &'a str, title: &'a str, html: &'a str) -> NoteSource<'a> {
        NoteSource { url, title, html }
    }

    #[test]
    fn the_same_notes_in_any_order_give_the_same_files() {
        let a = note("/a/", "选主", "<p>租约续约</p>");
        let b = note(
            "/b/",
            "ReplicaSet",
            "<h2 id=\"s\">sync</h2><p>syncReplicaSet</p>",
        );
        let one = index_files(&[a, b], &NoteCache::default(), None);
        let (a, b) = (
            note("/a/", "选主", "<p>租约续约</p>"),
            note(
                "/b/",
                "ReplicaSet",
                "<h2 id=\"s\">sync</h2><p>syncReplicaSet</p>",
            ),
        );
        let two = index_files(&[b, a], &NoteCache::default(), None);
        assert_eq!(one, two);
        let index: Value =
            serde_json::from_slice(&one[&PathBuf::from("search/index.json")].read().unwrap())
                .unwrap();
        assert_eq!(index["notes"], 2);
        let chunk: Value =
            serde_json::from_slice(&one[&PathBuf::from("search/c/0.json")].read().unwrap())
                .unwrap();
        // `选主` is in note 0's title (section 0); `replicaset` in note 1's title and in the
        // body of its first heading (section 2: section 1 is the empty top of the note).
        assert_eq!(chunk["选主"], json!([0, -1, TITLE_WEIGHT]));
        assert_eq!(chunk["replicaset"], json!([1, -1, TITLE_WEIGHT, 0, 2]));
    }

    #[test]
    fn an_unchanged_note_is_not_indexed_again() {
        let cache = NoteCache::default();
        let a = note("/a/", "A", "<p>x</p>");
        let first = cache.get(&a, note_key(&a));
        assert!(Arc::ptr_eq(&first, &cache.get(&a, note_key(&a))));
        let edited = note("/a/", "A", "<p>y</p>");
        assert!(!Arc::ptr_eq(&first, &cache.get(&edited, note_key(&edited))));
    }

    #[test]
    fn large_indexes_are_cut_into_sorted_chunks() {
        let html: String = (0..20000).map(|i| format!("<p>word{i}</p>")).collect();
        let files = index_files(&[note("/a/", "A", &html)], &NoteCache::default(), None);
        let index: Value =
            serde_json::from_slice(&files[&PathBuf::from("search/index.json")].read().unwrap())
                .unwrap();
        let firsts: Vec<&str> = index["chunks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert!(firsts.len() > 2, "{firsts:?}");
        assert!(firsts.windows(2).all(|w| w[0] < w[1]));
    }
}
