//! People matched by id across the waves under different names.

use serde::Serialize;

use crate::model::{Org, PersonIx};
use crate::text::{count, thousands};

/// People matched by id whose names differ between the waves: a sign that the two files
/// do not use the same ids (row numbers, a re-keyed HR system).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Renamed {
    /// People matched by id with another name in the later wave.
    pub people: usize,
    /// People matched by id.
    pub matched: usize,
    /// The first of them in the later wave; `None` with --pseudonymize, whose output
    /// names nobody.
    pub first: Option<Rename>,
}

/// One person matched by id under two names.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rename {
    /// Person id.
    pub id: String,
    /// Name in the earlier wave.
    pub old_name: String,
    /// Name in the later wave.
    pub new_name: String,
}

impl Renamed {
    /// The people matched by id between `old` and `new` whose names differ beyond case and
    /// spacing; `None` when there are none.
    pub fn find(old: &Org, new: &Org) -> Option<Renamed> {
        let same = |a: &str, b: &str| {
            a.split_whitespace()
                .map(str::to_lowercase)
                .eq(b.split_whitespace().map(str::to_lowercase))
        };
        let mut found = Renamed {
            people: 0,
            matched: 0,
            first: None,
        };
        for q in 0..new.len() as PersonIx {
            let person = new.person(q);
            let Some(p) = old.find(&person.id) else {
                continue;
            };
            found.matched += 1;
            let before = &old.person(p).name;
            if !same(before, &person.name) {
                found.people += 1;
                found.first.get_or_insert_with(|| Rename {
                    id: person.id.to_string(),
                    old_name: before.to_string(),
                    new_name: person.name.to_string(),
                });
            }
        }
        (found.people > 0).then_some(found)
    }

    /// The warning, names and ids passed through `show`.
    pub(super) fn message(&self, show: impl Fn(&str) -> String) -> String {
        let first = self.first.as_ref().map_or_else(String::new, |r| {
            format!(
                " (first: id {}: '{}' then '{}')",
                show(&r.id),
                show(&r.old_name),
                show(&r.new_name)
            )
        });
        format!(
            "{} of {} matched by id {} a different name in the later wave{first}; check that \
             both waves use the same ids",
            thousands(self.people),
            count(self.matched, "person", "people"),
            if self.people == 1 { "has" } else { "have" }
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_differing_in_case_or_spacing_only_are_not_renamed() {
        let team = |names: [&str; 3]| {
            crate::io::team_from_str(&format!(
                r#"Team(people: [Person(id: "1", name: "{}"), Person(id: "2", name: "{}"),
                    Person(id: "3", name: "{}")])"#,
                names[0], names[1], names[2]
            ))
            .unwrap()
        };
        let old = team(["Liam Kim", "Ann  Lee", "Bo"]);
        assert_eq!(
            Renamed::find(&old, &team(["liam kim", " Ann Lee", "Bo"])),
            None
        );
        let renamed = Renamed::find(&old, &team(["Liam Kim", "Ann Lee", "Cy"])).unwrap();
        assert_eq!((renamed.people, renamed.matched), (1, 3));
        assert_eq!(
            renamed.message(str::to_string),
            "1 of 3 people matched by id has a different name in the later wave (first: id 3: \
             'Bo' then 'Cy'); check that both waves use the same ids"
        );
    }
}
