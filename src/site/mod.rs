//! The whole build as a list of steps. `Site::load` reads and parses everything;
//! `Site::render` turns it into files in memory (pages, lists, taxonomies, archive, feeds,
//! sitemap, aliases, static files); `build` hands them to `output`, the only writer.

mod bodies;
mod hugo_steps;
mod languages;
mod menus;
mod pager;
mod search;
mod structure;
mod update;
mod values;

pub use self::search::SearchRefresh;
pub use pager::Paginator;
pub use values::Ctx;

pub(crate) use languages::{page_key, section_key, taxonomy_key, term_key};

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde_json::{json, Value};

use crate::config::{Config, Kind};
use crate::content::document::Document;
use crate::content::page::{Page, ParseContext, Section};
use crate::content::urls::{feed_path, first_pager_alias, normalize_url, output_file};
use crate::content::{self, Content, Filter};
use crate::error::Error;
use crate::markdown::cache::CodeCache;
use crate::markdown::highlight::Highlighter;
use crate::output::{OnDisk, RenderedSite, WriteReport};
use crate::taxonomy::{self, Taxonomy};
use crate::templates::{embedded, Templates, Theme};
use crate::timing::StepTimer;
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
    /// Hugo's environment: which `config/<environment>/` is merged over `config/_default/`
    /// (`production` for build and deploy, `development` for serve).
    pub environment: String,
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
            environment: "production".into(),
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

/// What `build` reports: counts for the summary table, warnings, and what it wrote.
#[derive(Debug, Clone, Default)]
pub struct BuildReport {
    /// The counts of each language, the default language's first, then the configuration's
    /// order: one column each in the summary.
    pub languages: Vec<LanguageReport>,
    pub written: WriteReport,
    pub warnings: Vec<Warning>,
}

/// What one language's site made.
#[derive(Debug, Clone, Default)]
pub struct LanguageReport {
    /// The language's code (`en`, `zh`).
    pub code: String,
    pub pages: usize,
    pub list_pages: usize,
    pub taxonomy_terms: usize,
    pub static_files: usize,
    pub aliases: usize,
}

/// Loads and renders the whole site in memory; nothing is written.
pub fn render_site(options: &BuildOptions) -> Result<RenderedSite> {
    Ok(Site::load(options)?.render()?.0)
}

/// Renders the site, then writes it to the destination. A failed render writes nothing.
pub fn build(options: &BuildOptions) -> Result<BuildReport> {
    let mut t = StepTimer::start();
    // Locked first: no other build changes the folder under this one, and a second build
    // is told at once.
    let mut dest = crate::output::Destination::open(&options.destination_dir())?;
    let site = Site::load(options)?;
    t.step("load");
    let (rendered, mut report) = site.render_over(&dest.on_disk())?;
    t.step("render");
    report.written = dest.write(&rendered)?;
    t.step("write");
    // Freeing a large site takes milliseconds (tens of thousands of strings and values),
    // which `blog build`, about to exit, need not wait for: it is done on a thread of its
    // own. Only the code cache's save must finish before the process may end.
    site.cache.wait_for_save();
    std::thread::spawn(move || drop((site, rendered)));
    Ok(report)
}

/// The mistakes of a first run, caught before anything is read: a source folder that does
/// not exist, and a build started from inside the site's `content/` (whose `public/` would
/// then be published as content).
fn check_site_folder(options: &BuildOptions) -> Result<()> {
    let root = &options.source;
    if !root.is_dir() {
        return Err(Error::Other(format!(
            "the site folder {} does not exist; check -s/--source",
            root.display()
        )));
    }
    let is_site = |dir: &Path| {
        crate::config::CONFIG_FILES
            .iter()
            .any(|f| dir.join(f).is_file())
            || dir.join("config/_default").is_dir()
    };
    let absolute = std::fs::canonicalize(root).map_err(|e| Error::read(root, e))?;
    let site_above = absolute
        .ancestors()
        .skip_while(|dir| dir.file_name().is_none_or(|n| n != "content"))
        .nth(1)
        .filter(|site| is_site(site));
    if let Some(site) = site_above {
        return Err(Error::Other(format!(
            "{} is inside the content/ folder of the site at {}; run blog from the site's \
             folder (or pass -s {}) so that nothing is published into content/",
            absolute.display(),
            site.display(),
            site.display()
        )));
    }
    Ok(())
}

/// A config that fails on its values still lets the front matter be checked (with the
/// default taxonomies), so that one run reports every error of both.
fn with_front_matter_errors(root: &Path, error: Error) -> Error {
    let config_values_failed = error
        .flatten()
        .iter()
        .all(|e| matches!(e, Error::Config { .. }));
    if !config_values_failed || !root.join("content").is_dir() {
        return error;
    }
    let mut errors = error.into_list();
    errors.extend(content::front_matter_errors(root, &Config::default()));
    Error::collect(errors).unwrap_err()
}

/// A loaded site: configuration, templates and parsed content, ready to render.
pub struct Site {
    pub root: PathBuf,
    pub options: BuildOptions,
    pub config: Config,
    pub theme: Theme,
    pub templates: Templates,
    /// The Hugo templates, for a site whose theme or `layouts/` has them.
    pub hugo: Option<Arc<crate::hugo::Engine>>,
    pub highlighter: Highlighter,
    /// Regular pages sorted for listing: weight, then newest first, then title and path.
    pub content: Content,
    pub taxonomies: Vec<Taxonomy>,
    /// `site` as templates see it, built once.
    site_value: Value,
    /// Each page as lists show it (no `content`), in `content.pages` order.
    list_values: Vec<Value>,
    /// The older and the newer page in each page's section, by index.
    neighbours: Vec<(Option<usize>, Option<usize>)>,
    /// What each section lists, by folder, in listing order; `""` is the home page, which
    /// lists `params.mainSections`. Home, section pagers, feeds, the archive and incremental
    /// updates all read it.
    listed: BTreeMap<String, Vec<usize>>,
    /// Title and text for generated lists, from `_index.md` files at their folders:
    /// `tags/_index.md` (a taxonomy), `tags/go/_index.md` (a term), `archives/_index.md`.
    list_texts: BTreeMap<String, Section>,
    /// File dates and git history for date sources, kept for incremental updates.
    facts: content::dates::FileFacts,
    /// Site-wide warnings (config keys, URL collisions), beside the pages' own.
    site_warnings: Vec<Warning>,
    /// Highlighted code from earlier builds, kept for incremental updates.
    cache: CodeCache,
    /// Each note's part of the search index, so a rebuild indexes only edited notes.
    search_cache: ::search::NoteCache,
    /// The search index as last made or updated, which the next update starts from.
    search_state: std::sync::Mutex<Option<::search::IndexState>>,
    /// `/zh` for a language under its prefix, empty for the one at the root: page URLs
    /// get it, static files do not.
    lang_prefix: String,
    /// The sites of the other languages (held by the default language's site only).
    others: Vec<Site>,
    /// Which pages of all languages translate each other; empty for one language.
    translations: languages::Translations,
}

impl Site {
    /// Loads the site: the default language's, holding the other languages' sites.
    pub fn load(options: &BuildOptions) -> Result<Site> {
        let mut t = StepTimer::start();
        check_site_folder(options)?;
        let mut config = Config::from_site_dir(&options.source, &options.environment)
            .map_err(|e| with_front_matter_errors(&options.source, e))?;
        if let Some(url) = &options.base_url {
            config.base_url = crate::config::normalize_base_url(url);
        }
        let others = std::mem::take(&mut config.translations);
        let cache = CodeCache::open(
            options.cache_dir.as_deref(),
            !options.ignore_cache,
            &options.source,
            cache_salt(&config),
        );
        t.step("load: config, code cache");
        let mut site = Site::load_language(options, config, cache)?;
        t.restart();
        if !others.is_empty() {
            site.load_languages(options, others)?;
        }
        // Once, with every language's blocks.
        site.cache.save();
        t.step("load: other languages, code cache saved");
        Ok(site)
    }

    /// Loads the site of one language, from its configuration, with its handle on the
    /// site's code cache.
    fn load_language(options: &BuildOptions, config: Config, cache: CodeCache) -> Result<Site> {
        let mut t = StepTimer::start();
        let root = options.source.clone();
        let (theme, theme_warning) = Theme::resolve(&root, &config)?;
        let highlighter = Highlighter::new(&config.highlight)?;
        let filter = Filter {
            drafts: options.drafts,
            future: options.future,
            expired: options.expired,
            now: chrono::Utc::now(),
        };
        let facts = content::dates::FileFacts::gather(&root, &config);
        let parse_ctx = ParseContext {
            config: &config,
            filter: Some(filter),
            facts: Some(&facts),
        };
        // Templates and content are both checked before giving up, so one run reports both.
        let (templates, content) = rayon::join(
            || Templates::load(&root, &theme),
            || content::load(&root, &parse_ctx, filter),
        );
        let (templates, content) = match (templates, content) {
            (Ok(t), Ok(c)) => (t, c),
            (t, c) => {
                let errors = [t.err(), c.err()]
                    .into_iter()
                    .flatten()
                    .flat_map(Error::into_list)
                    .collect();
                return Err(Error::collect(errors).unwrap_err());
            }
        };
        t.step("load: templates and content (parse, markdown, code)");
        let mut templates = templates;
        let i18n = load_i18n(&root, &theme, &config)?;
        let hugo = match &theme {
            Theme::Hugo(dirs) => Some(Arc::new(crate::hugo::Engine::load(
                &root,
                &config,
                dirs,
                i18n.clone(),
            )?)),
            _ => None,
        };
        templates.set_i18n(i18n);
        let mut content = content;
        let list_texts =
            structure::take_list_texts(&config, templates.has("archive.html"), &mut content);
        let mut site_warnings = config.warnings.clone();
        site_warnings.extend(theme_warning);
        site_warnings.extend(structure::resolve_url_collisions(&config, &mut content));
        check_output_names(&root, &content)?;
        let lang_prefix = match config.language.prefix.as_str() {
            "" => String::new(),
            prefix => format!("/{prefix}"),
        };
        let mut site = Site {
            lang_prefix,
            others: Vec::new(),
            translations: Default::default(),
            root,
            options: options.clone(),
            config,
            theme,
            templates,
            hugo,
            highlighter,
            content,
            taxonomies: Vec::new(),
            site_value: Value::Null,
            list_values: Vec::new(),
            neighbours: Vec::new(),
            listed: BTreeMap::new(),
            list_texts,
            facts,
            site_warnings,
            cache,
            search_cache: Default::default(),
            search_state: Default::default(),
        };
        site.site_value = site.make_site_value();
        let page_ref_warnings = site.page_ref_warnings();
        site.site_warnings.extend(page_ref_warnings);
        site.render_bodies()?;
        t.step("render: markdown bodies");
        site.derive(None);
        t.step("load: order, taxonomies, list values");
        Ok(site)
    }

    /// Recomputes what follows from the page list: order, taxonomies, neighbours and the
    /// list form of every page.
    /// `edited` names the pages whose list form must be made again (`None`: all of them);
    /// the others keep theirs, wherever the new order puts them.
    fn derive(&mut self, edited: Option<&BTreeSet<String>>) {
        let mut old: std::collections::HashMap<String, Value> = match edited {
            Some(_) => self
                .content
                .pages
                .iter()
                .map(|p| p.rel.clone())
                .zip(std::mem::take(&mut self.list_values))
                .collect(),
            None => Default::default(),
        };
        sort_for_listing(&mut self.content.pages);
        self.taxonomies = taxonomy::collect(&self.config, &self.content.pages);
        self.neighbours = neighbours(&self.content.pages);
        self.listed = listed_by_section(&self.config, &self.content);
        let fresh = |p: &Page| edited.is_none_or(|e| e.contains(&p.rel));
        let kept: Vec<Option<Value>> = self
            .content
            .pages
            .iter()
            .map(|p| if fresh(p) { None } else { old.remove(&p.rel) })
            .collect();
        self.list_values = self
            .content
            .pages
            .par_iter()
            .zip(kept)
            .map(|(p, kept)| kept.unwrap_or_else(|| self.page_value(p)))
            .collect();
        let pages = self.content.pages.iter().map(|p| &p.doc);
        let docs = pages.chain(self.content.sections.values().map(|s| &s.doc));
        let mut warnings: Vec<Warning> = docs
            .flat_map(|doc| {
                let rendered = doc.body.rendered().map(|b| &b.warnings);
                doc.warnings.iter().chain(rendered.into_iter().flatten())
            })
            .cloned()
            .chain(self.site_warnings.iter().cloned())
            .chain(self.content.left_out_warnings.iter().cloned())
            .collect();
        warnings.sort();
        warnings.dedup();
        self.content.warnings = warnings;
    }

    /// Renders every output file in memory, with the counts for the report.
    pub fn render(&self) -> Result<(RenderedSite, BuildReport)> {
        self.render_all(None)
    }

    /// Renders every output file to be written over `on_disk`: what is already there is
    /// compared as soon as it is rendered and only named ([`RenderedSite::unchanged`]).
    pub fn render_over(&self, on_disk: &OnDisk) -> Result<(RenderedSite, BuildReport)> {
        self.render_all(Some(on_disk))
    }

    fn render_all(&self, on_disk: Option<&OnDisk>) -> Result<(RenderedSite, BuildReport)> {
        let (site, report) = self.render_scope(None, on_disk)?;
        if !self.is_multilingual() {
            return Ok((site, report));
        }
        self.render_languages(site, report, on_disk)
    }

    /// Renders the outputs in `only` (relative output paths), or everything for `None`.
    fn render_scope(
        &self,
        only: Option<BTreeSet<PathBuf>>,
        on_disk: Option<&OnDisk>,
    ) -> Result<(RenderedSite, BuildReport)> {
        let everything = only.is_none();
        let mut t = StepTimer::start();
        // The steps are independent: each fills its own output, on whichever core is free,
        // and the outputs are merged in this fixed order so the result never depends on
        // which finished first.
        // Each step with whether its files are compared with the destination as they are
        // rendered. The sitemap is not: with several languages it moves after rendering
        // (to `en/sitemap.xml`), and it is one file.
        let tera_steps: [(Step, bool); 9] = [
            (Site::render_pages, true),
            (Site::render_home_and_sections, true),
            (Site::render_taxonomies, true),
            (Site::render_archive, true),
            (Site::render_feeds, true),
            (Site::render_aliases, true),
            (Site::render_singletons, true),
            (Site::render_sitemap, false),
            (Site::render_search, true),
        ];
        // A Hugo theme's templates make every page, list, feed, alias and the 404 page; the
        // sitemap and robots.txt stay ours.
        let hugo_steps: [(Step, bool); 3] = [
            (Site::render_hugo, true),
            (Site::render_robots, true),
            (Site::render_sitemap, false),
        ];
        let steps: &[(Step, bool)] = if self.hugo.is_some() {
            &hugo_steps
        } else {
            &tera_steps
        };
        let on_disk = on_disk.map(|d| d.under(&self.config.language.prefix));
        let outputs: Vec<Output> = steps
            .par_iter()
            .map(|&(step, compared)| {
                let mut part = Output {
                    only: only.clone(),
                    on_disk: on_disk.clone().filter(|_| compared),
                    ..Output::default()
                };
                step(self, &mut part);
                part
            })
            .collect();
        let mut out = Output {
            only,
            ..Output::default()
        };
        for part in outputs {
            out.merge(part);
        }
        t.step("render all steps");
        if !self.lang_prefix.is_empty() {
            let files = std::mem::take(&mut out.site.files);
            let prefix = Path::new(&self.config.language.prefix);
            out.site.files = files
                .into_iter()
                .map(|(p, b)| (prefix.join(p), b))
                .collect();
            let unchanged = std::mem::take(&mut out.site.unchanged);
            out.site.unchanged = unchanged.into_iter().map(|p| prefix.join(p)).collect();
        }
        if everything {
            if self.is_primary() {
                if self.hugo.is_none() {
                    self.add_highlight_css(&mut out);
                }
                self.add_static_files(&mut out)?;
            }
            self.add_content_copies(&mut out);
            t.step("code stylesheet, static files");
        }
        Error::collect(dedup_errors(std::mem::take(&mut out.errors)))?;

        let mut warnings = self.content.warnings.clone();
        warnings.append(&mut out.site.warnings);
        warnings.append(&mut out.warnings);
        let counts = LanguageReport {
            code: self.config.language.code.clone(),
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
        };
        let report = BuildReport {
            languages: vec![counts],
            written: WriteReport::default(),
            warnings: warnings.clone(),
        };
        out.site.warnings = warnings;
        Ok((out.site, report))
    }
    // ----- the steps -----

    fn render_pages(&self, out: &mut Output) {
        if self.config.disabled(Kind::Page) {
            return;
        }
        let pages = &self.content.pages;
        let wanted: Vec<usize> = (0..pages.len())
            .filter(|&i| out.wants(&output_file(&pages[i].path)))
            .collect();
        let on_disk = out.on_disk.as_ref();
        let rendered: Vec<(PathBuf, Result<Rendered>)> = wanted
            .par_iter()
            .map(|&i| {
                let page = &pages[i];
                let mut value = self.full_page_value(i);
                let (prev, next) = self.neighbours(i);
                value["prev"] = prev;
                value["next"] = next;
                let mut ctx = self.context();
                ctx.insert("page", value);
                let template = page
                    .meta
                    .layout
                    .as_ref()
                    .map(|l| format!("{l}.html"))
                    .filter(|t| self.templates.has(t))
                    .unwrap_or_else(|| "page.html".into());
                let path = output_file(&page.path);
                let result = self
                    .templates
                    .render(&template, &ctx.into_tera(), Some(&page.file));
                let settled = settle(on_disk, &path, result);
                (path, settled)
            })
            .collect();
        for (path, result) in rendered {
            out.add_settled(path, result);
        }
    }

    fn render_home_and_sections(&self, out: &mut Output) {
        for (dir, section) in &self.content.sections {
            if !self.renders_list(dir) {
                continue;
            }
            let template = if dir.is_empty() {
                "index.html"
            } else {
                "section.html"
            };
            let pages = self.listed(dir);
            let section_value = self.section_value(section, pages.len());
            self.paginate(
                out,
                template,
                &section.path,
                pages,
                |ctx| ctx.insert("section", section_value.clone()),
                &section.file,
            );
        }
    }

    fn render_taxonomies(&self, out: &mut Output) {
        for tax in &self.taxonomies {
            let tax_value = self.taxonomy_value(tax);
            let terms: Vec<Value> = tax.terms.iter().map(|t| self.term_value(tax, t)).collect();
            let mut ctx = self.context();
            ctx.insert("taxonomy", tax_value.clone());
            ctx.insert("terms", Value::Array(terms.clone()));
            let list_file = output_file(&tax.path);
            if !self.config.disabled(Kind::Taxonomy) && out.wants(&list_file) {
                out.list_pages += 1;
                let file = self.list_texts.get(&tax.name).map(|p| p.file.as_path());
                out.add(
                    list_file,
                    self.templates
                        .render("taxonomy_list.html", &ctx.into_tera(), file),
                );
            }
            if self.config.disabled(Kind::Term) {
                continue;
            }
            for (term, term_value) in tax.terms.iter().zip(&terms) {
                let file = self.term_text(tax, term).map(|p| p.file.clone());
                self.paginate(
                    out,
                    "taxonomy_single.html",
                    &term.path,
                    &term.pages,
                    |ctx| {
                        ctx.insert("taxonomy", tax_value.clone());
                        ctx.insert("term", term_value.clone());
                    },
                    file.as_deref().unwrap_or(Path::new(&term.path)),
                );
            }
        }
    }

    /// The pages section `dir` lists (`""`: the home page), in listing order.
    pub(crate) fn listed(&self, dir: &str) -> &[usize] {
        self.listed.get(dir).map_or(&[], Vec::as_slice)
    }

    /// The archive page is made unless the theme has no template for it or a page of the
    /// site already lives at `/archives/`.
    fn has_archive(&self) -> bool {
        self.templates.has("archive.html")
            && !self.content.pages.iter().any(|p| p.path == "/archives/")
    }

    fn render_archive(&self, out: &mut Output) {
        if !self.has_archive() || !out.wants(Path::new("archives/index.html")) {
            return;
        }
        let mut years: BTreeMap<std::cmp::Reverse<i32>, Vec<usize>> = BTreeMap::new();
        let mut main = self.listed("").to_vec();
        newest_first(&self.content.pages, &mut main);
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
            .map(|(year, pages)| {
                let mut entry = serde_json::Map::new();
                entry.insert("year".into(), json!(year.0));
                entry.insert("pages".into(), self.list_of(&pages));
                Value::Object(entry)
            })
            .collect();
        let mut ctx = self.context();
        ctx.insert("archive", Value::Array(archive));
        let text = self.list_texts.get("archives");
        if let Some(section) = text {
            ctx.insert(
                "section",
                self.section_value(section, self.listed("").len()),
            );
        }
        out.list_pages += 1;
        out.add(
            output_file("/archives/"),
            self.templates.render(
                "archive.html",
                &ctx.into_tera(),
                text.map(|p| p.file.as_path()),
            ),
        );
    }

    fn render_feeds(&self, out: &mut Output) {
        if !self.templates.has("rss.xml") || self.config.disabled(Kind::Rss) {
            return;
        }
        let mut feeds: Vec<(String, String, Vec<usize>)> = Vec::new();
        for (dir, section) in &self.content.sections {
            if !self.renders_list(dir) {
                continue;
            }
            let title = if dir.is_empty() {
                self.config.title.clone()
            } else {
                format!("{} on {}", section.meta.title, self.config.title)
            };
            feeds.push((title, section.path.clone(), self.listed(dir).to_vec()));
        }
        for tax in &self.taxonomies {
            let mut all: Vec<usize> = tax
                .terms
                .iter()
                .flat_map(|t| t.pages.iter().copied())
                .collect();
            all.sort();
            all.dedup();
            if !self.config.disabled(Kind::Taxonomy) {
                feeds.push((
                    format!("{} on {}", tax.name, self.config.title),
                    tax.path.clone(),
                    all,
                ));
            }
            if self.config.disabled(Kind::Term) {
                continue;
            }
            for term in &tax.terms {
                feeds.push((
                    format!("{} on {}", term.name, self.config.title),
                    term.path.clone(),
                    term.pages.clone(),
                ));
            }
        }
        feeds.retain(|(_, path, _)| out.wants(&output_file(&feed_path(path))));
        let feeds: Vec<(String, String, Vec<usize>)> = feeds
            .into_iter()
            .map(|(title, path, mut pages)| {
                newest_first(&self.content.pages, &mut pages);
                if self.config.rss_limit > 0 {
                    pages.truncate(self.config.rss_limit);
                }
                (title, path, pages)
            })
            .collect();
        let items = match self.feed_items(&feeds) {
            Ok(items) => items,
            Err(errors) => {
                out.errors.extend(errors);
                return;
            }
        };
        let with_pages = self.templates.mentions("rss.xml", "pages");
        let rendered: Vec<(PathBuf, Result<String>)> = feeds
            .par_iter()
            .map(|(title, path, pages)| {
                let feed_path = feed_path(path);
                let mut feed = json!({
                    "title": title,
                    "url": self.url(path),
                    "permalink": self.permalink(path),
                    "feed_url": self.permalink(&feed_path),
                    "date": pages.first().and_then(|&i| self.content.pages[i].meta.date).map(|d| d.to_rfc3339()),
                });
                if let Some(items) = &items {
                    feed["items"] = pages.iter().map(|i| Value::String(items[i].clone())).collect();
                }
                if with_pages {
                    feed["pages"] = pages.iter().map(|&i| self.feed_page_value(i)).collect();
                }
                let mut ctx = self.context();
                ctx.insert("feed", feed);
                (
                    output_file(&feed_path),
                    self.templates.render("rss.xml", &ctx.into_tera(), None),
                )
            })
            .collect();
        for (path, result) in rendered {
            out.add(path, result);
        }
    }

    /// Each page's feed entry, rendered once by `rss_item.xml` for every feed that lists the
    /// page: a page is in the home feed, its section's, and one feed per term and taxonomy,
    /// and rendering it each time was most of a warm build's feed work. `None` when the feed
    /// template does not use `feed.items`.
    fn feed_items(
        &self,
        feeds: &[(String, String, Vec<usize>)],
    ) -> std::result::Result<Option<BTreeMap<usize, String>>, Vec<Error>> {
        if !self.templates.has("rss_item.xml") || !self.templates.mentions("rss.xml", "items") {
            return Ok(None);
        }
        let listed: BTreeSet<usize> = feeds
            .iter()
            .flat_map(|(_, _, pages)| pages.iter().copied())
            .collect();
        let rendered: Vec<(usize, Result<String>)> = listed
            .into_par_iter()
            .map(|i| {
                let mut ctx = self.context();
                ctx.insert("page", self.feed_page_value(i));
                let page = &self.content.pages[i];
                (
                    i,
                    self.templates
                        .render("rss_item.xml", &ctx.into_tera(), Some(&page.file)),
                )
            })
            .collect();
        let mut items = BTreeMap::new();
        let mut errors = Vec::new();
        for (i, result) in rendered {
            match result {
                Ok(text) => {
                    items.insert(i, text);
                }
                Err(e) => errors.push(e),
            }
        }
        if errors.is_empty() {
            Ok(Some(items))
        } else {
            Err(errors)
        }
    }

    fn render_aliases(&self, out: &mut Output) {
        if self.config.disabled(Kind::Page) {
            return;
        }
        for page in &self.content.pages {
            for alias in &page.meta.aliases {
                self.render_alias(out, alias, &page.path);
            }
        }
    }

    fn render_alias(&self, out: &mut Output, from: &str, to: &str) {
        if !out.wants(&output_file(&normalize_url(from))) {
            return;
        }
        let mut ctx = self.context();
        ctx.insert("target", Value::String(self.permalink(to)));
        out.aliases += 1;
        out.add(
            output_file(&normalize_url(from)),
            self.templates.render("alias.html", &ctx.into_tera(), None),
        );
    }

    /// robots.txt alone (a Hugo theme makes its own 404 page).
    fn render_robots(&self, out: &mut Output) {
        let (name, path) = ("robots.txt", "robots.txt");
        // Hugo writes robots.txt only when `enableRobotsTXT` asks for it.
        let asked = self
            .config
            .raw
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("enableRobotsTXT"))
            .is_some_and(|(_, v)| v.as_bool() == Some(true));
        if self.is_primary()
            && asked
            && self.templates.has(name)
            && !self.config.disabled(Kind::RobotsTxt)
            && out.wants(Path::new(path))
        {
            out.add(
                PathBuf::from(path),
                self.templates
                    .render(name, &self.context().into_tera(), None),
            );
        }
    }

    fn render_singletons(&self, out: &mut Output) {
        for (kind, name, path) in [
            (Kind::NotFound, "404.html", "404.html"),
            (Kind::RobotsTxt, "robots.txt", "robots.txt"),
        ] {
            if kind == Kind::RobotsTxt && !self.is_primary() {
                continue;
            }
            if self.templates.has(name) && !self.config.disabled(kind) && out.wants(Path::new(path))
            {
                out.add(
                    PathBuf::from(path),
                    self.templates
                        .render(name, &self.context().into_tera(), None),
                );
            }
        }
    }

    /// Whether this language has a sitemap: the theme makes one and the kind is enabled.
    fn makes_sitemap(&self) -> bool {
        self.templates.has("sitemap.xml") && !self.config.disabled(Kind::Sitemap)
    }

    /// The sitemap: every page, section, taxonomy list, term and the archive, each with
    /// its last date; with several languages, each URL also names its translations
    /// (`xhtml:link rel="alternate"`), as Hugo's sitemap does.
    fn render_sitemap(&self, out: &mut Output) {
        if !self.makes_sitemap() || !out.wants(Path::new("sitemap.xml")) {
            return;
        }
        let languages = !self.translations.is_empty();
        // The translation key of an entry, only looked up with several languages.
        let key = |make: &dyn Fn() -> String| languages.then(make);
        let mut entries: Vec<(String, Option<String>, Option<String>)> = Vec::new();
        for p in self
            .content
            .pages
            .iter()
            .filter(|_| !self.config.disabled(Kind::Page))
        {
            entries.push((
                p.path.clone(),
                p.meta.lastmod.or(p.meta.date).map(|d| d.to_rfc3339()),
                key(&|| languages::page_key(p)),
            ));
        }
        let newest = self
            .content
            .pages
            .iter()
            .filter_map(|p| p.meta.lastmod.or(p.meta.date))
            .max()
            .map(|d| d.to_rfc3339());
        for (dir, s) in &self.content.sections {
            if self.renders_list(dir) {
                entries.push((
                    s.path.clone(),
                    newest.clone(),
                    key(&|| languages::section_key(s)),
                ));
            }
        }
        for tax in &self.taxonomies {
            if !self.config.disabled(Kind::Taxonomy) {
                entries.push((
                    tax.path.clone(),
                    newest.clone(),
                    key(&|| languages::taxonomy_key(tax)),
                ));
            }
            for term in tax
                .terms
                .iter()
                .filter(|_| !self.config.disabled(Kind::Term))
            {
                let last = term
                    .pages
                    .iter()
                    .filter_map(|&i| self.content.pages[i].meta.date)
                    .max()
                    .map(|d| d.to_rfc3339());
                entries.push((
                    term.path.clone(),
                    last,
                    key(&|| languages::term_key(tax, term)),
                ));
            }
        }
        if self.has_archive() {
            entries.push(("/archives/".into(), newest.clone(), None));
        }
        entries.sort();
        entries.dedup_by(|a, b| a.0 == b.0);
        let entries: Vec<Value> = entries
            .iter()
            .map(|(p, d, k)| {
                let mut e = json!({"permalink": self.permalink(p), "lastmod": d});
                if languages {
                    e["alternates"] = self.sitemap_alternates(k.as_deref());
                }
                e
            })
            .collect();
        let mut ctx = self.context();
        ctx.insert("entries", Value::Array(entries));
        ctx.insert("alternates", Value::Bool(languages));
        out.add(
            PathBuf::from("sitemap.xml"),
            self.templates.render("sitemap.xml", &ctx.into_tera(), None),
        );
    }

    fn add_highlight_css(&self, out: &mut Output) {
        let css = self.highlighter.stylesheet();
        if !css.is_empty() {
            let rel = PathBuf::from("css/syntax.css");
            out.site.drop_generated(&rel);
            out.site.files.insert(rel, Arc::new(css.into_bytes()));
        }
    }

    /// Theme static files, then the site's `static/`, then content files and bundle
    /// resources: a later one replaces an earlier one at the same path.
    fn add_static_files(&self, out: &mut Output) -> Result<()> {
        if self.theme == Theme::Embedded {
            for (rel, bytes) in embedded::STATIC {
                let rel = PathBuf::from(rel);
                if !out.site.has(&rel) {
                    out.site.files.insert(rel, Arc::new(bytes.to_vec()));
                }
            }
        }
        let mut dirs: Vec<PathBuf> = self.theme.static_dirs();
        dirs.push(self.root.join("static"));
        let roots = content::publishable_roots(&self.root);
        for dir in dirs.iter().filter(|d| d.is_dir()) {
            for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
                let entry = entry.map_err(|e| Error::read(dir, e.into()))?;
                let link_to_file = entry.path_is_symlink() && entry.path().is_file();
                if link_to_file && !content::is_publishable(&roots, entry.path()) {
                    out.site.warnings.push(self.static_link_warning(entry.path(), "outside content/, static/ and themes/; blog never publishes files from outside the site, so it is left out. Copy the file into the site instead"));
                    continue;
                }
                if entry.path_is_symlink() && !link_to_file {
                    out.site.warnings.push(self.static_link_warning(entry.path(), "not a file (a folder, or a link to nothing); links to folders are not followed in static/, so it is left out"));
                    continue;
                }
                if entry.file_type().is_file() || link_to_file {
                    let rel = entry.path().strip_prefix(dir).unwrap().to_path_buf();
                    // A static file replaces a generated one at the same path.
                    out.site.drop_generated(&rel);
                    out.site.copies.insert(rel, entry.path().to_path_buf());
                }
            }
        }
        Ok(())
    }

    /// A warning about a link in a static folder, which is not published.
    fn static_link_warning(&self, link: &Path, why: &str) -> Warning {
        let target =
            std::fs::read_link(link).map_or_else(|_| "?".into(), |t| t.display().to_string());
        Warning {
            path: link.strip_prefix(&self.root).unwrap_or(link).to_path_buf(),
            line: None,
            message: format!("a link to {target}, {why}"),
        }
    }

    /// Content files and bundle resources, under the language's prefix: they replace a
    /// static file at the same path.
    fn add_content_copies(&self, out: &mut Output) {
        let prefix = Path::new(&self.config.language.prefix);
        for (rel, src) in &self.content.copies {
            let rel = prefix.join(rel);
            out.site.drop_generated(&rel);
            out.site.copies.insert(rel, src.clone());
        }
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
        add: impl Fn(&mut Ctx) + Sync,
        file: &Path,
    ) {
        let pager = Paginator::new(path, pages, self.config.paginate);
        let total_pages = pager.count();
        let pager_path = |n: usize| pager.path(n);
        let wanted: Vec<usize> = (1..=total_pages)
            .filter(|&n| out.wants(&output_file(&pager_path(n))))
            .collect();
        let on_disk = out.on_disk.as_ref();
        let rendered: Vec<(PathBuf, Result<Rendered>)> = wanted
            .into_par_iter()
            .map(|n| {
                let chunk = pager.shown(n);
                let mut paginator = json!({
                    "current": n,
                    "url": self.url(&pager_path(n)),
                    "permalink": self.permalink(&pager_path(n)),
                    "total_pages": total_pages,
                    "total_items": pages.len(),
                    "first_url": self.url(&pager_path(1)),
                    "last_url": self.url(&pager_path(total_pages)),
                    "prev_url": (n > 1).then(|| self.url(&pager_path(n - 1))),
                    "next_url": (n < total_pages).then(|| self.url(&pager_path(n + 1))),
                });
                paginator["pages"] = self.list_of(chunk);
                let mut ctx = self.context();
                add(&mut ctx);
                ctx.insert("paginator", paginator);
                let path = output_file(&pager_path(n));
                let result = self
                    .templates
                    .render(template, &ctx.into_tera(), Some(file));
                let settled = settle(on_disk, &path, result);
                (path, settled)
            })
            .collect();
        for (p, r) in rendered {
            out.list_pages += 1;
            out.add_settled(p, r);
        }
        // Hugo writes this redirect for every paginated list, one pager or many.
        self.render_alias(out, &first_pager_alias(path), path);
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

/// A render step: fills its own part of the output.
type Step = fn(&Site, &mut Output);

/// The files being rendered, and the errors met on the way (all reported together).
#[derive(Default)]
struct Output {
    /// Only these outputs are rendered (an incremental update); `None` renders all.
    only: Option<BTreeSet<PathBuf>>,
    /// Where the files will be written, when a file already there is only to be named.
    on_disk: Option<OnDisk>,
    site: RenderedSite,
    errors: Vec<Error>,
    /// Problems that do not stop the build, met while rendering (Hugo templates').
    warnings: Vec<Warning>,
    list_pages: usize,
    aliases: usize,
}

impl Output {
    /// Takes in what another step rendered; a file already here is kept (first step wins).
    fn merge(&mut self, part: Output) {
        self.site.absorb(part.site);
        self.errors.extend(part.errors);
        self.warnings.extend(part.warnings);
        self.list_pages += part.list_pages;
        self.aliases += part.aliases;
    }

    fn wants(&self, path: &Path) -> bool {
        self.only.as_ref().is_none_or(|only| only.contains(path))
    }

    /// Takes in a rendered file; a file already here is kept (the first one wins).
    fn add(&mut self, path: PathBuf, result: Result<String>) {
        let settled = settle(self.on_disk.as_ref(), &path, result);
        self.add_settled(path, settled);
    }

    fn add_settled(&mut self, path: PathBuf, result: Result<Rendered>) {
        match result {
            Ok(_) if self.site.has(&path) => {}
            Ok(Rendered::Bytes(bytes)) => {
                self.site.files.insert(path, Arc::new(bytes));
            }
            Ok(Rendered::OnDisk) => {
                self.site.unchanged.insert(path);
            }
            Err(e) => self.errors.push(e),
        }
    }
}

/// A rendered file: its bytes, or only the news that the destination already holds them.
enum Rendered {
    Bytes(Vec<u8>),
    OnDisk,
}

/// Compares a rendered file with the destination (when the render is to be written), so
/// an unchanged file's bytes are dropped at once, on the thread that rendered them.
fn settle(on_disk: Option<&OnDisk>, path: &Path, result: Result<String>) -> Result<Rendered> {
    Ok(settle_bytes(on_disk, path, result?.into_bytes()))
}

/// Compares bytes that may not be owned yet (a stored search index): they are copied only
/// when they are to be written.
fn settle_bytes<B>(on_disk: Option<&OnDisk>, path: &Path, bytes: B) -> Rendered
where
    B: AsRef<[u8]> + Into<Vec<u8>>,
{
    match on_disk {
        Some(on_disk) if on_disk.holds(path, bytes.as_ref()) => Rendered::OnDisk,
        _ => Rendered::Bytes(bytes.into()),
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

/// For each page, the older and the newer page of its section by date: computed once per
/// build (per page it would make the build quadratic in the size of a section).
fn neighbours(pages: &[Page]) -> Vec<(Option<usize>, Option<usize>)> {
    let mut by_section: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, p) in pages.iter().enumerate() {
        by_section.entry(p.parent.as_str()).or_default().push(i);
    }
    let mut out = vec![(None, None); pages.len()];
    for mut same in by_section.into_values() {
        same.sort_by(|&a, &b| pages[a].meta.date.cmp(&pages[b].meta.date).then(b.cmp(&a)));
        for (pos, &i) in same.iter().enumerate() {
            out[i] = (
                pos.checked_sub(1).map(|p| same[p]),
                same.get(pos + 1).copied(),
            );
        }
    }
    out
}

/// What each section lists (`""`: the home page), by [`content::lists`].
fn listed_by_section(config: &Config, content: &Content) -> BTreeMap<String, Vec<usize>> {
    let main = content::main_sections(&config.params);
    let pages = &content.pages;
    content
        .sections
        .keys()
        .map(|dir| {
            let members = (0..pages.len())
                .filter(|&i| content::lists(dir, &pages[i], main.as_ref()))
                .collect();
            (dir.clone(), members)
        })
        .collect()
}

/// Sorts page indexes newest first (ties by listing order), as feeds and the archive show them.
fn newest_first(pages: &[Page], list: &mut [usize]) {
    list.sort_by(|&a, &b| pages[b].meta.date.cmp(&pages[a].meta.date).then(a.cmp(&b)));
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

/// The translation tables of `config`'s language for the `i18n` template function: the
/// theme's `i18n/` under the site's, then the default language's as the fallback.
fn load_i18n(root: &Path, theme: &Theme, config: &Config) -> Result<crate::i18n::I18n> {
    let mut dirs: Vec<PathBuf> = theme.dirs().iter().map(|d| d.join("i18n")).collect();
    dirs.push(root.join("i18n"));
    let own = crate::i18n::Table::load(root, &dirs, &config.language.code)?;
    let fallback = if config.language.code == config.default_language {
        None
    } else {
        Some(crate::i18n::Table::load(
            root,
            &dirs,
            &config.default_language,
        )?)
    };
    Ok(crate::i18n::I18n { own, fallback })
}

/// A page whose output path the file system cannot take (a control character, a name over
/// 255 bytes) fails here, naming its content file, before anything is written.
fn check_output_names(root: &Path, content: &Content) -> Result<()> {
    let pages = content.pages.iter().map(|p| &p.doc);
    let docs = pages.chain(content.sections.values().map(|s| &s.doc));
    let page_outputs = docs.map(|doc: &Document| (output_file(&doc.path), doc.file.clone()));
    let copies = content.copies.iter().map(|(out, src)| {
        (
            out.clone(),
            src.strip_prefix(root).unwrap_or(src).to_path_buf(),
        )
    });
    let errors = page_outputs
        .chain(copies)
        .filter_map(|(out, file)| {
            crate::output::name_problem(&out).map(|message| Error::Content {
                path: file,
                message,
            })
        })
        .collect();
    Error::collect(errors)
}
