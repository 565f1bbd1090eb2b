//! Bad input never panics (proptest): a valid team file or CSV pair with random edits —
//! text cut out, punctuation and odd characters put in, lines doubled, fields set to ids
//! that point nowhere or to weights that are not numbers — either loads and
//! analyses without a panic, or fails with a message that names the file. Runs the loaders
//! in this process, so a panic fails the test where it happens.

use std::path::Path;

use proptest::prelude::*;
use roving::io::{Options, load_csv_pair, load_ron, team_from_str, write_csv_pair};
use roving::metrics::{Analysis, Metric, Scope, Settings};
use roving::model::Org;

/// One edit to a text, at a position given as a fraction of its length.
#[derive(Debug, Clone)]
enum Edit {
    /// Removes up to `len` characters.
    Cut { at: f64, len: usize },
    /// Puts `text` in.
    Put { at: f64, text: String },
    /// Writes the line holding `at` twice.
    Double { at: f64 },
    /// Sets one comma-separated field of the line holding `at` to `value`: ids that point
    /// nowhere or at oneself, weights that are not numbers, empty cells.
    Field {
        at: f64,
        column: usize,
        value: String,
    },
}

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    let edit = prop_oneof![
        (0.0..1.0, 1..40usize).prop_map(|(at, len)| Edit::Cut { at, len }),
        (
            0.0..1.0,
            // The characters RON and CSV care about, and some they should not.
            r#"[(),:;"\[\]{}a-z0-9 .\-+eE\n\r\t\\#/é★\u{0}\u{feff}]{1,8}"#
        )
            .prop_map(|(at, text)| Edit::Put { at, text }),
        (0.0..1.0).prop_map(|at| Edit::Double { at }),
        (
            0.0..1.0,
            0..8usize,
            prop_oneof![
                Just(String::new()),
                Just("0".to_string()),
                Just("-1".to_string()),
                Just("NaN".to_string()),
                Just("inf".to_string()),
                Just("1e309".to_string()),
                Just("2.5".to_string()),
                Just("\"a,b\"".to_string()),
                "[0-9]{1,2}",
                "[a-z]{1,3}",
            ],
        )
            .prop_map(|(at, column, value)| Edit::Field { at, column, value }),
    ];
    prop::collection::vec(edit, 0..4)
}

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for edit in edits {
        let place = |at: f64, len: usize| ((at * len as f64) as usize).min(len);
        match edit {
            Edit::Cut { at, len } => {
                let from = place(*at, chars.len());
                let to = (from + len).min(chars.len());
                chars.drain(from..to);
            }
            Edit::Put { at, text } => {
                let from = place(*at, chars.len());
                chars.splice(from..from, text.chars());
            }
            Edit::Double { at } => {
                let (start, end) = line_around(&chars, place(*at, chars.len()));
                let line: Vec<char> = chars[start..end].to_vec();
                chars.splice(end..end, line);
            }
            Edit::Field { at, column, value } => {
                let (start, end) = line_around(&chars, place(*at, chars.len()));
                let line: String = chars[start..end].iter().collect();
                let ending = if line.ends_with('\n') { "\n" } else { "" };
                let mut fields: Vec<String> = line
                    .trim_end_matches('\n')
                    .split(',')
                    .map(str::to_string)
                    .collect();
                let column = column % fields.len();
                fields[column].clone_from(value);
                let edited = fields.join(",") + ending;
                chars.splice(start..end, edited.chars());
            }
        }
    }
    chars.into_iter().collect()
}

/// The line (with its line break) that holds character `at`.
fn line_around(chars: &[char], at: usize) -> (usize, usize) {
    let start = chars[..at]
        .iter()
        .rposition(|&c| c == '\n')
        .map_or(0, |i| i + 1);
    let end = chars[at..]
        .iter()
        .position(|&c| c == '\n')
        .map_or(chars.len(), |i| at + i + 1);
    (start, end)
}

/// Everything `rank` computes, in every scope.
fn analyse(org: &Org) {
    let settings = Settings::default();
    for scope in Scope::ALL {
        let analysis = Analysis::compute(org, scope, &settings);
        for metric in [
            Metric::Nayar,
            Metric::InDegree,
            Metric::Pagerank,
            Metric::Betweenness,
        ] {
            assert_eq!(analysis.ranking(org, metric).len(), org.len());
        }
    }
}

fn csv_pair(dir: &Path) -> (String, String) {
    let team = roving::generate::generate(30, 4, "Edits").to_team();
    let org = roving::io::org_from_team(team, Options::default())
        .unwrap()
        .org;
    let (people, advice) = (dir.join("people.csv"), dir.join("advice.csv"));
    write_csv_pair(&org, &people, &advice).unwrap();
    (
        std::fs::read_to_string(people).unwrap(),
        std::fs::read_to_string(advice).unwrap(),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Also loaded from a file, whose text is let go and read again to place an error:
    /// the message must be the one the text itself gives, position for position.
    #[test]
    fn an_edited_team_file_loads_or_names_where_it_fails(edits in edits()) {
        let text = apply(include_str!("../../sample_teams/acme.ron"), &edits);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("team.ron");
        std::fs::write(&path, &text).unwrap();
        let from_file = load_ron(&path, Options::default());
        match team_from_str(&text) {
            Ok(org) => {
                prop_assert!(from_file.is_ok());
                analyse(&org);
            }
            Err(error) => {
                let message = error.to_string();
                prop_assert!(message.starts_with("<string>"), "{message}");
                let file_message = from_file.map(|_| ()).unwrap_err().to_string();
                prop_assert_eq!(
                    file_message,
                    message.replace("<string>", &path.display().to_string())
                );
            }
        }
    }

    #[test]
    fn an_edited_csv_pair_loads_or_names_where_it_fails(
        people_edits in edits(),
        advice_edits in edits(),
        lenient in any::<bool>(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let (people_text, advice_text) = csv_pair(dir.path());
        let people = dir.path().join("people.csv");
        let advice = dir.path().join("advice.csv");
        std::fs::write(&people, apply(&people_text, &people_edits)).unwrap();
        std::fs::write(&advice, apply(&advice_text, &advice_edits)).unwrap();
        let options = Options { lenient, ..Options::default() };
        match load_csv_pair(&people, Some(&advice), &[], options) {
            Ok(loaded) => analyse(&loaded.org),
            Err(error) => {
                let message = error.to_string();
                let dir = dir.path().display().to_string();
                prop_assert!(message.starts_with(&dir), "{message}");
            }
        }
    }
}
