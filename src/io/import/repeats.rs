//! Respondents who answered in several rows of one survey, as a form submitted twice leaves
//! them: their nominations add up, so the report names each of them with the lines.

use std::fmt::Write as _;
use std::path::Path;

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

impl AnswerRows {
    /// Records that `person` answered on `line`.
    pub(super) fn add(&mut self, person: PersonIx, line: usize) {
        self.seen.push((person, line));
    }

    /// One warning for each respondent who answered in more than one row (the first
    /// [`SHOWN`] in org chart order), then one saying how many more did.
    pub(super) fn warnings(mut self, path: &Path, people: &[Person]) -> Vec<String> {
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
            rows.warnings(Path::new("dup.csv"), &people),
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
        let warnings = rows.warnings(Path::new("s.csv"), &people);
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
}
