import os
import subprocess

import numpy as np
import pytest

import ntklab


def cli_subprocess(*args):
    """The ntklab command in its own JVM, as the launcher runs it (without the launcher's build check)."""
    root = ntklab.home()
    target = root / "ntklab-cli" / "target"
    classpath = str(target / "classes") + os.pathsep + (target / "classpath.txt").read_text().strip()
    return subprocess.run(["java", "-Djava.awt.headless=true", "-cp", classpath, "org.ntklab.cli.Main", *args],
                          capture_output=True, text=True, check=True)


def test_in_process_kernels_equal_the_cli_files_exactly(tmp_path):
    arch, depth, width, alpha, data, seed = "fcn", 3, 64, 1.0, "mnist:parity,n=16", 2
    out = tmp_path / "kernel"
    cli_subprocess("kernel", "--arch", arch, "--depth", str(depth), "--width", str(width), "--alpha", str(alpha),
                   "--data", data, "--seed", str(seed), "--out", str(out), "--quiet")
    x, _ = ntklab.load_data(data, seed=seed)
    k = ntklab.empirical_ntk(x, arch=arch, depth=depth, width=width, alpha=alpha, seed=seed)
    theta = ntklab.analytic_ntk(x, arch=arch, depth=depth, alpha=alpha)
    assert np.array_equal(k, np.load(out / "ntk_empirical.npy"))
    assert np.array_equal(theta, np.load(out / "ntk_analytic.npy"))
    # a data spec in place of X gives the same
    assert np.array_equal(k, ntklab.empirical_ntk(data, arch=arch, depth=depth, width=width, alpha=alpha, seed=seed))


def test_in_process_kernels_of_another_activation_equal_the_cli_files_exactly(tmp_path):
    out = tmp_path / "kernel"
    cli_subprocess("kernel", "--arch", "resnet", "--depth", "2", "--width", "32", "--activation", "tanh",
                   "--data", "circle:n=6", "--seed", "1", "--out", str(out), "--quiet")
    x, _ = ntklab.load_data("circle:n=6", seed=1)
    assert np.array_equal(ntklab.analytic_ntk(x, arch="resnet", depth=2, activation="tanh"),
                          np.load(out / "ntk_analytic.npy"))
    assert np.array_equal(ntklab.analytic_nngp(x, arch="resnet", depth=2, activation="tanh"),
                          np.load(out / "nngp_analytic.npy"))
    assert np.array_equal(ntklab.empirical_ntk(x, arch="resnet", depth=2, width=32, activation="tanh", seed=1),
                          np.load(out / "ntk_empirical.npy"))
    with pytest.raises(ntklab.NtklabError, match="unknown activation 'swish'"):
        ntklab.analytic_ntk(x, activation="swish")


def test_in_process_kernels_equal_a_resnet_runs_files_exactly(reproduction):
    run = ntklab.load_run(reproduction / "runs" / "resnet-ce-m8-s1")
    c = run.config
    x, _ = ntklab.load_data(c["data"], seed=run.seed)
    k = ntklab.empirical_ntk(x, arch="resnet", depth=c["depth"], width=c["width"], alpha=c["alpha"], seed=run.seed)
    assert np.array_equal(k, run.kernels["ntk_initial"])
    assert np.array_equal(ntklab.analytic_ntk(x, arch="resnet", depth=c["depth"], alpha=c["alpha"]),
                          run.kernels["ntk_analytic"])


def test_inputs_of_any_layout_and_bad_inputs():
    x, labels = ntklab.load_data("circle:n=6", seed=1)
    assert x.shape == (6, 2) and list(labels) == [0, 1, 0, 1, 0, 1]
    k = ntklab.empirical_ntk(x, depth=2, width=16, seed=3)
    assert np.array_equal(k, ntklab.empirical_ntk(np.asfortranarray(x), depth=2, width=16, seed=3))
    assert ntklab.empirical_ntk(x, depth=2, width=16, seed=3, outputs=2).shape == (12, 12)
    with pytest.raises(ValueError, match="2-D array"):
        ntklab.empirical_ntk(x[:, 0], depth=2, width=16)
    with pytest.raises(ntklab.NtklabError, match="depth must be at least 1"):
        ntklab.analytic_ntk(x, depth=0)
    with pytest.raises(ntklab.NtklabError, match="arch must be fcn or resnet"):
        ntklab.analytic_ntk(x, arch="cnn")


def test_train_from_a_dict_returns_the_loaded_run(tmp_path):
    config = {"arch": "fcn", "depth": 1, "width": 16, "data": "circle:n=6", "seed": 1, "loss": "ce", "t_max": 10}
    run = ntklab.train(config, out=tmp_path / "ce")
    assert run.status == "complete" and run.config["width"] == 16 and run.config["t-max"] == 10
    assert run.metrics["t"].iloc[-1] == 10
    assert run.kernels["ntk_initial"].shape == (6, 6)
    with pytest.raises(ntklab.NtklabError, match="--width must be at least 1, got -4"):
        ntklab.train(dict(config, width=-4), out=tmp_path / "bad")
    assert not (tmp_path / "bad").exists()
