//! Reading JSON documents.
//!
//! The text is first checked as a whole, so malformed JSON gives one error at the parser's line
//! and column. Then every object is read as an ordered list of keys with their raw values,
//! which keeps duplicate keys visible and gives each value its byte offset (from where its slice
//! starts in the text); the shared record reader does the rest.
//!
//! That careful reading is slow on large claim sets, so a document is first given to the fast
//! path (`fast_json.rs`), which reads only documents this reader would read without a problem,
//! and leaves every other one to it.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, MapAccess, Visitor};
use serde_json::value::RawValue;

use super::Document;
use super::fast_json::read_json_fast;
use super::wire::{EMPTY_FILE, Entry, RecordReader, SourceText, WireValue, strip_byte_order_mark};
use crate::document::Location;
use crate::error::Problem;
use crate::limits::Limits;

/// Parses a JSON claim-set document, reporting every problem found.
///
/// The fast path reads the documents it is sure have no problem, giving the records the careful
/// reader would give; the careful reader reads every other one and reports its problems.
pub(crate) fn read_json(text: &str, file: &str, limits: &Limits) -> Result<Document, Vec<Problem>> {
    match read_json_fast(strip_byte_order_mark(text), file, limits) {
        Some(document) => Ok(document),
        None => read_json_carefully(text, file, limits),
    }
}

/// Parses a JSON claim-set document value by value, reporting every problem found.
pub(crate) fn read_json_carefully(text: &str, file: &str, limits: &Limits) -> Result<Document, Vec<Problem>> {
    let text = strip_byte_order_mark(text);
    let source = SourceText::new(text, file);
    if text.trim().is_empty() {
        return Err(vec![Problem::new(Some(source.whole_file()), EMPTY_FILE)]);
    }
    let top: &RawValue = serde_json::from_str(text).map_err(|error| vec![syntax_problem(&error, file)])?;
    RecordReader::new(&source, limits).read_document(&JsonValue { raw: top, text })
}

/// The parser's error at its line and column, without the position repeated in the message.
fn syntax_problem(error: &serde_json::Error, file: &str) -> Problem {
    let full = error.to_string();
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    let message = full.strip_suffix(&suffix).unwrap_or(&full);
    // At the end of the input serde_json reports column 0, the place before the first character.
    let location = Location { file: file.to_owned(), line: Some(error.line()), column: Some(error.column().max(1)) };
    Problem::new(Some(location), format!("malformed JSON: {message}"))
}

/// A JSON value as a slice of the document's text.
struct JsonValue<'t> {
    raw: &'t RawValue,
    text: &'t str,
}

impl<'t> JsonValue<'t> {
    fn first_byte(&self) -> u8 {
        self.raw.get().bytes().next().unwrap_or(b' ')
    }

    fn offset_of(&self, slice: &str) -> usize {
        (slice.as_ptr() as usize).saturating_sub(self.text.as_ptr() as usize)
    }

    fn wrap(&self, raw: &'t RawValue) -> JsonValue<'t> {
        JsonValue { raw, text: self.text }
    }

    /// Finds the opening quote of the key written before a value: back over white space, the
    /// colon, white space and the key's closing quote, then to the first quote that is not
    /// escaped (preceded by an even number of backslashes).
    fn key_offset_before(&self, value_offset: usize) -> usize {
        let bytes = self.text.as_bytes();
        let mut index = value_offset;
        let skip_back = |index: &mut usize, wanted: Option<u8>| {
            while *index > 0 {
                let byte = bytes.get(*index - 1).copied().unwrap_or(b' ');
                *index -= 1;
                if byte.is_ascii_whitespace() {
                    continue;
                }
                if wanted.is_none_or(|wanted| wanted == byte) {
                    return;
                }
            }
        };
        skip_back(&mut index, Some(b':'));
        skip_back(&mut index, Some(b'"'));
        let closing_quote = index;
        let mut candidate = closing_quote;
        while candidate > 0 {
            candidate -= 1;
            if bytes.get(candidate) != Some(&b'"') {
                continue;
            }
            let backslashes = bytes
                .get(..candidate)
                .map_or(0, |before| before.iter().rev().take_while(|byte| **byte == b'\\').count());
            if backslashes % 2 == 0 {
                return candidate;
            }
        }
        value_offset
    }
}

impl WireValue for JsonValue<'_> {
    const RECORD_WORD: &'static str = "an object";

    fn offset(&self) -> usize {
        self.offset_of(self.raw.get())
    }

    fn type_name(&self) -> &'static str {
        match self.first_byte() {
            b'{' => "an object",
            b'[' => "an array",
            // A string can hold an escape that is not a character (a lone surrogate, `\ud800`).
            b'"' if self.as_text().is_none() => "a string that is not valid Unicode",
            b'"' => "a string",
            b't' | b'f' => "a boolean",
            b'n' => "null",
            _ => "a number",
        }
    }

    fn is_null(&self) -> bool {
        self.first_byte() == b'n'
    }

    fn as_text(&self) -> Option<String> {
        if self.first_byte() != b'"' {
            return None;
        }
        serde_json::from_str(self.raw.get()).ok()
    }

    fn as_number(&self) -> Option<Result<f64, String>> {
        let first = self.first_byte();
        if first != b'-' && !first.is_ascii_digit() {
            return None;
        }
        Some(serde_json::from_str::<f64>(self.raw.get()).map_err(|_| format!("number {} out of range", self.raw.get())))
    }

    fn as_list(&self) -> Option<Vec<Self>> {
        if self.first_byte() != b'[' {
            return None;
        }
        let items: Vec<&RawValue> = serde_json::from_str(self.raw.get()).ok()?;
        Some(items.into_iter().map(|raw| self.wrap(raw)).collect())
    }

    fn as_entries(&self) -> Option<Vec<Entry<Self>>> {
        if self.first_byte() != b'{' {
            return None;
        }
        let OrderedEntries(pairs) = serde_json::from_str(self.raw.get()).ok()?;
        Some(
            pairs
                .into_iter()
                .map(|(key, raw)| {
                    let value = self.wrap(raw);
                    let key_offset = self.key_offset_before(value.offset());
                    Entry { key, key_offset, value }
                })
                .collect(),
        )
    }
}

/// The keys of a JSON object in the order written, duplicates kept.
struct OrderedEntries<'t>(Vec<(String, &'t RawValue)>);

impl<'de: 't, 't> Deserialize<'de> for OrderedEntries<'t> {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(OrderedEntriesVisitor(std::marker::PhantomData))
    }
}

struct OrderedEntriesVisitor<'t>(std::marker::PhantomData<&'t ()>);

impl<'de: 't, 't> Visitor<'de> for OrderedEntriesVisitor<'t> {
    type Value = OrderedEntries<'t>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut pairs = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            let value: &'de RawValue = map.next_value()?;
            pairs.push((key, value));
        }
        Ok(OrderedEntries(pairs))
    }
}
