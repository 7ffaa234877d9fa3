//! The template store: loads the layouts of a project and its themes, parses them into one
//! Go-template set (base templates and the layouts that fill them kept apart, composed per
//! page template on first use), answers Hugo's lookups and executes.

use std::any::Any;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, Weak};

use gotemplate::{ParseOptions, Set, Tree, Value};

use crate::current::{self, Entry, Query};
use crate::error::{Error, Warning};
use crate::formats::Formats;
use crate::funcs::{FunctionTable, HostFunction};
use crate::path::{Category, LayoutPath};
use crate::{classic, embedded, SiteHost};

/// Which Hugo's lookup rules to follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Generation {
    /// Hugo up to 0.145 (Debian's 0.111): `_default/`, candidate lists.
    Classic,
    /// Hugo 0.146 and later (0.168): the weighted template tree.
    #[default]
    Current,
}

/// How templates escape what they print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Escaping {
    /// text/template: nothing is escaped. All templates run so until the html/template pass
    /// is in the engine.
    #[default]
    Text,
    /// html/template for HTML output formats (not available yet: runs as `Text`, with a
    /// warning).
    Html,
}

/// The site settings the store needs.
#[derive(Debug, Clone)]
pub struct Options {
    pub generation: Generation,
    pub formats: Formats,
    /// Language codes of the site; the first is not necessarily the default.
    pub languages: Vec<String>,
    pub default_language: String,
    /// (singular, plural) of each taxonomy.
    pub taxonomies: Vec<(String, String)>,
    /// `markup.goldmark.renderHooks.{link,image}.useEmbedded` is `always`: Hugo's own link and
    /// image hooks apply when the site has none.
    pub embedded_link_image_hooks: bool,
    pub escaping: Escaping,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            generation: Generation::Current,
            formats: Formats::default(),
            languages: vec!["en".into()],
            default_language: "en".into(),
            taxonomies: vec![
                ("tag".into(), "tags".into()),
                ("category".into(), "categories".into()),
            ],
            embedded_link_image_hooks: false,
            escaping: Escaping::Text,
        }
    }
}

/// One layouts folder: the project's or a theme's.
#[derive(Debug, Clone)]
pub struct LayoutsDir {
    pub dir: PathBuf,
    /// How errors name its files: `layouts`, `themes/even/layouts`.
    pub label: String,
}

/// A template the store knows.
#[derive(Debug, Clone)]
pub struct TemplateFile {
    /// The path in its layouts folder (`_default/single.html`), or an inline partial's name.
    pub rel: String,
    /// The path errors and answers give: `themes/even/layouts/_default/single.html`,
    /// `<embedded>/_internal/opengraph.html`.
    pub display: String,
    /// The template's name in the set.
    pub name: String,
    /// 0: the project; 1..: themes in order; `usize::MAX`: ours.
    pub ordinal: usize,
    pub embedded: bool,
    pub inline: bool,
    /// A layout starting with `define`: it fills the blocks of a base template.
    pub needs_base: bool,
    pub path: LayoutPath,
}

/// A resolved page template: the layout and the base template it fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Resolved {
    pub template: usize,
    pub base: Option<usize>,
}

/// What a page lookup reads of a page.
#[derive(Debug, Clone, Default)]
pub struct PageQuery {
    /// `home`, `page`, `section`, `taxonomy`, `term`, `404`, `sitemap`, `robotstxt`.
    pub kind: String,
    /// The page's `.Path`: `/`, `/posts/a`, `/tags/x`.
    pub path: String,
    /// The first section (`posts`); for taxonomies and terms the plural (`tags`).
    pub section: String,
    /// `type` from front matter, or empty.
    pub typ: String,
    /// `layout` from front matter, or empty.
    pub layout: String,
    pub output_format: String,
    pub lang: String,
}

impl PageQuery {
    /// What the lookups read of the query, as one string: the page's folder, not its path,
    /// so that the pages of a folder share answers.
    fn cache_key(&self) -> String {
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
enum Cached {
    Page(Option<Resolved>),
    File(Option<usize>),
}

/// The hooks Hugo 0.111 knew.
const CLASSIC_HOOKS: [&str; 4] = ["link", "image", "heading", "codeblock"];

pub(crate) struct Inner {
    opts: Options,
    files: Vec<TemplateFile>,
    tree: current::Tree,
    /// Classic names (relative paths) to files; the project's over the themes'.
    classic: HashMap<String, usize>,
    base: Set,
    /// The parsed trees of layouts that need a base and of base templates.
    apart: HashMap<usize, Vec<Arc<Tree>>>,
    composed: Mutex<HashMap<Resolved, Arc<Set>>>,
    partial_cache: Mutex<HashMap<String, Value>>,
    lookups: std::sync::RwLock<HashMap<String, Cached>>,
    /// Partial names as called to the template they find.
    partials: Mutex<HashMap<String, Option<usize>>>,
    warnings: Mutex<BTreeSet<Warning>>,
    errors: Vec<Error>,
    /// Names of unknown functions met since last drained.
    unknown: Arc<Mutex<Vec<String>>>,
}

/// Hugo's template store for one site. Cheap to clone; shareable between threads.
#[derive(Clone)]
pub struct Store {
    pub(crate) inner: Arc<Inner>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("files", &self.inner.files.len())
            .finish()
    }
}

/// A file found in a layouts folder.
struct Found {
    rel: String,
    display: String,
    ordinal: usize,
    text: Result<String, String>,
}

fn read_layouts(dirs: &[LayoutsDir]) -> Vec<Found> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for (ordinal, d) in dirs.iter().enumerate() {
        let mut here: Vec<Found> = Vec::new();
        for entry in walkdir::WalkDir::new(&d.dir).sort_by_file_name() {
            let Ok(entry) = entry else { continue };
            if !entry.file_type().is_file() {
                continue;
            }
            let name = entry.file_name().to_string_lossy();
            if name.starts_with('.') || name.ends_with('~') {
                continue;
            }
            let Ok(rel) = entry.path().strip_prefix(&d.dir) else {
                continue;
            };
            let rel = rel.to_string_lossy().replace('\\', "/");
            if !seen.insert(rel.to_lowercase()) {
                continue; // a higher layouts folder has this path
            }
            let text = std::fs::read_to_string(entry.path()).map_err(|e| e.to_string());
            here.push(Found {
                display: format!("{}/{rel}", d.label),
                rel,
                ordinal,
                text,
            });
        }
        out.extend(here);
    }
    out
}

impl Store {
    /// Loads the layouts folders, the project's first then the themes' in order, with the
    /// site's functions from `host`. Templates that fail to parse are left out and reported
    /// by [`Store::errors`]; the rest work.
    pub fn load(dirs: &[LayoutsDir], opts: Options, host: &dyn SiteHost) -> Store {
        let found = read_layouts(dirs);
        let mut table: FunctionTable = crate::funcs::hugo_functions(host.env());
        for (name, f) in host.functions() {
            table.insert(&name, f);
        }
        let unknown = Arc::new(Mutex::new(Vec::new()));
        let inner = Arc::new_cyclic(|weak: &Weak<Inner>| {
            for (name, f) in store_functions(weak.clone()) {
                table.insert(name, f);
            }
            let funcs = table.into_funcs(unknown.clone());
            Loader::new(opts, Set::new(funcs), unknown).run(found)
        });
        Store { inner }
    }

    pub fn options(&self) -> &Options {
        &self.inner.opts
    }

    /// Templates that did not parse.
    pub fn errors(&self) -> &[Error] {
        &self.inner.errors
    }

    /// Warnings so far (unknown functions, features run differently), sorted.
    pub fn warnings(&self) -> Vec<Warning> {
        self.inner.note_unknown("(executing)", None);
        let w = self
            .inner
            .warnings
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        w.iter().cloned().collect()
    }

    pub fn file(&self, i: usize) -> &TemplateFile {
        &self.inner.files[i]
    }

    pub fn files(&self) -> &[TemplateFile] {
        &self.inner.files
    }

    /// The template for a page in an output format, and its base template.
    pub fn lookup_page(&self, q: &PageQuery) -> Option<Resolved> {
        let key = format!("page\u{1}{}", q.cache_key());
        if let Some(Cached::Page(r)) = self.inner.cached(&key) {
            return r;
        }
        let r = match self.inner.opts.generation {
            Generation::Current => self.inner.lookup_page_current(q),
            Generation::Classic => self.inner.lookup_page_classic(q),
        };
        self.inner.remember(key, Cached::Page(r));
        r
    }

    /// The template of the shortcode `name` used in the page `q` (`markdown`: called with
    /// `{{% %}}`).
    pub fn lookup_shortcode(
        &self,
        name: &str,
        q: &PageQuery,
        markdown: bool,
    ) -> Result<usize, Error> {
        let key = format!("shortcode\u{1}{name}\u{1}{markdown}\u{1}{}", q.cache_key());
        if let Some(Cached::File(Some(i))) = self.inner.cached(&key) {
            return Ok(i);
        }
        let r = match self.inner.opts.generation {
            Generation::Current => self.inner.lookup_shortcode_current(name, q, markdown),
            Generation::Classic => self.inner.lookup_shortcode_classic(name, q),
        };
        if let Ok(i) = r {
            self.inner.remember(key, Cached::File(Some(i)));
        }
        r
    }

    /// The render hook (`link`, `image`, `heading`, `codeblock`, `blockquote`, `table`,
    /// `passthrough`) for the page `q`; `variant` is a code block's language, a blockquote's
    /// type (`alert`, `regular`) or a passthrough's (`inline`, `block`). `None`: render as
    /// Markdown would.
    pub fn lookup_hook(&self, hook: &str, variant: &str, q: &PageQuery) -> Option<usize> {
        let key = format!("hook\u{1}{hook}\u{1}{variant}\u{1}{}", q.cache_key());
        if let Some(Cached::File(r)) = self.inner.cached(&key) {
            return r;
        }
        let r = match self.inner.opts.generation {
            Generation::Current => self.inner.lookup_hook_current(hook, variant, q),
            Generation::Classic => self.inner.lookup_hook_classic(hook, variant, q),
        };
        self.inner.remember(key, Cached::File(r));
        r
    }

    /// The template `partial name` runs.
    pub fn lookup_partial(&self, name: &str) -> Option<usize> {
        self.inner.lookup_partial(name)
    }

    /// The template of a content view, `.Render "summary"` on the page `q`: a template of that
    /// layout name along the page's folders, without base.
    pub fn lookup_view(&self, q: &PageQuery, name: &str) -> Option<usize> {
        self.inner.lookup_view(q, name)
    }

    /// The template of alias (redirect) pages: the site's `alias.html`, else ours.
    pub fn lookup_alias(&self) -> Option<usize> {
        self.inner.lookup_alias()
    }

    /// Whether `templates.Exists` says so.
    pub fn exists(&self, name: &str) -> bool {
        self.inner.exists(name)
    }

    /// Executes a page template (with its base) on `data`.
    pub fn execute(&self, r: Resolved, data: &Value) -> Result<String, Error> {
        self.inner.execute(r, data)
    }

    /// [`Store::execute`] with the host's data for this execution (the page being rendered,
    /// its language), which the host's functions read with [`current_user`] while it runs,
    /// partials included.
    pub fn execute_with_user(
        &self,
        r: Resolved,
        data: &Value,
        user: Arc<dyn Any + Send + Sync>,
    ) -> Result<String, Error> {
        let _guard = UserGuard::set(Some(user));
        self.inner.execute(r, data)
    }

    /// Executes one template (a shortcode, a render hook, a layout without base).
    pub fn execute_template(&self, file: usize, data: &Value) -> Result<String, Error> {
        self.inner.execute(
            Resolved {
                template: file,
                base: None,
            },
            data,
        )
    }

    /// Runs `partial name data`: the partial's output, or what it returned.
    pub fn execute_partial(&self, name: &str, data: &Value) -> Result<Value, Error> {
        self.inner.partial(name, data)
    }
}

struct Loader {
    opts: Options,
    base: Set,
    unknown: Arc<Mutex<Vec<String>>>,
    files: Vec<TemplateFile>,
    apart: HashMap<usize, Vec<Arc<Tree>>>,
    errors: Vec<Error>,
    warnings: BTreeSet<Warning>,
}

impl Loader {
    fn new(opts: Options, base: Set, unknown: Arc<Mutex<Vec<String>>>) -> Loader {
        Loader {
            opts,
            base,
            unknown,
            files: Vec::new(),
            apart: HashMap::new(),
            errors: Vec::new(),
            warnings: BTreeSet::new(),
        }
    }

    fn run(mut self, found: Vec<Found>) -> Inner {
        if self.opts.escaping == Escaping::Html {
            self.warnings.insert(Warning {
                file: String::new(),
                line: 0,
                col: 0,
                message:
                    "html/template escaping is not available yet: templates run as text/template"
                        .into(),
            });
        }
        let mut texts = Vec::new();
        for f in found {
            match f.text {
                Ok(text) => texts.push((self.add_file(&f.rel, &f.display, f.ordinal, false), text)),
                Err(message) => self.errors.push(Error::Io {
                    path: f.display,
                    message,
                }),
            }
        }
        for e in embedded::TEMPLATES {
            let display = format!("<embedded>/{}", e.name);
            let i = self.add_file(e.rel, &display, usize::MAX, true);
            self.files[i].name = e.name.to_string();
            texts.push((i, e.text.to_string()));
        }
        // Themes first, the project last: a `define` of the project wins.
        texts.sort_by_key(|(i, _)| std::cmp::Reverse(self.files[*i].ordinal));
        for (i, text) in &texts {
            self.parse(*i, text);
        }
        self.add_inline_partials();
        let tree = self.build_tree();
        let classic = self.classic_index();
        Inner {
            tree,
            classic,
            base: self.base,
            apart: self.apart,
            composed: Mutex::new(HashMap::new()),
            partial_cache: Mutex::new(HashMap::new()),
            lookups: std::sync::RwLock::new(HashMap::new()),
            partials: Mutex::new(HashMap::new()),
            warnings: Mutex::new(self.warnings),
            errors: self.errors,
            files: self.files,
            unknown: self.unknown,
            opts: self.opts,
        }
    }

    fn add_file(&mut self, rel: &str, display: &str, ordinal: usize, embedded: bool) -> usize {
        let path = LayoutPath::parse(rel, &self.opts.formats, &self.opts.languages);
        self.files.push(TemplateFile {
            rel: rel.to_string(),
            display: display.to_string(),
            name: rel.to_string(),
            ordinal,
            embedded,
            inline: false,
            needs_base: false,
            path,
        });
        self.files.len() - 1
    }

    fn parse(&mut self, i: usize, text: &str) {
        let f = &mut self.files[i];
        let layout = matches!(f.path.category, Category::Layout);
        f.needs_base = layout && crate::path::needs_base(text);
        let apart = f.needs_base || f.path.category == Category::Baseof;
        let mut opts = ParseOptions::new(&f.name).with_error_name(&f.display);
        opts.max_depth = MAX_PARSE_DEPTH;
        let display = f.display.clone();
        let result = if apart {
            gotemplate::parse::parse(text, &opts, self.base.funcs()).map(|trees| {
                self.apart
                    .insert(i, trees.into_iter().map(Arc::new).collect());
            })
        } else {
            self.base.parse_with(text, &opts)
        };
        if let Err(e) = result {
            self.errors.push(Error::from_parse(e));
        }
        self.note_unknown(&display, text);
        if !self.files[i].embedded {
            for (line, col, message) in crate::deprecated::find(text) {
                self.warnings.insert(Warning {
                    file: display.clone(),
                    line,
                    col,
                    message: message.to_string(),
                });
            }
        }
    }

    /// Turns the unknown function names met while parsing a file into warnings located at
    /// their first use.
    fn note_unknown(&mut self, display: &str, text: &str) {
        let names: Vec<String> =
            std::mem::take(&mut *self.unknown.lock().unwrap_or_else(|e| e.into_inner()));
        for name in names {
            let (line, col) = locate(text, &name);
            self.warnings.insert(Warning {
                file: display.to_string(),
                line,
                col,
                message: format!("function {name:?} is not implemented: it yields nothing"),
            });
        }
    }

    /// `{{ define "partials/x" }}` in any template is the partial `x` (Hugo's inline
    /// partials).
    fn add_inline_partials(&mut self) {
        let mut names: Vec<(String, Arc<Tree>)> = Vec::new();
        // Hugo 0.111 keeps the definitions of base templates and of the layouts that fill
        // them out of the partials' reach.
        let apart = match self.opts.generation {
            Generation::Current => self.apart.values().collect(),
            Generation::Classic => Vec::new(),
        };
        for trees in apart {
            for t in trees {
                if is_inline_partial(&t.name) {
                    names.push((t.name.to_string(), t.clone()));
                }
            }
        }
        for (name, t) in names {
            self.base.add_shared_tree(&name, t);
        }
        let files: BTreeSet<&str> = self.files.iter().map(|f| f.name.as_str()).collect();
        let inline: Vec<String> = self
            .base
            .names()
            .into_iter()
            .filter(|n| is_inline_partial(n) && !files.contains(n))
            .map(str::to_string)
            .collect();
        for name in inline {
            let file = name.trim_start_matches('_');
            let rel = if file.rsplit('/').next().is_some_and(|b| b.contains('.')) {
                file.to_string()
            } else {
                format!("{file}.html")
            };
            let defined_in = self.base.lookup(&name).map(|t| t.parse_name.to_string());
            let display = format!("{}#{name}", defined_in.unwrap_or_default());
            let i = self.add_file(&rel, &display, 0, false);
            let f = &mut self.files[i];
            f.name = name;
            f.inline = true;
        }
    }

    fn build_tree(&self) -> current::Tree {
        let mut tree = current::Tree::default();
        tree.site = Some(current::Site {
            default_lang: self.opts.default_language.clone(),
            default_output_format: "html".into(),
        });
        let mut legacy = Vec::new();
        for (i, f) in self.files.iter().enumerate() {
            if !self.apart.contains_key(&i) && self.base.lookup(&f.name).is_none() {
                continue; // did not parse
            }
            if f.embedded && f.path.category == Category::Markup && !self.embedded_hook_applies(f) {
                continue;
            }
            if f.path.category == Category::Markup && !f.path.name.starts_with("render-") {
                continue;
            }
            let Some(e) = self.entry(i, f) else { continue };
            if !f.embedded && f.path.original.matches('/').count() <= 2 {
                for (ord, to, kind, base) in current::legacy_targets(&f.path, &self.opts.taxonomies)
                {
                    legacy.push((ord, to, kind, base, e.clone()));
                }
            }
            let partial_desc_default = e.category == Category::Partial;
            let mut e = e;
            if partial_desc_default && e.desc.output_format.is_empty() {
                e.desc.output_format = "html".into();
                e.desc.media_type = "text/html".into();
            }
            tree.insert(e, false);
        }
        // Each target keeps the mapping of the lowest ordinal.
        legacy.sort_by_key(|l| l.0);
        let mut done = BTreeSet::new();
        for (_, to, kind, base, mut e) in legacy {
            if !done.insert((to.clone(), kind, base, e.desc.output_format.clone())) {
                continue;
            }
            e.key = to;
            e.category = if base {
                Category::Baseof
            } else {
                Category::Layout
            };
            e.desc.kind = kind.to_string();
            e.desc.layout.clear();
            tree.insert(e, true);
        }
        tree.finish();
        tree
    }

    fn embedded_hook_applies(&self, f: &TemplateFile) -> bool {
        let hook = f.path.name.as_str();
        if hook == "render-link" || hook == "render-image" {
            return self.opts.embedded_link_image_hooks;
        }
        true
    }

    fn entry(&self, i: usize, f: &TemplateFile) -> Option<Entry> {
        let p = &f.path;
        let (_, media) = self.opts.formats.resolve(&p.output_format, &p.ext);
        let plain = self
            .opts
            .formats
            .by_name(&p.output_format)
            .is_some_and(|o| o.is_plain_text);
        let (key, name) = current::key_of(p);
        Some(Entry {
            category: p.category,
            key,
            name,
            desc: current::desc_of(p, &media, plain),
            file: i,
            ordinal: f.ordinal,
            embedded: f.embedded,
            path: p.path.clone(),
            identifiers: p.identifiers,
        })
    }

    /// Classic names to files: the relative path, and for ours their `_internal` name with
    /// and without that prefix; the project's over the themes' over ours.
    fn classic_index(&self) -> HashMap<String, usize> {
        let mut m: HashMap<String, usize> = HashMap::new();
        for (i, f) in self.files.iter().enumerate() {
            let keys = if f.embedded {
                let name = f.name.trim_start_matches("_internal/");
                vec![f.name.clone(), name.to_string()]
            } else {
                vec![f.rel.to_lowercase()]
            };
            for key in keys {
                let keep = m
                    .get(&key)
                    .is_some_and(|&j| self.files[j].ordinal <= f.ordinal);
                if !keep {
                    m.insert(key, i);
                }
            }
        }
        m
    }
}

fn is_inline_partial(name: &str) -> bool {
    name.starts_with("partials/") || name.starts_with("_partials/")
}

/// The line (from 1) and column (from 0) of the first use of the function `needle` (its
/// first dotted part) inside an action of `text`; (0, 0) if not found.
fn locate(text: &str, needle: &str) -> (usize, usize) {
    let first = needle.split('.').next().unwrap_or(needle);
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    let mut from = 0;
    while let Some(off) = text[from..].find(first) {
        let pos = from + off;
        from = pos + first.len();
        let before = text[..pos].chars().next_back();
        let after = text[pos + first.len()..].chars().next();
        let whole =
            !before.is_some_and(|c| ident(c) || c == '.' || c == '$') && !after.is_some_and(ident);
        let in_action = text[..pos].rfind("{{") > text[..pos].rfind("}}");
        if whole && in_action {
            let line = text[..pos].matches('\n').count() + 1;
            let col = pos - text[..pos].rfind('\n').map_or(0, |n| n + 1);
            return (line, col);
        }
    }
    (0, 0)
}

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
    fn cached(&self, key: &str) -> Option<Cached> {
        let lookups = self.lookups.read().unwrap_or_else(|e| e.into_inner());
        lookups.get(key).copied()
    }

    fn remember(&self, key: String, value: Cached) {
        let mut lookups = self.lookups.write().unwrap_or_else(|e| e.into_inner());
        lookups.insert(key, value);
    }

    fn query(&self, q: &PageQuery) -> Query {
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

    fn lookup_page_current(&self, q: &PageQuery) -> Option<Resolved> {
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

    fn classic_descriptor(&self, q: &PageQuery) -> classic::Descriptor {
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

    fn classic_first(&self, names: &[String]) -> Option<usize> {
        names.iter().find_map(|n| {
            let i = *self.classic.get(&n.to_lowercase())?;
            let f = &self.files[i];
            (f.embedded || !matches!(f.path.category, Category::Partial | Category::Shortcode))
                .then_some(i)
        })
    }

    fn lookup_page_classic(&self, q: &PageQuery) -> Option<Resolved> {
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

    fn lookup_shortcode_current(
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

    fn lookup_shortcode_classic(&self, name: &str, q: &PageQuery) -> Result<usize, Error> {
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

    fn lookup_hook_current(&self, hook: &str, variant: &str, q: &PageQuery) -> Option<usize> {
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

    fn lookup_hook_classic(&self, hook: &str, variant: &str, q: &PageQuery) -> Option<usize> {
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

    fn lookup_view(&self, q: &PageQuery, name: &str) -> Option<usize> {
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

    fn lookup_alias(&self) -> Option<usize> {
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

    fn find_partial(&self, name: &str) -> Option<usize> {
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
                let p = LayoutPath::parse(
                    &format!("_partials/{n}"),
                    &self.opts.formats,
                    &self.opts.languages,
                );
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

    fn exists(&self, name: &str) -> bool {
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

    fn set_for(&self, r: Resolved) -> Arc<Set> {
        let mut composed = self.composed.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(s) = composed.get(&r) {
            return s.clone();
        }
        let mut set = self.base.clone();
        for f in r.base.iter().chain(std::iter::once(&r.template)) {
            for t in self.apart.get(f).into_iter().flatten() {
                set.add_shared_tree(&t.name.clone(), t.clone());
            }
        }
        let set = Arc::new(set);
        composed.insert(r, set.clone());
        set
    }

    fn execute(&self, r: Resolved, data: &Value) -> Result<String, Error> {
        let name = match r.base {
            Some(b) => self.files[b].name.clone(),
            None => self.files[r.template].name.clone(),
        };
        let apart = r.base.is_some() || self.apart.contains_key(&r.template);
        let mut out = String::new();
        let result = if apart {
            self.set_for(r).execute(&name, data, &mut out)
        } else {
            self.base.execute(&name, data, &mut out)
        };
        result.map_err(Error::from_exec)?;
        Ok(out)
    }

    pub(crate) fn partial(&self, name: &str, data: &Value) -> Result<Value, Error> {
        let Some(i) = self.lookup_partial(name) else {
            return Err(Error::NotFound {
                what: format!("partial {name:?} not found"),
            });
        };
        let _guard = DepthGuard::enter(name)?;
        let f = &self.files[i];
        let mut out = String::new();
        let outcome = self
            .base
            .execute(&f.name, data, &mut out)
            .map_err(Error::from_exec)?;
        Ok(match outcome {
            gotemplate::Outcome::Returned(v) => v,
            gotemplate::Outcome::Done if f.path.ext == "html" || f.path.ext.is_empty() => {
                Value::Safe(gotemplate::SafeKind::Html, out.into())
            }
            gotemplate::Outcome::Done => Value::String(out.into()),
        })
    }

    pub(crate) fn partial_cached(
        &self,
        name: &str,
        data: &Value,
        variants: &[Value],
    ) -> Result<Value, Error> {
        let mut key = name.to_string();
        for v in variants {
            key.push('\u{1}');
            key.push_str(&gotemplate::fmt::sprint(std::slice::from_ref(v)));
        }
        if let Some(v) = self
            .partial_cache
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&key)
        {
            return Ok(v.clone());
        }
        let v = self.partial(name, data)?;
        self.partial_cache
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, v.clone());
        Ok(v)
    }

    pub(crate) fn warn(&self, message: String) {
        self.warnings
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(Warning {
                file: String::new(),
                line: 0,
                col: 0,
                message,
            });
    }

    fn note_unknown(&self, file: &str, _text: Option<&str>) {
        let names: Vec<String> =
            std::mem::take(&mut *self.unknown.lock().unwrap_or_else(|e| e.into_inner()));
        let mut w = self.warnings.lock().unwrap_or_else(|e| e.into_inner());
        for name in names {
            w.insert(Warning {
                file: file.to_string(),
                line: 0,
                col: 0,
                message: format!("function {name:?} is not implemented: it yields nothing"),
            });
        }
    }
}

thread_local! {
    static USER: std::cell::RefCell<Option<Arc<dyn Any + Send + Sync>>> =
        const { std::cell::RefCell::new(None) };
}

/// The host's data of the execution running on this thread (see
/// [`Store::execute_with_user`]): how a host function knows the page or language it serves.
pub fn current_user() -> Option<Arc<dyn Any + Send + Sync>> {
    USER.with(|u| u.borrow().clone())
}

/// Sets the current user data and restores the previous one when dropped, so nested
/// executions (a shortcode rendered from inside a page's template) keep theirs.
struct UserGuard(Option<Arc<dyn Any + Send + Sync>>);

impl UserGuard {
    fn set(user: Option<Arc<dyn Any + Send + Sync>>) -> UserGuard {
        UserGuard(USER.with(|u| u.replace(user)))
    }
}

impl Drop for UserGuard {
    fn drop(&mut self) {
        let previous = self.0.take();
        USER.with(|u| *u.borrow_mut() = previous);
    }
}

/// How deep controls may nest in a theme's template. Each `{{ else if }}` nests one level in
/// Go's tree, and PaperMod's `svg.html` chains 147 of them; at the engine's 2.9 KiB a level
/// (debug build) 300 levels still fit a 2 MiB thread stack.
const MAX_PARSE_DEPTH: usize = 300;

/// How deep partials nest on this thread: Hugo stops at a call stack it deems too deep, and
/// so must we, before the thread's stack runs out.
const MAX_PARTIAL_DEPTH: usize = 100;

thread_local! {
    static DEPTH: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

struct DepthGuard;

impl DepthGuard {
    fn enter(name: &str) -> Result<DepthGuard, Error> {
        let d = DEPTH.with(|d| d.get());
        if d >= MAX_PARTIAL_DEPTH {
            return Err(Error::NotFound {
                what: format!("maximum template call stack size exceeded in {name:?}"),
            });
        }
        DEPTH.with(|c| c.set(d + 1));
        Ok(DepthGuard)
    }
}

impl Drop for DepthGuard {
    fn drop(&mut self) {
        DEPTH.with(|c| c.set(c.get().saturating_sub(1)));
    }
}

/// The functions only the store can give: partials, `templates.*`, `return`.
fn store_functions(weak: Weak<Inner>) -> Vec<(&'static str, HostFunction)> {
    let mut out: Vec<(&'static str, HostFunction)> = Vec::new();
    let w = weak.clone();
    let partial: HostFunction = Arc::new(move |args: &[Value]| {
        let inner = w.upgrade().ok_or("template store dropped")?;
        let (name, data) = name_and_data(args, "partial")?;
        inner
            .partial(&name, &data)
            .map_err(|e| e.to_string().into())
    });
    let w = weak.clone();
    let cached: HostFunction = Arc::new(move |args: &[Value]| {
        let inner = w.upgrade().ok_or("template store dropped")?;
        let (name, data) = name_and_data(args, "partialCached")?;
        let variants = args.get(2..).unwrap_or(&[]);
        inner
            .partial_cached(&name, &data, variants)
            .map_err(|e| e.to_string().into())
    });
    let w = weak.clone();
    let exists: HostFunction = Arc::new(move |args: &[Value]| {
        let inner = w.upgrade().ok_or("template store dropped")?;
        let name = args.first().and_then(Value::as_str).unwrap_or("");
        Ok(Value::Bool(inner.exists(name)))
    });
    let w = weak;
    let defer: HostFunction = Arc::new(move |args: &[Value]| {
        if let Some(inner) = w.upgrade() {
            inner.warn("templates.Defer runs its block in place, not after the site".into());
        }
        let data = match args.first() {
            Some(Value::Map(m)) => m.get(&"data".into()).cloned(),
            _ => None,
        };
        Ok(data.filter(Value::truth).unwrap_or(Value::Bool(true)))
    });
    let ret: HostFunction = Arc::new(|args: &[Value]| {
        Err(gotemplate::CallError::Return(
            args.first().cloned().unwrap_or(Value::String("".into())),
        ))
    });
    for name in ["partial", "partials.Include"] {
        out.push((name, partial.clone()));
    }
    for name in ["partialCached", "partials.IncludeCached"] {
        out.push((name, cached.clone()));
    }
    out.push(("templates.Exists", exists));
    out.push(("templates.Defer", defer));
    out.push(("return", ret));
    out
}

fn name_and_data(args: &[Value], f: &str) -> Result<(String, Value), gotemplate::CallError> {
    let name = args
        .first()
        .and_then(Value::as_str)
        .ok_or_else(|| format!("{f}: the first argument must be the partial's name"))?;
    Ok((name.to_string(), args.get(1).cloned().unwrap_or(Value::Nil)))
}

/// A layouts folder of a site: `layouts` in the project, `themes/NAME/layouts` for each theme.
pub fn site_layouts(site: &Path, themes_dir: &str, themes: &[String]) -> Vec<LayoutsDir> {
    let mut out = vec![LayoutsDir {
        dir: site.join("layouts"),
        label: "layouts".into(),
    }];
    for t in themes {
        out.push(LayoutsDir {
            dir: site.join(themes_dir).join(t).join("layouts"),
            label: format!("{themes_dir}/{t}/layouts"),
        });
    }
    out
}
