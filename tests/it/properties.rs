//! Property tests: the checker against the brute-force reference on small random claim sets,
//! report order, independence from input order, and no panic on any input.

use std::collections::BTreeSet;

use claimgraph::{Checker, ClaimSet, Document, Finding, Reason, Report, Window};
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use proptest::sample::{Index, select, subsequence};
use proptest::test_runner::{RngAlgorithm, RngSeed};
use serde_json::{Value, json};

use crate::reference::{
    Days, RefActor, RefAssertion, RefClaims, RefFinding, RefKind, RefLiteral, RefRule, RefRuleForm, RefStance,
    date_range, days_from_civil,
};

/// Ids chosen so that text order differs from generation order (`x10` sorts before `x2`).
const ACTOR_IDS: [&str; 4] = ["g10", "g2", "g_1", "g-1"];
const SOURCE_IDS: [&str; 3] = ["s1", "s10", "s.2"];
const POSITION_IDS: [&str; 5] = ["p1", "p2", "p10", "p_x", "p-y"];
const RULE_IDS: [&str; 4] = ["r1", "r2", "r10", "r:3"];
const ASSERTION_IDS: [&str; 7] = ["x1", "x2", "x10", "x11", "x3", "x_1", "x-1"];
/// Days, months and years, including a leap day and the edges of a month.
const DATES: [&str; 9] =
    ["2024", "2024-02-29", "2025-02", "2025-08", "2025-08-14", "2025-08-15", "2025-08-31", "2025-09-01", "2025"];

/// Deterministic runs that write nothing next to the sources.
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        rng_algorithm: RngAlgorithm::ChaCha,
        rng_seed: RngSeed::Fixed(0x636c_6169_6d67_7261),
        ..ProptestConfig::default()
    }
}

#[derive(Clone, Debug)]
struct GenActor {
    speaks_for: Vec<usize>,
    member_of: Vec<usize>,
}

type GenLiteral = (usize, bool);

#[derive(Clone, Debug)]
enum GenRule {
    Implies { if_all: Vec<GenLiteral>, then_all: Vec<GenLiteral>, if_as_list: bool, then_as_list: bool },
    ImpliesAny { if_all: Vec<GenLiteral>, then_any: Vec<GenLiteral>, if_as_list: bool },
    Excludes(Vec<usize>),
    Equivalent(Vec<usize>),
}

#[derive(Clone, Debug)]
enum GenTime {
    Always,
    Said(usize),
    When { from: Option<usize>, to: Option<usize>, said: Option<usize> },
}

#[derive(Clone, Debug)]
struct GenAssertion {
    source: usize,
    via: Vec<usize>,
    holder: Option<usize>,
    stance: RefStance,
    position: usize,
    time: GenTime,
}

/// A small random claim set, by index into the id lists above.
#[derive(Clone, Debug)]
struct GenDoc {
    n_sources: usize,
    n_positions: usize,
    actors: Vec<GenActor>,
    rules: Vec<GenRule>,
    rules_have_ids: bool,
    assertions: Vec<GenAssertion>,
}

fn literal_text((position, negated): GenLiteral) -> String {
    format!("{}{}", if negated { "!" } else { "" }, POSITION_IDS[position])
}

fn literal_list(literals: &[GenLiteral], as_list: bool) -> Value {
    match literals {
        [single] if !as_list => Value::from(literal_text(*single)),
        _ => Value::from(literals.iter().map(|literal| literal_text(*literal)).collect::<Vec<_>>()),
    }
}

fn reference_literals(literals: &[GenLiteral]) -> Vec<RefLiteral> {
    literals.iter().map(|literal| RefLiteral::parse(&literal_text(*literal))).collect()
}

fn position_names(positions: &[usize]) -> Vec<String> {
    positions.iter().map(|&position| POSITION_IDS[position].to_owned()).collect()
}

impl GenDoc {
    fn rule_id(&self, index: usize) -> String {
        if self.rules_have_ids { RULE_IDS[index].to_owned() } else { format!("rule#{}", index + 1) }
    }

    fn to_json(&self) -> Value {
        let actors: Vec<Value> = self
            .actors
            .iter()
            .enumerate()
            .map(|(index, actor)| {
                let mut record = json!({"id": ACTOR_IDS[index], "name": format!("Actor {index}")});
                let ids = |list: &[usize]| list.iter().map(|&other| ACTOR_IDS[other]).collect::<Vec<_>>();
                if !actor.speaks_for.is_empty() {
                    record["speaks_for"] = json!(ids(&actor.speaks_for));
                }
                if !actor.member_of.is_empty() {
                    record["member_of"] = json!(ids(&actor.member_of));
                }
                record
            })
            .collect();
        let sources: Vec<Value> =
            SOURCE_IDS[..self.n_sources].iter().map(|id| json!({"id": id, "kind": "outlet"})).collect();
        let positions: Vec<Value> = POSITION_IDS[..self.n_positions]
            .iter()
            .map(|id| json!({"id": id, "statement": format!("Statement {id}")}))
            .collect();
        let rules: Vec<Value> = self
            .rules
            .iter()
            .enumerate()
            .map(|(index, rule)| {
                let mut record = match rule {
                    GenRule::Implies { if_all, then_all, if_as_list, then_as_list } => {
                        json!({"if": literal_list(if_all, *if_as_list), "then": literal_list(then_all, *then_as_list)})
                    }
                    GenRule::ImpliesAny { if_all, then_any, if_as_list } => {
                        json!({"if": literal_list(if_all, *if_as_list), "then_any": literal_list(then_any, true)})
                    }
                    GenRule::Excludes(positions) => json!({"excludes": position_names(positions)}),
                    GenRule::Equivalent(positions) => json!({"equivalent": position_names(positions)}),
                };
                if self.rules_have_ids {
                    record["id"] = json!(RULE_IDS[index]);
                }
                record
            })
            .collect();
        let assertions: Vec<Value> = self
            .assertions
            .iter()
            .enumerate()
            .map(|(index, assertion)| {
                let mut record = json!({
                    "id": ASSERTION_IDS[index],
                    "source": SOURCE_IDS[assertion.source],
                    "stance": assertion.stance.as_str(),
                    "position": POSITION_IDS[assertion.position],
                });
                if !assertion.via.is_empty() {
                    record["via"] = json!(assertion.via.iter().map(|&source| SOURCE_IDS[source]).collect::<Vec<_>>());
                }
                if let Some(holder) = assertion.holder {
                    record["holder"] = json!(ACTOR_IDS[holder]);
                }
                match assertion.time {
                    GenTime::Always => {}
                    GenTime::Said(date) => record["said"] = json!(DATES[date]),
                    GenTime::When { from, to, said } => {
                        let mut when = json!({});
                        if let Some(from) = from {
                            when["from"] = json!(DATES[from]);
                        }
                        if let Some(to) = to {
                            when["to"] = json!(DATES[to]);
                        }
                        record["when"] = when;
                        if let Some(said) = said {
                            record["said"] = json!(DATES[said]);
                        }
                    }
                }
                record
            })
            .collect();
        json!({"actors": actors, "sources": sources, "positions": positions, "rules": rules, "assertions": assertions})
    }

    fn to_reference(&self) -> RefClaims {
        let names = |list: &[usize]| list.iter().map(|&other| ACTOR_IDS[other].to_owned()).collect::<Vec<_>>();
        let actors = self
            .actors
            .iter()
            .enumerate()
            .map(|(index, actor)| RefActor {
                id: ACTOR_IDS[index].to_owned(),
                speaks_for: names(&actor.speaks_for),
                member_of: names(&actor.member_of),
            })
            .collect();
        let rules = self
            .rules
            .iter()
            .enumerate()
            .map(|(index, rule)| RefRule {
                id: self.rule_id(index),
                form: match rule {
                    GenRule::Implies { if_all, then_all, .. } => RefRuleForm::Implies {
                        if_all: reference_literals(if_all),
                        then_all: reference_literals(then_all),
                    },
                    GenRule::ImpliesAny { if_all, then_any, .. } => RefRuleForm::ImpliesAny {
                        if_all: reference_literals(if_all),
                        then_any: reference_literals(then_any),
                    },
                    GenRule::Excludes(positions) => RefRuleForm::Excludes(position_names(positions)),
                    GenRule::Equivalent(positions) => RefRuleForm::Equivalent(position_names(positions)),
                },
            })
            .collect();
        let assertions = self
            .assertions
            .iter()
            .enumerate()
            .map(|(index, assertion)| RefAssertion {
                id: ASSERTION_IDS[index].to_owned(),
                source: SOURCE_IDS[assertion.source].to_owned(),
                via: assertion.via.iter().map(|&source| SOURCE_IDS[source].to_owned()).collect(),
                holder: assertion.holder.map(|holder| ACTOR_IDS[holder].to_owned()),
                stance: assertion.stance,
                position: POSITION_IDS[assertion.position].to_owned(),
                // The window: `when` if given, else the days of `said`, else always.
                window: match assertion.time {
                    GenTime::Always => Days::ALWAYS,
                    GenTime::Said(date) => Days::of_said(DATES[date]),
                    GenTime::When { from, to, .. } => Days::of_when(from.map(|d| DATES[d]), to.map(|d| DATES[d])),
                },
            })
            .collect();
        RefClaims { actors, positions: position_names(&(0..self.n_positions).collect::<Vec<_>>()), rules, assertions }
    }
}

fn literal_strategy(n_positions: usize) -> impl Strategy<Value = GenLiteral> + Clone {
    (0..n_positions, any::<bool>())
}

fn rule_strategy(n_positions: usize) -> impl Strategy<Value = GenRule> {
    let literal = literal_strategy(n_positions);
    let positions = subsequence((0..n_positions).collect::<Vec<_>>(), 2..=n_positions.min(3));
    prop_oneof![
        (vec(literal.clone(), 1..=2), vec(literal.clone(), 1..=2), any::<bool>(), any::<bool>()).prop_map(
            |(if_all, then_all, if_as_list, then_as_list)| GenRule::Implies {
                if_all,
                then_all,
                if_as_list,
                then_as_list
            }
        ),
        (vec(literal.clone(), 1..=2), vec(literal, 1..=3), any::<bool>())
            .prop_map(|(if_all, then_any, if_as_list)| GenRule::ImpliesAny { if_all, then_any, if_as_list }),
        positions.clone().prop_map(GenRule::Excludes),
        positions.prop_map(GenRule::Equivalent),
    ]
}

/// `from` after `to` is an input error: swapping the two dates always gives a real range.
fn in_order(from: Option<usize>, to: Option<usize>) -> (Option<usize>, Option<usize>) {
    if let (Some(first), Some(last)) = (from, to) {
        let days = Days::of_when(Some(DATES[first]), Some(DATES[last]));
        if !days.has_a_day() {
            return (Some(last), Some(first));
        }
    }
    (from, to)
}

fn time_strategy() -> impl Strategy<Value = GenTime> {
    let date = 0..DATES.len();
    prop_oneof![
        2 => Just(GenTime::Always),
        1 => date.clone().prop_map(GenTime::Said),
        3 => (option::of(date.clone()), option::of(date.clone()), option::weighted(0.2, date))
            .prop_map(|(from, to, said)| {
                let (from, to) = in_order(from, to);
                GenTime::When { from, to, said }
            }),
    ]
}

fn doc_strategy() -> impl Strategy<Value = GenDoc> {
    (1..=4usize, 1..=3usize, 2..=5usize, 2..=7usize).prop_flat_map(
        |(n_actors, n_sources, n_positions, n_assertions)| {
            let assertion = (
                0..n_sources,
                vec(0..n_sources, 0..=2),
                option::weighted(0.8, 0..n_actors),
                select(RefStance::ALL.to_vec()),
                0..n_positions,
                time_strategy(),
            )
                .prop_map(|(source, via, holder, stance, position, time)| GenAssertion {
                    source,
                    via,
                    holder,
                    stance,
                    position,
                    time,
                });
            (
                vec(0u8..8, n_actors * n_actors),
                vec(rule_strategy(n_positions), 0..=4),
                proptest::bool::weighted(0.8),
                vec(assertion, n_assertions),
            )
                .prop_map(move |(relations, rules, rules_have_ids, assertions)| {
                    // Edges only go to actors later in the list, so there is never a cycle.
                    let actors = (0..n_actors)
                        .map(|actor| {
                            let mut speaks_for = Vec::new();
                            let mut member_of = Vec::new();
                            for other in actor + 1..n_actors {
                                match relations[actor * n_actors + other] {
                                    3 | 4 => speaks_for.push(other),
                                    5 | 6 => member_of.push(other),
                                    7 => {
                                        speaks_for.push(other);
                                        member_of.push(other);
                                    }
                                    _ => {}
                                }
                            }
                            GenActor { speaks_for, member_of }
                        })
                        .collect();
                    GenDoc { n_sources, n_positions, actors, rules, rules_have_ids, assertions }
                })
        },
    )
}

/// One holder stating many positions under rules of three or more literals: the sets of three
/// and four assertions that only the longer rules refute, which `doc_strategy` rarely makes.
fn long_rule_doc_strategy() -> impl Strategy<Value = GenDoc> {
    (4..=5usize, 5..=7usize).prop_flat_map(|(n_positions, n_assertions)| {
        let literal = literal_strategy(n_positions);
        let long_rule = prop_oneof![
            2 => (vec(literal.clone(), 1..=2), vec(literal.clone(), 2..=3))
                .prop_map(|(if_all, then_any)| GenRule::ImpliesAny { if_all, then_any, if_as_list: true }),
            1 => (vec(literal.clone(), 2..=3), literal.clone()).prop_map(|(if_all, then)| GenRule::Implies {
                if_all,
                then_all: vec![then],
                if_as_list: true,
                then_as_list: false,
            }),
            1 => rule_strategy(n_positions),
        ];
        let assertion = (select(RefStance::ALL.to_vec()), 0..n_positions).prop_map(|(stance, position)| GenAssertion {
            source: 0,
            via: Vec::new(),
            holder: Some(0),
            stance,
            position,
            time: GenTime::Always,
        });
        (vec(long_rule, 2..=4), vec(assertion, n_assertions)).prop_map(move |(rules, assertions)| GenDoc {
            n_sources: 1,
            n_positions,
            actors: vec![GenActor { speaks_for: Vec::new(), member_of: Vec::new() }],
            rules,
            rules_have_ids: true,
            assertions,
        })
    })
}

fn days_of(window: Window) -> Days {
    let day = |date: jiff::civil::Date| {
        days_from_civil(i64::from(date.year()), i64::from(date.month()), i64::from(date.day()))
    };
    Days { from: window.from().map(day), to: window.to().map(day) }
}

fn kind_of(finding: &Finding) -> RefKind {
    match finding.kind().as_str() {
        "contradiction" => RefKind::Contradiction,
        "tension" => RefKind::Tension,
        "reversal" => RefKind::Reversal,
        "dissent" => RefKind::Dissent,
        other => panic!("a finding kind the contract does not define: {other}"),
    }
}

fn assertion_ids(claims: &ClaimSet, finding: &Finding) -> Vec<String> {
    finding.assertions().iter().map(|&id| claims.assertion(id).id().to_owned()).collect()
}

/// The crate's findings in the reference's terms, in report order.
fn actual_findings(claims: &ClaimSet, report: &Report<'_>) -> Vec<RefFinding> {
    report
        .findings()
        .iter()
        .map(|finding| RefFinding {
            kind: kind_of(finding),
            holder: finding.holder().map(|holder| claims.actor(holder).id().to_owned()),
            assertions: assertion_ids(claims, finding),
            window: finding.window().map(days_of),
        })
        .collect()
}

fn show(findings: &[&RefFinding]) -> String {
    findings
        .iter()
        .map(|finding| {
            format!(
                "\n  {} at {:?}: {:?} window {:?}",
                finding.kind.as_str(),
                finding.holder,
                finding.assertions,
                finding.window
            )
        })
        .collect()
}

/// Compares the crate with the reference on one generated document.
fn compare_with_reference(doc: &GenDoc, max_set: usize) -> Result<(), TestCaseError> {
    let json = doc.to_json();
    let text = serde_json::to_string_pretty(&json).unwrap();
    let reference = doc.to_reference();
    let loaded = ClaimSet::from_json_str(&text);
    if !reference.rules_satisfiable() {
        prop_assert!(loaded.is_err(), "rules that cannot hold together must be rejected:\n{text}");
        return Ok(());
    }
    let claims = match loaded {
        Ok(claims) => claims,
        Err(error) => return Err(TestCaseError::fail(format!("a valid document was rejected: {error}\n{text}"))),
    };
    let report = Checker::new(&claims).max_set(max_set).check();
    let actual = actual_findings(&claims, &report);
    let expected = reference.findings(max_set);

    let actual_set: BTreeSet<&RefFinding> = actual.iter().collect();
    let expected_set: BTreeSet<&RefFinding> = expected.iter().collect();
    let missing: Vec<&RefFinding> = expected_set.difference(&actual_set).copied().collect();
    let unexpected: Vec<&RefFinding> = actual_set.difference(&expected_set).copied().collect();
    prop_assert!(
        missing.is_empty() && unexpected.is_empty() && actual.len() == expected.len(),
        "max_set {max_set}\nmissing:{}\nunexpected:{}\n{text}",
        show(&missing),
        show(&unexpected)
    );
    prop_assert_eq!(&actual, &expected, "findings out of report order\n{}", text);

    for (finding, expected) in report.findings().iter().zip(&expected) {
        let ids = &expected.assertions;
        let actors: Vec<String> = finding.actors().iter().map(|&id| claims.actor(id).id().to_owned()).collect();
        prop_assert_eq!(actors, reference.actors_of(ids), "actors of {:?}\n{}", ids, text);
        let sources: Vec<String> = finding.sources().iter().map(|&id| claims.source(id).id().to_owned()).collect();
        prop_assert_eq!(sources, reference.sources_of(ids), "sources of {:?}\n{}", ids, text);
        prop_assert_eq!(
            finding.is_cross_source(),
            reference.is_cross_source(ids),
            "cross_source of {:?}\n{}",
            ids,
            text
        );

        let rules: Vec<String> = finding.rules().iter().map(|&id| claims.rule(id).id().to_owned()).collect();
        let mut sorted_rules = rules.clone();
        sorted_rules.sort();
        sorted_rules.dedup();
        prop_assert_eq!(&rules, &sorted_rules, "rules of {:?} not sorted or repeated\n{}", ids, text);
        prop_assert!(
            reference.rules_show_conflict(&rules, ids),
            "rules {:?} do not show the conflict of {:?}\n{}",
            rules,
            ids,
            text
        );
        for left_out in &rules {
            let fewer: Vec<String> = rules.iter().filter(|rule| *rule != left_out).cloned().collect();
            prop_assert!(
                !reference.rules_show_conflict(&fewer, ids),
                "rules {:?} of {:?} are not minimal: {} is not needed\n{}",
                rules,
                ids,
                left_out,
                text
            );
        }
        check_derivation(&claims, &reference, finding, &rules, ids, &text)?;
    }
    compare_json_report(&report.to_json(), &reference, &expected, &claims, &text)
}

/// A finding's derivation must be a proof a reader can follow: each stated literal is the
/// literal of one of the set's assertions, each forced literal follows from one clause of one
/// of the finding's rules once the earlier steps hold, and both the clash and its negation are
/// among the steps.
fn check_derivation(
    claims: &ClaimSet,
    reference: &RefClaims,
    finding: &Finding,
    rules: &[String],
    ids: &[String],
    text: &str,
) -> Result<(), TestCaseError> {
    let mut earlier: BTreeSet<RefLiteral> = BTreeSet::new();
    let negation = |literal: &RefLiteral| RefLiteral { position: literal.position.clone(), negated: !literal.negated };
    for step in finding.derivation() {
        let literal = RefLiteral::parse(&claims.literal_text(step.literal()));
        match step.reason() {
            Reason::Assertion(id) => {
                let id = claims.assertion(id).id();
                prop_assert!(ids.iter().any(|member| member == id), "{id} is not in the set {ids:?}\n{text}");
                let stated = reference.assertions.iter().find(|assertion| assertion.id == id).unwrap().literal();
                prop_assert_eq!(&stated, &literal, "{} states another literal\n{}", id, text);
            }
            Reason::Rule(id) => {
                let id = claims.rule(id).id();
                prop_assert!(rules.iter().any(|rule| rule == id), "{id} is not among the rules {rules:?}\n{text}");
                let rule = reference.rules.iter().find(|rule| rule.id == id).unwrap();
                let forced = rule.clauses().iter().any(|clause| {
                    clause.contains(&literal)
                        && clause
                            .iter()
                            .filter(|other| **other != literal)
                            .all(|other| earlier.contains(&negation(other)))
                });
                prop_assert!(forced, "{id} does not force {literal:?} after {earlier:?} in {ids:?}\n{text}");
            }
            other => return Err(TestCaseError::fail(format!("unknown reason {other:?}"))),
        }
        earlier.insert(literal);
    }
    if let Some(clash) = finding.clash() {
        let clash = RefLiteral::parse(&claims.literal_text(clash));
        prop_assert!(
            earlier.contains(&clash) && earlier.contains(&negation(&clash)),
            "the derivation of {ids:?} does not reach both sides of its clash\n{text}"
        );
    }
    Ok(())
}

/// A JSON window as days: `{"from": DATE or null, "to": DATE or null}`.
fn days_of_json(window: &Value) -> Option<Days> {
    let end = |field: &str| window[field].as_str().map(|date| date_range(date).0);
    (!window.is_null()).then(|| Days { from: end("from"), to: end("to") })
}

fn strings_of(list: &Value) -> Vec<String> {
    list.as_array().unwrap().iter().map(|item| item.as_str().unwrap().to_owned()).collect()
}

/// The JSON report says what the contract says it says (section 4), finding by finding.
fn compare_json_report(
    json: &str,
    reference: &RefClaims,
    expected: &[RefFinding],
    claims: &ClaimSet,
    text: &str,
) -> Result<(), TestCaseError> {
    let report: Value = serde_json::from_str(json).unwrap();
    let findings = report["findings"].as_array().unwrap();
    prop_assert_eq!(findings.len(), expected.len());
    for (finding, expected) in findings.iter().zip(expected) {
        let ids = &expected.assertions;
        prop_assert_eq!(finding["kind"].as_str(), Some(expected.kind.as_str()), "{}\n{}", json, text);
        prop_assert_eq!(finding["holder"].as_str(), expected.holder.as_deref(), "{}\n{}", json, text);
        prop_assert_eq!(&strings_of(&finding["assertions"]), ids, "{}\n{}", json, text);
        prop_assert_eq!(strings_of(&finding["actors"]), reference.actors_of(ids), "{}\n{}", json, text);
        prop_assert_eq!(strings_of(&finding["sources"]), reference.sources_of(ids), "{}\n{}", json, text);
        prop_assert_eq!(finding["cross_source"].as_bool(), Some(reference.is_cross_source(ids)), "{}\n{}", json, text);
        prop_assert!(reference.rules_show_conflict(&strings_of(&finding["rules"]), ids), "{}\n{}", json, text);
        prop_assert_eq!(days_of_json(&finding["window"]), expected.window, "{}\n{}", json, text);
        prop_assert!(finding["message"].as_str().is_some_and(|message| !message.is_empty()), "{}\n{}", json, text);
    }
    let summary = &report["summary"];
    prop_assert_eq!(summary["actors"].as_u64(), Some(claims.actors().len() as u64));
    prop_assert_eq!(summary["sources"].as_u64(), Some(claims.sources().len() as u64));
    prop_assert_eq!(summary["positions"].as_u64(), Some(reference.positions.len() as u64));
    prop_assert_eq!(summary["rules"].as_u64(), Some(reference.rules.len() as u64));
    prop_assert_eq!(summary["assertions"].as_u64(), Some(reference.assertions.len() as u64));
    for kind in [RefKind::Contradiction, RefKind::Tension, RefKind::Reversal, RefKind::Dissent] {
        let count = expected.iter().filter(|finding| finding.kind == kind).count() as u64;
        prop_assert_eq!(summary["findings"][kind.as_str()].as_u64(), Some(count), "{}", json);
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn checker_agrees_with_the_brute_force_reference(doc in doc_strategy(), max_set in 1..=4usize) {
        compare_with_reference(&doc, max_set)?;
    }
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn checker_agrees_with_the_brute_force_reference_under_long_rules(
        doc in long_rule_doc_strategy(),
        max_set in 2..=4usize,
    ) {
        compare_with_reference(&doc, max_set)?;
    }
}

/// Everything a finding exposes, as text: two runs that agree here agree in every report.
fn fingerprint(claims: &ClaimSet, report: &Report<'_>) -> Vec<String> {
    report
        .findings()
        .iter()
        .map(|finding| {
            let actors: Vec<&str> = finding.actors().iter().map(|&id| claims.actor(id).id()).collect();
            let sources: Vec<&str> = finding.sources().iter().map(|&id| claims.source(id).id()).collect();
            let rules: Vec<&str> = finding.rules().iter().map(|&id| claims.rule(id).id()).collect();
            let derivation: Vec<String> = finding
                .derivation()
                .iter()
                .map(|step| {
                    let reason = match step.reason() {
                        Reason::Assertion(id) => claims.assertion(id).id().to_owned(),
                        Reason::Rule(id) => claims.rule(id).id().to_owned(),
                        other => format!("{other:?}"),
                    };
                    format!("{} by {reason}", claims.literal_text(step.literal()))
                })
                .collect();
            format!(
                "{} {:?} {:?} {:?} {:?} {} {:?} {:?} {:?} {:?} {}",
                finding.kind(),
                finding.holder().map(|id| claims.actor(id).id()),
                actors,
                assertion_ids(claims, finding),
                sources,
                finding.is_cross_source(),
                rules,
                finding.window().map(|window| window.to_string()),
                derivation,
                finding.clash().map(|literal| claims.literal_text(literal)),
                finding.display(claims)
            )
        })
        .collect()
}

/// A reproducible shuffle (splitmix64 and Fisher–Yates), so one seed drives every list.
fn shuffle<T>(items: &mut [T], seed: &mut u64) {
    for index in (1..items.len()).rev() {
        *seed = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut mixed = *seed;
        mixed = (mixed ^ (mixed >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        mixed = (mixed ^ (mixed >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        mixed ^= mixed >> 31;
        let other = (mixed % (index as u64 + 1)) as usize;
        items.swap(index, other);
    }
}

const LISTS: [&str; 5] = ["actors", "sources", "positions", "rules", "assertions"];

/// The same document with every list in another order (the chain of `via` keeps its order:
/// it is a chain, outermost first).
fn shuffled(document: &Value, seed: &mut u64) -> Value {
    let mut document = document.clone();
    for list in LISTS {
        let records = document[list].as_array_mut().unwrap();
        shuffle(records, seed);
        for record in records.iter_mut() {
            for field in ["speaks_for", "member_of"] {
                if let Some(ids) = record.get_mut(field).and_then(Value::as_array_mut) {
                    shuffle(ids, seed);
                }
            }
        }
    }
    document
}

/// Splits every list of a document in two at a seeded point: two documents that merge into it.
fn split(document: &Value, seed: &mut u64) -> (Document, Document) {
    let mut first = json!({});
    let mut second = json!({});
    for list in LISTS {
        let records = document[list].as_array().unwrap();
        *seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        let at = (*seed >> 33) as usize % (records.len() + 1);
        first[list] = json!(records[..at]);
        second[list] = json!(records[at..]);
    }
    (serde_json::from_value(first).unwrap(), serde_json::from_value(second).unwrap())
}

proptest! {
    #![proptest_config(config(128))]

    #[test]
    fn findings_do_not_depend_on_the_order_of_the_input(doc in doc_strategy(), max_set in 1..=4usize, seed in any::<u64>()) {
        let doc = GenDoc { rules_have_ids: true, ..doc };
        let json = doc.to_json();
        let Ok(claims) = ClaimSet::from_json_str(&json.to_string()) else {
            // Only rules that cannot hold together are rejected; the comparison test checks that.
            return Ok(());
        };
        let report = Checker::new(&claims).max_set(max_set).check();
        let expected = fingerprint(&claims, &report);
        let expected_json = report.to_json();

        let mut seed = seed;
        let reordered_json = shuffled(&json, &mut seed);
        let reordered = ClaimSet::from_json_str(&serde_json::to_string_pretty(&reordered_json).unwrap()).unwrap();
        let reordered_report = Checker::new(&reordered).max_set(max_set).check();
        prop_assert_eq!(&fingerprint(&reordered, &reordered_report), &expected, "reordered:\n{}", reordered_json);
        prop_assert_eq!(&reordered_report.to_json(), &expected_json, "reordered:\n{}", reordered_json);

        let (first, second) = split(&reordered_json, &mut seed);
        for documents in [vec![first.clone(), second.clone()], vec![second, first]] {
            let merged = ClaimSet::from_documents(documents).unwrap();
            let merged_report = Checker::new(&merged).max_set(max_set).check();
            prop_assert_eq!(&fingerprint(&merged, &merged_report), &expected, "split:\n{}", reordered_json);
            prop_assert_eq!(&merged_report.to_json(), &expected_json, "split:\n{}", reordered_json);
        }
    }

    #[test]
    fn findings_come_in_report_order(doc in doc_strategy(), max_set in 1..=4usize) {
        let Ok(claims) = ClaimSet::from_json_str(&doc.to_json().to_string()) else { return Ok(()) };
        let report = Checker::new(&claims).max_set(max_set).check();
        // Kind, then holder with claims of fact first, then the sorted list of assertion ids.
        let keys: Vec<(RefKind, Option<String>, Vec<String>)> = actual_findings(&claims, &report)
            .into_iter()
            .map(|finding| (finding.kind, finding.holder, finding.assertions))
            .collect();
        for pair in keys.windows(2) {
            prop_assert!(pair[0] < pair[1], "{:?} comes before {:?}", pair[0], pair[1]);
        }
        for finding in report.findings() {
            prop_assert!(finding.assertions().len() <= max_set);
            let ids = assertion_ids(&claims, finding);
            prop_assert!(ids.windows(2).all(|pair| pair[0] < pair[1]), "assertions not sorted: {:?}", ids);
        }
    }

    #[test]
    fn rules_that_cannot_hold_together_are_rejected(doc in doc_strategy(), position in 0..5usize) {
        // `if p then !p` and `if !p then p` force p both ways, whatever else the rules say.
        let position = position % doc.n_positions;
        let mut rules = doc.rules.clone();
        rules.truncate(2);
        rules.push(GenRule::Implies { if_all: vec![(position, false)], then_all: vec![(position, true)], if_as_list: false, then_as_list: false });
        rules.push(GenRule::Implies { if_all: vec![(position, true)], then_all: vec![(position, false)], if_as_list: true, then_as_list: false });
        let doc = GenDoc { rules, ..doc };
        prop_assert!(!doc.to_reference().rules_satisfiable());
        prop_assert!(ClaimSet::from_json_str(&doc.to_json().to_string()).is_err());
    }

    #[test]
    fn speaks_for_and_member_of_cycles_are_rejected(doc in doc_strategy(), speaks in any::<bool>()) {
        // Close a loop from the last actor back to the first, through one of the relations.
        let mut doc = doc;
        let last = doc.actors.len() - 1;
        let first_edge = if speaks { &mut doc.actors[0].speaks_for } else { &mut doc.actors[0].member_of };
        if !first_edge.contains(&last) && last > 0 {
            first_edge.push(last);
        }
        let back_edge = if speaks { &mut doc.actors[last].speaks_for } else { &mut doc.actors[last].member_of };
        back_edge.push(0);
        prop_assert!(ClaimSet::from_json_str(&doc.to_json().to_string()).is_err());
    }
}

/// Strings that tend to break parsers, dates and id checks.
const AWKWARD_STRINGS: [&str; 34] = [
    "",
    " ",
    "NaN",
    "inf",
    "-inf",
    "1e999",
    "-0",
    "\u{0}",
    "\u{1b}[31m",
    "\t\n\r",
    "\u{7f}",
    "\u{feff}",
    "supports",
    "opposes",
    "open_to",
    "not_committed",
    "!",
    "!!p1",
    "p1",
    "!p1",
    "g10",
    "s1",
    "x1",
    "2025",
    "2025-02-30",
    "2025-13",
    "0000",
    "9999-12-31",
    "-2025",
    "2025-8-1",
    "é",
    "🦀",
    "rule#1",
    "a b",
];

const FIELD_NAMES: [&str; 31] = [
    "actors",
    "sources",
    "positions",
    "rules",
    "assertions",
    "id",
    "name",
    "kind",
    "aliases",
    "speaks_for",
    "member_of",
    "reliability",
    "statement",
    "note",
    "if",
    "then",
    "then_any",
    "excludes",
    "equivalent",
    "source",
    "via",
    "holder",
    "stance",
    "position",
    "said",
    "when",
    "from",
    "to",
    "reported",
    "quote",
    "confidence",
];

fn json_leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter_map("not a JSON number", |number| serde_json::Number::from_f64(number).map(Value::Number)),
        select(AWKWARD_STRINGS.to_vec()).prop_map(Value::from),
        any::<String>().prop_map(Value::from),
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    json_leaf().prop_recursive(6, 48, 5, |inner| {
        let key = prop_oneof![3 => select(FIELD_NAMES.to_vec()).prop_map(str::to_owned), 1 => any::<String>()];
        prop_oneof![
            vec(inner.clone(), 0..5).prop_map(Value::Array),
            vec((key, inner), 0..5).prop_map(|entries| Value::Object(entries.into_iter().collect())),
        ]
    })
}

/// Feeds a text to both readers; whatever loads must check (and render) without panicking.
fn load_and_check(text: &str) {
    for loaded in [ClaimSet::from_json_str(text), ClaimSet::from_toml_str(text)] {
        match loaded {
            Ok(claims) => {
                for max_set in 0..=4 {
                    let report = Checker::new(&claims).max_set(max_set).check();
                    serde_json::from_str::<Value>(&report.to_json()).unwrap();
                    for finding in report.findings() {
                        let _ = finding.display(&claims).to_string();
                    }
                }
            }
            Err(error) => {
                let _ = error.to_string();
            }
        }
    }
}

/// Every path into a JSON value, as the keys and indices leading to it.
fn paths(value: &Value, prefix: &mut Vec<Value>, out: &mut Vec<Vec<Value>>) {
    out.push(prefix.clone());
    match value {
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                prefix.push(Value::from(index));
                paths(item, prefix, out);
                prefix.pop();
            }
        }
        Value::Object(entries) => {
            for (key, item) in entries {
                prefix.push(Value::from(key.clone()));
                paths(item, prefix, out);
                prefix.pop();
            }
        }
        _ => {}
    }
}

fn at_path<'v>(value: &'v mut Value, path: &[Value]) -> &'v mut Value {
    path.iter().fold(value, |value, step| match step {
        Value::String(key) => &mut value[key.as_str()],
        other => &mut value[other.as_u64().unwrap() as usize],
    })
}

#[derive(Clone, Debug)]
enum Mutation {
    Replace(Index, Value),
    Remove(Index),
    Duplicate(Index),
    InsertField(Index, &'static str, Value),
}

fn mutation_strategy() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        3 => (any::<Index>(), json_value()).prop_map(|(at, value)| Mutation::Replace(at, value)),
        1 => any::<Index>().prop_map(Mutation::Remove),
        1 => any::<Index>().prop_map(Mutation::Duplicate),
        2 => (any::<Index>(), select(FIELD_NAMES.to_vec()), json_value())
            .prop_map(|(at, field, value)| Mutation::InsertField(at, field, value)),
    ]
}

/// A valid document with a few records, ids, dates or fields broken.
fn mutate(document: &mut Value, mutation: &Mutation) {
    let mut all_paths = Vec::new();
    paths(document, &mut Vec::new(), &mut all_paths);
    let pick = |at: &Index| at.get(&all_paths).clone();
    match mutation {
        Mutation::Replace(at, value) => *at_path(document, &pick(at)) = value.clone(),
        Mutation::Remove(at) | Mutation::Duplicate(at) => {
            let path = pick(at);
            let Some((last, parent_path)) = path.split_last() else { return };
            let parent = at_path(document, parent_path);
            match (parent, last) {
                (Value::Array(items), Value::Number(index)) => {
                    let index = index.as_u64().unwrap() as usize;
                    if matches!(mutation, Mutation::Remove(_)) {
                        items.remove(index);
                    } else {
                        let copy = items[index].clone();
                        items.push(copy);
                    }
                }
                (Value::Object(entries), Value::String(key)) => {
                    entries.remove(key);
                }
                _ => {}
            }
        }
        Mutation::InsertField(at, field, value) => {
            if let Value::Object(entries) = at_path(document, &pick(at)) {
                entries.insert((*field).to_owned(), value.clone());
            }
        }
    }
}

/// Inserts, deletes or swaps one character of a text, at a character boundary.
fn edit_text(text: &str, at: &Index, edit: u8, inserted: char) -> String {
    let mut characters: Vec<char> = text.chars().collect();
    if characters.is_empty() {
        return inserted.to_string();
    }
    let index = at.index(characters.len());
    match edit % 3 {
        0 => characters.insert(index, inserted),
        1 => {
            characters.remove(index);
        }
        _ => characters.truncate(index),
    }
    characters.into_iter().collect()
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn any_text_loads_or_fails_without_panicking(text in any::<String>()) {
        load_and_check(&text);
    }

    #[test]
    fn any_json_value_loads_or_fails_without_panicking(value in json_value()) {
        load_and_check(&value.to_string());
        if let Ok(toml_text) = toml::to_string(&value) {
            load_and_check(&toml_text);
        }
    }

    #[test]
    fn broken_documents_load_or_fail_without_panicking(doc in doc_strategy(), mutations in vec(mutation_strategy(), 1..=3)) {
        let mut document = doc.to_json();
        for mutation in &mutations {
            mutate(&mut document, mutation);
        }
        load_and_check(&serde_json::to_string_pretty(&document).unwrap());
        if let Ok(toml_text) = toml::to_string(&document) {
            load_and_check(&toml_text);
        }
    }

    #[test]
    fn edited_texts_load_or_fail_without_panicking(doc in doc_strategy(), edits in vec((any::<Index>(), any::<u8>(), any::<char>()), 1..=3)) {
        let document = doc.to_json();
        let mut json_text = serde_json::to_string_pretty(&document).unwrap();
        let mut toml_text = toml::to_string(&document).unwrap();
        for (at, edit, inserted) in &edits {
            json_text = edit_text(&json_text, at, *edit, *inserted);
            toml_text = edit_text(&toml_text, at, *edit, *inserted);
        }
        load_and_check(&json_text);
        load_and_check(&toml_text);
    }
}

#[test]
fn deeply_nested_input_is_an_error_not_a_crash() {
    let depth = 100_000;
    let texts = [
        "[".repeat(depth),
        format!("{}{}", "[".repeat(depth), "]".repeat(depth)),
        format!("{{\"rules\": [{{\"if\": {}\"p\"{}, \"then\": \"q\"}}]}}", "[".repeat(depth), "]".repeat(depth)),
        format!("{{\"actors\": {}", "{\"a\": ".repeat(depth)),
        format!("a = {}", "[".repeat(depth)),
        format!("a = {}1{}", "[".repeat(depth), "]".repeat(depth)),
        format!("a = {}", "{ b = ".repeat(depth)),
        format!("{}=1", "a.".repeat(depth)),
    ];
    for text in &texts {
        assert!(ClaimSet::from_json_str(text).is_err());
        assert!(ClaimSet::from_toml_str(text).is_err());
    }
}

#[test]
fn numbers_outside_zero_to_one_are_never_accepted() {
    let json_numbers =
        ["1e999", "-1e999", "1e-999", "18446744073709551616", "-0.0", "NaN", "Infinity", "0.5e1", "1", "-1"];
    let toml_numbers = ["inf", "-inf", "nan", "+nan", "1e999", "2", "-0.0", "0.5", "-1"];
    let mut loaded = Vec::new();
    for number in json_numbers {
        let json = format!(
            r#"{{"sources": [{{"id": "s", "reliability": {number}}}], "positions": [{{"id": "p"}}],
                "assertions": [{{"id": "a", "source": "s", "stance": "supports", "position": "p", "confidence": {number}}}]}}"#
        );
        loaded.push((number, ClaimSet::from_json_str(&json)));
    }
    for number in toml_numbers {
        let toml = format!("[[sources]]\nid = \"s\"\nreliability = {number}\n");
        loaded.push((number, ClaimSet::from_toml_str(&toml)));
    }
    for (number, loaded) in &loaded {
        let number = *number;
        // -0.0 is zero, but a checker may fairly refuse the sign.
        if number == "-0.0" {
            continue;
        }
        let in_range = matches!(number, "1e-999" | "1" | "0.5");
        if let Ok(claims) = loaded {
            let source = claims.source_id("s").expect("the source that was loaded");
            let reliability = claims.source(source).reliability().expect("the reliability that was loaded");
            assert!((0.0..=1.0).contains(&reliability), "{number} accepted as {reliability}");
        }
        assert_eq!(loaded.is_ok(), in_range, "{number}");
    }
}

/// The worked example of the contract (section 6).
#[test]
fn worked_example_gives_the_listed_findings() {
    let document = json!({
        "actors": [
            {"id": "us", "name": "United States", "kind": "state", "aliases": ["Washington"]},
            {"id": "trump", "name": "Donald Trump", "kind": "person", "speaks_for": ["us"]},
            {"id": "us-officials", "name": "some US officials", "kind": "group", "member_of": ["us"]}
        ],
        "sources": [
            {"id": "nypost", "name": "New York Post", "kind": "outlet"},
            {"id": "wsj", "name": "The Wall Street Journal", "kind": "outlet"},
            {"id": "eu-officials", "name": "several European officials", "kind": "anonymous"}
        ],
        "positions": [
            {"id": "us-guarantees"}, {"id": "us-troops"}, {"id": "us-support-eu-force"}
        ],
        "rules": [{"id": "r1", "if": "us-guarantees", "then": "us-troops"}],
        "assertions": [
            {"id": "post-1", "source": "nypost", "holder": "trump", "stance": "supports",
             "position": "us-guarantees", "when": {"from": "2025-08-15"}},
            {"id": "post-2", "source": "nypost", "holder": "trump", "stance": "not_committed",
             "position": "us-troops", "when": {"from": "2025-08-15"}},
            {"id": "wsj-1", "source": "wsj", "via": ["eu-officials"], "holder": "trump", "stance": "open_to",
             "position": "us-guarantees", "when": {"from": "2025-08-15"}},
            {"id": "wsj-2", "source": "wsj", "holder": "trump", "stance": "opposes",
             "position": "us-guarantees", "when": {"from": "2025-02", "to": "2025-08-14"}},
            {"id": "wsj-3", "source": "wsj", "holder": "us-officials", "stance": "opposes",
             "position": "us-guarantees", "when": {"from": "2025-08", "to": "2025-08"}}
        ]
    });
    let claims = ClaimSet::from_json_str(&document.to_string()).unwrap();
    let report = Checker::new(&claims).check();
    let found: Vec<String> = report
        .findings()
        .iter()
        .map(|finding| {
            let rules: Vec<&str> = finding.rules().iter().map(|&id| claims.rule(id).id()).collect();
            format!(
                "{} at {} {:?} cross_source {} rules {:?}",
                finding.kind(),
                finding.holder().map_or("null", |id| claims.actor(id).id()),
                assertion_ids(&claims, finding),
                finding.is_cross_source(),
                rules
            )
        })
        .collect();
    let expected = [
        r#"contradiction at trump ["post-1", "post-2"] cross_source false rules ["r1"]"#,
        r#"tension at trump ["post-2", "wsj-1"] cross_source true rules ["r1"]"#,
        r#"reversal at trump ["post-1", "wsj-2"] cross_source true rules []"#,
        r#"reversal at trump ["wsj-1", "wsj-2"] cross_source true rules []"#,
        r#"dissent at us ["post-1", "wsj-3"] cross_source true rules []"#,
        r#"dissent at us ["wsj-1", "wsj-3"] cross_source true rules []"#,
    ];
    assert_eq!(found, expected);
}
