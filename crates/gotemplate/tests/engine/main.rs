//! What this engine promises beyond Go's own tests: what a host needs (overriding builtins, a
//! fallback for unknown functions, partials through the context, `return`, user data, error
//! names apart from template names, many threads), what the html/template pass will need of
//! the tree, and the limits that keep hostile templates bounded.

mod host_api;
mod limits;
mod tree_edits;
