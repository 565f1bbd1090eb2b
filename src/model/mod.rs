//! The team as people and directed ties, with no I/O.
//!
//! [`Team`] is the serde form a person writes by hand (the RON team file). [`Org`] is the
//! validated, indexed form the metrics run on: compact `u32` person indices, the reports-to
//! forest ([`OrgChart`]) and the advice network as compressed sparse rows ([`AdviceGraph`]).

mod chart;
mod graph;
mod ids;
mod org;
mod progress;
mod team;

pub use chart::{OrgChart, Span};
pub use graph::{AdviceGraph, Cleanup, Edge};
pub use ids::{IdIndex, plain_number};
pub use org::{Org, Relation};
#[cfg(test)]
pub(crate) use progress::Recorder;
pub use progress::{Phase, Progress, Silent, in_phase};
pub use team::{Link, Person, Team, Text, Tie};

/// Index of a person inside an [`Org`] (0-based, dense).
pub type PersonIx = u32;

/// Marks "no person" in `u32` arrays (a root's manager, for example).
pub const NONE: PersonIx = u32::MAX;

/// The largest tie weight accepted. Far beyond any survey scale or message count, and small
/// enough that sums over a whole network (merged repeats, weighted counts, `PageRank`'s
/// row totals) stay finite: ten million ties at this weight add up to 1e19.
pub const MAX_WEIGHT: f64 = 1e12;

/// The smallest tie weight accepted: `PageRank` divides a person's score by the sum of
/// their weights, and below about 1e-308 that overflowed to infinity for everybody.
/// Ten million ties at this weight still add up to a number, and the widest ratio between
/// two weights (1e24) is far inside what a double holds.
pub const MIN_WEIGHT: f64 = 1e-12;

/// Whether `weight` is a tie weight roving accepts: from [`MIN_WEIGHT`] to [`MAX_WEIGHT`]
/// (so also finite, and never NaN).
pub fn is_weight(weight: f64) -> bool {
    (MIN_WEIGHT..=MAX_WEIGHT).contains(&weight)
}
