#!/usr/bin/env bash
# Makes assets/tui-*.svg from real runs of the browser: tmux plays the keys, capture-pane
# keeps the colours (ANSI), and Python's rich turns each capture into an SVG.
# Needs: tmux, python3 with `rich` (pip install rich), a release build (cargo build --release).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-target/release/roving}
WIDTH=120
HEIGHT=36
SESSION=roving-shots
OUT=assets
mkdir -p "$OUT"

capture() { # name, title
  sleep 0.6
  tmux capture-pane -p -e -t "$SESSION" > "$OUT/.$1.ansi"
  python3 - "$OUT/.$1.ansi" "$OUT/tui-$1.svg" "$2" "$WIDTH" <<'PY'
import io, sys
from rich.console import Console
from rich.text import Text
src, dst, title, width = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
console = Console(record=True, width=width, force_terminal=True, color_system="truecolor",
                  file=io.StringIO())
with open(src, encoding="utf-8") as f:
    lines = f.read().rstrip("\n").split("\n")
for line in lines:
    # No-break spaces keep columns where they are in every SVG renderer.
    console.print(Text.from_ansi(line.replace(" ", "\u00a0")), no_wrap=True, overflow="crop",
                  soft_wrap=True)
console.save_svg(dst, title=title)
PY
  rm "$OUT/.$1.ansi"
}

tmux kill-session -t "$SESSION" 2>/dev/null || true
tmux new-session -d -s "$SESSION" -x "$WIDTH" -y "$HEIGHT" "$BIN 2>/dev/null; sleep 5"
sleep 1
tmux send-keys -t "$SESSION" j j
capture leaders "roving — Leaders"
tmux send-keys -t "$SESSION" 2 n
capture org-chart "roving — Org chart"
tmux send-keys -t "$SESSION" Enter
capture person "roving — Person"
tmux send-keys -t "$SESSION" 4
capture graph "roving — Graph (ego network)"
tmux send-keys -t "$SESSION" w
capture whole-network "roving — Graph (whole network)"
tmux send-keys -t "$SESSION" '?'
capture help "roving — Help"
tmux send-keys -t "$SESSION" q q
tmux kill-session -t "$SESSION" 2>/dev/null || true
echo "wrote $OUT/tui-*.svg"
