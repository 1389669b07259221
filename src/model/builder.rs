//! Building a claim set in code.

use crate::document::{ActorRecord, AssertionRecord, Document, Location, PositionRecord, RuleRecord, SourceRecord};
use crate::error::LoadError;
use crate::model::ClaimSet;

/// Builds a claim set in code; [`ClaimSetBuilder::build`] validates it like a loaded document.
///
/// ```
/// use claimgraph::{ActorRecord, AssertionRecord, ClaimSet, PositionRecord, RuleRecord, SourceRecord};
/// let claims = ClaimSet::builder()
///     .actor(ActorRecord::new("us").name("United States").aliases(["Washington"]))
///     .actor(ActorRecord::new("trump").name("Donald Trump").speaks_for(["us"]))
///     .source(SourceRecord::new("nypost").name("New York Post"))
///     .position(PositionRecord::new("us-guarantees").statement("The US gives Ukraine security guarantees"))
///     .position(PositionRecord::new("us-troops").statement("US troops are stationed in Ukraine"))
///     .rule(RuleRecord::implies("us-guarantees", "us-troops").id("r1"))
///     .assertion(
///         AssertionRecord::new("post-1", "nypost", "supports", "us-guarantees")
///             .holder("trump")
///             .when(Some("2025-08-15"), None),
///     )
///     .build()?;
/// assert_eq!(claims.actors().len(), 2);
/// assert_eq!(claims.rules().next().map(|(_, rule)| rule.id()), Some("r1"));
/// # Ok::<(), claimgraph::LoadError>(())
/// ```
///
/// Records built in code are located at `<code>` in problems:
///
/// ```
/// use claimgraph::{ClaimSet, PositionRecord, RuleRecord};
/// let error = ClaimSet::builder()
///     .position(PositionRecord::new("us-troops"))
///     .rule(RuleRecord::implies("us-guarantees", "us-troops").id("r1"))
///     .build()
///     .unwrap_err();
/// assert_eq!(error.to_string(), r#"<code>: rule "r1": unknown position "us-guarantees""#);
/// ```
#[derive(Clone, Debug, Default)]
pub struct ClaimSetBuilder {
    pub(crate) document: Document,
}

impl ClaimSetBuilder {
    /// An empty builder.
    pub fn new() -> ClaimSetBuilder {
        ClaimSetBuilder::default()
    }

    /// Adds an actor.
    #[must_use]
    pub fn actor(mut self, mut actor: ActorRecord) -> ClaimSetBuilder {
        actor.location = actor.location.or_else(code_location);
        self.document.actors.push(actor);
        self
    }

    /// Adds a source.
    #[must_use]
    pub fn source(mut self, mut source: SourceRecord) -> ClaimSetBuilder {
        source.location = source.location.or_else(code_location);
        self.document.sources.push(source);
        self
    }

    /// Adds a position.
    #[must_use]
    pub fn position(mut self, mut position: PositionRecord) -> ClaimSetBuilder {
        position.location = position.location.or_else(code_location);
        self.document.positions.push(position);
        self
    }

    /// Adds a rule; rules without an id are named `rule#N` by their place among the rules.
    #[must_use]
    pub fn rule(mut self, mut rule: RuleRecord) -> ClaimSetBuilder {
        rule.location = rule.location.or_else(code_location);
        self.document.rules.push(rule);
        self
    }

    /// Adds an assertion.
    #[must_use]
    pub fn assertion(mut self, mut assertion: AssertionRecord) -> ClaimSetBuilder {
        assertion.location = assertion.location.or_else(code_location);
        self.document.assertions.push(assertion);
        self
    }

    /// Validates the records into a claim set, exactly as a loaded document is validated.
    ///
    /// # Errors
    ///
    /// [`LoadError::Invalid`] with every problem found.
    pub fn build(self) -> Result<ClaimSet, LoadError> {
        ClaimSet::from_documents(vec![self.document])
    }
}

/// Where records built in code are said to be.
fn code_location() -> Option<Location> {
    Some(Location { file: "<code>".to_owned(), line: None, column: None })
}
