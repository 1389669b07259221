//! A satisfiability search that only looks at the clauses its assignment touches.
//!
//! The rules of a claim set are satisfiable on their own (loading rejects them otherwise), so a
//! set of literals is consistent with them exactly when some partial assignment makes the
//! literals true and satisfies every clause it touches (an *autarky*): any model of the rules,
//! overridden by that partial assignment, is then a model of both. Searching for such a partial
//! assignment stays inside the part of the rules reachable from the literals, instead of
//! assigning every position as a general SAT solver would.
//!
//! With a *base model* of the rules at hand (one satisfying assignment, found once), the search
//! only has to follow what changes: every position not assigned takes its base value, so a
//! clause can only become false when a literal it relied on is flipped away from the base
//! model, and only those clauses are looked at. The assignment then holds just the flips, and
//! stays small even when the rules are large. A model handed back also names the base literals
//! it relies on, so that two models can be told compatible or not.
//!
//! The search is a DPLL with chronological backtracking and an explicit stack (no recursion).

use super::formula::{Formula, Lit};

/// The result of a search.
#[derive(Clone, PartialEq, Eq, Debug)]
pub(crate) enum Outcome {
    /// The literals and the rules can hold together; the assignment found (as true literals).
    Satisfiable(Vec<Lit>),
    /// They cannot; the rules whose clauses the refutation used (a superset of a minimal set).
    Unsatisfiable {
        /// Rule indices, sorted and without duplicates.
        rules: Vec<usize>,
    },
}

impl Outcome {
    pub(crate) fn is_satisfiable(&self) -> bool {
        matches!(self, Outcome::Satisfiable(_))
    }
}

struct Decision {
    trail_len: usize,
    pending_len: usize,
    scan_from: usize,
    clause: u32,
    next_option: usize,
}

/// Reusable search state: assignments are undone after each search, so one `Search` serves many
/// queries without clearing arrays the size of the formula.
pub(crate) struct Search<'f> {
    formula: &'f Formula,
    /// By variable: 0 unassigned, 1 the positive literal holds, -1 the negative one does.
    value: Vec<i8>,
    trail: Vec<Lit>,
    /// For each trail entry, the clause that forced it (`u32::MAX` for seeds and decisions).
    reasons: Vec<u32>,
    /// Touched clauses that were not yet satisfied when touched.
    pending: Vec<u32>,
    used_rules: Vec<usize>,
    /// The clause found false by the last propagation, if any.
    conflict_clause: Option<u32>,
    /// Whether to keep the model and the rules used (not needed for yes-or-no questions).
    keep_details: bool,
    /// A model of all the rules, by variable (true: the position holds), if one was found.
    base: Option<Vec<bool>>,
    /// Whether the current run searches relative to the base model.
    use_base: bool,
    /// Literals assigned and propagated by [`Search::is_consistent_adding`] and kept for its
    /// next question, with the trail and pending lengths they left and whether they could hold;
    /// any other search clears them.
    held: Option<Held>,
}

struct Held {
    seeds: Vec<Lit>,
    trail_len: usize,
    pending_len: usize,
    consistent: bool,
}

const NO_REASON: u32 = u32::MAX;

impl<'f> Search<'f> {
    pub(crate) fn new(formula: &'f Formula) -> Search<'f> {
        Search {
            formula,
            value: vec![0; formula.n_vars()],
            trail: Vec::new(),
            reasons: Vec::new(),
            pending: Vec::new(),
            used_rules: Vec::new(),
            conflict_clause: None,
            keep_details: true,
            base: None,
            use_base: false,
            held: None,
        }
    }

    /// A model of all the rules, by variable (true: the position holds), or `None` when the
    /// rules cannot all hold.
    pub(crate) fn base_model(formula: &Formula) -> Option<Vec<bool>> {
        let mut search = Search::new(formula);
        let Outcome::Satisfiable(model) = search.solve_all(None) else { return None };
        Some(Search::model_by_position(formula, &model))
    }

    /// A model found by [`Search::solve_all`] as a value for every position (unassigned ones
    /// false: the model satisfies every clause without them).
    pub(crate) fn model_by_position(formula: &Formula, model: &[Lit]) -> Vec<bool> {
        let mut base = vec![false; formula.n_vars()];
        for literal in model {
            if let Some(slot) = base.get_mut(literal.var()) {
                *slot = !literal.is_negated();
            }
        }
        base
    }

    /// A search relative to `base`, a model of all the rules from [`Search::base_model`].
    pub(crate) fn with_base(formula: &'f Formula, base: Vec<bool>) -> Search<'f> {
        Search { base: Some(base), ..Search::new(formula) }
    }

    /// Whether `literal` holds in the base model (false when there is none).
    pub(crate) fn holds_in_base(&self, literal: Lit) -> bool {
        self.base.as_ref().is_some_and(|base| literal.holds_in(base))
    }

    /// The literals of a clause.
    pub(crate) fn clause(&self, clause: u32) -> &'f [Lit] {
        self.formula.clause(clause)
    }

    /// The rule a clause came from.
    pub(crate) fn clause_rule(&self, clause: u32) -> usize {
        self.formula.clause_rule(clause)
    }

    /// Whether the literals can hold together with the rules in `mask` (rule indices, sorted; all
    /// rules if `None`).
    pub(crate) fn solve(&mut self, seeds: &[Lit], mask: Option<&[usize]>) -> Outcome {
        self.run(seeds, false, mask)
    }

    /// Whether the enabled rules can all hold together (every clause must be satisfied).
    pub(crate) fn solve_all(&mut self, mask: Option<&[usize]>) -> Outcome {
        self.run(&[], true, mask)
    }

    /// Unit propagation only, from `seeds` with the enabled rules: the trail of forced literals
    /// with the rule that forced each (`None` for seeds), and the clause found false, if any.
    pub(crate) fn propagate_only(
        &mut self,
        seeds: &[Lit],
        mask: Option<&[usize]>,
    ) -> (Vec<(Lit, Option<u32>)>, Option<u32>) {
        self.reset();
        // A derivation for people follows every implication, not only the changes.
        self.use_base = false;
        let mut conflict = None;
        for &seed in seeds {
            match self.literal_value(seed) {
                0 => self.assign(seed, NO_REASON),
                -1 => {
                    conflict = Some(NO_REASON);
                    break;
                }
                _ => {}
            }
        }
        if conflict.is_none() {
            let mut head = 0;
            if !self.propagate(&mut head, mask) {
                conflict = self.conflict_clause;
            }
        }
        let trail = self
            .trail
            .iter()
            .zip(&self.reasons)
            .map(|(literal, reason)| (*literal, (*reason != NO_REASON).then_some(*reason)))
            .collect();
        self.reset();
        (trail, conflict)
    }

    /// Whether the literals can hold together with the rules in `mask`, without keeping the model
    /// or the rules used: the cheap question asked many times while shrinking explanations.
    pub(crate) fn is_consistent(&mut self, seeds: &[Lit], mask: Option<&[usize]>) -> bool {
        self.keep_details = false;
        let consistent = self.run(seeds, false, mask).is_satisfiable();
        self.keep_details = true;
        consistent
    }

    /// Whether `held` and `extra` can hold together with all the rules. The literals of `held`
    /// stay assigned and propagated between calls with the same `held`, so asking about many
    /// sets that share most of their literals propagates those once, not once per set.
    pub(crate) fn is_consistent_adding(&mut self, held: &[Lit], extra: &[Lit]) -> bool {
        if self.held.as_ref().is_none_or(|current| current.seeds != held) {
            self.hold(held);
        }
        let Some(Held { trail_len, pending_len, consistent, .. }) = self.held.as_ref() else { return false };
        let (trail_len, pending_len) = (*trail_len, *pending_len);
        if !*consistent {
            return false;
        }
        let consistent = self.assign_all(extra) && self.complete(trail_len, None);
        // Back to the held literals alone.
        self.undo_to(trail_len);
        self.pending.truncate(pending_len);
        self.used_rules.clear();
        self.conflict_clause = None;
        consistent
    }

    fn hold(&mut self, seeds: &[Lit]) {
        self.reset();
        self.use_base = self.base.is_some();
        let mut head = 0;
        let consistent = self.assign_all(seeds) && self.propagate(&mut head, None);
        self.held = Some(Held {
            seeds: seeds.to_vec(),
            trail_len: self.trail.len(),
            pending_len: self.pending.len(),
            consistent,
        });
    }

    /// Assigns the literals not assigned yet; false when one of them is already false (nothing
    /// after it is assigned then).
    fn assign_all(&mut self, literals: &[Lit]) -> bool {
        for &literal in literals {
            match self.literal_value(literal) {
                0 => self.assign(literal, NO_REASON),
                -1 => return false,
                _ => {}
            }
        }
        true
    }

    fn run(&mut self, seeds: &[Lit], every_clause: bool, mask: Option<&[usize]>) -> Outcome {
        self.reset();
        self.use_base = !every_clause && self.base.is_some();
        if !self.assign_all(seeds) {
            // Two seeds contradict each other: no rule needed.
            self.reset();
            return Outcome::Unsatisfiable { rules: Vec::new() };
        }
        if every_clause {
            for clause in 0..self.formula.n_clauses() {
                let clause = to_u32(clause);
                if self.enabled(clause, mask) {
                    self.pending.push(clause);
                }
            }
        }
        if self.complete(0, mask) {
            let model = if self.keep_details { self.model_with_support(mask) } else { Vec::new() };
            self.reset();
            Outcome::Satisfiable(model)
        } else {
            let mut rules = std::mem::take(&mut self.used_rules);
            self.reset();
            rules.sort_unstable();
            rules.dedup();
            Outcome::Unsatisfiable { rules }
        }
    }

    /// Propagates the trail from `head` and decides until every touched clause holds (true) or
    /// no choice is left (false). The assignment is left for the caller to read and undo;
    /// decisions never undo anything before `head`.
    fn complete(&mut self, mut head: usize, mask: Option<&[usize]>) -> bool {
        let mut decisions: Vec<Decision> = Vec::new();
        let mut scan_from = 0;
        loop {
            let mut conflict = !self.propagate(&mut head, mask);
            if !conflict {
                match self.first_unsatisfied_pending(&mut scan_from) {
                    None => return true,
                    Some(clause) => {
                        self.note_rule(clause);
                        let option = self.next_unassigned(clause, 0);
                        match option {
                            Some((index, literal)) => {
                                decisions.push(Decision {
                                    trail_len: self.trail.len(),
                                    pending_len: self.pending.len(),
                                    scan_from,
                                    clause,
                                    next_option: index + 1,
                                });
                                self.assign(literal, NO_REASON);
                            }
                            None => conflict = true,
                        }
                    }
                }
            }
            if conflict {
                loop {
                    let Some(decision) = decisions.last_mut() else { return false };
                    let (trail_len, pending_len, clause, next_option) =
                        (decision.trail_len, decision.pending_len, decision.clause, decision.next_option);
                    scan_from = decision.scan_from;
                    self.undo_to(trail_len);
                    self.pending.truncate(pending_len);
                    head = trail_len;
                    if let Some((index, literal)) = self.next_unassigned(clause, next_option) {
                        decision.next_option = index + 1;
                        self.assign(literal, NO_REASON);
                        break;
                    }
                    decisions.pop();
                }
            }
        }
    }

    /// Propagates the trail from `head`; false on a conflict.
    fn propagate(&mut self, head: &mut usize, mask: Option<&[usize]>) -> bool {
        let formula = self.formula;
        while let Some(&literal) = self.trail.get(*head) {
            *head += 1;
            if self.use_base && self.holds_in_base(literal) {
                // Nothing the base model relies on became false.
                continue;
            }
            for &clause in formula.occurrences(literal.negate()) {
                if !self.enabled(clause, mask) {
                    continue;
                }
                let mut satisfied = false;
                let mut unassigned = 0usize;
                let mut last_unassigned = None;
                for &other in formula.clause(clause) {
                    if self.is_true_now(other) {
                        satisfied = true;
                        break;
                    }
                    if self.literal_value(other) == 0 {
                        unassigned += 1;
                        last_unassigned = Some(other);
                    }
                }
                if satisfied {
                    continue;
                }
                match (unassigned, last_unassigned) {
                    (0, _) | (_, None) => {
                        self.note_rule(clause);
                        self.conflict_clause = Some(clause);
                        return false;
                    }
                    (1, Some(forced)) => {
                        self.note_rule(clause);
                        self.assign(forced, clause);
                    }
                    _ => self.pending.push(clause),
                }
            }
        }
        true
    }

    fn first_unsatisfied_pending(&self, scan_from: &mut usize) -> Option<u32> {
        // Assignments only grow between decisions, so a clause found satisfied stays satisfied
        // until the search backtracks, which restores `scan_from`.
        while let Some(&clause) = self.pending.get(*scan_from) {
            if !self.is_satisfied(clause) {
                return Some(clause);
            }
            *scan_from += 1;
        }
        None
    }

    /// The next option of a decision on `clause`, from place `from` of an order that tries
    /// negations first: rules are usually satisfied by positions being false. (Relative to a
    /// base model every option of an unsatisfied clause is a flip, so the order matters less.)
    fn next_unassigned(&self, clause: u32, from: usize) -> Option<(usize, Lit)> {
        let literals = self.formula.clause(clause);
        let n = literals.len();
        (from..2 * n).find_map(|place| {
            let literal = *literals.get(place % n)?;
            (literal.is_negated() == (place < n) && self.literal_value(literal) == 0).then_some((place, literal))
        })
    }

    fn is_satisfied(&self, clause: u32) -> bool {
        self.formula.clause(clause).iter().any(|literal| self.is_true_now(*literal))
    }

    /// Whether a literal holds now: assigned true, or unassigned and true in the base model when
    /// the search runs relative to it.
    fn is_true_now(&self, literal: Lit) -> bool {
        match self.literal_value(literal) {
            1 => true,
            0 => self.use_base && self.holds_in_base(literal),
            _ => false,
        }
    }

    /// The assignment found, plus, for each clause a flip made rely on something else, the base
    /// literal that keeps it true: whoever combines this model with another must keep those.
    fn model_with_support(&self, mask: Option<&[usize]>) -> Vec<Lit> {
        let mut model = self.trail.clone();
        if !self.use_base {
            return model;
        }
        let mut support = Vec::new();
        for &literal in &self.trail {
            if self.holds_in_base(literal) {
                continue;
            }
            for &clause in self.formula.occurrences(literal.negate()) {
                if !self.enabled(clause, mask) {
                    continue;
                }
                let literals = self.formula.clause(clause);
                if literals.iter().any(|other| self.literal_value(*other) == 1) {
                    continue;
                }
                if let Some(kept) = literals.iter().find(|other| self.is_true_now(**other)) {
                    support.push(*kept);
                }
            }
        }
        support.sort_unstable();
        support.dedup();
        model.extend(support);
        model
    }

    fn enabled(&self, clause: u32, mask: Option<&[usize]>) -> bool {
        mask.is_none_or(|mask| mask.binary_search(&self.formula.clause_rule(clause)).is_ok())
    }

    fn note_rule(&mut self, clause: u32) {
        if self.keep_details {
            self.used_rules.push(self.formula.clause_rule(clause));
        }
    }

    fn literal_value(&self, literal: Lit) -> i8 {
        let value = self.value.get(literal.var()).copied().unwrap_or(0);
        if literal.is_negated() { -value } else { value }
    }

    fn assign(&mut self, literal: Lit, reason: u32) {
        if let Some(slot) = self.value.get_mut(literal.var()) {
            *slot = if literal.is_negated() { -1 } else { 1 };
        }
        self.trail.push(literal);
        self.reasons.push(reason);
    }

    fn undo_to(&mut self, trail_len: usize) {
        while self.trail.len() > trail_len {
            if let Some(literal) = self.trail.pop()
                && let Some(slot) = self.value.get_mut(literal.var())
            {
                *slot = 0;
            }
            self.reasons.pop();
        }
    }

    fn reset(&mut self) {
        self.held = None;
        self.undo_to(0);
        self.pending.clear();
        self.used_rules.clear();
        self.conflict_clause = None;
    }
}

#[allow(clippy::cast_possible_truncation)]
fn to_u32(value: usize) -> u32 {
    value as u32
}
