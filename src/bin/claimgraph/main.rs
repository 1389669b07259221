//! The `claimgraph` command line: a thin shell over the library.
//!
//! Exit status: 0 when the check finds nothing, 1 when it finds something, 2 when the input or
//! the command line is wrong. The report is rendered whole before anything is written, so a
//! failure never leaves half a report behind.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use claimgraph::import::{
    DocumentFormat, ImportSummary, Imported, Mapping, import_csv, import_csv_file, write_document,
};
use claimgraph::report::{DotOptions, GroupBy, TextOptions};
use claimgraph::{Checker, ClaimSet, DEFAULT_MAX_SET, Document, Format, LoadError, Location, Problem};

/// The file name that stands for standard input.
const STANDARD_INPUT: &str = "-";

const EXAMPLES: &str = "\
Examples:
  claimgraph check summit.json
  claimgraph check --mapping mapping.toml stances.csv actors.toml
  claimgraph import --mapping mapping.toml stances.csv -o stances.json

Exit status: 0 no findings, 1 findings, 2 the input or the command line is wrong.";

const CHECK_EXAMPLES: &str = "\
Examples:
  claimgraph check summit.json
  claimgraph check --format json nypost.toml wsj.toml
  claimgraph check --format dot summit.json | dot -Tsvg > summit.svg
  claimgraph check --group position --limit 20 many-claims.json
  cat summit.json | claimgraph check -
  claimgraph check --mapping mapping.toml stances.csv actors.toml

A .csv file is read through the mapping given with --mapping (one assertion a row); the import
summary goes to standard error.

Exit status: 0 no findings, 1 findings, 2 the input or the command line is wrong.";

const IMPORT_EXAMPLES: &str = "\
Examples:
  claimgraph import --mapping mapping.toml stances.csv > stances.json
  claimgraph import --mapping mapping.toml stances.csv -o stances.toml
  claimgraph import --mapping mapping.toml --format toml stances.csv -o claims.txt

The output format is --format, else the extension of the output file, else JSON. The output file
is replaced only once the whole document is written. The import summary goes to standard error.

Exit status: 0 imported, 2 the input or the command line is wrong (every problem is named on
standard error, with its line; nothing is written).";

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
    #[command(after_help = CHECK_EXAMPLES)]
    Check(CheckArguments),
    /// Turn a CSV file into a claim-set document (JSON or TOML) through a mapping file.
    #[command(after_help = IMPORT_EXAMPLES)]
    Import(ImportArguments),
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

    /// Mapping file (TOML) that says how the rows of the .csv files become assertions.
    #[arg(long, value_name = "M.toml")]
    mapping: Option<PathBuf>,

    /// Claim-set documents (.json or .toml) and, with --mapping, .csv files, merged into one
    /// claim set; `-` reads JSON from standard input.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<String>,
}

#[derive(Debug, Args)]
struct ImportArguments {
    /// Mapping file (TOML) that says how the rows become assertions.
    #[arg(long, value_name = "M.toml")]
    mapping: PathBuf,

    /// Document format (default: from the extension of the output file, else JSON).
    #[arg(long, value_enum)]
    format: Option<DocumentArgument>,

    /// Output file (default: standard output).
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,

    /// The CSV file, with a header row; `-` reads standard input.
    #[arg(value_name = "FILE.csv")]
    file: String,
}

#[derive(Copy, Clone, Debug, ValueEnum)]
enum DocumentArgument {
    /// JSON, pretty-printed.
    Json,
    /// TOML.
    Toml,
}

impl From<DocumentArgument> for DocumentFormat {
    fn from(format: DocumentArgument) -> DocumentFormat {
        match format {
            DocumentArgument::Json => DocumentFormat::Json,
            DocumentArgument::Toml => DocumentFormat::Toml,
        }
    }
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
        Command::Import(arguments) => import(&arguments),
    }
}

/// Exit status for wrong input or a wrong command line.
const EXIT_WRONG_INPUT: u8 = 2;

/// Writes each problem on a line of standard error.
fn print_problems(problems: &[Problem]) {
    let mut text = String::new();
    for problem in problems {
        text.push_str(&problem.to_string());
        text.push('\n');
    }
    // Nothing more can be done when standard error is closed too.
    let _ = io::stderr().lock().write_all(text.as_bytes());
}

/// Writes the import summary of one CSV file to standard error.
fn print_summary(file: &str, summary: &ImportSummary) {
    let _ = writeln!(io::stderr().lock(), "imported {file}: {summary}");
}

fn wrong_input(problems: &[Problem]) -> ExitCode {
    print_problems(problems);
    ExitCode::from(EXIT_WRONG_INPUT)
}

fn check(arguments: &CheckArguments) -> ExitCode {
    let (claims, summaries) = match load(&arguments.files, arguments.mapping.as_deref()) {
        Ok(loaded) => loaded,
        Err(problems) => return wrong_input(&problems),
    };
    for (file, summary) in &summaries {
        print_summary(file, summary);
    }
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

/// A CSV file and what its import did.
type FileSummary = (String, ImportSummary);

/// Reads, parses and merges every file, collecting the problems of all of them before giving up,
/// so that one run shows everything that is wrong. CSV files go through the mapping (as
/// `claimgraph::import::load_with_mapping` does, but one file at a time so that standard input
/// can be among the files); their import summaries come back with the claim set.
fn load(files: &[String], mapping: Option<&Path>) -> Result<(ClaimSet, Vec<FileSummary>), Vec<Problem>> {
    let mut documents: Vec<Document> = Vec::new();
    let mut problems: Vec<Problem> = Vec::new();
    let mut summaries: Vec<FileSummary> = Vec::new();
    let mapping = match mapping.map(Mapping::load) {
        None => None,
        Some(Ok(mapping)) => Some(mapping),
        Some(Err(error)) => {
            // The CSV files cannot be read without their mapping; the other files still are, so
            // that their problems are shown too.
            problems.extend(load_error_problems(error));
            None
        }
    };
    let mapping_failed = !problems.is_empty();
    let mut read_standard_input = false;
    for file in files {
        if is_csv(file) {
            match &mapping {
                Some(mapping) => match import_csv_file(file, mapping) {
                    Ok(Imported { document, summary, .. }) => {
                        documents.push(document);
                        summaries.push((file.clone(), summary));
                    }
                    Err(error) => problems.extend(load_error_problems(error)),
                },
                None if mapping_failed => {}
                None => problems.push(problem_in_file(file, "a .csv file needs --mapping M.toml")),
            }
            continue;
        }
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
                    problems.push(problem_in_file(
                        file,
                        "unknown file type: expected a .json or .toml file (or a .csv file with --mapping)",
                    ));
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
    let claims = ClaimSet::from_documents(documents).map_err(load_error_problems)?;
    Ok((claims, summaries))
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

fn is_csv(file: &str) -> bool {
    Path::new(file)
        .extension()
        .and_then(|extension| extension.to_str())
        .is_some_and(|extension| extension.eq_ignore_ascii_case("csv"))
}

fn format_of(file: &str) -> Option<Format> {
    match Path::new(file).extension().and_then(|extension| extension.to_str()) {
        Some(extension) if extension.eq_ignore_ascii_case("json") => Some(Format::Json),
        Some(extension) if extension.eq_ignore_ascii_case("toml") => Some(Format::Toml),
        _ => None,
    }
}

fn import(arguments: &ImportArguments) -> ExitCode {
    if let Some(output) = &arguments.output {
        let mut inputs = vec![arguments.mapping.as_path()];
        if arguments.file != STANDARD_INPUT {
            inputs.push(Path::new(&arguments.file));
        }
        if let Some(input) = inputs.into_iter().find(|input| is_same_file(input, output)) {
            let message = format!("refusing to overwrite the input file {}", input.display());
            return wrong_input(&[problem_in_file(&output.display().to_string(), message)]);
        }
    }
    let mapping = match Mapping::load(&arguments.mapping) {
        Ok(mapping) => mapping,
        Err(error) => return wrong_input(&load_error_problems(error)),
    };
    let imported = if arguments.file == STANDARD_INPUT {
        import_csv(io::stdin().lock(), STANDARD_INPUT, &mapping)
    } else {
        import_csv_file(&arguments.file, &mapping)
    };
    let Imported { document, summary, .. } = match imported {
        Ok(imported) => imported,
        Err(error) => return wrong_input(&load_error_problems(error)),
    };
    let format = arguments
        .format
        .map(DocumentFormat::from)
        .or_else(|| arguments.output.as_deref().and_then(DocumentFormat::from_path))
        .unwrap_or(DocumentFormat::Json);
    let text = match write_document(&document, format) {
        Ok(text) => text,
        Err(error) => return wrong_input(&[Problem::new(None, error.to_string())]),
    };
    print_summary(&arguments.file, &summary);
    let written = match &arguments.output {
        Some(output) => write_file_atomically(output, &text).map_err(|error| (output.display().to_string(), error)),
        None => match write_all_to_standard_output(&text) {
            Err(error) if error.kind() != io::ErrorKind::BrokenPipe => Err(("standard output".to_owned(), error)),
            _ => Ok(()),
        },
    };
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err((target, error)) => {
            let _ = writeln!(io::stderr().lock(), "claimgraph: cannot write {target}: {error}");
            ExitCode::from(EXIT_WRONG_INPUT)
        }
    }
}

/// Whether two paths name one existing file (through links and `..` too).
fn is_same_file(first: &Path, second: &Path) -> bool {
    match (fs::canonicalize(first), fs::canonicalize(second)) {
        (Ok(first), Ok(second)) => first == second,
        _ => false,
    }
}

/// Writes `text` to a new file next to `path`, then renames it over `path`: a reader (or a failure
/// half-way) never sees a partly written file, and an existing file stays as it was until the new
/// one is complete.
fn write_file_atomically(path: &Path, text: &str) -> io::Result<()> {
    let folder = match path.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder,
        _ => Path::new("."),
    };
    let name = path.file_name().map_or_else(|| "output".into(), |name| name.to_string_lossy().into_owned());
    let temporary = folder.join(format!(".{name}.claimgraph-{}.tmp", std::process::id()));
    let result = write_new_file(&temporary, text, path).and_then(|()| fs::rename(&temporary, path));
    if result.is_err() {
        // The temporary file is ours; the error to report is the one that made us stop.
        let _ = fs::remove_file(&temporary);
    }
    result
}

/// Creates `path` (which must not exist), writes `text` and flushes it to disk; an existing
/// `replaced` file lends it its permissions.
fn write_new_file(path: &Path, text: &str, replaced: &Path) -> io::Result<()> {
    let mut file: File = OpenOptions::new().write(true).create_new(true).open(path)?;
    file.write_all(text.as_bytes())?;
    if let Ok(metadata) = fs::metadata(replaced) {
        file.set_permissions(metadata.permissions())?;
    }
    file.sync_all()
}
