//! End-to-end tests: serve.
