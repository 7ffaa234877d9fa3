//! A persistent cache of highlighted code blocks.
//!
//! Highlighting is nearly all of a cold build's time, and the code in a blog rarely changes,
//! so each block's HTML is kept on disk keyed by a hash of everything that shapes it: the
//! highlighter's fingerprint and config (the salt), the fence's info string, the code, the
//! source pin and the block's place on its page.
//!
//! The cache is one pack file per site, mapped when a build starts and rewritten when it
//! ends with exactly the blocks that build used: one file to read instead of thousands (file
//! creation, not reading, dominated a per-block layout), and a size bounded by the site
//! rather than growing forever. The pack is replaced by a rename, so concurrent builds never
//! see half a file (the last one to finish wins, which costs at most some re-highlighting);
//! every entry carries a checksum, so a corrupted or foreign entry is a miss, never trusted.
//!
//! The pack is not read whole: its table of entries is read when a build starts, and an
//! entry's bytes only when a block asks for it, with `pread` into memory of our own, where
//! its checksum is checked before it is used. Reading a large site's pack (16 MB for 1,000
//! notes) and decoding it into strings touched 32 MB of new memory before the build began.
//! It was mapped for a while, but a mapped file that another process truncates kills the
//! reader with SIGBUS when it touches a page past the new end, and a checksum checked on a
//! shared mapping says nothing about the bytes read a moment later. Read into our memory,
//! a pack that shrinks or changes under a running build is a miss, never a crash.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

use pack::{open_pack, remove_dead_temp_files, write_pack, PackFile, PackSlice};

use crate::markdown::highlight::{CodeContext, RenderedBlock};
use crate::Warning;

const MAGIC: &[u8] = b"blog-code-cache v3\n";

type Key = [u8; 32];

/// Where the cache lives when `--cacheDir` is not given: `$XDG_CACHE_HOME/blog`, else
/// `~/.cache/blog`, else the system temp folder.
pub fn default_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("XDG_CACHE_HOME").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir).join("blog");
    }
    if let Some(home) = std::env::var_os("HOME").filter(|d| !d.is_empty()) {
        return PathBuf::from(home).join(".cache/blog");
    }
    std::env::temp_dir().join("blog-cache")
}

/// A cached block: the HTML and its warnings, with lines relative to the block's fence so
/// an entry serves the same code anywhere on the page.
#[derive(Debug, Clone, PartialEq)]
struct Block {
    html: String,
    warnings: Vec<(Option<i64>, String)>,
}

/// An entry of the cache: still in the pack this process mapped, or made by this process.
#[derive(Debug)]
enum Entry {
    /// Its payload's place in the pack and the checksum the pack gives it, checked each
    /// time the payload is read (a damaged entry is then a miss).
    Packed {
        sum: [u8; 32],
        payload: PackSlice,
    },
    Made(Block),
}

/// The code-block cache of one build. A disabled cache (`--ignoreCache`) misses every time
/// and stores nothing. The languages of a site share one pack, each through its own
/// [`CodeCache::for_language`] handle (their highlighting settings may differ, so each
/// has its own salt); any of them saves every language's blocks.
#[derive(Debug, Default)]
pub struct CodeCache {
    /// The pack file; `None` when disabled.
    pack: Option<PathBuf>,
    salt: String,
    store: Arc<Store>,
}

/// What the handles of one pack share.
#[derive(Debug, Default)]
struct Store {
    /// What is on disk: mapped at start, replaced by each save.
    loaded: RwLock<HashMap<Key, Arc<Entry>>>,
    /// What this build looked up or made: the next pack.
    used: Mutex<HashMap<Key, Arc<Entry>>>,
    /// The pack being written in the background, joined before the next save and on drop.
    saving: Mutex<Option<std::thread::JoinHandle<()>>>,
}

impl CodeCache {
    /// Opens the cache of the site at `site_root` in `dir` (or the default folder). `salt`
    /// names everything global the HTML depends on.
    pub fn open(dir: Option<&Path>, enabled: bool, site_root: &Path, salt: String) -> CodeCache {
        if !enabled {
            return CodeCache::disabled();
        }
        let dir = dir.map(Path::to_path_buf).unwrap_or_else(default_dir);
        let site = std::fs::canonicalize(site_root).unwrap_or_else(|_| site_root.to_path_buf());
        let name = blake3::hash(site.to_string_lossy().as_bytes()).to_hex();
        let pack = dir.join(format!("code-{}.pack", &name[..16]));
        remove_dead_temp_files(&dir);
        let loaded = open_pack(&pack).map(index).unwrap_or_default();
        CodeCache {
            pack: Some(pack),
            salt,
            store: Arc::new(Store {
                loaded: RwLock::new(loaded),
                used: Mutex::default(),
                saving: Mutex::default(),
            }),
        }
    }

    pub fn disabled() -> CodeCache {
        CodeCache::default()
    }

    /// A handle on the same pack for another language of the site, whose blocks are keyed
    /// with its own `salt`: the pack is read once and saved once with every language's
    /// blocks, where separate caches would each overwrite the others'.
    pub fn for_language(&self, salt: String) -> CodeCache {
        CodeCache {
            pack: self.pack.clone(),
            salt,
            store: self.store.clone(),
        }
    }

    /// A file of another cache of this site beside the pack (`search-<site>.pack` for
    /// `kind` "search"); `None` when caching is off (`--ignoreCache`).
    pub fn sibling(&self, kind: &str) -> Option<PathBuf> {
        let pack = self.pack.as_ref()?;
        let name = pack.file_name()?.to_str()?.strip_prefix("code-")?;
        Some(pack.with_file_name(format!("{kind}-{name}")))
    }

    fn key(&self, info: &str, code: &str, ctx: &CodeContext) -> Key {
        let mut h = blake3::Hasher::new();
        for part in [self.salt.as_str(), info, code] {
            h.update(&(part.len() as u64).to_le_bytes());
            h.update(part.as_bytes());
        }
        if let Some(pin) = ctx.source {
            for part in [&pin.repo, &pin.git_ref] {
                h.update(&(part.len() as u64).to_le_bytes());
                h.update(part.as_bytes());
            }
        }
        h.update(&(ctx.index as u64).to_le_bytes());
        *h.finalize().as_bytes()
    }

    /// The cached rendering of a block, if there is one.
    pub fn get(&self, info: &str, code: &str, ctx: &CodeContext) -> Option<RenderedBlock> {
        self.pack.as_ref()?;
        let key = self.key(info, code, ctx);
        let entry = self.store.loaded.read().unwrap().get(&key)?.clone();
        let found = match &*entry {
            Entry::Packed { sum, payload } => decode_block(&payload.read_checked(sum)?)?,
            Entry::Made(block) => block.clone(),
        };
        let block = RenderedBlock {
            html: found.html,
            warnings: found
                .warnings
                .into_iter()
                .map(|(offset, message)| Warning {
                    path: ctx.path.to_path_buf(),
                    line: offset.map(|o| (ctx.line as i64 + o).max(1) as usize),
                    message,
                })
                .collect(),
        };
        self.store.used.lock().unwrap().insert(key, entry);
        Some(block)
    }

    /// Records a freshly highlighted block for the next pack.
    pub fn put(&self, info: &str, code: &str, ctx: &CodeContext, block: &RenderedBlock) {
        if self.pack.is_none() {
            return;
        }
        let entry = Entry::Made(Block {
            html: block.html.clone(),
            warnings: block
                .warnings
                .iter()
                .map(|w| {
                    (
                        w.line.map(|l| l as i64 - ctx.line as i64),
                        w.message.clone(),
                    )
                })
                .collect(),
        });
        self.store
            .used
            .lock()
            .unwrap()
            .insert(self.key(info, code, ctx), Arc::new(entry));
    }

    /// Writes the pack for the next build, if this one changed it, on a thread of its own
    /// so that rendering and writing the site go on meanwhile (the pack is tens of MB for a
    /// large site). Failing to write is not an error: the cache only saves time.
    pub fn save(&self) {
        let Some(pack) = self.pack.clone() else {
            return;
        };
        let used = self.store.used.lock().unwrap().clone();
        {
            let loaded = self.store.loaded.read().unwrap();
            let unchanged =
                used.len() == loaded.len() && used.keys().all(|k| loaded.contains_key(k));
            if unchanged {
                return;
            }
        }
        self.wait_for_save();
        // What is on disk from now on: an update in `serve` rewrites the pack only when
        // it adds a block, not on every save.
        *self.store.loaded.write().unwrap() = used.clone();
        *self.store.saving.lock().unwrap() = Some(std::thread::spawn(move || {
            let _ = write_pack(&pack, |out| encode(&used, out));
        }));
    }

    /// Returns once the last save is on disk.
    pub fn wait_for_save(&self) {
        self.store.wait_for_save();
    }
}

impl Store {
    fn wait_for_save(&self) {
        let handle = self.saving.lock().unwrap().take();
        if let Some(handle) = handle {
            let _ = handle.join();
        }
    }
}

impl Drop for Store {
    /// The process must not exit halfway through writing the pack.
    fn drop(&mut self) {
        self.wait_for_save();
    }
}

// The pack: MAGIC, the entry count (u32 LE), then a table of entries
//   key (32 bytes) | blake3 of payload (32 bytes) | payload length (u32 LE)
// then the payloads, in the table's order. A payload is
//   html length (u32) | html | warning count (u32) | per warning: has line (u8), line (i64), len (u32), text

/// The size of one entry in the table.
const ROW: usize = 68;

/// Writes the pack of `entries`, in key order so that the same blocks give the same file.
/// An entry still in the old pack is copied with its checksum, read and checked again (one
/// that no longer reads back is written as zeros, a miss for the next build).
fn encode(entries: &HashMap<Key, Arc<Entry>>, out: &mut dyn Write) -> std::io::Result<()> {
    let mut keys: Vec<&Key> = entries.keys().collect();
    keys.sort();
    out.write_all(MAGIC)?;
    out.write_all(&(keys.len() as u32).to_le_bytes())?;
    // Made blocks are encoded twice (for the table, then for the payloads) rather than
    // held: a cold build's pack is tens of MB.
    let mut made = Vec::new();
    for key in &keys {
        let (sum, len) = match &*entries[*key] {
            Entry::Packed { sum, payload } => (*sum, payload.len()),
            Entry::Made(block) => {
                made.clear();
                encode_block(block, &mut made);
                (*blake3::hash(&made).as_bytes(), made.len())
            }
        };
        out.write_all(*key)?;
        out.write_all(&sum)?;
        out.write_all(&(len as u32).to_le_bytes())?;
    }
    for key in &keys {
        match &*entries[*key] {
            Entry::Packed { sum, payload } => match payload.read_checked(sum) {
                Some(bytes) => out.write_all(&bytes)?,
                None => out.write_all(&vec![0; payload.len()])?,
            },
            Entry::Made(block) => {
                made.clear();
                encode_block(block, &mut made);
                out.write_all(&made)?;
            }
        }
    }
    Ok(())
}

fn encode_block(block: &Block, payload: &mut Vec<u8>) {
    put_str(payload, &block.html);
    payload.extend((block.warnings.len() as u32).to_le_bytes());
    for (line, text) in &block.warnings {
        payload.push(line.is_some() as u8);
        payload.extend(line.unwrap_or(0).to_le_bytes());
        put_str(payload, text);
    }
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    out.extend((s.len() as u32).to_le_bytes());
    out.extend(s.as_bytes());
}

/// Finds the entries of a pack from its table, without reading, checking or decoding
/// them: entries the file is too short for are left out, a file that is not a pack gives
/// nothing.
fn index(pack: PackFile) -> HashMap<Key, Arc<Entry>> {
    let pack = Arc::new(pack);
    let mut entries = HashMap::new();
    let Some(head) = pack.read_at(0, MAGIC.len() + 4) else {
        return entries;
    };
    let Some(count) = head.strip_prefix(MAGIC) else {
        return entries;
    };
    let count = u32::from_le_bytes(count.try_into().expect("four bytes")) as usize;
    let table_at = MAGIC.len() + 4;
    let Some(table) = count
        .checked_mul(ROW)
        .filter(|len| (table_at + len) as u64 <= pack.len())
        .and_then(|len| pack.read_at(table_at as u64, len))
    else {
        return entries;
    };
    let mut at = (table_at + table.len()) as u64;
    for row in table.chunks_exact(ROW) {
        let key: Key = row[..32].try_into().unwrap();
        let sum: [u8; 32] = row[32..64].try_into().unwrap();
        let len = u32::from_le_bytes(row[64..68].try_into().unwrap()) as u64;
        if at + len > pack.len() {
            break;
        }
        let payload = PackSlice::new(&pack, at, len as usize);
        entries.insert(key, Arc::new(Entry::Packed { sum, payload }));
        at += len;
    }
    entries
}

fn decode_block(mut p: &[u8]) -> Option<Block> {
    let html = take_str(&mut p)?;
    let count = take_u32(&mut p)?;
    let mut warnings = Vec::new();
    for _ in 0..count {
        let has_line = *p.first()? == 1;
        let line = i64::from_le_bytes(p.get(1..9)?.try_into().ok()?);
        p = &p[9..];
        warnings.push((has_line.then_some(line), take_str(&mut p)?));
    }
    p.is_empty().then_some(Block { html, warnings })
}

fn take_u32(p: &mut &[u8]) -> Option<u32> {
    let n = u32::from_le_bytes(p.get(..4)?.try_into().ok()?);
    *p = &p[4..];
    Some(n)
}

fn take_str(p: &mut &[u8]) -> Option<String> {
    let len = take_u32(p)? as usize;
    let s = String::from_utf8(p.get(..len)?.to_vec()).ok()?;
    *p = &p[len..];
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(line: usize) -> CodeContext<'static> {
        CodeContext {
            path: Path::new("content/p.md"),
            line,
            source: None,
            index: 0,
        }
    }

    /// The one file a test's cache folder holds: the pack just saved.
    fn only_file(dir: &Path) -> PathBuf {
        std::fs::read_dir(dir)
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .path()
    }

    fn block() -> RenderedBlock {
        RenderedBlock {
            html: "<pre>x</pre>".into(),
            warnings: vec![Warning {
                path: "content/p.md".into(),
                line: Some(10),
                message: "unknown language".into(),
            }],
        }
    }

    fn open(dir: &Path, salt: &str) -> CodeCache {
        CodeCache::open(Some(dir), true, Path::new("/site"), salt.into())
    }

    #[test]
    fn a_hit_returns_what_was_stored_with_lines_moved_to_the_new_place() {
        let dir = tempfile::tempdir().unwrap();
        let cache = open(dir.path(), "salt");
        assert!(cache.get("go", "x", &ctx(10)).is_none());
        cache.put("go", "x", &ctx(10), &block());
        cache.save();
        cache.wait_for_save();
        let cache = open(dir.path(), "salt");
        let hit = cache.get("go", "x", &ctx(20)).unwrap();
        assert_eq!(hit.html, "<pre>x</pre>");
        assert_eq!(hit.warnings[0].line, Some(20));
        assert!(
            cache.get("rust", "x", &ctx(10)).is_none(),
            "the info string is in the key"
        );
        assert!(
            open(dir.path(), "other config")
                .get("go", "x", &ctx(10))
                .is_none(),
            "the salt is in the key"
        );
    }

    #[test]
    fn the_pack_keeps_only_what_the_last_build_used() {
        let dir = tempfile::tempdir().unwrap();
        let cache = open(dir.path(), "s");
        cache.put("go", "old", &ctx(1), &block());
        cache.save();
        cache.wait_for_save();
        let cache = open(dir.path(), "s");
        cache.put("go", "new", &ctx(1), &block());
        cache.save();
        cache.wait_for_save();
        let cache = open(dir.path(), "s");
        assert!(cache.get("go", "old", &ctx(1)).is_none());
        assert!(cache.get("go", "new", &ctx(1)).is_some());
    }

    /// `serve` keeps the pack it mapped at start for hours while its own saves (and other
    /// builds) replace the file: the entries it mapped must stay readable.
    #[test]
    fn a_mapped_pack_stays_readable_after_a_save_replaces_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let cache = open(dir.path(), "s");
        cache.put("go", "a", &ctx(1), &block());
        cache.save();
        cache.wait_for_save();
        let cache = open(dir.path(), "s");
        assert!(cache.get("go", "a", &ctx(1)).is_some());
        for round in 0..3 {
            cache.put("go", &format!("new {round}"), &ctx(1), &block());
            cache.save();
            cache.wait_for_save();
            let hit = cache.get("go", "a", &ctx(5)).expect("still mapped");
            assert_eq!(hit.html, "<pre>x</pre>");
            assert_eq!(hit.warnings[0].line, Some(14), "moved with the block");
        }
        let reopened = open(dir.path(), "s");
        for code in ["a", "new 0", "new 2"] {
            assert!(reopened.get("go", code, &ctx(1)).is_some(), "{code}");
        }
    }

    #[test]
    fn a_save_with_nothing_new_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let cache = open(dir.path(), "s");
        cache.put("go", "a", &ctx(1), &block());
        cache.save();
        cache.wait_for_save();
        let pack = only_file(dir.path());
        std::fs::remove_file(&pack).unwrap();
        // Saving again with nothing new, as serve does after an edit that adds no code.
        cache.save();
        cache.wait_for_save();
        assert!(!pack.exists(), "an unchanged cache was written again");
    }

    #[test]
    fn corrupted_torn_or_foreign_packs_are_misses() {
        let dir = tempfile::tempdir().unwrap();
        let cache = open(dir.path(), "s");
        cache.put("go", "a", &ctx(1), &block());
        cache.put("go", "b", &ctx(1), &block());
        cache.save();
        cache.wait_for_save();
        let pack = only_file(dir.path());
        let bytes = std::fs::read(&pack).unwrap();
        // Flip a byte of the last entry's HTML: that entry goes, the other stays.
        let mut flipped = bytes.clone();
        let i = flipped.len() - 20;
        flipped[i] ^= 0xff;
        std::fs::write(&pack, &flipped).unwrap();
        let cache = open(dir.path(), "s");
        assert_eq!(
            ["a", "b"]
                .iter()
                .filter(|c| cache.get("go", c, &ctx(1)).is_some())
                .count(),
            1
        );
        std::fs::write(&pack, &bytes[..bytes.len() - 5]).unwrap();
        assert_eq!(
            ["a", "b"]
                .iter()
                .filter(|c| open(dir.path(), "s").get("go", c, &ctx(1)).is_some())
                .count(),
            1
        );
        std::fs::write(&pack, b"<script>alert(1)</script>").unwrap();
        assert!(open(dir.path(), "s").get("go", "a", &ctx(1)).is_none());
    }

    /// Another program truncating the pack while a build runs: when the pack was mapped,
    /// the next entry touched past the new end killed the build with SIGBUS.
    #[test]
    fn a_pack_cut_short_or_rewritten_after_it_was_opened_is_a_miss() {
        let dir = tempfile::tempdir().unwrap();
        let cache = open(dir.path(), "s");
        cache.put("go", "a", &ctx(1), &block());
        cache.put("go", "b", &ctx(1), &block());
        cache.save();
        cache.wait_for_save();
        let pack = only_file(dir.path());
        let bytes = std::fs::read(&pack).unwrap();

        let cache = open(dir.path(), "s");
        let file = std::fs::OpenOptions::new().write(true).open(&pack).unwrap();
        file.set_len(MAGIC.len() as u64 + 4).unwrap();
        for code in ["a", "b"] {
            assert!(cache.get("go", code, &ctx(1)).is_none(), "{code}");
        }

        // Rewritten in place with other bytes: the checksum is checked on every read.
        std::fs::write(&pack, &bytes).unwrap();
        let cache = open(dir.path(), "s");
        assert!(cache.get("go", "a", &ctx(1)).is_some());
        let mut changed = bytes.clone();
        let last = changed.len() - 3;
        changed[last] ^= 0xff;
        std::fs::OpenOptions::new()
            .write(true)
            .open(&pack)
            .unwrap()
            .write_all(&changed)
            .unwrap();
        let hits = ["a", "b"]
            .iter()
            .filter(|c| cache.get("go", c, &ctx(1)).is_some())
            .count();
        assert_eq!(
            hits, 1,
            "the changed entry is a miss, the other still a hit"
        );
    }

    #[test]
    fn a_disabled_cache_never_hits_or_writes() {
        let dir = tempfile::tempdir().unwrap();
        let cache = CodeCache::open(Some(dir.path()), false, Path::new("/site"), "s".into());
        cache.put("go", "x", &ctx(1), &block());
        cache.save();
        cache.wait_for_save();
        assert!(cache.get("go", "x", &ctx(1)).is_none());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
