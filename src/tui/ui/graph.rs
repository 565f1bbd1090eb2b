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
use crate::text::width;
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
            "Whole network · {} · {} · org-chart order around the circle",
            crate::text::count(app.org.len(), "person", "people"),
            crate::text::count(network.ties.len(), "tie", "ties")
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
    let used: usize = spans.iter().map(|s| width(&s.content)).sum();
    let room = (legend.width as usize).saturating_sub(used);
    spans.extend(department_legend(app, network, room));
    line(spans, legend, buf);

    if let Some(node) = network.nodes.get(app.graph.selected) {
        let p = node.person;
        let view = app.scope_view();
        let relation = match node.side {
            // The whole network puts everybody on the circle, its focus too.
            Side::Center if network.steps == 0 => "the focus",
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

/// The departments of the people drawn, most drawn first, each name whole while `room`
/// allows (the org's first departments by name said nothing about the picture, and names
/// cut to ten characters all read "Customer …"); `+N more` for those left out.
fn department_legend<'a>(app: &'a App, network: &EgoGraph, room: usize) -> Vec<Span<'a>> {
    let theme = app.theme;
    let ids = app.org.department_ids();
    let names = app.org.department_names();
    let mut drawn: Vec<(u32, usize)> = Vec::new();
    for node in &network.nodes {
        let d = ids.get(node.person as usize).copied().unwrap_or(NONE);
        if (d as usize) >= names.len() {
            continue;
        }
        match drawn.iter_mut().find(|(known, _)| *known == d) {
            Some((_, count)) => *count += 1,
            None => drawn.push((d, 1)),
        }
    }
    drawn.sort_by(|a, b| {
        b.1.cmp(&a.1)
            .then_with(|| names[a.0 as usize].cmp(&names[b.0 as usize]))
    });
    let mut spans = Vec::new();
    let mut left = room;
    for (shown, &(d, _)) in drawn.iter().enumerate() {
        let name = &names[d as usize];
        let more = drawn.len() - shown - 1;
        // Room for this entry, and for "+N more" after it unless it is the last.
        let tail = if more > 0 {
            format!("+{more} more").chars().count()
        } else {
            0
        };
        let entry = width(name) + 2;
        let fits = entry + tail <= left;
        // A single long name may be cut, but only when nothing has been shown yet.
        let cut = spans.is_empty() && !fits && left > tail + 8;
        if !fits && !cut {
            spans.push(Span::styled(
                format!("+{} more", drawn.len() - shown),
                theme.dim,
            ));
            break;
        }
        let text = if fits {
            format!("{name} ")
        } else {
            format!("{} ", fit(name, left - tail - 2))
        };
        left = left.saturating_sub(width(&text) + 1);
        spans.push(Span::styled("●", Style::new().fg(theme.department(d))));
        spans.push(Span::styled(text, theme.dim));
    }
    spans
}

/// The fewest characters of a name worth drawing (`Emma…`).
const MIN_LABEL: usize = 5;

/// A name drawn next to its dot.
struct Label {
    x: f64,
    y: f64,
    text: String,
    style: Style,
}

/// The labels to draw: the selected person's first, then the person in the middle, roving
/// leaders and the rest. A label that would overlap a dot or a label already placed on its
/// row moves to the dot's other side or is shortened, and is left out when nothing fits
/// (the info line names whoever is selected, the caption the person in the middle).
fn labels(app: &App, network: &EgoGraph, area: Rect) -> Vec<Label> {
    let theme = app.theme;
    let bounds = bounds(area);
    let cell = 2.0 * bounds.0 / f64::from(area.width.max(1));
    let view = app.scope_view();
    // Ego networks name everyone who fits (the first ring is placed first, so the second
    // ring takes what room is left); the whole network names everyone only when small.
    let labels_all = network.steps > 0 || network.nodes.len() <= 40;
    // Cells taken on each row, as (row, first column, past the last, gap wanted): every
    // dot first, then each label placed with one free cell around it, so that two names
    // never read as one.
    let mut taken: Vec<(u16, u16, u16, u16)> = network
        .nodes
        .iter()
        .map(|node| {
            let at = cell_of(area, bounds, node.x, node.y);
            (at.y, at.x, at.x + 1, 0)
        })
        .collect();
    let mut order: Vec<usize> = (0..network.nodes.len()).collect();
    order.sort_by_key(|&i| {
        let node = &network.nodes[i];
        let roles = view.roles[node.person as usize];
        (
            i != app.graph.selected,
            node.side != Side::Center,
            !roles.contains(Role::RovingLeader),
            i,
        )
    });
    let mut placed = Vec::new();
    for i in order {
        let node = &network.nodes[i];
        let roles = view.roles[node.person as usize];
        let selected = i == app.graph.selected;
        let show = labels_all
            || selected
            || !matches!(node.side, Side::Other)
            || (network.steps == 0 && roles.iter().any(|r| r != Role::Peripheral));
        if !show {
            continue;
        }
        let mut text = app.org.person(node.person).name.to_string();
        if roles.contains(Role::RovingLeader) {
            text = format!("★{text}");
        }
        // Its own side first (right of the dot, or left of it on the seekers' side), then
        // the other side, then shorter, down to a few letters; else no label.
        let right_first = node.x >= 0.0 || node.side == Side::Center;
        let full = width(&text).min(14);
        let spot = (MIN_LABEL.min(full)..=full).rev().find_map(|columns| {
            let text = fit(&text, columns);
            let used = width(&text);
            [right_first, !right_first].into_iter().find_map(|right| {
                let x = if right {
                    node.x + cell * 1.5
                } else {
                    node.x - cell * (used as f64 + 0.5)
                };
                let start = cell_of(area, bounds, x, node.y);
                let end = start.x + used as u16;
                // In canvas units: a point left of the canvas still maps to its first
                // column, but the canvas does not draw text that starts outside it.
                let clear = x >= -bounds.0
                    && end <= area.right()
                    && taken.iter().all(|&(row, from, to, gap)| {
                        row != start.y || end + gap <= from || to + gap <= start.x
                    });
                clear.then(|| (x, start, end, text.clone()))
            })
        });
        let Some((x, start, end, text)) = spot else {
            continue;
        };
        taken.push((start.y, start.x, end, 1));
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
        placed.push(Label {
            x,
            y: node.y,
            text,
            style,
        });
    }
    placed
}

fn draw_network(app: &App, network: &EgoGraph, area: Rect, buf: &mut Buffer) {
    let theme = app.theme;
    let (x_half, y_half) = bounds(area);
    let depts = app.org.department_ids();
    let labels = labels(app, network, area);
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
            for node in &network.nodes {
                let p = node.person as usize;
                let color = theme.department(depts.get(p).copied().unwrap_or(NONE));
                let dot = if node.side == Side::Center {
                    "◉"
                } else {
                    "●"
                };
                ctx.print(node.x, node.y, Span::styled(dot, Style::new().fg(color)));
            }
            for label in &labels {
                ctx.print(
                    label.x,
                    label.y,
                    Span::styled(label.text.clone(), label.style),
                );
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::{Settings, Sources};
    use crate::tui::action::{Action, View};

    /// The cells each label covers, as (row, first column, past the last).
    fn spans(app: &App) -> (Vec<(u16, u16, u16)>, Vec<Position>) {
        let [_, body, _] = layout(app.area);
        let [_, canvas, _, _] = areas(body);
        let network = app.graph.network.as_ref().expect("a network");
        let bounds = bounds(canvas);
        let labels = labels(app, network, canvas)
            .into_iter()
            .map(|label| {
                let at = cell_of(canvas, bounds, label.x, label.y);
                (at.y, at.x, at.x + width(&label.text) as u16)
            })
            .collect();
        let dots = network
            .nodes
            .iter()
            .map(|node| cell_of(canvas, bounds, node.x, node.y))
            .collect();
        (labels, dots)
    }

    /// A generated org of `people`, with betweenness sampled (exact is slow in debug builds
    /// and the pictures do not depend on it).
    fn generated(people: usize, seed: u64) -> (crate::model::Org, Settings) {
        let team = crate::generate::generate(people, seed, "Graph").to_team();
        let org = crate::io::org_from_team(team, crate::io::Options::default())
            .unwrap()
            .org;
        let settings = Settings {
            sources: Sources::Sample { count: 8, seed: 1 },
            ..Settings::default()
        };
        (org, settings)
    }

    #[test]
    fn labels_never_overlap_each_other_or_a_dot() {
        // A crowded picture: the most sought person of a generated org, two steps out, on
        // a small terminal.
        let (org, settings) = generated(3000, 3);
        let mut app = App::new(org, settings);
        app.apply(Action::Resize {
            width: 80,
            height: 24,
        });
        app.apply(Action::ShowView(View::Graph));
        for steps in 1..=2 {
            let (labels, dots) = spans(&app);
            assert!(labels.len() >= 5, "{labels:?}");
            for (i, a) in labels.iter().enumerate() {
                for b in &labels[i + 1..] {
                    let apart = a.0 != b.0 || a.2 < b.1 || b.2 < a.1;
                    assert!(apart, "steps {steps}: labels {a:?} and {b:?} touch");
                }
                for dot in &dots {
                    let off = dot.y != a.0 || dot.x < a.1 || dot.x >= a.2;
                    assert!(off, "steps {steps}: label {a:?} covers the dot at {dot:?}");
                }
            }
            app.apply(Action::ToggleSteps);
        }
    }

    #[test]
    fn every_placed_label_is_drawn() {
        // A narrow terminal puts the seekers' names near the left edge, where a name that
        // starts outside the canvas is not drawn at all: such a name must move or shrink.
        let (org, settings) = generated(400, 5);
        for ((width, height), downs) in [(40, 40), (50, 30), (60, 20)]
            .into_iter()
            .flat_map(|size| (0..6).map(move |downs| (size, downs)))
        {
            let mut app = App::new(org.clone(), settings);
            app.apply(Action::Resize { width, height });
            for _ in 0..downs {
                app.apply(Action::Down);
            }
            app.apply(Action::ShowView(View::Graph));
            let [_, body, _] = layout(app.area);
            let [_, canvas, _, _] = areas(body);
            let network = app.graph.network.as_ref().expect("a network");
            let placed = labels(&app, network, canvas);
            let mut buf = Buffer::empty(app.area);
            render(&app, body, &mut buf);
            let rows: Vec<String> = (canvas.y..canvas.bottom())
                .map(|y| (0..app.area.width).map(|x| buf[(x, y)].symbol()).collect())
                .collect();
            for label in &placed {
                assert!(
                    rows.iter().any(|row| row.contains(label.text.as_str())),
                    "{width}x{height}: '{}' placed but not drawn:\n{}",
                    label.text,
                    rows.join("\n")
                );
            }
        }
    }
}
