#!/usr/bin/python3
"""PyTorch's half of scripts/crosscheck-gd-pytorch.sh.

Reads the initial parameters, inputs and targets that org.ntklab.bench.ExportInitial wrote for a
configuration (the same network ntklab train starts from), trains the same FCN in PyTorch (float64)
by full-batch gradient descent on the summed binary cross-entropy (the paper's eq. 2.3) at the given
rate, and compares its outputs on the training points after each of the given step counts with the
f_i columns of ntklab's outputs.csv at t = rate x steps. Prints one line per step count and

    LARGEST_RELATIVE_DIFFERENCE <max over steps of max_i |f_i^ntklab - f_i^torch| / max_i |f_i^torch|>

and exits with status 2 when it is above the tolerance.
"""
import argparse
import csv
import math
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from compare_with_pytorch import Fcn, bce_sum, load_params  # noqa: E402  (the same network definition)


def read_outputs(path):
    with open(path) as f:
        rows = list(csv.DictReader(f))
    names = [c for c in rows[0].keys() if c.startswith("f_")]
    names.sort(key=lambda c: int(c[2:]))
    return [(float(r["t"]), np.array([float(r[c]) for c in names])) for r in rows]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("exported", help="directory written by ExportInitial")
    p.add_argument("ntklab_run", help="the ntklab train run directory (its outputs.csv)")
    p.add_argument("--lr", type=float, required=True)
    p.add_argument("--steps", type=str, default="100,1000")
    p.add_argument("--tolerance", type=float, default=1e-8)
    p.add_argument("--threads", type=int, default=2)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.set_default_dtype(torch.float64)

    names, blocks = load_params(a.exported)
    x = torch.tensor(np.load(os.path.join(a.exported, "x.npy")), dtype=torch.float64)
    y = torch.tensor(np.load(os.path.join(a.exported, "y.npy")), dtype=torch.float64)
    net = Fcn(names, blocks, x.shape[1])
    for t in net.params:
        t.requires_grad_(True)
    f0_java = np.load(os.path.join(a.exported, "f0.npy"))

    ntklab = read_outputs(os.path.join(a.ntklab_run, "outputs.csv"))
    wanted = [int(s) for s in a.steps.split(",")]
    targets = {}
    for steps in wanted:
        t = steps * a.lr
        row = min(ntklab, key=lambda r: abs(r[0] - t))
        if abs(row[0] - t) > 1e-9 * max(1.0, t):
            print("error: ntklab's outputs.csv has no row at t = %g (steps %d x rate %g)" % (t, steps, a.lr),
                  file=sys.stderr)
            return 1
        targets[steps] = row[1]

    worst = 0.0
    with torch.no_grad():
        f = net.forward(x).numpy().ravel()
    rel0 = float(np.max(np.abs(f - f0_java.ravel())) / np.max(np.abs(f)))
    row0 = min(ntklab, key=lambda r: abs(r[0]))
    rel0b = float(np.max(np.abs(row0[1] - f)) / np.max(np.abs(f)))
    print("step 0: max relative difference of the initial outputs %.3e (exported) %.3e (ntklab train)"
          % (rel0, rel0b))
    worst = max(worst, rel0, rel0b)
    step = 0
    last = max(wanted)
    while step < last:
        for t in net.params:
            t.grad = None
        loss = bce_sum(net.forward(x).reshape(-1), y.reshape(-1))
        loss.backward()
        with torch.no_grad():
            for t in net.params:
                t.sub_(a.lr * t.grad)
        step += 1
        if step in targets:
            with torch.no_grad():
                f = net.forward(x).numpy().ravel()
            java = targets[step]
            rel = float(np.max(np.abs(java - f)) / np.max(np.abs(f)))
            worst = max(worst, rel)
            print("step %d (t = %g): max_i |f_i| = %.6f, max_i |f_i^ntklab - f_i^torch| / max_i |f_i^torch| = %.3e"
                  % (step, step * a.lr, float(np.max(np.abs(f))), rel))
            print("  ntklab: " + " ".join("%.12f" % v for v in java))
            print("  torch:  " + " ".join("%.12f" % v for v in f))
    print("LARGEST_RELATIVE_DIFFERENCE %.3e (tolerance %.0e)" % (worst, a.tolerance))
    return 0 if worst <= a.tolerance and math.isfinite(worst) else 2


if __name__ == "__main__":
    sys.exit(main())
