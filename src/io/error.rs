//! Load errors that name the file, line and column, and say how to fix the input.

use std::fmt;
use std::path::PathBuf;

use thiserror::Error;

/// A place in an input file: `path:line:column` (column when known).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file.
    pub path: PathBuf,
    /// 1-based line, 0 when unknown.
    pub line: usize,
    /// 1-based column, when known.
    pub column: Option<usize>,
}

impl Location {
    /// A location with a line and maybe a column.
    pub fn new(path: impl Into<PathBuf>, line: usize, column: Option<usize>) -> Self {
        Location {
            path: path.into(),
            line,
            column,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        Ok(())
    }
}

/// Why a team could not be loaded. Every variant says where and how to fix it.
#[derive(Debug, Error)]
pub enum LoadError {
    /// The file could not be opened or read.
    #[error("cannot read '{}': {reason}; check the path and its permissions", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// What the system said (shown in the message, so not chained as a source).
        reason: std::io::Error,
    },
    /// A spreadsheet workbook given where a text file goes.
    #[error(
        "{}: this is {kind}, not a text file; open it in Excel or LibreOffice and save the sheet as \"CSV UTF-8\"",
        path.display()
    )]
    Workbook {
        /// The file.
        path: PathBuf,
        /// What it looks like, with an article ("an Excel .xlsx workbook").
        kind: &'static str,
    },
    /// The file is not valid RON or CSV.
    #[error("{at}: {message}")]
    Syntax {
        /// Where the parser stopped.
        at: Location,
        /// The parser's message with a hint.
        message: String,
    },
    /// A problem at one place that names a person (by id or name) in its message: `before`,
    /// the quoted `name`, then `after`. Kept apart from [`LoadError::Syntax`] so the name
    /// can be hidden (see [`LoadError::without_ids`]).
    #[error("{at}: {before}'{name}'{after}")]
    Naming {
        /// Where.
        at: Location,
        /// The message up to the name.
        before: String,
        /// The person's id or name.
        name: String,
        /// The rest of the message.
        after: String,
    },
    /// A CSV file lacks a required column.
    #[error("{}:1: missing column '{column}'; the header must name {expected}", path.display())]
    MissingColumn {
        /// The file.
        path: PathBuf,
        /// The column not found.
        column: String,
        /// The columns a file of this kind needs.
        expected: String,
    },
    /// Two people share an id.
    #[error(
        "{at}: duplicate person id '{id}'{}; give each person a unique id",
        first_defined(*.first_line)
    )]
    DuplicateId {
        /// The second definition.
        at: Location,
        /// The repeated id.
        id: String,
        /// Line of the first definition, 0 when not known.
        first_line: usize,
    },
    /// A manager id that names nobody.
    #[error(
        "{at}: unknown manager '{manager}' for person '{person}'; add that person to the team or fix the manager id"
    )]
    UnknownManager {
        /// The person's manager field.
        at: Location,
        /// The person whose manager is unknown.
        person: String,
        /// The id that names nobody.
        manager: String,
    },
    /// Reporting lines that loop back on themselves.
    #[error("{at}: reporting cycle: {}; someone in this loop must report outside it or to nobody", cycle.join(" -> "))]
    ReportingCycle {
        /// The first person of the cycle.
        at: Location,
        /// Ids in reporting order, the first repeated at the end.
        cycle: Vec<String>,
    },
    /// Ties that name people who are not in the team.
    #[error("{}", unknown_people_message(.path, .entries, *.total))]
    UnknownPeople {
        /// The file with the ties.
        path: PathBuf,
        /// Up to ten `(location, id)` examples.
        entries: Vec<(Location, String)>,
        /// How many ties name unknown people in all.
        total: usize,
    },
    /// Repeats of one tie whose weights add up to more than the largest weight.
    #[error(
        "{}the {relation} tie from '{from}' to '{to}' is repeated with weights that add up to \
         {weight:e}, more than 1,000,000,000,000; lower the weights or drop the repeats",
        at.as_ref().map(|at| format!("{at}: ")).unwrap_or_default()
    )]
    HeavyTie {
        /// The weight of the repeat that takes the sum over the limit, when the file can be
        /// read again to find it.
        at: Option<Box<Location>>,
        /// The relation.
        relation: String,
        /// Who seeks.
        from: String,
        /// Who is sought.
        to: String,
        /// The summed weight.
        weight: f64,
    },
    /// A tie weight outside [`MIN_WEIGHT`](crate::model::MIN_WEIGHT) to
    /// [`MAX_WEIGHT`](crate::model::MAX_WEIGHT).
    #[error(
        "{at}: weight '{value}' is not a number from 0.000000000001 to 1,000,000,000,000 (1e-12 to 1e12); use a value such as 1 or 2.5"
    )]
    BadWeight {
        /// The tie.
        at: Location,
        /// The weight as written.
        value: String,
    },
}

impl LoadError {
    /// The error with every person id it holds replaced by `hidden`, for runs whose output
    /// must not name people (`--pseudonymize`); places in the file are kept.
    #[must_use]
    pub fn without_ids(self, hidden: &str) -> Self {
        let hide = |_: String| hidden.to_string();
        match self {
            LoadError::Naming {
                at,
                before,
                name,
                after,
            } => LoadError::Naming {
                at,
                before,
                name: hide(name),
                after,
            },
            LoadError::DuplicateId { at, id, first_line } => LoadError::DuplicateId {
                at,
                id: hide(id),
                first_line,
            },
            LoadError::UnknownManager {
                at,
                person,
                manager,
            } => LoadError::UnknownManager {
                at,
                person: hide(person),
                manager: hide(manager),
            },
            LoadError::ReportingCycle { at, cycle } => LoadError::ReportingCycle {
                at,
                cycle: cycle.into_iter().map(hide).collect(),
            },
            LoadError::UnknownPeople {
                path,
                entries,
                total,
            } => LoadError::UnknownPeople {
                path,
                entries: entries.into_iter().map(|(at, id)| (at, hide(id))).collect(),
                total,
            },
            LoadError::HeavyTie {
                at,
                relation,
                from,
                to,
                weight,
            } => LoadError::HeavyTie {
                at,
                relation,
                from: hide(from),
                to: hide(to),
                weight,
            },
            other => other,
        }
    }
}

/// " (first defined at line N)", or nothing when the line is not known.
fn first_defined(line: usize) -> String {
    if line > 0 {
        format!(" (first defined at line {line})")
    } else {
        String::new()
    }
}

fn unknown_people_message(
    path: &std::path::Path,
    entries: &[(Location, String)],
    total: usize,
) -> String {
    use fmt::Write as _;
    let ties = if total == 1 { "tie names" } else { "ties name" };
    let mut message = format!(
        "{}: {total} {ties} people who are not in the team:",
        path.display()
    );
    for (at, id) in entries {
        let _ = write!(message, "\n  {at}: unknown person '{id}'");
    }
    if total > entries.len() {
        let _ = write!(message, "\n  ... and {} more", total - entries.len());
    }
    message.push_str(
        "\nadd them to the people list, fix the ids, or pass --lenient to skip these ties",
    );
    message
}
