//! File lines of CSV records, from their byte positions.
//!
//! The csv crate's own `Position::line()` drifts when a file mixes blank lines with `\r\n`
//! breaks, so error messages count lines from the bytes instead.

use std::cell::OnceCell;
use std::path::Path;

/// A text and where its line breaks are.
#[derive(Debug, Default)]
pub(crate) struct LineIndex {
    text: Vec<u8>,
    breaks: Vec<usize>,
}

impl LineIndex {
    pub(crate) fn new(text: Vec<u8>) -> Self {
        let breaks = text
            .iter()
            .enumerate()
            .filter(|(_, b)| **b == b'\n')
            .map(|(i, _)| i)
            .collect();
        LineIndex { text, breaks }
    }

    /// The text the lines are of.
    pub(crate) fn text(&self) -> &[u8] {
        &self.text
    }

    /// The 1-based line of the record the csv crate places at `byte`.
    ///
    /// A record's position is where the line break before it starts, so the breaks and
    /// blank lines that follow are stepped over first.
    pub(crate) fn line(&self, byte: u64) -> usize {
        let mut at = usize::try_from(byte).map_or(self.text.len(), |b| b.min(self.text.len()));
        while at < self.text.len() && matches!(self.text[at], b'\r' | b'\n') {
            at += 1;
        }
        1 + self.breaks.partition_point(|&b| b < at)
    }
}

/// The lines of a file, read the first time one is asked for: error paths pay for it,
/// loading does not.
pub(crate) struct FileLines<'a> {
    path: &'a Path,
    index: OnceCell<Option<LineIndex>>,
}

impl<'a> FileLines<'a> {
    pub(crate) fn new(path: &'a Path) -> Self {
        FileLines {
            path,
            index: OnceCell::new(),
        }
    }

    /// The 1-based line of the record at `byte`, or 0 (no line) if the file cannot be read
    /// again.
    pub(crate) fn line(&self, byte: u64) -> usize {
        self.index
            .get_or_init(|| std::fs::read(self.path).ok().map(LineIndex::new))
            .as_ref()
            .map_or(0, |index| index.line(byte))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The line of each record as the csv crate reads `text`.
    fn record_lines(text: &str) -> Vec<usize> {
        let index = LineIndex::new(text.as_bytes().to_vec());
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.as_bytes());
        reader
            .records()
            .map(|r| index.line(r.expect("valid CSV").position().expect("a position").byte()))
            .collect()
    }

    #[test]
    fn lines_count_quoted_breaks_blank_lines_and_crlf() {
        assert_eq!(record_lines("a,b\n1,2\n3,4\n"), [1, 2, 3]);
        assert_eq!(record_lines("a,b\n1,\"x\ny\"\n3,4\n"), [1, 2, 4]);
        assert_eq!(record_lines("a,b\n\n\n1,2\n3,4"), [1, 4, 5]);
        // Written by hand: header 1, record 2-3, blank 4, record 5-6, record 7.
        assert_eq!(
            record_lines("a,b\r\n1,\"x\r\ny\"\r\n\r\n2,\"p\r\nq\"\r\n3,4\r\n"),
            [1, 2, 5, 7]
        );
    }
}
