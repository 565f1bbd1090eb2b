//! The `roving` binary: parse arguments, dispatch, map errors to exit code 2.

use std::process::ExitCode;

use clap::Parser as _;
use roving::cli::{self, Cli};
use roving::tui;

fn main() -> ExitCode {
    let args = Cli::try_parse().unwrap_or_else(|err| {
        let _ = err.print();
        if err.use_stderr()
            && let Some(fixed) = cli::options_after_command(
                std::env::args_os()
                    .skip(1)
                    .map(|arg| arg.to_string_lossy().into_owned()),
            )
        {
            eprintln!("\nhint: options go after the command: {fixed}");
        }
        std::process::exit(err.exit_code())
    });
    let result = match args.command {
        Some(command) => cli::run(command),
        None => tui::run(
            &args.team,
            &args.analysis,
            args.keys.as_deref(),
            args.spreadsheet.spreadsheet_safe,
        ),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            // Errors quote ids and values from the input, which may hold terminal controls.
            eprintln!("error: {}", roving::text::printable(&format!("{err:#}")));
            ExitCode::from(2)
        }
    }
}
