//! The claim-set document as written on disk (JSON or TOML): serde wire types and the readers.
//!
//! Wire types mirror the file format field for field and hold text as written (ids, stance
//! names, dates). They are turned into a validated [`ClaimSet`](crate::ClaimSet) once, by
//! `model::validate`; nothing after that sees them.

mod fast_json;
mod input;
mod json;
#[cfg(test)]
mod tests;
mod toml;
mod wire;

pub use wire::{
    ActorRecord, AssertionRecord, Document, LiteralList, Location, PositionRecord, RuleRecord, SourceRecord, WhenRecord,
};

pub use input::{InputBudget, Reading, text_from_bytes};
pub(crate) use json::read_json;
pub(crate) use toml::read_toml;

use std::path::Path;

use crate::error::{LoadError, Problem};
use crate::limits::{Limits, over_limit};
use crate::model::ClaimSet;

/// The two document formats.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
#[non_exhaustive]
pub enum Format {
    /// JSON (`.json`).
    Json,
    /// TOML (`.toml`).
    Toml,
}

/// Parses one document in the given format, within the default [`Limits`]; `file` names it in
/// problems.
///
/// # Errors
///
/// [`LoadError::Invalid`] with every problem found.
pub fn parse_document(text: &str, file: &str, format: Format) -> Result<Document, LoadError> {
    parse_document_with(text, file, format, &Limits::default())
}

/// Parses one document in the given format within `limits` (its size and number of records);
/// `file` names it in problems.
///
/// ```
/// use claimgraph::{Format, Limits, parse_document_with};
/// let limits = Limits::default().max_records(1);
/// let text = r#"{"positions": [{"id": "a"}, {"id": "b"}]}"#;
/// let error = parse_document_with(text, "claims.json", Format::Json, &limits).unwrap_err();
/// assert_eq!(
///     error.to_string(),
///     "claims.json:1:29: too many records: more than the limit of 1 record (raise it with --max-records)"
/// );
/// ```
///
/// # Errors
///
/// [`LoadError::Invalid`] with every problem found.
pub fn parse_document_with(text: &str, file: &str, format: Format, limits: &Limits) -> Result<Document, LoadError> {
    let size = u64::try_from(text.len()).unwrap_or(u64::MAX);
    if size > limits.max_input_bytes {
        return Err(LoadError::from(vec![input_too_large(file, Some(size), limits)]));
    }
    match format {
        Format::Json => read_json(text, file, limits),
        Format::Toml => read_toml(text, file, limits),
    }
    .map_err(LoadError::from)
}

/// The problem for an input over [`Limits::max_input_bytes`]: its size when known (the files
/// read before it included), else only that it is too large (a pipe or a growing file).
fn input_too_large(file: &str, size: Option<u64>, limits: &Limits) -> Problem {
    let location = Location { file: file.to_owned(), line: None, column: None };
    let limit = over_limit(limits.max_input_bytes, "byte", "bytes", "--max-input-bytes");
    let message = match size {
        Some(size) => format!("the input is {size} bytes long, {limit}"),
        None => format!("the input is {limit}"),
    };
    Problem::new(Some(location), message)
}

impl ClaimSet {
    /// Reads and validates one JSON document, within the default [`Limits`].
    ///
    /// # Errors
    ///
    /// [`LoadError::Invalid`] with every problem found.
    pub fn from_json_str(text: &str) -> Result<ClaimSet, LoadError> {
        ClaimSet::from_json_str_with(text, &Limits::default())
    }

    /// Reads and validates one JSON document within `limits`.
    ///
    /// # Errors
    ///
    /// [`LoadError::Invalid`] with every problem found.
    pub fn from_json_str_with(text: &str, limits: &Limits) -> Result<ClaimSet, LoadError> {
        ClaimSet::from_documents_with(vec![parse_document_with(text, "<json>", Format::Json, limits)?], limits)
    }

    /// Reads and validates one TOML document, within the default [`Limits`].
    ///
    /// # Errors
    ///
    /// [`LoadError::Invalid`] with every problem found.
    pub fn from_toml_str(text: &str) -> Result<ClaimSet, LoadError> {
        ClaimSet::from_toml_str_with(text, &Limits::default())
    }

    /// Reads and validates one TOML document within `limits`.
    ///
    /// # Errors
    ///
    /// [`LoadError::Invalid`] with every problem found.
    pub fn from_toml_str_with(text: &str, limits: &Limits) -> Result<ClaimSet, LoadError> {
        ClaimSet::from_documents_with(vec![parse_document_with(text, "<toml>", Format::Toml, limits)?], limits)
    }

    /// Merges documents into one claim set and validates it, within the default [`Limits`].
    ///
    /// # Errors
    ///
    /// [`LoadError::Invalid`] with every problem found.
    pub fn from_documents(documents: Vec<Document>) -> Result<ClaimSet, LoadError> {
        ClaimSet::from_documents_with(documents, &Limits::default())
    }

    /// Merges documents into one claim set and validates it within `limits` (records, ids,
    /// texts, `via` chains, `speaks_for` and `member_of` depth).
    ///
    /// ```
    /// use claimgraph::{ActorRecord, ClaimSet, Document, Limits};
    /// let mut document = Document::new();
    /// document.actors = vec![
    ///     ActorRecord::new("trump").speaks_for(["us"]),
    ///     ActorRecord::new("us").speaks_for(["g7"]),
    ///     ActorRecord::new("g7"),
    /// ];
    /// let error = ClaimSet::from_documents_with(vec![document], &Limits::default().max_depth(1)).unwrap_err();
    /// assert_eq!(
    ///     error.to_string(),
    ///     "actor \"trump\": speaks_for chain of 2 links from here (trump -> us -> g7), \
    ///      more than the limit of 1 link (raise it with --max-depth)"
    /// );
    /// ```
    ///
    /// # Errors
    ///
    /// [`LoadError::Invalid`] with every problem found.
    pub fn from_documents_with(documents: Vec<Document>, limits: &Limits) -> Result<ClaimSet, LoadError> {
        crate::model::validate(documents, limits).map_err(LoadError::from)
    }

    /// Reads files (`.json` or `.toml`, by extension), merges and validates them, within the
    /// default [`Limits`].
    ///
    /// # Errors
    ///
    /// [`LoadError::Io`] when a file cannot be read, else [`LoadError::Invalid`] with every
    /// problem found in all the files.
    pub fn load<P: AsRef<Path>>(paths: &[P]) -> Result<ClaimSet, LoadError> {
        ClaimSet::load_with(paths, &Limits::default())
    }

    /// Reads files (`.json` or `.toml`, by extension), merges and validates them within
    /// `limits`. A file that is not UTF-8 text is a problem of its own, located at its first
    /// byte that is not; files together larger than [`Limits::max_input_bytes`] are not read
    /// past the limit.
    ///
    /// # Errors
    ///
    /// [`LoadError::Io`] when a file cannot be read, else [`LoadError::Invalid`] with every
    /// problem found in all the files.
    pub fn load_with<P: AsRef<Path>>(paths: &[P], limits: &Limits) -> Result<ClaimSet, LoadError> {
        let mut documents = Vec::new();
        let mut problems = Vec::new();
        let mut budget = InputBudget::new(limits.max_input_bytes);
        for path in paths {
            let path = path.as_ref();
            let name = path.display().to_string();
            let format = match path.extension().and_then(|extension| extension.to_str()) {
                Some("json") => Format::Json,
                Some("toml") => Format::Toml,
                _ => {
                    problems.push(Problem::new(
                        Some(Location { file: name, line: None, column: None }),
                        "unknown file type: expected a .json or .toml file",
                    ));
                    continue;
                }
            };
            let bytes = match budget.read_file(path, &name) {
                Reading::Bytes(bytes) => bytes,
                Reading::TooLarge(problem) => {
                    // Nothing after this file is read either: it could not fit.
                    problems.push(problem);
                    break;
                }
                Reading::Failed(source) => return Err(LoadError::Io { path: name, source }),
            };
            let text = match text_from_bytes(bytes, &name) {
                Ok(text) => text,
                Err(problem) => {
                    problems.push(problem);
                    continue;
                }
            };
            // The size was checked while reading, against what the files before it left.
            match parse_document_with(&text, &name, format, &limits.clone().max_input_bytes(u64::MAX)) {
                Ok(document) => documents.push(document),
                Err(LoadError::Invalid(found)) => problems.extend(found.0),
                Err(other) => return Err(other),
            }
        }
        if !problems.is_empty() {
            return Err(LoadError::from(problems));
        }
        ClaimSet::from_documents_with(documents, limits)
    }
}
