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
    // What the list is cut to, so a saved report says it is not the whole team.
    let mut only = String::new();
    if !args.role.is_empty() {
        let roles: Vec<&str> = args.role.iter().map(|r| r.name()).collect();
        only = format!("; only {}", roles.join(" or "));
    }
    if !args.department.is_empty() {
        // Every department chosen, each once, as the team spells it.
        let known = org.department_names();
        let mut chosen: Vec<usize> = Vec::new();
        for name in &args.department {
            for d in super::rank::matching_departments(known, name) {
                if !chosen.contains(&d) {
                    chosen.push(d);
                }
            }
        }
        let departments: Vec<String> = chosen
            .iter()
            .map(|&d| clean(&known[d]).into_owned())
            .collect();
        only = format!("{only}; only department {}", departments.join(" or "));
    }
    format!(
        "{}, {}; scope {}, ranked by {}{only}; {betweenness}{response}",
        count(org.len(), "person", "people"),
        count(org.advice().edge_count(), "advice tie", "advice ties"),
        args.scope.scope.name(),
        args.by.name(),
    )
}

/// Writes the table with a one-line summary above and a legend below. With `columns` (the
/// terminal's width), the table is fitted to it ([`fit_columns`]) and the lines of text
/// around it are wrapped.
#[allow(clippy::too_many_arguments)] // one call site; the table needs all of them
pub(super) fn write(
    out: &mut dyn Write,
    org: &Org,
    analysis: &Analysis,
    rows: &[LeaderRow<'_>],
    args: &RankArgs,
    notes: &[String],
    color: bool,
    columns: Option<usize>,
) -> std::io::Result<()> {
    let wrapped = |out: &mut dyn Write, text: &str| wrapped(out, text, columns);
    let name = clean(org.name.as_deref().unwrap_or("Team"));
    wrapped(out, &format!("{name} — {}", summary(org, analysis, args)))?;
    writeln!(out)?;
    let mut table = vec![
        Column::numbers("#", rows.iter().map(|r| r.rank.to_string())),
        // Whole, as `explain` takes it: long ids often differ only at the end.
        Column::text("id", 40, 6, rows.iter().map(|r| r.id)),
        Column::text("name", 22, 10, rows.iter().map(|r| r.name)),
        Column::text("title", 24, 8, rows.iter().map(|r| r.title.unwrap_or("-"))),
        Column::text(
            "department",
            18,
            8,
            rows.iter().map(|r| r.department.unwrap_or("-")),
        ),
        Column::numbers("nayar", rows.iter().map(|r| r.nayar.to_string())),
        Column::numbers("share", rows.iter().map(|r| percent(r.nayar_share))),
        Column::numbers("in", rows.iter().map(|r| r.in_degree.to_string())),
        Column::numbers("pagerank", rows.iter().map(|r| number(r.pagerank, 4))),
        Column::numbers("betw.", rows.iter().map(|r| number(r.betweenness, 3))),
        Column::text("roles", usize::MAX, 0, rows.iter().map(|r| badges(r, true))),
    ];
    if let Some(columns) = columns {
        fit_columns(&mut table, rows, columns);
    }
    // The header (`None`) or row `i`.
    let line = |row: Option<usize>| -> String {
        let mut text = String::new();
        for (i, column) in table.iter().enumerate() {
            let cell = row.map_or(column.header, |r| column.cells[r].as_str());
            let pad = column.width.saturating_sub(width(cell));
            if i > 0 {
                text.push_str(GAP);
            }
            if column.numeric {
                text.push_str(&" ".repeat(pad));
                text.push_str(cell);
            } else {
                text.push_str(&fit(cell, column.width));
                text.push_str(&" ".repeat(pad));
            }
        }
        // Rows without roles end in an empty cell: no spaces after the last value.
        text.truncate(text.trim_end().len());
        text
    };
    let head = line(None);
    if color {
        writeln!(out, "{}", head.bold())?;
    } else {
        writeln!(out, "{head}")?;
    }
    for (i, r) in rows.iter().enumerate() {
        let text = line(Some(i));
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
    } else if rows.is_empty() && args.top == Some(0) {
        writeln!(out, "(nobody shown: --top 0)")?;
    } else if rows.is_empty() {
        writeln!(out, "(nobody matches)")?;
    }
    writeln!(out)?;
    wrapped(
        out,
        "nayar = people outside the reporting hierarchy who come for advice; share = of those \
         eligible.",
    )?;
    wrapped(
        out,
        "★ roving-leader  ◆ manager-leader  ▽ bypassed-manager  ⇄ broker  · peripheral",
    )?;
    for note in notes {
        wrapped(out, &format!("note: {note}"))?;
    }
    Ok(())
}

/// Writes `text` as lines of at most `columns` terminal columns, whole words kept
/// ("bypassed-manager" too), or as one line without `columns`.
pub(super) fn wrapped(
    out: &mut dyn Write,
    text: &str,
    columns: Option<usize>,
) -> std::io::Result<()> {
    match columns {
        Some(columns) => {
            let options = textwrap::Options::new(columns)
                .word_splitter(textwrap::WordSplitter::NoHyphenation);
            for line in textwrap::wrap(text, options) {
                writeln!(out, "{line}")?;
            }
            Ok(())
        }
        None => writeln!(out, "{text}"),
    }
}

/// Between two columns.
const GAP: &str = "  ";

/// One column of the table: its cells as shown in full, and the width it gets.
struct Column<'h> {
    header: &'h str,
    numeric: bool,
    /// The narrowest it may be cut to (text columns).
    min: usize,
    cells: Vec<String>,
    width: usize,
}

impl<'h> Column<'h> {
    fn numbers(header: &'h str, cells: impl Iterator<Item = String>) -> Self {
        Column::new(header, true, usize::MAX, 0, cells.collect())
    }

    /// Text cells, cut to `max` columns at most (a name of 200 characters).
    fn text<S: AsRef<str>>(
        header: &'h str,
        max: usize,
        min: usize,
        cells: impl Iterator<Item = S>,
    ) -> Self {
        let cells = cells.map(|c| fit(c.as_ref(), max)).collect();
        Column::new(header, false, max, min, cells)
    }

    fn new(header: &'h str, numeric: bool, max: usize, min: usize, cells: Vec<String>) -> Self {
        let widest = cells.iter().map(|c| width(c)).max().unwrap_or(0);
        Column {
            header,
            numeric,
            min: min.max(width(header)).min(max),
            width: widest.max(width(header)),
            cells,
        }
    }
}

/// Fits the table into `columns` terminal columns: roles as their symbols alone (the
/// legend names them); then, while the table would not fit even with every text column cut
/// to its least, the title column left out, then the department, betweenness and pagerank columns;
/// then the widest text column cut by one column at a time until the table fits.
fn fit_columns(table: &mut Vec<Column<'_>>, rows: &[LeaderRow<'_>], columns: usize) {
    let gaps = |table: &[Column<'_>]| GAP.len() * table.len().saturating_sub(1);
    let total = |table: &[Column<'_>]| table.iter().map(|c| c.width).sum::<usize>() + gaps(table);
    let least = |table: &[Column<'_>]| {
        let widths = table.iter().map(|c| {
            if c.numeric {
                c.width
            } else {
                c.width.min(c.min)
            }
        });
        widths.sum::<usize>() + gaps(table)
    };
    if total(table) <= columns {
        return;
    }
    if let Some(roles) = table.iter_mut().find(|c| c.header == "roles") {
        *roles = Column::text(
            "roles",
            usize::MAX,
            0,
            rows.iter().map(|r| badges(r, false)),
        );
    }
    for header in ["title", "department", "betw.", "pagerank"] {
        if least(table) <= columns {
            break;
        }
        table.retain(|c| c.header != header);
    }
    while total(table) > columns {
        let widest = table
            .iter_mut()
            .filter(|c| !c.numeric && c.header != "roles" && c.width > c.min)
            .max_by_key(|c| c.width);
        match widest {
            Some(column) => column.width -= 1,
            None => break,
        }
    }
}

/// Role symbols, with their names when `named`, for one row.
fn badges(row: &LeaderRow<'_>, named: bool) -> String {
    let badges = row.roles.iter().map(|role| {
        if named {
            format!("{} {}", role.symbol(), role.name())
        } else {
            role.symbol().to_string()
        }
    });
    badges
        .collect::<Vec<_>>()
        .join(if named { ", " } else { " " })
}
