//! The integration tests of claimgraph, one binary.

// Tests may index, unwrap and panic: a failing test is how they report.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

mod properties;
mod reference;
