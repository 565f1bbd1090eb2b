//! The Graph view: the person's ego network (or the whole network) on a canvas. Nodes take
//! their department's colour; ties from outside the reporting hierarchy are solid and bright,
//! ties inside it dashed and dim, so the difference shows with or without colour.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::{Color, Style};
use ratatui::symbols::Marker;
use ratatui::text::Span;
use ratatui::widgets::canvas::{Canvas, Context, Line as Segment};
use ratatui::widgets::{Paragraph, Widget};

use crate::metrics::Role;
use crate::model::NONE;
use crate::text::thousands;
use crate::tui::app::App;
use crate::tui::detail::{EgoGraph, Side};

use super::{fit, layout, line};

/// The Graph view's rows: caption, canvas, legend and the selected person's line.
fn areas(body: Rect) -> [Rect; 4] {
    Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(body)
}

/// Half the width and half the height of the canvas's coordinate box. Terminal cells are
/// about twice as tall as wide: circles stay round where the room allows.
fn bounds(canvas: Rect) -> (f64, f64) {
    let width = f64::from(canvas.width.max(1));
    let height = f64::from(canvas.height.max(1));
    let y_half = 1.25;
    ((y_half * width / (2.0 * height)).max(1.6), y_half)
}

/// The screen cell where text printed at canvas point `(x, y)` starts, as ratatui's canvas
/// places it.
fn cell_of(canvas: Rect, (x_half, y_half): (f64, f64), x: f64, y: f64) -> Position {
    let columns = f64::from(canvas.width.saturating_sub(1));
    let rows = f64::from(canvas.height.saturating_sub(1));
    Position {
        x: ((x + x_half) * columns / (2.0 * x_half)) as u16 + canvas.x,
        y: ((y_half - y) * rows / (2.0 * y_half)) as u16 + canvas.y,
    }
}

/// The node a click at `(x, y)` lands on: the nearest dot at most two columns and one row
/// away.
pub fn hit(app: &App, x: u16, y: u16) -> Option<usize> {
    let [_, body, _] = layout(app.area);
    let [_, canvas, _, _] = areas(body);
    let network = app.graph.network.as_ref()?;
    if !canvas.contains(Position { x, y }) {
        return None;
    }
    let bounds = bounds(canvas);
    network
        .nodes
        .iter()
        .enumerate()
        .filter_map(|(i, node)| {
            let dot = cell_of(canvas, bounds, node.x, node.y);
            let (dx, dy) = (dot.x.abs_diff(x), dot.y.abs_diff(y));
            (dx <= 2 && dy <= 1).then_some((dx + 2 * dy, i))
        })
        .min()
        .map(|(_, i)| i)
}

/// Draws the Graph view into the body area.
pub fn render(app: &App, body: Rect, buf: &mut Buffer) {
    let theme = app.theme;
    let [caption, canvas, legend, info] = areas(body);
    let Some(network) = app.graph.network.as_ref() else {
        Paragraph::new("Nobody selected: pick someone in Leaders or Org chart first.")
            .style(theme.dim)
            .render(body, buf);
        return;
    };
    let name = &app.org.person(network.center).name;
    let words = if network.steps == 0 {
        format!(
            "Whole network · {} people · {} ties · org-chart order around the circle",
            thousands(app.org.len()),
            thousands(network.ties.len())
        )
    } else {
        format!(
            "Ego network of {name} · {} step{} · seekers left, advisers right, both above and below{}",
            network.steps,
            if network.steps == 1 { "" } else { "s" },
            if network.hidden > 0 {
                format!(" · {} more not drawn", network.hidden)
            } else {
                String::new()
            }
        )
    };
    line(
        vec![Span::styled(
            fit(&words, caption.width as usize),
            theme.header,
        )],
        caption,
        buf,
    );
    draw_network(app, network, canvas, buf);

    let mut spans = vec![
        Span::styled("━━", Style::new().fg(theme.tie_outside)),
        Span::styled(" from outside the hierarchy (counts)  ", theme.dim),
        Span::styled("╌╌", Style::new().fg(theme.tie_inside)),
        Span::styled(" inside it  ", theme.dim),
    ];
    let mut departments: Vec<(usize, &String)> =
        app.org.department_names().iter().enumerate().collect();
    departments.sort_by(|a, b| a.1.cmp(b.1));
    for (d, dept) in departments.into_iter().take(8) {
        spans.push(Span::styled(
            "●",
            Style::new().fg(theme.department(d as u32)),
        ));
        spans.push(Span::styled(format!("{} ", fit(dept, 10)), theme.dim));
    }
    line(spans, legend, buf);

    if let Some(node) = network.nodes.get(app.graph.selected) {
        let p = node.person;
        let view = app.scope_view();
        let relation = match node.side {
            Side::Center => "in the middle",
            Side::Seeker => "comes to them for advice",
            Side::Adviser => "they go to for advice",
            Side::Mutual => "advice both ways",
            Side::Other => "",
        };
        let mut text = format!(
            "▸ {} · {} · nayar {}",
            app.org.person(p).name,
            app.org.department_of(p).unwrap_or("no department"),
            view.nayar[p as usize].count
        );
        if !relation.is_empty() {
            text.push_str(" · ");
            text.push_str(relation);
        }
        let roles = view.roles[p as usize];
        if !roles.is_empty() {
            text.push_str(" · ");
            text.push_str(&roles.join(", "));
        }
        line(
            vec![Span::styled(
                fit(&text, info.width as usize),
                theme.person(roles),
            )],
            info,
            buf,
        );
    }
}

fn draw_network(app: &App, network: &EgoGraph, area: Rect, buf: &mut Buffer) {
    let theme = app.theme;
    let (x_half, y_half) = bounds(area);
    let cell = 2.0 * x_half / f64::from(area.width.max(1));
    let view = app.scope_view();
    let depts = app.org.department_ids();
    let labels_all = network.nodes.len() <= 40 && network.steps != 2;
    let canvas = Canvas::default()
        .marker(Marker::Braille)
        .x_bounds([-x_half, x_half])
        .y_bounds([-y_half, y_half])
        .paint(|ctx| {
            for tie in network.ties.iter().filter(|t| !t.outside) {
                let (a, b) = (&network.nodes[tie.seeker], &network.nodes[tie.adviser]);
                dashed(ctx, (a.x, a.y), (b.x, b.y), theme.tie_inside);
            }
            ctx.layer();
            for tie in network.ties.iter().filter(|t| t.outside) {
                let (a, b) = (&network.nodes[tie.seeker], &network.nodes[tie.adviser]);
                ctx.draw(&Segment::new(a.x, a.y, b.x, b.y, theme.tie_outside));
            }
            ctx.layer();
            for (i, node) in network.nodes.iter().enumerate() {
                let p = node.person as usize;
                let roles = view.roles[p];
                let selected = i == app.graph.selected;
                let color = theme.department(depts.get(p).copied().unwrap_or(NONE));
                let dot = if node.side == Side::Center {
                    "◉"
                } else {
                    "●"
                };
                ctx.print(node.x, node.y, Span::styled(dot, Style::new().fg(color)));
                let show = labels_all
                    || selected
                    || !matches!(node.side, Side::Other)
                    || (network.steps == 0 && roles.iter().any(|r| r != Role::Peripheral));
                if !show {
                    continue;
                }
                let mut label = app.org.person(node.person).name.to_string();
                if roles.contains(Role::RovingLeader) {
                    label = format!("★{label}");
                }
                let label = fit(&label, 14);
                let chars = label.chars().count() as f64;
                let x = if node.x >= 0.0 || node.side == Side::Center {
                    node.x + cell * 1.5
                } else {
                    node.x - cell * (chars + 0.5)
                };
                // Labels sit on cells that ties may have coloured: give them their own colour.
                let plain = if theme.mono {
                    Color::Reset
                } else {
                    Color::White
                };
                let style = if selected {
                    Style::new().fg(plain).patch(theme.selected)
                } else if node.side == Side::Center {
                    theme.person(roles).patch(theme.title)
                } else {
                    Style::new().fg(plain).patch(theme.person(roles))
                };
                ctx.print(x, node.y, Span::styled(label, style));
            }
        });
    canvas.render(area, buf);
}

/// A dashed line: short segments with gaps, so inside ties read differently in monochrome.
fn dashed(ctx: &mut Context, from: (f64, f64), to: (f64, f64), color: Color) {
    let (dx, dy) = (to.0 - from.0, to.1 - from.1);
    let length = (dx * dx + dy * dy).sqrt();
    let pieces = ((length / 0.06).ceil() as usize).max(1);
    for i in (0..pieces).step_by(2) {
        let t0 = i as f64 / pieces as f64;
        let t1 = ((i + 1) as f64 / pieces as f64).min(1.0);
        ctx.draw(&Segment::new(
            from.0 + dx * t0,
            from.1 + dy * t0,
            from.0 + dx * t1,
            from.1 + dy * t1,
            color,
        ));
    }
}
