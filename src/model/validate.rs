//! Turning wire documents into a validated [`ClaimSet`], with every problem reported.
//!
//! Validation runs in three passes: index the ids of every kind (syntax, duplicates, sorted
//! order), then resolve and check each record against those indices, then check what needs the
//! whole set (cycles of `speaks_for` and `member_of`; rules that cannot all hold, only when
//! nothing else is wrong, since the solver needs resolved rules). Every problem is kept with the
//! place of its record, and the list is sorted by document and position at the end, so the order
//! of problems does not depend on the order of the checks.
//!
//! Validation also holds the document to its [`Limits`]: the number of records, the length of
//! ids, texts and `via` chains, the depth of `speaks_for` and `member_of` chains and the number
//! of clauses the rules make. Its own work stays bounded too: suggestions for misspelt ids
//! ("did you mean") share a fixed budget of comparisons, so a document full of unknown
//! references against a million ids still loads in linear time.

use crate::suggest::closest;
use std::collections::VecDeque;

// Ids are hashed millions of times on large claim sets: a fast hasher, still seeded per run.
use foldhash::{HashMap, HashMapExt};
use std::str::FromStr;

use petgraph::algo::kosaraju_scc;
use petgraph::graph::{DiGraph, NodeIndex};

use crate::document::{
    ActorRecord, AssertionRecord, Document, Location, PositionRecord, RuleRecord, SourceRecord, WhenRecord,
};
use crate::error::{Problem, RecordKind};
use crate::limits::{Limits, over_limit};
use crate::model::{
    Actor, ActorId, Assertion, AssertionId, ClaimSet, Literal, PartialDate, Position, PositionId, Rule, RuleForm,
    RuleId, Source, SourceId, Stance, When,
};

/// The four rule forms, for messages.
const RULE_FORMS: &str = "if/then, if/then_any, excludes, equivalent";

/// How many candidate ids all the "did you mean" suggestions of one validation may compare
/// against, together. Past it, unknown references are reported without a suggestion.
const SUGGESTION_BUDGET: usize = 20_000_000;

/// The most records of one kind a claim set holds: ids are numbered in 31 bits, which leaves a
/// bit beside a position for its negation and beside an assertion or rule for which it is (in a
/// finding's [`crate::Step`]).
const MAX_RECORDS_OF_A_KIND: usize = (1 << 31) - 1;

/// Ids and references longer than this are shown cut short in problems.
const SHOWN_ID_CHARS: usize = 64;

/// Merges and validates documents within `limits`.
///
/// # Errors
///
/// Every problem found, sorted by document (in the order given), then by position in it.
pub(crate) fn validate(documents: Vec<Document>, limits: &Limits) -> Result<ClaimSet, Vec<Problem>> {
    let n_records: usize = documents
        .iter()
        .map(|document| {
            document.actors.len()
                + document.sources.len()
                + document.positions.len()
                + document.rules.len()
                + document.assertions.len()
        })
        .sum();
    if n_records > limits.max_records {
        let limit = over_limit(limits.max_records, "record", "records", "--max-records");
        return Err(vec![Problem::new(None, format!("too many records: {n_records}, {limit}"))]);
    }
    let count = |n_of: fn(&Document) -> usize| documents.iter().map(n_of).sum::<usize>();
    let mut records = Records {
        actors: RecordList::with_capacity(count(|document| document.actors.len())),
        sources: RecordList::with_capacity(count(|document| document.sources.len())),
        positions: RecordList::with_capacity(count(|document| document.positions.len())),
        rules: Vec::with_capacity(count(|document| document.rules.len())),
        assertions: RecordList::with_capacity(count(|document| document.assertions.len())),
    };
    let mut n_rules = 0_usize;
    for (document_index, document) in documents.into_iter().enumerate() {
        records.actors.append(document_index, document.actors, |record| &mut record.location);
        records.sources.append(document_index, document.sources, |record| &mut record.location);
        records.positions.append(document_index, document.positions, |record| &mut record.location);
        for (ordinal, mut record) in document.rules.into_iter().enumerate() {
            n_rules += 1;
            // Rules without an id are named by their place among all rules, which lets a reader
            // count their way to them.
            let name = record.id.clone().unwrap_or_else(|| format!("rule#{n_rules}"));
            let place = Place { document: document_index, ordinal, location: record.location.take() };
            records.rules.push((place, name, record));
        }
        records.assertions.append(document_index, document.assertions, |record| &mut record.location);
    }
    Validator::new(limits).run(&mut records)
}

/// Where a record is: which document, its place in its list, its location if known.
#[derive(Clone, Debug)]
struct Place {
    document: usize,
    ordinal: usize,
    location: Option<Location>,
}

/// Every record of every document, in document order.
struct Records {
    actors: RecordList<ActorRecord>,
    sources: RecordList<SourceRecord>,
    positions: RecordList<PositionRecord>,
    /// With the rule's name: its own id, or `rule#N`.
    rules: Vec<(Place, String, RuleRecord)>,
    assertions: RecordList<AssertionRecord>,
}

/// The records of one kind from every document, in document order, beside their places. The
/// records stay in the list they were read into (the first document's list is taken whole):
/// moving a million records one by one into a list of pairs took about as long as reading them.
struct RecordList<R> {
    places: Vec<Place>,
    records: Vec<R>,
}

impl<R> RecordList<R> {
    fn with_capacity(n_records: usize) -> RecordList<R> {
        RecordList { places: Vec::with_capacity(n_records), records: Vec::new() }
    }

    /// Appends the records of one document. Each record's location moves to its place:
    /// validation reads it only there.
    fn append(&mut self, document: usize, mut records: Vec<R>, location: fn(&mut R) -> &mut Option<Location>) {
        self.places.extend(records.iter_mut().enumerate().map(|(ordinal, record)| Place {
            document,
            ordinal,
            location: location(record).take(),
        }));
        if self.records.is_empty() {
            self.records = records;
        } else {
            self.records.append(&mut records);
        }
    }

    fn get(&self, index: usize) -> Option<(&Place, &R)> {
        self.places.get(index).zip(self.records.get(index))
    }

    /// The record at `index`, taken out of the list (a default one is left in its place).
    fn take(&mut self, index: usize) -> Option<(&Place, R)>
    where
        R: Default,
    {
        let record = std::mem::take(self.records.get_mut(index)?);
        Some((self.places.get(index)?, record))
    }

    fn iter(&self) -> impl ExactSizeIterator<Item = (&Place, &R)> {
        self.places.iter().zip(&self.records)
    }
}

/// The ids of one kind: which records are kept (first of each id), in id order.
struct IdIndex<'r, I> {
    /// Indices into the kind's record list, sorted by id.
    sorted: Vec<usize>,
    /// Id to the id of its place in `sorted`, borrowed from the records, for resolving
    /// references.
    by_id: HashMap<&'r str, I>,
    /// The ids in sorted order, for suggestions, borrowed from the records.
    sorted_ids: Vec<&'r str>,
}

/// Sort key of a problem: document, line, column, kind, place in the list, order found.
type ProblemKey = (usize, usize, usize, usize, usize, usize);

struct Validator {
    limits: Limits,
    problems: Vec<(ProblemKey, Problem)>,
    /// For "did you mean" on actors: lowercased id, name and aliases, each with the actor's id.
    actor_names: Vec<(String, String)>,
    /// The first actor id of each lowercased id, name and alias, for exact matches.
    actor_by_name: HashMap<String, String>,
    /// What is left of [`SUGGESTION_BUDGET`].
    suggestion_budget: usize,
}

/// The rank of a kind in a document, to order problems of records without a line.
fn kind_rank(kind: RecordKind) -> usize {
    match kind {
        RecordKind::Actor => 0,
        RecordKind::Source => 1,
        RecordKind::Position => 2,
        RecordKind::Rule => 3,
        RecordKind::Assertion => 4,
    }
}

/// Whether an id is non-empty and uses only ASCII letters, digits and `_ - . :`.
fn is_valid_id(id: &str) -> bool {
    !id.is_empty() && id.chars().all(crate::model::is_id_character)
}

/// An id or reference as shown in a problem: cut short, with an ellipsis, past
/// [`SHOWN_ID_CHARS`] characters.
fn shown(id: &str) -> String {
    match id.char_indices().nth(SHOWN_ID_CHARS) {
        Some((end, _)) => format!("{}…", id.get(..end).unwrap_or_default()),
        None => id.to_owned(),
    }
}

/// ` (did you mean "x"?)`, or nothing.
fn did_you_mean(suggestion: Option<&str>) -> String {
    suggestion.map(|suggestion| format!(" (did you mean {suggestion:?}?)")).unwrap_or_default()
}

/// Reads `p` or `!p` into the position id and whether it is negated.
fn split_literal(text: &str) -> Option<(&str, bool)> {
    match text.strip_prefix('!') {
        Some(rest) if !rest.is_empty() && !rest.starts_with('!') => Some((rest, true)),
        Some(_) => None,
        None if !text.is_empty() => Some((text, false)),
        None => None,
    }
}

/// Whether a number is in [0, 1]; NaN is not.
fn is_unit_interval(number: f64) -> bool {
    (0.0..=1.0).contains(&number)
}

impl Validator {
    fn new(limits: &Limits) -> Validator {
        Validator {
            limits: limits.clone(),
            problems: Vec::new(),
            actor_names: Vec::new(),
            actor_by_name: HashMap::new(),
            suggestion_budget: SUGGESTION_BUDGET,
        }
    }

    fn report(&mut self, place: &Place, kind: RecordKind, id: &str, message: String) {
        let line = place.location.as_ref().and_then(|location| location.line).unwrap_or(0);
        let column = place.location.as_ref().and_then(|location| location.column).unwrap_or(0);
        let key = (place.document, line, column, kind_rank(kind), place.ordinal, self.problems.len());
        self.problems.push((key, Problem::in_record(place.location.clone(), kind, shown(id), message)));
    }

    /// Whether a suggestion may compare against `n_candidates` more ids; spends them if so.
    /// The closest id of one kind to an unknown reference, within the suggestion budget.
    fn suggest<'i, I>(&mut self, reference: &str, index: &IdIndex<'i, I>) -> Option<&'i str> {
        if self.may_suggest(reference, index.sorted_ids.len()) {
            closest(reference, index.sorted_ids.iter().copied())
        } else {
            None
        }
    }

    fn may_suggest(&mut self, reference: &str, n_candidates: usize) -> bool {
        if reference.len() > self.limits.max_id_bytes || n_candidates > self.suggestion_budget {
            return false;
        }
        self.suggestion_budget -= n_candidates;
        true
    }

    /// Reports a text field longer than [`Limits::max_text_bytes`]; true when it is.
    fn text_too_long(&mut self, place: &Place, kind: RecordKind, id: &str, field: &str, text: Option<&str>) -> bool {
        let Some(text) = text.filter(|text| text.len() > self.limits.max_text_bytes) else { return false };
        let limit = over_limit(self.limits.max_text_bytes, "byte", "bytes", "--max-text-bytes");
        self.report(place, kind, id, format!("{field} is {} bytes long, {limit}", text.len()));
        true
    }

    /// Reports each text field of a list that is too long; true when one is.
    fn texts_too_long(&mut self, place: &Place, kind: RecordKind, id: &str, field: &str, texts: &[String]) -> bool {
        let mut any = false;
        for (index, text) in texts.iter().enumerate() {
            any |= self.text_too_long(place, kind, id, &format!("{field}[{index}]"), Some(text));
        }
        any
    }

    /// Validates every record; the assertions are taken out of `records` as they are validated
    /// (their places stay).
    fn run(mut self, records: &mut Records) -> Result<ClaimSet, Vec<Problem>> {
        let actor_ids = self.index_ids(
            RecordKind::Actor,
            records.actors.iter().map(|(place, r)| (place, &*r.id, true)),
            ActorId::from_index,
            true,
        );
        let source_ids = self.index_ids(
            RecordKind::Source,
            records.sources.iter().map(|(place, r)| (place, &*r.id, true)),
            SourceId::from_index,
            true,
        );
        let position_ids = self.index_ids(
            RecordKind::Position,
            records.positions.iter().map(|(place, r)| (place, &*r.id, true)),
            PositionId::from_index,
            true,
        );
        let rule_ids = self.index_ids(
            RecordKind::Rule,
            records.rules.iter().map(|(place, name, rule)| (place, &**name, rule.id.is_some())),
            RuleId::from_index,
            false,
        );
        // Nothing refers to assertions: only their order is kept, and nothing borrows them.
        let assertion_order = self
            .index_ids(
                RecordKind::Assertion,
                records.assertions.iter().map(|(place, r)| (place, &*r.id, true)),
                AssertionId::from_index,
                false,
            )
            .sorted;

        for (_, actor) in records.actors.iter() {
            let names = std::iter::once(&actor.id).chain(&actor.name).chain(&actor.aliases);
            for name in names {
                let lowercase = name.to_lowercase();
                self.actor_by_name.entry(lowercase.clone()).or_insert_with(|| actor.id.clone());
                self.actor_names.push((lowercase, actor.id.clone()));
            }
        }

        let ids = Ids { actors: &actor_ids, sources: &source_ids, positions: &position_ids };
        let actors: Vec<Option<Actor>> = actor_ids
            .sorted
            .iter()
            .map(|index| records.actors.get(*index).and_then(|(p, r)| self.actor(p, r, &ids)))
            .collect();
        // A claim set is only made when no record failed (each failure is reported), so these
        // lists need no slot for failures; actors and rules keep one, as the checks of cycles
        // and clauses below look records up by place.
        let sources =
            only_valid(&source_ids.sorted, |index| records.sources.get(index).and_then(|(p, r)| self.source(p, r)));
        let positions = only_valid(&position_ids.sorted, |index| {
            records.positions.get(index).and_then(|(p, r)| self.position(p, r))
        });
        let rules: Vec<Option<Rule>> = rule_ids
            .sorted
            .iter()
            .map(|index| records.rules.get(*index).and_then(|(p, name, r)| self.rule(p, name, r, &ids)))
            .collect();
        // Each assertion record is taken as it is validated: its id and quote move into the
        // assertion instead of being copied (a million ids at a million assertions).
        let assertions = only_valid(&assertion_order, |index| {
            records.assertions.take(index).and_then(|(p, r)| self.assertion(p, r, &ids))
        });

        let actor_places: Vec<&Place> =
            actor_ids.sorted.iter().filter_map(|index| records.actors.get(*index).map(|(place, _)| place)).collect();
        for (relation, edges) in
            [("speaks_for", Actor::speaks_for as fn(&Actor) -> &[ActorId]), ("member_of", Actor::member_of)]
        {
            // The depth of a relation is only defined once it has no cycle.
            if !self.check_cycles(relation, &actors, &actor_places, edges) {
                self.check_depth(relation, &actors, &actor_places, edges);
            }
        }
        self.check_clauses(records, &rule_ids, &rules);

        if !self.problems.is_empty() {
            return Err(self.into_problems());
        }
        let mut claims = ClaimSet {
            actors: all_of(actors),
            sources,
            positions,
            rules: all_of(rules),
            assertions,
            rules_model: None,
        };
        match crate::logic::check_rules(claims.positions.len(), &claims.rules) {
            // The clauses and the model found here are the checker's later: neither is made twice.
            Ok(checked) => claims.rules_model = Some(std::sync::Arc::new(checked)),
            Err(mut minimal) => {
                minimal.sort_unstable();
                minimal.dedup();
                let names: Vec<&str> =
                    minimal.iter().filter_map(|index| claims.rules.get(*index)).map(Rule::id).collect();
                let location = minimal
                    .first()
                    .and_then(|index| rule_ids.sorted.get(*index))
                    .and_then(|index| records.rules.get(*index))
                    .and_then(|(place, _, _)| place.location.clone());
                let message = format!("rules cannot all hold together: {}", names.join(", "));
                return Err(vec![Problem::new(location, message)]);
            }
        }
        Ok(claims)
    }

    fn into_problems(mut self) -> Vec<Problem> {
        self.problems.sort_by_key(|(key, _)| *key);
        self.problems.into_iter().map(|(_, problem)| problem).collect()
    }

    /// Checks the ids of one kind and sorts them; `checked` is false for generated rule names;
    /// `make_id` gives the id of a place in id order; `resolved` says whether other records
    /// refer to this kind, which then needs a map from id to place.
    fn index_ids<'r, I>(
        &mut self,
        kind: RecordKind,
        ids: impl ExactSizeIterator<Item = (&'r Place, &'r str, bool)>,
        make_id: fn(usize) -> I,
        resolved: bool,
    ) -> IdIndex<'r, I> {
        // Each id with its first 16 bytes as one number, compared first: most comparisons then read
        // no text, which for a million ids lies all over memory.
        let prefix = |id: &str| {
            let mut bytes = [0u8; 16];
            bytes.iter_mut().zip(id.as_bytes()).for_each(|(slot, byte)| *slot = *byte);
            u128::from_be_bytes(bytes)
        };
        let mut all: Vec<(u128, &str, usize, &Place)> = Vec::with_capacity(ids.len());
        for (index, (place, id, checked)) in ids.enumerate() {
            if checked && id.len() > self.limits.max_id_bytes {
                let limit = over_limit(self.limits.max_id_bytes, "byte", "bytes", "--max-id-bytes");
                self.report(place, kind, id, format!("id is {} bytes long, {limit}", id.len()));
            } else if checked && !is_valid_id(id) {
                let message = if id.is_empty() {
                    "empty id".to_owned()
                } else {
                    "invalid id: use only ASCII letters, digits and _ - . :".to_owned()
                };
                self.report(place, kind, id, message);
            }
            all.push((prefix(id), id, index, place));
        }
        // In id order, and records with the same id in the order they came: the first of each run
        // of equal ids is kept, the rest are duplicates of it. Sorting finds them without a hash
        // table of every id.
        all.sort_unstable_by(|left, right| {
            left.0.cmp(&right.0).then_with(|| left.1.as_bytes().cmp(right.1.as_bytes())).then(left.2.cmp(&right.2))
        });
        let mut kept: Vec<(&str, usize)> = Vec::with_capacity(all.len());
        let mut first_place: Option<&Place> = None;
        for (_, id, index, place) in all {
            match (kept.last(), first_place) {
                (Some((last, _)), Some(first_place)) if *last == id => {
                    let message = match &first_place.location {
                        Some(location) => format!("duplicate id, first defined at {location}"),
                        None => "duplicate id".to_owned(),
                    };
                    self.report(place, kind, id, message);
                }
                _ => {
                    kept.push((id, index));
                    first_place = Some(place);
                }
            }
        }
        if kept.len() > MAX_RECORDS_OF_A_KIND
            && let Some(place) = first_place
        {
            let place = place.clone();
            self.report(&place, kind, "", format!("too many records of this kind: at most {MAX_RECORDS_OF_A_KIND}"));
        }
        let by_id = if resolved {
            kept.iter().enumerate().map(|(position, (id, _))| (*id, make_id(position))).collect()
        } else {
            HashMap::default()
        };
        let sorted_ids = kept.iter().map(|(id, _)| *id).collect();
        IdIndex { sorted: kept.into_iter().map(|(_, index)| index).collect(), by_id, sorted_ids }
    }

    fn actor(&mut self, place: &Place, record: &ActorRecord, ids: &Ids<'_>) -> Option<Actor> {
        let resolve = |this: &mut Validator, field: &str, references: &[String]| {
            let mut resolved: Vec<ActorId> = Vec::new();
            let mut all_known = true;
            for reference in references {
                match this.resolve_actor(place, RecordKind::Actor, &record.id, reference, Some(field), ids) {
                    Some(id) if !resolved.contains(&id) => resolved.push(id),
                    Some(_) => {}
                    None => all_known = false,
                }
            }
            all_known.then_some(resolved)
        };
        let speaks_for = resolve(self, "speaks_for", &record.speaks_for);
        let member_of = resolve(self, "member_of", &record.member_of);
        let kind = RecordKind::Actor;
        let too_long = self.text_too_long(place, kind, &record.id, "name", record.name.as_deref())
            | self.text_too_long(place, kind, &record.id, "kind", record.kind.as_deref())
            | self.texts_too_long(place, kind, &record.id, "aliases", &record.aliases);
        if too_long {
            return None;
        }
        Some(Actor {
            id: record.id.clone(),
            name: record.name.clone(),
            kind: record.kind.clone(),
            aliases: record.aliases.clone(),
            speaks_for: speaks_for?,
            member_of: member_of?,
        })
    }

    fn source(&mut self, place: &Place, record: &SourceRecord) -> Option<Source> {
        let kind = RecordKind::Source;
        let too_long = self.text_too_long(place, kind, &record.id, "name", record.name.as_deref())
            | self.text_too_long(place, kind, &record.id, "kind", record.kind.as_deref());
        if too_long {
            return None;
        }
        if let Some(reliability) = record.reliability.filter(|number| !is_unit_interval(*number)) {
            self.report(place, RecordKind::Source, &record.id, format!("reliability: {reliability} is outside [0, 1]"));
            return None;
        }
        Some(Source {
            id: record.id.clone(),
            name: record.name.clone(),
            kind: record.kind.clone(),
            reliability: record.reliability,
        })
    }

    fn position(&mut self, place: &Place, record: &PositionRecord) -> Option<Position> {
        if self.text_too_long(place, RecordKind::Position, &record.id, "statement", record.statement.as_deref()) {
            return None;
        }
        Some(Position { id: record.id.clone(), statement: record.statement.clone() })
    }

    fn rule(&mut self, place: &Place, name: &str, record: &RuleRecord, ids: &Ids<'_>) -> Option<Rule> {
        let note_too_long = self.text_too_long(place, RecordKind::Rule, name, "note", record.note.as_deref());
        let form = self.rule_form(place, name, record, ids)?;
        if note_too_long {
            return None;
        }
        Some(Rule { id: name.to_owned(), has_own_id: record.id.is_some(), note: record.note.clone(), form })
    }

    fn rule_form(&mut self, place: &Place, name: &str, record: &RuleRecord, ids: &Ids<'_>) -> Option<RuleForm> {
        let kind = RecordKind::Rule;
        let present: Vec<&str> = [
            ("if", record.if_.is_some()),
            ("then", record.then.is_some()),
            ("then_any", record.then_any.is_some()),
            ("excludes", record.excludes.is_some()),
            ("equivalent", record.equivalent.is_some()),
        ]
        .into_iter()
        .filter_map(|(field, is_present)| is_present.then_some(field))
        .collect();
        let is_implication = record.if_.is_some() || record.then.is_some() || record.then_any.is_some();
        let n_forms = usize::from(is_implication)
            + usize::from(record.excludes.is_some())
            + usize::from(record.equivalent.is_some());
        if n_forms == 0 {
            self.report(place, kind, name, format!("no rule form: expected exactly one of {RULE_FORMS}"));
            return None;
        }
        if n_forms > 1 {
            let message = format!("several rule forms ({}): expected exactly one of {RULE_FORMS}", present.join(", "));
            self.report(place, kind, name, message);
            return None;
        }
        if let Some(positions) = &record.excludes {
            return self.position_list(place, name, "excludes", positions, ids).map(RuleForm::Excludes);
        }
        if let Some(positions) = &record.equivalent {
            return self.position_list(place, name, "equivalent", positions, ids).map(RuleForm::Equivalent);
        }
        let message = match (&record.if_, &record.then, &record.then_any) {
            (_, Some(_), Some(_)) => "both then and then_any: a rule takes one of them",
            (None, Some(_), None) => "then without if",
            (None, None, Some(_)) => "then_any without if",
            (Some(_), None, None) => "if without then or then_any",
            (Some(conditions), Some(consequences), None) => {
                let if_all = self.literal_list(place, name, "if", conditions.as_slice(), ids);
                let then_all = self.literal_list(place, name, "then", consequences.as_slice(), ids);
                return Some(RuleForm::Implies { if_all: if_all?, then_all: then_all? });
            }
            (Some(conditions), None, Some(consequences)) => {
                let if_all = self.literal_list(place, name, "if", conditions.as_slice(), ids);
                let then_any = self.literal_list(place, name, "then_any", consequences, ids);
                return Some(RuleForm::ImpliesAny { if_all: if_all?, then_any: then_any? });
            }
            (None, None, None) => "no rule form",
        };
        self.report(place, kind, name, message.to_owned());
        None
    }

    fn literal_list(
        &mut self,
        place: &Place,
        name: &str,
        field: &str,
        literals: &[String],
        ids: &Ids<'_>,
    ) -> Option<Vec<Literal>> {
        if literals.is_empty() {
            self.report(place, RecordKind::Rule, name, format!("{field}: empty list"));
            return None;
        }
        let mut resolved = Vec::with_capacity(literals.len());
        for text in literals {
            let Some((position, negated)) = split_literal(text) else {
                let message = format!("{field}: bad literal {text:?}: expected a position id, or ! and a position id");
                self.report(place, RecordKind::Rule, name, message);
                continue;
            };
            if let Some(position) = self.resolve_position(place, RecordKind::Rule, name, position, ids) {
                resolved.push(Literal { position, negated });
            }
        }
        let complete = resolved.len() == literals.len();
        // The order inside a rule carries no meaning; sorting keeps reports independent of it.
        resolved.sort_unstable();
        resolved.dedup();
        complete.then_some(resolved)
    }

    fn position_list(
        &mut self,
        place: &Place,
        name: &str,
        field: &str,
        positions: &[String],
        ids: &Ids<'_>,
    ) -> Option<Vec<PositionId>> {
        if positions.len() < 2 {
            let message = format!("{field}: needs two or more positions, found {}", positions.len());
            self.report(place, RecordKind::Rule, name, message);
            return None;
        }
        let mut resolved = Vec::with_capacity(positions.len());
        for position in positions {
            if position.starts_with('!') {
                let message = format!("{field}: takes position ids, not negations like {position:?}");
                self.report(place, RecordKind::Rule, name, message);
                continue;
            }
            resolved.extend(self.resolve_position(place, RecordKind::Rule, name, position, ids));
        }
        let complete = resolved.len() == positions.len();
        // The order inside a rule carries no meaning; sorting keeps reports independent of it.
        resolved.sort_unstable();
        resolved.dedup();
        complete.then_some(resolved)
    }

    fn assertion(&mut self, place: &Place, record: AssertionRecord, ids: &Ids<'_>) -> Option<Assertion> {
        let kind = RecordKind::Assertion;
        let id = &*record.id;
        let source = self.resolve_source(place, id, &record.source, None, ids);
        let quote_too_long = self.text_too_long(place, kind, id, "quote", record.quote.as_deref());
        let mut via = Some(Vec::with_capacity(record.via.len()));
        if record.via.len() > self.limits.max_via {
            let limit = over_limit(self.limits.max_via, "intermediary", "intermediaries", "--max-via");
            let message = format!("via lists {} intermediaries, {limit}", record.via.len());
            self.report(place, kind, id, message);
            via = None;
        }
        for intermediary in record.via.iter().take(self.limits.max_via) {
            match self.resolve_source(place, id, intermediary, Some("via"), ids) {
                Some(source) => via.iter_mut().for_each(|via| via.push(source)),
                None => via = None,
            }
        }
        let holder = match &record.holder {
            Some(holder) => self.resolve_actor(place, kind, id, holder, None, ids).map(Some),
            None => Some(None),
        };
        let stance = Stance::from_name(&record.stance);
        if stance.is_none() {
            let names = Stance::ALL.map(Stance::as_str);
            let message = format!(
                "unknown stance {:?}: expected one of {}{}",
                record.stance,
                names.join(", "),
                did_you_mean(closest(&record.stance, names))
            )
            .replace(&format!("{:?}", record.stance), &format!("{:?}", shown(&record.stance)));
            self.report(place, kind, id, message);
        }
        let position = if record.position.starts_with('!') {
            let message = format!(
                "position {:?} is a negation: give a position id, with stance opposes or not_committed for its negation",
                record.position
            );
            self.report(place, kind, id, message);
            None
        } else {
            self.resolve_position(place, kind, id, &record.position, ids)
        };
        let said = self.date(place, id, "said", record.said.as_deref());
        let reported = self.date(place, id, "reported", record.reported.as_deref());
        let when = match &record.when {
            Some(when) => self.when(place, id, when).map(Some),
            None => Some(None),
        };
        let confidence = match record.confidence {
            Some(confidence) if !is_unit_interval(confidence) => {
                self.report(place, kind, id, format!("confidence: {confidence} is outside [0, 1]"));
                None
            }
            confidence => Some(confidence),
        };
        if quote_too_long {
            return None;
        }
        Some(Assertion {
            id: record.id,
            source: source?,
            via: via?,
            holder: holder?,
            stance: stance?,
            position: position?,
            said: said?,
            when: when?,
            reported: reported?,
            quote: record.quote,
            confidence: confidence?,
        })
    }

    /// A date field: `Some(None)` when absent, `None` when it does not parse.
    fn date(&mut self, place: &Place, id: &str, field: &str, text: Option<&str>) -> Option<Option<PartialDate>> {
        let Some(text) = text else { return Some(None) };
        match PartialDate::from_str(text) {
            Ok(date) => Some(Some(date)),
            Err(error) => {
                self.report(place, RecordKind::Assertion, id, format!("{field}: {error}"));
                None
            }
        }
    }

    fn when(&mut self, place: &Place, id: &str, when: &WhenRecord) -> Option<When> {
        let from = self.date(place, id, "when.from", when.from.as_deref())?;
        let to = self.date(place, id, "when.to", when.to.as_deref())?;
        if let (Some(from), Some(to)) = (from, to)
            && from.first_day() > to.last_day()
        {
            self.report(place, RecordKind::Assertion, id, format!("when: from {from} is after to {to}"));
            return None;
        }
        Some(When { from, to })
    }

    fn resolve_source(
        &mut self,
        place: &Place,
        id: &str,
        reference: &str,
        field: Option<&str>,
        ids: &Ids<'_>,
    ) -> Option<SourceId> {
        if let Some(source) = ids.sources.by_id.get(reference) {
            return Some(*source);
        }
        let suggestion = self.suggest(reference, ids.sources);
        let context = field.map(|field| format!(" in {field}")).unwrap_or_default();
        let message = format!("unknown source {:?}{context}{}", shown(reference), did_you_mean(suggestion));
        self.report(place, RecordKind::Assertion, id, message);
        None
    }

    fn resolve_position(
        &mut self,
        place: &Place,
        kind: RecordKind,
        id: &str,
        reference: &str,
        ids: &Ids<'_>,
    ) -> Option<PositionId> {
        if let Some(position) = ids.positions.by_id.get(reference) {
            return Some(*position);
        }
        let suggestion = self.suggest(reference, ids.positions);
        self.report(place, kind, id, format!("unknown position {:?}{}", shown(reference), did_you_mean(suggestion)));
        None
    }

    /// Resolves an actor id; when unknown, suggests an actor whose id, name or alias is close.
    fn resolve_actor(
        &mut self,
        place: &Place,
        kind: RecordKind,
        id: &str,
        reference: &str,
        field: Option<&str>,
        ids: &Ids<'_>,
    ) -> Option<ActorId> {
        if let Some(actor) = ids.actors.by_id.get(reference) {
            return Some(*actor);
        }
        let lowercase = reference.to_lowercase();
        let exact = self.actor_by_name.get(&lowercase).cloned();
        let suggestion = match exact {
            Some(exact) => Some(exact),
            None if self.may_suggest(reference, self.actor_names.len()) => {
                let closest_name = closest(reference, self.actor_names.iter().map(|(name, _)| name.as_str()));
                closest_name.and_then(|name| self.actor_by_name.get(name).cloned())
            }
            None => None,
        };
        let context = field.map(|field| format!(" in {field}")).unwrap_or_default();
        let message = format!("unknown actor {:?}{context}{}", shown(reference), did_you_mean(suggestion.as_deref()));
        self.report(place, kind, id, message);
        None
    }

    /// Reports each strongly connected component of the relation that holds a cycle (a
    /// self-reference included), once, at the member written first, with a shortest cycle
    /// through it.
    fn check_cycles(
        &mut self,
        relation: &str,
        actors: &[Option<Actor>],
        places: &[&Place],
        edges: impl Fn(&Actor) -> &[ActorId],
    ) -> bool {
        let n_problems_before = self.problems.len();
        let successors: Vec<Vec<usize>> = actors
            .iter()
            .map(|actor| {
                actor.as_ref().map(|actor| edges(actor).iter().map(|id| id.index()).collect()).unwrap_or_default()
            })
            .collect();
        let mut graph: DiGraph<(), ()> = DiGraph::with_capacity(actors.len(), 0);
        let nodes: Vec<NodeIndex> = (0..actors.len()).map(|_| graph.add_node(())).collect();
        for (from, targets) in successors.iter().enumerate() {
            for to in targets {
                if let (Some(from), Some(to)) = (nodes.get(from), nodes.get(*to)) {
                    graph.add_edge(*from, *to, ());
                }
            }
        }
        let name = |index: usize| actors.get(index).and_then(Option::as_ref).map_or("", |actor| actor.id.as_str());
        let place_key = |index: usize| places.get(index).map(|place| (place.document, place.ordinal));
        for component in kosaraju_scc(&graph) {
            let mut members: Vec<usize> = component.iter().map(|node| node.index()).collect();
            members.sort_unstable();
            let Some(&start) = members.iter().min_by_key(|member| place_key(**member)) else { continue };
            let is_self_loop = successors.get(start).is_some_and(|targets| targets.contains(&start));
            if members.len() < 2 && !is_self_loop {
                continue;
            }
            let cycle = shortest_cycle(start, &members, &successors);
            let path: Vec<&str> = cycle.iter().map(|index| name(*index)).collect();
            let message = if cycle.len() > members.len() {
                format!("{relation} cycle: {}", path.join(" -> "))
            } else {
                let names: Vec<&str> = members.iter().map(|index| name(*index)).collect();
                format!("{relation} cycles among {}; one is {}", names.join(", "), path.join(" -> "))
            };
            if let Some(place) = places.get(start) {
                let place = (*place).clone();
                self.report(&place, RecordKind::Actor, name(start), message);
            }
        }
        self.problems.len() > n_problems_before
    }

    /// Reports the longest chain of a relation without cycles when it has more links than
    /// [`Limits::max_depth`], once, at the actor it starts from (the first written among those
    /// with the longest chain). The lengths come from a walk in topological order, leaves first,
    /// with no recursion.
    fn check_depth(
        &mut self,
        relation: &str,
        actors: &[Option<Actor>],
        places: &[&Place],
        edges: impl Fn(&Actor) -> &[ActorId],
    ) {
        let n = actors.len();
        let successors = |index: usize| -> &[ActorId] {
            actors.get(index).and_then(Option::as_ref).map_or(&[][..], |actor| edges(actor))
        };
        let mut predecessors: Vec<Vec<usize>> = vec![Vec::new(); n];
        let mut n_unfinished: Vec<usize> = vec![0; n];
        for from in 0..n {
            for to in successors(from) {
                if let (Some(list), Some(count)) = (predecessors.get_mut(to.index()), n_unfinished.get_mut(from)) {
                    list.push(from);
                    *count += 1;
                }
            }
        }
        // For each actor: the number of links of its longest chain, and the next actor on it.
        let mut depth: Vec<usize> = vec![0; n];
        let mut next_on_chain: Vec<Option<usize>> = vec![None; n];
        let mut ready: Vec<usize> = (0..n).filter(|index| n_unfinished.get(*index) == Some(&0)).collect();
        while let Some(done) = ready.pop() {
            let done_depth = depth.get(done).copied().unwrap_or(0);
            for from in predecessors.get(done).map(Vec::as_slice).unwrap_or_default() {
                if let (Some(from_depth), Some(next)) = (depth.get_mut(*from), next_on_chain.get_mut(*from))
                    && (next.is_none() || done_depth + 1 > *from_depth)
                {
                    *from_depth = done_depth + 1;
                    *next = Some(done);
                }
                if let Some(count) = n_unfinished.get_mut(*from) {
                    *count -= 1;
                    if *count == 0 {
                        ready.push(*from);
                    }
                }
            }
        }
        let place_key = |index: usize| places.get(index).map(|place| (place.document, place.ordinal));
        let deepest = (0..n)
            .filter(|index| depth.get(*index).is_some_and(|depth| *depth > self.limits.max_depth))
            .max_by(|a, b| depth.get(*a).cmp(&depth.get(*b)).then_with(|| place_key(*b).cmp(&place_key(*a))));
        let Some(start) = deepest else { return };
        let name = |index: usize| actors.get(index).and_then(Option::as_ref).map_or("", |actor| actor.id.as_str());
        let mut chain = vec![start];
        while let Some(next) = chain.last().and_then(|last| next_on_chain.get(*last).copied().flatten()) {
            chain.push(next);
        }
        // A long chain is shown by its first links and its end.
        let shown_chain = match chain.as_slice() {
            [first, second, third, .., last] if chain.len() > 6 => {
                format!("{} -> {} -> {} -> ... -> {}", name(*first), name(*second), name(*third), name(*last))
            }
            _ => chain.iter().map(|index| name(*index)).collect::<Vec<_>>().join(" -> "),
        };
        let links = depth.get(start).copied().unwrap_or(0);
        let limit = over_limit(self.limits.max_depth, "link", "links", "--max-depth");
        let message = format!("{relation} chain of {links} links from here ({shown_chain}), {limit}");
        if let Some(place) = places.get(start) {
            let place = (*place).clone();
            self.report(&place, RecordKind::Actor, name(start), message);
        }
    }

    /// Reports the rule at which the clauses of the rules, counted together, go over the limit:
    /// an `excludes` of n positions makes a clause for each of its n (n - 1) / 2 pairs.
    fn check_clauses(&mut self, records: &Records, rule_ids: &IdIndex<'_, RuleId>, rules: &[Option<Rule>]) {
        let mut n_clauses: u64 = 0;
        for (rule, index) in rules.iter().zip(&rule_ids.sorted) {
            let Some(rule) = rule else { continue };
            let count = |n: usize| u64::try_from(n).unwrap_or(u64::MAX);
            let rule_clauses = match &rule.form {
                RuleForm::Implies { then_all, .. } => count(then_all.len()),
                RuleForm::ImpliesAny { .. } => 1,
                RuleForm::Excludes(positions) => {
                    count(positions.len()).saturating_mul(count(positions.len()).saturating_sub(1)) / 2
                }
                RuleForm::Equivalent(positions) => count(positions.len()),
            };
            n_clauses = n_clauses.saturating_add(rule_clauses);
            let max_clauses = u64::try_from(self.limits.max_clauses).unwrap_or(u64::MAX);
            if n_clauses > max_clauses {
                let limit = over_limit(self.limits.max_clauses, "clause", "clauses", "--max-clauses");
                let message =
                    format!("the rules up to this one make {n_clauses} clauses (this one {rule_clauses}), {limit}");
                if let Some((place, name, _)) = records.rules.get(*index) {
                    let place = place.clone();
                    self.report(&place, RecordKind::Rule, name, message);
                }
                return;
            }
        }
    }
}

/// The records at `sorted` (places in a record list) that `validate` accepts, in that order. A
/// million assertions take 150 MB: collected as options and then flattened, they were written
/// twice into memory fresh from the system.
fn only_valid<T>(sorted: &[usize], mut validate: impl FnMut(usize) -> Option<T>) -> Vec<T> {
    let mut valid = Vec::with_capacity(sorted.len());
    valid.extend(sorted.iter().filter_map(|index| validate(*index)));
    valid
}

/// The values of `slots`, all of them `Some` once validation passed, in a list made at its final
/// length (collected from a flattening iterator, it would grow by doubling).
fn all_of<T>(slots: Vec<Option<T>>) -> Vec<T> {
    let mut all = Vec::with_capacity(slots.len());
    all.extend(slots.into_iter().flatten());
    all
}

/// The id indices a record is resolved against.
struct Ids<'i> {
    actors: &'i IdIndex<'i, ActorId>,
    sources: &'i IdIndex<'i, SourceId>,
    positions: &'i IdIndex<'i, PositionId>,
}

/// A shortest cycle from `start` back to itself inside a strongly connected component, found
/// breadth first (no recursion: chains can be very deep). The path begins and ends with `start`.
fn shortest_cycle(start: usize, members: &[usize], successors: &[Vec<usize>]) -> Vec<usize> {
    let mut parent: HashMap<usize, usize> = HashMap::new();
    let mut queue = VecDeque::from([start]);
    while let Some(current) = queue.pop_front() {
        for next in successors.get(current).map(Vec::as_slice).unwrap_or_default() {
            if *next == start {
                let mut backwards = Vec::new();
                let mut step = current;
                while step != start {
                    backwards.push(step);
                    step = parent.get(&step).copied().unwrap_or(start);
                }
                let mut path = vec![start];
                path.extend(backwards.into_iter().rev());
                path.push(start);
                return path;
            }
            if members.binary_search(next).is_ok() && !parent.contains_key(next) {
                parent.insert(*next, current);
                queue.push_back(*next);
            }
        }
    }
    vec![start, start]
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::document::{Format, parse_document};
    use crate::model::Precision;

    fn validate(documents: Vec<Document>) -> Result<ClaimSet, Vec<Problem>> {
        super::validate(documents, &Limits::default())
    }

    fn json(text: &str, file: &str) -> Document {
        parse_document(text, file, Format::Json).unwrap()
    }

    fn toml(text: &str, file: &str) -> Document {
        parse_document(text, file, Format::Toml).unwrap()
    }

    fn messages(documents: Vec<Document>) -> Vec<String> {
        validate(documents).unwrap_err().iter().map(ToString::to_string).collect()
    }

    #[test]
    fn rules_without_an_id_are_numbered_across_documents_in_the_order_given() {
        let first = json(
            r#"{"positions": [{"id": "a"}, {"id": "b"}],
                "rules": [{"if": "a", "then": "b"}, {"id": "own", "excludes": ["a", "b"]}]}"#,
            "first.json",
        );
        let second = toml("[[rules]]\nequivalent = [\"a\", \"b\"]\n", "second.toml");
        let claims = validate(vec![first, second]).unwrap();
        let names: Vec<(&str, bool)> = claims.rules().map(|(_, rule)| (rule.id(), rule.has_own_id())).collect();
        assert_eq!(names, [("own", true), ("rule#1", false), ("rule#3", false)]);
        assert_eq!(claims.rule_id("rule#3").map(RuleId::index), Some(2));
        assert!(matches!(claims.rule(RuleId(2)).form(), RuleForm::Equivalent(positions) if positions.len() == 2));
    }

    #[test]
    fn ids_sharing_their_first_sixteen_bytes_are_sorted_in_byte_order() {
        let ids = [
            "aaaaaaaaaaaaaaaaZ",
            "aaaaaaaaaaaaaaaa",
            "aaaaaaaaaaaaaaaaA",
            "aaaaaaaaaaaaaaa",
            "a",
            "a-",
            "aaaaaaaaaaaaaaaaA-long-tail",
            "B",
            "b",
        ];
        let positions: Vec<String> = ids.iter().map(|id| format!("{{\"id\": \"{id}\"}}")).collect();
        let document = json(&format!("{{\"positions\": [{}]}}", positions.join(", ")), "claims.json");
        let claims = validate(vec![document]).unwrap();
        let sorted: Vec<&str> = claims.positions().map(|(_, position)| position.id()).collect();
        let mut expected = ids.to_vec();
        expected.sort_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
        assert_eq!(sorted, expected);
        assert_eq!(
            claims.position_id("aaaaaaaaaaaaaaaaA").map(|id| claims.position(id).id()),
            Some("aaaaaaaaaaaaaaaaA")
        );
    }

    #[test]
    fn records_are_sorted_by_id_in_byte_order_and_ids_index_them() {
        let document = json(
            r#"{"actors": [{"id": "b"}, {"id": "a", "speaks_for": ["b", "b", "B"]}, {"id": "B"}],
                "sources": [{"id": "wsj"}, {"id": "nypost"}],
                "positions": [{"id": "t"}, {"id": "g"}],
                "assertions": [
                  {"id": "x2", "source": "wsj", "holder": "a", "stance": "opposes", "position": "t",
                   "via": ["nypost", "wsj"]},
                  {"id": "x10", "source": "nypost", "stance": "open_to", "position": "g"}
                ]}"#,
            "claims.json",
        );
        let claims = validate(vec![document]).unwrap();
        let actor_ids: Vec<&str> = claims.actors().map(|(_, actor)| actor.id()).collect();
        assert_eq!(actor_ids, ["B", "a", "b"]);
        let a = claims.actor(claims.actor_id("a").unwrap());
        // Repeated ids in speaks_for are kept once, in the order first given.
        assert_eq!(a.speaks_for(), [ActorId(2), ActorId(0)]);
        let assertion_ids: Vec<&str> = claims.assertions().map(|(_, assertion)| assertion.id()).collect();
        assert_eq!(assertion_ids, ["x10", "x2"]);
        let x2 = claims.assertion(claims.assertion_id("x2").unwrap());
        assert_eq!(x2.source(), SourceId(1));
        assert_eq!(x2.via(), [SourceId(0), SourceId(1)]);
        assert_eq!(x2.holder(), Some(ActorId(1)));
        assert_eq!(x2.position(), PositionId(1));
        assert_eq!(x2.literal(), Literal::negative(PositionId(1)));
        assert_eq!(claims.assertion(AssertionId(0)).holder(), None);
    }

    #[test]
    fn partial_dates_in_when_and_said_keep_their_precision() {
        let document = json(
            r#"{"sources": [{"id": "wsj"}], "positions": [{"id": "g"}],
                "assertions": [
                  {"id": "a", "source": "wsj", "stance": "opposes", "position": "g",
                   "when": {"from": "2025-02", "to": "2025-08-14"}, "reported": "2025"},
                  {"id": "b", "source": "wsj", "stance": "opposes", "position": "g", "said": "2025-08"},
                  {"id": "c", "source": "wsj", "stance": "opposes", "position": "g", "when": {}},
                  {"id": "d", "source": "wsj", "stance": "opposes", "position": "g", "when": {"to": "2025"}}
                ]}"#,
            "dates.json",
        );
        let claims = validate(vec![document]).unwrap();
        let assertion = |id: &str| claims.assertion(claims.assertion_id(id).unwrap());
        let when = assertion("a").when().unwrap();
        assert_eq!(when.from.map(PartialDate::precision), Some(Precision::Month));
        assert_eq!(assertion("a").window().to_string(), "2025-02-01 to 2025-08-14");
        assert_eq!(assertion("a").reported().map(|date| date.to_string()), Some("2025".to_owned()));
        assert_eq!(assertion("b").said().map(PartialDate::precision), Some(Precision::Month));
        assert_eq!(assertion("b").window().to_string(), "2025-08-01 to 2025-08-31");
        // An empty `when` is unbounded at both ends, and stays a `when` rather than none.
        assert_eq!(assertion("c").when(), Some(When::default()));
        assert_eq!(assertion("d").window().to_string(), "until 2025-12-31");
    }

    #[test]
    fn a_partial_from_and_to_in_the_same_month_are_not_reversed() {
        let document = json(
            r#"{"sources": [{"id": "wsj"}], "positions": [{"id": "g"}],
                "assertions": [{"id": "a", "source": "wsj", "stance": "opposes", "position": "g",
                                "when": {"from": "2025-08", "to": "2025-08-01"}}]}"#,
            "dates.json",
        );
        assert!(validate(vec![document]).is_ok());
    }

    #[test]
    fn unknown_holders_are_matched_against_names_and_aliases() {
        let document = json(
            r#"{"actors": [{"id": "us", "name": "United States", "aliases": ["Washington"]},
                           {"id": "trump", "name": "Donald Trump"}],
                "sources": [{"id": "wsj"}], "positions": [{"id": "g"}],
                "assertions": [
                  {"id": "a", "source": "wsj", "holder": "washington", "stance": "supports", "position": "g"},
                  {"id": "b", "source": "wsj", "holder": "Donald Trmp", "stance": "supports", "position": "g"}
                ]}"#,
            "names.json",
        );
        assert_eq!(
            messages(vec![document]),
            [
                r#"names.json:5:19: assertion "a": unknown actor "washington" (did you mean "us"?)"#,
                r#"names.json:6:19: assertion "b": unknown actor "Donald Trmp" (did you mean "trump"?)"#,
            ]
        );
    }

    #[test]
    fn problems_come_in_document_order_then_position() {
        let first = toml("[[positions]]\nid = \"p\"\n\n[[positions]]\nid = \"p\"\n", "b.toml");
        let second = json(r#"{"positions": [{"id": "p"}, {"id": ""}]}"#, "a.json");
        assert_eq!(
            messages(vec![first, second]),
            [
                r#"b.toml:4:1: position "p": duplicate id, first defined at b.toml:1:1"#,
                r#"a.json:1:16: position "p": duplicate id, first defined at b.toml:1:1"#,
                r#"a.json:1:29: position "": empty id"#,
            ]
        );
    }

    #[test]
    fn a_cycle_is_reported_once_with_every_member_of_its_component() {
        let document = json(
            r#"{"actors": [{"id": "a", "member_of": ["b", "c"]}, {"id": "b", "member_of": ["a"]},
                           {"id": "c", "member_of": ["a"]}]}"#,
            "cycle.json",
        );
        assert_eq!(
            messages(vec![document]),
            [r#"cycle.json:1:13: actor "a": member_of cycles among a, b, c; one is a -> b -> a"#]
        );
    }

    #[test]
    fn long_chains_and_long_cycles_do_not_overflow_the_stack() {
        let n = 100_000;
        let actors = (0..n).map(|index| {
            let next = format!("a{}", (index + 1) % n);
            ActorRecord::new(format!("a{index}")).speaks_for([next])
        });
        let mut document = Document::new();
        document.actors.extend(actors);
        let problems = validate(vec![document.clone()]).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert!(problems[0].message.starts_with("speaks_for cycle: a0 -> a1 -> a2"));
        // Break the ring into a chain: no cycle left.
        document.actors.last_mut().unwrap().speaks_for.clear();
        assert_eq!(validate(vec![document]).unwrap().actors().len(), n);
    }

    #[test]
    fn records_built_in_code_are_located_at_code() {
        let error = ClaimSet::builder()
            .source(SourceRecord::new("wsj").reliability(f64::NAN))
            .rule(RuleRecord::excludes(["g"]))
            .build()
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            "<code>: source \"wsj\": reliability: NaN is outside [0, 1]\n\
             <code>: rule \"rule#1\": excludes: needs two or more positions, found 1"
        );
    }
}
