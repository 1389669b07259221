//! Claim sets and findings built by hand for the renderers' unit tests, so that they do not
//! depend on the loader or the checker.

use crate::check::{Finding, FindingKind, FindingLists, Reason, Report, Step};
use crate::model::{
    Actor, ActorId, Assertion, AssertionId, ClaimSet, Literal, PartialDate, Position, PositionId, Rule, RuleForm,
    Source, SourceId, Stance, When, Window,
};

fn date(text: &str) -> PartialDate {
    text.parse().unwrap()
}

fn actor(id: &str, name: &str, speaks_for: &[u32], member_of: &[u32]) -> Actor {
    Actor {
        id: id.to_owned(),
        name: Some(name.to_owned()),
        kind: None,
        aliases: Vec::new(),
        speaks_for: speaks_for.iter().map(|index| ActorId(*index)).collect(),
        member_of: member_of.iter().map(|index| ActorId(*index)).collect(),
    }
}

fn source(id: &str, name: &str) -> Source {
    Source { id: id.to_owned(), name: Some(name.to_owned()), kind: None, reliability: None }
}

fn position(id: &str, statement: &str) -> Position {
    Position { id: id.to_owned(), statement: Some(statement.to_owned()) }
}

struct AssertionSpec<'a> {
    id: &'a str,
    source: u32,
    via: &'a [u32],
    holder: Option<u32>,
    stance: Stance,
    position: u32,
    when: (Option<&'a str>, Option<&'a str>),
    quote: Option<&'a str>,
}

fn assertion(spec: AssertionSpec<'_>) -> Assertion {
    Assertion {
        id: spec.id.to_owned(),
        source: SourceId(spec.source),
        via: spec.via.iter().map(|index| SourceId(*index)).collect(),
        holder: spec.holder.map(ActorId),
        stance: spec.stance,
        position: PositionId(spec.position),
        said: None,
        when: Some(When { from: spec.when.0.map(date), to: spec.when.1.map(date) }),
        reported: None,
        quote: spec.quote.map(str::to_owned),
        confidence: None,
    }
}

/// The worked example of the contract (section 6), plus one claim of fact each by the Post and
/// the Journal about the summit's outcome. Lists are sorted by text id, as a loaded set is.
pub(crate) fn seed_claims() -> ClaimSet {
    let (trump, us, us_officials) = (0, 1, 2);
    let (eu_officials, nypost, wsj) = (0, 1, 2);
    let (summit_deal, guarantees, troops) = (0, 1, 2);
    let assertions = vec![
        assertion(AssertionSpec {
            id: "fact-1",
            source: nypost,
            via: &[],
            holder: None,
            stance: Stance::Supports,
            position: summit_deal,
            when: (Some("2025-08-15"), Some("2025-08-15")),
            quote: None,
        }),
        assertion(AssertionSpec {
            id: "fact-2",
            source: wsj,
            via: &[],
            holder: None,
            stance: Stance::Opposes,
            position: summit_deal,
            when: (Some("2025-08-15"), Some("2025-08-15")),
            quote: None,
        }),
        assertion(AssertionSpec {
            id: "post-1",
            source: nypost,
            via: &[],
            holder: Some(trump),
            stance: Stance::Supports,
            position: guarantees,
            when: (Some("2025-08-15"), None),
            quote: Some("President Trump has committed in principle to providing security guarantees to Ukraine"),
        }),
        assertion(AssertionSpec {
            id: "post-2",
            source: nypost,
            via: &[],
            holder: Some(trump),
            stance: Stance::NotCommitted,
            position: troops,
            when: (Some("2025-08-15"), None),
            quote: None,
        }),
        assertion(AssertionSpec {
            id: "wsj-1",
            source: wsj,
            via: &[eu_officials],
            holder: Some(trump),
            stance: Stance::OpenTo,
            position: guarantees,
            when: (Some("2025-08-15"), None),
            quote: None,
        }),
        assertion(AssertionSpec {
            id: "wsj-2",
            source: wsj,
            via: &[],
            holder: Some(trump),
            stance: Stance::Opposes,
            position: guarantees,
            when: (Some("2025-02"), Some("2025-08-14")),
            quote: None,
        }),
        assertion(AssertionSpec {
            id: "wsj-3",
            source: wsj,
            via: &[],
            holder: Some(us_officials),
            stance: Stance::Opposes,
            position: guarantees,
            when: (Some("2025-08"), Some("2025-08")),
            quote: None,
        }),
    ];
    ClaimSet {
        actors: vec![
            actor("trump", "Donald Trump", &[us], &[]),
            actor("us", "United States", &[], &[]),
            Actor { kind: Some("group".to_owned()), ..actor("us-officials", "some US officials", &[], &[us]) },
        ],
        sources: vec![
            source("eu-officials", "several European officials"),
            source("nypost", "New York Post"),
            source("wsj", "The Wall Street Journal"),
        ],
        positions: vec![
            position("summit-deal", "Trump and Putin agreed a deal in Anchorage"),
            position("us-guarantees", "The US gives Ukraine security guarantees"),
            position("us-troops", "US troops are stationed in Ukraine"),
        ],
        rules: vec![Rule {
            id: "r1".to_owned(),
            has_own_id: true,
            note: Some("security guarantees imply US troops".to_owned()),
            form: RuleForm::Implies {
                if_all: vec![Literal::positive(PositionId(guarantees))],
                then_all: vec![Literal::positive(PositionId(troops))],
            },
        }],
        assertions,
        ..ClaimSet::default()
    }
}

/// A finding over the named assertions, with actors, sources and the cross-source flag worked
/// out the way the checker does.
pub(crate) fn finding(
    claims: &ClaimSet,
    kind: FindingKind,
    holder: Option<&str>,
    assertion_ids: &[&str],
    rule_ids: &[&str],
    window: Option<Window>,
) -> Finding {
    let assertions: Vec<AssertionId> = assertion_ids.iter().map(|id| claims.assertion_id(id).unwrap()).collect();
    let mut actors: Vec<ActorId> = assertions.iter().filter_map(|id| claims.assertion(*id).holder()).collect();
    actors.sort();
    actors.dedup();
    let mut sources: Vec<SourceId> = assertions.iter().map(|id| claims.assertion(*id).source()).collect();
    sources.sort();
    sources.dedup();
    let chains: Vec<(SourceId, Vec<SourceId>)> =
        assertions.iter().map(|id| (claims.assertion(*id).source(), claims.assertion(*id).via().to_vec())).collect();
    let cross_source = chains.iter().any(|chain| chain != &chains[0]);
    let derivation =
        assertions.iter().map(|id| Step::new(claims.assertion(*id).literal(), Reason::Assertion(*id))).collect();
    let rules = rule_ids.iter().map(|id| claims.rule_id(id).unwrap()).collect();
    let lists = FindingLists { actors, assertions, sources, rules, derivation };
    let holder = holder.map(|id| claims.actor_id(id).unwrap());
    Finding::with_own_lists(kind, holder, cross_source, window, None, lists)
}

/// From the day given to forever.
pub(crate) fn from_day(text: &str) -> Option<Window> {
    Some(Window::between(Some(date(text).first_day()), None))
}

/// The contract's six findings for the worked example plus a contradiction between the two
/// claims of fact, in report order.
pub(crate) fn seed_report(claims: &ClaimSet) -> Report<'_> {
    let plain = finding(
        claims,
        FindingKind::Contradiction,
        Some("trump"),
        &["post-1", "post-2"],
        &["r1"],
        from_day("2025-08-15"),
    );
    let guarantees = claims.position_id("us-guarantees").unwrap();
    let troops = claims.position_id("us-troops").unwrap();
    let mut lists = FindingLists::clone(&plain.lists);
    lists.derivation = vec![
        Step::new(Literal::positive(guarantees), Reason::Assertion(claims.assertion_id("post-1").unwrap())),
        Step::new(Literal::positive(troops), Reason::Rule(claims.rule_id("r1").unwrap())),
        Step::new(Literal::negative(troops), Reason::Assertion(claims.assertion_id("post-2").unwrap())),
    ];
    let contradiction = Finding::with_own_lists(
        plain.kind,
        plain.holder,
        plain.cross_source,
        plain.window,
        Some(Literal::positive(troops)),
        lists,
    );
    let fact_day = Window::between(Some(date("2025-08-15").first_day()), Some(date("2025-08-15").first_day()));
    let august_from_15 = Window::between(Some(date("2025-08-15").first_day()), Some(date("2025-08").last_day()));
    let findings = vec![
        finding(claims, FindingKind::Contradiction, None, &["fact-1", "fact-2"], &[], Some(fact_day)),
        contradiction,
        finding(claims, FindingKind::Tension, Some("trump"), &["post-2", "wsj-1"], &["r1"], from_day("2025-08-15")),
        finding(claims, FindingKind::Reversal, Some("trump"), &["post-1", "wsj-2"], &[], None),
        finding(claims, FindingKind::Reversal, Some("trump"), &["wsj-1", "wsj-2"], &[], None),
        finding(claims, FindingKind::Dissent, Some("us"), &["post-1", "wsj-3"], &[], Some(august_from_15)),
        finding(claims, FindingKind::Dissent, Some("us"), &["wsj-1", "wsj-3"], &[], Some(august_from_15)),
    ];
    Report { claims, findings, max_set: 3, truncation: None }
}
