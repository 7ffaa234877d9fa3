//! The few site settings some functions read: the base URL for `absURL`, the language for
//! `time.Format` and `lang.FormatNumber`, the time zone for `time`, the clock for `now`, and a
//! sink for what `errorf` and `warnf` report.

use std::collections::BTreeMap;
use std::sync::Mutex;

use crate::time::{Location, Time};

/// How `title` capitalizes, as Hugo's `titleCaseStyle` setting says.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TitleCaseStyle {
    /// The Associated Press style guide: small words stay lower case. Hugo's default.
    #[default]
    Ap,
    /// The Chicago Manual of Style.
    Chicago,
    /// Go's `strings.Title`: every word's first letter upper case.
    Go,
    /// Only the first letter of the string.
    FirstUpper,
    /// Leave the string as it is.
    None,
}

impl TitleCaseStyle {
    /// Reads Hugo's setting (`ap`, `chicago`, `go`, `firstupper`, `none`, any case).
    pub fn parse(s: &str) -> TitleCaseStyle {
        match s.to_ascii_lowercase().as_str() {
            "chicago" => TitleCaseStyle::Chicago,
            "go" => TitleCaseStyle::Go,
            "firstupper" => TitleCaseStyle::FirstUpper,
            "none" => TitleCaseStyle::None,
            _ => TitleCaseStyle::Ap,
        }
    }
}

/// How serious a reported message is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MessageLevel {
    Error,
    Warning,
    Info,
}

/// A message `errorf`, `warnf`, `erroridf` or `warnidf` reported; `id` for the `*idf` ones,
/// which Hugo's `ignoreLogs` setting can silence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub level: MessageLevel,
    pub id: Option<String>,
    pub text: String,
}

/// The site settings the functions that need them read.
#[derive(Debug)]
pub struct Env {
    /// The site's `baseURL`, as configured (`https://example.org/docs/`).
    pub base_url: String,
    /// The current language's code (`en`, `zh-cn`, `de`), for month and day names and number
    /// formats.
    pub language: String,
    /// The URL prefix of the current language (`fr` on a multilingual site whose French pages
    /// live under `/fr/`; empty for the default language unless it is in a subdirectory).
    pub language_prefix: String,
    /// The site's `timeZone`; times parsed without an offset are read in it.
    pub location: Location,
    /// What `now` returns; `None` takes the system clock. A fixed clock makes builds that
    /// print the date reproducible.
    pub clock: Option<Time>,
    /// `titleCaseStyle`.
    pub title_case_style: TitleCaseStyle,
    /// The environment `os.Getenv` may read; only `HUGO_` variables are ever returned, as
    /// Hugo's default security policy allows.
    pub environ: BTreeMap<String, String>,
    /// `ignoreLogs`: ids of `erroridf`/`warnidf` messages to drop.
    pub ignore_logs: Vec<String>,
    /// What `errorf`, `warnf` and friends reported, in order. An `errorf` message should fail
    /// the build, as in Hugo; the host decides.
    pub messages: Mutex<Vec<Message>>,
}

impl Default for Env {
    fn default() -> Self {
        Env {
            base_url: String::new(),
            language: "en".into(),
            language_prefix: String::new(),
            location: Location::Utc,
            clock: None,
            title_case_style: TitleCaseStyle::Ap,
            environ: BTreeMap::new(),
            ignore_logs: Vec::new(),
            messages: Mutex::new(Vec::new()),
        }
    }
}

impl Env {
    /// An environment with this base URL and the defaults otherwise.
    pub fn with_base_url(base_url: &str) -> Env {
        Env {
            base_url: base_url.into(),
            ..Env::default()
        }
    }

    /// Copies the process's `HUGO_` variables into [`Env::environ`].
    pub fn read_process_environ(&mut self) {
        for (k, v) in std::env::vars() {
            if k.starts_with("HUGO_") {
                self.environ.insert(k, v);
            }
        }
    }

    pub(crate) fn report(&self, level: MessageLevel, id: Option<&str>, text: String) {
        if let Some(id) = id {
            if self.ignore_logs.iter().any(|i| i.eq_ignore_ascii_case(id)) {
                return;
            }
        }
        let mut messages = self.messages.lock().unwrap_or_else(|e| e.into_inner());
        messages.push(Message {
            level,
            id: id.map(str::to_string),
            text,
        });
    }

    /// The messages reported so far, leaving the sink empty.
    pub fn take_messages(&self) -> Vec<Message> {
        std::mem::take(&mut *self.messages.lock().unwrap_or_else(|e| e.into_inner()))
    }
}
