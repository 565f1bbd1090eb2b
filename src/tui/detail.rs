//! What the Person and Graph views show about one person, gathered once when the person,
//! the scope or the graph settings change (never while drawing).

use std::collections::{BTreeMap, HashSet};
use std::f64::consts::{PI, TAU};

use crate::metrics::{Centralities, Exclusion, Scope, ScopeView, exclusion, provenance};
use crate::model::{NONE, Org, PersonIx};
use crate::privacy::department_label;

/// Counted seekers from one department.
#[derive(Debug, Clone, PartialEq)]
pub struct DepartmentGroup {
    /// Department name as `explain` shows it ([`department_label`]): `(none)` for
    /// seekers without one.
    pub name: String,
    /// True for the person's own department.
    pub own: bool,
    /// Seekers and their tie weights (at most [`LIST_LIMIT`]).
    pub seekers: Vec<(PersonIx, f64)>,
    /// Seekers in the group, including those not listed.
    pub total: usize,
}

/// Most people listed in one list of the Person view; the rest are counted.
pub const LIST_LIMIT: usize = 200;

/// A list cut to [`LIST_LIMIT`], with the full length.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct People {
    /// The first people.
    pub shown: Vec<PersonIx>,
    /// How many in all.
    pub total: usize,
}

impl People {
    fn new(all: &[PersonIx]) -> People {
        People {
            shown: all.iter().take(LIST_LIMIT).copied().collect(),
            total: all.len(),
        }
    }
}

/// Everything the Person view shows about one person in one scope.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonDetail {
    /// The person.
    pub person: PersonIx,
    /// The scope the counts are for.
    pub scope: Scope,
    /// Management chain, direct manager first.
    pub chain: Vec<PersonIx>,
    /// Direct reports.
    pub reports: People,
    /// Counted seekers, grouped by department, biggest group first.
    pub counted: Vec<DepartmentGroup>,
    /// Seekers who do not count, grouped by reason.
    pub excluded: Vec<(Exclusion, People)>,
    /// The people this person goes to for advice.
    pub advisers: People,
    /// Share of the team with a lower Nayar count, in percent.
    pub percentile: f64,
    /// Others with the same Nayar count.
    pub tied: usize,
    /// Every person named on the page, in the order shown; the cursor moves over these.
    pub links: Vec<PersonIx>,
}

impl PersonDetail {
    /// Gathers the page of `person` in `view`'s scope.
    pub fn new(org: &Org, view: &ScopeView, person: PersonIx) -> PersonDetail {
        let chart = org.chart();
        let chain = chart.chain(person);
        let reports = People::new(chart.reports(person));
        let why = provenance(org, view.scope, person);
        let own = org.department_ids()[person as usize];
        let mut groups: BTreeMap<u32, Vec<(PersonIx, f64)>> = BTreeMap::new();
        for &(seeker, weight) in &why.counted {
            groups
                .entry(org.department_ids()[seeker as usize])
                .or_default()
                .push((seeker, weight));
        }
        let mut counted: Vec<DepartmentGroup> = groups
            .into_iter()
            .map(|(d, seekers)| DepartmentGroup {
                name: department_label(
                    (d != NONE).then(|| org.department_names()[d as usize].as_str()),
                )
                .into_owned(),
                own: d != NONE && d == own,
                total: seekers.len(),
                seekers: seekers.into_iter().take(LIST_LIMIT).collect(),
            })
            .collect();
        counted.sort_by(|a, b| b.total.cmp(&a.total).then_with(|| a.name.cmp(&b.name)));
        let mut reasons: BTreeMap<Exclusion, Vec<PersonIx>> = BTreeMap::new();
        for &(seeker, reason) in &why.excluded {
            reasons.entry(reason).or_default().push(seeker);
        }
        let excluded: Vec<(Exclusion, People)> = reasons
            .into_iter()
            .map(|(reason, people)| (reason, People::new(&people)))
            .collect();
        let advisers = People::new(org.advice().advisors(person));
        let count = view.nayar[person as usize].count;
        let lower = view.nayar.iter().filter(|s| s.count < count).count();
        let tied = view.nayar.iter().filter(|s| s.count == count).count() - 1;
        let percentile = if org.is_empty() {
            0.0
        } else {
            100.0 * lower as f64 / org.len() as f64
        };
        let mut links = chain.clone();
        links.extend(&reports.shown);
        for group in &counted {
            links.extend(group.seekers.iter().map(|s| s.0));
        }
        for (_, people) in &excluded {
            links.extend(&people.shown);
        }
        links.extend(&advisers.shown);
        PersonDetail {
            person,
            scope: view.scope,
            chain,
            reports,
            counted,
            excluded,
            advisers,
            percentile,
            tied,
            links,
        }
    }
}

/// How a node relates to the person in the middle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Side {
    /// The person.
    Center,
    /// Goes to the person for advice.
    Seeker,
    /// The person goes to them.
    Adviser,
    /// Both.
    Mutual,
    /// Two steps away, or anybody in the whole-network view.
    Other,
}

/// A person drawn on the canvas.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Node {
    /// Who.
    pub person: PersonIx,
    /// Canvas position, in a [-1, 1] square scaled by the view.
    pub x: f64,
    /// Canvas position.
    pub y: f64,
    /// Relation to the person in the middle.
    pub side: Side,
}

/// A tie drawn on the canvas.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tie {
    /// Node index of the seeker.
    pub seeker: usize,
    /// Node index of the adviser.
    pub adviser: usize,
    /// True when the seeker is outside the adviser's reporting hierarchy in the scope (the
    /// tie counts toward the adviser's Nayar count).
    pub outside: bool,
}

/// The network the Graph view draws, laid out deterministically.
#[derive(Debug, Clone, PartialEq)]
pub struct EgoGraph {
    /// The person in the middle (or the focus of the whole network).
    pub center: PersonIx,
    /// Scope the tie kinds are for.
    pub scope: Scope,
    /// Steps around the center (1 or 2); 0 for the whole network.
    pub steps: u8,
    /// Drawn people.
    pub nodes: Vec<Node>,
    /// Drawn ties.
    pub ties: Vec<Tie>,
    /// People left out to keep the picture readable.
    pub hidden: usize,
}

/// Most people drawn on the first ring.
const RING1_LIMIT: usize = 24;
/// Most people drawn on the second ring.
const RING2_LIMIT: usize = 24;

impl EgoGraph {
    /// The ego network of `center`: seekers on the left, advisers on the right, people who
    /// do both above and below; with two steps, their seekers and advisers on an outer ring.
    /// When a ring holds too many people, the highest `PageRank` are kept.
    pub fn ego(
        org: &Org,
        centralities: &Centralities,
        scope: Scope,
        center: PersonIx,
        steps: u8,
    ) -> EgoGraph {
        let graph = org.advice();
        let pr = &centralities.pagerank.scores;
        let by_rank = |people: &mut Vec<PersonIx>| {
            people.sort_by(|&a, &b| pr[b as usize].total_cmp(&pr[a as usize]).then(a.cmp(&b)));
        };
        let seekers = graph.seekers(center);
        let advisers = graph.advisors(center);
        let mut ring: Vec<(PersonIx, Side)> = Vec::new();
        for &s in seekers {
            let side = if graph.asks(center, s) {
                Side::Mutual
            } else {
                Side::Seeker
            };
            ring.push((s, side));
        }
        for &a in advisers {
            if !graph.asks(a, center) {
                ring.push((a, Side::Adviser));
            }
        }
        let mut hidden = 0;
        if ring.len() > RING1_LIMIT {
            ring.sort_by(|a, b| {
                pr[b.0 as usize]
                    .total_cmp(&pr[a.0 as usize])
                    .then(a.0.cmp(&b.0))
            });
            hidden += ring.len() - RING1_LIMIT;
            ring.truncate(RING1_LIMIT);
        }
        // Around the circle, counter-clockwise from the right: advisers, half of the mutual
        // ties (top), seekers (left), the other half (bottom).
        let group = |side: Side| -> Vec<PersonIx> {
            let mut people: Vec<PersonIx> =
                ring.iter().filter(|r| r.1 == side).map(|r| r.0).collect();
            people.sort_by_key(|&p| (org.department_ids()[p as usize], p));
            people
        };
        let (adv, mutual, seek) = (
            group(Side::Adviser),
            group(Side::Mutual),
            group(Side::Seeker),
        );
        let half = mutual.len().div_ceil(2);
        let mut nodes = vec![Node {
            person: center,
            x: 0.0,
            y: 0.0,
            side: Side::Center,
        }];
        let radius1 = if steps >= 2 { 0.55 } else { 1.0 };
        // Each group keeps to its side, as the caption says: advisers around the right,
        // mutual ties around the top and the bottom, seekers around the left. A group takes
        // its share of the circle, at most its sector, so that a crowd of seekers does not
        // spill over the top and bottom.
        let step = TAU / (adv.len() + mutual.len() + seek.len()).max(1) as f64;
        let sides = if mutual.is_empty() { 0.47 } else { 0.33 } * TAU;
        let ends = TAU / 6.0;
        let groups = [
            (&adv[..], 0.0, sides, Side::Adviser),
            (&mutual[..half], TAU / 4.0, ends, Side::Mutual),
            (&seek[..], TAU / 2.0, sides, Side::Seeker),
            (&mutual[half..], 3.0 * TAU / 4.0, ends, Side::Mutual),
        ];
        for (people, middle, widest, side) in groups {
            let span = (people.len() as f64 * step).min(widest);
            for (i, &person) in people.iter().enumerate() {
                let angle = middle - span / 2.0 + span * (i as f64 + 0.5) / people.len() as f64;
                nodes.push(Node {
                    person,
                    x: radius1 * angle.cos(),
                    y: radius1 * angle.sin(),
                    side,
                });
            }
        }
        if steps >= 2 {
            // Second ring: people tied to the first ring, placed near their first neighbour.
            let mut seen: Vec<PersonIx> = nodes.iter().map(|n| n.person).collect();
            seen.sort_unstable();
            let mut outer: Vec<(PersonIx, f64)> = Vec::new();
            let mut outer_ids: HashSet<PersonIx> = HashSet::new();
            for node in &nodes[1..] {
                let angle = node.y.atan2(node.x);
                for &q in graph
                    .seekers(node.person)
                    .iter()
                    .chain(graph.advisors(node.person))
                {
                    if seen.binary_search(&q).is_err() && outer_ids.insert(q) {
                        outer.push((q, angle));
                    }
                }
            }
            if outer.len() > RING2_LIMIT {
                let mut keep: Vec<PersonIx> = outer.iter().map(|o| o.0).collect();
                by_rank(&mut keep);
                keep.truncate(RING2_LIMIT);
                let keep: HashSet<PersonIx> = keep.into_iter().collect();
                hidden += outer.len() - RING2_LIMIT;
                outer.retain(|o| keep.contains(&o.0));
            }
            outer.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
            let step = TAU / outer.len().max(1) as f64;
            let first = outer.first().map_or(0.0, |o| o.1);
            for (i, &(person, _)) in outer.iter().enumerate() {
                let angle = first + step * i as f64;
                nodes.push(Node {
                    person,
                    x: angle.cos(),
                    y: angle.sin(),
                    side: Side::Other,
                });
            }
        }
        let ties = ego_ties(org, scope, &nodes, steps);
        EgoGraph {
            center,
            scope,
            steps,
            nodes,
            ties,
            hidden,
        }
    }

    /// Everybody on one circle in org-chart order (so reporting lines sit together), every
    /// tie drawn. Meant for teams up to [`WHOLE_NETWORK_LIMIT`](super::app::WHOLE_NETWORK_LIMIT).
    pub fn whole(org: &Org, scope: Scope, center: PersonIx) -> EgoGraph {
        let preorder = org.chart().preorder();
        let n = preorder.len().max(1) as f64;
        let nodes: Vec<Node> = preorder
            .iter()
            .enumerate()
            .map(|(i, &person)| {
                let angle = PI / 2.0 - TAU * i as f64 / n;
                Node {
                    person,
                    x: angle.cos(),
                    y: angle.sin(),
                    side: if person == center {
                        Side::Center
                    } else {
                        Side::Other
                    },
                }
            })
            .collect();
        let mut slot = vec![0usize; org.len()];
        for (i, node) in nodes.iter().enumerate() {
            slot[node.person as usize] = i;
        }
        let ties = org
            .advice()
            .edges()
            .map(|e| Tie {
                seeker: slot[e.seeker as usize],
                adviser: slot[e.advisor as usize],
                outside: exclusion(org, scope, e.advisor, e.seeker).is_none(),
            })
            .collect();
        EgoGraph {
            center,
            scope,
            steps: 0,
            nodes,
            ties,
            hidden: 0,
        }
    }
}

/// Ties between drawn nodes: with one step, those touching the center; with two, also
/// those between the rings.
fn ego_ties(org: &Org, scope: Scope, nodes: &[Node], steps: u8) -> Vec<Tie> {
    let graph = org.advice();
    let mut index: Vec<(PersonIx, usize)> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.person, i))
        .collect();
    index.sort_unstable();
    let find = |p: PersonIx| {
        index
            .binary_search_by_key(&p, |e| e.0)
            .ok()
            .map(|i| index[i].1)
    };
    let mut ties = Vec::new();
    for (i, node) in nodes.iter().enumerate() {
        for &a in graph.advisors(node.person) {
            let Some(j) = find(a) else { continue };
            let wanted = i == 0
                || j == 0
                || (steps >= 2 && (nodes[i].side == Side::Other) != (nodes[j].side == Side::Other));
            if wanted {
                ties.push(Tie {
                    seeker: i,
                    adviser: j,
                    outside: exclusion(org, scope, a, node.person).is_none(),
                });
            }
        }
    }
    ties
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::{Centralities, Settings};

    /// Counted seekers without a department are `(none)`, as `explain` and `rank
    /// --by-department` call them; a department named `(none)` or `(no department)` (the
    /// old label, which read as the people without one) is its own group.
    #[test]
    fn seekers_without_a_department_are_labelled_as_explain_does() {
        let org = crate::io::team_from_str(
            r#"Team(people: [Person(id: "c", name: "C"),
                Person(id: "a", name: "A", department: "(none)"),
                Person(id: "b", name: "B", department: "(no department)"),
                Person(id: "d", name: "D"), Person(id: "e", name: "E")],
                advice: [Tie(seeker: "a", advisor: "c"), Tie(seeker: "b", advisor: "c"),
                Tie(seeker: "d", advisor: "c"), Tie(seeker: "e", advisor: "c")])"#,
        )
        .unwrap();
        let analysis = crate::metrics::Analysis::compute(&org, Scope::Chain, &Settings::default());
        let detail = PersonDetail::new(&org, &analysis.view, 0);
        let groups: Vec<(&str, usize)> = detail
            .counted
            .iter()
            .map(|g| (g.name.as_str(), g.total))
            .collect();
        assert_eq!(
            groups,
            [("(none)", 2), ("'(none)'", 1), ("(no department)", 1)]
        );
    }

    #[test]
    fn each_group_keeps_to_its_side() {
        let team = crate::generate::generate(600, 9, "Sides").to_team();
        let org = crate::io::org_from_team(team, crate::io::Options::default())
            .unwrap()
            .org;
        let centralities = Centralities::compute(&org, &Settings::default());
        let mut seen = [0usize; 3];
        for center in 0..org.len() as PersonIx {
            for steps in 1..=2 {
                let ego = EgoGraph::ego(&org, &centralities, Scope::Chain, center, steps);
                for node in &ego.nodes {
                    let (x, y) = (node.x, node.y);
                    let ok = match node.side {
                        Side::Seeker => x < 0.0,
                        Side::Adviser => x > 0.0,
                        // Within 30 degrees of straight up or down.
                        Side::Mutual => x.abs() <= y.abs() * 0.58,
                        Side::Center | Side::Other => true,
                    };
                    assert!(ok, "{:?} of {center} at ({x:.2}, {y:.2})", node.side);
                    match node.side {
                        Side::Seeker => seen[0] += 1,
                        Side::Adviser => seen[1] += 1,
                        Side::Mutual => seen[2] += 1,
                        _ => {}
                    }
                }
            }
        }
        assert!(seen.iter().all(|&n| n > 100), "{seen:?}");
    }
}
