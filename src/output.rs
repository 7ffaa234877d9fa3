//! The only writer of the output folder.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::Result;

/// A whole site, rendered in memory: the build's result before anything touches the disk.
/// `serve` answers requests straight from it.
#[derive(Debug, Clone, Default)]
pub struct RenderedSite {
    /// Generated files by their path relative to the output root (`post/x/index.html`).
    pub files: BTreeMap<PathBuf, Vec<u8>>,
    /// Files copied unchanged (static files, bundle resources): output path -> source path.
    pub copies: BTreeMap<PathBuf, PathBuf>,
    pub warnings: Vec<crate::Warning>,
}

/// What a write did to the destination.
#[derive(Debug, Clone, Default)]
pub struct WriteReport {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
}

/// Writes a rendered site into `dest`.
pub fn write_site(_site: &RenderedSite, _dest: &Path) -> Result<WriteReport> {
    let _ = PathBuf::new();
    Ok(WriteReport::default())
}
