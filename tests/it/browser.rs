//! A small headless-Chromium driver for tests, over the DevTools protocol.
//!
//! Why our own and not a WebDriver crate: the tests need five things (navigate, evaluate,
//! wait for a condition, set the viewport, take a screenshot), and the DevTools protocol gives
//! them over one websocket with JSON messages. Chromium prints its browser websocket URL on
//! stderr (`DevTools listening on ws://...`); we connect to it, open one page target with
//! `Target.createTarget`, attach to it in flattened mode (`Target.attachToTarget`,
//! `flatten: true`) and send every page command with that `sessionId`. No HTTP client is
//! needed and no chromedriver has to match the browser's version.
//!
//! Use: `let Some(mut b) = Browser::launch() else { return };` (None when there is no
//! Chromium outside CI, see `common::chromium`), then `b.navigate(url)`, `b.eval(js)`,
//! `b.wait_for(js, timeout)`, `b.set_viewport(w, h)`, `b.screenshot(path)`. Dropping the
//! `Browser` kills Chromium and removes its profile folder.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use tempfile::TempDir;
use tungstenite::{Message, WebSocket};

use crate::common;

/// How long one DevTools command may take before the test fails.
const COMMAND_TIMEOUT: Duration = Duration::from_secs(30);

pub struct Browser {
    child: Child,
    socket: WebSocket<TcpStream>,
    session: String,
    next_id: u64,
    /// Uncaught exceptions and `console.error` messages seen on the page, in order.
    js_errors: Vec<String>,
    _profile: TempDir,
}

impl Browser {
    /// Starts headless Chromium with a fresh profile and one blank page. None when there is
    /// no Chromium and we are not in CI (the caller skips its test).
    pub fn launch() -> Option<Browser> {
        let exe = common::chromium()?;
        let profile = tempfile::tempdir().expect("chromium profile dir");
        let mut child = Command::new(exe)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--hide-scrollbars",
                "--remote-debugging-port=0",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start chromium");
        let ws_url = match devtools_url(&mut child) {
            Ok(url) => url,
            Err(e) => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("chromium did not start: {e}");
            }
        };
        let socket = connect(&ws_url);
        let mut browser = Browser {
            child,
            socket,
            session: String::new(),
            next_id: 0,
            js_errors: Vec::new(),
            _profile: profile,
        };
        browser.open_page();
        Some(browser)
    }

    /// Loads `url` and waits until the document has finished loading.
    pub fn navigate(&mut self, url: &str) {
        let reply = self.page_call("Page.navigate", json!({ "url": url }));
        if let Some(error) = reply.get("errorText") {
            panic!("navigate to {url}: {error}");
        }
        let loaded = self.wait_for(
            "document.readyState === 'complete'",
            Duration::from_secs(20),
        );
        assert!(loaded, "{url} did not finish loading in 20 s");
    }

    /// Evaluates `js` in the page (promises are awaited) and returns its value as JSON.
    /// Panics on an exception, with the page's message, so a broken expression is obvious.
    pub fn eval(&mut self, js: &str) -> Value {
        match self.try_eval(js) {
            Ok(value) => value,
            Err(message) => panic!("eval `{js}`: {message}"),
        }
    }

    /// Like `eval`, but returns the exception's text instead of panicking.
    pub fn try_eval(&mut self, js: &str) -> Result<Value, String> {
        let reply = self.try_page_call(
            "Runtime.evaluate",
            json!({ "expression": js, "returnByValue": true, "awaitPromise": true }),
        )?;
        if let Some(details) = reply.get("exceptionDetails") {
            let text = details["exception"]["description"]
                .as_str()
                .or_else(|| details["text"].as_str())
                .unwrap_or("exception");
            return Err(text.to_string());
        }
        Ok(reply["result"]["value"].clone())
    }

    /// Polls `js_condition` every 50 ms until it is truthy or `timeout` passes; says which.
    /// An exception while polling counts as "not yet" (the page may be reloading).
    pub fn wait_for(&mut self, js_condition: &str, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        let expression = format!("!!({js_condition})");
        loop {
            if let Ok(Value::Bool(true)) = self.try_eval(&expression) {
                return true;
            }
            if Instant::now() >= deadline {
                return false;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Emulates a window of `width` x `height` CSS pixels (device scale 1). It is a desktop
    /// window, not mobile emulation, so `innerWidth` and media queries see exactly `width`
    /// whether or not the page has a viewport meta tag.
    pub fn set_viewport(&mut self, width: u32, height: u32) {
        self.page_call(
            "Emulation.setDeviceMetricsOverride",
            json!({
                "width": width,
                "height": height,
                "deviceScaleFactor": 1,
                "mobile": false,
            }),
        );
    }

    /// Emulates the reader's colour-scheme preference (`prefers-color-scheme`).
    pub fn set_dark(&mut self, dark: bool) {
        let scheme = if dark { "dark" } else { "light" };
        self.page_call(
            "Emulation.setEmulatedMedia",
            json!({ "features": [{ "name": "prefers-color-scheme", "value": scheme }] }),
        );
    }

    /// Writes a PNG of the current viewport to `path`.
    pub fn screenshot(&mut self, path: &Path) {
        let reply = self.page_call("Page.captureScreenshot", json!({ "format": "png" }));
        let data = reply["data"].as_str().expect("screenshot data");
        let png = decode_base64(data);
        std::fs::write(path, png).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }

    /// A screenshot of the whole page, beyond the viewport, to look at a long page at once.
    pub fn screenshot_full_page(&mut self, path: &Path) {
        let metrics = self.page_call("Page.getLayoutMetrics", json!({}));
        let size = &metrics["cssContentSize"];
        let clip = json!({
            "x": 0, "y": 0, "scale": 1,
            "width": size["width"].as_f64().unwrap_or(800.0),
            "height": size["height"].as_f64().unwrap_or(600.0),
        });
        let reply = self.page_call(
            "Page.captureScreenshot",
            json!({ "format": "png", "captureBeyondViewport": true, "clip": clip }),
        );
        let data = reply["data"].as_str().expect("screenshot data");
        std::fs::write(path, decode_base64(data))
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }

    /// Uncaught exceptions and `console.error` messages seen so far.
    pub fn js_errors(&self) -> &[String] {
        &self.js_errors
    }

    fn open_page(&mut self) {
        let target = self.call(None, "Target.createTarget", json!({ "url": "about:blank" }));
        let target_id = target["targetId"].as_str().expect("targetId").to_string();
        let attached = self.call(
            None,
            "Target.attachToTarget",
            json!({ "targetId": target_id, "flatten": true }),
        );
        self.session = attached["sessionId"]
            .as_str()
            .expect("sessionId")
            .to_string();
        self.page_call("Page.enable", json!({}));
        self.page_call("Runtime.enable", json!({}));
    }

    fn page_call(&mut self, method: &str, params: Value) -> Value {
        self.try_page_call(method, params)
            .unwrap_or_else(|error| panic!("{method}: {error}"))
    }

    /// Like `page_call`, but a protocol error is returned: an evaluation that a navigation
    /// cut short ("Inspected target navigated or closed") is no failure while waiting.
    fn try_page_call(&mut self, method: &str, params: Value) -> Result<Value, String> {
        let session = self.session.clone();
        self.try_call(Some(&session), method, params)
    }

    fn call(&mut self, session: Option<&str>, method: &str, params: Value) -> Value {
        self.try_call(session, method, params)
            .unwrap_or_else(|error| panic!("{method}: {error}"))
    }

    /// Sends one command and reads messages until its reply; events seen on the way are
    /// only kept when they report a page error.
    fn try_call(
        &mut self,
        session: Option<&str>,
        method: &str,
        params: Value,
    ) -> Result<Value, String> {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({ "id": id, "method": method, "params": params });
        if let Some(session) = session {
            message["sessionId"] = json!(session);
        }
        self.socket
            .send(Message::text(message.to_string()))
            .unwrap_or_else(|e| panic!("send {method}: {e}"));
        let deadline = Instant::now() + COMMAND_TIMEOUT;
        loop {
            assert!(
                Instant::now() < deadline,
                "{method}: no reply in {COMMAND_TIMEOUT:?}"
            );
            let text = match self.socket.read() {
                Ok(Message::Text(text)) => text,
                Ok(_) => continue,
                Err(tungstenite::Error::Io(e)) if is_timeout(&e) => continue,
                Err(e) => panic!("{method}: devtools socket: {e}"),
            };
            let reply: Value = serde_json::from_str(text.as_str()).expect("devtools json");
            if reply["id"].as_u64() == Some(id) {
                if let Some(error) = reply.get("error") {
                    return Err(error.to_string());
                }
                return Ok(reply["result"].clone());
            }
            self.note_event(&reply);
        }
    }

    fn note_event(&mut self, event: &Value) {
        match event["method"].as_str() {
            Some("Runtime.exceptionThrown") => {
                let details = &event["params"]["exceptionDetails"];
                let text = details["exception"]["description"]
                    .as_str()
                    .or_else(|| details["text"].as_str())
                    .unwrap_or("exception");
                self.js_errors.push(text.to_string());
            }
            Some("Runtime.consoleAPICalled") if event["params"]["type"] == "error" => {
                let args = event["params"]["args"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default();
                let text: Vec<String> = args
                    .iter()
                    .map(|a| match a.get("value") {
                        Some(Value::String(s)) => s.clone(),
                        Some(v) => v.to_string(),
                        None => a["description"].as_str().unwrap_or("?").to_string(),
                    })
                    .collect();
                self.js_errors.push(text.join(" "));
            }
            _ => {}
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.socket.close(None);
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Reads Chromium's stderr until it names its DevTools websocket. A thread keeps draining
/// stderr afterwards so a chatty browser never blocks on a full pipe.
fn devtools_url(child: &mut Child) -> Result<String, String> {
    let stderr = child.stderr.take().expect("piped stderr");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut sent = false;
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            if !sent {
                if let Some(url) = line.strip_prefix("DevTools listening on ") {
                    let _ = tx.send(Ok(url.trim().to_string()));
                    sent = true;
                } else {
                    let _ = tx.send(Err(line));
                }
            }
        }
    });
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut seen = Vec::new();
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(Ok(url)) => return Ok(url),
            Ok(Err(line)) => seen.push(line),
            Err(_) => return Err(format!("no DevTools URL; stderr:\n{}", seen.join("\n"))),
        }
    }
}

fn connect(ws_url: &str) -> WebSocket<TcpStream> {
    let host = ws_url
        .strip_prefix("ws://")
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("unexpected DevTools URL {ws_url}"));
    let stream = TcpStream::connect(host).unwrap_or_else(|e| panic!("connect {host}: {e}"));
    // The handshake blocks; a read timeout during it surfaces as an "Interrupted
    // handshake (WouldBlock)" error on a busy machine, so it is set only afterwards.
    let (socket, _) = tungstenite::client(ws_url, stream)
        .unwrap_or_else(|e| panic!("websocket handshake with {ws_url}: {e}"));
    socket
        .get_ref()
        .set_read_timeout(Some(Duration::from_millis(500)))
        .unwrap();
    socket
}

fn is_timeout(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
    )
}

/// Standard base64 (with padding), enough for `Page.captureScreenshot`.
fn decode_base64(text: &str) -> Vec<u8> {
    fn value(c: u8) -> u32 {
        match c {
            b'A'..=b'Z' => (c - b'A') as u32,
            b'a'..=b'z' => (c - b'a' + 26) as u32,
            b'0'..=b'9' => (c - b'0' + 52) as u32,
            b'+' => 62,
            b'/' => 63,
            _ => panic!("not base64: {:?}", c as char),
        }
    }
    let clean: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    let mut out = Vec::with_capacity(clean.len() / 4 * 3);
    for chunk in clean.chunks(4) {
        let data: Vec<u8> = chunk.iter().copied().filter(|&b| b != b'=').collect();
        let mut n = 0u32;
        for (i, &c) in data.iter().enumerate() {
            n |= value(c) << (18 - 6 * i);
        }
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..data.len().saturating_sub(1)]);
    }
    out
}

#[test]
fn decodes_base64() {
    assert_eq!(decode_base64("aGVsbG8="), b"hello");
    assert_eq!(decode_base64("aGVsbG8hIQ=="), b"hello!!");
    assert_eq!(decode_base64("YWJj"), b"abc");
}

#[test]
fn drives_a_page() {
    let Some(mut browser) = Browser::launch() else {
        return;
    };
    browser.navigate("data:text/html,<title>Hello%20DevTools</title><p id=p>text</p>");
    assert_eq!(browser.eval("document.title"), json!("Hello DevTools"));
    assert_eq!(browser.eval("1 + 2"), json!(3));
    assert!(browser.wait_for("document.getElementById('p')", Duration::from_secs(2)));
    assert!(!browser.wait_for("window.neverSet", Duration::from_millis(200)));

    browser.set_viewport(375, 700);
    assert_eq!(browser.eval("window.innerWidth"), json!(375));

    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("shot.png");
    browser.screenshot(&png);
    let bytes = std::fs::read(&png).unwrap();
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");

    assert!(browser.try_eval("undefinedFunction()").is_err());
    browser.eval("console.error('boom')");
    browser.eval("1"); // lets the console event arrive before the check
    assert!(browser.js_errors().iter().any(|e| e.contains("boom")));
}
