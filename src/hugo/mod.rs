//! Hugo themes bound to the site: a site whose `layouts/` or theme holds Go templates is
//! rendered through `hugotheme::Store` instead of tera. This module owns that binding and
//! nothing below depends on it:
//!
//! - [`view`]: the site as Hugo's templates see it, built once per render from `Site`.
//! - [`objects`]: Hugo's page, pages, site, menu, taxonomy and paginator values over it.
//! - [`host`]: the site's functions for the store (`site`, `hugo`, `i18n`, `ref`, ...).
//! - [`Engine`]: the store of one language and how a node is rendered in an output format;
//!   the render steps themselves are in `site/hugo_steps.rs`, beside the tera steps, so
//!   every file still goes through the one writer.

pub mod host;
pub mod objects;
pub mod view;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use gotemplate::Value;
use hugotheme::{Escaping, Generation, LayoutsDir, Options, PageQuery, Store};

use crate::config::Config;
use crate::error::{Error, Location};
use crate::Result;
use objects::{PageObj, RenderState};
use view::View;

/// The Hugo templates of one language's site, twice over as Hugo has them: run as
/// html/template for HTML-like output formats and as text/template for plain-text ones
/// (JSON, CSV, robots.txt, ...), where escaping would break the output (PaperMod's
/// `index.json` came out with every quote as `&#34;`). A partial called from both keeps
/// the two apart, since each set escapes its own trees.
pub struct Engine {
    pub store: Store,
    pub text_store: Store,
    pub host: Arc<host::Host>,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("store", &self.store)
            .finish()
    }
}

/// A rendered output of one node: its text, and how many pagers its paginator made
/// (`None`: it made none).
pub struct Rendered {
    pub text: String,
    pub pagers: Option<usize>,
}

impl Engine {
    /// Loads the site's `layouts/` and its themes'; a template that does not parse is an
    /// error naming its file, line and column.
    pub fn load(
        root: &Path,
        config: &Config,
        themes: &[PathBuf],
        i18n: crate::i18n::I18n,
    ) -> Result<Engine> {
        let mut dirs = vec![LayoutsDir {
            dir: root.join("layouts"),
            label: "layouts".into(),
        }];
        for t in themes {
            let shown = t.strip_prefix(root).unwrap_or(t);
            dirs.push(LayoutsDir {
                dir: t.join("layouts"),
                label: format!("{}/layouts", shown.display()),
            });
        }
        let opts = Options {
            generation: Generation::Current,
            languages: config.languages.iter().map(|l| l.code.clone()).collect(),
            default_language: config.default_language.clone(),
            taxonomies: config.taxonomies.clone(),
            escaping: Escaping::Html,
            ..Options::default()
        };
        let host = Arc::new(host::Host::new(config, i18n));
        let text_opts = Options {
            escaping: Escaping::Text,
            ..opts.clone()
        };
        let store = Store::load(&dirs, opts, host.as_ref());
        let errors: Vec<Error> = store.errors().iter().map(template_error).collect();
        Error::collect(errors)?;
        let text_store = Store::load(&dirs, text_opts, host.as_ref());
        Ok(Engine {
            store,
            text_store,
            host,
        })
    }

    /// The store that runs templates of output format `format`.
    fn store_for(&self, format: &str) -> &Store {
        let formats = &self.store.options().formats;
        match formats.by_name(format) {
            Some(f) if f.is_plain_text => &self.text_store,
            _ => &self.store,
        }
    }

    /// Renders node `i` of `view` in `format` (`html`, `rss`, `json`), as pager `pager`;
    /// `None` when the theme has no template for it.
    pub fn render(
        &self,
        view: &Arc<View>,
        i: usize,
        format: &str,
        pager: usize,
    ) -> std::result::Result<Option<Rendered>, hugotheme::Error> {
        let n = view.node(i);
        let kind = n.kind.map_or("page", |k| k.name());
        let q = PageQuery {
            kind: kind.into(),
            path: n.hugo_path.clone(),
            section: n.section.clone(),
            typ: n.type_given.clone(),
            layout: n.layout.clone(),
            output_format: format.into(),
            lang: view.site.lang.clone(),
        };
        let store = self.store_for(format);
        let Some(r) = store.lookup_page(&q) else {
            return Ok(None);
        };
        let state = Arc::new(RenderState {
            pager,
            output_format: format.into(),
            ..RenderState::default()
        });
        let page = Value::Object(Arc::new(PageObj {
            view: view.clone(),
            i,
            render: Some(state.clone()),
        }));
        let user = Arc::new(host::Current {
            view: view.clone(),
            page: page.clone(),
        });
        let text = store.execute_with_user(r, &page, user)?;
        Ok(Some(Rendered {
            text,
            pagers: state.paginator.get().map(|p| p.total_pages()),
        }))
    }

    /// The redirect page from an alias to `target` (a node).
    pub fn render_alias(
        &self,
        view: &Arc<View>,
        target: usize,
    ) -> std::result::Result<Option<String>, hugotheme::Error> {
        let Some(t) = self.store.lookup_alias() else {
            return Ok(None);
        };
        let page = PageObj::value(view, target);
        let data = objects::map(vec![
            (
                "Permalink",
                Value::from(view.node(target).permalink.as_str()),
            ),
            ("Page", page.clone()),
        ]);
        let user = Arc::new(host::Current {
            view: view.clone(),
            page,
        });
        let r = hugotheme::Resolved {
            template: t,
            base: None,
        };
        self.store.execute_with_user(r, &data, user).map(Some)
    }

    /// What the store and the templates reported that does not stop the build.
    pub fn warnings(&self, view: &View) -> Vec<String> {
        // Our embedded templates name functions blog does not have yet; a theme that never
        // runs them need not hear of it (a run-time use is still reported, without place).
        let mut out: Vec<String> = self
            .store
            .warnings()
            .into_iter()
            .chain(self.text_store.warnings())
            .filter(|w| !w.file.starts_with("<embedded>"))
            .map(|w| w.to_string())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        out.extend(
            view.warnings
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .iter()
                .cloned(),
        );
        out.extend(
            self.host
                .unimplemented
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .iter()
                .cloned(),
        );
        for m in self.host.env_handle().take_messages() {
            out.push(m.text);
        }
        out
    }
}

/// A template error as blog's: the theme file, line and column.
pub fn template_error(e: &hugotheme::Error) -> Error {
    match e {
        hugotheme::Error::Parse {
            file,
            line,
            col,
            message,
        } => Error::Template {
            path: PathBuf::from(file),
            location: Some(Location::new(*line, *col)),
            message: message.clone(),
        },
        hugotheme::Error::Execute {
            file,
            line,
            col,
            message,
            ..
        } => Error::Template {
            path: PathBuf::from(file),
            location: (*line > 0).then(|| Location::new(*line, *col)),
            message: message.clone(),
        },
        hugotheme::Error::Io { path, message } => Error::Template {
            path: PathBuf::from(path),
            location: None,
            message: message.clone(),
        },
        hugotheme::Error::NotFound { what } => Error::Other(what.clone()),
    }
}
