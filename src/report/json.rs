//! The JSON report of the product contract.

use serde::Serialize;

use crate::check::{Finding, FindingKind, Report};
use crate::model::{ClaimSet, Window};

use super::message;

/// The whole report; field order is the order of the contract.
#[derive(Serialize)]
struct JsonReport<'a> {
    findings: Vec<JsonFinding<'a>>,
    summary: JsonSummary,
    /// Only present when the checker stopped at the limit on findings (an extension of the
    /// contract: the contract's fields are unchanged).
    #[serde(skip_serializing_if = "Option::is_none")]
    truncated: Option<JsonTruncation>,
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
    actors: Vec<&'a str>,
    assertions: Vec<&'a str>,
    sources: Vec<&'a str>,
    cross_source: bool,
    rules: Vec<&'a str>,
    window: Option<JsonWindow>,
    message: String,
}

#[derive(Serialize)]
struct JsonWindow {
    from: Option<String>,
    to: Option<String>,
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

fn json_finding<'a>(claims: &'a ClaimSet, finding: &Finding) -> JsonFinding<'a> {
    JsonFinding {
        kind: finding.kind().as_str(),
        holder: finding.holder().map(|holder| claims.actor(holder).id()),
        actors: sorted(finding.actors().iter().map(|actor| claims.actor(*actor).id())),
        assertions: sorted(finding.assertions().iter().map(|assertion| claims.assertion(*assertion).id())),
        sources: sorted(finding.sources().iter().map(|source| claims.source(*source).id())),
        cross_source: finding.is_cross_source(),
        rules: sorted(finding.rules().iter().map(|rule| claims.rule(*rule).id())),
        window: finding.window().map(|window: Window| JsonWindow {
            from: window.from().map(|day| day.to_string()),
            to: window.to().map(|day| day.to_string()),
        }),
        message: message(claims, finding),
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
        let claims = self.claims();
        let report = JsonReport {
            findings: self.findings().iter().map(|finding| json_finding(claims, finding)).collect(),
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
        // Serialising strings, numbers, booleans and string-keyed structs cannot fail; should it
        // ever, an empty object is still valid JSON rather than a panic.
        let mut json = serde_json::to_string_pretty(&report).unwrap_or_else(|_| String::from("{}"));
        json.push('\n');
        json
    }
}

#[cfg(test)]
mod tests {
    use crate::report::fixtures::{seed_claims, seed_report};

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
