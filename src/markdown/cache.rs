//! A persistent cache of highlighted code blocks.
//!
//! Highlighting is nearly all of a cold build's time, and the code in a blog rarely changes,
//! so each block's HTML is kept on disk keyed by a hash of everything that shapes it: the
//! grammar and theme set version, the highlighting config, the fence's info string, the
//! code, the source pin and the block's place on its page. Entries are content-addressed, so
//! sites and concurrent builds can share one folder: a writer puts a whole file in place with
//! a rename, and a reader checks a checksum, so a torn, corrupted or foreign file is a miss
//! (and is rewritten), never trusted.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::markdown::highlight::{CodeContext, RenderedBlock};
use crate::Warning;

const MAGIC: &str = "blog-code-cache v1\n";

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

/// The code-block cache of one build. A disabled cache (`--ignoreCache`) misses every time
/// and stores nothing.
#[derive(Debug, Clone)]
pub struct CodeCache {
    dir: Option<PathBuf>,
    /// Mixed into every key: what the output depends on besides the block itself.
    salt: String,
}

/// A cached block: the HTML and its warnings, with lines relative to the block's fence so
/// an entry serves the same code anywhere.
#[derive(Debug, Serialize, Deserialize, PartialEq)]
struct Entry {
    html: String,
    warnings: Vec<(Option<isize>, String)>,
}

impl CodeCache {
    /// `salt` names everything global the HTML depends on (grammar set version, config).
    pub fn open(dir: Option<&Path>, enabled: bool, salt: String) -> CodeCache {
        let dir = enabled.then(|| {
            dir.map(Path::to_path_buf)
                .unwrap_or_else(default_dir)
                .join("code-v1")
        });
        CodeCache { dir, salt }
    }

    pub fn disabled() -> CodeCache {
        CodeCache {
            dir: None,
            salt: String::new(),
        }
    }

    fn key(&self, info: &str, code: &str, ctx: &CodeContext) -> String {
        let mut h = blake3::Hasher::new();
        for part in [self.salt.as_str(), info, code] {
            h.update(&(part.len() as u64).to_le_bytes());
            h.update(part.as_bytes());
        }
        if let Some(pin) = ctx.source {
            h.update(pin.repo.as_bytes());
            h.update(b"\0");
            h.update(pin.git_ref.as_bytes());
        }
        h.update(&(ctx.index as u64).to_le_bytes());
        h.finalize().to_hex().to_string()
    }

    fn path_of(&self, key: &str) -> Option<PathBuf> {
        self.dir.as_ref().map(|d| d.join(&key[..2]).join(key))
    }

    /// The cached rendering of a block, if there is a sound one.
    pub fn get(&self, info: &str, code: &str, ctx: &CodeContext) -> Option<RenderedBlock> {
        let path = self.path_of(&self.key(info, code, ctx))?;
        let text = std::fs::read_to_string(path).ok()?;
        let entry = decode(&text)?;
        Some(RenderedBlock {
            html: entry.html,
            warnings: entry
                .warnings
                .into_iter()
                .map(|(offset, message)| Warning {
                    path: ctx.path.to_path_buf(),
                    line: offset.map(|o| (ctx.line as isize + o).max(1) as usize),
                    message,
                })
                .collect(),
        })
    }

    /// Stores a block's rendering. Failing to store is not an error: the cache is an
    /// optimisation, and the next build simply highlights again.
    pub fn put(&self, info: &str, code: &str, ctx: &CodeContext, block: &RenderedBlock) {
        let Some(path) = self.path_of(&self.key(info, code, ctx)) else {
            return;
        };
        let entry = Entry {
            html: block.html.clone(),
            warnings: block
                .warnings
                .iter()
                .map(|w| {
                    (
                        w.line.map(|l| l as isize - ctx.line as isize),
                        w.message.clone(),
                    )
                })
                .collect(),
        };
        let _ = write_atomically(&path, encode(&entry).as_bytes());
    }
}

fn encode(entry: &Entry) -> String {
    let payload = serde_json::to_string(entry).expect("an entry serializes");
    format!(
        "{MAGIC}{}\n{payload}",
        blake3::hash(payload.as_bytes()).to_hex()
    )
}

fn decode(text: &str) -> Option<Entry> {
    let rest = text.strip_prefix(MAGIC)?;
    let (sum, payload) = rest.split_once('\n')?;
    if blake3::hash(payload.as_bytes()).to_hex().as_str() != sum {
        return None;
    }
    serde_json::from_str(payload).ok()
}

fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().expect("a cache entry has a folder");
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
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

    #[test]
    fn a_hit_returns_what_was_stored_with_lines_moved_to_the_new_place() {
        let dir = tempfile::tempdir().unwrap();
        let cache = CodeCache::open(Some(dir.path()), true, "salt".into());
        assert!(cache.get("go", "x", &ctx(10)).is_none());
        cache.put("go", "x", &ctx(10), &block());
        let hit = cache.get("go", "x", &ctx(20)).unwrap();
        assert_eq!(hit.html, "<pre>x</pre>");
        assert_eq!(hit.warnings[0].line, Some(20));
        assert!(
            cache.get("rust", "x", &ctx(10)).is_none(),
            "the info string is in the key"
        );
        let other = CodeCache::open(Some(dir.path()), true, "other config".into());
        assert!(
            other.get("go", "x", &ctx(10)).is_none(),
            "the salt is in the key"
        );
    }

    #[test]
    fn corrupted_or_foreign_entries_are_misses_and_get_rewritten() {
        let dir = tempfile::tempdir().unwrap();
        let cache = CodeCache::open(Some(dir.path()), true, "salt".into());
        cache.put("go", "x", &ctx(1), &block());
        let file = walkdir::WalkDir::new(dir.path())
            .into_iter()
            .flatten()
            .find(|e| e.file_type().is_file())
            .unwrap();
        let text = std::fs::read_to_string(file.path()).unwrap();
        std::fs::write(file.path(), text.replace("<pre>x</pre>", "<pre>y</pre>")).unwrap();
        assert!(
            cache.get("go", "x", &ctx(1)).is_none(),
            "checksum mismatch is a miss"
        );
        std::fs::write(file.path(), "garbage").unwrap();
        assert!(cache.get("go", "x", &ctx(1)).is_none());
        cache.put("go", "x", &ctx(1), &block());
        assert_eq!(cache.get("go", "x", &ctx(1)).unwrap().html, "<pre>x</pre>");
    }

    #[test]
    fn a_disabled_cache_never_hits() {
        let dir = tempfile::tempdir().unwrap();
        let cache = CodeCache::open(Some(dir.path()), false, "salt".into());
        cache.put("go", "x", &ctx(1), &block());
        assert!(cache.get("go", "x", &ctx(1)).is_none());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
