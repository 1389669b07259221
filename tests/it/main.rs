//! Integration tests, driven by the data files under `tests/data/`.

mod invalid;
