//! Rendering a [`Report`](crate::Report) as text, JSON or DOT.
//!
//! Every renderer reads the findings as data and writes a `String`; nothing here prints or does
//! I/O, so a caller can write a whole report in one go or not at all.
//!
//! - [`message`]: one sentence per finding (also used by `Finding::display`).
//! - `Report::to_text` and `Report::to_text_with` ([`TextOptions`]): the report for a person;
//!   `Display` for `Report` gives the same text with the default options.
//! - `Report::to_json`: the report of the product contract, byte-identical for the same input.
//! - `Report::to_dot` and `Report::to_dot_with` ([`DotOptions`]): a Graphviz digraph with the
//!   findings drawn in red.

mod dot;
mod json;
mod message;
mod text;

pub use dot::DotOptions;
pub use message::message;
pub use text::{GroupBy, MANY_FINDINGS, TextOptions};

use crate::model::{Actor, Assertion, ClaimSet, Literal, Rule, RuleForm, Stance};

/// The attribution chain of an assertion: its source, then each intermediary, outermost first
/// ("The Wall Street Journal via several European officials").
pub(crate) fn source_chain(claims: &ClaimSet, assertion: &Assertion) -> String {
    let mut chain = claims.source(assertion.source()).label().to_owned();
    for intermediary in assertion.via() {
        chain.push_str(" via ");
        chain.push_str(claims.source(*intermediary).label());
    }
    chain
}

/// How a claim of fact reads: the source says the position is true, false, possible or open.
pub(crate) fn fact_phrase(stance: Stance) -> &'static str {
    match stance {
        Stance::Supports => "is true",
        Stance::Opposes => "is false",
        Stance::OpenTo => "may be true",
        Stance::NotCommitted => "is unconfirmed",
    }
}

/// The stance as a verb phrase agreeing with the actor: plural for actors of kind `group`
/// ("some US officials oppose"), else singular ("Donald Trump opposes").
pub(crate) fn stance_phrase(actor: &Actor, stance: Stance) -> &'static str {
    if actor.kind() != Some("group") {
        return stance.phrase();
    }
    match stance {
        Stance::Supports => "support",
        Stance::Opposes => "oppose",
        Stance::OpenTo => "are open to",
        Stance::NotCommitted => "have not committed to",
    }
}

/// Literals as their position ids (`!` in front of a negation), joined by the separator.
fn literal_list(claims: &ClaimSet, literals: &[Literal], separator: &str) -> String {
    literals.iter().map(|literal| claims.literal_text(*literal)).collect::<Vec<_>>().join(separator)
}

/// The logical form of a rule over position ids (`if a and !b then c`).
pub(crate) fn rule_form_text(claims: &ClaimSet, rule: &Rule) -> String {
    let position_list = |positions: &[crate::model::PositionId]| {
        positions.iter().map(|position| claims.position(*position).id()).collect::<Vec<_>>().join(", ")
    };
    match rule.form() {
        RuleForm::Implies { if_all, then_all } => {
            format!("if {} then {}", literal_list(claims, if_all, " and "), literal_list(claims, then_all, " and "))
        }
        RuleForm::ImpliesAny { if_all, then_any } => format!(
            "if {} then at least one of {}",
            literal_list(claims, if_all, " and "),
            literal_list(claims, then_any, ", ")
        ),
        RuleForm::Excludes(positions) => format!("at most one of {}", position_list(positions)),
        RuleForm::Equivalent(positions) => format!("all or none of {}", position_list(positions)),
    }
}

/// A rule for a sentence: its id and its note, or its form when it has no note.
pub(crate) fn rule_summary(claims: &ClaimSet, rule: &Rule) -> String {
    match rule.note() {
        Some(note) => format!("{}: {}", rule.id(), note),
        None => format!("{}: {}", rule.id(), rule_form_text(claims, rule)),
    }
}

/// `1 contradiction`, `2 reversals`: a count with its noun, plural when needed.
pub(crate) fn counted(count: usize, singular: &str) -> String {
    if count == 1 { format!("1 {singular}") } else { format!("{count} {singular}s") }
}

#[cfg(test)]
pub(crate) mod fixtures;
