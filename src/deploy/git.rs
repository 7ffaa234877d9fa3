//! A thin runner for the system `git`. Deploy shells out rather than linking a git library
//! so the writer's SSH keys, credential helpers, hooks and config all apply exactly as they
//! do when they type `git push` themselves.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use super::DeployError;

/// `git -C DIR ...` with the caller's extra environment.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Git<'a> {
    pub dir: &'a Path,
    env: &'a [(String, String)],
}

impl<'a> Git<'a> {
    pub fn new(dir: &'a Path, env: &'a [(String, String)]) -> Self {
        Git { dir, env }
    }

    /// The same environment, another folder.
    pub fn at(&self, dir: &'a Path) -> Git<'a> {
        Git { dir, env: self.env }
    }

    fn command<S: AsRef<OsStr>>(&self, args: &[S]) -> Command {
        let mut cmd = Command::new("git");
        cmd.arg("-C").arg(self.dir).args(args);
        // Run from a git hook, these would point every command at the hook's repository
        // instead of the folder given with -C.
        for var in ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_PREFIX"] {
            cmd.env_remove(var);
        }
        // Read-only commands such as `status` must not even refresh the index: a dry run
        // promises to change nothing in public/.
        cmd.env("GIT_OPTIONAL_LOCKS", "0");
        cmd.envs(self.env.iter().map(|(k, v)| (k, v)));
        cmd
    }

    /// Runs git and returns its whole output, whatever the exit code.
    pub fn output<S: AsRef<OsStr>>(&self, args: &[S]) -> Result<Output, DeployError> {
        self.command(args)
            .output()
            .map_err(|source| DeployError::GitMissing { source })
    }

    /// Runs git and returns its stdout; a non-zero exit is a [`DeployError::Git`] carrying
    /// git's own stderr.
    pub fn run<S: AsRef<OsStr>>(&self, args: &[S]) -> Result<String, DeployError> {
        let out = self.output(args)?;
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).into_owned())
        } else {
            Err(self.failed(args, &out))
        }
    }

    /// Runs git for its exit code only: `Ok(true)` on success, `Ok(false)` on failure.
    pub fn succeeds<S: AsRef<OsStr>>(&self, args: &[S]) -> Result<bool, DeployError> {
        Ok(self.output(args)?.status.success())
    }

    /// The trimmed stdout of a command that may legitimately fail (`rev-parse --verify`,
    /// `config --get`): `None` when it does.
    pub fn maybe<S: AsRef<OsStr>>(&self, args: &[S]) -> Result<Option<String>, DeployError> {
        let out = self.output(args)?;
        let text = String::from_utf8_lossy(&out.stdout).trim().to_string();
        Ok((out.status.success() && !text.is_empty()).then_some(text))
    }

    pub fn failed<S: AsRef<OsStr>>(&self, args: &[S], out: &Output) -> DeployError {
        DeployError::Git {
            dir: self.dir.to_path_buf(),
            args: args
                .iter()
                .map(|a| a.as_ref().to_string_lossy())
                .collect::<Vec<_>>()
                .join(" "),
            stderr: String::from_utf8_lossy(&out.stderr).trim().to_string(),
        }
    }

    /// The commit HEAD points at; `None` on an unborn branch (a pages repository with no
    /// commit yet).
    pub fn head(&self) -> Result<Option<String>, DeployError> {
        self.maybe(&["rev-parse", "--verify", "-q", "HEAD^{commit}"])
    }

    /// Whether a ref exists.
    pub fn has_ref(&self, name: &str) -> Result<bool, DeployError> {
        self.succeeds(&["rev-parse", "--verify", "-q", name])
    }

    /// The folder git considers the top of the work tree containing `dir`.
    pub fn toplevel(&self) -> Result<Option<PathBuf>, DeployError> {
        Ok(self
            .maybe(&["rev-parse", "--show-toplevel"])?
            .map(PathBuf::from))
    }

    /// Paths with uncommitted changes, staged or not, untracked included (one per file).
    pub fn dirty_files(&self) -> Result<Vec<String>, DeployError> {
        let out = self.run(&[
            "status",
            "--porcelain=v1",
            "-z",
            "--untracked-files=all",
            "--no-renames",
        ])?;
        Ok(parse_status(&out))
    }

    /// What is staged against HEAD, as `(status letter, path)`.
    pub fn staged_changes(&self) -> Result<Vec<super::Change>, DeployError> {
        let out = self.run(&["diff", "--cached", "--name-status", "--no-renames", "-z"])?;
        Ok(parse_name_status(&out))
    }
}

/// The paths in `git status --porcelain=v1 -z --no-renames`: `XY PATH` entries, NUL
/// separated, paths unquoted (so non-ASCII names such as `笔记.html` come through as is).
fn parse_status(out: &str) -> Vec<String> {
    out.split('\0')
        .filter_map(|entry| entry.get(3..))
        .filter(|path| !path.is_empty())
        .map(str::to_string)
        .collect()
}

/// `git diff --name-status -z --no-renames`: `STATUS NUL PATH NUL` pairs.
fn parse_name_status(out: &str) -> Vec<super::Change> {
    let fields: Vec<&str> = out.split('\0').filter(|f| !f.is_empty()).collect();
    fields
        .chunks_exact(2)
        .map(|pair| super::Change {
            status: pair[0].chars().next().unwrap_or('?'),
            path: pair[1].to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deploy::Change;

    #[test]
    fn status_entries_keep_spaces_and_non_ascii_names() {
        let out = " M README.md\0?? 草稿 notes.html\0D  post/old/index.html\0";
        assert_eq!(
            parse_status(out),
            vec!["README.md", "草稿 notes.html", "post/old/index.html"]
        );
        assert!(parse_status("").is_empty());
    }

    #[test]
    fn name_status_pairs_become_changes() {
        let out = "A\0.nojekyll\0M\0post/笔记/index.html\0D\0old.html\0";
        let change = |status, path: &str| Change {
            status,
            path: path.to_string(),
        };
        assert_eq!(
            parse_name_status(out),
            vec![
                change('A', ".nojekyll"),
                change('M', "post/笔记/index.html"),
                change('D', "old.html")
            ]
        );
    }
}
