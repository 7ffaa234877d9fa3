//! The template store: loads the layouts of a project and its themes, parses them into one
//! Go-template set (base templates and the layouts that fill them kept apart, composed per
//! page template on first use), answers Hugo's lookups and executes.

use std::any::Any;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, Weak};

use gotemplate::{Set, Tree, Value};

use crate::current;
use crate::error::{Error, Warning};
use crate::exec::{store_functions, UserGuard};
use crate::formats::Formats;
use crate::funcs::FunctionTable;
use crate::load::{read_layouts, Loader};
use crate::lookup::Cached;
use crate::path::LayoutPath;
use crate::SiteHost;

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

pub(crate) struct Inner {
    pub(crate) opts: Options,
    pub(crate) files: Vec<TemplateFile>,
    pub(crate) tree: current::Tree,
    /// Classic names (relative paths) to files; the project's over the themes'.
    pub(crate) classic: HashMap<String, usize>,
    pub(crate) base: Set,
    /// The parsed trees of layouts that need a base and of base templates.
    pub(crate) apart: HashMap<usize, Vec<Arc<Tree>>>,
    pub(crate) composed: Mutex<HashMap<Resolved, Arc<Set>>>,
    /// Inline shortcodes (`{{< name.inline >}}...{{< /name.inline >}}`) by their key.
    pub(crate) inline_shortcodes: Mutex<HashMap<String, Arc<Set>>>,
    pub(crate) partial_cache: Mutex<HashMap<String, Value>>,
    pub(crate) lookups: std::sync::RwLock<HashMap<String, Cached>>,
    /// Partial names as called to the template they find.
    pub(crate) partials: Mutex<HashMap<String, Option<usize>>>,
    pub(crate) warnings: Mutex<BTreeSet<Warning>>,
    pub(crate) errors: Vec<Error>,
    /// Names of unknown functions met since last drained.
    pub(crate) unknown: Arc<Mutex<BTreeSet<String>>>,
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
        let unknown = Arc::new(Mutex::new(BTreeSet::new()));
        let inner = Arc::new_cyclic(|weak: &Weak<Inner>| {
            for (name, f) in store_functions(weak.clone()) {
                table.insert(name, f);
            }
            let funcs = table.into_funcs(unknown.clone());
            let set = match opts.escaping {
                Escaping::Html => Set::new_html(funcs),
                Escaping::Text => Set::new(funcs),
            };
            Loader::new(opts, set, unknown).run(found)
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
        self.inner.note_unknown_at_run_time();
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

    /// Runs an inline shortcode (Hugo's `enableInlineShortcodes`): `text` defines it under
    /// `key` (Hugo's `_inline_shortcode/PAGE-PATH/NAME.inline`); `None` runs the definition
    /// met before, as a self-closing `{{< name.inline />}}` does.
    pub fn execute_inline_shortcode(
        &self,
        key: &str,
        text: Option<&str>,
        data: &Value,
    ) -> Result<String, Error> {
        self.inner.execute_inline_shortcode(key, text, data)
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
