//! The JSON report of the product contract.

use std::io;

use serde::Serialize;

use crate::check::{Finding, FindingKind, Report};
use crate::model::{ActorId, AssertionId, ClaimSet, RuleId, SourceId, write_day};

use super::message::{RuleSummaries, Sentence, is_clean, write_message};

#[derive(Serialize)]
struct JsonTruncation {
    max_findings: usize,
    reason: String,
}

/// Where the text ids of a report come from.
#[derive(Copy, Clone)]
struct Texts<'a> {
    claims: &'a ClaimSet,
    summaries: &'a RuleSummaries<'a>,
    /// Whether the ids of actors, sources and assertions hold nothing a JSON string escapes.
    ids_clean: bool,
}

/// A numbered id with a text id.
trait IdText: Copy + Ord {
    fn text<'a>(self, texts: Texts<'a>) -> &'a str;
    /// Whether every id of the kind holds nothing a JSON string escapes.
    fn all_clean(texts: Texts<'_>) -> bool {
        texts.ids_clean
    }
}

impl IdText for ActorId {
    fn text<'a>(self, texts: Texts<'a>) -> &'a str {
        texts.claims.actor(self).id()
    }
}

impl IdText for AssertionId {
    fn text<'a>(self, texts: Texts<'a>) -> &'a str {
        texts.claims.assertion(self).id()
    }
}

impl IdText for SourceId {
    fn text<'a>(self, texts: Texts<'a>) -> &'a str {
        texts.claims.source(self).id()
    }
}

impl IdText for RuleId {
    /// Read off the rule's summary, which the message needs anyway.
    fn text<'a>(self, texts: Texts<'a>) -> &'a str {
        texts.summaries.id(self)
    }
    fn all_clean(texts: Texts<'_>) -> bool {
        texts.summaries.is_clean()
    }
}

#[derive(Serialize)]
struct JsonSummary {
    actors: usize,
    sources: usize,
    positions: usize,
    rules: usize,
    assertions: usize,
    findings: JsonCounts,
}

#[derive(Serialize)]
struct JsonCounts {
    contradiction: usize,
    tension: usize,
    reversal: usize,
    dissent: usize,
}

/// Text ids, sorted as the contract asks whatever order the ids came in.
fn sorted<'a>(ids: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut ids: Vec<&str> = ids.collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// Writes `text` as the contents of a JSON string, escaped as serde_json escapes it: `"`, `\\`
/// and the control characters, nothing else. Sentences of a large report run to hundreds of
/// megabytes with a few quotes each, so the text is looked at eight bytes at a time and copied in
/// runs.
fn write_escaped(out: &mut Vec<u8>, text: &str) {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    /// Whether some byte of `word` is below 0x20, a quote or a backslash (it may also say so of
    /// a word that has none; the bytes are then looked at one by one).
    fn may_need_escape(word: u64) -> bool {
        let has_zero = |word: u64| word.wrapping_sub(ONES) & !word & HIGHS;
        let below_space = word.wrapping_sub(ONES * 0x20) & !word & HIGHS;
        below_space | has_zero(word ^ (ONES * u64::from(b'"'))) | has_zero(word ^ (ONES * u64::from(b'\\'))) != 0
    }
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let bytes = text.as_bytes();
    let (mut run_start, mut index) = (0, 0);
    let mut unicode = *b"\\u0000";
    while index < bytes.len() {
        while let Some(chunk) = bytes.get(index..index + 8).and_then(|chunk| <[u8; 8]>::try_from(chunk).ok())
            && !may_need_escape(u64::from_le_bytes(chunk))
        {
            index += 8;
        }
        let Some(&byte) = bytes.get(index) else { break };
        index += 1;
        let escape: &[u8] = match byte {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\t' => b"\\t",
            b'\r' => b"\\r",
            0x08 => b"\\b",
            0x0c => b"\\f",
            0x00..=0x1f => {
                let hex = |digit: u8| HEX.get(usize::from(digit)).copied().unwrap_or(b'0');
                unicode[4..].copy_from_slice(&[hex(byte >> 4), hex(byte & 0xf)]);
                &unicode
            }
            _ => continue,
        };
        out.extend_from_slice(bytes.get(run_start..index - 1).unwrap_or(&[]));
        out.extend_from_slice(escape);
        run_start = index;
    }
    out.extend_from_slice(bytes.get(run_start..).unwrap_or(&[]));
}

/// A JSON string being written: each piece of text is escaped as it comes.
struct JsonText<'a>(&'a mut Vec<u8>);

impl std::fmt::Write for JsonText<'_> {
    fn write_str(&mut self, text: &str) -> std::fmt::Result {
        write_escaped(self.0, text);
        Ok(())
    }
}

impl Sentence for JsonText<'_> {
    fn push_str(&mut self, text: &str) {
        write_escaped(self.0, text);
    }
    fn push_clean(&mut self, text: &str) {
        self.0.extend_from_slice(text.as_bytes());
    }
}

/// Writes `text` as a JSON string.
fn write_string(out: &mut Vec<u8>, text: &str) {
    out.push(b'"');
    write_escaped(out, text);
    out.push(b'"');
}

/// Writes a list of text ids, sorted and without repeats as the contract asks, as a field of a
/// finding, on one line. Numbered ids are places in lists sorted by text id, so a list in
/// increasing number is in text order too: findings keep theirs that way and are written
/// straight; any other list is copied and sorted by text.
fn write_ids<T: IdText>(out: &mut Vec<u8>, texts: Texts<'_>, ids: &[T]) {
    let clean = T::all_clean(texts);
    let mut write_all = |texts: &mut dyn Iterator<Item = &str>| {
        out.push(b'[');
        for (index, text) in texts.enumerate() {
            if index > 0 {
                out.extend_from_slice(b", ");
            }
            if clean {
                out.push(b'"');
                out.extend_from_slice(text.as_bytes());
                out.push(b'"');
            } else {
                write_string(out, text);
            }
        }
        out.push(b']');
    };
    if ids.is_sorted_by(|a, b| a < b) {
        write_all(&mut ids.iter().map(|id| id.text(texts)));
    } else {
        write_all(&mut sorted(ids.iter().map(|id| id.text(texts))).into_iter());
    }
}

/// Writes one finding as an element of the report's list of findings, in the layout of
/// [`PrettyLines`] (the tests hold it to it), fields in the order of the contract.
fn write_finding(out: &mut Vec<u8>, texts: Texts<'_>, finding: &Finding) {
    let claims = texts.claims;
    out.extend_from_slice(b"{\n      \"kind\": ");
    write_string(out, finding.kind().as_str());
    out.extend_from_slice(b",\n      \"holder\": ");
    match finding.holder() {
        Some(holder) => write_string(out, claims.actor(holder).id()),
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\n      \"actors\": ");
    write_ids(out, texts, finding.actors());
    out.extend_from_slice(b",\n      \"assertions\": ");
    write_ids(out, texts, finding.assertions());
    out.extend_from_slice(b",\n      \"sources\": ");
    write_ids(out, texts, finding.sources());
    out.extend_from_slice(if finding.is_cross_source() {
        b",\n      \"cross_source\": true,\n      \"rules\": "
    } else {
        b",\n      \"cross_source\": false,\n      \"rules\": "
    });
    write_ids(out, texts, finding.rules());
    out.extend_from_slice(b",\n      \"window\": ");
    match finding.window() {
        Some(window) => {
            let day = |out: &mut Vec<u8>, day: Option<jiff::civil::Date>| match day {
                Some(day) => {
                    out.push(b'"');
                    // Writing into memory cannot fail.
                    let _ = write_day(&mut JsonText(out), day);
                    out.push(b'"');
                }
                None => out.extend_from_slice(b"null"),
            };
            out.extend_from_slice(b"{\"from\": ");
            day(out, window.from());
            out.extend_from_slice(b", \"to\": ");
            day(out, window.to());
            out.push(b'}');
        }
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\n      \"message\": \"");
    // Writing into memory cannot fail.
    let _ = write_message(&mut JsonText(out), claims, finding, Some(texts.summaries));
    out.extend_from_slice(b"\"\n    }");
}

/// Reads the first byte of each text that writing `finding` reads, in a loop whose reads do not
/// wait on each other: the rules' summaries, the assertions' ids and their positions' labels lie
/// all over memory, and writing a finding reads them one after the other.
fn read_ahead(texts: Texts<'_>, finding: &Finding) {
    let first = |text: &str| text.as_bytes().first().copied().unwrap_or(0);
    let mut touched = 0u8;
    for rule in finding.rules() {
        touched ^= texts.summaries.first_byte(*rule);
    }
    for assertion in finding.assertions() {
        let assertion = texts.claims.assertion(*assertion);
        touched ^= first(assertion.id()) ^ first(texts.claims.position(assertion.position()).label());
    }
    std::hint::black_box(touched);
}

/// The report's layout: serde_json's pretty layout, two spaces a level, down to the fields of a
/// finding, whose lists and window are written on one line as the contract shows them
/// (`"actors": ["trump"]`). A report of a million findings would otherwise have tens of millions
/// of lines of one id each. Each line break and the indentation after it are written in one
/// piece, where the stock formatter writes indentation two spaces at a time.
struct PrettyLines {
    /// How many arrays and objects are open.
    depth: usize,
    has_value: bool,
    /// Arrays and objects opened with at least this many open around them are written on one
    /// line, with `, ` between their values.
    inline_from: usize,
}

/// Where the report's arrays and objects go on one line: inside a finding, the report's object
/// and its list of findings being open around it.
const REPORT_INLINE_FROM: usize = 3;

impl Default for PrettyLines {
    fn default() -> PrettyLines {
        PrettyLines { depth: 0, has_value: false, inline_from: REPORT_INLINE_FROM }
    }
}

impl PrettyLines {
    /// Whether the innermost open array or object is written on one line.
    fn in_line(&self) -> bool {
        self.depth > self.inline_from
    }

    /// Opens an array or an object with `bracket`, one level deeper.
    fn open<W: ?Sized + io::Write>(&mut self, writer: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        writer.write_all(bracket)
    }

    /// Closes an array or an object with `bracket`, on a line of its own unless it is empty or
    /// written on one line.
    fn close<W: ?Sized + io::Write>(&mut self, writer: &mut W, bracket: &[u8]) -> io::Result<()> {
        let in_line = self.in_line();
        self.depth = self.depth.saturating_sub(1);
        if self.has_value && !in_line {
            self.line_break(writer, false)?;
        }
        writer.write_all(bracket)
    }

    /// What goes before a value of an array or a key of an object.
    fn before_value<W: ?Sized + io::Write>(&self, writer: &mut W, first: bool) -> io::Result<()> {
        match (self.in_line(), first) {
            (true, true) => Ok(()),
            (true, false) => writer.write_all(b", "),
            (false, _) => self.line_break(writer, !first),
        }
    }

    /// A comma if asked, a line break, and the indentation of the current depth.
    fn line_break<W: ?Sized + io::Write>(&self, writer: &mut W, comma: bool) -> io::Result<()> {
        const BREAKS: &[u8] = b",\n                                                                ";
        let start = usize::from(!comma);
        match BREAKS.get(start..2 + 2 * self.depth) {
            Some(piece) => writer.write_all(piece),
            None => {
                writer.write_all(if comma { b",\n" } else { b"\n" })?;
                (0..self.depth).try_for_each(|_| writer.write_all(b"  "))
            }
        }
    }
}

impl serde_json::ser::Formatter for PrettyLines {
    fn begin_array<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.open(writer, b"[")
    }

    fn end_array<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.close(writer, b"]")
    }

    fn begin_array_value<W: ?Sized + io::Write>(&mut self, writer: &mut W, first: bool) -> io::Result<()> {
        self.before_value(writer, first)
    }

    fn end_array_value<W: ?Sized + io::Write>(&mut self, _writer: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.open(writer, b"{")
    }

    fn end_object<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.close(writer, b"}")
    }

    fn begin_object_key<W: ?Sized + io::Write>(&mut self, writer: &mut W, first: bool) -> io::Result<()> {
        self.before_value(writer, first)
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        writer.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + io::Write>(&mut self, _writer: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

impl Report<'_> {
    /// The report as the contract's JSON object (`findings` and `summary`), pretty-printed with a
    /// trailing newline. The same claim set and findings always give the same bytes.
    ///
    /// ```
    /// use claimgraph::{Checker, ClaimSet};
    /// let claims = ClaimSet::from_json_str(r#"{"positions": [{"id": "p"}]}"#)?;
    /// let json = Checker::new(&claims).check().to_json();
    /// assert!(json.starts_with("{\n  \"findings\": ["));
    /// assert!(json.ends_with("}\n"));
    /// # Ok::<(), claimgraph::LoadError>(())
    /// ```
    pub fn to_json(&self) -> String {
        let mut json = Vec::new();
        // Writing into memory cannot fail, and serialising strings, numbers, booleans and
        // string-keyed structs cannot either; should it ever, an empty object is still valid JSON
        // rather than a panic.
        if self.write_json(&mut json).is_err() {
            return String::from("{}\n");
        }
        String::from_utf8(json).unwrap_or_else(|_| String::from("{}\n"))
    }

    /// Writes the report of [`Report::to_json`] to `out` as it goes, without holding it in
    /// memory: for large reports. The bytes are those of [`Report::to_json`]; wrap a file or
    /// standard output in a [`std::io::BufWriter`].
    ///
    /// ```
    /// use claimgraph::{Checker, ClaimSet};
    /// let claims = ClaimSet::from_json_str(r#"{"positions": [{"id": "p"}]}"#)?;
    /// let report = Checker::new(&claims).check();
    /// let mut written = Vec::new();
    /// report.write_json(&mut written)?;
    /// assert_eq!(String::from_utf8(written).unwrap(), report.to_json());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn write_json<W: io::Write>(&self, mut out: W) -> io::Result<()> {
        // Each finding is laid out in memory and handed over in pieces of a good size; the
        // summary and the note on truncation go through serde, at the depth they sit at.
        const PIECE: usize = 1 << 16;
        let claims = self.claims();
        let summaries = RuleSummaries::new(claims, self.findings());
        let ids_clean = claims.actors().all(|(_, actor)| is_clean(actor.id()))
            && claims.sources().all(|(_, source)| is_clean(source.id()))
            && claims.assertions().all(|(_, assertion)| is_clean(assertion.id()));
        let texts = Texts { claims, summaries: &summaries, ids_clean };
        let mut piece: Vec<u8> = Vec::with_capacity(2 * PIECE);
        piece.extend_from_slice(b"{\n  \"findings\": [");
        for (index, finding) in self.findings().iter().enumerate() {
            if let Some(next) = self.findings().get(index + 1) {
                read_ahead(texts, next);
            }
            piece.extend_from_slice(if index == 0 { b"\n    " } else { b",\n    " });
            write_finding(&mut piece, texts, finding);
            if piece.len() >= PIECE {
                out.write_all(&piece)?;
                piece.clear();
            }
        }
        if !self.findings().is_empty() {
            piece.extend_from_slice(b"\n  ");
        }
        piece.extend_from_slice(b"],\n  \"summary\": ");
        out.write_all(&piece)?;
        self.json_summary().serialize(&mut serializer_at_depth_one(&mut out)).map_err(io::Error::from)?;
        if let Some(truncated) = self.json_truncation() {
            out.write_all(b",\n  \"truncated\": ")?;
            truncated.serialize(&mut serializer_at_depth_one(&mut out)).map_err(io::Error::from)?;
        }
        out.write_all(b"\n}\n")?;
        out.flush()
    }

    fn json_summary(&self) -> JsonSummary {
        let claims = self.claims();
        JsonSummary {
            actors: claims.actors().len(),
            sources: claims.sources().len(),
            positions: claims.positions().len(),
            rules: claims.rules().len(),
            assertions: claims.assertions().len(),
            findings: JsonCounts {
                contradiction: self.count(FindingKind::Contradiction),
                tension: self.count(FindingKind::Tension),
                reversal: self.count(FindingKind::Reversal),
                dissent: self.count(FindingKind::Dissent),
            },
        }
    }

    fn json_truncation(&self) -> Option<JsonTruncation> {
        self.truncation()
            .map(|truncation| JsonTruncation { max_findings: truncation.max_findings, reason: truncation.to_string() })
    }
}

/// A serializer for a value of the report's top-level object, one level deep.
fn serializer_at_depth_one<W: io::Write>(out: W) -> serde_json::Serializer<W, PrettyLines> {
    serde_json::Serializer::with_formatter(out, PrettyLines { depth: 1, ..PrettyLines::default() })
}

/// The report written through serde alone, field by field as the contract lists them: the
/// reference the report's own writer is held to.
#[cfg(test)]
mod serde_reference {
    use std::io;

    use serde::{Serialize, Serializer};

    use super::{IdText, JsonSummary, JsonTruncation, PrettyLines, Texts, sorted};
    use crate::ClaimSet;
    use crate::check::{Finding, Report};
    use crate::model::{ActorId, AssertionId, RuleId, SourceId, Window, write_day};
    use crate::report::message::{RuleSummaries, message_with};

    /// The whole report, written through serde: the reference the report's own writer is held to.
    #[derive(Serialize)]
    struct JsonReport<'a> {
        findings: JsonFindings<'a>,
        summary: JsonSummary,
        /// Only present when the checker stopped at the limit on findings (an extension of the
        /// contract: the contract's fields are unchanged).
        #[serde(skip_serializing_if = "Option::is_none")]
        truncated: Option<JsonTruncation>,
    }

    /// The findings, each turned into its JSON record only as it is written.
    struct JsonFindings<'a> {
        claims: &'a ClaimSet,
        findings: &'a [Finding],
        summaries: RuleSummaries<'a>,
    }

    impl Serialize for JsonFindings<'_> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let texts = Texts { claims: self.claims, summaries: &self.summaries, ids_clean: false };
            serializer.collect_seq(self.findings.iter().map(|finding| json_finding(texts, finding)))
        }
    }

    #[derive(Serialize)]
    struct JsonFinding<'a> {
        kind: &'static str,
        holder: Option<&'a str>,
        actors: SortedIds<'a, ActorId>,
        assertions: SortedIds<'a, AssertionId>,
        sources: SortedIds<'a, SourceId>,
        cross_source: bool,
        rules: SortedIds<'a, RuleId>,
        window: Option<JsonWindow>,
        message: String,
    }

    /// A list of text ids, written sorted and without repeats as the contract asks. Numbered ids
    /// are places in lists sorted by text id, so a list in increasing number is in text order too:
    /// findings keep theirs that way and are written straight, without reading the texts twice;
    /// any other list is copied and sorted by text.
    struct SortedIds<'a, T: IdText> {
        texts: Texts<'a>,
        ids: &'a [T],
    }

    impl<T: IdText> Serialize for SortedIds<'_, T> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let texts = self.ids.iter().map(|id| id.text(self.texts));
            if self.ids.is_sorted_by(|a, b| a < b) {
                serializer.collect_seq(texts)
            } else {
                serializer.collect_seq(sorted(texts))
            }
        }
    }

    /// The days common to a finding's assertions, each end written as a date or null.
    struct JsonWindow(Window);

    impl Serialize for JsonWindow {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            struct Day(Option<jiff::civil::Date>);
            impl Serialize for Day {
                fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    match self.0 {
                        Some(day) => serializer.collect_str(&DayText(day)),
                        None => serializer.serialize_none(),
                    }
                }
            }
            struct DayText(jiff::civil::Date);
            impl std::fmt::Display for DayText {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    write_day(f, self.0)
                }
            }
            use serde::ser::SerializeStruct;
            let mut window = serializer.serialize_struct("JsonWindow", 2)?;
            window.serialize_field("from", &Day(self.0.from()))?;
            window.serialize_field("to", &Day(self.0.to()))?;
            window.end()
        }
    }

    fn json_finding<'a>(texts: Texts<'a>, finding: &'a Finding) -> JsonFinding<'a> {
        let claims = texts.claims;
        JsonFinding {
            kind: finding.kind().as_str(),
            holder: finding.holder().map(|holder| claims.actor(holder).id()),
            actors: SortedIds { texts, ids: finding.actors() },
            assertions: SortedIds { texts, ids: finding.assertions() },
            sources: SortedIds { texts, ids: finding.sources() },
            cross_source: finding.is_cross_source(),
            rules: SortedIds { texts, ids: finding.rules() },
            window: finding.window().map(JsonWindow),
            message: message_with(claims, finding, Some(texts.summaries)),
        }
    }

    /// The report written through serde alone: what [`Report::write_json`] must write.
    pub(super) fn write_json<W: io::Write>(report: &Report<'_>, mut out: W) -> io::Result<()> {
        let claims = report.claims();
        let json = JsonReport {
            findings: JsonFindings {
                claims,
                findings: report.findings(),
                summaries: RuleSummaries::new(claims, report.findings()),
            },
            summary: report.json_summary(),
            truncated: report.json_truncation(),
        };
        let mut serializer = serde_json::Serializer::with_formatter(&mut out, PrettyLines::default());
        json.serialize(&mut serializer).map_err(io::Error::from)?;
        out.write_all(b"\n")?;
        out.flush()
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use proptest::test_runner::{RngAlgorithm, RngSeed};
    use serde::Serialize;
    use serde_json::Value;

    use super::PrettyLines;
    use crate::report::fixtures::{seed_claims, seed_report};
    use crate::synth::{OutputFormat, SynthOptions, Variant, write_claim_set};

    /// `value` written with the report's formatter, arrays and objects on one line from
    /// `inline_from` open around them.
    fn with_pretty_lines(value: &Value, inline_from: usize) -> String {
        let formatter = PrettyLines { inline_from, ..PrettyLines::default() };
        let mut written = Vec::new();
        value.serialize(&mut serde_json::Serializer::with_formatter(&mut written, formatter)).unwrap();
        String::from_utf8(written).unwrap()
    }

    /// The layout the report's formatter should give, written out by hand: serde_json's pretty
    /// layout down to `inline_from` levels, one line below.
    fn laid_out(value: &Value, depth: usize, inline_from: usize, out: &mut String) {
        let indent = |depth: usize| "  ".repeat(depth);
        let (open, close, items): (char, char, Vec<(Option<&String>, &Value)>) = match value {
            Value::Array(items) => ('[', ']', items.iter().map(|item| (None, item)).collect()),
            Value::Object(fields) => ('{', '}', fields.iter().map(|(key, item)| (Some(key), item)).collect()),
            scalar => {
                out.push_str(&serde_json::to_string(scalar).unwrap());
                return;
            }
        };
        out.push(open);
        for (index, (key, item)) in items.iter().enumerate() {
            if depth >= inline_from {
                out.push_str(if index == 0 { "" } else { ", " });
            } else {
                out.push_str(if index == 0 { "\n" } else { ",\n" });
                out.push_str(&indent(depth + 1));
            }
            if let Some(key) = key {
                out.push_str(&serde_json::to_string(key).unwrap());
                out.push_str(": ");
            }
            laid_out(item, depth + 1, inline_from, out);
        }
        if !items.is_empty() && depth < inline_from {
            out.push('\n');
            out.push_str(&indent(depth));
        }
        out.push(close);
    }

    /// Any JSON value: nested arrays and objects, empty ones included, down to a few levels.
    fn any_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            "[a-z\"\\\n é]{0,6}".prop_map(Value::String),
        ];
        leaf.prop_recursive(6, 64, 5, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
                proptest::collection::vec(("[a-z]{0,3}", inner), 0..5)
                    .prop_map(|fields| Value::Object(fields.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 2000,
            failure_persistence: None,
            rng_algorithm: RngAlgorithm::ChaCha,
            rng_seed: RngSeed::Fixed(0x7072_6574_7479),
            ..ProptestConfig::default()
        })]

        /// Without lines kept whole, the report's formatter lays out any value as serde_json's
        /// own pretty printer does.
        #[test]
        fn pretty_lines_match_serde_json_pretty(value in any_value()) {
            prop_assert_eq!(with_pretty_lines(&value, usize::MAX), serde_json::to_string_pretty(&value).unwrap());
        }

        /// With them, any value is laid out as the layout written out by hand says, and reads
        /// back as the same value.
        #[test]
        fn pretty_lines_keep_deep_values_on_one_line(value in any_value(), inline_from in 0..5_usize) {
            let written = with_pretty_lines(&value, inline_from);
            let mut expected = String::new();
            laid_out(&value, 0, inline_from, &mut expected);
            prop_assert_eq!(&written, &expected);
            prop_assert_eq!(serde_json::from_str::<Value>(&written).unwrap(), value);
        }
    }

    #[test]
    fn values_nested_deeper_than_the_indentation_kept_at_hand_are_laid_out_the_same() {
        let mut value = serde_json::json!({"leaf": [1, [], {}]});
        for depth in 0..45 {
            value = if depth % 2 == 0 { serde_json::json!([value, "x"]) } else { serde_json::json!({"k": value}) };
        }
        assert_eq!(with_pretty_lines(&value, usize::MAX), serde_json::to_string_pretty(&value).unwrap());
        let mut expected = String::new();
        laid_out(&value, 0, 20, &mut expected);
        assert_eq!(with_pretty_lines(&value, 20), expected);
    }

    #[test]
    fn json_has_the_fields_of_the_contract_in_order() {
        let claims = seed_claims();
        let report = seed_report(&claims);
        let json = report.to_json();
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        let contradiction = &value["findings"][1];
        assert_eq!(contradiction["kind"], "contradiction");
        assert_eq!(contradiction["holder"], "trump");
        assert_eq!(contradiction["actors"], serde_json::json!(["trump"]));
        assert_eq!(contradiction["assertions"], serde_json::json!(["post-1", "post-2"]));
        assert_eq!(contradiction["sources"], serde_json::json!(["nypost"]));
        assert_eq!(contradiction["cross_source"], false);
        assert_eq!(contradiction["rules"], serde_json::json!(["r1"]));
        assert_eq!(contradiction["window"], serde_json::json!({"from": "2025-08-15", "to": null}));
        assert!(contradiction["message"].as_str().unwrap().starts_with("Donald Trump supports"));
        assert_eq!(value["findings"][0]["holder"], serde_json::Value::Null);
        assert_eq!(value["findings"][3]["window"], serde_json::Value::Null);
        assert_eq!(value["findings"][2]["cross_source"], true);
        assert_eq!(
            value["summary"],
            serde_json::json!({"actors": 3, "sources": 3, "positions": 3, "rules": 1, "assertions": 7,
                "findings": {"contradiction": 2, "tension": 1, "reversal": 2, "dissent": 2}})
        );
        let field_order: Vec<usize> = [
            "\"kind\"",
            "\"holder\"",
            "\"actors\"",
            "\"assertions\"",
            "\"sources\"",
            "\"cross_source\"",
            "\"rules\"",
            "\"window\"",
            "\"message\"",
        ]
        .iter()
        .map(|field| json.find(field).unwrap())
        .collect();
        assert!(field_order.windows(2).all(|pair| pair[0] < pair[1]));
        assert!(json.find("\"findings\"").unwrap() < json.find("\"summary\"").unwrap());
        assert!(json.ends_with("}\n"));
    }

    /// The report's own writer against the report written through serde alone.
    fn assert_written_as_serde_writes(report: &crate::check::Report<'_>) {
        let (mut own, mut reference) = (Vec::new(), Vec::new());
        report.write_json(&mut own).unwrap();
        super::serde_reference::write_json(report, &mut reference).unwrap();
        assert_eq!(String::from_utf8(own).unwrap(), String::from_utf8(reference).unwrap());
    }

    /// A claim set whose names, statements and notes hold what JSON strings escape, and whose
    /// rules' summaries do too.
    fn awkward_claims(name: &str, statement: &str, note: &str) -> crate::ClaimSet {
        let document = serde_json::json!({
            "actors": [{"id": "a1", "name": name}, {"id": "a2"}],
            "sources": [{"id": "s1", "name": name}, {"id": "s2"}],
            "positions": [{"id": "p", "statement": statement}, {"id": "q"}, {"id": "r", "statement": "plain"}],
            "rules": [{"id": "r1", "if": "p", "then": "q", "note": note}, {"id": "r2", "if": "q", "then": "r"}],
            "assertions": [
                {"id": "x1", "source": "s1", "holder": "a1", "stance": "supports", "position": "p", "said": "2020-01-01"},
                {"id": "x2", "source": "s2", "via": ["s1"], "holder": "a1", "stance": "opposes", "position": "r",
                 "said": "2020-01-01"},
                {"id": "x3", "source": "s1", "holder": "a1", "stance": "opposes", "position": "q", "said": "2021-03"},
                {"id": "x4", "source": "s1", "stance": "supports", "position": "p"},
                {"id": "x5", "source": "s2", "stance": "opposes", "position": "q"},
                {"id": "x6", "source": "s2", "holder": "a2", "stance": "open_to", "position": "p"},
                {"id": "x7", "source": "s2", "holder": "a2", "stance": "not_committed", "position": "r"}
            ]
        });
        crate::ClaimSet::from_json_str(&document.to_string()).unwrap()
    }

    #[test]
    fn reports_are_written_as_serde_writes_them() {
        let claims = seed_claims();
        assert_written_as_serde_writes(&seed_report(&claims));
        let awkward = awkward_claims("Ann \"The\" Tab\there", "back\\slash \u{1f} é", "quote \" \n end");
        let report = crate::Checker::new(&awkward).check();
        assert!(report.findings().len() >= 3);
        assert_written_as_serde_writes(&report);
        assert_written_as_serde_writes(&crate::Checker::new(&awkward).max_findings(1).check());
        let empty = crate::ClaimSet::from_json_str(r#"{"positions": [{"id": "p"}]}"#).unwrap();
        assert_written_as_serde_writes(&crate::Checker::new(&empty).check());
        for options in [
            SynthOptions::scaled_to(2_000).seed(31),
            SynthOptions::scaled_to(1_500).variant(Variant::Mixed).sources(4).seed(32),
        ] {
            let mut json = Vec::new();
            write_claim_set(&options, OutputFormat::Json, &mut json).unwrap();
            let claims = crate::ClaimSet::from_json_str(std::str::from_utf8(&json).unwrap()).unwrap();
            let report = crate::Checker::new(&claims).check();
            assert!(report.findings().len() > 100);
            assert_written_as_serde_writes(&report);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 300,
            failure_persistence: None,
            rng_algorithm: RngAlgorithm::ChaCha,
            rng_seed: RngSeed::Fixed(0x6573_6361_7065),
            ..ProptestConfig::default()
        })]

        /// Text is escaped as serde_json escapes it, whatever it holds.
        #[test]
        fn text_is_escaped_as_serde_json_escapes_it(text in any::<String>(), awkward in "[a\"\\\\\n\t\u{0}-\u{1f}\u{7f}é]{0,40}") {
            for text in [text, awkward] {
                let mut escaped = Vec::new();
                super::write_escaped(&mut escaped, &text);
                let quoted = serde_json::to_string(&text).unwrap();
                prop_assert_eq!(String::from_utf8(escaped).unwrap(), &quoted[1..quoted.len() - 1]);
            }
        }

        /// Reports of claim sets with any names, statements and notes are written as serde
        /// writes them.
        #[test]
        fn any_report_is_written_as_serde_writes_it(
            name in "[a \"\\\\\t\u{1}é]{1,8}",
            statement in "[a \"\\\\\n\u{1f}é]{1,8}",
            note in "[a \"\\\\\r\u{8}é]{1,8}",
        ) {
            let claims = awkward_claims(&name, &statement, &note);
            assert_written_as_serde_writes(&crate::Checker::new(&claims).check());
        }
    }

    #[test]
    fn json_is_the_same_every_time() {
        let claims = seed_claims();
        assert_eq!(seed_report(&claims).to_json(), seed_report(&claims).to_json());
    }

    #[test]
    fn json_escapes_quotes_in_messages() {
        let claims = seed_claims();
        let json = seed_report(&claims).to_json();
        assert!(json.contains(r#"supports \"The US gives Ukraine security guarantees\""#));
    }
}
