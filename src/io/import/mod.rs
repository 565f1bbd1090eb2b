//! `roving import`: an HRIS org chart and raw survey downloads into a team file, with a
//! report of everything that could not be matched.
//!
//! The org chart ([`read_org_chart`]) gives the people; each survey file is read as one of
//! five [`Shape`]s, its names are matched to people ([`Directory`]: id, e-mail, exact,
//! normalised, then fuzzy), self-nominations are dropped and repeated ties merged. Nothing is
//! guessed silently: fuzzy and ambiguous matches are listed in the [`ImportReport`] and
//! fuzzy ones applied only when asked.

mod names;
mod org_chart;
mod repeats;
mod report;
mod shape;
mod survey;
mod table;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::model::{PersonIx, Phase, Progress, Silent, Team, in_phase};
use crate::privacy::suppress;
use crate::text::count as count_text;

use super::validate::{self, Locate};
use super::{LoadError, Location};

use repeats::AnswerRows;

pub use names::{Directory, FUZZY_MARGIN, FUZZY_THRESHOLD, Fuzzy, How, Outcome, normalize_name};
pub use org_chart::{OrgColumns, read_org_chart};
pub use report::{
    AmbiguousName, DepartmentRate, FuzzyMatch, ImportReport, MatchCounts, RelationSummary,
    SurveySummary, UnmatchedName,
};
pub use shape::Shape;
pub use survey::split_names;

/// The relation advice ties go to.
pub const ADVICE: &str = "advice";

/// Why an import failed. Every variant names the file and, where it applies, the line.
#[derive(Debug, Error)]
pub enum ImportError {
    /// A file could not be read, or the org chart is invalid.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// A column named by a flag is not in the file.
    #[error(
        "{}:1: no column '{column}' (given with {flag}); the header has '{available}'",
        path.display()
    )]
    UnknownColumn {
        /// The file.
        path: PathBuf,
        /// The flag.
        flag: String,
        /// The header asked for.
        column: String,
        /// The headers present.
        available: String,
    },
    /// A manager name that fits several people.
    #[error(
        "{at}: manager '{manager}' of '{person}' fits several people: {candidates}; give \
         managers by id or e-mail (--manager-column)"
    )]
    AmbiguousManager {
        /// The row.
        at: Location,
        /// The person.
        person: String,
        /// The manager as written.
        manager: String,
        /// The people it fits.
        candidates: String,
    },
    /// The file has no data.
    #[error("{}: the file is empty; expected {what}", path.display())]
    Empty {
        /// The file.
        path: PathBuf,
        /// What should be there.
        what: &'static str,
    },
    /// The survey's layout could not be settled.
    #[error("{}:1: {message}", path.display())]
    Shape {
        /// The file.
        path: PathBuf,
        /// What is missing and how to say it.
        message: String,
    },
    /// Not one name in a survey file matched anybody in the org chart.
    #[error(
        "{}: no name in this survey matched anybody in the org chart '{}' ({tried}, such as \
         {examples}); is it the wrong org chart, or are the names in other columns? roving \
         read it as {read_as}; choose with --shape, --respondent or --nominations",
        path.display(),
        org_chart.display()
    )]
    NothingMatched {
        /// The survey file.
        path: PathBuf,
        /// The org chart.
        org_chart: PathBuf,
        /// How many names were looked up, as `6 names`.
        tried: String,
        /// A few of them, quoted.
        examples: String,
        /// The shape and columns the survey was read with.
        read_as: String,
    },
    /// A cell that cannot be read.
    #[error("{at}: '{value}' is not {expected}")]
    BadCell {
        /// The cell.
        at: Location,
        /// The text.
        value: String,
        /// What was expected.
        expected: &'static str,
    },
}

/// One survey file and the relation its answers describe.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurveySource {
    /// The file.
    pub path: PathBuf,
    /// The relation (`advice` by default).
    pub relation: String,
    /// This file's shape, chosen by hand (else [`ImportOptions::shape`], else detected).
    pub shape: Option<Shape>,
}

/// How to read the files and what to accept.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// Org chart headers chosen by hand.
    pub org_columns: OrgColumns,
    /// Survey shape chosen by hand.
    pub shape: Option<Shape>,
    /// Survey column identifying the respondent, chosen by hand.
    pub respondent: Option<String>,
    /// Survey column holding the nominations (multi-choice), chosen by hand.
    pub nominations: Option<String>,
    /// Slot order becomes a weight: the first of N slots weighs N, the last 1.
    pub rank_weights: bool,
    /// Apply fuzzy matches.
    pub accept_fuzzy: bool,
    /// When a name is proposed as a fuzzy match.
    pub fuzzy: Fuzzy,
    /// Separator chosen by hand (else guessed per file).
    pub delimiter: Option<u8>,
    /// Smallest department shown in the report's response-rate table.
    pub min_group: usize,
    /// Team display name.
    pub name: Option<String>,
}

/// A team file ready to save, and the report.
#[derive(Debug)]
pub struct Imported {
    /// The team.
    pub team: Team,
    /// What happened.
    pub report: ImportReport,
}

struct LineLocate<'a> {
    path: &'a Path,
    lines: &'a [usize],
}

impl Locate for LineLocate<'_> {
    fn person(&self, i: usize) -> Location {
        Location::new(self.path, self.lines.get(i).copied().unwrap_or(0), None)
    }
}

/// Occurrences of names, for the report.
#[derive(Default)]
struct Tally {
    counts: MatchCounts,
    fuzzy: BTreeMap<(String, PersonIx), (f64, Vec<String>)>,
    ambiguous: BTreeMap<String, (Vec<PersonIx>, Vec<String>)>,
    unmatched: BTreeMap<(String, &'static str), Vec<String>>,
}

impl Tally {
    /// Records one occurrence; returns the person if the match is applied. `place` says
    /// where it is, and is only made for occurrences the report lists.
    fn record(
        &mut self,
        text: &str,
        role: &'static str,
        outcome: &Outcome,
        place: impl FnOnce() -> String,
        accept_fuzzy: bool,
    ) -> Option<PersonIx> {
        match outcome {
            Outcome::Found(p, how) => {
                self.counts.found(*how);
                Some(*p)
            }
            Outcome::Fuzzy(p, score) => {
                if accept_fuzzy {
                    self.counts.fuzzy_applied += 1;
                } else {
                    self.counts.fuzzy_pending += 1;
                }
                self.fuzzy
                    .entry((text.to_string(), *p))
                    .or_insert_with(|| (*score, Vec::new()))
                    .1
                    .push(place());
                accept_fuzzy.then_some(*p)
            }
            Outcome::Ambiguous(list) => {
                self.counts.ambiguous += 1;
                self.ambiguous
                    .entry(text.to_string())
                    .or_insert_with(|| (list.clone(), Vec::new()))
                    .1
                    .push(place());
                None
            }
            Outcome::Unmatched => {
                self.counts.unmatched += 1;
                self.unmatched
                    .entry((text.to_string(), role))
                    .or_default()
                    .push(place());
                None
            }
        }
    }
}

/// The best of several identity texts: a certain match first, then a fuzzy one, then an
/// ambiguous one, else the first text unmatched.
fn best_identity(directory: &Directory, texts: &[String]) -> Option<(String, Outcome)> {
    let rank = |o: &Outcome| match o {
        Outcome::Found(..) => 0,
        Outcome::Fuzzy(..) => 1,
        Outcome::Ambiguous(_) => 2,
        Outcome::Unmatched => 3,
    };
    texts
        .iter()
        .map(|t| (t.clone(), directory.resolve(t)))
        .min_by_key(|(_, o)| rank(o))
}

fn column_index(
    path: &Path,
    header: &[String],
    flag: &str,
    name: &str,
) -> Result<usize, ImportError> {
    let key = table::squash(name);
    header
        .iter()
        .position(|h| table::squash(h) == key)
        .ok_or_else(|| ImportError::UnknownColumn {
            path: path.to_path_buf(),
            flag: flag.to_string(),
            column: name.to_string(),
            available: header.join("', '"),
        })
}

fn shape_error(path: &Path, why: shape::Undetected, header: &[String]) -> ImportError {
    use shape::Undetected;
    let headers = header.join("', '");
    let message = match why {
        Undetected::Empty => {
            return ImportError::Empty {
                path: path.to_path_buf(),
                what: "survey answers",
            };
        }
        Undetected::NoRespondent => format!(
            "cannot tell which column identifies the respondent; pass --respondent COLUMN \
             (the header has '{headers}')"
        ),
        Undetected::NoNominations => format!(
            "cannot tell which column holds the names respondents chose; pass --nominations \
             COLUMN or --shape (the header has '{headers}')"
        ),
        Undetected::EdgeColumns => format!(
            "an edge list needs seeker and adviser columns (such as 'seeker' and 'adviser'); \
             the header has '{headers}'"
        ),
        Undetected::Unknown => format!(
            "cannot tell the survey's shape; pass --shape edge-list, multi-choice, slots, \
             matrix or adjacency-list (the header has '{headers}')"
        ),
    };
    ImportError::Shape {
        path: path.to_path_buf(),
        message,
    }
}

/// Imports an org chart and survey files.
///
/// # Errors
///
/// [`ImportError`] for unreadable or malformed files, an invalid org chart, or a survey
/// whose layout cannot be settled. Unmatched names are not errors: they go in the report.
pub fn import(
    org_path: &Path,
    surveys: &[SurveySource],
    options: &ImportOptions,
) -> Result<Imported, ImportError> {
    import_with(org_path, surveys, options, &Silent)
}

/// [`import`], reporting [`Phase::Chart`] for the org chart, then [`Phase::ReadSurvey`] and
/// [`Phase::Match`] for each survey, to `progress`.
///
/// # Errors
///
/// As [`import`].
pub fn import_with(
    org_path: &Path,
    surveys: &[SurveySource],
    options: &ImportOptions,
    progress: &dyn Progress,
) -> Result<Imported, ImportError> {
    progress.start(Phase::Chart, 0);
    let chart_file = read_org_chart(org_path, &options.org_columns, options.delimiter)?;
    let mut people = chart_file.people;
    let locate = LineLocate {
        path: org_path,
        lines: &chart_file.lines,
    };
    let index = validate::index_people(&people, &locate)?;
    let chart = validate::build_chart(&people, &index, &locate)?;
    let directory = chart_file.directory.with_fuzzy(options.fuzzy);
    progress.finish(Phase::Chart);

    let mut tally = Tally::default();
    let mut answered: BTreeSet<PersonIx> = BTreeSet::new();
    let mut ties: BTreeMap<String, Vec<(PersonIx, PersonIx, f64)>> = BTreeMap::new();
    let mut relations: BTreeMap<String, RelationSummary> = BTreeMap::new();
    let mut summaries = Vec::new();
    let mut warnings = Vec::new();
    for source in surveys {
        let path = source.path.as_path();
        let table = in_phase(progress, Phase::ReadSurvey, 0, || {
            table::read_table(path, options.delimiter)
        })?;
        let header: Vec<String> = table
            .rows
            .first()
            .map(table::Row::texts)
            .unwrap_or_default();
        let respondent = options
            .respondent
            .as_deref()
            .map(|c| column_index(path, &header, "--respondent", c))
            .transpose()?;
        let nominations = options
            .nominations
            .as_deref()
            .map(|c| column_index(path, &header, "--nominations", c))
            .transpose()?;
        let layout = shape::detect(
            &table,
            source.shape.or(options.shape),
            respondent,
            nominations,
        )
        .map_err(|why| shape_error(path, why, &header))?;
        let delimiter = match table.delimiter {
            b'\t' => "tab".into(),
            d => char::from(d).to_string(),
        };
        let rows = table.rows.len().saturating_sub(layout.data_start);
        let matched_before = tally.counts.not_unmatched();
        let unmatched_before = tally.counts.unmatched;
        let mut examples: Vec<String> = Vec::new();
        // An edge list has a row per tie, so only other shapes can answer twice.
        let mut answer_rows = (layout.shape != Shape::EdgeList).then(AnswerRows::default);
        // This response's advisers, one per person (a buffer kept across responses).
        let mut named: Vec<(PersonIx, f64)> = Vec::new();
        progress.start(Phase::Match, 0);
        let count = survey::responses(
            table,
            &layout,
            &directory,
            options.rank_weights,
            |response| {
                let place = || Location::new(path, response.line, None).to_string();
                let relation: &str = match response.relation.as_deref() {
                    Some(r) if r.eq_ignore_ascii_case(ADVICE) => ADVICE,
                    Some(r) => r,
                    None => &source.relation,
                };
                // Looked up by `&str` first: one string per relation, not one per tie.
                if !relations.contains_key(relation) {
                    relations.insert(
                        relation.to_string(),
                        RelationSummary {
                            name: relation.to_string(),
                            ..RelationSummary::default()
                        },
                    );
                }
                let summary = relations.get_mut(relation).expect("inserted above");
                let mut example = |text: &str, outcome: &Outcome| {
                    if matches!(outcome, Outcome::Unmatched)
                        && !text.is_empty()
                        && examples.len() < 3
                        && !examples.iter().any(|e| e == text)
                    {
                        examples.push(text.to_string());
                    }
                };
                let seeker = match best_identity(&directory, &response.identity) {
                    Some((text, outcome)) => {
                        example(&text, &outcome);
                        tally.record(&text, "respondent", &outcome, place, options.accept_fuzzy)
                    }
                    None => tally.record("", "respondent", &Outcome::Unmatched, place, false),
                };
                if let Some(s) = seeker
                    && response.answered
                {
                    answered.insert(s);
                    if let Some(rows) = answer_rows.as_mut() {
                        rows.add(s, response.line);
                    }
                }
                named.clear();
                for nominee in &response.nominees {
                    let outcome = directory.resolve(&nominee.text);
                    example(&nominee.text, &outcome);
                    let adviser = tally.record(
                        &nominee.text,
                        "nominee",
                        &outcome,
                        place,
                        options.accept_fuzzy,
                    );
                    match (seeker, adviser) {
                        (Some(s), Some(a)) if s == a => summary.self_ties_dropped += 1,
                        (Some(_), Some(a)) => named.push((a, nominee.weight)),
                        _ => summary.not_imported += 1,
                    }
                }
                let Some(s) = seeker else {
                    return Ok(());
                };
                // One answer naming a person twice is one tie, at its highest weight (the
                // better rank), not more advice.
                if named.len() > 1 {
                    named.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)));
                    let before = named.len();
                    named.dedup_by_key(|(a, _)| *a);
                    summary.repeated_in_answer += before - named.len();
                }
                let pairs = named.iter().map(|&(a, w)| (s, a, w));
                match ties.get_mut(relation) {
                    Some(list) => list.extend(pairs),
                    None if named.is_empty() => {}
                    None => {
                        ties.insert(relation.to_string(), pairs.collect());
                    }
                }
                Ok(())
            },
        )?;
        progress.finish(Phase::Match);
        let names_of = |cols: &[usize]| {
            cols.iter()
                .map(|&c| header.get(c).cloned().unwrap_or_default())
                .collect::<Vec<_>>()
        };
        let mut respondent_columns = Vec::new();
        let headerless = matches!(layout.shape, Shape::Matrix | Shape::AdjacencyList);
        for identity in layout.identity.iter().filter(|_| !headerless) {
            match *identity {
                shape::Identity::Column(c) => respondent_columns.extend(names_of(&[c])),
                shape::Identity::Pair(f, l) => respondent_columns.push(format!(
                    "{} + {}",
                    names_of(&[f])[0],
                    names_of(&[l])[0]
                )),
            }
        }
        let mut nomination_columns = names_of(&layout.nominations);
        nomination_columns.extend(layout.adviser.map(|c| names_of(&[c])[0].clone()));
        summaries.push(SurveySummary {
            path: path.display().to_string(),
            relation: source.relation.clone(),
            shape: layout.shape,
            detected: layout.detected,
            qualtrics: layout.qualtrics,
            delimiter,
            respondent_columns,
            nomination_columns,
            rows,
        });
        if count == 0 {
            warnings.push(format!("{}: no answers in the file", path.display()));
        } else if tally.counts.not_unmatched() == matched_before {
            let summary = summaries.last().expect("pushed above");
            return Err(ImportError::NothingMatched {
                path: path.to_path_buf(),
                org_chart: org_path.to_path_buf(),
                tried: count_text(
                    tally.counts.unmatched - unmatched_before,
                    "name tried",
                    "names tried",
                ),
                examples: if examples.is_empty() {
                    "blank ones".to_string()
                } else {
                    format!("'{}'", examples.join("', '"))
                },
                read_as: summary.read_as(),
            });
        }
        if layout.undirected > 0 {
            warnings.push(format!(
                "{}: {} Type 'Undirected' (Gephi's edge type); each was imported as one tie \
                 from its seeker to its adviser, not both ways: add the reverse rows if the \
                 advice went both ways",
                path.display(),
                count_text(layout.undirected, "row has", "rows have")
            ));
        }
        if let Some(rows) = answer_rows {
            warnings.extend(rows.warnings(path, &people));
        }
    }

    // Merge repeats (weights summed, as the team loader does).
    let mut merged: BTreeMap<String, Vec<(PersonIx, PersonIx, f64)>> = BTreeMap::new();
    for (relation, mut list) in ties {
        let summary = relations.entry(relation.clone()).or_default();
        // A stable sort keeps each pair's repeats in file order, so their weights add up in
        // that order.
        list.sort_by_key(|&(s, a, _)| (s, a));
        let mut sums: Vec<(PersonIx, PersonIx, f64)> = Vec::with_capacity(list.len());
        for (s, a, w) in list {
            match sums.last_mut() {
                Some(last) if (last.0, last.1) == (s, a) => {
                    if last.2 > 0.0 {
                        summary.duplicates_merged += 1;
                    }
                    last.2 += w;
                }
                _ => sums.push((s, a, w)),
            }
        }
        sums.shrink_to_fit();
        summary.ties = sums.len();
        merged.insert(relation, sums);
    }

    for (i, person) in people.iter_mut().enumerate() {
        person.respondent = Some(answered.contains(&(i as PersonIx)));
    }
    let n = people.len();
    let respondents = answered.len();
    let response_rate = if n == 0 {
        0.0
    } else {
        respondents as f64 / n as f64
    };
    if response_rate < 0.7 {
        warnings.push(format!(
            "only {:.0}% of people answered; Nayar counts understate people named by \
             non-respondents, so compare leaders with care",
            response_rate * 100.0
        ));
    }
    if !relations.contains_key(ADVICE) {
        warnings.push(
            "no survey was imported as the 'advice' relation, so the team has no advice ties; \
             use --relation advice or ADVICE=FILE"
                .to_string(),
        );
    }

    let mut by_department: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for (i, p) in people.iter().enumerate() {
        let entry = by_department
            .entry(p.department.as_deref().unwrap_or("(none)").to_string())
            .or_default();
        entry.0 += 1;
        if answered.contains(&(i as PersonIx)) {
            entry.1 += 1;
        }
    }
    let departments = suppress(
        by_department
            .into_iter()
            .map(|(department, (people, respondents))| DepartmentRate {
                department,
                people,
                respondents,
                rate: respondents as f64 / people as f64,
            }),
        |d| d.people,
        options.min_group,
    );

    let advice = merged.remove(ADVICE).unwrap_or_default();
    let others: Vec<(String, Vec<validate::Triple>)> = merged.into_iter().collect();
    let loaded = validate::assemble(
        options.name.clone(),
        people,
        index,
        chart,
        &advice,
        others,
        Vec::new(),
    )?;
    let org = &loaded.org;
    let label = |p: PersonIx| format!("{} ({})", org.person(p).id, org.person(p).name);
    let report = ImportReport {
        org_chart: org_path.display().to_string(),
        org_columns: chart_file.columns.into_iter().collect(),
        people: n,
        surveys: summaries,
        respondents,
        response_rate,
        relations: relations.into_values().collect(),
        matches: tally.counts,
        fuzzy_rule: options.fuzzy,
        fuzzy: tally
            .fuzzy
            .into_iter()
            .map(|((name, p), (similarity, places))| FuzzyMatch {
                name,
                person_id: org.person(p).id.to_string(),
                person_name: org.person(p).name.to_string(),
                similarity,
                applied: options.accept_fuzzy,
                places,
            })
            .collect(),
        ambiguous: tally
            .ambiguous
            .into_iter()
            .map(|(name, (candidates, places))| AmbiguousName {
                name,
                candidates: candidates.into_iter().map(label).collect(),
                places,
            })
            .collect(),
        unmatched: tally
            .unmatched
            .into_iter()
            .map(|((name, role), places)| UnmatchedName {
                name: if name.is_empty() {
                    "(blank)".into()
                } else {
                    name
                },
                role: role.to_string(),
                places,
            })
            .collect(),
        departments,
        min_group: options.min_group,
        warnings,
    };
    let team = org.to_team();
    Ok(Imported { team, report })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Recorder;

    /// The org chart, then each survey's reading and matching, each started and finished,
    /// and the result the same as without progress.
    #[test]
    fn reports_each_step() {
        let dir = Path::new("tests/fixtures/import");
        let surveys = [
            SurveySource {
                path: dir.join("google_forms.csv"),
                relation: ADVICE.to_string(),
                shape: None,
            },
            SurveySource {
                path: dir.join("kumu.csv"),
                relation: "trust".to_string(),
                shape: None,
            },
        ];
        let options = ImportOptions::default();
        let recorder = Recorder::default();
        let with = import_with(&dir.join("org.csv"), &surveys, &options, &recorder).unwrap();
        assert_eq!(
            recorder.started(),
            [
                Phase::Chart,
                Phase::ReadSurvey,
                Phase::Match,
                Phase::ReadSurvey,
                Phase::Match
            ]
        );
        assert!(recorder.balanced());
        let without = import(&dir.join("org.csv"), &surveys, &options).unwrap();
        assert_eq!(with.team, without.team);
    }
}
