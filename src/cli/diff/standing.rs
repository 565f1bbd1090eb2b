//! Where a new or lost roving leader stood in the wave in which they were not one.

use serde::Serialize;

use crate::metrics::{Analysis, Role, Thresholds};
use crate::model::{Org, PersonIx};
use crate::text::count;

/// Where a person stood in the wave in which they were not a roving leader.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Standing {
    /// Not in that wave: joined since (a new leader) or left (a lost one).
    Absent,
    /// Had direct reports, so was a manager; a manager-leader when the Nayar count was in
    /// the team's top share.
    Manager {
        /// Direct reports.
        reports: usize,
        /// Whether they were a manager-leader.
        manager_leader: bool,
    },
    /// Nayar count under the minimum for a roving leader (`--min-nayar`).
    UnderMinimum {
        /// The minimum.
        min_nayar: u32,
    },
    /// Nayar count outside the team's top share (`--top-share`).
    NotTop {
        /// The share, 0 to 1.
        top_share: f64,
    },
}

impl Standing {
    /// Where `p` stands in a wave in which they are not a roving leader, by the first rule
    /// of [`Role::RovingLeader`] they miss.
    pub(super) fn of(
        org: &Org,
        analysis: &Analysis,
        p: PersonIx,
        thresholds: &Thresholds,
    ) -> Standing {
        let reports = org.chart().reports(p).len();
        if reports > 0 {
            return Standing::Manager {
                reports,
                manager_leader: analysis.view.roles[p as usize].contains(Role::ManagerLeader),
            };
        }
        if analysis.view.nayar[p as usize].count < thresholds.min_nayar {
            Standing::UnderMinimum {
                min_nayar: thresholds.min_nayar,
            }
        } else {
            Standing::NotTop {
                top_share: thresholds.top_share,
            }
        }
    }

    /// In words, for a lost leader (`later`: where they stand now) or a new one (where they
    /// stood before).
    pub(super) fn describe(self, later: bool) -> String {
        let (now, was) = if later { ("now ", "") } else { ("", "was ") };
        match self {
            Standing::Absent if later => "left the team".to_string(),
            Standing::Absent => "joined".to_string(),
            Standing::Manager {
                reports,
                manager_leader,
            } => format!(
                "{now}{was}a {} ({})",
                if manager_leader {
                    "manager-leader"
                } else {
                    "manager"
                },
                count(reports, "direct report", "direct reports")
            ),
            Standing::UnderMinimum { min_nayar } => {
                format!("{now}{was}under the minimum of {min_nayar} (--min-nayar)")
            }
            Standing::NotTop { top_share } if later => {
                format!("no longer in the team's top {}", share(top_share))
            }
            Standing::NotTop { top_share } => {
                format!("was not in the team's top {}", share(top_share))
            }
        }
    }
}

/// A share as a percentage, with its decimals when it has them (12.5%), as the role rules
/// state it.
fn share(value: f64) -> String {
    let pct = value * 100.0;
    if (pct - pct.round()).abs() < 1e-9 {
        format!("{pct:.0}%")
    } else {
        format!("{pct}%")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standing_reads_as_now_for_lost_leaders_and_was_for_new_ones() {
        let cases = [
            (Standing::Absent, "left the team", "joined"),
            (
                Standing::Manager {
                    reports: 2,
                    manager_leader: true,
                },
                "now a manager-leader (2 direct reports)",
                "was a manager-leader (2 direct reports)",
            ),
            (
                Standing::Manager {
                    reports: 1,
                    manager_leader: false,
                },
                "now a manager (1 direct report)",
                "was a manager (1 direct report)",
            ),
            (
                Standing::UnderMinimum { min_nayar: 3 },
                "now under the minimum of 3 (--min-nayar)",
                "was under the minimum of 3 (--min-nayar)",
            ),
            (
                Standing::NotTop { top_share: 0.1 },
                "no longer in the team's top 10%",
                "was not in the team's top 10%",
            ),
        ];
        for (standing, lost, new) in cases {
            assert_eq!(standing.describe(true), lost);
            assert_eq!(standing.describe(false), new);
        }
    }
}
