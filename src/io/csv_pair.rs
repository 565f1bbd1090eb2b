//! The plain CSV pair: `people.csv` (`id,name,manager_id,department,title,email,...`) and
//! `advice.csv` (`seeker_id,advisor_id[,weight]`), as in public ONA data sets.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use csv::{ByteRecord, StringRecord};

use crate::model::{
    AdviceGraph, IdIndex, Org, Person, PersonIx, Phase, Progress, Silent, Text, in_phase,
};

use super::csv_lines::{FileLines, repeated_header, repeated_header_message};
use super::csv_reader::{file_size, has_line_break, line_break, open, quote_open_at_end, syntax};
use super::validate::{self, Loaded, Locate, Options, Perceiver, TieCollector, TieField};
use super::{LoadError, Location, write_atomic};

const PEOPLE_COLUMNS: &str =
    "'id' (and usually 'name', 'manager_id', 'department', 'title', 'email')";
const ADVICE_COLUMNS: &str = "'seeker_id' and 'advisor_id' (and optionally 'weight')";
const LINK_COLUMNS: &str = "'from_id' and 'to_id' (and optionally 'weight')";

/// Loads a team from a people CSV, an advice CSV and any other relations as
/// `(name, csv path)` pairs (`from_id,to_id[,weight]`). Without an advice file the team
/// has its org chart and no advice ties (a survey not run yet).
///
/// # Errors
///
/// [`LoadError`] naming the file and line of the first problem.
pub fn load_csv_pair(
    people_path: &Path,
    advice_path: Option<&Path>,
    relations: &[(String, &Path)],
    options: Options,
) -> Result<Loaded, LoadError> {
    load_csv_pair_with(people_path, advice_path, relations, options, &Silent)
}

/// [`load_csv_pair`], reporting [`Phase::LoadPeople`], [`Phase::Chart`],
/// [`Phase::LoadTies`] and [`Phase::Build`] to `progress`.
///
/// # Errors
///
/// [`LoadError`] naming the file and line of the first problem.
pub fn load_csv_pair_with(
    people_path: &Path,
    advice_path: Option<&Path>,
    relations: &[(String, &Path)],
    options: Options,
    progress: &dyn Progress,
) -> Result<Loaded, LoadError> {
    let mut warnings = Vec::new();
    progress.start(Phase::LoadPeople, file_size(people_path));
    let (people, locate) = read_people(people_path, &mut warnings, progress)?;
    progress.finish(Phase::LoadPeople);
    progress.start(Phase::Chart, 0);
    let index = validate::index_people_fast(&people, &locate)?;
    let chart = validate::build_chart(&people, &index, &locate)?;
    progress.finish(Phase::Chart);
    drop(locate);
    if people.len() < 2 {
        warnings.retain(|w| !matches!(w, validate::Warning::NoManagerColumn { .. }));
    }
    progress.start(Phase::LoadTies, advice_path.map_or(0, file_size));
    let advice = match advice_path {
        Some(advice_path) => read_ties(
            advice_path,
            ADVICE_ENDS,
            ADVICE_COLUMNS,
            options.perceiver,
            (
                &index,
                TieCollector::new(&index, options, "advice", advice_path.to_path_buf()),
            ),
            &mut warnings,
            progress,
        )?,
        None => TieColumns::default(),
    };
    let mut others = Vec::new();
    for (name, path) in relations {
        let ties = read_ties(
            path,
            LINK_ENDS,
            LINK_COLUMNS,
            options.perceiver,
            (
                &index,
                TieCollector::new(&index, options, name, path.to_path_buf()),
            ),
            &mut warnings,
            &Silent,
        )?;
        others.push((name.clone(), ties.triples()));
    }
    progress.finish(Phase::LoadTies);
    in_phase(progress, Phase::Build, 0, || {
        let graph = AdviceGraph::from_columns(
            people.len(),
            &advice.seekers,
            &advice.advisors,
            advice.weights.as_deref(),
        );
        drop(advice);
        validate::assemble_graph(None, people, index, chart, graph, others, warnings)
            .map_err(|err| place_heavy_tie(err, advice_path, relations))
    })
}

/// The headers that may name an advice tie's seeker and adviser.
const ADVICE_ENDS: (&[&str], &[&str]) = (
    &["seeker_id", "seeker", "source"],
    &["advisor_id", "adviser_id", "advisor", "adviser", "target"],
);

/// The headers that may name the two ends of another relation's tie.
const LINK_ENDS: (&[&str], &[&str]) = (
    &["from_id", "from", "seeker_id", "source"],
    &["to_id", "to", "advisor_id", "target"],
);

/// `err`, if it is a [`LoadError::HeavyTie`], with the place of the repeat that took the
/// tie's weight over the limit, found by reading its file again (on this error path only;
/// a pipe cannot be read again and leaves the error without a place).
fn place_heavy_tie(
    err: LoadError,
    advice: Option<&Path>,
    relations: &[(String, &Path)],
) -> LoadError {
    let LoadError::HeavyTie {
        at: None,
        relation,
        from,
        to,
        weight,
    } = err
    else {
        return err;
    };
    let (path, ends) = match relations.iter().find(|(name, _)| *name == relation) {
        Some((_, path)) if relation != "advice" => (Some(*path), LINK_ENDS),
        _ => (advice, ADVICE_ENDS),
    };
    LoadError::HeavyTie {
        at: path
            .and_then(|path| find_heavy_repeat(path, ends, (&from, &to)))
            .map(Box::new),
        relation,
        from,
        to,
        weight,
    }
}

/// The weight of the row of `path` that takes the summed weight of the tie `(from, to)` over
/// the limit. Rows are read as [`read_ties`] reads them: ids trimmed, an empty weight is 1,
/// and with a perceiver column only the seeker's own report counts.
fn find_heavy_repeat(
    path: &Path,
    (from_names, to_names): (&[&str], &[&str]),
    (from, to): (&str, &str),
) -> Option<Location> {
    if !std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
        return None;
    }
    let (mut reader, lines) = open(path).ok()?;
    let headers: Vec<String> = reader.headers().ok()?.iter().map(normalize).collect();
    let (f, t) = (column(&headers, from_names)?, column(&headers, to_names)?);
    let weight = column(&headers, &["weight"])?;
    let perceived = column(&headers, &["perceiver_id", "perceiver"]);
    let rows = reader
        .into_records()
        .map_while(Result::ok)
        .filter_map(|row| {
            let cell = |col: usize| row.get(col).map_or("", str::trim);
            if perceived.is_some_and(|p| cell(p) != cell(f)) {
                return None;
            }
            let w = match cell(weight) {
                "" => 1.0,
                value => value.parse().ok()?,
            };
            let start = row.position()?.byte();
            Some((cell(f).to_owned(), cell(t).to_owned(), w, start))
        });
    let start = validate::heavy_repeat(rows, from, to)?;
    Some(lines.at(start, Some(weight)))
}

/// Records between progress reports and capacity estimates.
const BATCH: u64 = 1 << 16;

/// Room for the rows still to come, judged from the bytes per row so far.
fn rows_ahead(file_len: u64, consumed: u64, rows: u64) -> usize {
    if rows == 0 || consumed == 0 {
        return 0;
    }
    let per_row = consumed as f64 / rows as f64;
    (file_len.saturating_sub(consumed) as f64 / per_row * 1.02) as usize + 16
}

/// Resolved ties of one relation as columns; `weights` only when the file has a weight
/// column.
#[derive(Debug, Default)]
struct TieColumns {
    seekers: Vec<PersonIx>,
    advisors: Vec<PersonIx>,
    weights: Option<Vec<f64>>,
}

impl TieColumns {
    /// Keeps the ties `keep` accepts, in order.
    fn keep(&mut self, keep: impl Fn(PersonIx, PersonIx) -> bool) {
        let mut write = 0;
        for read in 0..self.seekers.len() {
            let (seeker, advisor) = (self.seekers[read], self.advisors[read]);
            if keep(seeker, advisor) {
                self.seekers[write] = seeker;
                self.advisors[write] = advisor;
                if let Some(w) = &mut self.weights {
                    w[write] = w[read];
                }
                write += 1;
            }
        }
        self.seekers.truncate(write);
        self.advisors.truncate(write);
        if let Some(w) = &mut self.weights {
            w.truncate(write);
        }
    }

    fn triples(&self) -> Vec<(PersonIx, PersonIx, f64)> {
        (0..self.seekers.len())
            .map(|i| {
                let w = self.weights.as_ref().map_or(1.0, |w| w[i]);
                (self.seekers[i], self.advisors[i], w)
            })
            .collect()
    }
}

/// Finds people's rows in the people file: `starts` holds each row's byte position, turned
/// into a line and column only when a message needs one.
struct CsvLocate<'a> {
    path: &'a Path,
    starts: Vec<u64>,
    lines: FileLines<'a>,
    /// The field of the id and of the manager id.
    id: usize,
    manager: Option<usize>,
}

impl CsvLocate<'_> {
    fn field(&self, i: usize, field: Option<usize>) -> Location {
        match self.starts.get(i) {
            Some(&byte) => self.lines.at(byte, field),
            None => Location::new(self.path, 0, None),
        }
    }
}

impl Locate for CsvLocate<'_> {
    fn person(&self, i: usize) -> Location {
        self.field(i, Some(self.id))
    }
    fn manager(&self, i: usize) -> Location {
        self.field(i, self.manager.or(Some(self.id)))
    }
}

/// The header as compared with the known names: `Manager ID`, `manager_id` and
/// `MANAGER-ID` are all `managerid`.
fn normalize(header: &str) -> String {
    crate::text::squash(header)
}

/// The first of `names` (as written in the docs, such as `manager_id`) among `headers`
/// (normalized).
fn column(headers: &[String], names: &[&str]) -> Option<usize> {
    names
        .iter()
        .find_map(|name| headers.iter().position(|h| *h == normalize(name)))
}

/// A header kept as an attribute that was probably meant as the manager column: a people
/// file without one has no reporting lines at all.
fn manager_lookalike(header: &str) -> bool {
    let h = normalize(header);
    ["manager", "supervisor", "reportsto", "boss", "lead"]
        .iter()
        .any(|word| h.contains(word))
        || strsim::jaro_winkler(&h, "managerid") >= 0.85
        || strsim::jaro_winkler(&h, "manager") >= 0.85
}

/// The people of a people file, and where each one's row is.
fn read_people<'a>(
    path: &'a Path,
    warnings: &mut Vec<validate::Warning>,
    progress: &dyn Progress,
) -> Result<(Vec<Person>, CsvLocate<'a>), LoadError> {
    let file_len = file_size(path);
    let (mut reader, file_lines) = open(path)?;
    let raw: StringRecord = reader
        .headers()
        .map_err(|e| syntax(path, &file_lines, &e))?
        .clone();
    let headers: Vec<String> = raw.iter().map(normalize).collect();
    // Every column is read (the unknown ones as attributes): none may be named twice.
    if let Some((first, second)) = repeated_header(&headers, str::to_string, |_| true) {
        return Err(LoadError::Syntax {
            at: file_lines.at(0, Some(second)),
            message: repeated_header_message(raw.get(second).unwrap_or("").trim(), first, second),
        });
    }
    let missing = |column: &str| LoadError::MissingColumn {
        path: path.to_path_buf(),
        column: column.to_string(),
        expected: PEOPLE_COLUMNS.to_string(),
    };
    let id = column(&headers, &["id", "person_id", "employee_id"]).ok_or_else(|| missing("id"))?;
    let name = column(&headers, &["name", "full_name", "label"]);
    let manager = column(&headers, &["manager_id", "manager"]);
    let department = column(&headers, &["department", "dept"]);
    let title = column(&headers, &["title", "job_title"]);
    let email = column(&headers, &["email", "e-mail"]);
    let respondent = column(&headers, &["respondent"]);
    let known = [
        Some(id),
        name,
        manager,
        department,
        title,
        email,
        respondent,
    ];
    let computed: Vec<usize> = super::computed::computed_columns(&headers)
        .into_iter()
        .filter(|i| !known.contains(&Some(*i)))
        .collect();
    if !computed.is_empty() {
        warnings.push(validate::Warning::ComputedColumns {
            path: path.to_path_buf(),
            columns: computed
                .iter()
                .map(|&i| raw.get(i).unwrap_or_default().trim().to_string())
                .collect(),
        });
    }
    let attributes: Vec<(usize, String)> = raw
        .iter()
        .enumerate()
        .filter(|(i, _)| !known.contains(&Some(*i)) && !computed.contains(i))
        .map(|(i, h)| (i, h.trim().trim_start_matches('\u{feff}').to_string()))
        .collect();
    if manager.is_none() {
        warnings.push(validate::Warning::NoManagerColumn {
            path: path.to_path_buf(),
            lookalikes: attributes
                .iter()
                .filter(|(_, h)| manager_lookalike(h))
                .map(|(_, h)| h.clone())
                .collect(),
        });
    }

    let mut people = Vec::new();
    let mut lines = Vec::new();
    let mut record = StringRecord::new();
    let mut reported = 0;
    let mut last_start = None;
    while reader
        .read_record(&mut record)
        .map_err(|e| syntax(path, &file_lines, &e))?
    {
        let start = record.position().map_or(0, csv::Position::byte);
        last_start = Some(start);
        if people.len() as u64 % BATCH == BATCH - 1 {
            let consumed = reader.position().byte();
            progress.advance(Phase::LoadPeople, consumed - reported);
            reported = consumed;
            if people.len() as u64 == BATCH - 1 {
                let ahead = rows_ahead(file_len, consumed, BATCH);
                people.reserve(ahead);
                lines.reserve(ahead);
            }
        }
        let field = |col: Option<usize>| {
            col.and_then(|c| record.get(c))
                .map(str::trim)
                .filter(|v| !v.is_empty())
        };
        for column in [Some(id), manager].into_iter().flatten() {
            if field(Some(column)).is_some_and(|v| has_line_break(v.as_bytes())) {
                let header = raw.get(column).unwrap_or_default().trim();
                return Err(line_break(path, &file_lines, start, (column, header)));
            }
        }
        let Some(person_id) = field(Some(id)) else {
            return Err(LoadError::Syntax {
                at: file_lines.at(start, Some(id)),
                message: "empty person id; every row needs an 'id'".into(),
            });
        };
        let owned = |col| field(col).map(Text::from);
        let respondent = field(respondent)
            .map(validate::respondent_flag)
            .transpose()
            .map_err(|message| LoadError::Syntax {
                at: file_lines.at(start, respondent),
                message,
            })?;
        people.push(Person {
            id: person_id.into(),
            name: field(name).unwrap_or(person_id).into(),
            manager: owned(manager),
            title: owned(title),
            department: owned(department),
            email: owned(email),
            respondent,
            attributes: attributes
                .iter()
                .filter_map(|(c, h)| field(Some(*c)).map(|v| (h.clone(), v.to_string())))
                .collect::<BTreeMap<_, _>>(),
        });
        lines.push(start);
    }
    if let Some(err) = last_start.and_then(|start| quote_open_at_end(path, &file_lines, start)) {
        return Err(err);
    }
    progress.advance(Phase::LoadPeople, file_len.saturating_sub(reported));
    // The reservation is guessed from the first rows' length; the org is kept for the
    // whole run, so give back what the guess overshot.
    people.shrink_to_fit();
    lines.shrink_to_fit();
    let locate = CsvLocate {
        path,
        starts: lines,
        lines: file_lines,
        id,
        manager,
    };
    Ok((people, locate))
}

fn read_ties(
    path: &Path,
    (from_names, to_names): (&[&str], &[&str]),
    expected: &str,
    perceiver: Option<Perceiver>,
    (index, mut collector): (&IdIndex, TieCollector<'_>),
    warnings: &mut Vec<validate::Warning>,
    progress: &dyn Progress,
) -> Result<TieColumns, LoadError> {
    let file_len = file_size(path);
    let (mut reader, file_lines) = open(path)?;
    let written: Vec<String> = reader
        .headers()
        .map_err(|e| syntax(path, &file_lines, &e))?
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_string())
        .collect();
    let headers: Vec<String> = written.iter().map(|h| normalize(h)).collect();
    let missing = |column: &str| LoadError::MissingColumn {
        path: path.to_path_buf(),
        column: column.to_string(),
        expected: expected.to_string(),
    };
    let from = column(&headers, from_names).ok_or_else(|| missing(from_names[0]))?;
    let to = column(&headers, to_names).ok_or_else(|| missing(to_names[0]))?;
    let weight = column(&headers, &["weight"]);
    let perceived = column(&headers, &["perceiver_id", "perceiver"]);
    // Only these columns are read; another of the same name would be dropped unseen.
    let read = [Some(from), Some(to), weight, perceived];
    let used = |j: usize| {
        read.iter()
            .any(|c| c.is_some_and(|c| headers[c] == headers[j]))
    };
    if let Some((first, second)) = repeated_header(&headers, str::to_string, used) {
        return Err(LoadError::Syntax {
            at: file_lines.at(0, Some(second)),
            message: repeated_header_message(&written[second], first, second),
        });
    }
    if perceived.is_some() && perceiver.is_none() {
        return Err(LoadError::Syntax {
            at: Location::new(path, 1, None),
            message: "this file has a 'perceiver_id' column: each row is one person's view of \
                      a tie (a cognitive social structure). Choose the ties to keep with \
                      --perceiver self (each tie as its seeker reports it) or --perceiver \
                      consensus (ties both people report)"
                .into(),
        });
    }
    if perceived.is_none() && perceiver.is_some() {
        warnings.push(validate::Warning::NoPerceiver {
            path: path.to_path_buf(),
        });
    }
    // With `consensus`: the ties their advisers report, kept when the seeker reports them too.
    let mut confirmed: HashSet<(PersonIx, PersonIx)> = HashSet::new();
    let mut ties = TieColumns {
        weights: weight.map(|_| Vec::new()),
        ..TieColumns::default()
    };
    let mut record = ByteRecord::new();
    let mut rows = 0u64;
    let mut reported = 0;
    let mut last_start = None;
    while reader
        .read_byte_record(&mut record)
        .map_err(|e| syntax(path, &file_lines, &e))?
    {
        rows += 1;
        last_start = record.position().map(csv::Position::byte);
        if rows.is_multiple_of(BATCH) {
            let consumed = reader.position().byte();
            progress.advance(Phase::LoadTies, consumed - reported);
            reported = consumed;
            if rows == BATCH {
                let ahead = rows_ahead(file_len, consumed, rows);
                ties.seekers.reserve(ahead);
                ties.advisors.reserve(ahead);
                if let Some(w) = &mut ties.weights {
                    w.reserve(ahead);
                }
            }
        }
        let start = record.position().map_or(0, csv::Position::byte);
        let at = |field: TieField| {
            let col = match field {
                TieField::Seeker => Some(from),
                TieField::Advisor => Some(to),
                TieField::Weight => weight,
            };
            file_lines.at(start, col)
        };
        let text = |col: usize| -> Result<&str, LoadError> {
            let bytes = record.get(col).unwrap_or_default();
            if has_line_break(bytes) {
                return Err(line_break(path, &file_lines, start, (col, &written[col])));
            }
            std::str::from_utf8(bytes)
                .map(str::trim)
                .map_err(|_| LoadError::Syntax {
                    at: file_lines.at(start, Some(col)),
                    message: "text is not valid UTF-8; save the file as UTF-8".into(),
                })
        };
        let w = match weight.map(text).transpose()? {
            None | Some("") => 1.0,
            // Refused here, as written: `1e308` rather than its 309 digits.
            Some(value) => match value.parse::<f64>() {
                Ok(w) if crate::model::is_weight(w) => w,
                _ => {
                    return Err(LoadError::BadWeight {
                        at: at(TieField::Weight),
                        value: value.to_string(),
                    });
                }
            },
        };
        // Fast path: both ids found as written (plain numbers resolve without a string).
        let mut pair = (
            index.get_bytes(record.get(from).unwrap_or_default()),
            index.get_bytes(record.get(to).unwrap_or_default()),
        );
        if pair.0.is_none() || pair.1.is_none() {
            // Slow path, exactly as the checks read: UTF-8, trimmed, then looked up.
            let (f, t) = (text(from)?, text(to)?);
            pair = (index.get(f), index.get(t));
            if pair.0.is_none() || pair.1.is_none() {
                collector.push(f, t, w, at)?;
                continue;
            }
        }
        let (Some(f), Some(t)) = pair else {
            continue;
        };
        if let Some(col) = perceived {
            let who = text(col)?;
            let Some(who) = index.get(who) else {
                return Err(LoadError::Naming {
                    at: file_lines.at(start, Some(col)),
                    before: "unknown perceiver ".into(),
                    name: who.to_string(),
                    after: "; every perceiver must be in the team".into(),
                });
            };
            if who == t && perceiver == Some(Perceiver::Consensus) {
                confirmed.insert((f, t));
            }
            if who != f {
                continue;
            }
        }
        if !crate::model::is_weight(w) {
            let (fs, ts) = (text(from)?, text(to)?);
            collector.push(fs, ts, w, at)?;
            continue;
        }
        ties.seekers.push(f);
        ties.advisors.push(t);
        if let Some(weights) = &mut ties.weights {
            weights.push(w);
        }
    }
    if let Some(err) = last_start.and_then(|start| quote_open_at_end(path, &file_lines, start)) {
        return Err(err);
    }
    progress.advance(Phase::LoadTies, file_len.saturating_sub(reported));
    if perceived.is_some() && perceiver == Some(Perceiver::Consensus) {
        ties.keep(|seeker, advisor| confirmed.contains(&(seeker, advisor)));
    }
    let resolved = collector.finish(warnings)?;
    debug_assert!(
        resolved.is_empty(),
        "the collector only sees unknown people"
    );
    Ok(ties)
}

/// Writes people as a people CSV (`id,name,manager_id,department,title,email`, then one
/// column per attribute any of them has), atomically.
///
/// # Errors
///
/// I/O errors; the file is left as it was then.
pub fn write_people_csv(people: &[Person], path: &Path) -> std::io::Result<()> {
    let keys: std::collections::BTreeSet<&String> =
        people.iter().flat_map(|p| p.attributes.keys()).collect();
    write_atomic(path, |w| {
        let mut out = csv::Writer::from_writer(w);
        let mut header = vec!["id", "name", "manager_id", "department", "title", "email"];
        header.extend(keys.iter().map(|k| k.as_str()));
        out.write_record(&header)?;
        for p in people {
            let mut row = vec![
                p.id.as_str(),
                p.name.as_str(),
                p.manager.as_deref().unwrap_or(""),
                p.department.as_deref().unwrap_or(""),
                p.title.as_deref().unwrap_or(""),
                p.email.as_deref().unwrap_or(""),
            ];
            row.extend(
                keys.iter()
                    .map(|k| p.attributes.get(*k).map_or("", String::as_str)),
            );
            out.write_record(&row)?;
        }
        out.flush()
    })
}

/// Writes a team as the CSV pair (`people.csv`, `advice.csv`), each atomically.
///
/// # Errors
///
/// I/O errors; a file that failed is left as it was.
pub fn write_csv_pair(org: &Org, people_path: &Path, advice_path: &Path) -> std::io::Result<()> {
    write_people_csv(org.people(), people_path)?;
    write_atomic(advice_path, |w| {
        let mut out = std::io::BufWriter::new(w);
        let weighted = org
            .advice()
            .edges()
            .any(|e| (e.weight - 1.0).abs() > f64::EPSILON);
        let ids: Vec<&str> = org.people().iter().map(|p| p.id.as_str()).collect();
        if weighted {
            writeln!(out, "seeker_id,advisor_id,weight")?;
        } else {
            writeln!(out, "seeker_id,advisor_id")?;
        }
        for e in org.advice().edges() {
            let (s, a) = (
                csv_field(ids[e.seeker as usize]),
                csv_field(ids[e.advisor as usize]),
            );
            if weighted {
                writeln!(out, "{s},{a},{}", e.weight)?;
            } else {
                writeln!(out, "{s},{a}")?;
            }
        }
        out.flush()
    })
}

use std::io::Write as _;

fn csv_field(value: &str) -> std::borrow::Cow<'_, str> {
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\"")).into()
    } else {
        value.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Recorder;

    #[test]
    fn loading_reports_every_byte_and_every_phase() {
        let dir = tempfile::tempdir().unwrap();
        crate::generate::generate(500, 2, "t")
            .write_csv(dir.path())
            .unwrap();
        let (people, advice) = (dir.path().join("people.csv"), dir.path().join("advice.csv"));
        let recorder = Recorder::default();
        let loaded =
            load_csv_pair_with(&people, Some(&advice), &[], Options::default(), &recorder).unwrap();
        assert_eq!(loaded.org.len(), 500);
        assert!(loaded.org.ids().is_dense(), "ids 1..=500 index a table");
        assert_eq!(
            recorder.started(),
            [
                Phase::LoadPeople,
                Phase::Chart,
                Phase::LoadTies,
                Phase::Build
            ]
        );
        assert!(recorder.balanced());
        let size = |p: &Path| std::fs::metadata(p).unwrap().len();
        assert_eq!(recorder.advanced(Phase::LoadPeople), size(&people));
        assert_eq!(recorder.advanced(Phase::LoadTies), size(&advice));
    }

    #[test]
    fn text_ids_and_padded_numbers_load_like_any_id() {
        let dir = tempfile::tempdir().unwrap();
        let people = dir.path().join("people.csv");
        let advice = dir.path().join("advice.csv");
        std::fs::write(
            &people,
            "id,name,manager_id\nE01,Ada,\n007,Bo,E01\n7,Cy,E01\n",
        )
        .unwrap();
        std::fs::write(
            &advice,
            "seeker_id,advisor_id,weight\n007,E01,2\n 7 ,007,\n",
        )
        .unwrap();
        let org = load_csv_pair(&people, Some(&advice), &[], Options::default())
            .unwrap()
            .org;
        assert!(!org.ids().is_dense());
        assert_eq!(org.find("007"), Some(1));
        assert_eq!(org.find("7"), Some(2));
        assert_eq!(org.advice().advisors(1), &[0]);
        assert_eq!(org.advice().advisor_weights(1), &[2.0]);
        assert_eq!(
            org.advice().advisors(2),
            &[1],
            "trimmed, and '7' is not '007'"
        );
    }
}
