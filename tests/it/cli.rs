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

#[test]
fn synth_is_deterministic_from_the_seed() {
    let first = claimgraph(&["synth", "--mixed", "--scale", "300", "--seed", "7"]);
    let second = claimgraph(&["synth", "--mixed", "--scale", "300", "--seed", "7"]);
    let other_seed = claimgraph(&["synth", "--mixed", "--scale", "300", "--seed", "8"]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    assert!(!first.stdout.is_empty());
    assert_eq!(first.stdout, second.stdout);
    assert_ne!(first.stdout, other_seed.stdout);
    assert!(stderr(&first).is_empty());
}

#[test]
fn synth_output_checks_as_json() {
    for workload in ["--layered", "--mixed"] {
        let synth = claimgraph(&["synth", workload, "--scale", "500", "--seed", "3"]);
        assert_eq!(synth.status.code(), Some(0), "{}", stderr(&synth));
        let output = claimgraph_with_input(&["check", "--format", "json", "-"], &stdout(&synth));
        assert!(matches!(output.status.code(), Some(0 | 1)), "{workload}: {}", stderr(&output));
        let report: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
        assert_eq!(report["summary"]["assertions"], 500, "{workload}");
    }
}

#[test]
fn synth_options_shape_the_workload() {
    let output = claimgraph(&[
        "synth",
        "--assertions",
        "40",
        "--positions",
        "12",
        "--layers",
        "3",
        "--rules-per-position",
        "1",
        "--actors",
        "5",
        "--sources",
        "2",
        "--excludes",
        "4",
        "--opposes-share",
        "1",
        "--window-start-days",
        "10",
        "--window-max-days",
        "0",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let document: claimgraph::Document = serde_json::from_str(&stdout(&output)).unwrap();
    let counts = (
        document.assertions.len(),
        document.positions.len(),
        document.actors.len(),
        document.sources.len(),
        document.rules.len(),
    );
    // 1 rule for each of the 8 positions of the first two layers, and 4 excludes rules.
    assert_eq!(counts, (40, 12, 5, 2, 12));
    assert!(document.assertions.iter().all(|assertion| assertion.stance == "opposes"));
    let windows: Vec<_> = document.assertions.iter().filter_map(|assertion| assertion.when.as_ref()).collect();
    assert!(windows.iter().all(|when| when.from == when.to && when.to.as_deref() < Some("2000-01-11")));
}

#[test]
fn synth_writes_the_file_whole_in_the_format_its_name_asks_for() {
    let folder = scratch_folder("synth-output");
    let out = folder.join("workload.toml");
    std::fs::write(&out, "old").unwrap();
    let out_name = out.display().to_string();
    let output = claimgraph(&["synth", "--mixed", "--scale", "200", "-o", &out_name]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(output.stdout.is_empty());
    let written = std::fs::read(&out).unwrap();
    let streamed = claimgraph(&["synth", "--mixed", "--scale", "200", "--format", "toml"]);
    assert_eq!(written, streamed.stdout);
    let checked = claimgraph(&["check", "--format", "json", &out_name]);
    assert!(matches!(checked.status.code(), Some(0 | 1)), "{}", stderr(&checked));
    // Only the output file is left: the temporary file was renamed over it.
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 1);

    // Options the generator refuses leave the existing file as it was, and no temporary file.
    let refused = claimgraph(&["synth", "--layers", "0", "-o", &out_name]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(stderr(&refused).contains("at least one layer"), "{}", stderr(&refused));
    assert_eq!(std::fs::read(&out).unwrap(), written);
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 1);
    std::fs::remove_dir_all(&folder).unwrap();
}

#[test]
fn bad_synth_options_exit_2_with_nothing_on_standard_output() {
    let cases: [(&[&str], &str); 8] = [
        (&["--opposes-share", "1.5"], "--opposes-share"),
        (&["--opposes-share", "NaN"], "--opposes-share"),
        (&["--assertions", "-3"], "-3"),
        (&["--seed", "lucky"], "--seed"),
        (&["--layered", "--mixed"], "cannot be used with"),
        (&["--format", "yaml"], "yaml"),
        (&["--layers", "0"], "at least one layer"),
        (&["--assertions", "10", "--actors", "0"], "at least one position, one actor and one source"),
    ];
    for (options, message) in cases {
        let output = claimgraph(&[&["synth"][..], options].concat());
        assert_eq!(output.status.code(), Some(2), "{options:?}");
        assert!(output.stdout.is_empty(), "{options:?}");
        assert!(stderr(&output).contains(message), "{options:?}: {}", stderr(&output));
    }
}

#[test]
fn synth_help_documents_every_option_and_the_reference_workload() {
    let output = claimgraph(&["synth", "--help"]);
    assert_eq!(output.status.code(), Some(0));
    let help = stdout(&output);
    for option in [
        "--layered",
        "--mixed",
        "--assertions",
        "--positions",
        "--layers",
        "--rules-per-position",
        "--actors",
        "--sources",
        "--excludes",
        "--opposes-share",
        "--window-start-days",
        "--window-max-days",
        "--scale",
        "--seed",
        "--format",
        "--output",
    ] {
        assert!(help.contains(option), "{option}: {help}");
    }
    assert!(help.contains("100,000 positions"), "{help}");
    assert!(help.contains("[default: 1000000"), "{help}");
}

/// Runs the command with `input` on standard input; the command may stop reading it early (at
/// a limit), so a failed write is not the test's failure.
fn claimgraph_with_bytes(arguments: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_claimgraph"))
        .args(arguments)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut standard_input = child.stdin.take().unwrap();
    let input = input.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = standard_input.write_all(&input);
    });
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap();
    output
}

/// Asserts that the command refused its input with exit status 2, wrote nothing to standard
/// output, and named the limit with the flag that raises it.
fn assert_over_limit(output: &Output, limit: &str, flag: &str) {
    let errors = stderr(output);
    assert_eq!(output.status.code(), Some(2), "{flag}: {errors}");
    assert!(output.stdout.is_empty(), "{flag}");
    assert!(errors.contains(&format!("more than the limit of {limit} (raise it with {flag})")), "{flag}: {errors}");
}

#[test]
fn every_limit_flag_refuses_a_small_input_over_it() {
    // The worked example has 15 records, ids and texts longer than 4 bytes, one `via`, one
    // `speaks_for` link, one rule clause and is 2,244 bytes long.
    let cases = [
        (["--max-records", "2"], "2 records", "--max-records"),
        (["--max-id-bytes", "4"], "4 bytes", "--max-id-bytes"),
        (["--max-text-bytes", "10"], "10 bytes", "--max-text-bytes"),
        (["--max-via", "0"], "0 intermediaries", "--max-via"),
        (["--max-depth", "0"], "0 links", "--max-depth"),
        (["--max-clauses", "0"], "0 clauses", "--max-clauses"),
        (["--max-input-bytes", "100"], "100 bytes", "--max-input-bytes"),
    ];
    for (options, limit, flag) in cases {
        let output = claimgraph(&[&["check"][..], &options, &[&data_file("worked-example.json")]].concat());
        assert_over_limit(&output, limit, flag);
    }
    let records = claimgraph(&["check", "--max-records", "2", &data_file("worked-example.json")]);
    assert!(stderr(&records).contains("too many records"), "{}", stderr(&records));
}

#[test]
fn limits_at_the_size_of_the_input_let_it_through() {
    let output = claimgraph(&[
        "check",
        "--max-records",
        "15",
        "--max-input-bytes",
        "2244",
        "--max-via",
        "1",
        "--max-depth",
        "1",
        "--max-clauses",
        "1",
        "--max-findings",
        "100",
        &data_file("worked-example.json"),
    ]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stdout(&output).starts_with("6 findings"), "{}", stdout(&output));
}

#[test]
fn the_input_size_limit_counts_all_files_together() {
    // 299 and 2,244 bytes: each fits in 2,400 bytes, both together do not.
    let consistent = data_file("consistent.toml");
    let worked_example = data_file("worked-example.json");
    assert_eq!(claimgraph(&["check", "--max-input-bytes", "2400", &worked_example]).status.code(), Some(1));
    let output = claimgraph(&["check", "--max-input-bytes", "2400", &consistent, &worked_example]);
    assert_over_limit(&output, "2400 bytes", "--max-input-bytes");
    assert!(stderr(&output).contains("worked-example.json: the input is 2543 bytes long"), "{}", stderr(&output));
}

#[test]
fn max_set_above_8_is_rejected() {
    let output = claimgraph(&["check", "--max-set", "9", &data_file("consistent.toml")]);
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let errors = stderr(&output);
    assert!(errors.contains("--max-set"), "{errors}");
    assert!(errors.contains("at most 8"), "{errors}");
    let eight = claimgraph(&["check", "--max-set", "8", &data_file("worked-example.json")]);
    assert_eq!(eight.status.code(), Some(1), "{}", stderr(&eight));
}

#[test]
fn invalid_utf8_on_standard_input_is_a_problem_at_its_position() {
    let output = claimgraph_with_bytes(&["check", "-"], b"{\"actors\": [\n  {\"id\": \"a\xff\"}\n]}");
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let errors = stderr(&output);
    assert!(errors.contains("-:2:12: invalid UTF-8 (byte 0xff) at byte offset 24"), "{errors}");
    assert!(!errors.contains("panicked"), "{errors}");
}

#[test]
fn invalid_utf8_in_a_file_is_a_problem_at_its_position() {
    let folder = scratch_folder("invalid-utf8");
    let file = folder.join("claims.json");
    std::fs::write(&file, b"{\"positions\": [{\"id\": \"p\", \"statement\": \"caf\xe9\"}]}").unwrap();
    let output = claimgraph(&["check", &file.display().to_string()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let errors = stderr(&output);
    assert!(errors.contains("claims.json:1:45: invalid UTF-8 (byte 0xe9)"), "{errors}");
    std::fs::remove_dir_all(&folder).unwrap();
}

#[test]
fn max_input_bytes_bounds_standard_input() {
    let input = std::fs::read(data_file("worked-example.json")).unwrap();
    let output = claimgraph_with_bytes(&["check", "--max-input-bytes", "100", "-"], &input);
    assert_over_limit(&output, "100 bytes", "--max-input-bytes");
    assert!(stderr(&output).starts_with("-: the input is more than the limit"), "{}", stderr(&output));

    // Far more than the limit: the command stops reading at the limit and still says why.
    let endless = vec![b' '; 4 * 1024 * 1024];
    let output = claimgraph_with_bytes(&["check", "--max-input-bytes", "1000", "-"], &endless);
    assert_over_limit(&output, "1000 bytes", "--max-input-bytes");

    let fits = claimgraph_with_bytes(&["check", "--max-input-bytes", "2244", "-"], &input);
    assert_eq!(fits.status.code(), Some(1), "{}", stderr(&fits));
}

#[test]
fn import_limits_the_input_size_and_the_records() {
    let mapping = csv_file("mapping.toml");
    let burgers = csv_file("burgers.csv");
    // The mapping (333 bytes) and the CSV file (493 bytes) draw on one budget.
    let output = claimgraph(&["import", "--max-input-bytes", "800", "--mapping", &mapping, &burgers]);
    assert_over_limit(&output, "800 bytes", "--max-input-bytes");
    assert!(stderr(&output).contains("burgers.csv: the input is 826 bytes long"), "{}", stderr(&output));

    let input = std::fs::read(&burgers).unwrap();
    let output = claimgraph_with_bytes(&["import", "--max-input-bytes", "400", "--mapping", &mapping, "-"], &input);
    assert_over_limit(&output, "400 bytes", "--max-input-bytes");

    // 4 assertions, 3 sources and 2 positions.
    let output = claimgraph(&["import", "--max-records", "8", "--mapping", &mapping, &burgers]);
    assert_over_limit(&output, "8 records", "--max-records");
    assert!(stderr(&output).contains("too many records: 9"), "{}", stderr(&output));
    let fits =
        claimgraph(&["import", "--max-records", "9", "--max-input-bytes", "826", "--mapping", &mapping, &burgers]);
    assert_eq!(fits.status.code(), Some(0), "{}", stderr(&fits));
}

#[test]
fn check_reads_csv_files_within_the_input_size_limit() {
    let mapping = csv_file("mapping.toml");
    let burgers = csv_file("burgers.csv");
    let output = claimgraph(&["check", "--max-input-bytes", "800", "--mapping", &mapping, &burgers]);
    assert_over_limit(&output, "800 bytes", "--max-input-bytes");
    let output = claimgraph(&["check", "--max-records", "8", "--mapping", &mapping, &burgers]);
    assert_over_limit(&output, "8 records", "--max-records");
}

#[test]
fn check_help_shows_every_limit_with_its_default() {
    let help = stdout(&claimgraph(&["check", "--help"]));
    for (flag, default) in [
        ("--max-input-bytes", claimgraph::Limits::DEFAULT_MAX_INPUT_BYTES.to_string()),
        ("--max-records", claimgraph::Limits::DEFAULT_MAX_RECORDS.to_string()),
        ("--max-id-bytes", claimgraph::Limits::DEFAULT_MAX_ID_BYTES.to_string()),
        ("--max-text-bytes", claimgraph::Limits::DEFAULT_MAX_TEXT_BYTES.to_string()),
        ("--max-via", claimgraph::Limits::DEFAULT_MAX_VIA.to_string()),
        ("--max-depth", claimgraph::Limits::DEFAULT_MAX_DEPTH.to_string()),
        ("--max-clauses", claimgraph::Limits::DEFAULT_MAX_CLAUSES.to_string()),
        ("--max-findings", claimgraph::Limits::DEFAULT_MAX_FINDINGS.to_string()),
    ] {
        let after_flag = help.split_once(&format!("{flag} <")).map(|(_, rest)| rest).unwrap_or_default();
        let shown = after_flag.split_once("[default: ").map(|(_, rest)| rest).unwrap_or_default();
        assert!(shown.starts_with(&format!("{default}]")), "{flag}: {help}");
    }
}
