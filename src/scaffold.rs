//! `blog new`: a new site, or a new content file from an archetype.

use std::path::Path;

/// `blog new site DIR [--force]`.
pub fn new_site(_dir: &Path, _force: bool) -> anyhow::Result<()> {
    anyhow::bail!("blog new site is not built yet")
}

/// `blog new [content] post/x.md`: `site` is the site root, `path` relative to `content/`.
pub fn new_content(_site: &Path, _path: &Path) -> anyhow::Result<std::path::PathBuf> {
    anyhow::bail!("blog new is not built yet")
}
