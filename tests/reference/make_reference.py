#!/usr/bin/env python3
"""Independent reference values for `roving`, computed with networkx.

What this is
------------
`roving` (Rust) ranks informal leaders in an advice network. This script
recomputes the same per-person metrics with a completely separate
implementation (networkx + scipy) so that Rust tests can compare against
values that were NOT produced by the code under test.

For each data set it writes one JSON fixture:

    tests/fixtures/reference/krackhardt.json
    tests/fixtures/reference/lazega.json
    tests/fixtures/reference/tiny.json

The Rust tests read only these JSON files. They never need Python, networkx
or the original CSV location. `tiny.json` also embeds its people and advice
edges, so a test can rebuild that graph from the JSON alone.

How to run
----------
From the repository root, with a Python that has networkx 3.x, scipy, numpy:

    python3 -m venv /tmp/refvenv
    /tmp/refvenv/bin/pip install networkx scipy numpy
    /tmp/refvenv/bin/python tests/reference/make_reference.py /path/to/datasets

`/path/to/datasets` is the folder holding `krackhardt_hightech/` and
`lazega_lawfirm/`, each with `people.csv` and `advice.csv`. The fixtures are
written to `tests/fixtures/reference/` (found relative to this script; use
`--out DIR` to write elsewhere). A summary and the sanity checks against the
published figures (see `check_krackhardt` / `check_lazega`) go to stderr. The
script exits with status 1 if a sanity check fails.

Input conventions
-----------------
* people.csv: `id,name,manager_id,department,...`; `manager_id` empty means
  no manager. Ids are kept as strings.
* advice.csv: `seeker_id,advisor_id`; the seeker goes to the advisor for
  advice, i.e. a directed edge seeker -> advisor with weight 1.

Metrics (per person p)
----------------------
* in_degree  : number of distinct seekers (G.in_degree(p)).
* out_degree : number of distinct advisors p goes to (G.out_degree(p)).
* pagerank   : nx.pagerank(G, alpha=0.85, weight='weight', tol=1e-13,
               max_iter=10000). The uniform personalization and dangling
               handling are networkx's defaults.
* betweenness: nx.betweenness_centrality(G, normalized=True); directed,
               unweighted, no endpoints, normalised by (n-1)(n-2).
* nayar      : counts of seekers outside p's formal line, in three nested
               scopes, computed on the reports-to forest T (edge
               manager -> report) with nx.ancestors / nx.descendants:
    - chain      : s is not above p in the management chain
                   (s not in nx.ancestors(T, p)) and s is not in p's
                   reporting subtree (s not in nx.descendants(T, p)).
    - team       : chain, and s is not a peer of p, i.e. NOT (manager_id(s)
                   == manager_id(p) with both non-empty).
    - department : team, and department(s) != department(p). If either
                   department is empty the two are NOT the same department
                   (so the test passes).
  For each scope:
    - count              : seekers of p that pass the scope's tests.
    - departments_reached: distinct non-empty departments among them.
    - eligible           : people q != p that would pass the same tests
                           (the denominator: who *could* count).
    - share              : count / eligible, 0.0 when eligible == 0.

Departments are compared as raw strings. Note that Krackhardt codes the CEO's
department as "0": it is non-empty, so it is a department like any other here.
"""

import argparse
import csv
import hashlib
import json
import os
import platform
import sys

import networkx as nx
import numpy
import scipy

PAGERANK_CALL = "nx.pagerank(G, alpha=0.85, weight='weight', tol=1e-13, max_iter=10000)"
BETWEENNESS_CALL = "nx.betweenness_centrality(G, normalized=True)"
SCOPES = ("chain", "team", "department")


# --------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------

def sha256_of(path):
    """Hex sha256 of a file, recorded so drift in the inputs is detectable."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        h.update(f.read())
    return h.hexdigest()


def load_csv_dataset(folder):
    """Read people.csv and advice.csv from `folder`.

    Returns (people, edges) where people is a list of dicts with string keys
    id / manager_id / department (file order kept) and edges is a list of
    (seeker_id, advisor_id) string pairs (file order kept).
    """
    people = []
    with open(os.path.join(folder, "people.csv"), newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            people.append({
                "id": row["id"].strip(),
                "manager_id": row["manager_id"].strip(),
                "department": row["department"].strip(),
            })
    edges = []
    with open(os.path.join(folder, "advice.csv"), newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            edges.append((row["seeker_id"].strip(), row["advisor_id"].strip()))
    return people, edges


def tiny_dataset():
    """A five-person case small enough to check by hand.

    Org chart: a is top with reports b (dept X) and c (dept Y); d reports to
    b; e is a separate root. Departments: a X, b X, c Y, d Y, e Y.
    """
    people = [
        {"id": "a", "manager_id": "", "department": "X"},
        {"id": "b", "manager_id": "a", "department": "X"},
        {"id": "c", "manager_id": "a", "department": "Y"},
        {"id": "d", "manager_id": "b", "department": "Y"},
        {"id": "e", "manager_id": "", "department": "Y"},
    ]
    edges = [
        ("b", "a"), ("c", "a"), ("d", "a"), ("e", "a"), ("d", "b"),
        ("a", "e"), ("c", "e"), ("d", "e"), ("b", "c"), ("e", "d"),
    ]
    return people, edges


# --------------------------------------------------------------------------
# Graph construction and validation
# --------------------------------------------------------------------------

def build_graphs(people, edges):
    """Build the advice graph G and the reports-to forest T.

    G: every person is a node (even with no ties); edge seeker -> advisor,
       weight 1.
    T: every person is a node; edge manager -> report.
    Both are validated against the data conventions (no self-ties, no
    duplicate ties, all ids known, T is a forest).
    """
    ids = [p["id"] for p in people]
    if len(set(ids)) != len(ids):
        raise ValueError("duplicate person id")
    known = set(ids)

    G = nx.DiGraph()
    G.add_nodes_from(ids)
    seen = set()
    for s, a in edges:
        if s not in known or a not in known:
            raise ValueError(f"edge {s}->{a} references an unknown id")
        if s == a:
            raise ValueError(f"self-tie {s}->{a}")
        if (s, a) in seen:
            raise ValueError(f"duplicate tie {s}->{a}")
        seen.add((s, a))
        G.add_edge(s, a, weight=1)

    T = nx.DiGraph()
    T.add_nodes_from(ids)
    for p in people:
        m = p["manager_id"]
        if m:
            if m not in known:
                raise ValueError(f"{p['id']} has unknown manager {m}")
            T.add_edge(m, p["id"])
    # Each node has at most one manager and there are no cycles.
    if not nx.is_branching(T):
        raise ValueError("reports-to relation is not a forest")
    return G, T


# --------------------------------------------------------------------------
# Nayar counts
# --------------------------------------------------------------------------

def passes(scope, q, p, above, below, mgr, dept):
    """True if person q (q != p) counts for p in `scope`.

    above/below are the sets nx.ancestors(T, p) / nx.descendants(T, p).
    """
    # chain: outside p's management chain and reporting subtree
    if q in above or q in below:
        return False
    if scope == "chain":
        return True
    # team: also not a peer under the same direct manager
    if mgr[q] and mgr[p] and mgr[q] == mgr[p]:
        return False
    if scope == "team":
        return True
    # department: also a different department (empty never matches)
    same_dept = bool(dept[q]) and bool(dept[p]) and dept[q] == dept[p]
    return not same_dept


def nayar(G, T, people, p):
    """Nayar counts for person p in all three scopes."""
    mgr = {x["id"]: x["manager_id"] for x in people}
    dept = {x["id"]: x["department"] for x in people}
    above = nx.ancestors(T, p)
    below = nx.descendants(T, p)
    seekers = list(G.predecessors(p))
    others = [x["id"] for x in people if x["id"] != p]

    out = {}
    for scope in SCOPES:
        counted = [s for s in seekers if passes(scope, s, p, above, below, mgr, dept)]
        eligible = sum(1 for q in others if passes(scope, q, p, above, below, mgr, dept))
        reached = {dept[s] for s in counted if dept[s]}
        out[scope] = {
            "count": len(counted),
            "departments_reached": len(reached),
            "eligible": eligible,
            "share": (len(counted) / eligible) if eligible else 0.0,
        }
    return out


# --------------------------------------------------------------------------
# All metrics for one data set
# --------------------------------------------------------------------------

def compute(people, edges):
    G, T = build_graphs(people, edges)
    pr = nx.pagerank(G, alpha=0.85, weight="weight", tol=1e-13, max_iter=10000)
    bc = nx.betweenness_centrality(G, normalized=True)
    rows = []
    for person in people:  # file order
        p = person["id"]
        rows.append({
            "id": p,
            "in_degree": G.in_degree(p),
            "out_degree": G.out_degree(p),
            "pagerank": float(pr[p]),
            "betweenness": float(bc[p]),
            "nayar": nayar(G, T, people, p),
        })
    return G, T, rows


def document(source, rows, extra=None):
    doc = {
        "source": source,
        "generator": "tests/reference/make_reference.py",
        "networkx": nx.__version__,
        "scipy": scipy.__version__,
        "numpy": numpy.__version__,
        "python": platform.python_version(),
        "calls": {"pagerank": PAGERANK_CALL, "betweenness": BETWEENNESS_CALL},
    }
    if extra:
        doc.update(extra)
    doc["people"] = rows
    return doc


# --------------------------------------------------------------------------
# Sanity checks against /work/shared/datasets/README.md (published figures)
# --------------------------------------------------------------------------

# README "Sanity table": id -> (advice_in, in_chain, in_subtree,
# outside_chain_subtree, outside_same_dept, advice_out)
KRACK_TABLE = {
    "1": (13, 0, 0, 13, 2, 6), "2": (18, 1, 3, 14, 0, 3),
    "3": (5, 0, 0, 5, 2, 15), "4": (8, 0, 0, 8, 1, 12),
    "5": (5, 0, 0, 5, 3, 15), "6": (10, 2, 0, 8, 1, 1),
    "7": (13, 0, 13, 0, 0, 8), "8": (10, 1, 0, 9, 0, 8),
    "9": (4, 0, 0, 4, 3, 13), "10": (9, 1, 0, 8, 0, 14),
    "11": (11, 2, 0, 9, 1, 3), "12": (7, 2, 0, 5, 0, 2),
    "13": (4, 0, 0, 4, 2, 6), "14": (10, 1, 7, 2, 0, 4),
    "15": (4, 0, 0, 4, 2, 20), "16": (8, 0, 0, 8, 2, 4),
    "17": (9, 2, 0, 7, 0, 5), "18": (15, 1, 1, 13, 0, 17),
    "19": (4, 0, 0, 4, 2, 11), "20": (8, 0, 0, 8, 4, 12),
    "21": (15, 1, 4, 10, 0, 11),
}
KRACK_BETWEENNESS_TOP5 = [("18", 0.234), ("21", 0.158), ("7", 0.073), ("10", 0.048), ("1", 0.036)]


def check_krackhardt(G, T, people, rows, log):
    """Compare with the README's Krackhardt table. Returns a list of problems."""
    problems = []
    dept = {x["id"]: x["department"] for x in people}
    by_id = {r["id"]: r for r in rows}
    if G.number_of_nodes() != 21 or G.number_of_edges() != 190:
        problems.append(f"size {G.number_of_nodes()} nodes / {G.number_of_edges()} arcs, expected 21 / 190")
    for pid, (adv_in, in_chain, in_sub, outside, out_same, adv_out) in KRACK_TABLE.items():
        r = by_id[pid]
        seekers = set(G.predecessors(pid))
        got_chain = len(seekers & nx.ancestors(T, pid))
        got_sub = len(seekers & nx.descendants(T, pid))
        outside_set = seekers - nx.ancestors(T, pid) - nx.descendants(T, pid)
        got_same = sum(1 for s in outside_set if dept[s] == dept[pid])
        got = (r["in_degree"], got_chain, got_sub, r["nayar"]["chain"]["count"], got_same, r["out_degree"])
        if got != (adv_in, in_chain, in_sub, outside, out_same, adv_out):
            problems.append(f"krackhardt {pid}: got {got}, README {(adv_in, in_chain, in_sub, outside, out_same, adv_out)}")
    top = sorted(rows, key=lambda r: -r["betweenness"])[:5]
    got_top = [(r["id"], round(r["betweenness"], 3)) for r in top]
    if got_top != KRACK_BETWEENNESS_TOP5:
        problems.append(f"krackhardt betweenness top5 {got_top}, README {KRACK_BETWEENNESS_TOP5}")
    log("krackhardt chain counts (id:count/in_degree): " + " ".join(
        f"{r['id']}:{r['nayar']['chain']['count']}/{r['in_degree']}" for r in rows))
    log("krackhardt betweenness top5: " + ", ".join(f"{i} ({b:.3f})" for i, b in got_top))
    return problems


def check_lazega(G, T, people, rows, log):
    """Lazega: no managers, so chain count == in-degree; README top advisors."""
    problems = []
    if G.number_of_nodes() != 71 or G.number_of_edges() != 892:
        problems.append(f"size {G.number_of_nodes()} / {G.number_of_edges()}, expected 71 / 892")
    if T.number_of_edges() != 0:
        problems.append("lazega has reporting lines, expected none")
    for r in rows:
        if r["nayar"]["chain"]["count"] != r["in_degree"]:
            problems.append(f"lazega {r['id']}: chain {r['nayar']['chain']['count']} != in_degree {r['in_degree']}")
        if r["nayar"]["chain"]["eligible"] != 70:
            problems.append(f"lazega {r['id']}: chain eligible {r['nayar']['chain']['eligible']} != 70")
    by_id = {r["id"]: r for r in rows}
    for pid, adv_in in {"26": 37, "13": 34, "24": 26, "17": 26, "34": 25, "40": 25}.items():
        if by_id[pid]["in_degree"] != adv_in:
            problems.append(f"lazega {pid}: in_degree {by_id[pid]['in_degree']}, README {adv_in}")
    if by_id["6"]["out_degree"] != 0:
        problems.append("lazega 6 should name nobody")
    log("lazega: chain count == in_degree for all 71: " + str(all(
        r["nayar"]["chain"]["count"] == r["in_degree"] for r in rows)))
    return problems


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------

def main():
    here = os.path.dirname(os.path.abspath(__file__))
    default_out = os.path.normpath(os.path.join(here, "..", "fixtures", "reference"))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("datasets", help="folder holding krackhardt_hightech/ and lazega_lawfirm/")
    ap.add_argument("--out", default=default_out, help=f"output folder (default {default_out})")
    args = ap.parse_args()

    def log(msg):
        print(msg, file=sys.stderr)

    os.makedirs(args.out, exist_ok=True)
    log(f"networkx {nx.__version__}, scipy {scipy.__version__}, numpy {numpy.__version__}, "
        f"python {platform.python_version()}")
    problems = []

    for name, folder, source, check in [
        ("krackhardt", "krackhardt_hightech",
         "Krackhardt (1987) high-tech managers, shared datasets krackhardt_hightech/ "
         "(people.csv, advice.csv)", check_krackhardt),
        ("lazega", "lazega_lawfirm",
         "Lazega (2001) law firm, shared datasets lazega_lawfirm/ (people.csv, advice.csv)",
         check_lazega),
    ]:
        path = os.path.join(args.datasets, folder)
        people, edges = load_csv_dataset(path)
        G, T, rows = compute(people, edges)
        extra = {
            "nodes": G.number_of_nodes(),
            "edges": G.number_of_edges(),
            "input_sha256": {
                "people.csv": sha256_of(os.path.join(path, "people.csv")),
                "advice.csv": sha256_of(os.path.join(path, "advice.csv")),
            },
        }
        write(args.out, name, document(source, rows, extra))
        problems += check(G, T, people, rows, log)

    # The hand-checkable case carries its own input so a test can rebuild it.
    people, edges = tiny_dataset()
    G, T, rows = compute(people, edges)
    extra = {
        "nodes": G.number_of_nodes(),
        "edges": G.number_of_edges(),
        "input": {
            "people": people,
            "advice": [{"seeker_id": s, "advisor_id": a} for s, a in edges],
        },
    }
    write(args.out, "tiny", document("inline 5-person case defined in make_reference.py", rows, extra))

    if problems:
        log("SANITY CHECK FAILURES:")
        for p in problems:
            log("  " + p)
        sys.exit(1)
    log("all sanity checks passed")


def write(out_dir, name, doc):
    path = os.path.join(out_dir, f"{name}.json")
    with open(path, "w", encoding="utf-8") as f:
        # json uses repr() for floats: shortest string that round-trips exactly.
        json.dump(doc, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print(f"wrote {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
