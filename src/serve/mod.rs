//! `blog serve`: build in memory, serve over HTTP, watch, rebuild and reload the browser.
//!
//! The steps, as [`serve`] runs them: bind the port (so `-p 0` can pick one and the links
//! know it), render the site in memory with the local base URL, start a few HTTP workers
//! ([`http`]), start the watcher ([`watch`]) and the rebuild loop, then wait for Ctrl+C.
//! Nothing is ever written to `public/`, so drafts shown by `serve -D` cannot leak into the
//! published site.
//!
//! The served site is an `Arc` behind a lock: a rebuild renders a whole new site and swaps it
//! in at once, so a request sees the old site or the new one, never half of each. A failed
//! rebuild swaps nothing: the last good site stays up, the error goes to the terminal and, as
//! an overlay, to every open page ([`reload`]).

pub mod change;
pub mod http;
pub mod reload;
pub mod server;
pub mod watch;

use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use anyhow::Context as _;

use crate::site::{BuildOptions, SearchRefresh, Site};
use crate::RenderedSite;
use change::ChangeKind;
use reload::{Event, Hub, Problem};

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub build: BuildOptions,
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    /// Open the browser once the first build is served.
    pub open: bool,
}

/// How long the file system must be quiet before a batch of changes is rebuilt.
const DEBOUNCE: Duration = Duration::from_millis(60);
/// The longest a steady stream of changes can delay a rebuild.
const LONGEST_BATCH: Duration = Duration::from_millis(500);
const HEARTBEAT: Duration = Duration::from_secs(10);

/// The site being served: what the build produced, and which build it was.
pub struct Served {
    pub site: Arc<RenderedSite>,
    /// Counts successful builds; pages compare it to know whether they are stale.
    pub generation: u64,
}

/// What the workers and the rebuild loop share.
pub struct State {
    /// The site root, canonical.
    pub root: PathBuf,
    /// The folders copied files must resolve into, links followed (see
    /// [`crate::content::publishable_roots`]).
    pub roots: Vec<PathBuf>,
    /// The site's folder, open: copied files are opened beneath it.
    pub root_dir: Option<crate::beneath::Dir>,
    /// How many descriptors connections and event streams may hold together.
    pub descriptors: usize,
    pub build: BuildOptions,
    served: RwLock<Arc<Served>>,
    /// The last good site as loaded, kept so that an edit to a post can update it in place
    /// instead of loading and rendering everything again.
    kept: Mutex<Option<Site>>,
    pub hub: Hub,
}

/// What a successful rebuild did, for the terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rebuilt {
    /// The site was rendered again.
    Rendered,
    /// Only copied files changed on disk; they are read per request, so nothing was rendered.
    Reused,
}

impl State {
    pub fn new(root: PathBuf, build: BuildOptions, site: RenderedSite) -> State {
        let descriptors = server::descriptor_budget();
        State {
            roots: crate::content::publishable_roots(&root),
            root_dir: crate::beneath::Dir::open(&root).ok(),
            root,
            descriptors,
            build,
            served: RwLock::new(Arc::new(Served {
                site: Arc::new(site),
                generation: 1,
            })),
            kept: Mutex::new(None),
            hub: Hub::with_capacity(reload::MAX_CLIENTS.min(descriptors)),
        }
    }

    /// The site to answer a request from.
    pub fn current(&self) -> Arc<Served> {
        self.served.read().unwrap().clone()
    }

    /// Rebuilds after a change of `kind` to `paths`, swaps the new site in, and tells the
    /// open pages: a stylesheet swap for CSS, a reload otherwise, an overlay on failure.
    /// An edit to existing posts re-renders only what shows them ([`Site::update`]);
    /// anything else renders the whole site.
    pub fn rebuild(&self, kind: ChangeKind, paths: &[PathBuf]) -> crate::Result<Rebuilt> {
        let current = self.current();
        let (site, how) = if self.only_copies_changed(kind, &current.site, paths) {
            (current.site.clone(), Rebuilt::Reused)
        } else {
            match self.render(kind, paths, &current.site) {
                Ok(site) => (Arc::new(site), Rebuilt::Rendered),
                Err(e) => {
                    self.hub
                        .broadcast(&Event::BuildError(Problem::from_error(&e)));
                    return Err(e);
                }
            }
        };
        let generation = current.generation + 1;
        *self.served.write().unwrap() = Arc::new(Served { site, generation });
        if self.hub.has_errors() {
            self.hub.broadcast(&Event::BuildOk);
        }
        self.hub.broadcast(&if kind == ChangeKind::Css {
            Event::Css { generation }
        } else {
            Event::Reload { generation }
        });
        Ok(how)
    }

    /// Brings the search index up to date after an incremental update of content, once the
    /// reload has gone out (the caller runs it after [`State::rebuild`], on a thread of its
    /// own, so neither the reload nor the next rebuild waits for it): the edited notes are
    /// indexed again and only the index files whose bytes changed are swapped in, without
    /// a new generation, so no page reloads twice. Says whether the index changed.
    ///
    /// The site stays locked while the index is updated and swapped in, so an update
    /// always starts from the files served; a rebuild waits for it at most the few
    /// milliseconds an update takes.
    pub fn refresh_search_index(&self, kind: ChangeKind, how: Rebuilt) -> bool {
        if kind != ChangeKind::Content || how != Rebuilt::Rendered {
            return false;
        }
        let kept = self.kept.lock().unwrap();
        let Some(kept) = kept.as_ref() else {
            return false;
        };
        let current = self.current();
        let refresh = kept.refresh_search(&|path| current.site.files.get(path).cloned());
        let unchanged = match &refresh {
            SearchRefresh::Delta { changed, removed } => changed.is_empty() && removed.is_empty(),
            SearchRefresh::Whole(files) => files
                .iter()
                .all(|(path, bytes)| current.site.files.get(path) == Some(bytes)),
        };
        if unchanged {
            return false;
        }
        // Applied to the site served now: a rebuild that finished meanwhile was rendered
        // from the site this update started from (the kept site is locked until here), so
        // its index files are the ones this update replaces.
        let mut served = self.served.write().unwrap();
        let mut site = (*served.site).clone();
        match refresh {
            SearchRefresh::Delta { changed, removed } => {
                for path in removed {
                    site.files.remove(&path);
                }
                site.files.extend(changed);
            }
            SearchRefresh::Whole(files) => {
                site.files
                    .retain(|path, _| !kept.is_search_index_file(path));
                site.files.extend(files);
            }
        }
        *served = Arc::new(Served {
            site: Arc::new(site),
            generation: served.generation,
        });
        true
    }

    /// Renders after a change: incrementally when only posts were edited and the site was
    /// good (with an error showing, a full render is the only way to know it is gone),
    /// otherwise by loading and rendering the whole site, which is then kept.
    fn render(
        &self,
        kind: ChangeKind,
        paths: &[PathBuf],
        current: &RenderedSite,
    ) -> crate::Result<RenderedSite> {
        let mut kept = self.kept.lock().unwrap();
        if kind == ChangeKind::Content && !self.hub.has_errors() {
            if let Some(site) = kept.as_mut() {
                if let Some(delta) = site.update(paths)? {
                    let started = Instant::now();
                    let mut next = current.clone();
                    if std::env::var_os("BLOG_TIMINGS").is_some() {
                        eprintln!(
                            "{:>8.1} ms  update: copy the served site",
                            started.elapsed().as_secs_f64() * 1000.0
                        );
                    }
                    next.files.extend(delta.files);
                    next.warnings = delta.warnings;
                    warn_broken_links(site, &next, paths);
                    return Ok(next);
                }
            }
        }
        *kept = None;
        let site = Site::load(&self.build)?;
        let (rendered, _) = site.render()?;
        warn_broken_links(&site, &rendered, paths);
        *kept = Some(site);
        Ok(rendered)
    }

    /// Keeps a loaded site for incremental updates.
    fn keep(&self, site: Site) {
        *self.kept.lock().unwrap() = Some(site);
    }

    /// True when every changed path is an existing file the site copies as it is: then the
    /// served site is still right, since copies are read from disk per request.
    fn only_copies_changed(
        &self,
        kind: ChangeKind,
        site: &RenderedSite,
        paths: &[PathBuf],
    ) -> bool {
        if kind > ChangeKind::Static || self.hub.has_errors() {
            return false;
        }
        let sources: Vec<PathBuf> = site
            .copies
            .values()
            .filter_map(|s| self.root.join(s).canonicalize().ok())
            .collect();
        paths.iter().all(|p| {
            p.canonicalize()
                .is_ok_and(|p| p.is_file() && sources.contains(&p))
        })
    }
}

/// Prints the broken internal links of the pages of the edited files, as warnings: the
/// writer sees them while writing, not at deploy time.
fn warn_broken_links(site: &Site, rendered: &RenderedSite, paths: &[PathBuf]) {
    for problem in crate::check::broken_links_of(site, rendered, paths) {
        eprintln!("Warning: {problem}");
    }
}

/// Runs the dev server until Ctrl+C.
pub fn serve(options: &ServeOptions) -> anyhow::Result<()> {
    // Before anything is printed: a Ctrl+C right after the address appears must still stop
    // the server cleanly rather than kill it.
    let stop = ctrl_c_channel()?;
    let root = options
        .build
        .source
        .canonicalize()
        .with_context(|| format!("{}: cannot open the site", options.build.source.display()))?;
    let listener = server::bind(options.bind, options.port)?;
    let port = listener.local_addr().map_or(options.port, |a| a.port());
    let url = local_url(options.bind, port);
    let mut build = options.build.clone();
    build.source = root.clone();
    build.base_url = Some(build.base_url.unwrap_or_else(|| url.clone()));
    raise_file_limit();

    // Watch before the first build, so a save made while it runs is not lost.
    let (changes, changed) = mpsc::channel();
    let sources = change::Sources::read(&build);
    let watcher = watch::SiteWatcher::new(&sources, changes)
        .with_context(|| format!("{}: cannot watch", root.display()))?;
    let started = Instant::now();
    let state = Arc::new(first_build(&root, build));
    server::spawn(listener, state.clone(), server::Limits::default());
    start_heartbeat(state.clone());
    start_rebuilding(state.clone(), watcher, sources, changed);

    println!("Built in {} ms", started.elapsed().as_millis());
    println!(
        "Web Server is available at {url} (bind address {})",
        options.bind
    );
    if !options.bind.is_loopback() {
        eprintln!(
            "Warning: bound to {}, not loopback: the site{} can be read by anyone on the network. Use --bind 127.0.0.1 to keep it on this machine.",
            options.bind,
            if options.build.drafts { ", drafts included," } else { "" }
        );
    }
    println!("Press Ctrl+C to stop");
    if options.open {
        open_browser(&url);
    }
    let _ = stop.recv();
    println!("\nStopped.");
    Ok(())
}

/// Raises the soft limit on open files to the hard one (as Go programs do at start): every
/// open tab holds a socket, and the common soft limit of 1024 is low for a burst. The
/// server survives running out either way; this only makes it rarer.
#[cfg(unix)]
fn raise_file_limit() {
    // SAFETY: getrlimit/setrlimit read and write a plain struct we own.
    unsafe {
        let mut limit = std::mem::zeroed::<libc::rlimit>();
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) == 0 && limit.rlim_cur < limit.rlim_max
        {
            limit.rlim_cur = limit.rlim_max;
            let _ = libc::setrlimit(libc::RLIMIT_NOFILE, &limit);
        }
    }
}

#[cfg(not(unix))]
fn raise_file_limit() {}

/// The first build. When it fails there is no good site yet: serve an empty one and show the
/// error, so fixing the file brings the site up without restarting.
fn first_build(root: &Path, build: BuildOptions) -> State {
    match Site::load(&build).and_then(|site| site.render().map(|(r, _)| (site, r))) {
        Ok((site, rendered)) => {
            for warning in &rendered.warnings {
                eprintln!("Warning: {warning}");
            }
            let state = State::new(root.to_path_buf(), build, rendered);
            state.keep(site);
            state
        }
        Err(e) => {
            eprintln!("Error: {e}");
            let state = State::new(root.to_path_buf(), build, RenderedSite::default());
            state
                .hub
                .broadcast(&Event::BuildError(Problem::from_error(&e)));
            state
        }
    }
}

/// The address pages link to: the bind address, or loopback when bound to every interface.
fn local_url(bind: IpAddr, port: u16) -> String {
    match bind {
        IpAddr::V4(ip) if ip.is_unspecified() => format!("http://127.0.0.1:{port}/"),
        IpAddr::V6(ip) if ip.is_unspecified() => format!("http://[::1]:{port}/"),
        IpAddr::V4(ip) => format!("http://{ip}:{port}/"),
        IpAddr::V6(ip) => format!("http://[{ip}]:{port}/"),
    }
}

fn start_heartbeat(state: Arc<State>) {
    std::thread::spawn(move || loop {
        std::thread::sleep(HEARTBEAT);
        state.hub.heartbeat();
    });
}

/// Runs the rebuild loop on its own thread: each batch of changes from the watcher is
/// classified and rebuilt. A config edit may name other content folders: they are read
/// again from it, and watched.
fn start_rebuilding(
    state: Arc<State>,
    mut watcher: watch::SiteWatcher,
    mut sources: change::Sources,
    changed: mpsc::Receiver<PathBuf>,
) {
    let rebuilding = std::thread::Builder::new()
        .name("rebuild".into())
        .stack_size(crate::templates::RENDER_STACK);
    let thread = rebuilding.spawn(move || {
        while let Some(paths) = watch::next_batch(&changed, DEBOUNCE, LONGEST_BATCH) {
            if change::classify_all(&sources, &paths) == Some(ChangeKind::Config) {
                sources = change::Sources::read(&state.build);
            }
            if let Err(e) = watcher.refresh(&paths, &sources) {
                eprintln!("Warning: cannot watch a new folder: {e}");
            }
            let Some(kind) = change::classify_all(&sources, &paths) else {
                continue;
            };
            let started = Instant::now();
            match state.rebuild(kind, &paths) {
                Ok(how) => {
                    println!(
                        "Change detected ({}), rebuilt in {} ms",
                        describe(&sources, kind, &paths),
                        started.elapsed().as_millis()
                    );
                    // On a thread of its own: the next batch of changes is rebuilt as soon
                    // as it comes, never after the index.
                    let state = state.clone();
                    std::thread::spawn(move || {
                        let indexing = Instant::now();
                        if state.refresh_search_index(kind, how) {
                            println!(
                                "Search index updated in {} ms",
                                indexing.elapsed().as_millis()
                            );
                        }
                    });
                }
                Err(e) => eprintln!("Error: {e}\nServing the last good build."),
            }
        }
    });
    thread.expect("start the rebuild thread");
}

/// `content: content/post/x.md` or `css: 3 files`, for the terminal.
fn describe(sources: &change::Sources, kind: ChangeKind, paths: &[PathBuf]) -> String {
    let relevant: Vec<&PathBuf> = paths
        .iter()
        .filter(|p| change::classify(sources, p).is_some())
        .collect();
    let what = match relevant.as_slice() {
        [one] => one
            .strip_prefix(&sources.root)
            .unwrap_or(one)
            .display()
            .to_string(),
        many => format!("{} files", many.len()),
    };
    format!("{}: {what}", format!("{kind:?}").to_lowercase())
}

/// A channel that receives a message when Ctrl+C is pressed.
fn ctrl_c_channel() -> anyhow::Result<mpsc::Receiver<()>> {
    let (tx, rx) = mpsc::channel();
    ctrlc::set_handler(move || {
        let _ = tx.send(());
    })
    .context("cannot handle Ctrl+C")?;
    Ok(rx)
}

fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(opener).arg(url).spawn() {
        eprintln!("Warning: cannot open a browser ({opener}): {e}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};

    #[test]
    fn local_urls_name_a_reachable_address() {
        assert_eq!(
            local_url("127.0.0.1".parse().unwrap(), 1313),
            "http://127.0.0.1:1313/"
        );
        assert_eq!(
            local_url("0.0.0.0".parse().unwrap(), 80),
            "http://127.0.0.1:80/"
        );
        assert_eq!(local_url("::1".parse().unwrap(), 8), "http://[::1]:8/");
    }

    /// A running server over a site built by hand, on a free port.
    fn start(site: RenderedSite, root: &Path) -> (Arc<State>, String) {
        let listener = server::bind("127.0.0.1".parse().unwrap(), 0).unwrap();
        let addr = listener.local_addr().unwrap().to_string();
        let state = Arc::new(State::new(
            root.canonicalize().unwrap(),
            BuildOptions::new(root),
            site,
        ));
        server::spawn(listener, state.clone(), server::Limits::default());
        (state, addr)
    }

    fn get(addr: &str, path: &str) -> String {
        let mut stream = std::net::TcpStream::connect(addr).unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut text = String::new();
        stream.read_to_string(&mut text).unwrap();
        text
    }

    #[test]
    fn serves_files_copies_and_refuses_symlinks_out() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("static")).unwrap();
        std::fs::write(root.join("static/a.txt"), "copied text").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "secret").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(dir.path().join("secret.txt"), root.join("static/link.txt"))
            .unwrap();

        let mut site = RenderedSite::default();
        site.files
            .insert("index.html".into(), b"<body>home</body>".to_vec().into());
        site.files
            .insert("404.html".into(), b"<body>lost</body>".to_vec().into());
        site.copies
            .insert("a.txt".into(), root.join("static/a.txt"));
        site.copies
            .insert("link.txt".into(), root.join("static/link.txt"));
        let (state, addr) = start(site, &root);

        let home = get(&addr, "/");
        assert!(home.starts_with("HTTP/1.1 200"), "{home}");
        assert!(home.contains("text/html; charset=utf-8"));
        assert!(
            home.contains("home<script data-blog-live-reload>"),
            "{home}"
        );
        assert!(get(&addr, "/a.txt").ends_with("\r\n\r\ncopied text"));
        let missing = get(&addr, "/nope/");
        assert!(
            missing.starts_with("HTTP/1.1 404") && missing.contains("lost"),
            "{missing}"
        );
        let link = get(&addr, "/link.txt");
        assert!(
            link.starts_with("HTTP/1.1 404") && !link.contains("secret"),
            "{link}"
        );
        assert!(get(&addr, "/../secret.txt").starts_with("HTTP/1.1 400"));
        assert_eq!(state.current().generation, 1);
    }

    #[test]
    fn a_static_edit_reuses_the_site() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::create_dir_all(root.join("static")).unwrap();
        std::fs::write(root.join("static/a.css"), "a{}").unwrap();
        let mut site = RenderedSite::default();
        site.files
            .insert("index.html".into(), b"home".to_vec().into());
        site.copies
            .insert("a.css".into(), root.join("static/a.css"));
        let (state, _addr) = start(site, &root);

        let how = state
            .rebuild(ChangeKind::Css, &[root.join("static/a.css")])
            .unwrap();
        assert_eq!(how, Rebuilt::Reused);
        let served = state.current();
        assert_eq!(served.generation, 2);
        assert!(served.site.files.contains_key(Path::new("index.html")));
    }
}
