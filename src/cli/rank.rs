//! `roving rank`: the ranked leader list.

use std::io::{IsTerminal as _, Write as _};
use std::path::PathBuf;

use anyhow::Context as _;
use clap::Args;

use crate::io::{LeaderRow, ListFormat, Rows, write_atomic, write_leaders};
use crate::metrics::{Analysis, Metric, Role, Sources};
use crate::model::{Org, PersonIx, Phase, Progress as _};
use crate::text::thousands;

use super::privacy::PrivacyArgs;
use super::progress::Bars;
use super::{AnalysisArgs, ScopeArg, SpreadsheetArg, TeamArgs, table};

/// Output formats of `rank`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RankFormat {
    /// Aligned, coloured table for reading on a terminal.
    Table,
    /// CSV with a header row.
    Csv,
    /// JSON array of objects.
    Json,
    /// Markdown table for reports.
    Markdown,
}

/// Arguments of `roving rank`.
#[derive(Debug, Args)]
pub struct RankArgs {
    /// Who counts as outside a person's hierarchy.
    #[command(flatten)]
    pub scope: ScopeArg,
    /// Rank by this metric (ties broken by `PageRank`, then id).
    #[arg(long, value_enum, default_value_t = Metric::Nayar, conflicts_with = "by_department")]
    pub by: Metric,
    /// Show only the first N (after --role and --department filtering).
    #[arg(long, value_name = "N", allow_negative_numbers = true,
        value_parser = super::whole::<usize>)]
    pub top: Option<usize>,
    /// Show only people with this role (repeat for any of several).
    #[arg(long, value_enum)]
    pub role: Vec<Role>,
    /// Show only people in this department, named as in the team (in any case when no
    /// department is named exactly so; repeat for any of several). Ranks stay those in the
    /// whole team.
    #[arg(long, value_name = "NAME", conflicts_with = "by_department")]
    pub department: Vec<String>,
    /// Output format. Default: from the -o extension, else a table on a terminal and CSV
    /// in a pipe.
    #[arg(long, value_enum)]
    pub format: Option<RankFormat>,
    /// Write to FILE (atomically) instead of stdout.
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Show figures per department (people, response rate, Nayar counts, roving leaders)
    /// instead of people; departments smaller than --min-group are hidden.
    #[arg(long)]
    pub by_department: bool,
    /// The team.
    #[command(flatten)]
    pub team: TeamArgs,
    /// Spreadsheets.
    #[command(flatten)]
    pub spreadsheet: SpreadsheetArg,
    /// Privacy.
    #[command(flatten)]
    pub privacy: PrivacyArgs,
    /// How to compute.
    #[command(flatten)]
    pub analysis: AnalysisArgs,
}

/// Runs `rank`.
pub fn run(args: &RankArgs) -> anyhow::Result<()> {
    if let Some(path) = &args.output {
        let mut inputs = args.team.inputs();
        inputs.extend(args.privacy.key_file.as_deref());
        super::check_not_input(path, &inputs)?;
        super::check_list_output(path)?;
        if let Some(given) = args.format {
            let implied = ListFormat::from_path(path).map(|f| match f {
                ListFormat::Csv => RankFormat::Csv,
                ListFormat::Json => RankFormat::Json,
                ListFormat::Markdown => RankFormat::Markdown,
            });
            // A table is text for people: any name that is not another format's is fine.
            super::check_format_matches(path, given, implied)?;
        }
    }
    if args.by_department {
        super::departments::check(args)?;
    } else if args.privacy.min_group_given() {
        anyhow::bail!(
            "--min-group hides small departments in the table of --by-department, and the \
             list of people hides nobody: add --by-department, or drop --min-group"
        );
    }
    let format = format(args);
    args.spreadsheet
        .check(format == RankFormat::Csv, &super::value_name(&format))?;
    // Read once (a key file may be a pipe), and before loading, so a missing key fails fast.
    let pseudonymizer = args.privacy.pseudonymizer()?;
    if !args.by_department
        && let Some(note) = args.privacy.real_names_note()
    {
        eprintln!("note: {note}");
    }
    let progress = Bars::for_stderr();
    let loaded = args.team.load_with_privacy(&progress, &args.privacy)?;
    let org = &super::privacy::pseudonymize(loaded.org, pseudonymizer.as_ref())?;
    // Before the analysis: a misspelt department fails in the time it takes to load.
    let departments = chosen_departments(org, &args.department)?;
    let settings = args.analysis.settings(org);
    let analysis = Analysis::compute_with(org, args.scope.scope, &settings, &progress);
    if args.by_department {
        return super::departments::run(org, &analysis, args);
    }
    progress.start(Phase::Rank, 0);
    let filter = Filter {
        roles: &args.role,
        departments: departments.as_deref(),
    };
    let rows = rows(org, &analysis, args.by, &filter, args.top);
    progress.finish(Phase::Rank);
    let notes = notes(org, &analysis);
    let title = format!(
        "{} — informal leaders",
        org.name.as_deref().unwrap_or("Team")
    );
    let summary = table::summary(org, &analysis, args);
    let guard = args.spreadsheet.guard();
    let render = |out: &mut dyn std::io::Write,
                  color: bool,
                  columns: Option<usize>|
     -> std::io::Result<()> {
        let list = match format {
            RankFormat::Table => {
                let rows: Vec<LeaderRow> = (0..rows.len()).map(|i| rows.row(i)).collect();
                return table::write(out, org, &analysis, &rows, args, &notes, color, columns);
            }
            RankFormat::Csv => ListFormat::Csv,
            RankFormat::Json => ListFormat::Json,
            RankFormat::Markdown => ListFormat::Markdown,
        };
        let heading = (title.as_str(), Some(summary.as_str()));
        write_leaders(out, &rows, list, heading, &notes, &guard)
    };
    if format != RankFormat::Table && format != RankFormat::Markdown {
        for note in &notes {
            eprintln!("note: {note}");
        }
    }
    if let Some(path) = &args.output {
        progress.start(Phase::Write, 0);
        write_atomic(path, |w| render(w, false, None))
            .with_context(|| format!("cannot write '{}'", path.display()))?;
        progress.finish(Phase::Write);
        eprintln!(
            "wrote {} to {}",
            crate::text::count(rows.len(), "person", "people"),
            path.display()
        );
    } else {
        let stdout = std::io::stdout();
        let mut lock = stdout.lock();
        let columns = super::terminal_columns();
        match render(&mut lock, super::color_enabled(), columns).and_then(|()| lock.flush()) {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
            other => other.context("cannot write to stdout")?,
        }
    }
    super::report_formulas(&guard, args.output.as_deref());
    progress.total();
    Ok(())
}

/// The people to list, in ranking order with their rank; their rows are made as they are
/// written.
struct Ranked<'a> {
    org: &'a Org,
    analysis: &'a Analysis,
    /// (rank from 1, person).
    chosen: Vec<(u32, PersonIx)>,
}

impl<'a> Rows<'a> for Ranked<'a> {
    fn len(&self) -> usize {
        self.chosen.len()
    }

    fn row(&self, i: usize) -> LeaderRow<'a> {
        let (rank, person) = self.chosen[i];
        let analysis = self.analysis;
        LeaderRow::new(
            self.org,
            &analysis.centralities,
            &analysis.view,
            person,
            rank as usize,
        )
    }
}

/// Who `rank` lists: people with any of `roles` (everybody when empty), in the chosen
/// departments (everybody when `None`).
struct Filter<'a> {
    roles: &'a [Role],
    /// Chosen or not, by department number.
    departments: Option<&'a [bool]>,
}

impl Filter<'_> {
    fn keeps(&self, org: &Org, analysis: &Analysis, p: PersonIx) -> bool {
        let roles = analysis.view.roles[p as usize];
        let role = self.roles.is_empty() || self.roles.iter().any(|r| roles.contains(*r));
        let department = self.departments.is_none_or(|chosen| {
            let d = org.department_ids()[p as usize];
            chosen.get(d as usize).copied().unwrap_or(false)
        });
        role && department
    }
}

/// The department numbers that `names` choose ([`matching_departments`]), as a mask over
/// the team's departments; `None` when no name is given. A name that is not in the team is
/// an error listing those that are.
fn chosen_departments(org: &Org, names: &[String]) -> anyhow::Result<Option<Vec<bool>>> {
    if names.is_empty() {
        return Ok(None);
    }
    let known = org.department_names();
    let mut chosen = vec![false; known.len()];
    for name in names {
        let found = matching_departments(known, name);
        if found.is_empty() {
            anyhow::bail!("{}", unknown_department(name, known));
        }
        for d in found {
            chosen[d] = true;
        }
    }
    Ok(Some(chosen))
}

/// The numbers of the departments among `known` that `name` (spaces around it aside) names:
/// the one written exactly so, as departments are told apart everywhere else (`Sales` and
/// `sales` are two); only when none is, every one written so in any case.
pub(super) fn matching_departments(known: &[String], name: &str) -> Vec<usize> {
    let wanted = name.trim();
    let exact: Vec<usize> = (0..known.len())
        .filter(|&d| known[d].trim() == wanted)
        .collect();
    if !exact.is_empty() {
        return exact;
    }
    let wanted = wanted.to_lowercase();
    (0..known.len())
        .filter(|&d| known[d].trim().to_lowercase() == wanted)
        .collect()
}

/// Departments named in the error for one that is not in the team.
const LISTED: usize = 12;

/// Says that `name` is no department of the team, with the closest name and the list.
fn unknown_department(name: &str, known: &[String]) -> String {
    let shown = crate::text::clean(name);
    if known.is_empty() {
        return format!("--department '{shown}': nobody in this team has a department");
    }
    let wanted = name.trim().to_lowercase();
    let closest = known
        .iter()
        .map(|d| (strsim::jaro_winkler(&wanted, &d.to_lowercase()), d))
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .filter(|(score, _)| *score >= 0.8)
        .map(|(_, d)| format!(" (did you mean '{}'?)", crate::text::clean(d)))
        .unwrap_or_default();
    let mut names: Vec<&str> = known.iter().map(String::as_str).collect();
    names.sort_by_key(|d| d.to_lowercase());
    let mut list = names
        .iter()
        .take(LISTED)
        .map(|d| crate::text::clean(d).into_owned())
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > LISTED {
        let more = thousands(names.len() - LISTED);
        list = format!("{list}, … ({more} more; `roving rank --by-department` lists them all)");
    }
    format!(
        "--department '{shown}': no such department in this team{closest}; its {}: {list}",
        crate::text::count(known.len(), "department is", "departments are")
    )
}

/// The rows to show: ranked by `by`, filtered, cut to `top`.
fn rows<'a>(
    org: &'a Org,
    analysis: &'a Analysis,
    by: Metric,
    filter: &Filter<'_>,
    top: Option<usize>,
) -> Ranked<'a> {
    let chosen: Vec<(u32, PersonIx)> = analysis
        .ranking(org, by)
        .into_iter()
        .enumerate()
        .filter(|&(_, p)| filter.keeps(org, analysis, p))
        .take(top.unwrap_or(usize::MAX))
        .map(|(i, p)| (i as u32 + 1, p))
        .collect();
    Ranked {
        org,
        analysis,
        chosen,
    }
}

/// The output format: --format, else from the -o extension, else a table on a terminal and
/// CSV in a pipe (for the people list and the department table alike).
pub(super) fn format(args: &RankArgs) -> RankFormat {
    args.format.unwrap_or_else(
        || match args.output.as_deref().and_then(ListFormat::from_path) {
            Some(ListFormat::Json) => RankFormat::Json,
            Some(ListFormat::Markdown) => RankFormat::Markdown,
            None if args.output.is_none() && std::io::stdout().is_terminal() => RankFormat::Table,
            None if args.output.is_some() => RankFormat::Table,
            Some(ListFormat::Csv) | None => RankFormat::Csv,
        },
    )
}

/// Caveats to print with any result: sampled betweenness, `PageRank` short of convergence,
/// a low survey response rate.
pub(super) fn notes(org: &Org, analysis: &Analysis) -> Vec<String> {
    let mut notes = Vec::new();
    if let Some(k) = analysis.centralities.betweenness.sampled {
        let bound = analysis
            .centralities
            .betweenness
            .error_bound(0.95)
            .map(|eps| {
                if eps < 1.0 {
                    format!(
                        "; each score is within ±{eps:.3} of the exact value with 95% \
                         probability (Hoeffding bound)"
                    )
                } else {
                    // Scores lie in [0, 1]: a bound of 1 or more says nothing.
                    "; too few sources to bound its error (±0.1 at 95% takes about 185)".to_string()
                }
            })
            .unwrap_or_default();
        notes.push(format!(
            "betweenness is an estimate from {} (of {}){bound}, and \
             the broker role rests on it; --samples all gives exact values, which take about \
             people × ties steps (without --samples, betweenness is exact up to {} of them)",
            crate::text::count(k, "sampled source person", "sampled source people"),
            thousands(org.len()),
            thousands(Sources::EXACT_WORK as usize)
        ));
    }
    if !analysis.centralities.pagerank.converged {
        notes.push(format!(
            "PageRank did not converge in {} iterations; its values are approximate",
            analysis.centralities.pagerank.iterations
        ));
    }
    if let Some(rate) = org.response_rate()
        && rate < 0.7
    {
        notes.push(format!(
                "only {} of people answered the survey; counts understate people named by non-respondents",
                crate::text::rate(rate)
            ));
    }
    notes
}
