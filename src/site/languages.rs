//! Multilingual sites: one `Site` per language, each loaded and rendered through the same
//! pipeline from its own configuration and content, its URLs under its prefix (`/zh/`).
//! The default language's site holds the others; this module links their pages as
//! translations and merges their outputs, with what Hugo adds for several languages: a
//! sitemap index at the root and a redirect between the root and the default language.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::{json, Value};

use super::{BuildOptions, BuildReport, Site};
use crate::config::Config;
use crate::content::document::Document;
use crate::content::page::{Page, Section};
use crate::output::{OnDisk, RenderedSite};
use crate::taxonomy::{Taxonomy, Term};
use crate::{Result, Warning};

/// The pages of every language by translation key: each entry says in which language it
/// is (`lang`), and how to link to it.
pub(super) type Translations = BTreeMap<String, Vec<Value>>;

impl Site {
    /// This language's site and the other languages' (held by the default language's site
    /// only), in the configuration's order.
    pub(crate) fn every_language(&self) -> impl Iterator<Item = &Site> {
        std::iter::once(self).chain(&self.others)
    }

    /// Every page and section of every language, each with its language's folder in the
    /// output (`zh`, or empty): where its output file is, under that folder.
    pub(crate) fn every_page(&self) -> impl Iterator<Item = (&Path, &Document)> {
        self.every_language().flat_map(|language| {
            let prefix = Path::new(&language.config.language.prefix);
            let content = &language.content;
            let pages = content.pages.iter().map(|p| &p.doc);
            pages
                .chain(content.sections.values().map(|s| &s.doc))
                .map(move |doc| (prefix, doc))
        })
    }

    /// Whether the site is built in more than one language, or in one under its prefix.
    pub(crate) fn is_multilingual(&self) -> bool {
        self.config.languages.len() > 1 || !self.config.language.prefix.is_empty()
    }

    /// Whether this is the default language's site, which writes the static files, the
    /// highlighting stylesheet and robots.txt once for all languages.
    pub(crate) fn is_primary(&self) -> bool {
        self.config.language.code == self.config.default_language
    }

    /// Loads the site of every other language and links the pages of all of them.
    pub(super) fn load_languages(
        &mut self,
        options: &BuildOptions,
        configs: Vec<Config>,
    ) -> Result<()> {
        for mut config in configs {
            config.base_url = self.config.base_url.clone();
            let cache = self.cache.for_language(super::cache_salt(&config));
            self.others
                .push(Site::load_language(options, config, cache)?);
        }
        let mut all: Translations = BTreeMap::new();
        for site in self.every_language() {
            site.add_translation_entries(&mut all);
        }
        let order: Vec<&str> = self
            .config
            .languages
            .iter()
            .map(|l| l.code.as_str())
            .collect();
        let rank = |v: &Value| {
            let lang = v["lang"].as_str().unwrap_or("");
            order.iter().position(|c| *c == lang)
        };
        for entries in all.values_mut() {
            entries.sort_by_key(|v| rank(v));
        }
        all.retain(|_, entries| entries.len() > 1);
        for other in &mut self.others {
            other.translations = all.clone();
        }
        self.translations = all;
        Ok(())
    }

    /// Adds this language's pages, sections, home page, taxonomy lists and terms to the
    /// translation table. As in Hugo, a taxonomy translates the same taxonomy, and a term
    /// the same term (`/tags/go/` and `/zh/tags/go/`).
    fn add_translation_entries(&self, all: &mut Translations) {
        for page in &self.content.pages {
            all.entry(page_key(page))
                .or_default()
                .push(self.translation_entry(page));
        }
        for section in self.content.sections.values() {
            all.entry(section_key(section))
                .or_default()
                .push(self.translation_entry(section));
        }
        for tax in &self.taxonomies {
            let title = self.taxonomy_text(tax).map(|p| p.meta.title.as_str());
            all.entry(taxonomy_key(tax))
                .or_default()
                .push(self.list_entry(title.unwrap_or(&tax.name), &tax.path));
            for term in &tax.terms {
                let title = self.term_text(tax, term).map(|p| p.meta.title.as_str());
                all.entry(term_key(tax, term))
                    .or_default()
                    .push(self.list_entry(title.unwrap_or(&term.name), &term.path));
            }
        }
    }

    /// What the other languages' pages show of `page`: its language, title and URL.
    fn translation_entry(&self, page: &Document) -> Value {
        self.list_entry(&page.meta.title, &page.path)
    }

    /// A translation entry for the page of this language at `path`, titled `title`.
    fn list_entry(&self, title: &str, path: &str) -> Value {
        let language = &self.config.language;
        json!({
            "lang": language.code,
            "hreflang": language.hreflang,
            "language_name": language.name,
            "title": title,
            "url": self.url(path),
            "permalink": self.permalink(path),
        })
    }

    /// [`Site::update`] with several languages: each changed file is applied to the
    /// language whose page it is, and only that language renders again. `None` (render
    /// everything) when a file is no language's page, or when an edit changes what its
    /// translations show of it (key, title or URL, in their hreflang links and switchers).
    pub(super) fn update_languages(&mut self, changed: &[PathBuf]) -> Result<Option<RenderedSite>> {
        let mut by_language: Vec<Vec<PathBuf>> = vec![Vec::new(); 1 + self.others.len()];
        for path in changed {
            let holder = self
                .every_language()
                .position(|site| site.page_of_file(path).is_some());
            let Some(i) = holder else {
                return Ok(None);
            };
            by_language[i].push(path.clone());
        }
        let mut delta = RenderedSite::default();
        for (i, paths) in by_language.iter().enumerate() {
            if paths.is_empty() {
                continue;
            }
            let site = match i {
                0 => &mut *self,
                _ => &mut self.others[i - 1],
            };
            let before = site.translation_entries_of(paths);
            let Some(rendered) = site.update_language(paths)? else {
                return Ok(None);
            };
            if site.translation_entries_of(paths) != before {
                return Ok(None);
            }
            for (path, bytes) in rendered.files {
                delta.files.entry(path).or_insert(bytes);
            }
        }
        if self.config.languages.len() > 1 {
            self.write_sitemap_index(&mut delta);
        }
        delta.warnings = self.all_warnings();
        Ok(Some(delta))
    }

    /// The translation key and entry of each page read from `paths`.
    fn translation_entries_of(&self, paths: &[PathBuf]) -> Vec<(String, Value)> {
        paths
            .iter()
            .filter_map(|path| self.page_of_file(path))
            .map(|i| &self.content.pages[i])
            .map(|page| (page_key(page), self.translation_entry(page)))
            .collect()
    }

    /// The warnings of every language, each once.
    fn all_warnings(&self) -> Vec<Warning> {
        let mut warnings: Vec<Warning> = self
            .every_language()
            .flat_map(|site| site.content.warnings.iter().cloned())
            .collect();
        warnings.sort();
        warnings.dedup();
        warnings
    }

    /// `page.translations` (the other languages' versions, as Hugo's `.Translations`) and
    /// `page.all_translations` (with this one, as `.AllTranslations`), in language order,
    /// for the page or section whose translation key is `key`.
    pub(super) fn add_translations(&self, key: String, v: &mut Value) {
        self.add_translations_of(&key, v);
    }

    /// [`Site::add_translations`] for a taxonomy's list of terms.
    pub(super) fn add_taxonomy_translations(&self, tax: &Taxonomy, v: &mut Value) {
        self.add_translations_of(&taxonomy_key(tax), v);
    }

    /// [`Site::add_translations`] for a term's page.
    pub(super) fn add_term_translations(&self, tax: &Taxonomy, term: &Term, v: &mut Value) {
        self.add_translations_of(&term_key(tax, term), v);
    }

    /// Every language's entry for the translation key `key` (this language's included), in
    /// language order: `{lang, hreflang, language_name, title, url, permalink}`.
    pub(crate) fn translations_of(&self, key: &str) -> Vec<Value> {
        self.translations.get(key).cloned().unwrap_or_default()
    }

    fn add_translations_of(&self, key: &str, v: &mut Value) {
        v["lang"] = json!(self.config.language.code);
        let all = self.translations.get(key).cloned().unwrap_or_default();
        let others: Vec<Value> = all
            .iter()
            .filter(|t| t["lang"] != self.config.language.code.as_str())
            .cloned()
            .collect();
        v["translations"] = Value::Array(others);
        v["all_translations"] = Value::Array(all);
    }

    /// The `<xhtml:link rel="alternate">` links of the sitemap entry whose translation key
    /// is `key`: every translation (itself included), in language order, as Hugo lists
    /// them; none for one language or a page without translations.
    pub(super) fn sitemap_alternates(&self, key: Option<&str>) -> Value {
        let links = key
            .and_then(|k| self.translations.get(k))
            .map(|all| {
                all.iter()
                    .map(|t| json!({"hreflang": t["hreflang"], "permalink": t["permalink"]}))
                    .collect()
            })
            .unwrap_or_default();
        Value::Array(links)
    }

    /// `site.languages` and `site.language`, for a language switcher on every page.
    pub(super) fn languages_value(&self) -> Value {
        let home = |code: &str| {
            let prefix = self
                .config
                .languages
                .iter()
                .find(|l| l.code == code)
                .map(|l| l.prefix.as_str())
                .unwrap_or("");
            let path = if prefix.is_empty() {
                "/".to_string()
            } else {
                format!("/{prefix}/")
            };
            format!("{}{path}", self.config.base_path())
        };
        let list: Vec<Value> = self
            .config
            .languages
            .iter()
            .map(|l| json!({"lang": l.code, "name": l.name, "weight": l.weight, "url": home(&l.code)}))
            .collect();
        Value::Array(list)
    }

    /// Renders every language: this one's outputs, then each other's (already under its
    /// prefix), then the sitemap index and the redirect between the root and the default
    /// language.
    pub(super) fn render_languages(
        &self,
        mut site: RenderedSite,
        mut report: BuildReport,
        on_disk: Option<&OnDisk>,
    ) -> Result<(RenderedSite, BuildReport)> {
        let mut errors = Vec::new();
        let mut warnings: Vec<Warning> = std::mem::take(&mut report.warnings);
        for other in &self.others {
            match other.render_scope(None, on_disk) {
                Ok((rendered, r)) => {
                    site.absorb(rendered);
                    report.languages.extend(r.languages);
                    warnings.extend(r.warnings);
                }
                Err(e) => errors.extend(e.into_list()),
            }
        }
        crate::error::Error::collect(errors)?;
        warnings.sort();
        warnings.dedup();
        if self.config.languages.len() > 1 {
            self.write_sitemap_index(&mut site);
        }
        self.write_root_redirect(&mut site)?;
        site.warnings = warnings.clone();
        report.warnings = warnings;
        Ok((site, report))
    }

    /// Hugo's root `sitemap.xml` for several languages: an index of each language's own
    /// sitemap (the default language's moves to `/en/sitemap.xml`, as Hugo puts it). An
    /// incremental update gives only the sitemaps it rendered again; the index is whole.
    fn write_sitemap_index(&self, site: &mut RenderedSite) {
        if let Some(bytes) = site.files.remove(Path::new("sitemap.xml")) {
            let moved = Path::new(&self.config.language.code).join("sitemap.xml");
            site.files.insert(moved, bytes);
        }
        let mut xml = String::from(
            "<?xml version=\"1.0\" encoding=\"utf-8\" standalone=\"yes\"?>\n\
             <sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        let mut any = false;
        for language in self.every_language() {
            let code = &language.config.language.code;
            if !language.makes_sitemap() {
                continue;
            }
            any = true;
            xml.push_str(&format!(
                "  <sitemap>\n    <loc>{}/{code}/sitemap.xml</loc>\n",
                self.config.base_url
            ));
            if let Some(d) = language.newest() {
                xml.push_str(&format!("    <lastmod>{d}</lastmod>\n"));
            }
            xml.push_str("  </sitemap>\n");
        }
        xml.push_str("</sitemapindex>\n");
        if any {
            site.files
                .insert(PathBuf::from("sitemap.xml"), Arc::new(xml.into_bytes()));
        }
    }

    /// The newest date of this language's pages, for its sitemap's `lastmod`.
    fn newest(&self) -> Option<String> {
        self.content
            .pages
            .iter()
            .filter_map(|p| p.meta.lastmod.or(p.meta.date))
            .max()
            .map(|d| d.to_rfc3339())
    }

    /// With the default language under `/en/`, the root redirects there; with it at the
    /// root, `/en/` redirects to the root (both as Hugo writes them).
    fn write_root_redirect(&self, site: &mut RenderedSite) -> Result<()> {
        if !self.templates.has("alias.html") {
            return Ok(());
        }
        let from = if self.config.language.prefix.is_empty() {
            if self.config.languages.len() < 2 {
                return Ok(());
            }
            Path::new(&self.config.language.code).join("index.html")
        } else {
            PathBuf::from("index.html")
        };
        if site.has(&from) {
            return Ok(());
        }
        let mut ctx = self.context();
        ctx.insert("target", Value::String(self.permalink("/")));
        let html = self
            .templates
            .render("alias.html", &ctx.into_tera(), None)?;
        site.files.insert(from, Arc::new(html.into_bytes()));
        Ok(())
    }
}

/// Which pages are translations of each other: the same `translationKey`, else the same
/// path under the content folder without language suffix (`about.md`, `about.zh.md` and
/// `content-zh/about.md`).
pub(crate) fn page_key(page: &Page) -> String {
    if let Some(key) = given_key(page) {
        return format!("page:{key}");
    }
    let path = page
        .rel
        .strip_suffix(".md")
        .or_else(|| page.rel.strip_suffix(".markdown"))
        .unwrap_or(&page.rel);
    format!("page:/{}", path.strip_suffix("/index").unwrap_or(path))
}

/// Which sections are translations of each other: the same `translationKey`, else the same
/// folder.
pub(crate) fn section_key(section: &Section) -> String {
    match given_key(section) {
        Some(key) => format!("section:{key}"),
        None => format!("section:/{}", section.dir),
    }
}

/// Front matter's `translationKey`.
fn given_key(doc: &Document) -> Option<&str> {
    doc.meta
        .params
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("translationKey"))
        .and_then(|(_, v)| v.as_str())
}

/// A taxonomy's list translates the same taxonomy's in every language.
pub(crate) fn taxonomy_key(tax: &Taxonomy) -> String {
    format!("taxonomy:{}", tax.name)
}

/// A term translates the term of the same taxonomy with the same URL form.
pub(crate) fn term_key(tax: &Taxonomy, term: &Term) -> String {
    format!("term:{}/{}", tax.name, term.slug)
}
