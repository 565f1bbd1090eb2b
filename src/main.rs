//! The `roving` binary: parse arguments, dispatch, map errors to exit code 2.

use std::process::ExitCode;

use clap::Parser as _;
use roving::cli::{self, Cli};
use roving::tui;

fn main() -> ExitCode {
    let args = Cli::parse();
    let result = match args.command {
        Some(command) => cli::run(command, &args.analysis),
        None => tui::run(&args.team, &args.analysis, args.keys.as_deref()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}
