//! Go's `text/template` and `html/template`, in Rust, with no knowledge of any host.
//!
//! A host (blog's Hugo layer) feeds values through a small trait and registers functions;
//! this crate parses templates, escapes them as `html/template` does, and executes them, with
//! Go's semantics and Go's error messages, as Hugo 0.168 runs them (Go 1.24).
//!
//! - [`parse`]: the lexer, parser and parse tree (`text/template/parse`). Parsing is pure:
//!   a text becomes trees; function names are checked and resolved on the way.
//! - [`Set`]: named templates that call each other; Go's redefinition rules; cheap clones.
//!   [`Set::new_html`] makes an `html/template` set, escaped once on first execution.
//! - [`html`]: `html/template`'s contexts, escapers and tree pass; its errors
//!   ([`html::Error`]) are Go's, at the template's file, line and column.
//! - [`Funcs`]: Go's builtins and the host's functions, which get a [`Context`].
//! - [`exec`]: execution into one `String`, with Go's errors at `FILE:LINE:COL`.
//! - [`Value`] and [`Object`]: what templates work on, and the host's own types.
//! - [`fmt`]: Go's `fmt` as templates print.
//!
//! Nesting and recursion are bounded ([`DEFAULT_MAX_DEPTH`], [`DEFAULT_MAX_EXEC_DEPTH`]) so
//! that no template overflows a 2 MiB thread stack; a host running untrusted templates can
//! bound their steps and output too ([`ExecOptions`]).
//!
//! # Example
//!
//! A host type answers fields and methods by name; a host function gets the evaluated
//! arguments (and a [`Context`], to execute other templates as a `partial` does).
//!
//! ```
//! use std::any::Any;
//! use std::sync::Arc;
//!
//! use gotemplate::{CallResult, Funcs, Object, Set, Value};
//!
//! struct Page {
//!     title: String,
//! }
//!
//! impl Object for Page {
//!     fn type_name(&self) -> &str {
//!         "*main.Page"
//!     }
//!
//!     fn get(&self, name: &str, args: &[Value]) -> Option<CallResult> {
//!         match name {
//!             "Title" => Some(Ok(Value::from(self.title.as_str()))),
//!             "Param" => Some(match args {
//!                 [Value::String(key)] if &**key == "lang" => Ok(Value::from("zh")),
//!                 _ => Err("Param wants a known key".into()),
//!             }),
//!             _ => None, // "can't evaluate field X in type *main.Page"
//!         }
//!     }
//!
//!     fn as_any(&self) -> &dyn Any {
//!         self
//!     }
//! }
//!
//! let mut funcs = Funcs::new();
//! funcs.insert("shout", |_ctx, args| Ok(Value::from(gotemplate::fmt::sprint(args).to_uppercase())))?;
//! let mut set = Set::new(funcs);
//! set.parse(
//!     "page",
//!     r#"{{ define "title" }}<h1>{{ .Title | shout }}</h1>{{ end }}{{ template "title" . }} {{ .Param "lang" }}"#,
//! )?;
//! let page = Value::Object(Arc::new(Page { title: "hello".into() }));
//! assert_eq!(set.execute_to_string("page", &page)?, "<h1>HELLO</h1> zh");
//!
//! // Errors are Go's, located in the template.
//! set.parse("bad", "line 1\n{{ .Title.Nope }}")?;
//! let err = set.execute_to_string("bad", &page).unwrap_err();
//! assert_eq!(
//!     err.to_string(),
//!     r#"template: bad:2:9: executing "bad" at <.Title.Nope>: can't evaluate field Nope in type string"#
//! );
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod exec;
pub mod fmt;
pub mod funcs;
pub mod html;
pub mod parse;
mod strconv;
pub mod template;
pub mod value;

pub use exec::{
    Context, ErrorLocation, ExecError, ExecErrorKind, ExecOptions, Executed, Outcome,
    DEFAULT_MAX_EXEC_DEPTH,
};
pub use funcs::{html_escape, js_escape, query_escape, FuncError, Funcs, Function, HostFn};
pub use parse::{ParseError, ParseOptions, Tree, DEFAULT_MAX_DEPTH, MAX_ELSE_LINKS};
pub use strconv::{is_print, quote};
pub use template::{MissingKey, Set};
pub use value::{CallError, CallResult, Callable, MapKey, Object, SafeKind, Value};
