"""Shared fixtures. ntklab is imported before numpy (see ntklab/_native.py), and OpenBLAS is
single-threaded so that a reproduction's parallel runs do not contend (as the launcher does)."""
import os
import sys
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
CHECKOUT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(CHECKOUT / "python"))

import ntklab  # noqa: E402  (before numpy)
import pytest  # noqa: E402


@pytest.fixture(scope="session")
def reproduction(tmp_path_factory):
    """A small reproduction made by the Java code in this process (--quick, one width: about 30 s)."""
    out = tmp_path_factory.mktemp("reproduction") / "synthetic"
    code, stdout, stderr = ntklab.cli("reproduce", "synthetic", "--quick", "--widths", "8", "--out", str(out))
    assert code == 0, stderr
    return out
