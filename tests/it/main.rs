//! End-to-end tests: one binary, a module per feature, a fixture site per module under
//! `tests/fixtures/`. Fixtures are copied into a temp dir before building; nothing is
//! written into `tests/`.

mod common;

mod browser;
mod build;
mod cache;
mod deploy;
mod highlight;
mod scaffold;
mod search;
mod serve;
mod theme;
