//! Internal links: every `href`, `src` and `srcset` of every rendered page (menus, aliases,
//! summaries on list pages and resolved `ref`s included, since they are all in the HTML)
//! must name a page or file of the site, and its `#fragment` an id on that page.
//!
//! Problems are found in the rendered HTML, where the truth is, and reported where the
//! writer can fix them: the markdown line the link came from, else the place in the content
//! file or the config that holds the URL, else the line of the generated page (a template).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use percent_encoding::percent_decode_str;
use rayon::prelude::*;

use super::html::{self, Scan};
use super::source::SourceFile;
use super::{Kind, Place, Problem};
use crate::content::document::Document;
use crate::content::urls::output_file;
use crate::output::RenderedSite;
use crate::site::Site;

/// What the link pass found.
#[derive(Debug, Default)]
pub struct Links {
    pub problems: Vec<Problem>,
    /// Links looked at (internal ones resolved, external ones collected).
    pub checked: usize,
    /// Each external URL once, with the output page and offset of its first use.
    pub external: BTreeMap<String, (String, usize)>,
}

/// Where a link points once resolved against the page that holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Target {
    /// `mailto:`, `javascript:`, `data:` and other schemes we do not visit.
    Skip,
    External(String),
    /// A path under the site root (base path removed, percent-decoded) and a fragment.
    Internal {
        path: String,
        fragment: Option<String>,
    },
}

/// The site as links see it: its files and the ids of its pages.
struct Index<'a> {
    files: HashSet<String>,
    ids: HashMap<String, HashSet<String>>,
    base_url: &'a str,
    base_path: &'a str,
}

/// Checks the links of every HTML file of `rendered`, or only of `only` (output paths).
pub fn check(site: &Site, rendered: &RenderedSite, only: Option<&[PathBuf]>) -> Links {
    let only: Option<HashSet<String>> = only.map(|o| o.iter().map(|p| slash_path(p)).collect());
    let wanted = |path: &String| only.as_ref().is_none_or(|o| o.contains(path));
    let scans = scan_html(rendered, wanted);
    let mut index = Index {
        files: rendered
            .files
            .keys()
            .chain(rendered.copies.keys())
            .map(|p| slash_path(p))
            .collect(),
        ids: HashMap::new(),
        base_url: &site.config.base_url,
        base_path: site.config.base_path(),
    };
    // Checking a few pages (serve) reads the ids of only the pages they point into.
    let targets: HashSet<String> = match only {
        None => HashSet::new(),
        Some(_) => scans
            .iter()
            .flat_map(|(page, scan)| scan.links.iter().map(move |l| (page, l)))
            .filter_map(|(page, link)| {
                match resolve(&link.url, page, index.base_url, index.base_path) {
                    Target::Internal {
                        path,
                        fragment: Some(_),
                    } => index.find_file(&path),
                    _ => None,
                }
            })
            .filter(|file| !scans.iter().any(|(p, _)| p == file))
            .collect(),
    };
    let target_scans = scan_html(rendered, |path| targets.contains(path));
    index.ids = scans
        .iter()
        .chain(&target_scans)
        .map(|(path, scan)| (path.clone(), scan.ids.iter().cloned().collect()))
        .collect();
    let places = Places::new(site, rendered);
    let mut found = Links::default();
    // A link broken on its own page is reported as such, whichever page showed it first.
    let mut broken: BTreeMap<(Place, String), (Kind, String, Option<String>)> = BTreeMap::new();
    for (page, scan) in &scans {
        for link in &scan.links {
            found.checked += 1;
            match resolve(&link.url, page, index.base_url, index.base_path) {
                Target::Skip => {}
                Target::External(url) => {
                    // One visit per document, whatever part of it each link points at.
                    let url = url.split('#').next().unwrap_or(&url).to_string();
                    found
                        .external
                        .entry(url)
                        .or_insert_with(|| (page.clone(), link.offset));
                }
                Target::Internal { path, fragment } => {
                    let Some((kind, message)) =
                        index.problem(&link.url, &path, fragment.as_deref(), &link.tag)
                    else {
                        continue;
                    };
                    let place = places.locate(&link.url, page, link.offset);
                    let shown_on = places.shown_elsewhere(&place, page, index.base_path);
                    let entry = broken.entry((place, link.url.clone()));
                    let kept = entry.or_insert_with(|| (kind, message.clone(), shown_on.clone()));
                    if shown_on.is_none() {
                        *kept = (kind, message, None);
                    }
                }
            }
        }
    }
    let mut reported = HashSet::new();
    for ((place, href), (kind, message, shown_on)) in broken {
        let message = match shown_on {
            Some(url) => format!("{message} (where it shows on {url})"),
            None => message,
        };
        reported.insert((place.clone(), href));
        found.problems.push(Problem::new(place, kind, message));
    }
    if only.is_none() {
        check_menu(site, &index, &places, &mut found, &mut reported);
    }
    found
}

/// Scans the HTML files of `rendered` that `wanted` accepts (by output path), in parallel.
fn scan_html(
    rendered: &RenderedSite,
    wanted: impl Fn(&String) -> bool + Sync,
) -> Vec<(String, Scan)> {
    rendered
        .files
        .par_iter()
        .filter(|(path, _)| path.extension().is_some_and(|e| e == "html"))
        .map(|(path, bytes)| (slash_path(path), bytes))
        .filter(|(path, _)| wanted(path))
        .map(|(path, bytes)| (path, html::scan(&String::from_utf8_lossy(bytes))))
        .collect()
}

/// Menu entries are links too, even when the theme leaves the menu out.
fn check_menu(
    site: &Site,
    index: &Index,
    places: &Places,
    found: &mut Links,
    reported: &mut HashSet<(Place, String)>,
) {
    for entry in site.config.menus.values().flatten() {
        found.checked += 1;
        if let Target::Internal { path, fragment } =
            resolve(&entry.url, "index.html", index.base_url, index.base_path)
        {
            if let Some((kind, message)) =
                index.problem(&entry.url, &path, fragment.as_deref(), "a")
            {
                let place = places.in_config(&entry.url);
                if reported.insert((place.clone(), entry.url.clone())) {
                    found.problems.push(Problem::new(place, kind, message));
                }
            }
        }
    }
}

impl Index<'_> {
    /// What is wrong with a link to `path#fragment`, if anything: its kind and message.
    fn problem(
        &self,
        href: &str,
        path: &str,
        fragment: Option<&str>,
        tag: &str,
    ) -> Option<(Kind, String)> {
        let href = decode(href);
        let Some(file) = self.find_file(path) else {
            let kind = if matches!(tag, "img" | "source" | "picture" | "video" | "audio") {
                Kind::Image
            } else {
                Kind::Link
            };
            let mut message = format!("{href}: no page or file at {}{path}", self.base_path);
            if let Some(near) = self.closest_url(path, kind == Kind::Link) {
                message.push_str(&format!(" (did you mean {}{near}?)", self.base_path));
            }
            return Some((kind, message));
        };
        let fragment = fragment.filter(|f| !f.is_empty() && *f != "top")?;
        let ids = self.ids.get(file.as_str())?;
        if ids.contains(fragment) {
            return None;
        }
        let url = format!("{}{}", self.base_path, url_of(&file));
        let mut message = format!("{href}: no id \"{fragment}\" on {url}");
        if let Some(near) = closest(fragment, ids.iter()) {
            message.push_str(&format!(" (did you mean {url}#{near}?)"));
        }
        Some((Kind::Anchor, message))
    }

    /// The output file a site path names: `/post/x/` is `post/x/index.html`, and `/post/x`
    /// is served from there too.
    fn find_file(&self, path: &str) -> Option<String> {
        let key = path.trim_start_matches('/');
        if key.is_empty() || key.ends_with('/') {
            let index = format!("{key}index.html");
            return self.files.contains(&index).then_some(index);
        }
        if self.files.contains(key) {
            return Some(key.to_string());
        }
        let index = format!("{key}/index.html");
        self.files.contains(&index).then_some(index)
    }

    /// The existing URL nearest to `path`: among pages for a link, among files for an image.
    fn closest_url(&self, path: &str, pages: bool) -> Option<String> {
        let urls = self
            .files
            .iter()
            .filter(|f| f.ends_with(".html") == pages)
            .map(|f| url_of(f));
        closest(path, urls)
    }
}

/// `post/x/index.html` -> `/post/x/`; other files keep their name.
fn url_of(file: &str) -> String {
    match file.strip_suffix("index.html") {
        Some(dir) => format!("/{dir}"),
        None => format!("/{file}"),
    }
}

/// The candidate nearest to `wanted` by edit distance, if any is near enough to help.
fn closest<S: AsRef<str>>(wanted: &str, candidates: impl Iterator<Item = S>) -> Option<String> {
    let wanted_len = wanted.chars().count();
    candidates
        .map(|c| (strsim::levenshtein(wanted, c.as_ref()), c))
        .filter(|(d, c)| *d > 0 && *d <= wanted_len.max(c.as_ref().chars().count()) / 2 + 1)
        .min_by(|(da, a), (db, b)| da.cmp(db).then_with(|| a.as_ref().cmp(b.as_ref())))
        .map(|(_, c)| c.as_ref().to_string())
}

/// Resolves `href` found on the output file `page` (`post/x/index.html`).
fn resolve(href: &str, page: &str, base_url: &str, base_path: &str) -> Target {
    let href = href.trim();
    if href.is_empty() {
        return Target::Skip;
    }
    let local = if let Some(rest) = href.strip_prefix("//") {
        return Target::External(format!("https://{rest}"));
    } else if let Some(scheme_end) = scheme_end(href) {
        let scheme = href[..scheme_end].to_ascii_lowercase();
        if scheme != "http" && scheme != "https" {
            return Target::Skip;
        }
        match href
            .strip_prefix(base_url)
            .filter(|_| base_url.contains("://"))
        {
            Some(rest) if rest.is_empty() || rest.starts_with(['/', '?', '#']) => {
                format!("{base_path}{rest}")
            }
            _ => return Target::External(href.to_string()),
        }
    } else {
        href.to_string()
    };
    let (rest, fragment) = match local.split_once('#') {
        Some((r, f)) => (r, Some(decode(f))),
        None => (local.as_str(), None),
    };
    let rest = rest.split('?').next().unwrap_or("");
    let page_url = url_of(page);
    let path = if rest.is_empty() {
        page_url
    } else if rest.starts_with('/') {
        let decoded = decode(rest);
        match strip_base(&decoded, base_path) {
            Some(p) => p.to_string(),
            None => decoded,
        }
    } else {
        let dir = &page_url[..page_url.rfind('/').map_or(0, |i| i + 1)];
        normalize(&format!("{dir}{}", decode(rest)))
    };
    Target::Internal {
        path: normalize(&path),
        fragment,
    }
}

/// The length of a URL scheme (`https` in `https://`), if `href` starts with one.
fn scheme_end(href: &str) -> Option<usize> {
    let colon = href.find(':')?;
    let scheme = &href[..colon];
    let valid = !scheme.is_empty()
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then_some(colon)
}

fn strip_base<'p>(path: &'p str, base_path: &str) -> Option<&'p str> {
    if base_path.is_empty() {
        return Some(path);
    }
    let rest = path.strip_prefix(base_path)?;
    if rest.is_empty() {
        Some("/")
    } else {
        rest.starts_with('/').then_some(rest)
    }
}

fn decode(s: &str) -> String {
    percent_decode_str(s).decode_utf8_lossy().into_owned()
}

/// Removes `.` and `..` segments; `..` never climbs above the root.
fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').collect();
    for (i, seg) in segments.iter().enumerate() {
        match *seg {
            "." => {}
            ".." => {
                parts.pop();
            }
            "" if i != segments.len() - 1 => {}
            s => parts.push(s),
        }
    }
    format!("/{}", parts.join("/"))
}

fn slash_path(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

/// Finds where the writer can fix a link: content files are read (and parsed) only when a
/// link needs a place.
pub struct Places<'a> {
    root: &'a Path,
    pages: Vec<&'a Document>,
    config: (&'a Path, &'a str),
    /// Output HTML file -> index into `pages`.
    by_output: HashMap<String, usize>,
    sources: OnceLock<Vec<Option<SourceFile>>>,
    config_text: OnceLock<Option<SourceFile>>,
    rendered: &'a RenderedSite,
}

impl<'a> Places<'a> {
    pub fn new(site: &'a Site, rendered: &'a RenderedSite) -> Places<'a> {
        let pages: Vec<(&Path, &Document)> = site.every_page().collect();
        let by_output = pages
            .iter()
            .enumerate()
            .map(|(i, (prefix, p))| (slash_path(&prefix.join(output_file(&p.path))), i))
            .collect();
        let pages = pages.into_iter().map(|(_, p)| p).collect();
        Places {
            root: &site.root,
            pages,
            config: (&site.config.path, ""),
            by_output,
            sources: OnceLock::new(),
            config_text: OnceLock::new(),
            rendered,
        }
    }

    fn sources(&self) -> &[Option<SourceFile>] {
        self.sources.get_or_init(|| {
            self.pages
                .par_iter()
                .map(|p| SourceFile::read(self.root, &p.file).ok())
                .collect()
        })
    }

    /// Where to report `href`, found at `offset` of the output file `page`.
    pub fn locate(&self, href: &str, page: &str, offset: usize) -> Place {
        let sources = self.sources();
        let own = self.by_output.get(page).and_then(|&i| sources[i].as_ref());
        if let Some(place) = own.and_then(|s| place_in(s, href)) {
            return place;
        }
        let in_links = sources.iter().flatten().find_map(|s| {
            s.links
                .iter()
                .find(|(u, _)| u == href)
                .map(|(_, o)| (s, *o))
        });
        if let Some((s, offset)) = in_links {
            return Place::new(s.file.clone(), s.location(offset));
        }
        let in_text = |s: &SourceFile| s.text.find(href).or_else(|| s.text.find(&decode(href)));
        if let Some((s, offset)) = own.and_then(|s| in_text(s).map(|o| (s, o))) {
            return Place::new(s.file.clone(), s.location(offset));
        }
        let config = self.in_config(href);
        if config.location.line > 0 {
            return config;
        }
        self.in_output(page, offset)
    }

    /// The menu entry (or any mention) of `url` in the config file.
    fn in_config(&self, url: &str) -> Place {
        let text = self.config_text.get_or_init(|| {
            let path = self.config.0;
            (!path.as_os_str().is_empty())
                .then(|| SourceFile::read(self.root, path).ok())
                .flatten()
        });
        match text.as_ref().and_then(|t| {
            t.text
                .find(&format!("\"{url}\""))
                .map(|o| (t, o + 1))
                .or_else(|| t.text.find(url).map(|o| (t, o)))
        }) {
            Some((t, offset)) => Place::new(t.file.clone(), t.location(offset)),
            None => Place::new(self.config.0.to_path_buf(), Default::default()),
        }
    }

    /// The line of the generated page itself: the link came from a template.
    fn in_output(&self, page: &str, offset: usize) -> Place {
        let text = self
            .rendered
            .files
            .get(Path::new(page))
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .unwrap_or_default();
        let source = SourceFile::parse(PathBuf::from("public").join(page), text);
        let location = source.location(offset.min(source.text.len()));
        Place::new(source.file, location)
    }

    /// The page's URL when a link reported at `place` was found on another page (a summary
    /// on a list, a page's link seen through an alias).
    fn shown_elsewhere(&self, place: &Place, page: &str, base_path: &str) -> Option<String> {
        let own = self.by_output.get(page).map(|&i| &self.pages[i].file);
        let is_content = place.file.starts_with("content");
        (is_content && own != Some(&place.file)).then(|| format!("{base_path}{}", url_of(page)))
    }
}

fn place_in(source: &SourceFile, href: &str) -> Option<Place> {
    let offset = link_in(source, href)?;
    Some(Place::new(source.file.clone(), source.location(offset)))
}

/// The offset of a markdown link to `href` (pulldown-cmark percent-encodes what it writes,
/// so both sides are compared decoded).
fn link_in(source: &SourceFile, href: &str) -> Option<usize> {
    let wanted = decode(href);
    source
        .links
        .iter()
        .find(|(u, _)| u == href || decode(u) == wanted)
        .map(|(_, offset)| *offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn internal(path: &str, fragment: Option<&str>) -> Target {
        Target::Internal {
            path: path.into(),
            fragment: fragment.map(Into::into),
        }
    }

    #[test]
    fn resolves_relative_absolute_and_base_path_links() {
        let page = "post/x/index.html";
        assert_eq!(
            resolve("../y/#a", page, "", ""),
            internal("/post/y/", Some("a"))
        );
        assert_eq!(
            resolve("img.png?v=1", page, "", ""),
            internal("/post/x/img.png", None)
        );
        assert_eq!(
            resolve("#续约", page, "", ""),
            internal("/post/x/", Some("续约"))
        );
        assert_eq!(
            resolve("/tags/%E6%BA%90/", page, "", ""),
            internal("/tags/源/", None)
        );
        let base = "https://me.io/notes";
        assert_eq!(
            resolve("/notes/about/", page, base, "/notes"),
            internal("/about/", None)
        );
        assert_eq!(
            resolve("https://me.io/notes/about/", page, base, "/notes"),
            internal("/about/", None)
        );
        assert_eq!(
            resolve("https://me.io/other", page, base, "/notes"),
            Target::External("https://me.io/other".into())
        );
        assert_eq!(resolve("mailto:a@b", page, "", ""), Target::Skip);
        assert_eq!(
            resolve("//cdn.io/x.js", page, "", ""),
            Target::External("https://cdn.io/x.js".into())
        );
    }

    #[test]
    fn suggests_the_nearest_candidate() {
        let urls = [
            "/post/leader-election-lease/",
            "/post/replicaset/",
            "/about/",
        ];
        assert_eq!(
            closest("/post/leader-election-leases/", urls.iter()).as_deref(),
            Some("/post/leader-election-lease/")
        );
        assert_eq!(closest("/zzzzzzzzzzzzzzzzzzzz/", urls.iter()), None);
    }
}
