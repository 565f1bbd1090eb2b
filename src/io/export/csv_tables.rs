//! The nodes and edges tables in the column names Gephi's spreadsheet import recognises
//! (`Id`, `Label`; `Source`, `Target`, `Type`, `Weight`).

use std::io::Write;

use super::{GraphTable, float};
use crate::io::spreadsheet::FormulaGuard;

/// Writes the nodes table: `Id,Label,` then every node column, each cell through `guard`.
pub fn write_nodes_csv(
    out: &mut dyn Write,
    table: &GraphTable,
    guard: &FormulaGuard,
) -> std::io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    let mut header = vec!["Id".to_string(), "Label".to_string()];
    header.extend(table.node_columns.iter().map(|c| c.name.clone()));
    writer.write_record(&header)?;
    for (i, node) in table.nodes().enumerate() {
        let mut row = vec![node.id.clone(), node.label.clone()];
        row.extend(
            node.values
                .iter()
                .map(|v| v.as_ref().map(super::Value::text).unwrap_or_default()),
        );
        let row: Vec<_> = row.iter().map(|cell| guard.cell(i + 1, cell)).collect();
        writer.write_record(row.iter().map(|cell| cell.as_bytes()))?;
    }
    writer.flush()
}

/// Writes the edges table: `Source,Target,Type,Weight,` then every edge column, each cell
/// through `guard`.
pub fn write_edges_csv(
    out: &mut dyn Write,
    table: &GraphTable,
    guard: &FormulaGuard,
) -> std::io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    let mut header: Vec<String> = ["Source", "Target", "Type", "Weight"]
        .map(String::from)
        .to_vec();
    header.extend(table.edge_columns.iter().map(|c| c.name.clone()));
    writer.write_record(&header)?;
    for (i, edge) in table.edges().enumerate() {
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
        let row: Vec<_> = row.iter().map(|cell| guard.cell(i + 1, cell)).collect();
        writer.write_record(row.iter().map(|cell| cell.as_bytes()))?;
    }
    writer.flush()
}
