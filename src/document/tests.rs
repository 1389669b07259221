//! The fast JSON path against the careful reader. Wherever the fast path reads a document, it
//! must give the document the careful reader gives, locations included; everywhere else
//! `read_json` must give what the careful reader gives, problems included.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use std::path::{Path, PathBuf};

use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use proptest::sample::{Index, select};
use proptest::test_runner::{RngAlgorithm, RngSeed};

use super::fast_json::{LineCursor, read_json_fast};
use super::json::{read_json, read_json_carefully};
use super::wire::{SourceText, strip_byte_order_mark};
use super::{Document, LiteralList, Location};
use crate::error::Problem;
use crate::limits::Limits;
use crate::synth::{OutputFormat, SynthOptions, write_claim_set};

const FILE: &str = "claims.json";

/// Reads `text` every way: `read_json` must answer as the careful reader does, and the fast
/// path, where it reads the text, must give the careful reader's document. True when the fast
/// path read it.
fn compare(text: &str, limits: &Limits) -> Result<bool, TestCaseError> {
    let careful: Result<Document, Vec<Problem>> = read_json_carefully(text, FILE, limits);
    prop_assert_eq!(
        &read_json(text, FILE, limits),
        &careful,
        "read_json differs from the careful reader on {:?}",
        text
    );
    let fast = read_json_fast(strip_byte_order_mark(text), FILE, limits);
    if let Some(fast) = &fast {
        prop_assert_eq!(Ok(fast), careful.as_ref(), "the fast path read {:?} differently", text);
    }
    Ok(fast.is_some())
}

fn assert_same(text: &str, limits: &Limits) -> bool {
    compare(text, limits).unwrap_or_else(|error| panic!("{error}"))
}

fn assert_fast_and_same(text: &str) -> Document {
    assert!(assert_same(text, &Limits::default()), "the fast path did not read {text:?}");
    read_json_fast(strip_byte_order_mark(text), FILE, &Limits::default()).unwrap()
}

fn data_files(folder: &Path, extension: &str, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(folder).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            data_files(&path, extension, found);
        } else if path.extension().is_some_and(|found| found == extension) {
            found.push(path);
        }
    }
}

#[test]
fn the_data_files_and_the_fuzz_seeds_read_the_same_both_ways() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let mut files = Vec::new();
    data_files(&data, "json", &mut files);
    let mut texts: Vec<Vec<u8>> = files.iter().map(|path| std::fs::read(path).unwrap()).collect();
    // The pipeline's fuzz seeds whose first byte, which picks the format, is even are JSON.
    for entry in std::fs::read_dir(data.join("fuzz/pipeline")).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        if let Some((control, rest)) = bytes.split_first().filter(|(control, _)| *control & 1 == 0) {
            assert_eq!(*control & 1, 0);
            texts.push(rest.to_vec());
        }
    }
    let mut n_fast = 0;
    for bytes in texts {
        let Ok(text) = String::from_utf8(bytes) else { continue };
        for limits in [Limits::default(), Limits::default().max_records(3)] {
            n_fast += usize::from(assert_same(&text, &limits));
        }
    }
    assert!(files.len() > 30, "{} files", files.len());
    assert!(n_fast > 10, "the fast path read only {n_fast} of the data files");
}

/// Lists longer than the sample the fast path sizes them by, followed by other lists or not,
/// with records that grow past the sample: each is read whole, and not held at far more room
/// than it needs.
#[test]
fn long_lists_are_read_whole_and_kept_near_their_length() {
    let positions: Vec<String> = (0..1_000).map(|index| format!(r#"{{"id": "p{index}"}}"#)).collect();
    let assertions: Vec<String> = (0..700)
        .map(|index| {
            // Past the sample, quotes make each record ten times as long.
            let quote = if index < 300 { String::new() } else { format!(r#", "quote": "{}""#, "q".repeat(400)) };
            format!(r#"{{"id": "a{index}", "source": "s", "stance": "supports", "position": "p{index}"{quote}}}"#)
        })
        .collect();
    let text = format!(
        r#"{{"positions": [{}], "assertions": [{}], "sources": [{{"id": "s"}}]}}"#,
        positions.join(", "),
        assertions.join(",\n")
    );
    let document = assert_fast_and_same(&text);
    assert_eq!(document.positions.len(), 1_000);
    assert_eq!(document.assertions.len(), 700);
    assert!(document.positions.capacity() <= 1_250, "{}", document.positions.capacity());
    assert!(document.assertions.capacity() <= 875, "{}", document.assertions.capacity());
}

#[test]
fn synthetic_claim_sets_are_read_by_the_fast_path() {
    for options in [SynthOptions::scaled_to(2_000).seed(3), SynthOptions::mixed().assertions(2_000).seed(4)] {
        let mut bytes = Vec::new();
        write_claim_set(&options, OutputFormat::Json, &mut bytes).unwrap();
        let document = assert_fast_and_same(&String::from_utf8(bytes).unwrap());
        assert_eq!(document.assertions.len(), 2_000);
    }
}

#[test]
fn every_field_and_null_reads_the_same_both_ways() {
    let text = "\u{feff}{\"actors\": [{\"id\": \"a\", \"name\": \"Ä \\\"q\\\"\", \"kind\": null, \"aliases\": [\"x\", \"\\u00e9\"],\r\n\
        \"speaks_for\": null, \"member_of\": []}], \"sources\": [{\"reliability\": 1e-3, \"id\": \"s\", \"name\": \"S\", \
        \"kind\": \"outlet\"}, {\"id\": \"t\", \"reliability\": null}], \"positions\": [{\"id\": \"p\", \"statement\": \
        \"日本 🎉\"}, {\"statement\": null, \"id\": \"q\"}],\n\t\"rules\": [{\"if\": \"p\", \"then\": [\"!q\"]}, \
        {\"id\": null, \"note\": \"n\", \"if\": [\"p\"], \"then_any\": [\"q\"]}, {\"excludes\": [\"p\", \"q\"]}, \
        {\"equivalent\": [], \"then\": null, \"if\": null}], \"assertions\": [{\"id\": \"x\", \"source\": \"s\", \
        \"holder\": \"a\", \"stance\": \"supports\", \"position\": \"p\", \"via\": [\"t\"], \"said\": \"2025\", \"when\": \
        {\"to\": \"2025-08\", \"from\": null}, \"reported\": \"2025-08-15\", \"quote\": \"line\\nbreak\", \"confidence\": \
        -0}, {\"id\": \"y\", \"source\": \"s\", \"stance\": \"opposes\", \"position\": \"q\", \"when\": {}, \"holder\": null, \
        \"via\": null, \"confidence\": 12345678901234567890}], \"actors\": null}";
    // A duplicate key: the careful reader reports it.
    assert!(!assert_same(text, &Limits::default()));
    let text = text.replace(", \"actors\": null}", "}");
    let document = assert_fast_and_same(&text);
    assert_eq!(document.rules[0].then, Some(LiteralList::Many(vec!["!q".to_owned()])));
    assert_eq!(document.assertions[1].confidence, Some(12_345_678_901_234_567_890.0));
}

#[test]
fn locations_count_lines_and_characters_as_the_careful_reader_does() {
    // One line with characters of two, three and four bytes before the records, and lines
    // ending in \r\n.
    let one_line = r#"{"positions": [{"id": "é", "statement": "日本🎉"}, {"id": "b"},   {"id": "c"}]}"#;
    let document = assert_fast_and_same(one_line);
    let columns: Vec<_> = document.positions.iter().map(|position| position.location.clone().unwrap()).collect();
    assert_eq!(
        columns,
        [16, 49, 64].map(|column| Location { file: FILE.to_owned(), line: Some(1), column: Some(column) })
    );
    let crlf = "{\r\n\"positions\": [\r\n  {\"id\": \"a\"},\r\n\t{\"id\": \"ü\"}, {\"id\": \"b\"}\r\n]\r\n}\r\n";
    let document = assert_fast_and_same(crlf);
    let places: Vec<_> = document.positions.iter().map(|p| p.location.as_ref().map(|l| (l.line, l.column))).collect();
    assert_eq!(places, [Some((Some(3), Some(3))), Some((Some(4), Some(2))), Some((Some(4), Some(15)))]);
    // A record on the line where the one before it ends.
    let shared = "{\"positions\": [{\"id\": \"a\",\n\"statement\": \"ü\"}, {\"id\": \"b\"}]}";
    let document = assert_fast_and_same(shared);
    assert_eq!(
        document.positions[1].location.as_ref().map(|location| (location.line, location.column)),
        Some((Some(2), Some(20)))
    );
}

proptest! {
    #![proptest_config(config(1000))]

    #[test]
    fn the_line_cursor_agrees_with_the_source_text(
        characters in vec(select(&['a', ' ', '\n', '\r', 'é', '日', '🎉'][..]), 0..60),
        picks in vec(any::<Index>(), 0..10),
    ) {
        let text: String = characters.into_iter().collect();
        let boundaries: Vec<usize> = text.char_indices().map(|(offset, _)| offset).chain([text.len()]).collect();
        let mut offsets: Vec<usize> = picks.iter().map(|pick| boundaries[pick.index(boundaries.len())]).collect();
        offsets.sort_unstable();
        let source = SourceText::new(&text, FILE);
        let mut cursor = LineCursor::new();
        for offset in offsets {
            let location = source.location(offset);
            prop_assert_eq!(cursor.advance_to(&text, offset), location.line.zip(location.column));
        }
    }
}

proptest! {
    #![proptest_config(config(1000))]

    /// Asked for offsets in any order, inside characters too, the source text gives each the line
    /// and column counted from the start of the text.
    #[test]
    fn source_text_locations_do_not_depend_on_what_was_asked_before(
        characters in vec(select(&['a', ' ', '\n', 'é', '日', '🎉'][..]), 0..60),
        picks in vec(any::<Index>(), 0..12),
    ) {
        let text: String = characters.into_iter().collect();
        let source = SourceText::new(&text, FILE);
        for pick in picks {
            let offset = pick.index(text.len() + 1);
            let before = &text.as_bytes()[..offset];
            let line = 1 + before.iter().filter(|byte| **byte == b'\n').count();
            let line_start = before.iter().rposition(|byte| *byte == b'\n').map_or(0, |newline| newline + 1);
            let column = text.get(line_start..offset).map_or(1, |part| part.chars().count() + 1);
            let location = source.location(offset);
            prop_assert_eq!((location.line, location.column), (Some(line), Some(column)));
        }
    }
}

#[test]
fn inputs_the_fast_path_leaves_to_the_careful_reader() {
    let record = |value: &str| format!(r#"{{"sources": [{{"id": "s", "reliability": {value}}}]}}"#);
    let text = |value: &str| format!(r#"{{"positions": [{{"id": "p", "statement": {value}}}]}}"#);
    let mut inputs: Vec<String> =
        ["1e400", "-1e400", "01", "1.", ".5", "+1", "-", "1e", "1-2", "0x1", "\"0.5\"", "true", "NaN", "[1]", "{}"]
            .iter()
            .map(|value| record(value))
            .collect();
    inputs.extend(
        [
            r#""\ud800""#,
            r#""\udc00\ud800""#,
            r#""\x""#,
            r#""\u12""#,
            "\"tab\there\"",
            "\"\u{0}\"",
            r#""end\"#,
            "1",
            "[\"a\"]",
            "nul",
            "nullx",
            "\"a\" \"b\"",
        ]
        .iter()
        .map(|value| text(value)),
    );
    inputs.extend(
        [
            "",
            " \n ",
            "\u{2003}",
            "\u{feff}\u{feff}{}",
            "{} x",
            "{}{}",
            "[]",
            "null",
            "{\"positions\": [{\"id\": \"p\"},]}",
            "{\"positions\": [,]}",
            "{\"positions\": [{\"id\": \"p\"}],}",
            "{\"positions\": [{\"id\": \"p\",}]}",
            "{\"positions\": [{\"id\": \"p\" \"statement\": \"s\"}]}",
            "{\"positions\": [{\"\\u0069d\": \"p\"}]}",
            "{\"\\u0070ositions\": []}",
            "{\"positions\": [{\"id\": \"p\", \"id\": \"q\"}]}",
            "{\"positions\": [{\"id\": null}]}",
            "{\"positions\": [{\"statement\": \"s\"}]}",
            "{\"positions\": [{\"id\": \"p\", \"ID\": \"q\"}]}",
            "{\"positions\": [[]]}",
            "{\"positions\": {}}",
            "{\"positions\": null, \"positions\": []}",
            "{\"position\": []}",
            "{\"positions\": []\u{c}}",
            "{\"positions\": [{\"id\": \"p\"}]\u{a0}}",
            "{\"assertions\": [{\"id\": \"x\", \"source\": \"s\", \"stance\": \"supports\", \"position\": \"p\", \"when\": \
             {\"from\": \"2025\", \"from\": \"2026\"}}]}",
            "{\"assertions\": [{\"id\": \"x\", \"source\": \"s\", \"stance\": \"supports\", \"position\": \"p\", \"when\": \
             {\"since\": \"2025\"}}]}",
            "{\"assertions\": [{\"id\": \"x\", \"source\": \"s\", \"stance\": \"supports\", \"position\": \"p\", \"when\": \
             \"2025\"}]}",
            "{\"rules\": [{\"if\": 1, \"then\": \"p\"}]}",
            "{\"rules\": [{\"if\": [\"p\", 2], \"then\": \"q\"}]}",
            "{\"actors\": [{\"id\": \"a\", \"aliases\": \"b\"}]}",
            "{\"actors\": [{\"id\": \"a\", \"aliases\": [null]}]}",
        ]
        .iter()
        .map(|text| (*text).to_owned()),
    );
    for input in &inputs {
        for limits in [Limits::default(), Limits::default().max_records(1)] {
            assert!(!assert_same(input, &limits), "the fast path read {input:?}");
        }
    }
    // Over max_records: the careful reader reports where the limit was passed.
    let two = r#"{"positions": [{"id": "a"}], "rules": [{"excludes": ["a", "b"]}]}"#;
    assert!(assert_same(two, &Limits::default().max_records(2)));
    assert!(!assert_same(two, &Limits::default().max_records(1)));
}

// Generated documents: mostly well formed, with the mistakes a person or a tool makes, written
// in varied layouts, sometimes with a few characters edited.

/// Deterministic runs that write nothing next to the sources.
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        rng_algorithm: RngAlgorithm::ChaCha,
        rng_seed: RngSeed::Fixed(0x6661_7374_6a73_6f6e),
        ..ProptestConfig::default()
    }
}

/// A JSON value to write, with duplicate keys and numbers as written.
#[derive(Clone, Debug)]
enum Json {
    Null,
    Bool(bool),
    /// A number as written, valid or not.
    Number(&'static str),
    Text(String),
    /// A string as written, escapes and all.
    Literal(&'static str),
    List(Vec<Json>),
    Object(Vec<(String, Json)>),
}

/// Numbers as written: the first sixteen are JSON, the others are not.
const NUMBERS: [&str; 22] = [
    "0",
    "1",
    "0.5",
    "-0",
    "1e400",
    "-1e400",
    "1E-2",
    "2.5e0",
    "12345678901234567890",
    "0.30000000000000004",
    "1e-400",
    "-1",
    "0.1000000000000000055511151231257827",
    "2.2250738585072011e-308",
    "123456789012345678901234567890e-10",
    "1.5e+3",
    "01",
    "1.",
    ".5",
    "+1",
    "-",
    "1e",
];

const TEXTS: [&str; 16] = [
    "a1",
    "p-2",
    "x:y.z_w",
    "",
    "supports",
    "opposes",
    "2025-08-15",
    "2024",
    "Ünïcödé é",
    "日本語",
    "emoji 🎉",
    "quote \" and \\ backslash",
    "line\nbreak\r\n",
    "tab\tand \u{7f} and \u{1}",
    "!p",
    "a very long text that goes on and on, well past the other ones, with spaces",
];

const LITERALS: [&str; 6] =
    [r#""\ud800""#, r#""\u0041\u00e9""#, r#""\uD83C\uDF89""#, r#""\/\b\f""#, r#""\x""#, r#""\u00""#];

fn text() -> impl Strategy<Value = Json> {
    select(&TEXTS[..]).prop_map(|text| Json::Text(text.to_owned()))
}

fn leaf() -> impl Strategy<Value = Json> {
    prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::Bool),
        select(&NUMBERS[..]).prop_map(Json::Number),
        text(),
        select(&LITERALS[..]).prop_map(Json::Literal),
        Just(Json::List(Vec::new())),
        Just(Json::Object(Vec::new())),
    ]
}

fn texts() -> impl Strategy<Value = Json> {
    vec(text(), 0..3).prop_map(Json::List)
}

/// What a field holds.
#[derive(Copy, Clone, Debug)]
enum Holds {
    Text,
    TextList,
    Number,
    Literals,
    When,
}

/// A value for a field: mostly of its type, sometimes null, sometimes anything.
fn value(holds: Holds) -> BoxedStrategy<Json> {
    let right = match holds {
        Holds::Text => text().boxed(),
        Holds::TextList => prop_oneof![20 => texts(), 1 => vec(leaf(), 1..3).prop_map(Json::List)].boxed(),
        // The numbers serde_json reads, mostly; the others make the text malformed.
        Holds::Number => {
            prop_oneof![8 => select(&NUMBERS[..16]), 1 => select(&NUMBERS[..])].prop_map(Json::Number).boxed()
        }
        Holds::Literals => prop_oneof![text(), texts()].boxed(),
        Holds::When => object(WHEN).boxed(),
    };
    prop_oneof![60 => right, 1 => Just(Json::Null), 1 => leaf()].boxed()
}

/// A field: name, what it holds, whether it is required.
type Spec = (&'static str, Holds, bool);

const ACTOR: &[Spec] = &[
    ("id", Holds::Text, true),
    ("name", Holds::Text, false),
    ("kind", Holds::Text, false),
    ("aliases", Holds::TextList, false),
    ("speaks_for", Holds::TextList, false),
    ("member_of", Holds::TextList, false),
];
const SOURCE: &[Spec] = &[
    ("id", Holds::Text, true),
    ("name", Holds::Text, false),
    ("kind", Holds::Text, false),
    ("reliability", Holds::Number, false),
];
const POSITION: &[Spec] = &[("id", Holds::Text, true), ("statement", Holds::Text, false)];
const RULE: &[Spec] = &[
    ("id", Holds::Text, false),
    ("note", Holds::Text, false),
    ("if", Holds::Literals, false),
    ("then", Holds::Literals, false),
    ("then_any", Holds::TextList, false),
    ("excludes", Holds::TextList, false),
    ("equivalent", Holds::TextList, false),
];
const ASSERTION: &[Spec] = &[
    ("id", Holds::Text, true),
    ("source", Holds::Text, true),
    ("holder", Holds::Text, false),
    ("stance", Holds::Text, true),
    ("position", Holds::Text, true),
    ("via", Holds::TextList, false),
    ("said", Holds::Text, false),
    ("when", Holds::When, false),
    ("reported", Holds::Text, false),
    ("quote", Holds::Text, false),
    ("confidence", Holds::Number, false),
];

const WHEN: &[Spec] = &[("from", Holds::Text, false), ("to", Holds::Text, false)];

/// A key that no record has, or a near miss of one.
const UNKNOWN_KEYS: [&str; 4] = ["ID", "idd", "extra", "sources"];

/// A change to the keys of an object.
#[derive(Clone, Debug)]
enum KeyChange {
    None,
    Unknown(&'static str, Json),
    /// Writes one of the keys again, with another value.
    Duplicate(Index, Json),
    Drop(Index),
}

fn key_change() -> impl Strategy<Value = KeyChange> {
    prop_oneof![
        80 => Just(KeyChange::None),
        1 => (select(&UNKNOWN_KEYS[..]), leaf()).prop_map(|(key, value)| KeyChange::Unknown(key, value)),
        1 => (any::<Index>(), leaf()).prop_map(|(index, value)| KeyChange::Duplicate(index, value)),
        1 => any::<Index>().prop_map(KeyChange::Drop),
    ]
}

fn change_keys(mut entries: Vec<(String, Json)>, change: KeyChange) -> Vec<(String, Json)> {
    match change {
        KeyChange::None => {}
        KeyChange::Unknown(key, value) => entries.push((key.to_owned(), value)),
        KeyChange::Duplicate(index, value) if !entries.is_empty() => {
            let key = entries[index.index(entries.len())].0.clone();
            entries.push((key, value));
        }
        KeyChange::Drop(index) if !entries.is_empty() => {
            entries.remove(index.index(entries.len()));
        }
        KeyChange::Duplicate(..) | KeyChange::Drop(_) => {}
    }
    entries
}

/// An object with the given fields: required ones nearly always, optional ones half the time,
/// in any order.
fn object(specs: &'static [Spec]) -> impl Strategy<Value = Json> {
    let fields: Vec<_> = specs
        .iter()
        .map(|(name, holds, required)| {
            option::weighted(if *required { 0.97 } else { 0.5 }, value(*holds))
                .prop_map(move |value| value.map(|value| ((*name).to_owned(), value)))
        })
        .collect();
    (fields, key_change())
        .prop_map(|(fields, change)| change_keys(fields.into_iter().flatten().collect(), change))
        .prop_shuffle()
        .prop_map(Json::Object)
}

fn records(specs: &'static [Spec]) -> BoxedStrategy<Json> {
    let record = prop_oneof![100 => object(specs), 1 => leaf()];
    prop_oneof![40 => vec(record, 0..4).prop_map(Json::List), 1 => Just(Json::Null), 1 => leaf()].boxed()
}

fn document() -> impl Strategy<Value = Json> {
    let lists =
        [("actors", ACTOR), ("sources", SOURCE), ("positions", POSITION), ("rules", RULE), ("assertions", ASSERTION)]
            .map(|(name, specs)| {
                option::weighted(0.6, records(specs)).prop_map(move |list| list.map(|list| (name.to_owned(), list)))
            });
    (lists.to_vec(), key_change())
        .prop_map(|(lists, change)| change_keys(lists.into_iter().flatten().collect(), change))
        .prop_shuffle()
        .prop_map(Json::Object)
}

/// The white space written between tokens, taken in turn.
const SPACES: [&str; 8] = ["", " ", "\n", "\r\n", "\t", "\n    ", "  ", " \n\t "];

struct Writer<'s> {
    out: String,
    spaces: &'s [usize],
    n_spaces: usize,
    /// How deep in objects and lists the writer is: records are at depth 3.
    depth: usize,
    /// Writes no line break inside records, so that records share lines, each after text that
    /// may have characters of several bytes.
    flat_records: bool,
    /// Writes every character outside ASCII letters and digits as `\u` escapes, keys too.
    escape_all: bool,
}

impl Writer<'_> {
    fn space(&mut self) {
        if !self.spaces.is_empty() {
            let space = SPACES[self.spaces[self.n_spaces % self.spaces.len()] % SPACES.len()];
            self.n_spaces += 1;
            if self.flat_records && self.depth >= 3 {
                self.out.extend(space.chars().filter(|character| *character != '\n'));
            } else {
                self.out.push_str(space);
            }
        }
    }

    fn text(&mut self, text: &str) {
        self.out.push('"');
        for character in text.chars() {
            match character {
                '"' => self.out.push_str("\\\""),
                '\\' => self.out.push_str("\\\\"),
                '\n' if !self.escape_all => self.out.push_str("\\n"),
                character if character < ' ' || (self.escape_all && !character.is_ascii_alphanumeric()) => {
                    let mut units = [0; 2];
                    for unit in character.encode_utf16(&mut units) {
                        self.out.push_str(&format!("\\u{unit:04x}"));
                    }
                }
                character => self.out.push(character),
            }
        }
        self.out.push('"');
    }

    fn value(&mut self, value: &Json) {
        self.space();
        match value {
            Json::Null => self.out.push_str("null"),
            Json::Bool(value) => self.out.push_str(if *value { "true" } else { "false" }),
            Json::Number(number) => self.out.push_str(number),
            Json::Text(text) => self.text(text),
            Json::Literal(literal) => self.out.push_str(literal),
            Json::List(items) => {
                self.out.push('[');
                self.depth += 1;
                for (index, item) in items.iter().enumerate() {
                    if index > 0 {
                        self.out.push(',');
                    }
                    self.value(item);
                    self.space();
                }
                self.space();
                self.depth -= 1;
                self.out.push(']');
            }
            Json::Object(entries) => {
                self.out.push('{');
                self.depth += 1;
                for (index, (key, item)) in entries.iter().enumerate() {
                    if index > 0 {
                        self.out.push(',');
                    }
                    self.space();
                    self.text(key);
                    self.space();
                    self.out.push(':');
                    self.value(item);
                    self.space();
                }
                self.space();
                self.depth -= 1;
                self.out.push('}');
            }
        }
    }
}

/// How a generated document is written out.
#[derive(Clone, Debug)]
struct Layout {
    spaces: Vec<usize>,
    flat_records: bool,
    escape_all: bool,
    byte_order_mark: bool,
    /// Written after the document.
    tail: &'static str,
    /// Characters inserted, removed or replaced at the end.
    edits: Vec<(Index, u8, char)>,
}

fn layout() -> impl Strategy<Value = Layout> {
    (
        vec(0..SPACES.len(), 0..6),
        any::<bool>(),
        prop::bool::weighted(0.05),
        prop::bool::weighted(0.05),
        prop_oneof![40 => Just(""), 1 => Just("\n"), 1 => Just(" x"), 1 => Just("{}"), 1 => Just("\u{c}")],
        prop_oneof![8 => Just(Vec::new()), 1 => vec((any::<Index>(), any::<u8>(), any::<char>()), 1..=2)],
    )
        .prop_map(|(spaces, flat_records, escape_all, byte_order_mark, tail, edits)| Layout {
            spaces,
            flat_records,
            escape_all,
            byte_order_mark,
            tail,
            edits,
        })
}

/// Inserts, removes or replaces the character at a place in the text.
fn edit_text(text: &str, at: &Index, edit: u8, inserted: char) -> String {
    let characters: Vec<char> = text.chars().collect();
    let place = at.index(characters.len() + 1);
    let inserted = match edit % 4 {
        // Mostly characters that JSON gives a meaning to.
        0 => ['{', '}', '[', ']', ',', ':', '"', '\\', 'n', '0', ' ', '\n'][usize::from(edit / 4) % 12],
        _ => inserted,
    };
    let mut edited: Vec<char> = characters.clone();
    match edit % 3 {
        0 => edited.insert(place, inserted),
        1 if place < characters.len() => {
            edited.remove(place);
        }
        _ if place < characters.len() => edited[place] = inserted,
        _ => edited.push(inserted),
    }
    edited.into_iter().collect()
}

fn write(document: &Json, layout: &Layout) -> String {
    let mut writer = Writer {
        out: String::new(),
        spaces: &layout.spaces,
        n_spaces: 0,
        depth: 0,
        flat_records: layout.flat_records,
        escape_all: layout.escape_all,
    };
    if layout.byte_order_mark {
        writer.out.push('\u{feff}');
    }
    writer.value(document);
    writer.space();
    writer.out.push_str(layout.tail);
    let mut text = writer.out;
    for (at, edit, inserted) in &layout.edits {
        text = edit_text(&text, at, *edit, *inserted);
    }
    text
}

fn limits() -> impl Strategy<Value = Limits> {
    prop_oneof![
        4 => Just(Limits::default()),
        1 => (1..6usize).prop_map(|max_records| Limits::default().max_records(max_records)),
    ]
}

proptest! {
    #![proptest_config(config(3000))]

    #[test]
    fn the_fast_path_agrees_with_the_careful_reader(document in document(), layout in layout(), limits in limits()) {
        compare(&write(&document, &layout), &limits)?;
    }
}
