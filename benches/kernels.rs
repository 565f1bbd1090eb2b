//! Criterion benchmarks of each kernel on generated orgs of 1k, 10k and 100k people, and 1M
//! when `ROVING_BENCH_1M=1` (the 1M set takes several minutes, mostly betweenness).
//!
//! `cargo bench --bench kernels` runs them all; `cargo bench --bench kernels -- nayar` one
//! group. Each org is `roving generate --people N --seed 7`, written as the CSV pair into a
//! temporary folder and loaded through `load_csv_pair`, as `roving rank` does.
//!
//! Besides the kernels there are floors to compare them with: `floor/stream` reads the
//! in-tie array once (the least any O(ties) step can cost), `floor/pairs` reads both ends
//! of every tie from two flat arrays (seeker, advisor) as a tie list holds them,
//! `floor/rows` sums each person's row into one value per person (the least a per-person
//! step over the ties can cost), `floor/gather` reads one value per seeker (the least a
//! step that looks at each seeker can cost), and `csv/bare` reads the advice file with the
//! csv crate and nothing else. `ancestor_tests/laid-out`, `ancestor_tests/flat` and the two
//! `ancestor_tests/preorder` kernels time layouts roving does not use, to show what they
//! would give.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use roving::generate::{DEFAULT_NAME, generate};
use roving::io::{Options, load_csv_pair};
use roving::metrics::{
    PageRankOptions, Scope, Sources, betweenness, eligible, in_degree, nayar, pagerank,
};
use roving::model::{Org, Span};

/// One generated org on disk and in memory.
struct Fixture {
    people: usize,
    dir: tempfile::TempDir,
    org: Org,
}

impl Fixture {
    fn new(people: usize) -> Self {
        let dir = tempfile::tempdir().expect("a temporary folder");
        generate(people, 7, DEFAULT_NAME)
            .write_csv(dir.path())
            .expect("the CSV pair is written");
        let org = load_csv_pair(
            &people_csv(dir.path()),
            Some(&advice_csv(dir.path())),
            &[],
            Options::default(),
        )
        .expect("a generated org loads")
        .org;
        Fixture { people, dir, org }
    }

    fn ties(&self) -> u64 {
        self.org.advice().edge_count() as u64
    }
}

fn people_csv(dir: &Path) -> PathBuf {
    dir.join("people.csv")
}

fn advice_csv(dir: &Path) -> PathBuf {
    dir.join("advice.csv")
}

fn sizes() -> Vec<usize> {
    let mut sizes = vec![1_000, 10_000, 100_000];
    if std::env::var("ROVING_BENCH_1M").is_ok_and(|v| v == "1") {
        sizes.push(1_000_000);
    }
    sizes
}

/// Fewer, longer samples for the big orgs so a run stays within minutes.
fn tune(
    group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    people: usize,
) {
    if people >= 100_000 {
        group.sample_size(10);
        group.warm_up_time(Duration::from_secs(1));
    } else {
        group.sample_size(20);
    }
}

#[allow(clippy::needless_bitwise_bool)] // the laid-out kernel avoids branches on purpose
fn kernels(c: &mut Criterion) {
    for people in sizes() {
        let fx = Fixture::new(people);
        let org = &fx.org;
        let graph = org.advice();
        let ties = fx.ties();
        let id = || BenchmarkId::from_parameter(fx.people);

        let advice_bytes = std::fs::metadata(advice_csv(fx.dir.path())).map_or(0, |m| m.len());
        let people_bytes = std::fs::metadata(people_csv(fx.dir.path())).map_or(0, |m| m.len());
        let mut group = c.benchmark_group("csv/bare");
        tune(&mut group, people);
        group.throughput(Throughput::BytesDecimal(advice_bytes));
        group.bench_function(id(), |b| {
            b.iter(|| {
                let mut reader = csv::Reader::from_path(advice_csv(fx.dir.path())).expect("opens");
                let mut record = csv::ByteRecord::new();
                let mut rows = 0u64;
                while reader.read_byte_record(&mut record).expect("reads") {
                    rows += record.len() as u64;
                }
                rows
            });
        });
        group.finish();

        let mut group = c.benchmark_group("csv/load");
        tune(&mut group, people);
        group.throughput(Throughput::BytesDecimal(advice_bytes + people_bytes));
        group.bench_function(id(), |b| {
            b.iter(|| {
                load_csv_pair(
                    &people_csv(fx.dir.path()),
                    Some(&advice_csv(fx.dir.path())),
                    &[],
                    Options::default(),
                )
                .expect("loads")
            });
        });
        group.finish();

        let (in_start, in_source, _) = graph.in_rows();
        let mut group = c.benchmark_group("floor");
        tune(&mut group, people);
        group.throughput(Throughput::Elements(ties));
        group.bench_function(BenchmarkId::new("stream", people), |b| {
            b.iter(|| {
                black_box(in_source)
                    .iter()
                    .map(|&s| u64::from(s))
                    .sum::<u64>()
            });
        });
        // One value per person from their row: the least any per-person step costs.
        group.bench_function(BenchmarkId::new("rows", people), |b| {
            b.iter(|| {
                (0..people)
                    .map(|p| {
                        black_box(in_source)[in_start[p] as usize..in_start[p + 1] as usize]
                            .iter()
                            .fold(0u32, |sum, &s| sum.wrapping_add(s))
                    })
                    .collect::<Vec<u32>>()
            });
        });
        // Both ends of every tie from two flat arrays (seeker, advisor), as a tie list
        // stores them: the plain streaming pass over "the tie arrays".
        let advisor: Vec<u32> = (0..people)
            .flat_map(|p| (in_start[p]..in_start[p + 1]).map(move |_| p as u32))
            .collect();
        group.bench_function(BenchmarkId::new("pairs", people), |b| {
            b.iter(|| {
                black_box(in_source)
                    .iter()
                    .zip(black_box(&advisor))
                    .map(|(&s, &a)| u64::from(s ^ a))
                    .sum::<u64>()
            });
        });
        let value: Vec<u32> = (0..people as u32).collect();
        group.bench_function(BenchmarkId::new("gather", people), |b| {
            b.iter(|| {
                black_box(in_source)
                    .iter()
                    .map(|&s| u64::from(value[s as usize]))
                    .sum::<u64>()
            });
        });
        group.finish();

        let mut group = c.benchmark_group("degree");
        tune(&mut group, people);
        group.throughput(Throughput::Elements(ties));
        group.bench_function(id(), |b| b.iter(|| in_degree(black_box(graph))));
        group.finish();

        let mut group = c.benchmark_group("ancestor_tests");
        tune(&mut group, people);
        group.throughput(Throughput::Elements(ties));
        let places = org.chart().spans();
        // Each tie reads its seeker's span, as the Nayar kernel does.
        group.bench_function(BenchmarkId::new("gathered", people), |b| {
            b.iter(|| {
                let mut related = 0u64;
                for p in 0..people {
                    let me = places[p];
                    for &s in &in_source[in_start[p] as usize..in_start[p + 1] as usize] {
                        let them = places[s as usize];
                        // Bitwise, as in the Nayar kernel: no branch to mispredict.
                        let above = (them.enter < me.enter) & (me.enter < them.exit);
                        let below = (me.enter < them.enter) & (them.enter < me.exit);
                        related += u64::from(above | below);
                    }
                }
                related
            });
        });
        // What a tie-ordered copy of the seekers' intervals would give (8 more bytes per
        // tie, not used by roving): the arrays are streamed, eight ties at a time.
        let pad = |v: Vec<u32>| v.into_iter().chain([0; 8]).collect::<Vec<u32>>();
        let enter = pad(in_source
            .iter()
            .map(|&s| places[s as usize].enter)
            .collect());
        let exit = pad(in_source.iter().map(|&s| places[s as usize].exit).collect());
        group.bench_function(BenchmarkId::new("laid-out", people), |b| {
            b.iter(|| {
                let mut related = 0u64;
                for p in 0..people {
                    let me = places[p];
                    let (first, len) = (in_start[p] as usize, in_start[p + 1] - in_start[p]);
                    let mut k = 0u32;
                    while k < len {
                        let at = first + k as usize;
                        let e: &[u32; 8] = enter[at..at + 8].try_into().expect("padded");
                        let x: &[u32; 8] = exit[at..at + 8].try_into().expect("padded");
                        for j in 0..8u32 {
                            let (e, x) = (e[j as usize], x[j as usize]);
                            // Bitwise on purpose: no branches, so the eight lanes vectorise.
                            let above = (e < me.enter) & (me.enter < x);
                            let below = (me.enter < e) & (e < me.exit);
                            related += u64::from((k + j < len) & (above | below));
                        }
                        k += 8;
                    }
                }
                related
            });
        });
        // No gathers and no per-row loop: both ends' intervals copied in tie order (16 more
        // bytes per tie), one flat pass writing running sums of the flags, then each
        // person's count as the difference of two sums at their row's ends. Unlike the two
        // above it yields the per-person counts (a Nayar kernel needs them), so it also
        // writes 4 bytes per tie and one count per person.
        let seeker_span: Vec<Span> = in_source.iter().map(|&s| places[s as usize]).collect();
        let advisor_span: Vec<Span> = (0..people)
            .flat_map(|p| (in_start[p]..in_start[p + 1]).map(move |_| places[p]))
            .collect();
        let mut running = vec![0u32; in_source.len() + 1];
        group.bench_function(BenchmarkId::new("flat", people), |b| {
            b.iter(|| {
                let mut sum = 0u32;
                for ((them, me), slot) in
                    seeker_span.iter().zip(&advisor_span).zip(&mut running[1..])
                {
                    let above = (them.enter < me.enter) & (me.enter < them.exit);
                    let below = (me.enter < them.enter) & (them.enter < me.exit);
                    sum += u32::from(above | below);
                    *slot = sum;
                }
                in_start
                    .windows(2)
                    .map(|w| running[w[1] as usize] - running[w[0] as usize])
                    .collect::<Vec<u32>>()
            });
        });
        // People renumbered in org-chart preorder, ties sorted by adviser: a seeker is
        // below the adviser when `s - a < size[a]` and above when `a - s < size[s]`
        // (wrapping), where `size` is the subtree size by preorder position. Two 4-byte
        // lookups per tie and no row loop (not used by roving).
        let mut size = vec![0u32; people];
        for span in places {
            size[span.enter as usize] = span.exit - span.enter;
        }
        let mut by_adviser: Vec<(u32, u32)> = (0..people)
            .flat_map(|p| {
                in_source[in_start[p] as usize..in_start[p + 1] as usize]
                    .iter()
                    .map(move |&s| (places[p].enter, places[s as usize].enter))
            })
            .collect();
        by_adviser.sort_unstable();
        let (adv_pre, seek_pre): (Vec<u32>, Vec<u32>) = by_adviser.into_iter().unzip();
        let related = |s: u32, a: u32, size_s: u32, size_a: u32| {
            (s.wrapping_sub(a) < size_a) | (a.wrapping_sub(s) < size_s)
        };
        let want: u64 = (0..people)
            .flat_map(|p| {
                in_source[in_start[p] as usize..in_start[p + 1] as usize]
                    .iter()
                    .map(move |&s| (places[p], places[s as usize]))
            })
            .map(|(me, them)| u64::from(me.is_above(them) || them.is_above(me)))
            .sum();
        let preorder = || {
            black_box(&seek_pre)
                .iter()
                .zip(black_box(&adv_pre))
                .map(|(&s, &a)| u64::from(related(s, a, size[s as usize], size[a as usize])))
                .sum::<u64>()
        };
        assert_eq!(
            preorder(),
            want,
            "the preorder test finds the same related ties"
        );
        group.bench_function(BenchmarkId::new("preorder", people), |b| b.iter(preorder));
        // The same with both sizes copied in tie order beforehand (8 more bytes per tie):
        // what the test costs once no lookup is left in it.
        let size_s: Vec<u32> = seek_pre.iter().map(|&s| size[s as usize]).collect();
        let size_a: Vec<u32> = adv_pre.iter().map(|&a| size[a as usize]).collect();
        let preorder_laid_out = || {
            black_box(&seek_pre)
                .iter()
                .zip(black_box(&adv_pre))
                .zip(size_s.iter().zip(&size_a))
                .map(|((&s, &a), (&ss, &sa))| u64::from(related(s, a, ss, sa)))
                .sum::<u64>()
        };
        assert_eq!(preorder_laid_out(), want, "the laid-out test agrees");
        group.bench_function(BenchmarkId::new("preorder-laid-out", people), |b| {
            b.iter(preorder_laid_out);
        });
        group.finish();

        let mut group = c.benchmark_group("nayar");
        tune(&mut group, people);
        group.throughput(Throughput::Elements(ties));
        for scope in Scope::ALL {
            group.bench_function(BenchmarkId::new(scope.name(), people), |b| {
                b.iter(|| nayar(black_box(org), scope));
            });
        }
        group.bench_function(BenchmarkId::new("eligible-department", people), |b| {
            b.iter(|| eligible(black_box(org), Scope::Department));
        });
        group.finish();

        let mut group = c.benchmark_group("pagerank");
        tune(&mut group, people);
        group.throughput(Throughput::Elements(ties));
        group.bench_function(id(), |b| {
            b.iter(|| pagerank(black_box(graph), PageRankOptions::default()));
        });
        group.finish();

        let mut group = c.benchmark_group("betweenness");
        tune(&mut group, people);
        if people >= 100_000 {
            group.measurement_time(Duration::from_secs(20));
        }
        group.bench_function(BenchmarkId::new("sampled-256", people), |b| {
            b.iter(|| {
                betweenness(
                    black_box(graph),
                    Sources::Sample {
                        count: 256,
                        seed: 42,
                    },
                )
            });
        });
        if people <= 10_000 {
            group.bench_function(BenchmarkId::new("exact", people), |b| {
                b.iter(|| betweenness(black_box(graph), Sources::All));
            });
        }
        group.finish();
    }
}

criterion_group!(benches, kernels);
criterion_main!(benches);
