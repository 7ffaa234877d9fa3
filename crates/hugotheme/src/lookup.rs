//! Hugo's lookups on a loaded store: a page's layout and base, shortcodes, render hooks,
//! partials, content views, the alias template; both generations, answers kept per folder.

use crate::classic;
use crate::current::{self, Entry, Query};
use crate::error::Error;
use crate::path::{Category, LayoutPath};
use crate::store::{Generation, Inner, PageQuery, Resolved};

impl PageQuery {
    /// What the lookups read of the query, as one string: the page's folder, not its path,
    /// so that the pages of a folder share answers.
    pub(crate) fn cache_key(&self) -> String {
        let folder = page_key(self);
        let parts = [
            &self.kind,
            &folder,
            &self.section,
            &self.typ,
            &self.layout,
            &self.output_format,
            &self.lang,
        ];
        let mut key = String::new();
        for p in parts {
            key.push_str(p);
            key.push('\u{1}');
        }
        key
    }
}

/// A lookup's answer, kept: lookups run for every page, output format and Markdown element.
#[derive(Clone, Copy)]
pub(crate) enum Cached {
    Page(Option<Resolved>),
    File(Option<usize>),
}

/// The hooks Hugo 0.111 knew.
const CLASSIC_HOOKS: [&str; 4] = ["link", "image", "heading", "codeblock"];

/// The tree key of a page: its folder (a regular page's parent), with a front matter `type`
/// in place of the section.
fn page_key(q: &PageQuery) -> String {
    let path = q.path.trim_end_matches('/');
    let mut key = if q.kind == "page" {
        path.rsplit_once('/').map_or("", |(d, _)| d).to_string()
    } else {
        path.to_string()
    };
    if !q.typ.is_empty() && q.typ != q.section {
        let rest = key
            .strip_prefix('/')
            .and_then(|k| k.split_once('/'))
            .map_or(String::new(), |(_, r)| format!("/{r}"));
        key = format!("/{}{rest}", q.typ.to_lowercase());
    }
    key.to_lowercase()
}

impl Inner {
    pub(crate) fn cached(&self, key: &str) -> Option<Cached> {
        let lookups = self.lookups.read().unwrap_or_else(|e| e.into_inner());
        lookups.get(key).copied()
    }

    pub(crate) fn remember(&self, key: String, value: Cached) {
        let mut lookups = self.lookups.write().unwrap_or_else(|e| e.into_inner());
        lookups.insert(key, value);
    }

    pub(crate) fn query(&self, q: &PageQuery) -> Query {
        let of = self.opts.formats.by_name(&q.output_format);
        let mut kind = q.kind.clone();
        let mut lft = String::new();
        if !crate::path::KINDS.contains(&kind.as_str()) {
            if kind == "404" {
                lft = "404".into();
            }
            kind.clear();
        }
        if lft.is_empty() && !kind.is_empty() {
            lft = if kind == "page" { "single" } else { "list" }.into();
        }
        Query {
            kind,
            layout_from_template: lft,
            layout_from_user: q.layout.to_lowercase(),
            output_format: q.output_format.to_lowercase(),
            media_type: of.map(|o| o.media_type.clone()).unwrap_or_default(),
            lang: q.lang.clone(),
            plain: of.is_some_and(|o| o.is_plain_text),
            ..Query::default()
        }
    }

    pub(crate) fn lookup_page_current(&self, q: &PageQuery) -> Option<Resolved> {
        let key = page_key(q);
        let query = self.query(q);
        let (winner, _) = self
            .tree
            .best(Category::Layout, "", &key, &query, &|_| true)?;
        let file = self.tree.entries[winner].file;
        // A template of only `define`s and no base for it: Hugo 0.146+ writes nothing.
        let base = if self.files[file].needs_base {
            let b = self.tree.best_base(winner, &key, &query)?;
            Some(self.tree.entries[b].file)
        } else {
            None
        };
        Some(Resolved {
            template: file,
            base,
        })
    }

    pub(crate) fn classic_descriptor(&self, q: &PageQuery) -> classic::Descriptor {
        let of = self.opts.formats.by_name(&q.output_format);
        let section = match q.kind.as_str() {
            "section" => q.section.clone(),
            "taxonomy" | "term" => self
                .opts
                .taxonomies
                .iter()
                .find(|(_, p)| *p == q.section)
                .map_or(q.section.clone(), |(s, _)| s.clone()),
            _ => String::new(),
        };
        let typ = [&q.typ, &q.section]
            .into_iter()
            .find(|s| !s.is_empty())
            .cloned()
            .unwrap_or_else(|| "page".into());
        classic::Descriptor {
            kind: q.kind.clone(),
            typ: typ.to_lowercase(),
            section,
            layout: q.layout.to_lowercase(),
            lang: q.lang.clone(),
            output_format: q.output_format.to_lowercase(),
            suffix: of.map(|o| o.suffix.clone()).unwrap_or_default(),
            ..classic::Descriptor::default()
        }
    }

    pub(crate) fn classic_first(&self, names: &[String]) -> Option<usize> {
        names.iter().find_map(|n| {
            let i = *self.classic.get(&n.to_lowercase())?;
            let f = &self.files[i];
            (f.embedded || !matches!(f.path.category, Category::Partial | Category::Shortcode))
                .then_some(i)
        })
    }

    pub(crate) fn lookup_page_classic(&self, q: &PageQuery) -> Option<Resolved> {
        let d = self.classic_descriptor(q);
        let template = self.classic_first(&classic::candidates(&d))?;
        let base = if self.files[template].needs_base {
            let bd = classic::Descriptor { baseof: true, ..d };
            self.classic_first(&classic::candidates(&bd))
        } else {
            None
        };
        Some(Resolved { template, base })
    }

    pub(crate) fn lookup_shortcode_current(
        &self,
        name: &str,
        q: &PageQuery,
        markdown: bool,
    ) -> Result<usize, Error> {
        let mut query = self.query(q);
        query.kind.clear();
        query.layout_from_template.clear();
        query.layout_from_user.clear();
        query.always_allow_plain = markdown;
        let key = page_key(q);
        let name = name.trim_matches('/').to_lowercase();
        match self
            .tree
            .best(Category::Shortcode, &name, &key, &query, &|_| true)
        {
            Some((i, _)) => Ok(self.tree.entries[i].file),
            None => Err(Error::NotFound {
                what: format!("no template found for shortcode {name:?}"),
            }),
        }
    }

    pub(crate) fn lookup_shortcode_classic(
        &self,
        name: &str,
        q: &PageQuery,
    ) -> Result<usize, Error> {
        let d = self.classic_descriptor(q);
        let n = name.trim_matches('/').to_lowercase();
        let mut names = Vec::new();
        for dir in ["shortcodes", "_internal/shortcodes"] {
            for v in [
                format!("{}.{}", d.lang, d.output_format),
                d.output_format.clone(),
                d.lang.clone(),
            ] {
                names.push(format!("{dir}/{n}.{v}.{}", d.suffix));
            }
            names.push(format!("{dir}/{n}.{}", d.suffix));
            names.push(format!("{dir}/{n}.html"));
        }
        // Else any variant of the name (a `d.json` used from HTML with `{{% %}}`).
        let any = || {
            let prefix = format!("shortcodes/{n}.");
            let mut v: Vec<(&String, &usize)> = self
                .classic
                .iter()
                .filter(|(k, _)| k.starts_with(&prefix))
                .collect();
            v.sort();
            v.first().map(|(_, &i)| i)
        };
        names
            .iter()
            .find_map(|n| self.classic.get(n).copied())
            .or_else(any)
            .ok_or_else(|| Error::NotFound {
                what: format!("template for shortcode {n:?} not found"),
            })
    }

    pub(crate) fn lookup_hook_current(
        &self,
        hook: &str,
        variant: &str,
        q: &PageQuery,
    ) -> Option<usize> {
        let mut query = self.query(q);
        query.kind.clear();
        query.layout_from_template.clear();
        query.layout_from_user.clear();
        query.variant1 = hook.to_lowercase();
        query.variant2 = variant.to_lowercase();
        let key = page_key(q);
        let (i, _) = self
            .tree
            .best(Category::Markup, "", &key, &query, &|_| true)?;
        Some(self.tree.entries[i].file)
    }

    pub(crate) fn lookup_hook_classic(
        &self,
        hook: &str,
        variant: &str,
        q: &PageQuery,
    ) -> Option<usize> {
        if !CLASSIC_HOOKS.contains(&hook) {
            return None;
        }
        let mut d = self.classic_descriptor(q);
        d.hook = true;
        d.layout.clear();
        d.section.clear();
        d.kind = format!("render-{hook}");
        if hook == "codeblock" && !variant.is_empty() {
            d.variants = vec![variant.to_lowercase()];
        }
        self.classic_first(&classic::candidates(&d))
    }

    pub(crate) fn lookup_view(&self, q: &PageQuery, name: &str) -> Option<usize> {
        let name = name.to_lowercase();
        match self.opts.generation {
            Generation::Classic => {
                let d = classic::Descriptor {
                    layout: name,
                    layout_override: true,
                    ..self.classic_descriptor(q)
                };
                self.classic_first(&classic::candidates(&d))
            }
            Generation::Current => {
                let mut query = self.query(q);
                query.layout_from_user = name.clone();
                let key = page_key(q);
                let only = |e: &Entry| e.desc.layout == name;
                let (i, _) = self.tree.best(Category::Layout, "", &key, &query, &only)?;
                Some(self.tree.entries[i].file)
            }
        }
    }

    pub(crate) fn lookup_alias(&self) -> Option<usize> {
        match self.opts.generation {
            Generation::Classic => self.classic.get("alias.html").copied(),
            Generation::Current => {
                let query = Query {
                    layout_from_template: "alias".into(),
                    output_format: "html".into(),
                    media_type: "text/html".into(),
                    lang: self.opts.default_language.clone(),
                    ..Query::default()
                };
                let only = |e: &Entry| e.desc.layout == "alias";
                let (i, _) = self.tree.best(Category::Layout, "", "", &query, &only)?;
                Some(self.tree.entries[i].file)
            }
        }
    }

    pub(crate) fn lookup_partial(&self, name: &str) -> Option<usize> {
        let mut cache = self.partials.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(found) = cache.get(name) {
            return *found;
        }
        let found = self.find_partial(name);
        cache.insert(name.to_string(), found);
        found
    }

    pub(crate) fn find_partial(&self, name: &str) -> Option<usize> {
        let n = name
            .trim_start_matches('/')
            .trim_start_matches("_partials/")
            .trim_start_matches("partials/");
        match self.opts.generation {
            Generation::Classic => {
                let with_html = format!("partials/{n}.html");
                [format!("partials/{n}"), with_html, format!("_internal/{n}")]
                    .iter()
                    .find_map(|c| self.classic.get(&c.to_lowercase()).copied())
            }
            Generation::Current => {
                // A name without extension is read as the `.html` file it names, so its last
                // segment is read the same way on both sides: `docs/links/home` is hugo-book's
                // `_partials/docs/links/home.html`, whose name is also a page kind.
                let file = n.rsplit('/').next().unwrap_or(n);
                let named = if file.contains('.') {
                    format!("_partials/{n}")
                } else {
                    format!("_partials/{n}.html")
                };
                let p = LayoutPath::parse(&named, &self.opts.formats, &self.opts.languages);
                let (of, media) = if p.output_format.is_empty() && p.ext.is_empty() {
                    ("html".to_string(), "text/html".to_string())
                } else {
                    self.opts.formats.resolve(&p.output_format, &p.ext)
                };
                let query = Query {
                    kind: p.kind.clone(),
                    layout_from_template: p.layout.clone(),
                    output_format: of,
                    media_type: media,
                    lang: p.lang.clone(),
                    always_allow_plain: true,
                    ..Query::default()
                };
                let key = p.path_no_identifiers();
                self.tree
                    .entries
                    .iter()
                    .filter(|e| e.category == Category::Partial && e.key == key)
                    .map(|e| {
                        let site = self.tree.site.clone().expect("site settings");
                        (
                            current::compare(Category::Partial, &query, &e.desc, &site).w1,
                            e,
                        )
                    })
                    .filter(|(w, _)| *w > 0)
                    .max_by(|a, b| a.0.cmp(&b.0).then(b.1.ordinal.cmp(&a.1.ordinal)))
                    .map(|(_, e)| e.file)
            }
        }
    }

    pub(crate) fn exists(&self, name: &str) -> bool {
        let n = name.trim_start_matches('/');
        if n.starts_with("partials/") || n.starts_with("_partials/") {
            return self.lookup_partial(n).is_some();
        }
        let lower = n.to_lowercase();
        self.classic.contains_key(&lower)
            || self
                .files
                .iter()
                .any(|f| f.path.path.trim_start_matches('/') == lower)
            || self.base.lookup(n).is_some()
    }
}
