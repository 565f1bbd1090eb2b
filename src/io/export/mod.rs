//! The advice graph as a file for graph tools: GEXF (Gephi), `GraphML` (networkx, yEd,
//! Gephi), DOT (Graphviz), node-link JSON (networkx, d3) and a pair of CSV tables (Gephi's
//! spreadsheet import).
//!
//! Every format carries the same [`GraphTable`]: each person with their attributes,
//! computed metrics and roles, and each advice tie with its weight and whether it crosses
//! the seeker's reporting hierarchy (the ties that make up the adviser's Nayar count).

mod csv_tables;
mod dot;
mod gexf;
mod graphml;
mod json;
mod xml;

use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;

use rayon::prelude::*;

use crate::io::spreadsheet::FormulaGuard;
use crate::metrics::{Analysis, Exclusion, exclusion};
use crate::model::{Org, PersonIx, Text};

pub use csv_tables::{write_edges_csv, write_nodes_csv};

/// Graph file formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GraphFormat {
    /// GEXF 1.2 (Gephi; networkx `read_gexf`).
    Gexf,
    /// `GraphML` (networkx `read_graphml`, yEd, Gephi).
    Graphml,
    /// Graphviz DOT.
    Dot,
    /// Node-link JSON (networkx `node_link_graph(data, edges="links")`, d3).
    Json,
    /// Two CSV tables, nodes and edges (Gephi's spreadsheet import).
    Csv,
}

impl GraphFormat {
    /// The format a file name suggests.
    pub fn from_path(path: &Path) -> Option<Self> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "gexf" => Some(GraphFormat::Gexf),
            "graphml" => Some(GraphFormat::Graphml),
            "dot" | "gv" => Some(GraphFormat::Dot),
            "json" => Some(GraphFormat::Json),
            "csv" => Some(GraphFormat::Csv),
            _ => None,
        }
    }
}

/// The type of an attribute column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Text.
    Text,
    /// Whole number.
    Integer,
    /// Floating-point number.
    Float,
    /// True or false.
    Boolean,
}

/// One attribute value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Text.
    Text(String),
    /// Whole number.
    Integer(i64),
    /// Floating-point number.
    Float(f64),
    /// True or false.
    Boolean(bool),
    /// A number of a free-form attribute, as the team writes it (`1.50`, `1e5`): written so
    /// in every file, and read as a number of its column's kind ([`Kind::Integer`] or
    /// [`Kind::Float`]) by typed formats. Written again from the number, `1.10` would be
    /// `1.1` and `1e5` `100000.0`.
    Numeral(Kind, String),
}

impl Value {
    /// The value as written in text formats (`true`, `0.25`, `Sales`).
    pub fn text(&self) -> String {
        match self {
            Value::Text(s) => s.clone(),
            Value::Integer(i) => i.to_string(),
            Value::Float(f) => float(*f),
            Value::Boolean(b) => b.to_string(),
            Value::Numeral(_, text) => text.clone(),
        }
    }
}

/// A float in the shortest form that reads back exactly, always with a digit after a point
/// or an exponent so typed readers see a float.
pub(crate) fn float(value: f64) -> String {
    if value.is_finite() {
        let text = value.to_string();
        if text.contains(['.', 'e', 'E']) {
            text
        } else {
            format!("{text}.0")
        }
    } else {
        "0.0".to_string()
    }
}

/// A named, typed attribute column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// Name as written in the file.
    pub name: String,
    /// Type.
    pub kind: Kind,
}

/// One person as a node.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeRow {
    /// Person id (the node id).
    pub id: String,
    /// Display label (the person's name).
    pub label: String,
    /// Values matching [`GraphTable::node_columns`]; `None` where the person has none.
    pub values: Vec<Option<Value>>,
}

/// One advice tie as an edge.
#[derive(Debug, Clone, PartialEq)]
pub struct EdgeRow {
    /// Seeker id.
    pub source: String,
    /// Adviser id.
    pub target: String,
    /// Tie weight.
    pub weight: f64,
    /// Values matching [`GraphTable::edge_columns`].
    pub values: Vec<Option<Value>>,
}

/// The advice graph with every attribute, ready to write in any [`GraphFormat`]. Rows are
/// built one at a time as a writer asks for them, so a million-person export holds no more
/// than the team and its analysis.
#[derive(Debug, Clone)]
pub struct GraphTable<'a> {
    org: &'a Org,
    analysis: &'a Analysis,
    /// Each person's rank by Nayar count, from 1.
    rank: Vec<u32>,
    /// Free-form attribute keys, in column order.
    keys: Vec<&'a str>,
    /// The type of each key's values.
    key_kinds: Vec<Kind>,
    /// For each column [`GraphTable::values`] yields, whether anybody has a value in it.
    used: Vec<bool>,
    /// Team name.
    pub name: String,
    /// Scope used for the Nayar counts and for "outside the hierarchy".
    pub scope: String,
    /// Node attribute columns.
    pub node_columns: Vec<Column>,
    /// Edge attribute columns (the weight is separate).
    pub edge_columns: Vec<Column>,
}

/// Node columns roving computes; free-form attributes with one of these names get an
/// `attr_` prefix.
const BUILT_IN: [(&str, Kind); 20] = [
    ("title", Kind::Text),
    ("department", Kind::Text),
    ("email", Kind::Text),
    ("manager", Kind::Text),
    ("respondent", Kind::Boolean),
    ("reports", Kind::Integer),
    ("subtree", Kind::Integer),
    ("depth", Kind::Integer),
    ("nayar", Kind::Integer),
    ("nayar_weighted", Kind::Float),
    ("nayar_share", Kind::Float),
    ("eligible", Kind::Integer),
    ("in_degree", Kind::Integer),
    ("out_degree", Kind::Integer),
    ("departments_reached", Kind::Integer),
    ("pagerank", Kind::Float),
    ("betweenness", Kind::Float),
    ("roles", Kind::Text),
    ("roving_leader", Kind::Boolean),
    ("rank", Kind::Integer),
];

/// Names no free-form attribute may take as is (in any case: Gephi's spreadsheet import
/// reads `Id` and `id` alike).
const RESERVED: [&str; 5] = ["id", "label", "weight", "source", "target"];

/// `name`, or with as many `attr_` prefixes as it takes to differ from every name in
/// `taken`, which it joins: an attribute `nayar` beside one called `attr_nayar` becomes
/// `attr_attr_nayar`, and no file gets one column twice. Names are compared as roving's
/// loaders compare headers, without regard to case, spaces or punctuation: `Roving Leader`
/// beside `roving_leader` would be one column read back.
pub(super) fn unique_name(mut name: String, taken: &mut BTreeSet<String>) -> String {
    while taken.contains(&crate::text::squash(&name)) {
        name = format!("attr_{name}");
    }
    taken.insert(crate::text::squash(&name));
    name
}

impl<'a> GraphTable<'a> {
    /// The table of a team and its analysis.
    pub fn new(org: &'a Org, analysis: &'a Analysis) -> Self {
        let mut rank = vec![0u32; org.len()];
        for (i, p) in analysis
            .ranking(org, crate::metrics::Metric::Nayar)
            .into_iter()
            .enumerate()
        {
            rank[p as usize] = u32::try_from(i + 1).unwrap_or(u32::MAX);
        }
        let keys: Vec<&str> = org
            .people()
            .iter()
            .flat_map(|p| p.attributes.keys().map(String::as_str))
            .collect::<BTreeSet<&str>>()
            .into_iter()
            .collect();
        let mut node_columns: Vec<Column> = BUILT_IN
            .iter()
            .map(|&(name, kind)| Column {
                name: name.to_string(),
                kind,
            })
            .collect();
        let key_kinds: Vec<Kind> = keys
            .iter()
            .map(|key| {
                attribute_kind(
                    org.people()
                        .iter()
                        .filter_map(|p| p.attributes.get(*key).map(String::as_str)),
                )
            })
            .collect();
        let mut taken: BTreeSet<String> = BUILT_IN
            .iter()
            .map(|(n, _)| *n)
            .chain(RESERVED)
            .map(crate::text::squash)
            .collect();
        for (key, &kind) in keys.iter().zip(&key_kinds) {
            node_columns.push(Column {
                name: unique_name((*key).to_string(), &mut taken),
                kind,
            });
        }
        let mut table = GraphTable {
            org,
            analysis,
            rank,
            keys,
            key_kinds,
            used: vec![true; node_columns.len()],
            name: org.name.clone().unwrap_or_else(|| "Team".to_string()),
            scope: analysis.view.scope.name().to_string(),
            node_columns,
            edge_columns: vec![
                Column {
                    name: "outside_hierarchy".into(),
                    kind: Kind::Boolean,
                },
                Column {
                    name: "hierarchy".into(),
                    kind: Kind::Text,
                },
            ],
        };
        // Columns nobody has a value for (no e-mails, no respondent flags) are left out.
        let used = (0..org.len() as PersonIx)
            .into_par_iter()
            .fold(
                || vec![false; table.used.len()],
                |mut used, p| {
                    for (u, v) in used.iter_mut().zip(table.values(p)) {
                        *u |= v.is_some();
                    }
                    used
                },
            )
            .reduce(
                || vec![false; table.used.len()],
                |a, b| a.iter().zip(b).map(|(a, b)| *a | b).collect(),
            );
        let mut keep = used.iter();
        table.node_columns.retain(|_| *keep.next().unwrap_or(&true));
        table.used = used;
        table
    }

    /// How betweenness was computed, for the file's graph attributes: `exact`, or
    /// `estimated from 256 sampled sources` (the values are then estimates, as `rank` says).
    pub fn betweenness_method(&self) -> String {
        match self.analysis.centralities.betweenness.sampled {
            None => "exact".to_string(),
            Some(k) => format!(
                "estimated from {} sampled sources",
                crate::text::thousands(k)
            ),
        }
    }

    /// Index of a node column by name.
    pub fn node_column(&self, name: &str) -> Option<usize> {
        self.node_columns.iter().position(|c| c.name == name)
    }

    /// Number of nodes (people).
    pub fn node_count(&self) -> usize {
        self.org.len()
    }

    /// Number of edges (advice ties).
    pub fn edge_count(&self) -> usize {
        self.org.advice().edge_count()
    }

    /// The nodes, in person order.
    pub fn nodes(&self) -> impl Iterator<Item = NodeRow> + '_ {
        (0..self.org.len() as PersonIx).map(|p| {
            let person = self.org.person(p);
            let mut used = self.used.iter();
            let mut values = self.values(p);
            values.retain(|_| *used.next().unwrap_or(&true));
            NodeRow {
                id: person.id.to_string(),
                label: person.name.to_string(),
                values,
            }
        })
    }

    /// The edges, by seeker then adviser.
    pub fn edges(&self) -> impl Iterator<Item = EdgeRow> + '_ {
        let (org, scope) = (self.org, self.analysis.view.scope);
        org.advice().edges().map(move |e| {
            let reason = exclusion(org, scope, e.advisor, e.seeker);
            EdgeRow {
                source: org.person(e.seeker).id.to_string(),
                target: org.person(e.advisor).id.to_string(),
                weight: e.weight,
                values: vec![
                    Some(Value::Boolean(reason.is_none())),
                    Some(Value::Text(
                        reason.map_or("outside", exclusion_name).to_string(),
                    )),
                ],
            }
        })
    }

    /// Every column's value for person `p`: [`BUILT_IN`]'s, then the free-form attributes.
    fn values(&self, p: PersonIx) -> Vec<Option<Value>> {
        let (org, c, view) = (self.org, &self.analysis.centralities, &self.analysis.view);
        let chart = org.chart();
        let person = org.person(p);
        let i = p as usize;
        let score = view.nayar[i];
        let roles = view.roles[i];
        let text = |v: &Option<Text>| v.as_deref().map(|v| Value::Text(v.to_string()));
        let count = |n: usize| Some(Value::Integer(i64::try_from(n).unwrap_or(i64::MAX)));
        let mut values = vec![
            text(&person.title),
            text(&person.department),
            text(&person.email),
            text(&person.manager),
            person.respondent.map(Value::Boolean),
            count(chart.reports(p).len()),
            count(chart.subtree_size(p) as usize),
            count(chart.depth(p) as usize),
            count(score.count as usize),
            Some(Value::Float(score.weighted)),
            Some(Value::Float(score.share)),
            count(score.eligible as usize),
            count(c.in_degree[i] as usize),
            count(c.out_degree[i] as usize),
            count(score.departments_reached as usize),
            Some(Value::Float(c.pagerank.scores[i])),
            Some(Value::Float(c.betweenness.scores[i])),
            Some(Value::Text(roles.join(";"))),
            Some(Value::Boolean(
                roles.contains(crate::metrics::Role::RovingLeader),
            )),
            count(self.rank[i] as usize),
        ];
        values.extend(self.keys.iter().zip(&self.key_kinds).map(|(key, kind)| {
            let text = person.attributes.get(*key)?;
            Some(match kind {
                Kind::Integer | Kind::Float if text.is_empty() => return None,
                Kind::Integer | Kind::Float => Value::Numeral(*kind, text.clone()),
                Kind::Text | Kind::Boolean => Value::Text(text.clone()),
            })
        }));
        values
    }
}

/// The type of a free-form attribute from its values: whole numbers when every value is
/// one (written as a number is: no `+`, no leading zeros, so `02139` stays text), numbers
/// when every value is a finite one, text otherwise. Empty values do not count; a column
/// with nothing but empty values is text.
fn attribute_kind<'t>(values: impl Iterator<Item = &'t str>) -> Kind {
    let plain = |text: &str| {
        let digits = text.strip_prefix('-').unwrap_or(text);
        let leading_zero =
            digits.starts_with('0') && digits.as_bytes().get(1).is_some_and(u8::is_ascii_digit);
        digits.starts_with(|c: char| c.is_ascii_digit()) && !leading_zero
    };
    let mut kind = None;
    for text in values.filter(|t| !t.is_empty()) {
        let this = if !plain(text) {
            return Kind::Text;
        } else if text.parse::<i64>().is_ok() {
            Kind::Integer
        } else if significant_digits(text) <= 15 && text.parse::<f64>().is_ok_and(f64::is_finite) {
            // Up to 15 significant digits a number survives a float and back; beyond, an
            // account number or a big id would come back rounded, so it stays text.
            Kind::Float
        } else {
            return Kind::Text;
        };
        kind = Some(match (kind, this) {
            (Some(Kind::Float), _) | (_, Kind::Float) => Kind::Float,
            _ => Kind::Integer,
        });
    }
    kind.unwrap_or(Kind::Text)
}

/// The significant digits of a number as written: `0.00120` has 2, `99999999999999999999` 20.
fn significant_digits(text: &str) -> usize {
    let mantissa = text.split(['e', 'E']).next().unwrap_or(text);
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let digits = digits.trim_start_matches('0');
    let digits = if mantissa.contains('.') {
        digits.trim_end_matches('0')
    } else {
        digits
    };
    digits.len()
}

/// Kebab-case name of a reason a seeker does not count (as `Exclusion` serializes).
fn exclusion_name(reason: Exclusion) -> &'static str {
    match reason {
        Exclusion::InManagementChain => "in-management-chain",
        Exclusion::InOwnSubtree => "in-own-subtree",
        Exclusion::SameManager => "same-manager",
        Exclusion::SameDepartment => "same-department",
    }
}

/// Writes the graph in one of the single-file formats. For [`GraphFormat::Csv`] this writes
/// the nodes table with every cell as it is; use [`write_nodes_csv`] and [`write_edges_csv`]
/// to watch or quote formula-like cells.
pub fn write_graph(
    out: &mut dyn Write,
    table: &GraphTable,
    format: GraphFormat,
) -> std::io::Result<()> {
    match format {
        GraphFormat::Gexf => gexf::write(out, table),
        GraphFormat::Graphml => graphml::write(out, table),
        GraphFormat::Dot => dot::write(out, table),
        GraphFormat::Json => json::write(out, table),
        GraphFormat::Csv => write_nodes_csv(out, table, &FormulaGuard::default()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribute_types_follow_every_value() {
        let kind = |values: &[&str]| attribute_kind(values.iter().copied());
        assert_eq!(kind(&["41", "", "-3"]), Kind::Integer);
        assert_eq!(kind(&["41", "2.5"]), Kind::Float);
        assert_eq!(kind(&["1e3", "0.5", "0"]), Kind::Float);
        // Codes that look like numbers but are not written as one stay text.
        assert_eq!(kind(&["02139", "94110"]), Kind::Text);
        assert_eq!(kind(&["+7"]), Kind::Text);
        assert_eq!(kind(&["12", "n/a"]), Kind::Text);
        assert_eq!(kind(&["inf"]), Kind::Text);
        // Past 15 significant digits a float would round the value: text keeps it.
        assert_eq!(kind(&["99999999999999999999"]), Kind::Text);
        assert_eq!(kind(&["12345678901234567891"]), Kind::Text);
        assert_eq!(kind(&["0.1234567890123456789"]), Kind::Text);
        assert_eq!(kind(&["123456789012345.0"]), Kind::Float);
        assert_eq!(kind(&["0.000123456789012345"]), Kind::Float);
        assert_eq!(kind(&["1.5e300"]), Kind::Float);
        assert_eq!(kind(&["NaN"]), Kind::Text);
        assert_eq!(kind(&[""]), Kind::Text);
        assert_eq!(kind(&[]), Kind::Text);
    }
    use crate::metrics::{Scope, Settings};

    pub(super) fn small() -> (Org, Analysis) {
        let org = crate::io::team_from_str(
            r#"Team(name: "R&D <lab>", people: [
                Person(id: "1", name: "Ada \"A\" Obi", department: "R&D",
                       attributes: {"weight": "70", "office": "Zürich"}),
                Person(id: "2", name: "Bo <Lin>", manager: "1", respondent: false),
                Person(id: "3", name: "Cy", manager: "1"),
                Person(id: "4", name: "Di", manager: "2"),
            ], advice: [
                Tie(seeker: "2", advisor: "1"),
                Tie(seeker: "3", advisor: "2", weight: 2.5),
                Tie(seeker: "4", advisor: "3"),
            ])"#,
        )
        .unwrap();
        let analysis = Analysis::compute(&org, Scope::Chain, &Settings::default());
        (org, analysis)
    }

    /// Attributes named like a built-in column in another case (`Id`, `NAYAR`), or like
    /// the prefixed name of another attribute (`attr_nayar` beside `nayar`), get names of
    /// their own: every format has each column once, and every value reaches its column.
    #[test]
    fn clashing_attribute_names_stay_apart() {
        let org = crate::io::team_from_str(
            r#"Team(people: [
                Person(id: "1", name: "Ada", attributes: {
                    "Id": "a", "Label": "b", "nayar": "c", "attr_nayar": "d", "NAYAR": "e",
                    "attr_attr_nayar": "f", "color": "g", "attr_color": "h"
                }),
            ], advice: [])"#,
        )
        .unwrap();
        let analysis = Analysis::compute(&org, Scope::Chain, &Settings::default());
        let table = GraphTable::new(&org, &analysis);
        let lower: Vec<String> = table
            .node_columns
            .iter()
            .map(|c| c.name.to_lowercase())
            .collect();
        let unique: BTreeSet<&String> = lower.iter().collect();
        assert_eq!(unique.len(), lower.len(), "{lower:?}");
        let node = table.nodes().next().unwrap();
        let mut values: Vec<String> = table
            .node_columns
            .iter()
            .zip(&node.values)
            .filter(|(c, _)| !BUILT_IN.iter().any(|(n, _)| *n == c.name))
            .filter_map(|(_, v)| v.as_ref().map(Value::text))
            .collect();
        values.sort();
        assert_eq!(values, ["a", "b", "c", "d", "e", "f", "g", "h"]);
        for format in [
            GraphFormat::Csv,
            GraphFormat::Dot,
            GraphFormat::Graphml,
            GraphFormat::Gexf,
        ] {
            let mut out = Vec::new();
            write_graph(&mut out, &table, format).unwrap();
            let text = String::from_utf8(out).unwrap();
            let names: Vec<String> = match format {
                GraphFormat::Csv => text
                    .lines()
                    .next()
                    .unwrap()
                    .split(',')
                    .map(str::to_lowercase)
                    .collect(),
                GraphFormat::Dot => text
                    .lines()
                    .find(|l| l.trim_start().starts_with("\"1\" ["))
                    .and_then(|l| l.split_once('['))
                    .unwrap()
                    .1
                    .split(", ")
                    .filter_map(|kv| kv.split_once('=').map(|(k, _)| k.trim().to_lowercase()))
                    .collect(),
                _ => text
                    .lines()
                    .filter(|l| l.contains("for=\"node\"") || l.contains("<attribute "))
                    .filter_map(|l| {
                        l.split("attr.name=\"")
                            .nth(1)
                            .or_else(|| l.split("title=\"").nth(1))
                    })
                    .map(|rest| rest.split('"').next().unwrap().to_lowercase())
                    .collect(),
            };
            let unique: BTreeSet<&String> = names.iter().collect();
            assert_eq!(unique.len(), names.len(), "{format:?}: {names:?}");
            assert!(names.len() >= 8, "{format:?}: {names:?}");
        }
    }

    #[test]
    fn edges_know_the_hierarchy() {
        let (org, analysis) = small();
        let table = GraphTable::new(&org, &analysis);
        let hierarchy: Vec<String> = table
            .edges()
            .map(|e| e.values[1].as_ref().unwrap().text())
            .collect();
        // 2 -> 1: 1 is 2's manager (the seeker is in 1's own subtree); 3 -> 2: peers; 4 -> 3.
        assert_eq!(hierarchy, ["in-own-subtree", "outside", "outside"]);
        assert!(table.node_column("attr_weight").is_some());
        assert!(table.node_column("office").is_some());
        assert!(
            table.node_column("email").is_none(),
            "unused columns are left out"
        );
    }

    #[test]
    fn floats_always_look_like_floats() {
        assert_eq!(float(1.0), "1.0");
        assert_eq!(float(0.25), "0.25");
        assert_eq!(float(f64::NAN), "0.0");
    }
}
