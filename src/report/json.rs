//! The JSON report of the product contract.

use std::io;

use serde::{Serialize, Serializer};

use crate::check::{Finding, FindingKind, Report};
use crate::model::{ActorId, AssertionId, ClaimSet, RuleId, SourceId, Window, write_day};

use super::message::{RuleSummaries, message_with};

/// The whole report; field order is the order of the contract.
#[derive(Serialize)]
struct JsonReport<'a> {
    findings: JsonFindings<'a>,
    summary: JsonSummary,
    /// Only present when the checker stopped at the limit on findings (an extension of the
    /// contract: the contract's fields are unchanged).
    #[serde(skip_serializing_if = "Option::is_none")]
    truncated: Option<JsonTruncation>,
}

/// The findings, each turned into its JSON record only as it is written: a report of a million
/// findings never exists twice in memory.
struct JsonFindings<'a> {
    claims: &'a ClaimSet,
    findings: &'a [Finding],
    summaries: RuleSummaries<'a>,
}

impl Serialize for JsonFindings<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let texts = Texts { claims: self.claims, summaries: &self.summaries };
        serializer.collect_seq(self.findings.iter().map(|finding| json_finding(texts, finding)))
    }
}

#[derive(Serialize)]
struct JsonTruncation {
    max_findings: usize,
    reason: String,
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

/// Where the text ids of a report come from.
#[derive(Copy, Clone)]
struct Texts<'a> {
    claims: &'a ClaimSet,
    summaries: &'a RuleSummaries<'a>,
}

/// A numbered id with a text id.
trait IdText: Copy + Ord {
    fn text<'a>(self, texts: Texts<'a>) -> &'a str;
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

/// serde_json's pretty layout, two spaces a level, with each line break and the indentation after
/// it written in one piece: a report of a million findings has tens of millions of lines, and the
/// stock formatter writes each line's indentation two spaces at a time.
#[derive(Default)]
struct PrettyLines {
    depth: usize,
    has_value: bool,
}

impl PrettyLines {
    /// Opens an array or an object with `bracket`, one level deeper.
    fn open<W: ?Sized + io::Write>(&mut self, writer: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        writer.write_all(bracket)
    }

    /// Closes an array or an object with `bracket`, on a line of its own unless it is empty.
    fn close<W: ?Sized + io::Write>(&mut self, writer: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth = self.depth.saturating_sub(1);
        if self.has_value {
            self.line_break(writer, false)?;
        }
        writer.write_all(bracket)
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
        self.line_break(writer, !first)
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
        self.line_break(writer, !first)
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
        let claims = self.claims();
        let report = JsonReport {
            findings: JsonFindings {
                claims,
                findings: self.findings(),
                summaries: RuleSummaries::new(claims, self.findings()),
            },
            summary: JsonSummary {
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
            },
            truncated: self.truncation().map(|truncation| JsonTruncation {
                max_findings: truncation.max_findings,
                reason: truncation.to_string(),
            }),
        };
        let mut serializer = serde_json::Serializer::with_formatter(&mut out, PrettyLines::default());
        report.serialize(&mut serializer).map_err(io::Error::from)?;
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

    /// `value` written with the report's formatter.
    fn with_pretty_lines(value: &Value) -> String {
        let mut written = Vec::new();
        value.serialize(&mut serde_json::Serializer::with_formatter(&mut written, PrettyLines::default())).unwrap();
        String::from_utf8(written).unwrap()
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

        /// The report's formatter lays out any value as serde_json's own pretty printer does.
        #[test]
        fn pretty_lines_match_serde_json_pretty(value in any_value()) {
            prop_assert_eq!(with_pretty_lines(&value), serde_json::to_string_pretty(&value).unwrap());
        }
    }

    #[test]
    fn values_nested_deeper_than_the_indentation_kept_at_hand_are_laid_out_the_same() {
        let mut value = serde_json::json!({"leaf": [1, [], {}]});
        for depth in 0..45 {
            value = if depth % 2 == 0 { serde_json::json!([value, "x"]) } else { serde_json::json!({"k": value}) };
        }
        assert_eq!(with_pretty_lines(&value), serde_json::to_string_pretty(&value).unwrap());
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
