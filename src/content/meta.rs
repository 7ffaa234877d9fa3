//! Front matter keys, read from the parsed value into typed fields. Everything else stays in
//! `params` for templates, as Hugo's `.Params` does.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc};
use serde_json::{Map, Value};

use crate::config::kind_of;
use crate::content::front_matter::locate_key;
use crate::error::{Error, Location};
use crate::markdown::highlight::SourcePin;
use crate::Result;

/// The front matter a page or section can carry, typed.
#[derive(Debug, Clone, Default)]
pub struct Meta {
    pub title: String,
    pub date: Option<DateTime<FixedOffset>>,
    pub lastmod: Option<DateTime<FixedOffset>>,
    pub publish_date: Option<DateTime<FixedOffset>>,
    pub expiry_date: Option<DateTime<FixedOffset>>,
    pub draft: bool,
    pub description: String,
    pub keywords: Vec<String>,
    pub summary: Option<String>,
    pub slug: Option<String>,
    pub url: Option<String>,
    pub aliases: Vec<String>,
    pub weight: i64,
    pub toc: bool,
    pub summary_length: Option<usize>,
    pub layout: Option<String>,
    pub source: Option<SourcePin>,
    /// Configured taxonomy (plural name) -> terms as written.
    pub taxonomies: BTreeMap<String, Vec<String>>,
    /// Every front matter key, as written: what templates see as `page.params`.
    pub params: Map<String, Value>,
}

impl Meta {
    /// Whether a page with this front matter is in a build with these switches at `now`.
    pub fn is_published(
        &self,
        drafts: bool,
        future: bool,
        expired: bool,
        now: chrono::DateTime<chrono::Utc>,
    ) -> bool {
        let hidden_draft = self.draft && !drafts;
        let hidden_future = !future && self.publish_date.or(self.date).is_some_and(|d| d > now);
        let hidden_expired = !expired && self.expiry_date.is_some_and(|d| d <= now);
        !(hidden_draft || hidden_future || hidden_expired)
    }
}

/// Reads the typed keys. `text` is the front matter's own text and `first_line` its first
/// line in the file, so that an error names the line of the offending key.
pub fn read_meta(
    path: &Path,
    value: Value,
    text: &str,
    first_line: usize,
    taxonomies: &[(String, String)],
) -> Result<Meta> {
    let params = match value {
        Value::Object(map) => map,
        Value::Null => Map::new(),
        other => {
            return Err(Error::FrontMatter {
                path: path.to_path_buf(),
                location: Location::new(first_line, 1),
                message: format!("expected keys and values, found {}", kind_of(&other)),
            })
        }
    };
    let lower: BTreeMap<String, &Value> =
        params.iter().map(|(k, v)| (k.to_lowercase(), v)).collect();
    let at = |key: &str| {
        let l = locate_key(text, key).unwrap_or(Location::new(1, 1));
        Location::new(l.line + first_line - 1, l.column)
    };
    let bad = |key: &str, message: String| Error::FrontMatter {
        path: path.to_path_buf(),
        location: at(key),
        message: format!("`{key}`: {message}"),
    };
    let string = |key: &str| -> Result<Option<String>> {
        match lower.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(Value::Number(n)) => Ok(Some(n.to_string())),
            Some(Value::Bool(b)) => Ok(Some(b.to_string())),
            Some(other) => Err(bad(key, format!("expected text, found {}", kind_of(other)))),
        }
    };
    let date = |key: &str| -> Result<Option<DateTime<FixedOffset>>> {
        match string(key)? {
            None => Ok(None),
            Some(s) if s.trim().is_empty() => Ok(None),
            Some(s) => parse_date(&s).map(Some).ok_or_else(|| Error::Date {
                path: path.to_path_buf(),
                location: at(key),
                message: format!(
                    "`{key}`: cannot read {s:?} as a date; write it as 2024-05-01, \
                     2024-05-01T10:30:00 or 2024-05-01T10:30:00+08:00"
                ),
            }),
        }
    };
    let boolean = |key: &str| -> Result<bool> {
        match lower.get(key) {
            None | Some(Value::Null) => Ok(false),
            Some(Value::Bool(b)) => Ok(*b),
            Some(Value::String(s)) if s == "true" || s == "false" => Ok(s == "true"),
            Some(other) => Err(bad(
                key,
                format!("expected true or false, found {}", kind_of(other)),
            )),
        }
    };
    let list = |key: &str| -> Result<Vec<String>> {
        match lower.get(key) {
            None | Some(Value::Null) => Ok(Vec::new()),
            Some(Value::String(s)) => Ok(s
                .split(',')
                .map(|x| x.trim().to_string())
                .filter(|x| !x.is_empty())
                .collect()),
            Some(Value::Array(items)) => items
                .iter()
                .map(|i| match i {
                    Value::String(s) => Ok(s.trim().to_string()),
                    Value::Number(n) => Ok(n.to_string()),
                    Value::Bool(b) => Ok(b.to_string()),
                    other => Err(bad(
                        key,
                        format!("expected a list of text, found {} in it", kind_of(other)),
                    )),
                })
                .filter(|r| !matches!(r, Ok(s) if s.is_empty()))
                .collect(),
            Some(other) => Err(bad(
                key,
                format!("expected a list, found {}", kind_of(other)),
            )),
        }
    };
    let number = |key: &str| -> Result<Option<i64>> {
        match lower.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) if n.is_i64() => Ok(n.as_i64()),
            Some(Value::String(s)) => s
                .trim()
                .parse()
                .map(Some)
                .map_err(|_| bad(key, format!("expected a whole number, found {s:?}"))),
            Some(other) => Err(bad(
                key,
                format!("expected a whole number, found {}", kind_of(other)),
            )),
        }
    };

    let mut meta = Meta {
        title: string("title")?.unwrap_or_default(),
        date: date("date")?,
        lastmod: date("lastmod")?,
        publish_date: match date("publishdate")? {
            Some(d) => Some(d),
            None => date("pubdate")?,
        },
        expiry_date: match date("expirydate")? {
            Some(d) => Some(d),
            None => date("unpublishdate")?,
        },
        draft: boolean("draft")?,
        description: string("description")?.unwrap_or_default(),
        keywords: list("keywords")?,
        summary: string("summary")?,
        slug: string("slug")?.filter(|s| !s.trim().is_empty()),
        url: string("url")?.filter(|s| !s.trim().is_empty()),
        aliases: list("aliases")?,
        weight: number("weight")?.unwrap_or(0),
        toc: boolean("toc")?,
        summary_length: number("summarylength")?.map(|n| n.max(0) as usize),
        layout: string("layout")?,
        source: None,
        taxonomies: BTreeMap::new(),
        params: Map::new(),
    };
    if meta.date.is_none() {
        meta.date = meta.publish_date;
    }
    if let Some(v) = lower.get("source") {
        if v.is_object() {
            let pin: SourcePin = serde_json::from_value((*v).clone()).map_err(|e| {
                bad(
                    "source",
                    format!("{e}; write source: {{repo: URL, ref: TAG}}"),
                )
            })?;
            meta.source = Some(pin);
        }
    }
    for (_, plural) in taxonomies {
        let terms = list(plural)?;
        if !terms.is_empty() {
            meta.taxonomies.insert(plural.clone(), terms);
        }
    }
    meta.params = params;
    Ok(meta)
}

/// Reads the date forms found in Hugo sites. A date without a zone is taken as UTC, as
/// Hugo does by default, so the output does not depend on the machine's zone.
pub fn parse_date(s: &str) -> Option<DateTime<FixedOffset>> {
    let s = s.trim();
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d);
    }
    for f in [
        "%Y-%m-%dT%H:%M:%S%.f%:z",
        "%Y-%m-%d %H:%M:%S%.f%:z",
        "%Y-%m-%d %H:%M:%S%.f %:z",
        "%Y-%m-%d %H:%M:%S%.f %z",
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%d %H:%M%:z",
    ] {
        if let Ok(d) = DateTime::parse_from_str(s, f) {
            return Some(d);
        }
    }
    let utc = |n: NaiveDateTime| Utc.from_utc_datetime(&n).fixed_offset();
    if let Some(rest) = s.strip_suffix(" UTC").or_else(|| s.strip_suffix('Z')) {
        if let Some(d) = parse_naive(rest) {
            return Some(utc(d));
        }
    }
    parse_naive(s).map(utc)
}

fn parse_naive(s: &str) -> Option<NaiveDateTime> {
    for f in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(d) = NaiveDateTime::parse_from_str(s, f) {
            return Some(d);
        }
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::front_matter::{parse_data, Format};

    fn meta(yaml: &str) -> Result<Meta> {
        let v = parse_data(yaml, Format::Yaml).unwrap().value;
        read_meta(
            Path::new("p.md"),
            v,
            yaml,
            2,
            &[("tag".into(), "tags".into())],
        )
    }

    #[test]
    fn dates_with_and_without_time_and_zone() {
        for (s, want) in [
            ("2024-05-01", "2024-05-01T00:00:00+00:00"),
            ("2024-05-01T10:30:00", "2024-05-01T10:30:00+00:00"),
            ("2024-05-01T10:30:00+08:00", "2024-05-01T10:30:00+08:00"),
            ("2024-05-01 10:30:00 +0800", "2024-05-01T10:30:00+08:00"),
            ("2024-05-01T10:30:00Z", "2024-05-01T10:30:00+00:00"),
            ("2024-05-01 10:30", "2024-05-01T10:30:00+00:00"),
        ] {
            assert_eq!(
                parse_date(s).map(|d| d.to_rfc3339()),
                Some(want.to_string()),
                "{s}"
            );
        }
        assert_eq!(parse_date("May 1st"), None);
    }

    #[test]
    fn reads_known_keys_and_keeps_params() {
        let m = meta("title: T\nDate: 2024-01-02\ntags: [go, k8s]\ndraft: true\nweight: 3\nfoo: bar\nsource: {repo: https://github.com/a/b, ref: v1}\n").unwrap();
        assert_eq!(m.title, "T");
        assert_eq!(m.date.unwrap().to_rfc3339(), "2024-01-02T00:00:00+00:00");
        assert_eq!(m.taxonomies["tags"], ["go", "k8s"]);
        assert!(m.draft);
        assert_eq!(m.weight, 3);
        assert_eq!(m.params["foo"], "bar");
        assert_eq!(m.source.unwrap().git_ref, "v1");
    }

    #[test]
    fn bad_date_names_its_line() {
        let e = meta("title: T\ndate: yesterday\n").unwrap_err();
        assert!(
            matches!(
                e,
                Error::Date {
                    location: Location { line: 3, .. },
                    ..
                }
            ),
            "{e}"
        );
    }

    #[test]
    fn wrong_type_names_its_line() {
        let e = meta("title: T\ndraft: maybe\n").unwrap_err();
        assert!(
            matches!(
                e,
                Error::FrontMatter {
                    location: Location { line: 3, .. },
                    ..
                }
            ),
            "{e}"
        );
    }
}
