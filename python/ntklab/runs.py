"""Reading run directories: a train or kernel run, a sweep, a reproduction.

Everything here needs only numpy. Tables come back as pandas DataFrames when pandas is installed
(``as_frame=None``, the default), else as dicts of numpy arrays keyed by column; pass
``as_frame=False`` to always get dicts.
"""
from __future__ import annotations

import csv
import json
import os
from collections.abc import Mapping
from pathlib import Path

import numpy as np

__all__ = ["Run", "Sweep", "Reproduction", "load_run", "load_sweep", "load_reproduction", "read_table"]


def _pandas():
    try:
        import pandas
    except ImportError:
        return None
    return pandas


def read_table(path, as_frame=None):
    """A CSV file written by ntklab: a DataFrame, or a dict of numpy arrays (numbers as float64, an
    empty cell as NaN; a column that is not all numbers stays an array of str)."""
    path = Path(path)
    pandas = _pandas()
    if as_frame or (as_frame is None and pandas is not None):
        if pandas is None:
            raise ImportError("as_frame=True needs pandas (Debian: python3-pandas)")
        # round_trip: the numbers exactly as written (pandas' default parser may be off in the last bit)
        return pandas.read_csv(path, float_precision="round_trip")
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    if not rows:
        raise ValueError(f"{path}: empty file, expected a header line")
    header, body = rows[0], rows[1:]
    columns = {}
    for j, name in enumerate(header):
        values = [r[j] if j < len(r) else "" for r in body]
        try:
            columns[name] = np.array([float(v) if v != "" else np.nan for v in values], dtype=np.float64)
        except ValueError:
            columns[name] = np.array(values, dtype=str)
    return columns


class _Lazy(Mapping):
    """A read-only mapping that loads each value on first access (kernels can be large)."""

    def __init__(self, keys, load):
        self._keys = list(keys)
        self._load = load
        self._cache = {}

    def __getitem__(self, key):
        if key not in self._keys:
            raise KeyError(f"{key!r}; there are {', '.join(self._keys) or 'none'}")
        if key not in self._cache:
            self._cache[key] = self._load(key)
        return self._cache[key]

    def __iter__(self):
        return iter(self._keys)

    def __len__(self):
        return len(self._keys)

    def __repr__(self):
        return "{" + ", ".join(self._keys) + "}"


def _read_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def _require_dir(path, what, marker):
    path = Path(path)
    if not (path / marker).is_file():
        raise FileNotFoundError(f"{path} is not {what}: it has no {marker}")
    return path


class Run:
    """One run directory (``ntklab kernel`` or ``ntklab train``).

    Attributes: ``path``; ``record`` (run.json); ``kind`` ("kernel", "train"); ``config`` (the
    options, keys as in spec files: "width", "t-max"); ``results``; ``tables`` (every CSV file by
    name without .csv, loaded on access); ``kernels`` (every .npy file by name without .npy:
    "ntk_analytic", "ntk_initial", "ntk_final", "ntk_empirical", ...); ``metrics`` and ``outputs``
    (train runs' metrics.csv and outputs.csv).
    """

    def __init__(self, path, as_frame=None):
        self.path = _require_dir(path, "an ntklab run directory", "run.json")
        self.record = _read_json(self.path / "run.json")
        self.kind = self.record.get("kind")
        self.config = self.record.get("config", {})
        self.results = self.record.get("results", {})
        self.seed = self.record.get("seed")
        csvs = sorted(p.stem for p in self.path.glob("*.csv"))
        npys = sorted(p.stem for p in self.path.glob("*.npy"))
        self.tables = _Lazy(csvs, lambda name: read_table(self.path / f"{name}.csv", as_frame))
        self.kernels = _Lazy(npys, lambda name: np.load(self.path / f"{name}.npy"))

    @property
    def name(self):
        return self.path.name

    @property
    def metrics(self):
        return self.tables["metrics"]

    @property
    def outputs(self):
        return self.tables["outputs"]

    @property
    def status(self):
        return self.results.get("status")

    def __repr__(self):
        return f"Run({str(self.path)!r}, kind={self.kind!r}, status={self.status!r})"


def _subruns(root):
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if (p / "run.json").is_file())


class Sweep:
    """An ``ntklab sweep`` output root: ``table`` (aggregate.csv, a row per cell), ``record``
    (sweep.json, this invocation), ``cells`` (each cell's Run by name, loaded on access)."""

    def __init__(self, path, as_frame=None):
        self.path = _require_dir(path, "an ntklab sweep output root", "aggregate.csv")
        self.table = read_table(self.path / "aggregate.csv", as_frame)
        record = self.path / "sweep.json"
        self.record = _read_json(record) if record.is_file() else {}
        self.cells = _Lazy(_subruns(self.path), lambda name: Run(self.path / name, as_frame))

    def __repr__(self):
        return f"Sweep({str(self.path)!r}, {len(self.cells)} cells)"


class Reproduction:
    """An ``ntklab reproduce`` run directory: ``verdicts`` (a list of dicts: item, title, claim,
    evidence, held), ``held`` and ``claims`` (counts), ``tables`` (width-sweep, verdicts,
    lambda-depth-*, lambda-distance, kernel-profile-init), ``runs`` (each training run's Run by
    name: "fig1-fcn-L3-m2000", "fcn-ce-m128-s1", ...), ``record`` and ``config``."""

    def __init__(self, path, as_frame=None):
        self.path = _require_dir(path, "an ntklab reproduce run directory", "verdicts.csv")
        self.record = _read_json(self.path / "run.json")
        self.config = self.record.get("config", {})
        results = self.record.get("results", {})
        self.verdicts = list(results.get("verdicts", []))
        self.held = sum(1 for v in self.verdicts if v.get("held"))
        self.claims = len(self.verdicts)
        csvs = sorted(p.stem for p in self.path.glob("*.csv"))
        self.tables = _Lazy(csvs, lambda name: read_table(self.path / f"{name}.csv", as_frame))
        self.runs = _Lazy(_subruns(self.path / "runs"), lambda name: Run(self.path / "runs" / name, as_frame))

    def run(self, prefix):
        """The training run whose name starts with ``prefix`` (e.g. "fig1"); an error unless exactly one."""
        found = [n for n in self.runs if n.startswith(prefix)]
        if len(found) != 1:
            raise KeyError(f"{len(found)} runs start with {prefix!r}; the runs are {', '.join(self.runs)}")
        return self.runs[found[0]]

    def __repr__(self):
        return f"Reproduction({str(self.path)!r}, {self.held} of {self.claims} claims held)"


def load_run(path, as_frame=None) -> Run:
    """A run directory written by ``ntklab kernel`` or ``ntklab train``."""
    return Run(os.fspath(path), as_frame)


def load_sweep(path, as_frame=None) -> Sweep:
    """The output root of ``ntklab sweep``."""
    return Sweep(os.fspath(path), as_frame)


def load_reproduction(path, as_frame=None) -> Reproduction:
    """The run directory of ``ntklab reproduce``."""
    return Reproduction(os.fspath(path), as_frame)
