//! Reading TOML documents.

use super::Document;
use crate::error::Problem;

/// Parses a TOML claim-set document, reporting every problem found.
pub(crate) fn read_toml(text: &str, file: &str) -> Result<Document, Vec<Problem>> {
    let _ = file;
    ::toml::from_str(text).map_err(|error| vec![Problem::new(None, error.to_string())])
}
