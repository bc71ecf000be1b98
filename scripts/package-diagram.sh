#!/usr/bin/env bash
# Redraws the package diagram in docs/architecture.md from the compiled classes (core, CLI and sweep
# modules): the block between the package-diagram markers. PackageStructureTest fails while the block
# differs from the code, and on any package cycle.
set -euo pipefail
cd "$(dirname "$0")/.."
NTKLAB_UPDATE_DOCS=1 mvn -B -q -pl ntklab-sweep -am test -Dtest=PackageStructureTest \
  -Dsurefire.failIfNoSpecifiedTests=false
echo "docs/architecture.md: diagram redrawn"
