//! Reading the answers of one survey file, whatever its shape, into responses: who answered
//! and whom they named.

use std::path::Path;

use crate::io::LoadError;

use super::ImportError;
use super::names::{Directory, Outcome};
use super::shape::{Identity, Layout, Shape, matrix_weight};
use super::table::{Row, Table, cell_at, number};

/// One name a respondent gave.
#[derive(Debug, Clone, PartialEq)]
pub struct Nominee {
    /// The text as written.
    pub text: String,
    /// Tie weight (1, a rank weight, or the file's weight).
    pub weight: f64,
}

/// One respondent's answer (one row; for edge lists, one tie).
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// Line of the row.
    pub line: usize,
    /// Texts that may identify the respondent, best first (id, e-mail, name).
    pub identity: Vec<String>,
    /// The names they gave.
    pub nominees: Vec<Nominee>,
    /// Relation named on the row (edge lists), if any.
    pub relation: Option<String>,
    /// False for a matrix row left entirely blank (the person did not answer).
    pub answered: bool,
}

/// Splits a multi-choice cell into names. Line breaks, `;` and `|` always separate; commas
/// separate only when nothing else does, and a "Last, First" pair that names a person (or
/// comes close) is kept whole.
pub fn split_names(cell: &str, directory: &Directory) -> Vec<String> {
    let parts: Vec<&str> = if cell.contains(['\n', ';', '|']) {
        cell.split(['\n', '\r', ';', '|']).collect()
    } else if cell.contains(',') {
        let pieces: Vec<&str> = cell.split(',').map(str::trim).collect();
        let mut names = Vec::new();
        let mut i = 0;
        while i < pieces.len() {
            if i + 1 < pieces.len()
                && !directory.is_certain(pieces[i])
                && !directory.is_certain(pieces[i + 1])
            {
                let pair = format!("{}, {}", pieces[i], pieces[i + 1]);
                if !matches!(directory.resolve(&pair), Outcome::Unmatched) {
                    names.push(pair);
                    i += 2;
                    continue;
                }
            }
            names.push(pieces[i].to_string());
            i += 1;
        }
        return names.into_iter().filter(|n| !n.is_empty()).collect();
    } else {
        vec![cell]
    };
    parts
        .into_iter()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_string)
        .collect()
}

fn identity_texts(row: &Row, identity: &[Identity]) -> Vec<String> {
    identity_from(identity, |c| row.cell(c).to_string())
}

/// The respondent's identity texts, with `cell(c)` giving column `c`'s text.
fn identity_from(identity: &[Identity], mut cell: impl FnMut(usize) -> String) -> Vec<String> {
    identity
        .iter()
        .map(|i| match *i {
            Identity::Column(c) => cell(c),
            Identity::Pair(f, l) => format!("{} {}", cell(f), cell(l)).trim().to_string(),
        })
        .filter(|t| !t.is_empty())
        .collect()
}

/// An edge list's weight cell: a number from 1e-12 to 1e12, or 0 for no tie (a decimal
/// comma too, in a file not separated by commas).
fn parse_weight(
    path: &Path,
    (row, field): (&Row, usize),
    text: &str,
    delimiter: u8,
) -> Result<f64, ImportError> {
    match number(text, delimiter) {
        Some(w) if w == 0.0 || crate::model::is_weight(w) => Ok(w),
        _ => Err(LoadError::BadWeight {
            at: cell_at(path, delimiter, row.line, field),
            value: text.to_string(),
        }
        .into()),
    }
}

/// Reads the responses of a table laid out as `layout`, consuming it, and hands each to
/// `each` in file order; returns how many there were. Nothing holds them all: an edge
/// list's rows are let go one by one as their cells move into the responses, and each
/// response is gone once `each` has taken it, so a survey of millions of ties is never held
/// twice.
pub fn responses(
    table: Table,
    layout: &Layout,
    directory: &Directory,
    rank_weights: bool,
    mut each: impl FnMut(Response) -> Result<(), ImportError>,
) -> Result<usize, ImportError> {
    let path = table.path.as_path();
    let delimiter = table.delimiter;
    let mut count = 0usize;
    let mut out = |response: Response| -> Result<(), ImportError> {
        count += 1;
        each(response)
    };
    match layout.shape {
        Shape::EdgeList => {
            let adviser = layout.adviser.unwrap_or(1);
            // A column read for more than one purpose is copied, never moved.
            let mut uses = vec![adviser];
            uses.extend(layout.weight);
            uses.extend(layout.relation);
            for identity in &layout.identity {
                match *identity {
                    Identity::Column(c) => uses.push(c),
                    Identity::Pair(f, l) => uses.extend([f, l]),
                }
            }
            let once = |c: usize| uses.iter().filter(|&&u| u == c).count() == 1;
            for mut row in table.rows.into_iter().skip(layout.data_start) {
                let weight = match layout.weight.map(|c| (c, row.cell(c))) {
                    None | Some((_, "")) => 1.0,
                    Some((c, text)) => parse_weight(path, (&row, c), text, delimiter)?,
                };
                let relation = layout
                    .relation
                    .map(|c| row.cell(c).to_string())
                    .filter(|r| !r.is_empty());
                let mut cell = |c: usize| match row.cells.get_mut(c) {
                    Some(cell) if once(c) => std::mem::take(cell).into_string(),
                    Some(cell) => cell.to_string(),
                    None => String::new(),
                };
                let identity = identity_from(&layout.identity, &mut cell);
                let nominee = cell(adviser);
                out(Response {
                    line: row.line,
                    identity,
                    // A weight of 0 (such as "never" on a frequency scale) is no tie.
                    nominees: if nominee.is_empty() || weight == 0.0 {
                        Vec::new()
                    } else {
                        vec![Nominee {
                            text: nominee,
                            weight,
                        }]
                    },
                    relation,
                    answered: true,
                })?;
            }
        }
        Shape::Matrix => {
            let header = &table.rows[0];
            for row in table.rows.get(layout.data_start..).unwrap_or_default() {
                let mut nominees = Vec::new();
                let mut answered = false;
                for (col, cell) in row.cells.iter().enumerate().skip(1) {
                    if cell.is_empty() {
                        continue;
                    }
                    answered = true;
                    let weight = match matrix_weight(cell, delimiter) {
                        Some(w) if w == 0.0 || crate::model::is_weight(w) => w,
                        _ => {
                            return Err(ImportError::BadCell {
                                at: cell_at(path, delimiter, row.line, col),
                                value: cell.to_string(),
                                expected: "0 (no tie), x, or a weight from 1e-12 to 1e12 \
                                           (a tie)",
                            });
                        }
                    };
                    let name = header.cell(col);
                    if weight > 0.0 && !name.is_empty() {
                        nominees.push(Nominee {
                            text: name.to_string(),
                            weight,
                        });
                    }
                }
                out(Response {
                    line: row.line,
                    identity: identity_texts(row, &[Identity::Column(0)]),
                    nominees,
                    relation: None,
                    answered,
                })?;
            }
        }
        Shape::AdjacencyList => {
            for row in table.rows.get(layout.data_start..).unwrap_or_default() {
                out(Response {
                    line: row.line,
                    identity: identity_texts(row, &[Identity::Column(0)]),
                    nominees: row
                        .cells
                        .iter()
                        .skip(1)
                        .filter(|c| !c.is_empty())
                        .map(|c| Nominee {
                            text: c.to_string(),
                            weight: 1.0,
                        })
                        .collect(),
                    relation: None,
                    answered: true,
                })?;
            }
        }
        Shape::Slots => {
            let slots = layout.nominations.len();
            for row in table.rows.get(layout.data_start..).unwrap_or_default() {
                let nominees = layout
                    .nominations
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| !row.cell(**c).is_empty())
                    .map(|(k, c)| Nominee {
                        text: row.cell(*c).to_string(),
                        // First choice weighs N, the last 1.
                        weight: if rank_weights {
                            (slots - k) as f64
                        } else {
                            1.0
                        },
                    })
                    .collect();
                out(Response {
                    line: row.line,
                    identity: identity_texts(row, &layout.identity),
                    nominees,
                    relation: None,
                    answered: true,
                })?;
            }
        }
        Shape::MultiChoice => {
            let column = layout.nominations.first().copied().unwrap_or(0);
            for row in table.rows.get(layout.data_start..).unwrap_or_default() {
                out(Response {
                    line: row.line,
                    identity: identity_texts(row, &layout.identity),
                    nominees: split_names(row.cell(column), directory)
                        .into_iter()
                        .map(|text| Nominee { text, weight: 1.0 })
                        .collect(),
                    relation: None,
                    answered: true,
                })?;
            }
        }
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Person;

    #[test]
    fn last_first_names_are_not_split() {
        let people = vec![
            Person::new("1", "Ann Lee"),
            Person::new("2", "Bo Chen"),
            Person::new("3", "Cy Diaz"),
        ];
        let d = Directory::new(&people);
        assert_eq!(
            split_names("Lee, Ann, Bo Chen", &d),
            ["Lee, Ann", "Bo Chen"]
        );
        assert_eq!(split_names("Ann Lee, Bo Chen", &d), ["Ann Lee", "Bo Chen"]);
        assert_eq!(
            split_names("Lee, Ann; Chen, Bo;", &d),
            ["Lee, Ann", "Chen, Bo"]
        );
        assert_eq!(split_names("Ann Lee\nCy Diaz", &d), ["Ann Lee", "Cy Diaz"]);
        assert_eq!(split_names("Ann Lee|Cy Diaz", &d), ["Ann Lee", "Cy Diaz"]);
        assert_eq!(split_names("Zed, Cy Diaz", &d), ["Zed", "Cy Diaz"]);
        assert!(split_names("", &d).is_empty());
    }
}
