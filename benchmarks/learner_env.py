"""The learner environment: a fresh virtualenv from binder/requirements.txt, and its installed size."""

from __future__ import annotations

import shutil
import subprocess
import sys

from common import COPY, EMPTY_VENV, LEARNER_VENV, LOGS, WORK, BenchError, du_mb, run_logged, tail

def learner_env() -> dict:
    python3 = shutil.which("python3") or sys.executable
    for venv in (LEARNER_VENV, EMPTY_VENV):
        shutil.rmtree(venv, ignore_errors=True)
        code, _, out = run_logged([python3, "-m", "venv", str(venv)], LOGS / f"{venv.name}.log", cwd=WORK)
        if code != 0:
            raise BenchError(f"python3 -m venv {venv} failed:\n{tail(out)}")
    # pip install -r binder/requirements.txt from the (copied) repository root, as Binder does
    code, seconds, out = run_logged(
        [str(LEARNER_VENV / "bin" / "python"), "-m", "pip", "install", "-q", "-r", "binder/requirements.txt"],
        LOGS / "learner-pip.log", cwd=COPY, timeout=1800)
    if code != 0:
        raise BenchError(f"pip install -r binder/requirements.txt failed (exit {code}):\n{tail(out)}")
    site = next((LEARNER_VENV / "lib").glob("python3*/site-packages"))
    sizes = []
    for entry in site.iterdir():
        if entry.name.endswith((".dist-info", ".pth")) or entry.name == "__pycache__":
            continue
        sizes.append((entry.name, round(du_mb(entry), 1)))
    sizes.sort(key=lambda s: -s[1])
    return {
        "learner_env_mb": round(du_mb(LEARNER_VENV), 1),
        "empty_venv_mb": round(du_mb(EMPTY_VENV), 1),
        "learner_install_s": round(seconds, 1),
        "learner_python": subprocess.run([str(LEARNER_VENV / "bin" / "python"), "--version"],
                                         capture_output=True, text=True).stdout.strip(),
        "largest_learner_packages_mb": dict(sizes[:10]),
    }
