//! One human sentence per finding.

use std::borrow::Cow;
use std::cell::OnceCell;

use crate::check::{Finding, FindingKind};
use crate::model::{Assertion, ClaimSet, RuleId};

use super::{fact_phrase, rule_summary, source_chain, stance_phrase};

/// One human sentence describing a finding: who takes which stances (with the assertion ids and
/// sources), and the rules that link them.
///
/// ```
/// use claimgraph::{Checker, ClaimSet};
/// let claims = ClaimSet::from_json_str(r#"{
///   "actors": [{"id": "trump", "name": "Donald Trump"}],
///   "sources": [{"id": "nypost", "name": "New York Post"}],
///   "positions": [{"id": "g", "statement": "The US gives Ukraine security guarantees"},
///                 {"id": "t", "statement": "US troops are stationed in Ukraine"}],
///   "rules": [{"id": "r1", "if": "g", "then": "t"}],
///   "assertions": [
///     {"id": "post-1", "source": "nypost", "holder": "trump", "stance": "supports", "position": "g"},
///     {"id": "post-2", "source": "nypost", "holder": "trump", "stance": "not_committed", "position": "t"}
///   ]
/// }"#)?;
/// let report = Checker::new(&claims).check();
/// for finding in report.findings() {
///     println!("{}", claimgraph::report::message(&claims, finding));
/// }
/// # Ok::<(), claimgraph::LoadError>(())
/// ```
pub fn message(claims: &ClaimSet, finding: &Finding) -> String {
    message_with(claims, finding, None)
}

/// Rule summaries made once for a whole report, not once for each finding that names the rule:
/// on large claim sets the same rules come back in thousands of sentences.
pub(crate) struct RuleSummaries<'a> {
    claims: &'a ClaimSet,
    made: Vec<OnceCell<String>>,
}

impl<'a> RuleSummaries<'a> {
    pub(crate) fn new(claims: &'a ClaimSet) -> RuleSummaries<'a> {
        RuleSummaries { claims, made: (0..claims.rules().len()).map(|_| OnceCell::new()).collect() }
    }

    fn summary(&self, rule: RuleId) -> Cow<'_, str> {
        match self.made.get(rule.index()) {
            Some(cell) => Cow::Borrowed(cell.get_or_init(|| rule_summary(self.claims, self.claims.rule(rule)))),
            None => Cow::Owned(rule_summary(self.claims, self.claims.rule(rule))),
        }
    }
}

/// [`message`], reading rule summaries from `summaries` when given.
pub(crate) fn message_with(claims: &ClaimSet, finding: &Finding, summaries: Option<&RuleSummaries<'_>>) -> String {
    let mut assertions: Vec<&Assertion> = finding.assertions().iter().map(|id| claims.assertion(*id)).collect();
    let mut sentence = match finding.kind() {
        FindingKind::Reversal => {
            // A change of position reads in time order, earliest window first.
            assertions.sort_by_key(|assertion| {
                let window = assertion.window();
                (window.from().is_some(), window.from(), window.to().is_none(), window.to())
            });
            let clauses: Vec<String> =
                assertions.iter().map(|assertion| clause(claims, finding, assertion, true)).collect();
            match finding.holder() {
                Some(holder) => {
                    format!("{} changed position: {}", claims.actor(holder).label(), clauses.join(", then "))
                }
                None => format!("The account changed: {}", clauses.join(", then ")),
            }
        }
        FindingKind::Dissent => {
            let group = finding.holder().map_or("the group", |holder| claims.actor(holder).label());
            let clauses: Vec<String> =
                assertions.iter().map(|assertion| clause(claims, finding, assertion, false)).collect();
            format!("Within {group}, {}", join_with_but(&clauses))
        }
        _ => {
            let clauses: Vec<String> =
                assertions.iter().map(|assertion| clause(claims, finding, assertion, false)).collect();
            let mut sentence = match finding.holder() {
                Some(holder) if single_holder(finding) => {
                    format!("{} {}", claims.actor(holder).label(), join_with_but(&clauses))
                }
                Some(holder) => format!("For {}, {}", claims.actor(holder).label(), join_with_but(&clauses)),
                None => join_with_but(&clauses),
            };
            if assertions.len() == 1 {
                sentence.push_str(", which the rules rule out");
            }
            sentence
        }
    };
    for rule in finding.rules() {
        sentence.push_str("; ");
        match summaries {
            Some(summaries) => sentence.push_str(&summaries.summary(*rule)),
            None => sentence.push_str(&rule_summary(claims, claims.rule(*rule))),
        }
    }
    sentence
}

/// Whether every assertion of the finding is the finding's holder's own, so the holder can be
/// named once at the start of the sentence.
fn single_holder(finding: &Finding) -> bool {
    finding.holder().is_some_and(|holder| finding.actors() == [holder])
}

/// One assertion as part of the sentence. The holder is left out when the sentence names it once
/// at the start; claims of fact name their source instead.
fn clause(claims: &ClaimSet, finding: &Finding, assertion: &Assertion, with_window: bool) -> String {
    let position = claims.position(assertion.position()).label();
    let chain = source_chain(claims, assertion);
    let window = if with_window { format!(", {}", assertion.window()) } else { String::new() };
    match assertion.holder() {
        None => format!("{chain} says \"{position}\" {} ({}{window})", fact_phrase(assertion.stance()), assertion.id()),
        Some(holder) => {
            let stance = stance_phrase(claims.actor(holder), assertion.stance());
            let details = format!("({}, {chain}{window})", assertion.id());
            if single_holder(finding) || (finding.kind() == FindingKind::Reversal && finding.holder() == Some(holder)) {
                format!("{stance} \"{position}\" {details}")
            } else {
                format!("{} {stance} \"{position}\" {details}", claims.actor(holder).label())
            }
        }
    }
}

/// `a`, `a but b`, `a, b but c`.
fn join_with_but(clauses: &[String]) -> String {
    match clauses.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} but {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixtures::{finding, seed_claims, seed_report};

    #[test]
    fn messages_of_the_worked_example_name_holders_stances_sources_and_rules() {
        let claims = seed_claims();
        let report = seed_report(&claims);
        let messages: Vec<String> = report.findings().iter().map(|finding| message(&claims, finding)).collect();
        assert_eq!(
            messages,
            [
                "New York Post says \"Trump and Putin agreed a deal in Anchorage\" is true (fact-1) but The Wall Street Journal says \"Trump and Putin agreed a deal in Anchorage\" is false (fact-2)",
                "Donald Trump supports \"The US gives Ukraine security guarantees\" (post-1, New York Post) but has not committed to \"US troops are stationed in Ukraine\" (post-2, New York Post); r1: security guarantees imply US troops",
                "Donald Trump has not committed to \"US troops are stationed in Ukraine\" (post-2, New York Post) but is open to \"The US gives Ukraine security guarantees\" (wsj-1, The Wall Street Journal via several European officials); r1: security guarantees imply US troops",
                "Donald Trump changed position: opposes \"The US gives Ukraine security guarantees\" (wsj-2, The Wall Street Journal, 2025-02-01 to 2025-08-14), then supports \"The US gives Ukraine security guarantees\" (post-1, New York Post, from 2025-08-15)",
                "Donald Trump changed position: opposes \"The US gives Ukraine security guarantees\" (wsj-2, The Wall Street Journal, 2025-02-01 to 2025-08-14), then is open to \"The US gives Ukraine security guarantees\" (wsj-1, The Wall Street Journal via several European officials, from 2025-08-15)",
                "Within United States, Donald Trump supports \"The US gives Ukraine security guarantees\" (post-1, New York Post) but some US officials oppose \"The US gives Ukraine security guarantees\" (wsj-3, The Wall Street Journal)",
                "Within United States, Donald Trump is open to \"The US gives Ukraine security guarantees\" (wsj-1, The Wall Street Journal via several European officials) but some US officials oppose \"The US gives Ukraine security guarantees\" (wsj-3, The Wall Street Journal)",
            ]
        );
    }

    #[test]
    fn a_rule_without_a_note_is_shown_by_its_form() {
        let mut claims = seed_claims();
        claims.rules[0].note = None;
        let report = seed_report(&claims);
        assert!(message(&claims, &report.findings()[1]).ends_with("; r1: if us-guarantees then us-troops"));
    }

    #[test]
    fn a_single_assertion_the_rules_rule_out_says_so() {
        let claims = seed_claims();
        let single = finding(&claims, FindingKind::Contradiction, Some("trump"), &["post-1"], &["r1"], None);
        assert_eq!(
            message(&claims, &single),
            "Donald Trump supports \"The US gives Ukraine security guarantees\" (post-1, New York Post), which the rules rule out; r1: security guarantees imply US troops"
        );
    }

    #[test]
    fn assertions_of_several_actors_name_each_actor() {
        let claims = seed_claims();
        let shared = finding(&claims, FindingKind::Contradiction, Some("us"), &["post-1", "wsj-3"], &[], None);
        assert_eq!(
            message(&claims, &shared),
            "For United States, Donald Trump supports \"The US gives Ukraine security guarantees\" (post-1, New York Post) but some US officials oppose \"The US gives Ukraine security guarantees\" (wsj-3, The Wall Street Journal)"
        );
    }

    #[test]
    fn a_changed_account_of_the_facts_is_told_in_time_order() {
        let mut claims = seed_claims();
        claims.assertions[0].when = Some(crate::model::When { from: Some("2025-09".parse().unwrap()), to: None });
        let changed = finding(&claims, FindingKind::Reversal, None, &["fact-1", "fact-2"], &[], None);
        assert_eq!(
            message(&claims, &changed),
            "The account changed: The Wall Street Journal says \"Trump and Putin agreed a deal in Anchorage\" is false (fact-2, 2025-08-15), then New York Post says \"Trump and Putin agreed a deal in Anchorage\" is true (fact-1, from 2025-09-01)"
        );
    }
}
