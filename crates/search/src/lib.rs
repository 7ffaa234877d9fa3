//! Static full-text search: an index of the site's notes, written as plain JSON files under
//! `/search/` that the theme's `search.js` fetches a few at a time.
//!
//! Why our own index rather than Pagefind (measured in `bench/compare.sh`): Pagefind indexes
//! a finished site from disk in a separate process and cannot update an index in place; here
//! each note's part of the index is made from the HTML already in memory, kept per note
//! (keyed by a hash of what it depends on), and when notes change only the chunks their
//! changed terms are in are read and cut again (`update.rs`).
//!
//! Layout of the published files (all deterministic, all through `output.rs`), chosen so
//! that one note's edit rewrites few files and an incremental update ([`update_files`])
//! gives the full build's bytes:
//! - Note ids are slots: the URL's hash modulo a table of at least twice the notes (a power
//!   of two), the next free slot on a collision, taken in URL order. An id depends on the
//!   set of URLs alone; adding or removing a note moves no other id, except notes that had
//!   probed past its slot, and all of them when the note count crosses a power of two.
//! - `search/index.json`: the number of notes, a version hash (of every other file, so a
//!   browser never mixes chunks of two builds), the first term of each term chunk and its
//!   file name. A query reads it once.
//! - `search/c/NAME.json`: the sorted terms cut into chunks; NAME is a hash of the chunk's
//!   first term. A chunk starts at a term whose hash is 0 modulo 48, or whose postings (or
//!   the previous term's) pass [`layout::BIG`]: boundaries depend on each term alone, so
//!   they move only where an edit adds or removes terms, and a word most notes use has a
//!   chunk of its own. Each term maps to flat postings, one per (note, section) in slot
//!   order: the slot as the step from the previous posting's, then the section when the
//!   weight is 1 (most are), else `-1 - section` and the weight (`[3,2, 0,-5,20]`: note 3
//!   section 2 weight 1, note 3 section 4 weight 20). A query reads the chunk of each of
//!   its terms (binary search over the first terms).
//! - `search/f/ID.json`: one note's URL, title and sections (heading, anchor, text), read
//!   only for the results shown, to draw their headings and snippets.
//!
//! So an edit in place rewrites its fragment, `index.json` and the chunks of the terms
//! whose (section, weight) it changed: an appended paragraph, a few files; a note added,
//! removed or renamed, the chunks of all its terms.

mod extract;
mod layout;
mod records;
mod store;
pub mod tokens;
mod update;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use serde_json::{json, Value};

pub use extract::decode_entities;
use extract::Section;
pub use update::Delta;

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

    /// The terms from `lo` (from the first, when `from_start`) up to `hi`, not included.
    fn terms_in<'s>(
        &'s self,
        from_start: bool,
        lo: &str,
        hi: Option<&str>,
    ) -> impl Iterator<Item = (&'s str, &'s [u32])> + 's {
        let mut at = 0;
        if !from_start {
            // Terms are sorted: a binary search finds the first in range.
            let (mut a, mut b) = (0, self.len());
            while a < b {
                let mid = (a + b) / 2;
                if self.term(mid).0 < lo {
                    a = mid + 1;
                } else {
                    b = mid;
                }
            }
            at = a;
        }
        let hi = hi.map(str::to_string);
        (at..self.len())
            .map(|i| self.term(i))
            .take_while(move |(t, _)| hi.as_deref().is_none_or(|hi| *t < hi))
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

    /// The index part of the note with this key, when an earlier build made it.
    fn lookup(&self, key: &blake3::Hash) -> Option<Arc<NoteIndex>> {
        self.by_key.lock().unwrap().get(key).cloned()
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

/// An index as a build made it: its files, and its state for the next update (`None`
/// when the stored files could not tell it).
#[derive(Debug)]
pub struct Built {
    pub files: IndexFiles,
    pub state: Option<IndexState>,
}

/// The notes' URLs and keys, in URL order.
fn keyed<'n>(notes: &'n [NoteSource]) -> Vec<(&'n str, blake3::Hash, usize)> {
    let mut out: Vec<(&str, blake3::Hash, usize)> = notes
        .par_iter()
        .enumerate()
        .map(|(i, n)| (n.url, note_key(n), i))
        .collect();
    out.sort_by(|a, b| a.0.cmp(b.0));
    out
}

/// The index files for these notes, by output path. Note ids and chunks depend on the
/// notes alone, so the same notes always give the same bytes. `store` (beside the code
/// cache) keeps the last index made, so a build whose notes are all unchanged only hashes
/// them.
pub fn index_files(notes: &[NoteSource], cache: &NoteCache, store: Option<&Path>) -> Built {
    let keyed = keyed(notes);
    let keys: Vec<blake3::Hash> = keyed.iter().map(|k| k.1).collect();
    let digest = store::digest(&keys);
    if let Some(files) = store.and_then(|s| store::load(s, &digest)) {
        let state = state_of(&keyed, &files);
        return Built { files, state };
    }
    if let Some(built) = store.and_then(|s| update_stored(notes, &keyed, cache, (s, digest))) {
        return built;
    }
    make_and_save(notes, &keyed, cache, store.map(|s| (s, digest)))
}

/// The stored index, made for other notes, brought up to date for these: the changed
/// notes' old parts come from their records, the chunks from the store, and the files no
/// change touched stay in the store, never read unless the output folder lacks them.
fn update_stored(
    notes: &[NoteSource],
    keyed: &[(&str, blake3::Hash, usize)],
    cache: &NoteCache,
    (store, digest): (&Path, blake3::Hash),
) -> Option<Built> {
    let (_, mut files, stored_notes) = store::load_any(store)?;
    let stored: Vec<(&str, blake3::Hash, usize)> = stored_notes
        .iter()
        .map(|(url, key)| (url.as_str(), *key, 0))
        .collect();
    if stored.windows(2).any(|w| w[0].0 >= w[1].0) {
        return None;
    }
    let prev = state_of(&stored, &files)?;
    let records = records::dir(store);
    let part = parts(notes, keyed, cache, Some(&records));
    let urls: Vec<(&str, blake3::Hash)> = keyed.iter().map(|k| (k.0, k.1)).collect();
    let read = |path: &Path| files.get(path)?.read().map(|b| b.into_owned());
    let (state, delta) = update::update(&prev, &read, &urls, &part)?;
    for path in &delta.removed {
        files.remove(path);
    }
    for (path, bytes) in delta.changed {
        files.insert(path, FileBytes::Made(bytes));
    }
    store::save(store, &digest, &files, &urls);
    // The changed notes' records: the new versions in, the old ones out.
    let now: std::collections::HashSet<&blake3::Hash> = urls.iter().map(|u| &u.1).collect();
    let before: std::collections::HashSet<&blake3::Hash> =
        stored_notes.iter().map(|n| &n.1).collect();
    for key in before.difference(&now) {
        records::remove(&records, key);
    }
    for key in now.difference(&before) {
        if let Some(part) = part(key) {
            records::save(&records, key, &part);
        }
    }
    Some(Built {
        files,
        state: Some(state),
    })
}

/// The index files made from the notes, never read from the store, which they replace: for
/// when a stored file turned out damaged.
pub fn index_files_again(notes: &[NoteSource], cache: &NoteCache, store: Option<&Path>) -> Built {
    let keyed = keyed(notes);
    let keys: Vec<blake3::Hash> = keyed.iter().map(|k| k.1).collect();
    let digest = store::digest(&keys);
    make_and_save(notes, &keyed, cache, store.map(|s| (s, digest)))
}

/// The index brought from `prev` (whose files `read` gives) to these notes: indexes the
/// notes whose key changed, reads the chunks their changed terms are in, and returns only
/// the files whose bytes changed. A changed note's old part comes from `cache`, else from
/// its record beside `store`. `None` when it cannot (an old part is in neither, a file
/// does not read back, or every note id moves): build in full.
pub fn update_files(
    prev: &IndexState,
    read: &dyn Fn(&Path) -> Option<Vec<u8>>,
    notes: &[NoteSource],
    cache: &NoteCache,
    store: Option<&Path>,
) -> Option<(IndexState, Delta)> {
    let keyed = keyed(notes);
    let records = store.map(records::dir);
    let part = parts(notes, &keyed, cache, records.as_deref());
    let urls: Vec<(&str, blake3::Hash)> = keyed.iter().map(|k| (k.0, k.1)).collect();
    let updated = update::update(prev, read, &urls, &part);
    if updated.is_some() {
        let keys: Vec<blake3::Hash> = keyed.iter().map(|k| k.1).collect();
        cache.retain(&keys);
    }
    updated
}

/// Where an update finds a note's part by key: in memory, in its record, or (for the
/// notes as they are now) by indexing the note.
fn parts<'a>(
    notes: &'a [NoteSource],
    keyed: &[(&str, blake3::Hash, usize)],
    cache: &'a NoteCache,
    records: Option<&'a Path>,
) -> impl Fn(&blake3::Hash) -> Option<Arc<NoteIndex>> + 'a {
    let by_key: HashMap<blake3::Hash, usize> = keyed.iter().map(|k| (k.1, k.2)).collect();
    move |key| {
        if let Some(found) = cache.lookup(key) {
            return Some(found);
        }
        if let Some(i) = by_key.get(key) {
            return Some(cache.get(&notes[*i], *key));
        }
        records
            .and_then(|dir| records::load(dir, key))
            .map(Arc::new)
    }
}

fn make_and_save(
    notes: &[NoteSource],
    keyed: &[(&str, blake3::Hash, usize)],
    cache: &NoteCache,
    store: Option<(&Path, blake3::Hash)>,
) -> Built {
    let parts: Vec<(&str, blake3::Hash, Arc<NoteIndex>)> = keyed
        .par_iter()
        .map(|&(url, key, i)| (url, key, cache.get(&notes[i], key)))
        .collect();
    let keys: Vec<blake3::Hash> = keyed.iter().map(|k| k.1).collect();
    cache.retain(&keys);
    let (made, state) = make_files(&parts);
    let files: IndexFiles = made
        .into_iter()
        .map(|(path, bytes)| (path, FileBytes::Made(bytes)))
        .collect();
    if let Some((store, digest)) = store {
        let urls: Vec<(&str, blake3::Hash)> = keyed.iter().map(|k| (k.0, k.1)).collect();
        store::save(store, &digest, &files, &urls);
        let records = records::dir(store);
        parts
            .par_iter()
            .for_each(|(_, key, part)| records::save(&records, key, part));
        records::prune(&records, &keys.iter().copied().collect());
    }
    Built {
        files,
        state: Some(state),
    }
}

/// The state of stored files made for these notes: their hashes as the store gives them,
/// and the chunks `index.json` lists.
fn state_of(keyed: &[(&str, blake3::Hash, usize)], files: &IndexFiles) -> Option<IndexState> {
    let (table, ids) = layout::slots(keyed.iter().map(|k| k.0));
    let hash = |bytes: &FileBytes| match bytes {
        FileBytes::Made(b) => blake3::hash(b),
        FileBytes::Stored(s) => blake3::Hash::from(*s.hash()),
    };
    let index_bytes = files.get(Path::new(INDEX_PATH))?;
    let index: Value = serde_json::from_slice(&index_bytes.read()?).ok()?;
    let strings = |key: &str| -> Option<Vec<String>> {
        index[key]
            .as_array()?
            .iter()
            .map(|v| v.as_str().map(str::to_string))
            .collect()
    };
    let (firsts, names) = (strings("chunks")?, strings("names")?);
    if firsts.len() != names.len() {
        return None;
    }
    Some(IndexState {
        table,
        notes: keyed
            .iter()
            .zip(ids)
            .map(|(k, slot)| (k.0.to_string(), (k.1, slot)))
            .collect(),
        chunks: firsts.into_iter().zip(names).collect(),
        hashes: files
            .iter()
            .filter(|(path, _)| *path != Path::new(INDEX_PATH))
            .map(|(path, bytes)| (path.clone(), hash(bytes)))
            .collect(),
        index_hash: hash(index_bytes),
    })
}

/// The index's own file, read first by a query.
pub const INDEX_PATH: &str = "search/index.json";

fn chunk_path(name: &str) -> PathBuf {
    PathBuf::from(format!("{INDEX_DIR}/c/{name}.json"))
}

fn fragment_path(slot: u32) -> PathBuf {
    PathBuf::from(format!("{INDEX_DIR}/f/{slot}.json"))
}

/// What an index is, besides its files: what an incremental update starts from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexState {
    /// How many slots note ids come from ([`layout::table_size`]).
    table: u32,
    /// Each note's key and slot, by URL.
    notes: BTreeMap<String, (blake3::Hash, u32)>,
    /// Each chunk's first term and file name, in term order.
    chunks: Vec<(String, String)>,
    /// The hash of every file but `index.json`, whose version is made from them.
    hashes: BTreeMap<PathBuf, blake3::Hash>,
    index_hash: blake3::Hash,
}

impl IndexState {
    /// Whether `index` is the `index.json` this state made: then the other files a reader
    /// holds beside it are this state's too (its version covers them all).
    pub fn made(&self, index: &[u8]) -> bool {
        blake3::hash(index) == self.index_hash
    }
}

/// `index.json`: the number of notes, a version (from every other file's hash, so a
/// browser never mixes old and new chunks), and each chunk's first term and file name.
fn index_json(
    hashes: &BTreeMap<PathBuf, blake3::Hash>,
    notes: usize,
    chunks: &[(String, String)],
) -> Vec<u8> {
    let mut version = blake3::Hasher::new();
    for hash in hashes.values() {
        version.update(hash.as_bytes());
    }
    let (firsts, names): (Vec<&str>, Vec<&str>) =
        chunks.iter().map(|(f, n)| (f.as_str(), n.as_str())).unzip();
    json!({
        "version": &version.finalize().to_hex()[..16],
        "notes": notes,
        "chunks": firsts,
        "names": names,
    })
    .to_string()
    .into_bytes()
}

/// Every file of the index for these notes (URL, key and part, in URL order), and its state.
fn make_files(
    notes: &[(&str, blake3::Hash, Arc<NoteIndex>)],
) -> (BTreeMap<PathBuf, Vec<u8>>, IndexState) {
    let (table, ids) = layout::slots(notes.iter().map(|n| n.0));
    let parts: Vec<(u32, &NoteIndex)> = ids.iter().zip(notes).map(|(&s, n)| (s, &*n.2)).collect();
    let mut files: BTreeMap<PathBuf, Vec<u8>> = parts
        .iter()
        .map(|(slot, part)| (fragment_path(*slot), part.fragment.clone()))
        .collect();
    let mut chunks = Vec::new();
    for (first, body) in merge_terms(&parts) {
        let name = layout::chunk_name(&first);
        files.insert(chunk_path(&name), body.into_bytes());
        chunks.push((first, name));
    }
    let hashes: BTreeMap<PathBuf, blake3::Hash> = files
        .par_iter()
        .map(|(path, bytes)| (path.clone(), blake3::hash(bytes)))
        .collect();
    let index = index_json(&hashes, notes.len(), &chunks);
    let state = IndexState {
        table,
        notes: notes
            .iter()
            .zip(&ids)
            .map(|((url, key, _), &slot)| (url.to_string(), (*key, slot)))
            .collect(),
        chunks,
        hashes,
        index_hash: blake3::hash(&index),
    };
    files.insert(PathBuf::from(INDEX_PATH), index);
    (files, state)
}

/// Every term with its postings, slots in order, cut into chunks in sorted term order:
/// each chunk's first term and its JSON. The notes' sorted term lists are merged as they
/// are (a heap of each note's next term), so no map of every term is built.
fn merge_terms(parts: &[(u32, &NoteIndex)]) -> Vec<(String, String)> {
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;
    // (next term, slot, the part, its index in the part): popped by term, then slot.
    let mut next: BinaryHeap<Reverse<(&str, u32, usize, usize)>> = parts
        .iter()
        .enumerate()
        .filter(|(_, p)| p.1.len() > 0)
        .map(|(n, p)| Reverse((p.1.term(0).0, p.0, n, 0)))
        .collect();
    let mut cutter = layout::Cutter::default();
    let mut current: Option<&str> = None;
    let mut postings: Vec<layout::Posting> = Vec::new();
    while let Some(Reverse((term, slot, n, i))) = next.pop() {
        let part = parts[n].1;
        if i + 1 < part.len() {
            next.push(Reverse((part.term(i + 1).0, slot, n, i + 1)));
        }
        if current != Some(term) {
            if let Some(done) = current {
                cutter.push(done, &layout::encode(&postings));
            }
            postings.clear();
            current = Some(term);
        }
        postings.extend(part.term(i).1.chunks(2).map(|p| (slot, p[0], p[1])));
    }
    if let Some(done) = current {
        cutter.push(done, &layout::encode(&postings));
    }
    cutter.finish()
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
mod tests;
