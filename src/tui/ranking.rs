//! Rankings and sort orders of the Leaders view, computed when first needed (or ahead of
//! time by [`App::warm_up`]) and cached.

use crate::metrics::{self, Metric, Role, Scope, ScopeView};
use crate::model::{Org, PersonIx};

use super::action::Column;
use super::app::{App, scope_index};

/// A ranking by one metric in one scope, with everyone's position in it.
#[derive(Debug, Clone)]
pub(crate) struct Ranking {
    /// People, best first.
    pub order: Vec<PersonIx>,
    /// `position[p]` is `p`'s place in `order`, from 0.
    pub position: Vec<u32>,
}

impl App {
    /// Computes the current scope's counts and roles, and the current ranking, if they are
    /// not cached yet.
    pub(crate) fn ensure_scope(&mut self) {
        self.compute_scope(self.scope);
        self.compute_ranking(self.scope, self.metric);
    }

    fn compute_scope(&mut self, scope: Scope) -> bool {
        let slot = &mut self.views[scope_index(scope)];
        if slot.is_some() {
            return false;
        }
        *slot = Some(ScopeView::compute(
            &self.org,
            scope,
            &self.centralities,
            &self.settings,
        ));
        true
    }

    fn ranking_key(scope: Scope, metric: Metric) -> (Scope, Metric) {
        match metric {
            Metric::Nayar => (scope, metric),
            _ => (Scope::Chain, metric),
        }
    }

    /// Computes a ranking (and its scope first) unless cached; true when work was done.
    fn compute_ranking(&mut self, scope: Scope, metric: Metric) -> bool {
        let key = App::ranking_key(scope, metric);
        if self.rankings.contains_key(&key) {
            return false;
        }
        self.compute_scope(scope);
        let view = self.views[scope_index(scope)]
            .as_ref()
            .expect("compute_scope just ran");
        let order = metrics::ranking(&self.org, &self.centralities, view, metric);
        let mut position = vec![0u32; order.len()];
        for (i, &p) in order.iter().enumerate() {
            position[p as usize] = i as u32;
        }
        self.rankings.insert(key, Ranking { order, position });
        true
    }

    /// Computes a column's sort order in a scope unless cached; true when work was done.
    pub(super) fn compute_order(&mut self, scope: Scope, column: Column) -> bool {
        if column == Column::Rank || self.orders.contains_key(&(scope, column)) {
            return false;
        }
        self.compute_ranking(scope, Metric::Nayar);
        let mut order = self.rankings[&(scope, Metric::Nayar)].order.clone();
        let view = self.views[scope_index(scope)]
            .as_ref()
            .expect("compute_ranking computes the scope");
        let c = &self.centralities;
        let [name, title, department] = &self.text_rank;
        match column {
            Column::Rank => {}
            Column::Name => order.sort_by_key(|&p| name[p as usize]),
            Column::Title => order.sort_by_key(|&p| title[p as usize]),
            Column::Department => order.sort_by_key(|&p| department[p as usize]),
            Column::Nayar => {
                order.sort_by_key(|&p| std::cmp::Reverse(view.nayar[p as usize].count));
            }
            Column::InDegree => order.sort_by_key(|&p| std::cmp::Reverse(c.in_degree[p as usize])),
            Column::Pagerank => order.sort_by(|&a, &b| {
                c.pagerank.scores[b as usize].total_cmp(&c.pagerank.scores[a as usize])
            }),
            Column::Betweenness => order.sort_by(|&a, &b| {
                c.betweenness.scores[b as usize].total_cmp(&c.betweenness.scores[a as usize])
            }),
            Column::Roles => {
                order.sort_by_key(|&p| std::cmp::Reverse(role_weight(view.roles[p as usize])));
            }
        }
        self.orders.insert((scope, column), order);
        true
    }

    /// Does one piece of work the user may ask for next (another scope, ranking or sort
    /// order), so that it is cached before they do. The event loop calls this while no
    /// input is waiting; returns false when everything is cached.
    pub fn warm_up(&mut self) -> bool {
        let mut scopes = vec![self.scope];
        scopes.extend(Scope::ALL.iter().filter(|&&s| s != self.scope));
        // Orders that rest on betweenness wait for it: made now, they would be thrown away.
        let pending = self.pending.is_some();
        for scope in scopes {
            for metric in Metric::ALL {
                if pending && metric == Metric::Betweenness {
                    continue;
                }
                if self.compute_ranking(scope, metric) {
                    return true;
                }
            }
            for column in Column::ALL {
                if pending && matches!(column, Column::Betweenness | Column::Roles) {
                    continue;
                }
                if self.compute_order(scope, column) {
                    return true;
                }
            }
        }
        false
    }

    /// The ranking by the current metric in the current scope.
    pub(crate) fn ranking(&self) -> &Ranking {
        self.rankings
            .get(&App::ranking_key(self.scope, self.metric))
            .expect("ensure_scope computes the ranking")
    }

    /// 1-based rank of a person by the current metric.
    pub fn rank_of(&self, person: PersonIx) -> usize {
        self.ranking().position[person as usize] as usize + 1
    }
}

/// Each person's position when sorted by a text field, lower-cased, people without it last.
pub(super) fn alphabetical(
    org: &Org,
    field: fn(&crate::model::Person) -> Option<&str>,
) -> Vec<u32> {
    let people = org.people();
    let keys: Vec<Option<String>> = people
        .iter()
        .map(|p| field(p).map(str::to_lowercase))
        .collect();
    let mut order: Vec<u32> = (0..people.len() as u32).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (&keys[a as usize], &keys[b as usize]);
        x.is_none().cmp(&y.is_none()).then_with(|| x.cmp(y))
    });
    // Equal texts share a rank, so a stable sort keeps them in ranking order.
    let mut rank = vec![0u32; people.len()];
    let mut current = 0;
    for (i, &p) in order.iter().enumerate() {
        if i > 0 && keys[p as usize] != keys[order[i - 1] as usize] {
            current = i as u32;
        }
        rank[p as usize] = current;
    }
    rank
}

/// Sort weight of a role set: the first role in display order counts most.
fn role_weight(roles: metrics::Roles) -> u8 {
    Role::ALL
        .iter()
        .enumerate()
        .filter(|(_, r)| roles.contains(**r))
        .map(|(i, _)| 1u8 << (Role::ALL.len() - 1 - i))
        .sum()
}
