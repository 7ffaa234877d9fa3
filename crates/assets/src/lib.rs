//! Hugo Pipes in Rust, knowing nothing of the site: resources and their transformations
//! (`Concat`, `FromString`, `Copy`, `Minify`, `Fingerprint`), Sass, minification, image
//! processing with a disk cache, and data files.
//!
//! The site layer finds files (the union of the site's and the themes' `assets/`, mounts),
//! decides what is published and when; this crate turns bytes into bytes:
//!
//! - [`Resource`]: a name, a [`MediaType`], shared bytes, `.Title`, `.Params`, `.Data`, and
//!   where it is published ([`Resource::rel_permalink`]). [`Resource::fingerprint`],
//!   [`concat`], [`Resource::copy`], [`Resource::from_string`], [`Resource::minify`].
//! - [`sass::to_css`]: SCSS and Sass through `grass`, files found by a [`sass::FileLookup`].
//! - [`minify`]: HTML, CSS, JS, JSON, SVG, XML with Hugo's `[minify]` options.
//! - [`image`]: decode with limits, `Resize`/`Fit`/`Fill`/`Crop`/`Filter`/`Process`, Hugo's
//!   option grammar, EXIF, encoders, and [`image::ImageProcessor`] with its disk cache.
//! - [`data`]: YAML, TOML, JSON, CSV, XML into an ordered [`serde_json::Value`].
//!
//! Errors are one [`Error`] type whose variants carry the file and, for text, the line and
//! column.

pub mod data;
mod error;
pub mod image;
pub mod media;
pub mod minify;
mod resource;
pub mod sass;

pub use error::{Error, Result};
pub use media::MediaType;
pub use minify::MinifyOptions;
pub use resource::{concat, Algorithm, Resource};
