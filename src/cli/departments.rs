//! `roving rank --by-department`: figures per department, small departments hidden.

use std::io::Write as _;

use anyhow::Context as _;

use crate::io::{ListFormat, write_atomic};
use crate::metrics::Analysis;
use crate::model::Org;
use crate::privacy::{DepartmentFigures, by_department, suppress};

use super::rank::{RankArgs, RankFormat};

fn render(
    out: &mut dyn std::io::Write,
    shown: &[DepartmentFigures],
    note: Option<&str>,
    format: RankFormat,
) -> std::io::Result<()> {
    let cells = |d: &DepartmentFigures| {
        [
            d.department.clone(),
            d.people.to_string(),
            format!("{:.0}%", d.respondents as f64 / d.people as f64 * 100.0),
            d.nayar_total.to_string(),
            format!("{:.2}", d.nayar_mean),
            d.roving_leaders.to_string(),
        ]
    };
    let header = [
        "department",
        "people",
        "response_rate",
        "nayar_total",
        "nayar_mean",
        "roving_leaders",
    ];
    match format {
        RankFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, shown).map_err(std::io::Error::from)?;
            writeln!(out)?;
        }
        RankFormat::Csv => {
            let mut writer = csv::Writer::from_writer(&mut *out);
            writer.write_record(header)?;
            for d in shown {
                writer.write_record(cells(d))?;
            }
            writer.flush()?;
        }
        RankFormat::Markdown => {
            writeln!(out, "| {} |", header.join(" | "))?;
            writeln!(out, "|---|---:|---:|---:|---:|---:|")?;
            for d in shown {
                let row = cells(d);
                writeln!(
                    out,
                    "| {} | {} |",
                    row[0].replace('|', "\\|"),
                    row[1..].join(" | ")
                )?;
            }
            if let Some(note) = note {
                writeln!(out, "\n{note}.")?;
            }
        }
        RankFormat::Table => {
            let rows: Vec<[String; 6]> = shown.iter().map(cells).collect();
            let mut widths = header.map(str::len);
            for row in &rows {
                for (w, c) in widths.iter_mut().zip(row) {
                    *w = (*w).max(c.chars().count());
                }
            }
            let line = |row: &[String]| {
                row.iter()
                    .enumerate()
                    .map(|(i, c)| {
                        let pad = " ".repeat(widths[i] - c.chars().count());
                        if i == 0 {
                            format!("{c}{pad}")
                        } else {
                            format!("{pad}{c}")
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("  ")
            };
            writeln!(out, "{}", line(&header.map(String::from)))?;
            for row in &rows {
                writeln!(out, "{}", line(row))?;
            }
            if let Some(note) = note {
                writeln!(out, "note: {note}")?;
            }
        }
    }
    Ok(())
}

/// Prints (or writes) the department table.
pub(super) fn run(org: &Org, analysis: &Analysis, args: &RankArgs) -> anyhow::Result<()> {
    let min = args.privacy.min_group;
    let groups = suppress(by_department(org, &analysis.view), |d| d.people, min);
    let note = groups.note(min);
    // As for the people list, `-o FILE.json` (or .csv, .md) chooses the format.
    let format = args.format.unwrap_or_else(|| {
        match args.output.as_deref().and_then(ListFormat::from_path) {
            Some(ListFormat::Json) => RankFormat::Json,
            Some(ListFormat::Csv) => RankFormat::Csv,
            Some(ListFormat::Markdown) => RankFormat::Markdown,
            None => RankFormat::Table,
        }
    });
    if matches!(format, RankFormat::Json | RankFormat::Csv)
        && let Some(note) = &note
    {
        eprintln!("note: {note}");
    }
    let write = |w: &mut dyn std::io::Write| render(w, &groups.shown, note.as_deref(), format);
    if let Some(path) = &args.output {
        write_atomic(path, write).with_context(|| format!("cannot write '{}'", path.display()))?;
    } else {
        let stdout = std::io::stdout();
        let mut lock = stdout.lock();
        match write(&mut lock).and_then(|()| lock.flush()) {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
            other => other.context("cannot write to stdout")?,
        }
    }
    Ok(())
}
