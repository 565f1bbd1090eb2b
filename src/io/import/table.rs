//! Any delimited text file as rows of trimmed cells with their line numbers: UTF-8 (with or
//! without a byte-order mark) or UTF-16 with a BOM, comma, semicolon or tab separated, LF or
//! CRLF line ends, quoted cells that span lines.

use std::path::{Path, PathBuf};

use crate::io::csv_lines::LineIndex;
use crate::io::text_file::read_text;
use crate::io::{LoadError, Location};
use crate::model::Text;

/// One row: its 1-based line in the file and its cells, trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// Line where the row starts.
    pub line: usize,
    /// Cells, trimmed of surrounding spaces; inline up to 24 bytes (ids, names, most
    /// answers), so a survey of millions of rows holds few separate strings.
    pub cells: Vec<Text>,
}

impl Row {
    /// Cell `i`, or `""` when the row is shorter.
    pub fn cell(&self, i: usize) -> &str {
        self.cells.get(i).map_or("", Text::as_str)
    }

    /// The cells as owned strings (for headers and the report).
    pub fn texts(&self) -> Vec<String> {
        self.cells.iter().map(ToString::to_string).collect()
    }

    /// True when every cell is empty.
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(Text::is_empty)
    }
}

/// Where cell `field` (from 0) of the row that starts on `line` is in `path`: the file is
/// read again to count its column, on error paths only (rows keep no byte offsets, which
/// would cost 8 bytes for each of a survey's millions of rows). A pipe cannot be read
/// again, and gives the line alone.
pub(crate) fn cell_at(path: &Path, delimiter: u8, line: usize, field: usize) -> Location {
    let regular = std::fs::metadata(path).is_ok_and(|m| m.is_file());
    let column = regular
        .then(|| read_text(path).ok())
        .flatten()
        .map(|text| LineIndex::new(text.into_bytes()))
        .and_then(|index| index.column(index.line_start(line)?, field, delimiter));
    Location::new(path, line, column)
}

/// A whole file of rows, blank rows left out.
#[derive(Debug, Clone)]
pub struct Table {
    /// The file.
    pub path: PathBuf,
    /// The separator used.
    pub delimiter: u8,
    /// Rows in file order.
    pub rows: Vec<Row>,
}

/// Counts `c` outside double quotes in `line`.
fn count_unquoted(line: &str, c: char) -> usize {
    let mut quoted = false;
    let mut count = 0;
    for ch in line.chars() {
        if ch == '"' {
            quoted = !quoted;
        } else if ch == c && !quoted {
            count += 1;
        }
    }
    count
}

/// Guesses the separator from the first line: a tab if there is one, else whichever of
/// `;` and `,` appears more often outside quotes (a comma when tied).
pub(crate) fn sniff_delimiter(text: &str) -> u8 {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    if count_unquoted(first, '\t') > 0 {
        b'\t'
    } else if count_unquoted(first, ';') > count_unquoted(first, ',') {
        b';'
    } else {
        b','
    }
}

/// Reads a delimited file into rows. `delimiter` overrides the guess.
pub fn read_table(path: &Path, delimiter: Option<u8>) -> Result<Table, LoadError> {
    let text = read_text(path)?;
    let delimiter = delimiter.unwrap_or_else(|| sniff_delimiter(&text));
    // Lines from byte offsets: the reader's own line count skips some line breaks. The
    // index keeps the text, and the rows are read from it there.
    let lines = LineIndex::new(text.into_bytes());
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(lines.text());
    let line_at = |position: Option<&csv::Position>| position.map_or(0, |p| lines.line(p.byte()));
    let mut rows = Vec::new();
    let mut last_start = None;
    for record in reader.records() {
        let record = record.map_err(|e| LoadError::Syntax {
            at: Location::new(path, line_at(e.position()), None),
            message: format!("malformed CSV: {e}"),
        })?;
        last_start = record.position().map(csv::Position::byte);
        let row = Row {
            line: line_at(record.position()),
            cells: record.iter().map(|c| Text::from(c.trim())).collect(),
        };
        if !row.is_blank() {
            rows.push(row);
        }
    }
    // A quote that is never closed makes the rest of the file one cell, which the reader
    // takes without a word: the rows after it would be lost.
    if let Some(start) = last_start {
        let from = usize::try_from(start).unwrap_or(usize::MAX);
        if let Some(tail) = lines.text().get(from..)
            && quote_open_at_end(tail, delimiter)
        {
            return Err(LoadError::Syntax {
                at: Location::new(path, lines.line(start), None),
                message: "a quote (\") opened on this line is never closed, so the rest of the \
                          file reads as one value; close it, or double a quote inside a value \
                          (\"\")"
                    .to_string(),
            });
        }
    }
    Ok(Table {
        path: path.to_path_buf(),
        delimiter,
        rows,
    })
}

/// Whether the CSV text `record` (one record, running to the end of the file) ends inside
/// a quoted value, read as the csv crate reads it: a quote opens a value only at its start,
/// and `""` inside a quoted value is a quote.
fn quote_open_at_end(record: &[u8], delimiter: u8) -> bool {
    let mut quoted = false;
    let mut field_start = true;
    let mut bytes = record.iter().copied().peekable();
    while let Some(b) = bytes.next() {
        if quoted {
            if b == b'"' {
                if bytes.peek() == Some(&b'"') {
                    bytes.next();
                } else {
                    quoted = false;
                }
            }
            field_start = false;
        } else {
            quoted = field_start && b == b'"';
            field_start = b == delimiter || b == b'\n' || b == b'\r';
        }
    }
    quoted
}

/// A number as a file separated by `delimiter` writes it: `0.5`, or also `0,5` when the
/// separator is not a comma (spreadsheets set to a language with a decimal comma separate
/// with `;` and write their numbers so). `None` for anything else.
pub(crate) fn number(text: &str, delimiter: u8) -> Option<f64> {
    if let Ok(x) = text.parse::<f64>() {
        return Some(x);
    }
    if delimiter == b',' {
        return None;
    }
    let (whole, fraction) = text.split_once(',')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let unsigned = whole.strip_prefix('-').unwrap_or(whole);
    if !digits(unsigned) || !digits(fraction) {
        return None;
    }
    format!("{whole}.{fraction}").parse().ok()
}

/// A header normalized for comparison: lower case, letters and digits only.
pub(crate) use crate::text::squash;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quote_left_open_is_found_as_the_csv_crate_reads_quotes() {
        assert!(quote_open_at_end(b"3,\"2\n1,2\n", b','));
        assert!(quote_open_at_end(b"\"Lee, Ann", b','));
        assert!(quote_open_at_end(b"a;\"b\"\"c", b';'));
        assert!(!quote_open_at_end(b"3,\"2\"\n", b','));
        assert!(!quote_open_at_end(b"\"Bo\nCy\",x\r\n", b','));
        assert!(!quote_open_at_end(b"a,\"say \"\"hi\"\"\"", b','));
        // A quote inside an unquoted value is just a character.
        assert!(!quote_open_at_end(b"Bob \"the builder,2", b','));
        assert!(!quote_open_at_end(b"a;b\"", b';'));
    }

    #[test]
    fn a_quote_left_open_stops_the_import_at_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.csv");
        std::fs::write(&path, "seeker,advisor\n2,3\n3,\"2\n1,2\n1,3\n").unwrap();
        let err = read_table(&path, None).unwrap_err().to_string();
        assert!(err.contains("s.csv:3"), "{err}");
        assert!(err.contains("never closed"), "{err}");
        // A multi-line value that is closed reads as before.
        std::fs::write(&path, "seeker,advisor\n2,\"3\n4\"\n1,2\n").unwrap();
        assert_eq!(read_table(&path, None).unwrap().rows.len(), 3);
    }

    #[test]
    fn decimal_commas_are_numbers_only_where_commas_do_not_separate() {
        assert_eq!(number("0.5", b','), Some(0.5));
        assert_eq!(number("0,5", b','), None);
        assert_eq!(number("0,5", b';'), Some(0.5));
        assert_eq!(number("12,25", b'\t'), Some(12.25));
        assert_eq!(number("-0,5", b';'), Some(-0.5));
        for odd in ["0,5,1", ",5", "5,", "a,5", "1,e3", "N/A", "-", ""] {
            assert_eq!(number(odd, b';'), None, "{odd}");
        }
    }

    #[test]
    fn delimiters_are_guessed_from_the_header() {
        assert_eq!(sniff_delimiter("a,b;c,d\n"), b',');
        assert_eq!(sniff_delimiter("a;b;c\n"), b';');
        assert_eq!(sniff_delimiter("\"x;y;z\",b\n"), b',');
        assert_eq!(sniff_delimiter("a\tb,c\n"), b'\t');
    }

    #[test]
    fn reads_bom_crlf_quotes_and_utf16() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.csv");
        std::fs::write(
            &path,
            "\u{feff}Name,Who\r\n\"Lee, Ann\",\"Bo\nCy\"\r\n\r\nDi,\r\n",
        )
        .unwrap();
        let table = read_table(&path, None).unwrap();
        assert_eq!(table.rows.len(), 3);
        assert_eq!(table.rows[0].cells, ["Name", "Who"]);
        assert_eq!(table.rows[1].cells, ["Lee, Ann", "Bo\nCy"]);
        assert_eq!((table.rows[2].line, table.rows[2].cell(0)), (5, "Di"));
        let mut utf16 = vec![0xFF, 0xFE];
        for unit in "Zoë\tBo\r\n".encode_utf16() {
            utf16.extend(unit.to_le_bytes());
        }
        std::fs::write(&path, utf16).unwrap();
        let table = read_table(&path, None).unwrap();
        assert_eq!(table.rows[0].cells, ["Zoë", "Bo"]);
    }

    #[test]
    fn latin1_is_refused_with_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.csv");
        std::fs::write(&path, b"a,b\nZo\xeb,c\n").unwrap();
        let err = read_table(&path, None).unwrap_err().to_string();
        assert!(err.contains("x.csv:2:3: text is not valid UTF-8"), "{err}");
    }
}
