//! The validated, indexed team the metrics run on.

use std::collections::HashMap;

use super::{AdviceGraph, IdIndex, Link, NONE, OrgChart, Person, PersonIx, Team, Tie};

/// Another relation (friendship, trust, ...) kept beside the advice network.
#[derive(Debug, Clone, PartialEq)]
pub struct Relation {
    /// Relation name as in the team file.
    pub name: String,
    /// `(from, to, weight)` by person index.
    pub ties: Vec<(PersonIx, PersonIx, f64)>,
}

/// A validated team: every id unique, every manager and tie resolved, no reporting cycle.
#[derive(Debug, Clone, Default)]
pub struct Org {
    /// Team display name.
    pub name: Option<String>,
    people: Vec<Person>,
    index: IdIndex,
    chart: OrgChart,
    advice: AdviceGraph,
    department: Vec<u32>,
    departments: Vec<String>,
    relations: Vec<Relation>,
    id_ranks: Option<Vec<u32>>,
}

impl Org {
    /// Assembles an org from parts that were already validated.
    ///
    /// `index` maps each person's id to their position in `people` (a
    /// `HashMap<String, PersonIx>` or an [`IdIndex`]).
    pub fn from_parts(
        name: Option<String>,
        people: Vec<Person>,
        index: impl Into<IdIndex>,
        chart: OrgChart,
        advice: AdviceGraph,
        relations: Vec<Relation>,
    ) -> Self {
        let mut intern: HashMap<&str, u32, foldhash::fast::RandomState> = HashMap::default();
        let mut departments = Vec::new();
        let department = people
            .iter()
            .map(|p| match p.department.as_deref() {
                None | Some("") => NONE,
                Some(d) => *intern.entry(d).or_insert_with(|| {
                    departments.push(d.to_string());
                    departments.len() as u32 - 1
                }),
            })
            .collect::<Vec<u32>>();
        Org {
            name,
            people,
            index: index.into(),
            chart,
            advice,
            department,
            departments,
            relations,
            id_ranks: None,
        }
    }

    /// The org with each person's place among the people sorted by their real ids: kept
    /// when the ids are replaced by pseudonyms, so that rankings break ties as they do on
    /// the real ids (a person's rank does not change with `--pseudonymize`).
    #[must_use]
    pub fn with_id_ranks(mut self, ranks: Vec<u32>) -> Self {
        debug_assert_eq!(ranks.len(), self.people.len());
        self.id_ranks = Some(ranks);
        self
    }

    /// See [`Org::with_id_ranks`].
    pub fn id_ranks(&self) -> Option<&[u32]> {
        self.id_ranks.as_deref()
    }

    /// The parts [`Org::from_parts`] takes: name, people, org chart, advice network and
    /// other relations (the id index and department ids are rebuilt from the people).
    pub fn into_parts(
        self,
    ) -> (
        Option<String>,
        Vec<Person>,
        OrgChart,
        AdviceGraph,
        Vec<Relation>,
    ) {
        (
            self.name,
            self.people,
            self.chart,
            self.advice,
            self.relations,
        )
    }

    /// Number of people.
    pub fn len(&self) -> usize {
        self.people.len()
    }

    /// True for an empty team.
    pub fn is_empty(&self) -> bool {
        self.people.is_empty()
    }

    /// Everybody, by index.
    pub fn people(&self) -> &[Person] {
        &self.people
    }

    /// One person.
    pub fn person(&self, person: PersonIx) -> &Person {
        &self.people[person as usize]
    }

    /// The index of the person with this id.
    pub fn find(&self, id: &str) -> Option<PersonIx> {
        self.index.get(id)
    }

    /// The id index behind [`find`](Self::find).
    pub fn ids(&self) -> &IdIndex {
        &self.index
    }

    /// The reports-to forest.
    pub fn chart(&self) -> &OrgChart {
        &self.chart
    }

    /// The advice network.
    pub fn advice(&self) -> &AdviceGraph {
        &self.advice
    }

    /// Department number of each person ([`NONE`] when they have none).
    pub fn department_ids(&self) -> &[u32] {
        &self.department
    }

    /// Department names, indexed by department number.
    pub fn department_names(&self) -> &[String] {
        &self.departments
    }

    /// Department name of a person, if any.
    pub fn department_of(&self, person: PersonIx) -> Option<&str> {
        let d = self.department[person as usize];
        (d != NONE).then(|| self.departments[d as usize].as_str())
    }

    /// Relations other than advice.
    pub fn relations(&self) -> &[Relation] {
        &self.relations
    }

    /// Share of people who answered the survey (people without a `respondent` flag count as
    /// respondents). `None` when the team does not record who answered (nobody has the flag).
    pub fn response_rate(&self) -> Option<f64> {
        if self.people.iter().all(|p| p.respondent.is_none()) {
            return None;
        }
        let answered = self
            .people
            .iter()
            .filter(|p| p.respondent != Some(false))
            .count();
        Some(answered as f64 / self.people.len() as f64)
    }

    /// The team-file form of this org (ids, not indices), for saving.
    pub fn to_team(&self) -> Team {
        let id = |p: PersonIx| self.people[p as usize].id.clone();
        Team {
            name: self.name.clone(),
            people: self.people.clone(),
            advice: self
                .advice
                .edges()
                .map(|e| Tie {
                    seeker: id(e.seeker),
                    advisor: id(e.advisor),
                    weight: e.weight,
                })
                .collect(),
            relations: self
                .relations
                .iter()
                .map(|r| {
                    let links = r
                        .ties
                        .iter()
                        .map(|&(from, to, weight)| Link {
                            from: id(from),
                            to: id(to),
                            weight,
                        })
                        .collect();
                    (r.name.clone(), links)
                })
                .collect(),
        }
    }
}
