//! Types of the claim-set document, one per record kind, with builder-lite constructors, and the
//! format-neutral reading of records that the JSON and TOML readers share.

use std::cell::Cell;

use crate::suggest::closest;
use serde::{Deserialize, Serialize};

use crate::error::{Problem, RecordKind};
use crate::limits::{Limits, over_limit};

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

/// Turns a list of items into owned strings, for the builder-lite methods.
fn strings<I, S>(items: I) -> Vec<String>
where
    I: IntoIterator<Item = S>,
    S: Into<String>,
{
    items.into_iter().map(Into::into).collect()
}

impl Document {
    /// An empty document.
    pub fn new() -> Document {
        Document::default()
    }
}

impl ActorRecord {
    /// An actor with only its id.
    ///
    /// ```
    /// use claimgraph::ActorRecord;
    /// let trump = ActorRecord::new("trump").name("Donald Trump").kind("person").speaks_for(["us"]);
    /// assert_eq!(trump.speaks_for, ["us"]);
    /// ```
    pub fn new(id: impl Into<String>) -> ActorRecord {
        ActorRecord { id: id.into(), ..ActorRecord::default() }
    }

    /// Sets the display name.
    #[must_use]
    pub fn name(mut self, name: impl Into<String>) -> ActorRecord {
        self.name = Some(name.into());
        self
    }

    /// Sets the free-text kind (`person`, `state`, `group`, ...).
    #[must_use]
    pub fn kind(mut self, kind: impl Into<String>) -> ActorRecord {
        self.kind = Some(kind.into());
        self
    }

    /// Sets the other names the actor goes by.
    #[must_use]
    pub fn aliases<I, S>(mut self, aliases: I) -> ActorRecord
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.aliases = strings(aliases);
        self
    }

    /// Sets the actor ids whose positions this actor's stated positions are.
    #[must_use]
    pub fn speaks_for<I, S>(mut self, actor_ids: I) -> ActorRecord
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.speaks_for = strings(actor_ids);
        self
    }

    /// Sets the actor ids of the groups this actor belongs to.
    #[must_use]
    pub fn member_of<I, S>(mut self, actor_ids: I) -> ActorRecord
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.member_of = strings(actor_ids);
        self
    }
}

impl SourceRecord {
    /// A source with only its id.
    ///
    /// ```
    /// use claimgraph::SourceRecord;
    /// let wsj = SourceRecord::new("wsj").name("The Wall Street Journal").kind("outlet").reliability(0.9);
    /// assert_eq!(wsj.reliability, Some(0.9));
    /// ```
    pub fn new(id: impl Into<String>) -> SourceRecord {
        SourceRecord { id: id.into(), ..SourceRecord::default() }
    }

    /// Sets the display name.
    #[must_use]
    pub fn name(mut self, name: impl Into<String>) -> SourceRecord {
        self.name = Some(name.into());
        self
    }

    /// Sets the free-text kind (`outlet`, `anonymous`, ...).
    #[must_use]
    pub fn kind(mut self, kind: impl Into<String>) -> SourceRecord {
        self.kind = Some(kind.into());
        self
    }

    /// Sets the reliability, a number in [0, 1].
    #[must_use]
    pub fn reliability(mut self, reliability: f64) -> SourceRecord {
        self.reliability = Some(reliability);
        self
    }
}

impl PositionRecord {
    /// A position with only its id.
    ///
    /// ```
    /// use claimgraph::PositionRecord;
    /// let g = PositionRecord::new("us-guarantees").statement("The US gives Ukraine security guarantees");
    /// assert_eq!(g.id, "us-guarantees");
    /// ```
    pub fn new(id: impl Into<String>) -> PositionRecord {
        PositionRecord { id: id.into(), ..PositionRecord::default() }
    }

    /// Sets the human statement.
    #[must_use]
    pub fn statement(mut self, statement: impl Into<String>) -> PositionRecord {
        self.statement = Some(statement.into());
        self
    }
}

impl From<&str> for LiteralList {
    fn from(literal: &str) -> LiteralList {
        LiteralList::One(literal.to_owned())
    }
}

impl From<String> for LiteralList {
    fn from(literal: String) -> LiteralList {
        LiteralList::One(literal)
    }
}

impl<S: Into<String>> From<Vec<S>> for LiteralList {
    fn from(literals: Vec<S>) -> LiteralList {
        LiteralList::Many(strings(literals))
    }
}

impl<S: Into<String>, const N: usize> From<[S; N]> for LiteralList {
    fn from(literals: [S; N]) -> LiteralList {
        LiteralList::Many(strings(literals))
    }
}

impl RuleRecord {
    /// `{"if": conditions, "then": consequences}`: when all conditions hold, all consequences do.
    /// Each side is one literal (`"p"`, `"!p"`) or a list of them.
    ///
    /// ```
    /// use claimgraph::RuleRecord;
    /// let r1 = RuleRecord::implies("us-guarantees", "us-troops").id("r1");
    /// let r2 = RuleRecord::implies(["a", "b"], "!c").note("a and b rule out c");
    /// assert_eq!(r1.id.as_deref(), Some("r1"));
    /// assert_eq!(r2.then.map(|then| then.as_slice().to_vec()), Some(vec!["!c".to_owned()]));
    /// ```
    pub fn implies(conditions: impl Into<LiteralList>, consequences: impl Into<LiteralList>) -> RuleRecord {
        RuleRecord { if_: Some(conditions.into()), then: Some(consequences.into()), ..RuleRecord::default() }
    }

    /// `{"if": conditions, "then_any": [...]}`: when all conditions hold, at least one of the
    /// consequences does.
    ///
    /// ```
    /// use claimgraph::RuleRecord;
    /// let rule = RuleRecord::implies_any("us-guarantees", ["us-troops", "us-support-eu-force"]);
    /// assert_eq!(rule.then_any.map(|any| any.len()), Some(2));
    /// ```
    pub fn implies_any<I, S>(conditions: impl Into<LiteralList>, consequences: I) -> RuleRecord
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        RuleRecord { if_: Some(conditions.into()), then_any: Some(strings(consequences)), ..RuleRecord::default() }
    }

    /// `{"excludes": [...]}`: at most one of the positions (two or more) is true.
    ///
    /// ```
    /// use claimgraph::RuleRecord;
    /// let rule = RuleRecord::excludes(["ceasefire-first", "peace-deal-first"]);
    /// assert!(rule.excludes.is_some());
    /// ```
    pub fn excludes<I, S>(position_ids: I) -> RuleRecord
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        RuleRecord { excludes: Some(strings(position_ids)), ..RuleRecord::default() }
    }

    /// `{"equivalent": [...]}`: the positions (two or more) are all true or all false.
    ///
    /// ```
    /// use claimgraph::RuleRecord;
    /// let rule = RuleRecord::equivalent(["nato-article-5", "article-5-like-guarantee"]);
    /// assert!(rule.equivalent.is_some());
    /// ```
    pub fn equivalent<I, S>(position_ids: I) -> RuleRecord
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        RuleRecord { equivalent: Some(strings(position_ids)), ..RuleRecord::default() }
    }

    /// Sets the id; without one the rule is called `rule#N`.
    #[must_use]
    pub fn id(mut self, id: impl Into<String>) -> RuleRecord {
        self.id = Some(id.into());
        self
    }

    /// Sets the note for people.
    #[must_use]
    pub fn note(mut self, note: impl Into<String>) -> RuleRecord {
        self.note = Some(note.into());
        self
    }
}

impl AssertionRecord {
    /// *source* reports that somebody takes *stance* on *position*; set the holder with
    /// [`holder`](AssertionRecord::holder), or leave it out for a claim of fact by the source.
    ///
    /// ```
    /// use claimgraph::AssertionRecord;
    /// let post = AssertionRecord::new("post-1", "nypost", "supports", "us-guarantees")
    ///     .holder("trump")
    ///     .when(Some("2025-08-15"), None)
    ///     .said("2025-08-15")
    ///     .via(["eu-officials"])
    ///     .quote("President Trump has committed in principle to providing security guarantees");
    /// assert_eq!(post.holder.as_deref(), Some("trump"));
    /// ```
    pub fn new(
        id: impl Into<String>,
        source: impl Into<String>,
        stance: impl Into<String>,
        position: impl Into<String>,
    ) -> AssertionRecord {
        AssertionRecord {
            id: id.into(),
            source: source.into(),
            stance: stance.into(),
            position: position.into(),
            ..AssertionRecord::default()
        }
    }

    /// Sets the actor taking the stance.
    #[must_use]
    pub fn holder(mut self, actor_id: impl Into<String>) -> AssertionRecord {
        self.holder = Some(actor_id.into());
        self
    }

    /// Sets the chain of intermediaries (source ids), outermost first.
    #[must_use]
    pub fn via<I, S>(mut self, source_ids: I) -> AssertionRecord
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.via = strings(source_ids);
        self
    }

    /// Sets the date the holder took the stance (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
    #[must_use]
    pub fn said(mut self, date: impl Into<String>) -> AssertionRecord {
        self.said = Some(date.into());
        self
    }

    /// Sets the days the stance held, both ends inclusive; `None` is unbounded.
    #[must_use]
    pub fn when(mut self, from: Option<&str>, to: Option<&str>) -> AssertionRecord {
        self.when = Some(WhenRecord { from: from.map(str::to_owned), to: to.map(str::to_owned) });
        self
    }

    /// Sets the date it was published.
    #[must_use]
    pub fn reported(mut self, date: impl Into<String>) -> AssertionRecord {
        self.reported = Some(date.into());
        self
    }

    /// Sets the words backing the assertion.
    #[must_use]
    pub fn quote(mut self, quote: impl Into<String>) -> AssertionRecord {
        self.quote = Some(quote.into());
        self
    }

    /// Sets the confidence, a number in [0, 1].
    #[must_use]
    pub fn confidence(mut self, confidence: f64) -> AssertionRecord {
        self.confidence = Some(confidence);
        self
    }
}

// Reading, shared by the JSON and TOML readers. Both formats are parsed into a tree of values
// with byte offsets; from there the records are read the same way, so both formats report the
// same problems in the same words.

/// The message for input that holds nothing but white space.
pub(crate) const EMPTY_FILE: &str = "the file is empty: expected a claim set";

/// The text of one document, able to turn byte offsets into lines and columns.
pub(crate) struct SourceText<'t> {
    pub(crate) text: &'t str,
    file: &'t str,
    line_starts: Vec<usize>,
    /// The last location found: its offset, line (counting from 0) and column. Records are read
    /// in order, so the next offset asked for usually lies further on: on the same line, its
    /// column is counted on from there rather than from the line's start, which keeps a
    /// document written on one line (minified JSON) linear to read rather than quadratic.
    last: Cell<(usize, usize, usize)>,
}

impl<'t> SourceText<'t> {
    /// Indexes the starts of lines once, so every location is a binary search.
    pub(crate) fn new(text: &'t str, file: &'t str) -> SourceText<'t> {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(offset, _)| offset + 1));
        SourceText { text, file, line_starts, last: Cell::new((0, 0, 1)) }
    }

    /// The location of a byte offset: line and column counting from 1, the column in characters.
    pub(crate) fn location(&self, offset: usize) -> Location {
        let line_index = self.line_starts.partition_point(|start| *start <= offset).saturating_sub(1);
        let line_start = self.line_starts.get(line_index).copied().unwrap_or(0);
        let (last_offset, last_line, last_column) = self.last.get();
        let column = if last_line == line_index && last_offset <= offset {
            self.text.get(last_offset..offset).map(|gap| last_column + gap.chars().count())
        } else {
            self.text.get(line_start..offset).map(|before| before.chars().count() + 1)
        };
        // An offset inside a character has no column of its own: column 1, and nothing to count
        // on from.
        if let Some(column) = column {
            self.last.set((offset, line_index, column));
        }
        Location { file: self.file.to_owned(), line: Some(line_index + 1), column: Some(column.unwrap_or(1)) }
    }

    /// The location of the file as a whole.
    pub(crate) fn whole_file(&self) -> Location {
        Location { file: self.file.to_owned(), line: None, column: None }
    }
}

/// Removes a UTF-8 byte-order mark, which editors on some systems put at the start of files.
pub(crate) fn strip_byte_order_mark(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// One key of an object (JSON) or table (TOML) with its value.
pub(crate) struct Entry<V> {
    /// The key, unescaped.
    pub(crate) key: String,
    /// Byte offset of the key.
    pub(crate) key_offset: usize,
    /// The value.
    pub(crate) value: V,
}

/// A parsed value of either format, as the record reader needs to see it.
pub(crate) trait WireValue: Sized {
    /// `an object` or `a table`: the word for a record in this format.
    const RECORD_WORD: &'static str;

    /// Byte offset of the start of the value.
    fn offset(&self) -> usize;
    /// The type of the value with its article, for messages: `a string`, `an array`, ...
    fn type_name(&self) -> &'static str;
    /// Whether the value is JSON's `null`, which optional fields take as absent.
    fn is_null(&self) -> bool;
    /// The string, if the value is one.
    fn as_text(&self) -> Option<String>;
    /// The date as text, if the value is a string or a date literal of the format.
    fn as_date_text(&self) -> Option<String> {
        self.as_text()
    }
    /// The number, if the value is one; an error message when it cannot be represented.
    fn as_number(&self) -> Option<Result<f64, String>>;
    /// The items, if the value is an array.
    fn as_list(&self) -> Option<Vec<Self>>;
    /// The entries in the order written, if the value is an object or table.
    fn as_entries(&self) -> Option<Vec<Entry<Self>>>;
}

/// The names of the five top-level lists.
pub(crate) const TOP_LEVEL_KEYS: [&str; 5] = ["actors", "sources", "positions", "rules", "assertions"];

/// What a field holds.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub(crate) enum FieldType {
    Text,
    Date,
    TextList,
    Number,
    Literals,
    When,
}

impl FieldType {
    fn expected<V: WireValue>(self) -> String {
        match self {
            FieldType::Text | FieldType::Date => "a string".to_owned(),
            FieldType::TextList => "a list of strings".to_owned(),
            FieldType::Number => "a number".to_owned(),
            FieldType::Literals => "a string or a list of strings".to_owned(),
            FieldType::When => format!("{} with from and to", V::RECORD_WORD),
        }
    }
}

/// A field of a record kind: name, whether it is required, what it holds.
pub(crate) type Field = (&'static str, bool, FieldType);

pub(crate) const ACTOR_FIELDS: &[Field] = &[
    ("id", true, FieldType::Text),
    ("name", false, FieldType::Text),
    ("kind", false, FieldType::Text),
    ("aliases", false, FieldType::TextList),
    ("speaks_for", false, FieldType::TextList),
    ("member_of", false, FieldType::TextList),
];
pub(crate) const SOURCE_FIELDS: &[Field] = &[
    ("id", true, FieldType::Text),
    ("name", false, FieldType::Text),
    ("kind", false, FieldType::Text),
    ("reliability", false, FieldType::Number),
];
pub(crate) const POSITION_FIELDS: &[Field] = &[("id", true, FieldType::Text), ("statement", false, FieldType::Text)];
pub(crate) const RULE_FIELDS: &[Field] = &[
    ("id", false, FieldType::Text),
    ("note", false, FieldType::Text),
    ("if", false, FieldType::Literals),
    ("then", false, FieldType::Literals),
    ("then_any", false, FieldType::TextList),
    ("excludes", false, FieldType::TextList),
    ("equivalent", false, FieldType::TextList),
];
pub(crate) const ASSERTION_FIELDS: &[Field] = &[
    ("id", true, FieldType::Text),
    ("source", true, FieldType::Text),
    ("holder", false, FieldType::Text),
    ("stance", true, FieldType::Text),
    ("position", true, FieldType::Text),
    ("via", false, FieldType::TextList),
    ("said", false, FieldType::Date),
    ("when", false, FieldType::When),
    ("reported", false, FieldType::Date),
    ("quote", false, FieldType::Text),
    ("confidence", false, FieldType::Number),
];
pub(crate) const WHEN_FIELDS: &[Field] = &[("from", false, FieldType::Date), ("to", false, FieldType::Date)];

/// `unknown field "x" (did you mean "y"?)`, or the list of valid fields when none is close.
fn unknown_field_message(key: &str, fields: &[Field]) -> String {
    let names = fields.iter().map(|(name, _, _)| *name);
    match closest(key, names.clone()) {
        Some(suggestion) => format!("unknown field {key:?} (did you mean {suggestion:?}?)"),
        None => format!("unknown field {key:?}: expected one of {}", names.collect::<Vec<_>>().join(", ")),
    }
}

/// Reads the five lists of a parsed document into wire records, collecting every problem.
pub(crate) struct RecordReader<'s, 't> {
    source: &'s SourceText<'t>,
    limits: &'s Limits,
    problems: Vec<(usize, Problem)>,
}

/// The fields of one record, checked for duplicates, unknown names and missing required ones.
struct RecordFields<V> {
    kind: RecordKind,
    /// The record's id when it has a usable one, for problems.
    id: Option<String>,
    offset: usize,
    values: Vec<(&'static str, V)>,
    n_problems_before: usize,
}

impl<'s, 't> RecordReader<'s, 't> {
    /// A reader for one document.
    pub(crate) fn new(source: &'s SourceText<'t>, limits: &'s Limits) -> RecordReader<'s, 't> {
        RecordReader { source, limits, problems: Vec::new() }
    }

    /// Reads a whole document from its top-level value.
    ///
    /// # Errors
    ///
    /// Every problem found, sorted by where it is in the text.
    pub(crate) fn read_document<V: WireValue>(mut self, top: &V) -> Result<Document, Vec<Problem>> {
        let mut document = Document::default();
        let Some(entries) = top.as_entries() else {
            let message = format!("expected {} at the top level, found {}", V::RECORD_WORD, top.type_name());
            self.problem_at(top.offset(), None, message);
            return Err(self.into_problems());
        };
        let mut seen: Vec<&str> = Vec::new();
        let mut n_records = 0_usize;
        for entry in &entries {
            let Some(name) = TOP_LEVEL_KEYS.iter().copied().find(|name| *name == entry.key) else {
                let message = match closest(&entry.key, TOP_LEVEL_KEYS) {
                    Some(suggestion) => format!("unknown key {:?} (did you mean {suggestion:?}?)", entry.key),
                    None => format!("unknown key {:?}: expected one of {}", entry.key, TOP_LEVEL_KEYS.join(", ")),
                };
                self.problem_at(entry.key_offset, None, message);
                continue;
            };
            if seen.contains(&name) {
                self.problem_at(entry.key_offset, None, format!("duplicate key {name:?}"));
                continue;
            }
            seen.push(name);
            if entry.value.is_null() {
                continue;
            }
            let Some(items) = entry.value.as_list() else {
                let message = format!("{name}: expected a list, found {}", entry.value.type_name());
                self.problem_at(entry.value.offset(), None, message);
                continue;
            };
            for item in &items {
                n_records += 1;
                if n_records > self.limits.max_records {
                    // Reading on would only spend memory on a document that is refused anyway.
                    let limit = over_limit(self.limits.max_records, "record", "records", "--max-records");
                    self.problem_at(item.offset(), None, format!("too many records: {limit}"));
                    return Err(self.into_problems());
                }
                match name {
                    "actors" => document.actors.extend(self.read_actor(item)),
                    "sources" => document.sources.extend(self.read_source(item)),
                    "positions" => document.positions.extend(self.read_position(item)),
                    "rules" => document.rules.extend(self.read_rule(item)),
                    _ => document.assertions.extend(self.read_assertion(item)),
                }
            }
        }
        if self.problems.is_empty() { Ok(document) } else { Err(self.into_problems()) }
    }

    fn into_problems(mut self) -> Vec<Problem> {
        // TOML tables list their keys sorted, and missing fields are found after the fields
        // present; sorting by offset puts every problem where a reader of the file expects it.
        self.problems.sort_by_key(|(offset, _)| *offset);
        self.problems.into_iter().map(|(_, problem)| problem).collect()
    }

    fn problem_at(&mut self, offset: usize, record: Option<(RecordKind, &Option<String>)>, message: String) {
        let location = Some(self.source.location(offset));
        let problem = match record {
            Some((kind, Some(id))) => Problem::in_record(location, kind, id.clone(), message),
            Some((kind, None)) => Problem::new(location, format!("{} without an id: {message}", kind.as_str())),
            None => Problem::new(location, message),
        };
        self.problems.push((offset, problem));
    }

    /// Checks the keys of a record; `None` when it is not an object at all.
    fn record_fields<V: WireValue>(
        &mut self,
        kind: RecordKind,
        value: &V,
        fields: &[Field],
    ) -> Option<RecordFields<V>> {
        let n_problems_before = self.problems.len();
        let Some(entries) = value.as_entries() else {
            let message = format!("expected {} for {}, found {}", V::RECORD_WORD, an(kind), value.type_name());
            self.problem_at(value.offset(), None, message);
            return None;
        };
        let id = entries.iter().find(|entry| entry.key == "id").and_then(|entry| entry.value.as_text());
        let mut record = RecordFields { kind, id, offset: value.offset(), values: Vec::new(), n_problems_before };
        record.values = self.check_entries(&mut record, entries, fields, None);
        Some(record)
    }

    /// Sorts entries into known fields, reporting duplicates, unknown and missing fields;
    /// `parent` names the enclosing field of nested tables (`when`).
    fn check_entries<V: WireValue, R>(
        &mut self,
        record: &mut RecordFields<R>,
        entries: Vec<Entry<V>>,
        fields: &[Field],
        parent: Option<&str>,
    ) -> Vec<(&'static str, V)> {
        let (context, prefix) = match parent {
            Some(parent) => (format!("{parent}: "), format!("{parent}.")),
            None => (String::new(), String::new()),
        };
        let mut found: Vec<(&'static str, V)> = Vec::new();
        let mut seen: Vec<&'static str> = Vec::new();
        for entry in entries {
            let Some((name, _, _)) = fields.iter().find(|(name, _, _)| *name == entry.key) else {
                let message = format!("{context}{}", unknown_field_message(&entry.key, fields));
                self.problem_at(entry.key_offset, Some((record.kind, &record.id)), message);
                continue;
            };
            if seen.contains(name) {
                let message = format!("duplicate field \"{prefix}{name}\"");
                self.problem_at(entry.key_offset, Some((record.kind, &record.id)), message);
                continue;
            }
            seen.push(name);
            found.push((name, entry.value));
        }
        for (name, required, _) in fields {
            if *required && !seen.contains(name) {
                let message = format!("missing field \"{prefix}{name}\"");
                self.problem_at(record.offset, Some((record.kind, &record.id)), message);
            }
        }
        found
    }

    /// Reads a record's fields; `None` when the record has any problem.
    fn finish<T>(&self, record: &RecordFields<impl WireValue>, value: T) -> Option<T> {
        (self.problems.len() == record.n_problems_before).then_some(value)
    }

    fn take<V: WireValue>(record: &mut RecordFields<V>, name: &str) -> Option<V> {
        let index = record.values.iter().position(|(field, _)| *field == name)?;
        let (_, value) = record.values.swap_remove(index);
        if value.is_null() { None } else { Some(value) }
    }

    fn type_problem<V: WireValue, R>(
        &mut self,
        record: &RecordFields<R>,
        name: &str,
        field_type: FieldType,
        value: &V,
    ) {
        let message = format!("{name}: expected {}, found {}", field_type.expected::<V>(), value.type_name());
        self.problem_at(value.offset(), Some((record.kind, &record.id)), message);
    }

    fn text<V: WireValue>(&mut self, record: &mut RecordFields<V>, name: &str) -> Option<String> {
        let value = Self::take(record, name)?;
        let text = value.as_text();
        if text.is_none() {
            self.type_problem(record, name, FieldType::Text, &value);
        }
        text
    }

    fn date<V: WireValue, R>(&mut self, record: &RecordFields<R>, name: &str, value: Option<V>) -> Option<String> {
        let value = value.filter(|value| !value.is_null())?;
        let text = value.as_date_text();
        if text.is_none() {
            self.type_problem(record, name, FieldType::Date, &value);
        }
        text
    }

    fn text_list_of<V: WireValue, R>(
        &mut self,
        record: &RecordFields<R>,
        name: &str,
        value: &V,
    ) -> Option<Vec<String>> {
        let Some(items) = value.as_list() else {
            self.type_problem(record, name, FieldType::TextList, value);
            return None;
        };
        let mut texts = Vec::with_capacity(items.len());
        let mut all_texts = true;
        for (index, item) in items.iter().enumerate() {
            match item.as_text() {
                Some(text) => texts.push(text),
                None => {
                    let message = format!("{name}[{index}]: expected a string, found {}", item.type_name());
                    self.problem_at(item.offset(), Some((record.kind, &record.id)), message);
                    all_texts = false;
                }
            }
        }
        all_texts.then_some(texts)
    }

    fn text_list<V: WireValue>(&mut self, record: &mut RecordFields<V>, name: &str) -> Option<Vec<String>> {
        let value = Self::take(record, name)?;
        self.text_list_of(record, name, &value)
    }

    fn number<V: WireValue>(&mut self, record: &mut RecordFields<V>, name: &str) -> Option<f64> {
        let value = Self::take(record, name)?;
        match value.as_number() {
            Some(Ok(number)) => Some(number),
            Some(Err(message)) => {
                self.problem_at(value.offset(), Some((record.kind, &record.id)), format!("{name}: {message}"));
                None
            }
            None => {
                self.type_problem(record, name, FieldType::Number, &value);
                None
            }
        }
    }

    fn literals<V: WireValue>(&mut self, record: &mut RecordFields<V>, name: &str) -> Option<LiteralList> {
        let value = Self::take(record, name)?;
        if let Some(text) = value.as_text() {
            return Some(LiteralList::One(text));
        }
        if value.as_list().is_none() {
            self.type_problem(record, name, FieldType::Literals, &value);
            return None;
        }
        self.text_list_of(record, name, &value).map(LiteralList::Many)
    }

    fn when<V: WireValue>(&mut self, record: &mut RecordFields<V>) -> Option<WhenRecord> {
        let value = Self::take(record, "when")?;
        let Some(entries) = value.as_entries() else {
            self.type_problem(record, "when", FieldType::When, &value);
            return None;
        };
        let mut found = self.check_entries(record, entries, WHEN_FIELDS, Some("when"));
        let mut take =
            |name: &str| found.iter().position(|(field, _)| *field == name).map(|index| found.swap_remove(index).1);
        let (from, to) = (take("from"), take("to"));
        let from = self.date(record, "when.from", from);
        let to = self.date(record, "when.to", to);
        Some(WhenRecord { from, to })
    }

    fn location(&self, offset: usize) -> Option<Location> {
        Some(self.source.location(offset))
    }

    fn read_actor<V: WireValue>(&mut self, value: &V) -> Option<ActorRecord> {
        let mut record = self.record_fields(RecordKind::Actor, value, ACTOR_FIELDS)?;
        let actor = ActorRecord {
            id: self.text(&mut record, "id").unwrap_or_default(),
            name: self.text(&mut record, "name"),
            kind: self.text(&mut record, "kind"),
            aliases: self.text_list(&mut record, "aliases").unwrap_or_default(),
            speaks_for: self.text_list(&mut record, "speaks_for").unwrap_or_default(),
            member_of: self.text_list(&mut record, "member_of").unwrap_or_default(),
            location: self.location(record.offset),
        };
        self.finish(&record, actor)
    }

    fn read_source<V: WireValue>(&mut self, value: &V) -> Option<SourceRecord> {
        let mut record = self.record_fields(RecordKind::Source, value, SOURCE_FIELDS)?;
        let source = SourceRecord {
            id: self.text(&mut record, "id").unwrap_or_default(),
            name: self.text(&mut record, "name"),
            kind: self.text(&mut record, "kind"),
            reliability: self.number(&mut record, "reliability"),
            location: self.location(record.offset),
        };
        self.finish(&record, source)
    }

    fn read_position<V: WireValue>(&mut self, value: &V) -> Option<PositionRecord> {
        let mut record = self.record_fields(RecordKind::Position, value, POSITION_FIELDS)?;
        let position = PositionRecord {
            id: self.text(&mut record, "id").unwrap_or_default(),
            statement: self.text(&mut record, "statement"),
            location: self.location(record.offset),
        };
        self.finish(&record, position)
    }

    fn read_rule<V: WireValue>(&mut self, value: &V) -> Option<RuleRecord> {
        let mut record = self.record_fields(RecordKind::Rule, value, RULE_FIELDS)?;
        let rule = RuleRecord {
            id: self.text(&mut record, "id"),
            note: self.text(&mut record, "note"),
            if_: self.literals(&mut record, "if"),
            then: self.literals(&mut record, "then"),
            then_any: self.text_list(&mut record, "then_any"),
            excludes: self.text_list(&mut record, "excludes"),
            equivalent: self.text_list(&mut record, "equivalent"),
            location: self.location(record.offset),
        };
        self.finish(&record, rule)
    }

    fn read_assertion<V: WireValue>(&mut self, value: &V) -> Option<AssertionRecord> {
        let mut record = self.record_fields(RecordKind::Assertion, value, ASSERTION_FIELDS)?;
        let said = Self::take(&mut record, "said");
        let reported = Self::take(&mut record, "reported");
        let assertion = AssertionRecord {
            id: self.text(&mut record, "id").unwrap_or_default(),
            source: self.text(&mut record, "source").unwrap_or_default(),
            holder: self.text(&mut record, "holder"),
            stance: self.text(&mut record, "stance").unwrap_or_default(),
            position: self.text(&mut record, "position").unwrap_or_default(),
            via: self.text_list(&mut record, "via").unwrap_or_default(),
            said: self.date(&record, "said", said),
            when: self.when(&mut record),
            reported: self.date(&record, "reported", reported),
            quote: self.text(&mut record, "quote"),
            confidence: self.number(&mut record, "confidence"),
            location: self.location(record.offset),
        };
        self.finish(&record, assertion)
    }
}

/// `an actor`, `a source`, ...
fn an(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Actor => "an actor",
        RecordKind::Source => "a source",
        RecordKind::Position => "a position",
        RecordKind::Rule => "a rule",
        RecordKind::Assertion => "an assertion",
    }
}
