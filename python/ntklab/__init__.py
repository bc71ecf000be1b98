"""ntklab from Python: read run directories, draw the main figures, call the Java toolkit in-process.

    import ntklab
    rep = ntklab.load_reproduction("runs/reproduce-20250101-120000")
    ntklab.plot.d_inf([rep.runs["fcn-ce-m32-s1"], rep.runs["fcn-ce-m512-s1"]])
    K = ntklab.empirical_ntk(X, arch="fcn", depth=3, width=512, seed=1)    # JPype, JVM started once
"""
from . import _native

_native.preload()  # before numpy: see _native

from . import plot  # noqa: E402
from .java import NtklabError, analytic_nngp, analytic_ntk, cli, empirical_ntk, home, load_data, start_jvm, train  # noqa: E402
from .runs import Reproduction, Run, Sweep, load_reproduction, load_run, load_sweep, read_table  # noqa: E402

__version__ = "0.1.0"

__all__ = [
    "Run", "Sweep", "Reproduction", "load_run", "load_sweep", "load_reproduction", "read_table", "plot",
    "NtklabError", "home", "start_jvm", "cli", "load_data", "analytic_ntk", "analytic_nngp", "empirical_ntk", "train",
]
