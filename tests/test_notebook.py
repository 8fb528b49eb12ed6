"""The walkthrough notebook runs from top to bottom and leaves no machine paths in its output."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).parents[1] / "notebooks").glob("*.md"))


def test_there_is_a_notebook():
    assert NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_without_paths_in_outputs(path, tmp_path):
    jupytext = pytest.importorskip("jupytext")
    from nbclient import NotebookClient

    notebook = jupytext.read(path)
    NotebookClient(notebook, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = json.dumps([cell.get("outputs", []) for cell in notebook.cells])
    errors = [o for cell in notebook.cells for o in cell.get("outputs", [])
              if o.get("output_type") == "error"]
    assert not errors
    for folder in {str(Path.cwd()), str(tmp_path), str(Path.home()), os.sep + "tmp" + os.sep}:
        assert folder not in outputs, f"an output shows the path {folder}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_the_ipynb_beside_it_is_the_same_notebook(path):
    """Plain Jupyter opens the .ipynb; it must hold the cells of the Markdown source (run
    ``jupytext --sync notebooks/NAME.md`` after editing either), without outputs."""
    jupytext = pytest.importorskip("jupytext")
    import nbformat

    ipynb = path.with_suffix(".ipynb")
    assert ipynb.exists(), f"missing {ipynb.name}: run jupytext --sync {path.name}"
    notebook = nbformat.read(ipynb, as_version=4)
    nbformat.validate(notebook)
    source = jupytext.read(path)
    assert [(c.cell_type, c.source) for c in notebook.cells] == [
        (c.cell_type, c.source) for c in source.cells], f"run jupytext --sync {path.name}"
    assert not any(c.get("outputs") for c in notebook.cells)
