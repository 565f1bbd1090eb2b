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
}

#[derive(Debug, Clone, Default)]
struct Rows {
    start: Vec<u32>,
    target: Vec<u32>,
    weight: Vec<f64>,
}

impl Rows {
    #[inline]
    fn range(&self, node: PersonIx) -> std::ops::Range<usize> {
        self.start[node as usize] as usize..self.start[node as usize + 1] as usize
    }

    /// Counting sort by row, then sort each row by target and merge repeats.
    fn build(nodes: usize, edges: &[(u32, u32, f64)], cleanup: &mut Cleanup) -> Rows {
        let mut start = vec![0u32; nodes + 1];
        for &(row, col, _) in edges {
            if row != col {
                start[row as usize + 1] += 1;
            }
        }
        for i in 0..nodes {
            start[i + 1] += start[i];
        }
        let total = start[nodes] as usize;
        cleanup.self_ties += edges.len() - total;
        let mut fill = start.clone();
        let mut cells = vec![(0u32, 0.0f64); total];
        for &(row, col, weight) in edges {
            if row != col {
                cells[fill[row as usize] as usize] = (col, weight);
                fill[row as usize] += 1;
            }
        }
        let mut target = Vec::with_capacity(total);
        let mut weight = Vec::with_capacity(total);
        let mut merged_start = vec![0u32; nodes + 1];
        for row in 0..nodes {
            let cells = &mut cells[start[row] as usize..start[row + 1] as usize];
            if !cells.is_sorted_by_key(|c| c.0) {
                cells.sort_unstable_by_key(|c| c.0);
            }
            for &(col, w) in cells.iter() {
                if target.len() > merged_start[row] as usize && target.last() == Some(&col) {
                    *weight.last_mut().expect("a target was pushed") += w;
                    cleanup.duplicates += 1;
                } else {
                    target.push(col);
                    weight.push(w);
                }
            }
            merged_start[row + 1] = target.len() as u32;
        }
        Rows {
            start: merged_start,
            target,
            weight,
        }
    }
}

impl AdviceGraph {
    /// Builds the graph over `people` nodes, dropping self-ties and merging duplicates
    /// (weights summed). Every edge must name a node below `people`.
    pub fn build(people: usize, edges: &[Edge]) -> (Self, Cleanup) {
        let triples: Vec<(u32, u32, f64)> = edges
            .iter()
            .map(|e| (e.seeker, e.advisor, e.weight))
            .collect();
        Self::from_triples(people, &triples)
    }

    /// Like [`build`](Self::build), from `(seeker, advisor, weight)` triples.
    pub fn from_triples(people: usize, edges: &[(u32, u32, f64)]) -> (Self, Cleanup) {
        let mut cleanup = Cleanup::default();
        let out = Rows::build(people, edges, &mut cleanup);
        let mut reversed = Vec::with_capacity(out.target.len());
        for seeker in 0..people as PersonIx {
            for i in out.range(seeker) {
                reversed.push((out.target[i], seeker, out.weight[i]));
            }
        }
        let inn = Rows::build(people, &reversed, &mut Cleanup::default());
        (AdviceGraph { out, inn }, cleanup)
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
        &self.out.weight[self.out.range(seeker)]
    }

    /// The seekers who come to `advisor`, ascending.
    #[inline]
    pub fn seekers(&self, advisor: PersonIx) -> &[PersonIx] {
        &self.inn.target[self.inn.range(advisor)]
    }

    /// Weights matching [`seekers`](Self::seekers).
    #[inline]
    pub fn seeker_weights(&self, advisor: PersonIx) -> &[f64] {
        &self.inn.weight[self.inn.range(advisor)]
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

    /// Raw CSR arrays of the in-ties `(start, seekers, weights)`, for tight kernels.
    pub fn in_rows(&self) -> (&[u32], &[PersonIx], &[f64]) {
        (&self.inn.start, &self.inn.target, &self.inn.weight)
    }

    /// Raw CSR arrays of the out-ties `(start, advisers, weights)`, for tight kernels.
    pub fn out_rows(&self) -> (&[u32], &[PersonIx], &[f64]) {
        (&self.out.start, &self.out.target, &self.out.weight)
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
    fn petgraph_walkers_run_on_it() {
        let (graph, _) = AdviceGraph::from_triples(5, &[(0, 1, 1.0), (1, 2, 1.0), (3, 4, 1.0)]);
        let mut reached: Vec<u32> = Bfs::new(&graph, 0).iter(&graph).collect();
        reached.sort_unstable();
        assert_eq!(reached, vec![0, 1, 2]);
    }
}
