//! Cones walked once per check and kept for every pool that needs them.
//!
//! A cone depends on its literal alone, and on large claim sets a literal is an element of many
//! pools (on the layered workload of a million assertions, a `supports` literal is in eight on
//! average). Walking a cone reads memory for each literal it reaches, rarely from cache, and each
//! read waits for the one before it; a kept cone is one run of memory, read ahead of use. So the
//! cones of the literals asserted most often are walked before the pools and kept, within a
//! bound on memory: their literals one cone after the other in walk order, read by every pool,
//! and for each entry its parent's place in its cone and the rule of the edge it was reached by,
//! packed in one word and read only for the chains of findings. The cones of the other literals
//! are walked in each pool.

use super::walk::{ConeEntry, NO_PARENT, WalkGraph};
use crate::logic::Lit;

/// The kept cones of a check.
#[derive(Debug)]
pub(crate) struct KeptCones {
    /// For each literal, where its cone starts in `literals` and how many entries it has; no
    /// entries when it is not kept.
    spans: Vec<(u32, u32)>,
    /// The cones' literals, each cone in walk order, root first.
    literals: Vec<Lit>,
    /// For each entry, the place of its parent in its cone in the high bits and the rule of the
    /// edge it was reached by in the low `rule_bits`; `ROOT` for the root.
    links: Vec<u32>,
    rule_bits: u32,
    /// The low `rule_bits` bits set.
    rule_mask: u32,
}

/// The link of a cone's root in [`KeptCones`]: no entry has it, as its parent's place would be
/// past the largest cone kept.
const ROOT: u32 = u32::MAX;

/// The most entries a kept cone has: a larger one is read by every pool that needs it whether
/// kept or walked, and walking it only to find it too large would cost without bound (a ring of
/// equivalences puts a million literals in every cone).
const MAX_CONE: usize = 1024;

/// An entry of a kept cone, for the chain of a finding.
#[derive(Copy, Clone, Debug)]
pub(crate) struct KeptEntry {
    pub(crate) literal: Lit,
    /// The place of its parent in its cone and the rule of the edge from it; `None` for the root.
    pub(crate) reached: Option<(u32, u32)>,
}

impl KeptCones {
    /// The kept entries a check may hold for each assertion: eight bytes each, so the kept
    /// cones cost at most 80 bytes per assertion, whatever the rules. On the layered workload of
    /// a million assertions the cones of all literals asserted more than once take 10.35 entries
    /// per assertion; with ten, 1% of the entries pools read are walked in the pool (with eight,
    /// 12%, which took a sixth of the check).
    pub(crate) const ENTRIES_PER_ASSERTION: usize = 10;

    /// Walks and keeps the cones of the literals `times_asserted` counts more than once (by
    /// literal index), most asserted first (ties in literal order), while they fit in
    /// `max_entries` entries. A cone is kept only if it has at most `MAX_CONE` entries and a
    /// parent's place fits in the bits of a link that the rule numbers (below `n_rules`) leave;
    /// walks stop there. With the `parallel` feature the cones are
    /// walked on all cores, a round at a time, and kept in the same order: the same cones are
    /// kept.
    pub(crate) fn new(walks: &WalkGraph, times_asserted: &[u8], n_rules: usize, max_entries: usize) -> KeptCones {
        /// Literals whose cones are walked before the ones kept are added: at most one round is
        /// walked in vain once the bound is reached, and a round holds at most `ROUND` times
        /// `MAX_CONE` entries.
        const ROUND: usize = 2048;

        let n_literals = times_asserted.len();
        let rule_bits = usize::BITS - n_rules.leading_zeros();
        // Places up to all ones but one: all ones in every bit is `ROOT`.
        let max_cone = 1usize.checked_shl(u32::BITS - rule_bits).map_or(0, |places| places - 1).min(MAX_CONE);
        let rule_mask = 1u32.checked_shl(rule_bits).map_or(u32::MAX, |bit| bit - 1);
        let mut kept = KeptCones {
            spans: vec![(0, 0); n_literals],
            literals: Vec::new(),
            links: Vec::new(),
            rule_bits,
            rule_mask,
        };
        if max_cone < 2 {
            return kept;
        }
        // The more pools a cone is read in, the more walks keeping it saves.
        let mut by_times: Vec<(u8, u32)> = times_asserted
            .iter()
            .enumerate()
            .filter(|(_, times)| **times > 1)
            .map(|(index, times)| (*times, to_u32(index)))
            .collect();
        by_times.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let candidates: Vec<Lit> = by_times.into_iter().map(|(_, index)| Lit(index)).collect();
        // Tens of megabytes on large claim sets, where the bound is reached: grown by doubling,
        // the lists would be copied into fresh memory a few times over.
        let room = max_entries.min(candidates.len().saturating_mul(max_cone));
        kept.literals.reserve_exact(room);
        kept.links.reserve_exact(room);

        for round in candidates.chunks(ROUND) {
            for walked in walk_round(walks, round, n_literals, max_cone) {
                let mut start = 0;
                for (root, len, complete) in walked.roots {
                    let cone = walked.entries.get(start..start + len as usize).unwrap_or(&[]);
                    let cone_start = to_u32(start);
                    start += len as usize;
                    let room = max_entries.saturating_sub(kept.literals.len());
                    if room == 0 {
                        return kept.shrunk();
                    }
                    if !complete || cone.len() > room {
                        continue;
                    }
                    if let Some(span) = kept.spans.get_mut(root.index()) {
                        *span = (to_u32(kept.literals.len()), len);
                    }
                    kept.literals.extend(cone.iter().map(|entry| entry.literal));
                    kept.links.extend(cone.iter().map(|entry| match entry.parent {
                        NO_PARENT => ROOT,
                        parent => ((parent - cone_start) << rule_bits) | entry.rule,
                    }));
                }
            }
        }
        kept.shrunk()
    }

    fn shrunk(mut self) -> KeptCones {
        self.literals.shrink_to_fit();
        self.links.shrink_to_fit();
        self
    }

    /// The kept cone of `literal`: where it starts and how many entries it has.
    pub(crate) fn span(&self, literal: Lit) -> Option<(u32, u32)> {
        self.spans.get(literal.index()).copied().filter(|(_, len)| *len > 0)
    }

    /// Reads each cache line of the kept cones at `spans` and does nothing with it: the reads
    /// overlap, and the cones are in cache when they are read in earnest.
    pub(crate) fn read_ahead<'s>(&self, spans: impl Iterator<Item = &'s (u32, u32)> + Clone) {
        const LINE: usize = 64;
        let mut touched = 0u32;
        for (start, len) in spans.clone() {
            for literal in self.literals(*start, *len).iter().step_by(LINE / 4) {
                touched ^= literal.0;
            }
        }
        for (start, len) in spans {
            let links = self.links.get(*start as usize..(start + len) as usize).unwrap_or(&[]);
            for link in links.iter().step_by(LINE / 4) {
                touched ^= link;
            }
        }
        std::hint::black_box(touched);
    }

    /// The literals of the kept entries from `start`, `len` of them.
    pub(crate) fn literals(&self, start: u32, len: u32) -> &[Lit] {
        self.literals.get(start as usize..(start + len) as usize).unwrap_or(&[])
    }

    /// The entry at `place` in the cone from `start`.
    pub(crate) fn entry(&self, start: u32, place: u32) -> Option<KeptEntry> {
        let index = (start + place) as usize;
        let literal = *self.literals.get(index)?;
        let link = *self.links.get(index)?;
        // A shift by 32 (all bits for rules) leaves nothing: `new` keeps no cone then.
        let reached = (link != ROOT).then(|| (link.checked_shr(self.rule_bits).unwrap_or(0), link & self.rule_mask));
        Some(KeptEntry { literal, reached })
    }
}

/// Cones walked one after the other: each root with its number of entries and whether the walk
/// got to its end, and the entries.
struct Walked {
    roots: Vec<(Lit, u32, bool)>,
    entries: Vec<ConeEntry>,
}

/// Walks the cones of `roots`, in order, each only up to `max_cone` entries.
fn walk_all(walks: &WalkGraph, roots: &[Lit], visited: &mut [u64], max_cone: usize) -> Walked {
    let mut walked = Walked { roots: Vec::with_capacity(roots.len()), entries: Vec::new() };
    for root in roots {
        let start = walked.entries.len();
        let visit = |literal: Lit| {
            let (word, bit) = (literal.index() / 64, literal.index() % 64);
            visited.get_mut(word).is_none_or(|word| {
                let was = *word & (1 << bit) != 0;
                *word |= 1 << bit;
                was
            })
        };
        let complete = walks.walk_cone_within(*root, visit, &mut walked.entries, max_cone);
        let cone = walked.entries.get(start..).unwrap_or(&[]);
        for entry in cone {
            // Only this cone's marks are set: clearing whole words clears nothing else.
            if let Some(word) = visited.get_mut(entry.literal.index() / 64) {
                *word = 0;
            }
        }
        walked.roots.push((*root, to_u32(cone.len()), complete));
    }
    walked
}

/// Walks the cones of `roots`, on one core.
#[cfg(not(feature = "parallel"))]
fn walk_round(walks: &WalkGraph, roots: &[Lit], n_literals: usize, max_cone: usize) -> Vec<Walked> {
    vec![walk_all(walks, roots, &mut vec![0; n_literals.div_ceil(64)], max_cone)]
}

/// Walks the cones of `roots` on all cores, in pieces given back in order.
#[cfg(feature = "parallel")]
fn walk_round(walks: &WalkGraph, roots: &[Lit], n_literals: usize, max_cone: usize) -> Vec<Walked> {
    use rayon::prelude::*;
    const PIECE: usize = 256;
    roots
        .par_chunks(PIECE)
        .map_init(|| vec![0; n_literals.div_ceil(64)], |visited, piece| walk_all(walks, piece, visited, max_cone))
        .collect()
}

#[allow(clippy::cast_possible_truncation)]
fn to_u32(value: usize) -> u32 {
    // Literals and kept entries stay below 2^32 under the loading limits.
    value as u32
}
