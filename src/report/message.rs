//! One human sentence per finding.

use std::borrow::Cow;
use std::fmt;

use crate::check::{Finding, FindingKind};
use crate::model::{Assertion, ClaimSet, RuleId};

use super::{fact_phrase, rule_summary, stance_phrase};

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

/// The summaries of the rules a report's findings name, made once for the whole report, not
/// once for each finding that names the rule: on large claim sets the same rules come back in
/// thousands of sentences.
///
/// They are kept one after the other in one string, in rule order, and a rule's id is read off
/// the start of its summary: writing a large report is bound by fetching these texts from
/// memory, and a rule's id and summary then come in one fetch instead of four.
pub(crate) struct RuleSummaries<'a> {
    claims: &'a ClaimSet,
    text: String,
    /// For each rule: where its id and where its summary end in `text` (the summary starts where
    /// the previous rule's ends); `NOT_MADE` as the id's end for rules no finding names.
    bounds: Vec<[u32; 2]>,
    /// Whether `text` holds nothing a JSON string escapes: then it is copied into one as it is.
    clean: bool,
}

const NOT_MADE: u32 = u32::MAX;

impl<'a> RuleSummaries<'a> {
    pub(crate) fn new(claims: &'a ClaimSet, findings: &[Finding]) -> RuleSummaries<'a> {
        let mut named = vec![false; claims.rules().len()];
        for rule in findings.iter().flat_map(Finding::rules) {
            if let Some(slot) = named.get_mut(rule.index()) {
                *slot = true;
            }
        }
        let mut text = String::new();
        let mut bounds: Vec<[u32; 2]> = Vec::with_capacity(named.len());
        for ((_, rule), named) in claims.rules().zip(named) {
            let start = text.len();
            let mut id_end = NOT_MADE;
            if named {
                let summary = rule_summary(claims, rule);
                // Past 4 GiB of summaries the rest are made when asked for.
                if let Ok(end) = u32::try_from(start + summary.len())
                    && end != NOT_MADE
                {
                    id_end = u32::try_from(start + rule.id().len()).unwrap_or(NOT_MADE);
                    text.push_str(&summary);
                }
            }
            bounds.push([id_end, u32::try_from(text.len()).unwrap_or(NOT_MADE)]);
        }
        let clean = is_clean(&text);
        RuleSummaries { claims, text, bounds, clean }
    }

    /// Whether the summaries kept (and so the ids read off them) hold nothing a JSON string
    /// escapes.
    pub(crate) fn is_clean(&self) -> bool {
        self.clean
    }

    /// Where the rule's summary is in `text`, and where its id ends, if it was made.
    fn span(&self, rule: RuleId) -> Option<(usize, usize, usize)> {
        let index = rule.index();
        let [id_end, end] = *self.bounds.get(index)?;
        if id_end == NOT_MADE {
            return None;
        }
        let start = index.checked_sub(1).and_then(|previous| self.bounds.get(previous)).map_or(0, |bounds| bounds[1]);
        Some((start as usize, id_end as usize, end as usize))
    }

    fn summary(&self, rule: RuleId) -> Cow<'_, str> {
        match self.span(rule).and_then(|(start, _, end)| self.text.get(start..end)) {
            Some(summary) => Cow::Borrowed(summary),
            None => Cow::Owned(rule_summary(self.claims, self.claims.rule(rule))),
        }
    }

    /// The first byte of the rule's summary, or 0: reading it brings the summary into cache.
    pub(crate) fn first_byte(&self, rule: RuleId) -> u8 {
        self.span(rule).and_then(|(start, _, _)| self.text.as_bytes().get(start)).copied().unwrap_or(0)
    }

    /// The rule's id, read off the start of its summary when it was made ([`rule_summary`]
    /// starts with the id).
    pub(crate) fn id(&self, rule: RuleId) -> &str {
        match self.span(rule).and_then(|(start, id_end, _)| self.text.get(start..id_end)) {
            Some(id) => id,
            None => self.claims.rule(rule).id(),
        }
    }
}

/// [`message`], reading rule summaries from `summaries` when given.
pub(crate) fn message_with(claims: &ClaimSet, finding: &Finding, summaries: Option<&RuleSummaries<'_>>) -> String {
    // Room for the clauses and every rule's summary, so the sentence is rarely copied to grow.
    let mut sentence = String::with_capacity(192 + 48 * finding.rules().len());
    // Writing into a String cannot fail.
    let _ = write_message(&mut sentence, claims, finding, summaries);
    sentence
}

/// Where a sentence is written piece by piece: a `String`, or a JSON string being written, which
/// escapes each piece as it comes (so a report of a million findings makes no sentence it would
/// only copy out again).
pub(crate) trait Sentence: fmt::Write {
    fn push_str(&mut self, text: &str);
    fn push(&mut self, c: char) {
        self.push_str(c.encode_utf8(&mut [0; 4]));
    }
    /// Writes text known to hold nothing a JSON string escapes ([`is_clean`]).
    fn push_clean(&mut self, text: &str) {
        self.push_str(text);
    }
}

/// Whether `text` holds nothing a JSON string escapes: no quote, backslash or control character.
pub(crate) fn is_clean(text: &str) -> bool {
    text.bytes().all(|byte| byte >= 0x20 && byte != b'"' && byte != b'\\')
}

impl Sentence for String {
    fn push_str(&mut self, text: &str) {
        String::push_str(self, text);
    }
    fn push(&mut self, c: char) {
        String::push(self, c);
    }
}

/// Writes the sentence piece by piece: a report of a million findings makes no string it does
/// not keep.
pub(crate) fn write_message(
    out: &mut impl Sentence,
    claims: &ClaimSet,
    finding: &Finding,
    summaries: Option<&RuleSummaries<'_>>,
) -> fmt::Result {
    let mut assertions: Vec<&Assertion> = finding.assertions().iter().map(|id| claims.assertion(*id)).collect();
    match finding.kind() {
        FindingKind::Reversal => {
            // A change of position reads in time order, earliest window first.
            assertions.sort_by_key(|assertion| {
                let window = assertion.window();
                (window.from().is_some(), window.from(), window.to().is_none(), window.to())
            });
            match finding.holder() {
                Some(holder) => {
                    out.push_str(claims.actor(holder).label());
                    out.push_str(" changed position: ");
                }
                None => out.push_str("The account changed: "),
            }
            for (index, assertion) in assertions.iter().enumerate() {
                if index > 0 {
                    out.push_str(", then ");
                }
                write_clause(out, claims, finding, assertion, true)?;
            }
        }
        FindingKind::Dissent => {
            let group = finding.holder().map_or("the group", |holder| claims.actor(holder).label());
            out.push_str("Within ");
            out.push_str(group);
            out.push_str(", ");
            write_joined_with_but(out, claims, finding, &assertions)?;
        }
        _ => {
            match finding.holder() {
                Some(holder) if single_holder(finding) => {
                    out.push_str(claims.actor(holder).label());
                    out.push(' ');
                }
                Some(holder) => {
                    out.push_str("For ");
                    out.push_str(claims.actor(holder).label());
                    out.push_str(", ");
                }
                None => {}
            }
            write_joined_with_but(out, claims, finding, &assertions)?;
            if assertions.len() == 1 {
                out.push_str(", which the rules rule out");
            }
        }
    }
    for rule in finding.rules() {
        out.push_str("; ");
        match summaries {
            Some(summaries) => match summaries.summary(*rule) {
                Cow::Borrowed(summary) if summaries.is_clean() => out.push_clean(summary),
                summary => out.push_str(&summary),
            },
            None => out.push_str(&rule_summary(claims, claims.rule(*rule))),
        }
    }
    Ok(())
}

/// Whether every assertion of the finding is the finding's holder's own, so the holder can be
/// named once at the start of the sentence.
fn single_holder(finding: &Finding) -> bool {
    finding.holder().is_some_and(|holder| finding.actors() == [holder])
}

/// One assertion as part of the sentence. The holder is left out when the sentence names it once
/// at the start; claims of fact name their source instead.
fn write_clause(
    out: &mut impl Sentence,
    claims: &ClaimSet,
    finding: &Finding,
    assertion: &Assertion,
    with_window: bool,
) -> fmt::Result {
    let position = claims.position(assertion.position()).label();
    let write_details = |out: &mut dyn Sentence| -> fmt::Result {
        // Pieces pushed one by one rather than formatted: a large report makes millions of
        // these sentences.
        out.push('(');
        out.push_str(assertion.id());
        out.push_str(", ");
        write_source_chain(out, claims, assertion);
        if with_window {
            out.push_str(", ");
            assertion.window().write_to(out)?;
        }
        out.push(')');
        Ok(())
    };
    match assertion.holder() {
        None => {
            write_source_chain(out, claims, assertion);
            out.push_str(" says \"");
            out.push_str(position);
            out.push_str("\" ");
            out.push_str(fact_phrase(assertion.stance()));
            out.push_str(" (");
            out.push_str(assertion.id());
            if with_window {
                out.push_str(", ");
                assertion.window().write_to(out)?;
            }
            out.push(')');
        }
        Some(holder) => {
            let stance = stance_phrase(claims.actor(holder), assertion.stance());
            if !(single_holder(finding)
                || (finding.kind() == FindingKind::Reversal && finding.holder() == Some(holder)))
            {
                out.push_str(claims.actor(holder).label());
                out.push(' ');
            }
            out.push_str(stance);
            out.push_str(" \"");
            out.push_str(position);
            out.push_str("\" ");
            write_details(out)?;
        }
    }
    Ok(())
}

/// The source and the intermediaries it came through: `a via b via c`.
fn write_source_chain(out: &mut (impl Sentence + ?Sized), claims: &ClaimSet, assertion: &Assertion) {
    out.push_str(claims.source(assertion.source()).label());
    for intermediary in assertion.via() {
        out.push_str(" via ");
        out.push_str(claims.source(*intermediary).label());
    }
}

/// The clauses as `a`, `a but b`, `a, b but c`.
fn write_joined_with_but(
    out: &mut impl Sentence,
    claims: &ClaimSet,
    finding: &Finding,
    assertions: &[&Assertion],
) -> fmt::Result {
    let last = assertions.len().saturating_sub(1);
    for (index, assertion) in assertions.iter().enumerate() {
        if index > 0 {
            out.push_str(if index == last { " but " } else { ", " });
        }
        write_clause(out, claims, finding, assertion, false)?;
    }
    Ok(())
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
