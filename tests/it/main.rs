//! End-to-end tests: one binary, a module per feature, a fixture site per module under
//! `tests/fixtures/`. Fixtures are copied into a temp dir before building; nothing is
//! written into `tests/`.

mod common;

mod browser;
mod build;
mod cache;
mod check;
mod deploy;
mod highlight;
mod hugo_binding;
mod languages;
mod limits;
mod rich;
mod scaffold;
mod search;
mod serve;
mod shortcodes;
mod structure;
mod theme;
mod theme_values;
mod values;
mod writes;
