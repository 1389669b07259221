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
//!   the pool's size times the size of the walks. The cones of literals asserted more than once
//!   are mostly walked once per check and kept ([`KeptCones`]); the pool reads them as they are.
//! - With longer clauses, the walks still find every set the two-literal clauses alone refute,
//!   with the chain that shows it. For the rest, each element gets a partial assignment that
//!   satisfies every clause it touches (an autarky); two sets whose autarkies agree can be true
//!   together, so only sets built from blocks with clashing autarkies are tested, each with an
//!   exact search, and sets the walks already refuted are never searched again. Any minimal
//!   conflict set is reached this way: split it into explored blocks; if no two blocks'
//!   autarkies clashed, their union would show the set satisfiable.

// Sets of element indices and literals are hashed millions of times in large pools: a fast
// hasher, still seeded per run.
use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use super::cones::KeptCones;
use super::walk::{ConeEntry, NO_PARENT, WalkGraph};
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
    /// Kept inline: a large check makes a million of them.
    pub(crate) elements: ElementSet,
    /// A tension (two possibilities that cannot both be) rather than an inconsistency.
    pub(crate) tense: bool,
    /// Where two cones of the walks meet to show the conflict, when the walks found it. The
    /// chain of rules is read off the cones only when the conflict is reported, into lists
    /// reused from one conflict to the next ([`ConflictFinder::witness_into`]).
    pub(crate) meeting: Option<Meeting>,
}

/// Two cone entries of the last pool [`ConflictFinder::find`] looked at whose literals are each
/// other's negation: the first element reaches a literal, the second (or the first again) its
/// negation. Valid until the next call of `find`.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub(crate) struct Meeting {
    first: ConePlace,
    second: ConePlace,
}

/// An entry of an element's cone: the element, and the entry's place in its cone.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
struct ConePlace {
    element: u32,
    place: u32,
}

/// Where the pool finds an element's cone: kept for the whole check, or walked for this pool.
#[derive(Copy, Clone, Debug)]
enum PoolCone {
    /// `len` entries of the kept cones from `start`.
    Kept { start: u32, len: u32 },
    /// `len` entries of the pool's walked cones from `start`.
    Walked { start: u32, len: u32 },
}

impl PoolCone {
    fn len(self) -> usize {
        match self {
            PoolCone::Kept { len, .. } | PoolCone::Walked { len, .. } => len as usize,
        }
    }
}

/// Rules that show a conflict, found along the implication graph.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub(crate) struct Witness {
    /// Rule indices, sorted.
    pub(crate) rules: Vec<usize>,
    /// Whether the rules are known to be a minimal set: then nobody needs to shrink them.
    pub(crate) minimal: bool,
    /// Whether, the chain not being minimal, every one of the rules is still known to be needed:
    /// then shrinking them would keep them all, and only the derivation is left to find.
    pub(crate) rules_all_needed: bool,
    /// The chain of implications the rules make, from the first element's literal to the
    /// negation of the second's (or of its own): each literal with the rule of the edge into it
    /// (`None` for the first).
    pub(crate) chain: Vec<(Lit, Option<usize>)>,
}

/// Scratch space sized to the formula, reused across pools so each pool costs only its walks.
///
/// The walks touch a few bits per literal they reach, so the sets are bitsets that stay in the
/// processor's caches even for a million positions; the arrays indexed by literal are read only
/// for the rare literals where two cones meet.
pub(crate) struct ConflictFinder<'f> {
    formula: &'f Formula,
    search: Search<'f>,
    /// The binary clauses' implication graph, for the walks: a cone stops growing at literals
    /// that hold in the base model.
    walks: &'f WalkGraph,
    /// The cones walked before the pools; the others are walked in each pool that needs them.
    kept: &'f KeptCones,
    /// Literals reached by the cone being built, and literals in some cone of the pool.
    marks: Marks,
    /// For each literal where cones meet, the place in `meetings` of the last entry with the
    /// literal (`NONE` for the others, and for all between pools): four bytes a literal, so
    /// that more of it stays in cache.
    literal_head: Vec<u32>,
    /// Each element's cone in the pool being checked.
    pool_cones: Vec<PoolCone>,
    /// Each element's kept cone, if it has one.
    spans: Vec<Option<(u32, u32)>>,
    /// The cones walked for the pool being checked, one after the other.
    walked: Vec<ConeEntry>,
    /// Entries whose negation is in some cone of the pool, in cone order: as many as the pool has,
    /// then room left from finding them (those found and one cone more at most).
    meetings: Vec<MeetingEntry>,
}

/// An entry of a cone whose negation is in some cone of the pool.
#[derive(Copy, Clone, Debug)]
struct MeetingEntry {
    place: ConePlace,
    literal: Lit,
    /// The place in the meeting entries of the one before it with the same literal (`NONE` for
    /// the first).
    next: u32,
}

const NONE: u32 = u32::MAX;

impl<'f> ConflictFinder<'f> {
    /// `base` is a model of all the rules ([`Search::base_model`]), the one `walks` was made
    /// with; without one every search and every cone covers all it reaches, which is exact but
    /// slower.
    pub(crate) fn new(
        formula: &'f Formula,
        base: Option<&[bool]>,
        walks: &'f WalkGraph,
        kept: &'f KeptCones,
    ) -> ConflictFinder<'f> {
        let n_literals = formula.n_literals();
        ConflictFinder {
            formula,
            search: match base {
                Some(base) => Search::with_base(formula, base.to_vec()),
                None => Search::new(formula),
            },
            walks,
            kept,
            marks: Marks::new(n_literals),
            literal_head: vec![NONE; n_literals],
            pool_cones: Vec::new(),
            spans: Vec::new(),
            walked: Vec::new(),
            meetings: Vec::new(),
        }
    }

    pub(crate) fn search(&mut self) -> &mut Search<'f> {
        &mut self.search
    }

    /// Every minimal conflict set of at most `max_set` elements.
    pub(crate) fn find(&mut self, elements: &[Element], max_set: usize) -> Vec<ElementConflict> {
        let by_implications = self.find_by_implications(elements, max_set);
        if self.formula.has_long_clauses() {
            self.find_by_autarkies(elements, max_set, by_implications)
        } else {
            by_implications
        }
    }

    fn find_by_implications(&mut self, elements: &[Element], max_set: usize) -> Vec<ElementConflict> {
        // Each element's cone: the literals it reaches, each with the entry it was reached from
        // and the rule of the edge it came by. A cone only grows through the element itself and
        // literals that are false in the base model. Along any path of the implication graph, once a
        // literal holds in the base model so do all after it (the model satisfies every edge),
        // so a path e ⇒* ¬f has a literal x with x in e's cone and ¬x in f's cone: the first
        // literal on it that holds in the base model. The cones meet while staying small.
        let kept = self.kept;
        self.pool_cones.clear();
        self.walked.clear();
        // The kept cones lie far apart in memory and are rarely in cache: where they are, then
        // all of them, are read ahead in loops whose reads do not wait on each other.
        self.spans.clear();
        self.spans.extend(elements.iter().map(|element| kept.span(element.literal)));
        kept.read_ahead(self.spans.iter().flatten());
        for (element, span) in elements.iter().zip(&self.spans) {
            let cone = match *span {
                Some((start, len)) => {
                    for literal in kept.literals(start, len) {
                        self.marks.enter_pool(*literal);
                    }
                    PoolCone::Kept { start, len }
                }
                None => {
                    let start = self.walked.len();
                    let marks = &mut self.marks;
                    self.walks.walk_cone(element.literal, |literal| marks.visit(literal), &mut self.walked);
                    for entry in self.walked.get(start..).unwrap_or(&[]) {
                        self.marks.leave_into_pool(entry.literal);
                    }
                    PoolCone::Walked { start: to_u32(start), len: to_u32(self.walked.len() - start) }
                }
            };
            self.pool_cones.push(cone);
        }

        // The entries where cones meet: those whose negation is in some cone of the pool. Few
        // entries do (one in twelve on the layered workload), too few and too scattered for a
        // branch on each to be foreseen: each entry is written past the meeting entries found so
        // far, and the count moves past it only if it meets. Only they are then threaded into
        // lists by literal. The list has room for those found and the cone being read.
        let mut n_meetings = 0;
        for (element, cone) in self.pool_cones.iter().enumerate() {
            if self.meetings.len() < n_meetings + cone.len() {
                let unused = MeetingEntry { place: ConePlace { element: 0, place: 0 }, literal: Lit(0), next: NONE };
                self.meetings.resize(n_meetings + cone.len(), unused);
            }
            let mut place = 0;
            for_each_literal(*cone, kept, &self.walked, |literal| {
                if let Some(slot) = self.meetings.get_mut(n_meetings) {
                    *slot = MeetingEntry { place: ConePlace { element: to_u32(element), place }, literal, next: NONE };
                }
                n_meetings += usize::from(self.marks.in_pool(literal.negate()));
                place += 1;
            });
        }
        let meetings = self.meetings.get_mut(..n_meetings).unwrap_or(&mut []);
        for (entry, meeting) in meetings.iter_mut().enumerate() {
            if let Some(head) = self.literal_head.get_mut(meeting.literal.index()) {
                meeting.next = *head;
                *head = to_u32(entry);
            }
        }
        let meetings = self.meetings.get(..n_meetings).unwrap_or(&[]);
        // A pool's cones can be large next to the marks: then one sweep beats a look per entry.
        let n_entries: usize = self.pool_cones.iter().map(|cone| cone.len()).sum();
        if !self.marks.clear_pool_if_fewer_than(n_entries) {
            for cone in &self.pool_cones {
                for_each_literal(*cone, kept, &self.walked, |literal| self.marks.leave_pool(literal));
            }
        }

        let mut impossible: Vec<Option<Meeting>> = vec![None; elements.len()];
        let mut pairs: Vec<(usize, usize, Meeting)> = Vec::new();
        let mut partner_seen: Vec<u32> = vec![NONE; elements.len()];
        for meeting in meetings {
            let index = meeting.place.element as usize;
            // Threaded too: its negation is in the pool.
            let Some(&(mut place)) = self.literal_head.get(meeting.literal.negate().index()) else { continue };
            // Each list runs from the last entry to the first, so from the highest element down:
            // the partners below this element, whose pairs were seen from their side, end it.
            while let Some(other) = meetings.get(place as usize) {
                place = other.next;
                let partner = other.place.element as usize;
                if partner < index {
                    break;
                }
                if partner == index {
                    if let Some(slot) = impossible.get_mut(index)
                        && slot.is_none()
                    {
                        *slot = Some(Meeting { first: meeting.place, second: other.place });
                    }
                } else if partner > index
                    && let Some(seen) = partner_seen.get_mut(partner)
                    && *seen != to_u32(index)
                {
                    *seen = to_u32(index);
                    pairs.push((index, partner, Meeting { first: meeting.place, second: other.place }));
                }
            }
        }
        for meeting in meetings {
            if let Some(head) = self.literal_head.get_mut(meeting.literal.index()) {
                *head = NONE;
            }
        }
        let mut found: Vec<ElementConflict> = Vec::new();
        for (index, meeting) in impossible.iter().enumerate() {
            if let Some(meeting) = meeting {
                found.push(ElementConflict {
                    elements: ElementSet::single(index),
                    tense: false,
                    meeting: Some(*meeting),
                });
            }
        }
        if max_set >= 2 {
            for (first, second, meeting) in pairs {
                if impossible.get(first).is_some_and(Option::is_some)
                    || impossible.get(second).is_some_and(Option::is_some)
                {
                    continue;
                }
                let (Some(a), Some(b)) = (elements.get(first), elements.get(second)) else { continue };
                let tense = a.possibility && b.possibility;
                // Being open to P while not committed to P is hedging, not a finding.
                if tense && a.literal == b.literal.negate() {
                    continue;
                }
                let elements = ElementSet::from_sorted(&[first, second]);
                found.push(ElementConflict { elements, tense, meeting: Some(meeting) });
            }
        }
        found
    }

    /// The rules on the two cone paths that meet: a set of rules that shows the conflict.
    ///
    /// The two paths, the second one turned around by contraposition, form one chain of
    /// implications from the first element to the negation of the second (or of itself). When
    /// no literal of that chain repeats or appears negated (but for the two ends of a chain from
    /// a literal to its own negation) and every rule on it is a single clause, leaving out any
    /// one rule cuts the chain with no way around it through the others, so the set is minimal
    /// and nobody has to shrink it: one pass over the chain instead of one search per rule.
    ///
    /// Written into `witness`, whose lists are reused: most conflicts need the chain only long
    /// enough to copy it into their findings.
    pub(crate) fn witness_into(&mut self, meeting: Meeting, witness: &mut Witness) {
        // The first path from its element to the meeting literal, then the second path read
        // backwards and negated, leaving out its copy of the meeting literal: the literal of each
        // entry on the second path, negated, is forced by the rule of the edge that reached it.
        let Meeting { first, second } = meeting;
        let chain = &mut witness.chain;
        chain.clear();
        self.path_to_root(first, |literal, rule| chain.push((literal, rule)));
        chain.reverse();
        let first_path_len = chain.len();
        // Each entry but the root, read backwards and negated: its parent's negation, forced by
        // the rule that reached it.
        let mut child: Option<usize> = None;
        self.path_to_root(second, |literal, rule| {
            if child.is_some() {
                chain.push((literal.negate(), child));
            }
            child = rule;
        });

        let rules = &mut witness.rules;
        rules.clear();
        rules.extend(chain.iter().filter_map(|(_, rule)| *rule));
        rules.sort_unstable();
        let n_steps = rules.len();
        rules.dedup();
        let one_clause_each = self.formula.rules_are_one_clause_each(rules);
        witness.minimal = rules.len() == n_steps && one_clause_each && self.chain_has_no_repeats(chain);
        witness.rules_all_needed = !witness.minimal
            && one_clause_each
            && first.element == second.element
            && self.forked_paths_need_every_rule(chain, first_path_len, rules.len());
    }

    /// Whether the rules of a chain made of two paths in one cone, from its root to a literal
    /// and to its negation, are all needed, when the paths share their first entries.
    ///
    /// An element impossible on its own shows it by two paths of its cone that meet the
    /// literal and its negation, and they often leave the root together: the chain then holds
    /// the shared entries twice, once as they are and once negated, and is not minimal as a
    /// chain. The rules are, when the entries of the two paths (the shared ones once) have
    /// distinct variables but for the literal and its negation, and each entry but the root has
    /// a rule of its own with one clause: the rules then form a fork of single implications,
    /// from the root to where the paths part and on to both ends, and without any one of them
    /// one end is no longer reached from the root, nor the negation of the root from the other
    /// end. `chain` is the first path from the root, then the second read backwards and negated
    /// ([`ConflictFinder::witness_into`]); `distinct_rules` counts its rules, each once.
    fn forked_paths_need_every_rule(
        &mut self,
        chain: &[(Lit, Option<usize>)],
        first_path_len: usize,
        distinct_rules: usize,
    ) -> bool {
        let (Some(first_path), Some(turned)) = (chain.get(..first_path_len), chain.get(first_path_len..)) else {
            return false;
        };
        // The second path from the root, without its last entry (the negation of the first
        // path's last): its entries are the negations of `turned`, read backwards.
        let second_path = || turned.iter().rev().map(|(literal, _)| literal.negate());
        let shared = first_path.iter().zip(second_path()).take_while(|((literal, _), other)| literal == other).count();
        // Each entry but the root has its rule: the first path's, then the second's own.
        let own_entries_of_second = turned.len().saturating_sub(shared);
        if shared == 0 || distinct_rules != first_path_len - 1 + own_entries_of_second + 1 {
            return false;
        }
        let literals = first_path.iter().map(|(literal, _)| *literal).chain(second_path().skip(shared));
        self.marks.variables_are_distinct(literals)
    }

    /// Whether no variable appears twice on the chain, but for the two ends of a chain from a
    /// literal to its own negation.
    fn chain_has_no_repeats(&mut self, chain: &[(Lit, Option<usize>)]) -> bool {
        let (Some((first, _)), Some((last, _))) = (chain.first(), chain.last()) else { return true };
        let ends_are_opposite = *last == first.negate();
        let inner = if ends_are_opposite { chain.get(..chain.len() - 1).unwrap_or(&[]) } else { chain };
        self.marks.variables_are_distinct(inner.iter().map(|(literal, _)| *literal))
    }

    /// Calls `step` with each entry from the one at `place` up to its cone's root: its literal and
    /// the rule it was reached by (`None` for the root).
    fn path_to_root(&self, place: ConePlace, mut step: impl FnMut(Lit, Option<usize>)) {
        match self.pool_cones.get(place.element as usize) {
            Some(PoolCone::Kept { start, .. }) => {
                let mut current = Some(place.place);
                while let Some(entry) = current.and_then(|place| self.kept.entry(*start, place)) {
                    step(entry.literal, entry.reached.map(|(_, rule)| rule as usize));
                    current = entry.reached.map(|(parent, _)| parent);
                }
            }
            Some(PoolCone::Walked { start, .. }) => {
                let mut current = (start + place.place) as usize;
                while let Some(entry) = self.walked.get(current) {
                    step(entry.literal, (entry.parent != NO_PARENT).then_some(entry.rule as usize));
                    current = entry.parent as usize;
                }
            }
            None => {}
        }
    }

    /// The complete search when some clause has more than two literals. `refuted` holds what
    /// the walks found with the two-literal clauses alone: those sets are conflicts whatever the
    /// longer clauses say, and come with their chains; only whether they are minimal is left to
    /// see, as a single element may be impossible through the longer clauses.
    fn find_by_autarkies(
        &mut self,
        elements: &[Element],
        max_set: usize,
        refuted: Vec<ElementConflict>,
    ) -> Vec<ElementConflict> {
        struct Explored {
            elements: ElementSet,
            autarky: Vec<Lit>,
            /// The block whose turn made this one (`NONE` for single elements, made first).
            made_during: u32,
        }
        let mut found: Vec<ElementConflict> = Vec::new();
        let mut explored: Vec<Explored> = Vec::new();
        // For each size of block, the blocks of that size whose autarky holds each literal: a
        // block only looks for partners small enough to join it within `max_set`.
        let mut holders_by_size: Vec<HashMap<Lit, Vec<u32>>> = (0..max_set).map(|_| HashMap::new()).collect();
        // Every set tested or known to conflict, and the sets known to conflict.
        let mut seen: HashSet<ElementSet> = HashSet::new();
        let mut conflicting: HashSet<ElementSet> = HashSet::new();
        let mut refuted_alone: Vec<Option<ElementConflict>> = vec![None; elements.len()];
        for conflict in refuted {
            match conflict.elements.as_slice() {
                [single] => {
                    if let Some(slot) = refuted_alone.get_mut(*single as usize) {
                        *slot = Some(conflict);
                    }
                }
                _ => {
                    // Never searched again; `keep_minimal` drops it if one of its elements
                    // turns out impossible alone.
                    let set = conflict.elements;
                    seen.insert(set);
                    conflicting.insert(set);
                    found.push(conflict);
                }
            }
        }

        let add_explored = |explored: &mut Vec<Explored>,
                            holders_by_size: &mut [HashMap<Lit, Vec<u32>>],
                            set: ElementSet,
                            autarky: Vec<Lit>,
                            made_during: u32| {
            let id = to_u32(explored.len());
            if let Some(holders) = holders_by_size.get_mut(set.len()) {
                for literal in &autarky {
                    holders.entry(*literal).or_default().push(id);
                }
            }
            explored.push(Explored { elements: set, autarky, made_during });
        };

        for (index, element) in elements.iter().enumerate() {
            let single = ElementSet::single(index);
            seen.insert(single);
            if let Some(conflict) = refuted_alone.get_mut(index).and_then(Option::take) {
                conflicting.insert(single);
                found.push(conflict);
                continue;
            }
            match self.search.solve(&[element.literal], None) {
                Outcome::Unsatisfiable { .. } => {
                    conflicting.insert(single);
                    found.push(ElementConflict { elements: single, tense: false, meeting: None })
                }
                Outcome::Satisfiable(autarky) => {
                    if max_set >= 2 {
                        add_explored(&mut explored, &mut holders_by_size, single, autarky, NONE);
                    }
                }
            }
        }

        // For each block, the last block that listed it as a partner: duplicates are dropped
        // without sorting the list.
        let mut listed_by: Vec<u32> = Vec::new();
        let mut partners: Vec<u32> = Vec::new();
        let (mut seeds, mut partner_seeds): (Vec<Lit>, Vec<Lit>) = (Vec::new(), Vec::new());
        let mut next = 0;
        while next < explored.len() {
            listed_by.resize(explored.len(), NONE);
            partners.clear();
            if let Some(block) = explored.get(next) {
                let room = max_set.saturating_sub(block.elements.len());
                for (holders, literal) in holders_by_size
                    .iter()
                    .take(room + 1)
                    .flat_map(|holders| block.autarky.iter().map(move |literal| (holders, literal)))
                {
                    for &other in holders.get(&literal.negate()).map_or(&[][..], Vec::as_slice) {
                        if let Some(mark) = listed_by.get_mut(other as usize)
                            && *mark != to_u32(next)
                            && other as usize != next
                        {
                            *mark = to_u32(next);
                            partners.push(other);
                        }
                    }
                }
            }
            for &partner in &partners {
                let (Some(block), Some(other)) = (explored.get(next), explored.get(partner as usize)) else { continue };
                // An earlier block that was here on its turn has already paired with this one.
                if (partner as usize) < next && block.made_during.wrapping_add(1) <= partner {
                    continue;
                }
                let Some(union) = block.elements.union(&other.elements, max_set) else { continue };
                // A set holding a conflict found before cannot be a minimal one: no search.
                // Only subsets with elements of both blocks: each block can hold, and so can
                // everything in it. Asked before the set is remembered as seen, as most sets in
                // large pools hold a conflict (and a set that does keeps holding it).
                if union.has_mixed_subset_in(&block.elements, &conflicting) || !seen.insert(union) {
                    continue;
                }
                let mut possibilities = union
                    .iter()
                    .filter_map(|index| elements.get(index))
                    .filter(|element| element.possibility)
                    .map(|element| element.literal);
                let (first, second, third) = (possibilities.next(), possibilities.next(), possibilities.next());
                // Sets with three possibilities, or with P and ¬P as possibilities, are never
                // conflict sets and neither are their supersets.
                if third.is_some() || matches!((first, second), (Some(a), Some(b)) if a == b.negate()) {
                    continue;
                }
                let literals_of = |set: &ElementSet, seeds: &mut Vec<Lit>| {
                    seeds.clear();
                    seeds.extend(set.iter().filter_map(|index| elements.get(index)).map(|e| e.literal));
                };
                // A set of the largest size is never explored further: whether it can hold is
                // all that is asked, without the model, and the block's own literals stay
                // propagated from one partner to the next.
                let outcome = if union.len() < max_set {
                    literals_of(&union, &mut seeds);
                    self.search.solve(&seeds, None)
                } else {
                    literals_of(&block.elements, &mut seeds);
                    literals_of(&other.elements, &mut partner_seeds);
                    match self.search.is_consistent_adding(&seeds, &partner_seeds) {
                        true => Outcome::Satisfiable(Vec::new()),
                        false => Outcome::Unsatisfiable { rules: Vec::new() },
                    }
                };
                match outcome {
                    Outcome::Satisfiable(autarky) => {
                        if union.len() < max_set {
                            add_explored(&mut explored, &mut holders_by_size, union, autarky, to_u32(next));
                        }
                    }
                    Outcome::Unsatisfiable { .. } => {
                        let tense = second.is_some();
                        if !tense || self.is_tense(elements, &union) {
                            conflicting.insert(union);
                            found.push(ElementConflict { elements: union, tense, meeting: None });
                        }
                    }
                }
            }
            next += 1;
        }
        keep_minimal(found)
    }

    /// Whether the commitments with each one of the two possibilities alone can hold.
    fn is_tense(&mut self, elements: &[Element], set: &ElementSet) -> bool {
        let members: Vec<&Element> = set.iter().filter_map(|index| elements.get(index)).collect();
        let commitments: Vec<Lit> = members.iter().filter(|e| !e.possibility).map(|e| e.literal).collect();
        members.iter().filter(|e| e.possibility).all(|possibility| {
            let mut seeds = commitments.clone();
            seeds.push(possibility.literal);
            self.search.is_consistent(&seeds, None)
        })
    }
}

/// Two marks for each literal: whether the cone being walked has reached it, and whether some
/// cone of the pool has, in two bitsets of one bit a literal. Kept cones never touch the first,
/// so the second, which they set and read for every entry, stays in the fastest cache (a
/// literal's bit and its negation's share a word).
struct Marks {
    visited: Vec<u64>,
    in_pool: Vec<u64>,
}

impl Marks {
    fn new(n_literals: usize) -> Marks {
        let words = n_literals.div_ceil(64);
        Marks { visited: vec![0; words], in_pool: vec![0; words] }
    }

    /// The word of `literal`'s mark and its bit there.
    fn slot(literal: Lit) -> (usize, u64) {
        (literal.index() / 64, 1 << (literal.index() % 64))
    }

    /// Marks `literal` reached by the cone being walked; whether it already was.
    fn visit(&mut self, literal: Lit) -> bool {
        let (word, bit) = Marks::slot(literal);
        let Some(word) = self.visited.get_mut(word) else { return true };
        let was = *word & bit != 0;
        *word |= bit;
        was
    }

    /// Whether no two of `literals` share a variable, told with the marks of the cone being
    /// walked, which are all clear between walks (and are again after): one look per literal
    /// where comparing every pair of a chain of fifteen takes a hundred.
    fn variables_are_distinct(&mut self, literals: impl Iterator<Item = Lit> + Clone) -> bool {
        // A literal's mark and its negation's are the two bits of its variable in one word.
        let variable_slot = |literal: Lit| (literal.index() / 64, 0b11 << ((literal.index() & !1) % 64));
        let mut marked = 0;
        let mut distinct = true;
        for literal in literals.clone() {
            let (word, bits) = variable_slot(literal);
            let Some(word) = self.visited.get_mut(word) else {
                distinct = false;
                break;
            };
            if *word & bits != 0 {
                distinct = false;
                break;
            }
            *word |= bits;
            marked += 1;
        }
        for literal in literals.take(marked) {
            let (word, bits) = variable_slot(literal);
            if let Some(word) = self.visited.get_mut(word) {
                *word &= !bits;
            }
        }
        distinct
    }

    /// Ends `literal`'s part in the cone walked and marks it in the pool.
    fn leave_into_pool(&mut self, literal: Lit) {
        let (word, bit) = Marks::slot(literal);
        if let Some(word) = self.visited.get_mut(word) {
            *word &= !bit;
        }
        self.enter_pool(literal);
    }

    fn in_pool(&self, literal: Lit) -> bool {
        let (word, bit) = Marks::slot(literal);
        self.in_pool.get(word).is_some_and(|word| word & bit != 0)
    }

    /// Marks `literal` in the pool.
    fn enter_pool(&mut self, literal: Lit) {
        let (word, bit) = Marks::slot(literal);
        if let Some(word) = self.in_pool.get_mut(word) {
            *word |= bit;
        }
    }

    /// Clears every mark of the pool if there are fewer words of marks than `entries`; whether
    /// it did.
    fn clear_pool_if_fewer_than(&mut self, entries: usize) -> bool {
        let fewer = self.in_pool.len() < entries;
        if fewer {
            self.in_pool.fill(0);
        }
        fewer
    }

    /// Ends `literal`'s part in the pool.
    fn leave_pool(&mut self, literal: Lit) {
        let (word, bit) = Marks::slot(literal);
        if let Some(word) = self.in_pool.get_mut(word) {
            *word &= !bit;
        }
    }
}

/// Calls `f` with each literal of `cone`, in cone order; `walked` holds the pool's walked cones.
fn for_each_literal(cone: PoolCone, kept: &KeptCones, walked: &[ConeEntry], mut f: impl FnMut(Lit)) {
    match cone {
        PoolCone::Kept { start, len } => kept.literals(start, len).iter().for_each(|literal| f(*literal)),
        PoolCone::Walked { start, len } => {
            let entries = walked.get(start as usize..(start + len) as usize).unwrap_or(&[]);
            entries.iter().for_each(|entry| f(entry.literal));
        }
    }
}

/// Drops every set that has another found set as a proper subset.
///
/// Sets hold at most `Limits::MAX_SET_CEILING` elements, so each one's proper subsets are few
/// enough to look up one by one; comparing every pair of sets would grow with the square of a
/// large pool's findings.
fn keep_minimal(mut found: Vec<ElementConflict>) -> Vec<ElementConflict> {
    found.sort_by(|a, b| {
        a.elements.len().cmp(&b.elements.len()).then_with(|| a.elements.as_slice().cmp(b.elements.as_slice()))
    });
    let mut kept_sets: HashSet<ElementSet> = HashSet::new();
    let mut kept: Vec<ElementConflict> = Vec::with_capacity(found.len());
    for candidate in found {
        let set = candidate.elements;
        if !set.has_proper_subset_in(&kept_sets) {
            kept_sets.insert(set);
            kept.push(candidate);
        }
    }
    kept
}

/// A sorted set of at most [`Limits::MAX_SET_CEILING`] element indices, kept inline: the
/// complete search hashes millions of them, and a list on the heap for each would cost more than
/// the hashing.
///
/// [`Limits::MAX_SET_CEILING`]: crate::Limits::MAX_SET_CEILING
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub(crate) struct ElementSet {
    len: u8,
    /// The indices in increasing order, then `NONE`.
    items: [u32; crate::Limits::MAX_SET_CEILING],
}

impl std::hash::Hash for ElementSet {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        // Only the indices in the set, two to a word: most sets are pairs, hashed in one step.
        for pair in self.items.chunks(2).take(self.len().div_ceil(2)) {
            let (low, high) = (pair.first().copied().unwrap_or(NONE), pair.get(1).copied().unwrap_or(NONE));
            state.write_u64(u64::from(low) | (u64::from(high) << 32));
        }
    }
}

impl ElementSet {
    fn single(index: usize) -> ElementSet {
        ElementSet::from_sorted(&[index])
    }

    /// The set of `sorted` (increasing, at most `MAX_SET_CEILING` long; the rest is dropped).
    fn from_sorted(sorted: &[usize]) -> ElementSet {
        let mut set = ElementSet { len: 0, items: [NONE; crate::Limits::MAX_SET_CEILING] };
        for (slot, index) in set.items.iter_mut().zip(sorted) {
            *slot = to_u32(*index);
            set.len += 1;
        }
        set
    }

    fn len(&self) -> usize {
        usize::from(self.len)
    }

    /// The indices, in increasing order.
    pub(crate) fn as_slice(&self) -> &[u32] {
        self.items.get(..self.len()).unwrap_or(&[])
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.items.iter().take(self.len()).map(|index| *index as usize)
    }

    /// The union of two disjoint sets, if they are disjoint and it has at most `max_set`
    /// elements.
    fn union(&self, other: &ElementSet, max_set: usize) -> Option<ElementSet> {
        let len = self.len() + other.len();
        if len > max_set.min(crate::Limits::MAX_SET_CEILING) {
            return None;
        }
        let mut merged = ElementSet { len: 0, items: [NONE; crate::Limits::MAX_SET_CEILING] };
        let (mut left, mut right) = (self.iter().peekable(), other.iter().peekable());
        for slot in merged.items.iter_mut().take(len) {
            let next = match (left.peek(), right.peek()) {
                (Some(a), Some(b)) if a == b => return None,
                (Some(a), Some(b)) if a < b => left.next(),
                (Some(_), Some(_)) | (None, _) => right.next(),
                (Some(_), None) => left.next(),
            };
            *slot = to_u32(next.unwrap_or(0));
        }
        merged.len = self.len + other.len;
        Some(merged)
    }

    /// Whether some proper, non-empty subset of the set is one of `sets`.
    fn has_proper_subset_in(&self, sets: &HashSet<ElementSet>) -> bool {
        self.has_subset_in(sets, |mask| mask != self.full_mask())
    }

    /// Whether some subset of the set with elements both in `part` and outside it is one of
    /// `sets`: when the set joins two sets that can hold, the others need no look.
    fn has_mixed_subset_in(&self, part: &ElementSet, sets: &HashSet<ElementSet>) -> bool {
        let in_part = self
            .items
            .iter()
            .take(self.len())
            .enumerate()
            .filter(|(_, index)| part.items.iter().take(part.len()).any(|member| member == *index))
            .fold(0u32, |bits, (bit, _)| bits | 1 << bit);
        self.has_subset_in(sets, |mask| mask & in_part != 0 && mask & !in_part & self.full_mask() != 0)
    }

    fn full_mask(&self) -> u32 {
        (1u32 << self.len()) - 1
    }

    /// Whether a non-empty subset whose mask (bit i: the i-th element) passes `wanted` is one of
    /// `sets`.
    fn has_subset_in(&self, sets: &HashSet<ElementSet>, wanted: impl Fn(u32) -> bool) -> bool {
        let n = self.len();
        (1..=self.full_mask()).filter(|mask| wanted(*mask)).any(|mask| {
            let mut subset = ElementSet { len: 0, items: [NONE; crate::Limits::MAX_SET_CEILING] };
            for (bit, index) in self.items.iter().take(n).enumerate() {
                let filled = subset.len();
                if mask & (1 << bit) != 0
                    && let Some(slot) = subset.items.get_mut(filled)
                {
                    *slot = *index;
                    subset.len += 1;
                }
            }
            sets.contains(&subset)
        })
    }
}

#[allow(clippy::cast_possible_truncation)]
fn to_u32(value: usize) -> u32 {
    // Pools and cones stay far below 2^32 entries under the loading limits.
    value as u32
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 1000, failure_persistence: None, ..ProptestConfig::default() })]

        /// Told apart as comparing every pair tells them, with the marks clear again after, over
        /// literals that share words of marks and literals far apart.
        #[test]
        fn variables_are_distinct_as_every_pair_says(
            indices in proptest::collection::vec(prop_oneof![0u32..8, 120u32..136, 1000u32..1002], 0..12)
        ) {
            let literals: Vec<Lit> = indices.iter().map(|index| Lit(*index)).collect();
            let expected = literals
                .iter()
                .enumerate()
                .all(|(place, literal)| literals.iter().skip(place + 1).all(|other| other.var() != literal.var()));
            let mut marks = Marks::new(1002);
            prop_assert_eq!(marks.variables_are_distinct(literals.iter().copied()), expected);
            prop_assert!(marks.visited.iter().all(|word| *word == 0));
            // Asked again with the marks as they were left: the same answer.
            prop_assert_eq!(marks.variables_are_distinct(literals.iter().copied()), expected);
        }
    }
}
