//! The mapping file: which CSV column (or template, or fixed value) gives each assertion field,
//! how positions, sources and actors are made from cell values, and what the file's stance words
//! mean.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use serde::de::{self, Deserializer, Error as _, MapAccess, Visitor};
use serde::{Deserialize, Serialize};

use crate::document::Location;
use crate::error::{LoadError, Problem};
use crate::model::Stance;

/// What a stance word of the file stands for: one of the four stances, or "leave the row out".
#[derive(Copy, Clone, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum StanceTarget {
    /// Committed to the position.
    Supports,
    /// Committed against the position.
    Opposes,
    /// The position is possible for the holder.
    OpenTo,
    /// The holder has not committed to the position.
    NotCommitted,
    /// Not an assertion: the row is counted in [`ImportSummary::skipped_by_stance`] and left out.
    ///
    /// [`ImportSummary::skipped_by_stance`]: super::ImportSummary::skipped_by_stance
    Skip,
}

impl StanceTarget {
    /// The stance, or `None` for [`StanceTarget::Skip`].
    ///
    /// ```
    /// use claimgraph::Stance;
    /// use claimgraph::import::StanceTarget;
    /// assert_eq!(StanceTarget::OpenTo.stance(), Some(Stance::OpenTo));
    /// assert_eq!(StanceTarget::Skip.stance(), None);
    /// ```
    pub fn stance(self) -> Option<Stance> {
        match self {
            StanceTarget::Supports => Some(Stance::Supports),
            StanceTarget::Opposes => Some(Stance::Opposes),
            StanceTarget::OpenTo => Some(Stance::OpenTo),
            StanceTarget::NotCommitted => Some(Stance::NotCommitted),
            StanceTarget::Skip => None,
        }
    }
}

/// Where the value of one field comes from.
///
/// In the mapping file a field is written as a column name (`quote = "articleHeadline"`), or as a
/// table with exactly one key: `{ column = "…" }`, `{ template = "claim-{claimId}" }` (column
/// values in braces, `{line}` for the line number, `{{` and `}}` for braces) or
/// `{ value = "outlet" }` (the same text on every row).
///
/// A field is *empty* on a row when a column it reads is empty there (after trimming spaces) or
/// when its text comes out empty.
#[derive(Clone, PartialEq, Eq, Debug)]
#[non_exhaustive]
pub enum Field {
    /// The cell of this column.
    Column(String),
    /// Text with column values and the line number filled in.
    Template(Vec<Piece>),
    /// The same text on every row.
    Value(String),
}

/// A part of a [`Field::Template`].
#[derive(Clone, PartialEq, Eq, Debug)]
#[non_exhaustive]
pub enum Piece {
    /// Text copied as is.
    Text(String),
    /// The cell of this column.
    Column(String),
    /// The line number of the row (where its record starts; the header is line 1).
    Line,
}

impl Field {
    /// The columns the field reads, in the order written.
    pub fn columns(&self) -> impl Iterator<Item = &str> + '_ {
        let (single, pieces): (Option<&str>, &[Piece]) = match self {
            Field::Column(column) => (Some(column), &[]),
            Field::Template(pieces) => (None, pieces),
            Field::Value(_) => (None, &[]),
        };
        single.into_iter().chain(pieces.iter().filter_map(|piece| match piece {
            Piece::Column(column) => Some(column.as_str()),
            Piece::Text(_) | Piece::Line => None,
        }))
    }
}

impl fmt::Display for Field {
    /// `column "name"`, `template "…"` or `value "…"`, for messages.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Field::Column(column) => write!(f, "column {column:?}"),
            Field::Value(value) => write!(f, "value {value:?}"),
            Field::Template(pieces) => {
                let mut text = String::new();
                for piece in pieces {
                    match piece {
                        Piece::Text(part) => text.push_str(&part.replace('{', "{{").replace('}', "}}")),
                        Piece::Column(column) => {
                            text.push('{');
                            text.push_str(column);
                            text.push('}');
                        }
                        Piece::Line => text.push_str("{line}"),
                    }
                }
                write!(f, "template {text:?}")
            }
        }
    }
}

/// Splits a template into pieces.
fn parse_template(template: &str) -> Result<Vec<Piece>, String> {
    let mut pieces = Vec::new();
    let mut text = String::new();
    let mut characters = template.chars().peekable();
    while let Some(character) = characters.next() {
        match character {
            '{' if characters.peek() == Some(&'{') => {
                characters.next();
                text.push('{');
            }
            '}' if characters.peek() == Some(&'}') => {
                characters.next();
                text.push('}');
            }
            '{' => {
                let mut name = String::new();
                loop {
                    match characters.next() {
                        Some('}') => break,
                        Some('{') | None => return Err(format!("unclosed `{{` in template {template:?}")),
                        Some(inner) => name.push(inner),
                    }
                }
                if name.is_empty() {
                    return Err(format!("empty `{{}}` in template {template:?}"));
                }
                if !text.is_empty() {
                    pieces.push(Piece::Text(std::mem::take(&mut text)));
                }
                pieces.push(if name == "line" { Piece::Line } else { Piece::Column(name) });
            }
            '}' => return Err(format!("lone `}}` in template {template:?} (write `}}}}` for a brace)")),
            other => text.push(other),
        }
    }
    if !text.is_empty() {
        pieces.push(Piece::Text(text));
    }
    Ok(pieces)
}

impl<'de> Deserialize<'de> for Field {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Field, D::Error> {
        struct FieldVisitor;

        /// The table form of a field; exactly one key may be given.
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct FieldTable {
            column: Option<String>,
            template: Option<String>,
            value: Option<String>,
        }

        impl<'de> Visitor<'de> for FieldVisitor {
            type Value = Field;

            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("a column name, or a table with one of `column`, `template`, `value`")
            }

            fn visit_str<E: de::Error>(self, column: &str) -> Result<Field, E> {
                Ok(Field::Column(column.to_owned()))
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Field, A::Error> {
                let table = FieldTable::deserialize(de::value::MapAccessDeserializer::new(map))?;
                match (table.column, table.template, table.value) {
                    (Some(column), None, None) => Ok(Field::Column(column)),
                    (None, Some(template), None) => {
                        parse_template(&template).map(Field::Template).map_err(A::Error::custom)
                    }
                    (None, None, Some(value)) => Ok(Field::Value(value)),
                    _ => Err(A::Error::custom("a field takes exactly one of `column`, `template`, `value`")),
                }
            }
        }

        deserializer.deserialize_any(FieldVisitor)
    }
}

/// The `[assertions]` table: one field per assertion field.
#[derive(Clone, PartialEq, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct AssertionFields {
    /// The assertion id (made to fit the id syntax); absent: `row-<line>`.
    #[serde(default)]
    pub id: Option<Field>,
    /// The source (required).
    pub source: Field,
    /// The holder; absent: every row is a claim of fact. A row whose holder is empty is a claim
    /// of fact too.
    #[serde(default)]
    pub holder: Option<Field>,
    /// The stance word, looked up in `[stances]` (required).
    pub stance: Field,
    /// The position (required).
    pub position: Field,
    /// The intermediaries, outermost first, split at [`AssertionFields::via_separator`].
    #[serde(default)]
    pub via: Option<Field>,
    /// What separates the intermediaries in [`AssertionFields::via`]; `;` unless given.
    #[serde(default = "default_via_separator")]
    pub via_separator: String,
    /// When the holder took the stance (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
    #[serde(default)]
    pub said: Option<Field>,
    /// First day of `when`.
    #[serde(default)]
    pub when_from: Option<Field>,
    /// Last day of `when`.
    #[serde(default)]
    pub when_to: Option<Field>,
    /// When it was published.
    #[serde(default)]
    pub reported: Option<Field>,
    /// The words backing the assertion.
    #[serde(default)]
    pub quote: Option<Field>,
    /// Confidence, a number in [0, 1].
    #[serde(default)]
    pub confidence: Option<Field>,
}

fn default_via_separator() -> String {
    ";".to_owned()
}

fn default_create() -> bool {
    true
}

/// The `[positions]` table: how positions are made from the values of the position field.
#[derive(Clone, PartialEq, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct PositionFields {
    /// Make a position for each distinct value (its id made to fit the id syntax); `false`: the
    /// values are ids of positions given in another document. `true` unless given.
    #[serde(default = "default_create")]
    pub create: bool,
    /// The statement of a made position. Rows of one position must agree on it.
    #[serde(default)]
    pub statement: Option<Field>,
}

impl Default for PositionFields {
    fn default() -> PositionFields {
        PositionFields { create: true, statement: None }
    }
}

/// The `[sources]` and `[actors]` tables: how records are made from the values of the source,
/// via and holder fields.
#[derive(Clone, PartialEq, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct RecordFields {
    /// Make a record for each distinct value (its id made to fit the id syntax); `false`: the
    /// values are ids of records given in another document. `true` unless given.
    #[serde(default = "default_create")]
    pub create: bool,
    /// The display name; absent: the value itself when making it fit the id syntax changed it.
    /// The first row that gives one wins.
    #[serde(default)]
    pub name: Option<Field>,
    /// The free-text kind (`{ value = "outlet" }`). The first row that gives one wins.
    #[serde(default)]
    pub kind: Option<Field>,
}

impl Default for RecordFields {
    fn default() -> RecordFields {
        RecordFields { create: true, name: None, kind: None }
    }
}

/// The mapping file as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MappingFile {
    #[serde(default)]
    delimiter: Option<String>,
    assertions: AssertionFields,
    #[serde(default)]
    positions: PositionFields,
    #[serde(default)]
    sources: RecordFields,
    #[serde(default)]
    actors: RecordFields,
    #[serde(default)]
    stances: BTreeMap<String, StanceTarget>,
}

/// How to turn the rows of a CSV file into assertions: read from a small TOML file.
///
/// ```toml
/// delimiter = ","                  # optional, one ASCII character
///
/// [assertions]
/// id = "articleId"                 # optional: absent gives row-<line>
/// source = "source"                # required
/// # holder = "speaker"             # optional: absent makes claims of fact
/// stance = "articleHeadlineStance" # required
/// position = "claimId"             # required
/// quote = "articleHeadline"
/// # also: via, via_separator (";"), said, when_from, when_to, reported, confidence
///
/// [positions]
/// statement = "claimHeadline"
///
/// [sources]
/// kind = { value = "outlet" }
///
/// [stances]
/// for = "supports"
/// against = "opposes"
/// observing = "skip"
/// ```
///
/// Stance words are matched without regard to case or surrounding spaces; the four stance names
/// (`supports`, `opposes`, `open_to`, `not_committed`) are understood without being listed.
/// Ids made from values keep their ASCII letters, digits and `_ - . :`, with every other run of
/// characters turned into one `-` (see [`sanitize_id`](super::sanitize_id)): values that differ
/// only there name the same record.
///
/// ```
/// use claimgraph::import::Mapping;
/// let mapping = Mapping::from_toml_str(r#"
///     [assertions]
///     source = "outlet"
///     stance = "verdict"
///     position = { template = "claim-{claim}" }
///     [stances]
///     true = "supports"
///     false = "opposes"
/// "#)?;
/// assert_eq!(mapping.delimiter(), b',');
/// # Ok::<(), claimgraph::LoadError>(())
/// ```
#[derive(Clone, PartialEq, Debug)]
pub struct Mapping {
    pub(crate) delimiter: u8,
    pub(crate) assertions: AssertionFields,
    pub(crate) positions: PositionFields,
    pub(crate) sources: RecordFields,
    pub(crate) actors: RecordFields,
    /// Lowercased, trimmed stance words.
    pub(crate) stances: BTreeMap<String, StanceTarget>,
}

impl Mapping {
    /// Reads a mapping from TOML text; problems name the file `<mapping>`.
    ///
    /// # Errors
    ///
    /// [`LoadError::Invalid`] for malformed TOML, unknown keys, missing required fields, unknown
    /// stance names, bad templates, a delimiter that is not one ASCII character, an empty via
    /// separator, or stance words listed twice.
    pub fn from_toml_str(text: &str) -> Result<Mapping, LoadError> {
        Mapping::from_toml_named(text, "<mapping>")
    }

    /// Reads a mapping file.
    ///
    /// ```no_run
    /// use claimgraph::import::Mapping;
    /// let mapping = Mapping::load("examples/emergent/mapping.toml")?;
    /// # let _ = mapping;
    /// # Ok::<(), claimgraph::LoadError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`LoadError::Io`] when the file cannot be read, else as [`Mapping::from_toml_str`], with
    /// the file named in the problems.
    pub fn load(path: impl AsRef<Path>) -> Result<Mapping, LoadError> {
        let path = path.as_ref();
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| LoadError::Io { path: name.clone(), source })?;
        Mapping::from_toml_named(&text, &name)
    }

    /// Reads a mapping from TOML text, naming it `file` in problems.
    fn from_toml_named(text: &str, file: &str) -> Result<Mapping, LoadError> {
        let here = |line, column| Some(Location { file: file.to_owned(), line, column });
        let parsed: MappingFile = ::toml::from_str(text).map_err(|error| {
            let (line, column) = match error.span() {
                Some(span) => {
                    let (line, column) = line_and_column(text, span.start);
                    (Some(line), Some(column))
                }
                None => (None, None),
            };
            LoadError::from(vec![Problem::new(here(line, column), error.message().trim_end().to_owned())])
        })?;
        let mut problems = Vec::new();
        let delimiter = match parsed.delimiter.as_deref() {
            None => b',',
            Some(text) => match text.as_bytes() {
                [byte] if byte.is_ascii() => *byte,
                _ => {
                    problems.push(Problem::new(
                        here(None, None),
                        format!("delimiter {text:?} must be one ASCII character"),
                    ));
                    b','
                }
            },
        };
        if parsed.assertions.via_separator.is_empty() {
            problems.push(Problem::new(here(None, None), "via_separator must not be empty"));
        }
        let mut stances = BTreeMap::new();
        for (word, target) in parsed.stances {
            let key = word.trim().to_lowercase();
            if let Some(previous) = stances.insert(key.clone(), target)
                && previous != target
            {
                problems.push(Problem::new(
                    here(None, None),
                    format!("stance word {key:?} is listed twice (words are matched ignoring case and spaces)"),
                ));
            }
        }
        if !problems.is_empty() {
            return Err(LoadError::from(problems));
        }
        Ok(Mapping {
            delimiter,
            assertions: parsed.assertions,
            positions: parsed.positions,
            sources: parsed.sources,
            actors: parsed.actors,
            stances,
        })
    }

    /// The field delimiter, `,` unless the mapping sets one.
    pub fn delimiter(&self) -> u8 {
        self.delimiter
    }

    /// The fields of an assertion.
    pub fn assertions(&self) -> &AssertionFields {
        &self.assertions
    }

    /// How positions are made.
    pub fn positions(&self) -> &PositionFields {
        &self.positions
    }

    /// How sources are made.
    pub fn sources(&self) -> &RecordFields {
        &self.sources
    }

    /// How actors are made.
    pub fn actors(&self) -> &RecordFields {
        &self.actors
    }

    /// What a stance word of the file stands for: the `[stances]` table (ignoring case and
    /// surrounding spaces), else the stance of that name, else `None`.
    ///
    /// ```
    /// use claimgraph::import::{Mapping, StanceTarget};
    /// let mapping = Mapping::from_toml_str(r#"
    ///     [assertions]
    ///     source = "s"
    ///     stance = "t"
    ///     position = "p"
    ///     [stances]
    ///     Observing = "skip"
    /// "#)?;
    /// assert_eq!(mapping.stance_for(" observing "), Some(StanceTarget::Skip));
    /// assert_eq!(mapping.stance_for("open_to"), Some(StanceTarget::OpenTo));
    /// assert_eq!(mapping.stance_for("maybe"), None);
    /// # Ok::<(), claimgraph::LoadError>(())
    /// ```
    pub fn stance_for(&self, word: &str) -> Option<StanceTarget> {
        let key = word.trim().to_lowercase();
        if let Some(target) = self.stances.get(&key) {
            return Some(*target);
        }
        Some(match Stance::from_name(&key)? {
            Stance::Supports => StanceTarget::Supports,
            Stance::Opposes => StanceTarget::Opposes,
            Stance::OpenTo => StanceTarget::OpenTo,
            Stance::NotCommitted => StanceTarget::NotCommitted,
        })
    }

    /// The stance words listed in the mapping, lowercased, sorted.
    pub fn stance_words(&self) -> impl Iterator<Item = (&str, StanceTarget)> + '_ {
        self.stances.iter().map(|(word, target)| (word.as_str(), *target))
    }
}

/// The line and column (both from 1, the column in characters) of a byte offset.
fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |last| last.chars().count()) + 1;
    (line, column)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    const MINIMAL: &str = "[assertions]\nsource = \"s\"\nstance = \"t\"\nposition = \"p\"\n";

    #[test]
    fn templates_split_into_pieces() {
        assert_eq!(
            parse_template("claim-{id}:{line}{{x}}").unwrap(),
            vec![
                Piece::Text("claim-".into()),
                Piece::Column("id".into()),
                Piece::Text(":".into()),
                Piece::Line,
                Piece::Text("{x}".into()),
            ]
        );
        assert!(parse_template("a{b").is_err());
        assert!(parse_template("a}b").is_err());
        assert!(parse_template("{}").is_err());
    }

    #[test]
    fn field_forms() {
        let mapping = Mapping::from_toml_str(&format!(
            "{MINIMAL}quote = {{ template = \"{{a}} {{b}}\" }}\nsaid = {{ value = \"2025\" }}\n"
        ))
        .unwrap();
        assert_eq!(mapping.assertions().source, Field::Column("s".into()));
        assert_eq!(mapping.assertions().said, Some(Field::Value("2025".into())));
        let quote = mapping.assertions().quote.as_ref().unwrap();
        assert_eq!(quote.columns().collect::<Vec<_>>(), ["a", "b"]);
        assert_eq!(quote.to_string(), "template \"{a} {b}\"");
    }

    #[test]
    fn problems_have_lines() {
        let error =
            Mapping::from_toml_str("[assertions]\nsource = \"s\"\nstance = \"t\"\nposition = \"p\"\nspeaker = \"x\"\n")
                .unwrap_err();
        let problem = &error.problems()[0];
        assert_eq!(problem.location.as_ref().unwrap().line, Some(5));
        assert!(problem.message.contains("speaker"), "{problem}");

        let error = Mapping::from_toml_str("[assertions]\nsource = \"s\"\nstance = \"t\"\n").unwrap_err();
        assert!(error.problems()[0].message.contains("position"), "{error}");

        let error = Mapping::from_toml_str(&format!("{MINIMAL}[stances]\nfor = \"support\"\n")).unwrap_err();
        assert!(error.problems()[0].message.contains("supports"), "{error}");

        let error =
            Mapping::from_toml_str(&format!("{MINIMAL}quote = {{ column = \"a\", value = \"b\" }}\n")).unwrap_err();
        assert!(error.problems()[0].message.contains("exactly one"), "{error}");
    }

    #[test]
    fn semantic_problems_are_all_reported() {
        let error = Mapping::from_toml_str(&format!(
            "delimiter = \";;\"\n{MINIMAL}via_separator = \"\"\n[stances]\nFor = \"supports\"\n\"for \" = \"opposes\"\n"
        ))
        .unwrap_err();
        assert_eq!(error.problems().len(), 3, "{error}");
    }
}
