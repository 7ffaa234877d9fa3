//! The whole build as a list of steps. `Site::load` reads and parses everything;
//! `Site::render` turns it into files in memory (pages, lists, taxonomies, archive, feeds,
//! sitemap, aliases, static files); `build` hands them to `output`, the only writer.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde_json::{json, Value};
use tera::Context;

use crate::config::Config;
use crate::content::page::{Page, ParseContext};
use crate::content::urls::{encode_path, normalize_url, output_file};
use crate::content::{self, Content, Filter};
use crate::error::Error;
use crate::markdown::cache::CodeCache;
use crate::markdown::highlight::Highlighter;
use crate::output::{RenderedSite, WriteReport};
use crate::taxonomy::{self, Taxonomy};
use crate::templates::{embedded, Templates, Theme};
use crate::{Result, Warning};

/// What a build is asked to do, turned once from the command line (or a test).
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site's root: where `config.toml` and `content/` are.
    pub source: PathBuf,
    /// Where `build` writes; relative paths are taken from `source`, as Hugo does.
    pub destination: PathBuf,
    pub drafts: bool,
    pub future: bool,
    pub expired: bool,
    /// Overrides `baseURL` from the config (serve uses this for its local address).
    pub base_url: Option<String>,
    /// Where the highlighted-code cache lives; `None` picks the default.
    pub cache_dir: Option<PathBuf>,
    pub ignore_cache: bool,
}

impl BuildOptions {
    pub fn new(source: impl Into<PathBuf>) -> Self {
        BuildOptions {
            source: source.into(),
            destination: PathBuf::from("public"),
            drafts: false,
            future: false,
            expired: false,
            base_url: None,
            cache_dir: None,
            ignore_cache: false,
        }
    }

    /// The destination folder, resolved against the source folder.
    pub fn destination_dir(&self) -> PathBuf {
        if self.destination.is_absolute() {
            self.destination.clone()
        } else {
            self.source.join(&self.destination)
        }
    }
}

/// What `build` reports: counts for the summary line, warnings, and what it wrote.
#[derive(Debug, Clone, Default)]
pub struct BuildReport {
    pub pages: usize,
    pub list_pages: usize,
    pub taxonomy_terms: usize,
    pub static_files: usize,
    pub aliases: usize,
    pub written: WriteReport,
    pub warnings: Vec<Warning>,
}

/// Loads and renders the whole site in memory; nothing is written.
pub fn render_site(options: &BuildOptions) -> Result<RenderedSite> {
    Ok(Site::load(options)?.render()?.0)
}

/// Renders the site, then writes it to the destination. A failed render writes nothing.
pub fn build(options: &BuildOptions) -> Result<BuildReport> {
    let site = Site::load(options)?;
    let (rendered, mut report) = site.render()?;
    report.written = crate::output::write_site(&rendered, &options.destination_dir())?;
    report.warnings = rendered.warnings;
    Ok(report)
}

/// A loaded site: configuration, templates and parsed content, ready to render.
pub struct Site {
    pub root: PathBuf,
    pub options: BuildOptions,
    pub config: Config,
    pub theme: Theme,
    pub templates: Templates,
    pub highlighter: Highlighter,
    /// Regular pages sorted for listing: weight, then newest first, then title and path.
    pub content: Content,
    pub taxonomies: Vec<Taxonomy>,
    /// `site` as templates see it, built once.
    site_value: Value,
    /// Each page as lists show it (no `content`), in `content.pages` order.
    list_values: Vec<Value>,
}

impl Site {
    pub fn load(options: &BuildOptions) -> Result<Site> {
        let root = options.source.clone();
        let mut config = Config::from_site_dir(&root)?;
        if let Some(url) = &options.base_url {
            config.base_url = crate::config::normalize_base_url(url);
        }
        let theme = Theme::resolve(&root, &config)?;
        let highlighter = Highlighter::new(&config.highlight)?;
        let cache = CodeCache::open(
            options.cache_dir.as_deref(),
            !options.ignore_cache,
            &root,
            cache_salt(&config),
        );
        let ctx = ParseContext {
            config: &config,
            highlighter: &highlighter,
            cache: &cache,
        };
        let filter = Filter {
            drafts: options.drafts,
            future: options.future,
            expired: options.expired,
            now: chrono::Utc::now(),
        };
        // Templates and content are both checked before giving up, so one run reports both.
        let (templates, content) = rayon::join(
            || Templates::load(&root, &theme),
            || content::load(&root, &ctx, filter),
        );
        let (templates, mut content) = match (templates, content) {
            (Ok(t), Ok(c)) => (t, c),
            (t, c) => {
                let errors = [t.err(), c.err()]
                    .into_iter()
                    .flatten()
                    .flat_map(into_list)
                    .collect();
                return Err(Error::collect(errors).unwrap_err());
            }
        };
        cache.save();
        sort_for_listing(&mut content.pages);
        check_url_collisions(&content)?;
        let taxonomies = taxonomy::collect(&config.taxonomies, &content.pages);
        let mut site = Site {
            root,
            options: options.clone(),
            config,
            theme,
            templates,
            highlighter,
            content,
            taxonomies,
            site_value: Value::Null,
            list_values: Vec::new(),
        };
        site.site_value = site.make_site_value();
        site.list_values = site
            .content
            .pages
            .par_iter()
            .map(|p| site.page_value(p, false))
            .collect();
        Ok(site)
    }

    /// Renders every output file in memory, with the counts for the report.
    pub fn render(&self) -> Result<(RenderedSite, BuildReport)> {
        let mut out = Output::default();
        self.render_pages(&mut out);
        self.render_home_and_sections(&mut out);
        self.render_taxonomies(&mut out);
        self.render_archive(&mut out);
        self.render_feeds(&mut out);
        self.render_aliases(&mut out);
        self.render_singletons(&mut out);
        self.render_sitemap(&mut out);
        self.add_highlight_css(&mut out);
        self.add_static_files(&mut out)?;
        Error::collect(dedup_errors(std::mem::take(&mut out.errors)))?;

        let mut warnings = self.content.warnings.clone();
        warnings.sort();
        warnings.dedup();
        let report = BuildReport {
            pages: self.content.pages.len(),
            list_pages: out.list_pages,
            taxonomy_terms: self.taxonomies.iter().map(|t| t.terms.len()).sum(),
            static_files: out.site.copies.len()
                + embedded::STATIC
                    .iter()
                    .filter(|(rel, _)| {
                        self.theme == Theme::Embedded && out.site.files.contains_key(Path::new(rel))
                    })
                    .count(),
            aliases: out.aliases,
            written: WriteReport::default(),
            warnings: warnings.clone(),
        };
        out.site.warnings = warnings;
        Ok((out.site, report))
    }

    // ----- the steps -----

    fn render_pages(&self, out: &mut Output) {
        let pages = &self.content.pages;
        let rendered: Vec<(PathBuf, Result<String>)> = pages
            .par_iter()
            .enumerate()
            .map(|(i, page)| {
                let mut value = self.page_value(page, true);
                let (prev, next) = self.neighbours(i);
                value["prev"] = prev;
                value["next"] = next;
                let mut ctx = self.context();
                ctx.insert("page", &value);
                let template = page
                    .meta
                    .layout
                    .as_ref()
                    .map(|l| format!("{l}.html"))
                    .filter(|t| self.templates.has(t))
                    .unwrap_or_else(|| "page.html".into());
                (
                    output_file(&page.path),
                    self.templates.render(&template, &ctx, Some(&page.file)),
                )
            })
            .collect();
        for (path, result) in rendered {
            out.add(path, result);
        }
    }

    fn render_home_and_sections(&self, out: &mut Output) {
        let main = self.main_section_pages();
        for (dir, section) in &self.content.sections {
            let (template, pages) = if dir.is_empty() {
                ("index.html", main.clone())
            } else {
                let prefix = format!("{dir}/");
                let pages = (0..self.content.pages.len())
                    .filter(|&i| self.content.pages[i].rel.starts_with(&prefix))
                    .collect();
                ("section.html", pages)
            };
            let section_value = self.section_value(section, pages.len());
            self.paginate(
                out,
                template,
                &section.path,
                &pages,
                |ctx| ctx.insert("section", &section_value),
                &section.file,
            );
        }
    }

    fn render_taxonomies(&self, out: &mut Output) {
        for tax in &self.taxonomies {
            let tax_value = self.taxonomy_value(tax);
            let terms: Vec<Value> = tax.terms.iter().map(|t| self.term_value(tax, t)).collect();
            let mut ctx = self.context();
            ctx.insert("taxonomy", &tax_value);
            ctx.insert("terms", &terms);
            let list_path = format!("/{}/", tax.name);
            out.list_pages += 1;
            out.add(
                output_file(&list_path),
                self.templates.render("taxonomy_list.html", &ctx, None),
            );
            for (term, term_value) in tax.terms.iter().zip(&terms) {
                let path = format!("/{}/{}/", tax.name, term.slug);
                self.paginate(
                    out,
                    "taxonomy_single.html",
                    &path,
                    &term.pages,
                    |ctx| {
                        ctx.insert("taxonomy", &tax_value);
                        ctx.insert("term", term_value);
                    },
                    Path::new(&path),
                );
            }
        }
    }

    fn render_archive(&self, out: &mut Output) {
        if self.content.pages.iter().any(|p| p.path == "/archives/")
            || !self.templates.has("archive.html")
        {
            return;
        }
        let mut years: BTreeMap<std::cmp::Reverse<i32>, Vec<usize>> = BTreeMap::new();
        let mut main = self.main_section_pages();
        main.sort_by(|&a, &b| {
            self.content.pages[b]
                .meta
                .date
                .cmp(&self.content.pages[a].meta.date)
                .then(a.cmp(&b))
        });
        for i in main {
            if let Some(d) = self.content.pages[i].meta.date {
                years
                    .entry(std::cmp::Reverse(chrono::Datelike::year(&d)))
                    .or_default()
                    .push(i);
            }
        }
        let archive: Vec<Value> = years
            .into_iter()
            .map(|(year, pages)| json!({"year": year.0, "pages": pages.iter().map(|&i| &self.list_values[i]).collect::<Vec<_>>()}))
            .collect();
        let mut ctx = self.context();
        ctx.insert("archive", &archive);
        out.list_pages += 1;
        out.add(
            output_file("/archives/"),
            self.templates.render("archive.html", &ctx, None),
        );
    }

    fn render_feeds(&self, out: &mut Output) {
        if !self.templates.has("rss.xml") {
            return;
        }
        let mut feeds: Vec<(String, String, Vec<usize>)> = Vec::new();
        feeds.push((
            self.config.title.clone(),
            "/".into(),
            self.main_section_pages(),
        ));
        for (dir, section) in self.content.sections.iter().filter(|(d, _)| !d.is_empty()) {
            let prefix = format!("{dir}/");
            let pages = (0..self.content.pages.len())
                .filter(|&i| self.content.pages[i].rel.starts_with(&prefix))
                .collect();
            feeds.push((
                format!("{} on {}", section.meta.title, self.config.title),
                section.path.clone(),
                pages,
            ));
        }
        for tax in &self.taxonomies {
            let mut all: Vec<usize> = tax
                .terms
                .iter()
                .flat_map(|t| t.pages.iter().copied())
                .collect();
            all.sort();
            all.dedup();
            feeds.push((
                format!("{} on {}", tax.name, self.config.title),
                format!("/{}/", tax.name),
                all,
            ));
            for term in &tax.terms {
                feeds.push((
                    format!("{} on {}", term.name, self.config.title),
                    format!("/{}/{}/", tax.name, term.slug),
                    term.pages.clone(),
                ));
            }
        }
        let rendered: Vec<(PathBuf, Result<String>)> = feeds
            .par_iter()
            .map(|(title, path, pages)| {
                let mut by_date = pages.clone();
                by_date.sort_by(|&a, &b| {
                    self.content.pages[b]
                        .meta
                        .date
                        .cmp(&self.content.pages[a].meta.date)
                        .then(a.cmp(&b))
                });
                if self.config.rss_limit > 0 {
                    by_date.truncate(self.config.rss_limit);
                }
                let feed_path = format!("{path}index.xml");
                let feed = json!({
                    "title": title,
                    "url": self.url(path),
                    "permalink": self.permalink(path),
                    "feed_url": self.permalink(&feed_path),
                    "pages": by_date.iter().map(|&i| &self.list_values[i]).collect::<Vec<_>>(),
                });
                let mut ctx = self.context();
                ctx.insert("feed", &feed);
                (
                    output_file(&feed_path),
                    self.templates.render("rss.xml", &ctx, None),
                )
            })
            .collect();
        for (path, result) in rendered {
            out.add(path, result);
        }
    }

    fn render_aliases(&self, out: &mut Output) {
        for page in &self.content.pages {
            for alias in &page.meta.aliases {
                self.render_alias(out, alias, &page.path);
            }
        }
    }

    fn render_alias(&self, out: &mut Output, from: &str, to: &str) {
        let mut ctx = self.context();
        ctx.insert("target", &self.permalink(to));
        out.aliases += 1;
        out.add(
            output_file(&normalize_url(from)),
            self.templates.render("alias.html", &ctx, None),
        );
    }

    fn render_singletons(&self, out: &mut Output) {
        let ctx = self.context();
        for (name, path) in [("404.html", "404.html"), ("robots.txt", "robots.txt")] {
            if self.templates.has(name) {
                out.add(PathBuf::from(path), self.templates.render(name, &ctx, None));
            }
        }
    }

    fn render_sitemap(&self, out: &mut Output) {
        if !self.templates.has("sitemap.xml") {
            return;
        }
        let mut entries: Vec<(String, Option<String>)> = Vec::new();
        for p in &self.content.pages {
            entries.push((
                p.path.clone(),
                p.meta.lastmod.or(p.meta.date).map(|d| d.to_rfc3339()),
            ));
        }
        let newest = self
            .content
            .pages
            .iter()
            .filter_map(|p| p.meta.lastmod.or(p.meta.date))
            .max()
            .map(|d| d.to_rfc3339());
        for s in self.content.sections.values() {
            entries.push((s.path.clone(), newest.clone()));
        }
        for tax in &self.taxonomies {
            entries.push((format!("/{}/", tax.name), newest.clone()));
            for term in &tax.terms {
                let last = term
                    .pages
                    .iter()
                    .filter_map(|&i| self.content.pages[i].meta.date)
                    .max()
                    .map(|d| d.to_rfc3339());
                entries.push((format!("/{}/{}/", tax.name, term.slug), last));
            }
        }
        if out
            .site
            .files
            .contains_key(Path::new("archives/index.html"))
        {
            entries.push(("/archives/".into(), newest.clone()));
        }
        entries.sort();
        entries.dedup_by(|a, b| a.0 == b.0);
        let entries: Vec<Value> = entries
            .iter()
            .map(|(p, d)| json!({"permalink": self.permalink(p), "lastmod": d}))
            .collect();
        let mut ctx = self.context();
        ctx.insert("entries", &entries);
        out.add(
            PathBuf::from("sitemap.xml"),
            self.templates.render("sitemap.xml", &ctx, None),
        );
    }

    fn add_highlight_css(&self, out: &mut Output) {
        let css = self.highlighter.stylesheet();
        if !css.is_empty() {
            out.site
                .files
                .insert(PathBuf::from("css/syntax.css"), css.into_bytes());
        }
    }

    /// Theme static files, then the site's `static/`, then content files and bundle
    /// resources: a later one replaces an earlier one at the same path.
    fn add_static_files(&self, out: &mut Output) -> Result<()> {
        if self.theme == Theme::Embedded {
            for (rel, bytes) in embedded::STATIC {
                out.site
                    .files
                    .entry(PathBuf::from(rel))
                    .or_insert_with(|| bytes.to_vec());
            }
        }
        let mut dirs: Vec<PathBuf> = self.theme.static_dir().into_iter().collect();
        dirs.push(self.root.join("static"));
        for dir in dirs.iter().filter(|d| d.is_dir()) {
            for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
                let entry = entry.map_err(|e| Error::read(dir, e.into()))?;
                if entry.file_type().is_file() {
                    let rel = entry.path().strip_prefix(dir).unwrap().to_path_buf();
                    out.remove_generated(&rel);
                    out.site.copies.insert(rel, entry.path().to_path_buf());
                }
            }
        }
        for (rel, src) in &self.content.copies {
            out.remove_generated(rel);
            out.site.copies.insert(rel.clone(), src.clone());
        }
        Ok(())
    }

    // ----- pagination -----

    /// Renders a list in pages of `paginate` items: `PATH`, `PATH/page/2/`, ... and the
    /// `PATH/page/1/` redirect back to `PATH`.
    fn paginate(
        &self,
        out: &mut Output,
        template: &str,
        path: &str,
        pages: &[usize],
        add: impl Fn(&mut Context) + Sync,
        file: &Path,
    ) {
        let size = self.config.paginate.max(1);
        let total_pages = pages.len().div_ceil(size).max(1);
        let pager_path = |n: usize| {
            if n == 1 {
                path.to_string()
            } else {
                format!("{path}page/{n}/")
            }
        };
        let rendered: Vec<(PathBuf, Result<String>)> = (1..=total_pages)
            .into_par_iter()
            .map(|n| {
                let chunk = pages
                    .iter()
                    .skip((n - 1) * size)
                    .take(size)
                    .map(|&i| &self.list_values[i])
                    .collect::<Vec<_>>();
                let paginator = json!({
                    "pages": chunk,
                    "current": n,
                    "total_pages": total_pages,
                    "total_items": pages.len(),
                    "first_url": self.url(&pager_path(1)),
                    "last_url": self.url(&pager_path(total_pages)),
                    "prev_url": (n > 1).then(|| self.url(&pager_path(n - 1))),
                    "next_url": (n < total_pages).then(|| self.url(&pager_path(n + 1))),
                });
                let mut ctx = self.context();
                add(&mut ctx);
                ctx.insert("paginator", &paginator);
                (
                    output_file(&pager_path(n)),
                    self.templates.render(template, &ctx, Some(file)),
                )
            })
            .collect();
        for (p, r) in rendered {
            out.list_pages += 1;
            out.add(p, r);
        }
        // Hugo writes this redirect for every paginated list, one pager or many.
        self.render_alias(out, &format!("{path}page/1/"), path);
    }

    // ----- template values -----

    fn context(&self) -> Context {
        let mut ctx = Context::new();
        ctx.insert("site", &self.site_value);
        ctx
    }

    /// Root-relative URL with the base path, percent-encoded: Hugo's `.RelPermalink`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.config.base_path(), encode_path(path))
    }

    /// Absolute URL: Hugo's `.Permalink`.
    pub fn permalink(&self, path: &str) -> String {
        let origin = match self.config.base_url.find("://") {
            Some(i) => match self.config.base_url[i + 3..].find('/') {
                Some(j) => &self.config.base_url[..i + 3 + j],
                None => self.config.base_url.as_str(),
            },
            None => "",
        };
        format!("{origin}{}", self.url(path))
    }

    fn make_site_value(&self) -> Value {
        let c = &self.config;
        let menu: Vec<Value> = c
            .menu_main
            .iter()
            .map(|m| {
                let url = if m.url.starts_with('/') && !m.url.starts_with("//") {
                    self.url(&m.url)
                } else {
                    m.url.clone()
                };
                json!({"name": m.name, "url": url, "weight": m.weight, "identifier": m.identifier})
            })
            .collect();
        let taxonomies: Vec<Value> = c
            .taxonomies
            .iter()
            .map(|(singular, plural)| json!({"name": plural, "singular": singular, "url": self.url(&format!("/{plural}/"))}))
            .collect();
        json!({
            "title": c.title,
            "base_url": c.base_url,
            "base_path": c.base_path(),
            "language_code": c.language_code,
            "copyright": c.copyright,
            "params": c.params,
            "menu": {"main": menu},
            "taxonomies": taxonomies,
            "rss_url": self.url("/index.xml"),
            "highlight_css": if self.highlighter.stylesheet().is_empty() { String::new() } else { self.url("/css/syntax.css") },
            "build_drafts": self.options.drafts,
            "generator": concat!("blog ", env!("CARGO_PKG_VERSION")),
        })
    }

    fn page_value(&self, page: &Page, full: bool) -> Value {
        let m = &page.meta;
        let date = |d: Option<chrono::DateTime<chrono::FixedOffset>>| d.map(|d| d.to_rfc3339());
        let mut taxonomies = serde_json::Map::new();
        for (name, terms) in &m.taxonomies {
            let list: Vec<Value> = terms
                .iter()
                .map(|t| json!({"name": t, "url": self.url(&format!("/{name}/{}/", crate::content::urls::urlize(t)))}))
                .collect();
            taxonomies.insert(name.clone(), Value::Array(list));
        }
        let mut v = json!({
            "title": m.title,
            "url": self.url(&page.path),
            "permalink": self.permalink(&page.path),
            "summary": page.summary_html,
            "truncated": page.truncated,
            "description": m.description,
            "keywords": m.keywords,
            "date": date(m.date),
            "lastmod": date(m.lastmod.or(m.date)),
            "year": m.date.map(|d| chrono::Datelike::year(&d)),
            "draft": m.draft,
            "weight": m.weight,
            "section": page.section,
            "slug": m.slug.clone().unwrap_or_else(|| page.base_name.clone()),
            "word_count": page.rendered.words.total(),
            "reading_time": page.rendered.words.reading_minutes(),
            "tags": taxonomies.get("tags").cloned().unwrap_or(json!([])),
            "categories": taxonomies.get("categories").cloned().unwrap_or(json!([])),
            "taxonomies": taxonomies,
            "params": m.params,
            "show_toc": m.toc,
            "toc": page.rendered.toc,
            "prev": null,
            "next": null,
        });
        if full {
            v["content"] = Value::String(page.rendered.html.clone());
        }
        v
    }

    fn section_value(&self, section: &Page, pages_count: usize) -> Value {
        let subsections: Vec<Value> = self
            .content
            .sections
            .iter()
            .filter(|(dir, _)| {
                !dir.is_empty()
                    && dir.rsplit_once('/').map(|(p, _)| p).unwrap_or("") == section.parent
                    && **dir != section.parent
            })
            .map(|(_, s)| json!({"title": s.meta.title, "url": self.url(&s.path)}))
            .collect();
        json!({
            "title": section.meta.title,
            "url": self.url(&section.path),
            "permalink": self.permalink(&section.path),
            "content": section.rendered.html,
            "description": section.meta.description,
            "params": section.meta.params,
            "subsections": subsections,
            "pages_count": pages_count,
        })
    }

    fn taxonomy_value(&self, tax: &Taxonomy) -> Value {
        json!({"name": tax.name, "singular": tax.singular, "url": self.url(&format!("/{}/", tax.name))})
    }

    fn term_value(&self, tax: &Taxonomy, term: &taxonomy::Term) -> Value {
        let path = format!("/{}/{}/", tax.name, term.slug);
        json!({"name": term.name, "slug": term.slug, "url": self.url(&path), "permalink": self.permalink(&path), "count": term.pages.len()})
    }

    /// The older and the newer page in the same section, by date.
    fn neighbours(&self, i: usize) -> (Value, Value) {
        let pages = &self.content.pages;
        let page = &pages[i];
        let mut same: Vec<usize> = (0..pages.len())
            .filter(|&j| pages[j].parent == page.parent)
            .collect();
        same.sort_by(|&a, &b| pages[a].meta.date.cmp(&pages[b].meta.date).then(b.cmp(&a)));
        let pos = same.iter().position(|&j| j == i).unwrap_or(0);
        let link =
            |j: usize| json!({"title": pages[j].meta.title, "url": self.url(&pages[j].path)});
        let prev = pos
            .checked_sub(1)
            .map(|p| link(same[p]))
            .unwrap_or(Value::Null);
        let next = same.get(pos + 1).map(|&j| link(j)).unwrap_or(Value::Null);
        (prev, next)
    }

    /// Pages the home page, its feed and the archive list: `params.mainSections` (Hugo's
    /// key), else the section with the most pages.
    fn main_section_pages(&self) -> Vec<usize> {
        let pages = &self.content.pages;
        let configured: Vec<String> = self
            .config
            .params
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("mainSections"))
            .and_then(|(_, v)| v.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|s| s.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        let main = if configured.is_empty() {
            let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
            for p in pages.iter().filter(|p| !p.section.is_empty()) {
                *counts.entry(p.section.as_str()).or_default() += 1;
            }
            let best = counts
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .map(|(s, _)| s.to_string());
            best.into_iter().collect()
        } else {
            configured
        };
        (0..pages.len())
            .filter(|&i| main.contains(&pages[i].section))
            .collect()
    }
}

/// Everything global that a highlighted block's HTML depends on: the highlighter's own
/// source and the grammar crates (hashed by build.rs), and the `[markup.highlight]` config.
fn cache_salt(config: &Config) -> String {
    format!(
        "{}|{}|{:?}",
        env!("CARGO_PKG_VERSION"),
        crate::templates::embedded::HIGHLIGHT_FINGERPRINT,
        config.highlight
    )
}

/// The files being rendered, and the errors met on the way (all reported together).
#[derive(Default)]
struct Output {
    site: RenderedSite,
    errors: Vec<Error>,
    list_pages: usize,
    aliases: usize,
}

impl Output {
    fn add(&mut self, path: PathBuf, result: Result<String>) {
        match result {
            Ok(text) => {
                self.site
                    .files
                    .entry(path)
                    .or_insert_with(|| text.into_bytes());
            }
            Err(e) => self.errors.push(e),
        }
    }

    /// A static file replaces a generated one at the same path (the writer's override).
    fn remove_generated(&mut self, rel: &Path) {
        self.site.files.remove(rel);
    }
}

fn into_list(e: Error) -> Vec<Error> {
    match e {
        Error::Many(v) => v,
        e => vec![e],
    }
}

/// The same template error on a thousand pages is one error.
fn dedup_errors(errors: Vec<Error>) -> Vec<Error> {
    let mut seen = std::collections::BTreeSet::new();
    errors
        .into_iter()
        .filter(|e| {
            let key = match e {
                Error::Template {
                    path,
                    location,
                    message,
                } => format!(
                    "{}{:?}{}",
                    path.display(),
                    location,
                    message.split(" (while rendering").next().unwrap_or("")
                ),
                e => e.to_string(),
            };
            seen.insert(key)
        })
        .collect()
}

/// Weight first (0 means unweighted, after the rest), then newest, then title and path.
fn sort_for_listing(pages: &mut [Page]) {
    pages.sort_by(|a, b| {
        let w = |p: &Page| (p.meta.weight == 0, p.meta.weight);
        w(a).cmp(&w(b))
            .then_with(|| b.meta.date.cmp(&a.meta.date))
            .then_with(|| a.meta.title.cmp(&b.meta.title))
            .then_with(|| a.rel.cmp(&b.rel))
    });
}

/// Two pages at one URL would silently overwrite each other: say which.
fn check_url_collisions(content: &Content) -> Result<()> {
    let mut seen: BTreeMap<&str, &Page> = BTreeMap::new();
    let mut errors = Vec::new();
    for page in content.pages.iter().chain(content.sections.values()) {
        if let Some(other) = seen.insert(&page.path, page) {
            errors.push(Error::Content {
                path: page.file.clone(),
                message: format!("its URL {} is also the URL of {}; set a different `slug` or `url` in one of them", page.path, other.file.display()),
            });
        }
    }
    Error::collect(errors)
}
