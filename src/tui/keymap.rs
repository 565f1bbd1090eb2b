//! Default key bindings per context, the lookup from a key press to an [`Action`], and the
//! key names the help screen shows.
//!
//! A context is where a key is read: the view on screen (its own keys first, then the global
//! ones), or a modal (help, search, export prompt) that owns the keyboard.

use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::{Deserialize, Serialize};

use super::action::{Action, View};

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyContext {
    /// Every view (after the view's own keys).
    Global,
    /// The Leaders view.
    Leaders,
    /// The Org chart view.
    OrgChart,
    /// The Person view.
    Person,
    /// The Graph view.
    Graph,
    /// The help screen.
    Help,
    /// Typing a search.
    Search,
    /// The export prompt.
    Export,
}

impl KeyContext {
    /// Heading on the help screen.
    pub fn title(self) -> &'static str {
        match self {
            KeyContext::Global => "Everywhere",
            KeyContext::Leaders => "Leaders",
            KeyContext::OrgChart => "Org chart",
            KeyContext::Person => "Person",
            KeyContext::Graph => "Graph",
            KeyContext::Help => "Help screen",
            KeyContext::Search => "Search (after /)",
            KeyContext::Export => "Export prompt (after e)",
        }
    }

    /// The context of a view's own keys.
    pub fn of(view: View) -> KeyContext {
        match view {
            View::Leaders => KeyContext::Leaders,
            View::OrgChart => KeyContext::OrgChart,
            View::Person => KeyContext::Person,
            View::Graph => KeyContext::Graph,
        }
    }

    /// True for contexts where unbound characters are typed as text.
    pub fn takes_text(self) -> bool {
        matches!(self, KeyContext::Search | KeyContext::Export)
    }
}

/// A key with its modifiers, normalised so that `Shift` is part of a character (`E`, `?`)
/// rather than a separate flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    /// The key.
    pub code: KeyCode,
    /// Control and Alt (Shift only for non-character keys).
    pub modifiers: KeyModifiers,
}

impl Key {
    /// A key with no modifiers.
    pub const fn plain(code: KeyCode) -> Key {
        Key {
            code,
            modifiers: KeyModifiers::NONE,
        }
    }

    /// A character key.
    pub const fn char(c: char) -> Key {
        Key::plain(KeyCode::Char(c))
    }

    /// A character with Control.
    pub const fn ctrl(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            modifiers: KeyModifiers::CONTROL,
        }
    }
}

impl From<KeyEvent> for Key {
    fn from(event: KeyEvent) -> Key {
        let mut modifiers = event.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT);
        let code = match event.code {
            KeyCode::BackTab => KeyCode::BackTab,
            KeyCode::Char(c) => KeyCode::Char(c),
            other => {
                modifiers |= event.modifiers & KeyModifiers::SHIFT;
                other
            }
        };
        Key { code, modifiers }
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.modifiers.contains(KeyModifiers::CONTROL) {
            f.write_str("Ctrl-")?;
        }
        if self.modifiers.contains(KeyModifiers::ALT) {
            f.write_str("Alt-")?;
        }
        if self.modifiers.contains(KeyModifiers::SHIFT) {
            f.write_str("Shift-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::BackTab => f.write_str("Shift-Tab"),
            KeyCode::Backspace => f.write_str("Backspace"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::F(n) => write!(f, "F{n}"),
            other => write!(f, "{other:?}"),
        }
    }
}

/// One key bound to one action in one context.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Binding {
    /// Where it applies.
    pub context: KeyContext,
    /// The key.
    pub key: Key,
    /// What it does.
    pub action: Action,
}

/// Every key binding. The help screen lists [`bindings`](Keymap::bindings), so it always
/// matches what the keys do.
#[derive(Debug, Clone)]
pub struct Keymap {
    bindings: Vec<Binding>,
}

impl Default for Keymap {
    fn default() -> Self {
        use Action as A;
        use KeyCode as K;
        use KeyContext as C;
        let p = Key::plain;
        let c = Key::char;
        let table: &[(C, &[Key], Action)] = &[
            (C::Global, &[c('q'), Key::ctrl('c')], A::Quit),
            (C::Global, &[p(K::Esc)], A::BackOrQuit),
            (C::Global, &[c('?'), p(K::F(1))], A::ToggleHelp),
            (C::Global, &[p(K::Tab)], A::NextView),
            (C::Global, &[p(K::BackTab)], A::PrevView),
            (C::Global, &[c('1')], A::ShowView(View::Leaders)),
            (C::Global, &[c('2')], A::ShowView(View::OrgChart)),
            (C::Global, &[c('3')], A::ShowView(View::Person)),
            (C::Global, &[c('4')], A::ShowView(View::Graph)),
            (C::Global, &[c('j'), p(K::Down)], A::Down),
            (C::Global, &[c('k'), p(K::Up)], A::Up),
            (C::Global, &[p(K::PageDown), Key::ctrl('d')], A::PageDown),
            (C::Global, &[p(K::PageUp), Key::ctrl('u')], A::PageUp),
            (C::Global, &[c('g'), p(K::Home)], A::First),
            (C::Global, &[c('G'), p(K::End)], A::Last),
            (C::Global, &[p(K::Enter)], A::OpenPerson),
            (C::Global, &[p(K::Backspace)], A::Back),
            (C::Global, &[c('s')], A::CycleScope),
            (C::Global, &[c('m')], A::CycleMetric),
            (C::Global, &[c('e')], A::Export),
            (C::Global, &[c('/')], A::Search),
            (C::Leaders, &[c('o'), c('>')], A::NextSort),
            (C::Leaders, &[c('O'), c('<')], A::PrevSort),
            (C::Leaders, &[c('r')], A::ReverseSort),
            (C::Leaders, &[c('d')], A::CycleDepartment),
            (C::Leaders, &[c('f')], A::CycleRole),
            (C::Leaders, &[c('x')], A::ClearFilters),
            (C::OrgChart, &[p(K::Right), c('l')], A::Expand),
            (C::OrgChart, &[p(K::Left), c('h')], A::Collapse),
            (C::OrgChart, &[c(' ')], A::ToggleFold),
            (C::OrgChart, &[c('E')], A::ExpandAll),
            (C::OrgChart, &[c('C')], A::CollapseAll),
            (C::OrgChart, &[c(']'), c('+')], A::Deeper),
            (C::OrgChart, &[c('['), c('-')], A::Shallower),
            (C::OrgChart, &[c('n')], A::NextLeader),
            (C::OrgChart, &[c('N')], A::PrevLeader),
            (C::Graph, &[c('t')], A::ToggleSteps),
            (C::Graph, &[c('w')], A::ToggleWhole),
            (C::Graph, &[c('l'), p(K::Right)], A::Down),
            (C::Graph, &[c('h'), p(K::Left)], A::Up),
            (
                C::Help,
                &[c('?'), c('q'), p(K::Esc), p(K::F(1))],
                A::ToggleHelp,
            ),
            (C::Help, &[c('j'), p(K::Down)], A::Down),
            (C::Help, &[c('k'), p(K::Up)], A::Up),
            (C::Help, &[p(K::PageDown), c(' ')], A::PageDown),
            (C::Help, &[p(K::PageUp)], A::PageUp),
            (C::Help, &[c('g'), p(K::Home)], A::First),
            (C::Help, &[c('G'), p(K::End)], A::Last),
            (C::Search, &[p(K::Enter)], A::Submit),
            (C::Search, &[p(K::Esc)], A::Cancel),
            (C::Search, &[p(K::Backspace)], A::DeleteChar),
            (C::Search, &[p(K::Down)], A::Down),
            (C::Search, &[p(K::Up)], A::Up),
            (C::Export, &[p(K::Enter)], A::Submit),
            (C::Export, &[p(K::Esc)], A::Cancel),
            (C::Export, &[p(K::Backspace)], A::DeleteChar),
            (C::Export, &[p(K::Tab)], A::NextFormat),
        ];
        let bindings = table
            .iter()
            .flat_map(|&(context, keys, action)| {
                keys.iter().map(move |&key| Binding {
                    context,
                    key,
                    action,
                })
            })
            .collect();
        Keymap { bindings }
    }
}

impl Keymap {
    /// The bindings, for [`rebind`](Keymap::rebind).
    pub(crate) fn bindings_mut(&mut self) -> &mut Vec<Binding> {
        &mut self.bindings
    }

    /// Every binding, in help order.
    pub fn bindings(&self) -> &[Binding] {
        &self.bindings
    }

    /// The action bound to `key`, looking through `contexts` in order. In a text context an
    /// unbound printable character is typed.
    pub fn action(&self, contexts: &[KeyContext], key: KeyEvent) -> Option<Action> {
        let key = Key::from(key);
        // Ctrl-C leaves from anywhere, even from a prompt.
        if key == Key::ctrl('c') {
            return Some(Action::Quit);
        }
        for &context in contexts {
            if let Some(binding) = self
                .bindings
                .iter()
                .find(|b| b.context == context && b.key == key)
            {
                return Some(binding.action);
            }
            if context.takes_text()
                && let KeyCode::Char(ch) = key.code
                && !key.modifiers.contains(KeyModifiers::CONTROL)
            {
                return Some(Action::Input(ch));
            }
        }
        None
    }

    /// The bindings of one context, keys merged per action: `[("j, ↓", Action::Down), ...]`.
    pub fn describe(&self, context: KeyContext) -> Vec<(String, Action)> {
        let mut lines: Vec<(String, Action)> = Vec::new();
        for binding in self.bindings.iter().filter(|b| b.context == context) {
            let key = binding.key.to_string();
            match lines.iter_mut().find(|(_, a)| *a == binding.action) {
                Some((keys, _)) => {
                    keys.push_str(", ");
                    keys.push_str(&key);
                }
                None => lines.push((key, binding.action)),
            }
        }
        lines
    }

    /// The keys that do `action` where `contexts` are in force, in the order they are bound:
    /// a key that an earlier context takes over (a view's own `o` over a global `o`) is
    /// left out, so hints never offer a key that does something else.
    pub fn keys_in(&self, contexts: &[KeyContext], action: Action) -> Vec<Key> {
        let mut keys = Vec::new();
        for &context in contexts {
            for binding in self
                .bindings
                .iter()
                .filter(|b| b.context == context && b.action == action)
            {
                if self.resolve(contexts, binding.key) == Some(action)
                    && !keys.contains(&binding.key)
                {
                    keys.push(binding.key);
                }
            }
        }
        keys
    }

    /// What `key` does where `contexts` are in force, by the bindings alone.
    fn resolve(&self, contexts: &[KeyContext], key: Key) -> Option<Action> {
        if key == Key::ctrl('c') {
            return Some(Action::Quit);
        }
        contexts.iter().find_map(|&context| {
            self.bindings
                .iter()
                .find(|b| b.context == context && b.key == key)
                .map(|b| b.action)
        })
    }

    /// The first key bound to `action` in `context`, for hints ("? help").
    pub fn key_for(&self, context: KeyContext, action: Action) -> Option<Key> {
        self.bindings
            .iter()
            .find(|b| b.context == context && b.action == action)
            .map(|b| b.key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn view_keys_come_before_global_ones() {
        let keymap = Keymap::default();
        let leaders = [KeyContext::Leaders, KeyContext::Global];
        let chart = [KeyContext::OrgChart, KeyContext::Global];
        let l = press(KeyCode::Char('l'), KeyModifiers::NONE);
        assert_eq!(keymap.action(&chart, l), Some(Action::Expand));
        assert_eq!(keymap.action(&leaders, l), None);
        let q = press(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(keymap.action(&leaders, q), Some(Action::Quit));
    }

    #[test]
    fn shift_is_part_of_the_character() {
        let keymap = Keymap::default();
        let chart = [KeyContext::OrgChart, KeyContext::Global];
        let big_e = press(KeyCode::Char('E'), KeyModifiers::SHIFT);
        assert_eq!(keymap.action(&chart, big_e), Some(Action::ExpandAll));
        let back = press(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(keymap.action(&chart, back), Some(Action::PrevView));
    }

    #[test]
    fn text_contexts_type_characters_but_ctrl_c_still_quits() {
        let keymap = Keymap::default();
        let q = press(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(
            keymap.action(&[KeyContext::Search], q),
            Some(Action::Input('q'))
        );
        let ctrl_c = press(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(
            keymap.action(&[KeyContext::Search], ctrl_c),
            Some(Action::Quit)
        );
    }

    #[test]
    fn help_lines_merge_keys_of_one_action() {
        let keymap = Keymap::default();
        let global = keymap.describe(KeyContext::Global);
        assert!(global.contains(&("q, Ctrl-c".to_string(), Action::Quit)));
        assert!(global.contains(&("j, ↓".to_string(), Action::Down)));
    }
}
