//! The claim set as a graph: actors, sources, positions and assertions as nodes; stances,
//! attributions, `speaks_for`, `member_of`, `via` chains and rules as edges.
//!
//! petgraph does the storage and the walks; its types stay inside this module.

mod hierarchy;

pub(crate) use hierarchy::ActorHierarchy;

use petgraph::Direction;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;

use crate::model::{ActorId, AssertionId, ClaimSet, PositionId, RuleId, SourceId};

/// A node of the claim graph.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
enum Node {
    Actor(ActorId),
    Source(SourceId),
    Position(PositionId),
    Assertion(AssertionId),
}

/// An edge of the claim graph.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
enum Edge {
    /// actor -> assertion: the actor is the assertion's holder.
    Holds,
    /// assertion -> position, with the assertion's stance.
    About,
    /// assertion -> source: who published it.
    PublishedBy,
    /// assertion -> source: an intermediary, with its place in the chain (0 = outermost).
    Via(u32),
    /// actor -> actor.
    SpeaksFor,
    /// actor -> actor.
    MemberOf,
    /// position -> position: the rule mentions both, the first in its condition.
    Rule(RuleId),
}

/// The claim set as one graph, built once and then queried.
///
/// ```
/// use claimgraph::{ClaimGraph, ClaimSet};
/// let claims = ClaimSet::from_json_str(r#"{
///   "actors": [{"id": "us"}, {"id": "trump", "speaks_for": ["us"]}],
///   "sources": [{"id": "nypost"}],
///   "positions": [{"id": "g"}],
///   "assertions": [{"id": "a1", "source": "nypost", "holder": "trump", "stance": "supports", "position": "g"}]
/// }"#)?;
/// let graph = ClaimGraph::new(&claims);
/// let us = claims.actor_id("us").unwrap();
/// let counted: Vec<_> = graph.assertions_counting_for(us).map(|id| claims.assertion(id).id()).collect();
/// assert_eq!(counted, ["a1"]);
/// # Ok::<(), claimgraph::LoadError>(())
/// ```
#[derive(Debug)]
pub struct ClaimGraph {
    graph: DiGraph<Node, Edge>,
    actor_nodes: Vec<NodeIndex>,
    source_nodes: Vec<NodeIndex>,
    position_nodes: Vec<NodeIndex>,
    hierarchy: ActorHierarchy,
}

impl ClaimGraph {
    /// Builds the graph of a claim set.
    ///
    /// # Complexity
    ///
    /// Linear in the number of records and references, plus the `speaks_for`/`member_of`
    /// closure of every actor.
    pub fn new(claims: &ClaimSet) -> ClaimGraph {
        let mut graph = DiGraph::new();
        let actor_nodes: Vec<_> = claims.actors().map(|(id, _)| graph.add_node(Node::Actor(id))).collect();
        let source_nodes: Vec<_> = claims.sources().map(|(id, _)| graph.add_node(Node::Source(id))).collect();
        let position_nodes: Vec<_> = claims.positions().map(|(id, _)| graph.add_node(Node::Position(id))).collect();
        let node = |nodes: &[NodeIndex], index: usize| nodes.get(index).copied();
        for (id, actor) in claims.actors() {
            let Some(from) = node(&actor_nodes, id.index()) else { continue };
            for group in actor.speaks_for() {
                if let Some(to) = node(&actor_nodes, group.index()) {
                    graph.add_edge(from, to, Edge::SpeaksFor);
                }
            }
            for group in actor.member_of() {
                if let Some(to) = node(&actor_nodes, group.index()) {
                    graph.add_edge(from, to, Edge::MemberOf);
                }
            }
        }
        for (id, rule) in claims.rules() {
            for clause in rule.clauses() {
                for (index, first) in clause.iter().enumerate() {
                    for second in clause.iter().skip(index + 1) {
                        if let (Some(from), Some(to)) = (
                            node(&position_nodes, first.position.index()),
                            node(&position_nodes, second.position.index()),
                        ) {
                            graph.add_edge(from, to, Edge::Rule(id));
                        }
                    }
                }
            }
        }
        for (id, assertion) in claims.assertions() {
            let assertion_node = graph.add_node(Node::Assertion(id));
            if let Some(holder) = assertion.holder().and_then(|holder| node(&actor_nodes, holder.index())) {
                graph.add_edge(holder, assertion_node, Edge::Holds);
            }
            if let Some(position) = node(&position_nodes, assertion.position().index()) {
                graph.add_edge(assertion_node, position, Edge::About);
            }
            if let Some(source) = node(&source_nodes, assertion.source().index()) {
                graph.add_edge(assertion_node, source, Edge::PublishedBy);
            }
            for (place, via) in assertion.via().iter().enumerate() {
                if let Some(source) = node(&source_nodes, via.index()) {
                    graph.add_edge(assertion_node, source, Edge::Via(u32::try_from(place).unwrap_or(u32::MAX)));
                }
            }
        }
        ClaimGraph { graph, actor_nodes, source_nodes, position_nodes, hierarchy: ActorHierarchy::new(claims) }
    }

    fn assertions_around(&self, node: Option<NodeIndex>, direction: Direction, kind: Edge) -> Vec<AssertionId> {
        let Some(node) = node else { return Vec::new() };
        let mut found: Vec<AssertionId> = self
            .graph
            .edges_directed(node, direction)
            .filter(|edge| *edge.weight() == kind)
            .filter_map(|edge| {
                let other = if direction == Direction::Outgoing { edge.target() } else { edge.source() };
                match self.graph.node_weight(other) {
                    Some(Node::Assertion(id)) => Some(*id),
                    _ => None,
                }
            })
            .collect();
        found.sort_unstable();
        found
    }

    /// The assertions whose holder is `actor`, sorted by id.
    pub fn assertions_by_holder(&self, actor: ActorId) -> impl Iterator<Item = AssertionId> + '_ {
        self.assertions_around(self.actor_nodes.get(actor.index()).copied(), Direction::Outgoing, Edge::Holds)
            .into_iter()
    }

    /// The assertions about `position`, sorted by id.
    pub fn assertions_by_position(&self, position: PositionId) -> impl Iterator<Item = AssertionId> + '_ {
        self.assertions_around(self.position_nodes.get(position.index()).copied(), Direction::Incoming, Edge::About)
            .into_iter()
    }

    /// The assertions published by `source` (not those it conveyed as an intermediary), sorted
    /// by id.
    pub fn assertions_by_source(&self, source: SourceId) -> impl Iterator<Item = AssertionId> + '_ {
        self.assertions_around(self.source_nodes.get(source.index()).copied(), Direction::Incoming, Edge::PublishedBy)
            .into_iter()
    }

    /// The assertions that count for `actor`: its own and those of every actor that speaks for
    /// it (through `speaks_for`, followed transitively), sorted by id.
    pub fn assertions_counting_for(&self, actor: ActorId) -> impl Iterator<Item = AssertionId> + '_ {
        let mut found: Vec<AssertionId> =
            self.hierarchy.speakers_of(actor).iter().flat_map(|speaker| self.assertions_by_holder(*speaker)).collect();
        found.sort_unstable();
        found.into_iter()
    }

    /// The members of `group`: actors with it in `member_of` (followed transitively), except
    /// those that speak for it; sorted by id.
    pub fn members_of(&self, group: ActorId) -> Vec<ActorId> {
        self.hierarchy.members_of(group)
    }

    /// The groups `actor` speaks for, directly or through others, sorted by id (without itself).
    pub fn groups_spoken_for(&self, actor: ActorId) -> Vec<ActorId> {
        let mut groups = self.hierarchy.counts_for(actor);
        groups.retain(|group| *group != actor);
        groups
    }
}
