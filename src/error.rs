//! Errors: problems found in the input, and failures to read it.

use std::fmt;

use crate::document::Location;

/// The kind of record a [`Problem`] is about.
#[derive(Copy, Clone, PartialEq, Eq, Hash, Debug)]
#[non_exhaustive]
pub enum RecordKind {
    /// An actor.
    Actor,
    /// A source.
    Source,
    /// A position.
    Position,
    /// A rule.
    Rule,
    /// An assertion.
    Assertion,
}

impl RecordKind {
    /// `actor`, `source`, `position`, `rule` or `assertion`.
    pub fn as_str(self) -> &'static str {
        match self {
            RecordKind::Actor => "actor",
            RecordKind::Source => "source",
            RecordKind::Position => "position",
            RecordKind::Rule => "rule",
            RecordKind::Assertion => "assertion",
        }
    }
}

/// One thing wrong with the input: where, which record, what.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Problem {
    /// Where the problem is, as far as known.
    pub location: Option<Location>,
    /// The kind of the record at fault and its id (rules without an id: `rule#N`), if known.
    pub record: Option<(RecordKind, String)>,
    /// What is wrong, lowercase, without a trailing period.
    pub message: String,
}

impl Problem {
    /// A problem with no record attached.
    pub fn new(location: Option<Location>, message: impl Into<String>) -> Problem {
        Problem { location, record: None, message: message.into() }
    }

    /// A problem with a record.
    pub fn in_record(
        location: Option<Location>,
        kind: RecordKind,
        id: impl Into<String>,
        message: impl Into<String>,
    ) -> Problem {
        Problem { location, record: Some((kind, id.into())), message: message.into() }
    }
}

impl fmt::Display for Problem {
    /// `file:line:column: kind "id": message`, leaving out what is not known.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(location) = &self.location {
            write!(f, "{location}: ")?;
        }
        if let Some((kind, id)) = &self.record {
            write!(f, "{} {:?}: ", kind.as_str(), id)?;
        }
        f.write_str(&self.message)
    }
}

/// Every problem found in an input, in the order found (by file, then by record).
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct Problems(pub Vec<Problem>);

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, problem) in self.0.iter().enumerate() {
            if index > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{problem}")?;
        }
        Ok(())
    }
}

/// Why a claim set could not be loaded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LoadError {
    /// The input is not a valid claim set; every problem found is listed.
    #[error("{0}")]
    Invalid(Problems),
    /// A file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file as named by the caller.
        path: String,
        /// The underlying error.
        source: std::io::Error,
    },
}

impl LoadError {
    /// The problems, when the input was read but is not valid.
    pub fn problems(&self) -> &[Problem] {
        match self {
            LoadError::Invalid(problems) => &problems.0,
            LoadError::Io { .. } => &[],
        }
    }
}

impl From<Vec<Problem>> for LoadError {
    fn from(problems: Vec<Problem>) -> LoadError {
        LoadError::Invalid(Problems(problems))
    }
}
