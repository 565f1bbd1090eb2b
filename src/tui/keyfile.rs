//! The user's key file: a RON list that rebinds only the actions it names.
//!
//! ```ron
//! // ~/.config/roving/keys.ron (or `roving --keys FILE`)
//! [
//!     (context: leaders, action: search, keys: ["/", "Ctrl-f"]),
//!     (context: global, action: quit, keys: ["q", "Ctrl-q"]),
//!     (context: global, action: show_view(graph), keys: ["Ctrl-g"]),
//! ]
//! ```
//!
//! Every other binding keeps its default (gitui's `key_list` works the same way).

use std::path::{Path, PathBuf};

use crossterm::event::{KeyCode, KeyModifiers};
use serde::Deserialize;
use thiserror::Error;

use super::action::Action;
use super::keymap::{Binding, Key, KeyContext, Keymap};

/// One entry of a key file.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rebind {
    /// Where the keys apply.
    pub context: KeyContext,
    /// The action they trigger.
    pub action: Action,
    /// Key names: `q`, `Ctrl-f`, `Alt-x`, `Enter`, `Esc`, `Tab`, `Shift-Tab`, `Backspace`,
    /// `Space`, `Up`, `Down`, `Left`, `Right`, `PgUp`, `PgDn`, `Home`, `End`, `F1`..`F24`;
    /// `Shift-` only on `Tab` and letters (`Shift-e` is `E`).
    pub keys: Vec<String>,
}

/// A key file that could not be used.
#[derive(Debug, Error)]
pub enum KeyFileError {
    /// Unreadable file.
    #[error("cannot read key file '{}': {reason}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// What the system said.
        reason: std::io::Error,
    },
    /// Not a list of `(context, action, keys)` entries.
    #[error("{}:{line}:{column}: {message}; see the key file example in the README", path.display())]
    Syntax {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// The parser's message.
        message: String,
    },
    /// A key name roving does not know.
    #[error("{}:{line}:{column}: unknown key '{key}'; write keys like 'q', 'Ctrl-f', 'Enter', 'PgDn' or 'F1'", path.display())]
    UnknownKey {
        /// The file.
        path: PathBuf,
        /// 1-based line of the name.
        line: usize,
        /// 1-based column of the name.
        column: usize,
        /// The name as written.
        key: String,
    },
    /// The file gives one key to two actions in one place.
    #[error("{}:{line}:{column}: {detail}; give each key to one action", path.display())]
    Conflict {
        /// The file.
        path: PathBuf,
        /// 1-based line of the second use.
        line: usize,
        /// 1-based column of the second use.
        column: usize,
        /// The key, both actions, the first one's line and the context, in words.
        detail: String,
    },
}

/// The key file roving reads when `--keys` is not given, if it exists:
/// `$XDG_CONFIG_HOME/roving/keys.ron`, else `~/.config/roving/keys.ron`.
pub fn default_path() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".config")))?;
    Some(base.join("roving").join("keys.ron"))
}

/// Reads a key file and applies it to `keymap`.
///
/// # Errors
///
/// [`KeyFileError`] with the file, line and column of the problem.
pub fn load(path: &Path, keymap: &mut Keymap) -> Result<Vec<String>, KeyFileError> {
    let text = std::fs::read_to_string(path).map_err(|reason| KeyFileError::Read {
        path: path.to_path_buf(),
        reason,
    })?;
    apply(&text, path, keymap)
}

/// Parses key-file text and applies it to `keymap`.
///
/// # Errors
///
/// As [`load`].
pub fn apply(text: &str, path: &Path, keymap: &mut Keymap) -> Result<Vec<String>, KeyFileError> {
    let entries: Vec<Rebind> = ron::from_str(text).map_err(|e| KeyFileError::Syntax {
        path: path.to_path_buf(),
        line: e.span.start.line,
        column: e.span.start.col,
        message: e.code.to_string(),
    })?;
    // What the file changed besides what it names: keys taken from other actions.
    let mut notes = Vec::new();
    // Keys the file itself gives, per place: (action, line) of the first.
    let mut given: Vec<(KeyContext, Key, Action, usize)> = Vec::new();
    // How often each quoted name has been read so far, to place the next one.
    let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for entry in &entries {
        let mut keys = Vec::new();
        for name in &entry.keys {
            let nth = seen.entry(name.as_str()).or_default();
            let (line, column) = position_of(text, &format!("\"{name}\""), *nth);
            *nth += 1;
            let key = parse_key(name).ok_or_else(|| KeyFileError::UnknownKey {
                path: path.to_path_buf(),
                line,
                column,
                key: name.clone(),
            })?;
            if let Some(&(_, _, first, first_line)) = given
                .iter()
                .find(|g| g.0 == entry.context && g.1 == key && g.2 != entry.action)
            {
                return Err(KeyFileError::Conflict {
                    path: path.to_path_buf(),
                    line,
                    column,
                    detail: format!(
                        "'{name}' is given to '{}' here and to '{}' on line {first_line} ({})",
                        entry.action.label(),
                        first.label(),
                        entry.context.title().to_lowercase()
                    ),
                });
            }
            given.push((entry.context, key, entry.action, line));
            keys.push(key);
        }
        // Keys this entry adds (a key it already had changes nothing elsewhere).
        let added: Vec<Key> =
            keys.iter()
                .copied()
                .filter(|&key| {
                    !keymap.bindings().iter().any(|b| {
                        b.context == entry.context && b.action == entry.action && b.key == key
                    })
                })
                .collect();
        let mut elsewhere = Vec::new();
        // The same key in another context: a view's own binding comes before the global one.
        for other in keymap.bindings() {
            if other.context == entry.context
                || other.action == entry.action
                || !added.contains(&other.key)
            {
                continue;
            }
            if entry.context == KeyContext::Global {
                elsewhere.push(format!(
                    "{}: {} does '{}', but in {} it still does '{}'",
                    path.display(),
                    other.key,
                    entry.action.label(),
                    other.context.title(),
                    other.action.label()
                ));
            } else if other.context == KeyContext::Global {
                elsewhere.push(format!(
                    "{}: in {}, {} now does '{}' instead of '{}'",
                    path.display(),
                    entry.context.title(),
                    other.key,
                    entry.action.label(),
                    other.action.label()
                ));
            }
        }
        for taken in keymap.rebind(entry.context, entry.action, &keys) {
            notes.push(format!(
                "{}: {} now does '{}', no longer '{}'",
                path.display(),
                taken.key,
                entry.action.label(),
                taken.action.label()
            ));
        }
        // What no longer works where it was comes first, then what now differs elsewhere.
        notes.append(&mut elsewhere);
        if keys.is_empty() {
            notes.push(format!(
                "{}: '{}' has no key in {} now",
                path.display(),
                entry.action.label(),
                entry.context.title()
            ));
        }
    }
    Ok(notes)
}

/// Line and column (1-based) of occurrence `nth` (from 0) of `needle`, or (0, 0).
fn position_of(text: &str, needle: &str, nth: usize) -> (usize, usize) {
    text.match_indices(needle)
        .nth(nth)
        .map_or((0, 0), |(at, _)| {
            let before = &text[..at];
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            (line, column)
        })
}

/// Parses a key name such as `Ctrl-f`, `Shift-Tab` or `PgDn`.
pub fn parse_key(name: &str) -> Option<Key> {
    let mut modifiers = KeyModifiers::NONE;
    let mut rest = name;
    // Modifier and key names in any case (`ctrl-f`, `CTRL-F`, `pgdn`); a single character
    // is itself (`e` and `E` are two keys).
    let strip = |text: &'static str, rest: &str| -> Option<usize> {
        rest.get(..text.len())
            .filter(|head| head.eq_ignore_ascii_case(text))
            .map(str::len)
    };
    loop {
        let (prefix, flag) = if let Some(n) = strip("Ctrl-", rest) {
            (&rest[n..], KeyModifiers::CONTROL)
        } else if let Some(n) = strip("Alt-", rest) {
            (&rest[n..], KeyModifiers::ALT)
        } else if let Some(n) = strip("Shift-", rest) {
            (&rest[n..], KeyModifiers::SHIFT)
        } else {
            break;
        };
        if prefix.is_empty() {
            break; // "Ctrl-" alone: the '-' key with Ctrl is written "Ctrl--"
        }
        modifiers |= flag;
        rest = prefix;
    }
    let named = if rest.chars().count() > 1 {
        rest.to_ascii_lowercase()
    } else {
        rest.to_string()
    };
    let code = match named.as_str() {
        "enter" => KeyCode::Enter,
        "esc" => KeyCode::Esc,
        "tab" if modifiers.contains(KeyModifiers::SHIFT) => {
            modifiers.remove(KeyModifiers::SHIFT);
            KeyCode::BackTab
        }
        "tab" => KeyCode::Tab,
        "backspace" => KeyCode::Backspace,
        "space" => KeyCode::Char(' '),
        "up" | "↑" => KeyCode::Up,
        "down" | "↓" => KeyCode::Down,
        "left" | "←" => KeyCode::Left,
        "right" | "→" => KeyCode::Right,
        "pgup" | "pageup" => KeyCode::PageUp,
        "pgdn" | "pagedown" => KeyCode::PageDown,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        f if f.len() > 1 && f.starts_with('f') => {
            KeyCode::F(f[1..].parse().ok().filter(|n| (1..=24).contains(n))?)
        }
        single => {
            let mut chars = single.chars();
            let c = chars.next()?;
            if chars.next().is_some() {
                return None;
            }
            // Shift is part of the character itself ("E", "?"), as key events report it:
            // `Shift-e` is `E`. On other characters it depends on the keyboard layout
            // (`Shift-1` is `!` on some), so the character itself must be written.
            let c = if modifiers.contains(KeyModifiers::SHIFT) {
                modifiers.remove(KeyModifiers::SHIFT);
                if !c.is_alphabetic() {
                    return None;
                }
                c.to_uppercase().next().unwrap_or(c)
            } else {
                c
            };
            // A terminal sends Ctrl-F and Ctrl-f as one byte: one key.
            if modifiers.contains(KeyModifiers::CONTROL) {
                KeyCode::Char(c.to_ascii_lowercase())
            } else {
                KeyCode::Char(c)
            }
        }
    };
    Some(Key { code, modifiers })
}

impl Keymap {
    /// Replaces the keys of `action` in `context` with `keys`, keeping the help order, and
    /// unbinds those keys from any other action in the same context: those bindings are
    /// returned, for telling the user.
    pub fn rebind(&mut self, context: KeyContext, action: Action, keys: &[Key]) -> Vec<Binding> {
        let bindings = self.bindings_mut();
        let taken: Vec<Binding> = bindings
            .iter()
            .filter(|b| b.context == context && b.action != action && keys.contains(&b.key))
            .copied()
            .collect();
        let at = bindings
            .iter()
            .position(|b| b.context == context && (b.action == action || keys.contains(&b.key)))
            .unwrap_or(bindings.len());
        let before = bindings[..at].len();
        bindings
            .retain(|b| !(b.context == context && (b.action == action || keys.contains(&b.key))));
        let at = before.min(bindings.len());
        let new = keys.iter().map(|&key| Binding {
            context,
            key,
            action,
        });
        bindings.splice(at..at, new);
        taken
    }
}

#[cfg(test)]
mod tests {
    use crossterm::event::KeyEvent;

    use super::*;
    use crate::tui::action::View;

    #[test]
    fn names_parse() {
        assert_eq!(parse_key("q"), Some(Key::char('q')));
        assert_eq!(parse_key("Ctrl-f"), Some(Key::ctrl('f')));
        assert_eq!(parse_key("Shift-Tab"), Some(Key::plain(KeyCode::BackTab)));
        assert_eq!(parse_key("PgDn"), Some(Key::plain(KeyCode::PageDown)));
        assert_eq!(parse_key("F5"), Some(Key::plain(KeyCode::F(5))));
        assert_eq!(parse_key("Space"), Some(Key::char(' ')));
        assert_eq!(parse_key("Ctrl+f"), None);
        assert_eq!(parse_key("F99"), None);
        // Shift on a letter is the capital, which is what the terminal sends; on anything
        // else it depends on the keyboard, so it is refused.
        assert_eq!(parse_key("Shift-x"), parse_key("X"));
        assert_eq!(parse_key("shift-X"), parse_key("X"));
        assert_eq!(parse_key("Shift-1"), None);
        assert_eq!(parse_key("Ctrl-Shift-f"), parse_key("Ctrl-f"));
        assert_eq!(parse_key(""), None);
    }

    #[test]
    fn a_file_rebinds_only_what_it_names() {
        let mut keymap = Keymap::default();
        let text = r#"[
            (context: global, action: search, keys: ["Ctrl-f"]),
            (context: global, action: show_view(graph), keys: ["G"]),
        ]"#;
        apply(text, Path::new("keys.ron"), &mut keymap).unwrap();
        let press = |key: Key| KeyEvent::new(key.code, key.modifiers);
        let leaders = [KeyContext::Leaders, KeyContext::Global];
        assert_eq!(
            keymap.action(&leaders, press(Key::ctrl('f'))),
            Some(Action::Search)
        );
        assert_eq!(
            keymap.action(&leaders, press(Key::char('/'))),
            None,
            "old key unbound"
        );
        assert_eq!(
            keymap.action(&leaders, press(Key::char('G'))),
            Some(Action::ShowView(View::Graph))
        );
        // Untouched bindings keep working, and the help lists the new keys.
        assert_eq!(
            keymap.action(&leaders, press(Key::char('q'))),
            Some(Action::Quit)
        );
        assert!(
            keymap
                .describe(KeyContext::Global)
                .iter()
                .any(|(k, a)| k == "Ctrl-f" && *a == Action::Search)
        );
    }

    #[test]
    fn keys_taken_from_other_actions_are_told() {
        let mut keymap = Keymap::default();
        let text = r#"[
            (context: global, action: quit, keys: ["Q"]),
            (context: leaders, action: search, keys: ["s"]),
            (context: leaders, action: export, keys: []),
            (context: global, action: show_view(graph), keys: ["G"]),
            (context: org_chart, action: toggle_fold, keys: ["x"]),
        ]"#;
        let notes = apply(text, Path::new("keys.ron"), &mut keymap).unwrap();
        for expected in [
            "keys.ron: in Leaders, s now does 'search by name, id or title' instead of \
             'scope: chain → team → department'",
            "keys.ron: 'export the Leaders list as shown' has no key in Leaders now",
            "keys.ron: G now does 'Graph view', no longer 'last row'",
            "keys.ron: G does 'Graph view', but in Help screen it still does 'last row'",
        ] {
            assert!(
                notes.iter().any(|n| n == expected),
                "{expected}\n{notes:#?}"
            );
        }
        assert!(!notes.iter().any(|n| n.contains(" Q ")), "{notes:#?}");
    }

    #[test]
    fn bad_files_name_line_and_column() {
        let mut keymap = Keymap::default();
        let err = apply(
            "[\n  (context: leaders, action: search, keys: [\"Ctrl+f\"]),\n]",
            Path::new("k.ron"),
            &mut keymap,
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "k.ron:2:45: unknown key 'Ctrl+f'; write keys like 'q', 'Ctrl-f', 'Enter', 'PgDn' or 'F1'"
        );
        let err = apply(
            "[(context: leaders, action: serch, keys: [])]",
            Path::new("k.ron"),
            &mut keymap,
        )
        .unwrap_err();
        assert!(err.to_string().starts_with("k.ron:1:"), "{err}");
    }

    /// Modifier and key names in any case; a single character as written.
    #[test]
    fn names_are_read_in_any_case() {
        assert_eq!(parse_key("ctrl-f"), Some(Key::ctrl('f')));
        assert_eq!(parse_key("CTRL-F"), Some(Key::ctrl('f')));
        assert_eq!(parse_key("shift-tab"), parse_key("Shift-Tab"));
        assert_eq!(parse_key("pgdn"), Some(Key::plain(KeyCode::PageDown)));
        assert_eq!(parse_key("f5"), Some(Key::plain(KeyCode::F(5))));
        assert_eq!(parse_key("ENTER"), Some(Key::plain(KeyCode::Enter)));
        assert_ne!(parse_key("e"), parse_key("E"));
    }

    /// One key given to two actions in one place by the file itself is a mistake: before,
    /// the second silently took it from the first.
    #[test]
    fn a_key_given_twice_in_one_place_is_an_error() {
        let mut keymap = Keymap::default();
        let err = apply(
            "[\n  (context: global, action: search, keys: [\"x\"]),\n  (context: global, action: quit, keys: [\"x\"]),\n]",
            Path::new("k.ron"),
            &mut keymap,
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "k.ron:3:42: 'x' is given to 'quit' here and to 'search by name, id or title' on \
             line 2 (everywhere); give each key to one action"
        );
        // In two places, or to the same action twice, it is fine.
        let mut keymap = Keymap::default();
        apply(
            "[(context: leaders, action: search, keys: [\"x\", \"x\"]),\n (context: org_chart, action: toggle_fold, keys: [\"x\"])]",
            Path::new("k.ron"),
            &mut keymap,
        )
        .unwrap();
    }

    /// Typed characters, clicks and resizes are events, not actions a key can be given: a
    /// key file that binds one is refused, and the list of actions in the message leaves
    /// them out. `sort_by(column)` is an action like the others.
    #[test]
    fn events_are_not_actions_a_key_file_can_bind() {
        for action in [
            "input('a')",
            "click(x: 1, y: 1)",
            "resize(width: 1, height: 1)",
        ] {
            let err = apply(
                &format!("[(context: global, action: {action}, keys: [\"x\"])]"),
                Path::new("k.ron"),
                &mut Keymap::default(),
            )
            .unwrap_err()
            .to_string();
            let (_, expected) = err.split_once("expected one of").expect(&err);
            for event in ["`input`", "`click`", "`resize`"] {
                assert!(!expected.contains(event), "{err}");
            }
            assert!(expected.contains("`sort_by`"), "{err}");
        }
        apply(
            "[(context: leaders, action: sort_by(pagerank), keys: [\"P\"])]",
            Path::new("k.ron"),
            &mut Keymap::default(),
        )
        .unwrap();
    }
}
