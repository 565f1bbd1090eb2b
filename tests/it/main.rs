//! The one integration test binary: each module tests one area.

// Helpers here are test code too; clippy.toml's allow-unwrap-in-tests only covers #[test]s.
#![allow(clippy::unwrap_used)]

mod deps;
mod export;
mod import;
mod privacy;
mod xml;
