//! Everything roving computes for one team and scope, and the ranking built on it.

use std::cmp::Ordering;

use serde::Serialize;

use crate::model::{Org, PersonIx, Phase, Progress, Silent, in_phase};

use super::{
    Betweenness, NayarScore, PageRank, PageRankOptions, Roles, Scope, Sources, Thresholds,
    betweenness_with, in_degree, nayar, out_degree, pagerank, roles,
};

/// What to rank people by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Metric {
    /// Nayar count (people outside the hierarchy who come for advice).
    #[default]
    Nayar,
    /// Distinct seekers.
    InDegree,
    /// `PageRank`.
    Pagerank,
    /// Betweenness.
    Betweenness,
}

impl Metric {
    /// Every metric, in column order.
    pub const ALL: [Metric; 4] = [
        Metric::Nayar,
        Metric::InDegree,
        Metric::Pagerank,
        Metric::Betweenness,
    ];

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Metric::Nayar => "nayar",
            Metric::InDegree => "in-degree",
            Metric::Pagerank => "pagerank",
            Metric::Betweenness => "betweenness",
        }
    }
}

/// How to compute: betweenness sources, `PageRank` settings, role thresholds.
#[derive(Debug, Clone, Copy, Default)]
pub struct Settings {
    /// Exact or sampled betweenness.
    pub sources: Sources,
    /// `PageRank` iteration.
    pub pagerank: PageRankOptions,
    /// Role rules.
    pub thresholds: Thresholds,
}

/// Measures that do not depend on the scope.
#[derive(Debug, Clone)]
pub struct Centralities {
    /// Distinct seekers.
    pub in_degree: Vec<u32>,
    /// Distinct advisers.
    pub out_degree: Vec<u32>,
    /// `PageRank`.
    pub pagerank: PageRank,
    /// Betweenness.
    pub betweenness: Betweenness,
}

impl Centralities {
    /// Computes every scope-independent measure.
    pub fn compute(org: &Org, settings: &Settings) -> Self {
        Self::compute_with(org, settings, &Silent)
    }

    /// [`compute`](Self::compute), reporting each measure's [`Phase`] to `progress`.
    pub fn compute_with(org: &Org, settings: &Settings, progress: &dyn Progress) -> Self {
        let graph = org.advice();
        let (in_degree, out_degree) = in_phase(progress, Phase::Degree, 0, || {
            (in_degree(graph), out_degree(graph))
        });
        let pagerank = in_phase(progress, Phase::PageRank, 0, || {
            pagerank(graph, settings.pagerank)
        });
        let betweenness = match settings.sources.searches(graph.node_count()) {
            // Not computed: no phase to report.
            0 => betweenness_with(graph, Sources::Skip, &Silent),
            searches => in_phase(progress, Phase::Betweenness, searches as u64, || {
                betweenness_with(graph, settings.sources, progress)
            }),
        };
        Centralities {
            in_degree,
            out_degree,
            pagerank,
            betweenness,
        }
    }
}

/// The Nayar counts and roles of one scope.
#[derive(Debug, Clone)]
pub struct ScopeView {
    /// The scope.
    pub scope: Scope,
    /// Nayar figures per person.
    pub nayar: Vec<NayarScore>,
    /// Roles per person.
    pub roles: Vec<Roles>,
}

impl ScopeView {
    /// Computes the Nayar counts and roles for `scope`.
    pub fn compute(
        org: &Org,
        scope: Scope,
        centralities: &Centralities,
        settings: &Settings,
    ) -> Self {
        Self::compute_with(org, scope, centralities, settings, &Silent)
    }

    /// [`compute`](Self::compute), reporting [`Phase::Nayar`] and [`Phase::Roles`].
    pub fn compute_with(
        org: &Org,
        scope: Scope,
        centralities: &Centralities,
        settings: &Settings,
        progress: &dyn Progress,
    ) -> Self {
        let nayar = in_phase(progress, Phase::Nayar, 0, || nayar(org, scope));
        progress.start(Phase::Roles, 0);
        let roles = roles(
            org,
            &nayar,
            &centralities.betweenness.scores,
            settings.thresholds,
        );
        progress.finish(Phase::Roles);
        ScopeView {
            scope,
            nayar,
            roles,
        }
    }
}

/// A whole analysis: centralities plus one scope.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// Scope-independent measures.
    pub centralities: Centralities,
    /// The chosen scope's counts and roles.
    pub view: ScopeView,
}

impl Analysis {
    /// Computes everything for `scope`.
    pub fn compute(org: &Org, scope: Scope, settings: &Settings) -> Self {
        Self::compute_with(org, scope, settings, &Silent)
    }

    /// [`compute`](Self::compute), reporting each [`Phase`] to `progress`.
    pub fn compute_with(
        org: &Org,
        scope: Scope,
        settings: &Settings,
        progress: &dyn Progress,
    ) -> Self {
        let centralities = Centralities::compute_with(org, settings, progress);
        let view = ScopeView::compute_with(org, scope, &centralities, settings, progress);
        Analysis { centralities, view }
    }

    /// The value of `metric` for a person, as a float for sorting and display.
    pub fn value(&self, metric: Metric, person: PersonIx) -> f64 {
        value(&self.centralities, &self.view, metric, person)
    }

    /// Everybody ranked by `metric`, highest first; see [`ranking`].
    pub fn ranking(&self, org: &Org, metric: Metric) -> Vec<PersonIx> {
        ranking(org, &self.centralities, &self.view, metric)
    }
}

/// The value of `metric` for one person.
pub fn value(c: &Centralities, view: &ScopeView, metric: Metric, person: PersonIx) -> f64 {
    let i = person as usize;
    match metric {
        Metric::Nayar => f64::from(view.nayar[i].count),
        Metric::InDegree => f64::from(c.in_degree[i]),
        Metric::Pagerank => c.pagerank.scores[i],
        Metric::Betweenness => c.betweenness.scores[i],
    }
}

/// Everybody ranked by `metric`, highest first. Ties are broken deterministically: higher
/// `PageRank` first, then by id as [`compare_ids`] orders them.
///
/// Sort keys are computed once per person (the metric, `PageRank`, the id as a number when it
/// is one), so the sort compares plain numbers and parses no id.
pub fn ranking(org: &Org, c: &Centralities, view: &ScopeView, metric: Metric) -> Vec<PersonIx> {
    use rayon::prelude::*;
    let n = org.len();
    let pr = &c.pagerank.scores;
    let key = |p: usize| Key {
        value: value(c, view, metric, p as PersonIx),
        pagerank: pr[p],
        id: match org.id_ranks() {
            Some(ranks) => IdClass::Number(u64::from(ranks[p])),
            None => IdClass::of(&org.people()[p].id),
        },
        person: p as PersonIx,
    };
    let mut keys: Vec<Key> = if n > 10_000 {
        (0..n).into_par_iter().map(key).collect()
    } else {
        (0..n).map(key).collect()
    };
    let by = |a: &Key, b: &Key| {
        b.value
            .total_cmp(&a.value)
            .then_with(|| b.pagerank.total_cmp(&a.pagerank))
            .then_with(|| {
                id_order(
                    a.id,
                    &org.person(a.person).id,
                    b.id,
                    &org.person(b.person).id,
                )
            })
    };
    if n > 10_000 {
        keys.par_sort_unstable_by(by);
    } else {
        keys.sort_unstable_by(by);
    }
    keys.into_iter().map(|k| k.person).collect()
}

/// What [`ranking`] sorts by, computed once per person.
struct Key {
    value: f64,
    pagerank: f64,
    id: IdClass,
    person: PersonIx,
}

/// What kind of id an id is, for [`compare_ids`]; the variants sort in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum IdClass {
    /// A whole number (ASCII digits only) that fits in a `u64`, with its value.
    Number(u64),
    /// A whole number too large for a `u64`: larger than every [`IdClass::Number`].
    Huge,
    /// Anything else: a sign (`+5`, `-1`), a letter, a space, a decimal point, no digit.
    Text,
}

impl IdClass {
    fn of(id: &str) -> Self {
        if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
            return IdClass::Text;
        }
        // Digits alone fail to parse only when the value is too large.
        id.parse().map_or(IdClass::Huge, IdClass::Number)
    }
}

/// Orders ids: whole numbers (ASCII digits only, any length) first, by value (`9` before
/// `10`, `18446744073709551616` after both), then the others as text (`+5`, `-1`, `10-A`
/// before `9-B`); equal numbers (`007`, `7`) by their text. A total order, as a sort needs:
/// comparing numbers as numbers only when both are numbers is not one (`9 < 10`, `10 <
/// 10-A` and `10-A < 9` as text make a cycle).
pub fn compare_ids(a: &str, b: &str) -> Ordering {
    id_order(IdClass::of(a), a, IdClass::of(b), b)
}

/// Each person's place (from 0) among `people` sorted by id as [`ranking`] breaks ties.
pub fn id_ranks(people: &[crate::model::Person]) -> Vec<u32> {
    let classes: Vec<IdClass> = people.iter().map(|p| IdClass::of(&p.id)).collect();
    let mut order: Vec<usize> = (0..people.len()).collect();
    let by =
        |&a: &usize, &b: &usize| id_order(classes[a], &people[a].id, classes[b], &people[b].id);
    if people.len() > 10_000 {
        use rayon::prelude::*;
        order.par_sort_unstable_by(by);
    } else {
        order.sort_unstable_by(by);
    }
    let mut ranks = vec![0; people.len()];
    for (rank, p) in order.into_iter().enumerate() {
        ranks[p] = rank as u32;
    }
    ranks
}

/// [`compare_ids`] with the ids' classes already found.
fn id_order(x: IdClass, a: &str, y: IdClass, b: &str) -> Ordering {
    x.cmp(&y)
        .then_with(|| {
            if x != IdClass::Huge {
                return Ordering::Equal;
            }
            // By value: without leading zeros, the longer is larger, else the digits decide.
            let (a, b) = (a.trim_start_matches('0'), b.trim_start_matches('0'));
            a.len().cmp(&b.len()).then_with(|| a.cmp(b))
        })
        .then_with(|| a.cmp(b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Recorder;

    #[test]
    fn compute_reports_every_phase_and_one_advance_per_source() {
        let synthetic = crate::generate::generate(300, 1, "t");
        let org = crate::io::org_from_team(synthetic.to_team(), crate::io::Options::default())
            .unwrap()
            .org;
        let settings = Settings {
            sources: Sources::Sample { count: 40, seed: 3 },
            ..Settings::default()
        };
        let recorder = Recorder::default();
        let with = Analysis::compute_with(&org, Scope::Chain, &settings, &recorder);
        assert_eq!(
            recorder.started(),
            [
                Phase::Degree,
                Phase::PageRank,
                Phase::Betweenness,
                Phase::Nayar,
                Phase::Roles
            ]
        );
        assert!(recorder.balanced());
        assert_eq!(recorder.advanced(Phase::Betweenness), 40);
        // Reporting changes nothing.
        let without = Analysis::compute(&org, Scope::Chain, &settings);
        assert_eq!(
            with.centralities.betweenness,
            without.centralities.betweenness
        );
        assert_eq!(with.view.nayar, without.view.nayar);
        // Betweenness not computed is not reported as a phase that took no time.
        let skipped = Settings {
            sources: Sources::Skip,
            ..Settings::default()
        };
        let recorder = Recorder::default();
        Analysis::compute_with(&org, Scope::Chain, &skipped, &recorder);
        assert_eq!(
            recorder.started(),
            [Phase::Degree, Phase::PageRank, Phase::Nayar, Phase::Roles]
        );
        assert!(recorder.balanced());
    }

    #[test]
    fn ranking_orders_by_value_then_pagerank_then_numeric_id() {
        let org = crate::io::team_from_str(
            r#"Team(people: [Person(id: "10", name: "A"), Person(id: "9", name: "B"),
                Person(id: "x", name: "C")], advice: [])"#,
        )
        .unwrap();
        let analysis = Analysis::compute(&org, Scope::Chain, &Settings::default());
        // Everyone ties on every score: ids decide, numerically where both are numbers.
        assert_eq!(analysis.ranking(&org, Metric::Nayar), vec![1, 0, 2]);
    }

    /// Whole numbers are ids of ASCII digits alone, of any length, ordered by value: a sign
    /// makes an id text, and a number past `u64::MAX` is still a number. (`+5` sorted as 5
    /// and the 23-digit id after `-1`.)
    #[test]
    fn whole_numbers_are_digits_of_any_length() {
        let order = [
            "0",
            "00",
            "007",
            "7",
            "10",
            "18446744073709551615",
            "018446744073709551616",
            "18446744073709551616",
            "99999999999999999999999",
            "100000000000000000000000",
            " 7",
            "+5",
            "-0",
            "-1",
            "1.0",
            "1e3",
            "x",
            "٣",
        ];
        for (i, a) in order.iter().enumerate() {
            for (j, b) in order.iter().enumerate() {
                assert_eq!(compare_ids(a, b), i.cmp(&j), "{a:?} {b:?}");
            }
        }
        let people: Vec<String> = ["99999999999999999999999", "-1", "+5", "10"]
            .iter()
            .map(|id| format!(r#"Person(id: "{id}", name: "P")"#))
            .collect();
        let org =
            crate::io::team_from_str(&format!("Team(people: [{}])", people.join(", "))).unwrap();
        let analysis = Analysis::compute(&org, Scope::Chain, &Settings::default());
        let ranked: Vec<&str> = analysis
            .ranking(&org, Metric::Nayar)
            .iter()
            .map(|&p| org.person(p).id.as_str())
            .collect();
        assert_eq!(ranked, ["10", "99999999999999999999999", "+5", "-1"]);
        let ranks = id_ranks(org.people());
        assert_eq!(ranks, [1, 3, 2, 0]);
    }

    /// Numbers and ids such as `10-A` in one team: the sort needs a total order (comparing
    /// numbers as numbers only when both are numbers made a cycle, and the sort panicked).
    #[test]
    fn mixed_ids_sort_in_a_total_order() {
        let ids = ["9", "10", "10-A", "2-B", "007", "7", "x", "30-C", "1"];
        let people: Vec<String> = ids
            .iter()
            .map(|id| format!(r#"Person(id: "{id}", name: "P{id}")"#))
            .collect();
        let org = crate::io::team_from_str(&format!(
            "Team(people: [{}], advice: [])",
            people.join(", ")
        ))
        .unwrap();
        let analysis = Analysis::compute(&org, Scope::Chain, &Settings::default());
        let ranked: Vec<&str> = analysis
            .ranking(&org, Metric::Nayar)
            .iter()
            .map(|&p| org.person(p).id.as_str())
            .collect();
        assert_eq!(
            ranked,
            ["1", "007", "7", "9", "10", "10-A", "2-B", "30-C", "x"]
        );
        // Every triple is consistent.
        for a in ids {
            for b in ids {
                assert_eq!(compare_ids(a, b), compare_ids(b, a).reverse(), "{a} {b}");
                for c in ids {
                    if compare_ids(a, b).is_le() && compare_ids(b, c).is_le() {
                        assert!(compare_ids(a, c).is_le(), "{a} {b} {c}");
                    }
                }
            }
        }
    }
}
