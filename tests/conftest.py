"""Shared fixtures: the repository's paths, the built site (built once per test session) and the
learner environment (a virtualenv from binder/requirements.txt, shared by tests/learner and
tests/notebook_client)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
BUILD_LOG = ROOT / "_build" / "build.log"


@dataclass
class Build:
    returncode: int
    log: str
    site: Path

    def problems(self) -> list[str]:
        """Warning and error lines from Sphinx's output."""
        return [
            line for line in self.log.splitlines()
            if (re.search(r"\b(WARNING|ERROR|CRITICAL)\b", line) or "Traceback" in line)
            # the kernel's own notice that it talks over local TCP is not a build problem
            and "Kernel is running over TCP without encryption" not in line
        ]


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def built_site() -> Build:
    """Build the book once (cached execution, warnings as errors), or reuse a build.

    Set BOOK_REUSE_BUILD=1 to test an existing _build/html without rebuilding (local iteration).
    """
    if os.environ.get("BOOK_REUSE_BUILD") == "1" and SITE.is_dir():
        log = BUILD_LOG.read_text(encoding="utf-8") if BUILD_LOG.exists() else ""
        recorded = re.search(r"\[jupyter-book exit code: (\d+)\]", log)
        return Build(int(recorded.group(1)) if recorded else 0, log, SITE)
    jb = Path(sys.executable).with_name("jupyter-book")
    proc = subprocess.run(
        [str(jb), "build", str(ROOT), "-W", "-n", "--keep-going"],
        cwd=ROOT, capture_output=True, text=True, timeout=1800,
    )
    log = proc.stdout + "\n" + proc.stderr + f"\n[jupyter-book exit code: {proc.returncode}]\n"
    BUILD_LOG.parent.mkdir(parents=True, exist_ok=True)
    BUILD_LOG.write_text(log, encoding="utf-8")
    return Build(proc.returncode, log, SITE)


@pytest.fixture(scope="session")
def chromium_browser():
    """Debian's headless Chromium, launched once for every layer that drives it (Playwright's sync
    API allows one instance per thread: tests/browser and tests/notebook_client share it)."""
    from chromium import CHROMIUM, FLAGS, require_chromium

    require_chromium("browser or notebook_client")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def learner_python() -> Path:
    """The Python of the learner venv (see tests/learner_env.py: built once, updated as needed)."""
    from learner_env import ensure_learner_venv

    try:
        return ensure_learner_venv()
    except RuntimeError as err:
        pytest.fail(str(err))
