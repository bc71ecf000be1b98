"""The report's main figures from loaded runs, with matplotlib (imported only when drawing).

Every function draws on ``ax`` (a new figure's axes when None) and returns the axes.
"""
from __future__ import annotations

import numpy as np

__all__ = ["d_inf", "outputs", "kernel_profile"]


def _axes(ax):
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(6, 4))
    return ax


def _column(table, name):
    try:
        return np.asarray(table[name], dtype=float)
    except KeyError:
        raise KeyError(f"no column {name!r}; the columns are {', '.join(map(str, table.keys()))}") from None


def _label(run):
    c = run.config
    parts = [str(c.get("arch", "")), f"L={c.get('depth')}", f"m={c.get('width')}", str(c.get("loss", ""))]
    return " ".join(p for p in parts if p and p != "L=None" and p != "m=None") or run.name


def d_inf(runs, ax=None, labels=None, log_y=True):
    """D_inf(t) = ||K_t - Theta||_F / ||Theta||_F against flow time t (log axes; t = 0 is left out),
    one line per run."""
    ax = _axes(ax)
    runs = list(runs)
    labels = list(labels) if labels is not None else [_label(r) for r in runs]
    for run, label in zip(runs, labels):
        t, d = _column(run.metrics, "t"), _column(run.metrics, "d_inf")
        keep = (t > 0) & np.isfinite(d)
        ax.plot(t[keep], d[keep], label=label)
    ax.set_xscale("log")
    if log_y:
        ax.set_yscale("log")
    ax.set_xlabel("flow time t")
    ax.set_ylabel("D_inf(t)")
    ax.legend()
    return ax


def outputs(run, ax=None, samples=8, kernel_machine=True):
    """The network's outputs f_i(t) on the training samples (solid) and the NTK kernel machine's
    u_i(t) (dashed, same colour) against t on a log axis."""
    ax = _axes(ax)
    table = run.outputs
    t = _column(table, "t")
    keep = t > 0
    names = [c for c in table.keys() if str(c).startswith("f_")][:samples]
    for k, name in enumerate(names):
        colour = f"C{k % 10}"
        ax.plot(t[keep], _column(table, name)[keep], color=colour, label=name)
        u = "u_" + name[2:]
        if kernel_machine and u in table.keys():
            ax.plot(t[keep], _column(table, u)[keep], color=colour, linestyle="--", linewidth=1)
    ax.set_xscale("log")
    ax.set_xlabel("flow time t")
    ax.set_ylabel("output f_i(t) (dashed: kernel machine u_i(t))")
    ax.legend(fontsize="small", ncol=2)
    return ax


def kernel_profile(table, ax=None):
    """A kernel profile K(x, x') with x = (1, 0) and x' at a polar angle (kernel-profile-init.csv of
    a reproduction, kernel-profile.csv of its Fig. 1 run): the analytic NTK dashed, every other
    column (a width, a time) solid."""
    ax = _axes(ax)
    if hasattr(table, "tables"):  # a Run
        table = table.tables["kernel-profile"]
    angle = _column(table, "angle")
    for name in table.keys():
        if name == "angle":
            continue
        style = dict(color="black", linestyle="--") if name == "analytic" else {}
        ax.plot(angle, _column(table, name), label=str(name), **style)
    ax.set_xlabel("polar angle of x'")
    ax.set_ylabel("K(x, x')")
    ax.legend()
    return ax
