//! The collapsible org chart: which managers are expanded, the rows that leaves on screen,
//! and how much of each subtree's advice comes from outside it.

use crate::model::{NONE, Org, PersonIx};

use super::cursor::Cursor;

/// The org chart as shown: expanded managers and the visible rows in preorder.
#[derive(Debug, Clone)]
pub struct OrgTree {
    /// `expanded[p]`: are `p`'s reports shown?
    pub expanded: Vec<bool>,
    /// People on screen (scrolling aside), in preorder.
    pub rows: Vec<PersonIx>,
    /// Cursor over `rows`.
    pub cursor: Cursor,
}

impl OrgTree {
    /// A chart showing `depth` levels below the top of each reporting line.
    pub fn new(org: &Org, depth: u32) -> OrgTree {
        let mut tree = OrgTree {
            expanded: vec![false; org.len()],
            rows: Vec::new(),
            cursor: Cursor::default(),
        };
        tree.expand_to(org, depth);
        tree
    }

    /// Shows exactly the people at most `depth` levels below a top; `u32::MAX` for all.
    pub fn expand_to(&mut self, org: &Org, depth: u32) {
        let chart = org.chart();
        for p in 0..org.len() as PersonIx {
            self.expanded[p as usize] = chart.depth(p) < depth;
        }
        self.rebuild(org);
    }

    /// The shallowest level with a folded manager, wherever the folds came from (`[`/`]`,
    /// or a manager folded or opened by hand); `None` when every manager is open.
    pub fn first_folded_level(&self, org: &Org) -> Option<u32> {
        let chart = org.chart();
        (0..org.len() as PersonIx)
            .filter(|&p| !self.expanded[p as usize] && chart.subtree_size(p) > 0)
            .map(|p| chart.depth(p))
            .min()
    }

    /// The deepest level with an open manager on screen; `None` when none is open.
    pub fn last_open_level(&self, org: &Org) -> Option<u32> {
        let chart = org.chart();
        self.rows
            .iter()
            .filter(|&&p| self.expanded[p as usize] && chart.subtree_size(p) > 0)
            .map(|&p| chart.depth(p))
            .max()
    }

    /// Opens every manager down to `level` and leaves deeper ones as they are: the next level
    /// shows everywhere, and branches opened by hand stay open.
    pub fn open_through(&mut self, org: &Org, level: u32) {
        let chart = org.chart();
        for p in 0..org.len() as PersonIx {
            if chart.depth(p) <= level {
                self.expanded[p as usize] = true;
            }
        }
        self.rebuild(org);
    }

    /// Folds every manager at `level` or deeper and leaves shallower ones as they are.
    pub fn fold_from(&mut self, org: &Org, level: u32) {
        let chart = org.chart();
        for p in 0..org.len() as PersonIx {
            if chart.depth(p) >= level {
                self.expanded[p as usize] = false;
            }
        }
        self.rebuild(org);
    }

    /// Recomputes the visible rows: a preorder walk that jumps over collapsed subtrees.
    /// O(rows shown).
    pub fn rebuild(&mut self, org: &Org) {
        let keep = self.rows.get(self.cursor.selected).copied();
        let chart = org.chart();
        let preorder = chart.preorder();
        self.rows.clear();
        let mut i = 0;
        while i < preorder.len() {
            let p = preorder[i];
            self.rows.push(p);
            i += 1;
            if !self.expanded[p as usize] {
                i += chart.subtree_size(p) as usize;
            }
        }
        if let Some(p) = keep {
            self.cursor.selected = self.row_of(org, p).unwrap_or_else(|| {
                // The selected person was folded away: select their nearest shown manager.
                chart
                    .chain(p)
                    .into_iter()
                    .find_map(|m| self.row_of(org, m))
                    .unwrap_or(0)
            });
        }
    }

    /// The row of a person, if shown. Rows are in preorder, so this is a binary search.
    pub fn row_of(&self, org: &Org, person: PersonIx) -> Option<usize> {
        let chart = org.chart();
        self.rows
            .binary_search_by_key(&chart.enter(person), |&p| chart.enter(p))
            .ok()
    }

    /// Expands everyone above `person` so they are shown, and selects them.
    pub fn reveal(&mut self, org: &Org, person: PersonIx, page: usize) {
        for m in org.chart().chain(person) {
            self.expanded[m as usize] = true;
        }
        self.rebuild(org);
        if let Some(row) = self.row_of(org, person) {
            let visible = row >= self.cursor.offset && row < self.cursor.offset + page;
            if visible {
                self.cursor.select(row, self.rows.len(), page);
            } else {
                self.cursor.center(row, self.rows.len(), page);
            }
        }
    }

    /// The row prefix of guide lines (`│  ├─ `) for a person at `depth > 0`.
    pub fn guides(org: &Org, person: PersonIx) -> String {
        let chart = org.chart();
        let mut parts: Vec<&str> = Vec::new();
        let mut current = person;
        let mut first = true;
        while let Some(manager) = chart.manager(current) {
            let last = chart.reports(manager).last() == Some(&current);
            parts.push(match (first, last) {
                (true, true) => "└─",
                (true, false) => "├─",
                (false, true) => "  ",
                (false, false) => "│ ",
            });
            first = false;
            current = manager;
        }
        parts.reverse();
        parts.concat()
    }
}

/// Advice sought by the people of one subtree (a person and everyone below them).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SubtreeAdvice {
    /// Ties from people in the subtree, to anybody.
    pub sought: u32,
    /// Of those, ties to advisers outside the subtree.
    pub outside: u32,
}

impl SubtreeAdvice {
    /// Share of the subtree's advice that comes from outside it, if it sought any.
    pub fn outside_share(self) -> Option<f64> {
        (self.sought > 0).then(|| f64::from(self.outside) / f64::from(self.sought))
    }
}

/// For every person, how much of the advice sought in their subtree goes outside it.
///
/// A tie `s -> a` stays inside the subtree of `p` exactly when `p` is at or above the lowest
/// common manager of `s` and `a`. So each tie is credited to that lowest common manager, and
/// sums over subtrees (children before parents, reverse preorder) give the inside ties.
/// O(ties × depth) once, when the team is loaded.
pub fn subtree_advice(org: &Org) -> Vec<SubtreeAdvice> {
    let chart = org.chart();
    let graph = org.advice();
    let n = org.len();
    let mut sought = vec![0u32; n];
    let mut inside = vec![0u32; n];
    for s in 0..n as PersonIx {
        let advisers = graph.advisors(s);
        sought[s as usize] = advisers.len() as u32;
        for &a in advisers {
            if let Some(m) = lowest_common_manager(org, s, a) {
                inside[m as usize] += 1;
            }
        }
    }
    for &p in chart.preorder().iter().rev() {
        if let Some(m) = chart.manager(p) {
            sought[m as usize] += sought[p as usize];
            inside[m as usize] += inside[p as usize];
        }
    }
    sought
        .into_iter()
        .zip(inside)
        .map(|(sought, inside)| SubtreeAdvice {
            sought,
            outside: sought - inside,
        })
        .collect()
}

/// The lowest person at or above both `a` and `b`, if they share a reporting line.
fn lowest_common_manager(org: &Org, a: PersonIx, b: PersonIx) -> Option<PersonIx> {
    let chart = org.chart();
    let managers = chart.managers();
    let (mut a, mut b) = (a, b);
    let (mut da, mut db) = (chart.depth(a), chart.depth(b));
    while da > db {
        a = managers[a as usize];
        da -= 1;
    }
    while db > da {
        b = managers[b as usize];
        db -= 1;
    }
    while a != b {
        a = managers[a as usize];
        b = managers[b as usize];
        if a == NONE || b == NONE {
            return None;
        }
    }
    Some(a)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::team_from_str;

    fn org() -> Org {
        // ceo over ann and bob; ann over cy; dee is a second root.
        team_from_str(
            r#"Team(
                people: [
                    Person(id: "ceo", name: "Ceo"),
                    Person(id: "ann", name: "Ann", manager: "ceo"),
                    Person(id: "bob", name: "Bob", manager: "ceo"),
                    Person(id: "cy", name: "Cy", manager: "ann"),
                    Person(id: "dee", name: "Dee"),
                ],
                advice: [
                    Tie(seeker: "cy", advisor: "ann"),
                    Tie(seeker: "cy", advisor: "bob"),
                    Tie(seeker: "ann", advisor: "dee"),
                    Tie(seeker: "bob", advisor: "ceo"),
                ],
            )"#,
        )
        .unwrap()
    }

    #[test]
    fn subtree_advice_counts_ties_leaving_the_subtree() {
        let org = org();
        let advice = subtree_advice(&org);
        let at = |id: &str| advice[org.find(id).unwrap() as usize];
        assert_eq!(
            at("ann"),
            SubtreeAdvice {
                sought: 3,
                outside: 2
            }
        );
        assert_eq!(
            at("ceo"),
            SubtreeAdvice {
                sought: 4,
                outside: 1
            }
        );
        assert_eq!(
            at("cy"),
            SubtreeAdvice {
                sought: 2,
                outside: 2
            }
        );
        assert_eq!(at("dee").outside_share(), None);
    }

    #[test]
    fn folding_hides_subtrees_and_reveal_shows_a_person() {
        let org = org();
        let mut tree = OrgTree::new(&org, 0);
        assert_eq!(tree.rows.len(), 2, "only the two tops");
        let cy = org.find("cy").unwrap();
        tree.reveal(&org, cy, 10);
        assert_eq!(tree.rows.len(), 5);
        assert_eq!(tree.rows[tree.cursor.selected], cy);
        assert_eq!(OrgTree::guides(&org, cy), "│ └─");
        tree.expand_to(&org, 1);
        assert_eq!(tree.rows.len(), 4);
        assert_eq!(tree.rows[tree.cursor.selected], org.find("ann").unwrap());
    }
}
