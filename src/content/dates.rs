//! A page's dates from the sources `[frontmatter]` lists, as Hugo resolves them: front
//! matter keys, `:filename` (a `2024-05-01-` prefix of the file or bundle name, which also
//! gives the slug), `:fileModTime`, and `:git` (the last commit touching the file, read
//! once per build with `enableGitInfo`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone, Utc};

use crate::config::{Config, DateSources};
use crate::content::meta::Meta;
use crate::value::parse_date;

/// What the disk says about content files, gathered once per build for the date sources
/// that need it.
#[derive(Debug, Clone, Default)]
pub struct FileFacts {
    /// The site's `content/` folder, for `:fileModTime`.
    pub content_dir: Option<PathBuf>,
    /// Path under `content/` -> date of the last commit that touched it, for `:git`.
    pub git: BTreeMap<String, DateTime<FixedOffset>>,
}

impl FileFacts {
    /// Reads what `config`'s date sources need, and nothing else: `git log` runs once for
    /// the whole site, never once per page.
    pub fn gather(root: &Path, config: &Config) -> FileFacts {
        FileFacts {
            content_dir: Some(root.join("content")),
            git: if config.enable_git_info && config.dates.uses(":git") {
                git_dates(root)
            } else {
                BTreeMap::new()
            },
        }
    }
}

/// The date of the newest commit of each file under `content/`, from one `git log`.
/// Outside a repository (or without git) there are none, and `:git` gives nothing.
fn git_dates(root: &Path) -> BTreeMap<String, DateTime<FixedOffset>> {
    let out = std::process::Command::new("git")
        .args([
            "-c",
            "core.quotePath=false",
            "log",
            "--relative",
            "--name-only",
        ])
        .args(["--format=%x00%cI", "--", "content"])
        .current_dir(root)
        .output();
    let Some(out) = out.ok().filter(|o| o.status.success()) else {
        return BTreeMap::new();
    };
    let mut dates = BTreeMap::new();
    let mut current = None;
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        if let Some(date) = line.strip_prefix('\0') {
            current = DateTime::parse_from_rfc3339(date.trim()).ok();
        } else if let (Some(date), Some(rel)) = (current, line.strip_prefix("content/")) {
            dates.entry(rel.to_string()).or_insert(date);
        }
    }
    dates
}

/// Where one page's dates can come from besides its front matter.
pub struct PageFile<'a> {
    /// Path under `content/`.
    pub rel: &'a str,
    /// The file name without extension, or a bundle's folder name.
    pub base_name: &'a str,
    pub facts: Option<&'a FileFacts>,
}

/// Sets `date`, `lastmod`, `publishDate` and `expiryDate` from `sources`, each from the
/// first source in its list that has one. A `:filename` date also gives the slug (the
/// rest of the name) when front matter sets none, as in Hugo.
pub fn apply(meta: &mut Meta, sources: &DateSources, file: &PageFile) {
    let from_name = filename_date(file.base_name);
    let resolve = |list: &[String]| {
        list.iter()
            .find_map(|s| source_date(s, meta, file, &from_name))
    };
    let date = resolve(&sources.date);
    let lastmod = resolve(&sources.lastmod);
    let publish_date = resolve(&sources.publish_date);
    let expiry_date = resolve(&sources.expiry_date);
    let used_filename = [&sources.date, &sources.lastmod, &sources.publish_date]
        .iter()
        .any(|l| l.iter().any(|s| s == ":filename"));
    if let (true, Some((_, rest)), None) = (used_filename, &from_name, &meta.slug) {
        meta.slug = Some(rest.clone());
    }
    meta.date = date.or(publish_date);
    meta.lastmod = lastmod;
    meta.publish_date = publish_date;
    meta.expiry_date = expiry_date;
}

fn source_date(
    source: &str,
    meta: &Meta,
    file: &PageFile,
    from_name: &Option<(DateTime<FixedOffset>, String)>,
) -> Option<DateTime<FixedOffset>> {
    match source {
        ":filename" => from_name.as_ref().map(|(d, _)| *d),
        ":filemodtime" => {
            let dir = file.facts?.content_dir.as_ref()?;
            let modified = std::fs::metadata(dir.join(file.rel))
                .ok()?
                .modified()
                .ok()?;
            Some(DateTime::<Utc>::from(modified).fixed_offset())
        }
        ":git" => file.facts?.git.get(file.rel).copied(),
        key => front_matter_date(meta, key),
    }
}

/// A front matter key's date; the typed fields already hold the ones blog reads itself.
fn front_matter_date(meta: &Meta, key: &str) -> Option<DateTime<FixedOffset>> {
    let value = meta
        .params
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
        .map(|(_, v)| v)?;
    match value {
        serde_json::Value::String(s) => parse_date(s),
        _ => None,
    }
}

/// `2024-05-01-my-note` -> (2024-05-01, `my-note`); `None` without such a prefix.
pub fn filename_date(name: &str) -> Option<(DateTime<FixedOffset>, String)> {
    let prefix = name.get(..10)?;
    let day = NaiveDate::parse_from_str(prefix, "%Y-%m-%d").ok()?;
    let rest = name[10..].trim_start_matches(['-', '_']).to_string();
    let date = Utc
        .from_utc_datetime(&day.and_hms_opt(0, 0, 0)?)
        .fixed_offset();
    Some((date, rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filename_dates_and_the_rest_as_slug() {
        let (d, rest) = filename_date("2017-02-22-mypage").unwrap();
        assert_eq!(d.to_rfc3339(), "2017-02-22T00:00:00+00:00");
        assert_eq!(rest, "mypage");
        assert_eq!(filename_date("mypage"), None);
        assert_eq!(filename_date("2017-13-01-x"), None);
    }

    #[test]
    fn first_source_with_a_date_wins() {
        let mut meta = Meta::default();
        meta.params.insert("date".into(), "2020-01-01".into());
        let sources = DateSources {
            date: vec![":filename".into(), "date".into()],
            ..DateSources::default()
        };
        let file = PageFile {
            rel: "post/2024-05-01-x.md",
            base_name: "2024-05-01-x",
            facts: None,
        };
        apply(&mut meta, &sources, &file);
        assert_eq!(meta.date.unwrap().to_rfc3339(), "2024-05-01T00:00:00+00:00");
        assert_eq!(meta.slug.as_deref(), Some("x"));
        // Hugo's default publishDate sources read the front matter's own `date` key.
        assert_eq!(
            meta.publish_date.unwrap().to_rfc3339(),
            "2020-01-01T00:00:00+00:00"
        );
    }
}
