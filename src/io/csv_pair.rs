//! The plain CSV pair: `people.csv` (`id,name,manager_id,department,title,email,...`) and
//! `advice.csv` (`seeker_id,advisor_id[,weight]`), as in public ONA data sets.

use std::collections::BTreeMap;
use std::path::Path;

use csv::{ByteRecord, ReaderBuilder, StringRecord};

use crate::model::{Org, Person};

use super::validate::{self, Loaded, Locate, Options, TieCollector};
use super::{LoadError, Location, write_atomic};

const PEOPLE_COLUMNS: &str =
    "'id' (and usually 'name', 'manager_id', 'department', 'title', 'email')";
const ADVICE_COLUMNS: &str = "'seeker_id' and 'advisor_id' (and optionally 'weight')";
const LINK_COLUMNS: &str = "'from_id' and 'to_id' (and optionally 'weight')";

/// Loads a team from a people CSV, an advice CSV and any other relations as
/// `(name, csv path)` pairs (`from_id,to_id[,weight]`).
///
/// # Errors
///
/// [`LoadError`] naming the file and line of the first problem.
pub fn load_csv_pair(
    people_path: &Path,
    advice_path: &Path,
    relations: &[(String, &Path)],
    options: Options,
) -> Result<Loaded, LoadError> {
    let (people, lines) = read_people(people_path)?;
    let locate = CsvLocate {
        path: people_path,
        lines: &lines,
    };
    let index = validate::index_people(&people, &locate)?;
    let chart = validate::build_chart(&people, &index, &locate)?;
    let mut warnings = Vec::new();
    let advice = read_ties(
        advice_path,
        (
            &["seeker_id", "seeker"],
            &["advisor_id", "adviser_id", "advisor", "adviser"],
        ),
        ADVICE_COLUMNS,
        TieCollector::new(&index, options, "advice", advice_path.to_path_buf()),
        &mut warnings,
    )?;
    let mut others = Vec::new();
    for (name, path) in relations {
        let ties = read_ties(
            path,
            (
                &["from_id", "from", "seeker_id"],
                &["to_id", "to", "advisor_id"],
            ),
            LINK_COLUMNS,
            TieCollector::new(&index, options, name, path.to_path_buf()),
            &mut warnings,
        )?;
        others.push((name.clone(), ties));
    }
    Ok(validate::assemble(
        None, people, index, chart, &advice, others, warnings,
    ))
}

struct CsvLocate<'a> {
    path: &'a Path,
    lines: &'a [u64],
}

impl Locate for CsvLocate<'_> {
    fn person(&self, i: usize) -> Location {
        Location::new(
            self.path,
            self.lines.get(i).copied().unwrap_or(0) as usize,
            None,
        )
    }
}

fn syntax(path: &Path, err: &csv::Error) -> LoadError {
    let line = err.position().map_or(0, |p| p.line() as usize);
    let message = match err.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!(
            "this row has {len} fields but the header has {expected_len}; quote values that contain commas"
        ),
        csv::ErrorKind::Utf8 { .. } => "text is not valid UTF-8; save the file as UTF-8".into(),
        _ => format!("malformed CSV: {err}"),
    };
    match err.kind() {
        csv::ErrorKind::Io(source) => LoadError::Read {
            path: path.to_path_buf(),
            reason: std::io::Error::new(source.kind(), source.to_string()),
        },
        _ => LoadError::Syntax {
            at: Location::new(path, line, None),
            message,
        },
    }
}

fn open(path: &Path) -> Result<csv::Reader<std::fs::File>, LoadError> {
    let file = std::fs::File::open(path).map_err(|reason| LoadError::Read {
        path: path.to_path_buf(),
        reason,
    })?;
    Ok(ReaderBuilder::new().flexible(false).from_reader(file))
}

fn normalize(header: &str) -> String {
    header
        .trim()
        .trim_start_matches('\u{feff}')
        .to_ascii_lowercase()
}

fn column(headers: &[String], names: &[&str]) -> Option<usize> {
    names
        .iter()
        .find_map(|name| headers.iter().position(|h| h == name))
}

fn read_people(path: &Path) -> Result<(Vec<Person>, Vec<u64>), LoadError> {
    let mut reader = open(path)?;
    let raw: StringRecord = reader.headers().map_err(|e| syntax(path, &e))?.clone();
    let headers: Vec<String> = raw.iter().map(normalize).collect();
    let missing = |column: &str| LoadError::MissingColumn {
        path: path.to_path_buf(),
        column: column.to_string(),
        expected: PEOPLE_COLUMNS.to_string(),
    };
    let id = column(&headers, &["id", "person_id", "employee_id"]).ok_or_else(|| missing("id"))?;
    let name = column(&headers, &["name", "full_name"]);
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
    let attributes: Vec<(usize, String)> = raw
        .iter()
        .enumerate()
        .filter(|(i, _)| !known.contains(&Some(*i)))
        .map(|(i, h)| (i, h.trim().trim_start_matches('\u{feff}').to_string()))
        .collect();

    let mut people = Vec::new();
    let mut lines = Vec::new();
    let mut record = StringRecord::new();
    while reader
        .read_record(&mut record)
        .map_err(|e| syntax(path, &e))?
    {
        let line = record.position().map_or(0, csv::Position::line);
        let field = |col: Option<usize>| {
            col.and_then(|c| record.get(c))
                .map(str::trim)
                .filter(|v| !v.is_empty())
        };
        let Some(person_id) = field(Some(id)) else {
            return Err(LoadError::Syntax {
                at: Location::new(path, line as usize, None),
                message: "empty person id; every row needs an 'id'".into(),
            });
        };
        let owned = |col| field(col).map(str::to_string);
        let respondent = match field(respondent).map(str::to_ascii_lowercase).as_deref() {
            Some("false" | "no" | "0") => Some(false),
            Some(_) => Some(true),
            None => None,
        };
        people.push(Person {
            id: person_id.to_string(),
            name: field(name).unwrap_or(person_id).to_string(),
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
        lines.push(line);
    }
    Ok((people, lines))
}

fn read_ties(
    path: &Path,
    (from_names, to_names): (&[&str], &[&str]),
    expected: &str,
    mut collector: TieCollector<'_>,
    warnings: &mut Vec<validate::Warning>,
) -> Result<Vec<(u32, u32, f64)>, LoadError> {
    let mut reader = open(path)?;
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| syntax(path, &e))?
        .iter()
        .map(normalize)
        .collect();
    let missing = |column: &str| LoadError::MissingColumn {
        path: path.to_path_buf(),
        column: column.to_string(),
        expected: expected.to_string(),
    };
    let from = column(&headers, from_names).ok_or_else(|| missing(from_names[0]))?;
    let to = column(&headers, to_names).ok_or_else(|| missing(to_names[0]))?;
    let weight = column(&headers, &["weight"]);
    let mut record = ByteRecord::new();
    while reader
        .read_byte_record(&mut record)
        .map_err(|e| syntax(path, &e))?
    {
        let line = record.position().map_or(0, csv::Position::line) as usize;
        let at = || Location::new(path, line, None);
        let text = |col: usize| -> Result<&str, LoadError> {
            let bytes = record.get(col).unwrap_or_default();
            std::str::from_utf8(bytes)
                .map(str::trim)
                .map_err(|_| LoadError::Syntax {
                    at: at(),
                    message: "text is not valid UTF-8; save the file as UTF-8".into(),
                })
        };
        let w = match weight.map(text).transpose()? {
            None | Some("") => 1.0,
            Some(value) => value.parse::<f64>().map_err(|_| LoadError::BadWeight {
                at: at(),
                value: value.to_string(),
            })?,
        };
        collector.push(text(from)?, text(to)?, w, at)?;
    }
    collector.finish(warnings)
}

/// Writes a team as the CSV pair (`people.csv`, `advice.csv`), each atomically.
///
/// # Errors
///
/// I/O errors; a file that failed is left as it was.
pub fn write_csv_pair(org: &Org, people_path: &Path, advice_path: &Path) -> std::io::Result<()> {
    let keys: std::collections::BTreeSet<&String> = org
        .people()
        .iter()
        .flat_map(|p| p.attributes.keys())
        .collect();
    write_atomic(people_path, |w| {
        let mut out = csv::Writer::from_writer(w);
        let mut header = vec!["id", "name", "manager_id", "department", "title", "email"];
        header.extend(keys.iter().map(|k| k.as_str()));
        out.write_record(&header)?;
        for p in org.people() {
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
    })?;
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
