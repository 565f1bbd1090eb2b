//! `roving rank --by-department`: figures per department, small departments hidden.

use std::io::Write as _;

use anyhow::Context as _;
use serde::Serialize;

use crate::io::spreadsheet::FormulaGuard;
use crate::io::write_atomic;
use crate::metrics::Analysis;
use crate::model::Org;
use crate::privacy::{DepartmentFigures, by_department, suppress};
use crate::text::exact;

use super::rank::{RankArgs, RankFormat};

/// The CSV header, in column order (same as the JSON keys of [`DepartmentRow`]).
const COLUMNS: [&str; 6] = [
    "department",
    "people",
    "response_rate",
    "nayar_total",
    "nayar_mean",
    "roving_leaders",
];

/// The table's headers, in column order, for people to read.
const HEADERS: [&str; 6] = [
    "department",
    "people",
    "answered",
    "nayar total",
    "nayar mean",
    "roving leaders",
];

/// One line of the department table. The field names are the CSV header and JSON keys.
#[derive(Debug, Clone, PartialEq, Serialize)]
struct DepartmentRow<'a> {
    /// Department name (`(none)` for people without one).
    department: &'a str,
    /// Head count.
    people: usize,
    /// Share of the members who answered the survey, 0 to 1; `None` when the team does not
    /// record who answered (as [`Org::response_rate`]).
    response_rate: Option<f64>,
    /// Sum of the members' Nayar counts.
    nayar_total: u64,
    /// Mean Nayar count.
    nayar_mean: f64,
    /// Members who are roving leaders.
    roving_leaders: usize,
}

impl<'a> DepartmentRow<'a> {
    fn new(figures: &'a DepartmentFigures, recorded: bool) -> Self {
        DepartmentRow {
            department: &figures.department,
            people: figures.people,
            response_rate: recorded.then(|| figures.respondents as f64 / figures.people as f64),
            nayar_total: figures.nayar_total,
            nayar_mean: figures.nayar_mean,
            roving_leaders: figures.roving_leaders,
        }
    }

    /// CSV cells: full values for other programs, an unknown response rate empty.
    fn csv(&self) -> [String; 6] {
        [
            self.department.to_string(),
            self.people.to_string(),
            self.response_rate.map(exact).unwrap_or_default(),
            self.nayar_total.to_string(),
            exact(self.nayar_mean),
            self.roving_leaders.to_string(),
        ]
    }

    /// Table and Markdown cells: for people, an unknown response rate `-`.
    fn cells(&self) -> [String; 6] {
        let mut cells = self.csv();
        cells[2] = self
            .response_rate
            .map_or("-".to_string(), crate::text::rate);
        cells[4] = format!("{:.2}", self.nayar_mean);
        cells
    }
}

/// The words around the table: a Markdown heading and the line under it, and the note on
/// hidden groups.
#[derive(Debug, Default)]
struct Captions<'a> {
    title: &'a str,
    summary: &'a str,
    note: Option<&'a str>,
}

/// Writes the rows in `format`. A table is fitted to `columns` terminal columns when given:
/// department names cut with `…` (to the header's width at least), the lines around it
/// wrapped.
fn render(
    out: &mut dyn std::io::Write,
    rows: &[DepartmentRow],
    captions: &Captions<'_>,
    format: RankFormat,
    guard: &FormulaGuard,
    columns: Option<usize>,
) -> std::io::Result<()> {
    let note = captions.note;
    match format {
        RankFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, rows).map_err(std::io::Error::from)?;
            writeln!(out)?;
        }
        RankFormat::Csv => {
            let mut writer = csv::Writer::from_writer(&mut *out);
            writer.write_record(COLUMNS)?;
            for (i, row) in rows.iter().enumerate() {
                let cells = row.csv();
                let cells = cells.each_ref().map(|cell| guard.cell(i + 1, cell));
                writer.write_record(cells.iter().map(|cell| cell.as_bytes()))?;
            }
            writer.flush()?;
        }
        RankFormat::Markdown => {
            writeln!(out, "# {}\n", crate::text::markdown(captions.title))?;
            writeln!(out, "{}\n", crate::text::markdown(captions.summary))?;
            writeln!(out, "| {} |", COLUMNS.join(" | "))?;
            writeln!(out, "|---|---:|---:|---:|---:|---:|")?;
            for row in rows {
                let cells = row.cells();
                writeln!(
                    out,
                    "| {} | {} |",
                    crate::text::markdown(&cells[0]),
                    cells[1..].join(" | ")
                )?;
            }
            if let Some(note) = note {
                writeln!(out, "\n{note}.")?;
            }
        }
        RankFormat::Table => {
            // Department names as they show: control characters would drive the terminal.
            let rows: Vec<[String; 6]> = rows
                .iter()
                .map(|row| {
                    let mut cells = row.cells();
                    cells[0] = crate::text::shown(&cells[0]).into_owned();
                    cells
                })
                .collect();
            let heading = format!(
                "{} — {}",
                crate::text::clean(captions.title),
                captions.summary
            );
            super::table::wrapped(out, &heading, columns)?;
            writeln!(out)?;
            let mut widths = HEADERS.map(crate::text::width);
            for row in &rows {
                for (w, c) in widths.iter_mut().zip(row) {
                    *w = (*w).max(crate::text::width(c));
                }
            }
            let total = widths.iter().sum::<usize>() + 2 * (widths.len() - 1);
            if let Some(columns) = columns
                && total > columns
            {
                let least = crate::text::width(HEADERS[0]);
                widths[0] = widths[0].saturating_sub(total - columns).max(least);
            }
            let rows: Vec<[String; 6]> = rows
                .into_iter()
                .map(|mut row| {
                    row[0] = crate::text::fit(&row[0], widths[0]);
                    row
                })
                .collect();
            let line = |row: &[String]| {
                row.iter()
                    .enumerate()
                    .map(|(i, c)| {
                        let pad = " ".repeat(widths[i].saturating_sub(crate::text::width(c)));
                        if i == 0 {
                            format!("{c}{pad}")
                        } else {
                            format!("{pad}{c}")
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("  ")
            };
            writeln!(out, "{}", line(&HEADERS.map(String::from)))?;
            if rows.is_empty() {
                writeln!(out, "(no department to show)")?;
            }
            for row in &rows {
                writeln!(out, "{}", line(row))?;
            }
            if let Some(note) = note {
                super::table::wrapped(out, &format!("note: {note}"), columns)?;
            }
        }
    }
    Ok(())
}

/// Refuses flags that pick people, which a table of departments cannot honour.
///
/// # Errors
///
/// When `--role` is given with `--by-department`.
pub(super) fn check(args: &RankArgs) -> anyhow::Result<()> {
    if !args.role.is_empty() {
        anyhow::bail!(
            "--role picks people, and --by-department shows departments; the roving_leaders \
             column counts roving leaders per department. Drop --role, or drop \
             --by-department to list the people with that role"
        );
    }
    Ok(())
}

/// Prints (or writes) the department table.
pub(super) fn run(org: &Org, analysis: &Analysis, args: &RankArgs) -> anyhow::Result<()> {
    check(args)?;
    let min = args.privacy.min_group;
    let mut groups = suppress(by_department(org, &analysis.view), |d| d.people, min);
    let note = groups.note(min);
    groups.shown.truncate(args.top.unwrap_or(usize::MAX));
    let recorded = org.response_rate().is_some();
    let rows: Vec<DepartmentRow> = groups
        .shown
        .iter()
        .map(|d| DepartmentRow::new(d, recorded))
        .collect();
    let format = super::rank::format(args);
    if matches!(format, RankFormat::Json | RankFormat::Csv)
        && let Some(note) = &note
    {
        eprintln!("note: {note}");
    }
    let title = format!("{} by department", org.name.as_deref().unwrap_or("Team"));
    let summary = format!(
        "{}, {}; scope {}",
        crate::text::count(org.len(), "person", "people"),
        crate::text::count(org.advice().edge_count(), "advice tie", "advice ties"),
        args.scope.scope.name()
    );
    let captions = Captions {
        title: &title,
        summary: &summary,
        note: note.as_deref(),
    };
    let guard = args.spreadsheet.guard();
    let write =
        |w: &mut dyn std::io::Write, columns| render(w, &rows, &captions, format, &guard, columns);
    if let Some(path) = &args.output {
        write_atomic(path, |w| write(w, None))
            .with_context(|| format!("cannot write '{}'", path.display()))?;
        eprintln!(
            "wrote {} to {}",
            crate::text::count(rows.len(), "department", "departments"),
            path.display()
        );
    } else {
        let stdout = std::io::stdout();
        let mut lock = stdout.lock();
        match write(&mut lock, super::terminal_columns()).and_then(|()| lock.flush()) {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
            other => other.context("cannot write to stdout")?,
        }
    }
    super::report_formulas(&guard, args.output.as_deref());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figures() -> DepartmentFigures {
        DepartmentFigures {
            department: "Sales".to_string(),
            people: 3,
            respondents: 2,
            nayar_total: 4,
            nayar_mean: 4.0 / 3.0,
            roving_leaders: 1,
        }
    }

    fn rendered(rows: &[DepartmentRow], format: RankFormat) -> String {
        let mut out = Vec::new();
        render(
            &mut out,
            rows,
            &Captions::default(),
            format,
            &FormulaGuard::default(),
            None,
        )
        .unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn csv_and_json_have_the_same_columns_and_response_rate() {
        let figures = figures();
        let rows = [DepartmentRow::new(&figures, true)];
        let csv = rendered(&rows, RankFormat::Csv);
        assert_eq!(
            csv,
            "department,people,response_rate,nayar_total,nayar_mean,roving_leaders\n\
             Sales,3,0.6666666666666666,4,1.3333333333333333,1\n"
        );
        // Every digit, as in JSON: the CSV reads back as the same numbers.
        let cells: Vec<&str> = csv.lines().nth(1).unwrap().split(',').collect();
        assert_eq!(
            cells[2].parse::<f64>().unwrap().to_bits(),
            (2.0f64 / 3.0).to_bits()
        );
        assert_eq!(
            cells[4].parse::<f64>().unwrap().to_bits(),
            (4.0f64 / 3.0).to_bits()
        );
        let json: serde_json::Value =
            serde_json::from_str(&rendered(&rows, RankFormat::Json)).unwrap();
        let keys: Vec<&str> = json[0]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut columns = COLUMNS.to_vec();
        columns.sort_unstable();
        let mut keys = keys;
        keys.sort_unstable();
        assert_eq!(keys, columns);
        assert!((json[0]["response_rate"].as_f64().unwrap() - 2.0 / 3.0).abs() < 1e-12);
        assert!(rendered(&rows, RankFormat::Table).contains("66%"));
        assert!(rendered(&rows, RankFormat::Table).contains("1.33"));
    }

    #[test]
    fn an_unrecorded_response_rate_is_unknown_everywhere() {
        // Nobody in the team has a respondent flag: the org-level rate is None, so is this.
        let figures = figures();
        let rows = [DepartmentRow::new(&figures, false)];
        assert!(rendered(&rows, RankFormat::Csv).contains("\nSales,3,,4,1.3333333333333333,1\n"));
        let json: serde_json::Value =
            serde_json::from_str(&rendered(&rows, RankFormat::Json)).unwrap();
        assert!(json[0]["response_rate"].is_null());
        assert!(rendered(&rows, RankFormat::Markdown).contains("| Sales | 3 | - | 4 |"));
        let table = rendered(&rows, RankFormat::Table);
        assert!(table.lines().nth(3).unwrap().contains(" - "), "{table}");
        assert!(!table.contains('%'), "{table}");
    }

    /// The table has a title line and headers for people; a department name with terminal
    /// controls in it shows with spaces instead.
    #[test]
    fn the_table_has_a_title_and_prints_names_safely() {
        let mut figures = figures();
        figures.department = "D\u{1b}[31mRED\nX".to_string();
        let rows = [DepartmentRow::new(&figures, true)];
        let mut out = Vec::new();
        let captions = Captions {
            title: "Acme\u{1b}]0;pwned\u{7} by department",
            summary: "3 people, 4 advice ties; scope chain",
            note: None,
        };
        let guard = FormulaGuard::default();
        render(&mut out, &rows, &captions, RankFormat::Table, &guard, None).unwrap();
        let table = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(
            lines[0],
            "Acme ]0;pwned  by department — 3 people, 4 advice ties; scope chain"
        );
        assert!(
            lines[2].starts_with("department ")
                && lines[2].ends_with("people  answered  nayar total  nayar mean  roving leaders"),
            "{table}"
        );
        assert!(lines[3].starts_with("D [31mRED X  "), "{table}");
        assert_eq!(lines.len(), 4, "{table}");
        let mut out = Vec::new();
        render(&mut out, &[], &captions, RankFormat::Table, &guard, None).unwrap();
        assert!(
            String::from_utf8(out)
                .unwrap()
                .contains("(no department to show)")
        );
    }
}
