"""Where the ntklab checkout is (no numpy here: _native uses it before numpy is imported)."""
import os
import shutil
from pathlib import Path


def _is_checkout(path):
    return path is not None and (Path(path) / "ntklab-cli" / "pom.xml").is_file()


def find_home():
    """NTKLAB_HOME, else the checkout this package lives in (python/ntklab), else the one of an
    ``ntklab`` launcher on the PATH, else the current directory or a parent; LookupError if none."""
    env = os.environ.get("NTKLAB_HOME")
    if env:
        if not _is_checkout(env):
            raise LookupError(f"NTKLAB_HOME={env} is not an ntklab checkout (no ntklab-cli/pom.xml)")
        return Path(env).resolve()
    here = Path(__file__).resolve().parent.parent.parent
    if _is_checkout(here):
        return here
    launcher = shutil.which("ntklab")
    if launcher and _is_checkout(Path(launcher).resolve().parent):
        return Path(launcher).resolve().parent
    for d in [Path.cwd(), *Path.cwd().parents]:
        if _is_checkout(d):
            return d
    raise LookupError("cannot find the ntklab checkout: set NTKLAB_HOME to it (the directory with the ntklab launcher)")
