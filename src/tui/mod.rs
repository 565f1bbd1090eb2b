//! The interactive browser: the influence map against the org chart, in a terminal.
//!
//! Data flows one way (see `shared/STYLE.md`): a crossterm event goes through the
//! [`keymap`] of the current mode to an [`Action`]; [`App::apply`] is the only place state
//! changes, and may hand back an [`Effect`] (file I/O) for the loop to perform; then
//! [`ui::render`] draws the [`App`] without changing it. Metrics are computed when the team is
//! loaded (and per scope when first chosen) and cached in the [`App`].

pub mod action;
pub mod app;
mod background;
pub mod cursor;
pub mod detail;
pub mod event;
pub mod export;
pub mod keyfile;
pub mod keymap;
mod ranking;
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
use crate::metrics::{Centralities, Settings, Sources};
use crate::model::Org;

/// Betweenness of more steps than this (about a second's work) is computed in the
/// background while the browser opens: a 100,000-person org with 256 sampled sources is,
/// Krackhardt's 21 managers are not.
const BACKGROUND_STEPS: u64 = 100_000_000;

/// About how many steps betweenness from `sources` takes: one search over people and ties
/// per source.
fn betweenness_steps(org: &Org, sources: Sources) -> u64 {
    let graph = org.advice();
    (sources.searches(org.len()) as u64)
        .saturating_mul((graph.node_count() + graph.edge_count()) as u64)
}

/// Opens the browser on the team the arguments name (the embedded sample without any).
///
/// # Errors
///
/// When stdout is not a terminal, the team or the key file cannot be loaded, or the terminal
/// fails; the terminal is restored first in every case.
pub fn run(
    team: &TeamArgs,
    analysis: &AnalysisArgs,
    keys: Option<&Path>,
    spreadsheet_safe: bool,
) -> anyhow::Result<()> {
    if !std::io::stdout().is_terminal() {
        bail!("roving's browser needs a terminal; use `roving rank` for output to a pipe or file");
    }
    // The key file first: a mistake in it is found before seconds of loading.
    let mut keymap = Keymap::default();
    let key_notes = match keys {
        Some(path) => keyfile::load(path, &mut keymap)?,
        None => match keyfile::default_path().filter(|p| p.exists()) {
            Some(path) => keyfile::load(&path, &mut keymap)?,
            None => Vec::new(),
        },
    };
    // Loading and the network-wide measures take seconds on a large org: show bars on stderr
    // before the screen switches to the browser.
    let progress = Bars::for_stderr();
    let loaded = team.load_with(&progress)?;
    // Printed on stderr by now, under the browser's screen until it closes: the status line
    // says so too.
    let load_notes: Vec<String> = loaded
        .warnings
        .iter()
        .map(|w| format!("warning: {w}"))
        .collect();
    let org = loaded.org;
    let settings = analysis.settings(&org);
    if let (None, Sources::Sample { count, .. }) = (analysis.samples, settings.sources) {
        eprintln!(
            "note: {} people: estimating betweenness from {count} sampled people \
             (--samples K to choose, --samples all for exact values)",
            crate::text::thousands(org.len())
        );
    }
    // Betweenness that takes more than a moment is computed while the user browses.
    let background = betweenness_steps(&org, settings.sources) > BACKGROUND_STEPS;
    let now = if background {
        Settings {
            sources: Sources::Skip,
            ..settings
        }
    } else {
        settings
    };
    let centralities = Centralities::compute_with(&org, &now, &progress);
    drop(progress);
    let mut app = App::with_centralities(org, settings, centralities);
    if background {
        app = app.with_betweenness_in_background();
    }
    let mut app = app
        .with_theme(Theme::from_env())
        .with_keymap(keymap)
        .with_spreadsheet_safe(spreadsheet_safe)
        .with_inputs(team.inputs().into_iter().map(Path::to_path_buf).collect());
    // Loading warnings and a key file that took keys from other actions say so where it
    // shows: the status line.
    if let Some(first) = loaded_first(&load_notes) {
        app.set_status(first, true);
    } else if let Some(first) = key_notes.first() {
        let more = match key_notes.len() {
            1 => String::new(),
            n => format!(" (and {} more, printed when you quit)", n - 1),
        };
        app.set_status(format!("{first}{more}"), true);
    }
    let (mut terminal, guard) = terminal::init().context("cannot set up the terminal")?;
    let result = event::run(&mut terminal, &mut app);
    drop(guard);
    for note in &load_notes {
        eprintln!("{note}");
    }
    if key_notes.len() > 1 {
        for note in &key_notes {
            eprintln!("note: {note}");
        }
    }
    result
}

/// The status line for loading warnings: how many, that they are printed again on quitting
/// (the screen hides stderr until then), and the first one, cut by the status line.
fn loaded_first(notes: &[String]) -> Option<String> {
    let first = notes.first()?;
    let first = first.strip_prefix("warning: ").unwrap_or(first);
    Some(format!(
        "{}, printed again when you quit: {first}",
        crate::text::count(notes.len(), "loading warning", "loading warnings")
    ))
}
