//! petgraph-ecosystem functions as oracles, run directly on our graph through petgraph's
//! visit traits: rustworkx-core's betweenness (which matches networkx) on teams larger than
//! the networkx fixtures.

use roving::generate::generate;
use roving::io::{Options, org_from_team};
use roving::metrics::{Sources, betweenness};

#[test]
fn betweenness_matches_rustworkx_on_a_generated_org() {
    let org = org_from_team(
        generate(600, 21, "Oracle Inc").to_team(),
        Options::default(),
    )
    .unwrap()
    .org;
    let ours = betweenness(org.advice(), Sources::All).scores;
    let theirs = rustworkx_core::centrality::betweenness_centrality(org.advice(), false, true, 50);
    assert_eq!(ours.len(), theirs.len());
    for (p, (a, b)) in ours.iter().zip(&theirs).enumerate() {
        let b = b.unwrap();
        assert!((a - b).abs() < 1e-9, "person {p}: ours {a}, rustworkx {b}");
    }
}

#[test]
fn betweenness_matches_rustworkx_on_lazega() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/sample_teams/lazega.ron");
    let org = roving::io::load_ron(std::path::Path::new(path), Options::default())
        .unwrap()
        .org;
    let ours = betweenness(org.advice(), Sources::All).scores;
    let theirs = rustworkx_core::centrality::betweenness_centrality(org.advice(), false, true, 50);
    for (a, b) in ours.iter().zip(&theirs) {
        assert!((a - b.unwrap()).abs() < 1e-9);
    }
}
