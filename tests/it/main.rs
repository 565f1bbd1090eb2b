//! The one integration-test binary: modules per area.

// Test helpers outside #[test] functions unwrap too: a failure there is a test failure.
#![allow(clippy::unwrap_used)]

mod cli;
mod invalid;
mod oracles;
mod properties;
mod reference;
mod roles;
