//! `config.toml` (or `hugo.toml`, `config.yaml`): Hugo's common keys, read case-insensitively
//! as Hugo does, so an existing Hugo site's config works unchanged.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::content::front_matter::{self, Format};
use crate::error::{Error, Location};
use crate::markdown::highlight::{HighlightConfig, SourcePin};
use crate::markdown::markup::MarkupConfig;
use crate::Result;

/// The config file names we look for, in Hugo's order of preference.
pub const CONFIG_FILES: &[&str] = &[
    "hugo.toml",
    "hugo.yaml",
    "hugo.yml",
    "config.toml",
    "config.yaml",
    "config.yml",
];

#[derive(Debug, Clone)]
pub struct Config {
    /// The file it was read from (for error messages); empty for the built-in default.
    pub path: PathBuf,
    /// baseURL without a trailing slash, e.g. `https://example.org` or `https://x.io/blog`.
    pub base_url: String,
    pub title: String,
    pub language_code: String,
    pub theme: Option<String>,
    pub copyright: String,
    pub paginate: usize,
    pub summary_length: usize,
    pub has_cjk_language: bool,
    /// `[params]`, with keys as written (themes read them as `site.params.x`).
    pub params: Map<String, Value>,
    pub menu_main: Vec<MenuEntry>,
    /// Taxonomies as (singular, plural), e.g. ("tag", "tags"), sorted by plural.
    pub taxonomies: Vec<(String, String)>,
    /// `[permalinks]`: section -> pattern like `/:year/:month/:slug/`.
    pub permalinks: BTreeMap<String, String>,
    pub highlight: HighlightConfig,
    /// `[params.source]`: the default upstream repository for source titles.
    pub source: Option<SourcePin>,
    /// How many items a feed holds (`rssLimit` or `[services.rss] limit`); 0 means all.
    pub rss_limit: usize,
    /// The markdown stage's switches: `[markup]`, `enableEmoji`, `params.math`, ...
    pub markup: MarkupConfig,
}

#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct MenuEntry {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub url: String,
    #[serde(default)]
    pub weight: i64,
    #[serde(default)]
    pub identifier: String,
    #[serde(default, rename = "pageref")]
    pub page_ref: String,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            path: PathBuf::new(),
            base_url: String::new(),
            title: "My Blog".into(),
            language_code: "en-us".into(),
            theme: None,
            copyright: String::new(),
            paginate: 10,
            summary_length: 70,
            has_cjk_language: false,
            params: Map::new(),
            menu_main: Vec::new(),
            taxonomies: vec![
                ("category".into(), "categories".into()),
                ("tag".into(), "tags".into()),
            ],
            permalinks: BTreeMap::new(),
            highlight: HighlightConfig::default(),
            source: None,
            rss_limit: 20,
            markup: MarkupConfig::default(),
        }
    }
}

impl Config {
    /// Finds and reads the site's config file; a site with none gets the defaults.
    pub fn from_site_dir(root: &Path) -> Result<Config> {
        for name in CONFIG_FILES {
            let path = root.join(name);
            if path.is_file() {
                // Errors name the file as the writer knows it, relative to the site.
                let text = std::fs::read_to_string(&path).map_err(|e| Error::read(&path, e))?;
                return Config::parse(Path::new(name), &text, Format::of_file(name));
            }
        }
        Ok(Config::default())
    }

    pub fn from_file(path: &Path) -> Result<Config> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::read(path, e))?;
        Config::parse(path, &text, Format::of_file(&path.to_string_lossy()))
    }

    /// Parses config text; `path` only names the file in errors.
    pub fn parse(path: &Path, text: &str, format: Format) -> Result<Config> {
        let parsed = front_matter::parse_data(text, format).map_err(|e| Error::Config {
            path: path.to_path_buf(),
            location: e.location,
            message: e.message,
        })?;
        let table = lowercase_keys(parsed.value.clone());
        let mut config = Config {
            path: path.to_path_buf(),
            ..Config::default()
        };
        let bad = |key: &str, message: String| Error::Config {
            path: path.to_path_buf(),
            location: front_matter::locate_key(text, key).unwrap_or(Location::new(1, 1)),
            message: format!("`{key}`: {message}"),
        };

        if let Some(v) = table.get("baseurl") {
            config.base_url = normalize_base_url(&expect_string(v).map_err(|m| bad("baseURL", m))?);
        }
        if let Some(v) = table.get("title") {
            config.title = expect_string(v).map_err(|m| bad("title", m))?;
        }
        if let Some(v) = table.get("languagecode") {
            config.language_code = expect_string(v).map_err(|m| bad("languageCode", m))?;
        }
        if let Some(v) = table.get("theme") {
            config.theme = match v {
                Value::Array(a) => a.first().and_then(|x| x.as_str()).map(str::to_string),
                v => Some(expect_string(v).map_err(|m| bad("theme", m))?),
            }
            .filter(|t| !t.is_empty());
        }
        if let Some(v) = table.get("copyright") {
            config.copyright = expect_string(v).map_err(|m| bad("copyright", m))?;
        }
        if let Some(v) = table.get("paginate") {
            config.paginate = expect_count(v).map_err(|m| bad("paginate", m))?;
        }
        if let Some(v) = table.get("pagination").and_then(|p| p.get("pagersize")) {
            config.paginate = expect_count(v).map_err(|m| bad("pagerSize", m))?;
        }
        if let Some(v) = table.get("summarylength") {
            config.summary_length = expect_count(v).map_err(|m| bad("summaryLength", m))?;
        }
        if let Some(v) = table.get("hascjklanguage") {
            config.has_cjk_language = v
                .as_bool()
                .ok_or_else(|| bad("hasCJKLanguage", "expected true or false".into()))?;
        }
        if let Some(v) = table.get("rsslimit") {
            config.rss_limit = rss_limit(v);
        }
        if let Some(v) = table
            .get("services")
            .and_then(|s| s.get("rss"))
            .and_then(|r| r.get("limit"))
        {
            config.rss_limit = rss_limit(v);
        }
        if let Some(v) = table.get("taxonomies") {
            config.taxonomies = parse_taxonomies(v).map_err(|m| bad("taxonomies", m))?;
        }
        if let Some(v) = table.get("permalinks") {
            config.permalinks = parse_permalinks(v).map_err(|m| bad("permalinks", m))?;
        }
        if let Some(v) = table.get("menu").and_then(|m| m.get("main")) {
            config.menu_main = parse_menu(v).map_err(|m| bad("menu", m))?;
        }
        if let Some(v) = table.get("markup").and_then(|m| m.get("highlight")) {
            config.highlight = serde_json::from_value(v.clone())
                .map_err(|e| bad("markup.highlight", e.to_string()))?;
        }
        // Params keep the keys as written: themes address them by those names.
        if let Some(Value::Object(params)) = parsed_params(&parsed.value) {
            config.params = params;
        }
        config.markup = read_markup(&table, &config.params, &bad)?;
        if let Some(v) = config.params.get("source") {
            config.source = Some(
                serde_json::from_value(lowercase_keys(v.clone()))
                    .map_err(|e| bad("params.source", e.to_string()))?,
            );
        }
        Ok(config)
    }

    /// The path part of the base URL (`/blog` for `https://x.io/blog/`, empty for a root site).
    pub fn base_path(&self) -> &str {
        match self.base_url.find("://") {
            Some(i) => match self.base_url[i + 3..].find('/') {
                Some(j) => &self.base_url[i + 3 + j..],
                None => "",
            },
            None => self.base_url.as_str(),
        }
    }

    /// The plural names of the configured taxonomies.
    pub fn taxonomy_names(&self) -> impl Iterator<Item = &str> {
        self.taxonomies.iter().map(|(_, plural)| plural.as_str())
    }
}

/// The markdown switches, kept apart from the other keys: see [`MarkupConfig`].
fn read_markup(
    table: &Value,
    params: &Map<String, Value>,
    bad: &dyn Fn(&str, String) -> Error,
) -> Result<MarkupConfig> {
    MarkupConfig::from_table(table, params).map_err(|(key, message)| {
        let last = key.rsplit('.').next().unwrap_or(&key).to_string();
        let mut e = bad(&last, message);
        if let Error::Config { message, .. } = &mut e {
            *message = message.replacen(&format!("`{last}`"), &format!("`{key}`"), 1);
        }
        e
    })
}

fn parsed_params(original: &Value) -> Option<Value> {
    original
        .as_object()?
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("params"))
        .map(|(_, v)| v.clone())
}

/// Strips the trailing slash so that `base_url + url` never doubles it.
pub fn normalize_base_url(url: &str) -> String {
    url.trim().trim_end_matches('/').to_string()
}

/// Hugo's config keys are case-insensitive: lowercase every key (params are kept separately).
fn lowercase_keys(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (k.to_lowercase(), lowercase_keys(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(lowercase_keys).collect()),
        v => v,
    }
}

fn expect_string(v: &Value) -> std::result::Result<String, String> {
    match v {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        other => Err(format!("expected a string, found {}", kind_of(other))),
    }
}

fn expect_count(v: &Value) -> std::result::Result<usize, String> {
    v.as_u64()
        .map(|n| n as usize)
        .ok_or_else(|| format!("expected a whole number, found {}", kind_of(v)))
}

fn rss_limit(v: &Value) -> usize {
    v.as_i64()
        .filter(|n| *n > 0)
        .map(|n| n as usize)
        .unwrap_or(0)
}

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

fn parse_taxonomies(v: &Value) -> std::result::Result<Vec<(String, String)>, String> {
    let map = v
        .as_object()
        .ok_or("expected a table like `tag = \"tags\"`")?;
    let mut out = Vec::new();
    for (singular, plural) in map {
        let plural = plural.as_str().ok_or_else(|| {
            format!("`{singular}` must name its plural, e.g. {singular} = \"{singular}s\"")
        })?;
        out.push((singular.clone(), plural.to_lowercase()));
    }
    out.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(out)
}

fn parse_permalinks(v: &Value) -> std::result::Result<BTreeMap<String, String>, String> {
    let map = v
        .as_object()
        .ok_or("expected a table like `post = \"/:year/:slug/\"`")?;
    let mut out = BTreeMap::new();
    for (section, pattern) in map {
        // Hugo 0.112+ nests patterns under `page`/`section`; we take the page patterns.
        if section == "page" {
            if let Some(inner) = pattern.as_object() {
                for (s, p) in inner {
                    if let Some(p) = p.as_str() {
                        out.insert(s.clone(), p.to_string());
                    }
                }
            }
            continue;
        }
        if let Some(p) = pattern.as_str() {
            out.insert(section.clone(), p.to_string());
        }
    }
    Ok(out)
}

fn parse_menu(v: &Value) -> std::result::Result<Vec<MenuEntry>, String> {
    let mut entries: Vec<MenuEntry> =
        serde_json::from_value(v.clone()).map_err(|e| format!("[[menu.main]]: {e}"))?;
    for e in &mut entries {
        if e.url.is_empty() && !e.page_ref.is_empty() {
            e.url = e.page_ref.clone();
        }
        if e.identifier.is_empty() {
            e.identifier = e.name.to_lowercase();
        }
    }
    entries.sort_by(|a, b| a.weight.cmp(&b.weight).then_with(|| a.name.cmp(&b.name)));
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config> {
        Config::parse(Path::new("config.toml"), text, Format::Toml)
    }

    #[test]
    fn reads_hugo_keys_case_insensitively() {
        let c = parse(
            r#"
baseURL = "https://example.org/blog/"
Title = "Notes"
languageCode = "zh-cn"
hasCJKLanguage = true
summaryLength = 40
paginate = 5
[params]
githubUser = "me"
[[menu.main]]
name = "Posts"
url = "/post/"
weight = 2
[[menu.main]]
name = "Home"
url = "/"
weight = 1
[taxonomies]
tag = "tags"
series = "series"
[permalinks]
post = "/:year/:slug/"
"#,
        )
        .unwrap();
        assert_eq!(c.base_url, "https://example.org/blog");
        assert_eq!(c.base_path(), "/blog");
        assert_eq!(c.title, "Notes");
        assert!(c.has_cjk_language);
        assert_eq!(c.summary_length, 40);
        assert_eq!(c.paginate, 5);
        assert_eq!(c.params["githubUser"], "me");
        assert_eq!(c.menu_main[0].name, "Home");
        assert_eq!(c.taxonomy_names().collect::<Vec<_>>(), ["series", "tags"]);
        assert_eq!(c.permalinks["post"], "/:year/:slug/");
    }

    #[test]
    fn pager_size_overrides_paginate() {
        let c = parse("paginate = 5\n[pagination]\npagerSize = 7\n").unwrap();
        assert_eq!(c.paginate, 7);
    }

    #[test]
    fn bad_value_names_the_line() {
        let e = parse("title = \"x\"\npaginate = \"many\"\n").unwrap_err();
        assert!(
            matches!(
                e,
                Error::Config {
                    location: Location { line: 2, .. },
                    ..
                }
            ),
            "{e}"
        );
    }

    #[test]
    fn broken_toml_names_line_and_column() {
        let e = parse("title = \"x\"\nbaseURL = \n").unwrap_err();
        assert!(
            matches!(
                e,
                Error::Config {
                    location: Location { line: 2, .. },
                    ..
                }
            ),
            "{e}"
        );
    }
}
