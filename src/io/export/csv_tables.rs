//! The nodes and edges tables in the column names Gephi's spreadsheet import recognises
//! (`Id`, `Label`; `Source`, `Target`, `Type`, `Weight`).

use std::io::Write;

use super::{GraphTable, float};

/// Writes the nodes table: `Id,Label,` then every node column.
pub fn write_nodes_csv(out: &mut dyn Write, table: &GraphTable) -> std::io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    let mut header = vec!["Id".to_string(), "Label".to_string()];
    header.extend(table.node_columns.iter().map(|c| c.name.clone()));
    writer.write_record(&header)?;
    for node in table.nodes() {
        let mut row = vec![node.id.clone(), node.label.clone()];
        row.extend(
            node.values
                .iter()
                .map(|v| v.as_ref().map(super::Value::text).unwrap_or_default()),
        );
        writer.write_record(&row)?;
    }
    writer.flush()
}

/// Writes the edges table: `Source,Target,Type,Weight,` then every edge column.
pub fn write_edges_csv(out: &mut dyn Write, table: &GraphTable) -> std::io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    let mut header: Vec<String> = ["Source", "Target", "Type", "Weight"]
        .map(String::from)
        .to_vec();
    header.extend(table.edge_columns.iter().map(|c| c.name.clone()));
    writer.write_record(&header)?;
    for edge in table.edges() {
        let mut row = vec![
            edge.source.clone(),
            edge.target.clone(),
            "Directed".to_string(),
            float(edge.weight),
        ];
        row.extend(
            edge.values
                .iter()
                .map(|v| v.as_ref().map(super::Value::text).unwrap_or_default()),
        );
        writer.write_record(&row)?;
    }
    writer.flush()
}
