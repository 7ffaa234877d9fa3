//! Front matter keys, read from the parsed value into typed fields. Everything else stays in
//! `params` for templates, as Hugo's `.Params` does.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, FixedOffset};
use serde_json::{Map, Value};

use crate::error::{Error, Location};
use crate::markdown::highlight::SourcePin;
use crate::value::{kind_of, Origin, Problems};
use crate::{Result, Warning};
use data::{locate, Format};

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

/// Where a page's front matter came from, to point problems at their line.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    /// The front matter's own text.
    pub text: &'a str,
    pub format: Format,
    /// Its first line in the file.
    pub first_line: usize,
}

/// Reads the typed keys with Hugo's lenient rules ([`crate::value`]). Every bad key of the
/// file is reported at once, each at its line; guesses Hugo makes come back as warnings.
pub fn read_meta(
    path: &Path,
    value: Value,
    source: Source,
    taxonomies: &[(String, String)],
) -> Result<(Meta, Vec<Warning>)> {
    let params = match value {
        Value::Object(map) => map,
        Value::Null => Map::new(),
        other => {
            return Err(Error::FrontMatter {
                path: path.to_path_buf(),
                location: Location::new(source.first_line, 1),
                message: format!("expected keys and values, found {}", kind_of(&other)),
            })
        }
    };
    let problems = Problems::new(Origin::FrontMatter, |keys| {
        let l = locate(source.text, source.format, keys);
        let l = Location::new(l.line + source.first_line - 1, l.column);
        (path.to_path_buf(), l)
    });
    let f = problems.fields(&params);
    let text = |key: &str| f.text(key).filter(|s| !s.trim().is_empty());
    let mut meta = Meta {
        title: f.text("title").unwrap_or_default(),
        date: f.date("date"),
        lastmod: f.date("lastmod"),
        publish_date: f.date("publishdate").or_else(|| f.date("pubdate")),
        expiry_date: f.date("expirydate").or_else(|| f.date("unpublishdate")),
        draft: f.boolean("draft").unwrap_or(false),
        description: f.text("description").unwrap_or_default(),
        keywords: f.strings("keywords").unwrap_or_default(),
        summary: f.text("summary"),
        slug: text("slug"),
        url: text("url"),
        aliases: f.strings("aliases").unwrap_or_default(),
        weight: f.integer("weight").unwrap_or(0),
        toc: f.boolean("toc").unwrap_or(false),
        summary_length: f.count("summarylength"),
        layout: f.text("layout").map(|l| l.trim().to_string()),
        source: None,
        taxonomies: BTreeMap::new(),
        params: Map::new(),
    };
    if meta.date.is_none() {
        meta.date = meta.publish_date;
    }
    if let Some(pin) = f.get("source").filter(|v| v.is_object()) {
        match serde_json::from_value::<SourcePin>(pin.clone()) {
            Ok(pin) => meta.source = Some(pin),
            Err(e) => f.error(
                "source",
                format!("{e}; write source: {{repo: URL, ref: TAG}}"),
            ),
        }
    }
    for (_, plural) in taxonomies {
        let terms = f.strings(plural).unwrap_or_default();
        if !terms.is_empty() {
            meta.taxonomies.insert(plural.clone(), terms);
        }
    }
    drop(f);
    let warnings = problems.finish()?;
    meta.params = params;
    Ok((meta, warnings))
}

#[cfg(test)]
mod tests {
    use super::*;
    use data::{parse_data, Format};

    fn meta(yaml: &str) -> Result<Meta> {
        meta_and_warnings(yaml).map(|(m, _)| m)
    }

    fn meta_and_warnings(yaml: &str) -> Result<(Meta, Vec<Warning>)> {
        let v = parse_data(yaml, Format::Yaml).unwrap().value;
        let source = Source {
            text: yaml,
            format: Format::Yaml,
            first_line: 2,
        };
        read_meta(
            Path::new("p.md"),
            v,
            source,
            &[("tag".into(), "tags".into())],
        )
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
                Error::FrontMatter {
                    location: Location { line: 3, .. },
                    ..
                }
            ),
            "{e}"
        );
    }

    #[test]
    fn wrong_type_names_its_line() {
        let e = meta("title: T\ndraft: [maybe]\n").unwrap_err();
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

    #[test]
    fn every_bad_key_is_reported_at_its_line() {
        let e = meta("title: T\ndate: yesterday\nweight: heavy\ntoc:\n  depth: 2\n").unwrap_err();
        let lines: Vec<usize> = e
            .flatten()
            .iter()
            .filter_map(|e| e.location())
            .map(|l| l.line)
            .collect();
        assert_eq!(lines, [3, 4, 5], "{e}");
    }

    #[test]
    fn hugo_lenient_values() {
        let (m, warnings) = meta_and_warnings(
            "title: 123\ndraft: flase\nweight: 0.0\ncategories: k8s\ntags:\n  - - 算法\n  - ok\ntoc:\n  enable: true\nsummaryLength: \"40\"\n",
        )
        .unwrap();
        assert_eq!(m.title, "123");
        assert!(!m.draft);
        assert_eq!(m.weight, 0);
        assert_eq!(m.taxonomies["tags"], ["ok"]);
        assert!(m.toc);
        assert_eq!(m.summary_length, Some(40));
        let lines: Vec<Option<usize>> = warnings.iter().map(|w| w.line).collect();
        assert_eq!(lines, [Some(3), Some(6)], "{warnings:?}");
    }
}
