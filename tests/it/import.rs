//! `roving import`: each survey shape, as the real tools export it, gives exactly the
//! expected ties; bad input fails with file and line and leaves the output untouched.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use assert_cmd::cargo::cargo_bin_cmd;
use predicates::prelude::PredicateBooleanExt as _;
use predicates::str::contains;
use roving::io::import::{ImportOptions, Imported, Shape, SurveySource, import};

const DIR: &str = "tests/fixtures/import";

fn fixture(name: &str) -> PathBuf {
    Path::new(DIR).join(name)
}

fn run(survey: &str, options: &ImportOptions) -> Imported {
    let source = SurveySource {
        path: fixture(survey),
        relation: "advice".into(),
        shape: None,
        ..SurveySource::default()
    };
    import(&fixture("org.csv"), &[source], options).unwrap()
}

fn defaults() -> ImportOptions {
    ImportOptions {
        min_group: 5,
        ..ImportOptions::default()
    }
}

/// `(seeker, adviser, weight)` with weights as text, so sets compare exactly.
fn ties(imported: &Imported) -> BTreeSet<(String, String, String)> {
    imported
        .team
        .advice
        .iter()
        .map(|t| {
            (
                t.seeker.to_string(),
                t.advisor.to_string(),
                t.weight.to_string(),
            )
        })
        .collect()
}

fn set(list: &[(&str, &str, f64)]) -> BTreeSet<(String, String, String)> {
    list.iter()
        .map(|(s, a, w)| ((*s).to_string(), (*a).to_string(), w.to_string()))
        .collect()
}

/// Asserts that one of `imported`'s warnings starts with `prefix`.
fn assert_warned(imported: &Imported, prefix: &str) {
    let warnings = &imported.report.warnings;
    assert!(
        warnings.iter().any(|w| w.starts_with(prefix)),
        "no warning starts with {prefix:?}: {warnings:?}"
    );
}

/// Asserts that none of `imported`'s warnings contains `needle`.
fn assert_not_warned(imported: &Imported, needle: &str) {
    let warnings = &imported.report.warnings;
    assert!(
        !warnings.iter().any(|w| w.contains(needle)),
        "a warning contains {needle:?}: {warnings:?}"
    );
}

fn respondents(imported: &Imported) -> Vec<&str> {
    imported
        .team
        .people
        .iter()
        .filter(|p| p.respondent == Some(true))
        .map(|p| p.id.as_str())
        .collect()
}

#[test]
fn org_chart_from_an_hris_export() {
    let imported = run("edge_list.csv", &defaults());
    let people = &imported.team.people;
    assert_eq!(people.len(), 10);
    let ann = &people[1];
    assert_eq!(
        (ann.id.as_str(), ann.name.as_str(), ann.manager.as_deref()),
        ("E02", "Ann Lee", Some("E01"))
    );
    assert_eq!(ann.title.as_deref(), Some("VP, Engineering"));
    assert_eq!(ann.department.as_deref(), Some("Engineering"));
    assert_eq!(ann.email.as_deref(), Some("ann.lee@acme.example"));
    assert_eq!(ann.attributes["Location"], "Lisbon");
    assert_eq!(people[0].name, "María Gómez");
    assert_eq!(people[0].manager, None);
}

#[test]
fn google_forms_multi_choice() {
    let imported = run("google_forms.csv", &defaults());
    let report = &imported.report;
    assert_eq!(report.surveys[0].shape, Shape::MultiChoice);
    assert_eq!(report.surveys[0].respondent_columns, ["Email Address"]);
    assert_eq!(
        ties(&imported),
        set(&[
            ("E01", "E02", 1.0), // "Lee, Ann" kept whole
            ("E01", "E05", 1.0),
            ("E02", "E01", 1.0),
            ("E02", "E03", 1.0),
            ("E03", "E02", 1.0),
            ("E03", "E04", 1.0), // "Cy Diaz" without the accent
            ("E03", "E09", 1.0),
            ("E04", "E03", 1.0),
            ("E06", "E03", 1.0),
            ("E06", "E05", 1.0),
            ("E06", "E07", 1.0),
            ("E07", "E03", 1.0),
            ("E09", "E03", 2.0), // answered twice: merged
            ("E09", "E08", 1.0),
        ])
    );
    assert_eq!(
        respondents(&imported),
        ["E01", "E02", "E03", "E04", "E06", "E07", "E09"]
    );
    assert!((report.response_rate - 0.7).abs() < 1e-12);
    let advice = &report.relations[0];
    assert_eq!((advice.self_ties_dropped, advice.duplicates_merged), (1, 1));
    assert_eq!(advice.not_imported, 2);
    assert_eq!(report.unmatched.len(), 1);
    assert_eq!(report.unmatched[0].name, "Jon Doe");
    assert_eq!(
        report.unmatched[0].places,
        [format!("{DIR}/google_forms.csv:6")]
    );
    assert_eq!(report.fuzzy.len(), 1);
    assert_eq!(
        (
            report.fuzzy[0].name.as_str(),
            report.fuzzy[0].person_id.as_str()
        ),
        ("Eli Smyth", "E06")
    );
    assert!(!report.fuzzy[0].applied);
    assert_eq!(report.matches.normalized, 3);
}

#[test]
fn fuzzy_matches_apply_only_when_accepted() {
    let options = ImportOptions {
        accept_fuzzy: true,
        ..defaults()
    };
    let imported = run("google_forms.csv", &options);
    assert!(ties(&imported).contains(&("E07".into(), "E06".into(), "1".into())));
    assert_eq!(imported.report.matches.fuzzy_applied, 1);
    assert_eq!(ties(&imported).len(), 15);
}

#[test]
fn microsoft_forms_semicolons_bom_crlf_and_anonymous() {
    let imported = run("ms_forms.csv", &defaults());
    assert_eq!(imported.report.surveys[0].shape, Shape::MultiChoice);
    assert_eq!(
        ties(&imported),
        set(&[
            ("E01", "E02", 1.0),
            ("E01", "E05", 1.0),
            ("E02", "E01", 1.0),
            ("E02", "E03", 1.0),
            ("E03", "E02", 1.0),
            ("E03", "E04", 1.0),
            ("E03", "E09", 1.0),
            ("E06", "E05", 1.0),
            ("E06", "E07", 1.0),
        ])
    );
    let anonymous = &imported.report.unmatched[0];
    assert_eq!(
        (anonymous.name.as_str(), anonymous.role.as_str()),
        ("anonymous", "respondent")
    );
    assert_eq!(anonymous.places, [format!("{DIR}/ms_forms.csv:5")]);
}

#[test]
fn qualtrics_slots_with_rank_weights() {
    let options = ImportOptions {
        rank_weights: true,
        ..defaults()
    };
    let imported = run("qualtrics.csv", &options);
    let survey = &imported.report.surveys[0];
    assert_eq!(survey.shape, Shape::Slots);
    assert!(survey.qualtrics);
    assert_eq!(survey.rows, 5);
    assert_eq!(survey.nomination_columns, ["Q1_1", "Q1_2", "Q1_3"]);
    assert_eq!(
        ties(&imported),
        set(&[
            ("E01", "E02", 3.0), // 'Dana OBrien' is only a fuzzy proposal
            ("E02", "E03", 3.0),
            ("E02", "E01", 2.0),
            ("E02", "E08", 1.0),
            ("E03", "E02", 3.0), // named in slots 1 and 2: once, at the better rank
            ("E03", "E04", 1.0),
            ("E08", "E09", 3.0),
            ("E08", "E10", 2.0), // slot 3 is Gus himself: dropped
            ("E10", "E09", 3.0), // no ExternalReference: matched by RecipientEmail
        ])
    );
    assert_eq!(imported.report.relations[0].self_ties_dropped, 1);
    assert_eq!(imported.report.relations[0].repeated_in_answer, 1);
}

#[test]
fn slot_columns_and_last_first_respondents() {
    let imported = run("slots.csv", &defaults());
    assert_eq!(imported.report.surveys[0].shape, Shape::Slots);
    assert_eq!(
        ties(&imported),
        set(&[
            ("E03", "E02", 1.0),
            ("E03", "E04", 1.0),
            ("E06", "E05", 1.0),
            ("E06", "E03", 1.0),
            ("E06", "E07", 1.0),
        ])
    );
    assert_eq!(respondents(&imported), ["E03", "E06", "E09"]);
}

#[test]
fn kumu_pipes() {
    let imported = run("kumu.csv", &defaults());
    assert_eq!(imported.report.surveys[0].shape, Shape::MultiChoice);
    assert_eq!(
        ties(&imported),
        set(&[
            ("E02", "E01", 1.0),
            ("E02", "E03", 1.0),
            ("E07", "E06", 1.0),
            ("E07", "E05", 1.0),
            ("E07", "E03", 1.0),
        ])
    );
}

#[test]
fn edge_list_with_weights_and_relations() {
    let imported = run("edge_list.csv", &defaults());
    assert_eq!(imported.report.surveys[0].shape, Shape::EdgeList);
    assert_eq!(
        ties(&imported),
        set(&[
            ("E03", "E02", 3.0),
            ("E03", "E09", 1.0),
            ("E04", "E03", 2.0),
            ("E06", "E05", 1.0),
        ])
    );
    let friendship: BTreeSet<(String, String)> = imported.team.relations["friendship"]
        .iter()
        .map(|l| (l.from.to_string(), l.to.to_string()))
        .collect();
    assert_eq!(
        friendship,
        [("E06", "E07"), ("E07", "E06")]
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .into()
    );
    // E09's only row has weight 0 (no tie), E10's has no adviser: both answered. E07's
    // only row is a friendship: not an advice respondent.
    assert_eq!(respondents(&imported), ["E03", "E04", "E06", "E09", "E10"]);
}

#[test]
fn gephi_matrix() {
    let imported = run("matrix.csv", &defaults());
    assert_eq!(imported.report.surveys[0].shape, Shape::Matrix);
    assert_eq!(imported.report.surveys[0].delimiter, ";");
    assert_eq!(
        ties(&imported),
        set(&[
            ("E01", "E02", 1.0),
            ("E02", "E01", 1.0),
            ("E02", "E03", 1.0),
            ("E03", "E02", 2.0),
            ("E03", "E04", 1.0),
        ])
    );
    // Cy's row is blank: Cy did not answer.
    assert_eq!(respondents(&imported), ["E01", "E02", "E03"]);
}

#[test]
fn gephi_adjacency_list() {
    let imported = run("gephi_list.csv", &defaults());
    assert_eq!(imported.report.surveys[0].shape, Shape::AdjacencyList);
    assert_eq!(
        ties(&imported),
        set(&[
            ("E01", "E02", 1.0),
            ("E01", "E05", 1.0),
            ("E02", "E03", 1.0),
            ("E03", "E02", 1.0),
            ("E03", "E04", 1.0),
        ])
    );
    assert_eq!(respondents(&imported), ["E01", "E02", "E03", "E10"]);
}

#[test]
fn several_surveys_and_relations_in_one_team() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("team.ron");
    let report = dir.path().join("report.json");
    cargo_bin_cmd!()
        .args(["import", "--org", &format!("{DIR}/org.csv")])
        .args(["--survey", &format!("{DIR}/google_forms.csv")])
        .args(["--survey", &format!("{DIR}/ms_forms.csv")])
        .args(["--survey", &format!("trust={DIR}/kumu.csv")])
        .arg("--report")
        .arg(&report)
        .arg("-o")
        .arg(&out)
        .assert()
        .success()
        .stdout(contains("multi-choice shape (detected)"))
        .stdout(contains("nominee `Jon Doe`"))
        .stderr(contains("wrote 10 people"));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!(json["surveys"].as_array().unwrap().len(), 3);
    assert_eq!(json["relations"][0]["name"], "advice");
    assert_eq!(json["relations"][1]["name"], "trust");
    assert_eq!(json["relations"][1]["ties"], 5);
    // The team file loads and ranks, with the response rate shown.
    cargo_bin_cmd!()
        .arg("rank")
        .arg(&out)
        .args(["--format", "markdown"])
        .assert()
        .success()
        .stdout(contains("María Gómez"));
}

/// `Advice=FILE` and `--relation ADVICE` name the advice network, as an edge list's
/// relation column does in any case; before, they made a separate relation and a team with
/// no advice ties.
#[test]
fn advice_relation_in_any_case_is_the_advice_network() {
    let dir = tempfile::tempdir().unwrap();
    let spellings = [
        vec![
            "--survey".to_string(),
            format!("Advice={DIR}/google_forms.csv"),
        ],
        vec![
            "--survey".to_string(),
            format!("{DIR}/google_forms.csv"),
            "--relation".to_string(),
            "ADVICE".to_string(),
        ],
    ];
    for args in spellings {
        let out = dir.path().join("team.ron");
        cargo_bin_cmd!()
            .args(["import", "--org", &format!("{DIR}/org.csv")])
            .args(&args)
            .arg("-o")
            .arg(&out)
            .assert()
            .success()
            .stderr(contains("no survey was imported as the 'advice' relation").not());
        let team = std::fs::read_to_string(&out).unwrap();
        assert!(team.contains("advice: [\n        Tie("), "{args:?}: {team}");
        assert!(!team.contains("relations:"), "{args:?}: {team}");
    }
}

#[test]
fn strict_refuses_unmatched_names_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("team.ron");
    std::fs::write(&out, "old").unwrap();
    cargo_bin_cmd!()
        .args(["import", "--org", &format!("{DIR}/org.csv")])
        .args([
            "--survey",
            &format!("{DIR}/google_forms.csv"),
            "--strict",
            "-o",
        ])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(contains(
            "--strict: 1 unmatched, 0 ambiguous and 1 unapplied fuzzy",
        ));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "old");
}

/// Each invalid input fails with exit 2, its file and line, and leaves the output alone.
#[test]
fn bad_input_fails_with_file_and_line() {
    let cases = [
        (
            "org.csv",
            "invalid/bad_weight.csv",
            "invalid/bad_weight.csv:3:9: weight 'often' is not a number from 0.000000000001 to 1,000,000,000,000 (1e-12 to 1e12)",
        ),
        (
            "org.csv",
            "invalid/bad_matrix.csv",
            "invalid/bad_matrix.csv:3:11: '-2' is not 0 (no tie), x, or a weight from 1e-12 to 1e12 (a tie)",
        ),
        (
            "invalid/org_unknown_manager.csv",
            "edge_list.csv",
            "org_unknown_manager.csv:4:6: unknown manager '9' for person '3'",
        ),
        (
            "invalid/org_cycle.csv",
            "edge_list.csv",
            "org_cycle.csv:2:7: reporting cycle: 1 -> 3 -> 2 -> 1",
        ),
        (
            "org.csv",
            "invalid/anonymous_form.csv",
            "anonymous_form.csv:1: cannot tell which column identifies the respondent; pass --respondent",
        ),
    ];
    for (org, survey, message) in cases {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("team.ron");
        std::fs::write(&out, "old").unwrap();
        cargo_bin_cmd!()
            .args(["import", "--org", &format!("{DIR}/{org}")])
            .args(["--survey", &format!("{DIR}/{survey}"), "-o"])
            .arg(&out)
            .assert()
            .code(2)
            .stderr(contains(message));
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "old", "{survey}");
    }
}

/// Org chart errors name the cell, counted in characters after quoted separators and
/// accented names, whichever column gave the person's id.
#[test]
fn org_chart_errors_name_the_cell() {
    let survey = format!("{DIR}/edge_list.csv");
    let cases = [
        (
            "Employee ID;name;manager\n1;\"Zoë; CEO\";\n2;Bo;1\n2;Cy;1\n",
            "4:1: duplicate person id '2'",
        ),
        (
            "email;name;manager\nzoe@x;\"Zoë; CEO\";\n;Bo Ek;zoe@x\n;Bo Ek;zoe@x\n",
            "4:2: duplicate person id 'Bo Ek'",
        ),
        (
            "id;name;manager\n1;\"Zoë; CEO\";Bo\n2;Bo;\n3;Bo;1\n",
            "2:14: manager 'Bo' of '1' fits several people",
        ),
        (
            "id;name;manager\n1;\"Zoë; CEO\";3\n2;Bo;1\n3;Cy;2\n",
            "2:14: reporting cycle",
        ),
        (
            "id;name;manager\n1;Ada;\n;;1\n",
            "3:1: this row has no employee id",
        ),
        (
            "name;first name;last name;manager\nAda;;;\n;Bo;;Ada\n;Bo;;Ada\n",
            "4:2: duplicate person id 'Bo'",
        ),
        // An unquoted separator in a title: the cell past the header is the error.
        (
            "Employee ID,Name,Manager ID,Title,Location\nE01,Ann,,CEO,Boston\n\
             E02,Bo Chen,E01,VP, Engineering,Austin\n",
            "3:33: this row has 6 fields but the header has 5",
        ),
        (
            "id;name;manager\n",
            " the file has a header and no rows below it; expected one row per person",
        ),
        (
            "id;name;manager\n;;\n",
            " the file has a header and no rows below it",
        ),
    ];
    for (org, message) in cases {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("org.csv");
        std::fs::write(&path, org).unwrap();
        cargo_bin_cmd!()
            .args(["import", "--org"])
            .arg(&path)
            .args(["--survey", &survey, "-o"])
            .arg(dir.path().join("team.ron"))
            .assert()
            .code(2)
            .stderr(contains(format!("org.csv:{message}")));
    }
}

#[test]
fn flags_override_detection() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("team.ron");
    cargo_bin_cmd!()
        .args(["import", "--org", &format!("{DIR}/org.csv")])
        .args(["--survey", &format!("{DIR}/ms_forms.csv")])
        .args(["--respondent", "name", "--shape", "multi-choice", "-o"])
        .arg(&out)
        .assert()
        .success()
        .stdout(contains("multi-choice shape (given with --shape)"))
        .stdout(contains("respondent from `Name`"));
    cargo_bin_cmd!()
        .args(["import", "--org", &format!("{DIR}/org.csv")])
        .args(["--survey", &format!("{DIR}/ms_forms.csv")])
        .args(["--respondent", "Who am I", "-o"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(contains("no column 'Who am I' (given with --respondent)"));
}

#[test]
fn each_survey_can_have_its_own_shape() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("team.ron");
    let import = || {
        let mut cmd = cargo_bin_cmd!();
        cmd.args(["import", "--org", &format!("{DIR}/org.csv")])
            .args([
                "--survey",
                &format!("{DIR}/matrix.csv"),
                "--shape",
                "matrix",
            ])
            .args(["--survey", &format!("friendship={DIR}/edge_list.csv")]);
        cmd
    };
    import()
        .args(["--shape", "edge-list", "-o"])
        .arg(&out)
        .assert()
        .success()
        .stdout(contains("matrix shape (given with --shape)"))
        .stdout(contains("edge-list shape (given with --shape)"));
    std::fs::write(&out, "old").unwrap();
    import()
        .args(["--survey", &format!("{DIR}/kumu.csv")])
        .args(["--shape", "edge-list", "-o"])
        .arg(&out)
        .assert()
        .failure()
        .stderr(contains("2 --shape values for 3 surveys"));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "old");
}

#[test]
fn fuzzy_rules_come_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("team.ron");
    let report = dir.path().join("report.json");
    let import_with = |threshold: &str| {
        cargo_bin_cmd!()
            .args(["import", "--org", &format!("{DIR}/org.csv")])
            .args(["--survey", &format!("{DIR}/google_forms.csv")])
            .args(["--fuzzy-threshold", threshold, "--fuzzy-margin", "0.05"])
            .arg("--report")
            .arg(&report)
            .arg("-o")
            .arg(&out)
            .assert()
    };
    // 'Eli Smyth' is proposed for E06 at the default threshold, not at 0.99.
    import_with("0.85")
        .success()
        .stdout(contains("at least 0.85 and 0.05 ahead"))
        .stdout(contains("`Eli Smyth` → "));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!(json["fuzzy_rule"]["threshold"], 0.85);
    assert_eq!(json["fuzzy"][0]["person_id"], "E06");
    import_with("0.99")
        .success()
        .stdout(contains("'Eli Smyth' →").not());
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!(json["fuzzy"].as_array().unwrap().len(), 0);
    // Out of range: refused before anything is read or written.
    let before = std::fs::read(&out).unwrap();
    import_with("1.5")
        .code(2)
        .stderr(contains("expected a number from 0 to 1"));
    assert_eq!(std::fs::read(&out).unwrap(), before);
}

/// Imports `survey` (written to a temporary file) with the fixture org chart.
fn import_text(
    dir: &tempfile::TempDir,
    name: &str,
    survey: &str,
    options: &ImportOptions,
) -> (Imported, PathBuf) {
    let path = dir.path().join(name);
    std::fs::write(&path, survey).unwrap();
    let source = SurveySource {
        path: path.clone(),
        relation: "advice".into(),
        shape: None,
        ..SurveySource::default()
    };
    (
        import(&fixture("org.csv"), &[source], options).unwrap(),
        path,
    )
}

/// Gephi's edges table (and `roving export --format csv`) has a `Type` column of edge types
/// (Directed, Undirected): not a relation. Before, every tie went to a relation called
/// 'Directed' and the team had no advice ties.
#[test]
fn gephi_edge_type_column_is_not_a_relation() {
    let dir = tempfile::tempdir().unwrap();
    let (imported, path) = import_text(
        &dir,
        "gephi_edges.csv",
        "Source,Target,Type,Id,Label,timeset,Weight\n\
         E03,E02,Directed,0,,,1.0\n\
         E05,E04,UNDIRECTED,1,,,2.0\n\
         E06,E07,directed,2,,,1\n",
        &defaults(),
    );
    assert_eq!(
        ties(&imported),
        set(&[
            ("E03", "E02", 1.0),
            ("E05", "E04", 2.0),
            ("E06", "E07", 1.0)
        ])
    );
    assert!(imported.team.relations.is_empty());
    let names: Vec<&str> = imported
        .report
        .relations
        .iter()
        .map(|r| r.name.as_str())
        .collect();
    assert_eq!(names, ["advice"]);
    assert!(
        imported.report.warnings.contains(&format!(
            "{}: 1 row has Type 'Undirected' (Gephi's edge type); each was imported as one tie \
             from its seeker to its adviser, not both ways: add the reverse rows if the advice \
             went both ways",
            path.display()
        )),
        "{:?}",
        imported.report.warnings
    );
    // Given another relation, the edge table goes there.
    let source = SurveySource {
        path,
        relation: "trust".into(),
        shape: None,
        ..SurveySource::default()
    };
    let trust = import(&fixture("org.csv"), &[source], &defaults()).unwrap();
    assert!(trust.team.advice.is_empty());
    assert_eq!(trust.team.relations["trust"].len(), 3);
    // A Type column of relation names is still the relation.
    let (typed, _) = import_text(
        &dir,
        "typed.csv",
        "Source,Target,Type\nE03,E02,advice\nE06,E07,friendship\n",
        &defaults(),
    );
    assert_eq!(ties(&typed), set(&[("E03", "E02", 1.0)]));
    assert_eq!(typed.team.relations["friendship"].len(), 1);
}

type Pair = (String, String);

/// `(seeker, advisor)` of each advice tie and `id -> (name, manager)` of each person, read
/// from a RON team file's text.
fn ron_team(text: &str) -> (BTreeSet<Pair>, BTreeSet<(String, String, String)>) {
    let quoted = |line: &str, key: &str| {
        let start = line.find(&format!("{key}: \""))? + key.len() + 3;
        let end = start + line[start..].find('"')?;
        Some(line[start..end].to_string())
    };
    let mut ties = BTreeSet::new();
    let mut people = BTreeSet::new();
    let mut in_advice = false;
    for line in text.lines().map(str::trim) {
        if line.starts_with("advice: [") {
            in_advice = true;
        } else if line.starts_with(']') {
            in_advice = false;
        } else if in_advice && line.starts_with("Tie(") {
            ties.insert((
                quoted(line, "seeker").unwrap(),
                quoted(line, "advisor").unwrap(),
            ));
        } else if line.starts_with("Person(") {
            people.insert((
                quoted(line, "id").unwrap(),
                quoted(line, "name").unwrap(),
                quoted(line, "manager").unwrap_or_default(),
            ));
        }
    }
    (ties, people)
}

/// `roving export --format csv` writes a node and an edge table; importing the pair gives
/// back the team's people (named from `Label`) and its advice ties (its `Type` column is
/// Gephi's edge type).
#[test]
fn krackhardt_round_trips_through_the_csv_pair() {
    let original = std::fs::read_to_string("sample_teams/krackhardt.ron").unwrap();
    let (advice, people) = ron_team(&original);
    assert_eq!((advice.len(), people.len()), (190, 21));
    let dir = tempfile::tempdir().unwrap();
    cargo_bin_cmd!()
        .args([
            "export",
            "sample_teams/krackhardt.ron",
            "--format",
            "csv",
            "-o",
        ])
        .arg(dir.path().join("k.csv"))
        .assert()
        .success();
    let out = dir.path().join("k.ron");
    cargo_bin_cmd!()
        .arg("import")
        .arg("--org")
        .arg(dir.path().join("k.nodes.csv"))
        .arg("--survey")
        .arg(dir.path().join("k.edges.csv"))
        .arg("-o")
        .arg(&out)
        .assert()
        .success()
        .stdout(contains("name = `Label`"))
        .stdout(contains("Relation `advice`: 190 ties imported"));
    let (imported_advice, imported_people) = ron_team(&std::fs::read_to_string(&out).unwrap());
    assert_eq!(imported_advice, advice);
    assert_eq!(imported_people, people);
}

/// `Label` names people only when no other column does.
#[test]
fn label_names_people_only_without_a_better_column() {
    let dir = tempfile::tempdir().unwrap();
    let org = dir.path().join("org.csv");
    let survey = dir.path().join("survey.csv");
    std::fs::write(&survey, "seeker,adviser\n1,2\n").unwrap();
    let source = || SurveySource {
        path: survey.clone(),
        relation: "advice".into(),
        shape: None,
        ..SurveySource::default()
    };
    let names = |header: &str, rows: &str| {
        std::fs::write(&org, format!("{header}\n{rows}")).unwrap();
        let imported = import(&org, &[source()], &defaults()).unwrap();
        imported
            .team
            .people
            .iter()
            .map(|p| p.name.to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        names("Id,Label", "1,Ann Lee\n2,Bo Chen\n"),
        ["Ann Lee", "Bo Chen"]
    );
    assert_eq!(
        names(
            "Id,First Name,Last Name,Label",
            "1,Ann,Lee,x1\n2,Bo,Chen,x2\n"
        ),
        ["Ann Lee", "Bo Chen"]
    );
    assert_eq!(
        names("Id,Name,Label", "1,Ann Lee,x1\n2,Bo Chen,x2\n"),
        ["Ann Lee", "Bo Chen"]
    );
}

const RESUBMITTED: &str = "Your name,Advisor 1,Advisor 2\n\
                           Bo Chen,Ann Lee,Cy Díaz\n\
                           Bo Chen,Ann Lee,Cy Díaz\n\
                           Bo Chen,Ann Lee,Cy Díaz\n\
                           Fay Wong,Dana O'Brien,\n";

/// A respondent answering in several rows (a form submitted again) still has their
/// nominations added up, and the report names them with the lines.
#[test]
fn a_respondent_in_several_rows_is_named_in_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let (imported, path) = import_text(&dir, "dup.csv", RESUBMITTED, &defaults());
    assert_eq!(
        ties(&imported),
        set(&[
            ("E03", "E02", 3.0),
            ("E03", "E04", 3.0),
            ("E07", "E05", 1.0)
        ])
    );
    let expected = format!(
        "Bo Chen (E03) answered 3 times ({}:2, 3, 4): their repeated nominations were added \
         up; remove the extra rows if they are resubmissions",
        path.display()
    );
    let answered: Vec<&String> = imported
        .report
        .warnings
        .iter()
        .filter(|w| w.contains(" times ("))
        .collect();
    assert_eq!(answered, [&expected]);
    assert!(imported.report.to_markdown().contains(&expected));
    // An edge list has a row per tie: a seeker on several rows is no resubmission.
    assert_not_warned(&run("edge_list.csv", &defaults()), " times (");
}

/// The report may go to a file: its warnings are said on stderr too.
#[test]
fn report_warnings_are_said_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let survey = dir.path().join("dup.csv");
    std::fs::write(&survey, RESUBMITTED).unwrap();
    cargo_bin_cmd!()
        .args(["import", "--org", &format!("{DIR}/org.csv"), "--survey"])
        .arg(&survey)
        .arg("-o")
        .arg(dir.path().join("team.ron"))
        .assert()
        .success()
        .stderr(contains("warning: Bo Chen (E03) answered 3 times ("));
}

/// One answer naming a person twice is one tie: weight 1, or with rank weights the better
/// rank's weight.
#[test]
fn a_person_named_twice_in_one_answer_counts_once() {
    let dir = tempfile::tempdir().unwrap();
    let (multi, _) = import_text(
        &dir,
        "multi.csv",
        "Email Address,Who do you go to for advice?\n\
         bo.chen@acme.example,fay wong;Fay Wong;Ann Lee;Ann Lee\n",
        &defaults(),
    );
    assert_eq!(
        ties(&multi),
        set(&[("E03", "E07", 1.0), ("E03", "E02", 1.0)])
    );
    let advice = &multi.report.relations[0];
    assert_eq!(
        (advice.repeated_in_answer, advice.duplicates_merged),
        (2, 0)
    );
    assert!(
        multi
            .report
            .to_markdown()
            .contains("2 names repeated within an answer, counted once")
    );
    // Slots 1 and 3 both name Cy (by two spellings): 3 and 1 with rank weights.
    let slots = "Your name,Advisor 1,Advisor 2,Advisor 3\nBo Chen,Cy Díaz,Ann Lee,Cy Diaz\n";
    let (plain, _) = import_text(&dir, "slots.csv", slots, &defaults());
    assert_eq!(
        ties(&plain),
        set(&[("E03", "E04", 1.0), ("E03", "E02", 1.0)])
    );
    let ranked = ImportOptions {
        rank_weights: true,
        ..defaults()
    };
    let (ranked, _) = import_text(&dir, "slots.csv", slots, &ranked);
    assert_eq!(
        ties(&ranked),
        set(&[("E03", "E04", 3.0), ("E03", "E02", 2.0)])
    );
    assert_eq!(ranked.report.relations[0].repeated_in_answer, 1);
}

/// A survey in which not one name fits anybody in the org chart (the wrong org chart, the
/// wrong columns) is an error naming the file, and nothing is written.
#[test]
fn a_survey_where_no_name_matches_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let weird = dir.path().join("weird.csv");
    std::fs::write(&weird, "foo,bar,baz\n1,2,3\n").unwrap();
    let out = dir.path().join("team.ron");
    std::fs::write(&out, "old").unwrap();
    cargo_bin_cmd!()
        .args(["import", "--org", &format!("{DIR}/org.csv"), "--survey"])
        .arg(&weird)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(2)
        .stderr(contains(format!(
            "{}: no name in this survey matched anybody in the org chart '{DIR}/org.csv' \
             (6 names tried, such as 'foo', 'bar', 'baz'); is it the wrong org chart",
            weird.display()
        )))
        .stderr(contains("read it as adjacency-list shape (detected)"))
        .stderr(contains("--shape, --respondent or --nominations"));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "old");
    // The right survey with the wrong org chart; a second file fails on its own.
    let other_org = dir.path().join("other.csv");
    std::fs::write(&other_org, "Employee ID,Name\nX1,Zed Zorn\nX2,Yan Yu\n").unwrap();
    cargo_bin_cmd!()
        .arg("import")
        .arg("--org")
        .arg(&other_org)
        .args(["--survey", &format!("{DIR}/google_forms.csv"), "-o"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(contains("google_forms.csv: no name in this survey matched"));
    cargo_bin_cmd!()
        .args(["import", "--org", &format!("{DIR}/org.csv")])
        .args(["--survey", &format!("{DIR}/google_forms.csv"), "--survey"])
        .arg(&weird)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(2)
        .stderr(contains("weird.csv: no name in this survey matched"));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "old");
}

/// `e04` names the person with id `E04`; `Dana O’Brien` (typographic apostrophe) names
/// Dana O'Brien.
#[test]
fn ids_in_any_case_and_curly_apostrophes_match() {
    let dir = tempfile::tempdir().unwrap();
    let (imported, _) = import_text(
        &dir,
        "case.csv",
        "seeker,adviser\ne03,e02\nE06,Dana O\u{2019}Brien\nE07,dana o\u{2018}brien\n",
        &defaults(),
    );
    assert_eq!(
        ties(&imported),
        set(&[
            ("E03", "E02", 1.0),
            ("E06", "E05", 1.0),
            ("E07", "E05", 1.0)
        ])
    );
    let m = &imported.report.matches;
    assert_eq!((m.id, m.normalized, m.unmatched), (4, 2, 0));
}

/// The report is Markdown: names, departments and headers from the files show as written
/// in a Markdown reader (before, `<b>` vanished as HTML and `*x*` turned into emphasis).
#[test]
fn the_markdown_report_shows_names_as_written() {
    use pulldown_cmark::{Event, Options, Parser};
    let dir = tempfile::tempdir().unwrap();
    let org = dir.path().join("org.csv");
    std::fs::write(
        &org,
        "id,name,manager_id,department\n\
         a,Ann Lee,,R&D <core>\n\
         b,Bo *Star* Chen,a,R&D <core>\n\
         c,Cy `Dee`,a,Ops_team_\n",
    )
    .unwrap();
    let survey = dir.path().join("survey.csv");
    std::fs::write(
        &survey,
        "Your name,Whom do you ask for advice?\n\
         Bo *Star* Chen,Ann Lee\n\
         Cy `Dee`,Bob <b>Smith</b>\n",
    )
    .unwrap();
    let report = dir.path().join("report.md");
    cargo_bin_cmd!()
        .args(["import", "--min-group", "1", "--org"])
        .arg(&org)
        .arg("--survey")
        .arg(&survey)
        .arg("--report")
        .arg(&report)
        .arg("-o")
        .arg(dir.path().join("team.ron"))
        .assert()
        .success();
    let md = std::fs::read_to_string(&report).unwrap();
    let mut shown = String::new();
    for event in Parser::new_ext(&md, Options::ENABLE_TABLES) {
        match event {
            Event::Text(t) | Event::Code(t) => shown.push_str(&t),
            Event::Html(h) | Event::InlineHtml(h) => panic!("read as HTML: {h:?} in\n{md}"),
            Event::SoftBreak | Event::HardBreak | Event::End(_) => shown.push('\n'),
            _ => {}
        }
    }
    for written in [
        "nominee Bob <b>Smith</b>: ",
        "R&D <core>\n2\n",
        "Ops_team_\n1\n",
        "respondent from Your name",
    ] {
        assert!(
            shown.contains(written),
            "{written:?} not in\n{shown}\nfrom\n{md}"
        );
    }
}

/// Writes each `(relation, name, text)` survey into `dir` and imports them in order with the
/// fixture org chart; an error as its message.
fn import_files(
    dir: &tempfile::TempDir,
    surveys: &[(&str, &str, &str)],
    options: &ImportOptions,
) -> Result<Imported, String> {
    let sources: Vec<SurveySource> = surveys
        .iter()
        .map(|(relation, name, text)| {
            let path = dir.path().join(name);
            std::fs::write(&path, text).unwrap();
            SurveySource {
                path,
                relation: (*relation).to_string(),
                shape: None,
                ..SurveySource::default()
            }
        })
        .collect();
    import(&fixture("org.csv"), &sources, options).map_err(|e| e.to_string())
}

const SQUARE: &str =
    ";María Gómez;Ann Lee;Bo Chen\nMaría Gómez;0;1;0\nAnn Lee;1;0;1\nBo Chen;0;CELL;0\n";

/// A square matrix (the first column names the header's people) with an odd cell is still a
/// matrix, so the cell is an error at its place; before, such a file was read as an
/// adjacency list, imported no tie and wrote a team. A decimal comma is a weight in a file
/// separated by `;`.
#[test]
fn a_matrix_with_odd_cells_is_still_a_matrix() {
    let dir = tempfile::tempdir().unwrap();
    for odd in ["N/A", "-", "no", "✓", "0,5,1"] {
        let text = SQUARE.replace("CELL", odd);
        let error = import_files(&dir, &[("advice", "m.csv", &text)], &defaults()).unwrap_err();
        assert!(
            error.ends_with(&format!(
                "m.csv:4:11: '{odd}' is not 0 (no tie), x, or a weight from 1e-12 to 1e12 (a tie)"
            )),
            "{odd}: {error}"
        );
    }
    // The command fails with exit 2 and writes nothing.
    let survey = dir.path().join("m.csv");
    std::fs::write(&survey, SQUARE.replace("CELL", "N/A")).unwrap();
    let out = dir.path().join("team.ron");
    cargo_bin_cmd!()
        .args(["import", "--org", &format!("{DIR}/org.csv"), "--survey"])
        .arg(&survey)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(2)
        .stderr(contains("m.csv:4:11: 'N/A' is not 0"));
    assert!(!out.exists());
    // `0,5` in a `;` file is 0.5.
    let text = SQUARE.replace("CELL", "0,5");
    let imported = import_files(&dir, &[("advice", "m.csv", &text)], &defaults()).unwrap();
    assert_eq!(imported.report.surveys[0].shape, Shape::Matrix);
    assert_eq!(
        ties(&imported),
        set(&[
            ("E01", "E02", 1.0),
            ("E02", "E01", 1.0),
            ("E02", "E03", 1.0),
            ("E03", "E02", 0.5),
        ])
    );
    // So is an edge list's weight there; a comma-separated file has no decimal comma.
    let edges = "seeker;adviser;weight\nE03;E02;2,5\n";
    let imported = import_files(&dir, &[("advice", "e.csv", edges)], &defaults()).unwrap();
    assert_eq!(ties(&imported), set(&[("E03", "E02", 2.5)]));
    let edges = "seeker,adviser,weight\nE03,E02,\"2,5\"\n";
    let error = import_files(&dir, &[("advice", "e.csv", edges)], &defaults()).unwrap_err();
    assert!(
        error.contains("e.csv:2:9: weight '2,5' is not a number"),
        "{error}"
    );
    // An adjacency list whose first names happen to head the rows is not a matrix.
    let list = "María Gómez;Ann Lee;Bo Chen\nAnn Lee;Dana O'Brien\nBo Chen;Cy Díaz\n";
    let imported = import_files(&dir, &[("advice", "a.csv", list)], &defaults()).unwrap();
    assert_eq!(imported.report.surveys[0].shape, Shape::AdjacencyList);
    assert_eq!(ties(&imported).len(), 4);
}

/// A survey whose answers give not one tie (here a matrix of check marks, which reads as an
/// adjacency list naming nobody) does not pass silently.
#[test]
fn answers_that_give_no_tie_are_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let text = ";María Gómez;Ann Lee;Bo Chen\nMaría Gómez;;✓;\nAnn Lee;✓;;✓\nBo Chen;;✓;\n";
    let imported = import_files(&dir, &[("advice", "c.csv", text)], &defaults()).unwrap();
    assert!(imported.team.advice.is_empty());
    let expected = format!(
        "{}: not one tie was imported from its 4 answers (read as adjacency-list shape \
         (detected), respondent from the first column); if it does name advisers, see the \
         unmatched names in the report, or choose the layout with --shape",
        dir.path().join("c.csv").display()
    );
    assert_warned(&imported, &expected);
    // A survey that gives ties has no such warning.
    assert_not_warned(&run("matrix.csv", &defaults()), "not one tie");
}

/// A respondent who answers one relation in two files (a late download that holds the early
/// answers too) is named with both files, as one answering twice in one file is; the
/// nominations add up either way, and the report says so.
#[test]
fn answering_again_in_another_file_is_named_in_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let late = std::fs::read_to_string(fixture("google_forms.csv")).unwrap();
    let early = late.lines().take(3).collect::<Vec<_>>().join("\n") + "\n";
    let imported = import_files(
        &dir,
        &[
            ("advice", "early.csv", &early),
            ("advice", "late.csv", &late),
            ("trust", "trust.csv", &late),
        ],
        &defaults(),
    )
    .unwrap();
    let report = &imported.report;
    let again: Vec<&String> = report
        .warnings
        .iter()
        .filter(|w| w.contains("survey in two files"))
        .collect();
    assert_eq!(again.len(), 2, "{:?}", report.warnings);
    let expected = format!(
        "María Gómez (E01) answered the 'advice' survey in two files ({}:2 and {}:2): their \
         nominations were added up, as repeated rows of one file are; remove one of the \
         answers if it is a resubmission",
        dir.path().join("early.csv").display(),
        dir.path().join("late.csv").display()
    );
    assert_eq!(again[0], &expected);
    // Her ties count twice, as a repeated row's would.
    let maria: Vec<&roving::model::Tie> = imported
        .team
        .advice
        .iter()
        .filter(|t| t.seeker == "E01")
        .collect();
    assert!(
        maria.iter().all(|t| (t.weight - 2.0).abs() < 1e-12),
        "{maria:?}"
    );
    assert!(
        report
            .to_markdown()
            .contains("merged (weights added up, across rows and files)")
    );
}

/// With --report, nothing is written unless the team file is too: a failed write (or
/// --strict) leaves no report behind, and an old one untouched.
#[test]
fn a_failed_import_writes_no_report() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.md");
    cargo_bin_cmd!()
        .args(["import", "--org", &format!("{DIR}/org.csv")])
        .args(["--survey", &format!("{DIR}/google_forms.csv"), "--report"])
        .arg(&report)
        .arg("-o")
        .arg(dir.path().join("missing").join("team.ron"))
        .assert()
        .code(2)
        .stderr(contains("does not exist"));
    assert!(!report.exists());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    std::fs::write(&report, "old").unwrap();
    let out = dir.path().join("team.ron");
    cargo_bin_cmd!()
        .args(["import", "--org", &format!("{DIR}/org.csv")])
        .args(["--survey", &format!("{DIR}/google_forms.csv"), "--strict"])
        .arg("--report")
        .arg(&report)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(2);
    assert_eq!(std::fs::read_to_string(&report).unwrap(), "old");
    assert!(!out.exists());
    cargo_bin_cmd!()
        .args(["import", "--org", &format!("{DIR}/org.csv")])
        .args(["--survey", &format!("{DIR}/google_forms.csv"), "--report"])
        .arg(&report)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    assert!(
        std::fs::read_to_string(&report)
            .unwrap()
            .starts_with("# Import report")
    );
    assert!(out.exists());
}

/// The respondent flag and the response rate are about the advice survey: answering only
/// another relation's survey does not make a respondent.
#[test]
fn only_advice_answers_make_respondents() {
    let dir = tempfile::tempdir().unwrap();
    let imported = import_files(
        &dir,
        &[
            ("advice", "adv.csv", "seeker,adviser\nE03,E02\n"),
            ("friendship", "fr.csv", "seeker,adviser\nE04,E02\nE06,E07\n"),
        ],
        &defaults(),
    )
    .unwrap();
    assert_eq!(respondents(&imported), ["E03"]);
    assert_eq!(imported.report.respondents, 1);
    assert!((imported.report.response_rate - 0.1).abs() < 1e-12);
    assert!(
        imported
            .report
            .to_markdown()
            .contains("Respondents to the advice survey: 1 of 10 people (10% response rate)")
    );
    assert_eq!(imported.team.relations["friendship"].len(), 2);
}

/// An advice survey with a header and no answers is named as such, not as a missing advice
/// survey.
#[test]
fn a_survey_without_answers_says_so() {
    let dir = tempfile::tempdir().unwrap();
    for text in ["seeker,adviser\n", "seeker,adviser\n\n\n,\n"] {
        let imported = import_files(&dir, &[("advice", "hdr.csv", text)], &defaults()).unwrap();
        let path = dir.path().join("hdr.csv");
        let warnings = &imported.report.warnings;
        assert!(
            warnings.contains(&format!(
                "{}: no answers in the file (no rows below its header), so it adds nothing to \
                 the 'advice' relation",
                path.display()
            )),
            "{warnings:?}"
        );
        assert!(
            warnings.contains(&format!(
                "the team has no advice ties: '{}' (read as the 'advice' relation) had no \
                 answers",
                path.display()
            )),
            "{warnings:?}"
        );
        assert_not_warned(&imported, "no survey was imported");
    }
    // Without any advice survey, the advice is still to name one.
    let imported = import_files(
        &dir,
        &[("trust", "t.csv", "seeker,adviser\nE03,E02\n")],
        &defaults(),
    )
    .unwrap();
    assert_warned(&imported, "no survey was imported as the 'advice' relation");
}

/// A form with one nomination slot is a slots survey, given with --shape or detected.
#[test]
fn one_slot_column_is_slots() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Your name,Advisor 1\nBo Chen,Ann Lee\nCy Díaz,\n";
    let detected = import_files(&dir, &[("advice", "one.csv", text)], &defaults()).unwrap();
    assert_eq!(detected.report.surveys[0].shape, Shape::Slots);
    assert_eq!(ties(&detected), set(&[("E03", "E02", 1.0)]));
    let forced = ImportOptions {
        shape: Some(Shape::Slots),
        ..defaults()
    };
    let text = "Your name,Pick 1\nBo Chen,Ann Lee\n";
    let forced = import_files(&dir, &[("advice", "one.csv", text)], &forced).unwrap();
    assert_eq!(forced.report.surveys[0].nomination_columns, ["Pick 1"]);
    assert_eq!(ties(&forced), set(&[("E03", "E02", 1.0)]));
}

/// Relation names match in any case, keeping the first spelling: an edge list's relation
/// column, and the relations the surveys are given.
#[test]
fn relation_names_match_in_any_case() {
    let dir = tempfile::tempdir().unwrap();
    let edges = "seeker,adviser,relation\nE03,E02,advice\nE06,E07,friendship\nE07,E06,Friendship\n";
    let imported = import_files(&dir, &[("advice", "el.csv", edges)], &defaults()).unwrap();
    let relations: Vec<&String> = imported.team.relations.keys().collect();
    assert_eq!(relations, ["friendship"]);
    assert_eq!(imported.team.relations["friendship"].len(), 2);
    let names: Vec<&str> = imported
        .report
        .relations
        .iter()
        .map(|r| r.name.as_str())
        .collect();
    assert_eq!(names, ["advice", "friendship"]);
    let imported = import_files(
        &dir,
        &[
            ("Friendship", "a.csv", "seeker,adviser\nE06,E07\n"),
            ("FRIENDSHIP", "b.csv", "seeker,adviser\nE07,E06\n"),
        ],
        &defaults(),
    )
    .unwrap();
    let relations: Vec<&String> = imported.team.relations.keys().collect();
    assert_eq!(relations, ["Friendship"]);
    assert_eq!(imported.report.surveys[1].relation, "Friendship");
}

/// A Microsoft Forms download re-saved with `;` between cells and its answers unquoted
/// spreads one answer over several cells: the cells past the header are named in a warning,
/// not dropped without a word. A well-formed file has no such warning.
#[test]
fn cells_past_the_header_are_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let text = "ID;Email;Name;Who do you go to for advice?\n\
                1;maria.gomez@acme.example;María Gómez;Ann Lee;Bo Chen;\n\
                2;ann.lee@acme.example;Ann Lee;María Gómez\n\
                3;bo.chen@acme.example;Bo Chen;Ann Lee;;Cy Díaz\n";
    let imported = import_files(&dir, &[("advice", "forms.csv", text)], &defaults()).unwrap();
    // The cells past the header were not read: only the first name of each answer counts.
    assert_eq!(
        ties(&imported),
        set(&[
            ("E01", "E02", 1.0),
            ("E02", "E01", 1.0),
            ("E03", "E02", 1.0)
        ])
    );
    assert_warned(
        &imported,
        &format!(
            "{}: 2 rows have text past the header's 4 columns (first at line 2: 'Bo Chen'); \
             those cells were not read. A value holding the separator must be in double quotes",
            dir.path().join("forms.csv").display()
        ),
    );
    // Quoted, the same answers are whole, and nothing is said.
    let quoted = "ID;Email;Name;Who do you go to for advice?\n\
                  1;maria.gomez@acme.example;María Gómez;\"Ann Lee;Bo Chen;\"\n\
                  3;bo.chen@acme.example;Bo Chen;\"Ann Lee;;Cy Díaz\"\n";
    let imported = import_files(&dir, &[("advice", "ok.csv", quoted)], &defaults()).unwrap();
    assert_eq!(ties(&imported).len(), 4);
    assert_not_warned(&imported, "past the header");
    // Every fixture survey is well formed.
    for name in [
        "edge_list.csv",
        "google_forms.csv",
        "kumu.csv",
        "matrix.csv",
        "ms_forms.csv",
        "qualtrics.csv",
        "slots.csv",
        "gephi_list.csv",
    ] {
        assert_not_warned(&run(name, &defaults()), "past the header");
    }
}

/// Repeats of one tie across survey files whose weights add up past the limit: the error
/// names the row of the repeat that takes the sum over (it had no place), and no team file
/// is written. In a relation other than advice too.
#[test]
fn a_tie_too_heavy_across_surveys_is_placed() {
    let dir = tempfile::tempdir().unwrap();
    let file = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    let org = file("org.csv", "id,name,manager\n1,Ann,\n2,Bo,1\n3,Cy,1\n");
    let first = file("s1.csv", "seeker,adviser,weight\n2,1,6e11\n3,1,1\n");
    let second = file("s2.csv", "seeker,adviser,weight\n3,2,5\n2,1,6e11\n");
    let out = dir.path().join("t.ron");
    for relation in ["", "friendship="] {
        cargo_bin_cmd!()
            .args(["import", "--org"])
            .arg(&org)
            .arg("--survey")
            .arg(format!("{relation}{}", first.display()))
            .arg("--survey")
            .arg(format!("{relation}{}", second.display()))
            .arg("-o")
            .arg(&out)
            .assert()
            .code(2)
            .stderr(contains(format!(
                "s2.csv:3: the {} tie from '2' to '1' is repeated with weights that add up to \
                 1.2e12",
                if relation.is_empty() {
                    "advice"
                } else {
                    "friendship"
                }
            )));
        assert!(!out.exists());
    }
}

/// A team mailbox in the HR export names nobody for certain: a manager given by it is an
/// error, a nomination by it is ambiguous (unless the name beside it settles who), and
/// the report warns.
#[test]
fn an_e_mail_several_people_share_is_ambiguous() {
    let dir = tempfile::tempdir().unwrap();
    let org = dir.path().join("org.csv");
    std::fs::write(
        &org,
        "Employee ID,Name,Email,Manager ID\n1,Ann Lee,team@x.example,\n\
         2,Bo Chen,team@x.example,1\n3,Cy Diaz,cy@x.example,1\n",
    )
    .unwrap();
    let survey = dir.path().join("survey.csv");
    std::fs::write(
        &survey,
        "seeker,adviser\n3,team@x.example\n3,Ann Lee <team@x.example>\n",
    )
    .unwrap();
    let source = SurveySource {
        path: survey.clone(),
        relation: "advice".into(),
        shape: None,
        ..SurveySource::default()
    };
    let imported = import(&org, &[source], &defaults()).unwrap();
    assert_eq!(ties(&imported), set(&[("3", "1", 1.0)]));
    assert_eq!(imported.report.ambiguous.len(), 1);
    assert_warned(
        &imported,
        &format!(
            "{}: 2 people share the e-mail 'team@x.example' ('Ann Lee', 'Bo Chen')",
            org.display()
        ),
    );
    // A manager given by the shared address.
    std::fs::write(
        &org,
        "Employee ID,Name,Email,Manager Email\n1,Ann Lee,team@x.example,\n\
         2,Bo Chen,team@x.example,\n3,Cy Diaz,cy@x.example,team@x.example\n",
    )
    .unwrap();
    cargo_bin_cmd!()
        .args(["import", "--org"])
        .arg(&org)
        .arg("--survey")
        .arg(&survey)
        .arg("-o")
        .arg(dir.path().join("team.ron"))
        .assert()
        .code(2)
        .stderr(contains(
            "org.csv:4:24: manager 'team@x.example' of '3' fits several people",
        ));
}

/// A form that asks about friendship before advice: each survey reads the question that
/// names its relation, so one file gives both relations; questions that name neither
/// need --nominations, once per survey.
#[test]
fn a_form_with_two_questions_reads_the_one_its_relation_names() {
    let survey = |relation: &str| SurveySource {
        path: fixture("two_questions.csv"),
        relation: relation.into(),
        ..SurveySource::default()
    };
    let imported = import(
        &fixture("org.csv"),
        &[survey("advice"), survey("friendship")],
        &defaults(),
    )
    .unwrap();
    assert_eq!(
        ties(&imported),
        set(&[
            ("E01", "E02", 1.0),
            ("E01", "E03", 1.0),
            ("E03", "E02", 1.0),
            ("E03", "E09", 1.0)
        ])
    );
    let friends: BTreeSet<(String, String)> = imported.team.relations["friendship"]
        .iter()
        .map(|l| (l.from.to_string(), l.to.to_string()))
        .collect();
    let expected: BTreeSet<(String, String)> = [("E01", "E09"), ("E03", "E04")]
        .iter()
        .map(|(a, b)| ((*a).to_string(), (*b).to_string()))
        .collect();
    assert_eq!(friends, expected);

    // Neither question names the relation: the user says which, once per survey.
    let dir = tempfile::tempdir().unwrap();
    let form = dir.path().join("form.csv");
    std::fs::write(
        &form,
        "Timestamp,Email Address,Who do you consider a friend?,Who do you trust?\n\
         2024/03/04 9:12:01,maria.gomez@acme.example,Hana Sato,Ann Lee\n",
    )
    .unwrap();
    let out = dir.path().join("team.ron");
    let import_cmd = || {
        let mut cmd = cargo_bin_cmd!();
        cmd.args(["import", "--org", &format!("{DIR}/org.csv"), "--survey"])
            .arg(&form)
            .arg("--survey")
            .arg(format!("trust={}", form.display()))
            .arg("-o")
            .arg(&out);
        cmd
    };
    import_cmd().assert().code(2).stderr(contains(
        "form.csv:1: several columns could hold the names respondents chose: 'Who do you \
             consider a friend?', 'Who do you trust?'",
    ));
    assert!(!out.exists());
    import_cmd()
        .args(["--nominations", "Who do you consider a friend?"])
        .args(["--nominations", "Who do you trust?"])
        .assert()
        .success();
    let team = std::fs::read_to_string(&out).unwrap();
    assert!(
        team.contains("Tie(seeker: \"E01\", advisor: \"E09\")"),
        "{team}"
    );
    assert!(team.contains("Link(from: \"E01\", to: \"E02\")"), "{team}");
    import_cmd()
        .args([
            "--nominations",
            "a",
            "--nominations",
            "b",
            "--nominations",
            "c",
        ])
        .assert()
        .code(2)
        .stderr(contains("3 --nominations values for 2 surveys"));
}

/// An edge list given twice doubles every weight: its respondents are named in warnings,
/// as for the other shapes. A `rank` column is not a weight (1 is the first choice).
#[test]
fn an_edge_list_given_twice_is_told_and_a_rank_is_not_a_weight() {
    let source = || SurveySource {
        path: fixture("edge_list.csv"),
        relation: "advice".into(),
        ..SurveySource::default()
    };
    let once = import(&fixture("org.csv"), &[source()], &defaults()).unwrap();
    assert_not_warned(&once, "in two files");
    let twice = import(&fixture("org.csv"), &[source(), source()], &defaults()).unwrap();
    assert_warned(
        &twice,
        "Bo Chen (E03) answered the 'advice' survey in two files",
    );

    let dir = tempfile::tempdir().unwrap();
    let ranked = dir.path().join("ranked.csv");
    std::fs::write(&ranked, "respondent,nominee,rank\nE01,E02,1\nE01,E03,2\n").unwrap();
    let source = SurveySource {
        path: ranked.clone(),
        relation: "advice".into(),
        ..SurveySource::default()
    };
    let imported = import(&fixture("org.csv"), &[source], &defaults()).unwrap();
    assert_eq!(
        ties(&imported),
        set(&[("E01", "E02", 1.0), ("E01", "E03", 1.0)])
    );
    assert_warned(
        &imported,
        &format!(
            "{}: column 'rank' was not read as a weight",
            ranked.display()
        ),
    );
}
