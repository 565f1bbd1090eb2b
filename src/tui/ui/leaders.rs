//! The Leaders view: the ranked table, drawn row by row for the visible rows only.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Constraint, Flex, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::metrics::Role;
use crate::model::PersonIx;
use crate::text::{number, thousands};
use crate::tui::action::Column;
use crate::tui::app::{App, Mode};

use super::{fit, layout, line};

/// Where the parts of the Leaders view go.
#[derive(Debug, Clone, Copy)]
pub struct Areas {
    /// One line: how many people, scope, filters (or the search being typed).
    pub caption: Rect,
    /// Column headers.
    pub header: Rect,
    /// The rows.
    pub rows: Rect,
    /// One line: what the badges mean.
    pub legend: Rect,
}

/// Splits the body.
pub fn areas(body: Rect) -> Areas {
    let [caption, header, rows, legend] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(body);
    Areas {
        caption,
        header,
        rows,
        legend,
    }
}

/// Rows that fit on a screen of `area`.
pub fn page_height(area: Rect) -> usize {
    let [_, body, _] = layout(area);
    areas(body).rows.height as usize
}

/// The x extent of each column (in [`Column::ALL`] order) within a line. The rank, Nayar
/// and in-degree columns are wide enough for any value in the team, with thousands
/// separators (rank 12,345 of 100,000 needs 6 characters). The name, title and department
/// columns take the width of their widest text when all three fit (and share the rest of
/// the line 3:2:2), and share what room there is 3:2:2 when not, a column that needs less
/// than its share leaving the rest to the others.
pub fn columns(area: Rect, app: &App) -> [Rect; 9] {
    let digits = thousands(app.org.len().max(1)).len() as u16;
    // Room for the header and the sort arrow: "nayar▼", "pagerank▼", "~betw.▼".
    let fixed = [digits.max(4), digits.max(6), digits.max(4), 9, 7, 6];
    let gaps = (Column::ALL.len() - 1) as u16;
    let room = area
        .width
        .saturating_sub(fixed.iter().sum::<u16>())
        .saturating_sub(gaps);
    // A header and its sort arrow fit in any column that has room for them.
    let texts = [Column::Name, Column::Title, Column::Department];
    let wants: [u16; 3] = std::array::from_fn(|i| {
        let header = texts[i].header().len() as u16 + 1;
        app.text_widths[i].max(header)
    });
    let weights = [3, 2, 2];
    let total: u16 = wants.iter().sum();
    let [name, title, department] = if total <= room {
        // Everything fits: the rest of the line is shared too, so the table spans it.
        let more = share(room - total, [u16::MAX; 3], weights);
        std::array::from_fn(|i| wants[i] + more[i])
    } else {
        share(room, wants, weights)
    };
    Layout::horizontal([
        Constraint::Length(fixed[0]),
        Constraint::Length(name),
        Constraint::Length(title),
        Constraint::Length(department),
        Constraint::Length(fixed[1]),
        Constraint::Length(fixed[2]),
        Constraint::Length(fixed[3]),
        Constraint::Length(fixed[4]),
        Constraint::Length(fixed[5]),
    ])
    .flex(Flex::Start)
    .spacing(1)
    .areas(area)
}

/// Splits `room` among columns that want `wants`: each gets what it wants when all fit;
/// otherwise shares in proportion to `weights`, a column that wants less than its share
/// leaving the rest to the others.
fn share<const N: usize>(room: u16, wants: [u16; N], weights: [u16; N]) -> [u16; N] {
    let mut given = [0u16; N];
    let mut open: Vec<usize> = (0..N).collect();
    let mut room = u32::from(room);
    loop {
        let weight: u32 = open.iter().map(|&i| u32::from(weights[i])).sum();
        if weight == 0 {
            return given;
        }
        let fair = |i: usize| room * u32::from(weights[i]) / weight;
        // Columns that want no more than their share are settled first.
        let settled: Vec<usize> = open
            .iter()
            .copied()
            .filter(|&i| u32::from(wants[i]) <= fair(i))
            .collect();
        if settled.is_empty() {
            let mut left = room;
            for &i in &open {
                let part = fair(i);
                given[i] = part as u16;
                left -= part;
            }
            // What rounding left over goes to the first columns.
            for &i in open.iter().take(left as usize) {
                given[i] += 1;
            }
            return given;
        }
        for &i in &settled {
            given[i] = wants[i];
            room -= u32::from(wants[i]);
        }
        open.retain(|i| !settled.contains(i));
    }
}

/// What a click at a screen cell hits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hit {
    /// A column header.
    Header(Column),
    /// A row, by index into the shown rows.
    Row(usize),
}

/// Hit-tests a click.
pub fn hit(app: &App, x: u16, y: u16) -> Option<Hit> {
    let [_, body, _] = layout(app.area);
    let areas = areas(body);
    let at = Position { x, y };
    if areas.header.contains(at) {
        let cols = columns(areas.header, app);
        return Column::ALL
            .iter()
            .zip(cols)
            .find(|(_, rect)| x >= rect.x && x < rect.x + rect.width)
            .map(|(c, _)| Hit::Header(*c));
    }
    if areas.rows.contains(at) {
        let page = areas.rows.height as usize;
        let window = app.leaders.cursor.window(app.leaders.shown.len(), page);
        let row = window.start + (y - areas.rows.y) as usize;
        return (row < window.end).then_some(Hit::Row(row));
    }
    None
}

fn is_numeric(column: Column) -> bool {
    matches!(
        column,
        Column::Rank | Column::Nayar | Column::InDegree | Column::Pagerank | Column::Betweenness
    )
}

/// Draws the Leaders view into the body area.
pub fn render(app: &App, body: Rect, buf: &mut Buffer) {
    let theme = app.theme;
    let table = &app.leaders;
    let areas = areas(body);

    let caption = if app.mode == Mode::Search {
        let matches = format!(
            "  {} of {} match",
            thousands(table.shown.len()),
            thousands(app.org.len())
        );
        // The end of a long query stays in sight, next to the cursor; the match count
        // gives way first.
        let room = (areas.caption.width as usize).saturating_sub(2);
        let query_room = room.saturating_sub(crate::text::width(&matches));
        let query = crate::text::shown(&table.query);
        let (query, matches) = if crate::text::width(&query) <= query_room {
            (query.into_owned(), matches)
        } else {
            (crate::text::fit_tail(&table.query, room), String::new())
        };
        vec![
            Span::styled("/", theme.key),
            Span::raw(query),
            Span::styled("▏", theme.key),
            Span::styled(matches, theme.dim),
        ]
    } else {
        vec![
            Span::styled(
                format!(
                    "{} of {} people",
                    thousands(table.shown.len()),
                    thousands(app.org.len())
                ),
                theme.header,
            ),
            Span::styled(format!(" · {}", app.leader_caption()), theme.dim),
        ]
    };
    line(caption, areas.caption, buf);

    let cols = columns(areas.header, app);
    for (column, rect) in Column::ALL.iter().zip(cols) {
        let sorted = *column == table.sort;
        let mut text = column.header().to_string();
        // Sampled betweenness is an estimate: the header says so for as long as it shows.
        if *column == Column::Betweenness && app.centralities.betweenness.sampled.is_some() {
            text = "~betw.".to_string();
        }
        if sorted {
            // The arrow always shows: the name gives way to it in a narrow column.
            let down = column.descending_by_default() != table.reversed;
            text = fit(&text, (rect.width as usize).saturating_sub(1));
            text.push(if down { '▼' } else { '▲' });
        }
        let style = if sorted {
            theme.header_sorted
        } else {
            theme.header
        };
        cell(&text, style, rect, buf, is_numeric(*column));
    }

    let page = areas.rows.height as usize;
    let window = table.cursor.window(table.shown.len(), page);
    for (i, row) in window.clone().enumerate() {
        let person = table.shown[row];
        let y = areas.rows.y + i as u16;
        let line_area = Rect {
            y,
            height: 1,
            ..areas.rows
        };
        let selected = row == table.cursor.selected;
        if selected {
            buf.set_style(line_area, theme.selected);
        }
        render_row(app, person, cols.map(|rect| Rect { y, ..rect }), buf);
    }
    if table.shown.is_empty() {
        let note = if app.org.is_empty() {
            "this team has nobody in it"
        } else if app.mode == Mode::Search {
            // While typing, x is a letter of the search.
            "nobody matches; Backspace edits the search, Esc clears it"
        } else {
            "nobody matches; x clears the filters and the search"
        };
        Line::styled(note, theme.dim).render(areas.rows, buf);
    }

    let legend: Vec<Span> = Role::ALL
        .iter()
        .flat_map(|&r| {
            [
                Span::styled(r.symbol().to_string(), theme.role(r)),
                Span::styled(format!(" {}  ", r.name()), theme.dim),
            ]
        })
        .collect();
    line(legend, areas.legend, buf);
}

fn render_row(app: &App, person: PersonIx, cols: [Rect; 9], buf: &mut Buffer) {
    let theme = app.theme;
    let p = app.org.person(person);
    let i = person as usize;
    let view = app.scope_view();
    let c = &app.centralities;
    let roles = view.roles[i];
    let cells = [
        (thousands(app.rank_of(person)), Style::new()),
        (p.name.to_string(), theme.person(roles)),
        (
            p.title.as_deref().unwrap_or_default().to_string(),
            Style::new(),
        ),
        (
            app.org.department_of(person).unwrap_or("").to_string(),
            Style::new(),
        ),
        (thousands(view.nayar[i].count as usize), theme.person(roles)),
        (thousands(c.in_degree[i] as usize), Style::new()),
        (number(c.pagerank.scores[i], 4), Style::new()),
        // Still being computed in the background.
        if app.betweenness_pending() {
            ("…".to_string(), theme.dim)
        } else {
            (number(c.betweenness.scores[i], 3), Style::new())
        },
    ];
    for ((column, (text, style)), rect) in Column::ALL.iter().zip(cells).zip(cols) {
        cell(&text, style, rect, buf, is_numeric(*column));
    }
    let badges: Vec<Span> = roles
        .iter()
        .map(|r| Span::styled(r.symbol().to_string(), theme.role(r)))
        .collect();
    Line::from(badges).render(cols[8], buf);
}

/// One cell: text cut to the width, right-aligned for numbers.
fn cell(text: &str, style: Style, rect: Rect, buf: &mut Buffer, right: bool) {
    let text = fit(text, rect.width as usize);
    let mut line = Line::styled(text, style);
    if right {
        line = line.alignment(Alignment::Right);
    }
    line.render(rect, buf);
}

#[cfg(test)]
mod tests {
    use super::share;

    #[test]
    fn texts_that_fit_get_their_width() {
        assert_eq!(share(54, [14, 24, 16], [3, 2, 2]), [14, 24, 16]);
        assert_eq!(share(100, [14, 24, 16], [3, 2, 2]), [14, 24, 16]);
        // No column wants a limit: plain 3:2:2 shares (22 as 9.43, 6.29, 6.29).
        assert_eq!(share(22, [u16::MAX; 3], [3, 2, 2]), [10, 6, 6]);
    }

    #[test]
    fn short_columns_pass_on_what_they_do_not_need() {
        // 49 shared 3:2:2 is 21, 14, 14: the name needs 14 of its 21, and the title and
        // department split the other 35 evenly, 17 and 18 (rounding goes to the first).
        assert_eq!(share(49, [14, 40, 40], [3, 2, 2]), [14, 18, 17]);
        // Nobody fits their share: 3:2:2 of 70 is 30, 20, 20.
        assert_eq!(share(70, [50, 50, 50], [3, 2, 2]), [30, 20, 20]);
        // Rounding: 3:2:2 of 10 is 4.29, 2.86, 2.86 -> 4, 2, 2 and two left for the first two.
        assert_eq!(share(10, [50, 50, 50], [3, 2, 2]), [5, 3, 2]);
    }

    #[test]
    fn no_room_gives_nothing() {
        assert_eq!(share(0, [5, 5, 5], [3, 2, 2]), [0, 0, 0]);
        assert_eq!(share(7, [0, 0, 0], [3, 2, 2]), [0, 0, 0]);
    }
}
