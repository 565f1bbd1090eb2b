//! `--pseudonymize` on rank, export and diff: no real name, e-mail or id survives.

use std::path::{Path, PathBuf};

use assert_cmd::cargo::cargo_bin_cmd;
use predicates::prelude::*;
use predicates::str::contains;
use roving::privacy::Pseudonymizer;

const KEY: &str = "a-test-key-of-32-bytes-0123456789";

/// Imports the fixture org chart with one survey wave into `dir`.
fn wave(dir: &Path, survey: &str, name: &str) -> PathBuf {
    let out = dir.join(name);
    cargo_bin_cmd!()
        .args([
            "import",
            "--org",
            "tests/fixtures/import/org.csv",
            "--survey",
        ])
        .arg(format!("tests/fixtures/import/{survey}"))
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    out
}

/// Every name part, e-mail, id and free-form value of the fixture org chart.
fn secrets() -> Vec<String> {
    let mut reader = csv::Reader::from_path("tests/fixtures/import/org.csv").unwrap();
    let headers = reader.headers().unwrap().clone();
    let mut secrets = Vec::new();
    for record in reader.records() {
        let record = record.unwrap();
        for (header, value) in headers.iter().zip(record.iter()) {
            let header = header.trim_start_matches('\u{feff}');
            if !["Department", "Job Title"].contains(&header) && !value.is_empty() {
                secrets.push(value.to_string());
            }
        }
        secrets.push(format!("{} {}", &record[1], &record[2]));
    }
    secrets
}

fn stdout_of(args: &[&str], files: &[&Path]) -> String {
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
    String::from_utf8(output.stdout).unwrap() + &String::from_utf8(output.stderr).unwrap()
}

#[test]
fn no_real_name_survives_pseudonymize() {
    let dir = tempfile::tempdir().unwrap();
    let one = wave(dir.path(), "google_forms.csv", "one.ron");
    let two = wave(dir.path(), "ms_forms.csv", "two.ron");
    let mut outputs = Vec::new();
    for format in ["csv", "json", "markdown", "table"] {
        outputs.push(stdout_of(
            &["rank", "--pseudonymize", "--format", format],
            &[&one],
        ));
    }
    outputs.push(stdout_of(
        &[
            "rank",
            "--pseudonymize",
            "--by-department",
            "--min-group",
            "1",
        ],
        &[&one],
    ));
    for format in ["gexf", "graphml", "dot", "json"] {
        outputs.push(stdout_of(
            &["export", "--pseudonymize", "--format", format],
            &[&one],
        ));
    }
    let csv = dir.path().join("graph.csv");
    stdout_of(&["export", "--pseudonymize", "-o"], &[&csv, &one]);
    outputs.push(std::fs::read_to_string(dir.path().join("graph.nodes.csv")).unwrap());
    outputs.push(std::fs::read_to_string(dir.path().join("graph.edges.csv")).unwrap());
    for format in ["text", "json"] {
        outputs.push(stdout_of(
            &[
                "diff",
                "--pseudonymize",
                "--min-group",
                "1",
                "--format",
                format,
            ],
            &[&one, &two],
        ));
    }
    let secrets = secrets();
    assert!(secrets.contains(&"maria.gomez@acme.example".to_string()));
    assert!(secrets.contains(&"María Gómez".to_string()));
    for output in &outputs {
        for secret in &secrets {
            assert!(
                !output.contains(secret.as_str()),
                "'{secret}' survived in:\n{output}"
            );
        }
    }
    // Same key, same pseudonym, in every output and wave.
    let bo = Pseudonymizer::new(KEY.as_bytes()).unwrap().pseudonym("E03");
    // (Output 4 is the department table, which names nobody.)
    for (i, output) in outputs.iter().enumerate() {
        assert!(
            i == 4 || output.contains(&bo),
            "{bo} missing from output {i}"
        );
    }
    // Titles and departments are kept.
    assert!(outputs[0].contains("Software Engineer") && outputs[0].contains("Engineering"));
}

#[test]
fn pseudonymize_without_a_key_fails_clearly() {
    cargo_bin_cmd!()
        .args(["rank", "sample_teams/acme.ron", "--pseudonymize"])
        .env_remove("ROVING_KEY")
        .assert()
        .code(2)
        .stderr(contains(
            "--pseudonymize needs a secret key: pass --key-file FILE or set ROVING_KEY",
        ));
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("key");
    std::fs::write(&key, "short\n").unwrap();
    cargo_bin_cmd!()
        .args([
            "export",
            "sample_teams/acme.ron",
            "--format",
            "json",
            "--pseudonymize",
        ])
        .arg("--key-file")
        .arg(&key)
        .assert()
        .code(2)
        .stderr(contains("is 5 bytes long; use at least 16 random bytes"));
    std::fs::write(&key, format!("{KEY}\n")).unwrap();
    let with_file = cargo_bin_cmd!()
        .args([
            "rank",
            "sample_teams/acme.ron",
            "--pseudonymize",
            "--format",
            "csv",
        ])
        .arg("--key-file")
        .arg(&key)
        .env_remove("ROVING_KEY")
        .output()
        .unwrap();
    let with_env = stdout_of(
        &["rank", "--pseudonymize", "--format", "csv"],
        &[Path::new("sample_teams/acme.ron")],
    );
    assert!(with_env.starts_with(&String::from_utf8(with_file.stdout).unwrap()));
}

#[test]
fn small_groups_are_hidden() {
    cargo_bin_cmd!()
        .args([
            "rank",
            "sample_teams/acme.ron",
            "--by-department",
            "--format",
            "csv",
        ])
        .assert()
        .success()
        .stdout(contains("Marketing,13,,"))
        .stdout(contains("Executive").not())
        .stderr(contains(
            "3 groups with fewer than 5 people (3 people in all) are hidden",
        ));
    cargo_bin_cmd!()
        .args([
            "rank",
            "sample_teams/acme.ron",
            "--by-department",
            "--min-group",
            "1",
        ])
        .assert()
        .success()
        .stdout(contains("Executive"));
    // The output file's extension chooses the format, as it does for the people list.
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("departments.json");
    cargo_bin_cmd!()
        .args(["rank", "sample_teams/acme.ron", "--by-department", "-o"])
        .arg(&json)
        .assert()
        .success();
    let figures: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert!(figures.to_string().contains("Marketing"), "{figures}");
}

#[test]
fn diff_names_new_and_lost_leaders() {
    let dir = tempfile::tempdir().unwrap();
    let one = wave(dir.path(), "google_forms.csv", "one.ron");
    let two = wave(dir.path(), "ms_forms.csv", "two.ron");
    let json: serde_json::Value = serde_json::from_str(
        &stdout_of(
            &["diff", "--format", "json", "--min-group", "1"],
            &[&one, &two],
        )
        .lines()
        .take_while(|l| !l.starts_with("warning"))
        .collect::<Vec<_>>()
        .join("\n"),
    )
    .unwrap();
    let leaders = |key: &str| -> Vec<String> {
        json[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["id"].as_str().unwrap().to_string())
            .collect()
    };
    // Wave one: Bo (E03) is sought by 6 people outside his chain; wave two: by fewer.
    assert_eq!(leaders("lost_leaders"), ["E03"]);
    assert!(leaders("new_leaders").is_empty());
    assert!((json["response_rates"][0].as_f64().unwrap() - 0.7).abs() < 1e-12);
    let fell: Vec<&str> = json["fell"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert!(fell.contains(&"E03"));
}

/// Under this key ids 1585040 and 1887973 have the same short pseudonym. The first wave has
/// both, the second only 1585040. Before, the collision lengthened every pseudonym of the
/// first wave, so nobody lined up: everyone had left and joined again.
#[test]
fn diff_lines_people_up_when_pseudonyms_collide_in_one_wave() {
    let dir = tempfile::tempdir().unwrap();
    let one = dir.path().join("one.ron");
    let two = dir.path().join("two.ron");
    std::fs::write(
        &one,
        r#"Team(people: [Person(id: "1585040", name: "Alice"),
            Person(id: "1887973", name: "Bob", manager: "1585040"), Person(id: "3", name: "Cy")],
            advice: [Tie(seeker: "3", advisor: "1585040"), Tie(seeker: "1585040", advisor: "1887973")])"#,
    )
    .unwrap();
    std::fs::write(
        &two,
        r#"Team(people: [Person(id: "1585040", name: "Alice"), Person(id: "3", name: "Cy")],
            advice: [Tie(seeker: "3", advisor: "1585040")])"#,
    )
    .unwrap();
    let output = cargo_bin_cmd!()
        .args([
            "diff",
            "--pseudonymize",
            "--format",
            "json",
            "--min-group",
            "1",
        ])
        .arg(&one)
        .arg(&two)
        .env("ROVING_KEY", "0123456789abcdef0123")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let people = |key: &str| json[key].as_array().map_or(0, Vec::len);
    assert_eq!(json["unchanged"], 2, "{json:#}");
    assert_eq!(people("left"), 1, "{json:#}");
    assert_eq!(people("joined"), 0, "{json:#}");
}
