//! [`App::apply`]: the only place the browser's state changes.

use std::path::PathBuf;

use ratatui::layout::Rect;

use crate::io::ListFormat;
use crate::metrics::{Metric, Role, Scope};
use crate::model::PersonIx;

use super::action::{Action, Column, Effect, View};
use super::app::{App, Mode, Status, WHOLE_NETWORK_LIMIT};
use super::background::STILL_COMPUTING;
use super::cursor::Cursor;
use super::detail::{EgoGraph, PersonDetail};
use super::ui;

/// Rows the mouse wheel moves.
const WHEEL_ROWS: isize = 3;

impl App {
    /// Applies one user action; returns work the loop must do outside the state.
    pub fn apply(&mut self, action: Action) -> Option<Effect> {
        if !matches!(action, Action::Resize { .. }) {
            self.status = None;
        }
        let effect = match self.mode {
            Mode::Help => {
                self.apply_help(action);
                None
            }
            Mode::Search => {
                self.apply_search(action);
                None
            }
            Mode::Export => self.apply_export(action),
            Mode::Normal => {
                self.apply_normal(action);
                None
            }
        };
        self.sync();
        effect
    }

    /// Opens the export prompt again (after a write failed), with the name as typed.
    pub fn reopen_export(&mut self) {
        self.mode = Mode::Export;
    }

    /// Notes an outcome (such as where an export went) on the status line.
    pub fn set_status(&mut self, text: impl Into<String>, error: bool) {
        self.status = Some(Status {
            text: text.into(),
            error,
        });
    }

    fn apply_help(&mut self, action: Action) {
        let page = self.area.height.saturating_sub(4) as usize;
        let last = ui::help::last_scroll(self);
        match action {
            Action::ToggleHelp | Action::Cancel => self.mode = Mode::Normal,
            Action::Quit => self.quit = true,
            Action::Down => self.help_scroll = (self.help_scroll + 1).min(last),
            Action::ScrollDown => self.help_scroll = (self.help_scroll + 3).min(last),
            Action::Up => self.help_scroll = self.help_scroll.saturating_sub(1),
            Action::ScrollUp => self.help_scroll = self.help_scroll.saturating_sub(3),
            Action::PageDown => self.help_scroll = (self.help_scroll + page).min(last),
            Action::PageUp => self.help_scroll = self.help_scroll.saturating_sub(page),
            Action::First => self.help_scroll = 0,
            Action::Last => self.help_scroll = last,
            Action::Resize { width, height } => self.resize(width, height),
            _ => {}
        }
    }

    fn apply_search(&mut self, action: Action) {
        match action {
            Action::Input(c) => {
                self.leaders.query.push(c);
                self.narrow_search();
            }
            Action::DeleteChar => {
                self.leaders.query.pop();
                self.refresh_leaders();
            }
            Action::Submit => self.mode = Mode::Normal,
            Action::Cancel => {
                self.leaders.query.clear();
                self.mode = Mode::Normal;
                self.refresh_leaders();
            }
            Action::Quit => self.quit = true,
            Action::Down | Action::Up | Action::ScrollDown | Action::ScrollUp => {
                self.move_cursor(action);
            }
            Action::Resize { width, height } => self.resize(width, height),
            _ => {}
        }
    }

    fn apply_export(&mut self, action: Action) -> Option<Effect> {
        // Any change of name or format asks again before replacing a file.
        if !matches!(action, Action::Submit | Action::Resize { .. }) {
            self.export.replacing = None;
        }
        match action {
            Action::Input(c) => self.export.path.push(c),
            Action::DeleteChar => {
                self.export.path.pop();
            }
            Action::NextFormat => {
                let next = match self.export_format() {
                    ListFormat::Csv => ListFormat::Json,
                    ListFormat::Json => ListFormat::Markdown,
                    ListFormat::Markdown => ListFormat::Csv,
                };
                self.export.format = next;
                let path = PathBuf::from(&self.export.path);
                if ListFormat::from_path(&path).is_some() || path.extension().is_none() {
                    self.export.path = path
                        .with_extension(next.extension())
                        .to_string_lossy()
                        .into_owned();
                }
            }
            Action::Submit => {
                let path = self.export.path.trim().to_string();
                if path.is_empty() {
                    self.set_status("type a file name first", true);
                    return None;
                }
                if std::path::Path::new(&path).is_file()
                    && self.export.replacing.as_deref() != Some(path.as_str())
                {
                    self.set_status(
                        format!("{path} exists: Enter again replaces it; or change the name"),
                        true,
                    );
                    self.export.replacing = Some(path);
                    return None;
                }
                self.export.replacing = None;
                self.mode = Mode::Normal;
                return Some(Effect::Export {
                    path: PathBuf::from(path),
                    format: self.export_format(),
                });
            }
            Action::Cancel => self.mode = Mode::Normal,
            Action::Quit => self.quit = true,
            Action::Resize { width, height } => self.resize(width, height),
            _ => {}
        }
        None
    }

    fn apply_normal(&mut self, action: Action) {
        match action {
            Action::Quit => self.quit = true,
            Action::NextView => self.show(View::ALL[(self.view.index() + 1) % 4]),
            Action::PrevView => self.show(View::ALL[(self.view.index() + 3) % 4]),
            Action::ShowView(view) => self.show(view),
            Action::ToggleHelp => {
                self.mode = Mode::Help;
                self.help_scroll = 0;
            }
            Action::Down
            | Action::Up
            | Action::PageDown
            | Action::PageUp
            | Action::First
            | Action::Last
            | Action::ScrollDown
            | Action::ScrollUp => self.move_cursor(action),
            Action::OpenPerson => self.open_selected(),
            Action::Back => self.back(),
            // From Leaders it quits, whatever lies behind (as the help says); elsewhere it
            // goes back to where a person was opened, else to Leaders.
            Action::BackOrQuit => {
                if self.view == View::Leaders {
                    self.quit = true;
                } else if !self.history.is_empty() {
                    self.back();
                } else {
                    self.show(View::Leaders);
                }
            }
            Action::CycleScope => {
                let i = Scope::ALL
                    .iter()
                    .position(|&s| s == self.scope)
                    .unwrap_or(0);
                self.scope = Scope::ALL[(i + 1) % Scope::ALL.len()];
                self.ensure_scope();
                self.refresh_leaders();
                let words = match self.scope {
                    Scope::Chain => "outside = not above and not below the person",
                    Scope::Team => "outside = also not a peer under the same manager",
                    Scope::Department => "outside = also not in the same department",
                };
                self.set_status(format!("scope {}: {words}", self.scope.name()), false);
            }
            Action::CycleMetric => {
                let i = Metric::ALL
                    .iter()
                    .position(|&m| m == self.metric)
                    .unwrap_or(0);
                self.metric = Metric::ALL[(i + 1) % Metric::ALL.len()];
                self.ensure_scope();
                self.refresh_leaders();
                self.set_status(format!("ranked by {}", self.metric.name()), false);
                self.note_pending_betweenness();
            }
            Action::NextSort => self.sort_by(self.leaders.sort.next(), false),
            Action::PrevSort => self.sort_by(self.leaders.sort.prev(), false),
            Action::SortBy(column) => self.sort_by(column, column == self.leaders.sort),
            Action::ReverseSort => self.sort_by(self.leaders.sort, true),
            Action::Search => {
                self.show(View::Leaders);
                self.mode = Mode::Search;
            }
            Action::CycleDepartment => {
                // In name order, then back to all.
                let names = self.org.department_names();
                if names.is_empty() {
                    self.set_status("this team has no departments to filter by", false);
                    return;
                }
                let mut order: Vec<u32> = (0..names.len() as u32).collect();
                order.sort_by(|&a, &b| names[a as usize].cmp(&names[b as usize]));
                self.leaders.department = match self.leaders.department {
                    None => order.first().copied(),
                    Some(d) => order
                        .iter()
                        .position(|&x| x == d)
                        .and_then(|i| order.get(i + 1).copied()),
                };
                self.refresh_leaders();
            }
            Action::CycleRole => {
                self.leaders.role = match self.leaders.role {
                    None => Some(Role::ALL[0]),
                    Some(r) => Role::ALL
                        .iter()
                        .position(|&x| x == r)
                        .and_then(|i| Role::ALL.get(i + 1).copied()),
                };
                self.refresh_leaders();
                self.note_pending_betweenness();
            }
            Action::ClearFilters => {
                self.leaders.department = None;
                self.leaders.role = None;
                self.leaders.query.clear();
                self.refresh_leaders();
            }
            Action::Expand => self.expand(),
            Action::Collapse => self.collapse(),
            Action::ToggleFold => self.toggle_fold(),
            Action::ExpandAll => self.fold_to(u32::MAX),
            Action::CollapseAll => self.fold_to(0),
            Action::Deeper => {
                let deepest = self.deepest();
                let shown = self.tree.depth.min(deepest);
                if shown < deepest {
                    self.fold_to(shown + 1);
                } else {
                    // Already everybody: a level that does not exist would be counted and
                    // then take a `[` to undo.
                    self.fold_to(deepest);
                    self.set_status(
                        format!(
                            "every level is shown: the chart goes {} below the top",
                            crate::text::count(deepest as usize, "level", "levels")
                        ),
                        false,
                    );
                }
            }
            Action::Shallower => {
                let deepest = self.deepest();
                self.fold_to(self.tree.depth.min(deepest).saturating_sub(1));
            }
            Action::NextLeader => self.jump_to_leader(true),
            Action::PrevLeader => self.jump_to_leader(false),
            Action::ToggleSteps => {
                self.graph.whole = false;
                self.graph.steps = if self.graph.steps == 1 { 2 } else { 1 };
            }
            Action::ToggleWhole => {
                if self.org.len() > WHOLE_NETWORK_LIMIT {
                    self.set_status(
                        format!(
                            "the whole network is drawn for teams up to {} people; this one has {}",
                            crate::text::thousands(WHOLE_NETWORK_LIMIT),
                            crate::text::thousands(self.org.len())
                        ),
                        true,
                    );
                } else {
                    self.graph.whole = !self.graph.whole;
                }
            }
            Action::Export => {
                // An export now would write 0 for everyone's betweenness and no brokers.
                if let Some(done) = self.betweenness_progress() {
                    self.set_status(
                        format!(
                            "{STILL_COMPUTING} ({done}%): export when it is done, so the file \
                             has it and the brokers"
                        ),
                        true,
                    );
                } else {
                    self.mode = Mode::Export;
                }
            }
            Action::Click { x, y } => self.click(x, y),
            Action::Resize { width, height } => self.resize(width, height),
            Action::Input(_)
            | Action::DeleteChar
            | Action::Submit
            | Action::Cancel
            | Action::NextFormat => {}
        }
    }

    /// The export format: the file extension's when it names one, else the one chosen.
    pub fn export_format(&self) -> ListFormat {
        ListFormat::from_path(std::path::Path::new(&self.export.path)).unwrap_or(self.export.format)
    }

    fn resize(&mut self, width: u16, height: u16) {
        self.area = Rect::new(0, 0, width, height);
        let (len, page) = (self.leaders.shown.len(), self.leader_page());
        self.leaders.cursor.scroll_into_view(len, page);
        let (len, page) = (self.tree.rows.len(), self.tree_page());
        self.tree.cursor.scroll_into_view(len, page);
    }

    /// Switches view; list views put their cursor on the focused person.
    fn show(&mut self, view: View) {
        if view == self.view {
            return;
        }
        self.view = view;
        if let Some(p) = self.focus {
            self.follow_focus(p);
        }
    }

    fn follow_focus(&mut self, person: PersonIx) {
        match self.view {
            View::Leaders => {
                if let Some(row) = self.leaders.shown.iter().position(|&q| q == person) {
                    let (len, page) = (self.leaders.shown.len(), self.leader_page());
                    self.leaders.cursor.select(row, len, page);
                }
            }
            View::OrgChart => {
                let page = self.tree_page();
                self.tree.reveal(&self.org, person, page);
            }
            View::Person | View::Graph => {}
        }
    }

    fn move_cursor(&mut self, action: Action) {
        let (len, page) = match self.view {
            View::Leaders => (self.leaders.shown.len(), self.leader_page()),
            View::OrgChart => (self.tree.rows.len(), self.tree_page()),
            View::Person => (
                self.detail.as_ref().map_or(0, |d| d.links.len()),
                self.area.height.saturating_sub(6) as usize,
            ),
            View::Graph => (self.graph.network.as_ref().map_or(0, |n| n.nodes.len()), 1),
        };
        let step = page.max(1).cast_signed();
        let delta = match action {
            Action::Down => 1,
            Action::Up => -1,
            Action::ScrollDown => WHEEL_ROWS,
            Action::ScrollUp => -WHEEL_ROWS,
            Action::PageDown => step,
            Action::PageUp => -step,
            Action::First => isize::MIN / 2,
            _ => isize::MAX / 2,
        };
        if self.view == View::Graph {
            // Nodes form a ring: stepping past either end wraps around.
            if len > 0 {
                let i = self.graph.selected.cast_signed();
                self.graph.selected = match action {
                    Action::First => 0,
                    Action::Last => len - 1,
                    _ => (i + delta).rem_euclid(len.cast_signed()).cast_unsigned(),
                };
            }
            return;
        }
        let cursor: &mut Cursor = match self.view {
            View::Leaders => &mut self.leaders.cursor,
            View::OrgChart => &mut self.tree.cursor,
            _ => &mut self.person_cursor,
        };
        cursor.move_by(delta, len, page);
    }

    fn open_selected(&mut self) {
        let Some(person) = self.selected_person() else {
            return;
        };
        let from = self.focus.unwrap_or(person);
        if self.view == View::Person && from == person {
            return;
        }
        self.history.push((self.view, from));
        self.focus = Some(person);
        self.view = View::Person;
        self.person_cursor = Cursor::default();
    }

    fn back(&mut self) {
        let Some((view, person)) = self.history.pop() else {
            self.set_status("nothing to go back to", false);
            return;
        };
        self.focus = Some(person);
        self.view = view;
        self.person_cursor = Cursor::default();
        self.follow_focus(person);
    }

    fn sort_by(&mut self, column: Column, reverse: bool) {
        if reverse {
            self.leaders.reversed = !self.leaders.reversed;
        } else {
            self.leaders.sort = column;
            self.leaders.reversed = false;
        }
        self.refresh_leaders();
        self.note_pending_betweenness();
    }

    /// Says so when the list rests on betweenness (ranked or sorted by it, or filtered to
    /// brokers) while it is still being computed.
    fn note_pending_betweenness(&mut self) {
        let Some(done) = self.betweenness_progress() else {
            return;
        };
        let rests_on_it = self.metric == Metric::Betweenness
            || matches!(self.leaders.sort, Column::Betweenness | Column::Roles)
            || self.leaders.role == Some(Role::Broker);
        if rests_on_it {
            self.set_status(
                format!("{STILL_COMPUTING} ({done}%): this list is redone when it is done"),
                false,
            );
        }
    }

    fn tree_person(&self) -> Option<PersonIx> {
        self.tree.rows.get(self.tree.cursor.selected).copied()
    }

    fn rebuild_tree(&mut self) {
        self.tree.rebuild(&self.org);
        let (len, page) = (self.tree.rows.len(), self.tree_page());
        self.tree.cursor.scroll_into_view(len, page);
    }

    fn expand(&mut self) {
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

    fn collapse(&mut self) {
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

    fn toggle_fold(&mut self) {
        let Some(p) = self.tree_person() else { return };
        if !self.org.chart().reports(p).is_empty() {
            self.tree.expanded[p as usize] = !self.tree.expanded[p as usize];
            self.rebuild_tree();
        }
    }

    fn fold_to(&mut self, depth: u32) {
        self.tree.expand_to(&self.org, depth);
        let (len, page) = (self.tree.rows.len(), self.tree_page());
        self.tree.cursor.scroll_into_view(len, page);
        let words = match depth {
            0 => "collapsed to the top".to_string(),
            u32::MAX => "expanded everybody".to_string(),
            d => format!(
                "showing {d} level{} below the top",
                if d == 1 { "" } else { "s" }
            ),
        };
        self.set_status(words, false);
    }

    fn deepest(&self) -> u32 {
        let chart = self.org.chart();
        (0..self.org.len() as PersonIx)
            .map(|p| chart.depth(p))
            .max()
            .unwrap_or(0)
    }

    /// Jumps to the next (or previous) roving leader in org-chart order.
    fn jump_to_leader(&mut self, forward: bool) {
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

    fn click(&mut self, x: u16, y: u16) {
        let [tabs, _, _] = ui::layout(self.area);
        if y == tabs.y {
            if let Some(&(view, _, _)) = ui::tab_spans(tabs)
                .iter()
                .find(|(_, from, to)| x >= *from && x < *to)
            {
                self.show(view);
            }
            return;
        }
        match self.view {
            View::Leaders => match ui::leaders::hit(self, x, y) {
                Some(ui::leaders::Hit::Header(column)) => {
                    self.sort_by(column, column == self.leaders.sort);
                }
                Some(ui::leaders::Hit::Row(row)) => {
                    if row == self.leaders.cursor.selected {
                        self.open_selected();
                    } else {
                        let (len, page) = (self.leaders.shown.len(), self.leader_page());
                        self.leaders.cursor.select(row, len, page);
                    }
                }
                None => {}
            },
            View::OrgChart => {
                if let Some(row) = ui::org_chart::hit(self, x, y) {
                    let person = self.tree.rows[row];
                    if ui::org_chart::on_marker(self, person, x) {
                        let (len, page) = (self.tree.rows.len(), self.tree_page());
                        self.tree.cursor.select(row, len, page);
                        self.toggle_fold();
                    } else if row == self.tree.cursor.selected {
                        self.open_selected();
                    } else {
                        let (len, page) = (self.tree.rows.len(), self.tree_page());
                        self.tree.cursor.select(row, len, page);
                    }
                }
            }
            View::Person => {
                if let Some(link) = ui::person::hit(self, x, y) {
                    if link == self.person_cursor.selected {
                        self.open_selected();
                    } else {
                        let links = self.detail.as_ref().map_or(0, |d| d.links.len());
                        self.person_cursor.select(link, links, 1);
                    }
                }
            }
            View::Graph => {
                if let Some(node) = ui::graph::hit(self, x, y) {
                    if node == self.graph.selected {
                        self.open_selected();
                    } else {
                        self.graph.selected = node;
                    }
                }
            }
        }
    }

    /// Brings the derived state in line after an action: the focus follows the cursor in
    /// the list views, and the Person and Graph pages are gathered for the focus when shown.
    pub(super) fn sync(&mut self) {
        if matches!(self.view, View::Leaders | View::OrgChart)
            && let Some(p) = self.selected_person()
        {
            self.focus = Some(p);
        }
        let Some(focus) = self.focus else { return };
        match self.view {
            View::Person => {
                let stale = self
                    .detail
                    .as_ref()
                    .is_none_or(|d| d.person != focus || d.scope != self.scope);
                if stale {
                    self.detail = Some(PersonDetail::new(&self.org, self.scope_view(), focus));
                    let links = self.detail.as_ref().map_or(0, |d| d.links.len());
                    self.person_cursor
                        .select(self.person_cursor.selected, links, 1);
                }
            }
            View::Graph => {
                let steps = if self.graph.whole {
                    0
                } else {
                    self.graph.steps
                };
                let stale =
                    self.graph.network.as_ref().is_none_or(|n| {
                        n.center != focus || n.scope != self.scope || n.steps != steps
                    });
                if stale {
                    let network = if self.graph.whole {
                        EgoGraph::whole(&self.org, self.scope, focus)
                    } else {
                        EgoGraph::ego(&self.org, &self.centralities, self.scope, focus, steps)
                    };
                    self.graph.selected = network
                        .nodes
                        .iter()
                        .position(|n| n.person == focus)
                        .unwrap_or(0);
                    self.graph.network = Some(network);
                }
            }
            View::Leaders | View::OrgChart => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

    use super::*;
    use crate::io::team_from_str;
    use crate::metrics::Settings;
    use crate::tui::event::translate;

    fn app() -> App {
        let org = team_from_str(crate::cli::SAMPLE_TEAM).unwrap();
        let mut app = App::new(org, Settings::default());
        app.apply(Action::Resize {
            width: 100,
            height: 30,
        });
        app
    }

    /// Presses keys as a user would: through the keymap, then `apply`.
    fn press(app: &mut App, keys: &[KeyCode]) -> Option<Effect> {
        let mut effect = None;
        for &code in keys {
            let modifiers = match code {
                KeyCode::Char(c) if c.is_ascii_uppercase() => KeyModifiers::SHIFT,
                _ => KeyModifiers::NONE,
            };
            let event = Event::Key(KeyEvent::new(code, modifiers));
            if let Some(action) = translate(app, &event) {
                effect = app.apply(action).or(effect);
            }
        }
        effect
    }

    fn chars(text: &str) -> Vec<KeyCode> {
        text.chars().map(KeyCode::Char).collect()
    }

    fn name(app: &App, p: PersonIx) -> String {
        app.org().person(p).name.to_string()
    }

    fn shown_names(app: &App) -> Vec<String> {
        app.leaders().shown.iter().map(|&p| name(app, p)).collect()
    }

    #[test]
    fn tabs_and_digits_switch_views() {
        let mut app = app();
        assert_eq!(app.view(), View::Leaders);
        press(&mut app, &[KeyCode::Tab]);
        assert_eq!(app.view(), View::OrgChart);
        press(&mut app, &[KeyCode::BackTab, KeyCode::BackTab]);
        assert_eq!(app.view(), View::Graph);
        press(&mut app, &chars("3"));
        assert_eq!(app.view(), View::Person);
        press(&mut app, &chars("1"));
        assert_eq!(app.view(), View::Leaders);
    }

    #[test]
    fn enter_opens_the_person_and_backspace_returns() {
        let mut app = app();
        press(
            &mut app,
            &[KeyCode::Down, KeyCode::Char('j'), KeyCode::Enter],
        );
        assert_eq!(app.view(), View::Person);
        let a01 = app.focus().unwrap();
        assert_eq!(name(&app, a01), "A01");
        // The first link on A01's page is their manager, A02: open them, then come back.
        press(&mut app, &[KeyCode::Enter]);
        assert_eq!(name(&app, app.focus().unwrap()), "A02");
        press(&mut app, &[KeyCode::Backspace]);
        assert_eq!(app.focus(), Some(a01));
        assert_eq!(app.view(), View::Person);
        press(&mut app, &[KeyCode::Backspace]);
        assert_eq!(app.view(), View::Leaders);
        assert_eq!(app.leaders().cursor.selected, 2, "back on A01's row");
        press(&mut app, &[KeyCode::Backspace]);
        assert_eq!(app.status().unwrap().text, "nothing to go back to");
    }

    #[test]
    fn sorting_by_columns_and_reversing() {
        let mut app = app();
        assert_eq!(shown_names(&app)[..3], ["A02", "A18", "A01"]);
        press(&mut app, &chars("o"));
        assert_eq!(app.leaders().sort, Column::Name);
        assert_eq!(shown_names(&app)[..3], ["A01", "A02", "A03"]);
        press(&mut app, &chars("r"));
        assert_eq!(shown_names(&app)[..2], ["A21", "A20"]);
        press(&mut app, &chars("OO"));
        assert_eq!(app.leaders().sort, Column::Roles);
        // Roving leaders first: A01 is Krackhardt's one roving leader.
        assert_eq!(shown_names(&app)[0], "A01");
    }

    #[test]
    fn search_filters_as_you_type_and_escape_clears() {
        let mut app = app();
        press(&mut app, &chars("/a1"));
        assert_eq!(app.mode(), Mode::Search);
        assert_eq!(shown_names(&app).len(), 10, "A10 to A19");
        press(&mut app, &chars("8"));
        assert_eq!(shown_names(&app), ["A18"]);
        press(&mut app, &[KeyCode::Enter]);
        assert_eq!(app.mode(), Mode::Normal);
        assert_eq!(shown_names(&app), ["A18"]);
        press(&mut app, &chars("x"));
        assert_eq!(shown_names(&app).len(), 21);
        press(&mut app, &chars("/vice"));
        assert_eq!(shown_names(&app).len(), 4, "title matches");
        press(&mut app, &[KeyCode::Esc]);
        assert_eq!((app.mode(), shown_names(&app).len()), (Mode::Normal, 21));
    }

    #[test]
    fn department_and_role_filters_cycle() {
        let mut app = app();
        press(&mut app, &chars("d"));
        let first = app.leaders().department.unwrap();
        let dept = app.org().department_names()[first as usize].clone();
        assert!(
            app.leaders()
                .shown
                .iter()
                .all(|&p| app.org().department_of(p) == Some(&dept))
        );
        // Departments come in name order, then all again.
        let mut seen = vec![dept];
        while let Some(d) = {
            press(&mut app, &chars("d"));
            app.leaders().department
        } {
            seen.push(app.org().department_names()[d as usize].clone());
        }
        assert_eq!(seen, ["0", "1", "2", "3", "4"]);
        press(&mut app, &chars("x"));
        press(&mut app, &chars("f"));
        assert_eq!(app.leaders().role, Some(Role::RovingLeader));
        assert_eq!(shown_names(&app), ["A01"]);
        press(&mut app, &chars("fffff"));
        assert_eq!(app.leaders().role, None, "cycles back to no filter");
    }

    #[test]
    fn scope_and_metric_switch_live() {
        let mut app = app();
        let a01 = app.org().find("1").unwrap();
        let chain = app.scope_view().nayar[a01 as usize].count;
        press(&mut app, &chars("ss"));
        assert_eq!(app.scope(), Scope::Department);
        let department = app.scope_view().nayar[a01 as usize].count;
        assert!(department < chain, "{department} < {chain}");
        press(&mut app, &chars("m"));
        assert_eq!(app.metric(), Metric::InDegree);
        assert_eq!(shown_names(&app)[0], "A02", "most sought overall");
        press(&mut app, &chars("s"));
        assert_eq!(app.scope(), Scope::Chain);
    }

    #[test]
    fn org_chart_folds_and_finds_roving_leaders() {
        let mut app = app();
        press(&mut app, &chars("2"));
        assert_eq!(app.tree().rows.len(), 21);
        press(&mut app, &chars("C"));
        assert_eq!(app.tree().rows.len(), 1, "only the CEO");
        press(&mut app, &[KeyCode::Right]);
        assert_eq!(app.tree().rows.len(), 5);
        press(&mut app, &[KeyCode::Right, KeyCode::Char(' ')]);
        assert_eq!(app.tree().rows.len(), 8, "A02's reports shown");
        press(&mut app, &[KeyCode::Left, KeyCode::Left]);
        assert_eq!(app.tree().rows.len(), 5, "A02 folded again");
        press(&mut app, &[KeyCode::Left, KeyCode::Left]);
        assert_eq!(app.tree().rows.len(), 1, "up to the CEO and folded");
        press(&mut app, &chars("n"));
        let row = app.tree().cursor.selected;
        assert_eq!(name(&app, app.tree().rows[row]), "A01");
        assert!(app.status().unwrap().text.contains("roving leader"));
        press(&mut app, &chars("]]"));
        assert_eq!(app.tree().rows.len(), 21);
        press(&mut app, &chars("["));
        assert_eq!(app.tree().rows.len(), 5);
        // Past the deepest level `]` says so, and one `[` is one level up again, also
        // after expanding everybody.
        for expand in ["]]]]", "E]"] {
            press(&mut app, &chars(expand));
            assert_eq!(app.tree().rows.len(), 21);
            let status = &app.status().unwrap().text;
            assert_eq!(
                status, "every level is shown: the chart goes 2 levels below the top",
                "{expand}"
            );
            press(&mut app, &chars("["));
            assert_eq!(app.tree().rows.len(), 5, "{expand}");
        }
    }

    #[test]
    fn the_focus_follows_between_views() {
        let mut app = app();
        press(&mut app, &chars("jj2"));
        let row = app.tree().cursor.selected;
        assert_eq!(name(&app, app.tree().rows[row]), "A01");
        press(&mut app, &chars("4"));
        let graph = app.graph.network.as_ref().unwrap();
        assert_eq!(name(&app, graph.center), "A01");
        let advice = app.org().advice();
        let mut around: Vec<PersonIx> = advice.seekers(graph.center).to_vec();
        around.extend(advice.advisors(graph.center));
        around.sort_unstable();
        around.dedup();
        assert_eq!(
            graph.nodes.len(),
            1 + around.len(),
            "everyone tied to A01, once"
        );
        press(&mut app, &chars("t"));
        assert_eq!(app.graph.network.as_ref().unwrap().steps, 2);
        press(&mut app, &chars("w"));
        assert_eq!(app.graph.network.as_ref().unwrap().nodes.len(), 21);
        press(&mut app, &[KeyCode::Right, KeyCode::Enter]);
        assert_eq!(app.view(), View::Person);
    }

    #[test]
    fn export_prompt_hands_back_an_effect() {
        let mut app = app();
        press(&mut app, &chars("e"));
        assert_eq!(app.mode(), Mode::Export);
        press(&mut app, &[KeyCode::Tab]);
        assert_eq!(app.export.path, "roving-leaders.json");
        for _ in 0..".json".len() {
            press(&mut app, &[KeyCode::Backspace]);
        }
        press(&mut app, &chars(".md"));
        let effect = press(&mut app, &[KeyCode::Enter]);
        assert_eq!(
            effect,
            Some(Effect::Export {
                path: PathBuf::from("roving-leaders.md"),
                format: ListFormat::Markdown
            })
        );
        assert_eq!(app.mode(), Mode::Normal);
        press(&mut app, &chars("e"));
        press(&mut app, &[KeyCode::Esc]);
        assert_eq!(app.mode(), Mode::Normal);
        assert!(
            !app.should_quit(),
            "Esc in a prompt cancels, it does not quit"
        );
    }

    #[test]
    fn export_asks_before_replacing_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let existing = dir.path().join("old.csv");
        std::fs::write(&existing, "keep me").unwrap();
        let mut app = app();
        press(&mut app, &chars("e"));
        app.export.path = existing.to_string_lossy().into_owned();
        // The first Enter warns and stays in the prompt.
        assert_eq!(press(&mut app, &[KeyCode::Enter]), None);
        assert_eq!(app.mode(), Mode::Export);
        assert!(
            app.status()
                .unwrap()
                .text
                .contains("exists: Enter again replaces it")
        );
        // A change of name asks again.
        press(&mut app, &[KeyCode::Backspace]);
        press(&mut app, &chars("v"));
        assert_eq!(press(&mut app, &[KeyCode::Enter]), None);
        // The second Enter on the same name writes.
        let effect = press(&mut app, &[KeyCode::Enter]);
        assert_eq!(
            effect,
            Some(Effect::Export {
                path: existing,
                format: ListFormat::Csv
            })
        );
        assert_eq!(app.mode(), Mode::Normal);
    }

    #[test]
    fn export_writes_the_rows_as_shown() {
        let mut app = app();
        press(&mut app, &chars("f"));
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("leaders.csv");
        let effect = Effect::Export {
            path: path.clone(),
            format: ListFormat::Csv,
        };
        crate::tui::event::perform(&mut app, effect);
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text.lines().count(), 2, "header and A01: {text}");
        assert!(text.lines().nth(1).unwrap().starts_with("3,1,A01,"));
        assert!(
            app.status()
                .unwrap()
                .text
                .contains("exported 1 person (csv)")
        );
        let bad = Effect::Export {
            path: dir.path().join("missing/leaders.csv"),
            format: ListFormat::Csv,
        };
        crate::tui::event::perform(&mut app, bad);
        assert!(app.status().unwrap().error);
        // The prompt is open again over the error, for the name to be corrected.
        assert_eq!(app.mode(), Mode::Export);
        assert!(app.status().unwrap().text.contains("missing"));
    }

    /// A CSV export says when cells would run as formulas in a spreadsheet, and quotes them
    /// when the browser was started with --spreadsheet-safe.
    #[test]
    fn export_csv_watches_formula_cells() {
        let team = r#"Team(people: [
            Person(id: "1", name: "=1+1"),
            Person(id: "2", name: "Bo", manager: Some("1")),
        ], advice: [Tie(seeker: "2", advisor: "1")])"#;
        let dir = tempfile::tempdir().unwrap();
        for (safe, cell, said) in [
            (
                false,
                "=1+1",
                "warning: 1 cell that a spreadsheet would run as a formula (start",
            ),
            (
                true,
                "'=1+1",
                "1 cell that a spreadsheet would run as a formula went out with",
            ),
        ] {
            let mut app = App::new(team_from_str(team).unwrap(), Settings::default())
                .with_spreadsheet_safe(safe);
            let path = dir.path().join(format!("{safe}.csv"));
            let effect = Effect::Export {
                path: path.clone(),
                format: ListFormat::Csv,
            };
            crate::tui::event::perform(&mut app, effect);
            let status = &app.status().unwrap().text;
            assert!(status.contains(said), "{status}");
            let text = std::fs::read(&path).unwrap();
            let names: Vec<String> = csv::Reader::from_reader(text.as_slice())
                .records()
                .map(|r| r.unwrap()[2].to_string())
                .collect();
            assert!(names.contains(&cell.to_string()), "{names:?}");
        }
    }

    #[test]
    fn help_opens_scrolls_and_closes() {
        let mut app = app();
        press(&mut app, &chars("?"));
        assert_eq!(app.mode(), Mode::Help);
        press(&mut app, &chars("jjj"));
        assert_eq!(app.help_scroll, 3);
        press(&mut app, &chars("q"));
        assert_eq!(app.mode(), Mode::Normal);
        assert!(!app.should_quit());
    }

    #[test]
    fn esc_goes_back_before_it_quits() {
        let mut app = app();
        press(&mut app, &[KeyCode::Enter]);
        assert_eq!(app.view, View::Person);
        press(&mut app, &[KeyCode::Esc]);
        assert_eq!(
            app.view,
            View::Leaders,
            "back to where the person was opened"
        );
        assert!(!app.should_quit());
        press(&mut app, &chars("2"));
        press(&mut app, &[KeyCode::Esc]);
        assert_eq!(app.view, View::Leaders, "no history: to the Leaders view");
        assert!(!app.should_quit());
        press(&mut app, &[KeyCode::Esc]);
        assert!(app.should_quit(), "from the Leaders view, Esc quits");
    }

    /// History left behind (a person opened, then `1`) does not keep Esc from quitting on
    /// the Leaders view, as the help says; from another view it still goes back.
    #[test]
    fn esc_quits_from_leaders_whatever_lies_behind() {
        let mut app = app();
        press(
            &mut app,
            &[KeyCode::Enter, KeyCode::Char('j'), KeyCode::Enter],
        );
        press(&mut app, &chars("21"));
        assert_eq!(app.view, View::Leaders);
        press(&mut app, &[KeyCode::Esc]);
        assert!(app.should_quit());
        let mut other = self::app();
        press(&mut other, &[KeyCode::Enter]);
        let opened = other.focus;
        press(
            &mut other,
            &[KeyCode::Char('j'), KeyCode::Enter, KeyCode::Char('2')],
        );
        press(&mut other, &[KeyCode::Esc]);
        assert_eq!(
            (other.view, other.focus),
            (View::Person, opened),
            "back, from the chart"
        );
        assert!(!other.should_quit());
    }

    /// Keys typed into a terminal too small to show the browser change nothing, except
    /// those that quit.
    #[test]
    fn a_tiny_terminal_takes_only_quit() {
        let mut app = app();
        let before = (app.view, app.scope, app.metric, app.focus);
        app.apply(Action::Resize {
            width: 20,
            height: 6,
        });
        press(&mut app, &chars("s2md/x"));
        press(&mut app, &[KeyCode::Enter, KeyCode::Esc]);
        let click = Event::Mouse(crossterm::event::MouseEvent {
            kind: crossterm::event::MouseEventKind::Down(crossterm::event::MouseButton::Left),
            column: 1,
            row: 1,
            modifiers: KeyModifiers::NONE,
        });
        assert_eq!(translate(&app, &click), None);
        app.apply(Action::Resize {
            width: 100,
            height: 30,
        });
        assert_eq!((app.view, app.scope, app.metric, app.focus), before);
        assert_eq!(app.mode(), Mode::Normal);
        assert!(!app.should_quit());
        app.apply(Action::Resize {
            width: 20,
            height: 6,
        });
        press(&mut app, &chars("q"));
        assert!(app.should_quit());
    }

    #[test]
    fn slash_searches_from_every_view() {
        for view in ["2", "3", "4"] {
            let mut app = app();
            press(&mut app, &chars(view));
            press(&mut app, &chars("/A18"));
            assert_eq!((app.view, app.mode()), (View::Leaders, Mode::Search));
            assert_eq!(shown_names(&app), ["A18"], "from view {view}");
        }
    }

    #[test]
    fn quit_keys() {
        for key in [KeyCode::Char('q'), KeyCode::Esc] {
            let mut app = app();
            press(&mut app, &[key]);
            assert!(app.should_quit());
        }
        let mut app = app();
        press(&mut app, &chars("/"));
        let ctrl_c = Event::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
        let action = translate(&app, &ctrl_c).unwrap();
        app.apply(action);
        assert!(app.should_quit());
    }

    #[test]
    fn clicks_switch_tabs_sort_and_select() {
        let mut app = app();
        let [tabs, body, _] = ui::layout(app.area());
        let (_, x, _) = ui::tab_spans(tabs)[1];
        app.apply(Action::Click { x, y: tabs.y });
        assert_eq!(app.view(), View::OrgChart);
        app.apply(Action::ShowView(View::Leaders));
        let areas = ui::leaders::areas(body);
        let name_column = ui::leaders::columns(areas.header, &app)[1];
        app.apply(Action::Click {
            x: name_column.x,
            y: areas.header.y,
        });
        assert_eq!(app.leaders().sort, Column::Name);
        app.apply(Action::Click {
            x: name_column.x,
            y: areas.header.y,
        });
        assert!(app.leaders().reversed, "a second click reverses");
        app.apply(Action::Click {
            x: name_column.x,
            y: areas.rows.y + 4,
        });
        assert_eq!(app.leaders().cursor.selected, 4);
        app.apply(Action::Click {
            x: name_column.x,
            y: areas.rows.y + 4,
        });
        assert_eq!(
            app.view(),
            View::Person,
            "clicking the selected row opens it"
        );
        app.apply(Action::ScrollDown);
        assert_eq!(app.person_cursor.selected, 3);
    }

    #[test]
    fn resizing_keeps_the_selection_on_screen() {
        let mut app = app();
        press(&mut app, &[KeyCode::End]);
        assert_eq!(app.leaders().cursor.selected, 20);
        app.apply(Action::Resize {
            width: 80,
            height: 12,
        });
        let page = app.leader_page();
        let cursor = app.leaders().cursor;
        assert!(cursor.selected >= cursor.offset && cursor.selected < cursor.offset + page);
    }
}
