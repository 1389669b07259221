//! The whole pipeline: any document that loads is checked, and every report format rendered.
//!
//! The first byte picks the format and K; the rest is the document.
#![no_main]

use claimgraph::{Checker, ClaimSet, Format, Limits, parse_document};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&control, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let format = if control & 1 == 0 { Format::Json } else { Format::Toml };
    let max_set = usize::from(control >> 1) % 5 + 1;
    let Ok(document) = parse_document(text, "fuzz", format) else { return };
    let Ok(claims) = ClaimSet::from_documents(vec![document]) else { return };
    let report = Checker::new(&claims).max_set(max_set).limits(&Limits::default()).check();
    let json = report.to_json();
    assert!(serde_json::from_str::<serde_json::Value>(&json).is_ok(), "the JSON report does not parse: {json}");
    let _ = report.to_string();
    let _ = report.to_dot();
});
