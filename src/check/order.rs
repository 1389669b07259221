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

/// The order of the report: kind, holder, assertions.
pub(crate) fn report_order(a: &Finding, b: &Finding) -> Ordering {
    a.kind.cmp(&b.kind).then_with(|| a.holder.cmp(&b.holder)).then_with(|| a.assertions().cmp(b.assertions()))
}
