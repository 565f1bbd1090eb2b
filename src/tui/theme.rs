//! Every style the browser uses, in one place: a colour theme and a monochrome one for
//! `NO_COLOR`, where meaning is carried by symbols, bold, underline and reverse video.

use ratatui::style::{Color, Modifier, Style};

use crate::metrics::{Role, Roles};

/// Styles of the browser.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Theme {
    /// True for the monochrome theme.
    pub mono: bool,
    /// Title in the tab bar.
    pub title: Style,
    /// A tab that is not shown.
    pub tab: Style,
    /// The tab shown.
    pub tab_active: Style,
    /// Table headers and section headings.
    pub header: Style,
    /// The header of the sort column.
    pub header_sorted: Style,
    /// The row under the cursor.
    pub selected: Style,
    /// Secondary text.
    pub dim: Style,
    /// The status line.
    pub status: Style,
    /// Keys in hints and help.
    pub key: Style,
    /// An error in the status line.
    pub error: Style,
    /// Roving leaders (★): the people this tool is for.
    pub roving: Style,
    /// Manager-leaders (◆).
    pub manager_leader: Style,
    /// Bypassed managers (▽).
    pub bypassed: Style,
    /// Brokers (⇄).
    pub broker: Style,
    /// Peripheral people (·).
    pub peripheral: Style,
    /// Advice ties from outside the reporting hierarchy (graph).
    pub tie_outside: Color,
    /// Advice ties inside the reporting hierarchy (graph).
    pub tie_inside: Color,
    /// The bar of a Nayar count.
    pub bar: Style,
    /// Popup borders.
    pub border: Style,
}

const DEPARTMENT_COLORS: [Color; 10] = [
    Color::LightBlue,
    Color::LightGreen,
    Color::LightMagenta,
    Color::LightCyan,
    Color::LightRed,
    Color::Yellow,
    Color::Blue,
    Color::Green,
    Color::Magenta,
    Color::Cyan,
];

const HEAT: [Color; 5] = [
    Color::Rgb(70, 90, 130),
    Color::Rgb(60, 140, 170),
    Color::Rgb(120, 180, 90),
    Color::Rgb(230, 190, 60),
    Color::Rgb(240, 110, 50),
];

/// The colour theme.
pub const COLOR: Theme = Theme {
    mono: false,
    title: Style::new()
        .fg(Color::LightYellow)
        .add_modifier(Modifier::BOLD),
    tab: Style::new().fg(Color::Gray),
    tab_active: Style::new()
        .fg(Color::Black)
        .bg(Color::LightYellow)
        .add_modifier(Modifier::BOLD),
    header: Style::new()
        .fg(Color::LightCyan)
        .add_modifier(Modifier::BOLD),
    header_sorted: Style::new()
        .fg(Color::LightYellow)
        .add_modifier(Modifier::BOLD.union(Modifier::UNDERLINED)),
    selected: Style::new()
        .bg(Color::Rgb(45, 55, 80))
        .add_modifier(Modifier::BOLD),
    dim: Style::new().fg(Color::DarkGray),
    status: Style::new().fg(Color::Gray).bg(Color::Rgb(30, 30, 40)),
    key: Style::new()
        .fg(Color::LightYellow)
        .add_modifier(Modifier::BOLD),
    error: Style::new()
        .fg(Color::LightRed)
        .add_modifier(Modifier::BOLD),
    roving: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
    manager_leader: Style::new().fg(Color::LightCyan),
    bypassed: Style::new().fg(Color::LightMagenta),
    broker: Style::new().fg(Color::LightGreen),
    peripheral: Style::new().fg(Color::DarkGray),
    tie_outside: Color::Yellow,
    tie_inside: Color::DarkGray,
    bar: Style::new().fg(Color::LightBlue),
    border: Style::new().fg(Color::LightCyan),
};

/// The theme for `NO_COLOR`: no colours at all, only text attributes.
pub const MONO: Theme = Theme {
    mono: true,
    title: Style::new().add_modifier(Modifier::BOLD),
    tab: Style::new(),
    tab_active: Style::new().add_modifier(Modifier::REVERSED.union(Modifier::BOLD)),
    header: Style::new().add_modifier(Modifier::BOLD),
    header_sorted: Style::new().add_modifier(Modifier::BOLD.union(Modifier::UNDERLINED)),
    selected: Style::new().add_modifier(Modifier::REVERSED),
    dim: Style::new(),
    status: Style::new(),
    key: Style::new().add_modifier(Modifier::BOLD),
    error: Style::new().add_modifier(Modifier::BOLD),
    roving: Style::new().add_modifier(Modifier::BOLD),
    manager_leader: Style::new(),
    bypassed: Style::new(),
    broker: Style::new(),
    peripheral: Style::new(),
    tie_outside: Color::Reset,
    tie_inside: Color::Reset,
    bar: Style::new(),
    border: Style::new(),
};

impl Theme {
    /// The theme for this environment: monochrome when `NO_COLOR` is set and not empty.
    pub fn from_env() -> &'static Theme {
        if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
            &MONO
        } else {
            &COLOR
        }
    }

    /// The style of one role's badge.
    pub fn role(&self, role: Role) -> Style {
        match role {
            Role::RovingLeader => self.roving,
            Role::ManagerLeader => self.manager_leader,
            Role::BypassedManager => self.bypassed,
            Role::Broker => self.broker,
            Role::Peripheral => self.peripheral,
        }
    }

    /// The style of a person's name: their most telling role wins.
    pub fn person(&self, roles: Roles) -> Style {
        roles.iter().next().map_or(Style::new(), |r| self.role(r))
    }

    /// A department's colour (cycling through a fixed palette), for graph nodes.
    pub fn department(&self, department: u32) -> Color {
        if self.mono || department == u32::MAX {
            return Color::Reset;
        }
        DEPARTMENT_COLORS[department as usize % DEPARTMENT_COLORS.len()]
    }

    /// Heat colour for a value in `[0, 1]` (share of the team's highest count).
    pub fn heat(&self, level: f64) -> Style {
        if self.mono {
            return Style::new();
        }
        let i = ((level.clamp(0.0, 1.0) * (HEAT.len() - 1) as f64).round()) as usize;
        Style::new().fg(HEAT[i])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `NO_COLOR` promises bold, underline and reverse video only (the README says so):
    /// no colour, and no italic, which many terminals show as reverse video or not at all.
    #[test]
    fn the_mono_theme_has_no_colour_and_three_attributes() {
        let t = &MONO;
        let styles = [
            t.title,
            t.tab,
            t.tab_active,
            t.header,
            t.header_sorted,
            t.selected,
            t.dim,
            t.status,
            t.key,
            t.error,
            t.roving,
            t.manager_leader,
            t.bypassed,
            t.broker,
            t.peripheral,
            t.bar,
            t.border,
        ];
        let allowed = Modifier::BOLD | Modifier::UNDERLINED | Modifier::REVERSED;
        for style in styles
            .into_iter()
            .chain([0.0, 0.5, 1.0].map(|level| t.heat(level)))
        {
            assert_eq!((style.fg, style.bg), (None, None), "{style:?}");
            assert!(allowed.contains(style.add_modifier), "{style:?}");
        }
        assert_eq!((t.tie_outside, t.tie_inside), (Color::Reset, Color::Reset));
        assert_eq!(t.department(3), Color::Reset);
    }
}
