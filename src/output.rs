//! The only writer of the output folder.
//!
//! A build renders everything in memory first ([`RenderedSite`]); only a complete, error-free
//! render reaches [`write_site`]. Rendering only reads the output folder: `build` compares
//! each file with the one there as soon as it is rendered ([`OnDisk`]) and keeps only the
//! name of a file the last build wrote with the same bytes, so a warm build holds just what
//! changed. Writing is all or nothing as far as a program can make it:
//!
//! 1. Every output path is checked before the first write: a plain relative path, file
//!    names the file system takes (no control character, at most 255 bytes, UTF-8), no file
//!    where another output needs a folder (a static `tags` beside the `tags/` list), and
//!    nothing in the way on disk that the build did not make.
//! 2. The manifest (`.blog-manifest`) is rewritten as a *journal* first: marked incomplete
//!    and listing both the last build's files and this one's. A build killed from here on
//!    leaves that journal, so the next build knows every file the killed one may have
//!    written and removes what it does not make itself: an interrupted build is finished or
//!    rolled back by the next one, never left half in place.
//! 3. Stale files of the last build are removed, then the held files are written, each
//!    compared with what is on disk and rewritten only when it changed (a rebuild touches
//!    few files, and a deploy commit stays small). A replaced file is written in a private
//!    temporary folder (`.blog-tmp-PID/`) and renamed over the old one, so a reader never
//!    sees half a page; the folder is removed at the end, and by the next build if this one
//!    is killed.
//! 4. The manifest is written again, complete, with exactly this build's files.
//!
//! The build never touches what somebody else put there: `.git`, `CNAME`, `.nojekyll`,
//! `README.md`, or any file no manifest lists. Deploy hands the host's own files (`CNAME`,
//! `.nojekyll`) to [`write_host_files`], so this module stays the only writer.
//!
//! The manifest holds one relative path per line, then a tab and the hash of the bytes
//! written. Output names never hold a control character (step 1), so no name can span two
//! lines or hold the tab; the header line starts with `/`, which no relative path does.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read as _, Write as _};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::error::Error;
use crate::Result;

/// The list of files the last build wrote, kept in the output folder.
pub const MANIFEST: &str = ".blog-manifest";
/// The manifest's first line once the build is complete.
const COMPLETE: &str = "/blog-manifest 2";
/// The manifest's first line while a build is writing.
const INCOMPLETE: &str = "/blog-manifest 2 incomplete";
/// Temporary folders of a build in progress are named this plus the process id.
pub const TEMP_PREFIX: &str = ".blog-tmp-";
/// The longest file name (one path component) common file systems take, in bytes.
const NAME_MAX: usize = 255;
/// The longest path Linux takes, in bytes.
const PATH_MAX: usize = 4095;

/// A whole site, rendered in memory: the build's result before anything touches the disk.
/// `serve` answers requests straight from it.
#[derive(Debug, Clone, Default)]
pub struct RenderedSite {
    /// Generated files by their path relative to the output root (`post/x/index.html`).
    /// Shared, so that `serve` makes the next site from the served one and an update's few
    /// files without copying every page (a copy of 1,000 notes' pages took 20 ms).
    pub files: BTreeMap<PathBuf, Arc<Vec<u8>>>,
    /// Generated files that the destination already holds byte for byte, as the last
    /// complete build wrote them ([`OnDisk`]). `build` compares each file as soon as it is
    /// rendered and keeps only the path of those, so a warm build never holds the whole
    /// site in memory. Always empty for a render that is not written (`serve`, `check`).
    pub unchanged: BTreeSet<PathBuf>,
    /// Files copied unchanged (static files, bundle resources): output path -> source path.
    pub copies: BTreeMap<PathBuf, PathBuf>,
    pub warnings: Vec<crate::Warning>,
}

impl RenderedSite {
    /// Whether the render made `rel`, whether it holds its bytes or found them on disk.
    pub fn has(&self, rel: &Path) -> bool {
        self.files.contains_key(rel) || self.unchanged.contains(rel)
    }

    /// Takes in another render's files (another step's, another language's); at a path
    /// both have, this one's is kept, held or unchanged.
    pub fn absorb(&mut self, other: RenderedSite) {
        for (path, bytes) in other.files {
            if !self.has(&path) {
                self.files.insert(path, bytes);
            }
        }
        for path in other.unchanged {
            if !self.has(&path) {
                self.unchanged.insert(path);
            }
        }
        for (path, src) in other.copies {
            self.copies.entry(path).or_insert(src);
        }
    }

    /// Forgets the generated file at `rel` (a copied file replaces it).
    pub fn drop_generated(&mut self, rel: &Path) {
        self.files.remove(rel);
        self.unchanged.remove(rel);
    }
}

/// The destination as the last complete build left it, for comparing each file as soon as
/// it is rendered. Only files the last manifest lists with their hash are compared: the
/// write step records that hash again without reading the file, as it does for any file
/// it leaves alone.
#[derive(Debug, Clone)]
pub struct OnDisk {
    dest: PathBuf,
    /// The language's folder in the output (`zh`), or empty: rendered paths are relative
    /// to it, the manifest's to the output root.
    prefix: PathBuf,
    hashed: Arc<BTreeSet<PathBuf>>,
}

impl OnDisk {
    pub fn read(dest: &Path) -> OnDisk {
        let hashed = read_manifest(dest)
            .into_iter()
            .filter(|(rel, hash)| hash.is_some() && check_relative(rel).is_ok())
            .map(|(rel, _)| rel)
            .collect();
        OnDisk {
            dest: dest.to_path_buf(),
            prefix: PathBuf::new(),
            hashed: Arc::new(hashed),
        }
    }

    /// The same destination, seen from a language's folder in it.
    pub fn under(&self, prefix: &str) -> OnDisk {
        OnDisk {
            prefix: self.prefix.join(prefix),
            ..self.clone()
        }
    }

    /// Whether the file at `rel` (under the prefix) is one the last build wrote and holds
    /// exactly `bytes`.
    pub fn holds(&self, rel: &Path, bytes: &[u8]) -> bool {
        let rel = self.prefix.join(rel);
        self.hashed.contains(&rel) && file_holds(&self.dest.join(rel), bytes)
    }
}

/// Whether the regular file at `path` holds exactly `bytes`. Read in pieces into a buffer
/// on the stack: comparing a whole site this way allocates nothing, where reading each
/// file whole touched as much new memory as the site is large.
fn file_holds(path: &Path, bytes: &[u8]) -> bool {
    let Ok(mut file) = std::fs::File::open(path) else {
        return false;
    };
    if !file
        .metadata()
        .is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
    {
        return false;
    }
    let mut buf = [0u8; 32 * 1024];
    let mut rest = bytes;
    loop {
        // One byte more than is left, to notice a file that grew since the length check.
        let want = buf.len().min(rest.len() + 1);
        match file.read(&mut buf[..want]) {
            Ok(0) => return rest.is_empty(),
            Ok(n) if n <= rest.len() && buf[..n] == rest[..n] => rest = &rest[n..],
            Ok(_) => return false,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return false,
        }
    }
}

/// What a write did to the destination.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WriteReport {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
}

/// Files at the output root that a build never removes, whoever wrote them.
fn is_protected(rel: &Path) -> bool {
    let first = rel
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().to_string());
    match first.as_deref() {
        Some(".git") => true,
        Some(name) if rel.components().count() == 1 => matches!(
            name,
            "CNAME" | ".nojekyll" | "README.md" | ".gitignore" | ".gitattributes"
        ),
        _ => false,
    }
}

/// Why a file name cannot be written, or `None` when it can. Checked on every output path,
/// and by the content loader on each page's path so that the error names the content file.
pub fn name_problem(rel: &Path) -> Option<String> {
    let Some(text) = rel.to_str() else {
        return Some(format!(
            "the output path {} is not valid UTF-8",
            rel.display()
        ));
    };
    if let Some(c) = text.chars().find(|c| c.is_control()) {
        return Some(format!(
            "the output path {text:?} holds the control character {c:?}; rename the file or set a `slug` without it"
        ));
    }
    if let Some(long) = text.split('/').find(|name| name.len() > NAME_MAX) {
        return Some(format!(
            "the output file name {long:?} is {} bytes long, more than file systems take ({NAME_MAX}); set a shorter `slug` or `url`",
            long.len()
        ));
    }
    if text.len() > PATH_MAX {
        return Some(format!(
            "the output path {text:?} is {} bytes long, more than file systems take ({PATH_MAX})",
            text.len()
        ));
    }
    None
}

/// Writes a rendered site into `dest`, creating it if needed.
pub fn write_site(site: &RenderedSite, dest: &Path) -> Result<WriteReport> {
    // Copies that a generated file of the same path replaces are skipped.
    let jobs: Vec<(&PathBuf, Content)> = site
        .files
        .iter()
        .map(|(rel, bytes)| (rel, Content::Bytes(bytes)))
        .chain(
            site.unchanged
                .iter()
                .filter(|rel| !site.files.contains_key(*rel))
                .map(|rel| (rel, Content::OnDisk)),
        )
        .chain(
            site.copies
                .iter()
                .filter(|(rel, _)| !site.has(rel))
                .map(|(rel, src)| (rel, Content::File(src))),
        )
        .collect();
    let now_written: BTreeSet<PathBuf> = jobs.iter().map(|(rel, _)| (*rel).clone()).collect();
    check_paths(&now_written)?;
    std::fs::create_dir_all(dest).map_err(|e| Error::write(dest, e))?;
    remove_dead_temp_folders(dest);
    let last_hashes = read_manifest(dest);
    let last: BTreeSet<PathBuf> = last_hashes.keys().cloned().collect();
    let stale: Vec<&PathBuf> = last
        .difference(&now_written)
        .filter(|rel| !is_protected(rel) && check_relative(rel).is_ok())
        .collect();
    check_disk(dest, &now_written, &stale)?;

    let temp = TempFolder::new(dest);
    let journal: BTreeMap<PathBuf, Option<String>> = last
        .union(&now_written)
        .map(|p| (p.clone(), None))
        .collect();
    write_manifest(dest, INCOMPLETE, &journal, &temp)?;
    let mut report = WriteReport::default();
    for rel in stale {
        let path = dest.join(rel);
        if std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file()) {
            std::fs::remove_file(&path).map_err(|e| Error::write(&path, e))?;
            report.removed += 1;
            remove_empty_parents(dest, &path);
        }
    }
    // Creating files is most of a cold write: spread it over the cores.
    let outcomes: Vec<Result<(bool, String)>> = jobs
        .par_iter()
        .map(|(rel, content)| {
            // A file left as it was keeps the hash the last manifest gave it: a warm build
            // hashes nothing. (Were that hash stale, deploy would refuse, never lose work.)
            let write = |bytes: &[u8]| {
                let wrote = write_if_changed(&dest.join(rel), bytes, &temp)?;
                let known = last_hashes.get(*rel).cloned().flatten();
                let hash = match known {
                    Some(hash) if !wrote => hash,
                    _ => content_hash(bytes),
                };
                Ok((wrote, hash))
            };
            match content {
                Content::Bytes(bytes) => write(bytes),
                Content::File(src) => write(&std::fs::read(src).map_err(|e| Error::read(src, e))?),
                // Found equal while rendering: its hash is in the last manifest, unless
                // that changed since (another build finished meanwhile).
                Content::OnDisk => match last_hashes.get(*rel).cloned().flatten() {
                    Some(hash) => Ok((false, hash)),
                    None => {
                        let path = dest.join(rel);
                        let bytes = std::fs::read(&path).map_err(|e| Error::read(&path, e))?;
                        Ok((false, content_hash(&bytes)))
                    }
                },
            }
        })
        .collect();
    let mut written = BTreeMap::new();
    for ((rel, _), outcome) in jobs.iter().zip(outcomes) {
        let (wrote, hash) = outcome?;
        if wrote {
            report.written += 1;
        } else {
            report.unchanged += 1;
        }
        written.insert((*rel).clone(), Some(hash));
    }
    write_manifest(dest, COMPLETE, &written, &temp)?;
    Ok(report)
}

/// A file a publishing host wants at the output root beside the site: GitHub Pages'
/// `.nojekyll` and `CNAME`. Written here, by the only writer, but kept out of the manifest:
/// it is the host's, so no build lists it, and none removes it ([`is_protected`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostFile {
    pub name: &'static str,
    pub bytes: Vec<u8>,
    /// Leave a file already there as it is (`.nojekyll`: any content will do).
    pub keep_existing: bool,
}

/// Writes `files` at the root of `dest`, each only when it is missing or (unless it keeps
/// what exists) different.
pub fn write_host_files(dest: &Path, files: &[HostFile]) -> Result<()> {
    for file in files {
        debug_assert!(is_protected(Path::new(file.name)));
        let path = dest.join(file.name);
        let current = std::fs::read(&path).ok();
        let keep = match &current {
            Some(_) if file.keep_existing => true,
            Some(bytes) => *bytes == file.bytes,
            None => false,
        };
        if !keep {
            std::fs::write(&path, &file.bytes).map_err(|e| Error::write(&path, e))?;
        }
    }
    Ok(())
}

/// Checks every output path on its own and against the others: names the file system
/// takes, and no path that is a file for one output and a folder for another.
fn check_paths(paths: &BTreeSet<PathBuf>) -> Result<()> {
    let mut errors = Vec::new();
    for rel in paths {
        if let Err(e) = check_relative(rel) {
            errors.push(e);
        } else if let Some(message) = name_problem(rel) {
            errors.push(Error::Output {
                path: rel.clone(),
                message,
            });
        }
        for folder in rel.ancestors().skip(1).filter(|a| paths.contains(*a)) {
            errors.push(Error::Output {
                path: folder.to_path_buf(),
                message: format!(
                    "is both a file of the site and the folder of {}; rename one of them (a static file named like a section or taxonomy?)",
                    rel.display()
                ),
            });
        }
    }
    Error::collect(errors)
}

/// Checks the destination before anything is written: where an output needs a folder there
/// must be no file, and where it needs a file no folder, unless the last build made what is
/// in the way and removes it now (`stale`).
fn check_disk(dest: &Path, paths: &BTreeSet<PathBuf>, stale: &[&PathBuf]) -> Result<()> {
    let stale: BTreeSet<&Path> = stale.iter().map(|p| p.as_path()).collect();
    let folders: BTreeSet<&Path> = paths
        .iter()
        .flat_map(|rel| rel.ancestors().skip(1))
        .filter(|a| !a.as_os_str().is_empty())
        .collect();
    let mut errors: Vec<Error> = folders
        .par_iter()
        .filter_map(|folder| {
            let meta = std::fs::symlink_metadata(dest.join(folder)).ok()?;
            (!meta.is_dir() && !stale.contains(folder)).then(|| Error::Output {
                path: folder.to_path_buf(),
                message: "is a file in the output folder that no build made, where the site needs a folder; move it away (or into static/)".into(),
            })
        })
        .collect();
    errors.extend(
        paths
            .par_iter()
            .filter_map(|rel| {
                let meta = std::fs::symlink_metadata(dest.join(rel)).ok()?;
                let in_the_way = meta.is_dir() && !only_stale_files(dest, rel, &stale);
                in_the_way.then(|| Error::Output {
                    path: rel.clone(),
                    message:
                        "is a folder in the output folder where the site needs a file; move it away"
                            .into(),
                })
            })
            .collect::<Vec<_>>(),
    );
    Error::collect(errors)
}

/// Whether the folder `rel` holds nothing but files the last build made and this one drops.
fn only_stale_files(dest: &Path, rel: &Path, stale: &BTreeSet<&Path>) -> bool {
    walkdir::WalkDir::new(dest.join(rel))
        .into_iter()
        .all(|entry| {
            entry.is_ok_and(|e| {
                e.file_type().is_dir()
                    || e.path().strip_prefix(dest).is_ok_and(|r| stale.contains(r))
            })
        })
}

/// Only plain relative paths are ever written: nothing can escape the output folder.
fn check_relative(rel: &Path) -> Result<()> {
    if rel.components().all(|c| matches!(c, Component::Normal(_))) && !is_protected_git(rel) {
        Ok(())
    } else {
        Err(Error::Other(format!(
            "refusing to write outside the output folder or into .git: {}",
            rel.display()
        )))
    }
}

fn is_protected_git(rel: &Path) -> bool {
    rel.components()
        .next()
        .is_some_and(|c| c.as_os_str() == ".git")
}

enum Content<'a> {
    Bytes(&'a [u8]),
    File(&'a Path),
    OnDisk,
}

/// This build's folder for files being written, at the output root (the same file system,
/// so a rename moves a finished file into place). Created on first use, removed on drop.
struct TempFolder {
    path: PathBuf,
    created: std::sync::OnceLock<std::io::Result<()>>,
}

impl TempFolder {
    fn new(dest: &Path) -> TempFolder {
        TempFolder {
            path: dest.join(format!("{TEMP_PREFIX}{}", std::process::id())),
            created: std::sync::OnceLock::new(),
        }
    }

    fn file(&self) -> std::io::Result<tempfile::NamedTempFile> {
        if let Err(e) = self
            .created
            .get_or_init(|| std::fs::create_dir_all(&self.path))
        {
            return Err(std::io::Error::new(e.kind(), e.to_string()));
        }
        tempfile::NamedTempFile::new_in(&self.path)
    }
}

impl Drop for TempFolder {
    fn drop(&mut self) {
        if self.created.get().is_some() {
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}

/// Removes the temporary folders of builds that were killed: those whose process is gone.
fn remove_dead_temp_folders(dest: &Path) {
    let Ok(entries) = std::fs::read_dir(dest) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name
            .to_str()
            .and_then(|n| n.strip_prefix(TEMP_PREFIX))
            .and_then(|pid| pid.parse::<u32>().ok())
        else {
            continue;
        };
        if pid == std::process::id() || !pack::process_is_alive(pid) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Writes `bytes` to `path` unless it already holds them; true when it wrote.
fn write_if_changed(path: &Path, bytes: &[u8], temp: &TempFolder) -> Result<bool> {
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_file() => {
            if file_holds(path, bytes) {
                return Ok(false);
            }
            replace_file(path, bytes, temp)?;
        }
        // A new file is written in place: were the build killed, the journal names it.
        _ => {
            let dir = path.parent().expect("an output file has a folder");
            std::fs::create_dir_all(dir).map_err(|e| Error::write(dir, e))?;
            std::fs::write(path, bytes).map_err(|e| Error::write(path, e))?;
        }
    }
    Ok(true)
}

/// Writes in the temporary folder and renames over the target, so a reader (a running web
/// server, a browser) never sees half of a page that was already there.
fn replace_file(path: &Path, bytes: &[u8], temp: &TempFolder) -> Result<()> {
    let mut tmp = temp.file().map_err(|e| Error::write(path, e))?;
    tmp.write_all(bytes).map_err(|e| Error::write(path, e))?;
    tmp.persist(path).map_err(|e| Error::write(path, e.error))?;
    set_readable(path);
    Ok(())
}

/// Temp files are created 0600; a published site must be world-readable like any other file.
fn set_readable(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o644));
    }
    #[cfg(not(unix))]
    let _ = path;
}

/// The files a manifest lists, complete or not (an incomplete one lists everything the
/// interrupted build may have written), with the hash of what the build wrote when the
/// manifest knows it: deploy tells a hand edit of a generated file from a build's output
/// by it.
pub fn parse_manifest(text: &str) -> BTreeMap<String, Option<String>> {
    text.lines()
        .filter(|l| !l.is_empty() && !l.starts_with('/'))
        .map(|line| match line.split_once('\t') {
            Some((path, hash)) => (path.to_string(), Some(hash.to_string())),
            None => (line.to_string(), None),
        })
        .collect()
}

/// The hash the manifest records for a file's bytes.
pub fn content_hash(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex().to_string()
}

fn read_manifest(dest: &Path) -> BTreeMap<PathBuf, Option<String>> {
    let text = std::fs::read_to_string(dest.join(MANIFEST)).unwrap_or_default();
    parse_manifest(&text)
        .into_iter()
        .map(|(path, hash)| (PathBuf::from(path), hash))
        .collect()
}

/// Writes the manifest under `header` by a rename, so it is whole whenever a build stops.
/// A line is the path, then a tab and the hash of its bytes when known.
fn write_manifest(
    dest: &Path,
    header: &str,
    files: &BTreeMap<PathBuf, Option<String>>,
    temp: &TempFolder,
) -> Result<()> {
    let mut text = format!("{header}\n");
    for (f, hash) in files {
        text.push_str(&f.to_string_lossy().replace('\\', "/"));
        if let Some(hash) = hash {
            text.push('\t');
            text.push_str(hash);
        }
        text.push('\n');
    }
    let path = dest.join(MANIFEST);
    let mut tmp = temp.file().map_err(|e| Error::write(&path, e))?;
    tmp.write_all(text.as_bytes())
        .map_err(|e| Error::write(&path, e))?;
    tmp.persist(&path)
        .map_err(|e| Error::write(&path, e.error))?;
    set_readable(&path);
    Ok(())
}

fn remove_empty_parents(dest: &Path, file: &Path) {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d == dest || std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(files: &[(&str, &str)]) -> RenderedSite {
        RenderedSite {
            files: files
                .iter()
                .map(|(p, c)| (PathBuf::from(p), Arc::new(c.as_bytes().to_vec())))
                .collect(),
            ..Default::default()
        }
    }

    #[test]
    fn rewrites_only_changes_and_removes_only_its_own_stale_files() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path();
        std::fs::create_dir_all(dest.join(".git")).unwrap();
        std::fs::write(dest.join(".git/HEAD"), "ref").unwrap();
        std::fs::write(dest.join("CNAME"), "example.org").unwrap();
        std::fs::write(dest.join("hand.txt"), "mine").unwrap();

        let r = write_site(
            &site(&[("index.html", "a"), ("post/x/index.html", "x")]),
            dest,
        )
        .unwrap();
        assert_eq!(
            r,
            WriteReport {
                written: 2,
                unchanged: 0,
                removed: 0
            }
        );
        let r = write_site(&site(&[("index.html", "b")]), dest).unwrap();
        assert_eq!(
            r,
            WriteReport {
                written: 1,
                unchanged: 0,
                removed: 1
            }
        );
        assert!(
            !dest.join("post").exists(),
            "empty folders go with their files"
        );
        assert_eq!(
            std::fs::read_to_string(dest.join(".git/HEAD")).unwrap(),
            "ref"
        );
        assert!(dest.join("CNAME").exists() && dest.join("hand.txt").exists());
        let r = write_site(&site(&[("index.html", "b")]), dest).unwrap();
        assert_eq!(
            r,
            WriteReport {
                written: 0,
                unchanged: 1,
                removed: 0
            }
        );
    }

    #[test]
    fn refuses_paths_outside_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        assert!(write_site(&site(&[("../evil", "x")]), dir.path()).is_err());
        assert!(write_site(&site(&[(".git/config", "x")]), dir.path()).is_err());
    }
}
