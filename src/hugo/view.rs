//! The site as Hugo's templates see it, built once per render from a loaded [`Site`]: every
//! node Hugo renders (home, sections, regular pages, taxonomies, terms) in one list, each
//! referring to the others by index, with what its methods answer already worked out. The
//! template objects (`objects.rs`) are `(Arc<View>, index)` pairs over it.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, OnceLock};

use chrono::{DateTime, FixedOffset};
use gotemplate::Value;
use serde_json::Value as Json;

use crate::content::document::Document;
use crate::markdown::TocEntry;
use crate::site::Site;

/// What kind of page a node is, as Hugo's `.Kind` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    Home,
    Page,
    Section,
    Taxonomy,
    Term,
    NotFound,
}

impl NodeKind {
    pub fn name(self) -> &'static str {
        match self {
            NodeKind::Home => "home",
            NodeKind::Page => "page",
            NodeKind::Section => "section",
            NodeKind::Taxonomy => "taxonomy",
            NodeKind::Term => "term",
            NodeKind::NotFound => "404",
        }
    }
}

/// One page of the site as templates see it.
#[derive(Debug, Default)]
pub struct Node {
    pub kind: Option<NodeKind>,
    pub title: String,
    pub link_title: String,
    /// blog's URL path: `/posts/a/`.
    pub url_path: String,
    /// Hugo's `.Path`: `/posts/a`, `/` for home.
    pub hugo_path: String,
    pub rel_permalink: String,
    pub permalink: String,
    /// The top-level section (`posts`); the plural for taxonomies and terms.
    pub section: String,
    pub typ: String,
    /// `type` as front matter gives it (empty if not), which Hugo's lookup reads.
    pub type_given: String,
    pub layout: String,
    pub date: Option<DateTime<FixedOffset>>,
    pub lastmod: Option<DateTime<FixedOffset>>,
    pub publish_date: Option<DateTime<FixedOffset>>,
    pub expiry_date: Option<DateTime<FixedOffset>>,
    pub draft: bool,
    pub weight: i64,
    pub description: String,
    pub keywords: Vec<String>,
    pub aliases: Vec<String>,
    pub slug: String,
    /// Front matter as written, for `.Params` and `.Param`.
    pub params: serde_json::Map<String, Json>,
    pub content: Arc<str>,
    pub summary: Arc<str>,
    pub truncated: bool,
    pub toc: Vec<TocEntry>,
    pub word_count: usize,
    pub reading_time: usize,
    /// The content file, relative to `content/` (`posts/a.md`); empty for generated lists.
    pub file_rel: String,
    pub parent: Option<usize>,
    /// `.Pages`: regular pages and sections directly below (terms for a taxonomy, tagged
    /// pages for a term), in listing order.
    pub pages: Vec<usize>,
    /// `.RegularPages`.
    pub regular_pages: Vec<usize>,
    /// `.RegularPagesRecursive`: what blog lists for a section.
    pub regular_recursive: Vec<usize>,
    pub sections: Vec<usize>,
    /// Terms of this page by taxonomy (plural), as term nodes.
    pub terms: BTreeMap<String, Vec<usize>>,
    /// For a taxonomy or term: its taxonomy's index in [`View::taxonomies`].
    pub taxonomy: Option<usize>,
    /// Every language's version of this node (this one included), in language order.
    pub translations: Vec<Json>,
    /// Output formats beyond HTML this node is rendered in (`rss`, `json`).
    pub formats: Vec<String>,
}

/// A taxonomy: its node, its terms' nodes.
#[derive(Debug)]
pub struct TaxonomyView {
    pub plural: String,
    pub singular: String,
    pub node: usize,
    /// Term nodes in term order.
    pub terms: Vec<usize>,
}

/// A menu entry.
#[derive(Debug, Clone, Default)]
pub struct MenuItem {
    pub name: String,
    pub url: String,
    pub weight: i64,
    pub identifier: String,
    pub title: String,
    pub pre: String,
    pub post: String,
    pub parent: String,
    pub params: serde_json::Map<String, Json>,
    pub page: Option<usize>,
    pub children: Vec<MenuItem>,
}

/// The site's own values.
#[derive(Debug, Default)]
pub struct SiteView {
    pub title: String,
    /// With a trailing slash, as Hugo gives it.
    pub base_url: String,
    pub copyright: String,
    pub language_code: String,
    pub lang: String,
    pub language_name: String,
    pub params: serde_json::Map<String, Json>,
    pub raw: Arc<serde_json::Map<String, Json>>,
    /// Every language: `{lang, name, weight, ...}` in order.
    pub languages: Vec<crate::config::Language>,
    pub default_language: String,
    pub multilingual: bool,
    pub build_drafts: bool,
    pub menus: BTreeMap<String, Vec<MenuItem>>,
    pub pager_size: usize,
    /// What a URL path is prefixed with: the base URL's path and the language's folder
    /// (`/blog/fr`).
    pub url_prefix: String,
    /// The base URL's path alone (`/blog`).
    pub base_path: String,
    /// The base URL's scheme and host (`https://example.org`).
    pub origin: String,
}

/// The whole site of one language.
#[derive(Debug, Default)]
pub struct View {
    pub site: SiteView,
    pub nodes: Vec<Node>,
    pub home: usize,
    pub not_found: usize,
    /// Regular pages in listing order.
    pub regular: Vec<usize>,
    /// Top-level sections.
    pub top_sections: Vec<usize>,
    pub taxonomies: Vec<TaxonomyView>,
    /// Nodes by content path (`posts/a.md`, `posts/_index.md`), by Hugo path (`/posts/a`)
    /// and by URL path: how `GetPage`, `ref` and menus find a page.
    pub by_key: HashMap<String, usize>,
    /// Each node's `.Scratch`/`.Store`, made on first use.
    pub scratch: Vec<OnceLock<Value>>,
    pub site_scratch: OnceLock<Value>,
    /// Hugo methods and features met that blog does not implement yet, one warning each.
    pub warnings: std::sync::Mutex<std::collections::BTreeSet<String>>,
}

impl View {
    /// Builds the view of `site`'s language.
    pub fn build(site: &Site) -> View {
        let mut b = Builder {
            site,
            view: View::default(),
            page_nodes: Vec::new(),
            section_nodes: BTreeMap::new(),
        };
        b.site_values();
        b.home_and_sections();
        b.pages();
        b.link_sections();
        let home = b.view.home;
        b.view.nodes[home].regular_recursive = b.view.regular.clone();
        b.taxonomies();
        b.menus();
        b.not_found();
        let mut view = b.view;
        view.scratch = (0..view.nodes.len()).map(|_| OnceLock::new()).collect();
        view
    }

    /// The node a path names: a content path (`posts/a.md`, `/posts/a`), a URL path.
    pub fn find(&self, path: &str) -> Option<usize> {
        let p = path.trim();
        let candidates = [
            p.to_string(),
            p.trim_start_matches('/').to_string(),
            format!("/{}", p.trim_matches('/')),
            p.trim_start_matches('/')
                .trim_end_matches('/')
                .to_lowercase(),
        ];
        candidates.iter().find_map(|c| self.by_key.get(c).copied())
    }

    pub fn node(&self, i: usize) -> &Node {
        &self.nodes[i]
    }

    /// Notes something not implemented yet, once.
    pub fn warn(&self, message: &str) {
        let mut w = self.warnings.lock().unwrap_or_else(|e| e.into_inner());
        if !w.contains(message) {
            w.insert(message.to_string());
        }
    }
}

struct Builder<'a> {
    site: &'a Site,
    view: View,
    /// The node of each page, by its index in `content.pages`.
    page_nodes: Vec<usize>,
    section_nodes: BTreeMap<String, usize>,
}

impl Builder<'_> {
    fn site_values(&mut self) {
        let c = &self.site.config;
        let s = &mut self.view.site;
        s.title = c.title.clone();
        s.base_url = format!("{}/", c.base_url.trim_end_matches('/'));
        s.copyright = c.copyright.clone();
        s.language_code = c.language_code.clone();
        s.lang = c.language.code.clone();
        s.language_name = c.language.name.clone();
        s.params = c.params.clone();
        // Hugo fills `params.mainSections` from the root `mainSections`, else with the
        // section that has the most pages.
        if !s
            .params
            .keys()
            .any(|k| k.eq_ignore_ascii_case("mainSections"))
        {
            let root = c
                .raw
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("mainSections"))
                .map(|(_, v)| v.clone());
            let main = root.unwrap_or_else(|| {
                let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
                for p in &self.site.content.pages {
                    if !p.section.is_empty() {
                        *counts.entry(p.section.as_str()).or_default() += 1;
                    }
                }
                let best = counts
                    .iter()
                    .max_by_key(|(name, n)| (**n, std::cmp::Reverse(**name)));
                Json::Array(best.map(|(n, _)| Json::from(*n)).into_iter().collect())
            });
            s.params.insert("mainSections".into(), main);
        }
        s.raw = c.raw.clone();
        s.languages = c.languages.clone();
        s.default_language = c.default_language.clone();
        s.multilingual = self.site.is_multilingual();
        s.build_drafts = self.site.options.drafts;
        s.pager_size = c.paginate.max(1);
        s.base_path = c.base_path().to_string();
        s.url_prefix = self.site.url("").trim_end_matches('/').to_string();
        let permalink = self.site.permalink("/");
        let home = self.site.url("/");
        s.origin = permalink
            .strip_suffix(&home)
            .unwrap_or(&permalink)
            .to_string();
    }

    fn add(&mut self, node: Node, keys: &[String]) -> usize {
        let i = self.view.nodes.len();
        for k in keys {
            self.view.by_key.entry(k.clone()).or_insert(i);
        }
        self.view.nodes.push(node);
        i
    }

    fn doc_node(&self, doc: &Document, kind: NodeKind, section: &str) -> Node {
        let m = &doc.meta;
        let param = |key: &str| {
            m.params
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(key))
                .and_then(|(_, v)| v.as_str())
                .map(str::to_string)
        };
        let rendered = doc.body.rendered();
        let type_given = param("type").unwrap_or_default();
        let typ = param("type").unwrap_or_else(|| match kind {
            NodeKind::Home => "page".into(),
            _ if section.is_empty() => "page".into(),
            _ => section.to_string(),
        });
        let hugo_path = match doc.rel.as_str() {
            "_index.md" | "" => "/".to_string(),
            rel => {
                let rel = rel
                    .strip_suffix(".md")
                    .or_else(|| rel.strip_suffix(".markdown"))
                    .unwrap_or(rel);
                let rel = rel
                    .strip_suffix("/_index")
                    .or_else(|| rel.strip_suffix("/index"))
                    .unwrap_or(rel);
                format!("/{}", rel.to_lowercase())
            }
        };
        let words = rendered.map(|r| r.words).unwrap_or_default();
        Node {
            kind: Some(kind),
            title: m.title.clone(),
            link_title: param("linkTitle").unwrap_or_else(|| m.title.clone()),
            url_path: doc.path.clone(),
            hugo_path,
            rel_permalink: self.site.url(&doc.path),
            permalink: self.site.permalink(&doc.path),
            section: section.to_string(),
            typ,
            type_given,
            layout: m.layout.clone().unwrap_or_default(),
            date: m.date,
            lastmod: m.lastmod.or(m.date),
            publish_date: m.publish_date.or(m.date),
            expiry_date: m.expiry_date,
            draft: m.draft,
            weight: m.weight,
            description: m.description.clone(),
            keywords: m.keywords.clone(),
            aliases: m.aliases.clone(),
            slug: m.slug.clone().unwrap_or_default(),
            params: m.params.clone(),
            // Goldmark's HTML ends without a newline.
            content: rendered.map(|r| r.html.trim_end()).unwrap_or("").into(),
            summary: rendered.map(|r| r.summary.trim_end()).unwrap_or("").into(),
            truncated: rendered.is_some_and(|r| r.truncated),
            toc: rendered.map(|r| r.toc.clone()).unwrap_or_default(),
            word_count: words.total(),
            reading_time: words.reading_minutes(),
            file_rel: doc.rel.clone(),
            ..Node::default()
        }
    }

    fn keys_of(doc: &Document, hugo_path: &str) -> Vec<String> {
        vec![
            doc.rel.clone(),
            hugo_path.to_string(),
            doc.path.clone(),
            hugo_path.trim_start_matches('/').to_string(),
        ]
    }

    fn home_and_sections(&mut self) {
        let site = self.site;
        let home_formats = self.outputs_of("home", &["rss"]);
        let section_formats = self.outputs_of("section", &["rss"]);
        for (dir, s) in &site.content.sections {
            let (kind, section) = if dir.is_empty() {
                (NodeKind::Home, String::new())
            } else {
                let top = dir.split('/').next().unwrap_or("").to_string();
                (NodeKind::Section, top)
            };
            let mut node = self.doc_node(&s.doc, kind, &section);
            if kind == NodeKind::Home {
                node.title = site.config.title.clone();
                if !s.meta.title.is_empty() {
                    node.title = s.meta.title.clone();
                }
                node.translations = site.translations_of(&crate::site::section_key(s));
                node.formats = home_formats.clone();
            } else {
                node.translations = site.translations_of(&crate::site::section_key(s));
                node.formats = section_formats.clone();
            }
            let keys = Self::keys_of(&s.doc, &node.hugo_path);
            let i = self.add(node, &keys);
            if dir.is_empty() {
                self.view.home = i;
            }
            self.section_nodes.insert(dir.clone(), i);
        }
    }

    /// The output formats beyond HTML that `[outputs]` gives a kind (`rss`, `json`), else
    /// `default`.
    fn outputs_of(&self, kind: &str, default: &[&str]) -> Vec<String> {
        let outputs = self
            .site
            .config
            .raw
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("outputs"))
            .and_then(|(_, v)| v.as_object());
        let listed = outputs.and_then(|o| {
            o.iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(kind))
                .and_then(|(_, v)| v.as_array())
        });
        match listed {
            Some(list) => list
                .iter()
                .filter_map(Json::as_str)
                .map(str::to_lowercase)
                .filter(|f| f != "html")
                .collect(),
            None => default.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn pages(&mut self) {
        let site = self.site;
        let formats = self.outputs_of("page", &[]);
        for p in &site.content.pages {
            let mut node = self.doc_node(&p.doc, NodeKind::Page, &p.section);
            node.formats = formats.clone();
            node.parent = self.section_nodes.get(&p.parent).copied().or(Some(0));
            node.translations = site.translations_of(&crate::site::page_key(p));
            let keys = Self::keys_of(&p.doc, &node.hugo_path);
            let i = self.add(node, &keys);
            self.page_nodes.push(i);
        }
        self.view.regular = self.page_nodes.clone();
    }

    /// Each section's parent, sections and pages; home's top-level sections.
    fn link_sections(&mut self) {
        let site = self.site;
        let home = self.view.home;
        let sections: Vec<(String, usize)> = self
            .section_nodes
            .iter()
            .map(|(d, &i)| (d.clone(), i))
            .collect();
        for (dir, i) in &sections {
            if dir.is_empty() {
                continue;
            }
            let parent_dir = dir.rsplit_once('/').map_or("", |(p, _)| p);
            let parent = self.section_nodes.get(parent_dir).copied().unwrap_or(home);
            self.view.nodes[*i].parent = Some(parent);
            self.view.nodes[parent].sections.push(*i);
            self.view.nodes[parent].pages.push(*i);
            if parent == home {
                self.view.top_sections.push(*i);
            }
        }
        for (pi, p) in site.content.pages.iter().enumerate() {
            let node = self.page_nodes[pi];
            let parent = self.section_nodes.get(&p.parent).copied().unwrap_or(home);
            self.view.nodes[parent].regular_pages.push(node);
            self.view.nodes[parent].pages.push(node);
        }
        for (dir, i) in &sections {
            let listed: Vec<usize> = site
                .listed(dir)
                .iter()
                .map(|&p| self.page_nodes[p])
                .collect();
            self.view.nodes[*i].regular_recursive = listed;
            // Sections first would be Hugo's order only by weight and date; keep pages in
            // listing order and sections after them, sorted by their own weight and title.
            let nodes = &self.view.nodes;
            let mut pages = nodes[*i].pages.clone();
            pages.sort_by(|&a, &b| listing_order(&nodes[a], &nodes[b]));
            self.view.nodes[*i].pages = pages;
        }
    }

    fn taxonomies(&mut self) {
        let site = self.site;
        let tax_formats = self.outputs_of("taxonomy", &["rss"]);
        let term_formats = self.outputs_of("term", &["rss"]);
        let title_style = self
            .site
            .config
            .raw
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("titleCaseStyle"))
            .and_then(|(_, v)| v.as_str())
            .map(hugofuncs::TitleCaseStyle::parse)
            .unwrap_or_default();
        for tax in &site.taxonomies {
            let t = self.view.taxonomies.len();
            let text = site.taxonomy_text(tax);
            let mut node = match text {
                Some(s) => self.doc_node(&s.doc, NodeKind::Taxonomy, &tax.name),
                None => Node::default(),
            };
            node.kind = Some(NodeKind::Taxonomy);
            if node.title.is_empty() {
                node.title = hugofuncs::strings::title_case(&tax.name, title_style);
            }
            node.link_title = node.title.clone();
            node.url_path = tax.path.clone();
            node.hugo_path = format!("/{}", tax.name);
            node.rel_permalink = site.url(&tax.path);
            node.permalink = site.permalink(&tax.path);
            node.section = tax.name.clone();
            node.typ = tax.name.clone();
            node.parent = Some(self.view.home);
            node.taxonomy = Some(t);
            node.formats = tax_formats.clone();
            node.translations = site.translations_of(&crate::site::taxonomy_key(tax));
            let keys = vec![tax.name.clone(), node.hugo_path.clone(), tax.path.clone()];
            let tax_node = self.add(node, &keys);
            let mut terms = Vec::new();
            for term in &tax.terms {
                let text = site.term_text(tax, term);
                let mut node = match text {
                    Some(s) => self.doc_node(&s.doc, NodeKind::Term, &tax.name),
                    None => Node::default(),
                };
                node.kind = Some(NodeKind::Term);
                if node.title.is_empty() {
                    // Hugo titles a term's page with the term in title case
                    // (`capitalizeListTitles`).
                    node.title = hugofuncs::strings::title_case(&term.name, title_style);
                }
                node.link_title = node.title.clone();
                node.url_path = term.path.clone();
                node.hugo_path = format!("/{}/{}", tax.name, term.slug);
                node.rel_permalink = site.url(&term.path);
                node.permalink = site.permalink(&term.path);
                node.section = tax.name.clone();
                node.typ = tax.name.clone();
                node.parent = Some(tax_node);
                node.taxonomy = Some(t);
                node.formats = term_formats.clone();
                node.translations = site.translations_of(&crate::site::term_key(tax, term));
                let pages: Vec<usize> = term.pages.iter().map(|&p| self.page_nodes[p]).collect();
                node.date = pages.iter().filter_map(|&p| self.view.nodes[p].date).max();
                node.lastmod = node.date;
                node.pages = pages.clone();
                node.regular_pages = pages.clone();
                node.regular_recursive = pages.clone();
                let keys = vec![node.hugo_path.clone(), term.path.clone()];
                let term_node = self.add(node, &keys);
                for &p in &pages {
                    self.view.nodes[p]
                        .terms
                        .entry(tax.name.clone())
                        .or_default()
                        .push(term_node);
                }
                terms.push(term_node);
            }
            self.view.nodes[tax_node].pages = terms.clone();
            let mut all: Vec<usize> = terms
                .iter()
                .flat_map(|&t| self.view.nodes[t].pages.iter().copied())
                .collect();
            all.sort_by_key(|&p| self.view.regular.iter().position(|&r| r == p));
            all.dedup();
            self.view.nodes[tax_node].regular_recursive = all;
            self.view.taxonomies.push(TaxonomyView {
                plural: tax.name.clone(),
                singular: tax.singular.clone(),
                node: tax_node,
                terms,
            });
        }
        // A page's terms in the order its front matter gives them.
        for (pi, p) in site.content.pages.iter().enumerate() {
            let node = self.page_nodes[pi];
            for (plural, written) in &p.meta.taxonomies {
                let Some(list) = self.view.nodes[node].terms.get(plural).cloned() else {
                    continue;
                };
                let pos = |t: &usize| {
                    let title = &self.view.nodes[*t].title;
                    written
                        .iter()
                        .position(|w| w.eq_ignore_ascii_case(title))
                        .unwrap_or(usize::MAX)
                };
                let mut list = list;
                list.sort_by_key(pos);
                self.view.nodes[node].terms.insert(plural.clone(), list);
            }
        }
    }

    fn menus(&mut self) {
        let value = self.site.menus_value();
        let raw = raw_menu_entries(&self.site.config.raw);
        let Some(menus) = value.as_object() else {
            return;
        };
        for (name, entries) in menus {
            let mut items: Vec<MenuItem> = Vec::new();
            for e in entries.as_array().into_iter().flatten() {
                let s = |k: &str| e.get(k).and_then(Json::as_str).unwrap_or("").to_string();
                let mut item = MenuItem {
                    name: s("name"),
                    url: s("url"),
                    weight: e.get("weight").and_then(Json::as_i64).unwrap_or(0),
                    identifier: s("identifier"),
                    ..MenuItem::default()
                };
                if let Some(r) = raw.get(&(name.clone(), item.name.clone())) {
                    let g = |k: &str| {
                        r.iter()
                            .find(|(key, _)| key.eq_ignore_ascii_case(k))
                            .and_then(|(_, v)| v.as_str())
                            .unwrap_or("")
                            .to_string()
                    };
                    item.pre = g("pre");
                    item.post = g("post");
                    item.title = g("title");
                    item.parent = g("parent");
                    if let Some(p) = r
                        .iter()
                        .find(|(k, _)| k.eq_ignore_ascii_case("params"))
                        .and_then(|(_, v)| v.as_object())
                    {
                        item.params = p.clone();
                    }
                    if g("identifier").is_empty() && item.identifier == item.name.to_lowercase() {
                        item.identifier = item.name.clone();
                    }
                }
                // Hugo links an entry to a page only when the page made it (front matter
                // `menu`) or the config names it with `pageRef`; an entry with a URL alone
                // is never "current".
                let page_ref = raw.get(&(name.clone(), item.name.clone())).map(|r| {
                    r.iter()
                        .any(|(k, v)| k.eq_ignore_ascii_case("pageref") && v.as_str().is_some())
                });
                if page_ref != Some(false) {
                    item.page = self.menu_page(&item.url);
                }
                items.push(item);
            }
            // Children under their parent (by identifier or name), the rest at the top.
            let (children, mut top): (Vec<MenuItem>, Vec<MenuItem>) =
                items.into_iter().partition(|i| !i.parent.is_empty());
            for child in children {
                match top
                    .iter_mut()
                    .find(|t| t.identifier == child.parent || t.name == child.parent)
                {
                    Some(parent) => parent.children.push(child),
                    None => top.push(child),
                }
            }
            self.view.site.menus.insert(name.clone(), top);
        }
    }

    /// Hugo's 404 page: a node of its own kind, at `/404.html`.
    fn not_found(&mut self) {
        let node = Node {
            kind: Some(NodeKind::NotFound),
            title: "404 Page not found".into(),
            link_title: "404 Page not found".into(),
            url_path: "/404.html".into(),
            hugo_path: "/404".into(),
            rel_permalink: self.site.url("/404.html"),
            permalink: self.site.permalink("/404.html"),
            typ: "page".into(),
            parent: Some(self.view.home),
            ..Node::default()
        };
        let i = self.add(node, &[]);
        self.view.not_found = i;
    }

    /// The page a menu URL points to, for `.Page` and `IsMenuCurrent`.
    fn menu_page(&self, url: &str) -> Option<usize> {
        let base = self.site.url("/");
        let path = url.strip_prefix(base.trim_end_matches('/')).unwrap_or(url);
        if path.contains("://") {
            return None;
        }
        let normalized = crate::content::urls::normalize_url(path);
        self.view
            .nodes
            .iter()
            .position(|n| n.url_path == normalized)
    }
}

/// Hugo's default order: weight (0 last), newest, title.
fn listing_order(a: &Node, b: &Node) -> std::cmp::Ordering {
    let w = |n: &Node| (n.weight == 0, n.weight);
    w(a).cmp(&w(b))
        .then_with(|| b.date.cmp(&a.date))
        .then_with(|| a.link_title.cmp(&b.link_title))
        .then_with(|| a.file_rel.cmp(&b.file_rel))
}

/// The config's menu entries as written, by (menu, name): their `pre`, `post`, `params`...
fn raw_menu_entries(
    raw: &serde_json::Map<String, Json>,
) -> HashMap<(String, String), serde_json::Map<String, Json>> {
    let mut out = HashMap::new();
    for (key, menus) in raw {
        if !key.eq_ignore_ascii_case("menu") && !key.eq_ignore_ascii_case("menus") {
            continue;
        }
        for (menu, entries) in menus.as_object().into_iter().flatten() {
            for e in entries.as_array().into_iter().flatten() {
                let Some(o) = e.as_object() else { continue };
                let name = o
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case("name"))
                    .and_then(|(_, v)| v.as_str())
                    .unwrap_or("");
                out.insert((menu.clone(), name.to_string()), o.clone());
            }
        }
    }
    out
}
