//! A cache file of blog's cache folder (the highlighted-code pack, the stored search
//! index), mapped into memory when a build starts and replaced whole when it ends.
//!
//! Mapped, not read: the kernel lends its cached pages instead of copying them into new
//! memory, which it would have to clear first. Replaced by a rename, never rewritten in
//! place: a build reading meanwhile sees the old pack or the new one, whole, and a killed
//! writer's leftover is named so that the next build removes it. What a pack holds, and how
//! its entries are checked, is its user's business.

use std::io::Write;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

/// A pack larger than this is not one we wrote (a large site's is tens of MB): it is
/// treated as corrupt and never read, so a huge or sparse file costs no time or memory.
const MAX_PACK: u64 = 512 << 20;
/// Temporary packs are named `PACK.tmp-PID-XXXXXX`, so a later build can tell a killed
/// build's leftovers from a running build's pack in progress.
const TEMP_INFIX: &str = ".tmp-";

/// A cache file, mapped into memory (or empty).
#[derive(Debug)]
pub enum Pack {
    Mapped(memmap2::Mmap),
    Empty,
}

/// A part of a mapped pack (an entry's payload, a stored search file), which keeps the
/// map alive: used in place, never copied.
#[derive(Debug, Clone)]
pub struct PackSlice {
    pack: Arc<Pack>,
    range: Range<usize>,
}

impl PackSlice {
    /// The bytes of `pack` in `range`, which must lie within it.
    pub fn new(pack: &Arc<Pack>, range: Range<usize>) -> PackSlice {
        assert!(range.end <= pack.len(), "a slice within its pack");
        PackSlice {
            pack: pack.clone(),
            range,
        }
    }
}

impl std::ops::Deref for PackSlice {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.pack[self.range.clone()]
    }
}

impl std::ops::Deref for Pack {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            Pack::Mapped(map) => map,
            Pack::Empty => &[],
        }
    }
}

/// The pack's bytes, or `None` when there is none or it cannot be ours: not a regular file
/// (a FIFO would block the build forever, so it is opened without waiting), or too large.
/// Mapped rather than read: the kernel lends its cached pages instead of copying them into
/// new memory, which it would have to clear first.
pub fn map_pack(path: &Path) -> Option<Pack> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).ok()?;
    let meta = file.metadata().ok()?;
    if !meta.is_file() || meta.len() > MAX_PACK {
        return None;
    }
    if meta.len() == 0 {
        return Some(Pack::Empty);
    }
    // SAFETY: a mapped file that shrinks under the map faults on access. Packs are only
    // ever replaced whole, by renaming a new file over the old (`write_pack`), which leaves
    // the mapped file as it was; nothing of ours truncates or rewrites one in place.
    let map = unsafe { memmap2::MmapOptions::new().populate().map(&file) }.ok()?;
    Some(Pack::Mapped(map))
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

/// Whether a process with this id runs (on other systems: assume not, so leftovers go).
pub fn process_is_alive(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return false;
        };
        // SAFETY: signal 0 only checks that the process exists; nothing is sent.
        let result = unsafe { libc::kill(pid, 0) };
        result == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        false
    }
}
