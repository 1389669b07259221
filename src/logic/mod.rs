//! Propositional logic over positions: the rules as clauses, and a local satisfiability search.
//!
//! Literals are numbered `2 * position + negated`, so a literal and its negation differ in the
//! lowest bit. Binary clauses (implications, exclusions, equivalences) also form an implication
//! graph over literals, which the checker's fast path walks directly.

mod formula;
mod search;

pub(crate) use formula::{Formula, Lit};
pub(crate) use search::{Outcome, Search};

use crate::model::Rule;

/// The rules of a validated claim set as clauses, with a model of them: made once while
/// validating, and read by every check of the claim set.
#[derive(Debug)]
pub(crate) struct CheckedRules {
    pub(crate) formula: Formula,
    /// By position: true when it holds. The base model of every search the checker makes.
    pub(crate) model: Vec<bool>,
}

/// Whether the rules can all hold together: the rules with a model of them, kept as the base
/// model of every later search, or the indices (into `rules`) of a minimal set of rules that
/// cannot. `n_positions` bounds the position ids the rules use.
///
/// The model is the balanced one ([`Formula::balanced_model`]) when the rules allow it: it shows
/// the rules can hold together without a search, and it is the base that keeps the checker's
/// walks short.
pub(crate) fn check_rules(n_positions: usize, rules: &[Rule]) -> Result<CheckedRules, Vec<usize>> {
    let formula = Formula::from_rules(n_positions, rules);
    if let Some(model) = formula.balanced_model() {
        return Ok(CheckedRules { formula, model });
    }
    let mut search = Search::new(&formula);
    match search.solve_all(None) {
        Outcome::Satisfiable(model) => {
            let model = Search::model_by_position(&formula, &model);
            Ok(CheckedRules { formula, model })
        }
        Outcome::Unsatisfiable { rules: used_rules } => {
            Err(shrink_rules(used_rules, |kept| !search.solve_all(Some(kept)).is_satisfiable()))
        }
    }
}

/// Deletion-based shrinking: drops rules one at a time, in index order (which is id order), as
/// long as `still_conflicts` holds for what is left. The result is a minimal set: without any one
/// of its rules the conflict no longer shows.
pub(crate) fn shrink_rules(mut rules: Vec<usize>, mut still_conflicts: impl FnMut(&[usize]) -> bool) -> Vec<usize> {
    rules.sort_unstable();
    rules.dedup();
    let mut index = 0;
    let mut without = Vec::with_capacity(rules.len());
    while index < rules.len() {
        without.clear();
        without.extend(rules.iter().enumerate().filter(|(other, _)| *other != index).map(|(_, rule)| *rule));
        if still_conflicts(&without) {
            std::mem::swap(&mut rules, &mut without);
        } else {
            index += 1;
        }
    }
    rules
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Literal, PositionId, RuleForm};

    fn rule(id: &str, form: RuleForm) -> Rule {
        Rule { id: id.to_owned(), has_own_id: true, note: None, form }
    }

    fn lit(position: u32, negated: bool) -> Literal {
        Literal { position: PositionId(position), negated }
    }

    #[test]
    fn satisfiable_rules_give_none() {
        let rules = vec![
            rule("a", RuleForm::Implies { if_all: vec![lit(0, false)], then_all: vec![lit(1, false)] }),
            rule("b", RuleForm::Excludes(vec![PositionId(1), PositionId(2)])),
        ];
        assert!(check_rules(3, &rules).is_ok());
    }

    #[test]
    fn names_only_the_rules_that_clash() {
        // p is forced true and false; q's rule is irrelevant.
        let rules = vec![
            rule("a", RuleForm::Implies { if_all: vec![lit(0, true)], then_all: vec![lit(0, false)] }),
            rule("b", RuleForm::Implies { if_all: vec![lit(0, false)], then_all: vec![lit(0, true)] }),
            rule("c", RuleForm::Implies { if_all: vec![lit(1, false)], then_all: vec![lit(2, false)] }),
        ];
        assert_eq!(check_rules(3, &rules).err(), Some(vec![0, 1]));
    }

    #[test]
    fn needs_case_split_over_then_any() {
        // p or q must hold, and each of them is impossible.
        let rules = vec![
            rule(
                "any",
                RuleForm::ImpliesAny { if_all: vec![lit(2, true)], then_any: vec![lit(0, false), lit(1, false)] },
            ),
            rule(
                "any2",
                RuleForm::ImpliesAny { if_all: vec![lit(2, false)], then_any: vec![lit(0, false), lit(1, false)] },
            ),
            rule("no-p", RuleForm::Implies { if_all: vec![lit(0, false)], then_all: vec![lit(0, true)] }),
            rule("no-q", RuleForm::Implies { if_all: vec![lit(1, false)], then_all: vec![lit(1, true)] }),
        ];
        assert_eq!(check_rules(3, &rules).err(), Some(vec![0, 1, 2, 3]));
    }

    fn chain(n: u32) -> Vec<Rule> {
        (0..n - 1)
            .map(|p| {
                rule(
                    &format!("r{p}"),
                    RuleForm::Implies { if_all: vec![lit(p, false)], then_all: vec![lit(p + 1, false)] },
                )
            })
            .collect()
    }

    #[test]
    fn balanced_model_cuts_a_chain_in_the_middle() {
        // p0 -> p1 -> ... -> p5: the later half holds, so walks from either end stop half way.
        let formula = Formula::from_rules(6, &chain(6));
        assert_eq!(formula.balanced_model(), Some(vec![false, false, false, true, true, true]));
    }

    #[test]
    fn balanced_model_respects_exclusions() {
        // p0 -> p1, p2 -> p3, and p1, p3 exclude each other: they cannot both hold.
        let mut rules = vec![
            rule("a", RuleForm::Implies { if_all: vec![lit(0, false)], then_all: vec![lit(1, false)] }),
            rule("b", RuleForm::Implies { if_all: vec![lit(2, false)], then_all: vec![lit(3, false)] }),
        ];
        rules.push(rule("x", RuleForm::Excludes(vec![PositionId(1), PositionId(3)])));
        let model = Formula::from_rules(4, &rules).balanced_model().unwrap();
        assert!(!(model[1] && model[3]));
        assert!(!model[0] || model[1]);
        assert!(!model[2] || model[3]);
    }

    #[test]
    fn balanced_model_needs_an_acyclic_graph_of_binary_clauses() {
        let mut cycle = chain(3);
        cycle.push(rule("back", RuleForm::Implies { if_all: vec![lit(2, false)], then_all: vec![lit(0, false)] }));
        assert_eq!(Formula::from_rules(3, &cycle).balanced_model(), None);
        let long = vec![rule(
            "any",
            RuleForm::ImpliesAny { if_all: vec![lit(0, false)], then_any: vec![lit(1, false), lit(2, false)] },
        )];
        assert_eq!(Formula::from_rules(3, &long).balanced_model(), None);
    }
}
