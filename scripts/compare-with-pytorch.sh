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
# Above 1 means ntklab is faster. Medians over all runs (at least 5 per side with the defaults).
# The agreement check (outputs, loss, full gradient, whole Gram matrix, 1e-8 relative) runs before
# anything is timed; on a mismatch the script exits with status 2 and prints no RATIO line.
#
#   scripts/compare-with-pytorch.sh [--rounds N] [--batch N] [--threads N] [--out DIR] [--skip-build]
#                                   [--train d,L,m,n] [--ntk d,L,m,n] [--dgemm N]
#                                   [--ntk-methods vmap,loop] [--check-only] [--no-memory]
#
#   --rounds 5 --batch 3   the defaults: 15 training steps and ntklab NTKs, 5 PyTorch NTKs per side
#   --train 784,3,1024,256 the training-step configuration (d, L, m, n); the default is the issue's
#   --ntk 784,3,512,256    the empirical-NTK configuration; the default is the issue's
#   --dgemm 2000           the size of the square dgemm that measures the machine's throughput
#   --check-only           only the agreement check, no timing (no RATIO lines)
#   --no-memory            skip the memory checks that follow the comparison (NtkMemory: peak memory
#                          of the empirical NTK on n = 4096 under -Xmx512m; StepAllocation: memory
#                          allocated per warm training step)
#   A smoke test: --rounds 1 --batch 1 --train 784,3,256,64 --ntk 784,3,128,64 --dgemm 500 --no-memory
#   (fewer than 5 runs per median is flagged as a smoke test in the output).
#
# Needs a JDK 17, Maven, and Debian's python3-torch and python3-numpy for /usr/bin/python3
# (PYTHON=... picks another interpreter). When they are not installed, the script installs them with
# apt-get if it runs as root or can sudo; it never runs apt-get when they are installed.
#
# Fairness: Debian's PyTorch multiplies float64 matrices with whatever libblas.so.3 the alternatives
# system selects. With the reference (netlib) BLAS it is an order of magnitude slower than with
# OpenBLAS, so the script insists on OpenBLAS: when Debian's OpenBLAS is installed but not selected,
# it puts OpenBLAS's directory on LD_LIBRARY_PATH for this run only (the system's alternatives are
# left alone); when no OpenBLAS is installed, it installs libopenblas0-openmp (as above). Debian's
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
MEMORY=1
PYTHON="${PYTHON:-/usr/bin/python3}"
EXTRA_JAVA=()
EXTRA_PY=()

while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) ROUNDS="$2"; shift 2 ;;
    --batch) BATCH="$2"; shift 2 ;;
    --threads) THREADS="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --skip-build) BUILD=0; shift ;;
    --train|--ntk|--dgemm) EXTRA_JAVA+=("$1" "$2"); shift 2 ;;
    --ntk-methods) EXTRA_PY+=("$1" "$2"); shift 2 ;;
    --check-only) EXTRA_PY+=("$1"); MEMORY=0; shift ;;
    --no-memory) MEMORY=0; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 0 ;;
    *) echo "error: unknown argument $1 (see --help)" >&2; exit 64 ;;
  esac
done

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else return 1; fi
}

installed() {  # a Debian package is installed (dpkg's status "install ok installed")
  [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]
}

apt_install() {  # installs the packages that are missing, if any; never touches installed ones
  command -v apt-get >/dev/null 2>&1 && command -v dpkg-query >/dev/null 2>&1 || return 1
  local missing=() p
  for p in "$@"; do installed "$p" || missing+=("$p"); done
  [ ${#missing[@]} -gt 0 ] || return 1  # all installed: apt cannot help, the caller says why
  echo "installing ${missing[*]} with apt-get" >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq \
    && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-remove "${missing[@]}" >/dev/null
}

# --- PyTorch and its BLAS ------------------------------------------------------------------------
if ! "$PYTHON" -c 'import torch, numpy' 2>/dev/null; then
  # apt installs for Debian's own interpreter only
  if [ "$(readlink -f "$PYTHON")" != "$(readlink -f /usr/bin/python3)" ] \
      || ! apt_install python3-torch python3-numpy || ! "$PYTHON" -c 'import torch, numpy' 2>/dev/null; then
    echo "error: $PYTHON cannot import torch and numpy; install Debian's python3-torch and python3-numpy" \
      "(or set PYTHON to an interpreter that has them)" >&2
    exit 1
  fi
fi

torch_blas() {  # the libblas.so.3 PyTorch loaded (its dgemm_), resolved; "built-in" when it loaded none
  # (any loaded libopenblas does not count: Debian's liblapack.so.3 may be OpenBLAS's while
  # libblas.so.3 is the reference BLAS, and then float64 products run on the reference BLAS)
  "$PYTHON" - <<'EOF'
import os, torch
libs = set()
for line in open("/proc/self/maps"):
    parts = line.split()
    if len(parts) >= 6 and os.path.basename(parts[-1]).startswith("libblas.so"):
        libs.add(os.path.realpath(parts[-1]))
print(" ".join(sorted(libs)) or "built-in")
EOF
}

openblas_dir() {  # the directory of an installed Debian OpenBLAS libblas.so.3, if any
  local d
  for d in /usr/lib/*-linux-gnu/openblas-openmp /usr/lib/*-linux-gnu/openblas-pthread /usr/lib/*-linux-gnu/openblas-serial; do
    if [ -e "$d/libblas.so.3" ]; then echo "$d"; return 0; fi
  done
  return 1
}

BLAS_LIBS="$(torch_blas)"
if ! grep -qiE 'openblas|mkl|built-in' <<<"$BLAS_LIBS"; then
  echo "PyTorch uses the reference BLAS ($BLAS_LIBS): pointing it at OpenBLAS for a fair comparison" >&2
  if ! openblas_dir >/dev/null; then
    apt_install libopenblas0-openmp || true
  fi
  if OPENBLAS_DIR="$(openblas_dir)"; then
    # for this run only; the system's libblas.so.3 alternative is left as it is
    export LD_LIBRARY_PATH="$OPENBLAS_DIR${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
    BLAS_LIBS="$(torch_blas)"
  fi
  if ! grep -qiE 'openblas|mkl|built-in' <<<"$BLAS_LIBS"; then
    echo "error: PyTorch would run on the reference BLAS ($BLAS_LIBS); install libopenblas0-openmp (or -pthread)" >&2
    exit 1
  fi
fi

# --- build ---------------------------------------------------------------------------------------
JAR="$ROOT/ntklab-bench/target/benchmarks.jar"
if [ "$BUILD" -eq 1 ]; then
  # from the reactor: the parent POM and ntklab-core come from this checkout, nothing is installed
  # into the local Maven repository
  echo "building ntklab-core and ntklab-bench" >&2
  (cd "$ROOT" && mvn -B -q -pl ntklab-bench -am package -DskipTests)
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
case " ${EXTRA_PY[*]-} " in
  *" --check-only "*) echo "checking that both sides compute the same numbers; files in $OUT" >&2 ;;
  *) echo "comparing: $ROUNDS rounds of $BATCH runs per side; files in $OUT" >&2 ;;
esac
"$PYTHON" "$ROOT/scripts/compare_with_pytorch.py" "$OUT" --rounds "$ROUNDS" --batch "$BATCH" \
  --threads "$THREADS" --json "$OUT/results.json" ${EXTRA_PY[@]+"${EXTRA_PY[@]}"} \
  --java "$(printf '%q ' java -Xmx4g -cp "$JAR" org.ntklab.bench.Compare --serve --out "$OUT" ${EXTRA_JAVA[@]+"${EXTRA_JAVA[@]}"})"

# --- memory: the empirical NTK on n = 4096, and a warm training step ------------------------------
if [ "$MEMORY" -eq 1 ]; then
  echo
  echo "memory of the empirical NTK, fcn(d=784, L=3, m=1024) on n=4096 (java -Xmx512m ... NtkMemory):"
  java -Xmx512m -cp "$JAR" org.ntklab.bench.NtkMemory
  echo
  echo "allocation of a warm training step (StepAllocation):"
  java -cp "$JAR" org.ntklab.bench.StepAllocation
fi
