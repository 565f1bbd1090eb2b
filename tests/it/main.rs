//! The one integration test binary; each module covers one area.

mod tui_e2e;
