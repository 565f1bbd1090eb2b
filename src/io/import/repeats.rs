//! Respondents who answered in several rows of one survey, as a form submitted twice leaves
//! them, or in several files of one relation, as a wave downloaded twice leaves them: their
//! nominations add up either way, so the report names each of them with the lines.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::model::{Person, PersonIx};
use crate::text::count;

/// Most respondents named per file; the others are counted.
const SHOWN: usize = 10;
/// Most lines listed per respondent; the others are counted.
const LINES: usize = 10;

/// The rows each respondent answered in, for one survey file.
#[derive(Debug, Default)]
pub(super) struct AnswerRows {
    seen: Vec<(PersonIx, usize)>,
}

/// Each respondent's first row in an edge list, whose respondents answer in a row per tie:
/// only a respondent seen again in a later file of the relation is told about.
#[derive(Debug)]
pub(super) struct FirstRows {
    /// Per person, the line of their first row, 0 when they have none.
    first: Vec<usize>,
}

impl FirstRows {
    /// Room for `people` respondents.
    pub(super) fn new(people: usize) -> Self {
        FirstRows {
            first: vec![0; people],
        }
    }

    /// Records that `person` answered on `line`.
    pub(super) fn add(&mut self, person: PersonIx, line: usize) {
        let slot = &mut self.first[person as usize];
        if *slot == 0 {
            *slot = line;
        }
    }

    /// The warnings for respondents who answered `relation` in an earlier file too.
    pub(super) fn warnings(
        self,
        path: &Path,
        relation: &str,
        people: &[Person],
        earlier: &mut EarlierAnswers,
    ) -> Vec<String> {
        let firsts = self
            .first
            .iter()
            .enumerate()
            .filter(|(_, line)| **line > 0)
            .map(|(p, &line)| (p as PersonIx, line));
        earlier.warnings(relation, path, firsts, people)
    }
}

impl AnswerRows {
    /// Records that `person` answered on `line`.
    pub(super) fn add(&mut self, person: PersonIx, line: usize) {
        self.seen.push((person, line));
    }

    /// One warning for each respondent who answered in more than one row (the first
    /// [`SHOWN`] in org chart order), then one saying how many more did; then the same for
    /// those who answered `relation` in an earlier file too, and this file's respondents
    /// noted in `earlier`.
    pub(super) fn warnings(
        mut self,
        path: &Path,
        relation: &str,
        people: &[Person],
        earlier: &mut EarlierAnswers,
    ) -> Vec<String> {
        self.seen.sort_unstable();
        let repeated: Vec<&[(PersonIx, usize)]> = self
            .seen
            .chunk_by(|a, b| a.0 == b.0)
            .filter(|rows| rows.len() > 1)
            .collect();
        let file = path.display();
        let mut warnings: Vec<String> = repeated
            .iter()
            .take(SHOWN)
            .map(|rows| {
                let person = &people[rows[0].0 as usize];
                let mut lines = rows
                    .iter()
                    .take(LINES)
                    .map(|(_, line)| line.to_string())
                    .collect::<Vec<_>>()
                    .join(", ");
                if rows.len() > LINES {
                    let _ = write!(lines, " and {} more", rows.len() - LINES);
                }
                format!(
                    "{} ({}) answered {} times ({file}:{lines}): their repeated nominations \
                     were added up; remove the extra rows if they are resubmissions",
                    person.name,
                    person.id,
                    rows.len()
                )
            })
            .collect();
        if repeated.len() > SHOWN {
            warnings.push(format!(
                "{file}: {} answered in several rows, their repeated nominations added up too",
                count(
                    repeated.len() - SHOWN,
                    "more respondent",
                    "more respondents"
                )
            ));
        }
        // Sorted by person, then line: each chunk's first row is the person's first answer.
        let firsts = self.seen.chunk_by(|a, b| a.0 == b.0).map(|rows| rows[0]);
        warnings.extend(earlier.warnings(relation, path, firsts, people));
        warnings
    }
}

/// Each respondent's first answer per relation, across survey files: one answering a
/// relation again in a later file (the same wave given twice, or a late download that holds
/// the early answers too) has their nominations added up, as repeated rows of one file are,
/// and is named in a warning with both files.
#[derive(Debug, Default)]
pub(super) struct EarlierAnswers {
    /// Per relation, each respondent's first file (an index into `files`) and line.
    first: BTreeMap<String, HashMap<PersonIx, (usize, usize)>>,
    /// The files read so far.
    files: Vec<PathBuf>,
}

impl EarlierAnswers {
    /// Notes `path`'s respondents to `relation` (person and first line, in org chart order),
    /// and returns a warning for each who answered it in an earlier file (the first
    /// [`SHOWN`]), then one saying how many more did.
    fn warnings(
        &mut self,
        relation: &str,
        path: &Path,
        respondents: impl Iterator<Item = (PersonIx, usize)>,
        people: &[Person],
    ) -> Vec<String> {
        let file = self.files.len();
        self.files.push(path.to_path_buf());
        let first = self.first.entry(relation.to_string()).or_default();
        let mut again = Vec::new();
        for (person, line) in respondents {
            match first.get(&person) {
                Some(&(before, before_line)) if before != file => {
                    again.push((person, before, before_line, line));
                }
                Some(_) => {}
                None => {
                    first.insert(person, (file, line));
                }
            }
        }
        let mut warnings: Vec<String> = again
            .iter()
            .take(SHOWN)
            .map(|&(person, before, before_line, line)| {
                let person = &people[person as usize];
                format!(
                    "{} ({}) answered the '{relation}' survey in two files ({}:{before_line} \
                     and {}:{line}): their nominations were added up, as repeated rows of one \
                     file are; remove one of the answers if it is a resubmission",
                    person.name,
                    person.id,
                    self.files[before].display(),
                    path.display()
                )
            })
            .collect();
        if again.len() > SHOWN {
            warnings.push(format!(
                "{}: {} answered the '{relation}' survey in an earlier file too, their \
                 nominations added up too",
                path.display(),
                count(again.len() - SHOWN, "more respondent", "more respondents")
            ));
        }
        warnings
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_each_respondent_with_several_rows_and_their_lines() {
        let people = vec![Person::new("E1", "Ann Lee"), Person::new("E2", "Bo Chen")];
        let mut rows = AnswerRows::default();
        for (person, line) in [(1, 2), (0, 3), (1, 4), (1, 7)] {
            rows.add(person, line);
        }
        assert_eq!(
            rows.warnings(
                Path::new("dup.csv"),
                "advice",
                &people,
                &mut EarlierAnswers::default()
            ),
            [
                "Bo Chen (E2) answered 3 times (dup.csv:2, 4, 7): their repeated nominations \
              were added up; remove the extra rows if they are resubmissions"
            ]
        );
    }

    #[test]
    fn lists_at_most_ten_respondents_and_ten_lines() {
        let people: Vec<Person> = (0..12)
            .map(|i| Person::new(format!("E{i}"), format!("P{i}")))
            .collect();
        let mut rows = AnswerRows::default();
        for p in 0..12 {
            rows.add(p, 100 + p as usize);
            rows.add(p, 200 + p as usize);
        }
        for line in 300..312 {
            rows.add(0, line);
        }
        let warnings = rows.warnings(
            Path::new("s.csv"),
            "advice",
            &people,
            &mut EarlierAnswers::default(),
        );
        assert_eq!(warnings.len(), 11);
        assert!(
            warnings[0].starts_with(
                "P0 (E0) answered 14 times (s.csv:100, 200, 300, 301, 302, 303, 304, 305, \
                 306, 307 and 4 more): "
            ),
            "{}",
            warnings[0]
        );
        assert_eq!(
            warnings[10],
            "s.csv: 2 more respondents answered in several rows, their repeated nominations \
             added up too"
        );
    }

    #[test]
    fn names_each_respondent_who_answers_a_relation_in_several_files() {
        let people = vec![Person::new("E1", "Ann Lee"), Person::new("E2", "Bo Chen")];
        let mut earlier = EarlierAnswers::default();
        let rows = |list: &[(PersonIx, usize)]| {
            let mut rows = AnswerRows::default();
            for &(person, line) in list {
                rows.add(person, line);
            }
            rows
        };
        let first =
            rows(&[(1, 2)]).warnings(Path::new("early.csv"), "advice", &people, &mut earlier);
        assert!(first.is_empty(), "{first:?}");
        // Another relation is another survey: answering both is no repeat.
        let other =
            rows(&[(1, 2), (0, 3)]).warnings(Path::new("fr.csv"), "trust", &people, &mut earlier);
        assert!(other.is_empty(), "{other:?}");
        let late = rows(&[(0, 2), (1, 5), (1, 6)]).warnings(
            Path::new("late.csv"),
            "advice",
            &people,
            &mut earlier,
        );
        assert_eq!(
            late,
            [
                "Bo Chen (E2) answered 2 times (late.csv:5, 6): their repeated nominations were \
                 added up; remove the extra rows if they are resubmissions",
                "Bo Chen (E2) answered the 'advice' survey in two files (early.csv:2 and \
                 late.csv:5): their nominations were added up, as repeated rows of one file \
                 are; remove one of the answers if it is a resubmission"
            ]
        );
    }
}
