//! `roving import`: an HR org chart export and raw survey downloads into a team file and an
//! import report.

use std::path::PathBuf;

use anyhow::{Context as _, bail};
use clap::Args;

use crate::io::import::{
    ADVICE, FUZZY_MARGIN, FUZZY_THRESHOLD, Fuzzy, ImportOptions, OrgColumns, Shape, SurveySource,
    import_with,
};
use crate::io::{save_ron, stage};
use crate::model::{Phase, Progress as _};
use crate::privacy::DEFAULT_MIN_GROUP;
use crate::text::count;

use super::progress::Bars;

/// Arguments of `roving import`.
#[derive(Debug, Args)]
#[allow(clippy::struct_excessive_bools)] // independent switches, each its own flag
pub struct ImportArgs {
    /// The org chart: an HR export with one row per person (employee id, name, e-mail,
    /// manager id/e-mail/name, department, title).
    #[arg(long, value_name = "ORG.csv")]
    pub org: PathBuf,
    /// A survey download; repeat for several relations or waves. RELATION=FILE sends its
    /// ties to that relation (such as friendship=friends.csv).
    #[arg(long, value_name = "[RELATION=]FILE", required = true)]
    pub survey: Vec<String>,
    /// Relation of surveys given without RELATION=.
    #[arg(long, default_value = ADVICE, value_name = "NAME")]
    pub relation: String,
    /// Survey layout, when detection gets it wrong. Once for every survey, or repeated to
    /// give each --survey its own, in order.
    #[arg(long, value_enum)]
    pub shape: Vec<Shape>,
    /// Survey column that identifies the respondent (id, e-mail or name). Once for every
    /// survey, or repeated to give each --survey its own, in order.
    #[arg(long, value_name = "COLUMN")]
    pub respondent: Vec<String>,
    /// Survey column with the names chosen (multi-choice surveys). Once for every survey,
    /// or repeated to give each --survey its own, in order: a form asking about advice and
    /// about friendship is given twice (`--survey form.csv --survey friendship=form.csv`),
    /// each time with its question's column.
    #[arg(long, value_name = "COLUMN")]
    pub nominations: Vec<String>,
    /// Turn slot order into weights: the first of N slots weighs N, the last 1.
    #[arg(long)]
    pub rank_weights: bool,
    /// Apply the fuzzy matches the report proposes (check them first).
    #[arg(long)]
    pub accept_fuzzy: bool,
    /// Lowest Jaro-Winkler similarity (0 to 1) proposed as a fuzzy match; lower finds more
    /// typos and more wrong people.
    #[arg(
        long,
        value_name = "S",
        default_value_t = FUZZY_THRESHOLD,
        value_parser = unit_interval,
        allow_negative_numbers = true,
    )]
    pub fuzzy_threshold: f64,
    /// How far (0 to 1) the best fuzzy candidate must be ahead of the next; closer ones are
    /// reported as ambiguous.
    #[arg(
        long,
        value_name = "D",
        default_value_t = FUZZY_MARGIN,
        value_parser = unit_interval,
        allow_negative_numbers = true,
    )]
    pub fuzzy_margin: f64,
    /// Fail (exit 2, nothing written) unless every name is matched.
    #[arg(long)]
    pub strict: bool,
    /// Field separator for every file: ',', ';', '|' or 'tab' (default: guessed per file).
    #[arg(long, value_name = "SEP")]
    pub delimiter: Option<String>,
    /// Also write the report to FILE: JSON for .json, else Markdown.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Team display name.
    #[arg(long)]
    pub name: Option<String>,
    /// Hide departments with fewer than N people in the report's response-rate table.
    #[arg(
        long,
        value_name = "N",
        default_value_t = DEFAULT_MIN_GROUP,
        allow_negative_numbers = true,
        value_parser = super::whole::<usize>
    )]
    pub min_group: usize,
    /// The RON team file to write.
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: PathBuf,
    /// Org chart column with the employee id.
    #[arg(long, value_name = "COLUMN", help_heading = "Org chart columns")]
    pub id_column: Option<String>,
    /// Org chart column with the full name.
    #[arg(long, value_name = "COLUMN", help_heading = "Org chart columns")]
    pub name_column: Option<String>,
    /// Org chart column with the first name (joined with --last-name-column).
    #[arg(long, value_name = "COLUMN", help_heading = "Org chart columns")]
    pub first_name_column: Option<String>,
    /// Org chart column with the last name.
    #[arg(long, value_name = "COLUMN", help_heading = "Org chart columns")]
    pub last_name_column: Option<String>,
    /// Org chart column with the e-mail.
    #[arg(long, value_name = "COLUMN", help_heading = "Org chart columns")]
    pub email_column: Option<String>,
    /// Org chart column with the manager (id, e-mail or name).
    #[arg(long, value_name = "COLUMN", help_heading = "Org chart columns")]
    pub manager_column: Option<String>,
    /// Org chart column with the department.
    #[arg(long, value_name = "COLUMN", help_heading = "Org chart columns")]
    pub department_column: Option<String>,
    /// Org chart column with the job title.
    #[arg(long, value_name = "COLUMN", help_heading = "Org chart columns")]
    pub title_column: Option<String>,
}

/// The relation a survey's ties go to, with any case of "advice" read as the advice
/// network itself (as the relation column of an edge list is).
fn relation_name(name: &str) -> String {
    if name.eq_ignore_ascii_case(ADVICE) {
        ADVICE.to_string()
    } else {
        name.to_string()
    }
}

fn source(spec: &str, relation: &str, shape: Option<Shape>) -> SurveySource {
    match spec.split_once('=') {
        Some((name, file))
            if !name.is_empty() && !name.contains(['/', '\\']) && !file.is_empty() =>
        {
            SurveySource {
                path: PathBuf::from(file),
                relation: relation_name(name),
                shape,
                ..SurveySource::default()
            }
        }
        _ => SurveySource {
            path: PathBuf::from(spec),
            relation: relation_name(relation),
            shape,
            ..SurveySource::default()
        },
    }
}

/// What each survey is read with, for a flag given once for all surveys, or once each in
/// the order of `--survey`, or not at all.
fn per_survey<T: Clone>(given: &[T], surveys: usize, flag: &str) -> anyhow::Result<Vec<Option<T>>> {
    match given {
        [] => Ok(vec![None; surveys]),
        [one] => Ok(vec![Some(one.clone()); surveys]),
        each if each.len() == surveys => Ok(each.iter().cloned().map(Some).collect()),
        each => bail!(
            "{} {flag} values for {surveys} surveys; give {flag} once for all surveys, or \
             once per --survey in the same order",
            each.len()
        ),
    }
}

fn delimiter(text: &str) -> anyhow::Result<u8> {
    Ok(match text {
        "," | "comma" => b',',
        ";" | "semicolon" => b';',
        "tab" | "\\t" | "\t" => b'\t',
        "|" | "pipe" => b'|',
        other => bail!("--delimiter takes ',', ';', '|' or 'tab', not '{other}'"),
    })
}

/// Whether two names, which need not exist yet, are the same file: their folders resolved
/// as the system does, then their names.
fn same_file(a: &std::path::Path, b: &std::path::Path) -> bool {
    let resolved = |p: &std::path::Path| {
        if let Ok(p) = std::fs::canonicalize(p) {
            return Some(p);
        }
        let folder = match p.parent() {
            Some(f) if !f.as_os_str().is_empty() => f,
            _ => std::path::Path::new("."),
        };
        Some(std::fs::canonicalize(folder).ok()?.join(p.file_name()?))
    };
    a == b || resolved(a).is_some_and(|a| resolved(b).is_some_and(|b| a == b))
}

/// Runs `import`.
pub fn run(args: &ImportArgs) -> anyhow::Result<()> {
    super::check_team_output(&args.output, "import")?;
    let n = args.survey.len();
    let respondents = per_survey(&args.respondent, n, "--respondent")?;
    let nominations = per_survey(&args.nominations, n, "--nominations")?;
    let surveys: Vec<SurveySource> = args
        .survey
        .iter()
        .zip(per_survey(&args.shape, n, "--shape")?)
        .zip(respondents.into_iter().zip(nominations))
        .map(|((s, shape), (respondent, nominations))| SurveySource {
            respondent,
            nominations,
            ..source(s, &args.relation, shape)
        })
        .collect();
    let mut inputs: Vec<&std::path::Path> = vec![&args.org];
    inputs.extend(surveys.iter().map(|s| s.path.as_path()));
    super::check_not_input(&args.output, &inputs)?;
    if let Some(report) = &args.report {
        if let Some(input) = super::input_at(report, &inputs) {
            bail!(
                "--report {} is an input of this command ({}): writing it would replace the \
                 data it is made from; write the report to another file",
                report.display(),
                input.display()
            );
        }
        if same_file(report, &args.output) {
            bail!(
                "--report {} is the team file -o writes: give the report a name of its own, \
                 such as --report {}",
                report.display(),
                args.output.with_extension("md").display()
            );
        }
    }
    let options = ImportOptions {
        org_columns: OrgColumns {
            id: args.id_column.clone(),
            name: args.name_column.clone(),
            first_name: args.first_name_column.clone(),
            last_name: args.last_name_column.clone(),
            email: args.email_column.clone(),
            manager: args.manager_column.clone(),
            department: args.department_column.clone(),
            title: args.title_column.clone(),
        },
        shape: None,
        respondent: None,
        nominations: None,
        rank_weights: args.rank_weights,
        accept_fuzzy: args.accept_fuzzy,
        fuzzy: Fuzzy {
            threshold: args.fuzzy_threshold,
            margin: args.fuzzy_margin,
        },
        delimiter: args.delimiter.as_deref().map(delimiter).transpose()?,
        min_group: args.min_group,
        name: args.name.clone(),
    };
    let progress = Bars::for_stderr();
    let imported = import_with(&args.org, &surveys, &options, &progress)?;
    let report = &imported.report;
    super::print(&report.to_markdown())?;
    if args.strict && !report.is_clean() {
        bail!(
            "--strict: {} unmatched, {} ambiguous and {} unapplied fuzzy name(s); fix them \
             (see the report above) or drop --strict; '{}' was not written",
            report.unmatched.len(),
            report.ambiguous.len(),
            report.fuzzy.iter().filter(|f| !f.applied).count(),
            args.output.display()
        );
    }
    // The report is written in full beside its target first, and put in place only once the
    // team file is: a failed import leaves neither a new report nor a new team behind.
    let staged_report = match &args.report {
        Some(path) => {
            let text = if path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("json"))
            {
                report.to_json()
            } else {
                report.to_markdown()
            };
            let staged = stage(path, |w| w.write_all(text.as_bytes()))
                .with_context(|| format!("cannot write '{}'", path.display()))?;
            Some((staged, path))
        }
        None => None,
    };
    let files: Vec<String> = std::iter::once(args.org.display().to_string())
        .chain(surveys.iter().map(|s| s.path.display().to_string()))
        .collect();
    let header = format!(
        "Imported by `roving import` from {}.\n{}, {} ({}), {}.",
        files.join(", "),
        crate::text::count(report.people, "person", "people"),
        crate::text::count(report.respondents, "respondent", "respondents"),
        crate::text::rate(report.response_rate),
        crate::text::count(imported.team.advice.len(), "advice tie", "advice ties")
    );
    progress.start(Phase::Write, 0);
    // The team file is saved a line at a time through its own temporary file (it can be
    // large), then the staged report is put in place.
    save_ron(&args.output, &imported.team, Some(&header))
        .with_context(|| format!("cannot write '{}'", args.output.display()))?;
    if let Some((staged, path)) = staged_report {
        staged
            .commit()
            .with_context(|| format!("cannot write '{}'", path.display()))?;
    }
    progress.finish(Phase::Write);
    eprintln!(
        "wrote {} and {} to {}",
        count(imported.team.people.len(), "person", "people"),
        count(imported.team.advice.len(), "advice tie", "advice ties"),
        args.output.display()
    );
    // The report on stdout may go to a file: its warnings are said here too.
    for warning in &report.warnings {
        eprintln!("warning: {warning}");
    }
    if !report.is_clean() {
        eprintln!(
            "warning: some names were not imported; the report lists each with its file and line"
        );
    }
    Ok(())
}

/// A number from 0 to 1, for the fuzzy-match flags.
fn unit_interval(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(x) if (0.0..=1.0).contains(&x) => Ok(x),
        _ => Err(format!("expected a number from 0 to 1, not '{text}'")),
    }
}
