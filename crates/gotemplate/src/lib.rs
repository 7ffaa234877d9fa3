//! Go's `text/template` and `html/template`, in Rust, with no knowledge of any host.
//!
//! A host (blog's Hugo layer) feeds values through a small trait and registers functions;
//! this crate parses templates, escapes them as `html/template` does, and executes them.

pub mod exec;
pub mod fmt;
pub mod funcs;
pub mod parse;
mod strconv;
pub mod template;
pub mod value;

pub use exec::{
    Context, ErrorLocation, ExecError, ExecErrorKind, ExecOptions, Executed, Outcome,
    DEFAULT_MAX_EXEC_DEPTH,
};
pub use funcs::{html_escape, js_escape, query_escape, FuncError, Funcs, Function, HostFn};
pub use parse::{ParseError, ParseOptions, Tree, DEFAULT_MAX_DEPTH};
pub use strconv::{is_print, quote};
pub use template::{MissingKey, Set};
pub use value::{CallError, CallResult, Callable, MapKey, Object, SafeKind, Value};
