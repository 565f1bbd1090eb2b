//! `PageRank` as networkx computes it, as a pull iteration over in-ties.

use rayon::prelude::*;

use crate::model::AdviceGraph;

/// Settings of the power iteration.
#[derive(Debug, Clone, Copy)]
pub struct PageRankOptions {
    /// Probability of following a tie (networkx `alpha`).
    pub damping: f64,
    /// Stop when the L1 change of one step is below `people * tolerance` (networkx `tol`).
    pub tolerance: f64,
    /// Give up after this many steps.
    pub max_iterations: usize,
}

impl Default for PageRankOptions {
    fn default() -> Self {
        // networkx stops when the L1 change is below n * tol, a bar that rises with n: at
        // 1M people tol=1e-10 (a 1e-4 change) still swapped neighbours in the top 100
        // against igraph's exact solve. 1e-13 orders the top 100 exactly as igraph and
        // networkit do, for about 2.5x the iterations (0.12 -> 0.28 s at 1M people).
        PageRankOptions {
            damping: 0.85,
            tolerance: 1e-13,
            max_iterations: 1000,
        }
    }
}

/// `PageRank` scores and how the iteration went.
#[derive(Debug, Clone, PartialEq)]
pub struct PageRank {
    /// One score per person, summing to 1.
    pub scores: Vec<f64>,
    /// Steps taken.
    pub iterations: usize,
    /// False when `max_iterations` ran out first.
    pub converged: bool,
}

/// Teams up to this size run on one thread: handing out tasks would cost more than the
/// sums (a 1,000-person team took 3.4 ms with a task per 1,024 people, 0.24 ms on one).
const ONE_THREAD_UP_TO: usize = 16 * 1024;

/// Weighted `PageRank` with networkx's formula (`nx.pagerank(G, alpha, weight="weight")`):
///
/// `x'[v] = α Σ_{u→v} x[u]·w(u,v)/W(u) + α·D/n + (1-α)/n`, where `W(u)` is `u`'s total
/// out-weight and `D` the score held by people with no out-ties (dangling, spread evenly).
/// Starts from `1/n`. Each step reads every in-tie once, parallel over people.
pub fn pagerank(graph: &AdviceGraph, options: PageRankOptions) -> PageRank {
    let n = graph.node_count();
    if n == 0 {
        return PageRank {
            scores: Vec::new(),
            iterations: 0,
            converged: true,
        };
    }
    let (out_start, _, out_weight) = graph.out_rows();
    let out_total: Vec<f64> = (0..n)
        .map(|u| {
            let range = out_start[u] as usize..out_start[u + 1] as usize;
            match out_weight {
                Some(w) => w[range].iter().sum(),
                None => range.len() as f64,
            }
        })
        .collect();
    let (in_start, in_source, in_weight) = graph.in_rows();
    // People per parallel task.
    let chunk = if n <= ONE_THREAD_UP_TO { n } else { 1024 };
    let alpha = options.damping;
    let teleport = (1.0 - alpha) / n as f64;
    let mut x = vec![1.0 / n as f64; n];
    let mut next = vec![0.0; n];
    let mut share = vec![0.0; n];
    for iteration in 1..=options.max_iterations {
        share
            .par_iter_mut()
            .with_min_len(chunk)
            .zip(&x)
            .zip(&out_total)
            .for_each(|((s, &xu), &w)| {
                *s = if w > 0.0 { xu / w } else { 0.0 };
            });
        let dangling: f64 = x
            .par_iter()
            .with_min_len(chunk)
            .zip(&out_total)
            .filter(|(_, w)| **w <= 0.0)
            .map(|(xu, _)| *xu)
            .sum();
        let base = alpha * dangling / n as f64 + teleport;
        next.par_iter_mut()
            .enumerate()
            .with_min_len(chunk)
            .for_each(|(v, out)| {
                let range = in_start[v] as usize..in_start[v + 1] as usize;
                // With every weight exactly 1 the products are the shares themselves: the
                // same sums without reading the weights.
                let pulled: f64 = match in_weight {
                    None => in_source[range].iter().map(|&u| share[u as usize]).sum(),
                    Some(in_weight) => in_source[range.clone()]
                        .iter()
                        .zip(&in_weight[range])
                        .map(|(&u, &w)| share[u as usize] * w)
                        .sum(),
                };
                *out = alpha * pulled + base;
            });
        let change: f64 = next
            .par_iter()
            .with_min_len(chunk)
            .zip(&x)
            .map(|(a, b)| (a - b).abs())
            .sum();
        std::mem::swap(&mut x, &mut next);
        if change < n as f64 * options.tolerance {
            return PageRank {
                scores: x,
                iterations: iteration,
                converged: true,
            };
        }
    }
    PageRank {
        scores: x,
        iterations: options.max_iterations,
        converged: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_and_single() {
        let empty = pagerank(&AdviceGraph::default(), PageRankOptions::default());
        assert!(empty.scores.is_empty() && empty.converged);
        let (one, _) = AdviceGraph::from_triples(1, &[]);
        assert_eq!(pagerank(&one, PageRankOptions::default()).scores, vec![1.0]);
    }

    #[test]
    fn two_cycle_is_uniform_and_dangling_is_spread() {
        let (cycle, _) = AdviceGraph::from_triples(2, &[(0, 1, 1.0), (1, 0, 1.0)]);
        let pr = pagerank(&cycle, PageRankOptions::default());
        assert!((pr.scores[0] - 0.5).abs() < 1e-12);
        // 0 -> 1, 1 dangling. Stationary: x1 = 0.85 x0 + 0.85 x1/2 + 0.075, x0 + x1 = 1.
        // networkx: nx.pagerank(nx.DiGraph([(0, 1)])) -> {0: 0.350877..., 1: 0.649122...}
        let (chain, _) = AdviceGraph::from_triples(2, &[(0, 1, 1.0)]);
        let pr = pagerank(&chain, PageRankOptions::default());
        assert!((pr.scores[0] - 20.0 / 57.0).abs() < 1e-9, "{:?}", pr.scores);
        assert!((pr.scores[1] - 37.0 / 57.0).abs() < 1e-9);
    }
}
