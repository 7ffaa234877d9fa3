//! Answering requests from the in-memory site.
//!
//! Safety rests on one rule: a URL is only ever turned into a *key* of the rendered site's
//! maps, never into a file-system path. So `..`, encoded `%2e%2e` or `%2f`, absolute and drive
//! paths are refused outright, and even a path that slipped through could only name a file
//! the build produced. Copied files (static files, bundle resources) are streamed from
//! their source, never read whole, and that source must still lie inside the site's
//! content, static files or themes once links are resolved: a link in the site to its
//! `config.toml` or `.git/config` is not served. Resolving and opening are one step in the
//! kernel, beneath the site's folder ([`crate::beneath`]), and the check is made on the
//! file opened, not on its name: swapping a file for a link between a check and an open
//! cannot win.

use std::borrow::Cow;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};

use super::reload;
use super::server::Request;
use super::State;
use crate::RenderedSite;

/// Where a request path leads in the rendered site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    /// A key of `files` or `copies`.
    Found(PathBuf),
    /// The path names a folder without its trailing slash: send the browser to this URL.
    Redirect(String),
    NotFound,
    /// The path tries to leave the site or is not a well-formed path.
    Refused,
}

/// Finds the file for a request URL (path plus optional query), as the built site has it:
/// `/post/x/` is `post/x/index.html`, `/post/x` redirects to `/post/x/` when that exists.
pub fn lookup(site: &RenderedSite, url: &str) -> Lookup {
    let (path, query) = match url.find(['?', '#']) {
        Some(i) => url.split_at(i),
        None => (url, ""),
    };
    let Some(segments) = decode_path(path) else {
        return Lookup::Refused;
    };
    let key: PathBuf = segments.iter().collect();
    let has = |k: &Path| site.files.contains_key(k) || site.copies.contains_key(k);
    if path.ends_with('/') {
        let index = key.join("index.html");
        return if has(&index) {
            Lookup::Found(index)
        } else {
            Lookup::NotFound
        };
    }
    if has(&key) {
        Lookup::Found(key)
    } else if has(&key.join("index.html")) {
        let query = query.split('#').next().unwrap_or("");
        Lookup::Redirect(format!("{path}/{query}"))
    } else {
        Lookup::NotFound
    }
}

/// Splits a URL path into percent-decoded segments, or None when any segment is `.` or `..`,
/// holds a slash, backslash or NUL after decoding, looks like a drive (`C:`), or is not valid
/// percent-encoded UTF-8. Empty segments (`//`) are skipped.
pub fn decode_path(path: &str) -> Option<Vec<String>> {
    let rest = path.strip_prefix('/')?;
    let mut segments = Vec::new();
    for raw in rest.split('/').filter(|s| !s.is_empty()) {
        let segment = String::from_utf8(percent_decode(raw)?).ok()?;
        let is_drive = segment.len() >= 2
            && segment.as_bytes()[1] == b':'
            && segment.as_bytes()[0].is_ascii_alphabetic();
        if segment == "." || segment == ".." || is_drive || segment.contains(['/', '\\', '\0']) {
            return None;
        }
        segments.push(segment);
    }
    Some(segments)
}

/// `%41` -> `A`; None on a malformed escape. `+` stays `+` (it is not a space in a path).
fn percent_decode(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

/// The `Content-Type` for an output file, by extension.
pub fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        "zip" => "application/zip",
        "gz" => "application/gzip",
        _ => "application/octet-stream",
    }
}

/// Whether the request opens the live-reload events stream.
pub fn is_events(request: &Request) -> bool {
    let path = request.target.split(['?', '#']).next().unwrap_or("");
    path == reload::EVENTS_PATH
}

/// Answers one request from the site being served right now, on `out`.
pub fn handle(
    state: &State,
    request: &Request,
    out: &TcpStream,
    keep_alive: bool,
) -> std::io::Result<()> {
    let served = state.current();
    let reply = match request.method.as_str() {
        "GET" | "HEAD" => respond(state, &served.site, served.generation, &request.target),
        _ => Reply::text(405, "method not allowed\n"),
    };
    write_reply(out, reply, request.method == "HEAD", keep_alive)
}

/// A response: status, type, maybe a redirect, and a body in memory or a file to stream.
struct Reply<'a> {
    status: u16,
    content_type: &'static str,
    location: Option<String>,
    body: Body<'a>,
}

enum Body<'a> {
    Bytes(Cow<'a, [u8]>),
    /// A copied file and its length, sent straight from the file (never read whole).
    File(std::fs::File, u64),
}

impl Reply<'_> {
    fn text(status: u16, text: &'static str) -> Reply<'static> {
        Reply {
            status,
            content_type: "text/plain; charset=utf-8",
            location: None,
            body: Body::Bytes(Cow::Borrowed(text.as_bytes())),
        }
    }
}

fn respond<'a>(state: &State, site: &'a RenderedSite, generation: u64, url: &str) -> Reply<'a> {
    match lookup(site, url) {
        Lookup::Found(key) => match body(state, site, &key) {
            Some(body) => file_reply(200, &key, body, generation),
            None => not_found(site, generation),
        },
        Lookup::Redirect(location) => Reply {
            location: Some(location),
            ..Reply::text(301, "moved\n")
        },
        Lookup::NotFound => not_found(site, generation),
        Lookup::Refused => Reply::text(400, "bad request path\n"),
    }
}

/// The body of a found key: generated in memory, or a copy's source file when that
/// source, links resolved, lies inside the site's content, static files or themes.
fn body<'a>(state: &State, site: &'a RenderedSite, key: &Path) -> Option<Body<'a>> {
    if let Some(bytes) = site.files.get(key) {
        return Some(Body::Bytes(Cow::Borrowed(bytes)));
    }
    let file = open_copy(state, site.copies.get(key)?)?;
    let meta = file.metadata().ok()?;
    meta.is_file().then(|| Body::File(file, meta.len()))
}

/// Opens a copied file's source: resolved beneath the site's folder in one step (a link
/// is followed only while it stays inside), then kept only if the file opened lies in
/// the site's content, static files or themes.
fn open_copy(state: &State, source: &Path) -> Option<std::fs::File> {
    let source = state.root.join(source);
    let rel = source.strip_prefix(&state.root).ok()?;
    let file = state
        .root_dir
        .as_ref()?
        .open_file(rel, crate::beneath::Links::Beneath)
        .ok()?;
    opened_inside(&file, &source, &state.roots).then_some(file)
}

/// Whether the file opened, wherever links took it, is inside one of `roots`: by the
/// kernel's own name for the open descriptor where there is one (`/proc/self/fd`), else
/// by resolving `path` again and checking that it names the very file opened.
fn opened_inside(file: &std::fs::File, path: &Path, roots: &[PathBuf]) -> bool {
    use std::os::fd::AsRawFd;
    if let Ok(real) = std::fs::read_link(format!("/proc/self/fd/{}", file.as_raw_fd())) {
        return roots.iter().any(|r| real.starts_with(r));
    }
    use std::os::unix::fs::MetadataExt;
    let (Ok(real), Ok(opened)) = (path.canonicalize(), file.metadata()) else {
        return false;
    };
    roots.iter().any(|r| real.starts_with(r))
        && std::fs::metadata(&real)
            .is_ok_and(|m| m.dev() == opened.dev() && m.ino() == opened.ino())
}

/// A found file's reply; HTML gets the live-reload script.
fn file_reply<'a>(status: u16, key: &Path, body: Body<'a>, generation: u64) -> Reply<'a> {
    let content_type = content_type(key);
    let body = match body {
        Body::Bytes(bytes) if content_type.starts_with("text/html") => {
            Body::Bytes(Cow::Owned(reload::inject(&bytes, generation)))
        }
        Body::File(file, len) if content_type.starts_with("text/html") => {
            let mut bytes = Vec::new();
            match file.take(len).read_to_end(&mut bytes) {
                Ok(_) => Body::Bytes(Cow::Owned(reload::inject(&bytes, generation))),
                Err(_) => Body::Bytes(Cow::Borrowed(b"")),
            }
        }
        other => other,
    };
    Reply {
        status,
        content_type,
        location: None,
        body,
    }
}

/// The site's own `404.html` with status 404, or a plain page when the site has none.
fn not_found(site: &RenderedSite, generation: u64) -> Reply<'_> {
    let page: &[u8] = site
        .files
        .get(Path::new("404.html"))
        .map(|bytes| bytes.as_slice())
        .unwrap_or(b"<!doctype html><title>Not found</title><body><h1>404 Not found</h1></body>");
    file_reply(
        404,
        Path::new("404.html"),
        Body::Bytes(Cow::Borrowed(page)),
        generation,
    )
}

/// Writes a plain-text reply and asks the client to close.
pub fn write_plain(out: &TcpStream, status: u16, text: &'static str) -> std::io::Result<()> {
    write_reply(out, Reply::text(status, text), false, false)
}

fn write_reply(
    mut out: &TcpStream,
    reply: Reply<'_>,
    head_only: bool,
    keep_alive: bool,
) -> std::io::Result<()> {
    let length = match &reply.body {
        Body::Bytes(bytes) => bytes.len() as u64,
        Body::File(_, len) => *len,
    };
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {length}\r\nCache-Control: no-store\r\n",
        reply.status,
        reason(reply.status),
        reply.content_type
    );
    if let Some(location) = &reply.location {
        head.push_str(&format!("Location: {location}\r\n"));
    }
    if !keep_alive {
        head.push_str("Connection: close\r\n");
    }
    head.push_str("\r\n");
    match reply.body {
        _ if head_only => out.write_all(head.as_bytes()),
        // One write for a page: one packet for small replies.
        Body::Bytes(bytes) => {
            let mut all = head.into_bytes();
            all.extend_from_slice(&bytes);
            out.write_all(&all)
        }
        Body::File(file, len) => {
            out.write_all(head.as_bytes())?;
            let sent = std::io::copy(&mut file.take(len), &mut out)?;
            if sent < len {
                // The file shrank while it was sent: the length was a lie, end the connection.
                return Err(std::io::ErrorKind::UnexpectedEof.into());
            }
            Ok(())
        }
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> RenderedSite {
        let mut site = RenderedSite::default();
        for key in [
            "index.html",
            "post/x/index.html",
            "css/site.css",
            "404.html",
            "中文/index.html",
        ] {
            site.files
                .insert(PathBuf::from(key), key.as_bytes().to_vec().into());
        }
        site.copies.insert(
            PathBuf::from("img/a.png"),
            PathBuf::from("static/img/a.png"),
        );
        site
    }

    fn found(key: &str) -> Lookup {
        Lookup::Found(PathBuf::from(key))
    }

    #[test]
    fn urls_map_to_the_built_files() {
        let site = site();
        assert_eq!(lookup(&site, "/"), found("index.html"));
        assert_eq!(lookup(&site, "/?x=1"), found("index.html"));
        assert_eq!(lookup(&site, "/post/x/"), found("post/x/index.html"));
        assert_eq!(
            lookup(&site, "/post/x/index.html"),
            found("post/x/index.html")
        );
        assert_eq!(lookup(&site, "/css/site.css?v=3"), found("css/site.css"));
        assert_eq!(lookup(&site, "/img/a.png"), found("img/a.png"));
        assert_eq!(lookup(&site, "//post//x/"), found("post/x/index.html"));
        assert_eq!(
            lookup(&site, "/%E4%B8%AD%E6%96%87/"),
            found("中文/index.html")
        );
    }

    #[test]
    fn folders_without_a_slash_redirect() {
        let site = site();
        assert_eq!(
            lookup(&site, "/post/x"),
            Lookup::Redirect("/post/x/".into())
        );
        assert_eq!(
            lookup(&site, "/post/x?a=b"),
            Lookup::Redirect("/post/x/?a=b".into())
        );
        assert_eq!(lookup(&site, "/post"), Lookup::NotFound);
        assert_eq!(lookup(&site, "/post/y/"), Lookup::NotFound);
        assert_eq!(lookup(&site, "/css/site.css/"), Lookup::NotFound);
    }

    #[test]
    fn paths_that_leave_the_site_are_refused() {
        let site = site();
        for url in [
            "/../Cargo.toml",
            "/post/../../etc/passwd",
            "/%2e%2e/Cargo.toml",
            "/%2E%2E/Cargo.toml",
            "/..%2fCargo.toml",
            "/post%2f..%2f..%2fCargo.toml",
            "/.%2e/x",
            "/./index.html",
            "/..\\Cargo.toml",
            "/%5c..%5cCargo.toml",
            "/C:/Windows/win.ini",
            "/c%3a/x",
            "/index.html%00.png",
            "/%zz",
            "/%e4",
            "relative/path",
            "http://evil/../x",
        ] {
            assert_eq!(lookup(&site, url), Lookup::Refused, "{url}");
        }
    }

    /// The race of issue 25: a static file swapped, by renames, between a plain file and a
    /// link to the site's config.toml, while it is opened. Checking the name and then
    /// opening it served the config now and then; the open file is what is checked now.
    /// Run with openat2, then with the walk one component at a time that kernels without
    /// it get.
    #[test]
    fn a_file_swapped_with_a_link_out_of_the_site_never_opens_the_link() {
        use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
        let t = tempfile::tempdir().unwrap();
        let root = t.path().canonicalize().unwrap();
        for dir in ["static", "swap"] {
            std::fs::create_dir_all(root.join(dir)).unwrap();
        }
        std::fs::write(root.join("config.toml"), "secret").unwrap();
        std::fs::write(root.join("static/race.txt"), "plain").unwrap();
        let state = State::new(
            root.clone(),
            crate::BuildOptions::new(&root),
            RenderedSite::default(),
        );
        for walk in [false, true] {
            crate::beneath::use_component_walk(walk);
            // Both sides run until each has done its share, however the two threads are
            // scheduled on a loaded machine: a fixed number of swaps alone once let the
            // swapper finish before the reader opened the file at all.
            let (swaps, stop) = (AtomicUsize::new(0), AtomicBool::new(false));
            let (opened, leaks) = std::thread::scope(|scope| {
                scope.spawn(|| {
                    let (race, swap) = (root.join("static/race.txt"), root.join("swap"));
                    while !stop.load(Ordering::Relaxed) {
                        std::fs::write(swap.join("file"), "plain").unwrap();
                        std::fs::rename(swap.join("file"), &race).unwrap();
                        let _ = std::fs::remove_file(swap.join("link"));
                        std::os::unix::fs::symlink("../config.toml", swap.join("link")).unwrap();
                        std::fs::rename(swap.join("link"), &race).unwrap();
                        swaps.fetch_add(2, Ordering::Relaxed);
                    }
                });
                let (mut opened, mut leaks) = (0, 0);
                let started = std::time::Instant::now();
                while (opened < 1_000 || swaps.load(Ordering::Relaxed) < 3_000)
                    && started.elapsed() < std::time::Duration::from_secs(60)
                {
                    if let Some(mut file) = open_copy(&state, Path::new("static/race.txt")) {
                        let mut text = String::new();
                        let _ = file.read_to_string(&mut text);
                        opened += 1;
                        leaks += (text == "secret") as usize;
                    }
                }
                stop.store(true, Ordering::Relaxed);
                (opened, leaks)
            });
            crate::beneath::use_component_walk(false);
            let swapped = swaps.load(Ordering::Relaxed);
            assert!(
                opened >= 1_000 && swapped >= 3_000,
                "walk {walk}: in a minute the file was opened {opened} times, swapped {swapped}"
            );
            assert_eq!(
                leaks, 0,
                "walk {walk}: {leaks} of {opened} opens read config.toml"
            );
        }
    }

    #[test]
    fn content_types_follow_extensions() {
        assert_eq!(
            content_type(Path::new("a/index.html")),
            "text/html; charset=utf-8"
        );
        assert_eq!(content_type(Path::new("a.CSS")), "text/css; charset=utf-8");
        assert_eq!(
            content_type(Path::new("index.xml")),
            "application/xml; charset=utf-8"
        );
        assert_eq!(content_type(Path::new("f.woff2")), "font/woff2");
        assert_eq!(content_type(Path::new("i.svg")), "image/svg+xml");
        assert_eq!(
            content_type(Path::new("x.unknown")),
            "application/octet-stream"
        );
        assert_eq!(content_type(Path::new("noext")), "application/octet-stream");
    }
}
