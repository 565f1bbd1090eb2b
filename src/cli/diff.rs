//! `roving diff`: who rose and fell in Nayar rank between two survey waves, and which roving
//! leaders are new or lost.

use crate::text::markdown as md;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;

use anyhow::Context as _;
use clap::Args;
use serde::Serialize;

use crate::io::{Options, load_ron};
use crate::metrics::{Analysis, PageRankOptions, Role, Settings, Sources};
use crate::model::{Org, PersonIx, Phase, Progress as _};
use crate::text::{count, thousands};

use super::privacy::PrivacyArgs;
use super::progress::Bars;
use super::{RoleArgs, ScopeArg};

/// Output formats of `diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    /// Markdown-style text for reading.
    Text,
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
    /// Show at most N risers and N fallers.
    #[arg(
        long,
        value_name = "N",
        default_value_t = 10,
        allow_negative_numbers = true,
        value_parser = super::whole::<usize>
    )]
    pub top: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    pub format: DiffFormat,
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

/// One person present in both waves.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Move {
    /// Person id (a pseudonym with --pseudonymize).
    pub id: String,
    /// Name (the pseudonym with --pseudonymize).
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

/// A person on one side only, or a leader gained or lost.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Named {
    /// Person id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Nayar count in the wave they appear in (the later one for leaders still there).
    pub nayar: u32,
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
    /// People in the hidden departments, in the earlier and the later wave.
    pub hidden_people: [usize; 2],
}

impl DepartmentTable {
    /// A line telling the reader what was hidden, if anything.
    pub fn note(&self, min_group: usize) -> Option<String> {
        (self.hidden_groups > 0).then(|| {
            format!(
                "{} with fewer than {min_group} people in a wave {} hidden to protect \
                 anonymity (--min-group): {} in the earlier wave, {} in the later",
                count(self.hidden_groups, "department", "departments"),
                if self.hidden_groups == 1 { "is" } else { "are" },
                count(self.hidden_people[0], "person", "people"),
                count(self.hidden_people[1], "person", "people")
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
    /// Roving leaders in the later wave who were not in the earlier one.
    pub new_leaders: Vec<Named>,
    /// Roving leaders of the earlier wave who are not any more.
    pub lost_leaders: Vec<Named>,
    /// In the later wave only.
    pub joined: Vec<Named>,
    /// In the earlier wave only.
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
        hidden_people: [0, 0],
    };
    for (name, [before, after]) in merged {
        if [before.0, after.0].iter().any(|&n| n > 0 && n < min_group) {
            table.hidden_groups += 1;
            table.hidden_people[0] += before.0;
            table.hidden_people[1] += after.0;
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
pub fn compare(
    old: (&Org, &Analysis),
    new: (&Org, &Analysis),
    top: usize,
    min_group: usize,
) -> WaveDiff {
    let (old_org, old_a) = old;
    let (new_org, new_a) = new;
    let old_rank = ranks(old_a);
    let new_rank = ranks(new_a);
    let leader = |a: &Analysis, p: PersonIx| a.view.roles[p as usize].contains(Role::RovingLeader);
    let named = |org: &Org, a: &Analysis, p: PersonIx| Named {
        id: org.person(p).id.to_string(),
        name: org.person(p).name.to_string(),
        nayar: a.view.nayar[p as usize].count,
    };
    let mut moves = Vec::new();
    let mut joined = Vec::new();
    let mut new_leaders = Vec::new();
    for q in 0..new_org.len() as PersonIx {
        let person = new_org.person(q);
        let Some(p) = old_org.find(&person.id) else {
            joined.push(named(new_org, new_a, q));
            if leader(new_a, q) {
                new_leaders.push(named(new_org, new_a, q));
            }
            continue;
        };
        if leader(new_a, q) && !leader(old_a, p) {
            new_leaders.push(named(new_org, new_a, q));
        }
        let (old_nayar, new_nayar) = (
            old_a.view.nayar[p as usize].count,
            new_a.view.nayar[q as usize].count,
        );
        let (from, to) = (old_rank[p as usize], new_rank[q as usize]);
        moves.push(Move {
            id: person.id.to_string(),
            name: person.name.to_string(),
            department: person.department.as_deref().map(str::to_string),
            old_rank: from,
            new_rank: to,
            change: i64::try_from(from).unwrap_or(i64::MAX) - i64::try_from(to).unwrap_or(i64::MAX),
            old_nayar,
            new_nayar,
        });
    }
    let mut left = Vec::new();
    let mut lost_leaders = Vec::new();
    for p in 0..old_org.len() as PersonIx {
        let id = &old_org.person(p).id;
        let still = new_org.find(id);
        if still.is_none() {
            left.push(named(old_org, old_a, p));
        }
        if leader(old_a, p) && still.is_none_or(|q| !leader(new_a, q)) {
            let mut who = named(old_org, old_a, p);
            if let Some(q) = still {
                who.nayar = new_a.view.nayar[q as usize].count;
            }
            lost_leaders.push(who);
        }
    }
    let unchanged = moves.iter().filter(|m| m.change == 0).count();
    // Sorts are stable: equal moves keep the later wave's file order, not an id order.
    let mut rose: Vec<Move> = moves.iter().filter(|m| m.change > 0).cloned().collect();
    rose.sort_by(|a, b| b.change.cmp(&a.change).then(a.new_rank.cmp(&b.new_rank)));
    let (rose_total, rose_tied_beyond_top) = (rose.len(), cut(&mut rose, top));
    let mut fell: Vec<Move> = moves.into_iter().filter(|m| m.change < 0).collect();
    fell.sort_by(|a, b| a.change.cmp(&b.change).then(a.new_rank.cmp(&b.new_rank)));
    let (fell_total, fell_tied_beyond_top) = (fell.len(), cut(&mut fell, top));
    WaveDiff {
        scope: new_a.view.scope.name().to_string(),
        response_rates: [old_org.response_rate(), new_org.response_rate()],
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
        departments: departments(old, new, min_group),
    }
}

impl WaveDiff {
    /// Markdown-style text.
    pub fn to_text(&self, min_group: usize) -> String {
        let mut out = String::new();
        let rate = |r: Option<f64>| r.map_or("-".to_string(), crate::text::rate);
        let _ = writeln!(
            out,
            "# Nayar rank between waves (scope {})\n\nResponse rate: {} then {}.",
            self.scope,
            rate(self.response_rates[0]),
            rate(self.response_rates[1])
        );
        for r in self.response_rates.iter().flatten() {
            if *r < 0.7 {
                let _ = writeln!(
                    out,
                    "Warning: a wave with under 70% responses makes rank changes unreliable."
                );
                break;
            }
        }
        let people = |title: &str, list: &[Named], out: &mut String| {
            let _ = writeln!(out, "\n## {title} ({})\n", list.len());
            if list.is_empty() {
                let _ = writeln!(out, "none");
            }
            for n in list {
                let _ = writeln!(out, "- {} ({}), Nayar count {}", n.name, n.id, n.nayar);
            }
        };
        people("New roving leaders", &self.new_leaders, &mut out);
        people("Lost roving leaders", &self.lost_leaders, &mut out);
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
            let _ = writeln!(out, "\n## {title} ({})\n", thousands(total));
            if total == 0 {
                let _ = writeln!(out, "nobody");
                continue;
            }
            if list.is_empty() {
                let _ = writeln!(out, "not shown (`--top 0`)");
                continue;
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
                    md(&m.name),
                    md(&m.id),
                    md(m.department.as_deref().unwrap_or("")),
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
        let _ = writeln!(
            out,
            "\nUnchanged rank: {}.",
            crate::text::count(self.unchanged, "person", "people")
        );
        people("Joined", &self.joined, &mut out);
        people("Left", &self.left, &mut out);
        let _ = writeln!(out, "\n## Mean Nayar count by department\n");
        if !self.departments.shown.is_empty() {
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
            for d in &self.departments.shown {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} | {} |",
                    md(&d.department),
                    thousands(d.old_people),
                    thousands(d.new_people),
                    mean(d.old_mean),
                    mean(d.new_mean)
                );
            }
        }
        if let Some(note) = self.departments.note(min_group) {
            let _ = writeln!(out, "\n{note}.");
        }
        out
    }
}

/// A Markdown table cell.
/// Runs `diff`.
pub fn run(args: &DiffArgs) -> anyhow::Result<()> {
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
            eprintln!("warning: {}: {warning}", path.display());
        }
        orgs.push(loaded.org);
    }
    // One table for both waves: a person keeps one pseudonym even when theirs collides with
    // someone's in one wave only.
    if let Some(p) = &pseudonymizer {
        orgs = p.orgs(orgs);
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
    let diff = compare(
        (&waves[0].0, &waves[0].1),
        (&waves[1].0, &waves[1].1),
        args.top,
        args.privacy.min_group,
    );
    let text = match args.format {
        DiffFormat::Text => diff.to_text(args.privacy.min_group),
        DiffFormat::Json => serde_json::to_string_pretty(&diff)? + "\n",
    };
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
}
