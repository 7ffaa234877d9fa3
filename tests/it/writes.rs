//! All-or-nothing writes: a build that fails changes nothing in `public/`, a killed build
//! leaves nothing behind that the next build does not clean up, and the code cache survives
//! files that are not packs. Real builds of real sites, killed with SIGKILL.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{blog, build_ok, fixture, list_files, run_in};

/// Every file under `root` with its bytes: a snapshot to compare before and after.
fn snapshot(root: &Path) -> Vec<(String, Vec<u8>)> {
    list_files(root)
        .into_iter()
        .map(|rel| {
            let bytes = std::fs::read(root.join(&rel)).unwrap();
            (rel, bytes)
        })
        .collect()
}

/// Builds the fixture site once, then returns it with a snapshot of its `public/`.
fn built_site() -> (tempfile::TempDir, Vec<(String, Vec<u8>)>) {
    let dir = fixture("site");
    build_ok(dir.path(), &[]);
    let before = snapshot(&dir.path().join("public"));
    (dir, before)
}

fn stderr_of_failed_build(dir: &Path) -> String {
    let out = run_in(dir, &["build"]);
    assert!(!out.status.success(), "the build should fail");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_slug_too_long_for_the_file_system_fails_before_writing_anything() {
    let (dir, before) = built_site();
    let slug = "源码分析".repeat(23); // 92 characters, 276 bytes: over the 255-byte limit
    std::fs::write(
        dir.path().join("content/post/long.md"),
        format!("---\ntitle: Long\ndate: 2024-03-01\nslug: {slug}\n---\nbody\n"),
    )
    .unwrap();
    let stderr = stderr_of_failed_build(dir.path());
    assert!(
        stderr.contains("content/post/long.md") && stderr.contains("255"),
        "{stderr}"
    );
    assert!(
        before == snapshot(&dir.path().join("public")),
        "public/ changed"
    );
}

#[test]
fn a_static_file_where_the_site_needs_a_folder_fails_before_writing_anything() {
    let (dir, before) = built_site();
    std::fs::write(dir.path().join("static/tags"), "not a folder").unwrap();
    std::fs::write(
        dir.path().join("content/post/new.md"),
        "---\ntitle: New\ndate: 2024-03-02\n---\nnew\n",
    )
    .unwrap();
    let stderr = stderr_of_failed_build(dir.path());
    assert!(
        stderr.contains("tags (in the output folder)") && stderr.contains("tags/index.html"),
        "{stderr}"
    );
    assert!(
        before == snapshot(&dir.path().join("public")),
        "public/ changed"
    );
}

#[test]
fn a_hand_made_file_where_the_site_needs_a_folder_fails_before_writing_anything() {
    let (dir, _) = built_site();
    let public = dir.path().join("public");
    std::fs::remove_dir_all(public.join("about")).unwrap();
    std::fs::write(public.join("about"), "mine").unwrap();
    let before = snapshot(&public);
    let stderr = stderr_of_failed_build(dir.path());
    assert!(stderr.contains("about (in the output folder)"), "{stderr}");
    assert!(before == snapshot(&public), "public/ changed");
}

#[test]
fn a_name_with_a_control_character_is_refused_naming_the_file() {
    let (dir, before) = built_site();
    let public = dir.path().join("public");
    std::fs::write(public.join("b.txt"), "hand-made").unwrap();
    let before_with_hand_made = snapshot(&public);
    assert_ne!(before, before_with_hand_made);
    std::fs::write(dir.path().join("content/files/a\nb.txt"), "x").unwrap();
    let stderr = stderr_of_failed_build(dir.path());
    assert!(
        stderr.contains("content/files/a\nb.txt") && stderr.contains("control character"),
        "{stderr}"
    );
    assert!(
        before_with_hand_made == snapshot(&public),
        "public/ changed"
    );

    // Without it, builds go on and never touch the hand-made file.
    std::fs::remove_file(dir.path().join("content/files/a\nb.txt")).unwrap();
    build_ok(dir.path(), &[]);
    build_ok(dir.path(), &[]);
    assert_eq!(
        std::fs::read_to_string(public.join("b.txt")).unwrap(),
        "hand-made"
    );
}

/// A site of `n` notes, each long enough that writing the site takes a while.
fn big_site(root: &Path, n: usize, tag: &str) {
    std::fs::create_dir_all(root.join("content/post")).unwrap();
    std::fs::write(
        root.join("config.toml"),
        "baseURL = \"https://example.org/\"\ntitle = \"Big\"\n",
    )
    .unwrap();
    let body = format!(
        "{}\n\n```go\nfunc run() {{\n\tfor {{ schedule() }}\n}}\n```\n",
        "A paragraph about the scheduler and its run queues. ".repeat(60)
    );
    for i in 0..n {
        std::fs::write(
            root.join(format!("content/post/{tag}-{i}.md")),
            format!(
                "---\ntitle: \"{tag} {i}\"\ndate: 2024-01-01\ntags: [{tag}{}]\n---\n{body}\n",
                i % 20
            ),
        )
        .unwrap();
    }
}

fn temp_leftovers(dir: &Path) -> Vec<String> {
    list_files(dir)
        .into_iter()
        .chain(
            walkdir::WalkDir::new(dir)
                .into_iter()
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned()),
        )
        .filter(|name| name.contains(".tmp"))
        .collect()
}

#[test]
fn a_killed_build_is_finished_or_rolled_back_by_the_next_one() {
    let work = tempfile::tempdir().unwrap();
    let (site, cache) = (work.path().join("site"), work.path().join("cache"));
    big_site(&site, 400, "first");
    let public = site.join("public");
    std::fs::create_dir_all(&public).unwrap();
    std::fs::write(public.join("hand.txt"), "mine").unwrap();
    let build = || {
        blog()
            .args(["build", "--cacheDir"])
            .arg(&cache)
            .current_dir(&site)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };
    // How long a whole build takes, then kills spread over that time.
    let started = Instant::now();
    assert!(build().wait().unwrap().success());
    let full = started.elapsed();
    std::fs::remove_dir_all(&cache).unwrap();
    let mut killed_with_leftovers = 0;
    for trial in 0..12u32 {
        for entry in std::fs::read_dir(site.join("content/post")).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            std::fs::write(&path, format!("{text}\nedit {trial}\n")).unwrap();
        }
        let mut child = build();
        std::thread::sleep(full.mul_f64(f64::from(trial) / 12.0));
        let _ = child.kill();
        let _ = child.wait();
        if !temp_leftovers(&public).is_empty() || !temp_leftovers(&cache).is_empty() {
            killed_with_leftovers += 1;
        }
    }
    // The next build is of other content: nothing of the killed builds may stay.
    std::fs::remove_dir_all(site.join("content/post")).unwrap();
    big_site(&site, 5, "second");
    assert!(build().wait().unwrap().success());
    assert_eq!(temp_leftovers(&public), Vec::<String>::new());
    assert_eq!(temp_leftovers(&cache), Vec::<String>::new());
    let files = list_files(&public);
    assert!(
        !files.iter().any(|f| f.contains("first")),
        "a killed build's pages stayed: {:?}",
        files
            .iter()
            .filter(|f| f.contains("first"))
            .collect::<Vec<_>>()
    );
    assert!(files.contains(&"hand.txt".to_string()));

    // Exactly what a clean build of the same content writes, plus the hand-made file.
    let fresh = work.path().join("fresh");
    common_copy_site(&site, &fresh);
    build_ok(&fresh, &[]);
    let mut expected = list_files(&fresh.join("public"));
    expected.push("hand.txt".into());
    expected.sort();
    assert_eq!(files, expected);
    eprintln!("{killed_with_leftovers} of 12 kills left temporary files for the next build");
}

fn common_copy_site(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    crate::common::copy_dir(&from.join("content"), &to.join("content"));
    std::fs::copy(from.join("config.toml"), to.join("config.toml")).unwrap();
}

/// The code cache's pack file (`code-*.pack`; the search index's store lies beside it).
fn pack_path(cache: &Path) -> std::path::PathBuf {
    std::fs::read_dir(cache)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.extension().is_some_and(|e| e == "pack")
                && p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with("code-")
        })
        .expect("a pack")
}

/// Runs `blog build` with the cache folder and a time limit; returns whether it succeeded.
fn build_within(site: &Path, cache: &Path, limit: Duration) -> bool {
    let mut child = blog()
        .args(["build", "--cacheDir"])
        .arg(cache)
        .current_dir(site)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while started.elapsed() < limit {
        if let Some(status) = child.try_wait().unwrap() {
            return status.success();
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("the build did not finish within {limit:?}");
}

#[test]
fn a_fifo_or_a_huge_sparse_file_at_the_pack_path_is_ignored() {
    let dir = fixture("site");
    let cache = tempfile::tempdir().unwrap();
    assert!(build_within(
        dir.path(),
        cache.path(),
        Duration::from_secs(30)
    ));
    let pack = pack_path(cache.path());

    std::fs::remove_file(&pack).unwrap();
    let made = Command::new("mkfifo").arg(&pack).status().unwrap();
    assert!(made.success());
    assert!(build_within(
        dir.path(),
        cache.path(),
        Duration::from_secs(10)
    ));

    let _ = std::fs::remove_file(&pack);
    let file = std::fs::File::create(&pack).unwrap();
    file.set_len(8 << 30).unwrap(); // 8 GB, sparse: nothing is really on disk
    drop(file);
    let started = Instant::now();
    assert!(build_within(
        dir.path(),
        cache.path(),
        Duration::from_secs(10)
    ));
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert!(
        std::fs::metadata(&pack).unwrap().len() < 1 << 20,
        "the pack was rewritten"
    );
}

#[test]
fn a_link_out_of_the_site_is_never_copied() {
    let (dir, before) = built_site();
    let secret = tempfile::tempdir().unwrap();
    std::fs::write(secret.path().join("passwd"), "root:x:0:0").unwrap();
    let link = dir.path().join("content/files/x");
    std::os::unix::fs::symlink(secret.path().join("passwd"), &link).unwrap();
    let stderr = stderr_of_failed_build(dir.path());
    assert!(
        stderr.contains("content/files/x") && stderr.contains("outside content/"),
        "{stderr}"
    );
    assert!(
        before == snapshot(&dir.path().join("public")),
        "public/ changed"
    );

    // A link to a file inside the site is fine, and so is a linked folder inside it.
    std::fs::remove_file(&link).unwrap();
    std::os::unix::fs::symlink(dir.path().join("static/img/logo.png"), &link).unwrap();
    build_ok(dir.path(), &[]);
    assert!(dir.path().join("public/files/x").is_file());
}

// ----- faults while writing: every one leaves public/ as it was (issue 25) -----

/// Every entry under `root`, links not followed: its kind and bytes or target.
fn tree(root: &Path) -> Vec<(String, String)> {
    let mut all: Vec<(String, String)> = walkdir::WalkDir::new(root)
        .min_depth(1)
        .into_iter()
        .map(|e| {
            let e = e.unwrap();
            let rel = e.path().strip_prefix(root).unwrap().display().to_string();
            let what = if e.path_is_symlink() {
                format!("link {}", std::fs::read_link(e.path()).unwrap().display())
            } else if e.file_type().is_dir() {
                "dir".into()
            } else {
                format!("file {}", blake3::hash(&std::fs::read(e.path()).unwrap()))
            };
            (rel, what)
        })
        .collect();
    all.sort();
    all
}

/// Edits the site's title: every page changes.
fn retitle_site(site: &Path, tag: &str) {
    let path = site.join("config.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let (before, after) = text
        .split_once("title = \"")
        .expect("a title in config.toml");
    std::fs::write(&path, format!("{before}title = \"{tag} {after}")).unwrap();
}

/// A tmpfs mounted at a temporary folder, unmounted when dropped; `None` (with a message)
/// where this process cannot mount one (not root, no mount namespace).
struct Tmpfs {
    dir: tempfile::TempDir,
}

impl Tmpfs {
    fn mount(size: &str) -> Option<Tmpfs> {
        let dir = tempfile::tempdir().unwrap();
        let out = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .output();
        match out {
            Ok(out) if out.status.success() => Some(Tmpfs { dir }),
            Ok(out) => {
                eprintln!(
                    "skipping: cannot mount a tmpfs here ({}); run as root to test a full disk",
                    String::from_utf8_lossy(&out.stderr).trim()
                );
                None
            }
            Err(e) => {
                eprintln!("skipping: cannot run mount ({e})");
                None
            }
        }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.dir.path()).status();
    }
}

#[test]
fn a_full_disk_fails_the_build_and_leaves_public_as_it_was() {
    // A file system just large enough for the site's output.
    let Some(disk) = Tmpfs::mount("1m") else {
        return;
    };
    let dir = fixture("site");
    let public = disk.path().join("public");
    build_ok(dir.path(), &["-d", public.to_str().unwrap()]);
    let before = tree(&public);
    // Every title changes, and a static file too large for what is left arrives.
    retitle_site(dir.path(), "Edited");
    std::fs::write(dir.path().join("static/big.bin"), vec![7u8; 1_500_000]).unwrap();
    let out = run_in(dir.path(), &["build", "-d", public.to_str().unwrap()]);
    assert!(
        !out.status.success(),
        "the build should fail on a full disk"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("No space left") || stderr.contains("no room"),
        "{stderr}"
    );
    assert!(before == tree(&public), "public/ changed:\n{stderr}");

    // Once the large file is gone, the same build goes through.
    std::fs::remove_file(dir.path().join("static/big.bin")).unwrap();
    build_ok(dir.path(), &["-d", public.to_str().unwrap()]);
    assert!(crate::common::read(&public, "index.html").contains("Edited"));
}

/// Runs `chattr` on `path`; false (with a message) where the file system has no such flags.
fn chattr(flag: &str, path: &Path) -> bool {
    let out = Command::new("chattr").arg(flag).arg(path).output();
    let ok = out.as_ref().is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!(
            "skipping: chattr {flag} fails here ({out:?}); it needs root and ext4 or the like"
        );
    }
    ok
}

/// Takes an immutable flag off again, so the temporary folder can be removed.
struct Immutable<'a>(&'a Path);

impl Drop for Immutable<'_> {
    fn drop(&mut self) {
        let _ = Command::new("chattr").arg("-i").arg(self.0).status();
    }
}

#[test]
fn a_file_that_cannot_be_replaced_fails_the_build_and_leaves_public_as_it_was() {
    let (dir, _) = built_site();
    let public = dir.path().join("public");
    let home = public.join("index.html");
    if !chattr("+i", &home) {
        return;
    }
    let _guard = Immutable(&home);
    let before = tree(&public);
    retitle_site(dir.path(), "Edited");
    std::fs::write(
        dir.path().join("content/post/new.md"),
        "---\ntitle: New\ndate: 2024-03-02\n---\nnew\n",
    )
    .unwrap();
    let stderr = stderr_of_failed_build(dir.path());
    assert!(
        stderr.contains("index.html") && stderr.contains("immutable"),
        "{stderr}"
    );
    assert!(before == tree(&public), "public/ changed:\n{stderr}");
}

#[test]
fn an_empty_folder_where_a_page_goes_is_replaced_by_the_page() {
    let (dir, _) = built_site();
    let public = dir.path().join("public");
    std::fs::create_dir_all(public.join("newsec/x/index.html")).unwrap();
    std::fs::create_dir_all(dir.path().join("content/newsec")).unwrap();
    std::fs::write(
        dir.path().join("content/newsec/x.md"),
        "---\ntitle: X\ndate: 2024-03-02\n---\nx\n",
    )
    .unwrap();
    build_ok(dir.path(), &[]);
    assert!(crate::common::read(&public, "newsec/x/index.html").contains("X"));
}

#[test]
fn a_link_in_public_is_replaced_and_never_written_through() {
    let (dir, _) = built_site();
    let public = dir.path().join("public");
    let outside = tempfile::tempdir().unwrap();
    let pwned = outside.path().join("pwned.html");
    std::fs::create_dir_all(public.join("post/zzz")).unwrap();
    std::os::unix::fs::symlink(&pwned, public.join("post/zzz/index.html")).unwrap();
    // A link where a folder goes, too.
    std::os::unix::fs::symlink(outside.path(), public.join("post/yyy")).unwrap();
    for name in ["zzz", "yyy"] {
        std::fs::write(
            dir.path().join(format!("content/post/{name}.md")),
            format!("---\ntitle: {name}\ndate: 2024-03-02\n---\n{name}\n"),
        )
        .unwrap();
    }
    build_ok(dir.path(), &[]);
    assert!(!pwned.exists(), "the build wrote through a link");
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
    for name in ["zzz", "yyy"] {
        let page = public.join(format!("post/{name}/index.html"));
        assert!(!page.is_symlink() && page.is_file(), "{name}");
        assert!(!public.join(format!("post/{name}")).is_symlink());
    }
}

#[test]
fn a_second_build_of_the_same_site_is_refused_while_one_runs() {
    let (dir, _) = built_site();
    let public = dir.path().join("public");
    // Hold the lock a running build holds: flock on the output folder.
    let held = std::fs::File::open(&public).unwrap();
    use std::os::fd::AsRawFd;
    assert_eq!(
        unsafe { libc::flock(held.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) },
        0
    );
    let stderr = stderr_of_failed_build(dir.path());
    assert!(stderr.contains("another blog build is writing"), "{stderr}");
    drop(held);
    build_ok(dir.path(), &[]);
}

#[test]
fn builds_racing_on_one_site_never_record_a_wrong_hash() {
    let work = tempfile::tempdir().unwrap();
    let site = work.path().join("site");
    big_site(&site, 60, "race");
    for round in 0..6 {
        retitle_site(&site, &format!("r{round}"));
        let builds: Vec<_> = (0..2)
            .map(|_| {
                blog()
                    .args(["build", "--ignoreCache"])
                    .current_dir(&site)
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for build in builds {
            let out = build.wait_with_output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(
                out.status.success() || stderr.contains("another blog build"),
                "{stderr}"
            );
        }
        let public = site.join("public");
        let manifest = std::fs::read_to_string(public.join(".blog-manifest")).unwrap();
        for line in manifest.lines().skip(1) {
            let (path, hash) = line.split_once('\t').unwrap();
            let bytes = std::fs::read(public.join(path)).unwrap();
            assert_eq!(
                blake3::hash(&bytes).to_hex().as_str(),
                hash,
                "{path}, round {round}"
            );
        }
    }
}
