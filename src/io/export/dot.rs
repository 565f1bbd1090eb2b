//! Graphviz DOT. Solid edges cross the seeker's reporting hierarchy (they make up the
//! adviser's Nayar count); dashed grey ones stay inside it. Roving leaders are gold.

use std::io::Write;

use super::{GraphTable, Value, float};

/// A DOT double-quoted string: `"` and `\` escaped, line breaks as spaces.
fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Built-in columns keep their names (none is a Graphviz attribute); free-form attributes
/// get an `attr_` prefix so an attribute such as `color` or `shape` cannot restyle the
/// drawing or make Graphviz warn about its value.
fn attribute_name(name: &str, built_in: bool) -> String {
    if built_in || name.starts_with("attr_") {
        name.to_string()
    } else {
        format!("attr_{name}")
    }
}

/// An attribute name as a DOT ID: as it is when it is a plain one (letters, digits and `_`,
/// not starting with a digit), else quoted, so that `Home Office` or `Cost-Center` stay one
/// name.
fn id(name: &str) -> String {
    let plain = name.chars().next().is_some_and(|c| !c.is_ascii_digit())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if plain { name.to_string() } else { quote(name) }
}

fn data(columns: &[String], values: &[Option<Value>]) -> String {
    let mut text = String::new();
    for (name, value) in columns.iter().zip(values) {
        if let Some(value) = value {
            text.push_str(", ");
            text.push_str(&id(name));
            text.push('=');
            text.push_str(&quote(&value.text()));
        }
    }
    text
}

/// Writes the table as a DOT digraph.
pub(super) fn write(out: &mut dyn Write, table: &GraphTable) -> std::io::Result<()> {
    let built_in: Vec<&str> = super::BUILT_IN.iter().map(|(n, _)| *n).collect();
    let mut taken = std::collections::BTreeSet::new();
    let node_columns: Vec<String> = table
        .node_columns
        .iter()
        .map(|c| {
            let name = attribute_name(&c.name, built_in.contains(&c.name.as_str()));
            super::unique_name(name, &mut taken)
        })
        .collect();
    let edge_columns: Vec<String> = table.edge_columns.iter().map(|c| c.name.clone()).collect();
    let leader = table.node_column("roving_leader");
    writeln!(
        out,
        "// {}: advice network (seeker -> adviser), scope {}, betweenness {}, written by \
         roving {}.",
        table.name.replace(['\n', '\r'], " "),
        table.scope,
        table.betweenness_method(),
        env!("CARGO_PKG_VERSION")
    )?;
    writeln!(
        out,
        "// Solid edges cross the seeker's reporting hierarchy; dashed ones stay inside it."
    )?;
    writeln!(out, "digraph {} {{", quote(&table.name))?;
    writeln!(
        out,
        "  graph [label={}, labelloc=t];",
        quote(&format!("{} — advice network", table.name))
    )?;
    writeln!(
        out,
        "  node [shape=box, style=\"rounded,filled\", fillcolor=white];"
    )?;
    for node in table.nodes() {
        let gold = leader
            .and_then(|i| node.values[i].as_ref())
            .is_some_and(|v| *v == Value::Boolean(true));
        writeln!(
            out,
            "  {} [label={}{}{}];",
            quote(&node.id),
            quote(&node.label),
            if gold { ", fillcolor=gold" } else { "" },
            data(&node_columns, &node.values)
        )?;
    }
    for edge in table.edges() {
        let outside = edge.values.first().and_then(Option::as_ref) == Some(&Value::Boolean(true));
        writeln!(
            out,
            "  {} -> {} [advice_weight={}{}{}];",
            quote(&edge.source),
            quote(&edge.target),
            quote(&float(edge.weight)),
            if outside {
                ""
            } else {
                ", style=dashed, color=gray50"
            },
            data(&edge_columns, &edge.values)
        )?;
    }
    writeln!(out, "}}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_escape_quotes_and_backslashes() {
        assert_eq!(quote("a \"b\" \\c\nd"), "\"a \\\"b\\\" \\\\c d\"");
    }

    #[test]
    fn attribute_names_that_are_not_plain_ids_are_quoted() {
        assert_eq!(id("attr_office"), "attr_office");
        assert_eq!(id("attr_Home Office"), "\"attr_Home Office\"");
        assert_eq!(id("attr_Cost-Center"), "\"attr_Cost-Center\"");
        assert_eq!(id("attr_x\"y"), "\"attr_x\\\"y\"");
        assert_eq!(id("9lives"), "\"9lives\"");
        assert_eq!(id(""), "\"\"");
    }
}
