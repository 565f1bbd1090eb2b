//! File lines of CSV records, from their byte positions.
//!
//! The csv crate's own `Position::line()` drifts when a file mixes blank lines with `\r\n`
//! breaks, so error messages count lines from the bytes instead. A line ends at `\n`, at
//! `\r\n`, or at a `\r` alone (old Mac line ends, as Excel for Mac's "CSV (Macintosh)"
//! writes): the csv crate ends a record at each of them, and so do editors.

use std::cell::OnceCell;
use std::io::Read;
use std::path::Path;
use std::sync::{Arc, Mutex};

use super::Location;

/// A text and where its line breaks are.
#[derive(Debug, Default)]
pub(crate) struct LineIndex {
    text: Vec<u8>,
    /// The last byte of each line break: every `\n`, and every `\r` not followed by `\n`.
    breaks: Vec<usize>,
}

impl LineIndex {
    /// The lines of `text`.
    pub(crate) fn new(text: Vec<u8>) -> Self {
        let breaks = memchr::memchr2_iter(b'\n', b'\r', &text)
            .filter(|&i| text[i] == b'\n' || text.get(i + 1) != Some(&b'\n'))
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

    /// The byte where 1-based `line` starts, if the text has that line.
    pub(crate) fn line_start(&self, line: usize) -> Option<u64> {
        let start = match line {
            0 => return None,
            1 => 0,
            _ => self.breaks.get(line - 2)? + 1,
        };
        (start < self.text.len()).then_some(start as u64)
    }

    /// The 1-based column, in characters, where field `field` (from 0) of the record at
    /// `byte` starts, for `separator`. `None` when the record has no such field, or when
    /// the field starts on a later line than the record (after a value with a line break).
    pub(crate) fn column(&self, byte: u64, field: usize, separator: u8) -> Option<usize> {
        let text = &self.text[..];
        let mut start = usize::try_from(byte).map_or(text.len(), |b| b.min(text.len()));
        while start < text.len() && matches!(text[start], b'\r' | b'\n') {
            start += 1;
        }
        if start >= text.len() {
            return None;
        }
        if start == 0 && text.starts_with(&[0xEF, 0xBB, 0xBF]) {
            start = 3;
        }
        let mut at = start;
        for _ in 0..field {
            at = field_end(text, at, separator)? + 1;
        }
        let before = &text[start..at];
        if memchr::memchr2(b'\n', b'\r', before).is_some() {
            return None;
        }
        // Characters, not bytes: every byte but UTF-8's continuation bytes starts one.
        Some(1 + before.iter().filter(|&&b| b & 0xC0 != 0x80).count())
    }
}

/// Where the CSV field starting at `at` ends: the index of the separator after it, or
/// `None` when the record ends there. As the csv crate reads: a quote opens a quoted value
/// only as a field's first character, `""` inside one is a quote, and after the closing
/// quote the value goes on to the separator.
fn field_end(text: &[u8], mut at: usize, separator: u8) -> Option<usize> {
    if text.get(at) == Some(&b'"') {
        at += 1;
        loop {
            match text.get(at)? {
                b'"' if text.get(at + 1) == Some(&b'"') => at += 2,
                b'"' => {
                    at += 1;
                    break;
                }
                _ => at += 1,
            }
        }
    }
    loop {
        match *text.get(at)? {
            b if b == separator => return Some(at),
            b'\n' | b'\r' => return None,
            _ => at += 1,
        }
    }
}

/// The lines of a file. A regular file is read again the first time a line is asked for:
/// error paths pay for it, loading does not. A pipe (`--people <(zcat people.csv.gz)`)
/// cannot be read again, so its line breaks are recorded as it streams ([`Recording`]).
pub(crate) struct FileLines<'a> {
    path: &'a Path,
    separator: u8,
    index: OnceCell<Option<LineIndex>>,
    recorded: Option<Arc<Mutex<Breaks>>>,
}

impl<'a> FileLines<'a> {
    /// The lines of the regular file at `path`, whose fields `separator` parts.
    pub(crate) fn new(path: &'a Path, separator: u8) -> Self {
        FileLines {
            path,
            separator,
            index: OnceCell::new(),
            recorded: None,
        }
    }

    /// The lines of a stream whose breaks `breaks` collects (its columns are not known).
    pub(crate) fn recorded(path: &'a Path, breaks: Arc<Mutex<Breaks>>) -> Self {
        FileLines {
            recorded: Some(breaks),
            ..FileLines::new(path, b',')
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

    /// Where field `field` (from 0) of the record at `byte` is: its line, and its column
    /// when the file can be read again. `None` gives the line alone.
    pub(crate) fn at(&self, byte: u64, field: Option<usize>) -> Location {
        let line = self.line(byte);
        let column = match (&self.recorded, field) {
            (None, Some(field)) => self
                .index
                .get()
                .and_then(Option::as_ref)
                .and_then(|index| index.column(byte, field, self.separator)),
            _ => None,
        };
        Location::new(self.path, line, column)
    }
}

/// Byte offsets in increasing order, four bytes each below 4 GiB.
#[derive(Debug, Default)]
struct Offsets {
    low: Vec<u32>,
    high: Vec<u64>,
}

impl Offsets {
    fn push(&mut self, at: u64) {
        match u32::try_from(at) {
            Ok(low) => self.low.push(low),
            Err(_) => self.high.push(at),
        }
    }

    fn len(&self) -> usize {
        self.low.len() + self.high.len()
    }

    /// The index of `at`, if it is one of the offsets.
    fn find(&self, at: u64) -> Option<usize> {
        match u32::try_from(at) {
            Ok(low) => self.low.binary_search(&low).ok(),
            Err(_) => self
                .high
                .binary_search(&at)
                .ok()
                .map(|i| self.low.len() + i),
        }
    }

    /// How many offsets are below `at`.
    fn below(&self, at: u64) -> usize {
        match u32::try_from(at) {
            Ok(low) => self.low.partition_point(|&b| b < low),
            Err(_) => self.low.len() + self.high.partition_point(|&b| b < at),
        }
    }
}

/// Where a stream's `\n` and `\r` bytes were: enough to give [`LineIndex::line`]'s answer
/// without the text. A `\r` just before a `\n` is one bit with that `\n`, so a file of a
/// million lines keeps about 4 MB, `\r\n` or not.
#[derive(Debug, Default)]
pub(crate) struct Breaks {
    newlines: Offsets,
    /// Bit `i`: newline `i` comes right after a `\r`.
    crlf: Vec<u64>,
    /// `\r` bytes not followed by `\n`.
    returns: Offsets,
    /// The last `\r` seen, while the byte after it is not read yet.
    pending: Option<u64>,
}

impl Breaks {
    fn newline(&mut self, at: u64) {
        let after_return = match self.pending.take() {
            Some(cr) if cr + 1 == at => true,
            Some(lone) => {
                self.returns.push(lone);
                false
            }
            None => false,
        };
        let i = self.newlines.len();
        self.newlines.push(at);
        if i.is_multiple_of(64) {
            self.crlf.push(0);
        }
        if after_return {
            self.crlf[i / 64] |= 1 << (i % 64);
        }
    }

    fn carriage_return(&mut self, at: u64) {
        if let Some(lone) = self.pending.replace(at) {
            self.returns.push(lone);
        }
    }

    /// Called after each read that ended at `end`: a `\r` before it that is not the last
    /// byte read is alone.
    fn settle(&mut self, end: u64) {
        if let Some(at) = self.pending
            && at + 1 < end
        {
            self.returns.push(at);
            self.pending = None;
        }
    }

    fn is_break(&self, at: u64) -> bool {
        self.newlines.find(at).is_some()
            || self.returns.find(at).is_some()
            || self.pending == Some(at)
            || self
                .newlines
                .find(at + 1)
                .is_some_and(|i| self.crlf[i / 64] >> (i % 64) & 1 == 1)
    }

    /// As [`LineIndex::line`]: a line ends at each `\n` and at each `\r` alone.
    fn line(&self, byte: u64) -> usize {
        let mut at = byte;
        while self.is_break(at) {
            at += 1;
        }
        // A `\r` still pending ends the stream (or the read so far): nothing follows it.
        let pending = usize::from(self.pending.is_some_and(|cr| cr < at));
        1 + self.newlines.below(at) + self.returns.below(at) + pending
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
                    breaks.newline(at);
                } else {
                    breaks.carriage_return(at);
                }
            }
            breaks.settle(self.offset + n as u64);
        }
        self.offset += n as u64;
        Ok(n)
    }
}

/// The first header named twice, as `(first, second)` field numbers from 0: headers are
/// compared by `key` (such as case and punctuation ignored), and only the fields `used`
/// accepts count. Empty headers are never repeats.
pub(crate) fn repeated_header(
    headers: &[String],
    key: impl Fn(&str) -> String,
    used: impl Fn(usize) -> bool,
) -> Option<(usize, usize)> {
    let keys: Vec<String> = headers.iter().map(|h| key(h)).collect();
    (0..keys.len())
        .filter(|&j| used(j) && !keys[j].is_empty())
        .find_map(|j| {
            let first = keys[..j].iter().position(|k| *k == keys[j])?;
            Some((first, j))
        })
}

/// What to say of a header named twice: loading would keep one of the columns and drop the
/// other without a word.
pub(crate) fn repeated_header_message(header: &str, first: usize, second: usize) -> String {
    format!(
        "the header names '{}' twice (columns {} and {} of the header): only one of them \
         would be read, so rename or remove one",
        crate::text::clean(header),
        first + 1,
        second + 1
    )
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

    /// The column of each field of the second record of `text`, for `separator`.
    fn columns(text: &str, separator: u8) -> Vec<Option<usize>> {
        let index = LineIndex::new(text.as_bytes().to_vec());
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .delimiter(separator)
            .from_reader(text.as_bytes());
        let second = reader
            .records()
            .nth(1)
            .expect("two records")
            .expect("valid");
        let at = second.position().expect("a position").byte();
        (0..=second.len())
            .map(|field| index.column(at, field, separator))
            .collect()
    }

    #[test]
    fn columns_count_characters_from_the_start_of_the_line() {
        // Worked by hand: the field starts, 1-based, in characters; past the end, none.
        assert_eq!(
            columns("a,b,c\n1,22,333\n", b','),
            [Some(1), Some(3), Some(6), None]
        );
        // Quoted commas, doubled quotes and an empty field.
        assert_eq!(
            columns("a,b,c,d\n\"x, y\",\"say \"\"hi\"\"\",,z\n", b','),
            [Some(1), Some(8), Some(21), Some(22), None]
        );
        // A stray quote inside an unquoted value does not open one (`12" screen`).
        assert_eq!(columns("a,b\n12\" tv,x\n", b','), [Some(1), Some(8), None]);
        // Characters, not bytes: "Zoë" and "東京" are 3 and 2 wide.
        assert_eq!(
            columns("a,b,c\nZoë,東京,x\n", b','),
            [Some(1), Some(5), Some(8), None]
        );
        // Windows line ends, blank lines before the record, a byte-order mark on line 1,
        // semicolons.
        assert_eq!(
            columns("\u{feff}a;b\r\n\r\nxy;z\r\n", b';'),
            [Some(1), Some(4), None]
        );
        // A field that starts after a quoted line break has no column on the record's line.
        assert_eq!(
            columns("a,b,c\n\"one\ntwo\",x,y\n", b','),
            [Some(1), None, None, None]
        );
    }

    #[test]
    fn lines_start_after_their_breaks() {
        let index = LineIndex::new(b"ab\r\n\ncd\n".to_vec());
        let starts: Vec<_> = (0..=5).map(|line| index.line_start(line)).collect();
        assert_eq!(starts, [None, Some(0), Some(4), Some(5), None, None]);
    }

    #[test]
    fn offsets_past_four_gigabytes_keep_their_order() {
        let mut offsets = Offsets::default();
        for at in [10, 20, 5_000_000_000, 6_000_000_000] {
            offsets.push(at);
        }
        assert_eq!(offsets.len(), 4);
        assert_eq!(offsets.find(20), Some(1));
        assert_eq!(offsets.find(6_000_000_000), Some(3));
        assert_eq!(offsets.find(5_000_000_001), None);
        assert_eq!(offsets.below(15), 1);
        assert_eq!(offsets.below(5_500_000_000), 3);
        assert_eq!(offsets.below(u64::MAX), 4);
    }

    #[test]
    fn streamed_lines_are_the_lines_read_again() {
        for text in [
            "a,b\n1,2\n3,4\n",
            "a,b\n1,\"x\ny\"\n3,4\n",
            "a,b\n\n\n1,2\n3,4",
            "a,b\r\n1,\"x\r\ny\"\r\n\r\n2,\"p\r\nq\"\r\n3,4\r\n",
            // Lone carriage returns, old Mac style, next to CRLF and LF, inside quotes too.
            "a,b\r1,2\r\n3,\"x\ry\"\n\r\r4,5\r",
            "a,b\n\r\n\r1,2\n",
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

    /// Old Mac line ends (Excel for Mac's "CSV (Macintosh)"): a `\r` alone ends a line, as it
    /// ends a record; they used to be all on line 1.
    #[test]
    fn a_lone_carriage_return_ends_a_line() {
        assert_eq!(record_lines("id,name\r1,Ada\r2,Bo\r\r3,Cy\r"), [1, 2, 3, 5]);
        // Written by hand: `\r` ends line 1, `\r\n` line 2 (once), the quoted `\r` line 3,
        // `\n` line 4, two lone `\r` lines 5 and 6: the last record is on line 7.
        let mixed = "a,b\r1,2\r\n3,\"x\ry\"\n\r\r4,5\r";
        assert_eq!(record_lines(mixed), [1, 2, 3, 7]);
        assert_eq!(streamed_lines(mixed), [1, 2, 3, 7]);
        let index = LineIndex::new(b"ab\rcd\r\nef\r".to_vec());
        let starts: Vec<_> = (1..=4).map(|line| index.line_start(line)).collect();
        assert_eq!(starts, [Some(0), Some(3), Some(7), None]);
        // Columns count from the start of the record's own line.
        assert_eq!(
            columns("a,b,c\r1,22,333\r", b','),
            [Some(1), Some(3), Some(6), None]
        );
    }
}
