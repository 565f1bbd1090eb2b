//! Positions of entries in a RON team file, for error messages.
//!
//! serde does not report where a value came from, so after a successful parse this scanner
//! walks the text once (skipping strings and comments) and records where each person, tie
//! and field starts. Entry `i` of a list is the `i`-th struct opened at that list's depth.
//!
//! The text is fed in pieces, so a team file is scanned without being held in memory, and
//! each position takes a few bytes: a million people with seven million ties map to about
//! 350 MB, where a map of strings per entry took gigabytes.

use std::collections::BTreeMap;

/// 1-based line and column (in characters).
pub(crate) type Pos = (usize, usize);

/// A list of entries in the team file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum List<'a> {
    People,
    Advice,
    /// The ties of one relation under `relations`.
    Relation(&'a str),
}

/// Where one entry starts, and which of the map's fields are its own.
#[derive(Debug, Clone, Copy)]
struct Slot {
    line: u32,
    column: u32,
    first_field: u32,
    fields: u32,
}

/// Where one field of an entry starts.
#[derive(Debug, Clone, Copy)]
struct Field {
    name: u16,
    line: u32,
    column: u32,
}

/// Entries of the `people` and `advice` lists and of each relation.
#[derive(Debug, Default)]
pub(crate) struct SourceMap {
    people: Vec<Slot>,
    advice: Vec<Slot>,
    relations: BTreeMap<String, Vec<Slot>>,
    fields: Vec<Field>,
    /// Field names, each once; [`Field::name`] indexes it.
    names: Vec<String>,
}

impl SourceMap {
    /// Scans a whole text (see [`Scanner`] for text in pieces).
    pub(crate) fn scan(text: &str) -> SourceMap {
        let mut scanner = Scanner::default();
        scanner.feed(text.as_bytes());
        scanner.finish()
    }

    /// The number of entries of `list`.
    #[cfg(test)]
    pub(crate) fn len(&self, list: List<'_>) -> usize {
        self.slots(list).map_or(0, <[Slot]>::len)
    }

    /// Where `field` of entry `i` of `list` starts, or the entry itself when it has no such
    /// field; `None` when the list has no entry `i`.
    pub(crate) fn position(&self, list: List<'_>, i: usize, field: &str) -> Option<Pos> {
        let slot = self.slots(list)?.get(i)?;
        let first = slot.first_field as usize;
        let own = &self.fields[first..first + slot.fields as usize];
        let found = own
            .iter()
            .find(|f| self.names[usize::from(f.name)] == field)
            .map_or((slot.line, slot.column), |f| (f.line, f.column));
        Some((found.0 as usize, found.1 as usize))
    }

    fn slots(&self, list: List<'_>) -> Option<&[Slot]> {
        match list {
            List::People => Some(&self.people),
            List::Advice => Some(&self.advice),
            List::Relation(name) => self.relations.get(name).map(Vec::as_slice),
        }
    }

    fn slots_mut(&mut self, section: &[u8], relation: &[u8]) -> Option<&mut Vec<Slot>> {
        match section {
            b"people" => Some(&mut self.people),
            b"advice" => Some(&mut self.advice),
            b"relations" => {
                let name = String::from_utf8_lossy(relation);
                Some(self.relations.entry(name.into_owned()).or_default())
            }
            _ => None,
        }
    }

    fn name(&mut self, name: &[u8]) -> u16 {
        if let Some(i) = self.names.iter().position(|n| n.as_bytes() == name) {
            return u16::try_from(i).unwrap_or(u16::MAX);
        }
        // A struct has a handful of fields; past 65,535 names a field keeps the last index
        // and may be placed at the wrong name, never outside the map.
        if self.names.len() < usize::from(u16::MAX) {
            self.names.push(String::from_utf8_lossy(name).into_owned());
        }
        u16::try_from(self.names.len() - 1).unwrap_or(u16::MAX)
    }
}

/// What the scanner is in the middle of.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum State {
    #[default]
    Code,
    /// After a `/` that may open a comment.
    Slash,
    LineComment,
    /// Inside `/* */`, with the nesting depth and the byte before.
    BlockComment {
        nesting: u32,
        previous: u8,
    },
    /// Inside `"…"`, after a backslash or not.
    Text {
        escaped: bool,
    },
    /// After `r#`, counting the hashes that open a raw string.
    RawOpen {
        hashes: u32,
    },
    /// Inside a raw string that ends at `"` and `hashes` hashes; `seen` counts the hashes
    /// read after a quote that may be its end.
    RawText {
        hashes: u32,
        seen: Option<u32>,
    },
    Ident,
}

/// Builds a [`SourceMap`] from text fed in pieces of any size (a piece may end inside a
/// character, a string or a comment).
#[derive(Debug, Default)]
pub(crate) struct Scanner {
    map: SourceMap,
    state: State,
    line: u32,
    column: u32,
    /// Whether the last line ended at a `\r`: a `\n` right after it (the column still 0)
    /// ends no other line.
    after_return: bool,
    depth: usize,
    section: Vec<u8>,
    relation: Vec<u8>,
    ident: Vec<u8>,
    /// The identifier just read (in `ident`) and where it starts, until other code follows.
    ident_at: Option<(u32, u32)>,
    text: Vec<u8>,
    /// Whether `text` holds the last string read.
    has_text: bool,
    /// The depth of the entry being read, if one is open.
    open: Option<usize>,
}

impl Scanner {
    /// Scans the next piece of the text.
    pub(crate) fn feed(&mut self, bytes: &[u8]) {
        if self.line == 0 {
            self.line = 1;
        }
        for &b in bytes {
            // One comparison for the bytes of text; line ends and tabs go the slow way.
            if b <= b'\r' {
                self.control(b);
            } else if b & 0xC0 != 0x80 {
                // A character starts here (UTF-8 continuation bytes are not counted).
                self.column += 1;
            }
            self.byte(b);
        }
    }

    /// Counts a byte up to `\r`: a line ends at `\n`, at `\r\n` (counted at its `\r`) or at
    /// a `\r` alone; a tab or another control character is a character. Right after a `\r`
    /// the column is still 0, as any other byte counts one (a UTF-8 continuation byte never
    /// follows a `\r` in text that decoded). Kept out of line: the loop over every byte stays
    /// as small as it was when only `\n` ended a line.
    #[inline(never)]
    fn control(&mut self, b: u8) {
        match b {
            b'\r' => {
                self.line += 1;
                self.column = 0;
                self.after_return = true;
            }
            b'\n' => {
                if !(self.after_return && self.column == 0) {
                    self.line += 1;
                }
                self.column = 0;
                self.after_return = false;
            }
            _ => self.column += 1,
        }
    }

    /// The map of everything fed.
    pub(crate) fn finish(self) -> SourceMap {
        self.map
    }

    fn byte(&mut self, b: u8) {
        match self.state {
            State::Code => self.code(b),
            State::Slash => match b {
                b'/' => self.state = State::LineComment,
                b'*' => {
                    self.state = State::BlockComment {
                        nesting: 1,
                        previous: b' ',
                    };
                }
                _ => {
                    self.state = State::Code;
                    self.code(b);
                }
            },
            State::LineComment => {
                if b == b'\n' {
                    self.state = State::Code;
                }
            }
            State::BlockComment { nesting, previous } => {
                let nesting = match (previous, b) {
                    (b'/', b'*') => nesting + 1,
                    (b'*', b'/') => nesting - 1,
                    _ => nesting,
                };
                // A `/*` or `*/` is used up: its last byte does not start another (`/*/`
                // opens a comment, it does not close it).
                let used = matches!((previous, b), (b'/', b'*') | (b'*', b'/'));
                let previous = if used { b' ' } else { b };
                self.state = if nesting == 0 {
                    State::Code
                } else {
                    State::BlockComment { nesting, previous }
                };
            }
            State::RawOpen { hashes } => match b {
                b'#' => self.state = State::RawOpen { hashes: hashes + 1 },
                b'"' => self.start_text(State::RawText { hashes, seen: None }),
                // `r#name`: a raw identifier, read as code.
                _ => {
                    self.state = State::Code;
                    self.code(b);
                }
            },
            State::RawText { hashes, seen } => self.raw_text(b, hashes, seen),
            State::Text { escaped: true } => {
                self.text.push(b);
                self.state = State::Text { escaped: false };
            }
            State::Text { escaped: false } => match b {
                b'\\' => self.state = State::Text { escaped: true },
                b'"' => {
                    self.has_text = true;
                    self.state = State::Code;
                }
                _ => self.text.push(b),
            },
            State::Ident => {
                if b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80 {
                    self.ident.push(b);
                } else if self.ident == b"r" && b == b'"' {
                    self.start_text(State::RawText {
                        hashes: 0,
                        seen: None,
                    });
                } else if self.ident == b"r" && b == b'#' {
                    self.state = State::RawOpen { hashes: 1 };
                } else {
                    self.state = State::Code;
                    self.code(b);
                }
            }
        }
    }

    fn code(&mut self, b: u8) {
        let here = (self.line, self.column);
        match b {
            b'/' => self.state = State::Slash,
            b'"' => self.start_text(State::Text { escaped: false }),
            b if b.is_ascii_alphabetic() || b == b'_' || b >= 0x80 => {
                self.ident.clear();
                self.ident.push(b);
                self.ident_at = Some(here);
                self.state = State::Ident;
            }
            b':' => {
                self.colon();
                self.ident_at = None;
            }
            b'(' | b'[' | b'{' => {
                let list_depth = if self.section == b"relations" { 3 } else { 2 };
                if b == b'(' && self.depth == list_depth && self.open.is_none() {
                    let (line, column) = self.ident_at.unwrap_or(here);
                    let first_field = u32::try_from(self.map.fields.len()).unwrap_or(u32::MAX);
                    if let Some(list) = self.map.slots_mut(&self.section, &self.relation) {
                        list.push(Slot {
                            line,
                            column,
                            first_field,
                            fields: 0,
                        });
                        self.open = Some(self.depth + 1);
                    }
                }
                self.depth += 1;
                self.ident_at = None;
            }
            b')' | b']' | b'}' => {
                if self.open == Some(self.depth) {
                    self.open = None;
                }
                self.depth = self.depth.saturating_sub(1);
                self.ident_at = None;
            }
            _ => {}
        }
    }

    /// A string starts, to be read in `state`.
    fn start_text(&mut self, state: State) {
        self.text.clear();
        self.has_text = false;
        self.ident_at = None;
        self.state = state;
    }

    /// One byte of a raw string (`r"…"`, `r#"…"#`), which ends at a quote followed by
    /// `hashes` hashes; `seen` counts the hashes after a quote that may end it.
    fn raw_text(&mut self, b: u8, hashes: u32, seen: Option<u32>) {
        match seen {
            Some(k) if b == b'#' && k + 1 == hashes => {
                self.has_text = true;
                self.state = State::Code;
            }
            Some(k) if b == b'#' => {
                self.state = State::RawText {
                    hashes,
                    seen: Some(k + 1),
                };
            }
            Some(k) => {
                // The quote and hashes were text: this byte is read afresh.
                self.text.push(b'"');
                self.text.extend(std::iter::repeat_n(b'#', k as usize));
                self.state = State::RawText { hashes, seen: None };
                self.raw_text(b, hashes, None);
            }
            None if b == b'"' && hashes == 0 => {
                self.has_text = true;
                self.state = State::Code;
            }
            None if b == b'"' => {
                self.state = State::RawText {
                    hashes,
                    seen: Some(0),
                };
            }
            None => self.text.push(b),
        }
    }

    /// A `:` after a name: a section of the team, a relation's name, or an entry's field.
    fn colon(&mut self) {
        if self.depth == 1 {
            if self.ident_at.is_some() {
                self.section.clone_from(&self.ident);
            }
        } else if self.depth == 2 && self.section == b"relations" {
            if self.has_text {
                self.relation.clone_from(&self.text);
            }
        } else if let (Some(open), Some((line, column))) = (self.open, self.ident_at)
            && self.depth == open
        {
            let name = self.map.name(&self.ident);
            let (section, relation) = (&self.section, &self.relation);
            let list = match section.as_slice() {
                b"people" => Some(&mut self.map.people),
                b"advice" => Some(&mut self.map.advice),
                b"relations" => self
                    .map
                    .relations
                    .get_mut(String::from_utf8_lossy(relation).as_ref()),
                _ => None,
            };
            if let Some(slot) = list.and_then(|list| list.last_mut()) {
                slot.fields += 1;
                self.map.fields.push(Field { name, line, column });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = r#"// header with "quotes" and Person( in a comment
Team(
    name: "x (y)",
    people: [
        Person(id: "a", name: "Ä"),
        /* block ( */ (id: "b",
            name: "B", manager: "a"),
    ],
    advice: [
        Tie(seeker: "b", advisor: "a"),
    ],
    relations: {
        "friendship": [Link(from: "a", to: "b")],
    },
)"#;

    #[test]
    fn finds_entries_and_fields() {
        let map = SourceMap::scan(TEXT);
        assert_eq!(map.len(List::People), 2);
        assert_eq!(map.position(List::People, 0, "absent"), Some((5, 9)));
        assert_eq!(map.position(List::People, 1, "absent"), Some((6, 23)));
        assert_eq!(map.position(List::People, 1, "id"), Some((6, 24)));
        assert_eq!(map.position(List::People, 1, "manager"), Some((7, 24)));
        assert_eq!(map.position(List::People, 2, "id"), None);
        assert_eq!(map.position(List::Advice, 0, "advisor"), Some((10, 26)));
        let friendship = List::Relation("friendship");
        assert_eq!(map.position(friendship, 0, "to"), Some((13, 40)));
        assert_eq!(map.position(List::Relation("other"), 0, "to"), None);
    }

    #[test]
    fn columns_count_characters_and_skip_comments_and_strings() {
        let text =
            "Team(\n    people: [\n        /* (x: */ Person(name: \"Ä(é\", id: \"1\"),\n    ],\n)";
        let map = SourceMap::scan(text);
        assert_eq!(map.len(List::People), 1);
        // `id` after a string holding a non-ASCII letter and a parenthesis: 42 characters in.
        let line = text.lines().nth(2).unwrap();
        let column = line[..line.find("id:").unwrap()].chars().count() + 1;
        assert_eq!(map.position(List::People, 0, "id"), Some((3, column)));
        assert_eq!(map.position(List::People, 0, "name"), Some((3, 26)));
    }

    /// Raw strings (no escapes; quotes inside `r#"…"#`) and a `/*/` inside a comment,
    /// which opens a nested comment rather than closing one.
    #[test]
    fn raw_strings_and_nested_comments_are_skipped_whole() {
        let text = concat!(
            "Team(\n",
            "    name: r#\"a \"(b\" c\"#,\n",
            "    /* x /*/ people: [ (id: \"z\") ] */ */\n",
            "    people: [\n",
            "        (id: r\"C:\\\", name: \"(\"),\n",
            "        Person(id: \"2\"),\n",
            "    ],\n",
            "    relations: { r##\"co\"#work\"##: [Link(from: \"2\", to: r\"C:\\\")] },\n",
            ")"
        );
        let map = SourceMap::scan(text);
        assert_eq!(map.len(List::People), 2, "{text}");
        assert_eq!(
            map.position(List::People, 0, "name"),
            Some((5, 22)),
            "{text}"
        );
        assert_eq!(map.position(List::People, 1, "id"), Some((6, 16)), "{text}");
        let cowork = List::Relation("co\"#work");
        assert_eq!(map.position(cowork, 0, "to"), Some((8, 52)), "{text}");
    }

    /// Old Mac line ends (a `\r` alone) and Windows ones (`\r\n`) place entries on the lines
    /// an editor shows, as `\n` does; with `\r` alone they were all on line 1.
    #[test]
    fn every_kind_of_line_end_gives_the_same_map() {
        // Without the first line: a `//` comment runs to a `\n`, as the RON parser reads it.
        let (_, lf_text) = TEXT.split_once('\n').unwrap();
        let lf = SourceMap::scan(lf_text);
        for end in ["\r", "\r\n"] {
            let text = lf_text.replace('\n', end);
            let map = SourceMap::scan(&text);
            for (list, i, field) in [
                (List::People, 0, "absent"),
                (List::People, 1, "id"),
                (List::People, 1, "manager"),
                (List::Advice, 0, "advisor"),
                (List::Relation("friendship"), 0, "to"),
            ] {
                assert_eq!(
                    map.position(list, i, field),
                    lf.position(list, i, field),
                    "{end:?}: {list:?} {i} {field}"
                );
            }
        }
        assert_eq!(
            SourceMap::scan(&lf_text.replace('\n', "\r")).position(List::People, 1, "manager"),
            Some((6, 24))
        );
    }

    #[test]
    fn pieces_of_any_size_give_the_same_map() {
        // A `\r\n` split between two pieces is one line end.
        for text in [TEXT.to_string(), TEXT.replace('\n', "\r\n")] {
            let whole = SourceMap::scan(&text);
            for size in [1, 2, 3, 7, 64] {
                let mut scanner = Scanner::default();
                for piece in text.as_bytes().chunks(size) {
                    scanner.feed(piece);
                }
                let map = scanner.finish();
                for (list, len, fields) in [
                    (List::People, 2, &["id", "name", "manager"][..]),
                    (List::Advice, 1, &["seeker", "advisor"][..]),
                    (List::Relation("friendship"), 1, &["from", "to"][..]),
                ] {
                    assert_eq!(map.len(list), len, "pieces of {size}");
                    for i in 0..len {
                        for field in fields {
                            assert_eq!(
                                map.position(list, i, field),
                                whole.position(list, i, field),
                                "pieces of {size}: {list:?} {i} {field}"
                            );
                        }
                    }
                }
            }
        }
    }
}
