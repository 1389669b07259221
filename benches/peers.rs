//! claimgraph against a Datalog engine (ascent) on the layered synthetic workload.
//!
//! Both engines get the same generated document: claimgraph loads it with
//! `ClaimSet::from_json_str`, the Datalog program reads the same wire records into relations the
//! way a user of ascent would. Only the checking is timed: `Checker::new(&claims).check()` for
//! claimgraph, `run()` of the Datalog program for ascent.
//!
//! On the layered workload every rule is a binary clause and nobody speaks for a group, so a
//! conflict set is either one assertion whose literal implies its own negation, or two
//! assertions of the same holder whose literals `l1`, `l2` have `l1 ⇒* ¬l2` in the implication
//! graph (and neither is a conflict set on its own). Each engine's sets are hashed in an
//! order-independent way (the wrapping sum of a 64-bit hash of each set's kind and sorted
//! assertion ids); the two lines must show the same counts and hash.
//!
//! The Datalog program is written for these rule shapes, the way a user who knows them would write
//! it. The layered workload has only `if p then q` and `excludes [p, q]` rules, so the implication
//! graph has edges `p → q`, `¬q → ¬p`, `p → ¬q` and `q → ¬p`: a negative literal only leads to
//! negative literals. Hence two `opposes` never clash and an `opposes` is never impossible on its
//! own; for positions `p` and `q`, `p ⇒* q` holds iff `q` is a descendant of `p` under `implies`
//! (reflexive and transitive), `p ⇒* ¬q` iff some `excludes` pair has one end among the descendants
//! of `p` and the other among those of `q`, and `p` is impossible on its own iff its descendants
//! hold both ends of a pair. So the program computes closures over `implies` alone, on positions
//! rather than literals, and only where they are needed: upwards from the ends of `excludes` pairs
//! (`implied_by`, which gives the impossible positions), and downwards from the supported positions
//! that are not impossible (`derives`, demand-driven, which decides the pairs of a support and an
//! opposes). Pairs of supports are found through the `excludes` pairs rather than by enumerating
//! each holder's pairs: each pair is oriented towards its lighter end (the one fewer positions
//! imply), the light ends implied by each holder's supports are kept (`reaches`) and looked up from
//! the other support's side (`refutes`). The large relations are looked up in few ways, as ascent
//! keeps and updates one index per lookup pattern, and each join starts from its smaller side.
//! Reachability over the whole literal graph from every asserted literal, joined with all pairs of
//! one holder's assertions, would grow about as N^1.6 and not fit in memory at a million
//! assertions. claimgraph's own fast path also relies on binary rules, but it handles any rules;
//! this program would need more rules for `if [p, q] then r`, `then_any` or groups, which the
//! layered workload lacks.
//!
//! Peak memory is the most heap an engine holds at once beyond what was live when it started
//! (its own structures and its results, not the loaded input), counted exactly by a wrapper of
//! the allocator; `bytes/assertion` divides it by the number of assertions. The counting costs
//! every allocation of both engines a few atomic operations. Both engines allocate through the
//! allocator the command line uses: mimalloc with the default `mimalloc` feature, the system's
//! without it (`--no-default-features --features cli`).
//!
//! Usage: `cargo bench --bench peers -- [--assertions N | --sweep N1,N2,...] [--seed S]
//! [--csv FILE] [--claimgraph-only]` (default 100,000 assertions; positions, actors and excludes
//! scale with N as `SynthOptions::scaled_to` says). `--sweep` runs both engines for each size in turn, in one
//! process, and prints the same lines for each; `--csv` also writes one row per engine and size,
//! `engine,assertions,conflicts,hash,seconds,peak_mib`, written as each size finishes so that an interrupted sweep keeps what it measured (cargo
//! runs benchmarks in the package root, so a relative FILE lands there).
//! `cargo run --release --example scaling_plot -- FILE OUT.svg` draws the rows.
//! `--claimgraph-only` leaves the Datalog program out, for sizes it would not fit in memory.

#![allow(clippy::expect_used, clippy::panic, clippy::indexing_slicing, clippy::unwrap_used)]

use std::collections::{BTreeSet, HashMap, VecDeque};
use std::fs::File;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use ascent::aggregators::count;
use ascent::ascent;
use claimgraph::synth::{OutputFormat, SynthOptions, write_claim_set};
use claimgraph::{Checker, ClaimSet, Document, FindingKind, Limits, LiteralList};
use peakmem_alloc::{PeakMemAlloc, PeakMemAllocTrait};

/// A literal: a position number and whether it is negated.
type Literal = (u32, bool);

fn negate(literal: &Literal) -> Literal {
    (literal.0, !literal.1)
}

ascent! {
    /// The consistency check written in Datalog.
    struct DatalogCheck;

    /// `if p then q`.
    relation implies(u32, u32);
    /// `excludes [p, q]`.
    relation excludes(u32, u32);
    /// Assertion number, holder number, literal, first day, last day.
    relation assertion(u32, u32, Literal, i32, i32);

    // `excludes` both ways round.
    relation exclusive(u32, u32);
    exclusive(x, y), exclusive(y, x) <-- excludes(x, y);

    // `implied_by(x, p)`: p ⇒* x over `implies`, for the ends x of `excludes` pairs only (the
    // closure grows upwards from them).
    relation implied_by(u32, u32);
    implied_by(x, x) <-- exclusive(x, _);
    implied_by(x, p) <-- implied_by(x, c), implies(p, c);

    // A position that implies both ends of an `excludes` pair implies its own negation.
    relation impossible(u32);
    impossible(p) <-- implied_by(x, p), exclusive(x, y), implied_by(y, p);
    // Positions somebody supports that are not impossible; only their consequences matter.
    relation possible(u32);
    possible(p) <-- assertion(_, _, ?(p, false), _, _), !impossible(p);

    // `derives(p, q)`: p ⇒* q over `implies`, from the possible positions only (the demand).
    relation derives(u32, u32);
    derives(p, p) <-- possible(p);
    derives(p, q) <-- derives(p, r), implies(r, q);

    // Assertions by holder: the supports of possible positions and the opposes, with windows.
    relation supports(u32, u32, u32, i32, i32);
    supports(holder, p, id, from, to) <-- assertion(id, holder, ?(p, false), from, to), possible(p);
    relation opposes(u32, u32, u32, i32, i32);
    opposes(holder, q, id, from, to) <-- assertion(id, holder, ?(q, true), from, to);

    // Conflict sets: `(first, second, overlap)` with `first <= second`; `overlap` tells a
    // contradiction (the windows share a day) from a reversal. One assertion alone first.
    relation conflict(u32, u32, bool);
    conflict(id, id, true) <-- assertion(id, _, ?(p, false), _, _), impossible(p);

    // Supporting p and opposing q clash when p ⇒* q.
    conflict(first, second, overlap) <--
        supports(holder, p, supporter, s_from, s_to), opposes(holder, q, opposer, o_from, o_to), derives(p, q),
        let (first, second) = ((*supporter).min(*opposer), (*supporter).max(*opposer)),
        let overlap = (*s_from).max(*o_from) <= (*s_to).min(*o_to);

    // Supporting p and supporting q clash when an `excludes` pair has one end implied by p and
    // the other by q. Each pair is oriented towards its lighter end, the one fewer positions
    // imply; a holder's reach is kept for the light ends only, and the other side is looked up.
    relation implied_count(u32, usize);
    implied_count(x, n) <-- exclusive(x, _), agg n = count() in implied_by(x, _);
    relation light(u32);
    light(x) <-- exclusive(x, y), implied_count(x, x_count), implied_count(y, y_count),
        if (x_count, x) <= (y_count, y);
    // `refutes(p, y)`: p ⇒* ¬y for a light end y, p possible.
    relation refutes(u32, u32);
    refutes(p, y) <-- implied_by(x, p), exclusive(x, y), light(y), possible(p);
    // `reaches(holder, x, id, ..)`: the holder's support `id` implies the light end x.
    relation reaches(u32, u32, u32, i32, i32);
    reaches(holder, x, id, from, to) <-- light(x), implied_by(x, p), supports(holder, p, id, from, to);
    conflict(first, second, overlap) <--
        supports(holder, q, id, q_from, q_to), refutes(q, x), reaches(holder, x, other, o_from, o_to),
        let (first, second) = ((*id).min(*other), (*id).max(*other)),
        let overlap = (*q_from).max(*o_from) <= (*q_to).min(*o_to);
}

/// The workload as numbered relations, read from the wire records.
#[derive(Default)]
struct Relations {
    implies: Vec<(u32, u32)>,
    excludes: Vec<(u32, u32)>,
    assertions: Vec<(u32, u32, Literal, i32, i32)>,
    assertion_ids: Vec<String>,
}

fn intern(numbers: &mut HashMap<String, u32>, id: &str) -> u32 {
    let next = numbers.len() as u32;
    *numbers.entry(id.to_owned()).or_insert(next)
}

fn day_number(date: &str) -> i32 {
    let date: jiff::civil::Date = date.parse().expect("generated dates are valid");
    (date - jiff::civil::date(2000, 1, 1)).get_days()
}

impl Relations {
    fn from_document(document: &Document) -> Relations {
        let (mut positions, mut holders) = (HashMap::new(), HashMap::new());
        let mut relations = Relations::default();
        let single = |list: &LiteralList| match list.as_slice() {
            [one] if !one.starts_with('!') => one.clone(),
            other => panic!("the layered workload has only `if p then q` rules, not {other:?}"),
        };
        for rule in &document.rules {
            if let (Some(condition), Some(then)) = (&rule.if_, &rule.then) {
                let condition = intern(&mut positions, &single(condition));
                let then = intern(&mut positions, &single(then));
                relations.implies.push((condition, then));
            } else if let Some([first, second]) = rule.excludes.as_deref() {
                relations.excludes.push((intern(&mut positions, first), intern(&mut positions, second)));
            } else {
                panic!("unexpected rule in the layered workload: {rule:?}");
            }
        }
        for assertion in &document.assertions {
            let negated = match assertion.stance.as_str() {
                "supports" => false,
                "opposes" => true,
                other => panic!("unexpected stance in the layered workload: {other}"),
            };
            let when = assertion.when.as_ref().expect("generated assertions have windows");
            let number = relations.assertion_ids.len() as u32;
            relations.assertions.push((
                number,
                intern(&mut holders, assertion.holder.as_deref().expect("generated assertions have holders")),
                (intern(&mut positions, &assertion.position), negated),
                day_number(when.from.as_deref().expect("bounded window")),
                day_number(when.to.as_deref().expect("bounded window")),
            ));
            relations.assertion_ids.push(assertion.id.clone());
        }
        relations
    }
}

/// A conflict set as text ids, sorted, with whether it is a contradiction (else a reversal).
type ConflictSet = (bool, Vec<String>);

/// What one engine found.
struct Outcome {
    sets: Vec<ConflictSet>,
    seconds: f64,
    peak_bytes: Option<u64>,
}

impl Outcome {
    fn count(&self, contradiction: bool) -> usize {
        self.sets.iter().filter(|(is_contradiction, _)| *is_contradiction == contradiction).count()
    }

    /// The wrapping sum of a hash of each set: the same for the same sets in any order.
    fn hash(&self) -> u64 {
        self.sets.iter().fold(0u64, |sum, set| {
            let mut hasher = DefaultHasher::new();
            set.hash(&mut hasher);
            sum.wrapping_add(hasher.finish())
        })
    }

    fn peak_mib(&self) -> Option<String> {
        self.peak_bytes.map(|bytes| format!("{:.1}", bytes as f64 / 1048576.0))
    }

    /// The row of the `--csv` file: `engine,assertions,conflicts,hash,seconds,peak_mib`.
    fn csv_row(&self, engine: &str, n_assertions: usize) -> String {
        format!(
            "{engine},{n_assertions},{},{:016x},{:.6},{}",
            self.sets.len(),
            self.hash(),
            self.seconds,
            self.peak_mib().unwrap_or_default()
        )
    }

    fn print(&self, engine: &str, n_assertions: usize) {
        let peak = self.peak_mib().unwrap_or_else(|| "n/a".to_owned());
        let per_assertion = self
            .peak_bytes
            .map_or_else(|| "n/a".to_owned(), |bytes| format!("{:.0}", bytes as f64 / n_assertions.max(1) as f64));
        println!(
            "{engine:<10} assertions {n_assertions}  conflicts {} (contradictions {}, reversals {}, singles {})  \
             hash {:016x}  seconds {:.3}  peak_mib {peak} ({per_assertion} bytes/assertion)",
            self.sets.len(),
            self.count(true),
            self.count(false),
            self.sets.iter().filter(|(_, ids)| ids.len() == 1).count(),
            self.hash(),
            self.seconds,
        );
    }
}

/// Every allocation of the process goes through a counting wrapper of the allocator, so each
/// engine's peak is the most heap it held above what was live when it started: exact bytes, not
/// pages the allocator happened to keep from the loading before.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static HEAP: PeakMemAlloc<mimalloc::MiMalloc> = PeakMemAlloc::new(mimalloc::MiMalloc);
#[cfg(not(feature = "mimalloc"))]
#[global_allocator]
static HEAP: PeakMemAlloc<std::alloc::System> = PeakMemAlloc::new(std::alloc::System);

/// Runs `work`, timing it and measuring the most heap it held at once beyond what was live before.
fn measure<T>(work: impl FnOnce() -> T) -> (T, f64, Option<u64>) {
    HEAP.reset_peak_memory();
    let start = Instant::now();
    let result = work();
    let seconds = start.elapsed().as_secs_f64();
    let peak = u64::try_from(HEAP.get_peak_memory()).ok();
    (result, seconds, peak)
}

/// The bytes the findings themselves take: each finding and the lists it owns.
fn findings_bytes(findings: &[claimgraph::Finding]) -> u64 {
    use std::mem::{size_of, size_of_val};
    let bytes: usize = findings
        .iter()
        .map(|finding| {
            size_of::<claimgraph::Finding>()
                + size_of_val(finding.actors())
                + size_of_val(finding.assertions())
                + size_of_val(finding.sources())
                + size_of_val(finding.rules())
                + size_of_val(finding.derivation())
        })
        .sum();
    bytes as u64
}

fn run_claimgraph(claims: &ClaimSet) -> Outcome {
    let (report, seconds, peak_bytes) = measure(|| Checker::new(claims).max_findings(usize::MAX).check());
    let held = findings_bytes(report.findings());
    let n = claims.assertions().len().max(1) as f64;
    println!(
        "claimgraph findings hold {:.1} MiB ({:.0} bytes/assertion); beyond them the check held at most {:.1} MiB \
         ({:.0} bytes/assertion)",
        held as f64 / 1048576.0,
        held as f64 / n,
        peak_bytes.unwrap_or(0).saturating_sub(held) as f64 / 1048576.0,
        peak_bytes.unwrap_or(0).saturating_sub(held) as f64 / n,
    );
    let sets = report
        .findings()
        .iter()
        .map(|finding| {
            let mut ids: Vec<String> =
                finding.assertions().iter().map(|&id| claims.assertion(id).id().to_owned()).collect();
            ids.sort();
            (finding.kind() == FindingKind::Contradiction, ids)
        })
        .collect();
    Outcome { sets, seconds, peak_bytes }
}

fn run_ascent(relations: &Relations) -> Outcome {
    let mut program = DatalogCheck {
        implies: relations.implies.clone(),
        excludes: relations.excludes.clone(),
        assertion: relations.assertions.clone(),
        ..DatalogCheck::default()
    };
    let (program, seconds, peak_bytes) = measure(move || {
        program.run();
        program
    });
    eprintln!(
        "ascent derived {} derives tuples and {} implied_by tuples",
        program.derives.len(),
        program.implied_by.len()
    );
    Outcome { sets: sets_from_pairs(relations, program.conflict.iter().copied()), seconds, peak_bytes }
}

fn sets_from_pairs(relations: &Relations, pairs: impl Iterator<Item = (u32, u32, bool)>) -> Vec<ConflictSet> {
    pairs
        .map(|(first, second, overlap)| {
            let id = |number: u32| relations.assertion_ids[number as usize].clone();
            let mut ids: Vec<String> = BTreeSet::from([id(first), id(second)]).into_iter().collect();
            ids.sort();
            (overlap, ids)
        })
        .collect()
}

/// The same conflict sets by breadth-first search over the implication graph, written without
/// Datalog: the reference the Datalog program is checked against on a small workload.
fn brute_force(relations: &Relations) -> Vec<ConflictSet> {
    let mut successors: HashMap<Literal, Vec<Literal>> = HashMap::new();
    for &(p, q) in &relations.implies {
        successors.entry((p, false)).or_default().push((q, false));
        successors.entry((q, true)).or_default().push((p, true));
    }
    for &(p, q) in &relations.excludes {
        successors.entry((p, false)).or_default().push((q, true));
        successors.entry((q, false)).or_default().push((p, true));
    }
    let mut closures: HashMap<Literal, BTreeSet<Literal>> = HashMap::new();
    for &(_, _, literal, _, _) in &relations.assertions {
        closures.entry(literal).or_insert_with(|| {
            let mut seen = BTreeSet::from([literal]);
            let mut queue = VecDeque::from([literal]);
            while let Some(current) = queue.pop_front() {
                for &next in successors.get(&current).into_iter().flatten() {
                    if seen.insert(next) {
                        queue.push_back(next);
                    }
                }
            }
            seen
        });
    }
    let implies = |from: &Literal, to: &Literal| closures[from].contains(to);
    let impossible: Vec<bool> =
        relations.assertions.iter().map(|(_, _, literal, _, _)| implies(literal, &negate(literal))).collect();
    let mut pairs = Vec::new();
    for (index, &(first, _, _, _, _)) in relations.assertions.iter().enumerate() {
        if impossible[index] {
            pairs.push((first, first, true));
        }
    }
    for (first, &(_, holder, first_literal, first_from, first_to)) in relations.assertions.iter().enumerate() {
        for (second, &(_, other_holder, second_literal, second_from, second_to)) in
            relations.assertions.iter().enumerate().skip(first + 1)
        {
            if holder == other_holder
                && !impossible[first]
                && !impossible[second]
                && implies(&first_literal, &negate(&second_literal))
            {
                let overlap = first_from.max(second_from) <= first_to.min(second_to);
                pairs.push((first as u32, second as u32, overlap));
            }
        }
    }
    sets_from_pairs(relations, pairs.into_iter())
}

fn sorted(mut sets: Vec<ConflictSet>) -> Vec<ConflictSet> {
    sets.sort();
    sets
}

fn generate(options: &SynthOptions) -> String {
    let mut json = Vec::new();
    write_claim_set(options, OutputFormat::Json, &mut json).expect("the options are valid");
    String::from_utf8(json).expect("the generator writes UTF-8")
}

/// Checks the Datalog program against the brute-force search on a small workload.
fn self_test() -> bool {
    let options = SynthOptions::scaled_to(3_000).seed(3);
    let document: Document = serde_json::from_str(&generate(&options)).expect("the generator writes valid JSON");
    let relations = Relations::from_document(&document);
    let expected = sorted(brute_force(&relations));
    let found = sorted(run_ascent(&relations).sets);
    let singles = expected.iter().filter(|(_, ids)| ids.len() == 1).count();
    println!(
        "self-test: ascent {} the brute-force search on 3000 assertions ({} conflict sets, {} single)",
        if found == expected { "agrees with" } else { "DISAGREES with" },
        expected.len(),
        singles,
    );
    found == expected
}

/// What the command line asks for.
struct Arguments {
    sizes: Vec<u64>,
    seed: u64,
    csv: Option<PathBuf>,
    /// Run claimgraph alone: for sizes where the Datalog program would not fit in memory.
    claimgraph_only: bool,
}

fn parse_arguments() -> Result<Arguments, String> {
    let mut arguments = Arguments { sizes: vec![100_000], seed: 1, csv: None, claimgraph_only: false };
    let (mut single, mut sweep) = (false, false);
    let mut words = std::env::args().skip(1);
    let number = |option: &str, word: Option<String>| -> Result<u64, String> {
        let word = word.ok_or_else(|| format!("{option} needs a value"))?;
        word.parse().map_err(|_| format!("{option}: expected a whole number, not {word:?}"))
    };
    while let Some(word) = words.next() {
        match word.as_str() {
            "--assertions" => {
                arguments.sizes = vec![number("--assertions", words.next())?];
                single = true;
            }
            "--sweep" => {
                let list = words.next().ok_or("--sweep needs a list such as 1000,10000,100000")?;
                arguments.sizes = list
                    .split(',')
                    .map(|size| number("--sweep", Some(size.trim().to_owned())))
                    .collect::<Result<_, _>>()?;
                sweep = true;
            }
            "--seed" => arguments.seed = number("--seed", words.next())?,
            "--csv" => arguments.csv = Some(words.next().ok_or("--csv needs a file name")?.into()),
            "--claimgraph-only" => arguments.claimgraph_only = true,
            // cargo bench passes --bench; filters and other flags do not apply here.
            _ => {}
        }
    }
    if single && sweep {
        return Err("give --assertions N or --sweep N1,N2,..., not both".to_owned());
    }
    Ok(arguments)
}

/// Both engines on the layered workload scaled to `n_assertions`: prints the workload, one line
/// per engine and the ratio; gives the CSV rows and whether the engines found the same sets.
fn compare(n_assertions: u64, seed: u64, claimgraph_only: bool) -> (Vec<String>, bool) {
    let options = SynthOptions::scaled_to(n_assertions).seed(seed);
    println!(
        "workload: layered, {} assertions, {} positions in {} layers, {} excludes, {} actors, seed {}",
        options.assertions, options.positions, options.layers, options.excludes, options.actors, options.seed
    );
    let json = generate(&options);
    // The generated workloads are trusted input: the limits meant for documents from elsewhere
    // would stop the larger sizes.
    let limits = Limits::new().max_input_bytes(u64::MAX).max_records(usize::MAX).max_clauses(usize::MAX);
    let claims = ClaimSet::from_json_str_with(&json, &limits).expect("the generated workload is valid");
    // The text is only needed again for the Datalog program.
    let json = (!claimgraph_only).then_some(json);
    let claimgraph = run_claimgraph(&claims);
    let n = claims.assertions().len();
    drop(claims);
    if claimgraph_only {
        claimgraph.print("claimgraph", n);
        return (vec![claimgraph.csv_row("claimgraph", n)], true);
    }
    let Some(json) = json else { unreachable!("the text is kept unless claimgraph runs alone") };
    let document: Document = serde_json::from_str(&json).expect("the generator writes valid JSON");
    drop(json);
    let relations = Relations::from_document(&document);
    drop(document);
    let ascent = run_ascent(&relations);

    claimgraph.print("claimgraph", n);
    ascent.print("ascent", n);
    println!("ratio ascent/claimgraph: {:.2}", ascent.seconds / claimgraph.seconds.max(1e-9));
    let rows = vec![claimgraph.csv_row("claimgraph", n), ascent.csv_row("ascent", n)];
    let agree = sorted(claimgraph.sets) == sorted(ascent.sets);
    if !agree {
        eprintln!("the engines found different conflict sets");
    }
    (rows, agree)
}

fn main() -> ExitCode {
    let arguments = match parse_arguments() {
        Ok(arguments) => arguments,
        Err(message) => {
            eprintln!("peers: {message}");
            return ExitCode::FAILURE;
        }
    };
    // The CSV file is created before anything is measured, so a wrong name fails at once.
    let mut csv = match arguments.csv.as_ref().map(File::create).transpose() {
        Ok(csv) => csv,
        Err(error) => {
            eprintln!("peers: cannot create {}: {error}", arguments.csv.unwrap_or_default().display());
            return ExitCode::FAILURE;
        }
    };
    if let Some(csv) = &mut csv {
        writeln!(csv, "engine,assertions,conflicts,hash,seconds,peak_mib").expect("the CSV file is writable");
    }
    if !self_test() {
        return ExitCode::FAILURE;
    }
    for &n_assertions in &arguments.sizes {
        let (rows, agree) = compare(n_assertions, arguments.seed, arguments.claimgraph_only);
        if let Some(csv) = &mut csv {
            for row in rows {
                writeln!(csv, "{row}").expect("the CSV file is writable");
            }
        }
        if !agree {
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}
