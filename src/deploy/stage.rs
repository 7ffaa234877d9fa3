//! A throwaway checkout of the pages repository to build into, for `--dry-run`.
//!
//! Building into public/ and restoring it afterwards could lose work if anything went wrong
//! halfway, and even `git status` may rewrite the index. A `git clone --shared` of public/
//! only reads from it, so public/ and its git state stay exactly as they were.

use std::path::PathBuf;

use tempfile::TempDir;

use super::git::Git;
use super::pages::PagesRepo;
use super::{Change, DeployError, Published};

/// The site built into a temporary clone of public/ at a given commit, changes staged.
pub(crate) struct Staging {
    _tmp: TempDir,
    dir: PathBuf,
    env: Vec<(String, String)>,
    pub warnings: Vec<crate::Warning>,
}

impl Staging {
    /// Clones public/ at `base` (`None`: an empty repository) and writes the rendered site
    /// into it, as the deploy would.
    pub(super) fn build(
        published: &Published,
        repo: &PagesRepo,
        base: Option<&str>,
    ) -> Result<Self, DeployError> {
        let tmp = tempfile::Builder::new()
            .prefix("blog-deploy-")
            .tempdir()
            .map_err(|e| DeployError::io(&std::env::temp_dir(), e))?;
        let dir = tmp.path().join("pages");
        let env = &published.git_env;
        let outside = Git::new(tmp.path(), env);
        outside.run(&[
            "clone".as_ref(),
            "--quiet".as_ref(),
            "--shared".as_ref(),
            "--no-checkout".as_ref(),
            repo.dir().as_os_str(),
            dir.as_os_str(),
        ])?;
        let git = outside.at(&dir);
        if let Some(base) = base {
            git.run(&["checkout", "-q", "--detach", base])?;
        }
        let warnings = published.write(&dir)?;
        git.run(&["add", "-A", "."])?;
        Ok(Staging {
            _tmp: tmp,
            dir,
            env: env.clone(),
            warnings,
        })
    }

    /// What a deploy would commit.
    pub fn changes(&self) -> Result<Vec<Change>, DeployError> {
        Git::new(&self.dir, &self.env).staged_changes()
    }
}
