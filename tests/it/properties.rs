//! Properties over random teams (proptest): the fast O(people + ties) Nayar count (with its
//! weights and departments reached) equals a brute-force count that walks management
//! chains, scores follow a relabelling of people, normalised scores stay in range and a
//! ranking is a permutation of the team.

use std::collections::HashSet;

use proptest::prelude::*;
use roving::io::{Options, org_from_team};
use roving::metrics::{Centralities, Metric, Scope, ScopeView, Settings, eligible, nayar, ranking};
use roving::model::{Org, Person, Team, Tie};

/// A random team: person `i` may report to someone with a smaller index (so no cycles).
fn teams() -> impl Strategy<Value = Team> {
    (1usize..28).prop_flat_map(|n| {
        (
            proptest::collection::vec((any::<bool>(), any::<prop::sample::Index>(), 0u8..4), n),
            proptest::collection::vec((0..n, 0..n, 1u8..4), 0..n * 4),
        )
            .prop_map(move |(shape, ties)| {
                let people = shape
                    .iter()
                    .enumerate()
                    .map(|(i, (has_manager, manager, dept))| Person {
                        manager: (i > 0 && *has_manager)
                            .then(|| manager.index(i).to_string().into()),
                        department: (*dept > 0).then(|| format!("d{dept}").into()),
                        ..Person::new(i.to_string(), format!("P{i}"))
                    })
                    .collect();
                let advice = ties
                    .into_iter()
                    .map(|(s, a, w)| Tie {
                        weight: f64::from(w),
                        ..Tie::new(s.to_string(), a.to_string())
                    })
                    .collect();
                Team {
                    people,
                    advice,
                    ..Team::default()
                }
            })
    })
}

fn org(team: Team) -> Org {
    org_from_team(team, Options::default()).unwrap().org
}

/// Chain of managers by walking manager ids one step at a time.
fn chain(org: &Org, person: u32) -> HashSet<u32> {
    let mut above = HashSet::new();
    let mut current = org.person(person).manager.as_deref();
    while let Some(id) = current {
        let p = org.find(id).unwrap();
        above.insert(p);
        current = org.person(p).manager.as_deref();
    }
    above
}

fn brute_counts(org: &Org, scope: Scope, person: u32, candidate: u32) -> bool {
    if candidate == person
        || chain(org, person).contains(&candidate)
        || chain(org, candidate).contains(&person)
    {
        return false;
    }
    let (p, c) = (org.person(person), org.person(candidate));
    if scope != Scope::Chain && p.manager.is_some() && p.manager == c.manager {
        return false;
    }
    !(scope == Scope::Department && p.department.is_some() && p.department == c.department)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn nayar_equals_brute_force(team in teams()) {
        let org = org(team);
        for scope in Scope::ALL {
            let fast = nayar(&org, scope);
            let all = eligible(&org, scope);
            for p in 0..org.len() as u32 {
                let seekers = org.advice().seekers(p);
                let count = seekers.iter().filter(|&&s| brute_counts(&org, scope, p, s)).count();
                let counted = || seekers.iter().zip(org.advice().seeker_weights(p)).filter(|&(&s, _)| brute_counts(&org, scope, p, s));
                let weighted: f64 = counted().map(|(_, &w)| w).sum();
                let reached: HashSet<&str> = counted().filter_map(|(&s, _)| org.person(s).department.as_deref().filter(|d| !d.is_empty())).collect();
                prop_assert!((fast[p as usize].weighted - weighted).abs() < 1e-9, "weighted of {} in {:?}", p, scope);
                prop_assert_eq!(fast[p as usize].departments_reached as usize, reached.len(), "departments reached of {} in {:?}", p, scope);
                let eligible = (0..org.len() as u32).filter(|&q| brute_counts(&org, scope, p, q)).count();
                prop_assert_eq!(fast[p as usize].count as usize, count, "count of {} in {:?}", p, scope);
                prop_assert_eq!(all[p as usize] as usize, eligible, "eligible of {} in {:?}", p, scope);
                prop_assert!(fast[p as usize].share >= 0.0 && fast[p as usize].share <= 1.0);
            }
        }
        // Each scope only removes seekers.
        let (c, t, d) = (nayar(&org, Scope::Chain), nayar(&org, Scope::Team), nayar(&org, Scope::Department));
        for p in 0..org.len() {
            prop_assert!(c[p].count >= t[p].count && t[p].count >= d[p].count);
        }
    }

    #[test]
    fn scores_follow_a_relabelling(team in teams(), seed in any::<u64>()) {
        let mut shuffled = team.clone();
        let mut rng = fastrand::Rng::with_seed(seed);
        rng.shuffle(&mut shuffled.people);
        rng.shuffle(&mut shuffled.advice);
        let (a, b) = (org(team), org(shuffled));
        let settings = Settings::default();
        let (ca, cb) = (Centralities::compute(&a, &settings), Centralities::compute(&b, &settings));
        let (na, nb) = (nayar(&a, Scope::Department), nayar(&b, Scope::Department));
        for p in 0..a.len() as u32 {
            let q = b.find(&a.person(p).id).unwrap() as usize;
            let p = p as usize;
            prop_assert_eq!(na[p], nb[q]);
            prop_assert!((ca.pagerank.scores[p] - cb.pagerank.scores[q]).abs() < 1e-9);
            prop_assert!((ca.betweenness.scores[p] - cb.betweenness.scores[q]).abs() < 1e-9);
            prop_assert_eq!(ca.in_degree[p], cb.in_degree[q]);
        }
    }

    #[test]
    fn normalised_scores_stay_in_range_and_rankings_are_permutations(team in teams()) {
        let org = org(team);
        let settings = Settings::default();
        let c = Centralities::compute(&org, &settings);
        let total: f64 = c.pagerank.scores.iter().sum();
        prop_assert!((total - 1.0).abs() < 1e-9);
        prop_assert!(c.betweenness.scores.iter().all(|&b| (0.0..=1.0).contains(&b)));
        let view = ScopeView::compute(&org, Scope::Chain, &c, &settings);
        for metric in Metric::ALL {
            let mut order = ranking(&org, &c, &view, metric);
            order.sort_unstable();
            prop_assert_eq!(order, (0..org.len() as u32).collect::<Vec<_>>());
        }
    }
}
