//! `roving diff`: who rose and fell in Nayar rank between two survey waves, and which roving
//! leaders are new or lost.

use std::cmp::Reverse;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;

use anyhow::Context as _;
use clap::Args;
use serde::Serialize;

use crate::io::{ListFormat, Options, load_ron, write_atomic};
use crate::metrics::{Analysis, PageRankOptions, Role, Settings, Sources, Thresholds};
use crate::model::{Org, PersonIx, Phase, Progress as _};
use crate::text::{count, markdown as md, thousands};

use super::privacy::PrivacyArgs;
use super::progress::Bars;
use super::{RoleArgs, ScopeArg};

/// Output formats of `diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    /// Markdown (headings, lists and tables), also readable as plain text; `text` is the
    /// same.
    #[value(alias = "text")]
    Markdown,
    /// JSON.
    Json,
}

/// Arguments of `roving diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The earlier wave (.ron team file).
    pub old: PathBuf,
    /// The later wave (.ron team file).
    pub new: PathBuf,
    /// Who counts as outside a person's hierarchy.
    #[command(flatten)]
    pub scope: ScopeArg,
    /// Show at most N people in each list (risers, fallers, new and lost roving leaders,
    /// joined, left) and count the rest. JSON cuts risers and fallers the same way (with
    /// their totals) and keeps the other lists whole.
    #[arg(
        long,
        value_name = "N",
        default_value_t = 10,
        allow_negative_numbers = true,
        value_parser = super::whole::<usize>
    )]
    pub top: usize,
    /// Output format. Default: from the -o extension (.json, .md), else markdown.
    #[arg(long, value_enum)]
    pub format: Option<DiffFormat>,
    /// Write to FILE (atomically) instead of stdout.
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Skip ties naming unknown people in either file instead of failing.
    #[arg(long)]
    pub lenient: bool,
    /// Privacy.
    #[command(flatten)]
    pub privacy: PrivacyArgs,
    /// Who is a roving leader.
    #[command(flatten)]
    pub roles: RoleArgs,
}

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
    fn of(org: &Org, analysis: &Analysis, p: PersonIx, thresholds: &Thresholds) -> Standing {
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
    fn describe(self, later: bool) -> String {
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

/// People matched by id whose names differ between the waves: a sign that the two files
/// do not use the same ids (row numbers, a re-keyed HR system).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Renamed {
    /// People matched by id with another name in the later wave.
    pub people: usize,
    /// People matched by id.
    pub matched: usize,
    /// The first of them in the later wave; `None` with --pseudonymize, whose output
    /// names nobody.
    pub first: Option<Rename>,
}

/// One person matched by id under two names.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rename {
    /// Person id.
    pub id: String,
    /// Name in the earlier wave.
    pub old_name: String,
    /// Name in the later wave.
    pub new_name: String,
}

impl Renamed {
    /// The people matched by id between `old` and `new` whose names differ beyond case and
    /// spacing; `None` when there are none.
    pub fn find(old: &Org, new: &Org) -> Option<Renamed> {
        let same = |a: &str, b: &str| {
            a.split_whitespace()
                .map(str::to_lowercase)
                .eq(b.split_whitespace().map(str::to_lowercase))
        };
        let mut found = Renamed {
            people: 0,
            matched: 0,
            first: None,
        };
        for q in 0..new.len() as PersonIx {
            let person = new.person(q);
            let Some(p) = old.find(&person.id) else {
                continue;
            };
            found.matched += 1;
            let before = &old.person(p).name;
            if !same(before, &person.name) {
                found.people += 1;
                found.first.get_or_insert_with(|| Rename {
                    id: person.id.to_string(),
                    old_name: before.to_string(),
                    new_name: person.name.to_string(),
                });
            }
        }
        (found.people > 0).then_some(found)
    }

    /// The warning, names and ids passed through `show`.
    fn message(&self, show: impl Fn(&str) -> String) -> String {
        let first = self.first.as_ref().map_or_else(String::new, |r| {
            format!(
                " (first: id {}: '{}' then '{}')",
                show(&r.id),
                show(&r.old_name),
                show(&r.new_name)
            )
        });
        format!(
            "{} of {} matched by id {} a different name in the later wave{first}; check that \
             both waves use the same ids",
            thousands(self.people),
            count(self.matched, "person", "people"),
            if self.people == 1 { "has" } else { "have" }
        )
    }
}

/// Head count and mean Nayar count of one department in each wave, each over the people the
/// department had in that wave.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DepartmentChange {
    /// Department name (`(none)` for people without one).
    pub department: String,
    /// People in the department in the earlier wave.
    pub old_people: usize,
    /// People in the department in the later wave.
    pub new_people: usize,
    /// Mean Nayar count in the earlier wave; `None` when the department had nobody then.
    pub old_mean: Option<f64>,
    /// Mean Nayar count in the later wave; `None` when the department has nobody now.
    pub new_mean: Option<f64>,
}

/// The department table of `diff`, small departments hidden.
///
/// A department is hidden when it has people in a wave, but fewer than the minimum group
/// size; a wave in which it has nobody hides nothing, so new and closed departments show.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DepartmentTable {
    /// Departments shown, largest in the later wave first (then by name).
    pub shown: Vec<DepartmentChange>,
    /// How many departments were hidden.
    pub hidden_groups: usize,
    /// How many of the hidden departments had people in the earlier and in the later wave.
    pub hidden_groups_by_wave: [usize; 2],
    /// People in the hidden departments, in the earlier and the later wave.
    pub hidden_people: [usize; 2],
}

impl DepartmentTable {
    /// A line telling the reader what was hidden, if anything.
    pub fn note(&self, min_group: usize) -> Option<String> {
        let wave = |i: usize| {
            format!(
                "{} ({} in all)",
                count(self.hidden_groups_by_wave[i], "department", "departments"),
                count(self.hidden_people[i], "person", "people")
            )
        };
        (self.hidden_groups > 0).then(|| {
            format!(
                "{} with fewer than {min_group} people in a wave {} hidden to protect \
                 anonymity (--min-group): {} in the earlier wave, {} in the later",
                count(self.hidden_groups, "department", "departments"),
                if self.hidden_groups == 1 { "is" } else { "are" },
                wave(0),
                wave(1)
            )
        })
    }
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

/// Head count and summed Nayar count per department of one wave.
fn department_totals<'a>(org: &'a Org, analysis: &Analysis) -> HashMap<&'a str, (usize, u64)> {
    let mut totals: HashMap<&str, (usize, u64)> = HashMap::new();
    for p in 0..org.len() as PersonIx {
        let total = totals
            .entry(org.department_of(p).unwrap_or("(none)"))
            .or_default();
        total.0 += 1;
        total.1 += u64::from(analysis.view.nayar[p as usize].count);
    }
    totals
}

/// Each wave's department figures over that wave's own people, departments with fewer than
/// `min_group` people in a wave (but some) hidden.
fn departments(
    old: (&Org, &Analysis),
    new: (&Org, &Analysis),
    min_group: usize,
) -> DepartmentTable {
    let waves = [
        department_totals(old.0, old.1),
        department_totals(new.0, new.1),
    ];
    let mut merged: BTreeMap<&str, [(usize, u64); 2]> = BTreeMap::new();
    for (i, wave) in waves.iter().enumerate() {
        for (&name, &total) in wave {
            merged.entry(name).or_default()[i] = total;
        }
    }
    let mean = |(people, total): (usize, u64)| (people > 0).then(|| total as f64 / people as f64);
    let mut table = DepartmentTable {
        shown: Vec::new(),
        hidden_groups: 0,
        hidden_groups_by_wave: [0, 0],
        hidden_people: [0, 0],
    };
    for (name, both) in merged {
        let [before, after] = both;
        if both.iter().any(|&(n, _)| n > 0 && n < min_group) {
            table.hidden_groups += 1;
            for (i, (people, _)) in both.into_iter().enumerate() {
                table.hidden_groups_by_wave[i] += usize::from(people > 0);
                table.hidden_people[i] += people;
            }
            continue;
        }
        table.shown.push(DepartmentChange {
            department: name.to_string(),
            old_people: before.0,
            new_people: after.0,
            old_mean: mean(before),
            new_mean: mean(after),
        });
    }
    // Stable: equal head counts stay in name order.
    table.shown.sort_by(|a, b| {
        b.new_people
            .cmp(&a.new_people)
            .then(b.old_people.cmp(&a.old_people))
    });
    table
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

/// Text from a team file as the report shows it: control characters (escapes, line breaks)
/// and bidirectional overrides as spaces, as the `rank` table shows them, so a name cannot
/// drive the terminal, fake a line or reorder one; Markdown markup escaped, so it shows as
/// written.
fn shown(text: &str) -> String {
    md(&crate::text::clean(text)).into_owned()
}

/// A person in a list: name and id, or the id alone when it is the name too (pseudonyms).
fn who(id: &str, name: &str) -> String {
    if id == name {
        shown(id)
    } else {
        format!("{} ({})", shown(name), shown(id))
    }
}

/// A section of the report listing `items`, at most `top` of them and how many more there
/// are, or "none".
fn section<T>(out: &mut String, title: &str, items: &[T], top: usize, line: impl Fn(&T) -> String) {
    let _ = writeln!(out, "\n## {title} ({})\n", thousands(items.len()));
    if items.is_empty() {
        let _ = writeln!(out, "none");
        return;
    }
    for item in items.iter().take(top) {
        let _ = writeln!(out, "- {}", line(item));
    }
    match items.len().saturating_sub(top) {
        0 => {}
        _ if top == 0 => {
            let _ = writeln!(out, "not shown (`--top 0`)");
        }
        more => {
            let _ = writeln!(out, "\n… and {} more (`--top {top}`).", thousands(more));
        }
    }
}

/// A leader gained (`lost` false) or lost, with their counts and where they stood in the
/// other wave.
fn leader_line(change: &LeaderChange, lost: bool) -> String {
    let counts = match (change.old_nayar, change.new_nayar) {
        (Some(old), Some(new)) => format!("Nayar count was {old}, now {new}"),
        (Some(old), None) => format!("Nayar count was {old}"),
        (None, Some(new)) => format!("Nayar count {new}"),
        (None, None) => String::new(),
    };
    format!(
        "{}: {counts}; {}",
        who(&change.id, &change.name),
        change.standing.describe(lost)
    )
}

/// The Rose or Fell table.
fn moves_table(out: &mut String, title: &str, list: &[Move], total: usize, tied: usize) {
    let _ = writeln!(out, "\n## {title} ({})\n", thousands(total));
    if total == 0 {
        let _ = writeln!(out, "nobody");
        return;
    }
    if list.is_empty() {
        let _ = writeln!(out, "not shown (`--top 0`)");
        return;
    }
    if list.len() < total {
        let _ = writeln!(out, "The {} who moved most:\n", thousands(list.len()));
    }
    let _ = writeln!(out, "| name | id | department | rank | change | nayar |");
    let _ = writeln!(out, "|---|---|---|---:|---:|---:|");
    for m in list {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} → {} | {:+} | {} → {} |",
            shown(&m.name),
            shown(&m.id),
            shown(m.department.as_deref().unwrap_or("")),
            thousands(m.old_rank),
            thousands(m.new_rank),
            m.change,
            m.old_nayar,
            m.new_nayar
        );
    }
    if let (Some(last), true) = (list.last(), tied > 0) {
        let _ = writeln!(
            out,
            "\n{} more made the same move ({} → {}) and are not shown (`--top {}`).",
            thousands(tied),
            thousands(last.old_rank),
            thousands(last.new_rank),
            list.len()
        );
    }
}

impl WaveDiff {
    /// Which waves have fewer than 70% of their people answering, in words.
    fn low_response(&self) -> Option<String> {
        let low = self.response_rates.map(|r| r.is_some_and(|r| r < 0.7));
        let which = match low {
            [true, true] => "both waves have",
            [true, false] => "the earlier wave has",
            [false, true] => "the later wave has",
            [false, false] => return None,
        };
        Some(format!(
            "{which} under 70% responses, which makes rank changes unreliable"
        ))
    }

    /// The report as Markdown, readable as plain text; lists hold at most `rules.top`
    /// people.
    pub fn to_text(&self, rules: &Rules) -> String {
        let mut out = String::new();
        let rate = |r: Option<f64>| r.map_or("-".to_string(), crate::text::rate);
        let _ = writeln!(
            out,
            "# Nayar rank between waves (scope {})\n\nResponse rate: {} then {}.",
            self.scope,
            rate(self.response_rates[0]),
            rate(self.response_rates[1])
        );
        if let Some(warning) = self.low_response() {
            let _ = writeln!(out, "Warning: {warning}.");
        }
        if let Some(renamed) = &self.renamed {
            let _ = writeln!(out, "Warning: {}.", renamed.message(shown));
        }
        let top = rules.top;
        section(
            &mut out,
            "New roving leaders",
            &self.new_leaders,
            top,
            |c| leader_line(c, false),
        );
        section(
            &mut out,
            "Lost roving leaders",
            &self.lost_leaders,
            top,
            |c| leader_line(c, true),
        );
        let _ = writeln!(
            out,
            "\nRank is by Nayar count, among the people of each wave; people with the same \
             count share a rank (1, 2, 2, 4)."
        );
        for (title, list, total, tied) in [
            (
                "Rose",
                &self.rose,
                self.rose_total,
                self.rose_tied_beyond_top,
            ),
            (
                "Fell",
                &self.fell,
                self.fell_total,
                self.fell_tied_beyond_top,
            ),
        ] {
            moves_table(&mut out, title, list, total, tied);
        }
        let _ = writeln!(
            out,
            "\nUnchanged rank: {}.",
            count(self.unchanged, "person", "people")
        );
        section(&mut out, "Joined", &self.joined, top, |n| {
            format!("{}, Nayar count {}", who(&n.id, &n.name), n.nayar)
        });
        section(&mut out, "Left", &self.left, top, |n| {
            format!("{}, Nayar count was {}", who(&n.id, &n.name), n.nayar)
        });
        self.department_section(&mut out, rules.min_group);
        out
    }

    /// The department table, or why it is empty.
    fn department_section(&self, out: &mut String, min_group: usize) {
        let _ = writeln!(out, "\n## Mean Nayar count by department\n");
        let table = &self.departments;
        let note = table.note(min_group);
        if table.shown.is_empty() {
            match note {
                Some(note) => {
                    let _ = writeln!(out, "none shown: {note}.");
                }
                None => {
                    let _ = writeln!(out, "none: neither wave has anybody.");
                }
            }
            return;
        }
        let _ = writeln!(
            out,
            "Each wave's figures cover the people in the department in that wave; \
             '-' means it had nobody then.\n"
        );
        let _ = writeln!(
            out,
            "| department | people before | people after | mean before | mean after |"
        );
        let _ = writeln!(out, "|---|---:|---:|---:|---:|");
        let mean = |m: Option<f64>| m.map_or("-".to_string(), |m| format!("{m:.2}"));
        for d in &table.shown {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                shown(&d.department),
                thousands(d.old_people),
                thousands(d.new_people),
                mean(d.old_mean),
                mean(d.new_mean)
            );
        }
        if let Some(note) = note {
            let _ = writeln!(out, "\n{note}.");
        }
    }
}

/// The format to write: --format, else the -o extension's, else Markdown. Refuses an -o
/// name that says another kind of file, which would not open where its name says.
fn format(args: &DiffArgs) -> anyhow::Result<DiffFormat> {
    const OTHERS: [&str; 13] = [
        "csv", "tsv", "xlsx", "xls", "xlsm", "ods", "numbers", "html", "htm", "ron", "gexf",
        "graphml", "dot",
    ];
    let Some(path) = &args.output else {
        return Ok(args.format.unwrap_or(DiffFormat::Markdown));
    };
    super::check_not_input(path, &[&args.old, &args.new])?;
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if let Some(extension) = extension.filter(|e| OTHERS.contains(&e.as_str())) {
        anyhow::bail!(
            "diff writes a Markdown or JSON report, not .{extension}: name the file .md or \
             .json (such as -o {})",
            path.with_extension("md").display()
        );
    }
    let implied = match ListFormat::from_path(path) {
        Some(ListFormat::Json) => Some(DiffFormat::Json),
        Some(ListFormat::Markdown) => Some(DiffFormat::Markdown),
        Some(ListFormat::Csv) | None => None,
    };
    if let Some(given) = args.format {
        super::check_format_matches(path, given, implied)?;
    }
    Ok(args.format.or(implied).unwrap_or(DiffFormat::Markdown))
}

/// Runs `diff`.
pub fn run(args: &DiffArgs) -> anyhow::Result<()> {
    let format = format(args)?;
    let pseudonymizer = args.privacy.pseudonymizer()?;
    let options = Options {
        lenient: args.lenient,
        ..Options::default()
    };
    // Before loading either: the first wave may take a while.
    if let Some(csv) = [&args.old, &args.new]
        .into_iter()
        .find(|p| super::is_csv(p))
    {
        anyhow::bail!(
            "{}: diff compares two team files (.ron), each a wave with its own people and ties; \
             make one per wave with `roving convert --people P --advice A -o wave.ron`",
            csv.display()
        );
    }
    let progress = Bars::for_stderr();
    let mut orgs = Vec::new();
    for path in [&args.old, &args.new] {
        progress.start(Phase::LoadTeam, 0);
        let loaded = load_ron(path, options);
        progress.finish(Phase::LoadTeam);
        let loaded = loaded?;
        for warning in &loaded.warnings {
            eprintln!(
                "warning: {}: {}",
                path.display(),
                args.privacy.warning(warning)
            );
        }
        orgs.push(loaded.org);
    }
    // Pseudonyms are made from ids, so names differ only before; the count is kept, the
    // real names are not.
    let renamed = pseudonymizer
        .as_ref()
        .map(|_| Renamed::find(&orgs[0], &orgs[1]).map(|r| Renamed { first: None, ..r }));
    // One table for both waves: two people sharing a pseudonym is an error in either.
    if let Some(p) = &pseudonymizer {
        orgs = p.try_orgs(orgs)?;
    }
    if let Some(note) = args.privacy.real_names_note() {
        eprintln!("note: {note}");
    }
    // The comparison reads Nayar ranks and roving leaders only: no betweenness.
    let settings = Settings {
        sources: Sources::Skip,
        pagerank: PageRankOptions::default(),
        thresholds: args.roles.thresholds(),
    };
    let waves: Vec<(Org, Analysis)> = orgs
        .into_iter()
        .map(|org| {
            let analysis = Analysis::compute_with(&org, args.scope.scope, &settings, &progress);
            (org, analysis)
        })
        .collect();
    progress.total();
    let rules = Rules {
        top: args.top,
        min_group: args.privacy.min_group,
        thresholds: settings.thresholds,
    };
    let mut diff = compare(
        (&waves[0].0, &waves[0].1),
        (&waves[1].0, &waves[1].1),
        &rules,
    );
    if let Some(renamed) = renamed {
        diff.renamed = renamed;
    }
    if let Some(renamed) = &diff.renamed {
        eprintln!(
            "warning: {}",
            renamed.message(|t| crate::text::clean(t).into_owned())
        );
    }
    let text = match format {
        DiffFormat::Markdown => diff.to_text(&rules),
        DiffFormat::Json => serde_json::to_string_pretty(&diff)? + "\n",
    };
    if let Some(path) = &args.output {
        write_atomic(path, |w| w.write_all(text.as_bytes()))
            .with_context(|| format!("cannot write '{}'", path.display()))?;
        eprintln!(
            "wrote the comparison of {} and {} to {}",
            args.old.display(),
            args.new.display(),
            path.display()
        );
        return Ok(());
    }
    let stdout = std::io::stdout();
    let mut lock = stdout.lock();
    match lock.write_all(text.as_bytes()).and_then(|()| lock.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("cannot write to stdout"),
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

    #[test]
    fn names_differing_in_case_or_spacing_only_are_not_renamed() {
        let team = |names: [&str; 3]| {
            crate::io::team_from_str(&format!(
                r#"Team(people: [Person(id: "1", name: "{}"), Person(id: "2", name: "{}"),
                    Person(id: "3", name: "{}")])"#,
                names[0], names[1], names[2]
            ))
            .unwrap()
        };
        let old = team(["Liam Kim", "Ann  Lee", "Bo"]);
        assert_eq!(
            Renamed::find(&old, &team(["liam kim", " Ann Lee", "Bo"])),
            None
        );
        let renamed = Renamed::find(&old, &team(["Liam Kim", "Ann Lee", "Cy"])).unwrap();
        assert_eq!((renamed.people, renamed.matched), (1, 3));
        assert_eq!(
            renamed.message(str::to_string),
            "1 of 3 people matched by id has a different name in the later wave (first: id 3: \
             'Bo' then 'Cy'); check that both waves use the same ids"
        );
    }

    #[test]
    fn a_list_longer_than_top_says_how_many_more() {
        let mut out = String::new();
        section(&mut out, "Joined", &[1, 2, 3], 2, ToString::to_string);
        assert_eq!(
            out,
            "\n## Joined (3)\n\n- 1\n- 2\n\n… and 1 more (`--top 2`).\n"
        );
        out.clear();
        section(&mut out, "Left", &[0; 0], 2, ToString::to_string);
        assert_eq!(out, "\n## Left (0)\n\nnone\n");
    }
}
