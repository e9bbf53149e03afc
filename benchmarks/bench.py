"""The book's performance benchmark: measures the build, the explorers, page weight and the
learner environment against the budgets in DESIGN.md ("Performance budgets").

Run it through ``benchmarks/run`` (no arguments). It works on a scratch copy of the working tree
in ``benchmarks/_work/book`` so that it never touches the repository's own ``_build`` and sees one
consistent snapshot while other people edit. Results go to ``benchmarks/results.json``; a table is
printed; the exit status is 1 when a budget is missed (named on stderr) and 2 when something could
not be measured (a failed build, a failed install).

See benchmarks/README.md for what each number means.
"""

from __future__ import annotations

import datetime as _dt
import html.parser
import json
import os
import platform
import posixpath
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

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
    "noop_rebuild_s": 15.0,             # rebuild with nothing changed (execution cache)
    "explorer_model_ms_median": 20.0,   # model alone, median, worst explorer
    "explorer_update_ms_median": 150.0, # model + redraw to PNG, median, worst explorer
    "median_page_kb": 500.0,            # HTML + own images/data, excluding shared theme assets
    "learner_env_mb": None,             # "as small as it can be": reported, no fixed limit
}

EXPLORER_MIN_CHANGES = 20
EXPLORER_MAX_CHANGES = 60
KB = 1000.0  # page weight in kB (10^3 bytes): the conservative reading of "500 KB"


# ----------------------------------------------------------------------------------------------
# small helpers
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


# ----------------------------------------------------------------------------------------------
# 1. the scratch copy and the builds
# ----------------------------------------------------------------------------------------------
_SKIP_TOP = {"_build", ".git", "benchmarks"}
_SKIP_ANYWHERE = {"__pycache__", ".pytest_cache", ".ipynb_checkpoints", "node_modules"}


def _ignore(directory: str, names: list[str]) -> set[str]:
    rel = Path(directory).resolve().relative_to(ROOT)
    skip = {n for n in names if n in _SKIP_ANYWHERE}
    if rel == Path("."):
        skip |= {n for n in names if n in _SKIP_TOP or n.startswith(".venv")}
    return skip


def make_copy() -> None:
    """Copy the working tree (tracked files, the fetched vendor assets, work in progress) to COPY."""
    shutil.rmtree(COPY, ignore_errors=True)
    for attempt in range(3):
        try:
            shutil.copytree(ROOT, COPY, ignore=_ignore, symlinks=True)
            break
        except shutil.Error:  # a file vanished while someone edits: take the snapshot again
            shutil.rmtree(COPY, ignore_errors=True)
            if attempt == 2:
                raise
            time.sleep(1)
    # benchmarks/ itself is not part of the book (excluded in _config.yml); keep its sources only
    (COPY / "benchmarks").mkdir(exist_ok=True)
    for name in ("bench.py", "run", "README.md"):
        if (HERE / name).exists():
            shutil.copy2(HERE / name, COPY / "benchmarks" / name)
    if not (COPY / "book" / "_static" / "vendor").is_dir():
        raise BenchError("book/_static/vendor is missing: run the README's setup (bash scripts/setup.sh) first")


def book_env(src: Path | None) -> dict:
    env = dict(os.environ)
    for var in ("METASTASIS_DATA_DIR", "METASTASIS_STATIC"):
        env.pop(var, None)
    if src is not None:
        # the copy's own package (and so its Sphinx extension and models), not the editable install's
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(src), env.get("PYTHONPATH", "")) if p)
    env["MPLBACKEND"] = "Agg"
    return env


def build(book: Path, log_name: str, env: dict) -> tuple[float, str]:
    """``jupyter-book build <book> -W -n --keep-going`` from the book's root (the execution
    cache path in _config.yml is relative to the working directory). Raises on failure."""
    code, elapsed, out = run_logged([str(JB), "build", str(book), *BUILD_FLAGS], LOGS / log_name, cwd=book, env=env)
    if code != 0:
        found = problems(out)
        listed = "\n".join(found[:30]) + (f"\n... and {len(found) - 30} more" if len(found) > 30 else "")
        raise BenchError(f"jupyter-book build of {book} failed (exit {code}); log: {LOGS / log_name}\n"
                         + (f"--- {len(found)} warning/error line(s) ---\n{listed}\n" if found else "")
                         + f"--- last lines ---\n{tail(out, 25)}")
    return elapsed, out


_EXECUTED = re.compile(r"^(?P<path>\S.*?): Executed notebook in (?P<s>[0-9.]+) seconds", re.M)


def executed_from_log(out: str, book: Path) -> dict[str, float]:
    found = {}
    for m in _EXECUTED.finditer(_ANSI.sub("", out)):
        found[_page_key(Path(m["path"]), book)] = float(m["s"])
    return found


def _page_key(path: Path, book: Path) -> str:
    try:
        rel = path.resolve().relative_to(book.resolve())
    except ValueError:
        rel = path
    return rel.with_suffix("").as_posix()


def execution_times(book: Path) -> dict[str, float]:
    """Page -> execution seconds, from jupyter-cache's records (``record.data["execution_seconds"]``,
    written by myst-nb's cache executor for each notebook it ran)."""
    from jupyter_cache import get_cache

    cache = get_cache(str(book / "_build" / ".jupyter_cache"))
    times = {}
    for record in cache.list_cache_records():
        seconds = (record.data or {}).get("execution_seconds")
        if seconds is not None:
            times[_page_key(Path(record.uri), book)] = float(seconds)
    return times


def toc_pages(book: Path) -> list[str]:
    from metastasis.toc import toc_files

    return toc_files(book)


def notebook_pages(book: Path, pages: list[str]) -> list[str]:
    """Pages that myst-nb executes: .ipynb files and MyST notebooks (a jupytext header)."""
    found = []
    for page in pages:
        if (book / f"{page}.ipynb").exists():
            found.append(page)
        elif (book / f"{page}.md").exists():
            head = (book / f"{page}.md").read_text(encoding="utf-8")[:400]
            if head.startswith("---") and re.search(r"^(jupytext|kernelspec):", head, re.M):
                found.append(page)
    return found


# ----------------------------------------------------------------------------------------------
# 3. page weight
# ----------------------------------------------------------------------------------------------
_LOADING = {  # tag -> attributes whose URL the browser fetches to show the page
    "img": ("src", "srcset"), "source": ("src", "srcset"), "video": ("src", "poster"), "audio": ("src",),
    "track": ("src",), "embed": ("src",), "object": ("data",), "iframe": ("src",), "script": ("src",),
    "input": ("src",),
}
_LINK_RELS = {"stylesheet", "icon", "shortcut", "preload", "modulepreload", "manifest", "apple-touch-icon"}


class _Refs(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.loads: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in _LOADING.get(tag, ()):
            value = attrs.get(name)
            if not value:
                continue
            if name == "srcset":
                self.loads.extend(part.strip().split()[0] for part in value.split(",") if part.strip())
            else:
                self.loads.append(value)
        if tag == "link" and attrs.get("href"):
            rels = set((attrs.get("rel") or "").lower().split())
            (self.loads if rels & _LINK_RELS else self.links).append(attrs["href"])
        elif tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])


def _resolve(url: str, page_file: Path, site: Path) -> str | None:
    """A local file the URL points to, relative to the site root (posix), or None."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    target = posixpath.normpath(posixpath.join(page_file.parent.relative_to(site).as_posix(), unquote(parts.path)))
    if target.startswith("../") or target == "..":
        return None
    return target if (site / target).is_file() else None


def page_weights(site: Path, pages: list[str]) -> dict:
    """Per page: its HTML plus the files it loads that are its own (not under _static/ and not
    loaded by every page). Downloads it links (.ipynb, .md, data files) are reported apart."""
    loads: dict[str, set[str]] = {}
    downloads: dict[str, set[str]] = {}
    for page in pages:
        html_file = site / f"{page}.html"
        if not html_file.is_file():
            raise BenchError(f"page {page} has no HTML in {site}")
        parser = _Refs()
        parser.feed(html_file.read_text(encoding="utf-8", errors="replace"))
        loads[page] = {t for t in (_resolve(u, html_file, site) for u in parser.loads) if t}
        downloads[page] = {t for t in (_resolve(u, html_file, site) for u in parser.links)
                           if t and not t.endswith(".html")}
    shared = set.intersection(*loads.values()) if len(loads) > 1 else set()
    per_page = {}
    for page in pages:
        own = sorted(t for t in loads[page] if not t.startswith("_static/") and t not in shared)
        html_bytes = (site / f"{page}.html").stat().st_size
        own_bytes = sum((site / t).stat().st_size for t in own)
        dl = sorted(t for t in downloads[page] if not t.startswith("_static/"))
        per_page[page] = {
            "total_kb": round((html_bytes + own_bytes) / KB, 1),
            "html_kb": round(html_bytes / KB, 1),
            "own_assets_kb": round(own_bytes / KB, 1),
            "own_assets": own,
            "linked_downloads_kb": round(sum((site / t).stat().st_size for t in dl) / KB, 1),
        }
    totals = {p: v["total_kb"] for p, v in per_page.items()}
    largest = max(totals, key=totals.get)
    return {
        "median_kb": round(statistics.median(totals.values()), 1),
        "max_kb": totals[largest],
        "max_page": largest,
        "per_page": per_page,
        "shared_by_every_page_outside_static": sorted(t for t in shared if not t.startswith("_static/")),
    }


# ----------------------------------------------------------------------------------------------
# 2. explorers (run in a subprocess: the copy's package, the Agg backend, no static mode)
# ----------------------------------------------------------------------------------------------
def _sweep(values, n: int) -> list:
    values = [v if isinstance(v, str) else float(v) for v in values]
    if len(values) >= n:  # evenly over the whole sweep
        return [values[round(i * (len(values) - 1) / (n - 1))] for i in range(n)]
    # cycle (the first value is the warm-up one, so the first timed call is a change)
    return [values[(i + 1) % len(values)] for i in range(n)]


def explorer_timings() -> dict:
    """Called in the subprocess: per-explorer medians of time_model_ms and time_update_ms."""
    import matplotlib

    matplotlib.use("Agg")
    import io

    import matplotlib.pyplot as plt
    import numpy as np

    from metastasis import explorers

    per = {}
    for name in explorers.names():
        explorer = explorers.get(name)
        values = list(explorer.values)
        n = max(EXPLORER_MIN_CHANGES, min(len(values), EXPLORER_MAX_CHANGES))
        sweep = _sweep(values, n)
        explorer.time_model_ms(values[0])   # warm-up: imports, caches, the figure's first draw
        explorer.time_update_ms(values[0])
        model = [explorer.time_model_ms(v) for v in sweep]
        update = [explorer.time_update_ms(v) for v in sweep]
        per[name] = {
            "changes": n,
            "sweep_length": len(values),
            "model_ms_median": round(statistics.median(model), 3),
            "model_ms_max": round(max(model), 3),
            "update_ms_median": round(statistics.median(update), 2),
            "update_ms_min": round(min(update), 2),
            "update_ms_max": round(max(update), 2),
        }
    # Reference, same process: a stock matplotlib figure of the default explorer size, one line of
    # 281 points, updated and saved to PNG the same way. What a redraw costs on this machine now.
    fig, ax = plt.subplots(figsize=(6.4, 3.8))
    x = np.linspace(0, 1, 281)
    (line,) = ax.plot(x, x)
    ref = []
    for i in range(EXPLORER_MIN_CHANGES + 1):
        start = time.perf_counter()
        line.set_ydata(x ** (1 + i % 5))
        fig.canvas.draw_idle()
        fig.savefig(io.BytesIO(), format="png", dpi=fig.dpi)
        ref.append((time.perf_counter() - start) * 1e3)
    plt.close(fig)
    return {"per_explorer": per, "reference_stock_figure_update_ms_median": round(statistics.median(ref[1:]), 2)}


def run_explorers(env: dict) -> dict:
    out_json = WORK / "explorers.json"
    out_json.unlink(missing_ok=True)
    code, _, out = run_logged([str(VENV_BIN / "python"), str(COPY / "benchmarks" / "bench.py"), "--explorers", str(out_json)],
                              LOGS / "explorers.log", cwd=COPY, env=env, timeout=900)
    if code != 0 or not out_json.exists():
        raise BenchError(f"timing the explorers failed (exit {code}):\n{tail(out)}")
    result = json.loads(out_json.read_text(encoding="utf-8"))
    per = result["per_explorer"]
    if not per:
        raise BenchError("no explorer is registered in metastasis.explorers")

    def summary(key):
        worst = max(per, key=lambda n: per[n][key])
        return {"per_explorer": {n: per[n][key] for n in per}, "worst": per[worst][key], "worst_explorer": worst}

    return {
        "explorer_model_ms_median": summary("model_ms_median"),
        "explorer_update_ms_median": summary("update_ms_median"),
        "explorer_details": per,
        "reference_stock_figure_update_ms_median": result["reference_stock_figure_update_ms_median"],
    }


# ----------------------------------------------------------------------------------------------
# 5. the learner environment
# ----------------------------------------------------------------------------------------------
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


# ----------------------------------------------------------------------------------------------
# main
# ----------------------------------------------------------------------------------------------
def main() -> int:
    if not JB.exists():
        print(f"benchmark: {JB} not found: run the README's setup first (bash scripts/setup.sh)", file=sys.stderr)
        return 2
    WORK.mkdir(exist_ok=True)
    shutil.rmtree(LOGS, ignore_errors=True)
    LOGS.mkdir(parents=True)
    results: dict = {
        "timestamp": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "machine": machine_info(),
        "git": git_info(),
        "budgets": dict(BUDGETS),
    }
    results["nproc"] = results["machine"]["nproc"]
    results["python"] = results["machine"]["python"]
    try:
        measure(results)
    except BenchError as exc:
        results["status"] = "error"
        results["error"] = str(exc)
        RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"benchmark FAILED: {exc}", file=sys.stderr)
        return 2
    verdicts = judge(results)
    results["verdicts"] = verdicts
    missed = [k for k, v in verdicts.items() if v["verdict"] == "MISSED"]
    results["status"] = "missed" if missed else "ok"
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print_report(results)
    print(f"\nresults: {RESULTS.relative_to(ROOT)}; logs: {LOGS.relative_to(ROOT)}/")
    if missed:
        for key in missed:
            v = verdicts[key]
            print(f"benchmark: budget MISSED: {v['measure']}: {v['value']} (budget {v['budget']})", file=sys.stderr)
        return 1
    return 0


def measure(results: dict) -> None:
    say(f"copying the working tree to {COPY.relative_to(ROOT)}")
    make_copy()
    env = book_env(COPY / "src")
    pages = toc_pages(COPY)
    notebooks = notebook_pages(COPY, pages)

    # 1. clean build (empty cache), then a no-op rebuild
    shutil.rmtree(COPY / "_build", ignore_errors=True)
    say("clean build, every page executed (jupyter-book build -W -n --keep-going)")
    clean_s, clean_log = build(COPY, "clean-build.log", env)
    per_page = execution_times(COPY)
    from_log = executed_from_log(clean_log, COPY)
    source = "jupyter-cache record.data['execution_seconds']"
    if not per_page and from_log:  # (not expected: myst-nb's cache executor stores it)
        per_page, source = from_log, "myst-nb's 'Executed notebook in' log lines"
    results["clean_build_s"] = round(clean_s, 2)
    results["executed_pages"] = len(per_page)
    results["notebook_pages"] = len(notebooks)
    results["per_page_exec_s"] = {p: round(s, 2) for p, s in sorted(per_page.items(), key=lambda kv: -kv[1])}
    results["per_page_exec_source"] = source
    missing = sorted(set(notebooks) - set(per_page))
    if missing:
        raise BenchError(f"the clean build did not execute {missing} (no jupyter-cache record)")

    say("rebuild with nothing changed")
    noop_s, noop_log = build(COPY, "noop-rebuild.log", env)
    results["noop_rebuild_s"] = round(noop_s, 2)
    results["noop_executed_pages"] = len(executed_from_log(noop_log, COPY))

    # 6. build-time growth
    n = max(len(per_page), 1)
    exec_sum = sum(per_page.values())
    overhead = max(clean_s - exec_sum, 0.0)
    exec_rate = exec_sum / n
    build_rate = clean_s / n
    results["build_growth"] = {
        "clean_build_s_per_executed_page": round(build_rate, 2),
        "exec_s_per_executed_page": round(exec_rate, 2),
        "non_execution_overhead_s": round(overhead, 2),
        "pages_allowed_in_5_min_at_exec_rate": int((BUDGETS["clean_build_s"] - overhead) // exec_rate) if exec_rate else None,
        "pages_allowed_in_5_min_at_clean_build_rate": int(BUDGETS["clean_build_s"] // build_rate) if build_rate else None,
        "pages_allowed_in_5_min_if_each_page_takes_10_s": int((BUDGETS["clean_build_s"] - overhead) // BUDGETS["per_page_exec_s"]),
    }

    # 3. page weight
    say("page weight")
    weights = page_weights(COPY / "_build" / "html", pages)
    results["median_page_kb"] = weights["median_kb"]
    results["max_page_kb"] = weights["max_kb"]
    results["max_page"] = weights["max_page"]
    results["per_page_kb"] = weights["per_page"]
    results["shared_by_every_page_outside_static"] = weights["shared_by_every_page_outside_static"]

    # 4. the reference: a stock `jupyter-book create` book, same measure, same run
    say("reference: a stock `jupyter-book create` book")
    shutil.rmtree(BARE, ignore_errors=True)
    code, _, out = run_logged([str(JB), "create", str(BARE)], LOGS / "bare-create.log", cwd=WORK)
    if code != 0:
        raise BenchError(f"jupyter-book create failed:\n{tail(out)}")
    bare_s, _ = build(BARE, "bare-build.log", book_env(None))
    bare = page_weights(BARE / "_build" / "html", toc_pages(BARE))
    results["bare_template_page_kb"] = bare["median_kb"]
    results["bare_template_per_page_kb"] = {p: v["total_kb"] for p, v in bare["per_page"].items()}
    results["bare_template_clean_build_s"] = round(bare_s, 2)
    results["median_page_vs_bare_ratio"] = round(weights["median_kb"] / bare["median_kb"], 2) if bare["median_kb"] else None

    # 2. explorers (after the builds, so nothing else runs meanwhile)
    say("explorers: model and model + redraw")
    results.update(run_explorers(env))

    # 5. learner environment
    say("learner environment: fresh venv from binder/requirements.txt (and an empty venv)")
    results.update(learner_env())
    results["machine"]["loadavg_at_end"] = list(os.getloadavg())


def judge(r: dict) -> dict:
    slowest = max(r["per_page_exec_s"], key=r["per_page_exec_s"].get) if r["per_page_exec_s"] else None
    rows = {
        "clean_build_s": ("clean build, whole book (s)", r["clean_build_s"], BUDGETS["clean_build_s"]),
        "per_page_exec_s": (f"slowest page execution (s){f' [{slowest}]' if slowest else ''}",
                            r["per_page_exec_s"].get(slowest, 0.0) if slowest else 0.0, BUDGETS["per_page_exec_s"]),
        "noop_rebuild_s": ("no-op rebuild (s)", r["noop_rebuild_s"], BUDGETS["noop_rebuild_s"]),
        "explorer_model_ms_median": (f"explorer model, median (ms) [{r['explorer_model_ms_median']['worst_explorer']}]",
                                     r["explorer_model_ms_median"]["worst"], BUDGETS["explorer_model_ms_median"]),
        "explorer_update_ms_median": (f"explorer model + redraw, median (ms) [{r['explorer_update_ms_median']['worst_explorer']}]",
                                      r["explorer_update_ms_median"]["worst"], BUDGETS["explorer_update_ms_median"]),
        "median_page_kb": ("median page weight (kB)", r["median_page_kb"], BUDGETS["median_page_kb"]),
    }
    verdicts = {}
    for key, (label, value, budget) in rows.items():
        verdicts[key] = {"measure": label, "value": value, "budget": budget,
                         "verdict": "OK" if value <= budget else "MISSED"}
    verdicts["learner_env_mb"] = {"measure": "learner environment (MB)", "value": r["learner_env_mb"],
                                  "budget": "as small as it can be", "verdict": "REPORTED"}
    return verdicts


def print_report(r: dict) -> None:
    v = r["verdicts"]
    g = r["build_growth"]
    rows = [
        ("measure", "value", "budget", "verdict"),
        (v["clean_build_s"]["measure"], f"{r['clean_build_s']:.1f}", "<= 300", v["clean_build_s"]["verdict"]),
        (v["per_page_exec_s"]["measure"], f"{v['per_page_exec_s']['value']:.2f}", "<= 10", v["per_page_exec_s"]["verdict"]),
        ("executed pages (clean build)", f"{r['executed_pages']} of {r['notebook_pages']} notebook pages", "all", "OK"),
        ("clean build / executed page (s)", f"{g['clean_build_s_per_executed_page']:.1f}", "(info: incl. fixed overhead)", ""),
        (v["noop_rebuild_s"]["measure"], f"{r['noop_rebuild_s']:.1f} ({r['noop_executed_pages']} executed)", "<= 15",
         v["noop_rebuild_s"]["verdict"]),
        (v["explorer_model_ms_median"]["measure"], f"{v['explorer_model_ms_median']['value']:.3f}", "<= 20",
         v["explorer_model_ms_median"]["verdict"]),
        (v["explorer_update_ms_median"]["measure"], f"{v['explorer_update_ms_median']['value']:.1f}", "<= 150",
         v["explorer_update_ms_median"]["verdict"]),
        ("  reference: stock figure update (ms)", f"{r['reference_stock_figure_update_ms_median']:.1f}", "(reference)", ""),
        (v["median_page_kb"]["measure"], f"{r['median_page_kb']:.1f}", "<= 500", v["median_page_kb"]["verdict"]),
        (f"largest page (kB) [{r['max_page']}]", f"{r['max_page_kb']:.1f}", "(info)", ""),
        ("  reference: stock template page (kB)", f"{r['bare_template_page_kb']:.1f}",
         f"(ratio {r['median_page_vs_bare_ratio']})", ""),
        ("  reference: stock template clean build (s)", f"{r['bare_template_clean_build_s']:.1f}", "(reference)", ""),
        (v["learner_env_mb"]["measure"], f"{r['learner_env_mb']:.1f}", "as small as possible", "REPORTED"),
        ("  reference: empty venv (MB)", f"{r['empty_venv_mb']:.1f}", "(reference)", ""),
    ]
    widths = [max(len(str(row[i])) for row in rows) for i in range(4)]
    print()
    for i, row in enumerate(rows):
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths)).rstrip())
        if i == 0:
            print("  ".join("-" * w for w in widths))
    print(f"\nmachine: {r['nproc']} cores, Python {r['python']}, load average at start "
          f"{', '.join(f'{x:.2f}' for x in r['machine']['loadavg_at_start'])}")
    print("\nper-page execution (s): " + ", ".join(f"{p} {s:.2f}" for p, s in r["per_page_exec_s"].items()))
    print("per-page weight (kB): " + ", ".join(f"{p} {d['total_kb']:.0f}" for p, d in
                                               sorted(r["per_page_kb"].items(), key=lambda kv: -kv[1]["total_kb"])))
    print("explorers, median model / update (ms): " + ", ".join(
        f"{n} {d['model_ms_median']:.3f} / {d['update_ms_median']:.1f}" for n, d in r["explorer_details"].items()))
    print("largest learner packages (MB): " + ", ".join(f"{n} {s:.0f}" for n, s in r["largest_learner_packages_mb"].items()))
    n_more = 10
    print(f"\nbuild-time growth: {g['exec_s_per_executed_page']:.1f} s of execution per executed page "
          f"(sum of execution / {r['executed_pages']}), {g['clean_build_s_per_executed_page']:.1f} s of clean build "
          f"per executed page (clean build / {r['executed_pages']}, counting {g['non_execution_overhead_s']:.1f} s of "
          f"fixed Sphinx and setup overhead as if it grew with the pages).")
    print(f"  {n_more} more executed pages at this rate add ~{n_more * g['exec_s_per_executed_page']:.0f} s "
          f"(~{n_more * g['clean_build_s_per_executed_page']:.0f} s at the pessimistic whole-build rate).")
    print(f"  the 5-minute budget allows about {g['pages_allowed_in_5_min_at_exec_rate']} executed pages at the "
          f"current execution rate ({g['pages_allowed_in_5_min_at_clean_build_rate']} at the whole-build rate; "
          f"{g['pages_allowed_in_5_min_if_each_page_takes_10_s']} if every page used its full 10 s).")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--explorers":  # the subprocess of run_explorers()
        Path(sys.argv[2]).write_text(json.dumps(explorer_timings()), encoding="utf-8")
        sys.exit(0)
    if sys.argv[1:]:
        print("usage: benchmarks/run   (no arguments)", file=sys.stderr)
        sys.exit(2)
    sys.exit(main())
