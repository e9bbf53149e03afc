"""Run one page the way the build does, fast: ``python -m metastasis.book.try_page book/<part>/<page>.md``.

It executes the MyST notebook in a fresh kernel in static mode (``METASTASIS_STATIC=1``, as the
build does), from the page's own folder, and prints one line per failing cell, the execution time
and the weight of the page's outputs (static explorers and quizzes included): a quick check before
a full ``jupyter-book build``. Exit status 1 when a cell fails. Pass ``--live`` to run it as a
learner's kernel would (live widgets, no static frames).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

__all__ = ["try_page", "main"]


def try_page(path: Path, live: bool = False, timeout: int = 300) -> dict:
    """Execute the page; return its errors, seconds and output bytes."""
    import jupytext
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    path = Path(path).resolve()
    if not path.is_file():
        raise FileNotFoundError(f"no page at {path}")
    notebook = jupytext.read(path)
    previous = os.environ.get("METASTASIS_STATIC")
    os.environ["METASTASIS_STATIC"] = "0" if live else "1"
    client = NotebookClient(notebook, timeout=timeout, kernel_name="python3", allow_errors=True,
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    try:
        client.execute()
    except CellExecutionError as err:  # pragma: no cover - allow_errors keeps going
        return {"errors": [str(err)], "seconds": time.perf_counter() - start, "output_bytes": 0}
    finally:
        if previous is None:
            os.environ.pop("METASTASIS_STATIC", None)
        else:
            os.environ["METASTASIS_STATIC"] = previous
    seconds = time.perf_counter() - start
    errors, size = [], 0
    for index, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", []):
            size += len(json.dumps(output))
            if output.get("output_type") == "error":
                first_line = cell.source.strip().splitlines()[0] if cell.source.strip() else ""
                errors.append(f"cell {index} ({first_line[:60]!r}): {output.get('ename')}: {output.get('evalue')}")
            elif output.get("name") == "stderr" and output.get("text", "").strip():
                errors.append(f"cell {index}: stderr: {output['text'].strip()[:200]}")
    return {"errors": errors, "seconds": seconds, "output_bytes": size}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="+", type=Path)
    parser.add_argument("--live", action="store_true", help="run as a learner's kernel (live widgets)")
    args = parser.parse_args(argv)
    failed = False
    for page in args.pages:
        result = try_page(page, live=args.live)
        status = "FAILED" if result["errors"] else "ok"
        print(f"{page}: {status} in {result['seconds']:.1f} s; outputs {result['output_bytes'] / 1000:.0f} kB")
        for line in result["errors"]:
            print(f"  {line}")
        failed |= bool(result["errors"])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
