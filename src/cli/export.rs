//! `roving export`: the advice graph with every attribute, metric and role, for Gephi,
//! networkx and Graphviz.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use clap::Args;

use crate::io::export::{GraphFormat, GraphTable, write_edges_csv, write_graph, write_nodes_csv};
use crate::io::{stage, write_atomic};
use crate::metrics::Analysis;
use crate::model::{Phase, Progress as _};
use crate::text::count;

use super::privacy::PrivacyArgs;
use super::progress::Bars;
use super::{AnalysisArgs, ScopeArg, SpreadsheetArg, TeamArgs};

/// Arguments of `roving export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Who counts as outside a person's hierarchy (for the Nayar counts and for marking
    /// ties inside or outside the seeker's hierarchy).
    #[command(flatten)]
    pub scope: ScopeArg,
    /// File format. Default: from the -o extension (.gexf, .graphml, .dot/.gv, .json, .csv).
    #[arg(long, value_enum)]
    pub format: Option<GraphFormat>,
    /// Write to FILE (atomically) instead of stdout. For csv, FILE.csv names two files:
    /// FILE.nodes.csv and FILE.edges.csv.
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,
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

/// `graph.csv` → (`graph.nodes.csv`, `graph.edges.csv`).
pub fn csv_paths(path: &Path) -> (PathBuf, PathBuf) {
    let stem = path
        .file_stem()
        .map_or_else(|| "graph".into(), |s| s.to_string_lossy().into_owned());
    (
        path.with_file_name(format!("{stem}.nodes.csv")),
        path.with_file_name(format!("{stem}.edges.csv")),
    )
}

/// Runs `export`.
pub fn run(args: &ExportArgs) -> anyhow::Result<()> {
    let Some(format) = args
        .format
        .or_else(|| args.output.as_deref().and_then(GraphFormat::from_path))
    else {
        bail!("say which format to write: --format gexf, graphml, dot, json or csv");
    };
    if let (Some(given), Some(path)) = (args.format, &args.output) {
        super::check_format_matches(path, given, GraphFormat::from_path(path))?;
    }
    if let Some(path) = &args.output {
        let mut inputs = args.team.inputs();
        inputs.extend(args.privacy.key_file.as_deref());
        super::check_not_input(path, &inputs)?;
        if format == GraphFormat::Csv {
            let (nodes, edges) = csv_paths(path);
            for written in [nodes, edges] {
                if let Some(input) = super::input_at(&written, &inputs) {
                    bail!(
                        "-o {} writes {}, which is an input of this command ({}): writing it \
                         would replace the data it is made from; write to another file",
                        path.display(),
                        written.display(),
                        input.display()
                    );
                }
            }
        }
    }
    args.spreadsheet
        .check(format == GraphFormat::Csv, &super::value_name(&format))?;
    if args.output.is_none() && format == GraphFormat::Csv {
        bail!("--format csv writes two tables (nodes and edges); name them with -o FILE.csv");
    }
    if args.privacy.min_group_given() {
        bail!(
            "--min-group hides small departments in tables of group figures (rank \
             --by-department, diff), and export writes every person, no such table: drop \
             --min-group"
        );
    }
    // Read once (a key file may be a pipe), and before loading, so a missing key fails fast.
    let pseudonymizer = args.privacy.pseudonymizer()?;
    if let Some(note) = args.privacy.real_names_note() {
        eprintln!("note: {note}");
    }
    let progress = Bars::for_stderr();
    let loaded = args.team.load_with_privacy(&progress, &args.privacy)?;
    let org = super::privacy::pseudonymize(loaded.org, pseudonymizer.as_ref())?;
    let settings = args.analysis.settings(&org);
    let analysis = Analysis::compute_with(&org, args.scope.scope, &settings, &progress);
    for note in super::rank::notes(&org, &analysis) {
        eprintln!("note: {note}");
    }
    let table = GraphTable::new(&org, &analysis);
    match (&args.output, format) {
        (Some(path), GraphFormat::Csv) => {
            let (nodes, edges) = csv_paths(path);
            progress.start(Phase::Write, 0);
            // Both tables are written in full before either replaces an older one, so a
            // failure never leaves new nodes beside old edges.
            let guards = [args.spreadsheet.guard(), args.spreadsheet.guard()];
            let staged_nodes = stage(&nodes, |w| write_nodes_csv(w, &table, &guards[0]))
                .with_context(|| format!("cannot write '{}'", nodes.display()))?;
            let staged_edges = stage(&edges, |w| write_edges_csv(w, &table, &guards[1]))
                .with_context(|| format!("cannot write '{}'", edges.display()))?;
            staged_nodes
                .commit()
                .with_context(|| format!("cannot write '{}'", nodes.display()))?;
            staged_edges
                .commit()
                .with_context(|| format!("cannot write '{}'", edges.display()))?;
            progress.finish(Phase::Write);
            progress.total();
            eprintln!(
                "wrote {} to {} and {} to {}",
                count(table.node_count(), "person", "people"),
                nodes.display(),
                count(table.edge_count(), "advice tie", "advice ties"),
                edges.display()
            );
            super::report_formulas(&guards[0], Some(&nodes));
            super::report_formulas(&guards[1], Some(&edges));
        }
        (Some(path), _) => {
            progress.start(Phase::Write, 0);
            write_atomic(path, |w| write_graph(w, &table, format))
                .with_context(|| format!("cannot write '{}'", path.display()))?;
            progress.finish(Phase::Write);
            progress.total();
            eprintln!(
                "wrote {} and {} to {}",
                count(table.node_count(), "person", "people"),
                count(table.edge_count(), "advice tie", "advice ties"),
                path.display()
            );
        }
        (None, _) => {
            drop(progress);
            let stdout = std::io::stdout();
            let mut lock = stdout.lock();
            match write_graph(&mut lock, &table, format).and_then(|()| lock.flush()) {
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
                other => other.context("cannot write to stdout")?,
            }
        }
    }
    Ok(())
}
