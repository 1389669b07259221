//! Claims from spreadsheets: a CSV file and a [`Mapping`] become a claim-set [`Document`].
//!
//! Each row of the file is one assertion. The mapping names the column (or a template, or a fixed
//! value) for each assertion field, says what the file's stance words mean, and says how
//! positions, sources and actors are made from cell values. The resulting document is the same
//! wire type a JSON or TOML file gives, so it goes through the same validation
//! ([`ClaimSet::from_documents`](crate::ClaimSet::from_documents)) and can be written out with
//! [`write_document`].
//!
//! Nothing is dropped silently: a row that cannot be mapped (unknown stance word, empty required
//! cell, bad date or number, duplicate id) is a [`Problem`] with its line, and the import fails
//! with all of them; a row whose stance word maps to `skip` is counted in the
//! [`ImportSummary`].
//!
//! ```
//! use claimgraph::import::{Mapping, import_csv};
//! use claimgraph::ClaimSet;
//! let mapping = Mapping::from_toml_str(r#"
//!     [assertions]
//!     id = "article"
//!     source = "outlet"
//!     stance = "stance"
//!     position = "claim"
//!     quote = "headline"
//!     [positions]
//!     statement = "claim text"
//!     [stances]
//!     for = "supports"
//!     against = "opposes"
//!     observing = "skip"
//! "#)?;
//! let csv = "\
//! article,claim,claim text,outlet,stance,headline
//! a1,c1,The burger is 20 years old,example.com,for,\"Oldest burger, kept 20 years\"
//! a2,c1,The burger is 20 years old,example.org,against,Burger story is a hoax
//! a3,c1,The burger is 20 years old,example.net,observing,Men say they kept a burger
//! ";
//! let imported = import_csv(csv.as_bytes(), "burgers.csv", &mapping)?;
//! assert_eq!(imported.summary.rows, 3);
//! assert_eq!(imported.summary.imported, 2);
//! assert_eq!(imported.summary.skipped_by_stance, 1);
//! assert_eq!(imported.document.assertions[0].quote.as_deref(), Some("Oldest burger, kept 20 years"));
//! assert_eq!(imported.document.sources.len(), 2);
//! let claims = ClaimSet::from_documents(vec![imported.document])?;
//! # let _ = claims;
//! # Ok::<(), claimgraph::LoadError>(())
//! ```

mod mapping;

pub use mapping::{AssertionFields, Field, Mapping, Piece, PositionFields, RecordFields, StanceTarget};

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::io;
use std::path::Path;
use std::str::FromStr;

use indexmap::IndexMap;

use crate::document::{ActorRecord, AssertionRecord, Document, Location, PositionRecord, SourceRecord, WhenRecord};
use crate::error::{LoadError, Problem, RecordKind};
use crate::model::PartialDate;

/// What an import gives: the document and the counts.
#[derive(Clone, PartialEq, Debug)]
#[non_exhaustive]
pub struct Imported {
    /// The claim set made from the file: positions, sources, actors and assertions, each in the
    /// order of the row that first names it.
    pub document: Document,
    /// What happened to the rows.
    pub summary: ImportSummary,
}

/// What happened to the rows of an import.
///
/// ```
/// use claimgraph::import::{Mapping, import_csv};
/// let mapping = Mapping::from_toml_str(r#"
///     [assertions]
///     source = "outlet"
///     stance = "stance"
///     position = "claim"
///     [stances]
///     for = "supports"
///     observing = "skip"
/// "#)?;
/// let csv = "outlet,stance,claim\nexample.com,for,c1\nexample.org,observing,c1\n";
/// let summary = import_csv(csv.as_bytes(), "s.csv", &mapping)?.summary;
/// assert_eq!((summary.rows, summary.imported, summary.skipped_by_stance), (2, 1, 1));
/// assert_eq!(
///     summary.to_string(),
///     "2 rows: 1 imported (1 claim of fact), 1 skipped by stance (observing 1); made 1 position, 1 source, 0 actors"
/// );
/// # Ok::<(), claimgraph::LoadError>(())
/// ```
#[derive(Clone, PartialEq, Eq, Debug, Default)]
#[non_exhaustive]
pub struct ImportSummary {
    /// Rows read, not counting the header.
    pub rows: usize,
    /// Rows that became assertions.
    pub imported: usize,
    /// Rows left out because their stance word maps to `skip`.
    pub skipped_by_stance: usize,
    /// The skipped rows by stance word (lowercased, trimmed).
    pub skipped_by_word: BTreeMap<String, usize>,
    /// Imported rows without a holder: claims of fact by their source.
    pub claims_of_fact: usize,
    /// Positions made from cell values.
    pub positions_created: usize,
    /// Sources made from cell values (source and via).
    pub sources_created: usize,
    /// Actors made from cell values.
    pub actors_created: usize,
}

impl fmt::Display for ImportSummary {
    /// `3 rows: 2 imported (2 claims of fact), 1 skipped by stance (observing 1); made 1
    /// position, 2 sources, 0 actors`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plural = |count: usize, one: &'static str, many: &'static str| if count == 1 { one } else { many };
        write!(f, "{} {}: {} imported", self.rows, plural(self.rows, "row", "rows"), self.imported)?;
        if self.claims_of_fact > 0 {
            write!(f, " ({} {})", self.claims_of_fact, plural(self.claims_of_fact, "claim of fact", "claims of fact"))?;
        }
        write!(f, ", {} skipped by stance", self.skipped_by_stance)?;
        if !self.skipped_by_word.is_empty() {
            let words: Vec<String> =
                self.skipped_by_word.iter().map(|(word, count)| format!("{word} {count}")).collect();
            write!(f, " ({})", words.join(", "))?;
        }
        write!(
            f,
            "; made {} {}, {} {}, {} {}",
            self.positions_created,
            plural(self.positions_created, "position", "positions"),
            self.sources_created,
            plural(self.sources_created, "source", "sources"),
            self.actors_created,
            plural(self.actors_created, "actor", "actors"),
        )
    }
}

/// Makes a text fit the id syntax: ASCII letters, digits and `_ - . :` are kept, every other run
/// of characters becomes one `-`, and such dashes at either end are dropped. May give an empty
/// text (when nothing fits).
///
/// ```
/// use claimgraph::import::sanitize_id;
/// assert_eq!(sanitize_id("www.9news.com.au"), "www.9news.com.au");
/// assert_eq!(sanitize_id("  New York Post  "), "New-York-Post");
/// assert_eq!(sanitize_id("Zürich (canton)"), "Z-rich-canton");
/// assert_eq!(sanitize_id("¿?"), "");
/// ```
pub fn sanitize_id(text: &str) -> String {
    let is_id_character = crate::model::is_id_character;
    let mut id = String::with_capacity(text.len());
    let mut pending_dash = false;
    for character in text.chars() {
        if is_id_character(character) {
            if pending_dash && !id.is_empty() {
                id.push('-');
            }
            pending_dash = false;
            id.push(character);
        } else {
            pending_dash = true;
        }
    }
    id
}

/// Reads a CSV file (with a header row) and turns its rows into a claim-set document.
///
/// `file` names the input in problems. Cells are trimmed of surrounding spaces. Quoted fields
/// may hold delimiters, quotes (doubled) and line breaks; line numbers are those where a record
/// starts, the header being line 1.
///
/// # Errors
///
/// [`LoadError::Io`] when reading fails; else [`LoadError::Invalid`] with every problem found:
/// columns the mapping names that the header lacks, malformed CSV, rows with the wrong number of
/// cells, unknown stance words (naming the known ones), empty required cells (source, stance,
/// position, id), ids that come out empty, duplicate assertion ids, bad dates, `when_from` after
/// `when_to`, confidences that are not numbers in [0, 1], and rows of one position that disagree
/// on its statement.
///
/// # Complexity
///
/// Linear in the size of the file.
///
/// ```
/// use claimgraph::import::{Mapping, import_csv};
/// let mapping = Mapping::from_toml_str(r#"
///     [assertions]
///     source = "outlet"
///     holder = "who"
///     stance = "stance"
///     position = "claim"
///     said = "date"
///     [stances]
///     "ruled out" = "opposes"
///     "open to" = "open_to"
/// "#)?;
/// let csv = "outlet,who,stance,claim,date\n\
///            wsj,Trump,ruled out,US guarantees,2025-02\n\
///            nypost,Trump,committed to,US guarantees,2025-08-15\n";
/// let error = import_csv(csv.as_bytes(), "stances.csv", &mapping).unwrap_err();
/// assert_eq!(
///     error.to_string(),
///     "stances.csv:3: assertion \"row-3\": unknown stance word \"committed to\": \
///      the mapping knows \"open to\", \"ruled out\", \"supports\", \"opposes\", \"open_to\", \"not_committed\""
/// );
/// # Ok::<(), claimgraph::LoadError>(())
/// ```
pub fn import_csv<R: io::Read>(reader: R, file: &str, mapping: &Mapping) -> Result<Imported, LoadError> {
    let io_error = |source| LoadError::Io { path: file.to_owned(), source };
    let mut reader = csv::ReaderBuilder::new().delimiter(mapping.delimiter).flexible(true).from_reader(reader);
    let headers = match reader.headers() {
        Ok(headers) => headers.clone(),
        Err(error) => return Err(LoadError::from(vec![csv_error(error, file, io_error)?])),
    };
    let mut columns: HashMap<&str, usize> = HashMap::new();
    let mut repeated: Vec<&str> = Vec::new();
    for (index, name) in headers.iter().enumerate() {
        let name = name.trim();
        if columns.contains_key(name) {
            repeated.push(name);
        } else {
            columns.insert(name, index);
        }
    }
    let fields = ResolvedMapping::new(mapping, &columns, &repeated, file)?;

    let mut state = Importer::new(mapping, file);
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(error) => {
                state.problems.push(csv_error(error, file, io_error)?);
                continue;
            }
        }
        let line = record.position().map_or(0, |position| usize::try_from(position.line()).unwrap_or(usize::MAX));
        state.summary.rows += 1;
        if record.len() != headers.len() {
            state.problems.push(Problem::new(
                state.at(line),
                format!("row has {} cells but the header has {}", record.len(), headers.len()),
            ));
            continue;
        }
        let row = Row { cells: &record, line };
        state.import_row(&fields, &row);
    }
    state.finish()
}

/// Reads a CSV file from disk; see [`import_csv`].
///
/// # Errors
///
/// As [`import_csv`], with the path named in problems.
///
/// ```no_run
/// use claimgraph::import::{Mapping, import_csv_file};
/// use claimgraph::{Checker, ClaimSet};
/// let mapping = Mapping::load("examples/emergent/mapping.toml")?;
/// let imported = import_csv_file("data/emergent/edata_all.csv", &mapping)?;
/// eprintln!("{}", imported.summary);
/// let claims = ClaimSet::from_documents(vec![imported.document])?;
/// let report = Checker::new(&claims).check();
/// # let _ = report;
/// # Ok::<(), claimgraph::LoadError>(())
/// ```
pub fn import_csv_file(path: impl AsRef<Path>, mapping: &Mapping) -> Result<Imported, LoadError> {
    let path = path.as_ref();
    let name = path.display().to_string();
    let file = std::fs::File::open(path).map_err(|source| LoadError::Io { path: name.clone(), source })?;
    import_csv(io::BufReader::new(file), &name, mapping)
}

/// Reads the files of one check: `.csv` files through the mapping, `.json` and `.toml` files as
/// claim-set documents; merges and validates them all, as
/// [`ClaimSet::load`](crate::ClaimSet::load) does. A CSV file can so name positions, sources or
/// actors that another file defines (with `create = false` in the mapping).
///
/// The summary adds up the CSV files' summaries.
///
/// ```no_run
/// use claimgraph::import::{Mapping, load_with_mapping};
/// let mapping = Mapping::load("mapping.toml")?;
/// let (claims, summary) = load_with_mapping(&["stances.csv", "actors.toml"], &mapping)?;
/// eprintln!("{summary}");
/// # let _ = claims;
/// # Ok::<(), claimgraph::LoadError>(())
/// ```
///
/// # Errors
///
/// [`LoadError::Io`] when a file cannot be read; else [`LoadError::Invalid`] with every problem
/// found in all the files (including files of another type), or by validation.
pub fn load_with_mapping<P: AsRef<Path>>(
    paths: &[P],
    mapping: &Mapping,
) -> Result<(crate::ClaimSet, ImportSummary), LoadError> {
    use crate::document::{Format, parse_document};

    let mut documents = Vec::new();
    let mut problems = Vec::new();
    let mut total = ImportSummary::default();
    for path in paths {
        let path = path.as_ref();
        let name = path.display().to_string();
        let format = match path.extension().and_then(|extension| extension.to_str()) {
            Some("csv") => None,
            Some("json") => Some(Format::Json),
            Some("toml") => Some(Format::Toml),
            _ => {
                problems.push(Problem::new(
                    Some(Location { file: name, line: None, column: None }),
                    "unknown file type: expected a .csv, .json or .toml file",
                ));
                continue;
            }
        };
        let read = match format {
            None => import_csv_file(path, mapping).map(|imported| {
                total.add(&imported.summary);
                imported.document
            }),
            Some(format) => std::fs::read_to_string(path)
                .map_err(|source| LoadError::Io { path: name.clone(), source })
                .and_then(|text| parse_document(&text, &name, format)),
        };
        match read {
            Ok(document) => documents.push(document),
            Err(LoadError::Invalid(found)) => problems.extend(found.0),
            Err(other) => return Err(other),
        }
    }
    if !problems.is_empty() {
        return Err(LoadError::from(problems));
    }
    Ok((crate::ClaimSet::from_documents(documents)?, total))
}

impl ImportSummary {
    /// Adds another import's counts to these.
    fn add(&mut self, other: &ImportSummary) {
        self.rows += other.rows;
        self.imported += other.imported;
        self.skipped_by_stance += other.skipped_by_stance;
        for (word, count) in &other.skipped_by_word {
            *self.skipped_by_word.entry(word.clone()).or_insert(0) += count;
        }
        self.claims_of_fact += other.claims_of_fact;
        self.positions_created += other.positions_created;
        self.sources_created += other.sources_created;
        self.actors_created += other.actors_created;
    }
}

/// A CSV error as a problem, or as an I/O failure.
fn csv_error(error: csv::Error, file: &str, io_error: impl Fn(io::Error) -> LoadError) -> Result<Problem, LoadError> {
    let line = error.position().and_then(|position| usize::try_from(position.line()).ok());
    let text = error.to_string();
    let message = match error.into_kind() {
        csv::ErrorKind::Io(source) => return Err(io_error(source)),
        csv::ErrorKind::Utf8 { err, .. } => format!("not UTF-8: {err}"),
        _ => format!("malformed CSV: {text}"),
    };
    Ok(Problem::new(Some(Location { file: file.to_owned(), line, column: None }), message))
}

/// A field with its columns looked up in the header.
#[derive(Debug)]
enum Resolved {
    Column(usize),
    Template(Vec<ResolvedPiece>),
    Value(String),
}

#[derive(Debug)]
enum ResolvedPiece {
    Text(String),
    Column(usize),
    Line,
}

/// A field and its name in messages.
#[derive(Debug)]
struct NamedField<'m> {
    field: &'m Field,
    resolved: Resolved,
}

/// The mapping's fields, resolved against the header.
#[derive(Debug)]
struct ResolvedMapping<'m> {
    id: Option<NamedField<'m>>,
    source: NamedField<'m>,
    holder: Option<NamedField<'m>>,
    stance: NamedField<'m>,
    position: NamedField<'m>,
    via: Option<NamedField<'m>>,
    said: Option<NamedField<'m>>,
    when_from: Option<NamedField<'m>>,
    when_to: Option<NamedField<'m>>,
    reported: Option<NamedField<'m>>,
    quote: Option<NamedField<'m>>,
    confidence: Option<NamedField<'m>>,
    statement: Option<NamedField<'m>>,
    source_name: Option<NamedField<'m>>,
    source_kind: Option<NamedField<'m>>,
    actor_name: Option<NamedField<'m>>,
    actor_kind: Option<NamedField<'m>>,
}

impl<'m> ResolvedMapping<'m> {
    /// Looks up every column; all missing columns are reported together, at line 1.
    fn new(
        mapping: &'m Mapping,
        columns: &HashMap<&str, usize>,
        repeated: &[&str],
        file: &str,
    ) -> Result<Self, LoadError> {
        let mut missing: Vec<&str> = Vec::new();
        let mut ambiguous: Vec<&str> = Vec::new();
        let mut resolve = |field: &'m Field| {
            let mut look_up = |name: &'m str| match columns.get(name) {
                Some(index) => {
                    if repeated.contains(&name) && !ambiguous.contains(&name) {
                        ambiguous.push(name);
                    }
                    *index
                }
                None => {
                    if !missing.contains(&name) {
                        missing.push(name);
                    }
                    0
                }
            };
            let resolved = match field {
                Field::Column(name) => Resolved::Column(look_up(name)),
                Field::Value(value) => Resolved::Value(value.clone()),
                Field::Template(pieces) => Resolved::Template(
                    pieces
                        .iter()
                        .map(|piece| match piece {
                            Piece::Text(text) => ResolvedPiece::Text(text.clone()),
                            Piece::Column(name) => ResolvedPiece::Column(look_up(name)),
                            Piece::Line => ResolvedPiece::Line,
                        })
                        .collect(),
                ),
            };
            NamedField { field, resolved }
        };
        let fields = &mapping.assertions;
        let resolved = ResolvedMapping {
            id: fields.id.as_ref().map(&mut resolve),
            source: resolve(&fields.source),
            holder: fields.holder.as_ref().map(&mut resolve),
            stance: resolve(&fields.stance),
            position: resolve(&fields.position),
            via: fields.via.as_ref().map(&mut resolve),
            said: fields.said.as_ref().map(&mut resolve),
            when_from: fields.when_from.as_ref().map(&mut resolve),
            when_to: fields.when_to.as_ref().map(&mut resolve),
            reported: fields.reported.as_ref().map(&mut resolve),
            quote: fields.quote.as_ref().map(&mut resolve),
            confidence: fields.confidence.as_ref().map(&mut resolve),
            statement: mapping.positions.statement.as_ref().map(&mut resolve),
            source_name: mapping.sources.name.as_ref().map(&mut resolve),
            source_kind: mapping.sources.kind.as_ref().map(&mut resolve),
            actor_name: mapping.actors.name.as_ref().map(&mut resolve),
            actor_kind: mapping.actors.kind.as_ref().map(&mut resolve),
        };
        if missing.is_empty() && ambiguous.is_empty() {
            return Ok(resolved);
        }
        let header = || Some(Location { file: file.to_owned(), line: Some(1), column: None });
        let mut known: Vec<&str> = columns.keys().copied().collect();
        known.sort_unstable();
        let problems = missing
            .into_iter()
            .map(|name| {
                let hint = match crate::suggest::closest(name, known.iter().copied()) {
                    Some(candidate) => format!(" (did you mean {candidate:?}?)"),
                    None => format!(" (the columns are {})", quoted_list(&known)),
                };
                Problem::new(header(), format!("the mapping names column {name:?}, which the header lacks{hint}"))
            })
            .chain(ambiguous.into_iter().map(|name| {
                Problem::new(
                    header(),
                    format!("the mapping names column {name:?}, which the header has more than once"),
                )
            }))
            .collect::<Vec<_>>();
        Err(LoadError::from(problems))
    }
}

/// `"a", "b", "c"`.
fn quoted_list(items: &[&str]) -> String {
    items.iter().map(|item| format!("{item:?}")).collect::<Vec<_>>().join(", ")
}

/// One data row.
struct Row<'r> {
    cells: &'r csv::StringRecord,
    line: usize,
}

impl Row<'_> {
    /// The field's text on this row; `None` when a column it reads is empty or the text is.
    fn value(&self, field: &NamedField<'_>) -> Option<String> {
        let cell = |index: usize| self.cells.get(index).map(str::trim).filter(|cell| !cell.is_empty());
        let text = match &field.resolved {
            Resolved::Column(index) => cell(*index)?.to_owned(),
            Resolved::Value(value) => value.trim().to_owned(),
            Resolved::Template(pieces) => {
                let mut text = String::new();
                for piece in pieces {
                    match piece {
                        ResolvedPiece::Text(part) => text.push_str(part),
                        ResolvedPiece::Column(index) => text.push_str(cell(*index)?),
                        ResolvedPiece::Line => text.push_str(&self.line.to_string()),
                    }
                }
                text.trim().to_owned()
            }
        };
        (!text.is_empty()).then_some(text)
    }
}

/// The records made so far, keyed by id, with the line that first named each.
struct Importer<'m> {
    mapping: &'m Mapping,
    file: &'m str,
    problems: Vec<Problem>,
    summary: ImportSummary,
    positions: IndexMap<String, PositionRecord>,
    sources: IndexMap<String, SourceRecord>,
    actors: IndexMap<String, ActorRecord>,
    assertions: Vec<AssertionRecord>,
    /// The line of each assertion id, to name it when the id comes again.
    assertion_lines: HashMap<String, usize>,
}

impl<'m> Importer<'m> {
    fn new(mapping: &'m Mapping, file: &'m str) -> Importer<'m> {
        Importer {
            mapping,
            file,
            problems: Vec::new(),
            summary: ImportSummary::default(),
            positions: IndexMap::new(),
            sources: IndexMap::new(),
            actors: IndexMap::new(),
            assertions: Vec::new(),
            assertion_lines: HashMap::new(),
        }
    }

    fn at(&self, line: usize) -> Option<Location> {
        Some(Location { file: self.file.to_owned(), line: Some(line), column: None })
    }

    /// Turns one row into an assertion and the records it names, or into problems.
    fn import_row(&mut self, fields: &ResolvedMapping<'_>, row: &Row<'_>) {
        let mut problems = Vec::new();
        let here = self.at(row.line);
        let empty = |what: &str, field: &NamedField<'_>| {
            Problem::new(here.clone(), format!("empty {what}: nothing in {}", field.field))
        };

        // The stance decides first whether the row is an assertion at all.
        let Some(word) = row.value(&fields.stance) else {
            self.problems.push(empty("stance", &fields.stance));
            return;
        };
        let stance = match self.mapping.stance_for(&word) {
            Some(target) => match target.stance() {
                Some(stance) => stance,
                None => {
                    self.summary.skipped_by_stance += 1;
                    *self.summary.skipped_by_word.entry(word.trim().to_lowercase()).or_insert(0) += 1;
                    return;
                }
            },
            None => {
                let mut known: Vec<&str> = self.mapping.stance_words().map(|(word, _)| word).collect();
                known.extend(crate::model::Stance::ALL.iter().map(|stance| stance.as_str()));
                problems.push(Problem::new(
                    here.clone(),
                    format!("unknown stance word {word:?}: the mapping knows {}", quoted_list(&known)),
                ));
                crate::model::Stance::Supports
            }
        };

        let id = match &fields.id {
            None => Some(format!("row-{}", row.line)),
            Some(field) => {
                match row.value(field) {
                    None => {
                        problems.push(empty("assertion id", field));
                        None
                    }
                    Some(raw) => {
                        let id = sanitize_id(&raw);
                        if id.is_empty() {
                            problems.push(Problem::new(
                            here.clone(),
                            format!("assertion id {raw:?} has no character allowed in ids (ASCII letters, digits, _ - . :)"),
                        ));
                            None
                        } else {
                            Some(id)
                        }
                    }
                }
            }
        };
        let source = self.reference(row, &fields.source, "source", self.mapping.sources.create, &mut problems);
        let position = self.reference(row, &fields.position, "position", self.mapping.positions.create, &mut problems);
        let holder = match &fields.holder {
            None => None,
            Some(field) => match row.value(field) {
                None => None,
                Some(_) => self.reference(row, field, "holder", self.mapping.actors.create, &mut problems),
            },
        };
        let mut via = Vec::new();
        if let Some(field) = &fields.via
            && let Some(text) = row.value(field)
        {
            for part in text.split(self.mapping.assertions.via_separator.as_str()) {
                let part = part.trim();
                if part.is_empty() {
                    continue;
                }
                match self.make_id(part, self.mapping.sources.create) {
                    Some(id) => via.push((id, part.to_owned())),
                    None => problems.push(Problem::new(
                        here.clone(),
                        format!("via source {part:?} has no character allowed in ids (ASCII letters, digits, _ - . :)"),
                    )),
                }
            }
        }
        let date = |field: &Option<NamedField<'_>>, problems: &mut Vec<Problem>| {
            let field = field.as_ref()?;
            let text = row.value(field)?;
            match text.parse::<PartialDate>() {
                Ok(date) => Some((text, date)),
                Err(error) => {
                    problems.push(Problem::new(here.clone(), format!("{error} (in {})", field.field)));
                    None
                }
            }
        };
        let said = date(&fields.said, &mut problems);
        let when_from = date(&fields.when_from, &mut problems);
        let when_to = date(&fields.when_to, &mut problems);
        let reported = date(&fields.reported, &mut problems);
        if let (Some((from_text, from)), Some((to_text, to))) = (&when_from, &when_to)
            && from.first_day() > to.last_day()
        {
            problems.push(Problem::new(here.clone(), format!("when from {from_text} is after when to {to_text}")));
        }
        let confidence = fields.confidence.as_ref().and_then(|field| {
            let text = row.value(field)?;
            match text.parse::<f64>() {
                Ok(number) if (0.0..=1.0).contains(&number) => Some(number),
                _ => {
                    problems.push(Problem::new(
                        here.clone(),
                        format!("confidence {text:?} is not a number in [0, 1] (in {})", field.field),
                    ));
                    None
                }
            }
        });
        let quote = fields.quote.as_ref().and_then(|field| row.value(field));

        if let Some(id) = &id
            && let Some(first_line) = self.assertion_lines.get(id)
        {
            problems.push(Problem::new(here.clone(), format!("duplicate assertion id (first on line {first_line})")));
        }

        // Records are only made from rows that become assertions.
        let statement = fields.statement.as_ref().and_then(|field| row.value(field));
        if let Some((position_id, _)) = &position
            && let Some(existing) = self.positions.get(position_id)
            && let (Some(before), Some(now)) = (&existing.statement, &statement)
            && before != now
        {
            let first_line = existing.location.as_ref().and_then(|location| location.line).unwrap_or(0);
            problems.push(Problem::in_record(
                here.clone(),
                RecordKind::Position,
                position_id.clone(),
                format!("statement {now:?} differs from {before:?} on line {first_line}"),
            ));
        }

        let (Some(id), Some((source, source_raw)), Some((position, _))) = (id.clone(), source, position) else {
            self.push_problems(problems, id.as_deref());
            return;
        };
        if !problems.is_empty() {
            self.push_problems(problems, Some(&id));
            return;
        }

        if self.mapping.positions.create && !self.positions.contains_key(&position) {
            self.positions.insert(
                position.clone(),
                PositionRecord { id: position.clone(), statement: None, location: here.clone() },
            );
        }
        if let Some(record) = self.positions.get_mut(&position)
            && record.statement.is_none()
        {
            record.statement = statement;
        }
        self.add_source(&source, &source_raw, fields, row);
        for (via_id, via_raw) in &via {
            self.add_source(via_id, via_raw, fields, row);
        }
        let holder = holder.map(|(holder, holder_raw)| {
            self.add_actor(&holder, &holder_raw, fields, row);
            holder
        });
        if holder.is_none() {
            self.summary.claims_of_fact += 1;
        }
        let when = (when_from.is_some() || when_to.is_some())
            .then(|| WhenRecord { from: when_from.map(|(text, _)| text), to: when_to.map(|(text, _)| text) });
        self.assertion_lines.insert(id.clone(), row.line);
        self.assertions.push(AssertionRecord {
            id,
            source,
            holder,
            stance: stance.as_str().to_owned(),
            position,
            via: via.into_iter().map(|(id, _)| id).collect(),
            said: said.map(|(text, _)| text),
            when,
            reported: reported.map(|(text, _)| text),
            quote,
            confidence,
            location: here,
        });
        self.summary.imported += 1;
    }

    /// A row's problems, tagged with the assertion id when known.
    fn push_problems(&mut self, problems: Vec<Problem>, id: Option<&str>) {
        self.problems.extend(problems.into_iter().map(|mut problem| {
            if problem.record.is_none()
                && let Some(id) = id
            {
                problem.record = Some((RecordKind::Assertion, id.to_owned()));
            }
            problem
        }));
    }

    /// The id a value names: made to fit the id syntax when records are made from values, else
    /// the value as written. `None` when nothing is left.
    fn make_id(&self, raw: &str, create: bool) -> Option<String> {
        let id = if create { sanitize_id(raw) } else { raw.trim().to_owned() };
        (!id.is_empty()).then_some(id)
    }

    /// The id and raw value of a required reference field (source, position, holder).
    fn reference(
        &self,
        row: &Row<'_>,
        field: &NamedField<'_>,
        what: &str,
        create: bool,
        problems: &mut Vec<Problem>,
    ) -> Option<(String, String)> {
        let Some(raw) = row.value(field) else {
            problems.push(Problem::new(self.at(row.line), format!("empty {what}: nothing in {}", field.field)));
            return None;
        };
        match self.make_id(&raw, create) {
            Some(id) => Some((id, raw)),
            None => {
                problems.push(Problem::new(
                    self.at(row.line),
                    format!("{what} {raw:?} has no character allowed in ids (ASCII letters, digits, _ - . :)"),
                ));
                None
            }
        }
    }

    fn add_source(&mut self, id: &str, raw: &str, fields: &ResolvedMapping<'_>, row: &Row<'_>) {
        if !self.mapping.sources.create {
            return;
        }
        let name = fields
            .source_name
            .as_ref()
            .and_then(|field| row.value(field))
            .or_else(|| (raw != id).then(|| raw.to_owned()));
        let kind = fields.source_kind.as_ref().and_then(|field| row.value(field));
        let location = self.at(row.line);
        let record = self.sources.entry(id.to_owned()).or_insert_with(|| SourceRecord {
            id: id.to_owned(),
            location,
            ..SourceRecord::default()
        });
        if record.name.is_none() {
            record.name = name;
        }
        if record.kind.is_none() {
            record.kind = kind;
        }
    }

    fn add_actor(&mut self, id: &str, raw: &str, fields: &ResolvedMapping<'_>, row: &Row<'_>) {
        if !self.mapping.actors.create {
            return;
        }
        let name = fields
            .actor_name
            .as_ref()
            .and_then(|field| row.value(field))
            .or_else(|| (raw != id).then(|| raw.to_owned()));
        let kind = fields.actor_kind.as_ref().and_then(|field| row.value(field));
        let location = self.at(row.line);
        let record = self.actors.entry(id.to_owned()).or_insert_with(|| ActorRecord {
            id: id.to_owned(),
            location,
            ..ActorRecord::default()
        });
        if record.name.is_none() {
            record.name = name;
        }
        if record.kind.is_none() {
            record.kind = kind;
        }
    }

    fn finish(self) -> Result<Imported, LoadError> {
        if !self.problems.is_empty() {
            return Err(LoadError::from(self.problems));
        }
        let mut summary = self.summary;
        summary.positions_created = self.positions.len();
        summary.sources_created = self.sources.len();
        summary.actors_created = self.actors.len();
        let document = Document {
            actors: self.actors.into_values().collect(),
            sources: self.sources.into_values().collect(),
            positions: self.positions.into_values().collect(),
            rules: Vec::new(),
            assertions: self.assertions,
        };
        Ok(Imported { document, summary })
    }
}

/// The formats a [`Document`] can be written in.
#[derive(Copy, Clone, PartialEq, Eq, Hash, Debug)]
#[non_exhaustive]
pub enum DocumentFormat {
    /// JSON, pretty-printed.
    Json,
    /// TOML.
    Toml,
}

impl DocumentFormat {
    /// `json` or `toml`.
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentFormat::Json => "json",
            DocumentFormat::Toml => "toml",
        }
    }

    /// The format a file name's extension asks for (`.json`, `.toml`), if any.
    ///
    /// ```
    /// use claimgraph::import::DocumentFormat;
    /// assert_eq!(DocumentFormat::from_path("out/claims.toml"), Some(DocumentFormat::Toml));
    /// assert_eq!(DocumentFormat::from_path("claims.csv"), None);
    /// ```
    pub fn from_path(path: impl AsRef<Path>) -> Option<DocumentFormat> {
        match path.as_ref().extension()?.to_str()? {
            "json" => Some(DocumentFormat::Json),
            "toml" => Some(DocumentFormat::Toml),
            _ => None,
        }
    }
}

impl fmt::Display for DocumentFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a text does not name a [`DocumentFormat`].
#[derive(Clone, PartialEq, Eq, Debug, thiserror::Error)]
#[error("unknown document format {0:?}: expected json or toml")]
pub struct UnknownFormat(String);

impl FromStr for DocumentFormat {
    type Err = UnknownFormat;

    /// `json` or `toml`.
    fn from_str(text: &str) -> Result<DocumentFormat, UnknownFormat> {
        match text {
            "json" => Ok(DocumentFormat::Json),
            "toml" => Ok(DocumentFormat::Toml),
            other => Err(UnknownFormat(other.to_owned())),
        }
    }
}

/// Why a document could not be written.
#[derive(Clone, PartialEq, Eq, Debug, thiserror::Error)]
#[error("cannot write the document as {format}: {message}")]
pub struct WriteError {
    format: DocumentFormat,
    message: String,
}

/// Writes a claim-set document as JSON (pretty-printed) or TOML, ending with a line break. Empty
/// lists and absent fields are left out; reading the text back gives the same document.
///
/// ```
/// use claimgraph::{AssertionRecord, Document, SourceRecord};
/// use claimgraph::import::{DocumentFormat, write_document};
/// let document = Document {
///     sources: vec![SourceRecord { id: "wsj".into(), ..Default::default() }],
///     ..Default::default()
/// };
/// assert_eq!(write_document(&document, DocumentFormat::Toml)?, "[[sources]]\nid = \"wsj\"\n");
/// assert!(write_document(&document, DocumentFormat::Json)?.starts_with("{\n  \"sources\": ["));
/// # Ok::<(), claimgraph::import::WriteError>(())
/// ```
///
/// # Errors
///
/// [`WriteError`] when the serializer refuses the document (not expected for documents made by
/// [`import_csv`] or read from a file).
pub fn write_document(document: &Document, format: DocumentFormat) -> Result<String, WriteError> {
    let written = match format {
        DocumentFormat::Json => serde_json::to_string_pretty(document).map_err(|error| error.to_string()),
        DocumentFormat::Toml => ::toml::to_string(document).map_err(|error| error.to_string()),
    };
    match written {
        Ok(mut text) => {
            if !text.ends_with('\n') {
                text.push('\n');
            }
            Ok(text)
        }
        Err(message) => Err(WriteError { format, message }),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    const MAPPING: &str = r#"
        [assertions]
        source = "outlet"
        holder = "speaker"
        stance = "stance"
        position = "claim"
        said = "date"
        quote = "quote"
        via = "via"
        [positions]
        statement = "statement"
        [sources]
        kind = { value = "outlet" }
        [stances]
        for = "supports"
        against = "opposes"
        "maybe" = "open_to"
        observing = "skip"
    "#;

    fn mapping() -> Mapping {
        Mapping::from_toml_str(MAPPING).unwrap()
    }

    fn lines_and_messages(error: &LoadError) -> Vec<(Option<usize>, String)> {
        error
            .problems()
            .iter()
            .map(|problem| (problem.location.as_ref().and_then(|location| location.line), problem.message.clone()))
            .collect()
    }

    #[test]
    fn quoted_fields_and_records_made_from_values() {
        let csv = "outlet,speaker,stance,claim,statement,date,quote,via\n\
                   New York Post,Donald Trump,FOR,us guarantees,\"The US gives Ukraine \"\"security guarantees\"\"\",2025-08-15,\"committed, in principle,\nto guarantees\",\n\
                   wsj,Donald Trump, maybe ,us guarantees,\"The US gives Ukraine \"\"security guarantees\"\"\",2025-08,,European officials; Reuters\n";
        let imported = import_csv(csv.as_bytes(), "seed.csv", &mapping()).unwrap();
        let document = &imported.document;
        assert_eq!(imported.summary.rows, 2);
        assert_eq!(imported.summary.imported, 2);
        assert_eq!(imported.summary.claims_of_fact, 0);

        let first = &document.assertions[0];
        assert_eq!(first.id, "row-2");
        assert_eq!(first.source, "New-York-Post");
        assert_eq!(first.holder.as_deref(), Some("Donald-Trump"));
        assert_eq!(first.stance, "supports");
        assert_eq!(first.position, "us-guarantees");
        assert_eq!(first.said.as_deref(), Some("2025-08-15"));
        assert_eq!(first.quote.as_deref(), Some("committed, in principle,\nto guarantees"));
        assert!(first.via.is_empty());
        assert_eq!(first.location.as_ref().unwrap().to_string(), "seed.csv:2");

        // The quoted line break makes the second record start on line 4.
        let second = &document.assertions[1];
        assert_eq!(second.id, "row-4");
        assert_eq!(second.stance, "open_to");
        assert_eq!(second.via, ["European-officials", "Reuters"]);
        assert_eq!(second.quote, None);

        assert_eq!(document.positions.len(), 1);
        assert_eq!(document.positions[0].statement.as_deref(), Some("The US gives Ukraine \"security guarantees\""));
        let sources: Vec<(&str, Option<&str>, Option<&str>)> = document
            .sources
            .iter()
            .map(|source| (source.id.as_str(), source.name.as_deref(), source.kind.as_deref()))
            .collect();
        assert_eq!(
            sources,
            [
                ("New-York-Post", Some("New York Post"), Some("outlet")),
                ("wsj", None, Some("outlet")),
                ("European-officials", Some("European officials"), Some("outlet")),
                ("Reuters", None, Some("outlet")),
            ]
        );
        assert_eq!(document.actors.len(), 1);
        assert_eq!(document.actors[0].name.as_deref(), Some("Donald Trump"));
        assert_eq!(imported.summary.sources_created, 4);
    }

    #[test]
    fn unknown_stance_word_is_reported_with_its_line_and_skipped_rows_are_counted() {
        let csv = "outlet,speaker,stance,claim,statement,date,quote,via\n\
                   wsj,trump,for,g,,,,\n\
                   wsj,trump,observing,g,,,,\n\
                   wsj,trump,denies,g,,,,\n\
                   wsj,trump,Observing,h,,,,\n";
        let error = import_csv(csv.as_bytes(), "s.csv", &mapping()).unwrap_err();
        let found = lines_and_messages(&error);
        assert_eq!(found.len(), 1, "{error}");
        assert_eq!(found[0].0, Some(4));
        assert!(found[0].1.starts_with("unknown stance word \"denies\": the mapping knows \"against\""), "{error}");
        assert_eq!(error.problems()[0].record, Some((RecordKind::Assertion, "row-4".to_owned())));
        assert!(error.to_string().starts_with("s.csv:4: assertion \"row-4\": unknown stance word"), "{error}");

        let fixed = csv.replace("denies", "against");
        let imported = import_csv(fixed.as_bytes(), "s.csv", &mapping()).unwrap();
        assert_eq!(imported.summary.rows, 4);
        assert_eq!(imported.summary.imported, 2);
        assert_eq!(imported.summary.skipped_by_stance, 2);
        assert_eq!(imported.summary.skipped_by_word.get("observing"), Some(&2));
        // Skipped rows make no records.
        assert_eq!(imported.document.positions.len(), 1);
        assert_eq!(
            imported.summary.to_string(),
            "4 rows: 2 imported, 2 skipped by stance (observing 2); made 1 position, 1 source, 1 actor"
        );
    }

    #[test]
    fn empty_cells() {
        let csv = "outlet,speaker,stance,claim,statement,date,quote,via\n\
                   ,trump,for,g,,,,\n\
                   wsj,,for,g,,,,\n\
                   wsj,trump,,g,,,,\n\
                   wsj,trump,against,  ,,,,\n";
        let error = import_csv(csv.as_bytes(), "e.csv", &mapping()).unwrap_err();
        let found = lines_and_messages(&error);
        assert_eq!(
            found,
            [
                (Some(2), "empty source: nothing in column \"outlet\"".to_owned()),
                (Some(4), "empty stance: nothing in column \"stance\"".to_owned()),
                (Some(5), "empty position: nothing in column \"claim\"".to_owned()),
            ]
        );
        // An empty holder makes a claim of fact; empty optional cells are absent fields.
        let fixed = "outlet,speaker,stance,claim,statement,date,quote,via\nwsj,,for,g,,,,\n";
        let imported = import_csv(fixed.as_bytes(), "e.csv", &mapping()).unwrap();
        assert_eq!(imported.summary.claims_of_fact, 1);
        let assertion = &imported.document.assertions[0];
        assert_eq!((assertion.holder.as_ref(), assertion.said.as_ref(), assertion.quote.as_ref()), (None, None, None));
        assert_eq!(imported.document.positions[0].statement, None);
    }

    #[test]
    fn bad_dates_numbers_ids_and_statements() {
        let mapping = Mapping::from_toml_str(
            r#"
            [assertions]
            id = { template = "a-{n}" }
            source = { value = "wsj" }
            stance = "stance"
            position = "claim"
            when_from = "from"
            when_to = "to"
            confidence = "confidence"
            [positions]
            statement = "statement"
            "#,
        )
        .unwrap();
        let csv = "n,stance,claim,statement,from,to,confidence\n\
                   1,supports,g,G is true,2025-08-15,,0.5\n\
                   2,supports,g,G is true,15/08/2025,,\n\
                   3,opposes,g,G is true,2025-09,2025-08,\n\
                   4,opposes,g,G is true,,,high\n\
                   1,opposes,g,G is true,,,\n\
                   6,opposes,g,G is false,,,\n\
                   7,opposes,g\n";
        let error = import_csv(csv.as_bytes(), "d.csv", &mapping).unwrap_err();
        let lines: Vec<Option<usize>> = lines_and_messages(&error).into_iter().map(|(line, _)| line).collect();
        assert_eq!(lines, [Some(3), Some(4), Some(5), Some(6), Some(7), Some(8)], "{error}");
        let text = error.to_string();
        assert!(text.contains("d.csv:3: assertion \"a-2\": bad date \"15/08/2025\""), "{text}");
        assert!(text.contains("d.csv:4: assertion \"a-3\": when from 2025-09 is after when to 2025-08"), "{text}");
        assert!(text.contains("d.csv:5: assertion \"a-4\": confidence \"high\" is not a number in [0, 1]"), "{text}");
        assert!(text.contains("d.csv:6: assertion \"a-1\": duplicate assertion id (first on line 2)"), "{text}");
        assert!(
            text.contains("d.csv:7: position \"g\": statement \"G is false\" differs from \"G is true\" on line 2")
        );
        assert!(text.contains("d.csv:8: row has 3 cells but the header has 7"), "{text}");
    }

    #[test]
    fn missing_columns_are_named_at_the_header() {
        let csv = "outlet,speaker,stance,claim\nwsj,trump,for,g\n";
        let error = import_csv(csv.as_bytes(), "m.csv", &mapping()).unwrap_err();
        let text = error.to_string();
        assert!(text.contains("m.csv:1: the mapping names column \"statement\", which the header lacks"), "{text}");
        assert_eq!(error.problems().len(), 4, "{text}");

        let typo = "outlets,speaker,stance,claim,statement,date,quote,via\n";
        let error = import_csv(typo.as_bytes(), "m.csv", &mapping()).unwrap_err();
        assert!(error.to_string().contains("(did you mean \"outlets\"?)"), "{error}");
    }

    #[test]
    fn records_can_come_from_other_documents() {
        let mapping = Mapping::from_toml_str(
            r#"
            delimiter = ";"
            [assertions]
            id = "id"
            source = "source"
            holder = "holder"
            stance = "stance"
            position = "position"
            [positions]
            create = false
            [sources]
            create = false
            [actors]
            create = false
            "#,
        )
        .unwrap();
        let csv = "id;source;holder;stance;position\npost-1;nypost;trump;supports;us-guarantees\n";
        let imported = import_csv(csv.as_bytes(), "r.csv", &mapping).unwrap();
        let document = &imported.document;
        assert!(document.positions.is_empty() && document.sources.is_empty() && document.actors.is_empty());
        assert_eq!(document.assertions[0].id, "post-1");
        assert_eq!(document.assertions[0].holder.as_deref(), Some("trump"));
    }

    #[test]
    fn documents_round_trip_through_both_formats() {
        let csv = "outlet,speaker,stance,claim,statement,date,quote,via\n\
                   wsj,Donald Trump,for,g,\"G, quoted\",2025-08,\"a \"\"quote\"\"\",eu officials\n";
        let document = import_csv(csv.as_bytes(), "t.csv", &mapping()).unwrap().document;
        let strip = |mut document: Document| {
            for assertion in &mut document.assertions {
                assertion.location = None;
            }
            for position in &mut document.positions {
                position.location = None;
            }
            for source in &mut document.sources {
                source.location = None;
            }
            for actor in &mut document.actors {
                actor.location = None;
            }
            document
        };
        let json = write_document(&document, DocumentFormat::Json).unwrap();
        let toml = write_document(&document, DocumentFormat::Toml).unwrap();
        assert_eq!(serde_json::from_str::<Document>(&json).unwrap(), strip(document.clone()));
        assert_eq!(::toml::from_str::<Document>(&toml).unwrap(), strip(document));
        assert_eq!("toml".parse::<DocumentFormat>(), Ok(DocumentFormat::Toml));
        assert!("yaml".parse::<DocumentFormat>().is_err());
    }

    #[test]
    fn malformed_csv_and_bad_bytes_are_problems() {
        let mapping = mapping();
        let bytes: &[u8] = b"outlet,speaker,stance,claim,statement,date,quote,via\nwsj,trump,for,g,\xff,,,\n";
        let error = import_csv(bytes, "b.csv", &mapping).unwrap_err();
        assert_eq!(error.problems()[0].location.as_ref().unwrap().line, Some(2), "{error}");
        assert!(error.to_string().contains("not UTF-8"), "{error}");
        assert!(import_csv(&b""[..], "empty.csv", &mapping).is_err());
    }

    #[test]
    fn load_with_mapping_gathers_problems_from_every_file() {
        let folder = std::env::temp_dir().join(format!("claimgraph-import-{}", std::process::id()));
        std::fs::create_dir_all(&folder).unwrap();
        let csv = folder.join("stances.csv");
        let json = folder.join("actors.json");
        let text = folder.join("notes.txt");
        std::fs::write(&csv, "outlet,speaker,stance,claim,statement,date,quote,via\nwsj,trump,denies,g,,,,\n").unwrap();
        std::fs::write(&json, "{\"actors\": [").unwrap();
        std::fs::write(&text, "").unwrap();
        let error = load_with_mapping(&[&csv, &json, &text], &mapping()).unwrap_err();
        let files: Vec<String> = error
            .problems()
            .iter()
            .map(|problem| problem.location.as_ref().map(|location| location.file.clone()).unwrap_or_default())
            .collect();
        std::fs::remove_dir_all(&folder).unwrap();
        assert_eq!(error.problems().len(), 3, "{error}");
        assert!(files[0].ends_with("stances.csv") && files[2].ends_with("notes.txt"), "{files:?}");
        assert!(error.problems()[2].message.contains(".csv, .json or .toml"), "{error}");
    }

    #[test]
    fn sanitized_ids() {
        assert_eq!(sanitize_id("a b\tc"), "a-b-c");
        assert_eq!(sanitize_id("--a--"), "--a--");
        assert_eq!(sanitize_id(" (x) "), "x");
        assert_eq!(sanitize_id("8faeb4b0-c41b-11e4"), "8faeb4b0-c41b-11e4");
    }
}
