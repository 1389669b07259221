//! `claimgraph synth`: a synthetic claim set, streamed to standard output or to a file.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use claimgraph::import::DocumentFormat;
use claimgraph::synth::{OutputFormat as SynthFormat, SynthError, SynthOptions, write_claim_set};

use crate::{DocumentArgument, EXIT_WRONG_INPUT, write_file_atomically_with};

pub(crate) const SYNTH_EXAMPLES: &str = "\
The default is the layered reference workload: 100,000 positions p0... in 10 layers of 10,000;
2 rules `if p then q` for each position of layers 0 to 8, q drawn from the next layer; 10,000
`excludes` rules on two distinct positions drawn from all; 10,000 actors h0...; one source s0;
1,000,000 assertions a0... with holder and position drawn uniformly, 20% `opposes` and 80%
`supports`, each holding from a day drawn uniformly from the 1,000 days from 2000-01-01 for 0 to
100 more days. Its rules always hold together (every position false satisfies them).

--mixed adds 5% `open_to` and 5% `not_committed` assertions, 1% rules `if [a, b] then c` and 1%
`if a then_any [b, c]`, holders drawn from a Zipf distribution, a three-level hierarchy of actors
(1% groups, 9% organisations, the rest people) tied by `speaks_for` and `member_of`, and 4 sources.

--scale N sets the assertions to N and the positions, actors and excludes rules in proportion
(1 position for every 10 assertions, 1 actor and 1 excludes rule for every 100); counts given
explicitly win over it.

The output is the same, byte for byte, for the same options and seed on every machine.

Examples:
  claimgraph synth --scale 10000 -o layered-10k.json
  claimgraph synth --mixed --scale 1000 --seed 7 --format toml > mixed-1k.toml
  claimgraph synth --scale 1000 | claimgraph check --format json -

The output format is --format, else the extension of the output file, else JSON. The output file
is replaced only once the whole document is written.

Exit status: 0 written, 2 the command line is wrong or the output cannot be written.";

/// Options of `claimgraph synth`; counts left out come from the workload, then from `--scale`.
#[derive(Debug, Args)]
pub(crate) struct SynthArguments {
    /// The layered reference workload (the default).
    #[arg(long, conflicts_with = "mixed")]
    layered: bool,

    /// The mixed workload: the layered one plus possibilities, longer rules, Zipf holders and a
    /// hierarchy of actors.
    #[arg(long)]
    mixed: bool,

    /// Scale the workload to N assertions, with positions, actors and excludes rules in
    /// proportion.
    #[arg(long, value_name = "N")]
    scale: Option<u64>,

    /// Number of assertions
    ///
    /// [default: 1000000, with --scale N: N]
    #[arg(long, value_name = "N")]
    assertions: Option<u64>,

    /// Number of positions
    ///
    /// [default: 100000, with --scale N: N / 10, at least 2]
    #[arg(long, value_name = "N")]
    positions: Option<u64>,

    /// Number of layers the positions are split into, as evenly as possible (at least 1); rules
    /// lead from a layer to the next.
    #[arg(long, value_name = "N", default_value_t = SynthOptions::default().layers)]
    layers: u64,

    /// Rules `if p then q` for each position of every layer but the last.
    #[arg(long, value_name = "N", default_value_t = SynthOptions::default().rules_per_position)]
    rules_per_position: u64,

    /// Number of actors
    ///
    /// [default: 10000, with --scale N: N / 100, at least 1]
    #[arg(long, value_name = "N")]
    actors: Option<u64>,

    /// Number of sources; each assertion's source is drawn uniformly
    ///
    /// [default: 1, with --mixed: 4]
    #[arg(long, value_name = "N")]
    sources: Option<u64>,

    /// Number of `excludes` rules, each on two distinct positions drawn from all
    ///
    /// [default: 10000, with --scale N: N / 100, at least 1]
    #[arg(long, value_name = "N")]
    excludes: Option<u64>,

    /// Share of `opposes` among the `supports` and `opposes` assertions, from 0 to 1.
    #[arg(long, value_name = "F", default_value_t = SynthOptions::default().opposes_share,
          value_parser = parse_share)]
    opposes_share: f64,

    /// Windows start on a day drawn uniformly from this many days from 2000-01-01 (at least 1).
    #[arg(long, value_name = "N", default_value_t = SynthOptions::default().window_start_days)]
    window_start_days: u32,

    /// Windows last from 0 to this many more days, drawn uniformly.
    #[arg(long, value_name = "N", default_value_t = SynthOptions::default().window_max_days)]
    window_max_days: u32,

    /// Seed of the pseudo-random generator.
    #[arg(long, value_name = "S", default_value_t = SynthOptions::default().seed)]
    seed: u64,

    /// Document format (default: from the extension of the output file, else JSON).
    #[arg(long, value_enum)]
    format: Option<DocumentArgument>,

    /// Output file (default: standard output).
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

fn parse_share(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(share) if (0.0..=1.0).contains(&share) => Ok(share),
        _ => Err("expected a number from 0 to 1".to_owned()),
    }
}

impl SynthArguments {
    /// The workload, then `--scale`, then every count given explicitly.
    fn options(&self) -> SynthOptions {
        let mut options = if self.mixed { SynthOptions::mixed() } else { SynthOptions::layered() };
        if let Some(scale) = self.scale {
            let scaled = SynthOptions::scaled_to(scale);
            options = options
                .assertions(scaled.assertions)
                .positions(scaled.positions)
                .actors(scaled.actors)
                .excludes(scaled.excludes);
        }
        if let Some(assertions) = self.assertions {
            options = options.assertions(assertions);
        }
        if let Some(positions) = self.positions {
            options = options.positions(positions);
        }
        if let Some(actors) = self.actors {
            options = options.actors(actors);
        }
        if let Some(sources) = self.sources {
            options = options.sources(sources);
        }
        if let Some(excludes) = self.excludes {
            options = options.excludes(excludes);
        }
        options
            .layers(self.layers)
            .rules_per_position(self.rules_per_position)
            .opposes_share(self.opposes_share)
            .window_start_days(self.window_start_days)
            .window_max_days(self.window_max_days)
            .seed(self.seed)
    }

    fn format(&self) -> SynthFormat {
        let toml = match (self.format, &self.output) {
            (Some(format), _) => matches!(format, DocumentArgument::Toml),
            (None, Some(output)) => DocumentFormat::from_path(output) == Some(DocumentFormat::Toml),
            (None, None) => false,
        };
        if toml { SynthFormat::Toml } else { SynthFormat::Json }
    }
}

/// Writes the claim set the arguments describe.
pub(crate) fn synth(arguments: &SynthArguments) -> ExitCode {
    let options = arguments.options();
    let format = arguments.format();
    let (target, written) = match &arguments.output {
        Some(output) => (
            output.display().to_string(),
            write_file_atomically_with(output, |file| write_claim_set(&options, format, &mut *file)),
        ),
        None => ("standard output".to_owned(), write_claim_set(&options, format, io::stdout().lock())),
    };
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(error @ SynthError::InvalidOptions(_)) => {
            let _ = writeln!(io::stderr().lock(), "claimgraph: {error}");
            ExitCode::from(EXIT_WRONG_INPUT)
        }
        // A reader that stops early (`claimgraph synth | head`) is not an error of ours.
        Err(SynthError::Io(error)) if arguments.output.is_none() && error.kind() == io::ErrorKind::BrokenPipe => {
            ExitCode::SUCCESS
        }
        Err(error) => {
            let cause = match &error {
                SynthError::Io(cause) => format!(": {cause}"),
                _ => String::new(),
            };
            let _ = writeln!(io::stderr().lock(), "claimgraph: cannot write {target}{cause}");
            ExitCode::from(EXIT_WRONG_INPUT)
        }
    }
}
