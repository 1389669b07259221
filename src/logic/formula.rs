//! Clauses from rules, with occurrence lists and the implication graph of the binary clauses.

use crate::model::{Literal, PositionId, Rule};

/// A literal: `2 * position + negated`.
#[derive(Copy, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Default)]
pub(crate) struct Lit(pub(crate) u32);

impl Lit {
    pub(crate) fn from_literal(literal: Literal) -> Lit {
        Lit(literal.position.0 * 2 + u32::from(literal.negated))
    }

    pub(crate) fn to_literal(self) -> Literal {
        Literal { position: PositionId(self.0 / 2), negated: self.0 & 1 == 1 }
    }

    pub(crate) fn negate(self) -> Lit {
        Lit(self.0 ^ 1)
    }

    pub(crate) fn var(self) -> usize {
        (self.0 / 2) as usize
    }

    pub(crate) fn index(self) -> usize {
        self.0 as usize
    }

    pub(crate) fn is_negated(self) -> bool {
        self.0 & 1 == 1
    }

    /// Whether the literal holds in `model` (by position: true when it holds); false for a
    /// position the model does not cover.
    pub(crate) fn holds_in(self, model: &[bool]) -> bool {
        model.get(self.var()).is_some_and(|value| *value != self.is_negated())
    }
}

/// The rules of a claim set as clauses over its positions.
///
/// Every clause remembers the rule it came from, so conflicts can be explained by rules.
#[derive(Debug, Default)]
pub(crate) struct Formula {
    n_vars: usize,
    /// Literals of all clauses, back to back; clause `c` is `literals[starts[c]..starts[c + 1]]`.
    literals: Vec<Lit>,
    starts: Vec<u32>,
    clause_rule: Vec<u32>,
    /// One bit per rule: whether it has exactly one clause (after dropping those that always
    /// hold). Bits rather than counts: every chain a finding shows asks this of each of its
    /// rules, and a bit per rule stays in cache where a count per rule does not.
    one_clause_rules: Vec<u64>,
    /// Whether no rule has more than one clause: then every rule in a clause has exactly one.
    no_rule_has_more_clauses: bool,
    /// For each literal, the clauses containing it (compressed rows).
    occurrence_starts: Vec<u32>,
    occurrences: Vec<u32>,
    /// For each literal `a`, the literals `b` with an edge `a -> b` from a clause of at most two
    /// literals, with that clause's rule (compressed rows). A unit clause `u` is the edge
    /// `!u -> u`. Each target sits next to its rule: walks jump around the rows at random, so
    /// one cache line per row serves both.
    implication_starts: Vec<u32>,
    implications: Vec<(Lit, u32)>,
    has_long_clauses: bool,
}

impl Formula {
    pub(crate) fn from_rules(n_positions: usize, rules: &[Rule]) -> Formula {
        let mut literals = Vec::new();
        let mut starts = vec![0u32];
        let mut clause_rule = Vec::new();
        let mut has_long_clauses = false;
        for (rule_index, rule) in rules.iter().enumerate() {
            for clause in rule.clauses() {
                let mut clause: Vec<Lit> = clause.into_iter().map(Lit::from_literal).collect();
                clause.sort_unstable();
                clause.dedup();
                // A clause with a literal and its negation always holds.
                if clause.windows(2).any(|pair| matches!(pair, [a, b] if a.negate() == *b)) {
                    continue;
                }
                has_long_clauses |= clause.len() > 2;
                literals.extend_from_slice(&clause);
                starts.push(to_u32(literals.len()));
                clause_rule.push(to_u32(rule_index));
            }
        }
        let mut rule_clause_counts = vec![0u32; rules.len()];
        for rule in &clause_rule {
            if let Some(count) = rule_clause_counts.get_mut(*rule as usize) {
                *count += 1;
            }
        }
        let mut one_clause_rules = vec![0u64; rules.len().div_ceil(64)];
        for (rule, count) in rule_clause_counts.iter().enumerate() {
            if let (1, Some(word)) = (count, one_clause_rules.get_mut(rule / 64)) {
                *word |= 1 << (rule % 64);
            }
        }
        let no_rule_has_more_clauses = rule_clause_counts.iter().all(|count| *count <= 1);
        let n_literals = 2 * n_positions;
        let n_clauses = clause_rule.len();

        // Rows are filled by counting, not as a list per literal: a million positions would
        // otherwise mean two million small lists.
        let mut occurrence_pairs: Vec<(usize, u32)> = Vec::with_capacity(literals.len());
        let mut implication_pairs: Vec<(usize, (Lit, u32))> = Vec::with_capacity(2 * n_clauses);
        // Rows of all positive literals first, then all negations: a walk from a `supports` goes
        // through positive literals almost only, and finds their rows packed together.
        let mut edge = |from: Lit, to: Lit, rule: u32| implication_pairs.push((row_of(from, n_positions), (to, rule)));
        for clause_index in 0..n_clauses {
            let clause = clause_slice(&literals, &starts, clause_index);
            let rule = clause_rule.get(clause_index).copied().unwrap_or(0);
            occurrence_pairs.extend(clause.iter().map(|literal| (literal.index(), to_u32(clause_index))));
            match clause {
                [unit] => edge(unit.negate(), *unit, rule),
                [a, b] => {
                    edge(a.negate(), *b, rule);
                    edge(b.negate(), *a, rule);
                }
                _ => {}
            }
        }
        let (occurrence_starts, occurrences) = rows_from_pairs(n_literals, &occurrence_pairs);
        let (unsorted_starts, mut unsorted) = rows_from_pairs(n_literals, &implication_pairs);
        // Sorted rows make every walk of the graph independent of the input's order.
        let mut implication_starts = Vec::with_capacity(n_literals + 1);
        let mut implications = Vec::with_capacity(unsorted.len());
        implication_starts.push(0);
        for bounds in unsorted_starts.windows(2) {
            let (start, end) = (bounds.first().copied().unwrap_or(0), bounds.get(1).copied().unwrap_or(0));
            if let Some(row) = unsorted.get_mut(start as usize..end as usize) {
                row.sort_unstable();
                let row_start = implications.len();
                for edge in row.iter() {
                    if implications.get(row_start..).and_then(<[_]>::last) != Some(edge) {
                        implications.push(*edge);
                    }
                }
            }
            implication_starts.push(to_u32(implications.len()));
        }
        Formula {
            n_vars: n_positions,
            literals,
            starts,
            clause_rule,
            one_clause_rules,
            no_rule_has_more_clauses,
            occurrence_starts,
            occurrences,
            implication_starts,
            implications,
            has_long_clauses,
        }
    }

    pub(crate) fn n_vars(&self) -> usize {
        self.n_vars
    }

    pub(crate) fn n_literals(&self) -> usize {
        2 * self.n_vars
    }

    pub(crate) fn n_clauses(&self) -> usize {
        self.clause_rule.len()
    }

    /// Whether some clause has more than two literals, so unit propagation over the implication
    /// graph alone is not a complete test.
    pub(crate) fn has_long_clauses(&self) -> bool {
        self.has_long_clauses
    }

    pub(crate) fn clause(&self, clause: u32) -> &[Lit] {
        clause_slice(&self.literals, &self.starts, clause as usize)
    }

    pub(crate) fn clause_rule(&self, clause: u32) -> usize {
        self.clause_rule.get(clause as usize).map_or(0, |rule| *rule as usize)
    }

    /// Whether each of `rules`, which are rules of some clause, has exactly one clause: told at
    /// once when no rule has more.
    pub(crate) fn rules_are_one_clause_each(&self, rules: &[usize]) -> bool {
        self.no_rule_has_more_clauses
            || rules
                .iter()
                .all(|rule| self.one_clause_rules.get(rule / 64).is_some_and(|word| word & (1 << (rule % 64)) != 0))
    }

    /// The clauses containing `literal`.
    pub(crate) fn occurrences(&self, literal: Lit) -> &[u32] {
        row(&self.occurrence_starts, &self.occurrences, literal.index())
    }

    /// The edges `literal -> b` of the implication graph, with their rules.
    pub(crate) fn implications(&self, literal: Lit) -> &[(Lit, u32)] {
        row(&self.implication_starts, &self.implications, row_of(literal, self.n_vars))
    }
}

impl Formula {
    /// A model of the clauses that keeps the checker's cones small, when the implication graph
    /// has no cycle and every clause has at most two literals; `None` otherwise.
    ///
    /// Any model serves as the base of the checker's walks, but their cost depends on it: a cone
    /// grows through literals false in the base. The all-false model of a chain of implications
    /// makes every `supports` walk down the whole chain. This one cuts every path about half
    /// way: each literal gets its level, the length of the longest path reaching it, and a
    /// position holds when its literal lies deeper than its negation. That is a model, because
    /// an edge `a -> b` is also the edge `!b -> !a`, so `level(b) > level(a)` and
    /// `level(!a) > level(!b)`: when `a` holds, `level(b) > level(a) > level(!a) > level(!b)` and
    /// `b` holds too. Every clause is still checked before the model is used.
    pub(crate) fn balanced_model(&self) -> Option<Vec<bool>> {
        if self.has_long_clauses {
            return None;
        }
        let n_literals = self.n_literals();
        // Longest paths by Kahn's algorithm: literals leave the queue in topological order.
        let mut indegree = vec![0u32; n_literals];
        for (target, _) in &self.implications {
            *indegree.get_mut(target.index())? += 1;
        }
        let mut queue: Vec<u32> =
            (0..n_literals).filter(|literal| indegree.get(*literal) == Some(&0)).map(to_u32).collect();
        let mut level = vec![0u32; n_literals];
        let mut next = 0;
        while let Some(&literal) = queue.get(next) {
            next += 1;
            let here = *level.get(literal as usize)?;
            for (target, _) in self.implications(Lit(literal)) {
                let index = target.index();
                let deeper = level.get_mut(index)?;
                *deeper = (*deeper).max(here + 1);
                let remaining = indegree.get_mut(index)?;
                *remaining -= 1;
                if *remaining == 0 {
                    queue.push(target.0);
                }
            }
        }
        if queue.len() != n_literals {
            // A cycle: equivalent literals. The model found by validation serves.
            return None;
        }
        let model: Vec<bool> =
            (0..self.n_vars).map(|position| level.get(2 * position) > level.get(2 * position + 1)).collect();
        let satisfied = (0..self.n_clauses())
            .all(|clause| self.clause(to_u32(clause)).iter().any(|literal| literal.holds_in(&model)));
        satisfied.then_some(model)
    }
}

/// The row of a literal's edges: positions first, then their negations.
fn row_of(literal: Lit, n_vars: usize) -> usize {
    if literal.is_negated() { n_vars + literal.var() } else { literal.var() }
}

fn clause_slice<'a>(literals: &'a [Lit], starts: &[u32], clause: usize) -> &'a [Lit] {
    let start = starts.get(clause).copied().unwrap_or(0) as usize;
    let end = starts.get(clause + 1).copied().unwrap_or(0) as usize;
    literals.get(start..end).unwrap_or(&[])
}

fn row<'a, T>(starts: &[u32], items: &'a [T], index: usize) -> &'a [T] {
    let start = starts.get(index).copied().unwrap_or(0) as usize;
    let end = starts.get(index + 1).copied().unwrap_or(0) as usize;
    items.get(start..end).unwrap_or(&[])
}

/// Compressed rows from `(row, item)` pairs, each row's items in the order given.
fn rows_from_pairs<T: Copy + Default>(n_rows: usize, pairs: &[(usize, T)]) -> (Vec<u32>, Vec<T>) {
    let mut starts = vec![0u32; n_rows + 1];
    for (row, _) in pairs {
        if let Some(count) = starts.get_mut(row + 1) {
            *count += 1;
        }
    }
    let mut running = 0;
    for start in &mut starts {
        running += *start;
        *start = running;
    }
    let mut next = starts.clone();
    let mut items = vec![T::default(); pairs.len()];
    for (row, item) in pairs {
        if let Some(place) = next.get_mut(*row)
            && let Some(slot) = items.get_mut(*place as usize)
        {
            *slot = *item;
            *place += 1;
        }
    }
    (starts, items)
}

#[allow(clippy::cast_possible_truncation)]
fn to_u32(value: usize) -> u32 {
    // Loading limits keep positions, rules and clauses far below 2^32.
    value as u32
}
