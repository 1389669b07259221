//! Checker tests on claim sets built directly, independent of the document readers.

use super::{Checker, FindingKind};
use crate::model::{
    Actor, ActorId, Assertion, ClaimSet, Literal, PartialDate, Position, PositionId, Rule, RuleForm, Source, SourceId,
    Stance, When,
};

struct Spec<'a> {
    actors: &'a [(&'a str, &'a [&'a str], &'a [&'a str])],
    positions: &'a [&'a str],
    rules: &'a [(&'a str, RuleForm)],
    assertions: &'a [Row<'a>],
}

fn build(spec: &Spec<'_>) -> ClaimSet {
    let mut claims = ClaimSet::default();
    let mut actor_ids: Vec<&str> = spec.actors.iter().map(|actor| actor.0).collect();
    actor_ids.sort_unstable();
    let actor = |id: &str| ActorId::from_index(actor_ids.iter().position(|a| *a == id).unwrap());
    let mut positions: Vec<&str> = spec.positions.to_vec();
    positions.sort_unstable();
    let mut sources: Vec<&str> =
        spec.assertions.iter().flat_map(|a| std::iter::once(a.1).chain(a.2.iter().copied())).collect();
    sources.sort_unstable();
    sources.dedup();
    let source = |id: &str| SourceId::from_index(sources.iter().position(|s| *s == id).unwrap());
    let position = |id: &str| PositionId::from_index(positions.iter().position(|p| *p == id).unwrap());
    for id in &actor_ids {
        let (_, speaks, member) = spec.actors.iter().find(|a| a.0 == *id).unwrap();
        claims.actors.push(Actor {
            id: (*id).to_owned(),
            name: None,
            kind: None,
            aliases: vec![],
            speaks_for: speaks.iter().map(|g| actor(g)).collect(),
            member_of: member.iter().map(|g| actor(g)).collect(),
        });
    }
    claims.sources =
        sources.iter().map(|id| Source { id: (*id).to_owned(), name: None, kind: None, reliability: None }).collect();
    claims.positions = positions.iter().map(|id| Position { id: (*id).to_owned(), statement: None }).collect();
    let mut rules: Vec<_> = spec.rules.iter().collect();
    rules.sort_by_key(|rule| rule.0);
    claims.rules = rules
        .iter()
        .map(|(id, form)| Rule { id: (*id).to_owned(), has_own_id: true, note: None, form: form.clone() })
        .collect();
    let mut assertions: Vec<_> = spec.assertions.iter().collect();
    assertions.sort_by_key(|a| a.0);
    for (id, src, via, holder, stance, pos, from, to) in assertions {
        let parse = |date: &Option<&str>| date.map(|d| d.parse::<PartialDate>().unwrap());
        claims.assertions.push(Assertion {
            id: (*id).to_owned(),
            source: source(src),
            via: via.iter().map(|v| source(v)).collect(),
            holder: holder.map(actor),
            stance: *stance,
            position: position(pos),
            said: None,
            when: (from.is_some() || to.is_some()).then(|| When { from: parse(from), to: parse(to) }),
            reported: None,
            quote: None,
            confidence: None,
        });
    }
    claims
}

/// kind, holder, assertions, rules, cross-source
type Summary = (FindingKind, Option<String>, Vec<String>, Vec<String>, bool);

fn summary(claims: &ClaimSet, max_set: usize) -> Vec<Summary> {
    Checker::new(claims)
        .max_set(max_set)
        .check()
        .findings()
        .iter()
        .map(|finding| {
            (
                finding.kind(),
                finding.holder().map(|h| claims.actor(h).id().to_owned()),
                finding.assertions().iter().map(|a| claims.assertion(*a).id().to_owned()).collect(),
                finding.rules().iter().map(|r| claims.rule(*r).id().to_owned()).collect(),
                finding.is_cross_source(),
            )
        })
        .collect()
}

fn lit(claims_positions: &[&str], id: &str, negated: bool) -> Literal {
    let mut sorted = claims_positions.to_vec();
    sorted.sort_unstable();
    Literal { position: PositionId::from_index(sorted.iter().position(|p| *p == id).unwrap()), negated }
}

const ACTORS: &[(&str, &[&str], &[&str])] =
    &[("us", &[], &[]), ("trump", &["us"], &[]), ("us-officials", &[], &["us"])];
const POSITIONS: &[&str] = &["us-guarantees", "us-troops", "us-support-eu-force"];

/// id, source, via, holder, stance, position, from, to
type Row<'a> = (&'a str, &'a str, &'a [&'a str], Option<&'a str>, Stance, &'a str, Option<&'a str>, Option<&'a str>);
const WORKED: &[Row<'static>] = &[
    ("post-1", "nypost", &[], Some("trump"), Stance::Supports, "us-guarantees", Some("2025-08-15"), None),
    ("post-2", "nypost", &[], Some("trump"), Stance::NotCommitted, "us-troops", Some("2025-08-15"), None),
    ("wsj-1", "wsj", &["eu-officials"], Some("trump"), Stance::OpenTo, "us-guarantees", Some("2025-08-15"), None),
    ("wsj-2", "wsj", &[], Some("trump"), Stance::Opposes, "us-guarantees", Some("2025-02"), Some("2025-08-14")),
    ("wsj-3", "wsj", &[], Some("us-officials"), Stance::Opposes, "us-guarantees", Some("2025-08"), Some("2025-08")),
];

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

#[test]
fn worked_example_with_guarantees_implying_troops() {
    let r1 = RuleForm::Implies {
        if_all: vec![lit(POSITIONS, "us-guarantees", false)],
        then_all: vec![lit(POSITIONS, "us-troops", false)],
    };
    let claims = build(&Spec { actors: ACTORS, positions: POSITIONS, rules: &[("r1", r1)], assertions: WORKED });
    let trump = Some("trump".to_owned());
    let us = Some("us".to_owned());
    assert_eq!(
        summary(&claims, 3),
        vec![
            (FindingKind::Contradiction, trump.clone(), strings(&["post-1", "post-2"]), strings(&["r1"]), false),
            (FindingKind::Tension, trump.clone(), strings(&["post-2", "wsj-1"]), strings(&["r1"]), true),
            (FindingKind::Reversal, trump.clone(), strings(&["post-1", "wsj-2"]), vec![], true),
            (FindingKind::Reversal, trump, strings(&["wsj-1", "wsj-2"]), vec![], true),
            (FindingKind::Dissent, us.clone(), strings(&["post-1", "wsj-3"]), vec![], true),
            (FindingKind::Dissent, us, strings(&["wsj-1", "wsj-3"]), vec![], true),
        ]
    );
}

#[test]
fn worked_example_with_the_refined_rule() {
    let r1 = RuleForm::ImpliesAny {
        if_all: vec![lit(POSITIONS, "us-guarantees", false)],
        then_any: vec![lit(POSITIONS, "us-troops", false), lit(POSITIONS, "us-support-eu-force", false)],
    };
    let claims = build(&Spec { actors: ACTORS, positions: POSITIONS, rules: &[("r1", r1)], assertions: WORKED });
    let kinds: Vec<_> = summary(&claims, 3).into_iter().map(|f| (f.0, f.2)).collect();
    assert_eq!(
        kinds,
        vec![
            (FindingKind::Reversal, strings(&["post-1", "wsj-2"])),
            (FindingKind::Reversal, strings(&["wsj-1", "wsj-2"])),
            (FindingKind::Dissent, strings(&["post-1", "wsj-3"])),
            (FindingKind::Dissent, strings(&["wsj-1", "wsj-3"])),
        ]
    );
}

#[test]
fn three_way_conflict_through_a_two_condition_rule() {
    // a and b together imply c; supporting a and b while opposing c is a minimal triple.
    let positions: &[&str] = &["a", "b", "c"];
    let rule = RuleForm::Implies {
        if_all: vec![lit(positions, "a", false), lit(positions, "b", false)],
        then_all: vec![lit(positions, "c", false)],
    };
    let rows: &[Row<'static>] = &[
        ("x1", "s", &[], Some("h"), Stance::Supports, "a", None, None),
        ("x2", "s", &[], Some("h"), Stance::Supports, "b", None, None),
        ("x3", "s", &[], Some("h"), Stance::Opposes, "c", None, None),
    ];
    let claims = build(&Spec { actors: &[("h", &[], &[])], positions, rules: &[("and", rule)], assertions: rows });
    assert_eq!(
        summary(&claims, 3),
        vec![(
            FindingKind::Contradiction,
            Some("h".to_owned()),
            strings(&["x1", "x2", "x3"]),
            strings(&["and"]),
            false
        )]
    );
    assert!(summary(&claims, 2).is_empty());
}

#[test]
fn a_position_that_forks_into_two_it_excludes_needs_every_rule_of_the_fork() {
    // e implies a, a implies both b and c, and b and c exclude each other: supporting e cannot
    // hold, and only all four rules show it. The two paths of e's cone that meet (to b, and on
    // through c to not-b) share their way from e to a, so the chain they make names r1 twice.
    let positions: &[&str] = &["a", "b", "c", "e"];
    let implies = |from: &str, to: &str| RuleForm::Implies {
        if_all: vec![lit(positions, from, false)],
        then_all: vec![lit(positions, to, false)],
    };
    let excludes = RuleForm::Excludes(vec![lit(positions, "b", false).position, lit(positions, "c", false).position]);
    let rules = [("r1", implies("e", "a")), ("r2", implies("a", "b")), ("r3", implies("a", "c")), ("r4", excludes)];
    let rows: &[Row<'static>] = &[("x1", "s", &[], Some("h"), Stance::Supports, "e", None, None)];
    let claims = build(&Spec { actors: &[("h", &[], &[])], positions, rules: &rules, assertions: rows });
    assert_eq!(
        summary(&claims, 3),
        vec![(
            FindingKind::Contradiction,
            Some("h".to_owned()),
            strings(&["x1"]),
            strings(&["r1", "r2", "r3", "r4"]),
            false
        )]
    );
    // Stated e; then a, b and c each by its rule in turn; b, already holding, makes r4 force
    // not-c, the negation of c.
    let report = Checker::new(&claims).check();
    let steps: Vec<String> = report.findings()[0]
        .derivation()
        .iter()
        .map(|step| {
            let literal = step.literal();
            let position = claims.position(literal.position).id();
            let by = match step.reason() {
                super::Reason::Assertion(id) => claims.assertion(id).id().to_owned(),
                super::Reason::Rule(id) => claims.rule(id).id().to_owned(),
            };
            format!("{}{position} by {by}", if literal.negated { "not " } else { "" })
        })
        .collect();
    assert_eq!(steps, strings(&["e by x1", "a by r1", "b by r2", "c by r3", "not c by r4"]));
}
