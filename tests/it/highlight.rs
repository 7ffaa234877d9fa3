//! End-to-end tests: highlight.
