//! End-to-end tests: scaffold.
