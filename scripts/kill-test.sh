#!/usr/bin/env bash
# Issue 19's kill test with the real launcher: a train run SIGKILLed KILLS times (default 20) at
# random moments, the first within its first second, each time continued by the name given at
# --out (--resume NAME once run.json exists, the original command when the kill came before it);
# then the final metrics.csv (wall time aside) and outputs.csv are compared with an uninterrupted
# run's, and no hidden, temporary or lock file may be left.
#
#   scripts/kill-test.sh [KILLS] [WORK_DIR]      # about 3 minutes for 20 kills on 2 cores
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
kills_wanted="${1:-20}"
work="${2:-$(mktemp -d)}"
mkdir -p "$work"
cd "$work"
args=(train --arch fcn --depth 2 --width 16 --loss ce --data circle:n=6 --t-max 1e8 --seed 3
  --observations-per-decade 2 --checkpoint-seconds 0.2 -q)

"$root/ntklab" "${args[@]}" --out reference > /dev/null
RANDOM=19
kills=0
launches=0
while true; do
  launches=$((launches + 1))
  if [[ -f killed/run.json ]]; then
    "$root/ntklab" train --resume killed -q > /dev/null 2>> killed.log &
  else
    "$root/ntklab" "${args[@]}" --out killed > /dev/null 2>> killed.log &
  fi
  pid=$!
  if (( kills < kills_wanted )); then
    if (( kills == 0 )); then delay=0.$(( 3 + RANDOM % 7 )); else delay=$(( RANDOM % 5 )).$(( RANDOM % 10 )); fi
    sleep "$delay"
    if kill -0 "$pid" 2> /dev/null; then
      # the launcher execs java, so $pid is the JVM itself
      kill -KILL "$pid"; wait "$pid" || true
      kills=$((kills + 1))
      echo "kill $kills after ${delay}s: $(ls -A killed 2> /dev/null | tr '\n' ' ')"
      continue
    fi
  fi
  wait "$pid"
  break
done

strip_wall() { python3 -c 'import csv,sys
r=list(csv.reader(open(sys.argv[1]))); w=r[0].index("wall_seconds")
for row in r: row[w]=""; print(",".join(row))' "$1"; }
status=0
if ! diff <(strip_wall reference/metrics.csv) <(strip_wall killed/metrics.csv) > /dev/null; then
  echo "FAIL: metrics.csv differs"; status=1; fi
if ! cmp -s reference/outputs.csv killed/outputs.csv; then echo "FAIL: outputs.csv differs"; status=1; fi
grep -q '"status": "complete"' killed/run.json || { echo "FAIL: run.json not complete"; status=1; }
left=$(find . -mindepth 1 \( -name '.*' -o -name '*.tmp' -o -name ntklab.lock \) -print)
if [[ -n "$left" ]]; then echo "FAIL: left behind: $left"; status=1; fi
echo "$kills SIGKILLs in $launches launches; work directory $work; $([[ $status == 0 ]] && echo identical || echo DIFFERENT)"
exit "$status"
