#!/usr/bin/env bash
# Steps the flow integrator takes with its defaults, over many seeds (issue 14's evidence):
#   scripts/step-counts.sh OUT_DIR FIRST_SEED LAST_SEED TRAIN-OPTIONS...
# e.g. scripts/step-counts.sh runs/steps-l2 1 20 --arch fcn --depth 2 --width 1024 --loss ce --data circle:n=6 --t-max 1e30
# Runs one `ntklab train` per seed (skipping seeds already finished in OUT_DIR), then prints each seed's
# final t, steps, rejected steps and wall time, and the min / median / max of the steps.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$1"; first="$2"; last="$3"; shift 3
mkdir -p "$out"
for seed in $(seq "$first" "$last"); do
  dir="$out/seed-$seed"
  if [ -f "$dir/metrics.csv" ] && grep -q '"status" *: *"complete"' "$dir/run.json" 2>/dev/null; then continue; fi
  rm -rf "$dir"
  "$root/ntklab" train "$@" --seed "$seed" --out "$dir" -q > /dev/null
done
/usr/bin/env python3 - "$out" "$first" "$last" <<'PY'
import csv, statistics, sys
out, first, last = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
steps = []
print("seed  t_end       steps  rejected  wall_s")
for s in range(first, last + 1):
    rows = list(csv.DictReader(open(f"{out}/seed-{s}/metrics.csv")))
    r = rows[-1]
    steps.append(int(float(r["step"])))
    print(f"{s:4d}  {float(r['t']):.3e}  {steps[-1]:6d}  {r['rejected_steps']:>8}  {float(r['wall_seconds']):7.1f}")
print(f"steps: min {min(steps)}, median {statistics.median(steps):g}, max {max(steps)} over {len(steps)} seeds")
PY
