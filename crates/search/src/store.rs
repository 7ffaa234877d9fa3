//! The finished index on disk, beside the code cache: a warm build whose notes are all
//! unchanged reads it back instead of indexing a thousand notes again (about 0.35 s of a
//! 0.6 s warm build on the 1,000-note corpus). It is a cache: a missing, stale or damaged
//! file means "index again", never an error.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{FileBytes, IndexFiles};
use pack::PackSlice;

/// Everything the index files depend on besides the notes: the layout and the weights.
/// Bump `LAYOUT` when the files' format changes in a way these numbers do not show.
const LAYOUT: u32 = 2;

/// The digest a stored index must carry to be used for these notes (their keys in order).
pub fn digest(keys: &[blake3::Hash]) -> blake3::Hash {
    let mut h = blake3::Hasher::new();
    for n in [
        LAYOUT,
        super::TITLE_WEIGHT,
        super::HEADING_WEIGHT,
        super::BODY_WEIGHT,
        super::CHUNK_BYTES as u32,
    ] {
        h.update(&n.to_le_bytes());
    }
    for key in keys {
        h.update(key.as_bytes());
    }
    h.finalize()
}

/// The stored files, when the store holds an index made for `digest`.
pub fn load(store: &Path, digest: &blake3::Hash) -> Option<IndexFiles> {
    // Mapped as the code pack is: a FIFO or a huge sparse file there must not stall the build.
    let pack = Arc::new(pack::map_pack(store)?);
    let body = pack.strip_prefix(digest.as_bytes().as_slice())?;
    let files = decode(&pack, body)?;
    Some(
        files
            .into_iter()
            .map(|(path, range)| (path, FileBytes::Stored(PackSlice::new(&pack, range))))
            .collect(),
    )
}

/// Saves the files for `digest`; a failure only costs the next build its shortcut. The
/// files are written as they are, never gathered into one buffer (the index is megabytes).
pub fn save(store: &Path, digest: &blake3::Hash, files: &IndexFiles) {
    let _ = pack::write_pack(store, |out| {
        out.write_all(digest.as_bytes())?;
        for (path, data) in files {
            let path = path.to_string_lossy();
            for field in [path.as_bytes(), &**data] {
                out.write_all(&(field.len() as u64).to_le_bytes())?;
                out.write_all(field)?;
            }
        }
        Ok(())
    });
}

/// Where each file of `body` (the part of `pack` after the digest) is in `pack`, or `None`
/// for a damaged store.
fn decode(pack: &[u8], body: &[u8]) -> Option<BTreeMap<PathBuf, Range<usize>>> {
    let mut files = BTreeMap::new();
    let mut rest = body;
    while !rest.is_empty() {
        let path = take(&mut rest)?;
        let data = take(&mut rest)?;
        let start = data.as_ptr() as usize - pack.as_ptr() as usize;
        files.insert(
            PathBuf::from(std::str::from_utf8(path).ok()?),
            start..start + data.len(),
        );
    }
    Some(files)
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
        save(&store, &mine, &files());
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
    fn a_damaged_store_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("search.pack");
        let mine = digest(&[]);
        save(&store, &mine, &files());
        let bytes = std::fs::read(&store).unwrap();
        std::fs::write(&store, &bytes[..bytes.len() - 3]).unwrap();
        assert_eq!(load(&store, &mine), None);
    }
}
