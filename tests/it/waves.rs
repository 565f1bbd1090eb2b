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
             (--min-group): 1 department (1 person in all) in the earlier wave, 2 departments \
             (2 people in all) in the later"
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

/// Like [`run_ok`], with stderr too.
fn run_both(args: &[&str], files: &[&Path]) -> (String, String) {
    let output = cargo_bin_cmd!()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .args(files)
        .env("ROVING_KEY", KEY)
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(output.status.success(), "{args:?}: {stderr}");
    (String::from_utf8(output.stdout).unwrap(), stderr)
}

/// A wave whose names, ids and departments hold terminal escapes, line breaks, a
/// bidirectional override and Markdown markup. Evil counts 2 (Rev and the odd id ask her)
/// and nobody reports to her: a roving leader with --min-nayar 1.
fn odd_wave(dir: &Path) -> PathBuf {
    let path = dir.join("odd.ron");
    std::fs::write(
        &path,
        r#"Team(people: [
  Person(id: "1", name: "Boss", department: "D\nX"),
  Person(id: "2", name: "Evil\u{1b}[31mRED\u{1b}[0m\nFake line", manager: "1", department: "D\nX"),
  Person(id: "3", name: "Rev\u{202e}olleh", department: "R&D <core>"),
  Person(id: "4\n5", name: "New <b>Person</b>"),
  Person(id: "6", name: "Cy *Park*", manager: "1", department: "D\nX"),
], advice: [Tie(seeker: "3", advisor: "2"), Tie(seeker: "4\n5", advisor: "2"),
  Tie(seeker: "2", advisor: "3")])"#,
    )
    .unwrap();
    path
}

#[test]
fn every_name_in_the_report_is_cleaned_and_escaped_like_the_tables() {
    let dir = tempfile::tempdir().unwrap();
    let odd = odd_wave(dir.path());
    let empty = Path::new("tests/fixtures/valid/empty.ron");
    let args = ["diff", "--min-group", "0", "--min-nayar", "1"];
    // Everybody joins (and Evil is a new leader), then everybody leaves (a lost leader).
    let (joined, _) = run_both(&args, &[empty, &odd]);
    let (left, _) = run_both(&args, &[&odd, empty]);
    for text in [&joined, &left] {
        assert!(!text.contains(['\u{1b}', '\u{202e}']), "{text:?}");
        assert!(
            !text.contains("<b>") && !text.contains("Cy *Park*"),
            "{text}"
        );
        assert!(
            !text
                .lines()
                .any(|l| l.starts_with("Fake line") || l.starts_with("5)")),
            "{text}"
        );
    }
    for line in [
        "- Evil [31mRED [0m Fake line (2): Nayar count 2; joined",
        "- Evil [31mRED [0m Fake line (2), Nayar count 2",
        "- Rev olleh (3), Nayar count 1",
        "- New \\<b\\>Person\\</b\\> (4 5), Nayar count 0",
        "- Cy \\*Park\\* (6), Nayar count 0",
        "| D X | 0 | 3 | - | 0.67 |",
        "| R\\&D \\<core\\> | 0 | 1 | - | 1.00 |",
    ] {
        let line = line.replace('[', "\\[");
        assert!(joined.contains(&line), "no '{line}' in:\n{joined}");
    }
    let line = "- Evil \\[31mRED \\[0m Fake line (2): Nayar count was 2; left the team";
    assert!(left.contains(line), "no '{line}' in:\n{left}");
}

/// Wave one (with `--min-nayar 2 --top-share 1`: a roving leader reports to nobody and
/// counts 2 seekers or more): Cy counts 3 (Di, Ed, Fay), Ed 2 (Cy, Gus), Gus 2 (Cy, Ed),
/// Fay 1 (Cy); Ed comes last in the file. Wave two: Ed left; Cy, now "Cy Park", counts 1
/// (Di); Fay reports to Gus, who counts 2 (Cy, Di); Fay counts 3 (Cy, Di, Hal); Hal joined
/// and counts 2 (Cy, Di).
fn leader_waves(dir: &Path) -> (PathBuf, PathBuf) {
    let people = |cy: &str, fay_manager: &str, ed_or_hal: &str| {
        format!(
            r#"
        Person(id: "1", name: "Ann"),
        Person(id: "2", name: "Bob", manager: "1"),
        Person(id: "3", name: "{cy}", manager: "2"),
        Person(id: "4", name: "Di", manager: "1"),
        Person(id: "6", name: "Fay", manager: "{fay_manager}"),
        Person(id: "7", name: "Gus", manager: "1"),{ed_or_hal}"#
        )
    };
    let ed = r#"
        Person(id: "5", name: "Ed", manager: "4"),"#;
    let hal = r#"
        Person(id: "8", name: "Hal", manager: "1"),"#;
    let one = team(
        dir,
        "one.ron",
        &people("Cy", "1", ed),
        &[
            ("4", "3"),
            ("5", "3"),
            ("6", "3"),
            ("3", "5"),
            ("7", "5"),
            ("3", "7"),
            ("5", "7"),
            ("3", "6"),
        ],
    );
    let two = team(
        dir,
        "two.ron",
        &people("Cy Park", "7", hal),
        &[
            ("4", "3"),
            ("3", "7"),
            ("4", "7"),
            ("3", "6"),
            ("4", "6"),
            ("8", "6"),
            ("3", "8"),
            ("4", "8"),
        ],
    );
    (one, two)
}

#[test]
fn new_and_lost_leaders_say_what_their_count_was_and_is_and_why() {
    let dir = tempfile::tempdir().unwrap();
    let (one, two) = leader_waves(dir.path());
    let args = [
        "diff",
        "--min-group",
        "1",
        "--min-nayar",
        "2",
        "--top-share",
        "1",
    ];
    let (text, _) = run_both(&args, &[&one, &two]);
    let section = |title: &str| {
        let start = text.find(&format!("## {title}")).unwrap();
        let end = text[start + 3..]
            .find("\n## ")
            .map_or(text.len(), |e| start + 3 + e);
        text[start..end].to_string()
    };
    assert_eq!(
        section("Lost roving leaders"),
        "## Lost roving leaders (3)\n\n\
         - Cy Park (3): Nayar count was 3, now 1; now under the minimum of 2 (--min-nayar)\n\
         - Gus (7): Nayar count was 2, now 2; now a manager-leader (1 direct report)\n\
         - Ed (5): Nayar count was 2; left the team\n\n\
         Rank is by Nayar count, among the people of each wave; people with the same count \
         share a rank (1, 2, 2, 4).\n"
    );
    assert_eq!(
        section("New roving leaders"),
        "## New roving leaders (2)\n\n\
         - Fay (6): Nayar count was 1, now 3; was under the minimum of 2 (--min-nayar)\n\
         - Hal (8): Nayar count 2; joined\n"
    );
    // One name per person in a report: the later wave's.
    assert!(text.contains("| Cy Park | 3 |"), "{text}");
    assert!(!text.contains("Cy (3)"), "{text}");
    let json: serde_json::Value = serde_json::from_str(&run_ok(
        &[&args[..], &["--format", "json"]].concat(),
        &[&one, &two],
    ))
    .unwrap();
    let lost = &json["lost_leaders"];
    assert_eq!(lost[0]["name"], "Cy Park");
    assert_eq!(
        (&lost[0]["old_nayar"], &lost[0]["new_nayar"]),
        (&3.into(), &1.into())
    );
    assert_eq!(
        lost[0]["standing"],
        serde_json::json!({"kind": "under_minimum", "min_nayar": 2})
    );
    assert!(lost[2]["new_nayar"].is_null());
    assert_eq!(lost[2]["standing"]["kind"], "absent");
    assert_eq!(
        lost[1]["standing"],
        serde_json::json!({"kind": "manager", "reports": 1, "manager_leader": true})
    );
    // A count outside the top share, with a share the rule states with decimals.
    let (text, _) = run_both(
        &[
            "diff",
            "--min-group",
            "1",
            "--min-nayar",
            "1",
            "--top-share",
            "0.125",
        ],
        &[&one, &two],
    );
    assert!(
        text.contains("- Cy Park (3): Nayar count was 3, now 1; no longer in the team's top 12.5%"),
        "{text}"
    );
    assert!(
        text.contains("- Fay (6): Nayar count was 1, now 3; was not in the team's top 12.5%"),
        "{text}"
    );
}

#[test]
fn ids_matched_under_other_names_are_warned_about_once() {
    let waves = [
        Path::new("sample_teams/acme.ron"),
        Path::new("sample_teams/northwind.ron"),
    ];
    let warning = "40 of 40 people matched by id have a different name in the later wave \
                   (first: id 1: 'Kwame Larsen' then 'Ben Stein'); check that both waves use \
                   the same ids";
    let (text, stderr) = run_both(&["diff", "--top", "1"], &waves);
    assert_eq!(
        stderr.matches("have a different name").count(),
        1,
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("warning: {warning}\n")),
        "{stderr}"
    );
    assert!(text.contains(&format!("\nWarning: {warning}.\n")), "{text}");
    let json: serde_json::Value =
        serde_json::from_str(&run_ok(&["diff", "--format", "json"], &waves)).unwrap();
    assert_eq!(
        json["renamed"],
        serde_json::json!({"people": 40, "matched": 40,
            "first": {"id": "1", "old_name": "Kwame Larsen", "new_name": "Ben Stein"}})
    );
    // Pseudonymized, the warning still counts them but names nobody.
    let (text, stderr) = run_both(&["diff", "--top", "1", "--pseudonymize"], &waves);
    for out in [&text, &stderr] {
        assert!(
            out.contains("40 of 40 people matched by id have a"),
            "{out}"
        );
        assert!(
            !out.contains("Kwame") && !out.contains("Ben Stein"),
            "{out}"
        );
    }
    // The same team twice: nothing to say.
    let (text, stderr) = run_both(&["diff"], &[waves[0], waves[0]]);
    assert!(
        !text.contains("different name") && !stderr.contains("different name"),
        "{stderr}"
    );
}

#[test]
fn top_limits_every_list_of_the_report_and_json_keeps_them_whole() {
    let waves = [
        Path::new("sample_teams/acme.ron"),
        Path::new("sample_teams/northwind.ron"),
    ];
    let (text, _) = run_both(&["diff", "--top", "3"], &waves);
    // New leaders 3 of 36, lost 3 of 4, joined 3 of 360; nobody left.
    assert_eq!(text.matches("\n- ").count(), 9, "{text}");
    for cut in [
        "## New roving leaders (36)",
        "… and 33 more (`--top 3`).",
        "## Lost roving leaders (4)",
        "… and 1 more (`--top 3`).",
        "## Joined (360)\n\n- Nadia Park (160), Nayar count 24\n",
        "… and 357 more (`--top 3`).",
    ] {
        assert!(text.contains(cut), "no '{cut}' in:\n{text}");
    }
    let (text, _) = run_both(&["diff", "--top", "0"], &waves);
    assert!(
        text.contains("## Joined (360)\n\nnot shown (`--top 0`)"),
        "{text}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&run_ok(&["diff", "--top", "3", "--format", "json"], &waves)).unwrap();
    let len = |key: &str| json[key].as_array().unwrap().len();
    assert_eq!(
        [
            len("new_leaders"),
            len("lost_leaders"),
            len("joined"),
            len("rose")
        ],
        [36, 4, 360, 3]
    );
}

#[test]
fn diff_writes_its_report_atomically_with_o_in_the_format_its_name_says() {
    let dir = tempfile::tempdir().unwrap();
    let one = wave_one(dir.path());
    let report = dir.path().join("report.md");
    let json = dir.path().join("report.json");
    let (stdout, stderr) = run_both(&["diff", "-o"], &[&report, &one, &one]);
    assert!(
        stdout.is_empty() && stderr.contains("wrote the comparison"),
        "{stderr}"
    );
    let text = std::fs::read_to_string(&report).unwrap();
    assert!(text.starts_with("# Nayar rank between waves"), "{text}");
    run_both(&["diff", "-o"], &[&json, &one, &one]);
    let parsed: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(parsed["unchanged"], 5);
    // `markdown` names the text format, and `text` still does.
    for format in ["markdown", "text"] {
        assert_eq!(run_ok(&["diff", "--format", format], &[&one, &one]), text);
    }
    // A failing run leaves the old report as it was.
    let missing = dir.path().join("missing.ron");
    cargo_bin_cmd!()
        .args(["diff", "-o"])
        .args([&report, &one, &missing])
        .assert()
        .code(2);
    assert_eq!(std::fs::read_to_string(&report).unwrap(), text);
    // A name that says another format is refused before anything is read.
    cargo_bin_cmd!()
        .args(["diff", "--format", "markdown", "-o"])
        .args([&json, &one, &one])
        .assert()
        .code(2)
        .stderr(contains("does not match the file name"));
    cargo_bin_cmd!()
        .args(["diff", "-o"])
        .args([&dir.path().join("report.csv"), &one, &one])
        .assert()
        .code(2)
        .stderr(contains("diff writes a Markdown or JSON report, not .csv"));
}

#[test]
fn empty_sections_say_none_and_why() {
    let dir = tempfile::tempdir().unwrap();
    let one = wave_one(dir.path());
    let text = run_ok(&["diff", "--min-group", "100"], &[&one, &one]);
    assert!(
        text.ends_with(
            "## Mean Nayar count by department\n\nnone shown: 3 departments with fewer than \
             100 people in a wave are hidden to protect anonymity (--min-group): 3 departments \
             (5 people in all) in the earlier wave, 3 departments (5 people in all) in the \
             later.\n"
        ),
        "{text}"
    );
    let empty = Path::new("tests/fixtures/valid/empty.ron");
    let (text, _) = run_both(&["diff"], &[empty, empty]);
    assert!(
        text.ends_with("## Mean Nayar count by department\n\nnone: neither wave has anybody.\n"),
        "{text}"
    );
}

#[test]
fn a_pseudonym_shows_once_in_the_lists() {
    let dir = tempfile::tempdir().unwrap();
    let (one, two) = leader_waves(dir.path());
    let text = run_ok(
        &[
            "diff",
            "--pseudonymize",
            "--min-group",
            "1",
            "--min-nayar",
            "2",
            "--top-share",
            "1",
        ],
        &[&one, &two],
    );
    let bullets: Vec<&str> = text.lines().filter(|l| l.starts_with("- P-")).collect();
    // 3 lost and 2 new leaders, Hal joined, Ed left.
    assert_eq!(bullets.len(), 7, "{text}");
    for line in bullets {
        assert!(!line.contains("(P-"), "{line}");
    }
}

#[test]
fn the_low_response_warning_names_the_wave() {
    let dir = tempfile::tempdir().unwrap();
    let one = wave_one(dir.path());
    // Ed and Di did not answer: 3 of 5.
    let low = team(
        dir.path(),
        "low.ron",
        &format!(
            r#"
        Person(id: "1", name: "Ann", department: "Exec"),
        Person(id: "2", name: "Bob", manager: "1", department: "Eng"),
        Person(id: "3", name: "Cy", manager: "2", department: "Eng"),
        Person(id: "4", name: "Di", manager: "1", department: "Sales", respondent: false),{}"#,
            ED.replace(')', ", respondent: false)")
        ),
        &[("3", "4")],
    );
    for (files, which) in [
        ([&low, &one], "the earlier wave has"),
        ([&one, &low], "the later wave has"),
        ([&low, &low], "both waves have"),
    ] {
        let text = run_ok(&["diff"], &files.map(PathBuf::as_path));
        let warning = format!(
            "\nWarning: {which} under 70% responses, which makes rank changes unreliable.\n"
        );
        assert!(text.contains(&warning), "no '{warning}' in:\n{text}");
    }
    assert!(!run_ok(&["diff"], &[&one, &one]).contains("Warning"));
}
