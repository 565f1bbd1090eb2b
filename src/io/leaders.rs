//! The ranked leader list as rows, and its CSV, JSON and Markdown renderings.

use std::borrow::Cow;
use std::io::Write;

use rayon::prelude::*;
use serde::Serialize;

use crate::metrics::{Centralities, Roles, ScopeView};
use crate::model::{Org, PersonIx};

/// One line of a leader list. The field names are the CSV header and JSON keys.
///
/// The text fields borrow from the [`Org`], so a million rows cost no string copies.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LeaderRow<'a> {
    /// Position in the ranking, from 1.
    pub rank: usize,
    /// Person id.
    pub id: &'a str,
    /// Name.
    pub name: &'a str,
    /// Job title.
    pub title: Option<&'a str>,
    /// Department.
    pub department: Option<&'a str>,
    /// Id of the direct manager.
    pub manager: Option<&'a str>,
    /// Number of direct reports.
    pub reports: usize,
    /// Nayar count.
    pub nayar: u32,
    /// Nayar count weighted by tie weights.
    pub nayar_weighted: f64,
    /// Nayar count over the people eligible.
    pub nayar_share: f64,
    /// Distinct seekers.
    pub in_degree: u32,
    /// Departments among the counted seekers.
    pub departments_reached: u32,
    /// `PageRank`.
    pub pagerank: f64,
    /// Betweenness (an estimate when computed from sampled sources).
    pub betweenness: f64,
    /// Role names.
    pub roles: Roles,
}

/// The CSV header, in column order (same as the JSON keys).
pub const COLUMNS: [&str; 15] = [
    "rank",
    "id",
    "name",
    "title",
    "department",
    "manager",
    "reports",
    "nayar",
    "nayar_weighted",
    "nayar_share",
    "in_degree",
    "departments_reached",
    "pagerank",
    "betweenness",
    "roles",
];

impl<'a> LeaderRow<'a> {
    /// The row of `person`, who stands at `rank` (1-based).
    pub fn new(
        org: &'a Org,
        c: &Centralities,
        view: &ScopeView,
        person: PersonIx,
        rank: usize,
    ) -> Self {
        let p = org.person(person);
        let i = person as usize;
        let score = view.nayar[i];
        LeaderRow {
            rank,
            id: &p.id,
            name: &p.name,
            title: p.title.as_deref(),
            department: p.department.as_deref(),
            manager: p.manager.as_deref(),
            reports: org.chart().reports(person).len(),
            nayar: score.count,
            nayar_weighted: score.weighted,
            nayar_share: score.share,
            in_degree: c.in_degree[i],
            departments_reached: score.departments_reached,
            pagerank: c.pagerank.scores[i],
            betweenness: c.betweenness.scores[i],
            roles: view.roles[i],
        }
    }

    fn cells(&self) -> [Cow<'a, str>; 15] {
        let text = |v: Option<&'a str>| Cow::Borrowed(v.unwrap_or_default());
        [
            Cow::Owned(self.rank.to_string()),
            Cow::Borrowed(self.id),
            Cow::Borrowed(self.name),
            text(self.title),
            text(self.department),
            text(self.manager),
            Cow::Owned(self.reports.to_string()),
            Cow::Owned(self.nayar.to_string()),
            Cow::Owned(format_float(self.nayar_weighted)),
            Cow::Owned(format!("{:.6}", self.nayar_share)),
            Cow::Owned(self.in_degree.to_string()),
            Cow::Owned(self.departments_reached.to_string()),
            Cow::Owned(format!("{:.8}", self.pagerank)),
            Cow::Owned(format!("{:.8}", self.betweenness)),
            Cow::Owned(self.roles.join(";")),
        ]
    }
}

fn format_float(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{value:.0}")
    } else {
        value.to_string()
    }
}

/// Leader-list file formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ListFormat {
    /// Comma-separated values with a header row.
    Csv,
    /// A JSON array of objects.
    Json,
    /// A Markdown table.
    Markdown,
}

impl ListFormat {
    /// The format a file name suggests (`.csv`, `.json`, `.md`).
    pub fn from_path(path: &std::path::Path) -> Option<Self> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "csv" => Some(ListFormat::Csv),
            "json" => Some(ListFormat::Json),
            "md" | "markdown" => Some(ListFormat::Markdown),
            _ => None,
        }
    }

    /// Usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            ListFormat::Csv => "csv",
            ListFormat::Json => "json",
            ListFormat::Markdown => "md",
        }
    }
}

/// Writes rows in `format`. `note` (for example "betweenness estimated from 256 sources")
/// goes into Markdown as a line under the table; CSV and JSON keep their fixed columns.
pub fn write_leaders(
    out: &mut dyn Write,
    rows: &[LeaderRow<'_>],
    format: ListFormat,
    title: &str,
    notes: &[String],
) -> std::io::Result<()> {
    match format {
        ListFormat::Csv => write_csv(out, rows)?,
        ListFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, rows).map_err(std::io::Error::from)?;
            writeln!(out)?;
        }
        ListFormat::Markdown => {
            writeln!(out, "# {title}\n")?;
            writeln!(
                out,
                "| rank | id | name | title | department | reports | nayar | share | in-degree | depts | pagerank | betweenness | roles |"
            )?;
            writeln!(
                out,
                "|---:|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---|"
            )?;
            for r in rows {
                writeln!(
                    out,
                    "| {} | {} | {} | {} | {} | {} | {} | {:.0}% | {} | {} | {:.4} | {:.4} | {} |",
                    r.rank,
                    md(r.id),
                    md(r.name),
                    md(r.title.unwrap_or("")),
                    md(r.department.unwrap_or("")),
                    r.reports,
                    r.nayar,
                    r.nayar_share * 100.0,
                    r.in_degree,
                    r.departments_reached,
                    r.pagerank,
                    r.betweenness,
                    r.roles.join(", "),
                )?;
            }
            for note in notes {
                writeln!(out, "\n{note}")?;
            }
        }
    }
    Ok(())
}

/// Rows per block that one thread turns into CSV text.
const CSV_BLOCK: usize = 8192;
/// Blocks formatted at a time: bounds the text held in memory to a few megabytes.
const CSV_WAVE: usize = 16;

/// The CSV rendering. Formatting numbers is most of the cost, so blocks of rows are
/// formatted in parallel and written in order, a wave of blocks at a time.
fn write_csv(out: &mut dyn Write, rows: &[LeaderRow<'_>]) -> std::io::Result<()> {
    let mut header = csv::Writer::from_writer(&mut *out);
    header.write_record(COLUMNS)?;
    header.flush()?;
    drop(header);
    for wave in rows.chunks(CSV_BLOCK * CSV_WAVE) {
        let blocks = wave
            .par_chunks(CSV_BLOCK)
            .map(|block| {
                let mut writer = csv::Writer::from_writer(Vec::with_capacity(block.len() * 128));
                for row in block {
                    writer.write_record(row.cells().iter().map(|cell| cell.as_bytes()))?;
                }
                writer
                    .into_inner()
                    .map_err(|e| std::io::Error::other(e.to_string()))
            })
            .collect::<std::io::Result<Vec<Vec<u8>>>>()?;
        for block in blocks {
            out.write_all(&block)?;
        }
    }
    Ok(())
}

fn md(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_blocks_formatted_in_parallel_keep_the_row_order() {
        // Two waves, the second one partial, with a partial block at the end.
        let n = CSV_BLOCK * CSV_WAVE + CSV_BLOCK + 5;
        let ids: Vec<String> = (0..n).map(|i| format!("p{i}")).collect();
        let rows: Vec<LeaderRow<'_>> = ids
            .iter()
            .enumerate()
            .map(|(i, id)| LeaderRow {
                rank: i + 1,
                id,
                name: "A, \"quoted\" name",
                title: None,
                department: Some("Sales"),
                manager: None,
                reports: 0,
                nayar: (i % 7) as u32,
                nayar_weighted: 0.5 * i as f64,
                nayar_share: 0.0,
                in_degree: 0,
                departments_reached: 0,
                pagerank: 1.0 / (i + 1) as f64,
                betweenness: 0.0,
                roles: Roles::default(),
            })
            .collect();
        let mut text = Vec::new();
        write_leaders(&mut text, &rows, ListFormat::Csv, "t", &[]).unwrap();
        let mut reader = csv::Reader::from_reader(text.as_slice());
        assert_eq!(reader.headers().unwrap(), &COLUMNS[..]);
        let mut seen = 0;
        for (i, record) in reader.records().enumerate() {
            let record = record.unwrap();
            assert_eq!(record[0].parse::<usize>().unwrap(), i + 1);
            assert_eq!(&record[1], format!("p{i}"));
            assert_eq!(&record[2], "A, \"quoted\" name");
            assert_eq!(&record[8], format_float(0.5 * i as f64));
            seen += 1;
        }
        assert_eq!(seen, n);
    }
}
