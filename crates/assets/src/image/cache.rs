//! The disk cache of processed images, like Hugo's `resources/_gen/images/`: one file per
//! (source bytes, resolved options) pair, so a warm build decodes nothing.
//!
//! Files are written to a temporary name and renamed, so a crash or two processes racing
//! leave either nothing or a whole file. Keys hash the source's content, the canonical
//! options and this crate's cache version; nothing else (paths, mtimes) matters.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Bump when processing changes output for the same options.
const CACHE_VERSION: u32 = 1;

/// A folder of processed images.
#[derive(Clone, Debug)]
pub struct DiskCache {
    dir: PathBuf,
}

impl DiskCache {
    pub fn new(dir: impl Into<PathBuf>) -> DiskCache {
        DiskCache { dir: dir.into() }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The key of a source (by its content hash) under resolved options.
    pub fn key(source_hash: &str, options_key: &str) -> String {
        let text = format!("v{CACHE_VERSION}\0{source_hash}\0{options_key}");
        blake3::hash(text.as_bytes()).to_hex()[..16].to_string()
    }

    fn path(&self, key: &str, extension: &str) -> PathBuf {
        self.dir.join(&key[..2]).join(format!("{key}.{extension}"))
    }

    /// The cached bytes, if any.
    pub fn get(&self, key: &str, extension: &str) -> Option<Vec<u8>> {
        std::fs::read(self.path(key, extension)).ok()
    }

    /// Stores `bytes` under `key`.
    pub fn put(&self, key: &str, extension: &str, bytes: &[u8]) -> Result<()> {
        let path = self.path(key, extension);
        let dir = path.parent().unwrap_or(&self.dir);
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let tmp = dir.join(format!(".{key}.{}.tmp", std::process::id()));
        std::fs::write(&tmp, bytes).map_err(|e| Error::io(&tmp, e))?;
        std::fs::rename(&tmp, &path).map_err(|e| Error::io(&path, e))
    }
}
