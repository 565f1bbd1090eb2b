//! The browser's state: the team, its cached metrics, and where the user is.
//!
//! Everything costly is computed in [`App::new`], or lazily when the user asks for it (a
//! scope's counts and roles, a ranking, a sort order: see `ranking.rs`), and kept; on a
//! large team betweenness arrives from another thread (`background.rs`). Rendering only
//! reads.

use std::collections::HashMap;
use std::sync::Arc;

use ratatui::layout::Rect;

use crate::io::{LeaderRow, ListFormat};
use crate::metrics::{self, Betweenness, Centralities, Metric, Role, Scope, ScopeView, Settings};
use crate::model::{Org, PersonIx};

use super::action::{Column, View};
use super::background::PendingBetweenness;
use super::cursor::Cursor;
use super::detail::{EgoGraph, PersonDetail};
use super::keymap::{KeyContext, Keymap};
use super::ranking::{Ranking, alphabetical};
use super::theme::Theme;
use super::tree::{OrgTree, SubtreeAdvice};

/// Who owns the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Browsing the views.
    Normal,
    /// Typing a search in the Leaders view.
    Search,
    /// Typing a file name in the export prompt.
    Export,
    /// Reading the help screen.
    Help,
}

/// The Leaders table: sort, filters, the rows they leave, and the cursor.
#[derive(Debug, Clone)]
pub struct LeaderTable {
    /// Sort column.
    pub sort: Column,
    /// True when sorted against the column's natural order.
    pub reversed: bool,
    /// Department filter (department number).
    pub department: Option<u32>,
    /// Role filter.
    pub role: Option<Role>,
    /// Search text (matched, lower-cased, against name, id and title).
    pub query: String,
    /// The rows shown, in order.
    pub shown: Vec<PersonIx>,
    /// Cursor over `shown`.
    pub cursor: Cursor,
}

/// The export prompt.
#[derive(Debug, Clone)]
pub struct ExportPrompt {
    /// File name being typed.
    pub path: String,
    /// Format chosen with Tab (the extension wins when it names one).
    pub format: ListFormat,
    /// A file that exists, which the user was told Enter would replace: the next Enter on
    /// the same name does.
    pub replacing: Option<String>,
    /// Whether CSV cells that a spreadsheet would run as formulas get a `'` in front
    /// (`--spreadsheet-safe`).
    pub spreadsheet_safe: bool,
}

/// The first status line: a warning when too few people answered the survey.
fn org_status(org: &Org) -> Option<Status> {
    let rate = org.response_rate()?;
    (rate < LOW_RESPONSE).then(|| Status {
        text: format!(
            "only {} answered the survey: people named by non-respondents are undercounted",
            crate::text::rate(rate)
        ),
        error: true,
    })
}

/// Below this response rate the browser and `rank` warn that counts are understated.
pub const LOW_RESPONSE: f64 = 0.7;

/// A line for the status bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    /// The message.
    pub text: String,
    /// True for an error.
    pub error: bool,
}

/// Graph view settings and the network it draws.
#[derive(Debug, Clone)]
pub struct GraphState {
    /// 1 or 2 steps around the person.
    pub steps: u8,
    /// The whole network instead of the ego network.
    pub whole: bool,
    /// Selected node (index into the drawn nodes).
    pub selected: usize,
    /// The drawn network, for the focused person and these settings.
    pub network: Option<EgoGraph>,
}

/// Largest team drawn whole in the Graph view.
pub const WHOLE_NETWORK_LIMIT: usize = 150;

/// The whole state of the browser.
#[derive(Debug)]
pub struct App {
    /// Shared with the thread that computes betweenness in the background, if any.
    pub(crate) org: Arc<Org>,
    pub(crate) settings: Settings,
    pub(crate) centralities: Centralities,
    pub(super) views: [Option<ScopeView>; 3],
    /// Rankings by `(scope, metric)`; metrics other than Nayar are stored under
    /// [`Scope::Chain`] since they do not depend on the scope.
    pub(super) rankings: HashMap<(Scope, Metric), Ranking>,
    /// Sort orders of the columns other than rank, by `(scope, column)`: the scope's Nayar
    /// ranking, stably re-sorted by the column.
    pub(super) orders: HashMap<(Scope, Column), Vec<PersonIx>>,
    /// Alphabetical position of each person's name, title and department (lower-cased,
    /// empty last), so text columns sort on integers.
    pub(super) text_rank: [Vec<u32>; 3],
    /// Display width of the widest name, title and department, so the Leaders columns
    /// take the room their texts need and no more.
    pub(crate) text_widths: [u16; 3],
    /// Lower-cased "name id title" per person, for search.
    pub(crate) haystack: Vec<String>,
    pub(crate) subtree_advice: Vec<SubtreeAdvice>,
    pub(crate) scope: Scope,
    pub(crate) metric: Metric,
    pub(crate) view: View,
    pub(crate) mode: Mode,
    pub(crate) leaders: LeaderTable,
    pub(crate) tree: OrgTree,
    /// The person the Person and Graph views show.
    pub(crate) focus: Option<PersonIx>,
    pub(crate) history: Vec<(View, PersonIx)>,
    pub(crate) detail: Option<PersonDetail>,
    pub(crate) person_cursor: Cursor,
    pub(crate) graph: GraphState,
    pub(crate) help_scroll: usize,
    pub(crate) export: ExportPrompt,
    pub(crate) status: Option<Status>,
    pub(crate) area: Rect,
    pub(crate) theme: &'static Theme,
    pub(crate) keymap: Keymap,
    pub(crate) notes: Vec<String>,
    /// The files the team was loaded from, which export must not replace.
    pub(crate) inputs: Vec<std::path::PathBuf>,
    pub(crate) quit: bool,
    /// Betweenness being computed on another thread; until it arrives the scores are 0,
    /// nobody is a broker, and the screen says so.
    pub(super) pending: Option<PendingBetweenness>,
}

pub(super) fn scope_index(scope: Scope) -> usize {
    match scope {
        Scope::Chain => 0,
        Scope::Team => 1,
        Scope::Department => 2,
    }
}

impl App {
    /// Computes the scope-independent metrics and the chain scope, and opens the Leaders
    /// view ranked by Nayar count on an 80×24 screen.
    pub fn new(org: Org, settings: Settings) -> App {
        let centralities = Centralities::compute(&org, &settings);
        App::with_centralities(org, settings, centralities)
    }

    /// Like [`new`](App::new), with centralities already computed.
    pub fn with_centralities(org: Org, settings: Settings, centralities: Centralities) -> App {
        let org = Arc::new(org);
        let haystack = org
            .people()
            .iter()
            .map(|p| {
                let mut text = String::new();
                crate::text::fold_into(&p.name, &mut text);
                text.push(' ');
                crate::text::fold_into(&p.id, &mut text);
                if let Some(title) = &p.title {
                    text.push(' ');
                    crate::text::fold_into(title, &mut text);
                }
                text
            })
            .collect();
        let subtree_advice = super::tree::subtree_advice(&org);
        let text_rank = [
            alphabetical(&org, |p| Some(&p.name)),
            alphabetical(&org, |p| p.title.as_deref()),
            alphabetical(&org, |p| p.department.as_deref()),
        ];
        let text_widths = [
            widest(&org, |p| Some(&p.name)),
            widest(&org, |p| p.title.as_deref()),
            widest(&org, |p| p.department.as_deref()),
        ];
        let tree = OrgTree::new(&org, 2);
        let status = org_status(&org);
        let mut notes = Vec::new();
        // Said first: without it every 0 on screen reads as a finding.
        if org.advice().edge_count() == 0 && !org.is_empty() {
            notes.push(
                "no advice ties yet: every count is 0 until survey results are added".to_string(),
            );
        }
        if let Some(note) = sampled_note(&centralities.betweenness, &org) {
            notes.push(note);
        }
        if !centralities.pagerank.converged {
            notes.push("PageRank did not converge; values are approximate".to_string());
        }
        // Shown at the start unless the response rate needs saying more.
        let status = status.or_else(|| {
            notes.first().map(|note| Status {
                text: note.clone(),
                error: false,
            })
        });
        let mut app = App {
            focus: None,
            org,
            settings,
            centralities,
            views: [None, None, None],
            rankings: HashMap::new(),
            orders: HashMap::new(),
            text_rank,
            text_widths,
            haystack,
            subtree_advice,
            scope: Scope::Chain,
            metric: Metric::Nayar,
            view: View::Leaders,
            mode: Mode::Normal,
            leaders: LeaderTable {
                sort: Column::Rank,
                reversed: false,
                department: None,
                role: None,
                query: String::new(),
                shown: Vec::new(),
                cursor: Cursor::default(),
            },
            tree,
            history: Vec::new(),
            detail: None,
            person_cursor: Cursor::default(),
            graph: GraphState {
                steps: 1,
                whole: false,
                selected: 0,
                network: None,
            },
            help_scroll: 0,
            export: ExportPrompt {
                path: "roving-leaders.csv".to_string(),
                format: ListFormat::Csv,
                replacing: None,
                spreadsheet_safe: false,
            },
            status,
            area: Rect::new(0, 0, 80, 24),
            theme: &super::theme::COLOR,
            keymap: Keymap::default(),
            notes,
            inputs: Vec::new(),
            quit: false,
            pending: None,
        };
        app.ensure_scope();
        app.refresh_leaders();
        app.focus = app.leaders.shown.first().copied();
        app
    }

    /// Uses `theme` from now on (the monochrome one for `NO_COLOR`).
    #[must_use]
    pub fn with_theme(mut self, theme: &'static Theme) -> App {
        self.theme = theme;
        self
    }

    /// The files the team was loaded from: export refuses to write over them.
    #[must_use]
    pub fn with_inputs(mut self, inputs: Vec<std::path::PathBuf>) -> App {
        self.inputs = inputs;
        self
    }

    /// Uses these key bindings (defaults plus the user's key file).
    #[must_use]
    pub fn with_keymap(mut self, keymap: Keymap) -> App {
        self.keymap = keymap;
        self
    }

    /// Puts a `'` in front of exported CSV cells that a spreadsheet would run as formulas.
    #[must_use]
    pub fn with_spreadsheet_safe(mut self, on: bool) -> App {
        self.export.spreadsheet_safe = on;
        self
    }

    /// Whether the terminal is too small to show the browser (it asks for room instead).
    pub fn too_small(&self) -> bool {
        self.area.width < super::ui::MIN_WIDTH || self.area.height < super::ui::MIN_HEIGHT
    }

    /// The team.
    pub fn org(&self) -> &Org {
        &self.org
    }

    /// The view on screen.
    pub fn view(&self) -> View {
        self.view
    }

    /// Who owns the keyboard.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// The current scope.
    pub fn scope(&self) -> Scope {
        self.scope
    }

    /// The ranking metric.
    pub fn metric(&self) -> Metric {
        self.metric
    }

    /// The person the Person and Graph views show.
    pub fn focus(&self) -> Option<PersonIx> {
        self.focus
    }

    /// The Leaders table state.
    pub fn leaders(&self) -> &LeaderTable {
        &self.leaders
    }

    /// The org chart state.
    pub fn tree(&self) -> &OrgTree {
        &self.tree
    }

    /// The status line message, if any.
    pub fn status(&self) -> Option<&Status> {
        self.status.as_ref()
    }

    /// True once the user asked to quit.
    pub fn should_quit(&self) -> bool {
        self.quit
    }

    /// The terminal area the app lays itself out in.
    pub fn area(&self) -> Rect {
        self.area
    }

    /// The theme in use.
    pub fn theme(&self) -> &'static Theme {
        self.theme
    }

    /// The key bindings.
    pub fn keymap(&self) -> &Keymap {
        &self.keymap
    }

    /// The key contexts searched for a key press, most specific first.
    pub fn key_contexts(&self) -> Vec<KeyContext> {
        match self.mode {
            Mode::Help => vec![KeyContext::Help],
            Mode::Search => vec![KeyContext::Search],
            Mode::Export => vec![KeyContext::Export],
            Mode::Normal => vec![KeyContext::of(self.view), KeyContext::Global],
        }
    }

    /// The counts and roles of the current scope.
    pub fn scope_view(&self) -> &ScopeView {
        self.views[scope_index(self.scope)]
            .as_ref()
            .expect("the current scope is computed when it is chosen")
    }

    /// The value of a metric for a person in the current scope.
    pub fn value(&self, metric: Metric, person: PersonIx) -> f64 {
        metrics::value(&self.centralities, self.scope_view(), metric, person)
    }

    /// Rebuilds the Leaders rows after a change of scope, metric, sort or filter, keeping
    /// the cursor on the same person when they are still shown.
    pub(crate) fn refresh_leaders(&mut self) {
        let keep = self
            .leaders
            .shown
            .get(self.leaders.cursor.selected)
            .copied();
        self.compute_order(self.scope, self.leaders.sort);
        let order: &[PersonIx] = match self.leaders.sort {
            Column::Rank => &self.ranking().order,
            column => &self.orders[&(self.scope, column)],
        };
        let view = self.views[scope_index(self.scope)]
            .as_ref()
            .expect("ensure_scope computes the scope first");
        let table = &self.leaders;
        let query = crate::text::fold(&table.query);
        let depts = self.org.department_ids();
        let keep_person = |p: &PersonIx| {
            let i = *p as usize;
            table.department.is_none_or(|d| depts[i] == d)
                && table.role.is_none_or(|r| view.roles[i].contains(r))
                && (query.is_empty() || self.haystack[i].contains(&query))
        };
        let shown: Vec<PersonIx> = if table.reversed {
            order.iter().rev().copied().filter(keep_person).collect()
        } else {
            order.iter().copied().filter(keep_person).collect()
        };
        let selected = keep
            .and_then(|p| shown.iter().position(|&q| q == p))
            .unwrap_or(0);
        self.leaders.shown = shown;
        let page = self.leader_page();
        self.leaders
            .cursor
            .select(selected, self.leaders.shown.len(), page);
    }

    /// After a character was added to the search: the new matches are among the rows shown,
    /// so only those are tested again.
    pub(crate) fn narrow_search(&mut self) {
        let keep = self
            .leaders
            .shown
            .get(self.leaders.cursor.selected)
            .copied();
        let query = crate::text::fold(&self.leaders.query);
        let haystack = &self.haystack;
        self.leaders
            .shown
            .retain(|&p| haystack[p as usize].contains(&query));
        let selected = keep
            .and_then(|p| self.leaders.shown.iter().position(|&q| q == p))
            .unwrap_or(0);
        let page = self.leader_page();
        self.leaders
            .cursor
            .select(selected, self.leaders.shown.len(), page);
    }

    /// The rows the Leaders view shows, as export rows (every shown row, not only the
    /// visible page).
    pub fn leader_rows(&self) -> Vec<LeaderRow<'_>> {
        let view = self.scope_view();
        self.leaders
            .shown
            .iter()
            .map(|&p| LeaderRow::new(&self.org, &self.centralities, view, p, self.rank_of(p)))
            .collect()
    }

    /// Words for the Leaders list as shown: scope, sort and filters.
    pub fn leader_caption(&self) -> String {
        let mut parts = vec![
            format!("scope {}", self.scope.name()),
            format!("ranked by {}", self.metric.name()),
        ];
        if self.leaders.sort != Column::Rank || self.leaders.reversed {
            parts.push(format!(
                "sorted by {}{}",
                self.leaders.sort.header(),
                if self.leaders.reversed {
                    " (reversed)"
                } else {
                    ""
                }
            ));
        }
        if let Some(d) = self.leaders.department {
            parts.push(format!(
                "department {}",
                self.org.department_names()[d as usize]
            ));
        }
        if let Some(r) = self.leaders.role {
            parts.push(format!("role {} {}", r.symbol(), r.name()));
        }
        if !self.leaders.query.is_empty() {
            parts.push(format!("search '{}'", self.leaders.query));
        }
        parts.join(" · ")
    }

    /// Rows of the Leaders table that fit on screen.
    pub(crate) fn leader_page(&self) -> usize {
        super::ui::leaders::page_height(self.area)
    }

    /// Rows of the org chart that fit on screen.
    pub(crate) fn tree_page(&self) -> usize {
        super::ui::org_chart::page_height(self.area)
    }

    /// The person under the cursor in the current view, if any.
    pub fn selected_person(&self) -> Option<PersonIx> {
        match self.view {
            View::Leaders => self
                .leaders
                .shown
                .get(self.leaders.cursor.selected)
                .copied(),
            View::OrgChart => self.tree.rows.get(self.tree.cursor.selected).copied(),
            View::Person => self
                .detail
                .as_ref()
                .and_then(|d| d.links.get(self.person_cursor.selected).copied()),
            View::Graph => self
                .graph
                .network
                .as_ref()
                .and_then(|n| n.nodes.get(self.graph.selected).map(|node| node.person)),
        }
    }
}

/// "betweenness estimated from K sampled people (of N)" for a sampled estimate.
pub(super) fn sampled_note(betweenness: &Betweenness, org: &Org) -> Option<String> {
    betweenness.sampled.map(|k| {
        format!(
            "betweenness estimated from {k} sampled people (of {})",
            crate::text::thousands(org.len())
        )
    })
}

/// Display width of the widest `field` in the team (0 when nobody has one), at most
/// `u16::MAX`.
fn widest(org: &Org, field: fn(&crate::model::Person) -> Option<&str>) -> u16 {
    use rayon::prelude::*;
    let widest = org
        .people()
        .par_iter()
        .filter_map(|p| field(p).map(|text| crate::text::width(&crate::text::shown(text))))
        .max()
        .unwrap_or(0);
    u16::try_from(widest).unwrap_or(u16::MAX)
}
