//! Degree counts of the advice network.

use crate::model::{AdviceGraph, PersonIx};

/// Distinct seekers of each person (networkx `G.in_degree()`).
pub fn in_degree(graph: &AdviceGraph) -> Vec<u32> {
    (0..graph.node_count() as PersonIx)
        .map(|p| graph.seekers(p).len() as u32)
        .collect()
}

/// Distinct advisers each person goes to (networkx `G.out_degree()`).
pub fn out_degree(graph: &AdviceGraph) -> Vec<u32> {
    (0..graph.node_count() as PersonIx)
        .map(|p| graph.advisors(p).len() as u32)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn degrees_of_a_small_graph() {
        let (graph, _) = AdviceGraph::from_triples(3, &[(0, 1, 1.0), (2, 1, 5.0), (1, 0, 1.0)]);
        assert_eq!(in_degree(&graph), vec![1, 2, 0]);
        assert_eq!(out_degree(&graph), vec![1, 1, 1]);
    }
}
