//! Hugo's template store, over the Go-template engine: the layouts of a project and its themes
//! (classic `_default/`, `partials/`, `shortcodes/` and 0.146+ `_partials/`, `_shortcodes/`,
//! `_markup/`, `home.html`, `page.html`, ...), Hugo's lookup of a page's template as 0.111 and
//! as 0.168 do it ([`Generation`]), base templates with `block`/`define`, partials (`partial`,
//! `partialCached`, `return`, inline partials, `templates.Exists`), shortcode and render-hook
//! lookup, and our own versions of the templates Hugo embeds.
//!
//! It knows nothing of a site: a [`SiteHost`] gives the site-dependent functions (`site`,
//! `hugo`, `i18n`, `resources.Get`, ...) and the settings Hugo's functions read; the pages
//! and the site reach templates as the data a caller executes them with.
//!
//! - [`path`]: a layout file's name read into kind, layout, output format, language.
//! - [`current`]: 0.146+'s weighted template tree; [`classic`]: the older candidate lists.
//! - [`Store`]: the public face; loading (`load.rs`), lookups (`lookup.rs`) and execution
//!   (`exec.rs`) live in modules of their own.
//! - [`funcs`]: the function table (namespaces, unknown names as warnings).

pub mod classic;
pub mod current;
mod deprecated;
mod embedded;
mod error;
mod exec;
pub mod formats;
pub mod funcs;
mod hugo_return;
mod load;
mod lookup;
pub mod path;
mod store;

use std::sync::Arc;

pub use error::{Error, Warning};
pub use exec::current_user;
pub use formats::{Formats, OutputFormat};
pub use funcs::HostFunction;
pub use store::{
    site_layouts, Escaping, Generation, LayoutsDir, Options, PageQuery, Resolved, Store,
    TemplateFile,
};

/// What a site gives the template store: the settings of Hugo's functions and the functions
/// that need the site.
pub trait SiteHost: Send + Sync {
    /// The settings hugofuncs' functions read (base URL, language, time zone, ...).
    fn env(&self) -> Arc<hugofuncs::Env>;

    /// Site-dependent functions by Hugo name, dotted for namespaces (`site`, `hugo`, `i18n`,
    /// `T`, `ref`, `resources.Get`, ...). They replace ours of the same name. A function that
    /// depends on the page being rendered reads it with [`current_user`]; one that needs the
    /// store itself (to render a page's `.Content` with shortcodes) can capture a
    /// `OnceLock<Store>` filled once [`Store::load`] returns.
    fn functions(&self) -> Vec<(String, HostFunction)> {
        Vec::new()
    }
}

/// A host with no site: Hugo's site-independent functions only.
#[derive(Debug, Default)]
pub struct NoSite;

impl SiteHost for NoSite {
    fn env(&self) -> Arc<hugofuncs::Env> {
        Arc::new(hugofuncs::Env::default())
    }
}
