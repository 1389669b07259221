//! Who speaks for whom and who is a member of which group, followed transitively.

use petgraph::Direction;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::{Bfs, EdgeFiltered, Reversed};

use crate::model::{ActorId, ClaimSet};

#[derive(Copy, Clone, PartialEq, Eq, Debug)]
enum Link {
    SpeaksFor,
    MemberOf,
}

/// The closures of `speaks_for` and `member_of` over a claim set's actors.
#[derive(Debug, Default)]
pub(crate) struct ActorHierarchy {
    /// For each actor G, the actors whose assertions count for G (G itself included), sorted.
    speakers: Vec<Vec<ActorId>>,
    /// For each actor G, its members (not speaking for it), sorted.
    members: Vec<Vec<ActorId>>,
}

impl ActorHierarchy {
    pub(crate) fn new(claims: &ClaimSet) -> ActorHierarchy {
        let mut graph: DiGraph<ActorId, Link> = DiGraph::new();
        let nodes: Vec<NodeIndex> = claims.actors().map(|(id, _)| graph.add_node(id)).collect();
        for (id, actor) in claims.actors() {
            let Some(&from) = nodes.get(id.index()) else { continue };
            for group in actor.speaks_for() {
                if let Some(&to) = nodes.get(group.index()) {
                    graph.add_edge(from, to, Link::SpeaksFor);
                }
            }
            for group in actor.member_of() {
                if let Some(&to) = nodes.get(group.index()) {
                    graph.add_edge(from, to, Link::MemberOf);
                }
            }
        }
        let reach_backwards = |start: NodeIndex, link: Link| -> Vec<ActorId> {
            // Walking the edges of one kind backwards from G finds everybody whose chain reaches G.
            let filtered = EdgeFiltered::from_fn(&graph, |edge| *edge.weight() == link);
            let reversed = Reversed(&filtered);
            let mut bfs = Bfs::new(reversed, start);
            let mut found = Vec::new();
            while let Some(node) = bfs.next(reversed) {
                if let Some(actor) = graph.node_weight(node) {
                    found.push(*actor);
                }
            }
            found.sort_unstable();
            found
        };
        let mut speakers = Vec::with_capacity(nodes.len());
        let mut members = Vec::with_capacity(nodes.len());
        for &node in &nodes {
            let has_incoming =
                |link: Link| graph.edges_directed(node, Direction::Incoming).any(|edge| *edge.weight() == link);
            let own = graph.node_weight(node).copied().into_iter().collect::<Vec<_>>();
            let group_speakers =
                if has_incoming(Link::SpeaksFor) { reach_backwards(node, Link::SpeaksFor) } else { own };
            let group_members = if has_incoming(Link::MemberOf) {
                reach_backwards(node, Link::MemberOf)
                    .into_iter()
                    .filter(|member| {
                        Some(member) != graph.node_weight(node) && group_speakers.binary_search(member).is_err()
                    })
                    .collect()
            } else {
                Vec::new()
            };
            speakers.push(group_speakers);
            members.push(group_members);
        }
        ActorHierarchy { speakers, members }
    }

    /// The actors whose assertions count for `group`, itself included, sorted.
    pub(crate) fn speakers_of(&self, group: ActorId) -> &[ActorId] {
        self.speakers.get(group.index()).map_or(&[], Vec::as_slice)
    }

    /// The members of `group`, sorted.
    pub(crate) fn members_of(&self, group: ActorId) -> &[ActorId] {
        self.members.get(group.index()).map_or(&[], Vec::as_slice)
    }

    /// The groups `actor` speaks for, without itself, sorted.
    pub(crate) fn groups_spoken_for(&self, actor: ActorId) -> Vec<ActorId> {
        self.speakers
            .iter()
            .enumerate()
            .filter(|(group, speakers)| *group != actor.index() && speakers.binary_search(&actor).is_ok())
            .map(|(group, _)| ActorId::from_index(group))
            .collect()
    }
}
