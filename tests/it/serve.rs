//! End-to-end tests: serve. Each test starts `blog serve -p 0` as a child process on a copy
//! of `tests/fixtures/serve/`, reads the URL it prints, and talks to it over raw TCP (raw, so
//! that paths like `/../Cargo.toml` reach the server exactly as written; HTTP clients would
//! normalise them away).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

use tempfile::TempDir;

use crate::browser::Browser;
use crate::common::{blog, fixture, gen_corpus, html, select_attr};

/// A running `blog serve` on a copied fixture; killed when dropped.
struct Serve {
    child: Child,
    /// `127.0.0.1:PORT`.
    addr: String,
    site: TempDir,
    /// Every line the server printed, stdout and stderr.
    log: Arc<Mutex<Vec<String>>>,
}

impl Serve {
    fn start(args: &[&str]) -> Serve {
        Serve::start_in(fixture("serve"), args)
    }

    /// Starts serving `site`, a copied fixture the caller may have changed first.
    fn start_in(site: TempDir, args: &[&str]) -> Serve {
        Serve::start_with(site, args, |_| {})
    }

    /// Starts serving `site` with `adjust` applied to the command first.
    fn start_with(
        site: TempDir,
        args: &[&str],
        adjust: impl FnOnce(&mut std::process::Command),
    ) -> Serve {
        let mut command = blog();
        adjust(&mut command);
        let mut child = command
            .arg("serve")
            .args(["-p", "0"])
            .args(args)
            .current_dir(site.path())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start blog serve");
        let log = Arc::new(Mutex::new(Vec::new()));
        let (tx, rx) = mpsc::channel();
        collect_lines(child.stdout.take().unwrap(), log.clone(), Some(tx));
        collect_lines(child.stderr.take().unwrap(), log.clone(), None);
        let addr = match rx.recv_timeout(Duration::from_secs(30)) {
            Ok(addr) => addr,
            Err(_) => {
                let _ = child.kill();
                panic!("serve did not start:\n{}", log.lock().unwrap().join("\n"));
            }
        };
        Serve {
            child,
            addr,
            site,
            log,
        }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.site.path().join(rel)
    }

    fn get(&self, target: &str) -> Reply {
        get(&self.addr, target)
    }

    fn log(&self) -> String {
        self.log.lock().unwrap().join("\n")
    }

    /// Waits until the terminal output contains `text`. The server tells open pages first and
    /// the terminal after, so a line may trail the event a test has just seen.
    fn wait_for_log(&self, text: &str, timeout: Duration) -> bool {
        let started = Instant::now();
        while !self.log().contains(text) {
            if started.elapsed() > timeout {
                return false;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        true
    }

    /// Waits until the terminal output holds `count` lines with `text`.
    fn wait_for_log_count(&self, text: &str, count: usize, timeout: Duration) -> bool {
        let started = Instant::now();
        while self.log().matches(text).count() < count {
            if started.elapsed() > timeout {
                return false;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        true
    }

    /// Polls `target` until its body contains `text`; returns how long that took.
    fn wait_for_text(&self, target: &str, text: &str, timeout: Duration) -> Duration {
        let started = Instant::now();
        loop {
            let reply = self.get(target);
            if reply.body.contains(text) {
                return started.elapsed();
            }
            assert!(
                started.elapsed() < timeout,
                "{target} did not show {text:?} within {timeout:?}; last reply:\n{}\nlog:\n{}",
                reply.body,
                self.log()
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// An open events stream, read on a thread into a shared string.
    fn events(&self) -> Events {
        let mut stream = TcpStream::connect(&self.addr).unwrap();
        write!(
            stream,
            "GET /__blog/events HTTP/1.1\r\nHost: t\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        let text = Arc::new(Mutex::new(String::new()));
        let sink = text.clone();
        let reader = stream.try_clone().unwrap();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(reader);
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 0) {
                sink.lock().unwrap().push_str(&line);
                line.clear();
            }
        });
        let events = Events {
            text,
            _stream: stream,
        };
        events.wait_for("event: hello", Duration::from_secs(5));
        events
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Events {
    text: Arc<Mutex<String>>,
    _stream: TcpStream,
}

impl Events {
    /// Waits until the stream has carried a whole event containing `needle`; returns all
    /// the stream's text so far.
    fn wait_for(&self, needle: &str, timeout: Duration) -> String {
        let started = Instant::now();
        loop {
            let text = self.text.lock().unwrap().clone();
            // The event must be complete: its data line arrives after the name.
            let complete = text
                .find(needle)
                .is_some_and(|at| text[at..].contains("\n\n"));
            if complete {
                return text;
            }
            assert!(
                started.elapsed() < timeout,
                "no {needle:?} on the events stream within {timeout:?}:\n{text}"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

fn collect_lines(
    from: impl Read + Send + 'static,
    log: Arc<Mutex<Vec<String>>>,
    url: Option<mpsc::Sender<String>>,
) {
    std::thread::spawn(move || {
        for line in BufReader::new(from).lines() {
            let Ok(line) = line else { break };
            if let Some(tx) = &url {
                if let Some(rest) = line.strip_prefix("Web Server is available at http://") {
                    let addr = rest.split('/').next().unwrap_or("").to_string();
                    let _ = tx.send(addr);
                }
            }
            log.lock().unwrap().push(line);
        }
    });
}

struct Reply {
    status: u16,
    head: String,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|line| {
            let (n, v) = line.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }
}

/// One raw HTTP/1.1 GET; `target` goes on the request line exactly as given.
fn get(addr: &str, target: &str) -> Reply {
    let mut stream = TcpStream::connect(addr).unwrap_or_else(|e| panic!("connect {addr}: {e}"));
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line for {target}: {head:?}"));
    Reply {
        status,
        head: head.to_string(),
        body: body.to_string(),
    }
}

fn replace_in(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} has no {from:?}", path.display());
    std::fs::write(path, text.replace(from, to)).unwrap();
}

#[test]
fn serves_pages_drafts_and_404_from_memory() {
    let serve = Serve::start(&["-D"]);
    let home = serve.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("Content-Type").unwrap(),
        "text/html; charset=utf-8"
    );
    assert!(home.body.contains("<script data-blog-live-reload>"));
    let doc = html(&home.body);
    let canonical = select_attr(&doc, "link[rel=canonical]", "href");
    assert_eq!(
        canonical,
        [format!("http://{}/", serve.addr)],
        "links use the local URL"
    );

    let page = serve.get("/post/hello/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("The first version of the hello page."));
    let draft = serve.get("/post/draft-note/");
    assert_eq!(draft.status, 200, "-D serves drafts");
    assert!(draft.body.contains("A draft that only serve -D shows."));

    let redirect = serve.get("/post/hello");
    assert_eq!(redirect.status, 301);
    assert_eq!(redirect.header("Location").unwrap(), "/post/hello/");

    let css = serve.get("/css/extra.css?v=1");
    assert_eq!(css.status, 200);
    assert_eq!(
        css.header("Content-Type").unwrap(),
        "text/css; charset=utf-8"
    );
    assert_eq!(css.body, "body { --fixture: 1; }\n");
    assert_eq!(
        serve.get("/notes.txt").header("Content-Type").unwrap(),
        "text/plain; charset=utf-8"
    );

    let missing = serve.get("/no/such/page/");
    assert_eq!(missing.status, 404);
    let not_found_page = serve.get("/404.html");
    assert_eq!(not_found_page.status, 200);
    assert_eq!(missing.body, not_found_page.body, "the site's own 404.html");

    assert!(!serve.path("public").exists(), "serve never writes public/");
}

#[test]
fn drafts_stay_hidden_without_d() {
    let serve = Serve::start(&[]);
    assert_eq!(serve.get("/post/hello/").status, 200);
    assert_eq!(serve.get("/post/draft-note/").status, 404);
}

#[test]
fn serve_reads_the_development_config_and_reloads_config_folder_edits() {
    let serve = Serve::start_in(fixture("config-dir"), &[]);
    let home = serve.get("/").body;
    assert!(home.contains("Development description"), "{home}");
    assert!(
        !home.contains("Production title"),
        "serve is development by default"
    );
    replace_in(
        &serve.path("config/development/params.toml"),
        "Development description",
        "Edited description",
    );
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while !serve.get("/").body.contains("Edited description") {
        assert!(std::time::Instant::now() < deadline, "{}", serve.log());
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// A language's own content folder (`contentDir`) is watched: a save there is served, its
/// language alone renders again, and a folder a config edit names later is watched too;
/// so are the translation tables (`i18n/`).
#[test]
fn edits_in_every_language_content_folder_are_served() {
    let site = fixture("languages");
    std::fs::create_dir_all(site.path().join("i18n")).unwrap();
    std::fs::write(site.path().join("i18n/zh.toml"), "mainMenu = \"导航\"\n").unwrap();
    let serve = Serve::start_in(site, &[]);
    // A translation table is watched too.
    assert!(serve.get("/zh/").body.contains("aria-label=\"导航\""));
    replace_in(&serve.path("i18n/zh.toml"), "导航", "站内导航");
    serve.wait_for_text("/zh/", "aria-label=\"站内导航\"", Duration::from_secs(5));

    replace_in(
        &serve.path("content-zh/post/only-zh.md"),
        "只有中文。",
        "只有中文，已修改。",
    );
    serve.wait_for_text("/zh/post/only-zh/", "已修改", Duration::from_secs(5));
    assert!(
        serve.wait_for_log(
            "Change detected (content: content-zh/post/only-zh.md)",
            Duration::from_secs(2)
        ),
        "{}",
        serve.log()
    );
    // A broken link written in another language's page is warned about at its line.
    replace_in(
        &serve.path("content-zh/post/only-zh.md"),
        "已修改。",
        "已修改，[坏链接](/zh/post/nope/)。",
    );
    assert!(
        serve.wait_for_log(
            "link: /zh/post/nope/: no page or file",
            Duration::from_secs(5)
        ),
        "{}",
        serve.log()
    );
    assert!(
        serve
            .log()
            .contains("Warning: content-zh/post/only-zh.md:5:"),
        "{}",
        serve.log()
    );
    // A translated page's text: its translation still links to it.
    replace_in(
        &serve.path("content-zh/post/diaodu.md"),
        "调度器。",
        "调度器的文字。",
    );
    serve.wait_for_text("/zh/post/diaodu/", "调度器的文字", Duration::from_secs(5));
    assert!(serve
        .get("/post/scheduler/")
        .body
        .contains("/zh/post/diaodu/"));
    // Its title: the English page's switcher and hreflang links follow.
    replace_in(
        &serve.path("content-zh/post/diaodu.md"),
        "title: 调度器",
        "title: 调度器源码",
    );
    serve.wait_for_text("/post/scheduler/", "调度器源码", Duration::from_secs(5));

    // The config moves Chinese to a new folder: it is read and watched.
    let moved = serve.path("content.zh");
    std::fs::create_dir_all(moved.join("post")).unwrap();
    std::fs::write(
        moved.join("post/moved.md"),
        "---\ntitle: 搬家\ndate: 2024-01-03\n---\n第一版。\n",
    )
    .unwrap();
    replace_in(
        &serve.path("config.toml"),
        "contentDir = \"content-zh\"",
        "contentDir = \"content.zh\"",
    );
    serve.wait_for_text("/zh/post/moved/", "第一版", Duration::from_secs(10));
    replace_in(&moved.join("post/moved.md"), "第一版", "第二版");
    serve.wait_for_text("/zh/post/moved/", "第二版", Duration::from_secs(5));
}

#[test]
fn paths_out_of_the_site_are_refused() {
    let serve = Serve::start(&["-D"]);
    #[cfg(unix)]
    {
        let outside = serve
            .site
            .path()
            .parent()
            .unwrap()
            .join("outside-secret.txt");
        std::fs::write(&outside, "TOP SECRET").unwrap();
        std::os::unix::fs::symlink(&outside, serve.path("static/leak.txt")).unwrap();
        // Wait for the rebuild that makes the symlink part of the site's copies: before it,
        // a 404 would prove nothing.
        assert!(
            serve.wait_for_log("rebuilt in", Duration::from_secs(5)),
            "{}",
            serve.log()
        );
        let leak = serve.get("/leak.txt");
        assert_ne!(leak.status, 200);
        assert!(!leak.body.contains("TOP SECRET"));
        std::fs::remove_file(outside).unwrap();
    }
    for target in [
        "/../Cargo.toml",
        "/../../../../etc/passwd",
        "/post/../../config.toml",
        "/%2e%2e/config.toml",
        "/%2E%2E%2Fconfig.toml",
        "/..%2fconfig.toml",
        "/static/..%5c..%5cconfig.toml",
        "/%2fetc%2fpasswd",
        "/C:/Windows/win.ini",
        "/index.html%00.css",
    ] {
        let reply = serve.get(target);
        assert_eq!(reply.status, 400, "{target}");
        assert!(
            !reply.body.contains("baseURL") && !reply.body.contains("root:"),
            "{target}"
        );
    }
    // Source files are not part of the built site, so they are simply not found.
    for target in [
        "/config.toml",
        "/content/post/hello.md",
        "/static/notes.txt",
        "//etc/passwd",
    ] {
        assert_eq!(serve.get(target).status, 404, "{target}");
    }
}

#[test]
fn an_edit_is_served_within_a_second() {
    let serve = Serve::start(&["-D"]);
    let events = serve.events();
    replace_in(
        &serve.path("content/post/hello.md"),
        "first version",
        "second version",
    );
    let took = serve.wait_for_text("/post/hello/", "The second version", Duration::from_secs(5));
    assert!(took < Duration::from_secs(1), "served after {took:?}");
    events.wait_for("event: reload", Duration::from_secs(1));
    assert!(
        serve.wait_for_log("rebuilt in", Duration::from_secs(2)),
        "{}",
        serve.log()
    );
}

#[test]
fn the_search_index_finds_saved_words_after_the_reload() {
    let serve = Serve::start(&["-D"]);
    let events = serve.events();
    replace_in(
        &serve.path("content/post/hello.md"),
        "first version",
        "zzsavedword version",
    );
    events.wait_for("event: reload", Duration::from_secs(5));
    // The edited note's new word lands in the chunk `index.json` names for it.
    let started = Instant::now();
    loop {
        let index: serde_json::Value =
            serde_json::from_str(&serve.get("/search/index.json").body).unwrap();
        let firsts = index["chunks"].as_array().unwrap();
        let at = firsts
            .iter()
            .rposition(|f| f.as_str().unwrap() <= "zzsavedword")
            .unwrap_or(0);
        let chunk = format!("/search/c/{}.json", index["names"][at].as_str().unwrap());
        if serve.get(&chunk).body.contains("\"zzsavedword\"") {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "the index never held the saved word:\n{}",
            serve.log()
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// The `N` of every terminal line `prefix N ms`.
fn logged_ms(log: &str, prefix: &str) -> Vec<u64> {
    log.lines()
        .filter_map(|line| line.split(prefix).nth(1))
        .filter_map(|rest| rest.split(' ').next()?.parse().ok())
        .collect()
}

/// Search in `blog serve`, on the 1,000-note corpus: each saved note's reload goes out first
/// (the server's own "rebuilt in" line ends when the reload event is sent), the search index
/// is updated only after that, and the served site's search then finds the saved word, in
/// the browser, at the saved note.
#[test]
fn a_save_reloads_before_the_index_updates_and_search_then_finds_the_saved_words() {
    let site = tempfile::tempdir().unwrap();
    if !gen_corpus(site.path(), 1000, "blog") {
        return;
    }
    let Some(mut browser) = Browser::launch() else {
        return;
    };
    let serve = Serve::start_in(site, &[]);
    let events = serve.events();
    // Published notes only (the corpus has drafts), spread over the site.
    let notes: Vec<usize> = (0..1000)
        .map(|i| (i * 197 + 11) % 1000)
        .filter(|n| {
            let text = std::fs::read_to_string(serve.path(&format!("content/post/note-{n:05}.md")));
            text.unwrap().contains("draft: false")
        })
        .take(5)
        .collect();
    for (i, n) in notes.iter().enumerate() {
        let post = serve.path(&format!("content/post/note-{n:05}.md"));
        let text = std::fs::read_to_string(&post).unwrap();
        std::fs::write(&post, format!("{}\n\nzzsaved{i}word\n", text.trim_end())).unwrap();
        assert!(
            serve.wait_for_log_count("Search index updated in", i + 1, Duration::from_secs(10)),
            "{}",
            serve.log()
        );
    }
    let stream = events.wait_for("event: reload", Duration::from_secs(10));
    assert_eq!(
        stream.matches("event: reload").count(),
        notes.len(),
        "{stream}"
    );
    let log = serve.log();
    // Each save got its own reload line; how fast it came is a benchmark's business
    // (the README's Performance section), not a timed test's.
    assert_eq!(logged_ms(&log, "rebuilt in ").len(), notes.len(), "{log}");
    // The reload line is printed before the index is made: the index waited for it.
    let first_reload = log.find("rebuilt in ").unwrap();
    assert!(log.find("Search index updated").unwrap() > first_reload);

    let home = format!("http://{}/", serve.addr);
    browser.navigate(&home);
    assert!(browser.wait_for("window.blogSearch", Duration::from_secs(10)));
    for (i, n) in notes.iter().enumerate() {
        let found = browser.eval(&format!(
            "blogSearch('zzsaved{i}word', 8).then(r => r.map(x => x.url))"
        ));
        let want = format!("/post/note-{n:05}/");
        assert!(
            found
                .as_array()
                .unwrap()
                .iter()
                .any(|u| u.as_str().unwrap().starts_with(&want)),
            "zzsaved{i}word: {found}, want {want}"
        );
    }
}

#[test]
fn broken_links_of_an_edited_page_are_warned_about() {
    let serve = Serve::start(&["-D"]);
    replace_in(
        &serve.path("content/post/hello.md"),
        "The first version",
        "A [dead link](/post/nope/) in the first version",
    );
    assert!(
        serve.wait_for_log(
            "Warning: content/post/hello.md:7:15: link: /post/nope/: no page or file",
            Duration::from_secs(5)
        ),
        "{}",
        serve.log()
    );
}

#[test]
fn a_burst_of_saves_is_coalesced() {
    let serve = Serve::start(&["-D"]);
    let post = serve.path("content/post/hello.md");
    let original = std::fs::read_to_string(&post).unwrap();
    for i in 0..30 {
        std::fs::write(
            &post,
            original.replace("first version", &format!("version {i} of")),
        )
        .unwrap();
    }
    serve.wait_for_text("/post/hello/", "The version 29 of", Duration::from_secs(5));
    std::thread::sleep(Duration::from_millis(300));
    let rebuilds = serve.log().matches("rebuilt in").count();
    assert!(
        (1..=3).contains(&rebuilds),
        "{rebuilds} rebuilds for one burst:\n{}",
        serve.log()
    );
}

#[test]
fn a_broken_edit_keeps_the_last_good_page_and_reports_it() {
    let serve = Serve::start(&["-D"]);
    let events = serve.events();
    let post = serve.path("content/post/hello.md");
    let good = std::fs::read_to_string(&post).unwrap();
    std::fs::write(
        &post,
        good.replace("title: \"Hello\"", "title: [unclosed\nbroken: <b>"),
    )
    .unwrap();

    let text = events.wait_for("event: build-error", Duration::from_secs(5));
    let data = text
        .lines()
        .skip_while(|l| *l != "event: build-error")
        .nth(1)
        .and_then(|l| l.strip_prefix("data: "))
        .expect("error data");
    let data: serde_json::Value = serde_json::from_str(data).unwrap();
    let error = &data["errors"][0];
    assert!(
        error["file"].as_str().unwrap().ends_with("hello.md"),
        "{data}"
    );
    assert!(error["line"].as_u64().is_some(), "{data}");
    assert!(
        error["message"].as_str().unwrap().contains("hello.md"),
        "{data}"
    );

    let page = serve.get("/post/hello/");
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("The first version of the hello page."),
        "last good page"
    );
    assert!(
        serve.wait_for_log("Error: ", Duration::from_secs(2)),
        "the terminal shows it:\n{}",
        serve.log()
    );

    // A page opened now learns about the error at once.
    serve
        .events()
        .wait_for("event: build-error", Duration::from_secs(2));

    std::fs::write(&post, good.replace("first version", "fixed version")).unwrap();
    events.wait_for("event: build-ok", Duration::from_secs(5));
    serve.wait_for_text("/post/hello/", "The fixed version", Duration::from_secs(5));
}

#[test]
fn a_site_broken_at_start_comes_up_once_fixed() {
    let site = fixture("serve");
    let post = site.path().join("content/post/hello.md");
    let good = std::fs::read_to_string(&post).unwrap();
    std::fs::write(&post, good.replace("title: \"Hello\"", "title: [unclosed")).unwrap();
    let serve = Serve::start_in(site, &["-D"]);
    assert_eq!(
        serve.get("/post/hello/").status,
        404,
        "nothing good to serve yet"
    );
    let events = serve.events();
    events.wait_for("event: build-error", Duration::from_secs(2));

    std::fs::write(&post, good).unwrap();
    events.wait_for("event: build-ok", Duration::from_secs(5));
    serve.wait_for_text("/post/hello/", "The first version", Duration::from_secs(5));
}

#[test]
fn a_css_edit_sends_a_css_event() {
    let serve = Serve::start(&["-D"]);
    let events = serve.events();
    std::fs::write(
        serve.path("static/css/extra.css"),
        "body { --fixture: 2; }\n",
    )
    .unwrap();
    let text = events.wait_for("event: css", Duration::from_secs(5));
    assert!(
        !text.contains("event: reload"),
        "a stylesheet change does not reload:\n{text}"
    );
    assert_eq!(serve.get("/css/extra.css").body, "body { --fixture: 2; }\n");
}

#[test]
fn survives_a_burst_of_requests_and_many_event_streams() {
    let serve = Serve::start(&["-D"]);
    let streams: Vec<Events> = (0..40).map(|_| serve.events()).collect();
    let started = Instant::now();
    let threads: Vec<_> = (0..8)
        .map(|t| {
            let addr = serve.addr.clone();
            std::thread::spawn(move || {
                let targets = ["/", "/post/hello/", "/css/extra.css", "/nope/", "/../x"];
                let mut statuses = Vec::new();
                for i in 0..250 {
                    statuses.push(get(&addr, targets[(i + t) % targets.len()]).status);
                }
                statuses
            })
        })
        .collect();
    let mut counts = std::collections::BTreeMap::new();
    for thread in threads {
        for status in thread.join().unwrap() {
            *counts.entry(status).or_insert(0) += 1;
        }
    }
    assert_eq!(counts.values().sum::<usize>(), 2000);
    assert_eq!(
        counts.keys().copied().collect::<Vec<_>>(),
        [200, 400, 404],
        "{counts:?}"
    );
    eprintln!(
        "2000 requests in {:?} with 40 event streams open",
        started.elapsed()
    );

    // Still serving, and the open streams still get events.
    assert_eq!(serve.get("/post/hello/").status, 200);
    replace_in(
        &serve.path("content/post/hello.md"),
        "first version",
        "after the burst",
    );
    for stream in &streams {
        stream.wait_for("event: reload", Duration::from_secs(5));
    }
}

/// Browsers reuse connections; with Nagle's algorithm on, each keep-alive response would
/// stall ~40 ms on the client's delayed ACK (tiny_http writes headers and body separately).
#[test]
fn keep_alive_responses_do_not_stall() {
    let serve = Serve::start(&["-D"]);
    let mut stream = TcpStream::connect(&serve.addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let started = Instant::now();
    for _ in 0..20 {
        write!(stream, "GET /post/hello/ HTTP/1.1\r\nHost: t\r\n\r\n").unwrap();
        let mut length = None;
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            if line == "\r\n" {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                if name.eq_ignore_ascii_case("content-length") {
                    length = value.trim().parse::<usize>().ok();
                }
            }
        }
        let mut body = vec![0; length.expect("Content-Length")];
        reader.read_exact(&mut body).unwrap();
        assert!(String::from_utf8_lossy(&body).contains("first version"));
    }
    let took = started.elapsed();
    assert!(
        took < Duration::from_millis(400),
        "20 keep-alive requests took {took:?}"
    );
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_it_cleanly() {
    let mut serve = Serve::start(&[]);
    let pid = serve.child.id() as libc::pid_t;
    // SAFETY: kill(2) with a pid we spawned and still own (the child has not been reaped),
    // and a valid signal number; what Ctrl+C in a terminal sends.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGINT) }, 0);
    let started = Instant::now();
    let exit = loop {
        if let Some(exit) = serve.child.try_wait().unwrap() {
            break exit;
        }
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "still running after Ctrl+C"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(exit.success(), "{exit:?}");
    assert!(
        serve.wait_for_log("Stopped.", Duration::from_secs(2)),
        "{}",
        serve.log()
    );
}

#[test]
fn a_browser_sees_edits_without_reloading_by_hand() {
    let Some(mut browser) = Browser::launch() else {
        return;
    };
    let serve = Serve::start(&["-D"]);
    let post = serve.path("content/post/hello.md");
    browser.navigate(&format!("http://{}/post/hello/", serve.addr));
    assert!(browser.wait_for(
        "document.body.innerText.includes('The first version')",
        Duration::from_secs(5)
    ));

    // An edited post: the page reloads itself.
    replace_in(&post, "first version", "live version");
    let started = Instant::now();
    assert!(
        browser.wait_for(
            "document.body.innerText.includes('The live version')",
            Duration::from_secs(5)
        ),
        "the page did not reload; log:\n{}",
        serve.log()
    );
    eprintln!(
        "browser showed the edit {:?} after the save",
        started.elapsed()
    );

    // A stylesheet edit swaps stylesheets in place: the page is not reloaded.
    browser.eval("window.__notReloaded = true");
    std::fs::write(
        serve.path("static/css/extra.css"),
        "body { --fixture: 3; }\n",
    )
    .unwrap();
    assert!(browser.wait_for(
        "[...document.querySelectorAll('link[rel=stylesheet]')].some(l => l.href.includes('__blog='))",
        Duration::from_secs(5)
    ));
    assert_eq!(
        browser.eval("window.__notReloaded === true"),
        serde_json::json!(true)
    );

    // A broken edit shows an overlay with the file; its text is text, not markup.
    let good = std::fs::read_to_string(&post).unwrap();
    std::fs::write(
        &post,
        good.replace("title: \"Hello\"", "title: [<img src=x onerror=alert(1)>"),
    )
    .unwrap();
    assert!(browser.wait_for(
        "(document.getElementById('__blog-build-error') || {}).innerText?.includes('hello.md')",
        Duration::from_secs(5)
    ));
    assert_eq!(
        browser.eval("document.querySelector('#__blog-build-error img') === null"),
        serde_json::json!(true)
    );
    assert!(browser
        .eval("document.body.innerText")
        .as_str()
        .unwrap()
        .contains("The live version"));

    // The next good save clears it and shows the new text.
    std::fs::write(&post, good.replace("live version", "repaired version")).unwrap();
    assert!(browser.wait_for(
        "!document.getElementById('__blog-build-error') && document.body.innerText.includes('The repaired version')",
        Duration::from_secs(5)
    ));
    assert!(browser.js_errors().is_empty(), "{:?}", browser.js_errors());
}

/// Not a check but a measurement for the README: the time from saving a post to the browser
/// showing the edit, on a large site, for `blog serve` or `hugo server`. Run with
/// `BLOG_BENCH_SITE=DIR [BLOG_BENCH_SERVER=blog|hugo] [BLOG_BENCH_BIN=PATH]
///  cargo test --test it serve::bench_save_to_reload -- --ignored --nocapture`
/// on a site from `gen_corpus.py` (it edits `content/post/note-NNNNN.md`; use a copy).
#[test]
#[ignore]
fn bench_save_to_reload() {
    let Some(site) = std::env::var_os("BLOG_BENCH_SITE").map(PathBuf::from) else {
        panic!("set BLOG_BENCH_SITE to a copy of a generated site");
    };
    let server = std::env::var("BLOG_BENCH_SERVER").unwrap_or_else(|_| "blog".into());
    let default_bin = if server == "blog" {
        env!("CARGO_BIN_EXE_blog")
    } else {
        "hugo"
    };
    let bin = std::env::var("BLOG_BENCH_BIN").unwrap_or_else(|_| default_bin.into());
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
        .to_string();
    let subcommand = if server == "blog" { "serve" } else { "server" };
    let mut child = std::process::Command::new(bin)
        .args([subcommand, "-D", "-p", &port, "--bind", "127.0.0.1", "-s"])
        .arg(&site)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the server");
    let addr = format!("127.0.0.1:{port}");
    let started = Instant::now();
    while TcpStream::connect(&addr).is_err() || get(&addr, "/").status != 200 {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "server never came up"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let mut browser = Browser::launch().expect("chromium");
    let mut times = Vec::new();
    for i in 0..9 {
        let n = (i * 97 + 13) % 1000;
        let post = site.join(format!("content/post/note-{n:05}.md"));
        browser.navigate(&format!("http://{addr}/post/note-{n:05}/"));
        std::thread::sleep(Duration::from_millis(700));
        let marker = format!("EDITMARKER{i}x{}", started.elapsed().as_millis());
        let text = std::fs::read_to_string(&post).unwrap();
        let saved = Instant::now();
        std::fs::write(&post, format!("{}\n\n{marker}\n", text.trim_end())).unwrap();
        let shown = browser.wait_for(
            &format!("document.body && document.body.innerText.includes('{marker}')"),
            Duration::from_secs(30),
        );
        assert!(shown, "edit {i} never showed");
        times.push(saved.elapsed().as_millis());
    }
    let _ = child.kill();
    let _ = child.wait();
    let mut sorted = times.clone();
    sorted.sort();
    eprintln!(
        "{server}: save-to-reloaded-page ms {times:?}; median {} ms",
        sorted[sorted.len() / 2]
    );
}

/// The serve fixture with a post that uses the writer's shortcode `greet`.
fn site_with_a_shortcode() -> TempDir {
    let site = fixture("serve");
    let dir = site.path().join("templates/shortcodes");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("greet.html"),
        "<b class=\"greet\">Hello {{ args.0 }}</b>",
    )
    .unwrap();
    std::fs::write(
        site.path().join("content/post/greeting.md"),
        "---\ntitle: Greeting\ndate: 2024-01-01\n---\nSay {{< greet \"reader\" >}}.\n",
    )
    .unwrap();
    site
}

#[test]
fn a_shortcode_template_edit_re_renders_the_pages_that_use_it() {
    let serve = Serve::start_in(site_with_a_shortcode(), &[]);
    serve.wait_for_text("/post/greeting/", "Hello reader", Duration::from_secs(5));
    std::fs::write(
        serve.path("templates/shortcodes/greet.html"),
        "<i class=\"greet\">Welcome, {{ args.0 }}</i>",
    )
    .unwrap();
    serve.wait_for_text("/post/greeting/", "Welcome, reader", Duration::from_secs(5));
    // An edit to the page itself (an incremental update) expands its shortcodes too.
    replace_in(
        &serve.path("content/post/greeting.md"),
        "\"reader\"",
        "\"editor\"",
    );
    let page = serve.wait_for_text("/post/greeting/", "Welcome, editor", Duration::from_secs(5));
    assert!(page < Duration::from_secs(5));
    assert!(!serve.get("/post/greeting/").body.contains("{{<"));
}

#[test]
fn a_template_that_includes_itself_keeps_the_last_good_site() {
    let serve = Serve::start_in(site_with_a_shortcode(), &[]);
    let events = serve.events();
    std::fs::write(
        serve.path("templates/shortcodes/greet.html"),
        "<b>{% include \"shortcodes/greet.html\" %}</b>",
    )
    .unwrap();
    let text = events.wait_for("event: build-error", Duration::from_secs(5));
    assert!(
        text.contains("template `shortcodes/greet.html` includes itself"),
        "{text}"
    );
    let page = serve.get("/post/greeting/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Hello reader"), "the last good page");
}

// ----- under load and abuse -----

/// The server's resident memory, from /proc.
fn rss_kb(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// Waits until `/` answers 200, or panics after `timeout`.
fn wait_until_serving(serve: &Serve, timeout: Duration) -> Duration {
    let started = Instant::now();
    loop {
        let ok = TcpStream::connect(&serve.addr).is_ok_and(|mut s| {
            let _ = s.set_read_timeout(Some(Duration::from_secs(2)));
            let _ = write!(s, "GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
            let mut head = [0u8; 12];
            s.read_exact(&mut head).is_ok() && head.ends_with(b"200")
        });
        if ok {
            return started.elapsed();
        }
        assert!(
            started.elapsed() < timeout,
            "not serving again within {timeout:?}:\n{}",
            serve.log()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn running_out_of_file_descriptors_does_not_close_the_port() {
    use std::os::unix::process::CommandExt;
    let serve = Serve::start_with(fixture("serve"), &[], |command| {
        // SAFETY: setrlimit is async-signal-safe; the struct lives on this stack frame.
        unsafe {
            command.pre_exec(|| {
                let limit = libc::rlimit {
                    rlim_cur: 96,
                    rlim_max: 96,
                };
                libc::setrlimit(libc::RLIMIT_NOFILE, &limit);
                Ok(())
            });
        }
    });
    // A burst that holds more connections than the server has descriptors.
    let burst: Vec<TcpStream> = (0..400)
        .filter_map(|_| TcpStream::connect(&serve.addr).ok())
        .collect();
    std::thread::sleep(Duration::from_millis(500));
    drop(burst);
    let took = wait_until_serving(&serve, Duration::from_secs(10));
    eprintln!("serving again {took:?} after a burst of 400 connections with 96 descriptors");
    // And it goes on accepting normally.
    for _ in 0..50 {
        assert_eq!(serve.get("/post/hello/").status, 200);
    }
}

#[test]
fn event_streams_over_the_cap_get_503_and_the_rest_keep_working() {
    let serve = Serve::start(&[]);
    let request = "GET /__blog/events HTTP/1.1\r\nHost: t\r\n\r\n";
    let mut open: Vec<TcpStream> = (0..1024)
        .map(|_| {
            let mut s = TcpStream::connect(&serve.addr).unwrap();
            s.write_all(request.as_bytes()).unwrap();
            s
        })
        .collect();
    // Each of the first 1024 is greeted; read the greeting so its buffer stays empty.
    for s in &mut open {
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let mut head = [0u8; 15];
        s.read_exact(&mut head).unwrap();
        assert_eq!(&head, b"HTTP/1.1 200 OK");
    }
    let mut over = TcpStream::connect(&serve.addr).unwrap();
    over.write_all(request.as_bytes()).unwrap();
    over.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let mut reply = String::new();
    let _ = over.read_to_string(&mut reply);
    assert!(reply.starts_with("HTTP/1.1 503"), "{reply:?}");
    // Pages are still served, and the first streams still get events.
    assert_eq!(serve.get("/").status, 200);
    replace_in(
        &serve.path("content/post/hello.md"),
        "first version",
        "capped",
    );
    let last = open.last_mut().unwrap();
    let mut text = String::new();
    let started = Instant::now();
    while !text.contains("event: reload") && started.elapsed() < Duration::from_secs(10) {
        let mut chunk = [0u8; 4096];
        let n = last.read(&mut chunk).unwrap_or(0);
        text.push_str(&String::from_utf8_lossy(&chunk[..n]));
    }
    assert!(text.contains("event: reload"), "{text}");
}

#[test]
fn streams_that_stop_reading_block_neither_rebuilds_nor_pages() {
    let serve = Serve::start(&[]);
    // Tabs that connect and then never read again.
    let _stalled: Vec<TcpStream> = (0..50)
        .map(|_| {
            let mut s = TcpStream::connect(&serve.addr).unwrap();
            write!(s, "GET /__blog/events HTTP/1.1\r\nHost: t\r\n\r\n").unwrap();
            s
        })
        .collect();
    let events = serve.events();
    for i in 0..20 {
        let before = events.text.lock().unwrap().matches("event: reload").count();
        replace_in(
            &serve.path("content/post/hello.md"),
            "first version",
            &format!("first version {i}"),
        );
        let started = Instant::now();
        while events.text.lock().unwrap().matches("event: reload").count() == before {
            assert!(
                started.elapsed() < Duration::from_secs(5),
                "save {i} was not reloaded"
            );
            std::thread::sleep(Duration::from_millis(5));
        }
        assert_eq!(serve.get("/").status, 200);
    }
}

#[test]
fn slow_downloads_of_a_large_file_are_streamed_and_block_nothing() {
    let site = fixture("serve");
    let big = std::fs::File::create(site.path().join("static/big.bin")).unwrap();
    big.set_len(256 << 20).unwrap();
    drop(big);
    let serve = Serve::start_in(site, &[]);
    let base_rss = rss_kb(serve.child.id());
    // Eight downloads that read a little and then stall.
    let downloads: Vec<TcpStream> = (0..8)
        .map(|_| {
            let mut s = TcpStream::connect(&serve.addr).unwrap();
            write!(s, "GET /big.bin HTTP/1.1\r\nHost: t\r\n\r\n").unwrap();
            let mut head = [0u8; 4096];
            s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
            let _ = s.read(&mut head).unwrap();
            assert!(head.starts_with(b"HTTP/1.1 200"));
            s
        })
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    let started = Instant::now();
    for _ in 0..20 {
        assert_eq!(serve.get("/post/hello/").status, 200);
    }
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    let grown = rss_kb(serve.child.id()).saturating_sub(base_rss);
    assert!(grown < 64 * 1024, "the server grew by {grown} kB");
    drop(downloads);
}

#[test]
fn a_copied_file_replaced_by_a_link_out_of_the_site_is_not_served() {
    let serve = Serve::start(&[]);
    assert_eq!(serve.get("/notes.txt").status, 200);
    let notes = serve.path("static/notes.txt");
    std::fs::remove_file(&notes).unwrap();
    std::os::unix::fs::symlink(serve.path("config.toml"), &notes).unwrap();
    let reply = serve.get("/notes.txt");
    assert_eq!(reply.status, 404, "{}", reply.body);
    assert!(!reply.body.contains("baseURL"));
}

#[test]
fn binding_beyond_loopback_warns_that_the_site_is_visible() {
    let serve = Serve::start(&["--bind", "0.0.0.0", "-D"]);
    assert!(
        serve.wait_for_log("visible", Duration::from_secs(5)) || serve.log().contains("network"),
        "{}",
        serve.log()
    );
    assert!(serve.log().contains("drafts"), "{}", serve.log());
    let local = Serve::start(&[]);
    std::thread::sleep(Duration::from_millis(200));
    assert!(!local.log().contains("Warning"), "{}", local.log());
}

#[test]
fn tabs_opened_together_during_a_rebuild_all_reload() {
    let serve = Serve::start(&[]);
    let addr = serve.addr.clone();
    let generation = |text: &str| -> Vec<u64> {
        text.match_indices("\"generation\":")
            .filter_map(|(at, key)| {
                let rest = &text[at + key.len()..];
                rest[..rest.find('}')?].parse().ok()
            })
            .collect()
    };
    for round in 0..5 {
        let tabs: Vec<_> = (0..40)
            .map(|_| {
                let addr = addr.clone();
                std::thread::spawn(move || {
                    let mut s = TcpStream::connect(&addr).unwrap();
                    write!(s, "GET /__blog/events HTTP/1.1\r\nHost: t\r\n\r\n").unwrap();
                    s.set_read_timeout(Some(Duration::from_millis(1500)))
                        .unwrap();
                    let mut text = Vec::new();
                    let _ = s.read_to_end(&mut text);
                    String::from_utf8_lossy(&text).into_owned()
                })
            })
            .collect();
        replace_in(
            &serve.path("content/post/hello.md"),
            "first version",
            &format!("first version {round}"),
        );
        let texts: Vec<String> = tabs.into_iter().map(|t| t.join().unwrap()).collect();
        let newest = texts.iter().flat_map(|t| generation(t)).max().unwrap();
        for text in &texts {
            // Each tab ends knowing the newest generation: by a reload, or by its hello.
            assert_eq!(generation(text).last(), Some(&newest), "{text}");
        }
    }
}

// ----- races and descriptors (issue 25) -----

/// One GET that must be answered within `limit`: its status, or `None` past it.
fn get_within(addr: &str, target: &str, limit: Duration) -> Option<(u16, String)> {
    let started = Instant::now();
    let addr: std::net::SocketAddr = addr.parse().unwrap();
    let mut stream = TcpStream::connect_timeout(&addr, limit).ok()?;
    let left = limit.checked_sub(started.elapsed())?;
    stream.set_read_timeout(Some(left)).ok()?;
    write!(
        stream,
        "GET {target} HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).ok()?;
    if started.elapsed() > limit {
        return None;
    }
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let status = raw.split(' ').nth(1)?.parse().ok()?;
    Some((status, raw))
}

#[test]
fn a_file_swapped_with_a_link_out_of_the_site_never_serves_the_link() {
    let site = fixture("serve");
    std::fs::write(site.path().join("static/race.txt"), "plain race file\n").unwrap();
    std::fs::create_dir_all(site.path().join("swap")).unwrap();
    let serve = Serve::start_in(site, &[]);
    assert_eq!(serve.get("/race.txt").status, 200);
    let (race, swap) = (serve.path("static/race.txt"), serve.path("swap"));
    // Every side runs until each has done its share (or a minute passes), however the
    // threads are scheduled: a fixed four seconds once gave the swapper too few turns on a
    // loaded machine.
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    let stop = Arc::new(AtomicBool::new(false));
    let (swaps, ok, leaks) = (
        Arc::new(AtomicUsize::new(0)),
        Arc::new(AtomicUsize::new(0)),
        Arc::new(AtomicUsize::new(0)),
    );
    let swapper = {
        let (stop, swaps) = (stop.clone(), swaps.clone());
        std::thread::spawn(move || {
            // Each swap is a rename, so the name always exists: a file, then a link to
            // the site's config.toml, then a file again.
            while !stop.load(Ordering::Relaxed) {
                std::fs::write(swap.join("file"), "plain race file\n").unwrap();
                std::fs::rename(swap.join("file"), &race).unwrap();
                let _ = std::fs::remove_file(swap.join("link"));
                std::os::unix::fs::symlink("../config.toml", swap.join("link")).unwrap();
                std::fs::rename(swap.join("link"), &race).unwrap();
                swaps.fetch_add(2, Ordering::Relaxed);
            }
        })
    };
    let fetchers: Vec<_> = (0..2)
        .map(|_| {
            let addr = serve.addr.clone();
            let (stop, ok, leaks) = (stop.clone(), ok.clone(), leaks.clone());
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    let Some((status, raw)) =
                        get_within(&addr, "/race.txt", Duration::from_secs(5))
                    else {
                        continue;
                    };
                    leaks.fetch_add(raw.contains("baseURL") as usize, Ordering::Relaxed);
                    ok.fetch_add((status == 200) as usize, Ordering::Relaxed);
                }
            })
        })
        .collect();
    let started = Instant::now();
    while (swaps.load(Ordering::Relaxed) < 2_000 || ok.load(Ordering::Relaxed) < 100)
        && started.elapsed() < Duration::from_secs(60)
    {
        std::thread::sleep(Duration::from_millis(20));
    }
    stop.store(true, Ordering::Relaxed);
    swapper.join().unwrap();
    fetchers.into_iter().for_each(|f| f.join().unwrap());
    let (swaps, ok, leaks) = (
        swaps.load(Ordering::SeqCst),
        ok.load(Ordering::SeqCst),
        leaks.load(Ordering::SeqCst),
    );
    eprintln!("{swaps} swaps, {ok} plain answers, {leaks} leaks of config.toml");
    assert!(swaps >= 2_000, "only {swaps} swaps in a minute");
    assert!(ok >= 100, "the file itself was hardly ever served ({ok})");
    assert_eq!(leaks, 0, "config.toml was served");
}

/// Raises this process's soft limit on open files to the hard one: the slow clients
/// below need hundreds of sockets, and the tests share one process.
fn raise_own_file_limit() {
    // SAFETY: getrlimit/setrlimit on a struct we own.
    unsafe {
        let mut limit = std::mem::zeroed::<libc::rlimit>();
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) == 0 {
            limit.rlim_cur = limit.rlim_max;
            libc::setrlimit(libc::RLIMIT_NOFILE, &limit);
        }
    }
}

#[test]
fn six_hundred_slow_clients_with_1024_descriptors_keep_no_page_waiting() {
    use std::os::unix::process::CommandExt;
    raise_own_file_limit();
    let serve = Serve::start_with(fixture("serve"), &[], |command| {
        // SAFETY: setrlimit is async-signal-safe; the struct lives on this stack frame.
        unsafe {
            command.pre_exec(|| {
                let limit = libc::rlimit {
                    rlim_cur: 1024,
                    rlim_max: 1024,
                };
                libc::setrlimit(libc::RLIMIT_NOFILE, &limit);
                Ok(())
            });
        }
    });
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    // 600 slow clients: half send nothing, half one byte of a request; each is opened
    // again as soon as the server closes it.
    let slow = {
        let (addr, stop) = (serve.addr.clone(), stop.clone());
        std::thread::spawn(move || {
            let open = |i: usize| {
                let s = TcpStream::connect(&addr).ok()?;
                if i % 2 == 1 {
                    let _ = (&s).write_all(b"G");
                }
                s.set_nonblocking(true).ok()?;
                Some(s)
            };
            let mut clients: Vec<Option<TcpStream>> = (0..600).map(open).collect();
            let mut reopened = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                for (i, client) in clients.iter_mut().enumerate() {
                    let closed = match client {
                        None => true,
                        Some(s) => {
                            let mut buf = [0u8; 256];
                            match s.read(&mut buf) {
                                Ok(0) => true,
                                Ok(_) => false,
                                Err(e) => e.kind() != std::io::ErrorKind::WouldBlock,
                            }
                        }
                    };
                    if closed {
                        *client = open(i);
                        reopened += 1;
                    }
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            reopened
        })
    };
    std::thread::sleep(Duration::from_secs(2));
    let mut times = Vec::new();
    for _ in 0..20 {
        let started = Instant::now();
        let answer = get_within(&serve.addr, "/post/hello/", Duration::from_secs(1));
        assert!(
            matches!(answer, Some((200, _))),
            "a normal fetch was not answered within 1 s ({:?} after {:?})",
            answer.map(|a| a.0),
            started.elapsed()
        );
        times.push(started.elapsed());
        std::thread::sleep(Duration::from_millis(100));
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let reopened = slow.join().unwrap();
    times.sort();
    eprintln!(
        "20 fetches among 600 slow clients ({reopened} reopened): median {:?}, max {:?}",
        times[10], times[19]
    );
}
