//! Pathological structure: very deep hierarchies, rule cycles, one huge strongly connected
//! component, one holder or one position with a million assertions, a large document with a
//! problem written all on one line. Each document is built in code (nothing large in the
//! repository); loading and checking must finish without recursion deep enough to overflow the
//! stack, and give exactly the findings (or the problem) the structure implies.

use claimgraph::{
    ActorRecord, AssertionRecord, Checker, ClaimSet, Document, FindingKind, Limits, PositionRecord, Report, RuleRecord,
    SourceRecord,
};

/// The kind, holder and assertion ids of each finding, for comparing with what is expected.
fn summary(report: &Report<'_>) -> Vec<(FindingKind, Option<String>, Vec<String>)> {
    let claims = report.claims();
    report
        .findings()
        .iter()
        .map(|finding| {
            let holder = finding.holder().map(|holder| claims.actor(holder).id().to_owned());
            let assertions = finding.assertions().iter().map(|id| claims.assertion(*id).id().to_owned()).collect();
            (finding.kind(), holder, assertions)
        })
        .collect()
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|item| (*item).to_owned()).collect()
}

/// A document with one source and the given positions.
fn document_with_positions(positions: impl IntoIterator<Item = String>) -> Document {
    let mut document = Document::new();
    document.sources.push(SourceRecord::new("wire"));
    document.positions.extend(positions.into_iter().map(PositionRecord::new));
    document
}

fn load(document: Document) -> ClaimSet {
    ClaimSet::from_documents(vec![document]).unwrap()
}

const DEPTH: usize = 100_000;

#[test]
fn a_speaks_for_chain_100_000_deep_loads_and_checks() {
    // a0 speaks for a1, which speaks for a2, ... up to a100000: 100,000 links, the default limit.
    let mut document = document_with_positions(["p".to_owned()]);
    document.actors.extend((0..=DEPTH).map(|level| {
        let actor = ActorRecord::new(format!("a{level}"));
        if level < DEPTH { actor.speaks_for([format!("a{}", level + 1)]) } else { actor }
    }));
    document.assertions.push(AssertionRecord::new("bottom", "wire", "supports", "p").holder("a0"));
    document.assertions.push(AssertionRecord::new("top", "wire", "opposes", "p").holder(format!("a{DEPTH}")));
    let claims = load(document);
    let report = Checker::new(&claims).check();
    // What a0 says counts for every group up to the top, where it meets the top's own stance.
    assert_eq!(
        summary(&report),
        [(FindingKind::Contradiction, Some(format!("a{DEPTH}")), strings(&["bottom", "top"]))]
    );
}

#[test]
fn a_member_of_chain_100_000_deep_loads_and_checks() {
    let mut document = document_with_positions(["p".to_owned()]);
    document.actors.extend((0..=DEPTH).map(|level| {
        let actor = ActorRecord::new(format!("m{level}"));
        if level < DEPTH { actor.member_of([format!("m{}", level + 1)]) } else { actor }
    }));
    document.assertions.push(AssertionRecord::new("member", "wire", "supports", "p").holder("m0"));
    document.assertions.push(AssertionRecord::new("group", "wire", "opposes", "p").holder(format!("m{DEPTH}")));
    let claims = load(document);
    let report = Checker::new(&claims).check();
    // m0 is a member of every group above it, transitively; only the top group holds anything.
    assert_eq!(summary(&report), [(FindingKind::Dissent, Some(format!("m{DEPTH}")), strings(&["group", "member"]))]);
}

#[test]
fn a_chain_one_link_deeper_than_the_limit_is_refused_with_the_flag_to_raise_it() {
    let mut document = Document::new();
    document.actors.extend((0..=DEPTH + 1).map(|level| {
        let actor = ActorRecord::new(format!("a{level}"));
        if level <= DEPTH { actor.speaks_for([format!("a{}", level + 1)]) } else { actor }
    }));
    let error = ClaimSet::from_documents(vec![document.clone()]).unwrap_err();
    assert_eq!(
        error.to_string(),
        "actor \"a0\": speaks_for chain of 100001 links from here (a0 -> a1 -> a2 -> ... -> a100001), \
         more than the limit of 100000 links (raise it with --max-depth)"
    );
    let raised = Limits::default().max_depth(DEPTH + 1);
    assert_eq!(ClaimSet::from_documents_with(vec![document], &raised).unwrap().actors().len(), DEPTH + 2);
}

#[test]
fn rule_cycles_and_equivalence_loops_are_satisfiable_and_checked() {
    // p -> q -> r -> p is a cycle of implications: all three equal, which can hold.
    let mut document = document_with_positions(strings(&["p", "q", "r", "s"]));
    document.actors.push(ActorRecord::new("x"));
    document.rules.extend([
        RuleRecord::implies("p", "q").id("pq"),
        RuleRecord::implies("q", "r").id("qr"),
        RuleRecord::implies("r", "p").id("rp"),
        // Loops of equivalences over the same positions, and one with a repeated position.
        RuleRecord::equivalent(["r", "s"]).id("rs"),
        RuleRecord::equivalent(["s", "p", "s"]).id("sps"),
        RuleRecord::implies(["p", "q"], ["r", "s"]).id("pq-rs"),
    ]);
    document.assertions.extend([
        AssertionRecord::new("x-p", "wire", "supports", "p").holder("x"),
        AssertionRecord::new("x-s", "wire", "opposes", "s").holder("x"),
    ]);
    let claims = load(document);
    let report = Checker::new(&claims).check();
    assert_eq!(summary(&report), [(FindingKind::Contradiction, Some("x".to_owned()), strings(&["x-p", "x-s"]))]);
    assert!(!report.findings()[0].rules().is_empty());
}

/// The ids of `n` positions, `p0000000` and on, so that their sorted order is their number.
fn ring_positions(n: usize) -> Vec<String> {
    (0..n).map(|index| format!("p{index:07}")).collect()
}

/// The size of the million-sized cases: the real size, in every build. (A debug `cargo test`
/// runs all of them in about half a minute and a gigabyte or so each.)
const MILLION: usize = 1_000_000;

const RING: usize = MILLION;

#[test]
fn one_equivalent_ring_of_a_million_positions_loads_and_checks() {
    let positions = ring_positions(RING);
    let mut document = document_with_positions(positions.clone());
    document.actors.push(ActorRecord::new("x"));
    document.rules.push(RuleRecord::equivalent(positions.clone()).id("ring"));
    let (first, middle) = (positions[0].clone(), positions[RING / 2].clone());
    document.assertions.extend([
        AssertionRecord::new("x-first", "wire", "supports", first).holder("x"),
        AssertionRecord::new("x-middle", "wire", "opposes", middle).holder("x"),
    ]);
    let claims = load(document);
    let report = Checker::new(&claims).check();
    assert_eq!(
        summary(&report),
        [(FindingKind::Contradiction, Some("x".to_owned()), strings(&["x-first", "x-middle"]))]
    );
    assert_eq!(report.findings()[0].rules().len(), 1);
}

#[test]
fn one_cycle_of_a_million_if_then_rules_loads_and_checks() {
    let positions = ring_positions(RING);
    let mut document = document_with_positions(positions.clone());
    document.actors.push(ActorRecord::new("x"));
    document.rules.extend(
        (0..RING).map(|index| RuleRecord::implies(positions[index].clone(), positions[(index + 1) % RING].clone())),
    );
    // The first position and the one half way round: the walk from the first position goes
    // round the whole ring (one strongly connected component of every position), and the rules
    // that show the conflict are the half ring between them, one chain of RING / 2 rules.
    let (first, second) = (positions[0].clone(), positions[RING / 2].clone());
    document.assertions.extend([
        AssertionRecord::new("x-first", "wire", "supports", first).holder("x"),
        AssertionRecord::new("x-second", "wire", "opposes", second).holder("x"),
    ]);
    let claims = load(document);
    let report = Checker::new(&claims).check();
    assert_eq!(
        summary(&report),
        [(FindingKind::Contradiction, Some("x".to_owned()), strings(&["x-first", "x-second"]))]
    );
    assert_eq!(report.findings()[0].rules().len(), RING / 2);
}

const MANY: usize = MILLION;

#[test]
fn one_holder_with_a_million_assertions() {
    // A million assertions (see MILLION) by one holder over a thousand positions, all compatible, and one
    // that denies the first position: exactly the assertions of that position conflict with it.
    let n_positions = 1_000;
    let mut document = document_with_positions((0..n_positions).map(|index| format!("p{index:03}")));
    document.actors.push(ActorRecord::new("x"));
    document.assertions.extend((0..MANY).map(|index| {
        AssertionRecord::new(format!("a{index:07}"), "wire", "supports", format!("p{:03}", index % n_positions))
            .holder("x")
    }));
    document.assertions.push(AssertionRecord::new("deny", "wire", "opposes", "p000").holder("x"));
    let claims = load(document);
    let report = Checker::new(&claims).check();
    let findings = summary(&report);
    assert_eq!(findings.len(), MANY / n_positions);
    for (index, (kind, holder, assertions)) in findings.iter().enumerate() {
        assert_eq!((*kind, holder.as_deref()), (FindingKind::Contradiction, Some("x")));
        assert_eq!(assertions, &[format!("a{:07}", index * n_positions), "deny".to_owned()]);
    }
}

#[test]
fn one_position_asserted_a_million_times() {
    // A thousand holders support p a million times between them (see MILLION); one of them also
    // opposes it.
    let n_holders = 1_000;
    let mut document = document_with_positions(["p".to_owned()]);
    document.actors.extend((0..n_holders).map(|index| ActorRecord::new(format!("h{index:03}"))));
    document.assertions.extend((0..MANY).map(|index| {
        AssertionRecord::new(format!("a{index:07}"), "wire", "supports", "p")
            .holder(format!("h{:03}", index % n_holders))
    }));
    document.assertions.push(AssertionRecord::new("deny", "wire", "opposes", "p").holder("h000"));
    let claims = load(document);
    let report = Checker::new(&claims).check();
    let findings = summary(&report);
    assert_eq!(findings.len(), MANY / n_holders);
    assert!(findings.iter().all(|(kind, holder, assertions)| {
        *kind == FindingKind::Contradiction && holder.as_deref() == Some("h000") && assertions.len() == 2
    }));
}

#[test]
fn rules_that_make_a_position_impossible_give_a_single_assertion_contradiction() {
    let mut document = document_with_positions(strings(&["p", "q"]));
    document.actors.push(ActorRecord::new("x"));
    document.rules.push(RuleRecord::implies("p", "!p").id("no-p"));
    // Through a longer rule too: q and p together are impossible, and p forces q.
    document.rules.push(RuleRecord::implies(["p", "q"], "!q").id("no-pq"));
    document.rules.push(RuleRecord::implies("p", "q").id("p-q"));
    document.assertions.extend([
        AssertionRecord::new("x-p", "wire", "supports", "p").holder("x"),
        AssertionRecord::new("x-not-p", "wire", "opposes", "p").holder("x"),
        AssertionRecord::new("fact-p", "wire", "supports", "p"),
    ]);
    let claims = load(document);
    let report = Checker::new(&claims).check();
    assert_eq!(
        summary(&report),
        [
            (FindingKind::Contradiction, None, strings(&["fact-p"])),
            (FindingKind::Contradiction, Some("x".to_owned()), strings(&["x-p"])),
        ]
    );
}

#[test]
fn a_minified_document_of_100_000_assertions_with_one_wrong_value_names_its_column() {
    // Everything on one line, as a JSON minifier writes it: each record's column counts every
    // character before it on the line.
    let mut text =
        String::from(r#"{"sources":[{"id":"s"}],"actors":[{"id":"h"}],"positions":[{"id":"p"}],"assertions":["#);
    let mut bad_value_at = 0;
    for index in 0..100_000 {
        if index > 0 {
            text.push(',');
        }
        let stance = if index == 50_000 { "5" } else { r#""supports""# };
        let record = format!(r#"{{"id":"a{index}","source":"s","holder":"h","stance":{stance},"position":"p"}}"#);
        if index == 50_000 {
            bad_value_at = text.len() + record.find(":5,").unwrap() + 1;
        }
        text.push_str(&record);
    }
    text.push_str("]}");
    let error = ClaimSet::from_json_str(&text).unwrap_err();
    let problems = error.problems();
    assert_eq!(problems.len(), 1, "{error}");
    let location = problems[0].location.as_ref().unwrap();
    assert_eq!((location.line, location.column), (Some(1), Some(bad_value_at + 1)), "{error}");
    assert!(problems[0].message.contains("expected a string"), "{error}");
}
