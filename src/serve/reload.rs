//! Live reload over Server-Sent Events.
//!
//! Every HTML response gets a small script before `</body>` (added while answering, never
//! stored) that opens `EventSource("/__blog/events")`. The events stream leaves its
//! connection thread and is kept, non-blocking, in the [`Hub`]'s list, so an open tab costs
//! a socket, not a thread: a thousand tabs cannot starve the server, and one that stops
//! reading is dropped rather than waited for. A heartbeat comment every few seconds finds
//! the tabs that went away.
//!
//! Events: `hello` on connect and `reload` after a rebuild carry the generation of the site
//! being served; a page whose generation differs reloads, which also covers a rebuild that
//! happened between loading the page and connecting. The hub greets and adds a tab under
//! the same lock that a broadcast takes its client list under, so every tab either gets
//! the `reload` or is greeted with the new generation: tabs opened together all reload. `css` swaps the stylesheets' URLs (with
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

/// A connection's socket, shared with the thread that read its request: one descriptor.
struct SharedStream(std::sync::Arc<std::net::TcpStream>);

impl Write for SharedStream {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        (&*self.0).write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        (&*self.0).flush()
    }
}

/// How many pages may listen at once; more get a plain 503 and the rest keep working.
pub const MAX_CLIENTS: usize = 1024;

/// The open event streams, the generation they were last told, and the errors of the last
/// build if it failed.
///
/// Clients are written without blocking: the socket's send buffer is each client's queue,
/// and a client whose queue is full (a tab that stopped reading) is dropped instead of
/// stalling the rebuild. Sending happens outside the lock that subscribing takes, so a
/// new tab never waits for a broadcast; broadcasts are ordered by a lock of their own.
pub struct Hub {
    state: Mutex<HubState>,
    /// Held while sending, so two events reach every client in the order they were sent.
    sending: Mutex<()>,
    max_clients: usize,
}

struct HubState {
    clients: Vec<Client>,
    /// The generation of the last `hello`, `reload` or `css`: what a new tab is told.
    generation: u64,
    errors: Option<Vec<Problem>>,
}

impl Default for Hub {
    fn default() -> Self {
        Hub::with_capacity(MAX_CLIENTS)
    }
}

impl Hub {
    pub fn with_capacity(max_clients: usize) -> Hub {
        Hub {
            state: Mutex::new(HubState {
                clients: Vec::new(),
                generation: 1,
                errors: None,
            }),
            sending: Mutex::new(()),
            max_clients,
        }
    }

    /// Takes over the connection of an events request: non-blocking from now on, then
    /// [`Hub::subscribe`]; over the cap, a plain 503.
    pub fn subscribe_stream(&self, stream: std::sync::Arc<std::net::TcpStream>) {
        if stream.set_nonblocking(true).is_err() {
            return;
        }
        if !self.subscribe(Box::new(SharedStream(stream.clone()))) {
            super::server::refuse_busy(&stream);
        }
    }

    /// Answers an events request on its raw, non-blocking connection and keeps it for later
    /// events. The first events say which generation is served, and show the current error.
    /// False when the hub is full and the client was not taken.
    pub fn subscribe(&self, mut client: Client) -> bool {
        let mut state = self.state.lock().unwrap();
        if state.clients.len() >= self.max_clients {
            return false;
        }
        let mut greeting = String::from(
            "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n\
             Connection: keep-alive\r\n\r\nretry: 500\n\n",
        );
        greeting.push_str(
            &Event::Hello {
                generation: state.generation,
            }
            .to_sse(),
        );
        if let Some(problems) = state.errors.clone() {
            greeting.push_str(&Event::BuildError(problems).to_sse());
        }
        // Under the lock, so no event can fall between the greeting and joining the list.
        if send(&mut client, &greeting) {
            state.clients.push(client);
        }
        true
    }

    /// Sends `event` to every open page and forgets the pages that are gone or too slow.
    /// A failed build is remembered for pages that connect later; a good one clears it.
    pub fn broadcast(&self, event: &Event) {
        let _order = self.sending.lock().unwrap();
        let clients = {
            let mut state = self.state.lock().unwrap();
            match event {
                Event::BuildError(problems) => state.errors = Some(problems.clone()),
                Event::BuildOk => state.errors = None,
                Event::Hello { generation }
                | Event::Reload { generation }
                | Event::Css { generation } => state.generation = *generation,
            }
            std::mem::take(&mut state.clients)
        };
        self.send_to(clients, &event.to_sse());
    }

    /// An SSE comment: keeps proxies from timing out and finds closed connections.
    pub fn heartbeat(&self) {
        let _order = self.sending.lock().unwrap();
        let clients = std::mem::take(&mut self.state.lock().unwrap().clients);
        self.send_to(clients, ": ping\n\n");
    }

    pub fn client_count(&self) -> usize {
        self.state.lock().unwrap().clients.len()
    }

    /// Whether the last build failed.
    pub fn has_errors(&self) -> bool {
        self.state.lock().unwrap().errors.is_some()
    }

    /// Sends `text` to `clients` with no lock held, then puts back those that took it
    /// beside the ones that subscribed meanwhile (they were greeted with the new state).
    fn send_to(&self, mut clients: Vec<Client>, text: &str) {
        clients.retain_mut(|client| send(client, text));
        self.state.lock().unwrap().clients.extend(clients);
    }
}

/// Writes all of `text` without waiting; false when the client is gone or its queue (the
/// socket's send buffer) is full, which ends that client.
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
        assert!(hub.subscribe(Box::new(a.clone())));
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
        assert!(hub.subscribe(Box::new(b.clone())));
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

    /// A tab that stopped reading: its socket's send buffer is full.
    struct Full;

    impl Write for Full {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::ErrorKind::WouldBlock.into())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_client_whose_queue_is_full_is_dropped_and_the_rest_served() {
        let hub = Hub::with_capacity(2);
        let reader = Recorder::default();
        assert!(hub.subscribe(Box::new(reader.clone())));
        // The greeting itself does not fit: the client is not kept, but it was not refused.
        assert!(hub.subscribe(Box::new(Full)));
        assert_eq!(hub.client_count(), 1);
        hub.broadcast(&Event::Reload { generation: 2 });
        assert!(reader
            .sent
            .lock()
            .unwrap()
            .ends_with("event: reload\ndata: {\"generation\":2}\n\n"));
        // A new tab is greeted with the generation of the last reload.
        let late = Recorder::default();
        assert!(hub.subscribe(Box::new(late.clone())));
        assert!(late.sent.lock().unwrap().contains("\"generation\":2"));
        // Over the cap: refused.
        assert!(!hub.subscribe(Box::new(Recorder::default())));
    }
}
