//! Each note's index part on disk, one file per note key in a folder beside the store
//! (`search-….notes/KEY`): what a warm build needs of a changed note's old version to take
//! it out of the stored index, and of every note to build in full without indexing again.
//!
//! A cache like the store: a record is its blake3, then its fields; one that does not hash
//! to its sum or whose fields do not hold together is "not there" (the note is indexed
//! again), never trusted and never a panic. Written through [`pack::write_pack`] (a
//! temporary file renamed into place), so a reader sees a whole record or none.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::NoteIndex;

/// The folder of records beside `store`.
pub fn dir(store: &Path) -> PathBuf {
    store.with_extension("notes")
}

fn path(dir: &Path, key: &blake3::Hash) -> PathBuf {
    dir.join(key.to_hex().as_str())
}

/// Saves `part` under `key` unless a record is already there (the key is a hash of what
/// the part is made from, so it holds the same part); a failure costs only a re-index.
pub fn save(dir: &Path, key: &blake3::Hash, part: &NoteIndex) {
    let at = path(dir, key);
    if at.exists() {
        return;
    }
    let mut body = Vec::new();
    field(&mut body, &part.fragment);
    field(&mut body, part.words.as_bytes());
    for list in [&part.term_ends, &part.pairs, &part.pair_ends] {
        let bytes: Vec<u8> = list.iter().flat_map(|n| n.to_le_bytes()).collect();
        field(&mut body, &bytes);
    }
    let _ = pack::write_pack(&at, |out| {
        out.write_all(blake3::hash(&body).as_bytes())?;
        out.write_all(&body)
    });
}

fn field(out: &mut Vec<u8>, bytes: &[u8]) {
    out.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
    out.extend_from_slice(bytes);
}

/// The part saved under `key`, when its record is there, whole and consistent. A record
/// that is there but not whole is removed, so the next full build writes it again.
pub fn load(dir: &Path, key: &blake3::Hash) -> Option<NoteIndex> {
    let at = path(dir, key);
    let found = read(&at);
    if found.is_none() && at.is_file() {
        let _ = std::fs::remove_file(&at);
    }
    found
}

fn read(at: &Path) -> Option<NoteIndex> {
    let file = pack::open_pack(at)?;
    let bytes = file.read_at(0, usize::try_from(file.len()).ok()?)?;
    let (sum, body) = bytes.split_first_chunk::<32>()?;
    if blake3::hash(body).as_bytes() != sum {
        return None;
    }
    let mut rest = body;
    let fragment = take(&mut rest)?.to_vec();
    let words = String::from_utf8(take(&mut rest)?.to_vec()).ok()?;
    let mut numbers = || -> Option<Vec<u32>> {
        let bytes = take(&mut rest)?;
        (bytes.len() % 4 == 0).then(|| {
            bytes
                .chunks_exact(4)
                .map(|b| u32::from_le_bytes(b.try_into().expect("4 bytes")))
                .collect()
        })
    };
    let (term_ends, pairs, pair_ends) = (numbers()?, numbers()?, numbers()?);
    let part = NoteIndex {
        fragment,
        words,
        term_ends,
        pairs,
        pair_ends,
    };
    consistent(&part).then_some(part)
}

/// Whether a part's buffers hold together as [`crate::index_note`] makes them: ends in
/// order and in bounds, terms on character boundaries and sorted, pairs whole.
fn consistent(part: &NoteIndex) -> bool {
    let ordered = |ends: &[u32], len: usize| {
        ends.windows(2).all(|w| w[0] <= w[1]) && ends.last().map_or(0, |&e| e as usize) == len
    };
    if part.term_ends.len() != part.pair_ends.len()
        || !ordered(&part.term_ends, part.words.len())
        || !ordered(&part.pair_ends, part.pairs.len())
        || part
            .term_ends
            .iter()
            .any(|&e| !part.words.is_char_boundary(e as usize))
    {
        return false;
    }
    (0..part.len()).all(|i| {
        let (term, pairs) = part.term(i);
        pairs.len() % 2 == 0 && (i == 0 || part.term(i - 1).0 < term)
    })
}

/// Removes the records of notes not in `keep`, and temporary records a killed build left.
pub fn prune(dir: &Path, keep: &HashSet<blake3::Hash>) {
    pack::remove_dead_temp_files(dir);
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(key) = name.to_str().and_then(|n| blake3::Hash::from_hex(n).ok()) else {
            continue;
        };
        if !keep.contains(&key) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Removes the record of one note's old version.
pub fn remove(dir: &Path, key: &blake3::Hash) {
    let _ = std::fs::remove_file(path(dir, key));
}

/// One length-prefixed field, or `None` when the bytes end early.
fn take<'b>(rest: &mut &'b [u8]) -> Option<&'b [u8]> {
    let (len, tail) = rest.split_first_chunk::<8>()?;
    let len = usize::try_from(u64::from_le_bytes(*len)).ok()?;
    if len > tail.len() {
        return None;
    }
    let (field, tail) = tail.split_at(len);
    *rest = tail;
    Some(field)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{index_note, NoteSource};

    #[test]
    fn a_record_reads_back_and_a_damaged_one_does_not() {
        let dir = tempfile::tempdir().unwrap();
        let note = NoteSource {
            url: "/a/",
            title: "选主",
            html: "<h2 id=\"x\">syncReplicaSet</h2><p>租约 续约</p>",
        };
        let part = index_note(&note);
        let key = blake3::hash(b"a");
        assert!(load(dir.path(), &key).is_none());
        save(dir.path(), &key, &part);
        let back = load(dir.path(), &key).expect("saved");
        assert_eq!(
            (back.fragment.as_slice(), back.words.as_str(), &back.pairs),
            (part.fragment.as_slice(), part.words.as_str(), &part.pairs)
        );
        let file = path(dir.path(), &key);
        let mut bytes = std::fs::read(&file).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        std::fs::write(&file, &bytes).unwrap();
        assert!(load(dir.path(), &key).is_none(), "a flipped bit is a miss");
        assert!(!file.exists(), "and the damaged record is gone");
        std::fs::write(&file, &bytes[..10]).unwrap();
        assert!(load(dir.path(), &key).is_none(), "a short record is a miss");
        // Whole and hashed right, but not a part index_note could make: a miss too.
        let mut body = Vec::new();
        field(&mut body, b"{}");
        field(&mut body, "ab".as_bytes());
        for list in [vec![2u32, 1], vec![0, 1], vec![2, 2]] {
            let b: Vec<u8> = list.iter().flat_map(|n| n.to_le_bytes()).collect();
            field(&mut body, &b);
        }
        let mut forged = blake3::hash(&body).as_bytes().to_vec();
        forged.extend_from_slice(&body);
        std::fs::write(&file, forged).unwrap();
        assert!(
            load(dir.path(), &key).is_none(),
            "unordered ends are a miss"
        );
        prune(dir.path(), &HashSet::new());
        assert!(!file.exists());
    }
}
