//! `config.toml` (or `hugo.toml`, `config.yaml`): Hugo's common keys, read case-insensitively
//! as Hugo does, so an existing Hugo site's config works unchanged.

mod languages;
mod structure;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::error::Error;
use crate::markdown::highlight::{
    resolve_style, theme_names, HighlightConfig, SourcePin, StyleName,
};
use crate::markdown::markup::MarkupConfig;
use crate::value::{Fields, Origin, Problems};
use crate::{Result, Warning};
use data::Format;

pub use languages::Language;
pub use structure::{DateSources, Kind, Permalinks};

mod files;

pub use files::ROOT_FILES as CONFIG_FILES;

#[derive(Debug, Clone)]
pub struct Config {
    /// The file it was read from (for error messages); empty for the built-in default.
    pub path: PathBuf,
    /// baseURL without a trailing slash, e.g. `https://example.org` or `https://x.io/blog`.
    pub base_url: String,
    pub title: String,
    pub language_code: String,
    pub theme: Option<String>,
    /// Every theme of `theme` (a string or a list of theme components, the first wins).
    pub themes: Vec<String>,
    /// `themesDir`: where themes live, relative to the site (`themes`).
    pub themes_dir: String,
    /// The language's whole configuration table as merged (its `[languages.X]` over the
    /// root), keys as written: what a Hugo theme reads through `.Site.Config`, `[outputs]`
    /// and menu entries' `pre`/`post`/`params`.
    pub raw: std::sync::Arc<Map<String, Value>>,
    pub copyright: String,
    pub paginate: usize,
    pub summary_length: usize,
    pub has_cjk_language: bool,
    /// `[params]`, with keys as written (themes read them as `site.params.x`).
    pub params: Map<String, Value>,
    /// `[[menu.NAME]]` entries by menu name (`main`, `footer`, ...), in config order; pages
    /// add theirs with front matter `menu` (see `site::menus`).
    pub menus: BTreeMap<String, Vec<MenuEntry>>,
    /// Taxonomies as (singular, plural), e.g. ("tag", "tags"), sorted by plural.
    pub taxonomies: Vec<(String, String)>,
    /// `[permalinks]`, by kind: section or taxonomy -> pattern like `/:year/:month/:slug/`.
    pub permalinks: Permalinks,
    /// `disableKinds`, lowercased (`rss`, `taxonomy`, `term`, `404`, ...).
    pub disable_kinds: BTreeSet<Kind>,
    /// `[frontmatter]`: where each of a page's dates comes from.
    pub dates: DateSources,
    /// `enableGitInfo`: `:git` date sources read the last commit of each content file.
    pub enable_git_info: bool,
    pub highlight: HighlightConfig,
    /// `[params.source]`: the default upstream repository for source titles.
    pub source: Option<SourcePin>,
    /// How many items a feed holds (`rssLimit` or `[services.rss] limit`); 0 means all.
    pub rss_limit: usize,
    pub limits: Limits,
    /// Problems that did not stop the build: unsupported keys, Chroma style names, guesses.
    pub warnings: Vec<Warning>,
    /// The markdown stage's switches: `[markup]`, `enableEmoji`, `params.math`, ...
    pub markup: MarkupConfig,
    /// The language this configuration is for (the default one for the site's own).
    pub language: Language,
    /// `defaultContentLanguage`, lowercase (`en` unless set).
    pub default_language: String,
    /// Every enabled language, in Hugo's order (one for a site without `[languages]`).
    pub languages: Vec<Language>,
    /// Language codes a content file name may end with (`about.zh.md`), disabled ones too.
    pub language_codes: Vec<String>,
    /// The configuration of each other enabled language, in `languages` order: the root
    /// table with `[languages.X]` over it. Empty for a site in one language.
    pub translations: Vec<Config>,
}

/// Bounds on what one input file may make the build do (`[limits]`). A real site never
/// meets them; a hostile file always does, and is refused with the limit named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The largest content file read, in bytes (`maxFileSize`, default 64 MB).
    pub max_file_size: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_size: 64 << 20,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MenuEntry {
    pub name: String,
    pub url: String,
    pub weight: i64,
    pub identifier: String,
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
            themes: Vec::new(),
            themes_dir: "themes".into(),
            raw: Default::default(),
            copyright: String::new(),
            paginate: 10,
            summary_length: 70,
            has_cjk_language: false,
            params: Map::new(),
            menus: BTreeMap::new(),
            taxonomies: vec![
                ("category".into(), "categories".into()),
                ("tag".into(), "tags".into()),
            ],
            permalinks: Permalinks::default(),
            disable_kinds: BTreeSet::new(),
            dates: DateSources::default(),
            enable_git_info: false,
            highlight: HighlightConfig::default(),
            source: None,
            rss_limit: 0,
            limits: Limits::default(),
            warnings: Vec::new(),
            markup: MarkupConfig::default(),
            language: Language::single("en"),
            default_language: "en".into(),
            languages: vec![Language::single("en")],
            language_codes: Vec::new(),
            translations: Vec::new(),
        }
    }
}

impl Config {
    /// Reads the site's configuration: the config file at the root, then `config/_default/`,
    /// then `config/<environment>/`, each merged over the one before, as Hugo does.
    pub fn from_site_dir(root: &Path, environment: &str) -> Result<Config> {
        let mut t = crate::timing::StepTimer::start();
        let files = files::find(root, environment)?;
        if files.is_empty() {
            return Err(Error::Other(format!(
                "Unable to locate config file or config directory in {} (hugo.toml, \
                 config.toml, config.yaml or config/_default/). Perhaps you need to create a new \
                 site: run `blog new site DIR`, or point -s at the site's folder",
                display_dir(root)
            )));
        }
        let config = Config::from_files(files);
        t.step("config: read");
        config
    }

    /// Parses config text; `path` only names the file in errors.
    pub fn parse(path: &Path, text: &str, format: Format) -> Result<Config> {
        Config::from_files(vec![files::ConfigFile {
            shown: path.to_path_buf(),
            text: text.to_string(),
            format,
            prefix: Vec::new(),
        }])
    }

    /// Merges the files (later ones win) and reads the result. Every problem of every file
    /// is reported at once, each at its file, line and column.
    fn from_files(files: Vec<files::ConfigFile>) -> Result<Config> {
        let (merged, parse_warnings) = files::merge(&files)?;
        let root = merged.as_object().cloned().unwrap_or_default();
        let problems = Problems::new(Origin::Config, |keys| files::locate(&files, keys));
        for w in parse_warnings {
            problems.push_warning(w);
        }
        let langs = languages::read(&problems.fields(&root));
        let mut errors = Vec::new();
        let mut configs: Vec<Config> = Vec::new();
        for language in &langs.list {
            let table = languages::overlay(&root, &language.code);
            match Config::read_table(&files, &root, &table, language) {
                Ok(mut c) => {
                    c.languages = langs.list.clone();
                    c.default_language = langs.default.clone();
                    c.language_codes = langs.known.clone();
                    configs.push(c);
                }
                Err(e) => errors.extend(e.into_list()),
            }
        }
        let warnings = match problems.finish() {
            Ok(warnings) => warnings,
            Err(e) => {
                errors.splice(0..0, e.into_list());
                Vec::new()
            }
        };
        Error::collect(errors)?;
        let at = configs
            .iter()
            .position(|c| c.language.code == langs.default)
            .expect("the default language is always in the list");
        let mut config = configs.remove(at);
        config.warnings.extend(warnings);
        for other in &configs {
            config.warnings.extend(other.warnings.iter().cloned());
        }
        config.warnings.sort();
        config.warnings.dedup();
        config.translations = configs;
        Ok(config)
    }

    /// Reads one language's table (`table`: the root with the language's keys over it).
    /// A problem in a key the language sets is located under `[languages.CODE]`.
    fn read_table(
        files: &[files::ConfigFile],
        root: &Map<String, Value>,
        table: &Map<String, Value>,
        language: &Language,
    ) -> Result<Config> {
        let located = Problems::new(Origin::Config, |keys: &[&str]| {
            if languages::sets(root, &language.code, keys) {
                let mut inside = vec!["languages", language.code.as_str()];
                inside.extend(keys);
                files::locate(files, &inside)
            } else {
                files::locate(files, keys)
            }
        });
        let f = located.fields(table);
        let mut config = Config {
            path: files.last().map(|f| f.shown.clone()).unwrap_or_default(),
            language: language.clone(),
            ..Config::default()
        };
        config.raw = std::sync::Arc::new(table.clone());
        read_root(&f, &mut config);
        read_taxonomies(&f, &mut config);
        structure::read(&f, &mut config);
        read_menus(&f, &mut config);
        read_markup(&f, &mut config);
        read_params(&f, &mut config);
        read_limits(&f, &mut config);
        read_goldmark(&f, table, &mut config);
        warn_unsupported(&f, ROOT_KEYS, |key| !IGNORED_ROOT_KEYS.contains(&key));
        drop(f);
        config.warnings = located.finish()?;
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

    /// Whether Hugo's `disableKinds` leaves out this kind (`rss`, `term`, `404`, ...).
    pub fn disabled(&self, kind: Kind) -> bool {
        self.disable_kinds.contains(&kind)
    }

    /// The plural names of the configured taxonomies.
    pub fn taxonomy_names(&self) -> impl Iterator<Item = &str> {
        self.taxonomies.iter().map(|(_, plural)| plural.as_str())
    }
}

/// A folder as the writer typed it, `.` for the current one.
fn display_dir(root: &Path) -> String {
    if root.as_os_str().is_empty() {
        ".".into()
    } else {
        root.display().to_string()
    }
}

/// The top-level keys blog reads (lowercase). Each is read by one `read_*` function below;
/// a key added there is added here.
const ROOT_KEYS: &[&str] = &[
    "baseurl",
    "title",
    "languagecode",
    "theme",
    "themesdir",
    "copyright",
    "paginate",
    "pagination",
    "summarylength",
    "hascjklanguage",
    "rsslimit",
    "services",
    "taxonomies",
    "permalinks",
    "disablekinds",
    "frontmatter",
    "enablegitinfo",
    "languages",
    "defaultcontentlanguage",
    "defaultcontentlanguageinsubdir",
    "disablelanguages",
    "menu",
    "menus",
    "markup",
    "params",
    "limits",
    "enableemoji",
    "summarycut",
];

/// Hugo keys that change nothing blog writes, so they are accepted without a word:
/// robots.txt is always written, and the others tune Hugo's own process.
const IGNORED_ROOT_KEYS: &[&str] = &[
    "enablerobotstxt",
    "timeout",
    "caches",
    "ignoreerrors",
    "ignorelogs",
    "printpathwarnings",
    "printunusedtemplates",
    "printi18nwarnings",
    "notimes",
    "watch",
    "cachedir",
];

/// One warning for each key of `f` that is neither read (`known`) nor deliberately ignored.
fn warn_unsupported(f: &Fields, known: &[&str], warn: impl Fn(&str) -> bool) {
    warn_unsupported_once(f, known, warn, &mut BTreeSet::new());
}

/// The same, for tables that repeat (menu entries): a key already in `warned` is not named
/// again, so a setting gets one warning however many entries use it.
fn warn_unsupported_once(
    f: &Fields,
    known: &[&str],
    warn: impl Fn(&str) -> bool,
    warned: &mut BTreeSet<String>,
) {
    for (key, _) in f.entries() {
        if !known.contains(&key) && warn(key) && warned.insert(key.to_string()) {
            f.warn(
                key,
                "blog does not support this setting; it is ignored (see the README's \
                 Configuration section)",
            );
        }
    }
}

fn read_root(f: &Fields, config: &mut Config) {
    if let Some(url) = f.text("baseurl") {
        config.base_url = normalize_base_url(&url);
    }
    if let Some(title) = f.text("title") {
        config.title = title;
    }
    if let Some(code) = f.text("languagecode") {
        config.language_code = code;
    }
    // Hugo takes a list of themes (theme components, the first wins); the first is the
    // site's.
    config.themes = match f.get("theme") {
        Some(Value::Array(_)) => f.strings("theme").unwrap_or_default(),
        _ => f.text("theme").into_iter().collect(),
    };
    config.themes.retain(|t| !t.is_empty());
    config.theme = config.themes.first().cloned();
    if let Some(dir) = f.text("themesdir").filter(|d| !d.is_empty()) {
        config.themes_dir = dir;
    }
    if let Some(c) = f.text("copyright") {
        config.copyright = c;
    }
    if let Some(n) = f.count("paginate") {
        config.paginate = n;
    }
    if let Some(p) = f.table("pagination") {
        if let Some(n) = p.count("pagersize") {
            config.paginate = n;
        }
        warn_unsupported(&p, &["pagersize"], |k| k != "path");
    }
    if let Some(n) = f.count("summarylength") {
        config.summary_length = n;
    }
    if let Some(b) = f.boolean("hascjklanguage") {
        config.has_cjk_language = b;
    }
    if let Some(n) = f.integer("rsslimit") {
        config.rss_limit = rss_limit(n);
    }
    if let Some(services) = f.table("services") {
        if let Some(rss) = services.table("rss") {
            if let Some(n) = rss.integer("limit") {
                config.rss_limit = rss_limit(n);
            }
            warn_unsupported(&rss, &["limit"], |_| true);
        }
        warn_unsupported(&services, &["rss"], |_| true);
    }
}

/// Hugo's `-1` (or 0) means every page.
fn rss_limit(n: i64) -> usize {
    usize::try_from(n).unwrap_or(0)
}

fn read_taxonomies(f: &Fields, config: &mut Config) {
    let Some(t) = f.table("taxonomies") else {
        return;
    };
    let mut out = Vec::new();
    for (singular, _) in t.entries() {
        if let Some(plural) = t.text(singular) {
            out.push((singular.to_string(), plural.to_lowercase()));
        }
    }
    out.sort_by(|a, b| a.1.cmp(&b.1));
    config.taxonomies = out;
}

/// `[[menu.NAME]]` (or `[[menus.NAME]]`) for every menu name, in config order; the site
/// sorts each menu once pages have added their entries.
fn read_menus(f: &Fields, config: &mut Config) {
    let mut warned = BTreeSet::new();
    for key in ["menu", "menus"] {
        let Some(menus) = f.table(key) else {
            continue;
        };
        let names: Vec<String> = menus.entries().map(|(k, _)| k.to_string()).collect();
        for name in names {
            for item in menus.tables(&name) {
                let mut e = MenuEntry {
                    name: item.text("name").unwrap_or_default(),
                    url: item.text("url").unwrap_or_default(),
                    weight: item.integer("weight").unwrap_or(0),
                    identifier: item.text("identifier").unwrap_or_default(),
                    page_ref: item.text("pageref").unwrap_or_default(),
                };
                if e.url.is_empty() && !e.page_ref.is_empty() {
                    e.url = e.page_ref.clone();
                }
                if e.identifier.is_empty() {
                    e.identifier = e.name.to_lowercase();
                }
                warn_unsupported_once(&item, MENU_KEYS, |_| true, &mut warned);
                config.menus.entry(name.clone()).or_default().push(e);
            }
        }
    }
}

/// The keys the built-in theme reads. A Hugo theme also reads `pre`, `post`, `title`,
/// `parent` and `params` (`crate::hugo` takes them from the config as written), which still
/// get the warning: the config is read before the theme is known.
const MENU_KEYS: &[&str] = &["name", "url", "weight", "identifier", "pageref"];

/// `[markup]`: blog reads `highlight`; `goldmark` and `tableOfContents` belong to the
/// markdown options.
fn read_markup(f: &Fields, config: &mut Config) {
    let Some(markup) = f.table("markup") else {
        return;
    };
    if let Some(h) = markup.table("highlight") {
        read_highlight(&h, &mut config.highlight);
    }
    warn_unsupported(
        &markup,
        &["highlight", "goldmark", "tableofcontents"],
        |k| k != "defaultmarkdownhandler",
    );
}

fn read_highlight(h: &Fields, out: &mut HighlightConfig) {
    if let Some(style) = h.text("style") {
        out.style = style_name(h, "style", style).unwrap_or(out.style.clone());
    }
    if let Some(style) = h.text("darkstyle") {
        out.dark_style = style_name(h, "darkstyle", style).unwrap_or(out.dark_style.clone());
    }
    if let Some(b) = h.boolean("linenos") {
        out.line_nos = b;
    }
    if let Some(n) = h.count("linenostart") {
        out.line_no_start = n;
    }
    if let Some(b) = h.boolean("codefences") {
        out.code_fences = b;
    }
    if let Some(b) = h.boolean("sourcetitles") {
        out.source_titles = b;
    }
    // Chroma's rendering switches: our HTML is fixed (classes, CSS line numbers).
    let chroma_only = [
        "noclasses",
        "linenumbersintable",
        "anchorlinenos",
        "lineanchors",
        "guesssyntax",
        "tabwidth",
        "hl_lines",
        "hl_inline",
        "wrapperclass",
    ];
    warn_unsupported(
        h,
        &[
            "style",
            "darkstyle",
            "linenos",
            "linenostart",
            "codefences",
            "sourcetitles",
        ],
        |k| !chroma_only.contains(&k),
    );
}

/// A style we have, or the closest one to a Chroma style, with a warning; an unknown name
/// is an error at its line.
fn style_name(h: &Fields, key: &str, name: String) -> Option<String> {
    match resolve_style(&name) {
        StyleName::Ours(_) => Some(name),
        StyleName::Closest(ours) => {
            h.warn(
                key,
                format!("Chroma style `{name}` is not bundled; using the closest theme, `{ours}`"),
            );
            Some(ours.to_string())
        }
        StyleName::Unknown => {
            h.error(
                key,
                format!(
                    "unknown theme `{name}`; available: {}",
                    theme_names().join(", ")
                ),
            );
            None
        }
    }
}

fn read_params(f: &Fields, config: &mut Config) {
    // Params keep the keys as written: themes address them by those names.
    if let Some(Value::Object(params)) = f.get("params") {
        config.params = params.clone();
    }
    let Some(params) = f.table("params") else {
        return;
    };
    if let Some(source) = params.get("source") {
        match serde_json::from_value::<SourcePin>(lowercase_keys(source.clone())) {
            Ok(pin) => config.source = Some(pin),
            Err(e) => params.error("source", e.to_string()),
        }
    }
}

/// The markdown switches (`[markup.goldmark]`, `[markup.tableOfContents]`, `enableEmoji`,
/// `params.math`, ...), read by [`MarkupConfig`]; a bad one is reported at its table.
fn read_goldmark(f: &Fields, table: &Map<String, Value>, config: &mut Config) {
    let lowered = lowercase_keys(Value::Object(table.clone()));
    match MarkupConfig::from_table(&lowered, &config.params) {
        Ok(markup) => config.markup = markup,
        Err((key, message)) => {
            let top = key.split('.').next().unwrap_or(&key).to_string();
            f.error(&top, format!("`{key}`: {message}"));
        }
    }
}

/// `[limits]`: the bounds that keep one hostile file from taking the build down.
fn read_limits(f: &Fields, config: &mut Config) {
    let Some(limits) = f.table("limits") else {
        return;
    };
    if let Some(v) = limits.get("maxfilesize") {
        match byte_size(v) {
            Ok(n) => config.limits.max_file_size = n,
            Err(m) => limits.error("maxfilesize", m),
        }
    }
    warn_unsupported(&limits, &["maxfilesize"], |_| true);
}

/// A size in bytes: a number, or text like `64MB`, `512 KiB`, `1GB`.
fn byte_size(v: &Value) -> std::result::Result<u64, String> {
    let bad = || format!("expected a size like 64MB or a number of bytes, found {v}");
    if let Ok(n) = crate::value::count(v) {
        return Ok(n as u64);
    }
    let s = v.as_str().ok_or_else(bad)?.trim().to_ascii_lowercase();
    let digits = s.trim_end_matches(|c: char| c.is_ascii_alphabetic() || c == ' ');
    let unit = s[digits.len()..].trim();
    let scale: u64 = match unit {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        _ => return Err(bad()),
    };
    let n: u64 = digits.trim().parse().map_err(|_| bad())?;
    n.checked_mul(scale).ok_or_else(bad)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Location;

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
        assert_eq!(c.menus["main"][1].name, "Home");
        assert_eq!(c.taxonomy_names().collect::<Vec<_>>(), ["series", "tags"]);
        assert_eq!(c.permalinks.page["post"], "/:year/:slug/");
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
