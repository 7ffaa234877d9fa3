//! The only writer of the output folder.
//!
//! A build renders everything in memory first ([`RenderedSite`]); only a complete, error-free
//! render reaches [`write_site`], so a failed build never leaves the folder half-written.
//! Writing compares each file with what is on disk and rewrites only what changed (a
//! rebuild touches few files, and a deploy commit stays small). A manifest of what we wrote
//! (`.blog-manifest`) lets the next build remove pages that no longer exist without ever
//! touching what somebody else put there: `.git`, `CNAME`, `.nojekyll`, `README.md`.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write as _;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::error::Error;
use crate::Result;

/// The list of files the last build wrote, kept in the output folder.
pub const MANIFEST: &str = ".blog-manifest";

/// A whole site, rendered in memory: the build's result before anything touches the disk.
/// `serve` answers requests straight from it.
#[derive(Debug, Clone, Default)]
pub struct RenderedSite {
    /// Generated files by their path relative to the output root (`post/x/index.html`).
    pub files: BTreeMap<PathBuf, Vec<u8>>,
    /// Files copied unchanged (static files, bundle resources): output path -> source path.
    pub copies: BTreeMap<PathBuf, PathBuf>,
    pub warnings: Vec<crate::Warning>,
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

/// Writes a rendered site into `dest`, creating it if needed.
pub fn write_site(site: &RenderedSite, dest: &Path) -> Result<WriteReport> {
    std::fs::create_dir_all(dest).map_err(|e| Error::write(dest, e))?;
    let mut report = WriteReport::default();
    let mut now_written: BTreeSet<PathBuf> = BTreeSet::new();
    // Every path is checked before the first byte is written.
    for rel in site.files.keys().chain(site.copies.keys()) {
        check_relative(rel)?;
    }

    // Copies that a generated file of the same path replaces are skipped.
    let jobs: Vec<(&PathBuf, Content)> = site
        .files
        .iter()
        .map(|(rel, bytes)| (rel, Content::Bytes(bytes)))
        .chain(
            site.copies
                .iter()
                .filter(|(rel, _)| !site.files.contains_key(*rel))
                .map(|(rel, src)| (rel, Content::File(src))),
        )
        .collect();
    // Creating files is most of a cold write: spread it over the cores.
    let outcomes: Vec<Result<bool>> = jobs
        .par_iter()
        .map(|(rel, content)| match content {
            Content::Bytes(bytes) => write_if_changed(&dest.join(rel), bytes),
            Content::File(src) => {
                let bytes = std::fs::read(src).map_err(|e| Error::read(src, e))?;
                write_if_changed(&dest.join(rel), &bytes)
            }
        })
        .collect();
    for outcome in outcomes {
        if outcome? {
            report.written += 1;
        } else {
            report.unchanged += 1;
        }
    }
    now_written.extend(jobs.iter().map(|(rel, _)| (*rel).clone()));

    for stale in read_manifest(dest).difference(&now_written) {
        if is_protected(stale) || check_relative(stale).is_err() {
            continue;
        }
        let path = dest.join(stale);
        if path.is_file() {
            std::fs::remove_file(&path).map_err(|e| Error::write(&path, e))?;
            report.removed += 1;
            remove_empty_parents(dest, &path);
        }
    }
    write_manifest(dest, &now_written)?;
    Ok(report)
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
}

/// Writes `bytes` to `path` unless it already holds them; true when it wrote.
fn write_if_changed(path: &Path, bytes: &[u8]) -> Result<bool> {
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_file() => {
            if meta.len() == bytes.len() as u64 && std::fs::read(path).is_ok_and(|old| old == bytes)
            {
                return Ok(false);
            }
            replace_file(path, bytes)?;
        }
        _ => {
            let dir = path.parent().expect("an output file has a folder");
            std::fs::create_dir_all(dir).map_err(|e| Error::write(dir, e))?;
            std::fs::write(path, bytes).map_err(|e| Error::write(path, e))?;
        }
    }
    Ok(true)
}

/// Writes beside the target and renames over it, so a reader (a running web server, a
/// browser) never sees half of a page that was already there.
fn replace_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().expect("an output file has a folder");
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| Error::write(path, e))?;
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

fn read_manifest(dest: &Path) -> BTreeSet<PathBuf> {
    std::fs::read_to_string(dest.join(MANIFEST))
        .map(|text| {
            text.lines()
                .filter(|l| !l.is_empty())
                .map(PathBuf::from)
                .collect()
        })
        .unwrap_or_default()
}

fn write_manifest(dest: &Path, files: &BTreeSet<PathBuf>) -> Result<()> {
    let mut text = String::new();
    for f in files {
        text.push_str(&f.to_string_lossy().replace('\\', "/"));
        text.push('\n');
    }
    write_if_changed(&dest.join(MANIFEST), text.as_bytes()).map(|_| ())
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
                .map(|(p, c)| (PathBuf::from(p), c.as_bytes().to_vec()))
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
