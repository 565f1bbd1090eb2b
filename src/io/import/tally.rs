//! Every name looked up during an import, counted by how it matched, with the places of those
//! the report lists (fuzzy, ambiguous and unmatched), so nothing is guessed silently.

use std::collections::BTreeMap;

use crate::model::PersonIx;

use super::names::{Directory, Outcome};
use super::report::MatchCounts;

/// Occurrences of names, for the report.
#[derive(Default)]
pub(super) struct Tally {
    pub(super) counts: MatchCounts,
    pub(super) fuzzy: BTreeMap<(String, PersonIx), (f64, Vec<String>)>,
    pub(super) ambiguous: BTreeMap<String, (Vec<PersonIx>, Vec<String>)>,
    pub(super) unmatched: BTreeMap<(String, &'static str), Vec<String>>,
}

impl Tally {
    /// Records one occurrence; returns the person if the match is applied. `place` says
    /// where it is, and is only made for occurrences the report lists.
    pub(super) fn record(
        &mut self,
        text: &str,
        role: &'static str,
        outcome: &Outcome,
        place: impl FnOnce() -> String,
        accept_fuzzy: bool,
    ) -> Option<PersonIx> {
        match outcome {
            Outcome::Found(p, how) => {
                self.counts.found(*how);
                Some(*p)
            }
            Outcome::Fuzzy(p, score) => {
                if accept_fuzzy {
                    self.counts.fuzzy_applied += 1;
                } else {
                    self.counts.fuzzy_pending += 1;
                }
                self.fuzzy
                    .entry((text.to_string(), *p))
                    .or_insert_with(|| (*score, Vec::new()))
                    .1
                    .push(place());
                accept_fuzzy.then_some(*p)
            }
            Outcome::Ambiguous(list) => {
                self.counts.ambiguous += 1;
                self.ambiguous
                    .entry(text.to_string())
                    .or_insert_with(|| (list.clone(), Vec::new()))
                    .1
                    .push(place());
                None
            }
            Outcome::Unmatched => {
                self.counts.unmatched += 1;
                self.unmatched
                    .entry((text.to_string(), role))
                    .or_default()
                    .push(place());
                None
            }
        }
    }
}

/// The best of several identity texts: a certain match first, then a fuzzy one, then an
/// ambiguous one, else the first text unmatched.
pub(super) fn best_identity(directory: &Directory, texts: &[String]) -> Option<(String, Outcome)> {
    let rank = |o: &Outcome| match o {
        Outcome::Found(..) => 0,
        Outcome::Fuzzy(..) => 1,
        Outcome::Ambiguous(_) => 2,
        Outcome::Unmatched => 3,
    };
    texts
        .iter()
        .map(|t| (t.clone(), directory.resolve(t)))
        .min_by_key(|(_, o)| rank(o))
}
