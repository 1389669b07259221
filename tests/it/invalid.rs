//! The catalogue of invalid documents: each document (or folder of documents loaded together)
//! under `tests/data/invalid/` sits beside a `.expected` file holding the exact problem report,
//! and, for the cases about limits, a `.limits` file of `name = value` lines that lowers them.

use std::fs;
use std::path::{Path, PathBuf};

use claimgraph::{ClaimSet, Limits, LoadError};

const CATALOGUE: &str = "tests/data/invalid";

/// Loads one case through the public API and compares the report with its expected file.
fn check(name: &str) {
    let case = Path::new(CATALOGUE).join(name);
    let paths: Vec<PathBuf> = if case.is_dir() {
        let mut paths: Vec<PathBuf> = fs::read_dir(&case).unwrap().map(|entry| entry.unwrap().path()).collect();
        paths.sort();
        paths
    } else {
        vec![case.clone()]
    };
    let stem = case.file_stem().unwrap().to_str().unwrap();
    let expected_path = Path::new(CATALOGUE).join(format!("{stem}.expected"));
    let expected = fs::read_to_string(&expected_path).unwrap();
    let limits = limits(&Path::new(CATALOGUE).join(format!("{stem}.limits")));
    match ClaimSet::load_with(&paths, &limits) {
        Err(error @ LoadError::Invalid(_)) => {
            assert_eq!(error.to_string(), expected.trim_end(), "problems reported for {name}");
        }
        Err(other) => panic!("{name}: expected problems, got {other:?}"),
        Ok(_) => panic!("{name}: expected problems, the document was accepted"),
    }
}

/// The limits of a case: the defaults, lowered by the lines of its `.limits` file if it has one.
fn limits(path: &Path) -> Limits {
    let Ok(text) = fs::read_to_string(path) else { return Limits::default() };
    text.lines().filter(|line| !line.trim().is_empty()).fold(Limits::default(), |limits, line| {
        let (name, value) = line.split_once('=').unwrap();
        let value: usize = value.trim().parse().unwrap();
        match name.trim() {
            "max_input_bytes" => limits.max_input_bytes(value as u64),
            "max_records" => limits.max_records(value),
            "max_id_bytes" => limits.max_id_bytes(value),
            "max_text_bytes" => limits.max_text_bytes(value),
            "max_via" => limits.max_via(value),
            "max_depth" => limits.max_depth(value),
            "max_clauses" => limits.max_clauses(value),
            other => panic!("{}: unknown limit {other}", path.display()),
        }
    })
}

/// One test per case, so a failing case names itself.
macro_rules! catalogue {
    ($($test:ident => $name:literal,)*) => {
        $(
            #[test]
            fn $test() {
                check($name);
            }
        )*

        /// Every case in the folder has a test above, and every test has its case.
        #[test]
        fn every_case_in_the_catalogue_is_tested() {
            let listed: Vec<&str> = vec![$($name),*];
            let mut found: Vec<String> = fs::read_dir(CATALOGUE)
                .unwrap()
                .map(|entry| entry.unwrap().file_name().into_string().unwrap())
                .filter(|name| !name.ends_with(".expected") && !name.ends_with(".limits") && name != "README.md")
                .collect();
            found.sort();
            let mut listed_sorted: Vec<String> = listed.iter().map(|name| name.to_string()).collect();
            listed_sorted.sort();
            assert_eq!(found, listed_sorted);
            for name in found {
                let stem = Path::new(&name).file_stem().unwrap().to_str().unwrap().to_owned();
                assert!(Path::new(CATALOGUE).join(format!("{stem}.expected")).is_file(), "{name} has no .expected file");
            }
        }
    };
}

catalogue! {
    malformed_json => "malformed-json.json",
    malformed_toml => "malformed-toml.toml",
    top_level_not_an_object => "top-level-not-an-object.json",
    unknown_field => "unknown-field.json",
    missing_field => "missing-field.json",
    duplicate_json_key => "duplicate-json-key.json",
    duplicate_id => "duplicate-id.json",
    duplicate_id_across_files => "duplicate-id-across-files",
    duplicate_id_three_times => "duplicate-id-three-times.json",
    unknown_reference_with_did_you_mean => "unknown-reference.json",
    unknown_stance => "unknown-stance.json",
    bad_date => "bad-date.json",
    impossible_date => "impossible-date.toml",
    from_after_to => "from-after-to.json",
    number_outside_unit_interval => "number-outside-unit-interval.json",
    number_not_a_number => "number-not-a-number.toml",
    number_too_large => "number-too-large.json",
    rule_with_two_forms => "rule-two-forms.json",
    rule_with_no_form => "rule-no-form.json",
    excludes_with_one_position => "excludes-one-position.toml",
    speaks_for_cycle => "speaks-for-cycle.json",
    member_of_cycle => "member-of-cycle.toml",
    unsatisfiable_rules => "unsatisfiable-rules.json",
    byte_order_mark => "byte-order-mark.json",
    empty_file => "empty.json",
    empty_file_with_byte_order_mark => "empty-with-byte-order-mark.toml",
    several_problems_in_one_file => "several-problems.json",
    several_problems_in_records => "several-problems-in-records.toml",
    not_utf8 => "not-utf8.json",
    input_over_the_limit => "input-over-limit.json",
    records_over_the_limit => "records-over-limit.toml",
    id_over_the_limit => "id-over-limit.json",
    text_over_the_limit => "text-over-limit.json",
    via_over_the_limit => "via-over-limit.json",
    depth_over_the_limit => "depth-over-limit.toml",
    clauses_over_the_limit => "clauses-over-limit.json",
}
