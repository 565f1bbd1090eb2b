//! Drawing: a pure function of the [`App`], one file per view or widget. The layout helpers
//! here are shared with mouse hit-testing in `update`, so a click lands where things are
//! drawn.

pub mod graph;
pub mod help;
pub mod leaders;
pub mod org_chart;
pub mod person;
pub mod prompt;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::action::{Action, View};
use super::app::{App, Mode};
use crate::text::thousands;

/// Smallest screen the browser lays out for; below it, a note asks for more room.
pub const MIN_WIDTH: u16 = 60;
/// Smallest height.
pub const MIN_HEIGHT: u16 = 12;

/// The three bands of the screen: tab bar, body, status line.
pub fn layout(area: Rect) -> [Rect; 3] {
    Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area)
}

/// Draws the whole screen.
pub fn render(app: &App, frame: &mut Frame) {
    frame.render_widget(app, frame.area());
}

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if self.too_small() || area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            Paragraph::new(format!(
                "roving needs at least {MIN_WIDTH}×{MIN_HEIGHT}; this terminal is {}×{}. \
                 Make it larger, or press q to quit.",
                area.width, area.height
            ))
            .wrap(Wrap { trim: true })
            .render(area, buf);
            return;
        }
        let [tabs, body, status] = layout(area);
        render_tabs(self, tabs, buf);
        match self.view {
            View::Leaders => leaders::render(self, body, buf),
            View::OrgChart => org_chart::render(self, body, buf),
            View::Person => person::render(self, body, buf),
            View::Graph => graph::render(self, body, buf),
        }
        render_status(self, status, buf);
        match self.mode {
            Mode::Help => help::render(self, body, buf),
            Mode::Export => prompt::render(self, body, buf),
            Mode::Normal | Mode::Search => {}
        }
    }
}

/// Tab labels with their x ranges, from the left edge of the tab bar.
pub fn tab_spans(area: Rect) -> Vec<(View, u16, u16)> {
    let mut x = area.x + " roving ".len() as u16;
    View::ALL
        .iter()
        .map(|&view| {
            let width = tab_label(view).chars().count() as u16;
            let span = (view, x, x + width);
            x += width + 1;
            span
        })
        .collect()
}

fn tab_label(view: View) -> String {
    format!(" {} {} ", view.index() + 1, view.title())
}

fn render_tabs(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = app.theme;
    let mut spans = vec![Span::styled(" roving ", theme.title)];
    for view in View::ALL {
        let style = if view == app.view {
            theme.tab_active
        } else {
            theme.tab
        };
        spans.push(Span::styled(tab_label(view), style));
        spans.push(Span::raw(" "));
    }
    Line::from(spans).render(area, buf);
    let name = app.org.name.as_deref().unwrap_or("Team");
    let answered = app
        .org
        .response_rate()
        .map(|rate| format!(" · {} answered", crate::text::rate(rate)))
        .unwrap_or_default();
    let right = format!("{} · {} people{answered} ", name, thousands(app.org.len()));
    let low = app
        .org
        .response_rate()
        .is_some_and(|r| r < crate::tui::app::LOW_RESPONSE);
    let used = tab_spans(area).last().map_or(0, |t| t.2 - area.x) + 2;
    let room = area.width.saturating_sub(used);
    if room > 8 {
        let text = fit(&right, room as usize);
        let width = crate::text::width(&text) as u16;
        let rect = Rect {
            x: area.right() - width,
            width,
            ..area
        };
        Line::styled(text, if low { theme.error } else { theme.dim }).render(rect, buf);
    }
}

fn render_status(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = app.theme;
    buf.set_style(area, theme.status);
    // While betweenness is computed in the background, its progress takes the place of
    // the key hints, or the end of the line when a message shows.
    let progress = app.betweenness_progress();
    let computing = match (progress, &app.status) {
        (Some(done), Some(_)) => format!(" · betweenness {done}%…"),
        _ => String::new(),
    };
    let right = format!(
        " scope {} · by {}{computing} ",
        app.scope.name(),
        app.metric.name()
    );
    // A message too long to share the line takes all of it: the scope and metric show in
    // the caption too, and the message is what the user just asked for.
    let right_width = match &app.status {
        Some(status)
            if crate::text::width(&status.text) + 1 + crate::text::width(&right)
                > area.width as usize =>
        {
            0
        }
        _ => crate::text::width(&right) as u16,
    };
    let left_area = Rect {
        width: area.width.saturating_sub(right_width),
        ..area
    };
    let left: Line = match &app.status {
        Some(status) => Line::styled(
            format!(
                " {}",
                fit(&status.text, left_area.width.saturating_sub(1) as usize)
            ),
            if status.error {
                theme.error
            } else {
                theme.status
            },
        ),
        None => match progress {
            Some(done) => Line::styled(
                fit(
                    &format!(
                        " computing betweenness ({done}%): its column and the brokers fill in \
                         when it is done"
                    ),
                    left_area.width as usize,
                ),
                theme.status,
            ),
            None => hints(app, left_area.width as usize),
        },
    };
    left.render(left_area, buf);
    if right_width > 0 {
        let right_area = Rect {
            x: left_area.right(),
            width: area.width - left_area.width,
            ..area
        };
        Line::styled(right, theme.status).render(right_area, buf);
    }
}

/// Key hints for the status line, as many as fit.
fn hints(app: &App, width: usize) -> Line<'static> {
    let view_hints: &[(Action, &str)] = match (app.mode, app.view) {
        (Mode::Help, _) => &[
            (Action::ToggleHelp, "close"),
            (Action::Down, "down"),
            (Action::Up, "up"),
            (Action::PageDown, "page"),
        ],
        (Mode::Export, _) => &[
            (Action::Submit, "write"),
            (Action::NextFormat, "format"),
            (Action::Cancel, "cancel"),
        ],
        (Mode::Search, _) => &[
            (Action::Submit, "keep"),
            (Action::Cancel, "clear"),
            (Action::Down, "next"),
            (Action::Up, "previous"),
        ],
        (_, View::Leaders) => &[
            (Action::OpenPerson, "open"),
            (Action::Search, "search"),
            (Action::NextSort, "sort"),
            (Action::CycleDepartment, "dept"),
            (Action::CycleRole, "role"),
        ],
        (_, View::OrgChart) => &[
            (Action::ToggleFold, "fold"),
            (Action::NextLeader, "next ★"),
            (Action::OpenPerson, "open"),
            (Action::Deeper, "deeper"),
        ],
        (_, View::Person) => &[(Action::OpenPerson, "open"), (Action::Back, "back")],
        (_, View::Graph) => &[
            (Action::ToggleSteps, "steps"),
            (Action::ToggleWhole, "whole"),
            (Action::OpenPerson, "open"),
        ],
    };
    let global: &[(Action, &str)] = &[
        (Action::CycleScope, "scope"),
        (Action::CycleMetric, "metric"),
        (Action::Export, "export"),
        (Action::ToggleHelp, "help"),
        (Action::Quit, "quit"),
    ];
    // While typing a query, letters go into it, and help and the export prompt take their
    // own keys: only those are hints then.
    let global = if app.mode == Mode::Normal {
        global
    } else {
        &[]
    };
    let contexts = app.key_contexts();
    let mut spans = vec![Span::raw(" ")];
    let mut used = 1;
    for list in [view_hints, global] {
        for &(action, words) in list {
            let key = app.keymap.keys_in(&contexts, action).first().copied();
            let Some(key) = key else { continue };
            let key = key.to_string();
            let needed = key.chars().count() + words.chars().count() + 3;
            if used + needed > width {
                return Line::from(spans);
            }
            used += needed;
            spans.push(Span::styled(key, app.theme.key));
            spans.push(Span::styled(format!(" {words}  "), app.theme.status));
        }
    }
    Line::from(spans)
}

pub use crate::text::fit;

/// A one-line paragraph of spans clipped to `area`.
pub(crate) fn line(spans: Vec<Span<'_>>, area: Rect, buf: &mut Buffer) {
    Line::from(spans).render(area, buf);
}

/// Centered rectangle of at most `width`×`height` inside `area`.
pub(crate) fn popup(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}

#[cfg(test)]
mod tests {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::style::{Color, Modifier};

    use super::*;
    use crate::io::team_from_str;
    use crate::metrics::Settings;
    use crate::model::PersonIx;
    use crate::tui::action::Column;
    use crate::tui::theme::{COLOR, MONO};
    use std::fmt::Write as _;

    fn app(width: u16, height: u16) -> App {
        let org = team_from_str(crate::cli::SAMPLE_TEAM).unwrap();
        let mut app = App::new(org, Settings::default());
        app.apply(Action::Resize { width, height });
        app
    }

    #[test]
    fn a_low_response_rate_is_shown_and_warned_about() {
        let org = team_from_str(
            r#"Team(name: "Survey", people: [
                Person(id: "1", name: "Ada", respondent: true),
                Person(id: "2", name: "Bo", manager: "1", respondent: false),
                Person(id: "3", name: "Cy", manager: "1", respondent: false),
            ], advice: [Tie(seeker: "1", advisor: "2")])"#,
        )
        .unwrap();
        let mut survey = App::new(org, Settings::default());
        survey.apply(Action::Resize {
            width: 100,
            height: 24,
        });
        let screen = format!("{:?}", draw(&survey).backend().buffer());
        assert!(
            screen.contains("Survey · 3 people · 33% answered"),
            "{screen}"
        );
        assert!(screen.contains("only 33% answered the survey"), "{screen}");
        // The Krackhardt sample records no answers: no rate, no warning.
        let plain = format!("{:?}", draw(&app(100, 24)).backend().buffer());
        assert!(!plain.contains("answered"));
    }

    /// In a 10,500-person team the last rank has five digits: the rank, Nayar and in-degree
    /// columns widen to show it whole.
    #[test]
    fn five_digit_ranks_are_shown_whole_and_grouped() {
        let synthetic = crate::generate::generate(10_500, 7, "Wide");
        let org = crate::io::org_from_team(synthetic.to_team(), crate::io::Options::default())
            .unwrap()
            .org;
        // Sampled: exact betweenness is slow in debug builds, and the columns tested do not
        // depend on it.
        let settings = Settings {
            sources: crate::metrics::Sources::Sample { count: 16, seed: 1 },
            ..Settings::default()
        };
        let mut app = App::new(org, settings);
        app.apply(Action::Resize {
            width: 100,
            height: 24,
        });
        // The status line at the start says betweenness is an estimate.
        let opening = draw(&app);
        let status: String = (0..100)
            .map(|x| opening.backend().buffer()[(x, 23)].symbol())
            .collect();
        assert!(
            status.contains("betweenness estimated from 16 sampled people"),
            "{status}"
        );
        app.apply(Action::Last);
        let terminal = draw(&app);
        let buffer = terminal.backend().buffer();
        let line = |y: u16| -> String {
            (0..buffer.area.width)
                .map(|x| buffer[(x, y)].symbol())
                .collect()
        };
        // Rows sit between the header and the legend; the last one is rank 10,500. Before,
        // the four-character rank column showed `105…` there.
        let lines: Vec<String> = (0..buffer.area.height).map(line).collect();
        let legend = lines.iter().position(|l| l.starts_with('★')).unwrap();
        let last = &lines[legend - 1];
        assert!(last.starts_with("10,500 "), "{buffer:?}");
        // Counts in words are grouped by thousands.
        assert!(lines[0].contains("Wide · 10,500 people"), "{buffer:?}");
        assert!(
            lines[1].starts_with("10,500 of 10,500 people"),
            "{buffer:?}"
        );
        assert!(
            lines[3..legend].iter().all(|row| !row[..8].contains('…')),
            "{buffer:?}"
        );
        // Sampled betweenness says so in its header for as long as it shows.
        assert!(lines[2].contains("~betw."), "{buffer:?}");
        app.apply(Action::ShowView(View::OrgChart));
        let terminal = draw(&app);
        let buffer = terminal.backend().buffer();
        let caption: String = (0..buffer.area.width)
            .map(|x| buffer[(x, 1)].symbol())
            .collect();
        assert!(caption.contains(" shown of 10,500 "), "{buffer:?}");
    }

    fn screen_lines(terminal: &Terminal<TestBackend>) -> Vec<String> {
        let buffer = terminal.backend().buffer();
        (0..buffer.area.height)
            .map(|y| {
                (0..buffer.area.width)
                    .map(|x| buffer[(x, y)].symbol())
                    .collect()
            })
            .collect()
    }

    /// A management chain 40 levels deep at 60 columns: the tree guides gave all the room
    /// to the indent, and rows from depth 8 showed no name and no fold marker. The guides
    /// now give way (cut from the left with `…`); every row names its person, and a click
    /// on the marker still folds.
    #[test]
    fn deep_rows_keep_their_name_and_marker() {
        let people: Vec<String> = (0..40)
            .map(|i| {
                let manager = if i == 0 {
                    String::new()
                } else {
                    format!(", manager: \"{}\"", i - 1)
                };
                format!("Person(id: \"{i}\", name: \"Level{i}\"{manager})")
            })
            .collect();
        let org = team_from_str(&format!(
            "Team(people: [{}], advice: [])",
            people.join(", ")
        ))
        .unwrap();
        let mut deep = App::new(org, Settings::default());
        deep.apply(Action::Resize {
            width: 60,
            height: 50,
        });
        deep.apply(Action::ShowView(View::OrgChart));
        deep.apply(Action::ExpandAll);
        let lines = screen_lines(&draw(&deep));
        let rows: Vec<&String> = lines.iter().filter(|l| l.contains("Level")).collect();
        assert!(rows.len() >= 40, "{lines:#?}");
        for (depth, row) in rows.iter().enumerate() {
            assert!(
                row.contains(&format!("Level{depth}")),
                "{depth}: {lines:#?}"
            );
            if depth > 20 {
                assert!(row.starts_with('…'), "{depth}: {lines:#?}");
            }
        }
        // The fold marker of the deepest manager, where the click lands.
        let row = rows[38];
        let marker = row.chars().position(|c| c == '▾').unwrap() as u16;
        let y = lines.iter().position(|l| l == row).unwrap() as u16;
        deep.apply(Action::Click { x: marker, y });
        let lines = screen_lines(&draw(&deep));
        assert!(
            lines
                .iter()
                .any(|l| l.contains("Level38") && l.contains('▸')),
            "{lines:#?}"
        );
    }

    /// A name with no space to break at, wider than the Person view, ends in `…` (the frame
    /// cut it with no sign that it went on), and an empty title leaves no empty `·` field.
    #[test]
    fn a_long_name_is_cut_with_an_ellipsis_in_the_person_view() {
        let long = "A".repeat(200);
        let org = team_from_str(&format!(
            r#"Team(people: [Person(id: "1", name: "{long}", title: "", department: "R&D")], advice: [])"#
        ))
        .unwrap();
        let mut person = App::new(org, Settings::default());
        person.apply(Action::Resize {
            width: 100,
            height: 30,
        });
        person.apply(Action::OpenPerson);
        let lines = screen_lines(&draw(&person));
        let name = lines.iter().find(|l| l.contains("AAAA")).unwrap();
        assert!(name.contains("A…"), "{lines:#?}");
        let facts = lines.iter().find(|l| l.contains("id 1")).unwrap();
        assert!(facts.contains("id 1 · department R&D"), "{lines:#?}");
    }

    #[test]
    fn long_typed_text_keeps_its_end_and_the_cursor_in_sight() {
        let mut browser = app(60, 24);
        browser.apply(Action::Search);
        for c in "a query far longer than the screen is wide, even a wide one xyz".chars() {
            browser.apply(Action::Input(c));
        }
        let lines = screen_lines(&draw(&browser));
        assert!(lines[1].starts_with("/…"), "{lines:#?}");
        assert!(lines[1].contains("wide one xyz▏"), "{lines:#?}");
        // A short query keeps the match count.
        let mut browser = app(60, 24);
        browser.apply(Action::Search);
        browser.apply(Action::Input('A'));
        let lines = screen_lines(&draw(&browser));
        assert!(lines[1].starts_with("/A▏  "), "{lines:#?}");
        assert!(lines[1].contains(" match"), "{lines:#?}");

        let mut browser = app(60, 24);
        browser.apply(Action::Export);
        for _ in 0..20 {
            browser.apply(Action::DeleteChar);
        }
        for c in "reports/2026/november/leaders-of-the-engineering-group.csv".chars() {
            browser.apply(Action::Input(c));
        }
        let lines = screen_lines(&draw(&browser));
        let file = lines.iter().find(|l| l.contains("file ")).unwrap();
        assert!(file.contains("…"), "{lines:#?}");
        assert!(file.contains("group.csv▏"), "{lines:#?}");
    }

    fn draw(app: &App) -> Terminal<TestBackend> {
        let area = app.area();
        let mut terminal = Terminal::new(TestBackend::new(area.width, area.height)).unwrap();
        terminal.draw(|frame| render(app, frame)).unwrap();
        terminal
    }

    /// Opens A01, Krackhardt's roving leader (third in the Nayar ranking).
    fn on_a01(app: &mut App) {
        app.apply(Action::Down);
        app.apply(Action::Down);
    }

    #[test]
    fn leaders_view() {
        let app = app(80, 24);
        insta::assert_snapshot!(draw(&app).backend());
    }

    /// The name, title and department columns take the width their texts need: short
    /// names leave their room to a long title, which shows whole; when nothing fits, each
    /// is cut, none squeezed out.
    #[test]
    fn text_columns_fit_their_texts() {
        let team = |name: &str| {
            format!(
                r#"Team(people: [
                    Person(id: "1", name: "Ada", title: "Senior Principal Software Engineer",
                           department: "Platform Engineering"),
                    Person(id: "2", name: "{name}", manager: "1", title: "Analyst",
                           department: "Research"),
                ], advice: [Tie(seeker: "2", advisor: "1")])"#
            )
        };
        let mut short = App::new(team_from_str(&team("Bo")).unwrap(), Settings::default());
        short.apply(Action::Resize {
            width: 110,
            height: 12,
        });
        let lines = screen_lines(&draw(&short));
        let row = lines.iter().find(|l| l.contains("Ada")).unwrap();
        assert!(
            row.contains("Senior Principal Software Engineer ") && row.contains("Platform"),
            "{lines:#?}"
        );
        let long = "Maximiliane Theodora Wittelsbach-Hohenzollern von Habsburg";
        let mut cramped = App::new(team_from_str(&team(long)).unwrap(), Settings::default());
        cramped.apply(Action::Resize {
            width: 80,
            height: 12,
        });
        let lines = screen_lines(&draw(&cramped));
        let row = lines.iter().find(|l| l.contains("Maximiliane")).unwrap();
        assert!(row.contains("…"), "{lines:#?}");
        assert!(row.contains("Analyst"), "{lines:#?}");
        assert!(row.contains("Research"), "{lines:#?}");
        let ada = lines.iter().find(|l| l.contains("Ada")).unwrap();
        assert!(ada.contains("Senior Pr…"), "{lines:#?}");
    }

    #[test]
    fn leaders_view_wide_and_sorted_by_betweenness() {
        let mut app = app(120, 30);
        app.apply(Action::SortBy(Column::Betweenness));
        insta::assert_snapshot!(draw(&app).backend());
    }

    #[test]
    fn org_chart_view() {
        let mut app = app(80, 24);
        on_a01(&mut app);
        app.apply(Action::ShowView(View::OrgChart));
        insta::assert_snapshot!(draw(&app).backend());
    }

    #[test]
    fn person_view() {
        let mut app = app(80, 24);
        on_a01(&mut app);
        app.apply(Action::OpenPerson);
        insta::assert_snapshot!(draw(&app).backend());
    }

    /// The top of 201 people is above 200 of them, 99.5%: shown as 99%, never as 100% (nobody
    /// is above themselves).
    #[test]
    fn person_view_never_says_above_all_of_the_team() {
        let mut people = vec![r#"Person(id: "0", name: "Boss")"#.to_string()];
        people
            .extend((1..=200).map(|i| format!(r#"Person(id: "{i}", name: "P{i}", manager: "0")"#)));
        let ties: Vec<String> = (1..=10)
            .map(|i| format!(r#"Tie(seeker: "{i}", advisor: "200")"#))
            .collect();
        let team = format!(
            "Team(people: [{}], advice: [{}])",
            people.join(","),
            ties.join(",")
        );
        let mut app = App::new(team_from_str(&team).unwrap(), Settings::default());
        app.apply(Action::Resize {
            width: 120,
            height: 30,
        });
        app.apply(Action::OpenPerson);
        let screen = format!("{:?}", draw(&app).backend().buffer());
        assert!(screen.contains("P200"), "{screen}");
        assert!(
            screen.contains("Nayar count above 99% of the team"),
            "{screen}"
        );
    }

    /// The head of a single reporting line has nobody outside it: the page says so rather
    /// than "0 of 0 (0%)".
    #[test]
    fn person_view_says_when_nobody_can_count() {
        let org = team_from_str(
            r#"Team(people: [
                Person(id: "1", name: "Ada"),
                Person(id: "2", name: "Bo", manager: "1"),
                Person(id: "3", name: "Cy", manager: "2"),
            ], advice: [Tie(seeker: "3", advisor: "1")])"#,
        )
        .unwrap();
        let mut app = App::new(org, Settings::default());
        app.apply(Action::Resize {
            width: 120,
            height: 30,
        });
        app.apply(Action::ShowView(View::Person));
        let screen = format!("{:?}", draw(&app).backend().buffer());
        assert!(
            screen.contains("everyone else is inside their reporting hierarchy"),
            "{screen}"
        );
        assert!(!screen.contains("0 of 0"), "{screen}");
    }

    /// While a query is typed, the footer names only keys that work there: `q` or `s` would
    /// go into the query.
    #[test]
    fn search_footer_shows_search_keys_only() {
        let mut app = app(120, 24);
        app.apply(Action::Search);
        let terminal = draw(&app);
        let buffer = terminal.backend().buffer();
        let footer: String = (0..buffer.area.width)
            .map(|x| buffer[(x, buffer.area.height - 1)].symbol())
            .collect();
        for hint in ["Enter keep", "Esc clear", "↓ next", "↑ previous"] {
            assert!(footer.contains(hint), "{footer}");
        }
        for hint in ["q quit", "s scope", "? help", "e export"] {
            assert!(!footer.contains(hint), "{footer}");
        }
    }

    #[test]
    fn person_view_wide_in_department_scope() {
        let mut app = app(120, 30);
        app.apply(Action::CycleScope);
        app.apply(Action::CycleScope);
        app.apply(Action::ShowView(View::Person));
        insta::assert_snapshot!(draw(&app).backend());
    }

    #[test]
    fn graph_view() {
        let mut app = app(100, 30);
        on_a01(&mut app);
        app.apply(Action::ShowView(View::Graph));
        insta::assert_snapshot!(draw(&app).backend());
    }

    #[test]
    fn whole_network_view() {
        let mut app = app(100, 30);
        app.apply(Action::ShowView(View::Graph));
        app.apply(Action::ToggleWhole);
        insta::assert_snapshot!(draw(&app).backend());
    }

    #[test]
    fn help_screen() {
        let mut app = app(80, 24);
        app.apply(Action::ToggleHelp);
        insta::assert_snapshot!(draw(&app).backend());
    }

    #[test]
    fn a_team_without_advice_says_why_every_count_is_zero() {
        let org = team_from_str(
            r#"Team(people: [Person(id: "1", name: "Ada"), Person(id: "2", name: "Bo", manager: "1")],
                advice: [])"#,
        )
        .unwrap();
        let mut app = App::new(org, Settings::default());
        app.apply(Action::Resize {
            width: 100,
            height: 24,
        });
        let terminal = draw(&app);
        let status: String = (0..100)
            .map(|x| terminal.backend().buffer()[(x, 23)].symbol())
            .collect();
        assert!(
            status.contains("no advice ties yet: every count is 0"),
            "{status}"
        );
    }

    #[test]
    fn the_end_of_the_help_can_be_reached() {
        for (width, height) in [(80, 24), (120, 35), (60, 12)] {
            let mut app = app(width, height);
            app.apply(Action::ToggleHelp);
            app.apply(Action::Last);
            let last = help::lines(&app).pop().unwrap();
            let text: String = last.spans.iter().map(|s| s.content.as_ref()).collect();
            let words: String = text
                .split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ");
            let terminal = draw(&app);
            let buffer = terminal.backend().buffer();
            let screen: String = (0..buffer.area.height)
                .map(|y| {
                    (0..buffer.area.width)
                        .map(|x| buffer[(x, y)].symbol())
                        .collect::<String>()
                })
                .collect::<Vec<_>>()
                .join("\n");
            assert!(
                screen.contains(&words),
                "{width}x{height}: no '{words}':\n{screen}"
            );
            // Scrolled to the end, then made larger: the box is never left blank.
            app.apply(Action::Resize {
                width,
                height: height * 3,
            });
            let terminal = draw(&app);
            let buffer = terminal.backend().buffer();
            let row: String = (0..buffer.area.width)
                .map(|x| buffer[(x, 2)].symbol())
                .collect();
            assert!(
                !row.trim().trim_matches('│').trim().is_empty(),
                "{width}x{height}"
            );
        }
    }

    #[test]
    fn export_prompt() {
        let mut app = app(80, 24);
        app.apply(Action::CycleRole);
        app.apply(Action::Export);
        insta::assert_snapshot!(draw(&app).backend());
    }

    /// A summary longer than the prompt wraps, so every filter the file will have shows.
    #[test]
    fn export_prompt_shows_every_filter() {
        let mut app = app(80, 24);
        app.apply(Action::CycleDepartment);
        app.apply(Action::NextSort);
        app.apply(Action::ReverseSort);
        app.apply(Action::Search);
        for c in "a0".chars() {
            app.apply(Action::Input(c));
        }
        app.apply(Action::Submit);
        app.apply(Action::Export);
        let caption = app.leader_caption();
        assert!(caption.contains("department") && caption.contains("search 'a0'"));
        let terminal = draw(&app);
        let buffer = terminal.backend().buffer();
        let text: String = (0..buffer.area.height)
            .map(|y| {
                (0..buffer.area.width)
                    .map(|x| buffer[(x, y)].symbol())
                    .collect::<String>()
                    .trim_matches(|c: char| c == ' ' || c == '│')
                    .to_string()
            })
            .collect::<Vec<_>>()
            .join(" ");
        // In the prompt, whole (the caption above is cut at "dep…").
        assert!(
            text.contains("sorted by name (reversed) · department 0 · search 'a0' file"),
            "{text}"
        );
    }

    #[test]
    fn tiny_terminal_asks_for_room() {
        let app = app(40, 10);
        insta::assert_snapshot!(draw(&app).backend());
    }

    /// Finds the first cell showing `symbol` on row `y`.
    fn find(buffer: &Buffer, y: u16, symbol: &str) -> u16 {
        (0..buffer.area.width)
            .find(|&x| buffer[(x, y)].symbol() == symbol)
            .unwrap()
    }

    #[test]
    fn roving_leaders_stand_out_in_colour() {
        let app = app(80, 24);
        let terminal = draw(&app);
        let buffer = terminal.backend().buffer();
        // A01 is third: caption, header, two rows above.
        let y = 1 + 2 + 2;
        let star = find(buffer, y, "★");
        let mut expected = Buffer::with_lines(["★"]);
        expected.set_style(
            expected.area,
            COLOR.roving.patch(COLOR.selected.bg(Color::Reset)),
        );
        let cell = &buffer[(star, y)];
        assert_eq!(cell.fg, Color::Yellow);
        assert!(cell.modifier.contains(Modifier::BOLD));
        assert_eq!(expected[(0, 0)].fg, cell.fg);
        // The name is highlighted too; an ordinary row is not.
        let name = find(buffer, y, "A");
        assert_eq!(buffer[(name, y)].fg, Color::Yellow);
        let ordinary = y + 2; // A21
        let a = find(buffer, ordinary, "A");
        assert_eq!(buffer[(a, ordinary)].fg, Color::Reset);
    }

    #[test]
    fn the_selected_row_is_highlighted() {
        let app = app(80, 24);
        let terminal = draw(&app);
        let buffer = terminal.backend().buffer();
        let first_row = 3;
        assert_eq!(buffer[(10, first_row)].bg, COLOR.selected.bg.unwrap());
        assert_eq!(buffer[(10, first_row + 1)].bg, Color::Reset);
    }

    #[test]
    fn no_color_uses_no_colours_but_keeps_the_star_bold() {
        let app = app(80, 24).with_theme(&MONO);
        let terminal = draw(&app);
        let buffer = terminal.backend().buffer();
        for cell in buffer.content() {
            assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset));
        }
        let y = 5;
        let star = find(buffer, y, "★");
        assert!(buffer[(star, y)].modifier.contains(Modifier::BOLD));
        assert!(
            buffer[(10, 3)].modifier.contains(Modifier::REVERSED),
            "selection"
        );
    }

    #[test]
    fn the_org_chart_marks_the_roving_leader_inside_the_structure() {
        let mut app = app(80, 24);
        app.apply(Action::ShowView(View::OrgChart));
        let terminal = draw(&app);
        let buffer = terminal.backend().buffer();
        // Rows: CEO, A02, then A01 (A02's first report).
        let y = 1 + 2 + 2;
        let line: String = (0..80).map(|x| buffer[(x, y)].symbol()).collect();
        assert!(line.contains("A01") && line.contains('★'), "{line}");
        let star = find(buffer, y, "★");
        assert_eq!(buffer[(star, y)].fg, Color::Yellow);
    }

    /// Every cell where `text` starts, row by row.
    fn locate(buffer: &Buffer, text: &str) -> Vec<(u16, u16)> {
        let area = buffer.area;
        let mut found = Vec::new();
        for y in area.top()..area.bottom() {
            for x in area.left()..area.right() {
                let rest: String = (x..area.right()).map(|x| buffer[(x, y)].symbol()).collect();
                if rest.starts_with(text) {
                    found.push((x, y));
                }
            }
        }
        found
    }

    #[test]
    fn clicking_a_name_on_the_person_page_selects_then_opens_it() {
        let mut app = app(80, 30);
        on_a01(&mut app);
        app.apply(Action::OpenPerson);
        let a01 = app.focus.unwrap();
        let links = app.detail.as_ref().unwrap().links.clone();
        // The first seeker listed, whose name is not A01's own.
        let (k, person) = links
            .iter()
            .enumerate()
            .skip(1)
            .map(|(k, &p)| (k, p))
            .find(|&(_, p)| p != a01)
            .unwrap();
        assert_ne!(k, app.person_cursor.selected);
        let name = app.org.person(person).name.clone();
        let terminal = draw(&app);
        let (x, y) = *locate(terminal.backend().buffer(), &name)
            .iter()
            .find(|&&(_, y)| y > 2)
            .expect("the name is on screen");
        app.apply(Action::Click { x: x + 1, y });
        assert_eq!(
            app.selected_person(),
            Some(person),
            "the click selects {name}"
        );
        assert_eq!(app.focus, Some(a01), "one click only selects");
        app.apply(Action::Click { x, y });
        assert_eq!(app.view(), View::Person);
        assert_eq!(app.focus, Some(person), "a second click opens {name}");
        // Blank space hits nothing.
        let before = app.person_cursor.selected;
        app.apply(Action::Click { x: 79, y: 28 });
        assert_eq!(app.person_cursor.selected, before);
    }

    #[test]
    fn hints_and_the_help_title_name_the_keys_a_key_file_set() {
        let mut keymap = crate::tui::keymap::Keymap::default();
        let text = r#"[
            (context: global, action: search, keys: ["o", "Ctrl-f"]),
            (context: help, action: toggle_help, keys: ["x"]),
            (context: help, action: down, keys: ["n"]),
        ]"#;
        crate::tui::keyfile::apply(text, std::path::Path::new("keys.ron"), &mut keymap).unwrap();
        let mut app = app(100, 24).with_keymap(keymap);
        let footer = |app: &App| {
            let terminal = draw(app);
            let buffer = terminal.backend().buffer();
            let y = buffer.area.bottom() - 1;
            (0..buffer.area.width)
                .map(|x| buffer[(x, y)].symbol().to_string())
                .collect::<String>()
        };
        // In Leaders `o` sorts (the view's own binding wins), so search is offered as Ctrl-f.
        let leaders = footer(&app);
        assert!(leaders.contains("Ctrl-f search"), "{leaders}");
        assert!(!leaders.contains("o search"), "{leaders}");
        assert!(leaders.contains("o sort"), "{leaders}");
        app.apply(Action::ToggleHelp);
        let terminal = draw(&app);
        let screen = format!("{:?}", terminal.backend());
        assert!(
            screen.contains(" Help · n/k scroll · x closes "),
            "{screen}"
        );
        let help = footer(&app);
        assert!(help.contains("x close  n down  k up"), "{help}");
    }

    #[test]
    fn names_with_tabs_and_joiners_keep_person_page_links_where_drawn() {
        // Every seeker asks Hub; one name holds tabs, which the page draws as spaces, and
        // one a zero-width joiner, which it drops. A click on each name opens that person.
        let names = [
            "Paul\t\t\t\t\t\t\tSousa",
            "Hugo Brennan",
            "Jo\u{200d}hn Doe",
            "Ann Lee",
            "Ravi Kaur",
        ];
        let mut people = String::from("Person(id: \"h\", name: \"Hub\", department: \"A\"), ");
        let mut advice = String::new();
        for (i, name) in names.iter().enumerate() {
            let _ = write!(
                people,
                "Person(id: \"{i}\", name: {name:?}, department: \"B\"), "
            );
            let _ = write!(advice, "(seeker: \"{i}\", advisor: \"h\"), ");
        }
        let org = team_from_str(&format!(
            "Team(name: \"t\", people: [{people}], advice: [{advice}])"
        ))
        .unwrap();
        let mut app = App::new(org, Settings::default());
        app.apply(Action::Resize {
            width: 60,
            height: 20,
        });
        let hub = app.org.find("h").unwrap();
        app.focus = Some(hub);
        app.apply(Action::OpenPerson);
        let links = app.detail.as_ref().unwrap().links.clone();
        let seekers: Vec<PersonIx> = links.iter().copied().filter(|&p| p != hub).collect();
        assert_eq!(seekers.len(), names.len());
        assert_eq!(seekers.len(), links.len());
        let terminal = draw(&app);
        let buffer = terminal.backend().buffer().clone();
        for person in seekers {
            let name = app.org.person(person).name.clone();
            let drawn = crate::text::shown(&name).into_owned();
            assert!(!drawn.contains(['\t', '\u{200d}']), "{drawn:?}");
            let (x, y) = *locate(&buffer, &drawn)
                .iter()
                .find(|&&(_, y)| y > 2)
                .unwrap_or_else(|| panic!("{drawn:?} is on screen"));
            let end = x + crate::text::width(&drawn) as u16 - 1;
            for x in [x, end] {
                let link = person::hit(&app, x, y).map(|k| links[k]);
                assert_eq!(link, Some(person), "a click on {drawn:?} at column {x}");
            }
        }
    }

    #[test]
    fn clicking_a_dot_in_the_graph_selects_that_person() {
        let mut app = app(100, 30);
        on_a01(&mut app);
        app.apply(Action::ShowView(View::Graph));
        let terminal = draw(&app);
        let buffer = terminal.backend().buffer();
        let selected = app.graph.selected;
        // A dot away from the selected one; its label is printed on the same row.
        let people: Vec<_> = app
            .graph
            .network
            .as_ref()
            .unwrap()
            .nodes
            .iter()
            .map(|n| n.person)
            .collect();
        let (x, y) = locate(buffer, "●")
            .into_iter()
            .find_map(|(x, y)| {
                let row: String = (0..100).map(|x| buffer[(x, y)].symbol()).collect();
                people
                    .iter()
                    .enumerate()
                    .filter(|&(i, _)| i != selected)
                    .any(|(_, &p)| row.contains(app.org.person(p).name.as_str()))
                    .then_some((x, y))
            })
            .expect("a labelled dot");
        app.apply(Action::Click { x, y });
        let chosen = app.graph.selected;
        assert_ne!(chosen, selected, "the click moved the selection");
        let person = people[chosen];
        let name = &app.org.person(person).name;
        let row: String = (0..100).map(|x| buffer[(x, y)].symbol()).collect();
        assert!(
            row.contains(name.as_str()),
            "{name} is labelled on the clicked row: {row}"
        );
        app.apply(Action::Click { x, y });
        assert_eq!((app.view(), app.focus), (View::Person, Some(person)));
    }

    /// A browser of `org` whose betweenness is computed on another thread.
    fn in_background(org: crate::model::Org, width: u16, height: u16) -> App {
        use crate::metrics::{Centralities, Sources};
        let settings = Settings::default();
        let skip = Settings {
            sources: Sources::Skip,
            ..settings
        };
        let partial = Centralities::compute(&org, &skip);
        let mut app =
            App::with_centralities(org, settings, partial).with_betweenness_in_background();
        app.apply(Action::Resize { width, height });
        app
    }

    /// Waits (a minute at most) until `app` has taken its background betweenness in.
    fn arrive(app: &mut App) {
        let deadline = std::time::Instant::now() + std::time::Duration::from_mins(1);
        while !app.poll_background() {
            assert!(
                std::time::Instant::now() < deadline,
                "betweenness never came"
            );
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
    }

    /// The same browser with betweenness computed first, and computed on another thread
    /// while it is used: the same actions, the same ranks, sort orders, brokers and
    /// filters once it has arrived. Until then the column shows `…`, the status line the
    /// progress, and export waits.
    #[test]
    fn betweenness_from_the_background_shows_what_computing_it_first_shows() {
        use crate::metrics::Role;
        let org = team_from_str(crate::cli::SAMPLE_TEAM).unwrap();
        let settings = Settings::default();
        let actions = [
            Action::CycleScope,
            Action::SortBy(Column::Betweenness),
            Action::CycleMetric,
            Action::CycleMetric,
            Action::CycleMetric,
        ];
        let mut first = App::new(org.clone(), settings);
        first.apply(Action::Resize {
            width: 110,
            height: 30,
        });
        let mut later = in_background(org, 110, 30);
        for action in actions {
            first.apply(action);
            later.apply(action);
        }
        assert!(later.betweenness_pending());
        let waiting = screen_lines(&draw(&later));
        let header = waiting.iter().position(|l| l.contains("pagerank")).unwrap();
        for row in &waiting[header + 1..header + 22] {
            assert!(row.contains(" … "), "{row:?}");
        }
        // Ranked by betweenness meanwhile: the status line says the list is made again.
        assert!(
            waiting[29].contains("betweenness is still being computed ("),
            "{waiting:#?}"
        );
        // Without a message, the progress takes the place of the key hints.
        later.apply(Action::Down);
        let moved = screen_lines(&draw(&later));
        assert!(moved[29].contains(" computing betweenness ("), "{moved:#?}");
        later.apply(Action::Up);
        // Nobody is a broker yet: Krackhardt's A18 is one once it has arrived.
        let rows = header + 1..header + 22;
        assert!(
            !waiting[rows.clone()].iter().any(|l| l.contains('⇄')),
            "{waiting:#?}"
        );
        later.apply(Action::Export);
        assert_eq!(later.mode(), Mode::Normal);
        assert!(
            later
                .status()
                .is_some_and(|s| s.text.contains("still being computed")),
            "{:?}",
            later.status()
        );

        arrive(&mut later);
        assert!(!later.betweenness_pending());
        assert_eq!(
            later.centralities.betweenness, first.centralities.betweenness,
            "the background thread computes what the browser's first computation did"
        );
        // The table, caption and legend alike; the status lines say different things.
        let (a, b) = (screen_lines(&draw(&first)), screen_lines(&draw(&later)));
        assert_eq!(a[..29], b[..29]);
        assert!(b[rows].iter().any(|l| l.contains('⇄')), "{b:#?}");
        assert!(
            later
                .status()
                .is_some_and(|s| s.text.contains("betweenness is ready")),
            "{:?}",
            later.status()
        );
        for action in [
            Action::CycleRole,
            Action::CycleRole,
            Action::CycleRole,
            Action::CycleRole,
        ] {
            first.apply(action);
            later.apply(action);
            assert_eq!(first.leader_rows(), later.leader_rows());
        }
        assert_eq!(later.leaders().role, Some(Role::Broker));
        assert!(!later.leader_rows().is_empty());
    }

    /// The Person view stays as it was when betweenness arrives (its links and cursor
    /// too), and a list that was empty while it was computed (filtered to brokers) puts
    /// the focus on the first broker, as a key press would.
    #[test]
    fn betweenness_arriving_keeps_the_person_view_and_moves_the_focus() {
        use crate::metrics::Role;
        let background = || {
            let org = team_from_str(crate::cli::SAMPLE_TEAM).unwrap();
            in_background(org, 100, 30)
        };
        let mut person = background();
        on_a01(&mut person);
        person.apply(Action::OpenPerson);
        person.apply(Action::Down);
        person.apply(Action::Down);
        let link = person.selected_person();
        assert!(link.is_some());
        arrive(&mut person);
        assert_eq!(person.view(), View::Person);
        assert_eq!(person.selected_person(), link);
        let lines = screen_lines(&draw(&person));
        assert!(
            lines.iter().any(|l| l.contains("Management chain")),
            "{lines:#?}"
        );

        let mut brokers = background();
        for _ in 0..4 {
            brokers.apply(Action::CycleRole);
        }
        assert_eq!(brokers.leaders().role, Some(Role::Broker));
        assert!(brokers.leaders().shown.is_empty());
        // Round the scopes back to chain: the status line says what chain means, a note
        // that the news of betweenness replaces.
        for _ in 0..3 {
            brokers.apply(Action::CycleScope);
        }
        assert!(
            brokers
                .status()
                .is_some_and(|s| s.text.starts_with("scope chain")),
            "{:?}",
            brokers.status()
        );
        arrive(&mut brokers);
        assert!(
            brokers
                .status()
                .is_some_and(|s| s.text.starts_with("betweenness is ready")),
            "{:?}",
            brokers.status()
        );
        let first = brokers.leaders().shown.first().copied();
        assert!(first.is_some());
        assert_eq!(brokers.focus(), first);
    }
}
