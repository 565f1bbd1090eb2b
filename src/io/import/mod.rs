//! `roving import`: an HRIS org chart and raw survey downloads into a team file, with a
//! report of everything that could not be matched.
//!
//! The org chart ([`read_org_chart`]) gives the people; each survey file is read as one of
//! five [`Shape`]s, its names are matched to people ([`Directory`]: id, e-mail, exact,
//! normalised, then fuzzy), self-nominations are dropped and repeated ties merged. Nothing is
//! guessed silently: fuzzy and ambiguous matches are listed in the [`ImportReport`] and
//! fuzzy ones applied only when asked.

mod answers;
mod assemble;
mod names;
mod org_chart;
mod repeats;
mod report;
mod shape;
mod survey;
mod table;
mod tally;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::model::{Phase, Progress, Silent, Team};

use super::validate;
use super::{LoadError, Location};

use answers::{Answers, Context, Watch};
use assemble::{Responses, import_report, merge_repeats};

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
    /// The file has a header and nothing below it.
    #[error("{}: the file has a header and no rows below it; expected {what}", path.display())]
    HeaderOnly {
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
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SurveySource {
    /// The file.
    pub path: PathBuf,
    /// The relation (`advice` by default).
    pub relation: String,
    /// This file's shape, chosen by hand (else [`ImportOptions::shape`], else detected).
    pub shape: Option<Shape>,
    /// This file's respondent column, chosen by hand (else [`ImportOptions::respondent`]).
    pub respondent: Option<String>,
    /// This file's nominations column, chosen by hand (else
    /// [`ImportOptions::nominations`]): a form that asks about advice and friendship is
    /// given twice, once per relation, each with its own question's column.
    pub nominations: Option<String>,
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
    let index = validate::index_people(&people, &chart_file.places)?;
    let chart = validate::build_chart(&people, &index, &chart_file.places)?;
    let directory = chart_file.directory.with_fuzzy(options.fuzzy);
    progress.finish(Phase::Chart);

    let mut answers = Answers::default();
    let context = Context {
        org_path,
        people: &people,
        directory: &directory,
        options,
        progress,
    };
    for source in surveys {
        answers.read_survey(source, &context)?;
    }
    // The ties move out to be merged; the rest of the answers goes into the report.
    let mut merged = merge_repeats(std::mem::take(&mut answers.ties), &mut answers.relations);
    if let Some(note) = shared_emails(org_path, &people, &directory) {
        answers.warnings.push(note);
    }
    if !chart_file.computed.is_empty() {
        let mut note = crate::io::computed::note(org_path, &chart_file.computed);
        if chart_file
            .computed
            .iter()
            .any(|c| crate::text::squash(c) == "respondent")
        {
            note.push_str(
                "; who answered comes from the surveys, so people who named nobody in an \
                 edge list are not respondents (load the nodes and edges tables with \
                 --people and --advice to keep the respondent column)",
            );
        }
        answers.warnings.push(note);
    }
    let responses = Responses::count(&mut people, &answers.answered, options.min_group);
    answers
        .warnings
        .extend(responses.warnings(&answers.relations, &answers.summaries));

    if let Some(heavy) = heavy_tie(&merged) {
        let context = Context {
            org_path,
            people: &people,
            directory: &directory,
            options,
            progress: &Silent,
        };
        return Err(heavy.placed(surveys, &context).into());
    }
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
    let report = import_report(
        org_path,
        chart_file.columns,
        answers,
        responses,
        org,
        options,
    );
    let team = org.to_team();
    Ok(Imported { team, report })
}

/// A merged tie whose weights add up to more than [`MAX_WEIGHT`](crate::model::MAX_WEIGHT),
/// which a team file could not hold.
struct HeavyTie<'r> {
    relation: &'r str,
    tie: validate::Triple,
}

/// The first heavy tie, advice first, as the team loader would refuse it.
fn heavy_tie(merged: &BTreeMap<String, Vec<validate::Triple>>) -> Option<HeavyTie<'_>> {
    let advice = merged.get_key_value(ADVICE);
    let others = merged.iter().filter(|(name, _)| *name != ADVICE);
    advice
        .into_iter()
        .chain(others)
        .find_map(|(relation, ties)| {
            let tie = *ties.iter().find(|t| t.2 > crate::model::MAX_WEIGHT)?;
            Some(HeavyTie { relation, tie })
        })
}

impl HeavyTie<'_> {
    /// The error, with the survey row whose weight takes the sum over the limit, found by
    /// reading the surveys again.
    fn placed(&self, surveys: &[SurveySource], context: &Context<'_>) -> LoadError {
        let (seeker, adviser, weight) = self.tie;
        let mut again = Answers::default();
        again.watch = Some(Watch::new(self.relation, seeker, adviser));
        for source in surveys {
            if again.read_survey(source, context).is_err() {
                break;
            }
        }
        LoadError::HeavyTie {
            at: again.watch.and_then(|w| w.at).map(Box::new),
            relation: self.relation.to_string(),
            from: context.people[seeker as usize].id.to_string(),
            to: context.people[adviser as usize].id.to_string(),
            weight,
        }
    }
}

/// The warning for e-mails that several people in the org chart have (a team mailbox):
/// a nomination by such an address names none of them for certain.
fn shared_emails(
    org_path: &Path,
    people: &[crate::model::Person],
    directory: &Directory,
) -> Option<String> {
    let shared = directory.shared_emails();
    let (first, people_of) = *shared.first()?;
    let names: Vec<String> = people_of
        .iter()
        .take(3)
        .map(|&p| format!("'{}'", people[p as usize].name))
        .collect();
    let more = match shared.len() {
        1 => String::new(),
        n => format!(
            " and {} more",
            crate::text::count(n - 1, "address", "addresses")
        ),
    };
    Some(format!(
        "{}: {} people share the e-mail '{first}' ({}){more}; a manager or nomination given \
         by a shared address names none of them for certain, so it is reported as ambiguous",
        org_path.display(),
        people_of.len(),
        names.join(", "),
    ))
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
                ..SurveySource::default()
            },
            SurveySource {
                path: dir.join("kumu.csv"),
                relation: "trust".to_string(),
                shape: None,
                ..SurveySource::default()
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
