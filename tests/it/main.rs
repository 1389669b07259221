//! Integration tests, driven by the data files under `tests/data/`, and property tests against a
//! brute-force reference.

// Tests may unwrap and panic: a panic is how a test fails.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

mod cli;
mod emergent;
mod fuzz_regressions;
mod hostile;
mod invalid;
mod pathological;
mod properties;
mod reference;
mod render;
mod reports;
mod worked_example;
