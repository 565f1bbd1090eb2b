//! Org chart actions: folding, and jumping from one roving leader to the next.

use crate::metrics::Role;
use crate::model::PersonIx;

use crate::tui::action::{Action, View};
use crate::tui::app::App;

impl App {
    fn tree_person(&self) -> Option<PersonIx> {
        self.tree.rows.get(self.tree.cursor.selected).copied()
    }

    fn rebuild_tree(&mut self) {
        self.tree.rebuild(&self.org);
        let (len, page) = (self.tree.rows.len(), self.tree_page());
        self.tree.cursor.scroll_into_view(len, page);
    }

    pub(super) fn expand(&mut self) {
        let Some(p) = self.tree_person() else { return };
        let reports = self.org.chart().reports(p);
        if reports.is_empty() {
            return;
        }
        if self.tree.expanded[p as usize] {
            self.move_cursor(Action::Down);
        } else {
            self.tree.expanded[p as usize] = true;
            self.rebuild_tree();
        }
    }

    pub(super) fn collapse(&mut self) {
        let Some(p) = self.tree_person() else { return };
        let has_reports = !self.org.chart().reports(p).is_empty();
        if has_reports && self.tree.expanded[p as usize] {
            self.tree.expanded[p as usize] = false;
            self.rebuild_tree();
        } else if let Some(m) = self.org.chart().manager(p)
            && let Some(row) = self.tree.row_of(&self.org, m)
        {
            let (len, page) = (self.tree.rows.len(), self.tree_page());
            self.tree.cursor.select(row, len, page);
        }
    }

    pub(super) fn toggle_fold(&mut self) {
        let Some(p) = self.tree_person() else { return };
        if !self.org.chart().reports(p).is_empty() {
            self.tree.expanded[p as usize] = !self.tree.expanded[p as usize];
            self.rebuild_tree();
        }
    }

    pub(super) fn fold_to(&mut self, depth: u32) {
        self.tree.expand_to(&self.org, depth);
        let (len, page) = (self.tree.rows.len(), self.tree_page());
        self.tree.cursor.scroll_into_view(len, page);
        let words = Self::levels_shown(depth);
        self.set_status(words, false);
    }

    /// `]` (`open`) and `[`: opens every manager down to `level`, or folds every one from
    /// `level` down, so each press changes the chart however it was folded by hand.
    pub(super) fn fold_levels(&mut self, open: bool, level: u32) {
        let shown = if open {
            self.tree.open_through(&self.org, level);
            level + 1
        } else {
            self.tree.fold_from(&self.org, level);
            level
        };
        let (len, page) = (self.tree.rows.len(), self.tree_page());
        self.tree.cursor.scroll_into_view(len, page);
        self.set_status(Self::levels_shown(shown), false);
    }

    fn levels_shown(depth: u32) -> String {
        match depth {
            0 => "collapsed to the top".to_string(),
            u32::MAX => "expanded everybody".to_string(),
            d => format!(
                "showing {d} level{} below the top",
                if d == 1 { "" } else { "s" }
            ),
        }
    }

    pub(super) fn deepest(&self) -> u32 {
        let chart = self.org.chart();
        (0..self.org.len() as PersonIx)
            .map(|p| chart.depth(p))
            .max()
            .unwrap_or(0)
    }

    /// Jumps to the next (or previous) roving leader in org-chart order.
    pub(super) fn jump_to_leader(&mut self, forward: bool) {
        let view = self.scope_view();
        let preorder = self.org.chart().preorder();
        let here = self
            .tree_person()
            .map_or(0, |p| self.org.chart().enter(p) as usize);
        let n = preorder.len();
        let found = (1..=n)
            .map(|k| {
                if forward {
                    (here + k) % n
                } else {
                    (here + n - k % n) % n
                }
            })
            .map(|i| preorder[i])
            .find(|&p| view.roles[p as usize].contains(Role::RovingLeader));
        match found {
            Some(p) => {
                // Where this one is among all of them, in chart order.
                let leader = |q: &PersonIx| view.roles[*q as usize].contains(Role::RovingLeader);
                let at = self.org.chart().enter(p) as usize;
                let place = preorder[..at].iter().filter(|q| leader(q)).count() + 1;
                let total = place + preorder[at + 1..].iter().filter(|q| leader(q)).count();
                let count = view.nayar[p as usize].count as usize;
                self.view = View::OrgChart;
                let page = self.tree_page();
                self.tree.reveal(&self.org, p, page);
                self.set_status(
                    format!(
                        "★ {} of {}: {}, a roving leader — nobody reports to them, yet {} \
                         outside their hierarchy come for advice",
                        crate::text::thousands(place),
                        crate::text::thousands(total),
                        self.org.person(p).name,
                        crate::text::count(count, "person", "people")
                    ),
                    false,
                );
            }
            None => self.set_status("no roving leader in this scope", false),
        }
    }
}
