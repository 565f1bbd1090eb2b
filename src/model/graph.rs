//! The advice network as compressed sparse rows, in both directions.

use fixedbitset::FixedBitSet;
use petgraph::Direction;
use petgraph::visit::{
    GraphBase, GraphProp, IntoNeighbors, IntoNeighborsDirected, IntoNodeIdentifiers,
    NodeCompactIndexable, NodeCount, NodeIndexable, Visitable,
};

use super::PersonIx;

/// One resolved advice tie between person indices.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Edge {
    /// The person who asks.
    pub seeker: PersonIx,
    /// The person asked.
    pub advisor: PersonIx,
    /// Positive finite weight.
    pub weight: f64,
}

/// What [`AdviceGraph::build`] cleaned up on the way in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cleanup {
    /// Ties from a person to themselves, dropped.
    pub self_ties: usize,
    /// Repeated `seeker -> advisor` ties, merged into one with their weights summed.
    pub duplicates: usize,
}

/// Directed, weighted advice network over person indices `0..n`.
///
/// Two compressed sparse row tables: `out` (seeker to advisers) and `inn` (adviser to
/// seekers), so "whom do they ask" and "who asks them" are both contiguous slices. The
/// petgraph visit traits are implemented on `&AdviceGraph` (node ids are `u32` person
/// indices, neighbours follow the seeker-to-adviser direction), so petgraph's generic
/// algorithms run on it directly.
#[derive(Debug, Clone, Default)]
pub struct AdviceGraph {
    out: Rows,
    inn: Rows,
    /// Every tie weighs exactly 1, so kernels may skip reading weights. The rows then keep
    /// no weights at all (16 bytes per tie saved) and weight slices are cut from `ones`.
    unit: bool,
    /// As many 1.0s as the longest row, when `unit`.
    ones: Vec<f64>,
}

#[derive(Debug, Clone, Default)]
struct Rows {
    start: Vec<u32>,
    target: Vec<u32>,
    /// One weight per target, or empty when every tie weighs 1.
    weight: Vec<f64>,
}

impl Rows {
    #[inline]
    fn range(&self, node: PersonIx) -> std::ops::Range<usize> {
        self.start[node as usize] as usize..self.start[node as usize + 1] as usize
    }

    fn longest(&self) -> usize {
        self.start
            .windows(2)
            .map(|w| (w[1] - w[0]) as usize)
            .max()
            .unwrap_or(0)
    }

    /// Counting sort of `ties` by row (self-ties dropped), then each row sorted by target
    /// with repeats merged (weights summed in input order), compacted in place. Two passes
    /// over the input and no per-tie temporaries beyond the output arrays.
    fn build(nodes: usize, ties: &Ties<'_>, cleanup: &mut Cleanup) -> Rows {
        let mut start = vec![0u32; nodes + 1];
        for i in 0..ties.len() {
            let (row, col) = ties.pair(i);
            if row != col {
                start[row as usize + 1] += 1;
            }
        }
        for i in 0..nodes {
            start[i + 1] += start[i];
        }
        let total = start[nodes] as usize;
        cleanup.self_ties += ties.len() - total;
        let mut fill = start[..nodes].to_vec();
        let mut target = vec![0u32; total];
        let mut weight = vec![1.0f64; total];
        for i in 0..ties.len() {
            let (row, col) = ties.pair(i);
            if row != col {
                let at = fill[row as usize] as usize;
                target[at] = col;
                if let Some(w) = ties.weights {
                    weight[at] = w[i];
                }
                fill[row as usize] += 1;
            }
        }
        drop(fill);
        let mut pairs: Vec<(u32, f64)> = Vec::new();
        let mut write = 0usize;
        let mut begin = 0usize;
        for row in 0..nodes {
            let end = start[row + 1] as usize;
            start[row] = write as u32;
            let cells = &mut target[begin..end];
            if !cells.is_sorted() {
                if ties.weights.is_some() {
                    // Stable, so repeated ties keep their input order when weights are summed.
                    pairs.clear();
                    pairs.extend(
                        cells
                            .iter()
                            .copied()
                            .zip(weight[begin..end].iter().copied()),
                    );
                    pairs.sort_by_key(|p| p.0);
                    for (k, (col, w)) in pairs.iter().enumerate() {
                        target[begin + k] = *col;
                        weight[begin + k] = *w;
                    }
                } else {
                    cells.sort_unstable();
                }
            }
            for k in begin..end {
                if write > start[row] as usize && target[write - 1] == target[k] {
                    weight[write - 1] += weight[k];
                    cleanup.duplicates += 1;
                } else {
                    target[write] = target[k];
                    weight[write] = weight[k];
                    write += 1;
                }
            }
            begin = end;
        }
        start[nodes] = write as u32;
        target.truncate(write);
        target.shrink_to_fit();
        weight.truncate(write);
        weight.shrink_to_fit();
        Rows {
            start,
            target,
            weight,
        }
    }

    /// The same ties seen from the other end. Rows come out sorted because sources are
    /// visited in order, and there are no repeats left to merge. Weights are carried over
    /// when there are any.
    fn transpose(&self, nodes: usize) -> Rows {
        let mut start = vec![0u32; nodes + 1];
        for &col in &self.target {
            start[col as usize + 1] += 1;
        }
        for i in 0..nodes {
            start[i + 1] += start[i];
        }
        let mut fill = start[..nodes].to_vec();
        let mut target = vec![0u32; self.target.len()];
        let weighted = !self.weight.is_empty();
        let mut weight = vec![0.0f64; if weighted { self.target.len() } else { 0 }];
        for row in 0..nodes as PersonIx {
            for k in self.range(row) {
                let col = self.target[k] as usize;
                let at = fill[col] as usize;
                target[at] = row;
                if weighted {
                    weight[at] = self.weight[k];
                }
                fill[col] += 1;
            }
        }
        Rows {
            start,
            target,
            weight,
        }
    }
}

/// Ties as parallel columns, weights optional (all 1 when absent).
struct Ties<'a> {
    seekers: &'a [PersonIx],
    advisors: &'a [PersonIx],
    weights: Option<&'a [f64]>,
}

impl Ties<'_> {
    fn len(&self) -> usize {
        self.seekers.len()
    }

    #[inline]
    fn pair(&self, i: usize) -> (u32, u32) {
        (self.seekers[i], self.advisors[i])
    }
}

impl AdviceGraph {
    /// Builds the graph over `people` nodes, dropping self-ties and merging duplicates
    /// (weights summed). Every edge must name a node below `people`.
    pub fn build(people: usize, edges: &[Edge]) -> (Self, Cleanup) {
        let seekers: Vec<PersonIx> = edges.iter().map(|e| e.seeker).collect();
        let advisors: Vec<PersonIx> = edges.iter().map(|e| e.advisor).collect();
        let weights: Vec<f64> = edges.iter().map(|e| e.weight).collect();
        Self::from_columns(people, &seekers, &advisors, Some(&weights))
    }

    /// Like [`build`](Self::build), from `(seeker, advisor, weight)` triples.
    pub fn from_triples(people: usize, edges: &[(u32, u32, f64)]) -> (Self, Cleanup) {
        let seekers: Vec<PersonIx> = edges.iter().map(|e| e.0).collect();
        let advisors: Vec<PersonIx> = edges.iter().map(|e| e.1).collect();
        let weights: Vec<f64> = edges.iter().map(|e| e.2).collect();
        Self::from_columns(people, &seekers, &advisors, Some(&weights))
    }

    /// Like [`build`](Self::build), from parallel columns; `weights: None` means every tie
    /// weighs 1. The cheapest way in for large networks.
    ///
    /// # Panics
    ///
    /// When the columns differ in length or name a node not below `people`.
    pub fn from_columns(
        people: usize,
        seekers: &[PersonIx],
        advisors: &[PersonIx],
        weights: Option<&[f64]>,
    ) -> (Self, Cleanup) {
        assert_eq!(seekers.len(), advisors.len(), "one advisor per seeker");
        if let Some(w) = weights {
            assert_eq!(w.len(), seekers.len(), "one weight per tie");
        }
        let ties = Ties {
            seekers,
            advisors,
            weights,
        };
        let mut cleanup = Cleanup::default();
        let mut out = Rows::build(people, &ties, &mut cleanup);
        // Exactly 1, not nearly: kernels that skip the weights must give the same sums.
        #[allow(clippy::float_cmp)]
        let unit = out.weight.iter().all(|&w| w == 1.0);
        if unit {
            out.weight = Vec::new();
        }
        let inn = out.transpose(people);
        let ones = if unit {
            vec![1.0; out.longest().max(inn.longest())]
        } else {
            Vec::new()
        };
        (
            AdviceGraph {
                out,
                inn,
                unit,
                ones,
            },
            cleanup,
        )
    }

    /// The weights of `rows`' row `node`.
    #[inline]
    fn weights<'a>(&'a self, rows: &'a Rows, node: PersonIx) -> &'a [f64] {
        let range = rows.range(node);
        if self.unit {
            &self.ones[..range.len()]
        } else {
            &rows.weight[range]
        }
    }

    /// Number of people (nodes).
    pub fn node_count(&self) -> usize {
        self.out.start.len().saturating_sub(1)
    }

    /// Number of distinct advice ties.
    pub fn edge_count(&self) -> usize {
        self.out.target.len()
    }

    /// The advisers `seeker` goes to, ascending.
    #[inline]
    pub fn advisors(&self, seeker: PersonIx) -> &[PersonIx] {
        &self.out.target[self.out.range(seeker)]
    }

    /// Weights matching [`advisors`](Self::advisors).
    #[inline]
    pub fn advisor_weights(&self, seeker: PersonIx) -> &[f64] {
        self.weights(&self.out, seeker)
    }

    /// The seekers who come to `advisor`, ascending.
    #[inline]
    pub fn seekers(&self, advisor: PersonIx) -> &[PersonIx] {
        &self.inn.target[self.inn.range(advisor)]
    }

    /// Weights matching [`seekers`](Self::seekers).
    #[inline]
    pub fn seeker_weights(&self, advisor: PersonIx) -> &[f64] {
        self.weights(&self.inn, advisor)
    }

    /// True when `seeker` goes to `advisor` for advice (binary search).
    pub fn asks(&self, seeker: PersonIx, advisor: PersonIx) -> bool {
        self.advisors(seeker).binary_search(&advisor).is_ok()
    }

    /// Every tie as an [`Edge`], by seeker then adviser.
    pub fn edges(&self) -> impl Iterator<Item = Edge> + '_ {
        (0..self.node_count() as PersonIx).flat_map(move |s| {
            self.advisors(s)
                .iter()
                .zip(self.advisor_weights(s))
                .map(move |(&advisor, &weight)| Edge {
                    seeker: s,
                    advisor,
                    weight,
                })
        })
    }

    /// True when every tie weighs exactly 1 (an unweighted survey).
    pub fn is_unit_weighted(&self) -> bool {
        self.unit
    }

    /// Raw CSR arrays of the in-ties `(start, seekers, weights)`, for tight kernels. The
    /// weights are `None` when every tie weighs 1.
    pub fn in_rows(&self) -> (&[u32], &[PersonIx], Option<&[f64]>) {
        (
            &self.inn.start,
            &self.inn.target,
            self.raw_weights(&self.inn),
        )
    }

    /// Raw CSR arrays of the out-ties `(start, advisers, weights)`, for tight kernels. The
    /// weights are `None` when every tie weighs 1.
    pub fn out_rows(&self) -> (&[u32], &[PersonIx], Option<&[f64]>) {
        (
            &self.out.start,
            &self.out.target,
            self.raw_weights(&self.out),
        )
    }

    fn raw_weights<'a>(&self, rows: &'a Rows) -> Option<&'a [f64]> {
        (!self.unit).then_some(rows.weight.as_slice())
    }
}

impl GraphBase for AdviceGraph {
    type NodeId = PersonIx;
    type EdgeId = (PersonIx, PersonIx);
}

impl GraphProp for &AdviceGraph {
    type EdgeType = petgraph::Directed;
}

impl NodeCount for &AdviceGraph {
    fn node_count(&self) -> usize {
        AdviceGraph::node_count(self)
    }
}

impl NodeIndexable for &AdviceGraph {
    fn node_bound(&self) -> usize {
        AdviceGraph::node_count(self)
    }
    fn to_index(&self, node: PersonIx) -> usize {
        node as usize
    }
    fn from_index(&self, index: usize) -> PersonIx {
        index as PersonIx
    }
}

impl NodeCompactIndexable for &AdviceGraph {}

impl<'a> IntoNeighbors for &'a AdviceGraph {
    type Neighbors = std::iter::Copied<std::slice::Iter<'a, PersonIx>>;
    fn neighbors(self, node: PersonIx) -> Self::Neighbors {
        self.advisors(node).iter().copied()
    }
}

impl<'a> IntoNeighborsDirected for &'a AdviceGraph {
    type NeighborsDirected = std::iter::Copied<std::slice::Iter<'a, PersonIx>>;
    fn neighbors_directed(self, node: PersonIx, dir: Direction) -> Self::NeighborsDirected {
        match dir {
            Direction::Outgoing => self.advisors(node).iter().copied(),
            Direction::Incoming => self.seekers(node).iter().copied(),
        }
    }
}

impl IntoNodeIdentifiers for &AdviceGraph {
    type NodeIdentifiers = std::ops::Range<PersonIx>;
    fn node_identifiers(self) -> Self::NodeIdentifiers {
        0..AdviceGraph::node_count(self) as PersonIx
    }
}

impl Visitable for &AdviceGraph {
    type Map = FixedBitSet;
    fn visit_map(&self) -> FixedBitSet {
        FixedBitSet::with_capacity(AdviceGraph::node_count(self))
    }
    fn reset_map(&self, map: &mut FixedBitSet) {
        map.clear();
        map.grow(AdviceGraph::node_count(self));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use petgraph::visit::{Bfs, Walker};

    #[test]
    fn self_ties_dropped_and_duplicates_merged() {
        let edges = [
            (0, 1, 1.0),
            (0, 1, 2.0),
            (1, 1, 1.0),
            (2, 0, 1.0),
            (0, 2, 1.0),
        ];
        let (graph, cleanup) = AdviceGraph::from_triples(4, &edges);
        assert_eq!(
            cleanup,
            Cleanup {
                self_ties: 1,
                duplicates: 1
            }
        );
        assert_eq!(graph.edge_count(), 3);
        assert_eq!(graph.advisors(0), &[1, 2]);
        assert_eq!(graph.advisor_weights(0), &[3.0, 1.0]);
        assert_eq!(graph.seekers(0), &[2]);
        assert_eq!(graph.seekers(1), &[0]);
        assert_eq!(graph.seeker_weights(1), &[3.0]);
        assert!(graph.seekers(3).is_empty());
        assert!(graph.asks(2, 0) && !graph.asks(1, 0));
    }

    #[test]
    fn unit_weights_are_not_stored_but_still_read_as_one() {
        let (graph, _) = AdviceGraph::from_columns(3, &[0, 0, 1], &[1, 2, 2], None);
        assert!(graph.is_unit_weighted());
        assert!(graph.in_rows().2.is_none() && graph.out_rows().2.is_none());
        assert_eq!(graph.advisor_weights(0), &[1.0, 1.0]);
        assert_eq!(graph.seeker_weights(2), &[1.0, 1.0]);
        assert!(graph.seeker_weights(0).is_empty());
        assert!(
            graph
                .edges()
                .all(|e| e.weight.to_bits() == 1.0f64.to_bits())
        );
        // A repeated tie without weights weighs 2: the graph is no longer unit-weighted.
        let (twice, _) = AdviceGraph::from_columns(2, &[0, 0], &[1, 1], None);
        assert!(!twice.is_unit_weighted());
        assert_eq!(twice.in_rows().2, Some(&[2.0][..]));
        assert_eq!(twice.seeker_weights(1), &[2.0]);
    }

    #[test]
    fn petgraph_walkers_run_on_it() {
        let (graph, _) = AdviceGraph::from_triples(5, &[(0, 1, 1.0), (1, 2, 1.0), (3, 4, 1.0)]);
        let mut reached: Vec<u32> = Bfs::new(&graph, 0).iter(&graph).collect();
        reached.sort_unstable();
        assert_eq!(reached, vec![0, 1, 2]);
    }
}
