//! The `diff` report as Markdown, readable as plain text.

use std::fmt::Write as _;

use crate::text::{count, markdown as md, thousands};

use super::wave_diff::{LeaderChange, Move, Rules, WaveDiff};

/// Text from a team file as the report shows it: control characters (escapes, line breaks)
/// and bidirectional overrides as spaces, as the `rank` table shows them, so a name cannot
/// drive the terminal, fake a line or reorder one; Markdown markup escaped, so it shows as
/// written.
fn shown(text: &str) -> String {
    md(&crate::text::clean(text)).into_owned()
}

/// A person in a list: name and id, or the id alone when it is the name too (pseudonyms).
fn who(id: &str, name: &str) -> String {
    if id == name {
        shown(id)
    } else {
        format!("{} ({})", shown(name), shown(id))
    }
}

/// A section of the report listing `items`, at most `top` of them and how many more there
/// are, or "none".
fn section<T>(out: &mut String, title: &str, items: &[T], top: usize, line: impl Fn(&T) -> String) {
    let _ = writeln!(out, "\n## {title} ({})\n", thousands(items.len()));
    if items.is_empty() {
        let _ = writeln!(out, "none");
        return;
    }
    for item in items.iter().take(top) {
        let _ = writeln!(out, "- {}", line(item));
    }
    match items.len().saturating_sub(top) {
        0 => {}
        _ if top == 0 => {
            let _ = writeln!(out, "not shown (`--top 0`)");
        }
        more => {
            let _ = writeln!(out, "\n… and {} more (`--top {top}`).", thousands(more));
        }
    }
}

/// A leader gained (`lost` false) or lost, with their counts and where they stood in the
/// other wave.
fn leader_line(change: &LeaderChange, lost: bool) -> String {
    let counts = match (change.old_nayar, change.new_nayar) {
        (Some(old), Some(new)) => format!("Nayar count was {old}, now {new}"),
        (Some(old), None) => format!("Nayar count was {old}"),
        (None, Some(new)) => format!("Nayar count {new}"),
        (None, None) => String::new(),
    };
    format!(
        "{}: {counts}; {}",
        who(&change.id, &change.name),
        change.standing.describe(lost)
    )
}

/// The Rose or Fell table.
fn moves_table(out: &mut String, title: &str, list: &[Move], total: usize, tied: usize) {
    let _ = writeln!(out, "\n## {title} ({})\n", thousands(total));
    if total == 0 {
        let _ = writeln!(out, "nobody");
        return;
    }
    if list.is_empty() {
        let _ = writeln!(out, "not shown (`--top 0`)");
        return;
    }
    if list.len() < total {
        let _ = writeln!(out, "The {} who moved most:\n", thousands(list.len()));
    }
    let _ = writeln!(out, "| name | id | department | rank | change | nayar |");
    let _ = writeln!(out, "|---|---|---|---:|---:|---:|");
    for m in list {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} → {} | {:+} | {} → {} |",
            shown(&m.name),
            shown(&m.id),
            shown(m.department.as_deref().unwrap_or("")),
            thousands(m.old_rank),
            thousands(m.new_rank),
            m.change,
            m.old_nayar,
            m.new_nayar
        );
    }
    if let (Some(last), true) = (list.last(), tied > 0) {
        let _ = writeln!(
            out,
            "\n{} more made the same move ({} → {}) and are not shown (`--top {}`).",
            thousands(tied),
            thousands(last.old_rank),
            thousands(last.new_rank),
            list.len()
        );
    }
}

impl WaveDiff {
    /// Which waves have fewer than 70% of their people answering, in words.
    fn low_response(&self) -> Option<String> {
        let low = self.response_rates.map(|r| r.is_some_and(|r| r < 0.7));
        let which = match low {
            [true, true] => "both waves have",
            [true, false] => "the earlier wave has",
            [false, true] => "the later wave has",
            [false, false] => return None,
        };
        Some(format!(
            "{which} under 70% responses, which makes rank changes unreliable"
        ))
    }

    /// The report as Markdown, readable as plain text; lists hold at most `rules.top`
    /// people.
    pub fn to_text(&self, rules: &Rules) -> String {
        let mut out = String::new();
        let rate = |r: Option<f64>| r.map_or("-".to_string(), crate::text::rate);
        let _ = writeln!(
            out,
            "# Nayar rank between waves (scope {})\n\nResponse rate: {} then {}.",
            self.scope,
            rate(self.response_rates[0]),
            rate(self.response_rates[1])
        );
        if let Some(warning) = self.low_response() {
            let _ = writeln!(out, "Warning: {warning}.");
        }
        if let Some(renamed) = &self.renamed {
            let _ = writeln!(out, "Warning: {}.", renamed.message(shown));
        }
        let top = rules.top;
        section(
            &mut out,
            "New roving leaders",
            &self.new_leaders,
            top,
            |c| leader_line(c, false),
        );
        section(
            &mut out,
            "Lost roving leaders",
            &self.lost_leaders,
            top,
            |c| leader_line(c, true),
        );
        let _ = writeln!(
            out,
            "\nRank is by Nayar count, among the people of each wave; people with the same \
             count share a rank (1, 2, 2, 4)."
        );
        for (title, list, total, tied) in [
            (
                "Rose",
                &self.rose,
                self.rose_total,
                self.rose_tied_beyond_top,
            ),
            (
                "Fell",
                &self.fell,
                self.fell_total,
                self.fell_tied_beyond_top,
            ),
        ] {
            moves_table(&mut out, title, list, total, tied);
        }
        let _ = writeln!(
            out,
            "\nUnchanged rank: {}.",
            count(self.unchanged, "person", "people")
        );
        section(&mut out, "Joined", &self.joined, top, |n| {
            format!("{}, Nayar count {}", who(&n.id, &n.name), n.nayar)
        });
        section(&mut out, "Left", &self.left, top, |n| {
            format!("{}, Nayar count was {}", who(&n.id, &n.name), n.nayar)
        });
        self.department_section(&mut out, rules.min_group);
        out
    }

    /// The department table, or why it is empty.
    fn department_section(&self, out: &mut String, min_group: usize) {
        let _ = writeln!(out, "\n## Mean Nayar count by department\n");
        let table = &self.departments;
        let note = table.note(min_group);
        if table.shown.is_empty() {
            match note {
                Some(note) => {
                    let _ = writeln!(out, "none shown: {note}.");
                }
                None => {
                    let _ = writeln!(out, "none: neither wave has anybody.");
                }
            }
            return;
        }
        let _ = writeln!(
            out,
            "Each wave's figures cover the people in the department in that wave; \
             '-' means it had nobody then.\n"
        );
        let _ = writeln!(
            out,
            "| department | people before | people after | mean before | mean after |"
        );
        let _ = writeln!(out, "|---|---:|---:|---:|---:|");
        let mean = |m: Option<f64>| m.map_or("-".to_string(), |m| format!("{m:.2}"));
        for d in &table.shown {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                shown(&d.department),
                thousands(d.old_people),
                thousands(d.new_people),
                mean(d.old_mean),
                mean(d.new_mean)
            );
        }
        if let Some(note) = note {
            let _ = writeln!(out, "\n{note}.");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_longer_than_top_says_how_many_more() {
        let mut out = String::new();
        section(&mut out, "Joined", &[1, 2, 3], 2, ToString::to_string);
        assert_eq!(
            out,
            "\n## Joined (3)\n\n- 1\n- 2\n\n… and 1 more (`--top 2`).\n"
        );
        out.clear();
        section(&mut out, "Left", &[0; 0], 2, ToString::to_string);
        assert_eq!(out, "\n## Left (0)\n\nnone\n");
    }
}
