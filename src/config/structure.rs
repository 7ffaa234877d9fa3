//! The config keys that shape the site rather than its look: `[permalinks]` by kind,
//! `disableKinds`, `[frontmatter]` date sources, `enableGitInfo`, and the Hugo keys blog
//! knows it does not support (named in one warning each rather than dropped silently).
//! Each key is read by a small function of its own, from the lowercased config table.

use std::collections::{BTreeMap, BTreeSet};

use super::Config;
use crate::value::Fields;

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

/// What Hugo's `disableKinds` can turn off: the page kinds, and the site's other outputs.
/// An enum, so that a misspelt kind is a compile error rather than a switch that never
/// turns anything off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Page,
    Home,
    Section,
    /// A taxonomy's list of terms (`/tags/`).
    Taxonomy,
    /// A term's list of pages (`/tags/go/`).
    Term,
    Rss,
    Sitemap,
    RobotsTxt,
    NotFound,
}

impl Kind {
    pub const ALL: [Kind; 9] = [
        Kind::Page,
        Kind::Home,
        Kind::Section,
        Kind::Taxonomy,
        Kind::Term,
        Kind::Rss,
        Kind::Sitemap,
        Kind::RobotsTxt,
        Kind::NotFound,
    ];

    /// The name `disableKinds` gives it, lowercased.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Page => "page",
            Kind::Home => "home",
            Kind::Section => "section",
            Kind::Taxonomy => "taxonomy",
            Kind::Term => "term",
            Kind::Rss => "rss",
            Kind::Sitemap => "sitemap",
            Kind::RobotsTxt => "robotstxt",
            Kind::NotFound => "404",
        }
    }

    /// The kind a `disableKinds` item names, in any case; Hugo 0.73 renamed the list of
    /// terms `taxonomy` (it was `taxonomyTerm`).
    pub fn from_name(name: &str) -> Option<Kind> {
        let name = name.to_lowercase();
        if name == "taxonomyterm" {
            return Some(Kind::Taxonomy);
        }
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }
}

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

/// Reads the keys of this module into `config`; problems go where every config problem
/// goes, at their file, line and column.
pub(super) fn read(f: &Fields, config: &mut Config) {
    if let Some(t) = f.table("permalinks") {
        config.permalinks = read_permalinks(&t);
    }
    if let Some(kinds) = f.strings("disablekinds") {
        config.disable_kinds = read_disable_kinds(kinds).unwrap_or_else(|m| {
            f.error("disablekinds", m);
            BTreeSet::new()
        });
    }
    if let Some(t) = f.table("frontmatter") {
        config.dates = read_date_sources(&t);
    }
    if let Some(b) = f.boolean("enablegitinfo") {
        config.enable_git_info = b;
    }
}

fn read_permalinks(t: &Fields) -> Permalinks {
    let mut out = Permalinks::default();
    for (key, value) in t.entries() {
        if !value.is_object() {
            if let Some(pattern) = t.text(key) {
                out.page.insert(key.to_string(), pattern.clone());
                out.term.insert(key.to_string(), pattern);
            }
            continue;
        }
        let target = match key {
            "page" => &mut out.page,
            "section" => &mut out.section,
            "taxonomy" => &mut out.taxonomy,
            "term" => &mut out.term,
            _ => {
                t.error(
                    key,
                    "only `page`, `section`, `taxonomy` and `term` can be tables; \
                     write `NAME = \"/:slug/\"`",
                );
                continue;
            }
        };
        let Some(kind) = t.table(key) else {
            continue;
        };
        for (name, _) in kind.entries() {
            if let Some(pattern) = kind.text(name) {
                target.insert(name.to_string(), pattern);
            }
        }
    }
    out
}

/// `disableKinds = ["taxonomy", "term", "RSS"]`: known kinds, in any case.
fn read_disable_kinds(items: Vec<String>) -> Result<BTreeSet<Kind>, String> {
    items
        .iter()
        .map(|item| {
            Kind::from_name(item).ok_or_else(|| {
                let names: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
                format!("unknown kind {item:?}; the kinds are {}", names.join(", "))
            })
        })
        .collect()
}

/// `[frontmatter]`: each of `date`, `lastmod`, `publishDate`, `expiryDate` is a list of
/// sources; `:default` stands for Hugo's default list of that key.
fn read_date_sources(t: &Fields) -> DateSources {
    let defaults = DateSources::default();
    let mut out = DateSources::default();
    for (key, _) in t.entries() {
        let (target, default) = match key {
            "date" => (&mut out.date, &defaults.date),
            "lastmod" => (&mut out.lastmod, &defaults.lastmod),
            "publishdate" => (&mut out.publish_date, &defaults.publish_date),
            "expirydate" => (&mut out.expiry_date, &defaults.expiry_date),
            _ => {
                t.warn(
                    key,
                    "blog reads date, lastmod, publishDate and expiryDate here; this key is ignored",
                );
                continue;
            }
        };
        let Some(items) = t.strings(key) else {
            continue;
        };
        *target = items
            .into_iter()
            .map(|s| s.to_lowercase())
            .flat_map(|s| match s.as_str() {
                ":default" => default.clone(),
                _ => vec![s],
            })
            .collect();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::Kind;
    use crate::config::Config;
    use data::Format;
    use std::path::Path;

    fn parse(text: &str) -> crate::Result<Config> {
        Config::parse(Path::new("config.toml"), text, Format::Toml)
    }

    #[test]
    fn plain_patterns_apply_to_pages_and_terms_and_kind_tables_to_their_kind() {
        let c = parse(
            "[permalinks]\npage = \"/:slug/\"\nPost = \"/:year/:slug/\"\n\
             [permalinks.section]\npost = \"/articles/\"\n[permalinks.term]\ntags = \"/topic/:slug/\"\n\
             [permalinks.taxonomy]\ntags = \"/topics/\"\n",
        )
        .unwrap();
        let p = &c.permalinks;
        assert_eq!(p.page["page"], "/:slug/");
        assert_eq!(p.page["post"], "/:year/:slug/");
        assert_eq!(p.term["post"], "/:year/:slug/");
        assert_eq!(p.section["post"], "/articles/");
        assert_eq!(p.term["tags"], "/topic/:slug/");
        assert_eq!(p.taxonomy["tags"], "/topics/");
        assert!(parse("[permalinks.posts]\nx = \"/y/\"\n").is_err());
    }

    #[test]
    fn date_sources_expand_default() {
        let c = parse("[frontmatter]\ndate = [\":filename\", \":default\"]\n").unwrap();
        assert_eq!(c.dates.date[0], ":filename");
        assert_eq!(c.dates.date[1], "date");
        assert!(!c.dates.uses(":filemodtime"));
    }

    #[test]
    fn disable_kinds_known_and_lowercased() {
        let c = parse("disableKinds = [\"RSS\", \"taxonomyTerm\", \"404\"]\n").unwrap();
        assert!(c.disabled(Kind::Rss) && c.disabled(Kind::Taxonomy) && c.disabled(Kind::NotFound));
        assert!(!c.disabled(Kind::Term) && !c.disabled(Kind::Page));
        assert!(parse("title = \"x\"\ndisableKinds = [\"pages\"]\n").is_err());
        for kind in Kind::ALL {
            assert_eq!(Kind::from_name(&kind.name().to_uppercase()), Some(kind));
        }
    }

    #[test]
    fn languages_are_read_and_a_bad_language_value_is_located_in_its_table() {
        let c = parse(
            "title = \"x\"\n\n[languages.en]\nweight = 1\n[languages.zh]\nweight = 2\ntitle = \"笔记\"\nlabel = \"中\"\n",
        )
        .unwrap();
        let codes: Vec<_> = c.languages.iter().map(|l| l.code.as_str()).collect();
        assert_eq!(codes, ["en", "zh"]);
        assert_eq!(c.translations[0].title, "笔记");
        let named: Vec<_> = c
            .warnings
            .iter()
            .filter(|w| w.message.contains("language"))
            .collect();
        assert_eq!(named.len(), 1, "{:?}", c.warnings);
        assert_eq!(named[0].line, Some(8));
        let e = parse("[languages.zh]\ntitle = \"z\"\n[languages.zh.params]\nsource = 3\n")
            .unwrap_err();
        assert!(e.to_string().contains(":4:"), "{e}");
    }
}
