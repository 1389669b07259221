//! Findings: what the checker reports, as data.

use std::fmt;

use crate::model::{ActorId, AssertionId, ClaimSet, Literal, RuleId, SourceId, Window};

/// The four kinds of finding, in the order reports list them.
#[derive(Copy, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
#[non_exhaustive]
pub enum FindingKind {
    /// An inconsistent conflict set whose windows share at least one day.
    Contradiction,
    /// A tense conflict set (two possibilities that cannot both be) whose windows share a day.
    Tension,
    /// An inconsistent conflict set whose windows share no day: a change of position.
    Reversal,
    /// A conflict set between what counts for a group and what one of its members holds.
    Dissent,
}

impl FindingKind {
    /// All kinds in report order.
    pub const ALL: [FindingKind; 4] =
        [FindingKind::Contradiction, FindingKind::Tension, FindingKind::Reversal, FindingKind::Dissent];

    /// `contradiction`, `tension`, `reversal` or `dissent`.
    pub fn as_str(self) -> &'static str {
        match self {
            FindingKind::Contradiction => "contradiction",
            FindingKind::Tension => "tension",
            FindingKind::Reversal => "reversal",
            FindingKind::Dissent => "dissent",
        }
    }
}

impl fmt::Display for FindingKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a literal holds in a [`Finding`]'s derivation.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
#[non_exhaustive]
pub enum Reason {
    /// An assertion of the set states it (its stance's literal).
    Assertion(AssertionId),
    /// A rule forces it from literals earlier in the derivation.
    Rule(RuleId),
}

/// One step of a finding's derivation: a literal and why it holds.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub struct Step {
    /// The literal that holds at this step.
    pub literal: Literal,
    /// Why it holds.
    pub reason: Reason,
}

/// A minimal set of assertions that cannot hold together, with the rules that show it.
///
/// Findings are data: ids, kind, rules and window. Their lists are boxed slices, made at their
/// exact length: a large check holds millions of them. [`Finding::display`] renders one as a
/// sentence for a person.
#[derive(Clone, PartialEq, Debug)]
pub struct Finding {
    pub(crate) kind: FindingKind,
    pub(crate) holder: Option<ActorId>,
    pub(crate) actors: Box<[ActorId]>,
    pub(crate) assertions: Box<[AssertionId]>,
    pub(crate) sources: Box<[SourceId]>,
    pub(crate) cross_source: bool,
    pub(crate) rules: Box<[RuleId]>,
    pub(crate) window: Option<Window>,
    pub(crate) derivation: Box<[Step]>,
    /// The literal that both holds and fails at the end of the derivation, when one step of
    /// forcing shows the conflict; `None` when it takes a case split over a `then_any` rule.
    pub(crate) clash: Option<Literal>,
}

impl Finding {
    /// The kind of finding.
    pub fn kind(&self) -> FindingKind {
        self.kind
    }
    /// The actor whose positions conflict (for a dissent, the group); `None` for claims of fact.
    pub fn holder(&self) -> Option<ActorId> {
        self.holder
    }
    /// The distinct holders of the set's assertions, sorted by id.
    pub fn actors(&self) -> &[ActorId] {
        &self.actors
    }
    /// The conflict set, sorted by id.
    pub fn assertions(&self) -> &[AssertionId] {
        &self.assertions
    }
    /// The distinct sources of the set's assertions, sorted by id.
    pub fn sources(&self) -> &[SourceId] {
        &self.sources
    }
    /// Whether the set's attribution chains (source plus via) are not all the same.
    pub fn is_cross_source(&self) -> bool {
        self.cross_source
    }
    /// A minimal set of rules that shows the conflict, sorted by id.
    pub fn rules(&self) -> &[RuleId] {
        &self.rules
    }
    /// The days common to the set; `None` for a reversal.
    pub fn window(&self) -> Option<Window> {
        self.window
    }
    /// The chain of literals from the assertions through the rules to the clash.
    pub fn derivation(&self) -> &[Step] {
        &self.derivation
    }
    /// The literal whose truth and falsity both follow, when a chain of forced steps shows it.
    pub fn clash(&self) -> Option<Literal> {
        self.clash
    }
    /// Renders the finding as one sentence, naming actors, positions and sources.
    pub fn display<'a>(&'a self, claims: &'a ClaimSet) -> impl fmt::Display + 'a {
        FindingSentence { finding: self, claims }
    }
}

struct FindingSentence<'a> {
    finding: &'a Finding,
    claims: &'a ClaimSet,
}

impl fmt::Display for FindingSentence<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::report::message(self.claims, self.finding))
    }
}
