//! The command line, run as a separate process: exit status, standard output and standard error.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn data_file(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/reports").join(name).display().to_string()
}

fn claimgraph(arguments: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_claimgraph")).args(arguments).stdin(Stdio::null()).output().unwrap()
}

fn claimgraph_with_input(arguments: &[&str], input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_claimgraph"))
        .args(arguments)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

#[test]
fn consistent_input_exits_0() {
    let output = claimgraph(&["check", &data_file("consistent.toml")]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).starts_with("no findings"));
}

#[test]
fn findings_exit_1() {
    let output = claimgraph(&["check", &data_file("worked-example.json")]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stdout(&output).starts_with("6 findings: 1 contradiction, 1 tension, 2 reversals, 2 dissents"));
}

#[test]
fn json_from_standard_input() {
    let input = std::fs::read_to_string(data_file("worked-example.json")).unwrap();
    let output = claimgraph_with_input(&["check", "--format", "json", "-"], &input);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(report["findings"].as_array().map(Vec::len), Some(6));
    assert!(stderr(&output).is_empty());
}

#[test]
fn toml_and_json_files_are_merged_into_one_claim_set() {
    let merged = claimgraph(&[
        "check",
        "--format",
        "json",
        &data_file("split-records.toml"),
        &data_file("split-assertions.json"),
    ]);
    let whole = claimgraph(&["check", "--format", "json", &data_file("worked-example.json")]);
    assert_eq!(merged.status.code(), Some(1), "{}", stderr(&merged));
    assert_eq!(stdout(&merged), stdout(&whole));
}

#[test]
fn refined_rule_leaves_two_reversals_and_two_dissents() {
    let output = claimgraph(&["check", "--format", "json", &data_file("worked-example-refined.json")]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(
        report["summary"]["findings"],
        serde_json::json!({"contradiction": 0, "tension": 0, "reversal": 2, "dissent": 2})
    );
}

#[test]
fn dot_format_writes_a_graph() {
    let output = claimgraph(&["check", "--format", "dot", &data_file("worked-example.json")]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stdout(&output).starts_with("digraph claimgraph {"));
    let with_sources = claimgraph(&["check", "--format", "dot", "--sources", &data_file("worked-example.json")]);
    assert!(stdout(&with_sources).contains("label=\"several European officials\""));
}

#[test]
fn max_set_1_leaves_out_pairs() {
    let output = claimgraph(&["check", "--max-set", "1", &data_file("worked-example.json")]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[test]
fn limit_truncates_the_text_report_and_says_so() {
    let output = claimgraph(&["check", "--limit", "2", "--group", "position", &data_file("worked-example.json")]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("showing 2 of 6 findings"), "{text}");
    assert!(text.contains("by position:"), "{text}");
}

#[test]
fn bad_input_names_every_record_at_fault_and_writes_nothing_to_standard_output() {
    let output = claimgraph(&["check", &data_file("unknown-position.json")]);
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let errors = stderr(&output);
    assert!(errors.contains("assertion \"post-7\""), "{errors}");
    assert!(errors.contains("us-trops"), "{errors}");
    assert!(errors.contains("assertion \"post-8\""), "{errors}");
}

#[test]
fn malformed_standard_input_exits_2_with_nothing_on_standard_output() {
    let output = claimgraph_with_input(&["check", "-"], "{\"actors\": [");
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    assert!(!stderr(&output).is_empty());
}

#[test]
fn missing_and_unknown_files_are_all_reported() {
    let output = claimgraph(&["check", "does-not-exist.json", "claims.yaml"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let errors = stderr(&output);
    assert!(errors.contains("does-not-exist.json: cannot read"), "{errors}");
    assert!(errors.contains("claims.yaml: unknown file type"), "{errors}");
}

#[test]
fn max_set_0_is_rejected() {
    let output = claimgraph(&["check", "--max-set", "0", &data_file("consistent.toml")]);
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    assert!(stderr(&output).contains("--max-set"), "{}", stderr(&output));
    assert!(stderr(&output).contains("at least 1"), "{}", stderr(&output));
}

#[test]
fn unknown_format_is_rejected() {
    let output = claimgraph(&["check", "--format", "xml", &data_file("consistent.toml")]);
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    assert!(stderr(&output).contains("xml"));
}

#[test]
fn no_file_is_a_usage_error() {
    assert_eq!(claimgraph(&["check"]).status.code(), Some(2));
}

#[test]
fn help_shows_examples_and_exits_0() {
    let output = claimgraph(&["check", "--help"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout(&output).contains("Examples:"));
    assert_eq!(claimgraph(&["--version"]).status.code(), Some(0));
}

#[test]
fn a_closed_standard_output_does_not_crash_the_command() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_claimgraph"))
        .args(["check", "--format", "dot", &data_file("worked-example.json")])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    assert!(matches!(output.status.code(), Some(0 | 1)), "{:?}: {}", output.status, stderr(&output));
}

fn csv_file(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/csv").join(name).display().to_string()
}

/// A fresh, empty folder for files a test writes.
fn scratch_folder(test: &str) -> PathBuf {
    let folder = std::env::temp_dir().join(format!("claimgraph-cli-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).unwrap();
    folder
}

#[test]
fn import_writes_the_document_to_standard_output() {
    let output = claimgraph(&["import", "--mapping", &csv_file("mapping.toml"), &csv_file("burgers.csv")]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let written: claimgraph::Document = serde_json::from_str(&stdout(&output)).unwrap();
    let mapping = claimgraph::import::Mapping::load(csv_file("mapping.toml")).unwrap();
    let imported = claimgraph::import::import_csv_file(csv_file("burgers.csv"), &mapping).unwrap();
    let expected = claimgraph::import::write_document(&imported.document, claimgraph::import::DocumentFormat::Json);
    assert_eq!(stdout(&output), expected.unwrap());
    let claims = claimgraph::ClaimSet::from_documents(vec![written]).unwrap();
    assert_eq!((claims.assertions().len(), claims.sources().len(), claims.positions().len()), (4, 3, 2));
    let errors = stderr(&output);
    assert!(errors.contains("5 rows: 4 imported (4 claims of fact), 1 skipped by stance (observing 1)"), "{errors}");
}

#[test]
fn import_writes_the_format_the_output_file_asks_for() {
    let folder = scratch_folder("import-output");
    let out = folder.join("burgers.toml");
    std::fs::write(&out, "old").unwrap();
    let out_name = out.display().to_string();
    let output =
        claimgraph(&["import", "--mapping", &csv_file("mapping.toml"), &csv_file("burgers.csv"), "-o", &out_name]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(output.stdout.is_empty());
    let document: claimgraph::Document = toml::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(document.assertions.len(), 4);
    // Only the output file is left: the temporary file was renamed over it.
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 1);

    let refused = claimgraph(&["import", "--mapping", &csv_file("mapping.toml"), &out_name, "-o", &out_name]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(stderr(&refused).contains("refusing to overwrite the input file"), "{}", stderr(&refused));
    std::fs::remove_dir_all(&folder).unwrap();
}

#[test]
fn import_with_an_unknown_stance_word_names_the_line_and_writes_nothing() {
    let folder = scratch_folder("import-unknown-stance");
    let out = folder.join("claims.json");
    std::fs::write(&out, "{}").unwrap();
    let mapping = csv_file("mapping.toml");
    let csv = csv_file("unknown-stance.csv");
    let output = claimgraph(&["import", "--mapping", &mapping, &csv]);
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let errors = stderr(&output);
    assert!(errors.contains("unknown-stance.csv:3: assertion \"a2\": unknown stance word \"denies\""), "{errors}");

    // An existing output file is left as it was.
    let to_file = claimgraph(&["import", "--mapping", &mapping, &csv, "-o", &out.display().to_string()]);
    assert_eq!(to_file.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "{}");
    std::fs::remove_dir_all(&folder).unwrap();
}

#[test]
fn check_reads_csv_files_through_the_mapping() {
    let output = claimgraph(&["check", "--mapping", &csv_file("mapping.toml"), &csv_file("burgers.csv")]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.starts_with("1 finding: 1 contradiction"), "{text}");
    assert!(text.contains("example.com says \"A burger was kept for 20 years\" [burger] is true"), "{text}");
    assert!(text.contains("example.org says \"A burger was kept for 20 years\" [burger] is false"), "{text}");
    assert!(stderr(&output).contains("5 rows: 4 imported"), "{}", stderr(&output));
}

#[test]
fn a_csv_file_without_a_mapping_is_a_usage_error() {
    let output = claimgraph(&["check", &csv_file("burgers.csv")]);
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    assert!(stderr(&output).contains("burgers.csv: a .csv file needs --mapping M.toml"), "{}", stderr(&output));
}

#[test]
fn import_help_shows_examples() {
    let output = claimgraph(&["import", "--help"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout(&output).contains("claimgraph import --mapping mapping.toml stances.csv"), "{}", stdout(&output));
    assert!(stdout(&claimgraph(&["check", "--help"])).contains("--mapping"));
}
