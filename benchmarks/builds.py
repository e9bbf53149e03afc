"""The scratch copy of the working tree, and the book's builds (clean, then with nothing changed)."""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

from common import COPY, HERE, JB, LOGS, ROOT, BUILD_FLAGS, BenchError, _ANSI, problems, run_logged, tail

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
    for path in HERE.iterdir():
        if path.suffix == ".py" or path.name in ("run", "README.md"):
            shutil.copy2(path, COPY / "benchmarks" / path.name)
    if not (COPY / "book" / "_static" / "vendor").is_dir():
        raise BenchError("book/_static/vendor is missing: run the README's setup (bash scripts/setup.sh) first")


def book_env(src: Path | None) -> dict:
    import os

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
    from metastasis.book.toc import toc_files

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
