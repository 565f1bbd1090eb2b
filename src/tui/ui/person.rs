//! The Person view: who someone is in the org chart, where their Nayar count comes from,
//! whom they ask, their roles, and a bar chart of counted seekers per department.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, Block, Paragraph, Widget};

use crate::model::PersonIx;
use crate::text::{percent, thousands};
use crate::tui::app::App;
use crate::tui::detail::PersonDetail;

use super::org_chart::bar;
use super::{fit, layout};

/// Lines with word-wrapped lists of people, remembering the line of each person (link).
/// Indentation of continued lines.
const INDENT: usize = 4;

struct Page<'a> {
    app: &'a App,
    width: usize,
    lines: Vec<Line<'static>>,
    current: Vec<Span<'static>>,
    used: usize,
    link_lines: Vec<usize>,
    /// Where each link starts and ends, as (line, column), the end exclusive.
    link_spans: Vec<((usize, usize), (usize, usize))>,
    selected_link: usize,
}

impl<'a> Page<'a> {
    fn new(app: &'a App, width: usize) -> Page<'a> {
        Page {
            app,
            width: width.max(20),
            lines: Vec::new(),
            current: Vec::new(),
            used: 0,
            link_lines: Vec::new(),
            link_spans: Vec::new(),
            selected_link: app.person_cursor.selected,
        }
    }

    /// Adds text, wrapping between words; continuation lines are indented.
    fn text(&mut self, text: impl Into<String>, style: Style) {
        let text: String = text.into();
        let text = crate::text::shown(&text);
        for word in text.split_inclusive(' ') {
            let mut width = crate::text::width(word);
            if self.used + width > self.width && self.used > INDENT {
                self.wrap();
            }
            // A word wider than the line (a long name with no spaces) is cut with `…`:
            // cut by the frame instead, it would end with no sign that it goes on.
            let room = self.width.saturating_sub(self.used);
            let word = if width > room {
                let cut = crate::text::fit(word.trim_end(), room);
                width = crate::text::width(&cut);
                cut
            } else {
                word.to_string()
            };
            self.used += width;
            self.current.push(Span::styled(word, style));
        }
    }

    fn wrap(&mut self) {
        self.end_line();
        self.current.push(Span::raw(" ".repeat(INDENT)));
        self.used = INDENT;
    }

    fn end_line(&mut self) {
        let spans = std::mem::take(&mut self.current);
        self.lines.push(Line::from(spans));
        self.used = 0;
    }

    fn blank(&mut self) {
        if !self.current.is_empty() {
            self.end_line();
        }
        self.lines.push(Line::raw(""));
    }

    /// A heading followed by a wrapped, comma-separated list of people.
    fn people(
        &mut self,
        heading: String,
        people: &[PersonIx],
        total: usize,
        weights: &[f64],
        separator: &str,
    ) {
        let theme = self.app.theme;
        self.text(heading, theme.header);
        if people.is_empty() {
            self.text(" none", theme.dim);
        }
        for (i, &p) in people.iter().enumerate() {
            let mut name = crate::text::shown(&self.app.org.person(p).name).into_owned();
            if let Some(w) = weights.get(i)
                && (w - 1.0).abs() > f64::EPSILON
            {
                name = format!("{name} ×{}", trim(*w));
            }
            let link = self.link_lines.len();
            let roles = self.app.scope_view().roles[p as usize];
            let style = if link == self.selected_link {
                theme.selected
            } else {
                theme.person(roles)
            };
            // Keep the name and its comma together on one line; a wrapped line starts at
            // the indent, with no space before the name.
            if self.used + 1 + crate::text::width(&name) + 1 > self.width && self.used > INDENT {
                self.wrap();
            } else {
                self.text(" ", Style::new());
            }
            self.link_lines.push(self.lines.len());
            let from = (self.lines.len(), self.used);
            self.text(name, style);
            self.link_spans.push((from, (self.lines.len(), self.used)));
            if i + 1 < people.len() || total > people.len() {
                self.text(separator, theme.dim);
            }
        }
        if total > people.len() {
            self.text(format!(" +{} more", total - people.len()), theme.dim);
        }
        self.end_line();
    }
}

fn trim(value: f64) -> String {
    if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.2}")
    }
}

/// Where the Person view puts things: the text column, the chart (wide screens only), the
/// page and how far it is scrolled.
struct Placed<'a> {
    text: Rect,
    chart: Option<Rect>,
    page: Page<'a>,
    offset: usize,
}

fn place<'a>(app: &'a App, detail: &PersonDetail, body: Rect) -> Placed<'a> {
    // Wide screens get the bar chart widget beside the text; narrow ones get the same bars
    // as text at the end of the page, so nothing above them is pushed off screen.
    let wide = body.width >= 100;
    let (text, chart) = if wide {
        let chart_rows = (detail.counted.len() as u16 + 2).clamp(3, 18);
        let [text, side] =
            Layout::horizontal([Constraint::Fill(1), Constraint::Length(38)]).areas(body);
        let [chart, _] =
            Layout::vertical([Constraint::Length(chart_rows), Constraint::Fill(1)]).areas(side);
        (text, Some(chart))
    } else {
        (body, None)
    };
    let page = page(app, detail, text.width as usize, !wide);
    let height = text.height as usize;
    let focus_line = page
        .link_lines
        .get(app.person_cursor.selected)
        .copied()
        .unwrap_or(0);
    let offset = focus_line.saturating_sub(height.saturating_sub(3));
    Placed {
        text,
        chart,
        page,
        offset,
    }
}

/// The person (link number) a click at `(x, y)` lands on.
pub fn hit(app: &App, x: u16, y: u16) -> Option<usize> {
    let [_, body, _] = layout(app.area);
    let detail = app
        .detail
        .as_ref()
        .filter(|d| Some(d.person) == app.focus)?;
    let placed = place(app, detail, body);
    if !placed.text.contains(Position { x, y }) {
        return None;
    }
    let at = (
        placed.offset + usize::from(y - placed.text.y),
        usize::from(x - placed.text.x),
    );
    placed
        .page
        .link_spans
        .iter()
        .position(|&(from, to)| from <= at && at < to)
}

/// Draws the Person view into the body area.
pub fn render(app: &App, body: Rect, buf: &mut Buffer) {
    let theme = app.theme;
    let Some(detail) = app.detail.as_ref().filter(|d| Some(d.person) == app.focus) else {
        Paragraph::new("Nobody selected: pick someone in Leaders or Org chart and press Enter.")
            .style(theme.dim)
            .render(body, buf);
        return;
    };
    let placed = place(app, detail, body);
    Paragraph::new(placed.page.lines)
        .scroll((placed.offset as u16, 0))
        .render(placed.text, buf);
    if let Some(area) = placed.chart {
        render_chart(app, detail, area, buf);
    }
}

fn page<'a>(app: &'a App, detail: &PersonDetail, width: usize, text_chart: bool) -> Page<'a> {
    let theme = app.theme;
    let org = &app.org;
    let person = detail.person;
    let p = org.person(person);
    let i = person as usize;
    let view = app.scope_view();
    let score = view.nayar[i];
    let roles = view.roles[i];
    let mut page = Page::new(app, width);

    page.text(p.name.clone(), theme.person(roles).patch(theme.title));
    let mut facts = vec![format!("id {}", p.id)];
    // An empty title or department (`title: ""`) says nothing: left out, as when absent.
    if let Some(title) = p.title.as_deref().filter(|t| !t.trim().is_empty()) {
        facts.push(title.to_string());
    }
    if let Some(dept) = p.department.as_deref().filter(|d| !d.trim().is_empty()) {
        facts.push(format!("department {dept}"));
    }
    page.text(format!("  {}", facts.join(" · ")), theme.dim);
    page.end_line();
    for role in roles.iter() {
        page.text(
            format!("{} {}", role.symbol(), role.name()),
            theme.role(role),
        );
        page.text(
            format!(": {}", role.definition(&app.settings.thresholds)),
            theme.dim,
        );
        page.end_line();
    }
    page.blank();

    let chain: Vec<PersonIx> = detail.chain.clone();
    if chain.is_empty() {
        page.text("Reports to nobody (top of a reporting line)", theme.header);
        page.end_line();
    } else {
        page.people(
            "Management chain:".to_string(),
            &chain,
            chain.len(),
            &[],
            " →",
        );
    }
    page.people(
        format!("Direct reports ({}):", detail.reports.total),
        &detail.reports.shown,
        detail.reports.total,
        &[],
        ",",
    );
    page.blank();

    page.text(format!("Nayar count {}", score.count), theme.header);
    let what = if score.eligible == 0 {
        // "0 of 0 (0%)" reads as a verdict; it is an org chart where nobody is outside.
        format!(
            " (scope {}): everyone else is inside their reporting hierarchy in this scope, \
             so nobody can count",
            detail.scope.name()
        )
    } else {
        format!(
            " (scope {}): {} of {} people outside their hierarchy come to them ({})",
            detail.scope.name(),
            thousands(score.count as usize),
            thousands(score.eligible as usize),
            percent(score.share)
        )
    };
    page.text(what, Style::new());
    page.end_line();
    page.text(
        format!(
            "Rank {} of {} by {} · Nayar count above {} of the team{} · weighted {} · {} \
             reached",
            thousands(app.rank_of(person)),
            thousands(org.len()),
            app.metric.name(),
            percent(detail.percentile / 100.0),
            match detail.tied {
                0 => String::new(),
                n => format!(", the same as {}", crate::text::count(n, "other", "others")),
            },
            trim(score.weighted),
            crate::text::count(
                score.departments_reached as usize,
                "department",
                "departments"
            )
        ),
        theme.dim,
    );
    page.end_line();
    page.blank();

    let counted: usize = detail.counted.iter().map(|g| g.total).sum();
    page.text(
        format!("Seekers who count ({counted}), by department"),
        theme.header,
    );
    page.end_line();
    if detail.counted.is_empty() {
        page.text(
            "  nobody outside their hierarchy comes to them for advice",
            theme.dim,
        );
        page.end_line();
    }
    for group in &detail.counted {
        let people: Vec<PersonIx> = group.seekers.iter().map(|s| s.0).collect();
        let weights: Vec<f64> = group.seekers.iter().map(|s| s.1).collect();
        let own = if group.own { ", own" } else { "" };
        page.people(
            format!("  {} ({}{own}):", group.name, group.total),
            &people,
            group.total,
            &weights,
            ",",
        );
    }
    let excluded: usize = detail.excluded.iter().map(|e| e.1.total).sum();
    page.text(
        format!("Seekers who do not count ({excluded})"),
        theme.header,
    );
    page.end_line();
    for (reason, people) in &detail.excluded {
        page.people(
            format!("  {} ({}):", reason.describe(), people.total),
            &people.shown,
            people.total,
            &[],
            ",",
        );
    }
    page.blank();
    page.people(
        format!("Goes to for advice ({}):", detail.advisers.total),
        &detail.advisers.shown,
        detail.advisers.total,
        &[],
        ",",
    );
    if text_chart && !detail.counted.is_empty() {
        page.blank();
        page.text("Seekers who count, per department", theme.header);
        page.end_line();
        let max = detail.counted.iter().map(|g| g.total).max().unwrap_or(1);
        let bar_width = width.saturating_sub(24).clamp(4, 40);
        for group in detail.counted.iter().take(12) {
            let level = group.total as f64 / max as f64;
            page.current
                .push(Span::raw(format!("  {:<14} ", fit(&group.name, 14))));
            page.current
                .push(Span::styled(bar(level, bar_width), theme.bar));
            page.current.push(Span::raw(format!(" {}", group.total)));
            page.end_line();
        }
    }
    page
}

fn render_chart(app: &App, detail: &PersonDetail, area: Rect, buf: &mut Buffer) {
    let theme = app.theme;
    let block = Block::bordered()
        .border_style(theme.border)
        .title(Line::styled(
            " Seekers who count, per department ",
            theme.header,
        ));
    let label_width = 12;
    let bars: Vec<Bar> = detail
        .counted
        .iter()
        .map(|g| {
            // The count stands apart from the bar: "2 7███" read as 27.
            Bar::with_label(fit(&g.name, label_width), g.total as u64)
                .text_value(format!("{} ", g.total))
                .style(if g.own { theme.dim } else { theme.bar })
        })
        .collect();
    if bars.is_empty() {
        Paragraph::new("nobody outside their hierarchy")
            .style(theme.dim)
            .block(block)
            .render(area, buf);
        return;
    }
    BarChart::horizontal(bars)
        .block(block)
        .bar_width(1)
        .bar_gap(0)
        .bar_style(theme.bar)
        .value_style(theme.header)
        .render(area, buf);
}
