//! The `claimgraph` command line: a thin shell over the library.
//!
//! Exit status: 0 when the check finds nothing, 1 when it finds something, 2 when the input or
//! the command line is wrong. The report is rendered whole before anything is written, so a
//! failure never leaves half a report behind.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use claimgraph::import::{DocumentFormat, ImportSummary, Imported, import_csv, write_document};
use claimgraph::report::{DotOptions, GroupBy, TextOptions};
use claimgraph::{
    Checker, ClaimSet, DEFAULT_MAX_SET, Document, Format, InputBudget, Limits, LoadError, Location, Problem, Reading,
};

/// A million assertions make tens of millions of small allocations, most of them kept to the end;
/// mimalloc serves them faster than the system allocator and, given transparent huge pages, in
/// far fewer pages (the whole `check` of the 1M workload about a quarter faster: README,
/// Performance).
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod input;
mod synth;

use input::{read_mapping, read_stdin};

use synth::{SYNTH_EXAMPLES, SynthArguments};

/// The file name that stands for standard input.
const STANDARD_INPUT: &str = "-";

const EXAMPLES: &str = "\
Examples:
  claimgraph check summit.json
  claimgraph check --mapping mapping.toml stances.csv actors.toml
  claimgraph import --mapping mapping.toml stances.csv -o stances.json
  claimgraph synth --scale 10000 -o layered-10k.json

Exit status: 0 no findings, 1 findings, 2 the input or the command line is wrong.";

const CHECK_EXAMPLES: &str = "\
Examples:
  claimgraph check summit.json
  claimgraph check --format json nypost.toml wsj.toml
  claimgraph check --format dot summit.json | dot -Tsvg > summit.svg
  claimgraph check --group position --limit 20 many-claims.json
  cat summit.json | claimgraph check -
  claimgraph check --mapping mapping.toml stances.csv actors.toml
  claimgraph check --max-input-bytes 2000000000 --max-records 50000000 huge.json

A .csv file is read through the mapping given with --mapping (one assertion a row); the import
summary goes to standard error. An input over one of the limits is refused with a problem that
names the limit and its flag.

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
    /// Write a synthetic claim set (JSON or TOML) for benchmarks and stress tests.
    #[command(after_help = SYNTH_EXAMPLES)]
    Synth(SynthArguments),
}

#[derive(Debug, Args)]
struct CheckArguments {
    /// Report format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    format: OutputFormat,

    /// Largest conflict set reported, in assertions (1 to 8).
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

    #[command(flatten)]
    limits: CheckLimitArguments,
}

/// The limits of `claimgraph check` (see `claimgraph::Limits`).
#[derive(Debug, Args)]
#[command(next_help_heading = "Limits")]
struct CheckLimitArguments {
    /// Largest input, in bytes, of all the files (the mapping and standard input included)
    /// together.
    #[arg(long, value_name = "BYTES", default_value_t = Limits::DEFAULT_MAX_INPUT_BYTES)]
    max_input_bytes: u64,

    /// Largest number of records (actors, sources, positions, rules and assertions) of all the
    /// files together.
    #[arg(long, value_name = "N", default_value_t = Limits::DEFAULT_MAX_RECORDS)]
    max_records: usize,

    /// Longest id, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = Limits::DEFAULT_MAX_ID_BYTES)]
    max_id_bytes: usize,

    /// Longest text (name, kind, alias, statement, note, quote), in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = Limits::DEFAULT_MAX_TEXT_BYTES)]
    max_text_bytes: usize,

    /// Longest `via` chain of an assertion, in intermediaries.
    #[arg(long, value_name = "N", default_value_t = Limits::DEFAULT_MAX_VIA)]
    max_via: usize,

    /// Longest chain of `speaks_for` (or of `member_of`) links.
    #[arg(long, value_name = "LINKS", default_value_t = Limits::DEFAULT_MAX_DEPTH)]
    max_depth: usize,

    /// Largest number of clauses the rules make together (an `excludes` of n positions makes
    /// n (n - 1) / 2).
    #[arg(long, value_name = "N", default_value_t = Limits::DEFAULT_MAX_CLAUSES)]
    max_clauses: usize,

    /// Largest number of findings reported.
    #[arg(long, value_name = "N", default_value_t = Limits::DEFAULT_MAX_FINDINGS)]
    max_findings: usize,
}

impl CheckLimitArguments {
    /// The one set of limits a check runs within, for reading, validating and checking.
    fn to_limits(&self, max_set: usize) -> Limits {
        Limits::default()
            .max_input_bytes(self.max_input_bytes)
            .max_records(self.max_records)
            .max_id_bytes(self.max_id_bytes)
            .max_text_bytes(self.max_text_bytes)
            .max_via(self.max_via)
            .max_depth(self.max_depth)
            .max_clauses(self.max_clauses)
            .max_set(max_set)
            .max_findings(self.max_findings)
    }
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

    #[command(flatten)]
    limits: ImportLimitArguments,
}

/// The limits that apply to `claimgraph import` (see `claimgraph::Limits`): the document it
/// writes is validated only when it is checked.
#[derive(Debug, Args)]
#[command(next_help_heading = "Limits")]
struct ImportLimitArguments {
    /// Largest input, in bytes, of the mapping and the CSV file together.
    #[arg(long, value_name = "BYTES", default_value_t = Limits::DEFAULT_MAX_INPUT_BYTES)]
    max_input_bytes: u64,

    /// Largest number of records (assertions, and the sources, positions and actors made for
    /// them) in the document written.
    #[arg(long, value_name = "N", default_value_t = Limits::DEFAULT_MAX_RECORDS)]
    max_records: usize,
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
    let ceiling = Limits::MAX_SET_CEILING;
    match text.parse::<usize>() {
        Ok(0) => Err("must be at least 1".to_owned()),
        Ok(max_set) if max_set > ceiling => Err(format!(
            "must be at most {ceiling}: the work grows with the number of sets of K assertions, so K stays small"
        )),
        Ok(max_set) => Ok(max_set),
        Err(_) => Err(format!("expected a whole number from 1 to {ceiling}, not {text:?}")),
    }
}

fn main() -> ExitCode {
    let command_line = CommandLine::parse();
    match command_line.command {
        Command::Check(arguments) => check(&arguments),
        Command::Import(arguments) => import(&arguments),
        Command::Synth(arguments) => synth::synth(&arguments),
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
    let limits = arguments.limits.to_limits(arguments.max_set);
    let (claims, summaries) = match load(&arguments.files, arguments.mapping.as_deref(), &limits) {
        Ok(loaded) => loaded,
        Err(problems) => return wrong_input(&problems),
    };
    for (file, summary) in &summaries {
        print_summary(file, summary);
    }
    let report = Checker::new(&claims).max_set(arguments.max_set).limits(&limits).check();
    let status = if report.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) };
    // The report is complete before its first byte is written: only writing itself can fail.
    // The JSON report, the one made for machines and large claim sets, streams.
    let written = match arguments.format {
        OutputFormat::Text => write_all_to_standard_output(
            &report.to_text_with(&TextOptions { group_by: arguments.group.into(), limit: arguments.limit }),
        ),
        OutputFormat::Json => report.write_json(io::BufWriter::with_capacity(1 << 16, io::stdout().lock())),
        OutputFormat::Dot => {
            write_all_to_standard_output(&report.to_dot_with(&DotOptions { sources: arguments.sources }))
        }
    };
    // The process ends here: taking millions of findings and records apart one by one would
    // only keep the user waiting for memory the system takes back at exit anyway.
    std::mem::forget(report);
    std::mem::forget(claims);
    match written {
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

/// Reads, parses and merges every file within `limits`, collecting the problems of all of them
/// before giving up, so that one run shows everything that is wrong. CSV files go through the
/// mapping (as `claimgraph::import::load_with_mapping` does, but one file at a time so that
/// standard input can be among the files); their import summaries come back with the claim set.
/// The mapping and every file draw on one input-size budget; once an input goes over it, nothing
/// more is read.
fn load(
    files: &[String],
    mapping: Option<&Path>,
    limits: &Limits,
) -> Result<(ClaimSet, Vec<FileSummary>), Vec<Problem>> {
    let mut documents: Vec<Document> = Vec::new();
    let mut problems: Vec<Problem> = Vec::new();
    let mut summaries: Vec<FileSummary> = Vec::new();
    let mut budget = InputBudget::new(limits.max_input_bytes);
    let mapping = match mapping.map(|mapping| read_mapping(mapping, &mut budget)) {
        None => None,
        Some(Ok(mapping)) => Some(mapping),
        Some(Err(found)) => {
            // The CSV files cannot be read without their mapping; the other files still are, so
            // that their problems are shown too.
            problems.extend(found);
            None
        }
    };
    let mapping_failed = !problems.is_empty();
    // Each document was read within what the inputs before it left of the budget.
    let parse_limits = limits.clone().max_input_bytes(u64::MAX);
    let mut read_standard_input = false;
    for file in files {
        if budget.is_exhausted() {
            break;
        }
        if is_csv(file) {
            match &mapping {
                Some(mapping) => {
                    let bytes = match budget.read_file(Path::new(file), file) {
                        Reading::Bytes(bytes) => bytes,
                        Reading::TooLarge(problem) => {
                            problems.push(problem);
                            continue;
                        }
                        Reading::Failed(error) => {
                            // Worded as the library words a file it cannot read.
                            problems.push(Problem::new(None, format!("cannot read {file}: {error}")));
                            continue;
                        }
                    };
                    match import_csv(bytes.as_slice(), file, mapping) {
                        Ok(Imported { document, summary, .. }) => {
                            documents.push(document);
                            summaries.push((file.clone(), summary));
                        }
                        Err(error) => problems.extend(load_error_problems(error)),
                    }
                }
                None if mapping_failed => {}
                None => problems.push(problem_in_file(file, "a .csv file needs --mapping M.toml")),
            }
            continue;
        }
        let (reading, format) = if file == STANDARD_INPUT {
            if read_standard_input {
                problems.push(problem_in_file(file, "standard input can only be read once"));
                continue;
            }
            read_standard_input = true;
            (read_stdin(&mut budget, file), Format::Json)
        } else {
            match format_of(file) {
                Some(format) => (budget.read_file(Path::new(file), file), format),
                None => {
                    problems.push(problem_in_file(
                        file,
                        "unknown file type: expected a .json or .toml file (or a .csv file with --mapping)",
                    ));
                    continue;
                }
            }
        };
        let text = match reading {
            Reading::Bytes(bytes) => match claimgraph::text_from_bytes(bytes, file) {
                Ok(text) => text,
                Err(problem) => {
                    problems.push(problem);
                    continue;
                }
            },
            Reading::TooLarge(problem) => {
                problems.push(problem);
                continue;
            }
            Reading::Failed(error) => {
                problems.push(problem_in_file(file, format!("cannot read: {error}")));
                continue;
            }
        };
        match claimgraph::parse_document_with(&text, file, format, &parse_limits) {
            Ok(document) => documents.push(document),
            Err(error) => problems.extend(load_error_problems(error)),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let claims = ClaimSet::from_documents_with(documents, limits).map_err(load_error_problems)?;
    Ok((claims, summaries))
}

fn load_error_problems(error: LoadError) -> Vec<Problem> {
    match error {
        LoadError::Invalid(problems) => problems.0,
        // Other load errors name their file in their message.
        other => vec![Problem::new(None, other.to_string())],
    }
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
    let mut budget = InputBudget::new(arguments.limits.max_input_bytes);
    let mapping = match read_mapping(&arguments.mapping, &mut budget) {
        Ok(mapping) => mapping,
        Err(problems) => return wrong_input(&problems),
    };
    let reading = if arguments.file == STANDARD_INPUT {
        read_stdin(&mut budget, STANDARD_INPUT)
    } else {
        budget.read_file(Path::new(&arguments.file), &arguments.file)
    };
    let bytes = match reading {
        Reading::Bytes(bytes) => bytes,
        Reading::TooLarge(problem) => return wrong_input(&[problem]),
        Reading::Failed(error) => {
            // Worded as the library words a file it cannot read.
            let message = format!("cannot read {}: {error}", arguments.file);
            return wrong_input(&[Problem::new(None, message)]);
        }
    };
    let Imported { document, summary, .. } = match import_csv(bytes.as_slice(), &arguments.file, &mapping) {
        Ok(imported) => imported,
        Err(error) => return wrong_input(&load_error_problems(error)),
    };
    if let Some(problem) = too_many_records(&document, &arguments.file, arguments.limits.max_records) {
        return wrong_input(&[problem]);
    }
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

/// The problem for a document with more records than `max_records`, worded as the library words
/// it when it reads one.
fn too_many_records(document: &Document, file: &str, max_records: usize) -> Option<Problem> {
    let n_records = document.actors.len()
        + document.sources.len()
        + document.positions.len()
        + document.rules.len()
        + document.assertions.len();
    if n_records <= max_records {
        return None;
    }
    let unit = if max_records == 1 { "record" } else { "records" };
    let message = format!(
        "too many records: {n_records}, more than the limit of {max_records} {unit} (raise it with --max-records)"
    );
    Some(problem_in_file(file, message))
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
    write_file_atomically_with(path, |file| file.write_all(text.as_bytes()))
}

/// Lets `write` fill a new file next to `path`, then renames it over `path`, as
/// `write_file_atomically` does; when `write` fails, the new file is removed and `path` is left as
/// it was.
fn write_file_atomically_with<E: From<io::Error>>(
    path: &Path,
    write: impl FnOnce(&mut File) -> Result<(), E>,
) -> Result<(), E> {
    let folder = match path.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder,
        _ => Path::new("."),
    };
    let name = path.file_name().map_or_else(|| "output".into(), |name| name.to_string_lossy().into_owned());
    let temporary = folder.join(format!(".{name}.claimgraph-{}.tmp", std::process::id()));
    let result = write_new_file(&temporary, write, path).and_then(|()| Ok(fs::rename(&temporary, path)?));
    if result.is_err() {
        // The temporary file is ours; the error to report is the one that made us stop.
        let _ = fs::remove_file(&temporary);
    }
    result
}

/// Creates `path` (which must not exist), lets `write` fill it and flushes it to disk; an
/// existing `replaced` file lends it its permissions.
fn write_new_file<E: From<io::Error>>(
    path: &Path,
    write: impl FnOnce(&mut File) -> Result<(), E>,
    replaced: &Path,
) -> Result<(), E> {
    let mut file: File = OpenOptions::new().write(true).create_new(true).open(path)?;
    write(&mut file)?;
    if let Ok(metadata) = fs::metadata(replaced) {
        file.set_permissions(metadata.permissions())?;
    }
    Ok(file.sync_all()?)
}
