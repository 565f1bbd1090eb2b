//! The Org chart view: the reporting tree with each person's Nayar count as a heat bar and
//! their role badges, so roving leaders (★) stand out inside the formal structure.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Constraint, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::metrics::Role;
use crate::model::PersonIx;
use crate::text::{percent, thousands};
use crate::tui::app::App;
use crate::tui::tree::OrgTree;

use super::{fit, layout, line};

/// Cells of the Nayar bar.
const BAR: usize = 10;

/// Splits the body: caption, header, rows, legend.
pub fn areas(body: Rect) -> [Rect; 4] {
    Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(body)
}

/// Rows that fit on a screen of `area`.
pub fn page_height(area: Rect) -> usize {
    let [_, body, _] = layout(area);
    areas(body)[2].height as usize
}

/// The x extent of each column: person, title, Nayar bar, roles, advice from outside.
pub fn columns(area: Rect) -> [Rect; 5] {
    Layout::horizontal([
        Constraint::Fill(2),
        Constraint::Fill(1),
        Constraint::Length(BAR as u16 + 4),
        Constraint::Length(5),
        Constraint::Length(13),
    ])
    .spacing(1)
    .areas(area)
}

/// Columns of the person column kept for the name, however deep the row: the tree guides
/// give way first (cut from the left with `…`), so a person many levels down is still
/// named, with their fold marker.
const NAME_ROOM: usize = 12;

/// How wide the tree guides of a row may be in a person column `width` wide.
fn guides_room(width: u16) -> usize {
    (width as usize).saturating_sub(2 + NAME_ROOM)
}

/// The row a click at `y` lands on, if any.
pub fn hit(app: &App, x: u16, y: u16) -> Option<usize> {
    let [_, body, _] = layout(app.area);
    let rows = areas(body)[2];
    if !rows.contains(Position { x, y }) {
        return None;
    }
    let window = app
        .tree
        .cursor
        .window(app.tree.rows.len(), rows.height as usize);
    let row = window.start + (y - rows.y) as usize;
    (row < window.end).then_some(row)
}

/// True when a click at `x` on `person`'s row lands on their fold marker.
pub fn on_marker(app: &App, person: PersonIx, x: u16) -> bool {
    let [_, body, _] = layout(app.area);
    let depth = app.org.chart().depth(person) as usize;
    let room = guides_room(columns(body)[0].width);
    let marker = body.x + (depth * 2).min(room) as u16;
    x >= marker && x < marker + 2
}

/// Draws the Org chart view into the body area.
pub fn render(app: &App, body: Rect, buf: &mut Buffer) {
    let theme = app.theme;
    let [caption, header, rows, legend] = areas(body);
    let view = app.scope_view();
    let max = view.nayar.iter().map(|s| s.count).max().unwrap_or(0).max(1);

    line(
        vec![
            Span::styled("Org chart", theme.header),
            Span::styled(
                format!(
                    " · {} shown of {} · bar = Nayar count (scope {}) · n: next ★",
                    thousands(app.tree.rows.len()),
                    thousands(app.org.len()),
                    app.scope.name()
                ),
                theme.dim,
            ),
        ],
        caption,
        buf,
    );
    let cols = columns(header);
    let heads = ["person", "title", "nayar", "roles", "from outside"];
    for (i, (text, rect)) in heads.iter().zip(cols).enumerate() {
        let mut l = Line::styled(*text, theme.header);
        if i == 4 {
            l = l.alignment(Alignment::Right);
        }
        l.render(rect, buf);
    }

    if app.org.is_empty() {
        Line::styled("this team has nobody in it", theme.dim).render(rows, buf);
    }
    if app.org.is_empty() {
        Line::styled("this team has nobody in it", theme.dim).render(rows, buf);
    }
    let window = app
        .tree
        .cursor
        .window(app.tree.rows.len(), rows.height as usize);
    for (i, row) in window.enumerate() {
        let person = app.tree.rows[row];
        let area = Rect {
            y: rows.y + i as u16,
            height: 1,
            ..rows
        };
        if row == app.tree.cursor.selected {
            buf.set_style(area, theme.selected);
        }
        render_row(app, person, max, columns(area), buf);
    }

    let mut spans = vec![
        Span::styled("▸", theme.key),
        Span::styled(" folded  ", theme.dim),
    ];
    for role in [
        Role::RovingLeader,
        Role::ManagerLeader,
        Role::BypassedManager,
    ] {
        spans.push(Span::styled(role.symbol().to_string(), theme.role(role)));
        spans.push(Span::styled(format!(" {}  ", role.name()), theme.dim));
    }
    // The explanation goes whole or shorter, never cut mid-word.
    let used: usize = spans.iter().map(|s| crate::text::width(&s.content)).sum();
    let room = (legend.width as usize).saturating_sub(used);
    let explanation = [
        "from outside = share of a subtree's advice sought outside it",
        "from outside = advice sought outside the subtree",
        "from outside = share sought outside",
    ]
    .into_iter()
    .find(|text| crate::text::width(text) <= room);
    if let Some(text) = explanation {
        spans.push(Span::styled(text, theme.dim));
    }
    line(spans, legend, buf);
}

fn render_row(app: &App, person: PersonIx, max: u32, cols: [Rect; 5], buf: &mut Buffer) {
    let theme = app.theme;
    let org = &app.org;
    let chart = org.chart();
    let i = person as usize;
    let view = app.scope_view();
    let roles = view.roles[i];
    let count = view.nayar[i].count;

    let has_reports = !chart.reports(person).is_empty();
    let marker = match (has_reports, app.tree.expanded[i]) {
        (false, _) => "  ",
        (true, true) => "▾ ",
        (true, false) => "▸ ",
    };
    let mut guides = OrgTree::guides(org, person);
    let room = guides_room(cols[0].width);
    if crate::text::width(&guides) > room {
        guides = crate::text::fit_tail(&guides, room);
    }
    let used = crate::text::width(&guides) + 2;
    let name_width = (cols[0].width as usize).saturating_sub(used);
    let mut name = org.person(person).name.to_string();
    if has_reports && !app.tree.expanded[i] {
        name = format!("{name} (+{})", chart.subtree_size(person));
    }
    line(
        vec![
            Span::styled(guides, theme.dim),
            Span::styled(marker, theme.key),
            Span::styled(fit(&name, name_width), theme.person(roles)),
        ],
        cols[0],
        buf,
    );
    let title = org.person(person).title.as_deref().unwrap_or("");
    Line::styled(fit(title, cols[1].width as usize), theme.dim).render(cols[1], buf);

    let level = f64::from(count) / f64::from(max);
    line(
        vec![
            Span::styled(bar(level, BAR), theme.heat(level)),
            Span::styled(format!("{count:>3}"), theme.person(roles)),
        ],
        cols[2],
        buf,
    );
    let badges: Vec<Span> = roles
        .iter()
        .map(|r| Span::styled(r.symbol().to_string(), theme.role(r)))
        .collect();
    Line::from(badges).render(cols[3], buf);

    if has_reports && let Some(share) = app.subtree_advice[i].outside_share() {
        Line::styled(
            format!(
                "{} of {}",
                percent(share),
                thousands(app.subtree_advice[i].sought as usize)
            ),
            Style::new(),
        )
        .alignment(Alignment::Right)
        .render(cols[4], buf);
    }
}

/// A horizontal bar of `width` cells filled to `level` (0..=1), in eighths.
pub fn bar(level: f64, width: usize) -> String {
    const EIGHTHS: [char; 8] = ['▏', '▎', '▍', '▌', '▋', '▊', '▉', '█'];
    let eighths = (level.clamp(0.0, 1.0) * (width * 8) as f64).round() as usize;
    let mut text = String::with_capacity(width * 3);
    for cell in 0..width {
        let filled = eighths.saturating_sub(cell * 8).min(8);
        text.push(if filled == 0 {
            ' '
        } else {
            EIGHTHS[filled - 1]
        });
    }
    text
}

#[cfg(test)]
mod tests {
    use super::bar;

    #[test]
    fn bars_fill_in_eighths() {
        assert_eq!(bar(1.0, 3), "███");
        assert_eq!(bar(0.0, 3), "   ");
        assert_eq!(bar(0.5, 2), "█ ");
        assert_eq!(bar(0.5, 1), "▌");
        assert_eq!(bar(1.0 / 16.0, 1), "▏");
    }
}
