#!/usr/bin/env bash
# Keeps what a width-law reproduction (`ntklab reproduce scaling`) has finished in a small directory
# that can be committed: its run.json and, for every finished training run under runs/, the files the
# analysis and a resumed reproduction need (run.json, metrics.csv, the kernels' .npy files). Figures,
# reports and checkpoints are left out (a finished run has no use for its checkpoint; reports are drawn
# again). Runs already in the archive are replaced by their newer copy; unfinished ones are skipped.
#
#   scripts/scaling-archive.sh REPRODUCTION_DIR [ARCHIVE_DIR]      (default docs/data/scaling-grid)
#
# The archive is itself a reproduction directory:
#   ./ntklab reproduce scaling --from ARCHIVE_DIR/runs      # the analysis of what is there, in seconds
#   cp -r ARCHIVE_DIR runs/scaling && ./ntklab reproduce --resume runs/scaling   # run the rest
set -euo pipefail
cd "$(dirname "$0")/.."

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: scripts/scaling-archive.sh REPRODUCTION_DIR [ARCHIVE_DIR]" >&2
  exit 2
fi
src=$1
dest=${2:-docs/data/scaling-grid}
if [ ! -f "$src/run.json" ] || [ ! -d "$src/runs" ]; then
  echo "scaling-archive: $src is not a reproduction directory (no run.json and runs/)" >&2
  exit 1
fi

mkdir -p "$dest/runs"
kept=0
skipped=0
for run in "$src"/runs/*/; do
  run=${run%/}
  name=$(basename "$run")
  # finished: a train run whose status is complete or stopped, with its metrics (as TrainSession.finishedIn)
  if [ -f "$run/metrics.csv" ] && /usr/bin/python3 - "$run/run.json" <<'EOF'
import json, sys
try:
    record = json.load(open(sys.argv[1]))
except (OSError, ValueError):
    sys.exit(1)
ok = record.get("kind") == "train" and record.get("results", {}).get("status") in ("complete", "stopped")
sys.exit(0 if ok else 1)
EOF
  then
    # written next to the archive, then moved into place: an interrupted copy leaves no half run
    tmp="$dest/runs/.$name.partial"
    rm -rf "$tmp"
    mkdir "$tmp"
    cp "$run/run.json" "$run/metrics.csv" "$tmp/"
    for npy in "$run"/*.npy; do
      [ -e "$npy" ] && cp "$npy" "$tmp/"
    done
    rm -rf "${dest:?}/runs/$name"
    mv "$tmp" "$dest/runs/$name"
    kept=$((kept + 1))
  else
    skipped=$((skipped + 1))
  fi
done
# the top run.json says which grid the archive resumes as: a reproduction of part of the grid
# (--parts, --min-width, --max-width, --quick) adds its runs but does not replace the full grid's record
if [ -f "$dest/run.json" ] && /usr/bin/python3 - "$src/run.json" <<'EOF'
import json, sys
arguments = json.load(open(sys.argv[1])).get("arguments", [])
subset = any(a.split("=")[0] in ("--parts", "--min-width", "--max-width", "--quick") for a in arguments)
sys.exit(0 if subset else 1)
EOF
then
  echo "scaling-archive: $src reproduces part of the grid; $dest/run.json (the full grid's) kept" >&2
else
  cp "$src/run.json" "$dest/run.json.partial" && mv "$dest/run.json.partial" "$dest/run.json"
fi
echo "scaling-archive: $kept finished runs in $dest/runs ($skipped unfinished left out); $(du -sh "$dest" | cut -f1)"
