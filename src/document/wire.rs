//! Serde types of the claim-set document, one per record kind.

use serde::{Deserialize, Serialize};

/// Where a record or a problem is in its input: the file (or `-` for standard input) and, where
/// the parser gives them, the line and column (both counting from 1).
#[derive(Clone, PartialEq, Eq, Hash, Debug, Default)]
pub struct Location {
    /// The file name as given, `-` for standard input, or `<code>` for records built in code.
    pub file: String,
    /// Line, counting from 1.
    pub line: Option<usize>,
    /// Column, counting from 1.
    pub column: Option<usize>,
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        Ok(())
    }
}

/// One claim-set document: the five lists, each optional.
#[derive(Clone, PartialEq, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// People, states, organisations and groups.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actors: Vec<ActorRecord>,
    /// Outlets, statements, anonymous sources.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<SourceRecord>,
    /// Propositions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub positions: Vec<PositionRecord>,
    /// Logical links between positions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<RuleRecord>,
    /// Who says who takes which stance on what.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assertions: Vec<AssertionRecord>,
}

/// An actor as written.
#[derive(Clone, PartialEq, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActorRecord {
    /// The id (required).
    pub id: String,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Free-text kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Other names.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Actor ids whose positions this actor's stated positions are.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub speaks_for: Vec<String>,
    /// Actor ids of the groups this actor belongs to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub member_of: Vec<String>,
    /// Where the record is; not part of the format.
    #[serde(skip)]
    pub location: Option<Location>,
}

/// A source as written.
#[derive(Clone, PartialEq, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceRecord {
    /// The id (required).
    pub id: String,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Free-text kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Reliability in [0, 1].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reliability: Option<f64>,
    /// Where the record is; not part of the format.
    #[serde(skip)]
    pub location: Option<Location>,
}

/// A position as written.
#[derive(Clone, PartialEq, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PositionRecord {
    /// The id (required).
    pub id: String,
    /// The human statement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statement: Option<String>,
    /// Where the record is; not part of the format.
    #[serde(skip)]
    pub location: Option<Location>,
}

/// One literal or a list of them, as `if` and `then` accept.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(untagged)]
pub enum LiteralList {
    /// `"p"` or `"!p"`.
    One(String),
    /// `["p", "!q"]`.
    Many(Vec<String>),
}

impl LiteralList {
    /// The literals as written.
    pub fn as_slice(&self) -> &[String] {
        match self {
            LiteralList::One(one) => std::slice::from_ref(one),
            LiteralList::Many(many) => many,
        }
    }
}

/// A rule as written: exactly one of the four forms must be filled in.
#[derive(Clone, PartialEq, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleRecord {
    /// The id; without one the rule is called `rule#N`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// A note for people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Conditions of `if`/`then` and `if`/`then_any`.
    #[serde(default, rename = "if", skip_serializing_if = "Option::is_none")]
    pub if_: Option<LiteralList>,
    /// Consequences, all of which follow.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub then: Option<LiteralList>,
    /// Consequences, at least one of which follows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub then_any: Option<Vec<String>>,
    /// At most one of these positions is true.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub excludes: Option<Vec<String>>,
    /// These positions are all true or all false.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub equivalent: Option<Vec<String>>,
    /// Where the record is; not part of the format.
    #[serde(skip)]
    pub location: Option<Location>,
}

/// The `when` of an assertion as written.
#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WhenRecord {
    /// First day (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`); absent is unbounded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Last day; absent is unbounded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
}

/// An assertion as written.
#[derive(Clone, PartialEq, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssertionRecord {
    /// The id (required).
    pub id: String,
    /// Source id (required).
    pub source: String,
    /// Actor id of the holder; absent for a claim of fact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holder: Option<String>,
    /// `supports`, `opposes`, `open_to` or `not_committed` (required).
    pub stance: String,
    /// Position id (required).
    pub position: String,
    /// Source ids of the intermediaries, outermost first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub via: Vec<String>,
    /// When the holder took the stance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub said: Option<String>,
    /// The days the stance held.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<WhenRecord>,
    /// When it was published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reported: Option<String>,
    /// The words backing the assertion.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
    /// Confidence in [0, 1].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f64>,
    /// Where the record is; not part of the format.
    #[serde(skip)]
    pub location: Option<Location>,
}
