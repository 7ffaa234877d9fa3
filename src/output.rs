//! The only writer of the output folder.
//!
//! A build renders everything in memory first ([`RenderedSite`]); only a complete, error-free
//! render reaches [`Destination::write`]. Rendering only reads the output folder: `build`
//! compares each file with the one there as soon as it is rendered ([`OnDisk`]) and keeps
//! only the name of a file the last build wrote with the same bytes, so a warm build holds
//! just what changed. Writing is all or nothing:
//!
//! 1. One build of a folder at a time: [`Destination::open`] locks the folder before the
//!    build reads it (a second build is told so, [`Error::Busy`]) and undoes what a killed
//!    build left half done (step 5).
//! 2. Every output path is checked before anything is staged: a plain relative path, file
//!    names the file system takes (no control character, at most 255 bytes, UTF-8), no file
//!    where another output needs a folder (a static `tags` beside the `tags/` list), and
//!    nothing in the way on disk that the build did not make. A link in the way is moved
//!    aside and replaced; no link beneath the folder is ever followed ([`crate::beneath`]).
//! 3. Every new or changed file is *staged*: written whole into the build's own folder at
//!    the output root (`.blog-tmp-PID/`, the same file system, checked, so each later step
//!    is a rename). A full disk fails here, with the output untouched. Then, still before
//!    the first change, each file to be replaced or removed gets a second name there (a
//!    hard link, which an immutable or append-only file refuses), every folder that changes
//!    is checked writable, and the room for new folders is counted.
//! 4. The steps are written to a journal in that folder, then taken in order: stale files
//!    removed, links moved aside, folders made, staged files renamed into place, the
//!    manifest (`.blog-manifest`: paths and hashes) last. If a step fails, the steps taken
//!    are undone in reverse, each from what the transaction folder shows (a replaced file
//!    comes back from its second name, the same bytes and the same inode), so the folder is
//!    as it was, byte for byte. Removing the journal is the commit.
//! 5. A build killed at any moment leaves its journal; the next one undoes those steps the
//!    same way before it reads anything, and removes the folder.
//!
//! A reader (a web server) never sees half a file: each appears whole, by a rename. The
//! journal is not synced to disk, so these promises hold for a build that is killed or
//! fails, not for a machine that loses power in the middle.
//!
//! The build never touches what somebody else put there: `.git`, `CNAME`, `.nojekyll`,
//! `README.md`, or any file no manifest lists. Deploy hands the host's own files (`CNAME`,
//! `.nojekyll`) to [`write_host_files`], so this module stays the only writer.
//!
//! The manifest holds one relative path per line, then a tab and the hash of the bytes
//! written. Output names never hold a control character (step 2), so no name can span two
//! lines or hold the tab; the header line starts with `/`, which no relative path does.

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::{OsStr, OsString};
use std::io::{Read as _, Write as _};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::beneath::{self, Dir, Links};
use crate::error::Error;
use crate::Result;

/// The list of files the last build wrote, kept in the output folder.
pub const MANIFEST: &str = ".blog-manifest";
/// The manifest's first line. (Earlier versions wrote it marked "incomplete" while writing;
/// such a manifest lists every file the interrupted build may have written, and is read
/// the same way.)
const COMPLETE: &str = "/blog-manifest 2";
/// The transaction folder of a build in progress is named this plus the process id.
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
    /// The output folder, open; `None` when there is none yet.
    dir: Option<Arc<Dir>>,
    /// The language's folder in the output (`zh`), or empty: rendered paths are relative
    /// to it, the manifest's to the output root.
    prefix: PathBuf,
    hashed: Arc<BTreeSet<PathBuf>>,
}

impl OnDisk {
    pub fn read(dest: &Path) -> OnDisk {
        let dir = Dir::open(dest).ok();
        let hashed = dir
            .as_ref()
            .map(read_manifest_in)
            .unwrap_or_default()
            .into_iter()
            .filter(|(rel, hash)| hash.is_some() && check_relative(rel).is_ok())
            .map(|(rel, _)| rel)
            .collect();
        OnDisk {
            dir: dir.map(Arc::new),
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
    /// exactly `bytes`, reached without following a link (a link there is replaced).
    pub fn holds(&self, rel: &Path, bytes: &[u8]) -> bool {
        let rel = self.prefix.join(rel);
        self.hashed.contains(&rel)
            && self
                .dir
                .as_ref()
                .is_some_and(|dir| holds_in(dir, &rel, bytes))
    }
}

impl OnDisk {
    /// Whether the file at `rel` (under the prefix) is one the last build wrote, `len`
    /// bytes long and hashing to `hash` (blake3): a stored file compared without reading
    /// the store.
    pub fn holds_hash(&self, rel: &Path, len: usize, hash: &[u8; 32]) -> bool {
        let rel = self.prefix.join(rel);
        if !self.hashed.contains(&rel) {
            return false;
        }
        let Some(Ok(mut file)) = self.dir.as_ref().map(|d| d.open_file(&rel, Links::Never)) else {
            return false;
        };
        if !file
            .metadata()
            .is_ok_and(|m| m.is_file() && m.len() == len as u64)
        {
            return false;
        }
        let mut hasher = blake3::Hasher::new();
        let mut buf = [0u8; 32 * 1024];
        loop {
            match file.read(&mut buf) {
                Ok(0) => return hasher.finalize().as_bytes() == hash,
                Ok(n) => {
                    hasher.update(&buf[..n]);
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => return false,
            }
        }
    }
}

/// Whether `file` is a regular file holding exactly `bytes`. Read in pieces into a buffer
/// on the stack: comparing a whole site this way allocates nothing, where reading each
/// file whole touched as much new memory as the site is large.
fn file_holds(mut file: std::fs::File, bytes: &[u8]) -> bool {
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

/// Writes a rendered site into `dest`, creating it if needed: [`Destination::open`], then
/// [`Destination::write`].
pub fn write_site(site: &RenderedSite, dest: &Path) -> Result<WriteReport> {
    Destination::open(dest)?.write(site)
}

/// The output folder of one build: locked against other builds of it for as long as this
/// lives, and brought back to a whole state (an interrupted build undone) when opened.
#[derive(Debug)]
pub struct Destination {
    path: PathBuf,
    /// The folder, open and locked; `None` until it exists (a first build makes it when it
    /// writes, so a failed first build leaves no empty `public/`).
    dir: Option<Dir>,
}

impl Destination {
    /// Opens and locks `dest` if it exists, and undoes what a killed build left there.
    /// Another build of the same folder holding the lock is [`Error::Busy`].
    pub fn open(dest: &Path) -> Result<Destination> {
        let dir = match Dir::open(dest) {
            Ok(dir) => Some(lock(dir, dest)?),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(Error::write(dest, e)),
        };
        if let Some(dir) = &dir {
            recover(dir).map_err(|e| Error::write(dest, e))?;
        }
        Ok(Destination {
            path: dest.to_path_buf(),
            dir,
        })
    }

    /// The destination as the last complete build left it, for comparing while rendering.
    pub fn on_disk(&self) -> OnDisk {
        OnDisk::read(&self.path)
    }

    /// Writes `site` as one transaction (see the module's documentation): every new or
    /// changed file staged, everything checked, then renamed into place; any failure puts
    /// back what was there, so the folder is as it was, byte for byte.
    pub fn write(&mut self, site: &RenderedSite) -> Result<WriteReport> {
        let jobs = jobs(site);
        let now: BTreeSet<PathBuf> = jobs.iter().map(|(rel, _)| (*rel).clone()).collect();
        check_paths(&now)?;
        let dest = self.path.clone();
        let dir = self.dir_for_writing()?;
        let last = read_manifest_in(dir);
        let stale: BTreeSet<PathBuf> = last
            .keys()
            .filter(|rel| !now.contains(*rel) && !is_protected(rel) && check_relative(rel).is_ok())
            .filter(|rel| is_regular_file(dir, rel))
            .cloned()
            .collect();
        let survey = survey(dir, &now, &stale)?;
        let tx = Transaction::begin(dir).map_err(|e| Error::write(&dest, e))?;
        let staged = stage_jobs(&tx, &jobs, &survey, &last, &dest)?;
        let mut report = WriteReport {
            removed: stale.len(),
            ..Default::default()
        };
        // The ids of these steps are given by `run`, after the staged files'.
        let step = |kind: StepKind| {
            move |rel: &PathBuf| Step {
                kind,
                rel: rel.clone(),
                id: 0,
            }
        };
        let mut steps: Vec<Step> = stale.iter().map(step(StepKind::RemoveFile)).collect();
        steps.extend(survey.aside.iter().map(step(StepKind::MoveAside)));
        steps.extend(survey.make.iter().map(step(StepKind::MakeDir)));
        let mut manifest = BTreeMap::new();
        for ((rel, _), outcome) in jobs.iter().zip(staged) {
            match outcome.placed {
                Some(step) => {
                    report.written += 1;
                    steps.push(step);
                }
                None => report.unchanged += 1,
            }
            manifest.insert((*rel).clone(), Some(outcome.hash));
        }
        let text = manifest_text(COMPLETE, &manifest);
        if steps.is_empty()
            && read_file_in(dir, Path::new(MANIFEST)).as_deref() == Some(text.as_bytes())
        {
            tx.discard();
            return Ok(report);
        }
        let exists = dir.lstat(OsStr::new(MANIFEST)).is_ok();
        steps.push(tx.stage(Path::new(MANIFEST), text.as_bytes(), exists, &dest)?);
        tx.run(steps)
            .map_err(|(rel, e)| Error::write(&dest.join(rel), e))?;
        for rel in &stale {
            remove_empty_parents(dir, rel);
        }
        Ok(report)
    }

    /// The folder, made and locked now if the build is its first.
    fn dir_for_writing(&mut self) -> Result<&Dir> {
        if self.dir.is_none() {
            std::fs::create_dir_all(&self.path).map_err(|e| Error::write(&self.path, e))?;
            let dir = Dir::open(&self.path).map_err(|e| Error::write(&self.path, e))?;
            self.dir = Some(lock(dir, &self.path)?);
        }
        let dir = self.dir.as_ref().expect("opened above");
        // The folder may have been moved or removed since it was locked: writing into the
        // open one would then lose every file.
        let same = std::fs::metadata(&self.path).is_ok_and(|m| {
            use std::os::unix::fs::MetadataExt;
            dir.stat()
                .is_ok_and(|st| st.st_dev == m.dev() && st.st_ino == m.ino())
        });
        if !same {
            return Err(Error::Output {
                path: self.path.clone(),
                message: "was moved or removed while the site was rendered; build again".into(),
            });
        }
        Ok(dir)
    }
}

/// Takes the build lock on the output folder itself (`flock` on its open descriptor: no
/// file to leave behind, released by the kernel when the process ends however it ends).
fn lock(dir: Dir, dest: &Path) -> Result<Dir> {
    // SAFETY: flock(2) on a descriptor we own.
    if unsafe { libc::flock(dir.raw(), libc::LOCK_EX | libc::LOCK_NB) } == 0 {
        return Ok(dir);
    }
    let e = std::io::Error::last_os_error();
    if e.raw_os_error() == Some(libc::EWOULDBLOCK) {
        return Err(Error::Busy {
            path: dest.to_path_buf(),
        });
    }
    Err(Error::write(dest, e))
}

/// The files to write: generated, found unchanged while rendering, and copied; a copy that
/// a generated file of the same path replaces is left out.
fn jobs(site: &RenderedSite) -> Vec<(&PathBuf, Content<'_>)> {
    site.files
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
        .collect()
}

/// What staging did with one file: the hash the manifest records, and the step that puts
/// it in place (`None`: the folder already holds it).
struct Staged {
    hash: String,
    placed: Option<Step>,
}

/// Compares every file with what the folder holds and stages those that differ, spread
/// over the cores (creating files is most of a cold write).
fn stage_jobs(
    tx: &Transaction,
    jobs: &[(&PathBuf, Content)],
    survey: &Survey,
    last: &BTreeMap<PathBuf, Option<String>>,
    dest: &Path,
) -> Result<Vec<Staged>> {
    jobs.par_iter()
        .map(|(rel, content)| {
            let known = last.get(*rel).cloned().flatten();
            let stage = |bytes: &[u8]| -> Result<Staged> {
                let there = survey.target(tx.dir, rel);
                if there == Target::File(bytes.len() as u64) && holds_in(tx.dir, rel, bytes) {
                    // A file left as it was keeps the hash the last manifest gave it: a
                    // warm build hashes nothing. (Were that hash stale, deploy would
                    // refuse, never lose work.)
                    let hash = known.clone().unwrap_or_else(|| content_hash(bytes));
                    return Ok(Staged { hash, placed: None });
                }
                let replace = matches!(there, Target::File(_) | Target::Other);
                let step = tx.stage(rel, bytes, replace, dest)?;
                Ok(Staged {
                    hash: content_hash(bytes),
                    placed: Some(step),
                })
            };
            match content {
                Content::Bytes(bytes) => stage(bytes),
                Content::File(src) => stage(&std::fs::read(src).map_err(|e| Error::read(src, e))?),
                // Found equal while rendering: its hash is in the last manifest, unless
                // that changed since (the manifest was edited by hand).
                Content::OnDisk => match known {
                    Some(hash) => Ok(Staged { hash, placed: None }),
                    None => {
                        let bytes = read_file_in(tx.dir, rel).ok_or_else(|| {
                            Error::read(&dest.join(rel), std::io::ErrorKind::NotFound.into())
                        })?;
                        Ok(Staged {
                            hash: content_hash(&bytes),
                            placed: None,
                        })
                    }
                },
            }
        })
        .collect()
}

/// What is at a file's place in the folder before the write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Missing,
    /// A regular file of this length.
    File(u64),
    /// A link, a FIFO or anything else that the new file replaces (never followed).
    Other,
}

/// What is on disk where the site's folders and files go, read before anything is staged.
#[derive(Debug, Default)]
struct Survey {
    /// Moved aside before folders are made: a link where a folder goes, a folder of stale
    /// files (or none) where a file goes.
    aside: BTreeSet<PathBuf>,
    /// Folders to make, parents first.
    make: Vec<PathBuf>,
    /// Folders not there once things are moved aside: everything beneath them is new.
    absent: BTreeSet<PathBuf>,
}

impl Survey {
    fn is_new(&self, rel: &Path) -> bool {
        self.aside.contains(rel) || rel.ancestors().skip(1).any(|a| self.absent.contains(a))
    }

    /// What is at `rel` now, never following a link.
    fn target(&self, dir: &Dir, rel: &Path) -> Target {
        if self.is_new(rel) {
            return Target::Missing;
        }
        match lstat_in(dir, rel) {
            Ok(st) if beneath::is_file(&st) => Target::File(st.st_size as u64),
            Ok(_) => Target::Other,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Target::Missing,
            Err(_) => Target::Other,
        }
    }
}

/// Checks what stands where the site needs a folder or a file, before anything is staged:
/// a hand-made file where a folder goes, or a folder with anything but the last build's
/// files where a file goes, is an error (named, with every other one); a link is moved
/// aside and replaced, never followed.
fn survey(dir: &Dir, paths: &BTreeSet<PathBuf>, stale: &BTreeSet<PathBuf>) -> Result<Survey> {
    let mut s = Survey::default();
    let mut errors = Vec::new();
    let folders: BTreeSet<&Path> = paths
        .iter()
        .flat_map(|rel| rel.ancestors().skip(1))
        .filter(|a| !a.as_os_str().is_empty())
        .collect();
    for folder in folders {
        if s.is_new(folder) {
            s.make.push(folder.to_path_buf());
            s.absent.insert(folder.to_path_buf());
            continue;
        }
        let make = match lstat_in(dir, folder) {
            Ok(st) if beneath::is_dir(&st) => false,
            Ok(st) if beneath::is_link(&st) => {
                s.aside.insert(folder.to_path_buf());
                true
            }
            Ok(st) if beneath::is_file(&st) && stale.contains(folder) => true,
            Ok(_) => {
                errors.push(Error::Output {
                    path: folder.to_path_buf(),
                    message: "is a file in the output folder that no build made, where the site needs a folder; move it away (or into static/)".into(),
                });
                false
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => true,
            Err(e) => {
                errors.push(Error::Write {
                    path: folder.to_path_buf(),
                    cause: e,
                });
                false
            }
        };
        if make {
            s.make.push(folder.to_path_buf());
            s.absent.insert(folder.to_path_buf());
        }
    }
    let targets: Vec<&PathBuf> = paths.iter().filter(|rel| !s.is_new(rel)).collect();
    for rel in targets {
        let Ok(st) = lstat_in(dir, rel) else { continue };
        if !beneath::is_dir(&st) {
            continue;
        }
        if only_stale_files(dir, rel, stale) {
            s.aside.insert(rel.clone());
        } else {
            errors.push(Error::Output {
                path: rel.clone(),
                message:
                    "is a folder in the output folder where the site needs a file; move it away"
                        .into(),
            });
        }
    }
    Error::collect(errors)?;
    Ok(s)
}

/// Whether the folder `rel` holds nothing but folders and files the last build made and
/// this one drops (an empty folder included), looked at without following a link.
fn only_stale_files(dir: &Dir, rel: &Path, stale: &BTreeSet<PathBuf>) -> bool {
    let Ok(folder) = dir.dir(rel, Links::Never) else {
        return false;
    };
    let Ok(names) = folder.names() else {
        return false;
    };
    names.iter().all(|name| {
        let path = rel.join(name);
        match folder.lstat(name) {
            Ok(st) if beneath::is_dir(&st) => only_stale_files(dir, &path, stale),
            Ok(st) if beneath::is_file(&st) => stale.contains(&path),
            _ => false,
        }
    })
}

/// The kind of the entry at `rel`, reached without following a link.
fn lstat_in(dir: &Dir, rel: &Path) -> std::io::Result<libc::stat> {
    let (parent, name) = split(rel)?;
    dir.dir(parent, Links::Never)?.lstat(name)
}

fn is_regular_file(dir: &Dir, rel: &Path) -> bool {
    lstat_in(dir, rel).is_ok_and(|st| beneath::is_file(&st))
}

/// A relative path's folder and name.
fn split(rel: &Path) -> std::io::Result<(&Path, &OsStr)> {
    match (rel.parent(), rel.file_name()) {
        (Some(parent), Some(name)) => Ok((parent, name)),
        _ => Err(std::io::ErrorKind::InvalidInput.into()),
    }
}

/// The bytes of the regular file at `rel`, reached without following a link.
fn read_file_in(dir: &Dir, rel: &Path) -> Option<Vec<u8>> {
    let mut file = dir.open_file(rel, Links::Never).ok()?;
    if !file.metadata().is_ok_and(|m| m.is_file()) {
        return None;
    }
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes).ok()?;
    Some(bytes)
}

/// Whether the regular file at `rel`, reached without following a link, holds `bytes`.
fn holds_in(dir: &Dir, rel: &Path, bytes: &[u8]) -> bool {
    dir.open_file(rel, Links::Never)
        .is_ok_and(|file| file_holds(file, bytes))
}

/// After the stale files are gone, their folders go too when nothing is left in them.
fn remove_empty_parents(dir: &Dir, rel: &Path) {
    for folder in rel.ancestors().skip(1) {
        let Ok((parent, name)) = split(folder) else {
            break;
        };
        let removed = dir
            .dir(parent, Links::Never)
            .and_then(|p| p.remove(name, true));
        if removed.is_err() {
            break;
        }
    }
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

/// One change to the output folder, done in order by [`Transaction::run`] and undone in
/// reverse. `id` names its files in the transaction's folder: `n<id>` the staged new
/// bytes, `o<id>` a second name of the file replaced or removed (a hard link, made before
/// the first change), `a<id>` what was moved aside.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Step {
    kind: StepKind,
    rel: PathBuf,
    id: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StepKind {
    /// Remove a stale file of the last build.
    RemoveFile,
    /// Move a link (where a folder goes) or a folder (where a file goes) out of the way.
    MoveAside,
    MakeDir,
    /// Put the staged file where nothing is.
    PlaceNew,
    /// Put the staged file in place of what is there.
    Replace,
}

impl StepKind {
    const ALL: [(StepKind, char); 5] = [
        (StepKind::RemoveFile, 'R'),
        (StepKind::MoveAside, 'A'),
        (StepKind::MakeDir, 'D'),
        (StepKind::PlaceNew, 'N'),
        (StepKind::Replace, 'P'),
    ];

    fn letter(self) -> char {
        Self::ALL
            .iter()
            .find(|(k, _)| *k == self)
            .expect("a kind")
            .1
    }

    fn from_letter(letter: char) -> Option<StepKind> {
        Self::ALL
            .iter()
            .find(|(_, l)| *l == letter)
            .map(|(k, _)| *k)
    }
}

/// The journal's name in the transaction's folder. It exists from the first change to the
/// last: a build that finds one undoes the steps it lists.
const JOURNAL: &str = "journal";

/// A write in progress: its own folder at the output root (the same file system, checked,
/// so every step is a rename), the staged files, and the journal.
struct Transaction<'d> {
    dir: &'d Dir,
    tmp: Dir,
    name: OsString,
    next: std::sync::atomic::AtomicUsize,
    /// Leave the folder for the next build (its undo failed, or a test stopped it as a
    /// kill would); otherwise it goes when the transaction does, however that ends.
    keep: bool,
}

impl Drop for Transaction<'_> {
    fn drop(&mut self) {
        if !self.keep {
            let _ = self.dir.remove_all(&self.name);
        }
    }
}

impl<'d> Transaction<'d> {
    /// Makes the transaction's folder, `.blog-tmp-PID`.
    fn begin(dir: &'d Dir) -> std::io::Result<Transaction<'d>> {
        let name = OsString::from(format!("{TEMP_PREFIX}{}", std::process::id()));
        dir.remove_all(&name)?;
        dir.mkdir(&name)?;
        Ok(Transaction {
            tmp: dir.dir(Path::new(&name), Links::Never)?,
            dir,
            name,
            next: std::sync::atomic::AtomicUsize::new(0),
            keep: false,
        })
    }

    /// Writes `bytes` into the transaction's folder, for a step that puts them at `rel`.
    /// A full disk fails here, before anything in the output changed.
    fn stage(&self, rel: &Path, bytes: &[u8], replace: bool, dest: &Path) -> Result<Step> {
        let id = self.next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let mut file = self
            .tmp
            .create_new(OsStr::new(&format!("n{id}")), 0o666)
            .map_err(|e| Error::write(&dest.join(rel), e))?;
        file.write_all(bytes)
            .map_err(|e| Error::write(&dest.join(rel), e))?;
        Ok(Step {
            kind: if replace {
                StepKind::Replace
            } else {
                StepKind::PlaceNew
            },
            rel: rel.to_path_buf(),
            id,
        })
    }

    /// Removes the transaction's folder: nothing of it is needed any more.
    fn discard(self) {}

    /// Checks, journals and applies `steps`. On any failure every step taken is undone and
    /// the error names the path it concerned. Were the undo itself to fail, the folder and
    /// its journal stay for the next build to finish it.
    fn run(mut self, mut steps: Vec<Step>) -> std::result::Result<(), (PathBuf, std::io::Error)> {
        let first = self.next.load(std::sync::atomic::Ordering::Relaxed);
        for (n, step) in steps.iter_mut().enumerate() {
            if matches!(
                step.kind,
                StepKind::RemoveFile | StepKind::MoveAside | StepKind::MakeDir
            ) {
                step.id = first + n;
            }
        }
        self.prepare(&steps)?;
        let journal = steps
            .iter()
            .map(|s| format!("{} {} {}\n", s.kind.letter(), s.id, s.rel.display()))
            .collect::<String>();
        let written = self
            .tmp
            .create_new(OsStr::new(JOURNAL), 0o600)
            .and_then(|mut f| f.write_all(journal.as_bytes()));
        if let Err(e) = written {
            return Err((PathBuf::from(MANIFEST), e));
        }
        for (k, step) in steps.iter().enumerate() {
            if let Err(e) = faults::before_step(k).and_then(|()| self.apply(step)) {
                if faults::crashed() {
                    self.keep = true;
                    return Err((step.rel.clone(), e));
                }
                return match undo(self.dir, &self.tmp, &steps[..k]) {
                    Ok(()) => Err((step.rel.clone(), e)),
                    Err(undo) => {
                        self.keep = true;
                        Err((
                            step.rel.clone(),
                            std::io::Error::new(
                                e.kind(),
                                format!("{e}; putting back what was there failed too ({undo}), the next build will"),
                            ),
                        ))
                    }
                };
            }
        }
        // The commit point: from here on, what is in place stays.
        let _ = self.tmp.remove(OsStr::new(JOURNAL), false);
        Ok(())
    }

    /// Everything that can be known before the first change: a second name for each file
    /// to be replaced or removed (which also fails on an immutable or append-only file),
    /// every folder that changes writable and on the same file system, and room for the
    /// new folders. The staged files already hold the room the new bytes need.
    fn prepare(&self, steps: &[Step]) -> std::result::Result<(), (PathBuf, std::io::Error)> {
        let tmp_stat = self.tmp.stat().map_err(|e| (PathBuf::new(), e))?;
        let mut checked: BTreeSet<&Path> = BTreeSet::new();
        let made: BTreeSet<&Path> = steps
            .iter()
            .filter(|s| s.kind == StepKind::MakeDir)
            .map(|s| s.rel.as_path())
            .collect();
        for step in steps {
            let fail = |e: std::io::Error| (step.rel.clone(), e);
            let (parent, name) = split(&step.rel).map_err(fail)?;
            if matches!(step.kind, StepKind::RemoveFile | StepKind::Replace) {
                let folder = self.dir.dir(parent, Links::Never).map_err(fail)?;
                folder
                    .link_to(name, &self.tmp, OsStr::new(&format!("o{}", step.id)))
                    .map_err(|e| fail(cannot_replace(e)))?;
            }
            if !made.contains(parent) && checked.insert(parent) {
                let folder = self.dir.dir(parent, Links::Never).map_err(fail)?;
                check_writable(&folder, &tmp_stat).map_err(|e| (parent.to_path_buf(), e))?;
            }
        }
        check_room(&self.tmp, made.len()).map_err(|e| (PathBuf::new(), e))
    }

    /// Takes one step.
    fn apply(&self, step: &Step) -> std::io::Result<()> {
        let (parent, name) = split(&step.rel)?;
        let folder = self.dir.dir(parent, Links::Never)?;
        let id = step.id;
        match step.kind {
            StepKind::RemoveFile => folder.remove(name, false),
            StepKind::MoveAside => {
                folder.rename_to(name, &self.tmp, OsStr::new(&format!("a{id}")), false)
            }
            StepKind::MakeDir => folder.mkdir(name),
            StepKind::PlaceNew | StepKind::Replace => self.tmp.rename_to(
                OsStr::new(&format!("n{id}")),
                &folder,
                name,
                step.kind == StepKind::Replace,
            ),
        }
    }
}

/// An error that says what to do about a file that cannot be replaced.
fn cannot_replace(e: std::io::Error) -> std::io::Error {
    if e.raw_os_error() == Some(libc::EPERM) {
        std::io::Error::new(
            e.kind(),
            format!("{e}: the file cannot be replaced or removed (immutable or append-only? see lsattr)"),
        )
    } else {
        e
    }
}

/// Undoes `steps` in reverse, each only if it was taken (what its files in the
/// transaction's folder show), so that it serves a failure halfway and a build killed at
/// any point alike, and can itself be run again.
fn undo(dir: &Dir, tmp: &Dir, steps: &[Step]) -> std::io::Result<()> {
    let has = |name: &str| tmp.lstat(OsStr::new(name)).is_ok();
    for step in steps.iter().rev() {
        let (parent, name) = split(&step.rel)?;
        let folder = match dir.dir(parent, Links::Never) {
            Ok(folder) => folder,
            // Its folder is not there (or is still the link it replaces), so the step was
            // never taken.
            Err(e)
                if e.kind() == std::io::ErrorKind::NotFound
                    || matches!(e.raw_os_error(), Some(libc::ELOOP) | Some(libc::ENOTDIR)) =>
            {
                continue
            }
            Err(e) => return Err(e),
        };
        let id = step.id;
        let result = match step.kind {
            StepKind::PlaceNew if !has(&format!("n{id}")) => folder.remove(name, false),
            StepKind::Replace if !has(&format!("n{id}")) => {
                tmp.rename_to(OsStr::new(&format!("o{id}")), &folder, name, true)
            }
            // Not taken while something else (the link it replaces) is still there.
            StepKind::MakeDir if folder.lstat(name).is_ok_and(|st| beneath::is_dir(&st)) => {
                folder.remove(name, true)
            }
            StepKind::MoveAside if has(&format!("a{id}")) => {
                tmp.rename_to(OsStr::new(&format!("a{id}")), &folder, name, false)
            }
            StepKind::RemoveFile if folder.lstat(name).is_err() && has(&format!("o{id}")) => {
                tmp.link_to(OsStr::new(&format!("o{id}")), &folder, name)
            }
            _ => Ok(()),
        };
        match result {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
    }
    Ok(())
}

/// Undoes what killed builds left: every transaction folder at the output root (the lock
/// is ours, so none belongs to a running build) whose journal is still there, then the
/// folders themselves. Folders of older versions, without a journal, are just removed.
fn recover(dir: &Dir) -> std::io::Result<()> {
    for name in dir.names()? {
        if !name.to_string_lossy().starts_with(TEMP_PREFIX) {
            continue;
        }
        if let Ok(tmp) = dir.dir(Path::new(&name), Links::Never) {
            if let Some(text) = read_file_in(&tmp, Path::new(JOURNAL)) {
                let steps = parse_journal(&String::from_utf8_lossy(&text));
                undo(dir, &tmp, &steps)?;
            }
        }
        dir.remove_all(&name)?;
    }
    Ok(())
}

fn parse_journal(text: &str) -> Vec<Step> {
    text.lines()
        .filter_map(|line| {
            let mut parts = line.splitn(3, ' ');
            let kind = StepKind::from_letter(parts.next()?.chars().next()?)?;
            let id = parts.next()?.parse().ok()?;
            let rel = PathBuf::from(parts.next()?);
            check_relative(&rel).ok()?;
            Some(Step { kind, rel, id })
        })
        .collect()
}

/// Whether entries can be made, replaced and removed in `folder`: on the same file system
/// as the staged files (a rename cannot cross one), not read-only, not immutable or
/// append-only, and writable by us.
fn check_writable(folder: &Dir, tmp: &libc::stat) -> std::io::Result<()> {
    let st = folder.stat()?;
    if st.st_dev != tmp.st_dev {
        return Err(std::io::Error::new(
            std::io::ErrorKind::CrossesDevices,
            "another file system is mounted here; blog writes the output folder on one",
        ));
    }
    // SAFETY: fstatvfs(2) and ioctl(2) into structs we own, on a descriptor we own;
    // faccessat(2) on ".": plain queries.
    unsafe {
        let mut vfs = std::mem::zeroed::<libc::statvfs>();
        if libc::fstatvfs(folder.raw(), &mut vfs) == 0 && vfs.f_flag & libc::ST_RDONLY != 0 {
            return Err(std::io::Error::from_raw_os_error(libc::EROFS));
        }
        let mut flags: libc::c_long = 0;
        if libc::ioctl(folder.raw(), libc::FS_IOC_GETFLAGS, &mut flags) == 0
            && flags & (FS_IMMUTABLE_FL | FS_APPEND_FL) != 0
        {
            return Err(std::io::Error::new(
                std::io::ErrorKind::PermissionDenied,
                "the folder is immutable or append-only (see lsattr)",
            ));
        }
        let dot = c".";
        if libc::faccessat(
            folder.raw(),
            dot.as_ptr(),
            libc::W_OK | libc::X_OK,
            libc::AT_EACCESS,
        ) != 0
        {
            return Err(std::io::Error::last_os_error());
        }
    }
    Ok(())
}

/// The inode flags `chattr +i` and `chattr +a` set (linux/fs.h).
const FS_IMMUTABLE_FL: libc::c_long = 0x10;
const FS_APPEND_FL: libc::c_long = 0x20;

/// Whether the file system has room for `folders` new folders (a block and an inode each).
fn check_room(tmp: &Dir, folders: usize) -> std::io::Result<()> {
    if folders == 0 {
        return Ok(());
    }
    // SAFETY: fstatvfs(2) into a struct we own.
    let vfs = unsafe {
        let mut vfs = std::mem::zeroed::<libc::statvfs>();
        if libc::fstatvfs(tmp.raw(), &mut vfs) != 0 {
            return Ok(());
        }
        vfs
    };
    let need = folders as u64 * vfs.f_bsize as u64;
    let blocks_short = (vfs.f_bavail as u64).saturating_mul(vfs.f_frsize as u64) < need;
    let inodes_short = vfs.f_files > 0 && (vfs.f_favail as u64) < folders as u64;
    if blocks_short || inodes_short {
        return Err(std::io::Error::new(
            std::io::ErrorKind::StorageFull,
            format!("no room left for the {folders} new folders"),
        ));
    }
    Ok(())
}

/// Faults for the writer's tests: fail (or stop, as a kill would) before a given step.
/// Per thread, so tests running side by side do not meet each other's faults.
mod faults {
    #[cfg(test)]
    thread_local! {
        pub static FAIL_BEFORE: std::cell::Cell<Option<(usize, bool)>> = const { std::cell::Cell::new(None) };
    }

    /// An injected error before step `k`, when a test asked for one.
    pub fn before_step(k: usize) -> std::io::Result<()> {
        #[cfg(test)]
        if FAIL_BEFORE.with(|f| f.get()).is_some_and(|(at, _)| at == k) {
            return Err(std::io::Error::other("injected fault"));
        }
        let _ = k;
        Ok(())
    }

    /// Whether the injected fault is a crash: nothing is undone, as when killed.
    pub fn crashed() -> bool {
        #[cfg(test)]
        return FAIL_BEFORE
            .with(|f| f.get())
            .is_some_and(|(_, crash)| crash);
        #[cfg(not(test))]
        false
    }
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

fn read_manifest_in(dir: &Dir) -> BTreeMap<PathBuf, Option<String>> {
    let bytes = read_file_in(dir, Path::new(MANIFEST)).unwrap_or_default();
    parse_manifest(&String::from_utf8_lossy(&bytes))
        .into_iter()
        .map(|(path, hash)| (PathBuf::from(path), hash))
        .collect()
}

/// The manifest's text under `header`: a line per file, the path, then a tab and the hash
/// of its bytes when known.
fn manifest_text(header: &str, files: &BTreeMap<PathBuf, Option<String>>) -> String {
    let mut text = format!("{header}\n");
    for (f, hash) in files {
        text.push_str(&f.to_string_lossy().replace('\\', "/"));
        if let Some(hash) = hash {
            text.push('\t');
            text.push_str(hash);
        }
        text.push('\n');
    }
    text
}

/// A file a publishing host wants at the output root beside the site: GitHub Pages'
/// `.nojekyll` and `CNAME`. Written here, by the only writer, but kept out of the manifest:
/// it is the host's, so no build lists it, and none removes it ([`is_protected`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostFile {
    pub name: &'static str,
    pub bytes: Vec<u8>,
    /// Leave a regular file already there as it is (`.nojekyll`: any content will do).
    pub keep_existing: bool,
}

/// Writes `files` at the root of `dest`, each only when it is missing or (unless it keeps
/// what exists) different. Each is written by a rename over what is there, never through
/// a link: a link named `CNAME` is replaced, its target left alone.
pub fn write_host_files(dest: &Path, files: &[HostFile]) -> Result<()> {
    let dir = Dir::open(dest).map_err(|e| Error::write(dest, e))?;
    for file in files {
        debug_assert!(is_protected(Path::new(file.name)));
        let name = OsStr::new(file.name);
        let keep = match read_file_in(&dir, Path::new(file.name)) {
            Some(_) if file.keep_existing => true,
            Some(bytes) => bytes == file.bytes,
            None => false,
        };
        if !keep {
            replace_in(&dir, name, &file.bytes).map_err(|e| Error::write(&dest.join(name), e))?;
        }
    }
    Ok(())
}

/// Writes `bytes` as `name` in `folder` by a rename over what is there.
fn replace_in(folder: &Dir, name: &OsStr, bytes: &[u8]) -> std::io::Result<()> {
    let temp = OsString::from(format!(
        "{TEMP_PREFIX}{}-{}",
        std::process::id(),
        name.to_string_lossy()
    ));
    let _ = folder.remove(&temp, false);
    folder.create_new(&temp, 0o666)?.write_all(bytes)?;
    folder
        .rename_to(&temp, folder, name, true)
        .inspect_err(|_| {
            let _ = folder.remove(&temp, false);
        })
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

    /// Everything under `root`, links not followed: kind, bytes or link target. "As it
    /// was" compares two of these.
    fn snapshot(root: &Path) -> Vec<(String, String)> {
        let mut all: Vec<(String, String)> = walkdir::WalkDir::new(root)
            .min_depth(1)
            .into_iter()
            .map(|e| {
                let e = e.unwrap();
                let rel = e.path().strip_prefix(root).unwrap().display().to_string();
                let what = if e.path_is_symlink() {
                    format!("link {}", std::fs::read_link(e.path()).unwrap().display())
                } else if e.file_type().is_dir() {
                    "dir".to_string()
                } else {
                    format!("file {:?}", std::fs::read_to_string(e.path()).unwrap())
                };
                (rel, what)
            })
            .collect();
        all.sort();
        all
    }

    /// A folder the last build wrote, with what makes a write hard: a stale file, a link
    /// where a folder goes, a dangling link where a file goes, an empty folder where a
    /// file goes, a hand-made file. Returns the folder and the outside it must not touch.
    fn awkward_folder() -> (tempfile::TempDir, PathBuf) {
        let t = tempfile::tempdir().unwrap();
        let (dest, outside) = (t.path().join("public"), t.path().join("outside"));
        std::fs::create_dir_all(&outside).unwrap();
        write_site(
            &site(&[
                ("index.html", "old home"),
                ("post/a/index.html", "a"),
                ("post/gone/index.html", "stale"),
                ("keep.css", "css"),
            ]),
            &dest,
        )
        .unwrap();
        std::fs::write(dest.join("hand.txt"), "mine").unwrap();
        std::os::unix::fs::symlink(&outside, dest.join("linked")).unwrap();
        std::os::unix::fs::symlink(outside.join("pwned.html"), dest.join("post/a/b.html")).unwrap();
        std::fs::create_dir_all(dest.join("new/x.html")).unwrap();
        (t, outside)
    }

    fn next_site() -> RenderedSite {
        site(&[
            ("index.html", "new home"),
            ("post/a/index.html", "a"),
            ("post/a/b.html", "b"),
            ("linked/in.html", "in"),
            ("new/x.html", "x"),
            ("new/deep/er/y.html", "y"),
            ("keep.css", "css"),
        ])
    }

    /// Fails (or, with `crash`, stops as a kill would) before each step in turn of a write
    /// that replaces, adds, removes, moves links and folders aside and makes folders.
    fn fail_before_each_step(crash: bool) {
        let mut k = 0;
        loop {
            let (t, outside) = awkward_folder();
            let dest = t.path().join("public");
            let before = snapshot(&dest);
            faults::FAIL_BEFORE.with(|f| f.set(Some((k, crash))));
            let result = write_site(&next_site(), &dest);
            faults::FAIL_BEFORE.with(|f| f.set(None));
            if result.is_ok() {
                assert!(k > 10, "only {k} steps: the fault was never reached?");
                assert_eq!(
                    std::fs::read_to_string(dest.join("post/a/b.html")).unwrap(),
                    "b"
                );
                assert!(dest.join("linked").is_dir() && !dest.join("linked").is_symlink());
                assert!(!dest.join("post/gone").exists());
                assert_eq!(
                    std::fs::read_to_string(dest.join("hand.txt")).unwrap(),
                    "mine"
                );
                assert_eq!(
                    std::fs::read_dir(&outside).unwrap().count(),
                    0,
                    "written outside"
                );
                return;
            }
            if crash {
                // What a killed build leaves: the next one finds and undoes it.
                assert_ne!(
                    snapshot(&dest),
                    before,
                    "a crash at step {k} left no trace?"
                );
                Destination::open(&dest).unwrap();
            }
            assert_eq!(snapshot(&dest), before, "after a fault at step {k}");
            assert_eq!(std::fs::read_dir(&outside).unwrap().count(), 0);
            k += 1;
        }
    }

    #[test]
    fn a_failure_at_any_step_leaves_the_folder_as_it_was() {
        fail_before_each_step(false);
    }

    #[test]
    fn a_build_killed_at_any_step_is_undone_by_the_next() {
        fail_before_each_step(true);
    }

    #[test]
    fn a_second_build_of_the_same_folder_is_refused_while_the_first_runs() {
        let dir = tempfile::tempdir().unwrap();
        let first = Destination::open(dir.path()).unwrap();
        let second = Destination::open(dir.path()).unwrap_err();
        assert!(
            matches!(&second, Error::Busy { path } if path == dir.path()),
            "{second}"
        );
        drop(first);
        Destination::open(dir.path()).unwrap();
    }

    #[test]
    fn a_folder_in_the_way_that_no_build_made_is_refused_before_writing() {
        let dir = tempfile::tempdir().unwrap();
        write_site(&site(&[("index.html", "a")]), dir.path()).unwrap();
        std::fs::create_dir_all(dir.path().join("x.html/mine")).unwrap();
        std::fs::write(dir.path().join("x.html/mine/f"), "f").unwrap();
        let before = snapshot(dir.path());
        let e = write_site(&site(&[("index.html", "b"), ("x.html", "x")]), dir.path()).unwrap_err();
        assert!(
            matches!(&e, Error::Output { path, .. } if path == Path::new("x.html")),
            "{e}"
        );
        assert_eq!(snapshot(dir.path()), before);
    }

    #[test]
    fn refuses_paths_outside_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        assert!(write_site(&site(&[("../evil", "x")]), dir.path()).is_err());
        assert!(write_site(&site(&[(".git/config", "x")]), dir.path()).is_err());
    }
}
