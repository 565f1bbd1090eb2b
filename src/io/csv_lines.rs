//! File lines of CSV records, from their byte positions.
//!
//! The csv crate's own `Position::line()` drifts when a file mixes blank lines with `\r\n`
//! breaks, so error messages count lines from the bytes instead.

use std::cell::OnceCell;
use std::io::Read;
use std::path::Path;
use std::sync::{Arc, Mutex};

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

/// The lines of a file. A regular file is read again the first time a line is asked for:
/// error paths pay for it, loading does not. A pipe (`--people <(zcat people.csv.gz)`)
/// cannot be read again, so its line breaks are recorded as it streams ([`Recording`]).
pub(crate) struct FileLines<'a> {
    path: &'a Path,
    index: OnceCell<Option<LineIndex>>,
    recorded: Option<Arc<Mutex<Breaks>>>,
}

impl<'a> FileLines<'a> {
    pub(crate) fn new(path: &'a Path) -> Self {
        FileLines {
            path,
            index: OnceCell::new(),
            recorded: None,
        }
    }

    /// The lines of a stream whose breaks `breaks` collects.
    pub(crate) fn recorded(path: &'a Path, breaks: Arc<Mutex<Breaks>>) -> Self {
        FileLines {
            recorded: Some(breaks),
            ..FileLines::new(path)
        }
    }

    /// The 1-based line of the record at `byte`, or 0 (no line) if the file cannot be read
    /// again.
    pub(crate) fn line(&self, byte: u64) -> usize {
        if let Some(breaks) = &self.recorded {
            return breaks.lock().map_or(0, |breaks| breaks.line(byte));
        }
        self.index
            .get_or_init(|| std::fs::read(self.path).ok().map(LineIndex::new))
            .as_ref()
            .map_or(0, |index| index.line(byte))
    }
}

/// Where a stream's `\n` and `\r` bytes were: enough to give [`LineIndex::line`]'s answer
/// without the text.
#[derive(Debug, Default)]
pub(crate) struct Breaks {
    newlines: Vec<u64>,
    returns: Vec<u64>,
}

impl Breaks {
    fn is_break(&self, at: u64) -> bool {
        self.newlines.binary_search(&at).is_ok() || self.returns.binary_search(&at).is_ok()
    }

    /// As [`LineIndex::line`].
    fn line(&self, byte: u64) -> usize {
        let mut at = byte;
        while self.is_break(at) {
            at += 1;
        }
        1 + self.newlines.partition_point(|&b| b < at)
    }
}

/// A reader that records where the line breaks of what passes through it are.
pub(crate) struct Recording<R> {
    inner: R,
    offset: u64,
    breaks: Arc<Mutex<Breaks>>,
}

impl<R> Recording<R> {
    /// `inner`, recording into a new [`Breaks`] (the second value).
    pub(crate) fn new(inner: R) -> (Self, Arc<Mutex<Breaks>>) {
        let breaks = Arc::new(Mutex::new(Breaks::default()));
        let reader = Recording {
            inner,
            offset: 0,
            breaks: Arc::clone(&breaks),
        };
        (reader, breaks)
    }
}

impl<R: Read> Read for Recording<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let Ok(mut breaks) = self.breaks.lock() {
            for i in memchr::memchr2_iter(b'\n', b'\r', &buf[..n]) {
                let at = self.offset + i as u64;
                if buf[i] == b'\n' {
                    breaks.newlines.push(at);
                } else {
                    breaks.returns.push(at);
                }
            }
        }
        self.offset += n as u64;
        Ok(n)
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

    /// The line of each record through [`Breaks`] recorded while the csv crate streams
    /// `text` in small reads, as from a pipe.
    fn streamed_lines(text: &str) -> Vec<usize> {
        struct Trickle<'a>(&'a [u8]);
        impl Read for Trickle<'_> {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                let n = self.0.len().min(buf.len()).min(3);
                buf[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let (reader, breaks) = Recording::new(Trickle(text.as_bytes()));
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(reader);
        let positions: Vec<u64> = reader
            .records()
            .map(|r| r.expect("valid CSV").position().expect("a position").byte())
            .collect();
        let breaks = breaks.lock().unwrap();
        positions.into_iter().map(|b| breaks.line(b)).collect()
    }

    #[test]
    fn streamed_lines_are_the_lines_read_again() {
        for text in [
            "a,b\n1,2\n3,4\n",
            "a,b\n1,\"x\ny\"\n3,4\n",
            "a,b\n\n\n1,2\n3,4",
            "a,b\r\n1,\"x\r\ny\"\r\n\r\n2,\"p\r\nq\"\r\n3,4\r\n",
        ] {
            assert_eq!(streamed_lines(text), record_lines(text), "{text:?}");
        }
        assert_eq!(
            streamed_lines("a,b\r\n1,\"x\r\ny\"\r\n\r\n2,\"p\r\nq\"\r\n3,4\r\n"),
            [1, 2, 5, 7]
        );
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
