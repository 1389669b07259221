//! The fast path for reading JSON documents: one forward pass over the text that builds the
//! records as it goes, with each record's line and column counted by a cursor that only moves
//! forward.
//!
//! The careful reader (`json.rs`) parses the whole text, then reads every object again as raw
//! slices to see duplicate keys and byte offsets, and every value again to convert it: on a
//! large claim set that is most of the time spent loading. Most documents have nothing wrong
//! with them, so this reader only tries to read a document that the careful reader would accept
//! without a problem, and gives up (`None`) at the first thing it is not sure of: anything
//! malformed, an unknown, duplicate or missing field, a value of the wrong type, a required
//! field set to null, a key with an escape, a string with an escape serde_json refuses, more
//! records than `max_records`. The caller then reads the document with the careful reader,
//! which finds every problem and words it. So this reader never decides what is wrong, only
//! that nothing is; and the values it reads, it reads as the careful reader does: strings with
//! escapes and all numbers go through serde_json, on the same slice of text.

use super::wire::{
    ACTOR_FIELDS, ASSERTION_FIELDS, Field, POSITION_FIELDS, RULE_FIELDS, SOURCE_FIELDS, TOP_LEVEL_KEYS, WHEN_FIELDS,
};
use super::{
    ActorRecord, AssertionRecord, Document, LiteralList, Location, PositionRecord, RuleRecord, SourceRecord, WhenRecord,
};
use crate::limits::Limits;

/// Reads a JSON document (its byte-order mark already removed) that has no problem at all, with
/// the same records and locations the careful reader gives; `None` when it may have one.
pub(crate) fn read_json_fast(text: &str, file: &str, limits: &Limits) -> Option<Document> {
    let mut reader =
        FastReader { text, position: 0, file, lines: LineCursor::new(), n_records: 0, max_records: limits.max_records };
    let document = reader.document()?;
    reader.skip_whitespace();
    (reader.position == text.len()).then_some(document)
}

/// The line and column of the last offset asked for. Record offsets only grow, so each byte of
/// the text is looked at once, where a search from the start of the line would look at a long
/// line again for every record on it.
pub(super) struct LineCursor {
    offset: usize,
    /// Line of `offset`, counting from 1.
    line: usize,
    /// Column of `offset` in characters, counting from 1.
    column: usize,
}

impl LineCursor {
    /// A cursor at the start of a text.
    pub(super) fn new() -> LineCursor {
        LineCursor { offset: 0, line: 1, column: 1 }
    }

    /// Moves to `offset` (not before the last one, on a character boundary) and gives its line
    /// and column, counted as `SourceText::location` counts them.
    pub(super) fn advance_to(&mut self, text: &str, offset: usize) -> Option<(usize, usize)> {
        let gap = text.get(self.offset..offset)?;
        let newlines = gap.bytes().filter(|byte| *byte == b'\n').count();
        if newlines == 0 {
            self.column += gap.chars().count();
        } else {
            self.line += newlines;
            let last_line = gap.rsplit('\n').next().unwrap_or_default();
            self.column = last_line.chars().count() + 1;
        }
        self.offset = offset;
        Some((self.line, self.column))
    }
}

/// The most fields a record kind has, with room to spare.
const MAX_FIELDS: usize = 16;
const _: () = assert!(
    ACTOR_FIELDS.len() <= MAX_FIELDS
        && SOURCE_FIELDS.len() <= MAX_FIELDS
        && POSITION_FIELDS.len() <= MAX_FIELDS
        && RULE_FIELDS.len() <= MAX_FIELDS
        && ASSERTION_FIELDS.len() <= MAX_FIELDS
        && WHEN_FIELDS.len() <= MAX_FIELDS
);

/// The fields of one object already read, to refuse a duplicate and to see the required ones.
struct FieldsSeen {
    fields: &'static [Field],
    seen: [bool; MAX_FIELDS],
}

impl FieldsSeen {
    fn new(fields: &'static [Field]) -> FieldsSeen {
        FieldsSeen { fields, seen: [false; MAX_FIELDS] }
    }

    /// The field's name the first time `key` is seen; `None` for an unknown key or a duplicate.
    fn first_time(&mut self, key: &str) -> Option<&'static str> {
        let index = self.fields.iter().position(|(name, _, _)| *name == key)?;
        if std::mem::replace(self.seen.get_mut(index)?, true) {
            return None;
        }
        self.fields.get(index).map(|(name, _, _)| *name)
    }

    fn all_required_seen(&self) -> bool {
        self.fields.iter().zip(self.seen).all(|((_, required, _), seen)| seen || !*required)
    }
}

struct FastReader<'t> {
    text: &'t str,
    /// Byte offset of the next byte to read.
    position: usize,
    file: &'t str,
    lines: LineCursor,
    n_records: usize,
    max_records: usize,
}

impl<'t> FastReader<'t> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.position).copied()
    }

    /// Skips what JSON (and serde_json) takes as white space, and nothing else.
    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\n' | b'\t' | b'\r')) {
            self.position += 1;
        }
    }

    /// The next byte after white space, not consumed.
    fn next_token(&mut self) -> Option<u8> {
        self.skip_whitespace();
        self.peek()
    }

    /// Consumes `byte` as the next token.
    fn eat(&mut self, byte: u8) -> Option<()> {
        if self.next_token()? != byte {
            return None;
        }
        self.position += 1;
        Some(())
    }

    /// Consumes the opening of an object or array: true when an item follows, false when it is
    /// empty (its closing consumed too).
    fn open(&mut self, opening: u8, closing: u8) -> Option<bool> {
        self.eat(opening)?;
        if self.next_token()? == closing {
            self.position += 1;
            return Some(false);
        }
        Some(true)
    }

    /// After an item of an object or array: true when another follows (`,`), false at its
    /// closing.
    fn more(&mut self, closing: u8) -> Option<bool> {
        let byte = self.next_token()?;
        if byte != b',' && byte != closing {
            return None;
        }
        self.position += 1;
        Some(byte == b',')
    }

    /// Consumes `null` when it is the next token. A null optional field is absent to the
    /// careful reader.
    fn null(&mut self) -> bool {
        self.skip_whitespace();
        let is_null = self.text.as_bytes().get(self.position..).is_some_and(|rest| rest.starts_with(b"null"));
        if is_null {
            self.position += 4;
        }
        is_null
    }

    /// Reads an object, handing each key (without escapes) to `read_value` to read its value.
    fn object(&mut self, mut read_value: impl FnMut(&mut Self, &'t str) -> Option<()>) -> Option<()> {
        if !self.open(b'{', b'}')? {
            return Some(());
        }
        loop {
            let key = self.key()?;
            self.eat(b':')?;
            read_value(self, key)?;
            if !self.more(b'}')? {
                return Some(());
            }
        }
    }

    /// A key as written; `None` when it holds an escape, which the careful reader unescapes
    /// (and so could make a known key out of it), or a control character, which is malformed.
    fn key(&mut self) -> Option<&'t str> {
        self.eat(b'"')?;
        let start = self.position;
        let rest = self.text.as_bytes().get(start..)?;
        let length = rest.iter().position(|byte| *byte == b'"' || *byte == b'\\' || *byte < 0x20)?;
        if rest.get(length) != Some(&b'"') {
            return None;
        }
        self.position = start + length + 1;
        self.text.get(start..start + length)
    }

    /// A string. One without escapes is its text; one with escapes is unescaped by serde_json
    /// from the same slice as in the careful reader, so a lone surrogate or a bad escape is
    /// refused the same way.
    fn string(&mut self) -> Option<String> {
        self.eat(b'"')?;
        let opening = self.position - 1;
        let bytes = self.text.as_bytes();
        let plain_length =
            bytes.get(self.position..)?.iter().position(|byte| *byte == b'"' || *byte == b'\\' || *byte < 0x20)?;
        self.position += plain_length;
        if self.peek()? == b'"' {
            let text = self.text.get(opening + 1..self.position)?;
            self.position += 1;
            return Some(text.to_owned());
        }
        loop {
            let byte = *bytes.get(self.position)?;
            self.position += 1;
            match byte {
                b'"' => break,
                // The escaped byte cannot end the string; serde_json checks the escape below.
                b'\\' => self.position += 1,
                // Control characters must be escaped in JSON strings.
                0..0x20 => return None,
                _ => {}
            }
        }
        serde_json::from_str(self.text.get(opening..self.position)?).ok()
    }

    /// A number, converted by serde_json from the same slice as in the careful reader: the
    /// longest run of characters a number can hold. A run that is not exactly one number is
    /// refused by serde_json, as a number out of range is.
    fn number(&mut self) -> Option<f64> {
        self.skip_whitespace();
        let start = self.position;
        let rest = self.text.as_bytes().get(start..)?;
        let length = rest
            .iter()
            .position(|byte| !matches!(byte, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E'))
            .unwrap_or(rest.len());
        self.position = start + length;
        serde_json::from_str(self.text.get(start..self.position)?).ok()
    }

    fn text_list(&mut self) -> Option<Vec<String>> {
        let mut texts = Vec::new();
        if self.open(b'[', b']')? {
            loop {
                texts.push(self.string()?);
                if !self.more(b']')? {
                    break;
                }
            }
        }
        Some(texts)
    }

    /// `if` and `then`: one string or a list of strings.
    fn literals(&mut self) -> Option<LiteralList> {
        match self.next_token()? {
            b'"' => self.string().map(LiteralList::One),
            b'[' => self.text_list().map(LiteralList::Many),
            _ => None,
        }
    }

    /// An optional field's value: `Some(None)` for null.
    fn optional<T>(&mut self, read: impl FnOnce(&mut Self) -> Option<T>) -> Option<Option<T>> {
        if self.null() { Some(None) } else { read(self).map(Some) }
    }

    fn optional_text(&mut self) -> Option<Option<String>> {
        self.optional(Self::string)
    }

    /// A list field that a record keeps as a plain list: null is the empty list.
    fn optional_text_list(&mut self) -> Option<Vec<String>> {
        self.optional(Self::text_list).map(Option::unwrap_or_default)
    }

    fn when(&mut self) -> Option<WhenRecord> {
        self.fields_of(WhenRecord::default(), WHEN_FIELDS, |when, reader, field| {
            match field {
                "from" => when.from = reader.optional_text()?,
                "to" => when.to = reader.optional_text()?,
                _ => return None,
            }
            Some(())
        })
    }

    fn document(&mut self) -> Option<Document> {
        let mut document = Document::default();
        let mut seen = [false; TOP_LEVEL_KEYS.len()];
        self.object(|reader, key| {
            let index = TOP_LEVEL_KEYS.iter().position(|name| *name == key)?;
            if std::mem::replace(seen.get_mut(index)?, true) {
                return None;
            }
            if reader.null() {
                return Some(());
            }
            match key {
                "actors" => reader.records(&mut document.actors, Self::actor),
                "sources" => reader.records(&mut document.sources, Self::source),
                "positions" => reader.records(&mut document.positions, Self::position),
                "rules" => reader.records(&mut document.rules, Self::rule),
                _ => reader.records(&mut document.assertions, Self::assertion),
            }
        })?;
        Some(document)
    }

    /// Reads a top-level list into `list`, counting its records against `max_records`.
    ///
    /// A list of a million records is several hundred megabytes: grown by doubling, it would be
    /// copied about once over into memory fresh from the system (the allocator cannot always
    /// grow a block in place). So once a sample of records is read, whenever the list is full it
    /// is made as long as the rest of the text would make it if every record took as many bytes
    /// as those read so far, but at most sixteen times as long as it is (other lists may follow),
    /// and cut back at the end if that was far too long.
    fn records<R>(&mut self, list: &mut Vec<R>, read_record: fn(&mut Self) -> Option<R>) -> Option<()> {
        const SAMPLE: usize = 256;
        if !self.open(b'[', b']')? {
            return Some(());
        }
        let (start, first) = (self.position, list.len());
        loop {
            self.n_records += 1;
            if self.n_records > self.max_records {
                return None;
            }
            list.push(read_record(self)?);
            let read = list.len() - first;
            if read >= SAMPLE && list.len() == list.capacity() {
                let per_record = (self.position - start).div_ceil(read).max(1);
                let rest = (self.text.len() - self.position) / per_record;
                list.reserve_exact(rest.min(list.len().saturating_mul(15)).min(self.max_records - self.n_records));
            }
            if !self.more(b']')? {
                if list.capacity() > list.len() + list.len() / 4 {
                    list.shrink_to_fit();
                }
                return Some(());
            }
        }
    }

    /// An object whose keys are among `fields`, each at most once, read into `record` by
    /// `read_field` (given the field's name); `None` for an unknown key, a duplicate, a value it
    /// cannot read or a required field missing.
    fn fields_of<R>(
        &mut self,
        mut record: R,
        fields: &'static [Field],
        mut read_field: impl FnMut(&mut R, &mut Self, &'static str) -> Option<()>,
    ) -> Option<R> {
        let mut seen = FieldsSeen::new(fields);
        self.object(|reader, key| read_field(&mut record, reader, seen.first_time(key)?))?;
        seen.all_required_seen().then_some(record)
    }

    /// The location of the record that starts at the next token.
    fn record_location(&mut self) -> Option<Location> {
        self.skip_whitespace();
        let (line, column) = self.lines.advance_to(self.text, self.position)?;
        Some(Location { file: self.file.to_owned(), line: Some(line), column: Some(column) })
    }

    fn actor(&mut self) -> Option<ActorRecord> {
        let actor = ActorRecord { location: Some(self.record_location()?), ..ActorRecord::default() };
        self.fields_of(actor, ACTOR_FIELDS, |actor, reader, field| {
            match field {
                "id" => actor.id = reader.string()?,
                "name" => actor.name = reader.optional_text()?,
                "kind" => actor.kind = reader.optional_text()?,
                "aliases" => actor.aliases = reader.optional_text_list()?,
                "speaks_for" => actor.speaks_for = reader.optional_text_list()?,
                "member_of" => actor.member_of = reader.optional_text_list()?,
                _ => return None,
            }
            Some(())
        })
    }

    fn source(&mut self) -> Option<SourceRecord> {
        let source = SourceRecord { location: Some(self.record_location()?), ..SourceRecord::default() };
        self.fields_of(source, SOURCE_FIELDS, |source, reader, field| {
            match field {
                "id" => source.id = reader.string()?,
                "name" => source.name = reader.optional_text()?,
                "kind" => source.kind = reader.optional_text()?,
                "reliability" => source.reliability = reader.optional(Self::number)?,
                _ => return None,
            }
            Some(())
        })
    }

    fn position(&mut self) -> Option<PositionRecord> {
        let position = PositionRecord { location: Some(self.record_location()?), ..PositionRecord::default() };
        self.fields_of(position, POSITION_FIELDS, |position, reader, field| {
            match field {
                "id" => position.id = reader.string()?,
                "statement" => position.statement = reader.optional_text()?,
                _ => return None,
            }
            Some(())
        })
    }

    fn rule(&mut self) -> Option<RuleRecord> {
        let rule = RuleRecord { location: Some(self.record_location()?), ..RuleRecord::default() };
        self.fields_of(rule, RULE_FIELDS, |rule, reader, field| {
            match field {
                "id" => rule.id = reader.optional_text()?,
                "note" => rule.note = reader.optional_text()?,
                "if" => rule.if_ = reader.optional(Self::literals)?,
                "then" => rule.then = reader.optional(Self::literals)?,
                "then_any" => rule.then_any = reader.optional(Self::text_list)?,
                "excludes" => rule.excludes = reader.optional(Self::text_list)?,
                "equivalent" => rule.equivalent = reader.optional(Self::text_list)?,
                _ => return None,
            }
            Some(())
        })
    }

    fn assertion(&mut self) -> Option<AssertionRecord> {
        let assertion = AssertionRecord { location: Some(self.record_location()?), ..AssertionRecord::default() };
        self.fields_of(assertion, ASSERTION_FIELDS, |assertion, reader, field| {
            match field {
                "id" => assertion.id = reader.string()?,
                "source" => assertion.source = reader.string()?,
                "holder" => assertion.holder = reader.optional_text()?,
                "stance" => assertion.stance = reader.string()?,
                "position" => assertion.position = reader.string()?,
                "via" => assertion.via = reader.optional_text_list()?,
                "said" => assertion.said = reader.optional_text()?,
                "when" => assertion.when = reader.optional(Self::when)?,
                "reported" => assertion.reported = reader.optional_text()?,
                "quote" => assertion.quote = reader.optional_text()?,
                "confidence" => assertion.confidence = reader.optional(Self::number)?,
                _ => return None,
            }
            Some(())
        })
    }
}
