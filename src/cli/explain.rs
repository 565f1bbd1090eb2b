//! `roving explain`: the provenance of one person's Nayar count.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use anyhow::bail;
use clap::Args;

use crate::metrics::{Analysis, Exclusion, Metric, provenance};
use crate::model::{Org, PersonIx};
use crate::text::{percent, thousands};

use super::progress::Bars;
use super::{AnalysisArgs, ScopeArg, TeamArgs};

/// Arguments of `roving explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The person: an id, or a name (written exactly so, or in any case when only one
    /// person fits).
    pub person: String,
    /// Who counts as outside a person's hierarchy.
    #[command(flatten)]
    pub scope: ScopeArg,
    /// The team.
    #[command(flatten)]
    pub team: TeamArgs,
    /// How to compute.
    #[command(flatten)]
    pub analysis: AnalysisArgs,
}

/// Runs `explain`.
pub fn run(args: &ExplainArgs) -> anyhow::Result<()> {
    let progress = Bars::for_stderr();
    let loaded = args.team.load_with(&progress)?;
    let org = &loaded.org;
    let settings = args.analysis.settings(org);
    let (person, note) = find_person(org, &args.person)?;
    if let Some(note) = note {
        eprintln!("note: {note}");
    }
    let analysis = Analysis::compute_with(org, args.scope.scope, &settings, &progress);
    progress.total();
    drop(progress);
    for note in super::rank::notes(org, &analysis) {
        eprintln!("note: {note}");
    }
    print!("{}", explain(org, &analysis, person));
    Ok(())
}

/// Finds a person by id, else by name: the one written exactly so, else the one whose name
/// differs only in case. The second value is a note when the id also names someone else.
///
/// # Errors
///
/// Nobody has that id or name, or several people have that name (their ids are listed).
pub fn find_person(org: &Org, key: &str) -> anyhow::Result<(PersonIx, Option<String>)> {
    let lower = key.to_lowercase();
    let named: Vec<PersonIx> = (0..org.len() as PersonIx)
        .filter(|&p| org.person(p).name.to_lowercase() == lower)
        .collect();
    if let Some(person) = org.find(key) {
        let others: Vec<String> = named
            .iter()
            .filter(|&&p| p != person)
            .take(3)
            .map(|&p| label(org, p))
            .collect();
        let note = (!others.is_empty()).then(|| {
            format!(
                "'{key}' is the id of {}, explained here; also named '{key}': {} (explain them \
                 by id)",
                label(org, person),
                others.join(", ")
            )
        });
        return Ok((person, note));
    }
    let exact: Vec<PersonIx> = named
        .iter()
        .copied()
        .filter(|&p| org.person(p).name.as_str() == key)
        .collect();
    let named = if exact.is_empty() { named } else { exact };
    match named.as_slice() {
        [] => bail!(
            "no person with id or name '{key}' in the team; `roving rank` lists everyone's id"
        ),
        [person] => Ok((*person, None)),
        several => {
            const LISTED: usize = 5;
            let mut ids: Vec<String> = several
                .iter()
                .take(LISTED)
                .map(|&p| org.person(p).id.to_string())
                .collect();
            if several.len() > LISTED {
                ids.push(format!("and {} more", several.len() - LISTED));
            }
            bail!(
                "{} people are named '{key}' (ids {}); give the id of the one you mean",
                several.len(),
                ids.join(", ")
            )
        }
    }
}

fn label(org: &Org, p: PersonIx) -> String {
    let person = org.person(p);
    if person.name == person.id {
        person.name.to_string()
    } else {
        format!("{} ({})", person.name, person.id)
    }
}

/// The explanation as text.
pub fn explain(org: &Org, analysis: &Analysis, person: PersonIx) -> String {
    let scope = analysis.view.scope;
    let p = org.person(person);
    let score = analysis.view.nayar[person as usize];
    let mut text = String::new();
    let mut facts = Vec::new();
    if let Some(title) = &p.title {
        facts.push(title.to_string());
    }
    if let Some(dept) = &p.department {
        facts.push(format!("department {dept}"));
    }
    let _ = writeln!(
        text,
        "{}{}",
        label(org, person),
        if facts.is_empty() {
            String::new()
        } else {
            format!(" — {}", facts.join(", "))
        }
    );
    let chain = org.chart().chain(person);
    if chain.is_empty() {
        let _ = writeln!(text, "Reports to nobody (top of a reporting line).");
    } else {
        let names: Vec<String> = chain.iter().map(|&m| label(org, m)).collect();
        let _ = writeln!(text, "Management chain: {}", names.join(" → "));
    }
    let reports = org.chart().reports(person).len();
    let below = org.chart().subtree_size(person);
    let _ = writeln!(
        text,
        "Direct reports: {}; people in their reporting subtree: {}.",
        thousands(reports),
        thousands(below as usize)
    );
    // The place in `rank`'s list (and the browser's); people with the same count are
    // ordered by PageRank, then id, which the line says when it decides.
    let rank = analysis
        .ranking(org, Metric::Nayar)
        .iter()
        .position(|&q| q == person)
        .map_or(0, |i| i + 1);
    let tied = analysis
        .view
        .nayar
        .iter()
        .filter(|s| s.count == score.count)
        .count()
        - 1;
    let shared = match tied {
        0 => String::new(),
        n => format!(
            " (the same count as {}: ties are ordered by PageRank, then id)",
            crate::text::count(n, "other", "others")
        ),
    };
    let roles = analysis.view.roles[person as usize];
    if score.eligible == 0 {
        let _ = writeln!(
            text,
            "\nNayar count (scope {}): 0 — everyone else is inside their reporting hierarchy \
             in this scope, so nobody can count.",
            scope.name(),
        );
    } else {
        let _ = writeln!(
            text,
            "\nNayar count (scope {}): {} — {} of {} eligible people ({}) come to them for \
             advice.",
            scope.name(),
            thousands(score.count as usize),
            thousands(score.count as usize),
            thousands(score.eligible as usize),
            percent(score.share)
        );
    }
    let _ = writeln!(
        text,
        "Rank {} of {} by Nayar count{shared}; weighted count {}; departments reached {}; \
         roles: {}.",
        thousands(rank),
        thousands(org.len()),
        trim_float(score.weighted),
        score.departments_reached,
        if roles.is_empty() {
            "none".to_string()
        } else {
            roles.join(", ")
        }
    );

    let why = provenance(org, scope, person);
    let mut by_department: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for &(seeker, weight) in &why.counted {
        let dept = org
            .department_of(seeker)
            .unwrap_or("(no department)")
            .to_string();
        let mut name = label(org, seeker);
        if (weight - 1.0).abs() > f64::EPSILON {
            let _ = write!(name, " ×{}", trim_float(weight));
        }
        by_department.entry(dept).or_default().push(name);
    }
    let _ = writeln!(text, "\nCounted ({}), by department:", why.counted.len());
    if by_department.is_empty() {
        let _ = writeln!(
            text,
            "  nobody outside their hierarchy comes to them for advice"
        );
    }
    let mut groups: Vec<(String, Vec<String>)> = by_department.into_iter().collect();
    groups.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then_with(|| a.0.cmp(&b.0)));
    for (dept, names) in groups {
        let same = if p.department.as_deref() == Some(dept.as_str()) {
            ", own department"
        } else {
            ""
        };
        let _ = writeln!(
            text,
            "  {dept} ({}{same}): {}",
            names.len(),
            names.join(", ")
        );
    }
    let _ = writeln!(text, "\nNot counted ({}):", why.excluded.len());
    if why.excluded.is_empty() && why.counted.is_empty() {
        let _ = writeln!(text, "  none: nobody comes to them for advice");
    } else if why.excluded.is_empty() {
        let _ = writeln!(
            text,
            "  none: every seeker is outside their reporting hierarchy"
        );
    }
    let mut reasons: BTreeMap<Exclusion, Vec<String>> = BTreeMap::new();
    for &(seeker, reason) in &why.excluded {
        reasons.entry(reason).or_default().push(label(org, seeker));
    }
    for (reason, names) in reasons {
        let _ = writeln!(
            text,
            "  {} ({}): {}",
            reason.describe(),
            names.len(),
            names.join(", ")
        );
    }
    let asks: Vec<String> = org
        .advice()
        .advisors(person)
        .iter()
        .map(|&a| label(org, a))
        .collect();
    let _ = writeln!(
        text,
        "\nGoes to for advice ({}): {}",
        asks.len(),
        if asks.is_empty() {
            "nobody named".to_string()
        } else {
            asks.join(", ")
        }
    );
    text
}

fn trim_float(value: f64) -> String {
    if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.2}")
    }
}
