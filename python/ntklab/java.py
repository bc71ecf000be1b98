"""ntklab's Java code in this Python process, through JPype: numpy arrays in and out.

The JVM starts once, at the first call, with the class path of the checkout's build (the
``./ntklab`` launcher builds it; ``ntklab-cli/target/classpath.txt`` lists the jars). A JVM cannot
be restarted in a process, so options (``NTKLAB_JAVA_OPTS``, default -Xmx4g) count only before it.

Copies: an input X is copied once into a Java double[] (which the Java Matrix wraps without
copying); a result is copied once from Java into a new numpy array.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import numpy as np

from ._home import find_home
from ._native import foreign_openblas
from .runs import load_run

__all__ = ["NtklabError", "home", "start_jvm", "cli", "load_data", "analytic_ntk", "empirical_ntk", "train"]

_lock = threading.Lock()
_started = False


class NtklabError(RuntimeError):
    """The Java side refused the input or failed; the message is ntklab's one-line error."""


def home():
    """The ntklab checkout whose build is used: NTKLAB_HOME, else the checkout this package lives in,
    else the one of an ``ntklab`` launcher on the PATH, else the current directory or a parent."""
    try:
        return find_home()
    except LookupError as e:
        raise NtklabError(str(e)) from None


def _classpath(root):
    classes = root / "ntklab-cli" / "target" / "classes"
    listing = root / "ntklab-cli" / "target" / "classpath.txt"

    def complete():
        return classes.is_dir() and listing.is_file() and all(
            Path(e).exists() for e in listing.read_text().strip().split(os.pathsep) if e)

    if not complete():
        # the launcher builds when needed (and says so on stderr); --version then runs in a second
        print(f"ntklab: building {root} first (./ntklab --version)", file=sys.stderr)
        done = subprocess.run([str(root / "ntklab"), "--version"], stdout=subprocess.DEVNULL)
        if done.returncode != 0 or not complete():
            raise NtklabError(f"building ntklab in {root} failed; see {root / 'target' / 'launcher-build.log'}")
    return [str(classes)] + [e for e in listing.read_text().strip().split(os.pathsep) if e]


def _jpype_support(jpype):
    """JPype's own jar: Debian's python3-jpype keeps it in /usr/share/java, where JPype does not look."""
    for jar in (Path(jpype.__file__).parent.parent / "org.jpype.jar", Path("/usr/share/java/org.jpype.jar")):
        if jar.is_file():
            return [str(jar)]
    return []


def start_jvm(options=None):
    """Starts the JVM with the checkout's classes, unless it runs already (then does nothing).
    ``options``: JVM options, default from NTKLAB_JAVA_OPTS, else -Xmx4g."""
    global _started
    import jpype

    with _lock:
        if jpype.isJVMStarted():
            _started = True
            return
        foreign = foreign_openblas()
        if foreign:
            raise NtklabError(f"this process already loaded another OpenBLAS ({foreign}, by numpy), which ntklab's "
                              "Java code cannot share: import ntklab before numpy (and pandas, matplotlib)")
        root = home()
        if options is None:
            options = os.environ.get("NTKLAB_JAVA_OPTS", "-Xmx4g").split()
        jpype.startJVM(*options, "-Djava.awt.headless=true", f"-Dntklab.home={root}",
                       classpath=_classpath(root) + _jpype_support(jpype), convertStrings=False)
        _started = True


def _j(name):
    start_jvm()
    import jpype

    return jpype.JClass(name)


def _to_matrix(x):
    """A 2-D array as a Java Matrix: one copy, into the double[] the Matrix wraps."""
    import jpype

    a = np.ascontiguousarray(x, dtype=np.float64)
    if a.ndim != 2:
        raise ValueError(f"X must be a 2-D array (samples x features), got shape {a.shape}")
    data = jpype.JArray(jpype.JDouble)(a.size)
    data[:] = a.reshape(-1)  # a bulk copy through the buffer protocol
    return _j("org.ntklab.linalg.Matrix")(a.shape[0], a.shape[1], data)


def _from_matrix(m):
    """A Java Matrix as a new numpy array (one copy)."""
    return np.array(m.data(), dtype=np.float64).reshape(int(m.rows()), int(m.cols()))


def load_data(spec, seed=1, test=False):
    """The samples of a data spec ("circle:n=6", "mnist:parity,n=100", ...) exactly as the CLI loads
    them with --data SPEC --seed S: (X, labels) of the training split, or of the test split."""
    split = _j("org.ntklab.data.DataSpec").parse(spec).load(int(seed))
    data = split.train()
    if test:
        if not split.hasTest():
            raise NtklabError(f"{spec} has no test split (add test=N)")
        data = split.testSet().get()
    return _from_matrix(data.x()), np.array(data.labels(), dtype=np.int64)


def _inputs(x, seed):
    if isinstance(x, str):
        return _to_matrix(load_data(x, seed)[0])
    return _to_matrix(x)


def _architecture(arch, d, depth, width, alpha, outputs, activation="relu"):
    a = _j("org.ntklab.arch.Architecture")
    arch = str(arch).lower()
    try:
        phi = _j("org.ntklab.activation.Activations").parse(str(activation))
        if arch == "fcn":
            return a.fcn(int(d), int(depth), int(width), int(outputs), phi)
        if arch == "resnet":
            return a.resnet(int(d), int(depth), int(width), float(alpha), int(outputs), phi)
    except Exception as e:  # IllegalArgumentException: a bad depth, width, alpha or activation
        raise NtklabError(str(e)) from None
    raise NtklabError(f"arch must be fcn or resnet, got {arch!r}")


def analytic_ntk(x, arch="fcn", depth=1, alpha=1.0, outputs=1, seed=1, activation="relu"):
    """The analytic (infinite-width) NTK Gram matrix Theta(X, X), nC x nC (row i*C + c), of the
    network ntklab builds for these settings. ``x``: an n x d array, or a data spec (loaded with
    ``seed``); ``activation``: as ``--activation`` ("relu", "erf", "leaky-relu:0.1", ...)."""
    m = _inputs(x, seed)
    net = _architecture(arch, m.cols(), depth, 1, alpha, outputs, activation)  # the width does not enter Theta
    return _from_matrix(_j("org.ntklab.kernel.AnalyticKernels").ntkGram(net, m))


def analytic_nngp(x, arch="fcn", depth=1, alpha=1.0, outputs=1, seed=1, activation="relu"):
    """The analytic NNGP covariance Sigma(X, X) (x) I_C, in the layout of ``analytic_ntk``: the same
    numbers as ``ntklab kernel``'s nngp_analytic.npy."""
    m = _inputs(x, seed)
    net = _architecture(arch, m.cols(), depth, 1, alpha, outputs, activation)
    kernels = _j("org.ntklab.kernel.AnalyticKernels")
    return _from_matrix(kernels.withOutputs(kernels.nngp(net, m, m), int(outputs)))


def empirical_ntk(x, arch="fcn", depth=1, width=512, alpha=1.0, outputs=1, seed=1, activation="relu"):
    """The exact empirical NTK Gram matrix K_0(X, X) of one network of width m at initialisation,
    its parameters drawn from ``seed``: the same numbers as ``ntklab kernel``'s ntk_empirical.npy for
    the same settings."""
    m = _inputs(x, seed)
    net = _architecture(arch, m.cols(), depth, width, alpha, outputs, activation)
    network = _j("org.ntklab.arch.Network").initialize(net, int(seed))
    return _from_matrix(_j("org.ntklab.kernel.EmpiricalNtk").gram(network, m))


def cli(*args):
    """Runs an ntklab command line in this process: (exit code, stdout, stderr) as strings."""
    import jpype

    main = _j("org.ntklab.cli.Main")
    out, err = _j("java.io.StringWriter")(), _j("java.io.StringWriter")()
    pw = _j("java.io.PrintWriter")
    code = main.run(jpype.JArray(jpype.JString)([str(a) for a in args]), pw(out, True), pw(err, True))
    return int(code), str(out.toString()), str(err.toString())


def train(config, out=None):
    """One ``ntklab train`` run from a dict of its options (keys as in spec files and run.json's
    config: "arch", "depth", "width", "loss", "data", "seed", "t-max"; "_" may stand for "-"), into
    ``out`` (default runs/train-DATE-TIME); returns the loaded Run."""
    spec = {str(k).replace("_", "-"): v for k, v in dict(config).items()}
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(spec, f)
    try:
        args = ["train", "--spec", f.name, "--quiet"] + (["--out", os.fspath(out)] if out is not None else [])
        code, stdout, stderr = cli(*args)
    finally:
        os.unlink(f.name)
    if code != 0:
        first = stderr.strip().splitlines()[0] if stderr.strip() else f"exit code {code}"
        raise NtklabError(first.replace(str(f.name), "the config"))
    directory = [line for line in stdout.splitlines() if line.startswith("run directory: ")]
    return load_run(directory[-1][len("run directory: "):] if directory else out)
