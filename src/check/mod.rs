//! The checker: every minimal set of at most K assertions that cannot hold together.
//!
//! The checker never does I/O and never sees the file format: it reads a validated
//! [`ClaimSet`] and returns a [`Report`] of [`Finding`]s.

mod cones;
mod conflicts;
mod explain;
mod finding;
mod order;
mod run;
mod walk;

#[cfg(test)]
pub(crate) use finding::FindingLists;
pub use finding::{Finding, FindingKind, Reason, Step};

use crate::limits::Limits;
use crate::model::ClaimSet;

/// The default largest conflict set reported.
pub const DEFAULT_MAX_SET: usize = 3;

/// Checks a claim set, with options set builder-style.
///
/// ```
/// use claimgraph::{Checker, ClaimSet, FindingKind};
/// let claims = ClaimSet::from_json_str(r#"{
///   "actors": [{"id": "trump"}],
///   "sources": [{"id": "nypost"}],
///   "positions": [{"id": "g"}, {"id": "t"}],
///   "rules": [{"id": "r1", "if": "g", "then": "t"}],
///   "assertions": [
///     {"id": "post-1", "source": "nypost", "holder": "trump", "stance": "supports", "position": "g"},
///     {"id": "post-2", "source": "nypost", "holder": "trump", "stance": "not_committed", "position": "t"}
///   ]
/// }"#)?;
/// let report = Checker::new(&claims).max_set(3).check();
/// assert_eq!(report.findings().len(), 1);
/// assert_eq!(report.findings()[0].kind(), FindingKind::Contradiction);
/// # Ok::<(), claimgraph::LoadError>(())
/// ```
#[derive(Clone, Debug)]
pub struct Checker<'c> {
    claims: &'c ClaimSet,
    max_set: usize,
    /// The largest number of findings reported.
    max_findings: usize,
}

impl<'c> Checker<'c> {
    /// A checker with the default options (conflict sets of at most 3 assertions).
    pub fn new(claims: &'c ClaimSet) -> Checker<'c> {
        Checker { claims, max_set: DEFAULT_MAX_SET, max_findings: Limits::DEFAULT_MAX_FINDINGS }
    }

    /// Applies the checker's limits: caps K at [`Limits::max_set`](Limits#structfield.max_set)
    /// (call it after [`Checker::max_set`]) and sets the largest number of findings reported.
    ///
    /// ```
    /// use claimgraph::{Checker, ClaimSet, Limits};
    /// let claims = ClaimSet::from_json_str("{}")?;
    /// let checker = Checker::new(&claims).max_set(20).limits(&Limits::default());
    /// assert_eq!(checker.check().max_set(), 8);
    /// # Ok::<(), claimgraph::LoadError>(())
    /// ```
    #[must_use]
    pub fn limits(mut self, limits: &Limits) -> Checker<'c> {
        self.max_set = self.max_set.min(limits.max_set).max(1);
        self.max_findings = limits.max_findings;
        self
    }

    /// The largest conflict set reported (K); at least 1.
    #[must_use]
    pub fn max_set(mut self, max_set: usize) -> Checker<'c> {
        self.max_set = max_set.max(1);
        self
    }

    /// Finds every conflict set of at most K assertions and classifies it.
    ///
    /// # Complexity
    ///
    /// With rules of at most two literals (implications between single positions, exclusions,
    /// equivalences), linear in the number of assertions times the size of the part of the
    /// implication graph reachable from each asserted literal. Rules with more literals are
    /// handled exactly by a search that only looks at the clauses it touches.
    pub fn check(&self) -> Report<'c> {
        let (findings, truncated) = run::run(self.claims, self.max_set, self.max_findings);
        let truncation = truncated.then_some(Truncation { max_findings: self.max_findings });
        Report { claims: self.claims, findings, max_set: self.max_set, truncation }
    }

    /// The largest number of findings reported (see [`Checker::limits`]).
    #[must_use]
    pub fn max_findings(mut self, max_findings: usize) -> Checker<'c> {
        self.max_findings = max_findings;
        self
    }
}

/// The findings of one check, sorted by kind, then holder (claims of fact first), then the list
/// of assertion ids.
///
/// Renders as the text report through `Display`; [`Report::to_json`] and [`Report::to_dot`] give
/// the other formats.
#[derive(Clone, Debug)]
pub struct Report<'c> {
    pub(crate) claims: &'c ClaimSet,
    pub(crate) findings: Vec<Finding>,
    pub(crate) max_set: usize,
    pub(crate) truncation: Option<Truncation>,
}

/// Why a report lists fewer findings than the claim set has.
///
/// The checker stops collecting once it holds the limit's number of findings. The ones kept are
/// the first found in the checker's fixed order (claims of fact, then actors by id, each actor's
/// own conflict sets before its group's dissents), so they do not depend on the input's order.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
#[non_exhaustive]
pub struct Truncation {
    /// The limit on the number of findings reported that was reached.
    pub max_findings: usize,
}

impl std::fmt::Display for Truncation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "stopped after {} findings, the limit on findings reported (raise it with --max-findings); \
             more conflict sets exist",
            self.max_findings
        )
    }
}

impl<'c> Report<'c> {
    /// The claim set that was checked.
    pub fn claims(&self) -> &'c ClaimSet {
        self.claims
    }
    /// The findings, in report order.
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }
    /// The number of findings of one kind.
    pub fn count(&self, kind: FindingKind) -> usize {
        self.findings.iter().filter(|finding| finding.kind == kind).count()
    }
    /// The largest conflict set the check looked for.
    pub fn max_set(&self) -> usize {
        self.max_set
    }
    /// Why the list of findings is incomplete, when the checker stopped at the limit.
    ///
    /// ```
    /// use claimgraph::{Checker, ClaimSet};
    /// let claims = ClaimSet::from_json_str(r#"{
    ///   "sources": [{"id": "s"}], "positions": [{"id": "p"}],
    ///   "assertions": [
    ///     {"id": "a", "source": "s", "stance": "supports", "position": "p"},
    ///     {"id": "b", "source": "s", "stance": "opposes", "position": "p"},
    ///     {"id": "c", "source": "s", "stance": "opposes", "position": "p"}
    ///   ]
    /// }"#)?;
    /// let report = Checker::new(&claims).max_findings(1).check();
    /// assert_eq!(report.findings().len(), 1);
    /// assert_eq!(report.truncation().map(|t| t.max_findings), Some(1));
    /// # Ok::<(), claimgraph::LoadError>(())
    /// ```
    pub fn truncation(&self) -> Option<Truncation> {
        self.truncation
    }
    /// Whether the check found nothing.
    pub fn is_empty(&self) -> bool {
        self.findings.is_empty()
    }
}
#[cfg(test)]
mod tests;
