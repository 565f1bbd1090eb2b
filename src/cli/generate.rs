//! `roving generate`: a deterministic synthetic org.

use std::path::PathBuf;

use anyhow::{Context as _, bail};
use clap::Args;

use crate::generate::{DEFAULT_NAME, generate};
use crate::io::save_ron;
use crate::text::count;

/// Arguments of `roving generate`. One destination: a team file or a folder of CSVs.
#[derive(Debug, Args)]
#[command(group(
    clap::ArgGroup::new("destination")
        .required(true)
        .args(["output", "csv_dir"])
))]
pub struct GenerateArgs {
    /// Number of people, from 1 to 2,147,483,647.
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = head_count)]
    pub people: usize,
    /// Random seed: the same size and seed give the same org.
    #[arg(long, default_value_t = 7, allow_negative_numbers = true,
        value_parser = super::whole::<u64>)]
    pub seed: u64,
    /// Company name (also used for e-mail addresses).
    #[arg(long, default_value = DEFAULT_NAME)]
    pub name: String,
    /// Write a RON team file here.
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Write people.csv and advice.csv into this folder instead (faster for large orgs).
    #[arg(long, value_name = "DIR")]
    pub csv_dir: Option<PathBuf>,
}

/// The most people `generate` makes: person indices are `u32`, with room for a marker.
const MOST_PEOPLE: usize = u32::MAX as usize / 2;

/// Parses `--people`: a whole number from 1 to [`MOST_PEOPLE`].
fn head_count(text: &str) -> Result<usize, String> {
    match text.trim().parse::<usize>() {
        Ok(n) if (1..=MOST_PEOPLE).contains(&n) => Ok(n),
        _ => Err(format!(
            "'{}' is not a number of people from 1 to {}; give a whole number such as 1000",
            text.trim(),
            crate::text::thousands(MOST_PEOPLE)
        )),
    }
}

/// Runs `generate`.
pub fn run(args: &GenerateArgs) -> anyhow::Result<()> {
    if let Some(path) = &args.output {
        super::check_team_output(path, "generate")?;
    }
    if let Some(dir) = &args.csv_dir
        && dir.exists()
        && !dir.is_dir()
    {
        bail!(
            "'{}' is a file, not a folder; --csv-dir takes a folder (made if missing) to write \
             people.csv and advice.csv into",
            dir.display()
        );
    }
    let org = generate(args.people, args.seed, &args.name);
    if let Some(path) = &args.output {
        save_ron(path, &org.to_team(), Some(&org.header(args.seed)))
            .with_context(|| format!("cannot write '{}'", path.display()))?;
        eprintln!(
            "wrote {} and {} to {}",
            count(org.people.len(), "person", "people"),
            count(org.ties.len(), "advice tie", "advice ties"),
            path.display()
        );
    }
    if let Some(dir) = &args.csv_dir {
        org.write_csv(dir)
            .with_context(|| format!("cannot write into '{}'", dir.display()))?;
        eprintln!(
            "wrote {} and {} to {}/people.csv and advice.csv",
            count(org.people.len(), "person", "people"),
            count(org.ties.len(), "advice tie", "advice ties"),
            dir.display()
        );
    }
    Ok(())
}
