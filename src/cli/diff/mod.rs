//! `roving diff`: who rose and fell in Nayar rank between two survey waves, and which roving
//! leaders are new or lost.

mod department_table;
mod renamed;
mod report;
mod standing;
mod wave_diff;

use std::path::PathBuf;

use anyhow::Context as _;
use clap::Args;

use crate::io::{ListFormat, Options, load_ron, write_atomic};
use crate::metrics::{Analysis, PageRankOptions, Settings, Sources};
use crate::model::{Org, Phase, Progress as _};

use super::privacy::PrivacyArgs;
use super::progress::Bars;
use super::{RoleArgs, ScopeArg};

use renamed::Renamed;
use wave_diff::{Rules, compare};

/// Output formats of `diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    /// Markdown (headings, lists and tables), also readable as plain text; `text` is the
    /// same.
    #[value(alias = "text")]
    Markdown,
    /// JSON.
    Json,
}

/// Arguments of `roving diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The earlier wave (.ron team file).
    pub old: PathBuf,
    /// The later wave (.ron team file).
    pub new: PathBuf,
    /// Who counts as outside a person's hierarchy.
    #[command(flatten)]
    pub scope: ScopeArg,
    /// Show at most N people in each list (risers, fallers, new and lost roving leaders,
    /// joined, left) and count the rest. JSON cuts risers and fallers the same way (with
    /// their totals) and keeps the other lists whole.
    #[arg(
        long,
        value_name = "N",
        default_value_t = 10,
        allow_negative_numbers = true,
        value_parser = super::whole::<usize>
    )]
    pub top: usize,
    /// Output format. Default: from the -o extension (.json, .md), else markdown.
    #[arg(long, value_enum)]
    pub format: Option<DiffFormat>,
    /// Write to FILE (atomically) instead of stdout.
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Skip ties naming unknown people in either file instead of failing.
    #[arg(long)]
    pub lenient: bool,
    /// Privacy.
    #[command(flatten)]
    pub privacy: PrivacyArgs,
    /// Who is a roving leader.
    #[command(flatten)]
    pub roles: RoleArgs,
}

/// The format to write: --format, else the -o extension's, else Markdown. Refuses an -o
/// name that says another kind of file, which would not open where its name says.
fn format(args: &DiffArgs) -> anyhow::Result<DiffFormat> {
    const OTHERS: [&str; 13] = [
        "csv", "tsv", "xlsx", "xls", "xlsm", "ods", "numbers", "html", "htm", "ron", "gexf",
        "graphml", "dot",
    ];
    let Some(path) = &args.output else {
        return Ok(args.format.unwrap_or(DiffFormat::Markdown));
    };
    let mut inputs = vec![args.old.as_path(), args.new.as_path()];
    inputs.extend(args.privacy.key_file.as_deref());
    super::check_not_input(path, &inputs)?;
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if let Some(extension) = extension.filter(|e| OTHERS.contains(&e.as_str())) {
        anyhow::bail!(
            "diff writes a Markdown or JSON report, not .{extension}: name the file .md or \
             .json (such as -o {})",
            path.with_extension("md").display()
        );
    }
    let implied = match ListFormat::from_path(path) {
        Some(ListFormat::Json) => Some(DiffFormat::Json),
        Some(ListFormat::Markdown) => Some(DiffFormat::Markdown),
        Some(ListFormat::Csv) | None => None,
    };
    if let Some(given) = args.format {
        super::check_format_matches(path, given, implied)?;
    }
    Ok(args.format.or(implied).unwrap_or(DiffFormat::Markdown))
}

/// Runs `diff`.
pub fn run(args: &DiffArgs) -> anyhow::Result<()> {
    let format = format(args)?;
    let pseudonymizer = args.privacy.pseudonymizer()?;
    let options = Options {
        lenient: args.lenient,
        ..Options::default()
    };
    // Before loading either: the first wave may take a while.
    if let Some(csv) = [&args.old, &args.new]
        .into_iter()
        .find(|p| super::is_csv(p))
    {
        anyhow::bail!(
            "{}: diff compares two team files (.ron), each a wave with its own people and ties; \
             make one per wave with `roving convert --people P --advice A -o wave.ron`",
            csv.display()
        );
    }
    let progress = Bars::for_stderr();
    let mut orgs = Vec::new();
    for path in [&args.old, &args.new] {
        progress.start(Phase::LoadTeam, 0);
        let loaded = load_ron(path, options);
        progress.finish(Phase::LoadTeam);
        let loaded = loaded.map_err(|e| args.privacy.error(e))?;
        for warning in &loaded.warnings {
            eprintln!(
                "warning: {}: {}",
                path.display(),
                args.privacy.warning(warning)
            );
        }
        orgs.push(loaded.org);
    }
    // Pseudonyms are made from ids, so names differ only before; the count is kept, the
    // real names are not.
    let renamed = pseudonymizer
        .as_ref()
        .map(|_| Renamed::find(&orgs[0], &orgs[1]).map(|r| Renamed { first: None, ..r }));
    // One table for both waves: two people sharing a pseudonym is an error in either.
    if let Some(p) = &pseudonymizer {
        orgs = p.try_orgs(orgs)?;
    }
    if let Some(note) = args.privacy.real_names_note() {
        eprintln!("note: {note}");
    }
    // The comparison reads Nayar ranks and roving leaders only: no betweenness.
    let settings = Settings {
        sources: Sources::Skip,
        pagerank: PageRankOptions::default(),
        thresholds: args.roles.thresholds(),
    };
    let waves: Vec<(Org, Analysis)> = orgs
        .into_iter()
        .map(|org| {
            let analysis = Analysis::compute_with(&org, args.scope.scope, &settings, &progress);
            (org, analysis)
        })
        .collect();
    progress.total();
    let rules = Rules {
        top: args.top,
        min_group: args.privacy.min_group,
        thresholds: settings.thresholds,
    };
    let mut diff = compare(
        (&waves[0].0, &waves[0].1),
        (&waves[1].0, &waves[1].1),
        &rules,
    );
    if let Some(renamed) = renamed {
        diff.renamed = renamed;
    }
    if let Some(renamed) = &diff.renamed {
        eprintln!(
            "warning: {}",
            renamed.message(|t| crate::text::clean(t).into_owned())
        );
    }
    let text = match format {
        DiffFormat::Markdown => diff.to_text(&rules),
        DiffFormat::Json => serde_json::to_string_pretty(&diff)? + "\n",
    };
    if let Some(path) = &args.output {
        write_atomic(path, |w| w.write_all(text.as_bytes()))
            .with_context(|| format!("cannot write '{}'", path.display()))?;
        eprintln!(
            "wrote the comparison of {} and {} to {}",
            args.old.display(),
            args.new.display(),
            path.display()
        );
        return Ok(());
    }
    super::print(&text)
}
