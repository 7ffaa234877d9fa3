//! The connection layer of the dev server: accepting, bounding and timing connections.
//!
//! It is our own, on std's `TcpListener` with `httparse` reading requests, because
//! tiny_http could not be made safe: its accept thread ends for good on the first accept
//! error (file descriptors exhausted by a burst of connections: the port stays closed
//! while the process lives on), it starts a thread per connection without bound, has no
//! write timeout, and reads static files whole. Here:
//!
//! - the accept loop survives every error, backing off while descriptors are exhausted;
//! - a connection holds one descriptor (its socket, shared by the threads that touch it),
//!   and at most [`Limits::connections`] are served at once, fewer when the process may
//!   open fewer files: connections, event streams and the files being sent share the
//!   descriptor limit ([`descriptor_budget`]), so the cap is reached, and slow clients
//!   pushed out, before `accept` runs out of descriptors. When all slots are taken, a
//!   new connection pushes out the one that has waited longest for a request (a slow client
//!   that connected and sends nothing, or trickles its head, holds a slot for nothing): so
//!   thousands of slow clients cannot keep a writer's browser out, since its request arrives
//!   at once and the slow ones are always older. Only when every slot is busy answering does
//!   a new connection get a plain 503, closed at once (a few microseconds per connection);
//! - an idle keep-alive connection is closed after [`Limits::idle`], a request's head must
//!   arrive within [`Limits::head`], and a client that stops reading a response is dropped
//!   after [`Limits::write`];
//! - an events stream leaves its thread and slot at once for the reload hub (capped too).

use std::collections::BTreeMap;
use std::io::{ErrorKind, Read, Write};
use std::net::{IpAddr, Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::State;

/// The bounds of the server; [`Limits::default`] suits a writer's browser tabs with a wide
/// margin (hundreds of tabs opened at once each hold a connection until their events
/// request is read) while keeping a flood from exhausting threads or memory.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Connections served at once (each holds a thread while open).
    pub connections: usize,
    /// How long a keep-alive connection may wait for its next request.
    pub idle: Duration,
    /// How long a request's head may take to arrive once it started.
    pub head: Duration,
    /// How long a write may block on a client that does not read.
    pub write: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            connections: 1024,
            idle: Duration::from_secs(15),
            head: Duration::from_secs(10),
            write: Duration::from_secs(10),
        }
    }
}

/// The largest request head accepted (request line and headers).
const MAX_HEAD: usize = 16 * 1024;
/// Threads serving a connection need little stack: requests are answered from memory.
const STACK: usize = 256 * 1024;

/// A request as the handler needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    /// The request target as sent (`/post/x/?a=b`).
    pub target: String,
    /// The client wants the connection kept open after the response.
    pub keep_alive: bool,
    /// The request has a body; it is never read, so the connection closes after replying.
    pub has_body: bool,
}

/// Descriptors kept back from connections and event streams: the listener, the watcher,
/// the caches, standard streams, and whatever a rebuild opens.
const RESERVED_DESCRIPTORS: usize = 32;

/// How many descriptors connections and event streams may hold together: the process's
/// limit on open files (`ulimit -n`, read once the soft limit has been raised) less
/// [`RESERVED_DESCRIPTORS`].
pub fn descriptor_budget() -> usize {
    // SAFETY: getrlimit(2) into a struct we own.
    let limit = unsafe {
        let mut limit = std::mem::zeroed::<libc::rlimit>();
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) != 0 {
            return usize::MAX;
        }
        limit.rlim_cur
    };
    usize::try_from(limit)
        .unwrap_or(usize::MAX)
        .saturating_sub(RESERVED_DESCRIPTORS)
        .max(4)
}

/// How many connections may be open now: the configured cap, or fewer when the open event
/// streams leave less of the descriptor budget. A connection is counted twice: its socket,
/// and the file it may be sending.
fn connection_cap(state: &State, limits: Limits) -> usize {
    let left = state.descriptors.saturating_sub(state.hub.client_count());
    limits.connections.min(left / 2).max(1)
}

/// Binds the port; errors say what to do.
pub fn bind(ip: IpAddr, port: u16) -> anyhow::Result<TcpListener> {
    use anyhow::Context as _;
    let listener = TcpListener::bind((ip, port)).with_context(|| {
        format!(
            "cannot listen on {ip}:{port} (is another `blog serve` running? pick another port with -p)"
        )
    })?;
    deepen_backlog(&listener);
    Ok(listener)
}

/// std listens with a backlog of 128: a burst of thousands of connections (slow clients
/// pressing on the server) fills it, and the kernel drops the SYN of a writer's browser,
/// which retries only a second later. Listening again on the bound socket raises the
/// backlog to the system's cap (`net.core.somaxconn`, 4096 by default).
fn deepen_backlog(listener: &TcpListener) {
    #[cfg(unix)]
    {
        use std::os::fd::AsRawFd;
        // SAFETY: listen(2) on a socket the listener owns and keeps open; it only changes
        // the length of the queue of connections not yet accepted.
        unsafe { libc::listen(listener.as_raw_fd(), 65_535) };
    }
}

/// Starts the accept loop on its own thread.
pub fn spawn(listener: TcpListener, state: Arc<State>, limits: Limits) {
    std::thread::Builder::new()
        .name("accept".into())
        .spawn(move || accept_loop(&listener, &state, limits))
        .expect("start the accept thread");
}

/// Accepts forever. Running out of descriptors (or memory for sockets) is waited out with
/// a growing pause, so the listener stays open and serves again as soon as it can; every
/// other accept error concerns one connection only.
fn accept_loop(listener: &TcpListener, state: &Arc<State>, limits: Limits) {
    let slots = Slots::default();
    let mut pause = Duration::from_millis(5);
    loop {
        match listener.accept() {
            Ok((stream, _)) => {
                pause = Duration::from_millis(5);
                dispatch(stream, state, &slots, limits);
            }
            Err(e) if is_exhaustion(&e) => {
                // Descriptors ran out all the same (something else holds them): free one
                // from the slowest waiting client rather than leave the port deaf.
                if !slots.waiting.push_out_oldest() {
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(Duration::from_secs(1));
                }
            }
            Err(_) => {}
        }
    }
}

fn is_exhaustion(e: &std::io::Error) -> bool {
    #[cfg(unix)]
    if let Some(code) = e.raw_os_error() {
        return [libc::EMFILE, libc::ENFILE, libc::ENOBUFS, libc::ENOMEM].contains(&code);
    }
    matches!(e.kind(), ErrorKind::OutOfMemory)
}

/// The connection slots: how many are taken, and which connections wait for a request.
#[derive(Clone, Default)]
struct Slots {
    active: Arc<AtomicUsize>,
    waiting: Arc<Waiting>,
}

/// Connections waiting for a request head (new, or idle between keep-alive requests), by
/// the order they began to wait: the oldest is the one a new connection pushes out.
#[derive(Default)]
struct Waiting {
    next: AtomicU64,
    streams: Mutex<BTreeMap<u64, Arc<TcpStream>>>,
}

impl Waiting {
    fn enter(&self, stream: &Arc<TcpStream>) -> WaitTicket<'_> {
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        self.lock().insert(id, stream.clone());
        WaitTicket { waiting: self, id }
    }

    /// Shuts the longest-waiting connection: its read ends at once, its thread returns and
    /// frees the slot. False when no connection is waiting (every slot is answering).
    fn push_out_oldest(&self) -> bool {
        let oldest = self.lock().pop_first();
        oldest.is_some_and(|(_, stream)| {
            let _ = stream.shutdown(Shutdown::Both);
            true
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<u64, Arc<TcpStream>>> {
        self.streams.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A connection's place among the waiting, given up when its request has arrived.
struct WaitTicket<'a> {
    waiting: &'a Waiting,
    id: u64,
}

impl Drop for WaitTicket<'_> {
    fn drop(&mut self) {
        self.waiting.lock().remove(&self.id);
    }
}

/// Serves a connection on a thread of its own. When every slot is taken it pushes out the
/// connection that has waited longest for a request, and serves this one in its place (the
/// pushed-out thread frees its slot as it returns, so at most twice the cap run for a
/// moment); when none is waiting, or no thread can be started, it answers 503.
fn dispatch(stream: TcpStream, state: &Arc<State>, slots: &Slots, limits: Limits) {
    let cap = connection_cap(state, limits);
    let taken = slots.active.fetch_add(1, Ordering::AcqRel);
    if taken >= cap && (taken >= 2 * cap || !slots.waiting.push_out_oldest()) {
        slots.active.fetch_sub(1, Ordering::AcqRel);
        refuse_busy(&stream);
        return;
    }
    let slot = Slot(slots.active.clone());
    let waiting = slots.waiting.clone();
    let state = state.clone();
    // One socket, shared: the waiting list and a refusal use the same descriptor.
    let stream = Arc::new(stream);
    let for_refusal = stream.clone();
    let started = std::thread::Builder::new()
        .stack_size(STACK)
        .spawn(move || {
            let _slot = slot;
            serve_connection(stream, &state, &waiting, limits);
        });
    if started.is_err() {
        refuse_busy(&for_refusal);
    }
}

/// Frees a connection slot when its thread ends, however it ends.
struct Slot(Arc<AtomicUsize>);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// A plain 503 without waiting: the request is read as far as it has arrived (closing a
/// socket with unread data would reset it and lose the reply), the reply written if the
/// socket takes it at once, and the connection closed.
pub fn refuse_busy(mut stream: &TcpStream) {
    const BUSY: &[u8] =
        b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n\
Retry-After: 1\r\nContent-Length: 18\r\nConnection: close\r\n\r\nserver busy, retry";
    if stream.set_nonblocking(true).is_err() {
        return;
    }
    let mut sink = [0u8; 4096];
    let _ = stream.read(&mut sink);
    let _ = stream.write(BUSY);
    let _ = stream.shutdown(std::net::Shutdown::Write);
}

/// Answers requests on one connection until the client closes it, asks to, goes idle or
/// stops reading, is pushed out while it waits, or hands it to the reload hub.
fn serve_connection(stream: Arc<TcpStream>, state: &State, waiting: &Waiting, limits: Limits) {
    let _ = stream.set_nodelay(true);
    let _ = stream.set_write_timeout(Some(limits.write));
    let mut buffer = Vec::new();
    loop {
        // The waiting list holds the same socket, to shut it while this thread waits on it.
        let ticket = waiting.enter(&stream);
        let head = read_request(&stream, &mut buffer, limits);
        drop(ticket);
        let request = match head {
            Ok(Some(request)) => request,
            Ok(None) | Err(HeadError::Io) => return,
            Err(HeadError::TooLarge) => {
                let _ = super::http::write_plain(&stream, 431, "request head too large\n");
                return;
            }
            Err(HeadError::Malformed) => {
                let _ = super::http::write_plain(&stream, 400, "bad request\n");
                return;
            }
        };
        if super::http::is_events(&request) {
            // The hub keeps the socket; any bytes the client pipelined are of no use.
            state.hub.subscribe_stream(stream);
            return;
        }
        let keep_alive = request.keep_alive && !request.has_body;
        if super::http::handle(state, &request, &stream, keep_alive).is_err() || !keep_alive {
            return;
        }
    }
}

#[derive(Debug)]
enum HeadError {
    TooLarge,
    Malformed,
    Io,
}

/// Reads one request head into `buffer` (which keeps what follows it). `Ok(None)` when the
/// client closed or stayed idle between requests; a head that trickles in slower than
/// [`Limits::head`] is an error.
fn read_request(
    mut stream: &TcpStream,
    buffer: &mut Vec<u8>,
    limits: Limits,
) -> Result<Option<Request>, HeadError> {
    let mut started: Option<Instant> = None;
    loop {
        if !buffer.is_empty() {
            let mut headers = [httparse::EMPTY_HEADER; 64];
            let mut parsed = httparse::Request::new(&mut headers);
            match parsed.parse(buffer) {
                Ok(httparse::Status::Complete(len)) => {
                    let request = to_request(&parsed);
                    buffer.drain(..len);
                    return request.map(Some);
                }
                Ok(httparse::Status::Partial) if buffer.len() >= MAX_HEAD => {
                    return Err(HeadError::TooLarge)
                }
                Ok(httparse::Status::Partial) => {}
                Err(httparse::Error::TooManyHeaders) => return Err(HeadError::TooLarge),
                Err(_) => return Err(HeadError::Malformed),
            }
        }
        let wait = match started {
            None if buffer.is_empty() => limits.idle,
            _ => {
                let first = *started.get_or_insert_with(Instant::now);
                let left = limits.head.saturating_sub(first.elapsed());
                if left.is_zero() {
                    return Err(HeadError::Io);
                }
                left
            }
        };
        let _ = stream.set_read_timeout(Some(wait));
        let mut more = [0u8; 4096];
        match stream.read(&mut more) {
            Ok(0) if buffer.is_empty() => return Ok(None),
            Ok(0) => return Err(HeadError::Io),
            Ok(n) => buffer.extend_from_slice(&more[..n]),
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(_) if buffer.is_empty() => return Ok(None),
            Err(_) => return Err(HeadError::Io),
        }
    }
}

fn to_request(parsed: &httparse::Request) -> Result<Request, HeadError> {
    let (Some(method), Some(target), Some(version)) = (parsed.method, parsed.path, parsed.version)
    else {
        return Err(HeadError::Malformed);
    };
    let header = |name: &str| {
        parsed
            .headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| String::from_utf8_lossy(h.value).to_ascii_lowercase())
    };
    let connection = header("connection").unwrap_or_default();
    let keep_alive = if version >= 1 {
        !connection.contains("close")
    } else {
        connection.contains("keep-alive")
    };
    let has_body = header("transfer-encoding").is_some()
        || header("content-length").is_some_and(|l| l.trim() != "0");
    Ok(Request {
        method: method.to_string(),
        target: target.to_string(),
        keep_alive,
        has_body,
    })
}
