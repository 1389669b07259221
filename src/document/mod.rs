//! The claim-set document as written on disk (JSON or TOML): serde wire types and the readers.
//!
//! Wire types mirror the file format field for field and hold text as written (ids, stance
//! names, dates). They are turned into a validated [`ClaimSet`](crate::ClaimSet) once, by
//! `model::validate`; nothing after that sees them.

mod json;
mod toml;
mod wire;

pub use wire::{
    ActorRecord, AssertionRecord, Document, LiteralList, Location, PositionRecord, RuleRecord, SourceRecord, WhenRecord,
};

pub(crate) use json::read_json;
pub(crate) use toml::read_toml;

use std::path::Path;

use crate::error::LoadError;
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

/// Parses one document in the given format; `file` names it in problems.
///
/// # Errors
///
/// [`LoadError::Invalid`] with every problem found.
pub fn parse_document(text: &str, file: &str, format: Format) -> Result<Document, LoadError> {
    match format {
        Format::Json => read_json(text, file),
        Format::Toml => read_toml(text, file),
    }
    .map_err(LoadError::from)
}

impl ClaimSet {
    /// Reads and validates one JSON document.
    ///
    /// # Errors
    ///
    /// [`LoadError::Invalid`] with every problem found.
    pub fn from_json_str(text: &str) -> Result<ClaimSet, LoadError> {
        ClaimSet::from_documents(vec![parse_document(text, "<json>", Format::Json)?])
    }

    /// Reads and validates one TOML document.
    ///
    /// # Errors
    ///
    /// [`LoadError::Invalid`] with every problem found.
    pub fn from_toml_str(text: &str) -> Result<ClaimSet, LoadError> {
        ClaimSet::from_documents(vec![parse_document(text, "<toml>", Format::Toml)?])
    }

    /// Merges documents into one claim set and validates it.
    ///
    /// # Errors
    ///
    /// [`LoadError::Invalid`] with every problem found.
    pub fn from_documents(documents: Vec<Document>) -> Result<ClaimSet, LoadError> {
        crate::model::validate(documents).map_err(LoadError::from)
    }

    /// Reads files (`.json` or `.toml`, by extension), merges and validates them.
    ///
    /// # Errors
    ///
    /// [`LoadError::Io`] when a file cannot be read, else [`LoadError::Invalid`] with every
    /// problem found in all the files.
    pub fn load<P: AsRef<Path>>(paths: &[P]) -> Result<ClaimSet, LoadError> {
        let mut documents = Vec::new();
        let mut problems = Vec::new();
        for path in paths {
            let path = path.as_ref();
            let name = path.display().to_string();
            let format = match path.extension().and_then(|extension| extension.to_str()) {
                Some("json") => Format::Json,
                Some("toml") => Format::Toml,
                _ => {
                    problems.push(crate::Problem::new(
                        Some(crate::Location { file: name, line: None, column: None }),
                        "unknown file type: expected a .json or .toml file",
                    ));
                    continue;
                }
            };
            let text = std::fs::read_to_string(path).map_err(|source| LoadError::Io { path: name.clone(), source })?;
            match parse_document(&text, &name, format) {
                Ok(document) => documents.push(document),
                Err(LoadError::Invalid(found)) => problems.extend(found.0),
                Err(other) => return Err(other),
            }
        }
        if !problems.is_empty() {
            return Err(LoadError::from(problems));
        }
        ClaimSet::from_documents(documents)
    }
}
