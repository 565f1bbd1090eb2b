//! Betweenness centrality (Brandes 2001), exact or estimated from sampled sources.
//!
//! # How good a sampled estimate is
//!
//! With `k` sources drawn uniformly without replacement from the `n` people, the estimate of
//! a person `v` is the mean of `k` draws of `X = n·δ_s(v) / ((n-1)(n-2))`, where `δ_s(v)` is
//! the dependency of source `s` on `v` (Brandes & Pich 2007, "Centrality estimation in large
//! networks"). It is unbiased, and since `0 ≤ δ_s(v) ≤ n-2`, `X` lies in `[0, n/(n-1)]`, so
//! Hoeffding's inequality (which also holds when sampling without replacement, Hoeffding 1963,
//! §6) bounds the error of each person's normalized score `B(v)`:
//!
//! `P(|B̂(v) - B(v)| ≥ ε) ≤ 2·exp(-2k·ε² / (n/(n-1))²)`,
//!
//! that is, with probability at least `1 - p`, `|B̂(v) - B(v)| ≤ n/(n-1) · sqrt(ln(2/p) / 2k)`
//! ([`Betweenness::error_bound`]). For `k = 256` and `p = 0.05` that is ±0.085 on a scale
//! from 0 to 1: it separates the few people with large betweenness from the rest, but it says
//! nothing about the order of people whose scores are far below 0.085, which at a million
//! people is almost everybody. The bound holds for each person on its own; for all `n` at once
//! replace `p` by `p/n` (union bound): ±0.185 at a million people. It is a worst case: the
//! observed error is usually much smaller.

use rayon::prelude::*;

use crate::model::{AdviceGraph, PersonIx, Phase, Progress, Silent};

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
    /// Not computed: every score is 0 (for work that does not use betweenness, such as
    /// comparing Nayar ranks between waves; the broker role is then given to nobody).
    Skip,
}

impl Sources {
    /// The most work ([`Sources::work`]) for which betweenness is computed exactly when no
    /// sample size is given. Exact betweenness takes about people × ties steps: 2 billion is
    /// about 6 s on two cores (6.2 s for 16,900 people with 118,759 ties, 2.007 billion),
    /// while a million people with 7 million ties would take hours.
    pub const EXACT_WORK: u64 = 2_000_000_000;
    /// Sources sampled beyond [`Sources::EXACT_WORK`]: each estimated score is then within
    /// ±0.085 of the exact one with 95% probability (see [`Betweenness::error_bound`]).
    pub const DEFAULT_SAMPLES: usize = 256;

    /// The steps exact betweenness takes, about: people × ties.
    pub fn work(people: usize, ties: usize) -> u64 {
        (people as u64).saturating_mul(ties as u64)
    }

    /// How many searches (one per source person) these sources take in a team of
    /// `people`; each costs about people + ties steps.
    pub fn searches(self, people: usize) -> usize {
        match self {
            Sources::Sample { count, .. } => count.min(people),
            Sources::All => people,
            Sources::Skip => 0,
        }
    }

    /// The default for a team of `people` with `ties` advice ties: exact up to
    /// [`Sources::EXACT_WORK`], else [`Sources::DEFAULT_SAMPLES`] sources drawn with `seed`.
    pub fn default_for(people: usize, ties: usize, seed: u64) -> Self {
        if Self::work(people, ties) <= Self::EXACT_WORK {
            Sources::All
        } else {
            Sources::Sample {
                count: Self::DEFAULT_SAMPLES,
                seed,
            }
        }
    }
}

/// Betweenness scores and how they were obtained.
#[derive(Debug, Clone, PartialEq)]
pub struct Betweenness {
    /// One normalized score per person.
    pub scores: Vec<f64>,
    /// `Some(k)` when estimated from `k` sampled sources.
    pub sampled: Option<usize>,
}

impl Betweenness {
    /// For a sampled estimate, the `ε` such that each person's estimated normalized score is
    /// within `ε` of the exact one with probability at least `confidence` (Hoeffding's
    /// inequality; see the module docs). `None` for exact scores or a confidence outside
    /// `(0, 1)`.
    pub fn error_bound(&self, confidence: f64) -> Option<f64> {
        let k = self.sampled? as f64;
        if !(confidence > 0.0 && confidence < 1.0) {
            return None;
        }
        let n = self.scores.len() as f64;
        let range = if n > 1.0 { n / (n - 1.0) } else { 1.0 };
        Some(range * ((2.0 / (1.0 - confidence)).ln() / (2.0 * k)).sqrt())
    }
}

/// Directed, unweighted betweenness, normalized as networkx
/// `betweenness_centrality(G, k=None|k, normalized=True)`:
///
/// `b(v) = Σ_{s≠v≠t} σ_st(v) / σ_st`, divided by `(n-1)(n-2)`; with `k` sampled sources the
/// sum runs over those sources only and is scaled by `n / k`. Sources run in parallel
/// (rayon), each thread with its own buffers; the result does not depend on the thread count
/// beyond floating-point summation order.
pub fn betweenness(graph: &AdviceGraph, sources: Sources) -> Betweenness {
    betweenness_with(graph, sources, &Silent)
}

/// [`betweenness`], reporting each finished source as one unit of [`Phase::Betweenness`]
/// (the caller starts and finishes the phase).
pub fn betweenness_with(
    graph: &AdviceGraph,
    sources: Sources,
    progress: &dyn Progress,
) -> Betweenness {
    let n = graph.node_count();
    let (chosen, sampled) = match sources {
        Sources::Skip => {
            return Betweenness {
                scores: vec![0.0; n],
                sampled: None,
            };
        }
        Sources::Sample { count, seed } if count < n => (sample(n, count, seed), Some(count)),
        _ => ((0..n as PersonIx).collect(), None),
    };
    let mut scores = accumulate(graph, &chosen, progress);
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

/// Sums the dependencies of every source in `sources` with one workspace per thread. Thread
/// `t` of `T` takes sources `t, t + T, t + 2T, ...` and the partial sums are added in thread
/// order, so a run repeats bit for bit for a given thread count (work stealing would make
/// the summation order, and so the last bits, vary from run to run).
fn accumulate(graph: &AdviceGraph, sources: &[PersonIx], progress: &dyn Progress) -> Vec<f64> {
    let n = graph.node_count();
    let threads = rayon::current_num_threads().clamp(1, sources.len().max(1));
    let partials: Vec<Vec<f64>> = (0..threads)
        .into_par_iter()
        .map(|t| {
            let mut ws = Workspace::new(n);
            for &source in sources.iter().skip(t).step_by(threads) {
                ws.accumulate(graph, source);
                progress.advance(Phase::Betweenness, 1);
            }
            ws.centrality
        })
        .collect();
    let mut partials = partials.into_iter();
    let mut total = partials.next().unwrap_or_else(|| vec![0.0; n]);
    for part in partials {
        total.iter_mut().zip(part).for_each(|(x, y)| *x += y);
    }
    total
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

/// Buffers of one thread's searches. Only `visited` is cleared between sources: `value`
/// is written when a person is first reached, and `frontier` is emptied level by level.
struct Workspace {
    centrality: Vec<f64>,
    /// Path counts `sigma` in the forward pass; the backward pass overwrites each with the
    /// coefficient `(1 + delta) / sigma` once that person's dependency `delta` is known.
    value: Vec<f64>,
    /// People reached so far (one bit each: 128 KiB for a million people, so it stays in
    /// the core's cache while `value` does not).
    visited: Vec<u64>,
    /// People of one BFS level.
    frontier: Vec<u64>,
    /// People in BFS order; level `l` is `order[levels[l]..levels[l + 1]]`.
    order: Vec<PersonIx>,
    levels: Vec<usize>,
    /// Successors (ties into the next level) of the person at BFS position `i`:
    /// `successors[first[i]..first[i + 1]]`, recorded by the forward pass so the backward
    /// pass reads only these, with no tests.
    successors: Vec<PersonIx>,
    first: Vec<u32>,
}

#[inline]
fn bit(set: &[u64], i: usize) -> bool {
    set[i >> 6] & (1 << (i & 63)) != 0
}

#[inline]
fn set_bit(set: &mut [u64], i: usize) {
    set[i >> 6] |= 1 << (i & 63);
}

#[inline]
fn clear_bit(set: &mut [u64], i: usize) {
    set[i >> 6] &= !(1 << (i & 63));
}

/// Puts the level `order[from..]` in index order, so the next level reads the out-rows
/// front to back, and empties `frontier`. Large levels are read off the bit set in one
/// sweep; small ones are sorted.
fn sort_level(order: &mut Vec<PersonIx>, from: usize, frontier: &mut [u64]) {
    let size = order.len() - from;
    if size * 8 > frontier.len() {
        order.truncate(from);
        for (k, word) in frontier.iter_mut().enumerate() {
            let mut bits = *word;
            while bits != 0 {
                order.push((k * 64) as PersonIx + bits.trailing_zeros());
                bits &= bits - 1;
            }
            *word = 0;
        }
    } else {
        order[from..].sort_unstable();
        for &w in &order[from..] {
            clear_bit(frontier, w as usize);
        }
    }
}

impl Workspace {
    fn new(n: usize) -> Self {
        let words = n.div_ceil(64);
        Workspace {
            centrality: vec![0.0; n],
            value: vec![0.0; n],
            visited: vec![0; words],
            frontier: vec![0; words],
            order: Vec::with_capacity(n),
            levels: Vec::new(),
            successors: Vec::new(),
            first: Vec::with_capacity(n + 1),
        }
    }

    /// One Brandes source, level-synchronous.
    ///
    /// Forward: a BFS counting shortest paths `sigma`. A neighbour first reached from level
    /// `l` joins level `l + 1` (its bit goes into `frontier`); a neighbour already in
    /// `frontier` gets more paths; any other neighbour is skipped after two bit tests,
    /// without touching `value`.
    ///
    /// The forward pass records each person's successors (ties into the next level) in BFS
    /// order. Backward, deepest level first, each person pulls from those:
    /// `delta(v) = sigma(v) * sum over successors w of (1 + delta(w)) / sigma(w)`.
    fn accumulate(&mut self, graph: &AdviceGraph, source: PersonIx) {
        let (start, target, _) = graph.out_rows();
        let Workspace {
            centrality,
            value,
            visited,
            frontier,
            order,
            levels,
            successors,
            first,
        } = self;
        visited.fill(0);
        order.clear();
        levels.clear();
        successors.clear();
        first.clear();
        order.push(source);
        levels.extend([0, 1]);
        set_bit(visited, source as usize);
        value[source as usize] = 1.0;
        loop {
            let (lo, hi) = (levels[levels.len() - 2], levels[levels.len() - 1]);
            for i in lo..hi {
                first.push(successors.len() as u32);
                let v = order[i] as usize;
                let sigma_v = value[v];
                for &w in &target[start[v] as usize..start[v + 1] as usize] {
                    let w = w as usize;
                    if !bit(visited, w) {
                        set_bit(visited, w);
                        set_bit(frontier, w);
                        value[w] = sigma_v;
                        order.push(w as PersonIx);
                        successors.push(w as PersonIx);
                    } else if bit(frontier, w) {
                        value[w] += sigma_v;
                        successors.push(w as PersonIx);
                    }
                }
            }
            sort_level(order, hi, frontier);
            if order.len() == hi {
                break;
            }
            levels.push(order.len());
        }
        // The deepest level has no successors: delta = 0.
        let deepest = levels.len() - 2;
        for &w in &order[levels[deepest]..levels[deepest + 1]] {
            value[w as usize] = 1.0 / value[w as usize];
        }
        first.push(successors.len() as u32);
        // Level 0 is the source, no intermediate of its own paths: stop at level 1.
        for i in (levels[1]..levels[deepest]).rev() {
            let v = order[i] as usize;
            let pulled: f64 = successors[first[i] as usize..first[i + 1] as usize]
                .iter()
                .map(|&w| value[w as usize])
                .sum();
            let sigma_v = value[v];
            let delta = sigma_v * pulled;
            centrality[v] += delta;
            value[v] = (1.0 + delta) / sigma_v;
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

    /// Textbook Brandes (2001) over petgraph's own adjacency lists, with predecessor lists
    /// and a FIFO queue: the reference the level-synchronous kernel must equal.
    fn reference(n: usize, edges: &[(u32, u32)], sources: &[u32]) -> Vec<f64> {
        use petgraph::graph::{DiGraph, NodeIndex};
        use std::collections::VecDeque;
        let mut g = DiGraph::<(), ()>::with_capacity(n, edges.len());
        for _ in 0..n {
            g.add_node(());
        }
        let mut seen = std::collections::HashSet::new();
        for &(a, b) in edges {
            if a != b && seen.insert((a, b)) {
                g.add_edge(NodeIndex::new(a as usize), NodeIndex::new(b as usize), ());
            }
        }
        let mut c = vec![0.0; n];
        for &s in sources {
            let mut stack = Vec::new();
            let mut pred = vec![Vec::new(); n];
            let mut sigma = vec![0.0f64; n];
            let mut dist = vec![-1i64; n];
            sigma[s as usize] = 1.0;
            dist[s as usize] = 0;
            let mut queue = VecDeque::from([s as usize]);
            while let Some(v) = queue.pop_front() {
                stack.push(v);
                for w in g.neighbors(NodeIndex::new(v)) {
                    let w = w.index();
                    if dist[w] < 0 {
                        dist[w] = dist[v] + 1;
                        queue.push_back(w);
                    }
                    if dist[w] == dist[v] + 1 {
                        sigma[w] += sigma[v];
                        pred[w].push(v);
                    }
                }
            }
            let mut delta = vec![0.0; n];
            while let Some(w) = stack.pop() {
                for &v in &pred[w] {
                    delta[v] += sigma[v] / sigma[w] * (1.0 + delta[w]);
                }
                if w != s as usize {
                    c[w] += delta[w];
                }
            }
        }
        if n > 2 {
            let scale = n as f64 / sources.len() as f64 / ((n - 1) * (n - 2)) as f64;
            for x in &mut c {
                *x *= scale;
            }
        }
        c
    }

    fn graph(n: usize, edges: &[(u32, u32)]) -> AdviceGraph {
        let seekers: Vec<u32> = edges.iter().map(|e| e.0).collect();
        let advisors: Vec<u32> = edges.iter().map(|e| e.1).collect();
        AdviceGraph::from_columns(n, &seekers, &advisors, None).0
    }

    fn assert_close(a: &[f64], b: &[f64], tolerance: f64) {
        assert_eq!(a.len(), b.len());
        for (i, (x, y)) in a.iter().zip(b).enumerate() {
            assert!((x - y).abs() <= tolerance, "person {i}: {x} vs {y}");
        }
    }

    proptest::proptest! {
        #[test]
        fn exact_kernel_equals_textbook_brandes(
            n in 1usize..40,
            raw in proptest::collection::vec((0u32..40, 0u32..40), 0..200),
        ) {
            let edges: Vec<(u32, u32)> =
                raw.into_iter().map(|(a, b)| (a % n as u32, b % n as u32)).collect();
            let sources: Vec<u32> = (0..n as u32).collect();
            let ours = betweenness(&graph(n, &edges), Sources::All);
            proptest::prop_assert_eq!(ours.sampled, None);
            assert_close(&ours.scores, &reference(n, &edges, &sources), 1e-12);
        }
    }

    #[test]
    fn sampled_kernel_equals_textbook_brandes_over_the_same_sources() {
        let org = crate::generate::generate(300, 3, "t");
        let edges = org.ties;
        let estimate = betweenness(&graph(300, &edges), Sources::Sample { count: 17, seed: 5 });
        assert_eq!(estimate.sampled, Some(17), "says how many sources it used");
        let sources = sample(300, 17, 5);
        assert_close(&estimate.scores, &reference(300, &edges, &sources), 1e-12);
    }

    #[test]
    fn two_threads_equal_one() {
        let org = crate::generate::generate(1500, 11, "t");
        let g = graph(1500, &org.ties);
        let run = |threads: usize, sources: Sources| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| betweenness(&g, sources))
        };
        for sources in [Sources::All, Sources::Sample { count: 64, seed: 9 }] {
            let one = run(1, sources);
            let two = run(2, sources);
            assert_eq!(one.sampled, two.sampled);
            // Only the order of floating-point sums may differ between thread counts.
            assert_close(&one.scores, &two.scores, 1e-12);
            assert!(one.scores.iter().any(|&b| b > 0.0));
        }
    }

    #[test]
    fn deep_chains_and_isolated_people() {
        // A long path (one person per BFS level) plus people nobody reaches.
        let n = 3000;
        let mut edges: Vec<(u32, u32)> = (0..2000).map(|i| (i, i + 1)).collect();
        edges.push((2500, 2501));
        let sources: Vec<u32> = (0..n as u32).collect();
        let ours = betweenness(&graph(n, &edges), Sources::All);
        assert_close(&ours.scores, &reference(n, &edges, &sources), 1e-12);
    }

    #[test]
    fn sampled_estimates_state_their_error_bound() {
        let (g, _) =
            AdviceGraph::from_triples(1000, &(0..999).map(|i| (i, i + 1, 1.0)).collect::<Vec<_>>());
        let estimate = betweenness(
            &g,
            Sources::Sample {
                count: 256,
                seed: 1,
            },
        );
        assert_eq!(estimate.sampled, Some(256));
        // n/(n-1) * sqrt(ln(2/0.05) / 512) for n = 1000.
        let eps = estimate.error_bound(0.95).unwrap();
        assert!((eps - 1000.0 / 999.0 * (40f64.ln() / 512.0).sqrt()).abs() < 1e-12);
        assert!((eps - 0.0850).abs() < 1e-3, "{eps}");
        assert_eq!(betweenness(&g, Sources::All).error_bound(0.95), None);
        assert_eq!(estimate.error_bound(1.0), None);
    }

    #[test]
    fn skipped_betweenness_is_zero_and_not_an_estimate() {
        let (g, _) = AdviceGraph::from_triples(3, &[(0, 1, 1.0), (1, 2, 1.0)]);
        let skipped = betweenness(&g, Sources::Skip);
        assert_eq!(skipped.scores, vec![0.0; 3]);
        assert_eq!(skipped.sampled, None);
        assert_eq!(betweenness(&g, Sources::All).scores, vec![0.0, 0.5, 0.0]);
    }

    #[test]
    fn exact_up_to_two_billion_steps_then_sampled() {
        assert_eq!(Sources::default_for(12, 190, 7), Sources::All);
        assert_eq!(Sources::default_for(16_900, 118_343, 7), Sources::All);
        assert_eq!(Sources::default_for(40_000, 50_000, 7), Sources::All);
        let sampled = Sources::Sample {
            count: 256,
            seed: 7,
        };
        assert_eq!(Sources::default_for(16_900, 118_344, 7), sampled);
        assert_eq!(Sources::default_for(1_000_000, 7_000_245, 7), sampled);
    }
}
