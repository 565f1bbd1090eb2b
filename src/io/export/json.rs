//! Node-link JSON, the layout of networkx's `node_link_data` (with `edges="links"`) and d3.

use std::io::Write;

use serde_json::{Map, Value as Json, json};

use super::{Column, GraphTable, Value};

fn value(value: &Value) -> Json {
    match value {
        Value::Text(s) => Json::String(s.clone()),
        Value::Integer(i) => json!(i),
        Value::Float(f) => json!(f),
        Value::Boolean(b) => Json::Bool(*b),
    }
}

fn fields(map: &mut Map<String, Json>, columns: &[Column], values: &[Option<Value>]) {
    for (column, v) in columns.iter().zip(values) {
        if let Some(v) = v {
            map.insert(column.name.clone(), value(v));
        }
    }
}

/// Writes the table as pretty-printed node-link JSON.
pub(super) fn write(out: &mut dyn Write, table: &GraphTable) -> std::io::Result<()> {
    let nodes: Vec<Json> = table
        .nodes
        .iter()
        .map(|n| {
            let mut map = Map::new();
            map.insert("id".into(), Json::String(n.id.clone()));
            map.insert("label".into(), Json::String(n.label.clone()));
            fields(&mut map, &table.node_columns, &n.values);
            Json::Object(map)
        })
        .collect();
    let links: Vec<Json> = table
        .edges
        .iter()
        .map(|e| {
            let mut map = Map::new();
            map.insert("source".into(), Json::String(e.source.clone()));
            map.insert("target".into(), Json::String(e.target.clone()));
            map.insert("weight".into(), json!(e.weight));
            fields(&mut map, &table.edge_columns, &e.values);
            Json::Object(map)
        })
        .collect();
    let document = json!({
        "directed": true,
        "multigraph": false,
        "graph": {"name": table.name, "scope": table.scope},
        "nodes": nodes,
        "links": links,
    });
    serde_json::to_writer_pretty(&mut *out, &document).map_err(std::io::Error::from)?;
    writeln!(out)
}
