//! The config keys that shape the site rather than its look: `[permalinks]` by kind,
//! `disableKinds`, `[frontmatter]` date sources, `enableGitInfo`, and the Hugo keys blog
//! knows it does not support (named in one warning each rather than dropped silently).
//! Each key is read by a small function of its own, from the lowercased config table.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

/// `[permalinks]` as Hugo 0.112+ reads it: a plain `name = "pattern"` applies to the pages
/// of section `name` and to the terms of taxonomy `name`; the tables `[permalinks.page]`,
/// `[permalinks.section]`, `[permalinks.taxonomy]` and `[permalinks.term]` set one kind.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Permalinks {
    /// Section -> pattern for its regular pages.
    pub page: BTreeMap<String, String>,
    /// Section -> pattern for the section's own list page.
    pub section: BTreeMap<String, String>,
    /// Taxonomy (plural) -> pattern for its list of terms.
    pub taxonomy: BTreeMap<String, String>,
    /// Taxonomy (plural) -> pattern for each term's page.
    pub term: BTreeMap<String, String>,
}

/// The page kinds Hugo's `disableKinds` can name, lowercased.
pub const KINDS: &[&str] = &[
    "page",
    "home",
    "section",
    "taxonomy",
    "term",
    "rss",
    "sitemap",
    "robotstxt",
    "404",
];

/// Where `date`, `lastmod`, `publishDate` and `expiryDate` come from, in order: front
/// matter keys (`date`, `lastmod`, ...), `:filename`, `:fileModTime`, `:git`, `:default`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateSources {
    pub date: Vec<String>,
    pub lastmod: Vec<String>,
    pub publish_date: Vec<String>,
    pub expiry_date: Vec<String>,
}

impl Default for DateSources {
    /// Hugo's defaults.
    fn default() -> Self {
        let list = |keys: &[&str]| keys.iter().map(|k| k.to_string()).collect();
        DateSources {
            date: list(&[
                "date",
                "publishdate",
                "pubdate",
                "published",
                "lastmod",
                "modified",
            ]),
            lastmod: list(&[
                ":git",
                "lastmod",
                "modified",
                "date",
                "publishdate",
                "pubdate",
                "published",
            ]),
            publish_date: list(&["publishdate", "pubdate", "published", "date"]),
            expiry_date: list(&["expirydate", "unpublishdate"]),
        }
    }
}

impl DateSources {
    /// Whether any list names `source` (e.g. `:git`, `:filename`).
    pub fn uses(&self, source: &str) -> bool {
        [
            &self.date,
            &self.lastmod,
            &self.publish_date,
            &self.expiry_date,
        ]
        .iter()
        .any(|l| l.iter().any(|s| s == source))
    }
}

pub fn read_permalinks(v: &Value) -> Result<Permalinks, String> {
    let map = v
        .as_object()
        .ok_or("expected a table like `post = \"/:year/:slug/\"`")?;
    let mut out = Permalinks::default();
    for (key, value) in map {
        match value {
            Value::String(pattern) => {
                out.page.insert(key.clone(), pattern.clone());
                out.term.insert(key.clone(), pattern.clone());
            }
            Value::Object(kind) => {
                let target = match key.as_str() {
                    "page" => &mut out.page,
                    "section" => &mut out.section,
                    "taxonomy" => &mut out.taxonomy,
                    "term" => &mut out.term,
                    _ => return Err(format!("`{key}` is a table, but only `page`, `section`, `taxonomy` and `term` can be; write `{key} = \"/:slug/\"`")),
                };
                for (name, pattern) in kind {
                    let pattern = pattern.as_str().ok_or_else(|| {
                        format!("`{key}.{name}` must be a pattern like \"/:slug/\"")
                    })?;
                    target.insert(name.clone(), pattern.to_string());
                }
            }
            _ => return Err(format!("`{key}` must be a pattern like \"/:slug/\"")),
        }
    }
    Ok(out)
}

/// `disableKinds = ["taxonomy", "term", "RSS"]`: known kinds, lowercased.
pub fn read_disable_kinds(v: &Value) -> Result<BTreeSet<String>, String> {
    let items = v
        .as_array()
        .ok_or("expected a list like [\"taxonomy\", \"term\"]")?;
    let mut out = BTreeSet::new();
    for item in items {
        let kind = item.as_str().unwrap_or_default().to_lowercase();
        // Hugo 0.73 renamed the list of terms and the term page.
        let kind = match kind.as_str() {
            "taxonomyterm" => "taxonomy".to_string(),
            _ => kind,
        };
        if !KINDS.contains(&kind.as_str()) {
            return Err(format!(
                "unknown kind {item}; the kinds are {}",
                KINDS.join(", ")
            ));
        }
        out.insert(kind);
    }
    Ok(out)
}

/// `[frontmatter]`: each of `date`, `lastmod`, `publishDate`, `expiryDate` is a list of
/// sources; `:default` stands for Hugo's default list of that key.
pub fn read_date_sources(v: &Value) -> Result<DateSources, String> {
    let map = v
        .as_object()
        .ok_or("expected a table like `date = [\":filename\", \":default\"]`")?;
    let defaults = DateSources::default();
    let mut out = DateSources::default();
    for (key, list) in map {
        let (target, default) = match key.as_str() {
            "date" => (&mut out.date, &defaults.date),
            "lastmod" => (&mut out.lastmod, &defaults.lastmod),
            "publishdate" => (&mut out.publish_date, &defaults.publish_date),
            "expirydate" => (&mut out.expiry_date, &defaults.expiry_date),
            _ => {
                return Err(format!(
                    "unknown key `{key}`; the keys are date, lastmod, publishDate and expiryDate"
                ))
            }
        };
        let items: Vec<String> = match list {
            Value::String(s) => vec![s.to_lowercase()],
            Value::Array(a) => a
                .iter()
                .filter_map(|s| s.as_str())
                .map(str::to_lowercase)
                .collect(),
            _ => {
                return Err(format!(
                    "`{key}` must be a list like [\":filename\", \":default\"]"
                ))
            }
        };
        *target = items
            .into_iter()
            .flat_map(|s| match s.as_str() {
                ":default" => default.clone(),
                ":filemodtime" => vec![":filemodtime".into()],
                _ => vec![s],
            })
            .collect();
    }
    Ok(out)
}

/// Hugo keys that would change the site but that blog does not implement: each present one
/// is named in a warning, so nothing is dropped without a word.
pub const UNSUPPORTED: &[(&str, &str)] = &[(
    "languages",
    "multilingual sites are not supported; every page is built in the default language",
)];

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn plain_patterns_apply_to_pages_and_terms_and_kind_tables_to_their_kind() {
        let p = read_permalinks(&json!({
            "page": "/:slug/",
            "post": "/:year/:slug/",
            "section": {"post": "/articles/"},
            "term": {"tags": "/topic/:slug/"},
            "taxonomy": {"tags": "/topics/"},
        }))
        .unwrap();
        assert_eq!(p.page["page"], "/:slug/");
        assert_eq!(p.page["post"], "/:year/:slug/");
        assert_eq!(p.section["post"], "/articles/");
        assert_eq!(p.term["tags"], "/topic/:slug/");
        assert_eq!(p.taxonomy["tags"], "/topics/");
        assert!(read_permalinks(&json!({"posts": {"x": "/y/"}})).is_err());
    }

    #[test]
    fn date_sources_expand_default() {
        let d = read_date_sources(&json!({"date": [":filename", ":default"]})).unwrap();
        assert_eq!(d.date[0], ":filename");
        assert_eq!(d.date[1], "date");
        assert!(!d.uses(":filemodtime"));
        assert!(read_date_sources(&json!({"when": []})).is_err());
    }

    #[test]
    fn disable_kinds_known_and_lowercased() {
        let k = read_disable_kinds(&json!(["RSS", "taxonomyTerm", "404"])).unwrap();
        assert!(k.contains("rss") && k.contains("taxonomy") && k.contains("404"));
        assert!(read_disable_kinds(&json!(["pages"])).is_err());
    }
}
