//! Findings: what the checker reports, as data.

use std::fmt;
use std::sync::Arc;

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
///
/// Packed in eight bytes: a large check keeps tens of millions of steps, most of its findings'
/// memory. Claim sets hold fewer than 2^31 records of each kind (validation says so), which
/// leaves a bit for the negation and one for the kind of reason.
///
/// ```
/// use claimgraph::{Literal, PositionId, Reason, RuleId, Step};
/// # let claims = claimgraph::ClaimSet::from_json_str(
/// #     r#"{"positions": [{"id": "p"}], "rules": [{"id": "r", "if": "p", "then": "!p"}]}"#)?;
/// # let (position, rule): (PositionId, RuleId) = (claims.position_id("p").unwrap(), claims.rule_id("r").unwrap());
/// let step = Step::new(Literal::negative(position), Reason::Rule(rule));
/// assert_eq!(step.literal(), Literal::negative(position));
/// assert_eq!(step.reason(), Reason::Rule(rule));
/// # Ok::<(), claimgraph::LoadError>(())
/// ```
#[derive(Copy, Clone, PartialEq, Eq)]
pub struct Step {
    /// The literal: its position's index times two, plus one for a negation.
    literal: u32,
    /// The index of the assertion or the rule, with [`Step::RULE`] set for a rule.
    reason: u32,
}

impl Step {
    /// The bit of [`Step::reason`] that marks a rule.
    const RULE: u32 = 1 << 31;

    /// A step: `literal` holds because of `reason`.
    pub fn new(literal: Literal, reason: Reason) -> Step {
        Step::of_lit(crate::logic::Lit::from_literal(literal), reason)
    }

    /// [`Step::new`] from the checker's literal, which is already the number a step keeps.
    pub(crate) fn of_lit(literal: crate::logic::Lit, reason: Reason) -> Step {
        let reason = match reason {
            Reason::Assertion(assertion) => assertion.index() as u32,
            Reason::Rule(rule) => rule.index() as u32 | Step::RULE,
        };
        Step { literal: literal.0, reason }
    }

    /// The literal that holds at this step.
    pub fn literal(&self) -> Literal {
        crate::logic::Lit(self.literal).to_literal()
    }

    /// Why it holds.
    pub fn reason(&self) -> Reason {
        let index = (self.reason & !Step::RULE) as usize;
        if self.reason & Step::RULE == 0 {
            Reason::Assertion(AssertionId::from_index(index))
        } else {
            Reason::Rule(RuleId::from_index(index))
        }
    }
}

impl fmt::Debug for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Step").field("literal", &self.literal()).field("reason", &self.reason()).finish()
    }
}

/// A minimal set of assertions that cannot hold together, with the rules that show it.
///
/// Findings are data: ids, kind, rules and window. A large check makes millions of them, so the
/// findings made together (those of one pool) keep their lists in one shared block rather than
/// five allocations each; cloning a finding shares the block. [`Finding::display`] renders one
/// as a sentence for a person.
#[derive(Clone)]
pub struct Finding {
    pub(crate) kind: FindingKind,
    pub(crate) holder: Option<ActorId>,
    pub(crate) cross_source: bool,
    pub(crate) window: Option<Window>,
    /// The literal that both holds and fails at the end of the derivation, when one step of
    /// forcing shows the conflict; `None` when it takes a case split over a `then_any` rule.
    pub(crate) clash: Option<Literal>,
    pub(crate) lists: Arc<FindingLists>,
    pub(crate) spans: FindingSpans,
}

/// The lists of findings made together, each finding's one after the other in each list.
#[derive(Clone, PartialEq, Debug, Default)]
pub(crate) struct FindingLists {
    pub(crate) actors: Vec<ActorId>,
    pub(crate) assertions: Vec<AssertionId>,
    pub(crate) sources: Vec<SourceId>,
    pub(crate) rules: Vec<RuleId>,
    pub(crate) derivation: Vec<Step>,
}

impl FindingLists {
    /// Empties the lists, keeping their room.
    pub(crate) fn clear(&mut self) {
        self.actors.clear();
        self.assertions.clear();
        self.sources.clear();
        self.rules.clear();
        self.derivation.clear();
    }

    /// A copy made at its exact length: blocks are held for as long as their findings.
    pub(crate) fn exact_copy(&self) -> FindingLists {
        FindingLists {
            actors: self.actors.as_slice().to_vec(),
            assertions: self.assertions.as_slice().to_vec(),
            sources: self.sources.as_slice().to_vec(),
            rules: self.rules.as_slice().to_vec(),
            derivation: self.derivation.as_slice().to_vec(),
        }
    }
}

/// Where one finding's lists lie in its [`FindingLists`].
#[derive(Copy, Clone, PartialEq, Eq, Debug, Default)]
pub(crate) struct FindingSpans {
    pub(crate) actors: Span,
    pub(crate) assertions: Span,
    pub(crate) sources: Span,
    pub(crate) rules: Span,
    pub(crate) derivation: Span,
}

/// A run of a list: where it starts and how long it is.
#[derive(Copy, Clone, PartialEq, Eq, Debug, Default)]
pub(crate) struct Span {
    start: u32,
    len: u32,
}

impl Span {
    /// Appends `items` to `list`; the run they take.
    pub(crate) fn push<T>(list: &mut Vec<T>, items: impl IntoIterator<Item = T>) -> Span {
        let start = list.len();
        list.extend(items);
        Span { start: to_u32(start), len: to_u32(list.len() - start) }
    }

    fn of<T>(self, list: &[T]) -> &[T] {
        list.get(self.start as usize..(self.start as usize + self.len as usize)).unwrap_or(&[])
    }
}

#[allow(clippy::cast_possible_truncation)]
fn to_u32(value: usize) -> u32 {
    // A block holds the findings of one pool, far fewer than 2^32 list items under the limits.
    value as u32
}

impl Finding {
    /// The finding with its own lists, in a block of its own.
    #[cfg(test)]
    pub(crate) fn with_own_lists(
        kind: FindingKind,
        holder: Option<ActorId>,
        cross_source: bool,
        window: Option<Window>,
        clash: Option<Literal>,
        lists: FindingLists,
    ) -> Finding {
        let spans = FindingSpans {
            actors: Span { start: 0, len: to_u32(lists.actors.len()) },
            assertions: Span { start: 0, len: to_u32(lists.assertions.len()) },
            sources: Span { start: 0, len: to_u32(lists.sources.len()) },
            rules: Span { start: 0, len: to_u32(lists.rules.len()) },
            derivation: Span { start: 0, len: to_u32(lists.derivation.len()) },
        };
        Finding { kind, holder, cross_source, window, clash, lists: Arc::new(lists), spans }
    }

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
        self.spans.actors.of(&self.lists.actors)
    }
    /// The conflict set, sorted by id.
    pub fn assertions(&self) -> &[AssertionId] {
        self.spans.assertions.of(&self.lists.assertions)
    }
    /// The distinct sources of the set's assertions, sorted by id.
    pub fn sources(&self) -> &[SourceId] {
        self.spans.sources.of(&self.lists.sources)
    }
    /// Whether the set's attribution chains (source plus via) are not all the same.
    pub fn is_cross_source(&self) -> bool {
        self.cross_source
    }
    /// A minimal set of rules that shows the conflict, sorted by id.
    pub fn rules(&self) -> &[RuleId] {
        self.spans.rules.of(&self.lists.rules)
    }
    /// The days common to the set; `None` for a reversal.
    pub fn window(&self) -> Option<Window> {
        self.window
    }
    /// The chain of literals from the assertions through the rules to the clash.
    pub fn derivation(&self) -> &[Step] {
        self.spans.derivation.of(&self.lists.derivation)
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

/// Two findings are equal when what they say is: where their lists are kept does not matter.
impl PartialEq for Finding {
    fn eq(&self, other: &Finding) -> bool {
        self.kind == other.kind
            && self.holder == other.holder
            && self.cross_source == other.cross_source
            && self.window == other.window
            && self.clash == other.clash
            && self.actors() == other.actors()
            && self.assertions() == other.assertions()
            && self.sources() == other.sources()
            && self.rules() == other.rules()
            && self.derivation() == other.derivation()
    }
}

impl fmt::Debug for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Finding")
            .field("kind", &self.kind)
            .field("holder", &self.holder)
            .field("actors", &self.actors())
            .field("assertions", &self.assertions())
            .field("sources", &self.sources())
            .field("cross_source", &self.cross_source)
            .field("rules", &self.rules())
            .field("window", &self.window)
            .field("derivation", &self.derivation())
            .field("clash", &self.clash)
            .finish()
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

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::{Reason, Step};
    use crate::model::{AssertionId, Literal, PositionId, RuleId};

    proptest! {
        #![proptest_config(ProptestConfig { cases: 1000, failure_persistence: None, ..ProptestConfig::default() })]

        /// A step gives back the literal and the reason it was made of, up to the largest index
        /// a claim set holds.
        #[test]
        fn a_step_gives_back_what_it_was_made_of(
            position in prop_oneof![0..1000_usize, Just((1 << 31) - 1)],
            negated: bool,
            index in prop_oneof![0..1000_usize, Just((1 << 31) - 1)],
            by_rule: bool,
        ) {
            let position = PositionId::from_index(position);
            let literal = if negated { Literal::negative(position) } else { Literal::positive(position) };
            let reason =
                if by_rule { Reason::Rule(RuleId::from_index(index)) } else { Reason::Assertion(AssertionId::from_index(index)) };
            let step = Step::new(literal, reason);
            prop_assert_eq!(step.literal(), literal);
            prop_assert_eq!(step.reason(), reason);
            prop_assert_eq!(std::mem::size_of::<Step>(), 8);
        }
    }
}
