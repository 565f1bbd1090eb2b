//! [`App::apply`]: the only place the browser's state changes.

mod org_chart;

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
                if let Some(problem) = self.export_problem(std::path::Path::new(&path)) {
                    self.set_status(problem, true);
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
                if let Some(level) = self.tree.first_folded_level(&self.org) {
                    self.fold_levels(true, level);
                } else {
                    // Nothing is left to open; an earlier version counted a level that does
                    // not exist, which then took a `[` to undo.
                    let deepest = self.deepest();
                    self.set_status(
                        format!(
                            "every level is shown: the chart goes {} below the top",
                            crate::text::count(deepest as usize, "level", "levels")
                        ),
                        false,
                    );
                }
            }
            Action::Shallower => match self.tree.last_open_level(&self.org) {
                Some(level) => self.fold_levels(false, level),
                None => self.fold_to(0),
            },
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

    /// Why the Leaders list cannot go to `path`, if it cannot: it is a file the team was
    /// loaded from, or its name says another kind of file (which would not open as one).
    fn export_problem(&self, path: &std::path::Path) -> Option<String> {
        let inputs: Vec<&std::path::Path> = self.inputs.iter().map(PathBuf::as_path).collect();
        if crate::cli::input_at(path, &inputs).is_some() {
            return Some(format!(
                "{} is a file this team was loaded from: export to another name",
                path.display()
            ));
        }
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)?;
        let kind = match extension.as_str() {
            "ron" => "a team file",
            "xlsx" | "xls" | "xlsm" | "ods" | "numbers" => "a workbook (spreadsheets open .csv)",
            "tsv" => "tab-separated (roving writes commas; spreadsheets open both)",
            "gexf" | "graphml" | "dot" => "a graph (`roving export` writes those)",
            _ => return None,
        };
        Some(format!(
            "a .{extension} name says {kind}: the Leaders list is .csv, .json or .md"
        ))
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
        if matches!(self.view, View::Leaders | View::OrgChart) {
            // A list filtered down to nobody selects nobody: Person and Graph then say so
            // rather than show whoever was selected last while the search narrowed.
            self.focus = self.selected_person();
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
mod tests;
