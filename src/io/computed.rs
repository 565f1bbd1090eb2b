//! Columns roving writes itself: the metrics of its nodes table (`export --format csv`) and
//! of its leader lists. Read back as a people file or an org chart, they are left out: they
//! are worked out again from the ties, and kept they would come back as stale attributes.

/// The columns roving computes, as [`crate::text::squash`] writes their names.
const COMPUTED: [&str; 15] = [
    "reports",
    "subtree",
    "depth",
    "nayar",
    "nayarweighted",
    "nayarshare",
    "eligible",
    "indegree",
    "outdegree",
    "departmentsreached",
    "pagerank",
    "betweenness",
    "roles",
    "rovingleader",
    "rank",
];

/// The columns that say a file is one roving wrote: all three are there.
const SIGNATURE: [&str; 3] = ["nayar", "pagerank", "indegree"];

/// The positions of the computed columns among `headers`, when the file is one roving wrote
/// (it has `nayar`, `pagerank` and `in_degree` columns); none otherwise, since a column
/// called `rank` or `depth` in an HR file is data.
pub(crate) fn computed_columns<S: AsRef<str>>(headers: &[S]) -> Vec<usize> {
    let squashed: Vec<String> = headers
        .iter()
        .map(|h| crate::text::squash(h.as_ref()))
        .collect();
    if !SIGNATURE.iter().all(|s| squashed.iter().any(|h| h == s)) {
        return Vec::new();
    }
    squashed
        .iter()
        .enumerate()
        .filter(|(_, h)| COMPUTED.contains(&h.as_str()))
        .map(|(i, _)| i)
        .collect()
}

/// The note for the computed columns `names` left out of `path`.
pub(crate) fn note(path: &std::path::Path, names: &[String]) -> String {
    let named = match names {
        [] | [_] | [_, _] | [_, _, _] => names.join(", "),
        [a, b, c, rest @ ..] => format!("{a}, {b}, {c} and {} more", rest.len()),
    };
    format!(
        "{} looks like a file roving wrote: left out its {} ({named}), which are worked \
         out again from the ties",
        path.display(),
        crate::text::count(names.len(), "computed column", "computed columns"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_file_roving_wrote_loses_its_computed_columns() {
        let nodes = [
            "Id",
            "Label",
            "title",
            "Rank",
            "nayar",
            "PageRank",
            "in_degree",
            "planted",
        ];
        assert_eq!(computed_columns(&nodes), [3, 4, 5, 6]);
        // An HR file with a rank (grade) and a depth: data, kept.
        assert!(computed_columns(&["id", "name", "rank", "depth", "nayar"]).is_empty());
        let names = ["rank", "nayar", "pagerank", "in_degree"].map(String::from);
        assert_eq!(
            note(std::path::Path::new("t.nodes.csv"), &names),
            "t.nodes.csv looks like a file roving wrote: left out its 4 computed columns (rank, \
             nayar, pagerank and 1 more), which are worked out again from the ties"
        );
    }
}
