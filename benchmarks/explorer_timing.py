"""Explorer timings: the model alone, and model + redraw to the PNG a live widget shows, for every
explorer in the registry, next to a stock matplotlib figure's update measured in the same process.

Run in a subprocess (the scratch copy's package, the Agg backend, not in static mode):
``python benchmarks/explorer_timing.py OUT.json``. :func:`run_explorers` does that and summarises.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

#: Each explorer is timed over at least this many parameter changes (one control moved at a time,
#: every control in turn), and at most this many.
EXPLORER_MIN_CHANGES = 20
EXPLORER_MAX_CHANGES = 60


def stock_figure_update_ms(changes: int) -> float:
    """A stock matplotlib figure of the default explorer size with one 281-point line, updated and
    saved to PNG the usual way (``savefig``): what a redraw costs on this machine right now."""
    import io

    import matplotlib.pyplot as plt
    import numpy as np

    fig, ax = plt.subplots(figsize=(6.4, 3.8))
    x = np.linspace(0, 1, 281)
    (line,) = ax.plot(x, x)
    times = []
    for i in range(changes + 1):
        start = time.perf_counter()
        line.set_ydata(x ** (1 + i % 5))
        fig.canvas.draw_idle()
        fig.savefig(io.BytesIO(), format="png", dpi=fig.dpi)
        times.append((time.perf_counter() - start) * 1e3)
    plt.close(fig)
    return statistics.median(times[1:])


def explorer_timings() -> dict:
    """Per-explorer medians of time_model_ms and time_update_ms, and the stock reference, interleaved
    so that a busy moment of the machine weighs on both alike."""
    import matplotlib

    matplotlib.use("Agg")
    from metastasis import explorers

    per = {}
    references = []
    for name in explorers.names():
        explorer = explorers.get(name)
        n = max(EXPLORER_MIN_CHANGES, min(explorer.frame_count(), EXPLORER_MAX_CHANGES))
        changes = explorer.changes(n)
        explorer.time_model_ms()   # warm-up: imports, caches, the figure's first full draw
        explorer.time_update_ms()
        model = [explorer.time_model_ms(p) for p in changes]
        update = [explorer.time_update_ms(p) for p in changes]
        references.append(stock_figure_update_ms(EXPLORER_MIN_CHANGES))
        per[name] = {
            "controls": [c.name for c in explorer.controls],
            "frames": explorer.frame_count(),
            "changes": n,
            "model_ms_median": round(statistics.median(model), 3),
            "model_ms_max": round(max(model), 3),
            "update_ms_median": round(statistics.median(update), 2),
            "update_ms_min": round(min(update), 2),
            "update_ms_max": round(max(update), 2),
            "stock_figure_update_ms_median": round(references[-1], 2),
        }
    reference = statistics.median(references)
    for row in per.values():
        row["update_vs_stock_ratio"] = round(row["update_ms_median"] / reference, 2)
    return {"per_explorer": per, "reference_stock_figure_update_ms_median": round(reference, 2)}


def run_explorers(env: dict) -> dict:
    """Time every explorer in a subprocess of the scratch copy; summarise the worst of each measure."""
    from common import COPY, LOGS, VENV_BIN, WORK, BenchError, run_logged, tail

    out_json = WORK / "explorers.json"
    out_json.unlink(missing_ok=True)
    code, _, out = run_logged([str(VENV_BIN / "python"), str(COPY / "benchmarks" / "explorer_timing.py"), str(out_json)],
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
        "explorer_update_vs_stock_ratio": summary("update_vs_stock_ratio"),
        "explorer_details": per,
        "reference_stock_figure_update_ms_median": result["reference_stock_figure_update_ms_median"],
    }


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print("usage: explorer_timing.py OUT.json", file=sys.stderr)
        sys.exit(2)
    Path(sys.argv[1]).write_text(json.dumps(explorer_timings()), encoding="utf-8")
