//! `blog`: a static-site generator for source-analysis notes.
//!
//! The build is a pipeline, and the modules follow it:
//! [`config`] reads `config.toml`; [`content`] loads pages and sections with their front
//! matter; [`markdown`] turns markdown into HTML and highlights code; [`taxonomy`] groups
//! pages by tags and categories; [`templates`] finds and renders tera templates (site, then
//! theme, then the embedded default theme); [`site`] runs the whole build as a list of steps
//! and returns the rendered site in memory; [`output`] is the only module that writes the
//! destination folder. [`serve`] and [`deploy`] stand on top of that, and [`check`] looks
//! for what a reader would find broken in the rendered site.

pub mod beneath;
pub mod check;
pub mod config;
pub mod content;
pub mod deploy;
pub mod error;
pub mod hugo;
pub mod i18n;
pub mod markdown;
pub mod output;
pub mod scaffold;
pub mod serve;
pub mod shortcodes;
pub mod site;
pub mod taxonomy;
pub mod templates;
pub mod timing;
pub mod value;

pub use error::{Error, Result, Warning};
pub use output::{RenderedSite, WriteReport};
pub use site::{build, render_site, BuildOptions, BuildReport, LanguageReport};
