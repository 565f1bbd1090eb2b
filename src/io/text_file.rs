//! Reading a text input file whole: byte-order marks, UTF-16, and spreadsheet workbooks
//! passed by mistake, each with a message that says what to do.

use std::path::Path;

use crate::io::{LoadError, Location};

/// Reads the file's text, decoding UTF-16 when it starts with a UTF-16 byte-order mark.
pub(crate) fn read_text(path: &Path) -> Result<String, LoadError> {
    let bytes = std::fs::read(path).map_err(|reason| LoadError::Read {
        path: path.to_path_buf(),
        reason,
    })?;
    if let Some(workbook) = workbook(path, &bytes) {
        return Err(workbook);
    }
    decode(path, bytes)
}

/// Whether `head`, a file's first bytes, is UTF-16: it starts with a UTF-16 byte-order
/// mark, or (saved without one) has the zero bytes of UTF-16 Latin text.
pub(crate) fn is_utf16(head: &[u8]) -> bool {
    head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) || bomless(head).is_some()
}

/// The byte order of UTF-16 text saved without a byte-order mark: true for big-endian.
/// Latin text (a header row) has a zero byte in every other place, after each letter in
/// little-endian (`i\0d\0`), before it in big-endian (`\0i\0d`); UTF-8 text has none.
fn bomless(head: &[u8]) -> Option<bool> {
    let pairs: Vec<&[u8]> = head.chunks_exact(2).take(64).collect();
    let little = pairs.iter().filter(|p| p[0] != 0 && p[1] == 0).count();
    let big = pairs.iter().filter(|p| p[0] == 0 && p[1] != 0).count();
    let most = (pairs.len() * 3 / 4).max(2);
    match (little, big) {
        (n, 0) if n >= most => Some(false),
        (0, n) if n >= most => Some(true),
        _ => None,
    }
}

/// `path`'s bytes as text: UTF-16 after its byte-order mark or when it looks like UTF-16
/// without one, else UTF-8 (a byte-order mark dropped).
pub(crate) fn decode(path: &Path, bytes: Vec<u8>) -> Result<String, LoadError> {
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(path, rest, false);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(path, rest, true);
    }
    if let Some(big) = bomless(&bytes) {
        return utf16(path, &bytes, big);
    }
    let mut bytes = bytes;
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
    }
    // Decoded in place: a team file of a million people is not copied.
    String::from_utf8(bytes).map_err(|e| {
        // The line and column of the first bad byte, as editors count them.
        let (line, column) = position(e.as_bytes(), e.utf8_error().valid_up_to());
        let csv = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| ["csv", "tsv", "txt"].contains(&e.to_ascii_lowercase().as_str()));
        LoadError::Syntax {
            at: Location::new(path, line, Some(column)),
            message: if csv {
                "text is not valid UTF-8; save the file as UTF-8 (\"CSV UTF-8\" in Excel)"
            } else {
                "text is not valid UTF-8; save the file as UTF-8 (\"Encoding: UTF-8\" in most \
                 editors' Save As)"
            }
            .into(),
        }
    })
}

/// `bytes` as UTF-16 text, big-endian when `big`. An unpaired surrogate, or a last byte
/// without the other half of its code unit (a file cut short), is an error at its line and
/// column: everything before it is decoded to count them.
fn utf16(path: &Path, bytes: &[u8], big: bool) -> Result<String, LoadError> {
    let units = bytes.chunks_exact(2).map(|c| {
        let pair = [c[0], c[1]];
        if big {
            u16::from_be_bytes(pair)
        } else {
            u16::from_le_bytes(pair)
        }
    });
    let mut text = String::with_capacity(bytes.len() / 2);
    for c in char::decode_utf16(units) {
        match c {
            Ok(c) => text.push(c),
            Err(_) => return Err(invalid_utf16(path, &text)),
        }
    }
    if bytes.len() % 2 == 1 {
        return Err(invalid_utf16(path, &text));
    }
    Ok(text)
}

/// The error for UTF-16 text that goes wrong right after `valid`, the text before it.
fn invalid_utf16(path: &Path, valid: &str) -> LoadError {
    let (line, column) = position(valid.as_bytes(), valid.len());
    LoadError::Syntax {
        at: Location::new(path, line, Some(column)),
        message: "text is not valid UTF-16; save the file as UTF-8".into(),
    }
}

/// The 1-based line and column (in characters) of byte `at` of `text`, as editors count
/// them: a line ends at `\n`, at `\r\n`, or at a `\r` alone (old Mac line ends). A `\r`
/// that ends `text` ends a line.
pub(crate) fn position(text: &[u8], at: usize) -> (usize, usize) {
    let before = &text[..at.min(text.len())];
    let mut line = 1;
    let mut start = 0;
    for i in memchr::memchr2_iter(b'\n', b'\r', before) {
        if before[i] == b'\r' && text.get(i + 1) == Some(&b'\n') {
            continue;
        }
        line += 1;
        start = i + 1;
    }
    // Characters: every byte but UTF-8's continuation bytes starts one.
    let column = 1 + before[start..]
        .iter()
        .filter(|&&b| b & 0xC0 != 0x80)
        .count();
    (line, column)
}

/// The lines of `text` as [`position`] counts them, without their line ends.
pub(crate) fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.split('\n')
        .flat_map(|line| line.strip_suffix('\r').unwrap_or(line).split('\r'))
}

/// A [`LoadError::Workbook`] when `head`, the first bytes of `path`, are a spreadsheet
/// workbook's signature: a zip archive (.xlsx, .ods) or an OLE2 compound file (.xls).
pub(crate) fn workbook(path: &Path, head: &[u8]) -> Option<LoadError> {
    const ZIP: &[u8] = b"PK\x03\x04";
    const OLE2: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    let kind = if head.starts_with(ZIP) {
        "a zip archive (an Excel .xlsx or LibreOffice .ods workbook?)"
    } else if head.starts_with(OLE2) {
        "an Excel .xls workbook"
    } else {
        return None;
    };
    Some(LoadError::Workbook {
        path: path.to_path_buf(),
        kind,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16(text: &str, big: bool) -> Vec<u8> {
        text.encode_utf16()
            .flat_map(|u| {
                if big {
                    u.to_be_bytes()
                } else {
                    u.to_le_bytes()
                }
            })
            .collect()
    }

    #[test]
    fn utf16_without_a_byte_order_mark_is_read_in_either_order() {
        let text = "id,name,manager_id\n1,Zoë,\n2,李雷,1\n";
        for big in [false, true] {
            let bytes = utf16(text, big);
            assert!(is_utf16(&bytes));
            assert_eq!(decode(Path::new("u.csv"), bytes).unwrap(), text);
        }
        // UTF-8 has no zero bytes, and a file of two bytes says too little.
        assert!(!is_utf16(text.as_bytes()));
        assert!(!is_utf16(&utf16("i", false)));
        // Text whose zero bytes fall on both sides is not taken for UTF-16.
        assert!(!is_utf16(b"a\0\0b a\0\0b a\0\0b"));
    }

    /// An unpaired surrogate, or an odd last byte, is refused at its line and column in
    /// characters (the file used to be named alone, and an odd byte was dropped unseen).
    #[test]
    fn invalid_utf16_is_placed_at_its_first_bad_unit() {
        let place = |bytes: Vec<u8>| match decode(Path::new("u.csv"), bytes) {
            Err(LoadError::Syntax { at, message }) => {
                assert_eq!(message, "text is not valid UTF-16; save the file as UTF-8");
                (at.line, at.column)
            }
            other => panic!("{other:?}"),
        };
        for big in [false, true] {
            let unit = |u: u16| {
                if big {
                    u.to_be_bytes()
                } else {
                    u.to_le_bytes()
                }
            };
            let bom = unit(0xFEFF).to_vec();
            // Line 3, after "Zoë,": a lone high surrogate, then a lone low one. (The header
            // is long enough for UTF-16 without a byte-order mark to be told by it alone.)
            let header = "id,name,manager_id,department,title,email,office,location,start";
            for lone in [0xD800, 0xDC00] {
                let before = format!("{header}\r\n1,Ann,\nZoë,");
                let mut bytes = [bom.clone(), utf16(&before, big)].concat();
                bytes.extend(unit(lone));
                bytes.extend(utf16(",x\n", big));
                assert_eq!(place(bytes.clone()), (3, Some(5)), "{big} {lone:x}");
                assert_eq!(place(bytes[2..].to_vec()), (3, Some(5)), "{big} {lone:x}");
            }
            // A high surrogate at the very end has no pair either.
            let mut bytes = [bom.clone(), utf16("id\r7", big)].concat();
            bytes.extend(unit(0xD83D));
            assert_eq!(place(bytes), (2, Some(2)), "{big}");
            // A stray byte after the last whole unit: placed at the end of the text.
            let mut bytes = [bom.clone(), utf16("id,name\n1,Ada\n2,Bo", big)].concat();
            bytes.push(b'X');
            assert_eq!(place(bytes), (3, Some(5)), "{big}");
            // A pair that is whole still decodes.
            let bytes = [bom, utf16("id\n😀\n", big)].concat();
            assert_eq!(decode(Path::new("u.csv"), bytes).unwrap(), "id\n😀\n");
        }
    }

    #[test]
    fn lines_end_at_lf_crlf_and_a_lone_cr() {
        // Worked by hand: "ab" is line 1, "cd" line 2 (after a lone CR), "é" line 3 (after
        // CRLF), an empty line 4 (after LF, ended by a lone CR), "x" line 5.
        let text = "ab\rcd\r\né\n\rx";
        let at = |needle: &str| position(text.as_bytes(), text.find(needle).unwrap());
        assert_eq!(at("b"), (1, 2));
        assert_eq!(at("d"), (2, 2));
        assert_eq!(at("é"), (3, 1));
        assert_eq!(at("x"), (5, 1));
        assert_eq!(position(text.as_bytes(), text.len()), (5, 2));
        // Characters, not bytes; a CR at the end of the text ends its line.
        assert_eq!(position("é,ü".as_bytes(), 5), (1, 4));
        assert_eq!(position(b"a\r", 2), (2, 1));
        let lines: Vec<&str> = lines(text).collect();
        assert_eq!(lines, ["ab", "cd", "é", "", "x"]);
    }

    #[test]
    fn invalid_utf8_is_placed_after_old_mac_line_ends() {
        let err = decode(
            Path::new("t.ron"),
            b"(\r  a: 1,\r  b: \"\xE9\",\r)".to_vec(),
        );
        let Err(LoadError::Syntax { at, .. }) = err else {
            panic!("{err:?}");
        };
        assert_eq!((at.line, at.column), (3, Some(7)));
    }
}
