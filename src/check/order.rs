//! Report order: kind, holder, assertions, reached without sorting a million findings.
//!
//! Pools are checked in holder order, every finding of a pool has the pool's holder, and each
//! pool's findings are sorted while they are in cache, so only the kinds are left to gather. Each
//! pool's findings are dealt into one list per kind as the pool is done; the lists are kept in
//! chunks, and putting them together at the end copies each chunk once into a list made at its
//! final length, freeing the chunk as it goes. (A single list in pool order permuted in place by
//! kind costs a chain of dependent cache misses per finding. Growing the final list a quarter at
//! a time, to keep its room near what is copied, copied every finding five times over into memory
//! fresh from the system: a fifth of a million-assertion check. The checker gives back what only
//! the pools needed before the final list is made, so its room does not raise the peak.)

use std::cmp::Ordering;

use super::finding::{Finding, FindingKind};

/// Findings in each chunk of a list: about a megabyte, small beside a large report and large
/// enough that the chunks are few.
const CHUNK: usize = 8192;

/// The findings gathered so far, one chunked list per kind, each in report order.
#[derive(Debug, Default)]
pub(crate) struct ByKind {
    lists: [Vec<Vec<Finding>>; FindingKind::ALL.len()],
    len: usize,
    /// Whether each finding came after the previous one of its kind in report order. Pools come
    /// in holder order by construction; should that ever change, a full sort keeps the report
    /// right.
    in_order: bool,
}

impl ByKind {
    pub(crate) fn new() -> ByKind {
        ByKind { in_order: true, ..ByKind::default() }
    }

    /// How many findings are held.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Adds one pool's findings, sorted by [`report_order`] with no duplicates.
    pub(crate) fn extend(&mut self, findings: impl IntoIterator<Item = Finding>) {
        for finding in findings {
            self.push(finding);
        }
    }

    /// Adds the findings of the pools that come after those held, as gathered by `other`.
    // Only the parallel checker gathers pools apart.
    #[cfg_attr(not(feature = "parallel"), allow(dead_code))]
    pub(crate) fn append(&mut self, other: ByKind) {
        for (chunks, other_chunks) in self.lists.iter_mut().zip(other.lists) {
            if let (Some(last), Some(first)) =
                (chunks.last().and_then(|chunk| chunk.last()), other_chunks.first().and_then(|chunk| chunk.first()))
                && report_order(last, first) != Ordering::Less
            {
                self.in_order = false;
            }
            chunks.extend(other_chunks);
        }
        self.len += other.len;
        self.in_order &= other.in_order;
    }

    /// Gives back the room the last chunk of each list has left over: gathered a few pools at a
    /// time, the lists would otherwise end in many part-filled chunks.
    pub(crate) fn shrink_to_fit(&mut self) {
        for chunk in self.lists.iter_mut().filter_map(|chunks| chunks.last_mut()) {
            chunk.shrink_to_fit();
        }
    }

    fn push(&mut self, finding: Finding) {
        let Some(chunks) = self.lists.get_mut(finding.kind as usize) else { return };
        if let Some(last) = chunks.last().and_then(|chunk| chunk.last())
            && report_order(last, &finding) != Ordering::Less
        {
            self.in_order = false;
        }
        let chunk = match chunks.last_mut() {
            Some(chunk) if chunk.len() < CHUNK => chunk,
            _ => {
                // Grown as findings come: a run of a few pools fills only part of a chunk.
                chunks.push(Vec::new());
                let Some(chunk) = chunks.last_mut() else { return };
                chunk
            }
        };
        chunk.push(finding);
        self.len += 1;
    }

    /// All the findings in report order, in one list.
    pub(crate) fn into_report_order(self) -> Vec<Finding> {
        let total = self.len;
        let mut findings: Vec<Finding> = Vec::with_capacity(total);
        for chunk in self.lists.into_iter().flatten() {
            findings.extend(chunk);
        }
        if !self.in_order {
            findings.sort_by(report_order);
            findings.dedup_by(|a, b| report_order(a, b).is_eq());
        }
        findings
    }
}

/// Lists reused from one pool to the next to put its findings in report order.
#[derive(Debug, Default)]
pub(crate) struct PoolSort {
    /// Each finding's [`order_key`] and its place among the pool's findings.
    keys: Vec<(u128, u32)>,
    slots: Vec<Option<Finding>>,
}

impl PoolSort {
    /// Puts one pool's `findings` in report order, the first of equal ones kept, as a stable
    /// sort by [`report_order`] followed by a dedup would.
    ///
    /// Comparing two findings by their assertions reads both findings' lists; most comparisons
    /// are settled by a number made once per finding from its kind, holder and first two
    /// assertions, and the findings themselves (80 bytes each) are moved out and back in order
    /// instead of at every step of the sort.
    pub(crate) fn sort_and_dedup(&mut self, findings: &mut Vec<Finding>) {
        self.keys.clear();
        self.keys.extend(findings.iter().enumerate().map(|(place, finding)| (order_key(finding), to_u32(place))));
        self.keys.sort_unstable_by(|(key_a, place_a), (key_b, place_b)| {
            key_a.cmp(key_b).then_with(|| {
                match (findings.get(*place_a as usize), findings.get(*place_b as usize)) {
                    (Some(a), Some(b)) => report_order(a, b),
                    _ => Ordering::Equal,
                }
                .then(place_a.cmp(place_b))
            })
        });
        self.slots.clear();
        self.slots.extend(findings.drain(..).map(Some));
        for (_, place) in &self.keys {
            let Some(finding) = self.slots.get_mut(*place as usize).and_then(Option::take) else { continue };
            if findings.last().is_some_and(|last| report_order(last, &finding).is_eq()) {
                continue;
            }
            findings.push(finding);
        }
    }
}

/// A number that orders findings as [`report_order`] does as far as their kind, holder and
/// first two assertions go: 8 bits of kind, then 40 bits for each of the holder and the two
/// assertions, each its index plus one (none is 0, below every index, as a shorter list of
/// assertions comes first).
fn order_key(finding: &Finding) -> u128 {
    let index_or_zero = |index: Option<usize>| index.map_or(0, |index| index as u128 + 1);
    let assertions = finding.assertions();
    (finding.kind as u128) << 120
        | index_or_zero(finding.holder.map(|holder| holder.index())) << 80
        | index_or_zero(assertions.first().map(|id| id.index())) << 40
        | index_or_zero(assertions.get(1).map(|id| id.index()))
}

#[allow(clippy::cast_possible_truncation)]
fn to_u32(value: usize) -> u32 {
    // A pool's findings are counted in u32 like every list of the check.
    value as u32
}

/// The order of the report: kind, holder, assertions.
pub(crate) fn report_order(a: &Finding, b: &Finding) -> Ordering {
    a.kind.cmp(&b.kind).then_with(|| a.holder.cmp(&b.holder)).then_with(|| a.assertions().cmp(b.assertions()))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::check::finding::FindingLists;
    use crate::model::{ActorId, AssertionId};

    /// Indices near the top of what a claim set holds as well as small ones, so that the parts of
    /// the number made for sorting are seen full.
    fn index() -> impl Strategy<Value = usize> {
        prop_oneof![0usize..4, (1usize << 31) - 3..(1usize << 31) - 1]
    }

    fn finding() -> impl Strategy<Value = Finding> {
        (0usize..4, proptest::option::of(index()), proptest::collection::vec(index(), 1..5), any::<bool>()).prop_map(
            |(kind, holder, assertions, cross_source)| {
                let lists = FindingLists {
                    assertions: assertions.into_iter().map(AssertionId::from_index).collect(),
                    ..FindingLists::default()
                };
                let kind = FindingKind::ALL.get(kind).copied().unwrap_or(FindingKind::Contradiction);
                Finding::with_own_lists(kind, holder.map(ActorId::from_index), cross_source, None, None, lists)
            },
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

        /// The same findings in the same order as a stable sort by report order and a dedup,
        /// which keeps the first of equal findings (`cross_source` tells equal ones apart).
        #[test]
        fn pool_sort_is_a_stable_sort_and_dedup(findings in proptest::collection::vec(finding(), 0..40)) {
            let mut expected = findings.clone();
            expected.sort_by(report_order);
            expected.dedup_by(|a, b| report_order(a, b).is_eq());
            let mut sorted = findings;
            PoolSort::default().sort_and_dedup(&mut sorted);
            prop_assert_eq!(sorted, expected);
        }
    }
}
