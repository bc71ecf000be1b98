import shutil
import subprocess
import sys
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[2]


def test_pip_install_then_use_outside_the_checkout(tmp_path):
    # a virtual environment that sees Debian's numpy, pandas and JPype; pip installs only ntklab into it
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    source = tmp_path / "source"  # a copy: pip builds in place and would leave build/ in the checkout
    shutil.copytree(CHECKOUT / "python", source, ignore=shutil.ignore_patterns("tests", "__pycache__"))
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-build-isolation", "--no-deps", "--no-index",
                    str(source)], check=True, cwd=tmp_path)
    script = ("import ntklab, numpy as np\n"
              "print(ntklab.__file__)\n"
              "X, y = ntklab.load_data('circle:n=6')\n"
              "print(ntklab.empirical_ntk(X, depth=2, width=8).shape, ntklab.home())\n")
    done = subprocess.run([str(python), "-c", script], cwd=tmp_path, capture_output=True, text=True,
                          env={"NTKLAB_HOME": str(CHECKOUT), "PATH": "/usr/bin:/bin", "HOME": str(Path.home()),
                               "OPENBLAS_NUM_THREADS": "1"})
    assert done.returncode == 0, done.stderr
    where, shape = done.stdout.splitlines()
    assert where.startswith(str(venv)), "the installed copy, not the checkout's"
    assert shape == f"(6, 6) {CHECKOUT}"
