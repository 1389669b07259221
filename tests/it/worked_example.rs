//! The contract's worked example (section 6) and the seed example, finding by finding.
//!
//! Every expectation here was written by hand from the semantics of the contract, not copied from
//! the checker's output: if a test fails, one of the two is wrong.

use std::path::{Path, PathBuf};

use claimgraph::{Checker, ClaimSet, Document, Finding, FindingKind, Format, PartialDate, Window, parse_document};

use FindingKind::{Contradiction, Dissent, Reversal, Tension};

/// A finding by text ids, as a person reads it in the contract.
#[derive(Clone, PartialEq, Eq, Debug)]
struct Expected {
    kind: FindingKind,
    holder: Option<String>,
    assertions: Vec<String>,
    rules: Vec<String>,
    cross_source: bool,
    window: Option<Window>,
}

fn expected(
    kind: FindingKind,
    holder: Option<&str>,
    assertions: &[&str],
    rules: &[&str],
    cross_source: bool,
    window: Option<Window>,
) -> Expected {
    Expected {
        kind,
        holder: holder.map(str::to_owned),
        assertions: assertions.iter().map(|id| (*id).to_owned()).collect(),
        rules: rules.iter().map(|id| (*id).to_owned()).collect(),
        cross_source,
        window,
    }
}

fn observed(claims: &ClaimSet, finding: &Finding) -> Expected {
    Expected {
        kind: finding.kind(),
        holder: finding.holder().map(|holder| claims.actor(holder).id().to_owned()),
        assertions: finding.assertions().iter().map(|&id| claims.assertion(id).id().to_owned()).collect(),
        rules: finding.rules().iter().map(|&id| claims.rule(id).id().to_owned()).collect(),
        cross_source: finding.is_cross_source(),
        window: finding.window(),
    }
}

/// The days from `from` to `to`, both inclusive, either unbounded when `None`.
fn days(from: Option<&str>, to: Option<&str>) -> Option<Window> {
    let date = |text: &str| text.parse::<PartialDate>().unwrap();
    Some(Window::between(from.map(|from| date(from).first_day()), to.map(|to| date(to).last_day())))
}

fn data(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// Checks the claim set with the default K and compares every finding, in report order.
fn check(claims: &ClaimSet, expected: &[Expected]) {
    let report = Checker::new(claims).check();
    let found: Vec<Expected> = report.findings().iter().map(|finding| observed(claims, finding)).collect();
    assert_eq!(found, expected);
}

// -------------------------------------------------------------------------------------------
// Section 6 of the contract

fn spec6_remaining() -> Vec<Expected> {
    let august_from_15th = days(Some("2025-08-15"), Some("2025-08-31"));
    vec![
        expected(Reversal, Some("trump"), &["post-1", "wsj-2"], &[], true, None),
        expected(Reversal, Some("trump"), &["wsj-1", "wsj-2"], &[], true, None),
        expected(Dissent, Some("us"), &["post-1", "wsj-3"], &[], true, august_from_15th),
        expected(Dissent, Some("us"), &["wsj-1", "wsj-3"], &[], true, august_from_15th),
    ]
}

#[test]
fn spec6_guarantees_mean_troops() {
    let claims = ClaimSet::load(&[data("tests/data/worked-example/spec6.json")]).unwrap();
    let from_15th = days(Some("2025-08-15"), None);
    let mut findings = vec![
        expected(Contradiction, Some("trump"), &["post-1", "post-2"], &["r1"], false, from_15th),
        expected(Tension, Some("trump"), &["post-2", "wsj-1"], &["r1"], true, from_15th),
    ];
    findings.extend(spec6_remaining());
    check(&claims, &findings);
}

#[test]
fn spec6_refined_rule_leaves_reversals_and_dissents() {
    let claims = ClaimSet::load(&[data("tests/data/worked-example/spec6-refined.json")]).unwrap();
    check(&claims, &spec6_remaining());
}

// -------------------------------------------------------------------------------------------
// The seed example

const SEED: &str = "examples/anchorage-summit.toml";

fn seed_document() -> Document {
    let text = std::fs::read_to_string(data(SEED)).unwrap();
    parse_document(&text, SEED, Format::Toml).unwrap()
}

fn seed_claims() -> ClaimSet {
    ClaimSet::from_documents(vec![seed_document()]).unwrap()
}

/// The seed with "a US guarantee means US troops" refined to "US troops or US military support
/// for a European-led force".
fn seed_claims_refined() -> ClaimSet {
    let mut document = seed_document();
    let rule = document.rules.iter_mut().find(|rule| rule.id.as_deref() == Some("guarantees-mean-troops")).unwrap();
    rule.then = None;
    rule.then_any = Some(vec!["us-troops".to_owned(), "us-support-eu-force".to_owned()]);
    ClaimSet::from_documents(vec![document]).unwrap()
}

const TROOPS: &str = "guarantees-mean-troops";
const MILITARY: &str = "troops-mean-military-component";
const EU_FORCE: &str = "eu-force-support-is-military";

/// Every finding of the seed, in report order; `refined` reads guarantees the WSJ's way.
fn seed_findings(refined: bool) -> Vec<Expected> {
    let strict = !refined;
    let from_15th = days(Some("2025-08-15"), None);
    let august_from_15th = days(Some("2025-08-15"), Some("2025-08-31"));
    // Under either reading a guarantee brings a US military component, through troops or through
    // support for a European-led force.
    let via_guarantees: &[&str] = if refined { &[EU_FORCE, TROOPS, MILITARY] } else { &[TROOPS, MILITARY] };
    let trump = Some("trump");
    let mut findings = Vec::new();
    if strict {
        findings.push(expected(
            Contradiction,
            trump,
            &["post-guarantees", "post-no-troops"],
            &[TROOPS],
            false,
            from_15th,
        ));
    }
    findings.push(expected(
        Contradiction,
        trump,
        &["post-guarantees", "wsj-military-component-no"],
        via_guarantees,
        true,
        from_15th,
    ));
    if strict {
        findings.push(expected(
            Contradiction,
            trump,
            &["post-guarantees", "wsj-no-ground-forces"],
            &[TROOPS],
            true,
            from_15th,
        ));
    }
    findings.extend([
        expected(
            Contradiction,
            trump,
            &["wsj-eu-force-support", "wsj-military-component-no"],
            &[EU_FORCE],
            true,
            from_15th,
        ),
        expected(
            Contradiction,
            trump,
            &["wsj-military-component-no", "wsj-military-component-yes"],
            &[],
            true,
            from_15th,
        ),
        expected(
            Contradiction,
            trump,
            &["wsj-military-component-no", "wsj-open-to-guarantees"],
            via_guarantees,
            true,
            from_15th,
        ),
    ]);
    if strict {
        findings.push(finding_a());
        findings.push(expected(
            Tension,
            trump,
            &["wsj-no-ground-forces", "wsj-open-to-guarantees"],
            &[TROOPS],
            true,
            from_15th,
        ));
    }
    findings.extend([
        expected(Reversal, Some("russia"), &["wsj-moscow-ceasefire", "wsj-putin-keep-fighting"], &[], true, None),
        expected(Reversal, Some("russia"), &["wsj-moscow-ceasefire", "wsj-putin-no-pause"], &[], true, None),
        expected(Reversal, trump, &["post-guarantees", "wsj-rejected-guarantees"], &[], true, None),
        expected(Reversal, trump, &["wsj-open-to-guarantees", "wsj-rejected-guarantees"], &[], true, None),
        expected(Dissent, Some("us"), &["post-guarantees", "wsj-officials-no-guarantor"], &[], true, august_from_15th),
        expected(
            Dissent,
            Some("us"),
            &["wsj-officials-no-guarantor", "wsj-open-to-guarantees"],
            &[],
            true,
            august_from_15th,
        ),
    ]);
    findings
}

/// (a): open to guarantees (WSJ, via European officials) but not committed to troops (Post).
fn finding_a() -> Expected {
    expected(
        Tension,
        Some("trump"),
        &["post-no-troops", "wsj-open-to-guarantees"],
        &[TROOPS],
        true,
        days(Some("2025-08-15"), None),
    )
}

#[test]
fn seed_has_the_five_findings_of_the_story() {
    let claims = seed_claims();
    let report = Checker::new(&claims).check();
    let found: Vec<Expected> = report.findings().iter().map(|finding| observed(&claims, finding)).collect();
    let august_from_15th = days(Some("2025-08-15"), Some("2025-08-31"));
    let story = [
        finding_a(),
        // (b) Trump rejected a US guarantee for months, then committed to one.
        expected(Reversal, Some("trump"), &["post-guarantees", "wsj-rejected-guarantees"], &[], true, None),
        // (c) some US officials: the US would not act as a guarantor.
        expected(Dissent, Some("us"), &["post-guarantees", "wsj-officials-no-guarantor"], &[], true, august_from_15th),
        // (d) Moscow willing to accept a cease-fire before the summit, Putin fighting on after it.
        expected(Reversal, Some("russia"), &["wsj-moscow-ceasefire", "wsj-putin-keep-fighting"], &[], true, None),
        // (e) the callers' different interpretations of a US military component.
        expected(
            Contradiction,
            Some("trump"),
            &["wsj-military-component-no", "wsj-military-component-yes"],
            &[],
            true,
            days(Some("2025-08-15"), None),
        ),
    ];
    for finding in &story {
        assert!(found.contains(finding), "missing {finding:#?}\nin {found:#?}");
    }

    let refined = seed_claims_refined();
    let report = Checker::new(&refined).check();
    let found: Vec<Expected> = report.findings().iter().map(|finding| observed(&refined, finding)).collect();
    assert!(!found.iter().any(|finding| finding.assertions == finding_a().assertions), "(a) remains in {found:#?}");
    for finding in story.iter().skip(1) {
        assert!(found.contains(finding), "missing {finding:#?}\nafter refining, in {found:#?}");
    }
}

#[test]
fn seed_findings_are_exactly_the_fourteen_worked_out_by_hand() {
    let findings = seed_findings(false);
    assert_eq!(findings.len(), 14);
    check(&seed_claims(), &findings);
}

#[test]
fn seed_findings_under_the_refined_rule_are_exactly_ten() {
    let findings = seed_findings(true);
    assert_eq!(findings.len(), 10);
    check(&seed_claims_refined(), &findings);
}
