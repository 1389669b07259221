//! The JSON reader and validation on any bytes: a document or a list of problems, never a panic.
#![no_main]

use claimgraph::{ClaimSet, Format, LoadError, parse_document};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match parse_document(text, "fuzz.json", Format::Json) {
        Ok(document) => {
            let _ = ClaimSet::from_documents(vec![document]);
        }
        Err(LoadError::Invalid(problems)) => assert!(!problems.0.is_empty(), "an error without problems"),
        Err(other) => panic!("reading text gave {other:?}"),
    }
});
