#!/usr/bin/env bash
# The project's test command (README): every module's tests, then the Python package's (pytest),
# then one verdict.
#
# Maven normally stops at the first module whose tests fail, and the modules after it are never
# tested, so one failure hides the rest. Here surefire records failures without stopping the build
# (maven.test.failure.ignore), every module is compiled and tested, and this script then reads the
# surefire reports of all modules and fails (exit 1) when any test failed or erred, listing them.
# A compilation error still stops the build at once (exit code of Maven). Maven runs up to package,
# so that each module's target/classpath.txt is there for the Python tests, which call the Java code.
#
# The Python tests run with Debian's /usr/bin/python3 (numpy, pandas, matplotlib, JPype, pytest and
# nbclient from apt, see .ci/run), not whatever python3 comes first on the PATH.
set -euo pipefail
cd "$(dirname "$0")/.."

rm -rf ./*/target/surefire-reports   # no verdict from an earlier run
mvn -B -q -Dmaven.test.failure.ignore=true package "$@"

failed=0
for report in */target/surefire-reports/TEST-*.xml; do
  [ -e "$report" ] || continue
  # the testsuite element's counts: <testsuite ... failures="F" errors="E" ...>
  header=$(grep -m1 -o '<testsuite [^>]*>' "$report" || true)
  f=$(sed -n 's/.* failures="\([0-9]*\)".*/\1/p' <<<"$header")
  e=$(sed -n 's/.* errors="\([0-9]*\)".*/\1/p' <<<"$header")
  if [ "${f:-0}" != 0 ] || [ "${e:-0}" != 0 ]; then
    echo "FAILED: $report (failures $f, errors $e)" >&2
    failed=1
  fi
done

python=${NTKLAB_PYTHON:-/usr/bin/python3}
if ! "$python" -m pytest -q -p no:cacheprovider python/tests; then
  echo "FAILED: the Python tests (python/tests)" >&2
  failed=1
fi

if [ "$failed" != 0 ]; then
  echo "tests failed (see the reports above; every module and the Python package were tested)" >&2
  exit 1
fi
