//! Live reload over Server-Sent Events.
//!
//! Every HTML response gets a small script before `</body>` (added while answering, never
//! stored) that opens `EventSource("/__blog/events")`. The events stream takes the raw
//! connection out of tiny_http (`Request::into_writer`) and keeps it in the [`Hub`]'s list,
//! so an open tab costs a socket, not a server thread: a hundred tabs cannot starve the
//! workers. A heartbeat comment every few seconds finds the tabs that went away.
//!
//! Events: `hello` on connect and `reload` after a rebuild carry the generation of the site
//! being served; a page whose generation differs reloads, which also covers a rebuild that
//! happened between loading the page and connecting. `css` swaps the stylesheets' URLs (with
//! a cache-busting query) instead of reloading. `build-error` carries the errors of a failed
//! rebuild and shows them as an overlay (built with `textContent`, so nothing in a message is
//! read as HTML); `build-ok` removes it. A tab that connects while the last build has failed
//! gets the error at once.

use std::io::Write;
use std::sync::Mutex;

use serde::Serialize;

/// Where pages listen for events.
pub const EVENTS_PATH: &str = "/__blog/events";

/// One problem of a failed build, as the overlay shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub file: Option<String>,
    pub line: Option<usize>,
    /// The whole message, `path:line: what` as the terminal shows it.
    pub message: String,
}

impl Problem {
    /// One problem per error inside `error` (a `Many` is flattened).
    pub fn from_error(error: &crate::Error) -> Vec<Problem> {
        error
            .flatten()
            .into_iter()
            .map(|e| Problem {
                file: e.path().map(|p| p.display().to_string()),
                line: e.location().map(|l| l.line),
                message: e.to_string(),
            })
            .collect()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    Hello { generation: u64 },
    Reload { generation: u64 },
    Css { generation: u64 },
    BuildError(Vec<Problem>),
    BuildOk,
}

impl Event {
    /// The event in SSE wire format: `event: NAME\ndata: JSON\n\n`.
    pub fn to_sse(&self) -> String {
        let (name, data) = match self {
            Event::Hello { generation } => {
                ("hello", serde_json::json!({ "generation": generation }))
            }
            Event::Reload { generation } => {
                ("reload", serde_json::json!({ "generation": generation }))
            }
            Event::Css { generation } => ("css", serde_json::json!({ "generation": generation })),
            Event::BuildError(problems) => {
                ("build-error", serde_json::json!({ "errors": problems }))
            }
            Event::BuildOk => ("build-ok", serde_json::json!({})),
        };
        format!("event: {name}\ndata: {data}\n\n")
    }
}

type Client = Box<dyn Write + Send>;

/// The open event streams, and the errors of the last build if it failed.
#[derive(Default)]
pub struct Hub {
    clients: Mutex<Vec<Client>>,
    errors: Mutex<Option<Vec<Problem>>>,
}

impl Hub {
    /// Answers an events request on its raw connection and keeps the connection for later
    /// events. The first events say which generation is served, and show the current error.
    pub fn subscribe(&self, mut client: Client, generation: u64) {
        let mut greeting = String::from(
            "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n\
             Connection: keep-alive\r\n\r\nretry: 500\n\n",
        );
        greeting.push_str(&Event::Hello { generation }.to_sse());
        if let Some(problems) = self.errors.lock().unwrap().clone() {
            greeting.push_str(&Event::BuildError(problems).to_sse());
        }
        if send(&mut client, &greeting) {
            self.clients.lock().unwrap().push(client);
        }
    }

    /// Sends `event` to every open page and forgets the pages that are gone. A failed build
    /// is remembered for pages that connect later; a good one clears it.
    pub fn broadcast(&self, event: &Event) {
        match event {
            Event::BuildError(problems) => *self.errors.lock().unwrap() = Some(problems.clone()),
            Event::BuildOk => *self.errors.lock().unwrap() = None,
            _ => {}
        }
        self.send_all(&event.to_sse());
    }

    /// An SSE comment: keeps proxies from timing out and finds closed connections.
    pub fn heartbeat(&self) {
        self.send_all(": ping\n\n");
    }

    pub fn client_count(&self) -> usize {
        self.clients.lock().unwrap().len()
    }

    /// Whether the last build failed.
    pub fn has_errors(&self) -> bool {
        self.errors.lock().unwrap().is_some()
    }

    fn send_all(&self, text: &str) {
        self.clients
            .lock()
            .unwrap()
            .retain_mut(|client| send(client, text));
    }
}

fn send(client: &mut Client, text: &str) -> bool {
    client.write_all(text.as_bytes()).is_ok() && client.flush().is_ok()
}

/// The page's copy of the reload script, for the site of `generation`.
pub fn script(generation: u64) -> String {
    format!(
        "<script data-blog-live-reload>\n{}</script>\n",
        include_str!("live-reload.js").replace("__GENERATION__", &generation.to_string())
    )
}

/// `html` with the reload script before its last `</body>` (or at the end when it has none).
pub fn inject(html: &[u8], generation: u64) -> Vec<u8> {
    let script = script(generation);
    let at = find_last_body_close(html).unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + script.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(script.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn find_last_body_close(html: &[u8]) -> Option<usize> {
    const TAG: &[u8] = b"</body";
    (0..=html.len().checked_sub(TAG.len())?)
        .rev()
        .find(|&i| html[i..i + TAG.len()].eq_ignore_ascii_case(TAG))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex as StdMutex};

    #[test]
    fn the_script_goes_before_the_last_body_close() {
        let page = b"<html><body><p>x</p></BODY></html>";
        let out = String::from_utf8(inject(page, 7)).unwrap();
        let at = out.find("<script data-blog-live-reload>").unwrap();
        assert!(out[at..].contains("var generation = 7;"));
        assert!(out.ends_with("</script>\n</BODY></html>"), "{out}");
        assert!(out.starts_with("<html><body><p>x</p><script"));

        let bare = String::from_utf8(inject(b"<p>no body", 1)).unwrap();
        assert!(bare.starts_with("<p>no body<script"));
        assert!(String::from_utf8(inject(b"", 1))
            .unwrap()
            .starts_with("<script"));
    }

    #[test]
    fn events_are_sse_with_json_data() {
        assert_eq!(
            Event::Reload { generation: 3 }.to_sse(),
            "event: reload\ndata: {\"generation\":3}\n\n"
        );
        let error = Event::BuildError(vec![Problem {
            file: Some("content/x.md".into()),
            line: Some(2),
            message: "content/x.md:2:1: front matter: <b>bad</b>\nnext".into(),
        }]);
        let text = error.to_sse();
        assert!(text.starts_with("event: build-error\ndata: {"));
        assert_eq!(text.matches('\n').count(), 3, "one data line: {text}");
    }

    /// A client that records what it was sent, and can be made to fail like a closed tab.
    #[derive(Clone, Default)]
    struct Recorder {
        sent: Arc<StdMutex<String>>,
        closed: Arc<StdMutex<bool>>,
    }

    impl Write for Recorder {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if *self.closed.lock().unwrap() {
                return Err(std::io::ErrorKind::BrokenPipe.into());
            }
            self.sent
                .lock()
                .unwrap()
                .push_str(std::str::from_utf8(buf).unwrap());
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn the_hub_greets_broadcasts_and_forgets_closed_pages() {
        let hub = Hub::default();
        let (a, b) = (Recorder::default(), Recorder::default());
        hub.subscribe(Box::new(a.clone()), 1);
        assert!(a.sent.lock().unwrap().starts_with("HTTP/1.1 200 OK\r\n"));
        assert!(a
            .sent
            .lock()
            .unwrap()
            .ends_with("event: hello\ndata: {\"generation\":1}\n\n"));

        let problems = vec![Problem {
            file: None,
            line: None,
            message: "broken".into(),
        }];
        hub.broadcast(&Event::BuildError(problems));
        assert!(a.sent.lock().unwrap().contains("event: build-error"));

        // A page opened while the build is broken sees the error at once.
        hub.subscribe(Box::new(b.clone()), 1);
        assert!(b.sent.lock().unwrap().contains("event: build-error"));
        assert_eq!(hub.client_count(), 2);

        *a.closed.lock().unwrap() = true;
        hub.broadcast(&Event::BuildOk);
        assert_eq!(hub.client_count(), 1);
        assert!(!hub.has_errors());
        assert!(b
            .sent
            .lock()
            .unwrap()
            .ends_with("event: build-ok\ndata: {}\n\n"));
    }
}
