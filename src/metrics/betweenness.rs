//! Betweenness centrality (Brandes 2001), exact or estimated from sampled sources.

use rayon::prelude::*;

use crate::model::{AdviceGraph, PersonIx};

/// Exact, or estimated from a sample of source people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sources {
    /// Every person is a source: exact values.
    #[default]
    All,
    /// `count` sources drawn without replacement with a fixed `seed`: an estimate.
    Sample {
        /// Number of sources.
        count: usize,
        /// Random seed, so runs repeat.
        seed: u64,
    },
}

/// Betweenness scores and how they were obtained.
#[derive(Debug, Clone, PartialEq)]
pub struct Betweenness {
    /// One normalized score per person.
    pub scores: Vec<f64>,
    /// `Some(k)` when estimated from `k` sampled sources.
    pub sampled: Option<usize>,
}

/// Directed, unweighted betweenness, normalized as networkx
/// `betweenness_centrality(G, k=None|k, normalized=True)`:
///
/// `b(v) = Σ_{s≠v≠t} σ_st(v) / σ_st`, divided by `(n-1)(n-2)`; with `k` sampled sources the
/// sum runs over those sources only and is scaled by `n / k`. Sources run in parallel
/// (rayon), each thread with its own buffers; the result does not depend on the thread count
/// beyond floating-point summation order.
pub fn betweenness(graph: &AdviceGraph, sources: Sources) -> Betweenness {
    let n = graph.node_count();
    let (chosen, sampled) = match sources {
        Sources::Sample { count, seed } if count < n => (sample(n, count, seed), Some(count)),
        _ => ((0..n as PersonIx).collect(), None),
    };
    let mut scores = chosen
        .par_iter()
        .fold(
            || Workspace::new(n),
            |mut ws, &s| {
                ws.accumulate(graph, s);
                ws
            },
        )
        .map(|ws| ws.centrality)
        .reduce(
            || vec![0.0; n],
            |mut a, b| {
                a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
                a
            },
        );
    if n > 2 {
        let mut scale = 1.0 / ((n - 1) * (n - 2)) as f64;
        if let Some(k) = sampled {
            scale *= n as f64 / k as f64;
        }
        for b in &mut scores {
            *b *= scale;
        }
    } else {
        scores.fill(0.0);
    }
    Betweenness { scores, sampled }
}

/// `count` distinct people from `0..n`, deterministic for a seed (partial Fisher-Yates).
fn sample(n: usize, count: usize, seed: u64) -> Vec<PersonIx> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut all: Vec<PersonIx> = (0..n as PersonIx).collect();
    for i in 0..count {
        let j = rng.usize(i..n);
        all.swap(i, j);
    }
    all.truncate(count);
    all
}

struct Workspace {
    centrality: Vec<f64>,
    sigma: Vec<f64>,
    dist: Vec<i32>,
    delta: Vec<f64>,
    order: Vec<PersonIx>,
}

impl Workspace {
    fn new(n: usize) -> Self {
        Workspace {
            centrality: vec![0.0; n],
            sigma: vec![0.0; n],
            dist: vec![-1; n],
            delta: vec![0.0; n],
            order: Vec::new(),
        }
    }

    /// One Brandes source: BFS counting shortest paths, then dependencies in reverse BFS
    /// order. Predecessors are found again from the in-ties (`dist[v] == dist[w] - 1`), so
    /// no predecessor lists are stored.
    fn accumulate(&mut self, graph: &AdviceGraph, source: PersonIx) {
        self.order.clear();
        self.sigma[source as usize] = 1.0;
        self.dist[source as usize] = 0;
        self.order.push(source);
        let mut head = 0;
        while head < self.order.len() {
            let v = self.order[head];
            head += 1;
            let dv = self.dist[v as usize];
            let sv = self.sigma[v as usize];
            for &w in graph.advisors(v) {
                let w = w as usize;
                if self.dist[w] < 0 {
                    self.dist[w] = dv + 1;
                    self.order.push(w as PersonIx);
                }
                if self.dist[w] == dv + 1 {
                    self.sigma[w] += sv;
                }
            }
        }
        for &w in self.order.iter().rev() {
            let w = w as usize;
            let coefficient = (1.0 + self.delta[w]) / self.sigma[w];
            let dw = self.dist[w];
            for &v in graph.seekers(w as PersonIx) {
                let v = v as usize;
                if self.dist[v] == dw - 1 {
                    self.delta[v] += self.sigma[v] * coefficient;
                }
            }
            if w != source as usize {
                self.centrality[w] += self.delta[w];
            }
        }
        for &w in &self.order {
            let w = w as usize;
            self.sigma[w] = 0.0;
            self.dist[w] = -1;
            self.delta[w] = 0.0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directed_path_middle_carries_everything() {
        // networkx: nx.betweenness_centrality(nx.DiGraph([(0,1),(1,2)])) -> {0: 0, 1: 0.5, 2: 0}
        let (path, _) = AdviceGraph::from_triples(3, &[(0, 1, 1.0), (1, 2, 1.0)]);
        assert_eq!(betweenness(&path, Sources::All).scores, vec![0.0, 0.5, 0.0]);
    }

    #[test]
    fn two_shortest_paths_split_the_credit() {
        // 0 -> {1, 2} -> 3: each middle person lies on one of two shortest 0-3 paths.
        // networkx: {0: 0, 1: 1/12, 2: 1/12, 3: 0} (0.5 / (3 * 2))
        let (diamond, _) =
            AdviceGraph::from_triples(4, &[(0, 1, 1.0), (0, 2, 1.0), (1, 3, 1.0), (2, 3, 1.0)]);
        let b = betweenness(&diamond, Sources::All).scores;
        assert!((b[1] - 1.0 / 12.0).abs() < 1e-12 && (b[2] - 1.0 / 12.0).abs() < 1e-12);
        assert_eq!((b[0], b[3]), (0.0, 0.0));
    }

    #[test]
    fn sampling_every_source_equals_exact() {
        let (g, _) =
            AdviceGraph::from_triples(4, &[(0, 1, 1.0), (1, 2, 1.0), (2, 3, 1.0), (3, 1, 1.0)]);
        let exact = betweenness(&g, Sources::All);
        let all = betweenness(&g, Sources::Sample { count: 4, seed: 1 });
        assert_eq!(all.sampled, None);
        assert_eq!(exact.scores, all.scores);
        let some = betweenness(&g, Sources::Sample { count: 2, seed: 1 });
        assert_eq!(some.sampled, Some(2));
    }
}
