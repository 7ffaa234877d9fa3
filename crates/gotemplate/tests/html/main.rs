//! Go's html/template tests (Go 1.25, as Hugo 0.168 carries them), ported as tables and run
//! through html sets.

mod clone;
mod content;
mod escape;
mod escapers;
mod exec;
mod limits;
mod multi;
mod set;
mod support;
mod template;
mod transition;
