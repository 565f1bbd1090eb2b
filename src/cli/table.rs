//! The aligned terminal table of `roving rank`.

use std::io::Write;

use crossterm::style::Stylize as _;

use crate::io::LeaderRow;
use crate::metrics::{Analysis, Role};
use crate::model::Org;
use crate::text::{clean, count, fit, number, percent, width};

use super::rank::RankArgs;

/// What the ranking is of and how it was made: `21 people, 190 advice ties; scope chain,
/// ranked by nayar; betweenness exact`, and the response rate when the team says who
/// answered. Above the table and under the Markdown heading.
pub(super) fn summary(org: &Org, analysis: &Analysis, args: &RankArgs) -> String {
    let betweenness = match analysis.centralities.betweenness.sampled {
        Some(k) => format!("betweenness estimated from {k} sources"),
        None => "betweenness exact".to_string(),
    };
    // Show the response rate whenever the team file says who answered.
    let response = match org.response_rate() {
        Some(rate) => {
            format!("; response rate {}", crate::text::rate(rate))
        }
        _ => String::new(),
    };
    format!(
        "{}, {}; scope {}, ranked by {}; {betweenness}{response}",
        count(org.len(), "person", "people"),
        count(org.advice().edge_count(), "advice tie", "advice ties"),
        args.scope.scope.name(),
        args.by.name(),
    )
}

/// Writes the table with a one-line summary above and a legend below.
pub(super) fn write(
    out: &mut dyn Write,
    org: &Org,
    analysis: &Analysis,
    rows: &[LeaderRow<'_>],
    args: &RankArgs,
    notes: &[String],
    color: bool,
) -> std::io::Result<()> {
    writeln!(
        out,
        "{} — {}",
        clean(org.name.as_deref().unwrap_or("Team")),
        summary(org, analysis, args)
    )?;
    writeln!(out)?;
    let header = [
        "#",
        "id",
        "name",
        "title",
        "department",
        "nayar",
        "share",
        "in",
        "pagerank",
        "betw.",
        "roles",
    ];
    let cells: Vec<[String; 11]> = rows
        .iter()
        .map(|r| {
            [
                r.rank.to_string(),
                // Whole, as `explain` takes it: long ids often differ only at the end.
                fit(r.id, 40),
                fit(r.name, 22),
                fit(r.title.unwrap_or("-"), 24),
                fit(r.department.unwrap_or("-"), 18),
                r.nayar.to_string(),
                percent(r.nayar_share),
                r.in_degree.to_string(),
                number(r.pagerank, 4),
                number(r.betweenness, 3),
                badges(r),
            ]
        })
        .collect();
    let mut widths = header.map(width);
    for row in &cells {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(width(cell));
        }
    }
    let numeric = [
        true, false, false, false, false, true, true, true, true, true, false,
    ];
    let line = |cells: &[String]| -> String {
        let mut text = String::new();
        for (i, cell) in cells.iter().enumerate() {
            let pad = widths[i].saturating_sub(width(cell));
            if i > 0 {
                text.push_str("  ");
            }
            if numeric[i] {
                text.push_str(&" ".repeat(pad));
                text.push_str(cell);
            } else if i + 1 < cells.len() {
                text.push_str(cell);
                text.push_str(&" ".repeat(pad));
            } else {
                text.push_str(cell);
            }
        }
        // Rows without roles end in an empty cell: no spaces after the last value.
        text.truncate(text.trim_end().len());
        text
    };
    let head = line(&header.map(String::from));
    if color {
        writeln!(out, "{}", head.bold())?;
    } else {
        writeln!(out, "{head}")?;
    }
    for (row, r) in cells.iter().zip(rows) {
        let text = line(row);
        if !color {
            writeln!(out, "{text}")?;
        } else if r.roles.contains(Role::RovingLeader) {
            writeln!(out, "{}", text.yellow().bold())?;
        } else if r.roles.contains(Role::ManagerLeader) {
            writeln!(out, "{}", text.cyan())?;
        } else if r.roles.contains(Role::BypassedManager) {
            writeln!(out, "{}", text.magenta())?;
        } else if r.roles.contains(Role::Peripheral) {
            writeln!(out, "{}", text.dark_grey())?;
        } else {
            writeln!(out, "{text}")?;
        }
    }
    if org.is_empty() {
        writeln!(out, "(this team has nobody in it)")?;
    } else if rows.is_empty() {
        writeln!(out, "(nobody matches)")?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "nayar = people outside the reporting hierarchy who come for advice; share = of those eligible.\n\
         ★ roving-leader  ◆ manager-leader  ▽ bypassed-manager  ⇄ broker  · peripheral"
    )?;
    for note in notes {
        writeln!(out, "note: {note}")?;
    }
    Ok(())
}

/// Role symbols and names for one row.
fn badges(row: &LeaderRow<'_>) -> String {
    row.roles
        .iter()
        .map(|role| format!("{} {}", role.symbol(), role.name()))
        .collect::<Vec<_>>()
        .join(", ")
}
