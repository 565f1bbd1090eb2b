//! The comparison of two analysed waves: who moved in Nayar rank, which roving leaders are
//! new or lost, who joined and left.

use std::cmp::Reverse;

use serde::Serialize;

use crate::metrics::{Analysis, Role, Thresholds};
use crate::model::{Org, PersonIx};

use super::department_table::{DepartmentTable, departments};
use super::renamed::Renamed;
use super::standing::Standing;

/// What a comparison shows, and who counts as a roving leader.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rules {
    /// At most this many risers and fallers are kept (`--top`).
    pub top: usize,
    /// Departments with fewer people in a wave are hidden (`--min-group`).
    pub min_group: usize,
    /// The role rules both waves were analysed with.
    pub thresholds: Thresholds,
}

/// One person present in both waves.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Move {
    /// Person id (a pseudonym with --pseudonymize).
    pub id: String,
    /// Name in the later wave (the pseudonym with --pseudonymize).
    pub name: String,
    /// Department in the later wave.
    pub department: Option<String>,
    /// Nayar rank in the earlier wave: 1 + the number of people with a higher Nayar count,
    /// so people tied on the count share a rank (1, 2, 2, 4).
    pub old_rank: usize,
    /// Nayar rank in the later wave, the same way.
    pub new_rank: usize,
    /// Places gained (positive) or lost (negative).
    pub change: i64,
    /// Nayar count in the earlier wave.
    pub old_nayar: u32,
    /// Nayar count in the later wave.
    pub new_nayar: u32,
}

/// A person in one wave only.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Named {
    /// Person id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Nayar count in the wave they are in.
    pub nayar: u32,
}

/// A roving leader gained or lost between the waves.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LeaderChange {
    /// Person id.
    pub id: String,
    /// Name, the later wave's when they are in it.
    pub name: String,
    /// Nayar count in the earlier wave; `None` when they were not in it.
    pub old_nayar: Option<u32>,
    /// Nayar count in the later wave; `None` when they are not in it.
    pub new_nayar: Option<u32>,
    /// Where they stood in the wave in which they were not a roving leader: the earlier for
    /// a new leader, the later for a lost one.
    pub standing: Standing,
}

/// Everything `diff` reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WaveDiff {
    /// Scope used.
    pub scope: String,
    /// Response rate of each wave.
    pub response_rates: [Option<f64>; 2],
    /// People matched by id under different names, if any.
    pub renamed: Option<Renamed>,
    /// People who rose, most places first (at most `--top`).
    pub rose: Vec<Move>,
    /// Everybody who rose, shown or not.
    pub rose_total: usize,
    /// People left out of `rose` by `--top` who made exactly the same move as its last row.
    pub rose_tied_beyond_top: usize,
    /// People who fell, most places first (at most `--top`).
    pub fell: Vec<Move>,
    /// Everybody who fell, shown or not.
    pub fell_total: usize,
    /// People left out of `fell` by `--top` who made exactly the same move as its last row.
    pub fell_tied_beyond_top: usize,
    /// People in both waves whose rank did not change.
    pub unchanged: usize,
    /// Roving leaders of the later wave who were not in the earlier one, highest later
    /// Nayar count first (all of them).
    pub new_leaders: Vec<LeaderChange>,
    /// Roving leaders of the earlier wave who are not any more, highest earlier Nayar count
    /// first (all of them).
    pub lost_leaders: Vec<LeaderChange>,
    /// In the later wave only, highest Nayar count first (all of them).
    pub joined: Vec<Named>,
    /// In the earlier wave only, highest Nayar count first (all of them).
    pub left: Vec<Named>,
    /// Per department, small ones hidden.
    pub departments: DepartmentTable,
}

/// Nayar rank of each person: 1 + the number of people with a strictly higher Nayar count
/// ("1224" competition ranking). People tied on the count share a rank, so a rank moves only
/// when a count changes against the others', never by a tie-break on ids or `PageRank`.
fn ranks(analysis: &Analysis) -> Vec<usize> {
    let counts: Vec<u32> = analysis.view.nayar.iter().map(|n| n.count).collect();
    competition_ranks(&counts)
}

/// 1 + the number of values strictly higher than each one.
fn competition_ranks(values: &[u32]) -> Vec<usize> {
    let mut highest_first = values.to_vec();
    highest_first.sort_unstable_by(|a, b| b.cmp(a));
    values
        .iter()
        .map(|v| 1 + highest_first.partition_point(|h| h > v))
        .collect()
}

/// Keeps the first `top` of sorted `moves`; returns how many of the dropped ones made the
/// same move (same ranks) as the last one kept, so a report can say the cut fell inside a tie.
fn cut(moves: &mut Vec<Move>, top: usize) -> usize {
    let tied = match top.checked_sub(1).and_then(|last| moves.get(last)) {
        Some(last) => moves[top..]
            .iter()
            .take_while(|m| (m.old_rank, m.new_rank) == (last.old_rank, last.new_rank))
            .count(),
        None => 0,
    };
    moves.truncate(top);
    tied
}

/// Compares two analysed waves; people are matched by id.
pub fn compare(old: (&Org, &Analysis), new: (&Org, &Analysis), rules: &Rules) -> WaveDiff {
    let (old_org, old_a) = old;
    let (new_org, new_a) = new;
    let old_rank = ranks(old_a);
    let new_rank = ranks(new_a);
    let leader = |a: &Analysis, p: PersonIx| a.view.roles[p as usize].contains(Role::RovingLeader);
    let nayar = |a: &Analysis, p: PersonIx| a.view.nayar[p as usize].count;
    let named = |org: &Org, a: &Analysis, p: PersonIx| Named {
        id: org.person(p).id.to_string(),
        name: org.person(p).name.to_string(),
        nayar: nayar(a, p),
    };
    let mut moves = Vec::new();
    let mut joined = Vec::new();
    let mut new_leaders = Vec::new();
    for q in 0..new_org.len() as PersonIx {
        let person = new_org.person(q);
        let before = old_org.find(&person.id);
        if leader(new_a, q) && before.is_none_or(|p| !leader(old_a, p)) {
            new_leaders.push(LeaderChange {
                id: person.id.to_string(),
                name: person.name.to_string(),
                old_nayar: before.map(|p| nayar(old_a, p)),
                new_nayar: Some(nayar(new_a, q)),
                standing: before.map_or(Standing::Absent, |p| {
                    Standing::of(old_org, old_a, p, &rules.thresholds)
                }),
            });
        }
        let Some(p) = before else {
            joined.push(named(new_org, new_a, q));
            continue;
        };
        let (from, to) = (old_rank[p as usize], new_rank[q as usize]);
        moves.push(Move {
            id: person.id.to_string(),
            name: person.name.to_string(),
            department: person.department.as_deref().map(str::to_string),
            old_rank: from,
            new_rank: to,
            change: i64::try_from(from).unwrap_or(i64::MAX) - i64::try_from(to).unwrap_or(i64::MAX),
            old_nayar: nayar(old_a, p),
            new_nayar: nayar(new_a, q),
        });
    }
    let mut left = Vec::new();
    let mut lost_leaders = Vec::new();
    for p in 0..old_org.len() as PersonIx {
        let still = new_org.find(&old_org.person(p).id);
        if still.is_none() {
            left.push(named(old_org, old_a, p));
        }
        if leader(old_a, p) && still.is_none_or(|q| !leader(new_a, q)) {
            // The later wave's name where there is one: a person has one name in a report.
            let (org, at) = still.map_or((old_org, p), |q| (new_org, q));
            lost_leaders.push(LeaderChange {
                id: org.person(at).id.to_string(),
                name: org.person(at).name.to_string(),
                old_nayar: Some(nayar(old_a, p)),
                new_nayar: still.map(|q| nayar(new_a, q)),
                standing: still.map_or(Standing::Absent, |q| {
                    Standing::of(new_org, new_a, q, &rules.thresholds)
                }),
            });
        }
    }
    // Highest count first, so that a list cut by --top keeps the people who matter most;
    // the sorts are stable, so equal counts keep their wave's file order.
    new_leaders.sort_by_key(|c| Reverse(c.new_nayar));
    lost_leaders.sort_by_key(|c| Reverse(c.old_nayar));
    joined.sort_by_key(|n| Reverse(n.nayar));
    left.sort_by_key(|n| Reverse(n.nayar));
    let unchanged = moves.iter().filter(|m| m.change == 0).count();
    // Sorts are stable: equal moves keep the later wave's file order, not an id order.
    let mut rose: Vec<Move> = moves.iter().filter(|m| m.change > 0).cloned().collect();
    rose.sort_by(|a, b| b.change.cmp(&a.change).then(a.new_rank.cmp(&b.new_rank)));
    let (rose_total, rose_tied_beyond_top) = (rose.len(), cut(&mut rose, rules.top));
    let mut fell: Vec<Move> = moves.into_iter().filter(|m| m.change < 0).collect();
    fell.sort_by(|a, b| a.change.cmp(&b.change).then(a.new_rank.cmp(&b.new_rank)));
    let (fell_total, fell_tied_beyond_top) = (fell.len(), cut(&mut fell, rules.top));
    WaveDiff {
        scope: new_a.view.scope.name().to_string(),
        response_rates: [old_org.response_rate(), new_org.response_rate()],
        renamed: Renamed::find(old_org, new_org),
        rose,
        rose_total,
        rose_tied_beyond_top,
        fell,
        fell_total,
        fell_tied_beyond_top,
        unchanged,
        new_leaders,
        lost_leaders,
        joined,
        left,
        departments: departments(old, new, rules.min_group),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tied_values_share_a_rank_and_the_next_one_skips() {
        assert_eq!(competition_ranks(&[2, 0, 2, 1, 0]), [1, 4, 1, 3, 4]);
        assert_eq!(competition_ranks(&[0, 0, 0]), [1, 1, 1]);
        assert!(competition_ranks(&[]).is_empty());
    }
}
