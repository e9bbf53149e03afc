"""Debian's Chromium for the layers that drive a real browser (tests/browser, tests/notebook_client)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require(what: str, found: bool, message: str) -> None:
    """Skip when something a layer needs is missing, except in CI (CI=true), where the layer must run."""
    if found:
        return
    if in_ci():
        pytest.fail(f"{message} ({what} needs it, and with CI=true it must run, not skip)")
    pytest.skip(message)


def require_chromium(layer: str) -> None:
    require(f"the {layer} layer", Path(CHROMIUM).exists() or bool(shutil.which(CHROMIUM)),
            f"Chromium not found at {CHROMIUM}: install Debian's chromium (bash scripts/setup.sh --browser)")
