//! The one integration-test binary: modules per area.

// Test helpers outside #[test] functions unwrap too: a failure there is a test failure.
#![allow(clippy::unwrap_used)]

mod cli;
mod deps;
mod export;
mod import;
mod invalid;
mod oracles;
mod privacy;
mod properties;
mod reference;
mod robustness;
mod roles;
mod spreadsheet;
mod tui_e2e;
mod waves;
mod xml;
