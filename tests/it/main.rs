//! The integration tests, one binary driven by the data files under `tests/data`.

// A failed unwrap is a failed test: the lints for library code do not apply here.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

mod worked_example;
