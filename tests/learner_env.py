"""The learner environment: a fresh virtualenv from binder/requirements.txt, built once and reused.

It lives in _build/learner-venv and is rebuilt only when binder/requirements.txt, the package or
its data change. Two layers use it: tests/learner (every page's download) and tests/assignments
(the assignments' student versions). The fixture ``learner_python`` is in tests/conftest.py.
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


def fingerprint() -> str:
    h = hashlib.sha256()
    for path in [ROOT / "binder" / "requirements.txt", ROOT / "pyproject.toml", *sorted((ROOT / "src").rglob("*.py")), *sorted((ROOT / "data").rglob("*.*"))]:
        h.update(path.read_bytes())
    return h.hexdigest()


def learner_venv() -> Path:
    """The learner venv's python, (re)built if its inputs changed."""
    python = VENV / "bin" / "python"
    stamp = VENV / ".fingerprint"
    want = fingerprint()
    if not python.exists() or not stamp.exists() or stamp.read_text() != want:
        shutil.rmtree(VENV, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", "--upgrade", "pip"], check=True, timeout=600)
        proc = subprocess.run([str(python), "-m", "pip", "install", "-q", "-r", "binder/requirements.txt"],
                              cwd=ROOT, capture_output=True, text=True, timeout=1800)
        assert proc.returncode == 0, f"installing binder/requirements.txt failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
        stamp.write_text(want)
    return python


def kernel_dir(tmp: Path, python: Path, name: str = "learner") -> Path:
    """A Jupyter data folder whose only kernel runs ``python`` (point JUPYTER_PATH at it)."""
    kernels = Path(tmp) / "jupyter" / "kernels" / name
    kernels.mkdir(parents=True, exist_ok=True)
    (kernels / "kernel.json").write_text(json.dumps({
        "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": name, "language": "python",
    }))
    return Path(tmp) / "jupyter"
