#!/usr/bin/python3
"""The cost of calling ntklab's exact empirical NTK from Python (JPype) against the CLI, and a check
that both give the same numbers: n = 256 MNIST digits (mnist:parity,n=128: 128 per class; d = 784),
FCN L = 3, m = 512, seed 1.

    /usr/bin/python3 scripts/python-overhead.py [repeats]

Prints, for each way: wall seconds (median of the repeats) and what was copied. The CLI column is
a whole 'ntklab kernel' run (JVM start, analytic NTK, eigenvalues, files, figures, report); the
in-process numbers split one call into the Java computation and the copies in and out.
"""
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "python"))
import ntklab  # noqa: E402  (before numpy)
import numpy as np  # noqa: E402

SPEC, ARCH, DEPTH, WIDTH, SEED = "mnist:parity,n=128", "fcn", 3, 512, 1  # n=128 per class: 256 digits
repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 5
root = ntklab.home()
target = root / "ntklab-cli" / "target"
classpath = str(target / "classes") + os.pathsep + (target / "classpath.txt").read_text().strip()


def median(xs):
    return float(np.median(xs))


t0 = time.perf_counter()
ntklab.start_jvm()
jvm_start = time.perf_counter() - t0

with tempfile.TemporaryDirectory() as tmp:
    cli_times = []
    for r in range(repeats):
        out = Path(tmp) / f"k{r}"
        t0 = time.perf_counter()
        subprocess.run(["java", "-Djava.awt.headless=true", "-cp", classpath, "org.ntklab.cli.Main", "kernel",
                        "--arch", ARCH, "--depth", str(DEPTH), "--width", str(WIDTH), "--data", SPEC,
                        "--seed", str(SEED), "--out", str(out), "--quiet"], check=True, stdout=subprocess.DEVNULL)
        cli_times.append(time.perf_counter() - t0)
    cli_k = np.load(Path(tmp) / "k0" / "ntk_empirical.npy")

X, _ = ntklab.load_data(SPEC, seed=SEED)
# warm up (JIT) the way a notebook's second call is warm
ntklab.empirical_ntk(X, arch=ARCH, depth=DEPTH, width=WIDTH, seed=SEED)

import jpype  # noqa: E402

Network = jpype.JClass("org.ntklab.arch.Network")
EmpiricalNtk = jpype.JClass("org.ntklab.kernel.EmpiricalNtk")
Architecture = jpype.JClass("org.ntklab.arch.Architecture")
from ntklab.java import _from_matrix, _to_matrix  # noqa: E402

calls, java_only, copy_in, copy_out = [], [], [], []
for _ in range(repeats):
    t0 = time.perf_counter()
    k = ntklab.empirical_ntk(X, arch=ARCH, depth=DEPTH, width=WIDTH, seed=SEED)
    calls.append(time.perf_counter() - t0)
    t0 = time.perf_counter()
    xm = _to_matrix(X)
    copy_in.append(time.perf_counter() - t0)
    arch = Architecture.fcn(X.shape[1], DEPTH, WIDTH, 1)
    t0 = time.perf_counter()
    km = EmpiricalNtk.gram(Network.initialize(arch, SEED), xm)
    java_only.append(time.perf_counter() - t0)
    t0 = time.perf_counter()
    _from_matrix(km)
    copy_out.append(time.perf_counter() - t0)

print(f"n = {X.shape[0]}, d = {X.shape[1]}, FCN L = {DEPTH}, m = {WIDTH}, seed {SEED}; {repeats} repeats, medians")
print(f"in-process eNTK equals the CLI's ntk_empirical.npy exactly: {np.array_equal(k, cli_k)}")
print(f"CLI 'ntklab kernel' run (own JVM, analytic NTK, eigenvalues, files, report): {median(cli_times):.2f} s")
print(f"JVM start in Python (once per process):                             {jvm_start:.2f} s")
print(f"ntklab.empirical_ntk(X, ...) call:                                   {median(calls):.3f} s")
print(f"  of which the Java computation (network init + EmpiricalNtk.gram):  {median(java_only):.3f} s")
print(f"  copy in  (X, {X.nbytes / 1e6:.2f} MB numpy -> Java double[], once):         {median(copy_in) * 1e3:.2f} ms")
print(f"  copy out (K, {k.nbytes / 1e6:.2f} MB Java double[] -> numpy, once):         {median(copy_out) * 1e3:.2f} ms")
