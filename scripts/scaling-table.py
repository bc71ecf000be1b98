#!/usr/bin/env python3
"""Markdown tables of a `ntklab reproduce scaling` run directory (for docs/results.md):
median time to reach D_inf = 1, 2, 5, 10 per architecture and width (with how many seeds reached it),
and the competing laws per level (estimate [95% interval], leave-one-width-out error in ln t).

    scripts/scaling-table.py RUN_DIR
Needs only Python 3."""
import csv
import math
import statistics
import sys
from collections import defaultdict

run = sys.argv[1]
ttl = list(csv.DictReader(open(f"{run}/time-to-level.csv")))
fits = list(csv.DictReader(open(f"{run}/scaling-fits.csv")))
levels = ["1.0", "2.0", "5.0", "10.0"]
by = defaultdict(list)
for r in ttl:
    if r["level_kind"] == "absolute" and r["level"] in levels:
        key = (r["arch"], r["depth"], r["alpha"])
        by[(key, int(r["width"]), r["level"])].append(float(r["t_level"]) if r["t_level"] else math.nan)
groups = sorted({k[0] for k in by})
for g in groups:
    name = f"{g[0]} L = {g[1]}" + (f", alpha = {float(g[2]):g}" if g[0] == "resnet" else "")
    print(f"\n**{name}**: median t_c over seeds (seeds that reached the level / seeds run)\n")
    print("| m | " + " | ".join(f"D_inf = {float(l):g}" for l in levels) + " |")
    print("| --- |" + " --- |" * len(levels))
    for w in sorted({k[1] for k in by if k[0] == g}):
        cells = []
        for l in levels:
            v = by.get((g, w, l), [])
            reached = sorted(x for x in v if not math.isnan(x))
            if 2 * len(reached) >= len(v) and reached:
                cells.append(f"{statistics.median(reached):.2e} ({len(reached)}/{len(v)})")
            else:
                cells.append(f"- ({len(reached)}/{len(v)})")
        print(f"| {w} | " + " | ".join(cells) + " |")
    print(f"\n**{name}**: laws fitted to the median ln t_c (95% bootstrap intervals over seeds)\n")
    print("| level | power: k | stretched-exp: beta | stretched-exp: b | log-quadratic: q | LOO error (power / stretched / log-quad) |")
    print("| --- | --- | --- | --- | --- | --- |")
    for l in ["1", "2", "5", "10"]:
        rows = {(r["model"], r["parameter"]): r for r in fits
                if (r["arch"], r["depth"]) == (g[0], g[1]) and r["level"] == l}
        if not rows:
            continue

        def est(model, p):
            r = rows.get((model, p))
            if r is None:
                return "-"
            f = lambda s: f"{float(s):.3g}" if s else "?"
            return f"{f(r['estimate'])} [{f(r['ci_low'])}, {f(r['ci_high'])}]"

        def loo(model):
            r = rows.get((model, "a"))
            return f"{float(r['loo_error']):.3g}" if r and r["loo_error"] else "-"

        print(f"| {l} | {est('power', 'k')} | {est('stretched-exp', 'beta')} | {est('stretched-exp', 'b')} | "
              f"{est('log-quadratic', 'q')} | {loo('power')} / {loo('stretched-exp')} / {loo('log-quadratic')} |")
