//! End-to-end tests: deploy, against real git. A bare repository in a temp dir stands in
//! for USERNAME.github.io (seeded with a README commit, as GitHub creates it), and the
//! fixture site is a git repository with it as its `public/` submodule.
//!
//! Git's configuration is pinned through the environment of every git this test and
//! `blog` run (`DeployOptions::git_env` for the library, `Command::envs` for the binary),
//! so the tests never depend on the machine's git config.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use blog::deploy::{self, DeployError, DeployOptions, DeployReport};
use tempfile::TempDir;

use crate::common::{copy_dir, fixture_path};

/// The world of one test: a pages remote, a site repository, a HOME.
struct World {
    _tmp: TempDir,
    root: PathBuf,
    site: PathBuf,
    remote: PathBuf,
    env: Vec<(String, String)>,
}

fn git_env(home: &Path) -> Vec<(String, String)> {
    [
        ("HOME", home.to_string_lossy().as_ref()),
        (
            "XDG_CONFIG_HOME",
            home.join(".config").to_string_lossy().as_ref(),
        ),
        ("GIT_CONFIG_NOSYSTEM", "1"),
        ("GIT_AUTHOR_NAME", "Test Writer"),
        ("GIT_AUTHOR_EMAIL", "writer@example.com"),
        ("GIT_COMMITTER_NAME", "Test Writer"),
        ("GIT_COMMITTER_EMAIL", "writer@example.com"),
        ("GIT_TERMINAL_PROMPT", "0"),
        ("GIT_CONFIG_COUNT", "2"),
        // Local-path submodules are refused by default since git 2.38.1.
        ("GIT_CONFIG_KEY_0", "protocol.file.allow"),
        ("GIT_CONFIG_VALUE_0", "always"),
        ("GIT_CONFIG_KEY_1", "init.defaultBranch"),
        ("GIT_CONFIG_VALUE_1", "master"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

impl World {
    /// The remote with its README commit, the site repository with no submodule yet.
    fn bare() -> World {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().canonicalize().unwrap();
        let home = root.join("home");
        std::fs::create_dir_all(&home).unwrap();
        let env = git_env(&home);
        let world = World {
            site: root.join("site"),
            remote: root.join("pages.git"),
            root,
            env,
            _tmp: tmp,
        };
        world.git(
            &world.root,
            &["init", "-q", "--bare", "-b", "master", "pages.git"],
        );
        let seed = world.clone_remote("seed");
        std::fs::write(seed.join("README.md"), "# example.github.io\n").unwrap();
        world.git(&seed, &["add", "README.md"]);
        world.git(&seed, &["commit", "-q", "-m", "Initial commit"]);
        world.git(&seed, &["push", "-q", "origin", "master"]);

        copy_dir(&fixture_path("deploy"), &world.site);
        world.git(&world.site, &["init", "-q", "-b", "master"]);
        world.git(&world.site, &["add", "-A"]);
        world.git(&world.site, &["commit", "-q", "-m", "the site"]);
        world
    }

    /// `World::bare` with `public/` added as a submodule and committed, as `--init` does.
    fn new() -> World {
        let world = World::bare();
        let url = world.remote.to_string_lossy().into_owned();
        world.git(
            &world.site,
            &["submodule", "add", "-q", "-b", "master", &url, "public"],
        );
        world.git(
            &world.site,
            &["commit", "-q", "-m", "public/ is the pages repo"],
        );
        world
    }

    fn public(&self) -> PathBuf {
        self.site.join("public")
    }

    fn clone_remote(&self, name: &str) -> PathBuf {
        let url = self.remote.to_string_lossy().into_owned();
        self.git(&self.root, &["clone", "-q", &url, name]);
        self.root.join(name)
    }

    /// Runs git in `dir` with the pinned environment; panics with its stderr on failure.
    fn git(&self, dir: &Path, args: &[&str]) -> String {
        let out = Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(args)
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .output()
            .expect("run git");
        assert!(
            out.status.success(),
            "git {args:?} in {}: {}",
            dir.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    fn remote_git(&self, args: &[&str]) -> String {
        self.git(&self.remote, args)
    }

    fn remote_commits(&self) -> usize {
        self.remote_git(&["rev-list", "--count", "master"])
            .parse()
            .unwrap()
    }

    fn remote_files(&self) -> Vec<String> {
        lines(&self.remote_git(&["ls-tree", "-r", "--name-only", "master"]))
    }

    /// Files the remote's last commit changed.
    fn remote_last_change(&self) -> Vec<String> {
        lines(&self.remote_git(&["show", "--name-only", "--format=", "master"]))
    }

    fn options(&self) -> DeployOptions {
        let mut options = DeployOptions::new(&self.site);
        options.git_env = self.env.clone();
        // The build runs in this process: its code cache goes where the tests' builds keep it.
        options.build.cache_dir = Some(crate::common::tests_cache_home().join("blog"));
        options
    }

    fn deploy(&self) -> Result<DeployReport, DeployError> {
        deploy::run(&self.options())
    }

    /// Clones the site with its `public/` submodule into `root/NAME`, as a second machine does.
    fn clone_site(&self, name: &str) -> PathBuf {
        let site_url = self.site.to_string_lossy().into_owned();
        self.git(
            &self.root,
            &["clone", "-q", "--recurse-submodules", &site_url, name],
        );
        self.root.join(name)
    }

    fn deploy_ok(&self) -> DeployReport {
        self.deploy()
            .unwrap_or_else(|e| panic!("deploy failed: {e}"))
    }

    /// Runs the `blog` binary in the site with the pinned git environment.
    fn blog(&self, args: &[&str]) -> std::process::Output {
        crate::common::blog()
            .args(args)
            .current_dir(&self.site)
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .output()
            .expect("run blog")
    }

    /// Every file under the site, `.git` folders and `.git/modules/public` included, with
    /// its bytes: "changes nothing" compares two of these.
    fn snapshot(&self) -> BTreeMap<String, Vec<u8>> {
        walkdir::WalkDir::new(&self.root)
            .into_iter()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(&self.root).unwrap();
                (
                    rel.to_string_lossy().into_owned(),
                    std::fs::read(e.path()).unwrap(),
                )
            })
            .collect()
    }
}

fn lines(text: &str) -> Vec<String> {
    let mut v: Vec<String> = text
        .lines()
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect();
    v.sort();
    v
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} lacks {from:?}", path.display());
    std::fs::write(path, text.replace(from, to)).unwrap();
}

#[test]
fn first_deploy_pushes_one_commit_with_the_site_and_keeps_readme() {
    let w = World::new();
    let report = w.deploy_ok();

    assert!(report.commit.is_some());
    assert_eq!(
        w.remote_commits(),
        2,
        "the README commit and one deploy commit"
    );
    let files = w.remote_files();
    for want in [
        "README.md",
        ".nojekyll",
        "index.html",
        "post/informer/index.html",
        "post/coredns/index.html",
    ] {
        assert!(
            files.contains(&want.to_string()),
            "{want} not pushed; pushed {files:?}"
        );
    }
    assert!(
        !files
            .iter()
            .any(|f| f.contains("draft") || f.contains("future")),
        "drafts and future posts must not be published: {files:?}"
    );
    let head = w.git(&w.public(), &["rev-parse", "HEAD"]);
    assert_eq!(w.remote_git(&["rev-parse", "master"]), head);
    let message = w.remote_git(&["log", "-1", "--format=%s", "master"]);
    assert!(message.starts_with("rebuilding site 20"), "{message}");
}

#[test]
fn a_deploy_without_changes_makes_no_commit() {
    let w = World::new();
    w.deploy_ok();
    let before = w.remote_git(&["rev-parse", "master"]);

    let report = w.deploy_ok();

    assert_eq!(report.commit, None);
    assert!(report.changes.is_empty(), "{:?}", report.changes);
    assert!(report.pushed.is_none());
    assert_eq!(w.remote_git(&["rev-parse", "master"]), before);
    assert!(report.to_string().contains("Nothing changed"), "{report}");
}

#[test]
fn a_one_post_edit_commits_only_the_files_that_show_it() {
    let w = World::new();
    w.deploy_ok();
    edit(
        &w.site.join("content/post/informer.md"),
        "sits in between.",
        "sits in between, keyed by namespace/name.",
    );

    let report = w.deploy_ok();

    let changed = w.remote_last_change();
    assert!(
        changed.contains(&"post/informer/index.html".to_string()),
        "{changed:?}"
    );
    assert!(
        !changed
            .iter()
            .any(|f| f.starts_with("post/coredns/") || f.starts_with("tags/coredns/")),
        "the other post and its tag must not change: {changed:?}"
    );
    // The post, the lists and feeds that show its summary, the search index, and the
    // manifest that records the new bytes' hashes: nothing else.
    let allowed = |f: &str| {
        f == "post/informer/index.html"
            || f == ".blog-manifest"
            || f.starts_with("search/c/")
            || f.starts_with("search/f/")
            || f == "search/index.json"
            || f == "sitemap.xml"
            || f.ends_with("index.xml")
            || f == "index.html"
            || f == "post/index.html"
            || f.starts_with("tags/kubernetes/")
            || f.starts_with("page/")
            || f.starts_with("post/page/")
    };
    let unexpected: Vec<_> = changed.iter().filter(|f| !allowed(f)).collect();
    assert!(
        unexpected.is_empty(),
        "unexpected changes {unexpected:?} in {changed:?}"
    );
    assert_eq!(report.changes.len(), changed.len());
}

#[test]
fn a_broken_post_fails_the_deploy_with_no_commit() {
    let w = World::new();
    w.deploy_ok();
    let remote_before = w.remote_git(&["rev-parse", "master"]);
    let public_before = w.git(&w.public(), &["rev-parse", "HEAD"]);
    std::fs::write(
        w.site.join("content/post/broken.md"),
        "---\ntitle: [unclosed\ndate: 2024-01-01\n---\nbody\n",
    )
    .unwrap();

    let err = w.deploy().unwrap_err();

    let DeployError::BuildFailed { source } = &err else {
        panic!("expected BuildFailed, got {err}");
    };
    assert!(
        source
            .flatten()
            .iter()
            .any(|e| e.path().is_some_and(|p| p.ends_with("post/broken.md"))),
        "the error names the broken post: {source}"
    );
    assert_eq!(w.remote_git(&["rev-parse", "master"]), remote_before);
    assert_eq!(w.git(&w.public(), &["rev-parse", "HEAD"]), public_before);
    assert_eq!(w.git(&w.public(), &["status", "--porcelain"]), "");
}

#[test]
fn broken_internal_links_refuse_the_deploy_unless_forced() {
    let w = World::new();
    w.deploy_ok();
    let before = w.snapshot();
    std::fs::write(
        w.site.join("content/post/linking.md"),
        "---\ntitle: Linking\ndate: 2024-01-02\n---\n\nSee [the draft](/post/draft/).\n",
    )
    .unwrap();
    let before_post = w.snapshot().len();
    assert_eq!(before_post, before.len() + 1);

    let err = w.deploy().unwrap_err();
    let DeployError::BrokenLinks { problems } = &err else {
        panic!("expected BrokenLinks, got {err}");
    };
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].starts_with("content/post/linking.md:6:17: link: /post/draft/"),
        "{problems:?}"
    );
    assert!(err.to_string().contains("--force"), "{err}");
    let mut after = w.snapshot();
    after.remove("site/content/post/linking.md");
    assert_eq!(after, before, "a refused deploy changed something");

    let mut options = w.options();
    options.force = true;
    let report = deploy::run(&options).expect("forced deploy");
    assert_eq!(report.forced_broken_links, 1);
    assert!(
        report
            .to_string()
            .contains("Published with 1 broken internal links (--force)."),
        "{report}"
    );
    assert!(w
        .remote_files()
        .contains(&"post/linking/index.html".to_string()));
}

#[test]
fn public_that_is_not_its_own_repository_is_refused() {
    let w = World::bare();
    // public/ is a plain folder inside the site repository: `git -C public` would find the
    // site's repository, and committing there would be a disaster.
    std::fs::create_dir_all(w.public()).unwrap();
    std::fs::write(w.public().join("old.html"), "old").unwrap();
    let site_head = w.git(&w.site, &["rev-parse", "HEAD"]);

    let err = w.deploy().unwrap_err();

    assert!(
        matches!(&err, DeployError::NotAWorkTree { path } if path == &w.public()),
        "{err}"
    );
    assert_eq!(crate::common::list_files(&w.public()), vec!["old.html"]);
    assert_eq!(w.git(&w.site, &["rev-parse", "HEAD"]), site_head);
    assert!(
        err.to_string().contains("--init"),
        "the refusal says how to fix it: {err}"
    );
}

#[test]
fn missing_public_is_refused_and_the_cli_says_how_to_init() {
    let w = World::bare();
    let out = w.blog(&["deploy"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("blog deploy --init"), "{stderr}");
    assert!(!w.public().exists(), "a refusal creates nothing");
}

#[test]
fn hand_made_changes_in_public_are_refused() {
    let w = World::new();
    w.deploy_ok();
    let remote_before = w.remote_git(&["rev-parse", "master"]);
    std::fs::write(w.public().join("README.md"), "# edited by hand\n").unwrap();
    std::fs::write(w.public().join("google1234.html"), "verification").unwrap();
    std::fs::write(w.public().join("草稿.html"), "draft by hand").unwrap();

    let err = w.deploy().unwrap_err();

    match &err {
        DeployError::DirtyWorkTree { files, .. } => {
            assert_eq!(files, &["README.md", "google1234.html", "草稿.html"])
        }
        other => panic!("expected DirtyWorkTree, got {other}"),
    }
    assert_eq!(
        crate::common::read(&w.public(), "README.md"),
        "# edited by hand\n"
    );
    assert!(w.public().join("google1234.html").exists());
    assert_eq!(w.remote_git(&["rev-parse", "master"]), remote_before);
}

#[test]
fn output_left_by_a_plain_build_is_not_hand_made() {
    let w = World::new();
    w.deploy_ok();
    // The writer previews with drafts, then edits a post, and only then deploys.
    let built = w.blog(&["build", "-D"]);
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    assert!(w.public().join("post/draft/index.html").exists());
    edit(
        &w.site.join("content/post/coredns.md"),
        "or answers.",
        "or answers the query.",
    );

    let report = w.deploy_ok();

    assert!(report.commit.is_some());
    assert!(w
        .remote_last_change()
        .contains(&"post/coredns/index.html".to_string()));
    assert!(
        !w.remote_files().iter().any(|f| f.contains("draft")),
        "the preview's draft pages are not deployed"
    );
    assert!(!w.public().join("post/draft/index.html").exists());
    assert_eq!(w.git(&w.public(), &["status", "--porcelain"]), "");
}

#[test]
fn a_rejected_push_is_reported_and_the_next_deploy_pushes_the_kept_commit() {
    let w = World::new();
    w.deploy_ok();
    // Someone else moves the remote on.
    let other = w.clone_remote("other");
    edit(
        &other.join("README.md"),
        "# example.github.io",
        "# example.github.io, by a friend",
    );
    w.git(&other, &["commit", "-q", "-am", "README from the web UI"]);
    w.git(&other, &["push", "-q", "origin", "master"]);
    edit(
        &w.site.join("content/post/coredns.md"),
        "or answers.",
        "or answers NXDOMAIN.",
    );

    let err = w.deploy().unwrap_err();

    let DeployError::PushFailed { stderr, target, .. } = &err else {
        panic!("expected PushFailed, got {err}");
    };
    assert!(stderr.contains("rejected"), "git's own message: {stderr}");
    assert_eq!(
        (target.remote.as_str(), target.branch.as_str()),
        ("origin", "master")
    );
    let kept = w.git(&w.public(), &["log", "-1", "--format=%s"]);
    assert!(
        kept.starts_with("rebuilding site"),
        "the local commit stays: {kept}"
    );

    w.git(&w.public(), &["pull", "-q", "--rebase"]);
    let report = w.deploy_ok();

    assert_eq!(report.commit, None, "nothing new to build");
    assert_eq!(report.pushed.as_ref().map(|(_, n)| *n), Some(1));
    let log = w.remote_git(&["log", "--format=%s", "master"]);
    assert!(log.contains("README from the web UI"), "{log}");
    assert!(
        log.lines().next().unwrap().starts_with("rebuilding site"),
        "{log}"
    );
    let page = w.remote_git(&["show", "master:post/coredns/index.html"]);
    assert!(page.contains("NXDOMAIN"));
}

#[test]
fn init_adds_the_submodule_and_deploys() {
    let w = World::bare();
    let mut options = w.options();
    options.init = Some(w.remote.to_string_lossy().into_owned());
    options.source_commit = true;

    let report = deploy::run(&options).unwrap_or_else(|e| panic!("{e}"));

    assert!(report.initialized);
    assert!(
        w.public().join(".git").is_file(),
        "a submodule's .git is a file"
    );
    let modules = std::fs::read_to_string(w.site.join(".gitmodules")).unwrap();
    assert!(
        modules.contains("path = public") && modules.contains("branch = master"),
        "{modules}"
    );
    assert_eq!(w.remote_commits(), 2);
    assert!(w.remote_files().contains(&"index.html".to_string()));
    // --source-commit recorded the pointer and .gitmodules in the site repository.
    let pointer = w.git(&w.site, &["ls-tree", "HEAD", "public"]);
    assert!(
        pointer.contains(&w.remote_git(&["rev-parse", "master"])),
        "{pointer}"
    );
    assert_eq!(w.git(&w.site, &["status", "--porcelain"]), "");
}

#[test]
fn init_refuses_a_public_folder_with_content() {
    let w = World::bare();
    std::fs::create_dir_all(w.public()).unwrap();
    std::fs::write(w.public().join("index.html"), "old").unwrap();
    let mut options = w.options();
    options.init = Some(w.remote.to_string_lossy().into_owned());

    let err = deploy::run(&options).unwrap_err();

    assert!(matches!(err, DeployError::PublicExists { .. }), "{err}");
    assert!(!w.site.join(".gitmodules").exists());
    assert_eq!(crate::common::read(&w.public(), "index.html"), "old");
}

#[test]
fn dry_run_shows_what_would_be_committed_and_changes_nothing() {
    let w = World::new();
    let before = w.snapshot();
    let mut options = w.options();
    options.dry_run = true;

    let report = deploy::run(&options).unwrap_or_else(|e| panic!("{e}"));

    let paths: Vec<&str> = report.changes.iter().map(|c| c.path.as_str()).collect();
    assert!(
        paths.contains(&".nojekyll") && paths.contains(&"index.html"),
        "{paths:?}"
    );
    assert!(
        report.changes.iter().all(|c| c.status == 'A'),
        "{:?}",
        report.changes
    );
    assert_eq!(report.pushed.as_ref().map(|(_, n)| *n), Some(1));
    assert_eq!(report.commit, None);
    let after = w.snapshot();
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    let differ: Vec<_> = before.keys().filter(|k| before[*k] != after[*k]).collect();
    assert!(differ.is_empty(), "a dry run changed {differ:?}");

    // The real deploy then does what the dry run said.
    let real = w.deploy_ok();
    assert_eq!(real.changes, report.changes);
}

#[test]
fn a_fresh_clone_with_a_detached_submodule_deploys_on_its_branch() {
    let w = World::new();
    w.deploy_ok();
    w.git(&w.site, &["commit", "-q", "-am", "record public/"]);
    w.clone_site("laptop");
    let laptop = w.root.join("laptop");
    assert_eq!(
        w.git(
            &laptop.join("public"),
            &["rev-parse", "--abbrev-ref", "HEAD"]
        ),
        "HEAD"
    );
    edit(
        &laptop.join("content/post/coredns.md"),
        "or answers.",
        "or answers from cache.",
    );
    let mut options = DeployOptions::new(&laptop);
    options.build.cache_dir = Some(crate::common::tests_cache_home().join("blog"));
    options.git_env = w.env.clone();

    let report = deploy::run(&options).unwrap_or_else(|e| panic!("{e}"));

    assert_eq!(report.checked_out.as_deref(), Some("master"));
    assert_eq!(
        w.git(&laptop.join("public"), &["symbolic-ref", "--short", "HEAD"]),
        "master"
    );
    assert!(w
        .remote_git(&["show", "master:post/coredns/index.html"])
        .contains("from cache"));
    assert_eq!(w.remote_commits(), 3);
}

#[test]
fn cname_comes_from_the_config() {
    let w = World::new();
    let config = w.site.join("config.toml");
    edit(
        &config,
        "[params]\n",
        "[params]\ncname = \"notes.example.com\"\n",
    );

    w.deploy_ok();

    assert_eq!(w.remote_git(&["show", "master:CNAME"]), "notes.example.com");
}

#[test]
fn the_cli_prints_the_report() {
    let w = World::new();
    let dry = w.blog(&["deploy", "--dry-run"]);
    let stdout = String::from_utf8_lossy(&dry.stdout);
    assert!(
        dry.status.success(),
        "{}",
        String::from_utf8_lossy(&dry.stderr)
    );
    assert!(
        stdout.contains("Would commit") && stdout.contains("A .nojekyll"),
        "{stdout}"
    );

    let real = w.blog(&["deploy", "-m", "publish the informer notes"]);
    assert!(
        real.status.success(),
        "{}",
        String::from_utf8_lossy(&real.stderr)
    );
    assert!(String::from_utf8_lossy(&real.stdout).contains("Pushed 1 commit(s) to origin master"));
    assert_eq!(
        w.remote_git(&["log", "-1", "--format=%s", "master"]),
        "publish the informer notes"
    );
}

#[test]
fn a_fresh_clone_without_the_submodule_checked_out_is_told_to_update_it() {
    let w = World::new();
    let site_url = w.site.to_string_lossy().into_owned();
    w.git(&w.root, &["clone", "-q", &site_url, "laptop"]);
    let mut options = DeployOptions::new(w.root.join("laptop"));
    options.build.cache_dir = Some(crate::common::tests_cache_home().join("blog"));
    options.git_env = w.env.clone();

    let err = deploy::run(&options).unwrap_err();

    assert!(
        matches!(err, DeployError::SubmoduleNotCheckedOut { .. }),
        "{err}"
    );
    assert!(
        err.to_string().contains("git submodule update --init"),
        "{err}"
    );
}

#[test]
fn a_detached_submodule_goes_on_the_branch_named_in_gitmodules() {
    let w = World::bare();
    // Pages served from gh-pages, beside an unrelated master.
    let seed = w.root.join("seed");
    w.git(&seed, &["checkout", "-q", "-b", "gh-pages"]);
    w.git(&seed, &["push", "-q", "origin", "gh-pages"]);
    let url = w.remote.to_string_lossy().into_owned();
    w.git(
        &w.site,
        &["submodule", "add", "-q", "-b", "gh-pages", &url, "public"],
    );
    w.git(
        &w.site,
        &["commit", "-q", "-m", "public/ is the pages repo"],
    );
    w.clone_site("laptop");
    let master_before = w.remote_git(&["rev-parse", "master"]);
    let mut options = DeployOptions::new(w.root.join("laptop"));
    options.build.cache_dir = Some(crate::common::tests_cache_home().join("blog"));
    options.git_env = w.env.clone();

    let report = deploy::run(&options).unwrap_or_else(|e| panic!("{e}"));

    assert_eq!(report.checked_out.as_deref(), Some("gh-pages"));
    assert_eq!(w.remote_git(&["rev-parse", "master"]), master_before);
    let pages = lines(&w.remote_git(&["ls-tree", "-r", "--name-only", "gh-pages"]));
    assert!(pages.contains(&".nojekyll".to_string()), "{pages:?}");
}

#[test]
fn deploying_from_two_machines_builds_on_the_newest_pages_commit() {
    let w = World::new();
    w.deploy_ok();
    w.git(&w.site, &["commit", "-q", "-am", "record public/"]);
    // The laptop clones the site, deploys an edit and records the pointer.
    w.clone_site("laptop");
    let laptop = w.root.join("laptop");
    edit(
        &laptop.join("content/post/coredns.md"),
        "or answers.",
        "or answers (laptop).",
    );
    w.git(&laptop, &["commit", "-q", "-am", "laptop edit"]);
    let mut options = DeployOptions::new(&laptop);
    options.build.cache_dir = Some(crate::common::tests_cache_home().join("blog"));
    options.git_env = w.env.clone();
    options.source_commit = true;
    let from_laptop = deploy::run(&options).unwrap_or_else(|e| panic!("{e}"));
    assert!(from_laptop.source_commit.is_some());
    // Back on the desktop: pull the site and update the submodule, which detaches public/
    // at the laptop's commit while the local master is one behind.
    let laptop_url = laptop.to_string_lossy().into_owned();
    w.git(
        &w.site,
        &["pull", "-q", "--no-rebase", &laptop_url, "master"],
    );
    w.git(&w.site, &["submodule", "update", "-q"]);
    edit(
        &w.site.join("content/post/informer.md"),
        "sits in between.",
        "sits in between (desktop).",
    );

    let report = w.deploy_ok();

    assert_eq!(report.checked_out.as_deref(), Some("master"));
    assert_eq!(
        w.remote_commits(),
        4,
        "README, desktop, laptop, desktop again"
    );
    assert!(w
        .remote_git(&["show", "master:post/coredns/index.html"])
        .contains("(laptop)"));
    assert!(w
        .remote_git(&["show", "master:post/informer/index.html"])
        .contains("(desktop)"));
}

#[test]
fn static_cname_wins_over_the_config_key() {
    let w = World::new();
    std::fs::create_dir_all(w.site.join("static")).unwrap();
    std::fs::write(w.site.join("static/CNAME"), "static.example.com\n").unwrap();
    edit(
        &w.site.join("config.toml"),
        "[params]\n",
        "[params]\ncname = \"config.example.com\"\n",
    );

    w.deploy_ok();

    assert_eq!(
        w.remote_git(&["show", "master:CNAME"]),
        "static.example.com"
    );
}

#[test]
fn init_outside_a_git_repository_is_refused() {
    let w = World::bare();
    std::fs::remove_dir_all(w.site.join(".git")).unwrap();
    let mut options = w.options();
    options.init = Some(w.remote.to_string_lossy().into_owned());

    let err = deploy::run(&options).unwrap_err();

    assert!(matches!(err, DeployError::SiteNotARepo { .. }), "{err}");
    assert!(!w.public().exists());
}

#[test]
fn a_deleted_post_is_removed_from_the_pages_and_readme_stays() {
    let w = World::new();
    w.deploy_ok();
    std::fs::remove_file(w.site.join("content/post/coredns.md")).unwrap();

    let report = w.deploy_ok();

    assert!(report
        .changes
        .iter()
        .any(|c| c.status == 'D' && c.path == "post/coredns/index.html"));
    let files = w.remote_files();
    assert!(
        !files.iter().any(|f| f.starts_with("post/coredns/")),
        "{files:?}"
    );
    assert!(files.contains(&"README.md".to_string()) && files.contains(&".nojekyll".to_string()));
}

#[test]
fn a_commit_on_a_detached_head_is_refused_and_kept() {
    let w = World::new();
    w.deploy_ok();
    // The writer detaches HEAD (as `git submodule update` does), then commits there by hand.
    w.git(&w.public(), &["checkout", "-q", "--detach"]);
    std::fs::write(w.public().join("keep.html"), "made by hand").unwrap();
    w.git(&w.public(), &["add", "keep.html"]);
    w.git(&w.public(), &["commit", "-q", "-m", "by hand"]);
    let kept = w.git(&w.public(), &["rev-parse", "HEAD"]);
    // ... and the branch has a commit HEAD lacks, so checking it out would abandon HEAD's.
    let other = w.git(
        &w.public(),
        &[
            "commit-tree",
            "master^{tree}",
            "-p",
            "master",
            "-m",
            "elsewhere",
        ],
    );
    w.git(&w.public(), &["branch", "-q", "-f", "master", &other]);
    let before = w.snapshot();

    let err = w.deploy().unwrap_err();

    assert!(
        matches!(&err, DeployError::DetachedCommits { commits: 1, branch, .. } if branch == "master"),
        "{err}"
    );
    assert_eq!(w.git(&w.public(), &["rev-parse", "HEAD"]), kept);
    assert!(before == w.snapshot(), "a refusal changes nothing");
}

#[test]
fn an_uncommitted_edit_to_a_generated_file_is_refused() {
    let w = World::new();
    w.deploy_ok();
    let page = w.public().join("post/coredns/index.html");
    let edited = std::fs::read_to_string(&page).unwrap() + "<!-- fixed by hand -->";
    std::fs::write(&page, &edited).unwrap();
    let before = w.snapshot();

    let err = w.deploy().unwrap_err();

    match &err {
        DeployError::DirtyWorkTree { files, .. } => {
            assert_eq!(files, &["post/coredns/index.html"])
        }
        other => panic!("expected DirtyWorkTree, got {other}"),
    }
    assert_eq!(std::fs::read_to_string(&page).unwrap(), edited);
    assert!(before == w.snapshot(), "a refusal changes nothing");
}

#[test]
fn a_branch_other_than_the_configured_one_is_refused_unless_asked_for() {
    let w = World::new();
    w.deploy_ok();
    w.git(&w.public(), &["switch", "-q", "-c", "experiment"]);
    let before = w.snapshot();

    let err = w.deploy().unwrap_err();

    assert!(
        matches!(&err, DeployError::WrongBranch { current, configured, .. }
            if current == "experiment" && configured == "master"),
        "{err}"
    );
    assert!(before == w.snapshot(), "a refusal changes nothing");

    let mut options = w.options();
    options.branch = Some("experiment".into());
    edit(
        &w.site.join("content/post/coredns.md"),
        "or answers.",
        "or answers, experimentally.",
    );
    let report = deploy::run(&options).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        report.pushed.map(|(t, _)| t.branch).as_deref(),
        Some("experiment")
    );
}

#[test]
fn a_failed_init_against_an_empty_remote_can_be_retried() {
    let w = World::bare();
    let empty = w.root.join("empty.git");
    w.git(
        &w.root,
        &["init", "-q", "--bare", "-b", "master", "empty.git"],
    );
    let before = w.snapshot();
    let mut options = w.options();
    options.init = Some(empty.to_string_lossy().into_owned());

    assert!(deploy::run(&options).is_err());
    assert!(!w.public().exists(), "public/ was left behind");
    let left: Vec<String> = w
        .snapshot()
        .into_keys()
        .filter(|k| !before.contains_key(k) && !k.starts_with("empty.git/"))
        .collect();
    assert_eq!(left, Vec::<String>::new());

    // Once the remote has a first commit, the same command works.
    let seed = w.root.join("seed2");
    w.git(&w.root, &["clone", "-q", &empty.to_string_lossy(), "seed2"]);
    std::fs::write(seed.join("README.md"), "# pages\n").unwrap();
    w.git(&seed, &["add", "README.md"]);
    w.git(&seed, &["commit", "-q", "-m", "Initial commit"]);
    w.git(&seed, &["push", "-q", "origin", "master"]);
    let report = deploy::run(&options).unwrap_or_else(|e| panic!("{e}"));
    assert!(report.initialized && report.commit.is_some());
}

// ----- as the README says (issue 25, item 8) -----

#[test]
fn a_detached_head_with_a_commit_ahead_of_the_branch_is_refused() {
    let w = World::new();
    w.deploy_ok();
    // A commit made by hand on a detached HEAD, one ahead of master: moving master up to
    // it would publish it.
    w.git(&w.public(), &["checkout", "-q", "--detach"]);
    std::fs::write(w.public().join("keep.html"), "made by hand").unwrap();
    w.git(&w.public(), &["add", "keep.html"]);
    w.git(&w.public(), &["commit", "-q", "-m", "by hand"]);
    let before = w.snapshot();
    let remote_before = w.remote_git(&["rev-parse", "master"]);

    let err = w.deploy().unwrap_err();

    assert!(
        matches!(&err, DeployError::DetachedCommits { commits: 1, branch, .. } if branch == "master"),
        "{err}"
    );
    assert!(before == w.snapshot(), "a refusal changes nothing");
    assert_eq!(w.remote_git(&["rev-parse", "master"]), remote_before);
}

#[test]
fn a_remote_with_commits_we_lack_is_not_called_up_to_date() {
    let w = World::new();
    w.deploy_ok();
    // Someone else pushes to the pages repository; nothing changes here.
    let other = w.clone_remote("other");
    std::fs::write(other.join("extra.html"), "theirs").unwrap();
    w.git(&other, &["add", "extra.html"]);
    w.git(&other, &["commit", "-q", "-m", "theirs"]);
    w.git(&other, &["push", "-q", "origin", "master"]);

    let err = w.deploy().unwrap_err();

    assert!(matches!(&err, DeployError::RemoteAhead { .. }), "{err}");
    assert!(err.to_string().contains("pull --rebase"), "{err}");
}

#[test]
fn init_again_after_a_stopped_init_points_to_plain_deploy() {
    let w = World::bare();
    // What a killed `--init` leaves once the submodule was added: public/ checked out and
    // registered, nothing built or pushed.
    let url = w.remote.to_string_lossy().into_owned();
    w.git(
        &w.site,
        &["submodule", "add", "-q", "-b", "master", &url, "public"],
    );
    let mut options = w.options();
    options.init = Some(url);

    let err = deploy::run(&options).unwrap_err();

    assert!(
        matches!(&err, DeployError::AlreadyInitialized { .. }),
        "{err}"
    );
    assert!(err.to_string().contains("plain `blog deploy`"), "{err}");
    options.init = None;
    deploy::run(&options).unwrap_or_else(|e| panic!("{e}"));
    assert!(w.remote_files().contains(&"index.html".to_string()));
}

#[test]
fn a_static_link_to_a_file_outside_the_site_is_warned_about_and_left_out() {
    let w = World::new();
    let secret = w.root.join("secret.txt");
    std::fs::write(&secret, "do not publish").unwrap();
    std::fs::create_dir_all(w.site.join("static")).unwrap();
    std::os::unix::fs::symlink(&secret, w.site.join("static/secret.txt")).unwrap();

    let report = w.deploy_ok();

    assert!(
        report
            .warnings
            .iter()
            .any(|warning| warning.path == Path::new("static/secret.txt")
                && warning.message.contains("outside")),
        "{:?}",
        report.warnings
    );
    assert!(!w.remote_files().contains(&"secret.txt".to_string()));
}

/// A deploy reads the config once and renders the site once (it rendered twice, once for
/// the link check and once for the build, and read the config a third time for `CNAME`).
/// `BLOG_TIMINGS` names every config read and every render.
#[test]
fn a_deploy_reads_the_config_once_and_renders_once() {
    let w = World::new();
    for args in [&["deploy", "--dry-run"][..], &["deploy"]] {
        let out = crate::common::blog()
            .args(args)
            .current_dir(&w.site)
            .envs(w.env.iter().map(|(k, v)| (k, v)))
            .env("BLOG_TIMINGS", "1")
            .output()
            .expect("run blog");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        let count = |step: &str| stderr.lines().filter(|l| l.ends_with(step)).count();
        assert_eq!(count("config: read"), 1, "{args:?}: {stderr}");
        assert_eq!(count("render all steps"), 1, "{args:?}: {stderr}");
    }
}
