//! Opening a CSV input: the first line read ahead to tell an empty file, a spreadsheet
//! workbook, UTF-16 text and the separator; line numbers for messages, recorded as a pipe
//! streams; and the csv crate's errors in plain words.

use std::path::Path;

use csv::ReaderBuilder;

use super::csv_lines::{FileLines, Recording};
use super::{LoadError, Location};

/// The file's size, 0 for a pipe.
pub(super) fn file_size(path: &Path) -> u64 {
    std::fs::metadata(path).map_or(0, |m| m.len())
}

/// Whether the record at `byte` of `path` opens a quote that the file never closes: from
/// there to the end, an odd number of quote marks over several lines (a stray quote in an
/// unquoted value, `12" screen`, leaves its record on one line). Only that tail is read
/// again, on error paths and once for the last record; a pipe cannot be, and then the answer
/// is no.
fn quote_left_open(path: &Path, byte: u64) -> bool {
    use std::io::{Read as _, Seek as _};
    // Asked before opening: opening a named pipe again would wait for a writer that has gone.
    if !std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
        return false;
    }
    let Ok(mut file) = std::fs::File::open(path) else {
        return false;
    };
    let mut tail = Vec::new();
    let read =
        file.seek(std::io::SeekFrom::Start(byte)).is_ok() && file.read_to_end(&mut tail).is_ok();
    // The record's position is the line break before it.
    let record = tail.trim_ascii();
    read && memchr::memchr_iter(b'"', record).count() % 2 == 1 && has_line_break(record)
}

const NEVER_CLOSED: &str = "a quote (\") opened on this line is never closed, so the rest of \
                            the file reads as one value; close it, or double a quote inside a \
                            value (\"\")";

/// The error when the last record of `path`, at `start`, opens a quote the file never
/// closes: the csv crate takes the rest of the file as its last value without a word, and
/// the rows in it would be lost. A pipe is not checked here (a line break in an id or a
/// weight still is, by [`line_break`]).
pub(super) fn quote_open_at_end(
    path: &Path,
    lines: &FileLines<'_>,
    start: u64,
) -> Option<LoadError> {
    quote_left_open(path, start).then(|| LoadError::Syntax {
        at: Location::new(path, lines.line(start), None),
        message: NEVER_CLOSED.to_string(),
    })
}

/// The error for the value of the record at `start` in field `field`, the column headed
/// `column`, where a line break cannot be (an id, a weight): a quote opened there and
/// closed lines later, or never.
pub(super) fn line_break(
    path: &Path,
    lines: &FileLines<'_>,
    start: u64,
    (field, column): (usize, &str),
) -> LoadError {
    quote_open_at_end(path, lines, start).unwrap_or_else(|| LoadError::Syntax {
        at: lines.at(start, Some(field)),
        message: format!(
            "the '{column}' value runs over several lines: a quote (\") opened on this line is \
             closed lines later, or never; close it where the value ends"
        ),
    })
}

/// Whether `value` holds a line break.
pub(super) fn has_line_break(value: &[u8]) -> bool {
    memchr::memchr2(b'\n', b'\r', value).is_some()
}

/// The csv crate's error `err` in `path` as a [`LoadError`] at its line, and at the column
/// of the bad value or of the first cell too many when there is one.
pub(super) fn syntax(path: &Path, lines: &FileLines<'_>, err: &csv::Error) -> LoadError {
    let field = match err.kind() {
        csv::ErrorKind::Utf8 { err, .. } => Some(err.field()),
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } if len > expected_len => usize::try_from(*expected_len).ok(),
        _ => None,
    };
    let at = err.position().map_or_else(
        || Location::new(path, 0, None),
        |p| lines.at(p.byte(), field),
    );
    let message = match err.kind() {
        csv::ErrorKind::UnequalLengths { .. }
            if err
                .position()
                .is_some_and(|p| quote_left_open(path, p.byte())) =>
        {
            NEVER_CLOSED.to_string()
        }
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!(
            "this row has {len} fields but the header has {expected_len}; quote values that contain commas"
        ),
        csv::ErrorKind::Utf8 { .. } => "text is not valid UTF-8; save the file as UTF-8".into(),
        _ => format!("malformed CSV: {err}"),
    };
    match err.kind() {
        csv::ErrorKind::Io(source) => LoadError::Read {
            path: path.to_path_buf(),
            reason: std::io::Error::new(source.kind(), source.to_string()),
        },
        _ => LoadError::Syntax { at, message },
    }
}

/// A CSV file's reader, whose first bytes have been checked (and are read again from memory,
/// so pipes such as `--people <(zcat people.csv.gz)` work).
pub(super) type Reader = csv::Reader<Box<dyn std::io::Read>>;

/// Opens a CSV file, with the lines of its records: a pipe's line breaks are recorded as it
/// streams, since it cannot be read again to find them.
///
/// The first line is read ahead (and given back to the reader) to tell an empty file, a
/// spreadsheet workbook, UTF-16 text (decoded whole) and the separator: a header without
/// commas but with semicolons or tabs is read with those, as European spreadsheets save
/// "CSV".
pub(super) fn open(path: &Path) -> Result<(Reader, FileLines<'_>), LoadError> {
    use std::io::Read as _;
    let unreadable = |reason| LoadError::Read {
        path: path.to_path_buf(),
        reason,
    };
    let mut file = std::fs::File::open(path).map_err(unreadable)?;
    let mut head = Vec::with_capacity(HEAD);
    let mut ended = false;
    while head.len() < HEAD && !head.contains(&b'\n') {
        let mut chunk = [0u8; 4096];
        let n = file.read(&mut chunk).map_err(unreadable)?;
        if n == 0 {
            ended = true;
            break;
        }
        head.extend_from_slice(&chunk[..n]);
    }
    if let Some(workbook) = super::text_file::workbook(path, &head) {
        return Err(workbook);
    }
    // Empty: the whole file was read, and past any byte-order mark it holds only blanks
    // (UTF-16's are spaced with zero bytes).
    let text = [&[0xEF, 0xBB, 0xBF][..], &[0xFF, 0xFE], &[0xFE, 0xFF]]
        .iter()
        .find_map(|mark| head.strip_prefix(*mark))
        .unwrap_or(&head);
    let regular = file.metadata().is_ok_and(|m| m.is_file());
    let whole = ended || (regular && file_size(path) <= head.len() as u64);
    if whole && text.iter().all(|&b| b.is_ascii_whitespace() || b == 0) {
        return Err(empty(path));
    }
    let (input, lines, separator): (Box<dyn std::io::Read>, _, _) =
        if super::text_file::is_utf16(&head) {
            // Spreadsheets' "Unicode text": decoded whole, then read as UTF-8.
            file.read_to_end(&mut head).map_err(unreadable)?;
            let text = super::text_file::decode(path, head)?;
            if text.trim().is_empty() {
                return Err(empty(path));
            }
            let text = text.into_bytes();
            let separator = separator(&text);
            let (recording, breaks) = Recording::new(std::io::Cursor::new(text));
            let lines = FileLines::recorded(path, breaks);
            (Box::new(recording), lines, separator)
        } else {
            let separator = separator(&head);
            let file = std::io::Cursor::new(head).chain(file);
            if regular {
                (Box::new(file), FileLines::new(path, separator), separator)
            } else {
                let (recording, breaks) = Recording::new(file);
                let lines = FileLines::recorded(path, breaks);
                (Box::new(recording), lines, separator)
            }
        };
    let reader = ReaderBuilder::new()
        .flexible(false)
        .delimiter(separator)
        .from_reader(input);
    Ok((reader, lines))
}

/// The error for a file with nothing in it.
fn empty(path: &Path) -> LoadError {
    LoadError::Syntax {
        at: Location::new(path, 1, None),
        message: "the file is empty; it needs a header row naming its columns".into(),
    }
}

/// Bytes read ahead to find the header line.
const HEAD: usize = 64 * 1024;

/// The separator of a CSV file from its first line: a comma, unless the line has none
/// outside quotes but has semicolons or tabs. The line ends at a `\n` or a `\r` (old Mac
/// line ends have no `\n` at all).
fn separator(head: &[u8]) -> u8 {
    let line = head
        .split(|&b| b == b'\n' || b == b'\r')
        .next()
        .unwrap_or_default();
    let mut quoted = false;
    let (mut commas, mut semicolons, mut tabs) = (0, 0, 0);
    for &b in line {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => commas += 1,
            b';' if !quoted => semicolons += 1,
            b'\t' if !quoted => tabs += 1,
            _ => {}
        }
    }
    if commas > 0 || (semicolons == 0 && tabs == 0) {
        b','
    } else if tabs >= semicolons {
        // A tab is the stronger sign: it hardly ever stands in a name.
        b'\t'
    } else {
        b';'
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_separator_comes_from_the_header_outside_quotes() {
        assert_eq!(separator(b"id,name,manager_id\n1,A;B,\n"), b',');
        assert_eq!(separator(b"id;name;manager_id\n1;A,B;\n"), b';');
        assert_eq!(separator(b"id\tname\tmanager_id\n"), b'\t');
        assert_eq!(separator(b"\"a,b\";c\n"), b';');
        // One tab and one semicolon: a tab hardly ever stands in a column name.
        assert_eq!(separator(b"id\tnotes;misc\n"), b'\t');
        assert_eq!(separator(b"id\n1\n"), b',');
        // Old Mac line ends: the commas of later rows are not the header's.
        assert_eq!(separator(b"id;name\r1;Lee, Ann\r"), b';');
    }
}
