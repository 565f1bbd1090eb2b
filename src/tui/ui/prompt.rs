//! The export prompt: a file name, a format, and what will be written.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget};

use crate::io::ListFormat;
use crate::tui::app::App;

use super::{fit, popup};

/// Draws the export prompt over the body.
pub fn render(app: &App, body: Rect, buf: &mut Buffer) {
    let theme = app.theme;
    let area = popup(body, 72, 7);
    Clear.render(area, buf);
    let inner_width = area.width.saturating_sub(2) as usize;
    let formats: Vec<Span> = [ListFormat::Csv, ListFormat::Json, ListFormat::Markdown]
        .iter()
        .flat_map(|&f| {
            let style = if f == app.export_format() {
                theme.tab_active
            } else {
                theme.tab
            };
            [
                Span::styled(format!(" {} ", f.extension()), style),
                Span::raw(" "),
            ]
        })
        .collect();
    let mut format_line = vec![Span::styled("format ", theme.dim)];
    format_line.extend(formats);
    let lines = vec![
        Line::styled(
            fit(
                &format!(
                    "{} people · {}",
                    crate::text::thousands(app.leaders.shown.len()),
                    app.leader_caption()
                ),
                inner_width,
            ),
            theme.dim,
        ),
        Line::from(vec![
            Span::styled("file   ", theme.dim),
            Span::raw(crate::text::fit_tail(
                &app.export.path,
                inner_width.saturating_sub(8),
            )),
            Span::styled("▏", theme.key),
        ]),
        Line::from(format_line),
        Line::raw(""),
        Line::from(vec![
            Span::styled("Enter", theme.key),
            Span::raw(if app.export.replacing.is_some() {
                " replace the file  "
            } else {
                " write  "
            }),
            Span::styled("Tab", theme.key),
            Span::raw(" next format  "),
            Span::styled("Esc", theme.key),
            Span::raw(" cancel"),
        ]),
    ];
    Paragraph::new(lines)
        .block(
            Block::bordered()
                .border_style(theme.border)
                .title(Line::styled(" Export the Leaders list ", theme.title)),
        )
        .render(area, buf);
}
