//! The command line as a user runs it, over `sample_teams/`.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn roving() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_roving"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    // Tables are fitted to `COLUMNS` when it is set; these tests expect them whole.
    cmd.env_remove("COLUMNS");
    cmd
}

fn stdout(args: &[&str]) -> String {
    let output = roving().args(args).output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn json_has_exactly_the_documented_keys() {
    let text = stdout(&["rank", "sample_teams/krackhardt.ron", "--format", "json"]);
    let rows: Vec<Value> = serde_json::from_str(&text).unwrap();
    assert_eq!(rows.len(), 21);
    let keys: Vec<&str> = rows[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut expected = roving::io::COLUMNS.to_vec();
    let mut got = keys.clone();
    expected.sort_unstable();
    got.sort_unstable();
    assert_eq!(got, expected);
    assert_eq!(rows[0]["id"], "2");
    assert_eq!(rows[0]["rank"], 1);
    assert_eq!(rows[0]["nayar"], 14);
    assert_eq!(rows[0]["in_degree"], 18);
    assert_eq!(rows[0]["manager"], "7");
    assert_eq!(rows[0]["roles"], serde_json::json!(["manager-leader"]));
    let ids: Vec<&str> = rows
        .iter()
        .take(5)
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["2", "18", "1", "21", "8"]);
}

#[test]
fn csv_has_the_same_columns_and_one_row_per_person() {
    let text = stdout(&["rank", "sample_teams/lazega.ron", "--format", "csv"]);
    let mut lines = text.lines();
    assert_eq!(lines.next().unwrap(), roving::io::COLUMNS.join(","));
    assert_eq!(lines.count(), 71);
    // No reporting lines: Nayar count is the in-degree, and lawyer 26 leads with 37.
    assert!(
        text.lines()
            .nth(1)
            .unwrap()
            .starts_with("1,26,L26,partner,litigation,,0,37,37,")
    );
}

#[test]
fn csv_is_the_default_in_a_pipe_and_table_on_request() {
    let piped = stdout(&["rank", "sample_teams/krackhardt.ron"]);
    assert!(piped.starts_with("rank,id,name,"));
    let table = stdout(&[
        "rank",
        "sample_teams/krackhardt.ron",
        "--format",
        "table",
        "--top",
        "3",
    ]);
    assert!(
        table
            .starts_with("Krackhardt high-tech managers — 21 people, 190 advice ties; scope chain")
    );
    assert!(table.contains("★ roving-leader"));
    assert!(
        !table.contains('\u{1b}'),
        "no colour codes outside a terminal"
    );
    let rows: Vec<&str> = table.lines().skip(3).take(3).collect();
    assert!(
        rows[2].starts_with("3  1   A01 ") && rows[2].ends_with("★ roving-leader"),
        "{table}"
    );
}

#[test]
fn department_filter_keeps_the_team_ranks() {
    let json = |args: &[&str]| -> Vec<Value> {
        let mut all = vec!["rank", "sample_teams/northwind.ron", "--format", "json"];
        all.extend_from_slice(args);
        serde_json::from_str(&stdout(&all)).unwrap()
    };
    let everybody = json(&[]);
    let of = |departments: &[&str]| -> Vec<(Value, Value)> {
        everybody
            .iter()
            .filter(|r| departments.iter().any(|d| r["department"] == *d))
            .map(|r| (r["rank"].clone(), r["id"].clone()))
            .collect()
    };
    let pairs = |rows: Vec<Value>| -> Vec<(Value, Value)> {
        rows.iter()
            .map(|r| (r["rank"].clone(), r["id"].clone()))
            .collect()
    };
    let sales = of(&["Sales"]);
    assert!(sales.len() > 10 && sales.len() < everybody.len());
    // Any case, spaces around ignored; ranks are those in the whole team.
    assert_eq!(pairs(json(&["--department", " SALES "])), sales);
    assert_eq!(
        pairs(json(&["--department", "sales", "--department", "Finance"])),
        of(&["Sales", "Finance"])
    );
    let first_three: Vec<_> = sales.iter().take(3).cloned().collect();
    assert_eq!(
        pairs(json(&["--department", "Sales", "--top", "3"])),
        first_three
    );
    // The Markdown heading says the list is not the whole team.
    let markdown = stdout(&[
        "rank",
        "sample_teams/northwind.ron",
        "--department",
        "sales",
        "--role",
        "roving-leader",
        "--format",
        "markdown",
    ]);
    assert!(
        markdown.contains("ranked by nayar; only roving-leader; only department Sales;"),
        "{markdown}"
    );
}

/// `Sales` and `sales` are two departments everywhere in roving: `--department` takes the
/// one named exactly, and matches in any case only when none is, naming each department
/// it took. Both were listed, and the summary named `Sales` alone.
#[test]
fn a_department_named_exactly_is_taken_alone() {
    let dir = tempfile::tempdir().unwrap();
    let people = dir.path().join("people.csv");
    std::fs::write(
        &people,
        "id,name,manager_id,department\n1,A,,Sales\n2,B,,sales\n3,C,,Eng\n",
    )
    .unwrap();
    let people = people.to_str().unwrap();
    let listed = |departments: &[&str]| -> (Vec<String>, String) {
        let mut args = vec!["rank", "--people", people, "--format", "markdown"];
        for d in departments {
            args.extend(["--department", d]);
        }
        let markdown = stdout(&args);
        let ids = markdown
            .lines()
            .filter(|l| l.starts_with("| ") && !l.starts_with("| rank"))
            .map(|l| l.split(" | ").nth(1).unwrap().to_string())
            .collect();
        let summary = markdown.lines().nth(2).unwrap();
        let only = summary.split("; ").find(|p| p.starts_with("only")).unwrap();
        (ids, only.to_string())
    };
    let department = |ids: &[&str], only: &str| {
        (
            ids.iter().map(ToString::to_string).collect::<Vec<_>>(),
            only.to_string(),
        )
    };
    assert_eq!(
        listed(&["sales"]),
        department(&["2"], "only department sales")
    );
    assert_eq!(
        listed(&[" Sales "]),
        department(&["1"], "only department Sales")
    );
    assert_eq!(
        listed(&["SALES"]),
        department(&["1", "2"], "only department Sales or sales")
    );
    assert_eq!(
        listed(&["sales", "Sales", "SALES"]),
        department(&["1", "2"], "only department sales or Sales")
    );
}

#[test]
fn an_unknown_department_is_named_with_the_closest_one() {
    let out = std::env::temp_dir().join(format!("roving-dept-{}.csv", std::process::id()));
    let _ = std::fs::remove_file(&out);
    roving()
        .args([
            "rank",
            "sample_teams/northwind.ron",
            "--department",
            "Sals",
            "-o",
        ])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--department 'Sals': no such department in this team (did you mean 'Sales'?); \
             its 8 departments are: Customer Success, Engineering, Executive, Finance, \
             Marketing, Operations, Product, Sales",
        ));
    assert!(!out.exists());
}

#[test]
fn top_role_and_by_filter_and_sort() {
    let text = stdout(&[
        "rank",
        "sample_teams/northwind.ron",
        "--role",
        "roving-leader",
        "--format",
        "json",
    ]);
    let rows: Vec<Value> = serde_json::from_str(&text).unwrap();
    assert!(rows.len() >= 4);
    assert!(rows.iter().all(|r| {
        r["reports"] == 0
            && r["roles"]
                .as_array()
                .unwrap()
                .contains(&"roving-leader".into())
    }));
    // The planted roving leaders of the generated team are all found.
    for planted in ["89", "160", "311", "348"] {
        assert!(
            rows.iter().any(|r| r["id"] == planted),
            "planted leader {planted} missing"
        );
    }
    let by_pagerank = stdout(&[
        "rank",
        "sample_teams/krackhardt.ron",
        "--by",
        "pagerank",
        "--top",
        "2",
        "--format",
        "csv",
    ]);
    let ids: Vec<&str> = by_pagerank
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(1).unwrap())
        .collect();
    assert_eq!(ids, ["21", "7"]);
    let by_betweenness = stdout(&[
        "rank",
        "sample_teams/krackhardt.ron",
        "--by",
        "betweenness",
        "--top",
        "1",
        "--format",
        "csv",
    ]);
    assert!(by_betweenness.lines().nth(1).unwrap().starts_with("1,18,"));
}

#[test]
fn scopes_narrow_the_count() {
    let count = |scope: &str| -> u64 {
        let text = stdout(&[
            "rank",
            "sample_teams/krackhardt.ron",
            "--scope",
            scope,
            "--format",
            "json",
        ]);
        let rows: Vec<Value> = serde_json::from_str(&text).unwrap();
        rows.iter().find(|r| r["id"] == "1").unwrap()["nayar"]
            .as_u64()
            .unwrap()
    };
    // Manager 1: 13 outside the chain; 11 of them outside department 4 (README of the data set).
    assert_eq!(count("chain"), 13);
    assert_eq!(count("department"), 11);
    assert!(count("team") <= 13);
}

#[test]
fn output_file_format_follows_extension_and_write_is_atomic() {
    let dir = tempfile::tempdir().unwrap();
    for (name, starts) in [
        ("l.csv", "rank,id"),
        ("l.json", "["),
        ("l.md", "# Krackhardt"),
    ] {
        let path = dir.path().join(name);
        roving()
            .args(["rank", "sample_teams/krackhardt.ron", "-o"])
            .arg(&path)
            .assert()
            .success()
            .stderr(predicate::str::contains("wrote 21 people to"));
        assert!(
            std::fs::read_to_string(&path).unwrap().starts_with(starts),
            "{name}"
        );
    }
    let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
    assert_eq!(leftovers, 3, "no temporary files left behind");
}

#[test]
fn samples_flag_says_betweenness_is_an_estimate() {
    roving()
        .args([
            "rank",
            "sample_teams/lazega.ron",
            "--samples",
            "10",
            "--format",
            "csv",
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "betweenness is an estimate from 10 sampled source people (of 71)",
        ));
    let md = stdout(&[
        "rank",
        "sample_teams/lazega.ron",
        "--samples",
        "10",
        "--format",
        "markdown",
    ]);
    assert!(md.contains("betweenness is an estimate from 10 sampled"));
}

/// Exact betweenness takes people × ties steps (hours at 1M people): without `--samples`,
/// `rank` estimates it beyond 2 billion steps and says so; a small team stays exact. (Where
/// the line falls is checked in `Sources::default_for`'s unit test.)
#[test]
fn betweenness_is_sampled_by_default_for_large_teams() {
    let dir = tempfile::tempdir().unwrap();
    roving()
        .args(["generate", "--people", "17000", "--seed", "3", "--csv-dir"])
        .arg(dir.path())
        .assert()
        .success();
    let output = roving()
        .args(["rank", "--format", "csv", "--top", "1", "--people"])
        .arg(dir.path().join("people.csv"))
        .arg("--advice")
        .arg(dir.path().join("advice.csv"))
        .output()
        .unwrap();
    assert!(output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains(
            "betweenness is an estimate from 256 sampled source people (of 17,000); each \
             score is within ±0.085 of the exact value with 95% probability (Hoeffding bound), \
             and the broker role rests on it; --samples all gives exact values, which take \
             about people × ties steps (without --samples, betweenness is exact up to \
             2,000,000,000 of them)"
        ),
        "{stderr}"
    );
    let small = roving()
        .args(["rank", "sample_teams/northwind.ron", "--format", "csv"])
        .output()
        .unwrap();
    assert!(small.status.success());
    assert!(
        !String::from_utf8(small.stderr)
            .unwrap()
            .contains("estimate")
    );
}

#[test]
fn samples_all_gives_the_exact_values() {
    let exact = stdout(&["rank", "sample_teams/lazega.ron", "--format", "csv"]);
    let all = stdout(&[
        "rank",
        "sample_teams/lazega.ron",
        "--format",
        "csv",
        "--samples",
        "all",
    ]);
    let sampled = stdout(&[
        "rank",
        "sample_teams/lazega.ron",
        "--format",
        "csv",
        "--samples",
        "10",
    ]);
    assert_eq!(all, exact);
    assert_ne!(sampled, exact);
}

#[test]
fn csv_pair_gives_the_same_ranking_as_the_team_file() {
    let dir = tempfile::tempdir().unwrap();
    roving()
        .args(["generate", "--people", "120", "--seed", "5", "--csv-dir"])
        .arg(dir.path())
        .assert()
        .success();
    let people = dir.path().join("people.csv");
    let advice = dir.path().join("advice.csv");
    let ron = dir.path().join("team.ron");
    roving()
        .args(["convert", "--people"])
        .arg(&people)
        .arg("--advice")
        .arg(&advice)
        .arg("-o")
        .arg(&ron)
        .assert()
        .success();
    let from_csv = roving()
        .args(["rank", "--format", "csv", "--people"])
        .arg(&people)
        .arg("--advice")
        .arg(&advice)
        .output()
        .unwrap();
    let from_ron = roving()
        .args(["rank", "--format", "csv"])
        .arg(&ron)
        .output()
        .unwrap();
    // The people CSV where the team file goes, as a user with the pair types it first.
    let positional = roving()
        .args(["rank", "--format", "csv"])
        .arg(&people)
        .arg("--advice")
        .arg(&advice)
        .output()
        .unwrap();
    // Any file but a .ron team file is the people file when --advice comes with it.
    let text_people = dir.path().join("people.txt");
    std::fs::copy(&people, &text_people).unwrap();
    let other_extension = roving()
        .args(["rank", "--format", "csv"])
        .arg(&text_people)
        .arg("--advice")
        .arg(&advice)
        .output()
        .unwrap();
    // A pipe (`--people <(zcat people.csv.gz)`) cannot be rewound: it streams once.
    let piped = roving()
        .args([
            "rank",
            "--format",
            "csv",
            "--people",
            "/dev/stdin",
            "--advice",
        ])
        .arg(&advice)
        .write_stdin(std::fs::read(&people).unwrap())
        .output()
        .unwrap();
    assert!(from_csv.status.success() && from_ron.status.success());
    for run in [&positional, &other_extension, &piped] {
        assert!(run.status.success(), "{run:?}");
        assert_eq!(run.stdout, from_csv.stdout);
    }
    assert_eq!(from_csv.stdout, from_ron.stdout);
}

/// A person whose name is empty (or spaces) goes by their id in a team file, as with an
/// empty `name` cell in the CSV pair: both rank alike, and `convert` then `rank` shows the
/// same list. The team file used to keep the blank name.
#[test]
fn an_empty_name_is_the_id_in_a_team_file_as_in_the_csv_pair() {
    let dir = tempfile::tempdir().unwrap();
    let people = dir.path().join("people.csv");
    let advice = dir.path().join("advice.csv");
    let team = dir.path().join("team.ron");
    let converted = dir.path().join("converted.ron");
    std::fs::write(&people, "id,name,manager_id\n1,,\n2, ,1\n3,Cy,1\n").unwrap();
    std::fs::write(&advice, "seeker_id,advisor_id\n2,1\n3,2\n").unwrap();
    std::fs::write(
        &team,
        r#"Team(people: [Person(id: "1", name: ""), Person(id: "2", name: " ", manager: "1"),
            Person(id: "3", name: "Cy", manager: "1")],
            advice: [Tie(seeker: "2", advisor: "1"), Tie(seeker: "3", advisor: "2")])"#,
    )
    .unwrap();
    roving()
        .args(["convert", "--people"])
        .arg(&people)
        .arg("--advice")
        .arg(&advice)
        .arg("-o")
        .arg(&converted)
        .assert()
        .success();
    let rank = |args: &[&std::path::Path]| {
        let mut cmd = roving();
        cmd.args(["rank", "--format", "csv"]).args(args);
        let run = cmd.output().unwrap();
        assert!(run.status.success(), "{run:?}");
        String::from_utf8(run.stdout).unwrap()
    };
    let from_ron = rank(&[&team]);
    let names: Vec<&str> = from_ron
        .lines()
        .skip(1)
        .map(|row| row.split(',').nth(2).unwrap())
        .collect();
    assert_eq!(names, ["2", "1", "Cy"], "{from_ron}");
    let pair = [
        std::path::Path::new("--people"),
        &people,
        std::path::Path::new("--advice"),
        &advice,
    ];
    assert_eq!(rank(&pair), from_ron);
    assert_eq!(rank(&[&converted]), from_ron);
}

#[test]
fn convert_reads_an_advice_relation_as_the_advice_ties() {
    let dir = tempfile::tempdir().unwrap();
    let people = "tests/fixtures/css/people.csv";
    let advice = "tests/fixtures/css/advice.csv";
    let with_flag = dir.path().join("flag.ron");
    let with_relation = dir.path().join("relation.ron");
    roving()
        .args(["convert", "--people", people, "--advice", advice, "-o"])
        .arg(&with_flag)
        .assert()
        .success();
    roving()
        .args(["convert", "--people", people, "--relation"])
        .arg(format!("Advice={advice}"))
        .arg("-o")
        .arg(&with_relation)
        .assert()
        .success()
        .stderr(predicate::str::contains("190 advice ties"));
    // Other relations are kept and counted in the message (it named the advice ties only).
    roving()
        .args([
            "convert",
            "--people",
            people,
            "--advice",
            advice,
            "--relation",
        ])
        .arg(format!("cowork={advice}"))
        .arg("-o")
        .arg(dir.path().join("cowork.ron"))
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "wrote 21 people, 190 advice ties, 190 cowork ties to",
        ));
    assert_eq!(
        std::fs::read_to_string(&with_flag).unwrap(),
        std::fs::read_to_string(&with_relation).unwrap()
    );
    // Two advice files are one too many: refused before anything is written.
    let both = dir.path().join("both.ron");
    roving()
        .args([
            "convert",
            "--people",
            people,
            "--advice",
            advice,
            "--relation",
        ])
        .arg(format!("advice={advice}"))
        .arg("-o")
        .arg(&both)
        .assert()
        .failure()
        .stderr(predicate::str::contains("names the advice network"));
    assert!(!both.exists());
    // Nor does a relation come from two files: the second would replace the first.
    roving()
        .args(["convert", "--people", people, "--relation"])
        .arg(format!("trust={advice}"))
        .arg("--relation")
        .arg(format!("trust={advice}"))
        .arg("-o")
        .arg(&both)
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "--relation trust=... is given twice",
        ));
    assert!(!both.exists());
}

#[test]
fn csv_files_where_a_team_file_belongs_are_refused_not_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let advice = dir.path().join("advice.csv");
    std::fs::write(&advice, "seeker_id,advisor_id\n1,2\n").unwrap();
    // A team file holds its own ties: an --advice next to it used to be dropped silently.
    roving()
        .args(["rank", "sample_teams/acme.ron", "--advice"])
        .arg(&advice)
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(
            predicate::str::contains("sample_teams/acme.ron is a team file").and(
                predicate::str::contains("advice.csv goes with a people CSV"),
            ),
        );
    roving()
        .args(["rank", "--advice"])
        .arg(&advice)
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("add --people FILE"));
    // diff takes two waves, each a team file: a CSV there says how to make one.
    roving()
        .args(["diff", "sample_teams/acme.ron"])
        .arg(&advice)
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains(
            "advice.csv: diff compares two team files (.ron)",
        ));
}

#[test]
fn generate_is_deterministic_and_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.ron");
    let b = dir.path().join("b.ron");
    for path in [&a, &b] {
        roving()
            .args(["generate", "--people", "60", "--seed", "11", "-o"])
            .arg(path)
            .assert()
            .success();
    }
    let text = std::fs::read_to_string(&a).unwrap();
    assert_eq!(text, std::fs::read_to_string(&b).unwrap());
    assert!(text.starts_with("// Synthetic org made by `roving generate --people 60 --seed 11"));
    // The shipped sample was made by the same generator and still parses to the same file.
    let org = roving::io::team_from_str(&text).unwrap();
    assert_eq!(org.len(), 60);
    let again = roving::io::team_to_string(&org.to_team(), Some(&header(&text))).unwrap();
    assert_eq!(again, text);
}

fn header(text: &str) -> String {
    text.lines()
        .take_while(|l| l.starts_with("// "))
        .map(|l| &l[3..])
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn sample_teams_round_trip_byte_for_byte() {
    for name in ["krackhardt", "lazega", "acme", "northwind"] {
        let path = format!("{}/sample_teams/{name}.ron", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).unwrap();
        let org = roving::io::team_from_str(&text).unwrap();
        let again = roving::io::team_to_string(&org.to_team(), Some(&header(&text))).unwrap();
        assert_eq!(again, text, "{name}.ron does not round-trip");
    }
}

#[test]
fn explain_shows_counted_and_excluded_seekers() {
    let text = stdout(&["explain", "1", "sample_teams/krackhardt.ron"]);
    assert!(
        text.starts_with("A01 (1) — Manager, department 4\nManagement chain: A02 (2) → A07 (7)")
    );
    assert!(text.contains("Nayar count (scope chain): 13 — 13 of 18 eligible people (72%)"));
    assert!(text.contains("Counted (13), by department:\n  2 (7): "));
    assert!(
        text.contains(
            "Rank 3 of 21 by Nayar count (the same count as 1 other: ties are ordered by \
             PageRank, then id);"
        ),
        "{text}"
    );
    assert!(text.contains("roles: roving-leader"));
    let vp = stdout(&[
        "explain",
        "A02",
        "sample_teams/krackhardt.ron",
        "--scope",
        "team",
    ]);
    assert!(vp.contains("Not counted ("), "{vp}");
    assert!(
        vp.contains("in own subtree (3): A01 (1), A04 (4), A16 (16)"),
        "{vp}"
    );
    assert!(vp.contains("in management chain (1): A07 (7)"), "{vp}");
    assert!(vp.contains("same manager ("), "{vp}");
}

/// People without a department are a group of their own, `(none)` as in `rank
/// --by-department`; a department really named `(none)` (or `(no department)`, explain's
/// old label) is another. They were listed as one `(no department)` group.
#[test]
fn explain_keeps_a_department_named_none_apart_from_people_without_one() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("team.ron");
    std::fs::write(
        &team,
        r#"Team(people: [
            Person(id: "c", name: "C", department: "(none)"),
            Person(id: "a", name: "A", department: "(none)"),
            Person(id: "b", name: "B", department: "(no department)"),
            Person(id: "d", name: "D"), Person(id: "e", name: "E"),
        ], advice: [Tie(seeker: "a", advisor: "c"), Tie(seeker: "b", advisor: "c"),
            Tie(seeker: "d", advisor: "c"), Tie(seeker: "e", advisor: "c")])"#,
    )
    .unwrap();
    let text = stdout(&["explain", "c", team.to_str().unwrap()]);
    let counted = text
        .split("by department:\n")
        .nth(1)
        .and_then(|rest| rest.split("\n\n").next())
        .unwrap();
    assert_eq!(
        counted,
        "  (none) (2): D (d), E (e)\n  '(none)' (1, own department): A (a)\n  \
         (no department) (1): B (b)",
        "{text}"
    );
    assert!(text.contains("departments reached 2;"), "{text}");
}

#[test]
fn explain_unknown_person_is_an_error() {
    roving()
        .args(["explain", "nobody", "sample_teams/krackhardt.ron"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no person with id or name 'nobody' in the team",
        ));
}

#[test]
fn explain_names_the_ids_of_people_who_share_a_name() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("team.ron");
    std::fs::write(
        &team,
        r#"Team(people: [Person(id: "1", name: "Sam"), Person(id: "2", name: "Sam", manager: "1"),
            Person(id: "3", name: "Kim", manager: "1")], advice: [Tie(seeker: "2", advisor: "3")])"#,
    )
    .unwrap();
    roving()
        .args(["explain", "sam"])
        .arg(&team)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "2 people are named 'sam' in some case (ids 1, 2); give the id of the one you mean",
        ));
    // The top of the chart: nobody is outside their hierarchy, and nobody asks them.
    roving()
        .args(["explain", "1"])
        .arg(&team)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Nayar count (scope chain): 0 — everyone else is inside their reporting hierarchy",
        ))
        .stdout(predicate::str::contains(
            "Not counted (0):\n  none: nobody comes to them for advice",
        ));
}

/// A name written exactly so wins over names that differ only in case (the help says "an
/// exact name"); an id wins over a name, with a note naming who else is called so.
#[test]
fn explain_prefers_the_exact_name_and_says_when_an_id_is_also_a_name() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("team.ron");
    std::fs::write(
        &team,
        r#"Team(people: [Person(id: "1", name: "Ann"), Person(id: "2", name: "ANN", manager: "1"),
            Person(id: "3", name: "2", manager: "1")], advice: [Tie(seeker: "2", advisor: "3")])"#,
    )
    .unwrap();
    for (key, who) in [("Ann", "Ann (1)"), ("ANN", "ANN (2)")] {
        roving()
            .args(["explain", key])
            .arg(&team)
            .assert()
            .success()
            .stdout(predicate::str::starts_with(who));
    }
    roving()
        .args(["explain", "ann"])
        .arg(&team)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "2 people are named 'ann' in some case (ids 1, 2)",
        ));
    roving()
        .args(["explain", "2"])
        .arg(&team)
        .assert()
        .success()
        .stdout(predicate::str::starts_with("ANN (2)"))
        .stderr(predicate::str::contains(
            "note: '2' is the id of ANN (2), explained here; also named '2': 2 (3) (explain them by id)",
        ));
}

/// `explain` finds people as a user types them (an id in another case, a name without its
/// accents, stray spaces), prints names that hold terminal controls as plain text, says "1
/// eligible person", and shows small weights as they are, not as 0.
#[test]
fn explain_finds_loosely_and_prints_safely() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("team.ron");
    std::fs::write(
        &team,
        r#"Team(people: [
            Person(id: "E1", name: "María Gómez", title: "", department: ""),
            Person(id: "E2", name: "Evil\u{1b}[2JName\nFake line", manager: "E1",
                   department: "D\u{202e}X"),
            Person(id: "E3", name: "Bo", manager: "E1"),
        ], advice: [Tie(seeker: "E2", advisor: "E3", weight: 0.004)])"#,
    )
    .unwrap();
    for key in ["e1", " Maria Gomez ", "gómez, maría"] {
        roving()
            .args(["explain", key])
            .arg(&team)
            .assert()
            .success()
            .stdout(predicate::str::starts_with("María Gómez (E1)\n"));
    }
    let text = stdout(&["explain", "Bo", team.to_str().unwrap()]);
    assert!(
        text.contains("1 — 1 of 1 eligible person (100%) comes to them for advice."),
        "{text}"
    );
    assert!(
        text.contains("Evil [2JName Fake line (E2) ×0.004"),
        "{text}"
    );
    assert!(text.contains("  D X (1): "), "{text}");
    assert!(!text.contains(['\u{1b}', '\u{202e}']), "{text}");
    let evil = stdout(&["explain", "E2", team.to_str().unwrap()]);
    assert!(
        evil.starts_with("Evil [2JName Fake line (E2) — department D X\n"),
        "{evil}"
    );
}

/// Markdown is for reports that travel without the command: it says what was ranked and how
/// (before, a "nayar" column could be any scope, and the department table had no heading).
#[test]
fn markdown_says_scope_order_and_sampling() {
    let text = stdout(&[
        "rank",
        "sample_teams/krackhardt.ron",
        "--format",
        "markdown",
        "--scope",
        "department",
        "--by",
        "in-degree",
        "--samples",
        "3",
        "--top",
        "1",
    ]);
    assert!(
        text.starts_with(
            "# Krackhardt high-tech managers — informal leaders\n\n21 people, 190 advice ties; \
             scope department, ranked by in-degree; betweenness estimated from 3 sources\n\n|"
        ),
        "{text}"
    );
    let departments = stdout(&[
        "rank",
        "sample_teams/krackhardt.ron",
        "--by-department",
        "--format",
        "markdown",
        "--scope",
        "team",
    ]);
    assert!(
        departments.starts_with(
            "# Krackhardt high-tech managers by department\n\n21 people, 190 advice ties; \
             scope team\n\n| department |"
        ),
        "{departments}"
    );
}

#[test]
fn no_team_uses_the_embedded_sample() {
    roving()
        .args(["rank", "--format", "csv", "--top", "1"])
        .assert()
        .success()
        .stderr(predicate::str::contains("using the embedded sample"))
        .stdout(predicate::str::contains("1,2,A02,Vice President,4,7,3,14,"));
}

#[test]
fn bad_flags_exit_2() {
    roving()
        .args(["rank", "--top-share", "3"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "invalid value '3' for '--top-share <SHARE>': '3' is not a share",
        ));
    for bad in ["0", "1.5", "some"] {
        roving()
            .args(["rank", "sample_teams/lazega.ron", "--samples", bad])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(format!(
                "'{bad}' is not a number of people; give 1 or more, or 'all' for exact values"
            )));
    }
    roving()
        .args(["rank", "--scope", "galaxy"])
        .assert()
        .code(2);
    // Negative numbers are values with a plain reason, not flags clap cannot place.
    for (flag, value, reason) in [
        ("--top-share", "-0.5", "is not a share"),
        ("--samples", "-3", "is not a number of people"),
        ("--top", "-1", "is not a whole number; give 0 or more"),
        ("--seed", "-1", "is not a whole number; give 0 or more"),
        ("--min-nayar", "-2", "is not a whole number; give 0 or more"),
        ("--min-group", "-5", "is not a whole number; give 0 or more"),
        ("--min-nayar", "99999999999", "is too large here"),
    ] {
        roving()
            .args(["rank", "sample_teams/lazega.ron", flag, value])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(format!("'{value}' {reason}")))
            .stderr(predicate::str::contains("tip:").not());
    }
}

#[test]
fn readme_team_file_example_is_valid() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let fence = "```ron\n// Comments are allowed";
    let start = readme.find(fence).expect("README has a team file example") + "```ron\n".len();
    let end = start + readme[start..].find("```").unwrap();
    let org = roving::io::team_from_str(&readme[start..end]).unwrap();
    assert_eq!(org.len(), 3);
    assert_eq!(org.advice().edge_count(), 2);
    assert_eq!(org.relations()[0].name, "friendship");
}

#[test]
fn readme_key_file_example_is_valid() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = readme
        .find("```ron\n[")
        .expect("README has a key file example")
        + "```ron\n".len();
    let end = start + readme[start..].find("```").unwrap();
    let mut keymap = roving::tui::Keymap::default();
    let notes = roving::tui::keyfile::apply(
        &readme[start..end],
        std::path::Path::new("README.md"),
        &mut keymap,
    )
    .unwrap();
    // The example takes no key from another action.
    assert!(notes.is_empty(), "{notes:?}");
}

#[test]
fn shipped_synthetic_samples_are_what_the_generator_makes() {
    for (file, people, seed, name) in [
        ("acme.ron", 40, 3, "Acme Robotics (synthetic)"),
        ("northwind.ron", 400, 7, roving::generate::DEFAULT_NAME),
    ] {
        let made = roving::generate::generate(people, seed, name);
        let text = roving::io::team_to_string(&made.to_team(), Some(&made.header(seed))).unwrap();
        let path = format!("{}/sample_teams/{file}", env!("CARGO_MANIFEST_DIR"));
        assert_eq!(text, std::fs::read_to_string(path).unwrap(), "{file}");
    }
}

/// A cognitive social structure (every manager's view of every tie) is refused until the
/// user says which ties to keep; each rule is checked against published figures.
#[test]
fn perceiver_rules_read_cognitive_social_structures() {
    const CSS: &str = "tests/fixtures/css";
    let rank = |advice: &str, rule: Option<&str>| {
        let mut cmd = roving();
        cmd.args(["rank", "--people", &format!("{CSS}/people.csv")])
            .args(["--advice", &format!("{CSS}/{advice}"), "--format", "csv"]);
        if let Some(rule) = rule {
            cmd.args(["--perceiver", rule]);
        }
        cmd.assert()
    };
    rank("css_advice.csv", None)
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains(
            "css_advice.csv:1: this file has a 'perceiver_id' column",
        ))
        .stderr(predicate::str::contains("--perceiver self"));
    // Each manager's own view is exactly the self-reported network.
    let own = rank("css_advice.csv", Some("self"))
        .success()
        .get_output()
        .stdout
        .clone();
    let reported = rank("advice.csv", None)
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(
        String::from_utf8(own).unwrap(),
        String::from_utf8(reported).unwrap()
    );
    // Both people report it: 129 ties (Krackhardt's intersection rule); A02 keeps 18
    // seekers, A01 12 (counted from the file by hand in Python).
    let consensus = roving()
        .args(["rank", "--people", &format!("{CSS}/people.csv")])
        .args([
            "--advice",
            &format!("{CSS}/css_advice.csv"),
            "--perceiver",
            "consensus",
        ])
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(consensus.status.success());
    let rows: Value = serde_json::from_slice(&consensus.stdout).unwrap();
    let in_degree = |id: &str| {
        rows.as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .unwrap()["in_degree"]
            .as_u64()
            .unwrap()
    };
    let total: u64 = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["in_degree"].as_u64().unwrap())
        .sum();
    assert_eq!(total, 129);
    assert_eq!(
        (in_degree("2"), in_degree("21"), in_degree("1")),
        (18, 15, 12)
    );
}

#[test]
fn people_without_advice_load_the_org_chart_alone() {
    let dir = tempfile::tempdir().unwrap();
    let people = dir.path().join("people.csv");
    std::fs::write(
        &people,
        "id,name,manager_id,department\n1,Ann,,Exec\n2,Bo,1,Sales\n3,Cy,1,Ops\n",
    )
    .unwrap();
    let output = roving()
        .args(["rank", "--format", "json", "--people"])
        .arg(&people)
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("no --advice file"));
    let rows: Vec<Value> = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(rows.len(), 3);
    assert!(rows.iter().all(|r| r["nayar"] == 0 && r["in_degree"] == 0));
    let ann = rows.iter().find(|r| r["id"] == "1").unwrap();
    assert_eq!(ann["reports"], 2);
    // The chart alone also converts to a team file, which loads again.
    let ron = dir.path().join("team.ron");
    roving()
        .args(["convert", "--people"])
        .arg(&people)
        .arg("-o")
        .arg(&ron)
        .assert()
        .success();
    roving().arg("rank").arg(&ron).assert().success();
    // An advice file still needs its people.
    roving()
        .args(["rank", "--advice"])
        .arg(&people)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--people"));
}

#[test]
fn metric_flags_belong_to_the_commands_that_compute() {
    // Only the commands that compute offer the metric flags.
    let generate = stdout(&["generate", "--help"]);
    assert!(!generate.contains("--samples"), "{generate}");
    let rank = stdout(&["rank", "--help"]);
    assert!(
        rank.contains("--samples") && rank.contains("--min-nayar"),
        "{rank}"
    );
    roving()
        .args(["generate", "--people", "10", "--samples", "3"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unexpected argument '--samples'"));
    // Put before the command, they are refused with the line that works.
    roving()
        .args(["--samples", "8", "rank", "sample_teams/lazega.ron"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "hint: options go after the command: roving rank --samples 8 sample_teams/lazega.ron",
        ));
    // An option the command does not take gets no hint that would fail too, and an
    // argument that is not UTF-8 does not make the hint panic.
    roving()
        .args(["--keys", "k.ron", "rank", "sample_teams/lazega.ron"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("hint:").not());
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt as _;
        roving()
            .args(["--samples", "8", "rank"])
            .arg(std::ffi::OsStr::from_bytes(b"caf\xe9.ron"))
            .assert()
            .code(2)
            .stderr(predicate::str::contains(
                "hint: options go after the command",
            ));
    }
    // A mistake with no misplaced option gets clap's message alone.
    roving()
        .args(["rank", "--no-such-flag"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("hint: options go after").not());
}

#[test]
fn outputs_named_as_something_else_are_refused_before_work() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("team.csv");
    roving()
        .args(["generate", "--people", "10", "-o"])
        .arg(&csv)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "generate writes a RON team file, not .csv: name it with .ron, such as -o team.ron; \
             for a people and an advice CSV, use --csv-dir DIR",
        ));
    roving()
        .args(["convert", "--people", "tests/fixtures/css/people.csv", "-o"])
        .arg(dir.path().join("team.json"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "convert writes a RON team file, not .json",
        ));
    roving()
        .args(["rank", "sample_teams/lazega.ron", "-o"])
        .arg(dir.path().join("leaders.xlsx"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "roving does not write .xlsx workbooks; write CSV, which spreadsheets open",
        ));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn table_columns_line_up_with_wide_characters() {
    let dir = tempfile::tempdir().unwrap();
    let people = dir.path().join("people.csv");
    std::fs::write(
        &people,
        "id,name,manager_id,title\n1,李小龍,,Boss\n2,Ann,1,Dev\n3,Zoë Müller,1,Dev\n",
    )
    .unwrap();
    let table = roving()
        .args(["rank", "--format", "table", "--people"])
        .arg(&people)
        .output()
        .unwrap();
    let text = String::from_utf8(table.stdout).unwrap();
    // The title column starts at the same terminal column on every row: a wide character
    // takes two.
    let starts: Vec<usize> = text
        .lines()
        .filter(|l| l.contains("Boss") || l.contains("Dev") || l.contains("title"))
        .map(|l| {
            let at = ["Boss", "Dev", "title"]
                .iter()
                .find_map(|w| l.find(w))
                .unwrap();
            roving::text::width(&l[..at])
        })
        .collect();
    assert_eq!(starts.len(), 4, "{text}");
    assert!(starts.iter().all(|&s| s == starts[0]), "{starts:?}\n{text}");
}

#[test]
fn a_bound_that_says_nothing_is_not_given() {
    let dir = tempfile::tempdir().unwrap();
    let people = dir.path().join("people.csv");
    let advice = dir.path().join("advice.csv");
    std::fs::write(&people, "id,manager_id\n1,\n2,1\n3,1\n4,2\n5,2\n").unwrap();
    std::fs::write(&advice, "seeker_id,advisor_id\n3,4\n5,3\n4,2\n").unwrap();
    // Two of five sources: the Hoeffding bound is 1.2, wider than the scores' range [0, 1].
    roving()
        .args(["rank", "--samples", "2", "--format", "csv", "--people"])
        .arg(&people)
        .arg("--advice")
        .arg(&advice)
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "too few sources to bound its error (±0.1 at 95% takes about 185)",
        ))
        .stderr(predicate::str::contains("within ±").not());
}

#[test]
fn csv_headers_are_matched_as_spreadsheets_write_them() {
    let dir = tempfile::tempdir().unwrap();
    let people = dir.path().join("people.csv");
    let advice = dir.path().join("advice.csv");
    // Bo reports to Ann and asks her: that tie is inside Ann's hierarchy, so her Nayar count
    // is 0. Read without the manager column, Bo would count for her.
    std::fs::write(&people, "ID,Name,Manager ID\n1,Ann,\n2,Bo,1\n").unwrap();
    std::fs::write(&advice, "Seeker ID,Advisor ID\n2,1\n").unwrap();
    let output = roving()
        .args(["rank", "--format", "csv", "--people"])
        .arg(&people)
        .arg("--advice")
        .arg(&advice)
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    let ann = text.lines().find(|l| l.contains(",Ann,")).unwrap();
    let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
    let at = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let cells: Vec<&str> = ann.split(',').collect();
    assert_eq!(
        (cells[at("nayar")], cells[at("in_degree")]),
        ("0", "1"),
        "{text}"
    );
    assert!(String::from_utf8_lossy(&output.stderr).is_empty());

    // No manager column at all: said, with the column that was probably meant.
    std::fs::write(&people, "id,name,manger_id,team\n1,Ann,,x\n2,Bo,1,x\n").unwrap();
    let output = roving()
        .args(["rank", "--format", "csv", "--people"])
        .arg(&people)
        .arg("--advice")
        .arg(&advice)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("has no manager column (manager_id)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("the column 'manger_id' was kept as an attribute"),
        "{stderr}"
    );
    assert!(!stderr.contains("'team'"), "{stderr}");
}

#[test]
fn csv_carries_the_same_full_values_as_json() {
    // At 100k people PageRank is about 1e-5: eight fixed decimals kept three digits, and
    // thousands of people looked tied.
    let dir = tempfile::tempdir().unwrap();
    roving()
        .args(["generate", "--people", "3000", "--seed", "4", "--csv-dir"])
        .arg(dir.path())
        .assert()
        .success();
    let args = |format: &str| {
        let mut args = vec!["rank".to_string(), "--format".into(), format.into()];
        for (flag, file) in [("--people", "people.csv"), ("--advice", "advice.csv")] {
            args.push(flag.into());
            args.push(dir.path().join(file).display().to_string());
        }
        args
    };
    let run = |format: &str| {
        let output = roving().args(args(format)).output().unwrap();
        assert!(output.status.success());
        String::from_utf8(output.stdout).unwrap()
    };
    let json: Value = serde_json::from_str(&run("json")).unwrap();
    let csv = run("csv");
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let at = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let mut compared = 0;
    for (line, person) in csv.lines().skip(1).zip(json.as_array().unwrap()) {
        let cells: Vec<&str> = line.split(',').collect();
        if cells.len() != header.len() {
            continue; // a quoted comma in a name or title: not this test's business
        }
        assert_eq!(cells[at("id")], person["id"].as_str().unwrap());
        for column in ["pagerank", "betweenness", "nayar_share"] {
            let value: f64 = cells[at(column)].parse().unwrap();
            // The very same number, bit for bit.
            assert_eq!(
                value.to_bits(),
                person[column].as_f64().unwrap().to_bits(),
                "{column} of {line}"
            );
        }
        compared += 1;
    }
    assert!(compared > 2900, "{compared}");
}

#[test]
fn a_format_that_contradicts_the_file_name_is_refused_before_writing() {
    let dir = tempfile::tempdir().unwrap();
    for (args, file, refused) in [
        (&["export", "--format", "gexf"][..], "net.graphml", true),
        (&["rank", "--format", "json"][..], "leaders.csv", true),
        (&["rank", "--format", "markdown"][..], "leaders.json", true),
        // Names that say nothing else, or the same format, are fine.
        (&["export", "--format", "dot"][..], "net.gv", false),
        (&["rank", "--format", "table"][..], "leaders.txt", false),
        (&["rank", "--format", "csv"][..], "leaders.CSV", false),
    ] {
        let path = dir.path().join(file);
        let output = roving()
            .args(args)
            .arg("sample_teams/krackhardt.ron")
            .arg("-o")
            .arg(&path)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        if refused {
            assert_eq!(output.status.code(), Some(2), "{file}: {stderr}");
            assert!(stderr.contains("does not match the file name"), "{stderr}");
        } else {
            assert!(output.status.success(), "{file}: {stderr}");
        }
        assert_eq!(path.exists(), !refused, "{file}");
    }
}

/// `generate`'s size and folder: one message for any bad count (before, `1e3` was told "0
/// or more" and `0` was then refused), a file given as the folder named as such, and the
/// header's count in the singular for one person.
#[test]
fn generate_names_bad_sizes_and_folders() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("t.ron");
    for people in ["1e3", "0", "-2", "2147483648"] {
        roving()
            .args(["generate", "--people", people, "-o"])
            .arg(&team)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(format!(
                "'{people}' is not a number of people from 1 to 2,147,483,647"
            )));
    }
    let file = dir.path().join("afile");
    std::fs::write(&file, "keep").unwrap();
    roving()
        .args(["generate", "--people", "3", "--csv-dir"])
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is a file, not a folder"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "keep");
    roving()
        .args(["generate", "--people", "1", "-o"])
        .arg(&team)
        .assert()
        .success();
    let text = std::fs::read_to_string(&team).unwrap();
    assert!(
        text.contains("\n// 1 person, 0 advice ties (seeker -> adviser).\n"),
        "{text}"
    );
}

/// `-o -` is stdout for rank and export (it wrote a file named '-'); the commands that
/// write team files want a name, and `.tsv` is not what roving writes.
#[test]
fn dash_is_stdout_and_tsv_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        roving()
            .current_dir(dir.path())
            .args(args)
            .output()
            .unwrap()
    };
    let team = format!("{}/sample_teams/krackhardt.ron", env!("CARGO_MANIFEST_DIR"));
    let out = run(&["rank", &team, "-o", "-", "--format", "csv", "--top", "1"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("rank,id,name,"));
    let out = run(&["export", &team, "-o", "-", "--format", "dot"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("digraph"));
    let out = run(&["generate", "--people", "3", "-o", "-"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("give a file name such as -o team.ron"));
    let out = run(&["rank", &team, "-o", "leaders.tsv"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("-o leaders.csv"));
    assert!(!dir.path().join("-").exists());
    assert!(!dir.path().join("leaders.tsv").exists());
}

/// Text from the input reaches the terminal without its control characters: the table's
/// title line (a team name that would set the window title) and error messages that quote
/// an id.
#[test]
fn input_text_cannot_drive_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("esc.ron");
    std::fs::write(
        &team,
        r#"Team(name: "T\u{1b}]0;pwned\u{7}", people: [Person(id: "1", name: "A"),
            Person(id: "2", name: "B", manager: "1")], advice: [Tie(seeker: "2", advisor: "1")])"#,
    )
    .unwrap();
    let out = dir.path().join("table.txt");
    roving()
        .args(["rank", "--format", "table", "-o"])
        .arg(&out)
        .arg(&team)
        .assert()
        .success();
    let table = std::fs::read_to_string(&out).unwrap();
    assert!(table.starts_with("T ]0;pwned  — 2 people"), "{table}");
    assert!(!table.contains(['\u{1b}', '\u{7}']), "{table}");
    assert!(table.lines().all(|l| l == l.trim_end()), "{table:?}");
    let bad = dir.path().join("bad.ron");
    std::fs::write(
        &bad,
        r#"Team(people: [Person(id: "1", name: "A", manager: "\u{1b}[2K\u{1b}[31mX")])"#,
    )
    .unwrap();
    let output = roving().arg("rank").arg(&bad).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("unknown manager ' [2K [31mX'"), "{stderr}");
    assert!(!stderr.contains('\u{1b}'), "{stderr}");
}

/// `-o` naming an input is refused before anything is written: `rank team.ron -o team.ron`
/// replaced the team with a table, and `-o people.csv` the HR file with the list. A ranked
/// list is never a team file, so `-o x.ron` is refused too.
#[test]
fn output_never_replaces_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("team.ron");
    std::fs::copy("sample_teams/krackhardt.ron", &team).unwrap();
    let people = dir.path().join("people.csv");
    std::fs::write(&people, "id,name,manager_id\n1,A,\n2,B,1\n").unwrap();
    let before = (
        std::fs::read(&team).unwrap(),
        std::fs::read(&people).unwrap(),
    );
    for args in [
        vec!["rank", "TEAM", "-o", "TEAM"],
        vec!["rank", "--people", "PEOPLE", "-o", "PEOPLE"],
        vec!["rank", "PEOPLE", "--format", "csv", "-o", "PEOPLE"],
        vec!["export", "TEAM", "--format", "json", "-o", "TEAM"],
    ] {
        let args: Vec<&std::ffi::OsStr> = args
            .iter()
            .map(|a| match *a {
                "TEAM" => team.as_os_str(),
                "PEOPLE" => people.as_os_str(),
                other => std::ffi::OsStr::new(other),
            })
            .collect();
        roving()
            .args(&args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("is an input of this command ("))
            .stderr(predicate::str::contains(
                "writing it would replace the data it is made from; write to another file",
            ));
    }
    assert_eq!(
        (
            std::fs::read(&team).unwrap(),
            std::fs::read(&people).unwrap()
        ),
        before
    );
    roving()
        .arg("rank")
        .arg(&team)
        .arg("-o")
        .arg(dir.path().join("leaders.ron"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("a ranked list is not a team file"));
    assert!(!dir.path().join("leaders.ron").exists());
}

/// `roving rank ARGS --format table`, with `COLUMNS` set to `columns` if given.
fn rank_table(args: &[&str], columns: Option<&str>) -> String {
    let mut cmd = roving();
    cmd.arg("rank").args(args).args(["--format", "table"]);
    if let Some(columns) = columns {
        cmd.env("COLUMNS", columns);
    }
    let output = cmd.output().unwrap();
    assert!(output.status.success(), "{output:?}");
    String::from_utf8(output.stdout).unwrap()
}

/// The display width of the widest line of `text`.
fn widest(text: &str) -> usize {
    text.lines()
        .map(unicode_width::UnicodeWidthStr::width)
        .max()
        .unwrap()
}

/// The department table cuts department names to fit the terminal, and wraps its heading
/// and note; written to a file it is whole.
#[test]
fn department_table_fits_the_terminal_width() {
    let table = |columns| {
        let args = ["sample_teams/northwind.ron", "--by-department"];
        rank_table(&args, columns)
    };
    let whole = table(None);
    assert!(whole.contains("Customer Success  "), "{whole}");
    assert!(widest(&whole) > 72, "{whole}");
    assert_eq!(
        table(Some("200")),
        whole,
        "a table that fits is left as it is"
    );
    let narrow = table(Some("72"));
    assert!(widest(&narrow) <= 72, "{narrow}");
    assert!(narrow.contains("Customer Suc…  "), "{narrow}");
    assert!(narrow.contains("\nSales  "), "{narrow}");
    // The heading wraps at a space: no word is split.
    let heading: Vec<&str> = narrow.lines().take_while(|l| !l.is_empty()).collect();
    assert_eq!(heading.len(), 2, "{narrow}");
    assert!(heading[1].starts_with("scope chain"), "{narrow}");
}

/// On a narrow terminal (`COLUMNS`, as `ls` reads it) the rank table fits: roles become
/// their symbols, the title column goes first, names are cut with `…`, and the text around
/// the table wraps. Without it (a pipe) nothing is cut.
#[test]
fn rank_table_fits_the_terminal_width() {
    let table = |columns| rank_table(&["sample_teams/acme.ron", "--top", "5"], columns);
    let whole = table(None);
    assert!(widest(&whole) > 110, "{whole}");
    assert!(
        whole.contains("Senior Software Engineer") && whole.contains("★ roving-leader, ⇄ broker")
    );
    let wide = table(Some("200"));
    assert_eq!(wide, whole, "a table that fits is left as it is");
    let hundred = table(Some("100"));
    assert!(widest(&hundred) <= 100, "{hundred}");
    assert!(hundred.contains("Senior Software Engineer"), "{hundred}");
    assert!(hundred.contains("0.120  ★ ⇄\n"), "symbols alone: {hundred}");
    let narrow = table(Some("72"));
    assert!(widest(&narrow) <= 72, "{narrow}");
    let head = narrow.lines().find(|l| l.starts_with("#  ")).unwrap();
    assert!(
        !head.contains("title") && head.contains("department"),
        "{narrow}"
    );
    assert!(narrow.contains("Engineeri…"), "{narrow}");
    let fifty = table(Some("50"));
    assert!(widest(&fifty) <= 50, "{fifty}");
    assert!(fifty.contains("Arjun Petrov"), "{fifty}");
    assert!(
        fifty.contains("bypassed-manager"),
        "words are not split: {fifty}"
    );
}

/// Output that cannot be written (a full disk) is an error with exit code 2, never a panic;
/// `explain` and `import` used to panic in `print!`. `import` then writes no team file.
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_on_stdout_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("t.ron");
    let team = team.to_str().unwrap();
    let k = "sample_teams/krackhardt.ron";
    let import = [
        "import",
        "--org",
        "tests/fixtures/import/org.csv",
        "--survey",
        "tests/fixtures/import/slots.csv",
        "-o",
        team,
    ];
    for args in [
        &["rank", k, "--format", "csv"][..],
        &["rank", k, "--by-department", "--format", "csv"],
        &["export", k, "--format", "json"],
        &["diff", k, k],
        &["explain", "2", k],
        &import,
    ] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_roving"))
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(args)
            .stdout(full)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("cannot write to stdout"),
            "{args:?}: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
    assert!(!std::path::Path::new(team).exists());
}

/// `generate` needs somewhere to write: without `-o` or `--csv-dir` the message names both
/// (it named `--output` alone), and both at once is refused.
#[test]
fn generate_names_both_destinations() {
    roving()
        .args(["generate", "--people", "5"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "<--output <FILE>|--csv-dir <DIR>>",
        ));
    roving()
        .args(["generate", "--people", "5", "-o", "a.ron", "--csv-dir", "d"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot be used with"));
}
