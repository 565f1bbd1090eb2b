//! The end of an import, once every survey is read: repeated ties merged, who answered
//! overall and per department, and the [`ImportReport`].

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::io::validate::Triple;
use crate::model::{Org, Person, PersonIx};
use crate::privacy::{Suppressed, suppress};

use super::answers::Answers;
use super::report::{
    AmbiguousName, DepartmentRate, FuzzyMatch, ImportReport, RelationSummary, SurveySummary,
    UnmatchedName,
};
use super::{ADVICE, ImportOptions};

/// Merges each relation's repeated ties, weights summed (as the team loader does), and counts
/// the merges and the ties left in the relation's figures.
pub(super) fn merge_repeats(
    ties: BTreeMap<String, Vec<Triple>>,
    relations: &mut BTreeMap<String, RelationSummary>,
) -> BTreeMap<String, Vec<Triple>> {
    let mut merged: BTreeMap<String, Vec<Triple>> = BTreeMap::new();
    for (relation, mut list) in ties {
        let summary = relations.entry(relation.clone()).or_default();
        // A stable sort keeps each pair's repeats in file order, so their weights add up in
        // that order.
        list.sort_by_key(|&(s, a, _)| (s, a));
        let mut sums: Vec<Triple> = Vec::with_capacity(list.len());
        for (s, a, w) in list {
            match sums.last_mut() {
                Some(last) if (last.0, last.1) == (s, a) => {
                    if last.2 > 0.0 {
                        summary.duplicates_merged += 1;
                    }
                    last.2 += w;
                }
                _ => sums.push((s, a, w)),
            }
        }
        sums.shrink_to_fit();
        summary.ties = sums.len();
        merged.insert(relation, sums);
    }
    merged
}

/// Who answered, overall and per department.
pub(super) struct Responses {
    /// People in the org chart.
    people: usize,
    /// People who answered the advice survey.
    respondents: usize,
    /// `respondents / people`, 0 for an empty org chart.
    rate: f64,
    /// Response rate per department; small departments hidden.
    departments: Suppressed<DepartmentRate>,
}

impl Responses {
    /// Marks each person as a respondent or not, and works out the response rates.
    pub(super) fn count(
        people: &mut [Person],
        answered: &BTreeSet<PersonIx>,
        min_group: usize,
    ) -> Self {
        for (i, person) in people.iter_mut().enumerate() {
            person.respondent = Some(answered.contains(&(i as PersonIx)));
        }
        let n = people.len();
        let respondents = answered.len();
        let rate = if n == 0 {
            0.0
        } else {
            respondents as f64 / n as f64
        };
        Responses {
            people: n,
            respondents,
            rate,
            departments: department_rates(people, answered, min_group),
        }
    }

    /// Warnings about the import as a whole: too few answers to compare leaders safely, or
    /// no advice ties at all (and why: no advice survey, advice surveys without answers, or
    /// rows that all name other relations).
    pub(super) fn warnings(
        &self,
        relations: &BTreeMap<String, RelationSummary>,
        surveys: &[SurveySummary],
    ) -> Vec<String> {
        let mut warnings = Vec::new();
        if self.rate < 0.7 {
            warnings.push(format!(
                "only {} of people answered; Nayar counts understate people named by \
                 non-respondents, so compare leaders with care",
                crate::text::rate(self.rate)
            ));
        }
        if !relations.contains_key(ADVICE) {
            warnings.push(no_advice(surveys));
        }
        warnings
    }
}

/// Why the team has no advice ties, naming the files read as advice, if any.
fn no_advice(surveys: &[SurveySummary]) -> String {
    let advice: Vec<&SurveySummary> = surveys.iter().filter(|s| s.relation == ADVICE).collect();
    let files = |list: &[&SurveySummary]| {
        list.iter()
            .map(|s| format!("'{}'", s.path))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if advice.is_empty() {
        return "no survey was imported as the 'advice' relation, so the team has no advice \
                ties; use --relation advice or ADVICE=FILE"
            .to_string();
    }
    let (empty, answered): (Vec<&SurveySummary>, Vec<&SurveySummary>) =
        advice.into_iter().partition(|s| s.rows == 0);
    if answered.is_empty() {
        format!(
            "the team has no advice ties: {} (read as the 'advice' relation) had no answers",
            files(&empty)
        )
    } else {
        format!(
            "the team has no advice ties: every row of {} names another relation in its \
             relation column",
            files(&answered)
        )
    }
}

/// Response rate per department (`(none)` for people without one), departments smaller than
/// `min_group` hidden so nobody's answer can be singled out.
fn department_rates(
    people: &[Person],
    answered: &BTreeSet<PersonIx>,
    min_group: usize,
) -> Suppressed<DepartmentRate> {
    let mut by_department: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for (i, p) in people.iter().enumerate() {
        let entry = by_department
            .entry(p.department.as_deref().unwrap_or("(none)").to_string())
            .or_default();
        entry.0 += 1;
        if answered.contains(&(i as PersonIx)) {
            entry.1 += 1;
        }
    }
    suppress(
        by_department
            .into_iter()
            .map(|(department, (people, respondents))| DepartmentRate {
                department,
                people,
                respondents,
                rate: respondents as f64 / people as f64,
            }),
        |d| d.people,
        min_group,
    )
}

/// The report of an import, naming the people that fuzzy and ambiguous names may mean by
/// their id and name in `org`.
pub(super) fn import_report(
    org_chart: &Path,
    org_columns: Vec<(String, String)>,
    answers: Answers,
    responses: Responses,
    org: &Org,
    options: &ImportOptions,
) -> ImportReport {
    let Answers {
        tally,
        relations,
        summaries,
        warnings,
        ..
    } = answers;
    ImportReport {
        org_chart: org_chart.display().to_string(),
        org_columns: org_columns.into_iter().collect(),
        people: responses.people,
        surveys: summaries,
        respondents: responses.respondents,
        response_rate: responses.rate,
        relations: relations.into_values().collect(),
        matches: tally.counts,
        fuzzy_rule: options.fuzzy,
        fuzzy: fuzzy_matches(tally.fuzzy, org, options.accept_fuzzy),
        ambiguous: ambiguous_names(tally.ambiguous, org),
        unmatched: unmatched_names(tally.unmatched),
        departments: responses.departments,
        min_group: options.min_group,
        warnings,
    }
}

/// Fuzzy matches with the person each was matched to; `applied` when `--accept-fuzzy` was
/// given.
fn fuzzy_matches(
    fuzzy: BTreeMap<(String, PersonIx), (f64, Vec<String>)>,
    org: &Org,
    applied: bool,
) -> Vec<FuzzyMatch> {
    fuzzy
        .into_iter()
        .map(|((name, p), (similarity, places))| FuzzyMatch {
            name,
            person_id: org.person(p).id.to_string(),
            person_name: org.person(p).name.to_string(),
            similarity,
            applied,
            places,
        })
        .collect()
}

/// Ambiguous names with each person they fit, as `id (name)`.
fn ambiguous_names(
    ambiguous: BTreeMap<String, (Vec<PersonIx>, Vec<String>)>,
    org: &Org,
) -> Vec<AmbiguousName> {
    let label = |p: PersonIx| format!("{} ({})", org.person(p).id, org.person(p).name);
    ambiguous
        .into_iter()
        .map(|(name, (candidates, places))| AmbiguousName {
            name,
            candidates: candidates.into_iter().map(label).collect(),
            places,
        })
        .collect()
}

/// Unmatched names by role; an empty one is shown as `(blank)`.
fn unmatched_names(unmatched: BTreeMap<(String, &'static str), Vec<String>>) -> Vec<UnmatchedName> {
    unmatched
        .into_iter()
        .map(|((name, role), places)| UnmatchedName {
            name: if name.is_empty() {
                "(blank)".into()
            } else {
                name
            },
            role: role.to_string(),
            places,
        })
        .collect()
}
