import os
from pathlib import Path

import nbformat
from nbclient import NotebookClient

NOTEBOOK = Path(__file__).resolve().parents[2] / "docs" / "notebooks" / "ntklab-from-python.ipynb"


def test_the_example_notebook_runs_end_to_end(reproduction, monkeypatch):
    # the kernel is a new process: it finds the reproduction and the checkout's package from its environment
    monkeypatch.setenv("NTKLAB_REPRODUCTION", str(reproduction))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert "claims held" in text and "D_inf(0) =" in text and "m =  1024" in text
