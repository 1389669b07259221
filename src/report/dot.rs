//! The Graphviz (DOT) report: actors, positions, stances and rules, with the findings in red.
//!
//! Node names are made from record indexes (`actor_3`), never from user text, and every piece of
//! user text goes through [`quoted`], so no input can change the structure of the graph.

use std::collections::BTreeMap;
use std::fmt::{self, Write as _};

use crate::check::Report;
use crate::model::{ActorId, AssertionId, ClaimSet, Literal, PositionId, RuleForm, RuleId, SourceId};

use super::{rule_form_text, source_chain};

/// How many findings a tooltip names before it says "and N more".
const FINDINGS_PER_TOOLTIP: usize = 10;

/// A DOT quoted string: backslashes and double quotes escaped, line breaks as DOT's `\n`, other
/// control characters replaced, so the text can neither end the string nor add statements.
pub(crate) fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for character in text.chars() {
        match character {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' | '\t' => out.push(' '),
            character if character.is_control() => out.push('\u{fffd}'),
            character => out.push(character),
        }
    }
    out.push('"');
    out
}

/// The findings each record takes part in, as `kind #number` (numbers as in the text report).
#[derive(Default)]
struct Highlights {
    actors: BTreeMap<ActorId, Vec<String>>,
    positions: BTreeMap<PositionId, Vec<String>>,
    assertions: BTreeMap<AssertionId, Vec<String>>,
    rules: BTreeMap<RuleId, Vec<String>>,
}

impl Highlights {
    fn of(report: &Report<'_>) -> Highlights {
        let claims = report.claims();
        let mut highlights = Highlights::default();
        for (index, finding) in report.findings().iter().enumerate() {
            let name = format!("{} #{}", finding.kind(), index + 1);
            let holders = finding.holder().into_iter().chain(finding.actors().iter().copied());
            for actor in holders {
                let names = highlights.actors.entry(actor).or_default();
                if names.last() != Some(&name) {
                    names.push(name.clone());
                }
            }
            for assertion_id in finding.assertions() {
                highlights.assertions.entry(*assertion_id).or_default().push(name.clone());
                let position = claims.assertion(*assertion_id).position();
                let names = highlights.positions.entry(position).or_default();
                if names.last() != Some(&name) {
                    names.push(name.clone());
                }
            }
            for rule in finding.rules() {
                highlights.rules.entry(*rule).or_default().push(name.clone());
            }
        }
        highlights
    }
}

/// `in contradiction #1, reversal #4`, shortened when long.
fn findings_note(names: &[String]) -> String {
    let mut shown: Vec<&str> = names.iter().take(FINDINGS_PER_TOOLTIP).map(String::as_str).collect();
    let more = names.len().saturating_sub(FINDINGS_PER_TOOLTIP);
    let more_text = format!("and {more} more");
    if more > 0 {
        shown.push(&more_text);
    }
    format!("in {}", shown.join(", "))
}

/// Attributes that draw a record red and bold when it is part of a finding.
fn highlight(names: Option<&Vec<String>>, tooltip: &str) -> String {
    match names {
        Some(names) if !names.is_empty() => format!(
            ", color=red, fontcolor=red, penwidth=2, tooltip={}",
            quoted(&format!("{tooltip}\n{}", findings_note(names)))
        ),
        _ => format!(", tooltip={}", quoted(tooltip)),
    }
}

fn actor_node(actor: ActorId) -> String {
    format!("actor_{}", actor.index())
}

fn source_node(source: SourceId) -> String {
    format!("source_{}", source.index())
}

fn position_node(position: PositionId) -> String {
    format!("position_{}", position.index())
}

fn rule_node(rule: RuleId) -> String {
    format!("rule_{}", rule.index())
}

/// Options of the DOT report.
///
/// ```
/// use claimgraph::report::DotOptions;
/// let options = DotOptions { sources: true };
/// assert!(!DotOptions::default().sources);
/// # let _ = options;
/// ```
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct DotOptions {
    /// Draw every source as a node, with a dotted edge to each holder it reports on (labelled
    /// with the assertion ids, through intermediaries when there are any). Without it only
    /// sources that state facts themselves are nodes, and the others are named in tooltips.
    pub sources: bool,
}

impl Report<'_> {
    /// The report as a Graphviz digraph: actors (boxes), sources that make claims of fact
    /// (notes), positions (ellipses), one edge per assertion from its holder to its position
    /// labelled with the stance (dashed for `open_to` and `not_committed`), the rules between
    /// positions, `speaks_for` and `member_of` edges; everything in a finding is red and bold,
    /// with the findings named in its tooltip.
    ///
    /// ```
    /// use claimgraph::{Checker, ClaimSet};
    /// let claims = ClaimSet::from_json_str(r#"{"positions": [{"id": "p", "statement": "a \"quoted\" claim"}]}"#)?;
    /// let dot = Checker::new(&claims).check().to_dot();
    /// assert!(dot.starts_with("digraph claimgraph {"));
    /// # Ok::<(), claimgraph::LoadError>(())
    /// ```
    pub fn to_dot(&self) -> String {
        self.to_dot_with(&DotOptions::default())
    }

    /// The DOT report with options, such as all the sources drawn as nodes.
    pub fn to_dot_with(&self, options: &DotOptions) -> String {
        let mut out = String::new();
        // Writing into a String cannot fail.
        let _ = write_dot(&mut out, self, options);
        out
    }
}

fn write_dot(out: &mut String, report: &Report<'_>, options: &DotOptions) -> fmt::Result {
    let claims = report.claims();
    let highlights = Highlights::of(report);
    writeln!(out, "digraph claimgraph {{")?;
    writeln!(out, "  graph [rankdir=LR, fontname=\"Helvetica\"];")?;
    writeln!(out, "  node [fontname=\"Helvetica\", fontsize=10];")?;
    writeln!(out, "  edge [fontname=\"Helvetica\", fontsize=9];")?;
    if let Some(truncation) = report.truncation() {
        // The note is the library's own text, but it goes through the same escaping as user text.
        writeln!(out, "  label={};", quoted(&format!("incomplete: {truncation}")))?;
    }
    write_nodes(out, claims, &highlights, options)?;
    write_group_edges(out, claims)?;
    if options.sources {
        write_source_edges(out, claims)?;
    }
    write_stance_edges(out, claims, &highlights)?;
    write_rules(out, claims, &highlights)?;
    writeln!(out, "}}")
}

fn write_nodes(out: &mut String, claims: &ClaimSet, highlights: &Highlights, options: &DotOptions) -> fmt::Result {
    for (actor_id, actor) in claims.actors() {
        let tooltip = match actor.kind() {
            Some(kind) => format!("actor {} ({kind})", actor.id()),
            None => format!("actor {}", actor.id()),
        };
        writeln!(
            out,
            "  {} [shape=box, style=rounded, label={}{}];",
            actor_node(actor_id),
            quoted(actor.label()),
            highlight(highlights.actors.get(&actor_id), &tooltip)
        )?;
    }
    // Unless asked for all of them, only sources that state facts themselves are nodes; the
    // others are named in the tooltips of the stance edges.
    let mut source_ids: Vec<SourceId> = if options.sources {
        claims.sources().map(|(source_id, _)| source_id).collect()
    } else {
        claims.assertions().filter(|(_, assertion)| assertion.holder().is_none()).map(|(_, a)| a.source()).collect()
    };
    source_ids.sort();
    source_ids.dedup();
    for source_id in source_ids {
        let source = claims.source(source_id);
        writeln!(
            out,
            "  {} [shape=note, label={}, tooltip={}];",
            source_node(source_id),
            quoted(source.label()),
            quoted(&format!("source {}", source.id()))
        )?;
    }
    for (position_id, position) in claims.positions() {
        writeln!(
            out,
            "  {} [shape=ellipse, label={}{}];",
            position_node(position_id),
            quoted(position.label()),
            highlight(highlights.positions.get(&position_id), &format!("position {}", position.id()))
        )?;
    }
    Ok(())
}

fn write_group_edges(out: &mut String, claims: &ClaimSet) -> fmt::Result {
    for (actor_id, actor) in claims.actors() {
        for group in actor.speaks_for() {
            writeln!(
                out,
                "  {} -> {} [label=\"speaks for\", style=dotted];",
                actor_node(actor_id),
                actor_node(*group)
            )?;
        }
        for group in actor.member_of() {
            writeln!(
                out,
                "  {} -> {} [label=\"member of\", style=dotted, arrowhead=empty];",
                actor_node(actor_id),
                actor_node(*group)
            )?;
        }
    }
    Ok(())
}

/// One dotted edge per source and holder, through the intermediaries of the chain, labelled
/// with the assertions it carries.
fn write_source_edges(out: &mut String, claims: &ClaimSet) -> fmt::Result {
    let mut chains: BTreeMap<(Vec<SourceId>, ActorId), Vec<&str>> = BTreeMap::new();
    for (_, assertion) in claims.assertions() {
        if let Some(holder) = assertion.holder() {
            let mut chain = vec![assertion.source()];
            chain.extend(assertion.via().iter().copied());
            chains.entry((chain, holder)).or_default().push(assertion.id());
        }
    }
    for ((chain, holder), assertion_ids) in chains {
        let mut nodes: Vec<String> = chain.iter().map(|source| source_node(*source)).collect();
        nodes.push(actor_node(holder));
        writeln!(
            out,
            "  {} [label={}, style=dotted, color=gray40, fontcolor=gray40];",
            nodes.join(" -> "),
            quoted(&assertion_ids.join(", "))
        )?;
    }
    Ok(())
}

fn write_stance_edges(out: &mut String, claims: &ClaimSet, highlights: &Highlights) -> fmt::Result {
    for (assertion_id, assertion) in claims.assertions() {
        let from = match assertion.holder() {
            Some(holder) => actor_node(holder),
            None => source_node(assertion.source()),
        };
        let style = if assertion.stance().is_commitment() { "solid" } else { "dashed" };
        let label = format!("{}\n{}", assertion.stance().as_str(), assertion.id());
        let mut tooltip = format!("{}: {}", assertion.id(), source_chain(claims, assertion));
        if let Some(quote) = assertion.quote() {
            write!(tooltip, "\n\"{quote}\"").ok();
        }
        writeln!(
            out,
            "  {from} -> {} [label={}, style={style}{}];",
            position_node(assertion.position()),
            quoted(&label),
            highlight(highlights.assertions.get(&assertion_id), &tooltip)
        )?;
    }
    Ok(())
}

/// An edge label for a literal at the end of a rule edge: empty for a position, `not` for its
/// negation.
fn negation_label(literal: Literal) -> &'static str {
    if literal.negated { ", label=\"not\"" } else { "" }
}

fn write_rules(out: &mut String, claims: &ClaimSet, highlights: &Highlights) -> fmt::Result {
    for (rule_id, rule) in claims.rules() {
        let form = rule_form_text(claims, rule);
        let tooltip = match rule.note() {
            Some(note) => format!("{}: {form}\n{note}", rule.id()),
            None => format!("{}: {form}", rule.id()),
        };
        let look = highlight(highlights.rules.get(&rule_id), &tooltip);
        match rule.form() {
            RuleForm::Implies { if_all, then_all } => match (if_all.as_slice(), then_all.as_slice()) {
                ([condition], [consequence]) => {
                    let label = if condition.negated || consequence.negated {
                        format!("{}: {form}", rule.id())
                    } else {
                        format!("{}: implies", rule.id())
                    };
                    writeln!(
                        out,
                        "  {} -> {} [label={}{look}];",
                        position_node(condition.position),
                        position_node(consequence.position),
                        quoted(&label)
                    )?;
                }
                _ => write_rule_node(out, rule_id, &format!("{}\nall", rule.id()), &look, if_all, then_all, "solid")?,
            },
            RuleForm::ImpliesAny { if_all, then_any } => {
                write_rule_node(out, rule_id, &format!("{}\none of", rule.id()), &look, if_all, then_any, "dashed")?
            }
            RuleForm::Excludes(positions) | RuleForm::Equivalent(positions) => {
                let (word, arrows) = match rule.form() {
                    RuleForm::Excludes(_) => ("excludes", "dir=both, arrowhead=tee, arrowtail=tee"),
                    _ => ("equivalent", "dir=both"),
                };
                match positions.as_slice() {
                    [first, second] => writeln!(
                        out,
                        "  {} -> {} [label={}, {arrows}{look}];",
                        position_node(*first),
                        position_node(*second),
                        quoted(&format!("{}: {word}", rule.id()))
                    )?,
                    _ => {
                        let node_label = match rule.form() {
                            RuleForm::Excludes(_) => format!("{}\nat most one", rule.id()),
                            _ => format!("{}\nall or none", rule.id()),
                        };
                        writeln!(
                            out,
                            "  {} [shape=diamond, label={}{look}];",
                            rule_node(rule_id),
                            quoted(&node_label)
                        )?;
                        for position in positions {
                            writeln!(
                                out,
                                "  {} -> {} [dir=none{look}];",
                                rule_node(rule_id),
                                position_node(*position)
                            )?;
                        }
                    }
                }
            }
        }
    }
    Ok(())
}

/// A rule with several conditions or consequences: a small node, edges from each condition's
/// position into it and from it to each consequence's position.
fn write_rule_node(
    out: &mut String,
    rule_id: RuleId,
    label: &str,
    look: &str,
    conditions: &[Literal],
    consequences: &[Literal],
    consequence_style: &str,
) -> fmt::Result {
    let node = rule_node(rule_id);
    writeln!(out, "  {node} [shape=diamond, label={}{look}];", quoted(label))?;
    for condition in conditions {
        writeln!(
            out,
            "  {} -> {node} [style=solid{}{look}];",
            position_node(condition.position),
            negation_label(*condition)
        )?;
    }
    for consequence in consequences {
        writeln!(
            out,
            "  {node} -> {} [style={consequence_style}{}{look}];",
            position_node(consequence.position),
            negation_label(*consequence)
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixtures::{seed_claims, seed_report};

    /// Checks that quoted strings are closed and braces outside them balance, the way a DOT
    /// parser would read the file.
    fn structure_outside_strings(dot: &str) -> String {
        let mut outside = String::new();
        let mut in_string = false;
        let mut escaped = false;
        for character in dot.chars() {
            if in_string {
                assert_ne!(character, '\n', "a quoted string spans a raw line break");
                if escaped {
                    escaped = false;
                } else if character == '\\' {
                    escaped = true;
                } else if character == '"' {
                    in_string = false;
                }
            } else if character == '"' {
                in_string = true;
            } else {
                outside.push(character);
            }
        }
        assert!(!in_string, "a quoted string is never closed");
        outside
    }

    #[test]
    fn quoting_escapes_everything_that_could_break_out() {
        assert_eq!(quoted(r#"a "b" \ c"#), r#""a \"b\" \\ c""#);
        assert_eq!(quoted("line\nbreak\r\ttab\u{0}"), "\"line\\nbreak  tab\u{fffd}\"");
        assert_eq!(quoted("} digraph x {"), "\"} digraph x {\"");
    }

    #[test]
    fn hostile_statements_cannot_change_the_graph() {
        let mut claims = seed_claims();
        let hostile = "evil\" ]; injected -> graph [label=\"x\\\"\n}\ndigraph other {";
        claims.positions[1].statement = Some(hostile.to_owned());
        claims.actors[0].name = Some(hostile.to_owned());
        claims.rules[0].note = Some(hostile.to_owned());
        claims.assertions[2].quote = Some(hostile.to_owned());
        let report = seed_report(&claims);
        let dot = report.to_dot();
        let outside = structure_outside_strings(&dot);
        assert!(!outside.contains("injected"), "{dot}");
        assert!(!outside.contains("other"), "{dot}");
        assert_eq!(outside.matches('{').count(), 1, "{dot}");
        assert_eq!(outside.matches('}').count(), 1, "{dot}");
        assert!(dot.trim_end().ends_with('}'));
    }

    #[test]
    fn dot_draws_stances_rules_groups_and_findings() {
        let claims = seed_claims();
        let dot = seed_report(&claims).to_dot();
        assert!(dot.contains("actor_0 -> actor_1 [label=\"speaks for\", style=dotted];"), "{dot}");
        assert!(dot.contains("actor_2 -> actor_1 [label=\"member of\""), "{dot}");
        assert!(dot.contains("actor_0 -> position_1 [label=\"supports\\npost-1\", style=solid, color=red"), "{dot}");
        assert!(
            dot.contains("actor_0 -> position_2 [label=\"not_committed\\npost-2\", style=dashed, color=red"),
            "{dot}"
        );
        assert!(dot.contains("source_1 -> position_0 [label=\"supports\\nfact-1\""), "{dot}");
        assert!(dot.contains("position_1 -> position_2 [label=\"r1: implies\", color=red"), "{dot}");
        assert!(dot.contains("in contradiction #2, tension #3"), "{dot}");
    }

    #[test]
    fn rules_of_several_literals_go_through_a_rule_node() {
        let mut claims = seed_claims();
        let (deal, guarantees, troops) = (PositionId(0), PositionId(1), PositionId(2));
        claims.rules[0].form = RuleForm::ImpliesAny {
            if_all: vec![Literal::positive(guarantees)],
            then_any: vec![Literal::positive(troops), Literal::negative(deal)],
        };
        let dot = seed_report(&claims).to_dot();
        assert!(dot.contains("rule_0 [shape=diamond, label=\"r1\\none of\""), "{dot}");
        assert!(dot.contains("position_1 -> rule_0 [style=solid"), "{dot}");
        assert!(dot.contains("rule_0 -> position_0 [style=dashed, label=\"not\""), "{dot}");
    }

    #[test]
    fn sources_can_be_drawn_with_their_chains() {
        let claims = seed_claims();
        let report = seed_report(&claims);
        assert!(!report.to_dot().contains("source_0 ["));
        let dot = report.to_dot_with(&DotOptions { sources: true });
        assert!(dot.contains("source_0 [shape=note, label=\"several European officials\""), "{dot}");
        assert!(dot.contains("source_2 -> source_0 -> actor_0 [label=\"wsj-1\", style=dotted"), "{dot}");
        assert!(dot.contains("source_1 -> actor_0 [label=\"post-1, post-2\", style=dotted"), "{dot}");
        structure_outside_strings(&dot);
    }

    #[test]
    fn excludes_and_equivalent_rules_are_drawn_between_positions() {
        let mut claims = seed_claims();
        let positions = vec![PositionId(0), PositionId(1), PositionId(2)];
        claims.rules[0].form = RuleForm::Excludes(positions);
        let dot = seed_report(&claims).to_dot();
        assert!(dot.contains("rule_0 [shape=diamond, label=\"r1\\nat most one\""), "{dot}");
        assert!(dot.contains("rule_0 -> position_2 [dir=none"), "{dot}");
        claims.rules[0].form = RuleForm::Equivalent(vec![PositionId(1), PositionId(2)]);
        let dot = seed_report(&claims).to_dot();
        assert!(dot.contains("position_1 -> position_2 [label=\"r1: equivalent\", dir=both"), "{dot}");
    }
}
