//! Tests of the synthetic workload generator.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use std::collections::HashMap;

use petgraph::graphmap::DiGraphMap;

use super::*;
use crate::{ClaimSet, Document, LiteralList};

fn generate(options: &SynthOptions, format: OutputFormat) -> String {
    let mut bytes = Vec::new();
    write_claim_set(options, format, &mut bytes).unwrap();
    String::from_utf8(bytes).unwrap()
}

fn small_layered() -> SynthOptions {
    SynthOptions::scaled_to(1_000).seed(11)
}

fn small_mixed() -> SynthOptions {
    SynthOptions::mixed().positions(2_000).actors(300).excludes(100).assertions(3_000).seed(5)
}

fn parse(json: &str) -> Document {
    serde_json::from_str(json).unwrap()
}

#[test]
fn the_same_seed_gives_the_same_bytes() {
    for options in [small_layered(), small_mixed()] {
        for format in [OutputFormat::Json, OutputFormat::Toml] {
            assert_eq!(generate(&options, format), generate(&options, format));
        }
        let other_seed = options.clone().seed(options.seed + 1);
        assert_ne!(generate(&options, OutputFormat::Json), generate(&other_seed, OutputFormat::Json));
    }
}

#[test]
fn the_layered_workload_has_the_sizes_asked_for() {
    let options = SynthOptions::layered().positions(1_000).layers(10).excludes(50).actors(20).assertions(2_000);
    let document = parse(&generate(&options, OutputFormat::Json));
    assert_eq!(document.actors.len(), 20);
    assert_eq!(document.sources.len(), 1);
    assert_eq!(document.positions.len(), 1_000);
    assert_eq!(document.assertions.len(), 2_000);
    let n_implications = document.rules.iter().filter(|rule| rule.then.is_some()).count();
    let n_excludes = document.rules.iter().filter(|rule| rule.excludes.is_some()).count();
    // Layers 0 to 8 of 100 positions each, 2 rules per position.
    assert_eq!(n_implications, 9 * 100 * 2);
    assert_eq!(n_excludes, 50);
}

#[test]
fn layered_rules_lead_to_the_next_layer_and_excludes_name_two_positions() {
    let options = SynthOptions::layered().positions(100).layers(4).excludes(30).assertions(0);
    let document = parse(&generate(&options, OutputFormat::Json));
    let number = |id: &str| id.trim_start_matches('p').parse::<u64>().unwrap();
    for rule in &document.rules {
        if let (Some(LiteralList::One(condition)), Some(LiteralList::One(then))) = (&rule.if_, &rule.then) {
            assert_eq!(number(then) / 25, number(condition) / 25 + 1, "{rule:?}");
        } else {
            let pair = rule.excludes.as_ref().unwrap();
            assert_eq!(pair.len(), 2);
            assert_ne!(pair[0], pair[1]);
        }
    }
}

#[test]
fn layered_stances_and_windows_follow_the_options() {
    let document = parse(&generate(&small_layered(), OutputFormat::Json));
    let mut stances: HashMap<&str, usize> = HashMap::new();
    let first = jiff::civil::date(2000, 1, 1);
    for assertion in &document.assertions {
        *stances.entry(assertion.stance.as_str()).or_default() += 1;
        let when = assertion.when.as_ref().unwrap();
        let from: jiff::civil::Date = when.from.as_ref().unwrap().parse().unwrap();
        let to: jiff::civil::Date = when.to.as_ref().unwrap().parse().unwrap();
        let start = (from - first).get_days();
        let length = (to - from).get_days();
        assert!((0..1_000).contains(&start), "{when:?}");
        assert!((0..=100).contains(&length), "{when:?}");
    }
    assert_eq!(stances.len(), 2);
    let opposes = stances["opposes"];
    assert!((150..250).contains(&opposes), "{stances:?}");
}

#[test]
fn json_and_toml_write_the_same_document() {
    for options in [small_layered(), small_mixed()] {
        let from_json = parse(&generate(&options, OutputFormat::Json));
        let from_toml: Document = toml::from_str(&generate(&options, OutputFormat::Toml)).unwrap();
        assert_eq!(from_json, from_toml);
    }
}

#[test]
fn small_workloads_load_without_problems() {
    // Validation also rejects speaks_for/member_of cycles and rules that cannot all hold.
    for options in [small_layered(), small_mixed()] {
        for claims in [
            ClaimSet::from_json_str(&generate(&options, OutputFormat::Json)).unwrap(),
            ClaimSet::from_toml_str(&generate(&options, OutputFormat::Toml)).unwrap(),
        ] {
            assert_eq!(claims.assertions().len() as u64, options.assertions);
            assert_eq!(claims.positions().len() as u64, options.positions);
            assert_eq!(claims.actors().len() as u64, options.actors);
            assert_eq!(claims.sources().len() as u64, options.sources);
        }
    }
}

#[test]
fn the_mixed_hierarchy_has_three_levels_and_no_cycles() {
    let document = parse(&generate(&small_mixed(), OutputFormat::Json));
    let mut ties: DiGraphMap<&str, (), std::hash::RandomState> = DiGraphMap::default();
    let (mut n_speaks_for, mut n_member_of) = (0, 0);
    for actor in &document.actors {
        ties.add_node(&actor.id);
        for group in actor.speaks_for.iter().chain(&actor.member_of) {
            ties.add_edge(&actor.id, group, ());
        }
        n_speaks_for += actor.speaks_for.len();
        n_member_of += actor.member_of.len();
    }
    assert!(!petgraph::algo::is_cyclic_directed(&ties));
    assert!(n_speaks_for > 0 && n_member_of > 0);
    let kinds: Vec<_> = document.actors.iter().map(|actor| actor.kind.as_deref().unwrap()).collect();
    assert_eq!(kinds.iter().filter(|&&kind| kind == "group").count(), 3);
    assert_eq!(kinds.iter().filter(|&&kind| kind == "organisation").count(), 27);
    // Every actor has at most one tie, and the longest chain is person -> organisation -> group.
    let mut deepest = 0;
    for actor in &document.actors {
        let (mut current, mut depth) = (actor.id.as_str(), 0);
        while let Some(parent) = ties.neighbors(current).next() {
            assert_eq!(ties.neighbors(current).count(), 1);
            (current, depth) = (parent, depth + 1);
        }
        deepest = deepest.max(depth);
    }
    assert_eq!(deepest, 2);
}

#[test]
fn mixed_rules_hold_with_every_position_false() {
    let document = parse(&generate(&small_mixed(), OutputFormat::Json));
    // Under "every position false" a literal holds exactly when it is a negation.
    let holds = |literal: &String| literal.starts_with('!');
    let (mut n_conjunctions, mut n_any) = (0, 0);
    for rule in &document.rules {
        let conditions_hold = rule.if_.as_ref().is_some_and(|list| list.as_slice().iter().all(holds));
        if let Some(then) = &rule.then {
            assert!(!conditions_hold || then.as_slice().iter().all(holds), "{rule:?}");
            n_conjunctions += usize::from(rule.if_.as_ref().unwrap().as_slice().len() > 1);
        } else if let Some(then_any) = &rule.then_any {
            assert!(!conditions_hold || then_any.iter().any(holds), "{rule:?}");
            n_any += 1;
        } else {
            // At most one of the listed positions is true: none is.
            assert!(rule.excludes.is_some(), "{rule:?}");
        }
    }
    assert!(n_conjunctions > 0 && n_any > 0, "{n_conjunctions} {n_any}");
}

#[test]
fn the_mixed_workload_has_every_stance_and_skewed_holders() {
    let document = parse(&generate(&small_mixed(), OutputFormat::Json));
    let mut stances: HashMap<&str, usize> = HashMap::new();
    let mut holders: HashMap<&str, usize> = HashMap::new();
    for assertion in &document.assertions {
        *stances.entry(assertion.stance.as_str()).or_default() += 1;
        *holders.entry(assertion.holder.as_deref().unwrap()).or_default() += 1;
    }
    assert_eq!(stances.len(), 4, "{stances:?}");
    // Zipf with exponent 1 over 300 actors gives the top one about 16% of the assertions.
    let busiest = holders.values().copied().max().unwrap();
    assert!(busiest > 300, "{busiest}");
}

#[test]
fn bad_options_are_refused_before_writing() {
    let cases = [
        SynthOptions::scaled_to(10).layers(0),
        SynthOptions::scaled_to(10).actors(0),
        SynthOptions::scaled_to(10).positions(1),
        SynthOptions::scaled_to(10).opposes_share(1.5),
        SynthOptions::scaled_to(10).window_start_days(0),
        SynthOptions::scaled_to(10).window_max_days(u32::MAX),
        SynthOptions::scaled_to(10).assertions(MAX_RECORDS + 1),
    ];
    for options in cases {
        let mut bytes = Vec::new();
        let result = write_claim_set(&options, OutputFormat::Json, &mut bytes);
        assert!(matches!(result, Err(SynthError::InvalidOptions(_))), "{options:?}");
        assert!(bytes.is_empty());
    }
}

#[test]
fn an_empty_workload_is_a_valid_document() {
    let options = SynthOptions::layered().positions(0).excludes(0).actors(0).sources(0).assertions(0);
    for format in [OutputFormat::Json, OutputFormat::Toml] {
        let text = generate(&options, format);
        let document: Document =
            if format == OutputFormat::Json { parse(&text) } else { toml::from_str(&text).unwrap() };
        assert_eq!(document, Document::default());
    }
}

#[test]
fn layered_conflict_sets_have_one_or_two_assertions_of_one_holder() {
    let claims = ClaimSet::from_json_str(&generate(&small_layered(), OutputFormat::Json)).unwrap();
    let report = crate::Checker::new(&claims).check();
    assert!(!report.is_empty());
    for finding in report.findings() {
        assert!(matches!(finding.kind(), crate::FindingKind::Contradiction | crate::FindingKind::Reversal));
        assert!((1..=2).contains(&finding.assertions().len()), "{finding:?}");
        assert_eq!(finding.actors().len(), 1, "{finding:?}");
    }
}
