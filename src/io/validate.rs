//! Checks shared by every loader: unique ids, known managers, no reporting cycle, ties that
//! name known people with valid weights. Turns people and ties into an [`Org`].

use std::collections::HashMap;
use std::fmt;
use std::path::PathBuf;

use crate::model::{AdviceGraph, IdIndex, NONE, Org, OrgChart, Person, PersonIx, Relation};

use super::{LoadError, Location};

/// How strict loading is.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Skip ties that name unknown people (with a warning) instead of failing.
    pub lenient: bool,
    /// Which ties to keep from tie files with a perceiver column.
    pub perceiver: Option<Perceiver>,
}

/// Which ties to keep from a cognitive social structure: a tie file with a `perceiver_id`
/// column, where each row is one person's view of a tie between two people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Perceiver {
    /// Each tie as its seeker reports it (rows whose perceiver is the seeker).
    #[value(name = "self")]
    Own,
    /// Ties that both people report (Krackhardt's locally aggregated structure,
    /// intersection rule); the weight is the seeker's.
    Consensus,
}

/// Something loading fixed or skipped, told to the user on one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Warning {
    /// Ties from a person to themselves were dropped.
    SelfTies {
        /// Relation name.
        relation: String,
        /// How many.
        count: usize,
    },
    /// Repeated ties were merged, weights summed.
    Duplicates {
        /// Relation name.
        relation: String,
        /// How many repeats.
        count: usize,
    },
    /// Ties naming unknown people were skipped (`--lenient`).
    SkippedUnknown {
        /// Relation name.
        relation: String,
        /// How many ties.
        count: usize,
        /// The first few ids and where they were.
        examples: Vec<String>,
    },
    /// A people file without a manager column: nobody reports to anybody.
    NoManagerColumn {
        /// The people file.
        path: std::path::PathBuf,
        /// Its columns that look as if they were meant to be the manager column.
        lookalikes: Vec<String>,
    },
    /// A people file roving wrote (its nodes table, a leader list): the metric columns it
    /// holds were left out, as they are worked out again.
    ComputedColumns {
        /// The people file.
        path: std::path::PathBuf,
        /// The columns left out, as the header names them.
        columns: Vec<String>,
    },
    /// `--perceiver` was given for a tie file with no perceiver column: it did nothing.
    NoPerceiver {
        /// The tie file.
        path: std::path::PathBuf,
    },
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::SelfTies { relation, count } => {
                write!(
                    f,
                    "dropped {} from a person to themselves",
                    ties(*count, relation)
                )
            }
            Warning::Duplicates { relation, count } => {
                write!(
                    f,
                    "merged {}, summing their weights",
                    ties(*count, &format!("repeated {relation}"))
                )
            }
            Warning::SkippedUnknown {
                relation,
                count,
                examples,
            } => write!(
                f,
                "skipped {} naming people not in the team (--lenient): {}",
                ties(*count, relation),
                examples.join(", ")
            ),
            Warning::NoManagerColumn { path, lookalikes } => {
                write!(
                    f,
                    "{} has no manager column (manager_id), so nobody reports to anybody and \
                     every Nayar count is the person's in-degree",
                    path.display()
                )?;
                match lookalikes.as_slice() {
                    [] => Ok(()),
                    [one] => write!(
                        f,
                        "; the column '{one}' was kept as an attribute: if it holds the \
                         managers' ids, name it manager_id"
                    ),
                    several => write!(
                        f,
                        "; the columns '{}' were kept as attributes: if one holds the \
                         managers' ids, name it manager_id",
                        several.join("', '")
                    ),
                }
            }
            Warning::ComputedColumns { path, columns } => {
                f.write_str(&super::computed::note(path, columns))
            }
            Warning::NoPerceiver { path } => write!(
                f,
                "{} has no perceiver column, so --perceiver changes nothing there: every tie \
                 is kept as listed",
                path.display()
            ),
        }
    }
}

/// A `respondent` cell: yes or no (also true/false, y/n, 1/0, and `x` for yes), in any
/// case; the message for a cell that is neither.
pub(crate) fn respondent_flag(cell: &str) -> Result<bool, String> {
    match cell.to_ascii_lowercase().as_str() {
        "false" | "no" | "n" | "0" => Ok(false),
        "true" | "yes" | "y" | "1" | "x" => Ok(true),
        _ => Err(format!(
            "respondent '{cell}' is neither yes nor no; write yes or no (or true/false, 1/0), \
             or leave it empty when not known"
        )),
    }
}

/// `n` ties of `relation`, as words: `1 advice tie`, `3 friendship ties`.
fn ties(n: usize, relation: &str) -> String {
    let noun = format!("{relation} tie");
    crate::text::count(n, &noun, &format!("{noun}s"))
}

/// A loaded, validated team and what loading fixed on the way.
#[derive(Debug)]
pub struct Loaded {
    /// The team.
    pub org: Org,
    /// One line each, for stderr.
    pub warnings: Vec<Warning>,
}

/// Where things are in the source, for error messages.
pub(crate) trait Locate {
    /// The entry of person `i`.
    fn person(&self, i: usize) -> Location;
    /// The manager field of person `i` (the entry itself when not known more precisely).
    fn manager(&self, i: usize) -> Location {
        self.person(i)
    }
}

/// Refuses an id that is empty or only spaces: nothing could name that person, and an
/// empty `manager` reads as no manager at all.
fn no_blank_ids(people: &[Person], locate: &dyn Locate) -> Result<(), LoadError> {
    if let Some(i) = people.iter().position(|p| p.id.trim().is_empty()) {
        let after = "; every person needs an id that ties and managers can name";
        return Err(if people[i].name.is_empty() {
            LoadError::Syntax {
                at: locate.person(i),
                message: format!("empty person id{after}"),
            }
        } else {
            LoadError::Naming {
                at: locate.person(i),
                before: "empty person id (for ".into(),
                name: people[i].name.to_string(),
                after: format!("){after}"),
            }
        });
    }
    Ok(())
}

/// Indexes people by id; fails on the first repeated id.
pub(crate) fn index_people(
    people: &[Person],
    locate: &dyn Locate,
) -> Result<HashMap<String, PersonIx>, LoadError> {
    no_blank_ids(people, locate)?;
    let mut index = HashMap::with_capacity(people.len());
    for (i, person) in people.iter().enumerate() {
        if let Some(&first) = index.get(person.id.as_str()) {
            return Err(LoadError::DuplicateId {
                at: locate.person(i),
                id: person.id.to_string(),
                first_line: locate.person(first as usize).line,
            });
        }
        index.insert(person.id.to_string(), i as PersonIx);
    }
    Ok(index)
}

/// Something that finds people by id: the validation map or an [`IdIndex`].
pub(crate) trait FindPerson {
    /// The index of the person with this id.
    fn find(&self, id: &str) -> Option<PersonIx>;
}

impl FindPerson for HashMap<String, PersonIx> {
    fn find(&self, id: &str) -> Option<PersonIx> {
        self.get(id).copied()
    }
}

impl FindPerson for IdIndex {
    fn find(&self, id: &str) -> Option<PersonIx> {
        self.get(id)
    }
}

/// Indexes people by id like [`index_people`], into an [`IdIndex`] (a plain table for
/// numeric ids), without copying the ids.
pub(crate) fn index_people_fast(
    people: &[Person],
    locate: &dyn Locate,
) -> Result<IdIndex, LoadError> {
    no_blank_ids(people, locate)?;
    IdIndex::build(people.iter().map(|p| p.id.as_str())).map_err(|(first, second)| {
        LoadError::DuplicateId {
            at: locate.person(second),
            id: people[second].id.to_string(),
            first_line: locate.person(first).line,
        }
    })
}

/// Resolves managers and builds the reports-to forest.
pub(crate) fn build_chart(
    people: &[Person],
    index: &(impl FindPerson + ?Sized),
    locate: &dyn Locate,
) -> Result<OrgChart, LoadError> {
    let mut managers = Vec::with_capacity(people.len());
    for (i, person) in people.iter().enumerate() {
        let manager = match person.manager.as_deref() {
            None => NONE,
            Some(id) if id.trim().is_empty() => {
                return Err(LoadError::Naming {
                    at: locate.manager(i),
                    before: "empty manager id for ".into(),
                    name: person.id.to_string(),
                    after: "; leave the field out for the top of a reporting line".into(),
                });
            }
            Some(id) => index.find(id).ok_or_else(|| LoadError::UnknownManager {
                at: locate.manager(i),
                person: person.id.to_string(),
                manager: id.to_string(),
            })?,
        };
        managers.push(manager);
    }
    OrgChart::new(managers).map_err(|cycle| {
        let mut ids: Vec<String> = cycle
            .iter()
            .map(|&p| people[p as usize].id.to_string())
            .collect();
        ids.push(ids[0].clone());
        LoadError::ReportingCycle {
            at: locate.manager(cycle[0] as usize),
            cycle: ids,
        }
    })
}

/// Collects ties of one relation, checking names and weights as they come.
/// A field of a tie, for a message that points at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TieField {
    /// Who seeks advice.
    Seeker,
    /// Who gives it.
    Advisor,
    /// The tie's weight.
    Weight,
}

pub(crate) struct TieCollector<'a> {
    index: &'a dyn FindPerson,
    lenient: bool,
    relation: String,
    path: PathBuf,
    /// Resolved `(from, to, weight)`.
    pub ties: Vec<(PersonIx, PersonIx, f64)>,
    unknown: Vec<(Location, String)>,
    unknown_total: usize,
}

impl<'a> TieCollector<'a> {
    pub(crate) fn new(
        index: &'a dyn FindPerson,
        options: Options,
        relation: &str,
        path: PathBuf,
    ) -> Self {
        TieCollector {
            index,
            lenient: options.lenient,
            relation: relation.to_string(),
            path,
            ties: Vec::new(),
            unknown: Vec::new(),
            unknown_total: 0,
        }
    }

    /// Adds one tie. `at` is only called when the tie is wrong.
    pub(crate) fn push(
        &mut self,
        from: &str,
        to: &str,
        weight: f64,
        at: impl Fn(TieField) -> Location,
    ) -> Result<(), LoadError> {
        if !crate::model::is_weight(weight) {
            return Err(LoadError::BadWeight {
                at: at(TieField::Weight),
                value: written(weight),
            });
        }
        match (self.index.find(from), self.index.find(to)) {
            (Some(f), Some(t)) => self.ties.push((f, t, weight)),
            (f, _) => {
                self.unknown_total += 1;
                if self.unknown.len() < 10 {
                    let (name, field) = if f.is_none() {
                        (from, TieField::Seeker)
                    } else {
                        (to, TieField::Advisor)
                    };
                    self.unknown.push((at(field), name.to_string()));
                }
            }
        }
        Ok(())
    }

    /// Ends the relation: an error for unknown people unless lenient, else the ties and the
    /// warning, if any.
    pub(crate) fn finish(
        self,
        warnings: &mut Vec<Warning>,
    ) -> Result<Vec<(PersonIx, PersonIx, f64)>, LoadError> {
        if self.unknown_total > 0 {
            if !self.lenient {
                return Err(LoadError::UnknownPeople {
                    path: self.path,
                    entries: self.unknown,
                    total: self.unknown_total,
                });
            }
            warnings.push(Warning::SkippedUnknown {
                relation: self.relation,
                count: self.unknown_total,
                examples: self
                    .unknown
                    .iter()
                    .take(3)
                    .map(|(at, id)| format!("'{id}' at {at}"))
                    .collect(),
            });
        }
        Ok(self.ties)
    }
}

/// A resolved tie `(from, to, weight)`.
pub(crate) type Triple = (PersonIx, PersonIx, f64);

/// Builds the org from checked parts, turning cleanup counts into warnings.
pub(crate) fn assemble(
    name: Option<String>,
    people: Vec<Person>,
    index: impl Into<IdIndex>,
    chart: OrgChart,
    advice: &[(PersonIx, PersonIx, f64)],
    others: Vec<(String, Vec<Triple>)>,
    warnings: Vec<Warning>,
) -> Result<Loaded, LoadError> {
    let graph = AdviceGraph::from_triples(people.len(), advice);
    assemble_graph(name, people, index, chart, graph, others, warnings)
}

/// [`assemble`] with the advice network already built (the CSV loader builds it from
/// columns, without triples).
pub(crate) fn assemble_graph(
    name: Option<String>,
    people: Vec<Person>,
    index: impl Into<IdIndex>,
    chart: OrgChart,
    (graph, cleanup): (AdviceGraph, crate::model::Cleanup),
    others: Vec<(String, Vec<Triple>)>,
    mut warnings: Vec<Warning>,
) -> Result<Loaded, LoadError> {
    heavy_tie(&people, "advice", &graph)?;
    push_cleanup(
        &mut warnings,
        "advice",
        cleanup.self_ties,
        cleanup.duplicates,
    );
    let relations = others
        .into_iter()
        .map(|(name, ties)| {
            let (clean, cleanup) = AdviceGraph::from_triples(people.len(), &ties);
            heavy_tie(&people, &name, &clean)?;
            push_cleanup(&mut warnings, &name, cleanup.self_ties, cleanup.duplicates);
            let ties = clean
                .edges()
                .map(|e| (e.seeker, e.advisor, e.weight))
                .collect();
            Ok(Relation { name, ties })
        })
        .collect::<Result<Vec<_>, LoadError>>()?;
    let org = Org::from_parts(name, people, index, chart, graph, relations);
    Ok(Loaded { org, warnings })
}

/// `weight` as a person would write it: `1e-310`, not 310 digits.
fn written(weight: f64) -> String {
    if weight != 0.0 && !(1e-6..1e15).contains(&weight.abs()) {
        format!("{weight:e}")
    } else {
        weight.to_string()
    }
}

/// Among `ties` (from, to, weight, place) as a file lists them, the place of the repeat of
/// the tie from `from` to `to` that takes its summed weight over
/// [`MAX_WEIGHT`](crate::model::MAX_WEIGHT): where a loader points a
/// [`LoadError::HeavyTie`].
pub(crate) fn heavy_repeat<F: AsRef<str>, T: AsRef<str>, P>(
    ties: impl IntoIterator<Item = (F, T, f64, P)>,
    from: &str,
    to: &str,
) -> Option<P> {
    let mut sum = 0.0;
    ties.into_iter().find_map(|(f, t, weight, place)| {
        if f.as_ref() == from && t.as_ref() == to {
            sum += weight;
        }
        (sum > crate::model::MAX_WEIGHT).then_some(place)
    })
}

/// Refuses a tie whose repeats add up to more than [`MAX_WEIGHT`](crate::model::MAX_WEIGHT):
/// each weight was checked where it was written, but a team file holds the merged sum, and
/// one over the limit could not be read back. The error has no place yet: the loader that
/// read the ties finds it ([`heavy_repeat`]).
fn heavy_tie(people: &[Person], relation: &str, graph: &AdviceGraph) -> Result<(), LoadError> {
    if graph.is_unit_weighted() {
        return Ok(());
    }
    match graph.edges().find(|e| e.weight > crate::model::MAX_WEIGHT) {
        Some(e) => Err(LoadError::HeavyTie {
            at: None,
            relation: relation.to_string(),
            from: people[e.seeker as usize].id.to_string(),
            to: people[e.advisor as usize].id.to_string(),
            weight: e.weight,
        }),
        None => Ok(()),
    }
}

fn push_cleanup(warnings: &mut Vec<Warning>, relation: &str, self_ties: usize, dups: usize) {
    if self_ties > 0 {
        warnings.push(Warning::SelfTies {
            relation: relation.to_string(),
            count: self_ties,
        });
    }
    if dups > 0 {
        warnings.push(Warning::Duplicates {
            relation: relation.to_string(),
            count: dups,
        });
    }
}
