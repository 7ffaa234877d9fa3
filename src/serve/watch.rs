//! Watching the site's sources, and turning bursts of file events into batches.
//!
//! Folders are watched, never single files: editors that save by writing a temp file and
//! renaming it over the original (or by deleting and recreating it) replace the file's
//! inode, and a watch on the old inode would go quiet. The watched folders are every
//! language's content folder and [`WATCHED_DIRS`] ([`Sources::watched_dirs`]),
//! recursively; the site root itself is watched flat, for the config files and for a
//! watched folder that appears later (created after `serve` started).

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode};
use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};

use super::change::Sources;
#[cfg(doc)]
use super::change::WATCHED_DIRS;

pub struct SiteWatcher {
    inner: RecommendedWatcher,
    watching: BTreeSet<PathBuf>,
}

impl SiteWatcher {
    /// Starts watching the site's `sources`; every changed path is sent on `events`.
    pub fn new(sources: &Sources, events: Sender<PathBuf>) -> notify::Result<SiteWatcher> {
        let inner = notify::recommended_watcher(move |result: notify::Result<notify::Event>| {
            let Ok(event) = result else { return };
            if matters(&event.kind) {
                for path in event.paths {
                    let _ = events.send(path);
                }
            }
        })?;
        let mut watcher = SiteWatcher {
            inner,
            watching: BTreeSet::new(),
        };
        watcher
            .inner
            .watch(&sources.root, RecursiveMode::NonRecursive)?;
        watcher.refresh(&[], sources)?;
        Ok(watcher)
    }

    /// Brings the watches up to date after a batch of `changed` paths: a watched folder that
    /// was itself removed, created or replaced (`git checkout`, `rm -r` and restore) is watched
    /// afresh, since a watch dies with the folder it was on; a folder that did not exist at
    /// start is watched once it appears, and so is a content folder the configuration
    /// names after an edit (`sources`).
    pub fn refresh(&mut self, changed: &[PathBuf], sources: &Sources) -> notify::Result<()> {
        for path in changed {
            if self.watching.remove(path) {
                let _ = self.inner.unwatch(path);
            }
        }
        for dir in sources.watched_dirs() {
            if dir.is_dir() && !self.watching.contains(&dir) {
                self.inner.watch(&dir, RecursiveMode::Recursive)?;
                self.watching.insert(dir);
            }
        }
        Ok(())
    }
}

/// Reads and opens do not change anything; writes, creations, removals and renames do (a
/// closed-after-writing event is the moment a plain save is complete).
fn matters(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// Waits for the next change, then keeps collecting until `quiet` passes without another
/// one (or `longest` since the first), so a save that touches several files, or a burst of
/// saves, becomes one rebuild. Returns the distinct paths in order; None when the sender is
/// gone.
pub fn next_batch(
    events: &Receiver<PathBuf>,
    quiet: Duration,
    longest: Duration,
) -> Option<Vec<PathBuf>> {
    let first = events.recv().ok()?;
    let started = Instant::now();
    let mut paths = BTreeSet::from([first]);
    loop {
        let left = longest.saturating_sub(started.elapsed());
        if left.is_zero() {
            break;
        }
        match events.recv_timeout(quiet.min(left)) {
            Ok(path) => {
                paths.insert(path);
            }
            Err(RecvTimeoutError::Timeout) => break,
            Err(RecvTimeoutError::Disconnected) => break,
        }
    }
    Some(paths.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    #[test]
    fn a_burst_becomes_one_batch() {
        let (tx, rx) = mpsc::channel();
        for name in ["b", "a", "b", "c"] {
            tx.send(PathBuf::from(name)).unwrap();
        }
        let batch = next_batch(&rx, Duration::from_millis(30), Duration::from_secs(1)).unwrap();
        assert_eq!(batch, ["a", "b", "c"].map(PathBuf::from));

        // Events that keep coming are cut off after `longest`.
        let sender = std::thread::spawn(move || {
            for _ in 0..40 {
                tx.send(PathBuf::from("x")).unwrap();
                std::thread::sleep(Duration::from_millis(10));
            }
        });
        let started = Instant::now();
        next_batch(&rx, Duration::from_millis(50), Duration::from_millis(150)).unwrap();
        assert!(started.elapsed() < Duration::from_millis(350));
        sender.join().unwrap();
        while rx.try_recv().is_ok() {}
        assert!(next_batch(&rx, Duration::from_millis(10), Duration::from_millis(10)).is_none());
    }

    #[test]
    fn saves_renames_and_replaced_folders_are_seen() {
        let site = tempfile::tempdir().unwrap();
        let root = site.path().canonicalize().unwrap();
        std::fs::create_dir_all(root.join("content/post")).unwrap();
        std::fs::write(root.join("content/post/x.md"), "one").unwrap();
        let (tx, rx) = mpsc::channel();
        let sources = Sources::new(&root);
        let mut watcher = SiteWatcher::new(&sources, tx).unwrap();

        // What vim and many editors do: write a temp file, rename it over the original.
        let temp = root.join("content/post/.x.md.tmp");
        std::fs::write(&temp, "two").unwrap();
        std::fs::rename(&temp, root.join("content/post/x.md")).unwrap();
        let batch = wait_for_batch(&rx);
        assert!(batch.contains(&root.join("content/post/x.md")), "{batch:?}");

        // A second save after the rename is still seen: the folder is watched, not the inode.
        std::fs::write(root.join("content/post/x.md"), "three").unwrap();
        let batch = wait_for_batch(&rx);
        assert!(batch.contains(&root.join("content/post/x.md")), "{batch:?}");

        // Config files at the root are seen.
        std::fs::write(root.join("config.toml"), "").unwrap();
        let batch = wait_for_batch(&rx);
        assert!(batch.contains(&root.join("config.toml")), "{batch:?}");

        // A watched folder created later is picked up after a refresh.
        std::fs::create_dir(root.join("templates")).unwrap();
        watcher.refresh(&wait_for_batch(&rx), &sources).unwrap();
        std::fs::write(root.join("templates/page.html"), "x").unwrap();
        let batch = wait_for_batch(&rx);
        assert!(
            batch.contains(&root.join("templates/page.html")),
            "{batch:?}"
        );

        // A watched folder removed and restored (a git checkout) is watched again.
        std::fs::remove_dir_all(root.join("content")).unwrap();
        std::fs::create_dir_all(root.join("content/post")).unwrap();
        watcher.refresh(&wait_for_batch(&rx), &sources).unwrap();
        std::fs::write(root.join("content/post/y.md"), "new").unwrap();
        let batch = wait_for_batch(&rx);
        assert!(batch.contains(&root.join("content/post/y.md")), "{batch:?}");
    }

    /// Every path reported within 200 ms of the first one (which must come within 5 s).
    fn wait_for_batch(rx: &Receiver<PathBuf>) -> Vec<PathBuf> {
        let first = rx
            .recv_timeout(Duration::from_secs(5))
            .expect("a file event within 5 s");
        let mut batch = vec![first];
        while let Ok(path) = rx.recv_timeout(Duration::from_millis(200)) {
            batch.push(path);
        }
        batch
    }
}
