"""The learner environment: a fresh virtualenv from binder/requirements.txt runs every notebook.

The venv is built once (in _build/learner-venv, rebuilt when binder/requirements.txt or the
package changes; see tests/learner_env.py, shared with tests/assignments). Each notebook
page's real download, _build/html/_sources/<page>.ipynb, is executed in that venv's kernel
from an empty folder outside the repository, as a learner who
downloaded it would run it.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from book_pages import notebook_pages
from learner_env import kernel_dir

ROOT = Path(__file__).resolve().parents[2]


def test_learner_environment_is_lean(learner_python):
    listed = subprocess.run([str(learner_python), "-m", "pip", "list", "--format=json"], capture_output=True, text=True, check=True)
    installed = {p["name"].lower() for p in json.loads(listed.stdout)}
    for forbidden in ("sphinx", "jupyter-book", "pytest", "myst-nb", "playwright", "frictionless", "nbgrader"):
        assert forbidden not in installed, f"the learner environment should not contain {forbidden}"
    for needed in ("metastasis", "jupytext", "ipywidgets", "ipykernel", "pandas", "matplotlib"):
        assert needed in installed, f"the learner environment lacks {needed}"


@pytest.mark.parametrize("page", notebook_pages())
def test_downloaded_notebook_runs_in_the_learner_environment(page, learner_python, built_site, tmp_path, monkeypatch):
    download = built_site.site / "_sources" / f"{page}.ipynb"
    assert download.exists(), f"no .ipynb download for {page}"
    nb = nbformat.read(download, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    monkeypatch.setenv("JUPYTER_PATH", str(kernel_dir(tmp_path, learner_python)))
    for var in ("METASTASIS_STATIC", "METASTASIS_DATA_DIR", "PYTHONPATH"):
        monkeypatch.delenv(var, raising=False)
    workdir = tmp_path / "learner"
    workdir.mkdir()
    client = NotebookClient(nb, kernel_name="learner", timeout=300, resources={"metadata": {"path": str(workdir)}})
    client.execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors
    interactive = [c for c in nb.cells if c.cell_type == "code"
                   and (re.search(r"explorers\.get\([^)]*\)\.show\(\)", c.source) or "show_quiz(" in c.source)]
    widgets = [c for c in interactive for o in c.outputs if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    assert len(widgets) == len(interactive), (
        f"{page}: {len(interactive) - len(widgets)} explorer/quiz cell(s) gave no live widget in a kernel"
    )
