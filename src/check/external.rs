//! External links (`blog check --external`): each unique URL once, `HEAD` and, when that is
//! refused, `GET`; a few requests at a time and fewer per host, a timeout for each, retries
//! with growing pauses for 429 and 5xx, redirects followed one by one so a permanent one can
//! be reported. URLs found good are remembered under the cache folder for a day.
//!
//! The HTTP client is `ureq`: blocking (the check is a short batch, threads are enough),
//! small, maintained, with rustls for https.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::path::PathBuf;
use std::sync::{Condvar, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use regex::Regex;
use serde::{Deserialize, Serialize};

/// How external links are checked; `[params.check]` in the config sets the first three.
#[derive(Debug, Clone)]
pub struct ExternalOptions {
    /// URLs matching any of these regular expressions are not visited.
    pub skip: Vec<Regex>,
    /// For one request, connection to the last byte.
    pub timeout: Duration,
    /// Attempts after the first for 429 and 5xx answers.
    pub retries: u32,
    /// The pause before the first retry; it doubles each time.
    pub backoff: Duration,
    pub concurrency: usize,
    pub per_host: usize,
    /// Where good results are remembered; `None` remembers nothing.
    pub cache_file: Option<PathBuf>,
}

impl Default for ExternalOptions {
    fn default() -> Self {
        ExternalOptions {
            skip: Vec::new(),
            timeout: Duration::from_secs(10),
            retries: 3,
            backoff: Duration::from_millis(500),
            concurrency: 8,
            per_host: 2,
            cache_file: None,
        }
    }
}

/// What became of one URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Outcome {
    Ok,
    /// It answers, but only after a permanent redirect (301 or 308) to this URL.
    Moved(String),
    Broken(String),
    /// Matched a `skip` pattern.
    Skipped,
}

/// How long a good answer is trusted.
const CACHE_FOR: Duration = Duration::from_secs(24 * 60 * 60);
const MAX_REDIRECTS: usize = 10;

/// Checks each URL once and returns their outcomes, in `urls` order.
pub fn check(urls: &[String], options: &ExternalOptions) -> Vec<Outcome> {
    let now = SystemTime::now();
    let mut cache = Cache::load(options.cache_file.as_ref());
    let mut outcomes: Vec<Option<Outcome>> = urls
        .iter()
        .map(|url| {
            if options.skip.iter().any(|re| re.is_match(url)) {
                Some(Outcome::Skipped)
            } else {
                cache.fresh(url, now)
            }
        })
        .collect();
    let todo: VecDeque<usize> = (0..urls.len()).filter(|&i| outcomes[i].is_none()).collect();
    let results = visit_all(urls, todo, options);
    for (i, outcome) in results {
        if matches!(outcome, Outcome::Ok | Outcome::Moved(_)) {
            cache.remember(&urls[i], &outcome, now);
        }
        outcomes[i] = Some(outcome);
    }
    cache.save(options.cache_file.as_ref());
    outcomes
        .into_iter()
        .map(|o| o.unwrap_or(Outcome::Skipped))
        .collect()
}

/// The shared work list: URLs waiting, and requests running per host.
struct Work {
    queue: VecDeque<usize>,
    running: HashMap<String, usize>,
}

/// Runs `concurrency` workers; each takes the first waiting URL whose host is not busy.
fn visit_all(
    urls: &[String],
    queue: VecDeque<usize>,
    options: &ExternalOptions,
) -> Vec<(usize, Outcome)> {
    let agent = agent(options.timeout);
    let work = Mutex::new(Work {
        queue,
        running: HashMap::new(),
    });
    let changed = Condvar::new();
    let results = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..options.concurrency.max(1) {
            scope.spawn(|| {
                while let Some(i) = take(&work, &changed, urls, options.per_host) {
                    let outcome = visit(&agent, &urls[i], options);
                    results.lock().unwrap().push((i, outcome));
                    let mut w = work.lock().unwrap();
                    if let Some(n) = w.running.get_mut(host(&urls[i])) {
                        *n -= 1;
                    }
                    changed.notify_all();
                }
            });
        }
    });
    results.into_inner().unwrap()
}

fn take(work: &Mutex<Work>, changed: &Condvar, urls: &[String], per_host: usize) -> Option<usize> {
    let mut w = work.lock().unwrap();
    loop {
        if w.queue.is_empty() {
            return None;
        }
        let free = w
            .queue
            .iter()
            .position(|&i| w.running.get(host(&urls[i])).copied().unwrap_or(0) < per_host.max(1));
        if let Some(pos) = free {
            let i = w.queue.remove(pos)?;
            *w.running.entry(host(&urls[i]).to_string()).or_default() += 1;
            return Some(i);
        }
        w = changed.wait(w).unwrap();
    }
}

fn host(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split(['/', '?', '#']).next().unwrap_or(rest)
}

fn agent(timeout: Duration) -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .max_redirects(0)
        .max_redirects_will_error(false)
        .http_status_as_error(false)
        .user_agent(concat!("blog-check/", env!("CARGO_PKG_VERSION")))
        .build()
        .into()
}

/// Follows one URL to its end: retries, redirects, `HEAD` then `GET`.
fn visit(agent: &ureq::Agent, url: &str, options: &ExternalOptions) -> Outcome {
    let mut current = url.split('#').next().unwrap_or(url).to_string();
    let mut moved = None;
    for _ in 0..MAX_REDIRECTS {
        let (status, location) = match request_with_retries(agent, &current, options) {
            Ok(answer) => answer,
            Err(message) => return Outcome::Broken(message),
        };
        match (status, location) {
            (200..=299, _) => return moved.map_or(Outcome::Ok, Outcome::Moved),
            (300..=399, Some(location)) => {
                let next = join_location(&current, &location);
                if matches!(status, 301 | 308) || moved.is_some() {
                    moved = Some(next.clone());
                }
                current = next;
            }
            (status, _) => return Outcome::Broken(format!("HTTP {status}")),
        }
    }
    Outcome::Broken(format!("more than {MAX_REDIRECTS} redirects"))
}

/// One step: `HEAD` (then `GET` when `HEAD` is not answered well), repeated with growing
/// pauses while the server says 429 or 5xx. Returns the status and any `Location`.
fn request_with_retries(
    agent: &ureq::Agent,
    url: &str,
    options: &ExternalOptions,
) -> Result<(u16, Option<String>), String> {
    let mut pause = options.backoff;
    let mut attempt = 0;
    loop {
        let mut answer = request(agent, "HEAD", url);
        if !matches!(&answer, Ok((200..=399, _, _))) {
            answer = request(agent, "GET", url);
        }
        let (status, location, retry_after) = answer?;
        let again = status == 429 || (500..=599).contains(&status);
        if !again || attempt >= options.retries {
            return Ok((status, location));
        }
        std::thread::sleep(
            retry_after
                .filter(|d| *d <= Duration::from_secs(30))
                .unwrap_or(pause),
        );
        pause *= 2;
        attempt += 1;
    }
}

type Answer = (u16, Option<String>, Option<Duration>);

fn request(agent: &ureq::Agent, method: &str, url: &str) -> Result<Answer, String> {
    let response = if method == "HEAD" {
        agent.head(url).call()
    } else {
        agent.get(url).call()
    };
    let response = response.map_err(|e| match e {
        ureq::Error::Timeout(_) => "timed out".to_string(),
        e => e.to_string(),
    })?;
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let retry_after = header("retry-after")
        .and_then(|v| v.trim().parse().ok())
        .map(Duration::from_secs);
    Ok((response.status().as_u16(), header("location"), retry_after))
}

/// Resolves a `Location` header against the URL that sent it.
fn join_location(from: &str, location: &str) -> String {
    if location.contains("://") {
        return location.to_string();
    }
    let (scheme, rest) = from.split_once("://").unwrap_or(("https", from));
    let host = host(from);
    if let Some(abs) = location.strip_prefix("//") {
        return format!("{scheme}://{abs}");
    }
    if location.starts_with('/') {
        return format!("{scheme}://{host}{location}");
    }
    let path = &rest[host.len()..];
    let dir = &path[..path.rfind('/').map_or(0, |i| i + 1)];
    format!(
        "{scheme}://{host}{}{location}",
        if dir.is_empty() { "/" } else { dir }
    )
}

/// Good answers of the last day, by URL.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Cache {
    entries: BTreeMap<String, (u64, Outcome)>,
}

impl Cache {
    fn load(path: Option<&PathBuf>) -> Cache {
        path.and_then(|p| std::fs::read(p).ok())
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    fn fresh(&self, url: &str, now: SystemTime) -> Option<Outcome> {
        let (at, outcome) = self.entries.get(url)?;
        let age = now
            .duration_since(UNIX_EPOCH)
            .ok()?
            .as_secs()
            .checked_sub(*at)?;
        (age < CACHE_FOR.as_secs()).then(|| outcome.clone())
    }

    fn remember(&mut self, url: &str, outcome: &Outcome, now: SystemTime) {
        let at = now.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
        self.entries.insert(url.to_string(), (at, outcome.clone()));
    }

    fn save(&self, path: Option<&PathBuf>) {
        let Some(path) = path else { return };
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        if let Ok(bytes) = serde_json::to_vec(self) {
            // Best effort: a cache that cannot be written only costs a slower next run.
            let _ = std::fs::write(path, bytes);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_resolve_against_the_answering_url() {
        assert_eq!(join_location("http://a.io/x/y", "/z"), "http://a.io/z");
        assert_eq!(join_location("http://a.io/x/y", "z"), "http://a.io/x/z");
        assert_eq!(join_location("http://a.io", "z"), "http://a.io/z");
        assert_eq!(
            join_location("http://a.io/x", "https://b.io/"),
            "https://b.io/"
        );
        assert_eq!(host("http://127.0.0.1:8080/a?b"), "127.0.0.1:8080");
    }
}
