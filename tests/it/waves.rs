//! `diff` between two survey waves and `rank --by-department` on hand-worked teams: shared
//! ranks for tied counts, each wave's own department figures, the response rate when the
//! team does not say who answered, and the department table's formats and flags.

use std::path::{Path, PathBuf};

use assert_cmd::cargo::cargo_bin_cmd;
use predicates::str::contains;

const KEY: &str = "a-test-key-of-32-bytes-0123456789";

/// Ann runs the firm; Bob (Eng) and Di (Sales) report to her, Cy to Bob, Ed to Di. Under the
/// chain scope Ann counts nobody (everyone is in her subtree), Bob and Cy count seekers 4
/// and 5, Di and Ed count seekers 2 and 3.
const PEOPLE: &str = r#"
        Person(id: "1", name: "Ann", department: "Exec"),
        Person(id: "2", name: "Bob", manager: "1", department: "Eng"),
        Person(id: "3", name: "Cy", manager: "2", department: "Eng"),
        Person(id: "4", name: "Di", manager: "1", department: "Sales"),"#;

/// Ed, in wave one only.
const ED: &str = r#"
        Person(id: "5", name: "Ed", manager: "4", department: "Sales"),"#;

/// Writes a team file made of `people` and `ties` (seeker, adviser) into `dir`.
fn team(dir: &Path, name: &str, people: &str, ties: &[(&str, &str)]) -> PathBuf {
    let ties = ties
        .iter()
        .map(|(seeker, advisor)| format!("Tie(seeker: \"{seeker}\", advisor: \"{advisor}\")"))
        .collect::<Vec<_>>()
        .join(", ");
    let path = dir.join(name);
    std::fs::write(
        &path,
        format!("Team(people: [{people}\n    ], advice: [{ties}])\n"),
    )
    .unwrap();
    path
}

/// Wave one: Nayar counts Bob 2 (4, 5), Cy 1 (5; 2 and 1 are above him), Di 1 (3), Ed 2
/// (3, 2), Ann 0.
fn wave_one(dir: &Path) -> PathBuf {
    let ties = [
        ("3", "4"),
        ("5", "3"),
        ("2", "3"),
        ("1", "3"),
        ("4", "2"),
        ("5", "2"),
        ("3", "5"),
        ("2", "5"),
    ];
    team(dir, "one.ron", &format!("{PEOPLE}{ED}"), &ties)
}

fn run_ok(args: &[&str], files: &[&Path]) -> String {
    let output = cargo_bin_cmd!()
        .args(args)
        .args(files)
        .env("ROVING_KEY", KEY)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// (`old_rank`, `new_rank`, change) of each mover in a JSON diff, sorted.
fn moves(json: &serde_json::Value) -> Vec<(u64, u64, i64)> {
    let mut moves: Vec<(u64, u64, i64)> = ["rose", "fell"]
        .iter()
        .flat_map(|key| json[key].as_array().unwrap())
        .map(|m| {
            (
                m["old_rank"].as_u64().unwrap(),
                m["new_rank"].as_u64().unwrap(),
                m["change"].as_i64().unwrap(),
            )
        })
        .collect();
    moves.sort_unstable();
    moves
}

/// One person whose rank did not move is "1 person".
#[test]
fn one_unchanged_rank_is_one_person() {
    let dir = tempfile::tempdir().unwrap();
    let one = wave_one(dir.path());
    // Bob keeps rank 1 (count 2); Ed's seekers are gone.
    let ties = [("3", "4"), ("5", "3"), ("4", "2"), ("5", "2")];
    let three = team(dir.path(), "three.ron", &format!("{PEOPLE}{ED}"), &ties);
    let text = run_ok(&["diff", "--min-group", "1"], &[&one, &three]);
    assert!(text.contains("Unchanged rank: 1 person."), "{text}");
}

#[test]
fn people_tied_on_the_nayar_count_share_a_rank_between_waves() {
    let dir = tempfile::tempdir().unwrap();
    let one = wave_one(dir.path());
    // Wave two: everybody asks Di; she counts 2 and 3, everyone else counts 0.
    let ties = [("3", "4"), ("5", "4"), ("2", "4"), ("1", "4")];
    let two = team(dir.path(), "two.ron", &format!("{PEOPLE}{ED}"), &ties);
    // Rank = 1 + people with a higher count.
    // Wave one: Bob 2, Ed 2 -> 1; Cy 1, Di 1 -> 3; Ann 0 -> 5.
    // Wave two: Di 2 -> 1; Ann, Bob, Cy, Ed 0 -> 2.
    // Ann 5 -> 2 (+3: four people were above her, now one), Di 3 -> 1 (+2), Cy 3 -> 2 (+1),
    // Bob and Ed 1 -> 2 (-1 each). A rank by tie-break made Ed fall 2 -> 5 and Di rise 4 -> 1.
    let text = run_ok(&["diff", "--min-group", "1"], &[&one, &two]);
    for row in [
        "| Ann | 1 | Exec | 5 → 2 | +3 | 0 → 0 |",
        "| Di | 4 | Sales | 3 → 1 | +2 | 1 → 2 |",
        "| Cy | 3 | Eng | 3 → 2 | +1 | 1 → 0 |",
        "| Bob | 2 | Eng | 1 → 2 | -1 | 2 → 0 |",
        "| Ed | 5 | Sales | 1 → 2 | -1 | 2 → 0 |",
    ] {
        assert!(text.contains(row), "no '{row}' in:\n{text}");
    }
    assert!(
        text.contains("people with the same count share a rank"),
        "{text}"
    );
    assert!(text.contains("Unchanged rank: 0 people."), "{text}");
    let json: serde_json::Value = serde_json::from_str(&run_ok(
        &["diff", "--min-group", "1", "--format", "json"],
        &[&one, &two],
    ))
    .unwrap();
    let expected = vec![(1, 2, -1), (1, 2, -1), (3, 1, 2), (3, 2, 1), (5, 2, 3)];
    assert_eq!(moves(&json), expected);
    // Pseudonyms replace the ids, which broke ties before: the moves stay the same.
    let hidden: serde_json::Value = serde_json::from_str(&run_ok(
        &[
            "diff",
            "--min-group",
            "1",
            "--format",
            "json",
            "--pseudonymize",
        ],
        &[&one, &two],
    ))
    .unwrap();
    assert_eq!(moves(&hidden), expected);
}

#[test]
fn a_top_that_cuts_through_equal_moves_says_how_many_more_made_it() {
    let dir = tempfile::tempdir().unwrap();
    let one = wave_one(dir.path());
    let ties = [("3", "4"), ("5", "4"), ("2", "4"), ("1", "4")];
    let two = team(dir.path(), "two.ron", &format!("{PEOPLE}{ED}"), &ties);
    // Bob and Ed both fell 1 -> 2 (see above); Ann, Di and Cy rose by different moves.
    let text = run_ok(&["diff", "--min-group", "1", "--top", "1"], &[&one, &two]);
    assert!(text.contains("## Rose (3)"), "{text}");
    assert!(text.contains("## Fell (2)"), "{text}");
    assert!(text.contains("The 1 who moved most:"), "{text}");
    assert!(
        text.contains("1 more made the same move (1 → 2) and are not shown (`--top 1`)."),
        "{text}"
    );
    // Ann's +3 is alone: no note under Rose.
    assert_eq!(text.matches("more made the same move").count(), 1, "{text}");
    let json: serde_json::Value = serde_json::from_str(&run_ok(
        &["diff", "--min-group", "1", "--top", "1", "--format", "json"],
        &[&one, &two],
    ))
    .unwrap();
    assert_eq!(json["fell"].as_array().unwrap().len(), 1);
    assert_eq!(
        (
            &json["fell_total"],
            &json["fell_tied_beyond_top"],
            &json["rose_total"],
            &json["rose_tied_beyond_top"]
        ),
        (
            &serde_json::json!(2),
            &serde_json::json!(1),
            &serde_json::json!(3),
            &serde_json::json!(0)
        )
    );
    let text = run_ok(&["diff", "--min-group", "1", "--top", "0"], &[&one, &two]);
    assert!(
        text.contains("## Fell (2)\n\nnot shown (`--top 0`)"),
        "{text}"
    );
    // With room for everybody, nothing is said about a cut.
    let text = run_ok(&["diff", "--min-group", "1"], &[&one, &two]);
    assert!(!text.contains("moved most"), "{text}");
    assert!(!text.contains("more made the same move"), "{text}");
}

#[test]
fn department_figures_cover_each_waves_own_people() {
    let dir = tempfile::tempdir().unwrap();
    let one = wave_one(dir.path());
    // Wave two: Ed left; Fay joined Sales under Ann, Gus opened Legal. Cy asks Di and Fay
    // asks Cy: Di counts 1 (3), Cy counts 1 (6), everyone else 0.
    let people = format!(
        r#"{PEOPLE}
        Person(id: "6", name: "Fay", manager: "1", department: "Sales"),
        Person(id: "7", name: "Gus", manager: "1", department: "Legal"),"#
    );
    let two = team(dir.path(), "two.ron", &people, &[("3", "4"), ("6", "3")]);
    // Before: Eng Bob 2 + Cy 1 = 1.50 over 2; Sales Di 1 + Ed 2 = 1.50 over 2; Exec 0 over 1.
    // After: Eng Bob 0 + Cy 1 = 0.50; Sales Di 1 + Fay 0 = 0.50; Exec 0; Legal 0 over 1.
    let text = run_ok(&["diff", "--min-group", "1"], &[&one, &two]);
    for row in [
        "| Eng | 2 | 2 | 1.50 | 0.50 |",
        "| Sales | 2 | 2 | 1.50 | 0.50 |",
        "| Exec | 1 | 1 | 0.00 | 0.00 |",
        "| Legal | 0 | 1 | - | 0.00 |",
    ] {
        assert!(text.contains(row), "no '{row}' in:\n{text}");
    }
    let json: serde_json::Value = serde_json::from_str(&run_ok(
        &["diff", "--min-group", "1", "--format", "json"],
        &[&one, &two],
    ))
    .unwrap();
    let legal = &json["departments"]["shown"][3];
    assert_eq!(legal["department"], "Legal");
    assert_eq!(
        (legal["old_people"].as_u64(), legal["new_people"].as_u64()),
        (Some(0), Some(1))
    );
    assert!(legal["old_mean"].is_null());
    // With groups of 2 at least, Exec (1 and 1) and Legal (none, then 1) are hidden.
    let text = run_ok(&["diff", "--min-group", "2"], &[&one, &two]);
    assert!(text.contains("| Sales | 2 | 2 | 1.50 | 0.50 |"), "{text}");
    assert!(
        !text.contains("\n| Exec |") && !text.contains("\n| Legal |"),
        "{text}"
    );
    assert!(
        text.contains(
            "2 departments with fewer than 2 people in a wave are hidden to protect anonymity \
             (--min-group): 1 person in the earlier wave, 2 people in the later"
        ),
        "{text}"
    );
}

#[test]
fn response_rate_is_unknown_when_the_team_does_not_say_who_answered() {
    let dir = tempfile::tempdir().unwrap();
    let one = wave_one(dir.path());
    let csv = run_ok(
        &[
            "rank",
            "--by-department",
            "--min-group",
            "1",
            "--format",
            "csv",
        ],
        &[&one],
    );
    assert!(csv.contains("\nEng,2,,3,1.5,0\n"), "{csv}");
    let table = run_ok(
        &[
            "rank",
            "--by-department",
            "--min-group",
            "1",
            "--format",
            "table",
        ],
        &[&one],
    );
    assert!(!table.contains('%'), "{table}");
    let diff = run_ok(
        &["diff", "--min-group", "1", "--format", "json"],
        &[&one, &one],
    );
    let json: serde_json::Value = serde_json::from_str(&diff).unwrap();
    assert!(json["response_rates"][0].is_null());
    // Once someone is marked as not having answered, both commands give rates: Ed did not,
    // so 4 of 5 answered, and 1 of 2 in Sales.
    let marked = team(
        dir.path(),
        "marked.ron",
        &format!(
            r#"{PEOPLE}
        Person(id: "5", name: "Ed", manager: "4", department: "Sales", respondent: false),"#
        ),
        &[("3", "4")],
    );
    let csv = run_ok(
        &[
            "rank",
            "--by-department",
            "--min-group",
            "1",
            "--format",
            "csv",
        ],
        &[&marked],
    );
    assert!(csv.contains("\nSales,2,0.5,1,0.5,0\n"), "{csv}");
    assert!(csv.contains("\nEng,2,1,0,0,0\n"), "{csv}");
    let diff = run_ok(&["diff", "--format", "json"], &[&marked, &marked]);
    let json: serde_json::Value = serde_json::from_str(&diff).unwrap();
    assert!((json["response_rates"][1].as_f64().unwrap() - 0.8).abs() < 1e-12);
}

#[test]
fn department_table_follows_the_rank_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let one = wave_one(dir.path());
    // In a pipe without --format: CSV, as for the people list. Departments come largest
    // first, then by name: Eng 2, Sales 2, Exec 1; --top 2 keeps the first two.
    let csv = run_ok(&["rank", "--by-department", "--min-group", "1"], &[&one]);
    assert_eq!(
        csv,
        "department,people,response_rate,nayar_total,nayar_mean,roving_leaders\n\
         Eng,2,,3,1.5,0\nSales,2,,3,1.5,0\nExec,1,,0,0,0\n"
    );
    let top = run_ok(
        &["rank", "--by-department", "--min-group", "1", "--top", "2"],
        &[&one],
    );
    assert_eq!(top.lines().count(), 3, "{top}");
    assert!(!top.contains("Exec"), "{top}");
    // JSON has the CSV's columns (compared as sets: JSON objects are unordered).
    let json = run_ok(
        &[
            "rank",
            "--by-department",
            "--min-group",
            "1",
            "--format",
            "json",
        ],
        &[&one],
    );
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let keys: Vec<&str> = json[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut columns: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let mut sorted_keys = keys.clone();
    sorted_keys.sort_unstable();
    columns.sort_unstable();
    assert_eq!(sorted_keys, columns);
    // --role picks people, which a department table cannot do: refused, with what to do.
    cargo_bin_cmd!()
        .args(["rank", "--by-department", "--role", "roving-leader"])
        .arg(&one)
        .assert()
        .code(2)
        .stderr(contains("Drop --role, or drop --by-department"));
}

#[test]
fn a_negative_top_is_refused_with_a_reason() {
    cargo_bin_cmd!()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "diff",
            "sample_teams/acme.ron",
            "sample_teams/acme.ron",
            "--top",
            "-1",
        ])
        .assert()
        .code(2)
        .stderr(contains("'-1' is not a whole number"));
}
