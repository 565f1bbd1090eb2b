//! `GraphML`, readable by networkx's `read_graphml`, yEd and Gephi.

use std::io::Write;

use super::xml::escape;
use super::{Column, GraphTable, Kind, Value, float};

fn kind(kind: Kind) -> &'static str {
    match kind {
        Kind::Text => "string",
        Kind::Integer => "long",
        Kind::Float => "double",
        Kind::Boolean => "boolean",
    }
}

fn keys(
    out: &mut dyn Write,
    prefix: &str,
    target: &str,
    columns: &[Column],
) -> std::io::Result<()> {
    for (i, column) in columns.iter().enumerate() {
        writeln!(
            out,
            "  <key id=\"{prefix}{i}\" for=\"{target}\" attr.name=\"{}\" attr.type=\"{}\"/>",
            escape(&column.name),
            kind(column.kind)
        )?;
    }
    Ok(())
}

fn data(out: &mut dyn Write, prefix: &str, values: &[Option<Value>]) -> std::io::Result<()> {
    for (i, value) in values.iter().enumerate() {
        if let Some(value) = value {
            writeln!(
                out,
                "      <data key=\"{prefix}{i}\">{}</data>",
                escape(&value.text())
            )?;
        }
    }
    Ok(())
}

/// Writes the table as `GraphML`. The node label is a `label` attribute (Gephi shows it);
/// the edge weight is a `weight` attribute.
pub(super) fn write(out: &mut dyn Write, table: &GraphTable) -> std::io::Result<()> {
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">"#
    )?;
    writeln!(
        out,
        r#"  <key id="g0" for="graph" attr.name="name" attr.type="string"/>"#
    )?;
    writeln!(
        out,
        r#"  <key id="g1" for="graph" attr.name="scope" attr.type="string"/>"#
    )?;
    writeln!(
        out,
        r#"  <key id="g2" for="graph" attr.name="betweenness" attr.type="string"/>"#
    )?;
    writeln!(
        out,
        r#"  <key id="label" for="node" attr.name="label" attr.type="string"/>"#
    )?;
    keys(out, "n", "node", &table.node_columns)?;
    writeln!(
        out,
        r#"  <key id="weight" for="edge" attr.name="weight" attr.type="double"/>"#
    )?;
    keys(out, "e", "edge", &table.edge_columns)?;
    writeln!(out, r#"  <graph id="G" edgedefault="directed">"#)?;
    writeln!(out, "    <data key=\"g0\">{}</data>", escape(&table.name))?;
    writeln!(out, "    <data key=\"g1\">{}</data>", escape(&table.scope))?;
    writeln!(
        out,
        "    <data key=\"g2\">{}</data>",
        escape(&table.betweenness_method())
    )?;
    for node in table.nodes() {
        writeln!(out, "    <node id=\"{}\">", escape(&node.id))?;
        writeln!(
            out,
            "      <data key=\"label\">{}</data>",
            escape(&node.label)
        )?;
        data(out, "n", &node.values)?;
        writeln!(out, "    </node>")?;
    }
    for edge in table.edges() {
        writeln!(
            out,
            "    <edge source=\"{}\" target=\"{}\">",
            escape(&edge.source),
            escape(&edge.target)
        )?;
        writeln!(
            out,
            "      <data key=\"weight\">{}</data>",
            float(edge.weight)
        )?;
        data(out, "e", &edge.values)?;
        writeln!(out, "    </edge>")?;
    }
    writeln!(out, "  </graph>")?;
    writeln!(out, "</graphml>")
}
