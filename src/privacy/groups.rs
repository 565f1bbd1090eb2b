//! Figures per group (department), and the rule that hides groups too small to be anonymous.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::Serialize;

use crate::metrics::{Role, ScopeView};
use crate::model::{Org, PersonIx};

/// Groups smaller than this are hidden from tables of group figures unless told otherwise.
pub const DEFAULT_MIN_GROUP: usize = 5;

/// What is left of a table of groups after small groups are hidden.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suppressed<T> {
    /// Groups of at least the minimum size, in their original order.
    pub shown: Vec<T>,
    /// How many groups were hidden.
    pub hidden_groups: usize,
    /// How many people those hidden groups hold together.
    pub hidden_people: usize,
}

impl<T> Suppressed<T> {
    /// A line telling the reader what was hidden, if anything.
    pub fn note(&self, min_group: usize) -> Option<String> {
        (self.hidden_groups > 0).then(|| {
            let (groups, people) = (
                crate::text::count(self.hidden_groups, "group", "groups"),
                crate::text::count(self.hidden_people, "person", "people"),
            );
            let are = if self.hidden_groups == 1 { "is" } else { "are" };
            if self.shown.is_empty() {
                let each = if self.hidden_groups == 1 {
                    ""
                } else {
                    "every one "
                };
                format!(
                    "{groups}, {each}with fewer than {min_group} people ({people} in all), \
                     {are} hidden to protect anonymity (--min-group), so none is shown"
                )
            } else {
                format!(
                    "{groups} with fewer than {min_group} people ({people} in all) {are} hidden \
                     to protect anonymity (--min-group)"
                )
            }
        })
    }
}

/// Hides groups with fewer than `min_group` people. `size` tells a group's head count.
pub fn suppress<T>(
    groups: impl IntoIterator<Item = T>,
    size: impl Fn(&T) -> usize,
    min_group: usize,
) -> Suppressed<T> {
    let mut result = Suppressed {
        shown: Vec::new(),
        hidden_groups: 0,
        hidden_people: 0,
    };
    for group in groups {
        let n = size(&group);
        if n < min_group {
            result.hidden_groups += 1;
            result.hidden_people += n;
        } else {
            result.shown.push(group);
        }
    }
    result
}

/// The label of the group of people without a department, in tables of group figures and
/// in `explain`.
pub const NO_DEPARTMENT: &str = "(none)";

/// A department's name as a group's label: [`NO_DEPARTMENT`] for people without one
/// (`None`), and in single quotes a department whose name reads as that label or as nothing
/// (spaces alone), so that no two groups read alike. Groups are told apart by the
/// department itself, never by this label.
pub fn department_label(name: Option<&str>) -> Cow<'_, str> {
    match name {
        None => Cow::Borrowed(NO_DEPARTMENT),
        Some(name) if name.trim().is_empty() || name.trim() == NO_DEPARTMENT => {
            Cow::Owned(format!("'{name}'"))
        }
        Some(name) => Cow::Borrowed(name),
    }
}

/// Figures of one department.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DepartmentFigures {
    /// Department name as [`department_label`] gives it (`(none)` for people without one).
    pub department: String,
    /// Head count.
    pub people: usize,
    /// People who answered the survey (unknown counts as answered).
    pub respondents: usize,
    /// Sum of the members' Nayar counts.
    pub nayar_total: u64,
    /// Mean Nayar count.
    pub nayar_mean: f64,
    /// Members who are roving leaders.
    pub roving_leaders: usize,
}

/// Figures per department, largest first (then by name).
pub fn by_department(org: &Org, view: &ScopeView) -> Vec<DepartmentFigures> {
    // Keyed by the department, not its label: a department named `(none)` is not the people
    // without one.
    let mut groups: BTreeMap<Option<&str>, DepartmentFigures> = BTreeMap::new();
    for p in 0..org.len() as PersonIx {
        let name = org.department_of(p);
        let entry = groups.entry(name).or_insert_with(|| DepartmentFigures {
            department: department_label(name).into_owned(),
            people: 0,
            respondents: 0,
            nayar_total: 0,
            nayar_mean: 0.0,
            roving_leaders: 0,
        });
        entry.people += 1;
        if org.person(p).respondent != Some(false) {
            entry.respondents += 1;
        }
        entry.nayar_total += u64::from(view.nayar[p as usize].count);
        if view.roles[p as usize].contains(Role::RovingLeader) {
            entry.roving_leaders += 1;
        }
    }
    let mut list: Vec<DepartmentFigures> = groups
        .into_values()
        .map(|mut g| {
            g.nayar_mean = g.nayar_total as f64 / g.people as f64;
            g
        })
        .collect();
    list.sort_by(|a, b| {
        b.people
            .cmp(&a.people)
            .then_with(|| a.department.cmp(&b.department))
    });
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_groups_are_hidden_and_counted() {
        let groups = vec![("a", 5), ("b", 4), ("c", 12), ("d", 1)];
        let result = suppress(groups, |g| g.1, 5);
        assert_eq!(result.shown, vec![("a", 5), ("c", 12)]);
        assert_eq!((result.hidden_groups, result.hidden_people), (2, 5));
        assert!(
            result
                .note(5)
                .unwrap()
                .contains("2 groups with fewer than 5")
        );
        let none = suppress(vec![("a", 5)], |g| g.1, 5);
        assert_eq!(none.note(5), None);
        let all = suppress(vec![("a", 3), ("b", 4)], |g| g.1, 5);
        assert_eq!(
            all.note(5).unwrap(),
            "2 groups, every one with fewer than 5 people (7 people in all), are hidden to \
             protect anonymity (--min-group), so none is shown"
        );
    }

    #[test]
    fn departments_add_up() {
        use crate::metrics::{Analysis, Scope, Settings};
        let org = crate::io::team_from_str(
            r#"Team(people: [
                Person(id: "1", name: "A", department: "X"),
                Person(id: "2", name: "B", manager: "1", department: "X", respondent: false),
                Person(id: "3", name: "C", manager: "1", department: "Y"),
            ], advice: [Tie(seeker: "3", advisor: "2")])"#,
        )
        .unwrap();
        let analysis = Analysis::compute(&org, Scope::Chain, &Settings::default());
        let figures = by_department(&org, &analysis.view);
        assert_eq!(figures[0].department, "X");
        assert_eq!((figures[0].people, figures[0].respondents), (2, 1));
        assert_eq!(figures[0].nayar_total, 1);
        assert_eq!(figures[1].department, "Y");
    }

    /// People without a department are one group, and a department named `(none)` (or
    /// spaces) is another, labelled in quotes; the two were added up as one `(none)` row.
    #[test]
    fn a_department_named_like_no_department_is_its_own_group() {
        use crate::metrics::{Analysis, Scope, Settings};
        let org = crate::io::team_from_str(
            r#"Team(people: [
                Person(id: "1", name: "A", department: "(none)"),
                Person(id: "2", name: "B", department: "(none)"),
                Person(id: "3", name: "C"),
                Person(id: "4", name: "D", department: " "),
            ])"#,
        )
        .unwrap();
        let analysis = Analysis::compute(&org, Scope::Chain, &Settings::default());
        let groups: Vec<(String, usize)> = by_department(&org, &analysis.view)
            .into_iter()
            .map(|g| (g.department, g.people))
            .collect();
        assert_eq!(
            groups,
            [
                ("'(none)'".to_string(), 2),
                ("' '".to_string(), 1),
                ("(none)".to_string(), 1)
            ]
        );
        assert_eq!(department_label(Some("Sales")), "Sales");
        assert_eq!(department_label(Some(" (none) ")), "' (none) '");
    }
}
