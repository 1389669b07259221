//! Building a claim set in code.

use crate::document::Document;

/// Builds a claim set in code; [`ClaimSetBuilder::build`] validates it like a loaded document.
#[derive(Clone, Debug, Default)]
pub struct ClaimSetBuilder {
    pub(crate) document: Document,
}

impl ClaimSetBuilder {
    /// An empty builder.
    pub fn new() -> ClaimSetBuilder {
        ClaimSetBuilder::default()
    }
}
