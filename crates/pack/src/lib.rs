//! A cache file of blog's cache folder (the highlighted-code pack, the stored search
//! index), opened when a build starts and replaced whole when it ends.
//!
//! Not read whole and not mapped: a part's bytes are read (`pread`) into memory of our
//! own only when its user asks for them, and checked against the digest the user keeps
//! for them before they are used. A mapped file that another program truncates kills the
//! reader with SIGBUS when it touches a page past the new end, and a digest checked on a
//! shared mapping says nothing about the bytes read a moment later; read into our memory,
//! a pack that shrinks or changes under a running build is a miss, never a crash.
//!
//! Replaced by a rename, never rewritten in place: a build reading meanwhile sees the old
//! pack or the new one, whole, and a killed writer's leftover is named so that the next
//! build removes it. What a pack holds is its user's business.

use std::io::Write;
use std::path::Path;
use std::sync::Arc;

/// A pack larger than this is not one we wrote (a large site's is tens of MB): it is
/// treated as corrupt and never read, so a huge or sparse file costs no time or memory.
const MAX_PACK: u64 = 512 << 20;
/// Temporary packs are named `PACK.tmp-PID-XXXXXX`, so a later build can tell a killed
/// build's leftovers from a running build's pack in progress.
const TEMP_INFIX: &str = ".tmp-";

/// A cache file open for reading, with its length when opened.
#[derive(Debug)]
pub struct PackFile {
    file: std::fs::File,
    /// Nothing past this is read, whatever the file has become since.
    len: u64,
}

impl PackFile {
    pub fn len(&self) -> u64 {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The `len` bytes at `at`, or `None` when the file no longer holds them (it shrank).
    pub fn read_at(&self, at: u64, len: usize) -> Option<Vec<u8>> {
        use std::os::unix::fs::FileExt;
        if at.checked_add(len as u64)? > self.len {
            return None;
        }
        let mut bytes = vec![0; len];
        self.file.read_exact_at(&mut bytes, at).ok()?;
        Some(bytes)
    }
}

/// A part of a pack file (an entry's payload, a stored search file), read when asked for.
#[derive(Debug, Clone)]
pub struct PackSlice {
    pack: Arc<PackFile>,
    at: u64,
    len: usize,
}

impl PackSlice {
    /// The part of `pack` of `len` bytes at `at`.
    pub fn new(pack: &Arc<PackFile>, at: u64, len: usize) -> PackSlice {
        PackSlice {
            pack: pack.clone(),
            at,
            len,
        }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Its bytes, read now, when they hash (blake3) to `sum`; `None` otherwise: the file
    /// was damaged, or changed or shrank since it was opened.
    pub fn read_checked(&self, sum: &[u8; 32]) -> Option<Vec<u8>> {
        let bytes = self.pack.read_at(self.at, self.len)?;
        (blake3::hash(&bytes).as_bytes() == sum).then_some(bytes)
    }
}

/// The pack at `path`, or `None` when there is none or it cannot be ours: not a regular
/// file (a FIFO would block the build forever, so it is opened without waiting), or too
/// large.
pub fn open_pack(path: &Path) -> Option<PackFile> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).ok()?;
    let meta = file.metadata().ok()?;
    if !meta.is_file() || meta.len() > MAX_PACK {
        return None;
    }
    Some(PackFile {
        file,
        len: meta.len(),
    })
}

/// Removes temporary packs whose writer is gone (a build killed while saving).
pub fn remove_dead_temp_files(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some((_, rest)) = name.to_str().and_then(|n| n.split_once(TEMP_INFIX)) else {
            continue;
        };
        let pid = rest.split('-').next().and_then(|p| p.parse::<u32>().ok());
        if pid.is_some_and(|pid| !process_is_alive(pid)) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Writes the pack at `path` through `fill`, into a temporary file renamed over `path`: a
/// build reading meanwhile sees the old pack or the new one, whole, and a killed writer's
/// leftover is named so the next build removes it.
pub fn write_pack(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let dir = path.parent().expect("a cache pack has a folder");
    std::fs::create_dir_all(dir)?;
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let tmp = tempfile::Builder::new()
        .prefix(&format!("{name}{TEMP_INFIX}{}-", std::process::id()))
        .tempfile_in(dir)?;
    let mut out = std::io::BufWriter::new(tmp);
    fill(&mut out)?;
    let tmp = out.into_inner().map_err(|e| e.into_error())?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Whether a process with this id runs.
pub fn process_is_alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    // SAFETY: signal 0 only checks that the process exists; nothing is sent.
    let result = unsafe { libc::kill(pid, 0) };
    result == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}
