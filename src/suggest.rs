//! "Did you mean" suggestions for misspelt ids, keys and stance names.

/// The closest of `candidates` to a misspelt `word`, if one is close enough to be a likely typo:
/// at most two edits, and at most a third of the longer word. Case is ignored; ties go to the
/// first candidate.
pub(crate) fn closest<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    let word = word.to_lowercase();
    let word_chars = word.chars().count();
    let mut best: Option<(usize, &'c str)> = None;
    for candidate in candidates {
        // Lengths more than two apart are more than two edits apart: a huge key costs nothing.
        let candidate_chars = candidate.chars().count();
        if candidate_chars.abs_diff(word_chars) > 2 {
            continue;
        }
        let distance = strsim::damerau_levenshtein(&word, &candidate.to_lowercase());
        let longest = word_chars.max(candidate_chars);
        let close = distance <= 2 && distance * 3 <= longest;
        if close && best.is_none_or(|(best_distance, _)| distance < best_distance) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, candidate)| candidate)
}
