//! A brute-force reference of what the checker flags, written from the product contract alone.
//!
//! Nothing here shares code with the crate's checker: positions are decided by truth tables,
//! and every subset of every pool of assertions is tried, so the definitions can be read off the
//! code one for one. It is only meant for claim sets of a handful of positions and assertions.

use std::collections::{BTreeMap, BTreeSet};

/// The four stances, as the contract lists them.
#[derive(Copy, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub enum RefStance {
    Supports,
    Opposes,
    OpenTo,
    NotCommitted,
}

impl RefStance {
    pub const ALL: [RefStance; 4] =
        [RefStance::Supports, RefStance::Opposes, RefStance::OpenTo, RefStance::NotCommitted];

    /// The name used in documents.
    pub fn as_str(self) -> &'static str {
        match self {
            RefStance::Supports => "supports",
            RefStance::Opposes => "opposes",
            RefStance::OpenTo => "open_to",
            RefStance::NotCommitted => "not_committed",
        }
    }

    /// Commitments (`supports`, `opposes`) go to B, possibilities to D.
    pub fn is_commitment(self) -> bool {
        matches!(self, RefStance::Supports | RefStance::Opposes)
    }

    /// `opposes` and `not_committed` are about ¬P.
    pub fn is_negative(self) -> bool {
        matches!(self, RefStance::Opposes | RefStance::NotCommitted)
    }
}

/// A position or its negation.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct RefLiteral {
    pub position: String,
    pub negated: bool,
}

impl RefLiteral {
    /// Reads `"p"` or `"!p"`.
    pub fn parse(text: &str) -> RefLiteral {
        match text.strip_prefix('!') {
            Some(position) => RefLiteral { position: position.to_owned(), negated: true },
            None => RefLiteral { position: text.to_owned(), negated: false },
        }
    }

    pub fn positive(position: &str) -> RefLiteral {
        RefLiteral { position: position.to_owned(), negated: false }
    }

    pub fn negative(position: &str) -> RefLiteral {
        RefLiteral { position: position.to_owned(), negated: true }
    }
}

/// The four rule forms of the contract.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum RefRuleForm {
    Implies { if_all: Vec<RefLiteral>, then_all: Vec<RefLiteral> },
    ImpliesAny { if_all: Vec<RefLiteral>, then_any: Vec<RefLiteral> },
    Excludes(Vec<String>),
    Equivalent(Vec<String>),
}

/// A rule with the id a report uses for it (its own, or `rule#N`).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct RefRule {
    pub id: String,
    pub form: RefRuleForm,
}

type Clause = Vec<RefLiteral>;

impl RefRule {
    /// The rule as clauses, straight from the wording of the contract.
    pub fn clauses(&self) -> Vec<Clause> {
        let negate =
            |literal: &RefLiteral| RefLiteral { position: literal.position.clone(), negated: !literal.negated };
        match &self.form {
            // When all of `if` hold, each `then` literal holds: one clause per `then` literal.
            RefRuleForm::Implies { if_all, then_all } => then_all
                .iter()
                .map(|then| {
                    let mut clause: Clause = if_all.iter().map(negate).collect();
                    clause.push(then.clone());
                    clause
                })
                .collect(),
            RefRuleForm::ImpliesAny { if_all, then_any } => {
                let mut clause: Clause = if_all.iter().map(negate).collect();
                clause.extend(then_any.iter().cloned());
                vec![clause]
            }
            // At most one: no two of them together.
            RefRuleForm::Excludes(positions) => {
                let mut clauses = Vec::new();
                for (first_index, first) in positions.iter().enumerate() {
                    for second in positions.iter().skip(first_index + 1) {
                        clauses.push(vec![RefLiteral::negative(first), RefLiteral::negative(second)]);
                    }
                }
                clauses
            }
            // All equal: each one implies each other one.
            RefRuleForm::Equivalent(positions) => {
                let mut clauses = Vec::new();
                for first in positions {
                    for second in positions {
                        if first != second {
                            clauses.push(vec![RefLiteral::negative(first), RefLiteral::positive(second)]);
                        }
                    }
                }
                clauses
            }
        }
    }
}

/// Days as plain numbers (days since 1970-01-01), both ends inclusive, `None` unbounded.
#[derive(Copy, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Default)]
pub struct Days {
    pub from: Option<i64>,
    pub to: Option<i64>,
}

impl Days {
    pub const ALWAYS: Days = Days { from: None, to: None };

    /// The days of a `when`: a partial `from` is its first day, a partial `to` its last.
    pub fn of_when(from: Option<&str>, to: Option<&str>) -> Days {
        Days { from: from.map(|text| date_range(text).0), to: to.map(|text| date_range(text).1) }
    }

    /// All the days of a `said` date (a day, a month or a year).
    pub fn of_said(said: &str) -> Days {
        let (first, last) = date_range(said);
        Days { from: Some(first), to: Some(last) }
    }

    pub fn intersection(self, other: Days) -> Days {
        let later = |a: Option<i64>, b: Option<i64>| match (a, b) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        let earlier = |a: Option<i64>, b: Option<i64>| match (a, b) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        Days { from: later(self.from, other.from), to: earlier(self.to, other.to) }
    }

    pub fn has_a_day(self) -> bool {
        match (self.from, self.to) {
            (Some(from), Some(to)) => from <= to,
            _ => true,
        }
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
pub fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = if year >= 0 { year } else { year - 399 } / 400;
    let year_of_era = year - era * 400;
    let month_from_march = (month + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

fn days_in_month(year: i64, month: i64) -> i64 {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The first and last day of `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (which must be well formed).
pub fn date_range(text: &str) -> (i64, i64) {
    let parts: Vec<i64> = text.split('-').map(|part| part.parse().unwrap()).collect();
    match parts.as_slice() {
        [year] => (days_from_civil(*year, 1, 1), days_from_civil(*year, 12, 31)),
        [year, month] => {
            (days_from_civil(*year, *month, 1), days_from_civil(*year, *month, days_in_month(*year, *month)))
        }
        [year, month, day] => (days_from_civil(*year, *month, *day), days_from_civil(*year, *month, *day)),
        _ => panic!("not a date: {text}"),
    }
}

#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct RefActor {
    pub id: String,
    pub speaks_for: Vec<String>,
    pub member_of: Vec<String>,
}

#[derive(Clone, PartialEq, Eq, Debug)]
pub struct RefAssertion {
    pub id: String,
    pub source: String,
    pub via: Vec<String>,
    pub holder: Option<String>,
    pub stance: RefStance,
    pub position: String,
    pub window: Days,
}

impl RefAssertion {
    /// P for `supports` and `open_to`, ¬P for the others.
    pub fn literal(&self) -> RefLiteral {
        RefLiteral { position: self.position.clone(), negated: self.stance.is_negative() }
    }
}

#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct RefClaims {
    pub actors: Vec<RefActor>,
    pub positions: Vec<String>,
    pub rules: Vec<RefRule>,
    pub assertions: Vec<RefAssertion>,
}

/// The finding kinds in report order.
#[derive(Copy, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub enum RefKind {
    Contradiction,
    Tension,
    Reversal,
    Dissent,
}

impl RefKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RefKind::Contradiction => "contradiction",
            RefKind::Tension => "tension",
            RefKind::Reversal => "reversal",
            RefKind::Dissent => "dissent",
        }
    }
}

/// What the reference expects of one finding. The derived order is the report order: kind, then
/// holder (`None` first), then the sorted list of assertion ids.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct RefFinding {
    pub kind: RefKind,
    pub holder: Option<String>,
    pub assertions: Vec<String>,
    /// The days common to the set; `None` for a reversal.
    pub window: Option<Days>,
}

/// Whether a set of assertions is inconsistent, in tension, or neither.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
enum SetStatus {
    Inconsistent,
    Tense,
    Neither,
}

impl RefClaims {
    fn all_clauses(&self) -> Vec<Clause> {
        self.rules.iter().flat_map(RefRule::clauses).collect()
    }

    /// Truth tables: is there an assignment of the positions making every clause and every unit
    /// literal true?
    pub fn satisfiable(&self, clauses: &[Clause], units: &BTreeSet<RefLiteral>) -> bool {
        let index: BTreeMap<&str, usize> =
            self.positions.iter().enumerate().map(|(index, position)| (position.as_str(), index)).collect();
        assert!(self.positions.len() < 20, "the reference is for small claim sets");
        let holds = |assignment: u32, literal: &RefLiteral| {
            let bit = index[literal.position.as_str()];
            (assignment >> bit) & 1 == u32::from(!literal.negated)
        };
        (0..1u32 << self.positions.len()).any(|assignment| {
            units.iter().all(|literal| holds(assignment, literal))
                && clauses.iter().all(|clause| clause.iter().any(|literal| holds(assignment, literal)))
        })
    }

    /// Whether the rules alone can hold together.
    pub fn rules_satisfiable(&self) -> bool {
        self.satisfiable(&self.all_clauses(), &BTreeSet::new())
    }

    /// B and D of a set of assertions (given by index).
    fn commitments_and_possibilities(&self, set: &[usize]) -> (BTreeSet<RefLiteral>, BTreeSet<RefLiteral>) {
        let mut commitments = BTreeSet::new();
        let mut possibilities = BTreeSet::new();
        for &index in set {
            let assertion = &self.assertions[index];
            if assertion.stance.is_commitment() {
                commitments.insert(assertion.literal());
            } else {
                possibilities.insert(assertion.literal());
            }
        }
        (commitments, possibilities)
    }

    fn status(&self, clauses: &[Clause], set: &[usize]) -> SetStatus {
        let (commitments, possibilities) = self.commitments_and_possibilities(set);
        let everything: BTreeSet<RefLiteral> = commitments.union(&possibilities).cloned().collect();
        if possibilities.len() <= 1 {
            if self.satisfiable(clauses, &everything) { SetStatus::Neither } else { SetStatus::Inconsistent }
        } else if possibilities.len() == 2 {
            let pair: Vec<&RefLiteral> = possibilities.iter().collect();
            let hedging = pair[0].position == pair[1].position;
            let each_alone_fits = possibilities.iter().all(|possibility| {
                let mut with_one = commitments.clone();
                with_one.insert(possibility.clone());
                self.satisfiable(clauses, &with_one)
            });
            if !hedging && each_alone_fits && !self.satisfiable(clauses, &everything) {
                SetStatus::Tense
            } else {
                SetStatus::Neither
            }
        } else {
            SetStatus::Neither
        }
    }

    /// The assertions (by index) that count for an actor: its own, and those of every actor
    /// that speaks for it, directly or through others.
    fn counts_for(&self, actor: &str, assertion: &RefAssertion) -> bool {
        match &assertion.holder {
            Some(holder) => holder == actor || self.speaks_for_transitively(holder).contains(actor),
            None => false,
        }
    }

    fn follow(&self, start: &str, edges: impl Fn(&RefActor) -> &Vec<String>) -> BTreeSet<String> {
        let mut reached = BTreeSet::new();
        let mut frontier = vec![start.to_owned()];
        while let Some(current) = frontier.pop() {
            for actor in self.actors.iter().filter(|actor| actor.id == current) {
                for next in edges(actor) {
                    if reached.insert(next.clone()) {
                        frontier.push(next.clone());
                    }
                }
            }
        }
        reached
    }

    /// The groups an actor speaks for, followed transitively (not the actor itself).
    pub fn speaks_for_transitively(&self, actor: &str) -> BTreeSet<String> {
        self.follow(actor, |actor| &actor.speaks_for)
    }

    /// The members of a group: actors with the group in `member_of`, followed transitively
    /// through `member_of`, except those that speak for the group.
    pub fn members(&self, group: &str) -> BTreeSet<String> {
        self.actors
            .iter()
            .filter(|actor| actor.id != group)
            .filter(|actor| self.follow(&actor.id, |actor| &actor.member_of).contains(group))
            .filter(|actor| !self.speaks_for_transitively(&actor.id).contains(group))
            .map(|actor| actor.id.clone())
            .collect()
    }

    /// Every subset of `pool` with 1 to `max_set` elements.
    fn subsets(pool: &[usize], max_set: usize) -> Vec<Vec<usize>> {
        fn extend(pool: &[usize], max_set: usize, start: usize, current: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
            if !current.is_empty() {
                out.push(current.clone());
            }
            if current.len() == max_set {
                return;
            }
            for next in start..pool.len() {
                current.push(pool[next]);
                extend(pool, max_set, next + 1, current, out);
                current.pop();
            }
        }
        let mut out = Vec::new();
        extend(pool, max_set, 0, &mut Vec::new(), &mut out);
        out
    }

    /// Every finding, in report order.
    pub fn findings(&self, max_set: usize) -> Vec<RefFinding> {
        let max_set = max_set.max(1);
        let clauses = self.all_clauses();
        let mut statuses: BTreeMap<Vec<usize>, SetStatus> = BTreeMap::new();
        let mut status_of = |set: &[usize]| *statuses.entry(set.to_vec()).or_insert_with(|| self.status(&clauses, set));
        // A conflict set: inconsistent or tense, with no proper subset inconsistent or tense.
        // A set is a conflict set or not on its own, whatever pool it is drawn from.
        let mut conflict_status = |set: &[usize]| -> Option<SetStatus> {
            let status = status_of(set);
            if status == SetStatus::Neither {
                return None;
            }
            let proper_subsets = Self::subsets(set, set.len() - 1);
            if proper_subsets.iter().any(|subset| status_of(subset) != SetStatus::Neither) {
                return None;
            }
            Some(status)
        };

        let common_days = |set: &[usize]| {
            set.iter().fold(Days::ALWAYS, |days, &index| days.intersection(self.assertions[index].window))
        };
        let ids = |set: &[usize]| {
            let mut ids: Vec<String> = set.iter().map(|&index| self.assertions[index].id.clone()).collect();
            ids.sort();
            ids
        };

        let mut findings = BTreeSet::new();
        let mut classify_pool = |holder: Option<&str>, pool: Vec<usize>, findings: &mut BTreeSet<RefFinding>| {
            for set in Self::subsets(&pool, max_set) {
                let Some(status) = conflict_status(&set) else { continue };
                let holders: BTreeSet<Option<&str>> =
                    set.iter().map(|&index| self.assertions[index].holder.as_deref()).collect();
                // A set whose assertions all have the same holder H ≠ X is reported at H only.
                if holders.len() == 1 && !holders.contains(&holder) {
                    continue;
                }
                let days = common_days(&set);
                let kind = match (status, days.has_a_day()) {
                    (SetStatus::Inconsistent, true) => RefKind::Contradiction,
                    (SetStatus::Tense, true) => RefKind::Tension,
                    (SetStatus::Inconsistent, false) => RefKind::Reversal,
                    // A tense set whose windows share no day is not reported.
                    _ => continue,
                };
                let window = (kind != RefKind::Reversal).then_some(days);
                findings.insert(RefFinding { kind, holder: holder.map(str::to_owned), assertions: ids(&set), window });
            }
        };

        for actor in &self.actors {
            let pool: Vec<usize> = (0..self.assertions.len())
                .filter(|&index| self.counts_for(&actor.id, &self.assertions[index]))
                .collect();
            classify_pool(Some(&actor.id), pool, &mut findings);
        }
        let claims_of_fact: Vec<usize> =
            (0..self.assertions.len()).filter(|&index| self.assertions[index].holder.is_none()).collect();
        classify_pool(None, claims_of_fact, &mut findings);

        // Dissent: a conflict set mixing what counts for a group with what its members hold.
        for group in &self.actors {
            let members = self.members(&group.id);
            let for_group = |index: usize| self.counts_for(&group.id, &self.assertions[index]);
            let by_member =
                |index: usize| self.assertions[index].holder.as_ref().is_some_and(|holder| members.contains(holder));
            let pool: Vec<usize> =
                (0..self.assertions.len()).filter(|&index| for_group(index) || by_member(index)).collect();
            for set in Self::subsets(&pool, max_set) {
                if conflict_status(&set).is_none() {
                    continue;
                }
                let days = common_days(&set);
                if set.iter().any(|&index| for_group(index))
                    && set.iter().any(|&index| by_member(index))
                    && days.has_a_day()
                {
                    findings.insert(RefFinding {
                        kind: RefKind::Dissent,
                        holder: Some(group.id.clone()),
                        assertions: ids(&set),
                        window: Some(days),
                    });
                }
            }
        }
        findings.into_iter().collect()
    }

    fn assertion_index(&self, id: &str) -> usize {
        self.assertions.iter().position(|assertion| assertion.id == id).unwrap()
    }

    /// Whether these rules alone show that these assertions cannot hold together: Γ' ∪ B ∪ D is
    /// unsatisfiable.
    pub fn rules_show_conflict(&self, rule_ids: &[String], assertion_ids: &[String]) -> bool {
        let clauses: Vec<Clause> =
            self.rules.iter().filter(|rule| rule_ids.contains(&rule.id)).flat_map(RefRule::clauses).collect();
        let set: Vec<usize> = assertion_ids.iter().map(|id| self.assertion_index(id)).collect();
        let (commitments, possibilities) = self.commitments_and_possibilities(&set);
        let everything: BTreeSet<RefLiteral> = commitments.union(&possibilities).cloned().collect();
        !self.satisfiable(&clauses, &everything)
    }

    /// The distinct holders of the assertions, sorted (claims of fact have none).
    pub fn actors_of(&self, assertion_ids: &[String]) -> Vec<String> {
        let holders: BTreeSet<String> =
            assertion_ids.iter().filter_map(|id| self.assertions[self.assertion_index(id)].holder.clone()).collect();
        holders.into_iter().collect()
    }

    /// The distinct sources of the assertions, sorted.
    pub fn sources_of(&self, assertion_ids: &[String]) -> Vec<String> {
        let sources: BTreeSet<String> =
            assertion_ids.iter().map(|id| self.assertions[self.assertion_index(id)].source.clone()).collect();
        sources.into_iter().collect()
    }

    /// Whether the attribution chains (source plus via) are not all the same.
    pub fn is_cross_source(&self, assertion_ids: &[String]) -> bool {
        let chains: BTreeSet<(String, Vec<String>)> = assertion_ids
            .iter()
            .map(|id| {
                let assertion = &self.assertions[self.assertion_index(id)];
                (assertion.source.clone(), assertion.via.clone())
            })
            .collect();
        chains.len() > 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(id: &str, speaks_for: &[&str], member_of: &[&str]) -> RefActor {
        RefActor {
            id: id.to_owned(),
            speaks_for: speaks_for.iter().map(|id| (*id).to_owned()).collect(),
            member_of: member_of.iter().map(|id| (*id).to_owned()).collect(),
        }
    }

    fn assertion(
        id: &str,
        source: &str,
        via: &[&str],
        holder: Option<&str>,
        stance: RefStance,
        position: &str,
    ) -> RefAssertion {
        RefAssertion {
            id: id.to_owned(),
            source: source.to_owned(),
            via: via.iter().map(|id| (*id).to_owned()).collect(),
            holder: holder.map(str::to_owned),
            stance,
            position: position.to_owned(),
            window: Days::ALWAYS,
        }
    }

    fn implies(id: &str, if_all: &[&str], then_all: &[&str]) -> RefRule {
        RefRule {
            id: id.to_owned(),
            form: RefRuleForm::Implies {
                if_all: if_all.iter().map(|text| RefLiteral::parse(text)).collect(),
                then_all: then_all.iter().map(|text| RefLiteral::parse(text)).collect(),
            },
        }
    }

    fn finding(kind: RefKind, holder: Option<&str>, assertions: &[&str], window: Option<Days>) -> RefFinding {
        RefFinding {
            kind,
            holder: holder.map(str::to_owned),
            assertions: assertions.iter().map(|id| (*id).to_owned()).collect(),
            window,
        }
    }

    fn strings(ids: &[&str]) -> Vec<String> {
        ids.iter().map(|id| (*id).to_owned()).collect()
    }

    /// The worked example of the contract (section 6).
    fn worked_example(rule: RefRule) -> RefClaims {
        use RefStance::*;
        let from_the_15th = Days::of_when(Some("2025-08-15"), None);
        let mut assertions = vec![
            assertion("post-1", "nypost", &[], Some("trump"), Supports, "us-guarantees"),
            assertion("post-2", "nypost", &[], Some("trump"), NotCommitted, "us-troops"),
            assertion("wsj-1", "wsj", &["eu-officials"], Some("trump"), OpenTo, "us-guarantees"),
            assertion("wsj-2", "wsj", &[], Some("trump"), Opposes, "us-guarantees"),
            assertion("wsj-3", "wsj", &[], Some("us-officials"), Opposes, "us-guarantees"),
        ];
        assertions[0].window = from_the_15th;
        assertions[1].window = from_the_15th;
        assertions[2].window = from_the_15th;
        assertions[3].window = Days::of_when(Some("2025-02"), Some("2025-08-14"));
        assertions[4].window = Days::of_when(Some("2025-08"), Some("2025-08"));
        RefClaims {
            actors: vec![actor("us", &[], &[]), actor("trump", &["us"], &[]), actor("us-officials", &[], &["us"])],
            positions: strings(&["us-guarantees", "us-troops", "us-support-eu-force"]),
            rules: vec![rule],
            assertions,
        }
    }

    #[test]
    fn dates_are_counted_in_days() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1) - days_from_civil(2000, 2, 28), 2);
        assert_eq!(date_range("2025-02"), (days_from_civil(2025, 2, 1), days_from_civil(2025, 2, 28)));
        assert_eq!(date_range("2024-02").1, days_from_civil(2024, 2, 29));
        assert_eq!(date_range("2025"), (days_from_civil(2025, 1, 1), days_from_civil(2025, 12, 31)));
        assert_eq!(date_range("2025-08-15"), (days_from_civil(2025, 8, 15), days_from_civil(2025, 8, 15)));
    }

    #[test]
    fn worked_example_gives_exactly_the_listed_findings() {
        let claims = worked_example(implies("r1", &["us-guarantees"], &["us-troops"]));
        let august_from_the_15th = Days::of_when(Some("2025-08-15"), Some("2025-08-31"));
        let expected = vec![
            finding(
                RefKind::Contradiction,
                Some("trump"),
                &["post-1", "post-2"],
                Some(Days::of_when(Some("2025-08-15"), None)),
            ),
            finding(
                RefKind::Tension,
                Some("trump"),
                &["post-2", "wsj-1"],
                Some(Days::of_when(Some("2025-08-15"), None)),
            ),
            finding(RefKind::Reversal, Some("trump"), &["post-1", "wsj-2"], None),
            finding(RefKind::Reversal, Some("trump"), &["wsj-1", "wsj-2"], None),
            finding(RefKind::Dissent, Some("us"), &["post-1", "wsj-3"], Some(august_from_the_15th)),
            finding(RefKind::Dissent, Some("us"), &["wsj-1", "wsj-3"], Some(august_from_the_15th)),
        ];
        assert_eq!(claims.findings(3), expected);

        let contradiction = strings(&["post-1", "post-2"]);
        assert!(claims.rules_show_conflict(&strings(&["r1"]), &contradiction));
        assert!(!claims.rules_show_conflict(&[], &contradiction));
        assert!(!claims.is_cross_source(&contradiction));
        assert!(claims.is_cross_source(&strings(&["post-2", "wsj-1"])));
        assert_eq!(claims.sources_of(&strings(&["post-2", "wsj-1"])), strings(&["nypost", "wsj"]));
        assert_eq!(claims.actors_of(&strings(&["post-1", "wsj-3"])), strings(&["trump", "us-officials"]));
    }

    #[test]
    fn worked_example_with_the_wsj_reading_keeps_only_reversals_and_dissents() {
        let claims = worked_example(RefRule {
            id: "r1".to_owned(),
            form: RefRuleForm::ImpliesAny {
                if_all: vec![RefLiteral::parse("us-guarantees")],
                then_any: vec![RefLiteral::parse("us-troops"), RefLiteral::parse("us-support-eu-force")],
            },
        });
        let kinds: Vec<(RefKind, Vec<String>)> =
            claims.findings(3).into_iter().map(|finding| (finding.kind, finding.assertions)).collect();
        assert_eq!(
            kinds,
            vec![
                (RefKind::Reversal, strings(&["post-1", "wsj-2"])),
                (RefKind::Reversal, strings(&["wsj-1", "wsj-2"])),
                (RefKind::Dissent, strings(&["post-1", "wsj-3"])),
                (RefKind::Dissent, strings(&["wsj-1", "wsj-3"])),
            ]
        );
    }

    #[test]
    fn the_group_sees_what_its_speaker_says_but_reports_it_at_the_speaker_only() {
        use RefStance::*;
        let claims = RefClaims {
            actors: vec![actor("us", &[], &[]), actor("trump", &["us"], &[]), actor("vance", &["us"], &[])],
            positions: strings(&["p"]),
            rules: vec![],
            assertions: vec![
                assertion("a", "s", &[], Some("trump"), Supports, "p"),
                assertion("b", "s", &[], Some("trump"), Opposes, "p"),
                assertion("c", "s", &[], Some("vance"), Opposes, "p"),
            ],
        };
        assert_eq!(
            claims.findings(3),
            vec![
                finding(RefKind::Contradiction, Some("trump"), &["a", "b"], Some(Days::ALWAYS)),
                finding(RefKind::Contradiction, Some("us"), &["a", "c"], Some(Days::ALWAYS)),
            ]
        );
    }

    #[test]
    fn hedging_is_not_a_finding_and_tension_needs_a_shared_day() {
        use RefStance::*;
        let mut claims = RefClaims {
            actors: vec![actor("x", &[], &[])],
            positions: strings(&["p", "q"]),
            rules: vec![RefRule { id: "r".to_owned(), form: RefRuleForm::Excludes(strings(&["p", "q"])) }],
            assertions: vec![
                assertion("a", "s", &[], Some("x"), OpenTo, "p"),
                assertion("b", "s", &[], Some("x"), NotCommitted, "p"),
                assertion("c", "t", &[], Some("x"), OpenTo, "q"),
            ],
        };
        assert_eq!(claims.findings(3), vec![finding(RefKind::Tension, Some("x"), &["a", "c"], Some(Days::ALWAYS))]);
        claims.assertions[0].window = Days::of_said("2025-01");
        claims.assertions[2].window = Days::of_said("2025-02");
        assert_eq!(claims.findings(3), vec![]);
    }

    #[test]
    fn a_single_impossible_stance_is_a_conflict_set_and_supersets_are_not() {
        use RefStance::*;
        let claims = RefClaims {
            actors: vec![],
            positions: strings(&["p", "q"]),
            rules: vec![implies("r", &["p"], &["!p"])],
            assertions: vec![
                assertion("a", "s", &[], None, Supports, "p"),
                assertion("b", "t", &[], None, Supports, "q"),
                assertion("c", "t", &[], None, Opposes, "q"),
            ],
        };
        assert_eq!(
            claims.findings(3),
            vec![
                finding(RefKind::Contradiction, None, &["a"], Some(Days::ALWAYS)),
                finding(RefKind::Contradiction, None, &["b", "c"], Some(Days::ALWAYS)),
            ]
        );
        assert_eq!(claims.findings(1), vec![finding(RefKind::Contradiction, None, &["a"], Some(Days::ALWAYS))]);
    }

    #[test]
    fn members_follow_member_of_but_not_those_who_speak_for_the_group() {
        let claims = RefClaims {
            actors: vec![
                actor("nato", &[], &[]),
                actor("us", &[], &["nato"]),
                actor("us-officials", &[], &["us"]),
                actor("rutte", &["nato"], &["nato"]),
            ],
            ..RefClaims::default()
        };
        assert_eq!(claims.members("nato"), BTreeSet::from(["us".to_owned(), "us-officials".to_owned()]));
        assert_eq!(claims.speaks_for_transitively("rutte"), BTreeSet::from(["nato".to_owned()]));
    }

    #[test]
    fn equivalence_and_three_literal_rules_become_the_right_clauses() {
        let claims = RefClaims {
            positions: strings(&["a", "b", "c"]),
            rules: vec![
                RefRule { id: "e".to_owned(), form: RefRuleForm::Equivalent(strings(&["a", "b", "c"])) },
                implies("i", &["a", "b"], &["!c"]),
            ],
            ..RefClaims::default()
        };
        // a = b = c, and not all three: only all false remains.
        assert!(claims.rules_satisfiable());
        let all_clauses = claims.all_clauses();
        assert!(!claims.satisfiable(&all_clauses, &BTreeSet::from([RefLiteral::positive("b")])));
        assert!(claims.satisfiable(&all_clauses, &BTreeSet::from([RefLiteral::negative("c")])));
    }
}
