//! Hugo's page, pages, site, menu, taxonomy and paginator values as [`gotemplate::Object`]s
//! over a [`View`]: each is the view and an index (or a list of indexes), so a template can
//! walk from any page to any other without copying pages.

use std::any::Any;
use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use chrono::{DateTime, FixedOffset};
use gotemplate::{CallError, CallResult, MapKey, Object, SafeKind, Value};
use hugofuncs::{Location, Time};
use serde_json::Value as Json;

use super::view::{MenuItem, Node, NodeKind, View};

/// What the page being rendered carries beyond its node: which pager it is and the
/// paginator its template made.
#[derive(Debug, Default)]
pub struct RenderState {
    /// 1 for the list's first page.
    pub pager: usize,
    pub paginator: OnceLock<Arc<PagerData>>,
    /// Hugo methods a template called that blog does not implement yet.
    pub output_format: String,
}

/// A list cut into pagers.
#[derive(Debug)]
pub struct PagerData {
    pub items: Vec<usize>,
    pub size: usize,
    /// The list page's URL path (`/posts/`).
    pub base: String,
}

impl PagerData {
    pub fn total_pages(&self) -> usize {
        self.items.len().div_ceil(self.size).max(1)
    }
}

// ----- helpers -----

fn s(v: &str) -> Value {
    Value::String(v.into())
}

fn html(v: &str) -> Value {
    Value::Safe(SafeKind::Html, v.into())
}

pub(crate) fn json(v: &Json) -> Value {
    hugofuncs::transform::from_json(v)
}

/// Front matter or site parameters as Hugo's `maps.Params` (keys any case).
pub(crate) fn params(m: &serde_json::Map<String, Json>) -> Value {
    match json(&Json::Object(m.clone())) {
        Value::Map(map) => hugofuncs::collections::Params::value(&map),
        other => other,
    }
}

pub(crate) fn map(entries: Vec<(&str, Value)>) -> Value {
    let m: BTreeMap<MapKey, Value> = entries
        .into_iter()
        .map(|(k, v)| (MapKey::String(k.into()), v))
        .collect();
    Value::Map(Arc::new(m))
}

pub(crate) fn time(d: Option<DateTime<FixedOffset>>) -> Value {
    match d {
        None => Time::zero().value(),
        Some(d) => {
            let off = d.offset().local_minus_utc();
            let loc = if off == 0 {
                Location::Utc
            } else {
                Location::Fixed(off, "".into())
            };
            Time::from_unix(d.timestamp(), d.timestamp_subsec_nanos(), loc).value()
        }
    }
}

fn first_str(args: &[Value]) -> Option<String> {
    args.first().and_then(Value::as_str).map(str::to_string)
}

/// The node indexes of a list a template hands back (`where` results, `.Pages`).
pub(crate) fn page_indexes(v: &Value) -> Option<Vec<usize>> {
    match v {
        Value::Object(o) => {
            if let Some(p) = o.as_any().downcast_ref::<PagesObj>() {
                return Some(p.list.as_ref().clone());
            }
            if let Some(p) = o.as_any().downcast_ref::<PageObj>() {
                return Some(vec![p.i]);
            }
            let items = o.range()?;
            items
                .iter()
                .map(|(_, v)| page_index(v))
                .collect::<Option<Vec<usize>>>()
        }
        Value::List(l) => l.iter().map(page_index).collect(),
        Value::NoValue | Value::Nil => Some(Vec::new()),
        _ => None,
    }
}

fn page_index(v: &Value) -> Option<usize> {
    match v {
        Value::Object(o) => o.as_any().downcast_ref::<PageObj>().map(|p| p.i),
        _ => None,
    }
}

/// Markdown to HTML as `.RenderString` and `markdownify` give it: one paragraph loses its
/// `<p>`. Plain CommonMark with tables and strikethrough, not the page body's full pass.
pub(crate) fn render_string(text: &str) -> String {
    use pulldown_cmark::{html::push_html, Options, Parser};
    let mut out = String::new();
    let opts = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    push_html(&mut out, Parser::new_ext(text, opts));
    let trimmed = out.trim_end();
    match trimmed
        .strip_prefix("<p>")
        .and_then(|t| t.strip_suffix("</p>"))
    {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => trimmed.to_string(),
    }
}

/// Strips tags, as Hugo's `.Plain`.
pub(crate) fn plain(html: &str) -> String {
    static TAGS: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"(?s)<!--.*?-->|<[^>]*>").unwrap());
    hugofuncs::transform::html_unescape_str(&TAGS.replace_all(html, ""))
}

// ----- Page -----

/// A page: `.` in a page's template, an element of `.Pages`.
#[derive(Clone)]
pub struct PageObj {
    pub view: Arc<View>,
    pub i: usize,
    /// Set only for the page being rendered.
    pub render: Option<Arc<RenderState>>,
}

impl PageObj {
    pub fn value(view: &Arc<View>, i: usize) -> Value {
        Value::Object(Arc::new(PageObj {
            view: view.clone(),
            i,
            render: None,
        }))
    }

    fn node(&self) -> &Node {
        &self.view.nodes[self.i]
    }

    fn kind(&self) -> NodeKind {
        self.node().kind.unwrap_or(NodeKind::Page)
    }

    fn page(&self, i: Option<usize>) -> Value {
        match i {
            Some(i) => PageObj::value(&self.view, i),
            None => Value::Nil,
        }
    }

    fn pages(&self, list: &[usize]) -> Value {
        PagesObj::value(&self.view, list.to_vec())
    }

    /// `.Param "key"`: the page's parameter, else the site's; dotted keys walk maps.
    fn param(&self, key: &str) -> Value {
        let find = |m: &serde_json::Map<String, Json>| -> Option<Json> {
            let mut cur: Option<&Json> = None;
            for (n, part) in key.split('.').enumerate() {
                let table = if n == 0 { Some(m) } else { cur?.as_object() };
                cur = table?
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(part))
                    .map(|(_, v)| v);
            }
            cur.cloned()
        };
        find(&self.node().params)
            .or_else(|| find(&self.view.site.params))
            .map(|v| json(&v))
            .unwrap_or(Value::Nil)
    }

    fn neighbour(&self, list: &[usize], step: isize) -> Value {
        let Some(pos) = list.iter().position(|&p| p == self.i) else {
            return Value::Nil;
        };
        let at = pos as isize + step;
        if at < 0 {
            return Value::Nil;
        }
        self.page(list.get(at as usize).copied())
    }

    fn section_list(&self) -> Vec<usize> {
        match self.node().parent {
            Some(p) => self.view.nodes[p].regular_pages.clone(),
            None => Vec::new(),
        }
    }

    fn paginator(&self, items: Option<Vec<usize>>, size: Option<usize>) -> CallResult {
        let n = self.node();
        let make = || {
            Arc::new(PagerData {
                items: items.clone().unwrap_or_else(|| match self.kind() {
                    NodeKind::Home | NodeKind::Section => n.regular_recursive.clone(),
                    _ => n.pages.clone(),
                }),
                size: size.unwrap_or(self.view.site.pager_size).max(1),
                base: n.url_path.clone(),
            })
        };
        let (data, number) = match &self.render {
            Some(state) => (state.paginator.get_or_init(make).clone(), state.pager),
            None => (make(), 1),
        };
        Ok(Value::Object(Arc::new(PaginatorObj {
            view: self.view.clone(),
            data,
            number,
        })))
    }

    fn data(&self) -> Value {
        let n = self.node();
        let tax = n.taxonomy.map(|t| &self.view.taxonomies[t]);
        match (self.kind(), tax) {
            (NodeKind::Taxonomy, Some(t)) => map(vec![
                (
                    "Terms",
                    TaxonomyObj::value(&self.view, n.taxonomy.unwrap_or(0)),
                ),
                ("Plural", s(&t.plural)),
                ("Singular", s(&t.singular)),
                ("Pages", self.pages(&n.pages)),
            ]),
            (NodeKind::Term, Some(t)) => map(vec![
                ("Term", s(&n.title)),
                ("Plural", s(&t.plural)),
                ("Singular", s(&t.singular)),
                ("Pages", self.pages(&n.pages)),
            ]),
            _ => map(vec![("Pages", self.pages(&n.pages))]),
        }
    }

    fn file(&self) -> Value {
        let n = self.node();
        if n.file_rel.is_empty() {
            return Value::Nil;
        }
        let rel = n.file_rel.as_str();
        let (dir, name) = rel.rsplit_once('/').unwrap_or(("", rel));
        let (base, ext) = name.rsplit_once('.').unwrap_or((name, ""));
        let content_base = if base == "index" || base == "_index" {
            dir.rsplit('/').next().unwrap_or(base)
        } else {
            base
        };
        let dir = if dir.is_empty() {
            String::new()
        } else {
            format!("{dir}/")
        };
        map(vec![
            ("Path", s(rel)),
            ("Filename", s(rel)),
            ("LogicalName", s(name)),
            ("BaseFileName", s(base)),
            ("TranslationBaseName", s(base)),
            ("ContentBaseName", s(content_base)),
            ("Dir", s(&dir)),
            ("Ext", s(ext)),
            ("Lang", s(&self.view.site.lang)),
            ("Section", s(&n.section)),
            (
                "UniqueID",
                hugofuncs::crypto::md5(&[s(rel)]).unwrap_or(Value::Nil),
            ),
        ])
    }

    fn output_formats(&self, alternative: bool) -> Value {
        let n = self.node();
        let mut list = Vec::new();
        let this = self
            .render
            .as_ref()
            .map_or("html".to_string(), |r| r.output_format.clone());
        let mut formats = vec!["html".to_string()];
        formats.extend(n.formats.iter().cloned());
        for f in formats {
            if alternative && f == this {
                continue;
            }
            let (name, media, rel_suffix, rel) = match f.as_str() {
                "html" => ("html", "text/html", "", "canonical"),
                "rss" => ("rss", "application/rss+xml", "index.xml", "alternate"),
                "json" => ("json", "application/json", "index.json", "alternate"),
                _ => continue,
            };
            let path = format!("{}{rel_suffix}", n.url_path);
            list.push(OutputFormatObj {
                name: name.to_string(),
                media: media.to_string(),
                rel: rel.to_string(),
                rel_permalink: format!(
                    "{}{}",
                    self.view.site.url_prefix,
                    crate::content::urls::encode_path(&path)
                ),
                permalink: format!(
                    "{}{}{}",
                    self.view.site.origin,
                    self.view.site.url_prefix,
                    crate::content::urls::encode_path(&path)
                ),
            });
        }
        Value::Object(Arc::new(OutputFormatsObj(list)))
    }

    fn toc(&self) -> Value {
        let toc = &self.node().toc;
        if toc.is_empty() {
            return html("<nav id=\"TableOfContents\"></nav>");
        }
        let mut out = String::from("<nav id=\"TableOfContents\">\n");
        toc_list(toc, &mut out, 1);
        out.push_str("</nav>");
        html(&out)
    }

    fn is_menu_current(&self, args: &[Value]) -> bool {
        menu_item(args.get(1)).is_some_and(|m| m.page == Some(self.i))
    }

    fn has_menu_current(&self, args: &[Value]) -> bool {
        let Some(m) = menu_item(args.get(1)) else {
            return false;
        };
        if m.children.iter().any(|c| c.page == Some(self.i)) {
            return true;
        }
        // The entry's page is a section this page is in.
        let Some(entry_page) = m.page else {
            return false;
        };
        let mut at = self.node().parent;
        while let Some(p) = at {
            if p == entry_page && p != self.view.home {
                return true;
            }
            at = self.view.nodes[p].parent;
        }
        false
    }

    fn translations(&self, with_self: bool) -> Value {
        let lang = &self.view.site.lang;
        let list: Vec<Value> = self
            .node()
            .translations
            .iter()
            .filter(|t| with_self || t["lang"].as_str() != Some(lang))
            .map(|t| {
                Value::Object(Arc::new(TranslationObj {
                    entry: t.clone(),
                    languages: self.view.site.languages.clone(),
                    view: self.view.clone(),
                }))
            })
            .collect();
        Value::List(Arc::new(list))
    }

    fn scratch(&self) -> Value {
        self.view.scratch[self.i]
            .get_or_init(|| hugofuncs::collections::new_scratch(&[]).unwrap_or(Value::Nil))
            .clone()
    }

    fn get_terms(&self, args: &[Value]) -> Value {
        let plural = first_str(args).unwrap_or_default().to_lowercase();
        let terms = self.node().terms.get(&plural).cloned().unwrap_or_default();
        self.pages(&terms)
    }

    fn ancestors(&self) -> Vec<usize> {
        let mut out = Vec::new();
        let mut at = self.node().parent;
        while let Some(p) = at {
            out.push(p);
            at = self.view.nodes[p].parent;
        }
        out
    }

    fn first_section(&self) -> Value {
        let mut at = Some(self.i);
        let mut last = self.view.home;
        while let Some(p) = at {
            if p == self.view.home {
                break;
            }
            if self.view.nodes[p].kind != Some(NodeKind::Page) {
                last = p;
            }
            at = self.view.nodes[p].parent;
        }
        self.page(Some(last))
    }

    fn current_section(&self) -> Value {
        match self.kind() {
            NodeKind::Page => self.page(self.node().parent),
            _ => self.page(Some(self.i)),
        }
    }

    fn lookup(&self, name: &str, args: &[Value]) -> Option<CallResult> {
        let n = self.node();
        let v = match name {
            "Title" => s(&n.title),
            "LinkTitle" => s(&n.link_title),
            "Content" => html(&n.content),
            "Summary" => html(&n.summary),
            "Truncated" => Value::Bool(n.truncated),
            "Plain" => s(&plain(&n.content)),
            "PlainWords" => Value::List(Arc::new(
                plain(&n.content).split_whitespace().map(s).collect(),
            )),
            "WordCount" | "FuzzyWordCount" => Value::Int(n.word_count as i64),
            "ReadingTime" => Value::Int(n.reading_time as i64),
            "Len" => Value::Int(n.content.len() as i64),
            "Date" => time(n.date),
            "Lastmod" => time(n.lastmod),
            "PublishDate" => time(n.publish_date),
            "ExpiryDate" => time(n.expiry_date),
            "Params" => params(&n.params),
            "Param" => self.param(&first_str(args).unwrap_or_default()),
            "Permalink" => s(&n.permalink),
            "RelPermalink" => s(&n.rel_permalink),
            "Kind" => s(self.kind().name()),
            "Type" => s(&n.typ),
            "Section" => s(&n.section),
            "Layout" => s(&n.layout),
            "Path" => s(&n.hugo_path),
            "Slug" => s(&n.slug),
            "Name" => s(&n.title),
            "IsHome" => Value::Bool(self.kind() == NodeKind::Home),
            "IsPage" => Value::Bool(self.kind() == NodeKind::Page),
            "IsSection" => Value::Bool(self.kind() == NodeKind::Section),
            "IsNode" => Value::Bool(self.kind() != NodeKind::Page),
            "Parent" => self.page(n.parent),
            "Ancestors" => self.pages(&self.ancestors()),
            "CurrentSection" => self.current_section(),
            "FirstSection" => self.first_section(),
            "Sections" => self.pages(&n.sections),
            "Pages" => self.pages(&n.pages),
            "RegularPages" => self.pages(&n.regular_pages),
            "RegularPagesRecursive" => self.pages(&n.regular_recursive),
            "Data" => self.data(),
            "File" => self.file(),
            "Next" => self.neighbour(&self.view.regular, -1),
            "Prev" => self.neighbour(&self.view.regular, 1),
            "NextInSection" => self.neighbour(&self.section_list(), -1),
            "PrevInSection" => self.neighbour(&self.section_list(), 1),
            "Paginator" => return Some(self.paginator(None, None)),
            "Paginate" => {
                let items = match args.first() {
                    Some(v) => match page_indexes(v) {
                        Some(list) => Some(list),
                        None => return Some(Err(CallError::Message(
                            "Paginate: blog paginates lists of pages only (not page groups) yet"
                                .into(),
                        ))),
                    },
                    None => None,
                };
                let size = args.get(1).and_then(|v| match v {
                    Value::Int(i) => usize::try_from(*i).ok(),
                    Value::Uint(u) => usize::try_from(*u).ok(),
                    _ => None,
                });
                return Some(self.paginator(items, size));
            }
            "Translations" => self.translations(false),
            "AllTranslations" => self.translations(true),
            "IsTranslated" => Value::Bool(self.node().translations.len() > 1),
            "Language" => language_value(&self.view, &self.view.site.lang),
            "Lang" => s(&self.view.site.lang),
            "GetTerms" => self.get_terms(args),
            "HasMenuCurrent" => Value::Bool(self.has_menu_current(args)),
            "IsMenuCurrent" => Value::Bool(self.is_menu_current(args)),
            "Keywords" => Value::List(Arc::new(n.keywords.iter().map(|k| s(k)).collect())),
            "Description" => s(&n.description),
            "Draft" => Value::Bool(n.draft),
            "Aliases" => Value::List(Arc::new(n.aliases.iter().map(|k| s(k)).collect())),
            "Weight" => Value::Int(n.weight),
            "Store" | "Scratch" => self.scratch(),
            "OutputFormats" => self.output_formats(false),
            "AlternativeOutputFormats" => self.output_formats(true),
            "Resources" => Value::Object(Arc::new(ResourcesObj)),
            "TableOfContents" => self.toc(),
            "Eq" => Value::Bool(args.first().and_then(page_index) == Some(self.i)),
            "InSection" => {
                let other = args.first().and_then(page_index);
                let section_of = |i: usize| match self.view.nodes[i].kind {
                    Some(NodeKind::Page) => self.view.nodes[i].parent,
                    _ => Some(i),
                };
                Value::Bool(other.is_some_and(|o| section_of(o) == section_of(self.i)))
            }
            "IsAncestor" => {
                let other = args.first().and_then(page_index);
                Value::Bool(other.is_some_and(|o| {
                    PageObj {
                        view: self.view.clone(),
                        i: o,
                        render: None,
                    }
                    .ancestors()
                    .contains(&self.i)
                }))
            }
            "IsDescendant" => {
                let other = args.first().and_then(page_index);
                Value::Bool(other.is_some_and(|o| self.ancestors().contains(&o)))
            }
            "Site" => SiteObj::value(&self.view),
            "Sitemap" => map(vec![
                ("ChangeFreq", s("")),
                ("Priority", Value::Float(-1.0)),
                ("Filename", s("sitemap.xml")),
            ]),
            "Page" => Value::Object(Arc::new(self.clone())),
            "IsTranslatedPage" => Value::Bool(false),
            "Hugo" => super::host::hugo_value(),
            "Summary_" => Value::Nil,
            "RenderString" => {
                let text = args.iter().rev().find_map(Value::as_str).unwrap_or("");
                html(&render_string(text))
            }
            "HasShortcode" => {
                self.view.warn(
                    ".HasShortcode answers false: blog does not record shortcodes per page yet",
                );
                Value::Bool(false)
            }
            "GitInfo" | "CodeOwners" | "Related" | "RawContent" | "Render" | "Resource" => {
                self.view.warn(&format!(
                    ".{name} is not implemented for pages yet: it yields nothing"
                ));
                Value::Nil
            }
            _ => return None,
        };
        Some(Ok(v))
    }
}

fn toc_list(entries: &[crate::markdown::TocEntry], out: &mut String, depth: usize) {
    let shown: Vec<&crate::markdown::TocEntry> = entries.iter().collect();
    if shown.is_empty() {
        return;
    }
    let pad = "  ".repeat(depth);
    out.push_str(&format!("{pad}<ul>\n"));
    for e in shown {
        if e.level < 2 || e.level > 3 {
            // Hugo's default: headings of levels 2 and 3.
            if !e.children.is_empty() {
                toc_list(&e.children, out, depth + 1);
            }
            continue;
        }
        out.push_str(&format!(
            "{pad}  <li><a href=\"#{}\">{}</a>",
            e.id,
            crate::markdown::escape_html(&e.title)
        ));
        let children: Vec<_> = e
            .children
            .iter()
            .filter(|c| c.level <= 3)
            .cloned()
            .collect();
        if !children.is_empty() {
            out.push('\n');
            toc_list(&children, out, depth + 2);
            out.push_str(&format!("{pad}  "));
        }
        out.push_str("</li>\n");
    }
    out.push_str(&format!("{pad}</ul>\n"));
}

fn menu_item(v: Option<&Value>) -> Option<&MenuItem> {
    match v? {
        Value::Object(o) => o.as_any().downcast_ref::<MenuEntryObj>().map(|m| &m.item),
        _ => None,
    }
}

impl Object for PageObj {
    fn type_name(&self) -> &str {
        "*hugolib.pageState"
    }

    fn get(&self, name: &str, args: &[Value]) -> Option<CallResult> {
        self.lookup(name, args)
    }

    fn equals(&self, other: &dyn Object) -> bool {
        other
            .as_any()
            .downcast_ref::<PageObj>()
            .is_some_and(|o| o.i == self.i && Arc::ptr_eq(&o.view, &self.view))
    }

    fn print(&self) -> String {
        format!("Page({})", self.node().hugo_path)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

// ----- Pages -----

/// A list of pages (`page.Pages`): ranges, sorts and groups.
pub struct PagesObj {
    pub view: Arc<View>,
    pub list: Arc<Vec<usize>>,
}

impl PagesObj {
    pub fn value(view: &Arc<View>, list: Vec<usize>) -> Value {
        Value::Object(Arc::new(PagesObj {
            view: view.clone(),
            list: Arc::new(list),
        }))
    }

    fn sorted(&self, key: impl Fn(&Node, &Node) -> std::cmp::Ordering) -> Value {
        let mut list = self.list.as_ref().clone();
        list.sort_by(|&a, &b| key(&self.view.nodes[a], &self.view.nodes[b]));
        PagesObj::value(&self.view, list)
    }

    fn group_by_date(&self, layout: &str, publish: bool) -> CallResult {
        let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
        for &i in self.list.iter() {
            let n = &self.view.nodes[i];
            let d = if publish { n.publish_date } else { n.date };
            let key = match Time::from_value(&time(d)) {
                Some(t) => hugofuncs::time::format_localized(t, layout, &self.view.site.lang),
                None => String::new(),
            };
            match groups.iter_mut().find(|(k, _)| *k == key) {
                Some((_, l)) => l.push(i),
                None => groups.push((key, vec![i])),
            }
        }
        Ok(self.groups(groups))
    }

    fn groups(&self, groups: Vec<(String, Vec<usize>)>) -> Value {
        Value::List(Arc::new(
            groups
                .into_iter()
                .map(|(k, l)| {
                    map(vec![
                        ("Key", s(&k)),
                        ("Pages", PagesObj::value(&self.view, l)),
                    ])
                })
                .collect(),
        ))
    }

    fn group_by_param(&self, key: &str) -> CallResult {
        let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
        for &i in self.list.iter() {
            let v = PageObj {
                view: self.view.clone(),
                i,
                render: None,
            }
            .param(key);
            if matches!(v, Value::Nil | Value::NoValue) {
                continue;
            }
            let k = gotemplate::fmt::sprint(&[v]);
            match groups.iter_mut().find(|(g, _)| *g == k) {
                Some((_, l)) => l.push(i),
                None => groups.push((k, vec![i])),
            }
        }
        Ok(self.groups(groups))
    }
}

impl Object for PagesObj {
    fn type_name(&self) -> &str {
        "page.Pages"
    }

    fn get(&self, name: &str, args: &[Value]) -> Option<CallResult> {
        let v = match name {
            "Len" => Value::Int(self.list.len() as i64),
            "ByDate" => self.sorted(|a, b| a.date.cmp(&b.date)),
            "ByPublishDate" => self.sorted(|a, b| a.publish_date.cmp(&b.publish_date)),
            "ByLastmod" => self.sorted(|a, b| a.lastmod.cmp(&b.lastmod)),
            "ByExpiryDate" => self.sorted(|a, b| a.expiry_date.cmp(&b.expiry_date)),
            "ByWeight" => self.sorted(|a, b| {
                let w = |n: &Node| (n.weight == 0, n.weight);
                w(a).cmp(&w(b)).then_with(|| b.date.cmp(&a.date))
            }),
            "ByTitle" => self.sorted(|a, b| a.title.cmp(&b.title)),
            "ByLinkTitle" => self.sorted(|a, b| a.link_title.cmp(&b.link_title)),
            "ByLength" => self.sorted(|a, b| a.content.len().cmp(&b.content.len())),
            "Reverse" => {
                let mut l = self.list.as_ref().clone();
                l.reverse();
                PagesObj::value(&self.view, l)
            }
            "GroupByDate" => {
                return Some(self.group_by_date(&first_str(args).unwrap_or_default(), false))
            }
            "GroupByPublishDate" => {
                return Some(self.group_by_date(&first_str(args).unwrap_or_default(), true))
            }
            "GroupByParam" => {
                return Some(self.group_by_param(&first_str(args).unwrap_or_default()))
            }
            "Next" | "Prev" => {
                let Some(cur) = args.first().and_then(page_index) else {
                    return Some(Ok(Value::Nil));
                };
                let pos = self.list.iter().position(|&p| p == cur);
                let at = match (name, pos) {
                    ("Next", Some(p)) if p > 0 => Some(p - 1),
                    ("Prev", Some(p)) => Some(p + 1),
                    _ => None,
                };
                match at.and_then(|a| self.list.get(a)) {
                    Some(&i) => PageObj::value(&self.view, i),
                    None => Value::Nil,
                }
            }
            _ => return None,
        };
        Some(Ok(v))
    }

    fn len(&self) -> Option<usize> {
        Some(self.list.len())
    }

    fn range(&self) -> Option<Vec<(Value, Value)>> {
        Some(
            self.list
                .iter()
                .enumerate()
                .map(|(n, &i)| (Value::Int(n as i64), PageObj::value(&self.view, i)))
                .collect(),
        )
    }

    fn index(&self, key: &Value) -> Option<CallResult> {
        // Hugo's `index` gives nil for an index out of range, negative ones included.
        let n = match key {
            Value::Int(i) => usize::try_from(*i).ok(),
            Value::Uint(u) => usize::try_from(*u).ok(),
            Value::Float(x) if x.fract() == 0.0 => (*x >= 0.0).then_some(*x as usize),
            other => {
                return Some(Err(CallError::Message(format!(
                    "cannot index page.Pages with {}",
                    other.type_name()
                ))))
            }
        };
        Some(Ok(match n.and_then(|n| self.list.get(n)) {
            Some(&i) => PageObj::value(&self.view, i),
            None => Value::Nil,
        }))
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

// ----- Paginator -----

pub struct PaginatorObj {
    pub view: Arc<View>,
    pub data: Arc<PagerData>,
    pub number: usize,
}

impl PaginatorObj {
    fn at(&self, n: usize) -> Value {
        Value::Object(Arc::new(PaginatorObj {
            view: self.view.clone(),
            data: self.data.clone(),
            number: n,
        }))
    }

    fn url(&self, n: usize) -> String {
        let path = crate::content::urls::pager_path(&self.data.base, n);
        format!(
            "{}{}",
            self.view.site.url_prefix,
            crate::content::urls::encode_path(&path)
        )
    }
}

impl Object for PaginatorObj {
    fn type_name(&self) -> &str {
        "*page.Pager"
    }

    fn get(&self, name: &str, _args: &[Value]) -> Option<CallResult> {
        let total = self.data.total_pages();
        let n = self.number;
        let size = self.data.size;
        let v = match name {
            "Pages" => {
                let start = ((n - 1) * size).min(self.data.items.len());
                let end = (n * size).min(self.data.items.len());
                PagesObj::value(&self.view, self.data.items[start..end].to_vec())
            }
            "PageNumber" => Value::Int(n as i64),
            "TotalPages" => Value::Int(total as i64),
            "TotalNumberOfElements" => Value::Int(self.data.items.len() as i64),
            "NumberOfElements" => {
                let start = ((n - 1) * size).min(self.data.items.len());
                let end = (n * size).min(self.data.items.len());
                Value::Int((end - start) as i64)
            }
            "PagerSize" | "PageSize" => Value::Int(size as i64),
            "HasPrev" => Value::Bool(n > 1),
            "HasNext" => Value::Bool(n < total),
            "Prev" => {
                if n > 1 {
                    self.at(n - 1)
                } else {
                    Value::Nil
                }
            }
            "Next" => {
                if n < total {
                    self.at(n + 1)
                } else {
                    Value::Nil
                }
            }
            "First" => self.at(1),
            "Last" => self.at(total),
            "URL" => s(&self.url(n)),
            "Pagers" => Value::List(Arc::new((1..=total).map(|i| self.at(i)).collect())),
            _ => return None,
        };
        Some(Ok(v))
    }

    fn equals(&self, other: &dyn Object) -> bool {
        other
            .as_any()
            .downcast_ref::<PaginatorObj>()
            .is_some_and(|o| o.number == self.number && Arc::ptr_eq(&o.data, &self.data))
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

// ----- Site -----

pub struct SiteObj {
    pub view: Arc<View>,
}

impl SiteObj {
    pub fn value(view: &Arc<View>) -> Value {
        Value::Object(Arc::new(SiteObj { view: view.clone() }))
    }

    fn config(&self) -> Value {
        let raw = &self.view.site.raw;
        let get = |k: &str| {
            raw.iter()
                .find(|(key, _)| key.eq_ignore_ascii_case(k))
                .map(|(_, v)| v.clone())
        };
        let services = get("services").unwrap_or(Json::Null);
        let sub = |k: &str| {
            services
                .as_object()
                .and_then(|o| o.iter().find(|(key, _)| key.eq_ignore_ascii_case(k)))
                .map(|(_, v)| v.clone())
                .unwrap_or(Json::Null)
        };
        let field = |v: &Json, k: &str| {
            v.as_object()
                .and_then(|o| o.iter().find(|(key, _)| key.eq_ignore_ascii_case(k)))
                .map(|(_, v)| json(v))
                .unwrap_or(s(""))
        };
        let disqus = sub("disqus");
        let ga = sub("googleanalytics");
        let rss = sub("rss");
        let limit = rss
            .as_object()
            .and_then(|o| o.iter().find(|(k, _)| k.eq_ignore_ascii_case("limit")))
            .and_then(|(_, v)| v.as_i64())
            .unwrap_or(-1);
        let privacy = get("privacy").map(|p| json(&p)).unwrap_or(map(vec![]));
        map(vec![
            (
                "Services",
                map(vec![
                    (
                        "Disqus",
                        map(vec![("Shortname", field(&disqus, "shortname"))]),
                    ),
                    ("GoogleAnalytics", map(vec![("ID", field(&ga, "id"))])),
                    ("RSS", map(vec![("Limit", Value::Int(limit))])),
                    (
                        "Twitter",
                        map(vec![("DisableInlineCSS", Value::Bool(false))]),
                    ),
                    ("X", map(vec![("DisableInlineCSS", Value::Bool(false))])),
                ]),
            ),
            ("Privacy", privacy),
        ])
    }

    fn menus(&self) -> Value {
        let entries: Vec<(&str, Value)> = self
            .view
            .site
            .menus
            .iter()
            .map(|(k, items)| (k.as_str(), MenuObj::value(&self.view, items.clone())))
            .collect();
        map(entries)
    }

    fn taxonomies(&self) -> Value {
        let entries: Vec<(&str, Value)> = self
            .view
            .taxonomies
            .iter()
            .enumerate()
            .map(|(t, tax)| (tax.plural.as_str(), TaxonomyObj::value(&self.view, t)))
            .collect();
        map(entries)
    }

    fn site_param(&self, key: &str) -> Value {
        self.view
            .site
            .params
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| json(v))
            .unwrap_or(Value::Nil)
    }
}

pub(crate) fn language_value(view: &View, code: &str) -> Value {
    let l = view.site.languages.iter().find(|l| l.code == code);
    let name = l.map_or(code.to_string(), |l| l.name.clone());
    // The language being rendered has its `languageCode` (the site's when its table has
    // none); another language its table's, else its code.
    let hreflang = if code == view.site.lang && !view.site.language_code.is_empty() {
        view.site.language_code.clone()
    } else {
        l.map_or(code.to_string(), |l| l.hreflang.clone())
    };
    map(vec![
        ("Lang", s(code)),
        ("LanguageName", s(&name)),
        ("LanguageCode", s(&hreflang)),
        ("LanguageDirection", s("ltr")),
        ("Weight", Value::Int(l.map_or(0, |l| l.weight))),
        ("Label", s(&name)),
        ("Name", s(code)),
        ("Locale", s(code)),
    ])
}

impl Object for SiteObj {
    fn type_name(&self) -> &str {
        "*hugolib.Site"
    }

    fn get(&self, name: &str, args: &[Value]) -> Option<CallResult> {
        let site = &self.view.site;
        let view = &self.view;
        let v = match name {
            "Title" => s(&site.title),
            "BaseURL" => s(&site.base_url),
            "Params" => params(&site.params),
            "Param" => self.site_param(&first_str(args).unwrap_or_default()),
            "Menus" => self.menus(),
            "Taxonomies" => self.taxonomies(),
            "Pages" | "AllPages" => {
                let list: Vec<usize> = (0..view.nodes.len()).collect();
                PagesObj::value(view, list)
            }
            "RegularPages" | "AllRegularPages" => PagesObj::value(view, view.regular.clone()),
            "Sections" => PagesObj::value(view, view.top_sections.clone()),
            "Home" => PageObj::value(view, view.home),
            "GetPage" => {
                let path = args.iter().rev().find_map(Value::as_str).unwrap_or("");
                match view.find(path) {
                    Some(i) => PageObj::value(view, i),
                    None => Value::Object(Arc::new(NilPage)),
                }
            }
            "Language" => language_value(view, &site.lang),
            "Languages" => Value::List(Arc::new(
                site.languages
                    .iter()
                    .map(|l| language_value(view, &l.code))
                    .collect(),
            )),
            "LanguageCode" => s(&site.language_code),
            "LanguagePrefix" => s(site.url_prefix.trim_start_matches(&site.base_path)),
            "Lang" => s(&site.lang),
            "Copyright" => s(&site.copyright),
            "Author" => self.site_param("author"),
            "Social" => self.site_param("social"),
            "IsServer" => Value::Bool(false),
            "IsMultiLingual" => Value::Bool(site.multilingual),
            "BuildDrafts" => Value::Bool(site.build_drafts),
            "Data" => map(vec![]),
            "Config" => self.config(),
            "LastChange" | "Lastmod" => time(
                view.regular
                    .iter()
                    .filter_map(|&i| view.nodes[i].lastmod)
                    .max(),
            ),
            "Store" | "Scratch" => view
                .site_scratch
                .get_or_init(|| hugofuncs::collections::new_scratch(&[]).unwrap_or(Value::Nil))
                .clone(),
            "Hugo" => super::host::hugo_value(),
            "DisqusShortname" => site
                .raw
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("disqusShortname"))
                .map(|(_, v)| json(v))
                .unwrap_or(s("")),
            "GoogleAnalytics" => s(""),
            "MainSections" => self.site_param("mainSections"),
            "Site" => SiteObj::value(view),
            "Sites" => Value::List(Arc::new(vec![SiteObj::value(view)])),
            _ => return None,
        };
        Some(Ok(v))
    }

    fn equals(&self, other: &dyn Object) -> bool {
        other
            .as_any()
            .downcast_ref::<SiteObj>()
            .is_some_and(|o| Arc::ptr_eq(&o.view, &self.view))
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

// ----- translations -----

/// Another language's version of a page: what a language switcher reads of it.
pub struct TranslationObj {
    entry: Json,
    languages: Vec<crate::config::Language>,
    /// This language's view: `.Site` of another language's page answers with this site
    /// (the other languages' views are not built together yet).
    view: Arc<View>,
}

impl Object for TranslationObj {
    fn type_name(&self) -> &str {
        "*hugolib.pageState"
    }

    fn get(&self, name: &str, _args: &[Value]) -> Option<CallResult> {
        let f = |k: &str| s(self.entry[k].as_str().unwrap_or(""));
        let lang = self.entry["lang"].as_str().unwrap_or("");
        let v = match name {
            "Title" | "LinkTitle" => f("title"),
            "Permalink" => f("permalink"),
            "RelPermalink" => f("url"),
            "Lang" => f("lang"),
            "Language" => {
                let l = self.languages.iter().find(|l| l.code == lang);
                let name = l.map_or(lang.to_string(), |l| l.name.clone());
                map(vec![
                    ("Lang", s(lang)),
                    ("LanguageName", s(&name)),
                    ("LanguageCode", f("hreflang")),
                    ("Weight", Value::Int(l.map_or(0, |l| l.weight))),
                    ("Label", s(&name)),
                    ("Locale", s(lang)),
                    ("Name", s(lang)),
                ])
            }
            "IsPage" | "IsHome" | "IsSection" => Value::Bool(false),
            "Site" => SiteObj::value(&self.view),
            _ => return None,
        };
        Some(Ok(v))
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

// ----- menus -----

pub struct MenuObj {
    view: Arc<View>,
    items: Vec<MenuItem>,
}

impl MenuObj {
    fn value(view: &Arc<View>, items: Vec<MenuItem>) -> Value {
        Value::Object(Arc::new(MenuObj {
            view: view.clone(),
            items,
        }))
    }

    fn entry(&self, item: &MenuItem) -> Value {
        Value::Object(Arc::new(MenuEntryObj {
            view: self.view.clone(),
            item: item.clone(),
        }))
    }
}

impl Object for MenuObj {
    fn type_name(&self) -> &str {
        "navigation.Menu"
    }

    fn get(&self, name: &str, args: &[Value]) -> Option<CallResult> {
        let mut items = self.items.clone();
        match name {
            "ByWeight" => items.sort_by(|a, b| {
                let w = |m: &MenuItem| (m.weight == 0, m.weight);
                w(a).cmp(&w(b)).then_with(|| a.name.cmp(&b.name))
            }),
            "ByName" => items.sort_by(|a, b| a.name.cmp(&b.name)),
            "Reverse" => items.reverse(),
            "Limit" => {
                let n = match args.first() {
                    Some(Value::Int(i)) => usize::try_from(*i).unwrap_or(0),
                    _ => items.len(),
                };
                items.truncate(n);
            }
            "Len" => return Some(Ok(Value::Int(items.len() as i64))),
            _ => return None,
        }
        Some(Ok(MenuObj::value(&self.view, items)))
    }

    fn len(&self) -> Option<usize> {
        Some(self.items.len())
    }

    fn range(&self) -> Option<Vec<(Value, Value)>> {
        Some(
            self.items
                .iter()
                .enumerate()
                .map(|(n, m)| (Value::Int(n as i64), self.entry(m)))
                .collect(),
        )
    }

    fn index(&self, key: &Value) -> Option<CallResult> {
        let Value::Int(i) = key else { return None };
        let item = usize::try_from(*i).ok().and_then(|i| self.items.get(i))?;
        Some(Ok(self.entry(item)))
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

pub struct MenuEntryObj {
    view: Arc<View>,
    pub item: MenuItem,
}

impl Object for MenuEntryObj {
    fn type_name(&self) -> &str {
        "*navigation.MenuEntry"
    }

    fn get(&self, name: &str, _args: &[Value]) -> Option<CallResult> {
        let m = &self.item;
        let v = match name {
            "Name" => s(&m.name),
            "URL" => s(&m.url),
            "Title" => s(&m.title),
            "Weight" => Value::Int(m.weight),
            "Identifier" => s(&m.identifier),
            "KeyName" => s(if m.identifier.is_empty() {
                &m.name
            } else {
                &m.identifier
            }),
            "Pre" => html(&m.pre),
            "Post" => html(&m.post),
            "Parent" => s(&m.parent),
            "Params" => params(&m.params),
            "Children" => MenuObj::value(&self.view, m.children.clone()),
            "HasChildren" => Value::Bool(!m.children.is_empty()),
            "Page" => match m.page {
                Some(i) => PageObj::value(&self.view, i),
                None => Value::Nil,
            },
            "PageRef" => s(""),
            "Menu" => s(""),
            _ => return None,
        };
        Some(Ok(v))
    }

    fn equals(&self, other: &dyn Object) -> bool {
        other
            .as_any()
            .downcast_ref::<MenuEntryObj>()
            .is_some_and(|o| o.item.name == self.item.name && o.item.url == self.item.url)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

// ----- taxonomies -----

/// `.Site.Taxonomies.tags`: term -> weighted pages.
pub struct TaxonomyObj {
    view: Arc<View>,
    t: usize,
}

impl TaxonomyObj {
    pub fn value(view: &Arc<View>, t: usize) -> Value {
        Value::Object(Arc::new(TaxonomyObj {
            view: view.clone(),
            t,
        }))
    }

    fn terms(&self) -> &[usize] {
        &self.view.taxonomies[self.t].terms
    }

    /// The key Hugo gives a term: its URL form.
    fn key(&self, term: usize) -> String {
        let path = &self.view.nodes[term].hugo_path;
        path.rsplit('/').next().unwrap_or("").to_string()
    }

    fn weighted(&self, term: usize) -> Value {
        Value::Object(Arc::new(WeightedPagesObj {
            view: self.view.clone(),
            term,
        }))
    }

    fn ordered(&self, mut terms: Vec<usize>) -> Value {
        let view = &self.view;
        terms.dedup();
        Value::List(Arc::new(
            terms
                .into_iter()
                .map(|t| {
                    let pages = &view.nodes[t].pages;
                    map(vec![
                        ("Name", s(&self.key(t))),
                        ("Term", s(&view.nodes[t].title)),
                        ("Count", Value::Int(pages.len() as i64)),
                        ("Page", PageObj::value(view, t)),
                        ("Pages", PagesObj::value(view, pages.clone())),
                        ("WeightedPages", self.weighted(t)),
                    ])
                })
                .collect(),
        ))
    }

    fn find(&self, key: &str) -> Option<usize> {
        let key = key.to_lowercase();
        self.terms()
            .iter()
            .copied()
            .find(|&t| self.key(t) == key || self.view.nodes[t].title.to_lowercase() == key)
    }
}

impl Object for TaxonomyObj {
    fn type_name(&self) -> &str {
        "page.Taxonomy"
    }

    fn get(&self, name: &str, args: &[Value]) -> Option<CallResult> {
        let view = &self.view;
        let v = match name {
            "Alphabetical" => {
                let mut terms = self.terms().to_vec();
                terms.sort_by_key(|&t| view.nodes[t].title.to_lowercase());
                self.ordered(terms)
            }
            "ByCount" => {
                let mut terms = self.terms().to_vec();
                terms.sort_by(|&a, &b| {
                    view.nodes[b]
                        .pages
                        .len()
                        .cmp(&view.nodes[a].pages.len())
                        .then_with(|| view.nodes[a].title.cmp(&view.nodes[b].title))
                });
                self.ordered(terms)
            }
            "Count" => {
                let key = first_str(args).unwrap_or_default();
                Value::Int(self.find(&key).map_or(0, |t| view.nodes[t].pages.len()) as i64)
            }
            "Get" => {
                let key = first_str(args).unwrap_or_default();
                match self.find(&key) {
                    Some(t) => self.weighted(t),
                    None => Value::Nil,
                }
            }
            "Len" => Value::Int(self.terms().len() as i64),
            other => match self.find(other) {
                Some(t) => self.weighted(t),
                None => return None,
            },
        };
        Some(Ok(v))
    }

    fn map_zero(&self) -> Option<Value> {
        Some(Value::Nil)
    }

    fn len(&self) -> Option<usize> {
        Some(self.terms().len())
    }

    fn range(&self) -> Option<Vec<(Value, Value)>> {
        let mut terms: Vec<(String, usize)> =
            self.terms().iter().map(|&t| (self.key(t), t)).collect();
        terms.sort();
        Some(
            terms
                .into_iter()
                .map(|(k, t)| (s(&k), self.weighted(t)))
                .collect(),
        )
    }

    fn index(&self, key: &Value) -> Option<CallResult> {
        let k = key.as_str()?;
        Some(Ok(match self.find(k) {
            Some(t) => self.weighted(t),
            None => Value::Nil,
        }))
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// A term's pages with their weights (`page.WeightedPages`).
pub struct WeightedPagesObj {
    view: Arc<View>,
    term: usize,
}

impl Object for WeightedPagesObj {
    fn type_name(&self) -> &str {
        "page.WeightedPages"
    }

    fn get(&self, name: &str, _args: &[Value]) -> Option<CallResult> {
        let pages = &self.view.nodes[self.term].pages;
        let v = match name {
            "Pages" => PagesObj::value(&self.view, pages.clone()),
            "Count" | "Len" => Value::Int(pages.len() as i64),
            "Page" => PageObj::value(&self.view, self.term),
            _ => return None,
        };
        Some(Ok(v))
    }

    fn len(&self) -> Option<usize> {
        Some(self.view.nodes[self.term].pages.len())
    }

    fn range(&self) -> Option<Vec<(Value, Value)>> {
        let pages = &self.view.nodes[self.term].pages;
        Some(
            pages
                .iter()
                .enumerate()
                .map(|(n, &p)| {
                    (
                        Value::Int(n as i64),
                        map(vec![
                            ("Weight", Value::Int(0)),
                            ("Page", PageObj::value(&self.view, p)),
                        ]),
                    )
                })
                .collect(),
        )
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

// ----- output formats, resources -----

#[derive(Clone)]
struct OutputFormatObj {
    name: String,
    media: String,
    rel: String,
    rel_permalink: String,
    permalink: String,
}

impl Object for OutputFormatObj {
    fn type_name(&self) -> &str {
        "page.OutputFormat"
    }

    fn get(&self, name: &str, _args: &[Value]) -> Option<CallResult> {
        let v = match name {
            "Name" => s(&self.name),
            "Rel" => s(&self.rel),
            "Permalink" => s(&self.permalink),
            "RelPermalink" => s(&self.rel_permalink),
            "MediaType" => Value::Object(Arc::new(MediaTypeObj(self.media.clone()))),
            _ => return None,
        };
        Some(Ok(v))
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

struct MediaTypeObj(String);

impl Object for MediaTypeObj {
    fn type_name(&self) -> &str {
        "media.Type"
    }

    fn get(&self, name: &str, _args: &[Value]) -> Option<CallResult> {
        let (main, sub) = self.0.split_once('/').unwrap_or((&self.0, ""));
        let v = match name {
            "Type" => s(&self.0),
            "MainType" => s(main),
            "SubType" => s(sub),
            "String" => s(&self.0),
            _ => return None,
        };
        Some(Ok(v))
    }

    fn print(&self) -> String {
        self.0.clone()
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

struct OutputFormatsObj(Vec<OutputFormatObj>);

impl Object for OutputFormatsObj {
    fn type_name(&self) -> &str {
        "page.OutputFormats"
    }

    fn get(&self, name: &str, args: &[Value]) -> Option<CallResult> {
        match name {
            "Get" => {
                let want = first_str(args).unwrap_or_default().to_lowercase();
                Some(Ok(self
                    .0
                    .iter()
                    .find(|f| f.name == want)
                    .map(|f| Value::Object(Arc::new(f.clone())))
                    .unwrap_or(Value::Nil)))
            }
            "Len" => Some(Ok(Value::Int(self.0.len() as i64))),
            _ => None,
        }
    }

    fn len(&self) -> Option<usize> {
        Some(self.0.len())
    }

    fn range(&self) -> Option<Vec<(Value, Value)>> {
        Some(
            self.0
                .iter()
                .enumerate()
                .map(|(n, f)| (Value::Int(n as i64), Value::Object(Arc::new(f.clone()))))
                .collect(),
        )
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// A page's resources: bundles' files are not modelled yet, so there are none.
struct ResourcesObj;

impl Object for ResourcesObj {
    fn type_name(&self) -> &str {
        "resource.Resources"
    }

    fn get(&self, name: &str, _args: &[Value]) -> Option<CallResult> {
        match name {
            "GetMatch" | "Get" => Some(Ok(Value::Nil)),
            "Match" | "ByType" => Some(Ok(Value::Object(Arc::new(ResourcesObj)))),
            "Len" => Some(Ok(Value::Int(0))),
            _ => None,
        }
    }

    fn truth(&self) -> bool {
        false
    }

    fn len(&self) -> Option<usize> {
        Some(0)
    }

    fn range(&self) -> Option<Vec<(Value, Value)>> {
        Some(Vec::new())
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// What `GetPage` gives for a path with no page: Hugo's nil page, false in `if` and `with`,
/// whose methods answer empty values.
struct NilPage;

impl Object for NilPage {
    fn type_name(&self) -> &str {
        "*hugolib.pageState"
    }

    fn get(&self, _name: &str, _args: &[Value]) -> Option<CallResult> {
        Some(Ok(s("")))
    }

    fn is_nil(&self) -> bool {
        true
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
