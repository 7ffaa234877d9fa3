//! `blog deploy`: build into the `public/` submodule, commit and push it.
//!
//! Hugo users publish by hand: `public/` is a git submodule of `USERNAME.github.io`, they
//! run the generator, then `cd public; git add .; git commit; git push`. This module makes
//! that one command, and a safe one: every check runs before anything is written, so a
//! refusal changes nothing and pushes nothing. The flow, in [`run`]:
//!
//! 1. `--init URL`: `git submodule add -b BRANCH URL public` in the site repository.
//! 2. `public/` must be a git work tree of its own (a submodule's `.git` is a file).
//! 3. `public/` must hold no hand-made uncommitted changes: the build would overwrite them.
//!    Files the output manifest lists are the build's: what a plain `blog build` left
//!    there does not block.
//! 4. The site is loaded and rendered in memory, once, and its internal links checked
//!    (`blog check`'s link pass): broken ones refuse the deploy unless `--force`, which says
//!    what it published.
//! 5. A detached HEAD (a freshly cloned submodule) is put on the pages branch.
//! 6. Write the site rendered in step 4 (no drafts, no future posts), with `.nojekyll` and
//!    `CNAME`, through the output module.
//! 7. Stage everything and commit, unless nothing changed.
//! 8. Push whatever the remote does not have yet, including a commit an earlier failed push
//!    left behind. A failed push keeps the local commit and reports git's own message.
//! 9. `--source-commit`: commit the new submodule pointer in the site repository.
//!
//! Git is the system `git` (see [`git`]), so the writer's keys and credentials just work.

mod git;
mod pages;
mod stage;

use std::fmt;
use std::path::{Path, PathBuf};

use crate::output::RenderedSite;
use crate::site::{BuildOptions, Site};

pub use pages::PushTarget;

/// What `blog deploy` is asked to do.
#[derive(Debug, Clone)]
pub struct DeployOptions {
    /// The build; deploy writes into its destination (`public/` by default).
    pub build: BuildOptions,
    /// The commit message; `None` is "rebuilding site <date>".
    pub message: Option<String>,
    /// Show what would be committed and pushed; change nothing.
    pub dry_run: bool,
    /// `--init URL`: add `public/` as a submodule of this repository first.
    pub init: Option<String>,
    /// The pages branch. `None`: the branch public/ is on, else the submodule's `branch`
    /// in `.gitmodules`, else `master`.
    pub branch: Option<String>,
    /// Commit the new submodule pointer in the site repository afterwards.
    pub source_commit: bool,
    /// Publish even with broken internal links.
    pub force: bool,
    /// The site repository (where `--init` and `--source-commit` run).
    pub site_repo: PathBuf,
    /// Extra environment for every git command deploy runs. Empty for the CLI; tests use it
    /// to pin git's configuration without touching the process environment.
    pub git_env: Vec<(String, String)>,
}

impl DeployOptions {
    /// Deploy the site at `source` with everything else at its default.
    pub fn new(source: impl Into<PathBuf>) -> Self {
        let source = source.into();
        DeployOptions {
            build: BuildOptions::new(&source),
            message: None,
            dry_run: false,
            init: None,
            branch: None,
            source_commit: false,
            force: false,
            site_repo: source,
            git_env: Vec::new(),
        }
    }
}

/// Why a deploy refused or failed. Every refusal happens before anything is written.
#[derive(Debug, thiserror::Error)]
pub enum DeployError {
    #[error("{}: not a git work tree of its own, so there is nothing to push.\n  Make it a submodule of your pages repository with\n    blog deploy --init git@github.com:USERNAME/USERNAME.github.io.git [--branch master]", path.display())]
    NotAWorkTree { path: PathBuf },

    #[error("{}: uncommitted changes that no build made; deploy would publish or overwrite them:\n  {}\n  Put files meant for the site in static/, then commit or discard these (git -C {} status).", path.display(), files.join("\n  "), path.display())]
    DirtyWorkTree { path: PathBuf, files: Vec<String> },

    #[error("{}: HEAD is detached at {} with {commits} commit(s) that branch {branch} does not have (here or on the remote); deploy neither publishes nor leaves behind commits it did not make. Keep them on a branch first, e.g.\n    git -C {} switch -c saved-work && git -C {} switch {branch}\n  (then `git -C {} merge saved-work` if they belong on the site) and deploy again (nothing was changed)", path.display(), &head[..head.len().min(10)], path.display(), path.display(), path.display())]
    DetachedCommits {
        path: PathBuf,
        branch: String,
        commits: usize,
        head: String,
    },

    #[error("{}: on branch {current}, but .gitmodules publishes branch {configured} from it; check out {configured} (git -C {} switch {configured}) or deploy {current} with --branch {current} (nothing was changed)", path.display(), path.display())]
    WrongBranch {
        path: PathBuf,
        current: String,
        configured: String,
    },

    #[error("the build failed; nothing was committed or pushed:\n{source}")]
    BuildFailed {
        #[source]
        source: crate::Error,
    },

    #[error("{} broken internal links; nothing was committed or pushed:\n  {}\n  Fix them (blog check lists them all), or publish anyway with blog deploy --force.", problems.len(), problems.join("\n  "))]
    BrokenLinks { problems: Vec<String> },

    #[error("git push to {target} failed; the commit stays in {} and the next deploy pushes it.\n  If the remote moved on: git -C {} pull --rebase, then deploy again.\ngit said:\n{stderr}", path.display(), path.display())]
    PushFailed {
        path: PathBuf,
        target: PushTarget,
        stderr: String,
    },

    #[error("{}: the submodule is registered but not checked out (a fresh clone?); run\n    git submodule update --init\n  in the site repository, then deploy again", path.display())]
    SubmoduleNotCheckedOut { path: PathBuf },

    #[error("{}: already exists and is not empty; --init adds the submodule only where it is absent or empty", path.display())]
    PublicExists { path: PathBuf },

    #[error("{}: already a submodule of the site (an earlier --init added it, then stopped before it had deployed?); run plain `blog deploy` to build, commit and push", path.display())]
    AlreadyInitialized { path: PathBuf },

    #[error("{}: a submodule an earlier --init began and did not finish (it was stopped?); remove what it left, then run the same --init again:\n    git -C {} rm -q --cached --ignore-unmatch {rel}; rm -rf {} {}", path.display(), site.display(), path.display(), modules.display(), rel = rel.display())]
    HalfInitialized {
        path: PathBuf,
        site: PathBuf,
        rel: PathBuf,
        modules: PathBuf,
    },

    #[error("the remote's {target} has commits that {} lacks, so nothing was pushed; to publish on top of them:\n    git -C {} pull --rebase\n  then deploy again", path.display(), path.display())]
    RemoteAhead { path: PathBuf, target: PushTarget },

    #[error("{}: not inside a git repository; --init and --source-commit need the site in one (git init)", path.display())]
    SiteNotARepo { path: PathBuf },

    #[error("{}: --source-commit needs it to be a submodule of the site repository (blog deploy --init URL)", path.display())]
    NotASubmodule { path: PathBuf },

    #[error("{}: no remote to push to; add one with git -C {} remote add origin URL", path.display(), path.display())]
    NoRemote { path: PathBuf },

    #[error("`git {args}` failed in {}:\n{stderr}", dir.display())]
    Git {
        dir: PathBuf,
        args: String,
        stderr: String,
    },

    #[error("cannot run git ({source}); is git installed and on PATH?")]
    GitMissing {
        #[source]
        source: std::io::Error,
    },

    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl DeployError {
    fn io(path: &Path, source: std::io::Error) -> Self {
        DeployError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// One staged change: git's status letter (`A`, `M`, `D`) and the path inside public/.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Change {
    pub status: char,
    pub path: String,
}

/// What a deploy did, or with `--dry-run` would do.
#[derive(Debug, Clone, Default)]
pub struct DeployReport {
    pub dry_run: bool,
    /// The pages folder (public/).
    pub public: PathBuf,
    /// `--init` added the submodule (with `--dry-run`: would add it).
    pub initialized: bool,
    /// The branch a detached HEAD was put on (or would be).
    pub checked_out: Option<String>,
    /// Broken internal links published anyway (`--force`).
    pub forced_broken_links: usize,
    /// The changes the new commit holds (or would hold); empty when nothing changed.
    pub changes: Vec<Change>,
    /// The new commit's id; `None` when nothing changed (and always on a dry run).
    pub commit: Option<String>,
    /// Where commits were (or would be) pushed, and how many; `None` when the remote is
    /// already up to date.
    pub pushed: Option<(PushTarget, usize)>,
    /// The commit in the site repository that records the new pointer (`--source-commit`).
    pub source_commit: Option<String>,
    /// The build's warnings (an unknown code language, a duplicated key).
    pub warnings: Vec<crate::Warning>,
}

/// `blog deploy`: runs [`run`] and prints its report.
pub fn deploy(options: &DeployOptions) -> anyhow::Result<()> {
    let report = run(options)?;
    for warning in &report.warnings {
        eprintln!("Warning: {warning}");
    }
    print!("{report}");
    Ok(())
}

/// Deploys the site: the whole flow described in the module docs.
pub fn run(options: &DeployOptions) -> Result<DeployReport, DeployError> {
    let public = options.build.destination_dir();
    let mut report = DeployReport {
        dry_run: options.dry_run,
        public: public.clone(),
        ..Default::default()
    };
    if let Some(url) = &options.init {
        report.initialized = true;
        if options.dry_run {
            pages::check_init(options, &public)?;
            return Ok(report);
        }
        pages::init_submodule(options, url, &public)?;
    }
    let repo = pages::PagesRepo::open(&public, &options.git_env)
        .map_err(|e| pages::explain_missing_checkout(options, &public, e))?;
    if options.source_commit {
        pages::check_submodule(options, &public)?;
    }
    refuse_hand_made_changes(options, &repo)?;
    let published = Published::render(options)?;
    report.forced_broken_links = refuse_broken_links(options, &published, &mut report.warnings)?;
    let plan = repo.plan_branch(options)?;
    report.checked_out = plan.checkout.then(|| plan.branch.clone());
    if options.dry_run {
        return dry_run(&published, &repo, &plan, report);
    }
    repo.check_out(&plan)?;
    report.warnings.extend(published.write(&public)?);
    report.changes = repo.stage_all()?;
    let message = commit_message(options);
    if !report.changes.is_empty() {
        report.commit = Some(repo.commit(&message)?);
    }
    let target = repo.push_target(&plan.branch)?;
    let ahead = repo.unpushed(&target)?;
    if ahead > 0 {
        repo.push(&target)?;
        report.pushed = Some((target, ahead));
    } else {
        // Nothing to push: "up to date" only if the remote has nothing we lack.
        repo.check_remote_has_nothing_new(&target, &mut report.warnings)?;
    }
    if options.source_commit {
        report.source_commit =
            pages::commit_pointer(options, &public, &message, report.initialized)?;
    }
    Ok(report)
}

/// Refuses when public/ holds uncommitted changes no build made: files the output
/// manifest does not list (a hand-edited README.md, a verification file dropped into
/// public/), and generated files edited by hand since the build wrote them (their bytes
/// no longer hash to what the manifest recorded). What an earlier `blog build` (even with
/// `-D`) left there is the build's, so it is dropped, losing nothing, and the deploy goes
/// on with a clean tree.
fn refuse_hand_made_changes(
    options: &DeployOptions,
    repo: &pages::PagesRepo,
) -> Result<(), DeployError> {
    let dirty = repo.git().dirty_files()?;
    if dirty.is_empty() {
        return Ok(());
    }
    let built = repo.build_outputs()?;
    let hand_made: Vec<String> = dirty.into_iter().filter(|path| !built.made(path)).collect();
    if !hand_made.is_empty() {
        return Err(DeployError::DirtyWorkTree {
            path: repo.dir().to_path_buf(),
            files: hand_made,
        });
    }
    if !options.dry_run {
        repo.discard_changes()?;
    }
    Ok(())
}

/// Builds into a throwaway checkout of the commit the deploy would build on and reports the
/// difference, leaving public/ and its git state exactly as they were.
fn dry_run(
    published: &Published,
    repo: &pages::PagesRepo,
    plan: &pages::BranchPlan,
    mut report: DeployReport,
) -> Result<DeployReport, DeployError> {
    let staged = stage::Staging::build(published, repo, plan.base.as_deref())?;
    report.changes = staged.changes()?;
    report.warnings = staged.warnings.clone();
    let target = repo.push_target(&plan.branch)?;
    let ahead =
        repo.unpushed_from(plan.base.as_deref(), &target)? + !report.changes.is_empty() as usize;
    if ahead > 0 {
        report.pushed = Some((target, ahead));
    }
    Ok(report)
}

/// The site as it will be published (no drafts, future or expired pages), loaded and
/// rendered once: the link check reads it and the write publishes it, so a deploy reads the
/// config once and renders once.
struct Published {
    site: Site,
    rendered: RenderedSite,
    warnings: Vec<crate::Warning>,
    /// The environment of every git command (see [`DeployOptions::git_env`]).
    git_env: Vec<(String, String)>,
}

impl Published {
    fn render(options: &DeployOptions) -> Result<Published, DeployError> {
        let failed = |source| DeployError::BuildFailed { source };
        let site = Site::load(&published(options)).map_err(failed)?;
        let (rendered, report) = site.render().map_err(failed)?;
        Ok(Published {
            site,
            rendered,
            warnings: report.warnings,
            git_env: options.git_env.clone(),
        })
    }

    /// Writes the site into `dest` through the output module, with the files GitHub Pages
    /// needs beside it. Returns the build's warnings.
    fn write(&self, dest: &Path) -> Result<Vec<crate::Warning>, DeployError> {
        crate::output::write_site(&self.rendered, dest)
            .map_err(|source| DeployError::BuildFailed { source })?;
        let host = pages::host_files(&self.site.root, &self.site.config);
        crate::output::write_host_files(dest, &host).map_err(|e| match e {
            crate::Error::Write { path, cause } => DeployError::io(&path, cause),
            source => DeployError::BuildFailed { source },
        })?;
        Ok(self.warnings.clone())
    }
}

/// Checks the internal links of the site as it will be published. Broken ones refuse the
/// deploy; with `--force` they become warnings and their count is returned.
fn refuse_broken_links(
    options: &DeployOptions,
    published: &Published,
    warnings: &mut Vec<crate::Warning>,
) -> Result<usize, DeployError> {
    let problems = crate::check::broken_links(&published.site, &published.rendered);
    if !options.force && !problems.is_empty() {
        let problems = problems.iter().map(ToString::to_string).collect();
        return Err(DeployError::BrokenLinks { problems });
    }
    warnings.extend(problems.iter().map(|p| crate::Warning {
        path: p.file.clone(),
        line: Some(p.line),
        message: format!("broken {}: {}", p.kind.name(), p.message),
    }));
    Ok(problems.len())
}

/// The build options of what is published: no drafts, future or expired pages.
fn published(options: &DeployOptions) -> BuildOptions {
    let mut build = options.build.clone();
    build.drafts = false;
    build.future = false;
    build.expired = false;
    build
}

fn commit_message(options: &DeployOptions) -> String {
    options.message.clone().unwrap_or_else(|| {
        format!(
            "rebuilding site {}",
            chrono::Local::now().format("%Y-%m-%d %H:%M:%S %z")
        )
    })
}

/// A first deploy lists thousands of files; the report shows this many.
const LISTED_CHANGES: usize = 30;

impl fmt::Display for DeployReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let public = self.public.display();
        if self.dry_run {
            writeln!(
                f,
                "Dry run: {public} is left as it is; nothing is committed or pushed."
            )?;
        }
        if self.forced_broken_links > 0 {
            let verb = if self.dry_run {
                "Would publish"
            } else {
                "Published"
            };
            writeln!(
                f,
                "{verb} with {} broken internal links (--force).",
                self.forced_broken_links
            )?;
        }
        if self.initialized {
            let verb = if self.dry_run { "Would add" } else { "Added" };
            writeln!(f, "{verb} {public} as a git submodule.")?;
            if self.dry_run {
                return Ok(());
            }
        }
        if let Some(branch) = &self.checked_out {
            let verb = if self.dry_run {
                "Would check out"
            } else {
                "Checked out"
            };
            writeln!(f, "{verb} branch {branch} in {public}.")?;
        }
        if self.changes.is_empty() {
            writeln!(f, "Nothing changed since the last deploy; no commit.")?;
        } else {
            match &self.commit {
                Some(id) => writeln!(
                    f,
                    "Committed {}: {} files changed",
                    short(id),
                    self.changes.len()
                )?,
                None => writeln!(f, "Would commit {} changed files:", self.changes.len())?,
            }
            for change in self.changes.iter().take(LISTED_CHANGES) {
                writeln!(f, "  {} {}", change.status, change.path)?;
            }
            if self.changes.len() > LISTED_CHANGES {
                writeln!(f, "  ... and {} more", self.changes.len() - LISTED_CHANGES)?;
            }
        }
        match &self.pushed {
            Some((target, n)) if self.dry_run => {
                writeln!(f, "Would push {n} commit(s) to {target}.")?
            }
            Some((target, n)) => writeln!(f, "Pushed {n} commit(s) to {target}.")?,
            None => writeln!(f, "The remote is up to date.")?,
        }
        if let Some(id) = &self.source_commit {
            writeln!(
                f,
                "Committed the new {public} pointer in the site repository: {}.",
                short(id)
            )?;
        }
        Ok(())
    }
}

fn short(id: &str) -> &str {
    &id[..id.len().min(10)]
}
