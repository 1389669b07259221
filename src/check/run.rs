//! The check itself: pools of assertions, their conflict sets, and findings.

use std::sync::Arc;
#[cfg(feature = "parallel")]
use std::sync::Mutex;

use foldhash::{HashMap, HashMapExt};

use super::cones::KeptCones;
use super::conflicts::{ConflictFinder, Element, ElementConflict, Meeting, Witness};
use super::explain::{Explanation, explain, from_chain_into};
use super::finding::{Finding, FindingKind, FindingLists, FindingSpans, Reason, Span, Step};
use super::order::{ByKind, PoolSort};
use super::walk::WalkGraph;
use crate::graph::ActorHierarchy;
use crate::logic::{Formula, Lit, Search};
use crate::model::{ActorId, AssertionId, ClaimSet, RuleId, SourceId, Window};

/// Whose assertions a pool holds, which decides how its conflict sets are reported.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
enum Pool {
    /// What counts for this actor.
    Actor(ActorId),
    /// Claims of fact (no holder).
    Facts,
    /// What counts for this group and what its members hold.
    Dissent(ActorId),
}

/// The findings, sorted, and whether the limit on findings cut the search short.
pub(crate) fn run(claims: &ClaimSet, max_set: usize, max_findings: usize) -> (Vec<Finding>, bool) {
    #[cfg(feature = "parallel")]
    let check_pools = check_pools_on_all_cores;
    #[cfg(not(feature = "parallel"))]
    let check_pools = check_pools_in_order;
    let kept_entries = KeptCones::ENTRIES_PER_ASSERTION * claims.assertions.len();
    run_with(claims, max_set, max_findings, kept_entries, check_pools)
}

/// How the pools are checked: in order on one core, or on all cores with the same result.
/// The pools are handed over: each one's list of assertions is given back once it is checked.
type CheckPools = fn(&Shared<'_>, Vec<(Pool, Vec<AssertionId>)>, usize) -> (ByKind, bool);

/// `kept_entries` bounds the entries of the cones kept for the whole check.
fn run_with(
    claims: &ClaimSet,
    max_set: usize,
    max_findings: usize,
    kept_entries: usize,
    check_pools: CheckPools,
) -> (Vec<Finding>, bool) {
    // Validation already made the clauses and found a model of them (the balanced one when the
    // rules allow it, see `logic::check_rules`); claim sets made without validation get both the
    // same way here.
    let made_here;
    let (formula, base) = match &claims.rules_model {
        Some(checked) => (&checked.formula, Some(checked.model.as_slice())),
        None => {
            let formula = Formula::from_rules(claims.positions.len(), &claims.rules);
            let model = formula.balanced_model().or_else(|| Search::base_model(&formula));
            made_here = (formula, model);
            (&made_here.0, made_here.1.as_deref())
        }
    };
    let hierarchy = ActorHierarchy::new(claims);

    let mut by_holder: Vec<Vec<AssertionId>> = vec![Vec::new(); claims.actors.len()];
    let mut facts: Vec<AssertionId> = Vec::new();
    for (id, assertion) in claims.assertions() {
        match assertion.holder().and_then(|holder| by_holder.get_mut(holder.index())) {
            Some(list) => list.push(id),
            None => facts.push(id),
        }
    }
    // Walk up from each holder once: which groups its assertions count for, and which groups it
    // is a member of. Actors that hold nothing never need a walk.
    let mut counting: Vec<Vec<AssertionId>> = vec![Vec::new(); claims.actors.len()];
    let mut member_assertions: Vec<Vec<AssertionId>> = vec![Vec::new(); claims.actors.len()];
    let mut roles: Vec<HolderRoles> = Vec::with_capacity(claims.actors.len());
    for (holder, held) in by_holder.iter().enumerate() {
        let holder = ActorId::from_index(holder);
        if held.is_empty() {
            roles.push(HolderRoles::default());
            continue;
        }
        let counts_for = hierarchy.counts_for(holder);
        let member_of = hierarchy.member_of(holder, &counts_for);
        for group in &counts_for {
            counting.get_mut(group.index()).into_iter().for_each(|list| list.extend_from_slice(held));
        }
        for group in &member_of {
            member_assertions.get_mut(group.index()).into_iter().for_each(|list| list.extend_from_slice(held));
        }
        roles.push(HolderRoles { counts_for, member_of });
    }
    // The pools hold what is checked from here on; the check's peak of memory comes later.
    drop(by_holder);

    // The pools in their fixed order: claims of fact, then each actor by id, its dissent pool
    // right after its own.
    let mut pools: Vec<(Pool, Vec<AssertionId>)> = vec![(Pool::Facts, facts)];
    for (group, pool) in counting.into_iter().enumerate() {
        let group = ActorId::from_index(group);
        let members = member_assertions.get(group.index()).map_or(&[][..], Vec::as_slice);
        let dissent = (!pool.is_empty() && !members.is_empty()).then(|| {
            let mut dissent = pool.clone();
            dissent.extend_from_slice(members);
            dissent
        });
        pools.push((Pool::Actor(group), pool));
        pools.extend(dissent.map(|dissent| (Pool::Dissent(group), dissent)));
    }
    pools.retain(|(_, assertions)| !assertions.is_empty());

    let walks = WalkGraph::new(formula, base);
    // How often each literal is asserted stands for how many pools read its cone (an assertion
    // that counts for groups is read in their pools too, which only makes keeping pay more).
    let mut times_asserted = vec![0u8; formula.n_literals()];
    for (_, assertion) in claims.assertions() {
        if let Some(times) = times_asserted.get_mut(Lit::from_literal(assertion.literal()).index()) {
            *times = times.saturating_add(1);
        }
    }
    let kept = KeptCones::new(&walks, &times_asserted, claims.rules.len(), kept_entries);
    drop(times_asserted);
    let shared = Shared { claims, roles: &roles, formula, walks: &walks, kept: &kept, base, max_set };
    let (findings, truncated) = check_pools(&shared, pools, max_findings);
    // Putting the findings in one list takes room for all of them at once: what only the pools
    // needed is given back first.
    drop((kept, walks, roles));
    (findings.into_report_order(), truncated)
}

/// What every pool's check reads and nobody writes.
struct Shared<'c> {
    claims: &'c ClaimSet,
    /// By actor index; empty for actors that hold no assertion.
    roles: &'c [HolderRoles],
    formula: &'c Formula,
    walks: &'c WalkGraph,
    kept: &'c KeptCones,
    base: Option<&'c [bool]>,
    max_set: usize,
}

/// Checks the pools in order, one after the other, stopping at the limit on findings. With
/// `parallel`, only the tests check on one core.
#[cfg(any(test, not(feature = "parallel")))]
fn check_pools_in_order(
    shared: &Shared<'_>,
    pools: Vec<(Pool, Vec<AssertionId>)>,
    max_findings: usize,
) -> (ByKind, bool) {
    check_run(&mut Context::new(shared), pools, max_findings)
}

/// Checks a run of pools in order with `context`, stopping at the limit on findings.
///
/// A pool's list is dropped once it is checked when the pools are handed over: by the end of a
/// large check, when its findings take the most room, the lists are gone.
fn check_run<A: AsRef<[AssertionId]>>(
    context: &mut Context<'_>,
    pools: impl IntoIterator<Item = (Pool, A)>,
    max_findings: usize,
) -> (ByKind, bool) {
    let mut findings = ByKind::new();
    context.truncated = false;
    for (pool, assertions) in pools {
        context.max_findings = max_findings.saturating_sub(findings.len());
        context.check_pool(pool, assertions.as_ref());
        findings.extend(context.findings.drain(..));
        if context.truncated {
            break;
        }
    }
    findings.shrink_to_fit();
    (findings, context.truncated)
}

/// Checks the pools on all cores, a round of pools at a time, and keeps their findings in pool
/// order: the same findings as one core gives, stopping at the limit at the same place.
///
/// Explanations are a function of the literals alone (cones do not depend on the pool), so each
/// thread's own cache of them gives the same answers as one shared cache would.
#[cfg(feature = "parallel")]
fn check_pools_on_all_cores(
    shared: &Shared<'_>,
    pools: Vec<(Pool, Vec<AssertionId>)>,
    max_findings: usize,
) -> (ByKind, bool) {
    use rayon::prelude::*;

    /// Enough pools a round to keep every core busy, few enough to stop soon after the limit.
    const POOLS_PER_ROUND: usize = 4096;
    /// Pools checked one after the other by one core: short runs keep the cores equally busy
    /// to the end of a round.
    const RUN_LENGTH: usize = 64;

    // The scratch spaces sized to the rules, with their caches of explanations: rayon hands out
    // pieces of work dozens of times a round, and each piece borrows one of these (made only when
    // none is free) and gives it back when done, so no more are made than pieces run at once.
    let spare: Mutex<Vec<Context<'_>>> = Mutex::new(Vec::new());
    let mut findings = ByKind::new();
    let mut pools = pools.into_iter();
    loop {
        // A round's lists are dropped with it.
        let round: Vec<(Pool, Vec<AssertionId>)> = pools.by_ref().take(POOLS_PER_ROUND).collect();
        if round.is_empty() {
            break;
        }
        let remaining = max_findings.saturating_sub(findings.len());
        // Each run's findings are dealt out by kind on the core that found them.
        let runs: Vec<(ByKind, bool)> = round
            .par_chunks(RUN_LENGTH)
            .map_init(
                || Borrowed::from(&spare, shared),
                |borrowed, run| check_run(borrowed.get(shared), borrowed_pools(run), remaining),
            )
            .collect();
        for (run, (run_findings, truncated)) in round.chunks(RUN_LENGTH).zip(runs) {
            if !truncated && findings.len() + run_findings.len() <= max_findings {
                findings.append(run_findings);
                continue;
            }
            // The limit falls inside this run. One core stops at the finding that reaches it, in
            // the order each pool's findings are found, and only then puts that pool's findings
            // in order; this run was checked against the limit as it stood when the round
            // began, so it is checked again as one core checks it.
            let (run_findings, truncated) =
                check_run(&mut Context::new(shared), borrowed_pools(run), max_findings.saturating_sub(findings.len()));
            findings.append(run_findings);
            if truncated {
                return (findings, true);
            }
        }
    }
    (findings, false)
}

/// The pools of `run`, each with its list borrowed.
#[cfg(feature = "parallel")]
fn borrowed_pools(run: &[(Pool, Vec<AssertionId>)]) -> impl Iterator<Item = (Pool, &[AssertionId])> {
    run.iter().map(|(pool, assertions)| (*pool, assertions.as_slice()))
}

/// A [`Context`] taken from the spare ones (or made if none is free), given back when dropped.
#[cfg(feature = "parallel")]
struct Borrowed<'s, 'c> {
    context: Option<Context<'c>>,
    spare: &'s Mutex<Vec<Context<'c>>>,
}

#[cfg(feature = "parallel")]
impl<'s, 'c> Borrowed<'s, 'c> {
    fn from(spare: &'s Mutex<Vec<Context<'c>>>, shared: &Shared<'c>) -> Borrowed<'s, 'c> {
        // A lock poisoned by a panic elsewhere only means no spare is reused.
        let context = spare.lock().ok().and_then(|mut spare| spare.pop()).unwrap_or_else(|| Context::new(shared));
        Borrowed { context: Some(context), spare }
    }

    /// The context, made anew from `shared` in the one case it is not held: never, as it is only
    /// taken when dropped.
    fn get(&mut self, shared: &Shared<'c>) -> &mut Context<'c> {
        self.context.get_or_insert_with(|| Context::new(shared))
    }
}

#[cfg(feature = "parallel")]
impl Drop for Borrowed<'_, '_> {
    fn drop(&mut self) {
        if let (Some(context), Ok(mut spare)) = (self.context.take(), self.spare.lock()) {
            spare.push(context);
        }
    }
}

/// The groups an actor's assertions count for, and the groups it is a member of; both sorted.
#[derive(Clone, Debug, Default)]
struct HolderRoles {
    counts_for: Vec<ActorId>,
    member_of: Vec<ActorId>,
}

struct Context<'c> {
    claims: &'c ClaimSet,
    /// By actor index; empty for actors that hold no assertion.
    roles: &'c [HolderRoles],
    finder: ConflictFinder<'c>,
    /// Explanations by sorted literal set: the same literals conflict the same way in any pool.
    explanations: HashMap<Vec<Lit>, Explanation>,
    /// The explanation of the conflict being reported, and the chain of rules it was made
    /// from: reused from one conflict to the next.
    explanation: Explanation,
    witness: Witness,
    scratch: Scratch,
    /// The findings of the pool being checked; whoever checks the pools takes them after each.
    findings: Vec<Finding>,
    /// Puts each pool's findings in report order.
    pool_sort: PoolSort,
    /// The lists of the pool's findings, put in one block when the pool is done; until then the
    /// findings point to `no_lists`.
    lists: FindingLists,
    no_lists: Arc<FindingLists>,
    max_set: usize,
    /// How many findings the pool being checked may still add.
    max_findings: usize,
    /// Set once `max_findings` findings are held; the search then stops.
    truncated: bool,
}

impl<'c> Context<'c> {
    fn new(shared: &Shared<'c>) -> Context<'c> {
        Context {
            claims: shared.claims,
            roles: shared.roles,
            finder: ConflictFinder::new(shared.formula, shared.base, shared.walks, shared.kept),
            explanations: HashMap::new(),
            explanation: Explanation::default(),
            witness: Witness::default(),
            scratch: Scratch::default(),
            findings: Vec::new(),
            pool_sort: PoolSort::default(),
            lists: FindingLists::default(),
            no_lists: Arc::new(FindingLists::default()),
            max_set: shared.max_set,
            max_findings: 0,
            truncated: false,
        }
    }

    fn check_pool(&mut self, pool: Pool, assertions: &[AssertionId]) {
        if assertions.is_empty() || self.truncated {
            return;
        }
        let claims = self.claims;
        // Elements in literal order, each with its assertions in id order: a canonical order
        // whatever the order of the input.
        let mut keyed: Vec<(Lit, bool, AssertionId)> = assertions
            .iter()
            .map(|id| {
                let assertion = claims.assertion(*id);
                (Lit::from_literal(assertion.literal()), !assertion.stance().is_commitment(), *id)
            })
            .collect();
        keyed.sort_unstable();
        keyed.dedup();
        // Each element's assertions are a run of `keyed`: `member_runs[i]..member_runs[i + 1]`.
        let mut elements: Vec<Element> = Vec::new();
        let mut member_runs: Vec<usize> = Vec::new();
        for (index, (literal, possibility, _)) in keyed.iter().enumerate() {
            if !elements.last().is_some_and(|last| last.literal == *literal && last.possibility == *possibility) {
                elements.push(Element { literal: *literal, possibility: *possibility });
                member_runs.push(index);
            }
        }
        member_runs.push(keyed.len());
        let members: Vec<AssertionId> = keyed.iter().map(|(_, _, id)| *id).collect();
        let conflicts = self.finder.find(&elements, self.max_set);
        let mut scratch = std::mem::take(&mut self.scratch);
        for conflict in &conflicts {
            if self.truncated {
                break;
            }
            scratch.groups.clear();
            scratch.groups.extend(conflict.elements.iter().map(|index| {
                member_runs.get(index).copied().unwrap_or(0)..member_runs.get(index + 1).copied().unwrap_or(0)
            }));
            self.report(pool, &elements, &members, conflict, &mut scratch);
        }
        self.scratch = scratch;
        // One block for the lists of all the pool's findings: a few allocations a pool rather
        // than five a finding.
        if !self.findings.is_empty() {
            let block = Arc::new(self.lists.exact_copy());
            for finding in &mut self.findings {
                finding.lists = Arc::clone(&block);
            }
        }
        self.lists.clear();
        // The pool's findings in report order while they are in cache (and, with the `parallel`
        // feature, on the core that made them); putting all in order later only deals them out
        // by kind.
        self.pool_sort.sort_and_dedup(&mut self.findings);
    }

    /// Reports the assertion sets of one element conflict set; `scratch.groups` holds the run of
    /// `members` of each of its elements.
    fn report(
        &mut self,
        pool: Pool,
        elements: &[Element],
        members: &[AssertionId],
        conflict: &ElementConflict,
        scratch: &mut Scratch,
    ) {
        scratch.seeds.clear();
        scratch.seeds.extend(conflict.elements.iter().filter_map(|index| elements.get(index)).map(|e| e.literal));
        scratch.seeds.sort_unstable();
        // Made on first use: most sets of a pool that are not reported there (held by another
        // actor alone, a dissent without a member) never need one.
        let mut explained = false;

        // Every way of picking one assertion per element is a conflict set of assertions.
        scratch.choice.clear();
        scratch.choice.resize(scratch.groups.len(), 0);
        loop {
            scratch.picked.clear();
            scratch.picked.extend(
                scratch
                    .groups
                    .iter()
                    .zip(&scratch.choice)
                    .filter_map(|(run, index)| members.get(run.clone()).and_then(|group| group.get(*index)).copied()),
            );
            if scratch.picked.len() == scratch.groups.len() {
                self.report_set(pool, conflict, scratch, &mut explained);
            }
            if self.truncated {
                return;
            }
            // Advance the mixed-radix counter.
            let mut position = 0;
            loop {
                let Some(slot) = scratch.choice.get_mut(position) else { return };
                *slot += 1;
                if *slot < scratch.groups.get(position).map_or(0, ExactSizeIterator::len) {
                    break;
                }
                *slot = 0;
                position += 1;
            }
        }
    }

    /// Reports the assertion set `scratch.picked` of `conflict`, if this pool reports it;
    /// `explained` says whether `self.explanation` already explains the conflict.
    fn report_set(&mut self, pool: Pool, conflict: &ElementConflict, scratch: &mut Scratch, explained: &mut bool) {
        let claims = self.claims;
        let assertions = &mut scratch.picked;
        assertions.sort_unstable();
        let holders = &mut scratch.holders;
        holders.clear();
        holders.extend(assertions.iter().map(|id| claims.assertion(*id).holder()));
        let window =
            assertions.iter().fold(Window::ALWAYS, |window, id| window.intersection(claims.assertion(*id).window()));
        let shares_a_day = !window.is_empty();

        let (kind, holder) = match pool {
            Pool::Facts => (classify(conflict.tense, shares_a_day), None),
            Pool::Actor(actor) => {
                // A set held entirely by one other actor is reported at that actor only.
                if let Some(first) = holders.first()
                    && holders.iter().all(|holder| holder == first)
                    && *first != Some(actor)
                {
                    return;
                }
                (classify(conflict.tense, shares_a_day), Some(actor))
            }
            Pool::Dissent(group) => {
                let role = |holder: &Option<ActorId>| holder.and_then(|holder| self.roles.get(holder.index()));
                let has_group_side = holders
                    .iter()
                    .any(|holder| role(holder).is_some_and(|role| role.counts_for.binary_search(&group).is_ok()));
                let has_member_side = holders
                    .iter()
                    .any(|holder| role(holder).is_some_and(|role| role.member_of.binary_search(&group).is_ok()));
                if !(has_group_side && has_member_side && shares_a_day) {
                    return;
                }
                (Some(FindingKind::Dissent), Some(group))
            }
        };
        let Some(kind) = kind else { return };
        if self.findings.len() >= self.max_findings {
            self.truncated = true;
            return;
        }

        if !*explained {
            self.explain(&scratch.seeds, conflict.meeting);
            *explained = true;
        }
        let explanation = &self.explanation;
        let stated = |literal: &Lit| {
            assertions.iter().copied().find(|id| Lit::from_literal(claims.assertion(*id).literal()) == *literal)
        };
        let derivation = explanation.steps.iter().filter_map(|(literal, rule)| {
            let reason = match rule {
                Some(rule) => Reason::Rule(RuleId::from_index(*rule)),
                None => Reason::Assertion(stated(literal)?),
            };
            Some(Step::of_lit(*literal, reason))
        });

        let actors = &mut scratch.actors;
        actors.clear();
        actors.extend(holders.iter().flatten());
        actors.sort_unstable();
        actors.dedup();
        let sources = &mut scratch.sources;
        sources.clear();
        sources.extend(assertions.iter().map(|id| claims.assertion(*id).source()));
        sources.sort_unstable();
        sources.dedup();
        let chain = |id: &AssertionId| {
            let assertion = claims.assertion(*id);
            (assertion.source(), assertion.via())
        };
        let cross_source =
            assertions.first().is_some_and(|first| assertions.iter().any(|id| chain(id) != chain(first)));

        // The lists go to the pool's block, shared by its findings once the pool is done.
        let lists = &mut self.lists;
        let spans = FindingSpans {
            actors: Span::push(&mut lists.actors, actors.iter().copied()),
            assertions: Span::push(&mut lists.assertions, assertions.iter().copied()),
            sources: Span::push(&mut lists.sources, sources.iter().copied()),
            rules: Span::push(&mut lists.rules, explanation.rules.iter().map(|rule| RuleId::from_index(*rule))),
            derivation: Span::push(&mut lists.derivation, derivation),
        };
        self.findings.push(Finding {
            kind,
            holder,
            cross_source,
            window: (kind != FindingKind::Reversal).then_some(window),
            clash: explanation.clash.map(Lit::to_literal),
            lists: Arc::clone(&self.no_lists),
            spans,
        });
    }

    /// Puts the explanation of the conflict of `seeds` in `self.explanation`.
    fn explain(&mut self, seeds: &[Lit], meeting: Option<Meeting>) {
        if let Some(meeting) = meeting {
            self.finder.witness_into(meeting, &mut self.witness);
            // A minimal chain is its own explanation: cheaper to read again than to keep.
            if self.witness.minimal {
                from_chain_into(seeds, &self.witness, &mut self.explanation);
                return;
            }
        }
        if let Some(known) = self.explanations.get(seeds) {
            self.explanation.clone_from(known);
            return;
        }
        // The chain is only a start for shrinking: copied out only when nothing known serves.
        let witness = meeting.map(|_| self.witness.clone());
        let explanation = explain(self.finder.search(), seeds, witness);
        self.explanation.clone_from(&explanation);
        self.explanations.insert(seeds.to_vec(), explanation);
    }
}

/// Lists reused from one conflict set to the next: a check with a million findings would
/// otherwise make and free several small lists for each.
#[derive(Default)]
struct Scratch {
    /// The literals of the conflict set's elements, sorted.
    seeds: Vec<Lit>,
    /// For each element of the conflict set, the run of the pool's members that state it.
    groups: Vec<std::ops::Range<usize>>,
    /// Which member of each group is picked.
    choice: Vec<usize>,
    /// The assertion set picked.
    picked: Vec<AssertionId>,
    holders: Vec<Option<ActorId>>,
    actors: Vec<ActorId>,
    sources: Vec<SourceId>,
}

/// The kind of a conflict set held by one actor (or of claims of fact), by its windows.
fn classify(tense: bool, shares_a_day: bool) -> Option<FindingKind> {
    match (tense, shares_a_day) {
        (false, true) => Some(FindingKind::Contradiction),
        (false, false) => Some(FindingKind::Reversal),
        (true, true) => Some(FindingKind::Tension),
        // A tension between windows that never meet is not reported.
        (true, false) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::{KeptCones, check_pools_in_order, run_with};
    use crate::ClaimSet;
    use crate::synth::{OutputFormat, SynthOptions, Variant, write_claim_set};

    /// The claim set `options` generate, loaded as a document would be.
    pub(super) fn synthetic(options: &SynthOptions) -> ClaimSet {
        let mut json = Vec::new();
        write_claim_set(options, OutputFormat::Json, &mut json).unwrap();
        ClaimSet::from_json_str(std::str::from_utf8(&json).unwrap()).unwrap()
    }

    /// Cones kept for the whole check give the findings that cones walked in each pool give,
    /// chains and all, whether all, some or none of them are kept.
    #[test]
    fn kept_cones_give_what_walked_cones_give() {
        for options in [
            SynthOptions::scaled_to(3_000).seed(21),
            SynthOptions::scaled_to(2_000).variant(Variant::Mixed).sources(4).seed(22),
        ] {
            let claims = synthetic(&options);
            let walked = run_with(&claims, 3, usize::MAX, 0, check_pools_in_order);
            assert!(walked.0.len() > 1_000);
            let all = KeptCones::ENTRIES_PER_ASSERTION * claims.assertions.len();
            for kept_entries in [1, all / 3, all, usize::MAX] {
                let kept = run_with(&claims, 3, usize::MAX, kept_entries, check_pools_in_order);
                assert_eq!(walked.0.len(), kept.0.len(), "kept entries {kept_entries}");
                assert!(walked.0.iter().zip(&kept.0).all(|(a, b)| a == b), "kept entries {kept_entries}");
            }
        }
    }

    /// Cones too large to keep are walked in each pool, with the same findings: here a chain of
    /// 4,000 implications puts thousands of literals in the cones of the literals asserted most.
    #[test]
    fn cones_too_large_to_keep_are_walked() {
        const CHAIN: usize = 4_000;
        let positions: Vec<String> = (0..CHAIN).map(|index| format!(r#"{{"id": "p{index}"}}"#)).collect();
        let mut rules: Vec<String> = (1..CHAIN)
            .map(|index| format!(r#"{{"id": "r{index}", "if": "p{}", "then": "p{index}"}}"#, index - 1))
            .collect();
        rules.push(format!(r#"{{"id": "x", "excludes": ["p{}", "p0"]}}"#, CHAIN - 1));
        let mut assertions = Vec::new();
        for (index, (holder, stance, position)) in
            [("a", "supports", 0), ("a", "opposes", 5), ("b", "supports", 0), ("b", "supports", 7), ("a", "opposes", 9)]
                .iter()
                .enumerate()
        {
            assertions.push(format!(
                r#"{{"id": "s{index}", "source": "s", "holder": "{holder}", "stance": "{stance}", "position": "p{position}"}}"#
            ));
        }
        let document = format!(
            r#"{{"actors": [{{"id": "a"}}, {{"id": "b"}}], "sources": [{{"id": "s"}}], "positions": [{}], "rules": [{}],
            "assertions": [{}]}}"#,
            positions.join(", "),
            rules.join(", "),
            assertions.join(", ")
        );
        let claims = ClaimSet::from_json_str(&document).unwrap();
        let walked = run_with(&claims, 3, usize::MAX, 0, check_pools_in_order);
        let kept = run_with(&claims, 3, usize::MAX, usize::MAX, check_pools_in_order);
        assert!(!walked.0.is_empty());
        assert_eq!(walked, kept);
    }
}

#[cfg(all(test, feature = "parallel"))]
mod parallel_tests {
    use super::tests::synthetic;
    use super::{check_pools_in_order, check_pools_on_all_cores, run_with};
    use crate::synth::{SynthOptions, Variant};

    /// All cores give the findings one core gives, whatever the limit on findings, including
    /// limits that fall inside a pool (where the order in which a pool's findings are found
    /// decides which are kept).
    #[test]
    fn all_cores_give_what_one_core_gives_at_every_limit() {
        for options in [
            SynthOptions::scaled_to(3_000).seed(11),
            SynthOptions::scaled_to(2_000).variant(Variant::Mixed).sources(4).seed(12),
        ] {
            let claims = synthetic(&options);
            let (all, _) = run_with(&claims, 3, usize::MAX, usize::MAX, check_pools_in_order);
            assert!(all.len() > 1_000);
            for max_findings in [0, 1, 7, 500, 999, all.len() / 2 + 3, all.len() - 1, all.len(), all.len() + 1] {
                let one_core = run_with(&claims, 3, max_findings, usize::MAX, check_pools_in_order);
                let all_cores = run_with(&claims, 3, max_findings, usize::MAX, check_pools_on_all_cores);
                assert_eq!(one_core.0.len(), all_cores.0.len(), "limit {max_findings}");
                assert!(one_core.0.iter().zip(&all_cores.0).all(|(a, b)| a == b), "limit {max_findings}");
                assert_eq!(one_core.1, all_cores.1, "limit {max_findings}");
            }
        }
    }
}
