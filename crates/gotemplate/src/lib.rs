//! Go's `text/template` and `html/template`, in Rust, with no knowledge of any host.
//!
//! A host (blog's Hugo layer) feeds values through a small trait and registers functions;
//! this crate parses templates, escapes them as `html/template` does, and executes them.

pub mod fmt;
pub mod html;
pub mod value;

pub use value::{CallError, CallResult, Callable, MapKey, Object, SafeKind, Value};
