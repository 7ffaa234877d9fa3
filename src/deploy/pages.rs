//! The pages repository in public/ and its place in the site repository: opening and
//! checking it, choosing the branch and remote, committing, pushing, `--init`, the
//! submodule pointer, and the files GitHub Pages wants (`.nojekyll`, `CNAME`).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

use super::git::Git;
use super::{Change, DeployError, DeployOptions};
use crate::output::HostFile;

/// The branch and remote branch that deploy pushes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushTarget {
    pub remote: String,
    /// The branch's name on the remote (`master`, `gh-pages`).
    pub branch: String,
}

impl fmt::Display for PushTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.remote, self.branch)
    }
}

/// Which local branch the deploy commits on, and whether HEAD must be moved there first.
#[derive(Debug, Clone)]
pub(crate) struct BranchPlan {
    pub branch: String,
    /// HEAD is detached or on another branch: check `branch` out before building.
    pub checkout: bool,
    /// The commit the new build goes on top of (`None`: an empty repository).
    pub base: Option<String>,
    /// How to check it out.
    pub start: Start,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Start {
    /// The local branch as it is: it is ahead of HEAD (or HEAD is elsewhere entirely).
    Existing,
    /// Create the branch from the remote branch and track it.
    Track(String),
    /// Put the branch where HEAD is, tracking the upstream if there is one. Only chosen when
    /// the branch does not exist or HEAD already contains it, so no commit is lost: this
    /// is the other machine's deploy that `git submodule update` brought in.
    Here(Option<String>),
}

/// public/, checked to be a git work tree of its own.
#[derive(Debug)]
pub(crate) struct PagesRepo {
    dir: PathBuf,
    env: Vec<(String, String)>,
}

impl PagesRepo {
    /// Opens public/, refusing unless it is the top of its own work tree. Without that check
    /// `git -C public` would find the site repository above it and commit there.
    pub fn open(dir: &Path, env: &[(String, String)]) -> Result<Self, DeployError> {
        let refuse = || DeployError::NotAWorkTree {
            path: dir.to_path_buf(),
        };
        // `.git` is a folder in a plain clone and a file pointing into the site's
        // .git/modules/ in a submodule; both are fine.
        if !dir.join(".git").exists() {
            return Err(refuse());
        }
        let top = Git::new(dir, env).toplevel()?.ok_or_else(refuse)?;
        // Canonical, so that git run from elsewhere (the dry run's clone) finds it too.
        let dir = dir.canonicalize().map_err(|_| refuse())?;
        if top.canonicalize().ok().as_ref() != Some(&dir) {
            return Err(refuse());
        }
        Ok(PagesRepo {
            dir,
            env: env.to_vec(),
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn git(&self) -> Git<'_> {
        Git::new(&self.dir, &self.env)
    }

    /// Chooses the branch: `--branch`, else the current one, else the submodule's branch
    /// from `.gitmodules`, else `master`. A fresh `git submodule update` leaves HEAD
    /// detached; committing there would push nothing useful, so deploy checks the branch out.
    pub fn plan_branch(&self, options: &DeployOptions) -> Result<BranchPlan, DeployError> {
        let git = self.git();
        let current = git.maybe(&["symbolic-ref", "-q", "--short", "HEAD"])?;
        let configured = self.gitmodules_branch()?;
        let branch = match (&options.branch, &current, configured) {
            (Some(b), _, _) => b.clone(),
            (None, Some(c), Some(configured)) if *c != configured => {
                return Err(DeployError::WrongBranch {
                    path: self.dir.clone(),
                    current: c.clone(),
                    configured,
                })
            }
            (None, Some(c), _) => c.clone(),
            (None, None, configured) => configured.unwrap_or_else(|| "master".to_string()),
        };
        if current.as_deref() == Some(branch.as_str()) {
            return Ok(BranchPlan {
                checkout: false,
                base: git.head()?,
                start: Start::Existing,
                branch,
            });
        }
        let local = git.maybe(&[
            "rev-parse",
            "--verify",
            "-q",
            &format!("refs/heads/{branch}"),
        ])?;
        let upstream = match &local {
            Some(_) => None,
            None => Some(format!("{}/{branch}", self.default_remote()?)),
        };
        let tracking = match &upstream {
            Some(u) => git.maybe(&["rev-parse", "--verify", "-q", &format!("refs/remotes/{u}")])?,
            None => None,
        };
        // A detached HEAD is the pointer `git submodule update` checked out: when it holds
        // the branch (another machine deployed since), the branch moves up to it.
        let head = match current {
            None => git.head()?,
            Some(_) => None,
        };
        let (start, base) = match (local, tracking) {
            (Some(id), _) if !self.contains(head.as_deref(), &id)? => (Start::Existing, Some(id)),
            (Some(_), _) => (Start::Here(None), head.clone()),
            (None, Some(id)) if !self.contains(head.as_deref(), &id)? => {
                (Start::Track(upstream.unwrap_or_default()), Some(id))
            }
            (None, Some(_)) => (Start::Here(upstream), head.clone()),
            (None, None) => (Start::Here(None), git.head()?),
        };
        if let (Some(head), Start::Existing | Start::Track(_), Some(tip)) = (&head, &start, &base) {
            self.refuse_leaving_commits(head, &branch, tip)?;
        }
        if let (Some(head), Start::Here(_)) = (&head, &start) {
            self.refuse_unpublished_commits(head, &branch)?;
        }
        Ok(BranchPlan {
            branch,
            checkout: true,
            base,
            start,
        })
    }

    /// Checking `branch` out would leave a detached `head` behind: refuse when it holds
    /// commits the branch (at `tip`) does not, since only the reflog would keep them.
    fn refuse_leaving_commits(
        &self,
        head: &str,
        branch: &str,
        tip: &str,
    ) -> Result<(), DeployError> {
        if self.contains(Some(tip), head)? {
            return Ok(());
        }
        let count = self
            .git()
            .run(&["rev-list", "--count", &format!("{tip}..{head}")])?;
        Err(DeployError::DetachedCommits {
            path: self.dir.clone(),
            branch: branch.to_string(),
            commits: count.trim().parse().unwrap_or(0),
            head: head.to_string(),
        })
    }

    /// Moving `branch` up to a detached `head` publishes what HEAD holds: refuse when it
    /// holds commits neither the branch nor the remote's copy of it has (made by hand on
    /// the detached HEAD), as the README promises. Commits the remote has are another
    /// machine's deploys, which `git submodule update` fetched: those are fine.
    fn refuse_unpublished_commits(&self, head: &str, branch: &str) -> Result<(), DeployError> {
        let mut args = vec![
            "rev-list".to_string(),
            "--count".to_string(),
            head.to_string(),
            "--not".to_string(),
        ];
        let local = format!("refs/heads/{branch}");
        if self.git().has_ref(&local)? {
            args.push(local);
        }
        if let Ok(target) = self.push_target(branch) {
            let tracking = format!("refs/remotes/{}/{}", target.remote, target.branch);
            if self.git().has_ref(&tracking)? {
                args.push(tracking);
            }
        }
        if args.len() == 4 {
            // A new pages repository: no branch yet, nothing to compare with.
            return Ok(());
        }
        let count: usize = self.git().run(&args)?.trim().parse().unwrap_or(0);
        if count == 0 {
            return Ok(());
        }
        Err(DeployError::DetachedCommits {
            path: self.dir.clone(),
            branch: branch.to_string(),
            commits: count,
            head: head.to_string(),
        })
    }

    /// After a deploy with nothing to push: refuses when the remote branch has commits HEAD
    /// lacks (somebody else deployed), rather than call it up to date. The remote is asked
    /// (`git ls-remote`); when it cannot be reached, a warning says the comparison was not
    /// made.
    pub fn check_remote_has_nothing_new(
        &self,
        target: &PushTarget,
        warnings: &mut Vec<crate::Warning>,
    ) -> Result<(), DeployError> {
        let git = self.git();
        let out = git.output(&[
            "ls-remote",
            "--quiet",
            &target.remote,
            &format!("refs/heads/{}", target.branch),
        ])?;
        if !out.status.success() {
            warnings.push(crate::Warning {
                path: self.dir.clone(),
                line: None,
                message: format!(
                    "could not ask {} whether it has commits this repository lacks: {}",
                    target.remote,
                    String::from_utf8_lossy(&out.stderr).trim()
                ),
            });
            return Ok(());
        }
        let stdout = String::from_utf8_lossy(&out.stdout);
        let Some(tip) = stdout.split_whitespace().next() else {
            return Ok(());
        };
        let head = git.head()?;
        if head.as_deref() == Some(tip) || self.contains(head.as_deref(), tip)? {
            return Ok(());
        }
        Err(DeployError::RemoteAhead {
            path: self.dir.clone(),
            target: target.clone(),
        })
    }

    /// The `branch` recorded for this submodule in the superproject's `.gitmodules`
    /// (`git submodule add -b BRANCH` writes it).
    fn gitmodules_branch(&self) -> Result<Option<String>, DeployError> {
        let git = self.git();
        let Some(top) = git.maybe(&["rev-parse", "--show-superproject-working-tree"])? else {
            return Ok(None);
        };
        let modules = Path::new(&top).join(".gitmodules");
        let Ok(rel) = self.dir.strip_prefix(&top) else {
            return Ok(None);
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        let modules = modules.to_string_lossy();
        let paths = git.maybe(&[
            "config",
            "-f",
            &modules,
            "--get-regexp",
            r"^submodule\..*\.path$",
        ])?;
        let name = paths.unwrap_or_default().lines().find_map(|line| {
            let (key, path) = line.split_once(' ')?;
            let name = key.strip_prefix("submodule.")?.strip_suffix(".path")?;
            (path == rel).then(|| name.to_string())
        });
        match name {
            Some(name) => git.maybe(&[
                "config",
                "-f",
                &modules,
                &format!("submodule.{name}.branch"),
            ]),
            None => Ok(None),
        }
    }

    /// Moves a detached (or other-branch) HEAD onto the pages branch. The work tree is clean
    /// at this point, so nothing can be lost.
    pub fn check_out(&self, plan: &BranchPlan) -> Result<(), DeployError> {
        if !plan.checkout {
            return Ok(());
        }
        let git = self.git();
        match &plan.start {
            Start::Existing => git.run(&["checkout", "-q", &plan.branch])?,
            Start::Track(upstream) => {
                git.run(&["checkout", "-q", "-b", &plan.branch, "--track", upstream])?
            }
            Start::Here(upstream) => {
                git.run(&["checkout", "-q", "-B", &plan.branch])?;
                if let Some(upstream) = upstream {
                    git.run(&["branch", "-q", "--set-upstream-to", upstream])?;
                }
                String::new()
            }
        };
        Ok(())
    }

    /// Whether `head` contains commit `id` (so moving a branch from `id` to `head` loses
    /// nothing).
    fn contains(&self, head: Option<&str>, id: &str) -> Result<bool, DeployError> {
        match head {
            Some(head) => self
                .git()
                .succeeds(&["merge-base", "--is-ancestor", id, head]),
            None => Ok(false),
        }
    }

    /// What the builds wrote, as the output manifests in the work tree (the last build) and
    /// in HEAD (the last deploy) list it.
    pub fn build_outputs(&self) -> Result<BuildOutputs, DeployError> {
        let manifest = crate::output::MANIFEST;
        let text = std::fs::read_to_string(self.dir.join(manifest)).unwrap_or_default();
        let committed = self.git().output(&["show", &format!("HEAD:{manifest}")])?;
        let committed = if committed.status.success() {
            crate::output::parse_manifest(&String::from_utf8_lossy(&committed.stdout))
                .into_keys()
                .collect()
        } else {
            BTreeSet::new()
        };
        Ok(BuildOutputs {
            dir: self.dir.clone(),
            last_build: crate::output::parse_manifest(&text),
            committed,
        })
    }

    /// Drops uncommitted changes that the build is about to reproduce anyway.
    pub fn discard_changes(&self) -> Result<(), DeployError> {
        let git = self.git();
        if git.head()?.is_some() {
            git.run(&["reset", "-q", "--hard", "HEAD"])?;
        } else {
            git.run(&["rm", "-r", "-q", "--cached", "--ignore-unmatch", "."])?;
        }
        git.run(&["clean", "-f", "-d", "-q"])?;
        Ok(())
    }

    /// `git add -A` and the list of what is now staged.
    pub fn stage_all(&self) -> Result<Vec<Change>, DeployError> {
        self.git().run(&["add", "-A", "."])?;
        self.git().staged_changes()
    }

    /// Commits what is staged and returns the new commit's id.
    pub fn commit(&self, message: &str) -> Result<String, DeployError> {
        self.git().run(&["commit", "-q", "-m", message])?;
        Ok(self.git().head()?.unwrap_or_default())
    }

    /// The remote deploy pushes to when a branch has no upstream: `origin`, or the only one.
    fn default_remote(&self) -> Result<String, DeployError> {
        let remotes = self.git().run(&["remote"])?;
        let remotes: Vec<&str> = remotes.lines().collect();
        match remotes.as_slice() {
            [] => Err(DeployError::NoRemote {
                path: self.dir.clone(),
            }),
            [only] => Ok(only.to_string()),
            many if many.contains(&"origin") => Ok("origin".to_string()),
            [first, ..] => Ok(first.to_string()),
        }
    }

    /// The branch's upstream (`branch.B.remote` / `branch.B.merge`, as `git pull` uses it),
    /// else the default remote and the same branch name.
    pub fn push_target(&self, branch: &str) -> Result<PushTarget, DeployError> {
        let git = self.git();
        let remote = git.maybe(&["config", "--get", &format!("branch.{branch}.remote")])?;
        let merge = git.maybe(&["config", "--get", &format!("branch.{branch}.merge")])?;
        let remote = match remote {
            Some(r) if r != "." => r,
            _ => self.default_remote()?,
        };
        let branch = merge
            .map(|m| m.trim_start_matches("refs/heads/").to_string())
            .unwrap_or_else(|| branch.to_string());
        Ok(PushTarget { remote, branch })
    }

    /// How many commits HEAD has that the remote (as last seen) does not.
    pub fn unpushed(&self, target: &PushTarget) -> Result<usize, DeployError> {
        let head = self.git().head()?;
        self.unpushed_from(head.as_deref(), target)
    }

    /// How many commits `base` has that the remote branch (as last fetched) does not. An
    /// earlier failed push leaves exactly such commits; they must go out even when this
    /// build changed nothing.
    pub fn unpushed_from(
        &self,
        base: Option<&str>,
        target: &PushTarget,
    ) -> Result<usize, DeployError> {
        let Some(base) = base else { return Ok(0) };
        let tracking = format!("refs/remotes/{}/{}", target.remote, target.branch);
        let range = if self.git().has_ref(&tracking)? {
            format!("{tracking}..{base}")
        } else {
            base.to_string()
        };
        let count = self.git().run(&["rev-list", "--count", &range])?;
        Ok(count.trim().parse().unwrap_or(0))
    }

    /// Pushes HEAD to the target; on failure the commit stays and git's stderr is reported.
    pub fn push(&self, target: &PushTarget) -> Result<(), DeployError> {
        let git = self.git();
        let refspec = format!("HEAD:refs/heads/{}", target.branch);
        let out = git.output(&["push", "--quiet", &target.remote, &refspec])?;
        if !out.status.success() {
            return Err(DeployError::PushFailed {
                path: self.dir.clone(),
                target: target.clone(),
                stderr: String::from_utf8_lossy(&out.stderr).trim().to_string(),
            });
        }
        // Pushing by refspec updates the remote-tracking branch; set the upstream if the
        // branch had none, so `git pull --rebase` in public/ works after a rejection.
        if let Some(branch) = git.maybe(&["symbolic-ref", "-q", "--short", "HEAD"])? {
            if git
                .maybe(&["config", "--get", &format!("branch.{branch}.merge")])?
                .is_none()
            {
                let upstream = format!("{}/{}", target.remote, target.branch);
                git.run(&["branch", "-q", "--set-upstream-to", &upstream])?;
            }
        }
        Ok(())
    }
}

/// The files builds made in public/, to tell their changes from hand-made ones.
pub(crate) struct BuildOutputs {
    dir: PathBuf,
    /// The last build's files, with the hash of the bytes it wrote when known.
    last_build: BTreeMap<String, Option<String>>,
    /// The files of the last deploy's build.
    committed: BTreeSet<String>,
}

impl BuildOutputs {
    /// Whether an uncommitted change to `path` is a build's doing, so that dropping it
    /// loses nothing: the manifest, a killed build's temporary folder, a file the last
    /// build wrote and nobody edited since (its bytes still hash to what the manifest
    /// says), or a file of the last deploy that is gone (the next build makes it again if
    /// it is still part of the site).
    pub fn made(&self, path: &str) -> bool {
        if path == crate::output::MANIFEST || path.starts_with(crate::output::TEMP_PREFIX) {
            return true;
        }
        let on_disk = std::fs::read(self.dir.join(path)).ok();
        match (self.last_build.get(path), on_disk) {
            (Some(Some(hash)), Some(bytes)) => crate::output::content_hash(&bytes) == *hash,
            (Some(_), _) => true,
            (None, None) => self.committed.contains(path),
            (None, Some(_)) => false,
        }
    }
}

/// `--init` refuses where public/ already has content: the submodule would replace it.
pub(crate) fn check_init(options: &DeployOptions, public: &Path) -> Result<(), DeployError> {
    let site = Git::new(&options.site_repo, &options.git_env);
    if !site.succeeds(&["rev-parse", "--is-inside-work-tree"])? {
        return Err(DeployError::SiteNotARepo {
            path: options.site_repo.clone(),
        });
    }
    let has_content = std::fs::read_dir(public)
        .map(|mut entries| entries.next().is_some())
        .unwrap_or(false);
    let path = site_relative(options, public);
    let registered = site
        .run(&["ls-files", "-s", "--", &path.to_string_lossy()])?
        .starts_with("160000 ");
    let git_dir = site.run(&["rev-parse", "--absolute-git-dir"])?;
    let modules = Path::new(git_dir.trim()).join("modules").join(&path);
    let work_tree = PagesRepo::open(public, &options.git_env).is_ok();
    if registered && work_tree {
        return Err(DeployError::AlreadyInitialized {
            path: public.to_path_buf(),
        });
    }
    if registered || modules.exists() || public.join(".git").exists() {
        return Err(DeployError::HalfInitialized {
            path: public.to_path_buf(),
            site: options.site_repo.clone(),
            rel: path,
            modules,
        });
    }
    if has_content {
        return Err(DeployError::PublicExists {
            path: public.to_path_buf(),
        });
    }
    Ok(())
}

/// `git submodule add -b BRANCH URL public` in the site repository.
pub(crate) fn init_submodule(
    options: &DeployOptions,
    url: &str,
    public: &Path,
) -> Result<(), DeployError> {
    check_init(options, public)?;
    if public.is_dir() {
        std::fs::remove_dir(public).map_err(|e| DeployError::io(public, e))?;
    }
    let branch = options.branch.as_deref().unwrap_or("master");
    let site = Git::new(&options.site_repo, &options.git_env);
    let path = site_relative(options, public);
    let before = InitUndo::record(options, &path)?;
    let added = site.run(&[
        "submodule",
        "add",
        "--quiet",
        "-b",
        branch,
        url,
        &path.to_string_lossy(),
    ]);
    if added.is_err() {
        before.undo(options, public, &path);
    }
    added.map(|_| ())
}

/// What the site repository looked like before `git submodule add`, to put back when it
/// fails halfway (an empty remote leaves `public/.git` and `.git/modules/public` behind,
/// and the retry then refuses because public/ is not empty).
struct InitUndo {
    gitmodules: Option<Vec<u8>>,
    modules_dir: Option<PathBuf>,
}

impl InitUndo {
    fn record(options: &DeployOptions, path: &Path) -> Result<InitUndo, DeployError> {
        let site = Git::new(&options.site_repo, &options.git_env);
        let git_dir = site.run(&["rev-parse", "--absolute-git-dir"])?;
        let modules_dir = Path::new(git_dir.trim()).join("modules").join(path);
        Ok(InitUndo {
            gitmodules: std::fs::read(options.site_repo.join(".gitmodules")).ok(),
            modules_dir: (!modules_dir.exists()).then_some(modules_dir),
        })
    }

    /// Best effort: every step is tried, whatever the one before did.
    fn undo(self, options: &DeployOptions, public: &Path, path: &Path) {
        let site = Git::new(&options.site_repo, &options.git_env);
        let _ = site.run(&[
            "rm",
            "-q",
            "--cached",
            "--ignore-unmatch",
            "-r",
            "--",
            &path.to_string_lossy(),
        ]);
        // check_init made sure public/ was absent or empty before.
        let _ = std::fs::remove_dir_all(public);
        if let Some(dir) = self.modules_dir {
            let _ = std::fs::remove_dir_all(dir);
        }
        let gitmodules = options.site_repo.join(".gitmodules");
        let _ = match self.gitmodules {
            Some(text) => std::fs::write(&gitmodules, text),
            None => std::fs::remove_file(&gitmodules).or(Ok(())),
        };
        let _ = site.run(&[
            "config",
            "--remove-section",
            &format!("submodule.{}", path.display()),
        ]);
    }
}

/// `--source-commit` needs public/ to be a submodule (a gitlink) of the site repository;
/// checked before anything is built, so it cannot fail after the push.
pub(crate) fn check_submodule(options: &DeployOptions, public: &Path) -> Result<(), DeployError> {
    let site = Git::new(&options.site_repo, &options.git_env);
    if !site.succeeds(&["rev-parse", "--is-inside-work-tree"])? {
        return Err(DeployError::SiteNotARepo {
            path: options.site_repo.clone(),
        });
    }
    let path = site_relative(options, public);
    let entry = site.run(&["ls-files", "-s", "--", &path.to_string_lossy()])?;
    if entry.starts_with("160000 ") {
        Ok(())
    } else {
        Err(DeployError::NotASubmodule {
            path: public.to_path_buf(),
        })
    }
}

/// A fresh clone of the site has public/ registered as a submodule but empty until
/// `git submodule update --init`; say that rather than suggest `--init`.
pub(crate) fn explain_missing_checkout(
    options: &DeployOptions,
    public: &Path,
    error: DeployError,
) -> DeployError {
    if matches!(error, DeployError::NotAWorkTree { .. }) && check_submodule(options, public).is_ok()
    {
        return DeployError::SubmoduleNotCheckedOut {
            path: public.to_path_buf(),
        };
    }
    error
}

/// Commits the submodule pointer (and `.gitmodules` after `--init`) in the site repository,
/// leaving anything else the writer has staged there alone.
pub(crate) fn commit_pointer(
    options: &DeployOptions,
    public: &Path,
    message: &str,
    initialized: bool,
) -> Result<Option<String>, DeployError> {
    let site = Git::new(&options.site_repo, &options.git_env);
    let path = site_relative(options, public)
        .to_string_lossy()
        .into_owned();
    let mut paths = vec![path];
    if initialized {
        paths.push(".gitmodules".to_string());
    }
    let mut status = vec!["status", "--porcelain", "--"];
    status.extend(paths.iter().map(String::as_str));
    if site.run(&status)?.trim().is_empty() {
        return Ok(None);
    }
    let mut commit = vec!["commit", "-q", "-m", message, "--"];
    commit.extend(paths.iter().map(String::as_str));
    site.run(&commit)?;
    site.head()
}

/// public/ as the site repository's git sees it: relative to the site folder when it is
/// inside it (as `public` is), else absolute.
fn site_relative(options: &DeployOptions, public: &Path) -> PathBuf {
    public
        .strip_prefix(&options.site_repo)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| public.to_path_buf())
}

/// What GitHub Pages needs beside the site: `.nojekyll`, so folders starting with `_` are
/// served, and `CNAME` from `cname` under `[params]` in the config. A `static/CNAME`
/// (copied by the build) wins over the config key. The output module writes them.
pub(crate) fn host_files(site: &Path, config: &crate::config::Config) -> Vec<HostFile> {
    let mut files = vec![HostFile {
        name: ".nojekyll",
        bytes: Vec::new(),
        keep_existing: true,
    }];
    if !site.join("static/CNAME").exists() {
        if let Some(cname) = config_cname(config) {
            files.push(HostFile {
                name: "CNAME",
                bytes: format!("{cname}\n").into_bytes(),
                keep_existing: false,
            });
        }
    }
    files
}

/// `cname` under `[params]` in the site's config (any format the build reads).
fn config_cname(config: &crate::config::Config) -> Option<String> {
    let (_, value) = config
        .params
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case("cname"))?;
    Some(value.as_str()?.trim().to_string()).filter(|s| !s.is_empty())
}
