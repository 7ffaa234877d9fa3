//! The whole build as a list of steps: load, render, write.

use std::path::PathBuf;

use crate::output::{RenderedSite, WriteReport};
use crate::Result;

/// What a build is asked to do, turned once from the command line (or a test).
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site's root: where `config.toml` and `content/` are.
    pub source: PathBuf,
    /// Where `build` writes; relative paths are taken from `source`, as Hugo does.
    pub destination: PathBuf,
    pub drafts: bool,
    pub future: bool,
    pub expired: bool,
    /// Overrides `baseURL` from the config (serve uses this for its local address).
    pub base_url: Option<String>,
    /// Where the highlighted-code cache lives; `None` picks the default.
    pub cache_dir: Option<PathBuf>,
    pub ignore_cache: bool,
}

impl BuildOptions {
    pub fn new(source: impl Into<PathBuf>) -> Self {
        BuildOptions {
            source: source.into(),
            destination: PathBuf::from("public"),
            drafts: false,
            future: false,
            expired: false,
            base_url: None,
            cache_dir: None,
            ignore_cache: false,
        }
    }

    /// The destination folder, resolved against the source folder.
    pub fn destination_dir(&self) -> PathBuf {
        if self.destination.is_absolute() {
            self.destination.clone()
        } else {
            self.source.join(&self.destination)
        }
    }
}

/// What `build` reports: counts for the summary line, warnings, and what it wrote.
#[derive(Debug, Clone, Default)]
pub struct BuildReport {
    pub pages: usize,
    pub list_pages: usize,
    pub taxonomy_terms: usize,
    pub static_files: usize,
    pub aliases: usize,
    pub written: WriteReport,
    pub warnings: Vec<crate::Warning>,
}

/// Loads and renders the whole site in memory; nothing is written.
pub fn render_site(_options: &BuildOptions) -> Result<RenderedSite> {
    Ok(RenderedSite::default())
}

/// Renders the site, then writes it to the destination. A failed render writes nothing.
pub fn build(options: &BuildOptions) -> Result<BuildReport> {
    let rendered = render_site(options)?;
    let written = crate::output::write_site(&rendered, &options.destination_dir())?;
    Ok(BuildReport {
        written,
        ..Default::default()
    })
}
