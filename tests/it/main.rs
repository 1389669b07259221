//! Integration tests, one binary.

mod emergent;
