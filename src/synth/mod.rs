//! Synthetic claim sets for benchmarks and stress tests, written as a stream.
//!
//! [`write_claim_set`] writes a claim-set document (JSON or TOML) to any [`io::Write`] one
//! record at a time, so a workload of millions of assertions never has to be held in memory. The
//! output is a pure function of the [`SynthOptions`]: the same options and seed give the same
//! bytes on every machine and every version of the dependencies (the generator is
//! xoshiro256++ seeded through SplitMix64, both written in this module).
//!
//! # The layered reference workload
//!
//! [`SynthOptions::default`] is the workload the benchmarks measure: 100,000 positions in 10
//! layers of 10,000; every position of layers 0 to 8 gets 2 rules `if p then q` with `q` drawn
//! from the next layer; 10,000 `excludes` rules on two distinct positions drawn from all;
//! 10,000 actors; 1,000,000 assertions whose holder and position are drawn uniformly, 80%
//! `supports` and 20% `opposes`, each holding from a day drawn uniformly from the 1,000 days
//! starting 2000-01-01 for 0 to 100 more days (uniform); one source.
//!
//! Every clause of these rules has a negated position in it, so "every position false"
//! satisfies all of them: the rules always hold together. The rules are binary clauses, so every
//! conflict set has one assertion (`supports p` where the rules force `!p`) or two.
//!
//! # The mixed workload
//!
//! [`Variant::Mixed`] ([`SynthOptions::mixed`]) keeps the layered shape and adds what the
//! layered one leaves out: 5% `open_to` and 5% `not_committed` assertions, 1% of the rules of the
//! form `if [p, p'] then q` and 1% `if p then_any [q, q']`, holders drawn from a Zipf
//! distribution, and a three-level hierarchy of actors tied by `speaks_for` and `member_of`. Its
//! rules still hold with every position false, and its hierarchy only points from one level to
//! the one above, so it has no cycles.
//!
//! ```
//! use claimgraph::synth::{write_claim_set, OutputFormat, SynthOptions};
//! let options = SynthOptions::scaled_to(1_000).seed(7);
//! let mut json = Vec::new();
//! write_claim_set(&options, OutputFormat::Json, &mut json)?;
//! let claims = claimgraph::ClaimSet::from_json_str(std::str::from_utf8(&json)?)?;
//! # let _ = claims;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod rng;
mod write;

use std::io::{self, BufWriter, Write};

use rng::Rng;
use write::{JsonWriter, LiteralRef, RecordWriter, Ref, TomlWriter, Value};

/// The format [`write_claim_set`] writes.
#[derive(Copy, Clone, PartialEq, Eq, Debug, Default)]
#[non_exhaustive]
pub enum OutputFormat {
    /// A JSON document, one record per line.
    #[default]
    Json,
    /// A TOML document, one `[[table]]` per record.
    Toml,
}

/// The shape of a synthetic workload.
#[derive(Copy, Clone, PartialEq, Eq, Debug, Default)]
#[non_exhaustive]
pub enum Variant {
    /// Implications between layers, `excludes` pairs, `supports` and `opposes` only, holders
    /// uniform, no groups.
    #[default]
    Layered,
    /// The layered workload plus 5% `open_to` and 5% `not_committed` assertions, 1% rules
    /// `if [p, p'] then q` and 1% rules `if p then_any [q, q']`, Zipf-distributed holders
    /// (exponent 1) and a three-level actor hierarchy: the first 1% of the actors are groups, the
    /// next 9% organisations each tied to a group, the rest people each tied to an organisation;
    /// a quarter of the ties are `speaks_for`, the others `member_of`.
    Mixed,
}

/// Sizes and shape of a synthetic claim set; [`Default`] is the layered reference workload.
///
/// Fields are public and set builder-style as well:
///
/// ```
/// use claimgraph::synth::{SynthOptions, Variant};
/// let options = SynthOptions::mixed().assertions(10_000).actors(500).seed(42);
/// assert_eq!(options.variant, Variant::Mixed);
/// assert_eq!(options.positions, 100_000);
/// ```
#[derive(Clone, PartialEq, Debug)]
pub struct SynthOptions {
    /// Layered or mixed (default layered).
    pub variant: Variant,
    /// Number of positions, ids `p0`, `p1`, ... (default 100,000).
    pub positions: u64,
    /// Number of layers the positions are split into, as evenly as possible; position `i` is in
    /// layer `i * layers / positions` (default 10). Rules only lead from a layer to the next.
    pub layers: u64,
    /// Rules `if p then q` for each position of every layer but the last, ids `r0`, `r1`, ...
    /// (default 2).
    pub rules_per_position: u64,
    /// Number of `excludes` rules, each on two distinct positions drawn from all, ids `x0`,
    /// `x1`, ... (default 10,000).
    pub excludes: u64,
    /// Number of actors, ids `h0`, `h1`, ... (default 10,000).
    pub actors: u64,
    /// Number of sources, ids `s0`, `s1`, ...; each assertion's source is drawn uniformly
    /// (default 1).
    pub sources: u64,
    /// Number of assertions, ids `a0`, `a1`, ... (default 1,000,000).
    pub assertions: u64,
    /// Share of `opposes` among the `supports`/`opposes` assertions, in [0, 1] (default 0.2).
    pub opposes_share: f64,
    /// Windows start on a day drawn uniformly from this many days from 2000-01-01 (default 1,000).
    pub window_start_days: u32,
    /// Windows last this many more days at most, drawn uniformly from 0 to it (default 100).
    pub window_max_days: u32,
    /// Seed of the pseudo-random generator (default 1).
    pub seed: u64,
}

impl Default for SynthOptions {
    fn default() -> SynthOptions {
        SynthOptions {
            variant: Variant::Layered,
            positions: 100_000,
            layers: 10,
            rules_per_position: 2,
            excludes: 10_000,
            actors: 10_000,
            sources: 1,
            assertions: 1_000_000,
            opposes_share: 0.2,
            window_start_days: 1_000,
            window_max_days: 100,
            seed: 1,
        }
    }
}

/// The largest count of any record kind, or of days, that [`write_claim_set`] accepts.
pub const MAX_RECORDS: u64 = 1 << 32;

/// The most days windows may reach past 2000-01-01 (`window_start_days + window_max_days`).
pub const MAX_WINDOW_DAYS: u32 = 1_000_000;

macro_rules! setter {
    ($field:ident, $type:ty) => {
        #[doc = concat!("Sets [`SynthOptions::", stringify!($field), "`].")]
        #[must_use]
        pub fn $field(mut self, $field: $type) -> SynthOptions {
            self.$field = $field;
            self
        }
    };
}

impl SynthOptions {
    /// The layered reference workload, the same as [`SynthOptions::default`].
    pub fn layered() -> SynthOptions {
        SynthOptions::default()
    }

    /// The mixed workload at the reference sizes (four sources instead of one).
    pub fn mixed() -> SynthOptions {
        SynthOptions { variant: Variant::Mixed, sources: 4, ..SynthOptions::default() }
    }

    /// The layered reference workload scaled to `assertions` assertions: positions, actors and
    /// `excludes` rules shrink or grow in proportion (at least one of each, at least two
    /// positions), so every actor keeps about 100 assertions and every layer about 1 position
    /// for every 10 assertions. Layers, rules per position and windows stay as they are.
    ///
    /// ```
    /// use claimgraph::synth::SynthOptions;
    /// let options = SynthOptions::scaled_to(100_000);
    /// assert_eq!((options.positions, options.actors, options.excludes), (10_000, 1_000, 1_000));
    /// ```
    pub fn scaled_to(assertions: u64) -> SynthOptions {
        let reference = SynthOptions::default();
        let scale = |count: u64| -> u64 {
            let scaled = u128::from(count) * u128::from(assertions) / u128::from(reference.assertions);
            u64::try_from(scaled).unwrap_or(u64::MAX).max(1)
        };
        SynthOptions {
            positions: scale(reference.positions).max(2),
            excludes: scale(reference.excludes),
            actors: scale(reference.actors),
            assertions,
            ..reference
        }
    }

    setter!(variant, Variant);
    setter!(positions, u64);
    setter!(layers, u64);
    setter!(rules_per_position, u64);
    setter!(excludes, u64);
    setter!(actors, u64);
    setter!(sources, u64);
    setter!(assertions, u64);
    setter!(opposes_share, f64);
    setter!(window_start_days, u32);
    setter!(window_max_days, u32);
    setter!(seed, u64);

    /// The first position of `layer` (and one past the last of `layer - 1`).
    fn layer_start(&self, layer: u64) -> u64 {
        let start = u128::from(layer) * u128::from(self.positions) / u128::from(self.layers.max(1));
        u64::try_from(start).unwrap_or(self.positions)
    }

    /// The first problem with the options, if any.
    fn problem(&self) -> Option<&'static str> {
        let counts = [
            self.positions,
            self.layers,
            self.rules_per_position,
            self.excludes,
            self.actors,
            self.sources,
            self.assertions,
        ];
        if counts.iter().any(|&count| count > MAX_RECORDS) {
            return Some("a count is larger than 2^32");
        }
        if self.layers == 0 {
            return Some("there must be at least one layer");
        }
        if self.excludes > 0 && self.positions < 2 {
            return Some("excludes rules need at least two positions");
        }
        if self.assertions > 0 && (self.positions == 0 || self.actors == 0 || self.sources == 0) {
            return Some("assertions need at least one position, one actor and one source");
        }
        if !(0.0..=1.0).contains(&self.opposes_share) {
            return Some("the share of opposes must be in [0, 1]");
        }
        if self.window_start_days == 0 {
            return Some("windows need at least one start day");
        }
        if self.window_start_days.saturating_add(self.window_max_days) > MAX_WINDOW_DAYS {
            return Some("windows reach too far past 2000-01-01");
        }
        None
    }
}

/// Why [`write_claim_set`] failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SynthError {
    /// The options describe no valid claim set.
    #[error("invalid synthetic workload options: {0}")]
    InvalidOptions(&'static str),
    /// Writing failed.
    #[error("cannot write the synthetic claim set")]
    Io(#[from] io::Error),
}

/// Writes the claim set the options describe, record by record, to `writer`.
///
/// The writer is buffered here; pass a [`std::fs::File`] or a `Vec<u8>` as it is.
///
/// # Errors
///
/// [`SynthError::InvalidOptions`] before anything is written when the options are out of range
/// (a count above [`MAX_RECORDS`], no layer, assertions without a position, actor or source,
/// `excludes` rules with fewer than two positions, a share outside [0, 1], windows beyond
/// [`MAX_WINDOW_DAYS`]); [`SynthError::Io`] when the writer fails.
///
/// # Complexity
///
/// Time linear in the number of records; memory linear in the number of actors (for the Zipf
/// table of the mixed workload) and in the number of days, never in the number of assertions.
pub fn write_claim_set<W: Write>(options: &SynthOptions, format: OutputFormat, writer: W) -> Result<(), SynthError> {
    if let Some(problem) = options.problem() {
        return Err(SynthError::InvalidOptions(problem));
    }
    let buffered = BufWriter::with_capacity(1 << 16, writer);
    match format {
        OutputFormat::Json => Generator::new(options)?.write(&mut JsonWriter::new(buffered))?,
        OutputFormat::Toml => Generator::new(options)?.write(&mut TomlWriter::new(buffered))?,
    }
    Ok(())
}

const ACTOR: &str = "h";
const SOURCE: &str = "s";
const POSITION: &str = "p";
const RULE: &str = "r";
const EXCLUDES: &str = "x";
const ASSERTION: &str = "a";

/// Share of `open_to` and of `not_committed` assertions in the mixed workload.
const MIXED_POSSIBILITY_SHARE: f64 = 0.05;
/// Share of rules `if [p, p'] then q` and of rules `if p then_any [q, q']` in the mixed workload.
const MIXED_RULE_SHARE: f64 = 0.01;
/// Share of the ties in the mixed hierarchy that are `speaks_for` rather than `member_of`.
const MIXED_SPEAKS_FOR_SHARE: f64 = 0.25;

fn reference(prefix: &'static str, number: u64) -> Ref {
    Ref { prefix, number }
}

fn positive(position: u64) -> LiteralRef {
    LiteralRef { position: reference(POSITION, position), negated: false }
}

/// Generation state: the options, the generator and the tables built once.
struct Generator<'o> {
    options: &'o SynthOptions,
    rng: Rng,
    /// `YYYY-MM-DD` of every day a window can touch, from 2000-01-01.
    days: Vec<String>,
}

impl<'o> Generator<'o> {
    fn new(options: &'o SynthOptions) -> io::Result<Generator<'o>> {
        let n_days = options.window_start_days.saturating_add(options.window_max_days);
        let mut days = Vec::with_capacity(usize::try_from(n_days).unwrap_or(0));
        let mut day = jiff::civil::Date::new(2000, 1, 1).map_err(io::Error::other)?;
        for _ in 0..n_days {
            days.push(day.to_string());
            day = day.tomorrow().map_err(io::Error::other)?;
        }
        Ok(Generator { options, rng: Rng::new(options.seed), days })
    }

    fn write(&mut self, out: &mut impl RecordWriter) -> io::Result<()> {
        out.begin_document()?;
        self.write_actors(out)?;
        self.write_sources(out)?;
        self.write_positions(out)?;
        self.write_rules(out)?;
        self.write_assertions(out)?;
        out.end_document()
    }

    /// The mixed hierarchy: how many groups and organisations lead the list of actors.
    fn hierarchy_sizes(&self) -> (u64, u64) {
        let n_groups = (self.options.actors / 100).max(1).min(self.options.actors);
        let n_organisations = (self.options.actors / 10).saturating_sub(n_groups).min(self.options.actors - n_groups);
        (n_groups, n_organisations)
    }

    fn write_actors(&mut self, out: &mut impl RecordWriter) -> io::Result<()> {
        out.begin_list("actors")?;
        let (n_groups, n_organisations) = self.hierarchy_sizes();
        for actor in 0..self.options.actors {
            let id = Value::Id(reference(ACTOR, actor));
            if self.options.variant != Variant::Mixed {
                out.record(&[("id", id)])?;
                continue;
            }
            if actor < n_groups {
                out.record(&[("id", id), ("kind", Value::Text("group"))])?;
                continue;
            }
            // Organisations tie to a group, people to an organisation (or to a group when there
            // are no organisations): ties only point up a level, so there are no cycles.
            let is_organisation = actor < n_groups + n_organisations;
            let parent = if is_organisation || n_organisations == 0 {
                self.rng.below(n_groups)
            } else {
                n_groups + self.rng.below(n_organisations)
            };
            let kind = if is_organisation { "organisation" } else { "person" };
            let tie = if self.rng.unit() < MIXED_SPEAKS_FOR_SHARE { "speaks_for" } else { "member_of" };
            let parents = [reference(ACTOR, parent)];
            out.record(&[("id", id), ("kind", Value::Text(kind)), (tie, Value::Ids(&parents))])?;
        }
        out.end_list()
    }

    fn write_sources(&mut self, out: &mut impl RecordWriter) -> io::Result<()> {
        out.begin_list("sources")?;
        for source in 0..self.options.sources {
            out.record(&[("id", Value::Id(reference(SOURCE, source)))])?;
        }
        out.end_list()
    }

    fn write_positions(&mut self, out: &mut impl RecordWriter) -> io::Result<()> {
        out.begin_list("positions")?;
        for position in 0..self.options.positions {
            out.record(&[("id", Value::Id(reference(POSITION, position)))])?;
        }
        out.end_list()
    }

    fn write_rules(&mut self, out: &mut impl RecordWriter) -> io::Result<()> {
        out.begin_list("rules")?;
        let mut rule_number = 0;
        for layer in 0..self.options.layers.saturating_sub(1) {
            let (start, next_start, next_end) =
                (self.layer_start(layer), self.layer_start(layer + 1), self.layer_start(layer + 2));
            if next_start == next_end {
                continue;
            }
            for position in start..next_start {
                for _ in 0..self.options.rules_per_position {
                    let id = Value::Id(reference(RULE, rule_number));
                    rule_number += 1;
                    let then = self.rng.in_range(next_start, next_end);
                    let draw = if self.options.variant == Variant::Mixed { self.rng.unit() } else { 1.0 };
                    if draw < MIXED_RULE_SHARE && next_start - start > 1 {
                        let other = self.draw_other(start, next_start, position);
                        let conditions = [positive(position), positive(other)];
                        out.record(&[
                            ("id", id),
                            ("if", Value::Literals(&conditions)),
                            ("then", Value::Literal(positive(then))),
                        ])?;
                    } else if draw < 2.0 * MIXED_RULE_SHARE && next_end - next_start > 1 {
                        let other = self.draw_other(next_start, next_end, then);
                        let choices = [positive(then), positive(other)];
                        out.record(&[
                            ("id", id),
                            ("if", Value::Literal(positive(position))),
                            ("then_any", Value::Literals(&choices)),
                        ])?;
                    } else {
                        out.record(&[
                            ("id", id),
                            ("if", Value::Literal(positive(position))),
                            ("then", Value::Literal(positive(then))),
                        ])?;
                    }
                }
            }
        }
        for excludes in 0..self.options.excludes {
            let first = self.rng.below(self.options.positions);
            let second = self.draw_other(0, self.options.positions, first);
            let pair = [reference(POSITION, first), reference(POSITION, second)];
            out.record(&[("id", Value::Id(reference(EXCLUDES, excludes))), ("excludes", Value::Ids(&pair))])?;
        }
        out.end_list()
    }

    fn layer_start(&self, layer: u64) -> u64 {
        self.options.layer_start(layer)
    }

    /// A number in `start..end` other than `not` (the range must hold at least two numbers).
    fn draw_other(&mut self, start: u64, end: u64, not: u64) -> u64 {
        let drawn = self.rng.in_range(start, end.saturating_sub(1));
        if drawn >= not { drawn + 1 } else { drawn }
    }

    fn write_assertions(&mut self, out: &mut impl RecordWriter) -> io::Result<()> {
        out.begin_list("assertions")?;
        let holders = match self.options.variant {
            Variant::Mixed => Some(ZipfTable::new(self.options.actors, &mut self.rng)),
            Variant::Layered => None,
        };
        for assertion in 0..self.options.assertions {
            let holder = match &holders {
                Some(table) => table.draw(&mut self.rng),
                None => self.rng.below(self.options.actors),
            };
            let source = self.rng.below(self.options.sources);
            let position = self.rng.below(self.options.positions);
            let stance = self.draw_stance();
            let start = self.rng.below(u64::from(self.options.window_start_days));
            let end = start + self.rng.below(u64::from(self.options.window_max_days) + 1);
            let (Some(from), Some(to)) = (self.day(start), self.day(end)) else {
                return Err(io::Error::other("window day out of the day table"));
            };
            out.record(&[
                ("id", Value::Id(reference(ASSERTION, assertion))),
                ("source", Value::Id(reference(SOURCE, source))),
                ("holder", Value::Id(reference(ACTOR, holder))),
                ("stance", Value::Text(stance)),
                ("position", Value::Id(reference(POSITION, position))),
                ("when", Value::Window { from, to }),
            ])?;
        }
        out.end_list()
    }

    fn day(&self, day: u64) -> Option<&str> {
        self.days.get(usize::try_from(day).ok()?).map(String::as_str)
    }

    fn draw_stance(&mut self) -> &'static str {
        if self.options.variant == Variant::Mixed {
            let draw = self.rng.unit();
            if draw < MIXED_POSSIBILITY_SHARE {
                return "open_to";
            }
            if draw < 2.0 * MIXED_POSSIBILITY_SHARE {
                return "not_committed";
            }
        }
        if self.rng.unit() < self.options.opposes_share { "opposes" } else { "supports" }
    }
}

/// Draws actors with probability proportional to 1 / rank, ranks shuffled over the actors.
struct ZipfTable {
    /// Cumulative weights by rank.
    cumulative: Vec<f64>,
    /// The actor of each rank.
    actor_of_rank: Vec<u64>,
}

impl ZipfTable {
    fn new(n_actors: u64, rng: &mut Rng) -> ZipfTable {
        let mut cumulative = Vec::new();
        let mut total = 0.0;
        for rank in 1..=n_actors {
            total += 1.0 / rank as f64;
            cumulative.push(total);
        }
        let mut actor_of_rank: Vec<u64> = (0..n_actors).collect();
        // Fisher-Yates, so the most frequent holders are spread over the hierarchy.
        for index in (1..actor_of_rank.len()).rev() {
            let other = rng.below(index as u64 + 1) as usize;
            actor_of_rank.swap(index, other);
        }
        ZipfTable { cumulative, actor_of_rank }
    }

    fn draw(&self, rng: &mut Rng) -> u64 {
        let total = self.cumulative.last().copied().unwrap_or(0.0);
        let target = rng.unit() * total;
        let rank = self.cumulative.partition_point(|&weight| weight <= target);
        let rank = rank.min(self.actor_of_rank.len().saturating_sub(1));
        self.actor_of_rank.get(rank).copied().unwrap_or(0)
    }
}

#[cfg(test)]
mod tests;
