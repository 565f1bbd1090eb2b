//! The ranked leader list as rows, and its CSV, JSON and Markdown renderings.

use std::borrow::Cow;
use std::io::Write;

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
        ListFormat::Csv => {
            let mut writer = csv::Writer::from_writer(out);
            writer.write_record(COLUMNS)?;
            for row in rows {
                writer.write_record(row.cells().iter().map(|cell| cell.as_bytes()))?;
            }
            writer.flush()?;
        }
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

fn md(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}
