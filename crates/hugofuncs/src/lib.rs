//! Hugo's template functions as plain Rust functions over [`gotemplate::Value`]s.
//!
//! Every function takes its arguments as a slice and returns a [`CallResult`], so a host
//! registers them in bulk: [`functions`] maps every name and alias Hugo accepts (`where` and
//! `collections.Where`, `T` and `i18n`, ...) to a [`Function`], and [`bind`] turns that map into
//! callables that carry the site's [`Env`]. The behaviour followed is Hugo 0.168's; where an
//! older Hugo (0.111, Debian's) differs, the function's doc comment says how.
//!
//! What needs the site itself is left to the host, which registers these names over (or
//! beside) ours: `partial`, `partialCached`, `partials.Include`, `partials.IncludeCached`,
//! `templates.Exists`, `templates.Defer`, `resources.*` (`resources.Get`, `resources.ToCSS`,
//! `fingerprint`, `minify`, ...), `images.*`, `i18n`/`T`/`lang.Translate`, `lang.Merge`,
//! `ref`/`relref`/`urls.Ref`/`urls.RelRef`, `markdownify`/`transform.Markdownify`,
//! `highlight`/`transform.Highlight`, `transform.ToMath`, `transform.Unmarshal` of a resource,
//! `getJSON`/`getCSV`/`data.*`, `os.ReadFile`/`readFile`, `os.FileExists`/`fileExists`,
//! `os.ReadDir`/`readDir`, `hugo` (`hugo.Version`, `hugo.Environment`, ...), `site`, `page`,
//! `openapi3.Unmarshal`, `js.*`, `css.*`, `babel`, `postCSS`, `diagrams.*`, `inflect` is ours.

mod cast;
pub mod collections;
pub mod compare;
pub mod crypto;
pub mod encoding;
mod env;
pub mod fmt;
pub mod inflect;
pub mod lang;
pub mod math;
pub mod misc;
pub mod path;
mod registry;
pub mod safe;
pub mod sort;
pub mod strings;
pub mod time;
pub mod transform;
pub mod urls;
mod where_;

pub use env::{Env, Message, MessageLevel, TitleCaseStyle};
pub use registry::{bind, functions, is_pipes_function, Function, HOST_FUNCTIONS};
pub use time::{Location, Time};

pub use gotemplate::{CallError, CallResult, Value};
