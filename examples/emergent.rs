//! Imports the Emergent corpus (`data/emergent/edata_all.csv`) with
//! `examples/emergent/mapping.toml`, validates it, checks it and prints the text report (grouped
//! by claim, twenty findings in detail) followed by the totals.
//!
//! Run with `cargo run --release --example emergent`.

use std::collections::BTreeSet;
use std::error::Error;
use std::path::Path;

use claimgraph::import::{Mapping, import_csv_file};
use claimgraph::report::{GroupBy, TextOptions};
use claimgraph::{Checker, ClaimSet, FindingKind};

fn main() -> Result<(), Box<dyn Error>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mapping = Mapping::load(root.join("examples/emergent/mapping.toml"))?;
    let imported = import_csv_file(root.join("data/emergent/edata_all.csv"), &mapping)?;
    let summary = imported.summary;
    let claims = ClaimSet::from_documents(vec![imported.document])?;
    let report = Checker::new(&claims).check();

    // Each rumoured claim is a position: the overview by position says, for each claim, how many
    // outlets call it true and how many call it false, and which.
    print!("{}", report.to_text_with(&TextOptions { group_by: GroupBy::Position, limit: Some(20) }));

    let claims_with_findings: BTreeSet<_> = report
        .findings()
        .iter()
        .flat_map(|finding| finding.assertions().iter().map(|assertion| claims.assertion(*assertion).position()))
        .collect();
    let skipped_by_word: Vec<String> =
        summary.skipped_by_word.iter().map(|(word, count)| format!("{word} {count}")).collect();
    println!();
    println!("totals:");
    println!("  rows:                 {}", summary.rows);
    println!("  imported:             {} ({} claims of fact)", summary.imported, summary.claims_of_fact);
    println!("  skipped:              {} by stance ({})", summary.skipped_by_stance, skipped_by_word.join(", "));
    println!(
        "  made:                 {} positions, {} sources, {} actors",
        summary.positions_created, summary.sources_created, summary.actors_created
    );
    for kind in FindingKind::ALL {
        println!("  {:<22}{}", format!("{kind}s:"), report.count(kind));
    }
    let cross_source = report.findings().iter().filter(|finding| finding.is_cross_source()).count();
    println!("  across sources:       {cross_source} of {} findings", report.findings().len());
    println!("  claims with findings: {} of {}", claims_with_findings.len(), claims.positions().len());
    Ok(())
}
