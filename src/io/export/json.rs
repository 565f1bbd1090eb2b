//! Node-link JSON, the layout of networkx's `node_link_data` (with `edges="links"`) and d3.

use std::io::Write;

use serde::ser::{Serialize, SerializeMap as _, Serializer};
use serde_json::{Map, Value as Json, json};

use super::{Column, GraphTable, Kind, Value};

fn value(value: &Value) -> Json {
    match value {
        Value::Text(s) => Json::String(s.clone()),
        Value::Integer(i) => json!(i),
        Value::Float(f) => json!(f),
        Value::Boolean(b) => Json::Bool(*b),
        Value::Numeral(kind, text) => match kind {
            Kind::Integer => text.parse::<i64>().map_or(Json::Null, |i| json!(i)),
            _ => text.parse::<f64>().map_or(Json::Null, |f| json!(f)),
        },
    }
}

fn fields(map: &mut Map<String, Json>, columns: &[Column], values: &[Option<Value>]) {
    for (column, v) in columns.iter().zip(values) {
        if let Some(v) = v {
            map.insert(column.name.clone(), value(v));
        }
    }
}

/// The whole document: keys in sorted order (as `serde_json`'s maps keep them), nodes and
/// links serialized one at a time from the table's rows.
struct Document<'t, 'a>(&'t GraphTable<'a>);

impl Serialize for Document<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let table = self.0;
        let links = Rows(|| {
            table.edges().map(|e| {
                let mut map = Map::new();
                map.insert("source".into(), Json::String(e.source));
                map.insert("target".into(), Json::String(e.target));
                map.insert("weight".into(), json!(e.weight));
                fields(&mut map, &table.edge_columns, &e.values);
                map
            })
        });
        let nodes = Rows(|| {
            table.nodes().map(|n| {
                let mut map = Map::new();
                map.insert("id".into(), Json::String(n.id));
                map.insert("label".into(), Json::String(n.label));
                fields(&mut map, &table.node_columns, &n.values);
                map
            })
        });
        let mut document = serializer.serialize_map(Some(5))?;
        document.serialize_entry("directed", &true)?;
        document.serialize_entry(
            "graph",
            &json!({
                "name": table.name,
                "scope": table.scope,
                "betweenness": table.betweenness_method(),
            }),
        )?;
        document.serialize_entry("links", &links)?;
        document.serialize_entry("multigraph", &false)?;
        document.serialize_entry("nodes", &nodes)?;
        document.end()
    }
}

/// A JSON array of the objects `rows()` yields, made as they are written.
struct Rows<F>(F);

impl<F, I> Serialize for Rows<F>
where
    F: Fn() -> I,
    I: Iterator<Item = Map<String, Json>>,
{
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq((self.0)())
    }
}

/// Writes the table as pretty-printed node-link JSON.
pub(super) fn write(out: &mut dyn Write, table: &GraphTable) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &Document(table)).map_err(std::io::Error::from)?;
    writeln!(out)
}
