//! html/template's contextual escaping: the part that works on strings and contexts, and the
//! tree pass (`tree.rs`, Go's `escape.go`) that walks a set's parsed templates, calls it at
//! each node and inserts escapers into the pipelines. A host uses it through
//! [`Set::new_html`](crate::Set::new_html); the string-level API below is public for tests
//! and tools.
//!
//! # The API the tree pass glues together
//!
//! - [`Context`]: where the output is (HTML text, a tag, an attribute value of some kind, a
//!   script, a JS string, a style sheet, a URL part...). [`Context::default()`] is the start
//!   of a template; a template must end in text ([`Context::check_end`]).
//! - **Text nodes**: [`context_after_text`]`(ctx, text)` gives the context after the text and
//!   the text as html/template emits it (comments removed, stray `<` as `&lt;`, `</script`
//!   in JS strings as `\x3C/script`). Errors come back as a context in the error state
//!   ([`Context::err`]), as in Go, so they flow through `join` to the end of the template.
//! - **Actions**: [`escape_action`]`(ctx, &Action)` gives the escapers the action needs, in
//!   order, and the context after it ([`escapers_for`] is the same table without the checks
//!   on the pipeline). [`ensure_pipeline_contains`] then says how the pipeline is rewritten:
//!   which original commands stay, and which escapers are appended by name
//!   ([`Escaper::name`]: `_html_template_htmlescaper`, ...). An action that assigns a
//!   variable gets no escaper.
//! - **Branches**: [`join`]`(a, b, "if")` is the context after an `if`/`with`/`range` whose
//!   branches end in `a` and `b`; [`nudge`] is what `join` and actions apply first. A range
//!   body is joined with itself run twice; Go's messages for those cases are
//!   [`Error::on_range_reentry`] and [`Error::at_range_loop`].
//! - **Template calls**: `{{template "t"}}` in a context other than text calls a copy of `t`
//!   escaped for that context, named [`Context::mangle`]`("t")`
//!   (`t$htmltemplate_stateRCDATA_elementTextarea`); [`Error::no_such_template`],
//!   [`Error::incomplete_template`] and [`Error::cannot_compute_output`] are Go's messages.
//! - **Execution**: the rewritten pipeline calls [`escape`]`(escaper, args)` with the
//!   pipeline's value (one argument; several for `_eval_args_`).
//!
//! # Values
//!
//! Escapers print their arguments as Go's `fmt.Sprint` (through [`crate::fmt`]); a typed
//! string ([`Value::Safe`](crate::Value::Safe)) passes the escapers for its own context
//! unescaped. [`Value::Nil`](crate::Value::Nil) and [`Value::NoValue`](crate::Value::NoValue)
//! are Go's untyped nil there (a nil interface, a missing map key) and print as nothing, as
//! `null` in JS. In JS, values are JSON as Go's `encoding/json` writes them.
//!
//! This follows Go 1.24/1.25's html/template, as Hugo 0.168 carries it: template literals
//! with `${...}` tracked through brace depths, `<!--`, `-->` and `#!` comments in JS,
//! `</script` and friends in JS literals, and `<script type>`s that are not JS read as text.

mod action;
mod attr;
mod content;
mod context;
pub mod css;
mod entity;
mod entity_table;
mod error;
mod escaper;
pub mod js;
mod json;
mod markup;
mod text;
pub mod transition;
pub(crate) mod tree;
mod url;

pub use action::{
    ensure_pipeline_contains, escape_action, escapers_for, Action, Command, PipeItem,
};
pub use attr::{attr_type, ContentType};
pub use content::eval_args;
pub use context::{join, nudge, Attr, Context, Delim, Element, JsCtx, State, UrlPart};
pub use entity::unescape_string;
pub use error::{Error, ErrorCode, Location};
pub use escaper::{escape, Escaper};
pub use markup::strip_tags;
pub use text::context_after_text;
pub use tree::{MAX_ESCAPE_DEPTH, MAX_ESCAPE_STEPS};

/// What a filter emits in place of an unsafe value: not a keyword anywhere, no specials,
/// and easy to search for when it shows up in a page.
pub const FILTER_FAILSAFE: &str = "ZgotmplZ";
