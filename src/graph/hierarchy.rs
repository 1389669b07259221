//! Who speaks for whom and who is a member of which group, followed transitively.
//!
//! Walks start from the actors asked about and only follow the edges of one kind, so the cost is
//! the size of what they find: a chain of 100,000 `speaks_for` links costs one walk per actor
//! asked about, never a closure of every actor.

use petgraph::Direction;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::{Bfs, EdgeFiltered, Reversed};

use crate::model::{ActorId, ClaimSet};

/// The kind of link between two actors.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub(crate) enum Link {
    /// `speaks_for`: the actor's stated positions are the group's.
    SpeaksFor,
    /// `member_of`: belongs to the group, speaking with its own voice.
    MemberOf,
}

/// The `speaks_for` and `member_of` links between a claim set's actors.
#[derive(Debug, Default)]
pub(crate) struct ActorHierarchy {
    graph: DiGraph<ActorId, Link>,
}

impl ActorHierarchy {
    pub(crate) fn new(claims: &ClaimSet) -> ActorHierarchy {
        let mut graph: DiGraph<ActorId, Link> = DiGraph::with_capacity(claims.actors.len(), 0);
        for (id, _) in claims.actors() {
            graph.add_node(id);
        }
        for (id, actor) in claims.actors() {
            let from = NodeIndex::new(id.index());
            for group in actor.speaks_for() {
                graph.add_edge(from, NodeIndex::new(group.index()), Link::SpeaksFor);
            }
            for group in actor.member_of() {
                graph.add_edge(from, NodeIndex::new(group.index()), Link::MemberOf);
            }
        }
        ActorHierarchy { graph }
    }

    /// The actors reached from `start` by links of one kind, in `direction`, `start` included,
    /// sorted.
    pub(crate) fn reach(&self, start: ActorId, link: Link, direction: Direction) -> Vec<ActorId> {
        let start = NodeIndex::new(start.index());
        if self.graph.node_weight(start).is_none() {
            return Vec::new();
        }
        let filtered = EdgeFiltered::from_fn(&self.graph, |edge| *edge.weight() == link);
        let mut found = Vec::new();
        match direction {
            Direction::Outgoing => {
                let mut bfs = Bfs::new(&filtered, start);
                while let Some(node) = bfs.next(&filtered) {
                    found.extend(self.graph.node_weight(node).copied());
                }
            }
            Direction::Incoming => {
                let reversed = Reversed(&filtered);
                let mut bfs = Bfs::new(reversed, start);
                while let Some(node) = bfs.next(reversed) {
                    found.extend(self.graph.node_weight(node).copied());
                }
            }
        }
        found.sort_unstable();
        found
    }

    /// The groups the assertions of `actor` count for: itself and every group it speaks for
    /// through `speaks_for`, followed transitively; sorted.
    pub(crate) fn counts_for(&self, actor: ActorId) -> Vec<ActorId> {
        self.reach(actor, Link::SpeaksFor, Direction::Outgoing)
    }

    /// The groups `actor` is a member of: reached through `member_of` transitively, except
    /// itself and the groups it speaks for; sorted.
    pub(crate) fn member_of(&self, actor: ActorId, counts_for: &[ActorId]) -> Vec<ActorId> {
        let mut groups = self.reach(actor, Link::MemberOf, Direction::Outgoing);
        groups.retain(|group| *group != actor && counts_for.binary_search(group).is_err());
        groups
    }

    /// The actors whose assertions count for `group`, itself included; sorted.
    pub(crate) fn speakers_of(&self, group: ActorId) -> Vec<ActorId> {
        self.reach(group, Link::SpeaksFor, Direction::Incoming)
    }

    /// The members of `group`: actors with it in `member_of` (followed transitively), except
    /// those that speak for it; sorted.
    pub(crate) fn members_of(&self, group: ActorId) -> Vec<ActorId> {
        let speakers = self.speakers_of(group);
        let mut members = self.reach(group, Link::MemberOf, Direction::Incoming);
        members.retain(|member| *member != group && speakers.binary_search(member).is_err());
        members
    }
}
