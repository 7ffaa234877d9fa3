//! Values as Hugo reads them. Hugo passes every config and front matter value through
//! spf13/cast, so `"100"` is a number, `"true"` a boolean, `0.0` a whole number, `"k8s"` a
//! one-item list and `2024-05-01 10:30:00 +0800` a date. Config and front matter both read
//! their typed keys through [`Fields`], so the two can never disagree on what a value means.
//!
//! A value that cannot be used is an error at its key's `file:line:col` saying what was
//! expected; a value Hugo would read by guessing (`draft: flase`, a list inside a list) is
//! used as Hugo uses it, with a warning. Every problem of a file is collected, not just the
//! first, so one run shows them all.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc};
use serde_json::{Map, Value};

use crate::error::{Error, Location};
use crate::{Result, Warning};

/// A value read with a guess Hugo makes silently; `note` says what was guessed.
#[derive(Debug, Clone, PartialEq)]
pub struct Cast<T> {
    pub value: T,
    pub note: Option<String>,
}

impl<T> Cast<T> {
    fn exact(value: T) -> Self {
        Cast { value, note: None }
    }
}

/// What a value is, in a writer's words, for "expected X, found Y".
pub fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "nothing",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a table",
    }
}

/// Text: strings as they are, numbers and booleans as written (`title: 123`).
pub fn text(v: &Value) -> std::result::Result<String, String> {
    match v {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        other => Err(format!("expected text, found {}", kind_of(other))),
    }
}

/// A boolean as Go's `strconv.ParseBool` reads it (`true`, `"TRUE"`, `"1"`, `"f"`), numbers
/// as non-zero, and YAML 1.1's `yes`/`no`/`on`/`off` (go-yaml v2, Hugo up to 0.111).
/// Anything else is false with a note, as Hugo reads `draft: flase`. A list or table is an
/// error, unless it is a table with `enable` (LoveIt's `toc: {enable: true}`).
pub fn boolean(v: &Value) -> std::result::Result<Cast<bool>, String> {
    match v {
        Value::Bool(b) => Ok(Cast::exact(*b)),
        Value::Number(n) => Ok(Cast::exact(n.as_f64().is_some_and(|f| f != 0.0))),
        Value::String(s) => Ok(bool_of_text(s.trim())),
        Value::Object(map) => match map.iter().find(|(k, _)| k.eq_ignore_ascii_case("enable")) {
            Some((_, enable)) => boolean(enable),
            None => Err("expected true or false (or a table with `enable`), found a table".into()),
        },
        other => Err(format!("expected true or false, found {}", kind_of(other))),
    }
}

fn bool_of_text(s: &str) -> Cast<bool> {
    match s {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Cast::exact(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" | "" => Cast::exact(false),
        _ => match s.to_ascii_lowercase().as_str() {
            "yes" | "y" | "on" => Cast {
                value: true,
                note: Some(format!(
                    "{s:?} is read as true (YAML 1.1, as Hugo 0.111 does); write true"
                )),
            },
            "no" | "n" | "off" => Cast {
                value: false,
                note: Some(format!("{s:?} is read as false (YAML 1.1); write false")),
            },
            _ => Cast {
                value: false,
                note: Some(format!(
                    "{s:?} is not true or false; it is read as false, as Hugo does"
                )),
            },
        },
    }
}

/// A whole number: integers, floats with nothing after the point (`weight = 0.0`), and
/// strings holding either (`summaryLength = "100"`).
pub fn integer(v: &Value) -> std::result::Result<i64, String> {
    let from_float = |f: f64| (f.fract() == 0.0 && f.abs() < 9.0e15).then_some(f as i64);
    let found = match v {
        Value::Number(n) => match n.as_i64() {
            Some(i) => return Ok(i),
            None => match n.as_f64().and_then(from_float) {
                Some(i) => return Ok(i),
                None => format!("{n}"),
            },
        },
        Value::String(s) => {
            let t = s.trim();
            if let Ok(i) = t.parse::<i64>() {
                return Ok(i);
            }
            if let Some(i) = t.parse::<f64>().ok().and_then(from_float) {
                return Ok(i);
            }
            format!("{s:?}")
        }
        Value::Bool(b) => return Ok(i64::from(*b)),
        other => kind_of(other).to_string(),
    };
    Err(format!("expected a whole number, found {found}"))
}

/// A whole number that is not negative (a count or a length).
pub fn count(v: &Value) -> std::result::Result<usize, String> {
    let n = integer(v)?;
    usize::try_from(n).map_err(|_| format!("expected a count (0 or more), found {n}"))
}

/// A list of text: a list, or one string as a one-item list (`categories: "k8s"`), as
/// Hugo's `ToStringSlicePreserveString` does. Items that are lists or tables are dropped
/// with a note (Hugo drops them too); empty items are left out.
pub fn strings(v: &Value) -> std::result::Result<Cast<Vec<String>>, String> {
    match v {
        Value::Null => Ok(Cast::exact(Vec::new())),
        Value::String(_) | Value::Number(_) | Value::Bool(_) => {
            let s = text(v)?;
            let s = s.trim();
            Ok(Cast::exact(if s.is_empty() {
                Vec::new()
            } else {
                vec![s.to_string()]
            }))
        }
        Value::Array(items) => {
            let mut out = Vec::new();
            let mut dropped = Vec::new();
            for item in items {
                match text(item) {
                    Ok(s) if s.trim().is_empty() => {}
                    Ok(s) => out.push(s.trim().to_string()),
                    Err(_) if item.is_null() => {}
                    Err(_) => dropped.push(kind_of(item)),
                }
            }
            let note = (!dropped.is_empty()).then(|| {
                format!(
                    "{} item(s) that are not text ({}) are left out, as Hugo does; \
                     write one term per item",
                    dropped.len(),
                    dropped.join(", ")
                )
            });
            Ok(Cast { value: out, note })
        }
        other => Err(format!("expected a list of text, found {}", kind_of(other))),
    }
}

/// A date, from a string in any layout Hugo accepts (or a TOML datetime, which the parser
/// hands over as RFC 3339 text). Empty text is no date.
pub fn date(v: &Value) -> std::result::Result<Option<DateTime<FixedOffset>>, String> {
    let s = text(v).map_err(|_| format!("expected a date, found {}", kind_of(v)))?;
    if s.trim().is_empty() {
        return Ok(None);
    }
    parse_date(&s).map(Some).ok_or_else(|| {
        format!(
            "cannot read {s:?} as a date; write it as 2024-05-01, 2024-05-01T10:30:00 or \
             2024-05-01T10:30:00+08:00"
        )
    })
}

/// Layouts with a numeric zone, from Hugo's (spf13/cast's) list.
const ZONED: &[&str] = &[
    "%Y-%m-%dT%H:%M:%S%.f%:z",
    "%Y-%m-%dT%H:%M:%S%.f%z",
    "%Y-%m-%d %H:%M:%S%.f%:z",
    "%Y-%m-%d %H:%M:%S%.f%z",
    "%Y-%m-%d %H:%M:%S%.f %:z",
    "%Y-%m-%d %H:%M:%S%.f %z",
    "%Y-%m-%dT%H:%M%:z",
    "%Y-%m-%d %H:%M%:z",
    "%a, %d %b %Y %H:%M:%S %z", // RFC 1123Z
    "%d %b %y %H:%M %z",        // RFC 822Z
    "%a %b %d %H:%M:%S %z %Y",  // Ruby
];

/// Layouts without a zone (taken as UTC); a trailing `Z`, `UTC`, `GMT` or `MST`-style
/// name is removed first.
const NAIVE: &[&str] = &[
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M",
    "%a, %d %b %Y %H:%M:%S", // RFC 1123
    "%A, %d-%b-%y %H:%M:%S", // RFC 850
    "%d %b %y %H:%M",        // RFC 822
    "%a %b %e %H:%M:%S %Y",  // ANSIC, and UnixDate once its zone is removed
];

/// Reads the date layouts Hugo accepts. A date without a zone is taken as UTC, as Hugo does
/// by default, so the output does not depend on the machine's zone.
pub fn parse_date(s: &str) -> Option<DateTime<FixedOffset>> {
    let s = s.trim();
    parse_any_layout(s).or_else(|| parse_any_layout(&strip_zone_name(s)?))
}

fn parse_any_layout(s: &str) -> Option<DateTime<FixedOffset>> {
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d);
    }
    if let Some(d) = ZONED
        .iter()
        .find_map(|f| DateTime::parse_from_str(s, f).ok())
    {
        return Some(d);
    }
    parse_naive(s).map(|n| Utc.from_utc_datetime(&n).fixed_offset())
}

/// `2024-05-01 10:30:00 UTC` -> `2024-05-01 10:30:00`; `Mon Jan 2 15:04:05 MST 2006` ->
/// `Mon Jan 2 15:04:05 2006`. Zone names carry no offset we can trust, so they mean UTC.
fn strip_zone_name(s: &str) -> Option<String> {
    if let Some(rest) = s.strip_suffix('Z') {
        return Some(rest.to_string());
    }
    let words: Vec<&str> = s.split_whitespace().collect();
    let is_zone = |w: &str| (2..=5).contains(&w.len()) && w.chars().all(|c| c.is_ascii_uppercase());
    let at = words.iter().rposition(|w| is_zone(w))?;
    let mut kept = words.clone();
    kept.remove(at);
    Some(kept.join(" "))
}

fn parse_naive(s: &str) -> Option<NaiveDateTime> {
    if let Some(d) = NAIVE
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
    {
        return Some(d);
    }
    ["%Y-%m-%d", "%d %b %Y"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(s, f).ok())
        .and_then(|d| d.and_hms_opt(0, 0, 0))
}

/// Where problems go while one file is read: its errors and warnings, and how to find the
/// line and column of a key path (`["markup", "highlight", "style"]`).
pub struct Problems<'a> {
    origin: Origin,
    locate: Box<Locator<'a>>,
    errors: RefCell<Vec<Error>>,
    warnings: RefCell<Vec<Warning>>,
}

/// Finds the file, line and column where the value at a key path is set.
pub type Locator<'a> = dyn Fn(&[&str]) -> (PathBuf, Location) + 'a;

/// Which kind of file is read: it decides the error variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Config,
    FrontMatter,
}

impl<'a> Problems<'a> {
    /// `locate` says in which file and where the value at a key path is set (a config can be
    /// several files, see `config`).
    pub fn new(origin: Origin, locate: impl Fn(&[&str]) -> (PathBuf, Location) + 'a) -> Self {
        Problems {
            origin,
            locate: Box::new(locate),
            errors: RefCell::new(Vec::new()),
            warnings: RefCell::new(Vec::new()),
        }
    }

    /// Records an error about the value at `keys`.
    pub fn error(&self, keys: &[&str], message: impl Into<String>) {
        let (path, location) = (self.locate)(keys);
        let message = format!("`{}`: {}", keys.join("."), message.into());
        self.errors.borrow_mut().push(match self.origin {
            Origin::Config => Error::Config {
                path,
                location,
                message,
            },
            Origin::FrontMatter => Error::FrontMatter {
                path,
                location,
                message,
            },
        });
    }

    /// Records a warning about the value at `keys`; the build goes on.
    pub fn warn(&self, keys: &[&str], message: impl Into<String>) {
        let (path, location) = (self.locate)(keys);
        self.warnings.borrow_mut().push(Warning {
            path,
            line: Some(location.line),
            message: format!("`{}`: {}", keys.join("."), message.into()),
        });
    }

    /// Records a problem found elsewhere (a parse warning, an error of another reader).
    pub fn push_warning(&self, warning: Warning) {
        self.warnings.borrow_mut().push(warning);
    }

    /// Every error at once, or the warnings when there was none.
    pub fn finish(self) -> Result<Vec<Warning>> {
        Error::collect(self.errors.into_inner())?;
        Ok(self.warnings.into_inner())
    }

    /// The fields of a top-level table.
    pub fn fields(&'a self, table: &'a Map<String, Value>) -> Fields<'a> {
        Fields::new(self, Vec::new(), table)
    }
}

/// The keys of one table of one file, looked up case-insensitively as Hugo does. Each typed
/// getter returns `None` for a missing key, and for an unusable value, whose error it
/// records in [`Problems`], so a reader goes on and reports every bad key of a file.
pub struct Fields<'a> {
    problems: &'a Problems<'a>,
    prefix: Vec<String>,
    table: BTreeMap<String, (&'a str, &'a Value)>,
}

impl<'a> Fields<'a> {
    fn new(problems: &'a Problems<'a>, prefix: Vec<String>, table: &'a Map<String, Value>) -> Self {
        let table = table
            .iter()
            .map(|(k, v)| (k.to_lowercase(), (k.as_str(), v)))
            .collect();
        Fields {
            problems,
            prefix,
            table,
        }
    }

    /// The raw value of a key (lowercase), if set and not null.
    pub fn get(&self, key: &str) -> Option<&'a Value> {
        self.table
            .get(key)
            .map(|(_, v)| *v)
            .filter(|v| !v.is_null())
    }

    /// The lowercase keys of this table with their values, in order.
    pub fn entries(&self) -> impl Iterator<Item = (&str, &'a Value)> + '_ {
        self.table.iter().map(|(k, (_, v))| (k.as_str(), *v))
    }

    /// The full key path of `key`, as written, for messages and locations.
    fn keys<'k>(&'k self, key: &'k str) -> Vec<&'k str> {
        let written = self.table.get(key).map(|(w, _)| *w).unwrap_or(key);
        self.prefix
            .iter()
            .map(String::as_str)
            .chain(std::iter::once(written))
            .collect()
    }

    /// Records an error about `key` (its value cannot be used).
    pub fn error(&self, key: &str, message: impl Into<String>) {
        self.problems.error(&self.keys(key), message);
    }

    /// Records a warning about `key`.
    pub fn warn(&self, key: &str, message: impl Into<String>) {
        self.problems.warn(&self.keys(key), message);
    }

    fn read<T>(
        &self,
        key: &str,
        cast: impl Fn(&Value) -> std::result::Result<T, String>,
    ) -> Option<T> {
        let v = self.get(key)?;
        cast(v).map_err(|m| self.error(key, m)).ok()
    }

    fn read_noted<T>(
        &self,
        key: &str,
        cast: impl Fn(&Value) -> std::result::Result<Cast<T>, String>,
    ) -> Option<T> {
        let c = self.read(key, cast)?;
        if let Some(note) = c.note {
            self.warn(key, note);
        }
        Some(c.value)
    }

    pub fn text(&self, key: &str) -> Option<String> {
        self.read(key, text)
    }

    pub fn boolean(&self, key: &str) -> Option<bool> {
        self.read_noted(key, boolean)
    }

    pub fn integer(&self, key: &str) -> Option<i64> {
        self.read(key, integer)
    }

    pub fn count(&self, key: &str) -> Option<usize> {
        self.read(key, count)
    }

    pub fn strings(&self, key: &str) -> Option<Vec<String>> {
        self.read_noted(key, strings)
    }

    pub fn date(&self, key: &str) -> Option<DateTime<FixedOffset>> {
        self.read(key, date).flatten()
    }

    /// A nested table; anything else there is an error.
    pub fn table(&self, key: &str) -> Option<Fields<'a>> {
        match self.get(key)? {
            Value::Object(map) => {
                let mut prefix = self.prefix.clone();
                prefix.push(self.keys(key).last().unwrap().to_string());
                Some(Fields::new(self.problems, prefix, map))
            }
            other => {
                self.error(key, format!("expected a table, found {}", kind_of(other)));
                None
            }
        }
    }

    /// The items of a list of tables (`[[menu.main]]`), each with its index in the path.
    pub fn tables(&self, key: &str) -> Vec<Fields<'a>> {
        let Some(v) = self.get(key) else {
            return Vec::new();
        };
        let Value::Array(items) = v else {
            self.error(
                key,
                format!("expected a list of tables, found {}", kind_of(v)),
            );
            return Vec::new();
        };
        let written = self.keys(key).last().unwrap().to_string();
        items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| {
                let mut prefix = self.prefix.clone();
                prefix.push(written.clone());
                prefix.push(i.to_string());
                match item {
                    Value::Object(map) => Some(Fields::new(self.problems, prefix, map)),
                    other => {
                        let keys: Vec<&str> = prefix.iter().map(String::as_str).collect();
                        self.problems
                            .error(&keys, format!("expected a table, found {}", kind_of(other)));
                        None
                    }
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn numbers_and_booleans_given_as_strings() {
        assert_eq!(integer(&json!("100")), Ok(100));
        assert_eq!(integer(&json!(0.0)), Ok(0));
        assert_eq!(integer(&json!("2.0")), Ok(2));
        assert!(integer(&json!(1.5)).unwrap_err().contains("1.5"));
        assert!(integer(&json!("many")).unwrap_err().contains("\"many\""));
        assert!(count(&json!(-1)).is_err());
        assert!(boolean(&json!("true")).unwrap().value);
        assert!(boolean(&json!("1")).unwrap().value);
        assert!(boolean(&json!(1)).unwrap().value);
        assert_eq!(boolean(&json!("False")).unwrap(), Cast::exact(false));
    }

    #[test]
    fn hugo_guesses_are_noted() {
        let flase = boolean(&json!("flase")).unwrap();
        assert!(!flase.value && flase.note.is_some());
        let yes = boolean(&json!("yes")).unwrap();
        assert!(yes.value && yes.note.is_some());
        assert!(boolean(&json!({"enable": true})).unwrap().value);
        assert!(boolean(&json!({"other": 1})).is_err());
        assert!(boolean(&json!([true])).is_err());
    }

    #[test]
    fn one_string_is_a_one_item_list() {
        assert_eq!(strings(&json!("k8s, go")).unwrap().value, ["k8s, go"]);
        assert_eq!(
            strings(&json!(["a", 2, true])).unwrap().value,
            ["a", "2", "true"]
        );
        let nested = strings(&json!([["算法"], "ok"])).unwrap();
        assert_eq!(nested.value, ["ok"]);
        assert!(nested.note.is_some());
        assert!(strings(&json!({"a": 1})).is_err());
    }

    #[test]
    fn text_takes_numbers_not_lists() {
        assert_eq!(text(&json!(123)), Ok("123".into()));
        assert!(text(&json!([1])).is_err());
    }

    #[test]
    fn every_date_layout_hugo_accepts() {
        for (s, want) in [
            ("2024-05-01", "2024-05-01T00:00:00+00:00"),
            ("2024-05-01T10:30:00", "2024-05-01T10:30:00+00:00"),
            ("2024-05-01T10:30:00.5", "2024-05-01T10:30:00.500+00:00"),
            ("2024-05-01T10:30:00+08:00", "2024-05-01T10:30:00+08:00"),
            ("2024-05-01T10:30:00+0800", "2024-05-01T10:30:00+08:00"),
            ("2024-05-01 10:30:00 +0800", "2024-05-01T10:30:00+08:00"),
            ("2024-05-01 10:30:00 +08:00", "2024-05-01T10:30:00+08:00"),
            ("2024-05-01 10:30:00+08:00", "2024-05-01T10:30:00+08:00"),
            ("2024-05-01T10:30:00Z", "2024-05-01T10:30:00+00:00"),
            ("2024-05-01 10:30:00", "2024-05-01T10:30:00+00:00"),
            ("2024-05-01 10:30:00 UTC", "2024-05-01T10:30:00+00:00"),
            (
                "2024-05-01 10:30:00.123 +0800 CST",
                "2024-05-01T10:30:00.123+08:00",
            ),
            ("2024-05-01 10:30", "2024-05-01T10:30:00+00:00"),
            (
                "Wed, 01 May 2024 10:30:00 +0800",
                "2024-05-01T10:30:00+08:00",
            ),
            ("Wed, 01 May 2024 10:30:00 GMT", "2024-05-01T10:30:00+00:00"),
            ("Wed May  1 10:30:00 2024", "2024-05-01T10:30:00+00:00"),
            ("Wed May  1 10:30:00 UTC 2024", "2024-05-01T10:30:00+00:00"),
            ("01 May 2024", "2024-05-01T00:00:00+00:00"),
        ] {
            assert_eq!(
                parse_date(s).map(|d| d.to_rfc3339()),
                Some(want.to_string()),
                "{s}"
            );
        }
        assert_eq!(parse_date("May 1st"), None);
        assert_eq!(date(&json!("")), Ok(None));
        assert!(date(&json!([1])).is_err());
    }

    #[test]
    fn fields_collect_every_problem_at_its_key() {
        let table = json!({"Title": [1], "weight": "x", "draft": "flase", "sub": {"n": "2"}});
        let problems = Problems::new(Origin::FrontMatter, |keys| {
            (PathBuf::from("f.md"), Location::new(keys.len(), 1))
        });
        let fields = problems.fields(table.as_object().unwrap());
        assert_eq!(fields.text("title"), None);
        assert_eq!(fields.integer("weight"), None);
        assert_eq!(fields.boolean("draft"), Some(false));
        assert_eq!(fields.table("sub").unwrap().count("n"), Some(2));
        let errors = problems.finish().unwrap_err().into_list();
        assert_eq!(errors.len(), 2);
        assert!(
            errors[0].to_string().contains("`Title`: expected text"),
            "{}",
            errors[0]
        );
    }
}
