//! The five survey layouts and how roving tells them apart.

use serde::Serialize;

use std::collections::{BTreeMap, HashSet};

use super::table::{Row, Table, number, squash};
use crate::model::Text;

/// How a survey file lays out its answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Shape {
    /// One row per tie: seeker, adviser, optional weight, optional relation.
    EdgeList,
    /// One row per respondent; the names they chose in one cell, joined by `;`, `,`, `|`
    /// or line breaks (Google Forms, Microsoft Forms, Kumu).
    MultiChoice,
    /// One row per respondent, one column per nomination slot (`Advisor 1` … `Advisor N`),
    /// Qualtrics exports included.
    Slots,
    /// Adjacency matrix: names along the first row and column, 0/1 or weights inside.
    Matrix,
    /// Gephi adjacency list, no header: `respondent;nominee;nominee`.
    AdjacencyList,
}

impl Shape {
    /// The name used on the command line and in reports.
    pub fn name(self) -> &'static str {
        match self {
            Shape::EdgeList => "edge-list",
            Shape::MultiChoice => "multi-choice",
            Shape::Slots => "slots",
            Shape::Matrix => "matrix",
            Shape::AdjacencyList => "adjacency-list",
        }
    }
}

pub(super) const SEEKER: &[&str] = &[
    "seeker",
    "seekerid",
    "source",
    "sourceid",
    "from",
    "fromid",
    "ego",
    "egoid",
    "asker",
    "respondent",
    "respondentid",
    "seekername",
    "seekeremail",
];
pub(super) const ADVISER: &[&str] = &[
    "adviser",
    "advisor",
    "adviserid",
    "advisorid",
    "target",
    "targetid",
    "to",
    "toid",
    "alter",
    "alterid",
    "nominee",
    "nomineeid",
    "named",
    "advisername",
    "advisorname",
    "adviseremail",
    "advisoremail",
];
pub(super) const WEIGHT: &[&str] = &["weight", "value", "frequency", "strength"];
/// A header that orders the nominations: 1 is the first choice, the opposite of a weight.
pub(super) const RANK: &[&str] = &["rank", "ranking", "choice", "order", "position"];
pub(super) const RELATION: &[&str] = &["relation", "relationship", "type", "tie", "network"];

/// Respondent identity headers, best first: ids, then e-mails, then names.
const IDENTITY_EXACT: &[&str] = &[
    "respondentid",
    "employeeid",
    "empid",
    "externalreference",
    "externaldatareference",
    "personid",
    "staffid",
    "respondent",
    "youremployeeid",
    "employeenumber",
    "recipientemail",
    "emailaddress",
    "email",
    "youremail",
    "youremailaddress",
    "workemail",
    "username",
    "respondentemail",
    "yourname",
    "name",
    "fullname",
    "respondentname",
    "yourfullname",
    "recipientname",
    "label",
];
/// Question-like headers that ask for the respondent's own identity.
const IDENTITY_CONTAINS: &[&str] = &["youremployeeid", "youremail", "yourname", "yourfullname"];

/// Words of a question that asks whom people go to.
const NOMINATION_WORDS: &[&str] = &[
    "advice",
    "advise",
    "goto",
    "turnto",
    "nominat",
    "colleague",
    "whodoyou",
    "whom",
    "connections",
    "consult",
    "askfor",
    "whohelps",
    "names",
];

/// Where a respondent's identity is: one column, or Qualtrics's first and last name pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Identity {
    /// One column.
    Column(usize),
    /// First-name and last-name columns.
    Pair(usize, usize),
}

/// The detected layout of one survey file.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// The shape.
    pub shape: Shape,
    /// True when the shape was detected, false when given with `--shape`.
    pub detected: bool,
    /// A Qualtrics export (two extra header rows skipped).
    pub qualtrics: bool,
    /// Index of the first data row in the table.
    pub data_start: usize,
    /// Respondent identity columns, best first.
    pub identity: Vec<Identity>,
    /// Nomination columns (slots in rank order, or the one multi-choice column).
    pub nominations: Vec<usize>,
    /// Edge list: the adviser column.
    pub adviser: Option<usize>,
    /// Edge list: the weight column.
    pub weight: Option<usize>,
    /// Edge list: the relation column.
    pub relation: Option<usize>,
    /// Edge list: rows whose Gephi edge type (a `Type` column of `Directed`, `Undirected`)
    /// is `Undirected`.
    pub undirected: usize,
}

impl Layout {
    fn new(shape: Shape) -> Self {
        Layout {
            shape,
            detected: true,
            qualtrics: false,
            data_start: 1,
            identity: Vec::new(),
            nominations: Vec::new(),
            adviser: None,
            weight: None,
            relation: None,
            undirected: 0,
        }
    }
}

fn position(headers: &[String], names: &[&str]) -> Option<usize> {
    names
        .iter()
        .find_map(|name| headers.iter().position(|h| h == name))
}

/// A Gephi edge type, as Gephi's edges table and `roving export --format csv` write it in
/// their `Type` column: how to draw an edge, not which relation it belongs to.
fn is_edge_type(cell: &str) -> bool {
    ["directed", "undirected", "mixed"]
        .iter()
        .any(|t| cell.eq_ignore_ascii_case(t))
}

/// When column `col` holds Gephi edge types (every filled cell one, at least one filled),
/// how many say `Undirected`.
fn edge_types(rows: &[Row], col: usize) -> Option<usize> {
    let mut filled = 0usize;
    let mut undirected = 0usize;
    for row in rows {
        let cell = row.cell(col);
        if cell.is_empty() {
            continue;
        }
        if !is_edge_type(cell) {
            return None;
        }
        filled += 1;
        undirected += usize::from(cell.eq_ignore_ascii_case("undirected"));
    }
    (filled > 0).then_some(undirected)
}

/// The edge list's relation column: the first header that names one, passing over a column
/// of Gephi edge types (`Type`: `Directed`); and how many rows such a column marks
/// `Undirected`.
fn relation_column(headers: &[String], data: &[Row]) -> (Option<usize>, usize) {
    let mut undirected = 0;
    let mut relation = None;
    for name in RELATION {
        for (col, _) in headers.iter().enumerate().filter(|(_, h)| h == name) {
            match edge_types(data, col) {
                Some(n) => undirected = undirected.max(n),
                None if relation.is_none() => relation = Some(col),
                None => {}
            }
        }
    }
    (relation, undirected)
}

/// True for a Qualtrics export: its third row holds `{"ImportId":...}` cells.
fn is_qualtrics(rows: &[Row]) -> bool {
    rows.get(2)
        .is_some_and(|r| r.cells.iter().any(|c| c.starts_with("{\"ImportId\"")))
}

/// Identity columns in priority order, excluding `skip`.
pub(super) fn identity_columns(headers: &[String], skip: &[usize]) -> Vec<Identity> {
    let mut found: Vec<(usize, usize)> = Vec::new(); // (priority, column)
    for (col, h) in headers.iter().enumerate() {
        if skip.contains(&col) {
            continue;
        }
        if let Some(p) = IDENTITY_EXACT.iter().position(|k| k == h) {
            found.push((p, col));
        } else if let Some(p) = IDENTITY_CONTAINS.iter().position(|k| h.contains(k)) {
            // Questions such as "What is your name?" rank with their exact counterparts.
            let exact = IDENTITY_EXACT
                .iter()
                .position(|k| *k == IDENTITY_CONTAINS[p])
                .unwrap_or(IDENTITY_EXACT.len());
            found.push((exact, col));
        }
    }
    found.sort_unstable();
    let mut identity: Vec<Identity> = found
        .into_iter()
        .map(|(_, c)| Identity::Column(c))
        .collect();
    let first = position(headers, &["recipientfirstname"]);
    let last = position(headers, &["recipientlastname"]);
    if let (Some(f), Some(l)) = (first, last) {
        identity.push(Identity::Pair(f, l));
    }
    identity
}

/// Splits `Advisor 3` into (`advisor`, 3).
fn numbered(header: &str) -> Option<(String, u32)> {
    let trimmed = header.trim_end();
    let digits = trimmed.len() - trimmed.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 || digits > 3 {
        return None;
    }
    let (prefix, number) = trimmed.split_at(trimmed.len() - digits);
    let prefix = squash(prefix);
    (!prefix.is_empty()).then(|| (prefix, number.parse().unwrap_or(0)))
}

/// Which lone numbered column (`Advisor 1` with no `Advisor 2`) counts as the slots.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lone {
    /// None: detection, where a single numbered column is more often something else.
    Named,
    /// Any: `--shape slots` says there are slots.
    Any,
}

/// Columns numbered 1..N with one prefix, best group first (several columns, nomination
/// words, most columns). A group of one column counts with [`Lone::Any`], or when it is
/// numbered 1 and its header names advisers (`Advisor 1`, `Who do you go to? 1`).
fn slot_columns(headers: &[String], skip: &[Identity], lone: Lone) -> Option<Vec<usize>> {
    let skipped = |c: usize| {
        skip.iter().any(|i| match *i {
            Identity::Column(x) => x == c,
            Identity::Pair(a, b) => a == c || b == c,
        })
    };
    let nominating = |prefix: &str| {
        NOMINATION_WORDS.iter().any(|w| prefix.contains(w)) || ADVISER.contains(&prefix)
    };
    let mut groups: BTreeMap<String, Vec<(u32, usize)>> = BTreeMap::new();
    for (col, h) in headers.iter().enumerate() {
        if skipped(col) {
            continue;
        }
        if let Some((prefix, n)) = numbered(h) {
            groups.entry(prefix).or_default().push((n, col));
        }
    }
    groups
        .into_iter()
        .filter(|(prefix, cols)| match cols.as_slice() {
            [] => false,
            [(n, _)] => lone == Lone::Any || (*n == 1 && nominating(prefix)),
            _ => true,
        })
        .max_by_key(|(prefix, cols)| {
            (
                cols.len() > 1,
                NOMINATION_WORDS.iter().any(|w| prefix.contains(w)),
                cols.len(),
            )
        })
        .map(|(_, mut cols)| {
            cols.sort_unstable();
            cols.into_iter().map(|(_, c)| c).collect()
        })
}

/// A matrix cell's weight: `x`, `yes` and `true` are 1, else the number as the file writes
/// it (a decimal comma too, in a file not separated by commas). `None` for anything else.
pub(super) fn matrix_weight(cell: &str, delimiter: u8) -> Option<f64> {
    if ["x", "yes", "true"]
        .iter()
        .any(|word| cell.eq_ignore_ascii_case(word))
    {
        return Some(1.0);
    }
    number(cell, delimiter)
}

fn is_matrix_value(cell: &str, delimiter: u8) -> bool {
    cell.is_empty() || matrix_weight(cell, delimiter).is_some()
}

/// A matrix: names along the first row, and the first column naming those people. Cells
/// that are all 0/1 or weights settle it; with some odd cells (`N/A`, `-`) it is still a
/// matrix when the layout is square (the first column and the header name the same people)
/// and most cells inside are values, none of the others a name, so that the odd cells are
/// reported where they are instead of the file being read as an adjacency list.
fn looks_like_matrix(table: &Table) -> bool {
    let delimiter = table.delimiter;
    let Some((header, data)) = table.rows.split_first() else {
        return false;
    };
    let labels: HashSet<&str> = header
        .cells
        .iter()
        .skip(1)
        .map(Text::as_str)
        .filter(|l| !l.is_empty())
        .collect();
    if labels.len() < 2 || data.is_empty() {
        return false;
    }
    let known = data.iter().filter(|r| labels.contains(r.cell(0))).count();
    if known * 2 < data.len() {
        return false;
    }
    let inside = || {
        data.iter()
            .flat_map(|r| r.cells.iter().skip(1).map(Text::as_str))
            .filter(|c| !c.is_empty())
    };
    let odd = inside().filter(|c| !is_matrix_value(c, delimiter)).count();
    if odd == 0 {
        return true;
    }
    let firsts: HashSet<&str> = data.iter().map(|r| r.cell(0)).collect();
    let square = labels.iter().filter(|l| firsts.contains(*l)).count() * 2 >= labels.len();
    let values = inside().count() - odd;
    let names_inside = inside()
        .any(|c| !is_matrix_value(c, delimiter) && (labels.contains(c) || firsts.contains(c)));
    square && values > odd && !names_inside
}

/// Detects the layout, or builds the one `forced` names.
pub fn detect(
    table: &Table,
    forced: Option<Shape>,
    respondent: Option<usize>,
    nominations: Option<usize>,
    relation: &str,
) -> Result<Layout, Undetected> {
    let rows = &table.rows;
    let qualtrics = is_qualtrics(rows);
    let header = rows.first().ok_or(Undetected::Empty)?;
    let headers: Vec<String> = header.cells.iter().map(|h| squash(h)).collect();
    // Qualtrics puts the question text in the second row; slot numbers read best there.
    let questions: Vec<String> = if qualtrics {
        rows.get(1).map(Row::texts).unwrap_or_default()
    } else {
        header.texts()
    };
    let header_texts = header.texts();
    let data_start = if qualtrics { 3 } else { 1 };
    let identity = match respondent {
        Some(col) => vec![Identity::Column(col)],
        None => identity_columns(&headers, &[]),
    };

    let edge = || -> Option<Layout> {
        let seeker = respondent.or_else(|| position(&headers, SEEKER))?;
        let adviser = position(&headers, ADVISER)?;
        let (relation, undirected) =
            relation_column(&headers, rows.get(data_start..).unwrap_or_default());
        Some(Layout {
            identity: vec![Identity::Column(seeker)],
            adviser: Some(adviser),
            weight: position(&headers, WEIGHT),
            relation,
            undirected,
            data_start,
            qualtrics,
            ..Layout::new(Shape::EdgeList)
        })
    };
    let matrix = || Some(Layout::new(Shape::Matrix));
    let slots = |lone: Lone| -> Option<Layout> {
        let columns = slot_columns(&questions, &identity, lone)
            .or_else(|| slot_columns(&header_texts, &identity, lone))?;
        Some(Layout {
            identity: identity.clone(),
            nominations: columns,
            data_start,
            qualtrics,
            ..Layout::new(Shape::Slots)
        })
    };
    let multi = || -> Result<Option<Layout>, Undetected> {
        let skip = |c: usize| {
            identity.iter().any(|i| match *i {
                Identity::Column(x) => x == c,
                Identity::Pair(a, b) => a == c || b == c,
            })
        };
        let question = |c: usize| questions.get(c).map_or_else(String::new, |q| squash(q));
        let asked: Vec<usize> = (0..headers.len())
            .filter(|&c| {
                let question = question(c);
                !skip(c)
                    && NOMINATION_WORDS
                        .iter()
                        .any(|w| question.contains(w) || headers[c].contains(w))
            })
            .collect();
        let chosen = match (nominations, asked.as_slice()) {
            (Some(c), _) => Some(c),
            (None, []) => None,
            (None, [one]) => Some(*one),
            // A form asking several questions (advice, then friendship): the one that names
            // this survey's relation, else the user must say.
            (None, several) => {
                let stem = relation_stem(relation);
                let naming: Vec<usize> = several
                    .iter()
                    .copied()
                    .filter(|&c| question(c).contains(&stem) || headers[c].contains(&stem))
                    .collect();
                match naming.as_slice() {
                    [one] => Some(*one),
                    _ => return Err(Undetected::SeveralQuestions(several.to_vec())),
                }
            }
        };
        let column = chosen.or_else(|| {
            (0..headers.len())
                .filter(|&c| !skip(c))
                .map(|c| {
                    let joined = rows[data_start.min(rows.len())..]
                        .iter()
                        .filter(|r| r.cell(c).contains([';', ',', '|', '\n']))
                        .count();
                    (joined, c)
                })
                .filter(|(n, _)| *n > 0)
                .max()
                .map(|(_, c)| c)
        });
        Ok(column.map(|column| Layout {
            identity: identity.clone(),
            nominations: vec![column],
            data_start,
            qualtrics,
            ..Layout::new(Shape::MultiChoice)
        }))
    };
    let adjacency = || {
        Some(Layout {
            identity: vec![Identity::Column(0)],
            data_start: 0,
            ..Layout::new(Shape::AdjacencyList)
        })
    };

    let question_like = headers.iter().any(|h| {
        NOMINATION_WORDS.iter().any(|w| h.contains(w))
            || ["timestamp", "starttime", "startdate", "responseid"].contains(&h.as_str())
    }) || slot_columns(&header_texts, &[], Lone::Named).is_some();
    if let Some(shape) = forced {
        let layout = match shape {
            Shape::EdgeList => edge().ok_or(Undetected::EdgeColumns),
            Shape::Matrix => matrix().ok_or(Undetected::Unknown),
            Shape::Slots | Shape::MultiChoice if identity.is_empty() => {
                Err(Undetected::NoRespondent)
            }
            Shape::Slots => slots(Lone::Any).ok_or(Undetected::NoNominations),
            Shape::MultiChoice => multi()?.ok_or(Undetected::NoNominations),
            Shape::AdjacencyList => adjacency().ok_or(Undetected::Unknown),
        };
        return layout.map(|mut l| {
            l.detected = false;
            l
        });
    }
    if let Some(layout) = edge() {
        return Ok(layout);
    }
    if looks_like_matrix(table) {
        return matrix().ok_or(Undetected::Unknown);
    }
    if identity.is_empty() {
        if question_like {
            return Err(Undetected::NoRespondent);
        }
        // No header roving knows: a Gephi adjacency list (or a header-less edge list, which
        // reads the same way).
        return adjacency().ok_or(Undetected::Unknown);
    }
    match slots(Lone::Named) {
        Some(layout) => Ok(layout),
        None => multi()?.ok_or(Undetected::NoNominations),
    }
}

/// What a question about `relation` would say: the first letters of its name, so that
/// `advice` finds "advice" and "adviser", `friendship` finds "friend".
fn relation_stem(relation: &str) -> String {
    squash(relation).chars().take(4).collect()
}

/// Why no layout could be settled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Undetected {
    /// Several columns ask whom people go to, and none names the survey's relation alone:
    /// their indices.
    SeveralQuestions(Vec<usize>),
    /// The file has no rows.
    Empty,
    /// No column identifies the respondent.
    NoRespondent,
    /// No column holds the names respondents chose.
    NoNominations,
    /// `--shape edge-list` without seeker and adviser columns.
    EdgeColumns,
    /// Nothing fits.
    Unknown,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_headers_split() {
        assert_eq!(numbered("Advisor 3"), Some(("advisor".into(), 3)));
        assert_eq!(numbered("Q2_10"), Some(("q2".into(), 10)));
        assert_eq!(
            numbered("Who? - Adviser #2"),
            Some(("whoadviser".into(), 2))
        );
        assert_eq!(numbered("Advisor"), None);
        assert_eq!(numbered("2024"), None);
    }

    #[test]
    fn identity_prefers_ids_then_emails_then_names() {
        let headers: Vec<String> = ["Timestamp", "What is your name?", "Email Address", "ID"]
            .iter()
            .map(|h| squash(h))
            .collect();
        assert_eq!(
            identity_columns(&headers, &[]),
            vec![Identity::Column(2), Identity::Column(1)]
        );
    }
}
