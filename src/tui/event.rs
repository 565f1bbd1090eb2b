//! The event loop: draw, wait for input, translate it into actions, apply them, repeat.

use std::time::{Duration, Instant};

use anyhow::Context as _;
use crossterm::event::{self, Event, KeyCode, KeyEventKind, MouseButton, MouseEventKind};

use super::action::{Action, Effect};
use super::app::App;
use super::keymap::KeyContext;
use super::terminal::Tui;
use super::{export, ui};

/// How often the screen is drawn again while betweenness is computed in the background.
const PROGRESS_TICK: Duration = Duration::from_millis(250);

/// Translates one terminal event into an action, if it means one.
pub fn translate(app: &App, event: &Event) -> Option<Action> {
    match event {
        // A terminal too small to show anything takes only the keys that quit: keys typed
        // blind would change what shows once it is larger.
        Event::Key(key) if key.kind != KeyEventKind::Release && app.too_small() => {
            let q = key.code == KeyCode::Char('q') && key.modifiers.is_empty();
            let quit = app.keymap().action(&[KeyContext::Global], *key) == Some(Action::Quit);
            (q || quit).then_some(Action::Quit)
        }
        Event::Mouse(_) if app.too_small() => None,
        Event::Key(key) if key.kind != KeyEventKind::Release => {
            app.keymap().action(&app.key_contexts(), *key)
        }
        Event::Mouse(mouse) => match mouse.kind {
            MouseEventKind::ScrollDown => Some(Action::ScrollDown),
            MouseEventKind::ScrollUp => Some(Action::ScrollUp),
            MouseEventKind::Down(MouseButton::Left) => Some(Action::Click {
                x: mouse.column,
                y: mouse.row,
            }),
            _ => None,
        },
        Event::Resize(width, height) => Some(Action::Resize {
            width: *width,
            height: *height,
        }),
        _ => None,
    }
}

/// Runs until the user quits. Input that arrives while a frame is drawn is applied in one
/// batch before the next frame, so holding a key never queues up frames.
pub fn run(terminal: &mut Tui, app: &mut App) -> anyhow::Result<()> {
    let size = terminal.size().context("cannot read the terminal size")?;
    app.apply(Action::Resize {
        width: size.width,
        height: size.height,
    });
    loop {
        app.poll_background();
        terminal
            .draw(|frame| ui::render(app, frame))
            .context("cannot draw on the terminal")?;
        // While the user reads, cache what they may ask for next (other scopes, rankings,
        // sort orders), one piece at a time so a key press waits for one piece at most.
        // While betweenness is computed in the background, the screen shows its progress
        // and takes it in when it is done: it is drawn again every tick without input.
        let drawn = Instant::now();
        while !event::poll(Duration::ZERO)? {
            if app.betweenness_pending() && drawn.elapsed() >= PROGRESS_TICK {
                break;
            }
            if !app.warm_up() {
                break;
            }
        }
        if app.betweenness_pending() && !event::poll(PROGRESS_TICK.saturating_sub(drawn.elapsed()))?
        {
            continue;
        }
        let mut next = Some(event::read().context("cannot read terminal input")?);
        while let Some(event) = next {
            if let Some(action) = translate(app, &event)
                && let Some(effect) = app.apply(action)
            {
                perform(app, effect);
            }
            if app.should_quit() {
                return Ok(());
            }
            next = if event::poll(Duration::ZERO)? {
                Some(event::read()?)
            } else {
                None
            };
        }
    }
}

/// Does the work an action asked for and reports the outcome on the status line.
pub fn perform(app: &mut App, effect: Effect) {
    match effect {
        Effect::Export { path, format } => match export::write(app, &path, format) {
            Ok(message) => app.set_status(message, false),
            // The prompt opens again over the error, with the name typed, to be corrected:
            // keys typed next belong to it, not to the Leaders view.
            Err(err) => {
                app.reopen_export();
                app.set_status(format!("{err:#}"), true);
            }
        },
    }
}
