//! The `claimgraph` command line: a thin shell over the library.
//!
//! Exit status: 0 when the check finds nothing, 1 when it finds something, 2 when the input or
//! the command line is wrong. The report is rendered whole before anything is written, so a
//! failure never leaves half a report behind.

use std::io::{self, Read, Write};
use std::path::Path;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use claimgraph::report::{DotOptions, GroupBy, TextOptions};
use claimgraph::{Checker, ClaimSet, DEFAULT_MAX_SET, Document, Format, LoadError, Location, Problem};

/// The file name that stands for standard input.
const STANDARD_INPUT: &str = "-";

const EXAMPLES: &str = "\
Examples:
  claimgraph check summit.json
  claimgraph check --format json nypost.toml wsj.toml
  claimgraph check --format dot summit.json | dot -Tsvg > summit.svg
  claimgraph check --group position --limit 20 many-claims.json
  cat summit.json | claimgraph check -

Exit status: 0 no findings, 1 findings, 2 the input or the command line is wrong.";

/// Check claim sets for logical consistency: who holds which position, where sources disagree,
/// where positions shift.
#[derive(Debug, Parser)]
#[command(name = "claimgraph", version, after_help = EXAMPLES)]
struct CommandLine {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check claim sets and report every conflict set found.
    #[command(after_help = EXAMPLES)]
    Check(CheckArguments),
}

#[derive(Debug, Args)]
struct CheckArguments {
    /// Report format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    format: OutputFormat,

    /// Largest conflict set reported, in assertions (at least 1).
    #[arg(long, value_name = "K", default_value_t = DEFAULT_MAX_SET, value_parser = parse_max_set)]
    max_set: usize,

    /// Overview that opens the text report (auto: by holder when there are more than 20 findings).
    #[arg(long, value_enum, default_value_t = GroupArgument::Auto)]
    group: GroupArgument,

    /// Draw every source in the DOT graph, with the chains that carry each assertion.
    #[arg(long)]
    sources: bool,

    /// Show at most N findings in detail in the text report (it says how many it left out).
    #[arg(long, value_name = "N")]
    limit: Option<usize>,

    /// Claim-set documents (.json or .toml), merged into one claim set; `-` reads JSON from
    /// standard input.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<String>,
}

#[derive(Copy, Clone, Debug, ValueEnum)]
enum OutputFormat {
    /// A report for a person.
    Text,
    /// The JSON report (findings and summary).
    Json,
    /// A Graphviz graph with the findings highlighted.
    Dot,
}

#[derive(Copy, Clone, Debug, ValueEnum)]
enum GroupArgument {
    /// By holder when there are many findings, else no overview.
    Auto,
    /// By holder.
    Holder,
    /// By position.
    Position,
    /// No overview.
    None,
}

impl From<GroupArgument> for GroupBy {
    fn from(group: GroupArgument) -> GroupBy {
        match group {
            GroupArgument::Auto => GroupBy::Auto,
            GroupArgument::Holder => GroupBy::Holder,
            GroupArgument::Position => GroupBy::Position,
            GroupArgument::None => GroupBy::None,
        }
    }
}

fn parse_max_set(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(0) => Err("must be at least 1".to_owned()),
        Ok(max_set) => Ok(max_set),
        Err(_) => Err(format!("expected a whole number of at least 1, not {text:?}")),
    }
}

fn main() -> ExitCode {
    let command_line = CommandLine::parse();
    match command_line.command {
        Command::Check(arguments) => check(&arguments),
    }
}

/// Exit status for wrong input or a wrong command line.
const EXIT_WRONG_INPUT: u8 = 2;

fn check(arguments: &CheckArguments) -> ExitCode {
    let claims = match load(&arguments.files) {
        Ok(claims) => claims,
        Err(problems) => {
            let mut text = String::new();
            for problem in &problems {
                text.push_str(&problem.to_string());
                text.push('\n');
            }
            // Nothing more can be done when standard error is closed too.
            let _ = io::stderr().lock().write_all(text.as_bytes());
            return ExitCode::from(EXIT_WRONG_INPUT);
        }
    };
    let report = Checker::new(&claims).max_set(arguments.max_set).check();
    let rendered = match arguments.format {
        OutputFormat::Text => {
            report.to_text_with(&TextOptions { group_by: arguments.group.into(), limit: arguments.limit })
        }
        OutputFormat::Json => report.to_json(),
        OutputFormat::Dot => report.to_dot_with(&DotOptions { sources: arguments.sources }),
    };
    let status = if report.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) };
    match write_all_to_standard_output(&rendered) {
        Ok(()) => status,
        // A reader that stops early (`claimgraph check ... | head`) is not an error of ours; the
        // status still says whether there were findings.
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => status,
        Err(error) => {
            let _ = writeln!(io::stderr().lock(), "claimgraph: cannot write the report: {error}");
            ExitCode::from(EXIT_WRONG_INPUT)
        }
    }
}

fn write_all_to_standard_output(text: &str) -> io::Result<()> {
    let mut standard_output = io::stdout().lock();
    standard_output.write_all(text.as_bytes())?;
    standard_output.flush()
}

fn problem_in_file(file: &str, message: impl Into<String>) -> Problem {
    Problem::new(Some(Location { file: file.to_owned(), line: None, column: None }), message)
}

/// Reads, parses and merges every file, collecting the problems of all of them before giving up,
/// so that one run shows everything that is wrong.
fn load(files: &[String]) -> Result<ClaimSet, Vec<Problem>> {
    let mut documents: Vec<Document> = Vec::new();
    let mut problems: Vec<Problem> = Vec::new();
    let mut read_standard_input = false;
    for file in files {
        let read = if file == STANDARD_INPUT {
            if read_standard_input {
                problems.push(problem_in_file(file, "standard input can only be read once"));
                continue;
            }
            read_standard_input = true;
            read_standard_input_text().map(|text| (text, Format::Json))
        } else {
            match format_of(file) {
                Some(format) => std::fs::read_to_string(file).map(|text| (text, format)),
                None => {
                    problems.push(problem_in_file(file, "unknown file type: expected a .json or .toml file"));
                    continue;
                }
            }
        };
        match read {
            Ok((text, format)) => match claimgraph::parse_document(&text, file, format) {
                Ok(document) => documents.push(document),
                Err(error) => problems.extend(load_error_problems(error)),
            },
            Err(error) => problems.push(problem_in_file(file, format!("cannot read: {error}"))),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    ClaimSet::from_documents(documents).map_err(load_error_problems)
}

fn load_error_problems(error: LoadError) -> Vec<Problem> {
    match error {
        LoadError::Invalid(problems) => problems.0,
        // Other load errors name their file in their message.
        other => vec![Problem::new(None, other.to_string())],
    }
}

fn read_standard_input_text() -> io::Result<String> {
    let mut text = String::new();
    io::stdin().lock().read_to_string(&mut text)?;
    Ok(text)
}

fn format_of(file: &str) -> Option<Format> {
    match Path::new(file).extension().and_then(|extension| extension.to_str()) {
        Some(extension) if extension.eq_ignore_ascii_case("json") => Some(Format::Json),
        Some(extension) if extension.eq_ignore_ascii_case("toml") => Some(Format::Toml),
        _ => None,
    }
}
