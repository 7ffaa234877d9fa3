//! Opening, creating and renaming files beneath a folder, one path step at a time, so that
//! a symbolic link can never take a write (or a served file) somewhere else.
//!
//! Checking a path and then using it are two steps, and anything may change between them:
//! a link put at `public/post/x/index.html` after the check is written through, a link
//! swapped in for `static/race.txt` after the check is served. So every operation here
//! starts from an open folder ([`Dir`]) and resolves the rest of the path in the kernel, in
//! one step, by one of two rules ([`Links`]):
//!
//! - [`Links::Never`], for writers (the output folder, the caches, a new site): no link is
//!   followed anywhere beneath the folder. A link in the way is replaced, never written
//!   through.
//! - [`Links::Beneath`], for `serve`: links are followed as long as every step stays beneath
//!   the folder; a link that climbs out of it is refused.
//!
//! Both use `openat2` with `RESOLVE_BENEATH` (Linux 5.6 and later). Where the kernel lacks
//! it, the path is walked one component at a time with `O_NOFOLLOW`, reading each link
//! ourselves and resolving it from the folder already open, which no swap can redirect.
//! The folder itself (`public/`, the site's root) is opened as named: a `public` that is a
//! link to another disk is the writer's own choice.

use std::ffi::{CStr, CString, OsStr};
use std::fs::File;
use std::io;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, FromRawFd, OwnedFd, RawFd};
use std::os::unix::ffi::OsStrExt;
use std::path::{Component, Path, PathBuf};

/// How a path beneath a folder may use symbolic links.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Links {
    /// No link anywhere on the path: for writing.
    Never,
    /// Links are followed while they stay beneath the folder: for serving.
    Beneath,
}

/// The most links one path may pass through, as the kernel's own limit.
const MAX_LINKS: usize = 40;

/// An open folder that paths are resolved from.
#[derive(Debug)]
pub struct Dir {
    fd: OwnedFd,
}

impl AsFd for Dir {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.fd.as_fd()
    }
}

impl Dir {
    /// Opens the folder at `path` (links to it are followed: it is the caller's choice).
    pub fn open(path: &Path) -> io::Result<Dir> {
        let c = cstr(path.as_os_str())?;
        // SAFETY: a plain open(2) of a NUL-terminated path; the result is checked.
        let fd = unsafe {
            libc::open(
                c.as_ptr(),
                libc::O_RDONLY | libc::O_DIRECTORY | libc::O_CLOEXEC,
            )
        };
        Ok(Dir { fd: owned(fd)? })
    }

    pub fn raw(&self) -> RawFd {
        self.fd.as_raw_fd()
    }

    /// Opens the folder at `rel` beneath this one.
    pub fn dir(&self, rel: &Path, links: Links) -> io::Result<Dir> {
        if rel.as_os_str().is_empty() {
            return Ok(Dir {
                fd: self.fd.try_clone()?,
            });
        }
        let flags = libc::O_RDONLY | libc::O_DIRECTORY | libc::O_CLOEXEC;
        Ok(Dir {
            fd: self.open_beneath(rel, flags, links)?,
        })
    }

    /// Opens the file at `rel` beneath this one for reading. Opened without waiting, so a
    /// FIFO cannot hang the caller; the caller checks the kind of file it got.
    pub fn open_file(&self, rel: &Path, links: Links) -> io::Result<File> {
        let flags = libc::O_RDONLY | libc::O_NONBLOCK | libc::O_CLOEXEC;
        Ok(File::from(self.open_beneath(rel, flags, links)?))
    }

    /// Creates the file `name` in this folder, failing if anything, a link included, is
    /// already there.
    pub fn create_new(&self, name: &OsStr, mode: libc::mode_t) -> io::Result<File> {
        let c = cstr(name)?;
        let flags =
            libc::O_WRONLY | libc::O_CREAT | libc::O_EXCL | libc::O_NOFOLLOW | libc::O_CLOEXEC;
        // SAFETY: openat(2) relative to a folder we own, with a NUL-terminated name.
        let fd = unsafe { libc::openat(self.raw(), c.as_ptr(), flags, mode as libc::c_uint) };
        Ok(File::from(owned(fd)?))
    }

    /// Makes the folder `name` in this one.
    pub fn mkdir(&self, name: &OsStr) -> io::Result<()> {
        let c = cstr(name)?;
        // SAFETY: mkdirat(2) relative to a folder we own.
        check(unsafe { libc::mkdirat(self.raw(), c.as_ptr(), 0o755) })
    }

    /// The folder `rel` beneath this one, made with its parents as needed. Every step is
    /// opened without following a link, so a link on the way is an error, not a detour.
    pub fn make_dirs(&self, rel: &Path) -> io::Result<Dir> {
        let mut dir = Dir {
            fd: self.fd.try_clone()?,
        };
        for name in normal_components(rel)? {
            match dir.mkdir(name) {
                Ok(()) => {}
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(e),
            }
            dir = dir.dir(Path::new(name), Links::Never)?;
        }
        Ok(dir)
    }

    /// The kind and identity of the entry `name` in this folder, never following a link.
    pub fn lstat(&self, name: &OsStr) -> io::Result<libc::stat> {
        let c = cstr(name)?;
        // SAFETY: fstatat(2) into a zeroed struct we own.
        unsafe {
            let mut st = std::mem::zeroed::<libc::stat>();
            check(libc::fstatat(
                self.raw(),
                c.as_ptr(),
                &mut st,
                libc::AT_SYMLINK_NOFOLLOW,
            ))?;
            Ok(st)
        }
    }

    /// This folder's own kind and identity.
    pub fn stat(&self) -> io::Result<libc::stat> {
        fstat(self.fd.as_fd())
    }

    /// Removes the file (or link) `name`; with `dir`, the empty folder `name`.
    pub fn remove(&self, name: &OsStr, dir: bool) -> io::Result<()> {
        let c = cstr(name)?;
        let flags = if dir { libc::AT_REMOVEDIR } else { 0 };
        // SAFETY: unlinkat(2) relative to a folder we own.
        check(unsafe { libc::unlinkat(self.raw(), c.as_ptr(), flags) })
    }

    /// Makes `to` in folder `dir` another name of the file `name` here (a link to a link is
    /// a link to the link itself: nothing is followed).
    pub fn link_to(&self, name: &OsStr, dir: &Dir, to: &OsStr) -> io::Result<()> {
        let (from, to) = (cstr(name)?, cstr(to)?);
        // SAFETY: linkat(2) between folders we own, flags 0: links are not followed.
        check(unsafe { libc::linkat(self.raw(), from.as_ptr(), dir.raw(), to.as_ptr(), 0) })
    }

    /// Renames `name` here to `to` in folder `dir`. With `replace` false, fails if `to`
    /// exists (where the kernel can say so atomically; elsewhere checked just before).
    pub fn rename_to(&self, name: &OsStr, dir: &Dir, to: &OsStr, replace: bool) -> io::Result<()> {
        let (from, to_c) = (cstr(name)?, cstr(to)?);
        #[cfg(target_os = "linux")]
        if !replace {
            // SAFETY: renameat2(2) between folders we own.
            return check(unsafe {
                libc::renameat2(
                    self.raw(),
                    from.as_ptr(),
                    dir.raw(),
                    to_c.as_ptr(),
                    libc::RENAME_NOREPLACE,
                )
            });
        }
        if !replace && dir.lstat(to).is_ok() {
            return Err(io::ErrorKind::AlreadyExists.into());
        }
        // SAFETY: renameat(2) between folders we own; it replaces a link, never follows it.
        check(unsafe { libc::renameat(self.raw(), from.as_ptr(), dir.raw(), to_c.as_ptr()) })
    }

    /// The names in this folder (without `.` and `..`). A read error ends the list early;
    /// callers that rely on it being whole (removing a folder) fail on what is left.
    pub fn names(&self) -> io::Result<Vec<std::ffi::OsString>> {
        let fd = self.fd.try_clone()?;
        // SAFETY: fdopendir takes over a descriptor we own (a clone, forgotten once taken);
        // closedir frees both. Entries are copied out before the next readdir.
        unsafe {
            let stream = libc::fdopendir(fd.as_raw_fd());
            if stream.is_null() {
                return Err(io::Error::last_os_error());
            }
            std::mem::forget(fd);
            libc::rewinddir(stream);
            let mut names = Vec::new();
            loop {
                let entry = libc::readdir(stream);
                if entry.is_null() {
                    libc::closedir(stream);
                    return Ok(names);
                }
                let name = CStr::from_ptr((*entry).d_name.as_ptr()).to_bytes();
                if name != b"." && name != b".." {
                    names.push(OsStr::from_bytes(name).to_os_string());
                }
            }
        }
    }

    /// Removes `name` and, if it is a folder, everything in it, never following a link.
    pub fn remove_all(&self, name: &OsStr) -> io::Result<()> {
        let st = match self.lstat(name) {
            Ok(st) => st,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(e),
        };
        if st.st_mode & libc::S_IFMT != libc::S_IFDIR {
            return self.remove(name, false);
        }
        let inner = self.dir(Path::new(name), Links::Never)?;
        for entry in inner.names()? {
            inner.remove_all(&entry)?;
        }
        self.remove(name, true)
    }

    /// Opens `rel` beneath this folder by the rule `links`.
    fn open_beneath(&self, rel: &Path, flags: libc::c_int, links: Links) -> io::Result<OwnedFd> {
        normal_components(rel)?;
        #[cfg(target_os = "linux")]
        if !force_walk() {
            match openat2(self.raw(), rel, flags, links) {
                Err(e) if e.raw_os_error() == Some(libc::ENOSYS) => {}
                // Seccomp filters (some containers) answer EPERM for an unknown call.
                Err(e) if e.raw_os_error() == Some(libc::EPERM) && !openat2_works() => {}
                other => return other,
            }
        }
        walk(self, rel, flags, links)
    }
}

/// The parts of a relative path, which must all be plain names: no root, no `..`.
fn normal_components(rel: &Path) -> io::Result<Vec<&OsStr>> {
    rel.components()
        .map(|c| match c {
            Component::Normal(name) => Ok(name),
            _ => Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("not a plain relative path: {}", rel.display()),
            )),
        })
        .collect()
}

#[cfg(target_os = "linux")]
fn openat2(dir: RawFd, rel: &Path, flags: libc::c_int, links: Links) -> io::Result<OwnedFd> {
    let c = cstr(rel.as_os_str())?;
    let mut resolve = libc::RESOLVE_BENEATH | libc::RESOLVE_NO_MAGICLINKS;
    if links == Links::Never {
        resolve |= libc::RESOLVE_NO_SYMLINKS;
    }
    // SAFETY: open_how is a plain struct; zeroed is its documented default.
    let mut how: libc::open_how = unsafe { std::mem::zeroed() };
    how.flags = flags as u64;
    how.resolve = resolve;
    // SAFETY: openat2(2) with a struct of the size we pass; the result is checked.
    let fd = unsafe {
        libc::syscall(
            libc::SYS_openat2,
            dir,
            c.as_ptr(),
            &how as *const libc::open_how,
            std::mem::size_of::<libc::open_how>(),
        )
    };
    owned(fd as libc::c_int)
}

/// Whether openat2 answers at all (checked once): an EPERM from it may be a seccomp filter
/// that does not know the call, or a real refusal.
#[cfg(target_os = "linux")]
fn openat2_works() -> bool {
    static WORKS: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *WORKS.get_or_init(|| {
        Dir::open(Path::new("/")).is_ok_and(|root| {
            openat2(
                root.raw(),
                Path::new("."),
                libc::O_RDONLY | libc::O_DIRECTORY | libc::O_CLOEXEC,
                Links::Never,
            )
            .is_ok()
        })
    })
}

/// Tests set this to run the walk the kernels without openat2 get.
static FORCE_WALK: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

fn force_walk() -> bool {
    FORCE_WALK.load(std::sync::atomic::Ordering::Relaxed)
}

/// Makes every later resolution use the component walk (for tests of that path).
pub fn use_component_walk(on: bool) {
    FORCE_WALK.store(on, std::sync::atomic::Ordering::Relaxed);
}

/// Resolves `rel` one component at a time, each opened with `O_NOFOLLOW` from the folder
/// before it. A link is read with `readlinkat` on that same open folder and its target
/// resolved in turn: an absolute target, or `..` above the starting folder, is refused.
fn walk(base: &Dir, rel: &Path, flags: libc::c_int, links: Links) -> io::Result<OwnedFd> {
    // The open folders from `base` down to where the walk is; `..` pops one.
    let mut stack: Vec<OwnedFd> = vec![base.fd.try_clone()?];
    let mut todo: Vec<std::ffi::OsString> = rel
        .components()
        .rev()
        .map(|c| c.as_os_str().to_os_string())
        .collect();
    let mut followed = 0;
    while let Some(name) = todo.pop() {
        let last = todo.is_empty();
        if name == ".." {
            if stack.len() == 1 {
                return Err(escapes());
            }
            stack.pop();
            if last {
                return Ok(stack.pop().expect("a folder"));
            }
            continue;
        }
        if name == "." || name.is_empty() {
            if last {
                return Ok(stack.pop().expect("a folder"));
            }
            continue;
        }
        let parent = stack.last().expect("a folder").as_raw_fd();
        let c = cstr(&name)?;
        let step_flags = if last {
            flags | libc::O_NOFOLLOW
        } else {
            libc::O_RDONLY | libc::O_DIRECTORY | libc::O_NOFOLLOW | libc::O_CLOEXEC
        };
        // SAFETY: openat(2) relative to a folder we hold open.
        let fd = unsafe { libc::openat(parent, c.as_ptr(), step_flags, 0) };
        match owned(fd) {
            Ok(fd) if last => return Ok(fd),
            Ok(fd) => stack.push(fd),
            Err(e) if is_link_refusal(&e) => {
                let target = read_link(parent, &c)?;
                if links == Links::Never {
                    return Err(io::Error::from_raw_os_error(libc::ELOOP));
                }
                followed += 1;
                if followed > MAX_LINKS || target.is_absolute() {
                    return Err(escapes());
                }
                todo.extend(
                    target
                        .components()
                        .rev()
                        .map(|c| c.as_os_str().to_os_string()),
                );
            }
            Err(e) => return Err(e),
        }
    }
    Ok(stack.pop().expect("a folder"))
}

/// O_NOFOLLOW on a link gives ELOOP, O_DIRECTORY|O_NOFOLLOW may give ENOTDIR: either way,
/// the caller reads the entry as a link if it is one.
fn is_link_refusal(e: &io::Error) -> bool {
    matches!(e.raw_os_error(), Some(libc::ELOOP) | Some(libc::ENOTDIR))
}

/// The target of the link `name` in folder `dir`; an entry that is no link keeps the error
/// that brought us here (a file where a folder was needed).
fn read_link(dir: RawFd, name: &CStr) -> io::Result<PathBuf> {
    let mut buf = vec![0u8; 4096];
    // SAFETY: readlinkat(2) into a buffer of the length we pass.
    let n = unsafe { libc::readlinkat(dir, name.as_ptr(), buf.as_mut_ptr().cast(), buf.len()) };
    if n < 0 {
        let e = io::Error::last_os_error();
        return Err(if e.raw_os_error() == Some(libc::EINVAL) {
            io::Error::from_raw_os_error(libc::ENOTDIR)
        } else {
            e
        });
    }
    buf.truncate(n as usize);
    Ok(PathBuf::from(OsStr::from_bytes(&buf)))
}

fn escapes() -> io::Error {
    io::Error::from_raw_os_error(libc::EXDEV)
}

fn cstr(s: &OsStr) -> io::Result<CString> {
    CString::new(s.as_bytes()).map_err(|_| io::ErrorKind::InvalidInput.into())
}

fn owned(fd: libc::c_int) -> io::Result<OwnedFd> {
    if fd < 0 {
        Err(io::Error::last_os_error())
    } else {
        // SAFETY: a descriptor the kernel just gave us, owned by nobody else.
        Ok(unsafe { OwnedFd::from_raw_fd(fd) })
    }
}

fn check(result: libc::c_int) -> io::Result<()> {
    if result < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(())
    }
}

/// The kind and identity of an open file.
pub fn fstat(fd: BorrowedFd<'_>) -> io::Result<libc::stat> {
    // SAFETY: fstat(2) into a zeroed struct we own.
    unsafe {
        let mut st = std::mem::zeroed::<libc::stat>();
        check(libc::fstat(fd.as_raw_fd(), &mut st))?;
        Ok(st)
    }
}

/// Whether `st` describes a folder.
pub fn is_dir(st: &libc::stat) -> bool {
    st.st_mode & libc::S_IFMT == libc::S_IFDIR
}

/// Whether `st` describes a regular file.
pub fn is_file(st: &libc::stat) -> bool {
    st.st_mode & libc::S_IFMT == libc::S_IFREG
}

/// Whether `st` describes a symbolic link.
pub fn is_link(st: &libc::stat) -> bool {
    st.st_mode & libc::S_IFMT == libc::S_IFLNK
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;
    use std::os::unix::fs::symlink;

    /// A site-like folder: `root/static/a.txt`, a link inside it, links that climb out.
    fn tree() -> tempfile::TempDir {
        let t = tempfile::tempdir().unwrap();
        let root = t.path().join("root");
        std::fs::create_dir_all(root.join("static/sub")).unwrap();
        std::fs::write(root.join("static/a.txt"), "a").unwrap();
        std::fs::write(root.join("config.toml"), "secret").unwrap();
        std::fs::write(t.path().join("outside.txt"), "outside").unwrap();
        symlink("a.txt", root.join("static/inside")).unwrap();
        symlink("../config.toml", root.join("static/up")).unwrap();
        symlink("../../outside.txt", root.join("static/out")).unwrap();
        symlink(t.path().join("outside.txt"), root.join("static/abs")).unwrap();
        symlink("..", root.join("static/sub/parent")).unwrap();
        t
    }

    fn read(dir: &Dir, rel: &str, links: Links) -> io::Result<String> {
        let mut text = String::new();
        dir.open_file(Path::new(rel), links)?
            .read_to_string(&mut text)?;
        Ok(text)
    }

    fn both_ways(check: impl Fn()) {
        use_component_walk(false);
        check();
        use_component_walk(true);
        check();
        use_component_walk(false);
    }

    #[test]
    fn links_are_followed_only_while_they_stay_beneath() {
        let t = tree();
        both_ways(|| {
            let root = Dir::open(&t.path().join("root")).unwrap();
            let stat = root.dir(Path::new("static"), Links::Never).unwrap();
            assert_eq!(read(&root, "static/a.txt", Links::Beneath).unwrap(), "a");
            assert_eq!(read(&root, "static/inside", Links::Beneath).unwrap(), "a");
            assert_eq!(read(&root, "static/up", Links::Beneath).unwrap(), "secret");
            assert_eq!(
                read(&root, "static/sub/parent/a.txt", Links::Beneath).unwrap(),
                "a"
            );
            assert!(read(&stat, "up", Links::Beneath).is_err(), "climbs out");
            assert!(read(&root, "static/out", Links::Beneath).is_err());
            assert!(read(&root, "static/abs", Links::Beneath).is_err());
            for rel in ["static/inside", "static/up", "static/sub/parent/a.txt"] {
                assert!(read(&root, rel, Links::Never).is_err(), "{rel}");
            }
            assert!(root.open_file(Path::new("../x"), Links::Beneath).is_err());
            assert!(root
                .open_file(Path::new("/etc/passwd"), Links::Beneath)
                .is_err());
        });
    }

    #[test]
    fn writing_never_goes_through_a_link() {
        let t = tree();
        let root = Dir::open(&t.path().join("root")).unwrap();
        symlink(t.path(), t.path().join("root/static/sub/away")).unwrap();
        symlink(
            t.path().join("pwned"),
            t.path().join("root/static/dangling"),
        )
        .unwrap();
        both_ways(|| {
            assert!(root.make_dirs(Path::new("static/sub/away/x")).is_err());
            let stat = root.dir(Path::new("static"), Links::Never).unwrap();
            assert!(stat.create_new(OsStr::new("dangling"), 0o644).is_err());
        });
        assert!(!t.path().join("x").exists() && !t.path().join("pwned").exists());
        let made = root.make_dirs(Path::new("static/new/deeper")).unwrap();
        made.create_new(OsStr::new("f"), 0o644).unwrap();
        assert!(t.path().join("root/static/new/deeper/f").is_file());
        root.remove_all(OsStr::new("static")).unwrap();
        assert!(
            t.path().join("outside.txt").exists(),
            "links removed, not followed"
        );
    }
}
