//! Answering requests from the in-memory site.
//!
//! Safety rests on one rule: a URL is only ever turned into a *key* of the rendered site's
//! maps, never into a file-system path. So `..`, encoded `%2e%2e` or `%2f`, absolute and drive
//! paths are refused outright, and even a path that slipped through could only name a file
//! the build produced. Copied files (static files, bundle resources) are read from their
//! source, and that source must still lie inside the site root once symlinks are resolved.

use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

use tiny_http::{Header, Method, Request, Response, ResponseBox, StatusCode};

use super::reload;
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

/// Answers one request. The events stream hands the connection over to the reload hub; every
/// other request is answered from the site being served right now.
pub fn handle(state: &State, request: Request) {
    let served = state.current();
    if request.url() == reload::EVENTS_PATH {
        state
            .hub
            .subscribe(request.into_writer(), served.generation);
        return;
    }
    let response = if matches!(request.method(), Method::Get | Method::Head) {
        respond(state, &served.site, served.generation, request.url())
    } else {
        text_response(405, "method not allowed\n")
    };
    // A client that hung up is not our problem.
    let _ = request.respond(response);
}

fn respond(state: &State, site: &RenderedSite, generation: u64, url: &str) -> ResponseBox {
    match lookup(site, url) {
        Lookup::Found(key) => match body(state, site, &key) {
            Some(bytes) => file_response(200, &key, bytes, generation),
            None => not_found(site, generation),
        },
        Lookup::Redirect(location) => {
            let mut response = text_response(301, "moved\n");
            response.add_header(header("Location", &location));
            response
        }
        Lookup::NotFound => not_found(site, generation),
        Lookup::Refused => text_response(400, "bad request path\n"),
    }
}

/// The bytes of a found key: generated in memory, or read from a copy's source when that
/// source, symlinks resolved, is inside the site root.
fn body(state: &State, site: &RenderedSite, key: &Path) -> Option<Vec<u8>> {
    if let Some(bytes) = site.files.get(key) {
        return Some(bytes.clone());
    }
    let source = site.copies.get(key)?;
    let source = state.root.join(source).canonicalize().ok()?;
    if !source.starts_with(&state.root) {
        return None;
    }
    let mut bytes = Vec::new();
    std::fs::File::open(&source)
        .ok()?
        .read_to_end(&mut bytes)
        .ok()?;
    Some(bytes)
}

fn file_response(status: u16, key: &Path, bytes: Vec<u8>, generation: u64) -> ResponseBox {
    let kind = content_type(key);
    let bytes = if kind.starts_with("text/html") {
        reload::inject(&bytes, generation)
    } else {
        bytes
    };
    let length = bytes.len();
    Response::new(
        StatusCode(status),
        vec![
            header("Content-Type", kind),
            header("Cache-Control", "no-store"),
        ],
        Box::new(Cursor::new(bytes)) as Box<dyn Read + Send>,
        Some(length),
        None,
    )
}

/// The site's own `404.html` with status 404, or a plain page when the site has none.
fn not_found(site: &RenderedSite, generation: u64) -> ResponseBox {
    let page = site
        .files
        .get(Path::new("404.html"))
        .cloned()
        .unwrap_or_else(|| {
            b"<!doctype html><title>Not found</title><body><h1>404 Not found</h1></body>".to_vec()
        });
    file_response(404, Path::new("404.html"), page, generation)
}

fn text_response(status: u16, text: &str) -> ResponseBox {
    Response::from_string(text)
        .with_status_code(status)
        .with_header(header("Content-Type", "text/plain; charset=utf-8"))
        .boxed()
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("valid header")
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
                .insert(PathBuf::from(key), key.as_bytes().to_vec());
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
