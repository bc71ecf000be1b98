#!/usr/bin/env bash
# Side-by-side timing of ntklab and PyTorch on this CPU, on the same configurations and the same
# weights (docs/performance.md). One invocation builds what it needs, starts ntklab's timing server
# (org.ntklab.bench.Compare --serve, which exports weights, inputs and its results as .npy), and
# runs scripts/compare_with_pytorch.py, which builds the same networks in PyTorch (float64, 2
# threads), checks that both compute the same gradient and the same empirical-NTK Gram matrix (to
# 1e-8 relative), then alternates batches of ntklab and PyTorch runs for several rounds (so that load
# from other processes falls on both alike) and prints
#
#   RATIO train_step <ntklab speed / pytorch speed>
#   RATIO empirical_ntk <ntklab speed / pytorch speed>
#
# then a table, the training step's GFLOP/s and its fraction of dgemm measured in the same runs.
# Above 1 means ntklab is faster. Medians over all runs (at least 5 per side).
#
#   scripts/compare-with-pytorch.sh [--rounds N] [--batch N] [--threads N] [--out DIR] [--skip-build]
#
# Needs a JDK 17, Maven, and Debian's python3-torch and python3-numpy for /usr/bin/python3 (installed
# with apt-get when missing and the script may; PYTHON=... picks another interpreter).
#
# Fairness: Debian's PyTorch multiplies float64 matrices with whatever libblas.so.3 the alternatives
# system selects. With the reference (netlib) BLAS it is an order of magnitude slower than with
# OpenBLAS, so the script insists on OpenBLAS (libopenblas0-openmp, installed when it can). Debian's
# OpenBLAS 0.3.21 may not recognise a recent CPU and fall back to generic kernels ("Prescott"); the
# script then sets OPENBLAS_CORETYPE to the kernel family ntklab's OpenBLAS detected, so both sides
# run the same dgemm kernels. Set OPENBLAS_CORETYPE yourself to override.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROUNDS=5
BATCH=3
THREADS=2
OUT="$ROOT/ntklab-bench/target/compare"
BUILD=1
PYTHON="${PYTHON:-/usr/bin/python3}"

while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) ROUNDS="$2"; shift 2 ;;
    --batch) BATCH="$2"; shift 2 ;;
    --threads) THREADS="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --skip-build) BUILD=0; shift ;;
    -h|--help) sed -n '2,29p' "$0"; exit 0 ;;
    *) echo "error: unknown argument $1 (see --help)" >&2; exit 64 ;;
  esac
done

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else return 1; fi
}

apt_install() {
  command -v apt-get >/dev/null 2>&1 || return 1
  echo "installing $* with apt-get" >&2
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq && as_root apt-get install -y -qq "$@" >/dev/null
}

# --- PyTorch and its BLAS ------------------------------------------------------------------------
if ! "$PYTHON" -c 'import torch, numpy' 2>/dev/null; then
  apt_install python3-torch python3-numpy || {
    echo "error: $PYTHON cannot import torch and numpy; install Debian's python3-torch and python3-numpy" >&2
    exit 1
  }
fi

torch_blas() {
  "$PYTHON" - <<'EOF'
import os, torch
libs = set()
for line in open("/proc/self/maps"):
    parts = line.split()
    if len(parts) >= 6 and any(k in os.path.basename(parts[-1]) for k in ("blas", "mkl")):
        libs.add(os.path.realpath(parts[-1]))
print(" ".join(sorted(libs)))
EOF
}

BLAS_LIBS="$(torch_blas)"
if ! grep -qiE 'openblas|mkl' <<<"$BLAS_LIBS"; then
  echo "PyTorch uses the reference BLAS ($BLAS_LIBS): installing OpenBLAS for a fair comparison" >&2
  apt_install libopenblas0-openmp || {
    echo "error: PyTorch would run on the reference BLAS; install libopenblas0-openmp (or -pthread)" >&2
    exit 1
  }
  BLAS_LIBS="$(torch_blas)"
fi

# --- build ---------------------------------------------------------------------------------------
JAR="$ROOT/ntklab-bench/target/benchmarks.jar"
if [ "$BUILD" -eq 1 ]; then
  echo "building ntklab-core and ntklab-bench" >&2
  (cd "$ROOT" && mvn -B -q -N install && mvn -B -q -pl ntklab-bench -am package -DskipTests)
fi
[ -f "$JAR" ] || { echo "error: $JAR is missing (run without --skip-build)" >&2; exit 1; }

# --- the same OpenBLAS kernels on both sides ------------------------------------------------------
mkdir -p "$OUT"
export OPENBLAS_NUM_THREADS="$THREADS" OMP_NUM_THREADS="$THREADS"
if [ -z "${OPENBLAS_CORETYPE:-}" ]; then
  JAVA_CORE="$(OPENBLAS_VERBOSE=2 java -cp "$JAR" org.ntklab.bench.Compare --probe 2>&1 >/dev/null \
    | grep -o 'Core: [A-Za-z0-9_]*' | head -1 | cut -d' ' -f2 || true)"
  TORCH_CORE="$(OPENBLAS_VERBOSE=2 "$PYTHON" -c 'import torch; torch.ones(2, 2, dtype=torch.float64) @ torch.ones(2, 2, dtype=torch.float64)' 2>&1 \
    | grep -o 'Core: [A-Za-z0-9_]*' | head -1 | cut -d' ' -f2 || true)"
  if [ -n "$JAVA_CORE" ] && [ -n "$TORCH_CORE" ] && [ "$TORCH_CORE" != "$JAVA_CORE" ]; then
    echo "PyTorch's OpenBLAS picked kernels $TORCH_CORE, ntklab's $JAVA_CORE: OPENBLAS_CORETYPE=$JAVA_CORE for both" >&2
    export OPENBLAS_CORETYPE="$JAVA_CORE"
  fi
fi

# --- run: PyTorch drives, ntklab's timing server answers -----------------------------------------
echo "comparing: $ROUNDS rounds of $BATCH runs per side; files in $OUT" >&2
"$PYTHON" "$ROOT/scripts/compare_with_pytorch.py" "$OUT" --rounds "$ROUNDS" --batch "$BATCH" \
  --threads "$THREADS" --json "$OUT/results.json" \
  --java "$(printf '%q ' java -Xmx4g -cp "$JAR" org.ntklab.bench.Compare --serve --out "$OUT")"
