import json
import shutil

import numpy as np
import pytest

import ntklab


def test_reproduction_verdicts_tables_and_runs(reproduction):
    rep = ntklab.load_reproduction(reproduction)
    assert rep.claims == len(rep.verdicts) > 10
    assert rep.held == sum(v["held"] for v in rep.verdicts)
    assert {"item", "title", "claim", "evidence", "held"} <= set(rep.verdicts[0])
    assert {"verdicts", "width-sweep", "kernel-profile-init", "lambda-distance"} <= set(rep.tables)
    assert len(rep.tables["verdicts"]["verdict"]) == rep.claims
    # the paper's runs and those of the study "Does divergence need ReLU?" (its own table)
    study = {f"act-{a}-{loss}-m8-s1" for a in ("relu", "erf", "gelu", "tanh", "leaky-relu-0.1") for loss in ("ce", "mse")}
    assert set(rep.runs) == {"fcn-ce-m8-s1", "fcn-mse-m8-s1", "resnet-ce-m8-s1", "resnet-mse-m8-s1",
                             "fig1-fcn-L3-m32"} | study
    assert len(rep.tables["activation-study"]["activation"]) == len(study)
    assert rep.runs["act-gelu-ce-m8-s1"].config["activation"] == "gelu"
    assert rep.run("fig1").config["width"] == 32
    with pytest.raises(KeyError, match="runs start with"):
        rep.run("fcn")


def test_run_as_dataframe_and_as_arrays(reproduction):
    path = reproduction / "runs" / "fcn-ce-m8-s1"
    frame = ntklab.load_run(path)
    arrays = ntklab.load_run(path, as_frame=False)
    assert frame.kind == "train" and frame.status == "complete"
    assert frame.config["loss"] == "ce" and frame.config["t-max"] == 1e6
    assert list(frame.metrics.columns)[:4] == ["t", "step", "loss", "accuracy"]
    assert isinstance(arrays.metrics["d_inf"], np.ndarray) and arrays.metrics["d_inf"].dtype == np.float64
    np.testing.assert_array_equal(arrays.metrics["d_inf"], frame.metrics["d_inf"].to_numpy())
    assert np.isnan(arrays.metrics["test_accuracy"]).all(), "empty cells are NaN"
    n = frame.results["n"]
    assert set(frame.kernels) == {"ntk_analytic", "ntk_initial", "ntk_final"}
    assert frame.kernels["ntk_final"].shape == (n, n)
    assert [c for c in arrays.outputs if c.startswith("f_")] == [f"f_{i}" for i in range(n)]


def test_not_a_run_directory(tmp_path):
    with pytest.raises(FileNotFoundError, match="has no run.json"):
        ntklab.load_run(tmp_path)
    with pytest.raises(FileNotFoundError, match="has no verdicts.csv"):
        ntklab.load_reproduction(tmp_path)


def test_sweep_table_and_cells(reproduction, tmp_path):
    # a sweep's layout (aggregate.csv, sweep.json, one run directory per cell) without starting Spark
    root = tmp_path / "sweep"
    root.mkdir()
    for cell in ("fcn-ce-m8-s1", "fcn-mse-m8-s1"):
        shutil.copytree(reproduction / "runs" / cell, root / cell)
    (root / "aggregate.csv").write_text("cell,status,width,sup_d_inf\nfcn-ce-m8-s1,complete,8,3.5\n"
                                        "fcn-mse-m8-s1,complete,8,0.4\n")
    (root / "sweep.json").write_text(json.dumps({"master": "local[*]"}))
    sweep = ntklab.load_sweep(root, as_frame=False)
    assert list(sweep.table["cell"]) == ["fcn-ce-m8-s1", "fcn-mse-m8-s1"]
    np.testing.assert_array_equal(sweep.table["sup_d_inf"], [3.5, 0.4])
    assert sweep.record["master"] == "local[*]"
    assert sweep.cells["fcn-mse-m8-s1"].config["loss"] == "mse"
