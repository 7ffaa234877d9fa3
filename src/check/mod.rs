//! `blog check`: what a reader would find broken, found before they do.
//!
//! The site is loaded and rendered in memory exactly as `build` would (nothing is written),
//! then three passes look at it: [`links`] resolves every link and anchor of the rendered
//! pages, [`snippets`] compares titled code blocks with the upstream files they quote, and
//! [`external`] (only when asked) visits the links that leave the site. Each problem is
//! reported once, where the writer can fix it: `file:line:col: kind: message`.

pub mod external;
mod html;
pub mod links;
mod snippets;
mod source;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Serialize;
use serde_json::Value;

use crate::error::Location;
use crate::output::RenderedSite;
use crate::site::{BuildOptions, Site};
use external::{ExternalOptions, Outcome};

/// What `blog check` is asked to do, turned once from the command line.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// The pages to check: `drafts` and the others as for a build; nothing is written.
    pub build: BuildOptions,
    /// Local clones of upstream repositories: (repository URL, folder).
    pub upstreams: Vec<(String, PathBuf)>,
    pub external: bool,
    /// Rewrite the line of snippet titles that match elsewhere in their file.
    pub fix: bool,
}

/// The kind of a problem, as printed between the place and the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A link to no page or file.
    Link,
    /// A link whose `#fragment` is no id of its page.
    Anchor,
    /// An image (or other embedded file) that is not there.
    Image,
    /// A code block that does not quote its upstream where its title says.
    Snippet,
    /// An external link that does not answer well.
    External,
    /// An external link that moved for good: worth updating, not broken.
    Redirect,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Link => "link",
            Kind::Anchor => "anchor",
            Kind::Image => "image",
            Kind::Snippet => "snippet",
            Kind::External => "external",
            Kind::Redirect => "redirect",
        }
    }

    /// Everything but a permanent redirect makes the check fail.
    pub fn is_broken(self) -> bool {
        self != Kind::Redirect
    }
}

/// A place in a file of the site.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Place {
    pub file: PathBuf,
    /// 0:0 when the file is known but not the place.
    pub location: Location,
}

impl Place {
    pub fn new(file: PathBuf, location: Location) -> Place {
        Place { file, location }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
    pub kind: Kind,
    pub message: String,
}

impl Problem {
    pub fn new(place: Place, kind: Kind, message: String) -> Problem {
        Problem {
            file: place.file,
            line: place.location.line,
            column: place.location.column,
            kind,
            message,
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}: {}",
            self.file.display(),
            self.line,
            self.column,
            self.kind.name(),
            self.message
        )
    }
}

/// What a check found, with the counts for its summary.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    pub problems: Vec<Problem>,
    pub pages: usize,
    pub links: usize,
    pub snippets: usize,
    /// Titled blocks not compared for want of a local clone, by repository.
    pub snippets_unchecked: BTreeMap<String, usize>,
    pub snippets_fixed: usize,
    pub external: usize,
}

impl Report {
    /// True when anything is broken: the exit code is then 1.
    pub fn is_broken(&self) -> bool {
        self.problems.iter().any(|p| p.kind.is_broken())
    }

    /// One line per problem, then the summary.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for problem in &self.problems {
            let _ = writeln!(out, "{problem}");
        }
        let broken = self.problems.iter().filter(|p| p.kind.is_broken()).count();
        let _ = write!(
            out,
            "checked {} pages, {} links, {} snippets",
            self.pages, self.links, self.snippets
        );
        if self.external > 0 {
            let _ = write!(out, ", {} external URLs", self.external);
        }
        let _ = writeln!(out, ": {}", plural(broken, "problem"));
        if self.snippets_fixed > 0 {
            let _ = writeln!(
                out,
                "fixed {}",
                plural(self.snippets_fixed, "snippet title")
            );
        }
        for (repo, count) in &self.snippets_unchecked {
            let _ = writeln!(
                out,
                "{} of {repo} not checked: no local clone (pass --upstream {repo}=PATH \
                 or set [params.source] path)",
                plural(*count, "snippet")
            );
        }
        out
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }
}

fn plural(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// Runs every check on the site and returns what it found. An error means the check could
/// not run (the site does not build, a bad `[params.check]`).
pub fn run(options: &CheckOptions) -> crate::Result<Report> {
    if !options.build.source.join("content").is_dir() {
        return Err(crate::Error::Other(format!(
            "{}: no content/ folder here; run blog check in the site's folder or pass -s DIR",
            options.build.source.display()
        )));
    }
    let site = Site::load(&options.build)?;
    let (rendered, _) = site.render()?;
    let found = links::check(&site, &rendered, None);
    let snippets = snippets::check(&site, &options.upstreams, options.fix);
    let mut report = Report {
        pages: rendered
            .files
            .keys()
            .filter(|p| p.extension().is_some_and(|e| e == "html"))
            .count(),
        links: found.checked,
        snippets: snippets.checked,
        snippets_unchecked: snippets.unchecked,
        snippets_fixed: snippets.fixed,
        ..Default::default()
    };
    report.problems = found.problems;
    report.problems.extend(snippets.problems);
    if options.external {
        let external_options = external_options(&site, &options.build)?;
        report.external = found.external.len();
        report.problems.extend(check_external(
            &site,
            &rendered,
            &found.external,
            &external_options,
        ));
    }
    report.problems.sort_by(|a, b| {
        (&a.file, a.line, a.column, &a.message).cmp(&(&b.file, b.line, b.column, &b.message))
    });
    Ok(report)
}

/// The broken internal links of the whole site (for `deploy`).
pub fn broken_links(site: &Site, rendered: &RenderedSite) -> Vec<Problem> {
    links::check(site, rendered, None).problems
}

/// The broken internal links on the pages of the content files `changed` (for `serve`).
pub fn broken_links_of(site: &Site, rendered: &RenderedSite, changed: &[PathBuf]) -> Vec<Problem> {
    let changed: Vec<PathBuf> = changed
        .iter()
        .filter_map(|p| p.canonicalize().ok())
        .collect();
    let outputs: Vec<PathBuf> = site
        .every_page()
        .filter(|(_, p)| {
            site.root
                .join(&p.file)
                .canonicalize()
                .is_ok_and(|f| changed.contains(&f))
        })
        .map(|(prefix, p)| prefix.join(crate::content::urls::output_file(&p.path)))
        .collect();
    if outputs.is_empty() {
        return Vec::new();
    }
    links::check(site, rendered, Some(&outputs)).problems
}

fn check_external(
    site: &Site,
    rendered: &RenderedSite,
    found: &BTreeMap<String, (String, usize)>,
    options: &ExternalOptions,
) -> Vec<Problem> {
    let urls: Vec<String> = found.keys().cloned().collect();
    let outcomes = external::check(&urls, options);
    let places = links::Places::new(site, rendered);
    urls.iter()
        .zip(outcomes)
        .filter_map(|(url, outcome)| {
            let (kind, message) = match outcome {
                Outcome::Ok | Outcome::Skipped => return None,
                Outcome::Moved(to) => (Kind::Redirect, format!("{url} moved permanently to {to}")),
                Outcome::Broken(why) => (Kind::External, format!("{url}: {why}")),
            };
            let (page, offset) = &found[url];
            Some(Problem::new(
                places.locate(url, page, *offset),
                kind,
                message,
            ))
        })
        .collect()
}

/// `[params.check]`: `skip` (regular expressions), `timeout` (seconds), `retries`,
/// `concurrency`, `perHost`; results cached in the cache folder.
fn external_options(site: &Site, build: &BuildOptions) -> crate::Result<ExternalOptions> {
    let mut options = ExternalOptions {
        cache_file: (!build.ignore_cache).then(|| {
            build
                .cache_dir
                .clone()
                .unwrap_or_else(crate::markdown::cache::default_dir)
                .join("external-links.json")
        }),
        ..Default::default()
    };
    let Some(Value::Object(table)) = site.config.params.get("check") else {
        return Ok(options);
    };
    let bad = |key: &str, what: &str| crate::Error::Config {
        path: site.config.path.clone(),
        location: Location::new(0, 0),
        message: format!("[params.check] {key}: {what}"),
    };
    for (key, value) in table {
        match (key.to_ascii_lowercase().as_str(), value) {
            ("skip", Value::Array(patterns)) => {
                for p in patterns {
                    let text = p.as_str().ok_or_else(|| bad(key, "a list of strings"))?;
                    let re = regex::Regex::new(text).map_err(|e| bad(key, &e.to_string()))?;
                    options.skip.push(re);
                }
            }
            ("timeout", v) => {
                let secs = v.as_f64().ok_or_else(|| bad(key, "seconds, a number"))?;
                options.timeout = Duration::from_secs_f64(secs.max(0.001));
            }
            ("retries", v) => options.retries = count(v).ok_or_else(|| bad(key, "a count"))?,
            ("concurrency", v) => {
                options.concurrency = count(v).ok_or_else(|| bad(key, "a count"))? as usize
            }
            ("perhost", v) => {
                options.per_host = count(v).ok_or_else(|| bad(key, "a count"))? as usize
            }
            _ => {
                return Err(bad(
                    key,
                    "unknown key (skip, timeout, retries, concurrency, perHost)",
                ))
            }
        }
    }
    Ok(options)
}

fn count(v: &Value) -> Option<u32> {
    v.as_u64().and_then(|n| u32::try_from(n).ok())
}

/// Parses `--upstream URL=PATH`.
pub fn parse_upstream(arg: &str) -> Result<(String, PathBuf), String> {
    match arg.split_once('=') {
        Some((url, path)) if !url.is_empty() && !path.is_empty() => {
            Ok((url.to_string(), Path::new(path).to_path_buf()))
        }
        _ => Err(format!(
            "expected URL=PATH (https://github.com/kubernetes/kubernetes=~/src/kubernetes), got `{arg}`"
        )),
    }
}
