//! `roving export`: every format parses back to the team's nodes, ties and attributes.

use std::collections::{BTreeMap, BTreeSet};

use assert_cmd::cargo::cargo_bin_cmd;
use predicates::prelude::*;
use predicates::str::contains;

use crate::xml;

const TRICKY: &str = "tests/fixtures/export/tricky.ron";

fn export(team: &str, format: &str, extra: &[&str]) -> String {
    let output = cargo_bin_cmd!()
        .args(["export", team, "--format", format])
        .args(extra)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// The tricky team's ties as (seeker, adviser, weight, hierarchy).
fn expected_edges() -> BTreeSet<(String, String, String, String)> {
    [
        ("b<2>", "a&1", "1.0", "in-own-subtree"),
        ("c 3", "b<2>", "2.5", "outside"),
        ("d\\4", "b<2>", "1.0", "outside"),
        ("5", "b<2>", "1.0", "outside"),
        ("5", "d\\4", "3.0", "outside"),
        ("a&1", "5", "1.0", "in-management-chain"),
    ]
    .into_iter()
    .map(|(s, t, w, h)| (s.into(), t.into(), w.into(), h.into()))
    .collect()
}

fn expected_labels() -> BTreeMap<String, String> {
    [
        ("a&1", "Ada \"The Boss\" O'Brien"),
        ("b<2>", "Bö Lin-Ångström"),
        ("c 3", "Zoë; Smith, Jr."),
        ("d\\4", "Dee"),
        ("5", "Eve"),
    ]
    .into_iter()
    .map(|(id, name)| (id.into(), name.into()))
    .collect()
}

#[test]
fn gexf_round_trips() {
    let root = xml::parse(&export(TRICKY, "gexf", &[]));
    assert_eq!(root.name, "gexf");
    assert_eq!(root.attr("version"), "1.2");
    let graph = root.child("graph");
    assert_eq!(graph.attr("defaultedgetype"), "directed");
    let mut titles = BTreeMap::new();
    for attributes in graph.all("attributes") {
        for a in attributes.all("attribute") {
            titles.insert(
                (
                    attributes.attr("class").to_string(),
                    a.attr("id").to_string(),
                ),
                (a.attr("title").to_string(), a.attr("type").to_string()),
            );
        }
    }
    let labels: BTreeMap<String, String> = graph
        .child("nodes")
        .all("node")
        .map(|n| (n.attr("id").to_string(), n.attr("label").to_string()))
        .collect();
    assert_eq!(labels, expected_labels());
    let value = |element: &xml::Element, class: &str, title: &str| -> Option<String> {
        element
            .all("attvalues")
            .flat_map(|v| v.all("attvalue"))
            .find_map(|v| {
                let (t, _) = &titles[&(class.to_string(), v.attr("for").to_string())];
                (t == title).then(|| v.attr("value").to_string())
            })
    };
    let bo = graph
        .child("nodes")
        .all("node")
        .find(|n| n.attr("id") == "b<2>")
        .unwrap();
    assert_eq!(value(bo, "node", "roving_leader").as_deref(), Some("true"));
    assert_eq!(value(bo, "node", "respondent").as_deref(), Some("false"));
    assert_eq!(value(bo, "node", "nayar").as_deref(), Some("3"));
    let ada = graph
        .child("nodes")
        .all("node")
        .find(|n| n.attr("id") == "a&1")
        .unwrap();
    assert_eq!(
        value(ada, "node", "note").as_deref(),
        Some("line one\nline two \\ end")
    );
    assert_eq!(value(ada, "node", "attr_weight").as_deref(), Some("70kg"));
    assert!(titles.values().any(|(t, k)| t == "nayar" && k == "integer"));
    let edges: BTreeSet<_> = graph
        .child("edges")
        .all("edge")
        .map(|e| {
            (
                e.attr("source").to_string(),
                e.attr("target").to_string(),
                e.attr("weight").to_string(),
                value(e, "edge", "hierarchy").unwrap(),
            )
        })
        .collect();
    assert_eq!(edges, expected_edges());
}

#[test]
fn graphml_round_trips() {
    let root = xml::parse(&export(TRICKY, "graphml", &[]));
    assert_eq!(root.name, "graphml");
    let keys: BTreeMap<String, (String, String)> = root
        .all("key")
        .map(|k| {
            (
                k.attr("id").to_string(),
                (
                    k.attr("attr.name").to_string(),
                    k.attr("attr.type").to_string(),
                ),
            )
        })
        .collect();
    let data = |element: &xml::Element, name: &str| -> Option<String> {
        element
            .all("data")
            .find(|d| keys[d.attr("key")].0 == name)
            .map(|d| d.text.clone())
    };
    let graph = root.child("graph");
    assert_eq!(graph.attr("edgedefault"), "directed");
    assert_eq!(data(graph, "name").as_deref(), Some("R&D <\"lab\"> 'west'"));
    let labels: BTreeMap<String, String> = graph
        .all("node")
        .map(|n| (n.attr("id").to_string(), data(n, "label").unwrap()))
        .collect();
    assert_eq!(labels, expected_labels());
    let zoe = graph.all("node").find(|n| n.attr("id") == "c 3").unwrap();
    assert_eq!(data(zoe, "department").as_deref(), Some("Ops"));
    assert_eq!(data(zoe, "manager").as_deref(), Some("a&1"));
    assert_eq!(data(zoe, "reports").as_deref(), Some("2"));
    let edges: BTreeSet<_> = graph
        .all("edge")
        .map(|e| {
            (
                e.attr("source").to_string(),
                e.attr("target").to_string(),
                data(e, "weight").unwrap(),
                data(e, "hierarchy").unwrap(),
            )
        })
        .collect();
    assert_eq!(edges, expected_edges());
    for (name, kind) in keys.values() {
        assert!(
            ["string", "long", "double", "boolean"].contains(&kind.as_str()),
            "{name}: {kind}"
        );
    }
}

#[test]
fn json_is_node_link() {
    let data: serde_json::Value = serde_json::from_str(&export(TRICKY, "json", &[])).unwrap();
    assert_eq!(data["directed"], true);
    let labels: BTreeMap<String, String> = data["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["id"].as_str().unwrap().to_string(),
                n["label"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(labels, expected_labels());
    let edges: BTreeSet<_> = data["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["source"].as_str().unwrap().to_string(),
                e["target"].as_str().unwrap().to_string(),
                format!("{:?}", e["weight"].as_f64().unwrap()),
                e["hierarchy"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(edges, expected_edges());
}

#[test]
fn dot_marks_ties_inside_the_hierarchy() {
    let dot = export(TRICKY, "dot", &[]);
    assert!(
        dot.contains("digraph \"R&D <\\\"lab\\\"> 'west'\" {"),
        "{dot}"
    );
    assert!(dot.contains(
        "  \"b<2>\" -> \"a&1\" [advice_weight=\"1.0\", style=dashed, color=gray50, \
         outside_hierarchy=\"false\", hierarchy=\"in-own-subtree\"];"
    ));
    assert!(
        dot.contains("\"d\\\\4\" -> \"b<2>\" [advice_weight=\"1.0\", outside_hierarchy=\"true\"")
    );
    assert!(
        dot.contains("attr_color=\"red\""),
        "free-form attributes cannot restyle"
    );
    assert!(dot.contains("fillcolor=gold"));
}

#[test]
fn csv_writes_nodes_and_edges_tables() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("graph.csv");
    cargo_bin_cmd!()
        .args(["export", TRICKY, "-o"])
        .arg(&out)
        .assert()
        .success()
        .stderr(contains("graph.nodes.csv"));
    let nodes = std::fs::read_to_string(dir.path().join("graph.nodes.csv")).unwrap();
    assert!(nodes.starts_with("Id,Label,title,department,email,manager,respondent,"));
    let mut reader = csv::Reader::from_path(dir.path().join("graph.edges.csv")).unwrap();
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "Source",
            "Target",
            "Type",
            "Weight",
            "outside_hierarchy",
            "hierarchy"
        ]
    );
    let edges: BTreeSet<_> = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (
                r[0].to_string(),
                r[1].to_string(),
                r[3].to_string(),
                r[5].to_string(),
            )
        })
        .collect();
    assert_eq!(edges, expected_edges());
    cargo_bin_cmd!()
        .args(["export", TRICKY, "--format", "csv"])
        .assert()
        .code(2)
        .stderr(contains("name them with -o FILE.csv"));
}

#[test]
fn format_comes_from_the_extension_or_is_asked_for() {
    cargo_bin_cmd!()
        .args(["export", TRICKY])
        .assert()
        .code(2)
        .stderr(contains("--format gexf, graphml, dot, json or csv"));
}

/// Two tables cannot go to one stdout; roving says so before it loads the team (which takes
/// seconds at a million people), even when the team file is missing.
#[test]
fn csv_to_stdout_is_refused_before_loading() {
    cargo_bin_cmd!()
        .args(["export", "no/such/team.ron", "--format", "csv"])
        .assert()
        .code(2)
        .stderr(contains(
            "--format csv writes two tables (nodes and edges); name them with -o FILE.csv",
        ))
        .stderr(contains("no/such").not());
}

/// A sampled betweenness column is flagged on stderr, as `rank` does, and the file says so
/// in its graph attributes (every format).
#[test]
fn sampled_betweenness_is_noted() {
    let output = cargo_bin_cmd!()
        .args([
            "export",
            "sample_teams/lazega.ron",
            "--format",
            "json",
            "--samples",
            "5",
        ])
        .output()
        .unwrap();
    assert!(output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("note: betweenness is an estimate from 5 sampled source people (of 71)"),
        "{stderr}"
    );
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["nodes"].as_array().unwrap().len(), 71);
    assert_eq!(
        json["graph"]["betweenness"],
        "estimated from 5 sampled sources"
    );
    for format in ["gexf", "graphml", "dot"] {
        let text = export("sample_teams/lazega.ron", format, &["--samples", "5"]);
        assert!(
            text.contains("estimated from 5 sampled sources"),
            "{format}"
        );
    }
}

/// Every format, byte for byte, for the team whose names need escaping everywhere: a change
/// to any writer (or to how rows are made) shows here as a snapshot diff. The version in
/// the GEXF creator and the DOT comment is masked.
#[test]
fn every_format_is_byte_for_byte_stable() {
    let mask = |text: String| text.replace(env!("CARGO_PKG_VERSION"), "[version]");
    for format in ["gexf", "graphml", "dot", "json"] {
        insta::assert_snapshot!(
            format!("tricky_{format}"),
            mask(export(TRICKY, format, &["--scope", "team"]))
        );
    }
    let dir = tempfile::tempdir().unwrap();
    cargo_bin_cmd!()
        .args(["export", TRICKY, "-o"])
        .arg(dir.path().join("tricky.csv"))
        .assert()
        .success();
    for table in ["nodes", "edges"] {
        let path = dir.path().join(format!("tricky.{table}.csv"));
        insta::assert_snapshot!(
            format!("tricky_{table}_csv"),
            std::fs::read_to_string(path).unwrap()
        );
    }
}

/// The CSV pair is written in full before either file replaces an older one: an edges
/// table that cannot be written leaves the old nodes table as it was.
#[test]
fn csv_pair_is_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let nodes = dir.path().join("graph.nodes.csv");
    std::fs::write(&nodes, "old nodes").unwrap();
    std::fs::create_dir(dir.path().join("graph.edges.csv")).unwrap();
    cargo_bin_cmd!()
        .args(["export", TRICKY, "-o"])
        .arg(dir.path().join("graph.csv"))
        .assert()
        .code(2)
        .stderr(contains("graph.edges.csv': it is a folder"));
    assert_eq!(std::fs::read_to_string(&nodes).unwrap(), "old nodes");
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left.len(), 2, "no temporary file left: {left:?}");
}

#[test]
fn numeric_attributes_are_numbers_for_graph_tools() {
    // Krackhardt's people carry age (whole years), level and tenure (fractional years): Gephi
    // can size or colour nodes by them only if they are typed as numbers.
    let graphml = export("sample_teams/krackhardt.ron", "graphml", &[]);
    for (name, kind) in [
        ("age", "long"),
        ("level", "long"),
        ("tenure_years", "double"),
    ] {
        let key = format!("attr.name=\"{name}\" attr.type=\"{kind}\"");
        assert!(graphml.contains(&key), "no {key} in\n{graphml}");
    }
    let gexf = export("sample_teams/krackhardt.ron", "gexf", &[]);
    assert!(
        gexf.contains("title=\"tenure_years\" type=\"double\""),
        "{gexf}"
    );
    let data: serde_json::Value =
        serde_json::from_str(&export("sample_teams/krackhardt.ron", "json", &[])).unwrap();
    let a01 = data["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == "1")
        .unwrap();
    // A01: age 33, tenure 9.333 years (Krackhardt 1987).
    assert_eq!(
        (&a01["age"], &a01["tenure_years"]),
        (&serde_json::json!(33), &serde_json::json!(9.333))
    );
    // Text such as '70kg' stays text.
    assert!(
        export(TRICKY, "graphml", &[]).contains("attr.name=\"attr_weight\" attr.type=\"string\"")
    );
}

fn run_ok(args: &[&str]) -> (String, String) {
    let output = cargo_bin_cmd!().args(args).output().unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(output.status.success(), "{args:?}: {stderr}");
    (String::from_utf8(output.stdout).unwrap(), stderr)
}

/// The nodes and edges tables read back as a people file and an advice file: `Label` names
/// people, `Source`/`Target` are the ends of a tie, and the metric columns are left out
/// with a warning (they came back as stale attributes). Exported again, the tables are the
/// same bytes; ranked, the list is the team's. The pair keeps the `respondent` column;
/// `import` takes respondents from the surveys and leaves the column out, saying so.
#[test]
fn the_nodes_and_edges_tables_read_back_as_the_team() {
    let dir = tempfile::tempdir().unwrap();
    let path = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    let (first, nodes, edges) = (path("t.csv"), path("t.nodes.csv"), path("t.edges.csv"));
    run_ok(&["export", "sample_teams/acme.ron", "-o", &first]);
    let again = path("again.csv");
    let (_, warnings) = run_ok(&[
        "export", "--people", &nodes, "--advice", &edges, "-o", &again,
    ]);
    assert!(
        warnings.contains("looks like a file roving wrote: left out its 15 computed columns"),
        "{warnings}"
    );
    for (a, b) in [(&nodes, "again.nodes.csv"), (&edges, "again.edges.csv")] {
        assert_eq!(
            std::fs::read_to_string(a).unwrap(),
            std::fs::read_to_string(path(b)).unwrap()
        );
    }
    let listed = |args: &[&str]| run_ok(&[&["rank", "--format", "csv"][..], args].concat()).0;
    let team = listed(&["sample_teams/acme.ron"]);
    assert!(team.contains(",Arjun Petrov,"));
    assert_eq!(listed(&["--people", &nodes, "--advice", &edges]), team);

    // Two respondents, one of whom named nobody: the pair keeps the respondent column;
    // `import` tells who answered from the surveys, and says it left the column out.
    let org = path("org.csv");
    std::fs::write(
        &org,
        "id,name,manager_id,respondent\n1,Ann,,yes\n2,Bo,1,yes\n3,Cy,1,no\n",
    )
    .unwrap();
    let advice = path("advice.csv");
    std::fs::write(&advice, "seeker_id,advisor_id\n2,3\n").unwrap();
    let (small, small_nodes, small_edges) =
        (path("s.csv"), path("s.nodes.csv"), path("s.edges.csv"));
    run_ok(&[
        "export", "--people", &org, "--advice", &advice, "-o", &small,
    ]);
    let respondents = |team: &str| -> Vec<String> {
        let text = std::fs::read_to_string(team).unwrap();
        assert!(
            !text.contains("nayar") && !text.contains("pagerank"),
            "{text}"
        );
        text.lines()
            .filter(|l| l.contains("respondent: true"))
            .map(|l| l.split('"').nth(1).unwrap().to_string())
            .collect()
    };
    let converted = path("c.ron");
    run_ok(&[
        "convert",
        "--people",
        &small_nodes,
        "--advice",
        &small_edges,
        "-o",
        &converted,
    ]);
    assert_eq!(respondents(&converted), ["1", "2"]);
    let imported = path("i.ron");
    let (report, _) = run_ok(&[
        "import",
        "--org",
        &small_nodes,
        "--survey",
        &small_edges,
        "-o",
        &imported,
    ]);
    assert!(
        report.contains("who answered comes from the surveys"),
        "{report}"
    );
    assert_eq!(respondents(&imported), ["2"]);
}

/// A numeric attribute is written as the team writes it, in every format: `1.10`, `1e5`,
/// `2.00` and `-0` used to come out as `1.1`, `100000.0`, `2.0` and `0` even in the CSV
/// and DOT files, which is not what the HR file said (a version, a cost). Typed formats
/// still declare the column a number, and JSON still holds numbers.
#[test]
fn numeric_attributes_are_written_as_the_team_writes_them() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("attrs.ron");
    std::fs::write(
        &team,
        r#"Team(people: [
  Person(id: "1", name: "A", attributes: {"version": "1.10", "code": "1e5", "cost": "2.00", "zero": "-0"}),
  Person(id: "2", name: "B", manager: "1", attributes: {"version": "1.2", "code": "2", "cost": "1.5", "zero": "3"}),
], advice: [Tie(seeker: "2", advisor: "1")])"#,
    )
    .unwrap();
    let team = team.to_str().unwrap();
    let written = ["1.10", "1e5", "2.00", "-0"];
    let dot = export(team, "dot", &[]);
    for (name, value) in ["version", "code", "cost", "zero"].iter().zip(written) {
        assert!(
            dot.contains(&format!("{name}=\"{value}\"")),
            "{name}: {dot}"
        );
    }
    let graphml = export(team, "graphml", &[]);
    assert!(graphml.contains("attr.name=\"cost\" attr.type=\"double\""));
    assert!(graphml.contains("attr.name=\"zero\" attr.type=\"long\""));
    for value in written {
        assert!(
            graphml.contains(&format!(">{value}</data>")),
            "{value}: {graphml}"
        );
    }
    let csv = dir.path().join("t.csv");
    run_ok(&["export", team, "-o", csv.to_str().unwrap()]);
    let nodes = std::fs::read_to_string(dir.path().join("t.nodes.csv")).unwrap();
    let row = nodes.lines().nth(1).unwrap();
    assert!(row.ends_with(",1e5,2.00,1.10,-0"), "{nodes}");
    let data: serde_json::Value = serde_json::from_str(&export(team, "json", &[])).unwrap();
    let a = &data["nodes"][0];
    assert_eq!(
        [&a["version"], &a["code"], &a["cost"], &a["zero"]],
        [
            &serde_json::json!(1.1),
            &serde_json::json!(100_000.0),
            &serde_json::json!(2.0),
            &serde_json::json!(0)
        ]
    );
}

/// An attribute whose name differs from a built-in column only in case, spacing or
/// punctuation (`Roving Leader`, `# Reports`) gets the `attr_` prefix: both names were
/// written, and the loaders, which compare headers without regard to those, refused the
/// nodes table as naming one column twice. It loads back, the attributes kept.
#[test]
fn attributes_named_like_a_built_in_column_load_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    std::fs::write(
        path("p.csv"),
        "id,name,manager_id,Roving Leader,# Reports\n1,Ada,,yes,2\n2,Bo,1,no,0\n3,Cy,1,no,0\n",
    )
    .unwrap();
    std::fs::write(path("a.csv"), "seeker_id,advisor_id\n2,3\n").unwrap();
    run_ok(&[
        "export",
        "--people",
        &path("p.csv"),
        "--advice",
        &path("a.csv"),
        "-o",
        &path("t.csv"),
    ]);
    let nodes = std::fs::read_to_string(path("t.nodes.csv")).unwrap();
    let header = nodes.lines().next().unwrap();
    assert!(
        header.ends_with(",roving_leader,rank,attr_# Reports,attr_Roving Leader"),
        "{header}"
    );
    run_ok(&[
        "export",
        "--people",
        &path("t.nodes.csv"),
        "--advice",
        &path("t.edges.csv"),
        "-o",
        &path("again.csv"),
    ]);
    assert_eq!(
        std::fs::read_to_string(path("again.nodes.csv")).unwrap(),
        nodes
    );
}
