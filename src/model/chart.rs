//! The reports-to forest with O(1) ancestor tests.

use super::{NONE, PersonIx};

/// A person's preorder interval in the org chart: they sit at preorder position `enter` and
/// their reporting subtree fills `enter + 1..exit`.
///
/// `a` is above `b` exactly when `a.enter < b.enter && b.enter < a.exit`. Both ends sit in
/// one 8-byte record, so kernels that test one seeker per advice tie read one cache line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[repr(C, align(8))]
pub struct Span {
    /// Preorder position (start of the Euler interval).
    pub enter: u32,
    /// End of the Euler interval (exclusive).
    pub exit: u32,
}

impl Span {
    /// True when the person with this span is strictly above the one with `below`.
    #[inline]
    pub fn is_above(self, below: Span) -> bool {
        self.enter < below.enter && below.enter < self.exit
    }
}

/// The formal structure: who reports to whom, as a forest (several roots allowed).
///
/// Each person gets a preorder interval `[enter, exit)` from an Euler tour (a [`Span`]), so
/// "is `a` above `b` in the management chain" is two comparisons.
#[derive(Debug, Clone, Default)]
pub struct OrgChart {
    manager: Vec<PersonIx>,
    /// Direct reports of person `p` are `reports[report_start[p]..report_start[p + 1]]`.
    report_start: Vec<u32>,
    reports: Vec<PersonIx>,
    span: Vec<Span>,
    depth: Vec<u32>,
    /// People in preorder (roots in index order, reports in index order).
    preorder: Vec<PersonIx>,
}

impl OrgChart {
    /// Builds the chart from each person's manager index ([`NONE`] for a root).
    ///
    /// # Errors
    ///
    /// Returns the people of one reporting cycle, in reporting order, if there is a cycle.
    pub fn new(manager: Vec<PersonIx>) -> Result<Self, Vec<PersonIx>> {
        if let Some(cycle) = find_cycle(&manager) {
            return Err(cycle);
        }
        let n = manager.len();
        let mut report_start = vec![0u32; n + 1];
        for &m in &manager {
            if m != NONE {
                report_start[m as usize + 1] += 1;
            }
        }
        for i in 0..n {
            report_start[i + 1] += report_start[i];
        }
        let mut fill = report_start.clone();
        let mut reports = vec![0; report_start[n] as usize];
        for (p, &m) in manager.iter().enumerate() {
            if m != NONE {
                reports[fill[m as usize] as usize] = p as PersonIx;
                fill[m as usize] += 1;
            }
        }
        let mut chart = OrgChart {
            manager,
            report_start,
            reports,
            span: vec![Span::default(); n],
            depth: vec![0; n],
            preorder: Vec::with_capacity(n),
        };
        chart.tour();
        Ok(chart)
    }

    /// Iterative Euler tour: fills `enter`, `exit`, `depth` and `preorder`.
    fn tour(&mut self) {
        let n = self.manager.len();
        let mut stack: Vec<(PersonIx, u32)> = Vec::new();
        for root in 0..n as PersonIx {
            if self.manager[root as usize] != NONE {
                continue;
            }
            self.visit(root, 0);
            stack.push((root, self.report_start[root as usize]));
            while let Some(top) = stack.last_mut() {
                let (person, next) = *top;
                if next < self.report_start[person as usize + 1] {
                    top.1 += 1;
                    let report = self.reports[next as usize];
                    self.visit(report, self.depth[person as usize] + 1);
                    stack.push((report, self.report_start[report as usize]));
                } else {
                    self.span[person as usize].exit = self.preorder.len() as u32;
                    stack.pop();
                }
            }
        }
    }

    fn visit(&mut self, person: PersonIx, depth: u32) {
        self.span[person as usize].enter = self.preorder.len() as u32;
        self.depth[person as usize] = depth;
        self.preorder.push(person);
    }

    /// Number of people in the chart.
    pub fn len(&self) -> usize {
        self.manager.len()
    }

    /// True when the chart has nobody in it.
    pub fn is_empty(&self) -> bool {
        self.manager.is_empty()
    }

    /// The direct manager of `person`, if any.
    pub fn manager(&self, person: PersonIx) -> Option<PersonIx> {
        let m = self.manager[person as usize];
        (m != NONE).then_some(m)
    }

    /// Raw manager array ([`NONE`] for roots), for tight loops.
    pub fn managers(&self) -> &[PersonIx] {
        &self.manager
    }

    /// The direct reports of `person`, in index order.
    pub fn reports(&self, person: PersonIx) -> &[PersonIx] {
        let p = person as usize;
        &self.reports[self.report_start[p] as usize..self.report_start[p + 1] as usize]
    }

    /// True when `above` is strictly above `below` in `below`'s management chain.
    #[inline]
    pub fn is_above(&self, above: PersonIx, below: PersonIx) -> bool {
        self.span[above as usize].is_above(self.span[below as usize])
    }

    /// Number of levels above `person` (0 for a root).
    pub fn depth(&self, person: PersonIx) -> u32 {
        self.depth[person as usize]
    }

    /// Size of `person`'s reporting subtree, themselves excluded.
    pub fn subtree_size(&self, person: PersonIx) -> u32 {
        let span = self.span[person as usize];
        span.exit - span.enter - 1
    }

    /// Everybody below `person` (their reporting subtree), in preorder.
    pub fn subtree(&self, person: PersonIx) -> &[PersonIx] {
        let span = self.span[person as usize];
        &self.preorder[span.enter as usize + 1..span.exit as usize]
    }

    /// The management chain of `person`: direct manager first, top last.
    pub fn chain(&self, person: PersonIx) -> Vec<PersonIx> {
        let mut chain = Vec::new();
        let mut current = self.manager[person as usize];
        while current != NONE {
            chain.push(current);
            current = self.manager[current as usize];
        }
        chain
    }

    /// The people with no manager, in index order.
    pub fn roots(&self) -> impl Iterator<Item = PersonIx> + '_ {
        (0..self.len() as PersonIx).filter(|&p| self.manager[p as usize] == NONE)
    }

    /// Everybody in preorder: each root followed by its subtree.
    pub fn preorder(&self) -> &[PersonIx] {
        &self.preorder
    }

    /// Preorder position of `person` (the start of their Euler interval).
    pub fn enter(&self, person: PersonIx) -> u32 {
        self.span[person as usize].enter
    }

    /// End of `person`'s Euler interval: their subtree is preorder `enter + 1..exit`.
    pub fn exit(&self, person: PersonIx) -> u32 {
        self.span[person as usize].exit
    }

    /// Every person's [`Span`], by index, for tight loops.
    pub fn spans(&self) -> &[Span] {
        &self.span
    }
}

/// Finds one reporting cycle by following manager pointers, in O(n) overall.
fn find_cycle(manager: &[PersonIx]) -> Option<Vec<PersonIx>> {
    // 0 = unseen, 1 = on the current walk, 2 = known to reach a root.
    let mut state = vec![0u8; manager.len()];
    let mut walk = Vec::new();
    for start in 0..manager.len() {
        let mut current = start as PersonIx;
        walk.clear();
        while current != NONE && state[current as usize] == 0 {
            state[current as usize] = 1;
            walk.push(current);
            current = manager[current as usize];
        }
        if current != NONE && state[current as usize] == 1 {
            let from = walk.iter().position(|&p| p == current).unwrap_or(0);
            return Some(walk[from..].to_vec());
        }
        for &p in &walk {
            state[p as usize] = 2;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 0 is the top; 1 and 2 report to 0; 3 reports to 1; 4 is a second root.
    fn small() -> OrgChart {
        OrgChart::new(vec![NONE, 0, 0, 1, NONE]).unwrap()
    }

    #[test]
    fn ancestors_follow_the_chain() {
        let chart = small();
        assert!(chart.is_above(0, 3));
        assert!(chart.is_above(1, 3));
        assert!(!chart.is_above(2, 3));
        assert!(!chart.is_above(3, 3));
        assert!(!chart.is_above(3, 0));
        assert!(!chart.is_above(4, 3));
        assert_eq!(chart.chain(3), vec![1, 0]);
        assert_eq!(chart.subtree_size(0), 3);
        assert_eq!(chart.subtree(1), &[3]);
        assert_eq!(chart.reports(0), &[1, 2]);
        assert_eq!(chart.roots().collect::<Vec<_>>(), vec![0, 4]);
        assert_eq!(chart.depth(3), 2);
    }

    #[test]
    fn cycles_are_reported_in_order() {
        assert_eq!(
            OrgChart::new(vec![NONE, 2, 3, 1]).unwrap_err(),
            vec![1, 2, 3]
        );
        assert_eq!(OrgChart::new(vec![0]).unwrap_err(), vec![0]);
    }

    #[test]
    fn deep_chains_do_not_overflow_the_stack() {
        let n = 200_000;
        let manager: Vec<PersonIx> = (0..n).map(|p| if p == 0 { NONE } else { p - 1 }).collect();
        let chart = OrgChart::new(manager).unwrap();
        assert!(chart.is_above(0, n - 1));
        assert_eq!(chart.depth(n - 1), n - 1);
    }
}
