//! Positions of entries in a RON team file, for error messages.
//!
//! serde does not report where a value came from, so after a successful parse this scanner
//! walks the text once (skipping strings and comments) and records where each person, tie
//! and field starts. Entry `i` of a list is the `i`-th struct opened at that list's depth.

use std::collections::{BTreeMap, HashMap};

/// 1-based line and column.
pub(crate) type Pos = (usize, usize);

/// Where one list entry and its fields are.
#[derive(Debug, Default, Clone)]
pub(crate) struct Entry {
    pub start: Pos,
    pub fields: HashMap<String, Pos>,
}

impl Entry {
    /// Position of a field, or of the entry when the field is absent.
    pub fn field(&self, name: &str) -> Pos {
        self.fields.get(name).copied().unwrap_or(self.start)
    }
}

/// Entries of the `people` and `advice` lists and of each relation.
#[derive(Debug, Default)]
pub(crate) struct SourceMap {
    pub people: Vec<Entry>,
    pub advice: Vec<Entry>,
    pub relations: BTreeMap<String, Vec<Entry>>,
}

impl SourceMap {
    pub(crate) fn scan(text: &str) -> SourceMap {
        let mut map = SourceMap::default();
        let mut chars = text.chars().peekable();
        let (mut line, mut col) = (1usize, 0usize);
        let mut depth = 0usize;
        let mut section = String::new();
        let mut relation = String::new();
        let mut last_ident: Option<(String, Pos)> = None;
        let mut last_string: Option<String> = None;
        // Depth of the entry currently open, and which list it belongs to.
        let mut open: Option<(usize, usize)> = None;

        while let Some(c) = chars.next() {
            if c == '\n' {
                line += 1;
                col = 0;
                continue;
            }
            col += 1;
            let here = (line, col);
            match c {
                '/' if chars.peek() == Some(&'/') => {
                    for c in chars.by_ref() {
                        if c == '\n' {
                            line += 1;
                            col = 0;
                            break;
                        }
                    }
                }
                '/' if chars.peek() == Some(&'*') => {
                    chars.next();
                    col += 1;
                    let mut nesting = 1;
                    let mut previous = ' ';
                    for c in chars.by_ref() {
                        if c == '\n' {
                            line += 1;
                            col = 0;
                        } else {
                            col += 1;
                        }
                        if previous == '/' && c == '*' {
                            nesting += 1;
                        } else if previous == '*' && c == '/' {
                            nesting -= 1;
                            if nesting == 0 {
                                break;
                            }
                        }
                        previous = if previous == '*' && c == '/' { ' ' } else { c };
                    }
                }
                '"' => {
                    let mut value = String::new();
                    while let Some(c) = chars.next() {
                        if c == '\n' {
                            line += 1;
                            col = 0;
                        } else {
                            col += 1;
                        }
                        match c {
                            '\\' => {
                                if let Some(escaped) = chars.next() {
                                    col += 1;
                                    value.push(escaped);
                                }
                            }
                            '"' => break,
                            _ => value.push(c),
                        }
                    }
                    last_string = Some(value);
                    last_ident = None;
                }
                c if c.is_alphabetic() || c == '_' => {
                    let mut ident = String::from(c);
                    while let Some(&next) = chars.peek() {
                        if next.is_alphanumeric() || next == '_' {
                            ident.push(next);
                            chars.next();
                            col += 1;
                        } else {
                            break;
                        }
                    }
                    last_ident = Some((ident, here));
                }
                ':' => {
                    if depth == 1 {
                        if let Some((ident, _)) = &last_ident {
                            section.clone_from(ident);
                        }
                    } else if depth == 2 && section == "relations" {
                        if let Some(name) = &last_string {
                            relation.clone_from(name);
                        }
                    } else if let (Some((depth_open, _)), Some((ident, pos))) = (open, &last_ident)
                        && depth == depth_open
                        && let Some(entry) = map.current(&section, &relation)
                    {
                        entry.fields.insert(ident.clone(), *pos);
                    }
                    last_ident = None;
                }
                '(' | '[' | '{' => {
                    let list_depth = if section == "relations" { 3 } else { 2 };
                    if c == '(' && depth == list_depth && open.is_none() {
                        let start = last_ident.as_ref().map_or(here, |(_, pos)| *pos);
                        if map.push(&section, &relation, start) {
                            open = Some((depth + 1, 0));
                        }
                    }
                    depth += 1;
                    last_ident = None;
                }
                ')' | ']' | '}' => {
                    if open.is_some_and(|(d, _)| d == depth) {
                        open = None;
                    }
                    depth = depth.saturating_sub(1);
                    last_ident = None;
                }
                _ => {}
            }
        }
        map
    }

    fn list(&mut self, section: &str, relation: &str) -> Option<&mut Vec<Entry>> {
        match section {
            "people" => Some(&mut self.people),
            "advice" => Some(&mut self.advice),
            "relations" => Some(self.relations.entry(relation.to_string()).or_default()),
            _ => None,
        }
    }

    fn push(&mut self, section: &str, relation: &str, start: Pos) -> bool {
        self.list(section, relation)
            .map(|list| {
                list.push(Entry {
                    start,
                    fields: HashMap::new(),
                });
            })
            .is_some()
    }

    fn current(&mut self, section: &str, relation: &str) -> Option<&mut Entry> {
        self.list(section, relation)
            .and_then(|list| list.last_mut())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_entries_and_fields() {
        let text = r#"// header with "quotes" and Person( in a comment
Team(
    name: "x (y)",
    people: [
        Person(id: "a", name: "A"),
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
        let map = SourceMap::scan(text);
        assert_eq!(map.people.len(), 2);
        assert_eq!(map.people[0].start, (5, 9));
        assert_eq!(map.people[1].start, (6, 23));
        assert_eq!(map.people[1].field("id"), (6, 24));
        assert_eq!(map.people[1].field("manager"), (7, 24));
        assert_eq!(map.advice[0].field("advisor"), (10, 26));
        assert_eq!(map.relations["friendship"][0].field("to"), (13, 40));
    }
}
