//! Roles against the org chart: informal leaders, bypassed managers, brokers, the periphery.

use serde::Serialize;

use crate::model::{Org, PersonIx};

use super::NayarScore;

/// A role a person plays in the advice network compared with the org chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// Nobody reports to them, yet many people outside their hierarchy come for advice.
    RovingLeader,
    /// A manager who is also sought out well beyond their own reports.
    ManagerLeader,
    /// A manager whose reports mostly go to others for advice.
    BypassedManager,
    /// Sits on many shortest advice paths and draws seekers from several departments.
    Broker,
    /// Nobody comes to them for advice.
    Peripheral,
}

impl Role {
    /// Every role, in display order.
    pub const ALL: [Role; 5] = [
        Role::RovingLeader,
        Role::ManagerLeader,
        Role::BypassedManager,
        Role::Broker,
        Role::Peripheral,
    ];

    /// Kebab-case name as in output (`roving-leader`).
    pub fn name(self) -> &'static str {
        match self {
            Role::RovingLeader => "roving-leader",
            Role::ManagerLeader => "manager-leader",
            Role::BypassedManager => "bypassed-manager",
            Role::Broker => "broker",
            Role::Peripheral => "peripheral",
        }
    }

    /// The rule in plain words with the thresholds in force, for help screens.
    pub fn definition(self, t: &Thresholds) -> String {
        let top = percent(t.top_share);
        match self {
            Role::RovingLeader => format!(
                "nobody reports to them, and their Nayar count is in the team's top {top} (and at least {})",
                t.min_nayar
            ),
            Role::ManagerLeader => {
                format!("has direct reports and a Nayar count in the team's top {top}")
            }
            Role::BypassedManager => format!(
                "{}+ direct reports, fewer than {} of whom come to them for advice, while at least half seek advice from others",
                t.min_reports,
                percent(t.bypass_share)
            ),
            Role::Broker => format!(
                "top {top} betweenness, and counted seekers from {}+ departments",
                t.min_departments
            ),
            Role::Peripheral => "nobody comes to them for advice".to_string(),
        }
    }

    /// One-character badge.
    pub fn symbol(self) -> char {
        match self {
            Role::RovingLeader => '★',
            Role::ManagerLeader => '◆',
            Role::BypassedManager => '▽',
            Role::Broker => '⇄',
            Role::Peripheral => '·',
        }
    }

    const fn bit(self) -> u8 {
        1 << self as u8
    }
}

/// A small set of roles (bit set).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Roles(u8);

impl Roles {
    /// Adds a role.
    pub fn insert(&mut self, role: Role) {
        self.0 |= role.bit();
    }

    /// True when the set holds `role`.
    pub fn contains(self, role: Role) -> bool {
        self.0 & role.bit() != 0
    }

    /// The roles held, in display order.
    pub fn iter(self) -> impl Iterator<Item = Role> {
        Role::ALL.into_iter().filter(move |r| self.contains(*r))
    }

    /// True when no role is held.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Names joined by `sep`.
    pub fn join(self, sep: &str) -> String {
        self.iter().map(Role::name).collect::<Vec<_>>().join(sep)
    }
}

impl Serialize for Roles {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

/// The thresholds behind the roles; every one can be changed on the command line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    /// "Top" means within this share of the team (0.10 = top 10%).
    pub top_share: f64,
    /// A roving leader needs at least this Nayar count.
    pub min_nayar: u32,
    /// A bypassed manager has at least this many direct reports.
    pub min_reports: u32,
    /// ...and fewer than this share of them come to them for advice.
    pub bypass_share: f64,
    /// A broker's counted seekers come from at least this many departments.
    pub min_departments: u32,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            top_share: 0.10,
            min_nayar: 3,
            min_reports: 2,
            bypass_share: 0.5,
            min_departments: 3,
        }
    }
}

/// A share as a whole percentage ("10%"), or with decimals when it has them ("12.5%").
fn percent(share: f64) -> String {
    let value = share * 100.0;
    if (value - value.round()).abs() < 1e-9 {
        format!("{value:.0}%")
    } else {
        format!("{value}%")
    }
}

/// The smallest value still "in the top `share`": the smallest positive value among the
/// `ceil(share * n)` largest. Everyone tied with it is in too. A zero is never "top": when
/// few people have a positive value, those few are in (before, a `k`-th largest of 0 put
/// nobody in, and a wider share could take roles away). `None` when no value is positive.
pub fn top_cutoff(values: &[f64], share: f64) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    // 0.07 × 100 is 7.000000000000001 in floating point: a hair is taken off before
    // rounding up, so that the top 7% of 100 people is 7 people, not 8.
    let exact = share * values.len() as f64;
    let k = ((exact - exact * 1e-12).ceil() as usize).clamp(1, values.len());
    let mut sorted = values.to_vec();
    sorted.sort_unstable_by(|a, b| b.total_cmp(a));
    sorted[..k].iter().rev().copied().find(|&v| v > 0.0)
}

/// Assigns roles to everybody.
pub fn roles(org: &Org, nayar: &[NayarScore], betweenness: &[f64], t: Thresholds) -> Vec<Roles> {
    let chart = org.chart();
    let graph = org.advice();
    let counts: Vec<f64> = nayar.iter().map(|s| f64::from(s.count)).collect();
    let nayar_cutoff = top_cutoff(&counts, t.top_share);
    let between_cutoff = top_cutoff(betweenness, t.top_share);
    (0..org.len() as PersonIx)
        .map(|p| {
            let mut roles = Roles::default();
            let i = p as usize;
            let reports = chart.reports(p);
            let top = nayar_cutoff.is_some_and(|c| counts[i] >= c);
            if top && reports.is_empty() && nayar[i].count >= t.min_nayar {
                roles.insert(Role::RovingLeader);
            }
            if top && !reports.is_empty() {
                roles.insert(Role::ManagerLeader);
            }
            if reports.len() >= t.min_reports as usize {
                let to_manager = reports.iter().filter(|&&r| graph.asks(r, p)).count();
                let elsewhere = reports
                    .iter()
                    .filter(|&&r| graph.advisors(r).iter().any(|&a| a != p))
                    .count();
                let n = reports.len() as f64;
                if (to_manager as f64) < t.bypass_share * n && elsewhere as f64 >= n / 2.0 {
                    roles.insert(Role::BypassedManager);
                }
            }
            if between_cutoff.is_some_and(|c| betweenness[i] >= c)
                && nayar[i].departments_reached >= t.min_departments
            {
                roles.insert(Role::Broker);
            }
            if graph.seekers(p).is_empty() {
                roles.insert(Role::Peripheral);
            }
            roles
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cutoff_includes_ties_and_ignores_zero() {
        let values = [5.0, 3.0, 3.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0];
        // 10% of 11 people rounds up to 2: the second largest is 3, so both 3s are in.
        assert_eq!(top_cutoff(&values, 0.10), Some(3.0));
        assert_eq!(top_cutoff(&[0.0, 0.0], 0.10), None);
        assert_eq!(top_cutoff(&[], 0.10), None);
        // 30 people, two with a count: the top 3 is 28, 16 and 0, so 28 and 16 are in.
        let mut few = vec![0.0; 28];
        few.extend([28.0, 16.0]);
        assert_eq!(top_cutoff(&few, 0.10), Some(16.0));
        assert_eq!(top_cutoff(&few, 0.01), Some(28.0));
    }

    /// A share that floating point makes a hair too large (0.07 × 100 = 7.000000000000001)
    /// still takes exactly that many people: 7 of 100, not 8.
    #[test]
    fn shares_are_not_rounded_up_by_floating_point() {
        let values: Vec<f64> = (1..=100).map(f64::from).collect();
        for (share, k) in [
            (0.07, 7.0),
            (0.33, 33.0),
            (0.29, 29.0),
            (0.1, 10.0),
            (0.075, 8.0),
        ] {
            assert_eq!(top_cutoff(&values, share), Some(101.0 - k), "{share}");
        }
    }

    /// Widening the share never raises the cut-off: nobody loses a role for it.
    #[test]
    fn a_wider_share_never_takes_anyone_out() {
        let values = [0.0, 4.0, 0.0, 0.0, 1.0, 0.0, 2.0, 0.0];
        let mut last = f64::INFINITY;
        for percent in 1..=100 {
            let cutoff = top_cutoff(&values, f64::from(percent) / 100.0).unwrap();
            assert!(cutoff <= last, "{percent}%: {cutoff} > {last}");
            last = cutoff;
        }
        assert_eq!(top_cutoff(&values, 1.0), Some(1.0));
    }

    #[test]
    fn definitions_follow_the_thresholds() {
        let t = Thresholds {
            top_share: 0.05,
            min_nayar: 7,
            ..Thresholds::default()
        };
        assert_eq!(
            Role::RovingLeader.definition(&t),
            "nobody reports to them, and their Nayar count is in the team's top 5% (and at least 7)"
        );
        assert!(
            Role::BypassedManager
                .definition(&Thresholds::default())
                .starts_with("2+ direct reports, fewer than 50% of whom")
        );
    }

    #[test]
    fn role_sets_hold_and_name_roles() {
        let mut roles = Roles::default();
        assert!(roles.is_empty());
        roles.insert(Role::Broker);
        roles.insert(Role::RovingLeader);
        assert_eq!(roles.join(","), "roving-leader,broker");
        assert!(!roles.contains(Role::Peripheral));
    }
}
