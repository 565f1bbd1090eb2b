#!/usr/bin/env bash
# Builds roving, makes a Python venv with networkit, igraph and networkx from PyPI (once),
# and runs bench/compare.py. Extra arguments go to compare.py, e.g.:
#   bench/run.sh --with-1m            # add the 1,000,000-person org (about 20 minutes)
#   bench/run.sh --runs 5 --sizes 10000,100000
# Environment: ROVING_BENCH_VENV (default bench/.venv), PYTHON (default python3).
set -euo pipefail
cd "$(dirname "$0")/.."
venv="${ROVING_BENCH_VENV:-bench/.venv}"
if [ ! -x "$venv/bin/python" ]; then
  "${PYTHON:-python3}" -m venv "$venv"
  "$venv/bin/pip" install --quiet --upgrade pip
  "$venv/bin/pip" install --quiet -r bench/requirements.txt
fi
cargo build --release --quiet
mkdir -p bench/results
stamp="$(date +%Y%m%d-%H%M%S)"
"$venv/bin/python" bench/compare.py --roving target/release/roving \
  --python "$venv/bin/python" --out "bench/results/compare-$stamp.md" "$@"
echo "report: bench/results/compare-$stamp.md" >&2
