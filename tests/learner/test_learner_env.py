"""The learner environment: a fresh virtualenv from binder/requirements.txt runs every notebook.

The venv is built once (in _build/learner-venv: see tests/learner_env.py, shared with
tests/notebook_client and tests/assignments). Each notebook page's real download,
_build/html/_sources/<page>.ipynb, is executed in that venv's kernel from an empty folder outside
the repository, as a learner who downloaded it would run it. A learner with a clone writes the
same notebooks with ``metastasis-notebooks``: that command is run from the venv and its notebooks
compared with the downloads.
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
    installed = {p["name"].lower().replace("_", "-") for p in json.loads(listed.stdout)}
    for forbidden in ("sphinx", "jupyter-book", "pytest", "myst-nb", "playwright", "frictionless", "nbgrader"):
        assert forbidden not in installed, f"the learner environment should not contain {forbidden}"
    for needed in ("metastasis", "jupytext", "ipywidgets", "ipykernel", "pandas", "matplotlib", "jupyterlab", "jupyterlab-myst"):
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


def test_a_learners_own_notebooks_are_the_downloads(learner_python, built_site, tmp_path):
    """``metastasis-notebooks`` (how-to-use page) writes, from the MyST pages, the downloads' cells."""
    out = tmp_path / "notebooks"
    command = learner_python.with_name("metastasis-notebooks")
    proc = subprocess.run([str(command), "--out", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for page in notebook_pages():
        mine = out / f"{Path(page).relative_to('book')}.ipynb"
        assert mine.exists(), f"metastasis-notebooks wrote no {mine.relative_to(tmp_path)}:\n{proc.stdout}"
        ours = nbformat.read(mine, as_version=4)
        download = nbformat.read(built_site.site / "_sources" / f"{page}.ipynb", as_version=4)
        cells = lambda nb: [(c.cell_type, c.source, c.metadata.get("jupyter")) for c in nb.cells]  # noqa: E731
        assert cells(ours) == cells(download), f"{page}: the learner's notebook differs from the download"
    # the how-to-use page's commands: this repository, its root, this command, and a file it wrote
    import yaml

    howto = (ROOT / "book" / "front" / "how-to-use.md").read_text(encoding="utf-8")
    block = re.search(r"```bash\n(.*?)```", howto, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in block.splitlines() if line.split("#")[0].strip()]
    url = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["repository"]["url"].rstrip("/")
    assert commands[0] == f"git clone {url}.git", "the how-to-use page clones another repository than _config.yml's"
    assert commands[1] == f"cd {url.rsplit('/', 1)[1]}"
    assert "pip install -r binder/requirements.txt" in commands and "metastasis-notebooks" in commands
    folder = next(c for c in commands if c.startswith("jupyter lab ")).split()[2]
    assert (tmp_path / folder) == out, f"the how-to-use page opens JupyterLab on {folder}, not where metastasis-notebooks writes"
    first = re.search(r"open\s+`([\w/.-]+\.ipynb)`", howto).group(1)
    assert (out / first).exists(), f"the how-to-use page says to open {first}, which metastasis-notebooks did not write"
    assert first == f"{Path(notebook_pages()[0]).relative_to('book')}.ipynb", "the page to open first is not the first chapter"
    # run again: the learner's copies (and their work) are kept
    again = subprocess.run([str(command), "--out", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0 and "wrote" not in again.stdout and "kept" in again.stdout, again.stdout
    outside = subprocess.run([str(command)], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert outside.returncode == 2 and "run it from the folder you cloned" in outside.stderr
