//! The org chart as an HRIS export: one row per person, common header names recognised
//! case-insensitively, each column overridable by a flag. The manager may be given by id,
//! e-mail or name.

use std::collections::BTreeMap;
use std::path::Path;

use crate::io::csv_lines::{repeated_header, repeated_header_message};
use crate::io::validate::Locate;
use crate::io::{LoadError, Location};
use crate::model::{Person, Text};

use super::ImportError;
use super::names::{Directory, Outcome};
use super::table::{Row, Table, cell_at, read_table, squash};

/// Header names to use instead of the recognised ones (as written in the file).
#[derive(Debug, Clone, Default)]
pub struct OrgColumns {
    /// Employee id.
    pub id: Option<String>,
    /// Full name.
    pub name: Option<String>,
    /// First (given) name, joined with the last name when there is no full name.
    pub first_name: Option<String>,
    /// Last (family) name.
    pub last_name: Option<String>,
    /// Work e-mail.
    pub email: Option<String>,
    /// The manager, by id, e-mail or name.
    pub manager: Option<String>,
    /// Department, team or org unit.
    pub department: Option<String>,
    /// Job title.
    pub title: Option<String>,
}

const ID: &[&str] = &[
    "employeeid",
    "empid",
    "id",
    "employeenumber",
    "employeeno",
    "personid",
    "staffid",
    "workerid",
    "personnelnumber",
    "userid",
];
const NAME: &[&str] = &[
    "fullname",
    "name",
    "employeename",
    "displayname",
    "employee",
    "preferredname",
];
const FIRST: &[&str] = &[
    "firstname",
    "givenname",
    "first",
    "forename",
    "preferredfirstname",
];
const LAST: &[&str] = &["lastname", "surname", "familyname", "last"];
const EMAIL: &[&str] = &[
    "email",
    "emailaddress",
    "workemail",
    "mail",
    "businessemail",
    "workemailaddress",
];
const MANAGER: &[&str] = &[
    "managerid",
    "manageremployeeid",
    "supervisorid",
    "reportstoid",
    "linemanagerid",
    "manageremail",
    "supervisoremail",
    "reportstoemail",
    "manageremailaddress",
    "managername",
    "supervisorname",
    "reportstoname",
    "manager",
    "supervisor",
    "reportsto",
    "linemanager",
    "directmanager",
];
const DEPARTMENT: &[&str] = &[
    "department",
    "dept",
    "team",
    "orgunit",
    "organizationalunit",
    "organisationalunit",
    "organizationunit",
    "division",
    "businessunit",
    "departmentname",
    "unit",
];
const TITLE: &[&str] = &[
    "jobtitle",
    "title",
    "position",
    "positiontitle",
    "jobname",
    "role",
];

/// Finds a column: the override by its header (case and punctuation ignored), else the first
/// recognised name in `names` order.
fn find(
    headers: &[String],
    path: &Path,
    flag: &str,
    chosen: Option<&String>,
    names: &[&str],
) -> Result<Option<usize>, ImportError> {
    let squashed: Vec<String> = headers.iter().map(|h| squash(h)).collect();
    if let Some(wanted) = chosen {
        let key = squash(wanted);
        return squashed
            .iter()
            .position(|h| *h == key)
            .map(Some)
            .ok_or_else(|| ImportError::UnknownColumn {
                path: path.to_path_buf(),
                flag: flag.to_string(),
                column: wanted.clone(),
                available: headers.join("', '"),
            });
    }
    Ok(names
        .iter()
        .find_map(|name| squashed.iter().position(|h| h == name)))
}

/// People read from the org chart, with the line each came from.
#[derive(Debug)]
pub struct OrgChartFile {
    /// Everybody, managers as ids.
    pub people: Vec<Person>,
    /// Where each person's id and manager cells are, for error messages.
    pub places: ChartPlaces,
    /// Which header was used for what, for the report.
    pub columns: Vec<(String, String)>,
    /// The metric columns of a file roving wrote, left out (see [`crate::io::computed`]),
    /// and its `respondent` column: the surveys tell who answered.
    pub computed: Vec<String>,
    /// The people indexed for matching names (built once: a large org chart takes a while).
    pub directory: Directory,
}

/// Where the cells of an org chart's people are: each row's line, the column that gave
/// each person's id, and the manager column. Errors name the cell (`file:line:column`);
/// the file is read again to count its column, on error paths only.
#[derive(Debug)]
pub struct ChartPlaces {
    path: std::path::PathBuf,
    delimiter: u8,
    /// Line of each person's row.
    lines: Vec<usize>,
    /// Field (from 0) of the cell each person's id was taken from.
    id_fields: Vec<u32>,
    manager_field: Option<usize>,
}

impl ChartPlaces {
    /// The line of person `i`'s row (0 if there is no such person).
    pub fn line(&self, i: usize) -> usize {
        self.lines.get(i).copied().unwrap_or(0)
    }

    fn cell(&self, i: usize, field: usize) -> Location {
        cell_at(&self.path, self.delimiter, self.line(i), field)
    }
}

impl Locate for ChartPlaces {
    fn person(&self, i: usize) -> Location {
        let field = self.id_fields.get(i).copied().unwrap_or(0);
        self.cell(i, field as usize)
    }

    fn manager(&self, i: usize) -> Location {
        match self.manager_field {
            Some(field) => self.cell(i, field),
            None => self.person(i),
        }
    }
}

/// Reads the org chart.
pub fn read_org_chart(
    path: &Path,
    columns: &OrgColumns,
    delimiter: Option<u8>,
) -> Result<OrgChartFile, ImportError> {
    let table: Table = read_table(path, delimiter)?;
    let Some((header, rows)) = table.rows.split_first() else {
        return Err(ImportError::Empty {
            path: path.to_path_buf(),
            what: "a header row and one row per person",
        });
    };
    let headers = &header.texts();
    if rows.iter().all(Row::is_blank) {
        return Err(ImportError::HeaderOnly {
            path: path.to_path_buf(),
            what: "one row per person",
        });
    }
    // A cell past the header's last column belongs to no column: the row's values are off
    // by one or more (an unquoted `VP, Engineering`), so every later value would be read
    // under the wrong header. As `rank` and `convert` do, that is an error at the cell.
    if let Some((row, extra)) = rows.iter().find_map(|row| {
        row.cells
            .iter()
            .skip(headers.len())
            .position(|c| !c.is_empty())
            .map(|k| (row, headers.len() + k))
    }) {
        let fields = row.cells.len();
        return Err(LoadError::Syntax {
            at: cell_at(path, table.delimiter, row.line, extra),
            message: format!(
                "this row has {fields} fields but the header has {}; quote values that \
                 contain the separator",
                headers.len()
            ),
        }
        .into());
    }
    // Every column is read (the unknown ones as attributes): none may be named twice.
    if let Some((first, second)) = repeated_header(headers, squash, |_| true) {
        return Err(LoadError::Syntax {
            at: cell_at(path, table.delimiter, header.line, second),
            message: repeated_header_message(&headers[second], first, second),
        }
        .into());
    }
    let id = find(headers, path, "--id-column", columns.id.as_ref(), ID)?;
    let name = find(headers, path, "--name-column", columns.name.as_ref(), NAME)?;
    let first = find(
        headers,
        path,
        "--first-name-column",
        columns.first_name.as_ref(),
        FIRST,
    )?;
    let last = find(
        headers,
        path,
        "--last-name-column",
        columns.last_name.as_ref(),
        LAST,
    )?;
    // Gephi's nodes table, and roving's own (`roving export --format csv`), name people in
    // `Label`; taken only when nothing better names them.
    let name = match (name, first, last) {
        (None, None, None) => find(headers, path, "--name-column", None, &["label"])?,
        _ => name,
    };
    let email = find(
        headers,
        path,
        "--email-column",
        columns.email.as_ref(),
        EMAIL,
    )?;
    let manager = find(
        headers,
        path,
        "--manager-column",
        columns.manager.as_ref(),
        MANAGER,
    )?;
    let department = find(
        headers,
        path,
        "--department-column",
        columns.department.as_ref(),
        DEPARTMENT,
    )?;
    let title = find(
        headers,
        path,
        "--title-column",
        columns.title.as_ref(),
        TITLE,
    )?;
    if id.is_none() && email.is_none() && name.is_none() && first.is_none() {
        return Err(LoadError::MissingColumn {
            path: path.to_path_buf(),
            column: "employee id".into(),
            expected: "an employee id, e-mail or name column (or say which with --id-column)"
                .into(),
        }
        .into());
    }
    let used = [id, name, first, last, email, manager, department, title];
    let mut computed: Vec<usize> = crate::io::computed::computed_columns(headers)
        .into_iter()
        .filter(|i| !used.contains(&Some(*i)))
        .collect();
    // The surveys tell who answered: the `respondent` column of a nodes table roving wrote
    // (of an earlier wave, perhaps) is left out with its metrics, not kept contradicting it.
    let respondent = (!computed.is_empty())
        .then(|| headers.iter().position(|h| squash(h) == "respondent"))
        .flatten();
    computed.extend(respondent);
    let mut report = Vec::new();
    for (what, col) in [
        ("id", id),
        ("name", name),
        ("first name", first),
        ("last name", last),
        ("e-mail", email),
        ("manager", manager),
        ("department", department),
        ("title", title),
    ] {
        if let Some(c) = col {
            report.push((what.to_string(), headers[c].clone()));
        }
    }
    let extra: Vec<(usize, String)> = headers
        .iter()
        .enumerate()
        .filter(|(i, h)| !used.contains(&Some(*i)) && !computed.contains(i) && !h.is_empty())
        .map(|(i, h)| (i, h.clone()))
        .collect();

    let mut people = Vec::with_capacity(rows.len());
    let mut places = ChartPlaces {
        path: path.to_path_buf(),
        delimiter: table.delimiter,
        lines: Vec::with_capacity(rows.len()),
        id_fields: Vec::with_capacity(rows.len()),
        manager_field: manager,
    };
    let mut manager_text = Vec::with_capacity(rows.len());
    for row in rows {
        let get = |col: Option<usize>| {
            col.map(|c| row.cell(c))
                .filter(|v| !v.is_empty())
                .map(str::to_string)
        };
        let full_name = get(name).or_else(|| {
            let parts: Vec<String> = [get(first), get(last)].into_iter().flatten().collect();
            (!parts.is_empty()).then(|| parts.join(" "))
        });
        // The cell the id comes from: the id column, else the e-mail, else the name (or
        // the first or last name it is made of).
        let id_field = [id, email, name, first, last]
            .into_iter()
            .flatten()
            .find(|&c| !row.cell(c).is_empty());
        let Some(person_id) = get(id).or_else(|| get(email)).or_else(|| full_name.clone()) else {
            let field = id.or(email).or(name).or(first).unwrap_or(0);
            return Err(LoadError::Syntax {
                at: cell_at(path, table.delimiter, row.line, field),
                message: "this row has no employee id, e-mail or name".to_string(),
            }
            .into());
        };
        people.push(Person {
            name: full_name.unwrap_or_else(|| person_id.clone()).into(),
            id: person_id.into(),
            manager: None,
            title: get(title).map(Text::from),
            department: get(department).map(Text::from),
            email: get(email).map(Text::from),
            respondent: None,
            attributes: extra
                .iter()
                .filter_map(|(c, h)| get(Some(*c)).map(|v| (h.clone(), v)))
                .collect::<BTreeMap<_, _>>(),
        });
        places.lines.push(row.line);
        let id_field = id_field.unwrap_or(0);
        places
            .id_fields
            .push(u32::try_from(id_field).unwrap_or(u32::MAX));
        manager_text.push(get(manager));
    }
    let directory = resolve_managers(&mut people, &places, &manager_text)?;
    Ok(OrgChartFile {
        people,
        places,
        columns: report,
        computed: computed.iter().map(|&i| headers[i].clone()).collect(),
        directory,
    })
}

/// Turns each manager cell (id, e-mail or name) into the manager's id. A person listed as
/// their own manager (as some HR systems do for the top) reports to nobody. Returns the
/// directory it matched them with.
fn resolve_managers(
    people: &mut [Person],
    places: &ChartPlaces,
    manager_text: &[Option<String>],
) -> Result<Directory, ImportError> {
    let directory = Directory::new(people);
    let mut resolved = Vec::with_capacity(people.len());
    for (i, text) in manager_text.iter().enumerate() {
        let Some(text) = text else {
            resolved.push(None);
            continue;
        };
        let at = || places.manager(i);
        match directory.resolve_certain(text) {
            Outcome::Found(m, _) if m as usize == i => resolved.push(None),
            Outcome::Found(m, _) => resolved.push(Some(people[m as usize].id.clone())),
            Outcome::Ambiguous(candidates) => {
                return Err(ImportError::AmbiguousManager {
                    at: at(),
                    person: people[i].id.to_string(),
                    manager: text.clone(),
                    candidates: candidates
                        .iter()
                        .map(|&c| {
                            format!(
                                "'{}' (line {})",
                                people[c as usize].id,
                                places.line(c as usize)
                            )
                        })
                        .collect::<Vec<_>>()
                        .join(", "),
                });
            }
            Outcome::Fuzzy(..) | Outcome::Unmatched => {
                return Err(LoadError::UnknownManager {
                    at: at(),
                    person: people[i].id.to_string(),
                    manager: text.clone(),
                }
                .into());
            }
        }
    }
    for (person, manager) in people.iter_mut().zip(resolved) {
        person.manager = manager;
    }
    Ok(directory)
}
