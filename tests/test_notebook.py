"""The analyst's notebook runs top to bottom against a real run, so it never rots."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import ROOT

NOTEBOOK = ROOT / "notebooks" / "compare_councils.ipynb"


@pytest.mark.corpus
def test_the_compare_councils_notebook_runs_against_the_corpus_run(corpus_run: Path, monkeypatch):
    monkeypatch.setenv("FINDINGS_RUN", str(corpus_run))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}).execute()
    errors = [
        output
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
        if output.get("output_type") == "error"
    ]
    assert not errors, errors
    tables = [cell for cell in notebook.cells if any("text/html" in o.get("data", {}) for o in cell.get("outputs", []))]
    assert len(tables) >= 4, "the notebook should show the councils, grid, transitions and recurring weaknesses"


def test_the_notebook_runs_from_its_own_folder_with_its_defaults(monkeypatch):
    """Opened as an analyst opens it: from notebooks/, no settings. Without a run under data/processed
    it reads the samples first; either way it shows a non-empty grid."""
    for name in ("FINDINGS_RUN", "FINDINGS_COUNCILS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("MPLBACKEND", "Agg")
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(
        notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOK.parent)}}
    ).execute()
    errors = [
        output
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
        if output.get("output_type") == "error"
    ]
    assert not errors, errors
    grid = next(cell for cell in notebook.cells if cell.cell_type == "code" and "ours.grid.drop" in cell.source)
    html = next(o["data"]["text/html"] for o in grid.outputs if "text/html" in o.get("data", {}))
    assert html.count("<tr>") >= 2, "the grid shows at least one inspection"
