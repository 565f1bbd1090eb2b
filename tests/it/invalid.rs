//! Bad input: exit code 2 and a message naming file, line (and column) and the fix.
//! Each invalid fixture is pinned to its message.

use assert_cmd::Command;
use predicates::prelude::*;

fn roving() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_roving"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

fn rank_fails(args: &[&str], message: &str) {
    roving()
        .arg("rank")
        .args(args)
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains(message));
}

const INVALID: &str = "tests/fixtures/invalid";
const PEOPLE: &str = "tests/fixtures/valid/people.csv";

#[test]
fn malformed_ron_names_line_and_column() {
    rank_fails(
        &["tests/fixtures/invalid/malformed.ron"],
        "malformed.ron:4:9: Expected comma",
    );
}

#[test]
fn misspelt_field_is_named() {
    rank_fails(
        &["tests/fixtures/invalid/unknown_field.ron"],
        "unknown_field.ron:4:37: a Person has no field `manger`; did you mean `manager`? its \
         fields are `id`, `name`, `manager`,",
    );
}

#[test]
fn missing_fields_and_unquoted_ids_are_named_in_plain_words() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("team.ron");
    for (text, message) in [
        (
            r#"Team(people: [Person(id: "1")], advice: [])"#,
            "team.ron:1:29: this Person has no `name`, which it needs",
        ),
        (
            r#"Team(people: [Person(id: "1", name: "A")], advice: [Tie(seeker: "1")])"#,
            "team.ron:1:68: this Tie has no `advisor`, which it needs",
        ),
        (
            r#"Team(people: [Person(id: 1, name: "A")], advice: [])"#,
            "team.ron:1:25: expected text in double quotes here (ids too: id: \"7\")",
        ),
    ] {
        std::fs::write(&team, text).unwrap();
        rank_fails(&[team.to_str().unwrap()], message);
    }
}

#[test]
fn duplicate_id_points_at_both_definitions() {
    rank_fails(
        &["tests/fixtures/invalid/duplicate_id.ron"],
        "duplicate_id.ron:5:16: duplicate person id '2' (first defined at line 4); give each person a unique id",
    );
}

#[test]
fn unknown_manager_points_at_the_manager_field() {
    rank_fails(
        &["tests/fixtures/invalid/unknown_manager.ron"],
        "unknown_manager.ron:5:16: unknown manager 'Zed' for person '2'",
    );
}

#[test]
fn reporting_cycle_names_the_people_in_it() {
    rank_fails(
        &["tests/fixtures/invalid/cycle.ron"],
        "cycle.ron:4:37: reporting cycle: a -> c -> b -> a; someone in this loop must report outside it or to nobody",
    );
}

#[test]
fn unknown_people_in_ties_are_listed_with_lines() {
    rank_fails(
        &["tests/fixtures/invalid/unknown_people.ron"],
        "unknown_people.ron: 2 ties name people who are not in the team:\n  \
         tests/fixtures/invalid/unknown_people.ron:8:26: unknown person 'Bea Sm1th'\n  \
         tests/fixtures/invalid/unknown_people.ron:9:13: unknown person '9'\n\
         add them to the people list, fix the ids, or pass --lenient to skip these ties",
    );
}

#[test]
fn lenient_skips_unknown_people_with_a_count() {
    roving()
        .args([
            "rank",
            "tests/fixtures/invalid/unknown_people.ron",
            "--lenient",
            "--format",
            "csv",
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "warning: skipped 2 advice ties naming people not in the team (--lenient)",
        ))
        .stdout(predicate::str::contains("1,1,Ada,,,,1,0,0,0,1,"));
}

#[test]
fn at_most_ten_unknown_people_are_listed() {
    let dir = tempfile::tempdir().unwrap();
    let advice = dir.path().join("advice.csv");
    let rows: String = (0..14).fold(String::new(), |rows, i| rows + &format!("1,ghost{i}\n"));
    std::fs::write(&advice, format!("seeker_id,advisor_id\n{rows}")).unwrap();
    roving()
        .args(["rank", "--people", PEOPLE, "--advice"])
        .arg(&advice)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "14 ties name people who are not in the team",
        ))
        .stderr(predicate::str::contains(
            "advice.csv:11:3: unknown person 'ghost9'",
        ))
        .stderr(predicate::str::contains("ghost10").not())
        .stderr(predicate::str::contains("... and 4 more"));
}

/// Windows line ends, a blank line and line breaks inside quoted cells: messages still name
/// the line a text editor shows.
#[test]
fn csv_lines_count_crlf_blank_lines_and_quoted_breaks() {
    let dir = tempfile::tempdir().unwrap();
    let people = dir.path().join("people.csv");
    let advice = dir.path().join("advice.csv");
    // Lines: header 1, Ann 2-3, blank 4, Bob 5-6, Cy 7 (manager 9 is unknown).
    std::fs::write(
        &people,
        "id,name,manager,title\r\n1,Ann,,\"Head of\r\nOperations\"\r\n\r\n\
         2,Bob,1,\"Line one\r\nline two\"\r\n3,Cy,9,Analyst\r\n",
    )
    .unwrap();
    std::fs::write(&advice, "seeker_id,advisor_id\n2,1\n").unwrap();
    let fails_with = |message: &str| {
        roving()
            .args(["rank", "--people"])
            .arg(&people)
            .arg("--advice")
            .arg(&advice)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(message));
    };
    fails_with("people.csv:7:6: unknown manager '9' for person '3'");
    // Fixed people; now the ties: header 1, blank 2, tie 3, quoted break 4-5, ghost 6.
    std::fs::write(&people, "id,name,manager\r\n1,Ann,\r\n2,Bob,1\r\n").unwrap();
    std::fs::write(
        &advice,
        "seeker_id,advisor_id,note\r\n\r\n2,1,x\r\n1,2,\"a\r\nb\"\r\n1,ghost,\r\n",
    )
    .unwrap();
    fails_with("advice.csv:6:3: unknown person 'ghost'");
}

/// Old Mac line ends (a `\r` alone, as Excel for Mac's "CSV (Macintosh)" saves): messages
/// name the line and column an editor shows, in people, advice and perceiver files, org
/// charts and surveys, from a file, a pipe or UTF-16 text. They all said line 1.
#[test]
fn csv_lines_count_lone_carriage_returns() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text.replace('\n', "\r")).unwrap();
        path
    };
    let people = write("people.csv", "id,name,manager_id\n1,Ada,\n2,Bo,1\n3,Cy,\n");
    let fails_with = |args: &[&std::path::Path], message: &str| {
        let mut cmd = roving();
        cmd.args(["rank", "--people"]).arg(args[0]);
        if let Some(advice) = args.get(1) {
            cmd.args(["--perceiver", "self", "--advice"]).arg(advice);
        }
        cmd.assert()
            .code(2)
            .stderr(predicate::str::contains(message));
    };
    let bad_manager = write(
        "manager.csv",
        "id,name,manager_id\n1,Ada,\n2,Bo,1\n3,Cy,9\n",
    );
    fails_with(&[&bad_manager], "manager.csv:4:6: unknown manager '9'");
    let twice = write("twice.csv", "id,name\n1,Ada\n2,Bo\n1,Cy\n");
    fails_with(
        &[&twice],
        "twice.csv:4:1: duplicate person id '1' (first defined at line 2)",
    );
    let weight = write(
        "weight.csv",
        "seeker_id,advisor_id,weight\n2,1,1\n3,1,1e309\n",
    );
    fails_with(&[&people, &weight], "weight.csv:3:5: weight '1e309'");
    let unknown = write("unknown.csv", "seeker_id,advisor_id\n\n2,1\n3,7\n");
    fails_with(&[&people, &unknown], "unknown.csv:4:3: unknown person '7'");
    let perceived = write(
        "perceived.csv",
        "seeker_id,advisor_id,perceiver_id\n2,1,2\n3,1,8\n",
    );
    fails_with(
        &[&people, &perceived],
        "perceived.csv:3:5: unknown perceiver '8'",
    );
    // Through a pipe and in UTF-16 the breaks are recorded as the text streams.
    roving()
        .args(["rank", "--people", "/dev/stdin"])
        .write_stdin(std::fs::read(&bad_manager).unwrap())
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "/dev/stdin:4: unknown manager '9'",
        ));
    let utf16 = dir.path().join("utf16.csv");
    let text = "id,name,manager_id\r1,Ada,\r2,Bo,1\r3,Cy,9\r";
    let bytes: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    std::fs::write(&utf16, bytes).unwrap();
    fails_with(&[&utf16], "utf16.csv:4: unknown manager '9'");
    // `import` reads org charts and surveys whole.
    let import_fails = |org: &std::path::Path, survey: &std::path::Path, message: &str| {
        roving()
            .args(["import", "--org"])
            .arg(org)
            .arg("--survey")
            .arg(survey)
            .arg("-o")
            .arg(dir.path().join("team.ron"))
            .assert()
            .code(2)
            .stderr(predicate::str::contains(message));
    };
    let survey = write("survey.csv", "seeker,adviser,weight\n2,1,1\n3,2,often\n");
    let org = write("org.csv", "id,name,manager_id\n1,Ada,\n2,Bo,1\n3,Cy,1\n");
    import_fails(&org, &survey, "survey.csv:3:5: weight 'often'");
    import_fails(
        &bad_manager,
        &survey,
        "manager.csv:4:6: unknown manager '9'",
    );
}

#[test]
fn negative_weight_in_ron() {
    rank_fails(
        &["tests/fixtures/invalid/bad_weight.ron"],
        "bad_weight.ron:5:40: weight '-1.0' is not a number from 0.000000000001 to 1,000,000,000,000 (1e-12 to 1e12); use a value such as 1 or 2.5",
    );
}

#[test]
fn weights_that_are_not_numbers_or_infinite_in_csv() {
    for (file, value) in [
        ("bad_weight_advice.csv", "abc"),
        ("infinite_weight_advice.csv", "inf"),
    ] {
        let advice = format!("{INVALID}/{file}");
        rank_fails(
            &["--people", PEOPLE, "--advice", &advice],
            &format!(
                "{file}:3:5: weight '{value}' is not a number from 0.000000000001 to 1,000,000,000,000 (1e-12 to 1e12)"
            ),
        );
    }
}

#[test]
fn missing_column_says_which_columns_are_needed() {
    rank_fails(
        &[
            "--people",
            PEOPLE,
            "--advice",
            "tests/fixtures/invalid/missing_column_advice.csv",
        ],
        "missing_column_advice.csv:1: missing column 'seeker_id'; the header must name 'seeker_id' and 'advisor_id'",
    );
}

#[test]
fn unknown_person_in_csv_ties() {
    rank_fails(
        &[
            "--people",
            PEOPLE,
            "--advice",
            "tests/fixtures/invalid/unknown_advice.csv",
        ],
        "unknown_advice.csv:3:3: unknown person '7'",
    );
}

#[test]
fn duplicate_id_in_csv() {
    rank_fails(
        &[
            "--people",
            "tests/fixtures/invalid/duplicate_id_people.csv",
            "--advice",
            "tests/fixtures/valid/advice.csv",
        ],
        "duplicate_id_people.csv:4:1: duplicate person id '1' (first defined at line 2)",
    );
}

#[test]
fn malformed_csv_row() {
    rank_fails(
        &[
            "--people",
            "tests/fixtures/invalid/malformed_people.csv",
            "--advice",
            "tests/fixtures/valid/advice.csv",
        ],
        "malformed_people.csv:4:14: this row has 4 fields but the header has 3",
    );
}

#[test]
fn missing_file() {
    rank_fails(
        &["no/such/team.ron"],
        "cannot read 'no/such/team.ron': No such file or directory",
    );
}

#[test]
fn self_ties_and_duplicates_are_fixed_with_warnings() {
    roving()
        .args([
            "rank",
            "tests/fixtures/valid/self_and_duplicate_ties.ron",
            "--format",
            "csv",
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "warning: dropped 1 advice tie from a person to themselves",
        ))
        .stderr(predicate::str::contains(
            "warning: merged 1 repeated advice tie, summing their weights",
        ))
        // Bo: Ada (chain) does not count, Cy (weights 2 + 0.5) does.
        .stdout(predicate::str::contains("1,2,Bo,,R&D,1,0,1,2.5,"));
}

#[test]
fn empty_team_and_team_without_ties_are_valid() {
    roving()
        .args(["rank", "tests/fixtures/valid/empty.ron", "--format", "csv"])
        .assert()
        .success()
        .stdout(format!("{}\n", roving::io::COLUMNS.join(",")));
    roving()
        .args([
            "rank",
            "tests/fixtures/valid/no_ties.ron",
            "--format",
            "json",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("\"nayar\": 0").count(3));
}

#[test]
fn output_file_is_untouched_when_input_is_bad() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("leaders.csv");
    std::fs::write(&out, "previous results").unwrap();
    roving()
        .args(["rank", "tests/fixtures/invalid/cycle.ron", "-o"])
        .arg(&out)
        .assert()
        .code(2);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "previous results");
}

#[test]
fn spreadsheet_workbooks_are_named_with_the_way_out() {
    let dir = tempfile::tempdir().unwrap();
    // The signatures Excel and LibreOffice files start with, then binary bytes.
    let xlsx = dir.path().join("people.xlsx");
    std::fs::write(
        &xlsx,
        [&b"PK\x03\x04\x14\x00\x06\x00"[..], &[0xFF; 64]].concat(),
    )
    .unwrap();
    let xls = dir.path().join("people.xls");
    let ole2 = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    std::fs::write(&xls, [&ole2[..], &[0xFF; 64]].concat()).unwrap();
    let (xlsx, xls) = (xlsx.to_str().unwrap(), xls.to_str().unwrap());
    let zip = "is a zip archive (an Excel .xlsx or LibreOffice .ods workbook?), not a text file; \
               open it in Excel or LibreOffice and save the sheet as \"CSV UTF-8\"";
    // As the team file, as the people CSV (streamed), as the advice CSV.
    rank_fails(&[xlsx], &format!("{xlsx}: this {zip}"));
    rank_fails(&["--people", xlsx], &format!("{xlsx}: this {zip}"));
    rank_fails(
        &["--people", PEOPLE, "--advice", xlsx],
        &format!("{xlsx}: this {zip}"),
    );
    rank_fails(
        &[xls],
        &format!("{xls}: this is an Excel .xls workbook, not a text file"),
    );
    // And to the importer.
    roving()
        .args(["import", "--org", xls, "--survey", xls, "-o"])
        .arg(dir.path().join("team.ron"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "{xls}: this is an Excel .xls workbook"
        )));
    assert!(!dir.path().join("team.ron").exists());
}

#[test]
fn team_file_that_is_not_utf8_names_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("team.ron");
    std::fs::write(
        &team,
        b"(\n  name: \"x\",\n  people: [(id: \"a\", name: \"\xE9\")],\n)\n",
    )
    .unwrap();
    let path = team.to_str().unwrap();
    rank_fails(
        &[path],
        &format!(
            "{path}:3:29: text is not valid UTF-8; save the file as UTF-8 (\"Encoding: UTF-8\""
        ),
    );
}

#[test]
fn team_file_in_utf16_or_with_a_bom_loads_as_utf8() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string("sample_teams/acme.ron").unwrap();
    let plain = roving()
        .args(["rank", "--format", "csv", "sample_teams/acme.ron"])
        .output()
        .unwrap();
    assert!(plain.status.success());
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let bom: Vec<u8> = [0xEF, 0xBB, 0xBF].into_iter().chain(text.bytes()).collect();
    for (name, bytes) in [("utf16.ron", utf16), ("bom.ron", bom)] {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let run = roving()
            .args(["rank", "--format", "csv"])
            .arg(&path)
            .output()
            .unwrap();
        assert!(run.status.success(), "{name}: {run:?}");
        assert_eq!(run.stdout, plain.stdout, "{name}");
    }
}

/// UTF-16 that is not valid (an unpaired surrogate, or a file cut one byte into a code
/// unit) is refused at the line and column where it goes wrong, in people files and team
/// files. The message named the file alone, and an odd last byte was dropped unseen.
#[test]
fn invalid_utf16_is_refused_at_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let utf16 = |text: &str| -> Vec<u8> {
        [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect()
    };
    let write = |name: &str, bytes: Vec<u8>| {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        path.to_str().unwrap().to_string()
    };
    // A lone high surrogate in row 4, after "3,C".
    let mut lone = utf16("id,name,manager_id\n1,A,\n2,B,1\n3,C");
    lone.extend([0x00, 0xD8]);
    lone.extend(&utf16(",1\n")[2..]);
    let people = write("lone.csv", lone);
    rank_fails(
        &["--people", &people],
        &format!("{people}:4:4: text is not valid UTF-16; save the file as UTF-8"),
    );
    // One stray byte after "2,Bo": refused at the end of the text, not loaded without it.
    let mut odd = utf16("id,name\n1,Ada\n2,Bo");
    odd.push(b'X');
    let people = write("odd.csv", odd);
    rank_fails(
        &["--people", &people],
        &format!("{people}:3:5: text is not valid UTF-16"),
    );
    let mut team = utf16("Team(\n  people: [Person(id: \"1\", name: \"A");
    team.extend([0x3D, 0xD8]);
    team.extend(&utf16("\")],\n)\n")[2..]);
    let team = write("team.ron", team);
    rank_fails(&[&team], &format!("{team}:2:36: text is not valid UTF-16"));
}

/// Positions come from a second reading of the file, in pieces: the same line and column
/// whatever its encoding, after a multi-byte name and a comment with a parenthesis.
#[test]
fn team_file_errors_are_placed_in_utf16_and_bom_files() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Team(\n    people: [\n        Person(id: \"1\", name: \"Zoë (ops)\"),\n        \
                /* (x: */ Person(id: \"2\", name: \"Łukasz\", manager: \"1\"),\n    ],\n    \
                advice: [\n        Tie(seeker: \"2\", advisor: \"1\"),\n        \
                Tie(seeker: \"2\", /* é */ advisor: \"Ünknown\"),\n    ],\n)\n";
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let bom: Vec<u8> = [0xEF, 0xBB, 0xBF].into_iter().chain(text.bytes()).collect();
    for (name, bytes) in [
        ("plain.ron", text.as_bytes().to_vec()),
        ("utf16.ron", utf16),
        ("bom.ron", bom),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let shown = path.to_str().unwrap();
        rank_fails(&[shown], &format!("{shown}:8:34: unknown person 'Ünknown'"));
    }
}

/// Old Mac line ends (a `\r` alone) in a team file: every message names the line and
/// column an editor shows, as with `\n`; they were all on line 1, at a byte column.
#[test]
fn team_file_errors_are_placed_with_old_mac_line_ends() {
    let dir = tempfile::tempdir().unwrap();
    let team = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text.replace('\n', "\r")).unwrap();
        path.to_str().unwrap().to_string()
    };
    let manager = team(
        "manager.ron",
        "Team(\n  people: [\n    Person(id: \"1\", name: \"Ada\"),\n    \
         Person(id: \"2\", name: \"Bo\", manager: \"9\"),\n  ],\n)\n",
    );
    rank_fails(&[&manager], &format!("{manager}:4:33: unknown manager '9'"));
    // Read again a line at a time to quote the weight as written.
    let weight = team(
        "weight.ron",
        "Team(\n  people: [Person(id: \"1\", name: \"A\"), Person(id: \"2\", name: \"B\")],\n  \
         advice: [\n    Tie(seeker: \"2\", advisor: \"1\", weight: 1e400),\n  ],\n)\n",
    );
    rank_fails(&[&weight], &format!("{weight}:4:36: weight '1e400'"));
    roving()
        .args(["rank", "/dev/stdin"])
        .write_stdin(std::fs::read(&weight).unwrap())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("/dev/stdin:4:36: weight '1e400'"));
    // The RON parser's own errors, and text that is not UTF-8.
    let syntax = team(
        "syntax.ron",
        "Team(\n  people: [\n    Persn(id: \"1\", name: \"A\"),\n  ],\n)\n",
    );
    rank_fails(
        &[&syntax],
        &format!("{syntax}:3:5: Expected struct `Person`"),
    );
    let path = dir.path().join("latin1.ron");
    std::fs::write(
        &path,
        b"Team(\r  people: [\r    Person(id: \"1\", name: \"\xE9\"),\r  ],\r)\r",
    )
    .unwrap();
    let latin1 = path.to_str().unwrap();
    rank_fails(
        &[latin1],
        &format!("{latin1}:3:28: text is not valid UTF-8"),
    );
}

/// Makes a named pipe at `path` and writes `content` into it from another thread, once
/// a reader opens it.
fn serve_fifo(path: &std::path::Path, content: Vec<u8>) -> std::thread::JoinHandle<()> {
    let made = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(made.success());
    let path = path.to_path_buf();
    std::thread::spawn(move || std::fs::write(path, content).unwrap())
}

/// A team file read from a pipe cannot be read again to place an error: its text is kept,
/// so the message has the same line and column as from the file, and nothing hangs.
#[test]
fn team_files_from_pipes_keep_their_error_positions() {
    let team = std::fs::read("tests/fixtures/invalid/duplicate_id.ron").unwrap();
    roving()
        .args(["rank", "/dev/stdin"])
        .write_stdin(team.clone())
        .timeout(std::time::Duration::from_mins(1))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "/dev/stdin:5:16: duplicate person id '2' (first defined at line 4)",
        ));
    // A named pipe: opening it a second time would wait for a writer that has gone.
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("team.ron");
    let writer = serve_fifo(&fifo, team);
    roving()
        .arg("rank")
        .arg(&fifo)
        .timeout(std::time::Duration::from_mins(1))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "team.ron:5:16: duplicate person id '2' (first defined at line 4)",
        ));
    writer.join().unwrap();
}

/// A CSV file from a pipe (`--people <(zcat people.csv.gz)`) cannot be read again to place
/// an error: its line breaks are recorded as it streams, so messages name the same lines
/// as from the file, and a named pipe is never opened a second time (which would hang).
#[test]
fn csv_files_from_pipes_keep_their_error_lines() {
    let dir = tempfile::tempdir().unwrap();
    let advice = dir.path().join("advice.csv");
    std::fs::write(&advice, "seeker_id,advisor_id\n2,1\n").unwrap();
    // Lines: header 1, Ann 2-3, blank 4, Bob 5-6, Cy 7 (manager 9 is unknown).
    let people = "id,name,manager,title\r\n1,Ann,,\"Head of\r\nOperations\"\r\n\r\n\
                  2,Bob,1,\"Line one\r\nline two\"\r\n3,Cy,9,Analyst\r\n";
    let from_stdin = |people: &[u8], message: &str| {
        roving()
            .args(["rank", "--people", "/dev/stdin", "--advice"])
            .arg(&advice)
            .write_stdin(people.to_vec())
            .timeout(std::time::Duration::from_mins(1))
            .assert()
            .code(2)
            .stderr(predicate::str::contains(message));
    };
    from_stdin(
        people.as_bytes(),
        "/dev/stdin:7: unknown manager '9' for person '3'",
    );
    from_stdin(
        &std::fs::read("tests/fixtures/invalid/duplicate_id_people.csv").unwrap(),
        "/dev/stdin:4: duplicate person id '1' (first defined at line 2)",
    );
    from_stdin(
        &std::fs::read("tests/fixtures/invalid/malformed_people.csv").unwrap(),
        "/dev/stdin:4: this row has 4 fields but the header has 3",
    );
    // Ties through a named pipe: header 1, blank 2, tie 3, quoted break 4-5, ghost 6.
    let people = dir.path().join("people.csv");
    std::fs::write(&people, "id,name,manager\r\n1,Ann,\r\n2,Bob,1\r\n").unwrap();
    let fifo = dir.path().join("ties.csv");
    let writer = serve_fifo(
        &fifo,
        b"seeker_id,advisor_id,note\r\n\r\n2,1,x\r\n1,2,\"a\r\nb\"\r\n1,ghost,\r\n".to_vec(),
    );
    roving()
        .args(["rank", "--people"])
        .arg(&people)
        .arg("--advice")
        .arg(&fifo)
        .timeout(std::time::Duration::from_mins(1))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "ties.csv:6: unknown person 'ghost'",
        ));
    writer.join().unwrap();
}

/// Weights so large that their sums overflow gave NaN `PageRank` and a team file roving
/// could not read back: they are refused where they are written.
#[test]
fn weights_too_large_to_add_up_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let advice = dir.path().join("advice.csv");
    std::fs::write(
        &advice,
        "seeker_id,advisor_id,weight\n2,1,1e308\n2,1,1e308\n",
    )
    .unwrap();
    rank_fails(
        &["--people", PEOPLE, "--advice", advice.to_str().unwrap()],
        "advice.csv:2:5: weight '1e308' is not a number from 0.000000000001 to 1,000,000,000,000 (1e-12 to 1e12)",
    );
    // Each weight within the limit, but repeats add up past it: a team file holds the sum,
    // so it is refused here rather than written where it could not be read back.
    std::fs::write(&advice, "seeker_id,advisor_id,weight\n2,1,1e12\n2,1,1e12\n").unwrap();
    rank_fails(
        &["--people", PEOPLE, "--advice", advice.to_str().unwrap()],
        "advice.csv:3:5: the advice tie from '2' to '1' is repeated with weights that add up to 2e12",
    );
    // Repeats that stay within it survive the round trip through a team file.
    std::fs::write(&advice, "seeker_id,advisor_id,weight\n2,1,5e11\n2,1,5e11\n").unwrap();
    let team = dir.path().join("team.ron");
    roving()
        .args(["convert", "--people", PEOPLE, "--advice"])
        .arg(&advice)
        .arg("-o")
        .arg(&team)
        .assert()
        .success();
    roving()
        .args(["rank", "--format", "csv"])
        .arg(&team)
        .assert()
        .success()
        .stdout(predicate::str::contains("NaN").not())
        .stdout(predicate::str::contains("inf").not());
}

/// What spreadsheets save as "CSV" in much of Europe (semicolons), as "Unicode text"
/// (UTF-16 with tabs), and an empty file: read as meant, or named for what they are.
#[test]
fn csv_pairs_in_spreadsheet_dialects_load() {
    let dir = tempfile::tempdir().unwrap();
    let people = dir.path().join("people.csv");
    let advice = dir.path().join("advice.csv");
    let ranked = |people_text: &[u8], advice_text: &[u8]| -> String {
        std::fs::write(&people, people_text).unwrap();
        std::fs::write(&advice, advice_text).unwrap();
        let output = roving()
            .args(["rank", "--format", "csv", "--people"])
            .arg(&people)
            .arg("--advice")
            .arg(&advice)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    };
    let commas = ranked(
        b"id,name,manager_id,department\n1,Ann,,\"Ops; North\"\n2,Bo,1,X\n3,Cy,1,X\n",
        b"seeker_id,advisor_id\n2,3\n3,2\n",
    );
    let semicolons = ranked(
        b"id;name;manager_id;department\n1;Ann;;\"Ops; North\"\n2;Bo;1;X\n3;Cy;1;X\n",
        b"seeker_id;advisor_id\n2;3\n3;2\n",
    );
    assert_eq!(semicolons, commas);
    assert!(commas.contains(",Ops; North,"), "{commas}");
    let utf16 = |text: &str| -> Vec<u8> {
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        bytes
    };
    let tabs = ranked(
        &utf16(
            "id\tname\tmanager_id\tdepartment\r\n1\tAnn\t\tOps; North\r\n2\tBo\t1\tX\r\n3\tCy\t1\tX\r\n",
        ),
        &utf16("seeker_id\tadvisor_id\r\n2\t3\r\n3\t2\r\n"),
    );
    assert_eq!(tabs, commas);
    for nothing in [&b""[..], b"\xEF\xBB\xBF", b"\xFF\xFE\r\x00\n\x00", b"\n\n"] {
        std::fs::write(&people, nothing).unwrap();
        roving()
            .args(["rank", "--people"])
            .arg(&people)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(
                "people.csv:1: the file is empty; it needs a header row naming its columns",
            ));
    }
    // A pipe whose first line is blank is not empty: the header follows.
    roving()
        .args(["rank", "--format", "csv", "--people", "/dev/stdin"])
        .write_stdin("\nid,name\n1,Ann\n")
        .assert()
        .success()
        .stdout(predicate::str::contains("1,1,Ann,"));
}

#[test]
fn respondent_must_be_yes_or_no() {
    let dir = tempfile::tempdir().unwrap();
    let people = dir.path().join("people.csv");
    std::fs::write(
        &people,
        "id,name,manager_id,respondent\n1,A,,yes\n2,B,1,0\n3,C,1,maybe\n",
    )
    .unwrap();
    rank_fails(
        &["--people", people.to_str().unwrap()],
        "people.csv:4:7: respondent 'maybe' is neither yes nor no",
    );
}

#[test]
fn a_perceiver_rule_for_a_file_without_perceivers_is_pointed_out() {
    roving()
        .args([
            "rank",
            "--format",
            "csv",
            "--people",
            "tests/fixtures/css/people.csv",
            "--advice",
            "tests/fixtures/css/advice.csv",
            "--perceiver",
            "self",
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "warning: tests/fixtures/css/advice.csv has no perceiver column, so --perceiver \
             changes nothing there",
        ));
}

#[test]
fn a_quote_never_closed_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let people = dir.path().join("people.csv");
    std::fs::write(
        &people,
        "id,name,manager_id\n1,\"Ann\",\n2,\"Bo,1\n3,Cy,1\n",
    )
    .unwrap();
    rank_fails(
        &["--people", people.to_str().unwrap()],
        "people.csv:3: a quote (\") opened on this line is never closed",
    );
}

/// A quote opened in the last value of a row and never closed: the csv crate takes the rest
/// of the file as that one value, with the right number of fields. Before, the rows after it
/// were lost without a word (a name), or reported as an unknown person or a bad weight.
#[test]
fn a_quote_never_closed_in_the_last_column_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path.to_str().unwrap().to_string()
    };
    let people = write("people.csv", "id,name,manager_id\n1,Ann,\n2,Bo,1\n3,Cy,1\n");
    let never_closed = "a quote (\") opened on this line is never closed";
    // A name: person 4 was lost, and the team loaded with three people.
    let named_last = write(
        "named_last.csv",
        "id,manager_id,name\n1,,Ann\n2,1,Bo\n3,1,\"Cy\n4,1,Di\n",
    );
    rank_fails(
        &["--people", &named_last],
        &format!("named_last.csv:4: {never_closed}"),
    );
    // The manager column.
    let manager_last = write(
        "manager_last.csv",
        "id,name,manager_id\n1,Ann,\n2,Bo,\"1\n3,Cy,1\n",
    );
    rank_fails(
        &["--people", &manager_last],
        &format!("manager_last.csv:3: {never_closed}"),
    );
    // A weight, an adviser, a column roving does not read.
    for (name, text, line) in [
        (
            "weight.csv",
            "seeker_id,advisor_id,weight\n2,1,1\n3,1,\"1\n2,3,1\n",
            3,
        ),
        ("adviser.csv", "seeker_id,advisor_id\n2,1\n3,\"1\n2,3\n", 3),
        (
            "note.csv",
            "seeker_id,advisor_id,note\n2,1,x\n3,1,\"hmm\n2,3,y\n",
            3,
        ),
    ] {
        let advice = write(name, text);
        rank_fails(
            &["--people", &people, "--advice", &advice],
            &format!("{name}:{line}: {never_closed}"),
        );
    }
    // A quote closed lines later, inside an id: the line break is named, not an unknown
    // person '1⏎'.
    let closed_later = write(
        "closed_later.csv",
        "seeker_id,advisor_id,weight\n2,1,1\n3,\"1\n\",1\n2,3,1\n",
    );
    rank_fails(
        &["--people", &people, "--advice", &closed_later],
        "closed_later.csv:3:3: the 'advisor_id' value runs over several lines",
    );
    // From a pipe, which cannot be read again: the line break in the weight is named.
    roving()
        .args(["rank", "--people", &people, "--advice", "/dev/stdin"])
        .write_stdin("seeker_id,advisor_id,weight\n2,1,1\n3,1,\"1\n2,3,1\n")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "/dev/stdin:3: the 'weight' value runs over several lines",
        ));
}

/// What is not a quote left open loads as before: a value over several lines inside closed
/// quotes, and a stray quote in an unquoted last value.
#[test]
fn closed_quotes_and_stray_quote_marks_still_load() {
    let dir = tempfile::tempdir().unwrap();
    let people = dir.path().join("people.csv");
    std::fs::write(
        &people,
        "id,manager_id,name\n1,,Ann\n2,1,\"Bo\nChen\"\n3,1,Cy 12\" screen\n",
    )
    .unwrap();
    let out = roving()
        .args(["rank", "--format", "json", "--people"])
        .arg(&people)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut names: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    names.sort_unstable();
    assert_eq!(names, ["Ann", "Bo\nChen", "Cy 12\" screen"]);
}

/// A weight out of range in a team file is quoted as the file writes it: `1e400` used to be
/// reported as `inf`, the number it parses to. In `advice` and in a relation, in UTF-8 and
/// in UTF-16.
#[test]
fn a_bad_ron_weight_is_quoted_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("big.ron");
    let people = "Team(people: [Person(id: \"1\", name: \"A\"), Person(id: \"2\", name: \"B\")],\n";
    std::fs::write(
        &team,
        format!("{people}advice: [Tie(seeker: \"1\", advisor: \"2\", weight:  1e400 )])\n"),
    )
    .unwrap();
    rank_fails(
        &[team.to_str().unwrap()],
        "big.ron:2:41: weight '1e400' is not a number from 0.000000000001",
    );
    let text = format!(
        "{people}advice: [], relations: {{\"f\": [(from: \"1\", to: \"2\", weight: 2_000e10)]}})\n"
    );
    std::fs::write(&team, &text).unwrap();
    rank_fails(
        &[team.to_str().unwrap()],
        "big.ron:2:52: weight '2_000e10' is not a number from 0.000000000001",
    );
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    std::fs::write(&team, utf16).unwrap();
    rank_fails(
        &[team.to_str().unwrap()],
        "big.ron:2:52: weight '2_000e10' is not a number from 0.000000000001",
    );
}

/// A weight below 1e-12: `PageRank` divided by the seeker's total weight, and at `1e-310`
/// every score became infinite (shown as `inf`, or `null` in JSON). Refused with its place,
/// as written in a team file and in a CSV.
#[test]
fn tiny_weights_are_refused_with_their_place() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("tiny.ron");
    std::fs::write(
        &team,
        "Team(people: [Person(id: \"1\", name: \"A\"), Person(id: \"2\", name: \"B\")],\n\
         advice: [Tie(seeker: \"1\", advisor: \"2\", weight: 1e-310)])\n",
    )
    .unwrap();
    rank_fails(
        &[team.to_str().unwrap()],
        "tiny.ron:2:41: weight '1e-310' is not a number from 0.000000000001",
    );
    let people = dir.path().join("people.csv");
    let advice = dir.path().join("advice.csv");
    std::fs::write(&people, "id,name\n1,A\n2,B\n").unwrap();
    for value in ["1e-310", "5e-324", "1e-13"] {
        std::fs::write(
            &advice,
            format!("seeker_id,advisor_id,weight\n1,2,{value}\n"),
        )
        .unwrap();
        rank_fails(
            &[
                "--people",
                people.to_str().unwrap(),
                "--advice",
                advice.to_str().unwrap(),
            ],
            &format!("advice.csv:2:5: weight '{value}' is not a number from 0.000000000001"),
        );
    }
    // The smallest weight accepted: PageRank stays finite, and shares are the weights'.
    std::fs::write(&advice, "seeker_id,advisor_id,weight\n1,2,1e-12\n").unwrap();
    let out = roving()
        .args(["rank", "--format", "json", "--people"])
        .arg(&people)
        .arg("--advice")
        .arg(&advice)
        .output()
        .unwrap();
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let total: f64 = json
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["pagerank"].as_f64().unwrap())
        .sum();
    assert!((total - 1.0).abs() < 1e-9, "{json}");
}

/// An empty id named a person whom an empty `manager` did not reach: B and C, written as
/// reporting to Boss (id ""), had no manager, and Boss's reports counted for Boss.
#[test]
fn empty_ids_and_empty_managers_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text, message) in [
        (
            "empty_id.ron",
            "Team(people: [\n  Person(id: \"\", name: \"Boss\"),\n  Person(id: \"2\", name: \"B\"),\n])",
            "empty_id.ron:2:10: empty person id (for 'Boss')",
        ),
        (
            "blank_id.ron",
            "Team(people: [\n  Person(id: \"1\", name: \"A\"),\n  Person(id: \"  \", name: \"B\"),\n])",
            "blank_id.ron:3:10: empty person id (for 'B')",
        ),
        (
            "empty_manager.ron",
            "Team(people: [\n  Person(id: \"1\", name: \"A\"),\n  Person(id: \"2\", name: \"B\", manager: \"\"),\n])",
            "empty_manager.ron:3:30: empty manager id for '2'; leave the field out",
        ),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        rank_fails(&[path.to_str().unwrap()], message);
    }
}

/// `-o` over a file the user may not write: renaming over it works in a writable folder,
/// so it was replaced without a word. Refused now, as `cp` or the shell's `>` would, and
/// the file keeps its content. Root may write any file: as root, the run is as `nobody`.
#[cfg(unix)]
#[test]
fn a_read_only_output_file_is_not_replaced() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    let out = dir.path().join("leaders.csv");
    std::fs::write(&out, "old").unwrap();
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o444)).unwrap();
    let team = std::fs::canonicalize("sample_teams/krackhardt.ron").unwrap();
    let root = Command::new("id").arg("-u").output().unwrap().stdout == b"0\n";
    let mut cmd = if root {
        let mut cmd = Command::new("setpriv");
        cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(env!("CARGO_BIN_EXE_roving"));
        cmd
    } else {
        Command::new(env!("CARGO_BIN_EXE_roving"))
    };
    cmd.arg("rank")
        .arg(&team)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("the file is read-only"));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "old");
}

/// A CSV error points at the cell, in characters as an editor counts them: after quoted
/// commas and accented names, in a file of semicolons, and for the cells the other tests
/// do not reach (a perceiver, bytes that are not UTF-8).
#[test]
fn csv_errors_name_the_column_of_the_cell() {
    let dir = tempfile::tempdir().unwrap();
    let people = dir.path().join("people.csv");
    let advice = dir.path().join("advice.csv");
    let fails = |people_text: &[u8], advice_text: &[u8], extra: &[&str], message: &str| {
        std::fs::write(&people, people_text).unwrap();
        std::fs::write(&advice, advice_text).unwrap();
        roving()
            .args(["rank", "--people"])
            .arg(&people)
            .arg("--advice")
            .arg(&advice)
            .args(extra)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(message));
    };
    let team = b"id,name,manager\n1,Ann,\n2,Bob,1\n3,Cy,1\n";
    // "Zoë, \"Z\"" is 12 characters (13 bytes); the manager cell starts at 16.
    fails(
        "id,name,manager\n1,Ann,\n2,\"Zoë, \"\"Z\"\"\",9\n".as_bytes(),
        b"seeker_id,advisor_id\n",
        &[],
        "people.csv:3:16: unknown manager '9' for person '2'",
    );
    fails(
        b"id;name;manager\n1;Ann;\n2;Bob;7\n",
        b"seeker_id;advisor_id\n",
        &[],
        "people.csv:3:7: unknown manager '7' for person '2'",
    );
    fails(
        team,
        b"seeker_id,advisor_id,perceiver_id\n2,1,2\n3,1,ghost\n",
        &["--perceiver", "self"],
        "advice.csv:3:5: unknown perceiver 'ghost'",
    );
    fails(
        team,
        b"seeker_id,advisor_id\n2,1\n3,1\xE9\n",
        &[],
        "advice.csv:3:3: text is not valid UTF-8",
    );
}

/// Repeats of a tie whose weights add up past the limit are refused at the repeat that
/// goes over: in a team file (advice and other relations) and in a relation's CSV file.
#[test]
fn heavy_ties_are_placed_at_the_repeat_that_goes_over() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("team.ron");
    let text = r#"(
    people: [
        (id: "1", name: "Ann"),
        (id: "2", name: "Bob", manager: "1"),
    ],
    advice: [
        (seeker: "1", advisor: "2", weight: 600000000000),
        (seeker: "2", advisor: "1", weight: 600000000000),
        (seeker: "1", advisor: "2", weight: 600000000000),
    ],
    relations: {
        "friendship": [
            (from: "1", to: "2", weight: 2),
            (from: "1", to: "2", weight: 999999999999),
        ],
    },
)
"#;
    std::fs::write(&team, text).unwrap();
    rank_fails(
        &[team.to_str().unwrap()],
        "team.ron:9:37: the advice tie from '1' to '2' is repeated with weights that add up to 1.2e12",
    );
    std::fs::write(
        &team,
        text.replace("weight: 600000000000),\n    ]", "weight: 6),\n    ]"),
    )
    .unwrap();
    rank_fails(
        &[team.to_str().unwrap()],
        "team.ron:14:34: the friendship tie from '1' to '2' is repeated with weights that add up to 1.000000000001e12",
    );
    let friends = dir.path().join("friends.csv");
    std::fs::write(&friends, "from_id,to_id,weight\n2,1,1\n1,2,\n2,1,1e12\n").unwrap();
    let out = dir.path().join("out.ron");
    roving()
        .args(["convert", "--people", PEOPLE, "--relation"])
        .arg(format!("friendship={}", friends.display()))
        .arg("-o")
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "friends.csv:4:5: the friendship tie from '2' to '1' is repeated with weights that add up to 1.000000000001e12",
        ));
    assert!(!out.exists(), "nothing is written");
}

/// Advice ties written as a relation named "advice" are neither read as the advice
/// network nor kept as another relation without a word: they are an error at their place.
#[test]
fn advice_under_relations_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("team.ron");
    let text = r#"(
    people: [(id: "1", name: "Ann"), (id: "2", name: "Bob", manager: "1")],
    relations: {
        "Advice": [
            (from: "2", to: "1"),
        ],
    },
)
"#;
    std::fs::write(&team, text).unwrap();
    rank_fails(
        &[team.to_str().unwrap()],
        "team.ron:5:14: 'Advice' under `relations` would be a second advice network; put these \
         ties in the team's `advice` list",
    );
    // Another name is another relation, and loads.
    std::fs::write(&team, text.replace("\"Advice\"", "\"friendship\"")).unwrap();
    roving().arg("rank").arg(&team).assert().success();
}

/// A header named twice would keep one column and drop the other without a word: the
/// office in Berlin, or a tie to somebody unknown.
#[test]
fn a_header_named_twice_is_refused_at_its_second_cell() {
    let dir = tempfile::tempdir().unwrap();
    let people = dir.path().join("people.csv");
    let advice = dir.path().join("advice.csv");
    let out = dir.path().join("team.ron");
    let convert = |people_text: &str, advice_text: &str| {
        std::fs::write(&people, people_text).unwrap();
        std::fs::write(&advice, advice_text).unwrap();
        roving()
            .args(["convert", "--people"])
            .arg(&people)
            .arg("--advice")
            .arg(&advice)
            .arg("-o")
            .arg(&out)
            .assert()
    };
    let ties = "seeker_id,advisor_id\n2,1\n";
    convert(
        "id,name,manager_id,Office,office\n1,A,,Berlin,Paris\n2,B,1,Rome,Oslo\n",
        ties,
    )
    .code(2)
    .stderr(predicate::str::contains(
        "people.csv:1:27: the header names 'office' twice (columns 4 and 5 of the header)",
    ));
    // Names that read the same once case and punctuation are set aside are the same column.
    convert("id,name,Manager ID,manager_id\n1,A,,\n2,B,1,1\n", ties)
        .code(2)
        .stderr(predicate::str::contains(
            "people.csv:1:20: the header names 'manager_id' twice (columns 3 and 4",
        ));
    let chart = "id,name,manager_id\n1,A,\n2,B,1\n";
    convert(chart, "seeker_id,advisor_id,advisor_id\n2,1,9\n")
        .code(2)
        .stderr(predicate::str::contains(
            "advice.csv:1:22: the header names 'advisor_id' twice (columns 2 and 3",
        ));
    assert!(!out.exists());
    // Columns the advice file does not read may repeat.
    convert(chart, "seeker_id,advisor_id,note,note\n2,1,a,b\n").success();
    assert!(out.exists());
    // The same in an HR export given to `import`, compared as its other headers are.
    std::fs::write(
        &people,
        "Employee ID;Name;Location;Manager;LOCATION\n1;A;B;;C\n",
    )
    .unwrap();
    roving()
        .args(["import", "--org"])
        .arg(&people)
        .args(["--survey", "tests/fixtures/import/edge_list.csv", "-o"])
        .arg(dir.path().join("imported.ron"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "people.csv:1:35: the header names 'LOCATION' twice (columns 3 and 5",
        ));
    assert!(!dir.path().join("imported.ron").exists());
}

/// Files a command writes beside or instead of `-o` never replace its inputs.
#[test]
fn derived_and_report_outputs_never_replace_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let nodes = dir.path().join("team.nodes.csv");
    let edges = dir.path().join("team.edges.csv");
    std::fs::write(&nodes, "id,name,manager_id\n1,A,\n2,B,1\n").unwrap();
    std::fs::write(&edges, "seeker_id,advisor_id\n2,1\n").unwrap();
    // A Gephi round trip: `export -o team.csv` writes team.nodes.csv and team.edges.csv.
    roving()
        .args(["export", "--people"])
        .arg(&nodes)
        .arg("--advice")
        .arg(&edges)
        .arg("-o")
        .arg(dir.path().join("team.csv"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "team.nodes.csv, which is an input",
        ));
    assert!(
        std::fs::read_to_string(&nodes)
            .unwrap()
            .starts_with("id,name")
    );
    let survey = dir.path().join("survey.csv");
    std::fs::copy("tests/fixtures/import/edge_list.csv", &survey).unwrap();
    let before = std::fs::read(&survey).unwrap();
    let team = dir.path().join("team.ron");
    let import = |report: &std::path::Path| {
        roving()
            .args([
                "import",
                "--org",
                "tests/fixtures/import/org.csv",
                "--survey",
            ])
            .arg(&survey)
            .arg("--report")
            .arg(report)
            .arg("-o")
            .arg(&team)
            .assert()
            .code(2)
    };
    import(&survey).stderr(predicate::str::contains("is an input of this command"));
    import(&dir.path().join(".").join("team.ron"))
        .stderr(predicate::str::contains("is the team file -o writes"));
    assert_eq!(std::fs::read(&survey).unwrap(), before);
    assert!(!team.exists());
}

/// Serde keeps the last value of a map key written twice: a team file's attributes and
/// relations say so instead of losing the first.
#[test]
fn a_map_key_written_twice_in_a_team_file_is_placed() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("twice.ron");
    let fails = |text: &str, message: &str| {
        std::fs::write(&team, text).unwrap();
        roving()
            .arg("rank")
            .arg(&team)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(message));
    };
    fails(
        "Team(people: [Person(id: \"1\", name: \"A\", attributes: {\"a\": \"1\", \"a\": \"2\"})])",
        "twice.ron:1:66: \"a\" is written twice in this map: one of its values would be lost",
    );
    fails(
        "Team(\n  people: [Person(id: \"1\", name: \"A\"), Person(id: \"2\", name: \"B\")],\n  \
         relations: {\n    \"friendship\": [Link(from: \"1\", to: \"2\")],\n    \
         \"friendship\": [Link(from: \"2\", to: \"1\")],\n  },\n)\n",
        "twice.ron:5:6: \"friendship\" is written twice in this map",
    );
}
