//! Reading the inputs of one command within `--max-input-bytes`, through the library's
//! [`InputBudget`]: every file, standard input and the mapping draw on one budget.

use std::io;
use std::path::Path;

use claimgraph::import::Mapping;
use claimgraph::{InputBudget, LoadError, Problem, Reading, text_from_bytes};

/// Reads standard input whole if it fits in what is left of the budget.
pub(crate) fn read_stdin(budget: &mut InputBudget, name: &str) -> Reading {
    budget.read(io::stdin().lock(), None, name)
}

/// Reads a mapping file within the budget; problems name the file.
pub(crate) fn read_mapping(path: &Path, budget: &mut InputBudget) -> Result<Mapping, Vec<Problem>> {
    let name = path.display().to_string();
    let bytes = match budget.read_file(path, &name) {
        Reading::Bytes(bytes) => bytes,
        Reading::TooLarge(problem) => return Err(vec![problem]),
        // Worded as the library words a file it cannot read.
        Reading::Failed(error) => return Err(vec![Problem::new(None, format!("cannot read {name}: {error}"))]),
    };
    let text = text_from_bytes(bytes, &name).map_err(|problem| vec![problem])?;
    Mapping::from_toml_str(&text).map_err(|error| match error {
        LoadError::Invalid(problems) => problems
            .0
            .into_iter()
            .map(|mut problem| {
                // The library names text it was given `<mapping>`; this text is the file's.
                if let Some(location) = &mut problem.location {
                    location.file.clone_from(&name);
                }
                problem
            })
            .collect(),
        other => vec![Problem::new(None, other.to_string())],
    })
}
