//! Pure functions over the advice network and org chart: the Nayar count, degrees,
//! `PageRank`, betweenness, roles and rankings. Nothing here touches files or the terminal.

mod analysis;
mod betweenness;
mod degree;
mod nayar;
mod pagerank;
mod roles;

pub use analysis::{
    Analysis, Centralities, Metric, ScopeView, Settings, compare_ids, id_ranks, ranking, value,
};
pub use betweenness::{Betweenness, Sources, betweenness, betweenness_with};
pub use degree::{in_degree, out_degree};
pub use nayar::{Exclusion, NayarScore, Provenance, Scope, eligible, exclusion, nayar, provenance};
pub use pagerank::{PageRank, PageRankOptions, pagerank};
pub use roles::{Role, Roles, Thresholds, roles, top_cutoff};
