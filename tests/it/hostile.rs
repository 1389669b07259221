//! Hostile text: what scrapers, spreadsheets and other people's tools produce. Every input gives
//! a claim set or a clear problem, never a panic; user text stays text in every report format.

use std::path::PathBuf;

use claimgraph::{Checker, ClaimSet, Format, Limits, LoadError, parse_document};
use proptest::prelude::*;

use crate::render::{RenderedReport, render_all};

/// The problems of a document that must be refused, one string each.
fn problems(text: &str, format: Format) -> Vec<String> {
    let error = match parse_document(text, "doc", format) {
        Ok(document) => ClaimSet::from_documents(vec![document]).map(|_| ()).unwrap_err(),
        Err(error) => error,
    };
    assert!(matches!(error, LoadError::Invalid(_)), "{error:?}");
    error.problems().iter().map(ToString::to_string).collect()
}

fn load(text: &str, format: Format) -> ClaimSet {
    let document = parse_document(text, "doc", format).unwrap();
    ClaimSet::from_documents(vec![document]).unwrap()
}

/// A file in a fresh temporary folder, removed with it.
struct TempFile {
    folder: PathBuf,
    path: PathBuf,
}

impl TempFile {
    fn new(name: &str, bytes: &[u8]) -> TempFile {
        let unique = format!("claimgraph-hostile-{}-{name}", std::process::id());
        let folder = std::env::temp_dir().join(unique);
        std::fs::create_dir_all(&folder).unwrap();
        let path = folder.join(name);
        std::fs::write(&path, bytes).unwrap();
        TempFile { folder, path }
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.folder);
    }
}

#[test]
fn empty_and_blank_documents_are_refused_with_one_problem() {
    for (text, format) in [
        ("", Format::Json),
        ("  \n\t\r\n", Format::Json),
        ("\u{feff}", Format::Json),
        ("", Format::Toml),
        ("\r\n\r\n", Format::Toml),
        ("\u{feff}\n", Format::Toml),
    ] {
        assert_eq!(problems(text, format), ["doc: the file is empty: expected a claim set"], "{text:?}");
    }
    // An empty object or table is a valid, empty claim set.
    assert_eq!(load("{}", Format::Json).assertions().len(), 0);
    assert_eq!(load("# nothing yet\n", Format::Toml).assertions().len(), 0);
}

#[test]
fn byte_order_marks_and_crlf_line_ends_are_read_like_any_text() {
    let json = "\u{feff}{\r\n  \"positions\": [{\"id\": \"g\"}],\r\n  \"sources\": [{\"id\": \"wsj\"}],\r\n  \
                \"assertions\": [{\"id\": \"a\", \"source\": \"wsj\", \"stance\": \"supports\", \"position\": \"g\"}]\r\n}\r\n";
    assert_eq!(load(json, Format::Json).assertions().len(), 1);
    let toml = "\u{feff}[[positions]]\r\nid = \"g\"\r\nstatement = \"\"\"two\r\nlines\"\"\"\r\n";
    let claims = load(toml, Format::Toml);
    assert_eq!(claims.positions().next().unwrap().1.statement(), Some("two\r\nlines"));
    // Problems count lines by their line feeds and columns by characters, not by the carriage
    // return before them.
    assert_eq!(
        problems(
            "{\r\n\"positions\": [{\"id\": \"g\"}],\r\n  \"rules\": [{\"if\": \"g\", \"then\": \"t\"}]}",
            Format::Json
        ),
        ["doc:3:13: rule \"rule#1\": unknown position \"t\""]
    );
    assert_eq!(problems("[[positions]]\r\nid = \"g\"\r\nid = \"h\"\r\n", Format::Toml).len(), 1);
}

#[test]
fn a_file_that_is_not_utf8_is_a_clear_problem_at_its_first_bad_byte() {
    let file = TempFile::new("latin1.json", b"{\n  \"positions\": [{\"id\": \"g\", \"statement\": \"Caf\xe9\"}]\n}\n");
    let error = ClaimSet::load(&[&file.path]).unwrap_err();
    let LoadError::Invalid(problems) = &error else { panic!("expected problems, got {error:?}") };
    assert_eq!(problems.0.len(), 1);
    assert_eq!(
        problems.0[0].location.as_ref().map(|location| (location.line, location.column)),
        Some((Some(2), Some(46)))
    );
    assert!(
        problems.0[0].message.starts_with("invalid UTF-8 (byte 0xe9) at byte offset 47: claim sets must be UTF-8 text"),
        "{error}"
    );
    // A UTF-16 file (as some spreadsheet exports write) fails the same way, at its first byte.
    let utf16 = TempFile::new("utf16.toml", b"\xff\xfe[\x00[\x00");
    let error = ClaimSet::load(&[&utf16.path]).unwrap_err();
    assert!(
        error
            .to_string()
            .ends_with("utf16.toml:1:1: invalid UTF-8 (byte 0xff) at byte offset 0: claim sets must be UTF-8 text"),
        "{error}"
    );
}

#[test]
fn files_over_the_input_limit_are_not_read() {
    let file = TempFile::new("big.json", &[b' '; 100]);
    let limits = Limits::default().max_input_bytes(99);
    let error = ClaimSet::load_with(&[&file.path], &limits).unwrap_err();
    assert!(
        error.to_string().ends_with(
            "big.json: the input is 100 bytes long, more than the limit of 99 bytes (raise it with --max-input-bytes)"
        ),
        "{error}"
    );
    // The limit counts all the files together.
    let small = TempFile::new("small.json", b"{}");
    let limits = Limits::default().max_input_bytes(101);
    let error = ClaimSet::load_with(&[&small.path, &file.path], &limits).unwrap_err();
    assert!(
        error.to_string().ends_with(
            "big.json: the input is 102 bytes long, more than the limit of 101 bytes (raise it with --max-input-bytes)"
        ),
        "{error}"
    );
}

#[test]
fn duplicate_keys_are_problems_in_both_formats() {
    assert_eq!(
        problems(r#"{"positions": [{"id": "g", "id": "h"}]}"#, Format::Json),
        ["doc:1:28: position \"g\": duplicate field \"id\""]
    );
    assert_eq!(
        problems(r#"{"positions": [], "positions": []}"#, Format::Json),
        ["doc:1:19: duplicate key \"positions\""]
    );
    assert_eq!(problems("[[positions]]\nid = \"g\"\nid = \"h\"\n", Format::Toml).len(), 1);
}

#[test]
fn nan_infinite_and_huge_numbers_are_refused() {
    let source = |value: &str| format!(r#"{{"sources": [{{"id": "s", "reliability": {value}}}]}}"#);
    assert!(problems(&source("NaN"), Format::Json)[0].contains("malformed JSON"));
    assert!(problems(&source("Infinity"), Format::Json)[0].contains("malformed JSON"));
    assert_eq!(
        problems(&source("1e999"), Format::Json),
        ["doc:1:41: source \"s\": reliability: number 1e999 out of range"]
    );
    // Too small to tell from zero: it reads as zero, which is in range.
    assert!(ClaimSet::from_json_str(&source("-1e-999")).is_ok());
    assert_eq!(
        problems(&source(&"9".repeat(400)), Format::Json),
        [format!("doc:1:41: source \"s\": reliability: number {} out of range", "9".repeat(400))]
    );
    let found = problems(&source("1e308"), Format::Json);
    assert!(found.len() == 1 && found[0].ends_with("is outside [0, 1]"), "{found:?}");
    let toml = |value: &str| format!("[[sources]]\nid = \"s\"\nreliability = {value}\n");
    for value in ["nan", "+nan", "-nan", "inf", "-inf"] {
        let found = problems(&toml(value), Format::Toml);
        assert_eq!(found.len(), 1, "{value}");
        assert!(found[0].ends_with("is outside [0, 1]"), "{value}: {found:?}");
    }
    let found = problems(&toml("170141183460469231731687303715884105728"), Format::Toml);
    assert_eq!(found.len(), 1, "{found:?}");
}

#[test]
fn impossible_and_far_dates_are_refused() {
    let assertion = |date: &str| {
        format!(
            r#"{{"sources": [{{"id": "s"}}], "positions": [{{"id": "p"}}],
                "assertions": [{{"id": "a", "source": "s", "stance": "supports", "position": "p", "said": "{date}"}}]}}"#
        )
    };
    let message = |date: &str| problems(&assertion(date), Format::Json).join("\n");
    assert!(message("2025-02-30").ends_with("said: bad date \"2025-02-30\": no such day in that month"));
    assert!(message("2024-02-30").ends_with("no such day in that month"));
    assert!(message("99999").ends_with("said: bad date \"99999\": expected YYYY, YYYY-MM or YYYY-MM-DD"));
    assert!(message("99999-01-01").ends_with("expected YYYY, YYYY-MM or YYYY-MM-DD"));
    assert!(message("-2025").ends_with("expected YYYY, YYYY-MM or YYYY-MM-DD"));
    assert!(message("2025-13").ends_with("month must be 01 to 12"));
    assert!(message("２０２５").ends_with("expected YYYY, YYYY-MM or YYYY-MM-DD"));
    // The far ends of the calendar are dates like any other.
    for date in ["0000", "9999-12-31", "2024-02-29"] {
        assert!(ClaimSet::from_json_str(&assertion(date)).is_ok(), "{date}");
    }
    // A bare TOML date that does not exist is malformed TOML.
    let toml = "[[sources]]\nid = \"s\"\n[[positions]]\nid = \"p\"\n[[assertions]]\nid = \"a\"\nsource = \"s\"\n\
                stance = \"supports\"\nposition = \"p\"\nsaid = 2025-02-30\n";
    assert!(
        problems(toml, Format::Toml)[0].starts_with("doc:10:8: malformed TOML"),
        "{:?}",
        problems(toml, Format::Toml)
    );
}

#[test]
fn deep_nesting_is_a_problem_not_a_stack_overflow() {
    let depth = 100_000;
    let json = format!(r#"{{"positions": {}{}}}"#, "[".repeat(depth), "]".repeat(depth));
    // The reader looks at the nested arrays without recursing through them.
    assert_eq!(problems(&json, Format::Json), ["doc:1:16: expected an object for a position, found an array"]);
    let json = format!(r#"{{"positions": [{}1{}]}}"#, r#"{"a": "#.repeat(depth), "}".repeat(depth));
    assert_eq!(problems(&json, Format::Json).len(), 2, "an unknown field and a missing id");
    let toml = format!("x = {}{}\n", "[".repeat(depth), "]".repeat(depth));
    assert_eq!(problems(&toml, Format::Toml).len(), 1);
    let toml = format!("x = {}{}\n", "{a = ".repeat(depth), "}".repeat(depth));
    assert_eq!(problems(&toml, Format::Toml).len(), 1);
}

/// Text that tries to break out of its place in each report format.
const HOSTILE_TEXTS: [&str; 9] = [
    r#""]; evil [label="x"#,
    "\"; } digraph evil { x [label=\"",
    "line one\nline two\r\nline three",
    "nul \u{0} bell \u{7} escape \u{1b}[31m red \u{1b}[0m",
    r#"back\slash \\ \" \n"#,
    "<b>html</b> & <script>alert(1)</script>",
    "\u{202e}right-to-left override\u{2066}",
    "{{braces}} %s %n $(rm -rf /)",
    "tab\there\u{b}vertical\u{c}form\u{85}next\u{2028}separator",
];

/// A claim set whose every free text is one of [`HOSTILE_TEXTS`], with a contradiction, a
/// tension, a reversal and a dissent so that every kind of finding renders them.
fn hostile_claims(text: &str) -> ClaimSet {
    let document = serde_json::json!({
        "actors": [
            {"id": "us", "name": text, "kind": text, "aliases": [text]},
            {"id": "trump", "name": text, "speaks_for": ["us"]},
            {"id": "officials", "name": text, "member_of": ["us"]}
        ],
        "sources": [{"id": "wsj", "name": text, "kind": text}, {"id": "eu", "name": text}],
        "positions": [{"id": "g", "statement": text}, {"id": "t", "statement": text}],
        "rules": [{"id": "r1", "if": "g", "then": "t", "note": text}],
        "assertions": [
            {"id": "a1", "source": "wsj", "holder": "trump", "stance": "supports", "position": "g", "quote": text,
             "when": {"from": "2025-08-15"}},
            {"id": "a2", "source": "wsj", "via": ["eu"], "holder": "trump", "stance": "not_committed", "position": "t",
             "quote": text, "when": {"from": "2025-08-15"}},
            {"id": "a3", "source": "eu", "holder": "trump", "stance": "open_to", "position": "g", "quote": text,
             "when": {"from": "2025-08-15"}},
            {"id": "a4", "source": "wsj", "holder": "trump", "stance": "opposes", "position": "g", "quote": text,
             "when": {"from": "2025-02", "to": "2025-08-14"}},
            {"id": "a5", "source": "wsj", "holder": "officials", "stance": "opposes", "position": "g", "quote": text,
             "said": "2025-08"},
            {"id": "a6", "source": "wsj", "stance": "supports", "position": "g", "quote": text},
            {"id": "a7", "source": "eu", "stance": "opposes", "position": "g", "quote": text}
        ]
    });
    ClaimSet::from_json_str(&document.to_string()).unwrap()
}

#[test]
fn user_text_with_quotes_and_control_characters_loads_from_both_formats() {
    for text in HOSTILE_TEXTS {
        let claims = hostile_claims(text);
        assert_eq!(claims.positions().next().unwrap().1.statement(), Some(text));
        // The same text through TOML's basic-string escapes.
        let escaped: String = text
            .chars()
            .flat_map(|c| {
                if c.is_control() || c == '"' || c == '\\' {
                    format!("\\u{:04X}", u32::from(c)).chars().collect::<Vec<_>>()
                } else {
                    vec![c]
                }
            })
            .collect();
        let toml = format!("[[positions]]\nid = \"g\"\nstatement = \"{escaped}\"\n");
        assert_eq!(load(&toml, Format::Toml).positions().next().unwrap().1.statement(), Some(text));
    }
}

#[test]
fn user_text_cannot_escape_its_place_in_any_report_format() {
    for text in HOSTILE_TEXTS {
        let claims = hostile_claims(text);
        let report = Checker::new(&claims).check();
        let kinds: Vec<_> = report.findings().iter().map(|finding| finding.kind()).collect();
        for kind in claimgraph::FindingKind::ALL {
            assert!(kinds.contains(&kind), "{kind} missing for {text:?}: {kinds:?}");
        }
        let RenderedReport { json, text: rendered_text, dot } = render_all(&report);
        crate::render::assert_json_holds_text(&json, text);
        crate::render::assert_text_has_no_raw_controls(&rendered_text, text);
        crate::render::assert_dot_is_well_formed(&dot, text);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Any text at all, in either format: a document or typed problems, never a panic; and
    /// never more problems than bytes, so the report stays proportional to the input.
    #[test]
    fn any_text_reads_or_gives_problems(text in "\\PC{0,200}", toml in any::<bool>()) {
        let format = if toml { Format::Toml } else { Format::Json };
        match parse_document(&text, "doc", format).and_then(|document| ClaimSet::from_documents(vec![document])) {
            Ok(_) => {}
            Err(LoadError::Invalid(problems)) => {
                prop_assert!(!problems.0.is_empty());
                prop_assert!(problems.0.len() <= text.len().max(1));
            }
            Err(other) => prop_assert!(false, "unexpected error {other:?}"),
        }
    }
}

/// A small claim set drawn from few names, so references often resolve and sometimes do not;
/// stances, rules and dates are drawn from valid and invalid values alike.
fn arbitrary_document() -> impl Strategy<Value = serde_json::Value> {
    let name = prop::sample::select(vec!["a", "b", "c", "d", "", "a b", "!a"]);
    let actor = (name.clone(), prop::collection::vec(name.clone(), 0..2), prop::collection::vec(name.clone(), 0..2))
        .prop_map(|(id, speaks_for, member_of)| serde_json::json!({"id": id, "speaks_for": speaks_for, "member_of": member_of}));
    let literal = prop::sample::select(vec!["a", "b", "c", "!a", "!b", "!c", "x"]);
    let rule = prop_oneof![
        (literal.clone(), literal.clone()).prop_map(|(a, b)| serde_json::json!({"if": a, "then": b})),
        (prop::collection::vec(literal.clone(), 1..3), prop::collection::vec(literal.clone(), 1..3))
            .prop_map(|(a, b)| serde_json::json!({"if": a, "then_any": b})),
        prop::collection::vec(name.clone(), 1..4).prop_map(|p| serde_json::json!({"excludes": p})),
        prop::collection::vec(name.clone(), 1..4).prop_map(|p| serde_json::json!({"equivalent": p})),
    ];
    let stance = prop::sample::select(vec!["supports", "opposes", "open_to", "not_committed", "agrees"]);
    let date = prop::sample::select(vec!["2025", "2025-08", "2025-08-15", "2025-02-30", "2024-12", "bad"]);
    let assertion = (
        0..50u32,
        prop::option::of(name.clone()),
        stance,
        name.clone(),
        prop::option::of(date.clone()),
        prop::option::of(date),
    )
        .prop_map(|(id, holder, stance, position, from, to)| {
            let mut record =
                serde_json::json!({"id": format!("s{id}"), "source": "s", "stance": stance, "position": position});
            if let Some(holder) = holder {
                record["holder"] = holder.into();
            }
            if from.is_some() || to.is_some() {
                record["when"] = serde_json::json!({"from": from, "to": to});
            }
            record
        });
    (prop::collection::vec(actor, 0..5), prop::collection::vec(rule, 0..5), prop::collection::vec(assertion, 0..12))
        .prop_map(|(actors, rules, assertions)| {
            serde_json::json!({
                "actors": actors,
                "sources": [{"id": "s"}],
                "positions": [{"id": "a"}, {"id": "b"}, {"id": "c"}, {"id": "d"}],
                "rules": rules,
                "assertions": assertions,
            })
        })
}

/// The number of sets of at most `k` out of `n`: no check can report more findings per pool.
fn sets_of_at_most(n: usize, k: usize) -> usize {
    (1..=k.min(n)).map(|size| (0..size).fold(1usize, |product, index| product * (n - index) / (index + 1))).sum()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// Any document within the limits gives a report or typed problems. The report's size is
    /// bounded by the input: every finding is a set of at most K distinct assertions, there are
    /// no more findings than such sets for each pool, and the JSON report parses.
    #[test]
    fn any_document_gives_a_report_or_problems(document in arbitrary_document(), max_set in 1usize..4, toml in any::<bool>()) {
        let text = if toml {
            match toml::to_string(&document) {
                Ok(text) => text,
                Err(_) => return Ok(()),
            }
        } else {
            document.to_string()
        };
        let format = if toml { Format::Toml } else { Format::Json };
        let loaded = parse_document(&text, "doc", format).and_then(|document| ClaimSet::from_documents(vec![document]));
        let claims = match loaded {
            Ok(claims) => claims,
            Err(LoadError::Invalid(problems)) => {
                prop_assert!(!problems.0.is_empty() && problems.0.len() <= text.len());
                return Ok(());
            }
            Err(other) => return Err(TestCaseError::fail(format!("unexpected error {other:?}"))),
        };
        let limits = Limits::default().max_set(max_set);
        let report = Checker::new(&claims).max_set(max_set).limits(&limits).check();
        let n_assertions = claims.assertions().len();
        // One pool per actor, one per group's dissent and one for claims of fact.
        let n_pools = 2 * claims.actors().len() + 1;
        prop_assert!(report.findings().len() <= n_pools * sets_of_at_most(n_assertions, max_set));
        for finding in report.findings() {
            let assertions = finding.assertions();
            prop_assert!(!assertions.is_empty() && assertions.len() <= max_set);
            prop_assert!(assertions.windows(2).all(|pair| pair[0] < pair[1]));
            prop_assert!(finding.rules().len() <= claims.rules().len());
        }
        let rendered = render_all(&report);
        prop_assert!(serde_json::from_str::<serde_json::Value>(&rendered.json).is_ok());
    }
}
