//! The text report, for a person reading it in a terminal.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::{self, Write as _};

use crate::check::{Finding, FindingKind, Reason, Report};
use crate::model::{ActorId, Assertion, ClaimSet, PositionId, SourceId, Stance, Window};

use super::{counted, fact_phrase, message, rule_form_text, rule_summary, source_chain, stance_phrase};

/// With more findings than this, [`GroupBy::Auto`] opens the report with an overview by holder.
pub const MANY_FINDINGS: usize = 20;

/// How many names a line of the overview lists before it says "and N more".
const NAMES_PER_LINE: usize = 8;

/// The overview that opens the text report, before the findings one by one.
#[derive(Copy, Clone, PartialEq, Eq, Debug, Default)]
#[non_exhaustive]
pub enum GroupBy {
    /// By holder when there are more than [`MANY_FINDINGS`] findings, else no overview.
    #[default]
    Auto,
    /// For each holder, how many findings of each kind and the positions they are about.
    Holder,
    /// For each position, the holders in conflict over it; for claims of fact, which sources
    /// are on each side.
    Position,
    /// No overview.
    None,
}

/// Options of the text report.
///
/// ```
/// use claimgraph::report::{GroupBy, TextOptions};
/// let options = TextOptions { group_by: GroupBy::Position, limit: Some(20) };
/// assert_eq!(TextOptions::default().limit, None);
/// # let _ = options;
/// ```
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct TextOptions {
    /// The overview that opens the report.
    pub group_by: GroupBy,
    /// Show at most this many findings in detail; the report says when it leaves some out.
    pub limit: Option<usize>,
}

impl Report<'_> {
    /// The text report with the default options.
    ///
    /// ```
    /// use claimgraph::{Checker, ClaimSet};
    /// let claims = ClaimSet::from_json_str(r#"{"positions": [{"id": "p"}]}"#)?;
    /// let text = Checker::new(&claims).check().to_text();
    /// assert!(text.starts_with("no findings"));
    /// # Ok::<(), claimgraph::LoadError>(())
    /// ```
    pub fn to_text(&self) -> String {
        self.to_text_with(&TextOptions::default())
    }

    /// The text report: a summary, an overview when asked for (or when there are many findings),
    /// then each finding with its assertions and the chain of rules that links them.
    pub fn to_text_with(&self, options: &TextOptions) -> String {
        let mut out = String::new();
        // Writing into a String cannot fail.
        let _ = write_text(&mut out, self, options);
        out
    }
}

impl fmt::Display for Report<'_> {
    /// The text report with the default options.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_text())
    }
}

/// User text for a terminal: control characters (which could move the cursor or recolour the
/// screen) become spaces or replacement characters, so a line of the report stays one line.
fn clean(text: &str) -> String {
    text.chars()
        .map(|character| match character {
            '\n' | '\r' | '\t' => ' ',
            character if character.is_control() => '\u{fffd}',
            character => character,
        })
        .collect()
}

fn write_text(out: &mut String, report: &Report<'_>, options: &TextOptions) -> fmt::Result {
    let claims = report.claims();
    let findings = report.findings();
    write_summary(out, report)?;
    let group_by = match options.group_by {
        GroupBy::Auto if findings.len() > MANY_FINDINGS => GroupBy::Holder,
        GroupBy::Auto => GroupBy::None,
        other => other,
    };
    if !findings.is_empty() {
        match group_by {
            GroupBy::Holder => write_by_holder(out, claims, findings)?,
            GroupBy::Position => write_by_position(out, claims, findings)?,
            GroupBy::Auto | GroupBy::None => {}
        }
    }
    let shown = options.limit.map_or(findings.len(), |limit| limit.min(findings.len()));
    if shown < findings.len() {
        writeln!(out, "\nshowing {shown} of {} findings", findings.len())?;
    }
    for (number, finding) in findings.iter().take(shown).enumerate() {
        out.push('\n');
        write_finding(out, claims, number + 1, finding)?;
    }
    Ok(())
}

fn kind_counts(counts: &BTreeMap<FindingKind, usize>) -> String {
    let total: usize = counts.values().sum();
    let parts: Vec<String> = FindingKind::ALL
        .iter()
        .filter_map(|kind| counts.get(kind).filter(|count| **count > 0).map(|count| counted(*count, kind.as_str())))
        .collect();
    match parts.as_slice() {
        [] => "no findings".to_owned(),
        [only] => only.clone(),
        _ => format!("{} ({})", counted(total, "finding"), parts.join(", ")),
    }
}

fn write_summary(out: &mut String, report: &Report<'_>) -> fmt::Result {
    let claims = report.claims();
    if report.is_empty() {
        writeln!(out, "no findings")?;
    } else {
        let parts: Vec<String> =
            FindingKind::ALL.iter().map(|kind| counted(report.count(*kind), kind.as_str())).collect();
        writeln!(out, "{}: {}", counted(report.findings().len(), "finding"), parts.join(", "))?;
    }
    if let Some(truncation) = report.truncation() {
        writeln!(out, "incomplete: {truncation}")?;
    }
    writeln!(
        out,
        "checked {}, {}, {}, {}, {} (conflict sets of at most {})",
        counted(claims.actors().len(), "actor"),
        counted(claims.sources().len(), "source"),
        counted(claims.positions().len(), "position"),
        counted(claims.rules().len(), "rule"),
        counted(claims.assertions().len(), "assertion"),
        counted(report.max_set(), "assertion"),
    )
}

fn holder_title(claims: &ClaimSet, holder: Option<ActorId>) -> String {
    match holder {
        Some(holder) => {
            let actor = claims.actor(holder);
            format!("{} [{}]", clean(actor.label()), clean(actor.id()))
        }
        None => "claims of fact".to_owned(),
    }
}

fn position_title(claims: &ClaimSet, position: PositionId) -> String {
    let position = claims.position(position);
    format!("\"{}\" [{}]", clean(position.label()), clean(position.id()))
}

/// The distinct positions a finding's assertions are about, in id order.
fn finding_positions(claims: &ClaimSet, finding: &Finding) -> BTreeSet<PositionId> {
    finding.assertions().iter().map(|assertion| claims.assertion(*assertion).position()).collect()
}

/// For claims of fact about one position, per stance: the sources on that side and how many
/// assertions they made.
type Sides = BTreeMap<PositionId, BTreeMap<Stance, Side>>;

/// One side of a claim of fact.
#[derive(Default)]
struct Side {
    sources: BTreeSet<SourceId>,
    n_assertions: usize,
}

fn fact_sides(claims: &ClaimSet, findings: &[Finding]) -> Sides {
    // An assertion is in many findings (one per assertion on the other side); count it once.
    let mut seen = BTreeSet::new();
    let mut sides = Sides::new();
    for finding in findings.iter().filter(|finding| finding.holder().is_none()) {
        for assertion_id in finding.assertions() {
            let assertion = claims.assertion(*assertion_id);
            if assertion.holder().is_none() && seen.insert(*assertion_id) {
                let side = sides.entry(assertion.position()).or_default().entry(assertion.stance()).or_default();
                side.sources.insert(assertion.source());
                side.n_assertions += 1;
            }
        }
    }
    sides
}

fn name_list(names: Vec<String>) -> String {
    let total = names.len();
    let mut shown: Vec<String> = names.into_iter().take(NAMES_PER_LINE).collect();
    if total > NAMES_PER_LINE {
        shown.push(format!("and {} more", total - NAMES_PER_LINE));
    }
    shown.join(", ")
}

fn source_names<'a>(claims: &ClaimSet, sources: impl Iterator<Item = &'a SourceId>) -> Vec<String> {
    sources.map(|source| clean(claims.source(*source).label())).collect()
}

/// The sides of claims of fact about one position, a line each, indented by `indent`: how many
/// sources say the position is true (and in how many assertions), which ones; the same for
/// false; and the sources found on more than one side.
fn write_sides(out: &mut String, claims: &ClaimSet, sides: &BTreeMap<Stance, Side>, indent: &str) -> fmt::Result {
    for (stance, side) in sides {
        let assertions = if side.n_assertions == side.sources.len() {
            String::new()
        } else {
            format!(" ({})", counted(side.n_assertions, "assertion"))
        };
        writeln!(
            out,
            "{indent}{} per {}{assertions}: {}",
            fact_phrase(*stance),
            counted(side.sources.len(), "source"),
            name_list(source_names(claims, side.sources.iter())),
        )?;
    }
    let mut on_one_side: BTreeSet<SourceId> = BTreeSet::new();
    let mut on_more_sides: BTreeSet<SourceId> = BTreeSet::new();
    for source in sides.values().flat_map(|side| side.sources.iter()) {
        if !on_one_side.insert(*source) {
            on_more_sides.insert(*source);
        }
    }
    if !on_more_sides.is_empty() {
        let label = if sides.len() == 2 { "on both sides" } else { "on more than one side" };
        writeln!(out, "{indent}{label}: {}", name_list(source_names(claims, on_more_sides.iter())))?;
    }
    Ok(())
}

/// The keys of `counts`, most counted first, then in key order.
fn most_first<K: Copy + Ord>(counts: &BTreeMap<K, usize>) -> Vec<K> {
    let mut keys: Vec<K> = counts.keys().copied().collect();
    keys.sort_by(|a, b| counts.get(b).cmp(&counts.get(a)).then(a.cmp(b)));
    keys
}

fn write_by_holder(out: &mut String, claims: &ClaimSet, findings: &[Finding]) -> fmt::Result {
    let mut by_holder: BTreeMap<Option<ActorId>, Vec<&Finding>> = BTreeMap::new();
    for finding in findings {
        by_holder.entry(finding.holder()).or_default().push(finding);
    }
    let sides = fact_sides(claims, findings);
    writeln!(out, "\nby holder:")?;
    for (holder, group) in &by_holder {
        let mut counts: BTreeMap<FindingKind, usize> = BTreeMap::new();
        let mut per_position: BTreeMap<PositionId, usize> = BTreeMap::new();
        for finding in group {
            *counts.entry(finding.kind()).or_default() += 1;
            for position in finding_positions(claims, finding) {
                *per_position.entry(position).or_default() += 1;
            }
        }
        writeln!(out, "  {}: {}", holder_title(claims, *holder), kind_counts(&counts))?;
        for position in most_first(&per_position) {
            let count = per_position.get(&position).copied().unwrap_or(0);
            writeln!(out, "    {}: in {}", position_title(claims, position), counted(count, "finding"))?;
            if let (None, Some(position_sides)) = (holder, sides.get(&position)) {
                write_sides(out, claims, position_sides, "      ")?;
            }
        }
    }
    Ok(())
}

/// The overview by position, the positions with most findings first.
fn write_by_position(out: &mut String, claims: &ClaimSet, findings: &[Finding]) -> fmt::Result {
    let mut by_position: BTreeMap<PositionId, BTreeMap<Option<ActorId>, BTreeMap<FindingKind, usize>>> =
        BTreeMap::new();
    let mut totals: BTreeMap<PositionId, usize> = BTreeMap::new();
    for finding in findings {
        for position in finding_positions(claims, finding) {
            *by_position
                .entry(position)
                .or_default()
                .entry(finding.holder())
                .or_default()
                .entry(finding.kind())
                .or_default() += 1;
            *totals.entry(position).or_default() += 1;
        }
    }
    let sides = fact_sides(claims, findings);
    writeln!(out, "\nby position:")?;
    for position in most_first(&totals) {
        let total = totals.get(&position).copied().unwrap_or(0);
        writeln!(out, "  {}: in {}", position_title(claims, position), counted(total, "finding"))?;
        for (holder, counts) in by_position.get(&position).into_iter().flatten() {
            writeln!(out, "    {}: {}", holder_title(claims, *holder), kind_counts(counts))?;
            if let (None, Some(position_sides)) = (holder, sides.get(&position)) {
                write_sides(out, claims, position_sides, "      ")?;
            }
        }
    }
    Ok(())
}

fn finding_title(claims: &ClaimSet, finding: &Finding) -> String {
    let holder = match (finding.kind(), finding.holder()) {
        (FindingKind::Dissent, holder) => format!("within {}", holder_title(claims, holder)),
        (_, holder) => holder_title(claims, holder),
    };
    let mut title = format!("{}: {holder}", finding.kind());
    // A window without bounds says nothing a reader needs.
    if let Some(window) = finding.window().filter(|window| *window != Window::ALWAYS) {
        write!(title, ", {window}").ok();
    }
    if finding.is_cross_source() {
        title.push_str(", across sources");
    }
    title
}

fn write_assertion(out: &mut String, claims: &ClaimSet, assertion: &Assertion) -> fmt::Result {
    let chain = clean(&source_chain(claims, assertion));
    let position = claims.position(assertion.position());
    let statement = clean(position.label());
    let position_id = clean(position.id());
    match assertion.holder() {
        Some(holder) => writeln!(
            out,
            "   - {}: {chain}: {} {} \"{statement}\" [{position_id}]",
            clean(assertion.id()),
            clean(claims.actor(holder).label()),
            stance_phrase(claims.actor(holder), assertion.stance()),
        )?,
        None => writeln!(
            out,
            "   - {}: {chain} says \"{statement}\" [{position_id}] {}",
            clean(assertion.id()),
            fact_phrase(assertion.stance()),
        )?,
    }
    let window = assertion.window();
    let mut dates = vec![if window == Window::ALWAYS { "undated".to_owned() } else { window.to_string() }];
    if let Some(said) = assertion.said() {
        dates.push(format!("said {said}"));
    }
    if let Some(reported) = assertion.reported() {
        dates.push(format!("reported {reported}"));
    }
    writeln!(out, "       {}", dates.join("; "))?;
    if let Some(quote) = assertion.quote() {
        writeln!(out, "       \"{}\"", clean(quote))?;
    }
    Ok(())
}

fn write_derivation(out: &mut String, claims: &ClaimSet, finding: &Finding) -> fmt::Result {
    let steps = finding.derivation();
    if !steps.is_empty() {
        let literals: Vec<String> = steps.iter().map(|step| clean(&claims.literal_text(step.literal()))).collect();
        let width = literals.iter().map(|literal| literal.chars().count()).max().unwrap_or(0);
        writeln!(out, "   why:")?;
        for (step, literal) in steps.iter().zip(&literals) {
            let reason = match step.reason() {
                Reason::Assertion(assertion) => {
                    let assertion = claims.assertion(assertion);
                    format!("{} ({})", clean(assertion.id()), assertion.stance().phrase())
                }
                Reason::Rule(rule) => {
                    let rule = claims.rule(rule);
                    match rule.note() {
                        Some(note) => {
                            format!("by {}: {} ({})", clean(rule.id()), rule_form_text(claims, rule), clean(note))
                        }
                        None => format!("by {}", clean(&rule_summary(claims, rule))),
                    }
                }
            };
            writeln!(out, "     {literal:<width$}  {reason}")?;
        }
    }
    match finding.clash() {
        Some(literal) => {
            writeln!(out, "     so {} would be both true and false", clean(claims.position(literal.position).id()))?
        }
        None if !finding.rules().is_empty() => {
            writeln!(out, "   no single chain shows it: it takes a case split over these rules:")?;
            for rule in finding.rules() {
                let rule = claims.rule(*rule);
                match rule.note() {
                    Some(note) => {
                        writeln!(out, "     {}: {} ({})", clean(rule.id()), rule_form_text(claims, rule), clean(note))?
                    }
                    None => writeln!(out, "     {}", clean(&rule_summary(claims, rule)))?,
                }
            }
        }
        None => {}
    }
    Ok(())
}

fn write_finding(out: &mut String, claims: &ClaimSet, number: usize, finding: &Finding) -> fmt::Result {
    writeln!(out, "{number}. {}", finding_title(claims, finding))?;
    writeln!(out, "   {}", clean(&message(claims, finding)))?;
    for assertion in finding.assertions() {
        write_assertion(out, claims, claims.assertion(*assertion))?;
    }
    write_derivation(out, claims, finding)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixtures::{seed_claims, seed_report};

    #[test]
    fn text_opens_with_the_summary_and_shows_each_finding_with_its_evidence() {
        let claims = seed_claims();
        let text = seed_report(&claims).to_text();
        assert!(text.starts_with("7 findings: 2 contradictions, 1 tension, 2 reversals, 2 dissents\n"), "{text}");
        assert!(text.contains("checked 3 actors, 3 sources, 3 positions, 1 rule, 7 assertions"), "{text}");
        assert!(text.contains("2. contradiction: Donald Trump [trump], from 2025-08-15\n"), "{text}");
        assert!(
            text.contains("The Wall Street Journal via several European officials: Donald Trump is open to"),
            "{text}"
        );
        assert!(text.contains("\"President Trump has committed in principle"), "{text}");
        assert!(
            text.contains("by r1: if us-guarantees then us-troops (security guarantees imply US troops)"),
            "{text}"
        );
        assert!(text.contains("so us-troops would be both true and false"), "{text}");
        assert!(text.contains("6. dissent: within United States [us]"), "{text}");
        assert!(!text.contains("by holder:"), "few findings need no overview: {text}");
    }

    #[test]
    fn limit_truncates_and_says_so() {
        let claims = seed_claims();
        let report = seed_report(&claims);
        let text = report.to_text_with(&TextOptions { group_by: GroupBy::None, limit: Some(2) });
        assert!(text.contains("showing 2 of 7 findings"), "{text}");
        assert!(text.contains("2. contradiction"), "{text}");
        assert!(!text.contains("3. tension"), "{text}");
    }

    #[test]
    fn grouping_by_position_shows_the_sides_of_claims_of_fact() {
        let claims = seed_claims();
        let report = seed_report(&claims);
        let text = report.to_text_with(&TextOptions { group_by: GroupBy::Position, limit: None });
        assert!(text.contains("by position:"), "{text}");
        assert!(
            text.contains(
                "    claims of fact: 1 contradiction\n      is true per 1 source: New York Post\n      \
                 is false per 1 source: The Wall Street Journal\n"
            ),
            "{text}"
        );
        let text = report.to_text_with(&TextOptions { group_by: GroupBy::Holder, limit: None });
        assert!(
            text.contains("  Donald Trump [trump]: 4 findings (1 contradiction, 1 tension, 2 reversals)"),
            "{text}"
        );
        assert!(text.contains("  United States [us]: 2 dissents"), "{text}");
    }

    #[test]
    fn grouping_by_position_puts_most_findings_first_and_names_sources_on_both_sides() {
        let claims = ClaimSet::from_json_str(
            r#"{
                "positions": [{"id": "a", "statement": "A"}, {"id": "b", "statement": "B"}],
                "sources": [{"id": "s1"}, {"id": "s2"}, {"id": "s3"}],
                "assertions": [
                    {"id": "a1", "source": "s1", "stance": "supports", "position": "a"},
                    {"id": "a2", "source": "s2", "stance": "opposes", "position": "a"},
                    {"id": "b1", "source": "s1", "stance": "supports", "position": "b"},
                    {"id": "b2", "source": "s1", "stance": "supports", "position": "b"},
                    {"id": "b3", "source": "s2", "stance": "supports", "position": "b"},
                    {"id": "b4", "source": "s1", "stance": "opposes", "position": "b"}
                ]
            }"#,
        )
        .unwrap();
        let report = crate::Checker::new(&claims).check();
        let text = report.to_text_with(&TextOptions { group_by: GroupBy::Position, limit: Some(0) });
        let expected = "\nby position:\n  \"B\" [b]: in 3 findings\n    claims of fact: 3 contradictions\n      \
                        is true per 2 sources (3 assertions): s1, s2\n      is false per 1 source: s1\n      \
                        on both sides: s1\n  \"A\" [a]: in 1 finding\n    claims of fact: 1 contradiction\n      \
                        is true per 1 source: s1\n      is false per 1 source: s2\n";
        assert!(text.contains(expected), "{text}");
        let text = report.to_text_with(&TextOptions { group_by: GroupBy::Holder, limit: Some(0) });
        assert!(
            text.contains("  claims of fact: 4 contradictions\n    \"B\" [b]: in 3 findings\n      is true per"),
            "{text}"
        );
    }

    #[test]
    fn many_findings_open_with_an_overview_by_holder() {
        let claims = seed_claims();
        let mut report = seed_report(&claims);
        let first = report.findings[1].clone();
        report.findings = vec![first; MANY_FINDINGS + 1];
        assert!(report.to_text().contains("by holder:"));
    }

    #[test]
    fn control_characters_in_user_text_do_not_reach_the_terminal() {
        let mut claims = seed_claims();
        claims.positions[1].statement = Some("guarantees\u{1b}[31m\nnext line".to_owned());
        let text = seed_report(&claims).to_text();
        assert!(!text.contains('\u{1b}'));
        assert!(text.contains("guarantees\u{fffd}[31m next line"));
    }
}
