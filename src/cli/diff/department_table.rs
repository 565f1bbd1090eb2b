//! The mean Nayar count of each department in both waves, small departments hidden.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::metrics::Analysis;
use crate::model::{Org, PersonIx};
use crate::privacy::department_label;
use crate::text::count;

/// Head count and mean Nayar count of one department in each wave, each over the people the
/// department had in that wave.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DepartmentChange {
    /// Department name as [`department_label`] gives it (`(none)` for people without one).
    pub department: String,
    /// People in the department in the earlier wave.
    pub old_people: usize,
    /// People in the department in the later wave.
    pub new_people: usize,
    /// Mean Nayar count in the earlier wave; `None` when the department had nobody then.
    pub old_mean: Option<f64>,
    /// Mean Nayar count in the later wave; `None` when the department has nobody now.
    pub new_mean: Option<f64>,
}

/// The department table of `diff`, small departments hidden.
///
/// A department is hidden when it has people in a wave, but fewer than the minimum group
/// size; a wave in which it has nobody hides nothing, so new and closed departments show.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DepartmentTable {
    /// Departments shown, largest in the later wave first (then by name).
    pub shown: Vec<DepartmentChange>,
    /// How many departments were hidden.
    pub hidden_groups: usize,
    /// How many of the hidden departments had people in the earlier and in the later wave.
    pub hidden_groups_by_wave: [usize; 2],
    /// People in the hidden departments, in the earlier and the later wave.
    pub hidden_people: [usize; 2],
}

impl DepartmentTable {
    /// A line telling the reader what was hidden, if anything.
    pub fn note(&self, min_group: usize) -> Option<String> {
        let wave = |i: usize| {
            format!(
                "{} ({} in all)",
                count(self.hidden_groups_by_wave[i], "department", "departments"),
                count(self.hidden_people[i], "person", "people")
            )
        };
        (self.hidden_groups > 0).then(|| {
            format!(
                "{} with fewer than {min_group} people in a wave {} hidden to protect \
                 anonymity (--min-group): {} in the earlier wave, {} in the later",
                count(self.hidden_groups, "department", "departments"),
                if self.hidden_groups == 1 { "is" } else { "are" },
                wave(0),
                wave(1)
            )
        })
    }
}

/// Head count and summed Nayar count per department of one wave (`None`: people without
/// one, who are not a department named `(none)`).
fn department_totals<'a>(
    org: &'a Org,
    analysis: &Analysis,
) -> HashMap<Option<&'a str>, (usize, u64)> {
    let mut totals: HashMap<Option<&str>, (usize, u64)> = HashMap::new();
    for p in 0..org.len() as PersonIx {
        let total = totals.entry(org.department_of(p)).or_default();
        total.0 += 1;
        total.1 += u64::from(analysis.view.nayar[p as usize].count);
    }
    totals
}

/// Each wave's department figures over that wave's own people, departments with fewer than
/// `min_group` people in a wave (but some) hidden.
pub(super) fn departments(
    old: (&Org, &Analysis),
    new: (&Org, &Analysis),
    min_group: usize,
) -> DepartmentTable {
    let waves = [
        department_totals(old.0, old.1),
        department_totals(new.0, new.1),
    ];
    let mut merged: BTreeMap<Option<&str>, [(usize, u64); 2]> = BTreeMap::new();
    for (i, wave) in waves.iter().enumerate() {
        for (&name, &total) in wave {
            merged.entry(name).or_default()[i] = total;
        }
    }
    let mean = |(people, total): (usize, u64)| (people > 0).then(|| total as f64 / people as f64);
    let mut table = DepartmentTable {
        shown: Vec::new(),
        hidden_groups: 0,
        hidden_groups_by_wave: [0, 0],
        hidden_people: [0, 0],
    };
    for (name, both) in merged {
        let [before, after] = both;
        if both.iter().any(|&(n, _)| n > 0 && n < min_group) {
            table.hidden_groups += 1;
            for (i, (people, _)) in both.into_iter().enumerate() {
                table.hidden_groups_by_wave[i] += usize::from(people > 0);
                table.hidden_people[i] += people;
            }
            continue;
        }
        table.shown.push(DepartmentChange {
            department: department_label(name).into_owned(),
            old_people: before.0,
            new_people: after.0,
            old_mean: mean(before),
            new_mean: mean(after),
        });
    }
    // Stable: equal head counts stay in name order.
    table.shown.sort_by(|a, b| {
        b.new_people
            .cmp(&a.new_people)
            .then(b.old_people.cmp(&a.old_people))
    });
    table
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::{Scope, Settings};

    /// A department named `(none)` is not the people without one: two rows, the department
    /// in quotes. Their head counts and means were added up as one `(none)` row.
    #[test]
    fn a_department_named_none_is_not_the_people_without_one() {
        let org = crate::io::team_from_str(
            r#"Team(people: [
                Person(id: "1", name: "A", department: "(none)"),
                Person(id: "2", name: "B", department: "(none)"),
                Person(id: "3", name: "C"),
            ], advice: [Tie(seeker: "1", advisor: "3")])"#,
        )
        .unwrap();
        let analysis = Analysis::compute(&org, Scope::Chain, &Settings::default());
        let table = departments((&org, &analysis), (&org, &analysis), 1);
        let rows: Vec<(&str, usize, Option<f64>)> = table
            .shown
            .iter()
            .map(|d| (d.department.as_str(), d.new_people, d.new_mean))
            .collect();
        assert_eq!(rows, [("'(none)'", 2, Some(0.0)), ("(none)", 1, Some(1.0))]);
    }
}
