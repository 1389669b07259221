//! The implication graph laid out for the walks of [`super::conflicts`].
//!
//! The walks are bound by memory latency: each literal a cone reaches costs a read of memory that
//! is rarely in cache. Read through [`Formula`], it costs two that wait on each other: where the
//! literal's row lies, then the row. Here each edge carries where the row of the literal it
//! reaches starts, so reaching a literal costs the one read of its row, and a literal that holds
//! in the base model (where cones stop) is reached through edges that say so, without a look at
//! the model. The rows are laid out depth first along the edges the walks follow, so the row of
//! a literal's first successor tends to lie next to its own.

use crate::logic::{Formula, Lit};

/// Marks an edge into a literal whose row the walks never read: it holds in the base model.
pub(crate) const STOP: u32 = u32::MAX;

/// One edge of a row, as the walks read it.
#[derive(Copy, Clone, Debug)]
pub(crate) struct Edge {
    /// The literal the edge reaches.
    pub(crate) literal: Lit,
    /// The rule the edge comes from.
    pub(crate) rule: u32,
    /// Where the row of `literal` starts, or [`STOP`].
    pub(crate) row: u32,
}

/// The binary implication graph of a formula, relative to a base model, made once per check.
#[derive(Debug)]
pub(crate) struct WalkGraph {
    /// The rows one after another: each is its number of edges, then three words per edge
    /// (literal, rule, row of the literal).
    words: Vec<u32>,
    /// Where each literal's row starts, for the first literal of a cone (which is walked from
    /// even when it holds in the base model).
    row_of: Vec<u32>,
}

impl WalkGraph {
    /// The graph of `formula`'s binary clauses; a cone stops at literals true in `base` (none
    /// without one).
    pub(crate) fn new(formula: &Formula, base: Option<&[bool]>) -> WalkGraph {
        let n_literals = formula.n_literals();
        let holds_in_base = |literal: Lit| base.is_some_and(|base| literal.holds_in(base));

        // The order of the rows: depth first from each literal in turn, along the edges into
        // literals the walks go on from, the first edge of a row first.
        let mut order: Vec<u32> = Vec::with_capacity(n_literals);
        let mut placed = vec![false; n_literals];
        let mut stack: Vec<u32> = Vec::new();
        for root in 0..n_literals {
            stack.push(to_u32(root));
            while let Some(literal) = stack.pop() {
                let Some(slot) = placed.get_mut(literal as usize) else { continue };
                if *slot {
                    continue;
                }
                *slot = true;
                order.push(literal);
                let edges = formula.implications(Lit(literal));
                stack.extend(
                    edges
                        .iter()
                        .rev()
                        .filter(|(next, _)| !holds_in_base(*next) && !placed.get(next.index()).copied().unwrap_or(true))
                        .map(|(next, _)| next.0),
                );
            }
        }

        let mut row_of = vec![0u32; n_literals];
        let mut next_row = 0usize;
        for literal in &order {
            if let Some(row) = row_of.get_mut(*literal as usize) {
                *row = to_u32(next_row);
            }
            next_row += 1 + 3 * formula.implications(Lit(*literal)).len();
        }
        let mut words: Vec<u32> = Vec::with_capacity(next_row);
        for literal in &order {
            let edges = formula.implications(Lit(*literal));
            words.push(to_u32(edges.len()));
            for (next, rule) in edges {
                let row = if holds_in_base(*next) { STOP } else { row_of.get(next.index()).copied().unwrap_or(STOP) };
                words.extend([next.0, *rule, row]);
            }
        }
        WalkGraph { words, row_of }
    }

    /// Where the row of `literal` starts.
    pub(crate) fn row_of(&self, literal: Lit) -> u32 {
        self.row_of.get(literal.index()).copied().unwrap_or(STOP)
    }

    /// The edges of the row that starts at `row` (none for [`STOP`]).
    pub(crate) fn edges(&self, row: u32) -> impl Iterator<Item = Edge> + '_ {
        let row = row as usize;
        let len = self.words.get(row).map_or(0, |len| *len as usize);
        let words = self.words.get(row + 1..row + 1 + 3 * len).unwrap_or(&[]);
        let (edges, _) = words.as_chunks::<3>();
        edges.iter().map(|&[literal, rule, row]| Edge { literal: Lit(literal), rule, row })
    }

    /// Appends the cone of `root` to `cone`, in the order a breadth-first walk reaches its
    /// literals: `root` first, then everything it reaches, growing only through literals false
    /// in the base model. `visit` marks a literal reached and says whether it already was; the
    /// caller clears the marks.
    pub(crate) fn walk_cone(&self, root: Lit, visit: impl FnMut(Lit) -> bool, cone: &mut Vec<ConeEntry>) {
        self.walk_cone_within(root, visit, cone, usize::MAX);
    }

    /// [`WalkGraph::walk_cone`], stopped once the cone has `limit` entries and an edge is left to
    /// look at; whether it got to the end. Only the literals of the entries made are marked.
    pub(crate) fn walk_cone_within(
        &self,
        root: Lit,
        mut visit: impl FnMut(Lit) -> bool,
        cone: &mut Vec<ConeEntry>,
        limit: usize,
    ) -> bool {
        let start = cone.len();
        visit(root);
        cone.push(ConeEntry { literal: root, parent: NO_PARENT, rule: NO_PARENT, row: self.row_of(root) });
        let mut next = start;
        while let Some(entry) = cone.get(next).copied() {
            next += 1;
            // The cone stops at literals that hold in the base model: their rows are `STOP` and
            // never read.
            for edge in self.edges(entry.row) {
                if cone.len() - start >= limit {
                    return false;
                }
                if !visit(edge.literal) {
                    let parent = to_u32(next - 1);
                    cone.push(ConeEntry { literal: edge.literal, parent, rule: edge.rule, row: edge.row });
                }
            }
        }
        true
    }
}

/// A literal reached by a walk, with how it was reached.
#[derive(Copy, Clone, Debug)]
pub(crate) struct ConeEntry {
    pub(crate) literal: Lit,
    /// The place in the walk's list of the entry it was reached from ([`NO_PARENT`] for the
    /// root).
    pub(crate) parent: u32,
    /// The rule of the edge it was reached by ([`NO_PARENT`] for the root).
    pub(crate) rule: u32,
    /// Where its row starts; [`STOP`] past the root for a literal that holds in the base model,
    /// where the cone stops.
    pub(crate) row: u32,
}

/// The parent and rule of a cone's root.
pub(crate) const NO_PARENT: u32 = u32::MAX;

fn to_u32(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}
