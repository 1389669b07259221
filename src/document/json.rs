//! Reading JSON documents.

use super::Document;
use crate::error::Problem;

/// Parses a JSON claim-set document, reporting every problem found.
pub(crate) fn read_json(text: &str, file: &str) -> Result<Document, Vec<Problem>> {
    let _ = file;
    serde_json::from_str(text).map_err(|error| vec![Problem::new(None, error.to_string())])
}
