//! The finished index on disk, beside the code cache: a warm build whose notes are all
//! unchanged reads it back instead of indexing a thousand notes again (about 0.35 s of a
//! 0.6 s warm build on the 1,000-note corpus). It is a cache: a missing, stale or damaged
//! file means "index again", never an error, and never bytes that reach the output.
//!
//! The store is the digest of the notes it was made for, then a table of its files (path,
//! blake3 of the bytes, length), then the files' bytes. Loading reads the table only; a
//! file's bytes are read (with `pread`, into memory of our own) and checked against their
//! hash when a build needs them, and a build whose output folder already holds a file
//! compares the folder's copy with the hash alone ([`StoredFile`]).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::{FileBytes, IndexFiles};
use pack::PackSlice;

/// Everything the index files depend on besides the notes: the layout and the weights.
/// Bump `LAYOUT` when the files' format changes in a way these numbers do not show.
const LAYOUT: u32 = 3;

/// A file of the stored index: where its bytes are, and the hash they must have.
#[derive(Debug, Clone)]
pub struct StoredFile {
    bytes: PackSlice,
    hash: [u8; 32],
}

impl StoredFile {
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// The hash the store gives its bytes.
    pub fn hash(&self) -> &[u8; 32] {
        &self.hash
    }

    /// Its bytes, read now and checked; `None` when the store no longer holds them as they
    /// were saved (damaged, or changed or cut short since the build opened it).
    pub fn read(&self) -> Option<Vec<u8>> {
        self.bytes.read_checked(&self.hash)
    }
}

/// The digest a stored index must carry to be used for these notes (their keys in order).
pub fn digest(keys: &[blake3::Hash]) -> blake3::Hash {
    let mut h = blake3::Hasher::new();
    for n in [
        LAYOUT,
        super::TITLE_WEIGHT,
        super::HEADING_WEIGHT,
        super::BODY_WEIGHT,
        crate::layout::BIG as u32,
    ] {
        h.update(&n.to_le_bytes());
    }
    for key in keys {
        h.update(key.as_bytes());
    }
    h.finalize()
}

/// The stored files, when the store holds an index made for `digest`. Only the table is
/// read; each file is checked when its bytes are.
pub fn load(store: &Path, digest: &blake3::Hash) -> Option<IndexFiles> {
    let (found, files, _) = load_any(store)?;
    (found == *digest).then_some(files)
}

/// The notes an index was made from: URL and key, in URL order.
pub type StoredNotes = Vec<(String, blake3::Hash)>;

/// Whatever index the store holds: the digest it was made for, its files, and the notes it
/// was made from, which a warm build updates it from.
pub fn load_any(store: &Path) -> Option<(blake3::Hash, IndexFiles, StoredNotes)> {
    // Opened as the code pack is: a FIFO or a huge sparse file there must not stall the build.
    let pack = Arc::new(pack::open_pack(store)?);
    let head = pack.read_at(0, 48)?;
    let digest = blake3::Hash::from_bytes(head[..32].try_into().ok()?);
    let len =
        |at: usize| usize::try_from(u64::from_le_bytes(head[at..at + 8].try_into().ok()?)).ok();
    let (table_len, notes_len) = (len(32)?, len(40)?);
    if (table_len as u64).checked_add(notes_len as u64)? > pack.len() {
        return None;
    }
    let table = pack.read_at(48, table_len)?;
    let notes_table = pack.read_at(48 + table_len as u64, notes_len)?;
    let mut notes = Vec::new();
    let mut rest = notes_table.as_slice();
    while !rest.is_empty() {
        let url = std::str::from_utf8(take(&mut rest)?).ok()?.to_string();
        let key: [u8; 32] = take(&mut rest)?.try_into().ok()?;
        notes.push((url, blake3::Hash::from_bytes(key)));
    }
    let mut at = 48 + (table_len + notes_len) as u64;
    let mut files = IndexFiles::new();
    let mut rest = table.as_slice();
    while !rest.is_empty() {
        let path = std::str::from_utf8(take(&mut rest)?).ok()?;
        let hash: [u8; 32] = take(&mut rest)?.try_into().ok()?;
        let len = usize::try_from(u64::from_le_bytes(take(&mut rest)?.try_into().ok()?)).ok()?;
        if at + len as u64 > pack.len() {
            return None;
        }
        let bytes = PackSlice::new(&pack, at, len);
        files.insert(
            PathBuf::from(path),
            FileBytes::Stored(StoredFile { bytes, hash }),
        );
        at += len as u64;
    }
    Some((digest, files, notes))
}

/// Saves the files for `digest`, made from `notes`; a failure only costs the next build
/// its shortcut. The files are written as they are, never gathered into one buffer (the
/// index is megabytes); a stored one is read back (and checked) to be copied, and when one
/// no longer reads back nothing is saved.
pub fn save(
    store: &Path,
    digest: &blake3::Hash,
    files: &IndexFiles,
    notes: &[(&str, blake3::Hash)],
) {
    let mut table = Vec::new();
    for (path, bytes) in files {
        let (hash, len) = match bytes {
            FileBytes::Made(b) => (*blake3::hash(b).as_bytes(), b.len()),
            FileBytes::Stored(s) => (*s.hash(), s.len()),
        };
        let path = path.to_string_lossy();
        for field in [path.as_bytes(), &hash, &(len as u64).to_le_bytes()] {
            put(&mut table, field);
        }
    }
    let mut notes_table = Vec::new();
    for (url, key) in notes {
        put(&mut notes_table, url.as_bytes());
        put(&mut notes_table, key.as_bytes());
    }
    let _ = pack::write_pack(store, |out| {
        out.write_all(digest.as_bytes())?;
        out.write_all(&(table.len() as u64).to_le_bytes())?;
        out.write_all(&(notes_table.len() as u64).to_le_bytes())?;
        out.write_all(&table)?;
        out.write_all(&notes_table)?;
        for bytes in files.values() {
            let bytes = bytes.read().ok_or_else(|| {
                std::io::Error::other("a stored search file no longer reads back")
            })?;
            out.write_all(&bytes)?;
        }
        Ok(())
    });
}

fn put(out: &mut Vec<u8>, field: &[u8]) {
    out.extend_from_slice(&(field.len() as u64).to_le_bytes());
    out.extend_from_slice(field);
}

/// One length-prefixed field, or `None` when the bytes end early (a damaged store).
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

    fn files() -> IndexFiles {
        [
            ("search/index.json", "{}"),
            ("search/c/0.json", "{\"a\":[0,1,1]}"),
        ]
        .into_iter()
        .map(|(p, d)| (PathBuf::from(p), FileBytes::Made(d.as_bytes().to_vec())))
        .collect()
    }

    #[test]
    fn a_stored_index_is_read_back_only_for_its_own_notes() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("search.pack");
        let mine = digest(&[blake3::hash(b"note a")]);
        let other = digest(&[blake3::hash(b"note a, edited")]);
        assert_eq!(load(&store, &mine), None, "nothing stored yet");
        save(&store, &mine, &files(), &[]);
        assert_eq!(load(&store, &mine), Some(files()));
        assert_eq!(load(&store, &other), None, "an edited note indexes again");
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_at_the_store_is_not_waited_on() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("search.pack");
        let path = std::ffi::CString::new(store.to_str().unwrap()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(path.as_ptr(), 0o600) }, 0);
        assert_eq!(load(&store, &digest(&[])), None);
    }

    #[test]
    fn a_stored_file_with_other_bytes_does_not_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("search.pack");
        let mine = digest(&[]);
        save(&store, &mine, &files(), &[]);
        let mut bytes = std::fs::read(&store).unwrap();
        let at = bytes.windows(3).position(|w| w == b"\"a\"").unwrap();
        bytes[at + 1] = b'b';
        std::fs::write(&store, &bytes).unwrap();
        let loaded = load(&store, &mine).expect("the table is intact");
        let chunk = &loaded[Path::new("search/c/0.json")];
        assert_eq!(chunk.read(), None, "a file whose bytes changed is not used");
        assert!(crate::read_all(loaded).is_none());
    }

    #[test]
    fn a_damaged_store_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("search.pack");
        let mine = digest(&[]);
        save(&store, &mine, &files(), &[]);
        let bytes = std::fs::read(&store).unwrap();
        std::fs::write(&store, &bytes[..bytes.len() - 3]).unwrap();
        assert_eq!(load(&store, &mine), None);
    }
}
