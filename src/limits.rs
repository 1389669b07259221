//! Limits on input size and on work, so that no input can exhaust the machine.
//!
//! Claim sets come from scrapers, spreadsheets and other people's tools. Loading refuses a
//! document that goes over one of these limits with a [`Problem`](crate::Problem) that names the
//! limit, the value found and the command-line flag that raises it; the checker stops at the
//! largest conflict set and the number of findings allowed. The defaults are far above any claim
//! set written by people and low enough that the work stays bounded.

/// Limits on input size and on work, with documented defaults.
///
/// Every limit has a builder-lite setter of the same name as its field; the command-line flag
/// that sets it is named in the problem reported when a document goes over it.
///
/// | limit | default | flag |
/// |---|---|---|
/// | `max_input_bytes` | 256 MiB | `--max-input-bytes` |
/// | `max_records` | 20,000,000 | `--max-records` |
/// | `max_id_bytes` | 256 | `--max-id-bytes` |
/// | `max_text_bytes` | 65,536 | `--max-text-bytes` |
/// | `max_via` | 64 | `--max-via` |
/// | `max_depth` | 100,000 | `--max-depth` |
/// | `max_clauses` | 20,000,000 | `--max-clauses` |
/// | `max_set` | 8 (the ceiling) | `--max-set` |
/// | `max_findings` | 1,000,000 | `--max-findings` |
///
/// ```
/// use claimgraph::{ClaimSet, Limits};
/// let limits = Limits::default().max_text_bytes(16);
/// let error = ClaimSet::from_json_str_with(
///     r#"{"positions": [{"id": "g", "statement": "The US gives Ukraine security guarantees"}]}"#,
///     &limits,
/// )
/// .unwrap_err();
/// assert_eq!(
///     error.to_string(),
///     "<json>:1:16: position \"g\": statement is 40 bytes long, more than the limit of 16 bytes \
///      (raise it with --max-text-bytes)"
/// );
/// ```
#[derive(Clone, PartialEq, Eq, Debug)]
#[non_exhaustive]
pub struct Limits {
    /// The largest input, in bytes, of all the documents loaded together.
    pub max_input_bytes: u64,
    /// The largest number of records of all kinds in all the documents loaded together.
    pub max_records: usize,
    /// The longest id (of any kind, and any reference to one), in bytes.
    pub max_id_bytes: usize,
    /// The longest text (name, kind, alias, statement, note, quote), in bytes.
    pub max_text_bytes: usize,
    /// The longest `via` chain of an assertion.
    pub max_via: usize,
    /// The longest chain of `speaks_for` links, and the longest chain of `member_of` links,
    /// counted in links (a chain of 100,001 actors has 100,000 links).
    pub max_depth: usize,
    /// The largest number of clauses all the rules make together: an `excludes` of n positions
    /// makes one for each of its n (n - 1) / 2 pairs, every other rule one per consequence or
    /// position.
    pub max_clauses: usize,
    /// The largest conflict set the checker may be asked for (K); at most [`Limits::MAX_SET_CEILING`].
    pub max_set: usize,
    /// The largest number of findings a check reports.
    pub max_findings: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_input_bytes: Limits::DEFAULT_MAX_INPUT_BYTES,
            max_records: Limits::DEFAULT_MAX_RECORDS,
            max_id_bytes: Limits::DEFAULT_MAX_ID_BYTES,
            max_text_bytes: Limits::DEFAULT_MAX_TEXT_BYTES,
            max_via: Limits::DEFAULT_MAX_VIA,
            max_depth: Limits::DEFAULT_MAX_DEPTH,
            max_clauses: Limits::DEFAULT_MAX_CLAUSES,
            max_set: Limits::MAX_SET_CEILING,
            max_findings: Limits::DEFAULT_MAX_FINDINGS,
        }
    }
}

impl Limits {
    /// The default largest input, in bytes, of all the documents loaded together: 256 MiB.
    pub const DEFAULT_MAX_INPUT_BYTES: u64 = 256 * 1024 * 1024;
    /// The default largest number of records (actors, sources, positions, rules and assertions
    /// together) in all the documents loaded together: 20 million.
    pub const DEFAULT_MAX_RECORDS: usize = 20_000_000;
    /// The default longest id, in bytes: 256.
    pub const DEFAULT_MAX_ID_BYTES: usize = 256;
    /// The default longest text (a name, kind, alias, statement, note or quote), in bytes: 64 KiB.
    pub const DEFAULT_MAX_TEXT_BYTES: usize = 64 * 1024;
    /// The default longest `via` chain of an assertion: 64 intermediaries.
    pub const DEFAULT_MAX_VIA: usize = 64;
    /// The default longest chain of `speaks_for` (or of `member_of`) links: 100,000 links.
    pub const DEFAULT_MAX_DEPTH: usize = 100_000;
    /// The default largest number of clauses the rules make together: 20 million.
    pub const DEFAULT_MAX_CLAUSES: usize = 20_000_000;
    /// The largest conflict set (K) the checker can be asked for: 8. The work grows with the number
    /// of sets of K assertions, so K stays small.
    pub const MAX_SET_CEILING: usize = 8;
    /// The default largest number of findings reported: 1,000,000.
    pub const DEFAULT_MAX_FINDINGS: usize = 1_000_000;

    /// The default limits (the same as [`Limits::default`]).
    pub fn new() -> Limits {
        Limits::default()
    }

    /// Sets the largest input, in bytes, of all the documents loaded together.
    #[must_use]
    pub fn max_input_bytes(mut self, bytes: u64) -> Limits {
        self.max_input_bytes = bytes;
        self
    }

    /// Sets the largest number of records of all kinds.
    #[must_use]
    pub fn max_records(mut self, records: usize) -> Limits {
        self.max_records = records;
        self
    }

    /// Sets the longest id, in bytes.
    #[must_use]
    pub fn max_id_bytes(mut self, bytes: usize) -> Limits {
        self.max_id_bytes = bytes;
        self
    }

    /// Sets the longest text, in bytes.
    #[must_use]
    pub fn max_text_bytes(mut self, bytes: usize) -> Limits {
        self.max_text_bytes = bytes;
        self
    }

    /// Sets the longest `via` chain.
    #[must_use]
    pub fn max_via(mut self, intermediaries: usize) -> Limits {
        self.max_via = intermediaries;
        self
    }

    /// Sets the longest `speaks_for` or `member_of` chain, in links.
    #[must_use]
    pub fn max_depth(mut self, links: usize) -> Limits {
        self.max_depth = links;
        self
    }

    /// Sets the largest number of clauses the rules make together.
    #[must_use]
    pub fn max_clauses(mut self, clauses: usize) -> Limits {
        self.max_clauses = clauses;
        self
    }

    /// Sets the largest conflict set the checker may be asked for, kept between 1 and
    /// [`Limits::MAX_SET_CEILING`].
    ///
    /// ```
    /// use claimgraph::Limits;
    /// assert_eq!(Limits::default().max_set(100).max_set, 8);
    /// assert_eq!(Limits::default().max_set(0).max_set, 1);
    /// ```
    #[must_use]
    pub fn max_set(mut self, max_set: usize) -> Limits {
        self.max_set = max_set.clamp(1, Limits::MAX_SET_CEILING);
        self
    }

    /// Sets the largest number of findings a check reports.
    #[must_use]
    pub fn max_findings(mut self, findings: usize) -> Limits {
        self.max_findings = findings;
        self
    }
}

/// The end of a problem about a limit: `more than the limit of N units (raise it with --flag)`.
pub(crate) fn over_limit<T>(limit: T, singular: &str, plural: &str, flag: &str) -> String
where
    T: std::fmt::Display + PartialEq + From<u8>,
{
    let unit = if limit == T::from(1) { singular } else { plural };
    format!("more than the limit of {limit} {unit} (raise it with {flag})")
}
