//! Command-line arguments (clap derive) and one module per subcommand.

mod convert;
mod departments;
mod diff;
mod explain;
mod export;
mod generate;
mod import;
pub mod privacy;
pub mod progress;
mod rank;
mod table;

use std::path::PathBuf;

use anyhow::Context as _;
use clap::{Args, Parser, Subcommand};

use crate::io::{self, Loaded, Options};
use crate::metrics::{PageRankOptions, Scope, Settings, Sources, Thresholds};
use crate::model::{Org, Phase};

/// The Krackhardt (1987) high-tech managers, embedded so roving runs with no files at all.
pub const SAMPLE_TEAM: &str = include_str!("../../sample_teams/krackhardt.ron");

/// roving finds the informal leaders of an organization: the people others outside their
/// reporting line go to for advice.
#[derive(Debug, Parser)]
#[command(name = "roving", version, about, long_about = None)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// What to do; without one, roving opens the interactive browser.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// The team to open in the interactive browser.
    #[command(flatten)]
    pub team: TeamArgs,
    /// Key file for the browser (default: ~/.config/roving/keys.ron when it exists).
    #[arg(long, value_name = "FILE")]
    pub keys: Option<PathBuf>,
    /// Spreadsheets (for the browser's CSV export).
    #[command(flatten)]
    pub spreadsheet: SpreadsheetArg,
    /// How to compute.
    #[command(flatten)]
    pub analysis: AnalysisArgs,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Rank people by Nayar count (or another metric) and mark their roles.
    Rank(rank::RankArgs),
    /// Show where one person's Nayar count comes from: who counted, who did not and why.
    // `--min-group` comes with the privacy flags but has no group table to act on here:
    // kept out of the help (given, it is an error that says so).
    #[command(mut_arg("min_group", |arg| arg.hide(true)))]
    Explain(explain::ExplainArgs),
    /// Write a deterministic synthetic org for demos and benchmarks.
    Generate(generate::GenerateArgs),
    /// Convert a CSV people/advice pair into a RON team file.
    Convert(convert::ConvertArgs),
    /// Import an HR org chart and survey downloads into a team file, with a report of every
    /// name that could not be matched.
    Import(Box<import::ImportArgs>),
    /// Compare two survey waves: who rose and fell in Nayar rank, new and lost roving
    /// leaders.
    Diff(diff::DiffArgs),
    /// Write the advice graph with every attribute, metric and role for Gephi, networkx or
    /// Graphviz (GEXF, `GraphML`, DOT, JSON, CSV).
    #[command(mut_arg("min_group", |arg| arg.hide(true)))]
    Export(export::ExportArgs),
}

/// Where the team comes from: a RON team file, or a CSV pair. Neither: the embedded sample.
#[derive(Debug, Clone, Default, Args)]
#[command(next_help_heading = "Team")]
pub struct TeamArgs {
    /// Team file (.ron), or a people CSV (then as --people). Without it (and without
    /// --people) the embedded Krackhardt sample team is used.
    #[arg(value_name = "TEAM")]
    pub team: Option<PathBuf>,
    /// People CSV (id, name, `manager_id`, department, title, email, other columns).
    #[arg(long, value_name = "FILE", conflicts_with = "team")]
    pub people: Option<PathBuf>,
    /// Advice CSV (`seeker_id`, `advisor_id`, optional weight). Without it the team has its
    /// org chart and no advice yet. Goes with a people CSV, not with a .ron team file.
    #[arg(long, value_name = "FILE")]
    pub advice: Option<PathBuf>,
    /// Skip ties that name unknown people (with a warning) instead of failing.
    #[arg(long)]
    pub lenient: bool,
    /// Advice from a cognitive social structure (with a perceiver column): keep each tie as
    /// its seeker reports it (self), or only ties both people report (consensus).
    #[arg(long, value_enum, value_name = "RULE", requires = "advice")]
    pub perceiver: Option<io::Perceiver>,
}

impl TeamArgs {
    /// The files the team is read from.
    pub fn inputs(&self) -> Vec<&std::path::Path> {
        [&self.team, &self.people, &self.advice]
            .into_iter()
            .flatten()
            .map(PathBuf::as_path)
            .collect()
    }

    /// Loads the team and prints loading warnings on stderr.
    pub fn load(&self) -> anyhow::Result<Loaded> {
        self.load_with(&crate::model::Silent)
    }

    /// [`load`](Self::load), reporting the loading phases to `progress`.
    pub fn load_with(&self, progress: &dyn crate::model::Progress) -> anyhow::Result<Loaded> {
        self.load_with_privacy(progress, &privacy::PrivacyArgs::default())
    }

    /// [`load_with`](Self::load_with) for a command with privacy flags: under
    /// `--pseudonymize` the loading warnings give places in the file instead of the ids of
    /// the people they name.
    pub fn load_with_privacy(
        &self,
        progress: &dyn crate::model::Progress,
        privacy: &privacy::PrivacyArgs,
    ) -> anyhow::Result<Loaded> {
        let options = Options {
            lenient: self.lenient,
            perceiver: self.perceiver,
        };
        // A CSV where the team file goes is the people file: what a user who has the pair
        // types first. So is any file but a .ron team file when --advice comes with it.
        let (team, people) = match (&self.team, &self.people) {
            (Some(path), None) if is_csv(path) || (self.advice.is_some() && !is_ron(path)) => {
                (None, Some(path))
            }
            (team, people) => (team.as_ref(), people.as_ref()),
        };
        let loaded = match (team, people, &self.advice) {
            (Some(path), _, Some(advice)) => anyhow::bail!(
                "--advice {} goes with a people CSV, but {} is a team file, which holds its own \
                 advice ties; give the people CSV instead (--people FILE), or build a team file \
                 from an org chart and survey answers with `roving import --org ORG.csv \
                 --survey FILE`",
                advice.display(),
                path.display()
            ),
            (None, None, Some(advice)) => anyhow::bail!(
                "--advice {} needs the people it names: add --people FILE (the people CSV)",
                advice.display()
            ),
            (Some(path), _, None) => {
                progress.start(Phase::LoadTeam, 0);
                let loaded = io::load_ron(path, options);
                progress.finish(Phase::LoadTeam);
                loaded.map_err(|e| privacy.error(e))?
            }
            (None, Some(people), advice) => {
                let loaded =
                    io::load_csv_pair_with(people, advice.as_deref(), &[], options, progress)
                        .map_err(|e| privacy.error(e))?;
                if advice.is_none() {
                    eprintln!(
                        "note: no --advice file: the org chart is loaded without advice ties, \
                         so every count is 0 until survey results are added"
                    );
                }
                loaded
            }
            (None, None, None) => {
                eprintln!(
                    "note: no team given, using the embedded sample (Krackhardt's high-tech managers); \
                     pass TEAM.ron or --people/--advice for your own"
                );
                let org = io::team_from_str(SAMPLE_TEAM).context("embedded sample team")?;
                Loaded {
                    org,
                    warnings: Vec::new(),
                }
            }
        };
        for warning in &loaded.warnings {
            eprintln!("warning: {}", privacy.warning(warning));
        }
        Ok(loaded)
    }
}

/// Refuses to write a team file under a name that says it is something else
/// (`generate -o people.csv`), which no tool could then read as what it claims to be.
pub(crate) fn check_team_output(path: &std::path::Path, command: &str) -> anyhow::Result<()> {
    const OTHERS: [&str; 11] = [
        "csv", "tsv", "json", "md", "xlsx", "xls", "ods", "gexf", "graphml", "dot", "txt",
    ];
    if path == std::path::Path::new("-") {
        anyhow::bail!(
            "{command} writes a team file, which roving reads back by name: give a file name \
             such as -o team.ron ('-' for stdout is for rank and export)"
        );
    }
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if let Some(extension) = extension.filter(|e| OTHERS.contains(&e.as_str())) {
        let hint = if command == "generate" && extension == "csv" {
            "; for a people and an advice CSV, use --csv-dir DIR"
        } else {
            ""
        };
        anyhow::bail!(
            "{command} writes a RON team file, not .{extension}: name it with .ron, such as \
             -o team.ron{hint}",
        );
    }
    Ok(())
}

/// Refuses a list output whose name says spreadsheet: roving writes CSV, which every
/// spreadsheet opens, and never a workbook.
pub(crate) fn check_list_output(path: &std::path::Path) -> anyhow::Result<()> {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if let Some(extension) = extension
        .clone()
        .filter(|e| ["xlsx", "xls", "xlsm", "ods", "numbers"].contains(&e.as_str()))
    {
        anyhow::bail!(
            "roving does not write .{extension} workbooks; write CSV, which spreadsheets open: \
             -o {}",
            path.with_extension("csv").display()
        );
    }
    if extension.as_deref() == Some("ron") {
        anyhow::bail!(
            "a ranked list is not a team file: name it .csv, .json, .md or .txt (a table), such \
             as -o {}",
            path.with_extension("csv").display()
        );
    }
    if extension.as_deref() == Some("tsv") {
        anyhow::bail!(
            "roving writes comma-separated values, not tab-separated: -o {} (spreadsheets \
             open both)",
            path.with_extension("csv").display()
        );
    }
    Ok(())
}

/// Writes `text` to standard output. A closed pipe (`| head`) ends the output quietly; any
/// other failure (a full disk) is an error, not a panic.
pub(crate) fn print(text: &str) -> anyhow::Result<()> {
    use std::io::Write as _;
    let stdout = std::io::stdout();
    let mut lock = stdout.lock();
    match lock.write_all(text.as_bytes()).and_then(|()| lock.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => anyhow::Context::context(other, "cannot write to stdout"),
    }
}

/// Refuses an output file that is one of the inputs: writing it would replace the data the
/// output is made from (`rank team.ron -o team.ron`).
pub(crate) fn check_not_input(
    output: &std::path::Path,
    inputs: &[&std::path::Path],
) -> anyhow::Result<()> {
    if let Some(input) = input_at(output, inputs) {
        anyhow::bail!(
            "-o {} is an input of this command ({}): writing it would replace the data it is \
             made from; write to another file",
            output.display(),
            input.display()
        );
    }
    Ok(())
}

/// The input that `path` is, if any. Only a file that exists can be an input; names are
/// compared as the system resolves them, so `./team.ron`, a symbolic link to it and (on
/// Unix) a hard link to it are the same file.
pub(crate) fn input_at<'a>(
    path: &std::path::Path,
    inputs: &[&'a std::path::Path],
) -> Option<&'a std::path::Path> {
    let out = std::fs::canonicalize(path).ok()?;
    inputs
        .iter()
        .find(|i| std::fs::canonicalize(i).is_ok_and(|i| i == out || same_inode(&i, &out)))
        .copied()
}

/// Whether two paths name one file through hard links (never on systems without inodes).
fn same_inode(a: &std::path::Path, b: &std::path::Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        match (std::fs::metadata(a), std::fs::metadata(b)) {
            (Ok(a), Ok(b)) => (a.dev(), a.ino()) == (b.dev(), b.ino()),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (a, b);
        false
    }
}

/// Refuses `--format given` when the `-o` name says another format (`implied`, the
/// format its extension stands for): such a file would not open where its name says.
pub(crate) fn check_format_matches<F: clap::ValueEnum + PartialEq + Copy>(
    path: &std::path::Path,
    given: F,
    implied: Option<F>,
) -> anyhow::Result<()> {
    let name = value_name::<F>;
    match implied {
        Some(implied) if implied != given => anyhow::bail!(
            "--format {} does not match the file name '{}', which says {}: drop --format, or \
             name the file for the format you want",
            name(&given),
            path.display(),
            name(&implied)
        ),
        _ => Ok(()),
    }
}

/// How a value of an option is spelled on the command line (`--format graphml`).
pub(crate) fn value_name<F: clap::ValueEnum>(value: &F) -> String {
    value
        .to_possible_value()
        .map_or_else(String::new, |v| v.get_name().to_string())
}

/// Whether `path` names a CSV file rather than a team file, by its extension.
pub(crate) fn is_csv(path: &std::path::Path) -> bool {
    has_extension(path, "csv")
}

/// Whether `path` names a RON team file, by its extension.
fn is_ron(path: &std::path::Path) -> bool {
    has_extension(path, "ron")
}

fn has_extension(path: &std::path::Path, wanted: &str) -> bool {
    path.extension()
        .and_then(|extension| extension.to_str())
        .is_some_and(|extension| extension.eq_ignore_ascii_case(wanted))
}

/// Which sources betweenness starts from, as `--samples` says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Samples {
    /// `--samples all`: every person, exact values at any size.
    All,
    /// `--samples K`: K sampled people.
    Count(usize),
}

/// Parses `--samples`: `all` or a whole number of at least 1.
fn parse_samples(text: &str) -> Result<Samples, String> {
    if text.eq_ignore_ascii_case("all") {
        return Ok(Samples::All);
    }
    match text.parse::<usize>() {
        Ok(0) | Err(_) => Err(format!(
            "'{text}' is not a number of people; give 1 or more, or 'all' for exact values"
        )),
        Ok(count) => Ok(Samples::Count(count)),
    }
}

/// Parses a whole-number flag (a count, a size, a seed): 0 or more.
pub(crate) fn whole<T: std::str::FromStr>(text: &str) -> Result<T, String> {
    let text = text.trim();
    text.parse::<T>().map_err(|_| {
        if text.parse::<u128>().is_ok() {
            format!("'{text}' is too large here; give a smaller whole number")
        } else {
            format!("'{text}' is not a whole number; give 0 or more, such as 3")
        }
    })
}

/// Parses a share flag: a number in (0, 1].
fn parse_share(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(share) if share > 0.0 && share <= 1.0 => Ok(share),
        _ => Err(format!(
            "'{text}' is not a share; give a number above 0 and at most 1, such as 0.1"
        )),
    }
}

/// Metric settings shared by every command that computes.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Betweenness")]
pub struct AnalysisArgs {
    /// Betweenness from K sampled source people, or from `all` (exact). Default: exact while
    /// people × ties is at most 2 billion (about 6 s), else 256 sampled (exact takes hours at
    /// 1,000,000 people).
    #[arg(long, value_name = "K|all", value_parser = parse_samples, allow_negative_numbers = true)]
    pub samples: Option<Samples>,
    /// Seed for sampling, so runs repeat.
    #[arg(long, default_value_t = 42, allow_negative_numbers = true,
        value_parser = whole::<u64>)]
    pub seed: u64,
    /// The thresholds of the role rules.
    #[command(flatten)]
    pub roles: RoleArgs,
}

/// The thresholds of the role rules (roving leader, bypassed manager, broker, ...).
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Role rules")]
pub struct RoleArgs {
    /// "Top" in role rules means this share of the team.
    #[arg(
        long,
        default_value_t = 0.10,
        value_name = "SHARE",
        value_parser = parse_share,
        allow_negative_numbers = true,
    )]
    pub top_share: f64,
    /// Smallest Nayar count for a roving leader.
    #[arg(
        long,
        default_value_t = 3,
        value_name = "N",
        allow_negative_numbers = true,
        value_parser = whole::<u32>
    )]
    pub min_nayar: u32,
    /// Smallest number of direct reports for a bypassed manager.
    #[arg(
        long,
        default_value_t = 2,
        value_name = "N",
        allow_negative_numbers = true,
        value_parser = whole::<u32>
    )]
    pub min_reports: u32,
    /// A manager is bypassed when fewer than this share of their reports come to them.
    #[arg(
        long,
        default_value_t = 0.5,
        value_name = "SHARE",
        value_parser = parse_share,
        allow_negative_numbers = true,
    )]
    pub bypass_share: f64,
    /// Smallest number of departments among a broker's counted seekers.
    #[arg(
        long,
        default_value_t = 3,
        value_name = "N",
        allow_negative_numbers = true,
        value_parser = whole::<u32>
    )]
    pub min_departments: u32,
}

impl AnalysisArgs {
    /// The metric settings these flags describe for `org` (without `--samples`,
    /// betweenness is sampled beyond [`Sources::EXACT_WORK`]).
    pub fn settings(&self, org: &Org) -> Settings {
        let sources = match self.samples {
            Some(Samples::All) => Sources::All,
            Some(Samples::Count(count)) => Sources::Sample {
                count,
                seed: self.seed,
            },
            None => Sources::default_for(org.len(), org.advice().edge_count(), self.seed),
        };
        Settings {
            sources,
            pagerank: PageRankOptions::default(),
            thresholds: self.roles.thresholds(),
        }
    }
}

impl RoleArgs {
    /// The thresholds these flags give.
    pub fn thresholds(&self) -> Thresholds {
        Thresholds {
            top_share: self.top_share,
            min_nayar: self.min_nayar,
            min_reports: self.min_reports,
            bypass_share: self.bypass_share,
            min_departments: self.min_departments,
        }
    }
}

/// Scope flag shared by rank and explain.
#[derive(Debug, Clone, Copy, Args)]
pub struct ScopeArg {
    /// Who counts as outside a person's reporting hierarchy.
    #[arg(long, value_enum, default_value_t = Scope::Chain)]
    pub scope: Scope,
}

/// The spreadsheet flag shared by the CSV outputs of rank and export.
#[derive(Debug, Clone, Copy, Args)]
pub struct SpreadsheetArg {
    /// Put a ' in front of CSV cells that a spreadsheet would run as formulas (those that
    /// start with =, +, -, @ or a tab), so that spreadsheets (Excel, Calc, Google Sheets) show
    /// them as text. Without it such cells are written as they are, with a warning.
    #[arg(long)]
    pub spreadsheet_safe: bool,
}

impl SpreadsheetArg {
    /// Refuses the flag for an output that is not CSV (`format` names it), where it would
    /// change nothing.
    pub fn check(self, csv: bool, format: &str) -> anyhow::Result<()> {
        if self.spreadsheet_safe && !csv {
            anyhow::bail!(
                "--spreadsheet-safe changes CSV cells only, and this writes {format}: drop it, \
                 or ask for --format csv"
            );
        }
        Ok(())
    }

    /// The guard for one CSV output.
    pub fn guard(self) -> crate::io::spreadsheet::FormulaGuard {
        crate::io::spreadsheet::FormulaGuard::new(self.spreadsheet_safe)
    }
}

/// Prints what `guard` saw in the CSV written to `file` (`None`: stdout) on stderr: a
/// warning when formula-like cells were written as they are, a note when they were quoted.
pub(crate) fn report_formulas(
    guard: &crate::io::spreadsheet::FormulaGuard,
    file: Option<&std::path::Path>,
) {
    if let Some(message) = guard.message() {
        let kind = if guard.quotes() { "note" } else { "warning" };
        match file {
            Some(file) => eprintln!("{kind}: {}: {message}", file.display()),
            None => eprintln!("{kind}: {message}"),
        }
    }
}

/// Runs a subcommand.
pub fn run(mut command: Command) -> anyhow::Result<()> {
    // `-o -` is stdout, as the shell convention has it (it wrote a file named '-').
    let stdout = |output: &mut Option<std::path::PathBuf>| {
        if output.as_deref() == Some(std::path::Path::new("-")) {
            *output = None;
        }
    };
    match &mut command {
        Command::Rank(args) => stdout(&mut args.output),
        Command::Export(args) => stdout(&mut args.output),
        _ => {}
    }
    match command {
        Command::Rank(args) => rank::run(&args),
        Command::Explain(args) => explain::run(&args),
        Command::Generate(args) => generate::run(&args),
        Command::Convert(args) => convert::run(&args),
        Command::Export(args) => export::run(&args),
        Command::Import(args) => import::run(&args),
        Command::Diff(args) => diff::run(&args),
    }
}

/// When a command line puts options before the subcommand (`roving --samples 8 rank T`),
/// the same line with them after it (`roving rank --samples 8 T`), to suggest.
pub fn options_after_command(args: impl IntoIterator<Item = String>) -> Option<String> {
    use clap::CommandFactory as _;
    let args: Vec<String> = args.into_iter().collect();
    let cli = Cli::command();
    let at = args
        .iter()
        .position(|arg| cli.get_subcommands().any(|c| c.get_name() == arg))?;
    if !args[..at].iter().any(|arg| arg.starts_with('-')) {
        return None;
    }
    // Only a line that works: every option moved must be one the command takes (`--keys`
    // belongs to the browser alone).
    let command = cli.find_subcommand(&args[at])?;
    let takes = |flag: &str| {
        let name = flag.trim_start_matches('-');
        let name = name.split_once('=').map_or(name, |(name, _)| name);
        command.get_arguments().any(|a| a.get_long() == Some(name))
    };
    if !args[..at]
        .iter()
        .filter(|arg| arg.starts_with('-') && arg.parse::<f64>().is_err())
        .all(|flag| takes(flag))
    {
        return None;
    }
    let reordered = std::iter::once(&args[at])
        .chain(&args[..at])
        .chain(&args[at + 1..]);
    Some(
        std::iter::once("roving")
            .chain(reordered.map(String::as_str))
            .collect::<Vec<_>>()
            .join(" "),
    )
}

/// True when colour may be used on stdout: a terminal and no `NO_COLOR`.
pub fn color_enabled() -> bool {
    use std::io::IsTerminal as _;
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// The width to fit terminal tables to: `COLUMNS` when it is set to a number (as `ls`
/// reads it), else the terminal's width when stdout is one; `None` (no limit) in a pipe.
pub fn terminal_columns() -> Option<usize> {
    use std::io::IsTerminal as _;
    let from_env = std::env::var("COLUMNS")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok());
    from_env
        .or_else(|| {
            std::io::stdout()
                .is_terminal()
                .then(|| crossterm::terminal::size().ok())
                .flatten()
                .map(|(width, _)| usize::from(width))
        })
        .filter(|&w| w > 0)
}
