//! Inputs found by fuzzing (minimized crashes, and a few interesting corpus entries), kept as
//! regression tests. Each file under `tests/data/fuzz/<target>/` goes through what its fuzz
//! target does: read, validate, check, render every format; the answer must be a report or a
//! typed error, and the JSON report must parse.
//!
//! For `pipeline` files the first byte picks the format (even: JSON, odd: TOML) and K, as in
//! the fuzz target; `json_reader` and `toml_reader` files are documents as they are.

use std::fs;
use std::path::Path;

use claimgraph::{Checker, ClaimSet, Format, Limits, LoadError, parse_document};

use crate::render::render_all;

const FOLDER: &str = "tests/data/fuzz";

/// Reads, validates, checks and renders one input; panics (fails) on anything but a report or
/// a typed error.
fn run(name: &str, format: Format, max_set: usize, bytes: &[u8]) {
    let Ok(text) = std::str::from_utf8(bytes) else { return };
    let claims = match parse_document(text, name, format).and_then(|document| ClaimSet::from_documents(vec![document]))
    {
        Ok(claims) => claims,
        Err(LoadError::Invalid(problems)) => {
            assert!(!problems.0.is_empty(), "{name}: an error without problems");
            return;
        }
        Err(other) => panic!("{name}: unexpected error {other:?}"),
    };
    let report = Checker::new(&claims).max_set(max_set).limits(&Limits::default()).check();
    render_all(&report);
}

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let folder = Path::new(FOLDER).join(target);
    let mut found: Vec<(String, Vec<u8>)> = fs::read_dir(&folder)
        .unwrap()
        .map(|entry| {
            let path = entry.unwrap().path();
            (path.display().to_string(), fs::read(&path).unwrap())
        })
        .collect();
    found.sort();
    assert!(!found.is_empty(), "no inputs in {}", folder.display());
    found
}

#[test]
fn json_reader_inputs() {
    for (name, bytes) in inputs("json_reader") {
        run(&name, Format::Json, 3, &bytes);
    }
}

#[test]
fn toml_reader_inputs() {
    for (name, bytes) in inputs("toml_reader") {
        run(&name, Format::Toml, 3, &bytes);
    }
}

#[test]
fn pipeline_inputs() {
    for (name, bytes) in inputs("pipeline") {
        let Some((&control, rest)) = bytes.split_first() else { continue };
        let format = if control & 1 == 0 { Format::Json } else { Format::Toml };
        run(&name, format, usize::from(control >> 1) % 5 + 1, rest);
    }
}
