//! The RON team file: load with validation and precise locations, save round-trippably.

use std::io::Write;
use std::path::Path;
use std::sync::OnceLock;

use ron::extensions::Extensions;

use crate::model::{Org, Team};

use super::blocks::write_in_order;
use super::source_map::{List, Scanner, SourceMap};
use super::text_file::lines as text_lines;
use super::validate::{self, Loaded, Locate, Options, TieCollector, TieField};
use super::{LoadError, Location, write_atomic};

/// Loads and validates a RON team file.
///
/// # Errors
///
/// [`LoadError`] for an unreadable file, invalid RON or a team that fails validation.
pub fn load_ron(path: &Path, options: Options) -> Result<Loaded, LoadError> {
    let text = super::text_file::read_text(path)?;
    let team = parse(&text, path)?;
    // A regular file's text goes before the team is checked and built (it is as large as
    // the team); should an error need a position, the file is read again. A pipe cannot be
    // read again, so its text stays.
    if std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
        let read = text.len();
        drop(text);
        let positions = Positions::File {
            path,
            read,
            map: OnceLock::new(),
        };
        from_team(team, path, &positions, options)
    } else {
        from_team(
            team,
            path,
            &Positions::Text(&text, OnceLock::new()),
            options,
        )
    }
}

/// Parses and validates a team from RON text (strictly; for tests and examples).
///
/// # Errors
///
/// As [`load_ron`], with `<string>` as the file name.
pub fn team_from_str(text: &str) -> Result<Org, LoadError> {
    let path = Path::new("<string>");
    let team = parse(text, path)?;
    let positions = Positions::Text(text, OnceLock::new());
    from_team(team, path, &positions, Options::default()).map(|loaded| loaded.org)
}

fn ron_options() -> ron::Options {
    ron::Options::default().with_default_extension(Extensions::IMPLICIT_SOME)
}

fn parse(text: &str, path: &Path) -> Result<Team, LoadError> {
    let text = without_bom(text);
    ron_options().from_str(text).map_err(|e| {
        let (line, column) = as_edited(text, e.span.start.line, e.span.start.col);
        LoadError::Syntax {
            at: Location::new(path, line, Some(column)),
            message: format!("{}; see the team file schema in the README", plain(&e.code)),
        }
    })
}

/// The RON parser's position in `text` (its lines end at `\n` alone; columns in
/// characters) as editors count it, a `\r` alone ending a line too (old Mac line ends).
fn as_edited(text: &str, line: usize, column: usize) -> (usize, usize) {
    let start = match line {
        0 | 1 => 0,
        _ => match text.match_indices('\n').nth(line - 2) {
            Some((i, _)) => i + 1,
            None => return (line, column),
        },
    };
    let at = text[start..]
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(text.len(), |(i, _)| start + i);
    super::text_file::position(text.as_bytes(), at)
}

/// The RON parser's message in plain words, for the common slips in a hand-written team
/// file; other messages as the parser gives them.
fn plain(error: &ron::Error) -> String {
    match error {
        ron::Error::MissingStructField { field, outer } => {
            let what = outer.as_deref().unwrap_or("this entry");
            format!("this {what} has no `{field}`, which it needs")
        }
        ron::Error::NoSuchStructField {
            expected,
            found,
            outer,
        } => {
            let what = outer.as_deref().unwrap_or("this entry");
            let closest = expected
                .iter()
                .map(|name| (strsim::jaro_winkler(name, found), *name))
                .filter(|(score, _)| *score > 0.8)
                .max_by(|a, b| a.0.total_cmp(&b.0))
                .map(|(_, name)| format!("did you mean `{name}`? "))
                .unwrap_or_default();
            format!(
                "a {what} has no field `{found}`; {closest}its fields are {}",
                expected
                    .iter()
                    .map(|name| format!("`{name}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }
        ron::Error::ExpectedString => {
            "expected text in double quotes here (ids too: id: \"7\")".to_string()
        }
        other => other.to_string(),
    }
}

fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// Validates a team built in memory (no file, so errors carry no line numbers).
///
/// # Errors
///
/// As [`load_ron`], for a team that fails validation.
pub fn org_from_team(team: Team, options: Options) -> Result<Loaded, LoadError> {
    from_team(team, Path::new("<team>"), &Positions::None, options)
}

/// Where entries are in the file, for error messages. Scanning a million-person file costs
/// seconds and gigabytes, so it is done only when there is an error to place.
enum Positions<'a> {
    /// A regular team file of `read` bytes of text, read again and scanned on first use; no
    /// positions if it has changed length since (then they could point at other entries).
    File {
        path: &'a Path,
        read: usize,
        map: OnceLock<Option<SourceMap>>,
    },
    /// Team text, scanned on first use.
    Text(&'a str, OnceLock<SourceMap>),
    /// A team built in memory.
    None,
}

impl Positions<'_> {
    fn map(&self) -> Option<&SourceMap> {
        match self {
            Positions::File { path, read, map } => {
                map.get_or_init(|| scan_file(path, *read)).as_ref()
            }
            Positions::Text(text, map) => {
                Some(map.get_or_init(|| SourceMap::scan(without_bom(text))))
            }
            Positions::None => None,
        }
    }

    /// A [`LoadError::BadWeight`] with the weight as the file writes it (`1e400` rather than
    /// the `inf` it parses to), when the file can be read again; other errors as they are.
    fn as_written(&self, error: LoadError) -> LoadError {
        let LoadError::BadWeight { at, value } = error else {
            return error;
        };
        let line = match self {
            Positions::File { path, .. } => line_of(path, at.line),
            Positions::Text(text, _) => at
                .line
                .checked_sub(1)
                .and_then(|i| text_lines(without_bom(text)).nth(i))
                .map(str::to_owned),
            Positions::None => None,
        };
        let written = line
            .zip(at.column)
            .and_then(|(line, column)| field_value(&line, column));
        LoadError::BadWeight {
            value: written.unwrap_or(value),
            at,
        }
    }
}

/// Line `line` (1-based) of the team file at `path`, as [`text_lines`] counts them, read a line
/// at a time.
fn line_of(path: &Path, line: usize) -> Option<String> {
    use std::io::BufRead as _;
    let file = std::fs::File::open(path).ok()?;
    let mut reader = std::io::BufReader::new(file);
    if super::text_file::is_utf16(reader.fill_buf().ok()?) {
        let text = super::text_file::read_text(path).ok()?;
        return text_lines(&text)
            .nth(line.checked_sub(1)?)
            .map(str::to_owned);
    }
    // Each piece up to a `\n` holds one line, or several ended by a `\r` alone.
    let mut skip = line.checked_sub(1)?;
    for piece in reader.split(b'\n') {
        let piece = String::from_utf8(piece.ok()?).ok()?;
        match text_lines(&piece).nth(skip) {
            Some(found) => return Some(without_bom(found).to_owned()),
            None => skip -= text_lines(&piece).count(),
        }
    }
    None
}

/// The value of the field whose name starts at 1-based character `column` of `line`: the
/// text after its `:` up to the next `,`, `)` or space.
fn field_value(line: &str, column: usize) -> Option<String> {
    let start = line.char_indices().nth(column.checked_sub(1)?)?.0;
    let (_, rest) = line[start..].split_once(':')?;
    let value: String = rest
        .trim_start()
        .chars()
        .take_while(|c| !matches!(c, ',' | ')') && !c.is_whitespace())
        .collect();
    (!value.is_empty()).then_some(value)
}

/// The map of the team file at `path`, read in pieces (its text is not held), if its text
/// is still `read` bytes long.
fn scan_file(path: &Path, read: usize) -> Option<SourceMap> {
    use std::io::BufRead as _;
    let file = std::fs::File::open(path).ok()?;
    let mut reader = std::io::BufReader::with_capacity(1 << 20, file);
    if super::text_file::is_utf16(reader.fill_buf().ok()?) {
        let text = super::text_file::read_text(path).ok()?;
        return (text.len() == read).then(|| SourceMap::scan(&text));
    }
    if reader.fill_buf().ok()?.starts_with(&[0xEF, 0xBB, 0xBF]) {
        reader.consume(3);
    }
    let mut scanner = Scanner::default();
    let mut scanned = 0;
    loop {
        let piece = reader.fill_buf().ok()?;
        if piece.is_empty() {
            break;
        }
        scanner.feed(piece);
        let len = piece.len();
        scanned += len;
        reader.consume(len);
    }
    (scanned == read).then(|| scanner.finish())
}

fn from_team(
    mut team: Team,
    path: &Path,
    positions: &Positions<'_>,
    options: Options,
) -> Result<Loaded, LoadError> {
    // One rule with the CSV pair's empty name cell: a person without a name goes by their
    // id, so no list, export or browser row shows a blank.
    for person in &mut team.people {
        if person.name.trim().is_empty() {
            person.name.clone_from(&person.id);
        }
    }
    let locate = RonLocate { path, positions };
    let index = validate::index_people_fast(&team.people, &locate)?;
    let chart = validate::build_chart(&team.people, &index, &locate)?;
    let mut warnings = Vec::new();

    let mut advice = TieCollector::new(&index, options, "advice", path.to_path_buf());
    for (i, tie) in team.advice.iter().enumerate() {
        advice
            .push(&tie.seeker, &tie.advisor, tie.weight, |field| {
                let field = match field {
                    TieField::Seeker => "seeker",
                    TieField::Advisor => "advisor",
                    TieField::Weight => "weight",
                };
                locate.at(List::Advice, i, field)
            })
            .map_err(|e| positions.as_written(e))?;
    }
    let advice = advice.finish(&mut warnings)?;

    // Not read as advice, and not another relation either: said, where it is.
    if let Some(name) = team
        .relations
        .keys()
        .find(|n| n.trim().eq_ignore_ascii_case("advice"))
    {
        let at = locate.at(List::Relation(name), 0, "from");
        return Err(LoadError::Syntax {
            at,
            message: format!(
                "'{name}' under `relations` would be a second advice network; put these ties \
                 in the team's `advice` list, each as (seeker: \"...\", advisor: \"...\")"
            ),
        });
    }
    let mut others = Vec::new();
    for (name, links) in &team.relations {
        let mut collector = TieCollector::new(&index, options, name, path.to_path_buf());
        for (i, link) in links.iter().enumerate() {
            collector
                .push(&link.from, &link.to, link.weight, |field| {
                    let field = match field {
                        TieField::Seeker => "from",
                        TieField::Advisor => "to",
                        TieField::Weight => "weight",
                    };
                    locate.at(List::Relation(name), i, field)
                })
                .map_err(|e| positions.as_written(e))?;
        }
        others.push((name.clone(), collector.finish(&mut warnings)?));
    }
    let (ties, relations) = (&team.advice, &team.relations);
    validate::assemble(
        team.name,
        team.people,
        index,
        chart,
        &advice,
        others,
        warnings,
    )
    .map_err(|err| match err {
        LoadError::HeavyTie {
            at: None,
            relation,
            from,
            to,
            weight,
        } => {
            let at = match relations.get(&relation) {
                Some(links) if relation != "advice" => {
                    let links = links.iter().enumerate();
                    let links = links.map(|(i, l)| (&l.from, &l.to, l.weight, i));
                    validate::heavy_repeat(links, &from, &to)
                        .and_then(|i| locate.position(List::Relation(&relation), i, "weight"))
                }
                _ => {
                    let ties = ties.iter().enumerate();
                    let ties = ties.map(|(i, t)| (&t.seeker, &t.advisor, t.weight, i));
                    validate::heavy_repeat(ties, &from, &to)
                        .and_then(|i| locate.position(List::Advice, i, "weight"))
                }
            };
            LoadError::HeavyTie {
                at: at.map(Box::new),
                relation,
                from,
                to,
                weight,
            }
        }
        other => other,
    })
}

struct RonLocate<'a> {
    path: &'a Path,
    positions: &'a Positions<'a>,
}

impl RonLocate<'_> {
    /// Where `field` of entry `i` of `list` is, if the file can be mapped.
    fn position(&self, list: List<'_>, i: usize, field: &str) -> Option<Location> {
        let (line, column) = self.positions.map()?.position(list, i, field)?;
        Some(Location::new(self.path, line, Some(column)))
    }

    /// [`position`](Self::position), or the file alone.
    fn at(&self, list: List<'_>, i: usize, field: &str) -> Location {
        self.position(list, i, field)
            .unwrap_or_else(|| Location::new(self.path, 0, None))
    }
}

impl Locate for RonLocate<'_> {
    fn person(&self, i: usize) -> Location {
        self.at(List::People, i, "id")
    }
    fn manager(&self, i: usize) -> Location {
        self.at(List::People, i, "manager")
    }
}

/// Renders a team as RON, one person or tie per line, with an optional `//` header.
///
/// # Errors
///
/// Only if serialization fails, which a [`Team`] built from valid strings does not.
pub fn team_to_string(team: &Team, header: Option<&str>) -> Result<String, ron::Error> {
    let mut text = Vec::new();
    write_team(&mut text, team, header).map_err(|e| match e.downcast::<ron::Error>() {
        Ok(ron) => ron,
        Err(other) => ron::Error::Io(other.to_string()),
    })?;
    Ok(String::from_utf8(text).expect("RON text is UTF-8"))
}

/// Writes a team as [`team_to_string`] renders it, a line at a time.
///
/// # Errors
///
/// I/O errors from `out`, and serialization errors wrapped as [`std::io::Error`].
pub fn write_team(out: &mut dyn Write, team: &Team, header: Option<&str>) -> std::io::Result<()> {
    let one_line = |value: &dyn erased::Ron| value.to_ron().map_err(std::io::Error::other);
    if let Some(header) = header {
        for line in header.lines() {
            writeln!(out, "// {line}")?;
        }
    }
    out.write_all(b"#![enable(implicit_some)]\nTeam(\n")?;
    if let Some(name) = &team.name {
        writeln!(out, "    name: {},", one_line(name)?)?;
    }
    out.write_all(b"    people: [\n")?;
    lines(out, &team.people, "        ", 160)?;
    out.write_all(b"    ],\n    advice: [\n")?;
    lines(out, &team.advice, "        ", 64)?;
    out.write_all(b"    ],\n")?;
    if !team.relations.is_empty() {
        out.write_all(b"    relations: {\n")?;
        for (name, links) in &team.relations {
            writeln!(out, "        {}: [", one_line(name)?)?;
            lines(out, links, "            ", 64)?;
            out.write_all(b"        ],\n")?;
        }
        out.write_all(b"    },\n")?;
    }
    out.write_all(b")\n")
}

/// One line per item, `indent` first and a comma last, about `bytes` bytes each. Made on
/// every core: the people and ties of a million-person team are hundreds of megabytes.
fn lines<T: serde::Serialize + Sync>(
    out: &mut dyn Write,
    items: &[T],
    indent: &str,
    bytes: usize,
) -> std::io::Result<()> {
    use erased::Ron as _;
    write_in_order(out, items.len(), bytes, |range, text| {
        for item in &items[range] {
            let line = item.to_ron().map_err(std::io::Error::other)?;
            writeln!(text, "{indent}{line},")?;
        }
        Ok(())
    })
}

/// One value as single-line RON with struct names and implicit `Some`.
mod erased {
    use ron::extensions::Extensions;
    use ron::ser::PrettyConfig;

    pub(super) trait Ron {
        fn to_ron(&self) -> Result<String, ron::Error>;
    }

    impl<T: serde::Serialize> Ron for T {
        fn to_ron(&self) -> Result<String, ron::Error> {
            let config = PrettyConfig::new()
                .depth_limit(0)
                .escape_strings(false)
                .struct_names(true)
                .extensions(Extensions::IMPLICIT_SOME);
            let mut text = ron::Options::default().to_string_pretty(self, config)?;
            // The extension header is written once for the whole file. Trimmed in place:
            // this runs once per person and tie.
            let end = text.trim_end().len();
            text.truncate(end);
            let body = text
                .strip_prefix("#![enable(implicit_some)]")
                .unwrap_or(&text)
                .trim_start();
            let start = text.len() - body.len();
            text.drain(..start);
            Ok(text)
        }
    }
}

/// Saves a team as RON atomically (temp file, then rename).
///
/// # Errors
///
/// I/O errors from writing; the target file is left as it was.
pub fn save_ron(path: &Path, team: &Team, header: Option<&str>) -> std::io::Result<()> {
    write_atomic(path, |w| write_team(w, team, header))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Link, Person, Tie};

    /// An empty name, or one of spaces, is the id, as an empty `name` cell of a people CSV
    /// is; other names stay as written, spaces and all.
    #[test]
    fn a_person_without_a_name_goes_by_their_id() {
        let org = team_from_str(
            r#"Team(people: [Person(id: "1", name: ""), Person(id: "b 2", name: " \t "),
                Person(id: "3", name: " Cy ")])"#,
        )
        .unwrap();
        let names: Vec<&str> = org.people().iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["1", "b 2", " Cy "]);
        let mut team = Team::default();
        team.people.push(Person::new("7", ""));
        let org = org_from_team(team, Options::default()).unwrap().org;
        assert_eq!(org.person(0).name, "7");
    }

    fn sample() -> Team {
        let mut ceo = Person::new("1", "Ada Obi");
        ceo.title = Some("CEO".into());
        let mut dev = Person::new("2", "Bo \"Bobby\" Lin");
        dev.manager = Some("1".into());
        dev.department = Some("R&D".into());
        dev.respondent = Some(false);
        dev.attributes.insert("office".into(), "Zürich".into());
        Team {
            name: Some("Tiny".into()),
            people: vec![ceo, dev],
            // In canonical order (by seeker, then adviser), as saving writes them.
            advice: vec![
                Tie {
                    weight: 2.5,
                    ..Tie::new("1", "2")
                },
                Tie::new("2", "1"),
            ],
            relations: [(
                "friendship".to_string(),
                vec![Link {
                    from: "1".into(),
                    to: "2".into(),
                    weight: 1.0,
                }],
            )]
            .into_iter()
            .collect(),
        }
    }

    #[test]
    fn load_save_load_round_trips() {
        let team = sample();
        let text = team_to_string(&team, Some("a header\nsecond line")).unwrap();
        assert!(text.starts_with("// a header\n// second line\n"));
        let org = team_from_str(&text).unwrap();
        assert_eq!(org.to_team(), team);
        let again = team_to_string(&org.to_team(), Some("a header\nsecond line")).unwrap();
        assert_eq!(again, text);
    }

    #[test]
    fn unknown_field_is_a_syntax_error_with_position() {
        let err = team_from_str("Team(people: [Person(id: \"1\", name: \"A\", manger: \"2\")])")
            .unwrap_err();
        let message = err.to_string();
        assert!(message.starts_with("<string>:1:"), "{message}");
        assert!(message.contains("manger"), "{message}");
    }
}
