//! Reading TOML documents.
//!
//! The toml crate's span-keeping parser gives every key and value its byte range; malformed TOML
//! (duplicate keys included) is one error at the parser's position, and the shared record reader
//! does the rest.

use ::toml::Spanned;
use ::toml::de::{DeTable, DeValue};

use super::Document;
use super::wire::{EMPTY_FILE, Entry, RecordReader, SourceText, WireValue, strip_byte_order_mark};
use crate::error::Problem;
use crate::limits::Limits;

/// Parses a TOML claim-set document, reporting every problem found.
pub(crate) fn read_toml(text: &str, file: &str, limits: &Limits) -> Result<Document, Vec<Problem>> {
    let text = strip_byte_order_mark(text);
    let source = SourceText::new(text, file);
    if text.trim().is_empty() {
        return Err(vec![Problem::new(Some(source.whole_file()), EMPTY_FILE)]);
    }
    let table = DeTable::parse(text).map_err(|error| {
        let location = error.span().map_or_else(|| source.whole_file(), |span| source.location(span.start));
        // The parser's message can run over several lines (what it found, what it expected).
        let message = error.message().trim().replace('\n', "; ");
        vec![Problem::new(Some(location), format!("malformed TOML: {message}"))]
    })?;
    let span = table.span();
    let top = Spanned::new(span, DeValue::Table(table.into_inner()));
    RecordReader::new(&source, limits).read_document(&TomlValue { value: &top })
}

/// A TOML value with its byte range.
struct TomlValue<'v, 't> {
    value: &'v Spanned<DeValue<'t>>,
}

impl WireValue for TomlValue<'_, '_> {
    const RECORD_WORD: &'static str = "a table";

    fn offset(&self) -> usize {
        self.value.span().start
    }

    fn type_name(&self) -> &'static str {
        match self.value.get_ref() {
            DeValue::String(_) => "a string",
            DeValue::Integer(_) => "an integer",
            DeValue::Float(_) => "a float",
            DeValue::Boolean(_) => "a boolean",
            DeValue::Datetime(_) => "a date-time",
            DeValue::Array(_) => "an array",
            DeValue::Table(_) => "a table",
        }
    }

    fn is_null(&self) -> bool {
        false
    }

    fn as_text(&self) -> Option<String> {
        self.value.get_ref().as_str().map(str::to_owned)
    }

    fn as_date_text(&self) -> Option<String> {
        match self.value.get_ref() {
            DeValue::String(text) => Some(text.to_string()),
            // A bare TOML date (`said = 2025-08-15`) is a date as much as the quoted one.
            DeValue::Datetime(datetime) if datetime.time.is_none() && datetime.offset.is_none() => {
                datetime.date.map(|date| date.to_string())
            }
            _ => None,
        }
    }

    fn as_number(&self) -> Option<Result<f64, String>> {
        match self.value.get_ref() {
            DeValue::Integer(integer) => {
                let digits = integer.as_str().replace('_', "");
                Some(
                    i128::from_str_radix(&digits, integer.radix())
                        .map(|value| value as f64)
                        .map_err(|_| format!("number {integer} out of range")),
                )
            }
            DeValue::Float(float) => {
                let text = float.as_str().replace('_', "");
                // Rust reads `inf` and `nan` with an optional sign, as TOML writes them; the
                // range check of validation then rejects them.
                Some(text.parse::<f64>().map_err(|_| format!("number {float} out of range")))
            }
            _ => None,
        }
    }

    fn as_list(&self) -> Option<Vec<Self>> {
        let array = self.value.get_ref().as_array()?;
        Some(array.iter().map(|value| TomlValue { value }).collect())
    }

    fn as_entries(&self) -> Option<Vec<Entry<Self>>> {
        let table = self.value.get_ref().as_table()?;
        let mut entries: Vec<Entry<Self>> = table
            .iter()
            .map(|(key, value)| Entry {
                key: key.get_ref().to_string(),
                key_offset: key.span().start,
                value: TomlValue { value },
            })
            .collect();
        // The table keeps its keys sorted by name; problems read better in the order written.
        entries.sort_by_key(|entry| entry.key_offset);
        Some(entries)
    }
}
