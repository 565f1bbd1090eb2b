#!/usr/bin/env bash
# Opens roving's graph exports with the real tools: networkx (read_gexf, read_graphml,
# node_link_graph) with Python warnings as errors, and Graphviz `dot -Tsvg`, which must
# print nothing on stderr. Not part of `cargo test` (it needs Python and Graphviz):
#   python3 -m venv /tmp/nx && /tmp/nx/bin/pip install networkx
#   apt-get install graphviz
#   PYTHON=/tmp/nx/bin/python tests/tools/check_graph_tools.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
PYTHON=${PYTHON:-python3}
cargo build --quiet
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# northwind (400 people) is left out: dot needs minutes to lay it out.
for team in sample_teams/{acme,krackhardt,lazega}.ron tests/fixtures/export/tricky.ron; do
    name=$(basename "$team" .ron)
    for format in gexf graphml json dot; do
        ./target/debug/roving export "$team" -o "$out/$name.$format" 2>/dev/null
    done
    if ! dot -Tsvg "$out/$name.dot" -o "$out/$name.svg" 2>"$out/$name.dot.log" \
        || [ -s "$out/$name.dot.log" ]; then
        echo "graphviz complained about $name.dot:" >&2
        cat "$out/$name.dot.log" >&2
        exit 1
    fi
    echo "$name.dot: graphviz ok"
done
"$PYTHON" -W error tests/tools/check_graph_tools.py "$out"
