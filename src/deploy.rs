//! `blog deploy`: build into the `public/` submodule, commit and push it.

use std::path::PathBuf;

use crate::site::BuildOptions;

#[derive(Debug, Clone)]
pub struct DeployOptions {
    pub build: BuildOptions,
    pub message: Option<String>,
    pub dry_run: bool,
    /// `--init URL`: add `public/` as a submodule of this repository first.
    pub init: Option<String>,
    pub branch: String,
    /// Commit the new submodule pointer in the site repository afterwards.
    pub source_commit: bool,
    pub site_repo: PathBuf,
}

pub fn deploy(_options: &DeployOptions) -> anyhow::Result<()> {
    anyhow::bail!("blog deploy is not built yet")
}
