//! Rendering a report in every format, and checks that user text stays inside its place.

use claimgraph::Report;

/// A report in each format.
pub struct RenderedReport {
    /// `Report::to_json`.
    pub json: String,
    /// `Report` through `Display`.
    pub text: String,
    /// `Report::to_dot`.
    pub dot: String,
}

/// Renders every format, and checks the JSON parses.
pub fn render_all(report: &Report<'_>) -> RenderedReport {
    let json = report.to_json();
    let text = report.to_string();
    let dot = report.to_dot();
    serde_json::from_str::<serde_json::Value>(&json).unwrap();
    RenderedReport { json, text, dot }
}

/// Every string in the JSON report that holds part of the hostile text holds it whole: the
/// parser gives back exactly what the user wrote.
pub fn assert_json_holds_text(json: &str, text: &str) {
    let value: serde_json::Value = serde_json::from_str(json).unwrap();
    let mut strings = Vec::new();
    let mut stack = vec![&value];
    while let Some(value) = stack.pop() {
        match value {
            serde_json::Value::String(string) => strings.push(string.as_str()),
            serde_json::Value::Array(items) => stack.extend(items),
            serde_json::Value::Object(entries) => stack.extend(entries.values()),
            _ => {}
        }
    }
    // Control characters must be escaped on the wire: raw ones are not valid JSON strings.
    assert!(!json.chars().any(|c| c < ' ' && c != '\n'), "raw control characters in the JSON report");
    // The report's sentences name positions by their statements, so the text is there, whole.
    assert!(strings.iter().any(|string| string.contains(text)), "{text:?} not found whole in the JSON report");
}

/// The text report shows control characters escaped, so a terminal cannot be driven by them.
pub fn assert_text_has_no_raw_controls(rendered: &str, text: &str) {
    let raw = rendered.chars().filter(|c| c.is_control() && *c != '\n').collect::<String>();
    assert!(raw.is_empty(), "raw control characters {raw:?} in the text report for {text:?}");
}

/// The DOT graph is one digraph whose every quoted string ends where it should: outside quoted
/// strings there are only the graph's own statements, never the user's words.
pub fn assert_dot_is_well_formed(dot: &str, text: &str) {
    let mut outside = String::new();
    let mut chars = dot.chars();
    let mut in_string = false;
    while let Some(c) = chars.next() {
        match (in_string, c) {
            (true, '\\') => {
                chars.next();
            }
            (true, '"') => in_string = false,
            (true, '\n' | '\r') => panic!("a raw line break inside a quoted DOT string for {text:?}"),
            (true, _) => {}
            (false, '"') => {
                in_string = true;
                outside.push_str("\"\"");
            }
            (false, _) => outside.push(c),
        }
    }
    assert!(!in_string, "an unterminated DOT string for {text:?}");
    assert_eq!(outside.matches("digraph").count(), 1, "more than one graph for {text:?}:\n{dot}");
    for word in ["evil", "script", "rm -rf"] {
        assert!(!outside.contains(word), "user text {word:?} outside its quotes in DOT:\n{dot}");
    }
    assert_eq!(outside.matches('{').count(), outside.matches('}').count(), "unbalanced braces in DOT for {text:?}");
}
