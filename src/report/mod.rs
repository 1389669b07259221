//! Rendering a [`Report`](crate::Report) as text, JSON or DOT.

use crate::check::Finding;
use crate::model::ClaimSet;

/// One human sentence describing a finding.
pub fn message(claims: &ClaimSet, finding: &Finding) -> String {
    let _ = (claims, finding);
    String::new()
}
