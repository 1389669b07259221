//! Imports the Emergent corpus (`data/emergent/edata_all.csv`) with
//! `examples/emergent/mapping.toml`, validates it, checks it and prints what was found.
//!
//! Run with `cargo run --release --example emergent`.

use std::collections::BTreeMap;
use std::error::Error;
use std::path::Path;

use claimgraph::import::{Mapping, import_csv_file};
use claimgraph::{Checker, ClaimSet, FindingKind};

fn main() -> Result<(), Box<dyn Error>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mapping = Mapping::load(root.join("examples/emergent/mapping.toml"))?;
    let imported = import_csv_file(root.join("data/emergent/edata_all.csv"), &mapping)?;
    let summary = imported.summary;
    let claims = ClaimSet::from_documents(vec![imported.document])?;
    let report = Checker::new(&claims).check();

    // Findings per position (here: per rumoured claim), most first.
    let mut per_position: BTreeMap<&str, [usize; 4]> = BTreeMap::new();
    for finding in report.findings() {
        let Some(first) = finding.assertions().first() else { continue };
        let position = claims.position(claims.assertion(*first).position());
        let counts = per_position.entry(position.label()).or_default();
        if let Some(index) = FindingKind::ALL.iter().position(|kind| *kind == finding.kind())
            && let Some(count) = counts.get_mut(index)
        {
            *count += 1;
        }
    }
    let mut busiest: Vec<(&str, [usize; 4])> = per_position.into_iter().collect();
    busiest.sort_by(|a, b| b.1.iter().sum::<usize>().cmp(&a.1.iter().sum::<usize>()).then(a.0.cmp(b.0)));
    println!("findings per claim (contradiction, tension, reversal, dissent), the ten with most:");
    for (label, counts) in busiest.iter().take(10) {
        println!("  {:>4} {:>4} {:>4} {:>4}  {label}", counts[0], counts[1], counts[2], counts[3]);
    }
    println!();

    println!("rows:      {}", summary.rows);
    println!("imported:  {} ({} claims of fact)", summary.imported, summary.claims_of_fact);
    println!("skipped:   {} by stance ({:?})", summary.skipped_by_stance, summary.skipped_by_word);
    println!(
        "made:      {} positions, {} sources, {} actors",
        summary.positions_created, summary.sources_created, summary.actors_created
    );
    println!(
        "checked:   {} positions, {} sources, {} assertions",
        claims.positions().len(),
        claims.sources().len(),
        claims.assertions().len()
    );
    for kind in FindingKind::ALL {
        println!("{:<15}{}", format!("{kind}:"), report.count(kind));
    }
    let cross_source = report.findings().iter().filter(|finding| finding.is_cross_source()).count();
    println!("cross-source findings: {cross_source} of {}", report.findings().len());
    println!("claims with findings: {} of {}", busiest.len(), claims.positions().len());
    Ok(())
}
