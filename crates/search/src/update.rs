//! The index brought up to date for a few changed notes: only the term chunks holding their
//! changed terms are read, patched and cut again, so an edit costs milliseconds at any size
//! and rewrites only the files it touches. The result is the full build's, byte for byte:
//! both cut chunks with [`layout::Cutter`] and number notes with [`layout::slots`].

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::Value;

use crate::layout::{self, Posting};
use crate::{chunk_path, fragment_path, index_json, IndexState, NoteIndex};

/// What an update changed: new bytes by path, and the files it removed.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Delta {
    pub changed: BTreeMap<PathBuf, Vec<u8>>,
    pub removed: Vec<PathBuf>,
}

/// One note as it was and as it is now: its slot and its index part.
struct Change {
    old: Option<(u32, Arc<NoteIndex>)>,
    new: Option<(u32, Arc<NoteIndex>)>,
}

/// A term of a loaded chunk: its postings as written, or decoded once a change touched them.
enum Entry {
    Raw(String),
    Decoded(Vec<Posting>),
}

/// The state and files for `notes` (URL and key, in URL order), from `prev` and the files
/// it made (`read`), asking `part` for the index part of a note by key (the changed notes'
/// old and new parts). `None` when it cannot: every note id moves (the note count crossed
/// a power of two), a part or a file is missing; the caller then builds in full.
pub(crate) fn update(
    prev: &IndexState,
    read: &dyn Fn(&Path) -> Option<Vec<u8>>,
    notes: &[(&str, blake3::Hash)],
    part: &dyn Fn(&blake3::Hash) -> Option<Arc<NoteIndex>>,
) -> Option<(IndexState, Delta)> {
    let (table, ids) = layout::slots(notes.iter().map(|n| n.0));
    if table != prev.table || prev.chunks.is_empty() {
        return None;
    }
    let now: BTreeMap<&str, (blake3::Hash, u32)> = notes
        .iter()
        .zip(&ids)
        .map(|(&(url, key), &slot)| (url, (key, slot)))
        .collect();
    let changes = changes(prev, &now, part)?;
    let mut chunks = Chunks::new(prev, read, &changes);
    let rebuilt = chunks.settle()?;

    let mut next = IndexState {
        table,
        notes: now
            .iter()
            .map(|(url, entry)| (url.to_string(), *entry))
            .collect(),
        chunks: Vec::with_capacity(prev.chunks.len()),
        hashes: prev.hashes.clone(),
        index_hash: prev.index_hash,
    };
    let mut made: BTreeMap<PathBuf, Vec<u8>> = BTreeMap::new();
    let mut gone: BTreeSet<PathBuf> = BTreeSet::new();
    let mut runs = rebuilt.into_iter().peekable();
    for (i, (first, name)) in prev.chunks.iter().enumerate() {
        if let Some((lo, _, new)) = runs.next_if(|(lo, _, _)| *lo == i) {
            debug_assert_eq!(lo, i);
            for (first, body) in new {
                let name = layout::chunk_name(&first);
                made.insert(chunk_path(&name), body.into_bytes());
                next.chunks.push((first, name));
            }
        }
        if chunks.rebuilt.contains(&i) {
            gone.insert(chunk_path(name));
        } else {
            next.chunks.push((first.clone(), name.clone()));
        }
    }
    for change in &changes {
        if let Some((slot, _)) = change.old {
            gone.insert(fragment_path(slot));
        }
    }
    for change in &changes {
        if let Some((slot, part)) = &change.new {
            made.insert(fragment_path(*slot), part.fragment.clone());
        }
    }
    Some(finish(prev, next, made, gone))
}

/// The notes whose slot or key changed, with their old and new parts.
fn changes(
    prev: &IndexState,
    now: &BTreeMap<&str, (blake3::Hash, u32)>,
    part: &dyn Fn(&blake3::Hash) -> Option<Arc<NoteIndex>>,
) -> Option<Vec<Change>> {
    let urls: BTreeSet<&str> = prev
        .notes
        .keys()
        .map(String::as_str)
        .chain(now.keys().copied())
        .collect();
    let mut out = Vec::new();
    for url in urls {
        let old = prev.notes.get(url);
        let new = now.get(url);
        if old == new {
            continue;
        }
        let side = |entry: Option<&(blake3::Hash, u32)>| match entry {
            Some((key, slot)) => part(key).map(|p| Some((*slot, p))),
            None => Some(None),
        };
        out.push(Change {
            old: side(old)?,
            new: side(new)?,
        });
    }
    Some(out)
}

/// The old chunks an update reads and cuts again, patched for the changes.
struct Chunks<'a> {
    prev: &'a IndexState,
    read: &'a dyn Fn(&Path) -> Option<Vec<u8>>,
    changes: &'a [Change],
    /// Old chunks (by index) whose terms are cut again.
    rebuilt: BTreeSet<usize>,
    /// Old chunks read so far, patched.
    loaded: BTreeMap<usize, Vec<(String, String)>>,
}

impl<'a> Chunks<'a> {
    fn new(
        prev: &'a IndexState,
        read: &'a dyn Fn(&Path) -> Option<Vec<u8>>,
        changes: &'a [Change],
    ) -> Self {
        let mut rebuilt = BTreeSet::new();
        for change in changes {
            for term in touched_terms(change) {
                rebuilt.insert(chunk_of(prev, term));
            }
        }
        Chunks {
            prev,
            read,
            changes,
            rebuilt,
            loaded: BTreeMap::new(),
        }
    }

    /// Grows the set of rebuilt chunks until each run of them starts and ends where a
    /// full build would cut, then cuts each run: `(first old index, last, new chunks)`.
    #[allow(clippy::type_complexity)]
    fn settle(&mut self) -> Option<Vec<(usize, usize, Vec<(String, String)>)>> {
        'grow: loop {
            for (lo, hi) in runs(&self.rebuilt) {
                let pred = self.pred(lo)?;
                let terms = self.run_terms(lo, hi)?;
                if let Some((term, postings)) = terms.first() {
                    if lo > 0 && !layout::starts_chunk(term, postings.len(), pred) {
                        self.rebuilt.insert(lo - 1);
                        continue 'grow;
                    }
                }
                if hi + 1 < self.prev.chunks.len() {
                    let last = terms.last().map(|t| t.1.len()).or(pred);
                    let next = self.load(hi + 1)?;
                    let (term, postings) = next.first()?;
                    let last = if lo == 0 && terms.is_empty() {
                        None
                    } else {
                        last
                    };
                    if !layout::starts_chunk(term, postings.len(), last) {
                        self.rebuilt.insert(hi + 1);
                        continue 'grow;
                    }
                }
            }
            break;
        }
        let mut out = Vec::new();
        for (lo, hi) in runs(&self.rebuilt) {
            let mut cutter = layout::Cutter::after(self.pred(lo)?);
            for (term, postings) in self.run_terms(lo, hi)? {
                cutter.push(&term, &postings);
            }
            out.push((lo, hi, cutter.finish()));
        }
        Some(out)
    }

    /// The postings length of the last term before old chunk `lo`; `None` inside for the
    /// first chunk of all.
    fn pred(&mut self, lo: usize) -> Option<Option<usize>> {
        if lo == 0 {
            return Some(None);
        }
        Some(Some(self.load(lo - 1)?.last()?.1.len()))
    }

    fn run_terms(&mut self, lo: usize, hi: usize) -> Option<Vec<(String, String)>> {
        let mut terms = Vec::new();
        for i in lo..=hi {
            terms.extend(self.load(i)?.iter().cloned());
        }
        Some(terms)
    }

    /// Old chunk `i`, read and patched for the changes (a chunk no change touches reads
    /// back as it was).
    fn load(&mut self, i: usize) -> Option<&Vec<(String, String)>> {
        if !self.loaded.contains_key(&i) {
            let chunk = self.read_patched(i)?;
            self.loaded.insert(i, chunk);
        }
        self.loaded.get(&i)
    }

    fn read_patched(&self, i: usize) -> Option<Vec<(String, String)>> {
        let (lo, name) = &self.prev.chunks[i];
        let hi = self.prev.chunks.get(i + 1).map(|c| c.0.as_str());
        let in_range = |t: &str| (i == 0 || t >= lo.as_str()) && hi.is_none_or(|hi| t < hi);
        let bytes = (self.read)(&chunk_path(name))?;
        let Value::Object(map) = serde_json::from_slice(&bytes).ok()? else {
            return None;
        };
        let mut entries: BTreeMap<String, Entry> = BTreeMap::new();
        for (term, list) in map {
            if !in_range(&term) {
                return None;
            }
            entries.insert(term, Entry::Raw(serde_json::to_string(&list).ok()?));
        }
        // Every old posting out before any new one goes in: a note may take the slot
        // another one left.
        for change in self.changes {
            if let Some((slot, part)) = &change.old {
                for (term, _) in part.terms_in(i == 0, lo, hi) {
                    decoded(&mut entries, term)?.retain(|p| p.0 != *slot);
                }
            }
        }
        for change in self.changes {
            if let Some((slot, part)) = &change.new {
                for (term, pairs) in part.terms_in(i == 0, lo, hi) {
                    let list = decoded(&mut entries, term)?;
                    let at = list.partition_point(|p| p.0 < *slot);
                    let add = pairs.chunks(2).map(|p| (*slot, p[0], p[1]));
                    list.splice(at..at, add);
                }
            }
        }
        Some(
            entries
                .into_iter()
                .filter_map(|(term, entry)| match entry {
                    Entry::Raw(json) => Some((term, json)),
                    Entry::Decoded(list) if list.is_empty() => None,
                    Entry::Decoded(list) => Some((term, layout::encode(&list))),
                })
                .collect(),
        )
    }
}

/// The entry for `term`, decoded (a new one when no note had the term).
fn decoded<'e>(
    entries: &'e mut BTreeMap<String, Entry>,
    term: &str,
) -> Option<&'e mut Vec<Posting>> {
    let entry = entries
        .entry(term.to_string())
        .or_insert_with(|| Entry::Decoded(Vec::new()));
    if let Entry::Raw(json) = entry {
        *entry = Entry::Decoded(layout::decode(&serde_json::from_str(json).ok()?)?);
    }
    match entry {
        Entry::Decoded(list) => Some(list),
        Entry::Raw(_) => None,
    }
}

/// Maximal runs of consecutive indices.
fn runs(set: &BTreeSet<usize>) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for &i in set {
        match out.last_mut() {
            Some((_, hi)) if *hi + 1 == i => *hi = i,
            _ => out.push((i, i)),
        }
    }
    out
}

/// The old chunk a term belongs in (the first for a term before every chunk).
fn chunk_of(prev: &IndexState, term: &str) -> usize {
    prev.chunks
        .partition_point(|(first, _)| first.as_str() <= term)
        .saturating_sub(1)
}

/// The terms whose postings a change alters: for a note edited in place, those added,
/// removed or weighted otherwise; for a note added, removed or moved, all of them.
fn touched_terms(change: &Change) -> Vec<&str> {
    match (&change.old, &change.new) {
        (Some((a, old)), Some((b, new))) if a == b => {
            let mut out = Vec::new();
            let (mut i, mut j) = (0, 0);
            while i < old.len() || j < new.len() {
                let o = (i < old.len()).then(|| old.term(i));
                let n = (j < new.len()).then(|| new.term(j));
                match (o, n) {
                    (Some(o), Some(n)) if o.0 == n.0 => {
                        if o.1 != n.1 {
                            out.push(o.0);
                        }
                        i += 1;
                        j += 1;
                    }
                    (Some(o), n) if n.is_none_or(|n| o.0 < n.0) => {
                        out.push(o.0);
                        i += 1;
                    }
                    (_, Some(n)) => {
                        out.push(n.0);
                        j += 1;
                    }
                    (_, None) => break,
                }
            }
            out
        }
        (old, new) => old
            .iter()
            .chain(new)
            .flat_map(|(_, p)| (0..p.len()).map(|i| p.term(i).0))
            .collect(),
    }
}

/// The new state's file hashes, index and the files whose bytes differ from `prev`'s.
fn finish(
    prev: &IndexState,
    mut next: IndexState,
    made: BTreeMap<PathBuf, Vec<u8>>,
    gone: BTreeSet<PathBuf>,
) -> (IndexState, Delta) {
    let mut delta = Delta::default();
    for path in &gone {
        next.hashes.remove(path);
    }
    for (path, bytes) in made {
        let hash = blake3::hash(&bytes);
        next.hashes.insert(path.clone(), hash);
        if prev.hashes.get(&path) != Some(&hash) {
            delta.changed.insert(path, bytes);
        }
    }
    delta.removed = gone
        .into_iter()
        .filter(|p| !next.hashes.contains_key(p))
        .collect();
    let index = index_json(&next.hashes, next.notes.len(), &next.chunks);
    next.index_hash = blake3::hash(&index);
    if next.index_hash != prev.index_hash {
        delta
            .changed
            .insert(PathBuf::from(crate::INDEX_PATH), index);
    }
    (next, delta)
}
