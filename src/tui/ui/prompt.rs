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
    // What will be written, filters and all, in as many lines as it takes (up to three):
    // cut, it would hide a filter the file has.
    let summary = format!(
        "{} · {}",
        crate::text::count(app.leaders.shown.len(), "person", "people"),
        app.leader_caption()
    );
    let width = body.width.saturating_sub(4).clamp(72.min(body.width), 100);
    let inner_width = width.saturating_sub(2) as usize;
    let summary_lines = crate::text::width(&summary)
        .div_ceil(inner_width.max(1))
        .clamp(1, 3);
    let area = popup(body, width, 6 + summary_lines as u16);
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
    let mut lines: Vec<Line> = wrapped(&summary, inner_width, summary_lines)
        .into_iter()
        .map(|text| Line::styled(text, theme.dim))
        .collect();
    lines.extend([
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
    ]);
    Paragraph::new(lines)
        .block(
            Block::bordered()
                .border_style(theme.border)
                .title(Line::styled(" Export the Leaders list ", theme.title)),
        )
        .render(area, buf);
}

/// `text` in at most `most` lines of `width` columns, broken at spaces where it can, the
/// last line cut with `…` when it does not fit.
fn wrapped(text: &str, width: usize, most: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut rest = text;
    while lines.len() + 1 < most && crate::text::width(rest) > width {
        // The longest head of `rest` that fits in `width` columns.
        let mut used = 0;
        let end = rest
            .char_indices()
            .find(|&(_, c)| {
                used += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
                used > width
            })
            .map_or(rest.len(), |(i, _)| i);
        let cut = rest[..end].rfind(' ').filter(|&i| i > 0).unwrap_or(end);
        if cut == 0 {
            break;
        }
        lines.push(fit(&rest[..cut], width));
        rest = rest[cut..].trim_start();
    }
    lines.push(fit(rest, width));
    lines
}
