"""One OpenBLAS for numpy and ntklab's Java code in one process.

ntklab's Java code uses the OpenBLAS that JavaCPP ships (with LAPACKE) and numpy uses the system's;
both libraries are named libopenblas.so.0, and the dynamic linker loads a name only once. Whichever
comes first serves both: when numpy's comes first, Java's products run in another OpenBLAS version
(not bit-identical to the CLI) and its first LAPACKE call kills the process (Debian's lacks LAPACKE).
So ``import ntklab`` loads JavaCPP's library first, when numpy is not imported yet; numpy then uses
it too (the same BLAS interface). Importing numpy before ntklab makes the Java calls refuse to run.

Imports nothing heavy: this runs before numpy is imported.
"""
import ctypes
import os
import subprocess
import sys
from pathlib import Path

_LIBRARY = "libopenblas.so.0"


def _checkout():
    from ._home import find_home

    try:
        return find_home()
    except Exception:
        return None


def _openblas_jar(root):
    listing = root / "ntklab-cli" / "target" / "classpath.txt"
    if not listing.is_file():
        return None
    for entry in listing.read_text().strip().split(os.pathsep):
        name = Path(entry).name
        if name.startswith("openblas-") and name.endswith("-linux-x86_64.jar"):
            return Path(entry)
    return None


def _cached_library(jar):
    """Where JavaCPP extracts the library of this jar (its default cache directory)."""
    return Path.home() / ".javacpp" / "cache" / jar.name / "org" / "bytedeco" / "openblas" / "linux-x86_64" / _LIBRARY


def _extract(root):
    """Lets JavaCPP itself extract its libraries into its cache (a short Java run)."""
    classpath = (root / "ntklab-cli" / "target" / "classpath.txt").read_text().strip()
    source = Path(__file__).with_name("LoadOpenBlas.java")
    java = os.path.join(os.environ["JAVA_HOME"], "bin", "java") if os.environ.get("JAVA_HOME") else "java"
    subprocess.run([java, "-cp", classpath, str(source)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   timeout=120, check=False)


def preload():
    """Loads JavaCPP's OpenBLAS into the process, when it can and numpy is not there yet. Never fails."""
    if not sys.platform.startswith("linux") or "numpy" in sys.modules or os.environ.get("NTKLAB_NO_PRELOAD"):
        return
    try:
        root = _checkout()
        jar = root and _openblas_jar(root)
        if not jar:
            return  # no built checkout: reading files needs no Java
        library = _cached_library(jar)
        if not library.is_file():
            _extract(root)
        if library.is_file():
            ctypes.CDLL(str(library), mode=ctypes.RTLD_GLOBAL)
    except Exception:
        pass


def foreign_openblas():
    """The path of an OpenBLAS in this process that is not JavaCPP's, or None."""
    try:
        with open("/proc/self/maps") as maps:
            for line in maps:
                path = line.rstrip("\n").split(None, 5)[-1] if len(line.split()) >= 6 else ""
                # Debian's is libopenblasp-r0.3.21.so behind the libopenblas.so.0 link
                if Path(path).name.startswith("libopenblas") and "/.javacpp/cache/" not in path:
                    return path
    except OSError:
        return None
    return None
