//! Why a set of literals cannot hold: a minimal set of rules and the chain of forced literals.

use foldhash::HashMap;

use super::conflicts::Witness;
use crate::logic::{Lit, Outcome, Search, shrink_rules};

/// The explanation of one conflicting set of literals, shared by every assertion set with those
/// literals.
#[derive(Clone, Debug, Default)]
pub(crate) struct Explanation {
    /// Rule indices, sorted.
    pub(crate) rules: Vec<usize>,
    /// The forced chain in order: each literal with the rule that forced it (`None` for a
    /// literal stated by an assertion).
    pub(crate) steps: Vec<(Lit, Option<usize>)>,
    /// The literal that ends up both true and false, when unit propagation shows the conflict.
    pub(crate) clash: Option<Lit>,
}

/// Explains why `seeds` (sorted) cannot hold together with the rules.
///
/// `witness` is a set of rules already known to show the conflict, if the caller has one.
pub(crate) fn explain(search: &mut Search<'_>, seeds: &[Lit], witness: Option<Witness>) -> Explanation {
    // The witness, or the rules the refuting search used: either shows the conflict.
    let rules = match witness {
        Some(witness) if witness.minimal => return from_chain(seeds, witness),
        // Shrinking would keep them all.
        Some(witness) if witness.rules_all_needed => witness.rules,
        Some(witness) => shrink_rules(witness.rules, |kept| !search.is_consistent(seeds, Some(kept))),
        None => {
            // Unit propagation shows most conflicts, and the steps its clash needs name few rules;
            // only a conflict that takes a case split falls back to the rules the search used.
            let (trail, conflict) = search.propagate_only(seeds, None);
            let candidates = match conflict {
                Some(clause) if clause != u32::MAX => {
                    let needed = proof_steps(search, &trail, clause);
                    let mut rules: Vec<usize> = trail
                        .iter()
                        .zip(&needed)
                        .filter(|(_, needed)| **needed)
                        .filter_map(|((_, reason), _)| reason.map(|clause| search.clause_rule(clause)))
                        .collect();
                    rules.push(search.clause_rule(clause));
                    rules
                }
                Some(_) => Vec::new(),
                None => match search.solve(seeds, None) {
                    Outcome::Unsatisfiable { rules } => rules,
                    // Not reached for a real conflict set; an empty explanation is the honest answer.
                    Outcome::Satisfiable(_) => Vec::new(),
                },
            };
            shrink_rules(candidates, |kept| !search.is_consistent(seeds, Some(kept)))
        }
    };

    // The chain: propagate again with only the minimal rules and keep the steps the clash needs.
    let (trail, conflict) = search.propagate_only(seeds, Some(&rules));
    let Some(clause) = conflict else {
        let steps = seeds.iter().map(|seed| (*seed, None)).collect();
        return Explanation { rules, steps, clash: None };
    };
    if clause == u32::MAX {
        // Two stated literals contradict each other directly: no rule is involved.
        let steps = seeds.iter().map(|seed| (*seed, None)).collect();
        let clash = seeds.iter().find(|seed| !seed.is_negated() && seeds.contains(&seed.negate())).copied();
        return Explanation { rules, steps, clash };
    }
    let needed = proof_steps(search, &trail, clause);
    let mut steps: Vec<(Lit, Option<usize>)> = trail
        .iter()
        .enumerate()
        .filter(|(index, _)| needed.get(*index).copied().unwrap_or(false))
        .map(|(_, (literal, reason))| (*literal, reason.map(|clause| search.clause_rule(clause))))
        .collect();
    let clash = last_falsified(search, &trail, clause);
    if let Some(literal) = clash {
        steps.push((literal, Some(search.clause_rule(clause))));
    }
    Explanation { rules, steps, clash }
}

/// The explanation a minimal chain of implications gives: the stated literals, then each
/// literal of the chain with the rule that forces it; the last one contradicts a stated literal
/// (or the first one of the chain).
fn from_chain(seeds: &[Lit], witness: Witness) -> Explanation {
    let mut explanation = Explanation::default();
    from_chain_into(seeds, &witness, &mut explanation);
    explanation
}

/// [`from_chain`] written into `explanation`, whose lists are reused.
pub(crate) fn from_chain_into(seeds: &[Lit], witness: &Witness, explanation: &mut Explanation) {
    let steps = &mut explanation.steps;
    steps.clear();
    steps.extend(seeds.iter().map(|seed| (*seed, None)));
    let forced = witness.chain.get(1..).unwrap_or(&[]);
    explanation.clash = match forced.last() {
        Some((last, _)) => Some(*last),
        // No rule: two stated literals contradict each other directly.
        None => seeds.iter().find(|seed| !seed.is_negated() && seeds.contains(&seed.negate())).copied(),
    };
    steps.extend_from_slice(forced);
    explanation.rules.clone_from(&witness.rules);
}

/// The trail entries the conflict depends on, as flags by trail index.
fn proof_steps(search: &Search<'_>, trail: &[(Lit, Option<u32>)], conflict: u32) -> Vec<bool> {
    let position: HashMap<usize, usize> =
        trail.iter().enumerate().map(|(index, (lit, _))| (lit.var(), index)).collect();
    let mut needed = vec![false; trail.len()];
    let mut work: Vec<usize> = Vec::new();
    let need_clause = |clause: u32, except: Option<usize>, work: &mut Vec<usize>, needed: &mut Vec<bool>| {
        for literal in search.clause(clause) {
            if let Some(&index) = position.get(&literal.var())
                && Some(index) != except
                && let Some(flag) = needed.get_mut(index)
                && !*flag
            {
                *flag = true;
                work.push(index);
            }
        }
    };
    need_clause(conflict, None, &mut work, &mut needed);
    while let Some(index) = work.pop() {
        if let Some((_, Some(reason))) = trail.get(index) {
            need_clause(*reason, Some(index), &mut work, &mut needed);
        }
    }
    needed
}

/// The literal of the false clause whose negation was assigned last: the one the clause forces
/// while the trail already has it false.
fn last_falsified(search: &Search<'_>, trail: &[(Lit, Option<u32>)], clause: u32) -> Option<Lit> {
    let position: HashMap<Lit, usize> = trail.iter().enumerate().map(|(index, (lit, _))| (*lit, index)).collect();
    search.clause(clause).iter().copied().max_by_key(|literal| position.get(&literal.negate()).copied().unwrap_or(0))
}
