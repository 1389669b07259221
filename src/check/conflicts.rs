//! Minimal conflict sets among the distinct stance literals of one pool of assertions.
//!
//! A conflict set's status depends only on the literals of its assertions and whether each is a
//! commitment (B) or a possibility (D), so the search works on *elements*: the distinct
//! (literal, possibility) pairs of a pool. A minimal conflict set never holds two assertions with
//! the same element, so expanding element sets into assertion sets loses nothing.
//!
//! Two strategies, chosen by the rules:
//!
//! - With clauses of at most two literals, every minimal conflict set has at most two elements
//!   (propositional 2-SAT: a conflict shows as `a ⇒* ¬b` in the implication graph), so one walk
//!   of the implication graph from each element finds every singleton and pair. Near-linear in
//!   the pool's size times the size of the walks.
//! - With longer clauses, each element gets a partial assignment that satisfies every clause it
//!   touches (an autarky); two sets whose autarkies agree can be true together, so only sets
//!   built from blocks with clashing autarkies are tested, each with an exact search. Any
//!   minimal conflict set is reached this way: split it into explored blocks; if no two blocks'
//!   autarkies clashed, their union would show the set satisfiable.

use std::collections::{HashMap, HashSet};

use crate::logic::{Formula, Lit, Outcome, Search};

/// One distinct (literal, possibility) of a pool.
#[derive(Clone, Debug)]
pub(crate) struct Element {
    pub(crate) literal: Lit,
    /// `open_to`/`not_committed` (D) rather than `supports`/`opposes` (B).
    pub(crate) possibility: bool,
}

/// A minimal conflict set of elements: indices into the pool's elements, sorted.
#[derive(Clone, PartialEq, Eq, Debug)]
pub(crate) struct ElementConflict {
    pub(crate) elements: Vec<usize>,
    /// A tension (two possibilities that cannot both be) rather than an inconsistency.
    pub(crate) tense: bool,
}

/// Scratch space sized to the formula, reused across pools so each pool costs only its walks.
pub(crate) struct ConflictFinder<'f> {
    formula: &'f Formula,
    search: Search<'f>,
    visited: Vec<u32>,
    visit_stamp: u32,
    /// For each literal: the stamp of the pool that has it, and its B and D element there.
    pool_stamp: Vec<u32>,
    pool_elements: Vec<[u32; 2]>,
    current_pool: u32,
    stack: Vec<Lit>,
}

const NONE: u32 = u32::MAX;

impl<'f> ConflictFinder<'f> {
    pub(crate) fn new(formula: &'f Formula) -> ConflictFinder<'f> {
        let n_literals = formula.n_literals();
        ConflictFinder {
            formula,
            search: Search::new(formula),
            visited: vec![0; n_literals],
            visit_stamp: 0,
            pool_stamp: vec![0; n_literals],
            pool_elements: vec![[NONE; 2]; n_literals],
            current_pool: 0,
            stack: Vec::new(),
        }
    }

    pub(crate) fn search(&mut self) -> &mut Search<'f> {
        &mut self.search
    }

    /// Every minimal conflict set of at most `max_set` elements.
    pub(crate) fn find(&mut self, elements: &[Element], max_set: usize) -> Vec<ElementConflict> {
        if self.formula.has_long_clauses() {
            self.find_by_autarkies(elements, max_set)
        } else {
            self.find_by_implications(elements, max_set)
        }
    }

    fn find_by_implications(&mut self, elements: &[Element], max_set: usize) -> Vec<ElementConflict> {
        self.current_pool = self.current_pool.wrapping_add(1);
        if self.current_pool == 0 {
            self.pool_stamp.fill(0);
            self.current_pool = 1;
        }
        for (index, element) in elements.iter().enumerate() {
            let literal = element.literal.index();
            if let (Some(stamp), Some(slots)) = (self.pool_stamp.get_mut(literal), self.pool_elements.get_mut(literal))
            {
                if *stamp != self.current_pool {
                    *stamp = self.current_pool;
                    *slots = [NONE; 2];
                }
                if let Some(slot) = slots.get_mut(usize::from(element.possibility)) {
                    *slot = u32::try_from(index).unwrap_or(NONE);
                }
            }
        }
        let mut impossible = vec![false; elements.len()];
        let mut pairs = Vec::new();
        for (index, element) in elements.iter().enumerate() {
            self.next_visit();
            self.stack.clear();
            self.mark(element.literal);
            while let Some(reached) = self.stack.pop() {
                // Reaching ¬f from e means e and f cannot both hold (and e alone cannot, if f = e).
                let negation = reached.negate().index();
                if self.pool_stamp.get(negation) == Some(&self.current_pool) {
                    for &other in self.pool_elements.get(negation).into_iter().flatten() {
                        let other = other as usize;
                        if other == NONE as usize {
                            continue;
                        }
                        if other == index {
                            if let Some(flag) = impossible.get_mut(index) {
                                *flag = true;
                            }
                        } else if other > index {
                            pairs.push((index, other));
                        }
                    }
                }
                for &(next, _) in self.formula.implications(reached) {
                    self.mark(next);
                }
            }
        }
        let is_impossible = |index: usize| impossible.get(index).copied().unwrap_or(false);
        let mut found: Vec<ElementConflict> = (0..elements.len())
            .filter(|index| is_impossible(*index))
            .map(|index| ElementConflict { elements: vec![index], tense: false })
            .collect();
        if max_set >= 2 {
            for (first, second) in pairs {
                if is_impossible(first) || is_impossible(second) {
                    continue;
                }
                let (Some(a), Some(b)) = (elements.get(first), elements.get(second)) else { continue };
                let tense = a.possibility && b.possibility;
                // Being open to P while not committed to P is hedging, not a finding.
                if tense && a.literal == b.literal.negate() {
                    continue;
                }
                found.push(ElementConflict { elements: vec![first, second], tense });
            }
        }
        found
    }

    fn next_visit(&mut self) {
        self.visit_stamp = self.visit_stamp.wrapping_add(1);
        if self.visit_stamp == 0 {
            self.visited.fill(0);
            self.visit_stamp = 1;
        }
    }

    fn mark(&mut self, literal: Lit) {
        if let Some(visited) = self.visited.get_mut(literal.index())
            && *visited != self.visit_stamp
        {
            *visited = self.visit_stamp;
            self.stack.push(literal);
        }
    }

    fn find_by_autarkies(&mut self, elements: &[Element], max_set: usize) -> Vec<ElementConflict> {
        struct Explored {
            elements: Vec<usize>,
            autarky: Vec<Lit>,
        }
        let mut found: Vec<ElementConflict> = Vec::new();
        let mut explored: Vec<Explored> = Vec::new();
        let mut holders_of_literal: HashMap<Lit, Vec<usize>> = HashMap::new();
        let mut seen: HashSet<Vec<usize>> = HashSet::new();

        let add_explored = |explored: &mut Vec<Explored>,
                            holders: &mut HashMap<Lit, Vec<usize>>,
                            set: Vec<usize>,
                            autarky: Vec<Lit>| {
            let id = explored.len();
            for literal in &autarky {
                holders.entry(*literal).or_default().push(id);
            }
            explored.push(Explored { elements: set, autarky });
        };

        for (index, element) in elements.iter().enumerate() {
            seen.insert(vec![index]);
            match self.search.solve(&[element.literal], None) {
                Outcome::Unsatisfiable { .. } => found.push(ElementConflict { elements: vec![index], tense: false }),
                Outcome::Satisfiable(autarky) => {
                    if max_set >= 2 {
                        add_explored(&mut explored, &mut holders_of_literal, vec![index], autarky);
                    }
                }
            }
        }

        let mut next = 0;
        while next < explored.len() {
            let mut partners: Vec<usize> = Vec::new();
            if let Some(block) = explored.get(next) {
                for literal in &block.autarky {
                    if let Some(others) = holders_of_literal.get(&literal.negate()) {
                        partners.extend(others.iter().copied().filter(|other| *other != next));
                    }
                }
            }
            partners.sort_unstable();
            partners.dedup();
            for partner in partners {
                let (Some(block), Some(other)) = (explored.get(next), explored.get(partner)) else { continue };
                if block.elements.len() + other.elements.len() > max_set
                    || block.elements.iter().any(|element| other.elements.contains(element))
                {
                    continue;
                }
                let mut union: Vec<usize> = block.elements.iter().chain(&other.elements).copied().collect();
                union.sort_unstable();
                if !seen.insert(union.clone()) {
                    continue;
                }
                let possibilities: Vec<Lit> = union
                    .iter()
                    .filter_map(|index| elements.get(*index))
                    .filter(|element| element.possibility)
                    .map(|element| element.literal)
                    .collect();
                // Sets with three possibilities, or with P and ¬P as possibilities, are never
                // conflict sets and neither are their supersets.
                if possibilities.len() > 2 || matches!(possibilities.as_slice(), [a, b] if *a == b.negate()) {
                    continue;
                }
                let seeds: Vec<Lit> =
                    union.iter().filter_map(|index| elements.get(*index)).map(|e| e.literal).collect();
                match self.search.solve(&seeds, None) {
                    Outcome::Satisfiable(autarky) => {
                        if union.len() < max_set {
                            add_explored(&mut explored, &mut holders_of_literal, union, autarky);
                        }
                    }
                    Outcome::Unsatisfiable { .. } => {
                        if possibilities.len() < 2 {
                            found.push(ElementConflict { elements: union, tense: false });
                        } else if self.is_tense(elements, &union) {
                            found.push(ElementConflict { elements: union, tense: true });
                        }
                    }
                }
            }
            next += 1;
        }
        keep_minimal(found)
    }

    /// Whether the commitments with each one of the two possibilities alone can hold.
    fn is_tense(&mut self, elements: &[Element], set: &[usize]) -> bool {
        let members: Vec<&Element> = set.iter().filter_map(|index| elements.get(*index)).collect();
        let commitments: Vec<Lit> = members.iter().filter(|e| !e.possibility).map(|e| e.literal).collect();
        members.iter().filter(|e| e.possibility).all(|possibility| {
            let mut seeds = commitments.clone();
            seeds.push(possibility.literal);
            self.search.solve(&seeds, None).is_satisfiable()
        })
    }
}

/// Drops every set that has another found set as a proper subset.
fn keep_minimal(mut found: Vec<ElementConflict>) -> Vec<ElementConflict> {
    found.sort_by(|a, b| a.elements.len().cmp(&b.elements.len()).then_with(|| a.elements.cmp(&b.elements)));
    let mut kept: Vec<ElementConflict> = Vec::with_capacity(found.len());
    for candidate in found {
        let has_smaller =
            kept.iter().any(|smaller| smaller.elements.iter().all(|element| candidate.elements.contains(element)));
        if !has_smaller {
            kept.push(candidate);
        }
    }
    kept
}
