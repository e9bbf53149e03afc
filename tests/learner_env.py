"""The learner environment as a virtualenv, built once and shared by the test layers that need it.

``tests/learner`` (a kernel runs every downloaded notebook), ``tests/notebook_client``
(JupyterLab from the same environment, driven by Chromium) and ``tests/assignments`` (the
assignments' student versions) use one venv, ``_build/learner-venv``, made from
``binder/requirements.txt`` exactly as a learner makes it. The fixture ``learner_python`` is in
tests/conftest.py. Two fingerprints decide what
to redo:

- the environment's (``binder/requirements.txt`` and the Python version): when it changes, the
  venv is rebuilt from scratch;
- the book's package (``pyproject.toml``, ``src/``, ``data/``, ``references.bib``): when only it
  changes, the package alone is reinstalled (``pip install --no-deps --force-reinstall .``), so
  editing the package does not reinstall JupyterLab and SciPy.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / "_build" / "learner-venv"
PYTHON = VENV / "bin" / "python"


def _digest(paths) -> str:
    h = hashlib.sha256()
    for path in paths:
        h.update(str(path.relative_to(ROOT)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def environment_fingerprint() -> str:
    return _digest([ROOT / "binder" / "requirements.txt"]) + sys.version.split()[0]


def package_fingerprint() -> str:
    files = [ROOT / "pyproject.toml", ROOT / "references.bib", *sorted((ROOT / "src").rglob("*.py")),
             *sorted((ROOT / "src").rglob("*.js")), *sorted((ROOT / "src").rglob("*.css")),
             *sorted(p for p in (ROOT / "data").rglob("*") if p.is_file())]
    return _digest(files)


def _run(args: list[str], what: str, timeout: int) -> None:
    proc = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0:
        raise RuntimeError(f"{what} failed (exit {proc.returncode}):\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")


def ensure_learner_venv() -> Path:
    """The learner venv's Python, (re)built or updated as the fingerprints require."""
    env_stamp, pkg_stamp = VENV / ".fingerprint-environment", VENV / ".fingerprint-package"
    env_want, pkg_want = environment_fingerprint(), package_fingerprint()
    if not PYTHON.exists() or not env_stamp.exists() or env_stamp.read_text() != env_want:
        shutil.rmtree(VENV, ignore_errors=True)
        _run([sys.executable, "-m", "venv", str(VENV)], "creating the learner venv", 300)
        _run([str(PYTHON), "-m", "pip", "install", "-q", "--upgrade", "pip"], "upgrading pip in the learner venv", 600)
        # as a learner does it: from the repository's root
        _run([str(PYTHON), "-m", "pip", "install", "-q", "-r", "binder/requirements.txt"],
             "installing binder/requirements.txt", 1800)
        env_stamp.write_text(env_want)
        pkg_stamp.write_text(pkg_want)
    elif not pkg_stamp.exists() or pkg_stamp.read_text() != pkg_want:
        _run([str(PYTHON), "-m", "pip", "install", "-q", "--no-deps", "--force-reinstall", "."],
             "reinstalling the book's package in the learner venv", 600)
        pkg_stamp.write_text(pkg_want)
    return PYTHON


def kernel_dir(tmp: Path, python: Path, name: str = "learner") -> Path:
    """A Jupyter data folder whose only kernel runs ``python`` (point JUPYTER_PATH at it)."""
    kernels = Path(tmp) / "jupyter" / "kernels" / name
    kernels.mkdir(parents=True, exist_ok=True)
    (kernels / "kernel.json").write_text(json.dumps({
        "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": name, "language": "python",
    }))
    return Path(tmp) / "jupyter"
