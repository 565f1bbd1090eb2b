//! CSV cells that a spreadsheet would run as formulas: written as they are with a warning,
//! or with a `'` in front under `--spreadsheet-safe`, in every CSV roving writes.

use assert_cmd::cargo::cargo_bin_cmd;
use predicates::prelude::*;
use predicates::str::contains;

const FORMULAS: &str = "tests/fixtures/spreadsheet/formulas.ron";

/// The cells of a CSV file, header row left out.
fn records(text: &[u8]) -> Vec<Vec<String>> {
    csv::Reader::from_reader(text)
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// (id, name, title, department, manager) of each row of a `rank` CSV.
fn people(text: &[u8]) -> Vec<[String; 5]> {
    records(text)
        .into_iter()
        .map(|r| [1, 2, 3, 4, 5].map(|i| r[i].clone()))
        .collect()
}

fn row(cells: [&str; 5]) -> [String; 5] {
    cells.map(str::to_string)
}

#[test]
fn rank_csv_keeps_formula_cells_and_warns() {
    let output = cargo_bin_cmd!()
        .args(["rank", FORMULAS, "--format", "csv"])
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(
        people(&output.stdout),
        [
            row(["-7", "Cy", "+1 555 0100", "Sales", "1"]),
            row(["2", "Bo", "-", "@Ops", "1"]),
            row(["@4", "Di", "", "@Ops", "2"]),
            row([
                "1",
                "=HYPERLINK(\"http://example.invalid\",\"open\")",
                "",
                "Sales",
                ""
            ]),
        ]
    );
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains(
            "warning: wrote 5 cells that a spreadsheet would run as formulas (the first, in \
             row 1: +1 555 0100)"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("--spreadsheet-safe puts a ' in front"),
        "{stderr}"
    );
}

#[test]
fn rank_csv_spreadsheet_safe_quotes_formula_cells_only() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("leaders.csv");
    cargo_bin_cmd!()
        .args(["rank", FORMULAS, "--spreadsheet-safe", "-o"])
        .arg(&path)
        .assert()
        .success()
        .stderr(contains(format!(
            "note: {}: 5 cells that a spreadsheet would run as formulas",
            path.display()
        )))
        .stderr(contains("went out with a ' in front"));
    let text = std::fs::read(&path).unwrap();
    assert_eq!(
        people(&text),
        [
            row(["-7", "Cy", "'+1 555 0100", "Sales", "1"]),
            row(["2", "Bo", "-", "'@Ops", "1"]),
            row(["'@4", "Di", "", "'@Ops", "2"]),
            row([
                "1",
                "'=HYPERLINK(\"http://example.invalid\",\"open\")",
                "",
                "Sales",
                ""
            ]),
        ]
    );
    // The numbers are untouched.
    assert_eq!(records(&text)[0][7], "2");
}

#[test]
fn plain_teams_get_no_warning() {
    cargo_bin_cmd!()
        .args(["rank", "sample_teams/acme.ron", "--format", "csv"])
        .assert()
        .success()
        .stderr(contains("spreadsheet").not());
}

#[test]
fn departments_csv_is_guarded_too() {
    let output = cargo_bin_cmd!()
        .args([
            "rank",
            FORMULAS,
            "--by-department",
            "--min-group",
            "1",
            "--format",
            "csv",
            "--spreadsheet-safe",
        ])
        .output()
        .unwrap();
    assert!(output.status.success());
    let departments: Vec<String> = records(&output.stdout)
        .into_iter()
        .map(|r| r[0].clone())
        .collect();
    assert_eq!(departments, ["'@Ops", "Sales"]);
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("note: 1 cell that a spreadsheet would run as a formula (row 1: @Ops)"),
        "{stderr}"
    );
}

#[test]
fn export_csv_guards_both_tables() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("graph.csv");
    cargo_bin_cmd!()
        .args(["export", FORMULAS, "--spreadsheet-safe", "-o"])
        .arg(&path)
        .assert()
        .success()
        .stderr(contains("graph.nodes.csv: 5 cells"))
        .stderr(contains("graph.edges.csv: 2 cells"));
    let nodes = std::fs::read(dir.path().join("graph.nodes.csv")).unwrap();
    let ids: Vec<String> = records(&nodes).into_iter().map(|r| r[0].clone()).collect();
    assert_eq!(ids, ["1", "2", "-7", "'@4"]);
    let edges = std::fs::read(dir.path().join("graph.edges.csv")).unwrap();
    let ties = |text: &[u8]| -> std::collections::BTreeSet<(String, String)> {
        records(text)
            .into_iter()
            .map(|r| (r[0].clone(), r[1].clone()))
            .collect()
    };
    let want = [
        ("2", "-7"),
        ("1", "-7"),
        ("-7", "2"),
        ("'@4", "-7"),
        ("-7", "'@4"),
    ]
    .map(|(s, a)| (s.to_string(), a.to_string()));
    assert_eq!(ties(&edges), want.into());
    // Without the flag the tables hold the ids as they are, with a warning for each table.
    cargo_bin_cmd!()
        .args(["export", FORMULAS, "-o"])
        .arg(&path)
        .assert()
        .success()
        .stderr(contains("warning: ").and(contains("graph.edges.csv: wrote 2 cells")));
    let edges = std::fs::read(dir.path().join("graph.edges.csv")).unwrap();
    assert!(ties(&edges).contains(&("@4".to_string(), "-7".to_string())));
}

/// The flag changes CSV cells only; anywhere else it is a mistake, said before loading.
#[test]
fn spreadsheet_safe_is_refused_for_other_formats() {
    for args in [
        ["rank", "no/such.ron", "--format", "json"],
        ["rank", "no/such.ron", "--format", "markdown"],
        ["rank", "no/such.ron", "--format", "table"],
        ["export", "no/such.ron", "--format", "gexf"],
        ["export", "no/such.ron", "--format", "graphml"],
    ] {
        cargo_bin_cmd!()
            .args(args)
            .arg("--spreadsheet-safe")
            .assert()
            .code(2)
            .stderr(contains(format!(
                "--spreadsheet-safe changes CSV cells only, and this writes {}",
                args[3]
            )))
            .stderr(contains("no/such").not());
    }
}
