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
        .take_while(|l| !l.starts_with("warning") && !l.starts_with("note"))
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

/// Under this key the pseudonyms of ids 1585040 and 1887973 share their first 10 digits. The
/// first wave has both, the second only 1585040. Once, that lengthened every pseudonym of the
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

/// The standard output of `roving args` with `key` in `ROVING_KEY`, which must succeed.
fn with_env_key(args: &[&str], key: &str) -> Vec<u8> {
    let output = cargo_bin_cmd!()
        .args(args)
        .env("ROVING_KEY", key)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

/// A key from a pipe can be read only once: `rank` and `export` read it twice, and the
/// second read found "0 bytes".
#[cfg(unix)]
#[test]
fn a_key_file_that_is_a_pipe_is_read_once() {
    for args in [
        &["rank", "sample_teams/acme.ron", "--format", "csv"][..],
        &[
            "rank",
            "sample_teams/acme.ron",
            "--by-department",
            "--format",
            "csv",
        ],
        &["export", "sample_teams/acme.ron", "--format", "json"],
    ] {
        let mut with_env = args.to_vec();
        with_env.push("--pseudonymize");
        let output = cargo_bin_cmd!()
            .args(&with_env)
            .args(["--key-file", "/dev/stdin"])
            .env_remove("ROVING_KEY")
            .write_stdin(format!("{KEY}\n"))
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert_eq!(output.stdout, with_env_key(&with_env, KEY), "{args:?}");
    }
}

/// `--lenient` warnings named the people they skipped by id, which here are e-mail
/// addresses: under `--pseudonymize` they give the places in the file instead.
#[test]
fn lenient_warnings_hide_ids_under_pseudonymize() {
    let team = "tests/fixtures/privacy/unknown_tie.ron";
    for command in [
        &["rank", team, "--format", "csv"][..],
        &["export", team, "--format", "json"],
        &["diff", team, team, "--format", "json"],
    ] {
        cargo_bin_cmd!()
            .args(command)
            .args(["--lenient", "--pseudonymize"])
            .env("ROVING_KEY", KEY)
            .assert()
            .success()
            .stderr(contains("unknown_tie.ron:5:42"))
            .stderr(contains("not shown under --pseudonymize"))
            .stderr(contains("corp.example").not())
            .stdout(contains("corp.example").not());
        // Without --pseudonymize the warning names whom it skipped, to fix the file by.
        cargo_bin_cmd!()
            .args(command)
            .arg("--lenient")
            .env_remove("ROVING_KEY")
            .assert()
            .success()
            .stderr(contains(
                "'carol.ghost@corp.example' at tests/fixtures/privacy/unknown_tie.ron:5:42",
            ));
    }
}

/// The key under which ids 1585040 and 1887973 share the first 10 digits of their
/// pseudonyms (`P-044eb38edd`).
const CLASHING_KEY: &str = "0123456789abcdef0123";

/// A person's pseudonym was 10 digits, or 16 in a team where another id had the same 10:
/// the same person had different pseudonyms in different waves.
#[test]
fn a_person_has_one_pseudonym_in_every_run() {
    let ids = |team: &str| -> Vec<String> {
        let csv = with_env_key(
            &["rank", team, "--pseudonymize", "--format", "csv"],
            CLASHING_KEY,
        );
        let mut ids: Vec<String> = String::from_utf8(csv)
            .unwrap()
            .lines()
            .skip(1)
            .map(|line| line.split(',').nth(1).unwrap().to_string())
            .collect();
        ids.sort();
        ids
    };
    let first = ids("tests/fixtures/privacy/collide_first_wave.ron");
    let second = ids("tests/fixtures/privacy/collide_second_wave.ron");
    for id in first.iter().chain(&second) {
        assert!(
            id.len() == 18
                && id.starts_with("P-")
                && id[2..].bytes().all(|b| b.is_ascii_hexdigit()),
            "{id}"
        );
    }
    // Ann and Bob share 10 digits, and keep their own 16.
    assert_eq!(first[0][..12], first[1][..12]);
    assert_ne!(first[0], first[1]);
    let ann = Pseudonymizer::new(CLASHING_KEY.as_bytes())
        .unwrap()
        .pseudonym("1585040");
    assert!(
        first.contains(&ann) && second.contains(&ann),
        "{first:?} {second:?}"
    );
    assert!(
        second.iter().all(|id| first.contains(id)),
        "{first:?} {second:?}"
    );
}

/// Runs `rank --pseudonymize` with `key` as the key file.
fn rank_with_key_file(key: &Path) -> assert_cmd::assert::Assert {
    cargo_bin_cmd!()
        .args([
            "rank",
            "sample_teams/acme.ron",
            "--pseudonymize",
            "--format",
            "csv",
            "--key-file",
        ])
        .arg(key)
        .env_remove("ROVING_KEY")
        .assert()
}

/// Notepad's "UTF-8 with BOM" gave other pseudonyms than the same key in `ROVING_KEY`;
/// UTF-16 (PowerShell 5's `>`) was used as it is; /dev/zero was read until memory ran out.
#[test]
fn key_files_are_read_as_plain_text() {
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("key");
    std::fs::write(&key, format!("\u{feff}{KEY}\r\n")).unwrap();
    let expected = with_env_key(
        &[
            "rank",
            "sample_teams/acme.ron",
            "--pseudonymize",
            "--format",
            "csv",
        ],
        KEY,
    );
    let output = rank_with_key_file(&key)
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(output, expected);
    // The mark does not count toward the length either.
    std::fs::write(&key, "\u{feff}abc\n").unwrap();
    rank_with_key_file(&key)
        .code(2)
        .stderr(contains("the pseudonym key is 3 bytes long"));
    let utf16 = |big_endian: bool| -> Vec<u8> {
        std::iter::once(0xfeff_u16)
            .chain(KEY.encode_utf16())
            .flat_map(|unit| {
                if big_endian {
                    unit.to_be_bytes()
                } else {
                    unit.to_le_bytes()
                }
            })
            .collect()
    };
    for big_endian in [false, true] {
        std::fs::write(&key, utf16(big_endian)).unwrap();
        rank_with_key_file(&key)
            .code(2)
            .stderr(contains("is UTF-16 text"))
            .stderr(contains("save it as plain text (UTF-8)"));
    }
    std::fs::write(&key, "k".repeat(4097)).unwrap();
    rank_with_key_file(&key).code(2).stderr(contains(
        "over 4096 bytes, so it does not look like a key file",
    ));
    // The largest key file accepted.
    std::fs::write(&key, "k".repeat(4096)).unwrap();
    rank_with_key_file(&key).success();
    #[cfg(unix)]
    rank_with_key_file(Path::new("/dev/zero"))
        .code(2)
        .stderr(contains("does not look like a key file"));
}

/// `--min-group` was accepted by `export` and by `rank` without `--by-department`, which
/// write no table of group figures, and changed nothing.
#[test]
fn min_group_is_refused_where_it_hides_nothing() {
    cargo_bin_cmd!()
        .args(["export", "sample_teams/acme.ron", "--format", "json"])
        .args(["--min-group", "1000"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(contains("--min-group"))
        .stderr(contains("export writes every person"));
    cargo_bin_cmd!()
        .args(["rank", "sample_teams/acme.ron", "--format", "csv"])
        .args(["--min-group", "1000"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(contains("--min-group"))
        .stderr(contains("--by-department"));
    // Where it applies, its default is still 5, and it can be given.
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
        .stderr(contains("fewer than 5 people"));
    cargo_bin_cmd!()
        .args([
            "rank",
            "sample_teams/acme.ron",
            "--by-department",
            "--format",
            "csv",
        ])
        .args(["--min-group", "2"])
        .assert()
        .success()
        .stderr(contains("fewer than 2 people"));
    cargo_bin_cmd!()
        .args(["diff", "sample_teams/acme.ron", "sample_teams/acme.ron"])
        .args(["--min-group", "1000", "--format", "json"])
        .assert()
        .success()
        .stdout(contains("\"hidden_groups\": 7"));
}

/// An analyst who exported `ROVING_KEY` could take a plain list for a pseudonymized one.
#[test]
fn roving_key_without_pseudonymize_is_noted() {
    let note = "ROVING_KEY is set, but --pseudonymize was not given";
    for command in [
        &["rank", "sample_teams/acme.ron", "--format", "csv"][..],
        &["export", "sample_teams/acme.ron", "--format", "json"],
    ] {
        let output = cargo_bin_cmd!()
            .args(command)
            .env("ROVING_KEY", KEY)
            .output()
            .unwrap();
        assert!(output.status.success());
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(stderr.matches(note).count(), 1, "{command:?}: {stderr}");
        assert_eq!(
            stderr.matches("ROVING_KEY").count(),
            1,
            "{command:?}: {stderr}"
        );
        cargo_bin_cmd!()
            .args(command)
            .arg("--pseudonymize")
            .env("ROVING_KEY", KEY)
            .assert()
            .success()
            .stderr(contains("ROVING_KEY").not());
        cargo_bin_cmd!()
            .args(command)
            .env("ROVING_KEY", "")
            .assert()
            .success()
            .stderr(contains("ROVING_KEY").not());
    }
    // The department table names nobody.
    cargo_bin_cmd!()
        .args([
            "rank",
            "sample_teams/acme.ron",
            "--by-department",
            "--format",
            "csv",
        ])
        .env("ROVING_KEY", KEY)
        .assert()
        .success()
        .stderr(contains("ROVING_KEY").not());
}

/// The help said "Replace names, e-mails and ids" and then that e-mails are dropped, and
/// not that the team's name is kept.
#[test]
fn pseudonymize_help_says_what_is_replaced_dropped_and_kept() {
    for command in ["rank", "export", "diff"] {
        let output = cargo_bin_cmd!().args([command, "--help"]).output().unwrap();
        let help = String::from_utf8(output.stdout).unwrap();
        let help = help.split_whitespace().collect::<Vec<_>>().join(" ");
        for said in [
            "Replace each person's id and name by a pseudonym",
            "E-mail addresses and free-form attributes are dropped",
            "job titles, departments and the team's name are kept",
        ] {
            assert!(help.contains(said), "{command}: '{said}' not in {help}");
        }
        assert!(!help.contains("Replace names, e-mails and ids"), "{help}");
    }
}

/// With `--pseudonymize`, `explain` takes a pseudonym or a real id and refuses a name (as
/// the README says): its help said only "an id, or a name".
#[test]
fn explain_help_says_what_a_person_is_when_pseudonymized() {
    for flag in ["--help", "-h"] {
        let output = cargo_bin_cmd!().args(["explain", flag]).output().unwrap();
        let help = String::from_utf8(output.stdout).unwrap();
        let help = help.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            help.contains(
                "or in any case when only one person fits); with --pseudonymize, their \
                 pseudonym (as `rank --pseudonymize` lists it) or real id, never a name"
            ),
            "{flag}: {help}"
        );
    }
}

/// `--min-group` is offered only where there is a table of groups for it to act on: the
/// help of `explain` and `export` listed it, and both refuse it.
#[test]
fn min_group_is_offered_only_where_it_acts() {
    for (command, offered) in [
        ("rank", true),
        ("diff", true),
        ("import", true),
        ("explain", false),
        ("export", false),
    ] {
        let output = cargo_bin_cmd!().args([command, "--help"]).output().unwrap();
        let help = String::from_utf8(output.stdout).unwrap();
        assert_eq!(help.contains("--min-group"), offered, "{command}: {help}");
    }
}

/// `explain --pseudonymize` explains a person of a pseudonymized ranking: given by
/// pseudonym, or by real id (never printed), with every name in it a pseudonym.
#[test]
fn explain_works_on_pseudonyms() {
    let team = "sample_teams/acme.ron";
    let pseudonym = Pseudonymizer::new(KEY.as_bytes()).unwrap().pseudonym("13");
    let explain = |person: &str| {
        let output = cargo_bin_cmd!()
            .args(["explain", person, team, "--pseudonymize"])
            .env("ROVING_KEY", KEY)
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
        (
            String::from_utf8(output.stdout).unwrap(),
            String::from_utf8(output.stderr).unwrap(),
        )
    };
    let (by_pseudonym, stderr) = explain(&pseudonym);
    assert!(
        by_pseudonym.starts_with(&format!("{pseudonym} — ")),
        "{by_pseudonym}"
    );
    assert!(
        by_pseudonym.contains("Nayar count (scope chain): 16 — 16 of 37 eligible people"),
        "{by_pseudonym}"
    );
    for real in ["Emma Santos", "Elena Quinn", "Kwame Larsen", "(13)"] {
        assert!(!by_pseudonym.contains(real), "{real}: {by_pseudonym}");
        assert!(!stderr.contains(real), "{real}: {stderr}");
    }
    assert_eq!(explain("13").0, by_pseudonym);
    // A name is not looked up, and nothing of it is echoed.
    cargo_bin_cmd!()
        .args(["explain", "Emma Santos", team, "--pseudonymize"])
        .env("ROVING_KEY", KEY)
        .assert()
        .code(2)
        .stderr(contains("no person with that pseudonym or id"))
        .stderr(contains("Emma").not());
    cargo_bin_cmd!()
        .args(["explain", "13", team, "--min-group", "3"])
        .assert()
        .code(2)
        .stderr(contains("drop --min-group"));
}

/// `-o` naming the key file was written over it: the secret was gone, and the report that
/// replaced it was then taken as a key, giving every person a new pseudonym. Refused in
/// each command that takes both, and a document is not taken as a key.
#[test]
fn the_key_file_is_never_an_output_nor_a_document() {
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("key.txt");
    std::fs::write(&key, format!("{KEY}\n")).unwrap();
    let team = "sample_teams/krackhardt.ron";
    for args in [
        &["rank", team][..],
        &["export", team, "--format", "json"],
        &["diff", team, team],
    ] {
        cargo_bin_cmd!()
            .args(args)
            .arg("--pseudonymize")
            .arg("--key-file")
            .arg(&key)
            .arg("-o")
            .arg(dir.path().join(".").join("key.txt"))
            .assert()
            .code(2)
            .stderr(contains("is an input of this command"));
        assert_eq!(
            std::fs::read_to_string(&key).unwrap(),
            format!("{KEY}\n"),
            "{args:?}"
        );
    }
    std::fs::write(&key, "# Krackhardt\n\n| rank | id |\n").unwrap();
    // A hard link to the key is the key.
    let link = dir.path().join("link.txt");
    std::fs::write(&key, format!("{KEY}\n")).unwrap();
    std::fs::hard_link(&key, &link).unwrap();
    cargo_bin_cmd!()
        .args(["rank", team, "--pseudonymize", "--key-file"])
        .arg(&link)
        .arg("-o")
        .arg(&key)
        .assert()
        .code(2)
        .stderr(contains("is an input of this command"));
    std::fs::write(&key, "# Krackhardt\n\n| rank | id |\n").unwrap();
    cargo_bin_cmd!()
        .args(["rank", team, "--pseudonymize", "--key-file"])
        .arg(&key)
        .assert()
        .code(2)
        .stdout("")
        .stderr(contains(
            "the file looks like a Markdown report roving writes, not a key",
        ));
}

/// Ties in the ranking are broken by the real ids, under `--pseudonymize` too: they were
/// broken by the pseudonyms, so a person's rank changed with the flag (when everyone ties,
/// the list was in the pseudonyms' order). Each person has the same rank in both lists.
#[test]
fn a_rank_does_not_change_with_pseudonymize() {
    let key = Pseudonymizer::new(KEY.as_bytes()).unwrap();
    // Twelve people who all tie: any other order than by id shows.
    let dir = tempfile::tempdir().unwrap();
    let tied = dir.path().join("tied.ron");
    let people: Vec<String> = (1..=12)
        .map(|i| format!("Person(id: \"{i}\", name: \"N{i}\")"))
        .collect();
    std::fs::write(
        &tied,
        format!("Team(people: [{}], advice: [])", people.join(", ")),
    )
    .unwrap();
    for team in [
        tied.to_str().unwrap(),
        "tests/fixtures/valid/no_ties.ron",
        "sample_teams/northwind.ron",
        "sample_teams/lazega.ron",
    ] {
        let ranks = |pseudonymize: bool| -> Vec<(u64, String)> {
            let output = cargo_bin_cmd!()
                .args(["rank", team, "--format", "json"])
                .args(pseudonymize.then_some("--pseudonymize"))
                .env("ROVING_KEY", KEY)
                .output()
                .unwrap();
            assert!(output.status.success(), "{team}");
            let rows: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
            rows.iter()
                .map(|row| {
                    let id = row["id"].as_str().unwrap();
                    let id = if pseudonymize {
                        id.to_string()
                    } else {
                        key.pseudonym(id)
                    };
                    (row["rank"].as_u64().unwrap(), id)
                })
                .collect()
        };
        let real = ranks(false);
        assert!(real.len() >= 3, "{team}");
        assert_eq!(ranks(true), real, "{team}");
    }
}

/// Loading errors name no person under `--pseudonymize`, as loading warnings do not: an
/// unknown tie end, an unknown manager, a repeated id and a reporting cycle gave the real
/// ids on stderr. The place in the file still points at them; without the flag the ids
/// are shown.
#[test]
fn loading_errors_name_nobody_under_pseudonymize() {
    let cases = [
        (
            "tests/fixtures/privacy/unknown_tie.ron",
            "carol.ghost@corp.example",
            "unknown_tie.ron:5:42: unknown person '(hidden)'",
        ),
        (
            "tests/fixtures/invalid/unknown_manager.ron",
            "Zed",
            "unknown manager '(hidden)' for person '(hidden)'",
        ),
        (
            "tests/fixtures/invalid/duplicate_id.ron",
            "'2'",
            "duplicate_id.ron:5:16: duplicate person id '(hidden)'",
        ),
        (
            "tests/fixtures/invalid/cycle.ron",
            "a -> c",
            "reporting cycle: (hidden) -> (hidden) -> (hidden) -> (hidden)",
        ),
    ];
    for (team, id, hidden) in cases {
        for args in [
            &["rank", team][..],
            &["export", team, "--format", "json"],
            &["explain", "x", team],
            &["diff", team, team],
        ] {
            let run = |pseudonymize: bool| {
                let output = cargo_bin_cmd!()
                    .args(args)
                    .args(pseudonymize.then_some("--pseudonymize"))
                    .env("ROVING_KEY", KEY)
                    .output()
                    .unwrap();
                assert_eq!(output.status.code(), Some(2), "{args:?}");
                String::from_utf8(output.stderr).unwrap()
            };
            let stderr = run(true);
            assert!(stderr.contains(hidden), "{args:?}: {stderr}");
            assert!(!stderr.contains(id), "{args:?}: {stderr}");
            assert!(run(false).contains(id), "{args:?}");
        }
    }
}

/// The loading errors that name a person inside their message (an empty id, with the
/// person's name; an empty manager id; an unknown perceiver) hide it too.
#[test]
fn errors_that_name_a_person_in_their_message_hide_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path.to_str().unwrap().to_string()
    };
    let empty_id = file(
        "e1.ron",
        r#"Team(people: [Person(id: "", name: "Secret Carol")])"#,
    );
    let empty_manager = file(
        "e2.ron",
        r#"Team(people: [Person(id: "alice.real", name: "A"), Person(id: "bob.real", name: "B", manager: "")])"#,
    );
    let people = file("p.csv", "id,name\nalice.real,A\nbob.real,B\n");
    let advice = file(
        "a.csv",
        "seeker_id,advisor_id,perceiver_id\nalice.real,bob.real,carol.real\n",
    );
    let cases: [(Vec<&str>, &str, &str); 3] = [
        (
            vec![&empty_id],
            "Secret Carol",
            "empty person id (for '(hidden)')",
        ),
        (
            vec![&empty_manager],
            "bob.real",
            "empty manager id for '(hidden)'",
        ),
        (
            vec![
                "--people",
                &people,
                "--advice",
                &advice,
                "--perceiver",
                "self",
            ],
            "carol.real",
            "unknown perceiver '(hidden)'",
        ),
    ];
    for (team, real, hidden) in cases {
        let run = |pseudonymize: bool| {
            let output = cargo_bin_cmd!()
                .arg("rank")
                .args(&team)
                .args(pseudonymize.then_some("--pseudonymize"))
                .env("ROVING_KEY", KEY)
                .output()
                .unwrap();
            assert_eq!(output.status.code(), Some(2), "{team:?}");
            String::from_utf8(output.stderr).unwrap()
        };
        let stderr = run(true);
        assert!(stderr.contains(hidden), "{stderr}");
        assert!(!stderr.contains(real), "{stderr}");
        assert!(run(false).contains(&format!("'{real}'")), "{team:?}");
    }
}
