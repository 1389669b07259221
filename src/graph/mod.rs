//! The claim graph: actors, sources, positions and assertions as one petgraph graph.

/// The claim set as a graph, for queries.
#[derive(Debug)]
pub struct ClaimGraph {}
