//! Reading inputs within `max_input_bytes`: every file, standard input and mapping of one load
//! draw on one budget, and none is read more than one byte past what is left of it, whatever size
//! it claims to have (a pipe, a device or a file that is still growing).

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use crate::document::Location;
use crate::error::Problem;
use crate::limits::over_limit;

/// What is left of the input-size budget shared by the inputs of one load.
///
/// ```
/// use claimgraph::{InputBudget, Reading};
/// let mut budget = InputBudget::new(10);
/// assert!(matches!(budget.read(&b"{}"[..], None, "a.json"), Reading::Bytes(bytes) if bytes == b"{}"));
/// let Reading::TooLarge(problem) = budget.read(&b"0123456789"[..], None, "b.json") else { panic!() };
/// assert_eq!(problem.to_string(), "b.json: the input is more than the limit of 10 bytes (raise it with --max-input-bytes)");
/// assert!(budget.is_exhausted());
/// ```
#[derive(Debug)]
pub struct InputBudget {
    limit: u64,
    used: u64,
    exhausted: bool,
}

/// What reading one input within an [`InputBudget`] gave.
#[derive(Debug)]
pub enum Reading {
    /// The whole input, within the budget.
    Bytes(Vec<u8>),
    /// The input went over the budget; the problem says so, with the flag that raises it.
    TooLarge(Problem),
    /// The input could not be read.
    Failed(io::Error),
}

impl InputBudget {
    /// A budget of `limit` bytes for all the inputs together.
    pub fn new(limit: u64) -> InputBudget {
        InputBudget { limit, used: 0, exhausted: false }
    }

    /// Whether an input already went over the budget: nothing more should be read after that.
    pub fn is_exhausted(&self) -> bool {
        self.exhausted
    }

    /// Reads a file whole if it fits in what is left; `name` names it in the problem.
    pub fn read_file(&mut self, path: &Path, name: &str) -> Reading {
        let file = match File::open(path) {
            Ok(file) => file,
            Err(error) => return Reading::Failed(error),
        };
        let size = file.metadata().ok().filter(|metadata| metadata.is_file()).map(|metadata| metadata.len());
        self.read(file, size, name)
    }

    /// Reads `reader` whole if it fits in what is left; `size` is what it claims to hold, when
    /// it says, and `name` names it in the problem.
    pub fn read(&mut self, reader: impl Read, size: Option<u64>, name: &str) -> Reading {
        let left = self.limit.saturating_sub(self.used);
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
    /// included) when known.
    fn too_large(&mut self, name: &str, size: Option<u64>) -> Reading {
        self.exhausted = true;
        let limit = over_limit(self.limit, "byte", "bytes", "--max-input-bytes");
        let message = match size {
            Some(size) => format!("the input is {} bytes long, {limit}", self.used.saturating_add(size)),
            None => format!("the input is {limit}"),
        };
        let location = Location { file: name.to_owned(), line: None, column: None };
        Reading::TooLarge(Problem::new(Some(location), message))
    }
}

/// The bytes as text, or the problem for the first byte that is not UTF-8, at its line and
/// column; `file` names the input in the problem.
///
/// # Errors
///
/// The [`Problem`] when the bytes are not UTF-8.
pub fn text_from_bytes(bytes: Vec<u8>, file: &str) -> Result<String, Problem> {
    String::from_utf8(bytes).map_err(|error| {
        let bytes = error.as_bytes();
        let valid_up_to = error.utf8_error().valid_up_to();
        // The bytes before the error are valid UTF-8, so lines and columns count characters.
        let before = std::str::from_utf8(bytes.get(..valid_up_to).unwrap_or_default()).unwrap_or_default();
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |last_line| last_line.chars().count()) + 1;
        let bad = bytes.get(valid_up_to).map_or_else(String::new, |byte| format!(" (byte 0x{byte:02x})"));
        let location = Location { file: file.to_owned(), line: Some(line), column: Some(column) };
        Problem::new(
            Some(location),
            format!("invalid UTF-8{bad} at byte offset {valid_up_to}: claim sets must be UTF-8 text"),
        )
    })
}
