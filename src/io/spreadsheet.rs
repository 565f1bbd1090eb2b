//! CSV cells that a spreadsheet would run as formulas.
//!
//! Spreadsheets (Excel, Calc, Google Sheets) read a cell that starts with `=`, `+`, `-` or `@`
//! as a formula, and a tab or carriage return in front does not stop them (CSV injection,
//! CWE-1236). People data comes from HR systems and surveys, where anyone may type
//! `=HYPERLINK("http://…")` as a title. roving writes such cells as they are, so a CSV
//! reads back the same into roving, pandas or R, and says how many it wrote; with
//! `--spreadsheet-safe` it writes them with a leading `'`, which spreadsheets show as text.

use std::borrow::Cow;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Whether a spreadsheet would read `cell` as a formula. Plain numbers (`-3`, `+1.5e-7`)
/// are not counted: a spreadsheet reads them as the numbers they are.
pub fn formula_like(cell: &str) -> bool {
    let Some(first) = cell.chars().next() else {
        return false;
    };
    match first {
        '=' | '@' | '\t' | '\r' => true,
        // A sign alone (a common "none" in HR exports) is text to a spreadsheet too.
        '+' | '-' => cell.len() > 1 && !plain_number(cell),
        _ => false,
    }
}

/// `-3`, `+0.25`, `-1e-9`: digits with a sign, a point and an exponent, nothing else.
fn plain_number(cell: &str) -> bool {
    cell.bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.' | b'e' | b'E'))
        && cell.parse::<f64>().is_ok()
}

/// Watches (and with `quote`, defuses) the text cells of one CSV output. Shared by the
/// threads that write its blocks.
#[derive(Debug, Default)]
pub struct FormulaGuard {
    quote: bool,
    found: AtomicUsize,
    /// The first formula-like cell in row order: (data row from 1, text). Blocks of rows
    /// are written on several threads, so "first" is kept by row, not by arrival.
    first: Mutex<Option<(usize, String)>>,
}

impl FormulaGuard {
    /// A guard that writes cells as they are (`quote: false`) or puts `'` in front of the
    /// formula-like ones (`quote: true`); either way it counts them.
    pub fn new(quote: bool) -> Self {
        FormulaGuard {
            quote,
            ..FormulaGuard::default()
        }
    }

    /// The text to write for `cell`, a cell of data row `row` (from 1).
    pub fn cell<'a>(&self, row: usize, cell: &'a str) -> Cow<'a, str> {
        if !formula_like(cell) {
            return Cow::Borrowed(cell);
        }
        self.found.fetch_add(1, Ordering::Relaxed);
        let mut first = self
            .first
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if first.as_ref().is_none_or(|(r, _)| row < *r) {
            *first = Some((row, cell.to_string()));
        }
        drop(first);
        if self.quote {
            Cow::Owned(format!("'{cell}"))
        } else {
            Cow::Borrowed(cell)
        }
    }

    /// Whether formula-like cells get a `'` in front.
    pub fn quotes(&self) -> bool {
        self.quote
    }

    /// How many formula-like cells went through.
    pub fn found(&self) -> usize {
        self.found.load(Ordering::Relaxed)
    }

    /// "3 cells that a spreadsheet would run as formulas", or `None` when there were none.
    pub fn summary(&self) -> Option<String> {
        Some(match self.found() {
            0 => return None,
            1 => "1 cell that a spreadsheet would run as a formula".to_string(),
            n => format!(
                "{} that a spreadsheet would run as formulas",
                crate::text::count(n, "cell", "cells")
            ),
        })
    }

    /// A line for the user when formula-like cells were written (`None` when there were
    /// none): how many, the first of them, and what was or can be done.
    pub fn message(&self) -> Option<String> {
        let summary = self.summary()?;
        let first = self
            .first
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let (row, text) = first.as_ref()?;
        let shown = crate::text::fit(text, 40);
        let what = if self.found() == 1 {
            format!("{summary} (row {row}: {shown})")
        } else {
            format!("{summary} (the first, in row {row}: {shown})")
        };
        Some(if self.quote {
            format!("{what} went out with a ' in front (--spreadsheet-safe)")
        } else {
            format!(
                "wrote {what}: such cells start with =, +, -, @ or a tab; \
                 --spreadsheet-safe puts a ' in front"
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_are_caught_and_numbers_are_not() {
        for cell in [
            "=1+1",
            "=HYPERLINK(\"http://x\")",
            "+44 20 7946 0000",
            "-Smith",
            "@SUM(A1)",
            "\t=1",
            "\r=1",
            "-inf",
            "=",
            "-A",
        ] {
            assert!(formula_like(cell), "{cell:?}");
        }
        for cell in [
            "", "Ann", "a=b", "R&D", "-3", "+0.25", "-1e-9", "1e5", "0.5", " =1", "'=1", "-", "+",
        ] {
            assert!(!formula_like(cell), "{cell:?}");
        }
    }

    #[test]
    fn quoting_guard_prefixes_and_counts() {
        let guard = FormulaGuard::new(true);
        assert_eq!(guard.cell(1, "Ann"), "Ann");
        assert_eq!(guard.cell(9, "@x"), "'@x");
        assert_eq!(guard.cell(4, "=1+1"), "'=1+1");
        assert_eq!(guard.cell(2, "-3"), "-3");
        assert_eq!(guard.cell(7, "=2"), "'=2");
        assert_eq!(guard.found(), 3);
        let message = guard.message().unwrap();
        assert!(message.starts_with("3 cells that"), "{message}");
        // The first by row, not by arrival.
        assert!(message.contains("the first, in row 4: =1+1"), "{message}");
        assert!(message.contains("went out with a ' in front"), "{message}");
    }

    #[test]
    fn plain_guard_keeps_cells_and_says_so() {
        let guard = FormulaGuard::new(false);
        assert_eq!(guard.message(), None);
        assert_eq!(guard.cell(3, "=1+1"), "=1+1");
        assert_eq!(guard.found(), 1);
        let message = guard.message().unwrap();
        assert!(message.starts_with("wrote 1 cell that"), "{message}");
        assert!(message.contains("as a formula (row 3: =1+1)"), "{message}");
        assert!(message.contains("--spreadsheet-safe"), "{message}");
    }
}
