//! The stages of a `claimgraph check` run on synthetic workloads: loading and validating a
//! document (JSON and TOML), checking, and rendering the report (JSON and text).
//!
//! Sizes: small (1,000 assertions) and medium (100,000), both the layered workload scaled as
//! `SynthOptions::scaled_to` says; checking is also measured on the mixed workload at the small
//! size. Samples are few and short so the whole suite runs in a few minutes:
//! `cargo bench --bench pipeline`.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::hint::black_box;
use std::time::Duration;

use claimgraph::synth::{OutputFormat, SynthOptions, write_claim_set};
use claimgraph::{Checker, ClaimSet};
use criterion::{BenchmarkGroup, Criterion, Throughput, criterion_group, criterion_main, measurement::WallTime};

fn generate(options: &SynthOptions, format: OutputFormat) -> String {
    let mut bytes = Vec::new();
    write_claim_set(options, format, &mut bytes).expect("the options are valid");
    String::from_utf8(bytes).expect("the generator writes UTF-8")
}

fn short_group<'c>(criterion: &'c mut Criterion, name: &str, n_assertions: u64) -> BenchmarkGroup<'c, WallTime> {
    let mut group = criterion.benchmark_group(name);
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .throughput(Throughput::Elements(n_assertions));
    group
}

fn pipeline(criterion: &mut Criterion) {
    for (size, n_assertions) in [("small", 1_000), ("medium", 100_000)] {
        let layered = SynthOptions::scaled_to(n_assertions);
        let mixed = SynthOptions::mixed()
            .positions(layered.positions)
            .excludes(layered.excludes)
            .actors(layered.actors)
            .assertions(n_assertions);
        let json = generate(&layered, OutputFormat::Json);
        let toml = generate(&layered, OutputFormat::Toml);
        let claims = ClaimSet::from_json_str(&json).expect("the generated workload is valid");
        // The mixed workload piles many speakers' assertions onto few groups, and its conflict
        // sets grow much faster than the assertions (about 80,000 at 10,000 assertions), so it
        // is checked at the small size only.
        let mixed_claims = (n_assertions <= 1_000).then(|| {
            ClaimSet::from_json_str(&generate(&mixed, OutputFormat::Json)).expect("the generated workload is valid")
        });
        let report = Checker::new(&claims).check();

        let mut group = short_group(criterion, &format!("{size}/load"), n_assertions);
        group.bench_function("json", |bench| bench.iter(|| ClaimSet::from_json_str(black_box(&json)).unwrap()));
        group.bench_function("toml", |bench| bench.iter(|| ClaimSet::from_toml_str(black_box(&toml)).unwrap()));
        group.finish();

        let mut group = short_group(criterion, &format!("{size}/check"), n_assertions);
        group.bench_function("layered", |bench| bench.iter(|| Checker::new(black_box(&claims)).check()));
        if let Some(mixed_claims) = &mixed_claims {
            group.bench_function("mixed", |bench| bench.iter(|| Checker::new(black_box(mixed_claims)).check()));
        }
        group.finish();

        let mut group = short_group(criterion, &format!("{size}/render"), n_assertions);
        group.bench_function("json", |bench| bench.iter(|| black_box(&report).to_json()));
        group.bench_function("text", |bench| bench.iter(|| black_box(&report).to_string()));
        group.finish();
    }
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
