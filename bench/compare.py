#!/usr/bin/env python3
"""Compare `roving rank` with networkit, igraph and networkx on generated orgs.

For each org size the script makes the org with `roving generate --csv-dir`, then runs the
same steps in every tool, each run in its own process:

  load         read people.csv and advice.csv, resolve ids and managers, check them
  degree       in-degree of every person
  nayar        Nayar count (chain scope): seekers of each person outside their reporting
               chain and subtree, with Euler-tour intervals of the reports-to tree
  pagerank     damping 0.85, dangling mass spread evenly (the networkx formula)
  betweenness  estimated from 256 sampled sources (or exact, for the exact table)

roving is timed end to end (`roving rank --format csv -o FILE`: also roles, ranking and
writing 1M rows, which the libraries skip); its per-step times come from ROVING_TIMINGS.
For the Python libraries "total" is the sum of the steps: interpreter start-up and imports
are not counted. Peak RSS is the child's ru_maxrss. Each cell is the median of --runs runs.

Usage (see bench/README.md; bench/run.sh makes the venv first):

    python bench/compare.py --roving target/release/roving [--with-1m] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

STEPS = ["load", "degree", "nayar", "pagerank", "betweenness"]
TOOLS = ["roving", "networkit", "igraph", "networkx"]
SEED = 7
SOURCES_SEED = 42
TOP = 100


# --------------------------------------------------------------------------- workers ----
# Each worker runs in a child process, prints one JSON line and exits.


def read_org(people_csv: str, advice_csv: str):
    """People and ties with pandas' C parser; ids resolved to 0..n-1, managers checked."""
    import numpy as np
    import pandas as pd

    people = pd.read_csv(people_csv, usecols=["id", "manager_id"])
    index = pd.Index(people["id"])
    if not index.is_unique:
        raise SystemExit("duplicate person id")
    managers = people["manager_id"]
    has_manager = managers.notna().to_numpy()
    parent = np.full(len(index), -1, dtype=np.int64)
    parent[has_manager] = index.get_indexer(managers[has_manager].astype(index.dtype))
    if (parent[has_manager] < 0).any():
        raise SystemExit("unknown manager")
    return index, parent


def ties_from_csv(index, advice_csv: str):
    import numpy as np
    import pandas as pd

    ties = pd.read_csv(advice_csv, usecols=["seeker_id", "advisor_id"])
    seekers = index.get_indexer(ties["seeker_id"])
    advisors = index.get_indexer(ties["advisor_id"])
    if (seekers < 0).any() or (advisors < 0).any():
        raise SystemExit("tie names an unknown person")
    return seekers.astype(np.int64), advisors.astype(np.int64)


def euler(parent):
    """Preorder intervals [enter, exit) of the forest given by `parent` (-1 for roots),
    vectorised level by level; raises on a reporting cycle."""
    import numpy as np

    n = len(parent)
    depth = np.zeros(n, dtype=np.int64)
    up = parent.copy()
    for _ in range(n + 1):
        alive = up >= 0
        if not alive.any():
            break
        depth[alive] += 1
        up[alive] = parent[up[alive]]
    else:
        raise SystemExit("reporting cycle")
    size = np.ones(n, dtype=np.int64)
    by_depth = np.argsort(depth, kind="stable")
    bounds = np.searchsorted(depth[by_depth], np.arange(depth.max() + 2))
    for d in range(depth.max(), 0, -1):
        level = by_depth[bounds[d] : bounds[d + 1]]
        size += np.bincount(parent[level], weights=size[level], minlength=n).astype(np.int64)
    enter = np.zeros(n, dtype=np.int64)
    for d in range(0, depth.max() + 1):
        level = by_depth[bounds[d] : bounds[d + 1]]
        group = parent[level] if d > 0 else np.full(len(level), -1)
        order = np.lexsort((level, group))
        level, group = level[order], group[order]
        sizes = size[level]
        before = np.cumsum(sizes) - sizes  # people in earlier siblings' subtrees
        first = np.r_[True, group[1:] != group[:-1]]
        start_of_group = np.maximum.accumulate(np.where(first, np.arange(len(level)), 0))
        offset = before - before[start_of_group]
        base = enter[group] + 1 if d > 0 else 0
        enter[level] = base + offset
    return enter, enter + size


def nayar_chain(n, seekers, advisors, enter, exit_):
    """Seekers outside each adviser's chain and subtree, vectorised over the tie arrays."""
    import numpy as np

    es, ea = enter[seekers], enter[advisors]
    above = (es < ea) & (ea < exit_[seekers])
    below = (ea < es) & (es < exit_[advisors])
    counted = ~(above | below) & (seekers != advisors)
    return np.bincount(advisors[counted], minlength=n)


def csr_ties(matrix):
    """(seekers, advisors) from a scipy CSR adjacency matrix (row = seeker)."""
    import numpy as np

    matrix = matrix.tocsr()
    seekers = np.repeat(np.arange(matrix.shape[0], dtype=np.int64), np.diff(matrix.indptr))
    return seekers, matrix.indices.astype(np.int64)


def top_ids(index, scores):
    import numpy as np

    ids = np.asarray(index)
    order = sorted(range(len(scores)), key=lambda i: (-scores[i], ids[i]))[:TOP]
    return [str(ids[i]) for i in order]


def sample_sources(n, k):
    import numpy as np

    rng = np.random.default_rng(SOURCES_SEED)
    return rng.choice(n, size=min(k, n), replace=False)


def worker(tool: str, people_csv: str, advice_csv: str, samples: int, exact: bool):
    import numpy as np

    steps: dict[str, float] = {}

    def step(name, work):
        start = time.perf_counter()
        result = work()
        steps[name] = time.perf_counter() - start
        return result

    if tool == "networkit":
        import networkit as nk

        def load():
            index, parent = read_org(people_csv, advice_csv)
            # networkit's own reader: ids 1..n (firstNode=1); the header starts with 's'.
            reader = nk.graphio.EdgeListReader(
                ",", 1, commentPrefix="s", continuous=True, directed=True
            )
            graph = reader.read(advice_csv)
            if graph.numberOfNodes() < len(index):
                graph.addNodes(len(index) - graph.numberOfNodes())
            graph.removeSelfLoops()
            return index, parent, graph

        index, parent, g = step("load", load)
        n = g.numberOfNodes()
        step("degree", lambda: nk.centrality.DegreeCentrality(g, outDeg=False).run().scores())

        def nayar():
            enter, exit_ = euler(parent)
            seekers, advisors = csr_ties(nk.algebraic.adjacencyMatrix(g))
            return nayar_chain(n, seekers, advisors, enter, exit_)

        step("nayar", nayar)

        def pagerank():
            pr = nk.centrality.PageRank(
                g, damp=0.85, tol=1e-13 * n,
                distributeSinks=nk.centrality.SinkHandling.DistributeSinks,
            )
            pr.norm = nk.centrality.Norm.L1_NORM
            pr.run()
            return pr.scores()

        scores = step("pagerank", pagerank)

        def betweenness():
            if exact:
                return nk.centrality.Betweenness(g, normalized=True).run().scores()
            return nk.centrality.EstimateBetweenness(g, samples, True, True).run().scores()

        step("betweenness", betweenness)
    elif tool == "igraph":
        import igraph as ig

        def load():
            index, parent = read_org(people_csv, advice_csv)
            seekers, advisors = ties_from_csv(index, advice_csv)
            graph = ig.Graph(n=len(index), edges=np.column_stack((seekers, advisors)), directed=True)
            graph.simplify(multiple=True, loops=True)
            return index, parent, graph

        index, parent, g = step("load", load)
        n = g.vcount()
        step("degree", lambda: g.indegree())

        def nayar():
            enter, exit_ = euler(parent)
            seekers, advisors = csr_ties(g.get_adjacency_sparse())
            return nayar_chain(n, seekers, advisors, enter, exit_)

        step("nayar", nayar)
        scores = step("pagerank", lambda: g.pagerank(damping=0.85, directed=True))

        def betweenness():
            if exact:
                return g.betweenness(directed=True)
            sources = sample_sources(n, samples).tolist()
            raw = np.asarray(g.betweenness(directed=True, sources=sources))
            return raw * (n / len(sources)) / ((n - 1) * (n - 2))

        step("betweenness", betweenness)
    elif tool == "networkx":
        import networkx as nx

        def load():
            index, parent = read_org(people_csv, advice_csv)
            seekers, advisors = ties_from_csv(index, advice_csv)
            graph = nx.DiGraph()
            graph.add_nodes_from(range(len(index)))
            graph.add_edges_from(zip(seekers.tolist(), advisors.tolist()))
            graph.remove_edges_from(nx.selfloop_edges(graph))
            return index, parent, graph

        index, parent, g = step("load", load)
        n = g.number_of_nodes()
        step("degree", lambda: dict(g.in_degree()))

        def nayar():
            enter, exit_ = euler(parent)
            matrix = nx.to_scipy_sparse_array(g, nodelist=range(n), format="csr")
            seekers, advisors = csr_ties(matrix)
            return nayar_chain(n, seekers, advisors, enter, exit_)

        step("nayar", nayar)

        def pagerank():
            pr = nx.pagerank(g, alpha=0.85, tol=1e-13, max_iter=1000)
            return [pr[i] for i in range(n)]

        scores = step("pagerank", pagerank)

        def betweenness():
            if exact:
                return nx.betweenness_centrality(g, normalized=True)
            return nx.betweenness_centrality(g, k=min(samples, n), normalized=True, seed=SOURCES_SEED)

        step("betweenness", betweenness)
    else:
        raise SystemExit(f"unknown tool {tool}")
    print(json.dumps({"steps": steps, "top": top_ids(index, list(scores))}))


# ---------------------------------------------------------------------------- parent ----


def measure(command: list[str], env=None) -> tuple[float, int, str, str]:
    """Wall time and peak RSS (KiB) of one child process, via os.wait4."""
    with tempfile.TemporaryFile(mode="w+") as out, tempfile.TemporaryFile(mode="w+") as err:
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if child.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({child.returncode}):\n{stderr[-2000:]}")
    return wall, usage.ru_maxrss, stdout, stderr


ROVING_PHASES = {
    "loading people": "load",
    "building network": "load",
    "loading ties": "load",
    "degrees": "degree",
    "nayar counts": "nayar",
    "pagerank": "pagerank",
    "betweenness": "betweenness",
    "roles and ranking": "other",
    "writing": "other",
}


def run_roving(roving: str, org: Path, samples: int, exact: bool, work: Path):
    command = [
        roving, "rank", "--people", str(org / "people.csv"), "--advice", str(org / "advice.csv"),
        "--format", "csv", "-o", str(work / "roving-out.csv"),
    ]
    # Explicit both ways: without --samples, roving samples large teams by itself.
    command += ["--samples", "all" if exact else str(samples)]
    env = dict(os.environ, ROVING_TIMINGS="1")
    wall, rss, _, stderr = measure(command, env)
    steps = {name: 0.0 for name in STEPS + ["other"]}
    for line in stderr.splitlines():
        if line.startswith("timing: "):
            body = line[len("timing: "):]
            label, seconds = body[:20].strip(), float(body[20:].split()[0])
            if label in ROVING_PHASES:
                steps[ROVING_PHASES[label]] += seconds
    return {"steps": steps, "total": wall, "rss": rss}


def roving_top(roving: str, org: Path, work: Path) -> list[str]:
    out = work / "roving-top.csv"
    subprocess.run(
        [roving, "rank", "--people", str(org / "people.csv"), "--advice", str(org / "advice.csv"),
         "--by", "pagerank", "--top", str(TOP), "--samples", "1", "--format", "csv", "-o", str(out)],
        check=True, capture_output=True,
    )
    import csv

    with open(out, newline="") as f:
        return [row["id"] for row in csv.DictReader(f)]


def run_library(python: str, tool: str, org: Path, samples: int, exact: bool):
    command = [python, __file__, "--worker", tool, "--people", str(org / "people.csv"),
               "--advice", str(org / "advice.csv"), "--samples", str(samples)]
    if exact:
        command.append("--exact")
    _, rss, stdout, _ = measure(command)
    result = json.loads(stdout.strip().splitlines()[-1])
    return {"steps": result["steps"], "total": sum(result["steps"].values()), "rss": rss,
            "top": result["top"]}


def median_of(runs: list[dict]) -> dict:
    steps = {k: statistics.median(r["steps"].get(k, 0.0) for r in runs) for k in runs[0]["steps"]}
    return {"steps": steps, "total": statistics.median(r["total"] for r in runs),
            "rss": statistics.median(r["rss"] for r in runs), "runs": len(runs),
            "top": runs[0].get("top")}


def machine() -> str:
    model = platform.processor() or "unknown CPU"
    try:
        for line in subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines():
            if line.startswith("Model name:"):
                model = line.split(":", 1)[1].strip()
    except OSError:
        pass
    memory = "?"
    try:
        with open("/proc/meminfo") as f:
            kib = int(f.readline().split()[1])
            memory = f"{kib / 2**20:.0f} GiB"
    except OSError:
        pass
    return f"{model}, {os.cpu_count()} cores, {memory} RAM, {platform.system()} {platform.release()}"


def versions(python: str) -> str:
    code = ("import networkit, igraph, networkx, numpy, scipy, pandas, sys;"
            "print(f'Python {sys.version.split()[0]}, networkit {networkit.__version__}, "
            "igraph {igraph.__version__}, networkx {networkx.__version__}, "
            "numpy {numpy.__version__}, scipy {scipy.__version__}, pandas {pandas.__version__}')")
    return subprocess.run([python, "-c", code], capture_output=True, text=True).stdout.strip()


def fmt(seconds: float) -> str:
    return f"{seconds:.3f}" if seconds < 1 else f"{seconds:.2f}" if seconds < 100 else f"{seconds:.0f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--roving", default="target/release/roving")
    parser.add_argument("--python", default=sys.executable, help="Python with the libraries")
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--with-1m", action="store_true", help="also 1,000,000 people")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--samples", type=int, default=256)
    parser.add_argument("--exact-sizes", default="1000,10000",
                        help="sizes for the exact-betweenness table")
    parser.add_argument("--networkx-max", type=int, default=100_000,
                        help="skip networkx above this many people")
    parser.add_argument("--networkx-exact-max", type=int, default=1000)
    parser.add_argument("--networkx-runs", type=int, default=None,
                        help="runs for networkx above 10k people (default: --runs)")
    parser.add_argument("--tools", default=",".join(TOOLS))
    parser.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "roving-bench"))
    parser.add_argument("--out", help="also write the Markdown report here")
    # Worker mode (internal).
    parser.add_argument("--worker")
    parser.add_argument("--people")
    parser.add_argument("--advice")
    parser.add_argument("--exact", action="store_true")
    args = parser.parse_args()

    if args.worker:
        worker(args.worker, args.people, args.advice, args.samples, args.exact)
        return

    sizes = [int(s) for s in args.sizes.split(",") if s]
    if args.with_1m and 1_000_000 not in sizes:
        sizes.append(1_000_000)
    tools = args.tools.split(",")
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    exact_sizes = [int(s) for s in args.exact_sizes.split(",") if s]

    def org_for(size: int) -> Path:
        org = work / f"org-{size}"
        if not (org / "advice.csv").exists():
            subprocess.run([args.roving, "generate", "--people", str(size), "--seed", str(SEED),
                            "--csv-dir", str(org)], check=True, capture_output=True)
        return org

    def runs_for(tool: str, size: int) -> int:
        if tool == "networkx" and size > 10_000 and args.networkx_runs:
            return args.networkx_runs
        return args.runs

    loads: list[float] = []

    def one_run(tool: str, size: int, exact: bool, i: int) -> dict:
        print(f"  {tool:9} {size:>9,} {'exact' if exact else 'sampled'} run {i + 1}",
              file=sys.stderr, flush=True)
        loads.append(os.getloadavg()[0])
        org = org_for(size)
        if tool == "roving":
            return run_roving(args.roving, org, args.samples, exact, work)
        return run_library(args.python, tool, org, args.samples, exact)

    def bench_size(size: int, exact: bool) -> dict[tuple[str, int], dict | None]:
        """Runs every tool on one size, round-robin (run 1 of each tool, then run 2, ...), so
        that load from other processes on a shared machine falls on all tools alike."""
        limit = args.networkx_exact_max if exact else args.networkx_max
        active = [t for t in tools if not (t == "networkx" and size > limit)]
        runs: dict[str, list[dict]] = {t: [] for t in active}
        for i in range(max(runs_for(t, size) for t in active)):
            for tool in active:
                if i < runs_for(tool, size):
                    runs[tool].append(one_run(tool, size, exact, i))
        return {(t, size): (median_of(runs[t]) if t in runs else None) for t in tools}

    results: dict[tuple[str, int], dict | None] = {}
    for size in sizes:
        results.update(bench_size(size, exact=False))
    exact_results: dict[tuple[str, int], dict | None] = {}
    for size in exact_sizes:
        exact_results.update(bench_size(size, exact=True))

    lines = [
        f"Machine: {machine()}.",
        f"Versions: roving {subprocess.run([args.roving, '--version'], capture_output=True, text=True).stdout.strip()}; "
        f"{versions(args.python)}.",
        f"Orgs: `roving generate --people N --seed {SEED}`; betweenness from {args.samples} "
        f"sampled sources; medians of {args.runs} runs "
        f"(networkx above 10k: {runs_for('networkx', 100_000)} run), tools run round-robin. "
        f"Times in seconds. Load average (1 min) before each run: median "
        f"{statistics.median(loads):.2f}, max {max(loads):.2f} (2 cores).",
        "",
        "| people | ties | tool | load | degree | nayar | pagerank | betweenness | total | "
        "peak RSS | total vs roving | RSS vs roving |",
        "|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size in sizes:
        org = org_for(size)
        with open(org / "advice.csv") as f:
            ties = sum(1 for _ in f) - 1
        base = results.get(("roving", size))
        for tool in tools:
            r = results[(tool, size)]
            if r is None:
                lines.append(f"| {size:,} | {ties:,} | {tool} | skipped (above "
                             f"{args.networkx_max:,} people) | | | | | | | | |")
                continue
            s = r["steps"]
            ratio = rss_ratio = ""
            if base and tool != "roving":
                ratio = f"{r['total'] / base['total']:.1f}×"
                rss_ratio = f"{r['rss'] / base['rss']:.2f}×"
            total = fmt(r["total"]) + (" (end to end)" if tool == "roving" else "")
            lines.append(
                f"| {size:,} | {ties:,} | {tool} | {fmt(s['load'])} | {fmt(s['degree'])} | "
                f"{fmt(s['nayar'])} | {fmt(s['pagerank'])} | {fmt(s['betweenness'])} | {total} | "
                f"{r['rss'] / 1024:.0f} MiB | {ratio} | {rss_ratio} |"
            )
    if exact_results:
        lines += ["", "Exact betweenness (step time only, seconds):", "",
                  "| people | tool | exact betweenness | vs roving |", "|---:|---|---:|---:|"]
        for size in exact_sizes:
            base = exact_results.get(("roving", size))
            for tool in tools:
                r = exact_results[(tool, size)]
                if r is None:
                    lines.append(f"| {size:,} | {tool} | skipped | |")
                    continue
                b = r["steps"]["betweenness"]
                ratio = f"{b / base['steps']['betweenness']:.1f}×" if base and tool != "roving" else ""
                lines.append(f"| {size:,} | {tool} | {fmt(b)} | {ratio} |")
    # PageRank ranking agreement: roving's top 100 against each library's.
    lines += ["", f"PageRank top-{TOP} agreement with roving (same ids in the same order):", ""]
    for size in sizes:
        if ("roving", size) not in results or results[("roving", size)] is None:
            continue
        ours = roving_top(args.roving, org_for(size), work)
        for tool in tools:
            r = results.get((tool, size))
            if tool == "roving" or r is None or not r.get("top"):
                continue
            theirs = r["top"]
            same_order = sum(1 for a, b in zip(ours, theirs) if a == b)
            same_set = len(set(ours) & set(theirs))
            verdict = "identical" if ours == theirs else f"{same_order}/{TOP} same position, {same_set}/{TOP} same set"
            lines.append(f"- {size:,} people, {tool}: {verdict}")
    report = "\n".join(lines)
    print(report)
    if args.out:
        Path(args.out).write_text(report + "\n")


if __name__ == "__main__":
    main()
