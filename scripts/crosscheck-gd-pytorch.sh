#!/usr/bin/env bash
# Checks ntklab's gradient descent against PyTorch's on the paper's Fig. 1 run (docs/paper.md,
# section 6): FCN with 3 hidden layers, m = 2000, the six circle points, summed cross-entropy,
# rate 0.1, in float64, from the same initial weights. ntklab's side is an ordinary
# 'ntklab train --integrator gd' run; org.ntklab.bench.ExportInitial writes the weights that run
# starts from (same seed, same calls), and scripts/crosscheck_gd_pytorch.py trains the same network
# in PyTorch and compares the six outputs after 100 and 1,000 steps (and at step 0). Prints
#
#   LARGEST_RELATIVE_DIFFERENCE <max_i |f_i^ntklab - f_i^torch| / max_i |f_i^torch|, worst step>
#
# and exits with status 2 when it is above 1e-8 (the tolerance of scripts/compare-with-pytorch.sh).
#
#   scripts/crosscheck-gd-pytorch.sh [--width M] [--seed S] [--steps 100,1000] [--out DIR] [--skip-build]
#
# About 3 minutes at m = 2000 on 2 cores (1,000 steps on each side). Needs Debian's python3-torch and
# python3-numpy for /usr/bin/python3 (PYTHON=... picks another interpreter).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WIDTH=2000
SEED=1
STEPS=100,1000
LR=0.1
OUT="$ROOT/ntklab-bench/target/crosscheck-gd"
BUILD=1
PYTHON="${PYTHON:-/usr/bin/python3}"
while [ $# -gt 0 ]; do
  case "$1" in
    --width) WIDTH="$2"; shift 2 ;;
    --seed) SEED="$2"; shift 2 ;;
    --steps) STEPS="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --skip-build) BUILD=0; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 0 ;;
    *) echo "error: unknown argument $1 (see --help)" >&2; exit 64 ;;
  esac
done
if ! "$PYTHON" -c 'import torch, numpy' 2>/dev/null; then
  echo "error: $PYTHON cannot import torch and numpy; install Debian's python3-torch and python3-numpy" \
    "(sudo apt-get install -y python3-torch python3-numpy) or set PYTHON" >&2
  exit 1
fi
JAR="$ROOT/ntklab-bench/target/benchmarks.jar"
if [ "$BUILD" -eq 1 ]; then
  echo "building ntklab-core and ntklab-bench" >&2
  (cd "$ROOT" && mvn -B -q -pl ntklab-bench -am package -DskipTests)
fi
[ -f "$JAR" ] || { echo "error: $JAR is missing (run without --skip-build)" >&2; exit 1; }

MAX_STEPS="$(tr ',' '\n' <<<"$STEPS" | sort -n | tail -1)"
MIN_STEPS="$(tr ',' '\n' <<<"$STEPS" | sort -n | head -1)"
T_MAX="$(awk -v s="$MAX_STEPS" -v r="$LR" 'BEGIN { printf "%.17g", s * r }')"
FIRST="$(awk -v s="$MIN_STEPS" -v r="$LR" 'BEGIN { printf "%.17g", s * r }')"
DATA="circle:n=6"
rm -rf "$OUT"
mkdir -p "$OUT"
echo "exporting the initial weights (fcn L = 3, m = $WIDTH, $DATA, seed $SEED)" >&2
java -cp "$JAR" org.ntklab.bench.ExportInitial fcn 3 "$WIDTH" "$DATA" "$SEED" "$OUT/initial"
echo "ntklab train --integrator gd --lr $LR to t = $T_MAX ($MAX_STEPS steps)" >&2
# one observation per decade from the first step count on: t = 0, FIRST, 10 FIRST, ... (the step counts)
"$ROOT/ntklab" train --arch fcn --depth 3 --width "$WIDTH" --data "$DATA" --seed "$SEED" --loss ce \
  --reduction sum --integrator gd --lr "$LR" --t-max "$T_MAX" --first-observation "$FIRST" \
  --observations-per-decade 1 --no-kernel-machine --no-observe-kernel -q --out "$OUT/ntklab" > "$OUT/ntklab.log"
echo "PyTorch float64 gradient descent from the same weights" >&2
"$PYTHON" "$ROOT/scripts/crosscheck_gd_pytorch.py" "$OUT/initial" "$OUT/ntklab" --lr "$LR" --steps "$STEPS" \
  | tee "$OUT/result.txt"
