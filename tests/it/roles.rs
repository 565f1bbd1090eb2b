//! Roles on hand-drawn teams, and thresholds changed from the command line.

use roving::io::team_from_str;
use roving::metrics::{Analysis, Role, Scope, Settings, Thresholds};
use roving::model::Org;

fn roles_of(org: &Org, settings: &Settings, id: &str) -> Vec<Role> {
    let analysis = Analysis::compute(org, Scope::Chain, settings);
    analysis.view.roles[org.find(id).unwrap() as usize]
        .iter()
        .collect()
}

/// Mo manages r1..r4. Only r1 asks Mo; r2..r4 ask Ivy, an individual contributor in
/// another department, as do x1 and x2 from a third one.
const BYPASS: &str = r#"Team(
    people: [
        Person(id: "mo", name: "Mo", department: "Ops"),
        Person(id: "r1", name: "R1", manager: "mo", department: "Ops"),
        Person(id: "r2", name: "R2", manager: "mo", department: "Ops"),
        Person(id: "r3", name: "R3", manager: "mo", department: "Ops"),
        Person(id: "r4", name: "R4", manager: "mo", department: "Ops"),
        Person(id: "ivy", name: "Ivy", department: "Eng"),
        Person(id: "x1", name: "X1", department: "Sales"),
        Person(id: "x2", name: "X2", department: "Sales"),
        Person(id: "x3", name: "X3", department: "Legal"),
    ],
    advice: [
        Tie(seeker: "r1", advisor: "mo"),
        Tie(seeker: "r2", advisor: "ivy"), Tie(seeker: "r3", advisor: "ivy"),
        Tie(seeker: "r4", advisor: "ivy"), Tie(seeker: "x1", advisor: "ivy"),
        Tie(seeker: "x2", advisor: "ivy"), Tie(seeker: "ivy", advisor: "x3"),
        Tie(seeker: "x3", advisor: "r1"),
    ],
)"#;

#[test]
fn bypassed_manager_and_roving_leader() {
    let org = team_from_str(BYPASS).unwrap();
    let settings = Settings::default();
    // 1 of 4 reports asks Mo (< half) and 3 of 4 ask someone else (>= half).
    assert_eq!(roles_of(&org, &settings, "mo"), [Role::BypassedManager]);
    // Ivy: 5 seekers outside her (empty) hierarchy, top 10% of 9 people, no reports.
    // She also carries every shortest path from r2..r4, x1, x2 to x3 and r1: a broker, with
    // counted seekers from Ops and Sales only (2 departments), so not with the default 3.
    assert_eq!(roles_of(&org, &settings, "ivy"), [Role::RovingLeader]);
    let two = Settings {
        thresholds: Thresholds {
            min_departments: 2,
            ..Thresholds::default()
        },
        ..settings
    };
    assert_eq!(
        roles_of(&org, &two, "ivy"),
        [Role::RovingLeader, Role::Broker]
    );
    assert_eq!(roles_of(&org, &settings, "x1"), [Role::Peripheral]);
}

#[test]
fn half_of_the_reports_asking_is_not_bypassed() {
    let text = BYPASS.replace(
        r#"Tie(seeker: "r2", advisor: "ivy")"#,
        r#"Tie(seeker: "r2", advisor: "mo")"#,
    );
    let org = team_from_str(&text).unwrap();
    assert!(roles_of(&org, &Settings::default(), "mo").is_empty());
    // --bypass-share 0.75: 2 of 4 is now fewer than the share.
    let strict = Settings {
        thresholds: Thresholds {
            bypass_share: 0.75,
            ..Thresholds::default()
        },
        ..Settings::default()
    };
    assert_eq!(roles_of(&org, &strict, "mo"), [Role::BypassedManager]);
}

#[test]
fn min_nayar_keeps_small_counts_out() {
    let org = team_from_str(BYPASS).unwrap();
    let high = Settings {
        thresholds: Thresholds {
            min_nayar: 6,
            ..Thresholds::default()
        },
        ..Settings::default()
    };
    assert!(!roles_of(&org, &high, "ivy").contains(&Role::RovingLeader));
}

#[test]
fn thresholds_from_flags_change_the_output() {
    let output = assert_cmd::Command::new(env!("CARGO_BIN_EXE_roving"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "rank",
            "sample_teams/krackhardt.ron",
            "--role",
            "roving-leader",
            "--top-share",
            "0.5",
            "--format",
            "csv",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    let ids: Vec<&str> = text
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(1).unwrap())
        .collect();
    // With the top half, the managers without reports at 8+ join manager 1.
    assert_eq!(ids, ["1", "8", "11", "6", "4", "20", "10", "16"]);
}

/// Boss manages p1..p29; all but p1 ask p1 for advice, and p2..p9 also ask p2. Only two
/// people have a Nayar count: the top 10% (3 people) reaches down to a count of 0. Before,
/// that 0 was the cut-off and "a cut-off of 0 puts nobody in": p1, sought by 28 of 29
/// colleagues, had no role.
#[test]
fn a_clear_leader_is_one_when_few_people_are_sought() {
    let mut people = vec![r#"Person(id: "boss", name: "Boss")"#.to_string()];
    let mut ties = Vec::new();
    for i in 1..=29 {
        people.push(format!(
            r#"Person(id: "p{i}", name: "P{i}", manager: "boss")"#
        ));
        if i != 1 {
            ties.push(format!(r#"Tie(seeker: "p{i}", advisor: "p1")"#));
        }
        if (3..=9).contains(&i) {
            ties.push(format!(r#"Tie(seeker: "p{i}", advisor: "p2")"#));
        }
    }
    let team = format!(
        "Team(people: [{}], advice: [{}])",
        people.join(", "),
        ties.join(", ")
    );
    let org = team_from_str(&team).unwrap();
    let settings = Settings::default();
    assert_eq!(roles_of(&org, &settings, "p1"), [Role::RovingLeader]);
    assert_eq!(roles_of(&org, &settings, "p2"), [Role::RovingLeader]);
    assert_eq!(roles_of(&org, &settings, "p3"), [Role::Peripheral]);
    // A wider share keeps them.
    for top_share in [0.2, 0.5, 1.0] {
        let settings = Settings {
            thresholds: Thresholds {
                top_share,
                ..Thresholds::default()
            },
            ..Settings::default()
        };
        assert_eq!(
            roles_of(&org, &settings, "p1"),
            [Role::RovingLeader],
            "{top_share}"
        );
    }
}
