//! What templates see: `site`, `page`, `section`, terms and lists, built as owned
//! `serde_json` values and moved into tera (see [`Ctx`]).

use serde_json::{json, Value};

use super::Site;
use crate::content::page::Page;
use crate::content::urls::encode_path;
use crate::taxonomy::{self, Taxonomy};

/// A template context built from values we own. Tera's `Context::insert` serializes its
/// argument into a fresh value, a deep copy through serde for every page and pager; moving
/// our values in with `Context::from_value` skips that, which profiling showed to be most
/// of a warm build.
#[derive(Default)]
pub struct Ctx(serde_json::Map<String, Value>);

impl Ctx {
    pub fn insert(&mut self, key: &str, value: Value) {
        self.0.insert(key.to_string(), value);
    }

    pub fn into_tera(self) -> tera::Context {
        tera::Context::from_value(Value::Object(self.0)).expect("an object is a context")
    }
}

impl Site {
    pub(super) fn context(&self) -> Ctx {
        let mut ctx = Ctx::default();
        ctx.insert("site", self.site_value.clone());
        ctx
    }

    /// The list form of these pages, as one template value.
    pub(super) fn list_of(&self, pages: &[usize]) -> Value {
        Value::Array(pages.iter().map(|&i| self.list_values[i].clone()).collect())
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

    pub(super) fn make_site_value(&self) -> Value {
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
            "search": crate::search::enabled(&c.params),
            "generator": concat!("blog ", env!("CARGO_PKG_VERSION")),
        })
    }

    pub(super) fn page_value(&self, page: &Page, full: bool) -> Value {
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
            "prev": null,
            "next": null,
        });
        // Lists copy each page's value into every pager and feed that shows it: the page's
        // own HTML and its table of contents are left out of that copy.
        if full {
            v["content"] = Value::String(page.rendered.html.clone());
            v["toc"] = serde_json::to_value(&page.rendered.toc).expect("a TOC serializes");
        }
        v
    }

    pub(super) fn section_value(&self, section: &Page, pages_count: usize) -> Value {
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

    pub(super) fn taxonomy_value(&self, tax: &Taxonomy) -> Value {
        json!({"name": tax.name, "singular": tax.singular, "url": self.url(&format!("/{}/", tax.name))})
    }

    pub(super) fn term_value(&self, tax: &Taxonomy, term: &taxonomy::Term) -> Value {
        let path = format!("/{}/{}/", tax.name, term.slug);
        json!({"name": term.name, "slug": term.slug, "url": self.url(&path), "permalink": self.permalink(&path), "count": term.pages.len()})
    }

    /// The older and the newer page in the same section, as template values.
    pub(super) fn neighbours(&self, i: usize) -> (Value, Value) {
        let pages = &self.content.pages;
        let link =
            |j: usize| json!({"title": pages[j].meta.title, "url": self.url(&pages[j].path)});
        let (prev, next) = self.neighbours[i];
        (
            prev.map(link).unwrap_or(Value::Null),
            next.map(link).unwrap_or(Value::Null),
        )
    }
}
