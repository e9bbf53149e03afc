"""A real client: JupyterLab from the learner environment, driven by Debian's Chromium.

One JupyterLab server and one browser page serve the whole session; the notebooks are opened one
after another in that page, as a learner opens them from the file browser.

- **The server** is the learner venv's ``jupyter-lab`` (``tests/learner_env.py``: the venv
  ``tests/learner`` uses), on 127.0.0.1, a free port and a random token (``--allow-root`` when
  run as root, as CI is). Its root folder is a fresh folder outside the repository holding the
  built site's downloads (``_sources/<page>.ipynb``, at the same paths). Everything else it would
  read or write is kept in the session's temporary folder: Jupyter's config, data, runtime and
  settings folders, IPython's folder and the quiz's memory (``METASTASIS_QUIZ_MEMORY``), so the
  learner's own setup never leaks in. News and update checks are off (they would leave the
  machine), the app is exposed to the page (``window.jupyterapp``, as JupyterLab's own
  Galata tests do), and notebooks render every cell (``windowingMode: none``) so that a cell
  far down the page can be read without scrolling to it.
- It is started with :class:`subprocess.Popen` and stopped by its process id: its kernels are
  shut down through its REST API, then the server gets SIGTERM (SIGKILL after 30 s).
- Without JupyterLab in the learner venv or without Chromium, the layer skips with a clear
  message, except in CI (``CI=true``), where it fails.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from book_pages import notebook_pages
from chromium import require, require_chromium

START_TIMEOUT_S = 180

#: Settings a learner could set in Settings → Settings Editor (see the module docstring).
SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false", "checkForUpdates": False},
}


@dataclass
class Server:
    url: str
    token: str
    root: Path
    process: subprocess.Popen
    log: Path

    def api(self, method: str, path: str):
        request = urllib.request.Request(f"{self.url}{path}", method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=30) as response:
            body = response.read()
        return json.loads(body) if body else None

    def log_tail(self, n: int = 60) -> str:
        try:
            return "\n".join(self.log.read_text(encoding="utf-8", errors="replace").splitlines()[-n:])
        except OSError:
            return "(no log)"

    def shutdown_kernels(self) -> None:
        for kernel in self.api("GET", "/api/kernels") or []:
            try:
                self.api("DELETE", f"/api/kernels/{kernel['id']}")
            except OSError:
                pass


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def jupyterlab(learner_python, built_site, tmp_path_factory):
    require_chromium("notebook_client")  # before a server is started for nothing
    jupyter_lab = learner_python.with_name("jupyter-lab")
    require("the notebook_client layer", jupyter_lab.exists(),
            f"JupyterLab is not in the learner environment ({jupyter_lab} is missing): "
            "binder/requirements.txt must list jupyterlab")
    home = tmp_path_factory.mktemp("jupyterlab")
    root = home / "learner"
    for page in notebook_pages():
        download = built_site.site / "_sources" / f"{page}.ipynb"
        assert download.exists(), f"no .ipynb download for {page}"
        (root / page).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(download, root / f"{page}.ipynb")
    settings = home / "settings"
    for name, value in SETTINGS.items():
        (settings / name).parent.mkdir(parents=True, exist_ok=True)
        (settings / name).write_text(json.dumps(value), encoding="utf-8")
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "METASTASIS_STATIC", "METASTASIS_DATA_DIR") and not k.startswith("JUPYTER")}
    env.update({
        "JUPYTER_CONFIG_DIR": str(home / "config"), "JUPYTER_DATA_DIR": str(home / "data"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"), "JUPYTERLAB_SETTINGS_DIR": str(settings),
        "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"), "IPYTHONDIR": str(home / "ipython"),
        "METASTASIS_QUIZ_MEMORY": str(home / "quiz-answers.json"), "JUPYTER_PLATFORM_DIRS": "1",
    })
    token, port = secrets.token_hex(16), _free_port()
    argv = [str(jupyter_lab), "--no-browser", "--ip=127.0.0.1", f"--port={port}", "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
            "--LabApp.news_url=None", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--LabApp.expose_app_in_browser=True"]
    if os.geteuid() == 0:
        argv.append("--allow-root")
    log = home / "jupyterlab.log"
    with open(log, "w", encoding="utf-8") as out:
        process = subprocess.Popen(argv, cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, start_new_session=True)
    server = Server(f"http://127.0.0.1:{port}", token, root, process, log)
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            if process.poll() is not None:
                pytest.fail(f"JupyterLab exited with code {process.returncode} before it answered:\n{server.log_tail()}")
            try:
                server.api("GET", "/api/status")
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"JupyterLab did not answer within {START_TIMEOUT_S} s:\n{server.log_tail()}")
                time.sleep(0.5)
        yield server
    finally:
        try:
            if process.poll() is None:
                server.shutdown_kernels()
        except OSError:
            pass
        if process.poll() is None:
            os.kill(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.kill(process.pid, signal.SIGKILL)
                process.wait(timeout=30)


@dataclass
class Lab:
    """The JupyterLab page, and what it reported while the current notebook was open."""

    page: object
    server: Server
    console_errors: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)

    def reset_records(self) -> None:
        self.console_errors.clear()
        self.external_requests.clear()


@pytest.fixture(scope="session")
def lab(jupyterlab, chromium_browser):
    context = chromium_browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(60_000)
    record = Lab(page, jupyterlab)
    page.on("console", lambda m: m.type == "error" and record.console_errors.append(m.text))
    page.on("pageerror", lambda e: record.console_errors.append(f"pageerror: {e}"))
    page.on("request", lambda r: r.url.startswith(("http://127.0.0.1", "data:", "blob:", "about:", "ws://127.0.0.1"))
            or record.external_requests.append(r.url))
    page.goto(f"{jupyterlab.url}/lab?token={jupyterlab.token}")
    page.wait_for_function("() => window.jupyterapp !== undefined", timeout=START_TIMEOUT_S * 1000)
    page.evaluate("() => window.jupyterapp.started.then(() => true)")
    page.wait_for_selector(".jp-DirListing", timeout=START_TIMEOUT_S * 1000)
    try:
        yield record
    finally:
        context.close()
