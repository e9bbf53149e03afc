"""What every part of the benchmark shares: paths, the budgets, logging and running commands."""

from __future__ import annotations

import os
import platform
import re
import subprocess
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / "_work"
COPY = WORK / "book"
BARE = WORK / "bare"
LOGS = WORK / "logs"
LEARNER_VENV = WORK / "learner-venv"
EMPTY_VENV = WORK / "empty-venv"
RESULTS = HERE / "results.json"
VENV_BIN = ROOT / ".venv" / "bin"
JB = VENV_BIN / "jupyter-book"
BUILD_FLAGS = ["-W", "-n", "--keep-going"]

#: DESIGN.md, "Performance budgets" (2-core machine). Do not relax these here: change DESIGN.md first.
BUDGETS = {
    "clean_build_s": 300.0,             # the whole book, clean, every page executed: <= 5 min
    "per_page_exec_s": 10.0,            # each executed page: <= 10 s
    "noop_rebuild_s": 10.0,             # rebuild with nothing changed (execution cache)
    "explorer_model_ms_median": 20.0,   # model alone, median, worst explorer
    "explorer_update_ms_median": 150.0, # model + redraw to PNG, median, worst explorer
    "explorer_update_vs_stock_ratio": 2.5,  # ... and at most 2.5x a stock figure's update, same run
    "median_page_kb": 300.0,            # HTML + own images/data, excluding shared theme assets
    "max_page_kb": 1000.0,              # no page over 1 MB
    "learner_env_mb": None,             # "as small as it can be": reported, no fixed limit
}

EXPLORER_MIN_CHANGES = 20
EXPLORER_MAX_CHANGES = 60
KB = 1000.0  # page weight in kB (10^3 bytes): the conservative reading of "300 KB"


# ----------------------------------------------------------------------------------------------
# small helpers
# ----------------------------------------------------------------------------------------------

# ----------------------------------------------------------------------------------------------
class BenchError(RuntimeError):
    """Something could not be measured: the benchmark fails (exit 2)."""


def say(msg: str) -> None:
    print(f"==> {msg}", flush=True)


_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def tail(text: str, n: int = 40) -> str:
    return "\n".join(_ANSI.sub("", text).rstrip().splitlines()[-n:])


def problems(text: str) -> list[str]:
    """Sphinx's warning and error lines (the kernel's TCP notice is not one)."""
    return [line for line in _ANSI.sub("", text).splitlines()
            if (re.search(r"\b(WARNING|ERROR|CRITICAL)\b", line) or "Traceback" in line)
            and "Kernel is running over TCP without encryption" not in line]


def run_logged(cmd: list[str], log: Path, cwd: Path, env: dict | None = None, timeout: float = 1800) -> tuple[int, float, str]:
    """Run ``cmd``, send its output to ``log``, return (returncode, wall seconds, output)."""
    log.parent.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    try:
        proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
        code, out = proc.returncode, proc.stdout + ("\n" + proc.stderr if proc.stderr else "")
    except subprocess.TimeoutExpired as exc:
        code = -1
        out = f"{exc.stdout or ''}\n{exc.stderr or ''}\n(timed out after {timeout} s)"
        out = out if isinstance(out, str) else str(out)
    elapsed = time.perf_counter() - start
    log.write_text(out, encoding="utf-8")
    return code, elapsed, out


def du_mb(path: Path) -> float:
    """Installed size with ``du -sk`` (disk usage), in MiB."""
    out = subprocess.run(["du", "-sk", str(path)], capture_output=True, text=True, check=True).stdout
    return int(out.split()[0]) / 1024.0


def git_info() -> dict:
    info: dict = {}
    try:
        info["head"] = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True,
                                      text=True, check=True).stdout.strip()
        # --no-optional-locks: read-only, never refreshes the index
        status = subprocess.run(["git", "--no-optional-locks", "status", "--porcelain"], cwd=ROOT,
                                capture_output=True, text=True, check=True).stdout.splitlines()
        info["uncommitted_paths"] = len(status)
    except (OSError, subprocess.CalledProcessError):
        pass
    return info


def machine_info() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    nproc = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    venv_python = subprocess.run([str(VENV_BIN / "python"), "--version"], capture_output=True, text=True).stdout.strip()
    return {
        "nproc": int(nproc) if nproc.isdigit() else os.cpu_count(),
        "cpu": cpu,
        "python": venv_python.replace("Python ", ""),
        "bench_python": platform.python_version(),
        "platform": platform.platform(),
        "loadavg_at_start": list(os.getloadavg()),
    }
