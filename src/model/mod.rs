//! The validated claim set: records with newtype ids, sorted by their text ids.
//!
//! A [`ClaimSet`] only exists once every reference in it resolves, every date parses and the
//! rules can hold together, so the checker never re-validates anything.

mod builder;
mod date;
mod ids;
mod validate;

use std::fmt;

pub use builder::ClaimSetBuilder;
pub(crate) use date::write_day;
pub use date::{DateError, PartialDate, Precision, Window};
pub(crate) use ids::is_id_character;
pub use ids::{ActorId, AssertionId, PositionId, RuleId, SourceId};
pub(crate) use validate::validate;

/// A person, state, organisation or group that can hold a position.
#[derive(Clone, PartialEq, Debug)]
pub struct Actor {
    pub(crate) id: String,
    pub(crate) name: Option<String>,
    pub(crate) kind: Option<String>,
    pub(crate) aliases: Vec<String>,
    pub(crate) speaks_for: Vec<ActorId>,
    pub(crate) member_of: Vec<ActorId>,
}

impl Actor {
    /// The actor's id as written in the document.
    pub fn id(&self) -> &str {
        &self.id
    }
    /// The actor's name, if given.
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }
    /// The name if given, else the id: what a person reading a report should see.
    pub fn label(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.id)
    }
    /// Free-text kind (`person`, `state`, `group`, ...), if given.
    pub fn kind(&self) -> Option<&str> {
        self.kind.as_deref()
    }
    /// Other names the actor goes by.
    pub fn aliases(&self) -> impl Iterator<Item = &str> + '_ {
        self.aliases.iter().map(String::as_str)
    }
    /// The groups whose positions this actor's stated positions are (directly).
    pub fn speaks_for(&self) -> &[ActorId] {
        &self.speaks_for
    }
    /// The groups this actor belongs to while speaking with its own voice (directly).
    pub fn member_of(&self) -> &[ActorId] {
        &self.member_of
    }
}

/// Who published or conveyed an assertion: an outlet, an official statement, an anonymous source.
#[derive(Clone, PartialEq, Debug)]
pub struct Source {
    pub(crate) id: String,
    pub(crate) name: Option<String>,
    pub(crate) kind: Option<String>,
    pub(crate) reliability: Option<f64>,
}

impl Source {
    /// The source's id as written in the document.
    pub fn id(&self) -> &str {
        &self.id
    }
    /// The source's name, if given.
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }
    /// The name if given, else the id.
    pub fn label(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.id)
    }
    /// Free-text kind (`outlet`, `anonymous`, ...), if given.
    pub fn kind(&self) -> Option<&str> {
        self.kind.as_deref()
    }
    /// Reliability in [0, 1], if given. Shown, not reasoned on.
    pub fn reliability(&self) -> Option<f64> {
        self.reliability
    }
}

/// A proposition an actor can be for or against.
#[derive(Clone, PartialEq, Debug)]
pub struct Position {
    pub(crate) id: String,
    pub(crate) statement: Option<String>,
}

impl Position {
    /// The position's id as written in the document.
    pub fn id(&self) -> &str {
        &self.id
    }
    /// The human statement of the position, if given.
    pub fn statement(&self) -> Option<&str> {
        self.statement.as_deref()
    }
    /// The statement if given, else the id.
    pub fn label(&self) -> &str {
        self.statement.as_deref().unwrap_or(&self.id)
    }
}

/// A position or its negation, as used in rules (`"p"` or `"!p"`).
#[derive(Copy, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct Literal {
    /// The position.
    pub position: PositionId,
    /// Whether this is the position's negation.
    pub negated: bool,
}

impl Literal {
    /// The position itself.
    pub fn positive(position: PositionId) -> Literal {
        Literal { position, negated: false }
    }
    /// The negation of the position.
    pub fn negative(position: PositionId) -> Literal {
        Literal { position, negated: true }
    }
    /// The opposite literal.
    #[must_use]
    pub fn negate(self) -> Literal {
        Literal { position: self.position, negated: !self.negated }
    }
}

/// A logical link between positions, true for everybody.
#[derive(Clone, PartialEq, Debug)]
pub struct Rule {
    pub(crate) id: String,
    pub(crate) has_own_id: bool,
    pub(crate) note: Option<String>,
    pub(crate) form: RuleForm,
}

impl Rule {
    /// The rule's id: its own, or `rule#N` (N counting from 1 in document order) when it has none.
    pub fn id(&self) -> &str {
        &self.id
    }
    /// Whether the document gave the rule an id (else it is `rule#N`).
    pub fn has_own_id(&self) -> bool {
        self.has_own_id
    }
    /// The rule's note, if given.
    pub fn note(&self) -> Option<&str> {
        self.note.as_deref()
    }
    /// The logical form of the rule.
    pub fn form(&self) -> &RuleForm {
        &self.form
    }
    /// The rule as clauses: each inner list is a disjunction of literals that must hold.
    ///
    /// ```
    /// use claimgraph::ClaimSet;
    /// let claims = ClaimSet::from_json_str(r#"{
    ///   "positions": [{"id": "a"}, {"id": "b"}, {"id": "c"}],
    ///   "rules": [{"id": "r", "excludes": ["a", "b", "c"]}]
    /// }"#)?;
    /// let (_, rule) = claims.rules().next().unwrap();
    /// assert_eq!(rule.clauses().len(), 3); // at most one of three: one clause per pair
    /// # Ok::<(), claimgraph::LoadError>(())
    /// ```
    pub fn clauses(&self) -> Vec<Vec<Literal>> {
        self.form.clauses()
    }
}

/// The four forms a [`Rule`] can take.
#[derive(Clone, PartialEq, Eq, Debug)]
#[non_exhaustive]
pub enum RuleForm {
    /// `{"if": L, "then": L}`: when all of `if_all` hold, all of `then_all` hold.
    Implies {
        /// The conditions, all of which must hold.
        if_all: Vec<Literal>,
        /// The consequences, all of which follow.
        then_all: Vec<Literal>,
    },
    /// `{"if": L, "then_any": [L, ...]}`: when all of `if_all` hold, at least one of `then_any` does.
    ImpliesAny {
        /// The conditions, all of which must hold.
        if_all: Vec<Literal>,
        /// The consequences, at least one of which follows.
        then_any: Vec<Literal>,
    },
    /// At most one of the positions is true.
    Excludes(Vec<PositionId>),
    /// The positions are all true or all false.
    Equivalent(Vec<PositionId>),
}

impl RuleForm {
    /// The form as clauses (disjunctions of literals), in a fixed order.
    pub fn clauses(&self) -> Vec<Vec<Literal>> {
        let negated_conditions = |if_all: &[Literal]| if_all.iter().map(|literal| literal.negate()).collect::<Vec<_>>();
        match self {
            RuleForm::Implies { if_all, then_all } => then_all
                .iter()
                .map(|then| {
                    let mut clause = negated_conditions(if_all);
                    clause.push(*then);
                    clause
                })
                .collect(),
            RuleForm::ImpliesAny { if_all, then_any } => {
                let mut clause = negated_conditions(if_all);
                clause.extend(then_any.iter().copied());
                vec![clause]
            }
            RuleForm::Excludes(positions) => {
                let mut clauses = Vec::new();
                for (index, first) in positions.iter().enumerate() {
                    for second in positions.iter().skip(index + 1) {
                        clauses.push(vec![Literal::negative(*first), Literal::negative(*second)]);
                    }
                }
                clauses
            }
            RuleForm::Equivalent(positions) => {
                // A ring of implications p1 -> p2 -> ... -> pn -> p1 makes them all equal.
                let mut clauses = Vec::new();
                for (index, first) in positions.iter().enumerate() {
                    if let Some(second) = positions.get(index + 1).or(positions.first())
                        && first != second
                    {
                        clauses.push(vec![Literal::negative(*first), Literal::positive(*second)]);
                    }
                }
                clauses
            }
        }
    }
}

/// The four stances, the square of opposition on "the holder is committed to P".
#[derive(Copy, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
#[non_exhaustive]
pub enum Stance {
    /// Committed to P (□P): "has committed in principle to", "insisted".
    Supports,
    /// Committed against P (□¬P): "ruled out", "rejected".
    Opposes,
    /// P is possible for the holder (◇P): "open to", "willing to accept".
    OpenTo,
    /// The holder has not committed to P (◇¬P): "has not committed to".
    NotCommitted,
}

impl Stance {
    /// All four stances, in the order the documents list them.
    pub const ALL: [Stance; 4] = [Stance::Supports, Stance::Opposes, Stance::OpenTo, Stance::NotCommitted];

    /// The name used in documents: `supports`, `opposes`, `open_to`, `not_committed`.
    pub fn as_str(self) -> &'static str {
        match self {
            Stance::Supports => "supports",
            Stance::Opposes => "opposes",
            Stance::OpenTo => "open_to",
            Stance::NotCommitted => "not_committed",
        }
    }

    /// The stance with this document name, if any.
    ///
    /// ```
    /// use claimgraph::Stance;
    /// assert_eq!(Stance::from_name("open_to"), Some(Stance::OpenTo));
    /// assert_eq!(Stance::from_name("agrees"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<Stance> {
        Stance::ALL.into_iter().find(|stance| stance.as_str() == name)
    }

    /// Whether the stance is a commitment (`supports`, `opposes`) rather than a possibility
    /// (`open_to`, `not_committed`).
    pub fn is_commitment(self) -> bool {
        matches!(self, Stance::Supports | Stance::Opposes)
    }

    /// Whether the stance is about the position's negation (`opposes`, `not_committed`).
    pub fn is_negative(self) -> bool {
        matches!(self, Stance::Opposes | Stance::NotCommitted)
    }

    /// The literal the stance is about: P for `supports` and `open_to`, ¬P for the others.
    pub fn literal(self, position: PositionId) -> Literal {
        Literal { position, negated: self.is_negative() }
    }

    /// A short phrase for reports: "supports", "opposes", "is open to", "has not committed to".
    pub fn phrase(self) -> &'static str {
        match self {
            Stance::Supports => "supports",
            Stance::Opposes => "opposes",
            Stance::OpenTo => "is open to",
            Stance::NotCommitted => "has not committed to",
        }
    }
}

impl fmt::Display for Stance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The `when` of an assertion: the days it held, either end possibly unbounded.
#[derive(Copy, Clone, PartialEq, Eq, Debug, Default)]
pub struct When {
    /// The first day (a partial date means its first day); `None` is unbounded.
    pub from: Option<PartialDate>,
    /// The last day (a partial date means its last day); `None` is unbounded.
    pub to: Option<PartialDate>,
}

/// *source* (via *intermediaries*) reports that *holder* takes *stance* on *position*.
#[derive(Clone, PartialEq, Debug)]
pub struct Assertion {
    pub(crate) id: String,
    pub(crate) source: SourceId,
    pub(crate) via: Vec<SourceId>,
    pub(crate) holder: Option<ActorId>,
    pub(crate) stance: Stance,
    pub(crate) position: PositionId,
    pub(crate) said: Option<PartialDate>,
    pub(crate) when: Option<When>,
    pub(crate) reported: Option<PartialDate>,
    pub(crate) quote: Option<String>,
    pub(crate) confidence: Option<f64>,
}

impl Assertion {
    /// The assertion's id as written in the document.
    pub fn id(&self) -> &str {
        &self.id
    }
    /// Who published the assertion.
    pub fn source(&self) -> SourceId {
        self.source
    }
    /// The chain of intermediaries, outermost first.
    pub fn via(&self) -> &[SourceId] {
        &self.via
    }
    /// The actor taking the stance; `None` for a claim of fact made by the source itself.
    pub fn holder(&self) -> Option<ActorId> {
        self.holder
    }
    /// The stance taken.
    pub fn stance(&self) -> Stance {
        self.stance
    }
    /// The position the stance is on.
    pub fn position(&self) -> PositionId {
        self.position
    }
    /// The literal the stance is about (P, or ¬P for `opposes` and `not_committed`).
    pub fn literal(&self) -> Literal {
        self.stance.literal(self.position)
    }
    /// When the holder took the stance, if given.
    pub fn said(&self) -> Option<PartialDate> {
        self.said
    }
    /// The days the stance held, if given.
    pub fn when(&self) -> Option<When> {
        self.when
    }
    /// When the assertion was published, if given. Shown, not reasoned on.
    pub fn reported(&self) -> Option<PartialDate> {
        self.reported
    }
    /// The quote backing the assertion, if given.
    pub fn quote(&self) -> Option<&str> {
        self.quote.as_deref()
    }
    /// Confidence in [0, 1], if given. Shown, not reasoned on.
    pub fn confidence(&self) -> Option<f64> {
        self.confidence
    }
    /// The days the assertion holds: `when` if given, else the days of `said`, else always.
    pub fn window(&self) -> Window {
        if let Some(when) = self.when {
            Window::between(when.from.map(PartialDate::first_day), when.to.map(PartialDate::last_day))
        } else if let Some(said) = self.said {
            said.window()
        } else {
            Window::ALWAYS
        }
    }
}

/// A validated claim set: actors, sources, positions, rules and assertions.
///
/// Each list is sorted by text id (rules without an id by their `rule#N`), so ids and everything
/// computed from them do not depend on the order of the input.
///
/// ```
/// use claimgraph::ClaimSet;
/// let claims = ClaimSet::from_json_str(r#"{
///   "actors": [{"id": "trump", "name": "Donald Trump"}],
///   "sources": [{"id": "nypost"}],
///   "positions": [{"id": "us-guarantees"}],
///   "assertions": [{"id": "post-1", "source": "nypost", "holder": "trump",
///                   "stance": "supports", "position": "us-guarantees"}]
/// }"#)?;
/// let trump = claims.actor_id("trump").unwrap();
/// assert_eq!(claims.actor(trump).label(), "Donald Trump");
/// assert_eq!(claims.assertions().count(), 1);
/// # Ok::<(), claimgraph::LoadError>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct ClaimSet {
    pub(crate) actors: Vec<Actor>,
    pub(crate) sources: Vec<Source>,
    pub(crate) positions: Vec<Position>,
    pub(crate) rules: Vec<Rule>,
    pub(crate) assertions: Vec<Assertion>,
    /// The rules as clauses with a model of them, made while validating them: the checker's
    /// formula and the base of every search it makes. `None` only for claim sets built inside the
    /// crate without validation, where the checker makes them itself. Shared by the clones of a
    /// claim set, which have the same rules.
    pub(crate) rules_model: Option<std::sync::Arc<crate::logic::CheckedRules>>,
}

macro_rules! record_access {
    ($list:ident, $one:ident, $lookup:ident, $id:ident, $record:ident, $what:literal) => {
        #[doc = concat!("All ", $what, "s with their ids, sorted by text id.")]
        pub fn $list(&self) -> impl ExactSizeIterator<Item = ($id, &$record)> + '_ {
            self.$list.iter().enumerate().map(|(index, record)| ($id::from_index(index), record))
        }

        #[doc = concat!("The ", $what, " with this id.")]
        ///
        /// # Panics
        ///
        /// When the id comes from another claim set with more records of this kind.
        #[allow(clippy::indexing_slicing)]
        pub fn $one(&self, id: $id) -> &$record {
            // Ids are only made by the claim set they index into.
            &self.$list[id.index()]
        }

        #[doc = concat!("The id of the ", $what, " with this text id, if there is one.")]
        // The list is sorted by text id: a search in it needs no index beside it, which for a
        // million records would cost a string and a slot of a hash table each.
        pub fn $lookup(&self, text_id: &str) -> Option<$id> {
            self.$list.binary_search_by(|record| record.id.as_str().cmp(text_id)).ok().map($id::from_index)
        }
    };
}

impl ClaimSet {
    record_access!(actors, actor, actor_id, ActorId, Actor, "actor");
    record_access!(sources, source, source_id, SourceId, Source, "source");
    record_access!(positions, position, position_id, PositionId, Position, "position");
    record_access!(rules, rule, rule_id, RuleId, Rule, "rule");
    record_access!(assertions, assertion, assertion_id, AssertionId, Assertion, "assertion");

    /// Starts building a claim set in code.
    pub fn builder() -> ClaimSetBuilder {
        ClaimSetBuilder::new()
    }

    /// Renders a literal as its position id, with `!` for a negation.
    pub fn literal_text(&self, literal: Literal) -> String {
        let id = self.position(literal.position).id();
        if literal.negated { format!("!{id}") } else { id.to_owned() }
    }
}
