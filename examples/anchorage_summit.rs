//! The seed example: the Post's and the WSJ's reports on the Anchorage summit and US security
//! guarantees for Ukraine, checked for consistency.
//!
//! The example checks the claim set once with the strict rule "a US guarantee means US troops",
//! then refines that rule the way the WSJ's sources read Trump ("could include U.S. military
//! support for a European-led security force"), checks again and shows what changed.
//!
//! ```sh
//! cargo run --release --example anchorage_summit
//! ```

use std::collections::BTreeSet;
use std::error::Error;
use std::path::Path;

use claimgraph::{Checker, ClaimSet, Document, Finding, FindingKind, Format, parse_document};

/// The claim set, relative to the crate root.
const CLAIM_SET: &str = "examples/anchorage-summit.toml";

/// The rule the example refines.
const RULE_TO_REFINE: &str = "guarantees-mean-troops";

/// What a US guarantee may mean once refined: US troops, or US military support for a
/// European-led force.
const REFINED_THEN_ANY: [&str; 2] = ["us-troops", "us-support-eu-force"];

fn main() -> Result<(), Box<dyn Error>> {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(CLAIM_SET))?;
    let document = parse_document(&text, CLAIM_SET, Format::Toml)?;

    let claims = ClaimSet::from_documents(vec![document.clone()])?;
    let report = Checker::new(&claims).check();
    println!("== {CLAIM_SET}, rule {RULE_TO_REFINE}: us-guarantees => us-troops");
    println!();
    print!("{report}");
    println!();

    let refined = ClaimSet::from_documents(vec![refine(document)?])?;
    let refined_report = Checker::new(&refined).check();
    println!("== rule {RULE_TO_REFINE} refined: us-guarantees => any of {}", REFINED_THEN_ANY.join(", "));
    println!();

    let before: Vec<_> = report.findings().iter().map(|finding| (key(&claims, finding), finding)).collect();
    let after: Vec<_> = refined_report.findings().iter().map(|finding| (key(&refined, finding), finding)).collect();
    let before_keys: BTreeSet<_> = before.iter().map(|(key, _)| key.clone()).collect();
    let after_keys: BTreeSet<_> = after.iter().map(|(key, _)| key.clone()).collect();

    let gone: Vec<_> = before.iter().filter(|(key, _)| !after_keys.contains(key)).collect();
    let kept: Vec<_> = after.iter().filter(|(key, _)| before_keys.contains(key)).collect();
    let new: Vec<_> = after.iter().filter(|(key, _)| !before_keys.contains(key)).collect();

    println!("{} of {} findings disappear:", gone.len(), before.len());
    for (_, finding) in &gone {
        println!("  - {}", line(&claims, finding));
    }
    println!("{} remain:", kept.len());
    for (_, finding) in &kept {
        println!("  = {}", line(&refined, finding));
    }
    if !new.is_empty() {
        println!("{} are new:", new.len());
        for (_, finding) in &new {
            println!("  + {}", line(&refined, finding));
        }
    }
    Ok(())
}

/// The document with the strict rule replaced by its `then_any` form.
fn refine(mut document: Document) -> Result<Document, String> {
    let rule = document
        .rules
        .iter_mut()
        .find(|rule| rule.id.as_deref() == Some(RULE_TO_REFINE))
        .ok_or_else(|| format!("{CLAIM_SET} has no rule {RULE_TO_REFINE:?}"))?;
    rule.then = None;
    rule.then_any = Some(REFINED_THEN_ANY.iter().map(|literal| (*literal).to_owned()).collect());
    rule.note = Some("the WSJ's reading: US troops, or US military support for a European-led force".to_owned());
    Ok(document)
}

/// What identifies a finding across the two claim sets: its kind, holder and assertions, by
/// their text ids (the two claim sets number their records alike, but text ids say so plainly).
fn key(claims: &ClaimSet, finding: &Finding) -> (FindingKind, Option<String>, Vec<String>) {
    let holder = finding.holder().map(|holder| claims.actor(holder).id().to_owned());
    let assertions = finding.assertions().iter().map(|&id| claims.assertion(id).id().to_owned()).collect();
    (finding.kind(), holder, assertions)
}

/// One line per finding: kind, holder, the assertion ids, the rules.
fn line(claims: &ClaimSet, finding: &Finding) -> String {
    let (kind, holder, assertions) = key(claims, finding);
    let rules: Vec<_> = finding.rules().iter().map(|&id| claims.rule(id).id()).collect();
    let rules = if rules.is_empty() { String::new() } else { format!(" [{}]", rules.join(", ")) };
    format!("{kind} ({}): {}{rules}", holder.as_deref().unwrap_or("claims of fact"), assertions.join(" + "))
}
