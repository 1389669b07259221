//! The check alone, timed without instrumenting the allocator: for comparing one core with all
//! cores (the `parallel` feature).
//!
//! The peer benchmark (`peers.rs`) counts every allocation to measure memory, and its counters
//! are shared by all threads, so they slow the parallel check more than the sequential one. Here
//! the allocator is not counted (it is the command line's: mimalloc with the default `mimalloc`
//! feature, the system's without it), the workload is generated and loaded once, and the check runs
//! several times in the same process; the best and the median time are printed with the number of
//! threads. Run it with and without the feature and divide:
//!
//! ```sh
//! cargo bench --bench cores -- --assertions 1000000
//! cargo bench --bench cores --features parallel -- --assertions 1000000
//! ```
//!
//! Usage: `cargo bench --bench cores -- [--assertions N] [--runs R] [--seed S]` (default
//! 1,000,000 assertions, 5 runs; the layered workload scaled as `SynthOptions::scaled_to` says).

#![allow(clippy::expect_used, clippy::panic)]

use std::process::ExitCode;
use std::time::Instant;

use claimgraph::synth::{OutputFormat, SynthOptions, write_claim_set};
use claimgraph::{Checker, ClaimSet, Limits};

#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let (mut assertions, mut runs, mut seed) = (1_000_000u64, 5usize, 1u64);
    let mut arguments = std::env::args().skip(1);
    while let Some(argument) = arguments.next() {
        let mut value = |name: &str| -> u64 {
            arguments
                .next()
                .and_then(|value| value.replace('_', "").parse().ok())
                .unwrap_or_else(|| panic!("{name} takes a number"))
        };
        match argument.as_str() {
            "--assertions" => assertions = value("--assertions"),
            "--runs" => runs = usize::try_from(value("--runs")).unwrap_or(1).max(1),
            "--seed" => seed = value("--seed"),
            // `cargo bench` passes `--bench` to every benchmark.
            "--bench" => {}
            other => {
                eprintln!("unknown argument {other}; usage: [--assertions N] [--runs R] [--seed S]");
                return ExitCode::from(2);
            }
        }
    }

    let options = SynthOptions::scaled_to(assertions).seed(seed);
    let mut json = Vec::new();
    write_claim_set(&options, OutputFormat::Json, &mut json).expect("the options are valid");
    let json = String::from_utf8(json).expect("the generator writes UTF-8");
    let limits = Limits::new().max_input_bytes(u64::MAX).max_records(usize::MAX).max_clauses(usize::MAX);
    let claims = ClaimSet::from_json_str_with(&json, &limits).expect("the generated workload is valid");
    drop(json);

    let mut seconds = Vec::with_capacity(runs);
    let mut findings = 0;
    for _ in 0..runs {
        let start = Instant::now();
        let report = Checker::new(&claims).max_findings(usize::MAX).check();
        seconds.push(start.elapsed().as_secs_f64());
        findings = report.findings().len();
    }
    seconds.sort_by(f64::total_cmp);
    let threads =
        if cfg!(feature = "parallel") { std::thread::available_parallelism().map_or(1, usize::from) } else { 1 };
    println!(
        "check assertions {assertions}  findings {findings}  threads {threads}  runs {runs}  best {:.3} s  median {:.3} s",
        seconds.first().copied().unwrap_or(0.0),
        seconds.get(seconds.len() / 2).copied().unwrap_or(0.0),
    );
    ExitCode::SUCCESS
}
