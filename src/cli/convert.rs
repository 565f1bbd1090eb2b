//! `roving convert`: a CSV people/advice pair (and other relations) into a RON team file.

use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::{Context as _, bail};
use clap::Args;

use crate::io::import::ADVICE;
use crate::io::{Options, load_csv_pair_with, save_ron};
use crate::model::{Phase, in_phase};
use crate::text::count;

use super::progress::Bars;

/// Arguments of `roving convert`.
#[derive(Debug, Args)]
pub struct ConvertArgs {
    /// People CSV.
    #[arg(long, value_name = "FILE")]
    pub people: PathBuf,
    /// Advice CSV. Without it the team file has the org chart and no advice ties yet.
    #[arg(long, value_name = "FILE")]
    pub advice: Option<PathBuf>,
    /// Another relation as NAME=FILE (`from_id,to_id`[,weight]); repeatable. ADVICE=FILE
    /// (any case) is read as the advice ties, like --advice.
    #[arg(long, value_name = "NAME=FILE")]
    pub relation: Vec<String>,
    /// Team display name.
    #[arg(long)]
    pub name: Option<String>,
    /// Text for the file's header comment (where the data come from).
    #[arg(long)]
    pub header: Option<String>,
    /// Skip ties naming unknown people instead of failing.
    #[arg(long)]
    pub lenient: bool,
    /// Tie files with a perceiver column (cognitive social structures): keep each tie
    /// as its seeker reports it (self), or only ties both people report (consensus).
    #[arg(long, value_enum, value_name = "RULE")]
    pub perceiver: Option<crate::io::Perceiver>,
    /// The RON team file to write.
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: PathBuf,
}

/// Runs `convert`.
pub fn run(args: &ConvertArgs) -> anyhow::Result<()> {
    super::check_team_output(&args.output, "convert")?;
    let mut advice = args.advice.clone();
    let mut relations = Vec::new();
    for spec in &args.relation {
        let Some((name, file)) = spec.split_once('=') else {
            bail!("--relation takes NAME=FILE (such as friendship=friends.csv), not '{spec}'");
        };
        if name.is_empty() || file.is_empty() {
            bail!("--relation takes NAME=FILE (such as friendship=friends.csv), not '{spec}'");
        }
        // The advice network is not "another relation": read it as the advice ties, as
        // `import` does with ADVICE=FILE.
        if name.eq_ignore_ascii_case(ADVICE) {
            if let Some(given) = &advice {
                let source = if args.advice.is_some() {
                    "--advice"
                } else {
                    "an earlier --relation"
                };
                bail!(
                    "--relation {spec} names the advice network, which {source} already gives \
                     ('{}'); give one advice file",
                    given.display()
                );
            }
            advice = Some(PathBuf::from(file));
            continue;
        }
        // A team file holds one list per relation: a second file would replace the first.
        if relations.iter().any(|(known, _)| known == name) {
            bail!(
                "--relation {name}=... is given twice; each relation comes from one file \
                 (combine the files first, or give the second relation another name)"
            );
        }
        relations.push((name.to_string(), PathBuf::from(file)));
    }
    let relations: Vec<(String, &std::path::Path)> = relations
        .iter()
        .map(|(n, p)| (n.clone(), p.as_path()))
        .collect();
    let progress = Bars::for_stderr();
    let loaded = load_csv_pair_with(
        &args.people,
        advice.as_deref(),
        &relations,
        Options {
            lenient: args.lenient,
            perceiver: args.perceiver,
        },
        &progress,
    )?;
    for warning in &loaded.warnings {
        eprintln!("warning: {warning}");
    }
    let mut team = loaded.org.to_team();
    // The team holds its own copy of everything: let the org go before writing.
    drop(loaded);
    team.name.clone_from(&args.name);
    in_phase(&progress, Phase::Write, 0, || {
        save_ron(&args.output, &team, args.header.as_deref())
    })
    .with_context(|| format!("cannot write '{}'", args.output.display()))?;
    // Every relation written, so a user sees that the extra files were kept.
    let mut others = String::new();
    for (name, links) in &team.relations {
        let _ = write!(
            others,
            ", {} {name} ties",
            crate::text::thousands(links.len())
        );
    }
    eprintln!(
        "wrote {}, {}{others} to {}",
        count(team.people.len(), "person", "people"),
        count(team.advice.len(), "advice tie", "advice ties"),
        args.output.display()
    );
    Ok(())
}
