//! The help screen: every key, generated from the keymap so it cannot drift from what the
//! keys do, and plain words on each metric and role, starting from Nayar's tip.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget, Wrap};

use crate::metrics::Role;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::keymap::KeyContext;

use super::popup;

/// The help text, one line per entry.
pub fn lines(app: &App) -> Vec<Line<'static>> {
    let theme = app.theme;
    let mut lines = vec![
        Line::styled("What roving looks for", theme.header),
        Line::raw(
            "Vineet Nayar's tip: to find the leaders in your company, count the people outside \
             your reporting hierarchy who come to you for advice. Managers hold authority; \
             leaders hold influence. roving counts that for everybody and sets it against \
             the org chart.",
        ),
        Line::raw(""),
        Line::styled("Measures", theme.header),
    ];
    let measures = [
        (
            "nayar",
            "Nayar count: distinct people outside the person's reporting hierarchy who come to \
             them for advice. The scope says who is outside: chain = not above them and not \
             below them; team = also not a peer under the same manager; department = also \
             not in the same department.",
        ),
        (
            "in",
            "in-degree: everybody who comes to them for advice, hierarchy or not.",
        ),
        (
            "pagerank",
            "PageRank: advice from people who are themselves sought counts more (damping 0.85).",
        ),
        (
            "betw.",
            "betweenness: how often they sit on the shortest advice path between two others; \
             high for people who connect groups.",
        ),
        (
            "from outside",
            "Org chart column: of all the advice the people of a subtree seek, the share that \
             goes to people outside that subtree.",
        ),
    ];
    for (name, words) in measures {
        lines.push(Line::from(vec![
            Span::styled(format!("  {name:<13}"), theme.key),
            Span::raw(words),
        ]));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("Roles", theme.header));
    for role in Role::ALL {
        lines.push(Line::from(vec![
            Span::styled(
                format!("  {} {:<17}", role.symbol(), role.name()),
                theme.role(role),
            ),
            Span::raw(role.definition(&app.settings.thresholds)),
        ]));
    }
    for context in [
        KeyContext::Global,
        KeyContext::Leaders,
        KeyContext::OrgChart,
        KeyContext::Person,
        KeyContext::Graph,
        KeyContext::Search,
        KeyContext::Export,
        KeyContext::Help,
    ] {
        let keys = app.keymap.describe(context);
        if keys.is_empty() {
            continue;
        }
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            format!("Keys: {}", context.title()),
            theme.header,
        ));
        for (key, action) in keys {
            lines.push(Line::from(vec![
                Span::styled(format!("  {key:<22}"), theme.key),
                Span::raw(label_in(context, action)),
            ]));
        }
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("Mouse", theme.header));
    lines.push(Line::raw(
        "  wheel scrolls; click a tab to switch, a header to sort, a row, a name or a dot to \
         select it, the selected one to open it, a ▸/▾ marker to fold.",
    ));
    lines
}

/// Draws the help screen over the body.
/// The highest scroll position: the help text's rows once wrapped to the box, less the
/// rows the box shows. Counting unwrapped lines stopped the scroll a screen or more short
/// of the end (the Mouse section could not be reached).
pub fn last_scroll(app: &App) -> usize {
    let [_, body, _] = super::layout(app.area);
    let area = popup(body, 100, body.height);
    let (width, height) = (
        area.width.saturating_sub(2) as usize,
        area.height.saturating_sub(2) as usize,
    );
    let rows: usize = lines(app)
        .iter()
        .map(|line| {
            let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
            wrapped_rows(&text, width)
        })
        .sum();
    rows.saturating_sub(height)
}

/// Rows `text` takes when wrapped at word boundaries to `width` columns (words wider than
/// a row are broken), as the help's paragraph wraps it, or a little more.
fn wrapped_rows(text: &str, width: usize) -> usize {
    if width == 0 {
        return 1;
    }
    let mut rows = 1;
    let mut used = 0;
    for word in text.split_inclusive(' ') {
        let body = crate::text::width(word.trim_end());
        if used > 0 && used + body > width {
            rows += 1;
            used = 0;
        }
        if body > width {
            rows += (body - 1) / width;
            used = body % width;
        } else {
            used += crate::text::width(word);
        }
    }
    rows
}

/// What `action` does in `context`, where that differs from its general label.
fn label_in(context: KeyContext, action: Action) -> &'static str {
    match (context, action) {
        (KeyContext::Graph, Action::Down) => "next person in the picture",
        (KeyContext::Graph, Action::Up) => "previous person in the picture",
        (KeyContext::Help, Action::ToggleHelp | Action::Cancel) => "close the help",
        _ => action.label(),
    }
}

/// The help box's title, naming the keys that scroll and close it (a key file may have
/// moved them): ` Help · j/k scroll · ? or Esc closes ` by default.
fn title(app: &App) -> String {
    let contexts = [KeyContext::Help];
    let first = |action| app.keymap.keys_in(&contexts, action).first().copied();
    let mut parts = vec!["Help".to_string()];
    match (first(Action::Down), first(Action::Up)) {
        (Some(down), Some(up)) => parts.push(format!("{down}/{up} scroll")),
        (Some(key), None) | (None, Some(key)) => parts.push(format!("{key} scrolls")),
        (None, None) => {}
    }
    let close = app.keymap.keys_in(&contexts, Action::ToggleHelp);
    let esc = close.iter().find(|k| k.to_string() == "Esc");
    match (close.first(), esc) {
        (Some(first), Some(esc)) if first != esc => parts.push(format!("{first} or {esc} closes")),
        (Some(first), _) => parts.push(format!("{first} closes")),
        (None, _) => {}
    }
    format!(" {} ", parts.join(" · "))
}

/// Draws the help box over `body`, scrolled to `app.help_scroll`.
pub fn render(app: &App, body: Rect, buf: &mut Buffer) {
    let area = popup(body, 100, body.height);
    Clear.render(area, buf);
    let block = Block::bordered()
        .border_style(app.theme.border)
        .title(Line::styled(title(app), app.theme.title));
    Paragraph::new(lines(app))
        .block(block)
        .wrap(Wrap { trim: false })
        // A scroll set on a smaller window stops at the end of the text on a larger one.
        .scroll((
            app.help_scroll.min(last_scroll(app)).min(u16::MAX as usize) as u16,
            0,
        ))
        .render(area, buf);
}
