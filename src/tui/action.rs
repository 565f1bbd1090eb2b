//! The one vocabulary of user intent: every key, click and resize becomes an [`Action`].

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::io::ListFormat;

/// The four views, in tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum View {
    /// The ranked leader table.
    Leaders,
    /// The reporting tree with Nayar counts and roles.
    OrgChart,
    /// One person: chain, reports, provenance of their count, advisers.
    Person,
    /// The person's ego network (or the whole network) on a canvas.
    Graph,
}

impl View {
    /// Every view, in tab order.
    pub const ALL: [View; 4] = [View::Leaders, View::OrgChart, View::Person, View::Graph];

    /// Tab title.
    pub fn title(self) -> &'static str {
        match self {
            View::Leaders => "Leaders",
            View::OrgChart => "Org chart",
            View::Person => "Person",
            View::Graph => "Graph",
        }
    }

    /// Position in the tab bar, from 0.
    pub fn index(self) -> usize {
        self as usize
    }
}

/// A column of the Leaders table; every column can be sorted on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Column {
    /// Position in the ranking by the chosen metric.
    Rank,
    /// Name.
    Name,
    /// Job title.
    Title,
    /// Department.
    Department,
    /// Nayar count in the current scope.
    Nayar,
    /// Distinct seekers.
    InDegree,
    /// `PageRank`.
    Pagerank,
    /// Betweenness.
    Betweenness,
    /// Role badges.
    Roles,
}

impl Column {
    /// Every column, left to right.
    pub const ALL: [Column; 9] = [
        Column::Rank,
        Column::Name,
        Column::Title,
        Column::Department,
        Column::Nayar,
        Column::InDegree,
        Column::Pagerank,
        Column::Betweenness,
        Column::Roles,
    ];

    /// Header text.
    pub fn header(self) -> &'static str {
        match self {
            Column::Rank => "#",
            Column::Name => "name",
            Column::Title => "title",
            Column::Department => "department",
            Column::Nayar => "nayar",
            Column::InDegree => "in",
            Column::Pagerank => "pagerank",
            Column::Betweenness => "betw.",
            Column::Roles => "roles",
        }
    }

    /// True for columns whose natural order is highest first.
    pub fn descending_by_default(self) -> bool {
        !matches!(
            self,
            Column::Rank | Column::Name | Column::Title | Column::Department
        )
    }

    /// The next column to the right, wrapping around.
    #[must_use]
    pub fn next(self) -> Column {
        Column::ALL[(self as usize + 1) % Column::ALL.len()]
    }

    /// The next column to the left, wrapping around.
    #[must_use]
    pub fn prev(self) -> Column {
        Column::ALL[(self as usize + Column::ALL.len() - 1) % Column::ALL.len()]
    }
}

/// Something a user can ask for. Key bindings name these (snake case in a RON keymap), the
/// help screen shows their [`label`](Action::label), and [`App::apply`] carries them out.
///
/// [`App::apply`]: super::App::apply
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Leave roving.
    Quit,
    /// Show the next view.
    NextView,
    /// Show the previous view.
    PrevView,
    /// Show one view.
    ShowView(View),
    /// Open or close the help screen.
    ToggleHelp,
    /// Move the cursor down one row.
    Down,
    /// Move the cursor up one row.
    Up,
    /// Move the cursor down one page.
    PageDown,
    /// Move the cursor up one page.
    PageUp,
    /// Move the cursor to the first row.
    First,
    /// Move the cursor to the last row.
    Last,
    /// Open the person under the cursor in the Person view.
    OpenPerson,
    /// Go back to where the last `OpenPerson` came from.
    Back,
    /// Go back as [`Back`](Action::Back) does, else to the Leaders view; quit from there.
    BackOrQuit,
    /// Switch scope: chain, team, department.
    CycleScope,
    /// Switch the ranking metric: Nayar, in-degree, `PageRank`, betweenness.
    CycleMetric,
    /// Sort the leader table by the next column.
    NextSort,
    /// Sort the leader table by the previous column.
    PrevSort,
    /// Sort the leader table by one column (again: reverse it).
    SortBy(Column),
    /// Reverse the sort order.
    ReverseSort,
    /// Start an incremental search by name, id or title.
    Search,
    /// Show only one department (cycles through them).
    CycleDepartment,
    /// Show only one role (cycles through them).
    CycleRole,
    /// Drop the department and role filters and the search.
    ClearFilters,
    /// Expand the person's reports, or step to the first report.
    Expand,
    /// Collapse the person's reports, or step to their manager.
    Collapse,
    /// Expand or collapse the person's reports.
    ToggleFold,
    /// Expand everybody.
    ExpandAll,
    /// Collapse everybody to the top of each reporting line.
    CollapseAll,
    /// Show one more level of the org chart.
    Deeper,
    /// Show one level less of the org chart.
    Shallower,
    /// Jump to the next roving leader (★), expanding the chart to show them.
    NextLeader,
    /// Jump to the previous roving leader (★).
    PrevLeader,
    /// Ego network of one step or two.
    ToggleSteps,
    /// The whole network instead of the ego network (teams up to 150 people).
    ToggleWhole,
    /// Export the Leaders list as shown (CSV, JSON or Markdown).
    Export,
    /// Type a character into the search or the export prompt. (Typed keys become this; a
    /// key file cannot bind it, nor the mouse and terminal events below.)
    #[serde(skip_deserializing)]
    Input(char),
    /// Delete the last character typed.
    DeleteChar,
    /// Confirm the search or the export.
    Submit,
    /// Cancel the search or the export.
    Cancel,
    /// Export prompt: next file format.
    NextFormat,
    /// Mouse wheel down.
    ScrollDown,
    /// Mouse wheel up.
    ScrollUp,
    /// Left click at a screen cell.
    #[serde(skip_deserializing)]
    Click {
        /// Column of the cell.
        x: u16,
        /// Row of the cell.
        y: u16,
    },
    /// The terminal changed size.
    #[serde(skip_deserializing)]
    Resize {
        /// New width.
        width: u16,
        /// New height.
        height: u16,
    },
}

impl Action {
    /// Plain words for the help screen.
    pub fn label(self) -> &'static str {
        match self {
            Action::Quit => "quit",
            Action::NextView => "next view",
            Action::PrevView => "previous view",
            Action::ShowView(View::Leaders) => "Leaders view",
            Action::ShowView(View::OrgChart) => "Org chart view",
            Action::ShowView(View::Person) => "Person view",
            Action::ShowView(View::Graph) => "Graph view",
            Action::ToggleHelp => "help (this screen)",
            Action::Down => "down",
            Action::Up => "up",
            Action::PageDown => "page down",
            Action::PageUp => "page up",
            Action::First => "first row",
            Action::Last => "last row",
            Action::OpenPerson => "open the person in Person view",
            Action::Back => "back to where you opened them from",
            Action::BackOrQuit => {
                "back (where the person was opened, else Leaders); quit from Leaders"
            }
            Action::CycleScope => "scope: chain → team → department",
            Action::CycleMetric => "ranking metric: nayar → in → pagerank → betweenness",
            Action::NextSort => "sort by the next column",
            Action::PrevSort => "sort by the previous column",
            Action::SortBy(_) => "sort by a column (again: reverse)",
            Action::ReverseSort => "reverse the sort order",
            Action::Search => "search by name, id or title",
            Action::CycleDepartment => "filter by department (cycles)",
            Action::CycleRole => "filter by role (cycles)",
            Action::ClearFilters => "clear filters and search",
            Action::Expand => "expand, or step into the first report",
            Action::Collapse => "collapse, or step up to the manager",
            Action::ToggleFold => "expand / collapse",
            Action::ExpandAll => "expand everybody",
            Action::CollapseAll => "collapse to the top",
            Action::Deeper => "show one level deeper",
            Action::Shallower => "collapse to one level less",
            Action::NextLeader => "next roving leader ★",
            Action::PrevLeader => "previous roving leader ★",
            Action::ToggleSteps => "ego network: one step or two",
            Action::ToggleWhole => "whole network (up to 150 people)",
            Action::Export => "export the Leaders list as shown",
            Action::Input(_) => "type",
            Action::DeleteChar => "delete a character",
            Action::Submit => "confirm",
            Action::Cancel => "cancel",
            Action::NextFormat => "next format: csv → json → md",
            Action::ScrollDown => "scroll down",
            Action::ScrollUp => "scroll up",
            Action::Click { .. } => "click",
            Action::Resize { .. } => "resize",
        }
    }
}

/// Work [`App::apply`](super::App::apply) asks the event loop to do outside the state.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Write the shown leader list to a file.
    Export {
        /// Where.
        path: PathBuf,
        /// In which format.
        format: ListFormat,
    },
}
