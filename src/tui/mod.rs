//! The interactive browser: the influence map against the org chart, in a terminal.
//!
//! Data flows one way (see `shared/STYLE.md`): a crossterm event goes through the
//! [`keymap`] of the current mode to an [`Action`]; [`App::apply`] is the only place state
//! changes, and may hand back an [`Effect`] (file I/O) for the loop to perform; then
//! [`ui::render`] draws the [`App`] without changing it. Metrics are computed when the team is
//! loaded (and per scope when first chosen) and cached in the [`App`].

pub mod action;
pub mod app;
pub mod cursor;
pub mod detail;
pub mod event;
pub mod export;
pub mod keyfile;
pub mod keymap;
pub mod terminal;
pub mod theme;
pub mod tree;
pub mod ui;
mod update;

use std::io::IsTerminal as _;
use std::path::Path;

use anyhow::{Context as _, bail};

pub use action::{Action, Column, Effect, View};
pub use app::{App, Mode};
pub use keymap::Keymap;
pub use theme::Theme;

use crate::cli::progress::Bars;
use crate::cli::{AnalysisArgs, TeamArgs};
use crate::metrics::{Centralities, Sources};

/// Above this many people, betweenness is estimated from sampled sources unless `--samples`
/// says otherwise: exact betweenness grows with people × ties.
pub const SAMPLE_ABOVE: usize = 5_000;
/// Sources sampled then.
pub const DEFAULT_SAMPLES: usize = 100;

/// Opens the browser on the team the arguments name (the embedded sample without any).
///
/// # Errors
///
/// When stdout is not a terminal, the team cannot be loaded, the settings are invalid, or
/// the terminal fails; the terminal is restored first in every case.
pub fn run(team: &TeamArgs, analysis: &AnalysisArgs, keys: Option<&Path>) -> anyhow::Result<()> {
    if !std::io::stdout().is_terminal() {
        bail!("roving's browser needs a terminal; use `roving rank` for output to a pipe or file");
    }
    let mut settings = analysis.settings()?;
    // Loading and the network-wide measures take seconds on a large org: show bars on stderr
    // before the screen switches to the browser.
    let progress = Bars::for_stderr();
    let loaded = team.load_with(&progress)?;
    let org = loaded.org;
    if org.len() > SAMPLE_ABOVE && settings.sources == Sources::All {
        settings.sources = Sources::Sample {
            count: DEFAULT_SAMPLES,
            seed: analysis.seed,
        };
        eprintln!(
            "note: {} people: estimating betweenness from {DEFAULT_SAMPLES} sampled people \
             (--samples K to choose)",
            org.len()
        );
    }
    let mut keymap = Keymap::default();
    match keys {
        Some(path) => keyfile::load(path, &mut keymap)?,
        None => {
            if let Some(path) = keyfile::default_path().filter(|p| p.exists()) {
                keyfile::load(&path, &mut keymap)?;
            }
        }
    }
    let centralities = Centralities::compute_with(&org, &settings, &progress);
    drop(progress);
    let mut app = App::with_centralities(org, settings, centralities)
        .with_theme(Theme::from_env())
        .with_keymap(keymap);
    let (mut terminal, guard) = terminal::init().context("cannot set up the terminal")?;
    let result = event::run(&mut terminal, &mut app);
    drop(guard);
    result
}
