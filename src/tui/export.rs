//! Writing the Leaders list as shown to a file.

use std::path::Path;

use anyhow::Context as _;

use crate::io::spreadsheet::FormulaGuard;
use crate::io::{ListFormat, write_atomic, write_leaders};

use super::app::App;

/// Writes the rows the Leaders view shows (all of them, in order, with the current scope,
/// sort and filters) to `path`, atomically. Returns a line for the status bar.
///
/// # Errors
///
/// When the file cannot be written; the message names the path.
pub fn write(app: &App, path: &Path, format: ListFormat) -> anyhow::Result<String> {
    let rows = app.leader_rows();
    let title = format!(
        "{} — informal leaders",
        app.org().name.as_deref().unwrap_or("Team")
    );
    let shown = format!("Shown: {}.", app.leader_caption());
    let heading = (title.as_str(), Some(shown.as_str()));
    let guard = FormulaGuard::new(app.export.spreadsheet_safe);
    write_atomic(path, |w| {
        write_leaders(w, &rows, format, heading, &app.notes, &guard)
    })
    .with_context(|| format!("cannot write '{}'", path.display()))?;
    let shown = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let exported = format!(
        "exported {} ({}) to {}",
        crate::text::count(rows.len(), "person", "people"),
        format.extension(),
        shown.display()
    );
    // First, where the status line cannot cut it off.
    let Some(cells) = guard.summary() else {
        return Ok(exported);
    };
    Ok(if guard.quotes() {
        format!("{cells} went out with a ' in front · {exported}")
    } else {
        format!(
            "warning: {cells} (start roving with --spreadsheet-safe to quote them) · {exported}"
        )
    })
}
