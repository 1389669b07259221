//! The text and JSON reports of the contract's worked example, as snapshots.

use std::path::PathBuf;

use claimgraph::{Checker, ClaimSet, FindingKind};

fn data_file(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/reports").join(name)
}

fn load(name: &str) -> ClaimSet {
    ClaimSet::load(&[data_file(name)]).unwrap()
}

/// Each finding as its kind, holder and assertion ids, for comparing with the contract.
fn summary_of_findings(claims: &ClaimSet) -> Vec<(FindingKind, Option<String>, Vec<String>)> {
    let report = Checker::new(claims).check();
    report
        .findings()
        .iter()
        .map(|finding| {
            (
                finding.kind(),
                finding.holder().map(|holder| claims.actor(holder).id().to_owned()),
                finding.assertions().iter().map(|id| claims.assertion(*id).id().to_owned()).collect(),
            )
        })
        .collect()
}

fn finding(kind: FindingKind, holder: &str, assertions: &[&str]) -> (FindingKind, Option<String>, Vec<String>) {
    (kind, Some(holder.to_owned()), assertions.iter().map(|id| (*id).to_owned()).collect())
}

fn assert_report_snapshot(name: &str, report: &str) {
    insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!(name, report);
    });
}

#[test]
fn worked_example_has_exactly_the_findings_of_the_contract() {
    let claims = load("worked-example.json");
    assert_eq!(
        summary_of_findings(&claims),
        [
            finding(FindingKind::Contradiction, "trump", &["post-1", "post-2"]),
            finding(FindingKind::Tension, "trump", &["post-2", "wsj-1"]),
            finding(FindingKind::Reversal, "trump", &["post-1", "wsj-2"]),
            finding(FindingKind::Reversal, "trump", &["wsj-1", "wsj-2"]),
            finding(FindingKind::Dissent, "us", &["post-1", "wsj-3"]),
            finding(FindingKind::Dissent, "us", &["wsj-1", "wsj-3"]),
        ]
    );
}

#[test]
fn refined_rule_leaves_the_reversals_and_dissents() {
    let claims = load("worked-example-refined.json");
    assert_eq!(
        summary_of_findings(&claims),
        [
            finding(FindingKind::Reversal, "trump", &["post-1", "wsj-2"]),
            finding(FindingKind::Reversal, "trump", &["wsj-1", "wsj-2"]),
            finding(FindingKind::Dissent, "us", &["post-1", "wsj-3"]),
            finding(FindingKind::Dissent, "us", &["wsj-1", "wsj-3"]),
        ]
    );
}

#[test]
fn worked_example_text_report() {
    let claims = load("worked-example.json");
    assert_report_snapshot("worked_example_text", &Checker::new(&claims).check().to_text());
}

#[test]
fn worked_example_json_report() {
    let claims = load("worked-example.json");
    assert_report_snapshot("worked_example_json", &Checker::new(&claims).check().to_json());
}

#[test]
fn refined_example_text_report() {
    let claims = load("worked-example-refined.json");
    assert_report_snapshot("refined_example_text", &Checker::new(&claims).check().to_text());
}

#[test]
fn json_report_does_not_depend_on_the_order_of_the_input() {
    let text = std::fs::read_to_string(data_file("worked-example.json")).unwrap();
    let mut document: serde_json::Value = serde_json::from_str(&text).unwrap();
    for list in ["actors", "sources", "positions", "rules", "assertions"] {
        if let Some(records) = document[list].as_array_mut() {
            records.reverse();
        }
    }
    let reordered = ClaimSet::from_json_str(&document.to_string()).unwrap();
    let original = load("worked-example.json");
    assert_eq!(Checker::new(&reordered).check().to_json(), Checker::new(&original).check().to_json());
}

#[test]
fn json_report_matches_the_contract_example_finding() {
    let claims = load("worked-example.json");
    let json: serde_json::Value = serde_json::from_str(&Checker::new(&claims).check().to_json()).unwrap();
    assert_eq!(
        json["findings"][0],
        serde_json::json!({
            "kind": "contradiction",
            "holder": "trump",
            "actors": ["trump"],
            "assertions": ["post-1", "post-2"],
            "sources": ["nypost"],
            "cross_source": false,
            "rules": ["r1"],
            "window": {"from": "2025-08-15", "to": null},
            "message": "Donald Trump supports \"The US gives Ukraine security guarantees\" (post-1, New York Post) but has not committed to \"US troops are stationed in Ukraine\" (post-2, New York Post); r1: security guarantees imply US troops"
        })
    );
    assert_eq!(
        json["summary"],
        serde_json::json!({"actors": 3, "sources": 3, "positions": 3, "rules": 1, "assertions": 5,
            "findings": {"contradiction": 1, "tension": 1, "reversal": 2, "dissent": 2}})
    );
}

#[test]
fn dot_report_of_the_worked_example_is_one_graph() {
    let claims = load("worked-example.json");
    let dot = Checker::new(&claims).check().to_dot();
    assert!(dot.starts_with("digraph claimgraph {\n"));
    assert!(dot.ends_with("}\n"));
    assert!(dot.contains("color=red"));
}

/// Three assertions with two contradictions between them, so a limit of one cuts the list.
const TWO_CONTRADICTIONS: &str = r#"{
  "sources": [{"id": "s"}], "positions": [{"id": "p"}],
  "assertions": [
    {"id": "a", "source": "s", "stance": "supports", "position": "p"},
    {"id": "b", "source": "s", "stance": "opposes", "position": "p"},
    {"id": "c", "source": "s", "stance": "opposes", "position": "p"}
  ]
}"#;

#[test]
fn a_truncated_report_says_so_in_every_format() {
    let claims = claimgraph::ClaimSet::from_json_str(TWO_CONTRADICTIONS).unwrap();
    let report = claimgraph::Checker::new(&claims).max_findings(1).check();
    assert_eq!(report.findings().len(), 1);
    assert_eq!(report.truncation().map(|truncation| truncation.max_findings), Some(1));

    let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    assert_eq!(json["findings"].as_array().map(Vec::len), Some(1));
    assert_eq!(json["truncated"]["max_findings"], 1);
    assert!(json["truncated"]["reason"].as_str().unwrap().contains("--max-findings"));

    let text = report.to_string();
    assert!(text.contains("incomplete: stopped after 1 findings"), "{text}");
    let dot = report.to_dot();
    assert!(dot.contains("label=\"incomplete: stopped after 1 findings"), "{dot}");
}

#[test]
fn a_complete_report_has_no_truncation_note() {
    let claims = claimgraph::ClaimSet::from_json_str(TWO_CONTRADICTIONS).unwrap();
    let report = claimgraph::Checker::new(&claims).max_findings(2).check();
    assert_eq!(report.findings().len(), 2);
    assert_eq!(report.truncation(), None);
    let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    assert!(json.get("truncated").is_none());
    assert!(!report.to_string().contains("incomplete"));
}
