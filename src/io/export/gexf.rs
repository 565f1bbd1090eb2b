//! GEXF 1.2 (the format Gephi writes), readable by networkx's `read_gexf`.

use std::io::Write;

use super::xml::escape;
use super::{Column, GraphTable, Kind, float};

fn kind(kind: Kind) -> &'static str {
    match kind {
        Kind::Text => "string",
        Kind::Integer => "integer",
        Kind::Float => "double",
        Kind::Boolean => "boolean",
    }
}

fn attributes(out: &mut dyn Write, class: &str, columns: &[Column]) -> std::io::Result<()> {
    writeln!(out, "    <attributes class=\"{class}\">")?;
    for (i, column) in columns.iter().enumerate() {
        writeln!(
            out,
            "      <attribute id=\"{i}\" title=\"{}\" type=\"{}\"/>",
            escape(&column.name),
            kind(column.kind)
        )?;
    }
    writeln!(out, "    </attributes>")
}

fn values(out: &mut dyn Write, values: &[Option<super::Value>]) -> std::io::Result<()> {
    if values.iter().all(Option::is_none) {
        return Ok(());
    }
    writeln!(out, "        <attvalues>")?;
    for (i, value) in values.iter().enumerate() {
        if let Some(value) = value {
            writeln!(
                out,
                "          <attvalue for=\"{i}\" value=\"{}\"/>",
                escape(&value.text())
            )?;
        }
    }
    writeln!(out, "        </attvalues>")
}

/// Writes the table as GEXF 1.2draft.
pub(super) fn write(out: &mut dyn Write, table: &GraphTable) -> std::io::Result<()> {
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<gexf xmlns="http://www.gexf.net/1.2draft" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" version="1.2">"#
    )?;
    writeln!(out, "  <meta>")?;
    writeln!(
        out,
        "    <creator>roving {}</creator>",
        env!("CARGO_PKG_VERSION")
    )?;
    writeln!(
        out,
        "    <description>{}: advice network (seeker -&gt; adviser), scope {}, betweenness \
         {}</description>",
        escape(&table.name),
        escape(&table.scope),
        escape(&table.betweenness_method())
    )?;
    writeln!(out, "  </meta>")?;
    writeln!(out, r#"  <graph defaultedgetype="directed" mode="static">"#)?;
    attributes(out, "node", &table.node_columns)?;
    attributes(out, "edge", &table.edge_columns)?;
    writeln!(out, "    <nodes>")?;
    for node in table.nodes() {
        writeln!(
            out,
            "      <node id=\"{}\" label=\"{}\">",
            escape(&node.id),
            escape(&node.label)
        )?;
        values(out, &node.values)?;
        writeln!(out, "      </node>")?;
    }
    writeln!(out, "    </nodes>")?;
    writeln!(out, "    <edges>")?;
    for (i, edge) in table.edges().enumerate() {
        writeln!(
            out,
            "      <edge id=\"{i}\" source=\"{}\" target=\"{}\" weight=\"{}\">",
            escape(&edge.source),
            escape(&edge.target),
            float(edge.weight)
        )?;
        values(out, &edge.values)?;
        writeln!(out, "      </edge>")?;
    }
    writeln!(out, "    </edges>")?;
    writeln!(out, "  </graph>")?;
    writeln!(out, "</gexf>")
}
