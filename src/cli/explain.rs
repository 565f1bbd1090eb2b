//! `roving explain`: the provenance of one person's Nayar count.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use anyhow::bail;
use clap::Args;

use crate::io::import::normalize_name;
use crate::metrics::{Analysis, Exclusion, Metric, provenance};
use crate::model::{Org, PersonIx};
use crate::privacy::department_label;
use crate::text::{clean, count, percent, thousands};

use super::privacy::PrivacyArgs;
use super::progress::Bars;
use super::{AnalysisArgs, ScopeArg, TeamArgs};

/// Arguments of `roving explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The person: an id, or a name (written exactly so, or in any case when only one
    /// person fits); with --pseudonymize, their pseudonym (as `rank --pseudonymize` lists
    /// it) or real id, never a name
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
    /// Privacy.
    #[command(flatten)]
    pub privacy: PrivacyArgs,
}

/// Runs `explain`.
pub fn run(args: &ExplainArgs) -> anyhow::Result<()> {
    if args.privacy.min_group_given() {
        bail!(
            "--min-group hides small departments in tables of group figures (rank \
             --by-department, diff), and explain shows one person: drop --min-group"
        );
    }
    // Read once (a key file may be a pipe), and before loading, so a missing key fails fast.
    let pseudonymizer = args.privacy.pseudonymizer()?;
    if let Some(note) = args.privacy.real_names_note() {
        eprintln!("note: {note}");
    }
    let progress = Bars::for_stderr();
    let loaded = args.team.load_with_privacy(&progress, &args.privacy)?;
    let org = &super::privacy::pseudonymize(loaded.org, pseudonymizer.as_ref())?;
    let settings = args.analysis.settings(org);
    // Pseudonymized, the person is given by pseudonym (as `rank --pseudonymize` lists
    // them), or by their real id, which is made into theirs and never printed.
    let key = match &pseudonymizer {
        Some(p) if org.find(args.person.trim()).is_none() => p.pseudonym(args.person.trim()),
        _ => args.person.clone(),
    };
    let (person, note) = find_person(org, &key).map_err(|e| match &pseudonymizer {
        Some(_) => anyhow::anyhow!(
            "no person with that pseudonym or id in the team; `roving rank --pseudonymize` \
             lists everyone's pseudonym"
        ),
        None => e,
    })?;
    if let Some(note) = note {
        eprintln!("note: {note}");
    }
    let analysis = Analysis::compute_with(org, args.scope.scope, &settings, &progress);
    progress.total();
    drop(progress);
    for note in super::rank::notes(org, &analysis) {
        eprintln!("note: {note}");
    }
    super::print(&explain(org, &analysis, person))
}

/// How a key matched people's names, from the strictest way to the loosest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NameMatch {
    /// Written exactly so.
    Exact,
    /// In another case.
    Case,
    /// Ignoring case, accents, punctuation and spacing ("Maria Gomez" for "María Gómez"),
    /// "Last, First" as "First Last".
    Loose,
}

impl NameMatch {
    /// How the people found were named, for the message listing them.
    fn describe(self, key: &str) -> String {
        match self {
            NameMatch::Exact => format!("are named '{key}'"),
            NameMatch::Case => format!("are named '{key}' in some case"),
            NameMatch::Loose => format!("have a name like '{key}'"),
        }
    }
}

/// The people whose names match `key`, the strictest way that finds anybody.
fn by_name(org: &Org, key: &str) -> Option<(NameMatch, Vec<PersonIx>)> {
    let everyone = 0..org.len() as PersonIx;
    let name = |p: PersonIx| org.person(p).name.as_str();
    let exact: Vec<PersonIx> = everyone.clone().filter(|&p| name(p) == key).collect();
    if !exact.is_empty() {
        return Some((NameMatch::Exact, exact));
    }
    let lower = key.to_lowercase();
    let case: Vec<PersonIx> = everyone
        .clone()
        .filter(|&p| name(p).to_lowercase() == lower)
        .collect();
    if !case.is_empty() {
        return Some((NameMatch::Case, case));
    }
    let loose = normalize_name(key);
    if loose.is_empty() {
        return None;
    }
    let found: Vec<PersonIx> = everyone
        .filter(|&p| normalize_name(name(p)) == loose)
        .collect();
    (!found.is_empty()).then_some((NameMatch::Loose, found))
}

/// Up to `listed` labels of `people`, then "and N more".
fn listing(
    org: &Org,
    people: &[PersonIx],
    listed: usize,
    show: fn(&Org, PersonIx) -> String,
) -> String {
    let mut shown: Vec<String> = people.iter().take(listed).map(|&p| show(org, p)).collect();
    if people.len() > listed {
        shown.push(format!("and {} more", thousands(people.len() - listed)));
    }
    shown.join(", ")
}

/// Finds a person by id, else by name: written exactly so, else in another case, else
/// ignoring accents, punctuation and spacing; else by id in another case. The second value
/// is a note when the id also names someone else.
///
/// # Errors
///
/// Nobody has that id or name, or several people have that name (their ids are listed).
pub fn find_person(org: &Org, key: &str) -> anyhow::Result<(PersonIx, Option<String>)> {
    let key = key.trim();
    let named = by_name(org, key);
    if let Some(person) = org.find(key) {
        let others: Vec<PersonIx> = named
            .map(|(_, people)| people)
            .unwrap_or_default()
            .into_iter()
            .filter(|&p| p != person)
            .collect();
        let note = (!others.is_empty()).then(|| {
            format!(
                "'{}' is the id of {}, explained here; also named '{}': {} (explain them by id)",
                clean(key),
                label(org, person),
                clean(key),
                listing(org, &others, 3, label)
            )
        });
        return Ok((person, note));
    }
    match named {
        Some((_, people)) if people.len() == 1 => Ok((people[0], None)),
        Some((how, several)) => bail!(
            "{} people {} (ids {}); give the id of the one you mean",
            several.len(),
            how.describe(&clean(key)),
            listing(org, &several, 5, |org, p| clean(&org.person(p).id)
                .into_owned())
        ),
        None => {
            // An id in another case: `e4` for `E4`, when only one id fits.
            let lower = key.to_lowercase();
            let ids: Vec<PersonIx> = (0..org.len() as PersonIx)
                .filter(|&p| org.person(p).id.to_lowercase() == lower)
                .collect();
            match ids.as_slice() {
                [person] => Ok((*person, None)),
                _ => bail!(
                    "no person with id or name '{}' in the team; `roving rank` lists everyone's \
                     id",
                    clean(key)
                ),
            }
        }
    }
}

/// A person as `Name (id)`, or the id alone when it is the name, safe to print.
fn label(org: &Org, p: PersonIx) -> String {
    let person = org.person(p);
    if person.name == person.id {
        clean(&person.name).into_owned()
    } else {
        format!("{} ({})", clean(&person.name), clean(&person.id))
    }
}

/// The explanation as text.
pub fn explain(org: &Org, analysis: &Analysis, person: PersonIx) -> String {
    let scope = analysis.view.scope;
    let p = org.person(person);
    let score = analysis.view.nayar[person as usize];
    let mut text = String::new();
    let mut facts = Vec::new();
    if let Some(title) = p.title.as_deref().filter(|t| !t.trim().is_empty()) {
        facts.push(clean(title).into_owned());
    }
    if let Some(dept) = p.department.as_deref().filter(|d| !d.trim().is_empty()) {
        facts.push(format!("department {}", clean(dept)));
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
            "\nNayar count (scope {}): {} — {} of {} ({}) {} to them for advice.",
            scope.name(),
            thousands(score.count as usize),
            thousands(score.count as usize),
            count(
                score.eligible as usize,
                "eligible person",
                "eligible people"
            ),
            percent(score.share),
            if score.count == 1 { "comes" } else { "come" }
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
    // Keyed by the department, not its label: people without one are not a department
    // named `(none)`, as in `rank --by-department`.
    let mut by_department: BTreeMap<Option<&str>, Vec<String>> = BTreeMap::new();
    for &(seeker, weight) in &why.counted {
        let mut name = label(org, seeker);
        if (weight - 1.0).abs() > f64::EPSILON {
            let _ = write!(name, " ×{}", trim_float(weight));
        }
        by_department
            .entry(org.department_of(seeker))
            .or_default()
            .push(name);
    }
    let _ = writeln!(text, "\nCounted ({}), by department:", why.counted.len());
    if by_department.is_empty() {
        let _ = writeln!(
            text,
            "  nobody outside their hierarchy comes to them for advice"
        );
    }
    let own = org.department_of(person);
    let mut groups: Vec<(String, bool, Vec<String>)> = by_department
        .into_iter()
        .map(|(dept, names)| {
            let shown = clean(&department_label(dept)).into_owned();
            (shown, dept.is_some() && dept == own, names)
        })
        .collect();
    groups.sort_by(|a, b| b.2.len().cmp(&a.2.len()).then_with(|| a.0.cmp(&b.0)));
    for (dept, own, names) in groups {
        let same = if own { ", own department" } else { "" };
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

/// A weight or weighted count: whole numbers as such, others to three decimals without
/// trailing zeros (`0.25`, `0.001`), and smaller ones in scientific notation rather than
/// as 0.
fn trim_float(value: f64) -> String {
    if value.fract() == 0.0 {
        return format!("{value:.0}");
    }
    let fixed = format!("{value:.3}");
    let fixed = fixed.trim_end_matches('0').trim_end_matches('.');
    if fixed == "0" || fixed == "-0" {
        format!("{value:.1e}")
    } else {
        fixed.to_string()
    }
}
