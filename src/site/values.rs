//! What templates see: `site`, `page`, `section`, terms and lists, built as owned
//! `serde_json` values and moved into tera (see [`Ctx`]).

use serde_json::{json, Value};

use super::Site;
use crate::content::document::{Document, RenderedBody};
use crate::content::page::{Page, Section};
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
        format!(
            "{}{}{}",
            self.config.base_path(),
            self.lang_prefix,
            encode_path(path)
        )
    }

    /// Root-relative URL of a file every language shares (a static file, a URL written in
    /// the config): no language prefix.
    pub fn root_url(&self, path: &str) -> String {
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
        let taxonomies: Vec<Value> = c
            .taxonomies
            .iter()
            .map(|(singular, plural)| json!({"name": plural, "singular": singular, "url": self.url(&taxonomy::taxonomy_path(c, plural))}))
            .collect();
        let mut v = json!({
            "title": c.title,
            "base_url": c.base_url,
            "base_path": c.base_path(),
            "language_code": c.language_code,
            "copyright": c.copyright,
            "params": c.params,
            "author": author_value(&c.params),
            "menu": self.menus_value(),
            "taxonomies": taxonomies,
            "rss_url": self.url(&crate::content::urls::feed_path("/")),
            "highlight_css": if self.highlighter.stylesheet().is_empty() { String::new() } else { self.root_url("/css/syntax.css") },
            "build_drafts": self.options.drafts,
            "search": search::enabled(&c.params),
            "generator": concat!("blog ", env!("CARGO_PKG_VERSION")),
        });
        if self.is_multilingual() {
            v["lang"] = json!(c.language.code);
            v["language_name"] = json!(c.language.name);
            v["languages"] = self.languages_value();
            v["home_url"] = json!(self.url("/"));
        }
        v
    }

    /// A page's list form: what lists, feeds and shortcodes see of it (made for every page
    /// by `derive`, kept in `list_values`).
    pub(super) fn page_value(&self, page: &Page) -> Value {
        self.doc_value(&page.doc, &page.section, &page.base_name)
    }

    /// The list form of a document in top-level section `section` with base name
    /// `base_name`: a page's, or what a section's shortcodes see of it. Before its body is
    /// rendered (a shortcode's view) it has no summary and no words.
    pub(super) fn doc_value(&self, page: &Document, section: &str, base_name: &str) -> Value {
        let unrendered = RenderedBody::default();
        let body = page.body.rendered().unwrap_or(&unrendered);
        let m = &page.meta;
        let date = |d: Option<chrono::DateTime<chrono::FixedOffset>>| d.map(|d| d.to_rfc3339());
        let mut taxonomies = serde_json::Map::new();
        for (name, terms) in &m.taxonomies {
            let list: Vec<Value> = terms
                .iter()
                .filter_map(|t| {
                    let path = taxonomy::term_path(&self.config, name, t)?;
                    Some(json!({"name": t, "url": self.url(&path)}))
                })
                .collect();
            taxonomies.insert(name.clone(), Value::Array(list));
        }
        let v = json!({
            "title": m.title,
            "url": self.url(&page.path),
            "permalink": self.permalink(&page.path),
            "summary": absolute_urls(&body.summary, &self.permalink(&page.path)),
            "truncated": body.truncated,
            "description": m.description,
            "keywords": m.keywords,
            "date": date(m.date),
            "lastmod": date(m.lastmod.or(m.date)),
            "year": m.date.map(|d| chrono::Datelike::year(&d)),
            "draft": m.draft,
            "weight": m.weight,
            "section": section,
            "slug": m.slug.clone().unwrap_or_else(|| base_name.to_string()),
            "word_count": body.words.total(),
            "reading_time": body.words.reading_minutes(),
            "tags": taxonomies.get("tags").cloned().unwrap_or(json!([])),
            "categories": taxonomies.get("categories").cloned().unwrap_or(json!([])),
            "taxonomies": taxonomies,
            "params": m.params,
            "show_toc": m.toc,
            "prev": null,
            "next": null,
        });
        v
    }

    /// Page `i` as a feed shows it: its list form, with each formula of its summary as
    /// MathML alone, since feed readers that do not lay MathML out would also show the
    /// LaTeX annotation and so the formula twice.
    pub(super) fn feed_page_value(&self, i: usize) -> Value {
        let mut v = self.list_values[i].clone();
        if let Some(Value::String(summary)) = v.get_mut("summary") {
            if let std::borrow::Cow::Owned(plain) =
                crate::markdown::math::without_annotations(summary)
            {
                *summary = plain;
            }
        }
        v
    }

    /// The value of page `i` on its own page: its list form with its HTML and table of
    /// contents, which lists leave out since they copy each page's value into every pager
    /// and feed that shows it. Built from the list form `derive` made rather than again.
    pub(super) fn full_page_value(&self, i: usize) -> Value {
        let page = &self.content.pages[i];
        let body = rendered(page);
        let mut v = self.list_values[i].clone();
        v["content"] = Value::String(body.html.clone());
        v["toc"] = serde_json::to_value(&body.toc).expect("a TOC serializes");
        v["toc_ordered"] = Value::Bool(self.config.markup.toc_ordered);
        if self.is_multilingual() {
            self.add_translations(super::languages::page_key(page), &mut v);
        }
        v
    }

    pub(super) fn section_value(&self, section: &Section, pages_count: usize) -> Value {
        let subsections: Vec<Value> = self
            .content
            .sections
            .iter()
            .filter(|(dir, _)| {
                !dir.is_empty()
                    && dir.rsplit_once('/').map(|(p, _)| p).unwrap_or("") == section.dir
                    && **dir != section.dir
            })
            .map(|(_, s)| json!({"title": s.meta.title, "url": self.url(&s.path)}))
            .collect();
        let mut v = json!({
            "title": section.meta.title,
            "url": self.url(&section.path),
            "permalink": self.permalink(&section.path),
            "content": rendered(section).html,
            "description": section.meta.description,
            "params": section.meta.params,
            "subsections": subsections,
            "pages_count": pages_count,
        });
        if self.is_multilingual() {
            self.add_translations(super::languages::section_key(section), &mut v);
        }
        v
    }

    /// A taxonomy's list; `title` and `content` come from its `_index.md` when there is one.
    pub(super) fn taxonomy_value(&self, tax: &Taxonomy) -> Value {
        let mut v = json!({"name": tax.name, "singular": tax.singular, "url": self.url(&tax.path), "permalink": self.permalink(&tax.path)});
        add_list_text(&mut v, self.taxonomy_text(tax));
        if self.is_multilingual() {
            self.add_taxonomy_translations(tax, &mut v);
        }
        v
    }

    /// A term; `title` and `content` come from its `_index.md` when there is one.
    pub(super) fn term_value(&self, tax: &Taxonomy, term: &taxonomy::Term) -> Value {
        let mut v = json!({"name": term.name, "slug": term.slug, "url": self.url(&term.path), "permalink": self.permalink(&term.path), "count": term.pages.len()});
        add_list_text(&mut v, self.term_text(tax, term));
        if self.is_multilingual() {
            self.add_term_translations(tax, term, &mut v);
        }
        v
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

/// `title`, `content` and `description` of a generated list, from its `_index.md`.
fn add_list_text(v: &mut Value, text: Option<&Section>) {
    let Some(page) = text else {
        return;
    };
    if !page.meta.title.is_empty() {
        v["title"] = json!(page.meta.title);
    }
    v["content"] = json!(rendered(page).html);
    v["description"] = json!(page.meta.description);
}

/// A body as the render step left it: every page, section and list text is rendered before
/// any template value is made.
pub(super) fn rendered(doc: &Document) -> &RenderedBody {
    doc.body
        .rendered()
        .expect("bodies are rendered before template values are made")
}

/// `site.author`: `{name, email, links}` from `params.author`, which Hugo themes take as a
/// name or as a table (`name`, `email`, `github`, ...), so a theme never prints a table.
fn author_value(params: &serde_json::Map<String, Value>) -> Value {
    let get = |map: &serde_json::Map<String, Value>, key: &str| -> Option<String> {
        let found = map
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)?;
        found.as_str().map(str::to_string).filter(|s| !s.is_empty())
    };
    let author = params
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("author"))
        .map(|(_, v)| v);
    let mut links = Vec::new();
    let (name, email) = match author {
        Some(Value::String(name)) => (Some(name.clone()), None),
        Some(Value::Object(table)) => {
            let sites = [
                ("github", "GitHub", "https://github.com/"),
                ("gitlab", "GitLab", "https://gitlab.com/"),
                ("twitter", "Twitter", "https://twitter.com/"),
                ("x", "X", "https://x.com/"),
                ("mastodon", "Mastodon", ""),
                ("website", "Website", ""),
                ("homepage", "Website", ""),
                ("url", "Website", ""),
            ];
            for (key, label, prefix) in sites {
                // `params.github` already gets a footer link of its own.
                if key == "github" && get(params, "github").is_some() {
                    continue;
                }
                if let Some(v) = get(table, key) {
                    let url = if v.contains("://") {
                        v
                    } else {
                        format!("{prefix}{v}")
                    };
                    links.push(json!({"name": label, "url": url}));
                }
            }
            (get(table, "name"), get(table, "email"))
        }
        _ => (None, None),
    };
    if let Some(e) = &email {
        links.push(json!({"name": "Email", "url": format!("mailto:{e}")}));
    }
    json!({"name": name, "email": email, "links": links})
}

/// A summary shown away from its page (lists, feeds): relative `src` and `href` values, such
/// as a bundle's `diagram.png`, made absolute against the page's permalink `base`.
fn absolute_urls(html: &str, base: &str) -> String {
    if !html.contains("src=\"") && !html.contains("href=\"") {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len() + 64);
    let mut rest = html;
    while let Some(i) = rest.find("=\"") {
        let attr_start = rest[..i]
            .rfind(|c: char| !c.is_ascii_alphabetic())
            .map_or(0, |j| j + 1);
        let attr = &rest[attr_start..i];
        out.push_str(&rest[..i + 2]);
        rest = &rest[i + 2..];
        if (attr == "src" || attr == "href") && is_relative(rest) {
            out.push_str(base);
        }
    }
    out.push_str(rest);
    out
}

/// Whether a URL (up to its closing quote) is relative to the page: no scheme, no leading
/// `/`, `#`, `?` or `//`.
fn is_relative(value: &str) -> bool {
    let url = &value[..value.find('"').unwrap_or(value.len())];
    if url.is_empty() || url.starts_with(['/', '#', '?']) {
        return false;
    }
    let scheme_end = url.find(':');
    let path_start = url.find(['/', '?', '#']);
    // A `:` before any `/`, `?` or `#` is a scheme (`https:`, `mailto:`).
    match (scheme_end, path_start) {
        (Some(c), Some(p)) => c > p,
        (Some(_), None) => false,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries_link_bundle_files_absolutely() {
        let base = "https://x.org/post/b/";
        assert_eq!(
            absolute_urls(r#"<img src="d.png"><a href="../c/">c</a>"#, base),
            r#"<img src="https://x.org/post/b/d.png"><a href="https://x.org/post/b/../c/">c</a>"#
        );
        let kept = r##"<img src="/a.png"><a href="https://y.org/">y</a><a href="#f">f</a><a href="mailto:a@b">m</a>"##;
        assert_eq!(absolute_urls(kept, base), kept);
    }
}
