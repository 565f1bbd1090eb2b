//! Vineet Nayar's leadership count: distinct people outside a person's reporting hierarchy
//! who come to them for advice.

use rayon::prelude::*;
use serde::Serialize;

use crate::model::{NONE, Org, PersonIx, Span};

/// Which seekers are "outside the reporting hierarchy".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    /// Not above the person in their management chain, not in their reporting subtree.
    #[default]
    Chain,
    /// As `chain`, and not a peer under the same direct manager.
    Team,
    /// As `team`, and not in the same department.
    Department,
}

impl Scope {
    /// Every scope, narrowest exclusion first.
    pub const ALL: [Scope; 3] = [Scope::Chain, Scope::Team, Scope::Department];

    /// The name used on the command line and in output.
    pub fn name(self) -> &'static str {
        match self {
            Scope::Chain => "chain",
            Scope::Team => "team",
            Scope::Department => "department",
        }
    }
}

/// Why a seeker does not count for a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Exclusion {
    /// The seeker is above the person (their manager, their manager's manager, ...).
    InManagementChain,
    /// The seeker reports to the person, directly or not.
    InOwnSubtree,
    /// The seeker has the same direct manager (scope `team` and `department`).
    SameManager,
    /// The seeker is in the same department (scope `department`).
    SameDepartment,
}

impl Exclusion {
    /// Plain words for reports.
    pub fn describe(self) -> &'static str {
        match self {
            Exclusion::InManagementChain => "in management chain",
            Exclusion::InOwnSubtree => "in own subtree",
            Exclusion::SameManager => "same manager",
            Exclusion::SameDepartment => "same department",
        }
    }
}

/// One person's Nayar figures.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct NayarScore {
    /// Distinct counted seekers.
    pub count: u32,
    /// Sum of the counted seekers' tie weights.
    pub weighted: f64,
    /// People who would count if they came for advice (everyone outside the hierarchy).
    pub eligible: u32,
    /// `count / eligible`, 0 when nobody is eligible.
    pub share: f64,
    /// Distinct departments among counted seekers.
    pub departments_reached: u32,
}

/// Tells whether `seeker` counts for `person` under `scope`, and if not, why.
///
/// The chain test is O(1) through the chart's Euler-tour intervals.
#[inline]
pub fn exclusion(org: &Org, scope: Scope, person: PersonIx, seeker: PersonIx) -> Option<Exclusion> {
    let spans = org.chart().spans();
    let (me, them) = (spans[person as usize], spans[seeker as usize]);
    if them.is_above(me) {
        return Some(Exclusion::InManagementChain);
    }
    if me.is_above(them) {
        return Some(Exclusion::InOwnSubtree);
    }
    let managers = org.chart().managers();
    let manager = managers[person as usize];
    if scope != Scope::Chain && manager != NONE && manager == managers[seeker as usize] {
        return Some(Exclusion::SameManager);
    }
    let departments = org.department_ids();
    let department = departments[person as usize];
    if scope == Scope::Department
        && department != NONE
        && department == departments[seeker as usize]
    {
        return Some(Exclusion::SameDepartment);
    }
    None
}

/// The Nayar count of every person under `scope`, indexed by person.
///
/// For person `p` with seekers `S(p)` (people with a tie `s -> p`):
/// `count(p) = |{ s in S(p) : s not above p, s not below p [, not a peer] [, not same dept] }|`.
/// `weighted` sums those ties' weights, `share = count / eligible` where `eligible` is the
/// number of people other than `p` who pass the same tests, and `departments_reached` counts
/// the distinct departments of the counted seekers. O(people + ties), parallel over people;
/// each tie reads its seeker's 8-byte [`Span`] and department (and manager, beyond the
/// chain scope) from separate arrays: about 2.5 times faster at 1M people than one 16-byte
/// record holding all four, which does not fit the cache as well.
///
/// With at most 64 departments (the usual case) the kernel reads a one-byte copy of the
/// department ids and collects reached departments as bits of one register; with more it
/// reads the org's own ids and stamps a per-thread array. Both give the same scores.
pub fn nayar(org: &Org, scope: Scope) -> Vec<NayarScore> {
    let departments = org.department_ids();
    if org.department_names().len() <= Mask::CAPACITY {
        let narrow: Vec<u8> = departments
            .par_iter()
            .with_min_len(1 << 16)
            .map(|&d| if d == NONE { Mask::NONE } else { d as u8 })
            .collect();
        scores(org, scope, &narrow, u32::from(Mask::NONE), || Mask(0))
    } else {
        let slots = org.department_names().len();
        scores(org, scope, departments, NONE, || Stamps::new(slots, NONE))
    }
}

/// [`nayar`] over the given department ids (`none` marks people without a department),
/// collecting reached departments with a fresh `R` per thread.
fn scores<T, R>(
    org: &Org,
    scope: Scope,
    departments: &[T],
    none: u32,
    reach: impl Fn() -> R + Sync + Send,
) -> Vec<NayarScore>
where
    T: Copy + Into<u32> + Sync,
    R: Reach,
{
    let eligible = eligible(org, scope);
    let kernel = Kernel::new(org, departments, none);
    (0..org.len() as PersonIx)
        .into_par_iter()
        .with_min_len(4096)
        .map_init(reach, |reach, person| {
            let mut score = match scope {
                Scope::Chain => kernel.row::<false, false, R>(person, reach),
                Scope::Team => kernel.row::<true, false, R>(person, reach),
                Scope::Department => kernel.row::<true, true, R>(person, reach),
            };
            score.eligible = eligible[person as usize];
            if score.eligible > 0 {
                score.share = f64::from(score.count) / f64::from(score.eligible);
            }
            score
        })
        .collect()
}

/// The distinct departments of one person's counted seekers.
trait Reach {
    /// Starts a new person.
    fn start(&mut self, person: PersonIx);
    /// Adds a seeker's department (`department` may be the "none" id, then nothing counts).
    fn add(&mut self, department: u32, counts: bool);
    /// Distinct departments added since [`Reach::start`].
    fn reached(&self) -> u32;
}

/// Up to 64 departments as the bits of one register: no memory traffic per tie.
struct Mask(u64);

impl Mask {
    const CAPACITY: usize = 64;
    /// The one-byte "no department" id; never below [`Mask::CAPACITY`].
    const NONE: u8 = u8::MAX;
}

impl Reach for Mask {
    #[inline]
    fn start(&mut self, _: PersonIx) {
        self.0 = 0;
    }

    #[inline]
    fn add(&mut self, department: u32, counts: bool) {
        let real = department < Self::CAPACITY as u32;
        self.0 |= u64::from(counts & real) << (department % Self::CAPACITY as u32);
    }

    #[inline]
    fn reached(&self) -> u32 {
        self.0.count_ones()
    }
}

/// Any number of departments: `stamp[d]` holds the last person whose seekers reached `d`;
/// seekers that do not count stamp the spare last slot, so the loop has no branch.
struct Stamps {
    stamp: Vec<u32>,
    /// The "no department" id of the ids being added.
    none: u32,
    person: PersonIx,
    reached: u32,
}

impl Stamps {
    fn new(departments: usize, none: u32) -> Self {
        Stamps {
            stamp: vec![NONE; departments + 1],
            none,
            person: NONE,
            reached: 0,
        }
    }
}

#[allow(clippy::needless_bitwise_bool)] // `&` on purpose: no branches per tie
impl Reach for Stamps {
    #[inline]
    fn start(&mut self, person: PersonIx) {
        self.person = person;
        self.reached = 0;
    }

    #[inline]
    fn add(&mut self, department: u32, counts: bool) {
        let spare = self.stamp.len() - 1;
        let slot = if counts & (department != self.none) {
            department as usize
        } else {
            spare
        };
        self.reached += u32::from((self.stamp[slot] != self.person) & (slot != spare));
        self.stamp[slot] = self.person;
    }

    #[inline]
    fn reached(&self) -> u32 {
        self.reached
    }
}

/// The arrays one person's count reads.
struct Kernel<'a, T> {
    spans: &'a [Span],
    managers: &'a [PersonIx],
    departments: &'a [T],
    none: u32,
    start: &'a [u32],
    seekers: &'a [PersonIx],
    weights: Option<&'a [f64]>,
}

impl<'a, T: Copy + Into<u32>> Kernel<'a, T> {
    fn new(org: &'a Org, departments: &'a [T], none: u32) -> Self {
        let (start, seekers, weights) = org.advice().in_rows();
        Kernel {
            spans: org.chart().spans(),
            managers: org.chart().managers(),
            departments,
            none,
            start,
            seekers,
            weights,
        }
    }

    /// One person's count, compiled once per scope. The loop has no data-dependent branch:
    /// whether a seeker counts varies tie by tie and would be mispredicted often, so it is
    /// computed as a flag and added.
    #[inline]
    #[allow(clippy::needless_bitwise_bool)] // `&` and `|` on purpose: no branches in the loop
    fn row<const TEAM: bool, const DEPARTMENT: bool, R: Reach>(
        &self,
        person: PersonIx,
        reach: &mut R,
    ) -> NayarScore {
        let p = person as usize;
        let ties = self.start[p] as usize..self.start[p + 1] as usize;
        let me = self.spans[p];
        let my_manager = self.managers[p];
        let my_department: u32 = self.departments[p].into();
        let mut count = 0u32;
        let mut weighted = 0.0;
        reach.start(person);
        for (k, &seeker) in self.seekers[ties.clone()].iter().enumerate() {
            let them = self.spans[seeker as usize];
            let department: u32 = self.departments[seeker as usize].into();
            let above = (them.enter < me.enter) & (me.enter < them.exit);
            let below = (me.enter < them.enter) & (them.enter < me.exit);
            let mut counts = !(above | below);
            if TEAM {
                counts &= !((my_manager != NONE) & (my_manager == self.managers[seeker as usize]));
            }
            if DEPARTMENT {
                counts &= !((my_department != self.none) & (my_department == department));
            }
            count += u32::from(counts);
            if let Some(weights) = self.weights {
                weighted += if counts { weights[ties.start + k] } else { 0.0 };
            }
            reach.add(department, counts);
        }
        NayarScore {
            count,
            weighted: if self.weights.is_some() {
                weighted
            } else {
                f64::from(count)
            },
            departments_reached: reach.reached(),
            ..NayarScore::default()
        }
    }
}

/// For each person, how many others are outside their hierarchy under `scope`. O(people).
pub fn eligible(org: &Org, scope: Scope) -> Vec<u32> {
    let chart = org.chart();
    let n = org.len();
    let others = n.saturating_sub(1) as u32;
    let mut eligible: Vec<u32> = (0..n as PersonIx)
        .map(|p| others - chart.depth(p) - chart.subtree_size(p))
        .collect();
    if scope == Scope::Chain {
        return eligible;
    }
    for manager in 0..n as PersonIx {
        let peers = chart.reports(manager).len().saturating_sub(1) as u32;
        for &report in chart.reports(manager) {
            eligible[report as usize] -= peers;
        }
    }
    if scope == Scope::Department {
        let same = same_department_outside(org);
        for (e, s) in eligible.iter_mut().zip(same) {
            *e -= s;
        }
    }
    eligible
}

/// People in the same department as `p`, other than `p`, who are neither in `p`'s chain,
/// subtree nor among `p`'s peers. One preorder sweep plus one pass over managers.
fn same_department_outside(org: &Org) -> Vec<u32> {
    let chart = org.chart();
    let depts = org.department_ids();
    let n = org.len();
    let mut size = vec![0u32; org.department_names().len()];
    for &d in depts {
        if d != NONE {
            size[d as usize] += 1;
        }
    }
    // Along the preorder: `open[d]` counts same-department people on the path from the root
    // (the ancestors), `seen[d]` counts everyone visited so far (for subtree counts).
    let mut open = vec![0u32; size.len()];
    let mut seen = vec![0u32; size.len()];
    let mut in_chain = vec![0u32; n];
    let mut in_subtree = vec![0u32; n];
    let mut seen_at_entry = vec![0u32; n];
    let mut path: Vec<PersonIx> = Vec::new();
    let close =
        |p: PersonIx, open: &mut [u32], seen: &[u32], in_subtree: &mut [u32], at: &[u32]| {
            let d = depts[p as usize];
            if d != NONE {
                open[d as usize] -= 1;
                in_subtree[p as usize] = seen[d as usize] - at[p as usize] - 1;
            }
        };
    for &p in chart.preorder() {
        while let Some(&top) = path.last() {
            if chart.is_above(top, p) {
                break;
            }
            path.pop();
            close(top, &mut open, &seen, &mut in_subtree, &seen_at_entry);
        }
        let d = depts[p as usize];
        if d != NONE {
            in_chain[p as usize] = open[d as usize];
            seen_at_entry[p as usize] = seen[d as usize];
            open[d as usize] += 1;
            seen[d as usize] += 1;
        }
        path.push(p);
    }
    while let Some(top) = path.pop() {
        close(top, &mut open, &seen, &mut in_subtree, &seen_at_entry);
    }
    let mut tally = vec![0u32; size.len()];
    let mut peers_same = vec![0u32; n];
    for manager in 0..n as PersonIx {
        let reports = chart.reports(manager);
        for &r in reports {
            if depts[r as usize] != NONE {
                tally[depts[r as usize] as usize] += 1;
            }
        }
        for &r in reports {
            if depts[r as usize] != NONE {
                peers_same[r as usize] = tally[depts[r as usize] as usize] - 1;
            }
        }
        for &r in reports {
            if depts[r as usize] != NONE {
                tally[depts[r as usize] as usize] = 0;
            }
        }
    }
    (0..n)
        .map(|p| match depts[p] {
            NONE => 0,
            d => size[d as usize] - 1 - in_chain[p] - in_subtree[p] - peers_same[p],
        })
        .collect()
}

/// Where one person's count comes from: every seeker, counted or excluded with the reason.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Provenance {
    /// Seekers who count, with their tie weight.
    pub counted: Vec<(PersonIx, f64)>,
    /// Seekers who do not count, and why.
    pub excluded: Vec<(PersonIx, Exclusion)>,
}

/// The provenance of `person`'s Nayar count under `scope`.
pub fn provenance(org: &Org, scope: Scope, person: PersonIx) -> Provenance {
    let graph = org.advice();
    let mut result = Provenance::default();
    for (&seeker, &weight) in graph
        .seekers(person)
        .iter()
        .zip(graph.seeker_weights(person))
    {
        match exclusion(org, scope, person, seeker) {
            None => result.counted.push((seeker, weight)),
            Some(reason) => result.excluded.push((seeker, reason)),
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{DEFAULT_NAME, generate};
    use crate::io::{Options, org_from_team};
    use crate::model::{Person, Team, Tie};

    fn org(team: Team) -> Org {
        org_from_team(team, Options::default())
            .expect("a valid team")
            .org
    }

    /// The register path (one-byte ids, bit mask) and the stamp path (the org's ids) agree on
    /// a generated org with weighted ties, in every scope.
    #[test]
    fn mask_and_stamps_give_the_same_scores() {
        let mut team = generate(3000, 11, DEFAULT_NAME).to_team();
        for (k, tie) in team.advice.iter_mut().enumerate() {
            tie.weight = f64::from(k as u32 % 5 + 1);
        }
        let org = org(team);
        let slots = org.department_names().len();
        assert!((2..=Mask::CAPACITY).contains(&slots), "{slots} departments");
        let narrow: Vec<u8> = org.department_ids().iter().map(|&d| d as u8).collect();
        assert!(org.department_ids().iter().all(|&d| d != NONE));
        for scope in Scope::ALL {
            let with_mask = scores(&org, scope, &narrow, u32::from(Mask::NONE), || Mask(0));
            let with_stamps = scores(&org, scope, org.department_ids(), NONE, || {
                Stamps::new(slots, NONE)
            });
            assert_eq!(with_mask, with_stamps, "scope {}", scope.name());
            assert_eq!(with_mask, nayar(&org, scope), "scope {}", scope.name());
            assert!(with_mask.iter().any(|s| s.departments_reached > 1));
        }
    }

    /// 70 departments (more than a register holds), worked by hand: root `r` (department
    /// d0) manages `p1..p69`, one per department `d1..d69`; `x` (a second root, in d5) is
    /// asked by all 69 and by `y` (also d5, under `x`'s peer root `z`).
    #[test]
    fn more_departments_than_bits_are_stamped() {
        let person = |id: &str, manager: Option<&str>, department: &str| Person {
            manager: manager.map(Into::into),
            department: Some(department.into()),
            ..Person::new(id.to_string(), id.to_string())
        };
        let mut people = vec![person("r", None, "d0")];
        people.extend((1..70).map(|i| person(&format!("p{i}"), Some("r"), &format!("d{i}"))));
        people.push(person("x", None, "d5"));
        people.push(person("z", None, "d5"));
        people.push(person("y", Some("z"), "d5"));
        let mut advice: Vec<Tie> = (1..70)
            .map(|i| Tie::new(format!("p{i}"), "x".to_string()))
            .collect();
        advice.push(Tie::new("y".to_string(), "x".to_string()));
        advice.push(Tie::new("p1".to_string(), "r".to_string()));
        let org = org(Team {
            people,
            advice,
            ..Team::default()
        });
        assert_eq!(org.department_names().len(), 70);
        let x = org.find("x").expect("x") as usize;
        let r = org.find("r").expect("r") as usize;
        let chain = nayar(&org, Scope::Chain);
        // 70 seekers, none in x's hierarchy; p5 and y share d5: 69 departments.
        assert_eq!((chain[x].count, chain[x].departments_reached), (70, 69));
        // p1 reports to r: not counted, no department reached.
        assert_eq!((chain[r].count, chain[r].departments_reached), (0, 0));
        let department = nayar(&org, Scope::Department);
        // x is in d5: p5 and y no longer count.
        assert_eq!(
            (department[x].count, department[x].departments_reached),
            (68, 68)
        );
    }

    /// Distinct departments of the counted seekers, from `exclusion` and department names.
    fn brute_reached(org: &Org, scope: Scope, person: PersonIx) -> usize {
        org.advice()
            .seekers(person)
            .iter()
            .filter(|&&s| exclusion(org, scope, person, s).is_none())
            .filter_map(|&s| org.department_of(s))
            .collect::<std::collections::HashSet<_>>()
            .len()
    }

    /// 63, 64 and 65 departments (either side of what a register holds), with people who
    /// have no department among seekers and advisers: every path agrees with a brute count.
    #[test]
    fn departments_around_the_register_size() {
        for k in [63usize, 64, 65] {
            let person = |id: String, manager: Option<&str>, department: Option<String>| Person {
                manager: manager.map(Into::into),
                department: department.map(Into::into),
                ..Person::new(id.clone(), id)
            };
            // r (no department) manages p0..p{k-1}, p_i in department d_i; x and y have no
            // department; q is a second person in the last department.
            let mut people = vec![person("r".into(), None, None)];
            people
                .extend((0..k).map(|i| person(format!("p{i}"), Some("r"), Some(format!("d{i}")))));
            people.push(person("x".into(), None, None));
            people.push(person("y".into(), Some("x"), None));
            people.push(person("q".into(), None, Some(format!("d{}", k - 1))));
            let mut advice: Vec<Tie> = (0..k).map(|i| Tie::new(format!("p{i}"), "x")).collect();
            advice.extend((0..k).map(|i| Tie::new("y", format!("p{i}"))));
            advice.extend((0..k).map(|i| Tie::new(format!("p{i}"), "q")));
            advice.push(Tie::new("y", "x"));
            advice.push(Tie::new("q", "p0"));
            let org = org(Team {
                people,
                advice,
                ..Team::default()
            });
            assert_eq!(org.department_names().len(), k);
            let x = org.find("x").expect("x");
            for scope in Scope::ALL {
                let fast = nayar(&org, scope);
                let stamped = scores(&org, scope, org.department_ids(), NONE, || {
                    Stamps::new(k, NONE)
                });
                assert_eq!(fast, stamped, "{k} departments, scope {}", scope.name());
                for p in 0..org.len() as PersonIx {
                    assert_eq!(
                        fast[p as usize].departments_reached as usize,
                        brute_reached(&org, scope, p),
                        "{k} departments, scope {}, person {p}",
                        scope.name()
                    );
                }
                // x is asked by every p_i (one department each) and by y (none); y is below x.
                assert_eq!(fast[x as usize].count, k as u32);
                assert_eq!(fast[x as usize].departments_reached, k as u32);
            }
        }
    }
}
