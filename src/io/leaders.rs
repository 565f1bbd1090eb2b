//! The ranked leader list as rows, and its CSV, JSON and Markdown renderings.

use crate::text::markdown as md;
use std::borrow::Cow;
use std::io::Write;

use serde::Serialize;

use crate::metrics::{Centralities, Roles, ScopeView};
use crate::model::{Org, PersonIx};
use crate::text::{number, percent};

use super::blocks::write_in_order;
use super::spreadsheet::FormulaGuard;

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
            Cow::Owned(crate::text::exact(self.nayar_weighted)),
            Cow::Owned(crate::text::exact(self.nayar_share)),
            Cow::Owned(self.in_degree.to_string()),
            Cow::Owned(self.departments_reached.to_string()),
            Cow::Owned(crate::text::exact(self.pagerank)),
            Cow::Owned(crate::text::exact(self.betweenness)),
            Cow::Owned(self.roles.join(";")),
        ]
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

/// The rows of a list by position, made when they are written: a million-row list is
/// never held whole (its rows would take about 150 MB).
pub trait Rows<'a>: Sync {
    /// How many rows.
    fn len(&self) -> usize;
    /// Whether there are none.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Row `i`, for `i < len()`.
    fn row(&self, i: usize) -> LeaderRow<'a>;
}

impl<'a> Rows<'a> for [LeaderRow<'a>] {
    fn len(&self) -> usize {
        <[LeaderRow<'a>]>::len(self)
    }

    fn row(&self, i: usize) -> LeaderRow<'a> {
        self[i].clone()
    }
}

impl<'a> Rows<'a> for Vec<LeaderRow<'a>> {
    fn len(&self) -> usize {
        Vec::len(self)
    }

    fn row(&self, i: usize) -> LeaderRow<'a> {
        self[i].clone()
    }
}

/// Writes rows in `format`. In Markdown, `heading` is the title and a line under it (what
/// was ranked and how), and each of `notes` (for example "betweenness estimated from 256
/// sources") a line under the table; CSV and JSON keep their fixed columns. Every CSV cell
/// goes through `guard` (see [`FormulaGuard`]).
pub fn write_leaders<'a>(
    out: &mut dyn Write,
    rows: &(impl Rows<'a> + ?Sized),
    format: ListFormat,
    (title, subtitle): (&str, Option<&str>),
    notes: &[String],
    guard: &FormulaGuard,
) -> std::io::Result<()> {
    match format {
        ListFormat::Csv => {
            let mut header = csv::Writer::from_writer(&mut *out);
            header.write_record(COLUMNS)?;
            header.flush()?;
            drop(header);
            write_blocks(out, rows, 128, |first, block, text| {
                let mut writer = csv::Writer::from_writer(text);
                for (k, row) in block.iter().enumerate() {
                    let cells = row.cells();
                    let cells = cells.each_ref().map(|cell| guard.cell(first + k + 1, cell));
                    writer.write_record(cells.iter().map(|cell| cell.as_bytes()))?;
                }
                writer.flush()
            })?;
        }
        ListFormat::Json if rows.is_empty() => writeln!(out, "[]")?,
        ListFormat::Json => {
            // The bytes of `serde_json::to_writer_pretty(rows)`: each object pretty-printed
            // on its own, then indented one level (JSON strings hold no raw line breaks).
            out.write_all(b"[\n")?;
            write_blocks(out, rows, 512, |first, block, text| {
                let mut object = Vec::with_capacity(512);
                for (k, row) in block.iter().enumerate() {
                    if first + k > 0 {
                        text.extend_from_slice(b",\n");
                    }
                    object.clear();
                    serde_json::to_writer_pretty(&mut object, row)?;
                    text.extend_from_slice(b"  ");
                    for &byte in &object {
                        text.push(byte);
                        if byte == b'\n' {
                            text.extend_from_slice(b"  ");
                        }
                    }
                }
                Ok(())
            })?;
            out.write_all(b"\n]\n")?;
        }
        ListFormat::Markdown => {
            writeln!(out, "# {}\n", md(title))?;
            if let Some(subtitle) = subtitle {
                writeln!(out, "{}\n", md(subtitle))?;
            }
            writeln!(
                out,
                "| rank | id | name | title | department | reports | nayar | share | in-degree | depts | pagerank | betweenness | roles |"
            )?;
            writeln!(
                out,
                "|---:|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---|"
            )?;
            write_blocks(out, rows, 160, |_, block, text| {
                for r in block {
                    writeln!(
                        text,
                        "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                        r.rank,
                        md(r.id),
                        md(r.name),
                        md(r.title.unwrap_or("")),
                        md(r.department.unwrap_or("")),
                        r.reports,
                        r.nayar,
                        percent(r.nayar_share),
                        r.in_degree,
                        r.departments_reached,
                        number(r.pagerank, 4),
                        number(r.betweenness, 4),
                        r.roles.join(", "),
                    )?;
                }
                Ok(())
            })?;
            for note in notes {
                writeln!(out, "\n{note}")?;
            }
        }
    }
    Ok(())
}

/// Writes `rows` through `format(first, block, text)`, which appends the text of `block`
/// (whose first row is row `first`) to `text`, about `bytes_per_row` bytes a row; the rows
/// of each block are made on the thread that formats it (see [`write_in_order`]).
fn write_blocks<'a>(
    out: &mut dyn Write,
    rows: &(impl Rows<'a> + ?Sized),
    bytes_per_row: usize,
    format: impl Fn(usize, &[LeaderRow<'a>], &mut Vec<u8>) -> std::io::Result<()> + Sync,
) -> std::io::Result<()> {
    write_in_order(out, rows.len(), bytes_per_row, |range, text| {
        let first = range.start;
        let block: Vec<LeaderRow<'a>> = range.map(|i| rows.row(i)).collect();
        format(first, &block, text)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::blocks::{BLOCK, WAVE};
    use crate::metrics::Role;

    /// Two waves, the second one partial, with a partial block at the end.
    const N: usize = BLOCK * WAVE + BLOCK + 5;

    /// `n` rows with awkward text: commas, quotes, a pipe, a line break, non-ASCII.
    fn rows(ids: &[String]) -> Vec<LeaderRow<'_>> {
        ids.iter()
            .enumerate()
            .map(|(i, id)| {
                let mut roles = Roles::default();
                if i % 3 == 0 {
                    roles.insert(Role::RovingLeader);
                    roles.insert(Role::Broker);
                }
                LeaderRow {
                    rank: i + 1,
                    id,
                    name: if i % 2 == 0 {
                        "A, \"quoted\" name"
                    } else {
                        "Zoë | line\nbreak"
                    },
                    title: (i % 4 == 0).then_some("Lead"),
                    department: Some("Sales"),
                    manager: (i % 5 == 0).then_some("m1"),
                    reports: i % 9,
                    nayar: (i % 7) as u32,
                    nayar_weighted: 0.5 * i as f64,
                    nayar_share: 1.0 / (i % 13 + 1) as f64,
                    in_degree: (i % 11) as u32,
                    departments_reached: (i % 3) as u32,
                    pagerank: 1.0 / (i + 1) as f64,
                    betweenness: 0.25 * (i % 17) as f64,
                    roles,
                }
            })
            .collect()
    }

    fn ids(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("p{i}")).collect()
    }

    fn written(rows: &[LeaderRow<'_>], format: ListFormat) -> Vec<u8> {
        let mut text = Vec::new();
        write_leaders(
            &mut text,
            rows,
            format,
            ("Leaders", None),
            &["a note".into()],
            &FormulaGuard::default(),
        )
        .unwrap();
        text
    }

    #[test]
    fn csv_blocks_formatted_in_parallel_keep_the_row_order() {
        let ids = ids(N);
        let text = written(&rows(&ids), ListFormat::Csv);
        let mut reader = csv::Reader::from_reader(text.as_slice());
        assert_eq!(reader.headers().unwrap(), &COLUMNS[..]);
        let mut seen = 0;
        for (i, record) in reader.records().enumerate() {
            let record = record.unwrap();
            assert_eq!(record[0].parse::<usize>().unwrap(), i + 1);
            assert_eq!(&record[1], format!("p{i}"));
            let name = if i % 2 == 0 {
                "A, \"quoted\" name"
            } else {
                "Zoë | line\nbreak"
            };
            assert_eq!(&record[2], name);
            assert_eq!(&record[8], crate::text::exact(0.5 * i as f64));
            seen += 1;
        }
        assert_eq!(seen, N);
    }

    /// Formula-like cells in blocks written on several threads are all counted; a quoting
    /// guard puts `'` in front of them and of nothing else, a plain one keeps them as they
    /// are; JSON and Markdown cells never go through the guard.
    #[test]
    fn csv_formula_cells_are_counted_and_quoted_across_blocks() {
        let ids: Vec<String> = (0..N)
            .map(|i| {
                if i % 100 == 7 {
                    format!("-p{i}")
                } else {
                    format!("p{i}")
                }
            })
            .collect();
        let mut rows = rows(&ids);
        for (i, row) in rows.iter_mut().enumerate() {
            if i % 3 == 1 {
                row.title = Some("=HYPERLINK(\"http://x\")");
            }
        }
        let want = (0..N).filter(|i| i % 3 == 1).count() + (0..N).filter(|i| i % 100 == 7).count();
        for quote in [false, true] {
            let guard = FormulaGuard::new(quote);
            let mut text = Vec::new();
            write_leaders(&mut text, &rows, ListFormat::Csv, ("t", None), &[], &guard).unwrap();
            assert_eq!(guard.found(), want, "quote {quote}");
            let prefix = if quote { "'" } else { "" };
            let mut reader = csv::Reader::from_reader(text.as_slice());
            for (i, record) in reader.records().enumerate() {
                let record = record.unwrap();
                let id = if i % 100 == 7 {
                    format!("{prefix}-p{i}")
                } else {
                    format!("p{i}")
                };
                assert_eq!(&record[1], id);
                let title = match (i % 3, i % 4) {
                    (1, _) => format!("{prefix}=HYPERLINK(\"http://x\")"),
                    (_, 0) => "Lead".to_string(),
                    _ => String::new(),
                };
                assert_eq!(&record[3], title, "row {i}");
                assert_eq!(&record[8], crate::text::exact(0.5 * i as f64));
            }
        }
        for format in [ListFormat::Json, ListFormat::Markdown] {
            let guard = FormulaGuard::new(true);
            let mut text = Vec::new();
            write_leaders(&mut text, &rows, format, ("t", None), &[], &guard).unwrap();
            assert_eq!(guard.found(), 0, "{format:?}");
            assert!(
                !String::from_utf8(text).unwrap().contains("'="),
                "{format:?}"
            );
        }
    }

    /// The JSON list is byte for byte `serde_json`'s pretty rendering of the whole slice, for
    /// no rows, one row and rows across several waves.
    #[test]
    fn json_blocks_equal_serde_pretty_output() {
        for n in [0, 1, 2, N] {
            let ids = ids(n);
            let rows = rows(&ids);
            let mut want = serde_json::to_vec_pretty(&rows).unwrap();
            want.push(b'\n');
            let got = written(&rows, ListFormat::Json);
            assert!(got == want, "{n} rows differ");
        }
    }

    #[test]
    fn markdown_blocks_keep_the_row_order() {
        let ids = ids(N);
        let text = String::from_utf8(written(&rows(&ids), ListFormat::Markdown)).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "# Leaders");
        let body: Vec<&str> = lines
            .iter()
            .copied()
            .filter(|l| l.starts_with("| ") && !l.starts_with("| rank"))
            .collect();
        assert_eq!(body.len(), N);
        for (i, line) in body.iter().enumerate() {
            assert!(
                line.starts_with(&format!("| {} | p{i} | ", i + 1)),
                "{line}"
            );
        }
        assert!(body[1].contains("Zoë \\| line break"), "{}", body[1]);
        assert!(text.ends_with("\na note\n"));
    }

    /// A sink that fails once it has taken `left` bytes.
    struct FullDisk {
        left: usize,
    }

    impl Write for FullDisk {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if self.left == 0 {
                return Err(std::io::Error::other("disk full"));
            }
            let n = buf.len().min(self.left);
            self.left -= n;
            Ok(n)
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// A write error in any wave comes back as the error, for every format.
    #[test]
    fn write_errors_are_returned() {
        let ids = ids(N);
        let rows = rows(&ids);
        for format in [ListFormat::Csv, ListFormat::Json, ListFormat::Markdown] {
            for left in [0, 10, 2_000_000] {
                let mut out = FullDisk { left };
                let error = write_leaders(
                    &mut out,
                    &rows,
                    format,
                    ("t", None),
                    &[],
                    &FormulaGuard::default(),
                )
                .expect_err("the sink is full");
                assert_eq!(
                    error.to_string(),
                    "disk full",
                    "{format:?} after {left} bytes"
                );
            }
        }
    }
}
