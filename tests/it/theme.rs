//! End-to-end tests: theme.
