"""Reads roving's GEXF, GraphML and JSON exports with networkx, warnings as errors.

Usage: python -W error tests/tools/check_graph_tools.py DIR
DIR holds NAME.gexf, NAME.graphml and NAME.json written by `roving export` for one team;
the script checks that all three give the same nodes, edges and attributes.
"""

import json
import sys
import warnings
from pathlib import Path

import networkx as nx

warnings.simplefilter("error")


def check(directory: Path) -> None:
    for gexf in sorted(directory.glob("*.gexf")):
        stem = gexf.with_suffix("")
        g1 = nx.read_gexf(gexf)
        g2 = nx.read_graphml(stem.with_suffix(".graphml"))
        data = json.loads(stem.with_suffix(".json").read_text(encoding="utf-8"))
        g3 = nx.node_link_graph(data, edges="links")
        assert g1.is_directed() and g2.is_directed() and g3.is_directed()
        assert set(g1.nodes) == set(g2.nodes) == set(g3.nodes), gexf
        assert set(g1.edges) == set(g2.edges) == set(g3.edges), gexf
        for node in g1.nodes:
            a, b, c = g1.nodes[node], g2.nodes[node], g3.nodes[node]
            assert a["label"] == b["label"] == c["label"], node
            for key in ("nayar", "in_degree", "roving_leader", "roles"):
                if key in b:
                    assert a[key] == b[key] == c[key], (node, key, a[key], b[key], c[key])
            assert isinstance(b["nayar"], int) and isinstance(b["roving_leader"], bool)
            assert abs(a["pagerank"] - b["pagerank"]) < 1e-12
        for u, v in g1.edges:
            a, b, c = g1.edges[u, v], g2.edges[u, v], g3.edges[u, v]
            assert a["weight"] == b["weight"] == c["weight"], (u, v)
            assert a["outside_hierarchy"] == b["outside_hierarchy"] == c["outside_hierarchy"]
            assert a["hierarchy"] == b["hierarchy"] == c["hierarchy"]
        print(f"{stem.name}: {g1.number_of_nodes()} nodes, {g1.number_of_edges()} edges: ok")


if __name__ == "__main__":
    check(Path(sys.argv[1]))
