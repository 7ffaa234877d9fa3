//! Go's own tests of `text/template`, ported as tables: the conformance suite.
//!
//! COUNTS (filled in below as modules are ported).

mod lex;
mod parse;
