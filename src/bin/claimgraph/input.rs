//! Reading the inputs of one command within `--max-input-bytes`: every file, standard input and
//! the mapping draw on one budget, and none is read more than one byte past what is left of it,
//! whatever size it claims to have (a pipe, a device or a file that is still growing).

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use claimgraph::import::Mapping;
use claimgraph::{LoadError, Location, Problem};

/// What is left of the input-size budget of one command.
#[derive(Debug)]
pub(crate) struct InputBudget {
    /// The limit, for all the inputs together.
    limit: u64,
    /// The bytes read so far.
    used: u64,
    /// Whether an input went over the limit: nothing more is read after that.
    exhausted: bool,
}

/// What reading one input gave.
#[derive(Debug)]
pub(crate) enum Reading {
    /// The whole input, within the budget.
    Bytes(Vec<u8>),
    /// The input went over the budget; the problem says so.
    TooLarge(Problem),
    /// The input could not be read.
    Failed(io::Error),
}

impl InputBudget {
    pub(crate) fn new(limit: u64) -> InputBudget {
        InputBudget { limit, used: 0, exhausted: false }
    }

    /// Whether an input already went over the limit.
    pub(crate) fn is_exhausted(&self) -> bool {
        self.exhausted
    }

    fn left(&self) -> u64 {
        self.limit.saturating_sub(self.used)
    }

    /// Reads a file whole if it fits in what is left of the budget.
    pub(crate) fn read_file(&mut self, path: &Path, name: &str) -> Reading {
        let file = match File::open(path) {
            Ok(file) => file,
            Err(error) => return Reading::Failed(error),
        };
        let size = file.metadata().ok().filter(|metadata| metadata.is_file()).map(|metadata| metadata.len());
        self.read(file, size, name)
    }

    /// Reads standard input whole if it fits in what is left of the budget.
    pub(crate) fn read_standard_input(&mut self, name: &str) -> Reading {
        self.read(io::stdin().lock(), None, name)
    }

    /// Reads `reader` whole if it fits in what is left of the budget; `size` is what it claims to
    /// hold, when it says.
    fn read(&mut self, reader: impl Read, size: Option<u64>, name: &str) -> Reading {
        let left = self.left();
        if let Some(size) = size.filter(|size| *size > left) {
            return self.too_large(name, Some(size));
        }
        let capacity = size.and_then(|size| usize::try_from(size).ok()).unwrap_or(0);
        let mut bytes = Vec::with_capacity(capacity);
        if let Err(error) = reader.take(left.saturating_add(1)).read_to_end(&mut bytes) {
            return Reading::Failed(error);
        }
        let n_bytes = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
        if n_bytes > left {
            // A file that grew past its size, or a pipe: how large it is stays unknown.
            return self.too_large(name, size.filter(|size| *size > left));
        }
        self.used = self.used.saturating_add(n_bytes);
        Reading::Bytes(bytes)
    }

    /// The problem for an input over the budget, with its size (the inputs read before it
    /// included) when known, as the library words it.
    fn too_large(&mut self, name: &str, size: Option<u64>) -> Reading {
        self.exhausted = true;
        let unit = if self.limit == 1 { "byte" } else { "bytes" };
        let limit = format!("more than the limit of {} {unit} (raise it with --max-input-bytes)", self.limit);
        let message = match size {
            Some(size) => format!("the input is {} bytes long, {limit}", self.used.saturating_add(size)),
            None => format!("the input is {limit}"),
        };
        Reading::TooLarge(Problem::new(Some(location(name, None)), message))
    }
}

fn location(file: &str, line_and_column: Option<(usize, usize)>) -> Location {
    Location {
        file: file.to_owned(),
        line: line_and_column.map(|(line, _)| line),
        column: line_and_column.map(|(_, column)| column),
    }
}

/// The bytes as text, or the problem for the first byte that is not UTF-8, at its line and
/// column (as the library reports it for files).
pub(crate) fn into_text(bytes: Vec<u8>, name: &str) -> Result<String, Problem> {
    String::from_utf8(bytes).map_err(|error| invalid_utf8(name, error.as_bytes(), error.utf8_error()))
}

fn invalid_utf8(file: &str, bytes: &[u8], error: std::str::Utf8Error) -> Problem {
    let valid_up_to = error.valid_up_to();
    // The bytes before the error are valid UTF-8, so lines and columns count characters.
    let before = std::str::from_utf8(bytes.get(..valid_up_to).unwrap_or_default()).unwrap_or_default();
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |last_line| last_line.chars().count()) + 1;
    let bad = bytes.get(valid_up_to).map_or_else(String::new, |byte| format!(" (byte 0x{byte:02x})"));
    Problem::new(
        Some(location(file, Some((line, column)))),
        format!("invalid UTF-8{bad} at byte offset {valid_up_to}: claim sets must be UTF-8 text"),
    )
}

/// Reads a mapping file within the budget; problems name the file.
pub(crate) fn read_mapping(path: &Path, budget: &mut InputBudget) -> Result<Mapping, Vec<Problem>> {
    let name = path.display().to_string();
    let bytes = match budget.read_file(path, &name) {
        Reading::Bytes(bytes) => bytes,
        Reading::TooLarge(problem) => return Err(vec![problem]),
        // Worded as the library words a file it cannot read.
        Reading::Failed(error) => return Err(vec![Problem::new(None, format!("cannot read {name}: {error}"))]),
    };
    let text = into_text(bytes, &name).map_err(|problem| vec![problem])?;
    Mapping::from_toml_str(&text).map_err(|error| match error {
        LoadError::Invalid(problems) => problems
            .0
            .into_iter()
            .map(|mut problem| {
                // The library names text it was given `<mapping>`; this text is the file's.
                if let Some(location) = &mut problem.location {
                    location.file.clone_from(&name);
                }
                problem
            })
            .collect(),
        other => vec![Problem::new(None, other.to_string())],
    })
}
